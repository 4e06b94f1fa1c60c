//! unit-slip: an amount of a sentence against the cells of the table row the sentence (or
//! its paragraph's heading) names, off by a power of ten that a wrong unit explains.

use rust_decimal::Decimal;

use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::{money_scale, Approx, Figure};
use crate::interval::{Interval, Rounding};
use crate::normalize::is_cjk;

pub static INFO: RuleInfo = RuleInfo {
    code: "unit-slip",
    name_zh: "金额单位错误（万元/千元/元）",
    name_en: "an amount restated with the wrong unit",
    severity: Severity::Error,
    doc: "## 作用 / What it does
正文中的金额与表格中同一行的金额比对。该行须由该句在金额之前点名（行名或行名的第一段），或由该段的
小标题点名（\"1．医疗设备购置。……支出 X 万元\"）。换算成元后两者相差 10⁴ 或 10³ 倍（186.40元 对
表中 186.40万元），或数字相同而单位不同（1,680.00元 对 表中 1,680.00万元），或按千元换算却标为万元
（12,864.50万元 对 表中 12,864,500.00元），而该句金额与这一行的任何一格都不相等时，报告单位错误，并指出
应为的单位。表格须印出单位（单位：万元 / 元，或列名中的（万元））；正确换算（1,286.45万元 =
12,864,500.00元）、约数与不足四位有效数字的金额不比对；带其他单位的列（万吨、元/吨、人）不比对。

Compares an amount of a sentence with the cells of the table row the sentence names before
it (its label, or the first part of it) or that its paragraph's heading names: a factor of
10⁴ or 10³ between them (in 元), the same digits under another unit, or 元 divided by 1,000
and labelled 万元, while no cell of the row equals it, is a unit slip. The message names the
unit the sentence likely meant.

## Why is this bad
A 万元/元 slip changes the amount ten-thousandfold; a reader who quotes the sentence is
off by orders of magnitude.

## Example
```
表2 … 单位：万元 … 食品安全监督抽检 220.00 195.00 186.40
全年食品安全监督抽检项目支出186.40元。     # 186.40万元
```
Turn it off with `[rules] unit-slip = false` in gouji.toml.",
};

/// A table row as this rule reads it: the names a sentence may give it, and its money cells
/// with the scale of their unit (元 = 1, 万元 = 10⁴).
struct SlipRow<'a> {
    names: Vec<String>,
    cells: Vec<(&'a Figure, Decimal)>,
    /// Four-character parts of its key that no other row of its table holds ("县级财政" of
    /// 县级财政衔接资金 beside 市级财政衔接资金): a sentence printing one names this row.
    own: Vec<String>,
}

/// Fills each row's `own` parts against the other rows of its table (`rows[from..]`).
fn own_parts(rows: &mut [SlipRow], from: usize) {
    if rows.len() < from + 2 {
        return;
    }
    let keys: Vec<Vec<char>> = rows[from..]
        .iter()
        .map(|r| r.names.first().map_or(Vec::new(), |n| n.chars().collect()))
        .collect();
    for (i, k) in keys.iter().enumerate() {
        let mut own: Vec<String> = Vec::new();
        for w in k.windows(4) {
            let part: String = w.iter().collect();
            let elsewhere = keys
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.windows(4).any(|x| x == w));
            if !elsewhere && !own.contains(&part) {
                own.push(part);
            }
        }
        rows[from + i].own = own;
    }
}

pub(crate) fn cjk(s: &str) -> String {
    s.chars().filter(|c| is_cjk(*c)).collect()
}

/// Names of a row: its key, and the first segment of its printed label when the label joins
/// more than one text column ("医疗设备购置 县人民医院" → 医疗设备购置).
fn names_of(key: &str, label: &str) -> Vec<String> {
    let mut names = Vec::new();
    let k = cjk(key);
    if k.chars().count() >= 3 {
        names.push(k);
    }
    if let Some(first) = label
        .split_whitespace()
        .find(|t| t.chars().any(|c| is_cjk(c) && c.is_alphabetic()))
    {
        let f = cjk(first);
        if f.chars().count() >= 4 && !names.contains(&f) {
            names.push(f);
        }
    }
    names
}

