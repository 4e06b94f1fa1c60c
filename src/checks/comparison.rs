//! comparative-word and pp-difference: a comparison of two printed figures ("B，较上年的 A
//! 增加/下降 …", "由 A 提高到 B，提高 N 个百分点") against its own direction words and the
//! difference it states.

use rust_decimal::Decimal;

use super::execution_rate::{compact, rate_fixed, table_lines};
use super::{compare, Evidence, Finding, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::{Approx, Figure};
use crate::interval::{agree_under, show, Agreement, Interval, Rounding};

pub static COMPARATIVE: RuleInfo = RuleInfo {
    code: "comparative-word",
    name_zh: "增减方向词与数据不符",
    name_en: "direction word contradicts the figures",
    severity: Severity::Warning,
    doc: "## 作用
读出比较两个数的句子：\"B，较上年的 A 有所增加\"、\"支出决算比上年的 A 减少 D，下降 r%\"、
\"由 A 提高到 B\"、\"本年 B，上年为 A，较上年增加 D\"，以其方向词（增加、增长、提高、上升 / 减少、
下降、降低，见 rules/counts.toml 与 rules/words.toml）对照 B − A 的符号；同一变化先后写作
\"增加 D，下降 r%\" 时，以本年数 B 算出两种读法（D / (B − D)、D / (B + D)），指出与 r 不符的那个词。
只比较同一单位的两个数；数字以区间算术比较，相等（区间重叠）时不判断方向。

## What it does
Reads sentences comparing two figures (\"B，较上年的 A 有所增加\", \"由 A 提高到 B\",
\"上年为 A，较上年增加 D\") and checks their direction words against the sign of B − A. When one
change is called both ways (\"比上年增加 D 万元，下降 r%\") with this year's B printed before it,
the reading that r fits (D / (B − D) or D / (B + D)) tells which word is wrong.

## Why is this bad
A report that calls a fall an increase tells the reader the opposite of its own figures.

## Example
```
全市图书馆流通 86.20 万人次，较上年的 90.15 万人次有所增加。   # 86.20 < 90.15
```
Turn it off with `[rules] comparative-word = false` in gouji.toml.",
};

pub static POINTS: RuleInfo = RuleInfo {
    code: "pp-difference",
    name_zh: "百分点差值与两个比率不符",
    name_en: "difference in percentage points does not match the two rates",
    severity: Severity::Error,
    doc: "## 作用
两个比率相比（\"合格率 B%，较上年的 A% 提高 N 个百分点\"、\"由 A% 提高到 B%，提高 N 个百分点\"）：
N 必须等于 |B − A|（按印出位数的区间）。写作 \"提高 N%\" 时，N 若既不是相对变化 |B − A| / A，
而恰是百分点差值 |B − A|，则为单位错误（警告：数值对、单位错，应为\"个百分点\"）。

## What it does
Where two rates are compared, a difference stated in 个百分点 must be |B − A|; a difference
written as \"N%\" that is not the relative change but is exactly |B − A| is reported as a
wrong unit (warning).

## Why is this bad
Percentage points and percent differ: 9.86% against 10.60% is 0.74 points lower, 6.98% lower.

## Example
```
抽检合格率 96.40%，较上年的 95.85% 提高 0.65 个百分点。   # 0.55
```
Turn it off with `[rules] pp-difference = false` in gouji.toml.",
};

/// A direction word, with the figure it is given (\"增加 D\", \"提高 N 个百分点\").
struct Step<'f> {
    dir: i32,
    /// Byte range of the word (and its figure) in the line.
    at: usize,
    end: usize,
    fig: Option<&'f Figure>,
    /// The figure is in 个百分点.
    points: bool,
}

struct Comparison<'f> {
    earlier: Option<&'f Figure>,
    later: Option<&'f Figure>,
    steps: Vec<Step<'f>>,
}

/// A printed figure as every value it may stand for (rounded or truncated).
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

/// +1 / −1 when `t` (compacted) is a direction word, fillers around it allowed.
fn direction_word(a: &Analysis, t: &str) -> Option<i32> {
    let w = &a.rules.sentence;
    let fill = &a.rules.counts.direction_fillers;
    let mut t = t.trim_matches(|c: char| c.is_whitespace());
    loop {
        let before = t;
        for f in fill {
            t = t.strip_prefix(f.as_str()).unwrap_or(t);
            t = t.strip_suffix(f.as_str()).unwrap_or(t);
        }
        if t == before {
            break;
        }
    }
    if w.increase.iter().any(|x| x == t) {
        Some(1)
    } else if w.decrease.iter().any(|x| x == t) {
        Some(-1)
    } else {
        None
    }
}

/// Clause marks (an ASCII comma is a thousands separator in "1,628.19": not one of them).
const CLAUSE: &[char] = &['，', '；', ';', '。', '：', ':', '（', '(', '）', ')'];

/// The direction words from `pos` on, each with its figure: "提高 0.45 个百分点"，"下降 r%" ….
fn steps<'f>(
    a: &Analysis,
    s: &str,
    seq: &'f [Figure],
    mut pos: usize,
    end: usize,
) -> Vec<Step<'f>> {
    let mut out = Vec::new();
    while pos < end {
        let seg_end = s[pos..end].find(CLAUSE).map_or(end, |i| pos + i);
        let fig = seq
            .iter()
            .find(|f| f.start >= pos && f.start < seg_end.max(pos + 1) && f.start < end);
        let word_end = fig.map_or(seg_end, |f| f.start);
        let Some(dir) = direction_word(a, &compact(&s[pos..word_end])) else {
            break;
        };
        let mut after = fig.map_or(seg_end, |f| f.unit_end);
        let mut points = false;
        if let Some(f) = fig {
            let rest = &s[f.end..];
            let rest_t = rest.trim_start();
            if let Some(p) = a
                .rules
                .counts
                .points
                .iter()
                .filter(|p| rest_t.starts_with(p.as_str()))
                .max_by_key(|p| p.len())
            {
                points = !f.percent;
                after = f.end + (rest.len() - rest_t.len()) + p.len();
            }
        }
        // Nothing else may follow in the clause ("增加 D 万元，主要是" ends the steps after it).
        let clause_end = s[after.min(end)..end]
            .find(CLAUSE)
            .map_or(end, |i| after + i);
        let tail_ok = compact(&s[after.min(clause_end)..clause_end]).is_empty();
        let first = s[pos..word_end].len() - s[pos..word_end].trim_start().len() + pos;
        out.push(Step {
            dir,
            at: first,
            end: after,
            fig,
            points,
        });
        if !tail_ok || clause_end >= end {
            break;
        }
        let mark = s[clause_end..].chars().next().unwrap_or('，');
        if mark != '，' {
            break;
        }
        pos = clause_end + mark.len_utf8();
    }
    out
}

