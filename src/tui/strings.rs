//! Every string the TUI shows, in one place, so that a zh-CN interface stays a
//! one-file change and so that wording is reviewed together.
//!
//! Report content (agency names, section text, finding messages) is not here:
//! it comes from the reports and the rules.

use super::action::Command;

pub const APP_NAME: &str = "ogi-lens";
pub const PANE_LIST: &str = "Reports";
pub const PANE_REPORT: &str = "Report";
pub const PANE_FINDINGS: &str = "Findings";
pub const PANE_DETAIL: &str = "Detail";
pub const HELP_TITLE: &str = "Keys";
pub const HELP_FOOTER: &str = "any key closes";
pub const NO_REPORTS: &str = "No report files (.txt .md .html) found here.";
pub const NO_MATCH: &str = "No report matches the filter.";
pub const NO_SELECTION: &str = "No report selected.";
pub const PENDING: &str = "Checking this report…";
pub const NO_FINDINGS: &str = "No findings.";
pub const NO_TABLE: &str = "This table was not found in the report.";
pub const EMPTY_SECTION: &str = "(this section has no text)";
pub const MISSING_SECTION: &str = "(section not found)";
pub const NO_CELL: &str = "(no cell here in this template)";
pub const SEARCH_PROMPT: &str = "/";
pub const LOADING: &str = "loading";
pub const LOADED: &str = "loaded";
pub const CROSS_MARK: &str = "⇄";
pub const CROSS_MARK_ASCII: &str = "X";
pub const EXPECTED: &str = "expected";
pub const ACTUAL: &str = "actual";
pub const DIFF: &str = "diff";
pub const LINE: &str = "L";
pub const NO_SOURCE_LINE: &str = "no source line";
pub const RAW: &str = "raw";
pub const RECOVERED: &str = "recovered from flattened text";
pub const NO_MORE_FAILURES: &str = "No more findings in this direction.";
pub const NO_SEARCH_MATCH: &str = "No report matches the search.";
pub const SEARCH_HINT: &str = "Enter: keep · Esc: cancel";
pub const TOO_SMALL: &str = "terminal too small";
pub const TOO_SMALL_QUIT: &str = "q quits";
pub const OUTLINE_HINT: &str = "Enter opens";
pub const CELLS: &str = "cells";
pub const UNTITLED: &str = "(no agency)";
pub const NO_YEAR: &str = "----";

pub fn too_small_need(w: u16, h: u16) -> String {
    format!("need {w}×{h}")
}

pub fn progress(done: usize, total: usize, loading: bool) -> String {
    if loading {
        format!("{LOADING} {done}/{total}")
    } else {
        format!("{total} reports")
    }
}

pub fn shown_of(shown: usize, total: usize) -> String {
    format!("{shown}/{total} shown")
}

pub fn sort_label(s: super::app::SortKey) -> &'static str {
    use super::app::SortKey::*;
    match s {
        Path => "sort: path",
        Agency => "sort: agency",
        Year => "sort: year",
        Errors => "sort: errors",
    }
}

pub fn filter_label(f: super::app::Filter) -> &'static str {
    use super::app::Filter::*;
    match f {
        All => "filter: all",
        Errors => "filter: with errors",
        Warnings => "filter: with warnings",
        Search => "filter: search matches",
    }
}

pub fn value_kind(v: &crate::report::Value) -> &'static str {
    use crate::report::Value::*;
    match v {
        Int(_) => "count",
        Money(_) => "万元",
        Blank => "blank (missing, not zero)",
        Placeholder => "placeholder (not applicable, not zero)",
        Text => "text (not a number)",
        Absent => "absent (not found in the report)",
    }
}

/// What a command does, in the words of the pane it is used in.
pub fn describe(cmd: Command, pane: super::app::Focus, table: bool) -> &'static str {
    use super::app::Focus::*;
    use Command::*;
    match (cmd, pane) {
        (Up, List) => "previous report",
        (Down, List) => "next report",
        (Up, Findings) => "previous finding",
        (Down, Findings) => "next finding",
        (Up, Report) if table => "cell up",
        (Down, Report) if table => "cell down",
        (Left, Report) if table => "cell left (scrolls)",
        (Right, Report) if table => "cell right (scrolls)",
        (Up, Report) => "previous item / scroll up",
        (Down, Report) => "next item / scroll down",
        (Left, _) => "left",
        (Right, _) => "right",
        (Top, _) => "go to the top",
        (Bottom, _) => "go to the bottom",
        (HalfPageDown, _) => "half a page down",
        (HalfPageUp, _) => "half a page up",
        (PageDown, _) => "page down",
        (PageUp, _) => "page up",
        (NextPane, _) => "next pane",
        (PrevPane, _) => "previous pane",
        (Open, List) => "open the report",
        (Open, Findings) => "show the finding's cells",
        (Open, Report) => "open the section or table",
        (Back, List) => "clear the search",
        (Back, _) => "go back",
        (Search, _) => "search agency and path",
        (SearchNext, Findings) => "next finding (into next report)",
        (SearchPrev, Findings) => "previous finding",
        (SearchNext, _) => "next search match",
        (SearchPrev, _) => "previous search match",
        (Filter, _) => "filter: all / errors / warnings / search",
        (Sort, _) => "sort: path / agency / year / errors",
        (NextFailure, _) => "next finding (into next report)",
        (PrevFailure, _) => "previous finding",
        (Help, _) => "this help",
        (Quit, _) => "quit",
    }
}

/// Short words for the command bar.
pub fn short(cmd: Command) -> &'static str {
    use Command::*;
    match cmd {
        Up | Down => "move",
        Left | Right => "cols",
        Open => "open",
        Back => "back",
        NextPane => "pane",
        Search => "search",
        SearchNext => "next",
        Filter => "filter",
        Sort => "sort",
        NextFailure => "next fail",
        PrevFailure => "prev fail",
        Help => "help",
        Quit => "quit",
        _ => "",
    }
}

/// Marks an outline item that the report does not have.
pub fn absent_short() -> &'static str {
    "missing"
}
