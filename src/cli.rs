//! `ogi-lens check`: the headless checker for scripts and CI.
//!
//! Its JSON (SPEC §13.2) is a public interface: field names, rule ids and
//! cell ids are kept exactly; extra fields are additive. Reports come out in
//! path order whatever order the worker threads finish in, so two runs over
//! the same folder print the same bytes.

use crate::corpus::{self, Checked};
use crate::report::{Report, Table, TableId, Value};
use crate::rules::cross::Digest;
use crate::rules::RuleSet;
use crate::rules::{Finding, Scope, Severity};
use crate::sanitize::{self, JsonEscaper};
use serde_json::{json, Map, Value as Json};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The lowest severity that makes `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Everything `check` needs, after argument and config parsing.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    pub rules: RuleSet,
    /// Follow symbolic links out of the named folders (`--follow`).
    pub follow: bool,
}

/// Run `check`; returns the process exit status (SPEC §13.3).
///
/// Reports are checked on all cores a chunk at a time and written as they
/// come, in path order (see [`corpus::check_each`]): each report's JSON or
/// text is rendered on the worker thread that checked it, and only the slimmed
/// reports the cross-report rules need stay in memory.
///
/// Exit 2 when a named path could not be read, or a named folder gave no
/// report at all: the output is still complete, but a CI job must not read
/// "nothing checked" as "clean".
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let walk = corpus::Walk {
        follow: opts.follow,
    };
    let found = corpus::discover_with(&opts.paths, walk);
    for s in &found.skipped {
        if s.reason.severity() >= Severity::Warning {
            let _ = writeln!(err, "ogi-lens: {}", skip_line(s));
        }
    }
    let format = opts.format;
    // Standard output is line-buffered: without this, the cross findings,
    // serialised piece by piece, cost one system call per line (a million
    // writes for a 10k folder).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let out: &mut dyn Write = &mut out;
    let mut written = match format {
        Format::Json => out.write_all(b"{\n  \"version\": 1,\n  \"reports\": ["),
        Format::Text => Ok(()),
    };
    let mut kept: Vec<Digest> = Vec::with_capacity(found.files.len());
    let mut summary = Summary::default();
    let mut skipped = found.skipped.clone();
    let mut reports_of_root = vec![0usize; opts.paths.len()];
    let mut failed_roots = found.failed_roots.clone();
    let mut at = 0usize;
    corpus::check_each(
        &found.files,
        &opts.rules,
        |path, checked| {
            let mut c = checked?;
            sort_findings(&mut c.findings);
            let rendered = match format {
                Format::Json => report_json_pretty_at(&c, sanitize::path_bytes(path)),
                Format::Text => report_text(&c),
            };
            let digest = Digest::of(&c.report);
            let severities: Vec<Severity> = c.findings.iter().map(|f| f.severity).collect();
            Ok((digest, severities, rendered))
        },
        |result: Result<_, corpus::Skipped>| {
            let root = found.root_of.get(at).copied().unwrap_or(0);
            at += 1;
            let (digest, severities, rendered) = match result {
                Ok(r) => r,
                Err(s) => {
                    let _ = writeln!(err, "ogi-lens: {}", skip_line(&s));
                    if opts.paths.get(root) == Some(&s.path) {
                        failed_roots.push(root);
                    }
                    skipped.push(s);
                    return;
                }
            };
            if let Some(n) = reports_of_root.get_mut(root) {
                *n += 1;
            }
            if written.is_ok() {
                written = match format {
                    Format::Json => {
                        let sep: &[u8] = if kept.is_empty() { b"\n" } else { b",\n" };
                        out.write_all(sep).and_then(|_| out.write_all(&rendered))
                    }
                    Format::Text => out.write_all(&rendered),
                };
            }
            summary.add(severities.into_iter());
            kept.push(digest);
        },
    );
    let cross = corpus::cross_digests(&kept, &opts.rules);
    summary.reports = kept.len();
    summary.add(cross.iter().map(|f| f.severity));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    summary.skipped = skipped.len();
    summary.skip_max = skipped.iter().map(|s| s.reason.severity()).max();
    // A named folder that gave no report: nothing was checked there.
    for (i, p) in opts.paths.iter().enumerate() {
        if reports_of_root[i] == 0 && !failed_roots.contains(&i) && p.is_dir() {
            let shown = sanitize::for_terminal(&sanitize::path_display(p)).into_owned();
            let why = if skipped.iter().any(|s| s.path.starts_with(p)) {
                "no report could be read in this folder (see the skipped list)"
            } else {
                "no report files in this folder (*.txt *.md *.markdown *.html *.htm)"
            };
            let _ = writeln!(err, "ogi-lens: {shown}: {why}");
            failed_roots.push(i);
        }
    }
    if written.is_ok() {
        written = match format {
            Format::Json => finish_json(out, kept.is_empty(), &skipped, &cross, &summary),
            Format::Text => finish_text(out, &skipped, &cross, &summary),
        };
    }
    if written.is_ok() {
        written = out.flush();
    }
    if let Err(e) = written {
        // A closed pipe (`| head`) is not an error of the check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "ogi-lens: cannot write output: {e}");
            return 2;
        }
    }
    if !failed_roots.is_empty() {
        return 2;
    }
    let worst = summary.max.max(summary.skip_max);
    match opts.fail_on.threshold() {
        Some(t) if worst.is_some_and(|m| m >= t) => 1,
        _ => 0,
    }
}

/// One skipped path as a line of text (stderr and `--format text`).
fn skip_line(s: &corpus::Skipped) -> String {
    let path = sanitize::path_display(&s.path);
    format!(
        "{}: skipped ({}): {}",
        sanitize::for_terminal(&path),
        s.reason.severity(),
        sanitize::for_terminal(&s.reason.to_string())
    )
}

fn sort_findings(f: &mut [Finding]) {
    f.sort_by(|a, b| {
        a.line
            .unwrap_or(0)
            .cmp(&b.line.unwrap_or(0))
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.id.cmp(b.rule.id))
    });
}

#[derive(Debug, Default)]
pub struct Summary {
    pub reports: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub max: Option<Severity>,
    /// Paths not read (the JSON `skipped` list).
    pub skipped: usize,
    /// The highest severity among them: `--fail-on` counts an unreadable
    /// entry as a warning.
    pub skip_max: Option<Severity>,
}

impl Summary {
    pub fn of(checked: &[Checked], cross: &[Finding]) -> Summary {
        let mut s = Summary {
            reports: checked.len(),
            ..Summary::default()
        };
        s.add(
            checked
                .iter()
                .flat_map(|c| c.findings.iter().map(|f| f.severity))
                .chain(cross.iter().map(|f| f.severity)),
        );
        s
    }

    /// Count findings of these severities.
    pub fn add(&mut self, sevs: impl Iterator<Item = Severity>) {
        for sev in sevs {
            match sev {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.max = self.max.max(Some(sev));
        }
    }
}

/// The JSON value of one cell (SPEC §13.2): number, `null`, or the raw text.
pub fn cell_json(v: &Value, raw: &str) -> Json {
    match v {
        Value::Int(n) => json!(n),
        Value::Money(m) => serde_json::Number::from_f64(round_money(*m))
            .map(Json::Number)
            .unwrap_or(Json::Null),
        // Kept exact: the JSON writer escapes what a terminal must not see.
        Value::Text => Json::String(raw.to_string()),
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
    report_json_pretty_at(c, None)
}

/// [`report_json_pretty`] with the raw bytes of a file name that is not
/// UTF-8 (written as `path_bytes` after `path`, so the name is lossless).
fn report_json_pretty_at(c: &Checked, path_bytes: Option<&[u8]>) -> Vec<u8> {
    let mut v = Vec::with_capacity(32 * 1024);
    v.extend_from_slice(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut v, JsonEscaper(Pretty::at(2)));
    // Serialising into a `Vec` cannot fail: every value here is a plain
    // string, number, null, sequence or map with string keys.
    let _ = serde::Serialize::serialize(&ReportOut(c, path_bytes), &mut ser);
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
struct ReportOut<'a>(&'a Checked, Option<&'a [u8]>);

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
        if let Some(b) = self.1 {
            m.serialize_entry("path_bytes", b)?;
        }
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
            Value::Text => s.serialize_str(&self.0.raw),
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

/// Everything after the last report: `skipped`, `cross_findings`, `summary`.
fn finish_json(
    out: &mut dyn Write,
    no_reports: bool,
    skipped: &[corpus::Skipped],
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    out.write_all(if no_reports { b"]" } else { b"\n  ]" })?;
    out.write_all(b",\n  \"skipped\": ")?;
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, JsonEscaper(Pretty::at(1)));
    serde::Serialize::serialize(&SkippedOut(skipped), &mut ser).map_err(std::io::Error::other)?;
    out.write_all(b",\n  \"cross_findings\": ")?;
    // Straight to the writer: a 50k-report folder has over 100k cross
    // findings, and building them as one `serde_json::Value` first (then
    // as one pretty string) was most of `check`'s peak memory.
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, JsonEscaper(Pretty::at(1)));
    serde::Serialize::serialize(cross, &mut ser).map_err(std::io::Error::other)?;
    out.write_all(b",\n  \"summary\": ")?;
    out.write_all(&pretty_at(&summary_json(s), 2))?;
    out.write_all(b"\n}\n")
}

fn summary_json(s: &Summary) -> Json {
    json!({"reports": s.reports, "errors": s.errors, "warnings": s.warnings, "infos": s.infos, "skipped": s.skipped})
}

/// The JSON `skipped` list: `{path, path_bytes?, kind, severity, reason}`.
struct SkippedOut<'a>(&'a [corpus::Skipped]);

impl serde::Serialize for SkippedOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for k in self.0 {
            seq.serialize_element(&SkipOut(k))?;
        }
        return seq.end();

        struct SkipOut<'a>(&'a corpus::Skipped);
        impl serde::Serialize for SkipOut<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let k = self.0;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("path", &sanitize::path_display(&k.path))?;
                if let Some(b) = sanitize::path_bytes(&k.path) {
                    m.serialize_entry("path_bytes", b)?;
                }
                m.serialize_entry("kind", k.reason.kind())?;
                m.serialize_entry("severity", &k.reason.severity())?;
                m.serialize_entry("reason", &k.reason.to_string())?;
                m.end()
            }
        }
    }
}

/// The whole JSON document built as one value (the pre-streaming writer):
/// kept to test that the streamed bytes are identical.
#[cfg(test)]
fn write_json(
    out: &mut dyn Write,
    checked: &[Checked],
    skipped: &[corpus::Skipped],
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    let doc = json!({
        "version": 1,
        "reports": checked.iter().map(report_json).collect::<Vec<_>>(),
        "skipped": serde_json::to_value(SkippedOut(skipped))?,
        "cross_findings": cross,
        "summary": summary_json(s),
    });
    let pretty = JsonEscaper(serde_json::ser::PrettyFormatter::new());
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, pretty);
    serde::Serialize::serialize(&doc, &mut ser).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The text lines of one report's findings. Paths and messages are sanitised:
/// a file name or report text must never drive the terminal.
fn report_text(c: &Checked) -> Vec<u8> {
    use crate::sanitize::for_terminal;
    let mut out = Vec::new();
    let path = for_terminal(&c.report.path);
    for f in &c.findings {
        let _ = write_finding(&mut out, &path, f);
    }
    out
}

/// One finding as a line: where, severity, rule, message. A finding about
/// one report is placed at `path:line` (`path` already sanitised), one about
/// several reports at their paths.
fn write_finding(out: &mut dyn Write, path: &str, f: &Finding) -> std::io::Result<()> {
    use crate::sanitize::for_terminal;
    let msg = for_terminal(&f.message);
    match &f.scope {
        Scope::Report => {
            let line = f.line.unwrap_or(0);
            writeln!(out, "{path}:{line}: {} {} {msg}", f.severity, f.rule)
        }
        Scope::Reports(r) => {
            let paths: Vec<_> = r.paths.iter().map(|p| for_terminal(p)).collect();
            writeln!(out, "{}: {} {} {msg}", paths.join(", "), f.severity, f.rule)
        }
    }
}

fn finish_text(
    out: &mut dyn Write,
    skipped: &[corpus::Skipped],
    cross: &[Finding],
    s: &Summary,
) -> std::io::Result<()> {
    for f in cross {
        write_finding(out, "", f)?;
    }
    for k in skipped {
        writeln!(out, "{}", skip_line(k))?;
    }
    write!(
        out,
        "{} reports: {} errors, {} warnings, {} infos",
        s.reports, s.errors, s.warnings, s.infos
    )?;
    if s.skipped > 0 {
        write!(out, "; {} paths skipped", s.skipped)?;
    }
    writeln!(out)
}

/// The rule catalogue as text (`ogi-lens rules`) or as the markdown table
/// of docs/rules.md (`--markdown`; a test keeps that file equal to it).
pub fn rules_listing(markdown: bool) -> String {
    use crate::rules::catalogue::RULES;
    let mut s = String::new();
    if markdown {
        s.push_str("# Rule catalogue\n\n");
        s.push_str(
            "Generated by `ogi-lens rules --markdown`. Ids are a public interface (JSON `rule`,\n",
        );
        s.push_str("`--disable`, `--severity`, the config file's `[rules]`). `check --explain RULE` prints one\n");
        s.push_str("rule with an example.\n\n");
        s.push_str("| id | severity | implemented | 说明 | description |\n|---|---|---|---|---|\n");
        for r in RULES {
            let done = if r.implemented { "yes" } else { "no" };
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r.id, r.severity, done, r.zh, r.en
            ));
        }
    } else {
        for r in RULES {
            let done = if r.implemented { ' ' } else { '-' };
            s.push_str(&format!(
                "{done}{:<10}{:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.zh
            ));
        }
        let n = RULES.iter().filter(|r| r.implemented).count();
        s.push_str(&format!(
            "{} rules, {n} implemented ('-' marks the others)\n",
            RULES.len()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// Output reaches the writer in large blocks, whatever the writer
    /// (standard output flushes at every newline): a regression test for a
    /// million one-line writes on a 10k folder.
    #[test]
    fn output_is_written_in_blocks() {
        struct Counting {
            calls: usize,
            bytes: usize,
        }
        impl Write for Counting {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.calls += 1;
                self.bytes += b.len();
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        for format in [Format::Json, Format::Text] {
            let opts = CheckOptions {
                paths: vec![dir.clone()],
                format,
                fail_on: FailOn::Never,
                rules: RuleSet::default(),
                follow: false,
            };
            let mut w = Counting { calls: 0, bytes: 0 };
            assert_eq!(check(&opts, &mut w, &mut Vec::new()), 0);
            assert!(w.bytes > 1000, "{format:?}");
            assert!(
                w.calls <= w.bytes / 4096 + 2,
                "{format:?}: {} writes for {} bytes",
                w.calls,
                w.bytes
            );
        }
    }

    /// The streamed JSON is byte for byte the document `to_writer_pretty`
    /// printed before streaming (issue 5): same reports, same order.
    #[test]
    fn streamed_json_is_byte_identical_to_the_single_document() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        for paths in [
            vec![dir.clone()],
            vec![dir.join("no-such-file.txt"), dir.clone()],
        ] {
            let opts = CheckOptions {
                paths: paths.clone(),
                format: Format::Json,
                fail_on: FailOn::Never,
                rules: RuleSet::default(),
                follow: false,
            };
            let mut streamed = Vec::new();
            check(&opts, &mut streamed, &mut Vec::new());

            let found = corpus::discover(&paths);
            let mut checked = corpus::check_all(&found.files, &opts.rules);
            let cross = corpus::cross(&checked, &opts.rules);
            for c in &mut checked {
                sort_findings(&mut c.findings);
            }
            let mut whole = Vec::new();
            let mut summary = Summary::of(&checked, &cross);
            summary.skipped = found.skipped.len();
            write_json(&mut whole, &checked, &found.skipped, &cross, &summary).expect("write");
            assert_eq!(
                String::from_utf8_lossy(&streamed),
                String::from_utf8_lossy(&whole)
            );
        }
        let empty = tempfile::tempdir().expect("tempdir");
        let opts = CheckOptions {
            paths: vec![empty.path().to_path_buf()],
            format: Format::Json,
            fail_on: FailOn::Never,
            rules: RuleSet::default(),
            follow: false,
        };
        let mut streamed = Vec::new();
        check(&opts, &mut streamed, &mut Vec::new());
        let mut whole = Vec::new();
        write_json(&mut whole, &[], &[], &[], &Summary::default()).expect("write");
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&whole)
        );
    }
}
