//! Finding the report files under the paths a user names, and saying what
//! was not read and why.
//!
//! The walk is ours rather than `walkdir`'s or `ignore`'s because its one
//! policy is not theirs: a symbolic link is followed only when its target
//! stays inside the folder that was named (unless `--follow`), so a folder
//! holding `home -> ~` or `env.txt -> /proc/self/environ` does not read the
//! whole disk or a secret. `walkdir` follows all links or none, and
//! `ignore` adds `.gitignore` and hidden-file rules a report folder does not
//! want; both would still need this check on every link. What they would
//! give (loop detection, a depth-first order) is a few lines here.
//!
//! Costs stay linear in the tree: no `canonicalize` per folder (that was
//! one `lstat` per path component, depth² in a deep tree), loop detection by
//! (device, inode) from `fstatat` on the open folder, and an explicit stack
//! instead of recursion. Every path that is not read — a folder that cannot
//! be listed, a loop, a broken link, a FIFO, a path too long for the
//! system, a spreadsheet or an image — comes back as a [`Skipped`] entry.

use super::has_report_extension;
use crate::rules::Severity;
use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// How to walk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Walk {
    /// Follow symbolic links wherever they point (`--follow` / `-L`).
    /// Special files are still never read.
    pub follow: bool,
}

/// The files found under the given paths, plus what was not read.
#[derive(Debug, Default, Clone)]
pub struct Discovery {
    /// Report files, sorted by path.
    pub files: Vec<PathBuf>,
    /// For each file, the index of the named path it was found under.
    pub root_of: Vec<usize>,
    /// Paths not read, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Indices of named paths that could not be read at all.
    pub failed_roots: Vec<usize>,
}

/// A path that was not read as a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a path was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    /// Could not be opened, listed or read (the system's message).
    Unreadable(String),
    /// Longer than the system accepts in one path.
    PathTooLong,
    /// A symbolic link to a folder that contains it.
    Loop,
    /// A second way into a folder already read (a link or bind mount).
    SameFolder,
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A FIFO, socket or device.
    NotRegular(&'static str),
    /// A generated file of `/proc`, `/sys`…
    SystemFile(&'static str),
    /// A symbolic link out of the named folder, not followed.
    LeavesFolder(PathBuf),
    /// A file of a kind ogi-lens does not read (a spreadsheet, an image…).
    NotReport(String),
}

impl SkipReason {
    /// How much a skip matters for `--fail-on`: something the user meant to
    /// be read and was not is a warning; a file that is not a report, or a
    /// link deliberately not followed, is information.
    pub fn severity(&self) -> Severity {
        match self {
            SkipReason::SameFolder | SkipReason::LeavesFolder(_) | SkipReason::NotReport(_) => {
                Severity::Info
            }
            _ => Severity::Warning,
        }
    }

    /// A stable word for scripts (JSON `kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::PathTooLong => "path_too_long",
            SkipReason::Loop => "symlink_loop",
            SkipReason::SameFolder => "same_folder",
            SkipReason::BrokenLink => "broken_link",
            SkipReason::NotRegular(_) => "not_regular",
            SkipReason::SystemFile(_) => "system_file",
            SkipReason::LeavesFolder(_) => "leaves_folder",
            SkipReason::NotReport(_) => "not_a_report",
        }
    }

    /// The reason for an I/O error.
    pub fn of_io(e: &std::io::Error) -> SkipReason {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ENAMETOOLONG) {
            return SkipReason::PathTooLong;
        }
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return SkipReason::Loop;
        }
        SkipReason::Unreadable(e.to_string())
    }

    /// The reason a file could not be read (see [`super::read`]).
    pub fn of_read(e: &super::read::ReadError) -> SkipReason {
        use super::read::ReadError;
        match e {
            ReadError::Io(e) => SkipReason::of_io(e),
            ReadError::NotRegular(k) => SkipReason::NotRegular(k),
            ReadError::PseudoFile(fs) => SkipReason::SystemFile(fs),
            ReadError::TooLarge { .. } => SkipReason::Unreadable(e.to_string()),
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unreadable(e) => write!(f, "cannot read: {e}"),
            SkipReason::PathTooLong => {
                f.write_str("path too long for the system to open; move the folder higher up")
            }
            SkipReason::Loop => f.write_str("symbolic link loop (links to a folder above it)"),
            SkipReason::SameFolder => f.write_str("a folder already read by another path"),
            SkipReason::BrokenLink => f.write_str("broken symbolic link (its target is missing)"),
            SkipReason::NotRegular(k) => write!(f, "not a regular file ({k}); not read"),
            SkipReason::SystemFile(fs) => {
                write!(
                    f,
                    "a generated system file ({fs}), not a document; not read"
                )
            }
            SkipReason::LeavesFolder(t) => write!(
                f,
                "symbolic link out of the folder (to {}); not followed without --follow",
                crate::sanitize::path_display(t)
            ),
            SkipReason::NotReport(what) => write!(f, "not a report ogi-lens reads ({what})"),
        }
    }
}

