//! stated-relation: a rate, a change, a difference or a ratio stated in a sentence against
//! the figures the same sentence names.

use rust_decimal::Decimal;

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::{Approx, Figure};
use crate::interval::{agree_under, Agreement, Interval};

pub static INFO: RuleInfo = RuleInfo {
    code: "stated-relation",
    name_zh: "文中比率、增减、差额与其数据不符",
    name_en: "a rate, change, difference or ratio stated in a sentence does not match its figures",
    severity: Severity::Error,
    doc: "## 作用 / What it does
在同一句话中，把写出的结果与该句印出的数据重新计算比对（区间算术，容许四舍五入或截尾）：
- 增减：本年值 B 与上年（或某一更早年份）值 A（\"比2022年的 A 增长 r%\"、\"（2019年为 A），
  同比下降 r%\"、\"从2020年的 A 增加到2021年的 B\"），增减额须为 |B − A|，增减率须为
  |B − A| / A（以本年值为基数即为错误）；
- 差额：\"调整后预算与实际支出相差 D\"，D 须为两者之差（两者在前文同段中印出）；
- 比率：\"执行率 r%\" 跟在预算与实际支出之后（r = 支出 / 预算，任一预算口径相符即可），
  \"调解成功 Y 件，调解成功率 r%\"（r = Y / 同句中同单位的总数，\"其中\"子集不作分母）；
- 人均、户均：\"公用经费支出 X 万元，在职人员 N 人，人均公用经费 P 万元\"，P 须为 X / N
  （同句中任一金额与人数组合相符即可）；
- 单位成本 \"1.34元/画幅\"：须为同句中其前唯一的金额除以唯一的该单位数量（\"386.4万画幅\" 按 ×10⁴
  换算；其前另一单位成本之前的数不算）；
- 比值 \"a∶1\"（生师比）：a 须为同句中最近两个同单位数之比。
找不到全部运算数、或运算数有多种读法时不判断。

Rereads, within one sentence, a stated result against the figures the sentence prints: a
change against the earlier year's value (a growth rate must be on the earlier year's base),
a stated difference, an execution or success rate, a per-person amount and an \"a∶1\" ratio.
Any reading that holds spares the sentence; nothing is guessed.

## Why is this bad
A reader quotes the rate, not the arithmetic: a rate on the wrong base or a difference that
its own figures contradict misstates the year.

## Example
```
全年处理污水 9,862.35 万吨，比2022年的 9,214.60 万吨增长 6.57%。   # 7.03%（6.57% 以本年为基数）
全年预算 620.00 万元，实际支出 591.35 万元，执行率 95.83%。         # 95.38%
```
Turn it off with `[rules] stated-relation = false` in gouji.toml.",
};

pub static UNIT_SLIP: RuleInfo = RuleInfo {
    code: "unit-slip",
    name_zh: "金额单位错误（万元/元）",
    name_en: "an amount restated with the wrong unit",
    severity: Severity::Error,
    doc: "## 作用 / What it does
正文中的金额与表格中同一行（行名出现在该句金额之前）的金额比对：换算成元后两者相差 10⁴ 或 10³ 倍
（186.40元 对 表中 186.40万元；12,864.50万元 对 表中 12,864,500.00元，即按千元换算），而该句金额与这一行
的任何一格都不相等时，报告单位错误。表格须印出单位（单位：万元 / 元）；正确换算（1,286.45万元 =
12,864,500.00元）、约数与不足四位有效数字的金额不比对。

Compares an amount of a sentence with the cells of the table row the sentence names before
it: a factor of 10⁴ or 10³ between them (in 元), while no cell of the row equals it, is a
unit slip (元 for 万元, or 元 divided by 1,000 and labelled 万元).

## Why is this bad
A 万元/元 slip changes the amount ten-thousandfold; a reader who quotes the sentence is
off by orders of magnitude.

## Example
```
表2 … 单位：万元 … 食品安全监督抽检 220.00 195.00 186.40
全年食品安全监督抽检项目支出186.40元。     # 186.40万元
```
Turn it off with `[rules] unit-slip = false` in gouji.toml.",
};

