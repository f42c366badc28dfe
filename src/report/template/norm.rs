//! Text normalisation for comparing labels and headings with the template
//! (SPEC §7.3): one mapping of characters, used by every reader and rule.
//!
//! Reports arrive with full-width and half-width brackets and digits, spaces
//! inside labels, `1、` for `1.`, curly or straight quotes, and line breaks in
//! the middle of a label. Every comparison of a label against the template
//! goes through [`norm`] (or [`NormMap`], the same mapping with each
//! character's place in the source), so the readers, the parser and the LBL
//! rules agree on what "the same label" means.

use unicode_normalization::UnicodeNormalization;

/// Normalise a label for comparison: NFKC (full-width → half-width), all
/// whitespace removed, brackets unified to `()`, `1、`/`1．` → `1.`, quotes to `"`.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_into(s, &mut out);
    out
}

/// [`norm`] appended to `out`, so that many texts can be normalised into one
/// buffer (the parser normalises every cell of a report once).
pub fn norm_into(s: &str, out: &mut String) {
    let start = out.len();
    if norm_fast(s, out) {
        return;
    }
    out.truncate(start);
    let mut nfkc = String::with_capacity(s.len());
    nfkc.extend(s.nfkc().filter_map(slow_map));
    // `1、` → `1.` only after a digit (a `、` after a numeral like 一 stays:
    // that is how top-level headings are written).
    let mut prev_digit = false;
    for ch in nfkc.chars() {
        let ch = after_digit(ch, prev_digit);
        out.push(ch);
        prev_digit = ch.is_ascii_digit();
    }
}

/// What [`norm`] makes of one character after NFKC (`None`: dropped).
fn slow_map(ch: char) -> Option<char> {
    Some(match ch {
        c if c.is_whitespace() => return None,
        '\u{200b}' | '\u{feff}' | '\u{3000}' => return None,
        '【' | '〔' | '[' => '(',
        '】' | '〕' | ']' => ')',
        '“' | '”' | '"' | '„' | '‟' | '「' | '」' => '"',
        '‘' | '’' | '\'' => '\'',
        c => c,
    })
}

/// `1、` is `1.` (list numbering); `一、` stays (a heading).
fn after_digit(ch: char, prev_digit: bool) -> char {
    if ch == '、' && prev_digit {
        '.'
    } else {
        ch
    }
}

/// [`norm`] of a text that keeps, for each normalised character, the byte
/// range of the source character it came from, so that a match found in
/// the normalised text can be cut out of the source (the flat reader cuts
/// headings and labels out of run-together lines this way).
///
/// Characters are mapped one at a time, with the mapping of [`norm`]: for
/// the characters reports are made of ([`nfkc_simple`]) `chars` is exactly
/// `norm(s)`; elsewhere only sequences that NFKC composes across
/// characters (combining marks, which labels do not have) can differ.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NormMap {
    pub chars: Vec<char>,
    /// Byte offset in the source of the character each of `chars` came from.
    pub at: Vec<usize>,
    /// Byte offset just past that source character.
    pub end: Vec<usize>,
}

impl NormMap {
    pub fn new(s: &str) -> NormMap {
        let mut n = NormMap::default();
        let mut prev_digit = false;
        let mut push = |n: &mut NormMap, m: char, i: usize, c: char| {
            let m = after_digit(m, prev_digit);
            prev_digit = m.is_ascii_digit();
            n.chars.push(m);
            n.at.push(i);
            n.end.push(i + c.len_utf8());
        };
        for (i, c) in s.char_indices() {
            match nfkc_simple(c) {
                Some(m) => {
                    if let Some(m) = fast_map(m, false) {
                        push(&mut n, m, i, c);
                    }
                }
                None => {
                    for m in std::iter::once(c).nfkc().filter_map(slow_map) {
                        push(&mut n, m, i, c);
                    }
                }
            }
        }
        n
    }
}

/// [`norm`] without NFKC for the text nearly every report consists of: ASCII,
/// CJK unified ideographs, common CJK punctuation and full-width ASCII
/// (U+FF01–FF5E, which NFKC maps to U+0021–007E). Those characters are
/// NFKC-stable (or map one-to-one) and none combines with a neighbour, so the
/// result is the same as the full path; any other character falls back to it
/// (`false`, with `out` partly written). NFKC was a fifth of the parser's
/// time before this (issue 5).
fn norm_fast(s: &str, out: &mut String) -> bool {
    norm_fast_from(s, out, &mut false)
}

