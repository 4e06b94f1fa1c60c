//! target-claim, the score-table half: an indicator of a 自评表 whose 实际完成值 misses its 年度指标值 while it is
//! scored at full marks and its 偏差原因 says there is no deviation.

use rust_decimal::Decimal;

use super::target_claim::INFO;
use super::{Finding, Outcome};
use crate::document::Analysis;
use crate::figures::{parse_cell, Figure};

/// A value cell as (operator sign, number, unit): sign 1 = at least, -1 = at most, 0 = none.
fn value(cell: &str, line: usize, start: usize, a: &Analysis) -> Option<(i8, Figure, String)> {
    let w = &a.rules.score_table;
    let mut sign = 0;
    let mut rest = cell;
    for (list, s) in [(&w.at_least, 1), (&w.at_most, -1)] {
        if let Some(op) = list.iter().find(|op| cell.starts_with(op.as_str())) {
            sign = s;
            rest = &cell[op.len()..];
            break;
        }
    }
    let off = cell.len() - rest.len();
    let num_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(rest.len(), |(i, _)| i);
    let pct = rest[num_end..].starts_with('%');
    let tok_end = if pct { num_end + 1 } else { num_end };
    let f = parse_cell(&rest[..tok_end], line, start + off)?;
    let unit = rest[tok_end..].trim().to_owned();
    Some((sign, f, unit))
}

/// Rows of the score tables (`Analysis::score_tables`); called by [`super::target_claim::check`].
pub fn check(a: &Analysis, o: &mut Outcome) {
    let w = &a.rules.score_table;
    for t in &a.score_tables {
        for n in &t.nodes {
            if n.values.len() != 2 {
                continue;
            }
            let (Some(weight), Some(score)) = (&n.weight, &n.score) else {
                continue;
            };
            if score.value != weight.value || weight.value <= Decimal::ZERO {
                continue;
            }
            let note = n.note.trim();
            if !(note.is_empty() || w.no_deviation.iter().any(|x| x == note)) {
                continue;
            }
            let (tc, tl, ts) = &n.values[0];
            let (ac, al, at) = &n.values[1];
            let (Some((sign, target, tu)), Some((0, actual, au))) =
                (value(tc, *tl, *ts, a), value(ac, *al, *at, a))
            else {
                continue;
            };
            if sign == 0 || tu != au || target.percent != actual.percent {
                continue;
            }
            let missed = if sign > 0 {
                actual.value < target.value
            } else {
                actual.value > target.value
            };
            if !missed {
                continue;
            }
            let unit = if actual.percent { "" } else { au.as_str() };
            let rel = if sign > 0 { "低于" } else { "高于" };
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "「{}」实际完成值 {}{} {}年度指标值 {}，却得满分 {}（分值 {}）{}",
                    n.name,
                    actual.printed,
                    unit,
                    rel,
                    tc,
                    score.printed,
                    weight.printed,
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!("，偏差原因写作“{note}”")
                    }
                ),
                message_en: format!(
                    "\"{}\": the actual value {} misses the target {}, yet it scores full marks ({} of {})",
                    n.name, actual.printed, tc, score.printed, weight.printed
                ),
                expected: Some(format!("< {}", weight.printed)),
                arithmetic: format!(
                    "{} {} {}",
                    actual.printed,
                    if sign > 0 { "<" } else { ">" },
                    target.printed
                ),
                evidence: vec![
                    a.evidence(&actual, format!("{} 实际完成值", n.name)),
                    a.evidence(&target, format!("{} 年度指标值", n.name)),
                    a.evidence(score, format!("{} 得分", n.name)),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Analysis, RawDocument};
    use crate::rules::Rules;

    fn run(s: &str) -> Vec<crate::Finding> {
        let rules = Rules::builtin();
        let a = Analysis::new(&RawDocument::from_text(s), &rules);
        let mut o = super::Outcome::default();
        super::check(&a, &mut o);
        o.findings
    }

    const DOC: &str = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n产出指标 质量指标 验收合格率 ≥98% 98.40% 10 10 无偏差\n成本指标 单位造价 ≤3.5万元 3.42万元 5 5\n效益指标 社会效益 投诉率 ≤2% 2.60% 5 4.2 宣传不足\n覆盖户数 ≥1,200户 1,350户 5 5\n";

    #[test]
    fn consistent_rows_are_quiet() {
        // Met targets, an exceeded one (capped at full marks), a miss scored below full marks.
        assert!(run(DOC).is_empty(), "{:?}", run(DOC));
    }

    #[test]
    fn missed_floor_and_ceiling() {
        let f = run(&DOC.replace("98.40% 10 10", "97.60% 10 10"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "97.60%");
        // An inverse indicator: above its ceiling.
        let f = run(&DOC.replace("3.42万元 5 5", "3.61万元 5 5"));
        assert_eq!(f.len(), 1, "{f:?}");
        // A deviation explained: not a claim of no deviation.
        assert!(run(&DOC.replace("98.40% 10 10 无偏差", "97.60% 10 10 样本偏少")).is_empty());
    }
}
