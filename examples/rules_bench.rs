//! Time the single-report rules and the JSON rendering alone, on reports
//! parsed once up front (single thread), so that parser work does not blur
//! the figures:
//!
//! ```text
//! cargo run --release --example rules_bench -- /tmp/bench/corpus-1000 [ROUNDS]
//! ```
use ogi_lens::corpus::{self, Checked};
use ogi_lens::report::parse;
use ogi_lens::rules::{self, RuleSet};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "sample-data".into()));
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let files = corpus::discover(&[dir]).files;
    let t = Instant::now();
    let reports: Vec<_> = files
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            Some(parse::parse_bytes(&p.to_string_lossy(), &bytes))
        })
        .collect();
    eprintln!("parse: {:?} for {} reports", t.elapsed(), reports.len());
    let rs = RuleSet::default();
    let mut n = 0usize;
    let t = Instant::now();
    for _ in 0..rounds {
        for r in &reports {
            n += rules::check_report(r, &rs).len();
        }
    }
    let per = t.elapsed() / rounds as u32;
    eprintln!("rules: {per:?} per round ({n} findings)");
    let checked: Vec<Checked> = reports
        .into_iter()
        .map(|report| {
            let findings = rules::check_report(&report, &rs);
            Checked { report, findings }
        })
        .collect();
    let t = Instant::now();
    let mut bytes = 0usize;
    for _ in 0..rounds {
        for c in &checked {
            bytes += ogi_lens::cli::report_json_pretty(c).len();
        }
    }
    eprintln!(
        "json: {:?} per round ({bytes} bytes)",
        t.elapsed() / rounds as u32
    );
}
