//! HTML → rows of cells, keeping the source line of every cell.
//!
//! Reports saved from government web sites are Word-exported HTML: tables of
//! `<tr>/<td>` with colspan/rowspan, every cell wrapped in `<p><span>`, text
//! broken across source lines, plus site chrome and scripts around it. A full
//! DOM parser would give us the tree but not the source line of a cell, and
//! the source line is what a reviewer needs to see next to a wrong number; the
//! structure we need (rows, cells, text blocks) is simple enough to read with
//! a small single-pass tokenizer. It keeps no element stack, so deeply nested
//! or unbalanced markup cannot make it recurse or fail: every `<tr>` starts a
//! row and every `<td>`/`<th>` a cell.

use super::{Row, Tok};
use std::borrow::Cow;

#[derive(Default)]
struct Builder {
    rows: Vec<Row<'static>>,
    /// Narrative text outside cells.
    text: String,
    text_line: usize,
    /// The row being built, if inside `<tr>`.
    row: Option<Vec<Tok<'static>>>,
    row_line: usize,
    /// The cell being built, if inside `<td>`/`<th>`: (line, colspan); its
    /// text is in `cell_buf`.
    cell: Option<(usize, usize)>,
    /// The text of the cell being built. One buffer reused for every cell,
    /// instead of a string grown from empty per cell.
    cell_buf: String,
    /// Pending whitespace: (seen, contained a newline).
    space: Option<bool>,
}

impl Builder {
    fn push_char(&mut self, c: char, line: usize) {
        if c.is_whitespace() && c != '\u{a0}' {
            let nl = c == '\n';
            self.space = Some(self.space.unwrap_or(false) || nl);
            return;
        }
        let buf_empty = match &self.cell {
            Some(_) => self.cell_buf.is_empty(),
            None => self.text.is_empty(),
        };
        if let Some(had_newline) = self.space.take() {
            let prev = match &self.cell {
                Some(_) => self.cell_buf.chars().last(),
                None => self.text.chars().last(),
            };
            // Word wraps source lines anywhere; a wrap between two CJK
            // characters is not a space in the text.
            let drop = had_newline && prev.is_some_and(is_cjk) && is_cjk(c);
            if !buf_empty && !drop {
                self.append(' ', line);
            }
        }
        self.append(c, line);
    }

    fn append(&mut self, c: char, line: usize) {
        match &mut self.cell {
            Some((l, _)) => {
                if self.cell_buf.is_empty() {
                    *l = line;
                }
                self.cell_buf.push(c);
            }
            None => {
                if self.text.is_empty() {
                    self.text_line = line;
                }
                self.text.push(c);
            }
        }
    }

    /// A block boundary (`<p>`, `<br>`, `<div>`…).
    fn block(&mut self) {
        self.space = None;
        if self.cell.is_some() {
            let s = &mut self.cell_buf;
            if !s.is_empty() && !s.ends_with(' ') {
                s.push(' ');
            }
            return;
        }
        self.flush_text();
    }

    fn flush_text(&mut self) {
        let t = self.text.trim();
        if !t.is_empty() {
            let t = t.to_string();
            self.rows.push(Row {
                line: self.text_line,
                text: Cow::Owned(t.clone()),
                cells: vec![Tok {
                    text: Cow::Owned(t),
                    line: self.text_line,
                    ..Tok::default()
                }],
                brk: false,
                tabular: false,
            });
        }
        self.text.clear();
    }

    fn start_row(&mut self, line: usize) {
        self.end_row();
        self.flush_text();
        self.row = Some(Vec::new());
        self.row_line = line;
    }

    fn start_cell(&mut self, line: usize, colspan: usize) {
        self.end_cell();
        if self.row.is_none() {
            self.start_row(line);
        }
        self.flush_text();
        self.space = None;
        self.cell_buf.clear();
        self.cell = Some((line, colspan));
    }

