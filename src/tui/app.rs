//! The TUI's whole state and the one function that changes it.
//!
//! `App::update(action)` is pure: no terminal, no files, no clock. Keys arrive
//! as [`Action`]s already translated by the keymap; loader results arrive as
//! actions too. That is what makes every behaviour (navigation, drill-down,
//! crossing into the next report, Esc going back) unit-testable, and what lets
//! the snapshot tests build a screen from hand-made reports.
//!
//! Scroll offsets live here rather than in the views: `update` knows the
//! terminal size (from `Resize`) and computes the same layout the views draw
//! (`layout::areas`), so it can keep the cursor visible; the views only clamp
//! defensively.

use super::action::{Action, Command};
use super::grid::Grid;
use super::keymap::Keymap;
use super::layout::{self, Areas};
use super::strings;
use super::theme::Theme;
use crate::corpus::{Checked, CrossSet};
use crate::report::{text, CellId, Report, TableId};
use crate::rules::{Finding, Severity};
use crate::width;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Report,
    Findings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Path,
    Agency,
    Year,
    Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Errors,
    Warnings,
    Search,
}

/// One file of the folder: pending until the loader has checked it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path as the loader reports it (matches `Report::path`).
    pub path: String,
    /// The path shown (relative to the opened folder).
    pub name: String,
    pub checked: Option<Box<Checked>>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Entry {
    pub fn report(&self) -> Option<&Report> {
        self.checked.as_ref().map(|c| &c.report)
    }
    pub fn agency(&self) -> Option<&str> {
        self.report().and_then(|r| r.agency.as_deref())
    }
    pub fn year(&self) -> Option<i32> {
        self.report().and_then(|r| r.year)
    }
}

/// The nine items of a report's outline: the six sections and, inside
/// sections 二/三/四, their tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineItem {
    Section(u8),
    Table(TableId),
}

pub const OUTLINE: [OutlineItem; 9] = [
    OutlineItem::Section(1),
    OutlineItem::Section(2),
    OutlineItem::Table(TableId::T2),
    OutlineItem::Section(3),
    OutlineItem::Table(TableId::T3),
    OutlineItem::Section(4),
    OutlineItem::Table(TableId::T4),
    OutlineItem::Section(5),
    OutlineItem::Section(6),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportMode {
    Outline,
    Section(u8),
    Table(TableId),
}

/// Where the report pane is: outline selection, section scroll, table cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportState {
    pub mode: ReportMode,
    pub outline_sel: usize,
    pub text_scroll: usize,
    pub row: usize,
    pub col: usize,
    pub row_off: usize,
    pub col_off: usize,
}

impl Default for ReportState {
    fn default() -> Self {
        ReportState {
            mode: ReportMode::Outline,
            outline_sel: 0,
            text_scroll: 0,
            row: 0,
            col: 0,
            row_off: 0,
            col_off: 0,
        }
    }
}

/// The finding being shown in its table, with the cells to mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    pub entry: usize,
    /// Position of the finding in [`App::findings_of`] the entry.
    pub finding: usize,
    pub involved: Vec<CellId>,
    pub suspect: Vec<CellId>,
}

/// Everything Esc restores.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    focus: Focus,
    entry: Option<usize>,
    report: ReportState,
    findings_sel: usize,
    findings_off: usize,
}

pub struct App {
    pub entries: Vec<Entry>,
    pub cross: Vec<Finding>,
    /// For each report path, the indices of the cross findings naming it:
    /// built once when loading ends, so listing an entry's findings does not
    /// scan every cross finding (10,000 reports × 15,000 cross findings
    /// blocked the UI for 2.6 s).
    cross_by_path: std::collections::HashMap<String, Vec<usize>>,
    pub loading: bool,
    pub loaded: usize,
    /// Indices into `entries`, filtered and sorted: what the list shows.
    pub view: Vec<usize>,
    view_stale: bool,
    pub sel: usize,
    pub list_off: usize,
    pub sort: SortKey,
    pub filter: Filter,
    pub search: String,
    /// The search prompt while typing (`None` when not typing), and what to
    /// restore on Esc.
    pub input: Option<String>,
    input_restore: Option<(String, usize)>,
    pub focus: Focus,
    pub report: ReportState,
    pub findings_sel: usize,
    pub findings_off: usize,
    pub drill: Option<Drill>,
    back: Vec<Place>,
    pub help: bool,
    pub message: Option<String>,
    pub quit: bool,
    pub size: (u16, u16),
    pub keymap: Keymap,
    pub theme: Theme,
}

