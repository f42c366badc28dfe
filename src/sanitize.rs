//! Untrusted text on its way out: the one definition of which characters a
//! report, a file name or a message may not carry to a terminal or a JSON
//! reader as they are, and what they become instead.
//!
//! Report text, agency names and file names come from strangers. A raw ESC
//! or a C1 control (U+009B is CSI on many terminals) drives the terminal that
//! shows it; a bidi override (U+202E) makes a line read in a different order
//! from the bytes it holds (the "Trojan Source" trick). Every output goes
//! through here:
//! * text output and the TUI: [`for_terminal`] replaces each such character
//!   with U+FFFD, one column wide, so layouts stay predictable;
//! * JSON: [`JsonEscaper`] writes each such character as a `\uXXXX` escape,
//!   so the document stays lossless for programs and inert for terminals
//!   (serde_json itself escapes only U+0000–U+001F).
//!
//! File names that are not UTF-8 are shown with their bytes escaped
//! ([`path_display`]) so that two different names never print the same.

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` must not reach an output as itself: C0 controls (tab
/// excepted; JSON and the views handle it), DEL, C1 controls, bidi
/// embeddings, overrides and isolates, the bidi marks, and the line and
/// paragraph separators (which end a line in some viewers).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The byte offset and length of the first [`is_unsafe`] character in `s`,
/// found byte-wise: this runs on every string written, and most output is
/// ASCII or CJK. Blocks of 32 bytes are first tested for any byte an unsafe
/// character can start with (a test the compiler vectorises); only a block
/// that has one is looked at closely.
fn first_unsafe(s: &str) -> Option<(usize, usize)> {
    const BLOCK: usize = 32;
    let b = s.as_bytes();
    let lead =
        |x: u8| ((x < 0x20) & (x != b'\t')) | (x == 0x7f) | (x == 0xc2) | (x == 0xd8) | (x == 0xe2);
    let mut start = 0;
    while start < b.len() {
        let end = (start + BLOCK).min(b.len());
        let block = &b[start..end];
        if block.iter().fold(false, |any, &x| any | lead(x)) {
            if let Some(hit) = (start..end).find_map(|i| unsafe_at(b, i)) {
                return Some(hit);
            }
        }
        start = end;
    }
    None
}

/// The unsafe character starting at byte `i`, if any: (offset, length).
fn unsafe_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    let len = match at(0) {
        b'\t' => 0,
        0x00..=0x1f | 0x7f => 1,
        // C1: U+0080–U+009F.
        0xc2 if (0x80..=0x9f).contains(&at(1)) => 2,
        // U+061C ARABIC LETTER MARK.
        0xd8 if at(1) == 0x9c => 2,
        // U+200E/F, U+2028–U+202E, U+2066–U+2069.
        0xe2 if (at(1) == 0x80 && matches!(at(2), 0x8e | 0x8f | 0xa8..=0xae))
            || (at(1) == 0x81 && (0xa6..=0xa9).contains(&at(2))) =>
        {
            3
        }
        _ => 0,
    };
    (len > 0).then_some((i, len))
}

/// `s` with every [`is_unsafe`] character replaced by U+FFFD: for text
/// output and the TUI. Borrowed (no copy) when nothing needed replacing.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if first_unsafe(s).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// A file name as text that is lossless for UTF-8 names and unambiguous for
/// the rest: a byte that is not part of valid UTF-8 is written `\xFF`.
/// (`bad\xFF\xFE.txt` and `bad\xFE\xFF.txt` print differently, where
/// `to_string_lossy` gives `bad��.txt` for both.) Not yet sanitised for a
/// terminal: pass the result through [`for_terminal`] before printing.
pub fn path_display(p: &Path) -> String {
    let os = p.as_os_str();
    if let Some(s) = os.to_str() {
        return s.to_string();
    }
    escape_invalid_utf8(os.as_encoded_bytes())
}

/// The raw bytes of a path that is not valid UTF-8 (for JSON `path_bytes`),
/// or `None` when `path_display` is already exact.
pub fn path_bytes(p: &Path) -> Option<&[u8]> {
    let os = p.as_os_str();
    os.to_str().is_none().then_some(os.as_encoded_bytes())
}

fn escape_invalid_utf8(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

/// A `serde_json` formatter wrapper that writes [`is_unsafe`] characters as
/// `\uXXXX` escapes. Wrap any formatter with it: `JsonEscaper(Pretty::at(2))`.
pub struct JsonEscaper<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonEscaper<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Most strings are short ASCII keys and values.
        if fragment.bytes().all(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        // serde_json has already escaped C0 controls, so only DEL and the
        // lead bytes of the multi-byte unsafe characters can start one here.
        let mut rest = fragment;
        let mut from = 0;
        while let Some(lead) = rest.as_bytes()[from..]
            .iter()
            .position(|&b| matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2))
        {
            let i = from + lead;
            let Some((at, len)) = unsafe_at(rest.as_bytes(), i) else {
                from = i + 1;
                continue;
            };
            w.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('\u{fffd}');
            // Every unsafe character is in the Basic Multilingual Plane.
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + len..];
            from = 0;
        }
        w.write_all(rest.as_bytes())
    }

    // Everything else is the wrapped formatter's.
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character class the issue names (C0, DEL, C1, bidi overrides
    /// and isolates) and the neighbours that must pass unchanged.
    #[test]
    fn unsafe_characters_are_exactly_the_dangerous_ones() {
        for c in [
            '\u{1b}', '\u{7}', '\0', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
        ] {
            assert!(is_unsafe(c), "U+{:04X}", u32::from(c));
        }
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}') {
            assert!(is_unsafe(c), "U+{:04X}", u32::from(c));
        }
        for c in [
            '\t', ' ', 'a', '\u{a0}', '\u{2026}', '一', '\u{2027}', '\u{2070}',
        ] {
            assert!(!is_unsafe(c), "U+{:04X}", u32::from(c));
        }
    }

    /// The byte-wise search finds exactly the characters of `is_unsafe`.
    #[test]
    fn byte_search_agrees_with_the_char_test() {
        for cp in (0u32..0x3100).chain([0xfffd, 0xfeff, 0x1_0000]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            // At the start, inside and across the edge of a 32-byte block.
            for pad in [1, 20, 31, 40] {
                let s = format!("{}{c}b", "a".repeat(pad));
                let want = is_unsafe(c).then_some((pad, c.len_utf8()));
                assert_eq!(first_unsafe(&s), want, "U+{cp:04X} after {pad}");
            }
            let s = format!("a{c}b");
            assert_eq!(for_terminal(&s).contains(c), !is_unsafe(c), "U+{cp:04X}");
        }
    }

    #[test]
    fn terminal_text_replaces_c1_del_and_bidi() {
        let s = "a\u{1b}[2Jb\u{9b}31m\u{7f}\u{202e}txt.exe\u{2066}";
        assert_eq!(
            for_terminal(s),
            "a\u{fffd}[2Jb\u{fffd}31m\u{fffd}\u{fffd}txt.exe\u{fffd}"
        );
        assert!(matches!(for_terminal("普通\t文本"), Cow::Borrowed(_)));
    }

    /// JSON keeps the characters (escaped), so nothing is lost for a
    /// program and nothing raw reaches a terminal.
    #[test]
    fn json_escapes_c1_del_and_bidi() {
        let s = "x\u{9b}y\u{7f}z\u{202e}w\u{2069}\u{1b}";
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            JsonEscaper(serde_json::ser::CompactFormatter),
        );
        serde::Serialize::serialize(&s, &mut ser).expect("serialise");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, r#""x\u009by\u007fz\u202ew\u2069\u001b""#);
        let back: String = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, s);
    }

    #[cfg(unix)]
    #[test]
    fn invalid_utf8_names_display_differently() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(OsStr::from_bytes(b"bad\xff\xfe.txt"));
        let b = Path::new(OsStr::from_bytes(b"bad\xfe\xff.txt"));
        assert_eq!(path_display(a), "bad\\xFF\\xFE.txt");
        assert_ne!(path_display(a), path_display(b));
        assert_eq!(path_bytes(a), Some(&b"bad\xff\xfe.txt"[..]));
        assert_eq!(path_display(Path::new("报告.txt")), "报告.txt");
        assert_eq!(path_bytes(Path::new("报告.txt")), None);
    }
}
