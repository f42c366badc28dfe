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
//!
//! The rules read a [`Digest`] of each report, not the report: `check` and
//! the TUI loader keep one per file until every file is read, so its size is
//! most of their peak memory on a large folder (issue 5). A digest holds only
//! the handful of cells the X rules compare, the masked text of sections 一
//! and 五, and a fingerprint of each table — a few hundred bytes instead of
//! the tens of kilobytes of a parsed report.

use super::catalogue::{Rule, META_4, X_1, X_2, X_3, X_4, X_5, X_6};
use super::finding::{Finding, Severity};
use crate::report::schema::T3_COLS;
use crate::report::text::norm;
use crate::report::{CellId, Report, Table, TableId, Template, Value};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Table 二 cells the X-2 (new format) and X-3 (old format) identities read.
const T2_CELLS: &[(&str, &str)] = &[
    ("REG", "valid"),
    ("REG", "made"),
    ("REG", "repealed"),
    ("NORM", "valid"),
    ("NORM", "made"),
    ("NORM", "repealed"),
    ("LIC", "prev_items"),
    ("LIC", "delta"),
    ("OTHSVC", "prev_items"),
    ("OTHSVC", "delta"),
    ("PUN", "prev_items"),
    ("PUN", "delta"),
    ("COE", "prev_items"),
    ("COE", "delta"),
    ("FEE", "prev_items"),
    ("FEE", "delta"),
];

/// What the cross-report rules need of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    path: String,
    agency: Option<String>,
    /// [`agency_key`], computed once.
    key: Option<String>,
    year: Option<i32>,
    template: Option<Template>,
    /// The report could not be read at all (META-1): no cross rule applies.
    fatal: bool,
    /// Table 三 `A2` (上年结转) and `A4` (结转下年度) integers, in `T3_COLS` order.
    carried_in: [Option<i64>; 7],
    carried_out: [Option<i64>; 7],
    /// Integers of [`T2_CELLS`], in that order.
    t2: [Option<i64>; T2_CELLS.len()],
    /// Whether the text mentions a correction of earlier figures.
    correction: bool,
    /// Sections 一 and 五 for X-5: the title and the masked text, kept only
    /// when long enough for X-5 to compare.
    /// (UTF-8, not `Vec<char>`: a quarter of the size for Chinese text.)
    texts: [Option<(String, String)>; 2],
    /// Per table (二, 三, 四): a fingerprint of its numbers for X-6.
    tables: [Option<TablePrint>; 3],
}

/// X-6 compares two tables cell by cell; a 128-bit FNV-1a hash of the
/// (cell id, value) sequence stands in for the cells. Two different tables
/// share a fingerprint with probability about 2⁻¹²⁸ — never, in practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TablePrint {
    len: usize,
    nonzero: bool,
    hash: u128,
}

/// FNV-1a, 128-bit: simple, fast on short keys, and the same in every run.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u128::from(x);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

impl Digest {
    pub fn of(r: &Report) -> Digest {
        let mut carried_in = [None; 7];
        let mut carried_out = [None; 7];
        // One pass over table 三 (not a lookup per cell); the first cell of
        // an id counts, as in `Report::value`.
        let mut seen = [[false; 7]; 2];
        for c in r.t3.iter().flat_map(|t| &t.cells) {
            let (k, slot) = match &*c.id.row {
                "A2" => (0, &mut carried_in),
                "A4" => (1, &mut carried_out),
                _ => continue,
            };
            if let Some(i) = T3_COLS.iter().position(|col| col.id == c.id.col) {
                if !seen[k][i] {
                    seen[k][i] = true;
                    slot[i] = c.value.int();
                }
            }
        }
        let mut t2 = [None; T2_CELLS.len()];
        let mut seen = [false; T2_CELLS.len()];
        for c in r.t2.iter().flat_map(|t| &t.cells) {
            let hit = T2_CELLS
                .iter()
                .position(|(row, col)| *row == c.id.row && *col == c.id.col);
            if let Some(i) = hit.filter(|&i| !seen[i]) {
                seen[i] = true;
                t2[i] = c.value.int();
            }
        }
        let texts = [1u8, 5].map(|ord| {
            let s = r.section(ord)?;
            let m = masked(&s.text);
            (m.chars().count() >= MIN_SIMILAR_CHARS).then(|| (s.title.clone(), m))
        });
        Digest {
            path: r.path.clone(),
            agency: r.agency.clone(),
            key: agency_key(r.agency.as_deref()),
            year: r.year,
            template: r.template,
            fatal: r.notes.fatal.is_some(),
            carried_in,
            carried_out,
            t2,
            correction: mentions_correction(r),
            texts,
            tables: TableId::ALL.map(|id| r.table(id).and_then(fingerprint)),
        }
    }

