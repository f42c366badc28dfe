//! Title, agency and year; the statistics period; the six section headings
//! and the narrative text of each section.

use super::regions::Regions;
use super::Parser;
use crate::report::forms::layout::{strip_markdown, strip_markdown_str};
use crate::report::forms::Row;
use crate::report::template::matcher::{match_title, SectionMatch};
use crate::report::template::norm::{nfkc_simple, norm, norm_first_two};
use crate::report::text::{cn_numeral, looks_like_value};
use crate::report::Section;
use regex::Regex;
use std::sync::OnceLock;

impl Parser<'_> {
    pub(super) fn title(&mut self) {
        let limit = self.rows.len().min(60);
        let mut found: Option<(usize, String)> = None;
        for i in 0..limit {
            let t = strip_markdown(&self.rows[i].text);
            let n = norm(&t);
            let sentence = n.contains("根据") || n.contains('《') || n.contains('。');
            if n.contains("政府信息公开")
                && (n.contains("年度报告") || n.contains("年报"))
                && !sentence
            {
                // A page's navigation (`政府信息公开年报`, a breadcrumb) can
                // come before the title: a later candidate naming the year
                // is the title, the first one only when none does.
                let has_year = split_title(&cut_title(&t)).0.is_some();
                if found.is_none() || has_year {
                    found = Some((i, t));
                }
                if has_year {
                    break;
                }
                continue;
            }
            // A title broken before `…年度报告` (PDF text): join the next line.
            if found.is_none() && n.contains("政府信息公开") && !sentence && n.chars().count() <= 40
            {
                if let Some(next) = self.rows.get(i + 1) {
                    let nt = strip_markdown(&next.text);
                    let nn = norm(&nt);
                    if nn.ends_with("报告") && nn.chars().count() <= 12 {
                        found = Some((i, format!("{t}{nt}")));
                        break;
                    }
                }
            }
            if heading_ordinal(&t).is_some() {
                break;
            }
        }
        let Some((i, raw)) = found else {
            return;
        };
        let mut title = cut_title(&raw);
        let mut line = self.rows[i].line;
        let mut year_agency = split_title(&title);
        // Two-line title: agency on the line before, `2020年政府信息公开…` here.
        if year_agency.1.is_none() && i > 0 {
            if let Some(prev) = self.rows[..i]
                .iter()
                .rev()
                .find(|r| !r.text.trim().is_empty())
            {
                let p = strip_markdown(&prev.text);
                if p.chars().count() <= 40 && !p.contains('。') && !p.contains(':') {
                    title = format!("{p}{title}");
                    line = prev.line;
                    year_agency = split_title(&title);
                }
            }
        }
        self.report.title = Some(title);
        self.report.notes.title_line = line;
        self.report.year = year_agency.0;
        self.report.agency = year_agency.1;
    }

    pub(super) fn period(&mut self) {
        static RE: OnceLock<Option<Regex>> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r"统计期[限间][^。\n]{0,24}?(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日").ok()
        });
        let Some(re) = re else { return };
        for r in self.rows {
            // The literal every match starts with: most lines are rejected
            // without running the regex.
            if !r.text.contains("统计期") {
                continue;
            }
            if let Some(c) = re.captures(&r.text) {
                if let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
                    self.report.notes.period_year = Some((y, r.line));
                    return;
                }
            }
        }
    }

    // ---- Sections ---------------------------------------------------------

    pub(super) fn find_headings(&mut self) {
        for (i, r) in self.rows.iter().enumerate() {
            if !is_heading_row(r) {
                continue;
            }
            let title = strip_markdown(&r.text);
            if let Some(SectionMatch {
                ordinal: ord,
                wording,
            }) = match_title(&title)
            {
                self.headings.push((i, ord));
                self.report
                    .notes
                    .headings
                    .push((ord, title.clone(), r.line));
                if !self.report.sections.iter().any(|s| s.ordinal == ord) {
                    self.report.sections.push(Section {
                        ordinal: ord,
                        title,
                        line: r.line,
                        end_line: r.line,
                        text: String::new(),
                        wording,
                    });
                }
            }
        }
    }

    /// Heading-looking lines that match no section title, outside tables
    /// (STRUCT-2/3/4 and LBL-1 look at them).
    pub(super) fn unmatched_headings(&mut self, regions: &Regions) {
        // `headings` is in row order (found in one pass over the rows), so a
        // binary search: a scan per row was quadratic in a file of repeated
        // headings (issue 10).
        let matched = |i: usize| self.headings.binary_search_by_key(&i, |&(h, _)| h).is_ok();
        for (i, r) in self.rows.iter().enumerate() {
            if regions.contains(i) || matched(i) {
                continue;
            }
            if is_heading_row(r) && heading_ordinal(&r.text).is_some() {
                let t = strip_markdown(&r.text);
                if t.chars().count() <= 30 {
                    self.report.notes.headings.push((0, t, r.line));
                }
            }
        }
        self.report.notes.headings.sort_by_key(|h| h.2);
    }

    /// The row index where the section with this ordinal starts.
    pub(super) fn heading_row(&self, ord: u8) -> Option<usize> {
        self.headings.iter().find(|h| h.1 == ord).map(|h| h.0)
    }

    /// The first matched heading after row `i`.
    pub(super) fn next_heading_after(&self, i: usize) -> Option<usize> {
        self.headings.iter().map(|h| h.0).find(|&h| h > i)
    }

    pub(super) fn sections(&mut self, regions: &Regions) {
        let mut bounds: Vec<(usize, u8)> = self.headings.clone();
        bounds.sort();
        for s in self.report.sections.iter_mut() {
            let Some(pos) = bounds.iter().position(|b| b.1 == s.ordinal) else {
                continue;
            };
            let start = bounds[pos].0;
            let end = bounds.get(pos + 1).map(|b| b.0).unwrap_or(self.rows.len());
            let mut text = String::new();
            let mut last_line = s.line;
            for i in start + 1..end {
                let r = &self.rows[i];
                last_line = last_line.max(r.line);
                if regions.contains(i) || r.text.trim().is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(strip_markdown_str(&r.text));
            }
            s.text = text;
            s.end_line = last_line;
        }
        self.report.sections.sort_by_key(|s| s.ordinal);
    }
}

