//! Tables drawn with box-drawing characters, as `w3m -dump` renders HTML
//! tables (`│ ├ ┼ ─` borders, cells padded with spaces, long cell text
//! wrapped over several lines, spanning cells drawn as one box).
//!
//! The line-by-line layout reader sees such a table as lines of `│`-split
//! fragments: a row whose label wraps is two lines, and a cell spanning rows
//! is a column of blanks. So the table is read as a picture instead: every
//! position of the text grid that is not a border belongs to a cell, and a
//! cell is a connected region of such positions (a spanning cell is simply a
//! larger region). A cell's text is its region read line by line. Cells then
//! form rows the way HTML's do: each row holds the cells whose box starts on
//! it, so a cell spanning rows is in the first of them only, and an empty
//! cell spanning columns stands for that many blank cells. Blank cells stay
//! blank in their columns.
//!
//! Columns are display columns (CJK characters take two), measured by
//! [`crate::width`], which is how w3m lays the table out.

use super::layout::rows_from_lines;
use super::{Row, Tok};
use crate::width::char_width;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// A table this large (lines × columns) is not read as a picture.
const MAX_GRID: usize = 4_000_000;

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

/// A vertical border or a junction: a column boundary.
fn is_vertical(c: char) -> bool {
    is_box(c) && !matches!(c, '─' | '━' | '═' | '╌' | '╍' | '┄' | '┅' | '┈' | '┉')
}

/// Whether a line belongs to a drawn table (starts with a border).
fn table_line(l: &str) -> bool {
    l.trim_start().chars().next().is_some_and(is_box)
}

/// The rows of a text holding box-drawn tables: the tables read as pictures,
/// the other lines as the layout reader reads them. `None` when the text has
/// no such table.
pub(crate) fn rows_with_box_tables<'a>(lines: &[&'a str]) -> Option<Vec<Row<'a>>> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !table_line(lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && table_line(lines[i]) {
            i += 1;
        }
        let has_rule = lines[start..i].iter().any(|l| l.contains('─'));
        if i - start >= 3 && has_rule {
            blocks.push((start, i));
        }
    }
    if blocks.is_empty() {
        return None;
    }
    let mut rows = Vec::new();
    let mut at = 0;
    for (a, b) in blocks {
        text_rows(lines, at, a, &mut rows);
        match table_rows(&lines[a..b], a) {
            Some(t) => rows.extend(t),
            None => text_rows(lines, a, b, &mut rows),
        }
        at = b;
    }
    text_rows(lines, at, lines.len(), &mut rows);
    Some(rows)
}

/// Lines `a..b` read by the layout reader, numbered in the whole text.
fn text_rows<'a>(lines: &[&'a str], a: usize, b: usize, rows: &mut Vec<Row<'a>>) {
    if a >= b {
        return;
    }
    for mut r in rows_from_lines(&lines[a..b]) {
        r.line += a;
        for c in &mut r.cells {
            c.line += a;
        }
        rows.push(r);
    }
}

/// One display column of a line: its character, whether it is the second
/// half of a wide one, whether it is a border.
#[derive(Clone, Copy)]
struct Pos {
    c: char,
    cont: bool,
    border: bool,
}

/// The rows of one drawn table whose first line is line `first` (0-based)
/// of the text.
fn table_rows(lines: &[&str], first: usize) -> Option<Vec<Row<'static>>> {
    let grid: Vec<Vec<Pos>> = lines.iter().map(|l| positions(l)).collect();
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    if width.checked_mul(grid.len())? > MAX_GRID {
        return None;
    }
    // Inside the table: between a line's first and last border.
    let inside: Vec<(usize, usize)> = grid
        .iter()
        .map(|g| {
            let a = g.iter().position(|p| p.border).unwrap_or(0);
            let b = g.iter().rposition(|p| p.border).unwrap_or(0);
            (a, b)
        })
        .collect();
    let open = |y: usize, x: usize| -> bool {
        let (a, b) = inside[y];
        x > a && x < b && grid[y].get(x).is_some_and(|p| !p.border)
    };
    let boundaries: BTreeSet<usize> = grid
        .iter()
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .filter(|(_, p)| p.border && is_vertical(p.c))
                .map(|(x, _)| x)
        })
        .collect();
    // Label every open position with its region (flood fill, no recursion).
    let mut label = vec![usize::MAX; grid.len() * width];
    let mut regions: Vec<Region> = Vec::new();
    let mut stack = Vec::new();
    for y in 0..grid.len() {
        for x in 0..width {
            if !open(y, x) || label[y * width + x] != usize::MAX {
                continue;
            }
            let id = regions.len();
            let mut reg = Region::new(y, x);
            label[y * width + x] = id;
            stack.push((y, x));
            while let Some((cy, cx)) = stack.pop() {
                reg.add(cy, cx);
                let mut next = [None; 4];
                next[0] = cy.checked_sub(1).map(|ny| (ny, cx));
                next[1] = (cy + 1 < grid.len()).then_some((cy + 1, cx));
                next[2] = cx.checked_sub(1).map(|nx| (cy, nx));
                next[3] = (cx + 1 < width).then_some((cy, cx + 1));
                for (ny, nx) in next.into_iter().flatten() {
                    if open(ny, nx) && label[ny * width + nx] == usize::MAX {
                        label[ny * width + nx] = id;
                        stack.push((ny, nx));
                    }
                }
            }
            regions.push(reg);
        }
    }
    // Each region's text, line by line.
    let mut texts: Vec<Vec<(usize, String)>> = vec![Vec::new(); regions.len()];
    for (y, g) in grid.iter().enumerate() {
        let mut cur: Option<(usize, String)> = None;
        for (x, p) in g.iter().enumerate() {
            let id = label[y * width + x];
            if id == usize::MAX {
                continue;
            }
            if cur.as_ref().is_none_or(|(c, _)| *c != id) {
                if let Some((c, s)) = cur.take() {
                    texts[c].push((y, s));
                }
                cur = Some((id, String::new()));
            }
            if let Some((_, s)) = &mut cur {
                if !p.cont {
                    s.push(p.c);
                }
            }
        }
        if let Some((c, s)) = cur {
            texts[c].push((y, s));
        }
    }
    let mut cells: Vec<(usize, usize, usize, Tok<'static>, usize)> = Vec::new();
    for (id, reg) in regions.iter().enumerate() {
        let mut text = String::new();
        let mut line = reg.top;
        for (y, s) in &texts[id] {
            let t = s.trim();
            if t.is_empty() {
                continue;
            }
            if text.is_empty() {
                line = *y;
            } else if needs_space(&text, t) {
                text.push(' ');
            }
            text.push_str(t);
        }
        // An empty cell over several columns stands for that many cells.
        let n = if text.is_empty() {
            boundaries.range(reg.left + 1..reg.right).count() + 1
        } else {
            1
        };
        let tok = Tok {
            text: Cow::Owned(text),
            line: first + line + 1,
            recovered: false,
            ..Tok::default()
        };
        cells.push((reg.top, reg.left, id, tok, n));
    }
    cells.sort_by_key(|c| (c.0, c.1, c.2));
    let mut rows: Vec<Row<'static>> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let top = cells[i].0;
        let mut toks = Vec::new();
        while i < cells.len() && cells[i].0 == top {
            let (_, _, _, tok, n) = &cells[i];
            for _ in 1..*n {
                toks.push(tok.clone());
            }
            toks.push(tok.clone());
            i += 1;
        }
        if toks.iter().all(|t| t.text.is_empty()) && toks.len() <= 1 {
            continue;
        }
        let line = toks
            .iter()
            .filter(|t| !t.text.is_empty())
            .map(|t| t.line)
            .min()
            .unwrap_or(first + top + 1);
        rows.push(Row::table(line, toks, true));
    }
    Some(rows)
}

