//! Flattened web text: reports scraped from web pages whose table cells lost
//! every separator (`一、本年新收政府信息公开申请数量640020470` for
//! 64 0 0 2 0 4 70).
//!
//! Why this exists: a whole class of real inputs (site archives, crawler
//! dumps) keeps only the visible text of the page, one long line, with the
//! headings, the narrative and all three tables run together. The ordinary
//! layout reader sees one enormous narrative line and finds no section and no
//! table value. This module turns such a line back into the [`Row`]s the
//! other layouts produce — headings on their own rows, narrative sentences,
//! and each table row as label cells followed by value cells — so the parser
//! downstream needs no special case.
//!
//! The hard part is splitting a digit run into cells. Only what the template
//! guarantees is used:
//! * table 三: seven counts per row with 总计 = the sum of the other six;
//!   when a row alone allows several splits, the column identities of the
//!   table (R7 = Σ leaves, A1 + A2 = R7 + A4) break the tie — but only as a
//!   tie-breaker, never as a filter on rows that split one way, because real
//!   reports publish arithmetic errors (pingtan 2020) and those must stay
//!   visible to the rules;
//! * table 四: fifteen counts in three blocks, each block's 总计 = the sum of
//!   its four results;
//! * table 二: the column count of each row from the header (which template),
//!   signed `本年增/减`, money with decimals and a unit.
//!
//! A cell is read only when every admissible split agrees on it. Otherwise
//! the value cell is marked [`Tok::uncertain`]: the parser leaves it
//! absent and records a shape error naming the row, so the table says which
//! row could not be read instead of holding a guessed number.
//!
//! Everything is bounded for untrusted input: digit runs are capped in
//! length, the split search and the cross-row search have step budgets, fuzzy

mod detect;
mod split;
mod table;

use super::layout::rows_from_text;
use super::{Row, Tok};
use crate::report::schema::{Template, NEW_MARKERS, OLD_MARKERS};
use crate::report::template::decide::{decide, Evidence, Markers, SixRows};
use detect::{flat_headings, nchars, Heading};
use std::borrow::Cow;

/// A line this long (bytes) with section headings inside it is a page body
/// that lost its line breaks.
pub(super) const MIN_FLAT_LINE: usize = 300;
/// Fuzzy heading comparisons allowed per file (exact matches are free).
pub(super) const FUZZY_BUDGET: usize = 2_000;
/// A table region longer than this (bytes) is not a table; left as text.
pub(super) const MAX_TABLE_SPAN: usize = 60_000;
/// Longest count a multi-value row may hold (digits): 9,999,999.
pub(crate) const MAX_COUNT_DIGITS: usize = 7;
/// Longest count when the row has a single value (nothing to split).
pub(super) const MAX_SINGLE_DIGITS: usize = 12;
/// Money: integer and decimal digits.
pub(super) const MAX_MONEY_INT: usize = 12;
pub(super) const MAX_MONEY_FRAC: usize = 6;
/// A digit run longer than this (characters) is never split.
pub(crate) const MAX_RUN: usize = 160;
/// Steps of the split search for one run.
pub(super) const SPLIT_BUDGET: usize = 200_000;
/// More admissible splits than this: the run is "too ambiguous".
pub(super) const MAX_CANDIDATES: usize = 64;
/// Combinations of ambiguous table 三 rows tried against the identities.
pub(super) const COMBO_BUDGET: usize = 100_000;

// ---- Rows ------------------------------------------------------------------

/// Rows for a flattened report, or `None` when the text is not flattened
/// (the ordinary layout reader then handles it).
pub fn rows_from_flat(text: &str) -> Option<Vec<Row<'_>>> {
    let lines: Vec<&str> = text.lines().collect();
    rows_from_flat_lines(text, &lines)
}

/// [`rows_from_flat`] with `text` already split into `lines` (the parser
/// splits every file once and shares the lines).
pub(crate) fn rows_from_flat_lines<'a>(text: &str, lines: &[&'a str]) -> Option<Vec<Row<'a>>> {
    let mut budget = FUZZY_BUDGET;
    let flat: Vec<Option<Vec<Heading>>> = lines
        .iter()
        .map(|l| flat_headings(l, &mut budget))
        .collect();
    if flat.iter().all(Option::is_none) {
        return None;
    }
    let hint = template_hint(text);
    let mut rows = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line = i + 1;
        if let Some(headings) = &flat[i] {
            flat_line(l, line, headings, hint, &mut rows);
        } else {
            for mut r in rows_from_text(l) {
                r.line = line;
                for c in &mut r.cells {
                    c.line = line;
                }
                rows.push(r);
            }
        }
    }
    Some(rows)
}

