//! Precision of the checker on a seeded random corpus: defects injected vs
//! found (and the culprit named), and false findings on clean reports.
//!
//!     cargo run --release --example precision -- [SEEDS]
//!
//! Every generated report is rendered in one of the seven layouts (rotating
//! with the seed), parsed and checked. Defects, one kind at a time:
//! * one table 三 value changed (±1, ±2, +7, +13): caught by an arithmetic
//!   error, and is it the one suspect?
//! * two table 三 values changed in different rows and columns: caught, and
//!   is every named suspect one of the two (never a wrong cell)?
//! * one table 四 value changed: caught by T4-1/2/3? (No culprit is named
//!   there: a block of five has one identity, so a wrong part and a wrong
//!   total look the same.)
//! * a clean report: any error or warning is a false finding.
use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{CellId, TableId};
use ogi_lens::rules::{check_report, RuleSet};
use ogi_lens::rules::{Finding, Severity};
use ogi_lens::synth::{
    encode, random_report, render, t3_cells, Encoding, Layout, Rng, SynthReport, SynthValue,
};
use std::collections::BTreeMap;

fn check(r: &SynthReport, layout: Layout) -> Vec<Finding> {
    let text = render(r, layout);
    let bytes = encode(&text, Encoding::Utf8);
    let path = format!("precision.{}", layout.extension());
    check_report(&parse_bytes(&path, &bytes), &RuleSet::default())
}

fn change(r: &SynthReport, cell: &CellId, delta: i64) -> SynthReport {
    let mut out = r.clone();
    if let Some(SynthValue::Int(v)) = out.values.get_mut(cell) {
        let nv = *v + delta;
        *v = if nv >= 0 { nv } else { *v + delta.abs() };
    }
    out
}

fn arithmetic(f: &Finding) -> bool {
    f.severity == Severity::Error
        && ["T3-1", "T3-2", "T3-3", "T3-4", "T4-1", "T4-2", "T4-3"].contains(&f.rule.id)
}

fn suspects(fs: &[Finding]) -> Vec<CellId> {
    let mut v: Vec<CellId> = fs.iter().flat_map(|f| f.suspect.iter().cloned()).collect();
    v.sort();
    v.dedup();
    v
}

#[derive(Default)]
struct Tally {
    n: usize,
    caught: usize,
    exact: usize,
    wrong_suspect: usize,
}

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let mut clean_reports = 0usize;
    let mut clean_false: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut clean_infos = 0usize;
    let (mut one, mut two, mut t4) = (Tally::default(), Tally::default(), Tally::default());
    for seed in 0..seeds {
        let r = random_report(seed);
        let layout = Layout::ALL[seed as usize % Layout::ALL.len()];
        let mut rng = Rng::new(seed ^ 0x5EED);
        clean_reports += 1;
        for f in check(&r, layout) {
            match f.severity {
                Severity::Info => clean_infos += 1,
                _ => *clean_false.entry(f.rule.id).or_default() += 1,
            }
        }
        let cells = t3_cells(&r);
        // One wrong value.
        for _ in 0..4 {
            let cell = cells[rng.below(cells.len() as u64) as usize].clone();
            let delta = rng.pick(&[1i64, -1, 2, -2, 7, 13]);
            let fs = check(&change(&r, &cell, delta), layout);
            one.n += 1;
            if fs.iter().any(arithmetic) {
                one.caught += 1;
            }
            let s = suspects(&fs);
            if s == vec![cell.clone()] {
                one.exact += 1;
            } else if s.iter().any(|x| *x != cell) {
                one.wrong_suspect += 1;
            }
        }
        // Two wrong values in different rows and columns.
        for _ in 0..2 {
            let a = cells[rng.below(cells.len() as u64) as usize].clone();
            let b = cells[rng.below(cells.len() as u64) as usize].clone();
            if a.row == b.row || a.col == b.col {
                continue;
            }
            let bad = change(
                &change(&r, &a, rng.pick(&[1i64, 3, -2])),
                &b,
                rng.pick(&[2i64, 5, -1]),
            );
            let fs = check(&bad, layout);
            two.n += 1;
            if fs.iter().any(arithmetic) {
                two.caught += 1;
            }
            let s = suspects(&fs);
            if s.len() == 2 && s.contains(&a) && s.contains(&b) {
                two.exact += 1;
            }
            if s.iter().any(|x| *x != a && *x != b) {
                two.wrong_suspect += 1;
            }
        }
        // One wrong table 四 value.
        let block = rng.pick(&["RV", "LD", "LR"]);
        let col = rng.pick(&["keep", "corr", "oth", "pend", "tot"]);
        let cell = CellId::new(TableId::T4, block, col);
        let fs = check(&change(&r, &cell, rng.pick(&[1i64, 2, 5])), layout);
        t4.n += 1;
        if fs
            .iter()
            .any(|f| arithmetic(f) && f.rule.id.starts_with("T4-"))
        {
            t4.caught += 1;
        }
    }
    println!("seeds {seeds}, layouts rotating over {}", Layout::ALL.len());
    println!(
        "clean reports {clean_reports}: false errors/warnings {} {:?}; infos {clean_infos}",
        clean_false.values().sum::<usize>(),
        clean_false
    );
    for (name, t) in [
        ("one T3 value wrong", &one),
        ("two T3 values wrong", &two),
        ("one T4 value wrong", &t4),
    ] {
        println!(
            "{name:<20} injected {:>5}  caught {:>5} ({:.1}%)  culprit(s) named exactly {:>5} ({:.1}%)  a wrong cell named {}",
            t.n,
            t.caught,
            100.0 * t.caught as f64 / t.n.max(1) as f64,
            t.exact,
            100.0 * t.exact as f64 / t.n.max(1) as f64,
            t.wrong_suspect
        );
    }
}
