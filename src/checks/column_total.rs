//! column-total: a sentence's total count ("全省共聘用护林员 4,850 名") against the sum of the
//! table column that counts the same thing.

use rust_decimal::Decimal;

use super::unit_slip::{cjk, paragraph};
use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::{Approx, Figure};
use crate::tables::grid::{Cell, Grid};

pub static INFO: RuleInfo = RuleInfo {
    code: "column-total",
    name_zh: "文中总数与表格该列合计不符",
    name_en: "a total count in the text does not match the sum of its table column",
    severity: Severity::Error,
    doc: "## 作用 / What it does
句中带\"共、合计、累计\"等词的个数（\"全省共聘用护林员 4,850 名\"、\"共购置设备 13 台（套），清单见表2\"）与
表格中计数同一事物的列的合计比较：列名带计量单位（\"护林员（名）\"）且句中在该数之前点出列名，或该列各格
带计量单位（1台、2套）且句子引用该表（见表2）。列的合计为各数据行之和（合计行印出的数与之相符时一并引用）。
句子点出表中某一行的名称时，说的是该行，不比较。

A count after a word of the whole (共, 合计, 累计) is compared with the sum of the table column
that counts the same thing: a column named with its measure word (护林员（名）) that the
sentence names before the count, or a column whose cells carry the measure word (1台, 2套) of
a table the sentence refers to (见表2). A sentence naming one of the table's rows speaks of
that row and is left alone.

## Why is this bad
The text's total and the table's rows cannot both be right.

## Example
```
表2 … 设区市 分配资金（万元） 护林员（名） … 合计 8,270.00 4,580
全省共聘用生态护林员4,850名。     # 表2 各市之和 4,580
```
Turn it off with `[rules] column-total = false` in gouji.toml.",
};

/// A counting column: its name without the bracketed measure word (when its name prints
/// one), the measure words, and its data cells with the total row's cell.
struct Column<'a> {
    stem: Option<String>,
    units: Vec<String>,
    parts: Vec<&'a Figure>,
    total: Option<&'a Figure>,
}

fn is_total_key(a: &Analysis, key: &str) -> bool {
    a.rules
        .grid
        .total_rows
        .iter()
        .any(|w| key.starts_with(w.as_str()) || key.ends_with(w.as_str()))
}

fn columns<'a>(a: &'a Analysis, g: &'a Grid) -> Vec<Column<'a>> {
    let classifier = |u: &str| a.rules.units.classifiers.iter().any(|c| c == u);
    let split = g.columns.windows(2).any(|w| w[0].name != w[1].name);
    let data: Vec<_> = g.rows.iter().filter(|r| !is_total_key(a, &r.key)).collect();
    let total = g.rows.iter().find(|r| is_total_key(a, &r.key));
    let mut out = Vec::new();
    for (c, col) in g.columns.iter().enumerate() {
        if col.percent {
            continue;
        }
        let parts: Option<Vec<&Figure>> = data.iter().map(|r| r.cells.get(c)?.figure()).collect();
        let Some(parts) = parts else { continue };
        if parts.len() < 2
            || parts
                .iter()
                .any(|f| f.decimals > 0 || f.percent || f.value.is_sign_negative())
        {
            continue;
        }
        let named = split
            .then(|| {
                let open = col.name.rfind(['（', '('])?;
                let unit = col.name[open..]
                    .trim_start_matches(['（', '('])
                    .trim_end_matches(['）', ')']);
                let stem = cjk(&col.name[..open]);
                (col.name.ends_with(['）', ')']) && classifier(unit) && stem.chars().count() >= 2)
                    .then(|| (stem, unit.to_owned()))
            })
            .flatten();
        let (stem, units) = match named {
            Some((s, u)) if parts.iter().all(|f| f.unit.is_empty() || f.unit == u) => {
                (Some(s), vec![u])
            }
            Some(_) => continue,
            None => {
                if !parts.iter().all(|f| classifier(&f.unit)) {
                    continue;
                }
                let mut u: Vec<String> = parts.iter().map(|f| f.unit.clone()).collect();
                u.sort();
                u.dedup();
                (None, u)
            }
        };
        let total = total
            .and_then(|r| r.cells.get(c))
            .and_then(Cell::figure)
            .filter(|f| f.unit.is_empty() || units.contains(&f.unit));
        out.push(Column {
            stem,
            units,
            parts,
            total,
        });
    }
    out
}

