//! Cell value rules (VAL-*): what may stand in a value cell (SPEC §5, E5).
//!
//! The column kind (count, signed `本年增/减`, money in 万元) comes from the
//! schema. Blank and placeholder cells are grouped into one finding per
//! table, because a report that leaves blanks usually leaves many, and one
//! line per cell would drown every other finding.

use super::catalogue::{VAL_1, VAL_2, VAL_3, VAL_4, VAL_5, VAL_6};
use super::ctx::{self, Ctx};
use super::tables::readable;
use super::Finding;
use crate::report::schema::{ColDef, ColKind, RowDef};
use crate::report::{Cell, CellId, Report, Table, TableId, Template, Value};

/// The template the column kinds are read from: the report's, else what
/// table 三's cells say, else the 2021 one.
fn kind_template(r: &Report) -> Template {
    r.template
        .or_else(|| super::tables::t3_template(r))
        .unwrap_or(Template::V2021)
}

/// The kind of a value cell: from its template column (found with the
/// template of [`kind_template`]), else from the column id alone (the ids
/// are distinct enough across templates).
fn kind_or_default(col: Option<ColDef>, id: &CellId) -> ColKind {
    col.map(|c| c.kind).unwrap_or(match &*id.col {
        "delta" => ColKind::Signed,
        "amount" => ColKind::Money,
        _ => ColKind::Count,
    })
}

fn tables(r: &Report) -> impl Iterator<Item = &Table> {
    TableId::ALL
        .into_iter()
        .filter_map(|id| readable(r.table(id)))
}

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let kt = kind_template(r);
    for t in tables(r) {
        // Both value passes need every cell's kind: look each up once, and
        // the row's definition once per run of cells of the same row.
        let mut last: Option<(TableId, &str, Option<&RowDef>)> = None;
        let kinds: Vec<ColKind> = t
            .cells
            .iter()
            .map(|c| {
                let id = &c.id;
                let def = match last {
                    Some((tb, row, d)) if tb == id.table && row == &*id.row => d,
                    _ => {
                        let d = ctx::row_def(id.table, kt, &id.row);
                        last = Some((id.table, &id.row, d));
                        d
                    }
                };
                let col = def.and_then(|d| d.cols.iter().find(|x| x.id == id.col).copied());
                kind_or_default(col, id)
            })
            .collect();
        val_1_2(r, t, &kinds, out);
        val_3(r, t, out);
        val_4(t, out);
        val_5_6(r, t, &kinds, out);
    }
}

/// VAL-5 / VAL-6: money cells. The parser already converted `251000元` to
/// 万元; VAL-5 says so. VAL-6 is a heuristic and therefore info: more than 4
/// decimals, or a whole number ≥ 10 000 in a 万元 column (that would be
/// ≥ 1 亿元, implausible for the fee or procurement total of one agency).
fn val_5_6(r: &Report, t: &Table, kinds: &[ColKind], out: &mut Vec<Finding>) {
    for (c, kind) in t.cells.iter().zip(kinds) {
        if *kind != ColKind::Money {
            continue;
        }
        let Value::Money(m) = c.value else { continue };
        if let Some(unit) = c.unit_in_cell.as_deref().filter(|u| u.contains('元')) {
            if unit != "万元" {
                out.push(
                    Finding::new(
                        &VAL_5,
                        format!(
                            "{}: 单元格写「{}」（单位{unit}），表头单位为万元，按 {m} 万元计",
                            cell_name(r, &c.id),
                            c.raw
                        ),
                    )
                    .cells(vec![c.id.clone()])
                    .at(c.line),
                );
                continue;
            }
        }
        let decimals = c
            .raw
            .split_once('.')
            .map(|(_, d)| d.chars().take_while(|ch| ch.is_ascii_digit()).count())
            .unwrap_or(0);
        let msg = if decimals > 4 {
            format!(
                "{}: 「{}」有{decimals}位小数（万元一般保留4位）",
                cell_name(r, &c.id),
                c.raw
            )
        } else if c.unit_in_cell.is_none() && m >= 10_000.0 && m.fract() == 0.0 {
            format!(
                "{}: 「{}」万元即{}亿元以上，疑为以元填写",
                cell_name(r, &c.id),
                c.raw,
                (m / 10_000.0).floor()
            )
        } else {
            continue;
        };
        out.push(
            Finding::new(&VAL_6, msg)
                .cells(vec![c.id.clone()])
                .at(c.line),
        );
    }
}

