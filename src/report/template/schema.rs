//! The two table templates (2019 试行 and 2021) as data: row and column ids,
//! their verbatim labels, and the section titles.
//!
//! Everything that knows "what the template says" reads it from here: the
//! parser (to recognise labels), the rules (to name cells and sum them), the
//! TUI (to draw column headers) and the JSON writer (to list every cell). A
//! label change in a future template is one edit in this file.

use serde::{Serialize, Serializer};

/// Which national format a report follows (SPEC §0, TPL-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// 《政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号 (2019–2020 reports).
    V2019,
    /// The 2021 format, 国办公开办函〔2021〕30号 (2021+ reports).
    V2021,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::V2019 => "2019",
            Template::V2021 => "2021",
        }
    }
    pub fn name_zh(self) -> &'static str {
        match self {
            Template::V2019 => "2019试行格式",
            Template::V2021 => "2021格式",
        }
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A row of a template table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowDef {
    pub id: &'static str,
    /// Verbatim template label.
    pub label: &'static str,
    /// Other spellings seen in real reports that are not typos (normalised
    /// comparison is done by the caller).
    pub aliases: &'static [&'static str],
    /// For table 二: the caption (第二十条第（X）项) the row sits under.
    pub group: &'static str,
    /// The columns of this row (table 二 rows differ; 三 and 四 share one set).
    pub cols: &'static [ColDef],
    /// A result leaf of table 三 (summed into R7 by E2).
    pub leaf: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColDef {
    pub id: &'static str,
    /// Verbatim header label.
    pub label: &'static str,
    /// Short label for narrow grids.
    pub short: &'static str,
    pub kind: ColKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// Non-negative integer count.
    Count,
    /// Signed integer (`本年增/减`).
    Signed,
    /// Money in 万元.
    Money,
}

const fn c(id: &'static str, label: &'static str, short: &'static str, kind: ColKind) -> ColDef {
    ColDef {
        id,
        label,
        short,
        kind,
    }
}

const fn r(
    id: &'static str,
    label: &'static str,
    group: &'static str,
    cols: &'static [ColDef],
) -> RowDef {
    RowDef {
        id,
        label,
        aliases: &[],
        group,
        cols,
        leaf: false,
    }
}

const fn leaf(id: &'static str, label: &'static str) -> RowDef {
    RowDef {
        id,
        label,
        aliases: &[],
        group: "",
        cols: T3_COLS,
        leaf: true,
    }
}

use ColKind::{Count, Money, Signed};

// ---- Table 二 -------------------------------------------------------------

pub const CAP_1: &str = "第二十条第（一）项";
pub const CAP_5: &str = "第二十条第（五）项";
pub const CAP_6: &str = "第二十条第（六）项";
pub const CAP_8: &str = "第二十条第（八）项";
pub const CAP_9: &str = "第二十条第（九）项";

const NEW_DOCS: &[ColDef] = &[
    c("made", "本年制发件数", "制发", Count),
    c("repealed", "本年废止件数", "废止", Count),
    c("valid", "现行有效件数", "现行有效", Count),
];
const NEW_DECISIONS: &[ColDef] = &[c("decisions", "本年处理决定数量", "处理决定", Count)];
const NEW_FEE: &[ColDef] = &[c("amount", "本年收费金额（单位：万元）", "收费金额", Money)];

const OLD_DOCS: &[ColDef] = &[
    c("new_made", "本年新制作数量", "新制作", Count),
    c("new_pub", "本年新公开数量", "新公开", Count),
    c("total_pub", "对外公开总数量", "公开总数", Count),
];
const OLD_ITEMS: &[ColDef] = &[
    c("prev_items", "上一年项目数量", "上年项目", Count),
    c("delta", "本年增/减", "增/减", Signed),
    c("decisions", "处理决定数量", "处理决定", Count),
];
const OLD_FEE: &[ColDef] = &[
    c("prev_items", "上一年项目数量", "上年项目", Count),
    c("delta", "本年增/减", "增/减", Signed),
];
const OLD_PROC: &[ColDef] = &[
    c("projects", "采购项目数量", "项目数", Count),
    c("amount", "采购总金额", "总金额", Money),
];

