//! Text normalisation and cell-value reading shared by the parser and the rules.
//!
//! Reports arrive with full-width and half-width brackets and digits, spaces
//! inside labels, `1、` for `1.`, curly or straight quotes, and line breaks in
//! the middle of a label. Every comparison of a label against the template goes
//! through [`norm`] (SPEC §7.3), so the parser and the LBL rules agree on what
//! "the same label" means.

use super::Value;
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
    for ch in s.nfkc() {
        match ch {
            c if c.is_whitespace() => {}
            '\u{200b}' | '\u{feff}' | '\u{3000}' => {}
            '【' | '〔' | '[' => nfkc.push('('),
            '】' | '〕' | ']' => nfkc.push(')'),
            '“' | '”' | '"' | '„' | '‟' | '「' | '」' => nfkc.push('"'),
            '‘' | '’' | '\'' => nfkc.push('\''),
            '、' => nfkc.push('、'),
            c => nfkc.push(c),
        }
    }
    // `1、` → `1.` only after a digit (a `、` after a numeral like 一 stays:
    // that is how top-level headings are written).
    let mut prev_digit = false;
    for ch in nfkc.chars() {
        if ch == '、' && prev_digit {
            out.push('.');
        } else {
            out.push(ch);
        }
        prev_digit = ch.is_ascii_digit();
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

/// Character-level Levenshtein distance (labels are short; O(n·m) is fine).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

/// [`edit_distance`] on characters already split out, so callers comparing
/// one text against many labels split each only once. Rows of up to 63
/// characters live on the stack (every label is shorter).
pub fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    edit_distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance of `a` and `b` when it is at most `max`, else `None`.
/// Stops as soon as a whole row of the table exceeds `max` (row minima never
/// decrease), which is most of the work when comparing against labels that
/// are nowhere close.
pub fn edit_distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.is_empty() {
        return Some(b.len());
    }
    if b.is_empty() {
        return Some(a.len());
    }
    const STACK: usize = 64;
    let mut stack = [0usize; 2 * STACK];
    let mut heap = Vec::new();
    let w = b.len() + 1;
    let buf: &mut [usize] = if w <= STACK {
        &mut stack[..2 * w]
    } else {
        heap.resize(2 * w, 0);
        &mut heap
    };
    let (mut prev, mut cur) = buf.split_at_mut(w);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// What kind of value a cell text is, before the column decides what it may be.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadValue {
    pub value: Value,
    /// A unit written inside the cell (`元`, `万元`, `件`).
    pub unit: Option<String>,
}

/// True for texts that stand for "not applicable / none" (SPEC §5).
pub fn is_placeholder(t: &str) -> bool {
    matches!(
        t,
        "/" | "-"
            | "—"
            | "——"
            | "--"
            | "－"
            | "一"
            | "无"
            | "不适用"
            | "／"
            | "-/-"
            | "…"
            | "―"
            | "–"
    )
}

/// A mark that may follow a number as a footnote reference: superscript and
/// subscript digits, circled, parenthesised and full-stop numbers. NFKC
/// turns each into digits, so `5²` read as 52 and `3①` as 31 (issue 10);
/// they must not join the number.
pub fn is_footnote_mark(c: char) -> bool {
    matches!(
        c,
        '\u{b2}' | '\u{b3}' | '\u{b9}'
            | '\u{2070}'..='\u{209f}'
            | '\u{2460}'..='\u{24ff}'
            | '\u{2776}'..='\u{2793}'
            | '\u{3251}'..='\u{325f}'
            | '\u{32b1}'..='\u{32bf}'
    )
}

/// A value cell's number and the footnote marks after it: `5²` → (`5`,
/// `²`). `None` when the text does not end in a mark, or nothing but marks
/// (`①` alone) precedes it.
pub fn split_footnote(raw: &str) -> Option<(&str, &str)> {
    let t = raw.trim();
    let number = t.trim_end_matches(is_footnote_mark).trim_end();
    (number.len() < t.len() && !number.is_empty()).then(|| (number, &t[number.len()..]))
}

