//! `check --format json`: the document of SPEC §13.2, written one report at
//! a time with the bytes `serde_json::to_writer_pretty` would print for the
//! whole document.

use super::status::Summary;
use crate::corpus::Checked;
use crate::report::{Report, Table, TableId, Value};
use crate::rules::Finding;
use serde_json::{json, Map, Value as Json};
use std::io::Write;

/// The JSON value of one cell (SPEC §13.2): number, `null`, or the raw text.
fn cell_json(v: &Value, raw: &str) -> Json {
    match v {
        Value::Int(n) => json!(n),
        Value::Money(m) => serde_json::Number::from_f64(round_money(*m))
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Text => Json::String(crate::report::text::sanitize(raw)),
        Value::Blank | Value::Placeholder | Value::Absent => Json::Null,
    }
}

/// Money is written with at most 6 decimals so that 251000元 → 25.1 and not
/// 25.099999999999998.
fn round_money(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn table_json(t: &Table) -> Json {
    let mut rows: Map<String, Json> = Map::new();
    for c in &t.cells {
        let entry = rows
            .entry(c.id.row.clone())
            .or_insert_with(|| Json::Object(Map::new()));
        if let Json::Object(m) = entry {
            m.insert(c.id.col.to_string(), cell_json(&c.value, &c.raw));
        }
    }
    Json::Object(rows)
}

/// The JSON object of one report.
pub fn report_json(c: &Checked) -> Json {
    let r: &Report = &c.report;
    let mut tables = Map::new();
    for id in TableId::ALL {
        if let Some(t) = r.table(id) {
            tables.insert(id.as_str().to_string(), table_json(t));
        }
    }
    let recovered: Vec<String> = TableId::ALL
        .iter()
        .filter_map(|id| r.table(*id))
        .flat_map(|t| {
            t.cells
                .iter()
                .filter(|c| c.recovered)
                .map(|c| c.id.to_string())
        })
        .collect();
    let mut o = Map::new();
    o.insert("path".into(), json!(r.path));
    o.insert("agency".into(), json!(r.agency));
    o.insert("year".into(), json!(r.year));
    o.insert("template".into(), json!(r.template));
    o.insert("tables".into(), Json::Object(tables));
    o.insert("findings".into(), json!(c.findings));
    // Extra fields (SPEC §13.2 allows them).
    o.insert("title".into(), json!(r.title));
    o.insert("encoding".into(), json!(r.encoding));
    o.insert(
        "sections".into(),
        Json::Array(
            r.sections
                .iter()
                .map(|s| json!({"ordinal": s.ordinal, "title": s.title, "line": s.line}))
                .collect(),
        ),
    );
    if !recovered.is_empty() {
        o.insert("recovered_cells".into(), json!(recovered));
    }
    Json::Object(o)
}

/// Pretty JSON of one value, every line after the first indented by `indent`
/// spaces: the bytes `serde_json::to_writer_pretty` prints for the value when
/// it sits `indent / 2` levels deep in a document (JSON strings never hold a
/// raw newline, so lines can be indented one by one).
fn pretty_at(v: &Json, indent: usize) -> Vec<u8> {
    let flat = serde_json::to_vec_pretty(v).unwrap_or_default();
    if indent == 0 {
        return flat;
    }
    let mut out = Vec::with_capacity(flat.len() + flat.len() / 4);
    for (i, line) in flat.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.extend(std::iter::repeat_n(b' ', indent));
        }
        out.extend_from_slice(line);
    }
    out
}

/// One report as it stands inside `"reports": [...]` of the JSON document.
///
/// Serialised straight from the report, without building the
/// [`report_json`] value first (that tree and its re-indenting were most of
/// the output's cost); the bytes are the same, which the test
/// `streamed_json_is_byte_identical_to_the_single_document` checks.
pub fn report_json_pretty(c: &Checked) -> Vec<u8> {
    let mut v = Vec::with_capacity(32 * 1024);
    v.extend_from_slice(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut v, Pretty::at(2));
    // Serialising into a `Vec` cannot fail: every value here is a plain
    // string, number, null, sequence or map with string keys.
    let _ = serde::Serialize::serialize(&ReportOut(c), &mut ser);
    v
}

/// `serde_json`'s `PrettyFormatter` (two-space indent) starting `level`
/// levels deep, so a report can be written where it stands in the document
/// without re-indenting its lines afterwards.
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    fn at(level: usize) -> Self {
        Pretty {
            level,
            has_value: false,
        }
    }
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.level * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

/// What arrays and objects share in the pretty format: one level deeper
/// inside, a closing bracket on its own line unless empty, and every item
/// on its own line.
impl Pretty {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The fields of [`report_json`], in its order, serialised directly.
struct ReportOut<'a>(&'a Checked);

