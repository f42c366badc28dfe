use super::*;

fn t3(r: &SynthReport, row: &str, col: &str) -> i64 {
    r.get(TableId::T3, row, col)
}

#[test]
fn generated_reports_satisfy_the_identities() {
    for seed in 0..300 {
        let r = random_report(seed);
        assert_eq!(
            r.template,
            if r.year >= 2021 {
                Template::V2021
            } else {
                Template::V2019
            }
        );
        // E5: every count is non-negative (本年增/减 excepted).
        for (id, v) in &r.values {
            if id.col != "delta" {
                assert!(v.int() >= 0, "seed {seed}: {id} = {v:?}");
            }
        }
        let cols = ["C1", "C2", "C3", "C4", "C5", "C6"];
        // E1: row sums.
        for row in schema::t3_rows(r.template) {
            let sum: i64 = cols.iter().map(|c| t3(&r, row.id, c)).sum();
            assert_eq!(t3(&r, row.id, "CT"), sum, "seed {seed} row {}", row.id);
        }
        for c in cols.iter().chain(["CT"].iter()) {
            // E2: vertical total.
            let leaves: i64 = schema::t3_leaves(r.template)
                .iter()
                .map(|l| t3(&r, l, c))
                .sum();
            assert_eq!(t3(&r, "R7", c), leaves, "seed {seed} col {c}");
            // E3: printed identity.
            assert_eq!(
                t3(&r, "A1", c) + t3(&r, "A2", c),
                t3(&r, "R7", c) + t3(&r, "A4", c),
                "seed {seed} col {c}"
            );
        }
        // E4: table 四 blocks.
        for b in ["RV", "LD", "LR"] {
            let s: i64 = ["keep", "corr", "oth", "pend"]
                .iter()
                .map(|c| r.get(TableId::T4, b, c))
                .sum();
            assert_eq!(r.get(TableId::T4, b, "tot"), s);
        }
        // Table 二.
        match r.template {
            Template::V2021 => {
                for x in ["REG", "NORM"] {
                    let g = |c| r.get(TableId::T2, x, c);
                    assert!(g("valid") >= g("made") - g("repealed"));
                }
            }
            Template::V2019 => {
                for x in ["REG", "NORM"] {
                    let g = |c| r.get(TableId::T2, x, c);
                    assert!(g("new_pub") <= g("total_pub"));
                }
                for x in ["LIC", "OTHSVC", "PUN", "COE", "FEE"] {
                    let g = |c| r.get(TableId::T2, x, c);
                    assert!(g("prev_items") + g("delta") >= 0);
                }
                let p = r.get(TableId::T2, "PROC", "projects");
                let a = r.get(TableId::T2, "PROC", "amount");
                assert_eq!(p == 0, a == 0, "seed {seed}");
            }
        }
        // Every template cell has a value, and nothing else does.
        let expected = expected_cells(&r);
        assert_eq!(expected.len(), r.values.len(), "seed {seed}");
        let n = match r.template {
            Template::V2021 => 10 + 175 + 15,
            Template::V2019 => 22 + 161 + 15,
        };
        assert_eq!(expected.len(), n);
        assert_eq!(r.sections.len(), 6);
    }
}

#[test]
fn narrative_agrees_with_the_tables() {
    for seed in 0..200 {
        let r = random_report(seed);
        let one: String = r.sections[0]
            .paras
            .iter()
            .map(|p| match p {
                Para::Sub(s) | Para::Text(s) => s.as_str(),
            })
            .collect();
        let a1 = t3(&r, "A1", "CT");
        assert!(
            one.contains(&format!("共收到政府信息公开申请{a1}件"))
                || (a1 == 0 && one.contains("未收到政府信息公开申请")),
            "seed {seed}: {one}"
        );
        if t3(&r, "A4", "CT") > 0 {
            assert!(!one.contains("均已"), "seed {seed}");
        }
        if r.template == Template::V2021 {
            let six = format!("{:?}", r.sections[5].paras);
            assert!(six.contains("信息处理费"), "seed {seed}: {six}");
        }
    }
}

#[test]
fn rendering_is_deterministic_and_complete() {
    for seed in 0..40 {
        let r = random_report(seed);
        for layout in Layout::ALL {
            let a = render(&r, layout);
            let b = render(&random_report(seed), layout);
            assert_eq!(a, b, "seed {seed} {layout:?}");
            assert!(a.contains(&r.year.to_string()));
            for s in &r.sections {
                assert!(a.contains(&s.title), "seed {seed} {layout:?}: {}", s.title);
            }
            assert!(a.contains("申请人情况"), "seed {seed} {layout:?}");
            assert!(a.contains("未经复议直接起诉"), "seed {seed} {layout:?}");
        }
    }
    assert_ne!(
        render(&random_report(1), Layout::Tsv),
        render(&random_report(2), Layout::Tsv)
    );
}

