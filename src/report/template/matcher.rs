//! The one label and heading matcher: whether a text written in a report is
//! a template label or heading, exactly, as an accepted variant, or as a
//! near miss, and how near is near.
//!
//! Every reader, the parser and the LBL rules compare through here, after
//! [`norm`]: the parser and the flat reader recognise section titles with
//! [`match_title`] and [`title_forms`], the parser places row labels with
//! [`match_label`], and the rules name typos with [`near`] and
//! [`closest_in`]. The parser records what it matched (a section's
//! [`TitleMatch`], a row label's canonical label), and the rules read the
//! record instead of matching again.

use super::norm::norm;
use super::schema::{section_def, RowDef, SECTIONS};
use std::sync::OnceLock;

// ---- How near is near --------------------------------------------------------

/// Edits a heading may be from a section title and still be that section: a
/// third of the title's body, at most 3. Short bodies (`概述`) match exactly.
pub fn heading_allowance(len: usize) -> usize {
    (len / 3).min(3)
}

/// Edits a row label may be from a template label while the parser still
/// places it there (`法律行政止公开`): a quarter of the label, at least 1.
pub fn row_label_allowance(len: usize) -> usize {
    (len / 4).max(1)
}

/// Edits a header or label may be from a template label to be reported as
/// a typo of it (LBL rules): a third of the label, from 1 to 3, so short
/// labels like `其他` are not "near" everything.
pub fn typo_allowance(len: usize) -> usize {
    (len / 3).clamp(1, 3)
}

// ---- Edit distance -------------------------------------------------------------

/// Character-level Levenshtein distance (labels are short; O(n·m) is fine).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

/// [`edit_distance`] on characters already split out, so callers comparing
/// one text against many labels split each only once. Rows of up to 63
/// characters live on the stack (every label is shorter).
pub fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    edit_distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance of `a` and `b` when it is at most `max`, else `None`.
/// Stops as soon as a whole row of the table exceeds `max` (row minima never
/// decrease), which is most of the work when comparing against labels that
/// are nowhere close.
pub fn edit_distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.is_empty() {
        return Some(b.len());
    }
    if b.is_empty() {
        return Some(a.len());
    }
    const STACK: usize = 64;
    let mut stack = [0usize; 2 * STACK];
    let mut heap = Vec::new();
    let w = b.len() + 1;
    let buf: &mut [usize] = if w <= STACK {
        &mut stack[..2 * w]
    } else {
        heap.resize(2 * w, 0);
        &mut heap
    };
    let (mut prev, mut cur) = buf.split_at_mut(w);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

// ---- Ordinals and typos (LBL rules) --------------------------------------------

/// Remove a leading ordinal: `(一)`, `一、`, `1.`, `(1)`.
pub fn strip_ordinal(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('(') {
        if let Some(p) = rest.find(')') {
            let inner = &rest[..p];
            if inner.chars().count() <= 3
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
            {
                return &rest[p + 1..];
            }
        }
    }
    let mut chars = t.char_indices();
    let mut end = 0;
    for (i, c) in chars.by_ref() {
        if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    if end > 0 {
        let rest = &t[end..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、')) {
            return r;
        }
    }
    t
}

/// A label without punctuation: `，` for `、` or a missing bracket is not
/// a wording typo.
pub fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_ascii_punctuation() && !"，、。；：“”‘’（）《》".contains(*c))
        .collect()
}

/// A near miss: a typo rather than a different label. A written label that
/// is a piece of the template label, or the template label with junk in
/// front (`总计部分公开…`), is a layout fragment, not a typo.
pub fn near(a: &str, b: &str) -> bool {
    let (a, b) = (bare(a), bare(b));
    if a.is_empty() || b.contains(&a) || a.ends_with(&b) {
        return false;
    }
    let d = edit_distance(&a, &b);
    let allowed = typo_allowance(b.chars().count());
    d > 0 && d <= allowed
}