pub const T2_NEW: &[RowDef] = &[
    RowDef {
        aliases: &[],
        ..r("REG", "规章", CAP_1, NEW_DOCS)
    },
    RowDef {
        aliases: &["规范性文件"],
        ..r("NORM", "行政规范性文件", CAP_1, NEW_DOCS)
    },
    r("LIC", "行政许可", CAP_5, NEW_DECISIONS),
    r("PUN", "行政处罚", CAP_6, NEW_DECISIONS),
    r("COE", "行政强制", CAP_6, NEW_DECISIONS),
    r("FEE", "行政事业性收费", CAP_8, NEW_FEE),
];

pub const T2_OLD: &[RowDef] = &[
    r("REG", "规章", CAP_1, OLD_DOCS),
    RowDef {
        aliases: &["行政规范性文件"],
        ..r("NORM", "规范性文件", CAP_1, OLD_DOCS)
    },
    r("LIC", "行政许可", CAP_5, OLD_ITEMS),
    r("OTHSVC", "其他对外管理服务事项", CAP_5, OLD_ITEMS),
    r("PUN", "行政处罚", CAP_6, OLD_ITEMS),
    r("COE", "行政强制", CAP_6, OLD_ITEMS),
    r("FEE", "行政事业性收费", CAP_8, OLD_FEE),
    r("PROC", "政府集中采购", CAP_9, OLD_PROC),
];

pub const T2_CAPTIONS_NEW: &[&str] = &[CAP_1, CAP_5, CAP_6, CAP_8];
pub const T2_CAPTIONS_OLD: &[&str] = &[CAP_1, CAP_5, CAP_6, CAP_8, CAP_9];

// ---- Table 三 -------------------------------------------------------------

pub const T3_COLS: &[ColDef] = &[
    c("C1", "自然人", "自然人", Count),
    c("C2", "商业企业", "商业企业", Count),
    c("C3", "科研机构", "科研机构", Count),
    c("C4", "社会公益组织", "公益组织", Count),
    c("C5", "法律服务机构", "法律服务", Count),
    c("C6", "其他", "其他", Count),
    c("CT", "总计", "总计", Count),
];

/// The printed note in the top-left header cell of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

const T3_HEAD: &[RowDef] = &[
    RowDef {
        leaf: false,
        ..leaf("A1", "一、本年新收政府信息公开申请数量")
    },
    RowDef {
        leaf: false,
        ..leaf("A2", "二、上年结转政府信息公开申请数量")
    },
    leaf("R1", "（一）予以公开"),
    RowDef {
        aliases: &["（二）部分公开"],
        ..leaf(
            "R2",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        )
    },
    leaf("R3.1", "1.属于国家秘密"),
    leaf("R3.2", "2.其他法律行政法规禁止公开"),
    leaf("R3.3", "3.危及“三安全一稳定”"),
    leaf("R3.4", "4.保护第三方合法权益"),
    leaf("R3.5", "5.属于三类内部事务信息"),
    leaf("R3.6", "6.属于四类过程性信息"),
    leaf("R3.7", "7.属于行政执法案卷"),
    leaf("R3.8", "8.属于行政查询事项"),
    leaf("R4.1", "1.本机关不掌握相关政府信息"),
    leaf("R4.2", "2.没有现成信息需要另行制作"),
    leaf("R4.3", "3.补正后申请内容仍不明确"),
    leaf("R5.1", "1.信访举报投诉类申请"),
    leaf("R5.2", "2.重复申请"),
    leaf("R5.3", "3.要求提供公开出版物"),
    leaf("R5.4", "4.无正当理由大量反复申请"),
    leaf("R5.5", "5.要求行政机关确认或重新出具已获取信息"),
];

