//! Flattened web text: reports scraped from web pages whose table cells lost
//! every separator (`一、本年新收政府信息公开申请数量640020470` for
//! 64 0 0 2 0 4 70).
//!
//! Why this exists: a whole class of real inputs (site archives, crawler
//! dumps) keeps only the visible text of the page, one long line, with the
//! headings, the narrative and all three tables run together. The ordinary
//! layout reader sees one enormous narrative line and finds no section and no
//! table value. This module turns such a line back into the [`Row`]s the
//! other layouts produce — headings on their own rows, narrative sentences,
//! and each table row as label cells followed by value cells — so the parser
//! downstream needs no special case.
//!
//! The hard part is splitting a digit run into cells. Only what the template
//! guarantees is used:
//! * table 三: seven counts per row with 总计 = the sum of the other six;
//!   when a row alone allows several splits, the column identities of the
//!   table (R7 = Σ leaves, A1 + A2 = R7 + A4) break the tie — but only as a
//!   tie-breaker, never as a filter on rows that split one way, because real
//!   reports publish arithmetic errors (pingtan 2020) and those must stay
//!   visible to the rules;
//! * table 四: fifteen counts in three blocks, each block's 总计 = the sum of
//!   its four results;
//! * table 二: the column count of each row from the header (which template),
//!   signed `本年增/减`, money with decimals and a unit.
//!
//! A cell is read only when every admissible split agrees on it. Otherwise
//! the value cell carries the [`UNCERTAIN`] marker: the parser leaves it
//! absent and records a shape error naming the row, so the table says which
//! row could not be read instead of holding a guessed number.
//!
//! Everything is bounded for untrusted input: digit runs are capped in
//! length, the split search and the cross-row search have step budgets, fuzzy
//! heading matching has a budget, and all other work is linear in the input.

use super::layout::{rows_from_text, Row, Tok};
use super::schema::{self, RowDef, Template, NEW_MARKERS, OLD_MARKERS, SECTIONS};
use super::text::edit_distance;
use std::borrow::Cow;

/// First character of a value cell that could not be split with certainty.
/// The rest of the text says what was there (`⁇898989 拆分不唯一`); the parser
/// turns such a cell into an absent value plus a shape error for its row.
pub const UNCERTAIN: char = '\u{2047}';

/// True for a cell text produced for an uncertain value (see [`UNCERTAIN`]).
pub fn is_uncertain(text: &str) -> bool {
    text.starts_with(UNCERTAIN)
}

/// The explanation carried by an uncertain cell, without the marker.
pub fn uncertain_note(text: &str) -> &str {
    text.strip_prefix(UNCERTAIN).unwrap_or(text).trim()
}

/// A line this long (bytes) with section headings inside it is a page body
/// that lost its line breaks.
const MIN_FLAT_LINE: usize = 300;
/// Fuzzy heading comparisons allowed per file (exact matches are free).
const FUZZY_BUDGET: usize = 2_000;
/// A table region longer than this (bytes) is not a table; left as text.
const MAX_TABLE_SPAN: usize = 60_000;
/// Longest count a multi-value row may hold (digits): 9,999,999.
pub const MAX_COUNT_DIGITS: usize = 7;
/// Longest count when the row has a single value (nothing to split).
const MAX_SINGLE_DIGITS: usize = 12;
/// Money: integer and decimal digits.
const MAX_MONEY_INT: usize = 12;
const MAX_MONEY_FRAC: usize = 6;
/// A digit run longer than this (characters) is never split.
pub const MAX_RUN: usize = 160;
/// Steps of the split search for one run.
const SPLIT_BUDGET: usize = 200_000;
/// More admissible splits than this: the run is "too ambiguous".
const MAX_CANDIDATES: usize = 64;
/// Combinations of ambiguous table 三 rows tried against the identities.
const COMBO_BUDGET: usize = 100_000;

