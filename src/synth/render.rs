//! Rendering a [`SynthReport`] as text in one [`Layout`].
//!
//! A report is first turned into a small document model — title, headings,
//! paragraphs and tables as HTML-like grids with `colspan`/`rowspan` — and each
//! layout then writes that model the way the real source it imitates does
//! (samples 000–004, HTML pages, `pdftotext -layout`). Layout-specific
//! artefacts (blank lines inside tables, trailing empty cells…) come from a
//! generator seeded by the report seed and the layout, so a rendering is
//! deterministic.

use super::{Bracket, Layout, Para, Rng, Style, SynthReport, SynthValue, TitleStyle};
use crate::report::schema::{self, ColKind, Template};
use crate::report::{CellId, TableId};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

// ---- Document model -------------------------------------------------------

#[derive(Debug, Clone)]
struct GCell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

fn gc(text: impl Into<String>) -> GCell {
    GCell {
        text: text.into(),
        colspan: 1,
        rowspan: 1,
    }
}

fn span(text: impl Into<String>, colspan: usize, rowspan: usize) -> GCell {
    GCell {
        text: text.into(),
        colspan,
        rowspan,
    }
}

#[derive(Debug, Clone)]
struct GRow {
    cells: Vec<GCell>,
    header: bool,
    /// The template row id of a data row.
    id: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Grid {
    table: TableId,
    width: usize,
    rows: Vec<GRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// No cell reaches this position (a short row).
    Free,
    /// The cell with this index in the row starts here.
    Anchor(usize),
    /// Covered by the colspan of a cell of the same row.
    ColCover,
    /// Covered by the rowspan of a cell above; `first` for its first column.
    RowCover { first: bool },
}

impl Grid {
    /// The HTML table model: which cell occupies each position of each row.
    fn slots(&self) -> Vec<Vec<Slot>> {
        let w = self.width;
        let mut remaining = vec![0usize; w];
        let mut first_col = vec![false; w];
        let mut out = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            let mut slots = vec![Slot::Free; w];
            for c in 0..w {
                if remaining[c] > 0 {
                    slots[c] = Slot::RowCover {
                        first: first_col[c],
                    };
                    remaining[c] -= 1;
                }
            }
            let mut col = 0;
            for (i, cell) in row.cells.iter().enumerate() {
                while col < w && slots[col] != Slot::Free {
                    col += 1;
                }
                if col >= w {
                    break;
                }
                for k in 0..cell.colspan {
                    if let Some(s) = slots.get_mut(col + k) {
                        *s = if k == 0 {
                            Slot::Anchor(i)
                        } else {
                            Slot::ColCover
                        };
                    }
                    if cell.rowspan > 1 && col + k < w {
                        remaining[col + k] = cell.rowspan - 1;
                        first_col[col + k] = k == 0;
                    }
                }
                col += cell.colspan;
            }
            out.push(slots);
        }
        out
    }

