//! Text-versus-table rules (TXT-1…9, T3-6, T3-8) and META-3: what the
//! narrative says against what the tables hold.
//!
//! These are regexes over sentences, so they are mostly warnings (SPEC §7.8):
//! a sentence can be phrased in ways no pattern foresees. Each pattern is
//! anchored on a domain phrase (`收到…申请`, `结转下年度`, `行政复议`) and reads
//! the count right after it within the same clause (no `，` in between), and
//! sentences about 复议/诉讼/信访 are kept out of the application patterns.
//! Every finding names the table cell and the sentence's source line.
//!
//! Trap (SPEC §2.1): `T2.FEE.amount` is 行政事业性收费, not 信息处理费; TXT-8
//! and T3-6 read only the narrative and R6.2, never that cell.

use super::catalogue::{
    Rule, META_3, T3_6, T3_8, TXT_1, TXT_2, TXT_3, TXT_4, TXT_5, TXT_6, TXT_7, TXT_8, TXT_9,
};
use super::ctx::{Ctx, NarrSentence};
use super::narrative::{number, Sentence, NUM};
use super::tables::readable;
use super::Finding;
use crate::report::{CellId, Report, TableId, Template, Value};
use regex::Regex;
use std::sync::OnceLock;

/// Compiled patterns; a pattern that fails to compile disables its rule
/// rather than panicking (they are constants, so a test catches it).
struct Patterns {
    received: Option<Pat>,
    none_received: Option<Pat>,
    carried_in: Option<Pat>,
    carried_out: Option<Pat>,
    carried_out_rev: Option<Pat>,
    answered: Option<Pat>,
    review: Option<Pat>,
    lawsuit: Option<Pat>,
    no_review: Option<Pat>,
    all_done: Option<Pat>,
    norm_docs: Option<Pat>,
    rules_made: Option<Pat>,
    fee_notices: Option<Pat>,
    year_lead: Option<Pat>,
}

/// A pattern and the literals every match of it contains (one of them at
/// least). Most sentences contain none, and a `contains` test is far cheaper
/// than starting a regex search on each: the text rules were a fifth of the
/// checker's time, mostly in searches that found nothing.
struct Pat {
    re: Regex,
    needs: &'static [&'static str],
    /// For a pattern anchored at the start: a test of how the sentence
    /// must begin (a superset of what the pattern accepts there).
    lead: Option<fn(&str) -> bool>,
}

impl Pat {
    /// Whether the sentence can match at all.
    fn may_match(&self, t: &str) -> bool {
        self.lead.is_none_or(|f| f(t)) && self.needs.iter().any(|k| t.contains(k))
    }

    /// [`Pat::may_match`] for a sentence whose keywords are `keys`
    /// (`bits` = `mask_of(self.needs)`).
    fn may_match_keys(&self, t: &str, keys: u32, bits: Option<u32>) -> bool {
        self.lead.is_none_or(|f| f(t)) && has_any(t, keys, self.needs, bits)
    }
}

