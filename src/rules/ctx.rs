//! What every rule family reads besides the report itself, built once per
//! report (or once per process) instead of once per rule.
//!
//! * [`Ctx`]: the report plus an index of its cells by (row, col). The rules
//!   look up a few hundred cells per report (every sum identity, the culprit
//!   search, the text rules); `Table::cell` is a linear scan over ~200 cells,
//!   and those scans were a tenth of the checker's time. `Ctx` derefs to
//!   [`Report`], so a rule reads fields as before and only its lookups change.
//! * [`Ctx::sentences`]: a section's sentences, split once for the text
//!   rules and STRUCT-11 alike.
//! * [`Ctx::header_norms`]: a table's header texts normalised once for the
//!   label, order and template-marker rules.
//! * [`rows`]: the template rows of a table, kept for the life of the process
//!   (`schema::rows` builds a fresh `Vec` on every call).

use super::narrative::{sentences, Sentence};
use crate::report::schema::{self, ColDef, RowDef, Template};
use crate::report::text::norm;
use crate::report::{Cell, CellId, Report, Section, Table, TableId, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::rc::Rc;
use std::sync::OnceLock;

/// A small multiplicative hasher for the short ids of the cell index
/// (`R3.2`, `CT`): SipHash's DoS resistance buys nothing for keys that come
/// from the schema, and it cost more than the lookups it served.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The cells of one table by (row, col); the first cell wins, as in
/// [`Table::cell`].
#[derive(Default)]
struct TableIndex<'a> {
    cells: IdMap<(&'a str, &'a str), &'a Cell>,
}

impl<'a> TableIndex<'a> {
    fn new(t: Option<&'a Table>) -> Self {
        let Some(t) = t else {
            return TableIndex::default();
        };
        let mut cells: IdMap<(&'a str, &'a str), &'a Cell> = IdMap::default();
        cells.reserve(t.cells.len());
        for c in &t.cells {
            cells.entry((&c.id.row, &c.id.col)).or_insert(c);
        }
        TableIndex { cells }
    }
}

/// A report with its cells indexed: what the rules are given.
pub struct Ctx<'a> {
    pub report: &'a Report,
    tables: [TableIndex<'a>; 3],
    /// Sections split into sentences so far, by ordinal.
    split: RefCell<Vec<(u8, Rc<Vec<NarrSentence>>)>>,
    /// `norm` of each header text of table 二, 三, 四, once asked for.
    headers: RefCell<[Option<Rc<Vec<String>>>; 3]>,
}

/// A sentence and its text without whitespace (what the text patterns read).
pub struct NarrSentence {
    pub sent: Sentence,
    pub bare: String,
}

impl<'a> Ctx<'a> {
    pub fn new(report: &'a Report) -> Self {
        Ctx {
            report,
            tables: [
                TableIndex::new(report.t2.as_ref()),
                TableIndex::new(report.t3.as_ref()),
                TableIndex::new(report.t4.as_ref()),
            ],
            split: RefCell::new(Vec::new()),
            headers: RefCell::new([None, None, None]),
        }
    }

    /// `norm(h.text)` for every header of the report's table `id`, in order
    /// (empty when the table is missing).
    pub fn header_norms(&self, id: TableId) -> Rc<Vec<String>> {
        let slot = id.index();
        if let Some(v) = self.headers.borrow().get(slot).and_then(|v| v.clone()) {
            return v;
        }
        let v: Rc<Vec<String>> = Rc::new(
            self.report
                .table(id)
                .map(|t| t.headers.iter().map(|h| norm(&h.text)).collect())
                .unwrap_or_default(),
        );
        if let Some(s) = self.headers.borrow_mut().get_mut(slot) {
            *s = Some(v.clone());
        }
        v
    }

    /// The sentences of a section ([`sentences`]), split on first use and
    /// kept by ordinal: several rules read the same sections, and splitting
    /// (NFKC, line lookup) is the costly part.
    pub fn sentences(&self, s: &Section) -> Rc<Vec<NarrSentence>> {
        if let Some((_, v)) = self.split.borrow().iter().find(|(o, _)| *o == s.ordinal) {
            return v.clone();
        }
        let v: Rc<Vec<NarrSentence>> = Rc::new(
            sentences(self.report, s)
                .into_iter()
                .map(|sent| NarrSentence {
                    bare: without_whitespace(&sent.text),
                    sent,
                })
                .collect(),
        );
        self.split.borrow_mut().push((s.ordinal, v.clone()));
        v
    }

