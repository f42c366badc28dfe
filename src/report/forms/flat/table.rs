//! The tables of a flattened stretch: text cut into label cells at the
//! template's known texts, digit runs split into value cells, and table 三's
//! ambiguous rows settled by the column identities when they can be.

use super::detect::nchars;
use super::split::{fold_digit, split_or_printed, Kind, Split, Sum};
use super::{tok, TableKind, COMBO_BUDGET};
use crate::report::forms::{Row, Tok};
use crate::report::schema::{self, RowDef, Template, T3_COLS};
use crate::report::template::identities::{Identity, Scope, IDENTITIES};
use crate::report::template::matcher::row_ending;
use crate::report::template::norm::NormMap;
use std::borrow::Cow;

/// A table row before its values are settled.
struct PRow {
    label: Vec<Tok<'static>>,
    /// Row id (when the label is a known row), the run, and its splits.
    values: Option<Values>,
}

struct Values {
    id: Option<&'static str>,
    run: String,
    split: Split,
    n: usize,
}

/// Text that is a header, caption or label of the table, for cutting a text
/// stretch into cells.
fn known_texts(kind: TableKind) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    match kind {
        TableKind::T2 => {
            v.extend_from_slice(schema::T2_CAPTIONS_OLD);
            v.push("信息内容");
            for r in schema::T2_NEW.iter().chain(schema::T2_OLD.iter()) {
                v.push(r.label);
                v.extend(r.cols.iter().map(|c| c.label));
            }
            v.extend_from_slice(&["本年收费金额", "（单位：万元）"]);
        }
        TableKind::T3 => {
            v.push(schema::T3_NOTE);
            v.extend_from_slice(&["申请人情况", "法人或其他组织"]);
            v.extend(schema::T3_COLS.iter().map(|c| c.label));
            v.extend_from_slice(schema::T3_GROUPS);
            for r in t3_all_rows() {
                v.push(r.label);
            }
        }
        TableKind::T4 => {
            v.extend_from_slice(&["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]);
            v.extend(schema::T4_COLS.iter().map(|c| c.label));
        }
    }
    v
}

fn t3_all_rows() -> Vec<RowDef> {
    let mut v = schema::t3_rows(Template::V2021).to_vec();
    v.extend(
        schema::t3_rows(Template::V2019)
            .iter()
            .filter(|r| r.id == "R6"),
    );
    v
}

/// Cut a text stretch into cells at the known texts (longest match first).
fn label_cells(s: &str, known: &[Vec<char>], line: usize) -> Vec<Tok<'static>> {
    let n = NormMap::new(s);
    let mut out = Vec::new();
    let mut i = 0;
    let mut unknown_from: Option<usize> = None;
    let flush = |from: Option<usize>, to: usize, out: &mut Vec<Tok>| {
        if let Some(f) = from {
            let a = n.at.get(f).copied().unwrap_or(s.len());
            let b = n.at.get(to).copied().unwrap_or(s.len());
            if a < b && !s[a..b].trim().is_empty() {
                out.push(tok(&s[a..b], line));
            }
        }
    };
    while i < n.chars.len() {
        let m = known
            .iter()
            .filter(|k| n.chars[i..].starts_with(k))
            .map(Vec::len)
            .max();
        match m {
            Some(len) => {
                flush(unknown_from.take(), i, &mut out);
                let a = n.at[i];
                let b = n.end[i + len - 1];
                out.push(tok(&s[a..b], line));
                i += len;
            }
            None => {
                unknown_from.get_or_insert(i);
                i += 1;
            }
        }
    }
    flush(unknown_from, n.chars.len(), &mut out);
    out
}

/// The row a label ends with (normalised, longest label wins).
fn row_of(label: &[Tok], defs: &[RowDef]) -> Option<RowDef> {
    // Only the end matters: the last cells up to the longest label's length
    // (keeps long runs of stray text linear).
    let longest = defs
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut l: Vec<char> = Vec::new();
    for t in label.iter().rev() {
        let mut c = nchars(&t.text);
        c.extend(l);
        l = c;
        if l.len() >= longest {
            break;
        }
    }
    row_ending(&l, defs)
}

