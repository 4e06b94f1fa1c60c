//! table-sum: a table row or column that does not add up.

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::formulas::parse_expr;
use crate::interval::Interval;
use crate::tables::{heading_number, row_key, Row, Table};

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
A 类/款 row is the sum of its sub-items (a 款 code printed without its leading zero, \"301 2\",
is 02) in its total column. A table continued on the next
page is one table, also when each page repeats the header the page before ends with. In a
table of amounts (单位：元, 万元) whole figures are rounded like decimals: n addends are good to
±n/2 of the last place, and a gap is judged alike whichever side is larger.
本表按页续排时合并为一张表；金额表中的整数按四舍五入处理（n 个加数容差 ±n/2），多出与少出同等对待。

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
    super::table_grid::sums(a, o);
    for t in &a.tables {
        match t.side {
            // A side of a side-by-side table: its own sums (the named subtotals of plain tables
            // are not its structure); none when a cell may be missing from it.
            Some(side) => {
                if !side.uncertain {
                    side_sums(a, o, t);
                    code_tree(a, o, t);
                }
            }
            None => {
                row_relations(a, o, t);
                code_tree(a, o, t);
            }
        }
        if t.total_first {
            row_totals(a, o, t);
        }
    }
}

/// Whether a label starts with a heading number (一、 1. （一）).
fn numbered(label: &str) -> bool {
    let s: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    row_key(&s) != s
}

/// A second-level row number ("1." "2、").
fn sub_level(label: &str) -> bool {
    let t = label.trim_start();
    let d = t.chars().take_while(char::is_ascii_digit).count();
    d > 0
        && t[d..].starts_with(['.', '．', '、'])
        && !t[d..].chars().nth(1).is_some_and(|c| c.is_ascii_digit())
}

/// The sums of one side of a side-by-side table (rules/tables.toml `[two_sided]`): its subtotal
/// is the sum of its rows numbered 一、二、 above it; its grand total is the subtotal plus the
/// unnumbered rows between them; a row numbered 一、 is the sum of its rows numbered 1. 2. below.
/// Only the first cell of each row is summed (the side's total column, or its only one).
fn side_sums(a: &Analysis, o: &mut Outcome, t: &Table) {
    let ts = &a.rules.two_sided;
    if !t.total_first && t.rows.iter().any(|r| r.cells.len() > 1) {
        return;
    }
    if t.rows.iter().flat_map(|r| &r.cells).any(|c| c.percent) {
        return;
    }
    let is = |r: &Row, words: &[String]| words.iter().any(|w| row_key(w) == r.key);
    let rows = &t.rows;
    let Some(ti) = rows
        .iter()
        .position(|r| is(r, &ts.subtotal_rows) || is(r, &ts.total_rows))
    else {
        return;
    };
    let above = &rows[..ti];
    // An unnumbered row among the numbered ones: the structure is not the standard one.
    let plain_inside = above
        .iter()
        .any(|r| !numbered(&r.label) && !r.cells.is_empty());
    let tops: Vec<&Row> = above.iter().filter(|r| top_level(&r.label)).collect();
    // Numbered 一、二、三、 without a gap: all the side's rows (not the end of a list that
    // began on the side to its left).
    let whole = tops
        .iter()
        .enumerate()
        .all(|(i, r)| heading_number(&r.label) == u32::try_from(i + 1).ok());
    if !plain_inside && whole && tops.len() >= 2 && tops.iter().any(|r| !r.cells.is_empty()) {
        side_total(a, o, t, &rows[ti], &tops);
    }
    for (i, r) in above.iter().enumerate() {
        if !top_level(&r.label) {
            continue;
        }
        let subs: Vec<&Row> = above[i + 1..]
            .iter()
            .take_while(|s| sub_level(&s.label))
            .collect();
        if subs.len() >= 2 && subs.iter().any(|s| !s.cells.is_empty()) {
            side_total(a, o, t, r, &subs);
        }
    }
    if is(&rows[ti], &ts.subtotal_rows) {
        let Some(gi) = rows[ti + 1..]
            .iter()
            .position(|r| is(r, &ts.total_rows))
            .map(|g| g + ti + 1)
        else {
            return;
        };
        let between: Vec<&Row> = rows[ti + 1..gi]
            .iter()
            .filter(|r| !numbered(&r.label))
            .collect();
        let carry = |r: &Row| ts.carry_rows.iter().any(|w| r.key.starts_with(w.as_str()));
        // A row of another kind with a figure: a breakdown, or a structure not known here.
        if between.iter().any(|r| !carry(r) && !r.cells.is_empty()) {
            return;
        }
        let mut parts = vec![&rows[ti]];
        parts.extend(between.into_iter().filter(|r| carry(r)));
        side_total(a, o, t, &rows[gi], &parts);
    }
}

