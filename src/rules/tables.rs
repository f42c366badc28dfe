//! The arithmetic rules of tables 三 and 四 (T3-1/2/3/5, T4-1/2/3).
//!
//! The identities come from [`sums::sum_rules`]; this module evaluates them,
//! turns failures into findings with concrete Chinese messages, and attaches
//! the T3-5 culprit (the same cell on every finding it explains).

use super::catalogue::T3_5;
use super::ctx::Ctx;
use super::culprit::{self, Pin};
use super::sums::{self, Outcome, SumRule};
use super::Finding;
use crate::report::{Report, Table, TableId, Template};

/// The template table 三 follows, as the one decision says
/// ([`Report::t3_template`]).
pub fn t3_template(report: &Report) -> Option<Template> {
    report.t3_template()
}

/// A table the value rules can read: present and not flagged unreadable.
pub fn readable(t: Option<&Table>) -> Option<&Table> {
    t.filter(|t| t.unreadable.is_none())
}

pub fn check(report: &Ctx<'_>, annotate: bool, out: &mut Vec<Finding>) {
    let t3_ok = readable(report.t3.as_ref()).is_some();
    let t4_ok = readable(report.t4.as_ref()).is_some();
    // Table 四 is the same in both templates, so its identities run even when
    // the template is unknown.
    let template = t3_template(report).unwrap_or(Template::V2021);
    let t3_known = t3_template(report).is_some();

    let rules = sums::rules_for(template);
    let checked: Vec<(&SumRule, Outcome)> = rules
        .iter()
        .filter(|r| match r.anchor.table {
            TableId::T3 => t3_ok && t3_known,
            TableId::T4 => t4_ok,
            TableId::T2 => readable(report.t2.as_ref()).is_some(),
        })
        .map(|r| (r, sums::eval(r, report)))
        .collect();

    let pins: Vec<Pin> = if annotate {
        let t3_checked: Vec<(&SumRule, Outcome)> = checked
            .iter()
            .filter(|(r, _)| r.anchor.table == TableId::T3)
            .map(|(r, o)| (*r, o.clone()))
            .collect();
        culprit::locate(report, &t3_checked)
    } else {
        Vec::new()
    };

    for (rule, outcome) in &checked {
        let Outcome::Fail { actual, expected } = outcome else {
            continue;
        };
        let suspect = pins
            .iter()
            .filter(|p| rule.coef(&p.cell) != 0)
            .map(|p| p.cell.clone())
            .collect();
        let line = report.cell(&rule.anchor).and_then(|c| c.line);
        out.push(
            Finding::new(
                rule.rule,
                format!(
                    "{}: {} {} ≠ {} {}",
                    rule.subject, rule.lhs_name, actual, rule.rhs_name, expected
                ),
            )
            .cells(rule.cells())
            .suspect(suspect)
            .values(*expected as f64, *actual as f64)
            .at(line),
        );
    }

    for pin in &pins {
        let Some(cell) = report.cell(&pin.cell) else {
            continue;
        };
        let Some(written) = cell.value.int() else {
            continue;
        };
        let corrected = i128::from(written) - pin.error;
        out.push(
            Finding::new(
                &T3_5,
                format!(
                    "疑似错误单元格 第{}行×{}列: 填写 {}，按行、列勾稽关系应为 {}",
                    sums::t3_row_name(template, &pin.cell.row),
                    sums::t3_col_name(&pin.cell.col),
                    written,
                    corrected
                ),
            )
            .cells(vec![pin.cell.clone()])
            .suspect(vec![pin.cell.clone()])
            .values(corrected as f64, written as f64)
            .at(cell.line),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::schema::{t3_rows, T3_COLS};
    use crate::report::{CellId, Value};

    fn arithmetic(r: &Report) -> Vec<Finding> {
        let mut out = Vec::new();
        check(&Ctx::new(r), true, &mut out);
        out
    }

    #[test]
    fn consistent_tables_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            assert!(arithmetic(&report(t, year_of(t))).is_empty());
        }
    }

    #[test]
    fn row_sum_message_and_fields() {
        let mut r = report(Template::V2021, 2022);
        let ct = int(&r, "T3", "R1", "CT");
        set(&mut r, "T3", "R1", "CT", Value::Int(ct + 1));
        let f = arithmetic(&r);
        let t31 = f.iter().find(|f| f.rule == "T3-1").cloned();
        let Some(t31) = t31 else {
            panic!("no T3-1 in {f:?}")
        };
        assert_eq!(
            t31.message,
            format!("第（一）予以公开行: 总计 {} ≠ 各列之和 {}", ct + 1, ct)
        );
        assert_eq!(t31.expected, Some(ct as f64));
        assert_eq!(t31.actual, Some((ct + 1) as f64));
        assert_eq!(t31.line, cell_line(&r, "T3", "R1", "CT"));
        assert_eq!(t31.cells.len(), 7);
        assert_eq!(t31.suspect, vec![CellId::t3("R1", "CT")]);
        let t32 = f.iter().find(|f| f.rule == "T3-2").cloned();
        let Some(t32) = t32 else { panic!("no T3-2") };
        assert!(t32.message.starts_with("总计列: （七）总计 "));
        assert_eq!(t32.line, cell_line(&r, "T3", "R7", "CT"));
        assert_eq!(t32.suspect, vec![CellId::t3("R1", "CT")]);
        assert!(f.iter().any(|f| f.rule == "T3-5"));
    }

    #[test]
    fn blank_input_makes_identity_uncertain() {
        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T3", "R1", "C1", Value::Blank);
        set(&mut r, "T3", "R2", "C3", Value::Placeholder);
        set(&mut r, "T3", "R3.1", "C2", Value::Text);
        set(&mut r, "T4", "RV", "keep", Value::Absent);
        assert!(arithmetic(&r).is_empty());
    }

    #[test]
    fn t4_blocks_each_have_their_rule() {
        let mut r = report(Template::V2019, 2020);
        set(&mut r, "T4", "RV", "tot", Value::Int(9));
        set(&mut r, "T4", "LR", "keep", Value::Int(5));
        let f = arithmetic(&r);
        let ids: Vec<&str> = f.iter().map(|f| f.rule.id).collect();
        assert_eq!(ids, vec!["T4-1", "T4-3"]);
        assert!(f[0].message.starts_with("行政复议: 总计 9 ≠ 各结果之和 "));
        assert_eq!(f[0].line, cell_line(&r, "T4", "RV", "tot"));
        assert!(f[0].suspect.is_empty());
    }

    /// Every single-cell change of table 三, for both templates and several
    /// deltas: the culprit is exactly that cell, on every finding.
    #[test]
    fn t3_5_pins_every_single_wrong_cell() {
        for t in [Template::V2021, Template::V2019] {
            let base = report(t, year_of(t));
            let mut n = 0;
            for row in t3_rows(t) {
                for col in T3_COLS {
                    for delta in [1i64, -1, 7] {
                        let mut r = base.clone();
                        let v = int(&r, "T3", row.id, col.id);
                        set(&mut r, "T3", row.id, col.id, Value::Int(v + delta));
                        let f = arithmetic(&r);
                        let want = CellId::t3(row.id, col.id);
                        let arith: Vec<&Finding> = f.iter().filter(|f| f.rule != "T3-5").collect();
                        assert!(arith.len() >= 2, "{t:?} {want} {delta}: {arith:?}");
                        assert!(arith.iter().any(|f| f.rule == "T3-1"));
                        for a in &arith {
                            assert_eq!(
                                a.suspect,
                                vec![want.clone()],
                                "{t:?} {want} {delta}: {a:?}"
                            );
                        }
                        let pins: Vec<&Finding> = f.iter().filter(|f| f.rule == "T3-5").collect();
                        assert_eq!(pins.len(), 1);
                        assert_eq!(pins[0].expected, Some(v as f64));
                        n += 1;
                    }
                }
            }
            let cells = if t == Template::V2021 { 175 } else { 161 };
            assert_eq!(n, cells * 3);
        }
    }

    #[test]
    fn t3_5_pins_two_independent_errors() {
        let mut r = report(Template::V2021, 2022);
        let a = int(&r, "T3", "R3.2", "C1");
        let b = int(&r, "T3", "R5.1", "C4");
        set(&mut r, "T3", "R3.2", "C1", Value::Int(a + 2));
        set(&mut r, "T3", "R5.1", "C4", Value::Int(b + 5));
        let f = arithmetic(&r);
        let pins: Vec<CellId> = f
            .iter()
            .filter(|f| f.rule == "T3-5")
            .flat_map(|f| f.suspect.clone())
            .collect();
        assert_eq!(
            pins,
            vec![CellId::t3("R3.2", "C1"), CellId::t3("R5.1", "C4")]
        );
        for x in f.iter().filter(|f| f.rule != "T3-5") {
            assert_eq!(x.suspect.len(), 1, "{x:?}");
        }
    }

    #[test]
    fn t3_5_names_nothing_when_ambiguous() {
        // Equal deltas on the diagonal of a 2×2 block: (R1,C1)+(R2,C2) gives
        // the same residuals as (R1,C2)+(R2,C1). Nothing may be named. (All
        // four cells hold ≥ 1, so non-negativity does not break the tie.)
        let mut r = report(Template::V2021, 2022);
        for (row, col) in [("R1", "C3"), ("R1", "C4"), ("R2", "C3"), ("R2", "C4")] {
            assert!(int(&r, "T3", row, col) >= 1);
        }
        for (row, col) in [("R1", "C3"), ("R2", "C4")] {
            let v = int(&r, "T3", row, col);
            set(&mut r, "T3", row, col, Value::Int(v + 1));
        }
        let f = arithmetic(&r);
        assert!(f.iter().all(|f| f.suspect.is_empty()), "{f:?}");
        assert!(f.iter().all(|f| f.rule != "T3-5"));

        // Two errors in one column: the column residual fits neither.
        let mut r = report(Template::V2021, 2022);
        for (row, d) in [("R1", 1), ("R4.1", 2)] {
            let v = int(&r, "T3", row, "C1");
            set(&mut r, "T3", row, "C1", Value::Int(v + d));
        }
        let f = arithmetic(&r);
        assert!(f.iter().all(|f| f.suspect.is_empty()), "{f:?}");
    }

    #[test]
    fn t3_5_uses_non_negativity_to_break_ties() {
        // Same diagonal, but R1.C2 is 0: it cannot be the cell written one
        // too high, so the only explanation left is (R1,C1) + (R2,C2).
        let mut r = report(Template::V2021, 2022);
        assert_eq!(int(&r, "T3", "R1", "C2"), 0);
        for (row, col) in [("R1", "C1"), ("R2", "C2")] {
            let v = int(&r, "T3", row, col);
            set(&mut r, "T3", row, col, Value::Int(v + 1));
        }
        let pins: Vec<CellId> = arithmetic(&r)
            .iter()
            .filter(|f| f.rule == "T3-5")
            .flat_map(|f| f.suspect.clone())
            .collect();
        assert_eq!(pins, vec![CellId::t3("R1", "C1"), CellId::t3("R2", "C2")]);
    }

    #[test]
    fn t3_5_off_when_disabled() {
        let mut r = report(Template::V2021, 2022);
        let v = int(&r, "T3", "R1", "C1");
        set(&mut r, "T3", "R1", "C1", Value::Int(v + 1));
        let mut out = Vec::new();
        check(&Ctx::new(&r), false, &mut out);
        assert!(!out.is_empty());
        assert!(out.iter().all(|f| f.suspect.is_empty() && f.rule != "T3-5"));
    }
}