/// Split a table stretch into text and value runs.
fn lex(s: &str, kind: TableKind) -> Vec<(bool, usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let digit = |c: char| fold_digit(c).is_ascii_digit();
    let mut out: Vec<(bool, usize, usize)> = Vec::new();
    let mut i = 0;
    let mut text_from = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let sign = kind == TableKind::T2
            && matches!(fold_digit(c), '-' | '+')
            && chars.get(i + 1).is_some_and(|x| digit(x.1));
        if !(digit(c) || sign) {
            i += 1;
            continue;
        }
        // A run: digits and spaces (and, in table 二, signs, decimal points
        // and a trailing unit).
        let mut j = i;
        let mut last_digit = i;
        while j < chars.len() {
            let c = fold_digit(chars[j].1);
            let ok = c.is_ascii_digit()
                || c.is_whitespace()
                || c == '\u{3000}'
                || (kind == TableKind::T2 && matches!(c, '-' | '+' | '.'));
            if !ok {
                break;
            }
            if c.is_ascii_digit() {
                last_digit = j;
            }
            j += 1;
        }
        let mut end = last_digit + 1;
        if kind == TableKind::T2 {
            let rest: String = chars[end..chars.len().min(end + 2)]
                .iter()
                .map(|x| x.1)
                .collect();
            if rest.starts_with("万元") {
                end += 2;
            } else if rest.starts_with('元') {
                end += 1;
            }
        } else {
            // `…0000037` + `2.没有现成信息…`: the digit before `.`/`、` is the
            // next label's ordinal, not a value.
            let next = chars.get(end).map(|x| fold_digit(x.1));
            if matches!(next, Some('.' | '、')) {
                end -= 1;
            }
        }
        if end <= i {
            i = last_digit + 1;
            continue;
        }
        let a = at;
        let b = chars.get(end).map_or(s.len(), |x| x.0);
        if text_from < a {
            out.push((false, text_from, a));
        }
        out.push((true, a, b));
        text_from = b;
        i = end;
    }
    if text_from < s.len() {
        out.push((false, text_from, s.len()));
    }
    out
}

