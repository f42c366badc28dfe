//! Headings and table headers against the template: section titles (LBL-1),
//! table 二's captions and headers (LBL-2), table 三's and 四's headers
//! (LBL-5, LBL-6) and table 四's header order (T4-4).

use crate::report::schema::{self, Template, T3_COLS, T4_COLS};
use crate::report::template::matcher::{closest_in, targets, Target};
use crate::report::text::norm;
use crate::report::{Report, Table, TableId, TitleMatch};
use crate::rules::catalogue::{LBL_1, LBL_2, LBL_5, LBL_6, T4_4};
use crate::rules::{Finding, Severity};
use std::sync::OnceLock;

/// LBL-1: section headings in other words than the template's, as the
/// parser matched them (a heading under another numeral is STRUCT-3's).
pub(super) fn lbl_1(r: &Report, out: &mut Vec<Finding>) {
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
        out.push(Finding::new(&LBL_1, msg).at(s.line));
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
pub(super) fn lbl_2(r: &Report, t2: &Table, norms: &[String], out: &mut Vec<Finding>) {
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
                    &LBL_2,
                    format!("表头「{}」带有地方性的小数位说明（非全国模板）", h.text),
                )
                .with_severity(Severity::Info)
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
                    &LBL_2,
                    format!(
                        "表头「{}」的单位写法与模板「{canon}」不同（地方性写法）",
                        h.text
                    ),
                )
                .with_severity(Severity::Info)
                .at(h.line),
            );
            continue;
        }
        if let Some(canon) = closest_in(n, targets) {
            out.push(
                Finding::new(
                    &LBL_2,
                    format!("表二表头「{}」疑为笔误，模板为「{canon}」", h.text),
                )
                .at(h.line),
            );
        }
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

pub(super) fn lbl_5(r: &Report, t3: &Table, norms: &[String], out: &mut Vec<Finding>) {
    static LABELS: OnceLock<Vec<Target>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let mut labels: Vec<&'static str> = T3_COLS.iter().map(|c| c.label).collect();
        labels.extend(["申请人情况", "法人或其他组织"]);
        targets(&labels)
    });
    for (text, line, canon) in header_typos(t3, norms, labels) {
        out.push(
            Finding::new(
                &LBL_5,
                format!("表三表头「{text}」疑为笔误，模板为「{canon}」"),
            )
            .at(line),
        );
    }
    if !r.notes.t3_note {
        out.push(
            Finding::new(
                &LBL_5,
                format!("表三未印出模板的勾稽关系说明「{}」", schema::T3_NOTE),
            )
            .with_severity(Severity::Info)
            .at(t3.line),
        );
    }
}

pub(super) fn lbl_6(t4: &Table, norms: &[String], out: &mut Vec<Finding>) {
    static LABELS: OnceLock<Vec<Target>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let mut labels: Vec<&'static str> = T4_COLS.iter().map(|c| c.label).collect();
        labels.extend(["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]);
        targets(&labels)
    });
    for (text, line, canon) in header_typos(t4, norms, labels) {
        out.push(
            Finding::new(
                &LBL_6,
                format!("表四表头「{text}」疑为笔误，模板为「{canon}」"),
            )
            .at(line),
        );
    }
}

/// T4-4: the header order of table 四, which decides what the 15 values mean.
/// Only complete header labels are compared; fragments of vertical or split
/// headers are skipped (they carry no order information we can trust).
pub(super) fn t4_4(t4: &Table, norms: &[String], out: &mut Vec<Finding>) {
    let pos = |label: &str| norms.iter().position(|n| n == label);
    let pairs = [("行政复议", "行政诉讼"), ("未经复议直接起诉", "复议后起诉")];
    for (first, second) in pairs {
        if let (Some(a), Some(b)) = (pos(first), pos(second)) {
            if a > b {
                let line = t4.headers.get(b).map(|h| h.line).unwrap_or(t4.line);
                out.push(
                    Finding::new(
                        &T4_4,
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
                        &T4_4,
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
