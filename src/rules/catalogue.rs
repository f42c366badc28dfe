//! The rule catalogue of SPEC §7: every rule declared once.
//!
//! Each rule is a `static` [`Rule`] made by [`declare_rule!`] (clippy's
//! `declare_clippy_lint!` is the model): its id, default severity, a one-line
//! description in Chinese and English, and an example of what it catches.
//! Rules emit findings by reference to their static (`Finding::new(&T3_1,
//! msg)`), so a finding cannot name a rule that is not declared, and its
//! severity is the declared one unless the call site overrides it in plain
//! sight. `ogi-lens rules`, docs/rules.md, `check --explain`, the TUI help and
//! the config validation all read [`RULES`]; a test keeps every declaration
//! listed there.
//!
//! The ids are a public interface (JSON `rule` field, `--disable`, config
//! files): never rename one.

use super::finding::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

/// One rule of the catalogue.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The SPEC §7 id (`T3-1`, `X-5`…).
    pub id: &'static str,
    /// The default severity. Some rules vary it with the evidence (META-1
    /// legacy years are info, TPL-1 for 2019 is a warning): those call sites
    /// say so with [`super::Finding::with_severity`]. A user override
    /// replaces every finding's severity.
    pub severity: Severity,
    /// Short description in Chinese.
    pub zh: &'static str,
    /// Short description in English.
    pub en: &'static str,
    /// What a typical finding looks like.
    pub example: &'static str,
    /// Whether the checker emits this rule today.
    pub implemented: bool,
}

impl Rule {
    /// The family of the rule: `T3-1` → `T3`, `STRUCT-10` → `STRUCT`.
    pub fn family(&self) -> &'static str {
        family(self.id)
    }
}

/// The family of a rule id: everything before the first `-`.
pub(crate) fn family(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// A rule shows as its id: in messages, assertions and `{:?}` of findings.
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// `finding.rule == "T3-1"`: the id is what callers and tests compare.
impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id == other
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id == *other
    }
}

/// In JSON a rule is its id (SPEC §13.2 `rule`).
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

/// Declare one rule as a `pub static` [`Rule`]; add it to [`RULES`] too.
///
/// ```text
/// declare_rule! {
///     T3_1, "T3-1", Error,
///     zh: "表三每行：总计 = 六类申请人之和",
///     en: "Table 三 row sum: CT = C1+…+C6",
///     example: "第（一）予以公开行: 总计 12 ≠ 各列之和 11",
/// }
/// ```
///
/// `not_implemented,` after the example marks a rule of the SPEC that the
/// checker does not emit yet.
macro_rules! declare_rule {
    (
        $name:ident, $id:literal, $sev:ident,
        zh: $zh:literal,
        en: $en:literal,
        example: $ex:literal,
        $($not:ident,)?
    ) => {
        #[doc = concat!("`", $id, "`: ", $en)]
        pub static $name: Rule = Rule {
            id: $id,
            severity: Severity::$sev,
            zh: $zh,
            en: $en,
            example: $ex,
            implemented: declare_rule!(@implemented $($not)?),
        };
    };
    (@implemented) => { true };
    (@implemented not_implemented) => { false };
}

