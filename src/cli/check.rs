//! `ogi-lens check`: discover the files, check them on all cores, and write
//! each report's findings as it is done, in path order; then the
//! cross-report findings and the summary.

use super::status::{FailOn, Summary};
use super::{json, text};
use crate::corpus;
use crate::rules::cross::Digest;
use crate::rules::{Finding, RuleSet, Severity};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Everything `check` needs, after argument and config parsing.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    pub rules: RuleSet,
}

/// Run `check`; returns the process exit status (SPEC §13.3).
///
/// Reports are checked on all cores a chunk at a time and written as they
/// come, in path order (see [`corpus::check_each`]): each report's JSON or
/// text is rendered on the worker thread that checked it, and only the slimmed
/// reports the cross-report rules need stay in memory.
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    use crate::report::text::sanitize;
    let found = corpus::discover(&opts.paths);
    for (p, why) in &found.problems {
        let shown = sanitize(&p.display().to_string());
        let _ = writeln!(err, "ogi-lens: {shown}: {}", sanitize(why));
    }
    // A path named on the command line that does not exist is a usage error.
    let missing_roots: Vec<&PathBuf> = opts
        .paths
        .iter()
        .filter(|p| std::fs::metadata(p).is_err())
        .collect();
    if !missing_roots.is_empty() && found.files.is_empty() {
        return 2;
    }
    let format = opts.format;
    // Standard output is line-buffered: without this, the cross findings,
    // serialised piece by piece, cost one system call per line (a million
    // writes for a 10k folder).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let out: &mut dyn Write = &mut out;
    let mut written = match format {
        Format::Json => out.write_all(b"{\n  \"version\": 1,\n  \"reports\": ["),
        Format::Text => Ok(()),
    };
    let mut kept: Vec<Digest> = Vec::with_capacity(found.files.len());
    let mut summary = Summary::default();
    corpus::check_each(
        &found.files,
        &opts.rules,
        |mut c| {
            sort_findings(&mut c.findings);
            let rendered = match format {
                Format::Json => json::report_json_pretty(&c),
                Format::Text => text::report_text(&c),
            };
            let digest = Digest::of(&c.report);
            let severities: Vec<Severity> = c.findings.iter().map(|f| f.severity).collect();
            (digest, severities, rendered)
        },
        |(digest, severities, rendered)| {
            if written.is_ok() {
                written = match format {
                    Format::Json => {
                        let sep: &[u8] = if kept.is_empty() { b"\n" } else { b",\n" };
                        out.write_all(sep).and_then(|_| out.write_all(&rendered))
                    }
                    Format::Text => out.write_all(&rendered),
                };
            }
            summary.add(severities.into_iter());
            kept.push(digest);
        },
    );
    let cross = corpus::cross_digests(&kept, &opts.rules);
    summary.reports = kept.len();
    summary.add(cross.iter().map(|f| f.severity));
    if written.is_ok() {
        written = match format {
            Format::Json => json::finish_json(out, kept.is_empty(), &cross, &summary),
            Format::Text => text::finish_text(out, &cross, &summary),
        };
    }
    if written.is_ok() {
        written = out.flush();
    }
    if let Err(e) = written {
        // A closed pipe (`| head`) is not an error of the check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "ogi-lens: cannot write output: {e}");
            return 2;
        }
    }
    summary.exit_status(opts.fail_on)
}

fn sort_findings(f: &mut [Finding]) {
    f.sort_by(|a, b| {
        a.line
            .unwrap_or(0)
            .cmp(&b.line.unwrap_or(0))
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.id.cmp(b.rule.id))
    });
}

#[cfg(test)]
mod tests {
    use super::super::json::write_json;
    use super::*;
    use crate::corpus::Checked;

    /// The summary of whole results, to compare the streamed run with.
    fn summary_of(checked: &[Checked], cross: &[Finding]) -> Summary {
        let mut s = Summary {
            reports: checked.len(),
            ..Summary::default()
        };
        s.add(
            checked
                .iter()
                .flat_map(|c| c.findings.iter().map(|f| f.severity))
                .chain(cross.iter().map(|f| f.severity)),
        );
        s
    }

    /// Output reaches the writer in large blocks, whatever the writer
    /// (standard output flushes at every newline): a regression test for a
    /// million one-line writes on a 10k folder.
    #[test]
    fn output_is_written_in_blocks() {
        struct Counting {
            calls: usize,
            bytes: usize,
        }
        impl Write for Counting {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.calls += 1;
                self.bytes += b.len();
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        for format in [Format::Json, Format::Text] {
            let opts = CheckOptions {
                paths: vec![dir.clone()],
                format,
                fail_on: FailOn::Never,
                rules: RuleSet::default(),
            };
            let mut w = Counting { calls: 0, bytes: 0 };
            assert_eq!(check(&opts, &mut w, &mut Vec::new()), 0);
            assert!(w.bytes > 1000, "{format:?}");
            assert!(
                w.calls <= w.bytes / 4096 + 2,
                "{format:?}: {} writes for {} bytes",
                w.calls,
                w.bytes
            );
        }
    }

    /// The streamed JSON is byte for byte the document `to_writer_pretty`
    /// printed before streaming (issue 5): same reports, same order.
    #[test]
    fn streamed_json_is_byte_identical_to_the_single_document() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        for paths in [
            vec![dir.clone()],
            vec![dir.join("no-such-file.txt"), dir.clone()],
        ] {
            let opts = CheckOptions {
                paths: paths.clone(),
                format: Format::Json,
                fail_on: FailOn::Never,
                rules: RuleSet::default(),
            };
            let mut streamed = Vec::new();
            check(&opts, &mut streamed, &mut Vec::new());

            let found = corpus::discover(&paths);
            let mut checked = corpus::check_all(&found.files, &opts.rules);
            let cross = corpus::cross(&checked, &opts.rules);
            for c in &mut checked {
                sort_findings(&mut c.findings);
            }
            let mut whole = Vec::new();
            write_json(&mut whole, &checked, &cross, &summary_of(&checked, &cross)).expect("write");
            assert_eq!(
                String::from_utf8_lossy(&streamed),
                String::from_utf8_lossy(&whole)
            );
        }
        let empty = tempfile::tempdir().expect("tempdir");
        let opts = CheckOptions {
            paths: vec![empty.path().to_path_buf()],
            format: Format::Json,
            fail_on: FailOn::Never,
            rules: RuleSet::default(),
        };
        let mut streamed = Vec::new();
        check(&opts, &mut streamed, &mut Vec::new());
        let mut whole = Vec::new();
        write_json(&mut whole, &[], &[], &Summary::default()).expect("write");
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&whole)
        );
    }
}
