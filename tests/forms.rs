//! The same report in every form it is published in gives the same cells.
//!
//! The 平潭 pages (tests/fixtures/real/pingtan_*.html) are the reference;
//! tests/fixtures/forms holds the same pages saved as DOCX and DOC (by an
//! office suite), as MHT (scripts/make-mht.py: Blink and Word styles,
//! quoted-printable and base64, UTF-8 and GBK), and dumped by `w3m -dump`
//! and `lynx -dump` (see tests/fixtures/README.md for the commands). Every
//! cell of 表二, 表三 and 表四 must equal the HTML reading, and so must the
//! findings' rules.

use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{Report, TableId, Value};
use ogi_lens::rules::{check_report, RuleSet};

fn load(path: &str) -> Report {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    parse_bytes(&full, &bytes)
}

fn html(year: u32) -> Report {
    load(&format!("real/pingtan_{year}_1.html"))
}

/// Every cell of the three tables: (id, value, raw), in table order.
fn cells(r: &Report) -> Vec<(String, Value)> {
    TableId::ALL
        .iter()
        .filter_map(|t| r.table(*t))
        .flat_map(|t| t.cells.iter())
        .map(|c| (c.id.to_string(), c.value.clone()))
        .collect()
}

fn rules(r: &Report) -> Vec<&'static str> {
    let mut v: Vec<&str> = check_report(r, &RuleSet::default())
        .iter()
        .map(|f| f.rule.id)
        .collect();
    v.sort();
    v
}

/// The form reads every cell the HTML page reads, with the same value, and
/// raises the same rules.
fn same_as_html(form: &str, year: u32) -> usize {
    let reference = html(year);
    let r = load(&format!("forms/{form}"));
    assert_eq!(r.notes.fatal, None, "{form}");
    let want = cells(&reference);
    let got = cells(&r);
    let read = want.iter().filter(|(_, v)| *v != Value::Absent).count();
    assert!(
        read >= 190,
        "{form}: the HTML reference reads only {read} cells"
    );
    assert_eq!(got.len(), want.len(), "{form}: cell count");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "{form}");
    }
    assert_eq!(r.year, reference.year, "{form}");
    assert_eq!(r.template, reference.template, "{form}");
    assert_eq!(rules(&r), rules(&reference), "{form}: rules raised");
    read
}

#[test]
fn docx_reads_every_cell_of_the_html_page() {
    for year in [2019, 2020, 2021, 2022, 2023, 2024, 2025] {
        same_as_html(&format!("pingtan_{year}_1.docx"), year);
    }
}

#[test]
fn mht_reads_every_cell_of_the_html_page() {
    for (file, year) in [
        ("pingtan_2019_1.blink.mht", 2019),
        ("pingtan_2021_1.b64nocharset.mht", 2021),
        ("pingtan_2022_1.word.mht", 2022),
        ("pingtan_2024_1.b64.mhtml", 2024),
    ] {
        same_as_html(file, year);
    }
    assert_eq!(load("forms/pingtan_2022_1.word.mht").encoding, "GBK");
}

/// A DOCX cut short (a download that stopped) is one clear META-1 finding.
#[test]
fn truncated_docx_gives_corrupt_docx_finding() {
    let path = format!(
        "{}/tests/fixtures/forms/pingtan_2019_1.docx",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("fixture");
    for cut in [10, bytes.len() / 2, bytes.len() - 30] {
        let r = parse_bytes("cut.docx", &bytes[..cut]);
        let f = check_report(&r, &RuleSet::default());
        assert_eq!(f.len(), 1, "{cut}: {f:?}");
        assert_eq!(f[0].rule.id, "META-1");
        assert!(f[0].message.contains("corrupt DOCX"), "{}", f[0].message);
    }
}

/// The rendered text of a Word file is one line per paragraph or table
/// row, and a cell's line is its row's line: the TUI shows the row.
#[test]
fn docx_lines_are_paragraphs_and_rows() {
    let r = load("forms/pingtan_2019_1.docx");
    let t3 = r.t3.as_ref().expect("table 三");
    let c = t3
        .cells
        .iter()
        .find(|c| c.id.row == "A1" && c.id.col == "C1")
        .expect("A1.C1");
    let line = r
        .line(c.line.expect("the cell's line"))
        .expect("the cell's line");
    assert!(
        line.starts_with("一、本年新收政府信息公开申请数量 | 23"),
        "{line}"
    );
}

/// An HTML finding points at the rendered page, not at the markup.
#[test]
fn html_lines_are_rendered_text() {
    let r = html(2019);
    assert!(r
        .lines
        .iter()
        .all(|l| !l.contains("mso-") && !l.contains('<')));
    let t3 = r.t3.as_ref().expect("table 三");
    let line = r.line(t3.cells[0].line.expect("line")).expect("line");
    assert!(line.contains("本年新收"), "{line}");
}

#[test]
fn doc_reads_every_cell_of_the_html_page() {
    for year in [2019, 2020, 2022, 2025] {
        same_as_html(&format!("pingtan_{year}_1.doc"), year);
    }
}

/// The FIB's flags word of the DOC fixture (the `WordDocument` stream
/// starts on a sector boundary with the magic `0xA5EC`), with `set` or-ed in.
fn doc_with_flags(set: u16) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/forms/pingtan_2019_1.doc",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut bytes = std::fs::read(path).expect("fixture");
    let fib = (512..bytes.len())
        .step_by(512)
        .find(|&at| bytes[at..].starts_with(&[0xEC, 0xA5]))
        .expect("a FIB");
    let flags = u16::from_le_bytes([bytes[fib + 10], bytes[fib + 11]]) | set;
    bytes[fib + 10..fib + 12].copy_from_slice(&flags.to_le_bytes());
    bytes
}

