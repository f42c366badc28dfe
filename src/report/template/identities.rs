//! The 勾稽关系 of SPEC §6 as data: one line per identity.
//!
//! An identity says that the stated side (a printed total) equals the sum of
//! its parts, once for every instance of its scope: every row of table 三,
//! every column of table 三, or one block of table 四. The terms of a side
//! name rows or columns along the coordinate the scope leaves free.
//!
//! Two consumers expand this list, and neither restates an identity:
//! * the rules (`rules::sums`) turn each instance into a sum rule over cell
//!   ids, whose failures are findings and whose residuals feed the culprit
//!   search of T3-5;
//! * the flat reader (`forms::flat`) settles table 三 rows whose digits split
//!   several ways by keeping the splits under which the column identities
//!   hold.
//!
//! So adding an identity is one line in [`IDENTITIES`]; the test
//! `a_new_identity_is_one_line` in `rules::sums` proves it.

use super::schema::{t3_rows, Template, T3_COLS, T4_COLS};
use super::{CellId, TableId};

/// Where an identity holds: the instances it is checked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every row of table 三; the terms name columns.
    EachT3Row,
    /// Every column of table 三; the terms name rows.
    EachT3Column,
    /// One block (row) of table 四, by row id and its name in messages; the
    /// terms name columns.
    T4Block(&'static str, &'static str),
}

/// One term of a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// One row or column by id, along the scope's free coordinate.
    Id(&'static str),
    /// The result leaves of table 三 in the template (19 or 21 rows).
    Leaves,
    /// Every column of the row that is not on the stated side.
    Others,
}

/// One 勾稽关系: `Σ stated = Σ parts` on every instance of `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// The rule a failure is reported under.
    pub rule: &'static str,
    pub scope: Scope,
    /// The printed side: its sum is a finding's `actual`.
    pub stated: &'static [Term],
    /// The computed side: its sum is a finding's `expected`.
    pub parts: &'static [Term],
    /// Names of the two sides in messages (`总计`, `各列之和`).
    pub stated_name: &'static str,
    pub parts_name: &'static str,
}

use Scope::{EachT3Column, EachT3Row, T4Block};
use Term::{Id, Leaves, Others};

const fn identity(
    rule: &'static str,
    scope: Scope,
    stated: &'static [Term],
    parts: &'static [Term],
    stated_name: &'static str,
    parts_name: &'static str,
) -> Identity {
    Identity {
        rule,
        scope,
        stated,
        parts,
        stated_name,
        parts_name,
    }
}

/// Every sum identity the single-report rules check, in reporting order.
#[rustfmt::skip]
pub const IDENTITIES: &[Identity] = &[
    // E1: 总计 = C1 + … + C6 on every row of table 三.
    identity("T3-1", EachT3Row, &[Id("CT")], &[Others], "总计", "各列之和"),
    // E2: （七）总计 = Σ result leaves, per column.
    identity("T3-2", EachT3Column, &[Id("R7")], &[Leaves], "（七）总计", "各项办理结果之和"),
    // E3, the printed 勾稽关系: A1 + A2 = R7 + A4, per column. The handled
    // side is the stated one, so `expected` is what came in (A1 + A2).
    identity("T3-3", EachT3Column, &[Id("R7"), Id("A4")], &[Id("A1"), Id("A2")], "（七）总计+结转下年度", "新收+上年结转"),
    // E4: 总计 = 维持 + 纠正 + 其他 + 未审结, per block of table 四.
    identity("T4-1", T4Block("RV", "行政复议"), &[Id("tot")], &[Others], "总计", "各结果之和"),
    identity("T4-2", T4Block("LD", "行政诉讼（未经复议直接起诉）"), &[Id("tot")], &[Others], "总计", "各结果之和"),
    identity("T4-3", T4Block("LR", "行政诉讼（复议后起诉）"), &[Id("tot")], &[Others], "总计", "各结果之和"),
];

/// One instance of an identity: its cells, stated side first.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The row (for a row or block scope) or column (for a column scope)
    /// the instance is on.
    pub at: &'static str,
    pub stated: Vec<CellId>,
    pub parts: Vec<CellId>,
}