/// Read a cell's text as a value (SPEC §5). `money` says the column is in 万元,
/// so `251000元` is converted and `25.1万元` kept. A footnote mark after a
/// number ([`split_footnote`]) is not part of it: `5²` is 5.
pub fn read_value(raw: &str, money: bool) -> ReadValue {
    // Every mark is outside ASCII, and nearly every cell ends in an ASCII
    // character: only the others need the footnote test.
    if raw
        .trim_ascii_end()
        .as_bytes()
        .last()
        .is_some_and(|b| !b.is_ascii())
    {
        if let Some((number, _)) = split_footnote(raw) {
            let v = read_plain(number, money);
            if matches!(v.value, Value::Int(_) | Value::Money(_)) {
                return v;
            }
            // Not a number before the mark: the whole text is read as usual.
        }
    }
    read_plain(raw, money)
}

/// More integer digits than this is no count or amount a report holds, and
/// past 15 digits an `f64` no longer holds every integer: such a value is
/// text (VAL-4), never `inf` or a rounded number.
pub const MAX_DIGITS: usize = 15;

fn read_plain(raw: &str, money: bool) -> ReadValue {
    // The usual cell: a plain count. Up to 15 digits fit an i64 and convert
    // to f64 exactly, as the general path below would parse them.
    let trimmed = raw.trim_ascii();
    if !trimmed.is_empty() && trimmed.len() <= 15 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let v = trimmed
            .bytes()
            .fold(0i64, |v, b| v * 10 + i64::from(b - b'0'));
        return ReadValue {
            value: if money {
                Value::Money(v as f64)
            } else {
                Value::Int(v)
            },
            unit: None,
        };
    }
    if trimmed.is_empty() {
        // Only ASCII whitespace (what `trim_ascii` removes).
        return ReadValue {
            value: Value::Blank,
            unit: None,
        };
    }
    // Two allocation-free paths give the same result as the general one for
    // nearly every cell (issue 5: this function was called for every cell
    // of every table and allocated four strings each time):
    // * a text made of the usual characters ([`nfkc_simple`]) holding one
    //   that can appear in no value, placeholder or unit is `Text`: that
    //   character survives NFKC, whitespace removal and unit stripping, and
    //   then fails the digit check below (labels take this path);
    // * a trimmed ASCII text without whitespace or `&` is its own NFKC and
    //   needs no `&nbsp;` removal, so it can be classified in place.
    let mut simple = true;
    for c in raw.chars() {
        match nfkc_simple(c) {
            Some(m) if !value_char(m) => return text(),
            Some(_) => {}
            None => {
                simple = false;
                break;
            }
        }
    }
    if simple
        && trimmed
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_whitespace() && b != b'&' && b != 0x0b)
    {
        return classify(trimmed, money);
    }
    let keep = |c: &char| !c.is_whitespace() && *c != '\u{a0}';
    let t: String = if simple {
        // Same result without NFKC for the usual characters (issue 5).
        raw.chars().filter_map(nfkc_simple).filter(keep).collect()
    } else {
        raw.nfkc().filter(keep).collect()
    };
    if t.contains('&') {
        classify(&t.replace("&nbsp;", ""), money)
    } else {
        classify(&t, money)
    }
}

/// A character (after NFKC) that may occur in a cell read as something other
/// than `Text`: digits, signs, separators, whitespace, `&nbsp;`, and the
/// characters of placeholders (`无`, `不适用`, `一`), `零` and units.
fn value_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '.' | ','
                | '+'
                | '-'
                | '/'
                | '&'
                | 'n'
                | 'b'
                | 's'
                | 'p'
                | ';'
                | '一'
                | '无'
                | '不'
                | '适'
                | '用'
                | '零'
                | '万'
                | '元'
                | '件'
                | '个'
                | '项'
        )
}

