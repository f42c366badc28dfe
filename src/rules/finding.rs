//! What a rule says about a report: [`Finding`] and its [`Severity`].
//!
//! The JSON of `check` (SPEC §13.2 `findings[]`, `cross_findings[]`) is the
//! serialisation of these types, so their field names are a public interface.

use super::catalogue::Rule;
use crate::report::CellId;
use serde::{Serialize, Serializer};
use std::fmt;

/// Severity of a finding (SPEC §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One result of a rule (SPEC §13.2 `findings[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub cells: Vec<CellId>,
    pub suspect: Vec<CellId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
    /// 1-based line of the offending value or heading.
    pub line: Option<usize>,
}

impl Finding {
    /// A finding of `rule` at its declared severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            cells: Vec::new(),
            suspect: Vec::new(),
            expected: None,
            actual: None,
            line: None,
        }
    }
    /// A deliberate departure from the rule's declared severity, chosen by
    /// the evidence (a legacy year is only info): kept at the call site so a
    /// reader sees it next to the rule.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    pub fn at(mut self, line: usize) -> Self {
        if line > 0 {
            self.line = Some(line);
        }
        self
    }
    pub fn cells(mut self, cells: Vec<CellId>) -> Self {
        self.cells = cells;
        self
    }
    pub fn suspect(mut self, suspect: Vec<CellId>) -> Self {
        self.suspect = suspect;
        self
    }
    pub fn values(mut self, expected: f64, actual: f64) -> Self {
        self.expected = Some(expected);
        self.actual = Some(actual);
        self
    }
}

/// A finding that involves several reports (X rules, META-4 duplicates).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossFinding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// Paths of the reports involved, in year order.
    pub reports: Vec<String>,
    /// Cells involved; `cells[i]` belongs to `reports[report_of[i]]`.
    pub cells: Vec<CellId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cell_reports: Vec<usize>,
}
