//! Golden outputs of the corpus: every finding on every bundled document, reviewed by hand.
//! A change to a golden file is a change in what reviewers see: bless it with
//! `GOUJI_BLESS=1 cargo test --test golden` and read the diff before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_json(doc: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .current_dir(root())
        .args(["check", "--format", "json", "--exit-zero"])
        .arg(doc)
        .output()
        .expect("gouji runs");
    assert!(
        out.status.success(),
        "gouji failed on {}: {}",
        doc.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The parts of a file's report that a reviewer reads (no timings).
fn stable(report: &Value) -> Value {
    let f = &report["files"][0];
    let findings: Vec<Value> = f["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|x| {
            json!({
                "rule": x["rule"],
                "severity": x["severity"],
                "message": x["message"],
                "expected": x["expected"],
                "arithmetic": x["arithmetic"],
                "evidence": x["evidence"].as_array().expect("evidence").iter().map(|e| json!({
                    "value": e["value"], "page": e["page"], "line": e["line"], "excerpt": e["excerpt"],
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"status": f["status"], "pages": f["pages"], "error": f["error"], "findings": findings})
}

fn golden(rel: &str) {
    let doc = Path::new(rel);
    let got = stable(&check_json(doc));
    let name = doc.file_name().unwrap().to_string_lossy().to_string();
    let path = root().join("corpus/golden").join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
    if std::env::var_os("GOUJI_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no golden file {}: run with GOUJI_BLESS=1", path.display()));
    assert!(want == text, "findings on {rel} changed; review and bless with GOUJI_BLESS=1\n--- want\n{want}\n--- got\n{text}");
}

/// Evidence values of the findings at warning or above.
fn alarms(rel: &str) -> Vec<(String, Vec<String>)> {
    let r = check_json(Path::new(rel));
    r["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["value"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

/// The known contradictions of the corpus report (first issue), each found by one finding
/// citing all its figures; nothing at warning or above on the relations that hold.
fn known_contradictions(rel: &str) {
    let got = alarms(rel);
    let norm = |v: &str| v.replace([',', ' '], "");
    let known: &[&[&str]] = &[
        &["19.81%"],
        &["99.56%"],
        &["90.02%", "90.03%"],
        &["40.512"],
        &["55", "50"],
        &["0.046%"],
        &["50", "60"],
        &["8,676.51"],
        &["24.22%", "19.81%"],
        &["99.54%", "99.59%"],
        &["1.44%"],
    ];
    for k in known {
        assert!(
            got.iter()
                .any(|(_, vals)| k.iter().all(|a| vals.iter().any(|v| norm(v) == norm(a)))),
            "{rel}: no finding cites {k:?}; findings: {got:?}"
        );
    }
    let holds = [
        "1.908", "1.954", "1.95", "0.019%", "95.4%", "97.7%", "73.33%", "97.30%", "72.66%",
        "49.61%", "40.53%", "0.36%", "17.37%", "31.38%", "98.57%", "98.73%", "99.82%",
    ];
    for (rule, vals) in &got {
        assert!(
            !holds.contains(&vals[0].as_str()),
            "{rel}: alarm [{rule}] on {:?}, a relation that holds",
            vals
        );
    }
    assert!(
        got.len() <= 12,
        "{rel}: {} alarms, expected the 11 known: {got:?}",
        got.len()
    );
}

#[test]
fn corpus_text_known_contradictions() {
    known_contradictions("corpus/gz-cac-2021-dept-selfeval.txt");
}

#[test]
fn libreoffice_pdf_known_contradictions() {
    known_contradictions("corpus/gzcac-2021-selfeval.libreoffice.pdf");
}

#[test]
fn weasyprint_pdf_known_contradictions() {
    known_contradictions("corpus/gzcac-2021-selfeval.weasyprint.pdf");
}

#[test]
fn golden_corpus_text() {
    golden("corpus/gz-cac-2021-dept-selfeval.txt");
}

#[test]
fn golden_libreoffice_pdf() {
    golden("corpus/gzcac-2021-selfeval.libreoffice.pdf");
}

#[test]
fn golden_weasyprint_pdf() {
    golden("corpus/gzcac-2021-selfeval.weasyprint.pdf");
}

#[test]
fn golden_realpdf() {
    let dir = root().join("corpus/realpdf");
    let mut docs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    docs.sort();
    assert_eq!(docs.len(), 7);
    for d in docs {
        golden(&format!(
            "corpus/realpdf/{}",
            d.file_name().unwrap().to_string_lossy()
        ));
    }
}
