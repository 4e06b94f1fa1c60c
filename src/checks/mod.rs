//! Every check is a small module with a code, a name, its doc and its tests.
//! A check reads the [`Analysis`] and returns findings; it never prints.

use serde::Serialize;

use crate::document::Analysis;
use crate::figures::Figure;

/// How sure the finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style, e.g. truncating instead of rounding.
    Info,
    /// A likely contradiction.
    Warning,
    /// The arithmetic proves it wrong.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One printed figure a finding rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The figure exactly as printed, e.g. "12.50%".
    pub value: String,
    /// 1-based page.
    pub page: u32,
    /// 1-based line on the page (non-empty lines counted).
    pub line: u32,
    /// The printed line it stands on.
    pub excerpt: String,
    /// What the figure is, e.g. "本年支出合计 · 预算调整率" (may be empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The file it is printed in, when not the finding's own (cross-document findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based character columns of the first and last character of `value` on its printed
    /// line (0: not known).
    #[serde(skip_serializing_if = "is_zero")]
    pub column: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub column_end: u32,
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

/// A contradiction (or style note) with its evidence and arithmetic.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Chinese message.
    pub message: String,
    /// English message (printed with `--lang en`).
    pub message_en: String,
    /// What the document's own numbers give instead, e.g. "24.23%".
    pub expected: Option<String>,
    /// The arithmetic a reader can redo, e.g. "4,191.98 / 17,303.71 × 100% = 24.23%".
    pub arithmetic: String,
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// Page and line of the first evidence, for sorting and display.
    pub fn anchor(&self) -> (u32, u32) {
        self.evidence
            .first()
            .map(|e| (e.page, e.line))
            .unwrap_or((0, 0))
    }
}

/// The static description of a check, as `gouji rules` / `gouji explain` print it.
pub struct RuleInfo {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub severity: Severity,
    /// What it does / Why is this bad / Example (Markdown).
    pub doc: &'static str,
}

pub mod change;
pub mod code_match;
pub mod column_total;
pub mod comparison;
pub mod consistency;
pub mod count_sum;
pub mod count_table;
pub mod cross_year;
pub mod docs;
pub mod execution_rate;
pub mod formula;
pub mod grade_band;
pub mod indicator;
pub mod leftover;
pub mod list_count;
pub mod lost_sign;
pub mod missing_percent;
pub mod ocr;
pub mod outdated_name;
mod per_unit;
pub mod punctuation;
pub mod repeated_fact;
mod restated_operand;
pub mod rounding_style;
pub mod score_rate;
pub mod score_sum;
pub mod score_table;
pub mod share;
mod share_text;
pub mod stated_relation;
pub mod stated_sum;
pub mod table_balance;
pub mod table_grid;
pub mod table_note;
pub mod table_ratio;
pub mod table_restated;
pub mod table_sum;
pub mod target_claim;
mod target_row;
pub mod template;
pub mod unit_slip;
pub mod weight_sum;

/// What a check reports: its findings, and the figures it verified and found consistent
/// (the mutation harness plants contradictions only in verified figures).
#[derive(Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// (logical line, byte start) of each figure that took part in a relation that was checked.
    pub verified: Vec<(usize, usize)>,
    /// Each relation of a printed result to its operands that was checked, with its status
    /// (`gouji dump` lists them).
    pub relations: Vec<Checked>,
}

/// How a checked relation came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The printed result is its operands' value, rounded.
    Holds,
    /// Only a truncation of the value (a style note).
    Truncated,
    /// The sign is lost.
    SignLost,
    /// It contradicts its operands.
    Fails,
    /// It does not add up, but which figures form the relation is not sure: not reported.
    Unsure,
}

/// A relation that was checked: the result, its operands and the arithmetic.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub rule: &'static str,
    /// (logical line, byte start) of the printed result and of each operand.
    pub result: (usize, usize),
    pub operands: Vec<(usize, usize)>,
    pub what: String,
    pub arithmetic: String,
    pub status: Status,
}

impl Outcome {
    pub fn verified(&mut self, f: &Figure) {
        self.verified.push((f.line, f.start));
    }

    /// Records a checked relation of `result` to `operands` (see [`Checked`]).
    pub(crate) fn checked(
        &mut self,
        rule: &'static str,
        result: &Figure,
        operands: &[&Figure],
        what: String,
        arithmetic: String,
        status: Status,
    ) {
        self.relations.push(Checked {
            rule,
            result: (result.line, result.start),
            operands: operands.iter().map(|f| (f.line, f.start)).collect(),
            what,
            arithmetic,
            status,
        });
    }
}

type CheckFn = fn(&Analysis, &mut Outcome);