impl App {
    /// An app for these files (paths as the loader will report them), shown
    /// relative to `root`. Every entry starts pending.
    pub fn new(paths: Vec<String>, root: &str, keymap: Keymap, theme: Theme) -> App {
        let entries: Vec<Entry> = paths
            .into_iter()
            .map(|p| {
                let name = display_name(&p, root);
                Entry {
                    path: p,
                    name,
                    checked: None,
                    errors: 0,
                    warnings: 0,
                    infos: 0,
                }
            })
            .collect();
        let view = (0..entries.len()).collect();
        App {
            loading: !entries.is_empty(),
            entries,
            cross: Vec::new(),
            cross_by_path: std::collections::HashMap::new(),
            loaded: 0,
            view,
            view_stale: false,
            sel: 0,
            list_off: 0,
            sort: SortKey::Path,
            filter: Filter::All,
            search: String::new(),
            input: None,
            input_restore: None,
            focus: Focus::List,
            report: ReportState::default(),
            findings_sel: 0,
            findings_off: 0,
            drill: None,
            back: Vec::new(),
            help: false,
            message: None,
            quit: false,
            size: (80, 24),
            keymap,
            theme,
        }
    }

    // ---- queries used by views and tests ---------------------------------

    pub fn areas(&self) -> Areas {
        layout::areas(self.size.0, self.size.1, self.show_detail())
    }

    /// The detail strip is shown for a table (cell inspector) and for the
    /// findings pane (the selected finding).
    pub fn show_detail(&self) -> bool {
        matches!(self.report.mode, ReportMode::Table(_))
            || (self.focus == Focus::Findings && !self.findings().is_empty())
    }

    pub fn selected_entry(&self) -> Option<usize> {
        self.view.get(self.sel).copied()
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.selected_entry().and_then(|i| self.entries.get(i))
    }

    pub fn selected_report(&self) -> Option<&Report> {
        self.selected().and_then(|e| e.report())
    }

    /// The findings of an entry, in the order shown: its own (errors first),
    /// then the cross-report findings that involve it.
    pub fn findings_of(&self, entry: usize) -> Vec<&Finding> {
        let Some(e) = self.entries.get(entry) else {
            return Vec::new();
        };
        let Some(c) = &e.checked else {
            return Vec::new();
        };
        let mut out: Vec<&Finding> = c.findings.iter().collect();
        // Stable: within a severity the rules' order is kept.
        out.sort_by_key(|f| std::cmp::Reverse(f.severity));
        if let Some(ids) = self.cross_by_path.get(&e.path) {
            out.extend(ids.iter().filter_map(|&i| self.cross.get(i)));
        }
        out
    }

    pub fn findings(&self) -> Vec<&Finding> {
        self.selected_entry()
            .map(|i| self.findings_of(i))
            .unwrap_or_default()
    }

    /// The finding at position `k` of [`App::findings_of`] the entry.
    pub fn finding(&self, entry: usize, k: usize) -> Option<&Finding> {
        self.findings_of(entry).get(k).copied()
    }

    /// The grid of the table shown, if a table is shown.
    pub fn grid(&self) -> Option<Grid> {
        match self.report.mode {
            ReportMode::Table(t) => self.selected_report().map(|r| Grid::new(r, t)),
            _ => None,
        }
    }

    /// The cell under the table cursor.
    pub fn cursor_cell(&self) -> Option<CellId> {
        self.grid()?.cell_id(self.report.row, self.report.col)
    }

