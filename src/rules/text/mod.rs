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
//!
//! The patterns are in [`patterns`]; the count rules (what the narrative
//! says was received, carried, answered, reviewed, issued) in [`counts`];
//! the rules about the wording of sections 一, 五 and 六 (fee statement,
//! duplicated words, other years) in [`prose`].

mod counts;
mod patterns;
mod prose;

use super::ctx::{Ctx, NarrSentence};
use super::narrative::{number, Sentence};
use super::tables::readable;
use super::Finding;
use crate::report::{CellId, Report, TableId, Template, Value};
use patterns::{has_any, keyword_mask, mask_of, patterns, Pat};

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

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let p = patterns();
    let n = Narr::new(r);
    let received = scan(&n, APPLICATION_SECTIONS, p.received.as_ref(), NOT_FOI);
    let t3_8 = counts::t3_8(r, &received, out);
    if !t3_8 {
        counts::txt_1(r, &received, out);
    }
    counts::txt_2(&n, &received, out);
    counts::txt_3(&n, out);
    counts::txt_4(&n, out);
    counts::txt_5(&n, out);
    counts::txt_6(&n, out);
    counts::txt_7(&n, out);
    prose::txt_8_t3_6(&n, out);
    prose::txt_9(&n, out);
    prose::meta_3(&n, out);
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::rules::Severity;

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
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
