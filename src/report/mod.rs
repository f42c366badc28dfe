//! The domain model of one annual report (政府信息公开工作年度报告).
//!
//! Everything downstream — the rules, the JSON of `check`, the TUI — works on
//! these types and never on raw text again. A `Report` is built once by
//! [`parse::parse_bytes`] and is immutable afterwards; that is what lets the
//! loader hand reports to the TUI thread without locks.

pub mod decode;
pub mod forms;
pub mod parse;
pub mod template;
pub mod text;

pub use template::matcher::TitleMatch;
/// The schema keeps the path `report::schema` the whole crate (and the
/// branches being merged into it) uses; it lives in [`template`].
pub use template::schema;
pub use template::{CellId, TableId, Template};

/// What a cell holds after the value policy of SPEC §5.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A count or a signed `本年增/减`.
    Int(i64),
    /// Money, normalised to 万元.
    Money(f64),
    /// Nothing in the cell (or `&nbsp;`). Missing, never zero.
    Blank,
    /// `/`, `-`, `—`, `无`, `不适用`: not applicable. Missing, never zero.
    Placeholder,
    /// Anything else; kept verbatim for VAL-4.
    Text,
    /// The cell was not found in the report at all (its table or row is missing).
    Absent,
}

impl Value {
    /// The number used in sums, when the cell holds one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Int(n) => Some(*n as f64),
            Value::Money(m) => Some(*m),
            _ => None,
        }
    }
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Blank | Value::Placeholder | Value::Absent)
    }
}

/// One value cell of a standard table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub id: CellId,
    pub value: Value,
    /// The text as it stood in the file (trimmed), for the inspector and for VAL-4.
    pub raw: String,
    /// 1-based source line; `None` when the cell was not found in the file.
    pub line: Option<usize>,
    /// Money written with its own unit in the cell (`251000元`), for VAL-5.
    pub unit_in_cell: Option<String>,
    /// Recovered from flattened text by digit-splitting rather than read from
    /// separated cells (so the TUI and JSON can say so).
    pub recovered: bool,
}

impl Cell {
    pub fn absent(id: CellId) -> Self {
        Cell {
            id,
            value: Value::Absent,
            raw: String::new(),
            line: None,
            unit_in_cell: None,
            recovered: false,
        }
    }
}

/// A row label as it was found in the file, matched (or not) to the template.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLabel {
    /// The template row id it was mapped to (`R3.2`, `REG`, `OTHSVC/行政检查`…), if any.
    pub row: Option<String>,
    /// The label text as written (cell texts joined, whitespace kept).
    pub text: String,
    pub line: usize,
    /// How many value cells followed the label in the file.
    pub value_count: usize,
    /// The canonical label this one was mapped to, when it is not an exact match.
    pub canonical: Option<&'static str>,
}

/// A header or caption cell as found (for LBL-2/5/6 and TPL markers).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCell {
    pub text: String,
    pub line: usize,
}

