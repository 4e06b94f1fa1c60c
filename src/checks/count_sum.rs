//! count-sum: a count stated with its parts ("在职人员 N 人，其中 A 人员 a 人、B 人员 b 人")
//! that the parts do not add up to.

use super::execution_rate::{compact, table_lines};
use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::{Approx, Figure};
use crate::interval::{agree, show, Agreement, Interval};

pub static INFO: RuleInfo = RuleInfo {
    code: "count-sum",
    name_zh: "总数与分项数之和不符",
    name_en: "count does not match the sum of its parts",
    severity: Severity::Warning,
    doc: "## 作用
读出\"总数，其中分项\"的计数句：\"年末在职人员 N 人，其中行政人员 a 人、事业人员 b 人、工勤人员 c 人\"、
\"共有车辆 N 辆，其中：一般公务用车 a 辆、其他用车 b 辆\"、\"低保对象共 H 户、P 人，其中城市低保对象
h1 户 p1 人，农村低保对象 h2 户 p2 人\"（按量词分别相加）。分项必须同一量词、名称并列（有共同的
结尾：…人员、…用车、…培训），且一直列到句末；分项之和多于总数为错误，少于总数为警告
（分项并列而不全的情形少见）。约数（超、余、近）、百分比、金额、括号里的\"其中\"不核对；
\"其中\"只有一项的（子集）不核对。

## What it does
Reads counts stated with their parts after 其中 and adds the parts of each measure word
(人, 户, 辆, 万人次 …). The parts must have parallel names (a common ending) and run to the end
of the sentence. Parts adding up to more than the count are an error, to less a warning.

## Why is this bad
A head count whose categories do not add up has a wrong figure somewhere.

## Example
```
年末在职人员 57 人，其中行政人员 20 人、事业人员 31 人、工勤人员 4 人。   # 20 + 31 + 4 = 55
```
Turn it off with `[rules] count-sum = false` in gouji.toml.",
};

/// Clause marks (an ASCII comma is a thousands separator in "1,103人": not one of them).
const CLAUSE: &[char] = &['，', '；', ';', '。', '：', ':', '（', '(', '）', ')'];
const PART: &[char] = &['、', '，'];

fn is_count(a: &Analysis, f: &Figure) -> bool {
    !f.percent && !f.is_money() && f.approx == Approx::Exact && f.classifier(a.rules).is_some()
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let skip = table_lines(a);
    let w = &a.rules.counts;
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        // A paragraph is a few thousand bytes; a huge line (hostile input) is not read.
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        if !w.of_which.iter().any(|x| s.contains(x.as_str())) {
            continue;
        }
        for sent in sentences(s) {
            for ow in &w.of_which {
                for (p, _) in s[sent.0..sent.1].match_indices(ow.as_str()) {
                    let at = sent.0 + p;
                    of_which(a, o, s, figs, sent, at, at + ow.len());
                }
            }
        }
    }
}

/// The common ending of the names, in characters.
fn common_suffix(names: &[String]) -> usize {
    let first: Vec<char> = names[0].chars().rev().collect();
    let mut n = first.len();
    for x in &names[1..] {
        let k = x
            .chars()
            .rev()
            .zip(first.iter())
            .take_while(|(a, b)| a == *b)
            .count();
        n = n.min(k);
    }
    n
}