// ---- META / TPL ------------------------------------------------------
declare_rule! {
    META_1, "META-1", Error,
    zh: "能从标题中提取报告年度（须≥2019；≤2018为旧格式）；文件无法读取也归此条",
    en: "A report year can be read from the title (≥2019; ≤2018 is legacy); unreadable files land here too",
    example: "标题「某局政府信息公开工作年度报告」没有年份",
}
declare_rule! {
    META_2, "META-2", Error,
    zh: "统计期限句中的年份与标题年份一致",
    en: "The statistics-period sentence names the title year",
    example: "标题为2021年，正文写「统计期限自2020年1月1日起至12月31日止」",
}
declare_rule! {
    META_3, "META-3", Warning,
    zh: "第一部分中「本年/本年度YYYY年」等表述使用标题年份（展望性句子除外）",
    en: "Other 'this year YYYY' statements in section 一 use the title year",
    example: "2022年报告的总体情况写「2021年，我局共主动公开…」",
}
declare_rule! {
    META_4, "META-4", Warning,
    zh: "能提取机关名称；同一目录中机关与年度相同的文件为重复报告",
    en: "An agency can be extracted; two files with the same agency and year are duplicates",
    example: "a/2021.txt 与 b/2021.txt 都是「某局2021年」报告",
}
declare_rule! {
    META_5, "META-5", Warning,
    zh: "发布日期不晚于次年1月31日（部门）或3月31日（政府本级）",
    en: "Published by 31 Jan (departments) / 31 Mar (governments) of the next year",
    example: "2021年部门报告落款日期为2022年3月15日",
}
declare_rule! {
    TPL_1, "TPL-1", Error,
    zh: "报告年度与表格格式相符：≥2021用2021格式，2020用2019试行格式，2019可用试行格式或旧格式",
    en: "The table format fits the year: ≥2021 new format, 2020 old format, 2019 old or free form",
    example: "2022年报告使用「本年新制作数量」等2019试行格式表头",
}
declare_rule! {
    TPL_2, "TPL-2", Error,
    zh: "新旧格式的表头标志不得混用",
    en: "Old and new template markers must not co-occur",
    example: "同一表二中既有「本年制发件数」又有「上一年项目数量」",
}
declare_rule! {
    TPL_3, "TPL-3", Warning,
    zh: "2020年及以前的报告使用2021格式，年份可能写错",
    en: "A ≤2020 report on the 2021 format: the year is probably wrong",
    example: "标题为2020年，表二却是「本年制发件数/本年废止件数/现行有效件数」",
}

// ---- STRUCT ----------------------------------------------------------
declare_rule! {
    STRUCT_1, "STRUCT-1", Error,
    zh: "一至六六个部分齐全",
    en: "All six top-level sections 一…六 are present",
    example: "缺少「五、存在的主要问题及改进情况」",
}
declare_rule! {
    STRUCT_2, "STRUCT-2", Error,
    zh: "一级序号按一、二、三、四、五、六排列，各出现一次，不重新编号",
    en: "Top-level ordinals are in order, each once, numbering not restarted",
    example: "「二、」之后又出现「一、」",
}
declare_rule! {
    STRUCT_3, "STRUCT-3", Error,
    zh: "一级标题内容与序号对应（防止整体错位）",
    en: "Each heading's text fits its ordinal (shifted numbering)",
    example: "「一、主动公开政府信息情况」",
}
declare_rule! {
    STRUCT_4, "STRUCT-4", Error,
    zh: "总体情况的子标题（主动公开、依申请公开等）不得升为一级标题",
    en: "The 总体情况 sub-topics are not promoted to top-level headings",
    example: "「二、依申请公开」「三、政府信息管理」作为一级标题",
}
declare_rule! {
    STRUCT_5, "STRUCT-5", Error,
    zh: "第二、三、四部分分别含表二、表三、表四，且表格可读",
    en: "Sections 二/三/四 contain tables 二/三/四, readable",
    example: "未找到表三；或表三的内容被压成一行无法读取",
}
declare_rule! {
    STRUCT_6, "STRUCT-6", Error,
    zh: "表格数值单元格数量符合模板（表二10/22、表三175/161、表四15）",
    en: "Table shape: 10/22, 175/161 and 15 value cells",
    example: "表四数据行有16个数值（应为15个）",
}
declare_rule! {
    STRUCT_7, "STRUCT-7", Error,
    zh: "表三25行（2021）/23行（2019）齐全且顺序正确（缺行为错误，乱序为警告）",
    en: "Table 三 has all its value rows, in template order",
    example: "表三缺少「（七）总计」行",
}
declare_rule! {
    STRUCT_8, "STRUCT-8", Warning,
    zh: "第五部分不为空，也不只是「无」",
    en: "Section 五 is not empty and not just 无",
    example: "「五、存在的主要问题及改进情况 无」",
}
declare_rule! {
    STRUCT_9, "STRUCT-9", Info,
    zh: "第一部分涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障",
    en: "Section 一 covers the five sub-topics",
    example: "总体情况未提及「监督保障」",
}
declare_rule! {
    STRUCT_10, "STRUCT-10", Warning,
    zh: "人民政府的报告在第一部分说明工作考核、社会评议和责任追究情况",
    en: "A 人民政府 report mentions 考核 / 社会评议 / 责任追究 in section 一",
    example: "某县人民政府报告总体情况未提及社会评议",
}
declare_rule! {
    STRUCT_11, "STRUCT-11", Warning,
    zh: "正文用旧格式章节名描述本报告结构，与实际六个部分矛盾",
    en: "Text describes the report with obsolete section names",
    example: "「本报告由概述、主动公开政府信息的情况、政府信息公开的收费及减免情况……组成」",
}

