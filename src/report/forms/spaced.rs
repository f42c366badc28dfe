//! Blank cells in space-aligned tables (`lynx -dump` of a table whose cells
//! hold plain text): a blank cell draws nothing, so the row's numbers read
//! left to right slide into the wrong columns (`71 3 0 0 74` for
//! `71 3 _ 0 0 _ 74`).
//!
//! The columns are still there in the spacing. lynx places every row of a
//! table at its own indent (the label cells before the values differ in
//! width), but the distances between value columns are the same in every row.
//! So the rows that hold a number in every column give the pattern of column
//! offsets; a row with fewer numbers is placed on that pattern at the one
//! shift where each of its numbers lands on a column, and the columns no
//! number landed on are blank. A row that fits no shift, or more than one, is
//! left as it was read: nothing is guessed.

use super::{Row, Tok};
use crate::report::text::looks_like_value;
use crate::width::width;
use std::borrow::Cow;

/// How far (display columns) a number may sit from its column's start.
const SLACK: usize = 1;

/// A row of numbers at the end of a space-separated line: the index of the
/// row, how many label cells come first, and each number's display column.
struct Numbers {
    row: usize,
    labels: usize,
    cols: Vec<usize>,
}

fn is_number(t: &str) -> bool {
    looks_like_value(t) && t.chars().any(|c| c.is_ascii_digit())
}

