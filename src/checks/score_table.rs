//! Score tables (评分表): the parts of each group against the group's printed 得分 / 分值
//! (score-sum, weight-sum), and scores above their weight (score-over-weight).

use rust_decimal::Decimal;

use super::{Finding, Outcome, RuleInfo};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::interval::{show, ulp, Interval};
use crate::scoretable::{Node, ScoreTable};

/// A printed score or weight as an operand: rounded or truncated.
fn operand(f: &Figure) -> Interval {
    if f.decimals == 0 {
        return Interval::point(f.value);
    }
    let u = ulp(f.decimals);
    let half = u / Decimal::TWO;
    Interval {
        lo: f.value - half,
        hi: f.value + u,
    }
}

type Getter = fn(&Node) -> Option<&Figure>;

fn has_score(n: &Node) -> bool {
    n.score.is_some() || !n.sub_score.is_empty()
}
fn has_weight(n: &Node) -> bool {
    n.weight.is_some() || !n.sub_weight.is_empty()
}
fn first_score(n: &Node) -> Option<&Figure> {
    n.score.as_ref().or(n.sub_score.first())
}
fn first_weight(n: &Node) -> Option<&Figure> {
    n.weight.as_ref().or(n.sub_weight.first())
}

/// Does the sum of `parts` (by `get`) agree with `stated`?
fn sum_of<'a>(
    t: &'a ScoreTable,
    parts: &[usize],
    get: fn(&Node) -> Option<&Figure>,
    exact: bool,
) -> Option<(Interval, Vec<&'a Figure>)> {
    let figs: Vec<&Figure> = parts
        .iter()
        .map(|&i| get(&t.nodes[i]))
        .collect::<Option<_>>()?;
    let sum = Interval::sum(figs.iter().map(|f| value(f, exact)))?;
    Some((sum, figs))
}

/// Does a printed total agree with a computed sum (rounded or truncated; integers exact)?
fn fits(stated: &Figure, sum: Interval, exact: bool) -> bool {
    let o = value(stated, exact);
    o.lo <= sum.hi && sum.lo <= o.hi
}

fn holds(stated: &[&Figure], sum: Interval, exact: bool) -> bool {
    !stated.is_empty() && stated.iter().all(|s| fits(s, sum, exact))
}

/// Weights are set by the scheme: exact as printed. Scores may be rounded or truncated.
fn value(f: &Figure, exact: bool) -> Interval {
    if exact {
        Interval::point(f.value)
    } else {
        operand(f)
    }
}

