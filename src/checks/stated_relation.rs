//! stated-relation: a rate, a change, a difference or a ratio stated in a sentence against
//! the figures the same sentence names.

use rust_decimal::Decimal;

use super::{compare, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::Figure;
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
- 差距：\"实际支出 A 万元，比预算少 D 万元\"，D 须为 A 与前文唯一一个以\"预算\"结尾之数的差（比上年者为增减）；
- 结余：\"全年预算 B 万元……支出 S 万元……年末结余 R 万元\"，R 须为 B − S（同段任一预算与支出之差、
  或任两笔金额之差相符即可；段中另有结转结余、或为年初/上年结余时不判断）；
- 单位成本 \"1.34元/画幅\"：须为同句中其前唯一的金额除以唯一的该单位数量（\"386.4万画幅\" 按 ×10⁴
  换算；其前另一单位成本之前的数不算）；
- 比值 \"a∶1\"（生师比）：a 须为同句中最近两个同单位数之比。
找不到全部运算数、或运算数有多种读法时不判断。

Rereads, within one sentence, a stated result against the figures the sentence prints: a
change against the earlier year's value (a growth rate must be on the earlier year's base),
a stated difference, an execution or success rate, a per-person amount and an \"a∶1\" ratio;
a gap to a named figure (比预算少 D); within one paragraph, what is left of a budget (年末结余)
against the budget less the spending.
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

pub fn check(a: &Analysis, o: &mut Outcome) {
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
            gaps(a, o, s, &line_figs, &sf);
            rates(a, o, s, &sf);
            per_capita(a, o, &sf);
            ratio_to_one(a, o, s, &sf);
        }
        balances(a, o, &line_figs);
    }
}

