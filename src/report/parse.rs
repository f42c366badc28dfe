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

use super::decode::decode;
use super::html::{looks_like_html, rows_from_html};
use super::layout::{rows_from_lines, strip_markdown, strip_markdown_str, Row, Tok};
use super::schema::{self, RowDef, Template, NEW_MARKERS, OLD_MARKERS, SECTIONS};
use super::text::{
    cn_numeral, edit_distance_within, looks_like_value, nfkc_simple, norm, norm_first_two,
    norm_into, norm_joined, norm_len, read_value,
};
use super::{
    Cell, CellId, ExtraRow, HeaderCell, Lines, Report, RowLabel, Section, ShapeError, Table,
    TableId, Value,
};
use regex::Regex;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

/// Parse one file's bytes into a Report. Never panics; a file that is not a
/// readable report comes back with `notes.fatal` set.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Report {
    let mut report = Report::empty(path);
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(msg) => {
            report.notes.fatal = Some(msg);
            return report;
        }
    };
    report.encoding = decoded.encoding;
    report.notes.decoding = decoded.notes;
    let lower = path.to_ascii_lowercase();
    let html =
        lower.ends_with(".html") || lower.ends_with(".htm") || looks_like_html(&decoded.text);
    parse_text_into(&mut report, &decoded.text, html);
    report
}

/// Parse already-decoded text (used by tests and by `parse_bytes`).
pub fn parse_text(path: &str, text: &str) -> Report {
    let mut report = Report::empty(path);
    let lower = path.to_ascii_lowercase();
    let html = lower.ends_with(".html") || lower.ends_with(".htm") || looks_like_html(text);
    parse_text_into(&mut report, text, html);
    report
}

fn parse_text_into(report: &mut Report, text: &str, html: bool) {
    // Split once; every reader below walks the same lines.
    let lines: Vec<&str> = text.lines().collect();
    let rows = if html {
        rows_from_html(text)
    } else if let Some(rows) = super::flat::rows_from_flat_lines(text, &lines) {
        rows
    } else {
        rows_from_lines(&lines)
    };
    report.lines = Lines::from_split(text, &lines);
    Parser::new(report, &rows).run();
}

struct Parser<'a> {
    report: &'a mut Report,
    rows: &'a [Row<'a>],
    /// Every cell normalised once: the region search, the template markers
    /// and the label reader all compare normalised cells, and normalising
    /// the same cell again in each was a large part of parse time (issue 5).
    normed: Normed<'a>,
    /// Row index of every matched section heading: (row index, ordinal).
    headings: Vec<(usize, u8)>,
}

/// The [`norm`] of every cell, computed for a row the first time the row is
/// looked at and kept in one buffer. Only the rows the searches reach are
/// normalised: the narrative of section 一 before table 二 is never looked
/// at in most reports, and it is a good part of the text.
struct Normed<'r> {
    rows: &'r [Row<'r>],
    inner: RefCell<NormedBuf>,
}

struct NormedBuf {
    buf: String,
    /// Byte range in `buf` of each normalised cell.
    spans: Vec<(usize, usize)>,
    /// Range in `spans` of each row's cells, once normalised.
    by_row: Vec<Option<(usize, usize)>>,
}

