//! change: "比上年增加 D 万元，增长 r%" against the two years' values printed with it
//! (D = B − A, r = D / A × 100%, the direction word against the sign).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::execution_rate::{amount, compact, rate_fixed, table_lines};
use super::{compare, Finding, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::Figure;
use crate::interval::Interval;
use crate::rules::SentenceWords;

pub static INFO: RuleInfo = RuleInfo {
    code: "change",
    name_zh: "增减额、增减率与两年数据不符",
    name_en: "change does not match the two years' figures",
    severity: Severity::Error,
    doc: "## What it does
Reads changes against another year (\"比上年增加 D 万元，增长 r%\", \"与2023年度相比减少 D 万元，
下降 r%\", \"比2025年预算执行数增加 r%\") where the sentence also prints the values:
- both years (\"2025年当年预算执行数为 A 万元，2026年预算安排 B 万元，比2025年…增加 r%\", or
  \"上年 A 万元 … 本年 B 万元\"): D must be B − A, r must be (B − A) / A × 100%, the direction word
  (增加/减少, 持平) must match the sign of B − A;
- this year's value only, right before the change (\"机关运行经费支出 184.65 万元，比上年增加 2.55 万元，
  增长 1.40%\"): the earlier value is B − D, and r must be D / (B − D) × 100%.
A rate of growth from an earlier value of 0 (\"增加 307.82 万元，增长 100.00%\" where this year's
value is 307.82) cannot be computed: it is reported as a warning.
Figures are read only when the sentence (or, for this year's value, the same line with no
other amount) names them; nothing is guessed.
\"增长 100%\" from an earlier value of 0 is the usual way to print a new item: a note (info),
not a warning; any other rate from 0 is a warning. 上年为 0 时“增长 100%”为新增项目的惯常写法，仅作提示。

## Why is this bad
A growth rate that its own figures contradict, or an \"increase\" where the figure fell,
misstates the year's change; readers quote the rate, not the arithmetic.

## Example
```
2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%。   # 17.93%
项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。                      # 22.21%
```
Turn it off with `[rules] change = false` in gouji.toml.",
};

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})\s*年").unwrap());
static ANY_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*年").unwrap());

/// +1 (增加), −1 (减少) from the words that end `lead` ("与上年相比增加", "，下降了").
fn direction(w: &SentenceWords, lead: &str) -> Option<i32> {
    let c = compact(lead);
    let c = c.trim_end_matches(['为', '了', '达', '：', ':']);
    if w.increase.iter().any(|x| c.ends_with(x.as_str())) {
        Some(1)
    } else if w.decrease.iter().any(|x| c.ends_with(x.as_str())) {
        Some(-1)
    } else {
        None
    }
}

/// The reference of a comparison inside `lead`: (byte offset of the marker in `lead`, the
/// year it names: "2025年" or a previous-year word).
fn reference(w: &SentenceWords, lead: &str) -> Option<(usize, String)> {
    let mut best: Option<(usize, String)> = None;
    for m in &w.compare {
        for (p, _) in lead.match_indices(m.as_str()) {
            let after = lead[p + m.len()..].trim_start();
            let tok = if let Some(c) = YEAR.captures(after) {
                Some(format!("{}年", &c[1]))
            } else {
                w.previous_year
                    .iter()
                    .filter(|y| after.starts_with(y.as_str()))
                    .max_by_key(|y| y.len())
                    .map(|y| y.to_string())
            };
            if let Some(t) = tok {
                if best.as_ref().is_none_or(|(bp, _)| p < *bp) {
                    best = Some((p, t));
                }
            }
        }
    }
    best
}

/// The words printed before `f` in its clause (from the previous figure or clause mark).
fn own_lead<'s>(s: &'s str, seq: &[Figure], f: &Figure, from: usize) -> &'s str {
    let i = seq.partition_point(|g| g.unit_end <= f.start);
    let start = i.checked_sub(1).map_or(0, |j| seq[j].unit_end).max(from);
    &s[start..f.start]
}