// ---- The digit splitter -------------------------------------------------------

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
fn fold_digit(c: char) -> char {
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

// ---- Normalised character streams ---------------------------------------------

/// Text normalised for label matching (whitespace dropped, brackets and
/// digits folded), with each character's byte range in the source.
struct Norm {
    chars: Vec<char>,
    /// Byte offset of each char in the source, and one past the end.
    at: Vec<usize>,
    end: Vec<usize>,
}

fn norm_char(c: char) -> Option<char> {
    Some(match c {
        c if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' => return None,
        '（' => '(',
        '）' => ')',
        '“' | '”' | '„' | '‟' | '「' | '」' => '"',
        '：' => ':',
        '，' => ',',
        c => fold_digit(c),
    })
}

impl Norm {
    fn new(s: &str) -> Norm {
        let mut n = Norm {
            chars: Vec::new(),
            at: Vec::new(),
            end: Vec::new(),
        };
        for (i, c) in s.char_indices() {
            let Some(mut m) = norm_char(c) else { continue };
            // `1、` is `1.` (list numbering).
            if m == '、' && n.chars.last().is_some_and(|p| p.is_ascii_digit()) {
                m = '.';
            }
            n.chars.push(m);
            n.at.push(i);
            n.end.push(i + c.len_utf8());
        }
        n
    }
}

fn nchars(s: &str) -> Vec<char> {
    Norm::new(s).chars
}

// ---- Detection and headings ---------------------------------------------------

/// A section heading found inside a line: (ordinal, start byte, end byte).
type Heading = (u8, usize, usize);

/// Section headings in a line, by the canonical titles and variants of
/// SPEC §1.2 (exact, or within the edit distance the parser allows), each
/// ordinal at most once. Table 三's `一、本年新收…` labels never come close to
/// a title, so they are not taken. Linear in the line: only a short window
/// after each `X、` is normalised.
fn find_headings(line: &str, budget: &mut usize) -> Vec<Heading> {
    let titles: Vec<(u8, char, Vec<Vec<char>>)> = SECTIONS
        .iter()
        .map(|s| {
            let bodies = std::iter::once(&s.title)
                .chain(s.variants.iter())
                .map(|t| {
                    let c = nchars(t);
                    let p = c.iter().position(|x| *x == '、').map_or(0, |p| p + 1);
                    c[p..].to_vec()
                })
                .collect();
            (s.ordinal, s.numeral, bodies)
        })
        .collect();
    let longest = titles
        .iter()
        .flat_map(|t| t.2.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let mut found: Vec<Heading> = Vec::new();
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        let p = prev.replace((i, c));
        if c != '、' {
            continue;
        }
        let Some((start, numeral)) = p else { continue };
        let Some((ord, _, bodies)) = titles.iter().find(|t| t.1 == numeral) else {
            continue;
        };
        if found.iter().any(|f| f.0 == *ord) {
            continue;
        }
        let from = i + c.len_utf8();
        // Every title (exact or fuzzy) must start with its first character:
        // skip the window when it cannot.
        let first = line[from..].chars().find(|c| !c.is_whitespace());
        if !bodies.iter().any(|b| b.first() == first.as_ref()) {
            continue;
        }
        // A window a little longer than the longest title (spaces included).
        let mut wend = from;
        for (k, (j, ch)) in line[from..].char_indices().enumerate() {
            wend = from + j + ch.len_utf8();
            if k >= (longest + 6) * 2 {
                break;
            }
        }
        let w = Norm::new(&line[from..wend]);
        let mut best: Option<(usize, usize, usize)> = None; // (distance, |len diff|, chars)
        for body in bodies {
            if w.chars.starts_with(body) {
                best = Some((0, 0, body.len()));
                break;
            }
        }
        if best.is_none() && *budget > 0 {
            for body in bodies {
                let bl = body.len();
                if w.chars.first() != body.first() {
                    continue;
                }
                *budget = budget.saturating_sub(1);
                let allowed = (bl / 3).min(3);
                let b: String = body.iter().collect();
                for wl in bl.saturating_sub(3).max(1)..=bl + 3 {
                    if wl > w.chars.len() {
                        break;
                    }
                    let ws: String = w.chars[..wl].iter().collect();
                    let d = edit_distance(&ws, &b);
                    if d <= allowed && best.is_none_or(|x| (d, wl.abs_diff(bl)) < (x.0, x.1)) {
                        best = Some((d, wl.abs_diff(bl), wl));
                    }
                }
            }
        }
        if let Some((_, _, len)) = best {
            if let Some(&e) = len.checked_sub(1).and_then(|l| w.end.get(l)) {
                found.push((*ord, start, from + e));
            }
        }
    }
    found.sort_by_key(|h| h.1);
    found
}

/// A line whose table 三 rows run together: `…申请数量640020470二、上年结转…`.
fn has_flat_t3(line: &str) -> bool {
    const A1: &str = "本年新收政府信息公开申请数量";
    let Some(p) = line.find(A1) else {
        return false;
    };
    let rest = &line[p + A1.len()..];
    let (mut digits, mut tokens, mut in_token) = (0usize, 0usize, false);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if !in_token {
                tokens += 1;
                in_token = true;
            }
        } else if c.is_whitespace() {
            in_token = false;
        } else {
            break;
        }
        // Enough seen: a row has at most 7 × 7 digits.
        if digits > 64 {
            break;
        }
    }
    digits >= 7 && tokens < 7 && rest.contains("上年结转")
}

