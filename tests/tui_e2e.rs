//! The real binary in a real terminal: tmux at 80×24 on the fixture folder.
//! Checks that the list shows the reports, that keys drive the UI (drill into
//! a finding, help, panes), that `q` quits with status 0, and that the
//! terminal is restored (the shell's screen is back, raw mode is off).
//!
//! Skips with a note when tmux is not installed, but fails when `CI` is set
//! (`.ci/run` sets it and installs tmux).
//!
//! Fixtures (`tests/fixtures/tui/`, every file there is read as a report):
//! `a-2022.txt` is a 2021-template report with one injected error (table 三
//! row （七）总计 holds 1 in 自然人 and 总计 while every result row is 0);
//! `b-2020.txt` is an unchanged 2019-template report.

use std::path::PathBuf;
use std::thread::sleep;
use std::time::Duration;

mod tmux_support;
use tmux_support::{tmux_available, with_status, Tmux};

/// How long a screen or the exit status may take to appear.
const WAIT: Duration = Duration::from_secs(20);

fn wait_status(status: &std::path::Path) -> String {
    tmux_support::wait_status(status, WAIT)
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui")
}

fn sample_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// An empty config so the user's own config file cannot change the test.
fn empty_config(dir: &tempfile::TempDir) -> PathBuf {
    let p = dir.path().join("config.toml");
    std::fs::write(&p, "").expect("write config");
    p
}

#[test]
fn browse_drill_and_quit_in_tmux() {
    if !tmux_available("the end-to-end TUI test") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = empty_config(&tmp);
    let t = Tmux::new(format!("ogi-lens-e2e-{}", std::process::id()), "e2e", WAIT);
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "env",
        "PS1=$ ",
        "TERM=xterm-256color",
        "sh",
    ]);
    t.wait_for("shell prompt", |s| s.contains('$'));
    let dir = sample_data();
    let n = ogi_lens::corpus::discover(std::slice::from_ref(&dir))
        .files
        .len();
    assert!(n >= 2, "sample-data has reports");
    let cmd = format!(
        "{} --config {} {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_ogi-lens"),
        cfg.display(),
        dir.display()
    );
    t.keys(&[&cmd, "Enter"]);
    let loaded = format!("{n} reports");
    let s = t.wait_for("the list, loaded", |s| s.contains(&loaded));
    assert!(s.contains("Reports"), "{s}");
    // One row per report (as many as fit): each with a status marker.
    let rows = s
        .lines()
        .filter(|l| l.starts_with("│") && (l.contains('✓') || l.contains('✗') || l.contains('!')))
        .count();
    assert_eq!(rows, n.min(20), "rows:\n{s}");
    // The command bar always shows the keys of the focused pane.
    assert!(s.contains("q quit"), "{s}");

    // Next failure: drills into the first finding when the rules found one.
    let has_errors = s.lines().any(|l| l.starts_with("│") && l.contains('✗'));
    t.keys(&["]"]);
    if has_errors {
        let s = t.wait_for("the detail strip of a finding", |s| s.contains("Detail"));
        assert!(
            s.lines().any(|l| l.contains("│L") && l.contains(':')) || s.contains("no source line"),
            "source line shown:\n{s}"
        );
        t.keys(&["Escape"]);
        t.wait_for("back from the drill-down", |s| !s.contains("Detail"));
    } else {
        eprintln!("note: no findings yet (rules not merged?); drill-down not exercised");
        t.wait_for("the no-more-findings message", |s| {
            s.contains("No more findings")
        });
    }

    // Into the report: outline, then a table with the cell inspector.
    t.keys(&["Tab"]);
    t.wait_for("report pane focused", |s| {
        s.contains("Enter open") && s.contains("Esc back")
    });
    t.keys(&["j", "j", "Enter"]);
    let s = t.wait_for("table 二 open", |s| s.contains("表二 R1/"));
    assert!(s.contains("Detail"), "cell inspector shown:\n{s}");
    t.keys(&["?"]);
    t.wait_for("help overlay", |s| s.contains("Keys"));
    t.keys(&["Escape"]);
    t.wait_for("help closed", |s| !s.contains("Keys —"));

    t.keys(&["q"]);
    // The command line itself contains "EXIT=$?": wait for the output line.
    let s = t.wait_for("the shell again", |s| {
        s.lines().any(|l| l.starts_with("EXIT="))
    });
    assert!(s.lines().any(|l| l == "EXIT=0"), "exit status 0:\n{s}");
    assert!(!s.contains("Reports"), "alternate screen left:\n{s}");

    // Raw mode is off again: the tty is canonical and echoes.
    t.keys(&["stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo STTY", "Enter"]);
    let s = t.wait_for("stty output", |s| {
        s.lines()
            .any(|l| l.trim_end().ends_with("STTY") && l.contains("icanon"))
    });
    let line = s
        .lines()
        .find(|l| l.trim_end().ends_with("STTY") && l.contains("icanon"))
        .unwrap_or_default();
    assert!(
        line.contains("icanon") && !line.contains("-icanon"),
        "{line}"
    );
    assert!(line.contains("echo") && !line.contains("-echo"), "{line}");
}

