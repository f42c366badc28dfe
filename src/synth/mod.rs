//! Synthetic annual reports with known contents, for round-trip tests and
//! benchmarks.
//!
//! Real reports are few (five samples) and nearly all zeros, so they cannot
//! show whether the parser reads every cell of every layout exactly. This
//! module makes *valid* reports from a seed — tables that satisfy every
//! identity of SPEC §6, narrative that agrees with the tables — renders them in
//! the layouts seen in the wild ([`Layout`]), encodes them ([`Encoding`]) and
//! says what every cell must read back as ([`expected_cells`]). A defect can be
//! injected into one table-三 cell ([`with_t3_change`]) to test that the rules
//! point at exactly that cell.
//!
//! Everything is deterministic in the seed (a tiny SplitMix64 generator, no
//! dependency), so a failing seed can be replayed. Nothing here reads input or
//! touches a terminal.

mod render;

use crate::report::schema::{self, ColKind, Template};
use crate::report::{CellId, TableId, Value};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

pub use render::render;

// ---- PRNG -----------------------------------------------------------------

/// SplitMix64: small, fast, good enough for test data, and reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    /// One element of a non-empty slice (our own constant tables).
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

// ---- Public types -----------------------------------------------------------

/// The text layouts reports are published in (SPEC §5, samples 000–004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// Tab-separated table rows, like samples 000 and 002.
    Tsv,
    /// One cell per tab-indented line, blank line between rows, like sample 001.
    CellPerLine,
    /// One `cell |` per line with `||` runs for empty cells, like sample 003.
    PipeCells,
    /// Markdown headings with tab tables and `---` separators, like sample 004.
    Markdown,
    /// GitHub markdown: `| a | b |` rows and a `|---|` header separator.
    GfmPipe,
    /// An HTML page with `<table>`, `colspan` and `rowspan`.
    Html,
    /// `pdftotext -layout` style: cells separated by runs of spaces.
    SpaceAligned,
}

impl Layout {
    pub const ALL: [Layout; 7] = [
        Layout::Tsv,
        Layout::CellPerLine,
        Layout::PipeCells,
        Layout::Markdown,
        Layout::GfmPipe,
        Layout::Html,
        Layout::SpaceAligned,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Layout::Tsv => "tsv",
            Layout::CellPerLine => "cell-per-line",
            Layout::PipeCells => "pipe-cells",
            Layout::Markdown => "markdown",
            Layout::GfmPipe => "gfm-pipe",
            Layout::Html => "html",
            Layout::SpaceAligned => "space-aligned",
        }
    }
    /// The file extension a report in this layout would carry.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::Markdown | Layout::GfmPipe => "md",
            Layout::Html => "html",
            _ => "txt",
        }
    }
    fn salt(self) -> u64 {
        (self as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93)
    }
}

/// Byte encodings reports arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
    Utf16LeBom,
    /// UTF-8 with `\r\n` line ends.
    Crlf,
}

impl Encoding {
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Gbk,
        Encoding::Utf16LeBom,
        Encoding::Crlf,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf8Bom => "utf8bom",
            Encoding::Gbk => "gbk",
            Encoding::Utf16LeBom => "utf16le",
            Encoding::Crlf => "crlf",
        }
    }
}

/// A generated cell value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthValue {
    Int(i64),
    /// Money in units of 0.0001 万元 (so it is exact and prints with ≤ 4 decimals).
    Money(i64),
}

impl SynthValue {
    /// What the parser must read (SPEC §13.2: counts as integers, money in 万元).
    pub fn expected(self) -> Value {
        match self {
            SynthValue::Int(n) => Value::Int(n),
            SynthValue::Money(u) => Value::Money(u as f64 / 10_000.0),
        }
    }
    pub fn int(self) -> i64 {
        match self {
            SynthValue::Int(n) => n,
            SynthValue::Money(u) => u,
        }
    }
}