// ---- LBL -------------------------------------------------------------
declare_rule! {
    LBL_1, "LBL-1", Warning,
    zh: "一级标题与模板标题或认可的变体一致；编辑距离≤3视为笔误",
    en: "Section titles equal the template (or an accepted variant); near misses are typos",
    example: "「六、其他说要报告的事项」应为「六、其他需要报告的事项」",
}
declare_rule! {
    LBL_2, "LBL-2", Warning,
    zh: "表二的标题行与表头与所用格式一致，近似即笔误",
    en: "Table 二 captions and headers match the detected template",
    example: "「本年度止件数」应为「本年废止件数」",
}
declare_rule! {
    LBL_3, "LBL-3", Warning,
    zh: "表二行名：2021格式为「行政规范性文件」，2019格式为「规范性文件」",
    en: "Table 二 row labels fit the template version",
    example: "2021格式表二写「规范性文件」",
}
declare_rule! {
    LBL_4, "LBL-4", Warning,
    zh: "表三行名与模板一致",
    en: "Table 三 row labels equal the template",
    example: "「2.其他法律法规禁止公开」应为「2.其他法律行政法规禁止公开」",
}
declare_rule! {
    LBL_5, "LBL-5", Warning,
    zh: "表三列标题与模板一致，并印有勾稽关系说明（缺说明为提示）",
    en: "Table 三 headers equal the template; the 勾稽关系 note is printed",
    example: "表三缺少「（本列数据的勾稽关系为：…）」说明",
}
declare_rule! {
    LBL_6, "LBL-6", Warning,
    zh: "表四表头与模板一致",
    en: "Table 四 headers equal the template",
    example: "「结果维护」应为「结果维持」",
}
declare_rule! {
    LBL_7, "LBL-7", Info,
    zh: "表内出现模板之外的行（如「行政检查」「行政确认」）",
    en: "Extra local rows inside a table are reported, not merged silently",
    example: "「其他对外管理服务事项」下另列「行政检查」「行政确认」",
}