const T3_TAIL: &[RowDef] = &[
    RowDef {
        leaf: false,
        ..leaf("R7", "（七）总计")
    },
    RowDef {
        leaf: false,
        ..leaf("A4", "四、结转下年度继续办理")
    },
];

const T3_R6_OLD: &[RowDef] = &[leaf("R6", "（六）其他处理")];
const T3_R6_NEW: &[RowDef] = &[
    leaf(
        "R6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    leaf(
        "R6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    leaf("R6.3", "3.其他"),
];

/// Group labels of table 三 that carry no values.
pub const T3_GROUPS: &[&str] = &[
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

/// The parts one after the other, at compile time: the two
/// templates' table 三 share all rows but （六）, and this keeps each row
/// declared once while the full tables stay `&'static` (no cache to build).
const fn concat<const N: usize>(parts: [&[RowDef]; 3]) -> [RowDef; N] {
    let mut out = [leaf("", ""); N];
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    out
}

const T3_OLD: [RowDef; T3_HEAD.len() + T3_R6_OLD.len() + T3_TAIL.len()] =
    concat([T3_HEAD, T3_R6_OLD, T3_TAIL]);
const T3_NEW: [RowDef; T3_HEAD.len() + T3_R6_NEW.len() + T3_TAIL.len()] =
    concat([T3_HEAD, T3_R6_NEW, T3_TAIL]);

/// The rows of table 三 for a template, in template order.
pub fn t3_rows(t: Template) -> &'static [RowDef] {
    match t {
        Template::V2019 => &T3_OLD,
        Template::V2021 => &T3_NEW,
    }
}

/// The ids of table 三's result leaves (summed by E2), in order.
pub fn t3_leaves(t: Template) -> Vec<&'static str> {
    t3_rows(t).iter().filter(|r| r.leaf).map(|r| r.id).collect()
}

// ---- Table 四 -------------------------------------------------------------

pub const T4_COLS: &[ColDef] = &[
    c("keep", "结果维持", "维持", Count),
    c("corr", "结果纠正", "纠正", Count),
    c("oth", "其他结果", "其他", Count),
    c("pend", "尚未审结", "未审结", Count),
    c("tot", "总计", "总计", Count),
];

pub const T4_ROWS: &[RowDef] = &[
    RowDef {
        cols: T4_COLS,
        ..leaf("RV", "行政复议")
    },
    RowDef {
        cols: T4_COLS,
        ..leaf("LD", "行政诉讼·未经复议直接起诉")
    },
    RowDef {
        cols: T4_COLS,
        ..leaf("LR", "行政诉讼·复议后起诉")
    },
];

// ---- All tables -----------------------------------------------------------

/// The rows of a table for a template.
pub fn rows(table: super::TableId, t: Template) -> &'static [RowDef] {
    use super::TableId::*;
    match (table, t) {
        (T2, Template::V2019) => T2_OLD,
        (T2, Template::V2021) => T2_NEW,
        (T3, t) => t3_rows(t),
        (T4, _) => T4_ROWS,
    }
}

/// Every row table of both templates (a row id may be in several).
const ALL_ROWS: &[&[RowDef]] = &[T2_OLD, T2_NEW, &T3_NEW, T3_R6_OLD, T4_ROWS];

/// Every column set of both templates.
const ALL_COLS: &[&[ColDef]] = &[
    NEW_DOCS,
    NEW_DECISIONS,
    NEW_FEE,
    OLD_DOCS,
    OLD_ITEMS,
    OLD_FEE,
    OLD_PROC,
    T3_COLS,
    T4_COLS,
];

/// The `&'static` form of a template row id (any table, any template).
pub fn static_row_id(row: &str) -> Option<&'static str> {
    ALL_ROWS
        .iter()
        .flat_map(|rs| rs.iter())
        .map(|r| r.id)
        .find(|id| *id == row)
}