/// How the title is written (SPEC §1.1 variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleStyle {
    /// `<机关><YYYY>年政府信息公开工作年度报告`
    Plain,
    /// `<机关><YYYY>年度政府信息公开工作年度报告`
    NianDu,
    /// `<YYYY>年<机关>政府信息公开工作年度报告`
    YearFirst,
    /// agency on one line, `<YYYY>年政府信息公开工作年度报告` on the next
    TwoLine,
    /// `<机关> <YYYY> 年度政府信息公开工作 年度报告`
    Spaced,
}

/// Bracket style of ordinals in labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bracket {
    /// `（一）予以公开` (the template)
    Full,
    /// `(一)予以公开`
    Half,
    /// `(一) 予以公开` (sample 000)
    HalfSpace,
}

/// Cosmetic choices drawn per report; each layout applies the ones that fit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub title: TitleStyle,
    pub bracket: Bracket,
    /// What follows the digit of `1.属于国家秘密`: `.`, `、` or `. `.
    pub item_sep: &'static str,
    /// Spaces inside header labels (`商业 企业`, `总 计`).
    pub spaced_headers: bool,
    /// Write `1,234` for counts ≥ 1000.
    pub thousands: bool,
    /// Write `+12` for a positive `本年增/减`.
    pub plus_sign: bool,
    /// Money printed with all four decimals (`12.5000`) rather than trimmed.
    pub money_fixed4: bool,
    /// Header variant of the money column (0: national, 1/2: local unit notes).
    pub money_header: u8,
    /// Use the short alias `（二）部分公开` for R2.
    pub r2_short: bool,
    /// Drop the column of `三、本年度办理结果` from rows that do not start it
    /// (samples 002/004: group labels start at column 0).
    pub drop_top_col: bool,
    /// An extra empty cell after the A-row labels (sample 000 row `二、`).
    pub extra_empty_after_a: bool,
    /// Group labels broken over lines (`（三）不予\n\n公开`, sample 001).
    pub broken_labels: bool,
    /// Vertical header text (`结\n果\n维\n持`, sample 001).
    pub vertical_header: bool,
    /// Web boilerplate after section 六 (sample 003).
    pub boilerplate: bool,
}

/// One narrative element of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Para {
    /// A sub-heading such as `（一）主动公开`.
    Sub(String),
    /// A paragraph of running text (one line).
    Text(String),
}

/// One of the six sections: its heading and its narrative (tables are
/// rendered from [`SynthReport::values`] after the narrative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSection {
    pub title: String,
    pub paras: Vec<Para>,
}

/// A valid synthetic report.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthReport {
    pub seed: u64,
    pub agency: String,
    pub year: i32,
    pub template: Template,
    /// Every cell of tables 二, 三 and 四 of the template.
    pub values: BTreeMap<CellId, SynthValue>,
    /// The six sections in order. The narrative is fixed at generation, so a
    /// defect injected later into a table contradicts it, as a typo would.
    pub sections: Vec<SynthSection>,
    pub style: Style,
}

impl SynthReport {
    /// The value of a cell (0 when the cell is not in the report).
    pub fn get(&self, table: TableId, row: &str, col: &str) -> i64 {
        self.values
            .get(&CellId::new(table, row, col))
            .map(|v| v.int())
            .unwrap_or(0)
    }
    fn t3(&self, row: &str, col: &str) -> i64 {
        self.get(TableId::T3, row, col)
    }
}

// ---- Generation -----------------------------------------------------------

const REGIONS: &[&str] = &[
    "金水区",
    "郑州市金水区",
    "北京市大兴区",
    "大兴区",
    "平湖市",
    "白碱滩区(克拉玛依高新区)",
    "郑东新区",
    "成都市武侯区",
    "海淀区",
    "杭州市余杭区",
    "深圳市南山区",
    "重庆市江北区",
    "南京市鼓楼区",
    "兰州市城关区",
    "嘉兴市秀洲区",
    "温州市鹿城区",
    "长沙县",
    "宁乡市",
    "青岛市黄岛区(西海岸新区)",
    "佛山市顺德区",
    "昆山市",
    "义乌市",
    "德清县",
    "安吉县",
    "洛阳市涧西区",
    "武汉市江汉区",
    "合肥市蜀山区",
    "厦门市思明区",
    "福州市仓山区",
    "济南市历下区",
];

