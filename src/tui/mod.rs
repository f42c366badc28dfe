//! The terminal UI: `ogi-lens [DIR]` opens a folder of reports, lists them at
//! once, checks them on a background thread, and lets a reviewer walk from a
//! finding to the exact cells and source line behind it.
//!
//! Shape (TEA): [`event`] merges input, loader results and signals into one
//! stream; [`keymap`] turns keys into [`action::Command`]s; [`app::App::update`]
//! changes state and does no I/O; [`view`] draws the state; [`terminal`] owns
//! entering and leaving full-screen mode on every exit path; [`theme`] owns
//! colours and glyphs; [`strings`] owns every word shown. [`layout`] and
//! [`grid`] are pure geometry shared by `update` and the views.

pub mod action;
pub mod app;
pub mod event;
pub mod grid;
pub mod keymap;
pub mod layout;
pub mod strings;
pub mod terminal;
pub mod theme;
pub mod view;

use crate::config::{self, ColorMode};
use action::{Action, Command};
use app::App;
use crossterm::event::{Event as CtEvent, KeyCode, KeyEventKind, MouseEventKind};
use keymap::{Key, Keymap};
use std::path::PathBuf;
use theme::Theme;

/// The TUI's command-line flags; the top-level CLI flattens this.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TuiArgs {
    /// Folder (or file) of reports to browse [default: the current directory]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Colour: auto (off when NO_COLOR is set), always, never
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorMode>,
    /// Draw borders with ASCII (+ - |) instead of box-drawing characters
    #[arg(long)]
    pub ascii: bool,
    /// Capture the mouse (wheel scrolls, click focuses a pane)
    #[arg(long)]
    pub mouse: bool,
    /// Read this config file instead of the default one
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Alias kept for callers that think of these as options rather than args.
pub type TuiOptions = TuiArgs;

/// Whether to draw colour: the flag wins over the config file; `auto` means
/// colour unless `NO_COLOR` is set to a non-empty value (no-color.org).
pub fn resolve_color(flag: Option<ColorMode>, file: Option<ColorMode>, no_color: bool) -> bool {
    match flag.or(file).unwrap_or_default() {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => !no_color,
    }
}

