//! The one owner of what the two national templates say. Everything that
//! needs to know "what the template says" asks here rather than working it
//! out again:
//!
//! * [`schema`]: the rows, columns and section titles of the 2019 试行 and
//!   2021 formats as `&'static` data, and the ids that address them
//!   ([`TableId`], [`CellId`]);
//! * [`identities`]: the 勾稽关系 as data, one line each, which the rules and
//!   the flat reader expand;
//! * [`decide`]: which template a report follows, decided once, with the
//!   evidence kept on the report;
//! * [`norm`] and [`matcher`]: the one answer to "is this the same label or
//!   heading": one normalisation, one edit distance, one set of allowances.

pub mod decide;
pub(crate) mod identities;
pub(crate) mod ids;
pub(crate) mod matcher;
pub(crate) mod norm;
pub mod schema;

pub use ids::{CellId, TableId};
pub use schema::Template;
