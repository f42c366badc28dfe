//! The rules engine: a parsed [`Report`] in, [`Finding`]s out.
//!
//! The rules never look at raw bytes; they read the model the parser fills
//! (cells with values and source lines, row labels, headings, section text,
//! parse notes). Each family lives in its own module; this one runs them in a
//! fixed order and then applies the user's [`RuleSet`] (rules turned off,
//! severities changed) to every finding, the way a linter does.
//!
//! Each rule is declared once in [`catalogue`] and findings name it by
//! reference; [`Finding`] is the one result type, about one report or, for
//! the cross-report rules, several.
//!
//! Sum identities are data ([`sums`]): one declaration per identity, generated
//! from the template schema, serves both templates and both the arithmetic
//! rules and the culprit search of T3-5.

pub mod catalogue;
pub mod cross;
mod ctx;
mod culprit;
mod finding;
mod labels;
mod meta;
mod narrative;
mod ruleset;
mod structure;
pub(crate) mod sums;
mod t2;
mod t3;
mod tables;
mod text;
mod values;

#[cfg(test)]
mod testutil;

pub use catalogue::{explain, rule_info, Rule, RULES};
pub use finding::{Finding, Reports, Scope, Severity};
pub use ruleset::RuleSet;

use crate::report::Report;

/// Run every single-report rule over a parsed report.
pub fn check_report(report: &Report, rules: &RuleSet) -> Vec<Finding> {
    // A file that could not be read as a report gets exactly one finding:
    // anything else would be noise about a document that is not there.
    if let Some(msg) = &report.notes.fatal {
        let f = Finding::new(&catalogue::META_1, format!("无法读取报告: {msg}"));
        return rules.apply(vec![f]);
    }
    let ctx = ctx::Ctx::new(report);
    let report = &ctx;
    let mut out = Vec::new();
    meta::check(report, &mut out);
    let scope = meta::scope(report);
    if scope.structure {
        structure::check(report, &mut out);
        labels::check(report, &mut out);
    }
    values::check(report, &mut out);
    tables::check(report, !rules.is_disabled(&catalogue::T3_5), &mut out);
    t3::check(report, &mut out);
    t2::check(report, &mut out);
    text::check(report, &mut out);
    rules.apply(out)
}

/// Run the cross-report rules (X-*, META-4 duplicates) over a set of reports.
pub fn check_cross(reports: &[&Report], rules: &RuleSet) -> Vec<Finding> {
    rules.apply(cross::check(reports))
}

/// The same over [`cross::Digest`]s, which is what large runs keep.
pub fn check_cross_digests(digests: &[cross::Digest], rules: &RuleSet) -> Vec<Finding> {
    rules.apply(cross::check_digests(digests))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatal_gives_exactly_one_meta1() {
        let mut r = Report::empty("x.txt");
        r.notes.fatal = Some("file is empty".into());
        let f = check_report(&r, &RuleSet::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "META-1");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("file is empty"));
    }

    #[test]
    fn complete_consistent_reports_have_no_findings() {
        use crate::report::Template;
        for (t, y) in [
            (Template::V2019, 2020),
            (Template::V2021, 2021),
            (Template::V2021, 2023),
        ] {
            let f = check_report(&testutil::report(t, y), &RuleSet::default());
            assert!(f.is_empty(), "{t:?} {y}: {f:?}");
        }
    }

    #[test]
    fn empty_report_does_not_panic_and_reports_basics() {
        let f = check_report(&Report::empty("x"), &RuleSet::default());
        assert!(f.iter().any(|f| f.rule == "META-1"));
        // No heading at all: one STRUCT-1, not six.
        assert_eq!(f.iter().filter(|f| f.rule == "STRUCT-1").count(), 1);
        assert_eq!(f.iter().filter(|f| f.rule == "STRUCT-5").count(), 3);
    }

    /// No input may panic the rules: extreme and odd values in every cell,
    /// odd texts in every section, missing pieces, across many seeds.
    #[test]
    fn no_panic_on_hostile_reports() {
        use crate::report::{Template, Value};
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let values = [
            Value::Int(i64::MAX),
            Value::Int(i64::MIN),
            Value::Int(-1),
            Value::Int(0),
            Value::Int(3),
            Value::Money(f64::NAN),
            Value::Money(-0.5),
            Value::Money(1e300),
            Value::Blank,
            Value::Placeholder,
            Value::Text,
            Value::Absent,
        ];
        let texts = [
            "",
            "无",
            "收到申请99999999999999999999件。结转下年度九千九百九十九件。",
            "2019年，我局未收到申请。所有申请均已办结。资金资金资金",
            "一、二、三、\n\n\n（）()1.、",
            "行政复议、行政诉讼各0件，发出收费通知一百零五件，信息处理费",
        ];
        let mut reports = Vec::new();
        for round in 0..300i32 {
            let t = if round % 2 == 0 {
                Template::V2021
            } else {
                Template::V2019
            };
            let mut r = testutil::report(t, 2015 + round % 12);
            for table in [r.t2.as_mut(), r.t3.as_mut(), r.t4.as_mut()]
                .into_iter()
                .flatten()
            {
                for c in table.cells.iter_mut() {
                    if next() % 4 == 0 {
                        c.value = values[(next() % values.len() as u64) as usize].clone();
                        c.raw = "9.123456元".into();
                    }
                }
                if next() % 5 == 0 {
                    table.rows.reverse();
                }
            }
            for s in r.sections.iter_mut() {
                s.text = texts[(next() % texts.len() as u64) as usize].to_string();
            }
            match next() % 6 {
                0 => r.t3 = None,
                1 => r.template = None,
                2 => r.sections.clear(),
                3 => r.lines.clear(),
                4 => r.year = None,
                _ => {}
            }
            let _ = check_report(&r, &RuleSet::default());
            reports.push(r);
        }
        let refs: Vec<&Report> = reports.iter().collect();
        let _ = check_cross(&refs, &RuleSet::default());
    }

    #[test]
    fn overrides_apply_to_findings() {
        let mut r = Report::empty("x.txt");
        r.notes.fatal = Some("binary".into());
        let mut rs = RuleSet::default();
        rs.set_severity("META-1", "warning").expect("rule");
        assert_eq!(check_report(&r, &rs)[0].severity, Severity::Warning);
        let mut rs = RuleSet::default();
        rs.disable("META").expect("family");
        assert!(check_report(&r, &rs).is_empty());
    }
}
