//! The baseline workflow on the corpus report: accept today's findings, then see only
//! what a later edit brings.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const NAME: &str = "gz-cac-2021-dept-selfeval.txt";

/// Runs `gouji check NAME --format json ARGS…` in `dir`: (exit code, JSON).
fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .current_dir(dir)
        .args(["check", NAME, "--format", "json"])
        .args(args)
        .output()
        .expect("run gouji");
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code().expect("exit code"), v)
}

fn findings(v: &Value) -> &Vec<Value> {
    v["files"][0]["findings"].as_array().expect("findings")
}

fn suppressed(v: &Value) -> u64 {
    v["summary"]["suppressed"]
        .as_u64()
        .expect("summary.suppressed")
}

#[test]
fn baseline_hides_accepted_findings_and_shows_a_new_one() {
    let d = tempfile::tempdir().unwrap();
    let doc = d.path().join(NAME);
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(NAME),
    )
    .unwrap();
    std::fs::write(&doc, &original).unwrap();

    // Today: every finding goes into the baseline; the run still fails on them.
    let (code, v) = check(d.path(), &["--write-baseline", "base.json"]);
    assert_eq!(code, 1);
    let accepted = findings(&v).len();
    assert!(accepted > 0);
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"].as_array().unwrap().len(), accepted);

    // Next run with the baseline: nothing new, exit 0.
    let (code, v) = check(d.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 0, "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    assert_eq!(suppressed(&v), accepted as u64);

    // A line added at the top moves every finding down: still nothing new.
    std::fs::write(&doc, format!("（修订稿）\n{original}")).unwrap();
    let (code, v) = check(d.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(suppressed(&v), accepted as u64);

    // One indicator's score changed: that is new, and the run fails again.
    let old = "自评得分 1.908分";
    assert_eq!(original.matches(old).count(), 1, "the corpus changed");
    std::fs::write(&doc, original.replace(old, "自评得分 1.918分")).unwrap();
    let (code, v) = check(d.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 1, "{v:#}");
    let new = findings(&v);
    assert!(
        new.iter().any(|f| f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["value"] == "1.918")),
        "no finding names the changed score 1.918: {v:#}"
    );
    // The finding that summed the old score is not among the hidden ones any more.
    assert!(suppressed(&v) < accepted as u64, "{v:#}");
    // Without the baseline the accepted findings are back too.
    let (code, v) = check(d.path(), &[]);
    assert_eq!(code, 1);
    assert!(findings(&v).len() > new.len());
}
