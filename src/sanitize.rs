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

/// Whether every byte of `s` is plainly safe: ASCII printable, tab, or the
/// start of a character that cannot be unsafe. The fast path for the
/// common case (checked byte-wise, as most output is ASCII or CJK).
fn plainly_safe(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &x)| match x {
        b'\t' | 0x20..=0x7e => true,
        // U+0080–U+07FF (C1 lives in C2 80–9F, ALM in D8 9C).
        0xc2 | 0xd8 => false,
        // U+2000–U+2FFF (E2 80 xx and E2 81 xx hold the bidi and separator
        // characters).
        0xe2 => !matches!(b.get(i + 1), Some(0x80 | 0x81)),
        0x80..=0xff => true,
        _ => false,
    })
}

/// `s` with every [`is_unsafe`] character replaced by U+FFFD: for text
/// output and the TUI. Borrowed (no copy) when nothing needed replacing.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if plainly_safe(s) || !s.chars().any(is_unsafe) {
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
        if plainly_safe(fragment) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane.
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
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

    /// The byte-wise fast path never lets an unsafe character through.
    #[test]
    fn fast_path_agrees_with_the_char_test() {
        for cp in (0u32..0x3000).chain([0xfffd, 0x1_0000]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("a{c}b");
            if plainly_safe(&s) {
                assert!(!is_unsafe(c), "U+{cp:04X} passed the fast path");
            }
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
