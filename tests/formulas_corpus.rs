//! The formulas of the corpus report, and what the formula check says of them.

use gouji::formulas::find_formulas;
use gouji::interval::{agree, Agreement};
use gouji::{normalize, RawDocument, Rules, Severity};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/gz-cac-2021-dept-selfeval.txt"
);

fn corpus() -> Option<RawDocument> {
    let t = std::fs::read_to_string(CORPUS).expect("the corpus report is bundled in corpus/");
    Some(RawDocument::from_text(&t))
}

#[test]
fn corpus_formulas_are_found() {
    let Some(raw) = corpus() else { return };
    let text = normalize::normalize(&raw);
    let fs = find_formulas(&text, &Rules::builtin());
    let got: Vec<(String, Agreement)> = fs
        .iter()
        .map(|f| {
            (
                f.result.printed.clone(),
                agree(f.result.value, f.result.decimals, f.computed().unwrap()),
            )
        })
        .collect();
    let want = [
        ("1.908", Agreement::Rounded),
        ("0.046%", Agreement::Differs),
        ("0.019%", Agreement::Truncated),
        ("1.95", Agreement::Rounded),
        ("100%", Agreement::Rounded),
        ("97.30%", Agreement::Rounded),
        ("72.66%", Agreement::Rounded),
        ("100%", Agreement::Rounded),
    ];
    let want: Vec<(String, Agreement)> = want.iter().map(|(p, a)| (p.to_string(), *a)).collect();
    assert_eq!(got, want);
    // The wrapped one takes its first operand from the line before.
    let wrapped = &fs[3];
    assert_eq!(wrapped.operands[0].printed, "5650.66");
    assert_eq!(wrapped.operands[0].line + 1, wrapped.line);
    // Every printed place points at its text.
    for f in &fs {
        for p in f.operands.iter().chain([&f.result]) {
            assert_eq!(&text.lines[p.line].text[p.start..p.end], p.printed);
        }
    }
}

#[test]
fn corpus_formula_findings() {
    let Some(raw) = corpus() else { return };
    let out = gouji::check_outcome(&raw, &Rules::builtin());
    let formula: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.rule == "formula")
        .collect();
    assert_eq!(formula.len(), 1, "{formula:#?}");
    let f = formula[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.evidence[0].value, "0.046%");
    assert_eq!(f.expected.as_deref(), Some("0.455%"));
    assert_eq!(
        f.arithmetic,
        "|19,368.18 - 19,456.78| / 19,456.78 × 100% = 0.455%"
    );
    let notes: Vec<_> = out
        .findings
        .iter()
        .filter(|f| {
            f.rule == "rounding-style" && f.evidence.first().is_some_and(|e| e.value == "0.019%")
        })
        .collect();
    assert_eq!(notes.len(), 1, "{:#?}", out.findings);
}