fn cell_name(r: &Report, c: &CellId) -> String {
    let t = r.template.unwrap_or(Template::V2021);
    let row = match c.table {
        TableId::T3 => super::sums::t3_row_name(t, &c.row),
        _ => ctx::row_label(c.table, t, &c.row),
    };
    let col = ctx::col_def(c.table, t, &c.row, &c.col)
        .map(|d| d.short)
        .unwrap_or(&*c.col);
    format!(
        "{} {row}×{col}",
        c.table.title_zh().split(' ').next().unwrap_or("")
    )
}

fn val_1_2(r: &Report, t: &Table, kinds: &[ColKind], out: &mut Vec<Finding>) {
    for (c, &kind) in t.cells.iter().zip(kinds) {
        let (rule, msg) = match (&c.value, kind) {
            (Value::Int(n), ColKind::Count) if *n < 0 => (
                &VAL_2,
                format!(
                    "{}: 填写 {n}，只有「本年增/减」可以为负数",
                    cell_name(r, &c.id)
                ),
            ),
            (Value::Money(m), ColKind::Money) if *m < 0.0 => {
                (&VAL_2, format!("{}: 金额 {m} 为负数", cell_name(r, &c.id)))
            }
            (Value::Money(m), ColKind::Count | ColKind::Signed) => (
                &VAL_1,
                format!(
                    "{}: 「{}」不是整数（{m}），计数必须是非负整数",
                    cell_name(r, &c.id),
                    c.raw
                ),
            ),
            _ => continue,
        };
        out.push(
            Finding::new(rule, msg)
                .cells(vec![c.id.clone()])
                .suspect(vec![c.id.clone()])
                .at(c.line),
        );
    }
}

/// Rows of table 三 whose six applicant cells are all missing while 总计 is a
/// number (sample 002): named in VAL-3 and reported by T3-7.
pub(crate) fn ct_only_rows(t: &Table) -> Vec<&str> {
    if t.id != TableId::T3 {
        return Vec::new();
    }
    // One pass over the cells, one tally per row in order of first
    // appearance (the order of `Table::row_ids`): a count-per-row scan over
    // all cells made this quadratic.
    struct Tally<'a> {
        row: &'a str,
        /// 总计 holds a number.
        ct: bool,
        /// Applicant (non-总计) cells, and whether all of them are missing.
        parts: usize,
        parts_blank: bool,
    }
    let mut tallies: Vec<Tally<'_>> = Vec::new();
    let mut at: ctx::IdMap<&str, usize> = ctx::IdMap::default();
    for c in &t.cells {
        let row: &str = &c.id.row;
        let i = match tallies.last() {
            Some(last) if last.row == row => tallies.len() - 1,
            _ => *at.entry(row).or_insert_with(|| {
                tallies.push(Tally {
                    row,
                    ct: false,
                    parts: 0,
                    parts_blank: true,
                });
                tallies.len() - 1
            }),
        };
        let Some(tally) = tallies.get_mut(i) else {
            continue;
        };
        if c.id.col == "CT" {
            tally.ct |= c.value.int().is_some();
        } else {
            tally.parts += 1;
            tally.parts_blank &= matches!(c.value, Value::Blank | Value::Placeholder);
        }
    }
    tallies
        .into_iter()
        .filter(|x| x.ct && x.parts > 0 && x.parts_blank)
        .map(|x| x.row)
        .collect()
}

