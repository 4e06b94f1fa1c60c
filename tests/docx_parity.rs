//! The .docx and the HTML page of the corpus report give the same findings as its text:
//! same rules, severities, evidence figures, arithmetic and expected values. Only where
//! they stand differs (a paragraph is one line; the text wraps it), so messages, which
//! name lines, and evidence places are left out.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One finding without its places: rule, severity, the printed figure (first evidence),
/// every evidence figure (sorted), arithmetic, expected value.
type Key = (String, String, String, Vec<String>, String, String);

fn findings(rel: &str) -> Vec<Key> {
    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .current_dir(root())
        .args(["check", "--format", "json", "--exit-zero", rel])
        .output()
        .expect("run gouji");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = &v["files"][0];
    assert_eq!(file["status"], "ok", "{rel}: {:#}", file["error"]);
    let s = |x: &Value| x.as_str().unwrap_or_default().to_owned();
    let mut keys: Vec<Key> = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let ev = f["evidence"].as_array().expect("evidence");
            let mut values: Vec<String> = ev.iter().map(|e| s(&e["value"])).collect();
            let first = values.first().cloned().unwrap_or_default();
            values.sort();
            (
                s(&f["rule"]),
                s(&f["severity"]),
                first,
                values,
                s(&f["arithmetic"]),
                s(&f["expected"]),
            )
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn docx_gives_the_same_findings_as_the_text() {
    same_findings_as_the_text("tests/fixtures/gzcac-2021-selfeval.docx");
}

#[test]
fn html_gives_the_same_findings_as_the_text() {
    same_findings_as_the_text("tests/fixtures/gzcac-2021-selfeval.html");
}

fn same_findings_as_the_text(other: &str) {
    let text = findings("corpus/gz-cac-2021-dept-selfeval.txt");
    let docx = findings(other);

    // Not vacuous: the report's known contradictions are among them.
    assert!(text.len() >= 10, "{text:#?}");
    for (rule, figure) in [
        ("table-ratio", "19.81%"),
        ("score-sum", "40.512"),
        ("weight-sum", "55"),
        ("formula", "0.046%"),
        ("stated-sum", "8,676.51"),
    ] {
        assert!(
            text.iter().any(|k| k.0 == rule && k.2 == figure),
            "{rule} {figure} not found in the text's findings: {text:#?}"
        );
    }

    let only = |a: &[Key], b: &[Key]| -> Vec<Key> {
        let mut rest = b.to_vec();
        a.iter()
            .filter(|k| match rest.iter().position(|r| r == *k) {
                Some(i) => {
                    rest.remove(i);
                    false
                }
                None => true,
            })
            .cloned()
            .collect()
    };
    let only_text = only(&text, &docx);
    let only_docx = only(&docx, &text);
    assert!(
        only_text.is_empty() && only_docx.is_empty(),
        "findings differ\nonly in the text: {only_text:#?}\nonly in {other}: {only_docx:#?}"
    );
}