// ---- VAL -------------------------------------------------------------
declare_rule! {
    VAL_1, "VAL-1", Error,
    zh: "计数单元格必须是非负整数",
    en: "Every count cell is a non-negative integer",
    example: "表三某格填「2.5」",
}
declare_rule! {
    VAL_2, "VAL-2", Error,
    zh: "只有「本年增/减」可以为负数",
    en: "Only 本年增/减 may be negative",
    example: "表四「结果维持」填「-1」",
}
declare_rule! {
    VAL_3, "VAL-3", Warning,
    zh: "数值单元格为空白或占位符（/、-、—、无），相关勾稽关系无法判定",
    en: "Blank or placeholder value cells; rules using them are UNCERTAIN",
    example: "表三「（一）予以公开」行只填了总计，其余各列为空",
}
declare_rule! {
    VAL_4, "VAL-4", Error,
    zh: "数值单元格中是非数字文字",
    en: "Non-numeric text in a value cell",
    example: "表三某格填「见附件」",
}
declare_rule! {
    VAL_5, "VAL-5", Warning,
    zh: "金额单元格自带单位（元）与表头万元不符，已换算",
    en: "A money cell carries its own unit (元) against the 万元 header",
    example: "采购总金额填「251000元」",
}
declare_rule! {
    VAL_6, "VAL-6", Info,
    zh: "金额超过4位小数，或看似以元填入万元栏",
    en: "Money with more than 4 decimals, or a 元 amount in a 万元 column",
    example: "本年收费金额填「35000」（疑为元）",
}

// ---- T2 --------------------------------------------------------------
declare_rule! {
    T2_1, "T2-1", Warning,
    zh: "（2021格式）现行有效件数 ≥ 本年制发件数 − 本年废止件数",
    en: "(new) valid ≥ made − repealed",
    example: "规范性文件：制发5、废止0、现行有效3",
}
declare_rule! {
    T2_2, "T2-2", Info,
    zh: "部门或县级机关的「规章」一般应为0",
    en: "规章 > 0 is unusual for departments and county-level bodies",
    example: "某区科技局「规章」本年制发1件",
}
declare_rule! {
    T2_3, "T2-3", Warning,
    zh: "（2019格式）本年新公开数量 ≤ 对外公开总数量",
    en: "(old) new_pub ≤ total_pub",
    example: "规范性文件：新公开5、公开总数3",
}
declare_rule! {
    T2_4, "T2-4", Info,
    zh: "（2019格式）本年新制作数量与本年新公开数量一般相等",
    en: "(old) new_made and new_pub are normally equal",
    example: "规范性文件：新制作4、新公开2",
}
declare_rule! {
    T2_5, "T2-5", Warning,
    zh: "（2019格式）采购项目数量为0当且仅当采购总金额为0",
    en: "(old) procurement projects = 0 ⇔ amount = 0",
    example: "采购项目数量0，采购总金额12.5万元",
}
declare_rule! {
    T2_6, "T2-6", Error,
    zh: "（2019格式）上一年项目数量 + 本年增/减 ≥ 0",
    en: "(old) prev_items + delta ≥ 0",
    example: "行政许可：上一年项目数量3，本年增/减 -5",
}
declare_rule! {
    T2_7, "T2-7", Info,
    zh: "本地子行之和等于上级行，或上级行缺失由子行推出",
    en: "Local sub-rows sum to their parent row",
    example: "「行政检查」「行政确认」之和与「其他对外管理服务事项」不符",
}

