//! table-note: a note under a table ("注：本部门无政府性基金预算财政拨款安排的预算，故本表为空表。")
//! must name its own table's fund, must not stand under a table that has figures, and an empty
//! table of a fund needs such a note or a sentence of the text that explains it.

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;

pub static INFO: RuleInfo = RuleInfo {
    code: "table-note",
    name_zh: "表注与本表不符",
    name_en: "table note does not fit its table",
    severity: Severity::Warning,
    doc: "## 作用
核对表下的说明（\"注：本部门无政府性基金预算财政拨款安排的预算，故本表为空表。\"）与它所在的表：
- 说明中的资金类型（政府性基金、国有资本经营、一般公共预算 …）必须是本表标题中的资金类型；
- 说\"本表为空表\"的说明下面的表不应印有金额；
- 某一资金的表是空表（只有表头和空的合计行）时，须有这样的说明，或正文中有一句话说明本部门无该项资金（缺少时为提示）。
表的标题是同一页上以\"预算表\"\"决算表\"\"总表\"等结尾的一行（说明之前最近的一个，没有则取其后的一个）。
资金类型、说明的用语和标题的结尾在 `rules/presubmit.toml` 的 `[presubmit]` 中（`funds`、`note_markers`、
`note_empty`、`none_words`、`title_endings`）。

## 为什么是问题
从上一张表复制来的说明会写错资金（国有资本经营预算的表下写着\"无政府性基金预算\"），读者无法知道本表为什么是空的；
没有说明的空表像是漏填了。

## What it does
Checks each note under a table against its table: the fund the note names (政府性基金, 国有资本经营 …)
must be a fund of the table's title; a note saying the table is empty must not stand under a table
with figures; an empty table of a fund needs such a note or a sentence of the text saying the
department has no such fund (an info note when missing). The table's title is the line on the same page ending in 预算表 /
决算表 / 总表 … (the nearest before the note, else the one after it).

## Why is this bad
A note copied from the previous table names the wrong fund; an empty table with no note looks
like a table left unfilled.

## Example
```
2025年部门国有资本经营预算支出功能分类预算表
功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
合计
注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。   # 应为国有资本经营预算
```
Turn it off with `[rules] table-note = false` in gouji.toml.",
};

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a line is a table title: short, ends in a title ending, no sentence punctuation.
pub(crate) fn is_title(a: &Analysis, line: &str) -> bool {
    let t = compact(line);
    let t = t.trim_end_matches(['”', '"', '》']);
    let n = t.chars().count();
    (5..=45).contains(&n)
        && !t.contains(['，', '。', '：', ':', ',', '；', '…'])
        && a.rules
            .presubmit
            .title_endings
            .iter()
            .any(|e| !e.is_empty() && t.ends_with(e.as_str()))
}

/// Logical lines that are table titles.
pub(crate) fn titles(a: &Analysis) -> Vec<usize> {
    (0..a.text.lines.len())
        .filter(|&i| is_title(a, &a.text.lines[i].text))
        .collect()
}

fn page(a: &Analysis, li: usize) -> u32 {
    a.text.lines[li].first_loc().page
}

fn funds<'a>(a: &'a Analysis, text: &str) -> Vec<&'a str> {
    a.rules
        .presubmit
        .funds
        .iter()
        .filter(|f| !f.is_empty() && text.contains(f.as_str()))
        .map(String::as_str)
        .collect()
}

fn note(a: &Analysis, line: &str) -> bool {
    let t = compact(line);
    let p = &a.rules.presubmit;
    let opens = p.note_markers.iter().any(|m| {
        t.strip_prefix(m.as_str())
            .is_some_and(|r| r.starts_with(['：', ':']))
    });
    opens
        && (p.note_empty.iter().any(|w| t.contains(w.as_str()))
            || t.find('无')
                .is_some_and(|i| t[i..].contains("安排") || t[i..].contains("预算")))
}