impl<'r> Normed<'r> {
    fn new(rows: &'r [Row<'r>]) -> Normed<'r> {
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
    fn ensure(&self, i: usize) -> Option<(usize, usize)> {
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
    fn any_cell(&self, i: usize, mut f: impl FnMut(&str) -> bool) -> bool {
        let Some((a, b)) = self.ensure(i) else {
            return false;
        };
        let n = self.inner.borrow();
        n.spans[a..b].iter().any(|&(x, y)| f(&n.buf[x..y]))
    }

    /// `f(j, normalised cell j)` for every cell of row `i`.
    fn for_each_cell(&self, i: usize, mut f: impl FnMut(usize, &str)) {
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
    fn cell_is(&self, i: usize, j: usize, f: impl FnOnce(&str) -> bool) -> bool {
        let range = self.ensure(i);
        let n = self.inner.borrow();
        let text = range
            .and_then(|(a, b)| n.spans[a..b].get(j))
            .map_or("", |&(x, y)| &n.buf[x..y]);
        f(text)
    }
}

/// Half-open row ranges of the three table regions.
#[derive(Debug, Default, Clone, Copy)]
struct Regions {
    t2: Option<(usize, usize)>,
    t3: Option<(usize, usize)>,
    t4: Option<(usize, usize)>,
}

impl Regions {
    fn contains(&self, i: usize) -> bool {
        [self.t2, self.t3, self.t4]
            .iter()
            .flatten()
            .any(|&(a, b)| i >= a && i < b)
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

    // ---- Title, agency, year --------------------------------------------

    fn title(&mut self) {
        let limit = self.rows.len().min(60);
        let mut found: Option<(usize, String)> = None;
        for i in 0..limit {
            let t = strip_markdown(&self.rows[i].text);
            let n = norm(&t);
            let sentence = n.contains("根据") || n.contains('《') || n.contains('。');
            if n.contains("政府信息公开")
                && (n.contains("年度报告") || n.contains("年报"))
                && !sentence
            {
                found = Some((i, t));
                break;
            }
            // A title broken before `…年度报告` (PDF text): join the next line.
            if n.contains("政府信息公开") && !sentence && n.chars().count() <= 40 {
                if let Some(next) = self.rows.get(i + 1) {
                    let nt = strip_markdown(&next.text);
                    let nn = norm(&nt);
                    if nn.ends_with("报告") && nn.chars().count() <= 12 {
                        found = Some((i, format!("{t}{nt}")));
                        break;
                    }
                }
            }
            if heading_ordinal(&t).is_some() {
                break;
            }
        }
        let Some((i, raw)) = found else {
            return;
        };
        let mut title = cut_title(&raw);
        let mut line = self.rows[i].line;
        let mut year_agency = split_title(&title);
        // Two-line title: agency on the line before, `2020年政府信息公开…` here.
        if year_agency.1.is_none() && i > 0 {
            if let Some(prev) = self.rows[..i]
                .iter()
                .rev()
                .find(|r| !r.text.trim().is_empty())
            {
                let p = strip_markdown(&prev.text);
                if p.chars().count() <= 40 && !p.contains('。') && !p.contains(':') {
                    title = format!("{p}{title}");
                    line = prev.line;
                    year_agency = split_title(&title);
                }
            }
        }
        self.report.title = Some(title);
        self.report.notes.title_line = line;
        self.report.year = year_agency.0;
        self.report.agency = year_agency.1;
    }

    fn period(&mut self) {
        static RE: OnceLock<Option<Regex>> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r"统计期[限间][^。\n]{0,24}?(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日").ok()
        });
        let Some(re) = re else { return };
        for r in self.rows {
            // The literal every match starts with: most lines are rejected
            // without running the regex.
            if !r.text.contains("统计期") {
                continue;
            }
            if let Some(c) = re.captures(&r.text) {
                if let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
                    self.report.notes.period_year = Some((y, r.line));
                    return;
                }
            }
        }
    }

    // ---- Sections ---------------------------------------------------------

    fn find_headings(&mut self) {
        for (i, r) in self.rows.iter().enumerate() {
            if !is_heading_row(r) {
                continue;
            }
            if let Some((ord, canonical)) = match_section(&r.text) {
                self.headings.push((i, ord));
                self.report
                    .notes
                    .headings
                    .push((ord, strip_markdown(&r.text), r.line));
                if !self.report.sections.iter().any(|s| s.ordinal == ord) {
                    self.report.sections.push(Section {
                        ordinal: ord,
                        title: strip_markdown(&r.text),
                        line: r.line,
                        end_line: r.line,
                        text: String::new(),
                        canonical,
                    });
                }
            }
        }
    }

    /// Heading-looking lines that match no section title, outside tables
    /// (STRUCT-2/3/4 and LBL-1 look at them).
    fn unmatched_headings(&mut self, regions: &Regions) {
        for (i, r) in self.rows.iter().enumerate() {
            if regions.contains(i) || self.headings.iter().any(|&(h, _)| h == i) {
                continue;
            }
            if is_heading_row(r) && heading_ordinal(&r.text).is_some() {
                let t = strip_markdown(&r.text);
                if t.chars().count() <= 30 {
                    self.report.notes.headings.push((0, t, r.line));
                }
            }
        }
        self.report.notes.headings.sort_by_key(|h| h.2);
    }

    /// The row index where the section with this ordinal starts.
    fn heading_row(&self, ord: u8) -> Option<usize> {
        self.headings.iter().find(|h| h.1 == ord).map(|h| h.0)
    }

    /// The first matched heading after row `i`.
    fn next_heading_after(&self, i: usize) -> Option<usize> {
        self.headings.iter().map(|h| h.0).find(|&h| h > i)
    }

    fn sections(&mut self, regions: &Regions) {
        let mut bounds: Vec<(usize, u8)> = self.headings.clone();
        bounds.sort();
        for s in self.report.sections.iter_mut() {
            let Some(pos) = bounds.iter().position(|b| b.1 == s.ordinal) else {
                continue;
            };
            let start = bounds[pos].0;
            let end = bounds.get(pos + 1).map(|b| b.0).unwrap_or(self.rows.len());
            let mut text = String::new();
            let mut last_line = s.line;
            for i in start + 1..end {
                let r = &self.rows[i];
                last_line = last_line.max(r.line);
                if regions.contains(i) || r.text.trim().is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(strip_markdown_str(&r.text));
            }
            s.text = text;
            s.end_line = last_line;
        }
        self.report.sections.sort_by_key(|s| s.ordinal);
    }

    // ---- Table regions ------------------------------------------------------

    fn regions(&self) -> Regions {
        let rows = self.rows;
        // Every cell normalised once (`self.normed`): the searches below scan
        // the same rows several times (issue 5: a 10 MB line was normalised
        // five times).
        let normed = &self.normed;
        let any_cell = |i: usize, f: &dyn Fn(&str) -> bool| normed.any_cell(i, f);
        let find_from = |from: usize, f: &dyn Fn(usize) -> bool| (from..rows.len()).find(|&i| f(i));

        let s2 = self.heading_row(2).unwrap_or(0);
        let t2_start = find_from(s2, &|i| {
            any_cell(i, &|t| t.contains("第二十条第") || t == "信息内容")
        })
        .or_else(|| find_from(0, &|i| any_cell(i, &|t| t.contains("第二十条第"))));

        // Table 三 comes after table 二, or after heading 三 when there is no table 二.
        let t3_from = t2_start.or(self.heading_row(3)).unwrap_or(0);
        let t3_start = find_from(t3_from, &|i| {
            any_cell(i, &|t| {
                t.contains("勾稽关系")
                    || t.contains("申请人情况")
                    || t.contains("本年新收政府信息公开申请")
            })
        });

        let t4_start = t3_start.and_then(|t3| {
            let after_heading = self.heading_row(4).filter(|&h| h > t3);
            after_heading.or_else(|| {
                find_from(t3 + 1, &|i| {
                    any_cell(i, &|t| {
                        t == "行政复议" || (t.contains("行政复议") && t.contains("行政诉讼"))
                    })
                })
            })
        });
        let t4_start = t4_start.or_else(|| {
            if t3_start.is_none() {
                self.heading_row(4)
            } else {
                None
            }
        });

        let end_of = |start: usize, next_table: Option<usize>| -> usize {
            let h = self.next_heading_after(start).unwrap_or(rows.len());
            let n = next_table.filter(|&n| n > start).unwrap_or(rows.len());
            h.min(n)
        };
        let t2 = t2_start.map(|s| (s, end_of(s, t3_start.or(t4_start))));
        let t3 = t3_start.map(|s| (s, end_of(s, t4_start)));
        let t4 = t4_start.map(|s| {
            // Section 四 holds only the table; stop at the next heading.
            let start = s;
            (
                start,
                end_of(start + 1, None).max(start + 1).min(rows.len()),
            )
        });
        Regions { t2, t3, t4 }
    }

    fn section_of(&self, row: usize) -> u8 {
        let mut ord = 0;
        let mut hs = self.headings.clone();
        hs.sort();
        for (h, o) in hs {
            if h <= row {
                ord = o;
            }
        }
        ord
    }

    // ---- Tables -------------------------------------------------------------

    fn tables(&mut self, regions: &Regions) {
        // T3 first: its （六） structure is evidence for the template.
        let t3 = regions.t3.map(|(a, b)| self.table3(a, b));
        let t2_markers = regions
            .t2
            .map(|(a, b)| self.markers(a, b))
            .unwrap_or_default();
        let (old, new) = t2_markers.iter().fold((0, 0), |(o, n), m| match m.2 {
            Template::V2019 => (o + 1, n),
            Template::V2021 => (o, n + 1),
        });
        let t3_template = t3.as_ref().and_then(|t| t.1);
        let template = if old != new && old + new > 0 {
            Some(if new > old {
                Template::V2021
            } else {
                Template::V2019
            })
        } else if let Some(t) = t3_template {
            Some(t)
        } else if regions.t2.is_some() || regions.t3.is_some() || regions.t4.is_some() {
            match self.report.year {
                Some(y) if y >= 2021 => Some(Template::V2021),
                Some(_) => Some(Template::V2019),
                None => None,
            }
        } else {
            None
        };
        self.report.notes.markers.extend(t2_markers);
        if let Some((_, _, markers)) = &t3 {
            self.report.notes.markers.extend(markers.iter().cloned());
        }
        self.report.template = template;
        if let (Some((a, b)), Some(t)) = (regions.t2, template) {
            self.report.t2 = Some(self.table2(a, b, t));
        }
        if let Some((table, _, _)) = t3 {
            self.report.t3 = Some(table);
        }
        if let Some((a, b)) = regions.t4 {
            let t4 = self.table4(a, b);
            // Section 四 with no value cells at all is no table (STRUCT-5).
            if t4.has_values() || !t4.shape_errors.is_empty() {
                self.report.t4 = Some(t4);
            }
        }
    }

    fn markers(&self, a: usize, b: usize) -> Vec<(String, usize, Template)> {
        // The markers normalised once per process, not once per cell.
        static NORMED: OnceLock<Vec<(&'static str, String, Template)>> = OnceLock::new();
        let markers = NORMED.get_or_init(|| {
            OLD_MARKERS
                .iter()
                .map(|m| (*m, Template::V2019))
                .chain(NEW_MARKERS.iter().map(|m| (*m, Template::V2021)))
                .map(|(m, t)| (m, norm(m), t))
                .collect()
        });
        let mut out = Vec::new();
        for (i, r) in self.rows.iter().enumerate().take(b).skip(a) {
            self.normed.for_each_cell(i, |j, n| {
                // Every marker is CJK text: a cell without any non-ASCII
                // character (a number) holds none.
                let Some(c) = r.cells.get(j).filter(|_| !n.is_ascii()) else {
                    return;
                };
                for (m, nm, t) in markers {
                    if n.contains(nm.as_str()) {
                        out.push((m.to_string(), c.line, *t));
                    }
                }
            });
        }
        out
    }

    fn new_table(&self, id: TableId, start: usize) -> Table {
        let line = self.rows.get(start).map(|r| r.line).unwrap_or(0);
        Table::new(id, line, self.section_of(start))
    }

    /// Table 三; also returns the template its （六） rows show and the markers.
    #[allow(clippy::type_complexity)]
    fn table3(
        &mut self,
        a: usize,
        b: usize,
    ) -> (Table, Option<Template>, Vec<(String, usize, Template)>) {
        let mut table = self.new_table(TableId::T3, a);
        let Labels {
            rows: cands,
            cands: prepared,
            known,
        } = t3_labels();
        let groups = stream_groups(self.rows, &self.normed, a, b, 7, known);
        collect_headers(&mut table, &groups);
        self.report.notes.t3_note = table
            .headers
            .iter()
            .any(|h| norm(&h.text).contains("勾稽关系"));
        let assigned = assign(&groups, cands, prepared, &mut table);
        let has_new = assigned.iter().any(|(id, _)| id.starts_with("R6."));
        let has_old = assigned.iter().any(|(id, _)| id == "R6");
        let tpl = match (has_old, has_new) {
            (true, false) => Some(Template::V2019),
            (false, true) => Some(Template::V2021),
            _ => None,
        };
        let mut markers = Vec::new();
        for (id, g) in &assigned {
            if id == "R6" {
                markers.push(("（六）其他处理".to_string(), g.line(), Template::V2019));
            } else if id.starts_with("R6.") {
                let label = cands
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.label)
                    .unwrap_or("");
                markers.push((label.to_string(), g.line(), Template::V2021));
            }
        }
        let layout_tpl = tpl
            .or(self.report.template)
            .unwrap_or(match self.report.year {
                Some(y) if y <= 2020 => Template::V2019,
                _ => Template::V2021,
            });
        let rows = schema::t3_rows(layout_tpl);
        fill_cells(&mut table, &rows, &assigned);
        // Rows of the other （六） structure cannot be placed; say so.
        for (id, g) in &assigned {
            if !rows.iter().any(|r| r.id == id) {
                table.shape_errors.push(ShapeError {
                    row: id.to_string(),
                    expected: 0,
                    found: g.values.len(),
                    line: g.line(),
                });
            }
        }
        if !table.has_values()
            && groups
                .iter()
                .all(|g| g.values.iter().all(|v| v.text.is_empty()))
        {
            table.unreadable = Some(unreadable_reason(&self.rows[a..b]));
        }
        (table, tpl, markers)
    }

    fn table2(&mut self, a: usize, b: usize, t: Template) -> Table {
        let mut table = self.new_table(TableId::T2, a);
        let Labels {
            rows: cands,
            cands: prepared,
            known,
        } = t2_labels(t);
        let groups = stream_groups(self.rows, &self.normed, a, b, 3, known);
        collect_headers(&mut table, &groups);
        let assigned = assign(&groups, cands, prepared, &mut table);
        fill_cells(&mut table, cands, &assigned);
        derive_parents(&mut table, t);
        if !table.has_values() {
            table.unreadable = Some(unreadable_reason(&self.rows[a..b]));
        }
        table
    }

    fn table4(&mut self, a: usize, b: usize) -> Table {
        let mut table = self.new_table(TableId::T4, a);
        let known = &t4_labels().known;
        let groups: Vec<Group> = stream_groups(self.rows, &self.normed, a, b, 15, known);
        collect_headers(&mut table, &groups);
        let data: Vec<&Group> = groups
            .iter()
            .filter(|g| g.values.iter().any(|v| !v.text.is_empty()))
            .collect();
        let fitted: Vec<&[&Tok]> = data.iter().map(|g| trim_blanks(&g.values, 5)).collect();
        let total: usize = fitted.iter().map(|v| v.len()).sum();
        let blocks: [&'static str; 3] = ["RV", "LD", "LR"];
        let put = |table: &mut Table, block: &'static str, vals: &[&Tok]| {
            for (col, tok) in schema::T4_COLS.iter().zip(vals) {
                table.cells.push(make_cell(
                    static_cell_id(TableId::T4, block, col.id),
                    tok,
                    false,
                ));
            }
        };
        if fitted.len() == 3 && fitted.iter().all(|v| v.len() == 5) {
            // Three sub-tables (one per block), placed by their captions.
            let mut order: Vec<(usize, &str)> = Vec::new();
            for (i, g) in data.iter().enumerate() {
                let l = g.label_norm();
                let block = if l.contains("复议后") {
                    "LR"
                } else if l.contains("直接") || l.contains("未经复议") {
                    "LD"
                } else if l.contains("行政复议") && !l.contains("诉讼") {
                    "RV"
                } else {
                    blocks[i]
                };
                order.push((i, block));
            }
            let mut seen: Vec<&str> = order.iter().map(|o| o.1).collect();
            seen.sort();
            seen.dedup();
            if seen.len() < 3 {
                order = (0..3).map(|i| (i, blocks[i])).collect();
            }
            for (i, block) in order {
                put(&mut table, block, fitted[i]);
            }
        } else {
            let all: Vec<&Tok> = data.iter().flat_map(|g| g.values.iter().copied()).collect();
            let all = trim_blanks(&all, 15);
            if all.len() != 15 && total != 0 {
                table.shape_errors.push(ShapeError {
                    row: "T4".into(),
                    expected: 15,
                    found: all.len(),
                    line: all.first().map(|t| t.line).unwrap_or(table.line),
                });
            }
            // A 16th value is reported (STRUCT-6) but does not stop the first
            // fifteen from being read: the extra cell is almost always a
            // trailing artefact of the export (sample 000).
            if all.len() >= 15 {
                for (k, block) in blocks.iter().enumerate() {
                    let vals = &all[k * 5..k * 5 + 5];
                    let placed: Vec<Option<&Tok>> = vals.iter().copied().map(Some).collect();
                    let line = vals.first().map(|t| t.line).unwrap_or(table.line);
                    push_uncertain(&mut table, block, &placed, line);
                    put(&mut table, block, vals);
                }
            }
        }
        for r in schema::T4_ROWS {
            table.rows.push(RowLabel {
                row: Some(r.id.to_string()),
                text: r.label.to_string(),
                line: table
                    .cell(r.id, "keep")
                    .map(|c| c.line)
                    .unwrap_or(table.line),
                value_count: 5,
                canonical: None,
            });
        }
        complete_cells(&mut table, schema::T4_ROWS);
        table
    }
}

