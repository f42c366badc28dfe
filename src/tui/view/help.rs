//! The help overlay: every command of the focused pane with its keys,
//! generated from the keymap (so remapped keys show as remapped).

use super::{pane, put};
use crate::tui::app::{App, Focus, ReportMode};
use crate::tui::strings;
use crate::width::{self, Align};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let table = matches!(app.report.mode, ReportMode::Table(_));
    let cmds = app.pane_commands();
    let rows: Vec<(String, &str)> = cmds
        .iter()
        .map(|c| {
            (
                app.keymap.label(*c),
                strings::describe(*c, app.focus, table),
            )
        })
        .collect();
    let key_w = rows
        .iter()
        .map(|(k, _)| width::width(k))
        .max()
        .unwrap_or(4)
        .min(16);
    let desc_w = rows
        .iter()
        .map(|(_, d)| width::width(d))
        .max()
        .unwrap_or(10);
    let want_w = u16::try_from(key_w.saturating_add(desc_w).saturating_add(6)).unwrap_or(u16::MAX);
    let want_h = u16::try_from(rows.len().saturating_add(2)).unwrap_or(u16::MAX);
    let w = want_w.min(area.width.saturating_sub(2));
    let h = want_h.min(area.height.saturating_sub(2));
    let x = area.x.saturating_add(area.width.saturating_sub(w) / 2);
    let y = area.y.saturating_add(area.height.saturating_sub(h) / 2);
    let popup = Rect::new(x, y, w, h).intersection(area);
    // A wide glyph just left of the popup would stick into its border
    // (ratatui #2526): blank it first.
    if popup.x > area.x {
        for yy in popup.top()..popup.bottom() {
            let lx = popup.x.saturating_sub(1);
            if let Some(cell) = buf.cell_mut((lx, yy)) {
                if width::width(cell.symbol()) > 1 {
                    cell.set_symbol(" ");
                }
            }
        }
    }
    Clear.render(popup, buf);
    let pane_name = match app.focus {
        Focus::List => strings::PANE_LIST,
        Focus::Report => strings::PANE_REPORT,
        Focus::Findings => strings::PANE_FINDINGS,
    };
    let inner = pane(
        t,
        &format!("{} — {pane_name}", strings::HELP_TITLE),
        true,
        popup,
        buf,
    );
    let ell = t.ellipsis();
    for (i, (k, d)) in rows.iter().enumerate() {
        let Ok(row) = u16::try_from(i) else { break };
        if row >= inner.height {
            break;
        }
        let yy = inner.y.saturating_add(row);
        let ks = width::fit(k, key_w, Align::Left, ell);
        let nx = put(
            buf,
            inner.x.saturating_add(1),
            yy,
            &ks,
            inner.width.saturating_sub(1),
            t.key(),
        );
        put(
            buf,
            nx.saturating_add(2),
            yy,
            d,
            inner
                .width
                .saturating_sub(nx.saturating_sub(inner.x))
                .saturating_sub(2),
            ratatui::style::Style::new(),
        );
    }
    // The footer sits in the bottom border so it costs no row.
    let fw = u16::try_from(width::width(strings::HELP_FOOTER)).unwrap_or(u16::MAX);
    if popup.height > 1 && popup.width > fw.saturating_add(4) {
        put(
            buf,
            popup.right().saturating_sub(fw).saturating_sub(2),
            popup.bottom().saturating_sub(1),
            strings::HELP_FOOTER,
            fw,
            t.dim(),
        );
    }
}