/// The ordinal of a `一、…` line (1 for 一 … 10 for 十).
pub(crate) fn heading_ordinal(text: &str) -> Option<u8> {
    let stripped = strip_markdown_str(text);
    if surely_no_heading(stripped) {
        return None;
    }
    // Only the first two characters matter: normalise a short prefix, not a
    // whole (possibly 10 MB) line (issue 5), and without a copy when it is
    // made of the usual characters.
    let end = stripped
        .char_indices()
        .nth(64)
        .map_or(stripped.len(), |(i, _)| i);
    let head = &stripped[..end];
    let (first, second) = norm_first_two(head).unwrap_or_else(|| {
        let t = norm(head);
        let mut chars = t.chars();
        (chars.next(), chars.next())
    });
    let (first, second) = (first?, second?);
    if second == '、' {
        cn_numeral(first)
    } else {
        None
    }
}

/// True when the first character alone shows that `t` is no `一、` heading:
/// one of the usual characters ([`nfkc_simple`]) that is neither whitespace
/// nor a numeral stays the first character of the normalised text (nothing
/// composes with it). Most lines are decided here without normalising.
pub(super) fn surely_no_heading(t: &str) -> bool {
    t.chars()
        .next()
        .and_then(nfkc_simple)
        .is_some_and(|m| !m.is_whitespace() && cn_numeral(m).is_none())
}

pub(super) fn is_heading_row(r: &Row) -> bool {
    // `strip_markdown` only removes leading whitespace, `#`, `>` and `**`:
    // a first character that is none of them survives it, so the line can
    // be rejected before stripping (this runs on every row).
    if !r.text.starts_with(['#', '>', '*']) && surely_no_heading(&r.text) {
        return false;
    }
    let t = strip_markdown_str(&r.text);
    // Cheapest test first (all three are pure).
    heading_ordinal(t).is_some()
        && (3..=60).contains(&t.chars().count())
        && !r
            .cells
            .iter()
            .skip(1)
            .any(|c| !c.text.is_empty() && looks_like_value(&c.text))
}

