//! The `gouji` binary and the report formats.
//!
//! Binary tests run the built executable on small files in a temporary directory.
//! Format tests build `FileReport`s with hand-made findings and call the renderers
//! directly, so they do not depend on what the checks find.

use std::path::Path;
use std::process::{Command, Output};

use gouji::checks::{Evidence, Finding, Severity};
use gouji::extract::{ErrorKind, InputError};
use gouji::report::baseline::Baseline;
use gouji::report::{self, FileReport, Format, Lang, RenderOptions};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------- helpers

fn gouji(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gouji")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// A plain text without any figure: nothing to contradict.
const GOOD_TEXT: &str = "部门整体支出绩效自评报告\n本单位认真落实各项工作，全面完成年度目标。\n";

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn ev(value: &str, page: u32, line: u32, excerpt: &str, label: &str) -> Evidence {
    Evidence {
        value: value.into(),
        page,
        line,
        excerpt: excerpt.into(),
        label: label.into(),
        path: None,
        ..Default::default()
    }
}

const RATIO_LINE: &str = "本年支出合计 17,303.71 4,191.98 21,495.69 19.81% 21,407.08 99.56%";

fn ratio_finding(page: u32, line: u32) -> Finding {
    Finding {
        rule: "table-ratio",
        severity: Severity::Error,
        message: "本年支出合计的预算调整率应为 24.23%，表中为 19.81%".into(),
        message_en:
            "budget adjustment rate of 本年支出合计 should be 24.23%, the table prints 19.81%"
                .into(),
        expected: Some("24.23%".into()),
        arithmetic: "4,191.98 / 17,303.71 × 100% = 24.23%".into(),
        evidence: vec![ev(
            "19.81%",
            page,
            line,
            RATIO_LINE,
            "本年支出合计 · 预算调整率",
        )],
    }
}

fn sum_finding() -> Finding {
    Finding {
        rule: "table-sum",
        severity: Severity::Warning,
        message: "合计 \"300\" 与各项之和, 290 不符\n<script>alert(1)</script>".into(),
        message_en: String::new(),
        expected: Some("290".into()),
        arithmetic: "100 + 190 = 290".into(),
        evidence: vec![
            ev("300", 2, 7, "合计 300", ""),
            ev("100", 2, 5, "一般公共预算 100", ""),
            ev("190", 2, 6, "政府性基金 190", ""),
        ],
    }
}

fn note_finding() -> Finding {
    Finding {
        rule: "rounding-style",
        severity: Severity::Info,
        message: "66.66% 与计算值 66.67% 仅在截断时一致".into(),
        message_en: "66.66% agrees with 66.67% only when truncated".into(),
        expected: Some("66.67%".into()),
        arithmetic: "2 / 3 × 100% = 66.67%".into(),
        evidence: vec![ev(
            "66.66%",
            3,
            1,
            "指标分值 3 分，自评得分 2 分，得分率为 66.66%。",
            "",
        )],
    }
}

fn sample() -> Vec<FileReport> {
    vec![
        FileReport::ok(
            "corpus/报告 一.pdf",
            33,
            vec![ratio_finding(5, 12), sum_finding(), note_finding()],
            120,
        ),
        FileReport::failed(
            "bad.pdf",
            InputError {
                kind: ErrorKind::Corrupt,
                message: "PDF 无法解析".into(),
                message_en: "PDF cannot be parsed".into(),
            },
            3,
        ),
        FileReport::ok("clean.txt", 1, vec![], 1),
    ]
}

fn render(format: Format, reports: &[FileReport]) -> String {
    report::render(format, reports, &RenderOptions::default())
}

// ---------------------------------------------------------------- binary

#[test]
fn missing_file_exits_2_and_is_reported() {
    let d = tmp();
    let o = gouji(d.path(), &["check", "nope.pdf"]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).contains("nope.pdf"), "{}", stdout(&o));
}

