//! decode → layout → parse → rules → JSON/text output, over arbitrary bytes.
//!
//! The first byte picks the file ending (so the HTML reader and the text
//! readers are both reached); the rest is the file. Besides "never panics",
//! it asserts the invariants `tests/never_panics.rs` asserts, from the same
//! file: every finding's rule is declared, every cell id is one the
//! templates know, a finding's suspects are among its cells, and the text
//! output carries no control character (report text must never drive the
//! terminal).
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use ogi_lens::cli::{report_json_pretty, report_text};
use ogi_lens::corpus::Checked;
use ogi_lens::report::parse::parse_bytes;
use ogi_lens::rules::{self, RuleSet};

fn holds(what: Result<(), String>) {
    if let Err(e) = what {
        panic!("{e}");
    }
}

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
    let c = Checked { report, findings };
    holds(invariants::rules_declared(&c.findings));
    holds(invariants::cells_in_a_template(&c.report, &c.findings));
    holds(invariants::suspects_are_cells(&c.findings));
    holds(invariants::no_control_characters("text output", &report_text(&c)));
    // The JSON is written but not yet held to the same: it carries C1, DEL
    // and bidi characters raw until issue 10 item 3 lands, and the strict
    // "cells of the report's own template" waits for issue 13's one
    // template decision (both are ignored tests in never_panics.rs). Enable
    // these two lines then.
    let _json = report_json_pretty(&c);
    // holds(invariants::no_control_characters("JSON output", &_json));
    // holds(invariants::cells_in_template(&c.report, &c.findings));
});
