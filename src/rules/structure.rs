//! Structure rules (STRUCT-*): the six sections, the three tables in the
//! right sections, table shapes, and the rows of table 三.
//!
//! These read what the parser recognised (sections, tables, row labels,
//! shape errors); they never re-read the text to second-guess it.

use super::catalogue::{
    STRUCT_1, STRUCT_10, STRUCT_11, STRUCT_2, STRUCT_3, STRUCT_4, STRUCT_5, STRUCT_6, STRUCT_7,
    STRUCT_8, STRUCT_9,
};
use super::ctx::Ctx;
use super::tables::t3_template;
use super::{Finding, Severity};
use crate::report::schema::{self, SECTIONS};
use crate::report::text::{cn_numeral, norm};
use crate::report::{CellId, Report, Table, TableId, Value};

pub(crate) fn check(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    struct_1(r, out);
    for id in TableId::ALL {
        struct_5(r, id, out);
        // A table that is missing or unreadable has no shape to check.
        if let Some(t) = r.table(id).filter(|t| t.unreadable.is_none()) {
            struct_6(r, t, out);
        }
    }
    struct_7(r, out);
    struct_2(r, out);
    struct_3(r, out);
    struct_4(r, out);
    struct_8(r, out);
    struct_9_10(r, out);
    struct_11(r, out);
}

fn struct_1(r: &Report, out: &mut Vec<Finding>) {
    // No heading recognised at all (flattened web text, a non-report): one
    // finding says it; six identical ones would only bury the others.
    if r.sections.is_empty() {
        out.push(
            Finding::new(
                &STRUCT_1,
                "未识别出任何一级标题（一、总体情况 … 六、其他需要报告的事项），六个部分均缺失",
            )
            .at(r.notes.title_line),
        );
        return;
    }
    for s in SECTIONS {
        if r.section(s.ordinal).is_none() {
            // An unrecognisable heading with this numeral is probably the
            // section under a wrong title: name it (LBL-1's error case).
            let hint = r
                .notes
                .headings
                .iter()
                .find(|h| h.0 == 0 && written_ordinal(&h.1) == Some(s.ordinal));
            let (msg, line) = match hint {
                Some((_, text, line)) => (
                    format!(
                        "缺少第{}部分「{}」；第{line}行的标题「{text}」无法识别为该部分",
                        s.numeral, s.title
                    ),
                    *line,
                ),
                None => (
                    format!("缺少第{}部分「{}」", s.numeral, s.title),
                    r.notes.title_line,
                ),
            };
            out.push(Finding::new(&STRUCT_1, msg).at(line));
        }
    }
}

/// The ordinal a heading is written with (`三、…` → 3), if it has one.
fn written_ordinal(text: &str) -> Option<u8> {
    let t = norm(text);
    let (head, _) = t.split_once('、')?;
    let mut chars = head.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    cn_numeral(c)
}

/// STRUCT-2: the written top-level ordinals, in file order, go 一…六 once
/// each. Reported once per kind of problem, at the first offending heading.
fn struct_2(r: &Report, out: &mut Vec<Finding>) {
    let mut hs: Vec<&(u8, String, usize)> = r.notes.headings.iter().collect();
    hs.sort_by_key(|h| h.2);
    let mut seen: Vec<u8> = Vec::new();
    let mut prev: Option<(u8, &str)> = None;
    let (mut dup, mut restart) = (false, false);
    for (_, text, line) in hs {
        let Some(n) = written_ordinal(text) else {
            continue;
        };
        if let Some((p, ptext)) = prev {
            if n <= p && n == 1 && !restart {
                restart = true;
                out.push(
                    Finding::new(
                        &STRUCT_2,
                        format!("「{ptext}」之后又从「{text}」重新编号，一级序号出现两套编号"),
                    )
                    .at(*line),
                );
            } else if seen.contains(&n) && n != 1 && !dup {
                dup = true;
                out.push(
                    Finding::new(
                        &STRUCT_2,
                        format!("一级序号「{}、」重复出现（「{text}」）", numeral(n)),
                    )
                    .at(*line),
                );
            } else if n < p && !seen.contains(&n) {
                out.push(
                    Finding::new(
                        &STRUCT_2,
                        format!("一级序号顺序错误: 「{text}」出现在「{ptext}」之后"),
                    )
                    .at(*line),
                );
            }
        }
        seen.push(n);
        prev = Some((n, text.as_str()));
    }
}