/// The `&'static` form of a column id (any table, any template).
pub fn static_col_id(col: &str) -> Option<&'static str> {
    ALL_COLS
        .iter()
        .flat_map(|cs| cs.iter())
        .map(|c| c.id)
        .find(|id| *id == col)
}

/// Number of value cells of a table in a template (STRUCT-6): 22/10, 161/175, 15.
pub fn cell_count(table: super::TableId, t: Template) -> usize {
    rows(table, t).iter().map(|r| r.cols.len()).sum()
}

/// The label of a row id (template row, or the own label of a local extra row).
pub fn row_label(table: super::TableId, t: Template, row: &str) -> String {
    if let Some(d) = rows(table, t).iter().find(|d| d.id == row) {
        return d.label.to_string();
    }
    match row.split_once('/') {
        Some((_, own)) => own.to_string(),
        None => row.to_string(),
    }
}

/// The column definition of a (table, row, col).
pub fn col_def(table: super::TableId, t: Template, row: &str, col: &str) -> Option<ColDef> {
    let parent = row.split('/').next().unwrap_or(row);
    rows(table, t)
        .iter()
        .find(|d| d.id == parent)
        .and_then(|d| d.cols.iter().find(|c| c.id == col).copied())
}

// ---- Sections -------------------------------------------------------------

pub struct SectionDef {
    pub ordinal: u8,
    pub numeral: char,
    pub title: &'static str,
    /// Other wordings seen in real reports that are not typos (SPEC §1.2).
    pub variants: &'static [&'static str],
    /// Wordings of the formats before 2019 (LBL-1 names them as such).
    pub legacy: &'static [&'static str],
}

pub const SECTIONS: &[SectionDef] = &[
    SectionDef {
        ordinal: 1,
        numeral: '一',
        title: "一、总体情况",
        variants: &[],
        legacy: &["一、概述"],
    },
    SectionDef {
        ordinal: 2,
        numeral: '二',
        title: "二、主动公开政府信息情况",
        variants: &[],
        legacy: &[],
    },
    SectionDef {
        ordinal: 3,
        numeral: '三',
        title: "三、收到和处理政府信息公开申请情况",
        variants: &[],
        legacy: &[],
    },
    SectionDef {
        ordinal: 4,
        numeral: '四',
        title: "四、政府信息公开行政复议、行政诉讼情况",
        variants: &["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"],
        legacy: &[],
    },
    SectionDef {
        ordinal: 5,
        numeral: '五',
        title: "五、存在的主要问题及改进情况",
        variants: &["五、政府信息公开工作存在的主要问题及改进情况"],
        legacy: &[],
    },
    SectionDef {
        ordinal: 6,
        numeral: '六',
        title: "六、其他需要报告的事项",
        variants: &[],
        legacy: &[],
    },
];

pub fn section_def(ordinal: u8) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|s| s.ordinal == ordinal)
}

/// Old-template header markers (TPL-2).
pub const OLD_MARKERS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "第二十条第（九）项",
    "政府集中采购",
    "采购总金额",
];
/// New-template header markers (TPL-2).
pub const NEW_MARKERS: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::TableId;

    #[test]
    fn cell_counts_match_spec() {
        assert_eq!(cell_count(TableId::T2, Template::V2021), 10);
        assert_eq!(cell_count(TableId::T2, Template::V2019), 22);
        assert_eq!(cell_count(TableId::T3, Template::V2021), 175);
        assert_eq!(cell_count(TableId::T3, Template::V2019), 161);
        assert_eq!(cell_count(TableId::T4, Template::V2021), 15);
    }

    #[test]
    fn leaves_match_spec() {
        assert_eq!(t3_leaves(Template::V2021).len(), 21);
        assert_eq!(t3_leaves(Template::V2019).len(), 19);
        assert!(!t3_leaves(Template::V2021).contains(&"R7"));
        assert!(!t3_leaves(Template::V2021).contains(&"A1"));
    }
}