/// The headings of a flattened line, or `None` when the line is not flat.
fn flat_headings(line: &str, budget: &mut usize) -> Option<Vec<Heading>> {
    if line.len() < MIN_FLAT_LINE || line.contains('\t') || line.matches('|').count() > 4 {
        return None;
    }
    let headings = find_headings(line, budget);
    let inline = headings
        .iter()
        .filter(|h| !line[..h.1].trim().is_empty())
        .count();
    (inline >= 2 || has_flat_t3(line)).then_some(headings)
}

// ---- Rows ------------------------------------------------------------------

/// Rows for a flattened report, or `None` when the text is not flattened
/// (the ordinary layout reader then handles it).
pub fn rows_from_flat(text: &str) -> Option<Vec<Row<'_>>> {
    let lines: Vec<&str> = text.lines().collect();
    rows_from_flat_lines(text, &lines)
}

/// [`rows_from_flat`] with `text` already split into `lines` (the parser
/// splits every file once and shares the lines).
pub fn rows_from_flat_lines<'a>(text: &str, lines: &[&'a str]) -> Option<Vec<Row<'a>>> {
    let mut budget = FUZZY_BUDGET;
    let flat: Vec<Option<Vec<Heading>>> = lines
        .iter()
        .map(|l| flat_headings(l, &mut budget))
        .collect();
    if flat.iter().all(Option::is_none) {
        return None;
    }
    let hint = template_hint(text);
    let mut rows = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line = i + 1;
        if let Some(headings) = &flat[i] {
            flat_line(l, line, headings, hint, &mut rows);
        } else {
            for mut r in rows_from_text(l) {
                r.line = line;
                for c in &mut r.cells {
                    c.line = line;
                }
                rows.push(r);
            }
        }
    }
    Some(rows)
}

/// The template as the whole text shows it: table 二 header markers, else the
/// （六） structure of table 三 (a single `（六）其他处理` row with values is
/// the 2019 format).
fn template_hint(text: &str) -> Option<Template> {
    // From the table's own header word (a narrative `《条例》第二十条` in
    // section 一 may come much earlier).
    let t2 = text
        .find("信息内容")
        .or_else(|| text.find("第二十条第"))
        .map(|p| &text[p..])
        .unwrap_or("");
    let mut cut = t2.find("本列数据").unwrap_or(t2.len()).min(8_000);
    while !t2.is_char_boundary(cut) {
        cut -= 1;
    }
    let t2 = &t2[..cut];
    let n: String = nchars(t2).iter().collect();
    let count = |list: &[&str]| {
        list.iter()
            .filter(|m| n.contains(&nchars(m).iter().collect::<String>()))
            .count()
    };
    let (old, new) = (count(OLD_MARKERS), count(NEW_MARKERS));
    if old != new {
        return Some(if new > old {
            Template::V2021
        } else {
            Template::V2019
        });
    }
    if text.contains("逾期不补正") {
        return Some(Template::V2021);
    }
    if let Some(p) = text.find("（六）其他处理") {
        let rest = &text[p + "（六）其他处理".len()..];
        if rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            return Some(Template::V2019);
        }
    }
    None
}

