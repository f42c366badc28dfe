//! Bytes → text: the first step for every report file.
//!
//! Reports come from web pages, Word and PDF exports, saved on Windows and
//! Linux machines: UTF-8 with or without BOM, GBK/GB18030, UTF-16 with a BOM,
//! CRLF or lone-CR line ends. This module turns any of them into one `String`
//! with `\n` line ends, or says in one sentence why the bytes are not a text
//! report at all (empty, binary). It never panics on any input.
//!
//! Damage that still leaves a readable report is read, and said: a stray NUL
//! byte (binary is judged by proportion, as `git` and `ripgrep` judge by
//! what the bytes hold, so one NUL does not lose a report), and a file saved
//! half in UTF-8 and half in GBK (decoded line by line, each line in the
//! encoding its bytes are valid in). See [`DecodeNote`].

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Invalid byte sequences replaced by U+FFFD (0 for a clean file).
    pub replaced: usize,
    /// What was unusual about the bytes, for a finding.
    pub notes: Vec<DecodeNote>,
}

/// Something the decoder did that a reader of the report should know.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeNote {
    /// NUL bytes in the text (shown as U+FFFD); the first one's line.
    Nul { count: usize, line: usize },
    /// The file changes encoding at this line (a file pasted together from
    /// a UTF-8 and a GBK source).
    Switch {
        line: usize,
        from: &'static str,
        to: &'static str,
    },
}

impl std::fmt::Display for DecodeNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeNote::Nul { count, line } => write!(
                f,
                "文件含 {count} 个 NUL 字节（首个在第 {line} 行），已按文本读取 (NUL bytes in a text file, shown as U+FFFD)"
            ),
            DecodeNote::Switch { line, from, to } => write!(
                f,
                "第 {line} 行起编码由 {from} 变为 {to}，已逐段解码 (the file changes encoding here; each part decoded in its own)"
            ),
        }
    }
}

/// At most this many encoding switches are noted (a pathological file
/// could switch on every line).
const MAX_SWITCH_NOTES: usize = 8;

/// Decode a report file's bytes. `Err` holds a user-facing reason.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("文件为空 (empty file): no report text".into());
    }
    let mut notes = Vec::new();
    let (mut text, encoding, replaced) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (t, n) = utf8_lossy(rest);
        (t, "UTF-8 BOM", n)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (t, n) = with(UTF_16LE, rest);
        (t, "UTF-16LE", n)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (t, n) = with(UTF_16BE, rest);
        (t, "UTF-16BE", n)
    } else if let Some(enc) = sniff_utf16(bytes) {
        let (t, n) = with(enc, bytes);
        (t, enc.name(), n)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), "UTF-8", 0),
            Err(_) => {
                let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
                // A UTF-8 file with a few damaged bytes stays UTF-8; a GBK file
                // fails on nearly every Chinese character. Counted without
                // building the lossy text, and only as far as the decision
                // needs (a GBK file is decided after a fiftieth of its
                // characters and decoded again below).
                if few_replacements(bytes, non_ascii.max(1)) {
                    let (t, n) = utf8_lossy(bytes);
                    (t, "UTF-8", n)
                } else if let Some((t, n, switches)) = by_segment(bytes) {
                    notes.extend(switches);
                    (t, "UTF-8+GB18030", n)
                } else {
                    let (t, n) = with(GB18030, bytes);
                    (t, "GB18030", n)
                }
            }
        }
    };
    if looks_binary(&text, replaced) {
        return Err(binary_message(bytes));
    }
    if text.contains('\0') {
        // A few NULs in a text file (a damaged save): read it, say where.
        let count = text.bytes().filter(|&b| b == 0).count();
        let at = text.find('\0').unwrap_or(0);
        let line = text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        notes.insert(0, DecodeNote::Nul { count, line });
        text = text.replace('\0', "\u{fffd}");
    }
    if text.contains('\r') {
        // CRLF → LF, then lone CR → LF, in one pass: a CR becomes a line end
        // unless the piece after it already starts with one.
        let mut out = String::with_capacity(text.len());
        let mut pieces = text.split('\r');
        out.push_str(pieces.next().unwrap_or(""));
        for p in pieces {
            if !p.starts_with('\n') {
                out.push('\n');
            }
            out.push_str(p);
        }
        text = out;
    }
    if text.trim().is_empty() {
        return Err("文件为空 (empty file): no report text".into());
    }
    Ok(Decoded {
        text,
        encoding,
        replaced,
        notes,
    })
}

