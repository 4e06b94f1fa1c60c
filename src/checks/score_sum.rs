//! score-sum: indicator scores that do not add up to their heading's stated score.

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::interval::{agree, show, Agreement, Interval};
use crate::scores::Node;

pub static INFO: RuleInfo = RuleInfo {
    code: "score-sum",
    name_zh: "分项得分之和与总得分不符",
    name_en: "sub-scores do not add up",
    severity: Severity::Error,
    doc: "## 作用 / What it does
逐层核对得分：标题下各指标得分之和与该标题的得分；评分表中二级/三级指标得分之和与所属组的得分或小计行
（\"产出指标小计\"、\"小计\"）；一级得分之和与合计/总分（综合评分 = 各一级得分之和）。评分表按表头
（一级/二级/三级指标、指标编码、序号、分值/权重、得分、年度指标值、偏差原因）读取，一级/二级名称只印在
组首行、名称格内带权重（\"数量指标（20）\"）、跨页续表、一格一行的排法均可读。分项分值之和与上级分值
不一致时不报（结构不可靠）。
Adds up the 得分 of the indicators under a heading of the evaluation (\"<一>管理效能评价\" and
everything under it that states a score of its own) and compares the sum with every score
printed for that heading: in its own text (\"合计得分\"), in the score table, or in the summary
(\"决策指标综合得分 18.5 分\"). In score tables (评分表), the scores of each group's indicators
are added up and compared with the group's row or subtotal row, and the 一级 scores with the total.

## Why is this bad
The total is what the report is judged by; if its parts do not give it, either a part or
the total is wrong.

## Example
```
决策指标综合得分 18.5 分      # the indicators below score 19.0 in all
```
Turn it off with `[rules] score-sum = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    sums(
        a,
        o,
        &INFO,
        |n| n.score.as_ref(),
        |n| n.total_score.as_ref(),
        "得分",
    );
    super::score_table::check_sums(a, o, false);
}

/// Shared by score-sum and weight-sum: the items' figures against the heading's stated ones.
pub(crate) fn sums(
    a: &Analysis,
    o: &mut Outcome,
    rule: &super::RuleInfo,
    own: fn(&Node) -> Option<&Figure>,
    total: fn(&Node) -> Option<&Figure>,
    metric: &str,
) {
    let tree = &a.scores;
    for (id, n) in tree.nodes.iter().enumerate().skip(1) {
        let items = tree.items(id);
        if items.len() < 2 {
            continue;
        }
        let Some(parts) = items
            .iter()
            .map(|&i| own(&tree.nodes[i]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some(sum) = Interval::sum(parts.iter().map(|p| p.operand())) else {
            return;
        };
        // Everything printed as this heading's total.
        let mut stated: Vec<&Figure> = total(n).into_iter().chain(own(n)).collect();
        stated.extend(
            a.facts
                .items
                .iter()
                .filter(|f| f.metric == metric && !n.key.is_empty() && f.entity == n.key)
                .map(|f| &f.fig),
        );
        let decimals = parts.iter().map(|p| p.decimals).max().unwrap_or(0);
        let expected = show(sum.mid(), decimals);
        let (bad, good): (Vec<&Figure>, Vec<&Figure>) = stated
            .into_iter()
            .partition(|s| agree(s.value, s.decimals, sum) == Agreement::Differs);
        if bad.is_empty() {
            for g in good {
                o.verified(g);
            }
            parts.iter().for_each(|p| o.verified(p));
            continue;
        }
        let mut printed: Vec<&str> = bad.iter().map(|f| f.printed.as_str()).collect();
        printed.dedup();
        let arithmetic = format!(
            "{} = {}",
            parts
                .iter()
                .map(|p| p.printed.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            expected
        );
        let mut evidence: Vec<_> = bad
            .iter()
            .map(|f| a.evidence(f, format!("{} {metric}", n.title)))
            .collect();
        evidence.extend(
            good.iter()
                .map(|f| a.evidence(f, format!("{} {metric}（与分项之和一致）", n.title))),
        );
        evidence.extend(parts.iter().map(|p| a.evidence(p, p.label.clone())));
        let agree_note = if good.is_empty() {
            String::new()
        } else {
            format!(
                "；文中另有 {} 与之相符",
                good.iter()
                    .map(|g| g.printed.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            )
        };
        o.findings.push(Finding {
            rule: rule.code,
            severity: rule.severity,
            message: format!(
                "「{}」的{}印为 {}，而其下 {} 项指标的{}之和为 {}{}",
                n.title,
                metric,
                printed.join("、"),
                parts.len(),
                metric,
                expected,
                agree_note
            ),
            message_en: format!(
                "{} of \"{}\" is printed as {}, but its {} indicators add up to {}",
                if metric == "得分" {
                    "The score"
                } else {
                    "The weight"
                },
                n.title,
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
