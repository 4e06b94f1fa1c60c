//! outdated-name: a classification name no longer in force in the document's year
//! (医疗卫生与计划生育支出 in a budget of 2019 or later, where it is 卫生健康支出).

use std::sync::LazyLock;

use regex::Regex;

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;

pub static INFO: RuleInfo = RuleInfo {
    code: "outdated-name",
    name_zh: "科目名称已停用",
    name_en: "classification name no longer in force",
    severity: Severity::Warning,
    doc: "## 作用
政府收支分类科目的名称随年度调整（如 2019 年起\"医疗卫生与计划生育支出\"改为\"卫生健康支出\"）。
本规则从文档标题读出文档的年度（\"2025年区级部门预算\"\"2021年度部门整体支出绩效自评报告\"），
文中使用了该年度已停用的科目名称时报告，并给出当年的名称。说明名称沿革的句子（\"原…\"\"更名为…\"）不算。
名称表在 `rules/presubmit.toml` 的 `[[renamed]]` 中（`old`、`new`、`from` 为新名称启用的年度、`code` 为科目编码），
可自行增补。

## 为什么是问题
用了旧名称，说明这段文字或这张表是从往年的报告复制来的，其中的数字很可能也是往年的。

## What it does
Classification names change with the years (医疗卫生与计划生育支出 became 卫生健康支出 in 2019).
The document's year is read from its title; a name no longer in force in that year is reported
with the name in force. Sentences about a name's history (原…, 更名为…) are left alone. The
name table is `[[renamed]]` in rules/presubmit.toml (old, new, from = first year of the new
name, code), for a reviewer to extend.

## Why is this bad
An old name shows the text or table was copied from an earlier year's report; its figures may be
that year's too.

## Example
```
东岭区2026年区级部门预算
医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）45.00万元。   # 2019 年起为卫生健康支出
```
Turn it off with `[rules] outdated-name = false` in gouji.toml.",
};

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d{2}|19\d{2})\s*年").unwrap());

/// The document's year: the first year of the first lines followed closely by a title word
/// (预算, 决算, 绩效 …), in the document's first 60 lines.
pub(crate) fn doc_year(a: &Analysis) -> Option<u32> {
    let words = &a.rules.presubmit.year_words;
    a.text.lines.iter().take(60).find_map(|l| {
        YEAR.captures_iter(&l.text).find_map(|c| {
            let m = c.get(0)?;
            let after: String = l.text[m.end()..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(14)
                .collect();
            words
                .iter()
                .any(|w| !w.is_empty() && after.contains(w.as_str()))
                .then(|| c[1].parse().ok())
                .flatten()
        })
    })
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    if a.rules.renamed.is_empty() {
        return;
    }
    let Some(year) = doc_year(a) else {
        return;
    };
    let history = &a.rules.presubmit.rename_words;
    for r in a
        .rules
        .renamed
        .iter()
        .filter(|r| year >= r.from && !r.old.is_empty())
    {
        let mut ev: Vec<Evidence> = Vec::new();
        let mut count = 0;
        for (li, l) in a.text.lines.iter().enumerate() {
            for (s, e) in full_sentences(&l.text) {
                let sent = &l.text[s..e];
                for (p, _) in sent.match_indices(r.old.as_str()) {
                    let before: String = sent[..p].chars().rev().take(3).collect();
                    if history.iter().any(|w| {
                        !w.is_empty()
                            && ((before.contains(w.as_str()) && w.chars().count() == 1)
                                || (w.chars().count() > 1 && sent.contains(w.as_str())))
                    }) {
                        continue;
                    }
                    count += 1;
                    if ev.len() < 3 {
                        ev.push(a.evidence_at(li, s + p, r.old.clone(), r.code.clone()));
                    }
                }
            }
        }
        if ev.is_empty() {
            continue;
        }
        let code = if r.code.is_empty() {
            String::new()
        } else {
            format!("（{}）", r.code)
        };
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!(
                "文档为 {year} 年，科目「{}」{code}自 {} 年起已改为「{}」（共 {count} 处）",
                r.old, r.from, r.new
            ),
            message_en: format!(
                "the document is of {year}, but the classification {}{code} is named {} from {} on ({count} places)",
                r.old, r.new, r.from
            ),
            expected: Some(r.new.clone()),
            arithmetic: String::new(),
            evidence: ev,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::Finding;

    fn run(text: &str) -> Vec<Finding> {
        crate::check(
            &crate::RawDocument::from_text(text),
            &crate::Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "outdated-name")
        .collect()
    }

    #[test]
    fn an_old_name_in_a_later_year() {
        let body = "医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）45.00万元。\n";
        let f = run(&format!("东岭区2026年区级部门预算\n{body}"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.as_deref(), Some("卫生健康支出"));
        // In force in 2018.
        assert!(run(&format!("东岭区2018年区级部门预算\n{body}")).is_empty());
        // The name in force, and a sentence about the history.
        assert!(run(
            "东岭区2026年区级部门预算\n卫生健康支出（210类）45.00万元。\n\
                     卫生健康支出（原医疗卫生与计划生育支出）自2019年起使用新名称。\n"
        )
        .is_empty());
        // No year, no finding.
        assert!(run(body).is_empty());
    }
}
