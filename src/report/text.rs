//! Cell-value reading shared by the parser and the rules (SPEC §5), Chinese
//! numerals, and the sanitising of text for output.
//!
//! Label normalisation lives with the template matcher
//! ([`crate::report::template::norm`]); `norm` and `nfkc` are re-exported
//! here for the rules that have always imported them from this path.

use super::template::norm::nfkc_simple;
pub use super::template::norm::{nfkc, norm};
use super::Value;
use unicode_normalization::UnicodeNormalization;

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
}
