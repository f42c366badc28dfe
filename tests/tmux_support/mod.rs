//! Driving the real binary inside tmux, for the end-to-end tests
//! (`tui_e2e`, `readonly`, `hostile`): one private tmux server per test,
//! killed when the test ends, and a way to learn the program's exit status.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A tmux server of its own (`-L socket`, no user config) with one session
/// `target`; `wait_for` gives up after `timeout`.
pub struct Tmux {
    socket: String,
    target: String,
    timeout: Duration,
}

impl Tmux {
    pub fn new(socket: impl Into<String>, target: &str, timeout: Duration) -> Tmux {
        Tmux {
            socket: socket.into(),
            target: target.to_string(),
            timeout,
        }
    }
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.run(&args);
    }
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.target])
    }
    /// Wait until the screen satisfies `pred`; return the last screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > self.timeout {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether an end-to-end test can run: tmux is here. Without tmux the test
/// is skipped with a note on a developer's machine, but fails under CI (the
/// `CI` variable set, as `.ci/run` and CI services do): CI installs tmux, so
/// its absence is a broken setup, and a test that passes without running
/// would hide it.
pub fn tmux_available(test: &str) -> bool {
    match skip_or_fail(have_tmux(), std::env::var("CI").ok().as_deref()) {
        Ok(run) => {
            if !run {
                eprintln!("note: tmux not found; skipping {test}");
            }
            run
        }
        Err(why) => panic!("{test}: {why}"),
    }
}

/// The decision of [`tmux_available`]: run (`Ok(true)`), skip (`Ok(false)`)
/// or fail, given whether tmux is here and the value of `CI`.
pub fn skip_or_fail(have_tmux: bool, ci: Option<&str>) -> Result<bool, String> {
    let under_ci = ci.is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    match (have_tmux, under_ci) {
        (true, _) => Ok(true),
        (false, false) => Ok(false),
        (false, true) => Err("tmux is missing under CI (CI is set); .ci/run installs it".into()),
    }
}

/// A shell command that runs `argv` and writes its exit status to `status`.
/// (tmux's own `pane_dead_status` is racy: a pane can be marked dead on the
/// pty's EOF before the exit status is collected, and then it stays empty.)
pub fn with_status(argv: &[&str], status: &Path) -> String {
    let cmd: Vec<String> = argv.iter().map(|a| quote(a)).collect();
    format!(
        "{}; echo $? > {}",
        cmd.join(" "),
        quote(&status.display().to_string())
    )
}

/// `a` single-quoted for `sh`.
pub fn quote(a: &str) -> String {
    format!("'{}'", a.replace('\'', "'\\''"))
}

/// Wait (up to `timeout`) for the status file written by [`with_status`].
pub fn wait_status(status: &Path, timeout: Duration) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(status) {
            if s.ends_with('\n') {
                return s.trim().to_string();
            }
        }
        assert!(start.elapsed() < timeout, "the program did not exit");
        sleep(Duration::from_millis(50));
    }
}
