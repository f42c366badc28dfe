//! Every finding names a declared rule (issue 13): run the rules over the
//! samples, the fixtures and synthetic reports (valid, with a wrong cell,
//! with lines dropped or repeated, and as one agency's series of years for
//! the cross-report rules) and check that each finding's rule is one of the
//! statics listed in the catalogue. A rule made outside `declare_rule!`, or
//! declared but left out of `RULES`, fails here.

use ogi_lens::corpus;
use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::Report;
use ogi_lens::rules::{self, Finding, RuleSet, RULES};
use ogi_lens::synth::{random_report, render, series_report, t3_cells, with_t3_change, Layout};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The ids of undeclared rules among these findings (empty when all are
/// declared), and the declared ids seen.
fn audit<'a>(
    findings: impl Iterator<Item = &'a Finding>,
    seen: &mut BTreeSet<&'static str>,
) -> Vec<String> {
    let mut bad = Vec::new();
    for f in findings {
        if RULES.iter().any(|r| std::ptr::eq(*r, f.rule)) {
            seen.insert(f.rule.id);
        } else {
            bad.push(format!("{} ({})", f.rule.id, f.message));
        }
    }
    bad
}

/// Drop every `k`-th line, then repeat every `k+1`-th: sections, rows and
/// headings go missing or come twice, which reaches the structure rules.
fn mangle(text: &str, k: usize) -> String {
    let mut out = String::new();
    for (i, l) in text.lines().enumerate() {
        if i % k == k - 1 {
            continue;
        }
        out.push_str(l);
        out.push('\n');
        if i % (k + 1) == k {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn every_emitted_rule_is_declared() {
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();

    // Samples and fixtures, with the cross-report rules over each folder.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for dir in ["sample-data", "tests/fixtures"] {
        let found = corpus::discover(&[root.join(dir)]);
        assert!(!found.files.is_empty(), "{dir} has no reports");
        let checked = corpus::check_all(&found.files, &RuleSet::default());
        let cross = corpus::cross(&checked, &RuleSet::default());
        bad.extend(audit(checked.iter().flat_map(|c| &c.findings), &mut seen));
        bad.extend(audit(cross.iter(), &mut seen));
    }

    // Synthetic reports in every layout: as generated, with one table 三
    // cell off by one, and mangled.
    for seed in 0..40u64 {
        let r = random_report(seed);
        let cells = t3_cells(&r);
        let wrong = cells
            .get(seed as usize % cells.len().max(1))
            .map(|c| with_t3_change(&r, c, 1));
        for layout in Layout::ALL {
            let mut texts = vec![
                render(&r, layout),
                mangle(&render(&r, layout), 3 + seed as usize % 5),
            ];
            if let Some(w) = &wrong {
                texts.push(render(w, layout));
            }
            for text in texts {
                let path = format!("synth.{}", layout.extension());
                let report = parse_bytes(&path, text.as_bytes());
                let f = rules::check_report(&report, &RuleSet::default());
                bad.extend(audit(f.iter(), &mut seen));
            }
        }
    }

    // One agency's years, with a copied year and a duplicate, for X-* and
    // META-4.
    let mut series: Vec<Report> = Vec::new();
    for (i, year) in [2019, 2020, 2021, 2022, 2022, 2023].into_iter().enumerate() {
        let seed = if year == 2023 { 3 } else { i as u64 };
        let r = series_report(seed, "某市某区科学技术局", year);
        let path = format!("series/{i}_{year}.txt");
        series.push(parse_bytes(&path, render(&r, Layout::Tsv).as_bytes()));
    }
    let refs: Vec<&Report> = series.iter().collect();
    let cross = rules::check_cross(&refs, &RuleSet::default());
    bad.extend(audit(cross.iter(), &mut seen));
    assert!(
        cross.iter().any(|f| f.rule == "META-4"),
        "the series should reach the cross rules: {cross:?}"
    );

    assert!(bad.is_empty(), "findings of undeclared rules: {bad:?}");
    // The corpora above reach most families; a run that saw almost nothing
    // would prove nothing.
    assert!(seen.len() >= 40, "only {} rules seen: {seen:?}", seen.len());
}
