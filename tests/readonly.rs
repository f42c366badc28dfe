//! `ogi-lens` never changes the folder it reads (issue 5): a checksum of every
//! entry (name, kind, content, size, mtime, permissions) is taken before and
//! after `check` runs in both formats, and after a TUI session in tmux
//! (browse, drill in, quit; skipped with a note when tmux is missing, failed
//! when `CI` is set), and must be identical. No new files (caches, lock files, backups) may appear.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

mod tmux_support;
use tmux_support::{tmux_available, Tmux};

#[derive(Debug, PartialEq)]
struct Entry {
    kind: &'static str,
    len: u64,
    mtime: Option<SystemTime>,
    mode: u32,
    /// FNV-1a of the content (files) or the link target (symlinks).
    hash: u64,
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).expect("read_dir") {
            let p = e.expect("entry").path();
            let m = fs::symlink_metadata(&p).expect("lstat");
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&m.permissions());
            #[cfg(not(unix))]
            let mode = 0;
            let (kind, hash) = if m.file_type().is_symlink() {
                let t = fs::read_link(&p).expect("readlink");
                ("link", fnv(t.to_string_lossy().as_bytes()))
            } else if m.is_dir() {
                stack.push(p.clone());
                ("dir", 0)
            } else {
                ("file", fnv(&fs::read(&p).expect("read")))
            };
            let name = p
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .into_owned();
            out.insert(
                name,
                Entry {
                    kind,
                    len: m.len(),
                    mtime: m.modified().ok(),
                    mode,
                    hash,
                },
            );
        }
    }
    out
}

/// A folder of reports with a subfolder, a symlink, an empty and a non-report file.
fn folder(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let root = tmp.path().join("reports");
    let sub = root.join("2021");
    fs::create_dir_all(&sub).expect("mkdir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for e in fs::read_dir(&samples).expect("sample-data") {
        let p = e.expect("entry").path();
        let name = p.file_name().expect("name");
        fs::copy(&p, root.join(name)).expect("copy");
    }
    fs::copy(
        samples.join("pinghu-kejiju-2021.txt"),
        sub.join("pinghu.md"),
    )
    .expect("copy");
    fs::write(root.join("empty.txt"), b"").expect("write");
    fs::write(root.join("notes.docx"), b"PK\x03\x04 not a report").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink("2021", root.join("again")).expect("symlink");
    root
}

#[test]
fn check_leaves_the_folder_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = folder(&tmp);
    let before = snapshot(&root);
    assert!(before.len() >= 14, "{before:?}");
    for format in ["json", "text"] {
        let out = Command::new(env!("CARGO_BIN_EXE_ogi-lens"))
            .args(["check", "--format", format])
            .arg(&root)
            .current_dir(&root)
            .output()
            .expect("run ogi-lens");
        assert!(matches!(out.status.code(), Some(0) | Some(1)), "{out:?}");
    }
    let after = snapshot(&root);
    assert_eq!(before, after);
}

#[test]
fn a_tui_session_leaves_the_folder_untouched() {
    if !tmux_available("the read-only TUI session") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = folder(&tmp);
    let cfg = tmp.path().join("config.toml");
    fs::write(&cfg, "").expect("config");
    let before = snapshot(&root);
    let t = Tmux::new(
        format!("ogi-lens-ro-{}", std::process::id()),
        "ro",
        std::time::Duration::from_secs(20),
    );
    // Started from inside the folder, so a stray relative write would land there.
    let cmd = format!(
        "cd '{}' && TERM=xterm-256color '{}' --config '{}' .; echo EXIT=$?; sleep 60",
        root.display(),
        env!("CARGO_BIN_EXE_ogi-lens"),
        cfg.display()
    );
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "ro",
        "-x",
        "80",
        "-y",
        "24",
        "sh",
        "-c",
        &cmd,
    ]);
    t.wait_for("the report list", |s| s.contains("Reports"));
    for k in [
        "j", "Enter", "Tab", "]", "l", "Escape", "?", "Escape", "G", "q",
    ] {
        t.keys(&[k]);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    t.wait_for("the TUI to quit", |s| s.contains("EXIT="));
    let screen = t.screen();
    assert!(screen.contains("EXIT=0"), "{screen}");
    t.run(&["kill-server"]);
    assert_eq!(before, snapshot(&root));
}
