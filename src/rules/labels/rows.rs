//! Row labels against the template: table 二 (LBL-3), table 三 (LBL-4), and
//! rows outside the template (LBL-7).

use super::short;
use crate::report::schema::{self, Template};
use crate::report::template::matcher::{bare, near, strip_ordinal};
use crate::report::text::norm;
use crate::report::{Report, Table, TableId};
use crate::rules::catalogue::{LBL_3, LBL_4, LBL_7};
use crate::rules::Finding;

/// LBL-3: table 二 row labels; the parser names the canonical label when the
/// written one is not exact (`规范性文件` on the 2021 format is the version
/// mismatch the rule is about).
pub(super) fn lbl_3(r: &Report, t2: &Table, out: &mut Vec<Finding>) {
    let tpl = r.template;
    for l in &t2.rows {
        let (Some(row), Some(canon)) = (l.row.as_deref(), l.canonical) else {
            continue;
        };
        let written = norm(&l.text);
        let other_version = tpl.and_then(|t| {
            let other = match t {
                Template::V2019 => Template::V2021,
                Template::V2021 => Template::V2019,
            };
            schema::rows(TableId::T2, other)
                .iter()
                .find(|d| d.id == row && norm(d.label) == written && d.label != canon)
                .map(|_| other)
        });
        let msg = match other_version {
            Some(o) => format!(
                "表二行名「{}」是{}的写法，本表为{}，应为「{canon}」",
                l.text,
                o.name_zh(),
                tpl.map(|t| t.name_zh()).unwrap_or("")
            ),
            None if near(&written, &norm(canon)) => {
                format!("表二行名「{}」疑为笔误，模板为「{canon}」", l.text)
            }
            None => continue,
        };
        out.push(
            Finding::new(&LBL_3, msg)
                .cells(t2.row_cell_ids(row))
                .at(l.line),
        );
    }
}

/// LBL-4: table 三 row labels (sample 000 `2.其他法律法规禁止公开`).
pub(super) fn lbl_4(r: &Report, t3: &Table, out: &mut Vec<Finding>) {
    let tpl = crate::rules::tables::t3_template(r).unwrap_or(Template::V2021);
    let defs = schema::t3_rows(tpl);
    for l in &t3.rows {
        let (Some(row), Some(canon)) = (l.row.as_deref(), l.canonical) else {
            continue;
        };
        let written = norm(&l.text);
        let a = strip_ordinal(&written);
        let cn = norm(canon);
        let b = strip_ordinal(&cn);
        let alias = defs
            .iter()
            .find(|d| d.id == row)
            .is_some_and(|d| d.aliases.iter().any(|x| strip_ordinal(&norm(x)) == a));
        if bare(a) == bare(b) || alias || !near(a, b) {
            continue;
        }
        out.push(
            Finding::new(
                &LBL_4,
                format!("表三行名「{}」与模板不符，应为「{canon}」", l.text),
            )
            .cells(t3.row_cell_ids(row))
            .at(l.line),
        );
    }
}

/// LBL-7: local rows the parser recognised as sub-rows, and value rows it
/// could not map at all.
pub(super) fn lbl_7(t: &Table, out: &mut Vec<Finding>) {
    for e in &t.extra_rows {
        out.push(
            Finding::new(
                &LBL_7,
                format!(
                    "{}中有模板之外的子行「{}」（归于「{}」）",
                    short(t.id),
                    e.label,
                    e.parent
                ),
            )
            .cells(t.row_cell_ids(&format!("{}/{}", e.parent, e.label)))
            .at(e.line),
        );
    }
    for l in t
        .rows
        .iter()
        .filter(|l| l.row.is_none() && l.value_count > 0)
    {
        let label = if l.text.trim().is_empty() {
            "（无行名）".to_string()
        } else {
            format!("「{}」", l.text)
        };
        out.push(
            Finding::new(
                &LBL_7,
                format!(
                    "{}中有无法对应模板的行{}（{}个数值，未计入）",
                    short(t.id),
                    label,
                    l.value_count
                ),
            )
            .at(l.line),
        );
    }
}
