//! Table 二 rules (T2-1…7): the stock/flow sense of the Art. 20 counts.
//!
//! Only cells holding numbers take part; a blank makes the rule UNCERTAIN
//! (silent), as everywhere else. Note the trap SPEC §2.1 warns about:
//! `T2.FEE.amount` is 行政事业性收费, not the FOI 信息处理费 — no rule here or
//! anywhere compares the two.

use super::catalogue::{T2_1, T2_2, T2_3, T2_4, T2_5, T2_6, T2_7};
use super::tables::readable;
use super::Finding;
use crate::report::text::norm;
use crate::report::{CellId, Report, Table, TableId, Template, Value};

pub(crate) fn check(r: &Report, out: &mut Vec<Finding>) {
    let Some(t) = readable(r.t2.as_ref()) else {
        return;
    };
    match r.template {
        Some(Template::V2021) => {
            t2_1(t, out);
            t2_2(r, t, out);
        }
        Some(Template::V2019) => {
            t2_3_4(t, out);
            t2_5(t, out);
            t2_6(t, out);
        }
        None => {}
    }
    t2_7(t, out);
}

fn id(row: &str, col: &str) -> CellId {
    CellId::new(TableId::T2, row, col)
}

fn int(t: &Table, row: &str, col: &str) -> Option<i64> {
    t.value(row, col).int()
}

fn line(t: &Table, row: &str, col: &str) -> usize {
    t.cell(row, col).map_or(t.line, |c| c.line.unwrap_or(0))
}

fn doc_name(row: &str) -> &'static str {
    if row == "REG" {
        "规章"
    } else {
        "规范性文件"
    }
}

/// T2-1 (E9): valid ≥ made − repealed.
fn t2_1(t: &Table, out: &mut Vec<Finding>) {
    for row in ["REG", "NORM"] {
        let (Some(m), Some(rp), Some(v)) = (
            int(t, row, "made"),
            int(t, row, "repealed"),
            int(t, row, "valid"),
        ) else {
            continue;
        };
        let floor = i128::from(m) - i128::from(rp);
        if i128::from(v) < floor {
            out.push(
                Finding::new(
                    &T2_1,
                    format!(
                        "{}: 现行有效件数 {v} 小于 本年制发 {m} − 本年废止 {rp} = {floor}",
                        doc_name(row)
                    ),
                )
                .cells(vec![id(row, "made"), id(row, "repealed"), id(row, "valid")])
                .values(floor as f64, v as f64)
                .at(line(t, row, "valid")),
            );
        }
    }
}

/// Whether an agency plausibly has rule-making power (规章): ministries and
/// people's governments above county level. A heuristic, hence info.
fn may_make_rules(agency: &str) -> bool {
    let a = norm(agency);
    if a.starts_with("国家") || a.starts_with("中华人民共和国") || a.ends_with('部') {
        return true;
    }
    match a.strip_suffix("人民政府") {
        Some(place) => !place.ends_with(['县', '区', '旗']),
        None => false,
    }
}

/// T2-2: 规章 > 0 from a department or a county-level government.
fn t2_2(r: &Report, t: &Table, out: &mut Vec<Finding>) {
    let Some(agency) = r.agency.as_deref() else {
        return;
    };
    if may_make_rules(agency) {
        return;
    }
    let cols = ["made", "repealed", "valid"];
    let nonzero: Vec<(&str, i64)> = cols
        .iter()
        .filter_map(|c| int(t, "REG", c).filter(|v| *v > 0).map(|v| (*c, v)))
        .collect();
    if let Some((col, _)) = nonzero.first() {
        out.push(
            Finding::new(&T2_2, format!("「{agency}」一般无规章制定权，表二「规章」却不为0，请核实是否应填在「行政规范性文件」"),
            )
            .cells(cols.iter().map(|c| id("REG", c)).collect())
            .at(line(t, "REG", col)),
        );
    }
}

