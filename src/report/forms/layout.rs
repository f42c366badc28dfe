//! Text → rows of cells, whichever layout the file uses.
//!
//! The same table reaches us in very different shapes: tab-separated rows
//! (Word → text), one cell per line with blank lines between rows (web copy),
//! `cell |` lines with `||` runs (another web export), GitHub markdown pipe
//! tables, `pdftotext -layout` columns separated by runs of spaces, and HTML.
//! This module flattens each of them into the same thing: a sequence of
//! [`Row`]s, each holding the cells found on one source line and whether the
//! line ends a table row. The parser then reads tables as a *stream* of cells
//! anchored on row labels, which is what makes one parser serve every layout:
//! a broken label (`（三）不予` / `公开`) or a row split over several lines
//! is just more cells in the stream.

use super::{Row, Tok};
use crate::report::text::looks_like_value;
use std::borrow::Cow;

/// How a text file lays out table cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every line is a cell or a whole row; tabs, pipes or spaces split cells.
    Lines,
    /// One cell per tab-indented line, blank lines between rows (sample 001).
    CellPerLine,
}

/// Decide the mode of a text split into lines: one-cell-per-line files have
/// many lines that are a single tab-indented cell and almost no lines with a
/// tab in the middle.
pub fn detect_mode_lines(lines: &[&str]) -> Mode {
    let mut single = 0usize;
    let mut multi = 0usize;
    for l in lines {
        let tabs = l.bytes().filter(|&b| b == b'\t').count();
        if tabs == 0 {
            continue;
        }
        if tabs == 1 && l.starts_with('\t') {
            single += 1;
        } else if l.trim_matches('\t').contains('\t') {
            multi += 1;
        }
    }
    if single >= 20 && single > multi * 5 {
        Mode::CellPerLine
    } else {
        Mode::Lines
    }
}

/// Read a plain-text (or markdown) report into rows.
pub fn rows_from_text(text: &str) -> Vec<Row<'_>> {
    let lines: Vec<&str> = text.lines().collect();
    rows_from_lines(&lines)
}

/// [`rows_from_text`] on a text already split into lines (the parser splits
/// every file once and shares the lines).
pub fn rows_from_lines<'a>(lines: &[&'a str]) -> Vec<Row<'a>> {
    let mode = detect_mode_lines(lines);
    let mut rows = Vec::with_capacity(lines.len());
    for (i, &raw) in lines.iter().enumerate() {
        let line = i + 1;
        match mode {
            Mode::CellPerLine => cell_per_line(raw, line, &mut rows),
            Mode::Lines => one_line(raw, line, &mut rows),
        }
    }
    rows
}

fn cell_per_line<'a>(raw: &'a str, line: usize, rows: &mut Vec<Row<'a>>) {
    if raw.trim().is_empty() && !raw.contains('\t') {
        rows.push(brk(line));
        return;
    }
    if let Some(cell) = raw.strip_prefix('\t') {
        rows.push(Row {
            line,
            text: Cow::Borrowed(cell.trim()),
            cells: vec![tok(cell, line)],
            brk: false,
            tabular: true,
        });
    } else {
        // A narrative line, or the continuation of a label that a blank line
        // broke (`（三）不予` / blank / `公开`).
        rows.push(Row {
            line,
            text: Cow::Borrowed(raw.trim()),
            cells: vec![tok(raw, line)],
            brk: false,
            tabular: false,
        });
    }
}

