//! list-count: a count that the list it names contradicts.

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::figures::{Approx, Figure};
use crate::rules::CountWords;

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

/// Words joining the last item.
/// Not 与: it is inside many words (参与, 给与).
const JOIN: &[char] = &['和', '及'];
const CLAUSE: &[char] = &[
    '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '“', '”', '"', '《', '》', '「',
    '」',
];

pub fn check(a: &Analysis, o: &mut Outcome) {
    let w = &a.rules.counts;
    for (li, figs) in a.figures.iter().enumerate() {
        let s = a.text.lines[li].text.as_str();
        // A line that continues a sentence cut by a page break: its start is no list's start.
        let continues = li > 0
            && !a.text.lines[li - 1]
                .text
                .trim_end()
                .ends_with(['。', '！', '？', '；', '：', ':', ';'])
            && !crate::normalize::is_heading(&a.text.lines[li - 1].text);
        for f in figs {
            if f.approx != Approx::Exact || f.percent || f.decimals > 0 {
                continue;
            }
            if !f
                .classifier(a.rules)
                .is_some_and(|c| w.listed.iter().any(|l| l == c))
            {
                continue;
            }
            // "20个工作日", "10个专门委员会": a count of something else than listed items.
            let next = s[f.unit_end..].trim_start();
            if w.not_items.iter().any(|x| next.starts_with(x.as_str())) {
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
            let items = list_before(a, s, f.start, f.unit_end, continues)
                .or_else(|| list_after(a, s, f.unit_end));
            if let Some(((x, y), (lo, hi))) = items {
                if !(lo..=hi).contains(&n) && !figure_in(x, y) {
                    finding(a, o, f, &s[x..y], if n < lo { lo } else { hi });
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
fn items(w: &CountWords, list: &str, long: bool) -> Option<(u32, u32)> {
    let list = unbracketed(list);
    let mut list = list.trim();
    // "A、B、C等": at least the items named.
    let mut open = false;
    if let Some(t) = w.open_tail.iter().find(|t| list.ends_with(t.as_str())) {
        list = list[..list.len() - t.len()].trim_end();
        open = true;
    }
    if list.is_empty()
        || w.open_ended.iter().any(|x| list.contains(x.as_str()))
        || w.open_tail.iter().any(|x| list.contains(x.as_str()))
    {
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
        return (!open).then_some((2, 1 + joins));
    }
    Some((n, if open { u32::MAX } else { n + joins }))
}

/// The longest logical line the sentence checks of counts and comparisons read, in bytes.
pub(crate) const MAX_LINE: usize = 20_000;

/// How far a list may reach from its count, in bytes (a list is a few names; a huge line
/// without clause marks must not make every count scan it).
const REACH: usize = 600;

/// "甲和乙两项任务": the list is the clause up to the count.
fn list_before(
    a: &Analysis,
    s: &str,
    count_start: usize,
    unit_end: usize,
    continues: bool,
) -> Option<((usize, usize), (u32, u32))> {
    let mut start = count_start.saturating_sub(REACH);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    let head = &s[start..count_start];
    let from = match head.rfind(CLAUSE) {
        Some(i) => start + i + head[i..].chars().next().map_or(1, char::len_utf8),
        // No clause mark within reach: the list is the line's start, or not told apart.
        None if start == 0 && !continues => 0,
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
    // "A、B和 10 个委员会": the count is the last item's own.
    if list.ends_with(JOIN) || list.ends_with('与') {
        return None;
    }
    // Without 、 the list must name the things the count counts after it ("A和B两项任务");
    // "A和B类指标10个" counts the 指标, not A and B.
    if !list.contains('、') {
        let after = s[unit_end..].chars().next();
        if !after.is_some_and(|c| crate::normalize::is_cjk(c) && !CLAUSE.contains(&c)) {
            return None;
        }
    }
    let k = items(&a.rules.counts, list, true)?;
    Some(((from, from + list.len()), k))
}

/// "直属单位三个，分别是A、B和C": the list follows the count's clause.
fn list_after(a: &Analysis, s: &str, unit_end: usize) -> Option<((usize, usize), (u32, u32))> {
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
    let opener = a
        .rules
        .counts
        .list_openers
        .iter()
        .find(|w| after.starts_with(w.as_str()))?;
    let mut list = &after[opener.len()..];
    // "分别是：A、B、C。" is a list; "分别是：" then one item per line or sentence is not read.
    let colon = list.trim_start().starts_with(['：', ':']);
    if colon {
        list = list.trim_start()[3..].trim_start();
    }
    // The list ends its sentence (or the line) within reach.
    let stop = list
        .find(['。', '；', ';', '！', '？'])
        .or((end == s.len()).then_some(list.len()))?;
    let list = &list[..stop];
    if list.contains(['，', ',', '：', ':']) || (colon && !list.contains('、')) {
        return None;
    }
    let k = items(&a.rules.counts, list, false)?;
    let from = stop_from(s, list);
    Some(((from, from + list.len()), k))
}

/// Byte offset of `list` (a slice of `s`) in `s`.
fn stop_from(s: &str, list: &str) -> usize {
    list.as_ptr() as usize - s.as_ptr() as usize
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
    use crate::{check, RawDocument, Rules};

    fn items(list: &str, long: bool) -> Option<(u32, u32)> {
        super::items(&Rules::builtin().counts, list, long)
    }

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
        assert_eq!(items("甲、乙等", false), Some((2, u32::MAX)));
        assert_eq!(items("甲、乙、其他", false), None);
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
    fn a_list_after_a_colon() {
        let s = "本中心内设科室四个，分别是：综合科、业务科、财务科、信息科。";
        assert!(alarms(s).is_empty());
        assert_eq!(alarms(&s.replace("四个", "五个")), ["五"]);
        let s = "下设分站两个，即东区分站和西区分站。";
        assert!(alarms(s).is_empty());
        assert_eq!(alarms(&s.replace("两个", "三个")), ["三"]);
    }

    #[test]
    fn counts_of_something_else() {
        // The count is the last item's own, or counts the head noun of modifiers.
        assert!(alarms("本会内设机构包括办公室、研究室和 8 个专门工作组。").is_empty());
        assert!(alarms("与高校和企业共建实验平台12个。").is_empty());
        assert!(alarms("设置数量和质量类指标9个。").is_empty());
        assert!(alarms("申请、审核办理时限压缩至15个工作日。").is_empty());
    }

    #[test]
    fn events_and_open_lists_are_not_counted() {
        // 次 counts events: two kinds of activity, held three times.
        assert!(alarms("组织开展业务调研和岗位技能培训三次。").is_empty());
        assert!(alarms("下设科室四个，分别是办公室、财务科等。").is_empty());
        assert!(alarms("下设科室四个，分别是：").is_empty());
        // Open lists name at least their items: more named than counted is a contradiction.
        assert!(alarms("全镇辖东村、西村、南村等四个行政村。").is_empty());
        assert_eq!(alarms("全镇辖东村、西村、南村、北村等三个行政村。"), ["三"]);
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
