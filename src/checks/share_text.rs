//! Shares printed after their own amounts ("A 万元，占 p%；B 万元，占 q%") whose whole is not
//! printed in the clause: the whole is found as the printed figure that the parts add up to,
//! or the one figure named as the whole ("占实际支出的"), and must give at least one of the
//! shares; a share it contradicts is reported.

use rust_decimal::Decimal;

use super::{compare, Outcome, Relation};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::Figure;
use crate::interval::{agree_under, Agreement, Interval};

/// A share and the amount printed just before it in its clause.
struct Share<'f> {
    share: &'f Figure,
    part: &'f Figure,
    /// The whole it is a share of, as named ("实际支出"), or empty.
    whole: String,
}

/// Whether a printed share agrees with a computed fraction (rounded or truncated).
fn holds(a: &Analysis, share: &Figure, fraction: Interval) -> bool {
    let Some(c) = fraction.mul(Interval::point(Decimal::ONE_HUNDRED)) else {
        return true;
    };
    matches!(
        agree_under(a.rules.rounding, share.value, share.decimals, c),
        Agreement::Rounded | Agreement::Truncated
    )
}

/// The whole named after the share word, without the filler words ("实际支出的" → "实际支出").
fn whole_name(a: &Analysis, rest: &str) -> String {
    let mut w = rest.trim().to_owned();
    loop {
        let before = w.len();
        for f in &a.rules.amounts.share_filler {
            if let Some(x) = w.strip_suffix(f.as_str()) {
                w = x.to_owned();
            }
        }
        if w.len() == before {
            return w;
        }
    }
}

/// The shares of a sentence, each after its own amount in the same clause.
fn shares<'f>(a: &Analysis, s: &str, sf: &[&'f Figure]) -> Vec<Share<'f>> {
    let mut out: Vec<Share> = Vec::new();
    let mut listed = vec![false; sf.len()];
    for (i, f) in sf.iter().enumerate() {
        if !f.percent || !f.is_exact() || i == 0 || listed[i] {
            continue;
        }
        if let Some(n) = respective(a, s, sf, i, &mut out) {
            listed[i..i + n].iter_mut().for_each(|x| *x = true);
            continue;
        }
        // The share word opens the label: "占实际支出的 91.45%", not "甲类占比 55%".
        let label = f.label.trim();
        let Some(rest) = a
            .rules
            .amounts
            .share
            .iter()
            .find_map(|w| label.strip_prefix(w.as_str()))
        else {
            continue;
        };
        let part = sf[i - 1];
        if part.percent || !part.is_exact() || part.unit.is_empty() || part.value <= Decimal::ZERO {
            continue;
        }
        // In the same clause: a comma or an opening bracket between the amount and the share
        // word ("4,717.11万元，占 54.64%", "4,717.11万元（占 54.64%）").
        let between = s.get(part.unit_end..f.start).unwrap_or("").trim_start();
        let between = between.strip_prefix(['（', '(']).unwrap_or(between);
        if between.contains(['；', ';', '。', '：', ':', '（', '(', '）', ')'])
            || between.chars().count() > 30
        {
            continue;
        }
        // A change ("比上年增加 A 万元，占…") is no part.
        if a.rules
            .scope
            .change
            .iter()
            .chain(&a.rules.amounts.difference)
            .any(|w| part.label.contains(w.as_str()))
        {
            continue;
        }
        let mut whole = whole_name(a, rest);
        // A bare "占 q%" after "占实际支出的 p%" is of the same whole.
        if whole.is_empty() {
            if let Some(prev) = out.last() {
                whole = prev.whole.clone();
            }
        }
        out.push(Share {
            share: f,
            part,
            whole,
        });
    }
    out
}

