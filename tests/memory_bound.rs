//! Memory in proportion to the file (issue 10): one long line of
//! tab-, pipe- or space-separated values peaked at 20–45× the file size (a
//! 19 MB line: 390 MB), one 40-byte cell per value. Measured with a
//! counting allocator, in its own test binary so no other test's
//! allocations mix in; a ratio of peak live bytes to file bytes, not a
//! time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak live bytes while parsing and checking `bytes`, above what was live
/// before.
fn peak_of(bytes: &[u8]) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let r = ogi_lens::report::parse::parse_bytes("line.txt", bytes);
    let f = ogi_lens::rules::check_report(&r, &ogi_lens::rules::RuleSet::default());
    std::hint::black_box((&r, &f));
    drop((r, f));
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

#[test]
fn one_long_separated_line_needs_memory_in_proportion_to_its_size() {
    let title = "某某局2021年政府信息公开工作年度报告\n";
    let size = 4 << 20;
    let shapes = [
        ("tab", "行政许可\t12\t3\t4\t"),
        ("pipe", "|行政许可|12|3|4"),
        ("space", " 12 3 4"),
    ];
    let mut seen = Vec::new();
    for (name, unit) in shapes {
        let mut s = String::from(title);
        s.push_str("行政许可");
        while s.len() < size {
            s.push_str(unit);
        }
        s.push('\n');
        let peak = peak_of(s.as_bytes());
        let ratio = peak as f64 / s.len() as f64;
        seen.push(format!(
            "{name}: {:.1} MB peak for {:.1} MB, ×{ratio:.1}",
            peak as f64 / 1e6,
            s.len() as f64 / 1e6
        ));
        assert!(ratio < 10.0, "{}", seen.join("\n"));
    }
    eprintln!("{}", seen.join("\n"));
}
