//! DOCX (Word 2007+): `word/document.xml` inside a zip archive, read with
//! `zip` and `quick-xml` into paragraphs and tables in document order.
//!
//! Word tables are read as tables, the way the HTML reader reads `<tr>` and
//! `<td>`: a cell spanning columns (`w:gridSpan`) is one cell when it holds
//! text and that many blank cells when empty; a cell continuing a vertical
//! merge (`w:vMerge` without `restart`) is left out, as a `rowspan` cell is
//! absent from the rows below it; the paragraphs of a cell are its text,
//! joined by spaces. A table nested in a cell makes that cell a container
//! (pages laid out in one big table): its paragraphs and rows are read as if
//! they stood outside. Blank cells stay blank in their columns.
//!
//! The rendered text has one line per paragraph (empty ones included) and
//! one per table row, so a finding's line is the paragraph or row number in
//! the document.

use super::{Read, Render};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Read as _;

/// `word/document.xml` larger than this (uncompressed) is not read: a real
/// report is well under 2 MB, and a zip bomb must not fill memory.
const MAX_XML: u64 = 64 * 1024 * 1024;
/// Tables nested deeper than this are read as the text of their cell.
const MAX_DEPTH: usize = 16;

/// A zip archive (DOCX, but also XLSX or a plain zip: the reader says which).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Read a DOCX file (see the module docs).
pub(crate) fn read(bytes: &[u8]) -> Read {
    match document_xml(bytes) {
        Ok(xml) => Read::Rendered(render(&parse(&xml)).finish("UTF-8")),
        Err(why) => Read::Unreadable(why),
    }
}

fn document_xml(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("DOCX 文件已损坏 (corrupt DOCX: not a readable zip archive: {e})"))?;
    let mut file =
        match zip.by_name("word/document.xml") {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Err(
                "压缩包中没有 Word 正文 (zip archive without word/document.xml): not a DOCX report"
                    .into(),
            ),
            Err(e) => {
                return Err(format!(
                    "DOCX 文件已损坏 (corrupt DOCX: word/document.xml unreadable: {e})"
                ))
            }
        };
    let mut raw = Vec::new();
    file.by_ref()
        .take(MAX_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("DOCX 文件已损坏 (corrupt DOCX: word/document.xml: {e})"))?;
    if raw.len() as u64 > MAX_XML {
        return Err(format!(
            "DOCX 正文过大 (word/document.xml over {} MB uncompressed)",
            MAX_XML / 1024 / 1024
        ));
    }
    Ok(String::from_utf8_lossy(&raw).into_owned())
}

/// A paragraph or a table, in document order.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Para(String),
    Table(Vec<Vec<TCell>>),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct TCell {
    /// Grid columns spanned (`w:gridSpan`).
    span: usize,
    /// Continues a vertical merge from the row above (`w:vMerge`).
    merged: bool,
    blocks: Vec<Block>,
}

/// What is open while reading, innermost last. Nothing recurses: a document
/// nested ten thousand tables deep is a long stack, not a deep call chain.
enum Frame {
    Body(Vec<Block>),
    Table(Vec<Vec<TCell>>),
    Row(Vec<TCell>),
    Cell(TCell),
}

struct Builder {
    stack: Vec<Frame>,
    /// The paragraph being read and how many `w:p` deep (text boxes put
    /// paragraphs inside paragraphs; they are read as part of the outer one).
    para: Option<(String, usize)>,
    /// Inside `w:t` (text) of a run.
    in_t: bool,
    /// Inside `w:r` (a run): `w:tab` there is a tab, elsewhere a tab stop.
    in_run: usize,
    /// Inside `mc:Fallback`: the same content again, for older readers.
    fallback: usize,
    /// Tables opened beyond [`MAX_DEPTH`], read as text.
    too_deep: usize,
}

