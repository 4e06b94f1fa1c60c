//! punctuation: ASCII commas and brackets inside Chinese prose, and doubled punctuation
//! (。。, ，，): style notes, one per kind per document.

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;

pub static INFO: RuleInfo = RuleInfo {
    code: "punctuation",
    name_zh: "标点不规范",
    name_en: "punctuation slips",
    severity: Severity::Info,
    doc: "## 作用
提示两类标点问题，每类每份文档一条（列出前几处并给出总数）：
- 中文句子中的半角逗号、半角括号（\"资金,主要用于\"\"项目(一期)\"）；数字中的千分位逗号不算；
- 重复的标点（\"。。\"\"，，\"\"、、\"\"；；\"）；三个及以上的句号是占位符，由 `leftover` 报告。

## 为什么是问题
公开文件应使用全角标点；重复的标点多是删改后留下的，说明该处文字改过，值得再读一遍。

## What it does
Notes, once per kind per document (the first places and a count): ASCII commas and brackets
inside Chinese prose (thousands separators are not), and doubled punctuation (。。, ，，, 、、, ；；).
Three or more full stops in a row are a placeholder row, reported by `leftover`.

## Why is this bad
Published documents use full-width punctuation; doubled punctuation is usually left by an edit,
so the sentence deserves another read.

## Example
```
2025年预算资金,主要用于档案数字化(一期)。。
```
Turn it off with `[rules] punctuation = false` in gouji.toml.",
};

fn ideograph(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF))
}

const DOUBLED: &[char] = &['。', '，', '、', '；', '：'];

pub fn check(a: &Analysis, o: &mut Outcome) {
    let mut ascii: Vec<(usize, usize, String)> = Vec::new();
    let mut doubled: Vec<(usize, usize, String)> = Vec::new();
    for (li, l) in a.text.lines.iter().enumerate() {
        let t = &l.text;
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        let at = |i: usize| chars.get(i).map(|c| c.1);
        let mut i = 0;
        while i < chars.len() {
            let (b, c) = chars[i];
            let prev = i.checked_sub(1).and_then(at);
            match c {
                ',' if ideograph(prev) && ideograph(at(i + 1)) => ascii.push((li, b, ",".into())),
                '(' if ideograph(prev) => {
                    // A bracket whose content is Chinese: "项目(一期)".
                    if let Some(k) = (i + 1..chars.len().min(i + 20)).find(|&k| chars[k].1 == ')') {
                        if (i + 1..k).any(|j| ideograph(at(j))) {
                            let e = chars.get(k + 1).map_or(t.len(), |c| c.0);
                            ascii.push((li, b, t[b..e].to_owned()));
                            i = k + 1;
                            continue;
                        }
                    }
                }
                _ if DOUBLED.contains(&c) => {
                    let mut k = i;
                    while k < chars.len() && chars[k].1 == c {
                        k += 1;
                    }
                    if k - i == 2 {
                        doubled.push((li, b, format!("{c}{c}")));
                    }
                    i = k;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    for (list, zh, en) in [
        (
            &ascii,
            "中文句子中用了半角标点",
            "ASCII punctuation inside Chinese prose",
        ),
        (&doubled, "标点重复", "doubled punctuation"),
    ] {
        if list.is_empty() {
            continue;
        }
        let evidence: Vec<Evidence> = list
            .iter()
            .take(5)
            .map(|(li, b, v)| a.evidence_at(*li, *b, v.clone(), String::new()))
            .collect();
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!("{zh}：共 {} 处", list.len()),
            message_en: format!("{en}: {} places", list.len()),
            expected: None,
            arithmetic: String::new(),
            evidence,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::{Finding, Severity};

    fn run(text: &str) -> Vec<Finding> {
        crate::check(
            &crate::RawDocument::from_text(text),
            &crate::Rules::builtin(),
        )
        .into_iter()
        .filter(|f| f.rule == "punctuation")
        .collect()
    }

    #[test]
    fn ascii_and_doubled_punctuation() {
        let f = run("预算资金,主要用于档案数字化(一期)。。\n另有修复经费，，用于古籍修复。\n");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.severity == Severity::Info));
        let v: Vec<&str> = f
            .iter()
            .flat_map(|f| f.evidence.iter().map(|e| e.value.as_str()))
            .collect();
        assert_eq!(v, [",", "(一期)", "。。", "，，"]);
    }

    #[test]
    fn the_tidy_twin_is_clean() {
        let f = run("预算资金1,200.00万元，主要用于档案数字化（一期）。\n\
             占位行。。。。。。\n 共计 3 项（A类），代码为(A1)。\n");
        assert!(f.is_empty(), "{f:#?}");
    }
}
