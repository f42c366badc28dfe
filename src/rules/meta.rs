//! Metadata and template rules (META-1/2, TPL-1/2/3): which year the report
//! is for, and whether it uses the format that year requires.
//!
//! These run first because their answer decides what else is fair to check:
//! a pre-2019 report, or a 2019 report on the old free form (tolerated by
//! 国办公开办函〔2019〕60号), is not held to the six-section structure.

use super::catalogue::{META_1, META_2, META_4, META_5, TPL_1, TPL_2, TPL_3};
use super::ctx::Ctx;
use super::{Finding, Severity};
use crate::report::schema::{NEW_MARKERS, OLD_MARKERS};
use crate::report::text::norm;
use crate::report::{Report, Template};
use std::sync::OnceLock;

/// What the report can fairly be held to.
pub(crate) struct Scope {
    /// The six-section structure and the three tables (STRUCT, LBL rules).
    pub structure: bool,
}

/// Legacy reports (≤2018) and 2019 free-form reports predate or were exempt
/// from the unified format: checking their structure against it would bury
/// the one useful finding (META-1 legacy / TPL-1) under dozens of errors.
pub(crate) fn scope(r: &Report) -> Scope {
    let structure = match r.year {
        Some(y) if y <= 2018 => false,
        Some(2019) => r.template.is_some() || r.t2.is_some() || r.t3.is_some(),
        _ => true,
    };
    Scope { structure }
}

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    meta_1(r, out);
    meta_2(r, out);
    tpl_1_3(r, out);
    tpl_2(r, out);
    meta_4(r, out);
    meta_5(r, out);
}

/// META-4 (single report): an agency name can be extracted. Duplicates
/// across files are a cross finding (see `cross.rs`).
fn meta_4(r: &Report, out: &mut Vec<Finding>) {
    if r.agency.as_deref().is_none_or(|a| a.trim().is_empty()) {
        out.push(Finding::new(&META_4, "未能从标题中提取机关名称").at(r.notes.title_line));
    }
}