// ---- Streams of cells -------------------------------------------------------

/// A row label (possibly spread over several cells and lines) and the value
/// cells that follow it. Borrows the cells of the rows (no copies).
#[derive(Debug, Clone)]
struct Group<'r> {
    label: Vec<&'r Tok<'r>>,
    values: Vec<&'r Tok<'r>>,
}

impl Group<'_> {
    /// The label cells joined, normalised ([`norm`] of their concatenation).
    fn label_norm(&self) -> String {
        norm_joined(self.label.iter().map(|t| &*t.text))
    }
    fn line(&self) -> usize {
        self.label
            .last()
            .or(self.values.first())
            .map(|t| t.line)
            .unwrap_or(0)
    }
}

/// A page footer left inside a table by PDF extraction: `-3-`, `— 3 —`.
fn is_noise(t: &str) -> bool {
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－');
    // Nearly every cell fails the first test, before any copy is made.
    if !t.trim_start().starts_with(dash) {
        return false;
    }
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return false;
    }
    let inner = s.trim_matches(dash);
    s.starts_with(dash)
        && s.ends_with(dash)
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
}

/// Split the rows `a..b` of a region into label → values groups (see the
/// module docs). `max_vals` is the widest row of the table: short text cells
/// inside a value run (`约10`, `未统计`) are kept as values up to that count
/// so VAL-4 can name them, unless they are a known label. `normed` holds the
/// normalised cells of `rows`.
fn stream_groups<'r>(
    rows: &'r [Row],
    normed: &Normed,
    a: usize,
    b: usize,
    max_vals: usize,
    known: &[String],
) -> Vec<Group<'r>> {
    let mut out = Vec::new();
    let mut pending: Vec<&Tok> = Vec::new();
    let mut cur: Option<Group> = None;
    let mut blanks: Vec<&Tok> = Vec::new();
    for (i, row) in rows.iter().enumerate().take(b).skip(a) {
        for (j, tok) in row.cells.iter().enumerate() {
            if is_noise(&tok.text) {
                continue;
            }
            let value = looks_like_value(&tok.text) || super::flat::is_uncertain(&tok.text);
            let short_text = !value
                && tok.text.chars().count() <= 4
                && !normed.cell_is(i, j, |n| known.iter().any(|k| k == n));
            match &mut cur {
                Some(g) if value || (short_text && g.values.len() < max_vals) => {
                    g.values.push(tok);
                }
                _ => {
                    if let Some(g) = cur.take() {
                        out.push(g);
                    }
                    if value {
                        if tok.text.is_empty() {
                            // Empty cells are values only once a value run
                            // starts after them (a row whose first cells are
                            // blank); before a label they pad spanned cells.
                            blanks.push(tok);
                            continue;
                        }
                        let mut values = std::mem::take(&mut blanks);
                        values.push(tok);
                        cur = Some(Group {
                            label: std::mem::take(&mut pending),
                            values,
                        });
                    } else {
                        blanks.clear();
                        pending.push(tok);
                    }
                }
            }
        }
        if row.brk {
            blanks.clear();
            if let Some(g) = cur.take() {
                out.push(g);
            }
        }
    }
    if let Some(g) = cur.take() {
        out.push(g);
    }
    if !pending.is_empty() {
        out.push(Group {
            label: pending,
            values: Vec::new(),
        });
    }
    out
}

