//! doc-consistency: the year and the department of the cover against the body, and a total
//! printed as 0 whose parts are not.

use std::sync::LazyLock;

use regex::Regex;

use super::execution_rate::{compact, table_lines};
use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::{Approx, Figure};

pub static INFO: RuleInfo = RuleInfo {
    code: "doc-consistency",
    name_zh: "封面与正文不一致",
    name_en: "cover and body disagree",
    severity: Severity::Warning,
    doc: "## What it does
Reads the cover of a 部门决算 / 部门预算 (\"某某区财政局 2024年度部门决算\",
\"某某区2026年区级部门预算 — 预算主管部门：…\") and checks the body against it:
- headers naming the document (\"<department> 2024年度部门决算表\") must give the cover's year
  and the cover's department (a shorter form of the name is accepted);
- a 决算 of year N speaks of its own year: \"截至 N年12月31日\", \"<department> N年度…\";
- a comparison with another year (\"比2025年预算增加\", \"与2023年度相比\") must not compare the
  document's year with itself (a 决算 may compare with its own year's budget);
- a total printed as 0 whose parts (\"其中：…\") are not 0.
A body's usual short name is the same body: the words it drops (人民, 中共) and the place's own
name before a level of government (某省 → 省) are data in rules/words.toml (`short_name_drop`,
`place_levels`); another level (某市 for 某市某区) is another body.
机构惯用简称（省检察院 = 某省人民检察院）视为同一机构。

## Why is this bad
A header with another department's name or a comparison with the document's own year is
usually left over from the template of another report; the figures beside it may be too.

## Example
```
东岭区2026年区级部门预算
…财政拨款收入5120.00万元，比2026年预算增加310.00万元        # the 2026 budget compared with itself
东岭市市场监督管理局 2024 年度部门决算表                     # cover: 东岭区市场监督管理局
```
Turn it off with `[rules] doc-consistency = false` in gouji.toml.",
};

static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年(度)?").unwrap());
static HEADING_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").unwrap());
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^，。：；、,;:（）()“”]{0,40}?)(\d{4})年(度)?").unwrap());
static AS_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})年(\d{1,2})月(\d{1,2})日").unwrap());
static REF_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})年(度)?").unwrap());

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Final,
    Budget,
}

/// The year, kind and department of the cover.
struct Cover {
    year: u32,
    kind: Kind,
    name: Option<String>,
    /// Logical lines of the cover (not checked as body).
    lines: usize,
}

/// The kind a text names right after a year ("年度部门决算", "年区级部门预算").
fn kind_after(a: &Analysis, rest: &str) -> Option<Kind> {
    let w = &a.rules.sentence;
    let head: String = rest.chars().take(8).collect();
    let at = |words: &[String]| {
        words
            .iter()
            .filter_map(|x| head.find(x.as_str()))
            .min()
            .filter(|&p| head[..p].chars().count() <= 2)
    };
    match (at(&w.final_accounts), at(&w.budget_title)) {
        (Some(f), Some(b)) => Some(if f <= b { Kind::Final } else { Kind::Budget }),
        (Some(_), None) => Some(Kind::Final),
        (None, Some(_)) => Some(Kind::Budget),
        _ => None,
    }
}

fn cover(a: &Analysis) -> Option<Cover> {
    let first: Vec<usize> = (0..a.text.lines.len())
        .take_while(|&i| a.text.lines[i].first_loc().page <= 1)
        .collect();
    if first.is_empty() || first.len() > 12 {
        return None;
    }
    let joined: String = first
        .iter()
        .map(|&i| compact(&a.text.lines[i].text))
        .collect();
    let (year, kind, before) = TITLE.captures_iter(&joined).find_map(|c| {
        let m = c.get(0)?;
        let kind = kind_after(a, &joined[m.end()..])?;
        let year: u32 = c[1].parse().ok()?;
        Some((year, kind, joined[..m.start()].to_owned()))
    })?;
    let w = &a.rules.sentence;
    let marked = first.iter().find_map(|&i| {
        let t = compact(&a.text.lines[i].text);
        w.department_marker.iter().find_map(|m| {
            let p = t.find(m.as_str())?;
            let n = t[p + m.len()..].trim_start_matches(['：', ':']).to_owned();
            (n.chars().count() >= 4).then_some(n)
        })
    });
    let name = marked.or_else(|| {
        (before.chars().count() >= 4
            && before.chars().count() <= 40
            && !before.contains(['，', '。', '：', ':']))
        .then_some(before)
    });
    Some(Cover {
        year,
        kind,
        name,
        lines: first.len(),
    })
}

fn ev(a: &Analysis, li: usize, byte: usize, value: String, label: &str) -> Evidence {
    a.evidence_at(li, byte, value, label)
}

