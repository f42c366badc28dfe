//! `App::update` behaviour, without a terminal: navigation, filter/sort,
//! search, drill-down onto the suspect cell, next-failure across reports, and
//! Esc restoring the previous view.

mod tui_support;

use ogi_lens::corpus::CrossSet;
use ogi_lens::report::{CellId, TableId};
use ogi_lens::tui::action::{Action, Command};
use ogi_lens::tui::app::{Filter, Focus, ReportMode, SortKey};
use tui_support::*;

fn selected_name(app: &ogi_lens::tui::app::App) -> String {
    app.selected().map(|e| e.name.clone()).unwrap_or_default()
}

#[test]
fn list_navigation_moves_and_clamps() {
    let mut app = app();
    assert_eq!(selected_name(&app), "a-2022.txt");
    cmd(&mut app, Command::Down);
    assert_eq!(selected_name(&app), "b-2021.txt");
    cmd(&mut app, Command::Bottom);
    assert_eq!(selected_name(&app), "d-2023.txt");
    cmd(&mut app, Command::Down);
    assert_eq!(selected_name(&app), "d-2023.txt");
    cmd(&mut app, Command::Top);
    cmd(&mut app, Command::Up);
    assert_eq!(app.sel, 0);
    cmd(&mut app, Command::HalfPageDown);
    assert_eq!(app.sel, 3);
}

#[test]
fn counts_come_from_findings() {
    let app = app();
    let a = &app.entries[0];
    assert_eq!((a.errors, a.warnings), (1, 1));
    assert_eq!(app.entries[1].errors, 0);
    assert!(app.entries[3].checked.is_none());
    assert!(app.loading);
    assert_eq!(app.loaded, 3);
}

#[test]
fn filter_cycles_and_keeps_selection_when_possible() {
    let mut app = app();
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down); // c
    cmd(&mut app, Command::Filter);
    assert_eq!(app.filter, Filter::Errors);
    let names: Vec<_> = app
        .view
        .iter()
        .map(|&i| app.entries[i].name.clone())
        .collect();
    assert_eq!(names, ["a-2022.txt", "c-2022.txt"]);
    assert_eq!(selected_name(&app), "c-2022.txt");
    cmd(&mut app, Command::Filter);
    assert_eq!(app.filter, Filter::Warnings);
    assert_eq!(app.view.len(), 1);
    assert_eq!(selected_name(&app), "a-2022.txt");
    cmd(&mut app, Command::Filter);
    cmd(&mut app, Command::Filter);
    assert_eq!(app.filter, Filter::All);
    assert_eq!(app.view.len(), 4);
}

#[test]
fn sort_cycles_through_keys() {
    let mut app = app();
    cmd(&mut app, Command::Sort);
    assert_eq!(app.sort, SortKey::Agency);
    // Pending (no agency) sorts last; 平湖 < 郑东 < 金水 by code point.
    let last = *app.view.last().unwrap_or(&0);
    assert_eq!(app.entries[last].name, "d-2023.txt");
    cmd(&mut app, Command::Sort);
    assert_eq!(app.sort, SortKey::Year);
    assert_eq!(app.entries[app.view[0]].name, "b-2021.txt");
    cmd(&mut app, Command::Sort);
    assert_eq!(app.sort, SortKey::Errors);
    let first_two: Vec<_> = app.view[..2]
        .iter()
        .map(|&i| app.entries[i].warnings)
        .collect();
    assert_eq!(
        first_two,
        [1, 0],
        "a (1 error, 1 warning) before c (1 error)"
    );
    cmd(&mut app, Command::Sort);
    assert_eq!(app.sort, SortKey::Path);
}

#[test]
fn search_jumps_and_n_moves_between_matches() {
    let mut app = app();
    cmd(&mut app, Command::Search);
    assert!(app.input.is_some());
    for c in "科技".chars() {
        app.update(Action::InputChar(c));
    }
    app.update(Action::InputSubmit);
    assert!(app.input.is_none());
    assert_eq!(selected_name(&app), "a-2022.txt");
    cmd(&mut app, Command::SearchNext);
    assert_eq!(selected_name(&app), "c-2022.txt");
    cmd(&mut app, Command::SearchNext);
    assert_eq!(selected_name(&app), "a-2022.txt", "wraps around");
    cmd(&mut app, Command::SearchPrev);
    assert_eq!(selected_name(&app), "c-2022.txt");
    // The search filter narrows the list to the matches.
    for _ in 0..3 {
        cmd(&mut app, Command::Filter);
    }
    assert_eq!(app.filter, Filter::Search);
    assert_eq!(app.view.len(), 2);
    // Esc while typing restores the previous search.
    cmd(&mut app, Command::Search);
    app.update(Action::InputChar('q'));
    assert_eq!(app.view.len(), 0);
    app.update(Action::InputCancel);
    assert_eq!(app.search, "科技");
    assert_eq!(app.view.len(), 2);
    // Esc in the list drops the search and its filter.
    cmd(&mut app, Command::Back);
    assert!(app.search.is_empty());
    assert_eq!(app.filter, Filter::All);
    assert_eq!(app.view.len(), 4);
}

