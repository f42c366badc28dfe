//! Real published reports (tests/fixtures/real, see SOURCES there): what
//! the parser recognises in each, with cell values checked by hand against
//! the source text where the extraction is clean enough to read.

use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{Report, TableId, Template, Value};

fn load(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture");
    parse_bytes(&path, &bytes)
}

/// A row's values; `None` for blank/absent cells, `f64` otherwise.
fn row(r: &Report, t: TableId, id: &str) -> Vec<Option<f64>> {
    let table = r
        .table(t)
        .unwrap_or_else(|| panic!("{} missing in {}", t.as_str(), r.path));
    table
        .cells
        .iter()
        .filter(|c| c.id.row == id)
        .map(|c| c.value.number())
        .collect()
}

fn ints(v: &[i64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x as f64)).collect()
}

fn meta(r: &Report, agency: &str, year: i32, t: Template) {
    assert_eq!(r.agency.as_deref(), Some(agency), "{}", r.path);
    assert_eq!(r.year, Some(year), "{}", r.path);
    assert_eq!(r.template, Some(t), "{}", r.path);
}

fn sections(r: &Report) -> Vec<u8> {
    r.sections.iter().map(|s| s.ordinal).collect()
}

#[test]
fn huaian_2024_pdftotext_layout_is_fully_read() {
    let r = load("govnianbao-huaian_2024_1.pdftotext-layout.txt");
    meta(&r, "淮安市人民政府", 2024, Template::V2021);
    assert_eq!(sections(&r), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(row(&r, TableId::T2, "NORM"), ints(&[8, 26, 66]));
    assert_eq!(row(&r, TableId::T2, "LIC"), ints(&[447228]));
    assert_eq!(
        row(&r, TableId::T3, "A1"),
        ints(&[3001, 53, 0, 0, 61, 4, 3119])
    );
    // Label wrapped around its value line: `（二）部分公开…只计这一情` / values / `形，不计其他情形）`.
    assert_eq!(row(&r, TableId::T3, "R2"), ints(&[447, 7, 0, 0, 0, 0, 454]));
    assert_eq!(row(&r, TableId::T3, "R5.5"), ints(&[1, 0, 0, 0, 0, 0, 1]));
    // Interleaved vertical group label `（六）其` / `他处理` inside the wrapped label.
    assert_eq!(row(&r, TableId::T3, "R6.2"), ints(&[6, 0, 0, 0, 0, 0, 6]));
    assert_eq!(
        row(&r, TableId::T3, "R7"),
        ints(&[2932, 53, 0, 0, 61, 4, 3050])
    );
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[103, 0, 0, 0, 0, 0, 103]));
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[72, 64, 178, 37, 351]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[13, 4, 8, 1, 26]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[12, 1, 1, 6, 20]));
    let t3 = r.t3.as_ref().expect("t3");
    assert!(
        t3.cells.iter().all(|c| c.value != Value::Absent),
        "every T3 cell read"
    );
}

#[test]
fn hongze_2023_table4_as_published() {
    // SOURCES: 行政复议 总计 0 ≠ 11 and 复议后起诉 总计 0 ≠ 5 in the published report.
    let r = load("kirogov-hongze_2023_1.pdftotext-layout.txt");
    meta(&r, "洪泽区人民政府", 2023, Template::V2021);
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[10, 1, 0, 0, 0]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[0, 0, 0, 0, 0]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[5, 0, 0, 0, 0]));
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[21, 0, 0, 0, 0, 0, 21]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[21, 0, 0, 0, 0, 0, 21]));
    // This report prints the single-row （六）其他处理 of the 2019 form in a
    // 2021 report: table 三 is read by its own structure, and the mix is
    // visible to TPL-2 through the markers.
    assert_eq!(row(&r, TableId::T3, "R6"), ints(&[0, 0, 0, 0, 0, 0, 0]));
    assert!(r.notes.markers.iter().any(|m| m.2 == Template::V2019));
    assert!(r.notes.markers.iter().any(|m| m.2 == Template::V2021));
    assert_eq!(row(&r, TableId::T2, "FEE"), vec![Some(7730.28)]);
}

#[test]
fn hongze_2024() {
    let r = load("kirogov-hongze_2024_1.pdftotext-layout.txt");
    meta(&r, "淮安市洪泽区人民政府", 2024, Template::V2021);
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[95, 0, 0, 0, 0, 0, 95]));
    assert_eq!(row(&r, TableId::T3, "R1"), ints(&[50, 0, 0, 0, 0, 0, 50]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[2, 0, 1, 0, 3]));
}

