use super::{Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "lost-sign",
    name_zh: "",
    name_en: "",
    severity: Severity::Error,
    doc: "",
};

pub fn check(_a: &Analysis, _o: &mut Outcome) {}