fn year_tokens(w: &SentenceWords, t: &str) -> Vec<String> {
    let t = compact(t);
    let mut v: Vec<String> = ANY_YEAR
        .captures_iter(&t)
        .map(|c| format!("{}年", &c[1]))
        .collect();
    for y in w.previous_year.iter().chain(&w.current_year) {
        if t.contains(y.as_str()) {
            v.push(y.clone());
        }
    }
    v
}

/// The earlier (A) and later (B) values among the amounts before the comparison in its sentence:
/// A is the only one labelled with the reference year, B the only other one labelled with a year.
fn two_values<'f>(
    w: &SentenceWords,
    s: &str,
    seq: &'f [Figure],
    region: &[&'f Figure],
    reference: &str,
    sent_start: usize,
) -> Option<(&'f Figure, &'f Figure)> {
    if region.len() < 2 {
        return None;
    }
    let is_prev = |t: &str| w.previous_year.iter().any(|y| y == t);
    let mut a_c = Vec::new();
    let mut b_c = Vec::new();
    for f in region {
        let toks = year_tokens(w, own_lead(s, seq, f, sent_start));
        if toks
            .iter()
            .any(|t| t == reference || (is_prev(reference) && is_prev(t)))
        {
            a_c.push(*f);
        } else if !toks.is_empty() && toks.iter().all(|t| !is_prev(t)) {
            b_c.push(*f);
        }
    }
    match (a_c.as_slice(), b_c.as_slice()) {
        ([a], [b]) if a.unit == b.unit => Some((a, b)),
        _ => None,
    }
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let w = &a.rules.sentence;
    let skip = table_lines(a);
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        // Only lines that compare with something and say which way.
        let said = |words: &[String]| words.iter().any(|x| s.contains(x.as_str()));
        if !said(&w.compare) || !(said(&w.increase) || said(&w.decrease) || said(&w.equal)) {
            continue;
        }
        let seq = rate_fixed(s, figs);
        let money: Vec<usize> = (0..seq.len()).filter(|&i| seq[i].is_money()).collect();
        for sent in sentences(s) {
            let lo = seq.partition_point(|f| f.start < sent.0);
            let hi = seq.partition_point(|f| f.start < sent.1);
            let idx: Vec<usize> = (lo..hi).collect();
            let mut k = 0;
            while k < idx.len() {
                let f = &seq[idx[k]];
                let lead_start = if k > 0 {
                    seq[idx[k - 1]].unit_end.max(sent.0)
                } else {
                    sent.0
                };
                let lead = &s[lead_start..f.start];
                let (Some(dir), Some((mpos, refy))) = (direction(w, lead), reference(w, lead))
                else {
                    k += 1;
                    continue;
                };
                let marker = lead_start + mpos;
                let (d, r) = if f.percent {
                    (None, Some(f))
                } else if f.is_money() {
                    let r = idx.get(k + 1).map(|&j| &seq[j]).filter(|g| {
                        let between = &s[f.unit_end..g.start];
                        (g.percent || bare_rate(s, g))
                            && compact(between).chars().count() <= 8
                            && direction(w, between) == Some(dir)
                            && !between.contains(['（', '('])
                    });
                    (Some(f), r)
                } else {
                    k += 1;
                    continue;
                };
                k += 1 + usize::from(d.is_some() && r.is_some());
                let region: Vec<&Figure> = seq[lo..hi]
                    .iter()
                    .filter(|g| g.unit_end <= marker && g.is_money())
                    .collect();
                if let Some((av, bv)) = two_values(w, s, &seq, &region, &refy, sent.0) {
                    if d.is_none_or(|d| d.unit == bv.unit) {
                        both(a, o, &refy, dir, av, bv, d, r);
                    }
                    continue;
                }
                let Some(d) = d else { continue };
                let Some(bv) = this_year(s, &seq, &money, &region, marker, sent.0, d) else {
                    continue;
                };
                // A subject named with the change ("与上年相比，项目支出增加") must be this value's.
                let subj = subject(w, &s[marker..d.start], &refy);
                let b_lead = compact(own_lead(s, &seq, bv, 0));
                if !subsequence(&subj, &b_lead) {
                    continue;
                }
                if dir > 0 && amount(d).lo > amount(bv).hi {
                    above_value(a, o, &refy, bv, d);
                    continue;
                }
                let Some(r) = r else { continue };
                one(a, o, &refy, dir, bv, d, r);
            }
            unchanged(a, o, s, &seq[lo..hi], sent);
        }
    }
}

