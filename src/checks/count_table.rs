//! count-vs-table: "共实施 7 个项目（详见表 2）" against the rows of the table it refers to.

use std::sync::LazyLock;

use regex::Regex;

use super::execution_rate::{compact, table_lines};
use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::{Approx, Figure};

pub static INFO: RuleInfo = RuleInfo {
    code: "count-vs-table",
    name_zh: "文中个数与所指表格行数不符",
    name_en: "count does not match the rows of the table it refers to",
    severity: Severity::Warning,
    doc: "## 作用
句中的个数（\"共实施 7 个项目（详见表 2）\"、\"重点项目 10 个……（明细见表 3）\"、\"单位共 8 个……，
具体如下：\"）与它所指表格的行数比较：表格有序号列时取连续序号的最大值，否则取该表的数据行数
（不计合计、小计、总计、其中行）。只看\"个、项\"等列举量词（rules/counts.toml 的 listed），
约数不核对；找不到表、表中行数不明时不核对。

## What it does
Compares a count that refers to a table (\"详见表 2\", \"明细见表 3\", \"具体如下：\" before the table)
with the rows of that table: the last serial number of a serial column, or the data rows
(totals and 其中 rows not counted).

## Why is this bad
A sentence announcing seven projects over a table of six has lost or added one.

## Example
```
全年共实施 5 个项目（详见表 2）。   # 表 2 lists four projects
```
Turn it off with `[rules] count-vs-table = false` in gouji.toml.",
};

static REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"见\s*表\s*(\d{1,2})(?:[^\d.]|$)").unwrap());
static SERIAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,3})(?:\s|$)").unwrap());

/// "表2 2023年度项目支出情况表" → 2 (the number ends at a space or a non-digit; "表22023…"
/// with the space lost is not read).
fn title_of(line: &str) -> Option<u32> {
    let rest = line.trim_start().strip_prefix('表')?.trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let after = &rest[digits.len()..];
    if after.starts_with(['.', '．', '-', '、']) || after.trim().is_empty() {
        return None;
    }
    digits.parse().ok()
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let skip = table_lines(a);
    let listed = &a.rules.counts.listed;
    let titles: Vec<(usize, u32)> = a
        .text
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| title_of(&l.text).map(|n| (i, n)))
        .collect();
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        // A paragraph is a few thousand bytes; a huge line (hostile input) is not read.
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        for sent in sentences(s) {
            let text = &s[sent.0..sent.1];
            let (start, refpos, number) = if let Some(c) = REF.captures(text) {
                let n: u32 = c[1].parse().unwrap_or(0);
                let m = c.get(0).map_or(0, |m| m.start());
                // The table's title: the first after the sentence, else the last before it.
                let t = titles
                    .iter()
                    .find(|(i, k)| *i > li && *k == n)
                    .or_else(|| titles.iter().rev().find(|(i, k)| *i < li && *k == n));
                let Some(&(ti, _)) = t else { continue };
                (ti, sent.0 + m, Some(n))
            } else {
                let t = compact(text);
                if !(t.ends_with("如下：") || t.ends_with("如下:")) || sent.1 != s.len() {
                    continue;
                }
                (li, sent.1, None)
            };
            let counts: Vec<&Figure> = figs
                .iter()
                .filter(|f| {
                    f.start >= sent.0
                        && f.start < refpos
                        && f.approx == Approx::Exact
                        && !f.percent
                        && f.decimals == 0
                        && f.classifier(a.rules)
                            .is_some_and(|c| listed.iter().any(|l| l == c))
                })
                .collect();
            // Several counts: the one said to be the whole ("共 N 个"), else none.
            let f = match counts.as_slice() {
                [f] => *f,
                [] => continue,
                many => {
                    let whole: Vec<&&Figure> = many
                        .iter()
                        .filter(|f| s[..f.start].trim_end().ends_with('共'))
                        .collect();
                    match whole.as_slice() {
                        [f] => **f,
                        _ => continue,
                    }
                }
            };
            // The table ends at the next title of another table ("续表" repeats its own).
            let end = titles
                .iter()
                .find(|(i, k)| *i > start && number != Some(*k))
                .map_or(a.text.lines.len(), |(i, _)| *i);
            let Some(rows) = rows_of(a, start, end) else {
                continue;
            };
            let n = f.value.to_string().parse::<u32>().unwrap_or(0);
            if n == rows.0 {
                o.verified(f);
                continue;
            }
            finding(a, o, f, rows);
        }
    }
}