const DEPARTMENTS: &[&str] = &[
    "科学技术局",
    "科技局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游体育局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "司法局",
    "退役军人事务局",
    "人民政府办公室",
    "科学技术委员会",
    "发展和改革局",
    "人民政府",
];

/// Small counts with many zeros and the odd large number.
fn count(rng: &mut Rng) -> i64 {
    match rng.below(100) {
        0..=66 => 0,
        67..=89 => rng.range(1, 5),
        90..=98 => rng.range(6, 40),
        _ => rng.range(41, 300),
    }
}

fn money(rng: &mut Rng) -> i64 {
    match rng.below(10) {
        0..=4 => 0,
        5..=7 => rng.range(1, 99_9999),
        8 => rng.range(1, 9_9999) * 100,    // two decimals
        _ => rng.range(1, 12_000) * 10_000, // whole 万元
    }
}

fn ordinal_zh(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("十")
}

/// A valid report from a seed.
pub fn random_report(seed: u64) -> SynthReport {
    generate(seed, None)
}

/// A valid report of a given agency and year, otherwise random from the seed
/// (the same draws as [`random_report`]): one agency's series of years.
pub fn series_report(seed: u64, agency: &str, year: i32) -> SynthReport {
    generate(seed, Some((agency, year)))
}

/// A distinct agency name for every `k` (region × department, then
/// two-character towns of each region), so that a large corpus has many
/// agencies as a province's folder does, not 720 repeated ones.
pub fn agency_name(k: usize) -> String {
    const TOWN: &[&str] = &[
        "东", "西", "南", "北", "青", "石", "桥", "河", "山", "湖", "新", "安", "平", "龙", "凤",
        "金", "长", "白", "马", "柳",
    ];
    let (d, rest) = (k % DEPARTMENTS.len(), k / DEPARTMENTS.len());
    let (r, town) = (rest % REGIONS.len(), rest / REGIONS.len());
    let town = match town {
        0 => String::new(),
        t => {
            let t = t - 1;
            let (a, b) = (t % TOWN.len(), (t / TOWN.len()) % TOWN.len());
            let ring = t / (TOWN.len() * TOWN.len());
            let ring = if ring == 0 {
                String::new()
            } else {
                ring.to_string()
            };
            format!("{}{}{ring}镇", TOWN[a], TOWN[b])
        }
    };
    format!("{}{town}{}", REGIONS[r], DEPARTMENTS[d])
}