fn label_set(rows: &[RowDef], words: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in rows {
        v.push(norm(r.label));
        v.push(core(&norm(r.label)).to_string());
        for a in r.aliases {
            v.push(norm(a));
        }
    }
    for w in words {
        v.push(norm(w));
    }
    v.retain(|s| !s.is_empty());
    v
}

/// A table's candidate rows with their labels prepared ([`Cand`]) and its
/// known label words ([`label_set`]): built once per process, not per report
/// (they depend only on the template).
struct Labels {
    rows: Vec<RowDef>,
    cands: Vec<Cand>,
    known: Vec<String>,
}

impl Labels {
    fn new(rows: Vec<RowDef>, words: &[&str]) -> Labels {
        Labels {
            cands: rows.iter().map(Cand::new).collect(),
            known: label_set(&rows, words),
            rows,
        }
    }
}

/// Table 三: candidates in template order; both （六） structures are
/// candidates until the rows show which one the table uses.
fn t3_labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        let mut cands: Vec<RowDef> = schema::t3_rows(Template::V2021);
        let old_r6 = schema::t3_rows(Template::V2019)
            .into_iter()
            .find(|r| r.id == "R6");
        if let Some(r6) = old_r6 {
            let pos = cands
                .iter()
                .position(|r| r.id == "R6.1")
                .unwrap_or(cands.len());
            cands.insert(pos, r6);
        }
        Labels::new(cands, &[])
    })
}

/// Table 二 of a template; its captions and `信息内容` are known words too.
fn t2_labels(t: Template) -> &'static Labels {
    static OLD: OnceLock<Labels> = OnceLock::new();
    static NEW: OnceLock<Labels> = OnceLock::new();
    let cell = match t {
        Template::V2019 => &OLD,
        Template::V2021 => &NEW,
    };
    cell.get_or_init(|| {
        let mut extra_words: Vec<&str> = schema::T2_CAPTIONS_OLD.to_vec();
        extra_words.push("信息内容");
        Labels::new(schema::rows(TableId::T2, t), &extra_words)
    })
}

/// Table 四: no row candidates (blocks are placed by position); its column
/// headers are the known words.
fn t4_labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        let words: Vec<&str> = schema::T4_COLS.iter().map(|c| c.label).collect();
        Labels::new(Vec::new(), &words)
    })
}

/// Header and caption cells (labels that were not row labels).
fn collect_headers(table: &mut Table, groups: &[Group]) {
    for g in groups {
        let values_blank = g.values.iter().all(|v| v.text.is_empty());
        // Labels followed by values are row labels (handled by `assign`),
        // except the pending junk before them, which is header text.
        let n = if values_blank {
            g.label.len()
        } else {
            g.label.len().saturating_sub(1)
        };
        for t in &g.label[..n] {
            if !t.text.is_empty() {
                table.headers.push(HeaderCell {
                    text: t.text.to_string(),
                    line: t.line,
                });
            }
        }
    }
}

