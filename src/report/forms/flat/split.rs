//! The digit splitter: every way to read a run of digits as the values of
//! one table row, under the arithmetic the template guarantees.

use super::{
    MAX_CANDIDATES, MAX_COUNT_DIGITS, MAX_MONEY_FRAC, MAX_MONEY_INT, MAX_RUN, MAX_SINGLE_DIGITS,
    SPLIT_BUDGET,
};

/// What one value cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Non-negative integer, no leading zero.
    Count,
    /// `本年增/减`: an optional sign, then a count.
    Signed,
    /// Money: digits, an optional decimal part, an optional `元`/`万元` unit
    /// (the unit only at the end of the run).
    Money,
}

/// The arithmetic a row's values obey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// No constraint (table 二).
    None,
    /// The last value is the sum of the others (table 三: 总计 = C1+…+C6).
    Last,
    /// Blocks of five whose fifth is the sum of the four before (table 四).
    Blocks5,
}

/// One value of a split: its text and where it sat in the run (atom
/// indices), to tell whether the split had to invent its boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    /// A boundary of this value was not in the source (no space, sign or run
    /// edge there): the value was recovered by splitting.
    pub recovered: bool,
}

/// Every admissible split of a run, or the news that there are too many to
/// enumerate within the budget.
#[derive(Debug, Clone, PartialEq)]
pub enum Split {
    /// The complete list (possibly empty: the run fits no split).
    All(Vec<Vec<Piece>>),
    /// The search budget or the candidate cap was exceeded.
    TooMany,
}

struct Atoms {
    chars: Vec<char>,
    /// `hard[i]`: the source had a separator (whitespace) before atom `i`;
    /// `hard[0]` and `hard[len]` are the run's edges.
    hard: Vec<bool>,
}

impl Atoms {
    fn new(run: &str) -> Atoms {
        let mut chars = Vec::new();
        let mut hard = vec![true];
        let mut gap = false;
        for c in run.chars() {
            if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
                gap = true;
                continue;
            }
            let c = fold_digit(c);
            if !chars.is_empty() {
                hard.push(gap);
            }
            gap = false;
            chars.push(c);
        }
        hard.push(true);
        Atoms { chars, hard }
    }
    fn len(&self) -> usize {
        self.chars.len()
    }
    /// No source separator strictly inside `a..b`.
    fn whole(&self, a: usize, b: usize) -> bool {
        (a + 1..b).all(|i| !self.hard.get(i).copied().unwrap_or(true))
    }
    fn text(&self, a: usize, b: usize) -> String {
        self.chars[a..b].iter().collect()
    }
}

/// Full-width digits and minus as ASCII.
pub(super) fn fold_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '−' => '-',
        '＋' => '+',
        '．' => '.',
        _ => c,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// A count: digits only, no leading zero unless it is `0`, at most `max` digits.
fn count_value(s: &[char], max: usize) -> Option<i64> {
    if s.is_empty() || s.len() > max || !s.iter().all(|c| is_digit(*c)) {
        return None;
    }
    if s.len() > 1 && s[0] == '0' {
        return None;
    }
    s.iter().collect::<String>().parse().ok()
}

fn signed_value(s: &[char], max: usize) -> Option<i64> {
    match s.first() {
        Some('-') => count_value(&s[1..], max).map(|v| -v),
        Some('+') => count_value(&s[1..], max),
        _ => count_value(s, max),
    }
}

/// Money: `123`, `0.5`, `9116.36`, `75394432.52元`, `25.1万元`.
fn money_ok(s: &[char], last: bool) -> bool {
    let mut body = s;
    for unit in [&['万', '元'][..], &['元'][..]] {
        if body.len() > unit.len() && body.ends_with(unit) {
            if !last {
                return false;
            }
            body = &body[..body.len() - unit.len()];
            break;
        }
    }
    let (int, frac) = match body.iter().position(|c| *c == '.') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    if count_value(int, MAX_MONEY_INT).is_none() {
        return false;
    }
    match frac {
        None => true,
        Some(f) => !f.is_empty() && f.len() <= MAX_MONEY_FRAC && f.iter().all(|c| is_digit(*c)),
    }
}

/// The longest text a value of this kind may have (atoms).
fn max_len(kind: Kind, single: bool) -> usize {
    let digits = if single {
        MAX_SINGLE_DIGITS
    } else {
        MAX_COUNT_DIGITS
    };
    match kind {
        Kind::Count => digits,
        Kind::Signed => digits + 1,
        Kind::Money => MAX_MONEY_INT + 1 + MAX_MONEY_FRAC + 2,
    }
}

struct Search<'a> {
    atoms: &'a Atoms,
    kinds: &'a [Kind],
    sum: Sum,
    single: bool,
    steps: usize,
    out: Vec<Vec<(usize, usize)>>,
    over: bool,
}

