//! What sections 一, 五 and 六 must say or must not say: the fee statement
//! of section 六 (TXT-8, T3-6), duplicated words in section 五 (TXT-9), and
//! sentences of section 一 that name another year (META-3).

use super::*;
use crate::rules::catalogue::{META_3, T3_6, TXT_8, TXT_9};

fn mentions_fee(text: &str) -> bool {
    text.contains("处理费")
}

/// TXT-8 (2021+): section 六 reports 信息处理费. T3-6: R6.2.CT > 0 needs the
/// fee and the 收费通知 in section 六, with at least that many notices.
pub(super) fn txt_8_t3_6(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn txt_9(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn meta_3(narr: &Narr<'_>, out: &mut Vec<Finding>) {
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