/// Strip the ordinal of a label: `（一）予以公开` → `予以公开`, `1.属于…` → `属于…`.
fn core(n: &str) -> &str {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\([一二三四五六七八九十]{1,2}\)|\d{1,2}\.|[一二三四五六七八九十]、)").ok()
    });
    match re.as_ref().and_then(|re| re.find(n)) {
        Some(m) => &n[m.end()..],
        None => n,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    Fuzzy,
    Prefix,
    Core,
    Exact,
}

/// A candidate row with its label forms normalised once (see [`Labels`]).
struct Cand {
    label: String,
    chars: Vec<char>,
    /// Byte offset in `label` of each character, and the length: the
    /// prefix of `k` characters is `label[..bounds[k]]`.
    bounds: Vec<usize>,
    core: String,
    core_chars: usize,
    aliases: Vec<(String, usize)>,
}

impl Cand {
    fn new(d: &RowDef) -> Cand {
        let label = norm(d.label);
        let core = core(&label).to_string();
        Cand {
            chars: label.chars().collect(),
            bounds: label
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(label.len()))
                .collect(),
            core_chars: core.chars().count(),
            core,
            aliases: d
                .aliases
                .iter()
                .map(|a| {
                    let n = norm(a);
                    let k = n.chars().count();
                    (n, k)
                })
                .collect(),
            label,
        }
    }
}

/// Match a label (already normalised) against candidate rows:
/// * Exact: the label ends with the template label (junk before it is
///   header text or a group label);
/// * Core: it ends with the label minus its ordinal (`予以公开`);
/// * Prefix: it ends with the first half or more of the label, whose rest
///   follows the values on the next line (`pdftotext` wraps long labels
///   around the value line), possibly with a vertical group label in between;
/// * Fuzzy: a small edit distance at the end (typos, `法律行政止公开`).
///
/// Only exact matches may go back to an earlier row (STRUCT-7 reports a
/// reordered table); looser matches must keep template order.
fn match_label(
    l: &str,
    cands: &[Cand],
    taken: &[bool],
    next: usize,
) -> Option<(usize, Quality, bool)> {
    let mut best: Option<(usize, Quality, usize, bool)> = None; // (idx, q, len, via_alias)
    let consider = |best: &mut Option<(usize, Quality, usize, bool)>,
                    i: usize,
                    q: Quality,
                    len: usize,
                    alias: bool| {
        let better = match best {
            None => true,
            Some((bi, bq, blen, _)) => {
                (q, len) > (*bq, *blen) || ((q, len) == (*bq, *blen) && taken[*bi] && !taken[i])
            }
        };
        if better {
            *best = Some((i, q, len, alias));
        }
    };
    // Most labels are written exactly; settle those without any fuzzy work
    // (edit distances over every candidate were a sixth of parse time).
    for (i, c) in cands.iter().enumerate() {
        if l.ends_with(c.label.as_str()) {
            consider(&mut best, i, Quality::Exact, c.chars.len(), false);
        }
        for (a, k) in &c.aliases {
            if l.ends_with(a.as_str()) {
                consider(&mut best, i, Quality::Exact, *k, true);
            }
        }
    }
    if let Some((i, q, _, alias)) = best {
        if !taken[i] {
            return Some((i, q, alias));
        }
    }
    let chars: Vec<char> = l.chars().collect();
    let tail = |len: usize| -> &[char] { &chars[chars.len().saturating_sub(len)..] };
    // Exact matches are all in `best` already (and beat every looser one).
    for (i, c) in cands.iter().enumerate() {
        if taken[i] || i < next {
            continue;
        }
        let k = c.core_chars;
        if k >= 4 && l.ends_with(c.core.as_str()) {
            consider(&mut best, i, Quality::Core, k, false);
        }
        let n = c.chars.len();
        if n >= 12 {
            // A third of a long label is already distinctive among the rows
            // still to come (`2. 申请人逾期未按收费通知` / wrapped rest).
            for k in (n / 3).max(8)..n {
                if l.ends_with(&c.label[..c.bounds[k]]) {
                    consider(&mut best, i, Quality::Prefix, k, false);
                    break;
                }
            }
        }
        if n >= 4 && best.is_none_or(|b| b.1 < Quality::Prefix) {
            let allowed = (n / 4).max(1);
            let lo = n.saturating_sub(4).max(1);
            for len in lo..=n + 2 {
                if len > chars.len() {
                    break;
                }
                // The distance is at least the length difference.
                if len.abs_diff(n) > allowed {
                    continue;
                }
                if edit_distance_within(tail(len), &c.chars, allowed).is_some() {
                    consider(&mut best, i, Quality::Fuzzy, n, false);
                    break;
                }
            }
            // A wrapped long label with something (a vertical group label)
            // inside it: its first part, fuzzily, at the end.
            if n >= 12 && i < next + 3 && best.is_none() {
                'k: for k in ((n / 2).max(8)..n).rev() {
                    let prefix = &c.chars[..k];
                    let allowed = (k / 4).max(1);
                    for len in k.saturating_sub(allowed)..=k + allowed {
                        if len == 0 || len > chars.len() {
                            continue;
                        }
                        if edit_distance_within(tail(len), prefix, allowed).is_some() {
                            consider(&mut best, i, Quality::Fuzzy, k, false);
                            break 'k;
                        }
                    }
                }
            }
        }
    }
    best.map(|(i, q, _, alias)| (i, q, alias))
}

/// Local sub-rows kept per table. Real reports have a handful; a file with
/// 100,000 of them is broken or hostile, and every rule that walks a table
/// row by row would then do work quadratic in the file (issue 5: the
/// `t2-100k-local-rows` case of tests/hostile.rs ran for minutes). Rows past
/// this are recorded as unmatched labels.
const MAX_LOCAL_ROWS: usize = 200;