fn val_3(r: &Ctx<'_>, t: &Table, out: &mut Vec<Finding>) {
    let blanks: Vec<&Cell> = t
        .cells
        .iter()
        .filter(|c| matches!(c.value, Value::Blank | Value::Placeholder))
        .collect();
    let Some(first) = blanks.first() else { return };
    let shown: Vec<String> = blanks.iter().take(8).map(|c| c.id.to_string()).collect();
    let more = if blanks.len() > shown.len() {
        format!(" 等{}个", blanks.len())
    } else {
        String::new()
    };
    let mut msg = format!(
        "{}有{}个空白或占位单元格（{}{more}），空白不按0计算，涉及它们的勾稽关系无法判定",
        t.id.title_zh().split(' ').next().unwrap_or(""),
        blanks.len(),
        shown.join("、")
    );
    let ct_only = ct_only_rows(t);
    if !ct_only.is_empty() {
        let tpl = r.template.unwrap_or(Template::V2021);
        let names: Vec<String> = ct_only
            .iter()
            .map(|row| super::sums::t3_row_name(tpl, row))
            .collect();
        msg.push_str(&format!("；其中{}行只填了总计", names.join("、")));
    }
    msg.push_str(&blank_as_zero_opinion(r, t));
    out.push(
        Finding::new(&VAL_3, msg)
            .cells(blanks.iter().map(|c| c.id.clone()).collect())
            .at(first.line),
    );
}

/// What the identities of table 三/四 say if the blanks are read as 0: a
/// hint for the reader, never an error (SPEC §5: blank is not 0).
fn blank_as_zero_opinion(r: &Ctx<'_>, t: &Table) -> String {
    if t.id == TableId::T2 {
        return String::new();
    }
    let tpl = super::tables::t3_template(r).unwrap_or(Template::V2021);
    let rules = super::sums::rules_for(tpl);
    let mut undecided = 0;
    let mut still_open = 0;
    let mut failing: Vec<String> = Vec::new();
    for rule in rules.iter().filter(|x| x.anchor.table == t.id) {
        let involves_blank = rule
            .cells()
            .iter()
            .any(|c| matches!(r.value(c), Value::Blank | Value::Placeholder));
        if !involves_blank {
            continue;
        }
        match super::sums::eval_blank_as_zero(rule, r) {
            super::sums::Outcome::Fail { .. } => failing.push(rule.subject.clone()),
            super::sums::Outcome::Pass => undecided += 1,
            super::sums::Outcome::Uncertain { .. } => still_open += 1,
        }
    }
    match (undecided, failing.len()) {
        (0, 0) => String::new(),
        (_, 0) if still_open > 0 => "；若空白按0计，其中可判定的勾稽关系均成立".to_string(),
        (_, 0) => "；若空白按0计，涉及空白的勾稽关系均成立".to_string(),
        (_, n) => {
            let shown: Vec<&str> = failing.iter().take(3).map(|s| s.as_str()).collect();
            let more = if n > shown.len() { "等" } else { "" };
            format!(
                "；若空白按0计，仍有{n}处勾稽关系不成立（{}{more}）",
                shown.join("、")
            )
        }
    }
}

