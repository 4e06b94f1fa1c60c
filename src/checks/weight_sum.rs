//! weight-sum: indicator weights (分值) that do not add up to their heading's weight.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "weight-sum",
    name_zh: "分项分值之和与上级分值不符",
    name_en: "weights do not add up",
    severity: Severity::Error,
    doc: "## 作用 / What it does
核对分值（权重）：下级指标分值之和应等于上级分值（如一级权重合计100，某二级8分下的三级分值之和为8）。
评分表中只在结构得到印证时报告：同一组的得分之和与组得分一致，或末级分值之和与组分值一致。
Adds up the 分值 (权重) of the indicators under a heading and compares the sum with every
分值 printed for that heading: in its own text (\"合计分值 50分\"), in the score table
(权重, 分值配置) or in the summary. In score tables the children's weights are compared with
the parent's (a weight printed in the name cell, \"数量指标（20）\", counts), when the grouping is
confirmed by the scores or by the leaves' weights.

## Why is this bad
If the weights of a section's indicators do not add up to the section's weight, the
evaluation cannot reach the points it claims to distribute: the scheme itself is broken.

## Example
```
履职效能评价 55 55 50 90.90%      # its indicators are worth 5+5+5+5+5 + 5+5+5+10 = 50
```
Turn it off with `[rules] weight-sum = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    super::score_sum::sums(
        a,
        o,
        &INFO,
        |n| n.weight.as_ref(),
        |n| n.total_weight.as_ref(),
        "分值",
    );
    super::score_table::check_sums(a, o, true);
}