/// The money unit a column's name prints in brackets ("分配资金（万元）"): Some(scale) for a
/// money unit, None for another unit ("（万吨）", "（元/吨）"), Some(`base`) when it prints none.
fn column_scale(name: &str, base: Option<Decimal>) -> Option<Decimal> {
    let open = name.rfind(['（', '('])?;
    let inner = name[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    if matches!(inner, "元" | "千元" | "万元" | "亿元") {
        Some(money_scale(inner))
    } else {
        None
    }
    .or(if inner.is_empty() { base } else { None })
}

fn rows_of<'a>(a: &'a Analysis) -> Vec<SlipRow<'a>> {
    let money_cell = |c: &Figure| !c.percent && !c.value.is_zero() && c.unit.is_empty();
    let mut rows = Vec::new();
    for t in &a.tables {
        if !t.unit.ends_with('元') {
            continue;
        }
        let scale = money_scale(&t.unit);
        let from = rows.len();
        for r in &t.rows {
            let names = names_of(&r.key, &r.label);
            let cells: Vec<(&Figure, Decimal)> = r
                .cells
                .iter()
                .filter(|c| money_cell(c))
                .map(|c| (c, scale))
                .collect();
            push_row(&mut rows, names, cells);
        }
        own_parts(&mut rows, from);
    }
    for g in &a.grids {
        let base = g.unit.ends_with('元').then(|| money_scale(&g.unit));
        let split = g.columns.len() < 2 || g.columns.windows(2).any(|w| w[0].name != w[1].name);
        // A header not split into column names: its bracketed units cannot be placed.
        if !split && g.header.contains(['（', '(']) {
            continue;
        }
        let scales: Vec<Option<Decimal>> = g
            .columns
            .iter()
            .map(|c| {
                if split && c.name.ends_with(['）', ')']) {
                    column_scale(&c.name, base)
                } else {
                    base
                }
            })
            .collect();
        let from = rows.len();
        for r in &g.rows {
            let names = names_of(&r.key, &r.label);
            let cells: Vec<(&Figure, Decimal)> = r
                .cells
                .iter()
                .zip(&scales)
                .filter_map(|(c, s)| Some((c.figure()?, (*s)?)))
                .filter(|(c, _)| money_cell(c))
                .collect();
            push_row(&mut rows, names, cells);
        }
        own_parts(&mut rows, from);
    }
    rows
}

/// A row that has a name and money cells is one the text may restate.
fn push_row<'a>(
    rows: &mut Vec<SlipRow<'a>>,
    names: Vec<String>,
    cells: Vec<(&'a Figure, Decimal)>,
) {
    if !names.is_empty() && !cells.is_empty() {
        rows.push(SlipRow {
            names,
            cells,
            own: Vec::new(),
        });
    }
}

/// The subject a paragraph's heading names: "1．医疗设备购置。…" → 医疗设备购置.
fn heading_subject(s: &str) -> Option<String> {
    if !crate::normalize::is_heading(s) {
        return None;
    }
    let end = s.find(['。', '：', ':', '，'])?;
    let head = &s[..end];
    // Past the enumerator: "（一）", "1．", "一、".
    let rest = if head.starts_with(['（', '(']) {
        head.split_once(['）', ')'])?.1
    } else {
        let t = head
            .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        t.strip_prefix(['、', '.', '．']).unwrap_or(t)
    };
    let body = cjk(rest);
    (body.chars().count() >= 4 && body.chars().count() <= 20).then_some(body)
}

