//! Label rules (LBL-1…7) and the table 四 order rule (T4-4): do the headings,
//! captions, headers and row labels say what the template says?
//!
//! Everything is compared after [`norm`] (SPEC §7.3). A label a few edits away
//! from a template label (distance ≤ 3, and at most a third of its length, so
//! short labels like `其他` are not "near" everything) is a typo and the
//! finding names the canonical label. Ordinals (`（一）`, `1.`) are stripped
//! before comparing row labels: a missing ordinal is a layout artefact the
//! parser tolerates, not a wording error.

use super::ctx::Ctx;
use crate::report::schema::{self, Template, T3_COLS, T4_COLS};
use crate::report::template::matcher::{bare, closest_in, near, strip_ordinal, targets, Target};
use crate::report::text::norm;
use crate::report::{Finding, Report, Severity, Table, TableId, TitleMatch};
use std::sync::OnceLock;

pub fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    lbl_1(r, out);
    if let Some(t2) = readable(&r.t2) {
        lbl_2(r, t2, &r.header_norms(TableId::T2), out);
        lbl_3(r, t2, out);
    }
    if let Some(t3) = readable(&r.t3) {
        lbl_4(r, t3, out);
        lbl_5(r, t3, &r.header_norms(TableId::T3), out);
    }
    if let Some(t4) = readable(&r.t4) {
        let norms = r.header_norms(TableId::T4);
        lbl_6(t4, &norms, out);
        t4_4(t4, &norms, out);
    }
    for t in [&r.t2, &r.t3, &r.t4] {
        if let Some(t) = readable(t) {
            lbl_7(t, out);
        }
    }
}

fn readable(t: &Option<Table>) -> Option<&Table> {
    t.as_ref().filter(|t| t.unreadable.is_none())
}

/// LBL-1: section headings in other words than the template's, as the
/// parser matched them (a heading under another numeral is STRUCT-3's).
fn lbl_1(r: &Report, out: &mut Vec<Finding>) {
    for s in &r.sections {
        let msg = match s.wording {
            TitleMatch::Exact | TitleMatch::Renumbered(_) => continue,
            TitleMatch::Legacy => {
                let Some(def) = schema::section_def(s.ordinal) else {
                    continue;
                };
                format!(
                    "「{}」是2019年以前的旧格式写法，应为「{}」",
                    s.title, def.title
                )
            }
            TitleMatch::Near(title) => format!("标题「{}」与模板不符，应为「{title}」", s.title),
        };
        out.push(Finding::new("LBL-1", Severity::Warning, msg).at(s.line));
    }
}

/// Every header text a table 二 may legitimately carry, normalised.
fn t2_known(t: Template) -> Vec<String> {
    let mut v: Vec<String> = vec![norm("信息内容")];
    let caps = match t {
        Template::V2019 => schema::T2_CAPTIONS_OLD,
        Template::V2021 => schema::T2_CAPTIONS_NEW,
    };
    v.extend(caps.iter().map(|c| norm(c)));
    for row in schema::rows(TableId::T2, t) {
        v.push(norm(row.label));
        v.extend(row.cols.iter().map(|c| norm(c.label)));
    }
    v
}

/// LBL-2: captions and column headers of table 二 (sample 002 `本年度止件数`),
/// plus the local `保留4位小数` unit note, reported as a local variant.
/// What LBL-2 compares table 二's headers with, for one template.
struct T2Labels {
    known: Vec<String>,
    targets: Vec<Target>,
    /// `norm(target)` without `单位:`, for the local unit spelling.
    unitless: Vec<String>,
}

fn t2_labels(tpl: Template) -> &'static T2Labels {
    static CACHE: OnceLock<[T2Labels; 2]> = OnceLock::new();
    let build = |tpl: Template| {
        let mut labels: Vec<&'static str> = match tpl {
            Template::V2019 => schema::T2_CAPTIONS_OLD.to_vec(),
            Template::V2021 => schema::T2_CAPTIONS_NEW.to_vec(),
        };
        for row in schema::rows(TableId::T2, tpl) {
            labels.extend(row.cols.iter().map(|c| c.label));
        }
        T2Labels {
            known: t2_known(tpl),
            unitless: labels
                .iter()
                .map(|c| norm(c).replace("单位:", ""))
                .collect(),
            targets: targets(&labels),
        }
    };
    let all = CACHE.get_or_init(|| [build(Template::V2019), build(Template::V2021)]);
    match tpl {
        Template::V2019 => &all[0],
        Template::V2021 => &all[1],
    }
}