#[test]
fn every_layout_prints_every_t3_value_row() {
    // In the tab layout each table-三 value row ends with its seven values.
    for seed in 0..50 {
        let r = random_report(seed);
        let text = render(&r, Layout::Tsv);
        for row in schema::t3_rows(r.template) {
            let vals: Vec<String> = schema::T3_COLS
                .iter()
                .map(|c| {
                    let id = CellId::new(TableId::T3, row.id, c.id);
                    let v = r.values[&id].int();
                    if r.style.thousands && v >= 1000 {
                        let s = v.to_string();
                        format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..])
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            let tail = vals.join("\t");
            assert!(
                text.lines()
                    .any(|l| l.trim_end_matches('\t').ends_with(&tail)),
                "seed {seed} row {}: {tail}",
                row.id
            );
        }
    }
}

#[test]
fn encodings_decode_back() {
    for seed in 0..20 {
        let r = random_report(seed);
        for layout in [Layout::Tsv, Layout::Html] {
            let text = render(&r, layout);
            let bytes = encode(&text, Encoding::Gbk);
            let (gbk, _, bad) = encoding_rs::GBK.decode(&bytes);
            assert!(!bad);
            assert_eq!(gbk, text.replace("charset=\"utf-8\"", "charset=\"gbk\""));
            let bytes = encode(&text, Encoding::Utf16LeBom);
            let (u16, enc, bad) = encoding_rs::UTF_16LE.decode(&bytes);
            assert!(!bad);
            assert_eq!(enc, encoding_rs::UTF_16LE);
            assert_eq!(u16, text.replace("charset=\"utf-8\"", "charset=\"utf-16\""));
            let bytes = encode(&text, Encoding::Utf8Bom);
            let (u8b, enc, _) = encoding_rs::UTF_8.decode(&bytes);
            assert_eq!(enc, encoding_rs::UTF_8);
            assert_eq!(u8b, text);
            let crlf = String::from_utf8(encode(&text, Encoding::Crlf)).expect("utf8");
            assert_eq!(crlf.replace("\r\n", "\n"), text);
            assert!(!crlf.replace("\r\n", "").contains('\n'));
        }
    }
}

#[test]
fn t3_change_changes_exactly_one_cell() {
    let r = random_report(7);
    for cell in t3_cells(&r) {
        for delta in [1, -1, 5, -3] {
            let d = with_t3_change(&r, &cell, delta);
            let diff: Vec<_> = r
                .values
                .iter()
                .filter(|(k, v)| d.values.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .collect();
            assert_eq!(diff, vec![cell.clone()]);
            assert!(d.values[&cell].int() >= 0);
            assert_eq!(d.sections, r.sections);
        }
    }
    let t4 = CellId::new(TableId::T4, "RV", "tot");
    assert_eq!(with_t3_change(&r, &t4, 3), r);
}

#[test]
fn corpus_writes_n_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = corpus(dir.path(), 23, 99).expect("corpus");
    assert_eq!(paths.len(), 23);
    for p in &paths {
        let meta = std::fs::metadata(p).expect("file");
        assert!(meta.len() > 1000, "{p:?}");
        assert!(crate::corpus::has_report_extension(p), "{p:?}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 23);
}

/// A corpus is agencies with a report for each of five years, read back as
/// such by the parser: no duplicate agency+year (META-4), every series
/// grouped.
#[test]
fn corpus_is_series_of_distinct_agencies() {
    let names: std::collections::HashSet<String> = (0..60_000).map(agency_name).collect();
    assert_eq!(names.len(), 60_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = corpus(dir.path(), 2 * CORPUS_YEARS, 3).expect("corpus");
    let rules = crate::rules::RuleSet::default();
    let checked = crate::corpus::check_all(&paths, &rules);
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in checked.iter().enumerate() {
        let (agency, year) = (c.report.agency.clone(), c.report.year);
        assert_eq!(
            agency.as_deref(),
            Some(agency_name(i / CORPUS_YEARS).as_str())
        );
        assert_eq!(year, Some(2019 + (i % CORPUS_YEARS) as i32));
        seen.insert((agency, year));
    }
    assert_eq!(seen.len(), 2 * CORPUS_YEARS);
    let cross = crate::corpus::cross(&checked, &rules);
    assert!(cross.iter().all(|f| f.rule != "META-4"), "{cross:?}");
    // Names with a town, in every layout.
    let town = agency_name(7_777);
    assert!(town.contains('镇'), "{town}");
    for layout in Layout::ALL {
        let text = render(&series_report(1, &town, 2022), layout);
        let r = crate::report::parse::parse_bytes("t", text.as_bytes());
        assert_eq!(r.agency.as_deref(), Some(town.as_str()), "{layout:?}");
        assert_eq!(r.year, Some(2022));
    }
}

#[test]
fn prng_is_reproducible() {
    let mut a = Rng::new(5);
    let mut b = Rng::new(5);
    for _ in 0..100 {
        assert_eq!(a.next_u64(), b.next_u64());
    }
    let mut c = Rng::new(6);
    assert_ne!(Rng::new(5).next_u64(), c.next_u64());
    for _ in 0..1000 {
        let v = c.range(-3, 4);
        assert!((-3..=4).contains(&v));
    }
}
