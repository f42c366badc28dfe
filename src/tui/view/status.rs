//! The header line (progress, filter, sort, messages), the command bar, and
//! the "terminal too small" screen.

use super::{put, put_line};
use crate::tui::app::{App, Filter, SortKey};
use crate::tui::layout::{MIN_H, MIN_W};
use crate::tui::strings;
use crate::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let mut spans = vec![
        Span::styled(format!(" {} ", strings::APP_NAME), t.header()),
        Span::raw(" "),
        Span::raw(strings::progress(
            app.loaded,
            app.entries.len(),
            app.loading,
        )),
    ];
    if app.filter != Filter::All || app.view.len() != app.entries.len() {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(strings::shown_of(
            app.view.len(),
            app.entries.len(),
        )));
    }
    if app.filter != Filter::All {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(strings::filter_label(app.filter)));
    }
    if app.sort != SortKey::Path {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(strings::sort_label(app.sort)));
    }
    if !app.search.is_empty() && app.input.is_none() {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(format!(
            "{}{}",
            strings::SEARCH_PROMPT,
            width::display_text(&app.search)
        )));
    }
    if let Some(m) = &app.message {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(width::display_text(m), t.message()));
    }
    put_line(buf, area.x, area.y, &Line::from(spans), area.width);
}

pub fn command_bar(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    if let Some(input) = &app.input {
        let line = Line::from(vec![
            Span::styled(strings::SEARCH_PROMPT, t.key()),
            Span::raw(width::display_text(input)),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::raw("   "),
            Span::styled(strings::SEARCH_HINT, t.dim()),
        ]);
        put_line(buf, area.x, area.y, &line, area.width);
        return;
    }
    let mut spans = Vec::new();
    for cmd in app.bar_commands() {
        let Some(key) = app.keymap.first_label(cmd) else {
            continue;
        };
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, t.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(strings::short(cmd)));
    }
    put_line(buf, area.x, area.y, &Line::from(spans), area.width);
}

/// Shown below the minimum size. It still says how to quit: `q` works here
/// as everywhere.
pub fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lines = [
        strings::TOO_SMALL.to_string(),
        strings::too_small_need(MIN_W, MIN_H),
        format!("({}×{})", area.width, area.height),
        strings::TOO_SMALL_QUIT.to_string(),
    ];
    let top = area
        .y
        .saturating_add(area.height.saturating_sub(lines.len() as u16) / 2);
    for (i, l) in lines.iter().enumerate() {
        let y = top.saturating_add(i as u16);
        let w = u16::try_from(width::width(l)).unwrap_or(u16::MAX);
        let x = area.x.saturating_add(area.width.saturating_sub(w) / 2);
        let style = if i == 0 { t.header() } else { Style::new() };
        put(buf, x, y, l, area.width, style);
    }
}