pub fn check(a: &Analysis, o: &mut Outcome) {
    unit_slips(a, o);
    super::per_unit::check(a, o);
    let skip = super::execution_rate::table_lines(a);
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        // A paragraph is a few thousand bytes; a huge line (hostile input) is not read.
        if s.len() > super::list_count::MAX_LINE {
            continue;
        }
        // A table row states no sentence; prose taken for a row ("3．某某培训。选派…") does.
        if figs.len() < 2 || skip.contains(&li) && !s.contains(['。', '，']) {
            continue;
        }
        let line_figs: Vec<&Figure> = figs.iter().collect();
        let sents = full_sentences(s);
        for (k, &(lo, hi)) in sents.iter().enumerate() {
            let sf: Vec<&Figure> = figs
                .iter()
                .filter(|f| f.start >= lo && f.start < hi)
                .collect();
            // The sentence before, for a change whose current value ends it ("支出 X 万元。与
            // 2021年度的 A 相比，减少 D").
            let prev_lo = k.checked_sub(1).map_or(lo, |j| sents[j].0);
            let wide: Vec<&Figure> = figs
                .iter()
                .filter(|f| f.start >= prev_lo && f.start < hi)
                .collect();
            changes(a, o, s, &sf, &wide);
            differences(a, o, &line_figs, &sf);
            rates(a, o, s, &sf);
            per_capita(a, o, &sf);
            ratio_to_one(a, o, s, &sf);
        }
    }
}

fn exact(f: &Figure) -> bool {
    f.approx == Approx::Exact && !f.chinese
}

/// Same kind of quantity: both money (compared in 元), or the same unit.
fn same_unit(x: &Figure, y: &Figure) -> bool {
    !x.percent && !y.percent && ((x.is_money() && y.is_money()) || x.unit == y.unit)
}

/// The value in base units (元 for money) as an interval of the printed figure.
fn based(f: &Figure) -> Option<Interval> {
    let i = f.operand();
    if f.is_money() {
        i.mul(Interval::point(f.scale))
    } else {
        Some(i)
    }
}

/// An interval in base units expressed in the figure's own unit.
fn in_unit_of(v: Interval, f: &Figure) -> Option<Interval> {
    if f.is_money() && !f.scale.is_zero() {
        v.div(Interval::point(f.scale))
    } else {
        Some(v)
    }
}

fn holds(a: &Analysis, f: &Figure, computed: Interval) -> bool {
    let c = if f.percent {
        match computed.mul(Interval::point(Decimal::ONE_HUNDRED)) {
            Some(c) => c,
            None => return true,
        }
    } else {
        computed
    };
    !matches!(
        agree_under(a.rules.rounding, f.value, f.decimals, c),
        Agreement::Differs | Agreement::SignLost
    )
}

/// The year a label ends with: Some(Some(y)) for "2022年", "2021年度", Some(None) for 上年.
fn year_label(label: &str, a: &Analysis) -> Option<Option<u32>> {
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let l = l.trim_end_matches(['的', '为']);
    let l = l.trim_end_matches("同期");
    let stem = l.strip_suffix("年度").or_else(|| l.strip_suffix('年'));
    if let Some(stem) = stem {
        let digits: String = stem
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if digits.len() == 4 {
            return digits.parse().ok().map(Some);
        }
    }
    a.rules
        .sentence
        .previous_year
        .iter()
        .any(|w| l.ends_with(w.as_str()))
        .then_some(None)
}

fn ends_with_any(label: &str, words: &[String]) -> bool {
    let l = label.trim_end_matches(['了', ' ']);
    words
        .iter()
        .any(|w| !w.is_empty() && l.ends_with(w.as_str()))
}