fn generate(seed: u64, fixed: Option<(&str, i32)>) -> SynthReport {
    let mut rng = Rng::new(seed);
    let year = rng.range(2019, 2024) as i32;
    let agency = format!("{}{}", rng.pick(REGIONS), rng.pick(DEPARTMENTS));
    let (agency, year) = match fixed {
        Some((a, y)) => (a.to_string(), y),
        None => (agency, year),
    };
    let template = if year >= 2021 {
        Template::V2021
    } else {
        Template::V2019
    };

    let style = Style {
        title: rng.pick(&[
            TitleStyle::Plain,
            TitleStyle::Plain,
            TitleStyle::NianDu,
            TitleStyle::YearFirst,
            TitleStyle::TwoLine,
            TitleStyle::Spaced,
        ]),
        bracket: rng.pick(&[
            Bracket::Full,
            Bracket::Full,
            Bracket::Half,
            Bracket::HalfSpace,
        ]),
        item_sep: rng.pick(&[".", ".", "、", ". "]),
        spaced_headers: rng.chance(25),
        thousands: rng.chance(30),
        plus_sign: rng.chance(50),
        money_fixed4: rng.chance(40),
        money_header: rng.below(3) as u8,
        r2_short: rng.chance(10),
        drop_top_col: rng.chance(30),
        extra_empty_after_a: rng.chance(30),
        broken_labels: rng.chance(40),
        vertical_header: rng.chance(40),
        boilerplate: rng.chance(40),
    };

    let mut values: BTreeMap<CellId, SynthValue> = BTreeMap::new();
    let mut put = |t: TableId, row: &str, col: &str, v: SynthValue| {
        values.insert(CellId::new(t, row, col), v);
    };

    // Table 三. A fifth of the reports are all zeros, like most real ones.
    let all_zero = rng.chance(20);
    let leaves = schema::t3_leaves(template);
    let leaf_cols = ["C1", "C2", "C3", "C4", "C5", "C6"];
    let mut r7 = [0i64; 6];
    for leaf in &leaves {
        let mut sum = 0;
        for (i, c) in leaf_cols.iter().enumerate() {
            let v = if all_zero { 0 } else { count(&mut rng) };
            r7[i] += v;
            sum += v;
            put(TableId::T3, leaf, c, SynthValue::Int(v));
        }
        put(TableId::T3, leaf, "CT", SynthValue::Int(sum));
    }
    let (mut a1, mut a2, mut a4) = ([0i64; 6], [0i64; 6], [0i64; 6]);
    for i in 0..6 {
        if !all_zero {
            a4[i] = if rng.chance(70) { 0 } else { rng.range(1, 6) };
            let avail = r7[i] + a4[i];
            a2[i] = if rng.chance(60) {
                0
            } else {
                rng.range(0, avail.min(8))
            };
        }
        a1[i] = r7[i] + a4[i] - a2[i];
    }
    for (row, vals) in [("A1", a1), ("A2", a2), ("R7", r7), ("A4", a4)] {
        for (i, c) in leaf_cols.iter().enumerate() {
            put(TableId::T3, row, c, SynthValue::Int(vals[i]));
        }
        put(TableId::T3, row, "CT", SynthValue::Int(vals.iter().sum()));
    }

    // Table 四.
    let t4_quiet = all_zero || rng.chance(50);
    for block in ["RV", "LD", "LR"] {
        let mut tot = 0;
        for c in ["keep", "corr", "oth", "pend"] {
            let v = if t4_quiet || rng.chance(60) {
                0
            } else {
                rng.range(1, 4)
            };
            tot += v;
            put(TableId::T4, block, c, SynthValue::Int(v));
        }
        put(TableId::T4, block, "tot", SynthValue::Int(tot));
    }

    // Table 二.
    match template {
        Template::V2021 => {
            for row in ["REG", "NORM"] {
                let (made, repealed) = if row == "REG" && rng.chance(80) {
                    (0, 0)
                } else {
                    (count(&mut rng).min(30), count(&mut rng).min(10))
                };
                let valid = (made - repealed).max(0) + rng.range(0, 40);
                put(TableId::T2, row, "made", SynthValue::Int(made));
                put(TableId::T2, row, "repealed", SynthValue::Int(repealed));
                put(TableId::T2, row, "valid", SynthValue::Int(valid));
            }
            for row in ["LIC", "PUN", "COE"] {
                let v = if rng.chance(50) {
                    0
                } else {
                    rng.range(1, 3000)
                };
                put(TableId::T2, row, "decisions", SynthValue::Int(v));
            }
            put(
                TableId::T2,
                "FEE",
                "amount",
                SynthValue::Money(money(&mut rng)),
            );
        }
        Template::V2019 => {
            for row in ["REG", "NORM"] {
                let new_made = if row == "REG" && rng.chance(80) {
                    0
                } else {
                    count(&mut rng).min(30)
                };
                let new_pub = if rng.chance(85) {
                    new_made
                } else {
                    rng.range(0, new_made)
                };
                let total_pub = new_pub + rng.range(0, 60);
                put(TableId::T2, row, "new_made", SynthValue::Int(new_made));
                put(TableId::T2, row, "new_pub", SynthValue::Int(new_pub));
                put(TableId::T2, row, "total_pub", SynthValue::Int(total_pub));
            }
            for row in ["LIC", "OTHSVC", "PUN", "COE", "FEE"] {
                let prev = if rng.chance(40) { 0 } else { rng.range(1, 80) };
                let delta = if rng.chance(50) {
                    0
                } else {
                    rng.range(-prev, 20)
                };
                put(TableId::T2, row, "prev_items", SynthValue::Int(prev));
                put(TableId::T2, row, "delta", SynthValue::Int(delta));
                if row != "FEE" {
                    let d = if rng.chance(50) {
                        0
                    } else {
                        rng.range(1, 2000)
                    };
                    put(TableId::T2, row, "decisions", SynthValue::Int(d));
                }
            }
            let amount = money(&mut rng);
            let projects = if amount == 0 { 0 } else { rng.range(1, 40) };
            put(TableId::T2, "PROC", "projects", SynthValue::Int(projects));
            put(TableId::T2, "PROC", "amount", SynthValue::Money(amount));
        }
    }

    let mut r = SynthReport {
        seed,
        agency,
        year,
        template,
        values,
        sections: Vec::new(),
        style,
    };
    r.sections = narrative(&r, &mut rng);
    r
}