pub(crate) fn check_sums(a: &Analysis, o: &mut Outcome, weights: bool) {
    for t in &a.score_tables {
        // A node printed with two different weights was given another group's subtotal row:
        // the tree is misread, and no sum over it proves anything.
        let misread = t.nodes.iter().any(|n| {
            let w = n.weights();
            w.iter().any(|x| x.value != w[0].value)
        });
        if misread {
            continue;
        }
        for (id, n) in t.nodes.iter().enumerate() {
            if n.children.is_empty() {
                continue;
            }
            let (get, has, stated): (Getter, fn(&Node) -> bool, _) = if weights {
                (first_weight, has_weight, n.weights())
            } else {
                (first_score, has_score, n.scores())
            };
            if stated.is_empty() {
                continue;
            }
            let Some(parts) = t.frontier(id, has) else {
                continue;
            };
            if parts.len() < 2 && !(parts.len() == 1 && t.nodes[id].children.len() == 1) {
                continue;
            }
            let Some((sum, figs)) = sum_of(t, &parts, get, weights) else {
                continue;
            };
            let (good, bad): (Vec<&Figure>, Vec<&Figure>) =
                stated.iter().partition(|s| fits(s, sum, weights));
            let code = if weights {
                super::weight_sum::INFO.code
            } else {
                super::score_sum::INFO.code
            };
            let terms: Vec<&str> = figs.iter().map(|f| f.printed.as_str()).collect();
            for s in &stated {
                o.checked(
                    code,
                    s,
                    &figs,
                    n.name.clone(),
                    format!("{} = {}", terms.join(" + "), s.printed),
                    if fits(s, sum, weights) {
                        super::Status::Holds
                    } else if confirmed(t, id, &parts, weights) {
                        super::Status::Fails
                    } else {
                        super::Status::Unsure
                    },
                );
            }
            if bad.is_empty() {
                good.iter().for_each(|g| o.verified(g));
                figs.iter().for_each(|f| o.verified(f));
                continue;
            }
            // A part whose own figure its children contradict is that part's finding: with its
            // children's sum in its place, the group may add up.
            if holds_with_children(t, &parts, get, has, weights, &bad) {
                continue;
            }
            // The structure must be sure: the same parts' other figure adds up, or the
            // group's figures are confirmed another way.
            if !confirmed(t, id, &parts, weights) {
                continue;
            }
            let rule: &RuleInfo = if weights {
                &super::weight_sum::INFO
            } else {
                &super::score_sum::INFO
            };
            let metric = if weights { "分值" } else { "得分" };
            let decimals = figs.iter().map(|p| p.decimals).max().unwrap_or(0);
            // The sum of the figures as printed, not the middle of their rounding intervals.
            let printed_sum: Decimal = figs.iter().map(|f| f.value).sum();
            let expected = show(printed_sum, decimals);
            let title = if id == 0 {
                "评分表合计".to_owned()
            } else {
                n.name.clone()
            };
            let printed: Vec<&str> = bad.iter().map(|f| f.printed.as_str()).collect();
            let arithmetic = format!(
                "{} = {}",
                figs.iter()
                    .map(|p| p.printed.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                expected
            );
            let mut evidence: Vec<_> = bad
                .iter()
                .map(|f| a.evidence(f, format!("{title} {metric}")))
                .collect();
            evidence.extend(
                good.iter()
                    .map(|f| a.evidence(f, format!("{title} {metric}（与分项之和一致）"))),
            );
            evidence.extend(
                parts
                    .iter()
                    .zip(&figs)
                    .map(|(&p, f)| a.evidence(f, format!("{} {metric}", t.nodes[p].name))),
            );
            o.findings.push(Finding {
                rule: rule.code,
                severity: rule.severity,
                message: format!(
                    "评分表中「{}」的{}印为 {}，而其下 {} 项的{}之和为 {}",
                    title,
                    metric,
                    printed.join("、"),
                    parts.len(),
                    metric,
                    expected
                ),
                message_en: format!(
                    "In the score table, the {} of \"{}\" is printed as {}, but its {} parts add up to {}",
                    if weights { "weight" } else { "score" },
                    title,
                    printed.join(", "),
                    parts.len(),
                    expected
                ),
                expected: Some(expected),
                arithmetic,
                evidence,
            });
        }
    }
}

/// A mismatch is reported only when the grouping is sure: for a score sum, the same parts'
/// weights add up to the group's weight (or the table prints no weights for them); for a
/// weight sum, the parts' scores add up to the group's score, or the leaves' weights add up to
/// the group's weight while the direct parts' do not (a part's weight is misprinted).
/// Whether `stated` fits the sum of `parts` once each part that its own children contradict
/// counts as its children's sum.
fn holds_with_children(
    t: &ScoreTable,
    parts: &[usize],
    get: Getter,
    has: fn(&Node) -> bool,
    weights: bool,
    stated: &[&Figure],
) -> bool {
    let mut changed = false;
    let mut terms = Vec::new();
    for &p in parts {
        let own = get(&t.nodes[p]).map(|f| value(f, weights));
        let kids = (!t.nodes[p].children.is_empty())
            .then(|| t.frontier(p, has))
            .flatten();
        let sum = kids
            .as_ref()
            .and_then(|k| sum_of(t, k, get, weights))
            .map(|(sum, _)| sum);
        match (own, sum, kids) {
            // Only where the part's own finding is reported (its structure is confirmed).
            (Some(o), Some(k), Some(kids))
                if !(o.lo <= k.hi && k.lo <= o.hi) && confirmed(t, p, &kids, weights) =>
            {
                changed = true;
                terms.push(k);
            }
            (Some(o), _, _) => terms.push(o),
            _ => return false,
        }
    }
    changed && Interval::sum(terms).is_some_and(|sum| stated.iter().all(|s| fits(s, sum, weights)))
}

fn confirmed(t: &ScoreTable, id: usize, parts: &[usize], weights: bool) -> bool {
    let n = &t.nodes[id];
    if weights {
        if let Some((sum, _)) = sum_of(t, parts, first_score, false) {
            if holds(&n.scores(), sum, false) {
                return true;
            }
        }
        let leaves = t.frontier(id, |x| x.children.is_empty() && x.weight.is_some());
        if let Some(leaves) = leaves {
            if leaves != parts {
                if let Some((sum, _)) = sum_of(t, &leaves, |x| x.weight.as_ref(), true) {
                    return holds(&n.weights(), sum, true);
                }
            }
        }
        // A part whose own leaves add up to its weight while the group's parts do not.
        false
    } else {
        match sum_of(t, parts, first_weight, true) {
            Some((sum, _)) => n.weights().is_empty() || holds(&n.weights(), sum, true),
            None => true,
        }
    }
}

pub static OVER: RuleInfo = RuleInfo {
    code: "score-over-weight",
    name_zh: "得分超过分值",
    name_en: "score above its weight",
    severity: super::Severity::Error,
    doc: "## 作用 / What it does
评分表中某项指标的得分大于该项分值（满分）。按比例计分的指标超额完成时应\"满分为止\"，
得分不能超过分值。
In a score table (or an indicator's own text), a 得分 greater than the item's 分值.

## Why is this bad
A score is capped at the item's weight (\"满分为止\"); an uncapped ratio (完成率 110% × 5 = 5.5)
inflates the total.

## Example
```
一级指标 二级指标 三级指标 分值 得分
产出 数量 巡查次数 5 5.5       # 5.5 > 5
```
Turn it off with `[rules] score-over-weight = false` in gouji.toml.",
};

pub fn check_over(a: &Analysis, o: &mut Outcome) {
    let mut seen = std::collections::HashSet::new();
    let mut pairs: Vec<(&Figure, &Figure, String)> = Vec::new();
    for t in &a.score_tables {
        for n in &t.nodes {
            if let (Some(w), Some(s)) = (first_weight(n), first_score(n)) {
                pairs.push((s, w, n.name.clone()));
            }
        }
    }
    for n in &a.scores.nodes {
        if let (Some(w), Some(s)) = (&n.weight, &n.score) {
            pairs.push((s, w, n.title.clone()));
        }
    }
    for (s, w, name) in pairs {
        if s.percent || w.percent || w.value <= Decimal::ZERO {
            continue;
        }
        let lo = Interval::printed(s.value, s.decimals, crate::interval::Rounding::Round).lo;
        if lo <= operand(w).hi || !seen.insert((s.line, s.start)) {
            continue;
        }
        o.findings.push(Finding {
            rule: OVER.code,
            severity: OVER.severity,
            message: format!(
                "「{}」得分 {} 超过其分值 {}（得分不应高于满分）",
                name, s.printed, w.printed
            ),
            message_en: format!(
                "\"{}\" scores {}, above its weight {}",
                name, s.printed, w.printed
            ),
            expected: Some(format!("≤ {}", w.printed)),
            arithmetic: format!("{} > {}", s.printed, w.printed),
            evidence: vec![
                a.evidence(s, format!("{name} 得分")),
                a.evidence(w, format!("{name} 分值")),
            ],
        });
    }
}

/// 得分率 = 得分 / 分值: in score tables (a rate column) and in sentences that print all three
/// in order ("产出指标分值35分，得分33.12分，得分率94.63%").
pub(crate) fn check_rates(a: &Analysis, o: &mut Outcome) {
    let mut triples: Vec<(&Figure, &Figure, &Figure, String)> = Vec::new();
    for t in &a.score_tables {
        for (id, n) in t.nodes.iter().enumerate() {
            let rate = n.rate.as_ref().or(n.sub_rate.first());
            if let (Some(w), Some(s), Some(r)) = (first_weight(n), first_score(n), rate) {
                let name = if id == 0 {
                    "合计".to_owned()
                } else {
                    n.name.clone()
                };
                triples.push((r, s, w, name));
            }
        }
    }
    let words = &a.rules.score;
    let ends = |f: &Figure, l: &[String]| l.iter().any(|w| f.label.ends_with(w.as_str()));
    let mut weight: Option<&Figure> = None;
    let mut score: Option<&Figure> = None;
    for (li, figs) in a.figures.iter().enumerate() {
        if figs.len() > 2_000 {
            weight = None;
            score = None;
            continue;
        }
        // A sentence cut by a blank line: "…得分率" / "92.00%。".
        let carried = li > 0
            && weight.is_some()
            && score.is_some()
            && words.rate.iter().any(|w| {
                a.text.lines[li - 1]
                    .text
                    .trim_end()
                    .trim_end_matches(['为', '：', ':', '是'])
                    .ends_with(w.as_str())
            });
        if !carried {
            weight = None;
            score = None;
        }
        for (k, f) in figs.iter().enumerate() {
            if f.percent && (ends(f, &words.rate) || (k == 0 && carried && f.label.is_empty())) {
                if let (Some(w), Some(s)) = (weight, score) {
                    let what = w.label.clone();
                    triples.push((f, s, w, what));
                }
                weight = None;
                score = None;
            } else if !f.percent && f.unit == "分" && ends(f, &words.weight) {
                weight = Some(f);
                score = None;
            } else if !f.percent && f.unit == "分" && weight.is_some() && ends(f, &words.score) {
                score = Some(f);
            }
        }
    }
    for (r, s, w, what) in triples {
        if w.value <= Decimal::ZERO {
            continue;
        }
        let Some(computed) = operand(s).div(Interval::point(w.value)) else {
            continue;
        };
        super::compare(
            a,
            o,
            &super::score_rate::INFO,
            super::Relation {
                fig: r,
                computed,
                arithmetic: format!("{} / {} × 100%", s.printed, w.printed),
                operands: vec![s, w],
                what_zh: format!("{what} 得分率"),
                what_en: format!("score rate of {what}"),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Analysis, RawDocument};
    use crate::rules::Rules;

    fn rules_of(s: &str) -> Vec<(&'static str, String)> {
        let rules = Rules::builtin();
        let raw = RawDocument::from_text(s);
        let a = Analysis::new(&raw, &rules);
        let mut o = super::Outcome::default();
        crate::checks::score_sum::check(&a, &mut o);
        crate::checks::weight_sum::check(&a, &mut o);
        super::check_over(&a, &mut o);
        super::check_rates(&a, &mut o);
        o.findings
            .iter()
            .map(|f| (f.rule, f.evidence[0].value.clone()))
            .collect()
    }

    // An invented group scheme: names of 一级/二级 only on their group's first row.
    const TABLE: &str = "附表 评分明细\n一级指标 二级指标 三级指标 分值 得分\n运行保障 经费管理 支付及时性 6 5.5\n账务规范性 4 4\n设备维护 巡检完成率 10 9.25\n运行保障小计 20 18.75\n服务成效 群众评价 来访满意度 10 9\n办结时效 8 7.2\n服务成效小计 18 16.2\n合计 38 34.95\n";

    // An invented 项目支出绩效自评表: the funds row above the indicator rows scores too.
    const SELF_EVAL: &str = "项目支出绩效自评表\n项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 500.00 520.00 507.00 10 97.50% 9.75\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n产出指标 数量指标 培训人次 ≥800人次 812人次 40 40\n质量指标 结业合格率 ≥95% 96.10% 20 20\n效益指标 社会效益指标 就业转化率 ≥60% 55.20% 20 18.4 部分学员外出务工\n满意度指标 学员满意度 ≥90% 93.00% 10 10\n总分 100 98.15\n";

    #[test]
    fn the_funds_row_of_a_self_evaluation_table_counts_in_its_total() {
        assert!(rules_of(SELF_EVAL).is_empty(), "{:?}", rules_of(SELF_EVAL));
        let bad = SELF_EVAL.replace("总分 100 98.15", "总分 100 98.51");
        assert_eq!(rules_of(&bad), [("score-sum", "98.51".to_owned())]);
    }

    #[test]
    fn a_wrong_subtotal_is_blamed_not_the_total_above_it() {
        let bad = TABLE.replace("运行保障小计 20 18.75", "运行保障小计 20 18.57");
        assert_eq!(rules_of(&bad), [("score-sum", "18.57".to_owned())]);
    }

    #[test]
    fn a_group_printed_with_two_weights_proves_no_sum() {
        // Codes give the levels; the group's own row says 10, its subtotal row 14 (another
        // group's, as a misread layout gives): which one the parts must add up to is not known.
        let doc = "指标编码 指标名称 分值 得分\nA 保障 10 9\nA1 人员 6 5\nA2 经费 4 4\nA小计 14 9\nB 成效 5 5\nB1 满意度 5 5\n合计 15 14\n";
        let f = rules_of(doc);
        assert!(!f.iter().any(|x| x.0 == "weight-sum"), "{f:?}");
        let ok = doc.replace("A小计 14 9", "A小计 10 9");
        assert!(rules_of(&ok).is_empty(), "{:?}", rules_of(&ok));
        let bad = ok.replace("A2 经费 4 4", "A2 经费 5 4");
        assert!(
            rules_of(&bad).iter().any(|x| x.0 == "weight-sum"),
            "{:?}",
            rules_of(&bad)
        );
    }

    #[test]
    fn consistent_table_is_quiet() {
        assert!(rules_of(TABLE).is_empty(), "{:?}", rules_of(TABLE));
    }

    #[test]
    fn subtotal_and_total() {
        let f = rules_of(&TABLE.replace("运行保障小计 20 18.75", "运行保障小计 20 18.57"));
        assert!(f.contains(&("score-sum", "18.57".into())), "{f:?}");
        let f = rules_of(&TABLE.replace("合计 38 34.95", "合计 38 33.95"));
        assert!(f.contains(&("score-sum", "33.95".into())), "{f:?}");
    }

    #[test]
    fn weights_of_parts() {
        // 6 + 5 + 10 = 21 under a group of 20, while the scores still add up.
        let f = rules_of(&TABLE.replace("账务规范性 4 4", "账务规范性 5 4"));
        assert!(f.iter().any(|x| x.0 == "weight-sum"), "{f:?}");
        assert!(!f.iter().any(|x| x.0 == "score-sum"), "{f:?}");
    }

    #[test]
    fn weight_in_name_cell() {
        let doc = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n产出（30） 数量（20） 巡查次数 ≥12次 12次 10 10\n培训人数 ≥40人 38人 10 9.5 请假\n质量（10） 合格率 100% 100% 10 10\n产出小计 30 29.5\n";
        assert!(rules_of(doc).is_empty(), "{:?}", rules_of(doc));
        let f = rules_of(&doc.replace("数量（20）", "数量（25）"));
        assert!(f.iter().any(|x| x.0 == "weight-sum"), "{f:?}");
    }

    #[test]
    fn codes_and_serials() {
        let doc = "指标编码 指标名称 分值 得分\nA 保障 10 9\nA1 人员 6 5\nA11 到岗率 6 5\nA2 经费 4 4\nA21 支付 4 4\n";
        assert!(rules_of(doc).is_empty(), "{:?}", rules_of(doc));
        let f = rules_of(&doc.replace("A 保障 10 9", "A 保障 10 9.5"));
        assert!(f.contains(&("score-sum", "9.5".into())), "{f:?}");
        let doc = "序号 指标 分值 得分\n一 保障类 10 9.5\n（一） 人员 10 9.5\n1 到岗率 6 5.5\n2 培训 4 4\n";
        assert!(rules_of(doc).is_empty(), "{:?}", rules_of(doc));
        let f = rules_of(&doc.replace("（一） 人员 10 9.5", "（一） 人员 10 9.2"));
        assert!(f.contains(&("score-sum", "9.2".into())), "{f:?}");
    }

    #[test]
    fn score_over_weight_and_capped() {
        // Capped: 完成率 above 100% scored at full marks is fine.
        let f =
            rules_of(&TABLE.replace("设备维护 巡检完成率 10 9.25", "设备维护 巡检完成率 10 10.8"));
        assert!(f.contains(&("score-over-weight", "10.8".into())), "{f:?}");
    }

    #[test]
    fn rates() {
        let doc = "一级指标 分值 得分 得分率\n保障 40 37.5 93.75%\n成效 60 54 90.00%\n合计 100 91.5 91.50%\n";
        assert!(rules_of(doc).is_empty(), "{:?}", rules_of(doc));
        let f = rules_of(&doc.replace("93.75%", "95.75%"));
        assert!(f.contains(&("score-rate", "95.75%".into())), "{f:?}");
        let text = "保障指标分值40分，得分37.5分，得分率93.75%。\n";
        assert!(rules_of(text).is_empty(), "{:?}", rules_of(text));
        let f = rules_of(&text.replace("93.75%", "92.75%"));
        assert!(f.contains(&("score-rate", "92.75%".into())), "{f:?}");
    }
}
