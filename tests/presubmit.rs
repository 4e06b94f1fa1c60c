//! A blank template (a published budget's text with its names and figures replaced by XX) is
//! reported once as a template or draft, with no arithmetic findings.

use gouji::{RawDocument, Rules, Severity};

#[test]
fn a_blank_template_is_one_template_finding() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/presubmit/blank-budget-template.txt"
    ))
    .unwrap();
    let f = gouji::check(&RawDocument::from_text(&text), &Rules::builtin());
    let alarms: Vec<_> = f.iter().filter(|f| f.severity > Severity::Info).collect();
    assert_eq!(alarms.len(), 1, "{alarms:#?}");
    assert_eq!(alarms[0].rule, "leftover");
    assert!(alarms[0].message.contains("模板或草稿"), "{alarms:#?}");
    assert_eq!(f.iter().filter(|f| f.rule == "leftover").count(), 1);
}