/// The template label a text is a near miss of, the closest one when several
/// are near (`本年度止件数` is 1 edit from `本年废止件数`, 2 from `本年制发件数`).
#[cfg(test)]
pub fn closest(text: &str, labels: &[&'static str]) -> Option<&'static str> {
    labels
        .iter()
        .filter(|l| near(text, &norm(l)))
        .min_by_key(|l| edit_distance(text, &norm(l)))
        .copied()
}

/// A template label with the forms [`closest`] compares, computed once per
/// process instead of once per header and label.
pub struct Target {
    pub label: &'static str,
    /// `norm(label)`.
    pub norm: String,
    norm_chars: Vec<char>,
    /// `bare(norm(label))`.
    bare: String,
    bare_chars: Vec<char>,
}

impl Target {
    pub fn new(label: &'static str) -> Self {
        let norm = norm(label);
        let bare = bare(&norm);
        Target {
            label,
            norm_chars: norm.chars().collect(),
            bare_chars: bare.chars().collect(),
            norm,
            bare,
        }
    }
}

pub fn targets(labels: &[&'static str]) -> Vec<Target> {
    labels.iter().map(|l| Target::new(l)).collect()
}

/// [`closest`] over precomputed targets: the same answer. The length gap
/// bounds the edit distance from below, so most targets are ruled out
/// without running the distance at all (the headers of a table are mostly
/// fragments and long notes, far from every label).
pub fn closest_in(text: &str, targets: &[Target]) -> Option<&'static str> {
    let a = bare(text);
    if a.is_empty() {
        return None;
    }
    let a_chars: Vec<char> = a.chars().collect();
    let mut text_chars: Option<Vec<char>> = None;
    let mut best: Option<(usize, &'static str)> = None;
    for t in targets {
        // `near(text, t.norm)`, with its distance computed only when the
        // length gap allows a match.
        if t.bare.contains(&a) || a.ends_with(&t.bare) {
            continue;
        }
        let allowed = typo_allowance(t.bare_chars.len());
        if a_chars.len().abs_diff(t.bare_chars.len()) > allowed {
            continue;
        }
        let d = edit_distance_chars(&a_chars, &t.bare_chars);
        if d == 0 || d > allowed {
            continue;
        }
        let text_chars = text_chars.get_or_insert_with(|| text.chars().collect());
        let key = edit_distance_chars(text_chars, &t.norm_chars);
        // `min_by_key` keeps the first of equal keys.
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, t.label));
        }
    }
    best.map(|(_, l)| l)
}

// ---- Section titles --------------------------------------------------------------

/// How a heading's wording compares with its section's template title, as
/// the parser matched it (LBL-1 reads this; it does not match again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleMatch {
    /// The template title or an accepted variant (SPEC §1.2), under the
    /// section's own numeral.
    Exact,
    /// The pre-2019 wording (`一、概述`), under its own numeral.
    Legacy,
    /// Under its own numeral, a few edits from the title (a typo): the title.
    Near(&'static str),
    /// Under another numeral (shifted numbering, STRUCT-3's business): the
    /// title of the section the words belong to.
    Renumbered(&'static str),
}

impl TitleMatch {
    /// The template title to name, when the heading is not written as one.
    pub fn canonical(self) -> Option<&'static str> {
        match self {
            TitleMatch::Exact | TitleMatch::Legacy => None,
            TitleMatch::Near(t) | TitleMatch::Renumbered(t) => Some(t),
        }
    }
}

/// One written form of a section title: the title itself, an accepted
/// variant or the legacy wording, with its body (the text after `X、`)
/// normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleForm {
    pub ordinal: u8,
    pub numeral: char,
    /// The canonical title of the section.
    pub title: &'static str,
    pub body: Vec<char>,
    pub legacy: bool,
}

/// Every title form of the six sections, section by section: the title,
/// then its variants, then its legacy wordings. Normalised once per process.
pub fn title_forms() -> &'static [TitleForm] {
    static FORMS: OnceLock<Vec<TitleForm>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut out = Vec::new();
        for s in SECTIONS {
            let forms = std::iter::once((s.title, false))
                .chain(s.variants.iter().map(|v| (*v, false)))
                .chain(s.legacy.iter().map(|v| (*v, true)));
            for (form, legacy) in forms {
                let n = norm(form);
                let body = n.split_once('、').map(|x| x.1).unwrap_or(&n);
                out.push(TitleForm {
                    ordinal: s.ordinal,
                    numeral: s.numeral,
                    title: s.title,
                    body: body.chars().collect(),
                    legacy,
                });
            }
        }
        out
    })
}

