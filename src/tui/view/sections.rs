//! The report pane: the outline of the six sections (with tables 二/三/四
//! inside their sections), a section's wrapped text, or a table grid.

use super::{fill, focused, pane, put, put_line, table};
use crate::report::schema;
use crate::report::{Report, TableId};
use crate::rules::Severity;
use crate::tui::app::{App, Focus, OutlineItem, ReportMode, OUTLINE};
use crate::tui::strings;
use crate::width::{self, Align};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let f = focused(app, Focus::Report);
    let Some(entry) = app.selected() else {
        let inner = pane(t, strings::PANE_REPORT, f, area, buf);
        put(
            buf,
            inner.x,
            inner.y,
            strings::NO_SELECTION,
            inner.width,
            t.dim(),
        );
        return;
    };
    let Some(report) = entry.report() else {
        let inner = pane(t, &entry.name, f, area, buf);
        put(
            buf,
            inner.x,
            inner.y,
            strings::PENDING,
            inner.width,
            t.dim(),
        );
        return;
    };
    let who = format!(
        "{} {}",
        report
            .agency
            .as_deref()
            .map(width::display_text)
            .unwrap_or_else(|| entry.name.clone()),
        report.year.map(|y| y.to_string()).unwrap_or_default()
    );
    match app.report.mode {
        ReportMode::Outline => {
            let inner = pane(t, who.trim(), f, area, buf);
            outline(app, report, inner, buf);
        }
        ReportMode::Section(n) => {
            let title = report
                .section(n)
                .map(|s| width::display_text(&s.title))
                .or_else(|| schema::section_def(n).map(|d| d.title.to_string()))
                .unwrap_or_default();
            let inner = pane(t, &title, f, area, buf);
            let lines = app.section_lines(n);
            for row in 0..inner.height {
                let Some(l) = lines.get(app.report.text_scroll.saturating_add(usize::from(row)))
                else {
                    break;
                };
                put(
                    buf,
                    inner.x,
                    inner.y.saturating_add(row),
                    l,
                    inner.width,
                    ratatui::style::Style::new(),
                );
            }
        }
        ReportMode::Table(tid) => {
            let grid = app.grid();
            let pos = grid
                .as_ref()
                .map(|g| {
                    format!(
                        " R{}/{} C{}/{} ",
                        app.report.row.saturating_add(1),
                        g.rows.len(),
                        app.report.col.saturating_add(1),
                        g.cols.len()
                    )
                })
                .unwrap_or_default();
            // Position first: on a narrow screen the long name is what gets cut.
            let (short, long) = tid
                .title_zh()
                .split_once(' ')
                .unwrap_or((tid.title_zh(), ""));
            let title = format!("{short}{pos}{long}");
            let inner = pane(t, &title, f, area, buf);
            match (report.table(tid), grid) {
                (Some(_), Some(g)) => table::render(app, report, &g, inner, buf),
                _ => {
                    put(
                        buf,
                        inner.x,
                        inner.y,
                        strings::NO_TABLE,
                        inner.width,
                        t.dim(),
                    );
                }
            }
        }
    }
}

/// Findings of this report whose cells lie in a table, by severity.
fn table_counts(app: &App, report: &Report, t: TableId) -> (usize, usize) {
    let Some(entry) = app.selected() else {
        return (0, 0);
    };
    let Some(c) = &entry.checked else {
        return (0, 0);
    };
    let _ = report;
    let mut e = 0;
    let mut w = 0;
    for f in &c.findings {
        if f.cells
            .iter()
            .chain(f.suspect.iter())
            .any(|id| id.table == t)
        {
            match f.severity {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
                Severity::Info => {}
            }
        }
    }
    (e, w)
}

fn outline(app: &App, report: &Report, inner: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let f = focused(app, Focus::Report);
    let ell = t.ellipsis();
    let w = usize::from(inner.width);
    for (i, item) in OUTLINE.iter().enumerate() {
        let Ok(row) = u16::try_from(i) else { break };
        if row >= inner.height {
            break;
        }
        let y = inner.y.saturating_add(row);
        let selected = i == app.report.outline_sel;
        let cursor = if selected { t.cursor_glyph() } else { " " };
        let mut spans = vec![Span::raw(cursor)];
        let (text, line, found) = match item {
            OutlineItem::Section(n) => match report.section(*n) {
                Some(s) => (width::display_text(&s.title), s.line, true),
                None => (
                    schema::section_def(*n)
                        .map(|d| d.title.to_string())
                        .unwrap_or_default(),
                    0,
                    false,
                ),
            },
            OutlineItem::Table(tid) => {
                let tb = report.table(*tid);
                (
                    format!("  {}", tid.title_zh()),
                    tb.map(|x| x.line).unwrap_or(0),
                    tb.is_some(),
                )
            }
        };
        let mut marks = String::new();
        if let OutlineItem::Table(tid) = item {
            let (e, wn) = table_counts(app, report, *tid);
            if e > 0 {
                marks.push_str(&format!(" {}{e}", t.severity_glyph(Severity::Error)));
            }
            if wn > 0 {
                marks.push_str(&format!(" {}{wn}", t.severity_glyph(Severity::Warning)));
            }
        }
        let right = if found {
            format!("{marks} {}{line}", strings::LINE)
        } else {
            format!("{marks} {}", strings::absent_short())
        };
        let rw = width::width(&right);
        let left_w = w.saturating_sub(1).saturating_sub(rw);
        let style = if found {
            ratatui::style::Style::new()
        } else {
            t.dim()
        };
        spans.push(Span::styled(
            width::fit(&text, left_w, Align::Left, ell),
            style,
        ));
        let right_style = if marks.is_empty() {
            t.dim()
        } else {
            t.severity(Severity::Error)
        };
        spans.push(Span::styled(right, right_style));
        put_line(buf, inner.x, y, &Line::from(spans), inner.width);
        if selected {
            fill(buf, inner.x, y, inner.width, t.selected(f));
        }
    }
    let hint_y = inner
        .y
        .saturating_add(OUTLINE.len() as u16)
        .saturating_add(1);
    if hint_y < inner.bottom() {
        put(
            buf,
            inner.x.saturating_add(1),
            hint_y,
            strings::OUTLINE_HINT,
            inner.width,
            t.dim(),
        );
    }
}