/// A figure that is an amount (not a year, not a code, not 0).
fn is_amount(f: &crate::figures::Figure) -> bool {
    let small_integer =
        f.decimals == 0 && !f.printed.contains(',') && f.value.abs() < 10_000.into();
    !(f.value.is_zero() || f.unit.starts_with('年') || small_integer)
}

fn has_amount(a: &Analysis, li: usize) -> bool {
    a.figures[li].iter().any(is_amount)
}

fn ev(a: &Analysis, li: usize, value: &str, label: &str) -> Evidence {
    // At the line's first printed character.
    let text = &a.text.lines[li].text;
    a.evidence_at(li, text.len() - text.trim_start().len(), value, label)
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let titles = titles(a);
    let lines = &a.text.lines;
    let mut noted_titles = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        if !note(a, &line.text) {
            continue;
        }
        let pg = page(a, li);
        let before = titles
            .iter()
            .rev()
            .find(|&&t| t < li && page(a, t) == pg)
            .copied();
        let Some(title) = before.or_else(|| {
            titles
                .iter()
                .find(|&&t| t > li && page(a, t) == pg)
                .copied()
        }) else {
            continue;
        };
        noted_titles.push(title);
        let title_text = compact(&lines[title].text);
        let note_text = compact(&line.text);
        let (tf, nf) = (funds(a, &title_text), funds(a, &note_text));
        if !tf.is_empty() && !nf.is_empty() && !nf.iter().any(|f| tf.contains(f)) {
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!(
                    "表注说的是「{}」，而本表「{}」是{}的表：疑为从别的表复制的说明",
                    nf.join("、"),
                    title_text,
                    tf.join("、")
                ),
                message_en: format!(
                    "the note names {} but its table \"{}\" is a table of {}: copied from another table?",
                    nf.join(", "),
                    title_text,
                    tf.join(", ")
                ),
                expected: Some(tf.join("、")),
                arithmetic: String::new(),
                evidence: vec![
                    ev(a, li, nf[0], "表注"),
                    ev(a, title, &title_text, "本表标题"),
                ],
            });
        }
        // "本表为空表" under a table with figures (title first, then its rows, then the note).
        let says_empty = a
            .rules
            .presubmit
            .note_empty
            .iter()
            .any(|w| w.contains("空表") && note_text.contains(w.as_str()))
            || note_text.contains("空表");
        if says_empty && before == Some(title) {
            if let Some(row) = (title + 1..li).find(|&r| has_amount(a, r)) {
                let f = a.figures[row]
                    .iter()
                    .find(|f| is_amount(f))
                    .map(|f| f.printed.clone())
                    .unwrap_or_default();
                o.findings.push(Finding {
                    rule: INFO.code,
                    severity: INFO.severity,
                    message: format!("表注说本表为空表，而「{title_text}」印有金额 {f}"),
                    message_en: format!(
                        "the note says the table is empty, but \"{title_text}\" prints {f}"
                    ),
                    expected: None,
                    arithmetic: String::new(),
                    evidence: vec![ev(a, li, "空表", "表注"), ev(a, row, &f, "本表的金额")],
                });
            }
        }
    }
    empty_without_note(a, o, &titles, &noted_titles);
}