#[test]
fn bad_arguments_exit_2() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    for args in [
        &["check", "a.txt", "--format", "yaml"][..],
        &["check", "a.txt", "--no-such-flag"],
        &["check", "a.txt", "--lang", "fr"],
        &["check", "a.txt", "--timeout", "0"],
        &["explain", "no-such-rule"],
        &["no-such-command"],
    ] {
        let o = gouji(d.path(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        // --exit-zero does not hide usage errors.
        if args[0] == "check" {
            let mut with = args.to_vec();
            with.push("--exit-zero");
            assert_eq!(code(&gouji(d.path(), &with)), 2, "{with:?}");
        }
    }
}

#[test]
fn good_text_exits_0() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    let o = gouji(d.path(), &["check", "a.txt"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("a.txt"), "{out}");
    assert!(out.contains("共 1 个文件"), "{out}");
    let o = gouji(d.path(), &["check", "a.txt", "--lang", "en"]);
    assert!(stdout(&o).contains("1 file:"), "{}", stdout(&o));
}

#[test]
fn batch_with_one_bad_file_reports_both() {
    let d = tmp();
    std::fs::create_dir(d.path().join("docs")).unwrap();
    std::fs::write(d.path().join("docs/bad.pdf"), b"").unwrap();
    std::fs::write(d.path().join("docs/good.txt"), GOOD_TEXT).unwrap();
    std::fs::write(d.path().join("docs/ignored.xlsx"), b"x").unwrap();
    let o = gouji(
        d.path(),
        &["check", "docs", "--format", "json", "--jobs", "2"],
    );
    assert_eq!(code(&o), 2);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v:#}");
    let bad = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("bad.pdf"))
        .unwrap();
    let good = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("good.txt"))
        .unwrap();
    assert_eq!(bad["status"], "error");
    assert!(bad["error"]["kind"].is_string());
    assert!(bad["pages"].is_null());
    assert_eq!(good["status"], "ok");
    assert_eq!(good["pages"], 1);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["failed"], 1);
    // The failure is also said on stderr for machine formats.
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.pdf"));
    // --exit-zero turns the input error into success.
    assert_eq!(code(&gouji(d.path(), &["check", "docs", "--exit-zero"])), 0);
}

#[test]
fn rules_lists_every_rule() {
    let d = tmp();
    let o = gouji(d.path(), &["rules"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.lines().any(|l| l.starts_with("formula ")), "{out}");
    assert_eq!(out.lines().count(), gouji::checks::registry().len());
}

#[test]
fn explain_prints_the_doc_and_how_to_turn_it_off() {
    let d = tmp();
    let o = gouji(d.path(), &["explain", "formula"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("## 作用"), "{out}");
    assert!(!out.contains("What it does"), "{out}");
    assert!(out.contains("formula = false"), "{out}");
    let o = gouji(d.path(), &["explain", "formula", "--lang", "en"]);
    let out = stdout(&o);
    assert!(out.contains("## What it does"), "{out}");
    assert!(!out.contains("## 作用"), "{out}");
}

#[test]
fn json_has_the_documented_shape() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    let o = gouji(d.path(), &["check", "a.txt", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], 1);
    let f = &v["files"][0];
    for k in ["path", "status", "pages", "error", "findings"] {
        assert!(f.get(k).is_some(), "missing files[].{k}: {v:#}");
    }
    assert_eq!(
        f["text_source"], "text",
        "a text file is read from its text"
    );
    for k in ["files", "failed", "errors", "warnings", "infos"] {
        assert!(v["summary"][k].is_u64(), "missing summary.{k}: {v:#}");
    }
}

#[test]
fn output_file_is_written_instead_of_stdout() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    let o = gouji(
        d.path(),
        &["check", "a.txt", "--format", "sarif", "-o", "out.sarif"],
    );
    assert_eq!(code(&o), 0);
    assert!(o.stdout.is_empty());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("out.sarif")).unwrap())
            .unwrap();
    assert_eq!(v["version"], "2.1.0");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
}

