//! The report list: one row per file with its status marker, year, template
//! and agency. The status reads without colour: `✗3  !1` (ASCII `E3  W1`),
//! `✓` for a clean report, `…` while it is still being checked.

use super::{fill, focused, pane, put, put_line};
use crate::rules::Severity;
use crate::tui::app::{App, Entry, Focus};
use crate::tui::strings;
use crate::tui::theme::Theme;
use crate::width::{self, Align};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let f = focused(app, Focus::List);
    let inner = pane(t, strings::PANE_LIST, f, area, buf);
    if app.entries.is_empty() || app.view.is_empty() {
        let msg = if app.entries.is_empty() {
            strings::NO_REPORTS
        } else {
            strings::NO_MATCH
        };
        for (i, l) in width::wrap(msg, usize::from(inner.width))
            .iter()
            .enumerate()
        {
            put(
                buf,
                inner.x,
                inner.y.saturating_add(i as u16),
                l,
                inner.width,
                t.dim(),
            );
        }
        return;
    }
    for row in 0..inner.height {
        let pos = app.list_off.saturating_add(usize::from(row));
        let Some(&ei) = app.view.get(pos) else { break };
        let Some(e) = app.entries.get(ei) else { break };
        let y = inner.y.saturating_add(row);
        let selected = pos == app.sel;
        let line = row_line(t, e, selected, usize::from(inner.width));
        put_line(buf, inner.x, y, &line, inner.width);
        if selected {
            fill(buf, inner.x, y, inner.width, t.selected(f));
        }
    }
}

fn count(glyph: &str, n: usize) -> String {
    match n {
        0 => String::new(),
        n if n > 99 => format!("{glyph}99+"),
        n => format!("{glyph}{n}"),
    }
}

/// `>✗3  !1  2022 21 郑东新区科技人才局`
fn row_line(t: &Theme, e: &Entry, selected: bool, w: usize) -> Line<'static> {
    let ell = t.ellipsis();
    let cursor = if selected { t.cursor_glyph() } else { " " };
    let mut spans = vec![Span::raw(cursor.to_string())];
    match &e.checked {
        None => spans.push(Span::styled(
            width::fit(t.pending_glyph(), 8, Align::Left, ell),
            t.dim(),
        )),
        Some(_) if e.errors == 0 && e.warnings == 0 => {
            // Infos do not make a report fail, but say they are there.
            let ok = match e.infos {
                0 => t.ok_glyph().to_string(),
                n => format!(
                    "{} {}",
                    t.ok_glyph(),
                    count(t.severity_glyph(Severity::Info), n)
                ),
            };
            spans.push(Span::styled(width::fit(&ok, 8, Align::Left, ell), t.ok()))
        }
        Some(_) => {
            spans.push(Span::styled(
                width::fit(
                    &count(t.severity_glyph(Severity::Error), e.errors),
                    4,
                    Align::Left,
                    ell,
                ),
                t.severity(Severity::Error),
            ));
            spans.push(Span::styled(
                width::fit(
                    &count(t.severity_glyph(Severity::Warning), e.warnings),
                    4,
                    Align::Left,
                    ell,
                ),
                t.severity(Severity::Warning),
            ));
        }
    }
    let (year, tpl, name) = match e.report() {
        Some(r) => (
            r.year
                .map(|y| y.to_string())
                .unwrap_or_else(|| strings::NO_YEAR.to_string()),
            r.template.map(|t| &t.as_str()[2..]).unwrap_or("--"),
            r.agency
                .as_deref()
                .map(width::display_text)
                .unwrap_or_else(|| e.name.clone()),
        ),
        None => ("    ".to_string(), "  ", e.name.clone()),
    };
    let rest = format!(" {year} {tpl} {name}");
    let used = 9usize;
    spans.push(Span::raw(width::truncate(
        &rest,
        w.saturating_sub(used),
        ell,
    )));
    Line::from(spans)
}
