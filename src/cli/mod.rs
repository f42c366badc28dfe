//! The headless commands: `ogi-lens check` for scripts and CI, and
//! `ogi-lens rules`.
//!
//! `check`'s JSON (SPEC §13.2) is a public interface: field names, rule ids
//! and cell ids are kept exactly; extra fields are additive. Reports come out
//! in path order whatever order the worker threads finish in, so two runs
//! over the same folder print the same bytes.
//!
//! [`check`] drives the run; [`json`] and [`text`] render it, one report at a
//! time as it is checked; [`status`] counts the findings and decides the exit
//! status; [`listing`] prints the rule catalogue.

mod check;
mod json;
mod listing;
mod status;
mod text;

pub use check::{check, CheckOptions, Format};
pub use json::{report_json, report_json_pretty};
pub use listing::rules_listing;
pub use status::FailOn;
pub use text::report_text;
