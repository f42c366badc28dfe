//! Where each pane goes for a terminal size. Shared by `App::update` (to know
//! page heights and what is visible) and the views (to draw), so both agree.
//!
//! All arithmetic saturates: a 1×1 terminal gives empty rectangles, never an
//! underflow, and below the minimum size the app shows the "too small" screen
//! instead of the panes.

use ratatui::layout::Rect;

/// Below this the panes are not drawn.
pub const MIN_W: u16 = 50;
pub const MIN_H: u16 = 18;

/// Rows of the detail strip, borders included (four lines of text).
const DETAIL_H: u16 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub full: Rect,
    pub header: Rect,
    pub list: Rect,
    pub report: Rect,
    pub findings: Rect,
    pub detail: Option<Rect>,
    pub bar: Rect,
    pub too_small: bool,
}

fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

impl Areas {
    pub fn list_inner(&self) -> Rect {
        inner(self.list)
    }
    pub fn report_inner(&self) -> Rect {
        inner(self.report)
    }
    pub fn findings_inner(&self) -> Rect {
        inner(self.findings)
    }
    pub fn detail_inner(&self) -> Option<Rect> {
        self.detail.map(inner)
    }
}

pub fn areas(w: u16, h: u16, detail: bool) -> Areas {
    let full = Rect::new(0, 0, w, h);
    if w < MIN_W || h < MIN_H {
        return Areas {
            full,
            too_small: true,
            ..Areas::default()
        };
    }
    let header = Rect::new(0, 0, w, 1);
    let bar = Rect::new(0, h.saturating_sub(1), w, 1);
    let body_h = h.saturating_sub(2);
    let list_w = (w.saturating_mul(3) / 8).clamp(28, 40);
    let list = Rect::new(0, 1, list_w, body_h);
    let rx = list_w;
    let rw = w.saturating_sub(list_w);
    let findings_h = (body_h / 4).clamp(5, 10);
    let detail_h = if detail { DETAIL_H } else { 0 };
    let report_h = body_h.saturating_sub(findings_h).saturating_sub(detail_h);
    let report = Rect::new(rx, 1, rw, report_h);
    let detail_rect = detail.then(|| Rect::new(rx, 1u16.saturating_add(report_h), rw, detail_h));
    let findings = Rect::new(
        rx,
        1u16.saturating_add(report_h).saturating_add(detail_h),
        rw,
        findings_h,
    );
    Areas {
        full,
        header,
        list,
        report,
        findings,
        detail: detail_rect,
        bar,
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen() {
        for (w, h) in [(80, 24), (120, 40), (MIN_W, MIN_H), (300, 100)] {
            for d in [false, true] {
                let a = areas(w, h, d);
                assert!(!a.too_small);
                let bottom = a.findings.y + a.findings.height;
                assert_eq!(bottom, h - 1, "{w}x{h} {d}");
                assert_eq!(a.list.width + a.report.width, w);
                assert!(a.report.height >= 3, "{w}x{h} {d}: {:?}", a.report);
            }
        }
    }

    #[test]
    fn tiny_sizes_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (20, 5), (MIN_W - 1, 40), (200, MIN_H - 1)] {
            assert!(areas(w, h, true).too_small);
        }
    }
}
