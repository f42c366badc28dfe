//! Flattened web text (issue 4): the pingtan_*.txt pages lost every table
//! cell separator. Their tables must come out exactly as the original HTML
//! pages of the same reports read, except for rows that genuinely split
//! several ways, which must be marked uncertain — never guessed.
//!
//! Two independent checks: every cell against the HTML version (parsed by the
//! ordinary HTML reader), and a handful of values per year read by hand from
//! the flattened text itself.

use ogi_lens::report::forms::flat::rows_from_flat;
use ogi_lens::report::parse::{parse_bytes, parse_text};
use ogi_lens::report::{Report, TableId, Template, Value};
use ogi_lens::rules::{check_report, RuleSet};

fn path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Report {
    let p = path(&format!("real/{name}"));
    let bytes = std::fs::read(&p).expect("fixture");
    parse_bytes(&p, &bytes)
}

fn row(r: &Report, t: TableId, id: &str) -> Vec<Value> {
    r.table(t)
        .unwrap_or_else(|| panic!("{} missing in {}", t.as_str(), r.path))
        .cells
        .iter()
        .filter(|c| c.id.row == id)
        .map(|c| c.value.clone())
        .collect()
}

fn ints(v: &[i64]) -> Vec<Value> {
    v.iter().map(|&x| Value::Int(x)).collect()
}

/// Rows of table 二 that cannot be split with certainty, per year: three
/// counts (or count / signed / count, count / money) with no arithmetic
/// between them. Table 三 and 四 rows all resolve.
fn uncertain_t2(year: i32) -> &'static [&'static str] {
    match year {
        2019 => &["NORM", "LIC", "OTHSVC", "PUN", "COE", "FEE", "PROC"],
        // FEE `35-15`: the sign fixes the boundary; REG `007` has one reading.
        2020 => &["NORM", "LIC", "OTHSVC", "PUN", "COE", "PROC"],
        _ => &["NORM"],
    }
}

const YEARS: [i32; 7] = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

#[test]
fn every_cell_matches_the_html_page_or_is_marked_uncertain() {
    for year in YEARS {
        let txt = load(&format!("pingtan_{year}_1.txt"));
        let html = load(&format!("pingtan_{year}_1.html"));
        let tpl = if year <= 2020 {
            Template::V2019
        } else {
            Template::V2021
        };
        assert_eq!(txt.agency.as_deref(), Some("平潭综合实验区"), "{year}");
        assert_eq!(txt.year, Some(year));
        assert_eq!(txt.template, Some(tpl), "{year}");
        assert_eq!(html.template, Some(tpl), "{year}");
        for t in TableId::ALL {
            let ht = html.table(t).expect("html table");
            let tt = txt
                .table(t)
                .unwrap_or_else(|| panic!("{year}: {} not found", t.as_str()));
            assert!(tt.unreadable.is_none(), "{year} {}", t.as_str());
            assert_eq!(ht.cells.len(), tt.cells.len(), "{year} {}", t.as_str());
            for hc in &ht.cells {
                let tc = tt
                    .cell(&hc.id.row, &hc.id.col)
                    .unwrap_or_else(|| panic!("{year}: no cell {}", hc.id));
                assert!(hc.value.number().is_some(), "{year}: html {}", hc.id);
                let unsure = t == TableId::T2 && uncertain_t2(year).contains(&(&*hc.id.row));
                if tc.value == hc.value {
                    continue;
                }
                // Only the expected rows may differ, and only by being absent
                // (never a different number).
                assert!(
                    unsure,
                    "{year}: {} txt {:?} html {:?}",
                    hc.id, tc.value, hc.value
                );
                assert_eq!(tc.value, Value::Absent, "{year}: {}", hc.id);
            }
        }
        // The uncertain rows really are marked: at least one absent cell
        // each, a shape error naming the row, and the raw digits kept.
        let t2 = txt.table(TableId::T2).expect("t2");
        for id in uncertain_t2(year) {
            let cells: Vec<_> = t2.cells.iter().filter(|c| c.id.row == *id).collect();
            assert!(
                cells
                    .iter()
                    .any(|c| c.value == Value::Absent && c.raw.contains("拆分")),
                "{year} {id}: {cells:?}"
            );
            assert!(
                t2.shape_errors.iter().any(|e| e.row == *id),
                "{year} {id}: no shape error"
            );
        }
        // …and no other row of any table carries one.
        for t in TableId::ALL {
            for e in &txt.table(t).expect("table").shape_errors {
                assert!(
                    t == TableId::T2 && uncertain_t2(year).contains(&(&*e.row)),
                    "{year}: unexpected shape error {e:?}"
                );
            }
        }
    }
}