/// "比2022年的 A 增长 r%", "B（2019年为 A），同比下降 r%", "从2020年的 A 增加到2021年的 B".
fn changes(a: &Analysis, o: &mut Outcome, s: &str, sf: &[&Figure], wide: &[&Figure]) {
    let w = &a.rules.sentence;
    let moves: Vec<String> = w.increase.iter().chain(&w.decrease).cloned().collect();
    for (i, earlier) in sf.iter().enumerate() {
        if earlier.percent || !exact(earlier) {
            continue;
        }
        let Some(ya) = year_label(&earlier.label, a) else {
            continue;
        };
        // This year's value: a later-year figure after it, or the nearest figure of the same
        // unit before it (no other one between).
        let after = sf[i + 1..].iter().find(|f| {
            exact(f)
                && same_unit(f, earlier)
                && matches!((ya, year_label(&f.label, a)), (Some(x), Some(Some(y))) if y > x)
        });
        let current = match after {
            Some(b) => Some(*b),
            None => {
                let at = wide.iter().position(|f| std::ptr::eq(*f, *earlier));
                at.and_then(|p| {
                    wide[..p]
                        .iter()
                        .rev()
                        .filter(|f| exact(f) && !part_of(a, s, f))
                        .find(|f| !f.percent && same_unit(f, earlier))
                        .copied()
                })
                .filter(|b| year_label(&b.label, a).is_none())
            }
        };
        let Some(current) = current else { continue };
        let from = current.end.max(earlier.end);
        let (Some(va), Some(vb)) = (based(earlier), based(current)) else {
            continue;
        };
        // Values of two years of one thing are of one size; anything else is a wrong pairing.
        let ratio = vb.mid().checked_div(va.mid()).unwrap_or_default();
        if ratio < Decimal::new(25, 2) || ratio > Decimal::from(4) {
            continue;
        }
        let Some(diff) = vb.sub(va).map(Interval::abs) else {
            continue;
        };
        // The change figures after both values, up to the next value of another year.
        let mut seen_amount = false;
        let mut seen_rate = false;
        for f in sf.iter().filter(|f| f.start >= from) {
            if !exact(f) || f.percent && seen_rate || !f.percent && seen_amount {
                continue;
            }
            if year_label(&f.label, a).is_some() && !f.percent {
                break;
            }
            if !ends_with_any(&f.label, &moves) {
                continue;
            }
            // "增长 2.1 个百分点" is no rate of growth.
            if s[f.unit_end..].trim_start().starts_with("个百分点") {
                continue;
            }
            let arith_pair = format!("{} − {}", current.printed, earlier.printed);
            if f.percent {
                seen_rate = true;
                let Some(r) = diff.div(va) else { continue };
                compare(
                    a,
                    o,
                    &INFO,
                    Relation {
                        fig: f,
                        computed: r,
                        arithmetic: format!("|{arith_pair}| / {} × 100%", earlier.printed),
                        operands: vec![current, earlier],
                        what_zh: format!("{}（以上年数为基数）", f.label),
                        what_en: format!("{} (on the earlier year's value)", f.label),
                    },
                );
            } else if same_unit(f, earlier) {
                seen_amount = true;
                let Some(d) = in_unit_of(diff, f) else {
                    continue;
                };
                compare(
                    a,
                    o,
                    &INFO,
                    Relation {
                        fig: f,
                        computed: d,
                        arithmetic: format!("|{arith_pair}|"),
                        operands: vec![current, earlier],
                        what_zh: format!("{}（两年之差）", f.label),
                        what_en: format!("{} (the difference of the two years)", f.label),
                    },
                );
            }
        }
    }
}

/// A part of the figure before it: its sentence says 其中 before it ("其中公务接待费 11.22").
fn part_of(a: &Analysis, s: &str, f: &Figure) -> bool {
    let start = s[..f.start]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '；' | ';'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    a.rules
        .amounts
        .subset
        .iter()
        .any(|w| !w.is_empty() && s[start..f.start].contains(w.as_str()))
}