/// A file that is neither UTF-8 nor GBK throughout but holds lines of each
/// (text pasted together from two sources): each line decoded as UTF-8
/// when its bytes are valid UTF-8, else as GB18030. `None` when the file
/// does not have both kinds (a GBK file's CJK lines are almost never valid
/// UTF-8, so it stays one GB18030 text). Also returns the replacements
/// made and where the encoding changes.
fn by_segment(bytes: &[u8]) -> Option<(String, usize, Vec<DecodeNote>)> {
    // A line counts as UTF-8 evidence only with a few multi-byte
    // characters: one or two valid pairs can happen by chance in GBK.
    const EVIDENCE: usize = 6;
    let utf8_line = |l: &[u8]| {
        l.iter().filter(|b| !b.is_ascii()).count() >= EVIDENCE && std::str::from_utf8(l).is_ok()
    };
    if !bytes.split(|&b| b == b'\n').any(utf8_line) {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut replaced = 0;
    let mut notes = Vec::new();
    let mut current: Option<&'static str> = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_ascii() {
            // The same in both: no switch here.
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            continue;
        }
        let enc = match std::str::from_utf8(line) {
            Ok(s) => {
                out.push_str(s);
                "UTF-8"
            }
            Err(_) => {
                let (t, n) = with(GB18030, line);
                out.push_str(&t);
                replaced += n;
                "GB18030"
            }
        };
        if let Some(from) = current.filter(|&c| c != enc) {
            if notes.len() < MAX_SWITCH_NOTES {
                notes.push(DecodeNote::Switch {
                    line: i + 1,
                    from,
                    to: enc,
                });
            }
        }
        current = Some(enc);
    }
    (!notes.is_empty()).then_some((out, replaced, notes))
}

fn utf8_lossy(bytes: &[u8]) -> (String, usize) {
    let s = String::from_utf8_lossy(bytes);
    let n = count_fffd(&s);
    (s.into_owned(), n)
}

/// Whether `n * 50 < limit`, where `n` is the number of U+FFFD in
/// `String::from_utf8_lossy(bytes)` (one per invalid sequence, plus those
/// already in the text). `n` only grows along the bytes, so the count stops
/// as soon as it is too large.
fn few_replacements(bytes: &[u8], limit: usize) -> bool {
    let mut n = 0usize;
    for c in bytes.utf8_chunks() {
        n += count_fffd(c.valid()) + usize::from(!c.invalid().is_empty());
        if n * 50 >= limit {
            return false;
        }
    }
    true
}

/// Occurrences of U+FFFD (EF BF BD) in a text.
fn count_fffd(s: &str) -> usize {
    let b = s.as_bytes();
    if b.len() < 3 {
        return 0;
    }
    // Three shifted views zipped, counted without branches in u8 per
    // 255-byte chunk: the compiler vectorises this, where a per-byte
    // `get(i + 1..i + 3)` did not.
    let body = b.len() - 2;
    let mut n = 0usize;
    let mut start = 0usize;
    while start < body {
        let end = (start + 255).min(body);
        let xs = &b[start..end];
        let ys = b.get(start + 1..end + 1).unwrap_or(&[]);
        let zs = b.get(start + 2..end + 2).unwrap_or(&[]);
        let mut k = 0u8;
        for ((&x, &y), &z) in xs.iter().zip(ys).zip(zs) {
            k = k.wrapping_add(u8::from((x == 0xef) & (y == 0xbf) & (z == 0xbd)));
        }
        n += usize::from(k);
        start = end;
    }
    n
}

fn with(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (s, _) = enc.decode_without_bom_handling(bytes);
    let n = count_fffd(&s);
    (s.into_owned(), n)
}

