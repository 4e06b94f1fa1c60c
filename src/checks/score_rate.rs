//! score-rate: a 得分率 that is not 得分 / 分值.

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::Source;
use crate::figures::Figure;

pub static INFO: RuleInfo = RuleInfo {
    code: "score-rate",
    name_zh: "得分率与得分、分值不符",
    name_en: "score rate is not score / weight",
    severity: Severity::Error,
    doc: "## 作用 / What it does
核对得分率 = 得分 / 分值 × 100%：标题下自述的\"指标分值X分，自评得分Y分，得分率Z%\"，句中依次印出的
分值、得分、得分率（可跨空行），以及评分表的得分率列。
Recomputes every 得分率 as 得分 / 分值 × 100%: for each indicator whose own text states all
three (\"指标分值 2分，自评得分 1.908分，得分率为 95.4%\"), and for each named item whose 得分 and
得分率 are stated together while its 分值 is printed elsewhere (e.g. in the score table).
(Rates in score tables are checked by table-ratio.)

## Why is this bad
A rate that its own score and weight contradict means one of the three was changed and
the others were not.

## Example
```
指标分值 2分，自评得分 1.908分，得分率为 94.5%。   # 1.908 / 2 = 95.4%
```
Turn it off with `[rules] score-rate = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    super::score_table::check_rates(a, o);
    for n in &a.scores.nodes {
        if let (Some(w), Some(s), Some(r)) = (&n.weight, &n.score, &n.rate) {
            rate(a, o, r, s, w, &n.title);
        }
    }
    // Named items: 得分 and 得分率 in one sentence, 分值 from anywhere.
    let facts = &a.facts.items;
    for r in facts
        .iter()
        .filter(|f| f.metric == "得分率" && f.source == Source::Text)
    {
        let same = |m: &str| {
            facts
                .iter()
                .find(|f| f.metric == m && f.entity == r.entity && f.sentence == r.sentence)
        };
        // "部门管理得分 27.84分" is keyed as the department's: its 分值 would be the whole's.
        if a.rules.scope.department.contains(&r.entity) {
            continue;
        }
        let Some(s) = same("得分") else { continue };
        if same("分值").is_some() {
            continue;
        }
        let weights: Vec<&Figure> = facts
            .iter()
            .filter(|f| f.metric == "分值" && f.entity == r.entity)
            .map(|f| &f.fig)
            .collect();
        // Only when every printing of the weight agrees: otherwise weight-sum reports it.
        if let Some(w) = weights.first() {
            if weights.iter().all(|x| x.value == w.value) {
                rate(a, o, &r.fig, &s.fig, w, &r.entity);
            }
        }
    }
}

fn rate(a: &Analysis, o: &mut Outcome, r: &Figure, s: &Figure, w: &Figure, what: &str) {
    let Some(computed) = s.operand().div(w.operand()) else {
        return;
    };
    compare(
        a,
        o,
        &INFO,
        Relation {
            fig: r,
            computed,
            arithmetic: format!("{} / {} × 100%", s.printed, w.printed),
            operands: vec![s, w],
            what_zh: format!("{what} 得分率"),
            what_en: format!("score rate of {what}"),
        },
    );
}
