//! table-restated: a sentence restating a table cell with a figure one typing slip away.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::{money_scale, Approx, Figure};
use crate::interval::show;
use crate::tables::grid::Cell;

pub static INFO: RuleInfo = RuleInfo {
    code: "table-restated",
    name_zh: "正文与表格数据不一致",
    name_en: "sentence restates a table cell differently",
    severity: Severity::Warning,
    doc: "## 作用 / What it does
正文句子提到表格某一行的名称（如“城市供水保障项目实际支出 6,721.36 万元”），其后的金额、人数或
百分比与该行任何单元格都不相等（按表格单位换算元/万元后），却与其中一格只差一次录入错误（一位数字
不同，或相邻两位颠倒）时报告。
A sentence names a row of a rebuilt table and prints an amount, a count or a percentage that
equals none of the row's cells (after 元/万元 conversion to the table's unit) but is one
typing slip away from one of them: one digit changed, or two adjacent digits swapped.

## Why is this bad
The text and the table state one fact twice with two values; the reader cannot tell which is
right, and one of them is a slip.

## Example
```
表2 … 城市供水保障 5600.00 1200.00 6800.00 21.43% 6712.36 98.71%
正文：城市供水保障项目实际支出6,721.36万元     # 表中为 6712.36
```
Turn it off with `[rules] table-restated = false` in gouji.toml.",
};

/// Digits of a figure printed at `decimals` places, without separators or sign.
fn digits(v: Decimal, decimals: u32) -> String {
    show(v.abs(), decimals).replace('.', "")
}

/// One digit changed, two adjacent digits swapped, or (four digits or more) one digit moved
/// to another place (9,880 typed 9088).
fn one_slip(a: &str, b: &str) -> bool {
    if a.len() != b.len() || a == b || a.len() < 3 {
        return false;
    }
    let x: Vec<u8> = a.bytes().collect();
    let y: Vec<u8> = b.bytes().collect();
    let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    match diff.as_slice() {
        // The last place alone may be rounding or truncation.
        [i] => *i + 1 < x.len(),
        [i, j] if *j == i + 1 && x[*i] == y[*j] && x[*j] == y[*i] => true,
        _ => x.len() >= 4 && one_moved(&x, &y),
    }
}

/// `y` is `x` with one digit taken out and put back elsewhere (9880 typed 9088).
fn one_moved(x: &[u8], y: &[u8]) -> bool {
    (0..x.len()).any(|i| {
        let mut rest = x.to_vec();
        let d = rest.remove(i);
        (0..=rest.len()).any(|j| {
            let mut t = rest.clone();
            t.insert(j, d);
            t == y
        })
    })
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    // Lines that are rows of a grid: no sentences.
    let mut in_grid: HashSet<usize> = HashSet::new();
    for g in &a.grids {
        for r in &g.rows {
            for c in &r.cells {
                if let Cell::Figure(f) = c {
                    in_grid.insert(f.line);
                }
            }
        }
    }
    for g in &a.grids {
        let table_scale = money_scale(&g.unit);
        let keys: Vec<&str> = g
            .rows
            .iter()
            .map(|r| r.key.as_str())
            .filter(|k| k.chars().count() >= 3)
            .collect();
        for row in &g.rows {
            let key = row.key.as_str();
            // A row named after a rate is an indicator of a score table, not the rate itself.
            if key.chars().count() < 3
                || key.ends_with('率')
                || a.rules
                    .grid
                    .total_rows
                    .iter()
                    .any(|w| key.ends_with(w.as_str()))
            {
                continue;
            }
            let cells: Vec<&Figure> = row.cells.iter().filter_map(Cell::figure).collect();
            if cells.is_empty() {
                continue;
            }
            for (li, line) in a.text.lines.iter().enumerate() {
                if in_grid.contains(&li) {
                    continue;
                }
                let Some(pos) = line.text.find(key) else {
                    continue;
                };
                // The clause of the key and the next one, up to the next row's name or a full stop.
                let after = pos + key.len();
                let mut end = line.text[after..]
                    .find('。')
                    .map_or(line.text.len(), |i| after + i);
                let mut seps = 0;
                for (i, c) in line.text[after..end].char_indices() {
                    if matches!(c, '，' | '；' | ',') {
                        seps += 1;
                        if seps == 2 {
                            end = after + i;
                            break;
                        }
                    }
                }
                // The rest of the sentence: its figures are compared with the cells of the
                // column that names their metric only ("全年实际支出 X" against 决算数).
                let mut full_end = line.text[after..]
                    .find('。')
                    .map_or(line.text.len(), |i| after + i);
                for k in &keys {
                    if *k != key {
                        if let Some(i) = line.text[after..end].find(k) {
                            end = after + i;
                        }
                        if let Some(i) = line.text[after..full_end].find(k) {
                            full_end = after + i;
                        }
                    }
                }
                for f in a.figures[li]
                    .iter()
                    .filter(|f| f.start >= after && f.start < full_end)
                {
                    if f.approx != Approx::Exact || f.chinese {
                        continue;
                    }
                    if f.start < end {
                        restated(a, o, g, row, &cells, f, table_scale);
                    } else if let Some(col) = metric_column(a, g, f) {
                        if let Some(Cell::Figure(c)) = row.cells.get(col) {
                            restated(a, o, g, row, &[c], f, table_scale);
                        }
                    }
                }
            }
        }
    }
}

