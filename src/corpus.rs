//! Finding report files under the paths a user gives, and checking them in
//! parallel — for `check` (all at once, output in path order) and for the TUI
//! (a background thread that streams each result as it is ready).
//!
//! This module never writes to, renames or deletes anything it reads.

use crate::report::{parse, Report};
use crate::rules::cross::Digest;
use crate::rules::Finding;
use crate::rules::{self, RuleSet};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

/// File endings read as reports.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Files over this size are not read (a finding says so).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// One report with its single-report findings.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub findings: Vec<Finding>,
}

/// The files found under the given paths, plus what could not be walked.
#[derive(Debug, Default, Clone)]
pub struct Discovery {
    /// Report files, sorted by path.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read or walked, with the reason.
    pub problems: Vec<(PathBuf, String)>,
}

/// Why a FIFO, socket or device named like a report is skipped: opening a
/// FIFO blocks until someone writes to it, and a device can be endless.
const NOT_REGULAR: &str = "not a regular file (FIFO, socket or device); skipped";

/// Walk files and directories (recursively), following symlinks but never
/// entering the same directory twice (symlink loops are reported, not fatal).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut d, &mut seen_dirs),
            // A file named explicitly is read whatever its ending.
            Ok(m) if m.is_file() => d.files.push(p.clone()),
            Ok(_) => d.problems.push((p.clone(), NOT_REGULAR.into())),
            Err(e) => d.problems.push((p.clone(), e.to_string())),
        }
    }
    d.files.sort();
    d.files.dedup();
    d
}

