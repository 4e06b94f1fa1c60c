//! rounding-style: a figure that agrees with its relation only when truncated.

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;

pub static INFO: RuleInfo = RuleInfo {
    code: "rounding-style",
    name_zh: "截断而非四舍五入",
    name_en: "truncated instead of rounded",
    severity: Severity::Info,
    doc: "## What it does
Notes a printed figure that matches the value its relation computes only when the
last digit is cut off (truncated), not when it is rounded: 2 / 3 printed as 66.66%.

## Why is this bad
It is not a contradiction: many reports truncate, and gouji accepts either reading.
But a reader who recomputes the figure gets a different last digit, and a document
that mixes both styles invites the question which figures were rounded at all.

## Example
```
指标分值 3 分，自评得分 2 分，得分率为 66.66%。   # 2 / 3 = 66.67% rounded, 66.66% truncated
```
Turn it off with `[rules] rounding-style = false` in gouji.toml.",
};

/// Called by other checks when a relation holds only under truncation.
pub fn note(a: &Analysis, o: &mut Outcome, fig: &Figure, expected: &str, arithmetic: &str) {
    o.verified(fig);
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{} 与计算值 {} 仅在截断（而非四舍五入）时一致",
            fig.printed, expected
        ),
        message_en: format!(
            "{} agrees with the computed {} only when truncated, not rounded",
            fig.printed, expected
        ),
        expected: Some(expected.to_owned()),
        arithmetic: arithmetic.to_owned(),
        evidence: vec![a.evidence(fig, fig.label.clone())],
    });
}

/// The notes are raised by the checks that compute; this entry point adds nothing.
pub fn check(_a: &Analysis, _o: &mut Outcome) {}