// ---- T3 --------------------------------------------------------------
declare_rule! {
    T3_1, "T3-1", Error,
    zh: "表三每行：总计 = 六类申请人之和",
    en: "Table 三 row sum: CT = C1+…+C6",
    example: "第（一）予以公开行: 总计 12 ≠ 各列之和 11",
}
declare_rule! {
    T3_2, "T3-2", Error,
    zh: "表三每列：（七）总计 = 各项办理结果之和",
    en: "Table 三 column: R7 = sum of the result leaves",
    example: "自然人列: （七）总计 20 ≠ 各项办理结果之和 26",
}
declare_rule! {
    T3_3, "T3-3", Error,
    zh: "表三每列：第一项 + 第二项 = 第三项 + 第四项（表中印明的勾稽关系）",
    en: "Table 三 column: A1 + A2 = R7 + A4 (the printed identity)",
    example: "总计列: （七）总计+结转下年度 9 ≠ 新收+上年结转 10",
}
declare_rule! {
    T3_4, "T3-4", Error,
    zh: "表三每列：结转下年度 ≤ 新收+上年结转；办理结果总计 ≤ 新收+上年结转",
    en: "Table 三 bounds: A4 ≤ A1+A2 and R7 ≤ A1+A2",
    example: "自然人列: 结转下年度 5 > 新收+上年结转 3",
}
declare_rule! {
    T3_5, "T3-5", Info,
    zh: "行和与列关系同时不平时，交叉单元格为最可能的错误",
    en: "When a row sum and a column identity fail, their intersection is the likely culprit",
    example: "T3.R3.2.C1 = 5，按行列关系应为 4",
}
declare_rule! {
    T3_6, "T3-6", Warning,
    zh: "（2021格式）因逾期未缴费不再处理的申请 > 0 时，第六部分须说明信息处理费和收费通知",
    en: "(new) R6.2.CT > 0 requires section 六 to report 信息处理费 and 收费通知",
    example: "R6.2 总计 2 件，第六部分只写「无」",
}
declare_rule! {
    T3_7, "T3-7", Warning,
    zh: "表三某行只填总计、六类申请人均空白，行和无法核对",
    en: "A table 三 row with only CT filled: the row sum cannot be checked",
    example: "「（二）部分公开」行只有总计 3",
}
declare_rule! {
    T3_8, "T3-8", Error,
    zh: "表三全为0而正文称收到申请，或正文称未收到申请而表三非0",
    en: "Table 三 all zero while the text reports applications (or the reverse)",
    example: "正文「共收到政府信息公开申请5件」，表三全为0",
}

// ---- T4 --------------------------------------------------------------
declare_rule! {
    T4_1, "T4-1", Error,
    zh: "行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    en: "Review: tot = keep + corr + oth + pend",
    example: "行政复议: 总计 3 ≠ 各结果之和 2",
}
declare_rule! {
    T4_2, "T4-2", Error,
    zh: "行政诉讼（未经复议直接起诉）：总计 = 四项结果之和",
    en: "Direct lawsuits: tot = keep + corr + oth + pend",
    example: "未经复议直接起诉: 总计 1 ≠ 各结果之和 0",
}
declare_rule! {
    T4_3, "T4-3", Error,
    zh: "行政诉讼（复议后起诉）：总计 = 四项结果之和",
    en: "Lawsuits after review: tot = keep + corr + oth + pend",
    example: "复议后起诉: 总计 2 ≠ 各结果之和 1",
}
declare_rule! {
    T4_4, "T4-4", Error,
    zh: "表四15个数值的顺序与模板一致",
    en: "The 15 cells of table 四 are in template order",
    example: "表四表头把「行政诉讼」放在「行政复议」之前",
}

// ---- TXT -------------------------------------------------------------
declare_rule! {
    TXT_1, "TXT-1", Warning,
    zh: "正文「收到…申请N件」等于新收申请数（或新收+上年结转）",
    en: "'Received N applications' equals A1.CT (or A1.CT + A2.CT)",
    example: "正文「共收到政府信息公开申请12件」，表三新收总计10、上年结转1",
}
declare_rule! {
    TXT_2, "TXT-2", Error,
    zh: "正文称未收到申请，则新收申请数应为0",
    en: "'No applications received' ⇒ A1.CT = 0",
    example: "正文「本年度未收到政府信息公开申请」，表三新收总计3",
}
declare_rule! {
    TXT_3, "TXT-3", Warning,
    zh: "正文「上年结转…N件」「结转下年度…N件」与表三一致",
    en: "Narrative carry-over counts equal A2.CT / A4.CT",
    example: "正文「结转下年度办理2件」，表三结转下年度总计0",
}
declare_rule! {
    TXT_4, "TXT-4", Warning,
    zh: "正文「办结/答复…N件」等于办理结果总计",
    en: "'Answered N' equals R7.CT",
    example: "正文「已全部办结9件」，表三（七）总计8",
}
declare_rule! {
    TXT_5, "TXT-5", Warning,
    zh: "正文行政复议、行政诉讼件数与表四总计一致",
    en: "Narrative review/lawsuit counts equal the table 四 totals",
    example: "正文「发生行政复议1件」，表四行政复议总计0",
}
declare_rule! {
    TXT_6, "TXT-6", Warning,
    zh: "正文称申请均已办结，而结转下年度 > 0",
    en: "'All applications completed' while A4.CT > 0",
    example: "正文「所有申请均已按时办结」，表三结转下年度2",
}
declare_rule! {
    TXT_7, "TXT-7", Warning,
    zh: "正文制发规范性文件、规章件数与表二一致",
    en: "Narrative counts of documents issued equal table 二",
    example: "正文「制发行政规范性文件3件」，表二制发2",
}
declare_rule! {
    TXT_8, "TXT-8", Warning,
    zh: "（2021格式）第六部分说明信息处理费收取情况",
    en: "(new) Section 六 reports 信息处理费",
    example: "「六、其他需要报告的事项 无」",
}
declare_rule! {
    TXT_9, "TXT-9", Info,
    zh: "第五部分出现重复词语（如「资金资金」）",
    en: "Section 五 contains a duplicated word",
    example: "「加强资金资金保障」",
}