/// The subject named between the reference and the direction word: "与上年相比，收入支出总计增加"
/// gives "收入支出总计" ("" when none).
fn subject(w: &SentenceWords, lead: &str, reference: &str) -> String {
    let c = compact(lead);
    let Some(p) = c.find(&compact(reference)) else {
        return String::new();
    };
    let mut t = &c[p + compact(reference).len()..];
    if let Some(q) = t.find("相比") {
        t = &t[q + "相比".len()..];
    }
    for pre in ["度", "同期"] {
        t = t.strip_prefix(pre).unwrap_or(t);
    }
    let t = t.trim_start_matches(['，', ',', '）', ')']);
    let end = w
        .increase
        .iter()
        .chain(&w.decrease)
        .filter_map(|x| t.rfind(x.as_str()))
        .min()
        .unwrap_or(t.len());
    let subj = t[..end].trim_end_matches(['各', '均', '共', '了']);
    let subj = subj.strip_suffix("分别").unwrap_or(subj);
    // A reference to a budget ("比上年预算增加") names no subject.
    if subj.chars().count() < 2 || w.budget.iter().any(|b| b == subj) {
        return String::new();
    }
    subj.to_owned()
}

/// Whether the characters of `needle` appear in `hay` in order ("收、支预算总计" in
/// "收入、支出预算总计").
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut h = hay.chars();
    needle.chars().all(|c| h.any(|x| x == c))
}

/// This year's value when only it is printed: the one amount before the comparison in the
/// sentence, the amount right before it ("X 万元，比上年…"), or the one amount of the line
/// before a sentence that opens with the comparison.
fn this_year<'f>(
    s: &str,
    seq: &'f [Figure],
    money: &[usize],
    region: &[&'f Figure],
    marker: usize,
    sent_start: usize,
    d: &Figure,
) -> Option<&'f Figure> {
    let b = match region {
        [b] => *b,
        [.., b]
            if compact(&s[b.unit_end..marker])
                .trim_matches(['，', ','])
                .is_empty() =>
        {
            *b
        }
        [] => {
            // The one amount of the line before this sentence.
            if money.partition_point(|&i| seq[i].unit_end <= sent_start) != 1 {
                return None;
            }
            &seq[money[0]]
        }
        _ => return None,
    };
    (b.unit == d.unit && b.approx == crate::figures::Approx::Exact).then_some(b)
}

fn words(dir: i32) -> (&'static str, &'static str) {
    if dir > 0 {
        ("增加", "an increase")
    } else {
        ("减少", "a decrease")
    }
}

/// Both years printed: direction, D = B − A, r = (B − A) / A.
#[allow(clippy::too_many_arguments)]
fn both(
    a: &Analysis,
    o: &mut Outcome,
    refy: &str,
    dir: i32,
    av: &Figure,
    bv: &Figure,
    d: Option<&Figure>,
    r: Option<&Figure>,
) {
    let (ai, bi) = (amount(av), amount(bv));
    let Some(diff) = bi.sub(ai) else { return };
    let signed = if dir > 0 { diff } else { diff.neg() };
    let (wz, we) = words(dir);
    if signed.hi < Decimal::ZERO {
        let shown = d.or(r).unwrap_or(bv);
        let mut evidence = vec![
            a.evidence(shown, format!("比{refy}{wz}")),
            a.evidence(bv, bv.label.clone()),
            a.evidence(av, av.label.clone()),
        ];
        if let (Some(_), Some(r)) = (d, r) {
            evidence.push(a.evidence(r, r.label.clone()));
        }
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!(
                "称{}，而 {}{} 比 {}{} {}",
                wz,
                bv.printed,
                bv.unit,
                av.printed,
                av.unit,
                if dir > 0 { "少" } else { "多" }
            ),
            message_en: format!(
                "says {} but {}{} is {} than {}{}",
                we,
                bv.printed,
                bv.unit,
                if dir > 0 { "less" } else { "more" },
                av.printed,
                av.unit
            ),
            expected: None,
            arithmetic: format!(
                "{} − {} = {}",
                bv.printed,
                av.printed,
                crate::interval::show(diff.mid(), bv.decimals.max(av.decimals))
            ),
            evidence,
        });
        return;
    }
    let (x, y) = if dir > 0 { (bv, av) } else { (av, bv) };
    if let Some(d) = d {
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: d,
                computed: signed,
                arithmetic: format!("{} − {}", x.printed, y.printed),
                operands: vec![bv, av],
                what_zh: format!("比{refy}{wz}额"),
                what_en: format!("{we} on the year before"),
            },
        );
    }
    let Some(r) = r else { return };
    if av.value.is_zero() {
        if r.percent {
            base_zero(a, o, r, av, bv, d);
        }
        return;
    }
    let Some(rate) = signed.div(ai) else { return };
    rate_relation(
        a,
        o,
        Relation {
            fig: r,
            computed: rate,
            arithmetic: format!("({} − {}) / {} × 100%", x.printed, y.printed, av.printed),
            operands: vec![bv, av],
            what_zh: format!("比{}{}幅度", refy, if dir > 0 { "增长" } else { "下降" }),
            what_en: format!(
                "rate of {}",
                we.trim_start_matches("an ").trim_start_matches("a ")
            ),
        },
    );
}

