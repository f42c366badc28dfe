//! Label rules (LBL-1…7) and the table 四 order rule (T4-4): do the headings,
//! captions, headers and row labels say what the template says?
//!
//! Everything is compared after [`norm`] (SPEC §7.3). A label a few edits away
//! from a template label (distance ≤ 3, and at most a third of its length, so
//! short labels like `其他` are not "near" everything) is a typo and the
//! finding names the canonical label. Ordinals (`（一）`, `1.`) are stripped
//! before comparing row labels: a missing ordinal is a layout artefact the
//! parser tolerates, not a wording error.
//!
//! The matcher of the template (`report::template::matcher`) decides
//! whether a written label is a near miss of a template label; [`headers`] checks headings and table headers (LBL-1, LBL-2,
//! LBL-5, LBL-6, T4-4), [`rows`] the row labels (LBL-3, LBL-4, LBL-7).

mod headers;
mod rows;

use super::ctx::Ctx;
use super::tables::readable;
use super::Finding;
use crate::report::TableId;

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    headers::lbl_1(r, out);
    if let Some(t2) = readable(r.t2.as_ref()) {
        headers::lbl_2(r, t2, &r.header_norms(TableId::T2), out);
        rows::lbl_3(r, t2, out);
    }
    if let Some(t3) = readable(r.t3.as_ref()) {
        rows::lbl_4(r, t3, out);
        headers::lbl_5(r, t3, &r.header_norms(TableId::T3), out);
    }
    if let Some(t4) = readable(r.t4.as_ref()) {
        let norms = r.header_norms(TableId::T4);
        headers::lbl_6(t4, &norms, out);
        headers::t4_4(t4, &norms, out);
    }
    for t in [&r.t2, &r.t3, &r.t4] {
        if let Some(t) = readable(t.as_ref()) {
            rows::lbl_7(t, out);
        }
    }
}

pub(super) fn short(id: TableId) -> &'static str {
    match id {
        TableId::T2 => "表二",
        TableId::T3 => "表三",
        TableId::T4 => "表四",
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::schema::{Template, T3_COLS};
    use crate::report::{ExtraRow, HeaderCell, Report, Table, TitleMatch};
    use crate::rules::Severity;

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
    }

    fn header(t: &mut Option<Table>, text: &str, line: usize) {
        if let Some(t) = t.as_mut() {
            t.headers.push(HeaderCell {
                text: text.into(),
                line,
            });
        }
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            let mut r = report(t, year_of(t));
            for (i, c) in T3_COLS.iter().enumerate() {
                header(&mut r.t3, c.label, 90 + i);
            }
            for (i, c) in [
                "行政复议",
                "行政诉讼",
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
                "未经复议直接起诉",
                "复议后起诉",
                "结果维持",
                "结果纠正",
            ]
            .iter()
            .enumerate()
            {
                header(&mut r.t4, c, 190 + i);
            }
            let f = run(&r);
            assert!(f.is_empty(), "{f:?}");
        }
    }

    /// The precomputed search gives what the plain one gives, typos, exact
    /// labels, fragments and long notes alike.

    #[test]
    fn lbl_1_typo_and_legacy_wording() {
        let mut r = report(Template::V2019, 2020);
        if let Some(s) = r.sections.iter_mut().find(|s| s.ordinal == 6) {
            s.title = "六、其他说要报告的事项".into();
            s.wording = TitleMatch::Near("六、其他需要报告的事项");
        }
        if let Some(s) = r.sections.iter_mut().find(|s| s.ordinal == 1) {
            s.title = "一、概述".into();
            s.wording = TitleMatch::Legacy;
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-1", "LBL-1"]);
        assert!(f[1].message.contains("六、其他需要报告的事项"));
        assert_eq!(f[1].line, Some(60));
    }

    #[test]
    fn lbl_2_header_typo_and_local_note() {
        let mut r = report(Template::V2021, 2022);
        header(&mut r.t2, "本年度止件数", 22);
        header(&mut r.t2, "本年收费金额（单位：万元，保留4位小数）", 30);
        header(&mut r.t2, "本年制发件数", 22);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-2", "LBL-2"]);
        assert!(f[0].message.contains("本年废止件数"));
        assert_eq!(f[1].severity, Severity::Info);
    }

    #[test]
    fn lbl_2_unit_written_locally_is_not_a_typo() {
        // Regression (precision run): `（万元）` for `（单位：万元）` was a warning.
        let mut r = report(Template::V2021, 2022);
        header(&mut r.t2, "本年收费金额（万元）", 30);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-2"]);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].message.contains("本年收费金额（单位：万元）"));
    }

    #[test]
    fn lbl_3_version_mismatch() {
        let mut r = report(Template::V2021, 2022);
        if let Some(l) =
            r.t2.as_mut()
                .and_then(|t| t.rows.iter_mut().find(|l| l.row.as_deref() == Some("NORM")))
        {
            l.text = "规范性文件".into();
            l.canonical = Some("行政规范性文件");
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-3"]);
        assert!(f[0].message.contains("2019试行格式"));
    }

    #[test]
    fn lbl_4_typo_but_not_alias_or_missing_ordinal() {
        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t3.as_mut() {
            for l in t.rows.iter_mut() {
                match l.row.as_deref() {
                    Some("R3.2") => {
                        l.text = "2.其他法律法规禁止公开".into();
                        l.canonical = Some("2.其他法律行政法规禁止公开");
                    }
                    Some("R2") => {
                        l.text = "（二）部分公开".into();
                        l.canonical =
                            Some("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
                    }
                    Some("R1") => {
                        l.text = "予以公开".into();
                        l.canonical = Some("（一）予以公开");
                    }
                    _ => {}
                }
            }
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-4"]);
        assert!(f[0].message.contains("2.其他法律行政法规禁止公开"));
        assert_eq!(f[0].cells.len(), 7);
    }

    #[test]
    fn lbl_5_note_missing_is_info() {
        let mut r = report(Template::V2021, 2022);
        r.notes.t3_note = false;
        header(&mut r.t3, "社会公义组织", 95);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-5", "LBL-5"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].severity, Severity::Info);
    }

    #[test]
    fn lbl_6_and_t4_4() {
        let mut r = report(Template::V2021, 2022);
        for (i, c) in [
            "行政复议",
            "行政诉讼",
            "结果维护",
            "结果纠正",
            "尚未审结",
            "其他结果",
        ]
        .iter()
        .enumerate()
        {
            header(&mut r.t4, c, 190 + i);
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-6", "T4-4"]);
        assert!(f[0].message.contains("结果维持"));
        let mut r = report(Template::V2021, 2022);
        for (i, c) in ["行政诉讼", "行政复议"].iter().enumerate() {
            header(&mut r.t4, c, 190 + i);
        }
        assert_eq!(ids(&run(&r)), vec!["T4-4"]);
    }

    #[test]
    fn lbl_7_extra_and_unknown_rows() {
        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t2.as_mut() {
            t.extra_rows.push(ExtraRow {
                parent: "OTHSVC".into(),
                label: "行政检查".into(),
                line: 30,
            });
        }
        if let Some(t) = r.t3.as_mut() {
            t.rows.push(crate::report::RowLabel {
                row: None,
                text: "（三）不予公开小计".into(),
                line: 140,
                value_count: 7,
                canonical: None,
            });
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["LBL-7", "LBL-7"]);
        assert!(f.iter().all(|f| f.severity == Severity::Info));
    }
}
