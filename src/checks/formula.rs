//! formula: a formula written out in the text whose stated result its own numbers do not give.

use rust_decimal::Decimal;

use super::{rounding_style, Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::formulas::{CmpOp, Formula, Printed};
use crate::interval::{agree_under, show, Agreement, Interval, Rounding};

pub static INFO: RuleInfo = RuleInfo {
    code: "formula",
    name_zh: "算式结果错误",
    name_en: "formula result wrong",
    severity: Severity::Error,
    doc: "## What it does
Recomputes every formula the text writes out with its numbers and its result
(`437.84万元/449.98万元×100%=97.30%`), treating each printed decimal as the interval it
was rounded from, and reports a stated result that no reading of the operands gives.
It also checks a comparison printed after the result (`=97.30%≤100%`), and takes the
absolute value when the text says so (取绝对值). When the result is off by exactly 10,
100 or 10,000 it says so: a misplaced decimal point or a 万元/元 slip.

## Why is this bad
The formula is the report's own evidence for a score or a rate: a reader who redoes
the arithmetic gets another number, and the score built on it is in doubt.
A result that holds only when truncated is a style note (rounding-style), not an error;
one that has lost its sign is a warning.

## Example
```
差异率=（收入决算数-收入调整预算数）/收入调整预算数*100%（取绝对值）。
即（19,368.18-19,456.78）/19,456.78*100%=0.046%     # |−88.60| / 19,456.78 = 0.455%
```",
};

/// The slips a stated result may show: a decimal point moved, 万元 read as 元.
const FACTORS: &[i64] = &[10, 100, 1_000, 10_000];

pub fn check(a: &Analysis, o: &mut Outcome) {
    for f in &a.formulas {
        check_one(a, o, f);
    }
}

/// The figure the figure parser found at a printed place, if any.
fn figure_at<'a>(a: &'a Analysis, p: &Printed) -> Option<&'a Figure> {
    let figs = a.figures.get(p.line)?;
    // Figures are in line order: look only at those that may overlap.
    let from = figs.partition_point(|g| g.end <= p.start);
    figs[from..]
        .iter()
        .take_while(|g| g.start < p.end)
        .find(|g| g.start == p.start || g.value == p.value)
}

fn evidence(a: &Analysis, p: &Printed, label: &str) -> Evidence {
    match figure_at(a, p) {
        Some(g) => a.evidence(
            g,
            if label.is_empty() {
                g.label.clone()
            } else {
                label.to_owned()
            },
        ),
        None => a.evidence_at(p.line, p.start, p.printed.clone(), label.to_owned()),
    }
}

/// The power of ten by which the stated value is off: (k, stated is k times too small).
fn factor(stated: &Printed, computed: Interval) -> Option<(i64, bool)> {
    if stated.value.is_zero() {
        return None;
    }
    let iv = Interval::printed(stated.value, stated.decimals, Rounding::Round);
    let trunc = Interval::printed(stated.value, stated.decimals, Rounding::Truncate);
    for &k in FACTORS {
        let k_iv = Interval::point(Decimal::from(k));
        for (small, scaled) in [
            (true, iv.mul(k_iv)),
            (false, iv.div(k_iv)),
            (true, trunc.mul(k_iv)),
            (false, trunc.div(k_iv)),
        ] {
            if scaled.is_some_and(|s| s.overlaps(&computed)) {
                return Some((k, small));
            }
        }
    }
    None
}

fn factor_hint(k: i64, small: bool) -> (String, String) {
    let (zh_dir, en_dir) = if small {
        ("小", "small")
    } else {
        ("大", "large")
    };
    let (zh_why, en_why) = if k == 10_000 {
        ("疑为万元与元混用", "likely a 万元/元 slip")
    } else {
        ("疑为小数点错位", "likely a misplaced decimal point")
    };
    (
        format!("（偏{zh_dir} {k} 倍，{zh_why}）"),
        format!(" ({k} times too {en_dir}: {en_why})"),
    )
}

