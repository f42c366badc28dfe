//! `check --format text`: one line per finding, `path:line: severity RULE
//! message`, then the summary line.

use super::status::Summary;
use crate::corpus::Checked;
use crate::rules::{Finding, Scope};
use std::io::Write;

/// The text lines of one report's findings. Paths and messages are sanitised:
/// a file name or report text must never drive the terminal.
pub fn report_text(c: &Checked) -> Vec<u8> {
    use crate::report::text::sanitize;
    let mut out = Vec::new();
    let path = sanitize(&c.report.path);
    for f in &c.findings {
        let _ = write_finding(&mut out, &path, f);
    }
    out
}

/// One finding as a line: where, severity, rule, message. A finding about
/// one report is placed at `path:line` (`path` already sanitised), one about
/// several reports at their paths.
fn write_finding(out: &mut dyn Write, path: &str, f: &Finding) -> std::io::Result<()> {
    use crate::report::text::sanitize;
    let msg = sanitize(&f.message);
    match &f.scope {
        Scope::Report => {
            let line = f.line.unwrap_or(0);
            writeln!(out, "{path}:{line}: {} {} {msg}", f.severity, f.rule)
        }
        Scope::Reports(r) => {
            let paths: Vec<String> = r.paths.iter().map(|p| sanitize(p)).collect();
            writeln!(out, "{}: {} {} {msg}", paths.join(", "), f.severity, f.rule)
        }
    }
}

pub(super) fn finish_text(
    out: &mut dyn Write,
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    for f in cross {
        write_finding(out, "", f)?;
    }
    writeln!(
        out,
        "{} reports: {} errors, {} warnings, {} infos",
        s.reports, s.errors, s.warnings, s.infos
    )
}