/// A heading matched to a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionMatch {
    pub ordinal: u8,
    pub wording: TitleMatch,
}

/// Match a heading line (markdown already stripped) against the six titles,
/// their variants and legacy wordings by the text after `X、`, so a shifted
/// numeral still finds its section and STRUCT-3 can compare. The closest
/// form within [`heading_allowance`] wins, the first of equals.
pub fn match_title(text: &str) -> Option<SectionMatch> {
    let t = norm(text);
    let body = t.split_once('、')?.1;
    let body = body.trim_end_matches(['。', ':', '：', '.', ';', '；']);
    if body.is_empty() {
        return None;
    }
    let forms = title_forms();
    let body: Vec<char> = body.chars().collect();
    // Distance 0 is equality, and the first candidate at the smallest
    // distance wins: an equal candidate settles it without any table.
    let exact = forms.iter().find(|f| f.body == body);
    let mut best: Option<(usize, &TitleForm)> = exact.map(|f| (0, f));
    for f in forms.iter().filter(|_| exact.is_none()) {
        // Candidates further than allowed are dropped: stop computing their
        // distance as soon as that is certain.
        let Some(d) = edit_distance_within(&body, &f.body, heading_allowance(f.body.len())) else {
            continue;
        };
        if best.is_none_or(|b| d < b.0) {
            best = Some((d, f));
        }
    }
    let (d, f) = best?;
    let numeral_ok = t.starts_with(section_def(f.ordinal).map(|s| s.numeral).unwrap_or(' '));
    // Accepted variants (SPEC §1.2) are not typos; anything else is named
    // with the canonical title for LBL-1.
    let wording = match (numeral_ok, d, f.legacy) {
        (false, _, _) => TitleMatch::Renumbered(f.title),
        (true, 0, false) => TitleMatch::Exact,
        (true, 0, true) => TitleMatch::Legacy,
        (true, _, _) => TitleMatch::Near(f.title),
    };
    Some(SectionMatch {
        ordinal: f.ordinal,
        wording,
    })
}

// ---- Row labels ------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    Fuzzy,
    Prefix,
    Core,
    Exact,
}

/// A candidate row with its label forms normalised once (the parser keeps
/// them per template for the whole process).
pub struct Cand {
    pub label: String,
    chars: Vec<char>,
    /// Byte offset in `label` of each character, and the length: the
    /// prefix of `k` characters is `label[..bounds[k]]`.
    bounds: Vec<usize>,
    core: String,
    core_chars: usize,
    aliases: Vec<(String, usize)>,
}

