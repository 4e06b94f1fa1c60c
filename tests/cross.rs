//! The cross-document pass (rule cross-year) on small documents of an invented body: grouping,
//! implied prior-year figures, a 决算's 年初预算, short names and a tables file, each with a
//! consistent twin that must stay silent.

use gouji::config::Config;
use gouji::cross::{self, CrossSummary, DocFacts};
use gouji::report::FileReport;
use gouji::{Analysis, Finding, RawDocument, Rules};

fn facts(rules: &Rules, path: &str, text: &str) -> DocFacts {
    let a = Analysis::new(&RawDocument::from_text(text), rules);
    cross::facts::collect(&a, path)
}

/// Runs the pass over named documents; returns the summary and each file's cross findings.
fn run(docs: &[(&str, &str)]) -> (CrossSummary, Vec<(String, Finding)>) {
    let rules = Rules::builtin();
    let facts: Vec<DocFacts> = docs.iter().map(|(p, t)| facts(&rules, p, t)).collect();
    let mut reports: Vec<FileReport> = docs
        .iter()
        .map(|(p, _)| FileReport::ok(*p, 1, Vec::new(), 0))
        .collect();
    let s = cross::run(facts, &mut reports, &Config::default(), &rules.cross);
    let found = reports
        .into_iter()
        .flat_map(|r| {
            let p = r.path.clone();
            r.findings.into_iter().map(move |f| (p.clone(), f))
        })
        .collect();
    (s, found)
}

const BUDGET_2020: &str = "东海省档案局2020年度部门预算

一、收支预算总体情况说明
东海省档案局2020年度收入、支出预算总计1,250.00万元。
基本支出预算数为800.00万元。
项目支出预算数为450.00万元。
公务接待费预算支出12.00万元。
培训费预算支出8.50万元。
";

const BUDGET_2021: &str = "东海省档案局2021年度部门预算

一、收支预算总体情况说明
东海省档案局2021年度收入、支出预算总计1,300.00万元，与上年相比增加50.00万元，增长4.00%。
基本支出预算数为850.00万元。与上年相比增加50.00万元，增长6.25%。
项目支出预算数为450.00万元，与上年预算数持平。
公务接待费预算支出10.00万元，比上年预算减少2.00万元。
培训费预算支出8.50万元，与上年预算数相等。
";

#[test]
fn all_agree_no_finding_and_the_group_is_named() {
    let (s, found) = run(&[("a/2020.txt", BUDGET_2020), ("a/2021.txt", BUDGET_2021)]);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.groups[0].body, "东海省档案局");
    assert_eq!(s.compared, 5, "{s:?}");
    assert_eq!(s.agreed, 5);
    let lines = s.lines(true);
    assert_eq!(lines[0], "东海省档案局: 2020, 2021 预算 (2 个文件)");
    assert!(lines[1].contains("比较 5 个数字，5 个一致"), "{lines:?}");
}