/// All checks: their description and their entry point.
pub fn registry() -> Vec<(&'static RuleInfo, CheckFn)> {
    vec![
        (&table_ratio::INFO, table_ratio::check as CheckFn),
        (&table_sum::INFO, table_sum::check),
        (&table_balance::INFO, table_balance::check),
        (&table_restated::INFO, table_restated::check),
        (&lost_sign::INFO, lost_sign::check),
        (&formula::INFO, formula::check),
        (&score_rate::INFO, score_rate::check),
        (&score_sum::INFO, score_sum::check),
        (&weight_sum::INFO, weight_sum::check),
        (&score_table::OVER, score_table::check_over),
        (&grade_band::INFO, grade_band::check),
        (&target_claim::INFO, target_claim::check),
        (&stated_sum::INFO, stated_sum::check),
        (&stated_relation::INFO, stated_relation::check),
        (&unit_slip::INFO, unit_slip::check),
        (&list_count::INFO, list_count::check),
        (&count_sum::INFO, count_sum::check),
        (&count_table::INFO, count_table::check),
        (&column_total::INFO, column_total::check),
        (&indicator::INFO, indicator::check),
        (&share::INFO, share::check),
        (&execution_rate::INFO, execution_rate::check),
        (&change::INFO, change::check),
        (&comparison::COMPARATIVE, comparison::check),
        (&comparison::POINTS, comparison::check_points),
        (&consistency::INFO, consistency::check),
        (&repeated_fact::INFO, repeated_fact::check),
        (&rounding_style::INFO, rounding_style::check),
        (&missing_percent::INFO, missing_percent::check),
        (&leftover::INFO, leftover::check),
        (&table_note::INFO, table_note::check),
        (&code_match::INFO, code_match::check),
        (&outdated_name::INFO, outdated_name::check),
        (&template::INFO, template::check),
        (&punctuation::INFO, punctuation::check),
        (&cross_year::INFO, cross_year::check),
    ]
}

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    registry()
        .into_iter()
        .map(|(i, _)| i)
        .find(|i| i.code == code)
}

/// Runs every check and orders the findings by place.
pub fn run_all(a: &Analysis) -> Outcome {
    let mut o = Outcome::default();
    for (i, f) in registry() {
        if !a.rules.disabled.iter().any(|d| d == i.code) {
            f(a, &mut o);
        }
    }
    dedup(&mut o.findings);
    ocr::cap(a, &mut o.findings);
    o.findings.sort_by(|x, y| {
        x.anchor()
            .cmp(&y.anchor())
            .then(y.severity.cmp(&x.severity))
            .then(x.rule.cmp(y.rule))
    });
    o.verified.sort();
    o.verified.dedup();
    o
}

/// Two checks may prove the same thing from the same figures: keep the stronger one.
fn dedup(out: &mut Vec<Finding>) {
    let key = |f: &Finding| {
        let mut v: Vec<(String, u32, u32)> = f
            .evidence
            .iter()
            .map(|e| (e.value.clone(), e.page, e.line))
            .collect();
        v.sort();
        (f.rule, v)
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(key(f)));
}

impl Analysis<'_> {
    /// Evidence for a figure: where it is printed and what it looked like.
    pub fn evidence(&self, f: &Figure, label: impl Into<String>) -> Evidence {
        self.evidence_at(f.line, f.start, f.printed.clone(), label)
    }

    /// Evidence for text printed at `byte` of logical line `line` (a word, a code, a note).
    pub fn evidence_at(
        &self,
        line: usize,
        byte: usize,
        value: impl Into<String>,
        label: impl Into<String>,
    ) -> Evidence {
        let loc = self.text.loc(line, byte);
        let value = value.into();
        // Only where the value is printed at `byte`: some evidence points at its sentence.
        let at = self.text.lines.get(line).and_then(|l| l.text.get(byte..));
        let column = match at {
            Some(rest) if !value.is_empty() && rest.starts_with(value.as_str()) => {
                self.text.column(line, byte)
            }
            _ => 0,
        };
        // The excerpt is the printed line with its own spacing: the value's occurrence there
        // nearest to the column in the logical line.
        let excerpt = self.text.excerpt(loc).to_owned();
        let column = if column == 0 {
            0
        } else {
            // Full-width forms folded one character for one, as the figures were read.
            let folded: String = excerpt
                .chars()
                .map(|c| match c as u32 {
                    0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                    _ => c,
                })
                .collect();
            folded
                .match_indices(value.as_str())
                .map(|(b, _)| folded[..b].chars().count() as u32 + 1)
                .min_by_key(|c| c.abs_diff(column))
                .unwrap_or(0)
        };
        let column_end = match value.chars().count() as u32 {
            n if column > 0 && n > 0 => column + n - 1,
            _ => 0,
        };
        Evidence {
            value,
            page: loc.page,
            line: loc.line,
            excerpt,
            label: label.into(),
            path: None,
            column,
            column_end,
        }
    }
}

/// A relation to check: a printed figure against the value computed for it.
pub(crate) struct Relation<'f> {
    /// The printed result.
    pub fig: &'f Figure,
    /// What the document's own numbers give (a percentage as a fraction when `fig.percent`).
    pub computed: crate::interval::Interval,
    /// The arithmetic, without the result: "4,191.98 / 17,303.71 × 100%".
    pub arithmetic: String,
    /// The printed operands.
    pub operands: Vec<&'f Figure>,
    /// What it is, e.g. "本年支出合计 · 预算调整率".
    pub what_zh: String,
    pub what_en: String,
}

