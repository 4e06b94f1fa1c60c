//! A cost per unit printed with its unit ("1.34元/画幅") against the one amount and the one
//! quantity of that unit that the sentence prints before it ("5,163,880.00元 … 386.4万画幅"):
//! the quantity's 万/亿 is multiplied out, the amount is taken in 元.

use rust_decimal::Decimal;

use super::{compare, Outcome, Relation};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::Figure;
use crate::formulas::is_ideograph;
use crate::interval::Interval;

/// At most this many characters name the unit after "元/".
const MAX_UNIT: usize = 4;

fn exact(f: &Figure) -> bool {
    f.is_exact() && !f.percent
}

/// The unit a money figure is per ("元/画幅" → "画幅"); none for "元/人·月" (per two things).
fn per_what<'s>(s: &'s str, f: &Figure) -> Option<&'s str> {
    if !f.is_money() {
        return None;
    }
    let rest = s.get(f.unit_end..)?.trim_start();
    let rest = rest.strip_prefix('/')?;
    let n: usize = rest
        .chars()
        .take_while(|c| is_ideograph(*c))
        .map(char::len_utf8)
        .sum();
    let unit = &rest[..n];
    let count = unit.chars().count();
    let after = rest[n..].chars().next();
    ((1..=MAX_UNIT).contains(&count) && !matches!(after, Some('·' | '•' | '/' | '*')))
        .then_some(unit)
}

/// A quantity of `unit` ("386.4万画幅", "42画幅"), as its number of units.
fn quantity(s: &str, f: &Figure, unit: &str) -> Option<Interval> {
    if f.is_money() || !exact(f) || f.value <= Decimal::ZERO {
        return None;
    }
    let rest = s.get(f.unit_end..).unwrap_or("");
    let scale = |m: &str| match m {
        "" => Some(Decimal::ONE),
        "万" => Some(Decimal::from(10_000)),
        "亿" => Some(Decimal::from(100_000_000)),
        _ => None,
    };
    // The figure parser reads "386.4万画幅" as 386.4 万 followed by the word.
    let k = if let Some(m) = f.unit.strip_suffix(unit) {
        scale(m)?
    } else if rest.starts_with(unit) && !rest[unit.len()..].starts_with(is_ideograph) {
        scale(&f.unit)?
    } else {
        return None;
    };
    f.operand().mul(Interval::point(k))
}

pub(crate) fn check(a: &Analysis, o: &mut Outcome) {
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        if s.len() > super::list_count::MAX_LINE || !s.contains('/') {
            continue;
        }
        for (lo, hi) in full_sentences(s) {
            let sf: Vec<&Figure> = figs
                .iter()
                .filter(|f| f.start >= lo && f.start < hi)
                .collect();
            for (i, r) in sf.iter().enumerate() {
                if !exact(r) {
                    continue;
                }
                let Some(unit) = per_what(s, r) else { continue };
                // The operands stand after the cost per unit before it ("… = 1.34元/画幅，
                // 低于 1.50元/画幅 的标准": the standard has none of its own).
                let from = sf[..i]
                    .iter()
                    .rposition(|f| per_what(s, f).is_some())
                    .map_or(0, |j| j + 1);
                let before = &sf[from..i];
                let amounts: Vec<&Figure> = before
                    .iter()
                    .filter(|f| exact(f) && f.is_money() && f.value > Decimal::ZERO)
                    .copied()
                    .collect();
                let counts: Vec<(&Figure, Interval)> = before
                    .iter()
                    .filter_map(|f| quantity(s, f, unit).map(|q| (*f, q)))
                    .collect();
                let ([x], [(n, q)]) = (amounts.as_slice(), counts.as_slice()) else {
                    continue;
                };
                let Some(money) = x.operand().mul(Interval::point(x.scale)) else {
                    continue;
                };
                let per = money.div(*q).and_then(|v| {
                    if r.scale.is_zero() {
                        None
                    } else {
                        v.div(Interval::point(r.scale))
                    }
                });
                let Some(per) = per else { continue };
                compare(
                    a,
                    o,
                    &super::stated_relation::INFO,
                    Relation {
                        fig: r,
                        computed: per,
                        arithmetic: format!(
                            "{}{} / {}{}{}",
                            x.printed,
                            x.unit,
                            n.printed,
                            n.unit,
                            if n.unit.ends_with(unit) { "" } else { unit }
                        ),
                        operands: vec![x, n],
                        what_zh: if r.label.chars().any(is_ideograph) {
                            format!("{}（{}/{}）", r.label, r.unit, unit)
                        } else {
                            format!("每{}金额（{}/{}）", unit, r.unit, unit)
                        },
                        what_en: format!("the cost per {} {}", unit, r.label),
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn alarms(s: &str) -> Vec<(String, Option<String>)> {
        crate::checks::alarms_of("stated-relation", s)
    }

    #[test]
    fn a_cost_per_unit_against_its_amount_and_quantity() {
        // 2,400,000.00 元 / 150 万册 = 1.60 元/册; the standard after it has no operands.
        let ok = "全年图书修复支出2,400,000.00元，修复古籍150万册，单位成本1.60元/册，低于2.00元/册的标准。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
        let bad = ok.replace("1.60元/册", "1.06元/册");
        assert_eq!(alarms(&bad), [("1.06".to_owned(), Some("1.60".to_owned()))]);
        // In 万元 over a plain count.
        let ok = "改造支出36.00万元，完成管网1,200米，平均造价0.03万元/米。";
        assert!(alarms(ok).is_empty(), "{:?}", alarms(ok));
    }

    #[test]
    fn two_amounts_are_no_reading() {
        let s = "预算260.00万元，支出240.00万元，修复150万册，单位成本1.06元/册。";
        assert!(alarms(s).is_empty(), "{:?}", alarms(s));
    }
}
