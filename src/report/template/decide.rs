//! Which template a report follows: decided once, from evidence that stays
//! on the [`Report`] for the rules, the TUI and the JSON.
//!
//! The two formats differ in table 二 (other rows and columns) and in the
//! （六） rows of table 三 (one row in 2019, three in 2021). What a report
//! shows of that, and its year, is the [`Evidence`]; [`decide`] turns it
//! into the template, in this order:
//! 1. the table 二 header markers, when one format has more of them;
//! 2. else the （六） rows of table 三, when they show one format;
//! 3. else the year (2021 and later: 2021), when a table was found at all.
//!
//! Two readers need an answer before the report is parsed, from what they
//! can see: the parser lays out table 三 before the decision (its rows are
//! evidence), and the flat reader must know table 二's columns to split its
//! digits. Both gather evidence and ask here ([`Evidence::t3_layout`],
//! [`decide`]). Consumers that need *a* template when none was decided ask
//! [`Report::t3_template`] and [`Report::template_or_current`], which say
//! what the fallback is and why.

use super::schema::Template;
use crate::report::Report;

/// Counts of the table 二 header markers of each format (TPL-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Markers {
    pub v2019: usize,
    pub v2021: usize,
}

impl Markers {
    /// The format with more markers, when one has more.
    pub fn majority(self) -> Option<Template> {
        match self.v2019.cmp(&self.v2021) {
            std::cmp::Ordering::Greater => Some(Template::V2019),
            std::cmp::Ordering::Less => Some(Template::V2021),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// Which （六） rows of table 三 were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SixRows {
    /// The single `（六）其他处理` row with values (2019).
    pub v2019: bool,
    /// Any of the rows `1.…逾期不补正…` to `3.其他` (2021).
    pub v2021: bool,
}

impl SixRows {
    /// The format the rows show, when they show exactly one.
    pub fn template(self) -> Option<Template> {
        match (self.v2019, self.v2021) {
            (true, false) => Some(Template::V2019),
            (false, true) => Some(Template::V2021),
            _ => None,
        }
    }
}

/// What a report shows about its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    pub markers: Markers,
    pub six: SixRows,
    /// The year of the title.
    pub year: Option<i32>,
    /// A region of table 二, 三 or 四 was found (the year alone decides only
    /// for a report that has tables).
    pub tables: bool,
}

/// What a decision rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Markers,
    SixRows,
    Year,
}

impl Evidence {
    /// The evidence of a report known to follow `t` (hand-built reports).
    pub fn of(t: Template, year: Option<i32>) -> Evidence {
        Evidence {
            markers: Markers::default(),
            six: SixRows {
                v2019: t == Template::V2019,
                v2021: t == Template::V2021,
            },
            year,
            tables: true,
        }
    }

    /// The rows table 三 is read with, before the decision: its own （六）
    /// rows when they show one format, else the year (2020 and before:
    /// 2019), else the current format. The table 二 markers do not count
    /// here: the table is laid out by what it shows itself.
    pub fn t3_layout(&self) -> Template {
        self.six.template().unwrap_or(match self.year {
            Some(y) if y <= 2020 => Template::V2019,
            _ => Template::V2021,
        })
    }
}

/// The template of a report, and what it rests on (see the module docs).
pub fn decide(e: &Evidence) -> Option<(Template, Basis)> {
    if let Some(t) = e.markers.majority() {
        return Some((t, Basis::Markers));
    }
    if let Some(t) = e.six.template() {
        return Some((t, Basis::SixRows));
    }
    if !e.tables {
        return None;
    }
    let y = e.year?;
    let t = if y >= 2021 {
        Template::V2021
    } else {
        Template::V2019
    };
    Some((t, Basis::Year))
}

impl Report {
    /// The template table 三 follows: the report's, or else the rows the
    /// parser read its table 三 with ([`Evidence::t3_layout`]). `None` only
    /// without a decision and without a table 三.
    pub fn t3_template(&self) -> Option<Template> {
        self.template
            .or_else(|| self.t3.as_ref().map(|_| self.template_evidence.t3_layout()))
    }

    /// The template to show a report in: the decided one, else the current
    /// (2021) format, whose grids are the ones a reader expects today.
    pub fn template_or_current(&self) -> Template {
        self.template.unwrap_or(Template::V2021)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(v2019: usize, v2021: usize, six: (bool, bool), year: Option<i32>) -> Evidence {
        Evidence {
            markers: Markers { v2019, v2021 },
            six: SixRows {
                v2019: six.0,
                v2021: six.1,
            },
            year,
            tables: true,
        }
    }

    #[test]
    fn markers_then_six_rows_then_year() {
        use Template::*;
        let t = |e: Evidence| decide(&e);
        assert_eq!(
            t(ev(3, 1, (false, true), Some(2022))),
            Some((V2019, Basis::Markers))
        );
        assert_eq!(
            t(ev(2, 2, (false, true), Some(2019))),
            Some((V2021, Basis::SixRows))
        );
        assert_eq!(
            t(ev(0, 0, (true, true), Some(2020))),
            Some((V2019, Basis::Year))
        );
        assert_eq!(
            t(ev(0, 0, (false, false), Some(2021))),
            Some((V2021, Basis::Year))
        );
        assert_eq!(t(ev(0, 0, (false, false), None)), None);
        let no_tables = Evidence {
            tables: false,
            ..ev(0, 0, (false, false), Some(2022))
        };
        assert_eq!(t(no_tables), None);
    }

    #[test]
    fn table_three_is_laid_out_by_its_own_rows() {
        use Template::*;
        assert_eq!(ev(5, 0, (false, true), Some(2020)).t3_layout(), V2021);
        assert_eq!(ev(0, 0, (true, true), Some(2020)).t3_layout(), V2019);
        assert_eq!(ev(0, 0, (false, false), Some(2021)).t3_layout(), V2021);
        assert_eq!(ev(0, 0, (false, false), None).t3_layout(), V2021);
        for t in [V2019, V2021] {
            assert_eq!(decide(&Evidence::of(t, None)).map(|d| d.0), Some(t));
            assert_eq!(Evidence::of(t, None).t3_layout(), t);
        }
    }
}