#[test]
fn config_is_found_upward_and_checked() {
    let d = tmp();
    let sub = d.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("x.txt"), GOOD_TEXT).unwrap();
    std::fs::write(d.path().join("gouji.toml"), "[rules]\nformula = false\n").unwrap();
    assert_eq!(code(&gouji(&sub, &["check", "x.txt"])), 0);
    std::fs::write(
        d.path().join("gouji.toml"),
        "[rules]\nno-such-rule = false\n",
    )
    .unwrap();
    let o = gouji(&sub, &["check", "x.txt"]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-rule"));
    // --config wins over discovery.
    std::fs::write(
        d.path().join("ok.toml"),
        "[severity]\nformula = \"warning\"\n",
    )
    .unwrap();
    let cfg = d.path().join("ok.toml");
    assert_eq!(
        code(&gouji(
            &sub,
            &["check", "x.txt", "--config", cfg.to_str().unwrap()]
        )),
        0
    );
}

#[test]
fn rounding_policy_from_config() {
    let d = tmp();
    // 2 / 3 = 66.666…%: 66.66% holds only when truncated, 66.67% only when rounded.
    let text = "项目得分率=2÷3×100%=66.66%。\n资金执行率=2/3×100%=66.67%。\n";
    std::fs::write(d.path().join("r.txt"), text).unwrap();
    let run = |rounding: &str| {
        std::fs::write(
            d.path().join("gouji.toml"),
            format!("rounding = \"{rounding}\"\n"),
        )
        .unwrap();
        let o = gouji(d.path(), &["check", "r.txt", "--format", "json"]);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let found: Vec<(String, String, String)> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["severity"].as_str().unwrap().to_owned(),
                    f["evidence"][0]["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (code(&o), found)
    };
    let t = |r: &str, s: &str, v: &str| (r.to_owned(), s.to_owned(), v.to_owned());
    // Either (the default): both hold, the truncated one with a note.
    assert_eq!(
        run("either"),
        (0, vec![t("rounding-style", "info", "66.66%")])
    );
    // Round: the truncated one is a contradiction.
    assert_eq!(run("round"), (1, vec![t("formula", "error", "66.66%")]));
    // Truncate: the truncated one holds without a note, the rounded one does not.
    assert_eq!(run("truncate"), (1, vec![t("formula", "error", "66.67%")]));
}

#[test]
fn bad_rules_dir_exits_2() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    std::fs::create_dir(d.path().join("rules")).unwrap();
    std::fs::write(d.path().join("rules/x.toml"), "[[metric]]\nname = 3\n").unwrap();
    assert_eq!(
        code(&gouji(d.path(), &["check", "a.txt", "--rules", "rules"])),
        2
    );
    assert_eq!(
        code(&gouji(
            d.path(),
            &["check", "a.txt", "--rules", "missing-dir"]
        )),
        2
    );
}

#[test]
fn baseline_flags_write_and_read() {
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    let o = gouji(
        d.path(),
        &["check", "a.txt", "--write-baseline", "base.json"],
    );
    assert_eq!(code(&o), 0);
    let b = Baseline::load(&d.path().join("base.json")).unwrap();
    assert_eq!(b.version, 1);
    assert_eq!(
        code(&gouji(
            d.path(),
            &["check", "a.txt", "--baseline", "base.json"]
        )),
        0
    );
    std::fs::write(d.path().join("broken.json"), "{").unwrap();
    assert_eq!(
        code(&gouji(
            d.path(),
            &["check", "a.txt", "--baseline", "broken.json"]
        )),
        2
    );
}

// ---------------------------------------------------------------- formats