/// After a comparison word (比, 较, 与 …): the previous year or a year, then 的/同期/相比.
fn reference_end(a: &Analysis, s: &str, after: usize) -> Option<usize> {
    let w = &a.rules.sentence;
    let rest = s[after..].trim_start();
    let mut p = after + (s[after..].len() - rest.len());
    if let Some(y) = w
        .previous_year
        .iter()
        .filter(|y| rest.starts_with(y.as_str()))
        .max_by_key(|y| y.len())
    {
        p += y.len();
    } else {
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits != 4 {
            return None;
        }
        let r = rest[4..].trim_start();
        let r = r.strip_prefix('年')?;
        p = s.len() - r.len();
        if s[p..].starts_with('度') {
            p += '度'.len_utf8();
        }
    }
    for tail in ["同期", "相比", "的", "为"] {
        let r = s[p..].trim_start();
        if let Some(t) = r.strip_prefix(tail) {
            p = s.len() - t.len();
        }
    }
    // "比上年（93.12%）提高": the earlier value may stand in brackets.
    let r = s[p..].trim_start_matches([' ', '，', ',', '（', '(']);
    Some(s.len() - r.len())
}

fn is_previous(a: &Analysis, f: &Figure) -> bool {
    let l = compact(&f.label);
    a.rules
        .sentence
        .previous_year
        .iter()
        .any(|y| l.contains(y.as_str()))
}

