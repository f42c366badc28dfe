//! Rows → [`Report`]: title, year, agency, the six sections, and the three
//! standard tables mapped onto the cell ids of SPEC §13.1.
//!
//! Tables are read as a stream of cells anchored on row labels rather than as
//! a grid: a value run belongs to the label cells just before it. This is what
//! lets one reader serve tab-separated, one-cell-per-line, pipe, markdown,
//! `pdftotext -layout` and HTML input, and it tolerates the artefacts of SPEC
//! §5 (broken and vertical labels, omitted group labels, padded or unpadded
//! spans, extra empty cells) without special cases per layout.
//!
//! The parser records what it saw (labels as written, headers, shape
//! problems, template markers) and leaves every judgement to the rules.

mod place;
mod regions;
mod sections;
mod stream;
mod tables;

use super::decode::decode;
use super::forms::{self, Read, Row};
use super::template::norm::norm_into;
use super::{Lines, Report};
use std::cell::RefCell;

/// Parse one file's bytes into a Report. Never panics; a file that is not a
/// readable report comes back with `notes.fatal` set.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Report {
    let mut report = Report::empty(path);
    // Word and MHT files are told by their bytes and read before decoding.
    match forms::read_bytes(path, bytes) {
        Some(Read::Rendered(r)) => {
            report.encoding = r.encoding;
            report.lines = Lines::new(&r.text);
            Parser::new(&mut report, &r.rows).run();
            return report;
        }
        Some(Read::Html { html, encoding }) => {
            report.encoding = encoding;
            let (rendered, rows) = forms::html::render_html(&html);
            report.lines = Lines::new(&rendered);
            Parser::new(&mut report, &rows).run();
            return report;
        }
        Some(Read::Unreadable(why)) => {
            report.notes.fatal = Some(why);
            return report;
        }
        None => {}
    }
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(msg) => {
            report.notes.fatal = Some(msg);
            return report;
        }
    };
    report.encoding = decoded.encoding;
    report.notes.decoding = decoded.notes;
    parse_text_into(&mut report, path, &decoded.text);
    report
}

/// Parse already-decoded text (used by tests and by `parse_bytes`).
pub fn parse_text(path: &str, text: &str) -> Report {
    let mut report = Report::empty(path);
    parse_text_into(&mut report, path, text);
    report
}

fn parse_text_into(report: &mut Report, path: &str, text: &str) {
    // Split once; every reader below walks the same lines.
    let lines: Vec<&str> = text.lines().collect();
    let read = forms::read(path, text, &lines);
    match read.rendered {
        Some((rendered, origin)) => {
            report.lines = Lines::new(&rendered);
            report.origin = origin;
        }
        None => report.lines = Lines::from_split(text, &lines),
    }
    Parser::new(report, &read.rows).run();
}

pub(super) struct Parser<'a> {
    pub(super) report: &'a mut Report,
    pub(super) rows: &'a [Row<'a>],
    /// Every cell normalised once: the region search, the template markers
    /// and the label reader all compare normalised cells, and normalising
    /// the same cell again in each was a large part of parse time (issue 5).
    pub(super) normed: Normed<'a>,
    /// Row index of every matched section heading: (row index, ordinal).
    pub(super) headings: Vec<(usize, u8)>,
}

/// The [`norm`] of every cell, computed for a row the first time the row is
/// looked at and kept in one buffer. Only the rows the searches reach are
/// normalised: the narrative of section 一 before table 二 is never looked
/// at in most reports, and it is a good part of the text.
pub(super) struct Normed<'r> {
    pub(super) rows: &'r [Row<'r>],
    inner: RefCell<NormedBuf>,
}

pub(super) struct NormedBuf {
    buf: String,
    /// Byte range in `buf` of each normalised cell.
    spans: Vec<(usize, usize)>,
    /// Range in `spans` of each row's cells, once normalised.
    by_row: Vec<Option<(usize, usize)>>,
}

impl<'r> Normed<'r> {
    pub(super) fn new(rows: &'r [Row<'r>]) -> Normed<'r> {
        Normed {
            rows,
            inner: RefCell::new(NormedBuf {
                buf: String::new(),
                spans: Vec::new(),
                by_row: vec![None; rows.len()],
            }),
        }
    }

    /// Normalise row `i` if not done yet; its range in `spans` (`None` when
    /// out of range).
    pub(super) fn ensure(&self, i: usize) -> Option<(usize, usize)> {
        let done = self.inner.borrow().by_row.get(i).copied().flatten();
        if done.is_some() {
            return done;
        }
        let row = self.rows.get(i)?;
        let mut guard = self.inner.borrow_mut();
        let n = &mut *guard;
        let first = n.spans.len();
        for c in &row.cells {
            let a = n.buf.len();
            norm_into(&c.text, &mut n.buf);
            n.spans.push((a, n.buf.len()));
        }
        let range = (first, n.spans.len());
        if let Some(slot) = n.by_row.get_mut(i) {
            *slot = Some(range);
        }
        Some(range)
    }

    /// Whether a normalised cell of row `i` satisfies `f`.
    pub(super) fn any_cell(&self, i: usize, mut f: impl FnMut(&str) -> bool) -> bool {
        let Some((a, b)) = self.ensure(i) else {
            return false;
        };
        let n = self.inner.borrow();
        n.spans[a..b].iter().any(|&(x, y)| f(&n.buf[x..y]))
    }

    /// `f(j, normalised cell j)` for every cell of row `i`.
    pub(super) fn for_each_cell(&self, i: usize, mut f: impl FnMut(usize, &str)) {
        let Some((a, b)) = self.ensure(i) else {
            return;
        };
        let n = self.inner.borrow();
        for (j, &(x, y)) in n.spans[a..b].iter().enumerate() {
            f(j, &n.buf[x..y]);
        }
    }

    /// `f` of the normalised text of cell `j` of row `i` (empty when out of
    /// range).
    pub(super) fn cell_is(&self, i: usize, j: usize, f: impl FnOnce(&str) -> bool) -> bool {
        let range = self.ensure(i);
        let n = self.inner.borrow();
        let text = range
            .and_then(|(a, b)| n.spans[a..b].get(j))
            .map_or("", |&(x, y)| &n.buf[x..y]);
        f(text)
    }
}

impl<'a> Parser<'a> {
    fn new(report: &'a mut Report, rows: &'a [Row]) -> Self {
        Parser {
            report,
            rows,
            normed: Normed::new(rows),
            headings: Vec::new(),
        }
    }

    fn run(mut self) {
        self.title();
        self.period();
        self.find_headings();
        let regions = self.regions();
        self.sections(&regions);
        self.tables(&regions);
        self.unmatched_headings(&regions);
    }
}
