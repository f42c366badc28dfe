//! Flattened web text: reports scraped from web pages whose table cells lost
//! every separator (`一、本年新收政府信息公开申请数量640020470`).
//! (Stub: issue 4 recovers these tables; until then such files read as
//! ordinary text and their tables come out "not readable".)

use super::layout::Row;

/// Rows for a flattened report, or `None` when the text is not flattened
/// (the ordinary layout reader then handles it).
pub fn rows_from_flat(_text: &str) -> Option<Vec<Row>> {
    None
}
