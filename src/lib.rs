//! gouji (勾稽): finds where the numbers of a Chinese fiscal report contradict each other.
//!
//! The library is the whole pipeline and knows nothing about terminals:
//! `extract` → `normalize` → `figures` / `tables` / `formulas` / `scores` / `facts` → `checks` → `report`.
//! The `gouji` binary only parses arguments and prints.

pub mod checks;
pub mod config;
pub mod cross;
pub mod document;
pub mod dump;
pub mod extract;
pub mod facts;
pub mod figures;
pub mod formulas;
pub mod glob;
pub mod interval;
pub mod normalize;
pub mod profile;
pub mod report;
pub mod rules;
pub mod scores;
pub mod scoretable;
pub mod tables;

pub use checks::{Evidence, Finding, Severity};
pub use document::{Analysis, RawDocument};
pub use rules::Rules;

/// Checks one extracted document: the core of `gouji check`.
pub fn check(raw: &RawDocument, rules: &Rules) -> Vec<Finding> {
    check_outcome(raw, rules).findings
}

/// Like [`check`], also telling which figures were verified (for the mutation harness).
pub fn check_outcome(raw: &RawDocument, rules: &Rules) -> checks::Outcome {
    let analysis = Analysis::new(raw, rules);
    checks::run_all(&analysis)
}

/// Like [`check`], also reducing the document to its fact table for the cross-document pass
/// (`path` names the file in the facts and gives a year when the text prints none).
pub fn check_with_facts(
    raw: &RawDocument,
    rules: &Rules,
    path: &str,
) -> (Vec<Finding>, cross::DocFacts) {
    let analysis = Analysis::new(raw, rules);
    let facts = cross::facts::collect(&analysis, path);
    (checks::run_all(&analysis).findings, facts)
}