impl Builder {
    fn tables(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| matches!(f, Frame::Table(_)))
            .count()
    }

    /// Add a finished block to the innermost body or cell.
    fn add(&mut self, b: Block) {
        for f in self.stack.iter_mut().rev() {
            match f {
                Frame::Body(v) => return v.push(b),
                Frame::Cell(c) => return c.blocks.push(b),
                _ => {}
            }
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.fallback > 0 {
            return;
        }
        if let Some((p, _)) = &mut self.para {
            p.push_str(s);
        }
    }

    fn open(&mut self, name: &[u8], e: &quick_xml::events::BytesStart, empty: bool) {
        match name {
            b"Fallback" => self.fallback += usize::from(!empty),
            _ if self.fallback > 0 => {}
            b"tbl" if !empty => {
                if self.tables() >= MAX_DEPTH {
                    self.too_deep += 1;
                } else {
                    self.end_para_if_open();
                    self.stack.push(Frame::Table(Vec::new()));
                }
            }
            b"tr" if !empty && matches!(self.stack.last(), Some(Frame::Table(_))) => {
                self.stack.push(Frame::Row(Vec::new()))
            }
            b"tc" if !empty && matches!(self.stack.last(), Some(Frame::Row(_))) => {
                self.stack.push(Frame::Cell(TCell {
                    span: 1,
                    ..TCell::default()
                }))
            }
            b"gridSpan" => {
                if let Some(Frame::Cell(c)) = self.stack.last_mut() {
                    c.span = val(e)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            b"vMerge" => {
                if let Some(Frame::Cell(c)) = self.stack.last_mut() {
                    c.merged = val(e).is_none_or(|v| v != "restart");
                }
            }
            b"p" if !empty => match &mut self.para {
                Some((p, depth)) => {
                    *depth += 1;
                    p.push(' ');
                }
                None => self.para = Some((String::new(), 1)),
            },
            b"p" => self.add(Block::Para(String::new())),
            b"r" if !empty => self.in_run += 1,
            b"t" if !empty => self.in_t = true,
            b"tab" | b"br" | b"cr" if self.in_run > 0 => self.push_text(" "),
            b"noBreakHyphen" if self.in_run > 0 => self.push_text("-"),
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"Fallback" => self.fallback = self.fallback.saturating_sub(1),
            _ if self.fallback > 0 => {}
            b"tbl" => {
                if self.too_deep > 0 {
                    self.too_deep -= 1;
                    return;
                }
                self.end_para_if_open();
                // Close whatever the markup left open inside the table.
                while matches!(self.stack.last(), Some(Frame::Row(_) | Frame::Cell(_))) {
                    self.close_inner();
                }
                if let Some(Frame::Table(rows)) = self.stack.last() {
                    let rows = rows.clone();
                    self.stack.pop();
                    self.add(Block::Table(rows));
                }
            }
            b"tr" => {
                // Cells open only on rows, rows only on tables.
                if matches!(self.stack.last(), Some(Frame::Cell(_))) {
                    self.end_para_if_open();
                    self.close_inner();
                }
                if matches!(self.stack.last(), Some(Frame::Row(_))) {
                    self.close_inner();
                }
            }
            b"tc" if matches!(self.stack.last(), Some(Frame::Cell(_))) => {
                self.end_para_if_open();
                self.close_inner();
            }
            b"p" => {
                if let Some((p, depth)) = &mut self.para {
                    *depth -= 1;
                    if *depth == 0 {
                        let p = std::mem::take(p);
                        self.para = None;
                        self.add(Block::Para(p));
                    }
                }
            }
            b"r" => self.in_run = self.in_run.saturating_sub(1),
            b"t" => self.in_t = false,
            _ => {}
        }
    }

    fn end_para_if_open(&mut self) {
        if let Some((p, _)) = self.para.take() {
            self.add(Block::Para(p));
        }
        self.in_t = false;
    }

    /// Close the innermost row or cell into its parent.
    fn close_inner(&mut self) {
        match self.stack.pop() {
            Some(Frame::Cell(c)) => {
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(c);
                }
            }
            Some(Frame::Row(cells)) => {
                if let Some(Frame::Table(rows)) = self.stack.last_mut() {
                    rows.push(cells);
                }
            }
            Some(other) => self.stack.push(other),
            None => {}
        }
    }
}

/// The `w:val` attribute.
fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.to_string())
}

/// Read `document.xml` into blocks. Malformed XML ends the reading where it
/// breaks: what was read so far is kept.
fn parse(xml: &str) -> Vec<Block> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut b = Builder {
        stack: vec![Frame::Body(Vec::new())],
        para: None,
        in_t: false,
        in_run: 0,
        fallback: 0,
        too_deep: 0,
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => b.open(e.local_name().as_ref().as_bytes(), &e, false),
            Ok(Event::Empty(e)) => b.open(e.local_name().as_ref().as_bytes(), &e, true),
            Ok(Event::End(e)) => b.close(e.local_name().as_ref().as_bytes()),
            Ok(Event::Text(t)) if b.in_t => b.push_text(&t.xml10_content()),
            Ok(Event::CData(t)) if b.in_t => b.push_text(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if b.in_t => {
                let name = r.xml10_content();
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string),
                };
                if let Some(c) = c {
                    b.push_text(&c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    b.end_para_if_open();
    b.fallback = 0;
    b.too_deep = 0;
    while b.stack.len() > 1 {
        if matches!(b.stack.last(), Some(Frame::Table(_))) {
            b.close(b"tbl");
        } else {
            b.close_inner();
        }
    }
    match b.stack.into_iter().next() {
        Some(Frame::Body(blocks)) => blocks,
        _ => Vec::new(),
    }
}

/// Render blocks into lines and rows (see the module docs).
fn render(blocks: &[Block]) -> Render {
    let mut out = Render::default();
    render_into(blocks, &mut out, 0);
    out
}

fn render_into(blocks: &[Block], out: &mut Render, depth: usize) {
    for b in blocks {
        match b {
            Block::Para(p) => out.para(p),
            Block::Table(rows) => {
                for row in rows {
                    let container = depth < MAX_DEPTH
                        && row
                            .iter()
                            .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))));
                    if container {
                        for c in row.iter().filter(|c| !c.merged) {
                            render_into(&c.blocks, out, depth + 1);
                        }
                        continue;
                    }
                    let mut cells = Vec::new();
                    for c in row.iter().filter(|c| !c.merged) {
                        let text = cell_text(&c.blocks);
                        let n = if text.is_empty() { c.span } else { 1 };
                        for _ in 1..n {
                            cells.push(String::new());
                        }
                        cells.push(text);
                    }
                    if !cells.is_empty() {
                        out.row(cells);
                    }
                }
            }
        }
    }
}

