//! `gouji dump`: the model of the bundled report as JSON — the budget table as a grid, every
//! figure with an id, the findings and the coverage of checked relations.

use std::process::Command;

use serde_json::Value;

#[test]
fn dump_json_of_the_bundled_report() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args([
            "dump",
            "--format",
            "json",
            "corpus/gz-cac-2021-dept-selfeval.txt",
        ])
        .current_dir(root)
        .output()
        .expect("run gouji");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // The budget table: its header names the columns, its rows hold figure ids.
    let budget = m["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["label"] == "本年支出合计")
        })
        .expect("the budget table");
    let cols: Vec<&str> = budget["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(cols.contains(&"决算数"), "{cols:?}");
    let ids: std::collections::HashSet<&str> = m["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for r in budget["rows"].as_array().unwrap() {
        for c in r["cells"].as_array().unwrap() {
            assert!(ids.contains(c["figure"].as_str().unwrap()), "{c}");
        }
    }
    assert_eq!(ids.len(), m["figures"].as_array().unwrap().len());
    assert!(m["findings"].as_array().unwrap().len() >= 11);
    let cov = &m["coverage"];
    assert!(cov["checked"].as_u64().unwrap() > 100, "{cov}");
    assert!(cov["by_kind"]["table_cell"]["checked"].as_u64().unwrap() > 0);
}