/// The pane's own command (no shell around it) ends with status 0 on `q`,
/// even while reports are still loading, and on the too-small screen.
#[test]
fn quits_with_status_zero_even_when_too_small() {
    if !tmux_available("the end-to-end TUI test") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = empty_config(&tmp);
    let t = Tmux::new(
        format!("ogi-lens-e2e-small-{}", std::process::id()),
        "e2e",
        WAIT,
    );
    let bin = env!("CARGO_BIN_EXE_ogi-lens");
    let cfg_s = cfg.display().to_string();
    let dir = fixtures().display().to_string();
    let status = tmp.path().join("status");
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "20",
        "-y",
        "5",
        "env",
        "TERM=xterm-256color",
        "sh",
        "-c",
        &with_status(&[bin, "--config", &cfg_s, &dir], &status),
    ]);
    t.run(&["set-option", "-t", "e2e", "remain-on-exit", "on"]);
    t.wait_for("too-small screen", |s| s.contains("too small"));
    t.keys(&["q"]);
    assert_eq!(wait_status(&status), "0", "exit status");
}

/// `NO_COLOR=1 --ascii`: ASCII borders and no colour escapes at all (only
/// attributes), then `q` ends the pane's command with status 0.
#[test]
fn no_color_and_ascii_in_tmux() {
    if !tmux_available("the end-to-end TUI test") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = empty_config(&tmp);
    let t = Tmux::new(
        format!("ogi-lens-e2e-nocolor-{}", std::process::id()),
        "e2e",
        WAIT,
    );
    let bin = env!("CARGO_BIN_EXE_ogi-lens");
    let cfg_s = cfg.display().to_string();
    let dir = fixtures().display().to_string();
    let status = tmp.path().join("status");
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "env",
        "TERM=xterm-256color",
        "NO_COLOR=1",
        "sh",
        "-c",
        &with_status(&[bin, "--ascii", "--config", &cfg_s, &dir], &status),
    ]);
    t.run(&["set-option", "-t", "e2e", "remain-on-exit", "on"]);
    let s = t.wait_for("ASCII borders", |s| s.contains("+ Reports"));
    assert!(!s.contains('┌') && !s.contains('│'), "no box drawing:\n{s}");
    t.keys(&["]"]);
    sleep(Duration::from_millis(300));
    let styled = t.run(&["capture-pane", "-p", "-e", "-t", "e2e"]);
    // Foreground/background colour SGRs: 30–37, 40–47, 90–97, 100–107, 38;…, 48;…
    let mut rest = styled.as_str();
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest.find('m').unwrap_or(rest.len());
        for p in rest[..end].split(';') {
            let n: u32 = p.parse().unwrap_or(0);
            assert!(
                !matches!(n, 30..=37 | 40..=47 | 90..=97 | 100..=107 | 38 | 48),
                "colour escape with NO_COLOR: {:?}",
                &rest[..end]
            );
        }
    }
    t.keys(&["q"]);
    assert_eq!(wait_status(&status), "0", "exit status");
}

/// Regression (issue 13): without tmux these tests passed, under CI too.
/// They are skipped only on a machine that is not CI; under CI a missing
/// tmux fails them.
#[test]
fn missing_tmux_fails_under_ci_instead_of_passing() {
    use tmux_support::skip_or_fail;
    assert!(skip_or_fail(false, Some("1")).is_err());
    assert!(skip_or_fail(false, Some("true")).is_err());
    assert_eq!(skip_or_fail(false, None), Ok(false));
    assert_eq!(skip_or_fail(false, Some("")), Ok(false));
    assert_eq!(skip_or_fail(false, Some("false")), Ok(false));
    assert_eq!(skip_or_fail(true, Some("1")), Ok(true));
    assert_eq!(skip_or_fail(true, None), Ok(true));
}