/// STRUCT-3: a heading whose text is section X's but whose numeral is not X
/// (shifted numbering: `一、主动公开政府信息情况`).
fn struct_3(r: &Report, out: &mut Vec<Finding>) {
    for s in &r.sections {
        let Some(n) = written_ordinal(&s.title) else {
            continue;
        };
        if n != s.ordinal {
            out.push(
                Finding::new(
                    &STRUCT_3,
                    format!(
                        "标题「{}」的内容属于第{}部分，序号却是「{}、」",
                        s.title,
                        numeral(s.ordinal),
                        numeral(n)
                    ),
                )
                .at(s.line),
            );
        }
    }
}

/// The five sub-topics of 总体情况 (SPEC §1.2).
const SUBTOPICS: &[&str] = &[
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "平台建设",
    "监督保障",
];

/// STRUCT-4: a sub-topic of 总体情况 written as a top-level heading
/// (`二、依申请公开`). Section headings themselves are matched to the six
/// titles first, so `二、主动公开政府信息情况` is never taken for one.
fn struct_4(r: &Report, out: &mut Vec<Finding>) {
    for (ord, text, line) in &r.notes.headings {
        if *ord != 0 {
            continue;
        }
        let Some(n) = written_ordinal(text) else {
            continue;
        };
        let t = norm(text);
        let body = t.split_once('、').map(|x| x.1).unwrap_or("");
        if n >= 2 && body.chars().count() <= 12 {
            if let Some(topic) = SUBTOPICS.iter().find(|k| body.contains(*k)) {
                out.push(
                    Finding::new(
                        &STRUCT_4,
                        format!("「{text}」是总体情况的子项（{topic}），不应作为一级标题"),
                    )
                    .at(*line),
                );
            }
        }
    }
}

/// STRUCT-8: section 五 says nothing (empty, `无`, under about 10 characters).
fn struct_8(r: &Report, out: &mut Vec<Finding>) {
    let Some(s) = r.section(5) else { return };
    let kept = |c: &char| !c.is_whitespace() && !"。.，,；;：:".contains(*c);
    // Count before collecting: section 五 is usually long, and only a body
    // under 10 characters is reported (collecting it all was most of
    // STRUCT-8's cost).
    if s.text.chars().filter(kept).take(10).count() < 10 {
        let body: String = s.text.chars().filter(kept).collect();
        let shown = if body.is_empty() {
            "（空）"
        } else {
            body.as_str()
        };
        out.push(
            Finding::new(
                &STRUCT_8,
                format!("第五部分「存在的主要问题及改进情况」几乎没有内容: {shown}"),
            )
            .at(s.line),
        );
    }
}

/// STRUCT-9 / STRUCT-10: what section 一 should mention.
fn struct_9_10(r: &Report, out: &mut Vec<Finding>) {
    let Some(s) = r.section(1) else { return };
    let t = norm(&s.text);
    if t.chars().count() < 20 {
        // An empty 总体情况 is not a coverage question; nothing to grade.
        return;
    }
    let topics: [(&str, &[&str]); 5] = [
        ("主动公开", &["主动公开"]),
        ("依申请公开", &["依申请"]),
        ("政府信息管理", &["信息管理"]),
        ("平台建设", &["平台"]),
        ("监督保障", &["监督", "保障"]),
    ];
    let missing: Vec<&str> = topics
        .iter()
        .filter(|(_, keys)| !keys.iter().any(|k| t.contains(k)))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        out.push(
            Finding::new(&STRUCT_9, format!("总体情况未提及: {}", missing.join("、"))).at(s.line),
        );
    }
    let government = r
        .agency
        .as_deref()
        .is_some_and(|a| norm(a).ends_with("人民政府"));
    if government {
        let missing: Vec<&str> = ["考核", "社会评议", "责任追究"]
            .into_iter()
            .filter(|k| !t.contains(k))
            .collect();
        if !missing.is_empty() {
            out.push(
                Finding::new(&STRUCT_10, format!(
                        "人民政府的报告应在总体情况中说明工作考核、社会评议和责任追究结果情况，未提及: {}",
                        missing.join("、")
                    ),
                )
                .at(s.line),
            );
        }
    }
}

