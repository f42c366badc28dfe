//! The rule catalogue of SPEC §7 as data.
//!
//! Every rule id the checker can emit is listed here with its default
//! severity, a one-line description in Chinese and English, and an example of
//! what it catches. `check --explain RULE`, the TUI help and the config
//! validation all read this table, so a rule that exists in code but not here
//! (or the reverse) is a bug; a unit test keeps the two in step.
//!
//! The ids are a public interface (JSON `rule` field, `--disable`, config
//! files): never rename one.

use crate::report::Severity;
use Severity::{Error, Info, Warning};

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The SPEC §7 id (`T3-1`, `X-5`…).
    pub id: &'static str,
    /// The default severity. Some rules vary it with the evidence (META-1
    /// legacy years are info, TPL-1 for 2019 is a warning); this is the usual
    /// one. A user override replaces every finding's severity.
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

const fn rule(
    id: &'static str,
    severity: Severity,
    zh: &'static str,
    en: &'static str,
    example: &'static str,
    implemented: bool,
) -> RuleInfo {
    RuleInfo {
        id,
        severity,
        zh,
        en,
        example,
        implemented,
    }
}

/// Every rule of SPEC §7, in SPEC order.
pub static RULES: &[RuleInfo] = &[
    // ---- META / TPL ------------------------------------------------------
    rule("META-1", Error,
        "能从标题中提取报告年度（须≥2019；≤2018为旧格式）；文件无法读取也归此条",
        "A report year can be read from the title (≥2019; ≤2018 is legacy); unreadable files land here too",
        "标题「某局政府信息公开工作年度报告」没有年份", true),
    rule("META-2", Error,
        "统计期限句中的年份与标题年份一致",
        "The statistics-period sentence names the title year",
        "标题为2021年，正文写「统计期限自2020年1月1日起至12月31日止」", true),
    rule("META-3", Warning,
        "第一部分中「本年/本年度YYYY年」等表述使用标题年份（展望性句子除外）",
        "Other 'this year YYYY' statements in section 一 use the title year",
        "2022年报告的总体情况写「2021年，我局共主动公开…」", true),
    rule("META-4", Warning,
        "能提取机关名称；同一目录中机关与年度相同的文件为重复报告",
        "An agency can be extracted; two files with the same agency and year are duplicates",
        "a/2021.txt 与 b/2021.txt 都是「某局2021年」报告", true),
    rule("META-5", Warning,
        "发布日期不晚于次年1月31日（部门）或3月31日（政府本级）",
        "Published by 31 Jan (departments) / 31 Mar (governments) of the next year",
        "2021年部门报告落款日期为2022年3月15日", true),
    rule("TPL-1", Error,
        "报告年度与表格格式相符：≥2021用2021格式，2020用2019试行格式，2019可用试行格式或旧格式",
        "The table format fits the year: ≥2021 new format, 2020 old format, 2019 old or free form",
        "2022年报告使用「本年新制作数量」等2019试行格式表头", true),
    rule("TPL-2", Error,
        "新旧格式的表头标志不得混用",
        "Old and new template markers must not co-occur",
        "同一表二中既有「本年制发件数」又有「上一年项目数量」", true),
    rule("TPL-3", Warning,
        "2020年及以前的报告使用2021格式，年份可能写错",
        "A ≤2020 report on the 2021 format: the year is probably wrong",
        "标题为2020年，表二却是「本年制发件数/本年废止件数/现行有效件数」", true),
    // ---- STRUCT ----------------------------------------------------------
    rule("STRUCT-1", Error,
        "一至六六个部分齐全",
        "All six top-level sections 一…六 are present",
        "缺少「五、存在的主要问题及改进情况」", true),
    rule("STRUCT-2", Error,
        "一级序号按一、二、三、四、五、六排列，各出现一次，不重新编号",
        "Top-level ordinals are in order, each once, numbering not restarted",
        "「二、」之后又出现「一、」", true),
    rule("STRUCT-3", Error,
        "一级标题内容与序号对应（防止整体错位）",
        "Each heading's text fits its ordinal (shifted numbering)",
        "「一、主动公开政府信息情况」", true),
    rule("STRUCT-4", Error,
        "总体情况的子标题（主动公开、依申请公开等）不得升为一级标题",
        "The 总体情况 sub-topics are not promoted to top-level headings",
        "「二、依申请公开」「三、政府信息管理」作为一级标题", true),
    rule("STRUCT-5", Error,
        "第二、三、四部分分别含表二、表三、表四，且表格可读",
        "Sections 二/三/四 contain tables 二/三/四, readable",
        "未找到表三；或表三的内容被压成一行无法读取", true),
    rule("STRUCT-6", Error,
        "表格数值单元格数量符合模板（表二10/22、表三175/161、表四15）",
        "Table shape: 10/22, 175/161 and 15 value cells",
        "表四数据行有16个数值（应为15个）", true),
    rule("STRUCT-7", Error,
        "表三25行（2021）/23行（2019）齐全且顺序正确（缺行为错误，乱序为警告）",
        "Table 三 has all its value rows, in template order",
        "表三缺少「（七）总计」行", true),
    rule("STRUCT-8", Warning,
        "第五部分不为空，也不只是「无」",
        "Section 五 is not empty and not just 无",
        "「五、存在的主要问题及改进情况 无」", true),
    rule("STRUCT-9", Info,
        "第一部分涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障",
        "Section 一 covers the five sub-topics",
        "总体情况未提及「监督保障」", true),
    rule("STRUCT-10", Warning,
        "人民政府的报告在第一部分说明工作考核、社会评议和责任追究情况",
        "A 人民政府 report mentions 考核 / 社会评议 / 责任追究 in section 一",
        "某县人民政府报告总体情况未提及社会评议", true),
    rule("STRUCT-11", Warning,
        "正文用旧格式章节名描述本报告结构，与实际六个部分矛盾",
        "Text describes the report with obsolete section names",
        "「本报告由概述、主动公开政府信息的情况、政府信息公开的收费及减免情况……组成」", true),
    // ---- LBL -------------------------------------------------------------
    rule("LBL-1", Warning,
        "一级标题与模板标题或认可的变体一致；编辑距离≤3视为笔误",
        "Section titles equal the template (or an accepted variant); near misses are typos",
        "「六、其他说要报告的事项」应为「六、其他需要报告的事项」", true),
    rule("LBL-2", Warning,
        "表二的标题行与表头与所用格式一致，近似即笔误",
        "Table 二 captions and headers match the detected template",
        "「本年度止件数」应为「本年废止件数」", true),
    rule("LBL-3", Warning,
        "表二行名：2021格式为「行政规范性文件」，2019格式为「规范性文件」",
        "Table 二 row labels fit the template version",
        "2021格式表二写「规范性文件」", true),
    rule("LBL-4", Warning,
        "表三行名与模板一致",
        "Table 三 row labels equal the template",
        "「2.其他法律法规禁止公开」应为「2.其他法律行政法规禁止公开」", true),
    rule("LBL-5", Warning,
        "表三列标题与模板一致，并印有勾稽关系说明（缺说明为提示）",
        "Table 三 headers equal the template; the 勾稽关系 note is printed",
        "表三缺少「（本列数据的勾稽关系为：…）」说明", true),
    rule("LBL-6", Warning,
        "表四表头与模板一致",
        "Table 四 headers equal the template",
        "「结果维护」应为「结果维持」", true),
    rule("LBL-7", Info,
        "表内出现模板之外的行（如「行政检查」「行政确认」）",
        "Extra local rows inside a table are reported, not merged silently",
        "「其他对外管理服务事项」下另列「行政检查」「行政确认」", true),
    // ---- VAL -------------------------------------------------------------
    rule("VAL-1", Error,
        "计数单元格必须是非负整数",
        "Every count cell is a non-negative integer",
        "表三某格填「2.5」", true),
    rule("VAL-2", Error,
        "只有「本年增/减」可以为负数",
        "Only 本年增/减 may be negative",
        "表四「结果维持」填「-1」", true),
    rule("VAL-3", Warning,
        "数值单元格为空白或占位符（/、-、—、无），相关勾稽关系无法判定",
        "Blank or placeholder value cells; rules using them are UNCERTAIN",
        "表三「（一）予以公开」行只填了总计，其余各列为空", true),
    rule("VAL-4", Error,
        "数值单元格中是非数字文字",
        "Non-numeric text in a value cell",
        "表三某格填「见附件」", true),
    rule("VAL-5", Warning,
        "金额单元格自带单位（元）与表头万元不符，已换算",
        "A money cell carries its own unit (元) against the 万元 header",
        "采购总金额填「251000元」", true),
    rule("VAL-6", Info,
        "金额超过4位小数，或看似以元填入万元栏",
        "Money with more than 4 decimals, or a 元 amount in a 万元 column",
        "本年收费金额填「35000」（疑为元）", true),
    // ---- T2 --------------------------------------------------------------
    rule("T2-1", Warning,
        "（2021格式）现行有效件数 ≥ 本年制发件数 − 本年废止件数",
        "(new) valid ≥ made − repealed",
        "规范性文件：制发5、废止0、现行有效3", true),
    rule("T2-2", Info,
        "部门或县级机关的「规章」一般应为0",
        "规章 > 0 is unusual for departments and county-level bodies",
        "某区科技局「规章」本年制发1件", true),
    rule("T2-3", Warning,
        "（2019格式）本年新公开数量 ≤ 对外公开总数量",
        "(old) new_pub ≤ total_pub",
        "规范性文件：新公开5、公开总数3", true),
    rule("T2-4", Info,
        "（2019格式）本年新制作数量与本年新公开数量一般相等",
        "(old) new_made and new_pub are normally equal",
        "规范性文件：新制作4、新公开2", true),
    rule("T2-5", Warning,
        "（2019格式）采购项目数量为0当且仅当采购总金额为0",
        "(old) procurement projects = 0 ⇔ amount = 0",
        "采购项目数量0，采购总金额12.5万元", true),
    rule("T2-6", Error,
        "（2019格式）上一年项目数量 + 本年增/减 ≥ 0",
        "(old) prev_items + delta ≥ 0",
        "行政许可：上一年项目数量3，本年增/减 -5", true),
    rule("T2-7", Info,
        "本地子行之和等于上级行，或上级行缺失由子行推出",
        "Local sub-rows sum to their parent row",
        "「行政检查」「行政确认」之和与「其他对外管理服务事项」不符", true),
    // ---- T3 --------------------------------------------------------------
    rule("T3-1", Error,
        "表三每行：总计 = 六类申请人之和",
        "Table 三 row sum: CT = C1+…+C6",
        "第（一）予以公开行: 总计 12 ≠ 各列之和 11", true),
    rule("T3-2", Error,
        "表三每列：（七）总计 = 各项办理结果之和",
        "Table 三 column: R7 = sum of the result leaves",
        "自然人列: （七）总计 20 ≠ 各项办理结果之和 26", true),
    rule("T3-3", Error,
        "表三每列：第一项 + 第二项 = 第三项 + 第四项（表中印明的勾稽关系）",
        "Table 三 column: A1 + A2 = R7 + A4 (the printed identity)",
        "总计列: （七）总计+结转下年度 9 ≠ 新收+上年结转 10", true),
    rule("T3-4", Error,
        "表三每列：结转下年度 ≤ 新收+上年结转；办理结果总计 ≤ 新收+上年结转",
        "Table 三 bounds: A4 ≤ A1+A2 and R7 ≤ A1+A2",
        "自然人列: 结转下年度 5 > 新收+上年结转 3", true),
    rule("T3-5", Info,
        "行和与列关系同时不平时，交叉单元格为最可能的错误",
        "When a row sum and a column identity fail, their intersection is the likely culprit",
        "T3.R3.2.C1 = 5，按行列关系应为 4", true),
    rule("T3-6", Warning,
        "（2021格式）因逾期未缴费不再处理的申请 > 0 时，第六部分须说明信息处理费和收费通知",
        "(new) R6.2.CT > 0 requires section 六 to report 信息处理费 and 收费通知",
        "R6.2 总计 2 件，第六部分只写「无」", true),
    rule("T3-7", Warning,
        "表三某行只填总计、六类申请人均空白，行和无法核对",
        "A table 三 row with only CT filled: the row sum cannot be checked",
        "「（二）部分公开」行只有总计 3", true),
    rule("T3-8", Error,
        "表三全为0而正文称收到申请，或正文称未收到申请而表三非0",
        "Table 三 all zero while the text reports applications (or the reverse)",
        "正文「共收到政府信息公开申请5件」，表三全为0", true),
    // ---- T4 --------------------------------------------------------------
    rule("T4-1", Error,
        "行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        "Review: tot = keep + corr + oth + pend",
        "行政复议: 总计 3 ≠ 各结果之和 2", true),
    rule("T4-2", Error,
        "行政诉讼（未经复议直接起诉）：总计 = 四项结果之和",
        "Direct lawsuits: tot = keep + corr + oth + pend",
        "未经复议直接起诉: 总计 1 ≠ 各结果之和 0", true),
    rule("T4-3", Error,
        "行政诉讼（复议后起诉）：总计 = 四项结果之和",
        "Lawsuits after review: tot = keep + corr + oth + pend",
        "复议后起诉: 总计 2 ≠ 各结果之和 1", true),
    rule("T4-4", Error,
        "表四15个数值的顺序与模板一致",
        "The 15 cells of table 四 are in template order",
        "表四表头把「行政诉讼」放在「行政复议」之前", true),
    // ---- TXT -------------------------------------------------------------
    rule("TXT-1", Warning,
        "正文「收到…申请N件」等于新收申请数（或新收+上年结转）",
        "'Received N applications' equals A1.CT (or A1.CT + A2.CT)",
        "正文「共收到政府信息公开申请12件」，表三新收总计10、上年结转1", true),
    rule("TXT-2", Error,
        "正文称未收到申请，则新收申请数应为0",
        "'No applications received' ⇒ A1.CT = 0",
        "正文「本年度未收到政府信息公开申请」，表三新收总计3", true),
    rule("TXT-3", Warning,
        "正文「上年结转…N件」「结转下年度…N件」与表三一致",
        "Narrative carry-over counts equal A2.CT / A4.CT",
        "正文「结转下年度办理2件」，表三结转下年度总计0", true),
    rule("TXT-4", Warning,
        "正文「办结/答复…N件」等于办理结果总计",
        "'Answered N' equals R7.CT",
        "正文「已全部办结9件」，表三（七）总计8", true),
    rule("TXT-5", Warning,
        "正文行政复议、行政诉讼件数与表四总计一致",
        "Narrative review/lawsuit counts equal the table 四 totals",
        "正文「发生行政复议1件」，表四行政复议总计0", true),
    rule("TXT-6", Warning,
        "正文称申请均已办结，而结转下年度 > 0",
        "'All applications completed' while A4.CT > 0",
        "正文「所有申请均已按时办结」，表三结转下年度2", true),
    rule("TXT-7", Warning,
        "正文制发规范性文件、规章件数与表二一致",
        "Narrative counts of documents issued equal table 二",
        "正文「制发行政规范性文件3件」，表二制发2", true),
    rule("TXT-8", Warning,
        "（2021格式）第六部分说明信息处理费收取情况",
        "(new) Section 六 reports 信息处理费",
        "「六、其他需要报告的事项 无」", true),
    rule("TXT-9", Info,
        "第五部分出现重复词语（如「资金资金」）",
        "Section 五 contains a duplicated word",
        "「加强资金资金保障」", true),
    // ---- X ---------------------------------------------------------------
    rule("X-1", Warning,
        "同一机关相邻年度：上年「结转下年度」= 本年「上年结转」（7列）",
        "Carry-over: A4(N) = A2(N+1) in all 7 columns",
        "2021年结转下年度总计2，2022年上年结转总计0", true),
    rule("X-2", Warning,
        "同一机关相邻年度（2021格式）：现行有效(N+1) = 现行有效(N) + 制发(N+1) − 废止(N+1)",
        "Document stock: valid(N+1) = valid(N) + made(N+1) − repealed(N+1)",
        "2021年现行有效5，2022年制发1废止0，现行有效7", true),
    rule("X-3", Warning,
        "同一机关2019→2020（2019格式）：上一年项目数量(N+1) = 上一年项目数量(N) + 本年增/减(N)",
        "Old item counts: prev_items(N+1) = prev_items(N) + delta(N)",
        "2019年行政许可上年项目10、增减+2，2020年上年项目11", true),
    rule("X-4", Error,
        "某年已用2021格式，此后各年不得回到2019试行格式",
        "Once on the new template, later years stay on it",
        "2021年用2021格式，2022年又用2019试行格式", true),
    rule("X-5", Warning,
        "相邻年度第一、五部分内容雷同（屏蔽年份和数字后重合度>90%）",
        "Sections 一/五 near-identical across consecutive years (内容雷同)",
        "2021与2022年「存在的主要问题及改进情况」几乎逐字相同", true),
    rule("X-6", Warning,
        "相邻年度表格数值完全相同且非全零（数据照抄）",
        "Identical non-zero tables in consecutive years",
        "2021与2022年表三175个数值完全相同", true),
    rule("X-7", Info,
        "政府报告与所属部门报告之和一致（需已知层级关系）",
        "A government's report equals the sum of its subordinates (hierarchy needed)",
        "某区人民政府表三新收 ≠ 各部门新收之和", false),
];

/// The catalogue entry of a rule id (exact, case-insensitive).
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id.trim()))
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
