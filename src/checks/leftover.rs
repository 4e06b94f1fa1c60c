//! leftover: placeholders and fill-in instructions left in a document before submission
//! (XX万元, ×××局, 待填写, "（如持平作持平表述）", rows of 。。。, "主要原因是。"), and the same
//! reason copied under items that changed in opposite directions. A document that is mostly
//! placeholders is reported once, as a template or draft.

use regex::Regex;

use super::{Evidence, Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;

pub static INFO: RuleInfo = RuleInfo {
    code: "leftover",
    name_zh: "模板遗留与占位符",
    name_en: "template leftovers and placeholders",
    severity: Severity::Warning,
    doc: "## 作用
报送前的自查：找出文档中没有填写的地方——代替名称或数字的 XX、×××（`XX万元`、`20XX年`、`×××局`），
\"待填写\"\"待补充\"，括号中的填写说明（\"（如持平作持平表述）\"\"（如无此项请删除）\"），整行的 。。。 或 ……，
空着的原因（\"主要原因是。\"），以及原样复制到增减方向相反的两项下面的同一段原因。
占位符很多（`rules/presubmit.toml` 的 `template_min`，缺省 8 处）时，只报一条\"文档像是模板或草稿\"，不逐处报告。
词表（占位字符、待填写用语、说明的开头和动词、原因用语）在 `rules/presubmit.toml` 的 `[presubmit]` 中。

## 为什么是问题
占位符和填写说明说明文档还没填完，或者是从模板、别的报告复制来的；同一段原因写在一项增加、一项减少的下面，
至少有一处是照抄的，读者无从知道真正的原因。

## What it does
A pre-submission check: finds what was never filled in — XX / ××× standing for a name or a figure,
待填写 / 待补充, bracketed fill-in instructions (\"（如持平作持平表述）\"), rows of 。。。 or ……, an empty
reason (\"主要原因是。\"), and one reason copied verbatim under two items that changed in opposite
directions. A document with many placeholders (`template_min` in rules/presubmit.toml, 8 by default)
gets one \"template or draft\" finding instead of one per placeholder.

## Why is this bad
Placeholders and instructions mean the document is unfinished or copied from a template; a reason
given both for an increase and for a decrease was copied at least once.

## Example
```
一般公共预算财政拨款支出XX万元，比上年增加XX万元（如持平作持平表述）。
商品和服务支出比上年减少12.00万元，主要原因是。
工资福利支出比上年增加30.00万元，主要原因是新增编制人员三名相应增加工资支出。
对个人和家庭的补助比上年减少5.00万元，主要原因是新增编制人员三名相应增加工资支出。
```
Turn it off with `[rules] leftover = false` in gouji.toml.",
};

/// One placeholder: line, byte range, what it is.
struct Hit {
    line: usize,
    start: usize,
    printed: String,
    what_zh: &'static str,
    what_en: &'static str,
}

fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    w.sort_by_key(|w| std::cmp::Reverse(w.len()));
    w.iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

fn hits(a: &Analysis) -> Vec<Hit> {
    let p = &a.rules.presubmit;
    let mut out = Vec::new();
    let chars = alternation(&p.placeholder_chars);
    let placeholder = (!chars.is_empty())
        .then(|| Regex::new(&format!("(?:{chars}){{2,}}")).ok())
        .flatten();
    let fill = alternation(&p.fill_in);
    let fill = (!fill.is_empty()).then(|| Regex::new(&fill).ok()).flatten();
    let (starts, verbs) = (
        alternation(&p.instruction_starts),
        alternation(&p.instruction_verbs),
    );
    let instruction = (!starts.is_empty() && !verbs.is_empty())
        .then(|| {
            Regex::new(&format!(
                "[（(](?:{starts})[^（）()。]{{0,30}}?(?:{verbs})[^（）()。]{{0,20}}[）)]"
            ))
            .ok()
        })
        .flatten();
    let reason = alternation(&p.reason);
    let empty_reason = (!reason.is_empty())
        .then(|| Regex::new(&format!("(?:{reason})[：:，,\\s]*[。；;]")).ok())
        .flatten();
    for (li, line) in a.text.lines.iter().enumerate() {
        let t = &line.text;
        if let Some(re) = &placeholder {
            for m in re.find_iter(t) {
                let before = t[..m.start()].chars().next_back();
                let after = t[m.end()..].chars().next();
                let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                if letter(before) || letter(after) {
                    continue;
                }
                out.push(Hit {
                    line: li,
                    start: m.start(),
                    printed: m.as_str().to_owned(),
                    what_zh: "占位符",
                    what_en: "placeholder",
                });
            }
        }
        if let Some(re) = &fill {
            for m in re.find_iter(t) {
                out.push(Hit {
                    line: li,
                    start: m.start(),
                    printed: m.as_str().to_owned(),
                    what_zh: "待填写标记",
                    what_en: "to-be-filled mark",
                });
            }
        }
        if let Some(re) = &instruction {
            for m in re.find_iter(t) {
                out.push(Hit {
                    line: li,
                    start: m.start(),
                    printed: m.as_str().to_owned(),
                    what_zh: "填写说明",
                    what_en: "fill-in instruction",
                });
            }
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        // A row of 。。。 or …… standing for text (a contents page's long dot leaders are not).
        let n = compact.chars().count();
        let stops = n >= 3 && compact.chars().all(|c| c == '。');
        let dots = (2..=8).contains(&n) && compact.chars().all(|c| matches!(c, '…' | '.'));
        if stops || dots {
            out.push(Hit {
                line: li,
                start: t.len() - t.trim_start().len(),
                printed: t.trim().to_owned(),
                what_zh: "省略号行",
                what_en: "row of dots",
            });
        }
        if let Some(re) = &empty_reason {
            for m in re.find_iter(t) {
                out.push(Hit {
                    line: li,
                    start: m.start(),
                    printed: m.as_str().to_owned(),
                    what_zh: "空着的原因",
                    what_en: "empty reason",
                });
            }
        }
    }
    out.sort_by_key(|h| (h.line, h.start));
    out.dedup_by_key(|h| (h.line, h.start));
    out
}

fn evidence(a: &Analysis, line: usize, start: usize, value: &str, label: &str) -> Evidence {
    a.evidence_at(line, start, value, label)
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    let found = hits(a);
    let min = a.rules.presubmit.template_min.unwrap_or(8).max(2);
    if found.len() >= min {
        let shown: Vec<String> = found.iter().take(5).map(|h| h.printed.clone()).collect();
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!(
                "文档像是模板或草稿：{} 处占位符或填写说明未处理（{} 等）",
                found.len(),
                shown.join("、")
            ),
            message_en: format!(
                "the document looks like a template or draft: {} placeholders or fill-in instructions left ({} …)",
                found.len(),
                shown.join(", ")
            ),
            expected: None,
            arithmetic: String::new(),
            evidence: found
                .iter()
                .take(5)
                .map(|h| evidence(a, h.line, h.start, &h.printed, h.what_zh))
                .collect(),
        });
    } else {
        for h in &found {
            o.findings.push(Finding {
                rule: INFO.code,
                severity: INFO.severity,
                message: format!("{}未处理：{}", h.what_zh, h.printed),
                message_en: format!("{} left in: {}", h.what_en, h.printed),
                expected: None,
                arithmetic: String::new(),
                evidence: vec![evidence(a, h.line, h.start, &h.printed, h.what_zh)],
            });
        }
    }
    copied_reasons(a, o);
}

/// A reason of a change: where it is printed, which way the change went, its text.
struct Reason {
    line: usize,
    start: usize,
    up: bool,
    item: String,
    text: String,
}

/// The same reason text under an increase and under a decrease.
fn copied_reasons(a: &Analysis, o: &mut Outcome) {
    let p = &a.rules.presubmit;
    let w = &a.rules.sentence;
    let mut markers: Vec<&String> = p.reason.iter().filter(|m| !m.is_empty()).collect();
    markers.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let mut reasons: Vec<Reason> = Vec::new();
    for (li, line) in a.text.lines.iter().enumerate() {
        let t = &line.text;
        for (s, e) in full_sentences(t) {
            let sent = &t[s..e];
            let Some((mp, m)) = markers
                .iter()
                .filter_map(|m| sent.find(m.as_str()).map(|p| (p, *m)))
                .min_by_key(|(p, m)| (*p, std::cmp::Reverse(m.len())))
            else {
                continue;
            };
            let before = &sent[..mp];
            let last =
                |words: &[String]| words.iter().filter_map(|x| before.rfind(x.as_str())).max();
            let up = match (last(&w.increase), last(&w.decrease)) {
                (Some(i), Some(d)) => i > d,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => continue,
            };
            let text = sent[mp + m.len()..]
                .trim_start_matches(['：', ':', ' '])
                .trim_end_matches(['。', '！', '？', ' '])
                .to_owned();
            if text.chars().count() < 10 {
                continue;
            }
            let item: String = before
                .split(['，', ','])
                .next()
                .unwrap_or("")
                .chars()
                .take(30)
                .collect();
            reasons.push(Reason {
                line: li,
                start: s + mp,
                up,
                item,
                text,
            });
        }
    }
    let mut reported = std::collections::HashSet::new();
    for (i, r) in reasons.iter().enumerate() {
        if !reported.insert(r.text.clone()) {
            continue;
        }
        let Some(other) = reasons[i + 1..]
            .iter()
            .find(|x| x.text == r.text && x.up != r.up)
        else {
            continue;
        };
        let (up, down) = if r.up { (r, other) } else { (other, r) };
        let value: String = r.text.chars().take(20).collect();
        o.findings.push(Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message: format!(
                "同一段原因「{}」既用于增加的「{}」，又用于减少的「{}」，疑为照抄",
                r.text, up.item, down.item
            ),
            message_en: format!(
                "the same reason \"{}\" is given for an increase ({}) and for a decrease ({}): copied?",
                r.text, up.item, down.item
            ),
            expected: None,
            arithmetic: String::new(),
            evidence: vec![
                evidence(a, up.line, up.start, &value, &format!("{} · 增加", up.item)),
                evidence(a, down.line, down.start, &value, &format!("{} · 减少", down.item)),
            ],
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
        .filter(|f| f.rule == "leftover")
        .collect()
    }

    #[test]
    fn placeholders_and_instructions_are_reported_one_by_one() {
        let f = run("南坪县档案馆2024年度部门预算\n\
             一、收入预算情况\n\
             本部门2024年收入预算XX万元，比上年增加12.00万元。\n\
             二、支出预算情况\n\
             项目支出比上年持平（如持平作持平表述）。\n\
             三、其他说明\n\
             机关运行经费待补充。\n\
             四、名词解释\n\
             基本支出：指为保障机构正常运转的支出。\n\
             商品和服务支出比上年减少3.00万元，主要原因是。\n\
             。。。。。。\n\
");
        let vals: Vec<&str> = f.iter().map(|f| f.evidence[0].value.as_str()).collect();
        assert_eq!(
            vals,
            [
                "XX",
                "（如持平作持平表述）",
                "待补充",
                "主要原因是。",
                "。。。。。。"
            ],
            "{f:#?}"
        );
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn the_filled_in_twin_is_clean() {
        let f = run("南坪县档案馆2024年度部门预算\n\
             本部门2024年收入预算120.00万元，比上年增加12.00万元。\n\
             项目支出与上年持平（如：档案数字化、馆藏修复等项目）。\n\
             商品和服务支出比上年减少3.00万元，主要原因是压减会议费。\n\
             目录\n一、部门职责……………………3\n\
             XXL号档案盒采购。\n");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn many_placeholders_make_one_template_finding() {
        let text = "XX局20XX年度部门预算\n\
             本部门收入预算XX万元，支出预算XX万元。\n\
             基本支出XX万元，项目支出XX万元。\n\
             比上年增加XX万元，主要原因是XX。\n\
             （如持平作持平表述）\n";
        let f = run(text);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("模板或草稿"));
        assert!(f[0].evidence.len() <= 5);
    }

    #[test]
    fn one_reason_for_an_increase_and_a_decrease() {
        let reason = "新增编制人员三名相应增加工资支出";
        let f = run(&format!(
            "工资福利支出比上年增加30.00万元，主要原因是{reason}。\n\
             对个人和家庭的补助比上年减少5.00万元，主要原因是{reason}。\n"
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].evidence.len(), 2);
        // The same reason for two increases is not a contradiction.
        let f = run(&format!(
            "工资福利支出比上年增加30.00万元，主要原因是{reason}。\n\
             对个人和家庭的补助比上年增加5.00万元，主要原因是{reason}。\n"
        ));
        assert!(f.is_empty(), "{f:#?}");
    }
}
