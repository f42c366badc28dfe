//! Whether a written label is a near miss (a typo) of a template label, and
//! which one.

use crate::report::text::{edit_distance, norm};

/// Remove a leading ordinal: `(一)`, `一、`, `1.`, `(1)`.
pub(super) fn strip_ordinal(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('(') {
        if let Some(p) = rest.find(')') {
            let inner = &rest[..p];
            if inner.chars().count() <= 3
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
            {
                return &rest[p + 1..];
            }
        }
    }
    let mut chars = t.char_indices();
    let mut end = 0;
    for (i, c) in chars.by_ref() {
        if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    if end > 0 {
        let rest = &t[end..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、')) {
            return r;
        }
    }
    t
}

/// A label without punctuation: `，` for `、` or a missing bracket is not
/// a wording typo.
pub(super) fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_ascii_punctuation() && !"，、。；：“”‘’（）《》".contains(*c))
        .collect()
}

/// A near miss: a typo rather than a different label. A written label that
/// is a piece of the template label, or the template label with junk in
/// front (`总计部分公开…`), is a layout fragment, not a typo.
pub(super) fn near(a: &str, b: &str) -> bool {
    let (a, b) = (bare(a), bare(b));
    if a.is_empty() || b.contains(&a) || a.ends_with(&b) {
        return false;
    }
    let d = edit_distance(&a, &b);
    let allowed = (b.chars().count() / 3).clamp(1, 3);
    d > 0 && d <= allowed
}

/// The template label a text is a near miss of, the closest one when several
/// are near (`本年度止件数` is 1 edit from `本年废止件数`, 2 from `本年制发件数`).
#[cfg(test)]
fn closest(text: &str, labels: &[&'static str]) -> Option<&'static str> {
    labels
        .iter()
        .filter(|l| near(text, &norm(l)))
        .min_by_key(|l| edit_distance(text, &norm(l)))
        .copied()
}

/// A template label with the forms [`closest`] compares, computed once per
/// process instead of once per header and label.
pub(super) struct Target {
    pub(super) label: &'static str,
    /// `norm(label)`.
    pub(super) norm: String,
    norm_chars: Vec<char>,
    /// `bare(norm(label))`.
    bare: String,
    bare_chars: Vec<char>,
}

impl Target {
    fn new(label: &'static str) -> Self {
        let norm = norm(label);
        let bare = bare(&norm);
        Target {
            label,
            norm_chars: norm.chars().collect(),
            bare_chars: bare.chars().collect(),
            norm,
            bare,
        }
    }
}

pub(super) fn targets(labels: &[&'static str]) -> Vec<Target> {
    labels.iter().map(|l| Target::new(l)).collect()
}

/// Levenshtein distance over chars, as [`edit_distance`] computes it.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// [`closest`] over precomputed targets: the same answer. The length gap
/// bounds the edit distance from below, so most targets are ruled out
/// without running the distance at all (the headers of a table are mostly
/// fragments and long notes, far from every label).
pub(super) fn closest_in(text: &str, targets: &[Target]) -> Option<&'static str> {
    let a = bare(text);
    if a.is_empty() {
        return None;
    }
    let a_chars: Vec<char> = a.chars().collect();
    let mut text_chars: Option<Vec<char>> = None;
    let mut best: Option<(usize, &'static str)> = None;
    for t in targets {
        // `near(text, t.norm)`, with its distance computed only when the
        // length gap allows a match.
        if t.bare.contains(&a) || a.ends_with(&t.bare) {
            continue;
        }
        let allowed = (t.bare_chars.len() / 3).clamp(1, 3);
        if a_chars.len().abs_diff(t.bare_chars.len()) > allowed {
            continue;
        }
        let d = levenshtein(&a_chars, &t.bare_chars);
        if d == 0 || d > allowed {
            continue;
        }
        let text_chars = text_chars.get_or_insert_with(|| text.chars().collect());
        let key = levenshtein(text_chars, &t.norm_chars);
        // `min_by_key` keeps the first of equal keys.
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, t.label));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::{T3_COLS, T4_COLS};

    #[test]
    fn closest_in_agrees_with_closest() {
        let mut labels: Vec<&'static str> = T3_COLS.iter().map(|c| c.label).collect();
        labels.extend(T4_COLS.iter().map(|c| c.label));
        labels.extend([
            "申请人情况",
            "法人或其他组织",
            "本年废止件数",
            "本年制发件数",
        ]);
        let pre = targets(&labels);
        let texts = [
            "本年度止件数",
            "自然人",
            "自然仁",
            "法人或其它组织",
            "商业企业",
            "科研机构",
            "科研机枃",
            "结果维持",
            "结果为持",
            "尚未审结",
            "尚末审结",
            "总计",
            "总 计",
            "",
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况",
            "申请人情况况",
            "其他结果其他",
            "x",
        ];
        for t in texts {
            let n = norm(t);
            assert_eq!(closest_in(&n, &pre), closest(&n, &labels), "{t}");
        }
    }

    #[test]
    fn strip_ordinal_forms() {
        assert_eq!(strip_ordinal("(一)予以公开"), "予以公开");
        assert_eq!(strip_ordinal("2.其他"), "其他");
        assert_eq!(strip_ordinal("一、本年新收"), "本年新收");
        assert_eq!(strip_ordinal("予以公开"), "予以公开");
    }

    #[test]
    fn fragments_and_punctuation_are_not_typos() {
        assert!(!near("社会公益", "社会公益组织"));
        assert!(!near("科研机", "科研机构"));
        assert!(!near(
            "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        ));
        assert!(!near("总计部分公开", "部分公开"));
        assert!(near("本年度止件数", "本年废止件数"));
        assert!(near("2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开"));
    }
}
