//! Round trip: synthetic reports with known contents, rendered in every layout
//! and encoding, must parse back cell for cell; and one changed table-三 value
//! must be named — alone — as the suspect of the findings it causes.
//!
//! The reports come from `ogi_lens::synth` (deterministic in the seed), so a
//! failure names a seed and a layout that replay exactly; the rendered text of
//! a failing report is written to `target/roundtrip-fail-<seed>-<layout>.txt`.
//! Per-layout counts are printed (run with `--nocapture` to see them on
//! success).

use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{CellId, Report, Value};
use ogi_lens::rules::{check_report, RuleSet};
use ogi_lens::rules::{Finding, Severity};
use ogi_lens::synth::{
    encode, expected_cells, random_report, render, t3_cells, with_t3_change, Encoding, Layout, Rng,
    SynthReport,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Seeds per layout in the cell round trip.
const SEEDS: u64 = 200;
/// Seeds in the defect test (2 sampled cells each, all cells for the first
/// one). Sized so the whole file stays near 30 s of CPU in debug.
const DEFECT_SEEDS: u64 = 60;
const SAMPLED_CELLS: usize = 2;
const ALL_CELL_SEEDS: u64 = 1;
/// Failures listed in a panic message.
const SHOWN: usize = 12;
/// Failing reports whose text is written to `target/`, per test.
const DUMPED: usize = 10;

fn encoding_for(seed: u64, layout: Layout) -> Encoding {
    Encoding::ALL[(seed as usize + layout as usize) % Encoding::ALL.len()]
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Money(x), Value::Money(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Write the text of a failing report where it is easy to find.
fn dump(seed: u64, layout: Layout, tag: &str, text: &str) -> String {
    let dir = target_dir();
    let _ = std::fs::create_dir_all(&dir);
    let p = dir.join(format!("roundtrip-fail-{seed}-{}{tag}.txt", layout.name()));
    match std::fs::write(&p, text) {
        Ok(()) => p.display().to_string(),
        Err(e) => format!("(could not write {}: {e})", p.display()),
    }
}

fn parse(r: &SynthReport, seed: u64, layout: Layout) -> (String, Report, Encoding) {
    let enc = encoding_for(seed, layout);
    let text = render(r, layout);
    let bytes = encode(&text, enc);
    let path = format!("synth/{seed:04}-{}.{}", layout.name(), layout.extension());
    let report = parse_bytes(&path, &bytes);
    (text, report, enc)
}

#[derive(Default)]
struct Stats {
    reports: usize,
    reports_exact: usize,
    cells: usize,
    cells_exact: usize,
    /// Cells whose `line` shows the raw text of the cell.
    lines_pointing_at_value: usize,
    errors: usize,
    /// Warnings and infos on valid reports, by rule.
    other_findings: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

fn run_layout(layout: Layout) {
    let mut st = Stats::default();
    for seed in 0..SEEDS {
        let r = random_report(seed);
        let (text, rep, enc) = parse(&r, seed, layout);
        let mut problems: Vec<String> = Vec::new();
        if rep.agency.as_deref() != Some(r.agency.as_str()) {
            problems.push(format!(
                "agency: read {:?}, expected {:?}",
                rep.agency, r.agency
            ));
        }
        if rep.year != Some(r.year) {
            problems.push(format!("year: read {:?}, expected {}", rep.year, r.year));
        }
        if rep.template != Some(r.template) {
            problems.push(format!(
                "template: read {:?}, expected {:?}",
                rep.template, r.template
            ));
        }
        for (id, want) in expected_cells(&r) {
            st.cells += 1;
            match rep.cell(&id) {
                Some(c) if same(&c.value, &want) && c.line.is_some_and(|l| l > 0) => {
                    st.cells_exact += 1;
                    let raw = c.raw.trim();
                    let source = c.line.and_then(|n| rep.line(n));
                    if !raw.is_empty() && source.is_some_and(|l| l.contains(raw)) {
                        st.lines_pointing_at_value += 1;
                    }
                }
                Some(c) => problems.push(format!(
                    "{id}: read {:?} (raw {:?}, line {:?}), expected {want:?}",
                    c.value, c.raw, c.line
                )),
                None => problems.push(format!("{id}: no such cell, expected {want:?}")),
            }
        }
        for f in check_report(&rep, &RuleSet::default()) {
            if f.severity == Severity::Error {
                st.errors += 1;
                problems.push(format!("error finding {}: {}", f.rule, f.message));
            } else {
                *st.other_findings.entry(f.rule.id).or_default() += 1;
            }
        }
        st.reports += 1;
        if problems.is_empty() {
            st.reports_exact += 1;
        } else {
            let file = if st.failures.len() < DUMPED {
                dump(seed, layout, "", &text)
            } else {
                "(not written)".to_string()
            };
            let n = problems.len();
            problems.truncate(5);
            st.failures.push(format!(
                "seed {seed} {} {}: {} problem(s): {}{} — text in {file}",
                layout.name(),
                enc.name(),
                n,
                problems.join("; "),
                if n > 5 { "; …" } else { "" }
            ));
        }
    }
    println!(
        "roundtrip {:<14} reports {}/{} exact, cells {}/{} exact, {} cell lines show the value, error findings {}, other findings {:?}",
        layout.name(),
        st.reports_exact,
        st.reports,
        st.cells_exact,
        st.cells,
        st.lines_pointing_at_value,
        st.errors,
        st.other_findings
    );
    assert!(
        st.failures.is_empty(),
        "{}: {} of {} reports failed; first ones:\n{}",
        layout.name(),
        st.failures.len(),
        st.reports,
        st.failures
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn roundtrip_tsv() {
    run_layout(Layout::Tsv);
}

#[test]
fn roundtrip_cell_per_line() {
    run_layout(Layout::CellPerLine);
}

#[test]
fn roundtrip_pipe_cells() {
    run_layout(Layout::PipeCells);
}

#[test]
fn roundtrip_markdown() {
    run_layout(Layout::Markdown);
}

#[test]
fn roundtrip_gfm_pipe() {
    run_layout(Layout::GfmPipe);
}

#[test]
fn roundtrip_html() {
    run_layout(Layout::Html);
}

#[test]
fn roundtrip_space_aligned() {
    run_layout(Layout::SpaceAligned);
}

/// What is wrong with the findings for a report whose only defect is `cell`.
fn defect_problem(findings: &[Finding], cell: &CellId) -> Option<String> {
    let with_suspect: Vec<&Finding> = findings.iter().filter(|f| !f.suspect.is_empty()).collect();
    if with_suspect.is_empty() {
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
        return Some(format!("no finding names a suspect (findings: {rules:?})"));
    }
    let wrong: Vec<String> = with_suspect
        .iter()
        .filter(|f| f.suspect.len() != 1 || &f.suspect[0] != cell)
        .map(|f| {
            let s: Vec<String> = f.suspect.iter().map(|c| c.to_string()).collect();
            format!("{} suspects [{}]", f.rule, s.join(", "))
        })
        .collect();
    if wrong.is_empty() {
        None
    } else {
        Some(wrong.join("; "))
    }
}

#[test]
fn one_changed_t3_cell_is_the_suspect() {
    let mut checked: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut dumped = 0;
    for seed in 0..DEFECT_SEEDS {
        let r = random_report(seed);
        let layout = Layout::ALL[seed as usize % Layout::ALL.len()];
        let all = t3_cells(&r);
        let mut rng = Rng::new(seed ^ 0xDEFEC7);
        let cells: Vec<CellId> = if seed < ALL_CELL_SEEDS {
            all
        } else {
            (0..SAMPLED_CELLS)
                .map(|_| all[rng.below(all.len() as u64) as usize].clone())
                .collect()
        };
        for cell in cells {
            let delta = rng.pick(&[1i64, -1, 2, -2, 7, 13]);
            let bad = with_t3_change(&r, &cell, delta);
            let (text, rep, enc) = parse(&bad, seed, layout);
            let findings = check_report(&rep, &RuleSet::default());
            let entry = checked.entry(layout.name()).or_default();
            entry.0 += 1;
            match defect_problem(&findings, &cell) {
                None => entry.1 += 1,
                Some(p) => {
                    let file = if dumped < DUMPED {
                        dumped += 1;
                        let tag =
                            format!("-defect-{}.{}.{}", cell.table.as_str(), cell.row, cell.col);
                        dump(seed, layout, &tag, &text)
                    } else {
                        "(not written)".to_string()
                    };
                    failures.push(format!(
                        "seed {seed} {} {}: changed {cell} by {delta} ({} → {}): {p} — text in {file}",
                        layout.name(),
                        enc.name(),
                        r.values[&cell].int(),
                        bad.values[&cell].int()
                    ));
                }
            }
        }
    }
    for (layout, (n, ok)) in &checked {
        println!("defect {layout:<14} changed cells {n}, suspect exactly that cell {ok}");
    }
    assert!(
        failures.is_empty(),
        "{} defects not localised; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
