//! Scale benchmark for `ogi-lens check` (issue 5): how does checking a folder
//! of N reports compare with merely reading its bytes?
//!
//! ```text
//! cargo bench --bench scale                          # 1k, 10k and 50k reports
//! cargo bench --bench scale -- --sizes 10000 --runs 5
//! cargo bench --bench scale -- --sizes 0 --per-layout 5000   # layouts only
//! ```
//!
//! For every size it writes a corpus with `ogi_lens::synth::corpus` (valid
//! random reports cycling through every layout and encoding) into a temporary
//! folder, warms the page cache, then times, alternately and `--runs` times
//! each:
//!
//! * the floor: `find DIR -type f -print0 | xargs -0 cat > /dev/null`;
//! * `ogi-lens check DIR --format json --fail-on never > out.json`, under
//!   `/usr/bin/time -v` for the peak resident set size.
//!
//! It prints one markdown table (median wall times) for docs/performance.md,
//! then a second one with the same ratio per layout: a corpus of
//! `--per-layout` reports (default 2,000; 0 to skip) in each layout alone,
//! so a layout that costs more than the others shows (issue 10: a corpus we
//! did not write cost 11× the floor where ours cost 6×).
//! Both commands run on a warm page cache: the `cat` floor is then the cost of
//! the system calls and copies, not of the disk.
//!
//! This is a measurement, not a test: nothing here fails on a slow machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Opts {
    sizes: Vec<usize>,
    per_layout: usize,
    runs: usize,
    seed: u64,
    keep: Option<PathBuf>,
}

fn parse_args() -> Opts {
    let mut o = Opts {
        sizes: vec![1_000, 10_000, 50_000],
        per_layout: 2_000,
        runs: 3,
        seed: 1,
        keep: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => {
                o.sizes = it
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|s| s.trim().parse().ok())
                    .collect()
            }
            "--per-layout" => o.per_layout = it.next().and_then(|s| s.parse().ok()).unwrap_or(0),
            "--runs" => o.runs = it.next().and_then(|s| s.parse().ok()).unwrap_or(3).max(1),
            "--seed" => o.seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(1),
            "--keep" => o.keep = it.next().map(PathBuf::from),
            // `cargo bench` passes `--bench`; anything else is ignored too.
            _ => {}
        }
    }
    o
}

struct Measured {
    wall: Duration,
    max_rss_kb: Option<u64>,
}

fn time_cat(dir: &Path) -> Measured {
    let start = Instant::now();
    let st = Command::new("sh")
        .arg("-c")
        .arg("find \"$1\" -type f -print0 | xargs -0 cat > /dev/null")
        .arg("sh")
        .arg(dir)
        .status()
        .expect("run find | xargs cat");
    assert!(st.success(), "cat floor failed");
    Measured {
        wall: start.elapsed(),
        max_rss_kb: None,
    }
}

fn time_check(bin: &Path, dir: &Path, out: &Path) -> Measured {
    let have_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if have_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["check"])
        .arg(dir)
        .args(["--format", "json", "--fail-on", "never"])
        .stdout(std::fs::File::create(out).expect("create out.json"))
        .stderr(Stdio::piped());
    let start = Instant::now();
    let o = cmd.output().expect("run ogi-lens check");
    let wall = start.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "check failed: {err}");
    let max_rss_kb = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    Measured { wall, max_rss_kb }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let o = parse_args();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ogi-lens"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = o.keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "ogi-lens scale bench: {} cores, {} runs per command (median), seed {}, warm page cache",
        threads, o.runs, o.seed
    );
    println!();
    println!("| reports | corpus MB | JSON MB | cat s | check s | ratio | reports/s | MB/s | peak RSS MB | RSS/corpus | µs/report |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in o.sizes.iter().filter(|&&n| n > 0) {
        let dir = base.join(format!("corpus-{n}"));
        let t = Instant::now();
        if !dir.exists() || std::fs::read_dir(&dir).map_or(0, |d| d.count()) != n {
            let _ = std::fs::remove_dir_all(&dir);
            ogi_lens::synth::corpus(&dir, n, o.seed).expect("write corpus");
        }
        let gen = t.elapsed();
        let bytes = dir_bytes(&dir);
        let mb = bytes as f64 / 1_048_576.0;
        let out = base.join(format!("out-{n}.json"));
        // Warm the page cache (and the binary) once before timing.
        time_cat(&dir);
        time_check(&bin, &dir, &out);
        let mut cats = Vec::new();
        let mut checks = Vec::new();
        let mut rss = 0u64;
        for _ in 0..o.runs {
            cats.push(time_cat(&dir).wall);
            let m = time_check(&bin, &dir, &out);
            checks.push(m.wall);
            rss = rss.max(m.max_rss_kb.unwrap_or(0));
        }
        let cat = median(cats).as_secs_f64();
        let check = median(checks).as_secs_f64();
        let json_mb = std::fs::metadata(&out).map_or(0.0, |m| m.len() as f64 / 1_048_576.0);
        let rss_mb = rss as f64 / 1024.0;
        println!(
            "| {n} | {mb:.1} | {json_mb:.1} | {cat:.3} | {check:.3} | {:.1}× | {:.0} | {:.1} | {} | {} | {:.0} |",
            check / cat,
            n as f64 / check,
            mb / check,
            if rss > 0 { format!("{rss_mb:.0}") } else { "n/a".into() },
            if rss > 0 { format!("{:.2}×", rss_mb / mb) } else { "n/a".into() },
            check * 1e6 / n as f64,
        );
        eprintln!("  (corpus of {n} written in {:.1} s)", gen.as_secs_f64());
        if o.keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if o.per_layout > 0 {
        per_layout(&o, &bin, &base);
    }
}

/// The check/cat ratio for a corpus of each layout alone.
fn per_layout(o: &Opts, bin: &Path, base: &Path) {
    use ogi_lens::synth::{corpus_of, Layout};
    let n = o.per_layout;
    println!();
    println!("Per layout, {n} reports each:");
    println!();
    println!("| layout | corpus MB | cat s | check s | ratio | µs/report |");
    println!("|---|---:|---:|---:|---:|---:|");
    for layout in Layout::ALL {
        let dir = base.join(format!("layout-{}-{n}", layout.name()));
        if !dir.exists() || std::fs::read_dir(&dir).map_or(0, |d| d.count()) != n {
            let _ = std::fs::remove_dir_all(&dir);
            corpus_of(&dir, n, o.seed, &[layout]).expect("write corpus");
        }
        let mb = dir_bytes(&dir) as f64 / 1_048_576.0;
        let out = base.join(format!("out-{}.json", layout.name()));
        time_cat(&dir);
        time_check(bin, &dir, &out);
        let mut cats = Vec::new();
        let mut checks = Vec::new();
        for _ in 0..o.runs {
            cats.push(time_cat(&dir).wall);
            checks.push(time_check(bin, &dir, &out).wall);
        }
        let cat = median(cats).as_secs_f64();
        let check = median(checks).as_secs_f64();
        println!(
            "| {} | {mb:.1} | {cat:.3} | {check:.3} | {:.1}× | {:.0} |",
            layout.name(),
            check / cat,
            check * 1e6 / n as f64
        );
        if o.keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