fn check_one(a: &Analysis, o: &mut Outcome, f: &Formula) {
    let named_zh = if f.label.is_empty() {
        String::new()
    } else {
        format!("{}：", f.label)
    };
    let named_en = if f.label.is_empty() {
        String::new()
    } else {
        format!("{}: ", f.label)
    };
    check_comparison(a, o, f, &named_zh, &named_en);
    let Some(computed) = f.computed() else { return };
    let r = &f.result;
    let pct = if r.percent { "%" } else { "" };
    let expected = format!(
        "{}{}",
        show(
            computed.lo / Decimal::TWO + computed.hi / Decimal::TWO,
            r.decimals
        ),
        pct
    );
    let render = f.render();
    let arithmetic = format!("{render} = {expected}");
    let fig = figure_at(a, r);
    let all_evidence = || {
        let mut ev = vec![evidence(a, r, &f.label)];
        ev.extend(f.operands.iter().map(|p| evidence(a, p, "")));
        ev
    };
    let agreement = agree_under(a.rules.rounding, r.value, r.decimals, computed);
    // A score capped at full marks or floored at zero, as the sentence says.
    let capped =
        f.capped && (r.value < computed.lo || (r.value.is_zero() && computed.hi < Decimal::ZERO));
    if agreement != Agreement::Rounded && capped {
        return;
    }
    match agreement {
        Agreement::Rounded => {
            if let Some(g) = fig {
                o.verified(g);
            }
        }
        Agreement::Truncated => match fig {
            Some(g) => rounding_style::note(a, o, g, &expected, &arithmetic),
            None => o.findings.push(Finding {
                rule: rounding_style::INFO.code,
                severity: rounding_style::INFO.severity,
                message: format!(
                    "{} 与计算值 {} 仅在截断（而非四舍五入）时一致",
                    r.printed, expected
                ),
                message_en: format!(
                    "{} agrees with the computed {} only when truncated, not rounded",
                    r.printed, expected
                ),
                expected: Some(expected.clone()),
                arithmetic,
                evidence: vec![evidence(a, r, &f.label)],
            }),
        },
        Agreement::SignLost => o.findings.push(Finding {
            rule: INFO.code,
            severity: Severity::Warning,
            message: format!(
                "{named_zh}算式 {render} 得 {expected}，文中写作 {}，符号丢失",
                r.printed
            ),
            message_en: format!(
                "{named_en}{render} gives {expected}, but the text states {}: the sign is lost",
                r.printed
            ),
            expected: Some(expected.clone()),
            arithmetic,
            evidence: all_evidence(),
        }),
        Agreement::Differs => {
            let (hint_zh, hint_en) = factor(r, computed)
                .map(|(k, s)| factor_hint(k, s))
                .unwrap_or_default();
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "{named_zh}算式 {render} 得 {expected}，文中写作 {}{hint_zh}",
                    r.printed
                ),
                message_en: format!(
                    "{named_en}{render} gives {expected}, but the text states {}{hint_en}",
                    r.printed
                ),
                expected: Some(expected.clone()),
                arithmetic,
                evidence: all_evidence(),
            });
        }
    }
}