#[test]
fn six_sections_are_found() {
    for year in YEARS {
        let r = load(&format!("pingtan_{year}_1.txt"));
        let ords: Vec<u8> = r.sections.iter().map(|s| s.ordinal).collect();
        assert_eq!(ords, vec![1, 2, 3, 4, 5, 6], "{year}");
        let findings = check_report(&r, &RuleSet::default());
        assert!(
            !findings
                .iter()
                .any(|f| f.rule == "STRUCT-1" || f.rule == "STRUCT-5"),
            "{year}: {findings:?}"
        );
    }
    // The 2022 page misspells section 四 (`行政法复议`): found all the same.
    let r = load("pingtan_2022_1.txt");
    assert!(r
        .sections
        .iter()
        .any(|s| s.ordinal == 4 && s.title.contains("行政法复议")));
}

// ---- Values read by hand from the flattened text ----------------------------

#[test]
fn hand_checked_2019() {
    let r = load("pingtan_2019_1.txt");
    // `…申请数量230 000023`, `（七）总计23 0 00 0 023`, `继续办理 0 0 00 00 0 `.
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(row(&r, TableId::T3, "R4.3"), ints(&[5, 0, 0, 0, 0, 0, 5]));
    assert_eq!(row(&r, TableId::T3, "R6"), ints(&[0; 7]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[0; 7]));
    for b in ["RV", "LD", "LR"] {
        assert_eq!(row(&r, TableId::T4, b), ints(&[0; 5]));
    }
    // `规章000`; `规范性文件898989` could be 89|89|89 or 8|98|989 or …
    assert_eq!(row(&r, TableId::T2, "REG"), ints(&[0, 0, 0]));
    assert_eq!(row(&r, TableId::T2, "NORM"), vec![Value::Absent; 3]);
    // `行政事业性收费350`: 35|0 or 3|50.
    assert_eq!(row(&r, TableId::T2, "FEE"), vec![Value::Absent; 2]);
}

#[test]
fn hand_checked_2020() {
    let r = load("pingtan_2020_1.txt");
    // `…申请数量200 000121`: 20 0 | 0 0 0 1 21.
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[20, 0, 0, 0, 0, 1, 21]));
    assert_eq!(row(&r, TableId::T3, "R1"), ints(&[6, 0, 0, 0, 0, 1, 7]));
    assert_eq!(row(&r, TableId::T3, "R6"), ints(&[4, 0, 0, 0, 0, 0, 4]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[20, 0, 0, 0, 0, 1, 21]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[0; 7]));
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[0; 5]));
    // `规章007` reads one way only (no leading zeros); `35-15`: the sign
    // starts the second value.
    assert_eq!(row(&r, TableId::T2, "REG"), ints(&[0, 0, 7]));
    assert_eq!(row(&r, TableId::T2, "FEE"), ints(&[35, -15]));
    // `行政处罚2648-18538`: 2648 is certain (a count takes no sign), the
    // split of -18538 into 本年增/减 and 处理决定数量 is not.
    assert_eq!(
        row(&r, TableId::T2, "PUN"),
        vec![Value::Int(2648), Value::Absent, Value::Absent]
    );
}