/// T2-3 (E11) new_pub ≤ total_pub, and T2-4 new_made vs new_pub (info).
fn t2_3_4(t: &Table, out: &mut Vec<Finding>) {
    for row in ["REG", "NORM"] {
        let made = int(t, row, "new_made");
        let new_pub = int(t, row, "new_pub");
        let total = int(t, row, "total_pub");
        if let (Some(p), Some(tot)) = (new_pub, total) {
            if p > tot {
                out.push(
                    Finding::new(
                        &T2_3,
                        format!(
                            "{}: 本年新公开数量 {p} 大于 对外公开总数量 {tot}",
                            doc_name(row)
                        ),
                    )
                    .cells(vec![id(row, "new_pub"), id(row, "total_pub")])
                    .values(tot as f64, p as f64)
                    .at(line(t, row, "new_pub")),
                );
            }
        }
        if let (Some(m), Some(p)) = (made, new_pub) {
            if m != p {
                out.push(
                    Finding::new(&T2_4, format!("{}: 本年新制作数量 {m} 与 本年新公开数量 {p} 不同（可能跨年公开，请核实）", doc_name(row)),
                    )
                    .cells(vec![id(row, "new_made"), id(row, "new_pub")])
                    .values(m as f64, p as f64)
                    .at(line(t, row, "new_pub")),
                );
            }
        }
    }
}

/// T2-5 (E12): procurement projects = 0 ⇔ amount = 0.
fn t2_5(t: &Table, out: &mut Vec<Finding>) {
    let n = int(t, "PROC", "projects");
    let amount = t.value("PROC", "amount").number();
    if let (Some(n), Some(a)) = (n, amount) {
        if (n == 0) != (a == 0.0) {
            out.push(
                Finding::new(&T2_5, format!("政府集中采购: 采购项目数量 {n} 与 采购总金额 {a} 万元 不一致（一个为0另一个不为0）"),
                )
                .cells(vec![id("PROC", "projects"), id("PROC", "amount")])
                .at(line(t, "PROC", "projects")),
            );
        }
    }
}

/// T2-6: prev_items + delta ≥ 0, for every row with those columns
/// (local sub-rows included).
fn t2_6(t: &Table, out: &mut Vec<Finding>) {
    for row in t.row_ids() {
        let (Some(prev), Some(delta)) = (int(t, row, "prev_items"), int(t, row, "delta")) else {
            continue;
        };
        let now = i128::from(prev) + i128::from(delta);
        if now < 0 {
            out.push(
                Finding::new(
                    &T2_6,
                    format!(
                        "{row}: 上一年项目数量 {prev} + 本年增/减 {delta} = {now}，项目数不能为负"
                    ),
                )
                .cells(vec![id(row, "prev_items"), id(row, "delta")])
                .values(0.0, now as f64)
                .at(line(t, row, "delta")),
            );
        }
    }
}