/// Cut a title out of a longer line: up to the end of `…年度报告`.
pub(super) fn cut_title(raw: &str) -> String {
    let mut t = raw.trim().to_string();
    for prefix in ["标题:", "标题：", "题目:", "题目："] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim().to_string();
        }
    }
    if let Some(p) = t.find("报告") {
        t.truncate(p + "报告".len());
    }
    // Breadcrumbs before the title on flattened web pages
    // (`当前位置： 首页…年报 平潭…2021年度政府信息公开工作年度报告`): keep the
    // last space-separated part that still holds the year.
    if t.chars().count() > 40 {
        if let Some(p) = t.rfind([' ', '>', '　']) {
            let tail = t[p..].trim_start_matches([' ', '>', '　']).to_string();
            if split_title(&tail).0.is_some() && norm(&tail).contains("政府信息公开") {
                t = tail;
            }
        }
    }
    t
}

/// (year, agency) from a title (SPEC §1.1).
pub(crate) fn split_title(title: &str) -> (Option<i32>, Option<String>) {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"((?:19|20)\d{2})\s*年度?").ok());
    let t = norm(title);
    let Some(re) = re else { return (None, None) };
    let year = re
        .captures(&t)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<i32>().ok());
    let mut agency = re.replace(&t, "").to_string();
    for suffix in [
        "政府信息公开工作年度报告",
        "政府信息公开年度报告",
        "信息公开工作年度报告",
        "政府信息公开工作年报",
        "年度报告",
    ] {
        if let Some(p) = agency.find(suffix) {
            agency.truncate(p);
            break;
        }
    }
    let agency = agency.trim_end_matches("年度").trim().to_string();
    let agency = agency
        .trim_matches(|c: char| c == '《' || c == '》' || c == '"')
        .to_string();
    (
        year,
        if agency.is_empty() {
            None
        } else {
            Some(agency)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::TitleMatch;

    #[test]
    fn titles_per_spec_1_1() {
        assert_eq!(
            split_title("金水区科学技术局2020年政府信息公开工作年度报告"),
            (Some(2020), Some("金水区科学技术局".into()))
        );
        assert_eq!(
            split_title("2021年白碱滩区(克拉玛依高新区)科技局政府信息公开工作年度报告"),
            (Some(2021), Some("白碱滩区(克拉玛依高新区)科技局".into()))
        );
        assert_eq!(
            split_title("平湖市科技局 2021 年度政府信息公开工作 年度报告"),
            (Some(2021), Some("平湖市科技局".into()))
        );
        assert_eq!(
            split_title("2020年政府信息公开工作年度报告"),
            (Some(2020), None)
        );
    }

    /// (ordinal, canonical title when not written as one) of a heading line.
    fn match_section(text: &str) -> Option<(u8, Option<&'static str>)> {
        match_title(&strip_markdown(text)).map(|m| (m.ordinal, m.wording.canonical()))
    }

    #[test]
    fn sections_match_by_text_not_ordinal() {
        assert_eq!(match_section("一、总体情况"), Some((1, None)));
        assert_eq!(
            match_section("## 二、主动公开政府信息情况"),
            Some((2, None))
        );
        assert_eq!(
            match_section("六、其他说要报告的事项").map(|m| m.0),
            Some(6)
        );
        assert!(match_section("六、其他说要报告的事项").unwrap().1.is_some());
        assert_eq!(match_section("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(match_section("三、本年度办理结果"), None);
        assert_eq!(match_section("四、结转下年度继续办理"), None);
        assert_eq!(
            match_section("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
            Some((4, None))
        );
    }

    /// The parser records how a heading matched, so LBL-1 reads it.
    #[test]
    fn headings_record_their_wording() {
        let wording = |t: &str| match_title(t).map(|m| m.wording);
        assert_eq!(wording("一、概述"), Some(TitleMatch::Legacy));
        assert_eq!(
            wording("四、政府信息公开行政复议、行政诉讼情况。"),
            Some(TitleMatch::Exact)
        );
        assert_eq!(
            wording("五、政府信息公开工作存在的主要问题及改进情况"),
            Some(TitleMatch::Exact)
        );
        assert_eq!(
            wording("六、其他说要报告的事项"),
            Some(TitleMatch::Near("六、其他需要报告的事项"))
        );
        assert_eq!(
            wording("五、其他需要报告的事项"),
            Some(TitleMatch::Renumbered("六、其他需要报告的事项"))
        );
    }
}
