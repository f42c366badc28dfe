//! DOC (Word 97–2003), read natively: the `cfb` crate opens the compound
//! file; the text comes from the piece table ([MS-DOC] §2.4.1): the CLX in
//! the table stream lists pieces of the `WordDocument` stream, each either
//! compressed (one cp1252 byte per character) or UTF-16LE.
//!
//! Tables: the last paragraph of a cell ends in the cell mark `\x07`, and a
//! row ends with a paragraph of its own that also ends in `\x07` (the
//! table-terminating paragraph). Which `\x07` ends a row, and which an empty
//! cell, only the paragraph properties say (`sprmPFTtp` in the paragraph's
//! PAPX, found through the `PlcBtePapx` bin table and its FKP pages), so
//! they are read; so is the row's `sprmTDefTable`, whose cell flags mark
//! the cells that continue a merge (drawn empty in Word, absent from the row
//! in the HTML it was saved from). Blank cells stay blank in their columns.
//!
//! A file that cannot be read gives the reason (META-1): encrypted or
//! obfuscated (password), fast-saved (the text is not in document order),
//! Word 6/95 or older, not a Word file at all, or a damaged structure.

use super::{Read, Render};
use std::io::Read as _;

/// Streams larger than this are not read (a report is well under 5 MB).
const MAX_STREAM: u64 = 64 * 1024 * 1024;
/// Pieces, FKP pages and characters are bounded by the stream sizes; this
/// bounds the main text (characters).
const MAX_CHARS: usize = 16 * 1024 * 1024;

/// A compound file (DOC, but also XLS or PPT: the reader says which).
pub(crate) fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Read a DOC file (see the module docs).
pub(crate) fn read(bytes: &[u8]) -> Read {
    match read_doc(bytes) {
        Ok(r) => Read::Rendered(r.finish("UTF-16LE")),
        Err(why) => Read::Unreadable(why),
    }
}

fn damaged(what: &str) -> String {
    format!("DOC 文件已损坏 (damaged Word 97-2003 file: {what})")
}