/// VAL-4, one finding per row: text cells usually come in runs (a note typed
/// across a row), and the row is what a human fixes.
fn val_4(t: &Table, out: &mut Vec<Finding>) {
    // Nearly every table has no text cell at all.
    if !t.cells.iter().any(|c| c.value == Value::Text) {
        return;
    }
    for row in t.row_ids() {
        let texts: Vec<&Cell> = t
            .cells
            .iter()
            .filter(|c| c.id.row == row && c.value == Value::Text)
            .collect();
        let Some(first) = texts.first() else { continue };
        let shown: Vec<String> = texts
            .iter()
            .map(|c| format!("{}=「{}」", c.id, c.raw))
            .collect();
        out.push(
            Finding::new(&VAL_4, format!("数值单元格中是文字: {}", shown.join("、")))
                .cells(texts.iter().map(|c| c.id.clone()).collect())
                .suspect(texts.iter().map(|c| c.id.clone()).collect())
                .at(first.line),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::rules::Severity;

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
    }

    /// The per-row scan `ct_only_rows` replaced: the reference it must agree with.
    fn ct_only_rows_reference(t: &Table) -> Vec<&str> {
        if t.id != TableId::T3 {
            return Vec::new();
        }
        t.row_ids()
            .into_iter()
            .filter(|row| {
                let cells: Vec<&Cell> = t.cells.iter().filter(|c| c.id.row == *row).collect();
                let ct = cells
                    .iter()
                    .any(|c| c.id.col == "CT" && c.value.int().is_some());
                let parts: Vec<&&Cell> = cells.iter().filter(|c| c.id.col != "CT").collect();
                ct && !parts.is_empty()
                    && parts
                        .iter()
                        .all(|c| matches!(c.value, Value::Blank | Value::Placeholder))
            })
            .collect()
    }

    #[test]
    fn ct_only_rows_single_pass_matches_reference() {
        let mut r = report(Template::V2021, 2022);
        for col in ["C1", "C2", "C3", "C4", "C5", "C6"] {
            set(&mut r, "T3", "R1", col, Value::Blank);
            set(&mut r, "T3", "R2", col, Value::Placeholder);
        }
        set(&mut r, "T3", "R2", "CT", Value::Blank);
        let Some(t3) = r.t3.as_mut() else {
            panic!("no table 三")
        };
        assert_eq!(ct_only_rows(t3), ct_only_rows_reference(t3));
        assert_eq!(ct_only_rows(t3), vec!["R1"]);
        // Rows out of order and split: the first appearance decides the order.
        let moved = t3.cells.remove(0);
        t3.cells.push(moved);
        t3.cells.reverse();
        assert_eq!(ct_only_rows(t3), ct_only_rows_reference(t3));
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            let f = run(&report(t, year_of(t)));
            assert!(f.is_empty(), "{f:?}");
        }
    }

    #[test]
    fn negative_counts_but_not_delta() {
        let mut r = report(Template::V2019, 2020);
        set(&mut r, "T2", "LIC", "delta", Value::Int(-8));
        set(&mut r, "T4", "RV", "keep", Value::Int(-1));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-2"]);
        assert_eq!(f[0].cells, vec![CellId::new(TableId::T4, "RV", "keep")]);
        assert_eq!(f[0].line, Some(200));
    }

    #[test]
    fn decimal_count_is_val_1() {
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T3", "R1", "C1", Value::Money(2.5));
        set(&mut r, "T2", "FEE", "amount", Value::Money(1.25));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-1"]);
    }

    #[test]
    fn blanks_grouped_per_table_and_ct_only_rows_named() {
        let mut r = report(Template::V2021, 2022);
        for col in ["C1", "C2", "C3", "C4", "C5", "C6"] {
            set(&mut r, "T3", "R1", col, Value::Blank);
            set(&mut r, "T3", "R2", col, Value::Placeholder);
        }
        set(&mut r, "T4", "LD", "keep", Value::Blank);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-3", "VAL-3"]);
        assert_eq!(f[0].cells.len(), 12);
        assert!(f[0]
            .message
            .contains("（一）予以公开、（二）部分公开行只填了总计"));
        // Read as 0, the CT-only rows no longer add up.
        assert!(
            f[0].message.contains("若空白按0计，仍有"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].line, Some(102));
        assert_eq!(f[1].cells.len(), 1);
        // Table 四: LD.keep of the test report is 0, so blank = 0 balances.
        assert!(f[1].message.contains("均成立"), "{}", f[1].message);
    }

    #[test]
    fn money_units_and_decimals() {
        let mut r = report(Template::V2019, 2020);
        if let Some(c) = r.t2.as_mut().and_then(|t| {
            t.cells
                .iter_mut()
                .find(|c| c.id.row == "PROC" && c.id.col == "amount")
        }) {
            c.value = Value::Money(25.1);
            c.raw = "251000元".into();
            c.unit_in_cell = Some("元".into());
        }
        set(&mut r, "T2", "FEE", "prev_items", Value::Int(0));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-5"]);
        let mut r = report(Template::V2021, 2022);
        if let Some(c) =
            r.t2.as_mut()
                .and_then(|t| t.cells.iter_mut().find(|c| c.id.row == "FEE"))
        {
            c.value = Value::Money(35000.0);
            c.raw = "35000".into();
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-6"]);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn text_cells_are_val_4_per_row() {
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T3", "R1", "C1", Value::Text);
        set(&mut r, "T3", "R1", "C2", Value::Text);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["VAL-4"]);
        assert_eq!(f[0].cells.len(), 2);
        assert!(f[0].message.contains("见附件"));
    }
}
