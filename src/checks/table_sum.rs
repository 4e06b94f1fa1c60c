//! table-sum: a table row or column that does not add up.

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::formulas::parse_expr;
use crate::interval::Interval;
use crate::tables::{row_key, Table};

pub static INFO: RuleInfo = RuleInfo {
    code: "table-sum",
    name_zh: "表格合计不符",
    name_en: "table total does not add up",
    severity: Severity::Error,
    doc: "## What it does
Adds up the rows and columns of every rebuilt table as rules/tables.toml says they add up:
column relations whose result is an amount (调整后预算 = 年初预算数 + 调整金额) on every row, and
subtotal rows (基本支出 = 人员经费 + 日常公用经费; 合计 = 基本支出 + 项目支出; \"三公\"经费 = …) in every
amount column. A total row (合计, 总计) is also checked against the rows numbered 一、二、三、 when
no rule names its parts. Printed figures are intervals: 12.1 + 45.4 = 57.6 holds.

## Why is this bad
A total that its parts contradict means a part or the total is wrong, and every ratio and
sentence computed from it inherits the error.

## Example
```
一、基本支出 3,992.56
人员经费     3,609.17
日常公用经费   393.39     # 3,609.17 + 393.39 = 4,002.56, not 3,992.56
```
Turn it off with `[rules] table-sum = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    column_relations(a, o, false);
    for t in &a.tables {
        row_relations(a, o, t);
        if t.total_first {
            row_totals(a, o, t);
        }
        code_tree(a, o, t);
    }
}

/// A table whose first amount column totals the others: first cell = sum of the rest, per row.
fn row_totals(a: &Analysis, o: &mut Outcome, t: &Table) {
    for row in t
        .rows
        .iter()
        .filter(|r| !r.mixed && r.cells.len() >= 2 && r.cells.iter().all(|c| !c.percent))
    {
        let rest = &row.cells[1..];
        let Some(sum) = Interval::sum(rest.iter().map(|c| c.operand())) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: &row.cells[0],
                computed: sum,
                arithmetic: rest
                    .iter()
                    .map(|c| c.printed.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                operands: rest.iter().collect(),
                what_zh: format!("{} 合计列（本行各列之和）", row.label),
                what_en: format!(
                    "total column of {} (sum of the row's other cells)",
                    row.label
                ),
            },
        );
    }
}

/// Classification codes: a 类 row's first cell is the sum of its 款 rows', a 款 row's of its
/// 项 rows'; an uncoded total row (合计) is the sum of the 类 rows.
fn code_tree(a: &Analysis, o: &mut Outcome, t: &Table) {
    let rows: Vec<&crate::tables::Row> = t
        .rows
        .iter()
        .filter(|r| !r.mixed && !r.cells.is_empty())
        .collect();
    for (i, parent) in rows.iter().enumerate() {
        let kids: Vec<&crate::tables::Row> = if parent.code.is_empty() {
            if !a
                .rules
                .scope
                .total_rows
                .iter()
                .any(|k| parent.key.ends_with(k.as_str()))
            {
                continue;
            }
            rows.iter().filter(|r| r.code.len() == 1).copied().collect()
        } else {
            let d = parent.code.len();
            rows[i + 1..]
                .iter()
                .take_while(|r| r.code.len() > d && r.code[..d] == parent.code[..])
                .filter(|r| r.code.len() == d + 1)
                .copied()
                .collect()
        };
        if kids.is_empty() || (parent.code.is_empty() && kids.len() < 2) {
            continue;
        }
        let Some(sum) = Interval::sum(kids.iter().map(|k| k.cells[0].operand())) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: &parent.cells[0],
                computed: sum,
                arithmetic: kids
                    .iter()
                    .map(|k| k.cells[0].printed.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                operands: kids.iter().map(|k| &k.cells[0]).collect(),
                what_zh: format!("{}（下级科目之和）", parent.label),
                what_en: format!("{} (sum of its sub-items)", parent.label),
            },
        );
    }
}

/// Column relations of rules/ on every row: ratios (`ratios`) or amounts (`!ratios`).
pub(crate) fn column_relations(a: &Analysis, o: &mut Outcome, ratios: bool) {
    for rel in &a.rules.column_relations {
        let is_rate = a
            .rules
            .column(&rel.result)
            .is_some_and(|c| c.kind == "rate");
        if is_rate != ratios {
            continue;
        }
        let Some(expr) = parse_expr(&rel.formula) else {
            continue;
        };
        let rule = if ratios {
            &super::table_ratio::INFO
        } else {
            &INFO
        };
        for t in &a.tables {
            let Some(rc) = t.col(&rel.result) else {
                continue;
            };
            let vars = expr.vars();
            let Some(cols) = vars.iter().map(|v| t.col(v)).collect::<Option<Vec<_>>>() else {
                continue;
            };
            for row in &t.rows {
                if row.cells.len() != t.columns.len() {
                    continue;
                }
                let cell = |name: &str| -> Option<&Figure> {
                    vars.iter()
                        .position(|v| *v == name)
                        .map(|i| &row.cells[cols[i]])
                };
                let value = |name: &str| cell(name).map(operand);
                let Some(computed) = expr.eval(&value) else {
                    continue;
                };
                let arithmetic = expr.render(&|name: &str| cell(name).map(|f| f.printed.clone()));
                let fig = &row.cells[rc];
                let col_zh = t.columns[rc].clone().unwrap_or_default();
                compare(
                    a,
                    o,
                    rule,
                    Relation {
                        fig,
                        computed,
                        arithmetic,
                        operands: cols.iter().map(|&c| &row.cells[c]).collect(),
                        what_zh: format!("{} · {}", row.label, col_zh),
                        what_en: format!("row {} column {}", row.label, col_zh),
                    },
                );
            }
        }
    }
}

/// A cell as an operand: percentages as fractions.
pub(crate) fn operand(f: &Figure) -> Interval {
    let v = f.operand();
    if f.percent {
        Interval {
            lo: v.lo / rust_decimal::Decimal::ONE_HUNDRED,
            hi: v.hi / rust_decimal::Decimal::ONE_HUNDRED,
        }
    } else {
        v
    }
}

fn row_relations(a: &Analysis, o: &mut Outcome, t: &Table) {
    let mut done = Vec::new();
    for rel in &a.rules.row_relations {
        let Some(total) = t.row(&rel.total) else {
            continue;
        };
        let Some(parts) = rel
            .parts
            .iter()
            .map(|p| t.row(p))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        done.push(total.line);
        sum_rows(a, o, t, total, &parts);
    }
    // A total row with no rule: the sum of the rows numbered 一、二、三、.
    let Some(total) = t
        .rows
        .iter()
        .find(|r| a.rules.scope.total_rows.iter().any(|k| row_key(k) == r.key))
    else {
        return;
    };
    if done.contains(&total.line) {
        return;
    }
    let top: Vec<_> = t.rows.iter().filter(|r| top_level(&r.label)).collect();
    if top.len() >= 2 {
        sum_rows(a, o, t, total, &top);
    }
}

fn top_level(label: &str) -> bool {
    let l = label.trim_start();
    let n = l
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && l.chars().nth(n) == Some('、')
}

fn sum_rows(
    a: &Analysis,
    o: &mut Outcome,
    t: &Table,
    total: &crate::tables::Row,
    parts: &[&crate::tables::Row],
) {
    let width = t.columns.len();
    if total.cells.len() != width || parts.iter().any(|p| p.cells.len() != width) {
        return;
    }
    let keys: Vec<&str> = parts.iter().map(|p| p.key.as_str()).collect();
    for c in 0..width {
        let kind = t.columns[c]
            .as_deref()
            .and_then(|n| a.rules.column(n))
            .map(|c| c.kind.as_str());
        if total.cells[c].percent
            || parts.iter().any(|p| p.cells[c].percent)
            || kind.is_some_and(|k| k == "rate")
        {
            continue;
        }
        let Some(sum) = Interval::sum(parts.iter().map(|p| p.cells[c].operand())) else {
            return;
        };
        let col = t.columns[c]
            .clone()
            .unwrap_or_else(|| format!("第{}列", c + 1));
        let arithmetic = parts
            .iter()
            .map(|p| p.cells[c].printed.clone())
            .collect::<Vec<_>>()
            .join(" + ");
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: &total.cells[c],
                computed: sum,
                arithmetic,
                operands: parts.iter().map(|p| &p.cells[c]).collect(),
                what_zh: format!("{} · {}（{}之和）", total.label, col, keys.join("、")),
                what_en: format!("{} · {} (sum of {})", total.label, col, keys.join(", ")),
            },
        );
    }
}