/// Byte offset in `s` of the `n`-th non-space character (for evidence in the printed line).
fn byte_of_compact(s: &str, n: usize) -> usize {
    s.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(n)
        .map_or(s.len(), |(i, _)| i)
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    zero_totals(a, o);
    let Some(c) = cover(a) else { return };
    let title_ev = {
        let i = (0..c.lines)
            .find(|&i| compact(&a.text.lines[i].text).contains(&c.year.to_string()))
            .unwrap_or(0);
        ev(a, i, 0, format!("{}年", c.year), "封面")
    };
    let skip = table_lines(a);
    let kind_zh = if c.kind == Kind::Final {
        "决算"
    } else {
        "预算"
    };
    let mut names_seen: Vec<String> = Vec::new();
    for li in c.lines..a.text.lines.len() {
        let raw = a.text.lines[li].text.as_str();
        let t = compact(raw);
        // Headers naming the document: "<department> 2024年度部门决算表".
        let body = HEADING_PART.replace(&t, "");
        let shift = t.chars().count() - body.chars().count();
        let mut header = false;
        if let Some(h) = HEADER.captures(&body) {
            let m = h.get(0).unwrap();
            if kind_after(a, &body[m.end()..]) == Some(c.kind) {
                header = true;
                let year: u32 = h[2].parse().unwrap_or(0);
                let name = h[1].to_owned();
                let at = shift + body[..h.get(2).unwrap().start()].chars().count();
                if year != c.year {
                    o.findings.push(Finding {
                        rule: INFO.code,
                        severity: INFO.severity,
                        message: format!(
                            "封面为 {} 年度部门{}，此处标题为 {} 年",
                            c.year, kind_zh, year
                        ),
                        message_en: format!(
                            "the cover is the {} {}, this header says {}",
                            c.year,
                            if c.kind == Kind::Final {
                                "final accounts"
                            } else {
                                "budget"
                            },
                            year
                        ),
                        expected: Some(format!("{}年", c.year)),
                        arithmetic: String::new(),
                        evidence: vec![
                            ev(a, li, byte_of_compact(raw, at), format!("{year}年"), "标题"),
                            title_ev.clone(),
                        ],
                    });
                }
                if let Some(cn) = &c.name {
                    if name.chars().count() >= 4
                        && !same_body(&a.rules.scope, cn, &name)
                        && !names_seen.contains(&name)
                    {
                        names_seen.push(name.clone());
                        o.findings.push(Finding {
                            rule: INFO.code,
                            severity: INFO.severity,
                            message: format!("封面部门为“{cn}”，此处标题为“{name}”"),
                            message_en: format!(
                                "the cover names the department \"{cn}\", this header \"{name}\""
                            ),
                            expected: Some(cn.clone()),
                            arithmetic: String::new(),
                            evidence: vec![
                                ev(a, li, byte_of_compact(raw, shift), name.clone(), "标题"),
                                ev(a, 0, 0, cn.clone(), "封面"),
                            ],
                        });
                    }
                }
            }
        }
        if skip.contains(&li) {
            continue;
        }
        own_year(a, o, &c, li, raw, &t, &title_ev, header);
    }
}