/// Walk files and folders with the default policy (links followed only
/// inside the named folder).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_with(paths, Walk::default())
}

/// Walk files and folders (recursively). A file named explicitly is read
/// whatever its ending; in a folder, only report endings are read and every
/// other entry is listed as skipped.
pub fn discover_with(paths: &[PathBuf], walk: Walk) -> Discovery {
    let mut w = Walker {
        walk,
        found: Vec::new(),
        skipped: Vec::new(),
        visited: HashSet::new(),
        real_root: PathBuf::new(),
    };
    let mut failed_roots = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let before = w.skipped.len();
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => w.walk_root(p, i, &m),
            Ok(m) if m.is_file() => w.found.push((p.clone(), i)),
            Ok(m) => w.skip(
                p,
                SkipReason::NotRegular(super::read::kind_of(&m.file_type())),
            ),
            Err(e) => {
                let broken = fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
                w.skip(
                    p,
                    if broken && e.kind() == std::io::ErrorKind::NotFound {
                        SkipReason::BrokenLink
                    } else {
                        SkipReason::of_io(&e)
                    },
                );
            }
        }
        if w.skipped.len() > before && w.skipped[before].path == *p {
            failed_roots.push(i);
        }
    }
    let mut found = w.found;
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    let (files, root_of) = found.into_iter().unzip();
    let mut skipped = w.skipped;
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    Discovery {
        files,
        root_of,
        skipped,
        failed_roots,
    }
}

struct Walker {
    walk: Walk,
    found: Vec<(PathBuf, usize)>,
    skipped: Vec<Skipped>,
    /// Every folder entered, by (device, inode): a second way in is a loop
    /// or a duplicate, not a new folder.
    visited: HashSet<(u64, u64)>,
    /// The real path of the named folder being walked: links may point
    /// anywhere inside it.
    real_root: PathBuf,
}

/// One folder waiting to be listed.
struct Pending {
    dir: PathBuf,
    root: usize,
}