    fn t2(&self, row: &str, col: &str) -> Option<i64> {
        T2_CELLS
            .iter()
            .position(|(r, c)| *r == row && *c == col)
            .and_then(|i| self.t2[i])
    }

    fn text(&self, ord: u8) -> Option<&(String, String)> {
        match ord {
            1 => self.texts[0].as_ref(),
            5 => self.texts[1].as_ref(),
            _ => None,
        }
    }
}

/// The agency key reports are grouped by: normalised, brackets and common
/// separators removed, so `白碱滩区(克拉玛依高新区)科技局` and
/// `白碱滩区（克拉玛依高新区）科技局` are one agency.
fn agency_key(agency: Option<&str>) -> Option<String> {
    let k: String = norm(agency?)
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '·' | '-' | '_' | '#' | '*'))
        .collect();
    (!k.is_empty()).then_some(k)
}

/// Cross-report findings over whole reports (tests and small callers).
pub fn check(reports: &[&Report]) -> Vec<Finding> {
    let digests: Vec<Digest> = reports.iter().map(|r| Digest::of(r)).collect();
    check_digests(&digests)
}

pub fn check_digests(reports: &[Digest]) -> Vec<Finding> {
    let mut groups: BTreeMap<&str, Vec<&Digest>> = BTreeMap::new();
    for r in reports {
        if r.fatal {
            continue;
        }
        if let (Some(k), Some(_)) = (r.key.as_deref(), r.year) {
            groups.entry(k).or_default().push(r);
        }
    }
    // Groups are independent: check them on all cores, then concatenate in
    // agency order so the output does not depend on scheduling.
    let groups: Vec<Vec<&Digest>> = groups.into_values().collect();
    let per_group: Vec<Vec<Finding>> = groups.into_par_iter().map(check_group).collect();
    per_group.into_iter().flatten().collect()
}

fn check_group(mut group: Vec<&Digest>) -> Vec<Finding> {
    let mut out = Vec::new();
    group.sort_by(|a, b| a.year.cmp(&b.year).then(a.path.cmp(&b.path)));
    duplicates(&group, &mut out);
    x_4(&group, &mut out);
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
    out
}

fn name(r: &Digest) -> String {
    format!(
        "{}{}年",
        r.agency.as_deref().unwrap_or(""),
        r.year.map(|y| y.to_string()).unwrap_or_default()
    )
}

fn finding(rule: &'static Rule, msg: String, a: &Digest, b: &Digest) -> Finding {
    Finding::across(rule, msg, vec![a.path.clone(), b.path.clone()])
}

/// META-4: two files with the same agency and year.
fn duplicates(group: &[&Digest], out: &mut Vec<Finding>) {
    for pair in group.windows(2) {
        let [a, b] = pair else { continue };
        if a.year == b.year {
            out.push(finding(
                &META_4,
                format!("{}的报告出现了两份: {} 与 {}", name(a), a.path, b.path),
                a,
                b,
            ));
        }
    }
}

