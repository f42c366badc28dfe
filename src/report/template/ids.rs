//! The addresses of SPEC §13.1: which standard table ([`TableId`]) and which
//! cell of it ([`CellId`]). Cell ids are a public interface (JSON, config,
//! review files): add, never rename.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// The three standard tables (表二, 表三, 表四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::T2 => "T2",
            TableId::T3 => "T3",
            TableId::T4 => "T4",
        }
    }
    /// The section (一…六, 1-based) that must hold this table (STRUCT-5).
    pub fn section(self) -> u8 {
        match self {
            TableId::T2 => 2,
            TableId::T3 => 3,
            TableId::T4 => 4,
        }
    }
    pub fn title_zh(self) -> &'static str {
        match self {
            TableId::T2 => "表二 主动公开政府信息情况",
            TableId::T3 => "表三 收到和处理政府信息公开申请情况",
            TableId::T4 => "表四 行政复议、行政诉讼情况",
        }
    }
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];
    /// The position of this table in [`TableId::ALL`], for per-table arrays.
    pub fn index(self) -> usize {
        match self {
            TableId::T2 => 0,
            TableId::T3 => 1,
            TableId::T4 => 2,
        }
    }
}

/// A cell address of SPEC §13.1: `{"table": "T3", "row": "R1", "col": "C2"}`.
///
/// Rows are strings because local extra rows keep their own label
/// (`OTHSVC/行政检查`); the template rows are `&'static` in the schema and
/// cloned here only when a cell or finding is built.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CellId {
    pub table: TableId,
    /// Template rows and all columns borrow the schema's `&'static` ids, so
    /// the ~200 cells of a report allocate nothing for their addresses; only
    /// local extra rows (`OTHSVC/行政检查`) own their text.
    pub row: Cow<'static, str>,
    pub col: Cow<'static, str>,
}

impl CellId {
    pub fn new(table: TableId, row: impl AsRef<str>, col: impl AsRef<str>) -> Self {
        CellId {
            table,
            row: intern_row(row.as_ref()),
            col: intern_col(col.as_ref()),
        }
    }
    pub fn t3(row: &str, col: &str) -> Self {
        CellId::new(TableId::T3, row, col)
    }
}

/// The schema's `&'static` id equal to `row`, or an owned copy for a local row.
pub fn intern_row(row: &str) -> Cow<'static, str> {
    super::schema::static_row_id(row).map_or_else(|| Cow::Owned(row.to_string()), Cow::Borrowed)
}

/// The schema's `&'static` id equal to `col`, or an owned copy.
pub fn intern_col(col: &str) -> Cow<'static, str> {
    super::schema::static_col_id(col).map_or_else(|| Cow::Owned(col.to_string()), Cow::Borrowed)
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.table.as_str(), self.row, self.col)
    }
}