#[test]
fn hand_checked_2021() {
    let r = load("pingtan_2021_1.txt");
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[64, 0, 0, 2, 0, 4, 70]));
    // `270020130` also reads 2|7|0|0|20|1|30; only 27|0|0|2|0|1|30 lets
    // the columns add up.
    assert_eq!(row(&r, TableId::T3, "R1"), ints(&[27, 0, 0, 2, 0, 1, 30]));
    // `…政府信息2200003252.没有…`: the 2 before `.` is the next label's.
    assert_eq!(row(&r, TableId::T3, "R4.1"), ints(&[22, 0, 0, 0, 0, 3, 25]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[63, 0, 0, 2, 0, 4, 69]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[1, 0, 0, 0, 0, 0, 1]));
    // `10203120001200000`: blocks 1+0+2+0=3 | 12+0+0+0=12 | 0.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[1, 0, 2, 0, 3]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[12, 0, 0, 0, 12]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[0; 5]));
    assert_eq!(row(&r, TableId::T2, "LIC"), ints(&[2293]));
    assert_eq!(row(&r, TableId::T2, "PUN"), ints(&[1282]));
    assert_eq!(row(&r, TableId::T2, "COE"), ints(&[42]));
    assert_eq!(
        row(&r, TableId::T2, "FEE"),
        vec![Value::Money(24252.311082)]
    );
    // Split cells say so; the A1 row was one digit run.
    let t3 = r.table(TableId::T3).expect("t3");
    assert!(t3.cell("A1", "C1").is_some_and(|c| c.recovered));
}

#[test]
fn hand_checked_2022() {
    let r = load("pingtan_2022_1.txt");
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[71, 3, 0, 0, 0, 0, 74]));
    assert_eq!(row(&r, TableId::T3, "A2"), ints(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&r, TableId::T3, "R6.3"), ints(&[0, 2, 0, 0, 0, 0, 2]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[72, 3, 0, 0, 0, 0, 75]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[0; 7]));
    // Table 四 is space-separated this year: nothing to recover.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[0, 1, 1, 0, 2]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[1, 0, 0, 0, 1]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[0; 5]));
    let t4 = r.table(TableId::T4).expect("t4");
    assert!(t4.cells.iter().all(|c| !c.recovered));
    assert_eq!(row(&r, TableId::T2, "LIC"), ints(&[10690]));
    assert_eq!(row(&r, TableId::T2, "COE"), ints(&[0]));
    assert_eq!(row(&r, TableId::T2, "FEE"), vec![Value::Money(9116.36)]);
}

#[test]
fn hand_checked_2023() {
    let r = load("pingtan_2023_1.txt");
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[80, 1, 0, 0, 0, 0, 81]));
    // `191000020` also reads 1|9|10|0|0|0|20; the 商业企业 column decides.
    assert_eq!(row(&r, TableId::T3, "R2"), ints(&[19, 1, 0, 0, 0, 0, 20]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[80, 1, 0, 0, 0, 0, 81]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[0; 7]));
    // `110024001510102`: 1+1+0+0=2 | 4+0+0+1=5 | 1+0+1+0=2.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[1, 1, 0, 0, 2]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[4, 0, 0, 1, 5]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[1, 0, 1, 0, 2]));
    assert_eq!(row(&r, TableId::T2, "LIC"), ints(&[2629]));
}

#[test]
fn hand_checked_2024() {
    let r = load("pingtan_2024_1.txt");
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[217, 1, 0, 0, 0, 0, 218]));
    assert_eq!(row(&r, TableId::T3, "R3.5"), ints(&[32, 0, 0, 0, 0, 0, 32]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[217, 1, 0, 0, 0, 0, 218]));
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[0; 7]));
    // `21317000001324019`: 2+1+3+1=7 | 0 | 13+2+4+0=19.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[2, 1, 3, 1, 7]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[0; 5]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[13, 2, 4, 0, 19]));
    assert_eq!(row(&r, TableId::T2, "FEE"), vec![Value::Money(18651.06)]);
}