/// once a year is on the 2021 format, no later year goes back.
fn x_4(group: &[&Digest], out: &mut Vec<Finding>) {
    let Some(first_new) = group.iter().find(|r| r.template == Some(Template::V2021)) else {
        return;
    };
    for r in group
        .iter()
        .filter(|r| r.year > first_new.year && r.template == Some(Template::V2019))
    {
        out.push(finding(
            &X_4,
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
fn x_1(a: &Digest, b: &Digest, out: &mut Vec<Finding>) {
    let mut cells = Vec::new();
    let mut diffs = Vec::new();
    let mut ct_differs = false;
    for (i, col) in T3_COLS.iter().enumerate() {
        let (Some(x), Some(y)) = (a.carried_out[i], b.carried_in[i]) else {
            continue;
        };
        if x != y {
            ct_differs |= col.id == "CT";
            diffs.push(format!("{} {x} ≠ {y}", col.label));
            cells.push((0, CellId::t3("A4", col.id)));
            cells.push((1, CellId::t3("A2", col.id)));
        }
    }
    if diffs.is_empty() {
        return;
    }
    // SPEC: an error for the total column unless the later report explains a
    // correction; otherwise a warning.
    let sev = if ct_differs && !b.correction {
        Severity::Error
    } else {
        Severity::Warning
    };
    let f = finding(
        &X_1,
        format!(
            "{}「结转下年度继续办理」与{}「上年结转」不一致: {}",
            name(a),
            name(b),
            diffs.join("、")
        ),
        a,
        b,
    );
    out.push(f.with_severity(sev).cells_of_reports(cells));
}

/// X-2 (E8): valid(N+1) = valid(N) + made(N+1) − repealed(N+1), new format.
fn x_2(a: &Digest, b: &Digest, out: &mut Vec<Finding>) {
    if a.template != Some(Template::V2021) || b.template != Some(Template::V2021) {
        return;
    }
    for (row, label) in [("REG", "规章"), ("NORM", "行政规范性文件")] {
        let id = |c: &str| CellId::new(TableId::T2, row, c);
        let (Some(v0), Some(m1), Some(r1), Some(v1)) = (
            a.t2(row, "valid"),
            b.t2(row, "made"),
            b.t2(row, "repealed"),
            b.t2(row, "valid"),
        ) else {
            continue;
        };
        let expected = i128::from(v0) + i128::from(m1) - i128::from(r1);
        if expected != i128::from(v1) {
            let f = finding(
                &X_2,
                format!(
                    "{label}: {}现行有效{v0} + {}制发{m1} − 废止{r1} = {expected}，但{}现行有效为{v1}",
                    name(a),
                    name(b),
                    name(b)
                ),
                a,
                b,
            );
            out.push(f.cells_of_reports(vec![
                (0, id("valid")),
                (1, id("made")),
                (1, id("repealed")),
                (1, id("valid")),
            ]));
        }
    }
}

/// X-3 (E10): prev_items(N+1) = prev_items(N) + delta(N), old format.
fn x_3(a: &Digest, b: &Digest, out: &mut Vec<Finding>) {
    if a.template != Some(Template::V2019) || b.template != Some(Template::V2019) {
        return;
    }
    for row in ["LIC", "OTHSVC", "PUN", "COE", "FEE"] {
        let id = |c: &str| CellId::new(TableId::T2, row, c);
        let (Some(p0), Some(d0), Some(p1)) = (
            a.t2(row, "prev_items"),
            a.t2(row, "delta"),
            b.t2(row, "prev_items"),
        ) else {
            continue;
        };
        let expected = i128::from(p0) + i128::from(d0);
        if expected != i128::from(p1) {
            let f = finding(
                &X_3,
                format!(
                    "{row}: {}上一年项目数量{p0} + 本年增/减{d0} = {expected}，但{}上一年项目数量为{p1}",
                    name(a),
                    name(b)
                ),
                a,
                b,
            );
            out.push(f.cells_of_reports(vec![
                (0, id("prev_items")),
                (0, id("delta")),
                (1, id("prev_items")),
            ]));
        }
    }
}

/// Sections shorter than this (after masking) are not compared by X-5: two
/// `无`s or a one-line boilerplate are alike by nature, not copied.
const MIN_SIMILAR_CHARS: usize = 60;

/// Text with years, numbers and punctuation masked, for X-5.
fn masked(text: &str) -> String {
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

/// The set of character 4-grams of `s`, each packed exactly into a `u128`
/// (four 21-bit code points), sorted and deduplicated: set operations are
/// then merges, with no hashing (hash sets of 4-grams were a tenth of
/// `check`'s CPU on a folder of five-year series).
fn grams(s: &str) -> Vec<u128> {
    let chars: Vec<char> = s.chars().collect();
    let mut g: Vec<u128> = chars
        .windows(4)
        .map(|w| w.iter().fold(0u128, |acc, &c| (acc << 21) | u128::from(c)))
        .collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// Jaccard similarity of character 4-gram sets.
fn similarity(a: &str, b: &str) -> f64 {
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (ga.get(i), gb.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = ga.len() + gb.len() - inter;
    inter as f64 / union as f64
}

/// X-5 (内容雷同): sections 一 and 五 near-identical after masking numbers.
fn x_5(a: &Digest, b: &Digest, out: &mut Vec<Finding>) {
    for ord in [1u8, 5] {
        let (Some((_, ma)), Some((title, mb))) = (a.text(ord), b.text(ord)) else {
            continue;
        };
        let sim = similarity(ma, mb);
        if sim > 0.9 {
            out.push(finding(
                &X_5,
                format!(
                    "{}与{}的「{}」内容雷同（屏蔽数字后重合度{:.0}%）",
                    name(a),
                    name(b),
                    title,
                    sim * 100.0
                ),
                a,
                b,
            ));
        }
    }
}

/// The X-6 fingerprint of a table whose every (non-local) cell is a number;
/// `None` when any is not (or is NaN, which equals nothing).
fn fingerprint(t: &Table) -> Option<TablePrint> {
    let mut h = Fnv128(Fnv128::OFFSET);
    let mut len = 0;
    let mut nonzero = false;
    for c in t.cells.iter().filter(|c| !c.id.row.contains('/')) {
        let v = match c.value {
            Value::Int(n) => n as f64,
            Value::Money(m) => m,
            _ => return None,
        };
        if v.is_nan() {
            return None;
        }
        // `==` on f64 makes 0.0 and −0.0 one value; so must the hash.
        let bits = if v == 0.0 { 0 } else { v.to_bits() };
        // Ids are separated by a byte no id contains, so (`R1`,`0C`) and
        // (`R10`,`C`) differ.
        h.bytes(c.id.row.as_bytes());
        h.bytes(&[0xff]);
        h.bytes(c.id.col.as_bytes());
        h.bytes(&[0xff]);
        h.bytes(&bits.to_le_bytes());
        len += 1;
        nonzero |= v != 0.0;
    }
    Some(TablePrint {
        len,
        nonzero,
        hash: h.0,
    })
}

/// a table copied unchanged (every cell a number, not all zero).
fn x_6(a: &Digest, b: &Digest, out: &mut Vec<Finding>) {
    for id in TableId::ALL {
        let (Some(pa), Some(pb)) = (a.tables[id.index()], b.tables[id.index()]) else {
            continue;
        };
        // Table 二 changes shape with the template; comparing across it
        // means nothing.
        if id == TableId::T2 && a.template != b.template {
            continue;
        }
        if pa == pb && pa.len > 1 && pa.nonzero {
            out.push(finding(
                &X_6,
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

    fn run(rs: &[&Report]) -> Vec<Finding> {
        check(rs)
    }

    fn rids(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.rule.id).collect()
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

    /// The merge-based Jaccard equals the hash-set one it replaced.
    #[test]
    fn similarity_is_the_jaccard_of_4_gram_sets() {
        use std::collections::HashSet;
        let set = |s: &str| -> HashSet<String> {
            let v: Vec<char> = s.chars().collect();
            v.windows(4).map(|w| w.iter().collect()).collect()
        };
        let texts = [
            "",
            "abc",
            "abcd",
            "本机关认真贯彻落实政府信息公开条例，围绕主动公开",
            "本机关认真贯彻落实政府信息公开条例，围绕依申请公开",
            "aaaaaaaaaa",
            "aaaab𝄞𝄞𝄞aaaab",
        ];
        for a in texts {
            for b in texts {
                let (sa, sb) = (set(a), set(b));
                let want = if sa.is_empty() || sb.is_empty() {
                    0.0
                } else {
                    sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64
                };
                assert_eq!(similarity(a, b), want, "{a:?} {b:?}");
            }
        }
    }

    /// X-6's fingerprint stands for the cells: equal for equal tables (and
    /// for 0 written as −0), different when one value or one id differs.
    #[test]
    fn fingerprints_tell_tables_apart() {
        let a = report(Template::V2021, 2021);
        let print = |r: &Report| r.t3.as_ref().and_then(fingerprint);
        assert!(print(&a).is_some());
        assert_eq!(print(&a), print(&a.clone()));
        let mut b = a.clone();
        let v = int(&b, "T3", "R1", "C1");
        set(&mut b, "T3", "R1", "C1", Value::Int(v + 1));
        assert_ne!(print(&a), print(&b));
        let mut c = a.clone();
        set(&mut c, "T3", "R1", "C1", Value::Money(v as f64));
        assert_eq!(print(&a), print(&c), "Int(n) and Money(n.0) compare equal");
        if v == 0 {
            set(&mut c, "T3", "R1", "C1", Value::Money(-0.0));
            assert_eq!(print(&a), print(&c));
        }
        let mut d = a.clone();
        if let Some(t) = d.t3.as_mut() {
            t.cells.swap(0, 1);
        }
        assert_ne!(print(&a), print(&d), "order and ids are part of the print");
        set(&mut d, "T3", "R1", "C1", Value::Text);
        assert_eq!(print(&d), None);
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
        assert_eq!(f[0].reports(), [a.path.clone(), b.path.clone()]);
        assert_eq!(f[0].cells_in(&a.path), vec![CellId::t3("A4", "CT")]);
        assert_eq!(f[0].cells_in(&b.path), vec![CellId::t3("A2", "CT")]);
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
