//! Cross-report rules (X-1…6, META-4 duplicates): the same agency across
//! consecutive years in the loaded set.
//!
//! Reports are grouped by normalised agency first, so every rule compares
//! only a handful of reports (one per year) and the whole pass stays linear
//! in the number of files — no all-pairs comparison of texts.
//!
//! X-7 (a government's report equals the sum of its subordinates' reports,
//! E13) is not implemented: nothing in a report says which agencies are its
//! subordinates, and guessing the hierarchy from names (`某区科技局` under
//! `某区人民政府`) would miss bodies that report elsewhere and would compare
//! against an incomplete set whenever a department's file is absent — a
//! guaranteed false positive. It needs a hierarchy file from the user.

use crate::report::schema::T3_COLS;
use crate::report::text::norm;
use crate::report::{CellId, CrossFinding, Report, Severity, Table, TableId, Template, Value};
use std::collections::{BTreeMap, HashSet};

/// The agency key reports are grouped by: normalised, brackets and common
/// separators removed, so `白碱滩区(克拉玛依高新区)科技局` and
/// `白碱滩区（克拉玛依高新区）科技局` are one agency.
fn agency_key(r: &Report) -> Option<String> {
    let a = r.agency.as_deref()?;
    let k: String = norm(a)
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '·' | '-' | '_' | '#' | '*'))
        .collect();
    (!k.is_empty()).then_some(k)
}