/// Obsolete section names of the pre-2019 report structure.
const OBSOLETE: &[&str] = &[
    "概述",
    "收费及减免",
    "七个部分",
    "七部分",
    "因政府信息公开申请行政复议",
    "依申请公开政府信息情况",
];

/// STRUCT-11: a sentence describing the report's own structure with the
/// pre-2019 section names (sample 000).
fn struct_11(r: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(s) = r.section(1) else { return };
    for ns in r.sentences(s).iter() {
        let sent = &ns.sent;
        // The sentence is NFKC already, so `norm` only drops whitespace and
        // maps brackets and quotes: a sentence without `本` cannot mention
        // `本报告` and needs no normalising.
        if !sent.text.contains('本') {
            continue;
        }
        let t = norm(&sent.text);
        let describes = t.contains("本报告") && (t.contains("组成") || t.contains("部分"));
        if !describes {
            continue;
        }
        let names: Vec<&str> = OBSOLETE.iter().copied().filter(|k| t.contains(k)).collect();
        if !names.is_empty() {
            out.push(
                Finding::new(
                    &STRUCT_11,
                    format!(
                        "正文按旧格式描述报告结构（{}），与实际的六个部分不符",
                        names.join("、")
                    ),
                )
                .at(sent.line),
            );
            return;
        }
    }
}

fn numeral(ordinal: u8) -> char {
    schema::section_def(ordinal)
        .map(|s| s.numeral)
        .unwrap_or('?')
}

fn struct_5(r: &Report, id: TableId, out: &mut Vec<Finding>) {
    let want = id.section();
    let section_line = r.section(want).map(|s| s.line).unwrap_or(0);
    match r.table(id) {
        None => out.push(
            Finding::new(
                &STRUCT_5,
                format!("第{}部分中未找到{}", numeral(want), id.title_zh()),
            )
            .at(section_line),
        ),
        Some(t) => {
            if let Some(reason) = &t.unreadable {
                out.push(
                    Finding::new(
                        &STRUCT_5,
                        format!("{}无法读取（{reason}），表内数据未检查", id.title_zh()),
                    )
                    .at(t.line),
                );
            }
            // Misplacement is only meaningful when the right section exists;
            // a missing section is STRUCT-1's finding already.
            if t.section != want && r.section(want).is_some() {
                let place = if t.section == 0 {
                    "第一个部分标题之前".to_string()
                } else {
                    format!("第{}部分", numeral(t.section))
                };
                out.push(
                    Finding::new(
                        &STRUCT_5,
                        format!(
                            "{}出现在{place}，应在第{}部分",
                            id.title_zh(),
                            numeral(want)
                        ),
                    )
                    .at(t.line),
                );
            }
        }
    }
}

