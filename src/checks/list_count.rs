//! list-count: a count that the list it names contradicts.

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::{Approx, Figure};

pub static INFO: RuleInfo = RuleInfo {
    code: "list-count",
    name_zh: "列举项数与所述个数不符",
    name_en: "count does not match the items listed",
    severity: Severity::Warning,
    doc: "## What it does
Counts the items of a list printed with a count of them, and compares:
- the list just before the count: \"设置甲任务和乙任务两项工作任务\", \"A、B和C三个方面\";
- the list just after it: \"下设直属单位三个，分别是A、B和C\" (分别是, 分别为, 包括).
Only counts of 个, 项, 类 (the measure words of listed things, not of events: 三次培训);
items are separated by 、 with 和 or 及 before the last one (words in brackets dropped).
A joining word may be part of a name (人事和培训科): the count must fit neither reading.
Open lists (\"等\", \"其他\"), lists with figures in them and, without 、, lists of words
shorter than four characters (牵头和参与) are left alone.
A count that opens the list's last item (\"甲、乙和 10 个委员会\") counts that item, not the list.
“甲、乙和 10 个委员会”中的 10 是最后一项的个数，不是列举项数。

## Why is this bad
A report that announces three items and names two (or two and names three) has lost one
on the way, or counts wrong: the reader cannot tell which.

## Example
```
设置城乡供水保障和农村道路养护三项重点任务     # two tasks named
```
Turn it off with `[rules] list-count = false` in gouji.toml.",
};

/// Measure words of listed things.
const LISTED: &[&str] = &["个", "项", "类"];
/// Words that open a list after its count.
const OPENERS: &[&str] = &["分别是", "分别为", "包括"];
/// Words joining the last item.
/// Not 与: it is inside many words (参与, 给与).
const JOIN: &[char] = &['和', '及'];
/// Words that leave a list open.
const OPEN_ENDED: &[&str] = &["等", "其他", "其它"];
const CLAUSE: &[char] = &[
    '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '“', '”', '"', '《', '》', '「',
    '」',
];

pub fn check(a: &Analysis, o: &mut Outcome) {
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        for f in figs {
            if f.approx != Approx::Exact || f.percent || f.decimals > 0 {
                continue;
            }
            if !f.classifier(a.rules).is_some_and(|c| LISTED.contains(&c)) {
                continue;
            }
            let Ok(n) = f.value.to_string().parse::<u32>() else {
                continue;
            };
            if !(2..=20).contains(&n) {
                continue;
            }
            // A list with a figure in it ("分别为 3 个和 5 个") is no list of names.
            let figure_in = |x: usize, y: usize| figs.iter().any(|g| g.start >= x && g.end <= y);
            let items = list_before(s, f.start).or_else(|| list_after(s, f.unit_end));
            if let Some(((x, y), (lo, hi))) = items {
                if !(lo..=hi).contains(&n) && !figure_in(x, y) {
                    finding(a, o, f, &s[x..y], hi);
                }
            }
        }
    }
}