fn comparisons<'f>(
    a: &Analysis,
    s: &str,
    seq: &'f [Figure],
    sent: (usize, usize),
) -> Vec<Comparison<'f>> {
    let w = &a.rules.sentence;
    let mut out = Vec::new();
    let text = &s[sent.0..sent.1];
    // "B，较上年的 A 增加", "比上年增加 D".
    for c in &w.compare {
        for (p, _) in text.match_indices(c.as_str()) {
            let marker = sent.0 + p;
            let Some(end) = reference_end(a, s, marker + c.len()) else {
                continue;
            };
            if end > sent.1 {
                continue;
            }
            let earlier = seq
                .iter()
                .find(|f| f.start >= end && f.start < sent.1)
                .filter(|f| compact(&s[end..f.start]).is_empty() && f.approx == Approx::Exact);
            let from = earlier.map_or(end, |f| {
                let rest = &s[f.unit_end..];
                let open = s[..f.start].trim_end().ends_with(['（', '(']);
                let closed = rest.trim_start().strip_prefix(['）', ')']);
                match closed {
                    Some(r) if open => s.len() - r.len(),
                    _ => f.unit_end,
                }
            });
            let steps = steps(a, s, seq, from, sent.1);
            if steps.is_empty() {
                continue;
            }
            let mut earlier = earlier;
            let mut later = later_before(a, s, seq, marker, sent);
            if earlier.is_none() {
                // "上年为 A，较上年增加 D": A is labelled with the previous year.
                if let Some(l) = later.filter(|l| is_previous(a, l)) {
                    earlier = Some(l);
                    later = seq.iter().rfind(|f| {
                        f.unit_end <= l.start
                            && f.start >= sent.0
                            && same_kind(f, l)
                            && f.approx == Approx::Exact
                            && !is_previous(a, f)
                    });
                }
            } else if later.is_some_and(|l| is_previous(a, l)) {
                later = None;
            }
            out.push(Comparison {
                earlier,
                later,
                steps,
            });
        }
    }
    // "由 A 提高到 B".
    for fw in &a.rules.counts.from {
        for (p, _) in text.match_indices(fw.as_str()) {
            let marker = sent.0 + p;
            let after = marker + fw.len();
            let Some(i) = seq
                .iter()
                .position(|f| f.start >= after && f.start < sent.1)
            else {
                continue;
            };
            let earlier = &seq[i];
            let between = compact(&s[after..earlier.start]);
            // "由2022年的 A", "由上年的 A", or A right after.
            let ok_between = between.is_empty()
                || reference_end(a, s, after).is_some_and(|e| e >= earlier.start)
                || between.ends_with("年的")
                || between.ends_with("年度的");
            if !ok_between || earlier.approx != Approx::Exact {
                continue;
            }
            let Some(later) = seq.get(i + 1).filter(|f| f.start < sent.1) else {
                continue;
            };
            let mid = compact(&s[earlier.unit_end..later.start]);
            let Some(to) = a
                .rules
                .counts
                .to
                .iter()
                .find(|t| mid.ends_with(t.as_str()) && mid.len() > t.len())
            else {
                continue;
            };
            let Some(dir) = direction_word(a, &mid[..mid.len() - to.len()]) else {
                continue;
            };
            let mut st = vec![Step {
                dir,
                at: earlier.unit_end,
                end: later.start,
                fig: None,
                points: false,
            }];
            let rest = s[later.unit_end..sent.1].trim_start_matches([' ', '，', ',']);
            st.extend(steps(a, s, seq, sent.1 - rest.len(), sent.1));
            out.push(Comparison {
                earlier: Some(earlier),
                later: Some(later),
                steps: st,
            });
        }
    }
    out
}

/// The later value B of "B，较上年…": the figure right before the comparison (only a comma
/// between), or, when the comparison names its subject ("支出决算比上年的 A"), the last figure
/// before it in the line labelled with that subject.
fn later_before<'f>(
    a: &Analysis,
    s: &str,
    seq: &'f [Figure],
    marker: usize,
    sent: (usize, usize),
) -> Option<&'f Figure> {
    let head = &s[..marker];
    let clause = head.rfind(CLAUSE).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let subject = compact(&s[clause.max(sent.0).min(marker)..marker]);
    let prev = seq.iter().rfind(|f| f.unit_end <= marker)?;
    if subject.is_empty() {
        let between = compact(&s[prev.unit_end..marker]);
        return (between.trim_matches(['，', ',']).is_empty()
            && prev.approx == Approx::Exact
            && prev.start >= sent.0.min(clause))
        .then_some(prev);
    }
    let _ = a;
    if subject.chars().count() < 2 || seq.iter().any(|f| f.start >= clause && f.start < marker) {
        return None;
    }
    seq.iter()
        .filter(|f| f.unit_end <= clause && f.approx == Approx::Exact)
        .rfind(|f| {
            let l = compact(&f.label);
            l.chars().count() >= 2 && l.ends_with(&subject)
        })
}