/// "调整后预算与实际支出相差 D": D against the two figures the line printed before it.
fn differences(a: &Analysis, o: &mut Outcome, line: &[&Figure], sf: &[&Figure]) {
    for d in sf {
        if d.percent || !exact(d) || !d.is_money() {
            continue;
        }
        let Some(word) = a
            .rules
            .amounts
            .difference
            .iter()
            .find(|w| !w.is_empty() && d.label.ends_with(w.as_str()))
        else {
            continue;
        };
        let names = &d.label[..d.label.len() - word.len()];
        let Some((n1, n2)) = names.split_once('与').or_else(|| names.split_once('和')) else {
            continue;
        };
        let (n1, n2) = (n1.trim(), n2.trim());
        if n1.chars().count() < 2 || n2.chars().count() < 2 {
            continue;
        }
        let before: Vec<&Figure> = line
            .iter()
            .filter(|f| f.end <= d.start && !f.percent && f.is_money() && exact(f))
            .copied()
            .collect();
        let find = |n: &str| -> Option<&Figure> {
            let hits: Vec<&Figure> = before
                .iter()
                .filter(|f| f.label.ends_with(n))
                .copied()
                .collect();
            (hits.len() == 1).then(|| hits[0])
        };
        let (Some(x), Some(y)) = (find(n1), find(n2)) else {
            continue;
        };
        let (Some(vx), Some(vy)) = (based(x), based(y)) else {
            continue;
        };
        let Some(diff) = vx.sub(vy).map(Interval::abs).and_then(|v| in_unit_of(v, d)) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: d,
                computed: diff,
                arithmetic: format!("|{} − {}|", x.printed, y.printed),
                operands: vec![x, y],
                what_zh: d.label.clone(),
                what_en: format!("the difference of {n1} and {n2}"),
            },
        );
    }
}

/// The budget word a label ends with (年初预算, 调整后预算 …), longest first.
fn budget_word<'r>(label: &str, a: &'r Analysis) -> Option<&'r str> {
    a.rules
        .sentence
        .budget
        .iter()
        .filter(|w| label.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map(String::as_str)
}

/// Execution rates after a budget and an actual, and "X成功率" after its count and the total.
fn rates(a: &Analysis, o: &mut Outcome, s: &str, sf: &[&Figure]) {
    for (i, r) in sf.iter().enumerate() {
        if !r.percent || !exact(r) || r.value.is_zero() {
            continue;
        }
        let before: Vec<&Figure> = sf[..i].iter().filter(|f| exact(f)).copied().collect();
        let Some(num_at) = before.iter().rposition(|f| !f.percent) else {
            continue;
        };
        let num = before[num_at];
        // The words between the numerator and the rate hold no other clause of figures.
        if s[num.unit_end..r.start].contains(['。', '；', ';']) {
            continue;
        }
        let label = r.label.trim();
        let executes = a
            .rules
            .metric_ending(label)
            .is_some_and(|(m, _)| m.name == "预算执行率");
        let completes = a
            .rules
            .sentence
            .completion
            .iter()
            .find_map(|c| label.strip_prefix(c.as_str()))
            .and_then(|rest| budget_word(rest, a).filter(|b| *b == rest));
        if executes || completes.is_some() {
            if !num.is_money() || budget_word(&num.label, a).is_some() {
                continue;
            }
            let budgets: Vec<&Figure> = before[..num_at]
                .iter()
                .filter(|f| {
                    f.is_money()
                        && budget_word(&f.label, a)
                            .is_some_and(|b| completes.is_none_or(|c| c == b))
                })
                .copied()
                .collect();
            ratio_any(a, o, r, &[num], &budgets);
            continue;
        }
        // "调解成功 Y 件，调解成功率 r%": the stem of the rate names the numerator.
        let Some(stem) = label.strip_suffix('率') else {
            continue;
        };
        let nl = num.label.trim();
        let named = nl.chars().count() >= 2
            && stem.chars().count() >= 2
            && (stem.ends_with(nl) || nl.ends_with(stem));
        if !named || num.classifier(a.rules).is_none() {
            continue;
        }
        let subset = &a.rules.amounts.subset;
        let totals: Vec<&Figure> = before[..num_at]
            .iter()
            .filter(|f| {
                !f.percent
                    && f.unit == num.unit
                    && f.value >= num.value
                    && !subset.iter().any(|w| f.label.starts_with(w.as_str()))
            })
            .copied()
            .collect();
        ratio_any(a, o, r, &[num], &totals);
    }
}