fn tok(text: &str, line: usize) -> Tok<'static> {
    Tok {
        text: Cow::Owned(text.trim().to_string()),
        line,
        recovered: false,
    }
}

fn text_row(text: &str, line: usize) -> Row<'static> {
    Row {
        line,
        text: Cow::Owned(text.trim().to_string()),
        cells: vec![tok(text, line)],
        brk: false,
        tabular: false,
    }
}

/// Narrative as one row per sentence (keeps rows short for the inspector).
fn narrative(s: &str, line: usize, rows: &mut Vec<Row>) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '。' {
            let end = i + c.len_utf8();
            let part = s[start..end].trim();
            if !part.is_empty() {
                rows.push(text_row(part, line));
            }
            start = end;
        }
    }
    let part = s[start..].trim();
    if !part.is_empty() {
        rows.push(text_row(part, line));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    T2,
    T3,
    T4,
}

/// One flattened line → rows: split at the section headings, then find the
/// tables inside each stretch by their anchors.
fn flat_line(
    line_text: &str,
    line: usize,
    headings: &[Heading],
    hint: Option<Template>,
    rows: &mut Vec<Row>,
) {
    let mut pos = 0;
    let mut after: u8 = 0;
    for &(ord, a, b) in headings {
        if a < pos {
            continue;
        }
        stretch(&line_text[pos..a], line, after, headings, hint, rows);
        rows.push(text_row(&line_text[a..b], line));
        after = ord;
        pos = b;
    }
    stretch(&line_text[pos..], line, after, headings, hint, rows);
}

/// Where a table's first anchor starts: an opening bracket or a `一、`
/// just before it belongs to it.
fn back_over(s: &str, p: usize, prefixes: &[&str]) -> usize {
    for pre in prefixes {
        if s[..p].ends_with(pre) {
            return p - pre.len();
        }
    }
    p
}

/// The text between two headings: narrative, then possibly tables. The
/// anchors are found with plain substring search (linear, no copies).
fn stretch(
    s: &str,
    line: usize,
    after: u8,
    headings: &[Heading],
    hint: Option<Template>,
    rows: &mut Vec<Row>,
) {
    // Tables only where they belong: 二 in section 二, 三 in section 三, or
    // where those headings are missing from the line, anywhere before the
    // next section. A narrative `《条例》第二十条…` in section 一 is not a table.
    let has = |o: u8| headings.iter().any(|h| h.0 == o);
    let p2 = if after == 2 || (!has(2) && after < 3) {
        ["第二十条第（", "第二十条第(", "第二十条 第"]
            .iter()
            .filter_map(|a| s.find(a))
            .min()
    } else {
        None
    };
    let from3 = p2.unwrap_or(0);
    let p3 = if after == 3 || (!has(3) && after <= 2) {
        ["本列数据", "申请人情况", "本年新收政府信息公开申请数量"]
            .iter()
            .filter_map(|a| s[from3..].find(a).map(|p| p + from3))
            .min()
            .map(|p| back_over(s, p, &["（", "(", "一、"]))
    } else {
        None
    };
    // Table 四 sits in section 四, or right after table 三 when the heading
    // was lost; its header starts `行政复议` and names `行政诉讼` soon after.
    let p4 = if after == 4 || p3.is_some() {
        let mut at = match p3 {
            Some(p) => s[p..].find("结转下年度继续办理").map_or(p, |q| p + q),
            None => 0,
        };
        let mut hit = None;
        while let Some(q) = s[at..].find("行政复议") {
            let p = at + q;
            let after_word = p + "行政复议".len();
            let mut end = (after_word + 48).min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            if s[after_word..end].contains("行政诉讼") {
                hit = Some(p);
                break;
            }
            at = after_word;
        }
        hit
    } else {
        None
    };
    let mut cuts: Vec<(usize, Option<TableKind>)> = vec![(0, None)];
    for (p, k) in [
        (p2, TableKind::T2),
        (p3, TableKind::T3),
        (p4, TableKind::T4),
    ] {
        if let Some(b) = p {
            if cuts.last().is_some_and(|c| b >= c.0) {
                cuts.push((b, Some(k)));
            }
        }
    }
    for (i, &(a, kind)) in cuts.iter().enumerate() {
        let b = cuts.get(i + 1).map_or(s.len(), |c| c.0);
        let part = &s[a..b];
        match kind {
            Some(k) if part.len() <= MAX_TABLE_SPAN => table(part, line, k, hint, rows),
            _ => narrative(part, line, rows),
        }
    }
}

