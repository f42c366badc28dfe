//! One reader per published form of a report. Each turns the decoded text
//! into the same thing, a sequence of [`Row`]s of [`Tok`] cells with their
//! source lines, so the parser downstream never asks which form it read.
//!
//! The reader contract (TEAM.md): a reader yields the rendered text (one
//! line per visual line, paragraph, table row or block; it becomes
//! `Report.lines`), optionally the rows of cells it already knows, and where
//! each line is in the file the user holds. A file a reader cannot read
//! comes back as a reason, never a panic. New forms are new files here and
//! one arm in [`read`].
//!
//! Today's forms are all text: HTML ([`html`]), flattened web text whose
//! cells lost their separators ([`flat`]), and the plain-text layouts
//! (tabs, one cell per line, pipes, markdown, `pdftotext -layout` columns;
//! [`layout`]).

pub mod flat;
pub(crate) mod html;
pub(crate) mod layout;

use std::borrow::Cow;

/// One cell's text and the 1-based source line it came from. The text
/// borrows from the decoded file where a reader can (plain-text layouts),
/// so that splitting a file into cells copies nothing. A reader builds
/// one with `Tok { text, line, ..Tok::default() }`: both flags are for the
/// flat reader's verdicts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tok<'a> {
    pub text: Cow<'a, str>,
    pub line: usize,
    /// The value was recovered from flattened text by splitting a digit run
    /// (see `flat`), not read from a separated cell.
    pub recovered: bool,
    /// A value cell whose digits flattened text could not split with
    /// certainty: it holds no value, and `text` says what was there and why
    /// (`898989 拆分不唯一（2种）`). The parser leaves the cell absent and
    /// records a shape error for its row (STRUCT-6).
    pub uncertain: bool,
}

/// One source line (or one HTML `<tr>`/block) as cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// 1-based line of the row's first cell.
    pub line: usize,
    /// The line's text for narrative use (markdown `#`, `|` and tabs removed).
    pub text: Cow<'a, str>,
    pub cells: Vec<Tok<'a>>,
    /// The row ends a table row (a tab/pipe/space-separated line, `</tr>`, a
    /// blank line between one-cell-per-line rows, a `||` line).
    pub brk: bool,
    /// The row was a table row in its source (tabs, pipes, `<tr>`), as opposed
    /// to a narrative line.
    pub tabular: bool,
}

impl<'a> Row<'a> {
    /// A table row: its cells, and its text for narrative use (the non-empty
    /// cells joined by spaces). Every reader builds table rows through this.
    pub fn table(line: usize, cells: Vec<Tok<'a>>, brk: bool) -> Row<'a> {
        let mut non_empty = cells.iter().filter(|c| !c.text.is_empty());
        let text = match (non_empty.next(), non_empty.next()) {
            (None, _) => Cow::Borrowed(""),
            // One cell: its text as it is (no copy when borrowed).
            (Some(c), None) => c.text.clone(),
            _ => Cow::Owned(
                cells
                    .iter()
                    .map(|c| &*c.text)
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        Row {
            line,
            text,
            cells,
            brk,
            tabular: true,
        }
    }
}

/// The rows of a decoded text, by the reader its form needs: HTML by the
/// file name or its markup, then flattened text when a line of it looks
/// flattened, else the plain-text layouts. `lines` is `text` split by
/// [`str::lines`] (the parser splits once and shares them).
pub(crate) fn read<'a>(path: &str, text: &'a str, lines: &[&'a str]) -> Vec<Row<'a>> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || html::looks_like_html(text) {
        html::rows_from_html(text)
    } else if let Some(rows) = flat::rows_from_flat_lines(text, lines) {
        rows
    } else {
        layout::rows_from_lines(lines)
    }
}
