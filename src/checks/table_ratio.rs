//! table-ratio: a ratio cell that is not the ratio of its row's amounts.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "table-ratio",
    name_zh: "表格比率与金额不符",
    name_en: "table ratio does not match its amounts",
    severity: Severity::Error,
    doc: "## What it does
Recomputes every ratio column of a rebuilt table from the amount columns of the same row,
using the column relations of rules/tables.toml (预算调整率 = 调整金额 / 年初预算数 × 100%,
实际支出率 = 决算数 / 调整后预算 × 100%, 得分率 = 得分 / 分值 × 100% …), and compares the
result with the printed cell at the cell's own precision (rounded or truncated).

## Why is this bad
A ratio cell that its own row contradicts is either a typing slip or a stale figure left
over from an earlier version of the table; either way the reader cannot tell which is right.

## Example
```
按支出性质分类 年初预算数 调整金额 调整后预算 预算调整率 …
本年支出合计   12,000.00  3,000.00  15,000.00  20.00%     # 3,000.00 / 12,000.00 = 25.00%
```
Turn it off with `[rules] table-ratio = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    super::table_sum::column_relations(a, o, true);
    super::table_grid::ratios(a, o);
}