/// An empty table of a fund with no note, and no sentence of the text explaining it.
fn empty_without_note(a: &Analysis, o: &mut Outcome, titles: &[usize], noted: &[usize]) {
    let lines = &a.text.lines;
    for (k, &t) in titles.iter().enumerate() {
        if noted.contains(&t) {
            continue;
        }
        let title_text = compact(&lines[t].text);
        let tf = funds(a, &title_text);
        if tf.is_empty() {
            continue;
        }
        let pg = page(a, t);
        let end = titles.get(k + 1).copied().unwrap_or(lines.len());
        let block: Vec<usize> = (t + 1..end).take_while(|&i| page(a, i) == pg).collect();
        let header = block.iter().any(|&i| lines[i].text.contains("合计"));
        // A table continued on the next page, or a contents page: not an empty table.
        let runs_on = block.len() < end - t - 1;
        if !header || runs_on || block.iter().any(|&i| has_amount(a, i)) {
            continue;
        }
        if block.iter().any(|&i| {
            a.rules
                .presubmit
                .note_markers
                .iter()
                .any(|m| compact(&lines[i].text).starts_with(m.as_str()))
        }) {
            continue;
        }
        let explained = lines.iter().enumerate().any(|(i, l)| {
            i != t
                && !titles.contains(&i)
                && full_sentences(&l.text).iter().any(|&(s, e)| {
                    let sent = &l.text[s..e];
                    tf.iter().any(|f| sent.contains(f))
                        && a.rules
                            .presubmit
                            .none_words
                            .iter()
                            .any(|w| !w.is_empty() && sent.contains(w.as_str()))
                })
        });
        if explained {
            continue;
        }
        // Not a contradiction, a missing explanation: a note (info).
        o.findings.push(Finding {
            rule: INFO.code,
            severity: Severity::Info,
            message: format!("「{title_text}」是空表，表下没有说明，正文也没有说明本部门无{}", tf.join("、")),
            message_en: format!(
                "\"{title_text}\" is empty, with no note under it and no sentence saying there is no {}",
                tf.join(", ")
            ),
            expected: None,
            arithmetic: String::new(),
            evidence: vec![ev(a, t, &title_text, "空表")],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::Finding;

    /// A paragraph of full-width prose, so that a table title is a short line of its own.
    const PROSE: &str = "本部门2025年预算收入和支出均按照区级部门预算编制的统一要求编制完成，现将有关情况说明如下。\n";

    fn run(text: &str) -> Vec<Finding> {
        crate::check(
            &crate::RawDocument::from_text(&format!("{PROSE}{text}")),
            &crate::Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "table-note")
        .collect()
    }

    const FUND: &str = "2025年部门政府性基金预算支出功能分类预算表\n\
        编制部门：南坪县档案馆 单位：元\n\
        功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n\
        合计\n\
        注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。\n";

    fn capital(note_fund: &str) -> String {
        format!(
            "\u{c}2025年部门国有资本经营预算支出功能分类预算表\n\
             编制部门：南坪县档案馆 单位：元\n\
             功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n\
             合计\n\
             注：本部门2025年无{note_fund}预算财政拨款安排的预算，故本表为空表。\n"
        )
    }

    #[test]
    fn a_note_naming_another_fund() {
        let f = run(&format!("{FUND}{}", capital("政府性基金")));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence[0].value, "政府性基金");
        assert_eq!(f[0].evidence[0].page, 2);
        assert!(f[0].message.contains("国有资本经营"));
        // Its twin names its own fund.
        assert!(run(&format!("{FUND}{}", capital("国有资本经营"))).is_empty());
    }

    #[test]
    fn a_note_saying_empty_under_figures() {
        let t = "2025年部门政府性基金预算支出功能分类预算表\n\
            编制部门：南坪县档案馆 单位：元\n\
            功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n\
            212 城乡社区支出 1,200.00 1,200.00\n\
            合计 1,200.00 1,200.00\n\
            注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。\n";
        let f = run(t);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence[1].value, "1,200.00");
        assert!(run(FUND).is_empty());
    }

    #[test]
    fn an_empty_table_needs_a_note_or_a_sentence() {
        let bare = "2025年部门政府性基金预算支出功能分类预算表\n\
            编制部门：南坪县档案馆 单位：元\n\
            功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n\
            合计\n";
        let f = run(bare);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, crate::checks::Severity::Info);
        let explained =
            format!("七、政府性基金预算情况\n本部门2025年无政府性基金预算拨款。\n\u{c}{bare}");
        assert!(run(&explained).is_empty());
    }
}