pub fn check(reports: &[&Report]) -> Vec<CrossFinding> {
    let mut groups: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    for r in reports {
        if r.notes.fatal.is_some() {
            continue;
        }
        if let (Some(k), Some(_)) = (agency_key(r), r.year) {
            groups.entry(k).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for group in groups.values_mut() {
        group.sort_by(|a, b| a.year.cmp(&b.year).then(a.path.cmp(&b.path)));
        duplicates(group, &mut out);
        x_4(group, &mut out);
        for pair in group.windows(2) {
            let [a, b] = pair else { continue };
            let (Some(ya), Some(yb)) = (a.year, b.year) else {
                continue;
            };
            if yb != ya + 1 {
                continue;
            }
            x_1(a, b, &mut out);
            x_2(a, b, &mut out);
            x_3(a, b, &mut out);
            x_5(a, b, &mut out);
            x_6(a, b, &mut out);
        }
    }
    out
}

fn name(r: &Report) -> String {
    format!(
        "{}{}年",
        r.agency.as_deref().unwrap_or(""),
        r.year.map(|y| y.to_string()).unwrap_or_default()
    )
}

fn finding(rule: &'static str, sev: Severity, msg: String, a: &Report, b: &Report) -> CrossFinding {
    CrossFinding {
        rule,
        severity: sev,
        message: msg,
        reports: vec![a.path.clone(), b.path.clone()],
        cells: Vec::new(),
        cell_reports: Vec::new(),
    }
}

/// META-4: two files with the same agency and year.
fn duplicates(group: &[&Report], out: &mut Vec<CrossFinding>) {
    for pair in group.windows(2) {
        let [a, b] = pair else { continue };
        if a.year == b.year {
            out.push(finding(
                "META-4",
                Severity::Warning,
                format!("{}的报告出现了两份: {} 与 {}", name(a), a.path, b.path),
                a,
                b,
            ));
        }
    }
}

/// once a year is on the 2021 format, no later year goes back.
fn x_4(group: &[&Report], out: &mut Vec<CrossFinding>) {
    let Some(first_new) = group.iter().find(|r| r.template == Some(Template::V2021)) else {
        return;
    };
    for r in group
        .iter()
        .filter(|r| r.year > first_new.year && r.template == Some(Template::V2019))
    {
        out.push(finding(
            "X-4",
            Severity::Error,
            format!(
                "{}已使用2021格式，{}却又使用2019试行格式",
                name(first_new),
                name(r)
            ),
            first_new,
            r,
        ));
    }
}

fn cell_int(r: &Report, id: &CellId) -> Option<i64> {
    r.value(id).int()
}

/// Whether the later report mentions a correction of earlier figures.
fn mentions_correction(r: &Report) -> bool {
    r.sections.iter().any(|s| {
        ["更正", "修正", "调整", "核减", "核增", "差异"]
            .iter()
            .any(|k| s.text.contains(k))
    })
}

/// X-1 (E7): A4.c(N) = A2.c(N+1), for all seven columns. The rows are the
/// same in both templates, so this holds across the 2020→2021 change.
fn x_1(a: &Report, b: &Report, out: &mut Vec<CrossFinding>) {
    let mut cells = Vec::new();
    let mut owners = Vec::new();
    let mut diffs = Vec::new();
    let mut ct_differs = false;
    for col in T3_COLS {
        let out_id = CellId::t3("A4", col.id);
        let in_id = CellId::t3("A2", col.id);
        let (Some(x), Some(y)) = (cell_int(a, &out_id), cell_int(b, &in_id)) else {
            continue;
        };
        if x != y {
            ct_differs |= col.id == "CT";
            diffs.push(format!("{} {x} ≠ {y}", col.label));
            cells.push(out_id);
            owners.push(0);
            cells.push(in_id);
            owners.push(1);
        }
    }
    if diffs.is_empty() {
        return;
    }
    // SPEC: an error for the total column unless the later report explains a
    // correction; otherwise a warning.
    let sev = if ct_differs && !mentions_correction(b) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut f = finding(
        "X-1",
        sev,
        format!(
            "{}「结转下年度继续办理」与{}「上年结转」不一致: {}",
            name(a),
            name(b),
            diffs.join("、")
        ),
        a,
        b,
    );
    f.cells = cells;
    f.cell_reports = owners;
    out.push(f);
}

/// X-2 (E8): valid(N+1) = valid(N) + made(N+1) − repealed(N+1), new format.
fn x_2(a: &Report, b: &Report, out: &mut Vec<CrossFinding>) {
    if a.template != Some(Template::V2021) || b.template != Some(Template::V2021) {
        return;
    }
    for (row, label) in [("REG", "规章"), ("NORM", "行政规范性文件")] {
        let id = |c: &str| CellId::new(TableId::T2, row, c);
        let (Some(v0), Some(m1), Some(r1), Some(v1)) = (
            cell_int(a, &id("valid")),
            cell_int(b, &id("made")),
            cell_int(b, &id("repealed")),
            cell_int(b, &id("valid")),
        ) else {
            continue;
        };
        let expected = i128::from(v0) + i128::from(m1) - i128::from(r1);
        if expected != i128::from(v1) {
            let mut f = finding(
                "X-2",
                Severity::Warning,
                format!(
                    "{label}: {}现行有效{v0} + {}制发{m1} − 废止{r1} = {expected}，但{}现行有效为{v1}",
                    name(a),
                    name(b),
                    name(b)
                ),
                a,
                b,
            );
            f.cells = vec![id("valid"), id("made"), id("repealed"), id("valid")];
            f.cell_reports = vec![0, 1, 1, 1];
            out.push(f);
        }
    }
}

/// X-3 (E10): prev_items(N+1) = prev_items(N) + delta(N), old format.
fn x_3(a: &Report, b: &Report, out: &mut Vec<CrossFinding>) {
    if a.template != Some(Template::V2019) || b.template != Some(Template::V2019) {
        return;
    }
    for row in ["LIC", "OTHSVC", "PUN", "COE", "FEE"] {
        let id = |c: &str| CellId::new(TableId::T2, row, c);
        let (Some(p0), Some(d0), Some(p1)) = (
            cell_int(a, &id("prev_items")),
            cell_int(a, &id("delta")),
            cell_int(b, &id("prev_items")),
        ) else {
            continue;
        };
        let expected = i128::from(p0) + i128::from(d0);
        if expected != i128::from(p1) {
            let mut f = finding(
                "X-3",
                Severity::Warning,
                format!(
                    "{row}: {}上一年项目数量{p0} + 本年增/减{d0} = {expected}，但{}上一年项目数量为{p1}",
                    name(a),
                    name(b)
                ),
                a,
                b,
            );
            f.cells = vec![id("prev_items"), id("delta"), id("prev_items")];
            f.cell_reports = vec![0, 0, 1];
            out.push(f);
        }
    }
}

/// Text with years, numbers and punctuation masked, for X-5.
fn masked(text: &str) -> Vec<char> {
    norm(text)
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !"，。、；：“”（）《》！？".contains(*c))
        .map(|c| {
            if c.is_ascii_digit() || "零一二两三四五六七八九十百千".contains(c) {
                '#'
            } else {
                c
            }
        })
        .collect()
}

/// Jaccard similarity of character 4-gram sets.
fn similarity(a: &[char], b: &[char]) -> f64 {
    let grams =
        |v: &[char]| -> HashSet<String> { v.windows(4).map(|w| w.iter().collect()).collect() };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let inter = ga.intersection(&gb).count() as f64;
    let union = ga.union(&gb).count() as f64;
    inter / union
}

/// X-5 (内容雷同): sections 一 and 五 near-identical after masking numbers.
/// Short sections (under 60 characters) are skipped: two `无`s or a
/// one-line boilerplate are alike by nature, not copied.
fn x_5(a: &Report, b: &Report, out: &mut Vec<CrossFinding>) {
    for ord in [1u8, 5] {
        let (Some(sa), Some(sb)) = (a.section(ord), b.section(ord)) else {
            continue;
        };
        let (ma, mb) = (masked(&sa.text), masked(&sb.text));
        if ma.len() < 60 || mb.len() < 60 {
            continue;
        }
        let sim = similarity(&ma, &mb);
        if sim > 0.9 {
            out.push(finding(
                "X-5",
                Severity::Warning,
                format!(
                    "{}与{}的「{}」内容雷同（屏蔽数字后重合度{:.0}%）",
                    name(a),
                    name(b),
                    sb.title,
                    sim * 100.0
                ),
                a,
                b,
            ));
        }
    }
}

fn numbers(t: &Table) -> Option<Vec<(&CellId, f64)>> {
    t.cells
        .iter()
        .filter(|c| !c.id.row.contains('/'))
        .map(|c| match c.value {
            Value::Int(n) => Some((&c.id, n as f64)),
            Value::Money(m) => Some((&c.id, m)),
            _ => None,
        })
        .collect()
}

/// a table copied unchanged (every cell a number, not all zero).
fn x_6(a: &Report, b: &Report, out: &mut Vec<CrossFinding>) {
    for id in TableId::ALL {
        let (Some(ta), Some(tb)) = (a.table(id), b.table(id)) else {
            continue;
        };
        // Table 二 changes shape with the template; comparing across it
        // means nothing.
        if id == TableId::T2 && a.template != b.template {
            continue;
        }
        let (Some(na), Some(nb)) = (numbers(ta), numbers(tb)) else {
            continue;
        };
        let same = na.len() == nb.len()
            && na.len() > 1
            && na.iter().zip(&nb).all(|(x, y)| x.0 == y.0 && x.1 == y.1);
        let nonzero = na.iter().any(|x| x.1 != 0.0);
        if same && nonzero {
            out.push(finding(
                "X-6",
                Severity::Warning,
                format!(
                    "{}与{}的{}数值完全相同（疑为照抄上年数据）",
                    name(a),
                    name(b),
                    id.title_zh()
                ),
                a,
                b,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn run(rs: &[&Report]) -> Vec<CrossFinding> {
        check(rs)
    }

    fn rids(f: &[CrossFinding]) -> Vec<&'static str> {
        f.iter().map(|f| f.rule).collect()
    }

    /// Two consecutive years that agree: carry-over matched, stock matched,
    /// tables and texts different.
    fn pair() -> (Report, Report) {
        let a = report(Template::V2021, 2021);
        let mut b = report(Template::V2021, 2022);
        for col in T3_COLS {
            let v = int(&a, "T3", "A4", col.id);
            let old = int(&b, "T3", "A2", col.id);
            let a1 = int(&b, "T3", "A1", col.id);
            set(&mut b, "T3", "A2", col.id, Value::Int(v));
            // Keep T3-3 in balance: A1 absorbs the change.
            set(&mut b, "T3", "A1", col.id, Value::Int(a1 + old - v));
        }
        // NORM: valid 6 (2021) + made 2 − repealed 0 = 8.
        set(&mut b, "T2", "NORM", "valid", Value::Int(8));
        set(&mut b, "T4", "RV", "keep", Value::Int(2));
        set(&mut b, "T4", "RV", "oth", Value::Int(0));
        (a, b)
    }

    #[test]
    fn consistent_years_are_silent() {
        let (a, b) = pair();
        let f = run(&[&b, &a]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn x_1_carry_over_names_both_cells() {
        let (a, mut b) = pair();
        let v = int(&b, "T3", "A2", "CT");
        set(&mut b, "T3", "A2", "CT", Value::Int(v + 1));
        let f = run(&[&a, &b]);
        assert_eq!(rids(&f), vec!["X-1"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].cells,
            vec![CellId::t3("A4", "CT"), CellId::t3("A2", "CT")]
        );
        assert_eq!(f[0].cell_reports, vec![0, 1]);
        assert_eq!(f[0].reports, vec![a.path.clone(), b.path.clone()]);
        // Not consecutive: nothing.
        let mut c = b.clone();
        c.year = Some(2023);
        c.path = "test/2023.txt".into();
        assert!(run(&[&a, &c]).is_empty());
    }

    #[test]
    fn x_2_stock_and_x_3_items() {
        let (a, mut b) = pair();
        set(&mut b, "T2", "NORM", "valid", Value::Int(9));
        assert_eq!(rids(&run(&[&a, &b])), vec!["X-2"]);
        let a = report(Template::V2019, 2019);
        let mut b = report(Template::V2019, 2020);
        for row in ["LIC", "OTHSVC", "PUN", "COE", "FEE"] {
            set(&mut b, "T2", row, "prev_items", Value::Int(8));
        }
        set(&mut b, "T2", "LIC", "prev_items", Value::Int(9));
        set(&mut b, "T4", "RV", "keep", Value::Int(2));
        set(&mut b, "T4", "RV", "oth", Value::Int(0));
        let f = run(&[&a, &b]);
        assert!(rids(&f).contains(&"X-3"));
        assert_eq!(rids(&f).iter().filter(|r| **r == "X-3").count(), 1);
    }

    #[test]
    fn x_4_template_regression_and_meta_4_duplicates() {
        let a = report(Template::V2021, 2021);
        let b = report(Template::V2019, 2023);
        assert_eq!(rids(&run(&[&a, &b])), vec!["X-4"]);
        let mut c = report(Template::V2021, 2021);
        c.path = "other/2021.txt".into();
        assert_eq!(rids(&run(&[&a, &c])), vec!["META-4"]);
    }

    #[test]
    fn x_5_copied_text_and_x_6_copied_tables() {
        let (mut a, mut b) = pair();
        let text = "本机关认真贯彻落实政府信息公开条例，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政务公开工作，取得了明显成效。";
        set_text(&mut a, 5, &format!("2021年，{text}全年公开信息45条。"));
        set_text(&mut b, 5, &format!("2022年，{text}全年公开信息46条。"));
        assert_eq!(rids(&run(&[&a, &b])), vec!["X-5"]);
        let a = report(Template::V2021, 2021);
        let b = report(Template::V2021, 2022);
        let f = run(&[&a, &b]);
        // Same generated tables: 二, 三 and 四 are all copies.
        assert_eq!(rids(&f).iter().filter(|r| **r == "X-6").count(), 3);
    }
}
