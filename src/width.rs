//! Display width: the one place that measures, truncates, pads and wraps text
//! for the terminal.
//!
//! Most report text is CJK, which takes two terminal columns per character, so
//! byte length (`.len()`) and character count are both wrong for layout. Every
//! view goes through this module so that there is exactly one definition of
//! "how wide is this string" — and it is the same one ratatui uses (we depend
//! on the `unicode-width` version ratatui 0.29 pins, 0.2.0, and measure in the
//! narrow, non-CJK mode as ratatui does, so ambiguous-width characters count
//! as one column).
//!
//! Two rules hold for everything returned here:
//! * a double-width glyph never straddles the edge of the requested width — the
//!   column it would half-fill is padded with a space (or holds the ellipsis);
//! * control characters are measured as zero width; callers that show report
//!   text first pass it through [`display_text`], which makes them visible.

use unicode_width::UnicodeWidthChar;

/// Columns a character takes on the terminal (control characters: 0).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns a string takes on the terminal.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The ellipsis used when text is cut. U+2026 is East-Asian "ambiguous", so a
/// CJK-locale terminal may draw it two columns wide; `...` is safe everywhere.
pub const ELLIPSIS: &str = "…";
pub const ELLIPSIS_ASCII: &str = "~";

/// Make untrusted report text safe and predictable to draw: control characters
/// and bidi overrides become a visible placeholder ([`crate::sanitize`]), and a tab
/// becomes two spaces (a terminal would jump to the next tab stop, which the
/// layout cannot know).
pub fn display_text(s: &str) -> String {
    let s = s.replace('\t', "  ");
    crate::sanitize::for_terminal(&s).into_owned()
}

/// The longest prefix of `s` that fits in `max` columns, and its width.
fn prefix_fitting(s: &str, max: usize) -> (&str, usize) {
    let mut used = 0usize;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if used.saturating_add(w) > max {
            return (&s[..i], used);
        }
        used = used.saturating_add(w);
    }
    (s, used)
}

/// Cut `s` to at most `max` columns. When something is cut, the last column
/// holds `ellipsis` (if it fits). The result may be narrower than `max` when a
/// wide glyph would have straddled the edge; use [`fit`] to pad as well.
pub fn truncate(s: &str, max: usize, ellipsis: &str) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let ew = width(ellipsis);
    if ew > max {
        return prefix_fitting(s, max).0.to_string();
    }
    let (head, _) = prefix_fitting(s, max.saturating_sub(ew));
    format!("{head}{ellipsis}")
}

/// Horizontal alignment for [`fit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Exactly `w` columns: truncated with `ellipsis` if too wide, padded with
/// spaces if too narrow (on the right for `Left`, on the left for `Right`).
pub fn fit(s: &str, w: usize, align: Align, ellipsis: &str) -> String {
    let t = truncate(s, w, ellipsis);
    let pad = w.saturating_sub(width(&t));
    let spaces = " ".repeat(pad);
    match align {
        Align::Left => format!("{t}{spaces}"),
        Align::Right => format!("{spaces}{t}"),
    }
}

/// Drop the first `skip` columns of `s` (horizontal scrolling). A wide glyph
/// cut in half by the scroll edge becomes a space, so columns stay aligned.
pub fn skip_columns(s: &str, skip: usize) -> String {
    let mut used = 0usize;
    let mut out = String::new();
    for c in s.chars() {
        let w = char_width(c);
        if used >= skip {
            out.push(c);
        } else if used.saturating_add(w) > skip {
            // The glyph starts before the edge and ends after it.
            out.push_str(&" ".repeat(used.saturating_add(w).saturating_sub(skip)));
        }
        used = used.saturating_add(w);
    }
    out
}

/// Punctuation that must not start a line (kinsoku: closing brackets, commas,
/// full stops…), full- and half-width.
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '”'
            | '’'
            | '…'
            | '·'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Punctuation that must not end a line (opening brackets and quotes).
fn no_break_after(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '《' | '〈' | '【' | '〔' | '“' | '‘' | '(' | '[' | '{'
    )
}

/// Characters between which a line may break even without a space: CJK
/// ideographs, kana, full-width forms — anything drawn two columns wide.
fn is_wide(c: char) -> bool {
    char_width(c) >= 2
}

