//! ogi-lens: read, check and browse 政府信息公开工作年度报告.
//!
//! Data flows one way: files → [`report::decode`] → [`report::forms`] →
//! [`report::parse`] → [`report::Report`] → [`rules`] → [`rules::Finding`]s →
//! the JSON/text of [`cli`] or the state of [`tui`]. Nothing downstream reaches
//! back upstream, and nothing in `report` or `rules` knows about a terminal.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod cli;
pub mod config;
pub mod corpus;
pub mod report;
pub mod rules;
pub mod synth;
pub mod tui;
pub mod width;
