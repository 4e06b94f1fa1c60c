//! cross-year: a figure one document of a body implies for another year, or prints for the same
//! year, against the figure the other document prints. The pass itself is `crate::cross`: it runs
//! over a batch's fact tables after every file is checked; this module only describes the rule.

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "cross-year",
    name_zh: "跨文件：同一单位不同年度、不同文件的数字不符",
    name_en: "across documents: one body's figures disagree between documents",
    severity: Severity::Warning,
    doc: "## 作用
一次检查多个文件（`gouji check 目录` 或多个路径）时，按单位（部门）把文件分组：单位名称取自封面、
标题或“部门：”“预算主管部门：”等行，常见简称与全称视为同一单位（rules/cross.toml 的 `body_rewrite`：
中国共产党…委员会 = 中共…委，…人民检察院 = …检察院；印作“省委办公厅”而批次中只有一个以之结尾的
单位时即为该单位）；文件种类（预算、决算、绩效自评，部门/单位）和年度取自标题和页眉，只有表格、
没有年度的表格文件取与之共有最多金额的同单位同种类文件的年度（或文件名中唯一的年份）。
同一单位、同种类、同年度的说明文件和表格文件算作一份文件。然后比较：
- 第 N 年预算的“与上年相比增加/减少 D 万元”（本年数 ∓ D）、“与上年预算数一致/持平/相等”、
  表中的“上年预算数”列，与第 N−1 年预算所印的同一科目的数字；
- 决算的“年初预算数”与同年预算所印的数字；
- 绩效自评的年初预算、全年预算、执行数与同年决算所印的数字。
科目按印出的名称比较（去掉编号、（类）（款）（项）、单位名称、年度和“预算数为”等词）；
另一文件对同一科目印出互相不同的数字时不比较。比较按印出的精度做区间运算（四舍五入或截断都接受）。
增减额与另一年的数字不符而增减率与之相符时，指出错的是增减额。
发现列在较晚的文件下，证据包括两个文件中的原文（另一文件的证据带 `path`）。
`--no-cross` 关闭此项；摘要中列出找到的各组及比较、一致的数字个数。

## What it does
With several files (a directory or several paths), files are grouped by body (from the cover,
title or a \"部门：\" line; short and long names are one body, see `body_rewrite` in
rules/cross.toml), kind (预算, 决算, 绩效自评; 部门 or 单位) and year. A text document and its
tables file of the same body, kind and year are one document. A budget's \"与上年相比增加 D 万元\"
(this year's value ∓ D), \"与上年预算数一致/持平\" and 上年预算数 column are compared with the
previous year's budget; a 决算's 年初预算数 with the same year's budget; a self-assessment's
figures with the same year's 决算; all at printed precision. Where the rate agrees with the other
year's base and the amount does not, the amount is blamed. Findings are listed under the later
document with evidence from both files (the other file's evidence carries `path`).

## Why is this bad
Documents of one body restate each other; a base that differs from what the earlier document
printed means one of the two is wrong, and no single document shows it.

## Example
```
2019 预算: 基本支出预算数为 12,100.00 万元，与上年相比增加 1,100.00 万元。   # → 2018: 11,000.00
2018 预算: 基本支出预算数为 10,990.00 万元。                                  # printed 10,990.00
```
Turn it off with `--no-cross`, or `[rules] cross-year = false` in gouji.toml.",
};

/// Nothing inside one document: the pass runs over a batch (`crate::cross::run`).
pub fn check(_: &Analysis, _: &mut Outcome) {}