/// [`norm_fast`] continuing after text whose last output character was a
/// digit (`prev_digit`), so that consecutive pieces can be normalised as if
/// they were one string.
fn norm_fast_from(s: &str, out: &mut String, prev_digit: &mut bool) -> bool {
    for ch in s.chars() {
        // CJK ideographs, the bulk of every label, map to themselves and are
        // no digit (the general path below gives the same).
        if ('\u{4e00}'..='\u{9fff}').contains(&ch) {
            out.push(ch);
            *prev_digit = false;
            continue;
        }
        let Some(m) = nfkc_simple(ch) else {
            return false;
        };
        let Some(mapped) = fast_map(m, *prev_digit) else {
            continue;
        };
        out.push(mapped);
        *prev_digit = mapped.is_ascii_digit();
    }
    true
}

/// `norm(s).chars().count()`, without building it when the fast path
/// applies (it maps one character to one, dropping only whitespace).
pub fn norm_len(s: &str) -> usize {
    let mut n = 0usize;
    for ch in s.chars() {
        match nfkc_simple(ch) {
            Some(m) => n += usize::from(!m.is_whitespace()),
            None => return norm(s).chars().count(),
        }
    }
    n
}

/// [`norm`] of the concatenation of `parts`, without building the
/// concatenation when the fast path applies (labels spread over cells).
pub fn norm_joined<'s, I>(parts: I) -> String
where
    I: Iterator<Item = &'s str> + Clone,
{
    let mut out = String::with_capacity(parts.clone().map(str::len).sum());
    let mut prev_digit = false;
    for p in parts.clone() {
        if !norm_fast_from(p, &mut out, &mut prev_digit) {
            let joined: String = parts.collect();
            return norm(&joined);
        }
    }
    out
}

/// What [`norm_fast`] makes of one NFKC-mapped character (`None`: dropped).
#[inline(always)]
fn fast_map(m: char, prev_digit: bool) -> Option<char> {
    Some(match m {
        c if c.is_whitespace() => return None,
        '【' | '〔' | '[' => '(',
        '】' | '〕' | ']' => ')',
        '“' | '”' | '"' | '「' | '」' => '"',
        '‘' | '’' => '\'',
        '、' if prev_digit => '.',
        c => c,
    })
}

/// The first two characters of [`norm`]`(s)` without building it, when
/// every character of `s` is one of the usual ones ([`nfkc_simple`]);
/// `None` otherwise (the caller then normalises).
pub fn norm_first_two(s: &str) -> Option<(Option<char>, Option<char>)> {
    if !s.chars().all(|c| nfkc_simple(c).is_some()) {
        return None;
    }
    let mut out = [None, None];
    let mut k = 0;
    let mut prev_digit = false;
    for m in s.chars().filter_map(nfkc_simple) {
        let Some(mapped) = fast_map(m, prev_digit) else {
            continue;
        };
        out[k] = Some(mapped);
        k += 1;
        if k == 2 {
            break;
        }
        prev_digit = mapped.is_ascii_digit();
    }
    Some((out[0], out[1]))
}

/// NFKC of a string, without the NFKC tables when every character is one of
/// the usual ones ([`nfkc_simple`]). Same result as `s.nfkc().collect()`.
pub fn nfkc(s: &str) -> String {
    if s.chars().all(|c| nfkc_simple(c).is_some()) {
        s.chars().filter_map(nfkc_simple).collect()
    } else {
        s.nfkc().collect()
    }
}

