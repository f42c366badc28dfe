//! The three table regions: where table 二, 三 and 四 start and end, found
//! by their captions and by the section headings around them.

use super::Parser;

/// Half-open row ranges of the three table regions.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Regions {
    pub(super) t2: Option<(usize, usize)>,
    pub(super) t3: Option<(usize, usize)>,
    pub(super) t4: Option<(usize, usize)>,
}

impl Regions {
    pub(super) fn contains(&self, i: usize) -> bool {
        [self.t2, self.t3, self.t4]
            .iter()
            .flatten()
            .any(|&(a, b)| i >= a && i < b)
    }
}

impl Parser<'_> {
    pub(super) fn regions(&self) -> Regions {
        let rows = self.rows;
        // Every cell normalised once (`self.normed`): the searches below scan
        // the same rows several times (issue 5: a 10 MB line was normalised
        // five times).
        let normed = &self.normed;
        let any_cell = |i: usize, f: &dyn Fn(&str) -> bool| normed.any_cell(i, f);
        let find_from = |from: usize, f: &dyn Fn(usize) -> bool| (from..rows.len()).find(|&i| f(i));

        let s2 = self.heading_row(2).unwrap_or(0);
        let t2_start = find_from(s2, &|i| {
            any_cell(i, &|t| t.contains("第二十条第") || t == "信息内容")
        })
        .or_else(|| find_from(0, &|i| any_cell(i, &|t| t.contains("第二十条第"))));

        // Table 三 comes after table 二, or after heading 三 when there is no table 二.
        let t3_from = t2_start.or(self.heading_row(3)).unwrap_or(0);
        let t3_start = find_from(t3_from, &|i| {
            any_cell(i, &|t| {
                t.contains("勾稽关系")
                    || t.contains("申请人情况")
                    || t.contains("本年新收政府信息公开申请")
            })
        });

        let t4_start = t3_start.and_then(|t3| {
            let after_heading = self.heading_row(4).filter(|&h| h > t3);
            after_heading.or_else(|| {
                find_from(t3 + 1, &|i| {
                    any_cell(i, &|t| {
                        t == "行政复议" || (t.contains("行政复议") && t.contains("行政诉讼"))
                    })
                })
            })
        });
        let t4_start = t4_start.or_else(|| {
            if t3_start.is_none() {
                self.heading_row(4)
            } else {
                None
            }
        });

        let end_of = |start: usize, next_table: Option<usize>| -> usize {
            let h = self.next_heading_after(start).unwrap_or(rows.len());
            let n = next_table.filter(|&n| n > start).unwrap_or(rows.len());
            h.min(n)
        };
        let t2 = t2_start.map(|s| (s, end_of(s, t3_start.or(t4_start))));
        let t3 = t3_start.map(|s| (s, end_of(s, t4_start)));
        let t4 = t4_start.map(|s| {
            // Section 四 holds only the table; stop at the next heading.
            let start = s;
            (
                start,
                end_of(start + 1, None).max(start + 1).min(rows.len()),
            )
        });
        Regions { t2, t3, t4 }
    }

    pub(super) fn section_of(&self, row: usize) -> u8 {
        let mut ord = 0;
        let mut hs = self.headings.clone();
        hs.sort();
        for (h, o) in hs {
            if h <= row {
                ord = o;
            }
        }
        ord
    }
}