/// The rows of the table after line `start` (its title, or the sentence before it), up to
/// `end`: the last serial number when the rows are numbered 1, 2, 3 …, else the data rows of
/// the first table found there. With the line of its last row.
fn rows_of(a: &Analysis, start: usize, end: usize) -> Option<(u32, usize)> {
    let lines = &a.text.lines;
    let stop = end.min(start + 80).min(lines.len());
    let mut k = 0u32;
    let mut last = start;
    for (i, l) in lines.iter().enumerate().take(stop).skip(start + 1) {
        let t = l.text.trim();
        if let Some(c) = SERIAL.captures(t) {
            let v: u32 = c[1].parse().unwrap_or(0);
            if v == k + 1 {
                k = v;
                last = i;
                continue;
            }
            if k > 0 {
                break;
            }
        }
        if k > 0 && (crate::normalize::is_heading(t) || is_total(a, t)) {
            break;
        }
        if k == 0 && i > start + 12 {
            break;
        }
    }
    if k >= 2 {
        return Some((k, last));
    }
    // No serial column: the data rows of the first table after the start.
    let t = a.tables.iter().find(|t| {
        t.rows
            .first()
            .is_some_and(|r| r.line > start && r.line < end)
    })?;
    let rows: Vec<_> = t
        .rows
        .iter()
        .filter(|r| r.line > start && r.line < end && !is_total(a, &r.label))
        .collect();
    // A table split in pieces (several tables between the title and the next one) is not counted.
    let pieces = a
        .tables
        .iter()
        .filter(|t| t.rows.iter().any(|r| r.line > start && r.line < end))
        .count();
    if pieces != 1 || rows.len() < 2 {
        return None;
    }
    Some((rows.len() as u32, rows.last()?.line))
}

fn is_total(a: &Analysis, label: &str) -> bool {
    let l = compact(label);
    let l = l.trim_start_matches(|c: char| c.is_ascii_digit());
    a.rules
        .scope
        .total_rows
        .iter()
        .chain(&a.rules.score.total)
        .chain(&a.rules.counts.of_which)
        .any(|t| l.starts_with(t.as_str()))
        || l.contains("小计")
}

fn finding(a: &Analysis, o: &mut Outcome, f: &Figure, rows: (u32, usize)) {
    let row_line = &a.text.lines[rows.1];
    let loc = row_line.first_loc();
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "文中写作 {}{}，所指表格却列有 {} 行",
            f.printed, f.unit, rows.0
        ),
        message_en: format!(
            "the text says {}{} but the table it refers to has {} rows",
            f.printed, f.unit, rows.0
        ),
        expected: Some(format!("{}{}", rows.0, f.unit)),
        arithmetic: format!("{} ≠ {}", rows.0, f.value),
        evidence: vec![
            a.evidence(f, f.label.clone()),
            super::Evidence {
                value: format!("{}", rows.0),
                page: loc.page,
                line: loc.line,
                excerpt: a.text.excerpt(loc).to_owned(),
                label: "表格末行".into(),
                path: None,
                ..Default::default()
            },
        ],
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "count-vs-table")
            .collect()
    }

    const DOC: &str = "全年共实施重点项目 3 个，预算 60.00 万元（明细见表 4）。
表4 重点项目支出情况
序号 项目名称 预算数 支出数
1 乡村道路维护 20.00 19.50
2 农田水利修缮 25.00 24.10
3 村级活动场所改造 15.00 14.20
合计 60.00 57.80
二、其他情况
";

    #[test]
    fn serial_rows() {
        assert!(run(DOC).is_empty());
        let bad = run(&DOC.replace("重点项目 3 个", "重点项目 4 个"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("3个"));
    }

    #[test]
    fn a_table_continued_after_a_page_break() {
        let doc = DOC.replace(
            "2 农田水利修缮 25.00 24.10\n",
            "2 农田水利修缮 25.00 24.10\n- 3 -\n续表\n表4 重点项目支出情况\n序号 项目名称 预算数 支出数\n",
        );
        assert!(run(&doc).is_empty(), "{:?}", run(&doc));
        assert_eq!(run(&doc.replace("重点项目 3 个", "重点项目 2 个")).len(), 1);
    }

    #[test]
    fn a_list_announced_before_its_table() {
        let doc = "纳入本年度决算编制范围的单位共 3 个，包括本级和两个下属单位，具体如下：
序号 单位名称 单位性质
1 某县农业农村局（本级） 行政单位
2 某县农业技术推广站 事业单位
3 某县动物疫病预防控制中心 事业单位
二、收支情况
";
        assert!(run(doc).is_empty());
        assert_eq!(run(&doc.replace("共 3 个", "共 4 个")).len(), 1);
    }
}