/// [`read_value`] on the normalised text (NFKC, no whitespace, no `&nbsp;`).
fn classify(t: &str, money: bool) -> ReadValue {
    if t.is_empty() {
        return ReadValue {
            value: Value::Blank,
            unit: None,
        };
    }
    if is_placeholder(t) {
        return ReadValue {
            value: Value::Placeholder,
            unit: None,
        };
    }
    if t == "零" {
        return ReadValue {
            value: Value::Int(0),
            unit: None,
        };
    }
    let (num, unit) = split_unit(t);
    let num: std::borrow::Cow<str> = if num.contains([',', '，']) {
        num.replace([',', '，'], "").into()
    } else {
        num.into()
    };
    if num.is_empty() {
        return text();
    }
    let (sign, digits) = match num.as_bytes().first().copied().unwrap_or(b'0') {
        b'+' => (1i64, &num[1..]),
        b'-' => (-1i64, &num[1..]),
        _ => (1i64, &num[..]),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return text();
    }
    if digits.bytes().filter(|&b| b == b'.').count() > 1 || digits.starts_with('.') {
        return text();
    }
    let is_int = !digits.contains('.');
    let whole = digits.split('.').next().unwrap_or("");
    if whole.trim_start_matches('0').len() > MAX_DIGITS {
        return text();
    }
    let unit = unit.map(str::to_string);
    if money {
        let Ok(mut v) = digits.parse::<f64>() else {
            return text();
        };
        if unit.as_deref() == Some("元") {
            v /= 10_000.0;
        }
        return ReadValue {
            value: Value::Money(sign as f64 * v),
            unit,
        };
    }
    if is_int {
        // More than 15 digits cannot be a real count; keep it as text.
        match digits.parse::<i64>() {
            Ok(v) if digits.len() <= 15 => ReadValue {
                value: Value::Int(sign * v),
                unit,
            },
            _ => text(),
        }
    } else {
        // A decimal in a count column: keep the number so VAL-1 can name it.
        match digits.parse::<f64>() {
            Ok(v) => ReadValue {
                value: Value::Money(sign as f64 * v),
                unit,
            },
            Err(_) => text(),
        }
    }
}

fn text() -> ReadValue {
    ReadValue {
        value: Value::Text,
        unit: None,
    }
}

fn split_unit(t: &str) -> (&str, Option<&'static str>) {
    for u in ["万元", "元", "件", "个", "项"] {
        if let Some(n) = t.strip_suffix(u) {
            return (n, Some(u));
        }
    }
    (t, None)
}

/// True when a cell text is value-like (a number, a placeholder, blank): used
/// to tell label cells from value cells. A run of digits too long to be a
/// number ([`MAX_DIGITS`]) still stands where a value stands: it is placed
/// as a (text) value and VAL-4 names it, rather than vanish into a label.
pub fn looks_like_value(raw: &str) -> bool {
    let t = raw.trim();
    if t.is_empty() {
        return true;
    }
    !matches!(read_value(t, true).value, Value::Text)
        || (t.len() > MAX_DIGITS && t.bytes().all(|b| b.is_ascii_digit()))
}