/// A rate that must be one of the numerators over one of the denominators: any reading
/// that holds spares it; otherwise the nearest pair is reported.
fn ratio_any(a: &Analysis, o: &mut Outcome, r: &Figure, nums: &[&Figure], dens: &[&Figure]) {
    let (Some(num), Some(den)) = (nums.last(), dens.last()) else {
        return;
    };
    for n in nums {
        for d in dens {
            let (Some(x), Some(y)) = (based(n), based(d)) else {
                return;
            };
            match x.div(y) {
                Some(q) if holds(a, r, q) => {
                    o.verified(r);
                    o.verified(n);
                    o.verified(d);
                    return;
                }
                Some(_) => {}
                None => return,
            }
        }
    }
    let (Some(x), Some(y)) = (based(num), based(den)) else {
        return;
    };
    let Some(q) = x.div(y) else { return };
    compare(
        a,
        o,
        &INFO,
        Relation {
            fig: r,
            computed: q,
            arithmetic: format!("{} / {} × 100%", num.printed, den.printed),
            operands: vec![num, den],
            what_zh: r.label.clone(),
            what_en: format!("the rate {}", r.label),
        },
    );
}

/// "支出 X 万元，在职人员 N 人，人均公用经费 P 万元": P = X / N.
fn per_capita(a: &Analysis, o: &mut Outcome, sf: &[&Figure]) {
    for (i, p) in sf.iter().enumerate() {
        if p.percent || !exact(p) || !p.is_money() {
            continue;
        }
        let Some(rule) = a
            .rules
            .amounts
            .per_unit
            .iter()
            .find(|r| p.label.contains(r.word.as_str()))
        else {
            continue;
        };
        let per = |f: &Figure| {
            a.rules
                .amounts
                .per_unit
                .iter()
                .any(|r| f.label.contains(r.word.as_str()))
        };
        // An earlier per-unit figure of the sentence took the operands before it
        // ("城区 X 万元 N 人次，人均 P；农村 M 人次，人均 Q": Q is not X / M).
        let from = sf[..i].iter().rposition(|f| per(f)).map_or(0, |j| j + 1);
        let before = &sf[from..i];
        let amounts: Vec<&Figure> = before
            .iter()
            .filter(|f| !f.percent && exact(f) && f.is_money() && !per(f))
            .copied()
            .collect();
        let counts: Vec<&Figure> = before
            .iter()
            .filter(|f| {
                !f.percent
                    && exact(f)
                    && !f.value.is_zero()
                    && f.classifier(a.rules)
                        .is_some_and(|c| rule.counts.iter().any(|k| k == c))
            })
            .copied()
            .collect();
        if amounts.is_empty() || counts.is_empty() {
            continue;
        }
        let Some(pv) = based(p) else { continue };
        let mut any = false;
        for x in &amounts {
            for n in &counts {
                let (Some(vx), Some(vn)) = (based(x), based(n)) else {
                    continue;
                };
                if vx.div(vn).is_some_and(|q| q.overlaps(&pv)) {
                    any = true;
                }
            }
        }
        if any {
            o.verified(p);
            continue;
        }
        // The nearest amount and count before it.
        let (x, n) = (amounts[amounts.len() - 1], counts[counts.len() - 1]);
        let (Some(vx), Some(vn)) = (based(x), based(n)) else {
            continue;
        };
        let Some(q) = vx.div(vn).and_then(|q| in_unit_of(q, p)) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: p,
                computed: q,
                arithmetic: format!("{}{} / {}{}", x.printed, x.unit, n.printed, n.unit),
                operands: vec![x, n],
                what_zh: p.label.clone(),
                what_en: format!("the per-{} amount {}", rule.word, p.label),
            },
        );
    }
}