/// `norms` holds `norm` of each of `t2`'s headers.
fn lbl_2(r: &Report, t2: &Table, norms: &[String], out: &mut Vec<Finding>) {
    let Some(tpl) = r.template else { return };
    let T2Labels {
        known,
        targets,
        unitless,
    } = t2_labels(tpl);
    for (h, n) in t2.headers.iter().zip(norms) {
        if n.chars().count() < 3 || known.contains(n) {
            continue;
        }
        if n.contains("保留") && n.contains("小数") {
            out.push(
                Finding::new(
                    "LBL-2",
                    Severity::Info,
                    format!("表头「{}」带有地方性的小数位说明（非全国模板）", h.text),
                )
                .at(h.line),
            );
            continue;
        }
        // `本年收费金额（万元）` for `本年收费金额（单位：万元）`: the same unit
        // written the local way, not a typo.
        let n_unitless = norm(n).replace("单位:", "");
        if let Some(canon) = unitless
            .iter()
            .position(|u| *u == n_unitless)
            .and_then(|i| targets.get(i))
            .map(|t| t.label)
        {
            out.push(
                Finding::new(
                    "LBL-2",
                    Severity::Info,
                    format!(
                        "表头「{}」的单位写法与模板「{canon}」不同（地方性写法）",
                        h.text
                    ),
                )
                .at(h.line),
            );
            continue;
        }
        if let Some(canon) = closest_in(n, targets) {
            out.push(
                Finding::new(
                    "LBL-2",
                    Severity::Warning,
                    format!("表二表头「{}」疑为笔误，模板为「{canon}」", h.text),
                )
                .at(h.line),
            );
        }
    }
}

/// LBL-3: table 二 row labels; the parser names the canonical label when the
/// written one is not exact (`规范性文件` on the 2021 format is the version
/// mismatch the rule is about).
fn lbl_3(r: &Report, t2: &Table, out: &mut Vec<Finding>) {
    let tpl = r.template;
    for l in &t2.rows {
        let (Some(row), Some(canon)) = (l.row.as_deref(), l.canonical) else {
            continue;
        };
        let written = norm(&l.text);
        let other_version = tpl.and_then(|t| {
            let other = match t {
                Template::V2019 => Template::V2021,
                Template::V2021 => Template::V2019,
            };
            schema::rows(TableId::T2, other)
                .iter()
                .find(|d| d.id == row && norm(d.label) == written && d.label != canon)
                .map(|_| other)
        });
        let msg = match other_version {
            Some(o) => format!(
                "表二行名「{}」是{}的写法，本表为{}，应为「{canon}」",
                l.text,
                o.name_zh(),
                tpl.map(|t| t.name_zh()).unwrap_or("")
            ),
            None if near(&written, &norm(canon)) => {
                format!("表二行名「{}」疑为笔误，模板为「{canon}」", l.text)
            }
            None => continue,
        };
        out.push(
            Finding::new("LBL-3", Severity::Warning, msg)
                .cells(t2.row_cell_ids(row))
                .at(l.line),
        );
    }
}

/// LBL-4: table 三 row labels (sample 000 `2.其他法律法规禁止公开`).
fn lbl_4(r: &Report, t3: &Table, out: &mut Vec<Finding>) {
    let tpl = super::tables::t3_template(r).unwrap_or(Template::V2021);
    let defs = schema::t3_rows(tpl);
    for l in &t3.rows {
        let (Some(row), Some(canon)) = (l.row.as_deref(), l.canonical) else {
            continue;
        };
        let written = norm(&l.text);
        let a = strip_ordinal(&written);
        let cn = norm(canon);
        let b = strip_ordinal(&cn);
        let alias = defs
            .iter()
            .find(|d| d.id == row)
            .is_some_and(|d| d.aliases.iter().any(|x| strip_ordinal(&norm(x)) == a));
        if bare(a) == bare(b) || alias || !near(a, b) {
            continue;
        }
        out.push(
            Finding::new(
                "LBL-4",
                Severity::Warning,
                format!("表三行名「{}」与模板不符，应为「{canon}」", l.text),
            )
            .cells(t3.row_cell_ids(row))
            .at(l.line),
        );
    }
}

/// Near misses of a fixed label list among a table's headers.
/// `norms` holds `norm` of each header.
fn header_typos<'a>(
    t: &'a Table,
    norms: &[String],
    labels: &[Target],
) -> Vec<(&'a str, usize, &'static str)> {
    let mut out = Vec::new();
    for (h, n) in t.headers.iter().zip(norms) {
        // Fragments of split headers (`结果`, `尚未`, `结`) are layout, not typos.
        if n.chars().count() < 3 || labels.iter().any(|l| l.norm == *n) {
            continue;
        }
        if let Some(l) = closest_in(n, labels) {
            out.push((h.text.as_str(), h.line, l));
        }
    }
    out
}

