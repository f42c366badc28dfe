//! Hand-built reports for the rule tests: a complete, arithmetically
//! consistent report of either template, which a test then breaks in exactly
//! the way it wants to check. Lines are fixed so tests can assert them:
//! sections at 1..=6 (heading lines 10, 20, …, 60), table 二 rows from 21,
//! table 三 rows from 100, table 四 on line 200.

use crate::report::schema::{self, rows, Template, SECTIONS, T3_COLS};
use crate::report::Report;
use crate::report::{Cell, CellId, RowLabel, Section, Table, TableId, Value};

pub fn year_of(t: Template) -> i32 {
    match t {
        Template::V2019 => 2020,
        Template::V2021 => 2022,
    }
}

fn table_id(s: &str) -> TableId {
    match s {
        "T2" => TableId::T2,
        "T3" => TableId::T3,
        _ => TableId::T4,
    }
}

fn cell(table: TableId, row: &str, col: &str, value: Value, line: usize) -> Cell {
    let raw = match &value {
        Value::Int(n) => n.to_string(),
        Value::Money(m) => m.to_string(),
        Value::Placeholder => "/".into(),
        Value::Text => "见附件".into(),
        _ => String::new(),
    };
    Cell {
        id: CellId::new(table, row, col),
        value,
        raw,
        line: Some(line).filter(|&l| l > 0),
        unit_in_cell: None,
        recovered: false,
    }
}

fn table_from(
    id: TableId,
    t: Template,
    first_line: usize,
    one_line: bool,
    value: impl Fn(usize, &str, &str) -> Value,
) -> Table {
    let mut table = Table::new(id, first_line, id.section());
    for (i, row) in rows(id, t).iter().enumerate() {
        let line = if one_line { first_line } else { first_line + i };
        for col in row.cols {
            table
                .cells
                .push(cell(id, row.id, col.id, value(i, row.id, col.id), line));
        }
        table.rows.push(RowLabel {
            row: Some(row.id.to_string()),
            text: row.label.to_string(),
            line,
            value_count: row.cols.len(),
            canonical: None,
        });
    }
    table
}

/// Table 三 values: varied leaves (zeros included), sums derived so that
/// E1, E2 and E3 hold in every column.
#[allow(clippy::needless_range_loop)] // three arrays indexed together
fn t3_values(t: Template) -> Vec<(String, [i64; 7])> {
    let leaves = schema::t3_leaves(t);
    let mut out = Vec::new();
    let mut r7 = [0i64; 7];
    let mut leaf_rows = Vec::new();
    for (i, id) in leaves.iter().enumerate() {
        let mut v = [0i64; 7];
        for (j, x) in v.iter_mut().take(6).enumerate() {
            *x = ((i * 7 + j * 3 + 1) % 4) as i64;
        }
        v[6] = v[..6].iter().sum();
        for (total, x) in r7.iter_mut().zip(v) {
            *total += x;
        }
        leaf_rows.push((id.to_string(), v));
    }
    let mut a2 = [0i64; 7];
    let mut a4 = [0i64; 7];
    let mut a1 = [0i64; 7];
    for j in 0..6 {
        a2[j] = 1 + (j as i64 % 2);
        a4[j] = j as i64 % 3;
        a1[j] = r7[j] + a4[j] - a2[j];
    }
    for v in [&mut a1, &mut a2, &mut a4] {
        v[6] = v[..6].iter().sum();
    }
    out.push(("A1".to_string(), a1));
    out.push(("A2".to_string(), a2));
    out.extend(leaf_rows);
    out.push(("R7".to_string(), r7));
    out.push(("A4".to_string(), a4));
    out
}

fn t2_value(t: Template, row: &str, col: &str) -> Value {
    match (t, row, col) {
        (_, _, "amount") if row == "PROC" => Value::Money(77.0693),
        (_, _, "amount") => Value::Money(0.0),
        (Template::V2021, "NORM", "made") => Value::Int(2),
        (Template::V2021, "NORM", "valid") => Value::Int(6),
        (Template::V2021, _, "decisions") => Value::Int(4),
        (Template::V2019, "NORM", _) => Value::Int(1),
        (Template::V2019, _, "prev_items") => Value::Int(10),
        (Template::V2019, _, "delta") => Value::Int(-2),
        (Template::V2019, _, "decisions") => Value::Int(3),
        (Template::V2019, "PROC", "projects") => Value::Int(9),
        _ => Value::Int(0),
    }
}

