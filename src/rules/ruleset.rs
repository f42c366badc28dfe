//! The user's choices over the catalogue, and the one grammar they are
//! written in.
//!
//! The config file's `[rules]` section and the command line (`--disable`,
//! `--severity RULE=LEVEL`) name rules the same way and are checked by the
//! same code, [`RuleKey::parse`] and [`parse_level`]: a key is a rule id
//! (`T3-1`) or a whole family (`T3`, also written `T3-*`), in any case;
//! anything else is refused with the list of families, so a typo never
//! silently keeps a rule on.

use super::catalogue::{family, Rule, RULES};
use super::{Finding, Severity};
use std::fmt;

/// A rule or a whole family, as the user named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleKey {
    Rule(&'static Rule),
    /// Every rule whose id starts with this and a `-` (`T3` → `T3-1`…`T3-8`).
    Family(&'static str),
}

impl RuleKey {
    /// Read a key: `T3-1`, `T3` or `T3-*` (case-insensitive, spaces around
    /// ignored). The error says what was wrong and where to look.
    pub(crate) fn parse(key: &str) -> Result<RuleKey, String> {
        let k = key.trim();
        if let Some(r) = RULES.iter().find(|r| r.id.eq_ignore_ascii_case(k)) {
            return Ok(RuleKey::Rule(r));
        }
        let fam = k.strip_suffix("-*").unwrap_or(k);
        if let Some(r) = RULES.iter().find(|r| r.family().eq_ignore_ascii_case(fam)) {
            return Ok(RuleKey::Family(r.family()));
        }
        Err(format!(
            "unknown rule {key:?}: use a rule id (T3-1) or a family ({}); `ogi-lens rules` lists them",
            families().join(", ")
        ))
    }

    fn matches(self, rule: &Rule) -> bool {
        match self {
            RuleKey::Rule(r) => r.id == rule.id,
            RuleKey::Family(f) => f == rule.family(),
        }
    }
}

impl fmt::Display for RuleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleKey::Rule(r) => f.write_str(r.id),
            RuleKey::Family(fam) => f.write_str(fam),
        }
    }
}

/// The families of the catalogue, in its order.
fn families() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in RULES {
        let f = family(r.id);
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// Read a severity level: `error`, `warning` (or `warn`) or `info`.
fn parse_level(level: &str) -> Result<Severity, String> {
    Severity::parse(level.trim())
        .ok_or_else(|| format!("unknown severity {level:?} (use error, warning or info)"))
}

/// User choices over the catalogue: rules turned off, severities changed
/// (config file, then `--disable` / `--severity` over it).
///
/// An exact rule wins over its family; among equals the later choice (the
/// command line over the file) wins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    disabled: Vec<RuleKey>,
    severity: Vec<(RuleKey, Severity)>,
}

impl RuleSet {
    /// Turn off a rule or family named by `key`.
    pub fn disable(&mut self, key: &str) -> Result<(), String> {
        self.disabled.push(RuleKey::parse(key)?);
        Ok(())
    }

    /// Give a rule or family another severity.
    pub fn set_severity(&mut self, key: &str, level: &str) -> Result<(), String> {
        let k = RuleKey::parse(key)?;
        let s = parse_level(level)?;
        self.severity.push((k, s));
        Ok(())
    }

    /// `--severity RULE=LEVEL`.
    pub fn set_severity_arg(&mut self, arg: &str) -> Result<(), String> {
        let (key, level) = arg
            .split_once('=')
            .ok_or_else(|| format!("--severity wants RULE=LEVEL, got {arg:?}"))?;
        self.set_severity(key, level)
    }

    /// True when the user turned this rule (or its family) off.
    pub fn is_disabled(&self, rule: &Rule) -> bool {
        self.disabled.iter().any(|k| k.matches(rule))
    }

    /// The severity the user chose for this rule, if any.
    pub fn severity_for(&self, rule: &Rule) -> Option<Severity> {
        let chosen = |exact: bool| {
            self.severity
                .iter()
                .rev()
                .find(|(k, _)| matches!(k, RuleKey::Rule(_)) == exact && k.matches(rule))
                .map(|(_, s)| *s)
        };
        chosen(true).or_else(|| chosen(false))
    }

    /// Drop disabled rules' findings and apply the chosen severities.
    pub(crate) fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.is_disabled(f.rule))
            .map(|mut f| {
                if let Some(s) = self.severity_for(f.rule) {
                    f.severity = s;
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{T3_1, T3_2, T4_1, TXT_8, X_5};
    use super::*;

    #[test]
    fn keys_are_rule_ids_or_families_in_any_case() {
        assert_eq!(RuleKey::parse(" t3-1 "), Ok(RuleKey::Rule(&T3_1)));
        assert_eq!(RuleKey::parse("T3"), Ok(RuleKey::Family("T3")));
        assert_eq!(RuleKey::parse("t3-*"), Ok(RuleKey::Family("T3")));
        assert_eq!(RuleKey::parse("TXT"), Ok(RuleKey::Family("TXT")));
        assert_eq!(RuleKey::parse("x"), Ok(RuleKey::Family("X")));
        for bad in ["X5", "T3-99", "T3-", "TXT-*-1", "*", "", "T"] {
            let e = RuleKey::parse(bad).expect_err(bad);
            assert!(e.contains("ogi-lens rules") && e.contains("STRUCT"), "{e}");
        }
    }

    #[test]
    fn ruleset_disables_by_id_and_family() {
        let mut rs = RuleSet::default();
        rs.disable("txt").expect("family");
        rs.disable("T3-1").expect("rule");
        assert!(rs.is_disabled(&TXT_8));
        assert!(rs.is_disabled(&T3_1));
        assert!(!rs.is_disabled(&T3_2));
        assert!(!rs.is_disabled(&X_5));
        assert!(rs.disable("X5").is_err());
        assert_eq!(rs.disabled.len(), 2, "a refused key is not kept");
    }

    #[test]
    fn ruleset_severity_exact_beats_family_and_later_beats_earlier() {
        let mut rs = RuleSet::default();
        rs.set_severity("T3-2", "warning").expect("rule");
        rs.set_severity("T3", "info").expect("family");
        assert_eq!(rs.severity_for(&T3_2), Some(Severity::Warning));
        assert_eq!(rs.severity_for(&T3_1), Some(Severity::Info));
        assert_eq!(rs.severity_for(&T4_1), None);
        rs.set_severity_arg("t3-2=ERROR").expect("arg");
        assert_eq!(rs.severity_for(&T3_2), Some(Severity::Error));
        assert!(rs.set_severity_arg("T3-2").is_err());
        assert!(rs.set_severity("T3-2", "loud").is_err());
    }
}
