//! The findings a careful reviewer expects, end to end (parse + rules):
//! SPEC §10 for the five samples, the published errors of the real corpus
//! and nothing else, and the cross-year carry-over over one agency.

use ogi_lens::corpus;
use ogi_lens::report::CellId;
use ogi_lens::rules::RuleSet;
use ogi_lens::rules::{Finding, Severity};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn findings(rel: &str) -> Vec<Finding> {
    corpus::check_file(&root().join(rel), &RuleSet::default()).findings
}

fn rules(f: &[Finding]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = f.iter().map(|f| f.rule.id).collect();
    v.sort();
    v.dedup();
    v
}

fn has(f: &[Finding], rule: &str, sev: Severity, text: &str) -> bool {
    f.iter()
        .any(|x| x.rule == rule && x.severity == sev && x.message.contains(text))
}

#[test]
fn spec_10_sample_000() {
    let f = findings("tests/fixtures/samples/000_29ed77745b82a4d4.txt");
    assert!(
        has(&f, "LBL-4", Severity::Warning, "2.其他法律法规禁止公开"),
        "{f:#?}"
    );
    assert!(has(&f, "STRUCT-6", Severity::Error, "16"), "{f:#?}");
    assert!(has(&f, "STRUCT-11", Severity::Warning, ""), "{f:#?}");
    assert!(has(&f, "LBL-2", Severity::Info, "采购总金额"), "{f:#?}");
    // All sums pass (all zeros): no arithmetic finding.
    assert!(!rules(&f)
        .iter()
        .any(|r| r.starts_with("T3-") || r.starts_with("T4-")));
}

#[test]
fn spec_10_sample_001() {
    let f = findings("tests/fixtures/samples/001_748de284c8ce90af.txt");
    assert!(
        has(&f, "LBL-1", Severity::Warning, "六、其他说要报告的事项"),
        "{f:#?}"
    );
    assert!(has(&f, "LBL-7", Severity::Info, "行政检查"), "{f:#?}");
    assert!(has(&f, "LBL-7", Severity::Info, "行政确认"), "{f:#?}");
    assert!(rules(&f).contains(&"T2-7"));
    // NORM 1/1/2 passes T2-3; PROC 9 / 77.0693 passes T2-5.
    assert!(!rules(&f).contains(&"T2-3") && !rules(&f).contains(&"T2-5"));
    assert!(f.iter().all(|x| x.severity != Severity::Error), "{f:#?}");
}

#[test]
fn spec_10_sample_002() {
    let f = findings("tests/fixtures/samples/002_83e9ce68c6cdc0f8.txt");
    assert!(
        has(&f, "LBL-2", Severity::Warning, "本年度止件数"),
        "{f:#?}"
    );
    assert!(has(&f, "VAL-3", Severity::Warning, ""), "{f:#?}");
    let t37: Vec<&Finding> = f.iter().filter(|x| x.rule == "T3-7").collect();
    assert_eq!(t37.len(), 2, "rows （一） and （二） have only 总计");
    // The text says no applications and A1.CT = 0: TXT-2 passes; 六 reports fees: TXT-8 passes.
    assert!(!rules(&f).contains(&"TXT-2") && !rules(&f).contains(&"TXT-8"));
    assert!(f.iter().all(|x| x.severity != Severity::Error), "{f:#?}");
}

#[test]
fn spec_10_sample_003() {
    let f = findings("tests/fixtures/samples/003_0a77b255cdeb4318.txt");
    // T2-1 passes (0,0,5); TXT-8 passes; the web boilerplate after 六 is ignored.
    assert!(!rules(&f).contains(&"T2-1") && !rules(&f).contains(&"TXT-8"));
    assert!(f.iter().all(|x| x.severity == Severity::Info), "{f:#?}");
}

#[test]
fn spec_10_sample_004() {
    let f = findings("tests/fixtures/samples/004_e5c5c0c256c89289.txt");
    assert!(has(&f, "TXT-8", Severity::Warning, ""), "{f:#?}");
    // T2-1 passes (2,0,6); TXT-1/2 pass (0 applications).
    for r in ["T2-1", "TXT-1", "TXT-2"] {
        assert!(!rules(&f).contains(&r), "{r}: {f:#?}");
    }
    assert_eq!(
        f.iter().filter(|x| x.severity >= Severity::Warning).count(),
        1,
        "{f:#?}"
    );
}

