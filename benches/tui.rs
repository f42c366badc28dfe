//! TUI timing harness (issue 5): drives the real `App` + views over ratatui's
//! `TestBackend` while the real background loader checks a large corpus.
//!
//! ```text
//! cargo bench --bench tui                            # 10,000 reports, 80×24
//! cargo bench --bench tui -- --reports 10000 --size 120x40 --keep /tmp/ogi-bench
//! ```
//!
//! It does what `tui::run` does, minus the terminal: discover the folder,
//! `App::new`, start `corpus::spawn_loader`, draw the first frame (timed from
//! the start, and it notes how many reports were loaded by then). Then it
//! presses a key every `--gap` ms (default 10 ms, faster than key repeat)
//! until loading has finished and 200 more keys have been pressed. A key's
//! latency is measured the way the real event loop would experience it: the
//! loader results already queued ahead of the key are applied first (the
//! loop takes at most 4096 per frame, as `tui::run` does), then the key, then
//! `settle` and one full draw. Reported: max, p99 and median latency while
//! loading and after, and how many keys exceeded 16 ms.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ogi_lens::corpus::{self, LoadEvent};
use ogi_lens::rules::RuleSet;
use ogi_lens::tui::{self, action::Action, app::App, keymap::Keymap, theme::Theme, view};
use ratatui::{backend::TestBackend, Terminal};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// A reviewer's walk: down the list, into a report, across panes and cells,
/// to the next failure and back; repeated.
fn script() -> Vec<Event> {
    use KeyCode::*;
    let mut v = Vec::new();
    for _ in 0..5 {
        v.push(key(Char('j')));
    }
    v.extend([
        key(Enter),
        key(Char('j')),
        key(Enter),
        key(Char('l')),
        key(Char('l')),
        key(Char('j')),
        key(Esc),
        key(Tab),
        key(Char('j')),
        key(Char(']')),
        key(Char(']')),
        key(Esc),
        key(BackTab),
        key(Char('G')),
        key(Char('k')),
        key(Char('g')),
        key(PageDown),
        key(Char('?')),
        key(Esc),
    ]);
    v
}

fn stats(name: &str, mut v: Vec<Duration>) {
    if v.is_empty() {
        println!("| {name} | 0 | – | – | – | – |");
        return;
    }
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    let over = v.iter().filter(|d| d.as_millis() >= 16).count();
    println!(
        "| {name} | {} | {:.2} | {:.2} | {:.2} | {over} |",
        v.len(),
        ms(p(0.5)),
        ms(p(0.99)),
        ms(v[v.len() - 1]),
    );
}

fn main() {
    let mut n = 10_000usize;
    let (mut w, mut h) = (80u16, 24u16);
    let mut gap = 10u64;
    let mut keep: Option<PathBuf> = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reports" => n = it.next().and_then(|s| s.parse().ok()).unwrap_or(n),
            "--gap" => gap = it.next().and_then(|s| s.parse().ok()).unwrap_or(gap),
            "--keep" => keep = it.next().map(PathBuf::from),
            "--size" => {
                if let Some((a, b)) = it.next().and_then(|s| {
                    let (a, b) = s.split_once('x')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                }) {
                    (w, h) = (a, b);
                }
            }
            _ => {}
        }
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    let dir = base.join(format!("corpus-{n}"));
    if !dir.exists() || std::fs::read_dir(&dir).map_or(0, |d| d.count()) != n {
        let _ = std::fs::remove_dir_all(&dir);
        ogi_lens::synth::corpus(&dir, n, 1).expect("write corpus");
    }

    // ---- Start-up, as tui::run does it --------------------------------------
    let start = Instant::now();
    let found = corpus::discover(std::slice::from_ref(&dir));
    let paths: Vec<String> = found
        .files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let root = dir.to_string_lossy().into_owned();
    let mut app = App::new(paths, &root, Keymap::default(), Theme::new(false, false));
    let loader = corpus::spawn_loader(found.files.clone(), RuleSet::default());
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    app.update(Action::Resize(w, h));
    term.draw(|f| view::draw(f, &app)).expect("draw");
    let first_frame = start.elapsed();
    let mut loaded = 0usize;
    let mut done_at: Option<Duration> = None;
    let (mut cross_n, mut done_update) = (0usize, Duration::ZERO);

    // ---- Keys while loading and after ---------------------------------------
    let keys = script();
    let (mut during, mut after) = (Vec::new(), Vec::new());
    let mut worst_batch = 0usize;
    let mut k = 0usize;
    while after.len() < 200 {
        std::thread::sleep(Duration::from_millis(gap));
        let t = Instant::now();
        let loading = done_at.is_none();
        // Loader results queued ahead of the key, at most 4096 per frame.
        let mut batch = 0usize;
        while batch < 4096 {
            match loader.rx.try_recv() {
                Ok(LoadEvent::Loaded(i, c)) => {
                    app.update(Action::Loaded(i, c));
                    loaded += 1;
                }
                Ok(LoadEvent::Done(x)) => {
                    cross_n = x.findings.len();
                    let t = Instant::now();
                    app.update(Action::LoadDone(x));
                    done_update = t.elapsed();
                    done_at = Some(start.elapsed());
                }
                Err(_) => break,
            }
            batch += 1;
        }
        worst_batch = worst_batch.max(batch);
        let ev = &keys[k % keys.len()];
        k += 1;
        if let Some(a) = tui::action_for(&app, ev) {
            app.update(a);
        }
        app.settle();
        term.draw(|f| view::draw(f, &app)).expect("draw");
        let lat = t.elapsed();
        if loading {
            during.push(lat);
        } else {
            after.push(lat);
        }
        if app.quit {
            app.quit = false;
        }
    }
    println!(
        "ogi-lens TUI timing: {n} reports, {w}×{h} TestBackend, a key every {gap} ms, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "first frame: {:.1} ms after start (the list of {n} files, before any report is checked); loading finished {:.2} s after start ({loaded} loaded)",
        first_frame.as_secs_f64() * 1e3,
        done_at.map_or(f64::NAN, |d| d.as_secs_f64()),
    );
    println!("largest batch of loader results taken before one key: {worst_batch}");
    println!(
        "App::update(LoadDone) with {cross_n} cross-report findings: {:.1} ms",
        done_update.as_secs_f64() * 1e3
    );
    // Peak resident memory of this process (App + loader), Linux only.
    if let Some(hwm) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
    {
        println!(
            "peak RSS (App + loader): {}",
            hwm.trim_start_matches("VmHWM:").trim()
        );
    }
    println!();
    println!("| keys | n | median ms | p99 ms | max ms | ≥16 ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    stats("while loading", during);
    stats("after loading", after);
}