/// "A 万元、B 万元，分别占 p%、q%": the shares listed after "分别占" belong to the amounts
/// printed just before, in order. Returns how many shares the list has.
fn respective<'f>(
    a: &Analysis,
    s: &str,
    sf: &[&'f Figure],
    i: usize,
    out: &mut Vec<Share<'f>>,
) -> Option<usize> {
    let label = sf[i].label.trim();
    let rest = a
        .rules
        .amounts
        .respectively
        .iter()
        .find_map(|w| label.strip_prefix(w.as_str()))?;
    let rest = a
        .rules
        .amounts
        .share
        .iter()
        .find_map(|w| rest.strip_prefix(w.as_str()))?;
    // The list: percentages joined by 、 和 及 与.
    let mut n = 1;
    while let Some(g) = sf.get(i + n) {
        let gap = s.get(sf[i + n - 1].unit_end..g.start).unwrap_or("").trim();
        if !g.percent || !g.is_exact() || !matches!(gap, "、" | "和" | "及" | "与" | "，" | ",")
        {
            break;
        }
        n += 1;
    }
    if n < 2 || i < n {
        return None;
    }
    let parts = &sf[i - n..i];
    let first = parts[0];
    if parts
        .iter()
        .any(|p| p.percent || !p.is_exact() || p.value <= Decimal::ZERO || !p.same_kind(first))
        || sf[..i - n].last().is_some_and(|p| {
            p.same_kind(first) && {
                // One more amount of the same kind in the same clause: which ones are meant is unclear.
                let gap = s.get(p.unit_end..first.start).unwrap_or("");
                !gap.contains(['；', ';', '。', '：', ':'])
            }
        })
    {
        return None;
    }
    let gap = s.get(parts[n - 1].unit_end..sf[i].start).unwrap_or("");
    if gap.contains(['；', ';', '。', '：', ':']) {
        return None;
    }
    let whole = whole_name(a, rest);
    for (k, p) in parts.iter().enumerate() {
        out.push(Share {
            share: sf[i + k],
            part: p,
            whole: whole.clone(),
        });
    }
    Some(n)
}

/// Shares of the same whole in one sentence, whose whole is not printed in it: checked against
/// the printed figure their parts add up to, or the one figure that bears the whole's name.
pub(crate) fn check(a: &Analysis, o: &mut Outcome) {
    let skip = super::execution_rate::table_lines(a);
    let all: Vec<&Figure> = a
        .figures
        .iter()
        .flatten()
        .filter(|f| !f.percent && f.is_exact() && f.value > Decimal::ZERO)
        .collect();
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        if s.len() > super::list_count::MAX_LINE || skip.contains(&li) {
            continue;
        }
        for (lo, hi) in full_sentences(s) {
            let sf: Vec<&Figure> = figs
                .iter()
                .filter(|f| f.start >= lo && f.start < hi)
                .collect();
            let found = shares(a, s, &sf);
            let mut done = vec![false; found.len()];
            for i in 0..found.len() {
                if done[i] {
                    continue;
                }
                let group: Vec<&Share> = (i..found.len())
                    .filter(|&j| {
                        found[j].whole == found[i].whole && found[j].part.same_kind(found[i].part)
                    })
                    .map(|j| {
                        done[j] = true;
                        &found[j]
                    })
                    .collect();
                check_group(a, o, &all, &group, &sf);
            }
        }
    }
}

