//! Sum identities (勾稽关系) declared as data over cell ids.
//!
//! Every arithmetic identity of SPEC §6 that the single-report rules check is
//! one [`SumRule`]: `Σ lhs = Σ rhs`. The list is generated from the template
//! schema, so one declaration serves both templates (table 三 has 19 or 21
//! result leaves; the generator asks [`schema::t3_leaves`]). Adding an
//! identity is one `push` in [`sum_rules`].
//!
//! The same list drives the findings (T3-1/2/3, T4-1/2/3) and the culprit
//! search of T3-5, which needs every identity as a linear equation over cells.

use super::catalogue::{Rule, T3_1, T3_2, T3_3, T4_1, T4_2, T4_3};
use super::ctx::Ctx;
use crate::report::schema::{self, Template, T3_COLS, T4_COLS};
use crate::report::{CellId, TableId, Value};
use std::sync::OnceLock;

/// One identity `Σ lhs = Σ rhs` over cells of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct SumRule {
    /// The rule a failure is reported under.
    pub rule: &'static Rule,
    /// What the identity is about, for the message (`第（一）予以公开行`, `自然人列`).
    pub subject: String,
    /// The stated side (a printed total): its sum is the finding's `actual`.
    pub lhs: Vec<CellId>,
    /// The computed side (the parts): its sum is the finding's `expected`.
    pub rhs: Vec<CellId>,
    /// Names of the two sides for the message (`总计`, `各列之和`).
    pub lhs_name: &'static str,
    pub rhs_name: &'static str,
    /// The cell whose source line the finding points at.
    pub anchor: CellId,
}

impl SumRule {
    /// Every cell the identity looks at, stated side first.
    pub fn cells(&self) -> Vec<CellId> {
        self.lhs.iter().chain(self.rhs.iter()).cloned().collect()
    }

    /// The coefficient of a cell in `Σ lhs − Σ rhs` (0 when not involved).
    /// A cell listed on both sides cancels; no generated rule does that.
    pub fn coef(&self, cell: &CellId) -> i64 {
        let l = self.lhs.iter().filter(|c| *c == cell).count() as i64;
        let r = self.rhs.iter().filter(|c| *c == cell).count() as i64;
        l - r
    }
}

/// The outcome of one identity on one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// Both sides are known and differ: `actual` = Σ lhs, `expected` = Σ rhs.
    Fail {
        actual: i128,
        expected: i128,
    },
    /// An input is blank, a placeholder, absent, text or not an integer: the
    /// identity cannot be decided (SPEC §5), and never fires as an error.
    Uncertain {
        missing: Vec<CellId>,
    },
}

impl Outcome {
    /// `Σ lhs − Σ rhs` for a decided identity.
    pub fn residual(&self) -> Option<i128> {
        match self {
            Outcome::Pass => Some(0),
            Outcome::Fail { actual, expected } => Some(actual - expected),
            Outcome::Uncertain { .. } => None,
        }
    }
}

/// Evaluate one identity. Counts are summed in i128, so no input can overflow.
pub fn eval(rule: &SumRule, report: &Ctx<'_>) -> Outcome {
    eval_with(rule, report, false)
}

/// Evaluate under the "blank = 0" reading SPEC §5 allows as a second
/// opinion (many reports leave 0 cells empty). Only for messages: a rule
/// never fires as an error on this reading.
pub fn eval_blank_as_zero(rule: &SumRule, report: &Ctx<'_>) -> Outcome {
    eval_with(rule, report, true)
}

fn eval_with(rule: &SumRule, report: &Ctx<'_>, blank_is_zero: bool) -> Outcome {
    let mut missing = Vec::new();
    let mut side = |cells: &[CellId]| -> i128 {
        let mut s: i128 = 0;
        for c in cells {
            match report.value(c) {
                Value::Int(n) => s += i128::from(*n),
                Value::Blank | Value::Placeholder if blank_is_zero => {}
                _ => missing.push(c.clone()),
            }
        }
        s
    };
    let actual = side(&rule.lhs);
    let expected = side(&rule.rhs);
    if !missing.is_empty() {
        Outcome::Uncertain { missing }
    } else if actual == expected {
        Outcome::Pass
    } else {
        Outcome::Fail { actual, expected }
    }
}

fn t3(row: &str, col: &str) -> CellId {
    CellId::new(TableId::T3, row, col)
}

/// A short name of a table 三 row for messages: the label without the
/// parenthetical note of R2, prefixed by its group for numbered sub-rows.
pub fn t3_row_name(t: Template, row: &str) -> String {
    let label = super::ctx::row_label(TableId::T3, t, row);
    let label = match label.find("（区分") {
        Some(i) => label[..i].to_string(),
        None => label,
    };
    let group = match row.split('.').next() {
        Some("R3") if row.contains('.') => "（三）",
        Some("R4") if row.contains('.') => "（四）",
        Some("R5") if row.contains('.') => "（五）",
        Some("R6") if row.contains('.') => "（六）",
        _ => "",
    };
    format!("{group}{label}")
}