fn walk(dir: &Path, d: &mut Discovery, seen: &mut HashSet<PathBuf>) {
    let key = match std::fs::canonicalize(dir) {
        Ok(k) => k,
        Err(e) => {
            d.problems.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    if !seen.insert(key) {
        d.problems.push((
            dir.to_path_buf(),
            "directory already visited (symlink loop?); skipped".into(),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            d.problems.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    // A regular file's type comes with the directory listing; only symlinks
    // (and directories, to walk them) need a `stat` — one fewer system call
    // per report file.
    let mut children: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, ft) in children {
        if ft.is_some_and(|t| t.is_file()) {
            if has_report_extension(&p) {
                d.files.push(p);
            }
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, d, seen),
            Ok(m) if has_report_extension(&p) => {
                if m.is_file() {
                    d.files.push(p);
                } else {
                    d.problems.push((p, NOT_REGULAR.into()));
                }
            }
            Ok(_) => {}
            Err(e) => {
                if has_report_extension(&p) || std::fs::symlink_metadata(&p).is_ok() {
                    d.problems.push((p, e.to_string()));
                }
            }
        }
    }
}

pub fn has_report_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Read, parse and check one file. Unreadable, empty, binary and oversized
/// files come back as a report whose only finding says why.
pub fn check_file(path: &Path, rules: &RuleSet) -> Checked {
    let shown = path.to_string_lossy().into_owned();
    let report = match read_limited(path) {
        Ok(bytes) => parse::parse_bytes(&shown, &bytes),
        Err(msg) => {
            let mut r = Report::empty(shown);
            r.notes.fatal = Some(msg);
            r
        }
    };
    let findings = rules::check_report(&report, rules);
    Checked { report, findings }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read file: {e}");
    // One open and one fstat per file (not a stat by path, then
    // `fs::read`'s own open and fstat).
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_BYTES {
        return Err(format!(
            "file is {:.1} MB, over the {} MB limit for one report; not read",
            len as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    // The file may grow while it is read; never read past the limit.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "file grew over the {} MB limit for one report while it was read; not read",
            MAX_BYTES / 1_048_576
        ));
    }
    Ok(bytes)
}

/// Check every file on all cores; results come back in the order of `files`.
pub fn check_all(files: &[PathBuf], rules: &RuleSet) -> Vec<Checked> {
    files.par_iter().map(|p| check_file(p, rules)).collect()
}

/// How far ahead of the output the workers may run, in files: this bounds
/// what waits in memory behind one slow file, without making the other
/// workers wait for it.
const AHEAD: usize = 512;

/// Check `files` on all cores and hand each result to `sink` in the order of
/// `files`. `map` runs on the worker threads (per-report work such as
/// rendering output); `sink` runs on the calling thread.
///
/// Each worker takes the next file from a shared counter, so files finish
/// nearly in order and a small reorder buffer restores it exactly; at most
/// [`AHEAD`] results wait beyond what `sink` keeps, which is what lets
/// `check` stream 50,000 reports. Unlike fixed chunks there is no barrier
/// where one core waits for the other, and the output is written while the
/// workers go on.
pub fn check_each<T: Send>(
    files: &[PathBuf],
    rules: &RuleSet,
    map: impl Fn(Checked) -> T + Sync,
    mut sink: impl FnMut(T),
) {
    use std::sync::atomic::AtomicUsize;
    let workers = rayon::current_num_threads().clamp(1, files.len().max(1));
    let next = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let (map, next, written) = (&map, &next, &written);
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else {
                    break;
                };
                // The file `written` is being checked by a worker that is
                // not waiting (it is below the bound), so this always ends.
                while i >= written.load(Ordering::Acquire).saturating_add(AHEAD) {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                if tx.send((i, map(check_file(path, rules)))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Should `sink` panic, waiting workers must not wait for it forever.
        struct Unblock<'a>(&'a AtomicUsize);
        impl Drop for Unblock<'_> {
            fn drop(&mut self) {
                self.0.store(usize::MAX, Ordering::Release);
            }
        }
        let _unblock = Unblock(written);
        let mut pending: HashMap<usize, T> = HashMap::new();
        let mut want = 0;
        for (i, t) in rx {
            pending.insert(i, t);
            while let Some(t) = pending.remove(&want) {
                sink(t);
                want += 1;
                written.store(want, Ordering::Release);
            }
        }
    });
}

/// Cross-report rules over checked reports.
pub fn cross(checked: &[Checked], rules: &RuleSet) -> Vec<Finding> {
    let reports: Vec<&Report> = checked.iter().map(|c| &c.report).collect();
    rules::check_cross(&reports, rules)
}

/// Cross-report rules over the [`Digest`]s kept while streaming: `check` and
/// the TUI loader keep one digest per file, not the report, so that memory
/// stays a small multiple of the folder size (issue 5).
pub fn cross_digests(digests: &[Digest], rules: &RuleSet) -> Vec<Finding> {
    rules::check_cross_digests(digests, rules)
}

/// Cross-report findings with, for every report path, the indices of the
/// findings that name it. The TUI needs both; building the index on the
/// loader thread keeps the UI thread's share of a 10k-report load to a move.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CrossSet {
    pub findings: Vec<Finding>,
    pub by_path: HashMap<String, Vec<usize>>,
}