fn check_group(
    a: &Analysis,
    o: &mut Outcome,
    all: &[&Figure],
    group: &[&Share],
    sentence: &[&Figure],
) {
    if group.len() < 2 {
        return;
    }
    let first = group[0].part;
    let Some(sum) = Interval::sum(group.iter().filter_map(|g| g.part.in_base_units())) else {
        return;
    };
    let parts_at = |f: &Figure| group.iter().any(|g| std::ptr::eq(g.part, f));
    let largest = group
        .iter()
        .filter_map(|g| g.part.in_base_units())
        .map(|i| i.lo)
        .max()
        .unwrap_or_default();
    // Candidates: the printed figure the parts add up to; the figures named as the whole.
    let mut cands: Vec<&Figure> = Vec::new();
    for &t in all {
        if !t.same_kind(first) || parts_at(t) {
            continue;
        }
        let Some(v) = t.in_base_units() else { continue };
        if v.hi < largest {
            continue;
        }
        let in_own_unit = if t.is_money() && !t.scale.is_zero() {
            sum.div(Interval::point(t.scale))
        } else {
            Some(sum)
        };
        let is_sum = in_own_unit.is_some_and(|x| {
            agree_under(a.rules.rounding, t.value, t.decimals, x) == Agreement::Rounded
        });
        let named = {
            let w = &group[0].whole;
            w.chars().count() >= 2 && whole_name(a, &t.label).ends_with(w.as_str())
        };
        if is_sum || named {
            cands.push(t);
        }
    }
    // Each value once; the candidate must give at least one share, and only one value may.
    let explains = |t: &Figure| -> Vec<bool> {
        group
            .iter()
            .map(|g| match (g.part.in_base_units(), t.in_base_units()) {
                (Some(p), Some(w)) => p.div(w).is_none_or(|q| holds(a, g.share, q)),
                _ => true,
            })
            .collect()
    };
    let mut best: Option<(&Figure, Vec<bool>)> = None;
    for t in cands {
        let e = explains(t);
        if !pins(group, &e) {
            continue;
        }
        match &best {
            Some((b, _)) if b.value == t.value && b.unit == t.unit => {
                // The same figure printed again: keep the nearest one before the shares.
                if t.line <= first.line && (b.line > first.line || t.line > b.line) {
                    best = Some((t, e));
                }
            }
            Some(_) => return,
            None => best = Some((t, e)),
        }
    }
    match best {
        Some((total, e)) => report(a, o, group, Whole::Printed(total), &e),
        None => {
            // No printed whole: the parts themselves, when their sum gives one of the shares
            // closely (a share printed to the hundredth of a percent is met by chance once in
            // thousands), and no larger amount opens the sentence ("收入合计 X，其中 A，占 p%；
            // B，占 q%" may list only some parts of X).
            let e = explains_value(a, group, sum);
            if pins(group, &e) && !total_before(group, sentence) {
                report(a, o, group, Whole::Sum(sum), &e);
            }
        }
    }
}

/// Whether a share that a whole gives is printed closely enough to tell that whole from
/// another: its last place is at most 0.2% of it (5.00% and up at two places; a small share
/// like 0.63% fits any whole within a percent).
fn pins(group: &[&Share], explained: &[bool]) -> bool {
    group.iter().zip(explained).any(|(g, ok)| {
        let place = Decimal::new(1, g.share.decimals);
        *ok && g.share.value > Decimal::ZERO && place / g.share.value <= Decimal::new(2, 3)
    })
}

/// A comparable amount printed before the first part in its sentence.
fn total_before(group: &[&Share], sentence: &[&Figure]) -> bool {
    let first = group[0].part;
    sentence
        .iter()
        .take_while(|f| f.start < first.start)
        .any(|f| f.same_kind(first) && f.value > Decimal::ZERO)
}

/// What the shares are of.
enum Whole<'f> {
    /// A printed figure.
    Printed(&'f Figure),
    /// The sum of the parts (in base units), printed nowhere.
    Sum(Interval),
}

/// Which shares of the group a whole (in base units) gives.
fn explains_value(a: &Analysis, group: &[&Share], whole: Interval) -> Vec<bool> {
    group
        .iter()
        .map(|g| match g.part.in_base_units() {
            Some(p) => p.div(whole).is_none_or(|q| holds(a, g.share, q)),
            None => true,
        })
        .collect()
}

