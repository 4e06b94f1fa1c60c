//! OCR of a scanned report (issue 15): `tests/fixtures/gzcac-2021-selfeval.scanned.pdf` is two
//! pages of the bundled report as images only (150 dpi, skewed, blurred, speckled; see
//! tests/fixtures/README.md). Read by OCR, its budget table is checked like the text layer's,
//! and no error rests on a figure that is not printed in the report.
//!
//! Needs `tesseract` with its Simplified Chinese model and `pdftoppm`. Without them the OCR
//! test fails when `CI` is set (`.ci/run` installs them) and is skipped, saying why, otherwise.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const SCAN: &str = "tests/fixtures/gzcac-2021-selfeval.scanned.pdf";
/// The same report as text.
const TEXT: &str = "corpus/gz-cac-2021-dept-selfeval.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether tesseract (with chi_sim) and pdftoppm can run; says why not otherwise.
fn ocr_available() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let chinese = langs.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == "chi_sim")
    });
    let raster = Command::new("pdftoppm").arg("-v").output().is_ok();
    if chinese && raster {
        return true;
    }
    let why = "tesseract with chi_sim, or pdftoppm, not found: OCR cannot be tested \
               (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)";
    if std::env::var_os("CI").is_some() {
        panic!("{why}; CI must have them (.ci/run installs them)");
    }
    eprintln!("skipped: {why}");
    false
}

fn gouji(args: &[&str], env: &[(&str, &str)]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["check", "--format", "json"])
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("run gouji");
    serde_json::from_slice(&o.stdout).expect("JSON report")
}

#[test]
fn a_scan_is_read_by_ocr() {
    if !ocr_available() {
        return;
    }
    let v = gouji(&[SCAN, "--timeout", "600"], &[]);
    let file = &v["files"][0];
    assert_eq!(file["status"], "ok", "{file:#}");
    assert_eq!(file["text_source"], "ocr");
    assert_eq!(file["pages"], 2);
    let findings = file["findings"].as_array().unwrap();
    // The budget table's total row: 实际支出率 printed 99.56%, 21,407.08 / 21,495.69 gives 99.59%.
    assert!(
        findings.iter().any(|f| f["rule"] == "table-ratio"
            && f["expected"] == "99.59%"
            && f["evidence"][0]["value"] == "99.56%"),
        "{findings:#?}"
    );
    // An error is proved by figures the report prints: none rests on a misread digit.
    let text = std::fs::read_to_string(root().join(TEXT)).unwrap();
    for f in findings.iter().filter(|f| f["severity"] == "error") {
        for e in f["evidence"].as_array().unwrap() {
            let value = e["value"].as_str().unwrap();
            assert!(text.contains(value), "{value} is not printed: {f:#}");
        }
    }
    // `--ocr never`: the scan has no text layer.
    let v = gouji(&[SCAN, "--ocr", "never"], &[]);
    assert_eq!(v["files"][0]["error"]["kind"], "no_text_layer");
}

#[test]
fn an_image_is_read_by_ocr() {
    if !ocr_available() {
        return;
    }
    // The scan's budget page as a PNG, given by name.
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page.png");
    let ok = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            "2",
            "-l",
            "2",
        ])
        .arg(root().join(SCAN))
        .arg(dir.path().join("page"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok && png.is_file(), "pdftoppm wrote {}", png.display());
    let v = gouji(&[png.to_str().unwrap(), "--timeout", "600"], &[]);
    let file = &v["files"][0];
    assert_eq!(file["status"], "ok", "{file:#}");
    assert_eq!(file["text_source"], "ocr");
    assert_eq!(file["pages"], 1);
    let findings = file["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["expected"] == "99.59%"),
        "{findings:#?}"
    );
}

#[test]
fn without_tesseract_a_scan_says_how_to_install_it() {
    let v = gouji(&[SCAN], &[("GOUJI_TESSERACT", "/nonexistent/tesseract")]);
    let file = &v["files"][0];
    assert_eq!(file["error"]["kind"], "no_text_layer", "{file:#}");
    let message = file["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{message}"
    );
    assert!(file.get("text_source").is_none());
}
