//! decode → layout → parse → rules → JSON/text output, over arbitrary bytes.
//!
//! The first byte picks the file ending (so the HTML reader and the text
//! readers are both reached); the rest is the file. Besides "never panics",
//! it asserts that nothing from the report reaches the output as a raw
//! control character (SPEC: report text must never drive the terminal).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_lens::corpus::Checked;
use ogi_lens::report::parse::parse_bytes;
use ogi_lens::rules::{self, RuleSet};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = match pick % 4 {
        0 => "r.txt",
        1 => "r.html",
        2 => "r.md",
        _ => "r.htm",
    };
    let report = parse_bytes(path, bytes);
    let findings = rules::check_report(&report, &RuleSet::default());
    let checked = Checked { report, findings };
    let json = serde_json::to_string(&ogi_lens::cli::report_json(&checked)).expect("json");
    assert!(
        !json.bytes().any(|b| b < 0x20),
        "raw control character in JSON"
    );
    for f in &checked.findings {
        let m = ogi_lens::sanitize::for_terminal(&f.message);
        assert!(!m.chars().any(|c| c.is_control() && c != '\t'));
    }
});