/// The paragraph logical line `li` continues (a sentence wrapped onto a short line ends a
/// logical line early): its first line, and the CJK text of the unfinished sentence that the
/// line before `li` ends with.
pub(crate) fn paragraph(
    a: &Analysis,
    skip: &std::collections::HashSet<usize>,
    li: usize,
) -> (usize, String) {
    let mut first = li;
    while first > 0
        && li - first < 6
        && !skip.contains(&(first - 1))
        && !a.text.lines[first - 1]
            .text
            .ends_with(['。', '；', ';', '：', ':', '！', '？'])
    {
        first -= 1;
    }
    let carried = if first < li {
        let prev = &a.text.lines[li - 1].text;
        let from = crate::facts::sentence_start(prev, prev.len());
        cjk(&prev[from..])
    } else {
        String::new()
    };
    (first, carried)
}

fn unit_name(scale: Decimal) -> Option<&'static str> {
    match scale.normalize().to_string().as_str() {
        "100000000" => Some("亿元"),
        "10000" => Some("万元"),
        "1000" => Some("千元"),
        "1" => Some("元"),
        _ => None,
    }
}

fn tens(k: i64) -> Decimal {
    if k >= 0 {
        Decimal::from(10_i64.pow(k as u32))
    } else {
        Decimal::ONE / Decimal::from(10_i64.pow((-k) as u32))
    }
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let rows = rows_of(a);
    if rows.is_empty() {
        return;
    }
    let skip = super::execution_rate::table_lines(a);
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        if skip.contains(&li) && !s.contains(['。', '，']) {
            continue;
        }
        let (first, carried) = paragraph(a, &skip, li);
        let subject = heading_subject(&a.text.lines[first].text);
        for f in figs {
            if f.percent || f.approx != Approx::Exact || f.chinese || !f.is_money() {
                continue;
            }
            // Four significant digits at least: a short amount matches anything.
            let digits = f.value.abs() * tens(f.decimals as i64);
            if digits < Decimal::from(1000) {
                continue;
            }
            let start = crate::facts::sentence_start(s, f.start);
            let mut before = cjk(&s[start..f.start]);
            if start == 0 {
                before.insert_str(0, &carried);
            }
            let mut mine: Vec<&SlipRow> = rows
                .iter()
                .filter(|r| {
                    r.names.iter().any(|n| before.contains(n.as_str()))
                        || r.own.iter().any(|p| before.contains(p.as_str()))
                })
                .collect();
            // A sentence that names no row speaks of its paragraph's heading.
            if mine.is_empty() {
                if let Some(h) = &subject {
                    mine = rows
                        .iter()
                        .filter(|r| {
                            r.names
                                .iter()
                                .any(|n| h.contains(n.as_str()) || n.contains(h.as_str()))
                        })
                        .collect();
                }
            }
            if mine.is_empty() {
                continue;
            }
            slip(a, o, f, &mine);
        }
    }
}