impl Cand {
    pub fn new(d: &RowDef) -> Cand {
        let label = norm(d.label);
        let core = strip_ordinal(&label).to_string();
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
pub fn match_label(
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
            let allowed = row_label_allowance(n);
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
                    let allowed = row_label_allowance(k);
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

/// The row whose template label `label` (normalised) ends with, the longest
/// such label winning: how the flat reader tells which row a run of digits
/// belongs to.
pub fn row_ending(label: &[char], defs: &[RowDef]) -> Option<RowDef> {
    defs.iter()
        .filter(|d| {
            let c: Vec<char> = norm(d.label).chars().collect();
            !c.is_empty() && label.ends_with(&c)
        })
        .max_by_key(|d| d.label.len())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::{t3_rows, Template};

    /// The bounded edit distance agrees with the plain one.
    #[test]
    fn edit_distance_within_agrees_with_full() {
        let words = [
            "",
            "a",
            "本年度止件数",
            "本年废止件数",
            "六、其他说要报告的事项",
            "六、其他需要报告的事项",
            "其他",
            "abcdef",
            "badcfe",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let d = edit_distance(a, b);
                assert_eq!(edit_distance_chars(&ca, &cb), d);
                for max in 0..8 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(edit_distance_within(&ca, &cb, max), want, "{a} {b} {max}");
                }
            }
        }
    }

    #[test]
    fn edit_distance_counts_chars_not_bytes() {
        assert_eq!(edit_distance("本年度止件数", "本年废止件数"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            edit_distance("六、其他说要报告的事项", "六、其他需要报告的事项"),
            1
        );
    }

    #[test]
    fn wrapped_label_with_spaced_numbering_matches_by_prefix() {
        // Regression (round-trip seed 0, space-aligned): `2. ` with a space
        // leaves only a third of the R6.2 label before the values.
        let rows = t3_rows(Template::V2021);
        let cands: Vec<Cand> = rows.iter().map(Cand::new).collect();
        let taken = vec![false; cands.len()];
        let next = rows.iter().position(|r| r.id == "R6.2").unwrap_or(0);
        let m = match_label(&norm("2. 申请人逾期未按收费通知"), &cands, &taken, next);
        assert_eq!(
            m.map(|(i, q, _)| (rows[i].id, q)),
            Some(("R6.2", Quality::Prefix))
        );
    }

    /// `strip_ordinal` strips from every template label what the parser's
    /// ordinal pattern stripped before the two were made one (so placing
    /// rows did not change).
    #[test]
    fn strip_ordinal_agrees_with_the_old_pattern_on_template_labels() {
        let re = regex::Regex::new(
            r"^(\([一二三四五六七八九十]{1,2}\)|\d{1,2}\.|[一二三四五六七八九十]、)",
        )
        .unwrap();
        let old = |n: &str| -> String {
            match re.find(n) {
                Some(m) => n[m.end()..].to_string(),
                None => n.to_string(),
            }
        };
        let tables = [
            crate::report::schema::T2_NEW,
            crate::report::schema::T2_OLD,
            t3_rows(Template::V2019),
            t3_rows(Template::V2021),
            crate::report::schema::T4_ROWS,
        ];
        let mut n = 0;
        for d in tables.iter().flat_map(|t| t.iter()) {
            for l in std::iter::once(&d.label).chain(d.aliases) {
                let l = norm(l);
                assert_eq!(strip_ordinal(&l), old(&l), "{l}");
                n += 1;
            }
        }
        assert!(n > 40);
    }

    #[test]
    fn strip_ordinal_forms() {
        assert_eq!(strip_ordinal("(一)予以公开"), "予以公开");
        assert_eq!(strip_ordinal("2.其他"), "其他");
        assert_eq!(strip_ordinal("一、本年新收"), "本年新收");
        assert_eq!(strip_ordinal("予以公开"), "予以公开");
    }

    #[test]
    fn fragments_and_punctuation_are_not_typos() {
        assert!(!near("社会公益", "社会公益组织"));
        assert!(!near("科研机", "科研机构"));
        assert!(!near(
            "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        ));
        assert!(!near("总计部分公开", "部分公开"));
        assert!(near("本年度止件数", "本年废止件数"));
        assert!(near("2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开"));
    }

    /// The precomputed search gives what the plain one gives, typos, exact
    /// labels, fragments and long notes alike.
    #[test]
    fn closest_in_agrees_with_closest() {
        let mut labels: Vec<&'static str> = crate::report::schema::T3_COLS
            .iter()
            .map(|c| c.label)
            .collect();
        labels.extend(crate::report::schema::T4_COLS.iter().map(|c| c.label));
        labels.extend([
            "申请人情况",
            "法人或其他组织",
            "本年废止件数",
            "本年制发件数",
        ]);
        let pre = targets(&labels);
        let texts = [
            "本年度止件数",
            "自然人",
            "自然仁",
            "法人或其它组织",
            "商业企业",
            "科研机构",
            "科研机枃",
            "结果维持",
            "结果为持",
            "尚未审结",
            "尚末审结",
            "总计",
            "总 计",
            "",
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况",
            "申请人情况况",
            "其他结果其他",
            "x",
        ];
        for t in texts {
            let n = norm(t);
            assert_eq!(closest_in(&n, &pre), closest(&n, &labels), "{t}");
        }
    }
}
