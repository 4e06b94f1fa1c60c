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

## Why is this bad
A share that its own amounts contradict misstates the structure of the budget.

## Example
```
本年支出合计 9,759.38 万元，其中：基本支出 5,377.64 万元，占 45.10%   # 5,377.64 / 9,759.38 = 55.10%
```
Turn it off with `[rules] share = false` in gouji.toml.",
};

/// A share after a total and its parts in one sentence is raised by stated-sum; here, shares
/// whose whole is printed elsewhere (super::share_text).
pub fn check(a: &Analysis, o: &mut Outcome) {
    super::share_text::check(a, o);
}
