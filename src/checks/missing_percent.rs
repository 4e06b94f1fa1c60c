//! missing-percent: a rate printed without its % sign ("增加 D 万元，增长 r。").

use super::{Finding, Outcome, Relation, RuleInfo, Severity};
use crate::document::Analysis;
use crate::interval::{agree, show, Agreement, Interval};

pub static INFO: RuleInfo = RuleInfo {
    code: "missing-percent",
    name_zh: "比率缺少百分号",
    name_en: "rate printed without %",
    severity: Severity::Info,
    doc: "## What it does
Notes a rate of change printed as a bare number where its sentence calls for a percentage:
\"比上年增加 D 万元，增长 r。\" with no % after r. It is reported only when r, read as a
percentage, is exactly the rate the sentence's own figures give (so the number is right and
only the sign is missing); a bare number that is not that rate is left alone, since it may
mean something else.

## Why is this bad
Without the sign the sentence says the item grew by r (in the sentence's unit, 万元), not by
r%. A reader who quotes it, or a tool that compiles the reports, takes the wrong figure.

## Example
```
支出合计 120.00 万元，比上年增加 20.00 万元，增长 20.00。   # 20.00 / 100.00 = 20.00%: the % is missing
```
Turn it off with `[rules] missing-percent = false` in gouji.toml.",
};

/// Called by checks whose relation wants a percentage where the document printed a bare
/// number (`r.fig.percent` is false): a note when the number is that percentage.
pub(crate) fn note(a: &Analysis, o: &mut Outcome, r: Relation) {
    let Some(computed) = r
        .computed
        .mul(Interval::point(rust_decimal::Decimal::ONE_HUNDRED))
    else {
        return;
    };
    if !matches!(
        agree(r.fig.value, r.fig.decimals, computed),
        Agreement::Rounded | Agreement::Truncated
    ) {
        return;
    }
    let expected = format!("{}%", show(computed.mid(), r.fig.decimals));
    r.verified(o);
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "{}印为 {}，缺少百分号：按其数据为 {}",
            r.what_zh, r.fig.printed, expected
        ),
        message_en: format!(
            "{} is printed as {} without its % sign: its own figures give {}",
            r.what_en, r.fig.printed, expected
        ),
        expected: Some(expected.clone()),
        arithmetic: format!("{} = {}", r.arithmetic, expected),
        evidence: r.evidence(a),
    });
}

/// The notes are raised by the checks that compute rates; this entry point adds nothing.
pub fn check(_a: &Analysis, _o: &mut Outcome) {}

#[cfg(test)]
mod tests {
    use crate::checks::Severity;

    fn run(text: &str) -> Vec<crate::checks::Finding> {
        crate::check(
            &crate::RawDocument::from_text(text),
            &crate::Rules::builtin(),
        )
    }

    #[test]
    fn bare_rate_that_is_the_percentage() {
        let f = run("支出合计120.00万元，比上年增加20.00万元，增长20.00。");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "missing-percent");
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].expected.as_deref(), Some("20.00%"));
    }

    #[test]
    fn with_its_sign_nothing_is_said() {
        assert!(run("支出合计120.00万元，比上年增加20.00万元，增长20.00%。").is_empty());
    }

    #[test]
    fn a_bare_number_that_is_not_the_rate_is_left_alone() {
        // 3 is not 20%: some other figure (a count, an amount in another unit); no guess.
        assert!(run("支出合计120.00万元，比上年增加20.00万元，增长3。").is_empty());
        // Followed by a unit word: not a bare rate.
        assert!(
            run("支出合计120.00万元，比上年增加20.00万元，增长20.00倍。")
                .iter()
                .all(|f| f.rule != "missing-percent")
        );
    }
}
