//! Properties of number parsing, interval comparison and formula evaluation, over random
//! inputs (proptest).

use std::str::FromStr;

use gouji::figures::parse_line;
use gouji::formulas::parse_expr;
use gouji::interval::{agree, ulp, Agreement, Interval};
use gouji::normalize::fold;
use gouji::Rules;
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

fn rules() -> &'static Rules {
    static R: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    R.get_or_init(Rules::builtin)
}

/// `int` with thousands separators, then `frac` zero-padded to `decimals` places.
fn format_grouped(int: u64, frac: u64, decimals: u32) -> String {
    let digits = int.to_string();
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            s.push(',');
        }
        s.push(c);
    }
    if decimals > 0 {
        let f = frac % 10u64.pow(decimals);
        s.push_str(&format!(".{f:0width$}", width = decimals as usize));
    }
    s
}

/// ASCII digits and '.' as their full-width forms.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

/// A decimal with up to 6 places, magnitude below 10^9.
fn exact_value() -> impl Strategy<Value = Decimal> {
    (-999_999_999_999_999i64..=999_999_999_999_999, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn formatted_numbers_parse_back(
        int in 0u64..1_000_000_000_000,
        frac in any::<u64>(),
        decimals in 0u32..=6,
        negative in any::<bool>(),
    ) {
        let printed = format_grouped(int, frac, decimals);
        let signed = if negative { format!("-{printed}") } else { printed.clone() };
        let expected = Decimal::from_str(&signed.replace(',', "")).unwrap();
        let line = format!("本年支出 {signed} 万元");
        let figs = parse_line(&line, rules());
        prop_assert_eq!(figs.len(), 1, "{}", line);
        prop_assert_eq!(figs[0].value, expected);
        prop_assert_eq!(figs[0].decimals, decimals);
        prop_assert_eq!(&figs[0].printed, &signed);
        prop_assert_eq!(&figs[0].unit, "万元");

        // Full-width digits fold to the same figure (normalisation runs before parsing).
        let wide = fold(&format!("本年支出 {} 万元", full_width(&signed)));
        let figs = parse_line(&wide, rules());
        prop_assert_eq!(figs.len(), 1, "{}", wide);
        prop_assert_eq!(figs[0].value, expected);
        prop_assert_eq!(figs[0].decimals, decimals);
        prop_assert_eq!(&figs[0].printed, &signed);
    }

    #[test]
    fn percentages_parse_back(int in 0u64..100_000, frac in any::<u64>(), decimals in 0u32..=4) {
        let printed = format_grouped(int, frac, decimals);
        let line = format!("预算执行率为 {printed}%。");
        let figs = parse_line(&line, rules());
        prop_assert_eq!(figs.len(), 1, "{}", line);
        prop_assert!(figs[0].percent);
        prop_assert_eq!(figs[0].value, Decimal::from_str(&printed.replace(',', "")).unwrap());
        prop_assert_eq!(figs[0].decimals, decimals);
    }

    #[test]
    fn rounded_value_agrees(x in exact_value(), d in 0u32..=5) {
        let exact = Interval::point(x);
        let rounded = x.round_dp_with_strategy(d, RoundingStrategy::MidpointAwayFromZero);
        prop_assert_eq!(agree(rounded, d, exact), Agreement::Rounded);
        let even = x.round_dp_with_strategy(d, RoundingStrategy::MidpointNearestEven);
        prop_assert_eq!(agree(even, d, exact), Agreement::Rounded);
    }

    #[test]
    fn truncated_value_agrees(x in exact_value(), d in 0u32..=5) {
        let exact = Interval::point(x);
        let truncated = x.trunc_with_scale(d);
        let a = agree(truncated, d, exact);
        prop_assert!(matches!(a, Agreement::Truncated | Agreement::Rounded), "{a:?}");
    }

    #[test]
    fn two_ulps_off_never_agrees(x in exact_value(), d in 0u32..=5, up in any::<bool>()) {
        let exact = Interval::point(x);
        let rounded = x.round_dp_with_strategy(d, RoundingStrategy::MidpointAwayFromZero);
        let two = ulp(d) * Decimal::TWO;
        let off = if up { rounded + two } else { rounded - two };
        let a = agree(off, d, exact);
        prop_assert!(!matches!(a, Agreement::Rounded | Agreement::Truncated), "{off} vs {x}: {a:?}");
    }
}

/// An arithmetic expression over integers.
#[derive(Debug, Clone)]
enum E {
    Num(i64),
    Bin(char, Box<E>, Box<E>),
}

impl E {
    /// Exact value in Decimal arithmetic; None on division by zero or overflow.
    fn value(&self) -> Option<Decimal> {
        match self {
            E::Num(n) => Some(Decimal::from(*n)),
            E::Bin(op, a, b) => {
                let (a, b) = (a.value()?, b.value()?);
                match op {
                    '+' => a.checked_add(b),
                    '-' => a.checked_sub(b),
                    '×' | '*' => a.checked_mul(b),
                    _ => a.checked_div(b),
                }
            }
        }
    }

    /// Printed with brackets around every compound or negative operand.
    fn print(&self, style: u8) -> String {
        let operand = |e: &E| match e {
            E::Num(n) if *n >= 0 => e.print(style),
            _ if style.is_multiple_of(2) => format!("({})", e.print(style)),
            _ => format!("（{}）", e.print(style)),
        };
        match self {
            E::Num(n) if *n >= 0 && style.is_multiple_of(3) => {
                // With thousands separators.
                format_grouped(n.unsigned_abs(), 0, 0)
            }
            E::Num(n) => n.to_string(),
            E::Bin(op, a, b) => {
                let sym = match (op, style % 4) {
                    ('/', 1) => '÷',
                    ('×', 2) => '*',
                    (o, _) => *o,
                };
                format!("{} {sym} {}", operand(a), operand(b))
            }
        }
    }
}

fn expr() -> impl Strategy<Value = E> {
    let leaf = (-100_000i64..=100_000).prop_map(E::Num);
    leaf.prop_recursive(5, 32, 2, |inner| {
        (
            prop::sample::select(vec!['+', '-', '×', '/']),
            inner.clone(),
            inner,
        )
            .prop_map(|(op, a, b)| E::Bin(op, Box::new(a), Box::new(b)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn integer_formulas_contain_the_exact_result(e in expr(), style in 0u8..12) {
        let printed = e.print(style);
        let parsed = parse_expr(&printed);
        prop_assert!(parsed.is_some(), "{}", printed);
        let got = parsed.unwrap().eval(&|_| None);
        if let Some(exact) = e.value() {
            let got = got.unwrap_or_else(|| panic!("{printed}: no value, exact {exact}"));
            prop_assert!(got.contains(exact), "{}: {:?} does not contain {}", printed, got, exact);
        }
    }

    #[test]
    fn flat_integer_formulas_follow_precedence(
        first in 0i64..10_000,
        rest in prop::collection::vec((prop::sample::select(vec!['+', '-', '×']), 0i64..10_000), 0..8),
    ) {
        // a op b op c … without brackets: × binds tighter than + and -.
        let mut printed = first.to_string();
        let mut terms: Vec<Decimal> = vec![Decimal::from(first)];
        let mut signs: Vec<bool> = vec![true];
        for (op, n) in &rest {
            printed.push_str(&format!(" {op} {n}"));
            match op {
                '×' => {
                    let t = terms.last_mut().unwrap();
                    *t *= Decimal::from(*n);
                }
                _ => {
                    terms.push(Decimal::from(*n));
                    signs.push(*op == '+');
                }
            }
        }
        let exact: Decimal = terms
            .iter()
            .zip(&signs)
            .map(|(t, s)| if *s { *t } else { -*t })
            .sum();
        let got = parse_expr(&printed).and_then(|e| e.eval(&|_| None));
        prop_assert_eq!(got, Some(Interval::point(exact)), "{}", printed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any tag soup read as a web page gives a document or a named error, never a panic,
    /// and every character of text between tags survives.
    #[test]
    fn html_pages_read_without_panic(
        parts in prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec![
                    "<p>", "</p>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
                    "<br>", "<div>", "</div>", "<script>", "</script>", "<pre>", "</pre>",
                    "<!--", "-->", "&amp;", "&#x4e00;", "<td", "</", "<th/>",
                ]).prop_map(str::to_owned),
                "[收入支出合计0-9., %\n]{0,12}",
            ],
            0..40,
        ),
    ) {
        let page = format!("<html><body>{}</body></html>", parts.concat());
        let opts = gouji::extract::Options::default();
        if let Ok(d) = gouji::extract::load_bytes("x.html", page.as_bytes(), &opts) {
            prop_assert!(!d.pages.is_empty());
        }
        let word = "预算执行率";
        let page = format!("<html><body><p>{word}</p>{}</body></html>", parts.concat());
        let d = gouji::extract::load_bytes("x.html", page.as_bytes(), &opts);
        prop_assert!(d.is_ok_and(|d| d.pages.concat().contains(word)));
    }
}