/// pp-difference findings are made by [`check`] (one reading of the comparisons serves both).
pub fn check_points(_: &Analysis, _: &mut Outcome) {}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let skip = table_lines(a);
    for (li, figs) in a.figures.iter().enumerate() {
        if skip.contains(&li) {
            continue;
        }
        let s = a.text.lines[li].text.as_str();
        // A paragraph is a few thousand bytes; a huge line (hostile input) is not read.
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        let w = &a.rules.sentence;
        let said = |words: &[String]| words.iter().any(|x| s.contains(x.as_str()));
        if !(said(&w.increase) || said(&w.decrease)) {
            continue;
        }
        let seq = rate_fixed(s, figs);
        let mut seen = Vec::new();
        for sent in sentences(s) {
            for c in comparisons(a, s, &seq, sent) {
                if seen.contains(&c.steps[0].at) {
                    continue;
                }
                seen.push(c.steps[0].at);
                judge(a, o, li, s, &c);
            }
        }
    }
}

fn word_evidence(a: &Analysis, li: usize, s: &str, st: &Step) -> Evidence {
    a.evidence_at(li, st.at, s[st.at..st.end].trim(), "")
}

fn judge(a: &Analysis, o: &mut Outcome, li: usize, s: &str, c: &Comparison) {
    let pair = match (c.earlier, c.later) {
        (Some(x), Some(y)) if same_kind(x, y) && !std::ptr::eq(x, y) => Some((x, y)),
        _ => None,
    };
    if let Some((ea, la)) = pair {
        let Some(diff) = loose(la).sub(loose(ea)) else {
            return;
        };
        let actual = if diff.lo > Decimal::ZERO {
            1
        } else if diff.hi < Decimal::ZERO {
            -1
        } else {
            0
        };
        for st in &c.steps {
            if actual != 0 && st.dir != actual {
                wrong_word(a, o, li, s, st, la, ea, &diff);
                return;
            }
        }
        if actual == 0 {
            return;
        }
        for st in &c.steps {
            let Some(f) = st.fig else { continue };
            if !(ea.percent && la.percent) {
                continue;
            }
            let abs = diff.abs();
            if st.points {
                compare(
                    a,
                    o,
                    &POINTS,
                    Relation {
                        fig: f,
                        computed: abs,
                        arithmetic: format!("{} − {}", la.printed, ea.printed),
                        operands: vec![la, ea],
                        what_zh: "两个比率之差（个百分点）".into(),
                        what_en: "difference of the two rates (points)".into(),
                    },
                );
            } else if f.percent {
                percent_for_points(a, o, f, la, ea, abs);
            }
        }
        return;
    }
    // Only this year's value: "B 万元，比上年增加 D 万元，下降 r%".
    let (Some(x), Some(y)) = (c.steps.first(), c.steps.get(1)) else {
        return;
    };
    if x.dir == y.dir {
        return;
    }
    let (Some(d), Some(r)) = (x.fig, y.fig) else {
        return;
    };
    if d.percent || !r.percent || x.points || y.points {
        return;
    }
    let b = c.later.filter(|b| same_kind(b, d));
    let reading = |dir: i32| -> Option<bool> {
        let b = b?;
        let base = if dir > 0 {
            loose(b).sub(loose(d))?
        } else {
            loose(b).add(loose(d))?
        };
        if base.lo <= Decimal::ZERO {
            return Some(false);
        }
        let rate = loose(d)
            .div(base)?
            .mul(Interval::point(Decimal::ONE_HUNDRED))?;
        Some(matches!(
            agree_under(a.rules.rounding, r.value.abs(), r.decimals, rate),
            Agreement::Rounded | Agreement::Truncated
        ))
    };
    let (up, down) = (reading(1), reading(-1));
    let wrong = match (up, down) {
        (Some(true), Some(false)) => Some(if x.dir < 0 { x } else { y }),
        (Some(false), Some(true)) => Some(if x.dir > 0 { x } else { y }),
        _ => None,
    };
    let (wz, we) = if wrong.unwrap_or(x).dir > 0 {
        ("增加", "an increase")
    } else {
        ("减少", "a decrease")
    };
    let mut evidence = vec![word_evidence(a, li, s, wrong.unwrap_or(x))];
    let other = if wrong.is_some_and(|w| std::ptr::eq(w, x)) {
        y
    } else {
        x
    };
    evidence.push(word_evidence(a, li, s, other));
    if let Some(b) = b {
        evidence.push(a.evidence(b, b.label.clone()));
    }
    let (message, message_en, arithmetic) = match (wrong, b) {
        (Some(_), Some(b)) => {
            let base = if wz == "增加" {
                loose(b).add(loose(d))
            } else {
                loose(b).sub(loose(d))
            };
            let base = base.map(|i| show(i.mid(), b.decimals)).unwrap_or_default();
            (
                format!(
                    "同一变化先后写作“{}”与“{}”：按 {} 与 {} 只能是{}，“{}”与数据不符",
                    s[x.at..x.end].trim(),
                    s[y.at..y.end].trim(),
                    b.printed,
                    r.printed,
                    if wz == "增加" { "减少" } else { "增加" },
                    wz
                ),
                format!(
                    "one change is called both ways; with {} and {} it is {}, not {}",
                    b.printed,
                    r.printed,
                    if wz == "增加" {
                        "a decrease"
                    } else {
                        "an increase"
                    },
                    we
                ),
                format!(
                    "{} / {} × 100% = {}（上年数 {}）",
                    d.printed, base, r.printed, base
                ),
            )
        }
        _ => (
            format!(
                "同一变化先后写作“{}”与“{}”，方向相反",
                s[x.at..x.end].trim(),
                s[y.at..y.end].trim()
            ),
            "one change is called both an increase and a decrease".to_owned(),
            format!("{} ≠ {}", s[x.at..x.end].trim(), s[y.at..y.end].trim()),
        ),
    };
    o.findings.push(Finding {
        rule: COMPARATIVE.code,
        severity: COMPARATIVE.severity,
        message,
        message_en,
        expected: None,
        arithmetic,
        evidence,
    });
}