fn lbl_5(r: &Report, t3: &Table, norms: &[String], out: &mut Vec<Finding>) {
    static LABELS: OnceLock<Vec<Target>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let mut labels: Vec<&'static str> = T3_COLS.iter().map(|c| c.label).collect();
        labels.extend(["申请人情况", "法人或其他组织"]);
        targets(&labels)
    });
    for (text, line, canon) in header_typos(t3, norms, labels) {
        out.push(
            Finding::new(
                "LBL-5",
                Severity::Warning,
                format!("表三表头「{text}」疑为笔误，模板为「{canon}」"),
            )
            .at(line),
        );
    }
    if !r.notes.t3_note {
        out.push(
            Finding::new(
                "LBL-5",
                Severity::Info,
                format!("表三未印出模板的勾稽关系说明「{}」", schema::T3_NOTE),
            )
            .at(t3.line),
        );
    }
}

fn lbl_6(t4: &Table, norms: &[String], out: &mut Vec<Finding>) {
    static LABELS: OnceLock<Vec<Target>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let mut labels: Vec<&'static str> = T4_COLS.iter().map(|c| c.label).collect();
        labels.extend(["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]);
        targets(&labels)
    });
    for (text, line, canon) in header_typos(t4, norms, labels) {
        out.push(
            Finding::new(
                "LBL-6",
                Severity::Warning,
                format!("表四表头「{text}」疑为笔误，模板为「{canon}」"),
            )
            .at(line),
        );
    }
}

/// T4-4: the header order of table 四, which decides what the 15 values mean.
/// Only complete header labels are compared; fragments of vertical or split
/// headers are skipped (they carry no order information we can trust).
fn t4_4(t4: &Table, norms: &[String], out: &mut Vec<Finding>) {
    let pos = |label: &str| norms.iter().position(|n| n == label);
    let pairs = [("行政复议", "行政诉讼"), ("未经复议直接起诉", "复议后起诉")];
    for (first, second) in pairs {
        if let (Some(a), Some(b)) = (pos(first), pos(second)) {
            if a > b {
                let line = t4.headers.get(b).map(|h| h.line).unwrap_or(t4.line);
                out.push(
                    Finding::new(
                        "T4-4",
                        Severity::Error,
                        format!(
                            "表四表头「{second}」出现在「{first}」之前，15个数值的含义与模板不同"
                        ),
                    )
                    .at(line),
                );
                return;
            }
        }
    }
    static COLS: OnceLock<Vec<String>> = OnceLock::new();
    let cols = COLS.get_or_init(|| T4_COLS.iter().map(|c| norm(c.label)).collect());
    let mut prev: Option<usize> = None;
    for (h, n) in t4.headers.iter().zip(norms) {
        let Some(i) = cols.iter().position(|c| c == n) else {
            continue;
        };
        if let Some(p) = prev {
            // Going back to 结果维持 starts the next block; any other step
            // backwards is a swapped column.
            if i < p && i != 0 {
                let name = T4_COLS.get(i).map(|c| c.label).unwrap_or("");
                let before = T4_COLS.get(p).map(|c| c.label).unwrap_or("");
                out.push(
                    Finding::new(
                        "T4-4",
                        Severity::Error,
                        format!("表四表头「{name}」出现在「{before}」之后，列顺序与模板不同"),
                    )
                    .at(h.line),
                );
                return;
            }
        }
        prev = Some(i);
    }
}

/// LBL-7: local rows the parser recognised as sub-rows, and value rows it
/// could not map at all.
fn lbl_7(t: &Table, out: &mut Vec<Finding>) {
    for e in &t.extra_rows {
        out.push(
            Finding::new(
                "LBL-7",
                Severity::Info,
                format!(
                    "{}中有模板之外的子行「{}」（归于「{}」）",
                    short(t.id),
                    e.label,
                    e.parent
                ),
            )
            .cells(t.row_cell_ids(&format!("{}/{}", e.parent, e.label)))
            .at(e.line),
        );
    }
    for l in t
        .rows
        .iter()
        .filter(|l| l.row.is_none() && l.value_count > 0)
    {
        let label = if l.text.trim().is_empty() {
            "（无行名）".to_string()
        } else {
            format!("「{}」", l.text)
        };
        out.push(
            Finding::new(
                "LBL-7",
                Severity::Info,
                format!(
                    "{}中有无法对应模板的行{}（{}个数值，未计入）",
                    short(t.id),
                    label,
                    l.value_count
                ),
            )
            .at(l.line),
        );
    }
}

fn short(id: TableId) -> &'static str {
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
    use crate::report::{ExtraRow, HeaderCell};

    fn run(r: &Report) -> Vec<Finding> {
        let mut out = Vec::new();
        check(&Ctx::new(r), &mut out);
        out
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
