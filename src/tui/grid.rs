//! The shape of a table as a grid: which rows and columns to draw, with their
//! labels, and how wide each column is.
//!
//! Both `App::update` (to move the cell cursor and scroll) and the table view
//! (to draw) need the same answer, so it is computed here, purely from the
//! report and the template schema. Table 二 rows have different column sets;
//! the grid takes the union in template order and leaves the holes empty.

use crate::report::schema::{self, ColKind, Template};
use crate::report::{CellId, Report, TableId, Value};
use crate::width;

#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridCol {
    pub id: &'static str,
    pub short: &'static str,
    pub label: &'static str,
    pub kind: ColKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub table: TableId,
    pub template: Template,
    pub rows: Vec<GridRow>,
    pub cols: Vec<GridCol>,
}

/// The template a report's grids are drawn with, as the one decision says
/// ([`Report::template_or_current`]).
pub fn template_of(report: &Report) -> Template {
    report.template_or_current()
}

impl Grid {
    pub fn new(report: &Report, table: TableId) -> Grid {
        let template = template_of(report);
        let defs = schema::rows(table, template);
        let mut rows: Vec<GridRow> = defs
            .iter()
            .map(|d| GridRow {
                id: d.id.to_string(),
                label: d.label.to_string(),
            })
            .collect();
        let mut cols: Vec<GridCol> = Vec::new();
        for d in defs {
            for c in d.cols {
                if !cols.iter().any(|x| x.id == c.id) {
                    cols.push(GridCol {
                        id: c.id,
                        short: c.short,
                        label: c.label,
                        kind: c.kind,
                    });
                }
            }
        }
        // Local extra rows (OTHSVC/行政检查) go after their parent row.
        if let Some(t) = report.table(table) {
            for rid in t.row_ids() {
                if rows.iter().any(|r| r.id == rid) {
                    continue;
                }
                let label = schema::row_label(table, template, rid);
                let parent = rid.split('/').next().unwrap_or(rid);
                let at = rows
                    .iter()
                    .rposition(|r| r.id == parent || r.id.starts_with(&format!("{parent}/")))
                    .map(|i| i.saturating_add(1))
                    .unwrap_or(rows.len());
                rows.insert(
                    at,
                    GridRow {
                        id: rid.to_string(),
                        label: format!("└{label}"),
                    },
                );
            }
        }
        Grid {
            table,
            template,
            rows,
            cols,
        }
    }

    /// Does the template have a cell at (row, col)? (Table 二 rows differ.)
    pub fn has_cell(&self, row: usize, col: usize) -> bool {
        let (Some(r), Some(c)) = (self.rows.get(row), self.cols.get(col)) else {
            return false;
        };
        schema::col_def(self.table, self.template, &r.id, c.id).is_some()
    }

    pub fn cell_id(&self, row: usize, col: usize) -> Option<CellId> {
        let r = self.rows.get(row)?;
        let c = self.cols.get(col)?;
        Some(CellId::new(self.table, r.id.clone(), c.id))
    }

    /// Grid position of a cell id.
    pub fn position(&self, id: &CellId) -> Option<(usize, usize)> {
        if id.table != self.table {
            return None;
        }
        let r = self.rows.iter().position(|r| r.id == id.row)?;
        let c = self.cols.iter().position(|c| c.id == id.col)?;
        Some((r, c))
    }

    /// Width of the frozen label column for an inner width.
    pub fn label_width(&self, inner: u16) -> u16 {
        let widest = self
            .rows
            .iter()
            .map(|r| width::width(&r.label))
            .max()
            .unwrap_or(4);
        let cap = (inner / 3).clamp(6, 24);
        u16::try_from(widest).unwrap_or(u16::MAX).clamp(4, cap)
    }

    /// Width of a value column: its header or its widest value, plus one
    /// column for the mark glyph, within sane bounds.
    pub fn col_width(&self, report: &Report, col: usize) -> u16 {
        let Some(c) = self.cols.get(col) else {
            return 4;
        };
        let mut w = width::width(c.short);
        for r in &self.rows {
            let id = CellId::new(self.table, r.id.clone(), c.id);
            if let Some(cell) = report.cell(&id) {
                w = w.max(width::width(&value_text(&cell.value, &cell.raw)));
            }
        }
        u16::try_from(w.saturating_add(1))
            .unwrap_or(u16::MAX)
            .clamp(4, 14)
    }

    /// The columns visible from `col_off` in `avail` columns of screen
    /// (after the label column), each with its width. Always at least one
    /// column when any exists, even if it must be clipped.
    pub fn visible_cols(&self, report: &Report, col_off: usize, avail: u16) -> Vec<(usize, u16)> {
        let mut out = Vec::new();
        let mut used: u16 = 0;
        for c in col_off..self.cols.len() {
            let w = self.col_width(report, c);
            let need = if out.is_empty() {
                w
            } else {
                w.saturating_add(1)
            };
            if used.saturating_add(need) > avail && !out.is_empty() {
                break;
            }
            out.push((c, w.min(avail.saturating_sub(used))));
            used = used.saturating_add(need);
            if used >= avail {
                break;
            }
        }
        out
    }
}

/// How a value is written in a grid cell. Numbers are plain; missing values
/// get a word so a blank is never read as a zero (`placeholder` keeps the
/// report's own mark, such as `/` or `无`).
pub fn value_text(v: &Value, raw: &str) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Money(m) => {
            let s = format!("{m:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            s.to_string()
        }
        Value::Placeholder => width::display_text(raw),
        Value::Text => width::display_text(raw),
        Value::Blank | Value::Absent => String::new(),
    }
}
