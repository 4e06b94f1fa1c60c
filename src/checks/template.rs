//! template: the statutory tables of a selected template (rules/presubmit.toml `[[template]]`)
//! that the document does not print. Off unless a template is selected (`--template NAME` or
//! `template = "NAME"` in gouji.toml).

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "template",
    name_zh: "缺少模板规定的表",
    name_en: "table required by the template is missing",
    severity: Severity::Info,
    doc: "## 作用
缺省不检查。用 `--template 名称` 或在 gouji.toml 中写 `template = \"名称\"` 选定一个模板后，
核对文档是否印出了模板规定的每一张表（按表标题中的文字，引号忽略），缺少或改了名称的表逐一提示。
模板是 `rules/presubmit.toml` 中的 `[[template]]`（`name`、`description`、`tables`：每张表是可能的标题文字列表），
内置 `shanghai-district-budget`（上海市区级部门预算九张表）、`shanghai-district-final-accounts`（上海市区级部门决算九张表）、
`jiangsu-provincial-budget`（江苏省省级部门预算公开表），可在自己的规则目录中增补。

## 为什么是问题
各地要求公开的表是固定的；少了一张表（或把表名改了），审核时要退回补充。

## What it does
Off by default. With a template selected (`--template NAME`, or `template = \"NAME\"` in
gouji.toml), each table the template names (by words of its title, quotation marks ignored) that
the document does not print is noted. Templates are `[[template]]` entries of
rules/presubmit.toml: `shanghai-district-budget`, `shanghai-district-final-accounts`,
`jiangsu-provincial-budget` are built in; add your own in a rules directory.

## Why is this bad
The tables a jurisdiction requires are fixed; a missing or renamed table sends the document back.

## Example
```
gouji check 2025年部门预算.pdf --template shanghai-district-budget
# 提示[template]: 模板 shanghai-district-budget 规定的表「国有资本经营预算支出功能分类预算表」在文档中没有找到
```
Turn it off by selecting no template.",
};

fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\''))
        .collect()
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let Some(name) = a.rules.template.as_deref() else {
        return;
    };
    let Some(t) = a.rules.templates.iter().rev().find(|t| t.name == name) else {
        return;
    };
    let text: Vec<String> = a.text.lines.iter().map(|l| plain(&l.text)).collect();
    let Some(first) = a.text.lines.iter().position(|l| !l.text.trim().is_empty()) else {
        return;
    };
    for table in &t.tables {
        let words: Vec<String> = table
            .iter()
            .map(|w| plain(w))
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty()
            || text
                .iter()
                .any(|l| words.iter().any(|w| l.contains(w.as_str())))
        {
            continue;
        }
        let loc = a.text.loc(first, 0);
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!("模板 {} 规定的表「{}」在文档中没有找到", t.name, table[0]),
            message_en: format!(
                "the table \"{}\" of template {} is not in the document",
                table[0], t.name
            ),
            expected: Some(table[0].clone()),
            arithmetic: String::new(),
            evidence: vec![Evidence {
                value: table[0].clone(),
                page: loc.page,
                line: loc.line,
                excerpt: a.text.excerpt(loc).to_owned(),
                label: format!("模板 {}", t.name),
                path: None,
                ..Default::default()
            }],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::Finding;

    fn run(text: &str, template: Option<&str>) -> Vec<Finding> {
        let mut rules = crate::Rules::builtin();
        rules.template = template.map(str::to_owned);
        crate::check(&crate::RawDocument::from_text(text), &rules)
            .into_iter()
            .filter(|f| f.rule == "template")
            .collect()
    }

    const NINE: [&str; 9] = [
        "2025年部门财务收支预算总表",
        "2025年部门收入预算总表",
        "2025年部门支出预算总表",
        "2025年部门财政拨款收支预算总表",
        "2025年部门一般公共预算支出功能分类预算表",
        "2025年部门政府性基金预算支出功能分类预算表",
        "2025年部门国有资本经营预算支出功能分类预算表",
        "2025年部门一般公共预算基本支出部门预算经济分类预算表",
        "2025年部门“三公”经费和机关运行经费预算表",
    ];

    #[test]
    fn a_missing_table_only_with_a_template() {
        let all = NINE.join("\n");
        assert!(run(&all, Some("shanghai-district-budget")).is_empty());
        let eight = NINE[..6]
            .iter()
            .chain(&NINE[7..])
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        let f = run(&eight, Some("shanghai-district-budget"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("国有资本经营预算支出功能分类预算表"));
        assert!(run(&eight, None).is_empty());
    }
}