#[test]
fn an_increase_whose_amount_is_off_blames_the_amount_when_the_rate_agrees() {
    let later = BUDGET_2021.replace(
        "与上年相比增加50.00万元，增长6.25%",
        "与上年相比增加60.00万元，增长6.25%",
    );
    let (s, found) = run(&[("a/2020.txt", BUDGET_2020), ("a/2021.txt", &later)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (path, f) = &found[0];
    assert_eq!(path, "a/2021.txt", "listed under the later document");
    assert_eq!(f.rule, "cross-year");
    assert!(f.message.contains("错的是增减额"), "{}", f.message);
    assert_eq!(f.expected.as_deref(), Some("50.00万元"));
    // Evidence from both files: the other one names its path.
    assert!(f
        .evidence
        .iter()
        .any(|e| e.value == "60.00" && e.path.is_none()));
    assert!(f
        .evidence
        .iter()
        .any(|e| e.value == "800.00" && e.path.as_deref() == Some("a/2020.txt")));
    assert_eq!(s.compared, 5);
    assert_eq!(s.agreed, 4);
}

#[test]
fn a_decrease_against_the_previous_years_figure() {
    let later = BUDGET_2021.replace("减少2.00万元", "减少3.00万元");
    let (_, found) = run(&[("a/2020.txt", BUDGET_2020), ("a/2021.txt", &later)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0].1;
    assert!(f.message.contains("公务接待费"), "{}", f.message);
    assert!(f.message.contains("13.00"), "{}", f.message);
    assert_eq!(f.expected.as_deref(), Some("12.00"));
}

#[test]
fn equal_to_last_year_where_last_year_printed_another_figure() {
    // 持平 and 相等: this year's figure is last year's.
    for (from, to) in [
        ("项目支出预算数为450.00万元", "项目支出预算数为440.00万元"),
        ("培训费预算支出8.50万元", "培训费预算支出9.50万元"),
    ] {
        let later = BUDGET_2021.replace(from, to);
        let (_, found) = run(&[("a/2020.txt", BUDGET_2020), ("a/2021.txt", &later)]);
        assert_eq!(found.len(), 1, "{from}: {found:#?}");
        assert!(found[0].1.message.contains("称与上年相同"));
    }
}

const TABLES_2021: &str = "收支预算表
部门：中国共产党东海省委员会办公厅
单位：万元
项目 上年预算数 本年预算数
基本支出 800.00 850.00
项目支出 450.00 450.00
合计 1,250.00 1,300.00
";

#[test]
fn a_previous_year_column_of_a_tables_file_paired_with_its_text_document() {
    let body = |t: &str| t.replace("东海省档案局", "中共东海省委办公厅");
    let (b20, b21) = (body(BUDGET_2020), body(BUDGET_2021));
    // The tables file prints no year: it shares the 2021 document's figures.
    let (s, found) = run(&[
        ("b/2020.txt", &b20),
        ("b/2021.txt", &b21),
        ("b/tables.txt", TABLES_2021),
    ]);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(s.groups.len(), 1, "{s:?}");
    assert_eq!(
        s.groups[0].files, 3,
        "the tables file is part of the 2021 document"
    );
    assert_eq!(s.groups[0].documents.len(), 2);
    assert_eq!(s.compared, 7, "{s:?}");
    // Its 上年预算数 column disagrees with the 2020 budget.
    let tables = TABLES_2021.replace("基本支出 800.00", "基本支出 810.00");
    let (_, found) = run(&[
        ("b/2020.txt", &b20),
        ("b/2021.txt", &b21),
        ("b/tables.txt", &tables),
    ]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "b/tables.txt");
    assert!(
        found[0].1.message.contains("上年数"),
        "{}",
        found[0].1.message
    );
}

const FINAL_2021: &str = "省档案局2021年度部门决算

一般公共预算财政拨款支出决算具体情况
基本支出年初预算为850.00万元，支出决算为845.10万元，完成年初预算的99.42%。
项目支出年初预算为450.00万元，支出决算为430.00万元。
";

#[test]
fn a_final_accounts_budget_at_year_start_against_the_budget_by_a_short_name() {
    let (s, found) = run(&[
        ("c/2021.txt", BUDGET_2021),
        ("c/2021-final.txt", FINAL_2021),
    ]);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(s.groups.len(), 1, "省档案局 is 东海省档案局: {s:?}");
    assert_eq!(s.compared, 2, "{s:?}");
    let planted = FINAL_2021.replace("年初预算为450.00", "年初预算为460.00");
    let (_, found) = run(&[("c/2021.txt", BUDGET_2021), ("c/2021-final.txt", &planted)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].0, "c/2021-final.txt",
        "the 决算 comes after the budget"
    );
    assert_eq!(found[0].1.expected.as_deref(), Some("450.00"));
}

#[test]
fn long_and_short_names_of_one_body_are_grouped() {
    let a = BUDGET_2020.replace("东海省档案局", "东海省人民检察院");
    let b = BUDGET_2021.replace("东海省档案局", "东海省检察院");
    let (s, found) = run(&[("d/a.txt", &a), ("d/b.txt", &b)]);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.compared, 5);
    // Another body's budget is never compared.
    let other = BUDGET_2021.replace("东海省档案局", "东海省气象局");
    let later = other.replace("增加50.00万元，增长6.25%", "增加90.00万元，增长6.25%");
    let (s, found) = run(&[("e/a.txt", BUDGET_2020), ("e/b.txt", &later)]);
    assert!(found.is_empty() && s.groups.is_empty(), "{found:#?}");
}

#[test]
fn facts_print_as_json_lines_with_the_documents_identity() {
    let rules = Rules::builtin();
    let d = facts(&rules, "a/2021.txt", BUDGET_2021);
    let lines = cross::json_lines(&d);
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["body"], "东海省档案局");
    assert_eq!(first["kind"], "预算");
    assert_eq!(first["year"], 2021);
    let change = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["how"] == "change" && v["subject"] == "基本支出")
        .expect("a change fact");
    assert_eq!(change["period"], 2020);
    assert_eq!(change["metric"], "预算");
    assert_eq!(change["change"]["printed"], "50.00");
    assert_eq!(change["sign"], 1);
}

#[test]
fn the_cli_groups_a_directory_and_no_cross_turns_it_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a-2020.txt"), BUDGET_2020).unwrap();
    let later = BUDGET_2021.replace("减少2.00万元", "减少3.00万元");
    std::fs::write(dir.path().join("b-2021.txt"), later).unwrap();
    let gouji = env!("CARGO_BIN_EXE_gouji");
    let out = std::process::Command::new(gouji)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let later_file = &v["files"][1];
    assert!(later_file["path"].as_str().unwrap().ends_with("b-2021.txt"));
    let f = &later_file["findings"][0];
    assert_eq!(f["rule"], "cross-year");
    let paths: Vec<&str> = f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("a-2020.txt"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("东海省档案局: 2020, 2021 预算 (2 个文件)"),
        "{err}"
    );
    assert!(err.contains("比较 5 个数字，4 个一致"), "{err}");
    assert_eq!(out.status.code(), Some(1));

    let human = std::process::Command::new(gouji)
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("a-2020.txt:1:"),
        "both files' locations: {text}"
    );
    assert!(
        text.contains("东海省档案局: 2020, 2021 预算 (2 个文件)"),
        "{text}"
    );

    let off = std::process::Command::new(gouji)
        .args(["check", "--format", "json", "--no-cross"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&off.stdout).unwrap();
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(off.status.code(), Some(0));
}
