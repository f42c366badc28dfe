//! The user's config file (`config.toml` in the platform config directory, or
//! `--config PATH`): key bindings, colour mode, ASCII borders, mouse, and rule
//! choices.
//!
//! A config file is hand-edited, so a mistake in it must never stop a reviewer
//! from working: [`load`] always returns a usable [`Config`] (the defaults when
//! the file is bad) plus a message that names the file and the line. Values are
//! kept as the user wrote them (`Option`s); the TUI and the CLI decide what a
//! missing value means, so command-line flags can win over the file.

use crate::rules::RuleSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A commented example, for `docs/config.example.toml` and the README.
pub const EXAMPLE: &str = include_str!("../docs/config.example.toml");

/// Colour mode as written in the file or on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorMode {
    /// Colour unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub color: Option<ColorMode>,
    /// Draw borders with `+-|` (for terminals that draw box-drawing characters
    /// two columns wide, common in CJK locales).
    pub ascii: Option<bool>,
    pub mouse: Option<bool>,
    /// Action name → keys (`down = ["j", "down", "ctrl-n"]`). A listed action
    /// gets exactly these keys; unlisted actions keep their defaults.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyList>,
    #[serde(default)]
    pub rules: RulesConfig,
    /// `rules` checked by [`parse`], with the grammar of the command line.
    #[serde(skip)]
    rule_set: RuleSet,
}

/// One key (`"q"`) or several (`["q", "ctrl-c"]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeyList::One(k) => vec![k.clone()],
            KeyList::Many(v) => v.clone(),
        }
    }
}

/// `[rules]` as written, each entry with its place in the file so that a
/// mistake is reported at its line. Keys are what `--disable` and
/// `--severity` take: a rule id (`T3-1`) or a family (`T3`, `T3-*`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Rule or family → `error` | `warning` | `info`.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Config {
    /// The rule choices for [`crate::rules`], checked when the file was
    /// parsed: a config with an unknown rule never gets this far.
    pub fn rule_set(&self) -> RuleSet {
        self.rule_set.clone()
    }
}

/// The default config path (`~/.config/ogi-lens/config.toml` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ogi-lens").map(|d| d.config_dir().join("config.toml"))
}

/// Parse config text; `name` is used in error messages.
pub fn parse(text: &str, name: &str) -> Result<Config, String> {
    let mut cfg: Config = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| line_of(text, s.start))
            .map(|l| format!(", line {l}"))
            .unwrap_or_default();
        // toml's Display repeats the source excerpt over several lines; the
        // plain message fits the status line.
        format!("config file {name}{line}: {}", e.message().trim())
    })?;
    // The same validator as the command line's flags; only the place of
    // the mistake is added.
    let at = |span: std::ops::Range<usize>, e: String| {
        format!(
            "config file {name}, line {}: {e}",
            line_of(text, span.start)
        )
    };
    let mut rules = RuleSet::default();
    for key in &cfg.rules.disable {
        rules
            .disable(key.get_ref())
            .map_err(|e| at(key.span(), format!("disable: {e}")))?;
    }
    for (key, level) in &cfg.rules.severity {
        rules
            .set_severity(key.get_ref(), level.get_ref())
            .map_err(|e| at(level.span(), format!("severity of {}: {e}", key.get_ref())))?;
    }
    cfg.rule_set = rules;
    Ok(cfg)
}

fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_add(1)
}

/// Load the config: `explicit` if given (it must exist), else the default
/// path (it may be missing). Returns the config to use and, when the file was
/// bad, a message naming the file and line; the defaults are used then.
pub fn load(explicit: Option<&Path>) -> (Config, Option<String>) {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path() {
            Some(p) if p.exists() => p,
            _ => return (Config::default(), None),
        },
    };
    let name = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => match parse(&text, &name) {
            Ok(c) => (c, None),
            Err(msg) => (Config::default(), Some(format!("{msg} (using defaults)"))),
        },
        Err(e) => (
            Config::default(),
            Some(format!("config file {name}: {e} (using defaults)")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{catalogue, Severity};

    #[test]
    fn example_parses() {
        let c = parse(EXAMPLE, "example").unwrap();
        assert_eq!(c.color, Some(ColorMode::Auto));
        assert!(c.keys.contains_key("down"));
        let rs = c.rule_set();
        assert!(rs.is_disabled(&catalogue::X_5));
        assert!(!rs.is_disabled(&catalogue::X_6));
        assert_eq!(rs.severity_for(&catalogue::T2_4), Some(Severity::Warning));
    }

    #[test]
    fn bad_file_names_file_and_line() {
        let err = parse("color = \"auto\"\nascii = maybe\n", "/tmp/c.toml").unwrap_err();
        assert!(err.contains("/tmp/c.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        let err = parse("\n\nbogus = 1\n", "c.toml").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        let err = parse("[rules]\nseverity = { \"T2-4\" = \"loud\" }\n", "c.toml").unwrap_err();
        assert!(err.contains("line 2") && err.contains("loud"), "{err}");
    }

    /// The config's `[rules]` take what the command line takes, and an
    /// unknown rule is reported at its line (issue 13).
    #[test]
    fn rules_keys_use_the_command_line_grammar() {
        let c = parse(
            "[rules]\ndisable = [\"txt\", \"X-*\"]\nseverity = { \"T3\" = \"info\", \"T3-1\" = \"warn\" }\n",
            "c.toml",
        )
        .expect("valid");
        let rs = c.rule_set();
        assert!(rs.is_disabled(&catalogue::TXT_8) && rs.is_disabled(&catalogue::X_5));
        assert_eq!(rs.severity_for(&catalogue::T3_1), Some(Severity::Warning));
        assert_eq!(rs.severity_for(&catalogue::T3_2), Some(Severity::Info));

        let err = parse("[rules]\ndisable = [\n  \"X-5\",\n  \"X5\",\n]\n", "c.toml").unwrap_err();
        assert!(
            err.contains("c.toml, line 4") && err.contains("\"X5\""),
            "{err}"
        );
        let err = parse("[rules]\n\n[rules.severity]\nT9 = \"info\"\n", "c.toml").unwrap_err();
        assert!(err.contains("line 4") && err.contains("\"T9\""), "{err}");
    }

    #[test]
    fn load_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "mouse = \"yes\"\n").unwrap();
        let (c, msg) = load(Some(&p));
        assert_eq!(c, Config::default());
        let msg = msg.unwrap();
        assert!(
            msg.contains("config.toml") && msg.contains("line 1"),
            "{msg}"
        );
        let (_, msg) = load(Some(&dir.path().join("missing.toml")));
        assert!(msg.unwrap().contains("missing.toml"));
    }
}
