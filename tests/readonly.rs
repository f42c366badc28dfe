//! `ogi-lens` never changes the folder it reads (issue 5): a checksum of every
//! entry (name, kind, content, size, mtime, permissions) is taken before and
//! after `check` runs in both formats, and must be identical. No new files
//! (caches, lock files, backups) may appear either.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

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

#[test]
fn check_leaves_the_folder_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
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
