//! Every check is a small module with a code, a name, its doc and its tests.
//! A check reads the [`Analysis`] and returns findings; it never prints.

use serde::Serialize;

use crate::document::Analysis;
use crate::figures::Figure;

/// How sure the finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The figure exactly as printed, e.g. "19.81%".
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
        self.evidence.first().map(|e| (e.page, e.line)).unwrap_or((0, 0))
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

pub mod formula;
pub mod lost_sign;
pub mod repeated_fact;
pub mod rounding_style;
pub mod score_rate;
pub mod score_sum;
pub mod stated_sum;
pub mod table_ratio;
pub mod table_sum;
pub mod weight_sum;

/// What a check reports: its findings, and the figures it verified and found consistent
/// (the mutation harness plants contradictions only in verified figures).
#[derive(Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// (logical line, byte start) of each figure that took part in a relation that was checked.
    pub verified: Vec<(usize, usize)>,
}

impl Outcome {
    pub fn verified(&mut self, f: &Figure) {
        self.verified.push((f.line, f.start));
    }
}

type CheckFn = fn(&Analysis, &mut Outcome);

/// All checks: their description and their entry point.
pub fn registry() -> Vec<(&'static RuleInfo, CheckFn)> {
    vec![
        (&table_ratio::INFO, table_ratio::check as CheckFn),
        (&table_sum::INFO, table_sum::check),
        (&lost_sign::INFO, lost_sign::check),
        (&formula::INFO, formula::check),
        (&score_rate::INFO, score_rate::check),
        (&score_sum::INFO, score_sum::check),
        (&weight_sum::INFO, weight_sum::check),
        (&stated_sum::INFO, stated_sum::check),
        (&repeated_fact::INFO, repeated_fact::check),
        (&rounding_style::INFO, rounding_style::check),
    ]
}

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    registry().into_iter().map(|(i, _)| i).find(|i| i.code == code)
}

/// Runs every check and orders the findings by place.
pub fn run_all(a: &Analysis) -> Outcome {
    let mut o = Outcome::default();
    for (_, f) in registry() {
        f(a, &mut o);
    }
    dedup(&mut o.findings);
    o.findings
        .sort_by(|x, y| x.anchor().cmp(&y.anchor()).then(y.severity.cmp(&x.severity)).then(x.rule.cmp(y.rule)));
    o.verified.sort();
    o.verified.dedup();
    o
}

/// Two checks may prove the same thing from the same figures: keep the stronger one.
fn dedup(out: &mut Vec<Finding>) {
    let key = |f: &Finding| {
        let mut v: Vec<(String, u32, u32)> = f.evidence.iter().map(|e| (e.value.clone(), e.page, e.line)).collect();
        v.sort();
        (f.rule, v)
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(key(f)));
}

impl Analysis<'_> {
    /// Evidence for a figure: where it is printed and what it looked like.
    pub fn evidence(&self, f: &Figure, label: impl Into<String>) -> Evidence {
        let loc = self.text.loc(f.line, f.start);
        Evidence {
            value: f.printed.clone(),
            page: loc.page,
            line: loc.line,
            excerpt: self.text.excerpt(loc).to_owned(),
            label: label.into(),
        }
    }
}