impl CrossSet {
    pub fn new(findings: Vec<Finding>) -> Self {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, x) in findings.iter().enumerate() {
            for p in x.reports() {
                let ids = by_path.entry(p.clone()).or_default();
                // A finding naming the same report twice is listed once.
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
        CrossSet { findings, by_path }
    }
}

/// What the background loader sends to the TUI.
#[derive(Debug)]
pub enum LoadEvent {
    /// The file at this index of the discovered list is checked.
    Loaded(usize, Box<Checked>),
    /// Every file is checked; the cross-report findings.
    Done(CrossSet),
}

/// A running background load; dropping it (or calling `cancel`) stops the
/// workers at the next file, so quitting during a load is instant.
pub struct Loader {
    pub rx: Receiver<LoadEvent>,
    cancel: Arc<AtomicBool>,
}

impl Loader {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Start checking `files` on background threads, streaming results.
pub fn spawn_loader(files: Vec<PathBuf>, rules: RuleSet) -> Loader {
    let (tx, rx) = mpsc::channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    std::thread::spawn(move || run_loader(files, rules, tx, flag));
    Loader { rx, cancel }
}

fn run_loader(files: Vec<PathBuf>, rules: RuleSet, tx: Sender<LoadEvent>, cancel: Arc<AtomicBool>) {
    let results: Vec<Option<Digest>> = files
        .par_iter()
        .enumerate()
        .map_with(tx.clone(), |tx, (i, p)| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let c = check_file(p, &rules);
            // The TUI gets the report; the loader keeps only what the cross
            // rules read.
            let digest = Digest::of(&c.report);
            let _ = tx.send(LoadEvent::Loaded(i, Box::new(c)));
            Some(digest)
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    let digests: Vec<Digest> = results.into_iter().flatten().collect();
    let _ = tx.send(LoadEvent::Done(CrossSet::new(cross_digests(
        &digests, &rules,
    ))));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many_paths(n: usize) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let files = discover(&[dir]).files;
        (0..n).map(|i| files[i % files.len()].clone()).collect()
    }

    /// Results reach the sink in file order, however unevenly the files
    /// take (more files than the workers may run ahead).
    #[test]
    fn check_each_keeps_file_order() {
        let files = many_paths(AHEAD * 2 + 37);
        let mut seen = Vec::new();
        check_each(
            &files,
            &RuleSet::default(),
            |c| {
                if c.report.path.len() % 3 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                c.report.path
            },
            |p| seen.push(p),
        );
        let want: Vec<String> = files
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(seen, want);
    }

    /// A panicking sink propagates instead of leaving workers waiting for
    /// output that never comes.
    #[test]
    fn check_each_does_not_hang_when_the_sink_panics() {
        let files = many_paths(AHEAD * 3);
        let r = std::panic::catch_unwind(|| {
            let mut n = 0;
            check_each(
                &files,
                &RuleSet::default(),
                |c| c.findings.len(),
                |_| {
                    n += 1;
                    assert!(n < 3, "sink fails at the third report");
                },
            );
        });
        assert!(r.is_err());
    }

    /// A file that disappears between discovery and reading (deleted while
    /// loading) is one META-1 finding; the others are checked as usual.
    #[test]
    fn a_file_deleted_after_discovery_is_a_finding() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let first = discover(&[sample]).files[0].clone();
        for name in ["a.txt", "b.txt"] {
            std::fs::copy(&first, dir.path().join(name)).expect("copy");
        }
        let files = discover(&[dir.path().to_path_buf()]).files;
        std::fs::remove_file(&files[0]).expect("remove");
        let checked = check_all(&files, &RuleSet::default());
        let rules: Vec<&str> = checked[0].findings.iter().map(|f| f.rule.id).collect();
        assert_eq!(rules, vec!["META-1"]);
        assert!(checked[0].findings[0].message.contains("cannot read"));
        assert!(checked[1].report.t3.is_some());
    }

    /// A FIFO named like a report would block `check` forever on open; it
    /// is reported and skipped, in a folder and named on its own.
    #[test]
    fn fifos_are_skipped_not_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo unavailable; skipped");
            return;
        }
        std::fs::write(dir.path().join("a.txt"), "x").expect("write");
        for root in [dir.path().to_path_buf(), fifo.clone()] {
            let d = discover(&[root]);
            assert!(!d.files.contains(&fifo), "{d:?}");
            assert!(
                d.problems
                    .iter()
                    .any(|(p, why)| *p == fifo && why.contains("not a regular file")),
                "{d:?}"
            );
        }
    }

    /// `check` and the TUI run the cross-report rules over digests; they
    /// must find exactly what they find over full reports (sample-data holds
    /// three years of one agency and reports with defects), and the digest
    /// must not hold the report's lines or tables.
    #[test]
    fn digests_give_the_same_cross_findings() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let files = discover(&[dir]).files;
        let rules = RuleSet::default();
        let full = check_all(&files, &rules);
        let digests: Vec<Digest> = full.iter().map(|c| Digest::of(&c.report)).collect();
        let found = cross(&full, &rules);
        assert!(found.iter().any(|f| f.rule == "X-1"), "{found:?}");
        assert_eq!(found, cross_digests(&digests, &rules));
    }
}