/// Map groups onto candidate rows (`prepared[i]` is `cands[i]` prepared);
/// records every row label in `table.rows`. Returns (row id, group) in file
/// order; template row ids borrow the schema's `&'static` ids.
fn assign<'g, 'r>(
    groups: &'g [Group<'r>],
    cands: &[RowDef],
    prepared: &[Cand],
    table: &mut Table,
) -> Vec<(Cow<'static, str>, &'g Group<'r>)> {
    let mut taken = vec![false; cands.len()];
    let mut next = 0usize;
    let mut out: Vec<(Cow<'static, str>, &Group)> = Vec::new();
    let mut last_extra_parent: Option<&'static str> = None;
    for g in groups {
        let has_values = g.values.iter().any(|v| !v.text.is_empty());
        if g.values.is_empty() {
            continue;
        }
        let l = g.label_norm();
        let m = match_label(&l, prepared, &taken, next);
        match m {
            Some((i, q, alias)) if q == Quality::Exact || has_values => {
                if !has_values && taken[i] {
                    continue;
                }
                let c = cands[i];
                let own = own_label(g, &prepared[i].label);
                table.rows.push(RowLabel {
                    row: Some(c.id.to_string()),
                    text: own,
                    line: g.line(),
                    value_count: g.values.len(),
                    canonical: if q == Quality::Exact && !alias {
                        None
                    } else {
                        Some(c.label)
                    },
                });
                if taken[i] {
                    // The same row twice: keep the first, report the second.
                    table.shape_errors.push(ShapeError {
                        row: c.id.to_string(),
                        expected: 0,
                        found: g.values.len(),
                        line: g.line(),
                    });
                    continue;
                }
                taken[i] = true;
                next = next.max(i + 1);
                last_extra_parent = None;
                out.push((Cow::Borrowed(c.id), g));
            }
            _ if has_values => {
                // Local sub-rows (LBL-7/T2-7): `其他对外管理服务事项` + `行政检查`,
                // then `行政确认` on its own.
                let parent = cands.iter().zip(prepared).find(|(_, p)| {
                    let p = p.label.as_str();
                    l.contains(p) && !l.ends_with(p)
                });
                let own = g.label.last().map(|t| norm(&t.text)).unwrap_or_default();
                let sub = match (parent, last_extra_parent) {
                    (Some((p, pp)), _) => {
                        let pl = pp.label.as_str();
                        let rest = l.rsplit_once(pl).map(|(_, r)| r.to_string()).unwrap_or(own);
                        Some((p.id, rest))
                    }
                    (None, Some(pid)) if !own.is_empty() && table.id == TableId::T2 => {
                        Some((pid, own))
                    }
                    _ => None,
                };
                match sub {
                    Some((pid, name))
                        if table.id == TableId::T2
                            && !name.is_empty()
                            && table.extra_rows.len() < MAX_LOCAL_ROWS =>
                    {
                        let id = format!("{pid}/{name}");
                        table.extra_rows.push(ExtraRow {
                            parent: pid.to_string(),
                            label: name.clone(),
                            line: g.line(),
                        });
                        table.rows.push(RowLabel {
                            row: Some(id.clone()),
                            text: name,
                            line: g.line(),
                            value_count: g.values.len(),
                            canonical: None,
                        });
                        last_extra_parent = Some(pid);
                        out.push((Cow::Owned(id), g));
                    }
                    _ => {
                        table.rows.push(RowLabel {
                            row: None,
                            text: g
                                .label
                                .last()
                                .map(|t| t.text.to_string())
                                .unwrap_or_default(),
                            line: g.line(),
                            value_count: g.values.len(),
                            canonical: None,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The part of a group's label cells that covers the matched label: drop
/// leading junk cells (headers, group labels) that the match did not need.
fn own_label(g: &Group, matched: &str) -> String {
    let want = matched.chars().count();
    let mut parts: Vec<&str> = Vec::new();
    let mut n = 0usize;
    for t in g.label.iter().rev() {
        let c = norm_len(&t.text);
        if c == 0 {
            continue;
        }
        parts.push(&t.text);
        n += c;
        if n + 2 >= want {
            break;
        }
    }
    parts.iter().rev().copied().collect()
}

/// Drop blank cells at the ends while there are more than `n`.
fn trim_blanks<'a, 'r>(vals: &'a [&'r Tok<'r>], n: usize) -> &'a [&'r Tok<'r>] {
    let mut v = vals;
    while v.len() > n && v.last().is_some_and(|t| t.text.is_empty()) {
        v = &v[..v.len() - 1];
    }
    while v.len() > n && v.first().is_some_and(|t| t.text.is_empty()) {
        v = &v[1..];
    }
    v
}

/// The id of a template cell, borrowing the schema's `&'static` ids (what
/// [`CellId::new`] returns for them, without its two hash lookups).
fn static_cell_id(table: TableId, row: &'static str, col: &'static str) -> CellId {
    CellId {
        table,
        row: Cow::Borrowed(row),
        col: Cow::Borrowed(col),
    }
}

/// Build the table's cells from the assigned groups: every cell of `rows`
/// (Absent when not found), then the local extra rows.
fn fill_cells(table: &mut Table, rows: &[RowDef], assigned: &[(Cow<'static, str>, &Group)]) {
    // Each template cell goes straight to its slot (the first one found
    // wins), which is what `complete_cells` would make of them in file
    // order, without searching the template for every cell.
    let (offsets, mut slots) = template_slots(rows);
    let mut extra: Vec<Cell> = Vec::new();
    for (id, g) in assigned {
        let parent = id.split('/').next().unwrap_or(id);
        let Some(ri) = rows.iter().position(|r| r.id == parent) else {
            continue;
        };
        let def = &rows[ri];
        let n = def.cols.len();
        let vals = trim_blanks(&g.values, n);
        let placed: Vec<Option<&Tok>> = if vals.len() == n {
            vals.iter().copied().map(Some).collect()
        } else if vals.len() < n && vals.iter().any(|t| t.text.is_empty()) {
            // Blank cells were merged away: the row is right-aligned (the
            // 总计 cell is last and spans come from the label side).
            let mut p: Vec<Option<&Tok>> = vec![None; n - vals.len()];
            p.extend(vals.iter().copied().map(Some));
            p
        } else if vals.len() < n && n <= 3 && vals.len() == 1 && table.id == TableId::T2 {
            // Table 二 rows whose later cells are simply missing.
            let mut p: Vec<Option<&Tok>> = vals.iter().copied().map(Some).collect();
            p.resize(n, None);
            table.shape_errors.push(ShapeError {
                row: id.to_string(),
                expected: n,
                found: 1,
                line: g.line(),
            });
            p
        } else {
            table.shape_errors.push(ShapeError {
                row: id.to_string(),
                expected: n,
                found: vals.len(),
                line: g.line(),
            });
            // Extra or missing cells: which value belongs to which column
            // cannot be known, so none is read (STRUCT-6 reports the row).
            // Reading the first n would invent arithmetic errors (regression:
            // kirogov-stcsm R6.2, a stray `1` line before a 7-value row).
            vec![None; n]
        };
        push_uncertain(table, id, &placed, g.line());
        let is_extra = id.contains('/');
        for (ci, (col, tok)) in def.cols.iter().zip(placed).enumerate() {
            let cid = if is_extra {
                CellId::new(table.id, id.as_ref(), col.id)
            } else {
                static_cell_id(table.id, def.id, col.id)
            };
            let cell = match tok {
                Some(t) => make_cell(cid, t, col.kind == schema::ColKind::Money),
                None => {
                    if table.id == TableId::T3 || table.id == TableId::T2 {
                        Cell {
                            id: cid,
                            value: Value::Blank,
                            raw: String::new(),
                            line: g.line(),
                            unit_in_cell: None,
                            recovered: false,
                        }
                    } else {
                        Cell::absent(cid)
                    }
                }
            };
            if is_extra {
                extra.push(cell);
            } else if let Some(slot) = slots.get_mut(offsets[ri] + ci) {
                if slot.is_none() {
                    *slot = Some(cell);
                }
            }
        }
    }
    table.cells = ordered_cells(table.id, rows, &offsets, slots);
    table.cells.extend(extra);
}

/// The slot offset of each template row, and an empty slot per template cell.
fn template_slots(rows: &[RowDef]) -> (Vec<usize>, Vec<Option<Cell>>) {
    let mut offsets = Vec::with_capacity(rows.len());
    let mut n = 0;
    for r in rows {
        offsets.push(n);
        n += r.cols.len();
    }
    let mut slots = Vec::with_capacity(n);
    slots.resize_with(n, || None);
    (offsets, slots)
}

/// Every template cell in template order: the slot's cell, or Absent.
fn ordered_cells(
    table: TableId,
    rows: &[RowDef],
    offsets: &[usize],
    mut slots: Vec<Option<Cell>>,
) -> Vec<Cell> {
    let mut ordered = Vec::with_capacity(slots.len());
    for (r, &off) in rows.iter().zip(offsets) {
        for (ci, c) in r.cols.iter().enumerate() {
            ordered.push(
                slots
                    .get_mut(off + ci)
                    .and_then(Option::take)
                    .unwrap_or_else(|| Cell::absent(static_cell_id(table, r.id, c.id))),
            );
        }
    }
    ordered
}

/// A row holding values that flattened text could not split with certainty
/// (see `flat`): STRUCT-6 names the row, with the values that could be read.
fn push_uncertain(table: &mut Table, row: &str, placed: &[Option<&Tok>], line: usize) {
    let unsure = placed
        .iter()
        .flatten()
        .filter(|t| super::flat::is_uncertain(&t.text))
        .count();
    if unsure > 0 && !table.shape_errors.iter().any(|e| e.row == row) {
        table.shape_errors.push(ShapeError {
            row: row.to_string(),
            expected: placed.len(),
            found: placed.len() - unsure,
            line,
        });
    }
}

/// Make sure every template cell is present (Absent when not read), in
/// template order.
fn complete_cells(table: &mut Table, rows: &[RowDef]) {
    // Each cell is moved to its template slot (the first one found wins)
    // instead of searching all cells for every slot and cloning: that was
    // quadratic in the table size (issue 5).
    let (offsets, mut slots) = template_slots(rows);
    let mut extras: Vec<Cell> = Vec::new();
    for cell in std::mem::take(&mut table.cells) {
        match rows.iter().position(|r| r.id == cell.id.row) {
            Some(ri) => {
                if let Some(ci) = rows[ri].cols.iter().position(|c| c.id == cell.id.col) {
                    let slot = &mut slots[offsets[ri] + ci];
                    if slot.is_none() {
                        *slot = Some(cell);
                    }
                }
            }
            None => extras.push(cell),
        }
    }
    let mut ordered = ordered_cells(table.id, rows, &offsets, slots);
    ordered.extend(extras);
    table.cells = ordered;
}

/// A parent row given only as local sub-rows (sample 001: `其他对外管理服务事项`
/// split into `行政检查` and `行政确认`) gets the sum of its sub-rows, so the
/// template cells exist for the rules; T2-7 reports the split.
fn derive_parents(table: &mut Table, t: Template) {
    let rows = schema::rows(TableId::T2, t);
    for r in &rows {
        let subs: Vec<&crate::report::ExtraRow> = table
            .extra_rows
            .iter()
            .filter(|e| e.parent == r.id)
            .collect();
        if subs.is_empty() {
            continue;
        }
        let parent_absent = r
            .cols
            .iter()
            .all(|c| matches!(table.value(r.id, c.id), Value::Absent));
        if !parent_absent {
            continue;
        }
        let names: Vec<String> = subs.iter().map(|s| s.label.clone()).collect();
        for c in r.cols {
            let mut sum: Option<i64> = Some(0);
            let mut line = 0;
            for s in &subs {
                let cell = table.cell(&format!("{}/{}", r.id, s.label), c.id);
                let v = cell.and_then(|x| x.value.int());
                if line == 0 {
                    line = cell.map(|x| x.line).unwrap_or(0);
                }
                sum = match (sum, v) {
                    (Some(a), Some(b)) => a.checked_add(b),
                    _ => None,
                };
            }
            if let Some(cell) = table
                .cells
                .iter_mut()
                .find(|x| x.id.row == r.id && x.id.col == c.id)
            {
                if let Some(s) = sum {
                    cell.value = Value::Int(s);
                    cell.raw = format!("Σ {}", names.join(" + "));
                    cell.line = line;
                }
            }
        }
    }
}

fn make_cell(id: CellId, tok: &Tok, money: bool) -> Cell {
    // A value flattened text could not split with certainty: no number, and
    // the raw text says why (the row's shape error is added by the caller).
    if super::flat::is_uncertain(&tok.text) {
        return Cell {
            id,
            value: Value::Absent,
            raw: super::flat::uncertain_note(&tok.text).to_string(),
            line: tok.line,
            unit_in_cell: None,
            recovered: false,
        };
    }
    let rv = read_value(&tok.text, money);
    Cell {
        id,
        value: rv.value,
        raw: tok.text.to_string(),
        line: tok.line,
        unit_in_cell: rv.unit.filter(|u| u.contains('元')),
        recovered: tok.recovered,
    }
}

fn unreadable_reason(rows: &[Row]) -> String {
    let longest = rows
        .iter()
        .map(|r| r.text.chars().count())
        .max()
        .unwrap_or(0);
    if longest > 300 {
        "表格单元格之间没有分隔符（网页文本被压平），无法可靠读取 (cells run together without separators)".into()
    } else {
        "找到表格标题，但未能读取任何数值 (table found but no values could be read)".into()
    }
}

// ---- Headings and titles ----------------------------------------------------

/// The ordinal of a `一、…` line (1 for 一 … 10 for 十).
pub fn heading_ordinal(text: &str) -> Option<u8> {
    let stripped = strip_markdown_str(text);
    if surely_no_heading(stripped) {
        return None;
    }
    // Only the first two characters matter: normalise a short prefix, not a
    // whole (possibly 10 MB) line (issue 5), and without a copy when it is
    // made of the usual characters.
    let end = stripped
        .char_indices()
        .nth(64)
        .map_or(stripped.len(), |(i, _)| i);
    let head = &stripped[..end];
    let (first, second) = norm_first_two(head).unwrap_or_else(|| {
        let t = norm(head);
        let mut chars = t.chars();
        (chars.next(), chars.next())
    });
    let (first, second) = (first?, second?);
    if second == '、' {
        cn_numeral(first)
    } else {
        None
    }
}

/// True when the first character alone shows that `t` is no `一、` heading:
/// one of the usual characters ([`nfkc_simple`]) that is neither whitespace
/// nor a numeral stays the first character of the normalised text (nothing
/// composes with it). Most lines are decided here without normalising.
fn surely_no_heading(t: &str) -> bool {
    t.chars()
        .next()
        .and_then(nfkc_simple)
        .is_some_and(|m| !m.is_whitespace() && cn_numeral(m).is_none())
}

fn is_heading_row(r: &Row) -> bool {
    // `strip_markdown` only removes leading whitespace, `#`, `>` and `**`:
    // a first character that is none of them survives it, so the line can
    // be rejected before stripping (this runs on every row).
    if !r.text.starts_with(['#', '>', '*']) && surely_no_heading(&r.text) {
        return false;
    }
    let t = strip_markdown_str(&r.text);
    // Cheapest test first (all three are pure).
    heading_ordinal(t).is_some()
        && (3..=60).contains(&t.chars().count())
        && !r
            .cells
            .iter()
            .skip(1)
            .any(|c| !c.text.is_empty() && looks_like_value(&c.text))
}

/// Match a heading line against the six canonical titles and their variants
/// by the text after `X、` (so a shifted numeral still finds its section,
/// and STRUCT-3 can compare). Returns (ordinal, canonical when not exact).
pub fn match_section(text: &str) -> Option<(u8, Option<&'static str>)> {
    let t = norm(&strip_markdown(text));
    let body = t.split_once('、')?.1;
    let body = body.trim_end_matches(['。', ':', '：', '.', ';', '；']);
    if body.is_empty() {
        return None;
    }
    // The titles' bodies normalised and split into characters once.
    static BODIES: OnceLock<Vec<(u8, &'static str, Vec<char>)>> = OnceLock::new();
    let bodies = BODIES.get_or_init(|| {
        SECTIONS
            .iter()
            .flat_map(|s| {
                std::iter::once(&s.title)
                    .chain(s.variants.iter())
                    .map(move |cand| {
                        let cn = norm(cand);
                        let cb = cn.split_once('、').map(|x| x.1).unwrap_or(&cn);
                        (s.ordinal, s.title, cb.chars().collect())
                    })
            })
            .collect()
    });
    let body: Vec<char> = body.chars().collect();
    // Distance 0 is equality, and the first candidate at the smallest
    // distance wins: an equal candidate settles it without any table.
    let exact = bodies.iter().find(|b| b.2 == body);
    let mut best: Option<(usize, u8, &'static str)> = exact.map(|b| (0, b.0, b.1));
    for (ordinal, title, cb) in bodies.iter().filter(|_| exact.is_none()) {
        let allowed = (cb.len() / 3).min(3);
        // Candidates further than `allowed` are dropped: stop computing
        // their distance as soon as that is certain.
        let Some(d) = edit_distance_within(&body, cb, allowed) else {
            continue;
        };
        if best.is_none_or(|b| d < b.0) {
            best = Some((d, *ordinal, *title));
        }
    }
    let (d, ord, title) = best?;
    let numeral_ok = t.starts_with(
        crate::report::schema::section_def(ord)
            .map(|s| s.numeral)
            .unwrap_or(' '),
    );
    // Accepted variants (SPEC §1.2) are not typos; anything else is named
    // with the canonical title for LBL-1.
    let canonical = if d == 0 && numeral_ok {
        None
    } else {
        Some(title)
    };
    Some((ord, canonical))
}

/// Cut a title out of a longer line: up to the end of `…年度报告`.
fn cut_title(raw: &str) -> String {
    let mut t = raw.trim().to_string();
    for prefix in ["标题:", "标题：", "题目:", "题目："] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim().to_string();
        }
    }
    if let Some(p) = t.find("报告") {
        t.truncate(p + "报告".len());
    }
    // Breadcrumbs before the title on flattened web pages
    // (`当前位置： 首页…年报 平潭…2021年度政府信息公开工作年度报告`): keep the
    // last space-separated part that still holds the year.
    if t.chars().count() > 40 {
        if let Some(p) = t.rfind([' ', '>', '　']) {
            let tail = t[p..].trim_start_matches([' ', '>', '　']).to_string();
            if split_title(&tail).0.is_some() && norm(&tail).contains("政府信息公开") {
                t = tail;
            }
        }
    }
    t
}

/// (year, agency) from a title (SPEC §1.1).
pub fn split_title(title: &str) -> (Option<i32>, Option<String>) {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"((?:19|20)\d{2})\s*年度?").ok());
    let t = norm(title);
    let Some(re) = re else { return (None, None) };
    let year = re
        .captures(&t)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<i32>().ok());
    let mut agency = re.replace(&t, "").to_string();
    for suffix in [
        "政府信息公开工作年度报告",
        "政府信息公开年度报告",
        "信息公开工作年度报告",
        "政府信息公开工作年报",
        "年度报告",
    ] {
        if let Some(p) = agency.find(suffix) {
            agency.truncate(p);
            break;
        }
    }
    let agency = agency.trim_end_matches("年度").trim().to_string();
    let agency = agency
        .trim_matches(|c: char| c == '《' || c == '》' || c == '"')
        .to_string();
    (
        year,
        if agency.is_empty() {
            None
        } else {
            Some(agency)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_per_spec_1_1() {
        assert_eq!(
            split_title("金水区科学技术局2020年政府信息公开工作年度报告"),
            (Some(2020), Some("金水区科学技术局".into()))
        );
        assert_eq!(
            split_title("2021年白碱滩区(克拉玛依高新区)科技局政府信息公开工作年度报告"),
            (Some(2021), Some("白碱滩区(克拉玛依高新区)科技局".into()))
        );
        assert_eq!(
            split_title("平湖市科技局 2021 年度政府信息公开工作 年度报告"),
            (Some(2021), Some("平湖市科技局".into()))
        );
        assert_eq!(
            split_title("2020年政府信息公开工作年度报告"),
            (Some(2020), None)
        );
    }

    #[test]
    fn sections_match_by_text_not_ordinal() {
        assert_eq!(match_section("一、总体情况"), Some((1, None)));
        assert_eq!(
            match_section("## 二、主动公开政府信息情况"),
            Some((2, None))
        );
        assert_eq!(
            match_section("六、其他说要报告的事项").map(|m| m.0),
            Some(6)
        );
        assert!(match_section("六、其他说要报告的事项").unwrap().1.is_some());
        assert_eq!(match_section("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(match_section("三、本年度办理结果"), None);
        assert_eq!(match_section("四、结转下年度继续办理"), None);
        assert_eq!(
            match_section("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
            Some((4, None))
        );
    }

    #[test]
    fn wrapped_label_with_spaced_numbering_matches_by_prefix() {
        // Regression (round-trip seed 0, space-aligned): `2. ` with a space
        // leaves only a third of the R6.2 label before the values.
        let rows: Vec<RowDef> = schema::t3_rows(Template::V2021);
        let cands: Vec<Cand> = rows.iter().map(Cand::new).collect();
        let taken = vec![false; cands.len()];
        let next = rows.iter().position(|r| r.id == "R6.2").unwrap_or(0);
        let m = match_label(&norm("2. 申请人逾期未按收费通知"), &cands, &taken, next);
        assert_eq!(
            m.map(|(i, q, _)| (rows[i].id, q)),
            Some(("R6.2", Quality::Prefix))
        );
    }

    #[test]
    fn noise_cells() {
        assert!(is_noise("-3-"));
        assert!(is_noise("— 3 —"));
        assert!(!is_noise("-8"));
        assert!(!is_noise("3"));
    }
}