/// Drops the words in brackets: "综合处（政策法规处）" → "综合处".
fn unbracketed(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The numbers of items a list may have (a joining word may also be part of a name:
/// "人事和培训科"), when it is a closed list; `long`: without 、, the words around every
/// joining word must have four or more characters ("牵头和参与" is no list of things).
fn items(list: &str, long: bool) -> Option<(u32, u32)> {
    let list = unbracketed(list);
    let list = list.trim();
    if list.is_empty() || OPEN_ENDED.iter().any(|w| list.contains(w)) {
        return None;
    }
    let parts: Vec<&str> = list.split('、').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let last = parts[parts.len() - 1];
    let joins = last.matches(JOIN).count() as u32;
    let n = parts.len() as u32;
    if n == 1 {
        let chars = |t: &str| t.trim().chars().count();
        if joins == 0 || (long && last.split(JOIN).any(|t| chars(t) < 4)) {
            return None;
        }
        // Without 、 the joining words are what makes it a list.
        return Some((2, 1 + joins));
    }
    Some((n, n + joins))
}

/// How far a list may reach from its count, in bytes (a list is a few names; a huge line
/// without clause marks must not make every count scan it).
const REACH: usize = 600;

/// "甲和乙两项任务": the list is the clause up to the count.
fn list_before(s: &str, count_start: usize) -> Option<((usize, usize), (u32, u32))> {
    let mut start = count_start.saturating_sub(REACH);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    let head = &s[start..count_start];
    let from = match head.rfind(CLAUSE) {
        Some(i) => start + i + head[i..].chars().next().map_or(1, char::len_utf8),
        // No clause mark within reach: the list is the line's start, or not told apart.
        None if start == 0 => 0,
        None => return None,
    };
    let list = s[from..count_start].trim_end();
    // "甲、乙和 10 个委员会": the count opens the last item, it does not count the list.
    if list.ends_with(JOIN) || list.ends_with('、') {
        return None;
    }
    // The last item ends right before the count (a count opening a quotation, “四个…”, is a name).
    if !list
        .chars()
        .next_back()
        .is_some_and(crate::normalize::is_cjk)
    {
        return None;
    }
    let k = items(list, true)?;
    Some(((from, from + list.len()), k))
}

/// "直属单位三个，分别是A、B和C": the list follows the count's clause.
fn list_after(s: &str, unit_end: usize) -> Option<((usize, usize), (u32, u32))> {
    let mut end = (unit_end + REACH).min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &s[unit_end..end];
    let comma = rest.find(['，', ','])?;
    // The thing counted, then the comma: no other clause mark, a few words at most.
    if rest[..comma].contains(CLAUSE) || rest[..comma].chars().count() > 20 {
        return None;
    }
    let after = rest[comma..].trim_start_matches(['，', ',']).trim_start();
    let opener = OPENERS.iter().find(|w| after.starts_with(**w))?;
    let list = &after[opener.len()..];
    if list.trim_start().starts_with(['：', ':']) {
        return None; // the items follow one per line or sentence
    }
    // The list ends its sentence (or the line) within reach.
    let stop = list
        .find(['。', '；', ';', '！', '？'])
        .or((end == s.len()).then_some(list.len()))?;
    let list = &list[..stop];
    if list.contains(['，', ',', '：', ':']) {
        return None;
    }
    let k = items(list, false)?;
    let from = unit_end + (rest.len() - after.len()) + opener.len();
    Some(((from, from + list.len()), k))
}

fn finding(a: &Analysis, o: &mut Outcome, f: &Figure, list: &str, k: u32) {
    let shown: String = list.chars().take(60).collect();
    o.findings.push(Finding {
        rule: INFO.code,
        severity: INFO.severity,
        message: format!(
            "写作 {}{}，列举的却是 {} 项：{}",
            f.printed, f.unit, k, shown
        ),
        message_en: format!(
            "printed as {}{} but {} items are listed: {}",
            f.printed, f.unit, k, shown
        ),
        expected: Some(format!("{k}{}", f.unit)),
        arithmetic: format!("{k} ≠ {}", f.value),
        evidence: vec![a.evidence(f, f.label.clone())],
    });
}

#[cfg(test)]
mod tests {
    use super::items;
    use crate::{check, RawDocument, Rules};

    fn alarms(s: &str) -> Vec<String> {
        check(&RawDocument::from_text(s), &Rules::builtin())
            .into_iter()
            .filter(|f| f.rule == "list-count")
            .map(|f| f.evidence[0].value.clone())
            .collect()
    }

    #[test]
    fn counting_items() {
        assert_eq!(items("甲、乙和丙", false), Some((2, 3)));
        assert_eq!(
            items("综合科（法规科）、财务科、人事和培训科", false),
            Some((3, 4))
        );
        assert_eq!(items("甲、乙等", false), None);
        assert_eq!(items("城乡供水保障和农村道路养护", true), Some((2, 2)));
        assert_eq!(items("牵头和参与", true), None);
        assert_eq!(items("牵头和参与", false), Some((2, 2)));
    }

    #[test]
    fn a_list_before_its_count() {
        let s = "根据年度重点工作，设置城乡供水保障和农村道路养护两项重点任务。";
        assert!(alarms(s).is_empty());
        assert_eq!(alarms(&s.replace("两项", "三项")), ["三"]);
    }

    #[test]
    fn a_list_after_its_count() {
        let s = "本局下设直属单位三个，分别是市档案信息中心、市档案安全保障中心和市档案数字化服务中心。";
        assert!(alarms(s).is_empty());
        assert_eq!(alarms(&s.replace("三个", "四个")), ["四"]);
        let s = "建成 3个社区服务基地，分别为老年、儿童和残疾人综合服务基地。";
        assert!(alarms(s).is_empty());
        assert_eq!(alarms(&s.replace("3个", "4个")), ["4"]);
    }

    #[test]
    fn events_and_open_lists_are_not_counted() {
        // 次 counts events: two kinds of activity, held three times.
        assert!(alarms("组织开展业务调研和岗位技能培训三次。").is_empty());
        assert!(alarms("下设科室四个，分别是办公室、财务科等。").is_empty());
        assert!(alarms("下设科室四个，分别是：").is_empty());
        // A count in a quoted name.
        assert!(alarms("为建设美丽城区、“三个示范区”贡献力量。").is_empty());
    }

    #[test]
    fn a_count_that_opens_the_last_item() {
        // "…和 6 个工作组": the 6 counts the groups, the list has three items.
        assert!(
            alarms("本中心内设机构包括综合科、规划室和 6 个工作组，现有职工 40 人。").is_empty()
        );
        // A count after the list's last item still counts the list.
        assert_eq!(
            alarms("本中心设置综合科、规划室和督查室四个科室，现有职工 40 人。"),
            ["四"]
        );
    }
}