/// The header label of a table 三 column (`自然人`, `总计`).
pub fn t3_col_name(col: &str) -> &'static str {
    T3_COLS
        .iter()
        .find(|c| c.id == col)
        .map(|c| c.label)
        .unwrap_or("")
}

/// Table 四 rows and the rule that checks each block (E4).
static T4_BLOCKS: &[(&str, &Rule, &str)] = &[
    ("RV", &T4_1, "行政复议"),
    ("LD", &T4_2, "行政诉讼（未经复议直接起诉）"),
    ("LR", &T4_3, "行政诉讼（复议后起诉）"),
];

/// [`sum_rules`] of a template, generated once per process: three rule
/// families ask for the list on every report, and building it (subjects,
/// cell lists) cost a tenth of the checker's time.
pub fn rules_for(t: Template) -> &'static [SumRule] {
    static RULES: OnceLock<[Vec<SumRule>; 2]> = OnceLock::new();
    let all = RULES.get_or_init(|| [sum_rules(Template::V2019), sum_rules(Template::V2021)]);
    match t {
        Template::V2019 => &all[0],
        Template::V2021 => &all[1],
    }
}

/// Every sum identity of a template, in reporting order.
pub fn sum_rules(t: Template) -> Vec<SumRule> {
    let mut out = Vec::new();
    let parts: Vec<&str> = T3_COLS
        .iter()
        .map(|c| c.id)
        .filter(|c| *c != "CT")
        .collect();

    // E1 / T3-1: every value row, CT = C1 + … + C6.
    for row in schema::t3_rows(t) {
        out.push(SumRule {
            rule: &T3_1,
            subject: format!("第{}行", t3_row_name(t, row.id)),
            lhs: vec![t3(row.id, "CT")],
            rhs: parts.iter().map(|c| t3(row.id, c)).collect(),
            lhs_name: "总计",
            rhs_name: "各列之和",
            anchor: t3(row.id, "CT"),
        });
    }
    let leaves = schema::t3_leaves(t);
    for col in T3_COLS {
        // E2 / T3-2: R7.c = Σ result leaves of c.
        out.push(SumRule {
            rule: &T3_2,
            subject: format!("{}列", col.label),
            lhs: vec![t3("R7", col.id)],
            rhs: leaves.iter().map(|r| t3(r, col.id)).collect(),
            lhs_name: "（七）总计",
            rhs_name: "各项办理结果之和",
            anchor: t3("R7", col.id),
        });
    }
    for col in T3_COLS {
        // E3 / T3-3, the printed 勾稽关系: A1 + A2 = R7 + A4. The handled side
        // is the stated one, so `expected` is what came in (A1 + A2).
        out.push(SumRule {
            rule: &T3_3,
            subject: format!("{}列", col.label),
            lhs: vec![t3("R7", col.id), t3("A4", col.id)],
            rhs: vec![t3("A1", col.id), t3("A2", col.id)],
            lhs_name: "（七）总计+结转下年度",
            rhs_name: "新收+上年结转",
            anchor: t3("R7", col.id),
        });
    }
    // E4 / T4-1..3: tot = keep + corr + oth + pend, per block.
    for (row, rule, name) in T4_BLOCKS {
        let cell = |c: &str| CellId::new(TableId::T4, *row, c);
        out.push(SumRule {
            rule,
            subject: (*name).to_string(),
            lhs: vec![cell("tot")],
            rhs: T4_COLS
                .iter()
                .filter(|c| c.id != "tot")
                .map(|c| cell(c.id))
                .collect(),
            lhs_name: "总计",
            rhs_name: "各结果之和",
            anchor: cell("tot"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_rules_match_spec_counts() {
        let new = sum_rules(Template::V2021);
        let count = |rs: &[SumRule], id: &str| rs.iter().filter(|r| r.rule == id).count();
        assert_eq!(count(&new, "T3-1"), 25);
        assert_eq!(count(&new, "T3-2"), 7);
        assert_eq!(count(&new, "T3-3"), 7);
        assert_eq!(count(&new, "T4-1"), 1);
        let old = sum_rules(Template::V2019);
        assert_eq!(count(&old, "T3-1"), 23);
        let t32 = old.iter().find(|r| r.rule == "T3-2").map(|r| r.rhs.len());
        assert_eq!(t32, Some(19));
    }

    #[test]
    fn row_names_are_readable() {
        assert_eq!(t3_row_name(Template::V2021, "R2"), "（二）部分公开");
        assert_eq!(
            t3_row_name(Template::V2021, "R3.2"),
            "（三）2.其他法律行政法规禁止公开"
        );
        assert_eq!(t3_row_name(Template::V2019, "R6"), "（六）其他处理");
    }
}
