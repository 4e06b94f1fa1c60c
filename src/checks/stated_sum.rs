//! stated-sum: a sum stated in a sentence that its parts contradict.

use super::{compare, Finding, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::{full_sentences, sentences, Fact, Source};
use crate::figures::Figure;
use crate::interval::{agree, show, Agreement, Interval};
use crate::tables::row_key;

pub static INFO: RuleInfo = RuleInfo {
    code: "stated-sum",
    name_zh: "文中合计与分项不符",
    name_en: "stated sum does not match its parts",
    severity: Severity::Error,
    doc: "## What it does
Checks sums stated in sentences against the parts the document gives:
- \"X，其中：A …，B …\" (or \"X 万元。其中：A …\"): when the parts add up to more than X,
  or are meant to be complete and do not add up to X — their \"占 p%\" add up to 100%, or
  X and its parts are a subtotal of rules/tables.toml (`[[row_relation]]`: 基本支出 =
  人员经费 + 公用经费) —; each \"占 p%\" against part / X;
- \"N个项目合计支出 X\" (共计, 总计): the N items named in the sentence are looked up where the
  document states their own figures (\"某某项目 … 支出 2059.29万元\"), and their sum must be X.
A closing \"…，合计 X\" after the parts is the total again, not a part; parts after a change
(\"X 万元，比上年增加 D 万元。其中：…\") break down X, not D, and are not summed against D.
分项之后的“合计 X”不是分项；“比上年增加 D。其中：…”的分项不与 D 相加比较。

## Why is this bad
A total that does not equal its parts is wrong somewhere, and a stated share of a total
must be that share.

## Example
```
设定甲项目和乙项目两项任务，两个项目合计支出 3,200.00 万元。   # 1,150.00 + 2,040.00 = 3,190.00
```
Turn it off with `[rules] stated-sum = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    // Named-item sums look their items up among all facts: a few dozen per report at most.
    let mut lookups = 0usize;
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        // The figures of a line are in order of their start.
        let in_sent = |sent: (usize, usize)| -> Vec<&Figure> {
            let lo = figs.partition_point(|f| f.start < sent.0);
            let hi = figs.partition_point(|f| f.start < sent.1);
            figs[lo..hi.max(lo)].iter().collect()
        };
        let sents = full_sentences(s);
        for (k, &sent) in sents.iter().enumerate() {
            of_which(a, o, s, &in_sent(sent), false);
            closing_total(a, o, s, sent.0, &in_sent(sent));
            listed_parts(a, o, s, sent.1, &in_sent(sent));
            // "X 万元。其中：A …": the total ends the sentence before its parts.
            let Some(&next) = sents.get(k + 1) else {
                continue;
            };
            if !s[next.0..next.1].trim_start().starts_with("其中") {
                continue;
            }
            let before = in_sent(sent);
            // The sum is the last amount (a rate after it is the amount's own: "执行率 97%").
            let Some(i) = before.iter().rposition(|f| !f.percent) else {
                continue;
            };
            // A change or a difference ("比上年减少 5.54 万元", "相差 104.79 万元") has no parts:
            // the parts are of another figure of the sentence.
            if is_change(a, before[i]) {
                continue;
            }
            // Only sums of money: "综合得分 X 分。其中：分值 A 分，得分 B 分" lists pairs.
            if !before[i].is_money() {
                continue;
            }
            let mut figs = vec![before[i]];
            figs.extend(in_sent(next));
            of_which(a, o, s, &figs, true);
        }
        for sent in sentences(s) {
            named_items(a, o, s, sent, &in_sent(sent), &mut lookups);
        }
    }
}

/// "X，其中：A …（占 p%），B …"; with `lead`, `figs[0]` is X and the rest are from the
/// sentence "其中：A …" after X's own.
fn of_which(a: &Analysis, o: &mut Outcome, s: &str, figs: &[&Figure], lead: bool) {
    let pos = if lead {
        Some(0)
    } else {
        figs.iter().position(|f| {
            s[f.unit_end..]
                .trim_start_matches(['，', ',', ' '])
                .starts_with("其中")
        })
    };
    let Some(pos) = pos else {
        return;
    };
    let total = figs[pos];
    if total.percent || total.approx != crate::figures::Approx::Exact {
        return;
    }
    // "46.56万元，比上年增加 25万元。其中：A 25万元，B 21.56万元": the parts break down the
    // amount, not its change; which one they add up to is not told apart here.
    let is_change = |f: &Figure| {
        a.rules
            .scope
            .change
            .iter()
            .any(|w| f.label.contains(w.as_str()))
    };
    if is_change(total) {
        return;
    }
    // Parts: same unit, not percentages; shares: "占 p%" right after a part.
    let mut parts: Vec<&Figure> = Vec::new();
    let mut shares: Vec<(&Figure, &Figure)> = Vec::new();
    // "X，其中 A、B；C" : without a colon after 其中, a ； ends the subset.
    let after_total = &s[total.unit_end..];
    let colon = after_total
        .trim_start_matches(['，', ',', ' ', '。'])
        .trim_start_matches("其中")
        .trim_start()
        .starts_with(['：', ':']);
    let subset_end = if colon {
        usize::MAX
    } else {
        after_total
            .find(['；', ';'])
            .map_or(usize::MAX, |i| total.unit_end + i)
    };
    for f in &figs[pos + 1..] {
        if f.start > subset_end {
            break;
        }
        if f.percent {
            if let Some(p) = parts.last() {
                // "A、B，分别占 p%、q%": the list is read by the share check, in order.
                let listed = a
                    .rules
                    .amounts
                    .respectively
                    .iter()
                    .any(|w| f.label.contains(w.as_str()));
                if !listed
                    && (f.label.ends_with('占')
                        || f.label.ends_with("占比")
                        || f.label.contains("占"))
                {
                    shares.push((f, p));
                }
            }
            continue;
        }
        if f.unit != total.unit || f.approx != crate::figures::Approx::Exact {
            break;
        }
        // "…，合计 1170.00万" after the parts closes the list: the total again, no part.
        if a.rules
            .score
            .total
            .iter()
            .any(|w| f.label.contains(w.as_str()))
        {
            break;
        }
        // A part opens its clause (no figure between the clause mark before it and it)
        // and is no change against another year (比上年增加 D).
        let k = figs.partition_point(|g| g.start < f.start);
        let first_in_clause = match k.checked_sub(1).map(|j| figs[j].start) {
            None | Some(0) => true,
            Some(p) => s[p..f.start].contains(['，', ',', '；', ';', '：', ':']),
        };
        if !first_in_clause
            || a.rules
                .scope
                .change
                .iter()
                .any(|w| f.label.contains(w.as_str()))
        {
            continue;
        }
        parts.push(f);
    }
    for (share, part) in &shares {
        let Some(ratio) = part.operand().div(total.operand()) else {
            continue;
        };
        compare(
            a,
            o,
            &super::share::INFO,
            Relation {
                fig: share,
                computed: ratio,
                arithmetic: format!("{} / {} × 100%", part.printed, total.printed),
                operands: vec![part, total],
                what_zh: format!("{}占{}的比重", part.label, total.label),
                what_en: format!("share of {} in {}", part.label, total.label),
            },
        );
    }
    if parts.len() < 2 {
        return;
    }
    // Parts of two kinds ("预算 A，支出 B；预算 C，支出 D") are pairs, not the parts of a sum.
    if lead {
        let mut kinds = parts
            .iter()
            .filter_map(|p| a.rules.metric_ending(&p.label))
            .filter(|(m, _)| !m.whole)
            .map(|(m, _)| m.name.as_str());
        if let Some(k) = kinds.next() {
            if kinds.any(|x| x != k) {
                return;
            }
        }
    }
    let Some(sum) = Interval::sum(parts.iter().map(|p| p.operand())) else {
        return;
    };
    let complete = shares.len() == parts.len() && {
        let p: rust_decimal::Decimal = shares.iter().map(|(s, _)| s.value).sum();
        (p - rust_decimal::Decimal::ONE_HUNDRED).abs()
            <= rust_decimal::Decimal::new(5, 2) * rust_decimal::Decimal::from(shares.len() as u32)
    };
    let whole = whole_of(a, total, &parts);
    let over = sum.lo > total.operand().hi;
    match agree(total.value, total.decimals, sum) {
        Agreement::Rounded | Agreement::Truncated => {
            o.verified(total);
            parts.iter().for_each(|p| o.verified(p));
        }
        _ if complete || over || whole.is_some() => {
            let why = if over {
                "分项之和超过合计".to_owned()
            } else if complete {
                "分项占比合计 100%，金额之和却不等于合计".to_owned()
            } else {
                format!(
                    "{}即为其全部分项，金额之和却不等于合计",
                    whole.unwrap_or_default()
                )
            };
            sum_finding(a, o, total, &parts, sum, &why)
        }
        _ => {}
    }
}

/// "A 10分、B 25分、C 10分，合计 45分": an enumeration closed by its total. The parts are the
/// figures of the total's unit that open the clauses just before it, back to the sentence's
/// start or a colon; a sentence with 其中 before the total is `of_which`'s.
fn closing_total(a: &Analysis, o: &mut Outcome, s: &str, start: usize, figs: &[&Figure]) {
    let exact = |f: &Figure| !f.percent && f.is_exact();
    let is_total = |f: &Figure| {
        let label = f.label.trim();
        a.rules.score.total.iter().any(|w| {
            label.starts_with(w.as_str()) && label.chars().count() <= w.chars().count() + 4
        })
    };
    let Some(t) = figs.iter().position(|f| exact(f) && is_total(f)) else {
        return;
    };
    let total = figs[t];
    if s[start..total.start].contains("其中") || is_change(a, total) {
        return;
    }
    // The total opens its clause: "…，合计 X".
    let opens = |i: usize| {
        let from = if i == 0 { start } else { figs[i - 1].unit_end };
        s[from..figs[i].start].contains(['，', ',', '、', '；', ';', '：', ':'])
            || (i == 0 && from <= figs[i].start)
    };
    if !opens(t) {
        return;
    }
    let mut parts: Vec<&Figure> = Vec::new();
    for i in (0..t).rev() {
        let f = figs[i];
        if f.unit != total.unit || !exact(f) || is_change(a, f) || is_total(f) || !opens(i) {
            return;
        }
        parts.push(f);
        let from = if i == 0 { start } else { figs[i - 1].unit_end };
        if s[from..f.start].contains(['：', ':']) {
            break;
        }
    }
    parts.reverse();
    if parts.len() < 2 {
        return;
    }
    let Some(sum) = Interval::sum(parts.iter().map(|p| p.operand())) else {
        return;
    };
    let holds = adds_up(total, sum);
    record(o, total, &parts, holds);
    if holds {
        o.verified(total);
        parts.iter().for_each(|p| o.verified(p));
    } else {
        sum_finding(a, o, total, &parts, sum, "分项列举之后的合计");
    }
}

/// Lists a stated sum among the relations checked.
fn record(o: &mut Outcome, total: &Figure, parts: &[&Figure], holds: bool) {
    let terms: Vec<&str> = parts.iter().map(|p| p.printed.as_str()).collect();
    o.checked(
        INFO.code,
        total,
        parts,
        format!("{}（合计）", total.label),
        format!("{} = {}", terms.join(" + "), total.printed),
        if holds {
            super::Status::Holds
        } else {
            super::Status::Fails
        },
    );
}

/// Whether a printed total is its parts' sum, rounded or truncated. A truncated figure stands
/// for [v, v + ulp): an integer total of 30 is no truncation of exactly 31.
fn adds_up(total: &Figure, sum: Interval) -> bool {
    match agree(total.value, total.decimals, sum) {
        Agreement::Rounded => true,
        Agreement::Truncated => {
            let t = Interval::printed(
                total.value,
                total.decimals,
                crate::interval::Rounding::Truncate,
            );
            sum.lo < t.hi || sum.lo != sum.hi
        }
        _ => false,
    }
}

/// "产出指标共 40分，下设产出数量（15分）、产出质量（10分）…": a total, then the complete list of
/// its parts (rules/words.toml `breakdown`). A list ending in 等 may be partial: then only parts
/// adding up to more than the total are wrong.
fn listed_parts(a: &Analysis, o: &mut Outcome, s: &str, end: usize, figs: &[&Figure]) {
    let w = &a.rules.sentence;
    let exact = |f: &Figure| !f.percent && f.is_exact();
    for (t, total) in figs.iter().enumerate() {
        // The label drops 共 ("产出指标共 40分" → 产出指标): read the text before the figure.
        let before = s[..total.start].trim_end();
        if !exact(total)
            || !w
                .breakdown_total
                .iter()
                .any(|x| before.ends_with(x.as_str()))
            || is_change(a, total)
        {
            continue;
        }
        let Some(next) = figs.get(t + 1) else {
            return;
        };
        let gap = &s[total.unit_end..next.start];
        if !w.breakdown.iter().any(|x| gap.contains(x.as_str())) || gap.contains("其中") {
            continue;
        }
        let parts: Vec<&Figure> = figs[t + 1..]
            .iter()
            .filter(|f| !f.percent)
            .take_while(|f| f.unit == total.unit && exact(f) && !is_change(a, f))
            .copied()
            .collect();
        if parts.len() < 2 {
            return;
        }
        let Some(sum) = Interval::sum(parts.iter().map(|p| p.operand())) else {
            return;
        };
        let last = parts[parts.len() - 1];
        let partial = s[last.unit_end..end].contains('等');
        let holds = adds_up(total, sum);
        record(o, total, &parts, holds);
        if holds {
            o.verified(total);
            parts.iter().for_each(|p| o.verified(p));
        } else if !partial || sum.lo > total.operand().hi {
            sum_finding(a, o, total, &parts, sum, "其下列出的全部分项");
        }
        return;
    }
}

/// A change against another figure or a difference of two ("减少 5.54 万元", "相差 104.79 万元").
fn is_change(a: &Analysis, f: &Figure) -> bool {
    a.rules
        .scope
        .change
        .iter()
        .chain(&a.rules.amounts.difference)
        .chain(&a.rules.sentence.previous_year)
        .any(|w| f.label.contains(w.as_str()))
}

/// The subtotal of rules/tables.toml (`[[row_relation]]`) that the total and its parts print
/// in full, by the ends of their labels ("基本支出 X，其中：人员经费 A，公用经费 B"), as
/// "基本支出 = 人员经费 + 公用经费".
fn whole_of(a: &Analysis, total: &Figure, parts: &[&Figure]) -> Option<String> {
    let ends = |label: &str, names: &[String]| {
        let k = row_key(label);
        names
            .iter()
            .map(|n| row_key(n))
            .find(|n| !n.is_empty() && k.ends_with(n.as_str()))
    };
    'relations: for r in &a.rules.row_relations {
        if r.parts.len() != parts.len() {
            continue;
        }
        let Some(t) = ends(&total.label, &r.total) else {
            continue;
        };
        let mut used = vec![false; r.parts.len()];
        let mut names = Vec::new();
        for p in parts {
            let Some((j, n)) = r
                .parts
                .iter()
                .enumerate()
                .filter(|(j, _)| !used[*j])
                .find_map(|(j, names)| ends(&p.label, names).map(|n| (j, n)))
            else {
                continue 'relations;
            };
            used[j] = true;
            names.push(n);
        }
        return Some(format!("{t} = {}", names.join(" + ")));
    }
    None
}

fn sum_finding(
    a: &Analysis,
    o: &mut Outcome,
    total: &Figure,
    parts: &[&Figure],
    sum: Interval,
    why: &str,
) {
    let expected = show(sum.mid(), total.decimals);
    let terms = parts
        .iter()
        .map(|p| p.printed.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let mut evidence = vec![a.evidence(total, total.label.clone())];
    evidence.extend(parts.iter().map(|p| a.evidence(p, p.label.clone())));
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{}印为 {}{}，而分项之和为 {}（{}）",
            total.label, total.printed, total.unit, expected, why
        ),
        message_en: format!(
            "{} is printed as {}{} but its parts add up to {}",
            total.label, total.printed, total.unit, expected
        ),
        expected: Some(expected.clone()),
        arithmetic: format!("{terms} = {expected}"),
        evidence,
    });
}

/// "设定甲和乙两项任务，两个项目合计支出 X": the named items' own figures must add up to X.
fn named_items(
    a: &Analysis,
    o: &mut Outcome,
    s: &str,
    sent: (usize, usize),
    figs: &[&Figure],
    lookups: &mut usize,
) {
    let totals = &a.rules.score.total;
    for (i, x) in figs.iter().enumerate() {
        if i == 0 || x.percent {
            continue;
        }
        let count = figs[i - 1];
        let Some(cls) = count.classifier(a.rules) else {
            continue;
        };
        let between = &s[count.unit_end..x.start];
        if !["个", "项"].contains(&cls) || between.contains(['，', ',', '；', '。']) {
            continue;
        }
        let Some(tw) = totals.iter().find(|t| between.contains(t.as_str())) else {
            continue;
        };
        let metric_words = &between[between.find(tw.as_str()).map_or(0, |p| p + tw.len())..];
        let Some((metric, _)) = a.rules.metric_ending(metric_words.trim()) else {
            continue;
        };
        let n = count.value;
        // The names: the clause before a count of the same number in this sentence.
        let list_end = figs[..i - 1]
            .iter()
            .rev()
            .find(|f| f.value == n && f.classifier(a.rules).is_some())
            .map_or(count.start, |f| f.start);
        let clause_start = s[sent.0..list_end]
            .rfind(['，', ',', '：', ':', '；'])
            .map_or(sent.0, |p| {
                sent.0 + p + s[sent.0 + p..].chars().next().map_or(1, char::len_utf8)
            });
        let names: Vec<String> = s[clause_start..list_end]
            .split(['和', '、', '及', '与'])
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        if rust_decimal::Decimal::from(names.len() as u32) != n
            || names.iter().any(|n| n.chars().count() < 4)
        {
            continue;
        }
        if *lookups >= 64 {
            return;
        }
        *lookups += 1;
        let want = |m: &str| -> Option<Vec<&Fact>> {
            names
                .iter()
                .map(|name| best_fact(a, name, m, x.line))
                .collect()
        };
        let Some(parts) = want(&metric.name).or_else(|| {
            if metric.name == "支出" {
                want("实际支出")
            } else {
                None
            }
        }) else {
            continue;
        };
        let Some(sum) = Interval::sum(parts.iter().map(|p| p.fig.operand())) else {
            continue;
        };
        match agree(x.value, x.decimals, sum) {
            Agreement::Rounded | Agreement::Truncated => {
                o.verified(x);
                continue;
            }
            _ => {}
        }
        let pf: Vec<&Figure> = parts.iter().map(|p| &p.fig).collect();
        let mut why = format!("{}个分项的{}", names.len(), metric.name);
        if let Some(budget) = want("预算安排") {
            if let Some(bs) = Interval::sum(budget.iter().map(|p| p.fig.operand())) {
                if agree(x.value, x.decimals, bs) == Agreement::Rounded {
                    why.push_str(&format!(
                        "；{} 恰为其预算安排之和（{}）",
                        x.printed,
                        budget
                            .iter()
                            .map(|p| p.fig.printed.as_str())
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ));
                }
            }
        }
        sum_finding(a, o, x, &pf, sum, &why);
    }
}

/// The text fact of `metric` whose entity best matches `name` (longest common substring,
/// at least 60% of the shorter name and 6 characters), unique.
fn best_fact<'a>(a: &'a Analysis, name: &str, metric: &str, not_line: usize) -> Option<&'a Fact> {
    let mut best: Option<(usize, &Fact)> = None;
    let mut tie = false;
    for f in a
        .facts
        .items
        .iter()
        .filter(|f| f.metric == metric && f.source == Source::Text && f.fig.line != not_line)
    {
        let e: String = f.entity.chars().filter(|c| !c.is_whitespace()).collect();
        let l = lcs(name, &e);
        let need = (name.chars().count().min(e.chars().count()) * 6)
            .div_ceil(10)
            .max(6);
        if l < need {
            continue;
        }
        match best {
            Some((bl, bf)) if l == bl && bf.fig.value != f.fig.value => tie = true,
            Some((bl, _)) if l <= bl => {}
            _ => {
                best = Some((l, f));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, f)| f)
}

/// Length in characters of the longest common substring.
fn lcs(x: &str, y: &str) -> usize {
    let x: Vec<char> = x.chars().take(64).collect();
    let y: Vec<char> = y.chars().take(64).collect();
    let mut prev = vec![0usize; y.len() + 1];
    let mut best = 0;
    for i in 1..=x.len() {
        let mut cur = vec![0usize; y.len() + 1];
        for j in 1..=y.len() {
            if x[i - 1] == y[j - 1] {
                cur[j] = prev[j - 1] + 1;
                best = best.max(cur[j]);
            }
        }
        prev = cur;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::lcs;
    use crate::{check, RawDocument, Rules};

    fn alarms(s: &str) -> Vec<String> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "stated-sum")
            .map(|f| f.evidence[0].value.clone())
            .collect()
    }

    #[test]
    fn a_subtotal_of_the_rules_is_complete() {
        let ok = "基本支出 820.50 万元。其中：人员经费 700.25 万元，主要用于工资福利；公用经费 120.25 万元，主要用于办公。";
        assert!(alarms(ok).is_empty());
        // Less than the total: other parts may exist, unless the rules say these are all.
        assert_eq!(alarms(&ok.replace("120.25", "119.95")), ["820.50"]);
        let partial = ok.replace("公用经费", "培训费");
        assert!(alarms(&partial.replace("120.25", "119.95")).is_empty());
        // More than the total: wrong whatever the parts.
        assert_eq!(alarms(&partial.replace("120.25", "121.05")), ["820.50"]);
    }

    #[test]
    fn a_subset_ends_at_a_semicolon_and_a_change_has_no_parts() {
        // 其中 without a colon: the ； ends the subset; 办结 is no part of 受理.
        let s = "全年受理申请1,200件，其中加急申请150件；办结1,180件。";
        assert!(alarms(s).is_empty());
        let colon = "全年受理申请1,200件，其中：加急申请150件；普通申请1,180件。";
        assert_eq!(alarms(colon), ["1,200"]);
        // The parts after a difference are of another figure of the sentence.
        let d =
            "全年支出800.00万元，与预算相差50.00万元。其中甲类费用500.00万元，乙类费用300.00万元。";
        assert!(alarms(d).is_empty());
    }

    #[test]
    fn the_sum_before_a_rate_and_pairs_of_scores() {
        let s = "项目执行数 96.00 万元，执行率为 96.00%。其中：补贴支出 90.00 万元，运营支出 6.80 万元。";
        assert_eq!(alarms(s), ["96.00"]);
        let scores =
            "综合得分 95.00 分。其中：甲指标分值 60 分，得分 57 分；乙指标分值 40 分，得分 38 分。";
        assert!(alarms(scores).is_empty());
    }

    #[test]
    fn longest_common_substring() {
        assert_eq!(
            lcs("市级数字档案馆建设项目", "市级数字档案馆建设运维项目"),
            9
        );
        assert_eq!(lcs("", "abc"), 0);
    }

    #[test]
    fn a_closing_total_is_no_part() {
        let ok = "会议费预算 1170.00 万元，其中：年度工作会议 500.00 万元，业务培训会议 670.00 万元，合计 1170.00 万元。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        assert_eq!(alarms(&ok.replace("670.00", "690.00")), ["1170.00"]);
    }

    #[test]
    fn an_enumeration_closed_by_its_total() {
        let ok = "各一级指标分值为：决策 15分、过程 20分、产出 40分、效益 25分，合计 100分。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        assert_eq!(alarms(&ok.replace("产出 40分", "产出 45分")), ["100"]);
        // Figures of another unit between the parts and the total: no enumeration.
        let mixed = "新建道路 5 公里、惠及 300 户，改造道路 3 公里，共计 9 公里。";
        assert!(alarms(mixed).is_empty(), "{:?}", alarms(mixed));
        // Parts start after the colon; the figure before it is not one.
        let colon = "全年支出 80.00 万元，分项为：甲 30.00 万元、乙 50.00 万元，合计 80.00 万元。";
        assert!(alarms(colon).is_empty(), "{:?}", alarms(colon));
    }

    #[test]
    fn a_total_and_the_list_of_its_parts() {
        let ok =
            "效益指标共30分，下设社会效益（20分）、生态效益（6分）和满意度（4分）三个二级指标。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        assert_eq!(alarms(&ok.replace("（6分）", "（7分）")), ["30"]);
        // A list ending in 等 may leave parts out: only an excess is wrong.
        let partial = "项目资金共 90.00 万元，分为设备购置 40.00 万元、人员培训 30.00 万元等。";
        assert!(alarms(partial).is_empty(), "{:?}", alarms(partial));
        assert_eq!(alarms(&partial.replace("40.00", "70.00")), ["90.00"]);
    }

    #[test]
    fn parts_after_a_change_break_down_the_amount() {
        // 其中 follows the change (增加 25.00): the parts add up to the amount, 46.56.
        let ok = "培训费 46.56万元，比上年预算增加 25.00万元，主要是新增培训。其中：干部轮训 25.00万元，业务培训 21.56万元。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = "培训费 46.56万元。其中：干部轮训 25.00万元，业务培训 31.56万元。";
        assert_eq!(alarms(bad), ["46.56"]);
    }
}
