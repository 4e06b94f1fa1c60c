//! A batch over the whole corpus and every fixture, good and damaged together, as an analyst
//! would run it: `gouji check --format csv corpus tests/fixtures`. Every file is listed once;
//! the readable ones are checked, the others are named with their error kind; exit code 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files that cannot be read, with the error kind each gives (see tests/extract.rs).
const BAD: &[(&str, &str)] = &[
    (
        "tests/fixtures/gzcac-2021-selfeval.scanned.pdf",
        "no_text_layer",
    ),
    (
        "tests/fixtures/gzcac-2021-selfeval.truncated.pdf",
        "corrupt",
    ),
    ("tests/fixtures/gzcac-2021-selfeval.userpw.pdf", "encrypted"),
    ("tests/fixtures/text-named.pdf", "not_pdf"),
];

/// What `gouji check DIR` looks at: .pdf .txt .docx, recursively, hidden entries skipped.
fn files_under(dir: &str, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{dir}/{name}");
        if name.starts_with('.') {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            files_under(&rel, out);
        } else if Path::new(&name)
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| {
                ["pdf", "txt", "docx", "html", "htm"].contains(&x.to_ascii_lowercase().as_str())
            })
        {
            out.push(rel);
        }
    }
}

#[test]
fn corpus_and_fixtures_in_one_batch() {
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .current_dir(root())
        // A generous timeout: a loaded machine running unoptimised tests must not turn
        // slow reads into "timeout" rows. `--jobs 2`: a pool of the batch's own, see
        // `default_jobs_read_two_pdfs_without_deadlock`. `--ocr never`: the scan stays
        // `no_text_layer` whether tesseract is installed or not (OCR: tests/ocr.rs).
        .args([
            "check",
            "--format",
            "csv",
            "--timeout",
            "900",
            "--jobs",
            "2",
            "--ocr",
            "never",
            "corpus",
            "tests/fixtures",
        ])
        .output()
        .expect("run gouji");
    let stdout = String::from_utf8(o.stdout).expect("utf-8 CSV");
    let stderr = String::from_utf8(o.stderr).expect("utf-8 stderr");
    assert_eq!(o.status.code(), Some(2), "{stdout}\n{stderr}");

    let csv = stdout
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "path",
            "status",
            "pages",
            "errors",
            "warnings",
            "infos",
            "time_ms",
            "error_kind"
        ]
    );
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in reader.records() {
        let r: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
        assert!(
            rows.insert(r[0].clone(), r.clone()).is_none(),
            "listed twice: {r:?}"
        );
    }

    let mut expected = Vec::new();
    files_under("corpus", &mut expected);
    files_under("tests/fixtures", &mut expected);
    assert!(expected.len() >= 25, "{expected:?}");
    let listed: Vec<&String> = rows.keys().collect();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(listed, want.iter().collect::<Vec<_>>(), "files listed");

    for path in &expected {
        let r = &rows[path];
        let (status, pages, kind) = (&r[1], &r[2], &r[7]);
        match BAD.iter().find(|(p, _)| p == path) {
            Some((_, want)) => {
                assert_eq!(
                    (status.as_str(), kind.as_str()),
                    ("error", *want),
                    "{path}: {r:?}"
                );
                assert!(pages.is_empty() && r[3].is_empty(), "{path}: {r:?}");
                // Named on stderr too, with its kind and a message in Chinese.
                let line = stderr
                    .lines()
                    .find(|l| l.starts_with(&format!("gouji: {path}: [{want}] ")))
                    .unwrap_or_else(|| panic!("{path} not named on stderr:\n{stderr}"));
                assert!(
                    line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{line}"
                );
            }
            None => {
                assert_eq!(
                    (status.as_str(), kind.as_str()),
                    ("ok", ""),
                    "{path}: {r:?}"
                );
                let pages: u32 = pages.parse().unwrap_or_else(|_| panic!("{path}: {r:?}"));
                assert!(pages >= 1, "{path}: {r:?}");
                for n in &r[3..6] {
                    n.parse::<u32>().unwrap_or_else(|_| panic!("{path}: {r:?}"));
                }
            }
        }
    }
    for (p, _) in BAD {
        assert!(rows.contains_key(*p), "{p} missing");
    }

    let text = &rows["corpus/gz-cac-2021-dept-selfeval.txt"];
    assert_ne!(
        &text[3..6],
        ["0", "0", "0"],
        "the corpus report has findings"
    );
}

/// Regression: with the default `--jobs` the batch once ran on rayon's global pool, and each
/// PDF read blocked its pool thread waiting for the extraction thread, which hands lopdf's
/// parallel parsing to that same global pool: with as many PDFs as pool threads, every read
/// timed out. `RAYON_NUM_THREADS=2` made two PDFs enough on any machine.
#[test]
fn default_jobs_read_two_pdfs_without_deadlock() {
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .current_dir(root())
        .env("RAYON_NUM_THREADS", "2")
        .args([
            "check",
            "--format",
            "csv",
            "--timeout",
            "60",
            "tests/fixtures/gzcac-2021-selfeval.libreoffice.pdf",
            "tests/fixtures/gzcac-2021-selfeval.badxref.pdf",
        ])
        .output()
        .expect("run gouji");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert_eq!(stdout.matches(",ok,33,").count(), 2, "{stdout}");
}