/// Put blank cells back into the rows of space-aligned tables (see the
/// module docs). `rows` were read from `lines` by the layout reader.
pub(crate) fn realign(lines: &[&str], rows: &mut [Row<'_>]) {
    // Tables are runs of lines without a blank line between them.
    let mut block_of = Vec::with_capacity(lines.len());
    let mut block = 0usize;
    for l in lines {
        if l.trim().is_empty() {
            block += 1;
        }
        block_of.push(block);
    }
    let mut blocks: Vec<(usize, Vec<Numbers>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(n) = numbers(lines, i, r) else {
            continue;
        };
        let b = r
            .line
            .checked_sub(1)
            .and_then(|l| block_of.get(l))
            .copied()
            .unwrap_or(usize::MAX);
        match blocks.last_mut() {
            Some((last, v)) if *last == b => v.push(n),
            _ => blocks.push((b, vec![n])),
        }
    }
    for (_, block) in blocks {
        let Some(pattern) = pattern(&block) else {
            continue;
        };
        for n in &block {
            if n.cols.len() >= pattern.len() {
                continue;
            }
            if let Some(place) = place(&n.cols, &pattern) {
                fill(&mut rows[n.row], n.labels, &place, pattern.len());
            }
        }
    }
}

/// The numbers ending row `i`, when it is a space-separated line.
fn numbers(lines: &[&str], i: usize, r: &Row<'_>) -> Option<Numbers> {
    if !r.tabular || r.cells.len() < 2 {
        return None;
    }
    let src = *lines.get(r.line.checked_sub(1)?)?;
    if src.contains('\t') || src.contains('|') {
        return None;
    }
    let values = r
        .cells
        .iter()
        .rev()
        .take_while(|c| is_number(&c.text))
        .count();
    if values == 0 {
        return None;
    }
    // Each number's place, found from the end of the line backwards.
    let mut end = src.len();
    let mut cols = Vec::with_capacity(values);
    for c in r.cells.iter().rev().take(values) {
        let at = src.get(..end)?.rfind(&*c.text)?;
        cols.push(width(src.get(..at)?));
        end = at;
    }
    cols.reverse();
    Some(Numbers {
        row: i,
        labels: r.cells.len() - values,
        cols,
    })
}

/// Column offsets from the first column, agreed by at least two rows that
/// have a number in every column (and by every such row).
fn pattern(block: &[Numbers]) -> Option<Vec<usize>> {
    let k = block.iter().map(|n| n.cols.len()).max()?;
    if k < 2 {
        return None;
    }
    let full: Vec<Vec<usize>> = block
        .iter()
        .filter(|n| n.cols.len() == k)
        .map(|n| n.cols.iter().map(|c| c - n.cols[0]).collect())
        .collect();
    let first = full.first()?;
    let agree = full
        .iter()
        .all(|p| p.iter().zip(first).all(|(a, b)| a.abs_diff(*b) <= SLACK));
    (full.len() >= 2 && agree && block.iter().any(|n| n.cols.len() < k)).then(|| first.clone())
}

/// The column of each number of a row with blanks: the one placement on the
/// pattern where every number lands on a column, in order.
fn place(cols: &[usize], pattern: &[usize]) -> Option<Vec<usize>> {
    let mut found: Option<Vec<usize>> = None;
    for j in 0..pattern.len() {
        let Some(shift) = cols[0].checked_sub(pattern[j]) else {
            continue;
        };
        let mut at = Vec::with_capacity(cols.len());
        let mut next = 0;
        for &c in cols {
            let Some(rel) = c.checked_sub(shift) else {
                break;
            };
            match (next..pattern.len()).find(|&k| pattern[k].abs_diff(rel) <= SLACK) {
                Some(k) => {
                    at.push(k);
                    next = k + 1;
                }
                None => break,
            }
        }
        if at.len() == cols.len() {
            if found.as_ref().is_some_and(|f| *f != at) {
                return None; // two placements: do not guess
            }
            found = Some(at);
        }
    }
    found
}

/// Rebuild a row's value cells: `k` columns, numbers at `place`, the rest blank.
fn fill(row: &mut Row<'_>, labels: usize, place: &[usize], k: usize) {
    let line = row.line;
    let values: Vec<Tok> = row.cells.drain(labels..).collect();
    let mut out: Vec<Tok> = (0..k)
        .map(|_| Tok {
            text: Cow::Borrowed(""),
            line,
            recovered: false,
            ..Tok::default()
        })
        .collect();
    for (v, &p) in values.into_iter().zip(place) {
        if let Some(slot) = out.get_mut(p) {
            *slot = v;
        }
    }
    row.cells.extend(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::forms::layout::rows_from_lines;

    /// Lines as lynx lays them out: each row at its own indent, the value
    /// columns at the same distances from each other.
    fn lynx_row(label: &str, base: usize, values: &[&str]) -> String {
        const AT: [usize; 7] = [0, 5, 12, 19, 27, 35, 38];
        let mut line = format!("   {label}");
        let w = crate::width::width(&line);
        line.push_str(&" ".repeat(base.saturating_sub(w)));
        let mut col = base;
        for (v, at) in values.iter().zip(AT) {
            if v.is_empty() {
                continue;
            }
            line.push_str(&" ".repeat(base + at - col));
            line.push_str(v);
            col = base + at + v.len();
        }
        line
    }

    #[test]
    fn blank_cells_return_to_their_columns() {
        let lines = [
            lynx_row(
                "一、本年新收政府信息公开申请数量",
                78,
                &["71", "3", "", "0", "0", "", "74"],
            ),
            lynx_row(
                "二、上年结转政府信息公开申请数量",
                78,
                &["1", "0", "0", "0", "0", "0", "1"],
            ),
            lynx_row("（一）予以公开", 40, &["21", "", "0", "0", "", "0", "21"]),
            lynx_row(
                "（二）部分公开（区分处理的）",
                60,
                &["8", "1", "0", "0", "0", "0", "9"],
            ),
            lynx_row("1.属于国家秘密", 44, &["", "0", "0", "", "0", "0", ""]),
        ];
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut rows = rows_from_lines(&lines);
        realign(&lines, &mut rows);
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().skip(1).map(|c| &*c.text).collect())
            .collect();
        assert_eq!(cells[0], ["71", "3", "", "0", "0", "", "74"]);
        assert_eq!(cells[1], ["1", "0", "0", "0", "0", "0", "1"]);
        assert_eq!(cells[2], ["21", "", "0", "0", "", "0", "21"]);
        assert_eq!(cells[4], ["", "0", "0", "", "0", "0", ""]);
    }

    /// Without two full rows to learn the columns from, nothing changes.
    #[test]
    fn no_pattern_no_change() {
        let text = "规章  1  2  3\n行政许可  4    6";
        let lines: Vec<&str> = text.lines().collect();
        let mut rows = rows_from_lines(&lines);
        let before = rows.clone();
        realign(&lines, &mut rows);
        assert_eq!(rows, before);
    }
}