/// One of the three standard tables, with every cell of its template present
/// (cells not found are [`Value::Absent`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: TableId,
    /// 1-based line of the table's first caption/header/row.
    pub line: usize,
    /// The section (1..=6) the table was found in; 0 when before any section.
    pub section: u8,
    pub cells: Vec<Cell>,
    /// Row labels in file order.
    pub rows: Vec<RowLabel>,
    /// Header and caption texts in file order.
    pub headers: Vec<HeaderCell>,
    /// Rows whose value count does not fit the template (STRUCT-6):
    /// (row id or label, expected, found, line).
    pub shape_errors: Vec<ShapeError>,
    /// Local sub-rows (LBL-7 / T2-7): (parent row id, label, line).
    pub extra_rows: Vec<ExtraRow>,
    /// True when the table's values were recovered from flattened text.
    pub recovered: bool,
    /// The table region was found but no row could be read (flattened text).
    pub unreadable: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError {
    pub row: String,
    pub expected: usize,
    pub found: usize,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtraRow {
    pub parent: String,
    pub label: String,
    pub line: usize,
}

impl Table {
    pub fn new(id: TableId, line: usize, section: u8) -> Self {
        Table {
            id,
            line,
            section,
            cells: Vec::new(),
            rows: Vec::new(),
            headers: Vec::new(),
            shape_errors: Vec::new(),
            extra_rows: Vec::new(),
            recovered: false,
            unreadable: None,
        }
    }
    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.id.row == row && c.id.col == col)
    }
    pub fn value(&self, row: &str, col: &str) -> &Value {
        self.cell(row, col)
            .map(|c| &c.value)
            .unwrap_or(&Value::Absent)
    }
    /// The ids of every cell of one row, in column order.
    pub fn row_cell_ids(&self, row: &str) -> Vec<CellId> {
        self.cells
            .iter()
            .filter(|c| c.id.row == row)
            .map(|c| c.id.clone())
            .collect()
    }
    /// Distinct row ids in cell order (template order, then extra rows).
    pub fn row_ids(&self) -> Vec<&str> {
        // A set, not `out.contains`: a hostile table with 100,000 rows made
        // this quadratic (issue 5).
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<&str> = Vec::new();
        for c in &self.cells {
            if out.last() != Some(&(&*c.id.row)) && seen.insert(&*c.id.row) {
                out.push(&c.id.row);
            }
        }
        out
    }
    /// True when at least one value cell was read from the file.
    pub fn has_values(&self) -> bool {
        self.cells.iter().any(|c| c.value != Value::Absent)
    }
}

/// One of the six top-level sections (一…六).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1..=6.
    pub ordinal: u8,
    /// The heading line as written (markdown `#` stripped).
    pub title: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// 1-based last line (inclusive) of the section body.
    pub end_line: usize,
    /// The narrative text of the section, table rows excluded, lines joined by `\n`.
    pub text: String,
    /// How the heading's wording compares with the template title, as the
    /// parser matched it (LBL-1 reads it).
    pub wording: TitleMatch,
}

/// Facts that only the decoder and parser can see, for rules to turn into
/// findings (the rules never look at raw bytes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParseNotes {
    /// The file could not be read as a report at all (empty, binary, too large,
    /// unreadable): the message. Rules then raise one META-1 and nothing else.
    pub fatal: Option<String>,
    /// Line of the title.
    pub title_line: usize,
    /// Year named by the statistics-period sentence, and its line (META-2).
    pub period_year: Option<(i32, usize)>,
    /// Every line that looks like a top-level heading (`一、…`) outside tables,
    /// matched or not: (ordinal 1..=6 or 0, text, line). For STRUCT-2/3/4, LBL-1.
    pub headings: Vec<(u8, String, usize)>,
    /// Template markers seen: (text, line, template it belongs to) for TPL-2.
    pub markers: Vec<(String, usize, Template)>,
    /// The 勾稽关系 note of table 三 was found (LBL-5).
    pub t3_note: bool,
    /// What the decoder noticed in readable bytes (a NUL, an encoding
    /// change): information findings.
    pub decoding: Vec<decode::DecodeNote>,
}

/// One parsed annual report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The path as given on the command line (or found under a directory).
    pub path: String,
    /// The encoding the bytes were read in (`UTF-8`, `GBK`, `UTF-16LE`…).
    pub encoding: &'static str,
    pub title: Option<String>,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// The template, decided once by the parser ([`template::decide`]).
    pub template: Option<Template>,
    /// What the decision rests on (table 二 markers, table 三's （六）
    /// rows, the year), for the rules, the TUI and the JSON.
    pub template_evidence: template::decide::Evidence,
    pub sections: Vec<Section>,
    pub t2: Option<Table>,
    pub t3: Option<Table>,
    pub t4: Option<Table>,
    /// The decoded text split in lines (line `n` is `lines.get(n-1)`), so that
    /// the TUI can show the source line of any cell without re-reading the file.
    pub lines: Lines,
    /// Where `lines` are in the file the user holds (pages of a PDF, offsets
    /// in the long line of a flattened page).
    pub origin: Origin,
    pub notes: ParseNotes,
}

