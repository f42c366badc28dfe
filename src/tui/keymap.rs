//! Keys → [`Command`]s: the default bindings, config overrides, and the key
//! names shown in help and the command bar.
//!
//! The keymap is plain data (command → keys) so that the help overlay and the
//! command bar are generated from it: a remapped key shows up in help without
//! anyone editing a help text.

use super::action::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// A key with the modifiers that matter (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Normalise a crossterm event. Terminals disagree on Shift: some send
    /// `Char('G')` with SHIFT, some without, so the case of the character is
    /// the only thing trusted (the csvlens/yazi approach).
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parse a key name of the config file (`j`, `ctrl-d`, `pgdn`, `backtab`).
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut rest = s;
        let mut ctrl = false;
        let mut alt = false;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "backspace" => KeyCode::Backspace,
                "space" => KeyCode::Char(' '),
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=12).contains(&n) => KeyCode::F(n),
                    _ => return Err(format!("unknown key \"{s}\"")),
                },
                _ => return Err(format!("unknown key \"{s}\"")),
            },
        };
        Ok(Key { code, ctrl, alt })
    }

    /// How the key is written in help and the command bar.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".into(),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("C-");
        }
        if self.alt {
            s.push_str("M-");
        }
        s.push_str(&base);
        s
    }
}

/// Command → keys, in the order they are shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<Command, Vec<Key>>,
}

fn k(c: char) -> Key {
    Key::plain(KeyCode::Char(c))
}
fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        alt: false,
    }
}
fn code(c: KeyCode) -> Key {
    Key::plain(c)
}

impl Default for Keymap {
    fn default() -> Self {
        use Command::*;
        let mut b = BTreeMap::new();
        b.insert(Up, vec![k('k'), code(KeyCode::Up)]);
        b.insert(Down, vec![k('j'), code(KeyCode::Down)]);
        b.insert(Left, vec![k('h'), code(KeyCode::Left)]);
        b.insert(Right, vec![k('l'), code(KeyCode::Right)]);
        b.insert(Top, vec![k('g'), code(KeyCode::Home)]);
        b.insert(Bottom, vec![k('G'), code(KeyCode::End)]);
        b.insert(HalfPageDown, vec![ctrl('d')]);
        b.insert(HalfPageUp, vec![ctrl('u')]);
        b.insert(PageDown, vec![code(KeyCode::PageDown), ctrl('f')]);
        b.insert(PageUp, vec![code(KeyCode::PageUp), ctrl('b')]);
        b.insert(NextPane, vec![code(KeyCode::Tab)]);
        b.insert(PrevPane, vec![code(KeyCode::BackTab)]);
        b.insert(Open, vec![code(KeyCode::Enter)]);
        b.insert(Back, vec![code(KeyCode::Esc)]);
        b.insert(Search, vec![k('/')]);
        b.insert(SearchNext, vec![k('n')]);
        b.insert(SearchPrev, vec![k('N')]);
        b.insert(Filter, vec![k('f')]);
        b.insert(Sort, vec![k('s')]);
        b.insert(NextFailure, vec![k(']')]);
        b.insert(PrevFailure, vec![k('[')]);
        b.insert(Help, vec![k('?'), code(KeyCode::F(1))]);
        b.insert(Quit, vec![k('q'), ctrl('c')]);
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` applied. Problems (unknown
    /// action or key name) are returned as messages; the rest still applies.
    pub fn with_overrides(
        overrides: &BTreeMap<String, crate::config::KeyList>,
    ) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(cmd) = Command::from_name(name) else {
                problems.push(format!("[keys]: unknown action \"{name}\""));
                continue;
            };
            let mut parsed = Vec::new();
            for s in keys.keys() {
                match Key::parse(&s) {
                    Ok(key) => parsed.push(key),
                    Err(e) => problems.push(format!("[keys] {name}: {e}")),
                }
            }
            // A key now bound here is taken away from its old command, so one
            // key never means two things.
            for keys in map.bindings.values_mut() {
                keys.retain(|k| !parsed.contains(k));
            }
            map.bindings.insert(cmd, parsed);
        }
        // Quit must stay reachable whatever the user wrote.
        let ctrl_c = ctrl('c');
        if !map.bindings.values().any(|v| v.contains(&ctrl_c)) {
            map.bindings.entry(Command::Quit).or_default().push(ctrl_c);
        }
        (map, problems)
    }

    pub fn command(&self, key: &Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(key))
            .map(|(c, _)| *c)
    }

    pub fn keys(&self, cmd: Command) -> &[Key] {
        self.bindings.get(&cmd).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// All keys of a command as shown in help: `k/↑`.
    pub fn label(&self, cmd: Command) -> String {
        let v: Vec<String> = self.keys(cmd).iter().map(Key::label).collect();
        v.join("/")
    }

    /// The first key of a command, for the command bar.
    pub fn first_label(&self, cmd: Command) -> Option<String> {
        self.keys(cmd).first().map(Key::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::KeyList;

    #[test]
    fn parses_key_names() {
        assert_eq!(Key::parse("j").unwrap(), k('j'));
        assert_eq!(Key::parse("G").unwrap(), k('G'));
        assert_eq!(Key::parse("ctrl-d").unwrap(), ctrl('d'));
        assert_eq!(Key::parse("Ctrl-D").unwrap(), ctrl('d'));
        assert_eq!(Key::parse("pgdn").unwrap(), code(KeyCode::PageDown));
        assert_eq!(Key::parse("f1").unwrap(), code(KeyCode::F(1)));
        assert_eq!(Key::parse("backtab").unwrap(), code(KeyCode::BackTab));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("f13").is_err());
    }

    #[test]
    fn shift_is_folded_into_the_character() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), k('G'));
        let ev = KeyEvent::new(KeyCode::Char('D'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ev), ctrl('d'));
    }

    #[test]
    fn overrides_replace_keys_and_keep_ctrl_c() {
        let mut o = BTreeMap::new();
        o.insert("down".to_string(), KeyList::Many(vec!["x".into()]));
        o.insert("quit".to_string(), KeyList::One("Q".into()));
        o.insert("fly".to_string(), KeyList::One("z".into()));
        let (m, problems) = Keymap::with_overrides(&o);
        assert_eq!(m.command(&k('x')), Some(Command::Down));
        assert_eq!(m.command(&k('j')), None);
        assert_eq!(m.command(&k('Q')), Some(Command::Quit));
        assert_eq!(m.command(&ctrl('c')), Some(Command::Quit));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn every_command_has_a_default_key() {
        let m = Keymap::default();
        for c in Command::ALL {
            assert!(!m.keys(c).is_empty(), "{c:?}");
        }
    }
}
