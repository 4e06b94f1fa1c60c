//! code-match: the classification codes (类/款/项) of a budget's 收入 and 支出 summary tables and
//! its function tables agree, with the same amounts; a malformed code (a 1-digit 类) is reported.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;

pub static INFO: RuleInfo = RuleInfo {
    code: "code-match",
    name_zh: "各表科目编码不一致",
    name_en: "classification codes differ between tables",
    severity: Severity::Error,
    doc: "## 作用
部门预算的收入预算总表和支出预算总表都按功能分类科目（类/款/项）列出金额，两表的科目和每个科目的合计数应当一致；
各资金的支出功能分类预算表（一般公共预算、政府性基金 …）中的科目都应出现在支出预算总表中。本规则：
- 科目只出现在收入、支出两表之一时报告（警告），同名同款项而类编码不同时报告两处（金额也不同时为错误）；
- 同一科目在两表中的合计数不同时报告（错误）；
- 功能分类表中的科目不在支出预算总表中时报告（警告）；
- 编码格式有误（类编码不是 3 位，如把 210 印成 7）时报告（警告），并给出另一张表中同名科目的位置。
表的归属按其上方最近的表标题，标题用语在 `rules/presubmit.toml`（`income_titles`、`expense_titles`、`function_titles`）。
决算的收入与支出之差是结转结余，不要求逐科目相等，所以只比较预算表。

## 为什么是问题
同一科目在两张表中编码或金额不同，至少有一张表印错了；读者按编码汇总时会得到不同的结果。

## What it does
In a budget, the 收入预算总表 and the 支出预算总表 both list amounts by function code (类/款/项): the
codes and each code's total must agree; every code of a fund's function table must be in the
支出 table. A code on one side only is a warning (the same name with the same 款/项 under another
类 is reported with both places, an error when the amounts differ too); a total that differs is an
error; a malformed code (a 类 that is not 3 digits) is a warning, with the row of the same name in
another table. A row belongs to the table title nearest above it.

## Why is this bad
One code printed two ways, or one total printed as two amounts, means one of the tables is wrong.

## Example
```
2025年部门收入预算总表
210 11 01 行政单位医疗 45,000.00 45,000.00
2025年部门支出预算总表
7 11 01 行政单位医疗 45,000.00 45,000.00        # 类 210 印成了 7
```
Turn it off with `[rules] code-match = false` in gouji.toml.",
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Income,
    Expense,
    Function,
}

struct Entry<'a> {
    kind: Kind,
    code: String,
    /// 款 and 项 codes with the name: pairs a row whose 类 differs.
    tail: String,
    name: String,
    line: usize,
    amount: Option<&'a Figure>,
    unit: String,
}

static CODE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(2\d{2}(?:\s\d{2}){0,2}|2\d{4}|2\d{6})\s*\p{Han}").unwrap());

/// "201 06 01" or "2010601" as "201 06 01".
fn spaced(code: &str) -> String {
    let c: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = vec![c[..3.min(c.len())].to_owned()];
    let mut i = 3;
    while i + 2 <= c.len() {
        parts.push(c[i..i + 2].to_owned());
        i += 2;
    }
    parts.join(" ")
}

static MALFORMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,2}|\d{4})\s+(\d{2})(?:\s+(\d{2}))?\s+(\p{Han}[^\s\d]*)").unwrap()
});

fn kind(a: &Analysis, title: &str) -> Option<Kind> {
    let p = &a.rules.presubmit;
    let has = |w: &[String]| {
        w.iter()
            .any(|x| !x.is_empty() && title.contains(x.as_str()))
    };
    if has(&p.function_titles) {
        Some(Kind::Function)
    } else if has(&p.income_titles) {
        Some(Kind::Income)
    } else if has(&p.expense_titles) {
        Some(Kind::Expense)
    } else {
        None
    }
}

fn ev(a: &Analysis, li: usize, value: &str, label: &str) -> Evidence {
    // At the line's first printed character.
    let text = &a.text.lines[li].text;
    a.evidence_at(li, text.len() - text.trim_start().len(), value, label)
}

fn opposite(k: Kind) -> Kind {
    match k {
        Kind::Income => Kind::Expense,
        _ => Kind::Income,
    }
}

