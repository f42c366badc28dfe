//! Structure rules (STRUCT-*): the six sections, the three tables in the
//! right sections, table shapes, and the rows of table 三.
//!
//! These read what the parser recognised (sections, tables, row labels,
//! shape errors); they never re-read the text to second-guess it.

use super::tables::t3_template;
use crate::report::schema::{self, SECTIONS};
use crate::report::{CellId, Finding, Report, Severity, Table, TableId, Value};

pub fn check(r: &Report, out: &mut Vec<Finding>) {
    struct_1(r, out);
    for id in TableId::ALL {
        struct_5(r, id, out);
        // A table that is missing or unreadable has no shape to check.
        if let Some(t) = r.table(id).filter(|t| t.unreadable.is_none()) {
            struct_6(r, t, out);
        }
    }
    struct_7(r, out);
}

fn struct_1(r: &Report, out: &mut Vec<Finding>) {
    for s in SECTIONS {
        if r.section(s.ordinal).is_none() {
            out.push(
                Finding::new(
                    "STRUCT-1",
                    Severity::Error,
                    format!("缺少第{}部分「{}」", s.numeral, s.title),
                )
                .at(r.notes.title_line),
            );
        }
    }
}

fn numeral(ordinal: u8) -> char {
    schema::section_def(ordinal)
        .map(|s| s.numeral)
        .unwrap_or('?')
}

fn struct_5(r: &Report, id: TableId, out: &mut Vec<Finding>) {
    let want = id.section();
    let section_line = r.section(want).map(|s| s.line).unwrap_or(0);
    match r.table(id) {
        None => out.push(
            Finding::new(
                "STRUCT-5",
                Severity::Error,
                format!("第{}部分中未找到{}", numeral(want), id.title_zh()),
            )
            .at(section_line),
        ),
        Some(t) => {
            if let Some(reason) = &t.unreadable {
                out.push(
                    Finding::new(
                        "STRUCT-5",
                        Severity::Error,
                        format!("{}无法读取（{reason}），表内数据未检查", id.title_zh()),
                    )
                    .at(t.line),
                );
            }
            // Misplacement is only meaningful when the right section exists;
            // a missing section is STRUCT-1's finding already.
            if t.section != want && r.section(want).is_some() {
                let place = if t.section == 0 {
                    "第一个部分标题之前".to_string()
                } else {
                    format!("第{}部分", numeral(t.section))
                };
                out.push(
                    Finding::new(
                        "STRUCT-5",
                        Severity::Error,
                        format!(
                            "{}出现在{place}，应在第{}部分",
                            id.title_zh(),
                            numeral(want)
                        ),
                    )
                    .at(t.line),
                );
            }
        }
    }
}

/// STRUCT-6: rows whose value count does not fit, as the parser saw them,
/// and — when it saw none — a recognised cell count that differs from the
/// template's (local extra rows `PARENT/label` are not counted).
fn struct_6(r: &Report, t: &Table, out: &mut Vec<Finding>) {
    let name = t.id.title_zh();
    for e in &t.shape_errors {
        let label = t
            .rows
            .iter()
            .find(|l| l.row.as_deref() == Some(e.row.as_str()) && l.line == e.line)
            .map(|l| l.text.clone())
            .unwrap_or_else(|| e.row.clone());
        out.push(
            Finding::new(
                "STRUCT-6",
                Severity::Error,
                format!(
                    "{name}「{label}」行有{}个数值（应为{}个），该行无法可靠对应",
                    e.found, e.expected
                ),
            )
            .cells(row_cells(t, &e.row))
            .values(e.expected as f64, e.found as f64)
            .at(e.line),
        );
    }
    if !t.shape_errors.is_empty() {
        return;
    }
    let template = match t.id {
        TableId::T3 => t3_template(r),
        TableId::T4 => Some(r.template.unwrap_or(crate::report::Template::V2021)),
        TableId::T2 => r.template,
    };
    let Some(template) = template else { return };
    let expected = schema::cell_count(t.id, template);
    let found = t
        .cells
        .iter()
        .filter(|c| !c.id.row.contains('/') && c.value != Value::Absent)
        .count();
    // Table 三 rows that are missing altogether are STRUCT-7's; count only
    // the cells missing from rows that were found.
    let missing_rows: usize = if t.id == TableId::T3 {
        t3_missing(r, t).len() * 7
    } else {
        0
    };
    if found + missing_rows != expected && found > 0 {
        out.push(
            Finding::new(
                "STRUCT-6",
                Severity::Error,
                format!(
                    "{name}识别到{found}个数值单元格，{}模板应为{expected}个",
                    template.name_zh()
                ),
            )
            .values(expected as f64, found as f64)
            .at(t.line),
        );
    }
}

