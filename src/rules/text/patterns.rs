//! The sentence patterns of the text rules and the keyword prefilter that
//! spares most sentences a regex search.

use crate::rules::narrative::NUM;
use regex::Regex;
use std::sync::OnceLock;

/// Compiled patterns; a pattern that fails to compile disables its rule
/// rather than panicking (they are constants, so a test catches it).
pub(super) struct Patterns {
    pub(super) received: Option<Pat>,
    pub(super) none_received: Option<Pat>,
    pub(super) carried_in: Option<Pat>,
    pub(super) carried_out: Option<Pat>,
    pub(super) carried_out_rev: Option<Pat>,
    pub(super) answered: Option<Pat>,
    pub(super) review: Option<Pat>,
    pub(super) lawsuit: Option<Pat>,
    pub(super) no_review: Option<Pat>,
    pub(super) all_done: Option<Pat>,
    pub(super) norm_docs: Option<Pat>,
    pub(super) rules_made: Option<Pat>,
    pub(super) fee_notices: Option<Pat>,
    pub(super) year_lead: Option<Pat>,
}

/// A pattern and the literals every match of it contains (one of them at
/// least). Most sentences contain none, and a `contains` test is far cheaper
/// than starting a regex search on each: the text rules were a fifth of the
/// checker's time, mostly in searches that found nothing.
pub(super) struct Pat {
    pub(super) re: Regex,
    pub(super) needs: &'static [&'static str],
    /// For a pattern anchored at the start: a test of how the sentence
    /// must begin (a superset of what the pattern accepts there).
    pub(super) lead: Option<fn(&str) -> bool>,
}

impl Pat {
    /// Whether the sentence can match at all.
    pub(super) fn may_match(&self, t: &str) -> bool {
        self.lead.is_none_or(|f| f(t)) && self.needs.iter().any(|k| t.contains(k))
    }

    /// [`Pat::may_match`] for a sentence whose keywords are `keys`
    /// (`bits` = `mask_of(self.needs)`).
    pub(super) fn may_match_keys(&self, t: &str, keys: u32, bits: Option<u32>) -> bool {
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

pub(super) fn patterns() -> &'static Patterns {
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
pub(super) fn keyword_mask(t: &str) -> u32 {
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
pub(super) fn mask_of(words: &[&str]) -> Option<u32> {
    words.iter().try_fold(0u32, |m, w| {
        KEYWORDS.iter().position(|k| k == w).map(|k| m | 1 << k)
    })
}

/// Whether sentence `t`, whose keywords are `keys`, contains one of
/// `words` (`bits` = `mask_of(words)`).
pub(super) fn has_any(t: &str, keys: u32, words: &[&str], bits: Option<u32>) -> bool {
    match bits {
        Some(b) => keys & b != 0,
        None => words.iter().any(|k| t.contains(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn patterns_compile() {
        let p = patterns();
        assert!(p.received.is_some() && p.none_received.is_some() && p.carried_in.is_some());
        assert!(p.carried_out.is_some() && p.carried_out_rev.is_some() && p.answered.is_some());
        assert!(p.review.is_some() && p.lawsuit.is_some() && p.no_review.is_some());
        assert!(p.all_done.is_some() && p.norm_docs.is_some() && p.rules_made.is_some());
        assert!(p.fee_notices.is_some() && p.year_lead.is_some());
    }
}
