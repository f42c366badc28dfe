//! Sum identities (勾稽关系) expanded over cell ids.
//!
//! The identities themselves are data in
//! [`crate::report::template::identities`], one line each; this module
//! expands every instance of each into a [`SumRule`] (`Σ lhs = Σ rhs` over
//! the cells of one report) and evaluates it. One declaration serves both
//! templates: table 三 has 19 or 21 result leaves, and the expansion asks the
//! schema which.
//!
//! The same list drives the findings (T3-1/2/3, T4-1/2/3) and the culprit
//! search of T3-5, which needs every identity as a linear equation over cells.

use super::catalogue::{rule_info, Rule};
use super::ctx::Ctx;
use crate::report::schema::{Template, T3_COLS};
use crate::report::template::identities::{Identity, Scope, IDENTITIES};
use crate::report::{CellId, TableId, Value};
use std::sync::OnceLock;

/// One identity `Σ lhs = Σ rhs` over cells of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct SumRule {
    /// The rule a failure is reported under.
    pub rule: &'static Rule,
    /// Where the identity it comes from holds (the culprit search tells row
    /// identities from column identities by it).
    pub scope: Scope,
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
    expand(IDENTITIES, t)
}

/// Every instance of `identities` in a template, as sum rules. An identity
/// whose rule is not declared in the catalogue gives none (a test keeps
/// every identity declared).
fn expand(identities: &[Identity], t: Template) -> Vec<SumRule> {
    let mut out = Vec::new();
    for identity in identities {
        let Some(rule) = rule_info(identity.rule) else {
            continue;
        };
        for inst in identity.expand(t) {
            let subject = match identity.scope {
                Scope::EachT3Row => format!("第{}行", t3_row_name(t, inst.at)),
                Scope::EachT3Column => format!("{}列", t3_col_name(inst.at)),
                Scope::T4Block(_, name) => name.to_string(),
            };
            let Some(anchor) = inst.stated.first().cloned() else {
                continue;
            };
            out.push(SumRule {
                rule,
                scope: identity.scope,
                subject,
                lhs: inst.stated,
                rhs: inst.parts,
                lhs_name: identity.stated_name,
                rhs_name: identity.parts_name,
                anchor,
            });
        }
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

    /// Adding an identity is one line: one more [`Identity`] value, and
    /// nothing else, gives a rule on every instance of its scope with its
    /// cells, subject and names, and leaves every other rule as it was. (The
    /// flat reader's tie-break takes the same list; see
    /// `forms::flat` `a_new_column_identity_filters_splits`.) The identity is
    /// reported under a declared rule; a new rule id is also declared once
    /// in the catalogue.
    #[test]
    fn a_new_identity_is_one_line() {
        use crate::report::template::identities::Term::Id;
        let new = Identity {
            rule: "T3-3",
            scope: Scope::EachT3Column,
            stated: &[Id("A1")],
            parts: &[Id("R1"), Id("R2")],
            stated_name: "新收",
            parts_name: "公开+部分公开",
        };
        for t in [Template::V2019, Template::V2021] {
            let mut list = IDENTITIES.to_vec();
            list.push(new);
            let with = expand(&list, t);
            let without = sum_rules(t);
            assert_eq!(with[..without.len()], without[..]);
            let added = &with[without.len()..];
            assert_eq!(added.len(), 7);
            assert!(added.iter().all(|r| r.rule.id == "T3-3"));
            assert_eq!(added[1].subject, "商业企业列");
            assert_eq!(added[1].lhs, vec![CellId::t3("A1", "C2")]);
            assert_eq!(
                added[1].rhs,
                vec![CellId::t3("R1", "C2"), CellId::t3("R2", "C2")]
            );
            assert_eq!(added[1].anchor, CellId::t3("A1", "C2"));
            assert_eq!(
                (added[1].lhs_name, added[1].rhs_name),
                ("新收", "公开+部分公开")
            );
        }
    }

    /// Every identity of the list is expanded into rules for both templates.
    #[test]
    fn every_identity_is_checked() {
        for t in [Template::V2019, Template::V2021] {
            let rules = sum_rules(t);
            for i in IDENTITIES {
                let n = rules.iter().filter(|r| r.rule.id == i.rule).count();
                assert_eq!(n, i.expand(t).len(), "{} {t:?}", i.rule);
                assert!(n > 0);
            }
        }
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
