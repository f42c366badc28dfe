//! The findings pane: the selected report's findings (severity marker, rule
//! id, message), then the cross-report findings that involve it (marked `⇄`).

use super::{fill, focused, pane, put, put_line};
use crate::tui::app::{App, Focus};
use crate::tui::strings;
use crate::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let f = focused(app, Focus::Findings);
    let list = app.findings();
    let title = if list.is_empty() {
        strings::PANE_FINDINGS.to_string()
    } else {
        format!("{} ({})", strings::PANE_FINDINGS, list.len())
    };
    let inner = pane(t, &title, f, area, buf);
    if app.selected_entry().is_none() {
        put(
            buf,
            inner.x,
            inner.y,
            strings::NO_SELECTION,
            inner.width,
            t.dim(),
        );
        return;
    }
    if app.selected_report().is_none() {
        put(
            buf,
            inner.x,
            inner.y,
            strings::PENDING,
            inner.width,
            t.dim(),
        );
        return;
    }
    if list.is_empty() {
        put(
            buf,
            inner.x,
            inner.y,
            strings::NO_FINDINGS,
            inner.width,
            t.ok(),
        );
        return;
    }
    let ell = t.ellipsis();
    for row in 0..inner.height {
        let pos = app.findings_off.saturating_add(usize::from(row));
        let Some(v) = list.get(pos) else { break };
        let y = inner.y.saturating_add(row);
        let selected = pos == app.findings_sel;
        let cross = if v.is_cross() {
            if t.ascii {
                strings::CROSS_MARK_ASCII
            } else {
                strings::CROSS_MARK
            }
        } else {
            " "
        };
        let rest = format!(" {} {cross}{}", v.rule, width::display_text(&v.message));
        let line = Line::from(vec![
            Span::raw(if selected { t.cursor_glyph() } else { " " }),
            Span::styled(t.severity_glyph(v.severity), t.severity(v.severity)),
            Span::raw(width::truncate(
                &rest,
                usize::from(inner.width.saturating_sub(2)),
                ell,
            )),
        ]);
        put_line(buf, inner.x, y, &line, inner.width);
        if selected {
            fill(buf, inner.x, y, inner.width, t.selected(f));
        }
    }
}