#[test]
fn shuyang_2025_markdown_mini_tables() {
    let r = load("kirogov-shuyang_2025_1.txt");
    meta(&r, "沐阳县人民政府", 2025, Template::V2021);
    assert_eq!(sections(&r), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(row(&r, TableId::T2, "PUN"), ints(&[693957]));
    assert_eq!(row(&r, TableId::T2, "FEE"), vec![Some(4068.208)]);
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[705, 3, 0, 0, 5, 0, 713]));
    // Rows whose label lost its ordinal (`| 予以公开 | 290 |…`).
    assert_eq!(row(&r, TableId::T3, "R1"), ints(&[290, 1, 0, 0, 3, 0, 294]));
    // R6.2 sits under a wrong header row in the source.
    assert_eq!(row(&r, TableId::T3, "R6.2"), ints(&[7, 0, 0, 0, 0, 0, 7]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[710, 3, 0, 0, 5, 0, 718]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[31, 0, 0, 0, 0, 0, 31]));
    // Table 四 split into three captioned sub-tables.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[27, 10, 9, 15, 61]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[3, 0, 0, 0, 3]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[8, 0, 1, 1, 10]));
}

#[test]
fn damaged_extractions_give_no_wrong_numbers() {
    // kirogov-shgov: 表二 values in the wrong columns (`| 规章 | 22 | 235 |`):
    // the row cannot be mapped, so it is not read at all.
    let r = load("kirogov-shgov_2025_1.md");
    meta(&r, "上海市人民政府办公厅", 2025, Template::V2021);
    assert_eq!(row(&r, TableId::T2, "REG"), vec![None, None, None]);
    assert!(r.t2.as_ref().is_some_and(|t| !t.shape_errors.is_empty()));
    assert_eq!(
        row(&r, TableId::T3, "A1"),
        ints(&[1259, 36, 0, 0, 0, 0, 1295])
    );
    assert_eq!(row(&r, TableId::T3, "R3.1"), ints(&[4, 0, 0, 0, 0, 0, 4]));
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[40, 0, 10, 5, 55]));

    // kirogov-stcsm: non-standard numbering, rows with no label; the 结转
    // 总计 cell is empty in the extraction and must stay missing, not 0.
    let r = load("kirogov-stcsm_2024_1.md");
    meta(&r, "上海市科委", 2024, Template::V2021);
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[32, 2, 0, 0, 0, 0, 34]));
    assert_eq!(row(&r, TableId::T3, "A4").last(), Some(&None));
}

#[test]
fn pingtan_html_pages_are_fully_read() {
    // (year, template, A1 row, table 四 RV row) read by hand from the pages.
    let cases: [(i32, Template, [i64; 7], [i64; 5]); 4] = [
        (
            2019,
            Template::V2019,
            [23, 0, 0, 0, 0, 0, 23],
            [0, 0, 0, 0, 0],
        ),
        (
            2020,
            Template::V2019,
            [20, 0, 0, 0, 0, 1, 21],
            [0, 0, 0, 0, 0],
        ),
        (
            2021,
            Template::V2021,
            [64, 0, 0, 2, 0, 4, 70],
            [1, 0, 2, 0, 3],
        ),
        (
            2025,
            Template::V2021,
            [151, 3, 0, 0, 0, 0, 154],
            [25, 3, 8, 0, 36],
        ),
    ];
    for (year, tpl, a1, rv) in cases {
        let r = load(&format!("pingtan_{year}_1.html"));
        meta(&r, "平潭综合实验区", year, tpl);
        assert_eq!(sections(&r), vec![1, 2, 3, 4, 5, 6], "{year}");
        assert_eq!(row(&r, TableId::T3, "A1"), ints(&a1), "{year}");
        assert_eq!(row(&r, TableId::T4, "RV"), ints(&rv), "{year}");
        for t in TableId::ALL {
            let table = r
                .table(t)
                .unwrap_or_else(|| panic!("{year} {}", t.as_str()));
            assert!(
                table.cells.iter().all(|c| c.value != Value::Absent),
                "{year} {}: {:?}",
                t.as_str(),
                table
                    .cells
                    .iter()
                    .filter(|c| c.value == Value::Absent)
                    .map(|c| c.id.to_string())
                    .collect::<Vec<_>>()
            );
        }
    }
    // The published arithmetic error of 2020 (SOURCES): 自然人 outcomes sum to 26.
    let r = load("pingtan_2020_1.html");
    let leaves = ogi_lens::report::schema::t3_leaves(Template::V2019);
    let sum: f64 = leaves
        .iter()
        .filter_map(|l| r.value(&ogi_lens::report::CellId::t3(l, "C1")).number())
        .sum();
    assert_eq!(sum, 26.0);
    assert_eq!(row(&r, TableId::T3, "R7")[0], Some(20.0));
}

#[test]
fn legacy_and_fragments_are_recognised_as_such() {
    let r = load("pingtan_2018_1.txt");
    assert_eq!(r.year, Some(2018));
    assert!(
        r.t3.as_ref().is_none_or(|t| !t.has_values()),
        "no standard table 三 in a 2018 report"
    );
    let r = load("govnianbao-huaian_2024_2.txt");
    assert_eq!(r.year, None);
    assert_eq!(
        row(&r, TableId::T3, "A1"),
        ints(&[3001, 53, 0, 0, 61, 4, 3119])
    );
}