    fn index(&self, table: TableId) -> &TableIndex<'a> {
        &self.tables[table.index()]
    }

    /// Same as [`Report::cell`], without the scan.
    pub fn cell(&self, id: &CellId) -> Option<&'a Cell> {
        self.cell_at(id.table, &id.row, &id.col)
    }

    /// Same as `report.table(table)?.cell(row, col)`, without the scan.
    pub fn cell_at(&self, table: TableId, row: &str, col: &str) -> Option<&'a Cell> {
        self.index(table).cells.get(&(row, col)).copied()
    }

    /// Same as [`Report::value`], without the scan.
    pub fn value(&self, id: &CellId) -> &'a Value {
        self.cell(id).map(|c| &c.value).unwrap_or(&Value::Absent)
    }

    /// Same as `report.table(table)?.value(row, col)`, without the scan.
    pub fn value_at(&self, table: TableId, row: &str, col: &str) -> &'a Value {
        self.cell_at(table, row, col)
            .map(|c| &c.value)
            .unwrap_or(&Value::Absent)
    }
}

/// `t` without whitespace, sized once: most sentences have none, and a
/// char-by-char `collect` grew each string by reallocation.
fn without_whitespace(t: &str) -> String {
    if !t.contains(char::is_whitespace) {
        return t.to_string();
    }
    let mut s = String::with_capacity(t.len());
    s.extend(t.chars().filter(|c| !c.is_whitespace()));
    s
}

impl Deref for Ctx<'_> {
    type Target = Report;
    fn deref(&self) -> &Report {
        self.report
    }
}

/// [`schema::rows`] (kept for the rules that call it here; the schema's
/// rows are `&'static` and need no cache).
pub(crate) fn rows(table: TableId, t: Template) -> &'static [RowDef] {
    schema::rows(table, t)
}

/// Where a template sits in the per-process caches below, which are built
/// as `TableId::ALL × [V2019, V2021]`.
fn template_slot(t: Template) -> usize {
    match t {
        Template::V2019 => 0,
        Template::V2021 => 1,
    }
}

/// The template rows of [`rows`] by id (the first of an id wins, as a
/// `find` over the rows would).
fn row_defs(table: TableId, t: Template) -> &'static IdMap<&'static str, &'static RowDef> {
    static DEFS: OnceLock<[[IdMap<&'static str, &'static RowDef>; 2]; 3]> = OnceLock::new();
    let all = DEFS.get_or_init(|| {
        TableId::ALL.map(|id| {
            [Template::V2019, Template::V2021].map(|t| {
                let mut m: IdMap<&'static str, &'static RowDef> = IdMap::default();
                for d in rows(id, t) {
                    m.entry(d.id).or_insert(d);
                }
                m
            })
        })
    });
    &all[table.index()][template_slot(t)]
}

/// The template row [`schema::col_def`] reads a cell's column from: the
/// row's own, or its parent's for a local sub-row (`OTHSVC/行政检查`).
pub(crate) fn row_def(table: TableId, t: Template, row: &str) -> Option<&'static RowDef> {
    let parent = row.split('/').next().unwrap_or(row);
    row_defs(table, t).get(parent).copied()
}

/// [`schema::col_def`] over the cached rows: same answer, no allocation.
pub(crate) fn col_def(table: TableId, t: Template, row: &str, col: &str) -> Option<ColDef> {
    row_def(table, t, row).and_then(|d| d.cols.iter().find(|c| c.id == col).copied())
}

/// [`schema::row_label`] over the cached rows: same answer.
pub(crate) fn row_label(table: TableId, t: Template, row: &str) -> String {
    if let Some(d) = rows(table, t).iter().find(|d| d.id == row) {
        return d.label.to_string();
    }
    match row.split_once('/') {
        Some((_, own)) => own.to_string(),
        None => row.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_schema_answers_match_schema() {
        for t in [Template::V2019, Template::V2021] {
            for id in TableId::ALL {
                for r in schema::rows(id, t) {
                    assert_eq!(row_label(id, t, r.id), schema::row_label(id, t, r.id));
                    for c in r.cols {
                        assert_eq!(
                            col_def(id, t, r.id, c.id),
                            schema::col_def(id, t, r.id, c.id)
                        );
                        let local = format!("{}/本地", r.id);
                        assert_eq!(
                            col_def(id, t, &local, c.id),
                            schema::col_def(id, t, &local, c.id)
                        );
                    }
                }
                assert_eq!(
                    row_label(id, t, "X/本地"),
                    schema::row_label(id, t, "X/本地")
                );
            }
        }
    }

    #[test]
    fn index_agrees_with_linear_lookup_first_cell_wins() {
        let mut r = super::super::testutil::report(Template::V2021, 2022);
        if let Some(t3) = r.t3.as_mut() {
            // A duplicate of an existing cell: the first one must still win.
            let mut dup = t3.cells[0].clone();
            dup.value = Value::Int(-99);
            t3.cells.push(dup);
        }
        let ctx = Ctx::new(&r);
        for t in [&r.t2, &r.t3, &r.t4].into_iter().flatten() {
            for c in &t.cells {
                assert_eq!(ctx.value(&c.id), r.value(&c.id));
                assert!(std::ptr::eq(
                    ctx.cell(&c.id).unwrap(),
                    r.cell(&c.id).unwrap()
                ));
            }
        }
        let missing = CellId::t3("R9", "CT");
        assert_eq!(ctx.value(&missing), &Value::Absent);
    }
}