/// "全年预算 B 万元。全年支出 S 万元……年末结余 R 万元": what is left of the budget is B − S
/// (any budget and any spending of the paragraph before it may be the pair). A paragraph that
/// also prints a carry-over before it, or whose R is the difference of any two of its amounts,
/// is left alone.
fn balances(a: &Analysis, o: &mut Outcome, figs: &[&Figure]) {
    let w = &a.rules.amounts;
    let is_balance = |f: &Figure| {
        let l = f.label.trim();
        w.balance.iter().any(|b| l.ends_with(b.as_str()))
    };
    for (i, r) in figs.iter().enumerate() {
        if r.percent || !r.is_exact() || !r.is_money() || !is_balance(r) {
            continue;
        }
        if w.balance_not.iter().any(|b| r.label.contains(b.as_str())) {
            continue;
        }
        let before: Vec<&Figure> = figs[..i]
            .iter()
            .filter(|f| !f.percent && f.is_exact() && f.is_money())
            .copied()
            .collect();
        if before.iter().any(|f| is_balance(f)) {
            continue;
        }
        let budgets: Vec<&Figure> = before
            .iter()
            .filter(|f| budget_word(f.label.trim(), a).is_some())
            .copied()
            .collect();
        let spent: Vec<&Figure> = before
            .iter()
            .filter(|f| {
                budget_word(f.label.trim(), a).is_none()
                    && !w.subset.iter().any(|s| f.label.contains(s.as_str()))
                    && w.spent.iter().any(|s| f.label.contains(s.as_str()))
            })
            .copied()
            .collect();
        let (Some(&s), Some(rv)) = (spent.last(), r.in_base_units()) else {
            continue;
        };
        let Some(&b) = budgets
            .iter()
            .rev()
            .find(|b| b.start < s.start || b.line < s.line)
            .or(budgets.last())
        else {
            continue;
        };
        // Any two amounts of the paragraph whose difference is R spare it.
        let any = before.iter().any(|x| {
            before.iter().any(|y| {
                let (Some(vx), Some(vy)) = (x.in_base_units(), y.in_base_units()) else {
                    return false;
                };
                vx.sub(vy).is_some_and(|d| d.overlaps(&rv))
            })
        });
        if any {
            budgets.iter().chain(&spent).for_each(|f| o.verified(f));
            o.verified(r);
            continue;
        }
        let (Some(vb), Some(vs)) = (b.in_base_units(), s.in_base_units()) else {
            continue;
        };
        // An overspent budget leaves nothing; a balance larger than the budget is another thing.
        if vb.mid() <= vs.mid() || rv.mid() >= vb.mid() {
            continue;
        }
        let Some(d) = vb.sub(vs).and_then(|d| in_unit_of(d, r)) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: r,
                computed: d,
                arithmetic: format!("{}{} − {}{}", b.printed, b.unit, s.printed, s.unit),
                operands: vec![b, s],
                what_zh: format!("{}（预算减支出）", r.label.trim()),
                what_en: format!("{} (budget less spending)", r.label.trim()),
            },
        );
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
        if earlier.percent || !earlier.is_exact() {
            continue;
        }
        let Some(ya) = year_label(&earlier.label, a) else {
            continue;
        };
        // This year's value: a later-year figure after it, or the nearest figure of the same
        // unit before it (no other one between).
        let after = sf[i + 1..]
            .iter()
            .find(|f| {
                f.is_exact()
                    && f.same_kind(earlier)
                    && matches!((ya, year_label(&f.label, a)), (Some(x), Some(Some(y))) if y > x)
            })
            .or_else(|| {
                // "由上年的 A 缩短至 B": the next value of that unit, named by a word of "to".
                sf[i + 1..]
                    .iter()
                    .find(|f| !f.percent && f.same_kind(earlier))
                    .filter(|f| {
                        f.is_exact()
                            && year_label(&f.label, a).is_none()
                            && a.rules
                                .counts
                                .to
                                .iter()
                                .any(|t| f.label.trim_end().ends_with(t.as_str()))
                    })
            });
        let current = match after {
            Some(b) => Some(*b),
            None => {
                let at = wide.iter().position(|f| std::ptr::eq(*f, *earlier));
                at.and_then(|p| {
                    wide[..p]
                        .iter()
                        .rev()
                        .filter(|f| f.is_exact() && !part_of(a, s, f))
                        .find(|f| !f.percent && f.same_kind(earlier))
                        .copied()
                })
                .filter(|b| year_label(&b.label, a).is_none())
            }
        };
        let Some(current) = current else { continue };
        let from = current.end.max(earlier.end);
        let (Some(va), Some(vb)) = (earlier.in_base_units(), current.in_base_units()) else {
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
            if !f.is_exact() || f.percent && seen_rate || !f.percent && seen_amount {
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
                let before = o.findings.len();
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
                if o.findings.len() > before {
                    wrong_base(a, o, f, diff, vb, &arith_pair, current);
                }
            } else if f.same_kind(earlier) {
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

/// A growth rate found wrong that is the change over this year's value names that slip.
fn wrong_base(
    a: &Analysis,
    o: &mut Outcome,
    f: &Figure,
    diff: Interval,
    current: Interval,
    arith_pair: &str,
    cur: &Figure,
) {
    let Some(w) = diff
        .div(current)
        .and_then(|w| w.mul(Interval::point(Decimal::ONE_HUNDRED)))
    else {
        return;
    };
    if !matches!(
        agree_under(a.rules.rounding, f.value, f.decimals, w),
        Agreement::Rounded | Agreement::Truncated
    ) {
        return;
    }
    if let Some(last) = o.findings.last_mut() {
        last.message.push_str(&format!(
            "；{} 恰为以本年数 {} 为基数之值（|{arith_pair}| / {}），基数用错",
            f.printed, cur.printed, cur.printed
        ));
        last.message_en.push_str(&format!(
            "; {} is the change over this year's value {} (|{arith_pair}| / {}): the wrong base",
            f.printed, cur.printed, cur.printed
        ));
    }
}

/// A part of the figure before it: its sentence says 其中 before it ("其中公务接待费 11.22").
fn part_of(a: &Analysis, s: &str, f: &Figure) -> bool {
    let start = crate::facts::sentence_start(s, f.start);
    a.rules
        .amounts
        .subset
        .iter()
        .any(|w| !w.is_empty() && s[start..f.start].contains(w.as_str()))
}

/// "调整后预算与实际支出相差 D": D against the two figures the line printed before it.
fn differences(a: &Analysis, o: &mut Outcome, line: &[&Figure], sf: &[&Figure]) {
    for d in sf {
        if d.percent || !d.is_exact() || !d.is_money() {
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
            .filter(|f| f.end <= d.start && !f.percent && f.is_money() && f.is_exact())
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
        let (Some(vx), Some(vy)) = (x.in_base_units(), y.in_base_units()) else {
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

/// "实际支出 A 万元，比预算少 D 万元": D is the gap between A (the figure just before, in the same
/// sentence) and the one figure before it whose label ends with the name (预算). Another year's
/// value (比上年) is a change, read by [`changes`].
fn gaps(a: &Analysis, o: &mut Outcome, s: &str, line: &[&Figure], sf: &[&Figure]) {
    for (i, d) in sf.iter().enumerate() {
        if d.percent || !d.is_exact() || i == 0 {
            continue;
        }
        let label = d.label.trim();
        let Some((_, rest)) = label.rsplit_once('比') else {
            continue;
        };
        let Some(name) = a
            .rules
            .amounts
            .gap
            .iter()
            .filter_map(|w| rest.strip_suffix(w.as_str()))
            .min_by_key(|n| n.len())
        else {
            continue;
        };
        let name = name.trim();
        if name.chars().count() < 2
            || year_label(name, a).is_some()
            || a.rules
                .sentence
                .previous_year
                .iter()
                .any(|w| name.contains(w.as_str()))
        {
            continue;
        }
        let x = sf[i - 1];
        if x.percent
            || !x.is_exact()
            || !x.same_kind(d)
            || s[x.unit_end..d.start].contains(['；', ';'])
        {
            continue;
        }
        let named: Vec<&Figure> = line
            .iter()
            .filter(|f| {
                f.end <= x.start
                    && f.is_exact()
                    && f.same_kind(d)
                    && f.label.trim_end().ends_with(name)
            })
            .copied()
            .collect();
        let [y] = named.as_slice() else {
            continue;
        };
        let (Some(vx), Some(vy)) = (x.in_base_units(), y.in_base_units()) else {
            continue;
        };
        let Some(gap) = vx.sub(vy).map(Interval::abs).and_then(|v| in_unit_of(v, d)) else {
            continue;
        };
        compare(
            a,
            o,
            &INFO,
            Relation {
                fig: d,
                computed: gap,
                arithmetic: format!("|{} − {}|", x.printed, y.printed),
                operands: vec![x, y],
                what_zh: label.to_owned(),
                what_en: format!("the gap to {name}"),
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
        if !r.percent || !r.is_exact() || r.value.is_zero() {
            continue;
        }
        let before: Vec<&Figure> = sf[..i].iter().filter(|f| f.is_exact()).copied().collect();
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
            let (Some(x), Some(y)) = (n.in_base_units(), d.in_base_units()) else {
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
    let (Some(x), Some(y)) = (num.in_base_units(), den.in_base_units()) else {
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
        if p.percent || !p.is_exact() || !p.is_money() {
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
        // An earlier per-head amount closes its own operands: "支出 X，N 人次，人均 P；M 人次，
        // 人均 Q" gives Q no amount of its own.
        let first = sf[..i]
            .iter()
            .rposition(|f| !f.percent && f.is_money() && per(f))
            .map_or(0, |k| k + 1);
        let before = &sf[first..i];
        let amounts: Vec<&Figure> = before
            .iter()
            .filter(|f| !f.percent && f.is_exact() && f.is_money() && !per(f))
            .copied()
            .collect();
        let counts: Vec<&Figure> = before
            .iter()
            .filter(|f| {
                !f.percent
                    && f.is_exact()
                    && !f.value.is_zero()
                    && f.classifier(a.rules)
                        .is_some_and(|c| rule.counts.iter().any(|k| k == c))
            })
            .copied()
            .collect();
        if amounts.is_empty() || counts.is_empty() {
            continue;
        }
        let Some(pv) = p.in_base_units() else {
            continue;
        };
        let mut any = false;
        for x in &amounts {
            for n in &counts {
                let (Some(vx), Some(vn)) = (x.in_base_units(), n.in_base_units()) else {
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
        let (Some(vx), Some(vn)) = (x.in_base_units(), n.in_base_units()) else {
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

/// "生师比为 17.95∶1": the ratio of the two nearest figures of one unit before it.
fn ratio_to_one(a: &Analysis, o: &mut Outcome, s: &str, sf: &[&Figure]) {
    for (i, r) in sf.iter().enumerate() {
        if r.percent || !r.is_exact() || !r.unit.is_empty() || !r.label.ends_with('比') {
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
            .filter(|f| !f.percent && f.is_exact() && f.classifier(a.rules).is_some())
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
    fn a_rate_over_this_years_value_is_named() {
        let messages = |s: &str| -> Vec<String> {
            check(&RawDocument::from_text(s), &Rules::builtin())
                .into_iter()
                .filter(|f| f.rule == "stated-relation")
                .map(|f| f.message)
                .collect()
        };
        // (1,000 − 800) / 800 = 25.00%; over this year's 1,000 it is 20.00%.
        let ok = "全年受理申请１０００件（上年为８００件），同比增长２５．００％。";
        assert!(messages(ok).is_empty());
        let m = messages(&ok.replace("２５．００", "２０．００"));
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("以本年数 1000 为基数"), "{m:?}");
        // Another slip is not named as a wrong base.
        let m = messages(&ok.replace("２５．００", "２２．００"));
        assert_eq!(m.len(), 1);
        assert!(!m[0].contains("基数用错"), "{m:?}");
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
    fn a_change_from_last_years_value_to_this_years() {
        fires(
            "平均审批时限由上年的15天缩短至9天，减少6天。",
            "减少6天",
            "减少7天",
        );
        fires(
            "受理申请由上年的800件提高到1,000件，增长25.00%。",
            "25.00%",
            "20.00%",
        );
        // A value after it not named by "至/到" is not this year's.
        assert!(alarms("平均审批时限由上年的15天，其余9天，减少7天。").is_empty());
    }

    #[test]
    fn a_gap_to_a_named_figure() {
        fires(
            "项目全年预算300.00万元，实际支出276.40万元，比预算少23.60万元。",
            "少23.60",
            "少32.60",
        );
        fires(
            "全年目标值1,500件，实际办结1,620件，比目标值多120件。",
            "多120件",
            "多210件",
        );
        // Two figures of that name: which one is meant is unknown.
        assert!(alarms(
            "甲项目预算300.00万元，乙项目预算280.00万元，实际支出276.40万元，比预算少32.60万元。"
        )
        .is_empty());
    }

    #[test]
    fn a_balance_is_the_budget_less_the_spending() {
        let para = "项目年初预算500.00万元，年中追加60.00万元后全年预算560.00万元。全年拨付资金531.25万元，执行率94.87%；年末结余28.75万元，已按规定收回。";
        fires(para, "28.75万元", "27.85万元");
        // Any reading that holds spares it: 年初预算 less the spending.
        assert!(alarms(&para.replace("28.75", "-31.25")).is_empty());
        // A carry-over of earlier years makes it another sum.
        let carried = para.replace("年末结余28.75", "上年结转10.00万元，年末结余37.85");
        assert!(alarms(&carried).is_empty(), "{:?}", alarms(&carried));
        // An earlier balance is not this year's.
        assert!(alarms(&para.replace("年末结余28.75", "年初结余27.85")).is_empty());
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
        // The second per-head amount has no amount of its own in the sentence.
        fires(
            "甲镇累计救助2,000人次，发放救助金60.00万元，人均救助300.00元；乙镇累计救助5,000人次，人均救助250.00元。",
            "300.00元",
            "310.00元",
        );
        fires(
            "全校在校生12,000人，专任教师800人，生师比为15.00∶1。",
            "15.00",
            "16.00",
        );
    }

    #[test]
    fn thresholds_are_no_facts() {
        assert!(alarms("执行率达到95%及以上得满分，低于60%不得分。").is_empty());
    }
}
