//! repeated-fact: one fact printed with different values in different places.

use std::collections::BTreeMap;

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::{Count, Fact, DEPARTMENT};
use crate::figures::Figure;
use crate::interval::Rounding;

pub static INFO: RuleInfo = RuleInfo {
    code: "repeated-fact",
    name_zh: "同一事实前后数值不一",
    name_en: "one fact printed with different values",
    severity: Severity::Warning,
    doc: "## What it does
Groups the figures that print the same fact — the same metric (names unified through the
aliases of rules/metrics.toml) of the same entity (the department as a whole, one project,
one score item, the grand-total row of a table) — and reports a group whose printings differ.
Printings of different precision agree when one rounds to the other (99.6% and 99.59%);
approximate printings (超 900期, 约 3.37亿条) are bounds and are left out. Counts of the same
thing (\"50场大型活动\" and \"60场大型活动及应急任务\") are compared too. A figure 10,000 times
another is named as a 万元/元 slip.
Facts come from sentences, tables, the results and operands of formulas written out in the
text (\"部门预算执行率 = a/b×100% = r%\": a is 实际支出 and b 调整后预算, by rules/indicators.toml),
and the value an indicator heading that names a rate achieved (\"（2）群众投诉办结率\" … \"办结率
99.18%\"). In a report on one project (its title names a project word, no department word),
\"本项目\" and subjectless metrics are that project's. Also compared: a paragraph printed twice,
figure by figure, and a formula's operand against the figure its sentence has just printed
(\"预算 360.50万元 … 执行率=352.18/360.50\"). Last, two figures with one unit (in prose, or one of them in a table row
that prints its unit) that differ
only by two neighbouring digits swapped (14,372件 and 14,327件), printed after the same name of
four or more characters (not only a metric every unit reports, not two names that open with
different nouns such as 城市/农村), neither an earlier year's value, a target, a bound or the
start of a change: one fact copied with its digits transposed.

## Why is this bad
A reader who meets two values for one fact cannot know which one is true, and every
figure computed from the wrong one is wrong too. Even a one-digit difference (85.46% and
85.47%) must be looked at.

## Example
```
预算执行率 99.59%            # 一(三)
预算支出执行率为 99.54%      # 二, indicator (1)
```
Turn it off with `[rules] repeated-fact = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    // First: what the other checks confirmed, not this one's own agreements, rules out a
    // figure as the slip of an operand.
    super::restated_operand::check(a, o);
    same_sentences(a, o);
    let mut groups: BTreeMap<(&str, &str), Vec<&Fact>> = BTreeMap::new();
    for f in &a.facts.items {
        groups
            .entry((f.entity.as_str(), f.metric.as_str()))
            .or_default()
            .push(f);
    }
    for ((entity, metric), facts) in groups {
        let figs: Vec<&Figure> = facts.iter().map(|f| &f.fig).collect();
        report(
            a,
            o,
            &figs,
            &format!("{}的{}", who_zh(entity), metric),
            &format!("{} of {}", metric, who_en(entity)),
        );
    }
    counts(a, o);
    transposed(a, o);
}

/// The digits of a printed figure, separators dropped ("14,327" → "14327", "9.68" kept).
fn digits(f: &Figure) -> String {
    f.printed
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

/// Two printings equal but for two neighbouring digits swapped (14,327 and 14,372).
fn swapped(x: &str, y: &str) -> bool {
    let (x, y) = (x.as_bytes(), y.as_bytes());
    if x.len() != y.len() {
        return false;
    }
    let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    matches!(diff.as_slice(), [i, j] if *j == i + 1
        && x[*i].is_ascii_digit() && x[*j].is_ascii_digit()
        && x[*i] == y[*j] && x[*j] == y[*i])
}

fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Up to `n` characters printed before byte `at` of a line, anything but an ideograph as '|'.
fn ideographs_before(s: &str, at: usize, n: usize) -> Vec<char> {
    let mut v: Vec<char> = s[..at]
        .chars()
        .rev()
        .take(n)
        .map(|c| if ideograph(c) { c } else { '|' })
        .collect();
    v.reverse();
    v
}

/// The longest run of ideographs two contexts share: its start in each and its length.
fn longest_common(x: &[char], y: &[char]) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    for i in 0..x.len() {
        for j in 0..y.len() {
            let k = (0..)
                .take_while(|&k| {
                    i + k < x.len() && j + k < y.len() && x[i + k] == y[j + k] && x[i + k] != '|'
                })
                .count();
            if k > best.2 {
                best = (i, j, k);
            }
        }
    }
    best
}

/// The word printed just before `at` in a run of ideographs, with its part of speech, when it
/// names a thing: "城市" of "城市低保标准" (n), none for "通过" of "通过公益性岗位" (p).
fn noun_before(ctx: &[char], at: usize) -> Option<String> {
    let from = ctx[..at]
        .iter()
        .rposition(|c| *c == '|')
        .map_or(0, |p| p + 1);
    let prefix: String = ctx[from..at].iter().collect();
    if prefix.is_empty() {
        return None;
    }
    let tags = JIEBA.tag(&prefix, true);
    let last = tags.last()?;
    let noun = last.tag.starts_with('n') || matches!(last.tag, "b" | "s" | "f");
    noun.then(|| last.word.to_owned())
}

/// A figure that may be a transposed copy of another: its sentence (line, start), the words
/// before it, and whether it is a table row's cell.
struct Candidate<'f> {
    fig: &'f Figure,
    sentence: (usize, usize),
    context: Vec<char>,
    row: bool,
}

/// One fact printed twice in prose, the second time with two neighbouring digits swapped
/// ("全年受理投诉举报14,372件" … "受理投诉举报14,327件"): same unit and precision, the words before
/// both share a name of four or more characters, and neither is an earlier year's value, a
/// target, a bound or the start of a "由 A 到 B".
fn transposed(a: &Analysis, o: &mut Outcome) {
    let rows = super::execution_rate::table_lines(a);
    let w = &a.rules;
    let other: Vec<&String> = w
        .sentence
        .previous_year
        .iter()
        .chain(&w.counts.target)
        .chain(&w.counts.at_least)
        .chain(&w.counts.at_most)
        .chain(&w.counts.from)
        .collect();
    // (figure, sentence, context) of every candidate, in document order.
    let mut cands: Vec<Candidate> = Vec::new();
    for (li, figs) in a.figures.iter().enumerate() {
        let row = rows.contains(&li);
        let s = a.text.lines[li].text.as_str();
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        let sents = crate::facts::sentences(s);
        for (k, f) in figs.iter().enumerate() {
            let d = digits(f);
            if f.approx != crate::figures::Approx::Exact
                || f.chinese
                || d.chars().filter(char::is_ascii_digit).count() < 3
                || !f.percent && f.unit.is_empty()
                || f.unit.starts_with('年')
            {
                continue;
            }
            // The words since the figure before it, and just after it.
            let from = k
                .checked_sub(1)
                .map_or(0, |j| figs[j].unit_end.min(f.start));
            let lead = &s[from..f.start];
            // The words after it up to the clause end ("9.86%的目标").
            let tail: String = s[f.unit_end..]
                .chars()
                .take(6)
                .take_while(|c| !matches!(c, '，' | '。' | '；' | '、' | ',' | ';' | '：'))
                .collect();
            if other
                .iter()
                .any(|w| lead.contains(w.as_str()) || tail.contains(w.as_str()))
            {
                continue;
            }
            // A change (增长 0.80%) is of two values; "提高到（每人每年）B" names the level B.
            let moved = w
                .sentence
                .increase
                .iter()
                .chain(&w.sentence.decrease)
                .filter_map(|m| lead.rfind(m.as_str()).map(|p| p + m.len()))
                .max();
            if moved.is_some_and(|p| !w.counts.to.iter().any(|t| lead[p..].contains(t.as_str()))) {
                continue;
            }
            let Some(&sent) = sents
                .iter()
                .find(|(lo, hi)| f.start >= *lo && f.start < *hi)
            else {
                continue;
            };
            // A cell of a table row is compared only with prose, and only when printed with
            // its unit (a column of last year's values prints none).
            if row && f.unit.is_empty() && !f.percent {
                continue;
            }
            cands.push(Candidate {
                fig: f,
                sentence: (li, sent.0),
                context: ideographs_before(s, f.start, 30),
                row,
            });
        }
    }
    if cands.len() > 3000 {
        return;
    }
    for i in 0..cands.len() {
        for j in i + 1..cands.len() {
            let (p, q) = (&cands[i], &cands[j]);
            let (x, sx, cx, rx) = (p.fig, &p.sentence, &p.context, &p.row);
            let (y, sy, cy, ry) = (q.fig, &q.sentence, &q.context, &q.row);
            if sx == sy
                || *rx && *ry
                || x.unit != y.unit
                || x.percent != y.percent
                || !swapped(&digits(x), &digits(y))
            {
                continue;
            }
            let (at_x, at_y, n) = longest_common(cx, cy);
            let common: String = cx[at_x..at_x + n].iter().collect();
            if n < 4 || !is_specific(&common, a) {
                continue;
            }
            // Two names that end alike but open with different things (城市低保标准 and
            // 农村低保标准) are of two subjects.
            if let (Some(p), Some(q)) = (noun_before(cx, at_x), noun_before(cy, at_y)) {
                if p != q {
                    continue;
                }
            }
            // A metric every project and unit reports (预算执行率) names no one fact: the
            // shared words must say more than metric names.
            let mut rest = common.clone();
            for m in &a.rules.metrics {
                for alias in std::iter::once(&m.name).chain(&m.aliases) {
                    if alias.chars().count() >= 2 {
                        rest = rest.replace(alias.as_str(), "|");
                    }
                }
            }
            if !rest.split('|').any(|r| r.chars().count() >= 4) {
                continue;
            }
            // A pair that another finding already names is not said twice.
            let named = o.findings.iter().any(|f| {
                f.rule == INFO.code
                    && [x, y]
                        .iter()
                        .all(|g| f.evidence.iter().any(|e| e.value == g.printed))
            });
            if named {
                continue;
            }
            let place = |f: &Figure| {
                let l = a.text.loc(f.line, f.start);
                format!("{}{}（第{}页第{}行）", f.printed, f.unit, l.page, l.line)
            };
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "「{common}」前后不一：{} 与 {}，两数仅相邻两位数字互换，疑为抄录时数字颠倒",
                    place(x),
                    place(y)
                ),
                message_en: format!(
                    "\"{common}\" is printed as {}{} and {}{}: two neighbouring digits swapped",
                    x.printed, x.unit, y.printed, y.unit
                ),
                expected: None,
                arithmetic: format!("{}{} ≠ {}{}", x.printed, x.unit, y.printed, y.unit),
                evidence: vec![
                    a.evidence(x, x.label.clone()),
                    a.evidence(y, y.label.clone()),
                ],
            });
        }
    }
}

fn who_zh(entity: &str) -> &str {
    if entity == DEPARTMENT {
        "部门整体"
    } else {
        entity
    }
}

fn who_en(entity: &str) -> String {
    if entity == DEPARTMENT {
        "the department".into()
    } else {
        format!("\"{entity}\"")
    }
}

/// Value in base units (万元 → 元) for comparing printings.
fn base(f: &Figure) -> rust_decimal::Decimal {
    f.value * f.scale
}

/// Two printings agree when one may be a rounding of the other.
fn agree(x: &Figure, y: &Figure) -> bool {
    if x.percent != y.percent {
        return true; // not comparable: leave alone
    }
    // A figure printed without a unit (a table cell under an unknown unit) is compared as printed.
    let (sx, sy) = if x.unit.is_empty() || y.unit.is_empty() {
        (rust_decimal::Decimal::ONE, rust_decimal::Decimal::ONE)
    } else {
        (x.scale, y.scale)
    };
    if x.decimals == y.decimals && sx == sy {
        return x.value == y.value;
    }
    let ix = x.interval(Rounding::Round);
    let iy = y.interval(Rounding::Round);
    let ix = crate::interval::Interval {
        lo: ix.lo * sx,
        hi: ix.hi * sx,
    };
    let iy = crate::interval::Interval {
        lo: iy.lo * sy,
        hi: iy.hi * sy,
    };
    ix.overlaps(&iy)
}

fn report(a: &Analysis, o: &mut Outcome, figs: &[&Figure], what_zh: &str, what_en: &str) {
    if figs.len() < 2 {
        return;
    }
    // Distinct printings, first occurrence of each.
    let mut distinct: Vec<&Figure> = Vec::new();
    for f in figs {
        if !distinct
            .iter()
            .any(|d| agree(d, f) && d.printed == f.printed)
        {
            distinct.push(f);
        }
    }
    let conflict = distinct
        .iter()
        .enumerate()
        .any(|(i, x)| distinct[i + 1..].iter().any(|y| !agree(x, y)));
    if !conflict {
        figs.iter().for_each(|f| o.verified(f));
        return;
    }
    let slip = distinct.iter().enumerate().any(|(i, x)| {
        distinct[i + 1..].iter().any(|y| {
            if x.unit.is_empty() || y.unit.is_empty() {
                return false;
            }
            let (bx, by) = (base(x), base(y));
            !bx.is_zero() && !by.is_zero() && {
                let r = (bx / by).abs();
                r == rust_decimal::Decimal::from(10_000)
                    || r * rust_decimal::Decimal::from(10_000) == rust_decimal::Decimal::ONE
            }
        })
    });
    let values = distinct
        .iter()
        .map(|f| format!("{}{}", f.printed, f.unit))
        .collect::<Vec<_>>();
    let places: Vec<String> = distinct
        .iter()
        .map(|f| {
            let l = a.text.loc(f.line, f.start);
            format!("{}{}（第{}页第{}行）", f.printed, f.unit, l.page, l.line)
        })
        .collect();
    let (sz, se) = if slip {
        (
            "，相差一万倍，疑为万元/元单位错误",
            "; they differ by 10,000: a 万元/元 slip?",
        )
    } else {
        ("", "")
    };
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!("{what_zh}前后不一：{}{sz}", places.join(" 与 ")),
        message_en: format!("{what_en} is printed as {}{se}", values.join(" and ")),
        expected: None,
        arithmetic: values.join(" ≠ "),
        evidence: distinct
            .iter()
            .map(|f| a.evidence(f, f.label.clone()))
            .collect(),
    });
}

/// Counts of the same thing: same measure word, and the words after it share a head of
/// four or more characters that is not a generic noun.
fn counts(a: &Analysis, o: &mut Outcome) {
    // Pairs of counts are quadratic: a document with thousands of counts is a table, not prose.
    let cs = &a.facts.counts[..a.facts.counts.len().min(2000)];
    // Candidates first (same measure word, another sentence, a common head of two or more
    // characters), so that the segmentation dictionary is loaded only when there is a pair.
    let mut phrase: Vec<Option<String>> = vec![None; cs.len()];
    // "3所学校设备购置未能按期完成" counts what was not done: another fact than what was.
    let negated = |c: &Count| {
        a.rules
            .counts
            .negation
            .iter()
            .any(|w| c.after.contains(w.as_str()))
    };
    let mut used: Vec<bool> = cs.iter().map(negated).collect();
    for i in 0..cs.len() {
        if used[i] {
            continue;
        }
        let mut group: Vec<&Count> = vec![&cs[i]];
        for j in i + 1..cs.len() {
            if used[j]
                || cs[j].fig.unit != cs[i].fig.unit
                || cs[j].sentence == cs[i].sentence
                || common_head(&cs[i].after, &cs[j].after) < 2
            {
                continue;
            }
            let p_i = phrase[i]
                .get_or_insert_with(|| noun_phrase(&cs[i].after))
                .clone();
            let p_j = phrase[j]
                .get_or_insert_with(|| noun_phrase(&cs[j].after))
                .clone();
            if p_i == p_j && is_specific(&p_i, a) {
                group.push(&cs[j]);
                used[j] = true;
            }
        }
        if group.len() < 2 {
            continue;
        }
        let head = phrase[i].clone().unwrap_or_default();
        let figs: Vec<&Figure> = group.iter().map(|c| &c.fig).collect();
        report(
            a,
            o,
            &figs,
            &format!("「{}」的数量", head),
            &format!("the count of \"{head}\""),
        );
    }
}

/// The jieba dictionary: loaded once per process, on first use.
static JIEBA: std::sync::LazyLock<jieba_rs::Jieba> = std::sync::LazyLock::new(jieba_rs::Jieba::new);

/// The noun phrase a text opens with ("大型活动" of "大型活动及应急任务"): its leading words
/// tagged as nouns, distinguishing words (大型) or verbal nouns, three at most.
fn noun_phrase(text: &str) -> String {
    JIEBA
        .tag(text, true)
        .iter()
        .take_while(|t| t.tag.starts_with('n') || t.tag == "b" || t.tag == "vn")
        .take(3)
        .map(|t| t.word)
        .collect()
}

/// A paragraph printed twice (repeated in another section) must print the same figures:
/// a sentence that is equal to another once numbers are masked, long (25 or more characters)
/// and mostly words (an exact number per 12 characters at most), next to a sentence that is equal to
/// the other's neighbour too, is compared figure by figure. Templates ("指标分值#分，自评得分#分")
/// are too short or too dense in numbers to qualify.
fn same_sentences(a: &Analysis, o: &mut Outcome) {
    // (masked text, CJK length, figures) of every sentence in document order.
    let mut all: Vec<(String, usize, Vec<&Figure>)> = Vec::new();
    for (li, line) in a.text.lines.iter().enumerate() {
        let s = line.text.as_str();
        for (start, end) in crate::facts::sentences(s) {
            let figs: Vec<&Figure> = a.figures[li]
                .iter()
                .filter(|f| f.start >= start && f.end <= end)
                .collect();
            let mut masked = String::new();
            let mut pos = start;
            for f in &figs {
                masked.push_str(&s[pos..f.start]);
                masked.push('#');
                pos = f.end;
            }
            masked.push_str(&s[pos..end]);
            masked.retain(|c| !c.is_whitespace());
            let n = masked
                .chars()
                .filter(|c| crate::normalize::is_cjk(*c))
                .count();
            all.push((masked, n, figs));
        }
    }
    let mut by_text: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (m, n, figs)) in all.iter().enumerate() {
        // Bounds (超 900期) are words more than data: only exact figures count.
        let exact = figs
            .iter()
            .filter(|f| f.approx == crate::figures::Approx::Exact)
            .count();
        if exact > 0 && *n >= 25 && exact * 12 <= *n {
            by_text.entry(m.as_str()).or_default().push(i);
        }
    }
    let same = |i: usize, j: usize| all[i].0 == all[j].0 && all[i].1 >= 10;
    for (masked, idx) in by_text {
        // Copies beyond a few are a template, not a repeated paragraph; the cap also bounds the pairs.
        let idx = &idx[..idx.len().min(8)];
        for (x, &i) in idx.iter().enumerate() {
            for &j in &idx[x + 1..] {
                let neighbour =
                    (i > 0 && same(i - 1, j - 1)) || (j + 1 < all.len() && same(i + 1, j + 1));
                if !neighbour {
                    continue;
                }
                let lead: String = masked.chars().take(16).collect();
                for k in 0..all[i].2.len() {
                    let figs: Vec<&Figure> = [all[i].2[k], all[j].2[k]]
                        .into_iter()
                        .filter(|f| f.approx == crate::figures::Approx::Exact)
                        .collect();
                    report(
                        a,
                        o,
                        &figs,
                        &format!("重复出现的段落「{lead}…」中第{}个数", k + 1),
                        &format!(
                            "figure {} of a paragraph printed twice (\"{lead}…\")",
                            k + 1
                        ),
                    );
                }
            }
        }
    }
}

fn common_head(x: &str, y: &str) -> usize {
    x.chars().zip(y.chars()).take_while(|(a, b)| a == b).count()
}

/// A noun phrase that tells a counted thing apart: four or more characters, all CJK, and
/// not only generic nouns (项目, 单位 …).
fn is_specific(phrase: &str, a: &Analysis) -> bool {
    if phrase.chars().count() < 4
        || !phrase
            .chars()
            .all(|c| crate::normalize::is_cjk(c) && c as u32 >= 0x3400)
    {
        return false;
    }
    let mut rest = phrase;
    while let Some(g) = a
        .rules
        .units
        .generic_nouns
        .iter()
        .find(|g| rest.starts_with(g.as_str()))
    {
        rest = &rest[g.len()..];
    }
    rest.chars().count() >= 2
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn values(s: &str) -> Vec<Vec<String>> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "repeated-fact")
            .map(|f| f.evidence.into_iter().map(|e| e.value).collect())
            .collect()
    }

    #[test]
    fn a_count_of_what_was_not_done_is_another_fact() {
        let s = "一、工作成效\n全年完成 57所乡村卫生室设备购置，运行良好。\n二、存在的问题\n3所乡村卫生室设备购置未能按期完成，原因是招标流标。\n";
        assert!(values(s).is_empty(), "{:?}", values(s));
        let both_done = s.replace(
            "3所乡村卫生室设备购置未能按期完成",
            "全年完成 75所乡村卫生室设备购置",
        );
        assert!(!values(&both_done).is_empty());
    }

    /// A 决算 with its 财政拨款 summary table printed as two sides, and the sentence that restates
    /// the table's total (invented figures).
    fn restated(sentence: &str) -> String {
        let prose = "本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n";
        format!(
            "某某服务中心\n2030年度部门决算\n{prose}{prose}{prose}财政拨款收入支出决算总表\n单位：万元\n收入支出\n项目决算数项目决算数\n一、一般公共预算财政拨款 120.00 一、教育支出 100.00\n二、政府性基金预算财政拨款二、科技支出 20.00\n本年收入合计 120.00 本年支出合计 120.00\n年初财政拨款结转和结余 5.00 年末财政拨款结转和结余 5.00\n总计 125.00 总计 125.00\n四、财政拨款收入支出决算总体情况说明\n{sentence}\n"
        )
    }

    #[test]
    fn a_sentence_restating_a_table_total_must_print_it() {
        let same =
            restated("某某服务中心2030年度财政拨款收入支出总计125.00万元。与2029年度相比持平。");
        assert!(values(&same).is_empty(), "{:?}", values(&same));
        let slip =
            restated("某某服务中心2030年度财政拨款收入支出总计1.2万元。与2029年度相比持平。");
        assert_eq!(values(&slip), [["1.2", "125.00"]]);
        // Another year's total is not this table's.
        let other = restated("某某服务中心2029年度财政拨款收入支出总计110.00万元。");
        assert!(values(&other).is_empty(), "{:?}", values(&other));
    }

    #[test]
    fn a_subtotal_restated_from_the_right_side() {
        let prose = "本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n";
        let doc = |spent: &str| {
            format!("某某服务中心\n2030年度部门决算\n{prose}{prose}{prose}收入支出决算总表\n单位：万元\n收入支出\n项目决算数项目决算数\n一、财政拨款收入 120.00 一、教育支出 100.00\n二、其他收入 8.00 二、科技支出 20.00\n本年收入合计 128.00 本年支出合计 120.00\n年初结转和结余 2.00 年末结转和结余 10.00\n总计 130.00 总计 130.00\n三、支出决算情况说明\n本年支出合计{spent}万元，其中：基本支出 80.00 万元，项目支出 40.00 万元。\n")
        };
        assert!(
            values(&doc("120.00")).is_empty(),
            "{:?}",
            values(&doc("120.00"))
        );
        assert_eq!(values(&doc("102.00")), [["102.00", "120.00"]]);
    }

    const PARA: &str = "全面开展城乡环境整治行动，督促 120家单位对 340个安全隐患进行了整改，整改工作全部按期完成并通过验收。组织开展专项检查活动，覆盖全区各街道和重点行业企业，形成长效管理机制。";

    #[test]
    fn a_repeated_paragraph_must_repeat_its_figures() {
        let same = format!("一、总体情况\n{PARA}\n二、工作成效\n{PARA}\n");
        assert!(values(&same).is_empty());
        let changed = format!(
            "一、总体情况\n{PARA}\n二、工作成效\n{}\n",
            PARA.replace("340个", "304个")
        );
        assert_eq!(values(&changed), [["340", "304"]]);
    }

    #[test]
    fn bounds_do_not_make_a_paragraph_a_table() {
        let para = "发布各类简报超 300期，累计收集各类线索超 1.2万条，办结群众来信 1875条。";
        let s = |x: &str| {
            format!("一、总体情况\n持续完善城乡环境治理工作机制和制度。{para}\n二、工作成效\n持续完善城乡环境治理工作机制和制度。{x}\n")
        };
        assert!(values(&s(para)).is_empty());
        assert_eq!(
            values(&s(&para.replace("1875条", "1857条"))),
            [["1875", "1857"]]
        );
    }

    #[test]
    fn templates_are_not_paragraphs() {
        let s = "（1）甲指标\n指标分值 2分，自评得分 2分，得分率为 100%。\n（2）乙指标\n指标分值 3分，自评得分 2.5分，得分率为 83.33%。\n";
        assert!(values(s).is_empty());
    }

    #[test]
    fn a_project_report_speaks_of_its_project() {
        let body = "一、项目基本情况\n2023 年项目年初预算数 500.00 万元，全年预算数 520.00 万元。\n二、预算执行情况\n本项目全年预算数 520.00 万元，全年执行数 480.00 万元。\n";
        let project = format!("某区 2023 年度社区养老补贴项目\n支出绩效自评报告\n{body}");
        assert!(values(&project).is_empty());
        let changed = project.replacen("520.00", "520.40", 1);
        assert_eq!(values(&changed), [["520.40", "520.00"]]);
        // In a department's report, a project without a name may be any of its projects.
        let department = format!("某区民政局 2023 年度部门整体支出\n绩效自评报告\n{body}");
        assert!(values(&department.replacen("520.00", "520.40", 1)).is_empty());
    }

    #[test]
    fn a_formula_result_is_a_fact_of_its_label() {
        let s = "部门整体预算执行率为 96.00%。\n按照评分标准，部门预算执行率 = 480.00/500.00×100% = 96.00%，得满分。\n";
        assert!(values(s).is_empty());
        assert_eq!(
            values(&s.replacen("96.00%", "96.10%", 1)),
            [["96.10%", "96.00%"]]
        );
    }

    #[test]
    fn the_operands_of_an_indicator_formula_are_its_metrics() {
        let s = "部门整体调整后预算 600.00 万元，实际支出 540.00 万元。\n（1）预算执行率\n指标分值 5分，自评得分 5分。部门预算执行率 = 540.00/600.00×100% = 90.00%，得满分。\n";
        assert!(values(s).is_empty());
        let bad = s.replace("/600.00×100% = 90.00%", "/600.40×100% = 89.94%");
        assert_eq!(values(&bad), [["600.00", "600.40"]]);
        // Another shape than the indicator's: the operands are not named.
        let other = s.replace("/600.00×100% = 90.00%", "/600.40×100%×1 = 89.94%");
        assert!(values(&other).is_empty());
    }

    #[test]
    fn an_indicator_achieves_one_value() {
        let s = "一、绩效指标完成情况\n（1）群众投诉办结率\n指标分值 10分，自评得分 10分。全年受理投诉 850 件，办结 843 件，办结率 99.18%。\n二、存在的问题\n群众投诉办结率保持在 99.18%，仍有少量投诉未按期办结。\n";
        assert!(values(s).is_empty());
        assert_eq!(
            values(&s.replacen("99.18%", "99.81%", 1)),
            [["99.81%", "99.18%"]]
        );
        // Two headings of that name (two projects): which one a figure is of is unknown.
        let two = s.replace(
            "二、存在的问题",
            "（2）群众投诉办结率\n指标分值 10分，自评得分 10分。办结率 98.50%。\n二、存在的问题",
        );
        assert!(values(&two.replacen("99.18%", "99.81%", 1)).is_empty());
        // Parts of it are other facts.
        let parts = s.replace(
            "办结率 99.18%",
            "其中城区群众投诉办结率 99.50%，郊区群众投诉办结率 98.70%",
        );
        assert!(values(&parts).is_empty());
        // Last year's value is another fact.
        let last = s.replace("群众投诉办结率保持在 99.18%", "上年群众投诉办结率为 97.30%");
        assert!(values(&last).is_empty());
    }

    #[test]
    fn the_department_spending_is_its_actual_spending() {
        let s = "某区城乡建设局 2024 年度部门整体支出\n绩效自评报告\n部门整体年初预算 500.00 万元，调整后预算 600.00 万元，实际支出 540.00 万元。\n2024年部门整体支出 540.00 万元，部门财政拨款支出 520.00 万元。\n";
        assert!(values(s).is_empty());
        assert_eq!(
            values(&s.replace("部门整体支出 540.00", "部门整体支出 540.30")),
            [["540.00", "540.30"]]
        );
    }

    #[test]
    fn a_heading_total_is_the_heading_own() {
        let s = "经自评，产出指标分值 40 分，得分 37.50 分。\n（二）产出指标\n产出指标合计分值 40 分，自评得分 37.50 分。\n";
        assert!(values(s).is_empty());
        assert_eq!(
            values(&s.replace("自评得分 37.50", "自评得分 37.25")),
            [["37.50", "37.25"]]
        );
    }

    #[test]
    fn department_rate_printed_two_ways() {
        let s = "部门整体支出情况如下：年初预算 500.00 万元，调整后预算 600.00 万元，实际支出 540.00 万元，预算执行率 90.00%。\n\n经核算，部门整体支出预算执行率为 90.10%。\n";
        assert_eq!(values(s), [["90.00%", "90.10%"]]);
    }

    /// A department table in 万元 restating the sentence's figures (invented).
    fn with_table(title: &str, sentence: &str) -> String {
        format!(
            "某某县园林局2031年度部门整体支出绩效自评报告\n一、部门概况\n{sentence}\n{title}\n单位：万元\n项目 年初预算数 调整后预算数 决算数 执行率\n苗木养护 300.00 320.00 310.00 96.88%\n绿道维修 200.00 230.00 225.00 97.83%\n合计 500.00 550.00 535.00 97.27%\n二、绩效分析\n"
        )
    }

    #[test]
    fn a_table_cell_carries_the_scale_of_its_unit() {
        // A cell of a 万元 table is 万元 in value too: equal to the sentence's 万元, never a
        // 万元/元 slip of it.
        let s = with_table("表1 部门整体支出情况表", "本年度部门运转正常。");
        let rules = Rules::builtin();
        let a = crate::document::Analysis::new(&RawDocument::from_text(&s), &rules);
        let cells: Vec<_> = a
            .facts
            .items
            .iter()
            .filter(|f| f.source == crate::facts::Source::Table && f.fig.unit == "万元")
            .collect();
        assert!(!cells.is_empty());
        assert!(cells
            .iter()
            .all(|f| f.fig.scale == rust_decimal::Decimal::from(10_000)));
    }

    #[test]
    fn the_total_of_a_table_of_projects_is_not_the_departments() {
        let s = with_table(
            "表2 项目支出情况表",
            "2031年部门整体支出年初预算900.00万元，调整后预算950.00万元，实际支出935.00万元，预算执行率98.42%。",
        );
        assert!(values(&s).is_empty(), "{:?}", values(&s));
        // The same figures under a table of the whole department differ from it.
        let whole = s.replace("表2 项目支出情况表", "表1 部门整体支出情况表");
        assert!(!values(&whole).is_empty());
    }

    #[test]
    fn a_part_written_with_qizhong_is_not_the_whole() {
        let s = "经自评，本部门整体支出绩效得分95.50分，其中部门管理得分28.00分，得分率93.33%。\n";
        assert!(values(s).is_empty(), "{:?}", values(s));
        assert!(!values(&s.replace("其中部门管理", "部门管理")).is_empty());
    }

    #[test]
    fn numbered_items_of_a_project_report_have_their_own_figures() {
        let s = "某县2031年度乡村道路养护项目绩效自评报告\n一、项目实施情况\n1．路面修补。完成主干道修补\n，支出138.62万元。\n2．桥梁检测。完成桥梁检测\n12座，支出91.26万元。\n";
        assert!(values(s).is_empty(), "{:?}", values(s));
        // Without the numbered items both are the project's spending.
        let plain = s.replace("1．路面修补。", "").replace("2．桥梁检测。", "");
        assert!(!values(&plain).is_empty());
    }

    #[test]
    fn a_fact_printed_again_with_two_digits_swapped() {
        let doc = |second: &str| {
            format!("一、工作成效\n全年办理法律援助案件2,846件，其中刑事案件912件；群众满意率98.40%。\n二、绩效指标完成情况\n（1）法律援助案件办理数量（10分）：得10分。{second}\n")
        };
        let ok = doc("全年办理法律援助案件2,846件，超过2,500件的目标值。");
        assert!(values(&ok).is_empty(), "{:?}", values(&ok));
        let bad = doc("全年办理法律援助案件2,486件，超过2,500件的目标值。");
        assert_eq!(values(&bad), [["2,846", "2,486"]]);
        // Two digits apart, or not neighbours: not this check's evidence.
        assert!(values(&doc("全年办理法律援助案件2,648件。")).is_empty());
        // Last year's value, a target, the start of a change are other facts.
        assert!(values(&doc("上年办理法律援助案件2,486件。")).is_empty());
        assert!(values(&doc("目标为办理法律援助案件2,486件。")).is_empty());
        assert!(values(&doc("法律援助案件由2,486件增加到2,900件。")).is_empty());
        // A metric every unit reports names no one fact.
        let rates = "一、总体情况\n城东水厂全年支出120.00万元，预算执行率98.67%。\n二、分项情况\n城西水厂全年支出80.00万元，预算执行率98.76%。\n";
        assert!(values(rates).is_empty(), "{:?}", values(rates));
        // A row of an indicator table printing the fact with its unit is compared with prose.
        let table = |cell: &str| {
            format!("一、工作成效\n全年聘用乡村护林员2,846名，补助标准为每人每月500元。\n二、绩效指标\n指标名称 指标值 实际完成值 分值 得分\n乡村护林员聘用人数 ≥2,500名 {cell} 5 5\n森林火灾受害率 ≤0.9‰ 0.12‰ 5 5\n")
        };
        assert!(values(&table("2,846名")).is_empty());
        assert_eq!(values(&table("2,486名")), [["2,846", "2,486"]]);
        // Nor do two subjects that end alike.
        let two = "一、总体情况\n城市低保标准每人每月1,240元。\n二、分项情况\n农村低保标准每人每月1,420元。\n";
        assert!(values(two).is_empty(), "{:?}", values(two));
        assert!(!values(&two.replace("农村", "城市")).is_empty());
    }

    #[test]
    fn a_spending_item_is_not_the_department_spending() {
        let s = "某区河道管理局 2031 年度部门预算\n2031年部门整体支出 812.40 万元。\n2031年本部门会议费预算支出 3.20 万元。\n部门培训费支出 5.10 万元。\n";
        assert!(values(s).is_empty(), "{:?}", values(s));
        assert_eq!(
            values(&format!("{s}2031年部门整体支出 812.60 万元。\n")),
            [["812.40", "812.60"]]
        );
    }
}
