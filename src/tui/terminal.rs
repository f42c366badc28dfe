//! Entering and leaving full-screen mode, on every exit path.
//!
//! `ratatui::try_init` enables raw mode, enters the alternate screen and
//! installs a panic hook that undoes both; it does not undo mouse capture
//! (ratatui declined in PR #2073) nor show the cursor. So: our own panic hook
//! is installed *before* ratatui's (ratatui's restore then runs first, ours
//! second, then the default hook prints the panic on the normal screen), and
//! a guard restores on normal return. Signals (SIGTERM/SIGHUP) arrive as
//! events and end the main loop, so they go through the guard too.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use ratatui::DefaultTerminal;
use std::io::stdout;

/// Restores the terminal when dropped, unless the thread is panicking (the
/// panic hook already did it, and restoring twice would wipe the message).
pub struct Guard {
    mouse: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            restore(self.mouse);
        }
    }
}

pub fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(stdout(), crossterm::cursor::Show);
}

pub fn init(mouse: bool) -> std::io::Result<(DefaultTerminal, Guard)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if mouse {
            let _ = execute!(stdout(), DisableMouseCapture);
        }
        let _ = execute!(stdout(), crossterm::cursor::Show);
        previous(info);
    }));
    let terminal = ratatui::try_init()?;
    let guard = Guard { mouse };
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok((terminal, guard))
}

/// Draw one frame inside a synchronized update, so terminals that support
/// DEC mode 2026 never show a half-drawn frame (others ignore it).
pub fn draw(
    terminal: &mut DefaultTerminal,
    f: impl FnOnce(&mut ratatui::Frame),
) -> std::io::Result<()> {
    let _ = execute!(stdout(), crossterm::terminal::BeginSynchronizedUpdate);
    let r = terminal.draw(f).map(|_| ());
    let _ = execute!(stdout(), crossterm::terminal::EndSynchronizedUpdate);
    r
}
