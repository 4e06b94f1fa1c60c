//! execution-rate: "年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%" (Z = Y / X × 100%)
//! and "决算数小于/大于/持平于预算数" against the two figures.

use std::collections::HashSet;

use super::{compare, Finding, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::Figure;
use crate::interval::{Interval, Rounding};
use crate::rules::SentenceWords;

pub static INFO: RuleInfo = RuleInfo {
    code: "execution-rate",
    name_zh: "预算完成率与预决算数不符",
    name_en: "execution rate does not match budget and actual",
    severity: Severity::Error,
    doc: "## What it does
Reads the sentences of a 部门决算 that restate a budget line:
- \"年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%\": Z must be Y / X × 100%
  (the budget the rate names: 年初预算, 全年预算 …; a rate \"of the 年初预算\" where the 年初预算
  is printed as 0 is reported as a warning);
- \"决算数小于预算数\", \"决算数大于预算数\", \"决算数与预算数持平\" printed right after X and Y:
  the words must say what the figures say (\"基本持平\" is not checked).

## Why is this bad
The rate and the words are what a reader takes from the sentence; when the document's own
figures give another rate, or spending said to be below budget is above it, one of them is wrong.

## Example
```
年初预算为 452.40 万元，支出决算为 446.11 万元，完成年初预算的 99.61%。   # 446.11 / 452.40 = 98.61%
年初预算为 10.00 万元，支出决算为 12.00 万元。决算数小于预算数的主要原因……   # 12.00 > 10.00
```
Turn it off with `[rules] execution-rate = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    let w = &a.rules.sentence;
    let skip = table_lines(a);
    let relevant = |s: &str| {
        w.completion
            .iter()
            .chain(&w.actual_subject)
            .any(|x| s.contains(x.as_str()))
    };
    let mut prev: Option<usize> = None;
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            prev = None;
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        if !relevant(s) {
            prev = Some(li);
            continue;
        }
        let seq = rate_fixed(s, figs);
        let pseq: Option<(usize, Vec<Figure>)> =
            prev.map(|pl| (pl, rate_fixed(&a.text.lines[pl].text, &a.figures[pl])));
        // X, Y, Z in a row; Z may open the next line ("…支出决算为 Y 万元。\n完成年初预算的 Z%").
        for (k, z) in seq.iter().enumerate() {
            if !z.percent {
                continue;
            }
            let (lead, x, y, before_x): (&str, &Figure, &Figure, &[Figure]) = if k >= 2 {
                (
                    &s[seq[k - 1].unit_end..z.start],
                    &seq[k - 2],
                    &seq[k - 1],
                    &seq[..k - 2],
                )
            } else if k == 0 {
                let Some((pl, pseq)) = &pseq else { continue };
                let ps = a.text.lines[*pl].text.as_str();
                let n = pseq.len();
                if n < 2
                    || !compact(&ps[pseq[n - 1].unit_end..])
                        .trim_end_matches(['。', '，', ','])
                        .is_empty()
                {
                    continue;
                }
                (&s[..z.start], &pseq[n - 2], &pseq[n - 1], &pseq[..n - 2])
            } else {
                continue;
            };
            let Some(kind) = rate_kind(w, lead) else {
                continue;
            };
            let xs = a.text.lines[x.line].text.as_str();
            let Some(xkind) = budget_pair(w, xs, x, y, before_x.last()) else {
                continue;
            };
            rate(a, o, z, x, y, kind, &xkind, before_x, xs);
        }
        // "决算数小于预算数" after X and Y.
        statements(a, o, s, li, &seq, pseq.as_ref());
        prev = Some(li);
    }
}

/// Lines that are table rows: their figures are cells, not sentences.
pub(crate) fn table_lines(a: &Analysis) -> HashSet<usize> {
    a.tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.line))
        .collect()
}

/// The figures of a line, with "10.06 %" (a space before the sign) read as a percentage.
pub(crate) fn rate_fixed(s: &str, figs: &[Figure]) -> Vec<Figure> {
    figs.iter()
        .map(|f| {
            let mut f = f.clone();
            if !f.percent && f.unit.is_empty() {
                let rest = &s[f.end..];
                let t = rest.trim_start_matches([' ', '\u{3000}']);
                if t.starts_with('%') && t.len() < rest.len() {
                    let end = f.end + (rest.len() - t.len()) + 1;
                    f.printed = s[f.start..end].to_owned();
                    f.percent = true;
                    f.end = end;
                    f.unit_end = end;
                }
            }
            f
        })
        .collect()
}

/// Text without spaces.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A printed amount as the interval it stands for (integers too: "686万元" may be rounded).
pub(crate) fn amount(f: &Figure) -> Interval {
    f.interval(Rounding::Round)
}

/// The longest word of `words` that `s` contains.
pub(crate) fn longest_in<'w>(words: &'w [String], s: &str) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| s.contains(w.as_str()))
        .max_by_key(|w| w.len())
        .map(|w| w.as_str())
}

/// A budget word every other budget word contains (预算): it names no particular budget.
fn generic_budget(w: &SentenceWords, k: &str) -> bool {
    w.budget.iter().all(|b| b.contains(k))
}

/// "，完成年初预算的 ": the budget kind the rate names.
fn rate_kind<'w>(w: &'w SentenceWords, lead: &str) -> Option<&'w str> {
    let c = compact(lead);
    let c = c.trim_start_matches(['，', ',', '。']);
    let rest = w
        .completion
        .iter()
        .find_map(|p| c.strip_prefix(p.as_str()))?;
    let rest = rest.strip_suffix('的')?;
    let rest = rest.strip_suffix('数').unwrap_or(rest);
    w.budget
        .iter()
        .find(|b| b.as_str() == rest)
        .map(|b| b.as_str())
}

/// X and Y: a budget figure and, right after it, the actual figure ("年初预算为 X 万元，支出决算为 Y 万元").
/// Returns the budget kind printed before X.
fn budget_pair(
    w: &SentenceWords,
    s: &str,
    x: &Figure,
    y: &Figure,
    before: Option<&Figure>,
) -> Option<String> {
    if !x.is_money() || !y.is_money() || x.unit != y.unit || x.line != y.line {
        return None;
    }
    let between = compact(&s[x.unit_end..y.start]);
    if between.chars().count() > 12
        || between.contains(['。', '；', ';', '：'])
        || longest_in(&w.actual, &between).is_none()
    {
        return None;
    }
    let from = before.map_or(0, |b| b.unit_end);
    let lead = &s[from..x.start];
    let lead = &lead[lead
        .rfind(['，', ',', '。', '；', ';', '：'])
        .map_or(0, |p| {
            p + lead[p..].chars().next().map_or(1, char::len_utf8)
        })..];
    let lead = compact(lead);
    let lead = lead.trim_end_matches(['为', '是']);
    let lead = lead.strip_suffix('数').unwrap_or(lead);
    w.budget
        .iter()
        .filter(|b| lead.ends_with(b.as_str()))
        .max_by_key(|b| b.len())
        .map(|b| b.to_string())
}

#[allow(clippy::too_many_arguments)]
fn rate(
    a: &Analysis,
    o: &mut Outcome,
    z: &Figure,
    x: &Figure,
    y: &Figure,
    kind: &str,
    xkind: &str,
    before_x: &[Figure],
    xs: &str,
) {
    let generic = |k: &str| generic_budget(&a.rules.sentence, k);
    let mut base = x;
    let mut base_kind = xkind.to_owned();
    if !generic(kind) && !generic(xkind) && kind != xkind {
        // "年初预算为 0 万元，全年预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%".
        let Some(named) = before_x.last().filter(|b| {
            b.is_money()
                && b.unit == x.unit
                && !s_has_end(&xs[b.unit_end..x.start])
                && budget_pair_lead(a, xs, b, before_x).as_deref() == Some(kind)
        }) else {
            return;
        };
        if named.value.is_zero() {
            if z.value.is_zero() {
                return;
            }
            let agrees = amount(y)
                .div(amount(x))
                .and_then(|r| r.mul(Interval::point(rust_decimal::Decimal::ONE_HUNDRED)))
                .is_some_and(|r| {
                    crate::interval::agree(z.value, z.decimals, r)
                        != crate::interval::Agreement::Differs
                });
            let how = if agrees {
                (
                    format!(
                        "；{} 实为 {} / {}（{}）× 100%",
                        z.printed, y.printed, x.printed, xkind
                    ),
                    format!(
                        "; {} is {} / {} ({}) × 100%",
                        z.printed, y.printed, x.printed, xkind
                    ),
                )
            } else {
                (String::new(), String::new())
            };
            o.findings.push(Finding {
                rule: INFO.code,
                severity: Severity::Warning,
                message: format!(
                    "称完成{}的 {}，而{}为 {}{}，比例无从计算{}",
                    kind, z.printed, kind, named.printed, named.unit, how.0
                ),
                message_en: format!(
                    "says {} of the {} was spent, but the {} is printed as {}{}{}",
                    z.printed, kind, kind, named.printed, named.unit, how.1
                ),
                expected: None,
                arithmetic: format!("{} / {} × 100%：除数为 0", y.printed, named.printed),
                evidence: vec![
                    a.evidence(z, format!("完成{kind}的比例")),
                    a.evidence(named, kind.to_owned()),
                    a.evidence(y, y.label.clone()),
                    a.evidence(x, x.label.clone()),
                ],
            });
            return;
        }
        base = named;
        base_kind = kind.to_owned();
    }
    if base.value.is_zero() {
        // "年初预算为 0 万元，支出决算为 5.00 万元，完成年初预算的 100%".
        if !z.value.is_zero() && !y.value.is_zero() {
            o.findings.push(Finding {
                rule: INFO.code,
                severity: Severity::Warning,
                message: format!(
                    "称完成{}的 {}，而{}为 {}{}，比例无从计算",
                    base_kind, z.printed, base_kind, base.printed, base.unit
                ),
                message_en: format!(
                    "says {} of the {} was spent, but the {} is printed as {}{}",
                    z.printed, base_kind, base_kind, base.printed, base.unit
                ),
                expected: None,
                arithmetic: format!("{} / {} × 100%：除数为 0", y.printed, base.printed),
                evidence: vec![
                    a.evidence(z, format!("完成{base_kind}的比例")),
                    a.evidence(base, base_kind.clone()),
                    a.evidence(y, y.label.clone()),
                ],
            });
        }
        return;
    }
    let Some(ratio) = amount(y).div(amount(base)) else {
        return;
    };
    compare(
        a,
        o,
        &INFO,
        Relation {
            fig: z,
            computed: ratio,
            arithmetic: format!("{} / {} × 100%", y.printed, base.printed),
            operands: vec![y, base],
            what_zh: format!("完成{}的比例", base_kind),
            what_en: format!("share of the {} spent", base_kind),
        },
    );
}

fn s_has_end(s: &str) -> bool {
    s.contains(['。', '；', ';'])
}

/// The budget kind printed right before `b` ("年初预算为").
fn budget_pair_lead(a: &Analysis, s: &str, b: &Figure, before: &[Figure]) -> Option<String> {
    let from = before
        .iter()
        .rev()
        .find(|f| f.unit_end <= b.start)
        .map_or(0, |f| f.unit_end);
    let lead = &s[from..b.start];
    let lead = &lead[lead
        .rfind(['，', ',', '。', '；', ';', '：'])
        .map_or(0, |p| {
            p + lead[p..].chars().next().map_or(1, char::len_utf8)
        })..];
    let lead = compact(lead);
    let lead = lead.trim_end_matches(['为', '是']);
    let lead = lead.strip_suffix('数').unwrap_or(lead);
    a.rules
        .sentence
        .budget
        .iter()
        .filter(|k| lead.ends_with(k.as_str()))
        .max_by_key(|k| k.len())
        .map(|k| k.to_string())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Said {
    More,
    Less,
    Equal,
}

/// "决算数小于预算数" (or 大于, 与…持平) at `pos`: what it says and the budget kind it names.
fn statement_at(w: &SentenceWords, s: &str, pos: usize, subj_len: usize) -> Option<(Said, String)> {
    let rest: String = compact(&s[pos + subj_len..]).chars().take(16).collect();
    let kinds = |r: &str| -> Option<(String, usize)> {
        w.budget
            .iter()
            .filter(|b| r.starts_with(b.as_str()))
            .max_by_key(|b| b.len())
            .map(|b| {
                let mut l = b.len();
                if r[l..].starts_with('数') {
                    l += '数'.len_utf8();
                }
                (b.to_string(), l)
            })
    };
    for (words, said) in [
        (&w.more, Said::More),
        (&w.less, Said::Less),
        (&w.equal, Said::Equal),
    ] {
        if let Some(wd) = words.iter().find(|x| rest.starts_with(x.as_str())) {
            let r = &rest[wd.len()..];
            let r = r.strip_prefix('于').unwrap_or(r);
            let (kind, _) = kinds(r)?;
            return Some((said, kind));
        }
    }
    // "与(全年)预算数(基本)持平", "同预算数持平".
    let r = ["与", "同", "和", "跟"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let (kind, l) = kinds(r)?;
    let r = &r[l..];
    if w.roughly.iter().any(|x| r.starts_with(x.as_str())) {
        return None;
    }
    w.equal
        .iter()
        .any(|x| r.starts_with(x.as_str()))
        .then_some((Said::Equal, kind))
}

fn statements(
    a: &Analysis,
    o: &mut Outcome,
    s: &str,
    li: usize,
    seq: &[Figure],
    prev: Option<&(usize, Vec<Figure>)>,
) {
    let w = &a.rules.sentence;
    for subj in &w.actual_subject {
        for (pos, _) in s.match_indices(subj.as_str()) {
            let Some((said, kind)) = statement_at(w, s, pos, subj.len()) else {
                continue;
            };
            // The last figures before the statement: [X, Y] or [X, Y, Z%], in this sentence
            // or the one before it (or at the end of the previous line when the statement opens this one).
            let cut = seq.partition_point(|f| f.unit_end <= pos);
            let (xs, pair): (&str, &[Figure]) = if cut == 0 {
                let Some((pl, pseq)) = prev else { continue };
                if !compact(&s[..pos]).is_empty() && sentences(&s[..pos]).len() > 1 {
                    continue;
                }
                (a.text.lines[*pl].text.as_str(), pseq.as_slice())
            } else {
                (s, &seq[..cut])
            };
            let pair = match pair.split_last() {
                Some((last, rest)) if last.percent => rest,
                _ => pair,
            };
            let n = pair.len();
            if n < 2 {
                continue;
            }
            let (x, y) = (&pair[n - 2], &pair[n - 1]);
            let Some(xkind) = budget_pair(w, xs, x, y, n.checked_sub(3).map(|i| &pair[i])) else {
                continue;
            };
            let generic = generic_budget(w, &kind) || generic_budget(w, &xkind);
            if !generic && kind != xkind {
                continue;
            }
            // At most one sentence end between Y and the statement.
            let tail = if y.line == li {
                &s[y.unit_end..pos]
            } else {
                &s[..pos]
            };
            if tail.matches(['。', '；', ';']).count() > 1 {
                continue;
            }
            let (xi, yi) = (amount(x), amount(y));
            let wrong = match said {
                Said::Less => y.value > x.value,
                Said::More => y.value < x.value,
                Said::Equal => !xi.overlaps(&yi),
            };
            if !wrong {
                // Only an equality pins the figures down (a changed digit breaks it).
                if said == Said::Equal {
                    o.verified(x);
                    o.verified(y);
                }
                continue;
            }
            let (zh, en) = match said {
                Said::Less => ("小于", "below"),
                Said::More => ("大于", "above"),
                Said::Equal => ("持平于", "equal to"),
            };
            let rel = if y.value > x.value {
                ">"
            } else if y.value < x.value {
                "<"
            } else {
                "="
            };
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "称决算数{}{}数，而决算 {}{} {} {} {}{}",
                    zh, xkind, y.printed, y.unit, rel, xkind, x.printed, x.unit
                ),
                message_en: format!(
                    "says the actual is {} the budget, but the actual {}{} {} the budget {}{}",
                    en, y.printed, y.unit, rel, x.printed, x.unit
                ),
                expected: None,
                arithmetic: format!("{} {} {}", y.printed, rel, x.printed),
                evidence: vec![
                    a.evidence(y, y.label.clone()),
                    a.evidence(x, x.label.clone()),
                    a.evidence_at(
                        li,
                        pos,
                        compact(&s[pos..]).chars().take(8).collect::<String>(),
                        "决算数与预算数的比较",
                    ),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "execution-rate")
            .collect()
    }

    #[test]
    fn rate_of_the_budget_holds() {
        let f = run("行政运行（项）。年初预算为 452.40 万元，支出决算为 446.11 万元，完成年初预算的 98.61%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn rate_that_its_figures_contradict() {
        let f = run("行政运行（项）。年初预算为 452.40 万元，支出决算为 446.11 万元，完成年初预算的 99.61%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("98.61%"));
        assert_eq!(f[0].evidence[0].value, "99.61%");
    }

    #[test]
    fn rate_on_the_next_line() {
        let ok = run("主要用于：退休人员开展活动支出。年初预算为 0.88 万元，支出决算为 0.88 万元。\n完成年初预算的 100.00%。");
        assert!(ok.is_empty(), "{ok:?}");
        let bad = run("主要用于：退休人员开展活动支出。年初预算为 0.88 万元，支出决算为 0.80 万元。\n完成年初预算的 100.00%。");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[0].value, "100.00%");
    }

    #[test]
    fn parts_after_of_which_are_not_rates_of_the_total() {
        // The parts' own budgets are not printed: their 0% is not checked against 0.95.
        let f = run("“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.50万元，完成预算的0%。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn rate_of_a_zero_initial_budget() {
        let f = run("一般公共预算财政拨款支出年初预算为 0万元，全年预算为321.02万元，支出决算为 307.82万元，完成年初预算的 95.89%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::Severity::Warning);
        assert!(f[0].message.contains("全年预算"), "{}", f[0].message);
        // The rate named with its own budget is fine.
        let ok = run("一般公共预算财政拨款支出全年预算为321.02万元，支出决算为 307.82万元，完成全年预算数的 95.89%。");
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn rate_of_a_zero_budget() {
        let f = run("年初预算为 0 万元，支出决算为 5.00 万元，完成年初预算的 100.00%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, crate::Severity::Warning);
        // Nothing budgeted, nothing spent, 0%: nothing to say.
        assert!(run("年初预算为 0 万元，支出决算为 0.00 万元，完成年初预算的 0%。").is_empty());
    }

    #[test]
    fn less_than_budget_said_and_true() {
        let f = run("主要用于：在职人员。年初预算为 80.81 万元，支出决算为80.38万元。决算数小于预算数的主要原因：预算按周全保障测算。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn less_than_budget_said_but_more() {
        let f = run("主要用于：在职人员。年初预算为 80.81 万元，支出决算为82.38万元。决算数小于预算数的主要原因：预算按周全保障测算。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("小于"), "{}", f[0].message);
    }

    #[test]
    fn more_and_equal_words() {
        assert_eq!(
            run("年初预算为 10.00 万元，支出决算为9.00万元。决算数大于预算数的主要原因：追加。")
                .len(),
            1
        );
        assert!(run(
            "年初预算为 10.00 万元，支出决算为11.00万元。决算数大于预算数的主要原因：追加。"
        )
        .is_empty());
        assert_eq!(
            run("年初预算为 28.11 万元，支出决算为 28.01 万元，完成年初预算的 99.64%。决算数同预算数持平。").len(),
            1
        );
        assert!(run("年初预算为 28.11 万元，支出决算为 28.11 万元，完成年初预算的100.00%。决算数同预算数持平。").is_empty());
        // "基本持平" is not checked.
        assert!(
            run("年初预算为 10.00 万元，支出决算为9.90万元。决算数与预算数基本持平。").is_empty()
        );
    }

    #[test]
    fn statement_on_the_next_line() {
        let f = run("全年预算为 9.00万元，支出决算为 6.18万元。\n决算数大于全年预算数的主要原因：人员变动。");
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
