//! Helpers for rules that read the narrative of a section: splitting it
//! into sentences, finding the source line of a sentence, and reading the
//! numbers written in it (`12件`, `十二件`, `１２件`).

use crate::report::{Report, Section};
use unicode_normalization::UnicodeNormalization;

/// A sentence of a section's text, with its 1-based source line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// NFKC-normalised (full-width digits become ASCII), whitespace kept.
    pub text: String,
    pub line: usize,
}

/// Split a section's text at `。！？；` and line breaks, and find each
/// sentence's source line.
pub fn sentences(r: &Report, s: &Section) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cursor = s.line;
    for (k, raw_line) in s.text.split('\n').enumerate() {
        let line = find_line(r, s, raw_line, cursor).unwrap_or(s.line + k + 1);
        cursor = cursor.max(line);
        for part in raw_line.split(['。', '！', '？', '；', ';', '!', '?']) {
            let t: String = part.nfkc().collect();
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

/// The first source line at or after `from` (within the section) that
/// contains the start of `text`. Section text is the narrative with table
/// rows removed, so counting `\n` alone would drift after every table.
fn find_line(r: &Report, s: &Section, text: &str, from: usize) -> Option<usize> {
    let probe: String = text.trim().chars().take(12).collect();
    if probe.is_empty() {
        return None;
    }
    let end = s.end_line.max(from);
    (from.max(s.line)..=end).find(|&n| r.line(n).is_some_and(|l| l.contains(&probe)))
}

/// Read a count written as ASCII digits or simple Chinese numerals (≤ 9999).
pub fn number(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return if s.len() <= 12 { s.parse().ok() } else { None };
    }
    let digit = |c: char| {
        "零一二两三四五六七八九".find(c).map(|_| match c {
            '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            _ => 9,
        })
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
pub const NUM: &str = r"(\d+|[零一二两三四五六七八九十百千]+)";

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
    fn sentence_lines_skip_removed_table_rows() {
        let mut r = Report::empty("x");
        r.lines = vec![
            "一、总体情况".into(),
            "本年共收到申请3件。其中".into(),
            "| 表格 | 1 |".into(),
            "全部办结。".into(),
        ];
        let s = Section {
            ordinal: 1,
            title: "一、总体情况".into(),
            line: 1,
            end_line: 4,
            text: "本年共收到申请3件。其中\n全部办结。".into(),
            canonical: None,
        };
        let v = sentences(&r, &s);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].line, 2);
        assert_eq!(v[2].line, 4);
        assert_eq!(v[2].text, "全部办结");
    }
}
