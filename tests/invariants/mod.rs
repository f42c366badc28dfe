//! Invariants of a checked report that hold whatever the input, shared by
//! `tests/never_panics.rs` and the fuzz target (`fuzz/fuzz_targets/parse.rs`
//! includes this file by path). Each returns what is wrong instead of
//! panicking, so a caller can name the input.
#![allow(dead_code)] // each user calls the checks it needs

use ogi_lens::report::schema::{self, Template};
use ogi_lens::report::{CellId, Report, TableId};
use ogi_lens::rules::{Finding, RULES};

/// Every finding names a rule declared in the catalogue.
pub fn rules_declared(findings: &[Finding]) -> Result<(), String> {
    match findings
        .iter()
        .find(|f| !RULES.iter().any(|r| std::ptr::eq(*r, f.rule)))
    {
        Some(f) => Err(format!("undeclared rule {} ({})", f.rule.id, f.message)),
        None => Ok(()),
    }
}

/// Whether a cell id is a cell of the template: a template row of its table
/// (or a local row under one, `OTHSVC/行政检查`) and a column of that row.
fn in_template(id: &CellId, t: Template) -> bool {
    schema::col_def(id.table, t, &id.row, &id.col).is_some()
}

/// Every cell of the report's tables and of its findings belongs to the
/// report's template (to one of the two when no template was decided).
pub fn cells_in_template(r: &Report, findings: &[Finding]) -> Result<(), String> {
    match r.template {
        Some(t) => cells_in(r, findings, &[t]),
        None => cells_in_a_template(r, findings),
    }
}

/// Every cell of the report's tables and of its findings is a cell of one
/// of the two templates: no id the schema does not know.
pub fn cells_in_a_template(r: &Report, findings: &[Finding]) -> Result<(), String> {
    cells_in(r, findings, &[Template::V2019, Template::V2021])
}

fn cells_in(r: &Report, findings: &[Finding], templates: &[Template]) -> Result<(), String> {
    let ok = |id: &CellId| templates.iter().any(|t| in_template(id, *t));
    for t in TableId::ALL {
        if let Some(c) = r.table(t).and_then(|t| t.cells.iter().find(|c| !ok(&c.id))) {
            return Err(format!("table cell {} is not in {:?}", c.id, r.template));
        }
    }
    for f in findings {
        if let Some(id) = f.cells.iter().chain(&f.suspect).find(|id| !ok(id)) {
            return Err(format!(
                "{} names cell {id}, not in {:?}: {}",
                f.rule, r.template, f.message
            ));
        }
    }
    Ok(())
}

/// A finding's suspects are among its cells.
pub fn suspects_are_cells(findings: &[Finding]) -> Result<(), String> {
    for f in findings {
        if let Some(s) = f.suspect.iter().find(|s| !f.cells.contains(s)) {
            return Err(format!("{}: suspect {s} is not one of its cells", f.rule));
        }
    }
    Ok(())
}

/// A character that can drive a terminal or reorder what it shows: C0
/// except newline and tab, DEL, C1 (U+009B is CSI), and the bidi embeddings,
/// overrides and isolates.
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Output (JSON or text) holds no [`is_control`] character as it is written.
pub fn no_control_characters(what: &str, out: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(out);
    match text.char_indices().find(|(_, c)| is_control(*c)) {
        Some((i, c)) => {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(k, _)| k);
            Err(format!(
                "{what} carries U+{:04X} after {:?}",
                u32::from(c),
                &text[from..i]
            ))
        }
        None => Ok(()),
    }
}