fn slip(a: &Analysis, o: &mut Outcome, f: &Figure, mine: &[&SlipRow]) {
    let fi = f.interval(Rounding::Round);
    let Some(fb) = fi.mul(Interval::point(f.scale)) else {
        return;
    };
    let cell_in = |c: &Figure, sc: Decimal, k: Decimal| {
        c.interval(Rounding::Round).mul(Interval::point(sc * k))
    };
    let cells = || mine.iter().flat_map(|r| &r.cells);
    // Equal to a cell (in 元, or as printed under the same unit): a restatement, no slip.
    let equal = cells().any(|(c, sc)| {
        cell_in(c, *sc, Decimal::ONE).is_some_and(|ci| ci.overlaps(&fb))
            || c.interval(Rounding::Round).overlaps(&fi) && f.scale == *sc
    });
    if equal {
        return;
    }
    let mut slips: Vec<(&Figure, Decimal)> = Vec::new();
    for (c, sc) in cells() {
        // In 元 (186.40元 for 186.40万元); as printed under another unit (1,680.00元 for
        // 1,680.00万元); or 元 divided by 1,000 and labelled 万元.
        let in_yuan = [4, 3, -3, -4]
            .iter()
            .any(|&k| cell_in(c, *sc, tens(k)).is_some_and(|ci| ci.overlaps(&fb)));
        let printed = f.scale != *sc
            && [0, 3, -3]
                .iter()
                .any(|&k| cell_in(c, Decimal::ONE, tens(k)).is_some_and(|ci| ci.overlaps(&fi)));
        if (in_yuan || printed)
            && !slips
                .iter()
                .any(|(x, _)| x.line == c.line && x.start == c.start)
        {
            slips.push((c, *sc));
        }
    }
    let [(c, sc)] = slips.as_slice() else {
        return;
    };
    let what = if f.label.is_empty() {
        mine.first()
            .and_then(|r| r.names.first())
            .cloned()
            .unwrap_or_default()
    } else {
        f.label.clone()
    };
    let yuan = c.value * *sc;
    let right = yuan / f.scale;
    let expected = format!(
        "{}{}",
        crate::interval::show(right, f.decimals.max(2)),
        f.unit
    );
    // The unit under which the printed digits are the table's amount.
    let meant = (-8..=8)
        .map(tens)
        .filter(|m: &Decimal| {
            let cb = c.interval(Rounding::Round).mul(Interval::point(*sc));
            let fm = fi.mul(Interval::point(*m));
            matches!((fm, cb), (Some(x), Some(y)) if x.overlaps(&y))
        })
        .find_map(unit_name);
    let table_unit = unit_name(*sc).unwrap_or("元");
    let (meant_zh, meant_en) = match meant {
        Some(u) => (format!("疑应为{u}"), format!("likely {u}")),
        None => ("疑为单位错误".to_owned(), "a unit slip".to_owned()),
    };
    o.findings.push(super::Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{}印为 {}{}，而表中同一项为 {}（{}），按表应为 {}：单位错误，{}",
            what, f.printed, f.unit, c.printed, table_unit, expected, meant_zh
        ),
        message_en: format!(
            "{} is printed as {}{} but the table prints {} {} for the same item ({}): {}",
            what, f.printed, f.unit, c.printed, table_unit, expected, meant_en
        ),
        expected: Some(expected.clone()),
        arithmetic: format!(
            "{} × {} = {} 元",
            c.printed,
            sc.normalize(),
            yuan.normalize()
        ),
        evidence: vec![
            a.evidence(f, what.clone()),
            a.evidence(c, format!("表中 · {table_unit}")),
        ],
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn slips(s: &str) -> Vec<String> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "unit-slip")
            .map(|f| f.evidence[0].value.clone())
            .collect()
    }

    #[test]
    fn a_unit_slip_against_the_table_row_it_names() {
        let doc = |sentence: &str| {
            format!(
                "某县园林局2031年度部门整体支出绩效自评报告\n表2 项目支出情况表\n单位：万元\n项目 年初预算数 调整后预算数 决算数 执行率\n苗木养护管理 300.00 320.00 310.25 96.95%\n绿道维修工程 200.00 230.00 225.40 98.00%\n合计 500.00 550.00 535.65 97.39%\n二、绩效分析\n{sentence}\n"
            )
        };
        let ok = doc("全年苗木养护管理项目支出310.25万元，完成全年任务。");
        assert!(slips(&ok).is_empty());
        // The same amount written in 元 is a correct restatement.
        assert!(slips(&doc("全年苗木养护管理项目支出3,102,500.00元。")).is_empty());
        assert_eq!(
            slips(&doc("全年苗木养护管理项目支出310.25元。")),
            ["310.25"]
        );
        // 元 divided by 1,000 and labelled 万元, against a table in 元.
        let yuan = |s: &str| {
            doc(s)
                .replace("单位：万元", "单位：元")
                .replace("310.25 96.95%", "3,102,500.00 96.95%")
        };
        assert!(slips(&yuan("全年苗木养护管理项目支出310.25万元。")).is_empty());
        assert_eq!(
            slips(&yuan("全年苗木养护管理项目支出3,102.50万元。")),
            ["3,102.50"]
        );
        // A sentence that names no row is not compared.
        assert!(slips(&doc("全年其他支出310.25元。")).is_empty());
    }

    #[test]
    fn a_row_named_by_a_part_no_other_row_holds() {
        let t = "表1 资金来源情况\n单位：万元\n资金来源 下达金额 实际支出\n中央财政补助资金 3,600.00 3,512.40\n省级财政补助资金 1,200.00 1,180.00\n县级财政补助资金 860.00 842.60\n合计 5,660.00 5,535.00\n";
        let ok = format!("{t}其中，县级财政安排842.60万元，用于配套。\n");
        assert!(slips(&ok).is_empty(), "{:?}", slips(&ok));
        let bad = format!("{t}其中，县级财政安排842.60元，用于配套。\n");
        assert_eq!(slips(&bad), ["842.60"]);
        // A part every row holds names none of them.
        let shared = format!("{t}其中，财政补助资金842.60元。\n");
        assert!(slips(&shared).is_empty(), "{:?}", slips(&shared));
    }

    /// A column-by-column table in 元 whose columns print other units too.
    const PLANTS: &str = "表3 各水厂补助核拨情况\n单位：元\n水厂\n北岸水厂\n南岸水厂\n合计\n处理水量\n（万吨）\n1,204.50\n1,310.20\n2,514.70\n核拨补助\n14,454,000.00\n13,102,000.00\n27,556,000.00\n";

    #[test]
    fn a_grid_row_with_units_in_its_column_names() {
        let ok = format!("{PLANTS}其中，南岸水厂处理水量最大，全年核拨补助1,310.20万元。\n");
        assert!(slips(&ok).is_empty(), "{:?}", slips(&ok));
        let bad = format!("{PLANTS}其中，南岸水厂处理水量最大，全年核拨补助1,310.20元。\n");
        assert_eq!(slips(&bad), ["1,310.20"]);
        // The 万吨 column is not money: its digits under 元 prove nothing.
        let water = format!("{PLANTS}其中，北岸水厂全年核拨补助1,204.50万元。\n");
        assert!(slips(&water).is_empty(), "{:?}", slips(&water));
    }

    #[test]
    fn a_paragraph_heading_names_the_row() {
        let table = "表1 分项执行情况\n单位：元\n序号 建设内容 实施单位 全年预算 实际支出 执行率\n1 道路照明改造 城区管理所 2,400,000.00 2,316,800.00 96.53%\n2 公园绿化提升 园林所 1,000,000.00 950,000.00 95.00%\n合计 3,400,000.00 3,266,800.00 96.08%\n";
        let ok = format!("{table}1．道路照明改造。更换灯具共计四百余盏，全年支出231.68万元。\n");
        assert!(slips(&ok).is_empty(), "{:?}", slips(&ok));
        let bad = format!("{table}1．道路照明改造。更换灯具共计四百余盏，全年支出2,316.80万元。\n");
        assert_eq!(slips(&bad), ["2,316.80"]);
        // A sentence wrapped over short lines keeps its paragraph's heading.
        let wrapped =
            format!("{table}1．道路照明改造。更换灯具\n共计四百余盏，全年支出\n2,316.80万元。\n");
        assert_eq!(slips(&wrapped), ["2,316.80"]);
        let wrapped_ok = wrapped.replace("2,316.80万元", "231.68万元");
        assert!(slips(&wrapped_ok).is_empty());
        // Another paragraph's heading names another row.
        let other = format!("{table}3．其他工作。全年支出2,316.80万元。\n");
        assert!(slips(&other).is_empty());
        // Digits of the table printed under another unit.
        let same = format!("{table}1．道路照明改造。全年支出2,316,800.00万元。\n");
        assert_eq!(slips(&same), ["2,316,800.00"]);
    }
}
