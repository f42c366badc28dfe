//! Hostile input, round 2 (issue 10): one regression test per defect,
//! named after it. No quadratic file, no hang, no raw control or bidi
//! character out, no reading outside the folder, and scan errors that a CI
//! job can see in the exit status.

use ogi_lens::corpus;
use ogi_lens::rules::RuleSet;
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> String {
    fs::read_to_string(manifest().join("sample-data").join(name)).expect("sample-data file")
}

/// Run `ogi-lens` with a time limit (a hang fails the test instead of
/// hanging the suite).
fn run(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ogi-lens"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run ogi-lens");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ogi-lens {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check(paths: &[&Path], extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    args.extend(paths.iter().map(|p| p.as_os_str()));
    run(&args, &[])
}

fn json_of(out: &Output) -> Json {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn skipped_kind(doc: &Json, path: &Path) -> Option<String> {
    let want = path.to_string_lossy();
    doc["skipped"]
        .as_array()
        .expect("skipped list")
        .iter()
        .find(|s| s["path"].as_str() == Some(&*want))
        .map(|s| s["kind"].as_str().unwrap_or("").to_string())
}

fn report_paths(doc: &Json) -> Vec<String> {
    doc["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["path"].as_str().unwrap_or("").to_string())
        .collect()
}

// ---- High 1: parse time linear in the file size ---------------------------

/// `unit` repeated after a title to about `bytes` bytes.
fn shape(unit: &str, bytes: usize) -> Vec<u8> {
    let title = "某某局2021年政府信息公开工作年度报告\n";
    let n = bytes / unit.len();
    let mut s = String::with_capacity(title.len() + unit.len() * n);
    s.push_str(title);
    for _ in 0..n {
        s.push_str(unit);
    }
    s.into_bytes()
}

/// Seconds to parse and check `bytes` once.
fn time_once(bytes: &[u8]) -> f64 {
    let t = Instant::now();
    let r = ogi_lens::report::parse::parse_bytes("shape.txt", bytes);
    let f = ogi_lens::rules::check_report(&r, &RuleSet::default());
    std::hint::black_box((r, f));
    t.elapsed().as_secs_f64()
}

/// The best times of `rounds` runs at 1 MB and at 4 MB, measured in turn
/// so that a burst of load on the shared machine hits both sizes.
fn growth(small: &[u8], big: &[u8], rounds: usize) -> (f64, f64) {
    let (mut t1, mut t4) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds {
        t1 = t1.min(time_once(small));
        t4 = t4.min(time_once(big));
    }
    (t1, t4)
}

/// Each shape that was quadratic (issue 10), at 1 MB and at 4 MB in the
/// same run: the time may grow about 4×, not 16×. A ratio, not a time, so
/// it holds on any machine.
#[test]
fn quadratic_parse_time_is_linear_for_every_hostile_shape() {
    let shapes = [
        // find_line rescanned the section for every line it did not find.
        (
            "section 五 of tab rows",
            "五、存在的主要问题及改进情况\n问题\t说明\n",
        ),
        (
            "第二十条 header pairs",
            "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n",
        ),
        // The parser scanned every matched heading for every row.
        ("repeated headings", "五、存在的主要问题及改进情况\n"),
        ("repeated section 六", "六、其他需要报告的事项\n"),
        (
            "heading 三 and a table 三 row",
            "三、收到和处理政府信息公开申请情况\n（一）予以公开\t1\t2\t3\t4\t5\t6\t21\n",
        ),
        // One label per shape error, searched among all rows per error.
        (
            "table 三 rows of the wrong width",
            "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n",
        ),
        (
            "heading 四 and a table 四 row",
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t1\t0\t0\t0\t1\n",
        ),
    ];
    let mut report = Vec::new();
    for (name, unit) in shapes {
        let small = shape(unit, 1 << 20);
        let big = shape(unit, 4 << 20);
        // Below a few milliseconds the ratio is noise.
        let ratio = |(t1, t4): (f64, f64)| t4 / t1.max(0.005);
        let mut t = growth(&small, &big, 2);
        if ratio(t) >= 8.0 {
            // Quadratic growth is 16× every time; a burst of load is not:
            // measure again before failing.
            t = growth(&small, &big, 3);
        }
        report.push(format!(
            "{name}: 1 MB {:.3} s, 4 MB {:.3} s, ×{:.1}",
            t.0,
            t.1,
            ratio(t)
        ));
        assert!(ratio(t) < 8.0, "{}", report.join("\n"));
    }
    eprintln!("{}", report.join("\n"));
}

// ---- High 2: a FIFO between discovery and reading ------------------------

/// A report replaced by a FIFO after the folder was walked: reading it
/// returns at once as skipped (it blocked forever, cutting the JSON off).
#[cfg(unix)]
#[test]
fn fifo_swapped_in_after_discovery_is_skipped_not_waited_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("a.txt");
    fs::write(&p, sample("jinshui-kejiju-2020.txt")).expect("write");
    let found = corpus::discover(&[tmp.path().to_path_buf()]);
    assert_eq!(found.files, vec![p.clone()]);
    fs::remove_file(&p).expect("remove");
    assert!(Command::new("mkfifo")
        .arg(&p)
        .status()
        .is_ok_and(|s| s.success()));
    let (tx, rx) = std::sync::mpsc::channel();
    let files = found.files.clone();
    std::thread::spawn(move || {
        let r = corpus::check_path(&files[0], &RuleSet::default());
        let _ = tx.send(r.err().map(|s| s.reason.kind()));
    });
    let kind = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("reading a FIFO must not block");
    assert_eq!(kind, Some("not_regular"));
}

/// `--config` naming a FIFO or /dev/zero: `check` runs with the defaults
/// and says why (it blocked, or read until memory ran out).
#[cfg(unix)]
#[test]
fn config_fifo_or_dev_zero_does_not_block_check() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("config.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success()));
    let report = manifest().join("sample-data/jinshui-kejiju-2020.txt");
    for config in [fifo.as_path(), Path::new("/dev/zero")] {
        let out = run(
            &[
                "check".as_ref(),
                "--config".as_ref(),
                config.as_os_str(),
                report.as_os_str(),
            ],
            &[],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{err}");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    }
}

// ---- Medium 3: no raw C1, DEL or bidi control in any output ---------------

/// Raw bytes of C1 controls (C2 80–9F), DEL, bidi embeddings/overrides
/// (E2 80 AA–AE) and isolates (E2 81 A6–A9), and C0 other than \n and \t.
fn raw_controls(out: &[u8]) -> Vec<usize> {
    let mut at = Vec::new();
    for (i, &b) in out.iter().enumerate() {
        let next = |k: usize| out.get(i + k).copied().unwrap_or(0);
        let c0 = b < 0x20 && b != b'\n' && b != b'\t';
        let c1 = b == 0xC2 && (0x80..=0x9F).contains(&next(1));
        let bidi = b == 0xE2
            && ((next(1) == 0x80 && (0xAA..=0xAE).contains(&next(2)))
                || (next(1) == 0x81 && (0xA6..=0xA9).contains(&next(2))));
        if c0 || b == 0x7F || c1 || bidi {
            at.push(i);
        }
    }
    at
}

/// C1 (U+009B is CSI on many terminals), DEL and bidi overrides in the
/// agency, title, a cell, a narrative line and the file name: JSON escapes
/// them as \uXXXX (so they round-trip), text output replaces them.
#[test]
fn json_and_text_carry_no_raw_c1_del_or_bidi() {
    let evil = "\u{9b}31m\u{7f}\u{202e}\u{2066}";
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample("jinshui-kejiju-2020.txt")
        .replacen("金水区", &format!("金水区{evil}"), 1)
        .replacen("规章\t0", &format!("规章\t0{evil}"), 1)
        + &format!("\n六、其他需要报告的事项\n无{evil}。\n");
    let p = tmp.path().join(format!("name{evil}.txt"));
    fs::write(&p, text).expect("write");
    let json = check(&[tmp.path()], &["--format", "json"]);
    assert_eq!(raw_controls(&json.stdout), Vec::<usize>::new(), "JSON");
    let stdout = String::from_utf8_lossy(&json.stdout);
    assert!(
        stdout.contains("\\u009b") && stdout.contains("\\u202e"),
        "{stdout}"
    );
    let doc = json_of(&json);
    let r = &doc["reports"][0];
    assert!(r["title"].as_str().is_some_and(|t| t.contains(evil)), "{r}");
    assert!(r["path"].as_str().is_some_and(|t| t.contains(evil)));
    let text = check(&[tmp.path()], &["--format", "text"]);
    assert_eq!(raw_controls(&text.stdout), Vec::<usize>::new(), "text");
    assert_eq!(raw_controls(&text.stderr), Vec::<usize>::new(), "stderr");
    assert!(String::from_utf8_lossy(&text.stdout).contains("name\u{fffd}"));
}

// ---- Medium 4: scan errors change the exit status -------------------------

/// A named path that cannot be read exits 2 (the JSON is still complete
/// and lists it); a folder where nothing can be read exits 2 with a
/// message; an entry inside a folder that cannot be read is listed and
/// counts as a warning for `--fail-on`.
#[cfg(unix)]
#[test]
fn scan_errors_change_the_exit_status() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let good = tmp.path().join("good");
    fs::create_dir(&good).expect("mkdir");
    // A report without findings at warning level or above.
    fs::write(
        good.join("r.txt"),
        sample("synthetic-qinghe-kejiju-2021.txt"),
    )
    .expect("write");
    std::os::unix::fs::symlink(good.join("gone.txt"), good.join("broken.txt")).expect("link");
    fs::write(good.join("table.xls"), b"\xd0\xcf\x11\xe0").expect("write");

    // The folder itself: the report is read, the broken link and the
    // spreadsheet are listed; the broken link is a warning.
    let out = check(&[&good], &["--format", "json", "--fail-on", "error"]);
    let doc = json_of(&out);
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(
        skipped_kind(&doc, &good.join("broken.txt")).as_deref(),
        Some("broken_link")
    );
    assert_eq!(
        skipped_kind(&doc, &good.join("table.xls")).as_deref(),
        Some("not_a_report")
    );
    assert_eq!(doc["summary"]["skipped"], 2);
    let out = check(&[&good], &["--format", "json", "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(1));
    let text = check(&[&good], &["--format", "text", "--fail-on", "never"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(
        shown.contains("broken.txt: skipped (warning): broken symbolic link"),
        "{shown}"
    );
    assert!(shown.contains("; 2 paths skipped"), "{shown}");

    // A named path that does not exist, next to a good one: exit 2, and
    // the good one is still reported.
    let missing = tmp.path().join("missing.txt");
    let out = check(&[&missing, &good], &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json_of(&out);
    assert_eq!(report_paths(&doc).len(), 1);
    assert_eq!(skipped_kind(&doc, &missing).as_deref(), Some("unreadable"));

    // Folders in which nothing can be read: empty, only a spreadsheet, only
    // a FIFO named like a report.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    let sheets = tmp.path().join("sheets");
    fs::create_dir(&sheets).expect("mkdir");
    fs::write(sheets.join("a.xls"), b"x").expect("write");
    let fifo_dir = tmp.path().join("fifo");
    fs::create_dir(&fifo_dir).expect("mkdir");
    assert!(Command::new("mkfifo")
        .arg(fifo_dir.join("r.txt"))
        .status()
        .is_ok_and(|s| s.success()));
    for dir in [&empty, &sheets, &fifo_dir] {
        let out = check(&[dir], &["--format", "json", "--fail-on", "never"]);
        assert_eq!(out.status.code(), Some(2), "{}", dir.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no report"), "{err}");
        assert_eq!(json_of(&out)["reports"], Json::Array(vec![]));
    }
}

// ---- Medium 5: one NUL byte does not make a report binary -----------------

#[test]
fn one_nul_byte_does_not_make_the_report_binary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample("jinshui-kejiju-2020.txt");
    let at = text.find("二、主动公开").expect("section 二");
    let line = text[..at].matches('\n').count() + 1;
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0);
    let p = tmp.path().join("nul.txt");
    fs::write(&p, bytes).expect("write");
    let doc = json_of(&check(&[&p], &["--format", "json"]));
    let r = &doc["reports"][0];
    assert_eq!(r["agency"], "金水区科学技术局", "{r}");
    assert!(r["tables"]["T2"].is_object(), "{r}");
    let nul = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["message"].as_str().is_some_and(|m| m.contains("NUL")))
        .unwrap_or_else(|| panic!("no NUL finding: {r}"));
    assert_eq!(nul["rule"], "META-1");
    assert_eq!(nul["severity"], "info");
    assert_eq!(nul["line"], line);
}

// ---- Medium 6: links out of the folder, special files ---------------------

/// A folder holding `home -> (outside)` and `environ.txt ->
/// /proc/self/environ`: neither is read without `--follow`; with it the
/// outside report is read but /proc never is, and no environment text
/// reaches the output.
#[cfg(target_os = "linux")]
#[test]
fn symlinks_out_of_the_folder_are_not_followed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("reports");
    let outside = tmp.path().join("home");
    fs::create_dir_all(&root).expect("mkdir");
    fs::create_dir_all(&outside).expect("mkdir");
    fs::write(root.join("in.txt"), sample("jinshui-kejiju-2020.txt")).expect("write");
    fs::write(outside.join("out.txt"), sample("daxing-kewei-2020.txt")).expect("write");
    std::os::unix::fs::symlink(&outside, root.join("home")).expect("link");
    std::os::unix::fs::symlink("/proc/self/environ", root.join("environ.txt")).expect("link");
    let secret = "OGI_SECRET_MARKER_7f3a";
    let args = |follow: bool| -> Vec<&std::ffi::OsStr> {
        let mut a: Vec<&std::ffi::OsStr> =
            vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
        if follow {
            a.push("-L".as_ref());
        }
        a.push(root.as_os_str());
        a
    };
    let out = run(&args(false), &[("OGI_SECRET", secret)]);
    let doc = json_of(&out);
    assert_eq!(
        report_paths(&doc),
        vec![root.join("in.txt").display().to_string()]
    );
    assert_eq!(
        skipped_kind(&doc, &root.join("home")).as_deref(),
        Some("leaves_folder")
    );
    assert_eq!(
        skipped_kind(&doc, &root.join("environ.txt")).as_deref(),
        Some("leaves_folder")
    );

    let out = run(&args(true), &[("OGI_SECRET", secret)]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
    let doc = json_of(&out);
    let want: Vec<String> = [root.join("home/out.txt"), root.join("in.txt")]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(report_paths(&doc), want);
    assert_eq!(
        skipped_kind(&doc, &root.join("environ.txt")).as_deref(),
        Some("system_file")
    );
}

// ---- Low 9: file names that are not UTF-8 ---------------------------------

/// `bad\xff\xfe.txt` and `bad\xfe\xff.txt` printed the same (`bad��.txt`);
/// now each prints its bytes, and the JSON carries them exactly.
#[cfg(target_os = "linux")]
#[test]
fn invalid_utf8_file_names_stay_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample("jinshui-kejiju-2020.txt");
    let names: [&[u8]; 2] = [b"bad\xff\xfe.txt", b"bad\xfe\xff.txt"];
    for n in names {
        fs::write(tmp.path().join(std::ffi::OsStr::from_bytes(n)), &text).expect("write");
    }
    let doc = json_of(&check(&[tmp.path()], &["--format", "json"]));
    let reports = doc["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    let paths = report_paths(&doc);
    assert_ne!(paths[0], paths[1]);
    assert!(paths[0].ends_with("bad\\xFE\\xFF.txt"), "{paths:?}");
    for (r, n) in reports.iter().zip([names[1], names[0]]) {
        let bytes: Vec<u8> = r["path_bytes"]
            .as_array()
            .expect("path_bytes")
            .iter()
            .filter_map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
            .collect();
        let want: PathBuf = tmp.path().join(std::ffi::OsStr::from_bytes(n));
        assert_eq!(bytes, want.as_os_str().as_bytes());
    }
    let text = check(&[tmp.path()], &["--format", "text"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(
        shown.contains("bad\\xFF\\xFE.txt") && shown.contains("bad\\xFE\\xFF.txt"),
        "{shown}"
    );
}

// ---- Medium 7 and Low 10: numbers -----------------------------------------

/// `5²` was read 52 and `3①` 31: the number is read without the mark, the
/// mark stays in the raw text, and a VAL-7 info says so. A 400-digit
/// amount was JSON `null` and `inf 万元` in messages: it is text, with
/// VAL-4.
#[test]
fn footnote_marks_and_400_digit_amounts_are_read_safely() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let huge = "9".repeat(400);
    let text = sample("synthetic-qinghe-kejiju-2021.txt")
        .replacen(
            "（一）予以公开\t\t5\t1\t0",
            "（一）予以公开\t\t5²\t1③\t0",
            1,
        )
        .replacen("行政事业性收费\t0", &format!("行政事业性收费\t{huge}"), 1);
    let p = tmp.path().join("r.txt");
    fs::write(&p, text).expect("write");
    for format in ["json", "text"] {
        let out = check(&[&p], &["--format", format]);
        let s = String::from_utf8_lossy(&out.stdout);
        // `inf` as a number, not the `info` severity.
        let inf = s
            .match_indices("inf")
            .any(|(i, _)| !s[i + 3..].starts_with('o'));
        assert!(!inf, "{s}");
    }
    let doc = json_of(&check(&[&p], &["--format", "json"]));
    let r = &doc["reports"][0];
    let t3 = &r["tables"]["T3"]["R1"];
    assert_eq!(
        (&t3["C1"], &t3["C2"], &t3["CT"]),
        (&Json::from(5), &Json::from(1), &Json::from(6))
    );
    assert_eq!(
        r["tables"]["T2"]["FEE"]["amount"],
        Json::String(huge.clone())
    );
    let findings = r["findings"].as_array().expect("findings");
    let of = |rule: &str| -> Vec<&Json> { findings.iter().filter(|f| f["rule"] == rule).collect() };
    let marks = of("VAL-7");
    assert_eq!(marks.len(), 2, "{r}");
    assert!(marks.iter().all(|f| f["severity"] == "info"));
    assert!(
        marks[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("「5²」")),
        "{marks:?}"
    );
    let val4 = of("VAL-4");
    assert_eq!(val4.len(), 1, "{r}");
    assert!(
        val4[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("400位")),
        "{val4:?}"
    );
    // No rule reads 5² as 52: the row still sums to its total.
    assert!(of("T3-1").is_empty(), "{r}");
}