fn kind_zh(k: Kind) -> &'static str {
    match k {
        Kind::Income => "收入表",
        Kind::Expense => "支出表",
        Kind::Function => "功能分类表",
    }
}

fn kind_en(k: Kind) -> &'static str {
    match k {
        Kind::Income => "the 收入 table",
        Kind::Expense => "the 支出 table",
        Kind::Function => "a function table",
    }
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let titles = super::table_note::titles(a);
    let title_of = |line: usize| -> Option<(usize, Kind)> {
        let t = *titles.iter().rev().find(|&&t| t < line)?;
        let text: String = a.text.lines[t]
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some((t, kind(a, &text)?))
    };
    let mut entries: Vec<Entry> = Vec::new();
    for t in &a.tables {
        for r in &t.rows {
            if r.code.is_empty()
                || r.code[0].len() != 3
                || !r.code[0].starts_with('2')
                || r.key.chars().any(|c| c.is_ascii_digit())
            {
                // (A label with digits is a row the extraction glued to the next one.)
                continue;
            }
            let Some((_, k)) = title_of(r.line) else {
                continue;
            };
            entries.push(Entry {
                kind: k,
                code: r.code.join(" "),
                tail: format!("{}|{}", r.code[1..].join(" "), r.key),
                name: r.key.clone(),
                line: r.line,
                amount: r.cells.first(),
                unit: t.unit.clone(),
            });
        }
    }
    // Every code printed at the start of a line under a title, rows the tables could not read included.
    let mut printed: std::collections::HashMap<(u8, String), usize> = Default::default();
    for (li, l) in a.text.lines.iter().enumerate() {
        if let Some(c) = CODE_LINE.captures(&l.text) {
            if let Some((_, k)) = title_of(li) {
                printed.entry((k as u8, spaced(&c[1]))).or_insert(li);
            }
        }
    }
    let (mut by_income, mut by_expense) = (BTreeMap::new(), BTreeMap::new());
    let mut ambiguous = std::collections::HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let map: &mut BTreeMap<&str, usize> = match e.kind {
            Kind::Income => &mut by_income,
            Kind::Expense => &mut by_expense,
            Kind::Function => continue,
        };
        if let Some(&j) = map.get(e.code.as_str()) {
            let same = match (entries[j].amount, e.amount) {
                (Some(x), Some(y)) => x.value == y.value,
                (None, None) => true,
                _ => false,
            };
            if !same {
                ambiguous.insert((e.kind as u8, e.code.clone()));
            }
            continue;
        }
        map.insert(e.code.as_str(), i);
    }
    let both = !by_income.is_empty() && !by_expense.is_empty();
    // Rows paired with a malformed code are reported there.
    let twins = malformed(a, o, &entries, &title_of);
    let mut paired: std::collections::HashSet<usize> = (0..entries.len())
        .filter(|&i| twins.contains(&entries[i].tail))
        .collect();
    if both {
        for (side, other) in [(&by_income, &by_expense), (&by_expense, &by_income)] {
            for (code, &i) in side.iter() {
                let e = &entries[i];
                if ambiguous.contains(&(e.kind as u8, e.code.clone())) || paired.contains(&i) {
                    continue;
                }
                match other.get(code) {
                    Some(&j) => {
                        if e.kind == Kind::Income {
                            compare_amounts(a, o, e, &entries[j]);
                        }
                    }
                    None if printed.contains_key(&(opposite(e.kind) as u8, e.code.clone())) => {}
                    None => {
                        // The same 款/项 and name under another 类?
                        let twin = other.values().copied().find(|&j| {
                            entries[j].tail == e.tail
                                && !side.contains_key(entries[j].code.as_str())
                        });
                        match twin {
                            Some(j) => {
                                paired.insert(j);
                                let f = &entries[j];
                                let differ = match (e.amount, f.amount) {
                                    (Some(x), Some(y)) => !x.operand().overlaps(&y.operand()),
                                    _ => false,
                                };
                                o.findings.push(Finding {
                                    rule: INFO.code,
                                    severity: if differ {
                                        Severity::Error
                                    } else {
                                        Severity::Warning
                                    },
                                    message: format!(
                                        "「{}」在{}中编码为 {}，在{}中为 {}",
                                        e.name,
                                        kind_zh(e.kind),
                                        e.code,
                                        kind_zh(f.kind),
                                        f.code
                                    ),
                                    message_en: format!(
                                        "{} is coded {} in {} but {} in {}",
                                        e.name,
                                        e.code,
                                        kind_en(e.kind),
                                        f.code,
                                        kind_en(f.kind)
                                    ),
                                    expected: None,
                                    arithmetic: String::new(),
                                    evidence: vec![
                                        ev(
                                            a,
                                            e.line,
                                            &e.code,
                                            &format!("{} · {}", kind_zh(e.kind), e.name),
                                        ),
                                        ev(
                                            a,
                                            f.line,
                                            &f.code,
                                            &format!("{} · {}", kind_zh(f.kind), f.name),
                                        ),
                                    ],
                                });
                            }
                            None => one_side(a, o, e, other, &entries, &titles),
                        }
                    }
                }
            }
        }
    }
    // Function tables: their codes are among the 支出 table's.
    if !by_expense.is_empty() {
        let mut seen = std::collections::HashSet::new();
        for e in entries
            .iter()
            .filter(|e| e.kind == Kind::Function && !twins.contains(&e.tail))
        {
            if by_expense.contains_key(e.code.as_str())
                || printed.contains_key(&(Kind::Expense as u8, e.code.clone()))
                || !seen.insert(e.code.clone())
            {
                continue;
            }
            one_side(a, o, e, &by_expense, &entries, &titles);
        }
    }
}