// ---- Tables ------------------------------------------------------------------

/// A table row before its values are settled.
struct PRow {
    label: Vec<Tok<'static>>,
    /// Row id (when the label is a known row), the run, and its splits.
    values: Option<Values>,
}

struct Values {
    id: Option<&'static str>,
    run: String,
    split: Split,
    n: usize,
}

/// Text that is a header, caption or label of the table, for cutting a text
/// stretch into cells.
fn known_texts(kind: TableKind) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    match kind {
        TableKind::T2 => {
            v.extend_from_slice(schema::T2_CAPTIONS_OLD);
            v.push("信息内容");
            for r in schema::T2_NEW.iter().chain(schema::T2_OLD.iter()) {
                v.push(r.label);
                v.extend(r.cols.iter().map(|c| c.label));
            }
            v.extend_from_slice(&["本年收费金额", "（单位：万元）"]);
        }
        TableKind::T3 => {
            v.push(schema::T3_NOTE);
            v.extend_from_slice(&["申请人情况", "法人或其他组织"]);
            v.extend(schema::T3_COLS.iter().map(|c| c.label));
            v.extend_from_slice(schema::T3_GROUPS);
            for r in t3_all_rows() {
                v.push(r.label);
            }
        }
        TableKind::T4 => {
            v.extend_from_slice(&["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]);
            v.extend(schema::T4_COLS.iter().map(|c| c.label));
        }
    }
    v
}

fn t3_all_rows() -> Vec<RowDef> {
    let mut v = schema::t3_rows(Template::V2021);
    v.extend(
        schema::t3_rows(Template::V2019)
            .into_iter()
            .filter(|r| r.id == "R6"),
    );
    v
}

/// Cut a text stretch into cells at the known texts (longest match first).
fn label_cells(s: &str, known: &[Vec<char>], line: usize) -> Vec<Tok<'static>> {
    let n = Norm::new(s);
    let mut out = Vec::new();
    let mut i = 0;
    let mut unknown_from: Option<usize> = None;
    let flush = |from: Option<usize>, to: usize, out: &mut Vec<Tok>| {
        if let Some(f) = from {
            let a = n.at.get(f).copied().unwrap_or(s.len());
            let b = n.at.get(to).copied().unwrap_or(s.len());
            if a < b && !s[a..b].trim().is_empty() {
                out.push(tok(&s[a..b], line));
            }
        }
    };
    while i < n.chars.len() {
        let m = known
            .iter()
            .filter(|k| n.chars[i..].starts_with(k))
            .map(Vec::len)
            .max();
        match m {
            Some(len) => {
                flush(unknown_from.take(), i, &mut out);
                let a = n.at[i];
                let b = n.end[i + len - 1];
                out.push(tok(&s[a..b], line));
                i += len;
            }
            None => {
                unknown_from.get_or_insert(i);
                i += 1;
            }
        }
    }
    flush(unknown_from, n.chars.len(), &mut out);
    out
}

/// The row a label ends with (normalised, longest label wins).
fn row_of(label: &[Tok], defs: &[RowDef]) -> Option<RowDef> {
    // Only the end matters: the last cells up to the longest label's length
    // (keeps long runs of stray text linear).
    let longest = defs
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut l: Vec<char> = Vec::new();
    for t in label.iter().rev() {
        let mut c = nchars(&t.text);
        c.extend(l);
        l = c;
        if l.len() >= longest {
            break;
        }
    }
    defs.iter()
        .filter(|d| {
            let c = nchars(d.label);
            !c.is_empty() && l.ends_with(&c)
        })
        .max_by_key(|d| d.label.len())
        .copied()
}