#[allow(clippy::too_many_arguments)]
fn wrong_word(
    a: &Analysis,
    o: &mut Outcome,
    li: usize,
    s: &str,
    st: &Step,
    later: &Figure,
    earlier: &Figure,
    diff: &Interval,
) {
    let word = s[st.at..st.end].trim();
    let (rel, rel_en) = if st.dir > 0 {
        ("少于", "less than")
    } else {
        ("多于", "more than")
    };
    fn pct(f: &Figure) -> &str {
        if f.percent {
            ""
        } else {
            f.unit.as_str()
        }
    }
    let mut evidence = vec![word_evidence(a, li, s, st)];
    evidence.push(a.evidence(later, later.label.clone()));
    evidence.push(a.evidence(earlier, earlier.label.clone()));
    o.findings.push(Finding {
        rule: COMPARATIVE.code,
        severity: COMPARATIVE.severity,
        message: format!(
            "写作“{}”，而 {}{} {} {}{}：方向与数据相反",
            word,
            later.printed,
            pct(later),
            rel,
            earlier.printed,
            pct(earlier)
        ),
        message_en: format!(
            "says \"{}\" but {} is {} {}",
            word, later.printed, rel_en, earlier.printed
        ),
        expected: Some(if st.dir > 0 { "减少" } else { "增加" }.to_owned()),
        arithmetic: format!(
            "{} − {} = {}",
            later.printed,
            earlier.printed,
            show(diff.mid(), later.decimals.max(earlier.decimals))
        ),
        evidence,
    });
}

