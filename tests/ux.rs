//! The command line as a reviewer, an analyst and a clerk use it (issue 14): each test runs
//! the built binary on small invented documents in a temporary folder.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

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

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// A formula whose stated result its operands contradict (45 / 50 = 90%, not 95%).
const BAD: &str =
    "东山县文化馆项目支出绩效自评报告\n预算执行率=45.00万元/50.00万元×100%=95.00%。\n";
/// Its consistent twin.
const GOOD: &str =
    "东山县文化馆项目支出绩效自评报告\n预算执行率=45.00万元/50.00万元×100%=90.00%。\n";

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let d = folder(&[]);
    for args in [&["rules"][..], &["explain", "repeated-fact"], &["--help"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gouji"))
            .args(args)
            .current_dir(d.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| head -0` would.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_ne!(o.status.code(), Some(101), "{args:?}: {}", err(&o));
        assert!(!err(&o).contains("panicked"), "{args:?}: {}", err(&o));
    }
}

#[test]
fn explain_speaks_the_users_language_and_says_how_to_turn_off_once() {
    let d = folder(&[]);
    let zh = out(&gouji(d.path(), &["explain", "table-ratio"]));
    assert!(
        zh.contains("## 作用") && zh.contains("## 为什么有问题"),
        "{zh}"
    );
    assert!(!zh.contains("What it does"), "{zh}");
    let en = out(&gouji(
        d.path(),
        &["--lang", "en", "explain", "table-ratio"],
    ));
    assert!(
        en.contains("## What it does") && !en.contains("## 作用"),
        "{en}"
    );
    // lost-sign is a warning: it suggests another severity, and says how to turn it off once.
    let ls = out(&gouji(d.path(), &["explain", "lost-sign"]));
    assert!(ls.contains("lost-sign = \"error\""), "{ls}");
    assert!(!ls.contains("lost-sign = \"warning\""), "{ls}");
    assert_eq!(ls.matches("lost-sign = false").count(), 1, "{ls}");
    assert!(!ls.contains("Turn it off"), "{ls}");
}

#[test]
fn own_reports_are_skipped_and_exclude_works() {
    let d = folder(&[("docs/a.txt", BAD), ("docs/old/b.txt", BAD)]);
    // An HTML report and a text report written into the folder itself.
    let o = gouji(
        d.path(),
        &["check", "docs", "--format", "html", "-o", "docs/报告.html"],
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    let o = gouji(d.path(), &["check", "docs", "-o", "docs/报告.txt"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    let o = gouji(d.path(), &["check", "docs", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/a.txt", "docs/old/b.txt"], "{v:#}");
    // --exclude: a name without / matches a folder or file name anywhere.
    let o = gouji(
        d.path(),
        &["check", "docs", "--exclude", "old", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["summary"]["files"], 1, "{v:#}");
    let o = gouji(d.path(), &["check", "docs", "--exclude", "*.txt"]);
    assert_eq!(code(&o), 2, "nothing left to check");
    assert!(err(&o).contains(".html .htm"), "{}", err(&o));
}

#[test]
fn english_is_complete_for_help_and_errors() {
    let d = folder(&[]);
    let help = out(&gouji(d.path(), &["--lang", "en", "check", "--help"]));
    assert!(help.contains("Check files or folders"), "{help}");
    assert!(help.contains("Output format"), "{help}");
    assert!(help.contains(".html .htm"), "{help}");
    assert!(
        !help
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '勾' && c != '稽'),
        "{help}"
    );
    let zh = out(&gouji(d.path(), &["check", "--help"]));
    assert!(zh.contains("输出格式") && zh.contains(".html .htm"), "{zh}");
}

#[test]
fn english_arithmetic_and_labels() {
    use gouji::checks::{Evidence, Finding, Severity};
    use gouji::report::{self, FileReport, Format, Lang, RenderOptions};
    let f = Finding {
        rule: "change",
        severity: Severity::Warning,
        message: "增长率无法计算".into(),
        message_en: "the growth rate cannot be computed".into(),
        expected: None,
        arithmetic: "增长率 = 增加额 / 0：307.82 − 307.82 = 0".into(),
        evidence: vec![Evidence {
            value: "2024年".into(),
            page: 1,
            line: 1,
            excerpt: "东山县 2024年度部门决算".into(),
            label: "封面".into(),
            path: None,
            ..Default::default()
        }],
    };
    let r = [FileReport::ok("a.txt", 1, vec![f], 0)];
    let opts = RenderOptions {
        lang: Lang::En,
        ..Default::default()
    };
    let text = report::render(Format::Human, &r, &opts);
    assert!(
        text.contains("growth rate = increase / 0: 307.82"),
        "{text}"
    );
    assert!(text.contains("^^^^^ cover"), "{text}");
    assert!(!text.contains("封面") && !text.contains("增加额"), "{text}");
}

#[test]
fn standard_input_is_checked() {
    let d = folder(&[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["check", "-"])
        .current_dir(d.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(BAD.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1, "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("<stdin>:1:2"), "{}", out(&o));
    assert!(out(&o).contains("错误[formula]"), "{}", out(&o));
}

#[test]
fn a_damaged_zip_is_named_by_its_extension() {
    let d = folder(&[]);
    for name in ["表.xlsx", "文件.ofd", "报告.docx"] {
        std::fs::write(d.path().join(name), b"PK\x03\x04 damaged").unwrap();
        let o = gouji(d.path(), &["check", name]);
        assert_eq!(code(&o), 2);
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            out(&o).contains(&format!(".{ext} 文件已损坏")),
            "{}",
            out(&o)
        );
    }
}

#[test]
fn batch_summary_names_rules_worst_files_and_unreadable_files() {
    let d = folder(&[
        ("a.txt", BAD),
        ("b.txt", &format!("{BAD}{BAD}")),
        ("c.txt", GOOD),
    ]);
    std::fs::write(d.path().join("d.pdf"), b"not a pdf").unwrap();
    let o = gouji(d.path(), &["check", "."]);
    assert_eq!(code(&o), 2);
    let text = out(&o);
    let tail = &text[text.find("按规则统计").expect("per-rule counts")..];
    assert!(tail.contains("formula  错误   3"), "{text}");
    let worst = &tail[tail.find("错误最多的文件").expect("worst files")..];
    let (b, a) = (worst.find("b.txt").unwrap(), worst.find("a.txt").unwrap());
    assert!(b < a, "most errors first: {worst}");
    let failed = &tail[tail.find("无法读取的文件").expect("unreadable files")..];
    assert!(failed.contains("d.pdf [not_pdf]"), "{failed}");
    // -q: the clean file is not listed.
    let q = out(&gouji(d.path(), &["check", ".", "-q"]));
    assert!(!q.contains("c.txt"), "{q}");
    assert!(q.contains("a.txt") && q.contains("d.pdf"), "{q}");
}

#[test]
fn csv_findings_carry_arithmetic_excerpt_fingerprint_and_failures() {
    let d = folder(&[("a.txt", BAD)]);
    std::fs::write(d.path().join("z.pdf"), b"not a pdf").unwrap();
    let o = gouji(d.path(), &["check", ".", "--format", "csv", "--findings"]);
    let text = out(&o);
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{text}");
    let f = &rows[0];
    assert_eq!(&f[col("expected")], "90.00%");
    assert!(f[col("arithmetic")].contains("45.00 / 50.00"), "{text}");
    assert!(f[col("excerpt")].contains("预算执行率=45.00万元"), "{text}");
    assert_eq!(f[col("fingerprint")].len(), 16);
    // The fingerprint does not move when a line is added above.
    std::fs::write(d.path().join("a.txt"), format!("前言\n{BAD}")).unwrap();
    let again = out(&gouji(
        d.path(),
        &["check", "a.txt", "--format", "csv", "--findings"],
    ));
    assert!(again.contains(&f[col("fingerprint")]), "{again}");
    assert_eq!(&rows[1][0], "z.pdf");
    assert!(rows[1][col("message")].contains("not_pdf"), "{text}");
}

#[test]
fn select_ignore_and_min_severity() {
    let d = folder(&[("a.txt", BAD)]);
    assert_eq!(code(&gouji(d.path(), &["check", "a.txt"])), 1);
    assert_eq!(
        code(&gouji(d.path(), &["check", "a.txt", "--ignore", "formula"])),
        0
    );
    assert_eq!(
        code(&gouji(
            d.path(),
            &["check", "a.txt", "--select", "table-sum,share"]
        )),
        0
    );
    assert_eq!(
        code(&gouji(d.path(), &["check", "a.txt", "--select", "formula"])),
        1
    );
    let o = gouji(d.path(), &["check", "a.txt", "--ignore", "no-such-rule"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("no-such-rule"), "{}", err(&o));
    // formula is an error: still shown at --min-severity error, and gone when turned into info.
    assert_eq!(
        code(&gouji(
            d.path(),
            &["check", "a.txt", "--min-severity", "error"]
        )),
        1
    );
    std::fs::write(
        d.path().join("gouji.toml"),
        "[severity]\nformula = \"info\"\n",
    )
    .unwrap();
    let o = gouji(d.path(), &["check", "a.txt", "--min-severity", "warning"]);
    assert!(out(&o).contains("错误 0，警告 0，提示 0"), "{}", out(&o));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let d = folder(&[("a.txt", BAD)]);
    let always = out(&gouji(d.path(), &["check", "a.txt", "--color", "always"]));
    assert!(always.contains("\x1b["), "{always}");
    let never = out(&gouji(d.path(), &["check", "a.txt", "--color", "never"]));
    assert!(!never.contains("\x1b["), "{never}");
    // auto: not a terminal here, and NO_COLOR is set.
    let auto = out(&gouji(d.path(), &["check", "a.txt"]));
    assert!(!auto.contains("\x1b["), "{auto}");
}

#[test]
fn config_is_found_from_each_files_folder() {
    let d = folder(&[("甲/a.txt", BAD), ("乙/b.txt", BAD)]);
    std::fs::write(d.path().join("甲/gouji.toml"), "[rules]\nformula = false\n").unwrap();
    // Run from the parent: 甲's configuration applies to 甲/a.txt only.
    let o = gouji(d.path(), &["check", "甲", "乙", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        v["files"][0]["findings"].as_array().unwrap().len(),
        0,
        "{v:#}"
    );
    assert_eq!(
        v["files"][1]["findings"].as_array().unwrap().len(),
        1,
        "{v:#}"
    );
    let show = gouji(d.path(), &["check", "甲", "乙", "--show-config"]);
    assert_eq!(code(&show), 0);
    let s = out(&show);
    assert!(s.contains("甲/gouji.toml（1 个文件）"), "{s}");
    assert!(s.contains("关闭的规则：formula"), "{s}");
    assert!(s.contains("（无，使用缺省配置）（1 个文件）"), "{s}");
}

#[test]
fn globs_are_expanded_by_gouji() {
    let d = folder(&[
        ("各部门/甲/a.txt", BAD),
        ("各部门/乙/b.txt", GOOD),
        ("各部门/c.pdf", ""),
    ]);
    let o = gouji(d.path(), &["check", "各部门/**/*.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["summary"]["files"], 2, "{v:#}");
    let o = gouji(d.path(), &["check", "各部门/*.docx"]);
    assert_eq!(code(&o), 2);
    assert!(out(&o).contains("没有与该模式匹配的文件"), "{}", out(&o));
}

#[test]
fn chinese_messages_for_common_usage_errors() {
    let d = folder(&[("a.txt", GOOD)]);
    let o = gouji(d.path(), &["check", "a.txt", "--no-such-flag"]);
    assert_eq!(code(&o), 2);
    assert!(
        err(&o).contains("未知的参数 `--no-such-flag`"),
        "{}",
        err(&o)
    );
    let o = gouji(d.path(), &["check", "a.txt", "--format"]);
    assert!(err(&o).contains("缺少取值"), "{}", err(&o));
    let o = gouji(
        d.path(),
        &["check", "a.txt", "--lang", "en", "--no-such-flag"],
    );
    assert!(err(&o).contains("unexpected argument"), "{}", err(&o));
    std::fs::write(d.path().join("gouji.toml"), "[rules\nformula = false\n").unwrap();
    let o = gouji(d.path(), &["check", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("TOML 语法错误"), "{}", err(&o));
    assert!(err(&o).contains("第 1 行"), "{}", err(&o));
}

#[test]
fn html_links_pages_marks_the_wrong_figure_and_filters() {
    use gouji::checks::{Evidence, Finding, Severity};
    use gouji::report::{self, FileReport, Format, RenderOptions};
    let ev = |v: &str, label: &str| Evidence {
        value: v.into(),
        page: 3,
        line: 7,
        excerpt: "本年支出合计 100.00 90.00 95.00%".into(),
        label: label.into(),
        path: None,
        ..Default::default()
    };
    let f = Finding {
        rule: "table-ratio",
        severity: Severity::Error,
        message: "实际支出率印为 95.00%，按其数据应为 90.00%".into(),
        message_en: String::new(),
        expected: Some("90.00%".into()),
        arithmetic: "90.00 / 100.00 × 100% = 90.00%".into(),
        evidence: vec![
            ev("95.00%", "本年支出合计 · 实际支出率"),
            ev("90.00", ""),
            ev("100.00", ""),
        ],
    };
    let r = [
        FileReport::ok("各部门/甲 单位.pdf", 9, vec![f], 0),
        FileReport::ok("乙.txt", 1, vec![], 0),
    ];
    let html = report::render(Format::Html, &r, &RenderOptions::default());
    assert!(
        html.contains("<a href=\"各部门/甲%20单位.pdf#page=3\">第 3 页</a>第 7 行"),
        "{html}"
    );
    assert!(
        html.contains("<mark title=\"本年支出合计 · 实际支出率\" class=\"wrong\">95.00%</mark>"),
        "{html}"
    );
    assert!(html.contains("<mark title=\"\">90.00</mark>"), "{html}");
    assert!(
        html.contains("<div class=\"label\">本年支出合计 · 实际支出率</div>"),
        "{html}"
    );
    assert!(html.contains("有错误"), "a file with errors is not 正常");
    assert_eq!(html.matches("<td>正常</td>").count(), 1, "{html}");
    assert!(html.contains("<option value=\"table-ratio\">"), "{html}");
    assert!(html.contains("<input type=\"search\" id=\"q\""), "{html}");
    assert_eq!(html.matches("<details open><summary><h2>").count(), 2);
    assert!(html.contains("data-rule=\"table-ratio\""));
    assert!(html.contains("<meta name=\"generator\" content=\"gouji\">"));
}

#[test]
fn rule_files_are_validated_at_load() {
    let d = folder(&[("a.txt", GOOD)]);
    for (text, want) in [
        ("[[metric]]\nname = \"甲率\"\nalias = [\"乙率\"]\n", "my.toml:3"),
        ("[[metric]]\nname = \"甲率\"\nkind = \"ratio\"\n", "ratio"),
        ("[[indicator]]\nresult = \"得分率\"\nformula = \"得分 ×× 分值\"\n", "无法解析"),
        ("[[indicator]]\nresult = \"得分率\"\nformula = \"得分 / 满分\"\n", "`满分` 未定义"),
        ("[[column]]\nname = \"甲\"\nkind = \"amount\"\n[[column_relation]]\nresult = \"甲\"\nformula = \"乙 + 丙\"\n", "my.toml:6"),
    ] {
        std::fs::create_dir_all(d.path().join("r")).unwrap();
        std::fs::write(d.path().join("r/my.toml"), text).unwrap();
        let o = gouji(d.path(), &["check", "a.txt", "--rules", "r"]);
        assert_eq!(code(&o), 2, "{text}");
        assert!(err(&o).contains(want), "{text}: {}", err(&o));
        assert!(err(&o).contains("my.toml"), "{}", err(&o));
    }
    // A valid file is accepted.
    std::fs::write(
        d.path().join("r/my.toml"),
        "[[metric]]\nname = \"满分\"\nkind = \"score\"\n[[indicator]]\nresult = \"得分率\"\nformula = \"得分 / 满分 × 100%\"\n",
    )
    .unwrap();
    assert_eq!(
        code(&gouji(d.path(), &["check", "a.txt", "--rules", "r"])),
        0
    );
}

#[test]
fn a_disabled_check_is_not_run() {
    let raw = gouji::RawDocument::from_text(BAD);
    let mut rules = gouji::Rules::builtin();
    assert!(gouji::check(&raw, &rules)
        .iter()
        .any(|f| f.rule == "formula"));
    rules.disabled = vec!["formula".into()];
    assert!(gouji::check(&raw, &rules).is_empty());
}
