//! The five sample reports (tests/fixtures/samples, copies of the real
//! reports the spec was written against): metadata, template and every cell.

use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{Report, TableId, Template, Value};
use std::collections::BTreeMap;

fn load(name: &str) -> Report {
    let path = format!(
        "{}/tests/fixtures/samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("fixture");
    parse_bytes(&path, &bytes)
}

/// Every cell of a table, as `row.col` → value.
fn cells(r: &Report, t: TableId) -> BTreeMap<String, Value> {
    r.table(t)
        .unwrap_or_else(|| panic!("{} missing in {}", t.as_str(), r.path))
        .cells
        .iter()
        .map(|c| (format!("{}.{}", c.id.row, c.id.col), c.value.clone()))
        .collect()
}

/// Assert that every cell is zero (`Money(0.0)` in 万元 columns) except the listed ones.
fn assert_zero_except(r: &Report, t: TableId, count: usize, except: &[(&str, Value)]) {
    let got = cells(r, t);
    assert_eq!(got.len(), count, "{} cell count in {}", t.as_str(), r.path);
    for (k, v) in &got {
        let want = except
            .iter()
            .find(|(e, _)| e == k)
            .map(|(_, v)| v.clone())
            .unwrap_or(if k.ends_with(".amount") {
                Value::Money(0.0)
            } else {
                Value::Int(0)
            });
        assert_eq!(*v, want, "{} {k} in {}", t.as_str(), r.path);
    }
    for (k, _) in except {
        assert!(got.contains_key(*k), "{k} missing in {}", r.path);
    }
    // Every read cell remembers its source line.
    for c in &r.table(t).map(|t| t.cells.clone()).unwrap_or_default() {
        assert!(
            c.line.is_some_and(|l| l > 0),
            "{} has no line in {}",
            c.id,
            r.path
        );
    }
}

#[test]
fn sample_000_tsv_old_template() {
    let r = load("000_29ed77745b82a4d4.txt");
    assert_eq!(r.agency.as_deref(), Some("金水区科学技术局"));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.template, Some(Template::V2019));
    assert_eq!(r.sections.len(), 6);
    assert_zero_except(&r, TableId::T2, 22, &[]);
    assert_zero_except(&r, TableId::T3, 161, &[]);
    assert_zero_except(&r, TableId::T4, 15, &[]);
    // Table 四 has 16 values: read and reported, not silently truncated.
    let t4 = r.t4.as_ref().expect("t4");
    assert_eq!(t4.shape_errors.len(), 1);
    assert_eq!(t4.shape_errors[0].found, 16);
    assert_eq!(t4.shape_errors[0].expected, 15);
    // The label typo is mapped to its row and named.
    let t3 = r.t3.as_ref().expect("t3");
    let r32 = t3
        .rows
        .iter()
        .find(|l| l.row.as_deref() == Some("R3.2"))
        .expect("R3.2 label");
    assert_eq!(r32.text, "2.其他法律法规禁止公开");
    assert_eq!(r32.canonical, Some("2.其他法律行政法规禁止公开"));
}

#[test]
fn sample_001_one_cell_per_line_with_local_rows() {
    let r = load("001_748de284c8ce90af.txt");
    assert_eq!(r.agency.as_deref(), Some("北京市大兴区科学技术委员会"));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.template, Some(Template::V2019));
    assert_eq!(r.sections.len(), 6);
    assert_eq!(
        r.section(6).and_then(|s| s.wording.canonical()),
        Some("六、其他需要报告的事项")
    );
    assert_zero_except(
        &r,
        TableId::T2,
        22 + 6,
        &[
            ("NORM.new_made", Value::Int(1)),
            ("NORM.new_pub", Value::Int(1)),
            ("NORM.total_pub", Value::Int(2)),
            ("PROC.projects", Value::Int(9)),
            ("PROC.amount", Value::Money(77.0693)),
        ],
    );
    let t2 = r.t2.as_ref().expect("t2");
    let extra: Vec<&str> = t2.extra_rows.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(extra, vec!["行政检查", "行政确认"]);
    assert!(t2.cell("OTHSVC/行政检查", "decisions").is_some());
    assert_zero_except(&r, TableId::T3, 161, &[]);
    assert_zero_except(&r, TableId::T4, 15, &[]);
}

#[test]
fn sample_002_tsv_blank_applicant_cells() {
    let r = load("002_83e9ce68c6cdc0f8.txt");
    assert_eq!(r.agency.as_deref(), Some("郑东新区科技人才局"));
    assert_eq!(r.year, Some(2022));
    assert_eq!(r.template, Some(Template::V2021));
    assert_zero_except(&r, TableId::T2, 10, &[]);
    let mut blank: Vec<(String, Value)> = Vec::new();
    for row in ["R1", "R2"] {
        for col in ["C1", "C2", "C3", "C4", "C5", "C6"] {
            blank.push((format!("{row}.{col}"), Value::Blank));
        }
    }
    let except: Vec<(&str, Value)> = blank.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_zero_except(&r, TableId::T3, 175, &except);
    assert_zero_except(&r, TableId::T4, 15, &[]);
    // The header typo is kept as written for LBL-2.
    let t2 = r.t2.as_ref().expect("t2");
    assert!(t2.headers.iter().any(|h| h.text == "本年度止件数"));
}

#[test]
fn sample_003_pipe_cells() {
    let r = load("003_0a77b255cdeb4318.txt");
    assert_eq!(r.agency.as_deref(), Some("白碱滩区(克拉玛依高新区)科技局"));
    assert_eq!(r.year, Some(2021));
    assert_eq!(r.template, Some(Template::V2021));
    assert_eq!(r.sections.len(), 6);
    assert_zero_except(&r, TableId::T2, 10, &[("NORM.valid", Value::Int(5))]);
    assert_zero_except(&r, TableId::T3, 175, &[]);
    assert_zero_except(&r, TableId::T4, 15, &[]);
}

#[test]
fn sample_004_markdown() {
    let r = load("004_e5c5c0c256c89289.txt");
    assert_eq!(r.agency.as_deref(), Some("平湖市科技局"));
    assert_eq!(r.year, Some(2021));
    assert_eq!(r.template, Some(Template::V2021));
    assert_eq!(r.sections.len(), 6);
    assert_eq!(
        r.section(6).map(|s| s.text.trim().to_string()),
        Some("无".into())
    );
    assert_zero_except(
        &r,
        TableId::T2,
        10,
        &[("NORM.made", Value::Int(2)), ("NORM.valid", Value::Int(6))],
    );
    assert_zero_except(&r, TableId::T3, 175, &[]);
    assert_zero_except(&r, TableId::T4, 15, &[]);
}

#[test]
fn table_rows_are_not_section_headings() {
    // SPEC §1.2 trap: `一、本年新收…` and `四、结转下年度继续办理` are table rows.
    for name in [
        "000_29ed77745b82a4d4.txt",
        "001_748de284c8ce90af.txt",
        "002_83e9ce68c6cdc0f8.txt",
        "003_0a77b255cdeb4318.txt",
        "004_e5c5c0c256c89289.txt",
    ] {
        let r = load(name);
        let ords: Vec<u8> = r.sections.iter().map(|s| s.ordinal).collect();
        assert_eq!(ords, vec![1, 2, 3, 4, 5, 6], "{name}");
        assert!(
            r.notes.headings.iter().all(|h| !h.1.contains("本年新收")),
            "{name}: {:?}",
            r.notes.headings
        );
    }
}