impl Search<'_> {
    fn value(&self, k: usize, a: usize, b: usize) -> Option<Option<i64>> {
        let s = &self.atoms.chars[a..b];
        let last = b == self.atoms.len();
        let max = max_len(self.kinds[k], self.single);
        match self.kinds[k] {
            Kind::Count => count_value(s, max.min(MAX_SINGLE_DIGITS)).map(Some),
            Kind::Signed => signed_value(s, max - 1).map(Some),
            Kind::Money => money_ok(s, last).then_some(None),
        }
    }

    fn run(&mut self, k: usize, pos: usize, cur: &mut Vec<(usize, usize)>, vals: &mut Vec<i64>) {
        if self.over {
            return;
        }
        let n = self.kinds.len();
        let len = self.atoms.len();
        if k == n {
            if pos == len {
                if self.out.len() >= MAX_CANDIDATES {
                    self.over = true;
                    return;
                }
                self.out.push(cur.clone());
            }
            return;
        }
        let rest = n - k - 1;
        // The sum constraints fix the value to read: look for exactly it.
        let forced: Option<i64> = match self.sum {
            Sum::Last if k == n - 1 => Some(vals.iter().sum()),
            Sum::Blocks5 if k % 5 == 4 && k >= 4 => Some(vals[k - 4..k].iter().sum()),
            _ => None,
        };
        let maxl = max_len(self.kinds[k], self.single);
        let hi = (pos + maxl).min(len.saturating_sub(rest));
        for end in pos + 1..=hi {
            self.steps += 1;
            if self.steps > SPLIT_BUDGET {
                self.over = true;
                return;
            }
            // A value never spans a separator of the source.
            if !self.atoms.whole(pos, end) {
                break;
            }
            // Prune: what is left must fit the remaining values.
            let room: usize = self.kinds[k + 1..]
                .iter()
                .map(|&x| max_len(x, self.single))
                .sum();
            if len - end > room {
                continue;
            }
            let Some(v) = self.value(k, pos, end) else {
                continue;
            };
            if let (Some(f), Some(v)) = (forced, v) {
                if f != v {
                    continue;
                }
            }
            cur.push((pos, end));
            vals.push(v.unwrap_or(0));
            self.run(k + 1, end, cur, vals);
            cur.pop();
            vals.pop();
            if self.over {
                return;
            }
        }
    }
}

/// Every way to read `run` as `kinds.len()` values of those kinds obeying
/// `sum`. Whitespace in the run is a boundary no value crosses; a sign starts
/// a value; a multi-digit count never starts with 0.
pub fn split_run(run: &str, kinds: &[Kind], sum: Sum) -> Split {
    let atoms = Atoms::new(run);
    if kinds.is_empty() || atoms.len() == 0 {
        return Split::All(Vec::new());
    }
    if atoms.len() > MAX_RUN {
        return Split::All(Vec::new());
    }
    let mut s = Search {
        atoms: &atoms,
        kinds,
        sum,
        single: kinds.len() == 1,
        steps: 0,
        out: Vec::new(),
        over: false,
    };
    s.run(0, 0, &mut Vec::new(), &mut Vec::new());
    if s.over {
        return Split::TooMany;
    }
    let all = s
        .out
        .iter()
        .map(|spans| {
            spans
                .iter()
                .map(|&(a, b)| Piece {
                    text: atoms.text(a, b),
                    recovered: !(atoms.hard[a] && atoms.hard.get(b).copied().unwrap_or(true)),
                })
                .collect()
        })
        .collect();
    Split::All(all)
}

