//! target-claim: "超额完成年度目标", "完成了 T 的年度目标", a row's "达到目标" where the actual
//! value printed with it falls short of the target.

use super::execution_rate::compact;
use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::{Approx, Figure};
use crate::interval::{Interval, Rounding};

pub static INFO: RuleInfo = RuleInfo {
    code: "target-claim",
    name_zh: "称完成目标而实际值未达目标",
    name_en: "target said to be met but the actual value falls short",
    severity: Severity::Warning,
    doc: "## 作用
读出称目标已完成的句子和表行（词表见 rules/counts.toml 的 target_claim、row_claim）：
- 句中：\"超额完成年度目标（年度目标值 T）\"、\"完成了 T 的年度目标\"、\"超过 T 的目标值\"：
  目标值 T 是紧跟在完成词后、其后为\"的目标\"的数，或标签以目标词结尾的数（年度目标值 T）；
  实际值是完成词之前、与 T 同单位的最近一个数；
- 表行：\"≥T 实际值 … 达到目标/无偏差\"；
- 自评表中实际完成值未达写明方向（≥/≤）的年度指标值，该行却得满分、偏差原因为空或\"无偏差\"。
实际值低于下限（或高于\"≤\"上限）即报告。否定（未、尚未、基本）、约数、与 T 单位不同的数都不核对；
没有明写\"≥/≤\"时按\"越高越好\"理解，只在句中没有下限/上限词时如此，逆向指标请写明\"≤\"。

## What it does
Finds claims that a target was met (\"超额完成年度目标（年度目标值 T）\", \"完成了 T 的年度目标\",
a row \"≥T actual … 达到目标\") where the actual value printed with the claim is below the
target (or above a \"≤\" target).

## Why is this bad
A claim of success that the report's own figures deny misleads the reader of the summary.

## Example
```
全年接待咨询 9,420 人次，超额完成年度目标（年度目标值 10,000 人次）。   # 9,420 < 10,000
```
Turn it off with `[rules] target-claim = false` in gouji.toml.",
};

fn loose(f: &Figure) -> Interval {
    let r = f.interval(Rounding::Round);
    let t = f.interval(Rounding::Truncate);
    Interval {
        lo: r.lo.min(t.lo),
        hi: r.hi.max(t.hi),
    }
}

fn same_kind(x: &Figure, y: &Figure) -> bool {
    x.percent == y.percent && (x.percent || x.unit == y.unit)
}

/// +1: at least the target (≥); −1: at most (≤); 0 when no bound word stands before it.
fn bound(a: &Analysis, before: &str) -> i32 {
    let w = &a.rules.counts;
    let b = compact(before);
    if w.at_most.iter().any(|x| b.ends_with(x.as_str())) {
        -1
    } else if w.at_least.iter().any(|x| b.ends_with(x.as_str())) {
        1
    } else {
        0
    }
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    sentences_and_rows(a, o);
    // 自评表 rows read as score tables: a missed ≥/≤ target at full marks, "无偏差".
    super::target_row::check(a, o);
}

fn sentences_and_rows(a: &Analysis, o: &mut Outcome) {
    let w = &a.rules.counts;
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        // A paragraph is a few thousand bytes; a huge line (hostile input) is not read.
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        if !w.target.iter().any(|t| s.contains(t.as_str()))
            && !w.row_claim.iter().any(|t| s.contains(t.as_str()))
        {
            continue;
        }
        row(a, o, li, s, figs);
        for sent in sentences(s) {
            let mut taken: Vec<(usize, usize)> = Vec::new();
            let mut words: Vec<&String> = w.target_claim.iter().collect();
            words.sort_by_key(|x| std::cmp::Reverse(x.len()));
            for cw in words {
                for (p, _) in s[sent.0..sent.1].match_indices(cw.as_str()) {
                    let at = sent.0 + p;
                    let end = at + cw.len();
                    if taken.iter().any(|&(x, y)| at < y && end > x) {
                        continue;
                    }
                    taken.push((at, end));
                    claim(a, o, li, s, figs, sent, at, end);
                }
            }
        }
    }
}

fn is_target_label(a: &Analysis, f: &Figure) -> bool {
    let l = compact(&f.label);
    a.rules
        .counts
        .target
        .iter()
        .any(|t| l.ends_with(t.as_str()))
}

#[allow(clippy::too_many_arguments)]
fn claim(
    a: &Analysis,
    o: &mut Outcome,
    li: usize,
    s: &str,
    figs: &[Figure],
    sent: (usize, usize),
    at: usize,
    end: usize,
) {
    let w = &a.rules.counts;
    // Denied ("尚未完成", "未达到", "基本完成").
    let before = compact(&s[sent.0..at]);
    if w.negation.iter().any(|n| before.ends_with(n.as_str())) {
        return;
    }
    // The claim names a target in its clause: "完成年度目标", "完成了 T 的年度目标".
    let clause_end = s[end..sent.1]
        .find(['，', '；', '。', '（', '('])
        .map_or(sent.1, |i| end + i);
    let clause = compact(&s[end..clause_end]);
    if !w.target.iter().any(|t| clause.contains(t.as_str())) {
        return;
    }
    // The target: right after the claim word and followed by "的…目标", or labelled with a target word.
    let right_after = figs.iter().find(|f| {
        f.start >= end
            && compact(&s[end..f.start]).is_empty()
            && w.target.iter().any(|t| {
                compact(&s[f.unit_end..clause_end]).trim_start_matches('的') == t.as_str()
                    || compact(&s[f.unit_end..clause_end]) == format!("的{t}")
            })
    });
    let target = right_after.or_else(|| {
        figs.iter()
            .find(|f| f.start >= sent.0 && f.start < sent.1 && is_target_label(a, f))
    });
    let Some(t) = target else { return };
    if t.approx != Approx::Exact {
        return;
    }
    // The actual value: the last figure of the target's kind before the claim.
    let Some(actual) = figs.iter().rfind(|f| {
        f.start >= sent.0
            && f.unit_end <= at
            && !std::ptr::eq(*f, t)
            && same_kind(f, t)
            && !is_target_label(a, f)
    }) else {
        return;
    };
    if actual.approx != Approx::Exact {
        return;
    }
    let dir = match bound(a, &s[sent.0..t.start]) {
        0 => 1,
        d => d,
    };
    judge(a, o, li, s, (at, end), actual, t, dir);
}

/// "≥T actual … 达到目标": a row of a target table.
fn row(a: &Analysis, o: &mut Outcome, li: usize, s: &str, figs: &[Figure]) {
    let w = &a.rules.counts;
    for (i, t) in figs.iter().enumerate() {
        let dir = bound(a, &s[..t.start]);
        if dir == 0 || t.approx != Approx::Exact {
            continue;
        }
        let Some(actual) = figs.get(i + 1) else {
            continue;
        };
        if !same_kind(actual, t)
            || actual.approx != Approx::Exact
            || !compact(&s[t.unit_end..actual.start]).is_empty()
        {
            continue;
        }
        // The claim in the row after the actual value, before any other bound.
        let rest_end = figs[i + 1..]
            .iter()
            .find(|f| bound(a, &s[..f.start]) != 0)
            .map_or(s.len(), |f| f.start);
        let rest = &s[actual.unit_end..rest_end];
        let Some((p, cw)) = w
            .row_claim
            .iter()
            .filter_map(|c| rest.find(c.as_str()).map(|p| (p, c)))
            .min_by_key(|(p, _)| *p)
        else {
            continue;
        };
        let at = actual.unit_end + p;
        let before = compact(&s[actual.unit_end..at]);
        if w.negation.iter().any(|n| before.ends_with(n.as_str())) {
            continue;
        }
        judge(a, o, li, s, (at, at + cw.len()), actual, t, dir);
    }
}

#[allow(clippy::too_many_arguments)]
fn judge(
    a: &Analysis,
    o: &mut Outcome,
    li: usize,
    s: &str,
    word: (usize, usize),
    actual: &Figure,
    target: &Figure,
    dir: i32,
) {
    // A target is a stated threshold, not a rounded measurement: "≤2%" is 2% exactly.
    let (x, y) = (loose(actual), Interval::point(target.value));
    let short = if dir > 0 { x.hi < y.lo } else { x.lo > y.hi };
    // An inequality that holds verifies no printed value (a changed figure may still hold it).
    if !short {
        return;
    }
    let claim_text = s[word.0..word.1].to_owned();
    let unit = |f: &Figure| {
        if f.percent {
            String::new()
        } else {
            f.unit.clone()
        }
    };
    let (cmp, cmp_en) = if dir > 0 {
        ("低于", "below")
    } else {
        ("高于", "above")
    };
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "称“{}”，而实际值 {}{} {}目标值 {}{}",
            claim_text,
            actual.printed,
            unit(actual),
            cmp,
            target.printed,
            unit(target)
        ),
        message_en: format!(
            "says the target was met (\"{}\") but the actual {} is {} the target {}",
            claim_text, actual.printed, cmp_en, target.printed
        ),
        expected: None,
        arithmetic: format!(
            "{} {} {}",
            actual.printed,
            if dir > 0 { "<" } else { ">" },
            target.printed
        ),
        evidence: vec![
            a.evidence_at(li, word.0, claim_text, String::new()),
            a.evidence(actual, actual.label.clone()),
            a.evidence(target, "目标值"),
        ],
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "target-claim")
            .collect()
    }

    #[test]
    fn claim_with_a_labelled_target() {
        let ok = "全年接待咨询 10,420 人次，超额完成年度目标（年度目标值 10,000 人次）。";
        assert!(run(ok).is_empty());
        let bad = run(&ok.replace("10,420", "9,420"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[1].value, "9,420");
        // Denied: no claim.
        assert!(run(&ok
            .replace("10,420", "9,420")
            .replace("超额完成", "尚未完成"))
        .is_empty());
    }

    #[test]
    fn claim_with_the_target_after_it() {
        let ok = "全市垃圾分类覆盖率 96.30%，完成了 95% 的年度目标。";
        assert!(run(ok).is_empty());
        assert_eq!(run(&ok.replace("96.30%", "94.30%")).len(), 1);
        // A rate of completion is no target.
        assert!(run("新增就业 5.2万人，完成年度目标的 104.00%。").is_empty());
    }

    #[test]
    fn target_rows() {
        let ok = "数量指标 培训农民人数 ≥1500人 1,526人 达到目标";
        assert!(run(ok).is_empty());
        assert_eq!(run(&ok.replace("1,526人", "1,486人")).len(), 1);
        let ok = "质量指标 投诉率 ≤2% 1.60% 达到目标";
        assert!(run(ok).is_empty());
        assert_eq!(run(&ok.replace("1.60%", "2.40%")).len(), 1);
        assert!(run("质量指标 验收合格率 ≥98% 97.10% 未达到").is_empty());
    }
}
