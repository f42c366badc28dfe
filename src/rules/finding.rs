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

/// One result of a rule: about one report (SPEC §13.2 `findings[]`) or about
/// several, such as one agency's consecutive years (`cross_findings[]`).
///
/// The rules fill it with [`Finding::new`] or [`Finding::across`] and the
/// builder methods; the user's [`super::RuleSet`] may then change its
/// severity or drop it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// Cells involved. In a finding about several reports, [`Scope::Reports`]
    /// says which report each belongs to.
    pub cells: Vec<CellId>,
    /// The cells most likely wrong, a subset of `cells`.
    pub suspect: Vec<CellId>,
    pub expected: Option<f64>,
    pub actual: Option<f64>,
    /// 1-based line of the offending value or heading.
    pub line: Option<usize>,
    pub scope: Scope,
}

/// Which reports a finding is about.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Scope {
    /// The report it is listed under.
    #[default]
    Report,
    /// Several reports (boxed: most findings are about one report, and a
    /// large folder keeps every finding).
    Reports(Box<Reports>),
}

/// The reports of a cross-report finding and the owner of each cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reports {
    /// Paths of the reports involved, in year order.
    pub paths: Vec<String>,
    /// `cells[i]` belongs to `paths[cell_reports[i]]`; empty when the
    /// finding names no cells.
    pub cell_reports: Vec<usize>,
}

impl Finding {
    /// A finding of `rule` about one report, at the rule's declared severity.
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
            scope: Scope::Report,
        }
    }
    /// A finding of `rule` about several reports (paths in year order), at
    /// the rule's declared severity.
    pub fn across(rule: &'static Rule, message: impl Into<String>, paths: Vec<String>) -> Self {
        Finding {
            scope: Scope::Reports(Box::new(Reports {
                paths,
                cell_reports: Vec::new(),
            })),
            ..Finding::new(rule, message)
        }
    }
    /// A deliberate departure from the rule's declared severity, chosen by
    /// the evidence (a legacy year is only info): kept at the call site so a
    /// reader sees it next to the rule.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    /// The line the finding points at: a line number, or a cell's
    /// `Option` line (no line when the cell was not found; 0 also means none).
    pub fn at(mut self, line: impl Into<Option<usize>>) -> Self {
        if let Some(line) = line.into().filter(|&l| l > 0) {
            self.line = Some(line);
        }
        self
    }
    pub fn cells(mut self, cells: Vec<CellId>) -> Self {
        self.cells = cells;
        self
    }
    /// Cells of a cross-report finding, each with the index of its report
    /// in the finding's paths. On a single-report finding the indices are
    /// dropped: every cell is that report's.
    pub fn cells_of_reports(mut self, cells: Vec<(usize, CellId)>) -> Self {
        let (owners, cells): (Vec<usize>, Vec<CellId>) = cells.into_iter().unzip();
        if let Scope::Reports(r) = &mut self.scope {
            r.cell_reports = owners;
        }
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

    /// True for a finding about several reports.
    pub fn is_cross(&self) -> bool {
        matches!(self.scope, Scope::Reports(_))
    }

    /// The paths of the reports a cross-report finding involves; empty for a
    /// finding about the report it is listed under.
    pub fn reports(&self) -> &[String] {
        match &self.scope {
            Scope::Report => &[],
            Scope::Reports(r) => &r.paths,
        }
    }

    /// The cells of this finding that belong to the report at `path`: all of
    /// them for a single-report finding (and for a cross finding that does
    /// not say whose cells they are), else those the finding assigns to it.
    pub fn cells_in(&self, path: &str) -> Vec<CellId> {
        match &self.scope {
            Scope::Reports(r) if !r.cell_reports.is_empty() => self
                .cells
                .iter()
                .zip(&r.cell_reports)
                .filter(|(_, k)| r.paths.get(**k).is_some_and(|p| p == path))
                .map(|(c, _)| c.clone())
                .collect(),
            _ => self.cells.clone(),
        }
    }
}

/// The JSON of SPEC §13.2: a finding about one report has `cells`,
/// `suspect`, `expected`/`actual` when known and `line`; one about several
/// reports has `reports`, `cells` and, when it names cells, `cell_reports`.
/// These shapes predate the single type and are kept exactly.
impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", self.rule)?;
        m.serialize_entry("severity", &self.severity)?;
        m.serialize_entry("message", &self.message)?;
        match &self.scope {
            Scope::Report => {
                m.serialize_entry("cells", &self.cells)?;
                m.serialize_entry("suspect", &self.suspect)?;
                if let Some(e) = self.expected {
                    m.serialize_entry("expected", &e)?;
                }
                if let Some(a) = self.actual {
                    m.serialize_entry("actual", &a)?;
                }
                m.serialize_entry("line", &self.line)?;
            }
            Scope::Reports(r) => {
                m.serialize_entry("reports", &r.paths)?;
                m.serialize_entry("cells", &self.cells)?;
                if !r.cell_reports.is_empty() {
                    m.serialize_entry("cell_reports", &r.cell_reports)?;
                }
            }
        }
        m.end()
    }
}