/// T2-7: a parent row with local sub-rows (sample 001) equals their sum, or
/// was derived from them by the parser (its raw text starts with `Σ`).
fn t2_7(t: &Table, out: &mut Vec<Finding>) {
    let mut parents: Vec<&str> = t.extra_rows.iter().map(|e| e.parent.as_str()).collect();
    parents.dedup();
    for parent in parents {
        let subs: Vec<&str> = t
            .row_ids()
            .into_iter()
            .filter(|r| r.split_once('/').is_some_and(|(p, _)| p == parent))
            .collect();
        let cells: Vec<&crate::report::Cell> =
            t.cells.iter().filter(|c| c.id.row == parent).collect();
        let derived = cells.iter().any(|c| c.raw.starts_with('Σ'));
        if derived {
            out.push(
                Finding::new(
                    &T2_7,
                    format!(
                        "「{parent}」行未直接填写，按子行（{}）之和推出",
                        subs.join("、")
                    ),
                )
                .cells(cells.iter().map(|c| c.id.clone()).collect())
                .at(cells.first().map_or(t.line, |c| c.line.unwrap_or(0))),
            );
            continue;
        }
        for c in &cells {
            let Value::Int(p) = c.value else { continue };
            let parts: Option<Vec<i64>> = subs.iter().map(|s| int(t, s, &c.id.col)).collect();
            let Some(parts) = parts else { continue };
            let sum: i128 = parts.iter().map(|v| i128::from(*v)).sum();
            if sum != i128::from(p) {
                out.push(
                    Finding::new(
                        &T2_7,
                        format!("「{parent}」{}: {p} ≠ 子行之和 {sum}", c.id.col),
                    )
                    .cells(
                        std::iter::once(c.id.clone())
                            .chain(subs.iter().map(|s| id(s, &c.id.col)))
                            .collect(),
                    )
                    .values(sum as f64, p as f64)
                    .at(c.line),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::{Cell, ExtraRow};
    use crate::rules::Severity;

    fn run(r: &Report) -> Vec<Finding> {
        run_family(|c, out| check(c, out), r)
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            let f = run(&report(t, year_of(t)));
            assert!(f.is_empty(), "{f:?}");
        }
    }

    #[test]
    fn t2_1_valid_below_flow() {
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T2", "NORM", "made", Value::Int(5));
        set(&mut r, "T2", "NORM", "valid", Value::Int(3));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T2-1"]);
        // (0,0,5) and (2,0,6) from the samples pass.
        set(&mut r, "T2", "NORM", "made", Value::Int(2));
        set(&mut r, "T2", "NORM", "valid", Value::Int(6));
        assert!(run(&r).is_empty());
    }

    #[test]
    fn t2_2_departments_rarely_make_rules() {
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T2", "REG", "made", Value::Int(1));
        set(&mut r, "T2", "REG", "valid", Value::Int(1));
        assert_eq!(ids(&run(&r)), vec!["T2-2"]);
        r.agency = Some("某市人民政府".into());
        assert!(run(&r).is_empty());
        r.agency = Some("某县人民政府".into());
        assert_eq!(ids(&run(&r)), vec!["T2-2"]);
    }

    #[test]
    fn old_template_rules() {
        let mut r = report(Template::V2019, 2020);
        set(&mut r, "T2", "NORM", "new_pub", Value::Int(5));
        set(&mut r, "T2", "PROC", "projects", Value::Int(0));
        set(&mut r, "T2", "LIC", "delta", Value::Int(-11));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T2-3", "T2-4", "T2-5", "T2-6"]);
        assert_eq!(f[3].severity, Severity::Error);
        // The fee row is 行政事业性收费: it is never compared with anything
        // about 信息处理费, whatever its value.
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T2", "FEE", "amount", Value::Money(3.5));
        assert!(run(&r).is_empty());
    }

    #[test]
    fn t2_7_sub_rows() {
        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t2.as_mut() {
            for (label, v, line) in [("行政检查", 1, 48), ("行政确认", 2, 54)] {
                let row = format!("OTHSVC/{label}");
                for col in ["prev_items", "delta", "decisions"] {
                    t.cells.push(Cell {
                        id: CellId::new(TableId::T2, row.as_str(), col),
                        value: Value::Int(v),
                        raw: v.to_string(),
                        line: Some(line),
                        unit_in_cell: None,
                        recovered: false,
                    });
                }
                t.extra_rows.push(ExtraRow {
                    parent: "OTHSVC".into(),
                    label: label.into(),
                    line,
                });
            }
        }
        // Parent 10/-2/3 vs sums 3/3/3: two mismatches.
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T2-7", "T2-7"]);
        if let Some(t) = r.t2.as_mut() {
            for c in t.cells.iter_mut().filter(|c| c.id.row == "OTHSVC") {
                c.raw = "Σ 行政检查 + 行政确认".into();
            }
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T2-7"]);
        assert!(f[0].message.contains("推出"));
    }
}