/// Where the lines of [`Report::lines`] are in the file the user holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Origin {
    /// Line `n` is line `n` of the file.
    #[default]
    File,
    /// The rendered lines of a PDF: the 1-based number of each page's first
    /// line, in page order.
    Pages(Vec<usize>),
    /// The rendered lines of flattened web text (one table row or sentence
    /// each): for each, the 1-based line of the file, and the 0-based
    /// character offset in it when that line became several rendered lines.
    Offsets(Vec<(usize, Option<usize>)>),
}

impl Origin {
    /// The page (1-based) and the line on that page of line `line`, for a PDF.
    pub fn page_line(&self, line: usize) -> Option<(usize, usize)> {
        let Origin::Pages(starts) = self else {
            return None;
        };
        let page = starts.partition_point(|&s| s <= line);
        let start = starts.get(page.checked_sub(1)?)?;
        Some((page, line - start + 1))
    }
    /// The line of the file, and the character offset in it, of rendered
    /// line `line` (1-based) of flattened text; `(line, None)` otherwise.
    pub fn file_line(&self, line: usize) -> (usize, Option<usize>) {
        match self {
            Origin::Offsets(v) => line
                .checked_sub(1)
                .and_then(|i| v.get(i))
                .copied()
                .unwrap_or((line, None)),
            _ => (line, None),
        }
    }
}

impl Report {
    pub fn empty(path: impl Into<String>) -> Self {
        Report {
            path: path.into(),
            encoding: "UTF-8",
            title: None,
            agency: None,
            year: None,
            template: None,
            template_evidence: Default::default(),
            sections: Vec::new(),
            t2: None,
            t3: None,
            t4: None,
            lines: Lines::default(),
            origin: Origin::default(),
            notes: ParseNotes::default(),
        }
    }
    pub fn table(&self, id: TableId) -> Option<&Table> {
        match id {
            TableId::T2 => self.t2.as_ref(),
            TableId::T3 => self.t3.as_ref(),
            TableId::T4 => self.t4.as_ref(),
        }
    }
    pub fn cell(&self, id: &CellId) -> Option<&Cell> {
        self.table(id.table)?.cell(&id.row, &id.col)
    }
    pub fn value(&self, id: &CellId) -> &Value {
        self.cell(id).map(|c| &c.value).unwrap_or(&Value::Absent)
    }
    pub fn section(&self, ordinal: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.ordinal == ordinal)
    }
    /// The source line `n` (1-based), if it exists.
    pub fn line(&self, n: usize) -> Option<&str> {
        n.checked_sub(1).and_then(|i| self.lines.get(i))
    }
}

/// A report's decoded text split in lines: one buffer and each line's byte
/// span, rather than a `String` per line. A report has hundreds of lines,
/// the parser made one allocation for each, and the TUI keeps every loaded
/// report in memory.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    text: String,
    /// (start, end) byte offsets into `text`, as `str::lines` splits it
    /// (`\n`, with a `\r` before it dropped).
    spans: Vec<(u32, u32)>,
}