fn compare_amounts(a: &Analysis, o: &mut Outcome, e: &Entry, f: &Entry) {
    let (Some(x), Some(y)) = (e.amount, f.amount) else {
        return;
    };
    if e.unit != f.unit && !e.unit.is_empty() && !f.unit.is_empty() {
        return;
    }
    if x.operand().overlaps(&y.operand()) {
        return;
    }
    o.findings.push(Finding {
        rule: INFO.code,
        severity: Severity::Error,
        message: format!(
            "科目 {} {} 在收入表中合计 {}，在支出表中合计 {}",
            e.code, e.name, x.printed, y.printed
        ),
        message_en: format!(
            "code {} {} totals {} in the 收入 table but {} in the 支出 table",
            e.code, e.name, x.printed, y.printed
        ),
        expected: Some(y.printed.clone()),
        arithmetic: format!("{} ≠ {}", x.printed, y.printed),
        evidence: vec![
            a.evidence(x, format!("收入表 · {} {}", e.code, e.name)),
            a.evidence(y, format!("支出表 · {} {}", f.code, f.name)),
        ],
    });
}

/// A code printed in one table and missing from the other: its row and the other table's title.
fn one_side(
    a: &Analysis,
    o: &mut Outcome,
    e: &Entry,
    other: &BTreeMap<&str, usize>,
    entries: &[Entry],
    titles: &[usize],
) {
    let Some(&j) = other.values().next() else {
        return;
    };
    let other_kind = entries[j].kind;
    let other_title = titles
        .iter()
        .rev()
        .find(|&&t| t < entries[j].line)
        .copied()
        .unwrap_or(entries[j].line);
    let title_text = a.text.lines[other_title].text.trim().to_owned();
    o.findings.push(Finding {
        rule: INFO.code,
        severity: Severity::Warning,
        message: format!(
            "科目 {} {} 见于{}，{}「{}」中没有",
            e.code,
            e.name,
            kind_zh(e.kind),
            kind_zh(other_kind),
            title_text
        ),
        message_en: format!(
            "code {} {} is in {} but not in {} \"{}\"",
            e.code,
            e.name,
            kind_en(e.kind),
            kind_en(other_kind),
            title_text
        ),
        expected: None,
        arithmetic: String::new(),
        evidence: vec![
            ev(
                a,
                e.line,
                &e.code,
                &format!("{} · {}", kind_zh(e.kind), e.name),
            ),
            ev(a, other_title, &title_text, kind_zh(other_kind)),
        ],
    });
}