/// Encrypted and fast-saved DOC files are named as such, never skipped.
#[test]
fn unreadable_doc_gives_finding_naming_the_reason() {
    for (flag, reason) in [(0x0100, "encrypted"), (0x0004, "fast-saved")] {
        let r = parse_bytes("x.doc", &doc_with_flags(flag));
        let f = check_report(&r, &RuleSet::default());
        assert_eq!(f.len(), 1, "{reason}: {f:?}");
        assert_eq!(f[0].rule.id, "META-1");
        assert!(f[0].message.contains(reason), "{}", f[0].message);
    }
    // The unmodified fixture is read.
    assert_eq!(parse_bytes("x.doc", &doc_with_flags(0)).notes.fatal, None);
}

/// A compound file that is not Word (an `.xls` renamed `.doc`, say) is named.
#[test]
fn compound_file_without_word_stream_is_named() {
    let path = format!(
        "{}/tests/fixtures/forms/pingtan_2019_1.doc",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut bytes = std::fs::read(path).expect("fixture");
    // Rename the stream in its directory entry (UTF-16 "WordDocument").
    let name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let at = bytes
        .windows(name.len())
        .position(|w| w == name.as_slice())
        .expect("directory entry");
    bytes[at] = b'X';
    let r = parse_bytes("x.doc", &bytes);
    let why = r.notes.fatal.expect("unreadable");
    assert!(why.contains("WordDocument"), "{why}");
}

/// `w3m -dump` draws tables with box-drawing borders, wraps cell text and
/// draws spanning cells as one box: table 三 used to read 0 cells.
#[test]
fn w3m_dump_reads_every_cell_of_the_html_page() {
    for year in [2019, 2020, 2021, 2022, 2023, 2024, 2025] {
        same_as_html(&format!("pingtan_{year}_1.w3m-dump.txt"), year);
    }
}

/// `lynx -dump` lays cells out one paragraph each, aligned with spaces.
#[test]
fn lynx_dump_reads_every_cell_of_the_html_page() {
    for year in [2019, 2020, 2021, 2022, 2023, 2024, 2025] {
        same_as_html(&format!("pingtan_{year}_1.lynx-dump.txt"), year);
    }
}

/// Flattened web text (one line of thousands of characters): a finding
/// says the line of the file and the character offset of its row in it,
/// and the line the TUI shows is that row's stretch of text, not the start
/// of the page.
#[test]
fn flattened_text_findings_give_character_offset() {
    let r = load("real/pingtan_2020_1.txt");
    let findings = check_report(&r, &RuleSet::default());
    let checked = ogi_lens::corpus::Checked {
        report: r,
        findings,
    };
    let json = ogi_lens::cli::report_json(&checked);
    let file = std::fs::read_to_string(format!(
        "{}/tests/fixtures/real/pingtan_2020_1.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let t32: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "T3-2")
        .collect();
    assert_eq!(t32.len(), 2);
    for f in t32 {
        let line = f["line"].as_u64().expect("line") as usize;
        let offset = f["offset"].as_u64().expect("offset") as usize;
        let at: String = file
            .lines()
            .nth(line - 1)
            .expect("line of the file")
            .chars()
            .skip(offset)
            .take(5)
            .collect();
        assert_eq!(at, "（七）总计", "{f}");
    }
    // The TUI's source line for the finding is the row, not the page.
    let f = checked
        .findings
        .iter()
        .find(|f| f.rule.id == "T3-2")
        .expect("T3-2");
    let shown = checked.report.line(f.line.expect("line")).expect("line");
    assert!(shown.starts_with("（七）总计20"), "{shown}");
    assert!(shown.chars().count() < 100, "{shown}");
}

/// A page whose table cells hold plain text and some blank cells
/// (`pingtan_2022_1.blanks.html`, 21 blanks): w3m draws the blank cells,
/// and reads them all; lynx draws nothing for them but keeps the columns'
/// spacing, which puts table 三's numbers back in their columns.
#[test]
fn blank_cells_stay_blank_in_dumps() {
    let reference = load("forms/pingtan_2022_1.blanks.html");
    let blanks = cells(&reference)
        .iter()
        .filter(|(_, v)| *v == Value::Blank)
        .count();
    assert!(blanks >= 20, "{blanks} blank cells in the reference");
    let w3m = load("forms/pingtan_2022_1.blanks.w3m-dump.txt");
    assert_eq!(cells(&w3m), cells(&reference));
    let lynx = load("forms/pingtan_2022_1.blanks.lynx-dump.txt");
    let t3 = |r: &Report| {
        let t = r.t3.as_ref().expect("table 三");
        t.cells
            .iter()
            .map(|c| (c.id.to_string(), c.value.clone()))
            .collect::<Vec<_>>()
    };
    let want = t3(&reference);
    assert!(want.iter().filter(|(_, v)| *v == Value::Blank).count() >= 15);
    assert_eq!(t3(&lynx), want);
}