/// Narrative consistent with the tables (SPEC §7.8 TXT rules).
fn narrative(r: &SynthReport, rng: &mut Rng) -> Vec<SynthSection> {
    let y = r.year;
    let a1 = r.t3("A1", "CT");
    let a2 = r.t3("A2", "CT");
    let a4 = r.t3("A4", "CT");
    let r7 = r.t3("R7", "CT");
    let we = rng.pick(&["我局", "本机关", "我单位"]);
    let numbering = rng.below(3);
    let sub = move |n: usize, text: &str| -> Para {
        Para::Sub(match numbering {
            0 => format!("（{}）{}", ordinal_zh(n), text),
            1 => format!("({}){}", ordinal_zh(n), text),
            _ => format!("{}.{}", n, text),
        })
    };
    let mut out = Vec::with_capacity(6);

    // 一
    let mut p = Vec::new();
    let mut intro = format!(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现向社会公布{}{}年度政府信息公开工作情况。",
        we, y
    );
    if rng.chance(60) {
        intro.push_str(&format!(
            "本报告中所列数据的统计期限自{}年1月1日起至12月31日止。",
            y
        ));
    }
    p.push(Para::Text(intro));
    let subs = |p: &mut Vec<Para>, n: usize, title: &str, body: String| {
        p.push(sub(n, title));
        p.push(Para::Text(body));
    };
    subs(
        &mut p,
        1,
        "主动公开",
        format!(
            "{}年，{}通过门户网站主动公开政府信息{}条，及时发布政策文件、工作动态和通知公告。",
            y,
            we,
            rng.range(12, 900)
        ),
    );
    let apply = if a1 == 0 && rng.chance(50) {
        format!("{}年度，{}未收到政府信息公开申请。", y, we)
    } else {
        let mut s = format!("{}年，{}共收到政府信息公开申请{}件", y, we, a1);
        if a2 > 0 || rng.chance(30) {
            s.push_str(&format!("，上年结转政府信息公开申请{}件", a2));
        }
        if r7 > 0 {
            s.push_str(&format!("，办结{}件", r7));
        }
        if a4 > 0 {
            s.push_str(&format!("，结转下年度继续办理{}件。", a4));
        } else if a1 + a2 > 0 {
            s.push_str("，所有申请均已按时办结。");
        } else {
            s.push('。');
        }
        s
    };
    subs(&mut p, 2, "依申请公开", apply);
    subs(
        &mut p,
        3,
        "政府信息管理",
        "严格落实信息发布审核制度，坚持先审后发，确保发布信息准确、规范。".to_string(),
    );
    subs(
        &mut p,
        4,
        "政府信息公开平台建设",
        "持续做好政府网站信息公开专栏的日常维护，及时更新栏目内容。".to_string(),
    );
    let mut oversight = "明确专人负责政府信息公开工作，定期开展自查，接受社会监督。".to_string();
    if r.agency.ends_with("人民政府") {
        oversight.push_str("将政务公开工作纳入年度工作考核，开展社会评议，未发生责任追究情况。");
    }
    subs(&mut p, 5, "监督保障", oversight);
    out.push(SynthSection {
        title: "一、总体情况".into(),
        paras: p,
    });

    // 二
    let mut p = Vec::new();
    if r.template == Template::V2021 && rng.chance(60) {
        p.push(Para::Text(format!(
            "{}年，{}制发行政规范性文件{}件。",
            y,
            we,
            r.get(TableId::T2, "NORM", "made")
        )));
    }
    out.push(SynthSection {
        title: "二、主动公开政府信息情况".into(),
        paras: p,
    });

    // 三
    out.push(SynthSection {
        title: "三、收到和处理政府信息公开申请情况".into(),
        paras: Vec::new(),
    });

    // 四
    let rv = r.get(TableId::T4, "RV", "tot");
    let lit = r.get(TableId::T4, "LD", "tot") + r.get(TableId::T4, "LR", "tot");
    let t4_text = if rv + lit == 0 {
        format!("{}年，{}未发生政府信息公开行政复议、行政诉讼案件。", y, we)
    } else {
        format!(
            "{}年，{}因政府信息公开被申请行政复议{}件，被提起行政诉讼{}件。",
            y, we, rv, lit
        )
    };
    let title4 = if rng.chance(20) {
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    } else {
        "四、政府信息公开行政复议、行政诉讼情况"
    };
    out.push(SynthSection {
        title: title4.into(),
        paras: vec![Para::Text(t4_text)],
    });

    // 五
    let title5 = if rng.chance(20) {
        "五、政府信息公开工作存在的主要问题及改进情况"
    } else {
        "五、存在的主要问题及改进情况"
    };
    let problems = [
        "信息公开的及时性有待提高，部分栏目更新不够及时。",
        "工作人员业务能力有待提升，对政策解读的形式较为单一。",
        "主动公开的深度和广度还需拓展，与公众期待仍有差距。",
    ];
    let fixes = [
        "下一步，我们将加强业务培训，提升工作人员综合素质。",
        "下一步，我们将完善信息发布机制，做到及时更新、准确发布。",
        "下一步，我们将丰富政策解读形式，增强公开实效。",
    ];
    let mut p = vec![sub(1, "存在的主要问题")];
    p.push(Para::Text(rng.pick(&problems).to_string()));
    p.push(sub(2, "改进情况"));
    p.push(Para::Text(rng.pick(&fixes).to_string()));
    out.push(SynthSection {
        title: title5.into(),
        paras: p,
    });

    // 六
    let r62 = if r.template == Template::V2021 {
        r.t3("R6.2", "CT")
    } else {
        0
    };
    let six = if r.template == Template::V2021 {
        if r62 > 0 || rng.chance(30) {
            let notices = r62 + rng.range(0, 3);
            let paid = rng.range(0, 5) * 100;
            format!(
                "{}年，{}依据《政府信息公开信息处理费管理办法》发出收费通知{}件，实际收取信息处理费{}元。",
                y, we, notices, paid
            )
        } else {
            format!("{}年，{}未收取政府信息公开信息处理费。", y, we)
        }
    } else if rng.chance(50) {
        "无。".to_string()
    } else {
        format!("{}年，{}无其他需要报告的事项。", y, we)
    };
    out.push(SynthSection {
        title: "六、其他需要报告的事项".into(),
        paras: vec![Para::Text(six)],
    });
    out
}