/// The template as the whole text shows it, decided by the one decision
/// ([`decide`]) on what the text shows: table 二 header markers, else the
/// （六） structure of table 三 (a single `（六）其他处理` row with values is
/// the 2019 format).
fn template_hint(text: &str) -> Option<Template> {
    // From the table's own header word (a narrative `《条例》第二十条` in
    // section 一 may come much earlier).
    let t2 = text
        .find("信息内容")
        .or_else(|| text.find("第二十条第"))
        .map(|p| &text[p..])
        .unwrap_or("");
    let mut cut = t2.find("本列数据").unwrap_or(t2.len()).min(8_000);
    while !t2.is_char_boundary(cut) {
        cut -= 1;
    }
    let t2 = &t2[..cut];
    let n: String = nchars(t2).iter().collect();
    let count = |list: &[&str]| {
        list.iter()
            .filter(|m| n.contains(&nchars(m).iter().collect::<String>()))
            .count()
    };
    let markers = Markers {
        v2019: count(OLD_MARKERS),
        v2021: count(NEW_MARKERS),
    };
    // Table 三's （六） rows as the text shows them, the 2021 wording first
    // (a text showing it is not searched for the 2019 row).
    let six = if text.contains("逾期不补正") {
        SixRows {
            v2021: true,
            ..SixRows::default()
        }
    } else {
        let v2019 = text.find("（六）其他处理").is_some_and(|p| {
            let rest = &text[p + "（六）其他处理".len()..];
            rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        });
        SixRows {
            v2019,
            ..SixRows::default()
        }
    };
    // No year: the reader runs before the title is found.
    let evidence = Evidence {
        markers,
        six,
        year: None,
        tables: true,
    };
    decide(&evidence).map(|d| d.0)
}

pub(super) fn tok(text: &str, line: usize) -> Tok<'static> {
    Tok {
        text: Cow::Owned(text.trim().to_string()),
        line,
        ..Tok::default()
    }
}

pub(super) fn text_row(text: &str, line: usize) -> Row<'static> {
    Row {
        line,
        text: Cow::Owned(text.trim().to_string()),
        cells: vec![tok(text, line)],
        brk: false,
        tabular: false,
    }
}

