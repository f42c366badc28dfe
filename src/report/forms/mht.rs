//! MHT / MHTML: a web page saved as one file, a MIME `multipart/related`
//! message whose HTML part is the page (Word's "single file web page", IE's
//! and Chromium's "save as MHTML").
//!
//! The MIME structure (folded headers, boundaries, nested multiparts) is
//! read by `mail-parser`, a maintained parser used by a mail server, rather
//! than by hand: getting boundaries and header folding right is exactly the
//! part outside our domain. The HTML part's bytes are taken raw and undone
//! here (quoted-printable or base64 with the crate's decoders), then decoded
//! from the charset its `Content-Type` names with `encoding_rs`; without one,
//! the bytes go through the same detection as any text file (UTF-8, GBK,
//! UTF-16). The page is then read as any HTML page.

use super::Read;
use mail_parser::{Encoding, MessageParser, MimeHeaders};

/// Whether `bytes` are an MHT file: named `.mht`/`.mhtml`, or starting with
/// MIME headers that announce a `multipart/related` body.
pub(crate) fn is_mht(path: &str, bytes: &[u8]) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".mht") || lower.ends_with(".mhtml") {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let starts_with_header = head
        .lines()
        .next()
        .is_some_and(|l| l.contains(':') && !l.trim_start().starts_with('<'));
    starts_with_header && head.contains("mime-version:") && head.contains("multipart/related")
}

/// Read an MHT file: the HTML page inside it (see the module docs).
pub(crate) fn read(bytes: &[u8]) -> Read {
    let Some(msg) = MessageParser::default().parse(bytes) else {
        return unreadable_or_html(bytes, "不是有效的 MIME 文件 (not a MIME message)");
    };
    let raw = msg.raw_message();
    let part = msg
        .parts
        .iter()
        .find(|p| p.is_content_type("text", "html"))
        .or_else(|| msg.html_part(0));
    let Some(part) = part else {
        return unreadable_or_html(
            bytes,
            "MHT 文件中没有网页 (MHT file without a text/html part)",
        );
    };
    let (a, b) = (part.offset_body as usize, part.offset_end as usize);
    let body = raw.get(a..b.min(raw.len())).unwrap_or_default();
    let body = match part.encoding {
        Encoding::Base64 => mail_parser::decoders::base64::base64_decode(body),
        Encoding::QuotedPrintable => {
            mail_parser::decoders::quoted_printable::quoted_printable_decode(body)
        }
        Encoding::None => Some(body.to_vec()),
    };
    let Some(body) = body else {
        return Read::Unreadable(
            "MHT 网页部分编码损坏 (the HTML part's transfer encoding is corrupt)".into(),
        );
    };
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    match charset {
        Some(enc) => {
            let (text, _, _) = enc.decode(&body);
            Read::Html {
                html: text.into_owned(),
                encoding: enc.name(),
            }
        }
        None => match crate::report::decode::decode(&body) {
            Ok(d) => Read::Html {
                html: d.text,
                encoding: d.encoding,
            },
            Err(why) => Read::Unreadable(format!("MHT 网页部分无法读取 (HTML part: {why})")),
        },
    }
}

/// A file named `.mht` that is no MIME message may still be a plain HTML
/// page under the wrong name; anything else is unreadable.
fn unreadable_or_html(bytes: &[u8], why: &str) -> Read {
    match crate::report::decode::decode(bytes) {
        Ok(d) if super::html::looks_like_html(&d.text) => Read::Html {
            html: d.text,
            encoding: d.encoding,
        },
        _ => Read::Unreadable(why.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_of(r: Read) -> (String, &'static str) {
        match r {
            Read::Html { html, encoding } => (html, encoding),
            Read::Unreadable(why) => panic!("unreadable: {why}"),
            Read::Rendered(_) => panic!("rendered"),
        }
    }

    fn mime(part_headers: &str, body: &[u8]) -> Vec<u8> {
        let mut v = b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\n".to_vec();
        v.extend_from_slice(part_headers.as_bytes());
        v.extend_from_slice(b"\r\n\r\n");
        v.extend_from_slice(body);
        v.extend_from_slice(b"\r\n------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------B--\r\n");
        v
    }

    #[test]
    fn quoted_printable_gbk_part() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<html><p>一、总体情况</p></html>");
        let mut qp = String::new();
        for (i, b) in gbk.iter().enumerate() {
            if i > 0 && i % 20 == 0 {
                qp.push_str("=\r\n");
            }
            if b.is_ascii_alphanumeric() {
                qp.push(*b as char);
            } else {
                qp.push_str(&format!("={b:02X}"));
            }
        }
        let bytes = mime(
            "Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable",
            qp.as_bytes(),
        );
        assert!(is_mht("x.bin", &bytes));
        let (html, enc) = html_of(read(&bytes));
        assert_eq!(html, "<html><p>一、总体情况</p></html>");
        assert_eq!(enc, "GBK");
    }

    #[test]
    fn base64_part_without_charset_is_detected() {
        use std::fmt::Write;
        let (gbk, _, _) = encoding_rs::GBK.encode("<html><body><p>二、主动公开政府信息情况</p>");
        let b64 = base64_encode(&gbk);
        let mut wrapped = String::new();
        for (i, c) in b64.chars().enumerate() {
            if i > 0 && i % 76 == 0 {
                let _ = write!(wrapped, "\r\n");
            }
            wrapped.push(c);
        }
        let bytes = mime(
            "Content-Type: text/html\r\nContent-Transfer-Encoding: base64",
            wrapped.as_bytes(),
        );
        let (html, _) = html_of(read(&bytes));
        assert_eq!(html, "<html><body><p>二、主动公开政府信息情况</p>");
    }

    #[test]
    fn not_mime_named_mht() {
        assert!(matches!(read(b"\x00\x01\x02garbage"), Read::Unreadable(_)));
        let (html, _) = html_of(read("<html><p>一、总体情况</p>".as_bytes()));
        assert!(html.contains("总体情况"));
        assert!(!is_mht("a.html", b"<html>MIME-Version: multipart/related"));
    }

    fn base64_encode(b: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for ch in b.chunks(3) {
            let n = (u32::from(ch[0]) << 16)
                | (u32::from(*ch.get(1).unwrap_or(&0)) << 8)
                | u32::from(*ch.get(2).unwrap_or(&0));
            for k in 0..4 {
                if k <= ch.len() {
                    s.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    }
}