/// Map Chinese numerals 一…十 to 1..=10.
pub fn cn_numeral(c: char) -> Option<u8> {
    // A match, not a search of "一二…十": this runs on the first character
    // of every row.
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
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

    /// Footnote marks read as digits: `5²` was 52, `3①` was 31. The number
    /// is read without the mark; a text before the mark stays text.
    #[test]
    fn footnote_marks_are_not_digits() {
        assert_eq!(read_value("5²", false).value, Value::Int(5));
        assert_eq!(read_value("3①", false).value, Value::Int(3));
        assert_eq!(read_value("12 ⑴", false).value, Value::Int(12));
        assert_eq!(read_value("7⒈", false).value, Value::Int(7));
        assert_eq!(read_value("1.5³", true).value, Value::Money(1.5));
        assert_eq!(read_value("见附件①", false).value, Value::Text);
        assert_eq!(split_footnote("5²"), Some(("5", "²")));
        assert_eq!(split_footnote(" 3①② "), Some(("3", "①②")));
        assert_eq!(split_footnote("①"), None);
        assert_eq!(split_footnote("12"), None);
        // A full-width digit is a digit, not a mark.
        assert_eq!(read_value("1２", false).value, Value::Int(12));
    }

    /// A 400-digit amount was `inf` (JSON `null`, messages `inf 万元`): any
    /// number past 15 digits is text, in money and count columns alike.
    #[test]
    fn out_of_range_numbers_are_text() {
        let huge = "9".repeat(400);
        assert_eq!(read_value(&huge, true).value, Value::Text);
        assert_eq!(read_value(&huge, false).value, Value::Text);
        assert_eq!(read_value(&format!("{huge}.5"), true).value, Value::Text);
        assert_eq!(read_value(&format!("{huge}元"), true).value, Value::Text);
        assert_eq!(read_value("1234567890123456", true).value, Value::Text);
        assert_eq!(
            read_value("123456789012345", true).value,
            Value::Money(123_456_789_012_345.0)
        );
    }

    #[test]
    fn values_follow_spec_5() {
        assert_eq!(read_value("0", false).value, Value::Int(0));
        assert_eq!(read_value("0件", false).value, Value::Int(0));
        assert_eq!(read_value("零", false).value, Value::Int(0));
        assert_eq!(read_value("", false).value, Value::Blank);
        assert_eq!(read_value("&nbsp;", false).value, Value::Blank);
        assert_eq!(read_value("/", false).value, Value::Placeholder);
        assert_eq!(read_value("—", false).value, Value::Placeholder);
        assert_eq!(read_value("无", false).value, Value::Placeholder);
        assert_eq!(read_value("+12", false).value, Value::Int(12));
        assert_eq!(read_value("-8", false).value, Value::Int(-8));
        assert_eq!(read_value("1,234", false).value, Value::Int(1234));
        assert_eq!(read_value("１２", false).value, Value::Int(12));
        assert_eq!(read_value("77.0693", true).value, Value::Money(77.0693));
        assert_eq!(read_value("251000元", true).value, Value::Money(25.1));
        assert_eq!(read_value("251000元", true).unit.as_deref(), Some("元"));
        assert_eq!(read_value("25.1万元", true).value, Value::Money(25.1));
        assert_eq!(read_value("约十件", false).value, Value::Text);
        assert_eq!(read_value("1.2.3", false).value, Value::Text);
        assert_eq!(read_value("99999999999999999999", false).value, Value::Text);
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

    /// The bounded edit distance agrees with the plain one.
    #[test]
    fn edit_distance_within_agrees_with_full() {
        let words = [
            "",
            "a",
            "本年度止件数",
            "本年废止件数",
            "六、其他说要报告的事项",
            "六、其他需要报告的事项",
            "其他",
            "abcdef",
            "badcfe",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let d = edit_distance(a, b);
                assert_eq!(edit_distance_chars(&ca, &cb), d);
                for max in 0..8 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(edit_distance_within(&ca, &cb, max), want, "{a} {b} {max}");
                }
            }
        }
    }

    /// The in-place paths of `read_value` (plain digits, ASCII, label text)
    /// give what the SPEC §5 policy says.
    #[test]
    fn read_value_fast_paths() {
        assert_eq!(read_value(" 12 ", false).value, Value::Int(12));
        assert_eq!(read_value("\t", false).value, Value::Blank);
        assert_eq!(read_value("007", false).value, Value::Int(7));
        assert_eq!(
            read_value("123456789012345", true).value,
            Value::Money(123456789012345.0)
        );
        assert_eq!(read_value("1234567890123456", false).value, Value::Text);
        // Past 15 digits an amount is text in money columns too (issue 10).
        assert_eq!(read_value("1234567890123456", true).value, Value::Text);
        assert_eq!(read_value("1 2", false).value, Value::Int(12));
        assert_eq!(read_value("&nbsp;", true).value, Value::Blank);
        assert_eq!(read_value("12&nbsp;", false).value, Value::Int(12));
        assert_eq!(read_value("予以公开", false).value, Value::Text);
        assert_eq!(read_value("不适用", false).value, Value::Placeholder);
        assert_eq!(read_value("…", false).value, Value::Text);
        assert_eq!(read_value("12件", false).unit.as_deref(), Some("件"));
        assert_eq!(read_value("1,2", false).value, Value::Int(12));
        assert_eq!(read_value("\u{b}1", false).value, Value::Int(1));
    }

    #[test]
    fn edit_distance_counts_chars_not_bytes() {
        assert_eq!(edit_distance("本年度止件数", "本年废止件数"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            edit_distance("六、其他说要报告的事项", "六、其他需要报告的事项"),
            1
        );
    }
}