/// UTF-16 without a BOM: text whose every other byte is NUL (ASCII) or whose
/// NULs sit consistently on one parity.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if odd * 10 >= half * 3 && even * 20 < half {
        Some(UTF_16LE)
    } else if even * 10 >= half * 3 && odd * 20 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn looks_binary(text: &str, replaced: usize) -> bool {
    // Over the first 65,536 characters: control characters (C0 and DEL
    // except line ends, tab, ESC and form feed; C1 U+0080–U+009F) and U+FFFD.
    // Read as bytes (one test per byte instead of decoding every char).
    let b = text.as_bytes();
    let ascii_bad =
        |x: u8| (x < 0x20 || x == 0x7f) && !matches!(x, b'\n' | b'\r' | b'\t' | 0x1b | 0x0c);
    if b.len() <= 65_536 {
        // Common case: at most 65,536 bytes, so every char is inside the
        // window and the char-by-char walk below is not needed. One
        // branch-free pass that the compiler vectorises: a char starts at
        // every byte that is not a continuation byte (10xxxxxx); U+0080–U+009F
        // is C2 80..9F and U+FFFD is EF BF BD (valid UTF-8, so no false hits).
        let ctl = |x: u8| {
            ((x < 0x20) | (x == 0x7f))
                & !((x == b'\n') | (x == b'\r') | (x == b'\t') | (x == 0x1b) | (x == 0x0c))
        };
        let body = b.len().saturating_sub(2);
        let (mut total, mut bad) = (0usize, 0usize);
        // Counted in u8 per 255-byte chunk so the vector lanes stay bytes.
        let mut start = 0usize;
        while start < body {
            let end = (start + 255).min(body);
            let xs = &b[start..end];
            let ys = b.get(start + 1..end + 1).unwrap_or(&[]);
            let zs = b.get(start + 2..end + 2).unwrap_or(&[]);
            let (mut t, mut k) = (0u8, 0u8);
            for ((&x, &y), &z) in xs.iter().zip(ys).zip(zs) {
                t = t.wrapping_add(u8::from((x & 0xc0) != 0x80));
                let c1 = (x == 0xc2) & ((y & 0xe0) == 0x80);
                let fffd = (x == 0xef) & (y == 0xbf) & (z == 0xbd);
                k = k.wrapping_add(u8::from(ctl(x) | c1 | fffd));
            }
            total += usize::from(t);
            bad += usize::from(k);
            start = end;
        }
        // The last (up to) two bytes: too short for U+FFFD.
        for (k, &x) in b.iter().enumerate().skip(body) {
            total += usize::from((x & 0xc0) != 0x80);
            let y = b.get(k + 1).copied().unwrap_or(0);
            bad += usize::from(ctl(x) | ((x == 0xc2) & ((y & 0xe0) == 0x80)));
        }
        let _ = replaced;
        return total > 0 && bad * 10 > total;
    }
    let special = |i: usize| {
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        (b[i] == 0xc2 && (0x80..=0x9f).contains(&next(1)))
            || (b[i] == 0xef && next(1) == 0xbf && next(2) == 0xbd)
    };
    let mut total = 0usize;
    let mut bad = 0usize;
    let mut i = 0usize;
    while i < b.len() && total < 65_536 {
        let x = b[i];
        total += 1;
        if x < 0x80 {
            if ascii_bad(x) {
                bad += 1;
            }
            i += 1;
            continue;
        }
        if special(i) {
            bad += 1;
        }
        i += match x {
            0xf0.. => 4,
            0xe0.. => 3,
            _ => 2,
        };
    }
    let _ = replaced;
    total > 0 && bad * 10 > total
}

