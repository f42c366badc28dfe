//! End-to-end runs of the `ogi-lens check` binary: the JSON contract of
//! SPEC §13.2, exit statuses of §13.3, and folders with broken files.

use serde_json::Value as Json;
use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ogi-lens"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(root())
        .output()
        .expect("run ogi-lens")
}

fn json_of(out: &Output) -> Json {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn report<'a>(doc: &'a Json, name: &str) -> &'a Json {
    doc["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("{name} not in output"))
}

fn rules_of(r: &Json) -> Vec<String> {
    r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn json_has_the_contract_fields() {
    let out = run(&[
        "check",
        "sample-data",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out);
    assert_eq!(doc["version"], 1);
    let reports = doc["reports"].as_array().expect("reports");
    assert!(reports.len() >= 10);
    // Path order, whatever order the threads finished in.
    let paths: Vec<&str> = reports.iter().filter_map(|r| r["path"].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for r in reports {
        for key in ["path", "agency", "year", "template", "tables", "findings"] {
            assert!(r.get(key).is_some(), "{key} missing in {}", r["path"]);
        }
        for f in r["findings"].as_array().expect("findings") {
            for key in ["rule", "severity", "message", "cells", "suspect", "line"] {
                assert!(f.get(key).is_some(), "{key} missing in finding {f}");
            }
            assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")));
        }
    }
    let j = report(&doc, "jinshui-kejiju-2020.txt");
    assert_eq!(j["agency"], "金水区科学技术局");
    assert_eq!(j["year"], 2020);
    assert_eq!(j["template"], "2019");
    // Every cell of the template is present: 22 + 161 + 15.
    let count = |t: &str| {
        j["tables"][t]
            .as_object()
            .map(|rows| {
                rows.values()
                    .map(|c| c.as_object().map_or(0, |c| c.len()))
                    .sum::<usize>()
            })
            .unwrap_or(0)
    };
    assert_eq!((count("T2"), count("T3"), count("T4")), (22, 161, 15));
    assert_eq!(j["tables"]["T3"]["R3.2"]["C1"], 0);
    // Blank cells are null, never 0.
    let z = report(&doc, "zhengdong-kejirencai-2022.txt");
    assert_eq!(z["tables"]["T3"]["R1"]["C1"], Json::Null);
    assert_eq!(z["tables"]["T3"]["R1"]["CT"], 0);
    // Money in 万元.
    let d = report(&doc, "daxing-kewei-2020.txt");
    assert_eq!(d["tables"]["T2"]["PROC"]["amount"], 77.0693);
    assert!(d["tables"]["T2"]["OTHSVC/行政检查"].is_object());
    let s = &doc["summary"];
    assert_eq!(s["reports"].as_u64(), Some(reports.len() as u64));
    assert!(doc["cross_findings"].is_array());
}

#[test]
fn exit_status_follows_fail_on() {
    // The synthetic table 四 report has an arithmetic error.
    let bad = "sample-data/synthetic-t4-total-error-2022.txt";
    assert_eq!(run(&["check", bad]).status.code(), Some(1));
    assert_eq!(
        run(&["check", bad, "--fail-on", "never"]).status.code(),
        Some(0)
    );
    // A clean report passes at the default level.
    let good = "sample-data/synthetic-qinghe-kejiju-2021.txt";
    let out = run(&["check", good]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Usage errors and missing paths exit 2.
    assert_eq!(run(&["check", "no/such/path"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", bad, "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", bad, "--severity", "T4-1"]).status.code(),
        Some(2)
    );
}

#[test]
fn rules_can_be_disabled_and_reclassified() {
    let bad = "sample-data/synthetic-t4-total-error-2022.txt";
    let out = run(&["check", bad, "--format", "json", "--disable", "T4-1"]);
    let doc = json_of(&out);
    assert!(
        !rules_of(report(&doc, "synthetic-t4-total-error-2022.txt")).contains(&"T4-1".to_string())
    );
    let out = run(&[
        "check",
        bad,
        "--format",
        "json",
        "--severity",
        "T4-1=info",
        "--fail-on",
        "warning",
    ]);
    let doc = json_of(&out);
    let r = report(&doc, "synthetic-t4-total-error-2022.txt");
    let f = r["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["rule"] == "T4-1"))
        .expect("T4-1 finding");
    assert_eq!(f["severity"], "info");
}

#[test]
fn text_output_is_one_line_per_finding() {
    let out = run(&[
        "check",
        "sample-data/synthetic-t4-total-error-2022.txt",
        "--format",
        "text",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.last().expect("summary line");
    assert!(last.starts_with("1 reports:"), "{last}");
    let t41 = lines
        .iter()
        .find(|l| l.contains(" T4-1 "))
        .expect("T4-1 line");
    assert!(
        t41.starts_with("sample-data/synthetic-t4-total-error-2022.txt:"),
        "{t41}"
    );
    assert!(t41.contains(": error T4-1 "), "{t41}");
}

#[test]
fn broken_files_are_findings_not_crashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), b"").expect("write");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(d.join("binary.txt"), &noise).expect("write");
    let gbk = std::fs::read(root().join("sample-data/synthetic-gbk-encoded-2021.txt"))
        .expect("gbk fixture");
    std::fs::write(d.join("gbk.txt"), &gbk).expect("write");
    std::fs::write(d.join("ignored.pdf"), b"%PDF-1.4").expect("write");
    let out = bin()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(d)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out);
    assert_eq!(
        doc["reports"].as_array().map(|a| a.len()),
        Some(3),
        "only report endings are read"
    );
    for name in ["empty.txt", "binary.txt"] {
        let r = report(&doc, name);
        assert_eq!(rules_of(r), vec!["META-1".to_string()], "{name}");
        assert_eq!(r["template"], Json::Null);
    }
    let msg = report(&doc, "binary.txt")["findings"][0]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(msg.contains("binary"), "{msg}");
    let g = report(&doc, "gbk.txt");
    assert_eq!(g["agency"], "西城区统计局");
    assert_eq!(g["encoding"], "GB18030");
    assert_eq!(g["tables"]["T3"]["A1"]["C1"], 3);
    assert!(!rules_of(g).iter().any(|r| r.starts_with("T3-")));
}

#[test]
fn docs_rules_md_is_the_catalogue() {
    // docs/rules.md is generated; regenerate with `ogi-lens rules --markdown > docs/rules.md`.
    let out = run(&["rules", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    assert_eq!(
        doc,
        String::from_utf8_lossy(&out.stdout),
        "docs/rules.md is stale"
    );
    assert!(doc.contains("| T3-1 | error | yes |"));
}

#[test]
fn explain_and_unknown_rules() {
    let out = run(&["check", "--explain", "T3-5"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("T3-5 [info]"), "{text}");
    assert!(text.contains("例 / example:"), "{text}");
    assert_eq!(
        run(&["check", "--explain", "NOPE-1"]).status.code(),
        Some(2)
    );
    // A typo in a rule id is refused rather than silently ignored.
    assert_eq!(
        run(&["check", "sample-data", "--disable", "T3-99"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn config_file_rules_apply_under_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[rules]\ndisable = [\"T4-1\"]\n").expect("write");
    let bad = "sample-data/synthetic-t4-total-error-2022.txt";
    let cfg_s = cfg.to_string_lossy().to_string();
    let out = run(&["check", bad, "--config", &cfg_s]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "T4-1 disabled by the config file"
    );
    // A broken config file is named with its line, and the defaults apply.
    std::fs::write(&cfg, "[rules]\ndisable = [\n").expect("write");
    let out = run(&["check", bad, "--config", &cfg_s]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml"), "{err}");
}

#[test]
fn readme_lists_every_implemented_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for r in ogi_lens::rules::catalogue::RULES
        .iter()
        .filter(|r| r.implemented)
    {
        assert!(
            readme.contains(&format!("`{}`", r.id)),
            "README.md does not list {}",
            r.id
        );
    }
}

/// Regression (issue 13): `disable = ["X5"]` in the config file was accepted
/// silently while `--disable X5` exited 2. Both now go through one validator:
/// the flag is refused, and the file's mistake is reported with the file and
/// line (the file's settings are then not used, as for any broken config).
#[test]
fn config_silently_accepted_unknown_rule_x5_that_the_flag_refused() {
    let bad = "sample-data/synthetic-t4-total-error-2022.txt";
    let out = run(&["check", bad, "--disable", "X5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"X5\""), "{err}");

    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[rules]\n# a typo\ndisable = [\"T4-1\", \"X5\"]\n").expect("write");
    let cfg_s = cfg.to_string_lossy().to_string();
    let out = run(&["check", bad, "--config", &cfg_s]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml") && err.contains("line 3") && err.contains("\"X5\""),
        "{err}"
    );
    // Not half-applied: T4-1 is still checked.
    assert_eq!(out.status.code(), Some(1), "{err}");
}

/// Regression (issue 13): `disable = ["TXT"]` in the config turned off a
/// family while `--disable TXT` was refused. A family (`TXT`, `TXT-*`) is
/// now accepted by both, for `--disable` and `--severity` alike.
#[test]
fn family_was_accepted_in_config_but_refused_on_command_line() {
    let file = "sample-data/pinghu-kejiju-2021.txt";
    let has_txt8 = |out: &Output| String::from_utf8_lossy(&out.stdout).contains(" TXT-8 ");
    assert!(
        has_txt8(&run(&["check", file])),
        "the sample should give TXT-8"
    );
    for key in ["TXT", "txt-*"] {
        let out = run(&["check", file, "--disable", key]);
        assert_ne!(out.status.code(), Some(2), "--disable {key} refused");
        assert!(!has_txt8(&out), "--disable {key} left TXT-8 on");
    }
    let out = run(&["check", file, "--severity", "TXT=error"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(": error TXT-8 "),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[rules]\ndisable = [\"TXT\"]\n").expect("write");
    let cfg_s = cfg.to_string_lossy().to_string();
    let out = run(&["check", file, "--config", &cfg_s]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!has_txt8(&out));
}
