//! indicator: a rate stated in a sentence together with the amounts it is computed from.

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::{Fact, Source};
use crate::formulas::parse_expr;

pub static INFO: RuleInfo = RuleInfo {
    code: "indicator",
    name_zh: "指标值与同句数据不符",
    name_en: "indicator does not match the figures beside it",
    severity: Severity::Error,
    doc: "## What it does
Recomputes an indicator printed in a sentence from the other figures of the same sentence,
by the formulas of rules/indicators.toml (预算执行率 = 实际支出 / 调整后预算 × 100%,
预算调整率 = 预算调整数 / 年初预算 × 100%, 得分率 = 得分 / 分值 × 100% …), when every
metric of the formula is printed in that sentence for the same department or project.

## Why is this bad
A sentence whose own figures contradict its conclusion misleads whoever quotes it.

## Example
```
年初预算 500.00 万元，调整后预算 600.00 万元，实际支出 540.00 万元，预算执行率 95.00%。
# 540.00 / 600.00 = 90.00%
```
Definitions vary by province: replace or add formulas in your own rules directory.
Turn it off with `[rules] indicator = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    let facts: Vec<&Fact> = a
        .facts
        .items
        .iter()
        .filter(|f| f.source == Source::Text)
        .collect();
    // The first fact of each (metric, entity, sentence): a lookup, not a scan per result.
    let mut index: std::collections::HashMap<(&str, &str, (usize, usize)), &Fact> =
        std::collections::HashMap::new();
    for f in &facts {
        index
            .entry((f.metric.as_str(), f.entity.as_str(), f.sentence))
            .or_insert(f);
    }
    for ind in &a.rules.indicators {
        let Some(expr) = parse_expr(&ind.formula) else {
            continue;
        };
        let vars = expr.vars();
        for r in facts.iter().filter(|f| f.metric == ind.result) {
            let same = |m: &str| {
                index
                    .get(&(m, r.entity.as_str(), r.sentence))
                    .map(|f| &f.fig)
            };
            let Some(ops) = vars.iter().map(|v| same(v)).collect::<Option<Vec<_>>>() else {
                continue;
            };
            let value = |name: &str| {
                vars.iter()
                    .position(|v| *v == name)
                    .map(|i| super::table_sum::operand(ops[i]))
            };
            let Some(computed) = expr.eval(&value) else {
                continue;
            };
            let arithmetic = expr.render(&|name: &str| {
                vars.iter()
                    .position(|v| *v == name)
                    .map(|i| ops[i].printed.clone())
            });
            compare(
                a,
                o,
                &INFO,
                Relation {
                    fig: &r.fig,
                    computed,
                    arithmetic,
                    operands: ops.clone(),
                    what_zh: r.metric.clone(),
                    what_en: r.metric.clone(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn alarms(s: &str) -> Vec<String> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "indicator")
            .map(|f| f.evidence[0].value.clone())
            .collect()
    }

    #[test]
    fn rate_against_its_amounts() {
        let ok = "2022年度，部门整体支出情况如下：年初预算 500.00 万元，调整后预算 600.00 万元，实际支出 540.00 万元，预算执行率 90.00%。";
        assert!(alarms(ok).is_empty());
        let bad = ok.replace("90.00%", "95.00%");
        assert_eq!(alarms(&bad), ["95.00%"]);
    }

    #[test]
    fn completion_of_each_indicator_in_its_sentence() {
        let s = "（1）培训人次\n年度指标值为 40 个，实际完成值 38 个，完成率 95.00%。\n（2）建设点位\n年度指标值为 20 个，实际完成值 21 个，完成率 105.00%。\n";
        let all = |s: &str| {
            check(&RawDocument::from_text(s), &Rules::builtin())
                .into_iter()
                .filter(|f| f.severity >= crate::Severity::Warning)
                .map(|f| f.evidence[0].value.clone())
                .collect::<Vec<_>>()
        };
        assert!(all(s).is_empty());
        assert_eq!(
            alarms(&s.replace("实际完成值 38", "实际完成值 36")),
            ["95.00%"]
        );
    }

    #[test]
    fn totals_balance_in_the_department_own_words() {
        let head = "某市城乡建设局\n2024 年度部门决算情况说明\n一、收入支出决算总体情况说明\n";
        let ok =
            format!("{head}某市城乡建设局 2024 年度收入总计 800.00 万元，支出总计 800.00 万元。\n");
        assert!(alarms(&ok).is_empty());
        assert_eq!(
            alarms(&ok.replace("支出总计 800.00", "支出总计 800.30")),
            ["800.30"]
        );
        // Another year is no subject of this report's.
        let other = ok.replace("2024 年度收入总计 800.00", "2023 年度收入总计 760.00");
        assert!(alarms(&other).is_empty());
    }

    #[test]
    fn other_sentences_are_not_mixed_in() {
        let s = "部门整体年初预算 500.00 万元，调整后预算 600.00 万元。部门整体实际支出 540.00 万元，预算执行率 95.00%。";
        assert!(alarms(s).is_empty());
    }
}
