//! Parse-only microbenchmark: read every file of a folder into memory, then
//! parse them all on one thread and print the time (no rules, no output).
//! `cargo run --release --example parse_only -- DIR [ROUNDS] [--dump FILE]`;
//! `--dump` writes the `Debug` form of every report, to compare two builds.
use ogi_lens::report::parse::parse_bytes;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(String::as_str).unwrap_or("sample-data");
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1));
    let mut paths = Vec::new();
    walk(Path::new(dir), &mut paths);
    paths.sort();
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let mut best = f64::MAX;
    let mut cells = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        for (p, b) in &files {
            let r = parse_bytes(p, b);
            cells += r.t3.as_ref().map_or(0, |t| t.cells.len());
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} files, {:.1} MB: best {:.3} s ({:.1} µs/file) [{cells}]",
        files.len(),
        bytes as f64 / 1e6,
        best,
        best * 1e6 / files.len().max(1) as f64
    );
    if let Some(out) = dump {
        let Ok(f) = std::fs::File::create(out) else {
            eprintln!("parse_only: cannot write {out}");
            return;
        };
        let mut w = std::io::BufWriter::new(f);
        for (p, b) in &files {
            let _ = writeln!(w, "{:?}", parse_bytes(p, b));
        }
    }
}