/// STRUCT-6: rows whose value count does not fit, as the parser saw them,
/// and — when it saw none — a recognised cell count that differs from the
/// template's (local extra rows `PARENT/label` are not counted).
fn struct_6(r: &Report, t: &Table, out: &mut Vec<Finding>) {
    let name = t.id.title_zh();
    // Each error's row label, looked up in a map built once: a search of
    // the rows per error was quadratic in a table of 100,000 bad rows.
    let mut labels: std::collections::HashMap<(&str, usize), &str> =
        std::collections::HashMap::new();
    if !t.shape_errors.is_empty() {
        for l in &t.rows {
            if let Some(row) = l.row.as_deref() {
                labels.entry((row, l.line)).or_insert(&l.text);
            }
        }
    }
    for e in &t.shape_errors {
        let label = labels
            .get(&(&*e.row, e.line))
            .map(|text| format!("「{text}」行"))
            .unwrap_or_else(|| {
                // The parser names a whole-table data row by the table id.
                if e.row == t.id.as_str() {
                    "数据行".to_string()
                } else {
                    format!("「{}」行", e.row)
                }
            });
        out.push(
            Finding::new(
                &STRUCT_6,
                format!(
                    "{name}{label}有{}个数值（应为{}个），该行无法可靠对应",
                    e.found, e.expected
                ),
            )
            .cells(t.row_cell_ids(&e.row))
            .values(e.expected as f64, e.found as f64)
            .at(e.line),
        );
    }
    if !t.shape_errors.is_empty() {
        return;
    }
    let template = match t.id {
        TableId::T3 => t3_template(r),
        TableId::T4 => Some(r.template.unwrap_or(crate::report::Template::V2021)),
        TableId::T2 => r.template,
    };
    let Some(template) = template else { return };
    let expected = schema::cell_count(t.id, template);
    let template_rows: Vec<&str> = schema::rows(t.id, template).iter().map(|d| d.id).collect();
    // Only cells of the template's own rows count: a single R6 row in a
    // 2021 table is TPL-2's and STRUCT-7's finding, not extra cells.
    // Cells come row by row, so the row test is repeated only when the row
    // changes.
    let mut last: Option<(&str, bool)> = None;
    let found = t
        .cells
        .iter()
        .filter(|c| {
            let row: &str = &c.id.row;
            let known = match last {
                Some((r, k)) if r == row => k,
                _ => {
                    let k = template_rows.contains(&row);
                    last = Some((row, k));
                    k
                }
            };
            known && c.value != Value::Absent
        })
        .count();
    // Table 三 rows that are missing altogether are STRUCT-7's; count only
    // the cells missing from rows that were found.
    let missing_rows: usize = if t.id == TableId::T3 {
        t3_missing(r, t).len() * 7
    } else {
        0
    };
    if found + missing_rows != expected && found > 0 {
        out.push(
            Finding::new(
                &STRUCT_6,
                format!(
                    "{name}识别到{found}个数值单元格，{}模板应为{expected}个",
                    template.name_zh()
                ),
            )
            .values(expected as f64, found as f64)
            .at(t.line),
        );
    }
}

/// Template rows of table 三 not found in the file: from the row labels when
/// the parser recorded them, else from rows with no value at all.
fn t3_missing(r: &Report, t: &Table) -> Vec<&'static str> {
    let Some(template) = t3_template(r) else {
        return Vec::new();
    };
    schema::t3_rows(template)
        .iter()
        .map(|d| d.id)
        .filter(|id| {
            if t.rows.iter().any(|l| l.row.is_some()) {
                !t.rows.iter().any(|l| l.row.as_deref() == Some(id))
            } else {
                !t.cells
                    .iter()
                    .any(|c| c.id.row == *id && c.value != Value::Absent)
            }
        })
        .collect()
}