/// How a `year_lead` match begins: `本年`, a bracket, or a digit (`\d` is
/// any Unicode decimal digit, all of which are `char::is_numeric`).
fn year_lead_start(t: &str) -> bool {
    t.starts_with("本年")
        || t.chars()
            .next()
            .is_some_and(|c| c == '(' || c == '（' || c.is_numeric())
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str, needs: &'static [&'static str]| {
            Regex::new(&s.replace("NUM", NUM)).ok().map(|re| Pat {
                re,
                needs,
                lead: None,
            })
        };
        Patterns {
            received: re(
                r"(?:收到|新收|受理|接收)[^，,：:]{0,16}?申请[^\d零一二两三四五六七八九十百千，,]{0,6}?NUM(?:件|个|条|份)",
                &["申请"],
            ),
            // `收到申请0件` is read by `received` (n = 0); a bare `申请0件`
            // is not a negative statement (`上年结转…申请0件` is A2).
            none_received: re(
                r"(?:未|没有|无)(?:收到|接到|受理|新收)[^，,]{0,14}?申请|无依申请公开",
                &["申请"],
            ),
            carried_in: re(
                r"上年(?:度)?结转[^，,]{0,14}?NUM件",
                &["结转"],
            ),
            carried_out: re(
                r"结转(?:至|到)?下(?:一)?年(?:度)?[^，,\d]{0,10}?NUM件",
                &["结转"],
            ),
            carried_out_rev: re(
                r"NUM件[^，,\d]{0,6}?结转(?:至|到)?下(?:一)?年",
                &["结转"],
            ),
            answered: re(
                r"(?:办结|答复|办理完毕|已办理)[^，,\d]{0,10}?NUM件",
                &["办结", "答复", "办理"],
            ),
            review: re(
                r"行政复议[^，,\d]{0,10}?NUM(?:件|起|宗)",
                &["行政复议"],
            ),
            lawsuit: re(
                r"行政诉讼[^，,\d]{0,10}?NUM(?:件|起|宗)",
                &["行政诉讼"],
            ),
            no_review: re(
                r"(?:未|没有|无)(?:发生|出现|收到)[^，,\d]{0,12}?行政复议(?:[、和及或与]|[^，,]{0,6}?(?:情况|案件|事项))",
                &["行政复议"],
            ),
            all_done: re(
                r"(?:所有|全部|均)[^，,]{0,10}?(?:办结|办理完毕|办理完成|答复完毕)",
                &["办结", "办理完", "答复完毕"],
            ),
            norm_docs: re(
                r"制(?:发|定|作)[^，,]{0,10}?规范性文件[^\d零一二两三四五六七八九十，,]{0,4}?NUM件",
                &["规范性文件"],
            ),
            rules_made: re(
                r"制(?:发|定)[^，,]{0,6}?规章[^\d零一二两三四五六七八九十，,]{0,4}?NUM件",
                &["规章"],
            ),
            fee_notices: re(
                r"收费通知(?:书)?[^，,\d]{0,6}?NUM(?:件|份|次)",
                &["收费通知"],
            ),
            year_lead: re(
                r"^(?:本年度?)?[(（]?(\d{4})\s*年度?[)）]?[，,]",
                &["年"],
            )
            .map(|p| Pat {
                lead: Some(year_lead_start),
                ..p
            }),
        }
    })
}

/// The report with its sections split into sentences once: every TXT rule
/// reads the same sentences, and splitting them (NFKC, line lookup) was an
/// eighth of the checker's time when each rule split them again.
/// The stripped text is kept with each sentence for the same reason: every
/// pattern is matched against the sentence without whitespace. The cache
/// lives in [`Ctx`], shared with STRUCT-11.
struct Narr<'a> {
    r: &'a Ctx<'a>,
    /// [`keyword_mask`] of each sentence, by section ordinal.
    masks: std::cell::RefCell<Vec<(u8, std::rc::Rc<Vec<u32>>)>>,
}