/// Translate a terminal event into an action, given the app's mode (typing
/// into the search prompt takes keys as text). Only key *presses* count:
/// Windows also reports releases.
pub fn action_for(app: &App, ev: &CtEvent) -> Option<Action> {
    match ev {
        CtEvent::Key(k) if k.kind == KeyEventKind::Press => {
            let key = Key::from_event(k);
            if app.input.is_some() {
                return match key.code {
                    KeyCode::Enter => Some(Action::InputSubmit),
                    KeyCode::Esc => Some(Action::InputCancel),
                    KeyCode::Backspace => Some(Action::InputBackspace),
                    KeyCode::Char('c') if key.ctrl => Some(Action::Cmd(Command::Quit)),
                    KeyCode::Char(c) if !key.ctrl && !key.alt => Some(Action::InputChar(c)),
                    _ => None,
                };
            }
            app.keymap.command(&key).map(Action::Cmd)
        }
        CtEvent::Resize(w, h) => Some(Action::Resize(*w, *h)),
        CtEvent::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
            MouseEventKind::Down(_) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

/// Run the TUI until the user quits. Returns the process exit status (0, or
/// 128+signal when ended by SIGTERM/SIGHUP), or a message when the terminal
/// could not be used.
pub fn run(opts: TuiArgs) -> Result<i32, String> {
    let (cfg, cfg_problem) = config::load(opts.config.as_deref());
    let (keymap, key_problems) = Keymap::with_overrides(&cfg.keys);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = resolve_color(opts.color, cfg.color, no_color);
    if opts.color == Some(ColorMode::Always) {
        crossterm::style::force_color_output(true);
    }
    let ascii = opts.ascii || cfg.ascii.unwrap_or(false);
    let mouse = opts.mouse || cfg.mouse.unwrap_or(false);

    let dir = opts.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let found = crate::corpus::discover(std::slice::from_ref(&dir));
    let paths: Vec<String> = found
        .files
        .iter()
        .map(|p| crate::sanitize::path_display(p))
        .collect();
    let root = crate::sanitize::path_display(&dir);
    let mut app = App::new(paths, &root, keymap, Theme::new(color, ascii));
    let mut problems: Vec<String> = cfg_problem.into_iter().chain(key_problems).collect();
    // Files that are simply not reports (images, spreadsheets) are not a
    // problem worth the status line.
    let worth =
        |s: &&crate::corpus::Skipped| s.reason.severity() >= crate::rules::Severity::Warning;
    problems.extend(found.skipped.iter().filter(worth).map(|s| {
        let path = crate::sanitize::path_display(&s.path);
        format!("{path}: {}", s.reason)
    }));
    app.message = problems.first().cloned();

    let loader = (!found.files.is_empty())
        .then(|| crate::corpus::spawn_loader(found.files.clone(), cfg.rule_set()));
    let (mut terminal, guard) =
        terminal::init(mouse).map_err(|e| format!("cannot use the terminal: {e}"))?;
    let events = event::start(loader);
    if let Ok(size) = terminal.size() {
        app.update(Action::Resize(size.width, size.height));
    }
    let mut status = 0;
    loop {
        terminal::draw(&mut terminal, |f| view::draw(f, &app))
            .map_err(|e| format!("cannot draw: {e}"))?;
        let Ok(first) = events.rx.recv() else { break };
        let mut next = Some(first);
        // Take everything already queued before drawing again, so a burst
        // of loader results costs one redraw, not thousands.
        let mut budget = 4096usize;
        while let Some(ev) = next {
            match ev {
                event::Event::Input(ev) => {
                    if let Some(a) = action_for(&app, &ev) {
                        app.update(a);
                    }
                }
                event::Event::Load(crate::corpus::LoadEvent::Loaded(i, c)) => {
                    app.update(Action::Loaded(i, c))
                }
                event::Event::Load(crate::corpus::LoadEvent::Done(x)) => {
                    app.update(Action::LoadDone(x))
                }
                event::Event::Signal(sig) => {
                    status = 128 + sig;
                    app.quit = true;
                }
                event::Event::InputError(_) => app.quit = true,
            }
            if app.quit {
                break;
            }
            budget = budget.saturating_sub(1);
            next = if budget == 0 {
                None
            } else {
                events.rx.try_recv().ok()
            };
        }
        app.settle();
        if app.quit {
            break;
        }
    }
    drop(terminal);
    drop(guard);
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEvent, KeyEventState, KeyModifiers};

    fn key(code: KeyCode, kind: KeyEventKind) -> CtEvent {
        CtEvent::Key(KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind,
            state: KeyEventState::NONE,
        })
    }

    fn app() -> App {
        App::new(vec![], ".", Keymap::default(), Theme::new(false, false))
    }

    #[test]
    fn colour_flag_beats_file_and_auto_honours_no_color() {
        assert!(resolve_color(None, None, false));
        assert!(!resolve_color(None, None, true));
        assert!(resolve_color(Some(ColorMode::Always), None, true));
        assert!(!resolve_color(
            Some(ColorMode::Never),
            Some(ColorMode::Always),
            false
        ));
        assert!(!resolve_color(None, Some(ColorMode::Never), false));
    }

    #[test]
    fn only_key_presses_count() {
        let a = app();
        let press = key(KeyCode::Char('j'), KeyEventKind::Press);
        let release = key(KeyCode::Char('j'), KeyEventKind::Release);
        assert!(matches!(
            action_for(&a, &press),
            Some(Action::Cmd(Command::Down))
        ));
        assert!(action_for(&a, &release).is_none());
    }

    #[test]
    fn search_prompt_takes_keys_as_text() {
        let mut a = app();
        a.update(Action::Cmd(Command::Search));
        let q = key(KeyCode::Char('q'), KeyEventKind::Press);
        assert!(matches!(action_for(&a, &q), Some(Action::InputChar('q'))));
        let esc = key(KeyCode::Esc, KeyEventKind::Press);
        assert!(matches!(action_for(&a, &esc), Some(Action::InputCancel)));
        let ctrl_c = CtEvent::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(matches!(
            action_for(&a, &ctrl_c),
            Some(Action::Cmd(Command::Quit))
        ));
    }
}
