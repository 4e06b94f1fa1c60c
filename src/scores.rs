//! Score hierarchies: the heading tree of the evaluation, each heading with the 分值, 得分
//! and 得分率 its own text states ("指标分值 2分，自评得分 1.908分，得分率为 95.4%").

use std::sync::LazyLock;

use regex::Regex;

use crate::facts::name_key;
use crate::figures::Figure;
use crate::normalize::Text;
use crate::rules::Rules;
use crate::tables::Table;

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The heading as printed (enumerator included); the root has none.
    pub title: String,
    /// The heading's name as compared with facts (name_key).
    pub key: String,
    pub line: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The item's own 分值 / 得分 / 得分率.
    pub weight: Option<Figure>,
    pub score: Option<Figure>,
    pub rate: Option<Figure>,
    /// A stated sum of its items' 分值 ("合计分值 50分").
    pub total_weight: Option<Figure>,
    /// A stated sum of its items' 得分.
    pub total_score: Option<Figure>,
}

#[derive(Debug, Clone, Default)]
pub struct ScoreTree {
    /// Node 0 is the root (the document).
    pub nodes: Vec<Node>,
}

static STYLES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^第[一二三四五六七八九十]+[部章节]分?",
        r"^[一二三四五六七八九十]+、",
        r"^[（(][一二三四五六七八九十]+[）)]",
        r"^[<〈][一二三四五六七八九十]+[>〉]",
        r"^任务[一二三四五六七八九十]+[：:]",
        r"^\d+[、.．]\D",
        r"^[（(]\d+[）)]",
    ]
    .iter()
    .map(|r| Regex::new(r).unwrap())
    .collect()
});

fn style(s: &str) -> Option<usize> {
    STYLES.iter().position(|r| r.is_match(s))
}

#[derive(Clone, Copy, PartialEq)]
enum Claim {
    Weight,
    Score,
    Rate,
    TotalWeight,
    TotalScore,
}

/// What a figure states about its heading, if anything.
fn claim(f: &Figure, rules: &Rules) -> Option<Claim> {
    let w = &rules.score;
    let kinds = [
        (Claim::Rate, &w.rate),
        (Claim::Weight, &w.weight),
        (Claim::Score, &w.score),
    ];
    // The first word list with a match decides the kind (得分率 before 得分).
    let (kind, list) = kinds
        .into_iter()
        .find(|(_, l)| l.iter().any(|a| f.label.ends_with(a.as_str())))?;
    if (kind == Claim::Rate) != f.percent
        || (kind != Claim::Rate && !(f.unit == "分" || f.unit.is_empty()))
    {
        return None;
    }
    // Own if, for some alias, the words before it are none or an "own" word (该指标分值);
    // a total if they end with a total word (合计分值).
    let subjects = list
        .iter()
        .filter(|a| f.label.ends_with(a.as_str()))
        .map(|a| f.label[..f.label.len() - a.len()].trim());
    let mut total = false;
    for subject in subjects {
        if subject.is_empty() || w.own.iter().any(|o| o == subject) {
            return Some(kind);
        }
        total |= w.total.iter().any(|t| subject.ends_with(t.as_str()));
    }
    match (total, kind) {
        (true, Claim::Weight) => Some(Claim::TotalWeight),
        (true, Claim::Score) => Some(Claim::TotalScore),
        _ => None,
    }
}

pub fn build(text: &Text, figures: &[Vec<Figure>], tables: &[Table], rules: &Rules) -> ScoreTree {
    let mut nodes = vec![Node::default()];
    // (style, node) from the root down.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut cur = 0;
    let table_lines: std::collections::HashSet<usize> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.line))
        .collect();
    for (li, line) in text.lines.iter().enumerate() {
        if table_lines.contains(&li) {
            continue;
        }
        let s = line.text.trim();
        if let Some(st) = style(s) {
            if let Some(pos) = stack.iter().position(|(x, _)| *x == st) {
                stack.truncate(pos);
            }
            let parent = stack.last().map_or(0, |(_, n)| *n);
            let title: String = s
                .split(['。', '，', '；'])
                .next()
                .unwrap_or(s)
                .chars()
                .take(48)
                .collect();
            let id = nodes.len();
            nodes.push(Node {
                key: name_key(&title, rules),
                title,
                line: li,
                parent: Some(parent),
                ..Node::default()
            });
            nodes[parent].children.push(id);
            stack.push((st, id));
            cur = id;
        }
        if cur == 0 {
            continue;
        }
        let n = &mut nodes[cur];
        for f in &figures[li] {
            let slot = match claim(f, rules) {
                Some(Claim::Weight) => &mut n.weight,
                Some(Claim::Score) => &mut n.score,
                Some(Claim::Rate) => &mut n.rate,
                Some(Claim::TotalWeight) => &mut n.total_weight,
                Some(Claim::TotalScore) => &mut n.total_score,
                None => continue,
            };
            if slot.is_none() {
                *slot = Some(f.clone());
            }
        }
    }
    ScoreTree { nodes }
}

impl ScoreTree {
    /// The scored items under `id`: the highest descendants that state a 分值 or 得分 of their own.
    pub fn items(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in &self.nodes[id].children {
            let n = &self.nodes[c];
            if n.weight.is_some() || n.score.is_some() {
                out.push(c);
            } else {
                out.extend(self.items(c));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Analysis, RawDocument};

    #[test]
    fn indicators_under_headings() {
        let rules = Rules::builtin();
        let raw = RawDocument::from_text(
            "<一>管理效能评价\n1.资金管理\n（1）预算完成率\n指标分值 2分，自评得分 1.908分，得分率为 95.4%。\n（2）编制情况\n该指标分值 3 分，自评得分 2 分，得分率为 66.66%。\n<二>履职效能评价\n每个任务分值为 25分，合计分值 50分。\n（1）数量\n指标值 5分，自评得分 5分，得分率 100%。\n",
        );
        let a = Analysis::new(&raw, &rules);
        let t = &a.scores;
        let find = |k: &str| t.nodes.iter().position(|n| n.key == k).unwrap();
        let mgmt = find("管理效能");
        assert_eq!(t.items(mgmt).len(), 2);
        let duty = find("履职效能");
        assert!(
            t.nodes[duty].weight.is_none(),
            "每个任务分值 is not the heading's own"
        );
        assert_eq!(t.nodes[duty].total_weight.as_ref().unwrap().printed, "50");
        let first = &t.nodes[t.items(mgmt)[0]];
        assert_eq!(first.score.as_ref().unwrap().printed, "1.908");
        assert_eq!(first.rate.as_ref().unwrap().printed, "95.4%");
    }
}