/// "提高 N%" between two rates: N must be the relative change; when it is the difference in
/// points instead, the unit is wrong.
fn percent_for_points(
    a: &Analysis,
    o: &mut Outcome,
    f: &Figure,
    later: &Figure,
    earlier: &Figure,
    points: Interval,
) {
    let holds = |c: Interval| {
        matches!(
            agree_under(a.rules.rounding, f.value.abs(), f.decimals, c),
            Agreement::Rounded | Agreement::Truncated
        )
    };
    let relative = points
        .div(loose(earlier))
        .and_then(|x| x.mul(Interval::point(Decimal::ONE_HUNDRED)));
    if relative.is_some_and(holds) {
        o.verified(f);
        return;
    }
    if !holds(points) {
        return;
    }
    let rel = relative
        .map(|r| format!("{}%", show(r.mid(), f.decimals)))
        .unwrap_or_default();
    let n = f.printed.trim_end_matches('%').trim();
    o.findings.push(Finding {
        rule: POINTS.code,
        severity: Severity::Warning,
        message: format!(
            "两个比率之差写作 {}：{} 与 {} 相差 {} 个百分点（相对变化为 {}），单位应为“个百分点”",
            f.printed, later.printed, earlier.printed, n, rel
        ),
        message_en: format!(
            "the difference of two rates is written {}: {} against {} is {} percentage points ({} relative)",
            f.printed, later.printed, earlier.printed, n, rel
        ),
        expected: Some(format!("{n}个百分点")),
        arithmetic: format!(
            "{} − {} = {} 个百分点；{} / {} = {}",
            later.printed, earlier.printed, n, n, earlier.printed, rel
        ),
        evidence: vec![
            a.evidence(f, "差值"),
            a.evidence(later, later.label.clone()),
            a.evidence(earlier, earlier.label.clone()),
        ],
    });
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str, rule: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    #[test]
    fn direction_against_two_values() {
        let ok = "全市图书馆流通 96.20 万人次，较上年的 90.15 万人次有所增加。";
        assert!(run(ok, "comparative-word").is_empty());
        let bad = run(&ok.replace("96.20", "86.20"), "comparative-word");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[0].value, "有所增加");
    }

    #[test]
    fn the_second_word_of_one_change() {
        let ok = "全年支出 952.30 万元。支出比上年的 1,002.40 万元减少 50.10 万元，下降 5.0%，主要是项目完工。";
        assert!(run(ok, "comparative-word").is_empty());
        let bad = run(&ok.replace("下降 5.0%", "增长 5.0%"), "comparative-word");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[0].value, "增长 5.0%");
    }

    #[test]
    fn last_year_labelled_before() {
        let ok = "全区受益学生 8,120人，上年为 7,960人，较上年增加 160人，主要是新生入学。";
        assert!(run(ok, "comparative-word").is_empty());
        let bad = run(&ok.replace("8,120人", "7,800人"), "comparative-word");
        assert_eq!(bad.len(), 1, "{bad:?}");
    }

    #[test]
    fn two_words_for_one_change() {
        // 21.40 + 6.60 = 28.00; 6.60 / 28.00 = 23.57%: a decrease.
        let ok = "接待费实际支出 21.40 万元，比上年减少 6.60 万元，下降 23.57%，主要是压减。";
        assert!(run(ok, "comparative-word").is_empty());
        let bad = run(&ok.replace("减少 6.60", "增加 6.60"), "comparative-word");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].evidence[0].value, "增加 6.60 万元");
    }

    #[test]
    fn points_difference_of_a_bracketed_earlier_value() {
        let ok = "群众满意度为 97.10%，比上年（95.75%）提升 1.35 个百分点。";
        assert!(run(ok, "pp-difference").is_empty());
        assert!(run(ok, "comparative-word").is_empty());
        let bad = run(&ok.replace("1.35", "1.53"), "pp-difference");
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].expected.as_deref(), Some("1.35"));
    }

    #[test]
    fn points_difference() {
        let ok = "抽检合格率 96.40%，较上年的 95.85% 提高 0.55 个百分点。";
        assert!(run(ok, "pp-difference").is_empty());
        let bad = run(&ok.replace("0.55", "0.65"), "pp-difference");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].expected.as_deref(), Some("0.55"));
        let ok = "处置率由 2023 年的 90.10% 提高到 93.30%，提高 3.20 个百分点。";
        assert!(run(ok, "pp-difference").is_empty());
        assert_eq!(run(&ok.replace("3.20", "3.02"), "pp-difference").len(), 1);
    }

    #[test]
    fn percent_written_for_points() {
        // 3.20 points; 3.55% relative.
        let ok = "处置率由 2023 年的 90.10% 提高到 93.30%，提高 3.55%。";
        assert!(run(ok, "pp-difference").is_empty());
        let bad = run(&ok.replace("3.55%", "3.20%"), "pp-difference");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].severity, crate::Severity::Warning);
        let bad = run(
            "管网漏损率 8.20%，较上年的 9.00% 下降 0.80%。",
            "pp-difference",
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
    }
}