impl Lines {
    /// `text` split exactly as [`str::lines`] does.
    pub fn new(text: &str) -> Lines {
        let base = text.as_ptr() as usize;
        let at = |p: usize| u32::try_from(p).unwrap_or(u32::MAX);
        let spans = text
            .lines()
            .map(|l| {
                let start = l.as_ptr() as usize - base;
                (at(start), at(start + l.len()))
            })
            .collect();
        Lines {
            text: text.to_string(),
            spans,
        }
    }
    /// [`Lines::new`] from the lines the caller already split off `text`
    /// with [`str::lines`] (the parser splits once for its readers; splitting
    /// again here was a second scan of every file).
    pub(crate) fn from_split(text: &str, lines: &[&str]) -> Lines {
        let base = text.as_ptr() as usize;
        let at = |p: usize| u32::try_from(p).unwrap_or(u32::MAX);
        let spans = lines
            .iter()
            .map(|l| {
                let start = (l.as_ptr() as usize).wrapping_sub(base);
                (at(start), at(start + l.len()))
            })
            .collect();
        Lines {
            text: text.to_string(),
            spans,
        }
    }
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    /// Line `i` (0-based).
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(a, b) = self.spans.get(i)?;
        self.text.get(a as usize..b as usize)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.spans
            .iter()
            .map(|&(a, b)| self.text.get(a as usize..b as usize).unwrap_or(""))
    }
    /// The whole text the lines were split from (line breaks included), to
    /// search once rather than line by line.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The line (0-based) holding byte `at` of [`Lines::text`]; `None` in a
    /// line break or past the end.
    pub fn line_at(&self, at: usize) -> Option<usize> {
        let i = self
            .spans
            .partition_point(|&(a, _)| a as usize <= at)
            .checked_sub(1)?;
        let &(a, b) = self.spans.get(i)?;
        (a as usize <= at && at < b as usize).then_some(i)
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }
    /// Append a line (tests and hand-built reports).
    pub fn push(&mut self, line: &str) {
        let mut v: Vec<&str> = self.iter().collect();
        v.push(line);
        *self = v.into_iter().collect();
    }
    /// Insert a line before line `i` (0-based; at the end when past it).
    pub fn insert(&mut self, i: usize, line: &str) {
        let mut v: Vec<&str> = self.iter().collect();
        v.insert(i.min(v.len()), line);
        *self = v.into_iter().collect();
    }
    /// Replace line `i` (0-based); nothing when there is no such line.
    pub fn set(&mut self, i: usize, line: &str) {
        let mut v: Vec<&str> = self.iter().collect();
        if let Some(l) = v.get_mut(i) {
            *l = line;
            *self = v.into_iter().collect();
        }
    }
}

impl PartialEq for Lines {
    fn eq(&self, other: &Lines) -> bool {
        self.iter().eq(other.iter())
    }
}

/// Lines from separate strings; a line holding `\n` is kept whole.
impl<S: AsRef<str>> FromIterator<S> for Lines {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Lines {
        let mut text = String::new();
        let mut spans = Vec::new();
        let at = |p: usize| u32::try_from(p).unwrap_or(u32::MAX);
        for l in iter {
            if !text.is_empty() || !spans.is_empty() {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(l.as_ref());
            spans.push((at(start), at(text.len())));
        }
        Lines { text, spans }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// `Lines::new` splits exactly as `str::lines` (CRLF, lone CR kept,
    /// trailing newline, empty text, non-ASCII).
    #[test]
    fn lines_split_like_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r\n\r\nc",
            "一、总体情况\n\n二、主动公开\r",
            "x\ry\n\n",
        ] {
            let l = Lines::new(text);
            let want: Vec<&str> = text.lines().collect();
            assert_eq!(Lines::from_split(text, &want), l, "{text:?}");
            assert_eq!(l.iter().collect::<Vec<_>>(), want, "{text:?}");
            assert_eq!(l.len(), want.len());
            for (i, w) in want.iter().enumerate() {
                assert_eq!(l.get(i), Some(*w));
            }
            assert_eq!(l.get(want.len()), None);
            assert_eq!(l, want.iter().collect::<Lines>(), "{text:?}");
        }
    }

    #[test]
    fn lines_edit_in_place() {
        let mut l: Lines = ["a", "", "c"].into_iter().collect();
        assert_eq!(l.len(), 3);
        l.push("d");
        l.insert(1, "b");
        l.set(2, "空");
        l.set(9, "ignored");
        assert_eq!(l.iter().collect::<Vec<_>>(), ["a", "b", "空", "c", "d"]);
        let text = "ab\r\n\n一二\n";
        let m = Lines::new(text);
        let at: Vec<Option<usize>> = (0..=text.len()).map(|b| m.line_at(b)).collect();
        // a b \r \n | \n | 一(3 bytes) 二(3 bytes) \n | end
        let want = [
            Some(0),
            Some(0),
            None,
            None,
            None,
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            None,
            None,
        ];
        assert_eq!(at, want);
        assert_eq!(m.text(), text);
        l.clear();
        assert!(l.is_empty());
        let empty_first: Lines = ["", "x"].into_iter().collect();
        assert_eq!(empty_first.iter().collect::<Vec<_>>(), ["", "x"]);
    }
}