/// A publication date written in the file: `发布日期：2022-01-20` (web
/// pages) or a closing line that is only a date (the 落款).
fn publication_date(r: &Report) -> Option<((i32, u32, u32), usize)> {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Option<(Regex, Regex)>> = OnceLock::new();
    let (labelled, bare) = RE
        .get_or_init(|| {
            let labelled = Regex::new(
                r"(?:发布|公开|成文|印发)(?:日期|时间)[:：\s]*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})",
            )
            .ok()?;
            let bare =
                Regex::new(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$").ok()?;
            Some((labelled, bare))
        })
        .as_ref()?;
    let parse = |c: regex::Captures| -> Option<(i32, u32, u32)> {
        Some((
            c.get(1)?.as_str().parse().ok()?,
            c.get(2)?.as_str().parse().ok()?,
            c.get(3)?.as_str().parse().ok()?,
        ))
    };
    // Each pattern needs what most lines lack (`日期` or `时间`; a line that
    // is a digit … `日` once trimmed): testing for it first spares the
    // capturing search nearly every line. The literals are searched for in
    // all lines joined, in one call: a search per line cost more in call
    // overhead than in scanning, and `str::contains` is slow on CJK text
    // (the needle's first byte is in nearly every character).
    static LIT: OnceLock<Option<Regex>> = OnceLock::new();
    let lit = LIT.get_or_init(|| Regex::new("日期|时间").ok()).as_ref()?;
    let mut last_tried = None;
    for m in lit.find_iter(r.lines.text()) {
        // A literal holds no line break, so it lies inside one line; lines
        // come in order, each tried once, as a line-by-line loop would.
        let Some(i) = r.lines.line_at(m.start()) else {
            continue;
        };
        if last_tried == Some(i) {
            continue;
        }
        last_tried = Some(i);
        let Some(l) = r.lines.get(i) else { continue };
        if let Some(d) = labelled.captures(l).and_then(parse) {
            return Some((d, i + 1));
        }
    }
    // The 落款 date sits after the last section heading.
    let from = r.sections.iter().map(|s| s.line).max().unwrap_or(0);
    for (i, l) in r.lines.iter().enumerate().skip(from) {
        let t = l.trim();
        if !(t.ends_with('日') && t.chars().next().is_some_and(char::is_numeric)) {
            continue;
        }
        if let Some(d) = bare.captures(l).and_then(parse) {
            return Some((d, i + 1));
        }
    }
    None
}

/// Whether a report is a government's own report (Art. 49's 31 March)
/// rather than a department's (31 January): `…人民政府`, or a bare place
/// or zone name (`平潭综合实验区`), as opposed to a name ending in a
/// department word (`…局`, `…委员会`, `…办公室`).
fn is_government(agency: &str) -> bool {
    let a = norm(agency);
    a.ends_with("人民政府")
        || [
            "省",
            "市",
            "县",
            "区",
            "旗",
            "州",
            "盟",
            "镇",
            "乡",
            "街道",
            "管委会",
            "管理委员会",
        ]
        .iter()
        .any(|s| a.ends_with(s))
}

/// META-5 (Art. 49): departments publish by 31 January of N+1, a people's
/// government its own report by 31 March. Only when a date is in the file.
fn meta_5(r: &Report, out: &mut Vec<Finding>) {
    let Some(year) = r.year else { return };
    let Some(((y, m, d), line)) = publication_date(r) else {
        return;
    };
    let government = r.agency.as_deref().is_some_and(is_government);
    let (dm, dd, who) = if government {
        (3, 31, "人民政府本级报告")
    } else {
        (1, 31, "部门报告")
    };
    let deadline = (year + 1, dm, dd);
    if (y, m, d) > deadline {
        out.push(
            Finding::new(
                &META_5,
                format!(
                    "发布日期{y}年{m}月{d}日晚于{who}的法定期限{}年{dm}月{dd}日（条例第四十九条）",
                    year + 1
                ),
            )
            .at(line),
        );
    }
}

fn meta_1(r: &Report, out: &mut Vec<Finding>) {
    match r.year {
        None => {
            let title = r.title.as_deref().unwrap_or("");
            let msg = if title.is_empty() {
                "未找到报告标题，无法确定报告年度".to_string()
            } else {
                format!("标题「{title}」中没有年份（应为「YYYY年」）")
            };
            out.push(Finding::new(&META_1, msg).at(r.notes.title_line));
        }
        Some(y) if y <= 2018 => out.push(
            Finding::new(
                &META_1,
                format!(
                    "{y}年报告早于统一格式（2019年起），按旧格式（legacy）处理，不检查格式结构"
                ),
            )
            .with_severity(Severity::Info)
            .at(r.notes.title_line),
        ),
        Some(_) => {}
    }
}

fn meta_2(r: &Report, out: &mut Vec<Finding>) {
    if let (Some(year), Some((period, line))) = (r.year, r.notes.period_year) {
        if year != period {
            out.push(
                Finding::new(&META_2, format!("统计期限写的是{period}年，标题是{year}年"))
                    .values(f64::from(year), f64::from(period))
                    .at(line),
            );
        }
    }
}

/// The line that best shows which template the tables follow: the first
/// table 二 header, else the table itself.
fn template_line(r: &Report) -> usize {
    r.t2.as_ref()
        .map(|t| t.headers.first().map(|h| h.line).unwrap_or(t.line))
        .or_else(|| r.t3.as_ref().map(|t| t.line))
        .unwrap_or(r.notes.title_line)
}

fn tpl_1_3(r: &Report, out: &mut Vec<Finding>) {
    let Some(year) = r.year else { return };
    if year <= 2018 {
        return;
    }
    let line = template_line(r);
    match (year, r.template) {
        (y, Some(Template::V2019)) if y >= 2021 => out.push(
            Finding::new(
                &TPL_1,
                format!(
                    "{y}年报告应使用2021格式（国办公开办函〔2021〕30号），表格却是2019试行格式"
                ),
            )
            .at(line),
        ),
        (2020, Some(Template::V2021)) => out
            .push(Finding::new(&TPL_1, "2020年报告应使用2019试行格式，表格却是2021格式").at(line)),
        // 60号 二、有序衔接 only *encouraged* the new format for 2019, so
        // every 2019 mismatch is a warning.
        (2019, Some(Template::V2021)) => out.push(
            Finding::new(
                &TPL_1,
                "2019年报告应使用2019试行格式（或旧格式），表格却是2021格式",
            )
            .with_severity(Severity::Warning)
            .at(line),
        ),
        (2019, None) => out.push(
            Finding::new(
                &TPL_1,
                "2019年报告未使用统一的2019试行格式表格（当年允许沿用旧格式，仅提示）",
            )
            .with_severity(Severity::Warning)
            .at(r.notes.title_line),
        ),
        // Year ≥2020 without any recognised table: STRUCT-5 reports the
        // missing tables; a template mismatch cannot be told.
        _ => {}
    }
    // TPL-3 says something different from TPL-1: the 2021 format did not
    // exist before September 2021, so the *year* is the likely mistake.
    if year <= 2020 && r.template == Some(Template::V2021) {
        out.push(
            Finding::new(
                &TPL_3,
                format!("{year}年报告使用了2021年9月才发布的新格式，报告年份可能写错"),
            )
            .values(2021.0, f64::from(year))
            .at(r.notes.title_line),
        );
    }
}

/// Markers seen in the file: the parser's notes, plus table 二 headers that
/// contain a marker (in case the parser recorded them only as headers), plus
/// the table 三 （六） structure (single R6 vs R6.1–R6.3).
fn markers(r: &Ctx<'_>) -> Vec<(String, usize, Template)> {
    // The normalised markers, once per process; and each kept entry's
    // normalised text next to it, so a duplicate check normalises nothing.
    static MARKERS: OnceLock<Vec<(&'static str, String, Template)>> = OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        let old = OLD_MARKERS.iter().map(|m| (*m, Template::V2019));
        let new = NEW_MARKERS.iter().map(|m| (*m, Template::V2021));
        old.chain(new).map(|(m, t)| (m, norm(m), t)).collect()
    });
    let mut out: Vec<(String, usize, Template)> = r.notes.markers.clone();
    let mut normed: Vec<String> = out.iter().map(|(x, _, _)| norm(x)).collect();
    let mut push = |text: &str, line: usize, t: Template| {
        let n = norm(text);
        if !out
            .iter()
            .zip(&normed)
            .any(|((_, l, _), x)| *l == line && *x == n)
        {
            out.push((text.to_string(), line, t));
            normed.push(n);
        }
    };
    if let Some(t2) = &r.t2 {
        let norms = r.header_norms(crate::report::TableId::T2);
        for (h, n) in t2.headers.iter().zip(norms.iter()) {
            for (m, m_norm, t) in markers {
                if n.contains(m_norm.as_str()) {
                    push(m, h.line, *t);
                }
            }
        }
    }
    if let Some(t3) = &r.t3 {
        for row in &t3.rows {
            match row.row.as_deref() {
                Some("R6") => push(&row.text, row.line, Template::V2019),
                Some("R6.1" | "R6.2" | "R6.3") => push(&row.text, row.line, Template::V2021),
                _ => {}
            }
        }
    }
    out
}