fn one_line<'a>(raw: &'a str, line: usize, rows: &mut Vec<Row<'a>>) {
    let t = raw.trim();
    if t.is_empty() {
        return;
    }
    if is_separator(t) {
        rows.push(brk(line));
        return;
    }
    if raw.contains('\t') {
        if wider_than_any_table(raw, b'\t') {
            rows.push(narrative(t, line));
            return;
        }
        let cells: Vec<Tok> = raw.split('\t').map(|c| tok(c, line)).collect();
        rows.push(Row::table(line, cells, true));
        return;
    }
    if t.contains('|') {
        if t.chars().all(|c| c == '|' || c.is_whitespace()) {
            rows.push(brk(line));
            return;
        }
        if wider_than_any_table(t, b'|') {
            rows.push(narrative(t, line));
            return;
        }
        if t.starts_with('|') {
            // GitHub pipe table row: `| a | b |`.
            let inner = t.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<Tok> = inner.split('|').map(|c| tok(c, line)).collect();
            rows.push(Row::table(line, cells, true));
            return;
        }
        if t.ends_with('|') {
            // `cell |` lines (sample 003): cells continue on the next line.
            let inner = t.trim_end_matches('|');
            let cells: Vec<Tok> = inner.split('|').map(|c| tok(c, line)).collect();
            rows.push(Row::table(line, cells, t.ends_with("||")));
            return;
        }
    }
    let text = strip_markdown_str(t);
    let cells = split_spaced(text, line);
    let tabular = cells.len() > 1;
    rows.push(Row {
        line,
        text: Cow::Borrowed(text),
        cells,
        brk: tabular,
        tabular,
    });
}

/// No row of any template's table is this many cells wide. A longer tab,
/// pipe or space separated line is a dump, not a table row, and is read as
/// one narrative line: split, each of its cells costs 40 bytes on top of its
/// text (a 19 MB line of tab-separated numbers peaked at 390 MB, issue 10).
pub(crate) const MAX_ROW_CELLS: usize = 256;

fn wider_than_any_table(line: &str, sep: u8) -> bool {
    // A line shorter than that many separators cannot have them.
    line.len() >= MAX_ROW_CELLS && line.bytes().filter(|&b| b == sep).count() >= MAX_ROW_CELLS
}

/// A line read as narrative text: one cell, borrowed.
fn narrative(t: &str, line: usize) -> Row<'_> {
    Row {
        line,
        text: Cow::Borrowed(t),
        cells: vec![tok(t, line)],
        brk: false,
        tabular: false,
    }
}

/// Split a line of `pdftotext -layout` (or space-separated) text into a label
/// and its trailing values: `一、本年新收…数量    21    0   0` → label + 3 cells.
/// A line without trailing numbers stays one cell.
pub fn split_spaced(text: &str, line: usize) -> Vec<Tok<'_>> {
    // Most lines (narrative) do not end in a number: look at the last token
    // alone before splitting the whole line.
    let last = text
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    if last.is_empty() || !is_number_token(last) {
        return vec![tok(text, line)];
    }
    // Counted from the end without collecting: a line of millions of
    // numbers is no table row (see [`MAX_ROW_CELLS`]). A line shorter than
    // two bytes a number cannot hold that many.
    if text.len() >= 2 * MAX_ROW_CELLS {
        let trailing = text
            .split_whitespace()
            .rev()
            .take_while(|t| is_number_token(t))
            .take(MAX_ROW_CELLS)
            .count();
        if trailing >= MAX_ROW_CELLS {
            return vec![tok(text, line)];
        }
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut first_value = tokens.len();
    while first_value > 0 && is_number_token(tokens[first_value - 1]) {
        first_value -= 1;
    }
    if first_value == tokens.len() {
        return vec![tok(text, line)];
    }
    let mut cells = Vec::with_capacity(tokens.len() - first_value + 1);
    if first_value == 1 {
        cells.push(tok(tokens[0], line));
    } else if first_value > 1 {
        cells.push(Tok {
            text: Cow::Owned(tokens[..first_value].join(" ")),
            line,
            ..Tok::default()
        });
    }
    for t in &tokens[first_value..] {
        cells.push(tok(t, line));
    }
    cells
}

fn is_number_token(t: &str) -> bool {
    let t = t.trim();
    // `1.` / `2、` are list numbering and `-3-` a page footer, not values.
    if t.ends_with('.') || t.ends_with('、') || (t.starts_with('-') && t.ends_with('-')) {
        return false;
    }
    // `looks_like_value` first: it rejects text at its first character that
    // can be no value, where `is_numeric` would scan the whole line.
    looks_like_value(t) && t.chars().any(char::is_numeric)
}

