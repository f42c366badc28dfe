//! Drawing: one function per pane, each reading [`App`] and writing to the
//! frame's buffer. Nothing here changes state.
//!
//! Text goes through [`put`], which measures with [`crate::width`] and never
//! writes outside the buffer, so a tiny or resizing terminal cannot make a
//! view panic.

mod detail;
mod findings;
mod help;
mod report_list;
mod sections;
mod status;
mod table;

use super::app::{App, Focus};
use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use ratatui::Frame;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render(app, area, buf);
}

/// Draw into a buffer (the snapshot tests call this through `draw`).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let a = super::layout::areas(area.width, area.height, app.show_detail());
    if a.too_small {
        status::too_small(app, area, buf);
        return;
    }
    status::header(app, a.header, buf);
    report_list::render(app, a.list, buf);
    sections::render(app, a.report, buf);
    if let Some(d) = a.detail {
        detail::render(app, d, buf);
    }
    findings::render(app, a.findings, buf);
    status::command_bar(app, a.bar, buf);
    if app.help {
        help::render(app, area, buf);
    }
}

/// A bordered pane; returns its inner area.
fn pane(theme: &Theme, title: &str, focused: bool, area: Rect, buf: &mut Buffer) -> Rect {
    let max = usize::from(area.width.saturating_sub(4));
    let title = crate::width::truncate(title, max, theme.ellipsis());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set())
        .border_style(theme.border(focused))
        .title(Span::styled(format!(" {title} "), theme.title(focused)));
    let inner = block.inner(area);
    block.render(area.intersection(buf.area), buf);
    inner
}

/// Write `s` at (x, y), at most `max` columns, clipped to the buffer.
/// Returns the x after the text.
fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max: u16, style: Style) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
        return x;
    }
    buf.set_stringn(x, y, s, usize::from(max), style).0
}

/// Write a line of spans, clipped to `max` columns.
fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, max: u16) {
    let mut cx = x;
    let end = x.saturating_add(max);
    for span in &line.spans {
        if cx >= end {
            break;
        }
        cx = put(
            buf,
            cx,
            y,
            &span.content,
            end.saturating_sub(cx),
            line.style.patch(span.style),
        );
    }
}

/// Fill a row segment with a style (for selected rows).
fn fill(buf: &mut Buffer, x: u16, y: u16, w: u16, style: Style) {
    let r = Rect::new(x, y, w, 1).intersection(buf.area);
    buf.set_style(r, style);
}

fn focused(app: &App, f: Focus) -> bool {
    app.focus == f && !app.help
}
