//! A blank template (a published budget's text with its names and figures replaced by XX) is
//! reported once as a template or draft, with no arithmetic findings.

use gouji::{RawDocument, Rules, Severity};

#[test]
fn a_blank_template_is_one_template_finding() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/presubmit/blank-budget-template.txt"
    ))
    .unwrap();
    let f = gouji::check(&RawDocument::from_text(&text), &Rules::builtin());
    let alarms: Vec<_> = f.iter().filter(|f| f.severity > Severity::Info).collect();
    assert_eq!(alarms.len(), 1, "{alarms:#?}");
    assert_eq!(alarms[0].rule, "leftover");
    assert!(alarms[0].message.contains("模板或草稿"), "{alarms:#?}");
    assert_eq!(f.iter().filter(|f| f.rule == "leftover").count(), 1);
}

/// The titles of a Shanghai district budget's nine tables but the 国有资本经营 one.
const EIGHT_TABLES: &str = "2025年部门财务收支预算总表\n2025年部门收入预算总表\n2025年部门支出预算总表\n\
    2025年部门财政拨款收支预算总表\n2025年部门一般公共预算支出功能分类预算表\n\
    2025年部门政府性基金预算支出功能分类预算表\n2025年部门一般公共预算基本支出部门预算经济分类预算表\n\
    2025年部门“三公”经费和机关运行经费预算表\n";

fn template_findings(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["check", "b.txt", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let code = o.status.code().unwrap();
    let v: serde_json::Value = match serde_json::from_slice(&o.stdout) {
        Ok(v) => v,
        Err(_) => return (code, Vec::new()),
    };
    let found = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "template")
        .map(|f| f["evidence"][0]["value"].as_str().unwrap().to_owned())
        .collect();
    (code, found)
}

#[test]
fn a_template_is_checked_only_when_selected() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.txt"), EIGHT_TABLES).unwrap();
    assert_eq!(template_findings(d.path(), &[]), (0, vec![]));
    let missing = vec!["国有资本经营预算支出功能分类预算表".to_owned()];
    assert_eq!(
        template_findings(d.path(), &["--template", "shanghai-district-budget"]),
        (0, missing.clone())
    );
    std::fs::write(
        d.path().join("gouji.toml"),
        "template = \"shanghai-district-budget\"\n",
    )
    .unwrap();
    assert_eq!(template_findings(d.path(), &[]), (0, missing));
    assert_eq!(template_findings(d.path(), &["--template", "nowhere"]).0, 2);
}

/// The pre-submission checks stay linear on large input (a hang guard; the other stages are
/// timed by tests/regressions.rs).
#[test]
fn presubmit_checks_are_linear() {
    let unit = "2025年部门政府性基金预算支出功能分类预算表\n编制部门：某局 单位：元\n合计\n\
        注：本部门无国有资本经营预算安排，故本表为空表。\n201 06 01 行政运行 1,200.00 1,200.00\n\
        7 06 01 行政运行 1,200.00 1,200.00\n工资福利支出比上年增加XX万元，主要原因是新增编制人员相应增加工资支出。\n\
        资金,用于(一期)。。医疗卫生与计划生育支出（如持平作持平表述）\n";
    let text = unit.repeat(2_000);
    let rules = Rules::builtin();
    let a = gouji::Analysis::new(&RawDocument::from_text(&text), &rules);
    let ours = [
        "leftover",
        "table-note",
        "code-match",
        "outdated-name",
        "template",
        "punctuation",
    ];
    for (info, check) in gouji::checks::registry() {
        if !ours.contains(&info.code) {
            continue;
        }
        let t = std::time::Instant::now();
        let mut o = gouji::checks::Outcome::default();
        check(&a, &mut o);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(10),
            "{}: {:?}",
            info.code,
            t.elapsed()
        );
        eprintln!(
            "{} {:?} {} findings",
            info.code,
            t.elapsed(),
            o.findings.len()
        );
    }
}