impl Identity {
    /// The table the identity is about.
    pub fn table(&self) -> TableId {
        match self.scope {
            EachT3Row | EachT3Column => TableId::T3,
            T4Block(..) => TableId::T4,
        }
    }

    /// The row or column ids of each side along the free coordinate, for a
    /// template: (stated, parts).
    pub fn sides(&self, t: Template) -> (Vec<&'static str>, Vec<&'static str>) {
        let stated = self.ids(self.stated, t);
        let parts = self.ids(self.parts, t);
        (stated, parts)
    }

    fn ids(&self, terms: &[Term], t: Template) -> Vec<&'static str> {
        let mut out = Vec::new();
        for term in terms {
            match *term {
                Id(id) => out.push(id),
                Leaves => out.extend(t3_rows(t).iter().filter(|r| r.leaf).map(|r| r.id)),
                Others => {
                    let stated = self.ids(self.stated, t);
                    let cols = match self.scope {
                        T4Block(..) => T4_COLS,
                        EachT3Row | EachT3Column => T3_COLS,
                    };
                    out.extend(cols.iter().map(|c| c.id).filter(|c| !stated.contains(c)));
                }
            }
        }
        out
    }

    /// Every instance of the identity in a template, in table order.
    pub fn expand(&self, t: Template) -> Vec<Instance> {
        let (stated, parts) = self.sides(t);
        let table = self.table();
        let instance = |at: &'static str, cell: &dyn Fn(&'static str) -> CellId| Instance {
            at,
            stated: stated.iter().map(|x| cell(x)).collect(),
            parts: parts.iter().map(|x| cell(x)).collect(),
        };
        match self.scope {
            EachT3Row => t3_rows(t)
                .iter()
                .map(|r| instance(r.id, &|col| CellId::new(table, r.id, col)))
                .collect(),
            EachT3Column => T3_COLS
                .iter()
                .map(|c| instance(c.id, &|row| CellId::new(table, row, c.id)))
                .collect(),
            T4Block(row, _) => vec![instance(row, &|col| CellId::new(table, row, col))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC §6: E1 on 25/23 rows, E2 and E3 on 7 columns, E4 on 3 blocks;
    /// E2 sums 21/19 leaves.
    #[test]
    fn instances_match_spec_counts() {
        let count = |t: Template, rule: &str| -> usize {
            IDENTITIES
                .iter()
                .filter(|i| i.rule == rule)
                .map(|i| i.expand(t).len())
                .sum()
        };
        assert_eq!(count(Template::V2021, "T3-1"), 25);
        assert_eq!(count(Template::V2019, "T3-1"), 23);
        for t in [Template::V2019, Template::V2021] {
            assert_eq!(count(t, "T3-2"), 7);
            assert_eq!(count(t, "T3-3"), 7);
            for r in ["T4-1", "T4-2", "T4-3"] {
                assert_eq!(count(t, r), 1);
            }
        }
        let e2 = IDENTITIES.iter().find(|i| i.rule == "T3-2");
        let leaves = |t| e2.map(|i| i.sides(t).1.len());
        assert_eq!(leaves(Template::V2021), Some(21));
        assert_eq!(leaves(Template::V2019), Some(19));
        let e1 = IDENTITIES.iter().find(|i| i.rule == "T3-1");
        let parts = e1.map(|i| i.sides(Template::V2021).1);
        assert_eq!(
            parts,
            Some(vec!["C1", "C2", "C3", "C4", "C5", "C6"]),
            "总计 is not one of its own parts"
        );
    }

    /// Every term names a row or column the template has, so no identity
    /// silently reads absent cells.
    #[test]
    fn every_term_names_a_template_cell() {
        for t in [Template::V2019, Template::V2021] {
            for i in IDENTITIES {
                for inst in i.expand(t) {
                    for c in inst.stated.iter().chain(&inst.parts) {
                        let defined = super::super::schema::col_def(c.table, t, &c.row, &c.col);
                        assert!(defined.is_some(), "{} {t:?}: {c}", i.rule);
                    }
                }
            }
        }
    }
}
