//! Restated operands (part of repeated-fact): a formula written out in the text restates the
//! figures its sentence, or the sentence before, has just printed.
//!
//! ## What it does
//! Takes every formula written out in the text (`执行率=352.18万元/360.50万元×100%`) and the
//! figures printed before it in its own sentence and the sentence before. Operands that
//! equal one of those figures (an earlier formula's result included) restate it. An operand
//! that restates nothing is compared with the figures before it that no operand restates:
//! when exactly one of them is the same number but for its last two digits, the two are one
//! fact printed twice with different values, a warning (repeated-fact). 万元 and 元 are
//! compared in 元. Not candidates: numbers of another formula, figures another relation has
//! confirmed, score rates (得分率 is near the rate it scores without being it) — except the
//! result of an earlier formula of the same sentence used again (`率=38/40×100%=95.00%，
//! 得分=95.00%×6`).
//!
//! ## Why is this bad
//! The formula is the report's proof of a rate or a score. When it computes with another
//! value than the one stated a line earlier, either the statement or the proof is wrong,
//! and the result rests on a figure the reader cannot trust.
//!
//! ## Example
//! ```text
//! 项目预算 360.50万元，实际支出 352.18万元。执行率=352.18/360.20×100%=97.77%。
//! # the budget is 360.50 before the formula, 360.20 in it
//! ```

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::{Finding, Outcome};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::{Approx, Figure};
use crate::formulas::Formula;
use crate::interval::{ulp, Interval, Rounding};

/// Figures before a formula that it may restate: the last few of its window (a huge
/// sentence must not make the pairs quadratic).
const WINDOW: usize = 64;

pub(super) fn check(a: &Analysis, o: &mut Outcome) {
    // The formulas of each line, and their byte spans (first operand, result start, result
    // end), in line order: their numbers are not figures stated before.
    let mut by_line: HashMap<usize, Vec<&Formula>> = HashMap::new();
    for f in &a.formulas {
        by_line.entry(f.line).or_default().push(f);
    }
    // A figure another relation has confirmed is no slip: a rate and the score rate built
    // from it (得分率 92.00% beside 执行率 92.16%) are near without being one fact.
    let confirmed: HashSet<(usize, usize)> = o.verified.iter().copied().collect();
    let mut lines: Vec<_> = by_line.into_iter().collect();
    lines.sort_by_key(|(l, _)| *l);
    for (line, forms) in lines {
        let mut spans: Vec<(usize, usize, usize)> = forms
            .iter()
            .filter_map(|f| {
                let first = f.operands.iter().map(|p| p.start).min()?;
                Some((first, f.result.start, f.result.end))
            })
            .collect();
        spans.sort();
        let Some(text) = a.text.lines.get(line) else {
            continue;
        };
        let sents = full_sentences(&text.text);
        for f in forms {
            one(a, o, f, &sents, &spans, &confirmed);
        }
    }
}

/// The scales under which two printings may be compared: as printed, or in base units
/// (万元 → 元) when one side prints no unit.
fn readings(x: &Figure, y: &Figure) -> Vec<(Decimal, Decimal)> {
    let one = Decimal::ONE;
    if !x.unit.is_empty() && !y.unit.is_empty() {
        vec![(x.scale, y.scale)]
    } else {
        let mut v = vec![(one, one)];
        if x.scale != one {
            v.push((x.scale, one));
        }
        if y.scale != one {
            v.push((one, y.scale));
        }
        v
    }
}

fn scaled(f: &Figure, k: Decimal) -> Option<Interval> {
    let i = f.interval(Rounding::Round);
    Some(Interval {
        lo: i.lo.checked_mul(k)?,
        hi: i.hi.checked_mul(k)?,
    })
}

/// Equal as printed, or one may be a rounding of the other.
fn same(x: &Figure, y: &Figure) -> bool {
    x.percent == y.percent
        && readings(x, y).into_iter().any(|(sx, sy)| {
            if sx == sy && x.decimals == y.decimals {
                return x.value == y.value;
            }
            matches!((scaled(x, sx), scaled(y, sy)), (Some(ix), Some(iy)) if ix.overlaps(&iy))
        })
}