    /// Wrapped lines of the section shown, for the report pane's width.
    pub fn section_lines(&self, ordinal: u8) -> Vec<String> {
        let w = usize::from(self.areas().report_inner().width);
        match self.selected_report().and_then(|r| r.section(ordinal)) {
            Some(s) if !s.text.trim().is_empty() => {
                // Sanitise per line: the newlines are structure, not
                // control characters to hide.
                let text: Vec<String> = s.text.lines().map(width::display_text).collect();
                width::wrap(&text.join("\n"), w)
            }
            Some(_) => vec![strings::EMPTY_SECTION.to_string()],
            None => vec![strings::MISSING_SECTION.to_string()],
        }
    }

    /// The commands that mean something in the focused pane, for help.
    pub fn pane_commands(&self) -> Vec<Command> {
        use Command::*;
        let mut v = match self.focus {
            Focus::List => vec![
                Up,
                Down,
                Top,
                Bottom,
                HalfPageDown,
                HalfPageUp,
                PageDown,
                PageUp,
                Open,
                Search,
                SearchNext,
                SearchPrev,
                Back,
                Filter,
                Sort,
            ],
            Focus::Report => match self.report.mode {
                ReportMode::Table(_) => vec![
                    Up,
                    Down,
                    Left,
                    Right,
                    Top,
                    Bottom,
                    HalfPageDown,
                    HalfPageUp,
                    PageDown,
                    PageUp,
                    Back,
                ],
                _ => vec![
                    Up,
                    Down,
                    Top,
                    Bottom,
                    HalfPageDown,
                    HalfPageUp,
                    PageDown,
                    PageUp,
                    Open,
                    Back,
                ],
            },
            Focus::Findings => vec![Up, Down, Top, Bottom, Open, SearchNext, SearchPrev, Back],
        };
        // Help itself is not listed in help: the user is already there.
        v.extend([NextFailure, PrevFailure, NextPane, PrevPane, Quit]);
        v
    }

    /// The main commands of the focused pane, for the command bar.
    pub fn bar_commands(&self) -> Vec<Command> {
        use Command::*;
        let mut v = match (self.focus, self.report.mode) {
            (Focus::List, _) => vec![Open, Search, Filter, Sort],
            (Focus::Report, ReportMode::Table(_)) => vec![Right, Back],
            (Focus::Report, _) => vec![Open, Back],
            (Focus::Findings, _) => vec![Open, SearchNext, Back],
        };
        v.extend([NextFailure, NextPane, Help, Quit]);
        v
    }

    pub fn matches_search(&self, entry: &Entry) -> bool {
        if self.search.is_empty() {
            return true;
        }
        let needle = fold(&self.search);
        fold(&entry.name).contains(&needle)
            || entry.agency().is_some_and(|a| fold(a).contains(&needle))
    }