#[test]
fn outline_opens_sections_and_tables_and_esc_goes_back() {
    let mut app = app();
    cmd(&mut app, Command::NextPane);
    assert_eq!(app.focus, Focus::Report);
    cmd(&mut app, Command::Open);
    assert_eq!(app.report.mode, ReportMode::Section(1));
    cmd(&mut app, Command::Back);
    assert_eq!(app.report.mode, ReportMode::Outline);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Open);
    assert_eq!(app.report.mode, ReportMode::Table(TableId::T2));
    cmd(&mut app, Command::Right);
    cmd(&mut app, Command::Down);
    assert_eq!((app.report.row, app.report.col), (1, 1));
    assert_eq!(
        app.cursor_cell(),
        Some(CellId::new(TableId::T2, "NORM", "repealed"))
    );
    cmd(&mut app, Command::Bottom);
    assert_eq!(
        app.cursor_cell().map(|c| c.row.to_string()),
        Some("FEE".to_string())
    );
    cmd(&mut app, Command::Back);
    cmd(&mut app, Command::Back);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn table_cursor_scrolls_sideways_and_down() {
    let mut app = app();
    cmd(&mut app, Command::NextPane);
    for _ in 0..4 {
        cmd(&mut app, Command::Down);
    }
    cmd(&mut app, Command::Open);
    assert_eq!(app.report.mode, ReportMode::Table(TableId::T3));
    for _ in 0..6 {
        cmd(&mut app, Command::Right);
    }
    assert_eq!(app.report.col, 6);
    assert!(app.report.col_off > 0, "CT is off screen at 80 columns");
    cmd(&mut app, Command::Bottom);
    assert_eq!(app.cursor_cell(), Some(CellId::t3("A4", "CT")));
    assert!(app.report.row_off > 0);
    cmd(&mut app, Command::Top);
    assert_eq!(app.report.row_off, 0);
}

#[test]
fn drill_down_lands_on_the_suspect_cell_and_esc_restores() {
    let mut app = app();
    cmd(&mut app, Command::PrevPane);
    assert_eq!(app.focus, Focus::Findings);
    // Errors are listed first.
    let v = app.finding(0, 0).map(|v| v.rule.id);
    assert_eq!(v, Some("T3-1"));
    cmd(&mut app, Command::Open);
    assert_eq!(app.focus, Focus::Report);
    assert_eq!(app.report.mode, ReportMode::Table(TableId::T3));
    assert_eq!(app.cursor_cell(), Some(CellId::t3("R1", "C2")));
    let d = app.drill.clone().expect("drilled");
    assert_eq!(d.suspect, vec![CellId::t3("R1", "C2")]);
    assert_eq!(d.involved.len(), 7);
    // Moving around keeps the marks; Esc goes back where we were.
    cmd(&mut app, Command::Right);
    cmd(&mut app, Command::Back);
    assert!(app.drill.is_none());
    assert_eq!(app.focus, Focus::Findings);
    assert_eq!(app.report.mode, ReportMode::Outline);
    assert_eq!(app.findings_sel, 0);
}

#[test]
fn finding_without_cells_stays_in_findings_pane() {
    let mut app = app();
    cmd(&mut app, Command::PrevPane);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Open);
    assert_eq!(app.focus, Focus::Findings);
    assert!(app.drill.is_some());
    assert!(app.show_detail());
}