fn report(a: &Analysis, o: &mut Outcome, group: &[&Share], whole: Whole, e: &[bool]) {
    let (w, printed) = match &whole {
        Whole::Printed(t) => (t.in_base_units(), Some(*t)),
        Whole::Sum(s) => (Some(*s), None),
    };
    let Some(w) = w else { return };
    for (g, ok) in group.iter().zip(e) {
        if *ok {
            o.verified(g.share);
            o.verified(g.part);
            if let Some(t) = printed {
                o.verified(t);
            }
            continue;
        }
        let Some(q) = g.part.in_base_units().and_then(|p| p.div(w)) else {
            continue;
        };
        let part = format!("{}{}", g.part.printed, g.part.unit);
        let (arithmetic, operands, of_zh, of_en) = match printed {
            Some(t) => (
                format!("{part} / {}{} × 100%", t.printed, t.unit),
                vec![g.part, t],
                t.label.clone(),
                t.label.clone(),
            ),
            None => {
                let sum: Vec<String> = group
                    .iter()
                    .map(|h| format!("{}{}", h.part.printed, h.part.unit))
                    .collect();
                let mut ops = vec![g.part];
                ops.extend(
                    group
                        .iter()
                        .map(|h| h.part)
                        .filter(|p| !std::ptr::eq(*p, g.part)),
                );
                (
                    format!("{part} / ({}) × 100%", sum.join(" + ")),
                    ops,
                    "各分项之和".to_owned(),
                    "the sum of its parts".to_owned(),
                )
            }
        };
        compare(
            a,
            o,
            &super::share::INFO,
            Relation {
                fig: g.share,
                computed: q,
                arithmetic,
                operands,
                what_zh: format!("{}占{}的比重", g.part.label, of_zh),
                what_en: format!("share of {} in {}", g.part.label, of_en),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    fn alarms(s: &str) -> Vec<(String, Option<String>)> {
        crate::checks::alarms_of("share", s)
    }

    #[test]
    fn shares_against_the_figure_their_parts_add_up_to() {
        // 1,250.40 + 749.60 = 2,000.00, printed in the sentence before.
        let ok = "本年度共支出2,000.00万元，执行率95.00%。按经济分类，人员类支出1,250.40万元，占62.52%；运转类支出749.60万元，占37.48%。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = ok.replace("占37.48%", "占39.48%");
        assert_eq!(
            alarms(&bad),
            [("39.48%".to_owned(), Some("37.48%".to_owned()))]
        );
    }

    #[test]
    fn a_bare_share_is_of_the_whole_named_before_it() {
        // The whole is named ("总支出") and printed once elsewhere; the parts are not all of it.
        let ok = "某中心全年总支出800.00万元。\n其中设备购置120.00万元，占总支出的15.00%；维修养护60.00万元，占7.50%。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = ok.replace("占7.50%", "占5.70%");
        assert_eq!(
            alarms(&bad),
            [("5.70%".to_owned(), Some("7.50%".to_owned()))]
        );
    }

    #[test]
    fn no_whole_no_finding() {
        // No printed figure is the sum of the parts or bears the whole's name: nothing is guessed.
        let s = "设备购置120.00万元，占总支出的19.00%；维修养护60.00万元，占7.50%。";
        assert!(alarms(s).is_empty(), "{:?}", alarms(s));
    }
}

#[cfg(test)]
mod more_tests {
    fn alarms(s: &str) -> Vec<(String, Option<String>)> {
        crate::checks::alarms_of("share", s)
    }

    #[test]
    fn the_parts_are_the_whole_when_their_sum_gives_a_share() {
        // No total printed: 318.20 / (318.20 + 181.80) = 63.64%, which the first share is.
        let ok =
            "分类看，工程类支出318.20万元（占63.64%），服务类支出181.80万元（所占比重为36.36%）。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = ok.replace("36.36%", "38.36%");
        assert_eq!(
            alarms(&bad),
            [("38.36%".to_owned(), Some("36.36%".to_owned()))]
        );
        // Only some parts of a printed total: a small share fits their sum loosely, and the
        // total opens the sentence: nothing is said.
        let some = "收入合计2,938.64万元，其中财政拨款2,914.77万元，占99.19%；事业收入18.64万元，占0.63%；其他收入5.23万元。";
        assert!(alarms(some).is_empty(), "{:?}", alarms(some));
        // Neither share is given by the parts: not a partition, nothing is said.
        let other = ok.replace("63.64%", "31.82%").replace("36.36%", "18.18%");
        assert!(alarms(&other).is_empty(), "{:?}", alarms(&other));
    }
}

#[cfg(test)]
mod respective_tests {
    fn alarms(s: &str) -> Vec<(String, Option<String>)> {
        crate::checks::alarms_of("share", s)
    }

    #[test]
    fn shares_listed_respectively() {
        let ok = "全年支出合计1,600.00万元。其中人员经费1,000.00万元、公用经费600.00万元，分别占支出合计的62.50%和37.50%。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = ok.replace("37.50%", "35.70%");
        assert_eq!(
            alarms(&bad),
            [("35.70%".to_owned(), Some("37.50%".to_owned()))]
        );
    }
}