impl<'a> Narr<'a> {
    fn new(r: &'a Ctx<'a>) -> Self {
        Narr {
            r,
            masks: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The keywords of each sentence of `s` (same order as
    /// [`Narr::sentences`]), found once for all patterns.
    fn masks(&self, s: &crate::report::Section) -> std::rc::Rc<Vec<u32>> {
        if let Some((_, v)) = self.masks.borrow().iter().find(|(o, _)| *o == s.ordinal) {
            return v.clone();
        }
        let v: std::rc::Rc<Vec<u32>> = std::rc::Rc::new(
            self.sentences(s)
                .iter()
                .map(|ns| keyword_mask(&ns.bare))
                .collect(),
        );
        self.masks.borrow_mut().push((s.ordinal, v.clone()));
        v
    }

    fn sentences(&self, s: &crate::report::Section) -> std::rc::Rc<Vec<NarrSentence>> {
        self.r.sentences(s)
    }
}

/// The literals the application-section prefilters test (the `needs` of
/// the patterns and the `skip` words of the scans). Each sentence is
/// searched for all of them in one pass ([`keyword_mask`]) instead of one
/// `str::contains` per pattern and word: those searches were a tenth of
/// the checker's time, as the first byte of a CJK needle is in nearly
/// every character of the haystack. A word not listed here is still
/// searched for with `contains`, so the list is an optimisation only.
const KEYWORDS: &[&str] = &[
    "申请",
    "结转",
    "办结",
    "答复",
    "办理",
    "行政复议",
    "行政诉讼",
    "办理完",
    "答复完毕",
    "规范性文件",
    "规章",
    "收费通知",
    "复议",
    "诉讼",
    "信访",
    "举报",
    "投诉",
];

/// Bit `k` set when `KEYWORDS[k]` occurs in `t`.
fn keyword_mask(t: &str) -> u32 {
    // Candidates by the low byte of a keyword's first character: one table
    // lookup per character, and a `starts_with` only on a candidate.
    static FIRST: OnceLock<[u32; 256]> = OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let mut f = [0u32; 256];
        for (k, w) in KEYWORDS.iter().enumerate() {
            if let Some(c) = w.chars().next() {
                f[(c as u32 & 0xff) as usize] |= 1 << k;
            }
        }
        f
    });
    let mut m = 0u32;
    for (i, c) in t.char_indices() {
        let mut cand = first[(c as u32 & 0xff) as usize] & !m;
        while cand != 0 {
            let k = cand.trailing_zeros();
            cand &= cand - 1;
            let hit = KEYWORDS
                .get(k as usize)
                .is_some_and(|w| t.get(i..).is_some_and(|rest| rest.starts_with(w)));
            if hit {
                m |= 1 << k;
            }
        }
    }
    m
}

/// The bits of `words` in [`KEYWORDS`], or `None` when one is not listed.
fn mask_of(words: &[&str]) -> Option<u32> {
    words.iter().try_fold(0u32, |m, w| {
        KEYWORDS.iter().position(|k| k == w).map(|k| m | 1 << k)
    })
}

/// Whether sentence `t`, whose keywords are `keys`, contains one of
/// `words` (`bits` = `mask_of(words)`).
fn has_any(t: &str, keys: u32, words: &[&str], bits: Option<u32>) -> bool {
    match bits {
        Some(b) => keys & b != 0,
        None => words.iter().any(|k| t.contains(k)),
    }
}

/// A match of a count pattern: the number and the sentence's line.
struct Said {
    n: i64,
    line: usize,
    text: String,
}

fn scan(n: &Narr<'_>, sections: &[u8], re: Option<&Pat>, skip: &[&str]) -> Vec<Said> {
    let r = n.r;
    let Some(re) = re else { return Vec::new() };
    let mut out = Vec::new();
    let (need_bits, skip_bits) = (mask_of(re.needs), mask_of(skip));
    for s in sections.iter().filter_map(|o| r.section(*o)) {
        for (ns, &keys) in n.sentences(s).iter().zip(n.masks(s).iter()) {
            let t = ns.bare.as_str();
            if !re.may_match_keys(t, keys, need_bits) || has_any(t, keys, skip, skip_bits) {
                continue;
            }
            for c in re.re.captures_iter(t) {
                if let Some(n) = c.get(1).and_then(|m| number(m.as_str())) {
                    out.push(Said {
                        n,
                        line: ns.sent.line,
                        text: short(t),
                    });
                }
            }
        }
    }
    out
}

fn short(t: &str) -> String {
    // One pass: the byte offset of the 41st character, if there is one.
    match t.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

fn matching_sentences(
    n: &Narr<'_>,
    sections: &[u8],
    re: Option<&Pat>,
    skip: &[&str],
) -> Vec<Sentence> {
    let Some(re) = re else { return Vec::new() };
    let r = n.r;
    let mut out = Vec::new();
    let (need_bits, skip_bits) = (mask_of(re.needs), mask_of(skip));
    for s in sections.iter().filter_map(|o| r.section(*o)) {
        for (ns, &keys) in n.sentences(s).iter().zip(n.masks(s).iter()) {
            let t = ns.bare.as_str();
            if re.may_match_keys(t, keys, need_bits)
                && !has_any(t, keys, skip, skip_bits)
                && re.re.is_match(t)
            {
                out.push(Sentence {
                    text: short(t),
                    line: ns.sent.line,
                });
            }
        }
    }
    out
}

fn ct(r: &Ctx<'_>, row: &str) -> Option<i64> {
    readable(r.t3.as_ref())?;
    r.value_at(TableId::T3, row, "CT").int()
}

fn t4_tot(r: &Ctx<'_>, row: &str) -> Option<i64> {
    readable(r.t4.as_ref())?;
    r.value_at(TableId::T4, row, "tot").int()
}

/// Where applications are narrated: 总体情况 (its 依申请公开 part) and 三.
const APPLICATION_SECTIONS: &[u8] = &[1, 3];
/// Words that put a sentence about applications out of scope.
const NOT_FOI: &[&str] = &["复议", "诉讼", "信访", "举报", "投诉"];

pub fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = patterns();
    let n = Narr::new(r);
    let received = scan(&n, APPLICATION_SECTIONS, p.received.as_ref(), NOT_FOI);
    let t3_8 = t3_8(r, &received, out);
    if !t3_8 {
        txt_1(r, &received, out);
    }
    txt_2(&n, &received, out);
    txt_3(&n, out);
    txt_4(&n, out);
    txt_5(&n, out);
    txt_6(&n, out);
    txt_7(&n, out);
    txt_8_t3_6(&n, out);
    txt_9(&n, out);
    meta_3(&n, out);
}

/// T3-8: table 三 entirely zero while the text reports applications.
/// (The reverse — "no applications" while A1 > 0 — is TXT-2's error; a
/// second rule for it would report one fact twice.)
fn t3_8(r: &Report, received: &[Said], out: &mut Vec<Finding>) -> bool {
    let Some(t3) = readable(r.t3.as_ref()) else {
        return false;
    };
    let all_zero = !t3.cells.is_empty() && t3.cells.iter().all(|c| c.value == Value::Int(0));
    let Some(said) = received.iter().find(|s| s.n > 0) else {
        return false;
    };
    if !all_zero {
        return false;
    }
    out.push(
        Finding::new(
            &T3_8,
            format!(
                "正文称收到申请{}件（「{}」），表三却全部为0",
                said.n, said.text
            ),
        )
        .cells(vec![CellId::t3("A1", "CT")])
        .values(0.0, said.n as f64)
        .at(said.line),
    );
    true
}

/// TXT-1: `收到…申请N件` = A1.CT, or A1.CT + A2.CT (both readings occur).
fn txt_1(r: &Ctx<'_>, received: &[Said], out: &mut Vec<Finding>) {
    let Some(a1) = ct(r, "A1") else { return };
    let a2 = ct(r, "A2");
    for s in received.iter().filter(|s| s.n > 0) {
        let both = a2.map(|a2| i128::from(a1) + i128::from(a2));
        if i128::from(s.n) == i128::from(a1) || Some(i128::from(s.n)) == both {
            continue;
        }
        let alt = both
            .filter(|b| *b != i128::from(a1))
            .map(|b| format!("（含上年结转为 {b}）"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                &TXT_1,
                format!(
                    "正文「{}」为{}件，表三新收申请总计为 {a1}{alt}",
                    s.text, s.n
                ),
            )
            .cells(vec![CellId::t3("A1", "CT"), CellId::t3("A2", "CT")])
            .values(a1 as f64, s.n as f64)
            .at(s.line),
        );
        return;
    }
}

/// TXT-2: a statement that no application was received ⇒ A1.CT = 0.
fn txt_2(n: &Narr<'_>, received: &[Said], out: &mut Vec<Finding>) {
    let r = n.r;
    let Some(a1) = ct(r, "A1") else { return };
    if a1 == 0 {
        return;
    }
    let p = patterns();
    let mut negative =
        matching_sentences(n, APPLICATION_SECTIONS, p.none_received.as_ref(), NOT_FOI);
    negative.extend(received.iter().filter(|s| s.n == 0).map(|s| Sentence {
        text: s.text.clone(),
        line: s.line,
    }));
    negative.sort_by_key(|s| s.line);
    if let Some(s) = negative.first() {
        out.push(
            Finding::new(
                &TXT_2,
                format!(
                    "正文称未收到申请（「{}」），表三新收申请总计却为 {a1}",
                    s.text
                ),
            )
            // No suspect: the text may be the wrong side.
            .cells(vec![CellId::t3("A1", "CT")])
            .values(0.0, a1 as f64)
            .at(s.line),
        );
    }
}

fn compare(
    out: &mut Vec<Finding>,
    rule: &'static Rule,
    said: &[Said],
    table: Option<i64>,
    cells: Vec<CellId>,
    what: &str,
) {
    let Some(v) = table else { return };
    if let Some(s) = said.iter().find(|s| s.n != v) {
        out.push(
            Finding::new(
                rule,
                format!("正文「{}」为{}件，表中{what}为 {v}", s.text, s.n),
            )
            .cells(cells)
            .values(v as f64, s.n as f64)
            .at(s.line),
        );
    }
}

/// TXT-3: `上年结转…N件` = A2.CT; `结转下年度…N件` = A4.CT.
fn txt_3(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let p = patterns();
    let a2 = scan(n, APPLICATION_SECTIONS, p.carried_in.as_ref(), NOT_FOI);
    compare(
        out,
        &TXT_3,
        &a2,
        ct(r, "A2"),
        vec![CellId::t3("A2", "CT")],
        "上年结转总计",
    );
    let mut a4 = scan(n, APPLICATION_SECTIONS, p.carried_out.as_ref(), NOT_FOI);
    a4.extend(scan(
        n,
        APPLICATION_SECTIONS,
        p.carried_out_rev.as_ref(),
        NOT_FOI,
    ));
    compare(
        out,
        &TXT_3,
        &a4,
        ct(r, "A4"),
        vec![CellId::t3("A4", "CT")],
        "结转下年度总计",
    );
}

/// TXT-4: `办结/答复…N件` = R7.CT.
fn txt_4(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let p = patterns();
    // A sentence that breaks the results down (`同意公开答复9件，部分公开…`)
    // counts one kind of answer, not all of them.
    let mut skip: Vec<&str> = NOT_FOI.to_vec();
    skip.extend([
        "同意公开",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
    ]);
    let said = scan(n, APPLICATION_SECTIONS, p.answered.as_ref(), &skip);
    compare(
        out,
        &TXT_4,
        &said,
        ct(r, "R7"),
        vec![CellId::t3("R7", "CT")],
        "办理结果总计",
    );
}

/// TXT-5: review and lawsuit counts, and `未发生…行政复议、行政诉讼`.
fn txt_5(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let p = patterns();
    let sections = &[1, 4];
    let review = scan(n, sections, p.review.as_ref(), &[]);
    let rv_cell = CellId::new(TableId::T4, "RV", "tot");
    compare(
        out,
        &TXT_5,
        &review,
        t4_tot(r, "RV"),
        vec![rv_cell.clone()],
        "行政复议总计",
    );
    let lawsuit = scan(n, sections, p.lawsuit.as_ref(), &[]);
    let ld = CellId::new(TableId::T4, "LD", "tot");
    let lr = CellId::new(TableId::T4, "LR", "tot");
    let lit = t4_tot(r, "LD")
        .zip(t4_tot(r, "LR"))
        .map(|(a, b)| a.saturating_add(b));
    compare(
        out,
        &TXT_5,
        &lawsuit,
        lit,
        vec![ld.clone(), lr.clone()],
        "行政诉讼总计（直接起诉+复议后起诉）",
    );
    if !review.is_empty() || !lawsuit.is_empty() {
        return;
    }
    // `未发生…被行政复议纠错` says no review went against the agency, not
    // that there was no review.
    let qualified = &["纠错", "纠正", "败诉", "撤销", "确认违法"];
    for s in matching_sentences(n, sections, p.no_review.as_ref(), qualified) {
        let total = [t4_tot(r, "RV"), t4_tot(r, "LD"), t4_tot(r, "LR")];
        let any = total.iter().flatten().any(|v| *v > 0);
        if any {
            out.push(
                Finding::new(
                    &TXT_5,
                    format!(
                        "正文称未发生行政复议/行政诉讼（「{}」），表四总计却不为0",
                        s.text
                    ),
                )
                .cells(vec![rv_cell, ld, lr])
                .at(s.line),
            );
            return;
        }
    }
}

/// TXT-6: `所有申请均已办结` while A4.CT > 0.
fn txt_6(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let Some(a4) = ct(r, "A4").filter(|v| *v > 0) else {
        return;
    };
    let p = patterns();
    let hits = matching_sentences(
        n,
        APPLICATION_SECTIONS,
        p.all_done.as_ref(),
        &["结转", "复议", "诉讼"],
    );
    if let Some(s) = hits.iter().find(|s| s.text.contains("申请")) {
        out.push(
            Finding::new(
                &TXT_6,
                format!(
                    "正文称申请均已办结（「{}」），表三结转下年度总计却为 {a4}",
                    s.text
                ),
            )
            .cells(vec![CellId::t3("A4", "CT")])
            .values(0.0, a4 as f64)
            .at(s.line),
        );
    }
}

/// TXT-7: documents issued in the narrative vs table 二.
fn txt_7(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    if readable(r.t2.as_ref()).is_none() {
        return;
    }
    let col = match r.template {
        Some(Template::V2021) => "made",
        Some(Template::V2019) => "new_made",
        None => return,
    };
    let p = patterns();
    let all = &[1, 2];
    for (row, re, what) in [
        ("NORM", p.norm_docs.as_ref(), "规范性文件制发件数"),
        ("REG", p.rules_made.as_ref(), "规章制发件数"),
    ] {
        let said = scan(n, all, re, &[]);
        let v = r.value_at(TableId::T2, row, col).int();
        compare(
            out,
            &TXT_7,
            &said,
            v,
            vec![CellId::new(TableId::T2, row, col)],
            what,
        );
    }
}

fn mentions_fee(text: &str) -> bool {
    text.contains("处理费")
}

/// TXT-8 (2021+): section 六 reports 信息处理费. T3-6: R6.2.CT > 0 needs the
/// fee and the 收费通知 in section 六, with at least that many notices.
fn txt_8_t3_6(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let new_format = r.template == Some(Template::V2021)
        || (r.template.is_none() && r.year.is_some_and(|y| y >= 2021));
    if !new_format {
        return;
    }
    let Some(six) = r.section(6) else { return };
    let text: String = six.text.chars().filter(|c| !c.is_whitespace()).collect();
    if !mentions_fee(&text) {
        let shown = if text.trim_matches(['。', '.']).is_empty() {
            "（空）".to_string()
        } else {
            short(&text)
        };
        out.push(
            Finding::new(
                &TXT_8,
                format!("第六部分未说明信息处理费收取情况（国办函〔2020〕109号）: {shown}"),
            )
            .at(six.line),
        );
    }
    let Some(r62) = r
        .value_at(TableId::T3, "R6.2", "CT")
        .int()
        .filter(|v| *v > 0)
    else {
        return;
    };
    let cell = CellId::t3("R6.2", "CT");
    if !mentions_fee(&text) || !text.contains("收费通知") {
        out.push(
            Finding::new(&T3_6, format!("表三有{r62}件申请因逾期未缴费不再处理，第六部分却未说明信息处理费和收费通知情况"),
            )
            .cells(vec![cell])
            .at(six.line),
        );
        return;
    }
    let notices = scan(n, &[6], patterns().fee_notices.as_ref(), &[]);
    if let Some(s) = notices.iter().find(|s| s.n < r62) {
        out.push(
            Finding::new(
                &T3_6,
                format!(
                    "第六部分称发出收费通知{}件（「{}」），少于表三因逾期未缴费不再处理的{r62}件",
                    s.n, s.text
                ),
            )
            .cells(vec![cell])
            .values(r62 as f64, s.n as f64)
            .at(s.line),
        );
    }
}

/// Legitimate reduplications that are not typos.
const REDUPLICATION_OK: &[&str] = &[
    "研究研究",
    "学习学习",
    "了解了解",
    "商量商量",
    "看看",
    "常常",
];

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// TXT-9: a duplicated word (`资金资金`) in section 五 — two to four Han
/// characters written twice in a row.
fn txt_9(n: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = n.r;
    let Some(s) = r.section(5) else { return };
    for ns in n.sentences(s).iter() {
        let sent = &ns.sent;
        let chars: Vec<char> = sent.text.chars().collect();
        let mut found: Option<String> = None;
        'scan: for len in (2..=4).rev() {
            for i in 0..chars.len().saturating_sub(2 * len - 1) {
                let (Some(a), Some(b)) = (chars.get(i..i + len), chars.get(i + len..i + 2 * len))
                else {
                    continue;
                };
                if a == b && a.iter().all(|c| is_han(*c)) {
                    let w: String = a.iter().chain(b.iter()).collect();
                    if !REDUPLICATION_OK.contains(&w.as_str()) {
                        found = Some(w);
                        break 'scan;
                    }
                }
            }
        }
        if let Some(w) = found {
            out.push(
                Finding::new(
                    &TXT_9,
                    format!("第五部分疑有重复词语「{w}」: {}", short(&sent.text)),
                )
                .at(sent.line),
            );
        }
    }
}