fn row_cells(t: &Table, row: &str) -> Vec<CellId> {
    t.cells
        .iter()
        .filter(|c| c.id.row == row)
        .map(|c| c.id.clone())
        .collect()
}

/// Template rows of table 三 not found in the file: from the row labels when
/// the parser recorded them, else from rows with no value at all.
fn t3_missing(r: &Report, t: &Table) -> Vec<&'static str> {
    let Some(template) = t3_template(r) else {
        return Vec::new();
    };
    schema::t3_rows(template)
        .into_iter()
        .map(|d| d.id)
        .filter(|id| {
            if t.rows.iter().any(|l| l.row.is_some()) {
                !t.rows.iter().any(|l| l.row.as_deref() == Some(id))
            } else {
                !t.cells
                    .iter()
                    .any(|c| c.id.row == *id && c.value != Value::Absent)
            }
        })
        .collect()
}

fn struct_7(r: &Report, out: &mut Vec<Finding>) {
    let Some(t) = r.t3.as_ref().filter(|t| t.unreadable.is_none()) else {
        return;
    };
    let Some(template) = t3_template(r) else {
        return;
    };
    let defs = schema::t3_rows(template);
    let missing = t3_missing(r, t);
    if !missing.is_empty() && missing.len() < defs.len() {
        let names: Vec<String> = missing
            .iter()
            .map(|id| super::sums::t3_row_name(template, id))
            .collect();
        out.push(
            Finding::new(
                "STRUCT-7",
                Severity::Error,
                format!("表三缺少{}行: {}", missing.len(), names.join("、")),
            )
            .cells(missing.iter().map(|id| CellId::t3(id, "CT")).collect())
            .values(defs.len() as f64, (defs.len() - missing.len()) as f64)
            .at(t.line),
        );
    }
    // Order: each recognised row must come after the previous one in
    // template order. Report the first row that does not.
    let mut last: Option<usize> = None;
    for label in &t.rows {
        let Some(id) = label.row.as_deref() else {
            continue;
        };
        let Some(pos) = defs.iter().position(|d| d.id == id) else {
            continue;
        };
        if let Some(prev) = last {
            if pos < prev {
                let prev_name = defs
                    .get(prev)
                    .map(|d| super::sums::t3_row_name(template, d.id))
                    .unwrap_or_default();
                out.push(
                    Finding::new(
                        "STRUCT-7",
                        Severity::Warning,
                        format!(
                            "表三行顺序与模板不同: 「{}」出现在「{prev_name}」之后",
                            super::sums::t3_row_name(template, id)
                        ),
                    )
                    .cells(vec![CellId::t3(id, "CT")])
                    .at(label.line),
                );
                break;
            }
        }
        last = Some(last.map_or(pos, |p| p.max(pos)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::{ShapeError, Template};

    fn run(r: &Report) -> Vec<Finding> {
        let mut out = Vec::new();
        check(r, &mut out);
        out
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            let f = run(&report(t, year_of(t)));
            assert!(f.is_empty(), "{f:?}");
        }
    }

    #[test]
    fn struct_1_per_missing_section() {
        let mut r = report(Template::V2021, 2022);
        r.sections.retain(|s| s.ordinal != 5 && s.ordinal != 6);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-1", "STRUCT-1"]);
        assert!(f[0].message.contains("五、存在的主要问题及改进情况"));
    }

    #[test]
    fn struct_5_missing_unreadable_misplaced() {
        let mut r = report(Template::V2021, 2022);
        r.t2 = None;
        if let Some(t) = r.t3.as_mut() {
            t.unreadable = Some("表格被压成一行".into());
        }
        if let Some(t) = r.t4.as_mut() {
            t.section = 5;
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-5", "STRUCT-5", "STRUCT-5"]);
        assert_eq!(f[0].line, Some(20));
        assert!(f[1].message.contains("无法读取"));
        assert!(f[2].message.contains("第五部分"));
    }

    #[test]
    fn struct_6_shape_error_and_count() {
        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t4.as_mut() {
            t.shape_errors.push(ShapeError {
                row: "RV".into(),
                expected: 15,
                found: 16,
                line: 200,
            });
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-6"]);
        assert!(f[0].message.contains("16"));
        assert_eq!(f[0].line, Some(200));

        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T4", "LR", "tot", Value::Absent);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-6"]);
        assert!(f[0].message.contains("14"));
    }

    #[test]
    fn struct_7_missing_and_reordered_rows() {
        let mut r = report(Template::V2021, 2022);
        if let Some(t) = r.t3.as_mut() {
            t.rows.retain(|l| l.row.as_deref() != Some("R7"));
            for c in t.cells.iter_mut().filter(|c| c.id.row == "R7") {
                c.value = Value::Absent;
            }
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-7"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("（七）总计"));

        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t3.as_mut() {
            t.rows.swap(2, 3);
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-7"]);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