/// Narrative as one row per sentence (keeps rows short for the inspector).
pub(super) fn narrative(s: &str, line: usize, rows: &mut Vec<Row>) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '。' {
            let end = i + c.len_utf8();
            let part = s[start..end].trim();
            if !part.is_empty() {
                rows.push(text_row(part, line));
            }
            start = end;
        }
    }
    let part = s[start..].trim();
    if !part.is_empty() {
        rows.push(text_row(part, line));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TableKind {
    T2,
    T3,
    T4,
}

/// One flattened line → rows: split at the section headings, then find the
/// tables inside each stretch by their anchors.
fn flat_line(
    line_text: &str,
    line: usize,
    headings: &[Heading],
    hint: Option<Template>,
    rows: &mut Vec<Row>,
) {
    let mut pos = 0;
    let mut after: u8 = 0;
    for &(ord, a, b) in headings {
        if a < pos {
            continue;
        }
        stretch(&line_text[pos..a], line, after, headings, hint, rows);
        rows.push(text_row(&line_text[a..b], line));
        after = ord;
        pos = b;
    }
    stretch(&line_text[pos..], line, after, headings, hint, rows);
}

/// Where a table's first anchor starts: an opening bracket or a `一、`
/// just before it belongs to it.
fn back_over(s: &str, p: usize, prefixes: &[&str]) -> usize {
    for pre in prefixes {
        if s[..p].ends_with(pre) {
            return p - pre.len();
        }
    }
    p
}

/// The text between two headings: narrative, then possibly tables. The
/// anchors are found with plain substring search (linear, no copies).
fn stretch(
    s: &str,
    line: usize,
    after: u8,
    headings: &[Heading],
    hint: Option<Template>,
    rows: &mut Vec<Row>,
) {
    // Tables only where they belong: 二 in section 二, 三 in section 三, or
    // where those headings are missing from the line, anywhere before the
    // next section. A narrative `《条例》第二十条…` in section 一 is not a table.
    let has = |o: u8| headings.iter().any(|h| h.0 == o);
    let p2 = if after == 2 || (!has(2) && after < 3) {
        ["第二十条第（", "第二十条第(", "第二十条 第"]
            .iter()
            .filter_map(|a| s.find(a))
            .min()
    } else {
        None
    };
    let from3 = p2.unwrap_or(0);
    let p3 = if after == 3 || (!has(3) && after <= 2) {
        ["本列数据", "申请人情况", "本年新收政府信息公开申请数量"]
            .iter()
            .filter_map(|a| s[from3..].find(a).map(|p| p + from3))
            .min()
            .map(|p| back_over(s, p, &["（", "(", "一、"]))
    } else {
        None
    };
    // Table 四 sits in section 四, or right after table 三 when the heading
    // was lost; its header starts `行政复议` and names `行政诉讼` soon after.
    let p4 = if after == 4 || p3.is_some() {
        let mut at = match p3 {
            Some(p) => s[p..].find("结转下年度继续办理").map_or(p, |q| p + q),
            None => 0,
        };
        let mut hit = None;
        while let Some(q) = s[at..].find("行政复议") {
            let p = at + q;
            let after_word = p + "行政复议".len();
            let mut end = (after_word + 48).min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            if s[after_word..end].contains("行政诉讼") {
                hit = Some(p);
                break;
            }
            at = after_word;
        }
        hit
    } else {
        None
    };
    let mut cuts: Vec<(usize, Option<TableKind>)> = vec![(0, None)];
    for (p, k) in [
        (p2, TableKind::T2),
        (p3, TableKind::T3),
        (p4, TableKind::T4),
    ] {
        if let Some(b) = p {
            if cuts.last().is_some_and(|c| b >= c.0) {
                cuts.push((b, Some(k)));
            }
        }
    }
    for (i, &(a, kind)) in cuts.iter().enumerate() {
        let b = cuts.get(i + 1).map_or(s.len(), |c| c.0);
        let part = &s[a..b];
        match kind {
            Some(k) if part.len() <= MAX_TABLE_SPAN => table::table(part, line, k, hint, rows),
            _ => narrative(part, line, rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal flattened page: headings on their own rows, table rows as
    /// label + values, narrative `第二十条` in section 一 left as text.
    fn page() -> String {
        let mut t = String::from("标题: 某局2021年度政府信息公开工作年度报告\n");
        t.push_str(
            "当前位置：首页 根据《条例》第二十条第（一）项规定编制。一、总体情况本年收到申请2件。",
        );
        t.push_str(
            "二、主动公开政府信息情况第二十条第（五）项信息内容本年处理决定数量行政许可2293",
        );
        t.push_str("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
        t.push_str(
            "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000",
        );
        t.push_str("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉10203120001200000");
        t.push_str("五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n");
        t
    }

    #[test]
    fn rows_of_a_flat_page() {
        let page = page();
        let rows = rows_from_flat(&page).expect("flat");
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_ref()).collect();
        for h in [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ] {
            assert!(texts.contains(&h), "{h}: {texts:?}");
        }
        let a1 = rows
            .iter()
            .find(|r| {
                r.cells
                    .iter()
                    .any(|c| c.text == "一、本年新收政府信息公开申请数量")
            })
            .expect("A1 row");
        let vals: Vec<&str> = a1
            .cells
            .iter()
            .skip(a1.cells.len() - 7)
            .map(|c| c.text.as_ref())
            .collect();
        assert_eq!(vals, vec!["64", "0", "0", "2", "0", "4", "70"]);
        assert!(a1.brk && a1.tabular && a1.line == 2);
        // The narrative `第二十条` before section 二 stays one narrative row.
        assert!(rows
            .iter()
            .any(|r| !r.tabular && r.text.contains("第二十条第（一）项规定")));
        let lic = rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c.text == "行政许可"))
            .expect("LIC row");
        assert_eq!(lic.cells.last().map(|c| c.text.as_ref()), Some("2293"));
    }

    #[test]
    fn short_or_separated_text_is_not_flat() {
        assert!(rows_from_flat("一、总体情况\n二、主动公开政府信息情况\n").is_none());
        let tsv = format!(
            "{}\t1\t2\n",
            "一、总体情况二、主动公开政府信息情况三、收到和处理政府信息公开申请情况".repeat(10)
        );
        assert!(rows_from_flat(&tsv).is_none());
        assert!(rows_from_flat("").is_none());
    }
}