fn tpl_2(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let ms = markers(r);
    let old = ms.iter().filter(|m| m.2 == Template::V2019).count();
    let new = ms.len() - old;
    if old == 0 || new == 0 {
        return;
    }
    // The offending markers are those of the other template than the one the
    // tables were detected as; without a detection, the minority.
    let majority = match r.template {
        Some(t) => t,
        None if new >= old => Template::V2021,
        None => Template::V2019,
    };
    let offending: Vec<&(String, usize, Template)> =
        ms.iter().filter(|m| m.2 != majority).collect();
    let Some(first) = offending.first() else {
        return;
    };
    let names: Vec<String> = offending
        .iter()
        .map(|m| format!("「{}」(第{}行)", m.0, m.1))
        .collect();
    out.push(
        Finding::new(
            &TPL_2,
            format!(
                "新旧格式混用: 表格为{}，却出现{}的标志 {}",
                majority.name_zh(),
                other(majority).name_zh(),
                names.join("、")
            ),
        )
        .at(first.1),
    );
}

fn other(t: Template) -> Template {
    match t {
        Template::V2019 => Template::V2021,
        Template::V2021 => Template::V2019,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::HeaderCell;

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
    }

    #[test]
    fn good_reports_are_silent() {
        assert!(run(&report(Template::V2021, 2022)).is_empty());
        assert!(run(&report(Template::V2021, 2021)).is_empty());
        assert!(run(&report(Template::V2019, 2020)).is_empty());
        assert!(run(&report(Template::V2019, 2019)).is_empty());
    }

    #[test]
    fn meta_1_missing_and_legacy() {
        let mut r = report(Template::V2021, 2022);
        r.year = None;
        let f = run(&r);
        assert_eq!(ids(&f), vec!["META-1"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].line, Some(1));
        let mut r = report(Template::V2019, 2018);
        r.template = None;
        let f = run(&r);
        assert_eq!(ids(&f), vec!["META-1"]);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].message.contains("legacy"));
        assert!(!scope(&r).structure);
    }

    #[test]
    fn meta_2_period_year() {
        let mut r = report(Template::V2021, 2022);
        r.notes.period_year = Some((2022, 12));
        assert!(run(&r).is_empty());
        r.notes.period_year = Some((2021, 12));
        let f = run(&r);
        assert_eq!(ids(&f), vec!["META-2"]);
        assert_eq!(f[0].line, Some(12));
    }

    #[test]
    fn tpl_1_and_3_by_year() {
        let mut r = report(Template::V2019, 2021);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TPL-1"]);
        assert_eq!(f[0].severity, Severity::Error);
        r.year = Some(2020);
        r.template = Some(Template::V2021);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TPL-1", "TPL-3"]);
        r.year = Some(2019);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TPL-1", "TPL-3"]);
        assert_eq!(f[0].severity, Severity::Warning);
        // 2019 on the free form: a warning only, and no structure checks.
        let mut r = Report::empty("x");
        r.year = Some(2019);
        r.agency = Some("某局".into());
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TPL-1"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(!scope(&r).structure);
    }

    /// The line-by-line search `publication_date` replaced, as the reference.
    fn publication_date_reference(r: &Report) -> Option<((i32, u32, u32), usize)> {
        use regex::Regex;
        let labelled = Regex::new(
            r"(?:发布|公开|成文|印发)(?:日期|时间)[:：\s]*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})",
        )
        .ok()?;
        let bare = Regex::new(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$").ok()?;
        let parse = |c: regex::Captures| -> Option<(i32, u32, u32)> {
            Some((
                c.get(1)?.as_str().parse().ok()?,
                c.get(2)?.as_str().parse().ok()?,
                c.get(3)?.as_str().parse().ok()?,
            ))
        };
        for (i, l) in r.lines.iter().enumerate() {
            if let Some(d) = labelled.captures(l).and_then(parse) {
                return Some((d, i + 1));
            }
        }
        let from = r.sections.iter().map(|s| s.line).max().unwrap_or(0);
        for (i, l) in r.lines.iter().enumerate().skip(from) {
            if let Some(d) = bare.captures(l).and_then(parse) {
                return Some((d, i + 1));
            }
        }
        None
    }

    #[test]
    fn publication_date_matches_line_by_line_search() {
        let extra: &[&[&str]] = &[
            &[],
            &["发布日期：2023-01-20"],
            &["日期不详", "成文时间 2023年2月3日", "发布日期：2023-01-20"],
            &["时间时间日期", "公开日期:2023/1/5。发布日期：2024-01-01"],
            &["印发日期：２０２３年１月５日"],
            &["  2023年 3月 15日  "],
            &["2023年3月15日发布"],
            &["\u{3000}2023年3月5日\u{3000}"],
            &["发布时间：2023.02.28", "2023年3月15日"],
            &["", "发布", "日期", "2023年12月1日"],
        ];
        for lines in extra {
            for at in [0usize, 2, usize::MAX] {
                let mut r = report(Template::V2021, 2022);
                for (k, l) in lines.iter().enumerate() {
                    let i = at.saturating_add(k).min(r.lines.len());
                    r.lines.insert(i, l);
                }
                assert_eq!(
                    publication_date(&r),
                    publication_date_reference(&r),
                    "{lines:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn meta_4_and_5() {
        let mut r = report(Template::V2021, 2022);
        r.agency = None;
        assert_eq!(ids(&run(&r)), vec!["META-4"]);
        let mut r = report(Template::V2021, 2022);
        r.lines.push("2023年3月15日");
        let f = run(&r);
        assert_eq!(ids(&f), vec!["META-5"]);
        assert_eq!(f[0].line, Some(r.lines.len()));
        r.agency = Some("某市人民政府".into());
        assert!(run(&r).is_empty());
        // A zone's own report has the government deadline too.
        r.agency = Some("平潭综合实验区".into());
        assert!(run(&r).is_empty());
        let mut r = report(Template::V2021, 2022);
        r.lines.insert(2, "发布日期：2023-01-20");
        assert!(run(&r).is_empty());
    }

    #[test]
    fn tpl_2_mixed_markers() {
        let mut r = report(Template::V2021, 2022);
        r.notes.markers = vec![
            ("本年制发件数".into(), 22, Template::V2021),
            ("上一年项目数量".into(), 25, Template::V2019),
        ];
        let f = run(&r);
        assert_eq!(ids(&f), vec!["TPL-2"]);
        assert_eq!(f[0].line, Some(25));
        assert!(f[0].message.contains("上一年项目数量"));

        // Found through the headers too.
        let mut r = report(Template::V2021, 2022);
        if let Some(t2) = r.t2.as_mut() {
            t2.headers.push(HeaderCell {
                text: "本年 制发件数".into(),
                line: 22,
            });
            t2.headers.push(HeaderCell {
                text: "对外公开总数量".into(),
                line: 23,
            });
        }
        assert_eq!(ids(&run(&r)), vec!["TPL-2"]);
    }
}
