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
//! Text forms: HTML ([`html`]), flattened web text whose cells lost their
//! separators ([`flat`], rendered one row per line by [`flat_lines`]),
//! `w3m -dump` box-drawn tables ([`dump`]), space-aligned tables with blank
//! cells ([`spaced`]), and the plain-text layouts (tabs, one cell per line,
//! pipes, markdown, `pdftotext -layout` columns; [`layout`]). Forms told by
//! their bytes, read by [`read_bytes`] before any decoding: Word (DOCX
//! [`docx`], DOC [`doc`]) and saved pages (MHT [`mht`]).

pub(crate) mod doc;
pub(crate) mod docx;
pub(crate) mod dump;
pub mod flat;
pub(crate) mod flat_lines;
pub(crate) mod html;
pub(crate) mod layout;
pub(crate) mod mht;
pub(crate) mod spaced;

use super::Origin;
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

/// What reading a text gave: its rows, and when the text a person reads is
/// not the decoded text itself (HTML, flattened text), that rendered text
/// and where its lines are in the file.
pub(crate) struct TextRead<'a> {
    pub(crate) rows: Vec<Row<'a>>,
    pub(crate) rendered: Option<(String, Origin)>,
}

/// The rows of a decoded text, by the reader its form needs: HTML by the
/// file name or its markup, then box-drawn tables (w3m), then flattened
/// text when a line of it looks flattened, else the plain-text layouts.
/// `lines` is `text` split by [`str::lines`] (the parser splits once and
/// shares them).
pub(crate) fn read<'a>(path: &str, text: &'a str, lines: &[&'a str]) -> TextRead<'a> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || html::looks_like_html(text) {
        // The rendered page, not its source, is what a person reads and
        // what `line` numbers point into.
        let (rendered, rows) = html::render_html(text);
        TextRead {
            rows,
            rendered: Some((rendered, Origin::File)),
        }
    } else if let Some(rows) = dump::rows_with_box_tables(lines) {
        TextRead {
            rows,
            rendered: None,
        }
    } else if let Some(mut rows) = flat::rows_from_flat_lines(text, lines) {
        // One rendered line per row, each a window of the long line.
        let rendered = flat_lines::render(lines, &mut rows);
        TextRead {
            rows,
            rendered: Some(rendered),
        }
    } else {
        let mut rows = layout::rows_from_lines(lines);
        spaced::realign(lines, &mut rows);
        TextRead {
            rows,
            rendered: None,
        }
    }
}

/// A document as a reader rendered it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rendered {
    /// The encoding the text was stored in (`UTF-8` for DOCX, the charset
    /// of the HTML part of an MHT file…), for the report's `encoding`.
    pub(crate) encoding: &'static str,
    /// The rendered text: lines joined by `\n`, none holding a `\n`.
    pub(crate) text: String,
    /// The rows of cells the parser reads; every `line` is a line of `text`.
    pub(crate) rows: Vec<Row<'static>>,
}

/// What reading a file in one of these forms gave.
pub(crate) enum Read {
    /// Rendered rows, for the parser.
    Rendered(Rendered),
    /// An HTML page taken out of its container (MHT): read as any HTML page.
    Html {
        html: String,
        encoding: &'static str,
    },
    /// The file is in this form but cannot be read: why (a META-1 finding).
    Unreadable(String),
}

/// Read `bytes` when they are in one of the forms of this module; `None`
/// for text (plain, markdown, HTML), which the layout readers take.
///
/// The form is told by the bytes where they say it (a zip archive is never
/// text); the file name decides only for MHT, whose MIME headers are text.
pub(crate) fn read_bytes(path: &str, bytes: &[u8]) -> Option<Read> {
    if docx::is_zip(bytes) {
        return Some(docx::read(bytes));
    }
    if doc::is_cfb(bytes) {
        return Some(doc::read(bytes));
    }
    if mht::is_mht(path, bytes) {
        return Some(mht::read(bytes));
    }
    None
}

/// Builds rendered text and rows line by line (Word readers: one line per
/// paragraph or table row, empty paragraphs kept so that line `n` is the
/// `n`th paragraph or row of the document).
#[derive(Debug, Default)]
pub(crate) struct Render {
    text: String,
    lines: usize,
    rows: Vec<Row<'static>>,
}

impl Render {
    /// Append one line of text (line breaks and control characters become
    /// spaces); its 1-based number.
    fn line(&mut self, s: &str) -> usize {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.text
            .extend(s.chars().map(|c| if c.is_control() { ' ' } else { c }));
        self.lines += 1;
        self.lines
    }

    /// A paragraph outside tables: a line, and a narrative row when it has text.
    pub(crate) fn para(&mut self, s: &str) {
        let t = s.trim();
        let line = self.line(t);
        if !t.is_empty() {
            self.rows.push(text_row(line, t));
        }
    }

    /// A table row: its cells (blank cells kept in their columns).
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        let line = self.line(&row_text(cells.iter().map(String::as_str)));
        let toks = cells
            .into_iter()
            .map(|c| Tok {
                text: Cow::Owned(c),
                line,
                recovered: false,
                ..Tok::default()
            })
            .collect();
        self.rows.push(Row::table(line, toks, true));
    }

    pub(crate) fn finish(self, encoding: &'static str) -> Rendered {
        Rendered {
            encoding,
            text: self.text,
            rows: self.rows,
        }
    }
}

/// A narrative row of one cell.
fn text_row(line: usize, t: &str) -> Row<'static> {
    Row {
        line,
        text: Cow::Owned(t.to_string()),
        cells: vec![Tok {
            text: Cow::Owned(t.to_string()),
            line,
            recovered: false,
            ..Tok::default()
        }],
        brk: false,
        tabular: false,
    }
}

/// How a table row reads in the rendered text: its cells between `|`, blank
/// cells kept, so the source strip shows which column a value sits in.
pub(crate) fn row_text<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (i, c) in cells.enumerate() {
        if i > 0 {
            s.push_str(" | ");
        }
        s.push_str(c.trim());
    }
    s.trim_end().to_string()
}

/// Number rows 1, 2, 3… (each row one line, every cell on its row's line)
/// and render them: the rendered text of readers that find rows first
/// (HTML, whose source lines mean nothing to a person reading the page).
pub(crate) fn render_rows(rows: &mut [Row<'_>]) -> String {
    let mut text = String::new();
    for (i, row) in rows.iter_mut().enumerate() {
        let line = i + 1;
        row.line = line;
        for c in &mut row.cells {
            c.line = line;
        }
        if i > 0 {
            text.push('\n');
        }
        let shown = if row.tabular {
            Cow::Owned(row_text(row.cells.iter().map(|c| &*c.text)))
        } else {
            Cow::Borrowed(&*row.text)
        };
        text.extend(shown.chars().map(|c| if c.is_control() { ' ' } else { c }));
    }
    text
}