// ---- Expectations and defects ---------------------------------------------

/// Every cell of the report's template with the value it must read back as,
/// in template order (table 二, 三, 四).
pub fn expected_cells(r: &SynthReport) -> Vec<(CellId, Value)> {
    let mut out = Vec::with_capacity(200);
    for table in TableId::ALL {
        for row in schema::rows(table, r.template) {
            for col in row.cols {
                let id = CellId::new(table, row.id, col.id);
                let v = r
                    .values
                    .get(&id)
                    .map(|v| v.expected())
                    .unwrap_or(match col.kind {
                        ColKind::Money => Value::Money(0.0),
                        _ => Value::Int(0),
                    });
                out.push((id, v));
            }
        }
    }
    out
}

/// The report with one table-三 value changed by `delta`, kept ≥ 0: when
/// `value + delta` would be negative, `value + |delta|` is used instead, so the
/// value always changes (for `delta ≠ 0`). A cell that is not a table-三 cell
/// of the report leaves it unchanged. The narrative is not updated.
pub fn with_t3_change(r: &SynthReport, cell: &CellId, delta: i64) -> SynthReport {
    let mut out = r.clone();
    if cell.table != TableId::T3 {
        return out;
    }
    if let Some(SynthValue::Int(v)) = out.values.get_mut(cell) {
        let nv = *v + delta;
        *v = if nv >= 0 { nv } else { *v + delta.abs() };
    }
    out
}

