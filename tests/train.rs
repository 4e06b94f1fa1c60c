//! Recall and false alarms on the training reports (corpus/train, copied from the shared
//! training set: each report with its planted contradictions, a consistent twin and a truth
//! file written independently of gouji). A contradiction is found when one error or warning
//! cites its planted figure (`anchors[0]`) among its evidence values, as the shared scorer
//! `tools/score.py` counts it. The floors sit a little below the latest measurement; raise them
//! as the checks improve, never lower them to make a change pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gouji::{Finding, Severity};
use serde_json::Value;

/// Planted contradictions found, at least (of 121).
const RECALL_FLOOR: usize = 119;
/// Warning-level findings on the 18 consistent twins, at most.
const CLEAN_WARNINGS_CEILING: usize = 1;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/train")
}

fn findings(path: &Path) -> Vec<Finding> {
    let raw = gouji::extract::load(path, &gouji::extract::Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    gouji::check(&raw, &gouji::Rules::builtin())
}

/// A figure as the scorer compares it: no spaces or separators, half-width, no leading
/// approximation word, no trailing unit.
fn norm(v: &str) -> String {
    let v: String = v
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '，'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            '．' => '.',
            '％' => '%',
            '−' => '-',
            c => c,
        })
        .collect();
    let body = v.trim_start_matches(['约', '逾', '超', '近', '达', '共']);
    let mut end = 0;
    let b = body.as_bytes();
    if end < b.len() && matches!(b[end], b'-' | b'+') {
        end += 1;
    }
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_end = digits(end);
    if int_end == end {
        return v;
    }
    end = int_end;
    if end + 1 < b.len() && b[end] == b'.' && b[end + 1].is_ascii_digit() {
        end = digits(end + 1);
    }
    if end < b.len() && b[end] == b'%' {
        end += 1;
    }
    body[..end].to_string()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn is_number(a: &str) -> bool {
    let t = a.trim_start_matches(['-', '+']).trim_end_matches('%');
    !t.is_empty() && t.parse::<f64>().is_ok()
}

fn cites(f: &Finding, anchor: &str) -> bool {
    let a = norm(anchor);
    if f.evidence.iter().any(|e| norm(&e.value) == a) {
        return true;
    }
    if a.chars().any(|c| c.is_ascii_digit()) && is_number(&a) {
        return false;
    }
    let s = squash(anchor);
    f.evidence
        .iter()
        .any(|e| format!("{}|{}", squash(&e.excerpt), squash(&e.value)).contains(&s))
}

fn alarm(f: &Finding) -> bool {
    f.severity >= Severity::Warning
}

struct Score {
    found: usize,
    total: usize,
    clean_errors: usize,
    clean_warnings: usize,
    rows: Vec<String>,
    by_kind: BTreeMap<String, (usize, usize)>,
}

fn score() -> Score {
    let mut truths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("corpus/train")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    assert!(
        truths.len() >= 18,
        "expected the training reports in corpus/train"
    );
    let mut s = Score {
        found: 0,
        total: 0,
        clean_errors: 0,
        clean_warnings: 0,
        rows: Vec::new(),
        by_kind: BTreeMap::new(),
    };
    for t in &truths {
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(t).unwrap()).unwrap();
        let doc = truth["doc"].as_str().unwrap();
        let got: Vec<Finding> = findings(&dir().join(doc))
            .into_iter()
            .filter(alarm)
            .collect();
        let mut missed = Vec::new();
        for c in truth["contradictions"].as_array().unwrap() {
            let anchor = c["anchors"][0].as_str().unwrap();
            let kind = c["kind"].as_str().unwrap_or("?").to_string();
            let hit = got.iter().any(|f| cites(f, anchor));
            let k = s.by_kind.entry(kind).or_default();
            k.1 += 1;
            s.total += 1;
            if hit {
                k.0 += 1;
                s.found += 1;
            } else {
                missed.push(c["id"].as_str().unwrap_or("?").to_string());
            }
        }
        let clean = findings(&dir().join(truth["clean"].as_str().unwrap()));
        let ce = clean
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let cw = clean
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        s.clean_errors += ce;
        s.clean_warnings += cw;
        s.rows.push(format!(
            "{doc}: missed {}; clean twin {ce} errors, {cw} warnings",
            if missed.is_empty() {
                "-".to_string()
            } else {
                missed.join(",")
            }
        ));
    }
    s
}

#[test]
fn training_reports_recall_and_false_alarms() {
    let s = score();
    let kinds: Vec<String> = s
        .by_kind
        .iter()
        .map(|(k, (f, t))| format!("{k} {f}/{t}"))
        .collect();
    let summary = format!(
        "recall {}/{}; clean errors {}; clean warnings {}\n{}\nby kind: {}",
        s.found,
        s.total,
        s.clean_errors,
        s.clean_warnings,
        s.rows.join("\n"),
        kinds.join(", ")
    );
    eprintln!("{summary}");
    assert!(s.found >= RECALL_FLOOR, "recall below its floor\n{summary}");
    assert_eq!(s.clean_errors, 0, "errors on consistent twins\n{summary}");
    assert!(
        s.clean_warnings <= CLEAN_WARNINGS_CEILING,
        "more warnings on consistent twins than allowed\n{summary}"
    );
}

#[test]
fn scorer_normalises_figures_as_printed() {
    assert_eq!(norm("1,159.23"), "1159.23");
    assert_eq!(norm("８６３２．３７万元"), "8632.37");
    assert_eq!(norm("约3.2亿元"), "3.2");
    assert_eq!(norm("-13.35%"), "-13.35%");
    assert_eq!(norm("九个"), "九个");
}