/// The same number but for its last two digits: they differ by less than 100 units of the
/// coarser last place, and each has three or more significant digits.
fn near(x: &Figure, y: &Figure) -> bool {
    x.percent == y.percent
        && readings(x, y).into_iter().any(|(sx, sy)| {
            let (Some(vx), Some(vy)) = (x.value.checked_mul(sx), y.value.checked_mul(sy)) else {
                return false;
            };
            let (Some(ux), Some(uy)) = (
                ulp(x.decimals).checked_mul(sx),
                ulp(y.decimals).checked_mul(sy),
            ) else {
                return false;
            };
            let u = ux.max(uy);
            let hundred = Decimal::ONE_HUNDRED;
            vx.abs() >= hundred * ux
                && vy.abs() >= hundred * uy
                && (vx - vy).abs() < hundred * u
                && vx.is_sign_negative() == vy.is_sign_negative()
        })
}

fn one(
    a: &Analysis,
    o: &mut Outcome,
    f: &Formula,
    sents: &[(usize, usize)],
    spans: &[(usize, usize, usize)],
    confirmed: &HashSet<(usize, usize)>,
) {
    if f.operands.iter().any(|p| p.line != f.line) {
        return;
    }
    let Some(first) = f.operands.iter().map(|p| p.start).min() else {
        return;
    };
    let Some(figs) = a.figures.get(f.line) else {
        return;
    };
    // Sentences are ascending and adjacent: the first that ends after the formula's start.
    let k = sents.partition_point(|(_, y)| *y <= first);
    if sents.get(k).is_none_or(|(x, _)| *x > first) {
        return;
    }
    let from = sents[k.saturating_sub(1)].0;
    // A score rate (得分率) follows the rate it scores without being it.
    let score_rate = |g: &Figure| {
        a.rules
            .score
            .rate
            .iter()
            .any(|w| g.label.ends_with(w.as_str()))
    };
    // The formula whose span holds a figure, if any (spans do not overlap).
    let span_of = |g: &Figure| {
        let i = spans.partition_point(|(x, _, _)| *x <= g.start);
        i.checked_sub(1)
            .map(|i| spans[i])
            .filter(|(_, _, y)| g.end <= *y)
    };
    let inside = |g: &Figure| span_of(g).is_some();
    // The result of an earlier formula of the same sentence, used again in this one
    // ("完成率=38/40×100%=95.00%，得分=95.00%×6"): a slip of the operand, if they differ.
    let chained =
        |g: &Figure| g.start >= sents[k].0 && span_of(g).is_some_and(|(_, r, _)| g.start == r);
    // Figures are in line order.
    let lo = figs.partition_point(|g| g.start < from);
    let hi = figs.partition_point(|g| g.start < first).max(lo);
    let window = &figs[lo.max(hi.saturating_sub(WINDOW))..hi];
    let given: Vec<&Figure> = window
        .iter()
        .filter(|g| g.end <= first && g.approx == Approx::Exact && !g.chinese && !g.value.is_zero())
        .collect();
    // The operands as figures; a bare 100 (×100%) is a constant, not a figure.
    let mut ops: Vec<&Figure> = Vec::new();
    for p in &f.operands {
        if p.decimals == 0 && p.value == Decimal::ONE_HUNDRED {
            continue;
        }
        match figs.binary_search_by_key(&p.start, |g| g.start) {
            Ok(i) => ops.push(&figs[i]),
            Err(_) => return,
        }
    }
    let loose_ops: Vec<&Figure> = ops
        .iter()
        .copied()
        .filter(|p| !given.iter().any(|g| same(g, p)))
        .collect();
    let mut pairs = given
        .iter()
        .copied()
        .filter(|g| {
            (chained(g) || (!inside(g) && !confirmed.contains(&(g.line, g.start))))
                && !score_rate(g)
                && !ops.iter().any(|p| same(g, p))
        })
        .flat_map(|g| loose_ops.iter().map(move |p| (g, *p)))
        .filter(|(g, p)| near(g, p));
    if let (Some((g, op)), None) = (pairs.next(), pairs.next()) {
        finding(a, o, f, g, op);
    }
}