impl Walker {
    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason,
        });
    }

    fn walk_root(&mut self, root: &Path, index: usize, meta: &fs::Metadata) {
        // The folder links may point into: the named folder's real path.
        // One `canonicalize` per named folder, not per folder walked.
        self.real_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        self.visited.insert(dev_ino(meta));
        let mut stack = vec![Pending {
            dir: root.to_path_buf(),
            root: index,
        }];
        // Links to folders wait until every real folder is walked, so a
        // folder is read under its own path, and a link into it is the
        // second way in, whatever the names.
        let mut links = Vec::new();
        loop {
            while let Some(p) = stack.pop() {
                let (mut subdirs, dir_links) = self.list(&p);
                // Depth first, in name order (the stack pops the last pushed).
                subdirs.reverse();
                stack.extend(subdirs);
                links.extend(dir_links);
            }
            let Some(link) = links.pop() else {
                break;
            };
            if let Some(dir) = self.link(link, index) {
                stack.push(dir);
            }
        }
    }

    /// List one folder: record its files and skips, return its subfolders
    /// and the links in it that point to folders.
    fn list(&mut self, p: &Pending) -> (Vec<Pending>, Vec<PathBuf>) {
        let entries = match fs::read_dir(&p.dir) {
            Ok(e) => e,
            Err(e) => {
                self.skip(&p.dir, SkipReason::of_io(&e));
                return (Vec::new(), Vec::new());
            }
        };
        let mut children: Vec<fs::DirEntry> = Vec::new();
        for e in entries {
            match e {
                Ok(e) => children.push(e),
                Err(e) => {
                    self.skip(&p.dir, SkipReason::of_io(&e));
                    break;
                }
            }
        }
        children.sort_by_key(|e| e.file_name());
        let mut subdirs = Vec::new();
        let mut dir_links = Vec::new();
        for e in children {
            let path = e.path();
            // From the directory listing; no `stat` for a plain file.
            let Ok(ft) = e.file_type() else {
                self.skip(&path, SkipReason::Unreadable("cannot tell its type".into()));
                continue;
            };
            if ft.is_file() {
                self.file(path, p.root);
            } else if ft.is_dir() {
                // `DirEntry::metadata` is an `fstatat` relative to the open
                // folder: constant cost whatever the depth.
                match e.metadata() {
                    Ok(m) => {
                        if self.first_visit(&m, &path) {
                            subdirs.push(Pending {
                                dir: path,
                                root: p.root,
                            });
                        }
                    }
                    Err(err) => self.skip(&path, SkipReason::of_io(&err)),
                }
            } else if ft.is_symlink() {
                if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    dir_links.push(path);
                } else {
                    // Files, broken links and special files: settled now.
                    let _ = self.link(path, p.root);
                }
            } else if !hidden(&path) {
                self.skip(&path, SkipReason::NotRegular(super::read::kind_of(&ft)));
            }
        }
        (subdirs, dir_links)
    }

    /// A regular file in a folder: a report if its ending says so, else
    /// listed as not read (hidden files are not listed).
    fn file(&mut self, path: PathBuf, root: usize) {
        if has_report_extension(&path) {
            self.found.push((path, root));
        } else if !hidden(&path) {
            let what = kind_of_file(&path);
            self.skip(&path, SkipReason::NotReport(what));
        }
    }

    /// Whether this folder is entered for the first time (else it is
    /// listed as a duplicate).
    fn first_visit(&mut self, m: &fs::Metadata, path: &Path) -> bool {
        if self.visited.insert(dev_ino(m)) {
            return true;
        }
        self.skip(path, SkipReason::SameFolder);
        false
    }

    /// A symbolic link in a folder: followed when it stays inside the named
    /// folder (or with `--follow`); returns the folder to walk, if any.
    fn link(&mut self, path: PathBuf, root: usize) -> Option<Pending> {
        let target = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.skip(&path, SkipReason::BrokenLink);
                return None;
            }
            Err(e) => {
                self.skip(&path, SkipReason::of_io(&e));
                return None;
            }
        };
        if !target.is_dir() && !target.is_file() {
            self.skip(
                &path,
                SkipReason::NotRegular(super::read::kind_of(&target.file_type())),
            );
            return None;
        }
        if target.is_file() && !has_report_extension(&path) {
            // Not a report whatever it points to: no need to resolve it.
            self.file(path, root);
            return None;
        }
        // Only links pay for a full resolution.
        let real = match fs::canonicalize(&path) {
            Ok(r) => r,
            Err(e) => {
                self.skip(&path, SkipReason::of_io(&e));
                return None;
            }
        };
        if !self.walk.follow && !real.starts_with(&self.real_root) {
            self.skip(&path, SkipReason::LeavesFolder(real));
            return None;
        }
        if target.is_file() {
            self.found.push((path, root));
            return None;
        }
        if self.visited.contains(&dev_ino(&target)) {
            // A loop when the target holds the link; else just another way in.
            let parent = path.parent().and_then(|p| fs::canonicalize(p).ok());
            let looped = parent.is_some_and(|p| p.starts_with(&real));
            self.skip(
                &path,
                if looped {
                    SkipReason::Loop
                } else {
                    SkipReason::SameFolder
                },
            );
            return None;
        }
        self.visited.insert(dev_ino(&target));
        Some(Pending { dir: path, root })
    }
}

#[cfg(unix)]
fn dev_ino(m: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn dev_ino(_m: &fs::Metadata) -> (u64, u64) {
    // Without inode numbers every folder is new; links are not followed
    // out of the root, so a loop still ends at the path-length limit.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    (0, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Hidden files and folders (`.DS_Store`, `.git`) are not listed as skipped:
/// they are the system's and the tools', never a report someone forgot.
fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.as_encoded_bytes().first() == Some(&b'.'))
}

