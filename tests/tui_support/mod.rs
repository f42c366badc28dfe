//! Hand-made reports and findings for the TUI tests, so they mean something
//! whatever the parser and rules currently do, and are deterministic.
#![allow(dead_code)]

use ogi_lens::corpus::Checked;
use ogi_lens::report::schema::{self, Template};
use ogi_lens::report::{Cell, CellId, Report, Section, Table, TableId, Value};
use ogi_lens::rules::{catalogue, Finding};
use ogi_lens::tui::action::{Action, Command};
use ogi_lens::tui::app::App;
use ogi_lens::tui::keymap::Keymap;
use ogi_lens::tui::theme::Theme;

/// A 2021-template report with every table filled; row R1 of table 三 has a
/// wrong value in C2 (so 总计 ≠ Σ), a blank and a placeholder cell.
pub fn report(path: &str, agency: &str, year: i32) -> Report {
    let mut r = Report::empty(path);
    r.agency = Some(agency.to_string());
    r.year = Some(year);
    r.template = Some(Template::V2021);
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    let mut lines = vec![r.title.clone().unwrap_or_default(), String::new()];
    let texts = [
        "2022年以来，本局持续落实政府信息公开工作，积极主动公开政府信息，取得了积极成效，现将具体内容公布如下：（一）主动公开。主动公开的信息主要包括：机构设置、领导信息、主要职能。",
        "",
        "",
        "",
        "一是信息公开的及时性有待提高。二是公开内容的规范性有待加强。",
        "本年度未收取信息处理费。",
    ];
    for (i, def) in schema::SECTIONS.iter().enumerate() {
        let line = lines.len() + 1;
        lines.push(def.title.to_string());
        lines.push(texts[i].to_string());
        r.sections.push(Section {
            ordinal: def.ordinal,
            title: def.title.to_string(),
            line,
            end_line: line + 1,
            text: texts[i].to_string(),
            wording: ogi_lens::report::TitleMatch::Exact,
        });
        for t in TableId::ALL {
            if t.section() == def.ordinal {
                let table = fill_table(&mut lines, t, Template::V2021);
                match t {
                    TableId::T2 => r.t2 = Some(table),
                    TableId::T3 => r.t3 = Some(table),
                    TableId::T4 => r.t4 = Some(table),
                }
            }
        }
    }
    r.lines = lines.into_iter().collect();
    r
}

fn fill_table(lines: &mut Vec<String>, t: TableId, tpl: Template) -> Table {
    let mut table = Table::new(t, lines.len() + 1, t.section());
    for (ri, def) in schema::rows(t, tpl).iter().enumerate() {
        let line = lines.len() + 1;
        let mut raw_line = def.label.to_string();
        for (ci, c) in def.cols.iter().enumerate() {
            let n = ((ri + ci) % 4) as i64;
            let (value, raw) = match (t, def.id, c.id) {
                (TableId::T3, "R1", "C2") => (Value::Int(2), "2".to_string()),
                (TableId::T3, "R1", "CT") => (Value::Int(12), "12".to_string()),
                (TableId::T3, "R3.1", "C3") => (Value::Blank, String::new()),
                (TableId::T3, "R3.2", "C4") => (Value::Placeholder, "/".to_string()),
                (TableId::T2, "FEE", "amount") => (Value::Money(1.25), "1.2500".to_string()),
                _ => (Value::Int(n), n.to_string()),
            };
            raw_line.push('\t');
            raw_line.push_str(&raw);
            table.cells.push(Cell {
                id: CellId::new(t, def.id, c.id),
                value,
                raw,
                line: Some(line),
                unit_in_cell: None,
                recovered: false,
            });
        }
        lines.push(raw_line);
    }
    table
}

pub fn t3_sum_finding(r: &Report) -> Finding {
    let cols = ["C1", "C2", "C3", "C4", "C5", "C6", "CT"];
    let cells: Vec<CellId> = cols.iter().map(|c| CellId::t3("R1", c)).collect();
    let line = r
        .cell(&CellId::t3("R1", "CT"))
        .and_then(|c| c.line)
        .unwrap_or(0);
    Finding::new(&catalogue::T3_1, "（一）予以公开行: 总计 12 ≠ 各列之和 11")
        .cells(cells)
        .suspect(vec![CellId::t3("R1", "C2")])
        .values(11.0, 12.0)
        .at(line)
}

pub fn text_warning() -> Finding {
    Finding::new(&catalogue::META_3, "第一节写的年度与标题年度不一致").at(4)
}

pub fn t4_finding() -> Finding {
    let cells = ["keep", "corr", "oth", "pend", "tot"]
        .iter()
        .map(|c| CellId::new(TableId::T4, "RV", *c))
        .collect();
    Finding::new(&catalogue::T4_1, "行政复议: 总计 ≠ 各项之和")
        .cells(cells)
        .values(6.0, 7.0)
}

/// Paths of the fixture folder, in path order.
pub const PATHS: [&str; 4] = [
    "reports/a-2022.txt",
    "reports/b-2021.txt",
    "reports/c-2022.txt",
    "reports/d-2023.txt",
];

/// Four reports: a (1 error + 1 warning), b (clean), c (1 error in 表四),
/// d (still loading).
pub fn checked() -> Vec<Checked> {
    let a = report(PATHS[0], "郑东新区科技人才局", 2022);
    let fa = vec![text_warning(), t3_sum_finding(&a)];
    let b = report(PATHS[1], "金水区科学技术局", 2021);
    let c = report(PATHS[2], "平湖市科技局", 2022);
    vec![
        Checked {
            report: a,
            findings: fa,
        },
        Checked {
            report: b,
            findings: vec![],
        },
        Checked {
            report: c,
            findings: vec![t4_finding()],
        },
    ]
}

pub fn app_sized(w: u16, h: u16, color: bool, ascii: bool) -> App {
    let mut app = App::new(
        PATHS.iter().map(|s| s.to_string()).collect(),
        "reports",
        Keymap::default(),
        Theme::new(color, ascii),
    );
    app.update(Action::Resize(w, h));
    for (i, c) in checked().into_iter().enumerate() {
        app.update(Action::Loaded(i, Box::new(c)));
    }
    app.settle();
    app
}

pub fn app() -> App {
    app_sized(80, 24, true, false)
}

pub fn cross() -> Finding {
    Finding::across(
        &catalogue::X_1,
        "上年结转与上年报告的结转下年度不一致",
        vec![PATHS[1].into(), PATHS[0].into()],
    )
    .cells_of_reports(vec![
        (0, CellId::t3("A4", "CT")),
        (1, CellId::t3("A2", "CT")),
    ])
}

pub fn cmd(app: &mut App, c: Command) {
    app.update(Action::Cmd(c));
}

/// Render the app into a TestBackend of its size.
pub fn screen(app: &App) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
    let mut term = ratatui::Terminal::new(backend).expect("test backend");
    term.draw(|f| ogi_lens::tui::view::draw(f, app))
        .expect("draw");
    term
}