#[test]
fn json_renders_findings_messages_and_summary() {
    let v: Value = serde_json::from_str(&render(Format::Json, &sample())).unwrap();
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["rule"], "table-ratio");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["expected"], "24.23%");
    assert_eq!(f["arithmetic"], "4,191.98 / 17,303.71 × 100% = 24.23%");
    assert!(f["message"].as_str().unwrap().contains("应为"));
    assert!(f["message_en"].as_str().unwrap().contains("should be"));
    let e = &f["evidence"][0];
    assert_eq!(
        (e["value"].as_str(), e["page"].as_u64(), e["line"].as_u64()),
        (Some("19.81%"), Some(5), Some(12))
    );
    assert_eq!(e["excerpt"], RATIO_LINE);
    let bad = &v["files"][1];
    assert_eq!(bad["status"], "error");
    assert_eq!(bad["error"]["kind"], "corrupt");
    assert_eq!(bad["findings"].as_array().unwrap().len(), 0);
    let s = &v["summary"];
    assert_eq!(
        (s["files"].as_u64(), s["failed"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (
            s["errors"].as_u64(),
            s["warnings"].as_u64(),
            s["infos"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );

    let en = report::render(
        Format::Json,
        &sample(),
        &RenderOptions {
            lang: Lang::En,
            ..Default::default()
        },
    );
    let v: Value = serde_json::from_str(&en).unwrap();
    assert!(v["files"][0]["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("should be"));
    // No English message: the Chinese one is used.
    assert!(v["files"][0]["findings"][1]["message"]
        .as_str()
        .unwrap()
        .contains("合计"));
    assert_eq!(v["files"][1]["error"]["message"], "PDF cannot be parsed");
}

#[test]
fn human_underlines_the_figure_under_cjk_text() {
    let out = render(Format::Human, &sample());
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        out.contains("错误[table-ratio]: 本年支出合计的预算调整率应为 24.23%"),
        "{out}"
    );
    assert!(out.contains("  --> corpus/报告 一.pdf:5:12"), "{out}");
    assert!(
        out.contains("  = 计算: 4,191.98 / 17,303.71 × 100% = 24.23%"),
        "{out}"
    );
    assert!(out.contains("  = 应为: 24.23%"), "{out}");
    let i = lines
        .iter()
        .position(|l| l.ends_with(RATIO_LINE))
        .expect("excerpt printed");
    let gutter = lines[i].len() - RATIO_LINE.len();
    let carets = &lines[i + 1][gutter..];
    let start = RATIO_LINE.find("19.81%").unwrap();
    let pad = UnicodeWidthStr::width(&RATIO_LINE[..start]);
    assert_eq!(&carets[..pad], " ".repeat(pad), "{out}");
    assert!(carets[pad..].starts_with("^^^^^^ "), "{out}");
    assert!(carets.ends_with("本年支出合计 · 预算调整率"), "{out}");
    // Several figures on separate lines each get their own location.
    assert!(out.contains("  --> corpus/报告 一.pdf:2:5"), "{out}");
    assert!(out.contains("警告[table-sum]"), "{out}");
    assert!(out.contains("提示[rounding-style]"), "{out}");
    assert!(out.contains("bad.pdf — 读取失败 [corrupt]"), "{out}");
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("共 3 个文件（1 个读取失败）：错误 1，警告 1，提示 1"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour unless asked");
}

#[test]
fn human_in_english_and_in_colour() {
    let en = report::render(
        Format::Human,
        &sample(),
        &RenderOptions {
            lang: Lang::En,
            ..Default::default()
        },
    );
    assert!(
        en.contains("error[table-ratio]: budget adjustment rate"),
        "{en}"
    );
    assert!(en.contains("  = arithmetic: 4,191.98"), "{en}");
    assert!(en.contains("  = expected: 24.23%"), "{en}");
    assert!(
        en.contains("3 files (1 failed): 1 error, 1 warning, 1 info"),
        "{en}"
    );
    let col = report::render(
        Format::Human,
        &sample(),
        &RenderOptions {
            color: true,
            ..Default::default()
        },
    );
    assert!(col.contains("\x1b[1;31m错误[table-ratio]\x1b[0m"), "{col}");
}

#[test]
fn csv_rows_and_quoting() {
    let text = render(Format::Csv, &sample());
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        report::csv::FILE_HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "corpus/报告 一.pdf");
    assert_eq!((&rows[0][3], &rows[0][4], &rows[0][5]), ("1", "1", "1"));
    assert_eq!((&rows[1][1], &rows[1][7]), ("error", "corrupt"));

    let opts = RenderOptions {
        findings: true,
        ..Default::default()
    };
    let text = report::render(Format::Csv, &sample(), &opts);
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        report::csv::FINDING_HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one row per finding and per unreadable file");
    assert_eq!((&rows[3][0], &rows[3][2]), ("bad.pdf", "error"));
    assert!(rows[3][7].contains("PDF 无法解析"), "{:?}", rows[3]);
    assert_eq!(
        (&rows[0][1], &rows[0][3], &rows[0][4], &rows[0][5]),
        ("table-ratio", "5", "12", "19.81%")
    );
    // Commas, quotes and a newline inside a field survive the round trip.
    assert_eq!(&rows[1][7], sum_finding().message);
    assert_eq!(&rows[1][5], "300; 100; 190");
}

#[test]
fn csv_from_the_binary_has_one_row_per_file() {
    let d = tmp();
    for n in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(d.path().join(n), GOOD_TEXT).unwrap();
    }
    let o = gouji(d.path(), &["check", ".", "--format", "csv"]);
    let out = stdout(&o);
    let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let paths: Vec<String> = r.records().map(|x| x.unwrap()[0].to_owned()).collect();
    assert_eq!(paths, ["a.txt", "b.txt", "c.txt"]);
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn sarif_errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    let sarif: Value = serde_json::from_str(&render(Format::Sarif, &sample())).unwrap();
    let errors = sarif_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");

    // The validator is not a rubber stamp.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_errors(&validator, &broken).is_empty());
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_errors(&validator, &broken).is_empty());

    // And from the binary.
    let d = tmp();
    std::fs::write(d.path().join("a.txt"), GOOD_TEXT).unwrap();
    std::fs::write(d.path().join("空.pdf"), b"").unwrap();
    let o = gouji(d.path(), &["check", ".", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors = sarif_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_content() {
    let sarif: Value = serde_json::from_str(&render(Format::Sarif, &sample())).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), gouji::checks::registry().len());
    let formula = rules.iter().find(|r| r["id"] == "formula").unwrap();
    assert!(formula["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("What it does"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let r = &results[0];
    assert_eq!(r["ruleId"], "table-ratio");
    assert_eq!(r["level"], "error");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "table-ratio"
    );
    assert_eq!(results[2]["level"], "note");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "corpus/%E6%8A%A5%E5%91%8A%20%E4%B8%80.pdf"
    );
    assert_eq!(loc["region"]["startLine"], 12);
    assert_eq!(loc["region"]["properties"]["page"], 5);
    // The failed file is a notification, not a result.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn sarif_fingerprints_ignore_page_and_line() {
    let fp = |f: Finding| {
        let v: Value = serde_json::from_str(&render(
            Format::Sarif,
            &[FileReport::ok("x.pdf", 9, vec![f], 0)],
        ))
        .unwrap();
        v["runs"][0]["results"][0]["partialFingerprints"].clone()
    };
    let a = fp(ratio_finding(5, 12));
    assert!(a.as_object().is_some_and(|o| !o.is_empty()));
    assert_eq!(a, fp(ratio_finding(6, 30)));
    let mut other = ratio_finding(5, 12);
    other.evidence[0].value = "19.82%".into();
    assert_ne!(a, fp(other));
}

#[test]
fn github_annotations() {
    let out = render(Format::Github, &sample());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0]
            .starts_with("::error file=corpus/报告 一.pdf,line=12,title=table-ratio::本年支出合计"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("::warning file=corpus/报告 一.pdf,line=7,title=table-sum::"),
        "{out}"
    );
    assert!(lines[1].contains("%0A"), "newlines are escaped: {out}");
    assert!(lines[2].starts_with("::notice "), "{out}");
    assert!(lines[3].starts_with("::error file=bad.pdf,"), "{out}");
}

#[test]
fn html_is_self_contained_escaped_and_filterable() {
    let html = render(Format::Html, &sample());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("<mark title=\"本年支出合计 · 预算调整率\">19.81%</mark>"),
        "{html}"
    );
    // The printed total its parts contradict stands out.
    assert!(html.contains("<mark title=\"\" class=\"wrong\">300</mark>"));
    assert!(!html.contains("<script>alert"), "message is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for sev in ["error", "warning", "info"] {
        assert!(
            html.contains(&format!(
                "<input type=\"checkbox\" value=\"{sev}\" checked>"
            )),
            "{sev}"
        );
        assert!(html.contains(&format!("class=\"finding {sev}\"")), "{sev}");
    }
    // Nothing is loaded from elsewhere.
    for needle in ["http://", "https://", " src=", "@import", "<link"] {
        assert!(!html.contains(needle), "{needle}");
    }
    // Summary table: one row per file.
    assert_eq!(html.matches("<tr><td><a href=\"#file-").count(), 3);
    assert!(html.contains("读取失败"));
}

#[test]
fn baseline_round_trip_hides_known_findings_only() {
    let reports = sample();
    let json = Baseline::of(&reports).to_json();
    let b = Baseline::from_json("base.json", &json).unwrap();
    assert_eq!(b.findings.len(), 3);

    // The same findings after an unrelated edit moved them to other pages and lines,
    // and the file to another directory: all hidden.
    let mut moved = vec![FileReport::ok(
        "elsewhere/报告 一.pdf",
        34,
        vec![ratio_finding(6, 14), sum_finding(), note_finding()],
        0,
    )];
    assert_eq!(b.apply(&mut moved), 3);
    assert!(moved[0].findings.is_empty());

    // A changed figure is a new finding; another file's identical finding is not hidden.
    let mut changed = ratio_finding(5, 12);
    changed.evidence[0].value = "19.82%".into();
    let mut later = vec![
        FileReport::ok("corpus/报告 一.pdf", 33, vec![changed], 0),
        FileReport::ok("corpus/报告 二.pdf", 33, vec![ratio_finding(5, 12)], 0),
    ];
    assert_eq!(b.apply(&mut later), 0);
    assert_eq!(later[0].findings.len() + later[1].findings.len(), 2);
}

#[test]
fn summary_and_exit_codes() {
    let s = report::Summary::of(&sample());
    assert_eq!(
        (s.files, s.failed, s.errors, s.warnings, s.infos),
        (3, 1, 1, 1, 1)
    );
    assert_eq!(s.exit_code(false), 2);
    assert_eq!(s.exit_code(true), 0);
    let only_findings = [FileReport::ok("a", 1, vec![sum_finding()], 0)];
    assert_eq!(report::Summary::of(&only_findings).exit_code(false), 1);
    let only_notes = [FileReport::ok("a", 1, vec![note_finding()], 0)];
    assert_eq!(report::Summary::of(&only_notes).exit_code(false), 0);
}

#[test]
fn sarif_regions_give_the_figures_columns() {
    let d = tmp();
    // 4,000.00 / 5,000.00 × 100% = 80.00%, printed 85.00%.
    std::fs::write(
        d.path().join("a.txt"),
        "一、预算执行情况\n2023年度部门年初预算 5,000.00 万元，全年支出 4,000.00 万元，预算执行率为 85.00%。\n",
    )
    .unwrap();
    let o = gouji(d.path(), &["check", "a.txt", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{v:#}");
    let mut seen = 0;
    for loc in results
        .iter()
        .flat_map(|r| r["locations"].as_array().unwrap())
    {
        let region = &loc["physicalLocation"]["region"];
        let (Some(s), Some(e)) = (region["startColumn"].as_u64(), region["endColumn"].as_u64())
        else {
            continue;
        };
        let text: Vec<char> = region["snippet"]["text"]
            .as_str()
            .unwrap()
            .chars()
            .collect();
        let marked: String = text[s as usize - 1..e as usize - 1].iter().collect();
        assert_eq!(marked, region["properties"]["value"].as_str().unwrap());
        seen += 1;
    }
    assert!(seen >= 2, "{v:#}");
}
