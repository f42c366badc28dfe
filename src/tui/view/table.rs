//! A table (二/三/四) as a grid: the row-label column stays put while the
//! value columns scroll sideways, numbers are right-aligned, blank and
//! placeholder cells are drawn as words (never as zeros), and the cells of the
//! finding being shown are marked — involved `*` + underline, suspect `>` +
//! bold underline — so the marks survive `NO_COLOR`. The cursor is reverse
//! video.
//!
//! ratatui's `Table` has no horizontal offset (ratatui #1250/#1472), hence a
//! grid of our own.

use super::put;
use crate::report::{CellId, Report, Value};
use crate::tui::app::App;
use crate::tui::grid::{value_text, Grid};
use crate::tui::theme::CellMark;
use crate::width::{self, Align};

/// Mark of a value recovered from flattened text (ASCII, so it survives
/// `--ascii` and `NO_COLOR`).
pub const RECOVERED_GLYPH: &str = "~";
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn render(app: &App, report: &Report, grid: &Grid, inner: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let ell = t.ellipsis();
    let st = &app.report;
    let label_w = grid.label_width(inner.width);
    let sep_x = inner.x.saturating_add(label_w);
    let vx = sep_x.saturating_add(1);
    let avail = inner.width.saturating_sub(label_w).saturating_sub(1);
    let cols = grid.visible_cols(report, st.col_off, avail);
    let sep = if t.ascii { "|" } else { "│" };
    let marks = |id: &CellId| -> CellMark {
        match &app.drill {
            Some(d) if app.selected_entry() == Some(d.entry) => {
                if d.suspect.contains(id) {
                    CellMark::Suspect
                } else if d.involved.contains(id) {
                    CellMark::Involved
                } else {
                    CellMark::None
                }
            }
            _ => CellMark::None,
        }
    };

    // Header row: short column labels from the template.
    let hy = inner.y;
    let mut x = vx;
    for (c, w) in &cols {
        let Some(col) = grid.cols.get(*c) else {
            continue;
        };
        let mut style = t.header();
        if *c == st.col {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        put(
            buf,
            x,
            hy,
            &width::fit(col.short, usize::from(*w), Align::Right, ell),
            *w,
            style,
        );
        x = x.saturating_add(*w).saturating_add(1);
    }
    put(
        buf,
        sep_x,
        hy,
        if st.col_off > 0 { "<" } else { sep },
        1,
        t.dim(),
    );
    let last_shown = cols.last().map(|(c, _)| *c).unwrap_or(0);
    if last_shown.saturating_add(1) < grid.cols.len() && inner.width > 0 {
        put(buf, inner.right().saturating_sub(1), hy, ">", 1, t.dim());
    }

    for row in 0..inner.height.saturating_sub(1) {
        let ri = st.row_off.saturating_add(usize::from(row));
        let Some(gr) = grid.rows.get(ri) else { break };
        let y = inner.y.saturating_add(1).saturating_add(row);
        let label_style = if ri == st.row {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        put(
            buf,
            inner.x,
            y,
            &width::fit(
                &width::display_text(&gr.label),
                usize::from(label_w),
                Align::Left,
                ell,
            ),
            label_w,
            label_style,
        );
        put(buf, sep_x, y, sep, 1, t.dim());
        let mut x = vx;
        for (c, w) in &cols {
            let wu = usize::from(*w);
            let cursor = ri == st.row && *c == st.col;
            if grid.has_cell(ri, *c) {
                let id = grid.cell_id(ri, *c);
                let mark = id.as_ref().map(marks).unwrap_or(CellMark::None);
                let cell = id.as_ref().and_then(|id| report.cell(id));
                let (text, missing) = match cell {
                    Some(cell) => match &cell.value {
                        Value::Int(_) | Value::Money(_) => {
                            (value_text(&cell.value, &cell.raw), false)
                        }
                        Value::Blank => (t.blank_glyph().to_string(), true),
                        Value::Absent => (t.absent_glyph().to_string(), true),
                        v => (value_text(v, &cell.raw), true),
                    },
                    None => (t.absent_glyph().to_string(), true),
                };
                let mut style = t.cell(mark, cursor);
                if missing {
                    style = t.missing_value().patch(style);
                }
                // The mark sits right next to the value, so the column
                // stays right-aligned and the mark reads as part of it.
                let body = width::truncate(&text, wu.saturating_sub(1), ell);
                // Values split out of flattened web text carry `~` (when no
                // finding mark takes the place), so a reader knows they were
                // inferred from the template's sums, not read from cells.
                let glyph = match (mark, cell.is_some_and(|c| c.recovered)) {
                    (CellMark::None, true) => RECOVERED_GLYPH,
                    _ => t.mark_glyph(mark),
                };
                let s = width::fit(&format!("{glyph}{body}"), wu, Align::Right, ell);
                put(buf, x, y, &s, *w, style);
            } else if cursor {
                put(buf, x, y, &" ".repeat(wu), *w, t.cell(CellMark::None, true));
            }
            x = x.saturating_add(*w).saturating_add(1);
        }
    }
}