/// What a file that is not read looks like it is, from its ending.
fn kind_of_file(p: &Path) -> String {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let Some(ext) = ext else {
        return "no file ending".into();
    };
    let what = match ext.as_str() {
        "xls" | "xlsx" | "et" | "ods" | "csv" => "a spreadsheet",
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "svg" => "an image",
        "zip" | "rar" | "7z" | "gz" | "tgz" | "bz2" | "xz" | "tar" => "an archive",
        "pdf" | "doc" | "docx" | "wps" | "mht" | "mhtml" | "odt" | "rtf" => {
            "a document form not read yet"
        }
        _ => "not a report file type",
    };
    format!("{what}, .{ext}")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(d: &Discovery, base: &Path) -> Vec<String> {
        d.files
            .iter()
            .map(|p| p.strip_prefix(base).unwrap_or(p).display().to_string())
            .collect()
    }

    fn reason<'a>(d: &'a Discovery, p: &Path) -> Option<&'a SkipReason> {
        d.skipped.iter().find(|s| s.path == p).map(|s| &s.reason)
    }

    /// Links that leave the named folder are listed, not followed; links
    /// inside it are followed; `--follow` follows both.
    #[test]
    fn symlinks_out_of_the_folder_are_not_followed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let outside = tmp.path().join("outside");
        let root = tmp.path().join("root");
        fs::create_dir_all(outside.join("deep")).expect("mkdir");
        fs::create_dir_all(root.join("sub")).expect("mkdir");
        fs::write(outside.join("deep/secret.txt"), "x").expect("write");
        fs::write(outside.join("note.txt"), "x").expect("write");
        fs::write(root.join("sub/in.txt"), "x").expect("write");
        symlink(&outside, root.join("home")).expect("link");
        symlink(outside.join("note.txt"), root.join("env.txt")).expect("link");
        symlink(root.join("sub"), root.join("alias")).expect("link");
        symlink("/proc/self/environ", root.join("environ.txt")).expect("link");

        let d = discover(std::slice::from_ref(&root));
        assert_eq!(names(&d, &root), vec!["sub/in.txt"], "{d:?}");
        for l in ["home", "env.txt", "environ.txt"] {
            assert!(
                matches!(reason(&d, &root.join(l)), Some(SkipReason::LeavesFolder(_))),
                "{l}: {d:?}"
            );
        }
        // `alias` stays inside the folder, but leads where `sub` already
        // did: the folder is read once, under its own name.
        assert_eq!(
            reason(&d, &root.join("alias")),
            Some(&SkipReason::SameFolder)
        );
        assert_eq!(d.failed_roots, Vec::<usize>::new());

        let d = discover_with(std::slice::from_ref(&root), Walk { follow: true });
        assert_eq!(
            names(&d, &root),
            vec![
                "env.txt",
                "environ.txt",
                "home/deep/secret.txt",
                "home/note.txt",
                "sub/in.txt"
            ],
            "{d:?}"
        );
    }

    #[test]
    fn loops_broken_links_and_other_files_are_listed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("r");
        fs::create_dir_all(root.join("a/b")).expect("mkdir");
        symlink(&root, root.join("a/b/up")).expect("link");
        symlink(root.join("gone.txt"), root.join("dangling.txt")).expect("link");
        fs::write(root.join("table.xls"), "x").expect("write");
        fs::write(root.join("scan.png"), "x").expect("write");
        fs::write(root.join(".DS_Store"), "x").expect("write");
        fs::write(root.join("a/r.md"), "x").expect("write");
        let d = discover(std::slice::from_ref(&root));
        assert_eq!(names(&d, &root), vec!["a/r.md"]);
        assert_eq!(reason(&d, &root.join("a/b/up")), Some(&SkipReason::Loop));
        assert_eq!(
            reason(&d, &root.join("dangling.txt")),
            Some(&SkipReason::BrokenLink)
        );
        let xls = reason(&d, &root.join("table.xls")).expect("xls listed");
        assert_eq!(
            xls.to_string(),
            "not a report ogi-lens reads (a spreadsheet, .xls)"
        );
        assert_eq!(xls.severity(), Severity::Info);
        assert!(reason(&d, &root.join("scan.png")).is_some());
        assert!(reason(&d, &root.join(".DS_Store")).is_none());
    }

    #[test]
    fn missing_named_paths_are_failed_roots() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let good = tmp.path().join("a.txt");
        fs::write(&good, "x").expect("write");
        let d = discover(&[tmp.path().join("nope"), good.clone()]);
        assert_eq!(d.files, vec![good]);
        assert_eq!(d.root_of, vec![1]);
        assert_eq!(d.failed_roots, vec![0]);
    }

    /// A tree 1,500 folders deep is walked in time linear in its size (no
    /// `canonicalize` per folder), and a folder beyond the system's path
    /// length is listed as too long, not dropped in silence.
    #[test]
    fn deep_trees_are_walked_and_too_long_paths_are_listed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("deep");
        fs::create_dir(&root).expect("mkdir");
        let mut depth = 0;
        let name = "d".repeat(40);
        let mut cur = root.clone();
        // ~4.1 KB of path: past PATH_MAX (4096) on Linux.
        while cur.as_os_str().len() < 4300 {
            cur.push(&name);
            depth += 1;
        }
        let status = std::process::Command::new("mkdir")
            .arg("-p")
            .arg(&cur)
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!(
                "mkdir -p of a {}-byte path failed; skipped",
                cur.as_os_str().len()
            );
            return;
        }
        fs::write(root.join(&name).join("near.txt"), "x").expect("write");
        let d = discover(std::slice::from_ref(&root));
        assert_eq!(d.files.len(), 1, "{depth} deep");
        assert!(
            d.skipped
                .iter()
                .any(|s| s.reason == SkipReason::PathTooLong),
            "{:?}",
            d.skipped.iter().map(|s| &s.reason).collect::<Vec<_>>()
        );
    }
}
