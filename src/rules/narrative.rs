//! Helpers for rules that read the narrative of a section: splitting it
//! into sentences, finding the source line of a sentence, and reading the
//! numbers written in it (`12件`, `十二件`, `１２件`).

use crate::report::{Report, Section};

/// A sentence of a section's text, with its 1-based source line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// NFKC-normalised (full-width digits become ASCII), whitespace kept.
    pub text: String,
    pub line: usize,
}

/// A line this long that does not end a sentence was wrapped by the page
/// layout (PDF text): the sentence goes on in the next line. Headings and
/// list items are shorter and stay on their own.
const WRAPPED_LINE: usize = 20;

const TERMINATORS: [char; 7] = ['。', '！', '？', '；', ';', '!', '?'];

/// Split a section's text at `。！？；` and paragraph breaks (joining lines
/// the layout wrapped), and find each sentence's source line.
pub(crate) fn sentences(r: &Report, s: &Section) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut search = LineSearch::new(r, s);
    let mut cursor = s.line;
    // Each paragraph keeps where each of its source lines starts (byte
    // offset in the paragraph, line number), so a sentence gets the line it
    // starts on.
    let mut paragraphs: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut open = false;
    for (k, raw_line) in s.text.split('\n').enumerate() {
        let line = search.find(raw_line, cursor).unwrap_or(s.line + k + 1);
        cursor = cursor.max(line);
        let t = raw_line.trim();
        match paragraphs.last_mut() {
            Some((p, starts)) if open => {
                starts.push((p.len(), line));
                p.push_str(t);
            }
            _ => paragraphs.push((t.to_string(), vec![(0, line)])),
        }
        open = t.chars().count() >= WRAPPED_LINE && !t.ends_with(TERMINATORS);
    }
    for (paragraph, starts) in paragraphs {
        let mut offset = 0;
        for part in paragraph.split(TERMINATORS) {
            let lead = part.len() - part.trim_start().len();
            let at = offset + lead;
            offset += part.len() + part_terminator_len(&paragraph, offset + part.len());
            let line = starts
                .iter()
                .rev()
                .find(|(o, _)| *o <= at)
                .map(|(_, l)| *l)
                .unwrap_or(s.line);
            let t = crate::report::text::nfkc(part);
            if !t.trim().is_empty() {
                out.push(Sentence {
                    text: t.trim().to_string(),
                    line,
                });
            }
        }
    }
    out
}

/// The byte length of the terminator at `at` (0 at the end of the text).
fn part_terminator_len(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map(char::len_utf8)
        .unwrap_or(0)
}

/// Finds the source line of each line of a section's text: the first line
/// at or after a cursor (within the section) that contains the start of the
/// text. Section text is the narrative with table rows removed (and table
/// rows joined with spaces, HTML without its tags), so counting `\n` alone
/// would drift after every table.
///
/// A line that is not found costs a scan to the end of the section; a
/// section of 40,000 such lines made that quadratic (issue 10: 4–5 s for
/// 560 KB). So the scans share a budget of a few times the section's size:
/// once it is spent, lines not found at once take the fallback line. An
/// ordinary report never comes near it (its lines are found within a few
/// lines of the cursor), so its line numbers are unchanged.
struct LineSearch<'a> {
    r: &'a Report,
    s: &'a Section,
    /// Bytes of source lines the scans may still read.
    budget: usize,
}

/// The budget, in multiples of the section's source bytes (plus a floor
/// for short sections).
const SCANS_PER_SECTION: usize = 8;
const BUDGET_FLOOR: usize = 1 << 16;

impl<'a> LineSearch<'a> {
    fn new(r: &'a Report, s: &'a Section) -> Self {
        let bytes: usize = (s.line..=s.end_line)
            .filter_map(|n| r.line(n))
            .map(str::len)
            .sum();
        LineSearch {
            r,
            s,
            budget: bytes
                .saturating_mul(SCANS_PER_SECTION)
                .saturating_add(BUDGET_FLOOR),
        }
    }

    fn find(&mut self, text: &str, from: usize) -> Option<usize> {
        // The first 12 characters, borrowed rather than collected.
        let t = text.trim();
        let probe = t.char_indices().nth(12).map_or(t, |(i, _)| &t[..i]);
        if probe.is_empty() {
            return None;
        }
        let end = self.s.end_line.max(from);
        for n in from.max(self.s.line)..=end {
            let Some(l) = self.r.line(n) else {
                continue;
            };
            self.budget = self.budget.checked_sub(l.len())?;
            if l.contains(probe) {
                return Some(n);
            }
        }
        None
    }
}

/// Read a count written as ASCII digits or simple Chinese numerals (≤ 9999).
pub(crate) fn number(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return if s.len() <= 12 { s.parse().ok() } else { None };
    }
    let digit = |c: char| -> Option<i64> {
        match c {
            '零' => Some(0),
            '两' => Some(2),
            // 十 is a unit here, not a digit.
            c => crate::report::text::cn_numeral(c)
                .filter(|&n| n <= 9)
                .map(i64::from),
        }
    };
    let mut total = 0i64;
    let mut cur = 0i64;
    let mut any = false;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            cur = d;
            any = true;
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            total += if cur == 0 { unit } else { cur * unit };
            cur = 0;
            any = true;
        }
    }
    any.then_some(total + cur)
}

/// The pattern of a count in text: ASCII digits or Chinese numerals.
pub(crate) const NUM: &str = r"(\d+|[零一二两三四五六七八九十百千]+)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("十二"), Some(12));
        assert_eq!(number("二十"), Some(20));
        assert_eq!(number("两"), Some(2));
        assert_eq!(number("一百零五"), Some(105));
        assert_eq!(number("零"), Some(0));
        assert_eq!(number("abc"), None);
        assert_eq!(number("99999999999999999999"), None);
    }

    #[test]
    fn wrapped_lines_join_into_one_sentence() {
        let mut r = Report::empty("x");
        r.lines = [
            "五、标题",
            "申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2",
            "件，转下一年度办理答复的有 1 件。",
            "（一）短标题",
            "下一句。",
        ]
        .into_iter()
        .collect();
        let s = Section {
            ordinal: 5,
            title: "五、标题".into(),
            line: 1,
            end_line: 5,
            text: r.lines.iter().skip(1).collect::<Vec<_>>().join("\n"),
            wording: crate::report::TitleMatch::Exact,
        };
        let v = sentences(&r, &s);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v[0].text.contains("同意公开") && v[0].text.contains("转下一年度"));
        assert_eq!(v[0].line, 2);
        assert_eq!(v[1].text, "(一)短标题");
        assert_eq!(v[1].line, 4);
        assert_eq!(v[2].line, 5);
    }

    #[test]
    fn sentence_lines_skip_removed_table_rows() {
        let mut r = Report::empty("x");
        r.lines = [
            "一、总体情况",
            "本年共收到申请3件。其中",
            "| 表格 | 1 |",
            "全部办结。",
        ]
        .into_iter()
        .collect();
        let s = Section {
            ordinal: 1,
            title: "一、总体情况".into(),
            line: 1,
            end_line: 4,
            text: "本年共收到申请3件。其中\n全部办结。".into(),
            wording: crate::report::TitleMatch::Exact,
        };
        let v = sentences(&r, &s);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].line, 2);
        assert_eq!(v[2].line, 4);
        assert_eq!(v[2].text, "全部办结");
    }
}