/// Amounts of a sentence against the cells of the table row the sentence names.
fn unit_slips(a: &Analysis, o: &mut Outcome) {
    let skip = super::execution_rate::table_lines(a);
    // (row key, cells in 元 with their figure) of every table that prints a money unit.
    let mut rows: Vec<(String, Vec<(&Figure, Decimal)>)> = Vec::new();
    for t in &a.tables {
        let scale = crate::figures::money_scale(&t.unit);
        if !t.unit.ends_with('元') {
            continue;
        }
        for r in &t.rows {
            let key: String = r
                .key
                .chars()
                .filter(|c| crate::normalize::is_cjk(*c))
                .collect();
            if key.chars().count() < 3 {
                continue;
            }
            let cells: Vec<(&Figure, Decimal)> = r
                .cells
                .iter()
                .filter(|c| !c.percent && !c.value.is_zero())
                .map(|c| (c, scale))
                .collect();
            if !cells.is_empty() {
                rows.push((key, cells));
            }
        }
    }
    if rows.is_empty() {
        return;
    }
    let tens = |k: i64| Decimal::from(10_i64.pow(k as u32));
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        if skip.contains(&li) && !s.contains(['。', '，']) {
            continue;
        }
        for f in figs {
            if f.percent || !exact(f) || !f.is_money() {
                continue;
            }
            // Four significant digits at least: a short amount matches anything.
            let digits = f.value.abs() * tens(f.decimals as i64);
            if digits < Decimal::from(1000) {
                continue;
            }
            let start = s[..f.start]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '。' | '；' | ';'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let before: String = s[start..f.start]
                .chars()
                .filter(|c| crate::normalize::is_cjk(*c))
                .collect();
            let mine: Vec<&(String, Vec<(&Figure, Decimal)>)> = rows
                .iter()
                .filter(|(k, _)| before.contains(k.as_str()))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let fi = f.interval(crate::interval::Rounding::Round);
            let Some(fb) = fi.mul(Interval::point(f.scale)) else {
                continue;
            };
            let cell_in = |c: &Figure, sc: Decimal, k: Decimal| {
                c.interval(crate::interval::Rounding::Round)
                    .mul(Interval::point(sc * k))
            };
            // Equal to a cell (in 元, or as printed): a restatement, no slip.
            let equal = mine.iter().flat_map(|(_, cs)| cs).any(|(c, sc)| {
                cell_in(c, *sc, Decimal::ONE).is_some_and(|ci| ci.overlaps(&fb))
                    || c.interval(crate::interval::Rounding::Round).overlaps(&fi) && f.scale == *sc
            });
            if equal {
                continue;
            }
            let mut slips: Vec<(&Figure, Decimal)> = Vec::new();
            for (c, sc) in mine.iter().flat_map(|(_, cs)| cs) {
                for k in [4, 3, -3, -4] {
                    let factor = if k > 0 {
                        tens(k)
                    } else {
                        Decimal::ONE / tens(-k)
                    };
                    // In 元 (186.40元 for 186.40万元), or as printed across units
                    // (元 divided by 1,000 and labelled 万元).
                    let printed = f.scale != *sc
                        && k.abs() == 3
                        && cell_in(c, Decimal::ONE, factor).is_some_and(|ci| ci.overlaps(&fi));
                    if (printed || cell_in(c, *sc, factor).is_some_and(|ci| ci.overlaps(&fb)))
                        && !slips.iter().any(|(x, _)| std::ptr::eq(*x, *c))
                    {
                        slips.push((c, *sc));
                    }
                }
            }
            let [(c, sc)] = slips.as_slice() else {
                continue;
            };
            let right = c.value * *sc / f.scale;
            let expected = format!(
                "{}{}",
                crate::interval::show(right, f.decimals.max(2)),
                f.unit
            );
            o.findings.push(super::Finding {
                rule: UNIT_SLIP.code,
                severity: UNIT_SLIP.severity,
                message: format!(
                    "{}印为 {}{}，而表中同一项为 {}（{}），按表应为 {}：疑为万元/元单位错误",
                    f.label, f.printed, f.unit, c.printed, unit_name(*sc), expected
                ),
                message_en: format!(
                    "{} is printed as {}{} but the table prints {} for the same item ({}): a unit slip",
                    f.label, f.printed, f.unit, c.printed, expected
                ),
                expected: Some(expected.clone()),
                arithmetic: format!("{} × {} = {} 元", c.printed, sc, c.value * *sc),
                evidence: vec![
                    a.evidence(f, f.label.clone()),
                    a.evidence(c, format!("表中 · {}", unit_name(*sc))),
                ],
            });
        }
    }
}