fn finding(a: &Analysis, o: &mut Outcome, f: &Formula, g: &Figure, op: &Figure) {
    let what_zh = if f.label.is_empty() {
        "算式".to_owned()
    } else {
        format!("「{}」的算式", f.label)
    };
    let what_en = if f.label.is_empty() {
        "the formula".to_owned()
    } else {
        format!("the formula of \"{}\"", f.label)
    };
    let at = |x: &Figure| {
        let l = a.text.loc(x.line, x.start);
        format!("{}{}（第{}页第{}行）", x.printed, x.unit, l.page, l.line)
    };
    o.findings.push(Finding {
        rule: super::repeated_fact::INFO.code,
        severity: super::repeated_fact::INFO.severity,
        message: format!(
            "{what_zh}用 {}，而前文印为 {}：同一数值前后不一",
            at(op),
            at(g)
        ),
        message_en: format!(
            "{what_en} uses {}{} where the text just before prints {}{}",
            op.printed, op.unit, g.printed, g.unit
        ),
        expected: None,
        arithmetic: format!("{}{} ≠ {}{}", g.printed, g.unit, op.printed, op.unit),
        evidence: vec![
            a.evidence(g, g.label.clone()),
            a.evidence(op, f.label.clone()),
        ],
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn values(s: &str) -> Vec<Vec<String>> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "repeated-fact")
            .map(|f| f.evidence.into_iter().map(|e| e.value).collect())
            .collect()
    }

    const OK: &str = "我单位项目预算 360.50万元，实际支出 352.18万元。执行率=352.18万元/360.50万元×100%=97.69%，得满分。";

    #[test]
    fn an_operand_restates_the_figure_before_it() {
        assert!(values(OK).is_empty());
        let bad = OK.replacen("360.50", "360.20", 1);
        assert_eq!(values(&bad), [["360.20", "360.50"]]);
        let bad = OK.replacen("352.18", "352.61", 1);
        assert_eq!(values(&bad), [["352.61", "352.18"]]);
    }

    #[test]
    fn other_quantities_are_not_restatements() {
        // The formula divides by a budget printed elsewhere; the figure before is far from it.
        let s = OK.replace("/360.50万元×100%=97.69%", "/380.00万元×100%=92.68%");
        assert!(values(&s).is_empty());
        // Two figures near the loose operand: which one it restates is unknown.
        let s = "年初预算 360.50万元，调整后预算 360.40万元，实际支出 352.18万元。执行率=352.18/360.20×100%=97.77%。";
        assert!(values(s).is_empty());
    }

    #[test]
    fn a_confirmed_figure_is_no_slip() {
        // The score rate 92.00% (= 4.6 / 5) is near the rate scored, 92.16%, printed nowhere else.
        let s = "指标分值 5分，自评得分 4.6分，得分率为 92.00%。得分 = 92.16%×5 = 4.6。";
        assert!(values(s).is_empty());
        // A rate near it, confirmed by its own amounts (230.00 / 250.00 = 92.00%).
        let s = "部门整体调整后预算 250.00 万元，实际支出 230.00 万元，预算执行率 92.00%。得分 = 92.16%×5 = 4.6。";
        assert!(values(s).is_empty());
        let s = s.replace("230.00", "240.00");
        assert!(!values(&s).is_empty());
    }

    #[test]
    fn a_result_used_again() {
        let s = "按期完成率=38/40×100%=95.00%，得分=95.00%×6=5.7分。";
        assert!(values(s).is_empty());
        let bad = "按期完成率=38/40×100%=95.00%，得分=95.40%×6=5.7分。";
        assert_eq!(values(bad), [["95.00%", "95.40%"]]);
    }

    #[test]
    fn yuan_and_wan_yuan_are_one_scale() {
        let s = "全年补贴支出 1,288.30万元，人均补贴金额=12,883,000.00/12,386=1,040.13元。";
        assert!(values(s).is_empty());
        let bad = s.replace("1,288.30", "1,288.47");
        assert_eq!(values(&bad), [["1,288.47", "12,883,000.00"]]);
    }

    #[test]
    fn a_rate_operand_restates_a_rate() {
        let s = "实际完成值 28.65 万人次，完成率 95.50%。按比例计分，得分=95.50%×10=9.55分。";
        assert!(values(s).is_empty());
        let bad = s.replacen("95.50%", "95.96%", 1);
        assert_eq!(values(&bad), [["95.96%", "95.50%"]]);
    }
}