/// The one column of `g` whose split name prints the metric `f`'s words end with.
fn metric_column(a: &Analysis, g: &crate::tables::grid::Grid, f: &Figure) -> Option<usize> {
    let (m, _) = a.rules.metric_ending(&f.label)?;
    let split = g.columns.windows(2).any(|w| w[0].name != w[1].name);
    if !split {
        return None;
    }
    let cols: Vec<usize> = (0..g.columns.len())
        .filter(|&i| {
            a.rules
                .metric_ending(&g.columns[i].name)
                .is_some_and(|(n, _)| n.name == m.name)
        })
        .collect();
    match cols.as_slice() {
        [c] => Some(*c),
        _ => None,
    }
}

fn restated(
    a: &Analysis,
    o: &mut Outcome,
    g: &crate::tables::grid::Grid,
    row: &crate::tables::grid::GridRow,
    cells: &[&Figure],
    f: &Figure,
    table_scale: Decimal,
) {
    let money = f.unit.ends_with('元');
    let same_kind: Vec<&&Figure> = cells
        .iter()
        .filter(|c| {
            c.percent == f.percent
                && (f.percent || money && !g.unit.is_empty() || !money && c.decimals == 0)
        })
        .collect();
    // The cells as the sentence would print them: in its unit, at its places.
    let factor = if money && !g.unit.is_empty() {
        table_scale / money_scale(&f.unit)
    } else {
        Decimal::ONE
    };
    let shown: Vec<(&Figure, String)> = same_kind
        .iter()
        .map(|c| (**c, digits(c.value * factor, f.decimals)))
        .collect();
    let mine = digits(f.value, f.decimals);
    if shown.iter().any(|(_, s)| *s == mine) {
        return;
    }
    let Some((cell, _)) = shown.iter().find(|(_, s)| one_slip(s, &mine)) else {
        return;
    };
    let expected = show(cell.value * factor, f.decimals);
    let unit = if f.percent { "%" } else { f.unit.as_str() };
    // The cell's unit: the table's for an amount, its own for a count (9,880人).
    let cell_unit = if f.percent {
        ""
    } else if money {
        g.unit.as_str()
    } else {
        cell.unit.as_str()
    };
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "正文称“{}”为 {}{}，表格该行为 {}{}（{}）",
            row.key, f.printed, f.unit, cell.printed, cell_unit, g.title
        ),
        message_en: format!(
            "the text gives {} as {}{} but its table row prints {}{}",
            row.key, f.printed, f.unit, cell.printed, cell_unit
        ),
        expected: Some(format!("{expected}{unit}")),
        arithmetic: format!("{} {} = {}{}", cell.printed, cell_unit, expected, unit),
        evidence: vec![
            a.evidence(f, row.key.clone()),
            a.evidence(cell, format!("{} 表格", row.key)),
        ],
    });
}

