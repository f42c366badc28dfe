//! T3-5: find the cell most likely to hold the mistake in table 三.
//!
//! Every identity of table 三 is a linear equation over cells
//! (`Σ lhs − Σ rhs = 0`). If one cell is written `e` too high, each identity
//! that contains it is off by exactly `coef · e` and all others still hold. A
//! wrong leaf `R3.2.C1` breaks its row (T3-1) and column C1's vertical total
//! (T3-2); a wrong `A1.C2` breaks row A1 and the printed identity of C2
//! (T3-3); a wrong `R7.C3` breaks row R7 and both T3-2 and T3-3 of C3.
//!
//! So the search starts from each failing row sum and asks which of its seven
//! cells explains the row *and* every decided column identity through that
//! cell with one and the same `e`. A cell is named only when that answer is
//! unique in its row and the pinned cells together reproduce every failing
//! residual they touch exactly. Two wrong cells in different rows and columns
//! with different deltas are both pinned; configurations with more than one
//! explanation (for example equal deltas on the diagonal of a 2×2 block) pin
//! nothing. Naming no cell is always allowed; naming a wrong one is not.

use super::ctx::Ctx;
use super::sums::{Outcome, SumRule};
use crate::report::template::identities::Scope;
use crate::report::{CellId, Value};
use std::collections::BTreeMap;

/// A cell pinned as the likely culprit, with how far off it is:
/// `written − error` is the value every identity agrees on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pin {
    pub cell: CellId,
    pub error: i128,
}

/// Find the culprit cells among table 三's identities (T3-1/2/3 outcomes).
pub(crate) fn locate(report: &Ctx<'_>, checked: &[(&SumRule, Outcome)]) -> Vec<Pin> {
    let is_row = |r: &SumRule| r.scope == Scope::EachT3Row;
    let columns: Vec<&(&SumRule, Outcome)> = checked
        .iter()
        .filter(|(r, _)| r.scope == Scope::EachT3Column)
        .collect();

    let mut pins: Vec<Pin> = Vec::new();
    for (row, outcome) in checked.iter().filter(|(r, _)| is_row(r)) {
        let Some(rho) = outcome.residual().filter(|r| *r != 0) else {
            continue;
        };
        let mut candidates = Vec::new();
        for cell in row.cells() {
            let c_row = i128::from(row.coef(&cell));
            if c_row == 0 || rho % c_row != 0 {
                continue;
            }
            let e = rho / c_row;
            let mut decided = 0;
            let mut consistent = true;
            for (col, col_outcome) in &columns {
                let k = i128::from(col.coef(&cell));
                if k == 0 {
                    continue;
                }
                if let Some(res) = col_outcome.residual() {
                    decided += 1;
                    if res != k * e {
                        consistent = false;
                    }
                }
            }
            // A cell whose column identities are all undecided has no
            // second witness; it is not evidence for anything.
            if consistent && decided > 0 && plausible(report, &cell, e) {
                candidates.push(Pin { cell, error: e });
            }
        }
        if candidates.len() == 1 {
            pins.extend(candidates);
        }
    }
    verify(pins, checked)
}

/// The corrected value `written − e` must be a possible count (≥ 0);
/// otherwise one wrong cell is not the explanation.
fn plausible(report: &Ctx<'_>, cell: &CellId, e: i128) -> bool {
    match report.value(cell) {
        Value::Int(n) => i128::from(*n) - e >= 0,
        _ => false,
    }
}

/// Keep only pins that, taken together, reproduce exactly the residual of
/// every decided identity they touch. Drops both pins when two of them claim
/// the same failing column, and any pin whose identity has a second cause.
fn verify(mut pins: Vec<Pin>, checked: &[(&SumRule, Outcome)]) -> Vec<Pin> {
    loop {
        let mut bad: BTreeMap<usize, ()> = BTreeMap::new();
        for (rule, outcome) in checked {
            let Some(res) = outcome.residual() else {
                continue;
            };
            let touching: Vec<usize> = pins
                .iter()
                .enumerate()
                .filter(|(_, p)| rule.coef(&p.cell) != 0)
                .map(|(i, _)| i)
                .collect();
            if touching.is_empty() {
                continue;
            }
            let predicted: i128 = touching
                .iter()
                .filter_map(|i| pins.get(*i))
                .map(|p| i128::from(rule.coef(&p.cell)) * p.error)
                .sum();
            if predicted != res {
                for i in touching {
                    bad.insert(i, ());
                }
            }
        }
        if bad.is_empty() {
            return pins;
        }
        pins = pins
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !bad.contains_key(i))
            .map(|(_, p)| p)
            .collect();
    }
}