fn unit_name(scale: Decimal) -> &'static str {
    match scale.to_string().as_str() {
        "100000000" => "亿元",
        "10000" => "万元",
        "1000" => "千元",
        _ => "元",
    }
}

/// "生师比为 17.95∶1": the ratio of the two nearest figures of one unit before it.
fn ratio_to_one(a: &Analysis, o: &mut Outcome, s: &str, sf: &[&Figure]) {
    for (i, r) in sf.iter().enumerate() {
        if r.percent || !exact(r) || !r.unit.is_empty() || !r.label.ends_with('比') {
            continue;
        }
        let rest = &s[r.end..];
        let Some(one) = rest
            .strip_prefix('∶')
            .or_else(|| rest.strip_prefix(':'))
            .or_else(|| rest.strip_prefix('：'))
        else {
            continue;
        };
        if !one.starts_with('1') || one[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            continue;
        }
        let counts: Vec<&Figure> = sf[..i]
            .iter()
            .filter(|f| !f.percent && exact(f) && f.classifier(a.rules).is_some())
            .copied()
            .collect();
        let [.., x, y] = counts.as_slice() else {
            continue;
        };
        if x.unit != y.unit || y.value.is_zero() {
            continue;
        }
        let Some(q) = x.operand().div(y.operand()) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: r,
                computed: q,
                arithmetic: format!("{} / {}", x.printed, y.printed),
                operands: vec![x, y],
                what_zh: r.label.clone(),
                what_en: format!("the ratio {}", r.label),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, RawDocument, Rules};

    fn alarms(s: &str) -> Vec<String> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "stated-relation")
            .map(|f| f.evidence[0].value.clone())
            .collect()
    }

    /// The consistent text passes; the same text with `wrong` for `right` fires on `wrong`.
    fn fires(ok: &str, right: &str, wrong: &str) {
        assert!(alarms(ok).is_empty(), "{ok}: {:?}", alarms(ok));
        let bad = ok.replacen(right, wrong, 1);
        let value = wrong.trim_start_matches(|c: char| !c.is_ascii_digit());
        let value = value.trim_end_matches(|c: char| !c.is_ascii_digit() && c != '%');
        assert_eq!(alarms(&bad), [value], "{bad}");
    }

    #[test]
    fn growth_on_the_earlier_years_base() {
        // 5,430.00 / 4,980.00 − 1 = 9.04%; on this year's base it would be 8.29%.
        fires(
            "全年接待游客5,430.00万人次，比2023年的4,980.00万人次增长9.04%。",
            "9.04%",
            "8.29%",
        );
        fires(
            "门票收入86.40亿元（2022年为102.60亿元），同比下降15.79%。",
            "15.79%",
            "18.75%",
        );
        fires(
            "人均收入从2021年的8,000元增加到2022年的9,000元，增长12.50%。",
            "12.50%",
            "11.11%",
        );
        // The earlier value is the last one of the sentence before; its 其中 parts are not it.
        fires(
            "会议费支出50.00万元，其中培训会议费12.00万元。与2023年度的60.00万元相比，减少10.00万元，下降16.67%。",
            "减少10.00万元",
            "减少12.00万元",
        );
    }

    #[test]
    fn a_stated_difference() {
        fires(
            "调整后预算820.00万元，实际支出790.50万元；调整后预算与实际支出相差29.50万元。",
            "29.50",
            "39.50",
        );
    }

    #[test]
    fn rates_after_their_amounts() {
        fires(
            "专项资金全年预算400.00万元，实际支出388.00万元，执行率97.00%。",
            "97.00%",
            "97.50%",
        );
        // Any budget of the sentence may be the base.
        assert!(alarms(
            "年初预算300.00万元，调整后预算400.00万元，实际支出360.00万元，执行率120.00%。"
        )
        .is_empty());
        fires(
            "全年受理来访820件，其中集体访30件；办结800件，办结率97.56%。",
            "97.56%",
            "96.56%",
        );
    }

    #[test]
    fn per_head_amounts_and_ratios() {
        fires(
            "全年培训支出64.00万元，培训学员320人，人均培训费用2,000.00元。",
            "2,000.00元",
            "2,100.00元",
        );
        fires(
            "按补助资金900.00万元、受益农户600户计算，户均补助1.50万元。",
            "1.50万元",
            "1.60万元",
        );
        // Each per-head figure takes the operands after the one before it; the second has
        // no amount of its own and is left alone.
        fires(
            "城区发放补助36.00万元，共600人次，人均补助600.00元；乡镇共保障900人次，人均补助410.00元。",
            "600.00元",
            "660.00元",
        );
        fires(
            "全校在校生12,000人，专任教师800人，生师比为15.00∶1。",
            "15.00",
            "16.00",
        );
    }

    #[test]
    fn a_unit_slip_against_the_table_row_it_names() {
        let doc = |sentence: &str| {
            format!(
                "某县园林局2031年度部门整体支出绩效自评报告\n表2 项目支出情况表\n单位：万元\n项目 年初预算数 调整后预算数 决算数 执行率\n苗木养护管理 300.00 320.00 310.25 96.95%\n绿道维修工程 200.00 230.00 225.40 98.00%\n合计 500.00 550.00 535.65 97.39%\n二、绩效分析\n{sentence}\n"
            )
        };
        let slips = |s: &str| -> Vec<String> {
            check(&RawDocument::from_text(s), &Rules::builtin())
                .into_iter()
                .filter(|f| f.rule == "unit-slip")
                .map(|f| f.evidence[0].value.clone())
                .collect()
        };
        let ok = doc("全年苗木养护管理项目支出310.25万元，完成全年任务。");
        assert!(slips(&ok).is_empty());
        // The same amount written in 元 is a correct restatement.
        assert!(slips(&doc("全年苗木养护管理项目支出3,102,500.00元。")).is_empty());
        assert_eq!(
            slips(&doc("全年苗木养护管理项目支出310.25元。")),
            ["310.25"]
        );
        // 元 divided by 1,000 and labelled 万元, against a table in 元.
        let yuan = |s: &str| {
            doc(s)
                .replace("单位：万元", "单位：元")
                .replace("310.25 96.95%", "3,102,500.00 96.95%")
        };
        assert!(slips(&yuan("全年苗木养护管理项目支出310.25万元。")).is_empty());
        assert_eq!(
            slips(&yuan("全年苗木养护管理项目支出3,102.50万元。")),
            ["3,102.50"]
        );
        // A sentence that names no row is not compared.
        assert!(slips(&doc("全年其他支出310.25元。")).is_empty());
    }

    #[test]
    fn thresholds_are_no_facts() {
        assert!(alarms("执行率达到95%及以上得满分，低于60%不得分。").is_empty());
    }
}