/// Split with the constraint; when nothing fits (the report itself has an
/// arithmetic error in this row), accept the one split that ignores the
/// constraint if there is exactly one (e.g. seven digits for seven cells), so
/// the published error stays visible to the rules.
pub fn split_or_printed(run: &str, kinds: &[Kind], sum: Sum) -> Split {
    match split_run(run, kinds, sum) {
        Split::All(v) if v.is_empty() && sum != Sum::None => match split_run(run, kinds, Sum::None)
        {
            Split::All(w) if w.len() == 1 => Split::All(w),
            _ => Split::All(Vec::new()),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &Split) -> Vec<Vec<String>> {
        match s {
            Split::All(v) => v
                .iter()
                .map(|c| c.iter().map(|p| p.text.clone()).collect())
                .collect(),
            Split::TooMany => panic!("too many"),
        }
    }

    fn row7(run: &str) -> Vec<Vec<String>> {
        texts(&split_run(run, &[Kind::Count; 7], Sum::Last))
    }

    #[test]
    fn unique_split_by_row_sum() {
        assert_eq!(
            row7("640020470"),
            vec![vec!["64", "0", "0", "2", "0", "4", "70"]]
        );
        // 217|1|0|0|0|0|218: the long 总计 fixes the rest.
        assert_eq!(
            row7("21710000218"),
            vec![vec!["217", "1", "0", "0", "0", "0", "218"]]
        );
        assert_eq!(
            row7("7000007"),
            vec![vec!["7", "0", "0", "0", "0", "0", "7"]]
        );
    }

    #[test]
    fn ambiguous_split_lists_every_reading() {
        // 1|10|0|0|0|0|11 and 11|0|0|0|0|0|11 both add up.
        let all = row7("1100000 11");
        assert!(all.len() >= 2, "{all:?}");
        // pingtan 2021 （四）1: 22|0|0|0|0|3|25 or 2|20|0|0|0|3|25 (the
        // column identities of the table decide, not the row).
        assert_eq!(
            row7("220000325"),
            vec![
                vec!["2", "20", "0", "0", "0", "3", "25"],
                vec!["22", "0", "0", "0", "0", "3", "25"]
            ]
        );
        // Table 二: three counts with no arithmetic between them.
        let all = texts(&split_run("898989", &[Kind::Count; 3], Sum::None));
        assert!(all.contains(&vec!["89".into(), "89".into(), "89".into()]));
        assert!(all.len() > 1);
    }

    #[test]
    fn spaces_are_boundaries() {
        assert_eq!(
            row7("230 000023"),
            vec![vec!["23", "0", "0", "0", "0", "0", "23"]]
        );
        assert_eq!(
            row7("23 0 00 0 023"),
            vec![vec!["23", "0", "0", "0", "0", "0", "23"]]
        );
        let s = split_run(
            "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0",
            &[Kind::Count; 15],
            Sum::Blocks5,
        );
        let Split::All(v) = s else { panic!() };
        assert_eq!(v.len(), 1);
        assert!(v[0].iter().all(|p| !p.recovered));
    }

    #[test]
    fn negative_numbers_start_a_value() {
        let kinds = [Kind::Count, Kind::Signed, Kind::Count];
        let all = texts(&split_run("2648-18538", &kinds, Sum::None));
        assert!(all.iter().all(|c| c[0] == "2648"), "{all:?}");
        assert!(all.contains(&vec!["2648".into(), "-18".into(), "538".into()]));
        assert!(all.len() > 1);
        // Two values: the sign fixes the boundary.
        let all = texts(&split_run("35-15", &[Kind::Count, Kind::Signed], Sum::None));
        assert_eq!(all, vec![vec!["35", "-15"]]);
        // A count never takes a sign.
        assert!(texts(&split_run("-5", &[Kind::Count], Sum::None)).is_empty());
    }

    #[test]
    fn no_leading_zeros() {
        // 0|07 and 00|7 are not numbers: only 0|0|7.
        assert_eq!(
            texts(&split_run("007", &[Kind::Count; 3], Sum::None)),
            vec![vec!["0", "0", "7"]]
        );
        assert!(texts(&split_run("07", &[Kind::Count], Sum::None)).is_empty());
        assert_eq!(
            texts(&split_run("0", &[Kind::Count], Sum::None)),
            vec![vec!["0"]]
        );
    }

    #[test]
    fn maximum_lengths() {
        // Seven-digit counts are allowed in a multi-value row, eight are not.
        let seven = "1000000";
        let run = format!("{seven}00000{seven}");
        assert_eq!(row7(&run).len(), 1);
        let eight = "10000000";
        assert!(row7(&format!("{eight}00000{eight}")).is_empty());
        // A run longer than any legal row is rejected without a search.
        let long = "1".repeat(MAX_RUN + 1);
        assert_eq!(
            split_run(&long, &[Kind::Count; 7], Sum::Last),
            Split::All(vec![])
        );
        // A single value may be long, up to the single cap.
        assert_eq!(
            texts(&split_run("123456789012", &[Kind::Count], Sum::None)).len(),
            1
        );
        assert!(texts(&split_run("1234567890123", &[Kind::Count], Sum::None)).is_empty());
    }

    #[test]
    fn money_and_units() {
        assert_eq!(
            texts(&split_run("24252.311082", &[Kind::Money], Sum::None)),
            vec![vec!["24252.311082"]]
        );
        let all = texts(&split_run(
            "13575394432.52元",
            &[Kind::Count, Kind::Money],
            Sum::None,
        ));
        assert!(all.contains(&vec!["135".into(), "75394432.52元".into()]));
        assert!(all.len() > 1);
    }

    #[test]
    fn search_is_bounded() {
        // Fifteen free counts over a long run of ones: many splits, capped.
        let run = "1".repeat(60);
        assert_eq!(
            split_run(&run, &[Kind::Count; 15], Sum::None),
            Split::TooMany
        );
    }

    #[test]
    fn printed_errors_stay_visible() {
        // 5+0+…+0 ≠ 6: no split obeys the row sum, but seven digits can only
        // be seven cells — read them so T3-1 can report the error.
        assert_eq!(
            texts(&split_or_printed("5000006", &[Kind::Count; 7], Sum::Last)),
            vec![vec!["5", "0", "0", "0", "0", "0", "6"]]
        );
    }
}
