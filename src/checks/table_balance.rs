//! table-balance: the sides of a side-by-side table do not balance (收入总计 ≠ 支出总计).

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::tables::{row_key, Row, Table};

pub static INFO: RuleInfo = RuleInfo {
    code: "table-balance",
    name_zh: "表格收支不平衡",
    name_en: "table sides do not balance",
    severity: Severity::Error,
    doc: "## What it does
Compares the sides of a table printed as sides side by side (收入支出决算总表, 财务收支预算总表,
财政拨款收支总表: 收入 on the left, 支出 on the right) as rules/tables.toml `[[side_relation]]`
says they balance: the grand total of the 收入 side (收入总计, 总计) against the grand total of
each other side (支出总计, 总计), in the total column.

## Why is this bad
Every yuan a department receives is spent or carried over: the two sides of the summary table
must come to the same total. When they do not, one side has a wrong figure, and the sentences
that restate it inherit the error.

## Example
```
收入总计 1,250.00    支出总计 1,205.00    # 1,250.00 ≠ 1,205.00
```
Turn it off with `[rules] table-balance = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    for first in a
        .tables
        .iter()
        .filter(|t| t.side.is_some_and(|s| s.index == 0))
    {
        let Some(group) = first.side.map(|s| s.group) else {
            continue;
        };
        for rel in &a.rules.side_relations {
            let Some(left) = labelled(first, &rel.first) else {
                continue;
            };
            for other in a
                .tables
                .iter()
                .filter(|t| t.side.is_some_and(|s| s.group == group && s.index > 0))
            {
                let Some(right) = labelled(other, &rel.other) else {
                    continue;
                };
                let (Some(l), Some(r)) = (left.cells.first(), right.cells.first()) else {
                    continue;
                };
                compare(
                    a,
                    o,
                    &INFO,
                    Relation {
                        fig: r,
                        computed: l.operand(),
                        arithmetic: l.printed.clone(),
                        operands: vec![l],
                        what_zh: format!("{}（应等于{}）", right.label, left.label),
                        what_en: format!("{} (must equal {})", right.label, left.label),
                    },
                );
            }
        }
    }
}

/// The last row of a side labelled with the first of `labels` that the side prints.
fn labelled<'t>(t: &'t Table, labels: &[String]) -> Option<&'t Row> {
    labels.iter().find_map(|l| {
        let k = row_key(l);
        t.rows.iter().rev().find(|r| r.key == k)
    })
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    const PROSE_LINE: &str = "本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n";

    const TABLE: &str = "收支预算总表\n单位：万元\n本年收入本年支出\n项目预算数项目合计基本支出项目支出\n一、财政拨款收入 100.00 一、教育支出 70.00 50.00 20.00\n二、事业收入二、科技支出 30.00 30.00\n收入总计 100.00 支出总计 100.00 80.00 20.00\n";

    fn run(t: &str) -> Vec<Finding> {
        check(
            &RawDocument::from_text(&format!("{PROSE_LINE}{t}")),
            &Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "table-balance")
        .collect()
    }

    #[test]
    fn sides_that_balance() {
        assert!(run(TABLE).is_empty(), "{:?}", run(TABLE));
    }

    #[test]
    fn sides_that_do_not_balance() {
        let f = run(&TABLE.replace("收入总计 100.00", "收入总计 110.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "100.00");
        assert_eq!(f[0].evidence[1].value, "110.00");
        assert_eq!(f[0].expected.as_deref(), Some("110.00"));
    }

    #[test]
    fn a_plain_table_has_no_sides() {
        let f = run("支出表\n单位：万元\n项目合计\n收入总计 100.00 支出总计 90.00\n");
        assert!(f.is_empty(), "{f:?}");
    }
}