/// All table-三 cells of the report's template.
pub fn t3_cells(r: &SynthReport) -> Vec<CellId> {
    schema::t3_rows(r.template)
        .iter()
        .flat_map(|row| {
            schema::T3_COLS
                .iter()
                .map(move |c| CellId::new(TableId::T3, row.id, c.id))
        })
        .collect()
}

// ---- Encoding -------------------------------------------------------------

/// The text as bytes in an encoding. An HTML `<meta charset>` is rewritten to
/// name the encoding actually used. Characters GBK lacks become numeric
/// character references (encoding_rs behaviour); the generator uses none.
pub fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => {
            let mut v = Vec::with_capacity(text.len() + 3);
            v.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            v.extend_from_slice(text.as_bytes());
            v
        }
        Encoding::Gbk => {
            let t = text.replace("charset=\"utf-8\"", "charset=\"gbk\"");
            let (bytes, _, _) = encoding_rs::GBK.encode(&t);
            bytes.into_owned()
        }
        Encoding::Utf16LeBom => {
            let t = text.replace("charset=\"utf-8\"", "charset=\"utf-16\"");
            let mut v = Vec::with_capacity(t.len() * 2 + 2);
            v.extend_from_slice(&[0xFF, 0xFE]);
            for u in t.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        }
        Encoding::Crlf => text
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .into_bytes(),
    }
}

// ---- Corpus ---------------------------------------------------------------

/// Years each agency of [`corpus`] reports: 2019–2023, both templates.
pub const CORPUS_YEARS: usize = 5;

/// Write `n` reports (seeds `seed`, `seed+1`, …) into `dir`, cycling through
/// every layout and encoding. Like a province's folder, it holds many
/// agencies ([`agency_name`]) with a report for each of [`CORPUS_YEARS`]
/// consecutive years, so the cross-year rules have real series to compare.
/// Returns the paths in order. File names are
/// `<index>_<layout>_<encoding>.<ext>`.
pub fn corpus(dir: &Path, n: usize, seed: u64) -> io::Result<Vec<PathBuf>> {
    corpus_of(dir, n, seed, &Layout::ALL)
}

/// [`corpus`] cycling through `layouts` only (one layout: a corpus of that
/// layout, for the per-layout ratios of `cargo bench --bench scale`).
pub fn corpus_of(dir: &Path, n: usize, seed: u64, layouts: &[Layout]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let layouts = if layouts.is_empty() {
        &Layout::ALL[..]
    } else {
        layouts
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let layout = layouts[i % layouts.len()];
        let enc = Encoding::ALL[(i / layouts.len()) % Encoding::ALL.len()];
        let agency = agency_name(i / CORPUS_YEARS);
        let year = 2019 + (i % CORPUS_YEARS) as i32;
        let r = series_report(seed.wrapping_add(i as u64), &agency, year);
        let bytes = encode(&render(&r, layout), enc);
        let p = dir.join(format!(
            "{:06}_{}_{}.{}",
            i,
            layout.name(),
            enc.name(),
            layout.extension()
        ));
        std::fs::write(&p, bytes)?;
        out.push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