fn binary_message(bytes: &[u8]) -> String {
    format!(
        "二进制文件 (binary file, {} bytes): not a text report; convert it to text first (e.g. pdftotext -layout)",
        bytes.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise `looks_binary` counts what a per-char reading counts.
    #[test]
    fn looks_binary_matches_char_reading() {
        let reference = |text: &str| {
            let (mut total, mut bad) = (0usize, 0usize);
            for c in text.chars().take(65_536) {
                total += 1;
                if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{1b}' | '\u{c}'))
                    || c == '\u{fffd}'
                {
                    bad += 1;
                }
            }
            total > 0 && bad * 10 > total
        };
        let long_clean = "政府信息公开".repeat(20_000);
        let long_tail = format!("{long_clean}{}", "\u{1}".repeat(50_000));
        let samples = [
            "",
            "abc",
            "\u{1}\u{2}ab",
            "\u{85}\u{9f}\u{a0}xx",
            "\u{fffd}\u{fffd}a",
            "\u{1b}\u{c}\t\r\n",
            "\u{7f}\u{80}一二",
            "𝄞\u{1}\u{2}",
            long_clean.as_str(),
            long_tail.as_str(),
        ];
        for s in samples {
            assert_eq!(looks_binary(s, 0), reference(s), "{:?}", s.get(..20));
        }
        for cp in (0u32..0x300).chain([0xfffd, 0xfeff, 0x1_0000]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("{c}{c}a");
            assert_eq!(looks_binary(&s, 0), reference(&s), "U+{cp:04X}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("一、总体情况\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "一、总体情况\n");
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("一、总体情况".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.text, "一、总体情况");
        assert_eq!(d.encoding, "UTF-8 BOM");
    }

    #[test]
    fn gbk_is_detected() {
        let (b, _, _) = encoding_rs::GBK.encode("二、主动公开政府信息情况\r\n规章\t0\t0\t0\r\n");
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "二、主动公开政府信息情况\n规章\t0\t0\t0\n");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let s = "三、收到和处理政府信息公开申请情况\n";
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, s);
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, s);
        let ascii = "2021 annual report text\n";
        let mut bare = Vec::new();
        for u in ascii.encode_utf16() {
            bare.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bare).unwrap().text, ascii);
    }

    #[test]
    fn line_ends_are_unified() {
        assert_eq!(decode(b"a\r\nb\rc\n").unwrap().text, "a\nb\nc\n");
        assert_eq!(decode(b"x\r\r\ny\r\r").unwrap().text, "x\n\ny\n\n");
        assert_eq!(decode(b"\r\nz\r\n\r").unwrap().text, "\nz\n\n");
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(b"  \n\t ").unwrap_err().contains("empty"));
        let bin: Vec<u8> = (0..2048u32).map(|i| (i * 7 % 251) as u8).collect();
        assert!(decode(&bin).unwrap_err().contains("binary"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .unwrap_err()
            .contains("binary"));
    }

    /// One NUL byte in a report no longer makes it "binary": it is read as
    /// text, the NUL shown as U+FFFD, with a note naming its line. A file
    /// mostly of NULs is still binary.
    #[test]
    fn one_nul_byte_is_text_with_a_note() {
        let mut b = "一、总体情况\n本年共收到申请3件。\n"
            .repeat(50)
            .into_bytes();
        b.insert(b.len() / 2, 0);
        let d = decode(&b).expect("read as text");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains('\u{fffd}') && !d.text.contains('\0'));
        assert!(
            matches!(d.notes[..], [DecodeNote::Nul { count: 1, line: 51 }]),
            "{:?}",
            d.notes
        );
        let plain = "二、主动公开政府信息情况\n".repeat(40);
        let (gbk, _, _) = encoding_rs::GBK.encode(&plain);
        let mut g = gbk.into_owned();
        g.insert(10, 0);
        assert_eq!(decode(&g).expect("GBK with a NUL").encoding, "GB18030");
        let mut mostly = vec![0u8; 4000];
        mostly.extend_from_slice("一、总体情况".as_bytes());
        assert!(decode(&mostly).unwrap_err().contains("binary"));
    }

    /// Half UTF-8, half GBK: each half reads right, and a note names the
    /// line where the encoding changes.
    #[test]
    fn mixed_utf8_and_gbk_decode_by_segment() {
        let first = "一、总体情况\n本机关共收到申请3件。\n".repeat(10);
        let second = "二、主动公开政府信息情况\n规章\t0\t0\t0\n".repeat(10);
        let (gbk, _, _) = encoding_rs::GBK.encode(&second);
        let mut b = first.clone().into_bytes();
        b.extend_from_slice(&gbk);
        let d = decode(&b).expect("decoded");
        assert_eq!(d.text, format!("{first}{second}"));
        assert_eq!(d.encoding, "UTF-8+GB18030");
        assert_eq!(
            d.notes,
            vec![DecodeNote::Switch {
                line: 21,
                from: "UTF-8",
                to: "GB18030"
            }]
        );
        // A GBK file alone stays one GB18030 text with no note.
        let d = decode(&gbk).expect("gbk");
        assert_eq!((d.encoding, d.notes.len()), ("GB18030", 0));
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut b = "一、总体情况本年度共收到申请".repeat(20).into_bytes();
        b.insert(30, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
    }
}