#[test]
fn next_failure_crosses_into_the_next_report_and_back() {
    let mut app = app();
    cmd(&mut app, Command::NextFailure);
    assert_eq!(selected_name(&app), "a-2022.txt");
    assert_eq!(app.cursor_cell(), Some(CellId::t3("R1", "C2")));
    cmd(&mut app, Command::NextFailure);
    assert_eq!(app.findings_sel, 1);
    assert_eq!(app.focus, Focus::Findings, "META-3 has no cells");
    // b is clean: skipped. c's finding has no suspect: first involved cell.
    cmd(&mut app, Command::NextFailure);
    assert_eq!(selected_name(&app), "c-2022.txt");
    assert_eq!(
        app.cursor_cell(),
        Some(CellId::new(TableId::T4, "RV", "keep"))
    );
    cmd(&mut app, Command::NextFailure);
    assert_eq!(
        selected_name(&app),
        "c-2022.txt",
        "d is pending: nothing more"
    );
    assert!(app.message.is_some());
    cmd(&mut app, Command::PrevFailure);
    assert_eq!(selected_name(&app), "a-2022.txt");
    assert_eq!(app.findings_sel, 1);
    // Esc returns to where the first jump started.
    cmd(&mut app, Command::Back);
    assert_eq!(selected_name(&app), "a-2022.txt");
    assert_eq!(app.focus, Focus::List);
    assert!(app.drill.is_none());
}

#[test]
fn n_in_findings_pane_is_next_failure() {
    let mut app = app();
    cmd(&mut app, Command::PrevPane);
    cmd(&mut app, Command::SearchNext);
    assert_eq!(app.cursor_cell(), Some(CellId::t3("R1", "C2")));
}

#[test]
fn cross_findings_are_listed_and_counted() {
    let mut app = app();
    let own = (app.entries[0].warnings, app.entries[1].warnings);
    // A reload's cross findings replace the earlier ones in the counts.
    app.update(Action::LoadDone(CrossSet::new(vec![cross(), cross()])));
    assert_eq!(app.entries[1].warnings, own.1 + 2);
    app.update(Action::LoadDone(CrossSet::default()));
    assert_eq!((app.entries[0].warnings, app.entries[1].warnings), own);
    app.update(Action::LoadDone(CrossSet::new(vec![cross()])));
    assert!(!app.loading);
    assert_eq!(app.entries[1].warnings, 1);
    assert_eq!(app.entries[0].warnings, 2);
    cmd(&mut app, Command::Down); // b
    cmd(&mut app, Command::PrevPane);
    cmd(&mut app, Command::Open);
    // b's own cell of the cross finding is A4.CT.
    assert_eq!(app.cursor_cell(), Some(CellId::t3("A4", "CT")));
}

#[test]
fn help_opens_and_any_key_closes() {
    let mut app = app();
    cmd(&mut app, Command::Help);
    assert!(app.help);
    cmd(&mut app, Command::Down);
    assert!(!app.help);
    assert_eq!(app.sel, 0, "the closing key does nothing else");
    cmd(&mut app, Command::Help);
    cmd(&mut app, Command::Quit);
    assert!(app.quit);
}

#[test]
fn resize_storm_and_tiny_sizes_never_panic() {
    let mut app = app();
    cmd(&mut app, Command::NextFailure);
    for (w, h) in [
        (1, 1),
        (0, 0),
        (20, 5),
        (300, 2),
        (2, 300),
        (80, 24),
        (49, 15),
        (120, 40),
    ] {
        app.update(Action::Resize(w, h));
        for c in ogi_lens::tui::action::Command::ALL {
            if c != Command::Quit {
                cmd(&mut app, c);
            }
        }
        let _ = screen(&app);
    }
}

#[test]
fn loading_streams_in_pending_rows() {
    let mut app = ogi_lens::tui::app::App::new(
        PATHS.iter().map(|s| s.to_string()).collect(),
        "reports",
        Default::default(),
        ogi_lens::tui::theme::Theme::new(false, false),
    );
    assert_eq!(app.view.len(), 4);
    assert!(app.selected_report().is_none());
    cmd(&mut app, Command::Filter); // errors only: nothing loaded yet
    assert!(app.view.is_empty());
    let mut it = checked().into_iter();
    if let Some(c) = it.next() {
        app.update(Action::Loaded(0, Box::new(c)));
    }
    app.settle();
    assert_eq!(app.view.len(), 1);
}

#[test]
fn section_text_keeps_its_paragraphs_and_hides_escapes() {
    let mut app = app();
    if let Some(c) = app.entries[0].checked.as_mut() {
        c.report.sections[0].text = "第一段\n第二段\u{1b}[2J".into();
    }
    cmd(&mut app, Command::NextPane);
    cmd(&mut app, Command::Open);
    let lines = app.section_lines(1);
    assert_eq!(lines[0], "第一段");
    assert!(lines[1].starts_with("第二段"));
    assert!(lines.iter().all(|l| !l.contains('\u{1b}')), "{lines:?}");
}