/// Narrative that satisfies the section rules and claims nothing the text
/// rules could compare (each test adds the sentences it needs).
fn default_text(ordinal: u8) -> &'static str {
    match ordinal {
        1 => "本机关围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政务公开工作。",
        5 => "信息公开内容不够丰富，下一步将加强业务培训。",
        6 => "本年度未收取信息处理费，未发出收费通知。",
        _ => "",
    }
}

/// A complete, consistent report of a template for `year`.
pub fn report(t: Template, year: i32) -> Report {
    let mut r = Report::empty(format!("test/{year}.txt"));
    r.year = Some(year);
    r.agency = Some("某市科学技术局".into());
    r.title = Some(format!("某市科学技术局{year}年政府信息公开工作年度报告"));
    r.template = Some(t);
    r.template_evidence = crate::report::template::decide::Evidence::of(t, Some(year));
    r.notes.title_line = 1;
    r.notes.t3_note = true;
    for s in SECTIONS {
        let line = s.ordinal as usize * 10;
        r.sections.push(Section {
            ordinal: s.ordinal,
            title: s.title.to_string(),
            line,
            end_line: line + 9,
            text: default_text(s.ordinal).to_string(),
            wording: crate::report::TitleMatch::Exact,
        });
        r.notes
            .headings
            .push((s.ordinal, s.title.to_string(), line));
    }
    r.t2 = Some(table_from(TableId::T2, t, 21, false, |_, row, col| {
        t2_value(t, row, col)
    }));
    let t3v = t3_values(t);
    r.t3 = Some(table_from(TableId::T3, t, 100, false, |_, row, col| {
        let j = T3_COLS.iter().position(|c| c.id == col).unwrap_or(0);
        t3v.iter()
            .find(|(id, _)| id == row)
            .map(|(_, v)| Value::Int(v[j]))
            .unwrap_or(Value::Absent)
    }));
    r.t4 = Some(table_from(TableId::T4, t, 200, true, |_, row, col| {
        let v = match (row, col) {
            ("RV", "keep") => 1,
            ("RV", "oth") => 1,
            ("RV", "tot") => 2,
            ("LD", "pend") => 1,
            ("LD", "tot") => 1,
            _ => 0,
        };
        Value::Int(v)
    }));
    r.lines = (0..=210).map(|i| format!("line {i}")).collect();
    r
}

/// Replace a cell's value (the raw text follows).
pub fn set(r: &mut Report, table: &str, row: &str, col: &str, v: Value) {
    let id = CellId::new(table_id(table), row, col);
    let t = match id.table {
        TableId::T2 => r.t2.as_mut(),
        TableId::T3 => r.t3.as_mut(),
        TableId::T4 => r.t4.as_mut(),
    };
    let Some(t) = t else { return };
    if let Some(c) = t.cells.iter_mut().find(|c| c.id == id) {
        let line = c.line.unwrap_or(0);
        *c = cell(id.table, row, col, v, line);
    }
}

pub fn int(r: &Report, table: &str, row: &str, col: &str) -> i64 {
    r.value(&CellId::new(table_id(table), row, col))
        .int()
        .unwrap_or(i64::MIN)
}

pub fn cell_line(r: &Report, table: &str, row: &str, col: &str) -> Option<usize> {
    r.cell(&CellId::new(table_id(table), row, col))
        .and_then(|c| c.line)
        .filter(|l| *l > 0)
}

/// Set a section's narrative text.
pub fn set_text(r: &mut Report, ordinal: u8, text: &str) {
    if let Some(s) = r.sections.iter_mut().find(|s| s.ordinal == ordinal) {
        s.text = text.to_string();
    }
}

/// The rule ids of a list of findings.
pub fn ids(f: &[crate::rules::Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.rule.id).collect()
}

/// The findings one rule family's `check` gives for a report (each family's
/// tests call it through their own `run`).
pub fn run_family(
    check: impl Fn(&super::ctx::Ctx<'_>, &mut Vec<crate::rules::Finding>),
    r: &Report,
) -> Vec<crate::rules::Finding> {
    let mut out = Vec::new();
    check(&super::ctx::Ctx::new(r), &mut out);
    out
}
