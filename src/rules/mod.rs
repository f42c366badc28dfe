//! (stub) The rule catalogue; issue 2 and 4 fill it in.
use crate::report::{CrossFinding, Finding, Report, Severity};
use std::collections::HashMap;

/// User choices over the catalogue: rules turned off, severities changed
/// (config file, `--disable`, `--severity RULE=level`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    pub disabled: Vec<String>,
    pub severity: HashMap<String, Severity>,
}

/// Run every single-report rule over a parsed report.
pub fn check_report(_report: &Report, _rules: &RuleSet) -> Vec<Finding> {
    Vec::new()
}

/// Run the cross-report rules (X-*, META-4 duplicates) over a set of reports.
pub fn check_cross(_reports: &[&Report], _rules: &RuleSet) -> Vec<CrossFinding> {
    Vec::new()
}