#[test]
fn hand_checked_2025() {
    let r = load("pingtan_2025_1.txt");
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[151, 3, 0, 0, 0, 0, 154]));
    assert_eq!(row(&r, TableId::T3, "R1"), ints(&[33, 0, 0, 0, 0, 0, 33]));
    assert_eq!(row(&r, TableId::T3, "R4.1"), ints(&[49, 1, 0, 0, 0, 0, 50]));
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[147, 1, 0, 0, 0, 0, 148]));
    // Non-zero 结转 in two columns.
    assert_eq!(row(&r, TableId::T3, "A4"), ints(&[4, 2, 0, 0, 0, 0, 6]));
    // `25380363300630003`: 25+3+8+0=36 | 3+3+0+0=6 | 3+0+0+0=3.
    assert_eq!(row(&r, TableId::T4, "RV"), ints(&[25, 3, 8, 0, 36]));
    assert_eq!(row(&r, TableId::T4, "LD"), ints(&[3, 3, 0, 0, 6]));
    assert_eq!(row(&r, TableId::T4, "LR"), ints(&[3, 0, 0, 0, 3]));
    assert_eq!(row(&r, TableId::T2, "PUN"), ints(&[644]));
}

// ---- Published errors, ambiguity, legacy, other layouts ----------------------

#[test]
fn pingtan_2020_published_error_is_kept_and_reported() {
    let txt = load("pingtan_2020_1.txt");
    let html = load("pingtan_2020_1.html");
    assert_eq!(
        txt.table(TableId::T3).expect("t3").cells,
        html.table(TableId::T3)
            .expect("t3")
            .cells
            .iter()
            .map(|c| {
                // Same values; only the line and the recovered flag differ.
                let mut c = c.clone();
                let t = txt
                    .table(TableId::T3)
                    .and_then(|t| t.cell(&c.id.row, &c.id.col));
                c.line = t.and_then(|t| t.line);
                c.recovered = t.is_some_and(|t| t.recovered);
                c.raw = t.map(|t| t.raw.clone()).unwrap_or_default();
                c
            })
            .collect::<Vec<_>>()
    );
    let f = check_report(&txt, &RuleSet::default());
    let t32: Vec<_> = f.iter().filter(|f| f.rule == "T3-2").collect();
    assert_eq!(t32.len(), 2, "{f:?}");
}

#[test]
fn ambiguous_row_stays_uncertain_when_the_columns_do_not_add_up() {
    // The 2021 page with its （七）总计 row changed to 62|0|0|2|0|4|68 (still
    // a consistent row, but no longer the column sums): R1 `270020130` and
    // R4.1 `220000325` each split two ways and no combination satisfies the
    // column identities, so neither may be guessed.
    let p = path("real/pingtan_2021_1.txt");
    let text = std::fs::read_to_string(&p).expect("fixture");
    let changed = text.replace("（七）总计630020469", "（七）总计620020468");
    assert_ne!(changed, text);
    let r = parse_text("changed.txt", &changed);
    assert_eq!(row(&r, TableId::T3, "R7"), ints(&[62, 0, 0, 2, 0, 4, 68]));
    let t3 = r.table(TableId::T3).expect("t3");
    for id in ["R1", "R4.1"] {
        let cells = row(&r, TableId::T3, id);
        // C1, C2 and C4/C5 differ between the readings; the agreed cells
        // (C3, C6, CT) are still read.
        assert_eq!(cells[0], Value::Absent, "{id}");
        assert_eq!(cells[1], Value::Absent, "{id}");
        assert_eq!(cells[2], Value::Int(0), "{id}");
        assert!(t3.shape_errors.iter().any(|e| e.row == id), "{id}");
    }
    assert_eq!(row(&r, TableId::T3, "R1")[6], Value::Int(30));
    assert_eq!(row(&r, TableId::T3, "R4.1")[6], Value::Int(25));
    // Unambiguous rows are unaffected.
    assert_eq!(row(&r, TableId::T3, "A1"), ints(&[64, 0, 0, 2, 0, 4, 70]));
}

#[test]
fn legacy_2018_reads_no_table_values() {
    let r = load("pingtan_2018_1.txt");
    assert_eq!(r.year, Some(2018));
    for t in TableId::ALL {
        if let Some(table) = r.table(t) {
            assert!(
                table.cells.iter().all(|c| c.value.number().is_none()),
                "{}: {:?}",
                t.as_str(),
                table.cells
            );
        }
    }
}