/// A cell's paragraphs (and any table left in it) as one text.
fn cell_text(blocks: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::new();
    collect_text(blocks, &mut parts, 0);
    parts.join(" ")
}

fn collect_text(blocks: &[Block], parts: &mut Vec<String>, depth: usize) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                let t = p.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    parts.push(t);
                }
            }
            Block::Table(rows) if depth < MAX_DEPTH => {
                for c in rows.iter().flatten() {
                    collect_text(&c.blocks, parts, depth + 1);
                }
            }
            Block::Table(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>"
        )
    }
    fn p(t: &str) -> String {
        format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
    }
    fn tc(inner: &str, pr: &str) -> String {
        format!("<w:tc><w:tcPr>{pr}</w:tcPr>{inner}</w:tc>")
    }

    fn lines(r: &Render) -> Vec<&str> {
        r.text.split('\n').collect()
    }

    #[test]
    fn spans_merges_and_blank_cells() {
        let xml = doc(&format!(
            "{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>{}",
            p("一、总体情况"),
            tc(&p("三、本年度办理结果"), "<w:vMerge w:val=\"restart\"/>"),
            tc(&(p("（一）") + &p("予以公开")), ""),
            tc("<w:p/>", "<w:gridSpan w:val=\"2\"/>"),
            tc("<w:p/>", "<w:vMerge/>"),
            tc(&p("（二）部分公开"), ""),
            tc(&p("7"), "") + &tc(&p("0"), ""),
            p("二、主动公开"),
        ));
        let r = render(&parse(&xml));
        assert_eq!(
            lines(&r),
            [
                "一、总体情况",
                "三、本年度办理结果 | （一） 予以公开 |  |",
                "（二）部分公开 | 7 | 0",
                "二、主动公开"
            ]
        );
        let cells: Vec<Vec<&str>> = r
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| &*c.text).collect())
            .collect();
        assert_eq!(cells[1], ["三、本年度办理结果", "（一） 予以公开", "", ""]);
        assert_eq!(cells[2], ["（二）部分公开", "7", "0"]);
        assert_eq!(r.rows[2].cells[1].line, 3);
    }

    #[test]
    fn nested_table_makes_its_cell_a_container() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc(&p("规章"), ""),
            tc(&p("5"), "")
        );
        let xml = doc(&format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            tc(&(p("一、总体情况") + &inner + &p("五、存在的主要问题")), "")
        ));
        let r = render(&parse(&xml));
        assert_eq!(
            lines(&r),
            ["一、总体情况", "规章 | 5", "五、存在的主要问题"]
        );
    }

    #[test]
    fn tab_stops_fallbacks_and_entities() {
        let xml = doc(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\"/></w:tabs></w:pPr><w:r><w:t>a&amp;b</w:t><w:tab/><w:t>&#x4e00;</w:t></w:r>\
             <mc:AlternateContent><mc:Choice><w:r><w:t>X</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>X</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
        );
        assert_eq!(lines(&render(&parse(&xml))), ["a&b 一X"]);
    }

    #[test]
    fn broken_xml_keeps_what_was_read() {
        for xml in [
            doc(&p("一、总体情况")).replace("</w:body>", ""),
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1".into(),
            "</w:tc></w:tr></w:tbl></w:p>".into(),
            "<w:tbl>".repeat(10_000),
        ] {
            let _ = render(&parse(&xml));
        }
        let r = render(&parse(&doc(&p("一、总体情况")).replace("</w:body>", "")));
        assert_eq!(lines(&r), ["一、总体情况"]);
    }

    /// A truncated zip is a corrupt DOCX, named as such.
    #[test]
    fn corrupt_docx_is_unreadable_with_reason() {
        match read(b"PK\x03\x04garbage") {
            Read::Unreadable(why) => assert!(why.contains("corrupt DOCX"), "{why}"),
            _ => panic!("read a corrupt zip"),
        }
    }
}
