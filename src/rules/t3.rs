//! Table 三 rules beyond the sum identities: T3-4 (implied bounds) and T3-7
//! (rows with only 总计 filled). T3-6 and T3-8 compare the table with the
//! narrative and live in [`super::text`].

use super::catalogue::{T3_4, T3_7};
use super::ctx::Ctx;
use super::sums::{self, t3_col_name, t3_row_name, Outcome};
use super::tables::{readable, t3_template};
use super::values::ct_only_rows;
use super::Finding;
use crate::report::schema::T3_COLS;
use crate::report::CellId;

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(t3) = readable(r.t3.as_ref()) else {
        return;
    };
    let Some(tpl) = t3_template(r) else { return };
    t3_4(r, tpl, out);
    for row in ct_only_rows(t3) {
        let cells: Vec<CellId> = T3_COLS.iter().map(|c| CellId::t3(row, c.id)).collect();
        let line = t3.cell(row, "CT").map_or(t3.line, |c| c.line.unwrap_or(0));
        out.push(
            Finding::new(
                &T3_7,
                format!(
                    "第{}行只填了总计，六类申请人均为空白，行和无法核对",
                    t3_row_name(tpl, row)
                ),
            )
            .cells(cells)
            .at(line),
        );
    }
}

/// T3-4 (E6): A4.c ≤ A1.c + A2.c and R7.c ≤ A1.c + A2.c.
///
/// With all four cells known these bounds follow from T3-3 plus
/// non-negativity, so reporting them next to a failing T3-3 would only
/// repeat it. They earn their place when T3-3 cannot be decided (R7 or A4
/// blank): then a bound can still be checked, and it points at the cell.
fn t3_4(r: &Ctx<'_>, tpl: crate::report::Template, out: &mut Vec<Finding>) {
    let rules = sums::rules_for(tpl);
    for col in T3_COLS {
        let decided = rules
            .iter()
            .find(|x| x.rule == "T3-3" && x.anchor.col == col.id)
            .map(|x| !matches!(sums::eval(x, r), Outcome::Uncertain { .. }))
            .unwrap_or(false);
        if decided {
            continue;
        }
        let get = |row: &str| r.value(&CellId::t3(row, col.id)).int().map(i128::from);
        let (Some(a1), Some(a2)) = (get("A1"), get("A2")) else {
            continue;
        };
        let came_in = a1 + a2;
        for (row, what) in [("A4", "结转下年度"), ("R7", "（七）总计")] {
            let Some(v) = get(row) else { continue };
            if v > came_in {
                let id = CellId::t3(row, col.id);
                let line = r.cell(&id).and_then(|c| c.line);
                out.push(
                    Finding::new(
                        &T3_4,
                        format!(
                            "{}列: {what} {v} 大于 新收+上年结转 {came_in}（{}）",
                            t3_col_name(col.id),
                            t3_row_name(tpl, row)
                        ),
                    )
                    .cells(vec![
                        CellId::t3("A1", col.id),
                        CellId::t3("A2", col.id),
                        id.clone(),
                    ])
                    .values(came_in as f64, v as f64)
                    .at(line),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::{Report, Template, Value};

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            assert!(run(&report(t, year_of(t))).is_empty());
        }
    }

    #[test]
    fn t3_4_only_when_t3_3_is_undecided() {
        let mut r = report(Template::V2021, 2022);
        let a = int(&r, "T3", "A1", "C1") + int(&r, "T3", "A2", "C1");
        set(&mut r, "T3", "A4", "C1", Value::Int(a + 3));
        assert!(run(&r).is_empty(), "T3-3 decides this one");
        set(&mut r, "T3", "R7", "C1", Value::Blank);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T3-4"]);
        // Either side of a bound may be wrong: no suspect is named.
        assert!(f[0].suspect.is_empty());
        assert!(f[0].cells.contains(&CellId::t3("A4", "C1")));
    }

    #[test]
    fn t3_7_ct_only_rows() {
        let mut r = report(Template::V2021, 2022);
        for col in ["C1", "C2", "C3", "C4", "C5", "C6"] {
            set(&mut r, "T3", "R1", col, Value::Blank);
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["T3-7"]);
        assert!(f[0].message.contains("（一）予以公开"));
        assert_eq!(f[0].line, Some(102));
    }
}
