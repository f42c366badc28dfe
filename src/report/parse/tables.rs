//! The three tables: each region read as a stream of cells
//! ([`super::stream`]), its labels matched and its values placed
//! ([`super::place`]); table 四 placed by position.

use super::place::{
    assign, complete_cells, derive_parents, fill_cells, make_cell, push_uncertain, static_cell_id,
    trim_blanks, unreadable_reason,
};
use super::regions::Regions;
use super::stream::{
    collect_headers, stream_groups, t2_labels, t3_labels, t4_labels, Group, Labels,
};
use super::Parser;
use crate::report::forms::Tok;
use crate::report::schema::{self, Template, NEW_MARKERS, OLD_MARKERS};
use crate::report::template::decide::{decide, Evidence, Markers, SixRows};
use crate::report::template::norm::norm;
use crate::report::{RowLabel, ShapeError, Table, TableId};
use std::sync::OnceLock;

impl Parser<'_> {
    pub(super) fn tables(&mut self, regions: &Regions) {
        // T3 first: its （六） structure is evidence for the template.
        let t3 = regions.t3.map(|(a, b)| self.table3(a, b));
        let t2_markers = regions
            .t2
            .map(|(a, b)| self.markers(a, b))
            .unwrap_or_default();
        let mut markers = Markers::default();
        for m in &t2_markers {
            match m.2 {
                Template::V2019 => markers.v2019 += 1,
                Template::V2021 => markers.v2021 += 1,
            }
        }
        let evidence = Evidence {
            markers,
            six: t3.as_ref().map(|t| t.1).unwrap_or_default(),
            year: self.report.year,
            tables: regions.t2.is_some() || regions.t3.is_some() || regions.t4.is_some(),
        };
        let template = decide(&evidence).map(|d| d.0);
        self.report.template_evidence = evidence;
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

    pub(super) fn markers(&self, a: usize, b: usize) -> Vec<(String, usize, Template)> {
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

    pub(super) fn new_table(&self, id: TableId, start: usize) -> Table {
        let line = self.rows.get(start).map(|r| r.line).unwrap_or(0);
        Table::new(id, line, self.section_of(start))
    }

    /// Table 三; also returns which （六） rows it has and their markers.
    #[allow(clippy::type_complexity)]
    pub(super) fn table3(
        &mut self,
        a: usize,
        b: usize,
    ) -> (Table, SixRows, Vec<(String, usize, Template)>) {
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
        let six = SixRows {
            v2019: assigned.iter().any(|(id, _)| id == "R6"),
            v2021: assigned.iter().any(|(id, _)| id.starts_with("R6.")),
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
        // Laid out before the report's template is decided (these rows are
        // evidence for it), by what the table shows itself.
        let layout = Evidence {
            six,
            year: self.report.year,
            ..Evidence::default()
        }
        .t3_layout();
        let rows = schema::t3_rows(layout);
        fill_cells(&mut table, rows, &assigned);
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
        (table, six, markers)
    }

    pub(super) fn table2(&mut self, a: usize, b: usize, t: Template) -> Table {
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

    pub(super) fn table4(&mut self, a: usize, b: usize) -> Table {
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
                    .map_or(table.line, |c| c.line.unwrap_or(0)),
                value_count: 5,
                canonical: None,
            });
        }
        complete_cells(&mut table, schema::T4_ROWS);
        table
    }
}

#[cfg(test)]
mod tests {
    use crate::report::parse::parse_text;
    use crate::report::template::decide::{decide, Basis};
    use crate::synth::{random_report, render, Layout};

    /// The parser keeps the evidence it decided on: the decision can be
    /// replayed from the report alone, and table 三's template follows it.
    #[test]
    fn the_decision_and_its_evidence_stay_on_the_report() {
        for seed in 0..12 {
            let s = random_report(seed);
            let r = parse_text("t.txt", &render(&s, Layout::Tsv));
            let e = &r.template_evidence;
            assert_eq!(decide(e).map(|d| d.0), r.template, "seed {seed}");
            assert_eq!(r.template, Some(s.template), "seed {seed}");
            assert_eq!(r.t3_template(), Some(s.template), "seed {seed}");
            assert_eq!(r.template_or_current(), s.template);
            assert!(e.tables && e.six.template() == Some(s.template));
            assert_ne!(decide(e).map(|d| d.1), Some(Basis::Year));
        }
    }
}
