//! Property tests (issues 5 and 13): decode → layout → parse → rules → output
//! never panics whatever the bytes, and what comes out keeps the invariants
//! of `tests/invariants` — every finding's rule is declared, every cell id
//! belongs to the template, a finding's suspects are among its cells, and
//! the output carries no control character — and a report reads the same
//! cells whatever layout it is written in. CI runs a bounded number of
//! cases; the cargo-fuzz target in `fuzz/` explores the same pipeline for
//! hours (docs/performance.md).
//!
//! Three generators: raw bytes; real reports (synthetic, in every layout and
//! encoding) with random edits — the inputs most likely to reach deep parser
//! states; and text assembled from the tokens the parser cares about.

mod invariants;

use ogi_lens::cli::{report_json_pretty, report_text};
use ogi_lens::corpus::Checked;
use ogi_lens::report::parse::parse_bytes;
use ogi_lens::report::{CellId, TableId, Value};
use ogi_lens::rules::{self, RuleSet};
use ogi_lens::synth::{encode, random_report, render, Encoding, Layout};
use proptest::prelude::*;

const PATHS: [&str; 4] = ["r.txt", "r.html", "r.md", "R.HTM"];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64)
}

/// Check a file's bytes and render the report as `check` writes it.
fn checked(path: &str, bytes: &[u8]) -> (Checked, Vec<u8>, Vec<u8>) {
    let report = parse_bytes(path, bytes);
    let findings = rules::check_report(&report, &RuleSet::default());
    let c = Checked { report, findings };
    let (json, text) = (report_json_pretty(&c), report_text(&c));
    (c, json, text)
}

/// The pipeline keeps every invariant but the JSON's control characters
/// (see [`json_output_has_no_control_characters`]).
fn pipeline(path: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let (c, _json, text) = checked(path, bytes);
    let f = &c.findings;
    let fail = |e: String| TestCaseError::fail(e);
    invariants::rules_declared(f).map_err(fail)?;
    invariants::cells_in_a_template(&c.report, f).map_err(fail)?;
    invariants::suspects_are_cells(f).map_err(fail)?;
    invariants::no_control_characters("text output", &text).map_err(fail)?;
    Ok(())
}

/// The cells of a report (id → value), in table order.
fn cells(path: &str, bytes: &[u8]) -> Vec<(CellId, Value)> {
    let r = parse_bytes(path, bytes);
    TableId::ALL
        .iter()
        .filter_map(|t| r.table(*t))
        .flat_map(|t| t.cells.iter().map(|c| (c.id.clone(), c.value.clone())))
        .collect()
}

/// One random edit of a byte buffer.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn apply(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = b.len().max(1);
        match e {
            Edit::Delete(at, len) => {
                let a = at % n;
                let z = (a + len).min(b.len());
                if a < z {
                    b.drain(a..z);
                }
            }
            Edit::Insert(at, bytes) => {
                let a = (at % n).min(b.len());
                b.splice(a..a, bytes.iter().copied());
            }
            Edit::Duplicate(at, len) => {
                let a = at % n;
                let z = (a + len).min(b.len());
                if a < z {
                    let chunk = b[a..z].to_vec();
                    b.splice(a..a, chunk);
                }
            }
            Edit::Truncate(at) => b.truncate(at % n),
        }
    }
    b
}

/// A synthetic report in one layout and encoding, then edited.
fn edited(seed: u64, layout: usize, enc: usize, edits: &[Edit]) -> Vec<u8> {
    let r = random_report(seed);
    apply(
        encode(&render(&r, Layout::ALL[layout]), Encoding::ALL[enc]),
        edits,
    )
}

