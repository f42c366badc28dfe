//! Colours, text attributes and glyphs, for colour on or off and for Unicode
//! or ASCII borders.
//!
//! Over SSH the safe palette is the 16 ANSI colours (they follow the user's
//! terminal theme; `COLORTERM` is rarely forwarded), and with `NO_COLOR` or
//! `--color never` there is no colour at all. So every meaning has a glyph or
//! an attribute too: severity has a marker (`✗`/`E`), the suspect cell is
//! reversed and marked, involved cells are underlined and marked. Colour only
//! adds emphasis. Views ask this module for styles and never build their own.

use crate::rules::Severity;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

/// How a table cell is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellMark {
    None,
    Involved,
    Suspect,
}

impl Theme {
    pub fn new(color: bool, ascii: bool) -> Theme {
        Theme { color, ascii }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn border_set(&self) -> border::Set {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    /// The selected row of a list: reversed, so it shows with colour off.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// The marker drawn at the start of a selected row (redundant with
    /// reverse video, but survives copy/paste and monochrome captures).
    pub fn cursor_glyph(&self) -> &'static str {
        ">"
    }

    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow),
            Severity::Info => self.fg(Color::Cyan),
        }
    }

    pub fn severity_glyph(&self, s: Severity) -> &'static str {
        match (s, self.ascii) {
            (Severity::Error, false) => "✗",
            (Severity::Warning, false) => "!",
            (Severity::Info, false) => "i",
            (Severity::Error, true) => "E",
            (Severity::Warning, true) => "W",
            (Severity::Info, true) => "I",
        }
    }

    pub fn ok_glyph(&self) -> &'static str {
        if self.ascii {
            "ok"
        } else {
            "✓"
        }
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn pending_glyph(&self) -> &'static str {
        if self.ascii {
            ".."
        } else {
            "…"
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.ascii {
            crate::width::ELLIPSIS_ASCII
        } else {
            crate::width::ELLIPSIS
        }
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Blank / placeholder / absent / text cells: never confusable with a
    /// number (they carry their own glyph, and are dim + italic).
    pub fn missing_value(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn blank_glyph(&self) -> &'static str {
        if self.ascii {
            "_"
        } else {
            "空"
        }
    }

    pub fn absent_glyph(&self) -> &'static str {
        if self.ascii {
            "?"
        } else {
            "缺"
        }
    }

    /// The glyph in front of a marked cell's value.
    pub fn mark_glyph(&self, m: CellMark) -> &'static str {
        match m {
            CellMark::None => " ",
            CellMark::Involved => "*",
            CellMark::Suspect => ">",
        }
    }

    pub fn cell(&self, mark: CellMark, cursor: bool) -> Style {
        let base = match mark {
            CellMark::None => Style::new(),
            CellMark::Involved => self.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            CellMark::Suspect => self
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        };
        if cursor {
            base.add_modifier(Modifier::REVERSED)
        } else {
            base
        }
    }

    pub fn message(&self) -> Style {
        self.fg(Color::Yellow)
    }
}