/// META-3: sentences in section 一 that open with a year other than the
/// title year (`2021年，我局…` in a 2022 report). Forward-looking sentences
/// (下一步, 将, 计划) and comparisons with other years are left alone.
fn meta_3(narr: &Narr<'_>, out: &mut Vec<Finding>) {
    let r = narr.r;
    let Some(year) = r.year else { return };
    let Some(s) = r.section(1) else { return };
    let Some(re) = patterns().year_lead.as_ref() else {
        return;
    };
    let mut n = 0;
    for ns in narr.sentences(s).iter() {
        let (sent, t) = (&ns.sent, ns.bare.as_str());
        // The pattern's own prefilter first: it tests how the sentence
        // begins, which rules out nearly all of them, while the word list
        // below is seven substring searches.
        if !re.may_match(t) {
            continue;
        }
        if ["下一步", "将", "计划", "明年", "同比", "相比", "较"]
            .iter()
            .any(|k| t.contains(k))
        {
            continue;
        }
        let Some(y) = re
            .re
            .captures(t)
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse::<i32>().ok())
        else {
            continue;
        };
        if y != year {
            out.push(
                Finding::new(
                    &META_3,
                    format!("总体情况写「{}」，报告年度是{year}年", short(t)),
                )
                .values(f64::from(year), f64::from(y))
                .at(sent.line),
            );
            n += 1;
            // A copied paragraph repeats the old year many times; three
            // findings make the point.
            if n >= 3 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn keyword_mask_agrees_with_contains() {
        for t in [
            "本年度收到政府信息公开申请12件，结转下年度办理2件",
            "未发生行政复议、行政诉讼和信访举报投诉答复完毕办理完毕",
            "制定规章1件规范性文件3件收费通知0份办结",
            "ascii only 123",
            "",
        ] {
            let m = keyword_mask(t);
            for (k, w) in KEYWORDS.iter().enumerate() {
                assert_eq!(m >> k & 1 == 1, t.contains(w), "{w} in {t}");
            }
        }
        assert_eq!(mask_of(&["申请", "结转"]), Some(0b11));
        assert_eq!(mask_of(&["年"]), None);
        assert_eq!(mask_of(&[]), Some(0));
    }

    fn run(r: &Report) -> Vec<Finding> {
        let mut out = Vec::new();
        check(&Ctx::new(r), &mut out);
        out
    }

    /// A report whose section texts are given; each sentence on its own line.
    fn with_text(t: Template, year: i32, texts: &[(u8, &str)]) -> Report {
        let mut r = report(t, year);
        for (ord, text) in texts {
            set_text(&mut r, *ord, text);
        }
        r
    }

    fn fee_ok() -> (u8, &'static str) {
        (6, "本年度未收取信息处理费，未发出收费通知。")
    }

    #[test]
    fn patterns_compile() {
        let p = patterns();
        assert!(p.received.is_some() && p.none_received.is_some() && p.carried_in.is_some());
        assert!(p.carried_out.is_some() && p.carried_out_rev.is_some() && p.answered.is_some());
        assert!(p.review.is_some() && p.lawsuit.is_some() && p.no_review.is_some());
        assert!(p.all_done.is_some() && p.norm_docs.is_some() && p.rules_made.is_some());
        assert!(p.fee_notices.is_some() && p.year_lead.is_some());
    }

    #[test]
    fn silent_without_text_claims() {
        let r = with_text(Template::V2021, 2022, &[fee_ok()]);
        assert!(run(&r).is_empty(), "{:?}", run(&r));
        assert!(run(&report(Template::V2019, 2020)).is_empty());
    }

    #[test]
    fn txt_1_accepts_both_readings() {
        let base = report(Template::V2021, 2022);
        let a1 = int(&base, "T3", "A1", "CT");
        let a2 = int(&base, "T3", "A2", "CT");
        for n in [a1, a1 + a2] {
            let text = format!("本年度共收到政府信息公开申请{n}件。");
            let r = with_text(Template::V2021, 2022, &[(1, &text), fee_ok()]);
            assert!(run(&r).is_empty(), "{n}");
        }
        let text = format!("本年度共收到政府信息公开申请{}件。", a1 + a2 + 5);
        let r = with_text(Template::V2021, 2022, &[(1, &text), fee_ok()]);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TXT-1"]);
        assert_eq!(f[0].cells[0], CellId::t3("A1", "CT"));
    }

    #[test]
    fn txt_2_no_applications() {
        let text = "本年度未收到政府信息公开申请。本年度未收到信访举报申请。";
        let r = with_text(Template::V2021, 2022, &[(1, text), fee_ok()]);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TXT-2"]);
        assert_eq!(f[0].severity, Severity::Error);
        // With A1 = 0 (sample 002) it passes.
        let mut r = with_text(Template::V2021, 2022, &[(1, text), fee_ok()]);
        set(&mut r, "T3", "A1", "CT", Value::Int(0));
        assert!(run(&r).iter().all(|f| f.rule != "TXT-2"));
        // `收到申请0件` is negative; `上年结转…申请0件` is not (roundtrip test).
        let r = with_text(
            Template::V2021,
            2022,
            &[(1, "本年度收到政府信息公开申请0件。"), fee_ok()],
        );
        assert_eq!(ids(&run(&r)), vec!["TXT-2"]);
        let a1 = int(&report(Template::V2021, 2022), "T3", "A1", "CT");
        let t = format!("2022年,我局共收到政府信息公开申请{a1}件,上年结转政府信息公开申请0件。");
        let r = with_text(Template::V2021, 2022, &[(1, &t), fee_ok()]);
        assert!(run(&r).iter().all(|f| f.rule != "TXT-2"), "{:?}", run(&r));
    }

    #[test]
    fn t3_8_all_zero_table_but_applications_in_text() {
        let mut r = with_text(
            Template::V2021,
            2022,
            &[(1, "共收到政府信息公开申请5件。"), fee_ok()],
        );
        if let Some(t) = r.t3.as_mut() {
            for c in t.cells.iter_mut() {
                c.value = Value::Int(0);
            }
        }
        assert_eq!(ids(&run(&r)), vec!["T3-8"]);
    }

    #[test]
    fn txt_3_4_6_counts() {
        let base = report(Template::V2021, 2022);
        let a4 = int(&base, "T3", "A4", "CT");
        let r7 = int(&base, "T3", "R7", "CT");
        let a2 = int(&base, "T3", "A2", "CT");
        let ok = format!("上年结转{a2}件，结转下年度继续办理{a4}件，已全部办结{r7}件。");
        let r = with_text(Template::V2021, 2022, &[(1, &ok), fee_ok()]);
        assert!(run(&r).is_empty(), "{:?}", run(&r));
        let bad = format!(
            "上年结转{}件。结转下年度继续办理{}件。依法答复{}件。所有申请均已按时办结。",
            a2 + 1,
            a4 + 1,
            r7 + 1
        );
        let r = with_text(Template::V2021, 2022, &[(1, &bad), fee_ok()]);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TXT-3", "TXT-3", "TXT-4", "TXT-6"]);
        assert!(f.iter().all(|f| f.line.is_some()));
    }

    #[test]
    fn txt_5_review_and_lawsuits() {
        // The test report has RV.tot 2, LD.tot 1, LR.tot 0.
        let ok = "被申请行政复议2件，提起行政诉讼1件。";
        let r = with_text(Template::V2021, 2022, &[(4, ok), fee_ok()]);
        assert!(run(&r).is_empty(), "{:?}", run(&r));
        let bad = "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。";
        let r = with_text(Template::V2021, 2022, &[(4, bad), fee_ok()]);
        assert_eq!(ids(&run(&r)), vec!["TXT-5"]);
    }

    #[test]
    fn false_positive_traps_from_real_reports() {
        // "No review went against us" is not "no review" (kirogov-shgov 2025).
        let t = "全年未发生因依申请公开被行政复议纠错或败诉的情况。";
        let r = with_text(Template::V2021, 2022, &[(4, t), fee_ok()]);
        assert!(run(&r).is_empty(), "{:?}", run(&r));
        // A breakdown sentence counts one kind of answer (kirogov-stcsm 2024).
        let t = "申请中同意公开答复1件，部分公开答复0件。";
        let r = with_text(Template::V2021, 2022, &[(1, t), fee_ok()]);
        assert!(run(&r).is_empty(), "{:?}", run(&r));
    }

    #[test]
    fn txt_7_documents() {
        let r = with_text(
            Template::V2021,
            2022,
            &[(1, "全年制发行政规范性文件3件。"), fee_ok()],
        );
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TXT-7"]);
        assert_eq!(f[0].cells, vec![CellId::new(TableId::T2, "NORM", "made")]);
        let r = with_text(
            Template::V2021,
            2022,
            &[(1, "全年制发行政规范性文件2件。"), fee_ok()],
        );
        assert!(run(&r).is_empty());
    }

    #[test]
    fn txt_8_and_t3_6_fees() {
        let r = with_text(Template::V2021, 2022, &[(6, "无")]);
        let f = run(&r);
        // R6.2 of the test report is > 0, so T3-6 joins in.
        assert_eq!(ids(&f), vec!["TXT-8", "T3-6"]);
        assert_eq!(f[0].line, Some(60));
        // Old format: no 信息处理费 statement expected.
        let r = with_text(Template::V2019, 2020, &[(6, "无")]);
        assert!(run(&r).is_empty());
        // R6.2 > 0 needs notices in 六.
        let base = report(Template::V2021, 2022);
        let r62 = int(&base, "T3", "R6.2", "CT");
        assert!(r62 > 0);
        let r = with_text(Template::V2021, 2022, &[(6, "本年度未收取信息处理费。")]);
        assert_eq!(ids(&run(&r)), vec!["T3-6"]);
        let text = format!("本年度发出收费通知{}件，收取信息处理费0元。", r62 - 1);
        let r = with_text(Template::V2021, 2022, &[(6, &text)]);
        assert_eq!(ids(&run(&r)), vec!["T3-6"]);
        let text = format!("本年度发出收费通知{r62}件，收取信息处理费0元。");
        let r = with_text(Template::V2021, 2022, &[(6, &text)]);
        assert!(run(&r).is_empty());
    }

    #[test]
    fn txt_9_duplicated_words() {
        let r = with_text(
            Template::V2021,
            2022,
            &[(5, "下一步将加强资金资金保障。要认真研究研究。"), fee_ok()],
        );
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TXT-9"]);
        assert!(f[0].message.contains("资金资金"));
    }

    #[test]
    fn meta_3_other_year_in_section_one() {
        let r = with_text(
            Template::V2021,
            2022,
            &[(1, "2021年，我局共主动公开信息40条。2022年，我局继续推进。2023年，我局将进一步加强。"), fee_ok()],
        );
        let f = run(&r);
        assert_eq!(ids(&f), vec!["META-3"]);
        assert_eq!(f[0].expected, Some(2022.0));
    }
}
