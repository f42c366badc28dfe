//! What the narrative counts against what the tables hold: applications
//! received (TXT-1, TXT-2, T3-8), carried over (TXT-3), answered (TXT-4),
//! reviews and lawsuits (TXT-5), all completed (TXT-6), documents issued
//! (TXT-7).

use super::*;
use crate::rules::catalogue::{Rule, T3_8, TXT_1, TXT_2, TXT_3, TXT_4, TXT_5, TXT_6, TXT_7};

/// T3-8: table 三 entirely zero while the text reports applications.
/// (The reverse — "no applications" while A1 > 0 — is TXT-2's error; a
/// second rule for it would report one fact twice.)
pub(super) fn t3_8(r: &Report, received: &[Said], out: &mut Vec<Finding>) -> bool {
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
pub(super) fn txt_1(r: &Ctx<'_>, received: &[Said], out: &mut Vec<Finding>) {
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
pub(super) fn txt_2(n: &Narr<'_>, received: &[Said], out: &mut Vec<Finding>) {
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
pub(super) fn txt_3(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn txt_4(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn txt_5(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn txt_6(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
pub(super) fn txt_7(n: &Narr<'_>, out: &mut Vec<Finding>) {
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