    // ---- update ------------------------------------------------------------

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Loaded(i, checked) => {
                self.on_loaded(i, checked);
                return;
            }
            Action::LoadDone(cross) => self.on_done(cross),
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.clamp_all();
            }
            Action::InputChar(c) => self.input_char(c),
            Action::InputBackspace => {
                if let Some(s) = self.input.as_mut() {
                    s.pop();
                    let q = s.clone();
                    self.set_search(q);
                }
            }
            Action::InputSubmit => {
                self.input = None;
                self.input_restore = None;
                if !self.search.is_empty() && !self.view.iter().any(|&i| self.entry_matches(i)) {
                    self.message = Some(strings::NO_SEARCH_MATCH.into());
                }
            }
            Action::InputCancel => {
                self.input = None;
                if let Some((q, sel)) = self.input_restore.take() {
                    self.search = q;
                    self.refresh_view();
                    self.sel = sel.min(self.view.len().saturating_sub(1));
                    self.clamp_all();
                }
            }
            Action::Scroll(d) => {
                let cmd = if d < 0 { Command::Up } else { Command::Down };
                for _ in 0..3 {
                    self.command(cmd);
                }
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Cmd(c) => {
                self.message = None;
                self.command(c);
            }
        }
        self.settle();
    }

    /// Bring the filtered/sorted list up to date after a batch of loads.
    pub fn settle(&mut self) {
        if self.view_stale {
            self.refresh_view();
            self.clamp_all();
        }
    }

    fn on_loaded(&mut self, i: usize, checked: Box<Checked>) {
        let Some(e) = self.entries.get_mut(i) else {
            return;
        };
        if e.checked.is_none() {
            self.loaded = self.loaded.saturating_add(1);
        }
        e.checked = Some(checked);
        self.recount(i);
        // The list order is the path order until something depends on the
        // loaded data; then it is re-sorted once per batch (settle).
        if self.sort != SortKey::Path || self.filter != Filter::All {
            self.view_stale = true;
        }
    }

    fn on_done(&mut self, cross: CrossSet) {
        self.loading = false;
        // Only reports named by a cross finding (of this load or the one
        // before) change counts; recounting every entry held the key that
        // landed on this action for ~50 ms with 10k reports.
        let before = std::mem::replace(&mut self.cross_by_path, cross.by_path);
        self.cross = cross.findings;
        for i in 0..self.entries.len() {
            let path = &self.entries[i].path;
            if before.contains_key(path) || self.cross_by_path.contains_key(path) {
                self.recount(i);
            }
        }
        self.view_stale = true;
    }

    /// The error/warning/info counts of an entry: its own findings and the
    /// cross-report findings that name it (what `findings_of` lists).
    fn recount(&mut self, i: usize) {
        let Some(entry) = self.entries.get(i) else {
            return;
        };
        let own = entry
            .checked
            .iter()
            .flat_map(|c| c.findings.iter().map(|f| f.severity));
        let cross = self
            .cross_by_path
            .get(&entry.path)
            .into_iter()
            .flatten()
            .filter_map(|&x| self.cross.get(x).map(|f| f.severity));
        let (mut e, mut w, mut n) = (0, 0, 0);
        // Cross findings count only once the report itself is loaded, as
        // `findings_of` lists them only then.
        let cross = cross.filter(|_| entry.checked.is_some());
        for sev in own.chain(cross) {
            match sev {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
                Severity::Info => n += 1,
            }
        }
        if let Some(entry) = self.entries.get_mut(i) {
            entry.errors = e;
            entry.warnings = w;
            entry.infos = n;
        }
    }

    fn entry_matches(&self, i: usize) -> bool {
        self.entries.get(i).is_some_and(|e| self.matches_search(e))
    }

    /// Recompute `view`, keeping the selected report selected if it is
    /// still shown.
    fn refresh_view(&mut self) {
        self.view_stale = false;
        let keep = self.selected_entry();
        let mut v: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let e = &self.entries[i];
                match self.filter {
                    Filter::All => true,
                    Filter::Errors => e.errors > 0,
                    Filter::Warnings => e.warnings > 0,
                    Filter::Search => self.matches_search(e),
                }
            })
            .collect();
        let es = &self.entries;
        match self.sort {
            SortKey::Path => v.sort_by(|a, b| es[*a].name.cmp(&es[*b].name)),
            SortKey::Agency => v.sort_by(|a, b| {
                let (x, y) = (&es[*a], &es[*b]);
                // Reports without an agency (or still pending) go last.
                (x.agency().is_none(), x.agency(), x.year(), &x.name).cmp(&(
                    y.agency().is_none(),
                    y.agency(),
                    y.year(),
                    &y.name,
                ))
            }),
            SortKey::Year => v.sort_by(|a, b| {
                let (x, y) = (&es[*a], &es[*b]);
                (x.year().is_none(), x.year(), x.agency(), &x.name).cmp(&(
                    y.year().is_none(),
                    y.year(),
                    y.agency(),
                    &y.name,
                ))
            }),
            SortKey::Errors => v.sort_by(|a, b| {
                let (x, y) = (&es[*a], &es[*b]);
                (
                    x.checked.is_none(),
                    std::cmp::Reverse(x.errors),
                    std::cmp::Reverse(x.warnings),
                    &x.name,
                )
                    .cmp(&(
                        y.checked.is_none(),
                        std::cmp::Reverse(y.errors),
                        std::cmp::Reverse(y.warnings),
                        &y.name,
                    ))
            }),
        }
        self.view = v;
        let new_sel = keep.and_then(|k| self.view.iter().position(|&i| i == k));
        match new_sel {
            Some(s) => self.sel = s,
            None => {
                self.sel = self.sel.min(self.view.len().saturating_sub(1));
                self.reset_report();
            }
        }
    }

    fn reset_report(&mut self) {
        self.report = ReportState::default();
        self.findings_sel = 0;
        self.findings_off = 0;
        self.drill = None;
        self.back.clear();
    }

    fn select(&mut self, sel: usize) {
        let sel = sel.min(self.view.len().saturating_sub(1));
        if sel != self.sel {
            self.sel = sel;
            self.reset_report();
        }
        self.clamp_all();
    }

    fn command(&mut self, c: Command) {
        if self.help {
            // Any key closes help; quitting still works from it.
            self.help = false;
            if c == Command::Quit {
                self.quit = true;
            }
            return;
        }
        match c {
            Command::Quit => self.quit = true,
            Command::Help => self.help = true,
            Command::NextPane => self.cycle_focus(true),
            Command::PrevPane => self.cycle_focus(false),
            Command::Back => self.back(),
            Command::NextFailure => self.step_failure(true),
            Command::PrevFailure => self.step_failure(false),
            Command::Search => {
                self.input_restore = Some((self.search.clone(), self.sel));
                self.input = Some(String::new());
                self.focus = Focus::List;
            }
            Command::Filter => {
                self.filter = match self.filter {
                    Filter::All => Filter::Errors,
                    Filter::Errors => Filter::Warnings,
                    Filter::Warnings => Filter::Search,
                    Filter::Search => Filter::All,
                };
                self.refresh_view();
                self.message = Some(strings::filter_label(self.filter).into());
            }
            Command::Sort => {
                self.sort = match self.sort {
                    SortKey::Path => SortKey::Agency,
                    SortKey::Agency => SortKey::Year,
                    SortKey::Year => SortKey::Errors,
                    SortKey::Errors => SortKey::Path,
                };
                self.refresh_view();
                self.message = Some(strings::sort_label(self.sort).into());
            }
            _ => match self.focus {
                Focus::List => self.list_command(c),
                Focus::Report => self.report_command(c),
                Focus::Findings => self.findings_command(c),
            },
        }
        self.clamp_all();
    }

    fn cycle_focus(&mut self, forward: bool) {
        self.focus = match (self.focus, forward) {
            (Focus::List, true) => Focus::Report,
            (Focus::Report, true) => Focus::Findings,
            (Focus::Findings, true) => Focus::List,
            (Focus::List, false) => Focus::Findings,
            (Focus::Report, false) => Focus::List,
            (Focus::Findings, false) => Focus::Report,
        };
    }

    fn page(&self, area_h: u16) -> usize {
        usize::from(area_h).max(1)
    }

    /// Apply a vertical movement to a position in `0..len`.
    fn moved(&self, cmd: Command, pos: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        let half = (page / 2).max(1);
        let p = match cmd {
            Command::Up => pos.saturating_sub(1),
            Command::Down => pos.saturating_add(1),
            Command::Top => 0,
            Command::Bottom => last,
            Command::HalfPageDown => pos.saturating_add(half),
            Command::HalfPageUp => pos.saturating_sub(half),
            Command::PageDown => pos.saturating_add(page),
            Command::PageUp => pos.saturating_sub(page),
            _ => pos,
        };
        p.min(last)
    }

    fn list_command(&mut self, c: Command) {
        let page = self.page(self.areas().list_inner().height);
        match c {
            Command::Open | Command::Right => {
                if self.selected_entry().is_some() {
                    self.focus = Focus::Report;
                }
            }
            Command::SearchNext => self.search_step(true),
            Command::SearchPrev => self.search_step(false),
            _ => {
                let s = self.moved(c, self.sel, self.view.len(), page);
                self.select(s);
            }
        }
    }

    fn search_step(&mut self, forward: bool) {
        if self.search.is_empty() || self.view.is_empty() {
            return;
        }
        let n = self.view.len();
        for k in 1..=n {
            let p = if forward {
                (self.sel + k) % n
            } else {
                (self.sel + n - (k % n)) % n
            };
            if self.entry_matches(self.view[p]) {
                self.select(p);
                return;
            }
        }
        self.message = Some(strings::NO_SEARCH_MATCH.into());
    }

    fn input_char(&mut self, c: char) {
        if let Some(s) = self.input.as_mut() {
            s.push(c);
            let q = s.clone();
            self.set_search(q);
        }
    }

    /// Incremental search: the list narrows (with the search filter) or the
    /// selection jumps to the first match as the user types.
    fn set_search(&mut self, q: String) {
        self.search = q;
        if self.filter == Filter::Search {
            self.refresh_view();
        }
        if !self.search.is_empty() && !self.selected_entry().is_some_and(|i| self.entry_matches(i))
        {
            if let Some(p) = self.view.iter().position(|&i| self.entry_matches(i)) {
                self.select(p);
            }
        }
        self.clamp_all();
    }

    fn report_command(&mut self, c: Command) {
        if self.selected_report().is_none() {
            return;
        }
        match self.report.mode {
            ReportMode::Outline => {
                let page = self.page(self.areas().report_inner().height);
                match c {
                    Command::Open | Command::Right => self.open_outline_item(),
                    Command::Left => self.focus = Focus::List,
                    _ => {
                        self.report.outline_sel =
                            self.moved(c, self.report.outline_sel, OUTLINE.len(), page)
                    }
                }
            }
            ReportMode::Section(n) => {
                let page = self.page(self.areas().report_inner().height);
                let len = self.section_lines(n).len();
                // Scrolling moves the top line; "down" past the last screen
                // is stopped by clamp_all.
                self.report.text_scroll = self.moved(c, self.report.text_scroll, len, page);
            }
            ReportMode::Table(_) => {
                let Some(grid) = self.grid() else { return };
                let page = self.page(self.areas().report_inner().height.saturating_sub(1));
                match c {
                    Command::Left => self.report.col = self.report.col.saturating_sub(1),
                    Command::Right => {
                        self.report.col = self
                            .report
                            .col
                            .saturating_add(1)
                            .min(grid.cols.len().saturating_sub(1))
                    }
                    Command::Open => {}
                    _ => self.report.row = self.moved(c, self.report.row, grid.rows.len(), page),
                }
            }
        }
    }

    fn open_outline_item(&mut self) {
        let sel = self.report.outline_sel;
        match OUTLINE.get(sel) {
            Some(OutlineItem::Section(n)) => {
                self.report.mode = ReportMode::Section(*n);
                self.report.text_scroll = 0;
            }
            Some(OutlineItem::Table(t)) => self.open_table(*t, 0, 0),
            None => {}
        }
    }

    fn open_table(&mut self, t: TableId, row: usize, col: usize) {
        self.report.mode = ReportMode::Table(t);
        self.report.outline_sel = OUTLINE
            .iter()
            .position(|o| *o == OutlineItem::Table(t))
            .unwrap_or(0);
        self.report.row = row;
        self.report.col = col;
        self.report.row_off = 0;
        self.report.col_off = 0;
    }

    fn findings_command(&mut self, c: Command) {
        let n = self.findings().len();
        let page = self.page(self.areas().findings_inner().height);
        match c {
            Command::Open => {
                if let Some(e) = self.selected_entry().filter(|_| self.findings_sel < n) {
                    self.drill_into(e, self.findings_sel);
                }
            }
            Command::SearchNext => self.step_failure(true),
            Command::SearchPrev => self.step_failure(false),
            _ => self.findings_sel = self.moved(c, self.findings_sel, n, page),
        }
    }

    /// Esc: close what is open, or go back to where the user was before a
    /// drill-down.
    fn back(&mut self) {
        if let Some(p) = self.back.pop() {
            self.back.clear();
            self.drill = None;
            if let Some(e) = p.entry {
                if let Some(s) = self.view.iter().position(|&i| i == e) {
                    self.sel = s;
                }
            }
            self.focus = p.focus;
            self.report = p.report;
            self.findings_sel = p.findings_sel;
            self.findings_off = p.findings_off;
            return;
        }
        if self.drill.take().is_some() {
            return;
        }
        match (self.focus, self.report.mode) {
            // In the list, Esc drops the search (and the search filter).
            (Focus::List, _) if !self.search.is_empty() => {
                self.search.clear();
                if self.filter == Filter::Search {
                    self.filter = Filter::All;
                }
                self.refresh_view();
            }
            (Focus::Report, ReportMode::Outline) => self.focus = Focus::List,
            (_, ReportMode::Outline) => {}
            (_, _) => self.report.mode = ReportMode::Outline,
        }
    }

    fn place(&self) -> Place {
        Place {
            focus: self.focus,
            entry: self.selected_entry(),
            report: self.report,
            findings_sel: self.findings_sel,
            findings_off: self.findings_off,
        }
    }

    /// Show a finding: open its table with the cursor on the suspect cell
    /// (or the first involved cell) and mark its cells. A finding without
    /// cells is shown in the findings pane with its detail.
    pub fn drill_into(&mut self, entry: usize, f: usize) {
        if self.drill.is_none() {
            self.back.push(self.place());
        }
        if self.selected_entry() != Some(entry) {
            if let Some(s) = self.view.iter().position(|&i| i == entry) {
                self.sel = s;
                self.report = ReportState::default();
                self.findings_off = 0;
            }
        }
        let cells = self
            .finding(entry, f)
            .zip(self.entries.get(entry))
            .map(|(x, e)| (x.cells_in(&e.path), x.suspect.clone()));
        if cells.is_some() {
            self.findings_sel = f;
        }
        let (involved, suspect) = cells.unwrap_or_default();
        let target = suspect.first().or(involved.first()).cloned();
        self.drill = Some(Drill {
            entry,
            finding: f,
            involved,
            suspect,
        });
        let placed = target.and_then(|id| {
            let report = self.entries.get(entry)?.report()?;
            let grid = Grid::new(report, id.table);
            grid.position(&id).map(|(r, c)| (id.table, r, c))
        });
        match placed {
            Some((t, r, c)) => {
                self.open_table(t, r, c);
                self.focus = Focus::Report;
            }
            None => {
                self.report.mode = ReportMode::Outline;
                self.focus = Focus::Findings;
            }
        }
        self.clamp_all();
    }

    /// `]` / `[`: the next (previous) finding, crossing into the next
    /// (previous) report of the list that has findings.
    fn step_failure(&mut self, forward: bool) {
        let Some(cur_entry) = self.selected_entry() else {
            return;
        };
        let count = self.findings_of(cur_entry).len();
        let drilled = self
            .drill
            .as_ref()
            .filter(|d| d.entry == cur_entry && d.finding < count)
            .map(|d| d.finding);
        let target_in_current = match drilled {
            Some(k) if forward => (k.saturating_add(1) < count).then(|| k.saturating_add(1)),
            Some(k) => k.checked_sub(1),
            None if count == 0 => None,
            None if self.focus == Focus::Findings => {
                Some(self.findings_sel.min(count.saturating_sub(1)))
            }
            None if forward => Some(0),
            None => Some(count.saturating_sub(1)),
        };
        if let Some(k) = target_in_current {
            self.drill_into(cur_entry, k);
            return;
        }
        // Cross into the next report that has findings.
        let n = self.view.len();
        let mut p = self.sel;
        loop {
            p = if forward {
                match p.checked_add(1).filter(|x| *x < n) {
                    Some(x) => x,
                    None => break,
                }
            } else {
                match p.checked_sub(1) {
                    Some(x) => x,
                    None => break,
                }
            };
            let e = self.view[p];
            let count = self.findings_of(e).len();
            if count > 0 {
                self.drill_into(e, if forward { 0 } else { count - 1 });
                return;
            }
        }
        self.message = Some(strings::NO_MORE_FAILURES.into());
    }

    fn click(&mut self, x: u16, y: u16) {
        let a = self.areas();
        let pos = ratatui::layout::Position::new(x, y);
        if a.list.contains(pos) {
            self.focus = Focus::List;
            let inner = a.list_inner();
            if y >= inner.y {
                let row = usize::from(y.saturating_sub(inner.y)).saturating_add(self.list_off);
                if row < self.view.len() {
                    self.select(row);
                }
            }
        } else if a.report.contains(pos) {
            self.focus = Focus::Report;
        } else if a.findings.contains(pos) {
            self.focus = Focus::Findings;
        }
    }

    /// Keep every selection in range and on screen.
    fn clamp_all(&mut self) {
        let a = self.areas();
        self.sel = self.sel.min(self.view.len().saturating_sub(1));
        self.list_off = scroll_to(self.list_off, self.sel, usize::from(a.list_inner().height));
        let nf = self.findings().len();
        self.findings_sel = self.findings_sel.min(nf.saturating_sub(1));
        self.findings_off = scroll_to(
            self.findings_off,
            self.findings_sel,
            usize::from(a.findings_inner().height),
        );
        let inner = a.report_inner();
        match self.report.mode {
            ReportMode::Outline => {}
            ReportMode::Section(n) => {
                let len = self.section_lines(n).len();
                let max = len.saturating_sub(usize::from(inner.height));
                self.report.text_scroll = self.report.text_scroll.min(max);
            }
            ReportMode::Table(_) => {
                if let (Some(grid), Some(report)) = (self.grid(), self.selected_report()) {
                    let rows = grid.rows.len();
                    let cols = grid.cols.len();
                    let mut r = self.report;
                    r.row = r.row.min(rows.saturating_sub(1));
                    r.col = r.col.min(cols.saturating_sub(1));
                    r.row_off = scroll_to(
                        r.row_off,
                        r.row,
                        usize::from(inner.height.saturating_sub(1)),
                    );
                    let avail = inner
                        .width
                        .saturating_sub(grid.label_width(inner.width))
                        .saturating_sub(1);
                    if r.col < r.col_off {
                        r.col_off = r.col;
                    }
                    while r.col_off < r.col
                        && !grid
                            .visible_cols(report, r.col_off, avail)
                            .iter()
                            .any(|(c, _)| *c == r.col)
                    {
                        r.col_off = r.col_off.saturating_add(1);
                    }
                    self.report = r;
                }
            }
        }
    }
}