#[test]
fn real_corpus_arithmetic_errors_are_exactly_the_published_ones() {
    let dir = root().join("tests/fixtures/real");
    let found = corpus::discover(&[dir]);
    let checked = corpus::check_all(&found.files, &RuleSet::default());
    let mut got: Vec<(String, &'static str)> = Vec::new();
    for c in &checked {
        let name = Path::new(&c.report.path)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for f in &c.findings {
            let arithmetic = ["T3-1", "T3-2", "T3-3", "T3-4", "T4-1", "T4-2", "T4-3"];
            if f.severity == Severity::Error && arithmetic.contains(&f.rule.id) {
                got.push((name.clone(), f.rule.id));
            }
        }
    }
    got.sort();
    let want: Vec<(String, &'static str)> = vec![
        ("kirogov-hongze_2023_1.pdftotext-layout.txt".into(), "T4-1"),
        ("kirogov-hongze_2023_1.pdftotext-layout.txt".into(), "T4-3"),
        ("pingtan_2020_1.html".into(), "T3-2"),
        ("pingtan_2020_1.html".into(), "T3-2"),
        ("pingtan_2020_1.txt".into(), "T3-2"),
        ("pingtan_2020_1.txt".into(), "T3-2"),
    ];
    assert_eq!(got, want);
}

#[test]
fn pingtan_2020_t3_2_names_the_columns() {
    for name in ["pingtan_2020_1.txt", "pingtan_2020_1.html"] {
        let f = findings(&format!("tests/fixtures/real/{name}"));
        let t32: Vec<&Finding> = f.iter().filter(|x| x.rule == "T3-2").collect();
        let cols: Vec<(Option<f64>, Option<f64>)> =
            t32.iter().map(|x| (x.expected, x.actual)).collect();
        assert_eq!(
            cols,
            vec![(Some(26.0), Some(20.0)), (Some(27.0), Some(21.0))],
            "{name}"
        );
        assert!(t32[0].cells.contains(&CellId::t3("R7", "C1")));
    }
}

#[test]
fn one_agency_three_years_carry_over_breaks_in_one_column() {
    // sample-data has 清河区科技局 2021–2023; 2022's 结转 ≠ 2023's 上年结转 in 自然人.
    let dir = tempfile::tempdir().expect("tempdir");
    for y in [2021, 2022, 2023] {
        let name = format!("synthetic-qinghe-kejiju-{y}.txt");
        std::fs::copy(
            root().join("sample-data").join(&name),
            dir.path().join(&name),
        )
        .expect("copy");
    }
    let found = corpus::discover(&[PathBuf::from(dir.path())]);
    let checked = corpus::check_all(&found.files, &RuleSet::default());
    let cross = corpus::cross(&checked, &RuleSet::default());
    let x1: Vec<_> = cross.iter().filter(|f| f.rule == "X-1").collect();
    assert_eq!(x1.len(), 1, "{cross:#?}");
    let f = x1[0];
    assert!(f.reports()[0].ends_with("synthetic-qinghe-kejiju-2022.txt"));
    assert!(f.reports()[1].ends_with("synthetic-qinghe-kejiju-2023.txt"));
    // Both cells of the broken column (and the 总计 it carries into), each
    // attributed to its report.
    let pairs: Vec<(String, usize)> = f
        .reports()
        .iter()
        .enumerate()
        .flat_map(|(r, p)| f.cells_in(p).into_iter().map(move |c| (c.to_string(), r)))
        .collect();
    assert!(pairs.contains(&("T3.A4.C1".to_string(), 0)), "{pairs:?}");
    assert!(pairs.contains(&("T3.A2.C1".to_string(), 1)), "{pairs:?}");
    assert!(!pairs
        .iter()
        .any(|(c, _)| c.ends_with(".C2") || c.ends_with(".C3")));
    // 2021 → 2022 carries over correctly: no X-1 for that pair.
    assert!(!x1[0].reports()[0].ends_with("2021.txt"));
}
