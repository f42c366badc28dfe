//! Whole-screen snapshots (ratatui TestBackend + insta) built from hand-made
//! reports: list + report view at 80×24 and 120×40, a drilled-down finding,
//! the help overlay, the too-small screen, and colour off (checked on the
//! buffer's styles as well, since snapshots ignore styles: ratatui #1402).

mod tui_support;

use insta::assert_snapshot;
use ogi_lens::report::TableId;
use ogi_lens::tui::action::Command;
use ratatui::style::{Color, Modifier};
use tui_support::*;

#[test]
fn list_and_outline_80x24() {
    let app = app_sized(80, 24, true, false);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn list_and_section_text_120x40() {
    let mut app = app_sized(120, 40, true, false);
    cmd(&mut app, Command::NextPane);
    cmd(&mut app, Command::Open);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn table_grid_120x40() {
    let mut app = app_sized(120, 40, true, false);
    cmd(&mut app, Command::NextPane);
    for _ in 0..4 {
        cmd(&mut app, Command::Down);
    }
    cmd(&mut app, Command::Open);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn drilled_down_finding_80x24() {
    let mut app = app_sized(80, 24, true, false);
    cmd(&mut app, Command::PrevPane);
    cmd(&mut app, Command::Open);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut app = app_sized(80, 24, true, false);
    cmd(&mut app, Command::Help);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn too_small_20x5() {
    let app = app_sized(20, 5, true, false);
    assert_snapshot!(screen(&app).backend());
}

#[test]
fn ascii_borders_80x24() {
    let mut app = app_sized(80, 24, false, true);
    cmd(&mut app, Command::NextFailure);
    assert_snapshot!(screen(&app).backend());
}

/// With colour off, no cell carries a colour, yet the suspect cell is still
/// marked (glyph + attributes) and the cursor is reverse video.
#[test]
fn colour_off_drilled_down_80x24() {
    let mut app = app_sized(80, 24, false, false);
    cmd(&mut app, Command::NextFailure);
    assert_eq!(
        app.report.mode,
        ogi_lens::tui::app::ReportMode::Table(TableId::T3)
    );
    let term = screen(&app);
    assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "colour used with colour off: {cell:?}"
        );
    }
    // The suspect is under the cursor: its marker glyph and reverse video.
    let marker = buf
        .content()
        .iter()
        .find(|c| c.symbol() == ">" && c.modifier.contains(Modifier::REVERSED));
    assert!(marker.is_some(), "suspect marker under the cursor");
    let involved = buf
        .content()
        .iter()
        .filter(|c| c.symbol() == "*" && c.modifier.contains(Modifier::UNDERLINED))
        .count();
    assert!(involved >= 2, "involved cells marked: {involved}");
}

/// Report text is untrusted: escape sequences and control characters from a
/// report never reach the terminal; they are drawn as visible placeholders.
#[test]
fn hostile_report_text_is_neutralised() {
    let mut app = app_sized(80, 24, true, false);
    if let Some(c) = app.entries[0].checked.as_mut() {
        c.report.agency = Some("恶意\u{1b}]0;pwned\u{7}机关\u{1b}[2J".into());
        c.findings[0].message = "bad\u{1b}[31mred\u{9b}31m".into();
        c.report.lines.set(16, "（一）予以公开\u{1b}[1;1H\u{202e}2");
    }
    cmd(&mut app, Command::NextFailure);
    let term = screen(&app);
    for cell in term.backend().buffer().content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "control character reached the screen: {:?}",
            cell.symbol()
        );
    }
    assert_snapshot!(term.backend());
}

#[test]
fn recovered_cells_are_marked_in_the_grid() {
    // Values split out of flattened web text are shown with `~`.
    let mut app = app_sized(120, 40, false, true);
    let mut c = checked();
    if let Some(t3) = c[0].report.t3.as_mut() {
        for cell in t3.cells.iter_mut().filter(|x| x.id.row == "A1") {
            cell.recovered = true;
        }
    }
    for (i, x) in c.into_iter().enumerate() {
        app.update(ogi_lens::tui::action::Action::Loaded(i, Box::new(x)));
    }
    app.settle();
    cmd(&mut app, Command::NextPane);
    for _ in 0..4 {
        cmd(&mut app, Command::Down);
    }
    cmd(&mut app, Command::Open);
    let term = screen(&app);
    let buf = term.backend().buffer();
    let lines: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                // Wide characters leave a blank continuation cell.
                .replace(' ', "")
        })
        .collect();
    let a1 = lines
        .iter()
        .find(|l| l.contains("一、本年新收"))
        .unwrap_or_else(|| panic!("A1 row on screen:\n{}", lines.join("\n")));
    // The values after the frozen label column (`~` is also the ASCII ellipsis
    // of a cut label).
    let values = |l: &str| l.rsplit('|').nth(1).unwrap_or("").to_string();
    let v = values(a1);
    assert!(
        v.matches('~').count() >= 5,
        "every visible value is marked: {a1}"
    );
    assert_eq!(
        v.matches('~').count(),
        v.chars().filter(|c| c.is_ascii_digit()).count()
    );
    let a2 = lines
        .iter()
        .find(|l| l.contains("二、上年结转"))
        .expect("A2 row on screen");
    assert!(!values(a2).contains('~'), "{a2}");
}
