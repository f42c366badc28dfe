//! Is this text flattened, and where are its section headings? Text is
//! compared in the matcher's normalised form ([`NormMap`]), which keeps each
//! character's source offset.

use super::MIN_FLAT_LINE;
use crate::report::template::matcher::{edit_distance_within, heading_allowance, title_forms};
use crate::report::template::norm::NormMap;

/// The normalised characters of `s` (see [`NormMap`]).
pub(super) fn nchars(s: &str) -> Vec<char> {
    NormMap::new(s).chars
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
    let forms = title_forms();
    let longest = forms.iter().map(|f| f.body.len()).max().unwrap_or(0);
    let mut found: Vec<Heading> = Vec::new();
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        let p = prev.replace((i, c));
        if c != '、' {
            continue;
        }
        let Some((start, numeral)) = p else { continue };
        let bodies: Vec<&Vec<char>> = forms
            .iter()
            .filter(|f| f.numeral == numeral)
            .map(|f| &f.body)
            .collect();
        let Some(ord) = forms
            .iter()
            .find(|f| f.numeral == numeral)
            .map(|f| f.ordinal)
        else {
            continue;
        };
        if found.iter().any(|f| f.0 == ord) {
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
        let w = NormMap::new(&line[from..wend]);
        let mut best: Option<(usize, usize, usize)> = None; // (distance, |len diff|, chars)
        for body in &bodies {
            if w.chars.starts_with(body) {
                best = Some((0, 0, body.len()));
                break;
            }
        }
        if best.is_none() && *budget > 0 {
            for body in &bodies {
                let bl = body.len();
                if w.chars.first() != body.first() {
                    continue;
                }
                *budget = budget.saturating_sub(1);
                let allowed = heading_allowance(bl);
                for wl in bl.saturating_sub(3).max(1)..=bl + 3 {
                    if wl > w.chars.len() {
                        break;
                    }
                    let Some(d) = edit_distance_within(&w.chars[..wl], body, allowed) else {
                        continue;
                    };
                    if best.is_none_or(|x| (d, wl.abs_diff(bl)) < (x.0, x.1)) {
                        best = Some((d, wl.abs_diff(bl), wl));
                    }
                }
            }
        }
        if let Some((_, _, len)) = best {
            if let Some(&e) = len.checked_sub(1).and_then(|l| w.end.get(l)) {
                found.push((ord, start, from + e));
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