/// NFKC of one character when it is one of the characters reports are made
/// of and maps to exactly one character without combining with its
/// neighbours (see [`norm_fast`]); `None` for anything else.
pub fn nfkc_simple(ch: char) -> Option<char> {
    match ch {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(ch as u32 - 0xfee0),
        '\u{3000}' => Some(' '),
        c if c.is_ascii()
            || ('\u{4e00}'..='\u{9fff}').contains(&c)
            || matches!(
                c,
                '\u{3001}'
                    | '\u{3002}'
                    | '\u{3008}'..='\u{3011}'
                    | '\u{3014}'..='\u{301b}'
                    | '\u{2018}'
                    | '\u{2019}'
                    | '\u{201c}'
                    | '\u{201d}'
            ) =>
        {
            Some(c)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_unifies_brackets_spaces_and_numbering() {
        assert_eq!(norm("（一） 予以 公开"), "(一)予以公开");
        assert_eq!(norm("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(norm("1. 属于国家秘密"), "1.属于国家秘密");
        assert_eq!(norm("一、总体情况"), "一、总体情况");
        assert_eq!(norm("商业 企业"), "商业企业");
        assert_eq!(norm("3.危及“三安全一稳定”"), "3.危及\"三安全一稳定\"");
    }

    /// The fast path of `norm` agrees with the NFKC path (issue 5).
    #[test]
    fn norm_fast_path_matches_nfkc_path() {
        let slow = |s: &str| {
            // `norm` with the fast path bypassed: prefix a character outside it.
            let n = norm(&format!("\u{e9}{s}"));
            n.strip_prefix('\u{e9}').map(str::to_string).unwrap_or(n)
        };
        let samples = [
            "（一） 予以 公开",
            "1、属于国家秘密",
            "1. 属于国家秘密",
            "一、总体情况",
            "3.危及“三安全一稳定”",
            "【规章】〔2021〕「引」‘单’ [x] 12、3、",
            "ＡＢＣ１２３（）：；，。！＂＇～　全角",
            "2、、1、a、",
            "本年新收政府信息公开申请数量\t 21 \u{3000}",
        ];
        for s in samples {
            assert!(norm_fast(s, &mut String::new()), "{s}");
            assert_eq!(norm(s), slow(s), "{s}");
        }
        // Everything up to U+FFFF in the fast range, one character at a time
        // and after a digit.
        for cp in (0u32..0x1_0000).filter(|c| !(0xd800..0xe000).contains(c)) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [c.to_string(), format!("1{c}"), format!("{c}、")] {
                if norm_fast(&s, &mut String::new()) {
                    assert_eq!(norm(&s), slow(&s), "U+{cp:04X}");
                }
            }
        }
    }

    /// `nfkc_simple` is NFKC for every character it accepts.
    #[test]
    fn nfkc_simple_is_nfkc() {
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            if let Some(m) = nfkc_simple(c) {
                assert_eq!(c.to_string().nfkc().collect::<String>(), m.to_string());
            }
        }
        for s in ["（一）ＡＢ　予以公开", "e\u{301}…㈠ﬁ", ""] {
            assert_eq!(nfkc(s), s.nfkc().collect::<String>());
        }
    }

    /// `norm_first_two` is the first two characters of `norm` whenever it
    /// answers (the heading test relies on it).
    #[test]
    fn norm_first_two_is_a_prefix_of_norm() {
        let check = |s: &str| {
            if let Some((a, b)) = norm_first_two(s) {
                let n = norm(s);
                let mut c = n.chars();
                assert_eq!((a, b), (c.next(), c.next()), "{s:?}");
            }
        };
        for s in [
            "一、总体情况",
            " 二 、 主动",
            "1、属于",
            "（一）予以公开",
            "【三】",
            "",
            "一",
            "\u{3000}四、x",
        ] {
            check(s);
        }
        for cp in (0u32..0x1_0000).filter(|c| !(0xd800..0xe000).contains(c)) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [format!("{c}、"), format!("1{c}"), format!(" {c} 、x")] {
                check(&s);
            }
        }
    }

    /// `norm_len` counts what `norm` outputs.
    #[test]
    fn norm_len_counts_norm() {
        for s in [
            "",
            " ",
            "（一） 予以 公开",
            "1、属于",
            "e\u{301}x",
            "ＡＢ　１",
            "\u{3000}",
        ] {
            assert_eq!(norm_len(s), norm(s).chars().count(), "{s:?}");
        }
    }

    /// Normalising pieces in a row is normalising their concatenation.
    #[test]
    fn norm_joined_is_norm_of_concatenation() {
        let cases: [&[&str]; 7] = [
            &[],
            &["1", "、属于"],
            &["1", " ", "、x"],
            &["（一）", "予以 ", "公开"],
            &["e", "\u{301}", "1、"],
            &["ＡＢ", "【", "２", "、"],
            &["第二十条第", "（一）项"],
        ];
        for parts in cases {
            let joined: String = parts.concat();
            assert_eq!(
                norm_joined(parts.iter().copied()),
                norm(&joined),
                "{parts:?}"
            );
        }
    }

    /// `NormMap` normalises as `norm` does (the flat reader and the parser
    /// must agree on labels), and its offsets point at the source character.
    #[test]
    fn norm_map_is_norm_with_offsets() {
        for s in [
            "（一） 予以 公开",
            "1、属于国家秘密",
            "3.危及“三安全一稳定”",
            "本年收费金额（单位：万元）",
            "第二十条第〔一〕项 ｛x｝",
            "一、总体情况\u{200b}二、",
            "",
        ] {
            let m = NormMap::new(s);
            assert_eq!(m.chars.iter().collect::<String>(), norm(s), "{s}");
            for (k, &a) in m.at.iter().enumerate() {
                let src = &s[a..m.end[k]];
                assert_eq!(
                    norm(src).chars().next().map(|c| after_digit(c, true)),
                    Some(after_digit(m.chars[k], true)),
                    "{s} {k}"
                );
            }
        }
        for cp in 0u32..0x3_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("1{c}、");
            if nfkc_simple(c).is_some() {
                assert_eq!(NormMap::new(&s).chars.iter().collect::<String>(), norm(&s));
            }
        }
    }
}