pub(super) fn table(
    s: &str,
    line: usize,
    kind: TableKind,
    hint: Option<Template>,
    rows: &mut Vec<Row>,
) {
    let known: Vec<Vec<char>> = known_texts(kind)
        .iter()
        .map(|k| nchars(k))
        .filter(|k| !k.is_empty())
        .collect();
    let t2_defs: &[RowDef] = match hint {
        Some(t) => schema::rows(crate::report::TableId::T2, t),
        None => &[],
    };
    let t2_labels: Vec<RowDef> = schema::T2_NEW
        .iter()
        .chain(schema::T2_OLD.iter())
        .copied()
        .collect();
    let t3_defs = t3_all_rows();
    let mut prows: Vec<PRow> = Vec::new();
    let mut label: Vec<Tok> = Vec::new();
    let mut t4_done = false;
    for (is_run, a, b) in lex(s, kind) {
        let piece = &s[a..b];
        if !is_run {
            label.extend(label_cells(piece, &known, line));
            continue;
        }
        let spec: Option<(Option<&'static str>, Vec<Kind>, Sum)> = match kind {
            TableKind::T3 => Some((
                row_of(&label, &t3_defs).map(|d| d.id),
                vec![Kind::Count; 7],
                Sum::Last,
            )),
            TableKind::T4 if !t4_done => {
                t4_done = true;
                Some((None, vec![Kind::Count; 15], Sum::Blocks5))
            }
            TableKind::T4 => None,
            TableKind::T2 => row_of(&label, &t2_labels).map(|d| {
                // The template decides the columns; unknown template: the
                // row cannot be split (one uncertain cell).
                let kinds = t2_defs
                    .iter()
                    .find(|x| x.id == d.id)
                    .map(|x| {
                        x.cols
                            .iter()
                            .map(|c| match c.kind {
                                schema::ColKind::Count => Kind::Count,
                                schema::ColKind::Signed => Kind::Signed,
                                schema::ColKind::Money => Kind::Money,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (Some(d.id), kinds, Sum::None)
            }),
        };
        match spec {
            Some((id, kinds, sum)) => {
                let split = if kinds.is_empty() {
                    Split::TooMany
                } else {
                    split_or_printed(piece, &kinds, sum)
                };
                prows.push(PRow {
                    label: std::mem::take(&mut label),
                    values: Some(Values {
                        id,
                        run: piece.trim().to_string(),
                        split,
                        n: kinds.len().max(1),
                    }),
                });
            }
            // Digits that are not a value run (`保留4位小数`): text.
            None => label.push(tok(piece, line)),
        }
    }
    if !label.is_empty() {
        prows.push(PRow {
            label,
            values: None,
        });
    }
    if kind == TableKind::T3 {
        tie_break(&mut prows, hint);
    }
    for p in prows {
        let mut cells = p.label;
        if let Some(v) = p.values {
            cells.extend(value_cells(&v, line));
        }
        rows.push(Row::table(line, cells, true));
    }
}

/// The value cells of a row: a value every admissible split agrees on, else
/// an uncertain cell saying why.
fn value_cells(v: &Values, line: usize) -> Vec<Tok<'static>> {
    let note = |why: &str| Tok {
        text: Cow::Owned(format!("{} {why}", v.run)),
        line,
        recovered: false,
        uncertain: true,
    };
    match &v.split {
        Split::All(c) if c.is_empty() => vec![note("无法按表格规则拆分"); v.n],
        Split::All(c) => (0..v.n)
            .map(|k| {
                let first = c[0].get(k);
                match first {
                    Some(f) if c.iter().all(|x| x.get(k).map(|p| &p.text) == Some(&f.text)) => {
                        Tok {
                            text: Cow::Owned(f.text.clone()),
                            line,
                            recovered: c.iter().any(|x| x.get(k).is_some_and(|p| p.recovered)),
                            uncertain: false,
                        }
                    }
                    _ => note(&format!("拆分不唯一（{}种）", c.len())),
                }
            })
            .collect(),
        Split::TooMany => vec![note("拆分方式过多"); v.n],
    }
}

/// Table 三 rows that split several ways: keep only the splits that let the
/// column identities of table 三 (the [`IDENTITIES`] with a per-column
/// scope: E2 R7 = Σ leaves, E3 A1 + A2 = R7 + A4) hold, when at least one
/// combination does. Rows that split one way are never touched, and when no
/// combination satisfies the identities (a published arithmetic error) the
/// ambiguous rows stay ambiguous.
fn tie_break(prows: &mut [PRow], hint: Option<Template>) {
    tie_break_with(prows, hint, IDENTITIES);
}

/// [`tie_break`] under a given list of identities.
fn tie_break_with(prows: &mut [PRow], hint: Option<Template>, identities: &[Identity]) {
    let ids: Vec<Option<&'static str>> = prows
        .iter()
        .map(|p| p.values.as_ref().and_then(|v| v.id))
        .collect();
    // The leaves to check are those of the rows this table has (its own
    // （六） rows, as `Evidence::t3_layout` lays out table 三), else those of
    // the template the text shows (`template_hint`, the one decision on the
    // flat text's evidence). A table showing both （六） forms is checked
    // with the 2019 leaves: its single R6 row has no place among the 2021
    // rows, while the 2019 leaves cover every other row.
    let template = if ids.contains(&Some("R6")) {
        Template::V2019
    } else if ids.iter().any(|i| i.is_some_and(|i| i.starts_with("R6."))) {
        Template::V2021
    } else {
        match hint {
            Some(t) => t,
            None => return,
        }
    };
    // Each column identity as the rows of its two sides.
    let columns: Vec<(Vec<&str>, Vec<&str>)> = identities
        .iter()
        .filter(|i| i.scope == Scope::EachT3Column)
        .map(|i| i.sides(template))
        .collect();
    // Row id → index into prows (first occurrence).
    let index = |id: &str| ids.iter().position(|x| *x == Some(id));
    let mut needed: Vec<&str> = Vec::new();
    for id in columns.iter().flat_map(|(s, p)| s.iter().chain(p)) {
        if !needed.contains(id) {
            needed.push(id);
        }
    }
    let mut slots: Vec<(usize, Vec<Vec<i64>>)> = Vec::new();
    for id in &needed {
        let Some(i) = index(id) else { return };
        let Some(v) = prows[i].values.as_ref() else {
            return;
        };
        let Split::All(c) = &v.split else { return };
        if c.is_empty() {
            return;
        }
        let vals: Vec<Vec<i64>> = c
            .iter()
            .map(|s| s.iter().map(|p| p.text.parse().unwrap_or(0)).collect())
            .collect();
        slots.push((i, vals));
    }
    let ambiguous: Vec<usize> = (0..slots.len()).filter(|&k| slots[k].1.len() > 1).collect();
    if ambiguous.is_empty() {
        return;
    }
    let combos: usize = ambiguous
        .iter()
        .try_fold(1usize, |acc, &k| acc.checked_mul(slots[k].1.len()))
        .unwrap_or(usize::MAX);
    if combos > COMBO_BUDGET {
        return;
    }
    let pos_of = |id: &&str| needed.iter().position(|x| x == id);
    let sides: Vec<(Vec<usize>, Vec<usize>)> = columns
        .iter()
        .map(|(s, p)| {
            (
                s.iter().filter_map(pos_of).collect(),
                p.iter().filter_map(pos_of).collect(),
            )
        })
        .collect();
    let mut choice = vec![0usize; slots.len()];
    let mut keep: Vec<Vec<bool>> = slots.iter().map(|s| vec![false; s.1.len()]).collect();
    let mut any = false;
    loop {
        let val =
            |k: usize, c: usize| -> i64 { slots[k].1[choice[k]].get(c).copied().unwrap_or(0) };
        let sum = |side: &[usize], c: usize| -> i64 { side.iter().map(|&k| val(k, c)).sum() };
        let ok = (0..T3_COLS.len()).all(|c| sides.iter().all(|(s, p)| sum(s, c) == sum(p, c)));
        if ok {
            any = true;
            for &k in &ambiguous {
                keep[k][choice[k]] = true;
            }
        }
        // Odometer over the ambiguous slots.
        let mut carry = true;
        for &k in &ambiguous {
            if !carry {
                break;
            }
            choice[k] += 1;
            if choice[k] == slots[k].1.len() {
                choice[k] = 0;
            } else {
                carry = false;
            }
        }
        if carry {
            break;
        }
    }
    if !any {
        return;
    }
    for &k in &ambiguous {
        let i = slots[k].0;
        if let Some(v) = prows[i].values.as_mut() {
            if let Split::All(c) = &mut v.split {
                let mut j = 0;
                c.retain(|_| {
                    let r = keep[k].get(j).copied().unwrap_or(false);
                    j += 1;
                    r
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_of_next_label_is_not_a_value() {
        let l = lex(
            "1.本机关不掌握相关政府信息 3700000372.没有现成信息",
            TableKind::T3,
        );
        let s = "1.本机关不掌握相关政府信息 3700000372.没有现成信息";
        let runs: Vec<&str> = l.iter().filter(|x| x.0).map(|x| &s[x.1..x.2]).collect();
        assert_eq!(runs, vec!["370000037"]);
    }

    /// A table 三 row as a flat row with the given admissible splits.
    fn prow(id: &'static str, splits: &[[i64; 7]]) -> PRow {
        let pieces = |v: &[i64; 7]| {
            v.iter()
                .map(|n| super::super::split::Piece {
                    text: n.to_string(),
                    recovered: true,
                })
                .collect()
        };
        PRow {
            label: Vec::new(),
            values: Some(Values {
                id: Some(id),
                run: String::new(),
                split: Split::All(splits.iter().map(pieces).collect()),
                n: 7,
            }),
        }
    }

    fn splits(p: &PRow) -> Vec<Vec<String>> {
        match p.values.as_ref().map(|v| &v.split) {
            Some(Split::All(c)) => c
                .iter()
                .map(|s| s.iter().map(|x| x.text.clone()).collect())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The tie-break reads its identities from the one list: R1 and R2 can
    /// swap values without breaking E2 or E3, so both readings stay; one
    /// more column identity (R1 = R3.1) in the list settles them.
    #[test]
    fn a_new_column_identity_filters_splits() {
        let x = [1, 0, 0, 0, 0, 0, 1];
        let y = [0, 1, 0, 0, 0, 0, 1];
        let total = [2, 1, 0, 0, 0, 0, 3];
        let rows = || -> Vec<PRow> {
            schema::t3_rows(Template::V2021)
                .iter()
                .map(|r| match r.id {
                    "R1" | "R2" => prow(r.id, &[x, y]),
                    "R3.1" => prow(r.id, &[x]),
                    "R7" | "A1" => prow(r.id, &[total]),
                    _ => prow(r.id, &[[0; 7]]),
                })
                .collect()
        };
        let at = |rows: &[PRow], id: &str| {
            rows.iter()
                .position(|p| p.values.as_ref().and_then(|v| v.id) == Some(id))
                .map(|i| splits(&rows[i]))
        };
        let text = |v: [i64; 7]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let mut today = rows();
        tie_break(&mut today, None);
        assert_eq!(at(&today, "R1"), Some(vec![text(x), text(y)]));
        use crate::report::template::identities::Term::Id;
        let mut list = IDENTITIES.to_vec();
        list.push(Identity {
            rule: "T3-9",
            scope: Scope::EachT3Column,
            stated: &[Id("R1")],
            parts: &[Id("R3.1")],
            stated_name: "",
            parts_name: "",
        });
        let mut more = rows();
        tie_break_with(&mut more, None, &list);
        assert_eq!(at(&more, "R1"), Some(vec![text(x)]));
        assert_eq!(at(&more, "R2"), Some(vec![text(y)]));
    }
}