/// Rows of code tables whose 类 is not 3 digits ("7 11 02 事业单位医疗").
fn malformed(
    a: &Analysis,
    o: &mut Outcome,
    entries: &[Entry],
    title_of: &dyn Fn(usize) -> Option<(usize, Kind)>,
) -> Vec<String> {
    let mut twins = Vec::new();
    for (li, l) in a.text.lines.iter().enumerate() {
        let Some(c) = MALFORMED.captures(&l.text) else {
            continue;
        };
        // A row: amounts follow.
        if !a.figures[li]
            .iter()
            .any(|f| f.decimals > 0 && f.start > c.get(0).unwrap().end())
        {
            continue;
        }
        let Some((_, k)) = title_of(li) else {
            continue;
        };
        let name = crate::tables::row_key(&c[4]);
        let tail = match c.get(3) {
            Some(x) => format!("{} {}", &c[2], x.as_str()),
            None => c[2].to_owned(),
        };
        let code = match c.get(3) {
            Some(x) => format!("{} {} {}", &c[1], &c[2], x.as_str()),
            None => format!("{} {}", &c[1], &c[2]),
        };
        let mut evidence = vec![ev(a, li, &c[1], &format!("{} · {}", kind_zh(k), name))];
        let twin = entries.iter().find(|e| e.tail == format!("{tail}|{name}"));
        if let Some(t) = twin {
            twins.push(t.tail.clone());
            evidence.push(ev(
                a,
                t.line,
                &t.code,
                &format!("{} · {}", kind_zh(t.kind), t.name),
            ));
        }
        o.findings.push(Finding {
            rule: INFO.code,
            severity: Severity::Warning,
            message: match twin {
                Some(t) => format!(
                    "科目编码 {code}（{name}）的类编码不是 3 位；{}中同一科目为 {}",
                    kind_zh(t.kind),
                    t.code
                ),
                None => format!("科目编码 {code}（{name}）的类编码不是 3 位"),
            },
            message_en: match twin {
                Some(t) => format!(
                    "code {code} ({name}) has a 类 that is not 3 digits; {} codes it {}",
                    kind_en(t.kind),
                    t.code
                ),
                None => format!("code {code} ({name}) has a 类 that is not 3 digits"),
            },
            expected: twin.map(|t| t.code.clone()),
            arithmetic: String::new(),
            evidence,
        });
    }
    twins
}

#[cfg(test)]
mod tests {
    use crate::checks::{Finding, Severity};

    fn run(text: &str) -> Vec<Finding> {
        crate::check(
            &crate::RawDocument::from_text(text),
            &crate::Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "code-match")
        .collect()
    }

    fn budget(income_health: &str, expense_health: &str) -> String {
        format!(
            "2025年部门收入预算总表\n\
             单位：元\n\
             功能分类科目编码 功能分类科目名称 合计 财政拨款收入\n\
             201 一般公共服务支出 900.00 900.00\n\
             201 32 01 行政运行 900.00 900.00\n\
             {income_health}\n\
             合计 1,350.00 1,350.00\n\
             \u{c}2025年部门支出预算总表\n\
             单位：元\n\
             功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n\
             201 一般公共服务支出 900.00 900.00\n\
             201 32 01 行政运行 900.00 900.00\n\
             {expense_health}\n\
             合计 1,350.00 1,350.00\n"
        )
    }

    #[test]
    fn consistent_tables_are_quiet() {
        let row = "210 11 01 行政单位医疗 450.00 450.00";
        assert!(run(&budget(row, row)).is_empty());
    }

    #[test]
    fn a_one_digit_class_code() {
        let f = run(&budget(
            "210 11 01 行政单位医疗 450.00 450.00",
            "7 11 01 行政单位医疗 450.00 450.00",
        ));
        assert!(!f.is_empty(), "{f:#?}");
        assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:#?}");
        let m = f.iter().find(|f| f.message.contains("不是 3 位")).unwrap();
        assert_eq!(m.evidence.len(), 2, "{m:#?}");
        assert_eq!(m.evidence[1].value, "210 11 01");
    }

    #[test]
    fn another_class_and_another_amount() {
        let f = run(&budget(
            "210 11 01 行政单位医疗 450.00 450.00",
            "212 11 01 行政单位医疗 460.00 460.00",
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].evidence.len(), 2);
    }

    #[test]
    fn the_same_code_with_another_total() {
        let f = run(&budget(
            "210 11 01 行政单位医疗 450.00 450.00",
            "210 11 01 行政单位医疗 460.00 460.00",
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].arithmetic, "450.00 ≠ 460.00");
    }
}