/// Fragments the readers treat specially.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\t".to_vec()),
        Just(b"|".to_vec()),
        Just(b"||".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"<td>".to_vec()),
        Just(b"</tr>".to_vec()),
        Just(b"<td colspan=\"99999999999\">".to_vec()),
        Just(b"<td rowspan=\"4000000000\">".to_vec()),
        Just(b"&nbsp;".to_vec()),
        Just(b"&#x1b;".to_vec()),
        Just(b"&#99999999;".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"<script>".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just(b"\x1b]52;c;aGk=\x07".to_vec()),
        Just("\u{9b}31m".as_bytes().to_vec()),
        Just("\u{85}\u{7f}".as_bytes().to_vec()),
        Just("\u{202e}\u{2066}".as_bytes().to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just("一、".as_bytes().to_vec()),
        Just("三、收到和处理政府信息公开申请情况\n".as_bytes().to_vec()),
        Just("（六）其他处理".as_bytes().to_vec()),
        Just("总计".as_bytes().to_vec()),
        Just("99999999999999999999".as_bytes().to_vec()),
        Just("-9223372036854775808".as_bytes().to_vec()),
        Just("251000元".as_bytes().to_vec()),
        Just("1e308".as_bytes().to_vec()),
        Just("---".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..16),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..200).prop_map(|(a, l)| Edit::Delete(a, l)),
        (any::<usize>(), fragment()).prop_map(|(a, f)| Edit::Insert(a, f)),
        (any::<usize>(), 1usize..400).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

proptest! {
    // 64 cases in CI; `PROPTEST_CASES=5000 cargo test --release --test never_panics` for a long run.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn raw_bytes_keep_the_invariants(bytes in proptest::collection::vec(any::<u8>(), 0..2048), p in 0usize..4) {
        pipeline(PATHS[p], &bytes)?;
    }

    #[test]
    fn edited_reports_keep_the_invariants(
        seed in any::<u64>(),
        layout in 0usize..Layout::ALL.len(),
        enc in 0usize..Encoding::ALL.len(),
        edits in proptest::collection::vec(edit(), 1..12),
        p in 0usize..4,
    ) {
        pipeline(PATHS[p], &edited(seed, layout, enc, &edits))?;
    }

    #[test]
    fn token_soup_keeps_the_invariants(parts in proptest::collection::vec(fragment(), 0..200), p in 0usize..4) {
        let bytes: Vec<u8> = parts.concat();
        pipeline(PATHS[p], &bytes)?;
    }

    /// One report written in every layout and encoding reads the same cells.
    #[test]
    fn cells_are_the_same_whatever_the_layout(seed in any::<u64>()) {
        let r = random_report(seed);
        let mut first: Option<(Layout, Vec<(CellId, Value)>)> = None;
        for (i, layout) in Layout::ALL.into_iter().enumerate() {
            let enc = Encoding::ALL[(seed as usize + i) % Encoding::ALL.len()];
            let path = format!("r.{}", layout.extension());
            let got = cells(&path, &encode(&render(&r, layout), enc));
            prop_assert!(!got.is_empty(), "{:?} read no cells", layout);
            match &first {
                None => first = Some((layout, got)),
                Some((l0, want)) => prop_assert!(
                    *want == got,
                    "{:?} and {:?} read different cells: {:?}",
                    l0,
                    layout,
                    want.iter().zip(&got).find(|(a, b)| a != b)
                ),
            }
        }
    }

    /// Issue 13, Part 1 (engineer template-owner): the template is decided
    /// more than once, so a report can say `2019` while its table 三 was
    /// read with the 2021 rows (R6.1…R6.3), which the 2019 template does
    /// not have. This invariant fails until there is one template decision
    /// per report; run it with `--ignored`. (Cells outside both templates
    /// are refused by every test above.)
    #[test]
    #[ignore = "issue 13 one template decision"]
    fn cells_belong_to_the_report_template(
        seed in any::<u64>(),
        layout in 0usize..Layout::ALL.len(),
        enc in 0usize..Encoding::ALL.len(),
        edits in proptest::collection::vec(edit(), 1..12),
        p in 0usize..4,
    ) {
        let (c, _, _) = checked(PATHS[p], &edited(seed, layout, enc, &edits));
        invariants::cells_in_template(&c.report, &c.findings).map_err(TestCaseError::fail)?;
    }

    /// Issue 10 item 3 (engineer hostile2): the JSON carries C1 controls,
    /// DEL and bidi overrides from titles, agency names, messages and paths
    /// raw, as serde_json escapes only bytes below 0x20. This invariant fails
    /// until output sanitising lands; run it with `--ignored`.
    #[test]
    #[ignore = "issue 10 item 3"]
    fn json_output_has_no_control_characters(
        seed in any::<u64>(),
        layout in 0usize..Layout::ALL.len(),
        at in 0usize..400,
        control in prop::sample::select(vec!["\u{9b}31m", "\u{85}", "\u{7f}", "\u{202e}", "\u{2067}", "\u{1b}[2J"]),
    ) {
        // A control character early in a real report: in its title, agency
        // or first section, which reach the JSON as fields and messages.
        let layout = Layout::ALL[layout];
        let mut text = render(&random_report(seed), layout);
        let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, control);
        let (_, json, out) = checked(&format!("r.{}", layout.extension()), text.as_bytes());
        invariants::no_control_characters("text output", &out).map_err(TestCaseError::fail)?;
        invariants::no_control_characters("JSON output", &json).map_err(TestCaseError::fail)?;
    }
}
