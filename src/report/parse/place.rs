//! Placement: which template row a label is, and which column each value
//! of its run goes to; every template cell present in template order.

use super::stream::Group;
use crate::report::forms::{Row, Tok};
use crate::report::schema::{self, RowDef, Template};
use crate::report::template::matcher::{match_label, Cand, Quality};
use crate::report::template::norm::{norm, norm_len};
use crate::report::text::read_value;
use crate::report::{Cell, CellId, ExtraRow, RowLabel, ShapeError, Table, TableId, Value};
use std::borrow::Cow;

/// Local sub-rows kept per table. Real reports have a handful; a file with
/// 100,000 of them is broken or hostile, and every rule that walks a table
/// row by row would then do work quadratic in the file (issue 5: the
/// `t2-100k-local-rows` case of tests/hostile.rs ran for minutes). Rows past
/// this are recorded as unmatched labels.
pub(super) const MAX_LOCAL_ROWS: usize = 200;

/// Map groups onto candidate rows (`prepared[i]` is `cands[i]` prepared);
/// records every row label in `table.rows`. Returns (row id, group) in file
/// order; template row ids borrow the schema's `&'static` ids.
pub(super) fn assign<'g, 'r>(
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
pub(super) fn own_label(g: &Group, matched: &str) -> String {
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
pub(super) fn trim_blanks<'a, 'r>(vals: &'a [&'r Tok<'r>], n: usize) -> &'a [&'r Tok<'r>] {
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
pub(super) fn static_cell_id(table: TableId, row: &'static str, col: &'static str) -> CellId {
    CellId {
        table,
        row: Cow::Borrowed(row),
        col: Cow::Borrowed(col),
    }
}

/// Build the table's cells from the assigned groups: every cell of `rows`
/// (Absent when not found), then the local extra rows.
pub(super) fn fill_cells(
    table: &mut Table,
    rows: &[RowDef],
    assigned: &[(Cow<'static, str>, &Group)],
) {
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
                            line: Some(g.line()),
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
pub(super) fn template_slots(rows: &[RowDef]) -> (Vec<usize>, Vec<Option<Cell>>) {
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
pub(super) fn ordered_cells(
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
pub(super) fn push_uncertain(table: &mut Table, row: &str, placed: &[Option<&Tok>], line: usize) {
    let unsure = placed.iter().flatten().filter(|t| t.uncertain).count();
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
pub(super) fn complete_cells(table: &mut Table, rows: &[RowDef]) {
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
pub(super) fn derive_parents(table: &mut Table, t: Template) {
    let rows = schema::rows(TableId::T2, t);
    for r in rows {
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
            let mut line = None;
            for s in &subs {
                let cell = table.cell(&format!("{}/{}", r.id, s.label), c.id);
                let v = cell.and_then(|x| x.value.int());
                if line.is_none() {
                    line = cell.and_then(|x| x.line);
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

pub(super) fn make_cell(id: CellId, tok: &Tok, money: bool) -> Cell {
    // A value flattened text could not split with certainty: no number, and
    // the raw text says why (the row's shape error is added by the caller).
    if tok.uncertain {
        return Cell {
            id,
            value: Value::Absent,
            raw: tok.text.trim().to_string(),
            line: Some(tok.line),
            unit_in_cell: None,
            recovered: false,
        };
    }
    let rv = read_value(&tok.text, money);
    Cell {
        id,
        value: rv.value,
        raw: tok.text.to_string(),
        line: Some(tok.line),
        unit_in_cell: rv.unit.filter(|u| u.contains('元')),
        recovered: tok.recovered,
    }
}

pub(super) fn unreadable_reason(rows: &[Row]) -> String {
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