    fn end_cell(&mut self) {
        self.space = None;
        if let Some((line, colspan)) = self.cell.take() {
            let text = self.cell_buf.trim().to_string();
            self.cell_buf.clear();
            if let Some(row) = &mut self.row {
                // An empty cell spanning columns stands for that many empty
                // value cells; a spanning label is still one label.
                let n = if text.is_empty() {
                    colspan.clamp(1, 64)
                } else {
                    1
                };
                for _ in 1..n {
                    row.push(Tok {
                        text: Cow::Owned(text.clone()),
                        line,
                        ..Tok::default()
                    });
                }
                row.push(Tok {
                    text: Cow::Owned(text),
                    line,
                    ..Tok::default()
                });
            }
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(cells) = self.row.take() {
            if cells.is_empty() {
                return;
            }
            let line = cells.first().map(|c| c.line).unwrap_or(self.row_line);
            self.rows.push(Row::table(line, cells, true));
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// True when the text looks like an HTML document.
pub fn looks_like_html(text: &str) -> bool {
    // In the first 2048 characters, case-insensitively (ASCII). Compared as
    // bytes without copying: the needles are ASCII, so they can only match
    // ASCII bytes, exactly as in a lowercased copy of the head.
    // Candidates are found with `find('<')` (memchr); the first one that
    // matches decides, by whether it lies within the head: the needle is
    // ASCII, so it ends inside the first 2048 characters when the characters
    // before it (bytes that are not UTF-8 continuation bytes) number at most
    // 2048 minus its length. Later matches lie further out.
    const NEEDLES: [&[u8]; 4] = [b"<html", b"<!doctype html", b"<table", b"<body"];
    let b = text.as_bytes();
    let mut from = 0usize;
    while let Some(p) = text.get(from..).and_then(|t| t.find('<')) {
        let i = from + p;
        if let Some(n) = NEEDLES.iter().find(|n| {
            b.get(i..i + n.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(n))
        }) {
            let before = b[..i].iter().filter(|&&x| x & 0xc0 != 0x80).count();
            return before + n.len() <= 2048;
        }
        from = i + 1;
    }
    false
}

/// Read an HTML document into rows (see the module docs), numbered as the
/// lines of its rendered text (the tests read HTML this way).
#[cfg(test)]
pub(crate) fn rows_from_html(src: &str) -> Vec<Row<'static>> {
    render_html(src).1
}

/// The rendered text of an HTML document (one line per block of text or
/// table row) and its rows, whose `line`s point into that text: a reviewer
/// reads the page, not its markup (`L1793: font-size:12.0000pt;mso-…`).
pub fn render_html(src: &str) -> (String, Vec<Row<'static>>) {
    let mut rows = rows_by_source_line(src);
    let text = super::render_rows(&mut rows);
    (text, rows)
}

/// [`rows_from_html`] with each cell on its line of the HTML source.
fn rows_by_source_line(src: &str) -> Vec<Row<'static>> {
    let mut b = Builder::default();
    let bytes = src.as_bytes();
    let mut i = 0usize;
    let mut line = 1usize;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'<' {
            if let Some((end, tag)) = read_tag(src, i) {
                line += count_newlines(&bytes[i..end]);
                i = end;
                match tag {
                    Tag::Skip(name) => {
                        // Skip the raw content of <script>/<style>.
                        let close = format!("</{name}");
                        let rest = &src[i..];
                        let pos = find_ci(rest, &close).unwrap_or(rest.len());
                        line += count_newlines(&bytes[i..i + pos]);
                        i += pos;
                    }
                    Tag::Open(name, colspan) => match &*name {
                        "tr" => b.start_row(line),
                        "td" | "th" => b.start_cell(line, colspan),
                        "table" => {
                            b.end_row();
                            b.flush_text();
                        }
                        n if is_block(n) => b.block(),
                        _ => {}
                    },
                    Tag::Close(name) => match &*name {
                        "tr" => b.end_row(),
                        "td" | "th" => b.end_cell(),
                        "table" => {
                            b.end_row();
                            b.flush_text();
                        }
                        n if is_block(n) => b.block(),
                        _ => {}
                    },
                    Tag::Other => {}
                }
                continue;
            }
        }
        // Text: decode one char (or one entity).
        let rest = &src[i..];
        let Some(ch) = rest.chars().next() else {
            break;
        };
        if ch == '&' {
            if let Some((decoded, len)) = entity(rest) {
                b.push_char(decoded, line);
                i += len;
                continue;
            }
        }
        if ch == '\n' {
            line += 1;
        }
        b.push_char(ch, line.saturating_sub(usize::from(ch == '\n')));
        i += ch.len_utf8();
    }
    b.end_row();
    b.flush_text();
    b.rows
}

/// A tag; its name lowercased (borrowed from the source when it already is).
enum Tag<'a> {
    Open(Cow<'a, str>, usize),
    Close(Cow<'a, str>),
    Skip(Cow<'a, str>),
    Other,
}

fn is_block(n: &str) -> bool {
    matches!(
        n,
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "title"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "hr"
            | "dt"
            | "dd"
            | "caption"
            | "body"
            | "head"
            | "nav"
            | "form"
    )
}

/// Read the tag starting at `start` (a `<`); returns the index after it.
fn read_tag(src: &str, start: usize) -> Option<(usize, Tag<'_>)> {
    let bytes = src.as_bytes();
    let rest = &src[start..];
    if rest.starts_with("<!--") {
        let end = rest.find("-->").map(|p| p + 3).unwrap_or(rest.len());
        return Some((start + end, Tag::Other));
    }
    let next = *bytes.get(start + 1)?;
    if next == b'!' || next == b'?' {
        let end = rest.find('>').map(|p| p + 1).unwrap_or(rest.len());
        return Some((start + end, Tag::Other));
    }
    let closing = next == b'/';
    let name_start = start + 1 + usize::from(closing);
    let mut j = name_start;
    while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b':') {
        j += 1;
    }
    if j == name_start {
        return None; // a lone `<` in text
    }
    let raw = &src[name_start..j];
    let name: Cow<str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    // Find the end of the tag, honouring quoted attribute values.
    let mut k = j;
    let mut quote: Option<u8> = None;
    while k < bytes.len() {
        let b = bytes[k];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => break,
            None => {}
        }
        k += 1;
    }
    let attrs = &src[j..k.min(bytes.len())];
    let end = (k + 1).min(bytes.len());
    let tag = if closing {
        Tag::Close(name)
    } else if matches!(&*name, "script" | "style" | "noscript" | "template") {
        Tag::Skip(name)
    } else {
        Tag::Open(name, colspan(attrs))
    };
    Some((end, tag))
}

fn colspan(attrs: &str) -> usize {
    // Searched case-insensitively in place (no lowercased copy per tag):
    // ASCII case folding keeps byte offsets, and digits have no case.
    let Some(p) = find_ci(attrs, "colspan") else {
        return 1;
    };
    let digits: String = attrs[p + 7..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().unwrap_or(1)
}

fn count_newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decode an entity at the start of `s`; returns the char and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(12).find(|(_, c)| *c == ';')?.0;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        char::from_u32(v)?
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => '\u{a0}',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "middot" => '·',
            "times" => '×',
            "yen" => '¥',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the first 2048 characters are looked at, case-insensitively.
    #[test]
    fn html_is_recognised_in_the_head_only() {
        assert!(looks_like_html("<HTML><body>"));
        assert!(looks_like_html("x < y <Table border=1>"));
        assert!(!looks_like_html("a < b, no markup"));
        let pad = "政".repeat(2043);
        assert!(looks_like_html(&format!("{pad}<html")));
        assert!(!looks_like_html(&format!("{pad}x<html")));
        assert!(!looks_like_html(&format!("{pad}<!doctype html")));
        assert!(looks_like_html(&format!("{pad}<html<!doctype html")));
    }

    fn cells<'r>(r: &'r Row) -> Vec<&'r str> {
        r.cells.iter().map(|c| &*c.text).collect()
    }

    #[test]
    fn table_rows_and_lines() {
        let html = "<html><body><p>一、总体情况</p>\n<table>\n<tr><td colspan=2><p>商业</p><p>企业</p></td>\n<td>0</td><td>&nbsp;</td></tr>\n<tr><td>规章</td><td colspan=\"3\"></td></tr></table>\n<script>var a='<td>';</script><p>五、存在的主要问题及改进情况</p></body></html>";
        let (text, rows) = render_html(html);
        assert_eq!(rows[0].text, "一、总体情况");
        assert_eq!(cells(&rows[1]), vec!["商业 企业", "0", ""]);
        assert_eq!(cells(&rows[2]), vec!["规章", "", "", ""]);
        // Lines are those of the rendered page, one per block or row.
        assert_eq!(rows[1].cells[1].line, 2);
        assert_eq!(rows[2].line, 3);
        assert_eq!(
            text,
            "一、总体情况\n商业 企业 | 0 |\n规章 |  |  |\n五、存在的主要问题及改进情况"
        );
        assert_eq!(rows[3].text, "五、存在的主要问题及改进情况");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn word_wraps_between_cjk_are_not_spaces() {
        let rows = rows_from_html("<p>政府信息\n公开 annual\nreport</p>");
        assert_eq!(rows[0].text, "政府信息公开 annual report");
    }

    #[test]
    fn hostile_markup_does_not_panic() {
        let deep = "<div>".repeat(100_000) + "x" + &"</div>".repeat(10);
        assert_eq!(rows_from_html(&deep)[0].text, "x");
        for s in [
            "<",
            "<td",
            "<!--",
            "&#xFFFFFFFF;",
            "<tr><td>1",
            "</tr></td>",
            "&#0;",
        ] {
            let _ = rows_from_html(s);
        }
    }
}