/// "截至 YYYY年12月31日" and "<department> YYYY年度" in a 决算; a comparison with the document's own year.
#[allow(clippy::too_many_arguments)]
fn own_year(
    a: &Analysis,
    o: &mut Outcome,
    c: &Cover,
    li: usize,
    raw: &str,
    t: &str,
    title_ev: &Evidence,
    header: bool,
) {
    let w = &a.rules.sentence;
    // The evidence is the printed text from `from` to `to` (byte offsets in the compact line).
    let push = |o: &mut Outcome, from: usize, to: usize, zh: String, en: String| {
        let (b0, b1) = (
            byte_of_compact(raw, t[..from].chars().count()),
            byte_of_compact(raw, t[..to].chars().count()),
        );
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: zh,
            message_en: en,
            expected: None,
            arithmetic: String::new(),
            evidence: vec![
                ev(a, li, b0, raw[b0..b1].trim_end().to_owned(), ""),
                title_ev.clone(),
            ],
        });
    };
    if c.kind == Kind::Final {
        for word in &w.as_of {
            for (p, _) in t.match_indices(word.as_str()) {
                let at = p + word.len();
                let Some(m) = AS_OF.captures(&t[at..]) else {
                    continue;
                };
                let year: u32 = m[1].parse().unwrap_or(0);
                if &m[2] == "12" && &m[3] == "31" && year != c.year {
                    push(
                        o,
                        p,
                        at + m.get(0).map_or(0, |x| x.end()),
                        format!("{} 年度决算，此处称截至 {} 年 12 月 31 日", c.year, year),
                        format!(
                            "the {} final accounts say as of 31 December {}",
                            c.year, year
                        ),
                    );
                }
            }
        }
        // (A header's year is checked with the header.)
        if let Some(name) = c.name.as_ref().filter(|_| !header) {
            for (p, _) in t.match_indices(name.as_str()) {
                let at = p + name.len();
                let Some(m) = REF_YEAR.captures(&t[at..]) else {
                    continue;
                };
                let year: u32 = m[1].parse().unwrap_or(0);
                if m.get(2).is_some() && year != c.year {
                    push(
                        o,
                        at,
                        at + m.get(0).map_or(0, |x| x.end()),
                        format!("{} 年度决算，此处称“{}{}年度”", c.year, name, year),
                        format!("the {} final accounts speak of {} {}", c.year, name, year),
                    );
                }
            }
        }
    }
    // "比2026年预算增加" in the 2026 budget: compared with itself. One finding per line.
    let change_words: Vec<&String> = w
        .increase
        .iter()
        .chain(&w.decrease)
        .chain(&w.equal)
        .collect();
    for m in &w.compare {
        for (p, _) in t.match_indices(m.as_str()) {
            let at = p + m.len();
            let Some(y) = REF_YEAR.captures(&t[at..]) else {
                continue;
            };
            let year: u32 = y[1].parse().unwrap_or(0);
            if year != c.year {
                continue;
            }
            let year_end = at + y.get(0).map_or(0, |x| x.end());
            let mut rest = &t[year_end..];
            // "比2026年预算(执行数)增加": a budget of that year.
            let budget = w
                .budget
                .iter()
                .filter(|b| rest.starts_with(b.as_str()))
                .max_by_key(|b| b.len());
            if let Some(b) = budget {
                rest = &rest[b.len()..];
                if let Some(x) = w.actual.iter().find(|x| rest.starts_with(x.as_str())) {
                    rest = &rest[x.len()..];
                }
                rest = rest.strip_prefix('数').unwrap_or(rest);
            }
            let budget = budget.is_some();
            if budget && c.kind == Kind::Final {
                continue;
            }
            if !rest.starts_with("相比")
                && !change_words.iter().any(|x| rest.starts_with(x.as_str()))
            {
                continue;
            }
            push(
                o,
                p,
                year_end,
                format!(
                    "{} 年部门{}，此处与 {} 年比较：与本年自身比较，疑为 {} 年",
                    c.year,
                    if c.kind == Kind::Final {
                        "决算"
                    } else {
                        "预算"
                    },
                    year,
                    c.year - 1
                ),
                format!(
                    "the {} document compares with {}, its own year ({}?)",
                    c.year,
                    year,
                    c.year - 1
                ),
            );
            return;
        }
    }
}

/// "X 0万元，其中：A 5.00万元": a total of 0 whose parts are not.
fn zero_totals(a: &Analysis, o: &mut Outcome) {
    let skip = table_lines(a);
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        if !s.contains("其中") {
            continue;
        }
        for sent in full_sentences(s) {
            let lo = figs.partition_point(|f| f.start < sent.0);
            let hi = figs.partition_point(|f| f.start < sent.1);
            let in_sent: Vec<&Figure> = figs[lo..hi].iter().collect();
            for (i, total) in in_sent.iter().enumerate() {
                if !total.is_money()
                    || !total.value.is_zero()
                    || !s[total.unit_end..]
                        .trim_start_matches(['，', ',', ' '])
                        .starts_with("其中")
                {
                    continue;
                }
                let mut nonzero: Vec<&Figure> = Vec::new();
                for (j, f) in in_sent.iter().enumerate().skip(i + 1) {
                    if f.percent || f.unit != total.unit || f.approx != Approx::Exact {
                        break;
                    }
                    let clause_start = s[..f.start]
                        .rfind(['，', ',', '；', ';', '：', ':'])
                        .unwrap_or(0);
                    let first = in_sent[j - 1].start <= clause_start;
                    let change = a
                        .rules
                        .scope
                        .change
                        .iter()
                        .any(|w| f.label.contains(w.as_str()));
                    if first && !change && f.value > rust_decimal::Decimal::ZERO {
                        nonzero.push(f);
                    }
                }
                if nonzero.is_empty() {
                    continue;
                }
                let mut evidence = vec![a.evidence(total, total.label.clone())];
                evidence.extend(nonzero.iter().map(|f| a.evidence(f, f.label.clone())));
                o.findings.push(Finding {
                    rule: INFO.code,
                    severity: INFO.severity,
                    message: format!(
                        "{}印为 {}{}，其中的{}却为 {}{}",
                        total.label,
                        total.printed,
                        total.unit,
                        nonzero[0].label,
                        nonzero[0].printed,
                        nonzero[0].unit
                    ),
                    message_en: format!(
                        "{} is printed as {}{} but its part {} is {}{}",
                        total.label,
                        total.printed,
                        total.unit,
                        nonzero[0].label,
                        nonzero[0].printed,
                        nonzero[0].unit
                    ),
                    expected: None,
                    arithmetic: String::new(),
                    evidence,
                });
            }
        }
    }
}