#[test]
fn other_layouts_are_not_flat() {
    let dir = path("samples");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("samples") {
        let p = e.expect("entry").path();
        let bytes = std::fs::read(&p).expect("read");
        let text = ogi_lens::report::decode::decode(&bytes)
            .expect("decode")
            .text;
        assert!(rows_from_flat(&text).is_none(), "{}", p.display());
        n += 1;
    }
    assert_eq!(n, 5);
    for name in [
        "kirogov-shuyang_2025_1.txt",
        "kirogov-stcsm_2024_1.md",
        "kirogov-shgov_2025_1.md",
        "govnianbao-huaian_2024_1.pdftotext-layout.txt",
        "govnianbao-huaian_2024_2.txt",
        "kirogov-hongze_2023_1.pdftotext-layout.txt",
        "kirogov-hongze_2024_1.pdftotext-layout.txt",
    ] {
        let text = std::fs::read_to_string(path(&format!("real/{name}"))).expect("read");
        assert!(rows_from_flat(&text).is_none(), "{name}");
    }
    for year in YEARS {
        let text =
            std::fs::read_to_string(path(&format!("real/pingtan_{year}_1.txt"))).expect("read");
        assert!(rows_from_flat(&text).is_some(), "{year}");
    }
}

#[test]
fn hostile_single_lines_do_not_panic_or_hang() {
    let t0 = std::time::Instant::now();
    let head = "标题: 某局2021年度政府信息公开工作年度报告\n一、总体情况二、主动公开政府信息情况";
    let cases: Vec<String> = vec![
        // 10 MB of digits after a table 三 label.
        format!(
            "{head}三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量{}二、上年结转政府信息公开申请数量",
            "1".repeat(10_000_000)
        ),
        // Every character a heading candidate.
        format!("{head}{}", "一、".repeat(1_500_000)),
        // Many short table rows with long ambiguous runs.
        format!(
            "{head}三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）{}四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼总计{}",
            "一、本年新收政府信息公开申请数量1111111111111111111111111111二、上年结转政府信息公开申请数量".repeat(500),
            "1".repeat(100)
        ),
        // Money and signs everywhere in table 二.
        format!(
            "{head}第二十条第（一）项信息内容本年新制作数量规章{}三、收到和处理政府信息公开申请情况",
            "1-2-3.4.5元".repeat(1000)
        ),
    ];
    for c in &cases {
        let rows = rows_from_flat(c);
        // No digit run of the 10 MB line was read as table values.
        for r in rows.iter().flatten() {
            assert!(r.cells.iter().all(|t| t.text.len() < 200 || !t.recovered));
        }
    }
    // Generous even for a debug build on a busy machine (release: well
    // under a second).
    assert!(t0.elapsed().as_secs() < 30, "{:?}", t0.elapsed());
    // The whole parse on the smaller hostile inputs (the parser's own cost
    // on a 10 MB line is not this module's).
    for c in &cases[2..] {
        let r = parse_text("hostile.txt", c);
        assert!(r
            .t3
            .is_none_or(|t| t.cells.iter().all(|c| c.value.int() != Some(1111111))));
    }
}

#[test]
fn uncertain_cells_are_recognisable() {
    let r = load("pingtan_2021_1.txt");
    let c = r
        .table(TableId::T2)
        .and_then(|t| t.cell("NORM", "made"))
        .expect("cell");
    assert_eq!(c.value, Value::Absent);
    assert!(c.raw.starts_with("693665"), "{}", c.raw);
    // The verdict travels as a type (the reader's `Tok::uncertain`, then the
    // row's shape error), not as a marker character in the text.
    assert!(c.raw.contains("拆分"), "{}", c.raw);
    assert!(!c.raw.contains('\u{2047}'), "{}", c.raw);
    let t2 = r.table(TableId::T2).expect("T2");
    assert!(
        t2.shape_errors.iter().any(|e| e.row == "NORM"),
        "{:?}",
        t2.shape_errors
    );
    let flat = std::fs::read_to_string(path("real/pingtan_2021_1.txt")).expect("fixture");
    let rows = rows_from_flat(&flat).expect("flat");
    let unsure: Vec<_> = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|t| t.uncertain)
        .collect();
    assert!(!unsure.is_empty());
    assert!(unsure
        .iter()
        .all(|t| t.text.starts_with(|c: char| c.is_ascii_digit() || c == '-')));
}