/// Split a table stretch into text and value runs.
fn lex(s: &str, kind: TableKind) -> Vec<(bool, usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let digit = |c: char| fold_digit(c).is_ascii_digit();
    let mut out: Vec<(bool, usize, usize)> = Vec::new();
    let mut i = 0;
    let mut text_from = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let sign = kind == TableKind::T2
            && matches!(fold_digit(c), '-' | '+')
            && chars.get(i + 1).is_some_and(|x| digit(x.1));
        if !(digit(c) || sign) {
            i += 1;
            continue;
        }
        // A run: digits and spaces (and, in table 二, signs, decimal points
        // and a trailing unit).
        let mut j = i;
        let mut last_digit = i;
        while j < chars.len() {
            let c = fold_digit(chars[j].1);
            let ok = c.is_ascii_digit()
                || c.is_whitespace()
                || c == '\u{3000}'
                || (kind == TableKind::T2 && matches!(c, '-' | '+' | '.'));
            if !ok {
                break;
            }
            if c.is_ascii_digit() {
                last_digit = j;
            }
            j += 1;
        }
        let mut end = last_digit + 1;
        if kind == TableKind::T2 {
            let rest: String = chars[end..chars.len().min(end + 2)]
                .iter()
                .map(|x| x.1)
                .collect();
            if rest.starts_with("万元") {
                end += 2;
            } else if rest.starts_with('元') {
                end += 1;
            }
        } else {
            // `…0000037` + `2.没有现成信息…`: the digit before `.`/`、` is the
            // next label's ordinal, not a value.
            let next = chars.get(end).map(|x| fold_digit(x.1));
            if matches!(next, Some('.' | '、')) {
                end -= 1;
            }
        }
        if end <= i {
            i = last_digit + 1;
            continue;
        }
        let a = at;
        let b = chars.get(end).map_or(s.len(), |x| x.0);
        if text_from < a {
            out.push((false, text_from, a));
        }
        out.push((true, a, b));
        text_from = b;
        i = end;
    }
    if text_from < s.len() {
        out.push((false, text_from, s.len()));
    }
    out
}