// ---- X ---------------------------------------------------------------
declare_rule! {
    X_1, "X-1", Warning,
    zh: "同一机关相邻年度：上年「结转下年度」= 本年「上年结转」（7列）",
    en: "Carry-over: A4(N) = A2(N+1) in all 7 columns",
    example: "2021年结转下年度总计2，2022年上年结转总计0",
}
declare_rule! {
    X_2, "X-2", Warning,
    zh: "同一机关相邻年度（2021格式）：现行有效(N+1) = 现行有效(N) + 制发(N+1) − 废止(N+1)",
    en: "Document stock: valid(N+1) = valid(N) + made(N+1) − repealed(N+1)",
    example: "2021年现行有效5，2022年制发1废止0，现行有效7",
}
declare_rule! {
    X_3, "X-3", Warning,
    zh: "同一机关2019→2020（2019格式）：上一年项目数量(N+1) = 上一年项目数量(N) + 本年增/减(N)",
    en: "Old item counts: prev_items(N+1) = prev_items(N) + delta(N)",
    example: "2019年行政许可上年项目10、增减+2，2020年上年项目11",
}
declare_rule! {
    X_4, "X-4", Error,
    zh: "某年已用2021格式，此后各年不得回到2019试行格式",
    en: "Once on the new template, later years stay on it",
    example: "2021年用2021格式，2022年又用2019试行格式",
}
declare_rule! {
    X_5, "X-5", Warning,
    zh: "相邻年度第一、五部分内容雷同（屏蔽年份和数字后重合度>90%）",
    en: "Sections 一/五 near-identical across consecutive years (内容雷同)",
    example: "2021与2022年「存在的主要问题及改进情况」几乎逐字相同",
}
declare_rule! {
    X_6, "X-6", Warning,
    zh: "相邻年度表格数值完全相同且非全零（数据照抄）",
    en: "Identical non-zero tables in consecutive years",
    example: "2021与2022年表三175个数值完全相同",
}
declare_rule! {
    X_7, "X-7", Info,
    zh: "政府报告与所属部门报告之和一致（需已知层级关系）",
    en: "A government's report equals the sum of its subordinates (hierarchy needed)",
    example: "某区人民政府表三新收 ≠ 各部门新收之和",
    not_implemented,
}

