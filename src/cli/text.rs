//! `check --format text`: one line per finding, `path:line: severity RULE
//! message`, then the summary line.

use super::status::Summary;
use crate::corpus;
use crate::corpus::Checked;
use crate::report::Report;
use crate::rules::{Finding, Scope};
use crate::sanitize::{for_terminal, path_display};
use std::io::Write;

/// The text lines of one report's findings. Paths and messages are sanitised:
/// a file name or report text must never drive the terminal.
pub fn report_text(c: &Checked) -> Vec<u8> {
    let mut out = Vec::new();
    let path = for_terminal(&c.report.path);
    for f in &c.findings {
        let _ = write_finding(&mut out, &path, f, Some(&c.report));
    }
    out
}

/// One finding as a line: where, severity, rule, message. A finding about
/// one report is placed at `path:line` (`path` already sanitised), one about
/// several reports at their paths. `line` is the line of the file the user
/// holds (the report's origin: a flattened page's rows are rendered lines).
fn write_finding(
    out: &mut dyn Write,
    path: &str,
    f: &Finding,
    report: Option<&Report>,
) -> std::io::Result<()> {
    let msg = for_terminal(&f.message);
    match &f.scope {
        Scope::Report => {
            let line = f
                .line
                .map_or(0, |l| report.map_or(l, |r| r.origin.file_line(l).0));
            writeln!(out, "{path}:{line}: {} {} {msg}", f.severity, f.rule)
        }
        Scope::Reports(r) => {
            let paths: Vec<_> = r.paths.iter().map(|p| for_terminal(p)).collect();
            writeln!(out, "{}: {} {} {msg}", paths.join(", "), f.severity, f.rule)
        }
    }
}

pub(super) fn finish_text(
    out: &mut dyn Write,
    skipped: &[corpus::Skipped],
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    for f in cross {
        write_finding(out, "", f, None)?;
    }
    for k in skipped {
        writeln!(out, "{}", skip_line(k))?;
    }
    write!(
        out,
        "{} reports: {} errors, {} warnings, {} infos",
        s.reports, s.errors, s.warnings, s.infos
    )?;
    if s.skipped > 0 {
        write!(out, "; {} paths skipped", s.skipped)?;
    }
    writeln!(out)
}

/// One skipped path as a line of text (stderr and `--format text`).
pub(super) fn skip_line(s: &corpus::Skipped) -> String {
    let path = path_display(&s.path);
    format!(
        "{}: skipped ({}): {}",
        for_terminal(&path),
        s.reason.severity(),
        for_terminal(&s.reason.to_string())
    )
}
