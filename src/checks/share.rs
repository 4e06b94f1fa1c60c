//! share: a "占 X%" that is not the part's share of the whole named with it.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "share",
    name_zh: "占比与金额不符",
    name_en: "share does not match its amounts",
    severity: Severity::Error,
    doc: "## What it does
Recomputes every \"占 X%\" printed after a part of a total stated in the same sentence
(\"本年支出合计 9759.38 万元，其中：基本支出 5377.64 万元，占 55.10%\") as part / total × 100%.

Shares printed after their own amounts whose whole is not in the sentence (\"基本支出 A 万元，
占 p%；项目支出 B 万元，占 q%\", \"（占 p%）\", \"A、B 分别占 p%、q%\") are checked against a whole
found elsewhere: the printed figure the parts add up to, the one figure named as the whole
(\"占实际支出的\" → …实际支出 X 万元), or, when nothing is printed and no larger amount opens the
sentence, the parts' own sum. The whole must give at least one of the shares, printed closely
(its last place at most 0.2% of it); only then is a share it contradicts reported.
The share words are in rules/amounts.toml (`share`, `share_filler`, `respectively`).

## Why is this bad
A share that its own amounts contradict misstates the structure of the budget.

## Example
```
本年支出合计 9,759.38 万元，其中：基本支出 5,377.64 万元，占 45.10%   # 5,377.64 / 9,759.38 = 55.10%
全年支出 2,000.00 万元。人员类 1,250.40 万元，占 62.52%；运转类 749.60 万元，占 39.48%   # 37.48%
```
Turn it off with `[rules] share = false` in gouji.toml.",
};

/// A share after a total and its parts in one sentence is raised by stated-sum; here, shares
/// whose whole is printed elsewhere (super::share_text).
pub fn check(a: &Analysis, o: &mut Outcome) {
    super::share_text::check(a, o);
}