/// The offset that keeps `pos` within a window of `h` lines starting near
/// `off`.
pub fn scroll_to(off: usize, pos: usize, h: usize) -> usize {
    let h = h.max(1);
    if pos < off {
        pos
    } else if pos >= off.saturating_add(h) {
        pos.saturating_sub(h).saturating_add(1)
    } else {
        off
    }
}

/// Case- and width-insensitive form for search (`ＡＢＣ` finds `abc`,
/// `（` finds `(`).
fn fold(s: &str) -> String {
    text::norm(s).to_lowercase()
}

fn display_name(path: &str, root: &str) -> String {
    let p = std::path::Path::new(path);
    let shown = p
        .strip_prefix(root)
        .ok()
        .map(|r| r.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| path.to_string());
    width::display_text(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scroll_to_keeps_position_visible() {
        assert_eq!(scroll_to(0, 5, 3), 3);
        assert_eq!(scroll_to(4, 2, 3), 2);
        assert_eq!(scroll_to(1, 2, 3), 1);
        assert_eq!(scroll_to(0, 0, 0), 0);
    }

    #[test]
    fn display_name_is_relative() {
        assert_eq!(display_name("dir/a/b.txt", "dir"), "a/b.txt");
        assert_eq!(display_name("x.txt", "."), "x.txt");
    }
}