/// Only this year's value printed: A = B ∓ D, r = D / A.
fn one(a: &Analysis, o: &mut Outcome, refy: &str, dir: i32, bv: &Figure, d: &Figure, r: &Figure) {
    let (bi, di) = (amount(bv), amount(d));
    let Some(av) = (if dir > 0 { bi.sub(di) } else { bi.add(di) }) else {
        return;
    };
    if bv.value == d.value && dir > 0 {
        if r.percent {
            base_zero(a, o, r, bv, bv, Some(d));
        }
        return;
    }
    if av.lo <= Decimal::ZERO {
        return;
    }
    let Some(rate) = di.div(av) else { return };
    let (sign, wz, we) = if dir > 0 {
        ("−", "增长", "increase")
    } else {
        ("+", "下降", "decrease")
    };
    rate_relation(
        a,
        o,
        Relation {
            fig: r,
            computed: rate,
            arithmetic: format!(
                "{} / ({} {} {}) × 100%",
                d.printed, bv.printed, sign, d.printed
            ),
            operands: vec![d, bv],
            what_zh: format!("比{refy}{wz}幅度"),
            what_en: format!(
                "rate of {}",
                we.trim_start_matches("an ").trim_start_matches("a ")
            ),
        },
    );
}

/// A plain number right after the amount of a change, ending its clause ("增加 D 万元，
/// 增长 r。"): where the rate should be, printed without its % sign.
fn bare_rate(s: &str, g: &Figure) -> bool {
    g.unit.is_empty()
        && !g.percent
        && !g.chinese
        && g.approx == crate::figures::Approx::Exact
        && s[g.end..]
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| "。，,；;）)".contains(c))
}

/// A rate relation: checked as usual, or, for a rate printed without %, a note when it is
/// that percentage.
fn rate_relation(a: &Analysis, o: &mut Outcome, r: Relation) {
    if r.fig.percent {
        compare(a, o, &INFO, r);
    } else {
        super::missing_percent::note(a, o, r);
    }
}

/// "0万元，比上年增加 1421.25万元": an increase larger than the value itself (the earlier
/// value would be negative).
fn above_value(a: &Analysis, o: &mut Outcome, refy: &str, bv: &Figure, d: &Figure) {
    let earlier = amount(bv)
        .sub(amount(d))
        .map(|x| crate::interval::show(x.mid(), bv.decimals.max(d.decimals)))
        .unwrap_or_default();
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{}印为 {}{}，却称比{}增加 {}{}：{}的数将为负（{}）",
            bv.label, bv.printed, bv.unit, refy, d.printed, d.unit, refy, earlier
        ),
        message_en: format!(
            "{}{} is said to be {}{} more than in {}: the earlier value would be {}",
            bv.printed, bv.unit, d.printed, d.unit, refy, earlier
        ),
        expected: None,
        arithmetic: format!("{} − {} = {}", bv.printed, d.printed, earlier),
        evidence: vec![
            a.evidence(d, format!("比{refy}增加")),
            a.evidence(bv, bv.label.clone()),
        ],
    });
}

