//! Everything a user (or the loader) can ask the app to do.
//!
//! Keys never reach [`super::app::App`]: the keymap turns them into an
//! `Action`, and `App::update` interprets the action for the focused pane
//! (`down` moves the list selection in the list, the cell cursor in a table).
//! Keeping intents abstract is what makes every binding remappable and the
//! app testable without a terminal.

use crate::corpus::{Checked, CrossSet};

/// The user's intents that keys can be bound to. The names (`Action::name`)
/// are the keys of the `[keys]` table of the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
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
    NextPane,
    PrevPane,
    Open,
    Back,
    Search,
    SearchNext,
    SearchPrev,
    Filter,
    Sort,
    NextFailure,
    PrevFailure,
    Help,
    Quit,
}

impl Command {
    pub const ALL: [Command; 23] = [
        Command::Up,
        Command::Down,
        Command::Left,
        Command::Right,
        Command::Top,
        Command::Bottom,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::PageDown,
        Command::PageUp,
        Command::NextPane,
        Command::PrevPane,
        Command::Open,
        Command::Back,
        Command::Search,
        Command::SearchNext,
        Command::SearchPrev,
        Command::Filter,
        Command::Sort,
        Command::NextFailure,
        Command::PrevFailure,
        Command::Help,
        Command::Quit,
    ];

    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Command::Up => "up",
            Command::Down => "down",
            Command::Left => "left",
            Command::Right => "right",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::HalfPageDown => "half_page_down",
            Command::HalfPageUp => "half_page_up",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Open => "open",
            Command::Back => "back",
            Command::Search => "search",
            Command::SearchNext => "search_next",
            Command::SearchPrev => "search_prev",
            Command::Filter => "filter",
            Command::Sort => "sort",
            Command::NextFailure => "next_failure",
            Command::PrevFailure => "prev_failure",
            Command::Help => "help",
            Command::Quit => "quit",
        }
    }

    pub fn from_name(s: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// Everything that changes the app state.
#[derive(Debug)]
pub enum Action {
    /// A bound key.
    Cmd(Command),
    /// Typing into the search prompt (keys are text there, not commands).
    InputChar(char),
    InputBackspace,
    InputSubmit,
    InputCancel,
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel over the focused pane.
    Scroll(i8),
    /// Mouse click at a screen position.
    Click(u16, u16),
    /// The loader finished the file at this index of the discovered list.
    Loaded(usize, Box<Checked>),
    /// The loader finished every file; the cross-report findings.
    LoadDone(CrossSet),
}
