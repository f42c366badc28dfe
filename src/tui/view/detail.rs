//! The detail strip: for a finding, its rule, message, expected vs actual; for
//! the cell under the cursor, its id, Chinese row/column labels, parsed value
//! and raw text; and always the source line it came from (line number + the
//! raw line of the file), so an extraction error can be told from a data
//! error.

use super::{pane, put_line};
use crate::report::schema;
use crate::report::{CellId, Report};
use crate::rules::Finding;
use crate::tui::app::{App, Focus, ReportMode};
use crate::tui::grid::{template_of, value_text};
use crate::tui::strings;
use crate::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Line 1: marker, rule id, severity and the rule's description from the
/// catalogue. Line 2: the finding's own message with expected vs actual.
fn finding_lines(app: &App, v: &Finding) -> (Line<'static>, Line<'static>) {
    let t = &app.theme;
    let cross = if v.is_cross() {
        if t.ascii {
            strings::CROSS_MARK_ASCII
        } else {
            strings::CROSS_MARK
        }
    } else {
        ""
    };
    let about = format!(" · {}", v.rule.zh);
    let l1 = Line::from(vec![
        Span::styled(
            t.severity_glyph(v.severity).to_string(),
            t.severity(v.severity),
        ),
        Span::styled(
            format!(" {} {}", v.rule, v.severity),
            t.severity(v.severity),
        ),
        Span::raw(format!("{cross}{about}")),
    ]);
    // Expected vs actual first: on a narrow screen the message (which
    // usually repeats the numbers in words) is what gets cut.
    let mut l2 = Vec::new();
    if let (Some(e), Some(a)) = (v.expected, v.actual) {
        l2.push(Span::styled(
            format!(
                "{} {}  {} {}  {} {}  ",
                strings::EXPECTED,
                num(e),
                strings::ACTUAL,
                num(a),
                strings::DIFF,
                signed(a - e)
            ),
            t.header(),
        ));
    }
    l2.push(Span::raw(width::display_text(&v.message)));
    (l1, Line::from(l2))
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

fn cell_lines(report: &Report, id: &CellId) -> (String, String, usize) {
    let tpl = template_of(report);
    let row = schema::row_label(id.table, tpl, &id.row);
    let col = schema::col_def(id.table, tpl, &id.row, &id.col)
        .map(|c| c.label)
        .unwrap_or("");
    let head = format!("{id}  {} × {}", width::display_text(&row), col);
    match report.cell(id) {
        Some(c) => {
            let shown = value_text(&c.value, &c.raw);
            let mut v = format!(
                "= {}{}({})  {} \"{}\"",
                shown,
                if shown.is_empty() { "" } else { "  " },
                strings::value_kind(&c.value),
                strings::RAW,
                width::display_text(&c.raw)
            );
            if c.recovered {
                v.push_str(&format!("  [{}]", strings::RECOVERED));
            }
            (head, v, c.line.unwrap_or(0))
        }
        None => (head, strings::NO_CELL.to_string(), 0),
    }
}

fn source_line(app: &App, report: &Report, n: usize) -> Line<'static> {
    let t = &app.theme;
    match report.line(n) {
        Some(l) if n > 0 => Line::from(vec![
            Span::styled(format!("{}{n}: ", strings::LINE), t.dim()),
            Span::raw(width::display_text(l)),
        ]),
        _ => Line::from(Span::styled(strings::NO_SOURCE_LINE, t.dim())),
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let inner = pane(t, strings::PANE_DETAIL, false, area, buf);
    let (Some(entry), Some(report)) = (app.selected_entry(), app.selected_report()) else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let drilled = app.drill.as_ref().filter(|d| d.entry == entry);
    let finding = if let Some(d) = drilled {
        Some(d.finding)
    } else if app.focus == Focus::Findings {
        Some(app.findings_sel)
    } else {
        None
    };
    let fv = finding.and_then(|k| app.finding(entry, k));
    let table_mode = matches!(app.report.mode, ReportMode::Table(_));
    match (fv, table_mode) {
        (Some(v), true) => {
            let (l1, l2) = finding_lines(app, v);
            lines.push(l1);
            lines.push(l2);
            let (head, val, line) = app
                .cursor_cell()
                .map(|id| cell_lines(report, &id))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(head, t.header()),
                Span::raw(format!(" {val}")),
            ]));
            lines.push(source_line(app, report, line));
        }
        (Some(v), false) => {
            let line = v.line;
            let (l1, l2) = finding_lines(app, v);
            lines.push(l1);
            lines.push(l2);
            lines.push(Line::default());
            lines.push(source_line(app, report, line.unwrap_or(0)));
        }
        (None, _) => {
            if let Some(id) = app.cursor_cell() {
                let (head, val, line) = cell_lines(report, &id);
                lines.push(Line::from(Span::styled(head, t.header())));
                lines.push(Line::raw(val));
                lines.push(Line::default());
                lines.push(source_line(app, report, line));
            }
        }
    }
    for (i, l) in lines.iter().enumerate() {
        let Ok(row) = u16::try_from(i) else { break };
        if row >= inner.height {
            break;
        }
        put_line(buf, inner.x, inner.y.saturating_add(row), l, inner.width);
    }
}