/// A growth rate from an earlier value of 0.
fn base_zero(
    a: &Analysis,
    o: &mut Outcome,
    r: &Figure,
    av: &Figure,
    bv: &Figure,
    d: Option<&Figure>,
) {
    let earlier = if std::ptr::eq(av, bv) {
        format!(
            "{} − {} = 0",
            bv.printed,
            d.map_or("", |d| d.printed.as_str())
        )
    } else {
        format!("{}{}", av.printed, av.unit)
    };
    let mut evidence = vec![a.evidence(r, "增长率")];
    if let Some(d) = d {
        evidence.push(a.evidence(d, d.label.clone()));
    }
    evidence.push(a.evidence(bv, bv.label.clone()));
    if !std::ptr::eq(av, bv) {
        evidence.push(a.evidence(av, av.label.clone()));
    }
    // "增长 100%" for an item new this year is a common convention (the whole amount is the
    // increase): a style note. Any other rate from a zero base has no reading at all.
    let convention = r
        .interval(crate::interval::Rounding::Round)
        .contains(Decimal::ONE_HUNDRED);
    o.findings.push(Finding {
        rule: INFO.code,
        severity: if convention {
            Severity::Info
        } else {
            Severity::Warning
        },
        message: format!(
            "上年数为 0（{}），增长率无从计算，却印为 {}",
            earlier, r.printed
        ),
        message_en: format!(
            "the earlier value is 0 ({}): no growth rate can be computed, yet {} is printed",
            earlier, r.printed
        ),
        expected: None,
        arithmetic: format!("增长率 = 增加额 / 0：{earlier}"),
        evidence,
    });
}