/// A body's name in its usual short form: the words short names leave out dropped, and the
/// place's proper name before the first level of government (某省人民检察院 → 省检察院).
fn short_name(w: &crate::rules::ScopeWords, name: &str) -> String {
    let mut n = name.to_owned();
    for d in &w.short_name_drop {
        n = n.replace(d.as_str(), "");
    }
    let first = w
        .place_levels
        .iter()
        .filter_map(|l| n.find(l.as_str()).map(|i| (i, l.len())))
        .min();
    match first {
        // A proper name of two or more characters before the level, and more after it.
        Some((i, len)) if n[..i].chars().count() >= 2 && i + len < n.len() => n[i..].to_owned(),
        _ => n,
    }
}

/// Whether two names are the same body: one contains the other, as printed or in their
/// short forms.
fn same_body(w: &crate::rules::ScopeWords, a: &str, b: &str) -> bool {
    let (sa, sb) = (short_name(w, a), short_name(w, b));
    a.contains(b) || b.contains(a) || sa.contains(&sb) || sb.contains(&sa)
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "doc-consistency")
            .collect()
    }

    const FINAL: &str = "上海市某区某某局\n2024年度部门决算\n\u{c}";
    const BUDGET: &str = "上海市某区2026年区级部门预算\n预算主管部门：上海市某区某某局\n\u{c}";

    #[test]
    fn headers_with_the_cover_year_and_name() {
        let f = run(&format!(
            "{FINAL}第二部分 上海市某区某某局 2024 年度部门决算表\n截至2024年12月31日，上海市某区某某局共有车辆0辆。\n上海市某区某某局2024年度收入支出总计100.00万元。与2023年度相比，收入支出总计增加10.00万元。"
        ));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn header_of_another_year() {
        let f = run(&format!(
            "{FINAL}第二部分 上海市某区某某局 2023 年度部门决算表\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("2024年"));
    }

    #[test]
    fn header_of_another_department() {
        let f = run(&format!("{FINAL}上海市某某局 2024 年度部门决算表\n"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("上海市某某局"), "{}", f[0].message);
        // A shorter form of the cover's name is the same department.
        assert!(run(&format!("{FINAL}某区某某局 2024 年度部门决算表\n")).is_empty());
    }

    #[test]
    fn department_speaks_of_another_year() {
        let f = run(&format!(
            "{FINAL}上海市某区某某局2023年度收入支出总计100.00万元。\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn as_of_another_year_end() {
        let f = run(&format!("{FINAL}截至2023年12月31日，共有车辆0辆。\n"));
        assert_eq!(f.len(), 1, "{f:?}");
        // A budget of 2026 counts its cars as of 2025: fine.
        assert!(run(&format!("{BUDGET}截至2025年8月31日，共有车辆3辆。\n")).is_empty());
    }

    #[test]
    fn budget_compared_with_its_own_year() {
        let f = run(&format!(
            "{BUDGET}财政拨款收入9628.22万元，比2026年预算增加793.14万元；政府性基金0万元，与2026年预算持平。\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(run(&format!(
            "{BUDGET}财政拨款收入9628.22万元，比2025年预算增加793.14万元；政府性基金0万元，与2025年预算持平。\n"
        ))
        .is_empty());
        // A 决算 compares with its own year's budget.
        assert!(run(&format!("{FINAL}支出决算数比2024年预算减少10.00万元。\n")).is_empty());
        assert_eq!(
            run(&format!("{FINAL}与2024年度相比，支出增加10.00万元。\n")).len(),
            1
        );
    }

    #[test]
    fn zero_total_with_parts() {
        let f = run("公务车购置及运行费0万元，其中：公务用车购置费0万元；公务用车运行费5.00万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            run("公务车购置及运行费0万元，其中：公务用车购置费0万元；公务用车运行费0万元。")
                .is_empty()
        );
    }

    #[test]
    fn a_usual_short_name_is_the_same_body() {
        let cover = "东海省人民仲裁院\n2031年度部门决算\n\u{c}";
        // 省仲裁院: the province's name and 人民 left out, as short names do.
        assert!(run(&format!("{cover}省仲裁院 2031 年度部门决算表\n")).is_empty());
        // Another level of government is another body.
        let f = run(&format!("{cover}东海省西江市仲裁院 2031 年度部门决算表\n"));
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