impl Relation<'_> {
    /// The printed result (labelled with what it is), then its operands.
    fn evidence(&self, a: &Analysis) -> Vec<Evidence> {
        let mut ev = vec![a.evidence(self.fig, self.what_zh.clone())];
        ev.extend(self.operands.iter().map(|f| a.evidence(f, f.label.clone())));
        ev
    }

    /// Marks the result and its operands as verified.
    fn verified(&self, o: &mut Outcome) {
        o.verified(self.fig);
        self.operands.iter().for_each(|f| o.verified(f));
    }
}

/// Compares a printed result with its computed value and reports as the agreement says:
/// verified, a rounding-style note, a lost sign (warning) or a contradiction (the rule's severity).
pub(crate) fn compare(a: &Analysis, o: &mut Outcome, rule: &RuleInfo, r: Relation) {
    use crate::interval::{agree_under, show, Agreement};
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let computed = if r.fig.percent {
        match r.computed.mul(crate::interval::Interval::point(hundred)) {
            Some(c) => c,
            None => return,
        }
    } else {
        r.computed
    };
    let pct = if r.fig.percent { "%" } else { "" };
    let expected = format!("{}{}", show(computed.mid(), r.fig.decimals), pct);
    let arithmetic = format!("{} = {}", r.arithmetic, expected);
    let agreement = agree_under(a.rules.rounding, r.fig.value, r.fig.decimals, computed);
    o.checked(
        rule.code,
        r.fig,
        &r.operands,
        r.what_zh.clone(),
        arithmetic.clone(),
        match agreement {
            Agreement::Rounded => Status::Holds,
            Agreement::Truncated => Status::Truncated,
            Agreement::SignLost => Status::SignLost,
            Agreement::Differs => Status::Fails,
        },
    );
    match agreement {
        Agreement::Rounded => r.verified(o),
        Agreement::Truncated => rounding_style::note(a, o, r.fig, &expected, &arithmetic),
        Agreement::SignLost => o.findings.push(Finding {
            rule: lost_sign::INFO.code,
            severity: lost_sign::INFO.severity,
            message: format!(
                "{}印为 {}，符号丢失：按其数据应为 {}",
                r.what_zh, r.fig.printed, expected
            ),
            message_en: format!(
                "{} is printed as {} but its own figures give {}: the sign is lost",
                r.what_en, r.fig.printed, expected
            ),
            expected: Some(expected.clone()),
            arithmetic,
            evidence: r.evidence(a),
        }),
        Agreement::Differs => {
            let hint = factor_hint(r.fig.value, computed.mid());
            o.findings.push(Finding {
                rule: rule.code,
                severity: rule.severity,
                message: format!(
                    "{}印为 {}，按其数据应为 {}{}",
                    r.what_zh, r.fig.printed, expected, hint.0
                ),
                message_en: format!(
                    "{} is printed as {} but its own figures give {}{}",
                    r.what_en, r.fig.printed, expected, hint.1
                ),
                expected: Some(expected.clone()),
                arithmetic,
                evidence: r.evidence(a),
            })
        }
    }
}

/// Names a power-of-ten slip (a misplaced decimal point, 万元 for 元).
pub(crate) fn factor_hint(
    printed: rust_decimal::Decimal,
    computed: rust_decimal::Decimal,
) -> (&'static str, &'static str) {
    use rust_decimal::Decimal;
    if printed.is_zero() || computed.is_zero() {
        return ("", "");
    }
    let ratio = (computed / printed).abs();
    for (k, zh, en) in [
        (
            Decimal::from(10_000),
            "（相差一万倍，疑为万元/元单位错误）",
            " (off by 10,000: a 万元/元 slip?)",
        ),
        (
            Decimal::from(10),
            "（相差十倍，疑为小数点错位）",
            " (off by ten: a misplaced decimal point?)",
        ),
        (
            Decimal::from(100),
            "（相差百倍，疑为百分号或小数点错误）",
            " (off by a hundred: a percent or decimal-point slip?)",
        ),
    ] {
        for r in [k, Decimal::ONE / k] {
            let rel = ((ratio - r) / r).abs();
            if rel < Decimal::new(2, 2) {
                return (zh, en);
            }
        }
    }
    ("", "")
}

/// Test support: each finding of `rule` on a text, as (its first evidence value, its expected value).
#[cfg(test)]
pub(crate) fn alarms_of(rule: &str, text: &str) -> Vec<(String, Option<String>)> {
    crate::check(
        &crate::RawDocument::from_text(text),
        &crate::Rules::builtin(),
    )
    .into_iter()
    .filter(|f| f.rule == rule)
    .map(|f| (f.evidence[0].value.clone(), f.expected.clone()))
    .collect()
}