/// "比2022年预算执行数持平" with both values printed: they must be equal.
fn unchanged(a: &Analysis, o: &mut Outcome, s: &str, seq: &[Figure], sent: (usize, usize)) {
    let w = &a.rules.sentence;
    let text = &s[sent.0..sent.1];
    for eq in &w.equal {
        for (p, _) in text.match_indices(eq.as_str()) {
            let at = sent.0 + p;
            // The clause up to the word, with no figure in it after the comparison.
            let i = seq.partition_point(|g| g.unit_end <= at);
            let start = i
                .checked_sub(1)
                .map_or(sent.0, |j| seq[j].unit_end.max(sent.0));
            let lead = &s[start..at];
            let Some((mpos, refy)) = reference(w, lead) else {
                continue;
            };
            let tail = compact(&lead[mpos..]);
            if tail.contains(['，', ',', '。', '；'])
                || w.roughly.iter().any(|r| tail.ends_with(r.as_str()))
            {
                continue;
            }
            let marker = start + mpos;
            let region: Vec<&Figure> = seq
                .iter()
                .filter(|g| g.unit_end <= marker && g.is_money())
                .collect();
            let Some((av, bv)) = two_values(w, s, seq, &region, &refy, sent.0) else {
                continue;
            };
            if amount(av).overlaps(&amount(bv)) {
                o.verified(av);
                o.verified(bv);
                continue;
            }
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "称与{}持平，而 {}{} ≠ {}{}",
                    refy, bv.printed, bv.unit, av.printed, av.unit
                ),
                message_en: format!(
                    "says unchanged on {} but {}{} ≠ {}{}",
                    refy, bv.printed, bv.unit, av.printed, av.unit
                ),
                expected: None,
                arithmetic: format!(
                    "{} − {} = {}",
                    bv.printed,
                    av.printed,
                    amount(bv)
                        .sub(amount(av))
                        .map(|d: Interval| crate::interval::show(d.mid(), bv.decimals))
                        .unwrap_or_default()
                ),
                evidence: vec![
                    a.evidence(bv, bv.label.clone()),
                    a.evidence(av, av.label.clone()),
                    a.evidence_at(bv.line, at, eq.clone(), String::new()),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules, Severity};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "change")
            .collect()
    }

    #[test]
    fn hundred_percent_from_zero_is_a_convention() {
        // A new item "增长 100%" from a zero base: info only; 250% from zero: a warning.
        let f = run("2024年当年预算执行数为0万元，2025年预算安排18.40万元，比2024年预算执行数增加100.00%。主要原因是：新增测绘任务。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        let g = run("2024年当年预算执行数为0万元，2025年预算安排18.40万元，比2024年预算执行数增加250.00%。主要原因是：新增测绘任务。");
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(g[0].severity, Severity::Warning);
    }

    #[test]
    fn both_years_rate_holds() {
        let f = run("主要用于：支付养老保险。2025年当年预算执行数为156.34万元，2026年预算安排183.95万元，比2025年预算执行数增加17.66%。主要原因是：支出增加。");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn both_years_rate_contradicted() {
        let f = run("主要用于：支付职业年金。2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%。主要原因是：支出增加。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("17.93%"));
    }

    #[test]
    fn decrease_rate_of_both_years() {
        let ok = run("2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。");
        assert!(ok.is_empty(), "{ok:?}");
        let bad = run("2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少2.07%。");
        assert_eq!(bad.len(), 1, "{bad:?}");
    }

    #[test]
    fn increase_said_where_the_figure_fell() {
        let f = run("2025年当年预算执行数为4269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("增加"), "{}", f[0].message);
        assert!(f[0].expected.is_none());
    }

    #[test]
    fn last_year_and_this_year_labelled() {
        let ok =
            run("上年支出 100.00 万元，本年支出 110.00 万元，比上年增加 10.00 万元，增长 10.00%。");
        assert!(ok.is_empty(), "{ok:?}");
        let bad =
            run("上年支出 100.00 万元，本年支出 110.00 万元，比上年增加 12.00 万元，增长 10.00%。");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("10.00"));
    }

    #[test]
    fn this_year_and_change_only() {
        let ok = run(
            "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。主要原因是更换照明。",
        );
        assert!(ok.is_empty(), "{ok:?}");
        let bad = run(
            "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.60%。主要原因是更换照明。",
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("1.40%"));
    }

    #[test]
    fn this_year_in_the_sentence_before() {
        let ok = run("项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 22.21 %。主要原因是压减。");
        assert!(ok.is_empty(), "{ok:?}");
        let bad = run("项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。主要原因是压减。");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("22.21%"));
    }

    #[test]
    fn change_of_another_subject() {
        // The change is the 项目支出's; the amount printed before is the 基本支出.
        let f = run("基本支出 100.00 万元。与上年相比，项目支出增加 10.00 万元，增长 50.00%。");
        assert!(f.is_empty(), "{f:?}");
        let f = run("收入、支出预算总计24,169.74 万元，与上年相比收、支预算总计各增加 2214.39万元，增长 10.06 %。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("10.09%"));
    }

    #[test]
    fn increase_larger_than_the_value() {
        let f = run("一般公共预算拨款支出预算16497.86万元，比2022年预算增加1421.25万元；政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence[1].value, "0");
    }

    #[test]
    fn two_amounts_before_is_ambiguous() {
        // Which of the two amounts changed is not said: nothing is checked.
        let f = run(
            "基本支出 100.00 万元，项目支出 50.00 万元。与上年相比增加 10.00 万元，增长 50.00%。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn growth_from_zero() {
        let f = run("机关运行经费支出 10.23万元，比 2023年度增加 10.23万元，增长 100.00%。主要原因是单位于 2024年成立。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        let f = run(
            "2022年当年预算执行数为0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%。",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn unchanged_said() {
        assert!(run(
            "2022年当年预算执行数为15.00万元，2023年预算安排15.00万元，比2022年预算执行数持平。"
        )
        .is_empty());
        assert_eq!(
            run("2022年当年预算执行数为15.00万元，2023年预算安排16.00万元，比2022年预算执行数持平。").len(),
            1
        );
    }

    #[test]
    fn a_change_against_the_budget_is_not_a_year() {
        let f = run("支出决算 90.00 万元，比年初预算减少 10.00 万元，下降 50.00%。");
        assert!(f.is_empty(), "{f:?}");
    }
}
