//! Property tests (issue 5): decode → layout → parse → rules → JSON never
//! panics, whatever the bytes, and nothing from a report reaches the JSON as
//! a raw control character. CI runs a bounded number of cases; the cargo-fuzz
//! target in `fuzz/` explores the same pipeline for hours (docs/performance.md).
//!
//! Four generators: raw bytes; real reports (synthetic, in every layout and
//! encoding) with random edits — the inputs most likely to reach deep parser
//! states; text assembled from the tokens the parser cares about; and the
//! published forms of tests/fixtures/forms (DOCX, DOC, MHT, w3m dumps) with
//! random edits and byte flips, for the readers of `report::forms`.

use ogi_lens::corpus::Checked;
use ogi_lens::report::parse::parse_bytes;
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

fn pipeline(path: &str, bytes: &[u8]) {
    let report = parse_bytes(path, bytes);
    let findings = rules::check_report(&report, &RuleSet::default());
    let checked = Checked { report, findings };
    let json = serde_json::to_string(&ogi_lens::cli::report_json(&checked)).expect("serialise");
    assert!(
        !json.bytes().any(|b| b < 0x20),
        "raw control character in JSON: {json}"
    );
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

/// Published forms, one of each reader.
const FORMS: [&str; 6] = [
    "pingtan_2019_1.docx",
    "pingtan_2019_1.doc",
    "pingtan_2022_1.word.mht",
    "pingtan_2024_1.b64.mhtml",
    "pingtan_2019_1.w3m-dump.txt",
    "pingtan_2022_1.lynx-dump.txt",
];

fn form(i: usize) -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    let all = BYTES.get_or_init(|| {
        FORMS
            .iter()
            .map(|f| {
                let p = format!("{}/tests/fixtures/forms/{f}", env!("CARGO_MANIFEST_DIR"));
                std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
            })
            .collect()
    });
    &all[i % all.len()]
}

proptest! {
    // 64 cases in CI; `PROPTEST_CASES=5000 cargo test --release --test never_panics` for a long run.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn raw_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), p in 0usize..4) {
        pipeline(PATHS[p], &bytes);
    }

    #[test]
    fn edited_reports_never_panic(
        seed in any::<u64>(),
        layout in 0usize..Layout::ALL.len(),
        enc in 0usize..Encoding::ALL.len(),
        edits in proptest::collection::vec(edit(), 1..12),
        p in 0usize..4,
    ) {
        let r = random_report(seed);
        let bytes = encode(&render(&r, Layout::ALL[layout]), Encoding::ALL[enc]);
        pipeline(PATHS[p], &apply(bytes, &edits));
    }

    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(fragment(), 0..200), p in 0usize..4) {
        let bytes: Vec<u8> = parts.concat();
        pipeline(PATHS[p], &bytes);
    }

    #[test]
    fn edited_published_forms_never_panic(
        f in 0usize..FORMS.len(),
        edits in proptest::collection::vec(edit(), 0..6),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..64),
    ) {
        let mut bytes = apply(form(f).to_vec(), &edits);
        let n = bytes.len();
        if n > 0 {
            for (at, x) in flips {
                bytes[at % n] ^= x;
            }
        }
        pipeline(FORMS[f], &bytes);
    }
}
