//! weight-sum: indicator weights (分值) that do not add up to their heading's weight.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "weight-sum",
    name_zh: "分项分值之和与上级分值不符",
    name_en: "weights do not add up",
    severity: Severity::Error,
    doc: "## What it does
Adds up the 分值 (权重) of the indicators under a heading and compares the sum with every
分值 printed for that heading: in its own text (\"合计分值 50分\"), in the score table
(权重, 分值配置) or in the summary.

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