fn stream(
    cfb: &mut cfb::CompoundFile<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let mut s = cfb
        .open_stream(name)
        .map_err(|e| damaged(&format!("stream {name}: {e}")))?;
    let mut v = Vec::new();
    s.by_ref()
        .take(MAX_STREAM + 1)
        .read_to_end(&mut v)
        .map_err(|e| damaged(&format!("stream {name}: {e}")))?;
    if v.len() as u64 > MAX_STREAM {
        return Err(damaged(&format!("stream {name} too large")));
    }
    Ok(v)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The fields of the FIB this reader needs.
struct Fib {
    table_stream: &'static str,
    ccp_text: usize,
    /// (fc, lcb) of the CLX and of the PlcBtePapx in the table stream.
    clx: (usize, usize),
    bte_papx: (usize, usize),
}

fn fib(wd: &[u8]) -> Result<Fib, String> {
    let ident = u16_at(wd, 0).ok_or_else(|| damaged("no FIB"))?;
    if ident != 0xA5EC {
        return Err(
            "不是 Word 文档 (compound file whose WordDocument stream is not Word's)".into(),
        );
    }
    let nfib = u16_at(wd, 2).unwrap_or(0);
    let flags = u16_at(wd, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
        return Err(
            "DOC 文件已加密 (encrypted or password-protected Word file): open it in Word with the password and save it unprotected, or as DOCX"
                .into(),
        );
    }
    if nfib < 0x00C1 {
        return Err(format!(
            "Word 6/95 或更早格式 (Word file older than Word 97, nFib {nfib:#x}): save it as DOCX"
        ));
    }
    if flags & 0x0004 != 0 {
        return Err(
            "快速保存的 DOC 文件 (fast-saved Word file: its text is stored out of order): save it again in Word with fast save off, or as DOCX"
                .into(),
        );
    }
    let table_stream = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    // FibBase (32 bytes), csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb + pairs.
    let csw = u16_at(wd, 32).ok_or_else(|| damaged("FIB"))? as usize;
    let lw = 34 + csw * 2;
    let cslw = u16_at(wd, lw).ok_or_else(|| damaged("FIB"))? as usize;
    let ccp_text = u32_at(wd, lw + 2 + 3 * 4).ok_or_else(|| damaged("FIB"))? as usize;
    let fc = lw + 2 + cslw * 4;
    let n_pairs = u16_at(wd, fc).ok_or_else(|| damaged("FIB"))? as usize;
    let pair = |i: usize| -> Result<(usize, usize), String> {
        if i >= n_pairs {
            return Err(damaged("FIB without piece table"));
        }
        let at = fc + 2 + i * 8;
        match (u32_at(wd, at), u32_at(wd, at + 4)) {
            (Some(f), Some(l)) => Ok((f as usize, l as usize)),
            _ => Err(damaged("FIB")),
        }
    };
    Ok(Fib {
        table_stream,
        ccp_text: ccp_text.min(MAX_CHARS),
        clx: pair(33)?,
        bte_papx: pair(13)?,
    })
}

/// One piece: characters [cp, cp_end) stored from byte `fc`, one byte each
/// (compressed) or two.
struct Piece {
    cp: usize,
    cp_end: usize,
    fc: usize,
    compressed: bool,
}

fn pieces(table: &[u8], (fc, lcb): (usize, usize)) -> Result<Vec<Piece>, String> {
    let clx = table
        .get(fc..fc.saturating_add(lcb))
        .ok_or_else(|| damaged("piece table outside the table stream"))?;
    let mut i = 0;
    // Skip the Prc entries (property modifications) before the Pcdt.
    while clx.get(i) == Some(&1) {
        let cb = u16_at(clx, i + 1).ok_or_else(|| damaged("CLX"))? as usize;
        i += 3 + cb;
    }
    if clx.get(i) != Some(&2) {
        return Err(damaged("no piece table in the CLX"));
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(|| damaged("CLX"))? as usize;
    let plc = clx
        .get(i + 5..(i + 5).saturating_add(lcb))
        .ok_or_else(|| damaged("piece table cut short"))?;
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let cp = u32_at(plc, k * 4).unwrap_or(0) as usize;
        let cp_end = u32_at(plc, k * 4 + 4).unwrap_or(0) as usize;
        let raw = u32_at(plc, (n + 1) * 4 + k * 8 + 2).unwrap_or(0);
        let compressed = raw & 0x4000_0000 != 0;
        let fc = (raw & 0x3FFF_FFFF) as usize;
        out.push(Piece {
            cp,
            cp_end: cp_end.max(cp),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// The main document's characters, each with the byte position (FC) it
/// is stored at, which the paragraph properties are keyed by.
fn text(wd: &[u8], pieces: &[Piece], ccp: usize) -> Vec<(char, usize)> {
    let mut out = Vec::new();
    for p in pieces {
        if p.cp >= ccp {
            break;
        }
        let end = p.cp_end.min(ccp);
        for k in 0..end - p.cp {
            if out.len() >= MAX_CHARS {
                return out;
            }
            if p.compressed {
                let at = p.fc + k;
                let Some(&b) = wd.get(at) else { break };
                let one = [b];
                let (c, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
                out.push((c.chars().next().unwrap_or('\u{fffd}'), at));
            } else {
                let at = p.fc + 2 * k;
                let Some(u) = u16_at(wd, at) else { break };
                // A surrogate half alone is replaced; pairs are rejoined below.
                out.push((char::from_u32(u32::from(u)).unwrap_or('\u{fffd}'), at));
                if (0xDC00..0xE000).contains(&u) {
                    let n = out.len();
                    if n >= 2 {
                        if let Some(&(_, hi_at)) = out.get(n - 2) {
                            let hi = u16_at(wd, hi_at).unwrap_or(0);
                            if (0xD800..0xDC00).contains(&hi) {
                                let c = 0x10000
                                    + ((u32::from(hi) - 0xD800) << 10)
                                    + (u32::from(u) - 0xDC00);
                                out.truncate(n - 2);
                                out.push((char::from_u32(c).unwrap_or('\u{fffd}'), hi_at));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// What the paragraph properties say about a paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Para {
    in_table: bool,
    /// Ends a table row (the row-end mark).
    row_end: bool,
}

/// Paragraph properties by FC: (fc_start, fc_end, props, merged cells of
/// the row when the paragraph ends one).
struct Papx {
    runs: Vec<(usize, usize, Para, Vec<bool>)>,
}

impl Papx {
    fn read(wd: &[u8], table: &[u8], (fc, lcb): (usize, usize)) -> Papx {
        let mut runs = Vec::new();
        let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
            return Papx { runs };
        };
        let n = plc.len().saturating_sub(4) / 8;
        for k in 0..n {
            let pn = (u32_at(plc, (n + 1) * 4 + k * 4).unwrap_or(0) & 0x003F_FFFF) as usize;
            let Some(page) = pn.checked_mul(512).and_then(|a| wd.get(a..a + 512)) else {
                continue;
            };
            let crun = page[511] as usize;
            for r in 0..crun {
                let (Some(a), Some(b)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4)) else {
                    break;
                };
                let bx = (crun + 1) * 4 + r * 13;
                let Some(&off) = page.get(bx) else { break };
                let (props, merged) = if off == 0 {
                    (Para::default(), Vec::new())
                } else {
                    papx_in_fkp(page, off as usize * 2)
                };
                runs.push((a as usize, b as usize, props, merged));
            }
        }
        runs.sort_by_key(|r| r.0);
        Papx { runs }
    }

    fn at(&self, fc: usize) -> Option<(Para, &[bool])> {
        let i = self.runs.partition_point(|r| r.0 <= fc).checked_sub(1)?;
        let (a, b, p, m) = self.runs.get(i)?;
        (*a <= fc && fc < *b).then_some((*p, m.as_slice()))
    }
}

/// A PapxInFkp at `at` of an FKP page: the paragraph's table flags, and for
/// a row end the cells whose `TC80` says they continue a merge.
fn papx_in_fkp(page: &[u8], at: usize) -> (Para, Vec<bool>) {
    let Some(&cb) = page.get(at) else {
        return Default::default();
    };
    let (start, len) = if cb == 0 {
        (at + 2, page.get(at + 1).map_or(0, |&c| c as usize * 2))
    } else {
        (at + 1, cb as usize * 2 - 1)
    };
    let Some(grp) = page.get(start..(start + len).min(page.len())) else {
        return Default::default();
    };
    // Skip the istd (2 bytes), then walk the sprms.
    let mut p = Para::default();
    let mut merged = Vec::new();
    let mut i = 2;
    while let Some(sprm) = u16_at(grp, i) {
        let op = i + 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ if sprm == 0xD608 || sprm == 0xD606 => {
                u16_at(grp, op).map_or(grp.len(), |c| c as usize + 1)
            }
            _ if sprm == 0xC615 => match grp.get(op) {
                Some(&255) | None => grp.len(),
                Some(&c) => c as usize + 1,
            },
            _ => grp.get(op).map_or(grp.len(), |&c| c as usize + 1),
        };
        let first = grp.get(op).copied().unwrap_or(0);
        match sprm {
            0x2416 => p.in_table |= first != 0,
            0x2417 => p.row_end |= first != 0,
            0x6649 => p.in_table |= u32_at(grp, op).unwrap_or(0) > 0,
            0xD608 => merged = merged_cells(grp.get(op..op + size).unwrap_or(&[])),
            _ => {}
        }
        i = op + size;
    }
    (p, merged)
}

/// From a `TDefTableOperand`: which cells continue a horizontal merge
/// (`fMerged`) or a vertical one (`fVertMerge` without `fVertRestart`).
fn merged_cells(op: &[u8]) -> Vec<bool> {
    let Some(&n) = op.get(2) else {
        return Vec::new();
    };
    let n = n as usize;
    let tcs = 3 + (n + 1) * 2;
    (0..n)
        .map(|k| {
            let f = u16_at(op, tcs + k * 20).unwrap_or(0);
            let h_cont = f & 0x0002 != 0;
            let v_cont = f & 0x0020 != 0 && f & 0x0040 == 0;
            h_cont || v_cont
        })
        .collect()
}

fn read_doc(bytes: &[u8]) -> Result<Render, String> {
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(&format!("not a readable compound file: {e}")))?;
    if !cfb.is_stream("WordDocument") {
        return Err(
            "复合文档中没有 Word 正文 (compound file without a WordDocument stream: an Excel or PowerPoint file?)"
                .into(),
        );
    }
    let wd = stream(&mut cfb, "WordDocument")?;
    let fib = fib(&wd)?;
    if !cfb.is_stream(fib.table_stream) {
        return Err(damaged(&format!("no {} stream", fib.table_stream)));
    }
    let table = stream(&mut cfb, fib.table_stream)?;
    let pieces = pieces(&table, fib.clx)?;
    let chars = text(&wd, &pieces, fib.ccp_text);
    let papx = Papx::read(&wd, &table, fib.bte_papx);
    Ok(render(&chars, &papx))
}

/// Paragraphs → lines and rows (see the module docs).
fn render(chars: &[(char, usize)], papx: &Papx) -> Render {
    let mut out = Render::default();
    let mut para = String::new();
    let mut cell = String::new();
    let mut cells: Vec<String> = Vec::new();
    // Inside a field's instructions (`\x13` … `\x14`), shown as nothing.
    let mut field_code = 0usize;
    let mut field_depth = Vec::new();
    // Without paragraph properties, a `\x07` right after a cell mark is
    // taken for the row end (an empty cell then ends its row early).
    let guess_rows = papx.runs.is_empty();
    let mut after_cell_mark = false;
    for &(c, fc) in chars {
        let was_after_cell_mark = std::mem::replace(&mut after_cell_mark, c == '\x07');
        match c {
            '\x13' => {
                field_depth.push(true);
                field_code += 1;
            }
            '\x14' => {
                if field_depth.last() == Some(&true) {
                    field_code = field_code.saturating_sub(1);
                    if let Some(top) = field_depth.last_mut() {
                        *top = false;
                    }
                }
            }
            '\x15' => {
                if field_depth.pop() == Some(true) {
                    field_code = field_code.saturating_sub(1);
                }
            }
            _ if field_code > 0 => {}
            '\r' | '\x07' => {
                let (mut props, merged) = papx.at(fc).unwrap_or_default();
                let text = std::mem::take(&mut para);
                if guess_rows && c == '\x07' {
                    props.in_table = true;
                    props.row_end = was_after_cell_mark && text.is_empty();
                }
                if c == '\x07' && props.row_end {
                    let row: Vec<String> = std::mem::take(&mut cells)
                        .into_iter()
                        .enumerate()
                        .filter(|(k, t)| !(t.is_empty() && merged.get(*k) == Some(&true)))
                        .map(|(_, t)| t)
                        .collect();
                    if !row.is_empty() {
                        out.row(row);
                    }
                } else if c == '\x07' {
                    join(&mut cell, &text);
                    cells.push(std::mem::take(&mut cell));
                } else if props.in_table {
                    join(&mut cell, &text);
                } else {
                    if !cells.is_empty() || !cell.is_empty() {
                        // A table whose row end was lost: keep its cells.
                        let mut row = std::mem::take(&mut cells);
                        if !cell.is_empty() {
                            row.push(std::mem::take(&mut cell));
                        }
                        out.row(row);
                    }
                    out.para(&text);
                }
            }
            '\x0b' | '\x0c' | '\t' | '\u{a0}' => para.push(' '),
            '\x1e' => para.push('-'),
            c if c.is_control() => {}
            c => para.push(c),
        }
    }
    if !para.is_empty() {
        out.para(&para);
    }
    out
}

/// Append a cell's paragraph to its text, a space between paragraphs.
fn join(cell: &mut String, para: &str) {
    let t = para.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(&t);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn papx(runs: Vec<(usize, usize, Para)>) -> Papx {
        Papx {
            runs: runs
                .into_iter()
                .map(|(a, b, p)| (a, b, p, Vec::new()))
                .collect(),
        }
    }

    /// A row end mark and an empty cell are both a lone `\x07`; only the
    /// paragraph properties tell them apart, so blank cells keep their place.
    #[test]
    fn row_end_is_told_from_empty_cell_by_properties() {
        let s = "一、总体情况\r规章\x070\x07\x07\x07二、主动公开\r";
        let chars: Vec<(char, usize)> = s.chars().enumerate().map(|(i, c)| (c, i)).collect();
        let cell = Para {
            in_table: true,
            row_end: false,
        };
        let end = Para {
            in_table: true,
            row_end: true,
        };
        // 规章 ends at 9, 0 at 11, the empty cell at 12, the row end at 13.
        let p = papx(vec![
            (0, 7, Para::default()),
            (7, 13, cell),
            (13, 14, end),
            (14, 30, Para::default()),
        ]);
        let r = render(&chars, &p);
        assert_eq!(r.text, "一、总体情况\n规章 | 0 |\n二、主动公开");
        let cells: Vec<&str> = r.rows[1].cells.iter().map(|c| &*c.text).collect();
        assert_eq!(cells, ["规章", "0", ""]);
    }

    #[test]
    fn field_codes_are_dropped_results_kept() {
        let s = "见\x13 HYPERLINK \"x\" \x14网站\x15。\r";
        let chars: Vec<(char, usize)> = s.chars().enumerate().map(|(i, c)| (c, i)).collect();
        assert_eq!(render(&chars, &papx(vec![])).text, "见网站。");
    }

    #[test]
    fn not_a_doc() {
        for b in [
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..],
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0",
        ] {
            match read(b) {
                Read::Unreadable(why) => assert!(why.contains("damaged"), "{why}"),
                _ => panic!("read garbage"),
            }
        }
    }
}