/// Every declared rule, in SPEC order: what `ogi-lens rules` lists.
pub static RULES: &[&Rule] = &[
    &META_1, &META_2, &META_3, &META_4, &META_5, &TPL_1, &TPL_2, &TPL_3, &STRUCT_1, &STRUCT_2,
    &STRUCT_3, &STRUCT_4, &STRUCT_5, &STRUCT_6, &STRUCT_7, &STRUCT_8, &STRUCT_9, &STRUCT_10,
    &STRUCT_11, &LBL_1, &LBL_2, &LBL_3, &LBL_4, &LBL_5, &LBL_6, &LBL_7, &VAL_1, &VAL_2, &VAL_3,
    &VAL_4, &VAL_5, &VAL_6, &T2_1, &T2_2, &T2_3, &T2_4, &T2_5, &T2_6, &T2_7, &T3_1, &T3_2, &T3_3,
    &T3_4, &T3_5, &T3_6, &T3_7, &T3_8, &T4_1, &T4_2, &T4_3, &T4_4, &TXT_1, &TXT_2, &TXT_3, &TXT_4,
    &TXT_5, &TXT_6, &TXT_7, &TXT_8, &TXT_9, &X_1, &X_2, &X_3, &X_4, &X_5, &X_6, &X_7,
];

/// The catalogue entry of a rule id (exact, case-insensitive).
pub fn rule_info(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
}

/// The text of `ogi-lens check --explain RULE`: description and example.
pub fn explain(id: &str) -> Option<String> {
    let r = rule_info(id)?;
    let status = if r.implemented {
        ""
    } else {
        "\n（尚未实现 / not implemented yet）"
    };
    Some(format!(
        "{id} [{sev}]\n{zh}\n{en}\n例 / example: {ex}{status}",
        id = r.id,
        sev = r.severity,
        zh = r.zh,
        en = r.en,
        ex = r.example,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_cover_spec_families() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
        }
        let expect = [
            ("META", 5),
            ("TPL", 3),
            ("STRUCT", 11),
            ("LBL", 7),
            ("VAL", 6),
            ("T2", 7),
            ("T3", 8),
            ("T4", 4),
            ("TXT", 9),
            ("X", 7),
        ];
        for (fam, n) in expect {
            for i in 1..=n {
                let id = format!("{fam}-{i}");
                assert!(rule_info(&id).is_some(), "missing {id}");
            }
        }
        assert_eq!(RULES.len(), expect.iter().map(|e| e.1).sum::<usize>());
    }

    /// Every `declare_rule!` of this file is in [`RULES`] under its own id,
    /// and its static is named after the id (`T3-1` → `T3_1`): a rule
    /// declared but not listed would be emitted yet missing from `ogi-lens
    /// rules`, docs/rules.md, `--explain` and the config validation.
    #[test]
    fn every_declared_rule_is_listed() {
        let src = include_str!("catalogue.rs");
        let mut declared = Vec::new();
        for chunk in src.split("declare_rule! {").skip(1) {
            let head = chunk.lines().nth(1).unwrap_or_default().trim();
            let mut parts = head.split(',').map(str::trim);
            let (Some(name), Some(id)) = (parts.next(), parts.next()) else {
                continue;
            };
            // The macro's own documentation shows an invocation too.
            if name.starts_with("///") || !id.starts_with('"') {
                continue;
            }
            let id = id.trim_matches('"');
            assert_eq!(name, id.replace('-', "_"), "static {name} declares {id}");
            declared.push(id.to_string());
        }
        assert_eq!(declared.len(), RULES.len(), "declared {declared:?}");
        for (d, r) in declared.iter().zip(RULES) {
            assert_eq!(d, r.id, "RULES is not in declaration (SPEC) order");
        }
        for r in RULES {
            let found = rule_info(r.id).map(|x| std::ptr::eq(x, *r));
            assert_eq!(found, Some(true), "{} listed twice or shadowed", r.id);
        }
    }

    #[test]
    fn explain_names_rule_and_example() {
        let e = explain("t3-1").unwrap_or_default();
        assert!(e.contains("T3-1"));
        assert!(e.contains("总计 12"));
        assert!(explain("NOPE-1").is_none());
        assert!(explain("X-7")
            .unwrap_or_default()
            .contains("not implemented"));
    }
}