/// Split `s` into unbreakable pieces: a line may break between two pieces and
/// nowhere else (except when one piece alone is wider than the line).
fn pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(p) = prev {
            let opportunity = p == ' ' || c == ' ' || is_wide(p) || is_wide(c);
            let forbidden = no_break_before(c) || no_break_after(p) || (p == ' ' && c == ' ');
            if opportunity && !forbidden {
                out.push(&s[start..i]);
                start = i;
            }
        }
        prev = Some(c);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Wrap text to lines of at most `w` columns. Lines break between CJK
/// characters and at spaces, never before closing punctuation or after an
/// opening bracket; `\n` starts a new line. A piece wider than a whole line is
/// split by character. Spaces at a break are dropped.
///
/// With `w == 0` nothing fits and the result is empty; with `w == 1` a wide
/// glyph is put alone on its line (the renderer will clip it rather than let
/// it straddle the edge).
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if w == 0 {
        return lines;
    }
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0usize;
        for piece in pieces(para) {
            let pw = width(piece);
            if used.saturating_add(pw) <= w {
                line.push_str(piece);
                used = used.saturating_add(pw);
                continue;
            }
            // Break here: the piece's leading spaces belong to the break.
            let piece = if used > 0 { piece.trim_start() } else { piece };
            if used > 0 {
                lines.push(line.trim_end().to_string());
                line = String::new();
                used = 0;
            }
            let pw = width(piece);
            if pw <= w {
                line.push_str(piece);
                used = pw;
                continue;
            }
            // Too wide for any line: split by character.
            for c in piece.chars() {
                let cw = char_width(c);
                if used > 0 && used.saturating_add(cw) > w {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used = used.saturating_add(cw);
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_two_columns() {
        assert_eq!(width("规章"), 4);
        assert_eq!(width("ab规"), 4);
        assert_eq!(width(""), 0);
        assert_eq!(width("a\u{1b}b"), 2);
    }

    #[test]
    fn truncate_never_splits_a_wide_glyph() {
        assert_eq!(truncate("行政规范性文件", 5, "…"), "行政…");
        assert_eq!(width(&truncate("行政规范性文件", 5, "…")), 5);
        assert_eq!(truncate("行政规范性文件", 4, "…"), "行…");
        assert_eq!(truncate("行政", 4, "…"), "行政");
        assert_eq!(truncate("行政", 1, ""), "");
        assert_eq!(truncate("abc", 0, "…"), "");
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("规章", 5, Align::Left, "…"), "规章 ");
        assert_eq!(fit("12", 5, Align::Right, "…"), "   12");
        // A wide glyph that would straddle the edge becomes padding.
        assert_eq!(fit("行政规范", 3, Align::Left, ""), "行 ");
        for w in 0..12 {
            assert_eq!(width(&fit("行政规范性文件abc", w, Align::Left, "…")), w);
        }
    }

    #[test]
    fn skip_columns_pads_a_cut_glyph() {
        assert_eq!(skip_columns("行政ab", 1), " 政ab");
        assert_eq!(skip_columns("行政ab", 2), "政ab");
        assert_eq!(skip_columns("行政ab", 5), "b");
        assert_eq!(skip_columns("ab", 9), "");
    }

    #[test]
    fn wrap_breaks_between_cjk_but_not_before_closing_punctuation() {
        let lines = wrap("一二三四，五六", 8);
        // "四，" stays together: the line breaks before 四, not before ，.
        assert_eq!(lines, vec!["一二三", "四，五六"]);
        for l in &lines {
            assert!(width(l) <= 8);
        }
        assert_eq!(wrap("hello world", 5), vec!["hello", "world"]);
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
        // No opening bracket at a line end.
        let lines = wrap("一二三（四）", 6);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
    }

    #[test]
    fn wrap_handles_degenerate_widths() {
        assert!(wrap("规章", 0).is_empty());
        assert_eq!(wrap("规章", 1), vec!["规", "章"]);
        assert_eq!(wrap("", 4), vec![""]);
        let long = "x".repeat(10);
        assert_eq!(wrap(&long, 4), vec!["xxxx", "xxxx", "xx"]);
    }

    #[test]
    fn display_text_hides_escapes_and_tabs() {
        let s = display_text("a\u{1b}[31mb\tc");
        assert!(!s.contains('\u{1b}'));
        assert!(!s.contains('\t'));
    }
}
