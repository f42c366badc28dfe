//! Flattened web text rendered for reading: one line per row the flat
//! reader found (a heading, a sentence, a table row), each a window of the
//! file's text, with where it starts (line and character offset).
//!
//! A flattened page is one line of tens of thousands of characters; a
//! finding that points at "line 2" points at all of it, and the TUI's source
//! strip would show its first screenful, far from the value. Rendered this
//! way, the line a cell or finding points at is the stretch of text around
//! its value, and output can still say where that is in the file (`line`
//! of the file plus `offset`).

use super::super::Origin;
use super::Row;

/// A window longer than this (bytes) means the next row was not found where
/// it should be: the row's own text is shown instead.
const MAX_WINDOW: usize = 4_000;

/// Renumber `rows` (of a flattened text split in `lines`) as lines of their
/// own; the rendered text and the origin of each of its lines.
pub(crate) fn render(lines: &[&str], rows: &mut [Row<'_>]) -> (String, Origin) {
    // Byte start of every row in its source line, found in order.
    let mut starts = Vec::with_capacity(rows.len());
    let mut cursor: Vec<usize> = vec![0; lines.len()];
    for row in rows.iter() {
        let Some(i) = row.line.checked_sub(1).filter(|&i| i < lines.len()) else {
            starts.push(None);
            continue;
        };
        let src = lines[i];
        let from = cursor[i].min(src.len());
        let first = row
            .cells
            .iter()
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let at = src
            .get(from..)
            .and_then(|rest| (!first.is_empty()).then(|| rest.find(first)).flatten())
            .map_or(from, |p| from + p);
        cursor[i] = at + first.len().min(src.len() - at);
        starts.push(Some(at));
    }
    // Rows per source line: an offset is worth giving only where a line of
    // the file became several rendered lines.
    let mut per_line = vec![0usize; lines.len()];
    for row in rows.iter() {
        if let Some(n) = row.line.checked_sub(1).and_then(|i| per_line.get_mut(i)) {
            *n += 1;
        }
    }
    let mut text = String::new();
    let mut origins = Vec::with_capacity(rows.len());
    for k in 0..rows.len() {
        let src_line = rows[k].line;
        let src = src_line
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .copied()
            .unwrap_or("");
        let shown = match starts[k] {
            Some(a) => {
                // Up to where the next row of the same line starts.
                let b = (k + 1..rows.len())
                    .find(|&j| rows[j].line == src_line)
                    .map_or(Some(src.len()), |j| starts[j])
                    .filter(|&b| b >= a && b - a <= MAX_WINDOW);
                match b.and_then(|b| src.get(a..b)) {
                    Some(w) => w.trim(),
                    None => rows[k].text.trim(),
                }
            }
            None => rows[k].text.trim(),
        };
        if k > 0 {
            text.push('\n');
        }
        text.extend(shown.chars().map(|c| if c.is_control() { ' ' } else { c }));
        let several = src_line
            .checked_sub(1)
            .and_then(|i| per_line.get(i))
            .is_some_and(|&n| n > 1);
        let offset = match starts[k] {
            Some(a) if several => src.get(..a).map(|s| s.chars().count()),
            _ => None,
        };
        origins.push((src_line, offset));
        let line = k + 1;
        rows[k].line = line;
        for c in &mut rows[k].cells {
            c.line = line;
        }
    }
    (text, Origin::Offsets(origins))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::forms::flat::rows_from_flat_lines;

    /// Every rendered line is the stretch of the file where its row starts,
    /// and the offset says where that is.
    #[test]
    fn rows_become_windows_with_offsets() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/real/pingtan_2021_1.txt"
        ))
        .expect("fixture");
        let lines: Vec<&str> = text.lines().collect();
        let mut rows = rows_from_flat_lines(&text, &lines).expect("flattened");
        let (rendered, origin) = render(&lines, &mut rows);
        let Origin::Offsets(origins) = origin else {
            panic!("offsets")
        };
        let rendered: Vec<&str> = rendered.split('\n').collect();
        assert_eq!(rendered.len(), rows.len());
        assert_eq!(origins.len(), rows.len());
        let mut located = 0;
        for (k, &(line, offset)) in origins.iter().enumerate() {
            let src = lines[line - 1];
            if let Some(off) = offset {
                let at: String = src
                    .chars()
                    .skip(off)
                    .take(rendered[k].chars().count())
                    .collect();
                assert!(
                    at.starts_with(rendered[k].trim_start()),
                    "{k}: {at:?} vs {:?}",
                    rendered[k]
                );
                located += 1;
            }
        }
        assert!(located > 50, "{located} rows located");
        let a1 = rendered
            .iter()
            .find(|l| l.contains("本年新收政府信息公开申请数量"))
            .expect("row A1");
        assert!(a1.contains("640020470"), "{a1}");
        assert!(a1.chars().count() < 160, "{a1}");
    }
}