fn table(s: &str, line: usize, kind: TableKind, hint: Option<Template>, rows: &mut Vec<Row>) {
    let known: Vec<Vec<char>> = known_texts(kind)
        .iter()
        .map(|k| nchars(k))
        .filter(|k| !k.is_empty())
        .collect();
    let t2_defs: Vec<RowDef> = match hint {
        Some(t) => schema::rows(super::TableId::T2, t),
        None => Vec::new(),
    };
    let t2_labels: Vec<RowDef> = schema::T2_NEW
        .iter()
        .chain(schema::T2_OLD.iter())
        .copied()
        .collect();
    let t3_defs = t3_all_rows();
    let mut prows: Vec<PRow> = Vec::new();
    let mut label: Vec<Tok> = Vec::new();
    let mut t4_done = false;
    for (is_run, a, b) in lex(s, kind) {
        let piece = &s[a..b];
        if !is_run {
            label.extend(label_cells(piece, &known, line));
            continue;
        }
        let spec: Option<(Option<&'static str>, Vec<Kind>, Sum)> = match kind {
            TableKind::T3 => Some((
                row_of(&label, &t3_defs).map(|d| d.id),
                vec![Kind::Count; 7],
                Sum::Last,
            )),
            TableKind::T4 if !t4_done => {
                t4_done = true;
                Some((None, vec![Kind::Count; 15], Sum::Blocks5))
            }
            TableKind::T4 => None,
            TableKind::T2 => row_of(&label, &t2_labels).map(|d| {
                // The template decides the columns; unknown template: the
                // row cannot be split (one uncertain cell).
                let kinds = t2_defs
                    .iter()
                    .find(|x| x.id == d.id)
                    .map(|x| {
                        x.cols
                            .iter()
                            .map(|c| match c.kind {
                                schema::ColKind::Count => Kind::Count,
                                schema::ColKind::Signed => Kind::Signed,
                                schema::ColKind::Money => Kind::Money,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (Some(d.id), kinds, Sum::None)
            }),
        };
        match spec {
            Some((id, kinds, sum)) => {
                let split = if kinds.is_empty() {
                    Split::TooMany
                } else {
                    split_or_printed(piece, &kinds, sum)
                };
                prows.push(PRow {
                    label: std::mem::take(&mut label),
                    values: Some(Values {
                        id,
                        run: piece.trim().to_string(),
                        split,
                        n: kinds.len().max(1),
                    }),
                });
            }
            // Digits that are not a value run (`保留4位小数`): text.
            None => label.push(tok(piece, line)),
        }
    }
    if !label.is_empty() {
        prows.push(PRow {
            label,
            values: None,
        });
    }
    if kind == TableKind::T3 {
        tie_break(&mut prows, hint);
    }
    for p in prows {
        let mut cells = p.label;
        if let Some(v) = p.values {
            cells.extend(value_cells(&v, line));
        }
        rows.push(Row::table(line, cells, true));
    }
}

/// The value cells of a row: a value every admissible split agrees on, else
/// an uncertain cell saying why.
fn value_cells(v: &Values, line: usize) -> Vec<Tok<'static>> {
    let note = |why: &str| Tok {
        text: Cow::Owned(format!("{UNCERTAIN}{} {why}", v.run)),
        line,
        recovered: false,
    };
    match &v.split {
        Split::All(c) if c.is_empty() => vec![note("无法按表格规则拆分"); v.n],
        Split::All(c) => (0..v.n)
            .map(|k| {
                let first = c[0].get(k);
                match first {
                    Some(f) if c.iter().all(|x| x.get(k).map(|p| &p.text) == Some(&f.text)) => {
                        Tok {
                            text: Cow::Owned(f.text.clone()),
                            line,
                            recovered: c.iter().any(|x| x.get(k).is_some_and(|p| p.recovered)),
                        }
                    }
                    _ => note(&format!("拆分不唯一（{}种）", c.len())),
                }
            })
            .collect(),
        Split::TooMany => vec![note("拆分方式过多"); v.n],
    }
}

/// Table 三 rows that split several ways: keep only the splits that let the
/// column identities (E2: R7 = Σ leaves; E3: A1 + A2 = R7 + A4) hold, when at
/// least one combination does. Rows that split one way are never touched,
/// and when no combination satisfies the identities (a published arithmetic
/// error) the ambiguous rows stay ambiguous.
fn tie_break(prows: &mut [PRow], hint: Option<Template>) {
    let ids: Vec<Option<&'static str>> = prows
        .iter()
        .map(|p| p.values.as_ref().and_then(|v| v.id))
        .collect();
    let template = if ids.contains(&Some("R6")) {
        Template::V2019
    } else if ids.iter().any(|i| i.is_some_and(|i| i.starts_with("R6."))) {
        Template::V2021
    } else {
        match hint {
            Some(t) => t,
            None => return,
        }
    };
    let leaves = schema::t3_leaves(template);
    // Row id → index into prows (first occurrence).
    let index = |id: &str| ids.iter().position(|x| *x == Some(id));
    let mut needed: Vec<&str> = leaves.clone();
    needed.extend_from_slice(&["R7", "A1", "A2", "A4"]);
    let mut slots: Vec<(usize, Vec<Vec<i64>>)> = Vec::new();
    for id in &needed {
        let Some(i) = index(id) else { return };
        let Some(v) = prows[i].values.as_ref() else {
            return;
        };
        let Split::All(c) = &v.split else { return };
        if c.is_empty() {
            return;
        }
        let vals: Vec<Vec<i64>> = c
            .iter()
            .map(|s| s.iter().map(|p| p.text.parse().unwrap_or(0)).collect())
            .collect();
        slots.push((i, vals));
    }
    let ambiguous: Vec<usize> = (0..slots.len()).filter(|&k| slots[k].1.len() > 1).collect();
    if ambiguous.is_empty() {
        return;
    }
    let combos: usize = ambiguous
        .iter()
        .try_fold(1usize, |acc, &k| acc.checked_mul(slots[k].1.len()))
        .unwrap_or(usize::MAX);
    if combos > COMBO_BUDGET {
        return;
    }
    let pos_of = |id: &str| needed.iter().position(|x| *x == id);
    let (Some(r7), Some(a1), Some(a2), Some(a4)) =
        (pos_of("R7"), pos_of("A1"), pos_of("A2"), pos_of("A4"))
    else {
        return;
    };
    let leaf_pos: Vec<usize> = leaves.iter().filter_map(|l| pos_of(l)).collect();
    let mut choice = vec![0usize; slots.len()];
    let mut keep: Vec<Vec<bool>> = slots.iter().map(|s| vec![false; s.1.len()]).collect();
    let mut any = false;
    loop {
        let val =
            |k: usize, c: usize| -> i64 { slots[k].1[choice[k]].get(c).copied().unwrap_or(0) };
        let ok = (0..7).all(|c| {
            let leaves_sum: i64 = leaf_pos.iter().map(|&k| val(k, c)).sum();
            val(r7, c) == leaves_sum && val(a1, c) + val(a2, c) == val(r7, c) + val(a4, c)
        });
        if ok {
            any = true;
            for &k in &ambiguous {
                keep[k][choice[k]] = true;
            }
        }
        // Odometer over the ambiguous slots.
        let mut carry = true;
        for &k in &ambiguous {
            if !carry {
                break;
            }
            choice[k] += 1;
            if choice[k] == slots[k].1.len() {
                choice[k] = 0;
            } else {
                carry = false;
            }
        }
        if carry {
            break;
        }
    }
    if !any {
        return;
    }
    for &k in &ambiguous {
        let i = slots[k].0;
        if let Some(v) = prows[i].values.as_mut() {
            if let Split::All(c) = &mut v.split {
                let mut j = 0;
                c.retain(|_| {
                    let r = keep[k].get(j).copied().unwrap_or(false);
                    j += 1;
                    r
                });
            }
        }
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

    #[test]
    fn ordinal_of_next_label_is_not_a_value() {
        let l = lex(
            "1.本机关不掌握相关政府信息 3700000372.没有现成信息",
            TableKind::T3,
        );
        let s = "1.本机关不掌握相关政府信息 3700000372.没有现成信息";
        let runs: Vec<&str> = l.iter().filter(|x| x.0).map(|x| &s[x.1..x.2]).collect();
        assert_eq!(runs, vec!["370000037"]);
    }

    /// A minimal flattened page: headings on their own rows, table rows as
    /// label + values, narrative `第二十条` in section 一 left as text.
    fn page() -> String {
        let mut t = String::from("标题: 某局2021年度政府信息公开工作年度报告\n");
        t.push_str(
            "当前位置：首页 根据《条例》第二十条第（一）项规定编制。一、总体情况本年收到申请2件。",
        );
        t.push_str(
            "二、主动公开政府信息情况第二十条第（五）项信息内容本年处理决定数量行政许可2293",
        );
        t.push_str("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
        t.push_str(
            "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000",
        );
        t.push_str("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉10203120001200000");
        t.push_str("五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n");
        t
    }

    #[test]
    fn rows_of_a_flat_page() {
        let page = page();
        let rows = rows_from_flat(&page).expect("flat");
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_ref()).collect();
        for h in [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ] {
            assert!(texts.contains(&h), "{h}: {texts:?}");
        }
        let a1 = rows
            .iter()
            .find(|r| {
                r.cells
                    .iter()
                    .any(|c| c.text == "一、本年新收政府信息公开申请数量")
            })
            .expect("A1 row");
        let vals: Vec<&str> = a1
            .cells
            .iter()
            .skip(a1.cells.len() - 7)
            .map(|c| c.text.as_ref())
            .collect();
        assert_eq!(vals, vec!["64", "0", "0", "2", "0", "4", "70"]);
        assert!(a1.brk && a1.tabular && a1.line == 2);
        // The narrative `第二十条` before section 二 stays one narrative row.
        assert!(rows
            .iter()
            .any(|r| !r.tabular && r.text.contains("第二十条第（一）项规定")));
        let lic = rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c.text == "行政许可"))
            .expect("LIC row");
        assert_eq!(lic.cells.last().map(|c| c.text.as_ref()), Some("2293"));
    }

    #[test]
    fn short_or_separated_text_is_not_flat() {
        assert!(rows_from_flat("一、总体情况\n二、主动公开政府信息情况\n").is_none());
        let tsv = format!(
            "{}\t1\t2\n",
            "一、总体情况二、主动公开政府信息情况三、收到和处理政府信息公开申请情况".repeat(10)
        );
        assert!(rows_from_flat(&tsv).is_none());
        assert!(rows_from_flat("").is_none());
    }
}
