//! Readers of the forms a report is published in, other than plain text:
//! Word (DOCX, DOC) and saved web pages (MHT). Each yields the *rendered*
//! document (TEAM.md, "the reader contract"): the text a person sees, one
//! line per paragraph or table row, and the rows of cells the reader already
//! knows, so that table structure is not lost by going through text. The
//! parser reads those rows exactly as it reads the rows of any other layout,
//! and `line` numbers point into the rendered text, which becomes
//! [`Report::lines`](super::Report) for the TUI's source strip.
//!
//! A file a reader cannot read gives the reason, which the parser turns into
//! one META-1 finding; no reader panics on any input.

pub(crate) mod doc;
pub(crate) mod docx;
pub(crate) mod dump;
pub(crate) mod flat_lines;
pub(crate) mod mht;
pub(crate) mod spaced;

use super::layout::{Row, Tok};
use std::borrow::Cow;

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
pub(crate) fn read(path: &str, bytes: &[u8]) -> Option<Read> {
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