#[cfg(test)]
mod tests {
    use super::one_slip;
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "table-restated")
            .collect()
    }

    const DOC: &str = "表1 某所项目支出表\n单位：元\n序号 项目 预算数 执行数 执行率\n1 河道巡查维护 1,200,000.00 1,152,300.00 96.03%\n2 水质监测网络 800,000.00 764,800.00 95.60%\n3 防汛物资储备 500,000.00 487,500.00 97.50%\n合计 2,500,000.00 2,404,600.00 96.18%\n其中，河道巡查维护项目实际支出115.23万元，执行率96.03%；水质监测网络支出76.48万元。\n";

    #[test]
    fn consistent_restatement_in_another_unit() {
        assert!(run(DOC).is_empty(), "{:#?}", run(DOC));
    }

    #[test]
    fn swapped_digits_in_the_text() {
        let f = run(&DOC.replace("实际支出115.23万元", "实际支出115.32万元"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence[0].value, "115.32");
        let f = run(&DOC.replace("执行率96.03%；", "执行率69.03%；"));
        assert_eq!(f.len(), 1, "{f:#?}");
        // A different figure, not a slip of one: not this rule's.
        assert!(run(&DOC.replace("实际支出115.23万元", "实际支出100.50万元")).is_empty());
    }

    const BUDGET: &str = "表1 某馆项目支出执行情况\n单位：万元\n序号 项目 年初预算数 调整数 调整后预算数 决算数 执行率\n1 社区文化活动 300.00 -50.00 250.00 236.40 94.56%\n2 古籍数字化 120.00 10.00 130.00 128.70 99.00%\n合计 420.00 -40.00 380.00 365.10 96.08%\n";

    #[test]
    fn the_rest_of_the_sentence_against_the_column_of_its_metric() {
        let text = |x: &str| {
            format!("{BUDGET}社区文化活动项目年初预算300.00万元，受天气影响部分场次取消，年中调减50.00万元，全年实际支出{x}万元。\n")
        };
        assert!(
            run(&text("236.40")).is_empty(),
            "{:#?}",
            run(&text("236.40"))
        );
        let f = run(&text("263.40"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence[1].value, "236.40");
        // Far from the row's name, a figure of no column's metric is not compared.
        let other = format!("{BUDGET}社区文化活动项目年初预算300.00万元，受天气影响部分场次取消，年中调减50.00万元，另获社会捐赠263.40万元。\n");
        assert!(run(&other).is_empty(), "{:#?}", run(&other));
    }

    #[test]
    fn a_count_of_a_short_row_name_with_its_digits_reordered() {
        let t = "表1 各镇受益农户情况\n单位：万元\n序号 乡镇 受益农户 补助资金 执行率\n1 东湖镇 3,460户 520.00 98.20%\n2 西岭乡 2,175户 310.50 97.60%\n合计 5,635户 830.50 97.99%\n";
        let ok = format!("{t}其中东湖镇受益农户3460户，补助资金520.00万元。\n");
        assert!(run(&ok).is_empty(), "{:#?}", run(&ok));
        let bad = format!("{t}其中东湖镇受益农户3046户，补助资金520.00万元。\n");
        let f = run(&bad);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence[1].value, "3,460");
        assert!(f[0].message.contains("3,460户"), "{}", f[0].message);
    }

    #[test]
    fn slips() {
        assert!(one_slip("671236", "672136"));
        assert!(one_slip("29615", "28615"));
        assert!(!one_slip("29615", "29615"));
        assert!(!one_slip("29615", "19625"));
        // One digit moved.
        assert!(one_slip("9880", "9088"));
        assert!(one_slip("34600", "30460"));
        assert!(!one_slip("988", "889"));
        assert!(!one_slip("9880", "9087"));
        // The last place: rounding.
        assert!(!one_slip("9713", "9710"));
    }
}