    /// Every position of every row, covered positions empty.
    fn matrix(&self) -> Vec<Vec<String>> {
        self.slots()
            .iter()
            .zip(&self.rows)
            .map(|(slots, row)| {
                slots
                    .iter()
                    .map(|s| match s {
                        Slot::Anchor(i) => row.cells[*i].text.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Block {
    Title(Vec<String>),
    Heading(String),
    Sub(String),
    Text(String),
    Table(Grid),
}

// ---- Labels and values ------------------------------------------------------

fn style_label(s: &str, st: &Style) -> String {
    let mut t = match st.bracket {
        Bracket::Full => s.to_string(),
        Bracket::Half | Bracket::HalfSpace => s.replace('（', "(").replace('）', ")"),
    };
    if st.bracket == Bracket::HalfSpace && t.starts_with('(') {
        if let Some(p) = t.find(')') {
            if p <= 4 {
                t.insert(p + 1, ' ');
            }
        }
    }
    let mut chars = t.chars();
    if let (Some(d), Some('.')) = (chars.next(), chars.next()) {
        if d.is_ascii_digit() && st.item_sep != "." {
            t = format!("{}{}{}", d, st.item_sep, &t[2..]);
        }
    }
    t
}

fn spaced(s: &str, st: &Style) -> String {
    let n = s.chars().count();
    if !st.spaced_headers || !(2..=4).contains(&n) {
        return s.to_string();
    }
    let mid = n / 2;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == mid {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn fmt_int(v: i64, st: &Style) -> String {
    if st.thousands && v.abs() >= 1000 {
        let digits = v.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0 {
            out.insert(0, '-');
        }
        out
    } else {
        v.to_string()
    }
}

fn fmt_money(units: i64, st: &Style) -> String {
    let whole = units / 10_000;
    let frac = units % 10_000;
    if st.money_fixed4 {
        return format!("{}.{:04}", whole, frac);
    }
    if frac == 0 {
        return whole.to_string();
    }
    let f = format!("{:04}", frac);
    format!("{}.{}", whole, f.trim_end_matches('0'))
}

fn fmt_value(r: &SynthReport, id: &CellId, kind: ColKind) -> String {
    let st = &r.style;
    match (r.values.get(id), kind) {
        (Some(SynthValue::Money(u)), _) => fmt_money(*u, st),
        (Some(SynthValue::Int(v)), ColKind::Signed) if *v > 0 && st.plus_sign => {
            format!("+{}", fmt_int(*v, st))
        }
        (Some(SynthValue::Int(v)), _) => fmt_int(*v, st),
        (None, _) => String::new(),
    }
}

fn title_lines(r: &SynthReport) -> Vec<String> {
    let (a, y) = (&r.agency, r.year);
    match r.style.title {
        TitleStyle::Plain => vec![format!("{a}{y}年政府信息公开工作年度报告")],
        TitleStyle::NianDu => vec![format!("{a}{y}年度政府信息公开工作年度报告")],
        TitleStyle::YearFirst => vec![format!("{y}年{a}政府信息公开工作年度报告")],
        TitleStyle::TwoLine => vec![a.clone(), format!("{y}年政府信息公开工作年度报告")],
        TitleStyle::Spaced => vec![format!("{a} {y} 年度政府信息公开工作 年度报告")],
    }
}

// ---- Tables -----------------------------------------------------------------

fn t2_grid(r: &SynthReport) -> Grid {
    let st = &r.style;
    let mut rows = Vec::new();
    let defs = schema::rows(TableId::T2, r.template);
    let captions = match r.template {
        Template::V2019 => schema::T2_CAPTIONS_OLD,
        Template::V2021 => schema::T2_CAPTIONS_NEW,
    };
    for cap in captions {
        let group: Vec<_> = defs.iter().filter(|d| d.group == *cap).collect();
        let Some(first) = group.first() else {
            continue;
        };
        rows.push(GRow {
            cells: vec![span(style_label(cap, st), 4, 1)],
            header: true,
            id: None,
        });
        let mut head = vec![gc("信息内容")];
        for c in first.cols {
            let label = match (c.id, c.kind) {
                ("amount", ColKind::Money) if r.template == Template::V2021 => [
                    "本年收费金额（单位：万元）",
                    "本年收费金额（单位：万元，保留4位小数）",
                    "本年收费金额（万元）",
                ][usize::from(st.money_header) % 3],
                ("amount", ColKind::Money) => [
                    "采购总金额（单位：万元，保留4位小数）",
                    "采购总金额（万元，保留四位小数）",
                    "采购总金额（单位：万元）",
                ][usize::from(st.money_header) % 3],
                _ => c.label,
            };
            head.push(gc(style_label(label, st)));
        }
        rows.push(GRow {
            cells: head,
            header: true,
            id: None,
        });
        for d in group {
            let mut cells = vec![gc(d.label)];
            for c in d.cols {
                cells.push(gc(fmt_value(
                    r,
                    &CellId::new(TableId::T2, d.id, c.id),
                    c.kind,
                )));
            }
            rows.push(GRow {
                cells,
                header: false,
                id: Some(d.id),
            });
        }
    }
    Grid {
        table: TableId::T2,
        width: 4,
        rows,
    }
}

fn t3_grid(r: &SynthReport) -> Grid {
    let st = &r.style;
    let h = |s: &str| gc(spaced(s, st));
    let mut rows = vec![
        GRow {
            cells: vec![
                span(style_label(schema::T3_NOTE, st), 3, 3),
                span("申请人情况", 7, 1),
            ],
            header: true,
            id: None,
        },
        GRow {
            cells: vec![
                span("自然人", 1, 2),
                span("法人或其他组织", 5, 1),
                span(spaced("总计", st), 1, 2),
            ],
            header: true,
            id: None,
        },
        GRow {
            cells: [
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
            ]
            .iter()
            .map(|s| h(s))
            .collect(),
            header: true,
            id: None,
        },
    ];
    let defs = schema::t3_rows(r.template);
    let result_rows = defs.iter().filter(|d| d.id.starts_with('R')).count();
    let values = |id: &str| -> Vec<GCell> {
        schema::T3_COLS
            .iter()
            .map(|c| gc(fmt_value(r, &CellId::new(TableId::T3, id, c.id), c.kind)))
            .collect()
    };
    for d in defs {
        let label = if d.id == "R2" && st.r2_short {
            "（二）部分公开".to_string()
        } else {
            style_label(d.label, st)
        };
        let mut cells = Vec::new();
        match d.id {
            "A1" | "A2" | "A4" => cells.push(span(label, 3, 1)),
            "R1" => {
                cells.push(span(style_label("三、本年度办理结果", st), 1, result_rows));
                cells.push(span(label, 2, 1));
            }
            "R2" | "R6" | "R7" => cells.push(span(label, 2, 1)),
            id => {
                let (group, first, n) = match id {
                    "R3.1" => ("（三）不予公开", true, 8),
                    "R4.1" => ("（四）无法提供", true, 3),
                    "R5.1" => ("（五）不予处理", true, 5),
                    "R6.1" => ("（六）其他处理", true, 3),
                    _ => ("", false, 1),
                };
                if first {
                    cells.push(span(style_label(group, st), 1, n));
                }
                cells.push(gc(label));
            }
        }
        cells.extend(values(d.id));
        rows.push(GRow {
            cells,
            header: false,
            id: Some(d.id),
        });
    }
    Grid {
        table: TableId::T3,
        width: 10,
        rows,
    }
}

fn t4_grid(r: &SynthReport) -> Grid {
    let st = &r.style;
    let labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut h2: Vec<GCell> = labels.iter().map(|l| span(spaced(l, st), 1, 2)).collect();
    h2.push(span("未经复议直接起诉", 5, 1));
    h2.push(span("复议后起诉", 5, 1));
    let h3: Vec<GCell> = labels
        .iter()
        .chain(labels.iter())
        .map(|l| gc(spaced(l, st)))
        .collect();
    let mut vals = Vec::new();
    for b in ["RV", "LD", "LR"] {
        for c in schema::T4_COLS {
            vals.push(gc(fmt_value(r, &CellId::new(TableId::T4, b, c.id), c.kind)));
        }
    }
    Grid {
        table: TableId::T4,
        width: 15,
        rows: vec![
            GRow {
                cells: vec![span("行政复议", 5, 1), span("行政诉讼", 10, 1)],
                header: true,
                id: None,
            },
            GRow {
                cells: h2,
                header: true,
                id: None,
            },
            GRow {
                cells: h3,
                header: true,
                id: None,
            },
            GRow {
                cells: vals,
                header: false,
                id: Some("T4"),
            },
        ],
    }
}

fn document(r: &SynthReport) -> Vec<Block> {
    let mut out = vec![Block::Title(title_lines(r))];
    for (i, s) in r.sections.iter().enumerate() {
        out.push(Block::Heading(s.title.clone()));
        for p in &s.paras {
            out.push(match p {
                Para::Sub(t) => Block::Sub(style_label(t, &r.style)),
                Para::Text(t) => Block::Text(t.clone()),
            });
        }
        match i {
            1 => out.push(Block::Table(t2_grid(r))),
            2 => out.push(Block::Table(t3_grid(r))),
            3 => out.push(Block::Table(t4_grid(r))),
            _ => {}
        }
    }
    out
}

const BOILERPLATE: &[&str] = &["相关链接:", "-", "扫一扫在手机打开当前页"];

// ---- Layouts ----------------------------------------------------------------

/// Render a report as text in a layout. Deterministic in (report, layout).
pub fn render(r: &SynthReport, layout: Layout) -> String {
    let mut rng = Rng::new(r.seed ^ layout.salt());
    let doc = document(r);
    let mut out = String::with_capacity(16 * 1024);
    match layout {
        Layout::Tsv => tsv(r, &doc, &mut rng, &mut out, false),
        Layout::Markdown => tsv(r, &doc, &mut rng, &mut out, true),
        Layout::CellPerLine => cell_per_line(r, &doc, &mut out),
        Layout::PipeCells => pipe_cells(r, &doc, &mut out),
        Layout::GfmPipe => gfm(&doc, &mut out),
        Layout::Html => html(r, &doc, &mut rng, &mut out),
        Layout::SpaceAligned => space_aligned(&doc, &mut rng, &mut out),
    }
    out
}

/// The cells of a row as a tab-separated export writes them (samples 000/002):
/// header rows keep colspans as empty cells, data rows collapse them; a
/// rowspan from above leaves one empty cell; short table-二 rows are padded.
fn tab_cells(grid: &Grid, slots: &[Slot], row: &GRow, pad: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut owner_rowspan = 1;
    for s in slots {
        match s {
            Slot::Anchor(i) => {
                owner_rowspan = row.cells[*i].rowspan;
                out.push(row.cells[*i].text.clone());
            }
            // Header rows keep the colspan of single-row cells as empty cells.
            Slot::ColCover if row.header && owner_rowspan == 1 => out.push(String::new()),
            Slot::RowCover { first: true } => out.push(String::new()),
            Slot::Free if pad && grid.table == TableId::T2 => out.push(String::new()),
            _ => {}
        }
    }
    out
}

fn is_a_row(id: Option<&str>) -> bool {
    matches!(id, Some("A1" | "A2" | "A4"))
}

fn tsv(r: &SynthReport, doc: &[Block], rng: &mut Rng, out: &mut String, md: bool) {
    let st = &r.style;
    let level = |rng: &mut Rng| -> &'static str {
        if md {
            rng.pick(&["## ", "## ", "### ", "#### "])
        } else {
            ""
        }
    };
    if !md {
        out.push_str("\n\n");
    }
    for b in doc {
        match b {
            Block::Title(lines) => {
                if md {
                    let _ = writeln!(out, "# {}\n", lines.join(""));
                } else {
                    for l in lines {
                        let _ = writeln!(out, "{l}\n");
                    }
                }
            }
            Block::Heading(t) => {
                let _ = writeln!(out, "{}{}\n", level(rng), t);
            }
            Block::Sub(t) => {
                let lv = if md { "### " } else { "" };
                let _ = writeln!(out, "{lv}{t}\n");
            }
            Block::Text(t) => {
                let _ = writeln!(out, "{t}\n");
            }
            Block::Table(g) => {
                let slots = g.slots();
                let pad = !md || rng.chance(50);
                for (row, sl) in g.rows.iter().zip(&slots) {
                    let mut cells = tab_cells(g, sl, row, pad);
                    if !row.header && g.table == TableId::T3 {
                        if is_a_row(row.id) && st.extra_empty_after_a && cells.len() > 1 {
                            cells.insert(1, String::new());
                        }
                        if st.drop_top_col
                            && !matches!(row.id, Some("R1" | "R2"))
                            && sl.first() == Some(&Slot::RowCover { first: true })
                            && cells.first().is_some_and(|c| c.is_empty())
                        {
                            cells.remove(0);
                        }
                        if rng.chance(25) {
                            cells.push(String::new());
                        }
                        if rng.chance(4) {
                            out.push('\n');
                        }
                    }
                    let _ = writeln!(out, "{}", cells.join("\t"));
                }
                if md && g.table == TableId::T3 {
                    let mut sep = vec!["-------------"];
                    sep.extend(std::iter::repeat_n("---", 7));
                    let _ = writeln!(out, "{}", sep.join("\t"));
                }
                out.push('\n');
            }
        }
    }
}

fn cell_per_line(r: &SynthReport, doc: &[Block], out: &mut String) {
    let st = &r.style;
    for b in doc {
        match b {
            Block::Title(lines) => {
                for l in lines {
                    let _ = writeln!(out, "{l}\n");
                }
            }
            Block::Heading(t) | Block::Sub(t) | Block::Text(t) => {
                let _ = writeln!(out, "{t}");
            }
            Block::Table(g) => {
                let slots = g.slots();
                for (ri, (row, sl)) in g.rows.iter().zip(&slots).enumerate() {
                    for s in sl {
                        let text = match s {
                            Slot::Anchor(i) => row.cells[*i].text.as_str(),
                            Slot::RowCover { first: true } => "",
                            _ => continue,
                        };
                        let n = text.chars().count();
                        let is_group = g.table == TableId::T3
                            && ["不予公开", "无法提供", "不予处理"]
                                .iter()
                                .any(|k| text.ends_with(k));
                        let r2 = g.table == TableId::T3 && text.contains("部分公开") && n > 8;
                        if st.broken_labels && r2 {
                            // `（二）部分公开` then its long note on the next line.
                            let head: String = text.chars().take(7).collect();
                            let tail: String = text.chars().skip(7).collect();
                            let _ = writeln!(out, "\t{head}\n{tail}");
                        } else if st.broken_labels && is_group && n > 2 {
                            let head: String = text.chars().take(n - 2).collect();
                            let tail: String = text.chars().skip(n - 2).collect();
                            let _ = writeln!(out, "\t{head}\n\n{tail}");
                        } else if st.vertical_header
                            && g.table == TableId::T4
                            && ri == 1
                            && s == &Slot::Anchor(0)
                        {
                            let v: Vec<String> = text
                                .chars()
                                .filter(|c| !c.is_whitespace())
                                .map(String::from)
                                .collect();
                            let _ = writeln!(out, "\t{}", v.join("\n"));
                        } else {
                            let _ = writeln!(out, "\t{text}");
                        }
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
}

fn pipe_cells(r: &SynthReport, doc: &[Block], out: &mut String) {
    for b in doc {
        match b {
            Block::Title(lines) => {
                for l in lines {
                    let _ = writeln!(out, "{l}");
                }
                if r.style.boilerplate && r.style.title == TitleStyle::YearFirst {
                    let _ = writeln!(out, "{}政府信息公开工作年度报告", r.agency);
                }
            }
            Block::Heading(t) | Block::Sub(t) | Block::Text(t) => {
                let _ = writeln!(out, "{t}");
            }
            Block::Table(g) => {
                let nrows = g.rows.len();
                for (i, row) in g.rows.iter().enumerate() {
                    let mut empties = 0;
                    for c in &row.cells {
                        if c.text.is_empty() {
                            empties += 1;
                        } else {
                            if empties > 0 {
                                let _ = writeln!(out, "{}", "|".repeat(empties));
                                empties = 0;
                            }
                            let _ = writeln!(out, "{} |", c.text);
                        }
                    }
                    if i + 1 < nrows {
                        empties += g.width.saturating_sub(row.cells.len());
                    }
                    if empties > 0 {
                        let _ = writeln!(out, "{}", "|".repeat(empties));
                    }
                }
            }
        }
    }
    if r.style.boilerplate {
        for l in BOILERPLATE {
            let _ = writeln!(out, "{l}");
        }
    }
}

fn gfm(doc: &[Block], out: &mut String) {
    for b in doc {
        match b {
            Block::Title(lines) => {
                let _ = writeln!(out, "# {}\n", lines.join(""));
            }
            Block::Heading(t) => {
                let _ = writeln!(out, "## {t}\n");
            }
            Block::Sub(t) => {
                let _ = writeln!(out, "### {t}\n");
            }
            Block::Text(t) => {
                let _ = writeln!(out, "{t}\n");
            }
            Block::Table(g) => {
                for (i, row) in g.matrix().iter().enumerate() {
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                    if i == 0 {
                        let _ = writeln!(out, "|{}", "---|".repeat(g.width));
                    }
                }
                out.push('\n');
            }
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html(r: &SynthReport, doc: &[Block], rng: &mut Rng, out: &mut String) {
    let title = title_lines(r).join("");
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">"
    );
    let _ = writeln!(out, "<title>{}</title>\n</head>\n<body>", esc(&title));
    let _ = writeln!(
        out,
        "<div class=\"nav\">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>"
    );
    let strong_headings = rng.chance(50);
    let cell_lines = rng.chance(50);
    for b in doc {
        match b {
            Block::Title(_) => {
                let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
            }
            Block::Heading(t) => {
                if strong_headings {
                    let _ = writeln!(out, "<p><strong>{}</strong></p>", esc(t));
                } else {
                    let _ = writeln!(out, "<h2>{}</h2>", esc(t));
                }
            }
            Block::Sub(t) => {
                let _ = writeln!(out, "<p><strong>{}</strong></p>", esc(t));
            }
            Block::Text(t) => {
                let _ = writeln!(out, "<p style=\"text-indent:2em;\">{}</p>", esc(t));
            }
            Block::Table(g) => {
                let _ = writeln!(
                    out,
                    "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\">\n<tbody>"
                );
                for row in &g.rows {
                    let mut line = String::from("<tr>");
                    let used: usize = row.cells.iter().map(|c| c.colspan).sum();
                    let n = row.cells.len();
                    for (i, c) in row.cells.iter().enumerate() {
                        let mut colspan = c.colspan;
                        // Short rows of table 二: the last cell spans the rest.
                        if i + 1 == n && g.table == TableId::T2 && used < g.width {
                            colspan += g.width - used;
                        }
                        let mut attrs = String::new();
                        if colspan > 1 {
                            let _ = write!(attrs, " colspan=\"{colspan}\"");
                        }
                        if c.rowspan > 1 {
                            let _ = write!(attrs, " rowspan=\"{}\"", c.rowspan);
                        }
                        let text = if c.text.is_empty() {
                            "&nbsp;".to_string()
                        } else {
                            esc(&c.text)
                        };
                        if cell_lines {
                            line.push('\n');
                        }
                        let _ = write!(line, "<td{attrs}><p>{text}</p></td>");
                    }
                    if cell_lines {
                        line.push('\n');
                    }
                    line.push_str("</tr>");
                    let _ = writeln!(out, "{line}");
                }
                let _ = writeln!(out, "</tbody>\n</table>");
            }
        }
    }
    if r.style.boilerplate {
        let _ = writeln!(out, "<div class=\"footer\">");
        for l in BOILERPLATE {
            let _ = writeln!(out, "<p>{}</p>", esc(l));
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</body>\n</html>");
}

/// Characters per line of a wrapped cell in [`Layout::SpaceAligned`].
const WRAP: usize = 14;

fn space_aligned(doc: &[Block], rng: &mut Rng, out: &mut String) {
    let page_break_before_5 = rng.chance(50);
    let wrap = rng.chance(40);
    for b in doc {
        match b {
            Block::Title(lines) => {
                for l in lines {
                    let _ = writeln!(out, "{}{}", " ".repeat(12), l);
                }
                out.push('\n');
            }
            Block::Heading(t) => {
                if page_break_before_5 && t.starts_with('五') {
                    out.push('\u{c}');
                }
                let _ = writeln!(out, "{t}");
            }
            Block::Sub(t) => {
                let _ = writeln!(out, "{t}");
            }
            Block::Text(t) => {
                let _ = writeln!(out, "    {t}");
            }
            Block::Table(g) => {
                out.push('\n');
                let slots = g.slots();
                // pdftotext wraps long single-column cells onto the lines below.
                let cells: Vec<Vec<Vec<String>>> = g
                    .rows
                    .iter()
                    .zip(&slots)
                    .map(|(row, sl)| {
                        sl.iter()
                            .map(|s| match s {
                                Slot::Anchor(i) => {
                                    let c = &row.cells[*i];
                                    if wrap && c.colspan == 1 && c.text.width() > 2 * WRAP {
                                        let ch: Vec<char> = c.text.chars().collect();
                                        ch.chunks(WRAP).map(|k| k.iter().collect()).collect()
                                    } else {
                                        vec![c.text.clone()]
                                    }
                                }
                                _ => Vec::new(),
                            })
                            .collect()
                    })
                    .collect();
                // Column widths from the cells that span one column only.
                let mut w = vec![1usize; g.width];
                for (row, (sl, cs)) in g.rows.iter().zip(slots.iter().zip(&cells)) {
                    for (c, s) in sl.iter().enumerate() {
                        if let Slot::Anchor(i) = s {
                            if row.cells[*i].colspan == 1 {
                                for part in &cs[c] {
                                    w[c] = w[c].max(part.width());
                                }
                            }
                        }
                    }
                }
                let mut start = vec![0usize; g.width];
                for c in 1..g.width {
                    start[c] = start[c - 1] + w[c - 1] + 3;
                }
                for row in &cells {
                    let height = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    for k in 0..height {
                        let mut line = String::new();
                        let mut cur = 0usize;
                        for (c, parts) in row.iter().enumerate() {
                            let Some(text) = parts.get(k).filter(|t| !t.is_empty()) else {
                                continue;
                            };
                            if cur > 0 || start[c] > 0 {
                                let target = start[c].max(cur + 2);
                                line.push_str(&" ".repeat(target - cur));
                                cur = target;
                            }
                            line.push_str(text);
                            cur += text.width();
                        }
                        let _ = writeln!(out, "{line}");
                    }
                }
                out.push('\n');
            }
        }
    }
}
