//! lost-sign: a figure whose magnitude is right and whose sign is not.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "lost-sign",
    name_zh: "正负号丢失",
    name_en: "lost sign",
    severity: Severity::Warning,
    doc: "## What it does
Raised by every recomputing check (table ratios, formulas, sentences) when the printed figure
agrees with the computed one in magnitude but not in sign: a cut reported as a rise.

## Why is this bad
A budget reduction printed as a positive adjustment rate tells the reader the opposite of
what happened.

## Example
```
人员经费 3,609.17 -52.11 3,557.06 1.44%     # -52.11 / 3,609.17 = -1.44%
```
Turn it off with `[rules] lost-sign = false` in gouji.toml.",
};

/// The findings are raised where the relation is computed (see `checks::compare`).
pub fn check(_a: &Analysis, _o: &mut Outcome) {}