/// The columns a line takes, each with its character.
fn positions(l: &str) -> Vec<Pos> {
    let mut v = Vec::with_capacity(l.len());
    for c in l.chars() {
        let border = is_box(c);
        let w = char_width(c);
        if w == 0 {
            continue;
        }
        v.push(Pos {
            c,
            cont: false,
            border,
        });
        for _ in 1..w {
            v.push(Pos {
                c,
                cont: true,
                border,
            });
        }
    }
    v
}

/// A region's bounding box.
struct Region {
    top: usize,
    left: usize,
    right: usize,
}

impl Region {
    fn new(y: usize, x: usize) -> Region {
        Region {
            top: y,
            left: x,
            right: x,
        }
    }
    fn add(&mut self, y: usize, x: usize) {
        self.top = self.top.min(y);
        self.left = self.left.min(x);
        self.right = self.right.max(x);
    }
}

/// w3m wraps cell text wherever the column ends, inside words and numbers:
/// lines join without a space, except between two English words.
fn needs_space(before: &str, after: &str) -> bool {
    let a = before.chars().next_back();
    let b = after.chars().next();
    a.is_some_and(|c| c.is_ascii_alphabetic()) && b.is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'r>(r: &'r Row) -> Vec<&'r str> {
        r.cells.iter().map(|c| &*c.text).collect()
    }

    const TABLE: &str = "三、收到和处理政府信息公开申请情况
┌──────────┬────┬────┬────┐
│          │自然│法人│总计│
│          │人  │    │    │
├──────────┼────┼────┼────┤
│一、本年新│23  │    │23  │
│收申请数量│    │    │    │
├────┬─────┼────┼────┼────┤
│三、│（一│7   │0   │7   │
│本年│）予│    │    │    │
│度办├─────┼────┼────┼────┤
│理结│（二│    │    │1   │
│果  │）部│    │    │    │
└────┴─────┴────┴────┴────┘
四、行政复议";

    #[test]
    fn spans_wraps_and_blank_cells() {
        let lines: Vec<&str> = TABLE.lines().collect();
        let rows = rows_with_box_tables(&lines).expect("a table");
        let got: Vec<Vec<&str>> = rows.iter().map(cells).collect();
        assert_eq!(
            got,
            vec![
                vec!["三、收到和处理政府信息公开申请情况"],
                vec!["", "", "自然人", "法人", "总计"],
                vec!["一、本年新收申请数量", "23", "", "23"],
                vec!["三、本年度办理结果", "（一）予", "7", "0", "7"],
                vec!["（二）部", "", "", "1"],
                vec!["四、行政复议"],
            ]
        );
        // A cell's line is where its text starts; a row's, its first text.
        assert_eq!(rows[2].line, 6);
        assert_eq!(rows[4].cells[0].line, 12);
        assert_eq!(rows[5].line, 15);
    }

    #[test]
    fn no_table_no_rows() {
        assert!(rows_with_box_tables(&["一、总体情况", "│ a │"]).is_none());
        for s in ["┌", "│", "├─┼", "│\u{300}│", "─│─\n│─│"] {
            let lines: Vec<&str> = s.lines().collect();
            let _ = rows_with_box_tables(&lines);
        }
    }
}
