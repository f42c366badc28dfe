//! Is this text flattened, and where are its section headings? Text is
//! compared in a normalised form that keeps each character's source offset.

use super::split::fold_digit;
use super::MIN_FLAT_LINE;
use crate::report::schema::SECTIONS;
use crate::report::text::edit_distance;

/// Text normalised for label matching (whitespace dropped, brackets and
/// digits folded), with each character's byte range in the source.
pub(super) struct Norm {
    pub(super) chars: Vec<char>,
    /// Byte offset of each char in the source, and one past the end.
    pub(super) at: Vec<usize>,
    pub(super) end: Vec<usize>,
}

pub(super) fn norm_char(c: char) -> Option<char> {
    Some(match c {
        c if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' => return None,
        '（' => '(',
        '）' => ')',
        '“' | '”' | '„' | '‟' | '「' | '」' => '"',
        '：' => ':',
        '，' => ',',
        c => fold_digit(c),
    })
}

impl Norm {
    pub(super) fn new(s: &str) -> Norm {
        let mut n = Norm {
            chars: Vec::new(),
            at: Vec::new(),
            end: Vec::new(),
        };
        for (i, c) in s.char_indices() {
            let Some(mut m) = norm_char(c) else { continue };
            // `1、` is `1.` (list numbering).
            if m == '、' && n.chars.last().is_some_and(|p| p.is_ascii_digit()) {
                m = '.';
            }
            n.chars.push(m);
            n.at.push(i);
            n.end.push(i + c.len_utf8());
        }
        n
    }
}

pub(super) fn nchars(s: &str) -> Vec<char> {
    Norm::new(s).chars
}

// ---- Detection and headings ---------------------------------------------------

/// A section heading found inside a line: (ordinal, start byte, end byte).
pub(super) type Heading = (u8, usize, usize);

/// Section headings in a line, by the canonical titles and variants of
/// SPEC §1.2 (exact, or within the edit distance the parser allows), each
/// ordinal at most once. Table 三's `一、本年新收…` labels never come close to
/// a title, so they are not taken. Linear in the line: only a short window
/// after each `X、` is normalised.
pub(super) fn find_headings(line: &str, budget: &mut usize) -> Vec<Heading> {
    let titles: Vec<(u8, char, Vec<Vec<char>>)> = SECTIONS
        .iter()
        .map(|s| {
            let bodies = std::iter::once(&s.title)
                .chain(s.variants.iter())
                .map(|t| {
                    let c = nchars(t);
                    let p = c.iter().position(|x| *x == '、').map_or(0, |p| p + 1);
                    c[p..].to_vec()
                })
                .collect();
            (s.ordinal, s.numeral, bodies)
        })
        .collect();
    let longest = titles
        .iter()
        .flat_map(|t| t.2.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let mut found: Vec<Heading> = Vec::new();
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        let p = prev.replace((i, c));
        if c != '、' {
            continue;
        }
        let Some((start, numeral)) = p else { continue };
        let Some((ord, _, bodies)) = titles.iter().find(|t| t.1 == numeral) else {
            continue;
        };
        if found.iter().any(|f| f.0 == *ord) {
            continue;
        }
        let from = i + c.len_utf8();
        // Every title (exact or fuzzy) must start with its first character:
        // skip the window when it cannot.
        let first = line[from..].chars().find(|c| !c.is_whitespace());
        if !bodies.iter().any(|b| b.first() == first.as_ref()) {
            continue;
        }
        // A window a little longer than the longest title (spaces included).
        let mut wend = from;
        for (k, (j, ch)) in line[from..].char_indices().enumerate() {
            wend = from + j + ch.len_utf8();
            if k >= (longest + 6) * 2 {
                break;
            }
        }
        let w = Norm::new(&line[from..wend]);
        let mut best: Option<(usize, usize, usize)> = None; // (distance, |len diff|, chars)
        for body in bodies {
            if w.chars.starts_with(body) {
                best = Some((0, 0, body.len()));
                break;
            }
        }
        if best.is_none() && *budget > 0 {
            for body in bodies {
                let bl = body.len();
                if w.chars.first() != body.first() {
                    continue;
                }
                *budget = budget.saturating_sub(1);
                let allowed = (bl / 3).min(3);
                let b: String = body.iter().collect();
                for wl in bl.saturating_sub(3).max(1)..=bl + 3 {
                    if wl > w.chars.len() {
                        break;
                    }
                    let ws: String = w.chars[..wl].iter().collect();
                    let d = edit_distance(&ws, &b);
                    if d <= allowed && best.is_none_or(|x| (d, wl.abs_diff(bl)) < (x.0, x.1)) {
                        best = Some((d, wl.abs_diff(bl), wl));
                    }
                }
            }
        }
        if let Some((_, _, len)) = best {
            if let Some(&e) = len.checked_sub(1).and_then(|l| w.end.get(l)) {
                found.push((*ord, start, from + e));
            }
        }
    }
    found.sort_by_key(|h| h.1);
    found
}

/// A line whose table 三 rows run together: `…申请数量640020470二、上年结转…`.
pub(super) fn has_flat_t3(line: &str) -> bool {
    const A1: &str = "本年新收政府信息公开申请数量";
    let Some(p) = line.find(A1) else {
        return false;
    };
    let rest = &line[p + A1.len()..];
    let (mut digits, mut tokens, mut in_token) = (0usize, 0usize, false);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if !in_token {
                tokens += 1;
                in_token = true;
            }
        } else if c.is_whitespace() {
            in_token = false;
        } else {
            break;
        }
        // Enough seen: a row has at most 7 × 7 digits.
        if digits > 64 {
            break;
        }
    }
    digits >= 7 && tokens < 7 && rest.contains("上年结转")
}

/// The headings of a flattened line, or `None` when the line is not flat.
pub(super) fn flat_headings(line: &str, budget: &mut usize) -> Option<Vec<Heading>> {
    if line.len() < MIN_FLAT_LINE || line.contains('\t') || line.matches('|').count() > 4 {
        return None;
    }
    let headings = find_headings(line, budget);
    let inline = headings
        .iter()
        .filter(|h| !line[..h.1].trim().is_empty())
        .count();
    (inline >= 2 || has_flat_t3(line)).then_some(headings)
}