/// `|---|---|`, `---\t---`, `-------------`, `====`: markdown/ASCII rules.
/// (At least three bytes of rule characters once whitespace, `|` and `:` are
/// dropped; one pass, no copy: this runs on every line.)
pub fn is_separator(t: &str) -> bool {
    let mut bytes = 0usize;
    for c in t.chars() {
        if c.is_whitespace() || c == '|' || c == ':' {
            continue;
        }
        if !matches!(c, '-' | '=' | '—') {
            return false;
        }
        bytes += c.len_utf8();
    }
    bytes >= 3
}

/// Markdown heading marks and emphasis around a line.
pub fn strip_markdown(t: &str) -> String {
    strip_markdown_str(t).to_string()
}

/// [`strip_markdown`] as a slice of its input (no allocation).
pub fn strip_markdown_str(t: &str) -> &str {
    let t = t.trim_start_matches('#').trim();
    let t = t.trim_start_matches('>').trim();
    let t = t.strip_prefix("**").unwrap_or(t);
    let t = t.strip_suffix("**").unwrap_or(t);
    t.trim()
}

fn tok(s: &str, line: usize) -> Tok<'_> {
    Tok {
        text: Cow::Borrowed(s.trim()),
        line,
        ..Tok::default()
    }
}

fn brk(line: usize) -> Row<'static> {
    Row {
        line,
        text: Cow::Borrowed(""),
        cells: Vec::new(),
        brk: true,
        tabular: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'r>(r: &'r Row) -> Vec<&'r str> {
        r.cells.iter().map(|c| &*c.text).collect()
    }

    #[test]
    fn tab_rows_keep_empty_cells() {
        let rows = rows_from_text("二、上年结转\t\t0\t1\t\n");
        assert_eq!(texts(&rows[0]), vec!["二、上年结转", "", "0", "1", ""]);
        assert!(rows[0].brk);
    }

    #[test]
    fn pipe_cells_and_gfm() {
        let rows = rows_from_text("规章 |\n0 |\n|||\n| 行政许可 | 5 |\n|---|---|\n");
        assert_eq!(texts(&rows[0]), vec!["规章"]);
        assert!(!rows[0].brk);
        assert!(rows[2].brk && rows[2].cells.is_empty());
        assert_eq!(texts(&rows[3]), vec!["行政许可", "5"]);
        assert!(rows[4].brk && rows[4].cells.is_empty());
    }

    #[test]
    fn spaced_columns_split_trailing_numbers() {
        let rows = rows_from_text("一、本年新收政府信息公开申请数量      21    0   0\n");
        assert_eq!(
            texts(&rows[0]),
            vec!["一、本年新收政府信息公开申请数量", "21", "0", "0"]
        );
        let rows = rows_from_text("2.重复申请 0 0\n1. 属于国家秘密\n-3-\n");
        assert_eq!(texts(&rows[0]), vec!["2.重复申请", "0", "0"]);
        assert_eq!(texts(&rows[1]), vec!["1. 属于国家秘密"]);
        assert_eq!(texts(&rows[2]), vec!["-3-"]);
    }

    #[test]
    fn one_cell_per_line_is_detected() {
        let mut s = String::from("标题\n");
        for _ in 0..30 {
            s.push_str("\t规章\n\t0\n\n");
        }
        assert_eq!(
            detect_mode_lines(&s.lines().collect::<Vec<_>>()),
            Mode::CellPerLine
        );
        let rows = rows_from_text(&s);
        assert_eq!(texts(&rows[1]), vec!["规章"]);
        assert!(rows[3].brk);
    }

    #[test]
    fn separators() {
        assert!(is_separator("|---|---|"));
        assert!(is_separator("-------------\t---\t---"));
        assert!(!is_separator("-3-"));
    }
}