/// A stated result that breaks the comparison printed right after it ("=105%≤100%").
fn check_comparison(a: &Analysis, o: &mut Outcome, f: &Formula, named_zh: &str, named_en: &str) {
    let Some(c) = &f.comparison else { return };
    if c.holds(&f.result) != Some(false) {
        return;
    }
    let negated = match c.op {
        CmpOp::Lt => "≥",
        CmpOp::Le => ">",
        CmpOp::Gt => "≤",
        CmpOp::Ge => "<",
    };
    let r = &f.result;
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{named_zh}结果 {} 并不满足文中紧随其后的 {}{}",
            r.printed, c.word, c.bound.printed
        ),
        message_en: format!(
            "{named_en}the result {} does not satisfy the stated {} {}",
            r.printed,
            c.op.symbol(),
            c.bound.printed
        ),
        expected: None,
        arithmetic: format!("{} {} {}", r.printed, negated, c.bound.printed),
        evidence: vec![evidence(a, r, &f.label), evidence(a, &c.bound, "")],
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;
    use crate::rules::Rules;

    fn run(text: &str) -> Outcome {
        let rules = Rules::builtin();
        let a = Analysis::new(&RawDocument::from_text(text), &rules);
        let mut o = Outcome::default();
        check(&a, &mut o);
        o
    }

    #[test]
    fn wrong_difference_rate_is_an_error_with_its_factor() {
        let o = run("差异率=（收入决算数-收入调整预算数）/收入调整预算数 *100%（取绝对值）。即（ 19,368.18-19,456.78）/19,456.78*100%=0.046%, 扣 0.046分。\n");
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        let f = &o.findings[0];
        assert_eq!(f.rule, "formula");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.expected.as_deref(), Some("0.455%"));
        assert_eq!(
            f.arithmetic,
            "|19,368.18 - 19,456.78| / 19,456.78 × 100% = 0.455%"
        );
        let values: Vec<&str> = f.evidence.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(
            values,
            ["0.046%", "19,368.18", "19,456.78", "19,456.78", "100%"]
        );
        assert!(f.message.contains("10 倍"), "{}", f.message);
        assert!(
            f.message_en.contains("10 times too small"),
            "{}",
            f.message_en
        );
        assert_eq!(f.evidence[0].page, 1);
        assert!(f.evidence[0].excerpt.contains("0.046%"));
    }

    #[test]
    fn formulas_that_hold_are_verified() {
        let o = run("公用经费控制率=437.84万元/449.98万元×100%=97.30%≤100%，得满分。\n即（99.54%-90%）/（100%-90%）×2=1.908\n");
        assert!(o.findings.is_empty(), "{:?}", o.findings);
        assert_eq!(o.verified.len(), 2);
    }

    #[test]
    fn truncated_result_is_a_style_note() {
        let o = run("即：结余结转率=3.87/（0+19368.18）×100% =0.019%≤10%，得满分。\n");
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        assert_eq!(o.findings[0].rule, "rounding-style");
        assert_eq!(o.findings[0].severity, Severity::Info);
        assert_eq!(o.findings[0].expected.as_deref(), Some("0.020%"));
    }

    #[test]
    fn lost_sign_is_a_warning() {
        let o = run("调整率=（3,557.06-3,609.17）/3,609.17×100%=1.44%。\n");
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        assert_eq!(o.findings[0].severity, Severity::Warning);
        assert!(o.findings[0].message_en.contains("sign is lost"));
        assert_eq!(o.findings[0].expected.as_deref(), Some("-1.44%"));
    }

    #[test]
    fn unit_slip_is_named() {
        let o = run("执行率=5650.66/5790.95×100%=0.009758%。\n");
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        assert!(
            o.findings[0].message.contains("10000 倍"),
            "{}",
            o.findings[0].message
        );
        assert!(o.findings[0].message_en.contains("万元/元"));
    }

    #[test]
    fn broken_comparison_is_reported() {
        let o = run("控制率=470.00万元/449.98万元×100%=104.45%≤100%，得满分。\n");
        assert_eq!(o.findings.len(), 1, "{:?}", o.findings);
        assert_eq!(o.findings[0].arithmetic, "104.45% > 100%");
        let values: Vec<&str> = o.findings[0]
            .evidence
            .iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(values, ["104.45%", "100%"]);
    }

    #[test]
    fn huge_and_odd_figures_do_not_crash() {
        let near = "9".repeat(28);
        let text = format!(
            "甲={near}×9=1。\n乙={near}+{near}=1。\n丙=1/0=5。\n丁={near}/1={near}。\n戊=0.0000000000000000000000000001×3=0.0000000000000000000000000003。\n己=1/3={near}%。\n庚=2-3=-1.0000000000000000000000000000。\n"
        );
        let o = run(&text);
        // 丁 and 戊 hold, 乙 and 己 are wrong; the others cannot be computed (overflow,
        // division by zero, more digits than a Decimal holds).
        let wrong: Vec<&str> = o
            .findings
            .iter()
            .map(|f| f.evidence[0].value.as_str())
            .collect();
        assert_eq!(wrong, ["1", &format!("{near}%")], "{:#?}", o.findings);
    }

    #[test]
    fn capped_score_is_not_an_error() {
        let o = run("得分=134.91%×2=2（满分为止）。\n");
        assert!(o.findings.is_empty(), "{:#?}", o.findings);
        assert!(run("得分=（85%-90%）/（100%-90%）×2=0，不得分。\n")
            .findings
            .is_empty());
        // Capped, but above the computed value: still wrong.
        assert_eq!(run("得分=94.91%×2=2.00（满分为止）。\n").findings.len(), 1);
        // Not capped: wrong.
        assert_eq!(run("得分=134.91%×2=2.00。\n").findings.len(), 1);
    }

    #[test]
    fn factor_detection_is_exact() {
        let p = |v: &str, d: u32| Printed {
            line: 0,
            start: 0,
            end: 0,
            printed: v.to_owned(),
            value: v.parse().unwrap(),
            decimals: d,
            percent: false,
            unit: String::new(),
        };
        let c = Interval::point("0.45537".parse().unwrap());
        assert_eq!(factor(&p("0.046", 3), c), Some((10, true)));
        assert_eq!(factor(&p("45.54", 2), c), Some((100, false)));
        assert_eq!(factor(&p("0.050", 3), c), None);
        assert_eq!(factor(&p("0", 0), c), None);
    }
}