/// A side's total row against the sum of its parts' first cells (a blank part is zero).
fn side_total(a: &Analysis, o: &mut Outcome, t: &Table, total: &Row, parts: &[&Row]) {
    let Some(fig) = total.cells.first() else {
        return;
    };
    let printed: Vec<&Figure> = parts.iter().filter_map(|p| p.cells.first()).collect();
    let Some(sum) = Interval::sum(
        std::iter::once(Interval::point(rust_decimal::Decimal::ZERO))
            .chain(printed.iter().map(|c| cell(t, c))),
    ) else {
        return;
    };
    let arithmetic = if printed.is_empty() {
        "0".to_owned()
    } else {
        printed
            .iter()
            .map(|c| c.printed.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let named: Vec<&str> = parts
        .iter()
        .filter(|p| !p.cells.is_empty())
        .map(|p| p.key.as_str())
        .collect();
    compare(
        a,
        o,
        &INFO,
        Relation {
            fig,
            computed: whole_sum(t, fig, sum),
            arithmetic,
            operands: printed,
            what_zh: format!("{}（{}之和）", total.label, named.join("、")),
            what_en: format!("{} (sum of {})", total.label, named.join(", ")),
        },
    );
}

/// A table whose first amount column totals the others: first cell = sum of the rest, per row.
fn row_totals(a: &Analysis, o: &mut Outcome, t: &Table) {
    for row in t
        .rows
        .iter()
        .filter(|r| !r.mixed && r.cells.len() >= 2 && r.cells.iter().all(|c| !c.percent))
    {
        let rest = &row.cells[1..];
        let Some(sum) = Interval::sum(rest.iter().map(|c| cell(t, c))) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: &row.cells[0],
                computed: whole_sum(t, &row.cells[0], sum),
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
        let Some(sum) = Interval::sum(kids.iter().map(|k| cell(t, &k.cells[0]))) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: &parent.cells[0],
                computed: whole_sum(t, &parent.cells[0], sum),
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
                let value = |name: &str| {
                    cell(name).map(|f| {
                        if f.percent {
                            operand(f)
                        } else {
                            self::cell(t, f)
                        }
                    })
                };
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

/// A cell as an addend. In a table of amounts (单位：元, 万元) a whole figure is rounded like
/// any other (from 分, or from 元 in a 万元 table), so n addends are good to ±n/2 of the last
/// place, in both directions; elsewhere a whole number counts as exact (people, items).
pub(crate) fn cell(t: &Table, f: &Figure) -> Interval {
    if f.decimals == 0 && !f.percent && t.unit.ends_with('元') {
        f.interval(crate::interval::Rounding::Round)
    } else {
        f.operand()
    }
}

/// The sum a whole printed amount is compared with. compare() lets a printed figure be
/// truncated as well as rounded, which spares a whole total up to 1 below its parts but only
/// ½ above; in a table of amounts the sum is widened by ½ upwards so that the same gap is
/// treated alike in both directions (never an error in one row and a note in the next).
fn whole_sum(t: &Table, fig: &Figure, sum: Interval) -> Interval {
    if fig.decimals == 0 && !fig.percent && t.unit.ends_with('元') {
        Interval {
            lo: sum.lo,
            hi: sum.hi + rust_decimal::Decimal::new(5, 1),
        }
    } else {
        sum
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
        let Some(sum) = Interval::sum(parts.iter().map(|p| cell(t, &p.cells[c]))) else {
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
                computed: whole_sum(t, &total.cells[c], sum),
                arithmetic,
                operands: parts.iter().map(|p| &p.cells[c]).collect(),
                what_zh: format!("{} · {}（{}之和）", total.label, col, keys.join("、")),
                what_en: format!("{} · {} (sum of {})", total.label, col, keys.join(", ")),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    const PROSE_LINE: &str = "本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n";

    const SUMMARY: &str = "收入支出总表\n单位：万元\n收入支出\n项目决算数项目决算数\n一、甲类收入 500.00 一、教育支出 300.00\n二、乙类收入二、科技支出\n三、丙类收入 20.00 三、文化支出 150.00\n四、住房支出 60.00\n本年收入合计 520.00 本年支出合计 510.00\n年初结转和结余 30.00 年末结转和结余 40.00\n总计 550.00 总计 550.00\n注：本表反映本年度的总收支。\n";

    fn run(t: &str) -> Vec<Finding> {
        check(
            &RawDocument::from_text(&format!("{PROSE_LINE}{t}")),
            &Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "table-sum")
        .collect()
    }

    #[test]
    fn sides_that_add_up() {
        let f = run(SUMMARY);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_side_subtotal_that_its_rows_contradict() {
        let f = run(&SUMMARY.replace("三、文化支出 150.00", "三、文化支出 140.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "510.00");
        assert_eq!(f[0].expected.as_deref(), Some("500.00"));
    }

    #[test]
    fn a_grand_total_is_the_subtotal_and_the_carry_over() {
        let f = run(&SUMMARY.replace("年初结转和结余 30.00", "年初结转和结余 3.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "550.00");
        assert_eq!(f[0].expected.as_deref(), Some("523.00"));
    }

    #[test]
    fn a_numbered_row_is_the_sum_of_its_numbered_parts() {
        let t = "收支预算总表\n单位：万元\n本年收入本年支出\n项目预算数项目预算数\n一、财政拨款收入 90.00 一、教育支出 70.00\n1. 一般公共预算 80.00 二、科技支出 30.00\n2. 政府性基金预算 10.00\n二、事业收入 10.00\n收入总计 100.00 支出总计 100.00\n";
        assert!(run(t).is_empty(), "{:?}", run(t));
        let f = run(&t.replace("1. 一般公共预算 80.00", "1. 一般公共预算 85.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "90.00");
    }

    #[test]
    fn an_unnumbered_breakdown_of_the_carry_over_is_not_added_twice() {
        // The carry-overs broken down into unnumbered rows: the grand totals are not checked.
        let t = SUMMARY.replace(
            "年初结转和结余 30.00 年末结转和结余 40.00\n",
            "年初结转和结余 30.00 年末结转和结余 40.00\n甲类资金 20.00 丙类资金 25.00\n乙类资金 10.00 丁类资金 15.00\n",
        );
        let f = run(&t);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_list_continued_from_the_left_side_is_not_its_whole() {
        // One list printed in two columns: the right half starts at 三、; its 总计 is the whole list's.
        let t = "支出明细表\n单位：万元\n项目金额项目金额\n一、甲项 10.00 三、丙项 30.00\n二、乙项 20.00 四、丁项 40.00\n小计 30.00 总计 100.00\n";
        let f = run(t);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn an_uncertain_side_is_not_summed() {
        // "其他 8.00" may be either side's: neither side's sums are checked.
        let f = run(&SUMMARY.replace("四、住房支出 60.00", "其他 60.00"));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn economic_halves_add_up_by_code() {
        let t = "基本支出决算表\n单位：万元\n经济分类\n科目编码科目名称决算数科目编码科目名称决算数\n301 工资福利支出 120.00 302 商品和服务支出 45.00\n301 01 基本工资 70.00 302 01 办公费 25.00\n301 02 津贴补贴 50.00 302 03 差旅费 20.00\n303 对个人和家庭的补助 10.00 302 39 其他交通费用\n302 99 其他商品和服务支出\n310 资本性支出 5.00\n人员经费合计 130.00 公用经费合计 50.00\n";
        assert!(run(t).is_empty(), "{:?}", run(t));
        let f = run(&t.replace("公用经费合计 50.00", "公用经费合计 55.00"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("50.00"));
    }

    /// An invented economic-classification table in whole 元, continued on a second page
    /// whose title and header the content stream draws after the body of each page.
    fn continued(last_child: &str, total: &str) -> String {
        format!(
            "单位：元\n类款\n301 工资福利支出 700,000 700,000\n301 01 基本工资 400,000 400,000\n301 02 津贴补贴 300,000 300,000\n302 商品和服务支出 {total} {total}\n302 01 办公费 120,000 120,000\n2031年某某中心基本支出经济分类预算表\n项目基本支出\n经济分类科目编码经济分类科目名称合计人员经费公用经费\n编制单位：某某中心\n\x0c类款\n项目基本支出\n经济分类科目编码经济分类科目名称合计人员经费公用经费\n302 05 水费 33,333 33,333\n302 06 电费 {last_child} {last_child}\n302 99 其他商品和服务支出 12,345 12,345\n303 对个人和家庭的补助 9,000 9,000\n303 02 退休费 9,000 9,000\n"
        )
    }

    #[test]
    fn a_table_continued_on_the_next_page_is_joined() {
        // 302's children are on both pages: 120,000 + 33,333 + 44,444 + 12,345 = 210,122.
        let f = run(&continued("44,444", "210,122"));
        assert!(f.is_empty(), "{f:?}");
        let f = run(&continued("44,444", "230,122"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[0].value, "230,122");
        assert_eq!(f[0].expected.as_deref(), Some("210122"));
    }

    #[test]
    fn whole_yuan_rounded_from_fen_in_both_directions() {
        // Four children of whole 元 may each be off by half a 元: 210,122 ± 2 holds.
        assert!(run(&continued("44,444", "210,123")).is_empty());
        assert!(run(&continued("44,444", "210,121")).is_empty());
        assert!(run(&continued("44,444", "210,124")).is_empty());
        // One 元 beyond that: a note at most, whichever side is larger.
        assert!(run(&continued("44,444", "210,125")).is_empty());
        assert!(run(&continued("44,444", "210,119")).is_empty());
        // Four 元 off is more than four roundings explain, in either direction.
        assert_eq!(run(&continued("44,444", "210,126")).len(), 1);
        assert_eq!(run(&continued("44,444", "210,118")).len(), 1);
    }

    #[test]
    fn whole_counts_stay_exact() {
        // A table without a money unit: whole numbers are counts, exact.
        let t = "人员情况表\n项目人数其中女性\n一、行政编制 12 5\n二、事业编制 7 3\n合计 20 8\n";
        assert_eq!(run(t).len(), 1, "{:?}", run(t));
        assert!(run(&t.replace("合计 20 8", "合计 19 8")).is_empty());
    }

    #[test]
    fn a_kuan_code_without_its_leading_zero_is_a_child() {
        let t = "基本支出预算表\n单位：万元\n科目编码科目名称合计人员经费公用经费\n301 工资福利支出 88.40 88.40\n301 01 基本工资 50.10 50.10\n301 2 津贴补贴 38.30 38.30\n302 商品和服务支出 12.00 12.00\n302 01 办公费 12.00 12.00\n";
        assert!(run(t).is_empty(), "{:?}", run(t));
        let f = run(&t.replace(
            "301 工资福利支出 88.40 88.40",
            "301 工资福利支出 89.40 89.40",
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("88.40"));
    }
}