impl serde::Serialize for ReportOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let r: &Report = &c.report;
        let recovered: Vec<String> = TableId::ALL
            .iter()
            .filter_map(|id| r.table(*id))
            .flat_map(|t| {
                t.cells
                    .iter()
                    .filter(|c| c.recovered)
                    .map(|c| c.id.to_string())
            })
            .collect();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("path", &r.path)?;
        m.serialize_entry("agency", &r.agency)?;
        m.serialize_entry("year", &r.year)?;
        m.serialize_entry("template", &r.template)?;
        m.serialize_entry("tables", &TablesOut(r))?;
        m.serialize_entry("findings", &c.findings)?;
        m.serialize_entry("title", &r.title)?;
        m.serialize_entry("encoding", &r.encoding)?;
        m.serialize_entry("sections", &SectionsOut(&r.sections))?;
        if !recovered.is_empty() {
            m.serialize_entry("recovered_cells", &recovered)?;
        }
        m.end()
    }
}

struct TablesOut<'a>(&'a Report);

impl serde::Serialize for TablesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for id in TableId::ALL {
            if let Some(t) = self.0.table(id) {
                m.serialize_entry(id.as_str(), &TableOut::new(t))?;
            }
        }
        m.end()
    }
}

/// A table's cells grouped by row, with the map semantics of [`table_json`]:
/// a row keeps the place of its first cell, a repeated (row, col) keeps its
/// first place and its last value.
struct TableOut<'a> {
    rows: Vec<(&'a str, Vec<(&'a str, &'a crate::report::Cell)>)>,
}

impl<'a> TableOut<'a> {
    fn new(t: &'a Table) -> Self {
        let mut rows: Vec<(&'a str, Vec<(&'a str, &'a crate::report::Cell)>)> = Vec::new();
        let mut row_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for c in &t.cells {
            let row: &str = &c.id.row;
            // Cells come row by row; the map is only asked when a row is not
            // the one just seen.
            let i = match rows.last() {
                Some((last, _)) if *last == row => rows.len() - 1,
                _ => *row_at.entry(row).or_insert_with(|| {
                    rows.push((row, Vec::new()));
                    rows.len() - 1
                }),
            };
            let Some((_, cols)) = rows.get_mut(i) else {
                continue;
            };
            let col: &str = &c.id.col;
            match cols.iter_mut().find(|(k, _)| *k == col) {
                Some(slot) => slot.1 = c,
                None => cols.push((col, c)),
            }
        }
        TableOut { rows }
    }
}

impl serde::Serialize for TableOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.rows.len()))?;
        for (row, cols) in &self.rows {
            m.serialize_entry(row, &RowOut(cols))?;
        }
        m.end()
    }
}

struct RowOut<'a, 'b>(&'b [(&'a str, &'a crate::report::Cell)]);

impl serde::Serialize for RowOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (col, c) in self.0 {
            m.serialize_entry(col, &CellOut(c))?;
        }
        m.end()
    }
}

/// [`cell_json`] without the intermediate value.
struct CellOut<'a>(&'a crate::report::Cell);

impl serde::Serialize for CellOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Int(n) => s.serialize_i64(*n),
            Value::Money(m) => {
                let x = round_money(*m);
                if x.is_finite() {
                    s.serialize_f64(x)
                } else {
                    s.serialize_unit()
                }
            }
            Value::Text => s.serialize_str(&crate::report::text::sanitize(&self.0.raw)),
            Value::Blank | Value::Placeholder | Value::Absent => s.serialize_unit(),
        }
    }
}

struct SectionsOut<'a>(&'a [crate::report::Section]);

impl serde::Serialize for SectionsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct One<'a>(&'a crate::report::Section);
        impl serde::Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("ordinal", &self.0.ordinal)?;
                m.serialize_entry("title", &self.0.title)?;
                m.serialize_entry("line", &self.0.line)?;
                m.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for sec in self.0 {
            seq.serialize_element(&One(sec))?;
        }
        seq.end()
    }
}

/// Everything after the last report: `cross_findings`, `summary`.
pub(super) fn finish_json(
    out: &mut dyn Write,
    no_reports: bool,
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    out.write_all(if no_reports { b"]" } else { b"\n  ]" })?;
    out.write_all(b",\n  \"cross_findings\": ")?;
    // Straight to the writer: a 50k-report folder has over 100k cross
    // findings, and building them as one `serde_json::Value` first (then
    // as one pretty string) was most of `check`'s peak memory.
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Pretty::at(1));
    serde::Serialize::serialize(cross, &mut ser).map_err(std::io::Error::other)?;
    out.write_all(b",\n  \"summary\": ")?;
    let summary =
        json!({"reports": s.reports, "errors": s.errors, "warnings": s.warnings, "infos": s.infos});
    out.write_all(&pretty_at(&summary, 2))?;
    out.write_all(b"\n}\n")
}

/// The whole JSON document built as one value (the pre-streaming writer):
/// kept to test that the streamed bytes are identical.
#[cfg(test)]
pub(super) fn write_json(
    out: &mut dyn Write,
    checked: &[Checked],
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    let doc = json!({
        "version": 1,
        "reports": checked.iter().map(report_json).collect::<Vec<_>>(),
        "cross_findings": cross,
        "summary": {"reports": s.reports, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