fn struct_7(r: &Report, out: &mut Vec<Finding>) {
    let Some(t) = r.t3.as_ref().filter(|t| t.unreadable.is_none()) else {
        return;
    };
    let Some(template) = t3_template(r) else {
        return;
    };
    let defs = schema::t3_rows(template);
    let missing = t3_missing(r, t);
    if !missing.is_empty() && missing.len() < defs.len() {
        let names: Vec<String> = missing
            .iter()
            .map(|id| super::sums::t3_row_name(template, id))
            .collect();
        out.push(
            Finding::new(
                &STRUCT_7,
                format!("表三缺少{}行: {}", missing.len(), names.join("、")),
            )
            .cells(missing.iter().map(|id| CellId::t3(id, "CT")).collect())
            .values(defs.len() as f64, (defs.len() - missing.len()) as f64)
            .at(t.line),
        );
    }
    // Order: each recognised row must come after the previous one in
    // template order. Report the first row that does not.
    let mut last: Option<usize> = None;
    for label in &t.rows {
        let Some(id) = label.row.as_deref() else {
            continue;
        };
        let Some(pos) = defs.iter().position(|d| d.id == id) else {
            continue;
        };
        if let Some(prev) = last {
            if pos < prev {
                let prev_name = defs
                    .get(prev)
                    .map(|d| super::sums::t3_row_name(template, d.id))
                    .unwrap_or_default();
                out.push(
                    Finding::new(
                        &STRUCT_7,
                        format!(
                            "表三行顺序与模板不同: 「{}」出现在「{prev_name}」之后",
                            super::sums::t3_row_name(template, id)
                        ),
                    )
                    .with_severity(Severity::Warning)
                    .cells(vec![CellId::t3(id, "CT")])
                    .at(label.line),
                );
                break;
            }
        }
        last = Some(last.map_or(pos, |p| p.max(pos)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::report::{ShapeError, Template};

    fn run(r: &Report) -> Vec<Finding> {
        run_family(check, r)
    }

    #[test]
    fn good_reports_are_silent() {
        for t in [Template::V2019, Template::V2021] {
            let f = run(&report(t, year_of(t)));
            assert!(f.is_empty(), "{f:?}");
        }
    }

    #[test]
    fn struct_1_per_missing_section() {
        let mut r = report(Template::V2021, 2022);
        r.sections.retain(|s| s.ordinal != 5 && s.ordinal != 6);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-1", "STRUCT-1"]);
        assert!(f[0].message.contains("五、存在的主要问题及改进情况"));
    }

    #[test]
    fn struct_5_missing_unreadable_misplaced() {
        let mut r = report(Template::V2021, 2022);
        r.t2 = None;
        if let Some(t) = r.t3.as_mut() {
            t.unreadable = Some("表格被压成一行".into());
        }
        if let Some(t) = r.t4.as_mut() {
            t.section = 5;
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-5", "STRUCT-5", "STRUCT-5"]);
        assert_eq!(f[0].line, Some(20));
        assert!(f[1].message.contains("无法读取"));
        assert!(f[2].message.contains("第五部分"));
    }

    #[test]
    fn struct_6_shape_error_and_count() {
        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t4.as_mut() {
            t.shape_errors.push(ShapeError {
                row: "RV".into(),
                expected: 15,
                found: 16,
                line: 200,
            });
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-6"]);
        assert!(f[0].message.contains("16"));
        assert_eq!(f[0].line, Some(200));

        let mut r = report(Template::V2021, 2022);
        set(&mut r, "T4", "LR", "tot", Value::Absent);
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-6"]);
        assert!(f[0].message.contains("14"));
    }

    #[test]
    fn struct_6_ignores_rows_of_the_other_template() {
        // A 2021 table with the old single R6 row instead of R6.1–R6.3:
        // STRUCT-7 names the missing rows; STRUCT-6 does not repeat it.
        let mut r = report(Template::V2021, 2022);
        if let Some(t) = r.t3.as_mut() {
            t.rows
                .retain(|l| !l.row.as_deref().is_some_and(|x| x.starts_with("R6.")));
            for c in t.cells.iter_mut().filter(|c| c.id.row.starts_with("R6.")) {
                c.value = Value::Absent;
            }
            for col in ["C1", "C2", "C3", "C4", "C5", "C6", "CT"] {
                t.cells.push(crate::report::Cell {
                    id: CellId::t3("R6", col),
                    value: Value::Int(0),
                    raw: "0".into(),
                    line: Some(130),
                    unit_in_cell: None,
                    recovered: false,
                });
            }
        }
        assert_eq!(ids(&run(&r)), vec!["STRUCT-7"]);
    }

    #[test]
    fn struct_7_missing_and_reordered_rows() {
        let mut r = report(Template::V2021, 2022);
        if let Some(t) = r.t3.as_mut() {
            t.rows.retain(|l| l.row.as_deref() != Some("R7"));
            for c in t.cells.iter_mut().filter(|c| c.id.row == "R7") {
                c.value = Value::Absent;
            }
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-7"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("（七）总计"));

        let mut r = report(Template::V2019, 2020);
        if let Some(t) = r.t3.as_mut() {
            t.rows.swap(2, 3);
        }
        let f = run(&r);
        assert_eq!(ids(&f), vec!["STRUCT-7"]);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
