//! A table region as a stream of cells: label cells, then the value cells
//! that follow them (see the module docs of [`super`]).

use super::Normed;
use crate::report::forms::{Row, Tok};
use crate::report::schema::{self, RowDef, Template};
use crate::report::template::matcher::{strip_ordinal, Cand};
use crate::report::template::norm::{norm, norm_joined};
use crate::report::text::looks_like_value;
use crate::report::{HeaderCell, Table, TableId};
use std::sync::OnceLock;

/// A row label (possibly spread over several cells and lines) and the value
/// cells that follow it. Borrows the cells of the rows (no copies).
#[derive(Debug, Clone)]
pub(super) struct Group<'r> {
    pub(super) label: Vec<&'r Tok<'r>>,
    pub(super) values: Vec<&'r Tok<'r>>,
}

impl Group<'_> {
    /// The label cells joined, normalised ([`norm`] of their concatenation).
    pub(super) fn label_norm(&self) -> String {
        norm_joined(self.label.iter().map(|t| &*t.text))
    }
    pub(super) fn line(&self) -> usize {
        self.label
            .last()
            .or(self.values.first())
            .map(|t| t.line)
            .unwrap_or(0)
    }
}

/// A page footer left inside a table by PDF extraction: `-3-`, `— 3 —`.
pub(super) fn is_noise(t: &str) -> bool {
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
pub(super) fn stream_groups<'r>(
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
            let value = looks_like_value(&tok.text) || tok.uncertain;
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

pub(super) fn label_set(rows: &[RowDef], words: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in rows {
        v.push(norm(r.label));
        v.push(strip_ordinal(&norm(r.label)).to_string());
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
pub(super) struct Labels {
    pub(super) rows: Vec<RowDef>,
    pub(super) cands: Vec<Cand>,
    pub(super) known: Vec<String>,
}

impl Labels {
    pub(super) fn new(rows: Vec<RowDef>, words: &[&str]) -> Labels {
        Labels {
            cands: rows.iter().map(Cand::new).collect(),
            known: label_set(&rows, words),
            rows,
        }
    }
}

/// Table 三: candidates in template order; both （六） structures are
/// candidates until the rows show which one the table uses.
pub(super) fn t3_labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        let mut cands: Vec<RowDef> = schema::t3_rows(Template::V2021).to_vec();
        let old_r6 = schema::t3_rows(Template::V2019)
            .iter()
            .find(|r| r.id == "R6");
        if let Some(r6) = old_r6 {
            let pos = cands
                .iter()
                .position(|r| r.id == "R6.1")
                .unwrap_or(cands.len());
            cands.insert(pos, *r6);
        }
        Labels::new(cands, &[])
    })
}

/// Table 二 of a template; its captions and `信息内容` are known words too.
pub(super) fn t2_labels(t: Template) -> &'static Labels {
    static OLD: OnceLock<Labels> = OnceLock::new();
    static NEW: OnceLock<Labels> = OnceLock::new();
    let cell = match t {
        Template::V2019 => &OLD,
        Template::V2021 => &NEW,
    };
    cell.get_or_init(|| {
        let mut extra_words: Vec<&str> = schema::T2_CAPTIONS_OLD.to_vec();
        extra_words.push("信息内容");
        Labels::new(schema::rows(TableId::T2, t).to_vec(), &extra_words)
    })
}

/// Table 四: no row candidates (blocks are placed by position); its column
/// headers are the known words.
pub(super) fn t4_labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        let words: Vec<&str> = schema::T4_COLS.iter().map(|c| c.label).collect();
        Labels::new(Vec::new(), &words)
    })
}

/// Header and caption cells (labels that were not row labels).
pub(super) fn collect_headers(table: &mut Table, groups: &[Group]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_cells() {
        assert!(is_noise("-3-"));
        assert!(is_noise("— 3 —"));
        assert!(!is_noise("-8"));
        assert!(!is_noise("3"));
    }
}
