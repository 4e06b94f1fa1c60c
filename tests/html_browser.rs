//! The HTML report in a real browser: Debian's chromium, headless, loads the page written for
//! the corpus report and prints its DOM after the scripts ran (`--dump-dom`). Checks the
//! summary table, a marked figure, and the severity filter, which the page pre-sets from
//! `#hide=…` in the URL and whose effect it counts from the browser's computed styles.
//!
//! Needs `/usr/bin/chromium` (or `GOUJI_CHROMIUM=path`). Without it the test fails when `CI`
//! is set (`.ci/run` installs it) and is skipped, saying why, otherwise.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::Value;

const REPORT: &str = "corpus/gz-cac-2021-dept-selfeval.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The browser to use, or `None` (after saying why) when the test should be skipped.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("GOUJI_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    let why = format!(
        "{} not found: the HTML report cannot be tested in a browser \
         (apt-get install chromium, or set GOUJI_CHROMIUM)",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{why}; CI must have it (.ci/run installs it)");
    }
    eprintln!("skipped: {why}");
    None
}

/// Runs `gouji check` from the repository root; returns (exit code, stdout).
fn gouji(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run gouji");
    (
        o.status.code().expect("exit code"),
        String::from_utf8(o.stdout).expect("utf-8"),
    )
}

/// The page's DOM after its scripts ran, as chromium prints it.
fn dump_dom(browser: &Path, page: &Path, fragment: &str, tmp: &Path) -> String {
    let profile = tempfile::tempdir_in(tmp).expect("profile dir");
    let out_path = tmp.join("dom.html");
    let err_path = tmp.join("chromium.log");
    let url = format!("file://{}{fragment}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("dom file"))
        .stderr(std::fs::File::create(&err_path).expect("log file"))
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = std::fs::read_to_string(&out_path).expect("DOM is UTF-8");
    let log = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed on {url} ({status}); stderr:\n{log}"
    );
    dom
}

/// The text of the first element matching `re`'s single group.
fn capture(re: &str, dom: &str) -> String {
    Regex::new(re)
        .unwrap()
        .captures(dom)
        .unwrap_or_else(|| panic!("no match for {re} in the DOM:\n{dom}"))[1]
        .to_owned()
}

/// The `class` attribute of `<body>` (empty when there is none).
fn body_class(dom: &str) -> String {
    Regex::new(r#"<body(?: class="([^"]*)")?>"#)
        .unwrap()
        .captures(dom)
        .expect("<body> in the DOM")
        .get(1)
        .map_or(String::new(), |m| m.as_str().to_owned())
}

/// "显示 N / M 条发现", the count the page's script took from the computed styles.
fn shown(dom: &str) -> (usize, usize) {
    let text = capture(r#"<span class="shown" id="shown"[^>]*>([^<]*)</span>"#, dom);
    let n = capture(r"^显示 (\d+) / \d+ 条发现$", &text);
    let m = capture(r"^显示 \d+ / (\d+) 条发现$", &text);
    (n.parse().unwrap(), m.parse().unwrap())
}

#[test]
fn html_report_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().expect("temp dir");
    let page = tmp.path().join("报告.html");

    let (code, _) = gouji(&[
        "check",
        REPORT,
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "the corpus report has errors");

    // What the page must show, from the JSON of the same run.
    let (_, json) = gouji(&["check", REPORT, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let count = |k: &str| v["summary"][k].as_u64().unwrap() as usize;
    let (errors, warnings, infos) = (count("errors"), count("warnings"), count("infos"));
    let total = errors + warnings + infos;
    assert!(
        errors > 0 && warnings > 0 && infos > 0,
        "the filter test needs findings of every severity: {errors} {warnings} {infos}"
    );

    // Unfiltered.
    let dom = dump_dom(&browser, &page, "", tmp.path());
    // The summary table: the file's row with its counts.
    let row = capture(
        r##"(?s)<table class="files">.*?(<tr><td><a href="#file-0">[^<]*</a></td>.*?</tr>)"##,
        &dom,
    );
    assert!(row.contains(REPORT), "{row}");
    // A file with errors is not shown as 正常.
    assert!(row.contains("有错误"), "{row}");
    assert!(!row.contains("<td>正常</td>"), "{row}");
    let cells = format!(
        "<td class=\"n\">1</td><td class=\"n\">{errors}</td><td class=\"n\">{warnings}</td><td class=\"n\">{infos}</td>"
    );
    assert!(row.contains(&cells), "expected {cells} in {row}");
    // A contradicting figure of the budget table, marked.
    assert!(
        dom.contains("<mark title=\"本年支出合计 · 预算调整率\" class=\"wrong\">19.81%</mark>"),
        "19.81% is not marked:\n{dom}"
    );
    assert_eq!(dom.matches("class=\"finding ").count(), total);
    assert_eq!(body_class(&dom), "");
    assert_eq!(shown(&dom), (total, total));

    // Notes hidden from the URL: the script unticks the box and the browser stops
    // displaying them.
    let dom = dump_dom(&browser, &page, "#hide=info", tmp.path());
    assert_eq!(body_class(&dom), "hide-info");
    assert_eq!(shown(&dom), (errors + warnings, total));

    // Only the notes.
    let dom = dump_dom(&browser, &page, "#hide=error,warning", tmp.path());
    assert_eq!(body_class(&dom), "hide-error hide-warning");
    assert_eq!(shown(&dom), (infos, total));

    // One rule, from the URL: only its findings are displayed.
    let ratio = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "table-ratio")
        .count();
    assert!(ratio > 0 && ratio < total);
    let dom = dump_dom(&browser, &page, "#rule=table-ratio", tmp.path());
    assert_eq!(shown(&dom), (ratio, total));
    // A search for a figure: the findings that show it.
    let dom = dump_dom(&browser, &page, "#q=19.81%25", tmp.path());
    let (n, _) = shown(&dom);
    assert!(n >= 1 && n < total, "{n}");
    // Each file folds.
    assert!(
        dom.contains("<details open=\"\"><summary><h2>"),
        "no folding"
    );
}