/// "表2 …" → "表2".
fn table_ref(title: &str) -> Option<String> {
    let rest = title.strip_prefix('表')?;
    let mut n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    // "表22025年…": the title's number and a year, the space between them dropped.
    if (5..=6).contains(&n.len()) && rest[n.len()..].starts_with('年') {
        n.truncate(n.len() - 4);
    }
    (!n.is_empty() && n.len() <= 2).then(|| format!("表{n}"))
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let skip = super::execution_rate::table_lines(a);
    let grid_lines: std::collections::HashSet<usize> = a
        .grids
        .iter()
        .flat_map(|g| {
            g.rows
                .iter()
                .flat_map(|r| r.cells.iter().filter_map(|c| c.figure().map(|f| f.line)))
        })
        .collect();
    let whole = &a.rules.counts.whole;
    let not_whole = &a.rules.counts.not_whole;
    for g in &a.grids {
        let cols = columns(a, g);
        if cols.is_empty() {
            continue;
        }
        let reference = table_ref(&g.title);
        let row_keys: Vec<String> = g
            .rows
            .iter()
            .filter(|r| !is_total_key(a, &r.key))
            .map(|r| cjk(&r.key))
            .filter(|k| k.chars().count() >= 2)
            .collect();
        for (li, figs) in a.figures.iter().enumerate() {
            if skip.contains(&li) || grid_lines.contains(&li) {
                continue;
            }
            let s = a.text.lines[li].text.as_str();
            for f in figs {
                if f.percent || f.approx != Approx::Exact || f.chinese || f.decimals > 0 {
                    continue;
                }
                let start = crate::facts::sentence_start(s, f.start);
                let end = s[f.end..].find('。').map_or(s.len(), |i| f.end + i);
                let mut before = cjk(&s[start..f.start]);
                if start == 0 {
                    before.insert_str(0, &paragraph(a, &skip, li).1);
                }
                let mut plain = before.clone();
                for w in not_whole {
                    plain = plain.replace(w.as_str(), "");
                }
                if !whole.iter().any(|w| plain.contains(w.as_str())) {
                    continue;
                }
                if row_keys.iter().any(|k| before.contains(k.as_str())) {
                    continue;
                }
                let refers = reference.as_ref().is_some_and(|r| {
                    let sentence: String = s[start..end]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    sentence.match_indices(r.as_str()).any(|(i, m)| {
                        !sentence[i + m.len()..].starts_with(|c: char| c.is_ascii_digit())
                    })
                });
                for col in &cols {
                    let unit_ok = col.units.contains(&f.unit);
                    let named = col
                        .stem
                        .as_ref()
                        .is_some_and(|st| before.contains(st.as_str()));
                    if !unit_ok || !(named || col.stem.is_none() && refers) {
                        continue;
                    }
                    let sum: Decimal = col.parts.iter().map(|p| p.value).sum();
                    if sum == f.value {
                        continue;
                    }
                    finding(a, o, g, col, f, sum);
                }
            }
        }
    }
}

fn finding(a: &Analysis, o: &mut Outcome, g: &Grid, col: &Column, f: &Figure, sum: Decimal) {
    let parts: Vec<&str> = col.parts.iter().map(|p| p.printed.as_str()).collect();
    let arithmetic = format!("{} = {}", parts.join(" + "), sum);
    let what = col.stem.clone().unwrap_or_else(|| g.title.clone());
    let mut evidence = vec![a.evidence(f, f.label.clone())];
    // The total row's cell, or the printed total of the column's unit on the total row's line.
    let printed_total = col.total.filter(|t| t.value == sum).or_else(|| {
        let line = g
            .rows
            .iter()
            .find(|r| is_total_key(a, &r.key))
            .and_then(|r| r.cells.iter().find_map(Cell::figure))
            .map(|c| c.line)?;
        a.figures
            .get(line)?
            .iter()
            .find(|x| x.value == sum && col.units.contains(&x.unit))
    });
    match printed_total {
        Some(t) => evidence.push(a.evidence(t, format!("{what} 合计"))),
        None => {
            let p = col.parts[0];
            evidence.push(a.evidence_at(
                p.line,
                p.start,
                sum.to_string(),
                format!("{what} 各行之和"),
            ));
        }
    }
    for p in &col.parts {
        evidence.push(a.evidence(p, what.clone()));
    }
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "正文称共 {}{}，而表中“{}”各行之和为 {}{}（{}）",
            f.printed, f.unit, what, sum, f.unit, arithmetic
        ),
        message_en: format!(
            "the text gives a total of {}{} but the rows of the table's column {} add up to {}",
            f.printed, f.unit, what, sum
        ),
        expected: Some(format!("{sum}{}", f.unit)),
        arithmetic,
        evidence,
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn totals(s: &str) -> Vec<Vec<String>> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "column-total")
            .map(|f| f.evidence.iter().take(2).map(|e| e.value.clone()).collect())
            .collect()
    }

    const WARDENS: &str = "表3 各乡镇巡河员配备情况\n序号 乡镇 补助资金（万元） 巡河员（名） 巡查点（个）\n1 东湖镇 120.50 46 12\n2 西岭乡 98.20 38 9\n3 南渡镇 75.00 29 7\n合计 293.70 113 28\n";

    #[test]
    fn a_total_against_the_column_it_names() {
        let ok = format!("{WARDENS}全县共聘用巡河员113名，覆盖全部河段。\n");
        assert!(totals(&ok).is_empty(), "{:?}", totals(&ok));
        let bad = format!("{WARDENS}全县共聘用巡河员131名，覆盖全部河段。\n");
        assert_eq!(totals(&bad), [["131", "113"]]);
        // One row's count is that row's, and a count without a word of the whole is no total.
        assert!(totals(&format!("{WARDENS}其中东湖镇共聘用巡河员131名。\n")).is_empty());
        assert!(totals(&format!("{WARDENS}新聘用巡河员131名。\n")).is_empty());
    }

    const DEVICES: &str = "表2 设备购置明细\n单位：元\n序号 设备名称 数量 单价 金额\n1 洗地机 2台 35,000.00 70,000.00\n2 清扫车 1辆 420,000.00 420,000.00\n3 垃圾箱 3台 2,000.00 6,000.00\n合计 496,000.00\n";

    #[test]
    fn a_total_of_cells_with_measure_words_in_the_table_it_refers_to() {
        let ok = format!("{DEVICES}共购置环卫设备6台，清单见表2。\n");
        let f = totals(&ok);
        assert!(f.is_empty(), "{f:?}");
        let bad = format!("{DEVICES}共购置环卫设备7台，清单见表2。\n");
        assert_eq!(totals(&bad), [["7", "6"]]);
        // Without the reference, the column is not named.
        assert!(totals(&format!("{DEVICES}共购置环卫设备7台。\n")).is_empty());
    }
}
