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

pub fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
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