fn of_which(
    a: &Analysis,
    o: &mut Outcome,
    s: &str,
    figs: &[Figure],
    sent: (usize, usize),
    at: usize,
    after: usize,
) {
    // The clause before 其中 (only a comma between), which holds the totals.
    let head = s[sent.0..at].trim_end();
    let Some(comma) = head.strip_suffix('，') else {
        return;
    };
    let head_end = sent.0 + comma.len();
    let clause_start = s[sent.0..head_end].rfind(CLAUSE).map_or(sent.0, |i| {
        sent.0 + i + s[sent.0 + i..].chars().next().map_or(1, char::len_utf8)
    });
    let totals: Vec<&Figure> = figs
        .iter()
        .filter(|f| f.start >= clause_start && f.unit_end <= head_end && is_count(a, f))
        .collect();
    if totals.is_empty() {
        return;
    }
    // The parts: clauses after 其中 up to the end of the sentence.
    let mut pos = after;
    let rest = s[pos..sent.1].trim_start_matches(['：', ':', ' ']);
    pos = sent.1 - rest.len();
    let mut clauses: Vec<(String, Vec<&Figure>)> = Vec::new();
    while pos < sent.1 {
        let end = s[pos..sent.1].find(PART).map_or(sent.1, |i| pos + i);
        let body = s[pos..end].trim_end_matches(['。', '；', ';', '！', '？']);
        let text = compact(body);
        if !text.is_empty() {
            if body.contains(CLAUSE)
                || a.rules
                    .counts
                    .of_which
                    .iter()
                    .any(|x| body.contains(x.as_str()))
            {
                return;
            }
            let inside: Vec<&Figure> = figs
                .iter()
                .filter(|f| f.start >= pos && f.start < end)
                .collect();
            let Some(first) = inside.first() else {
                return; // a part without a figure ("满意度指标一个"): not read
            };
            if !totals.iter().any(|t| t.unit == first.unit) {
                break;
            }
            let label = compact(&s[pos..first.start]);
            clauses.push((label, inside));
        }
        pos = end + s[end..].chars().next().map_or(1, char::len_utf8);
    }
    for total in &totals {
        // The last total of its unit in the clause.
        if totals
            .iter()
            .any(|t| t.unit == total.unit && t.start > total.start)
        {
            continue;
        }
        let parts: Vec<(&String, &Figure)> = clauses
            .iter()
            .filter_map(|(l, fs)| fs.iter().find(|f| f.unit == total.unit).map(|f| (l, *f)))
            .collect();
        if parts.len() < 2
            || parts.len() != clauses.len()
            || parts.iter().any(|(_, f)| !is_count(a, f))
        {
            continue;
        }
        let names: Vec<String> = parts.iter().map(|(l, _)| (*l).clone()).collect();
        if names.iter().any(|n| n.chars().count() < 2)
            || common_suffix(&names) == 0
            || (1..names.len()).any(|i| names[..i].contains(&names[i]))
        {
            continue;
        }
        let Some(sum) = Interval::sum(parts.iter().map(|(_, f)| f.operand())) else {
            continue;
        };
        match agree(total.value, total.decimals, sum) {
            Agreement::Rounded | Agreement::Truncated => {
                o.verified(total);
                parts.iter().for_each(|(_, f)| o.verified(f));
            }
            _ => finding(a, o, total, &parts, sum),
        }
    }
}

fn finding(
    a: &Analysis,
    o: &mut Outcome,
    total: &Figure,
    parts: &[(&String, &Figure)],
    sum: Interval,
) {
    let over = sum.lo > total.operand().hi;
    let shown = show(sum.mid(), total.decimals);
    let terms: Vec<&str> = parts.iter().map(|(_, f)| f.printed.as_str()).collect();
    let arithmetic = format!("{} = {}", terms.join(" + "), shown);
    let mut evidence = vec![a.evidence(total, total.label.clone())];
    evidence.extend(parts.iter().map(|(l, f)| a.evidence(f, (*l).clone())));
    o.findings.push(Finding {
        rule: INFO.code,
        severity: if over { Severity::Error } else { INFO.severity },
        message: format!(
            "{}印为 {}{}，而其中各分项之和为 {}{}{}",
            total.label,
            total.printed,
            total.unit,
            shown,
            total.unit,
            if over {
                "（分项之和超过总数）"
            } else {
                ""
            }
        ),
        message_en: format!(
            "{} is printed as {}{} but its parts add up to {}{}",
            total.label, total.printed, total.unit, shown, total.unit
        ),
        expected: Some(format!("{shown}{}", total.unit)),
        arithmetic,
        evidence,
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "count-sum")
            .collect()
    }

    #[test]
    fn staff_and_their_kinds() {
        let ok = "核定编制60名，年末在职人员55人，其中行政人员20人、事业人员31人、工勤人员4人；另有退休人员12人。";
        let big = "年末在职人员1,055人，其中：行政人员 20人、事业人员 1,031人、工勤人员 4人。";
        assert!(run(big).is_empty());
        assert_eq!(run(&big.replace("1,055", "1,065")).len(), 1);
        assert!(run(ok).is_empty());
        let bad = run(&ok.replace("在职人员55人", "在职人员57人"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("55人"));
        let bad = run(&ok.replace("事业人员31人", "事业人员38人"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].severity, crate::Severity::Error);
    }

    #[test]
    fn two_measure_words() {
        let ok = "全镇救助对象共310户、520人，其中城镇对象60户100人，农村对象250户420人。";
        assert!(run(ok).is_empty());
        let bad = run(&ok.replace("520人", "502人"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[0].value, "502");
    }

    #[test]
    fn subsets_and_unparallel_parts() {
        // One part: a subset.
        assert!(run("全年受理投诉 1,200件，其中食品类投诉 300件。").is_empty());
        // Names without a common ending: not a partition.
        assert!(run("在职人员 55人，其中党员 30人、女职工 12人。").is_empty());
        // A part not read as a figure (一个): nothing is checked.
        assert!(
            run("设置三级指标十二个，其中产出指标八个、效益指标三个、满意度指标一个。").is_empty()
        );
    }
}
