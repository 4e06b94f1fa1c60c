//! Facts: who a figure is about (the department, a project, a named item) and which metric
//! it prints, from sentences and from table cells. Two printings of one fact must agree.

use crate::figures::{Approx, Figure};
use crate::normalize::Text;
use crate::rules::Rules;
use crate::tables::{row_key, Table};

/// The department as a whole.
pub const DEPARTMENT: &str = "部门";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Text,
    Table,
}

#[derive(Debug, Clone)]
pub struct Fact {
    /// Whose figure: [`DEPARTMENT`], or a name key (a project, a table row, a score item).
    pub entity: String,
    /// Canonical metric name (rules/metrics.toml).
    pub metric: String,
    pub fig: Figure,
    pub source: Source,
    /// Index of the sentence in the logical line (text facts), for "same sentence" tests.
    pub sentence: (usize, usize),
}

/// A count of a thing: "50场大型活动".
#[derive(Debug, Clone)]
pub struct Count {
    pub fig: Figure,
    /// The words after the measure word, up to the clause end.
    pub after: String,
    pub sentence: (usize, usize),
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub items: Vec<Fact>,
    pub counts: Vec<Count>,
}

/// A name compared: spaces, heading numbers and noise words (评价, 综合 …) dropped.
pub fn name_key(name: &str, rules: &Rules) -> String {
    let mut k = row_key(name);
    k.retain(|c| !matches!(c, '“' | '”' | '"' | '《' | '》'));
    let mut changed = true;
    while changed {
        changed = false;
        for n in &rules.scope.name_noise {
            for (i, _) in k.clone().match_indices(n.as_str()).collect::<Vec<_>>().into_iter().rev() {
                if k.len() > n.len() {
                    k.replace_range(i..i + n.len(), "");
                    changed = true;
                }
            }
        }
    }
    k
}

/// Byte ranges of the sentences of a line (split after 。！？；).
pub fn sentences(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | ';') {
            out.push((start, i + c.len_utf8()));
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

const CLAUSE: &[char] = &['，', ',', '。', '；', ';', '：', ':', '、', '（', '）', '(', ')'];

impl Facts {
    pub fn collect(text: &Text, figures: &[Vec<Figure>], tables: &[Table], rules: &Rules) -> Self {
        let mut facts = Facts::default();
        for (li, line) in text.lines.iter().enumerate() {
            let s = line.text.as_str();
            if tables.iter().any(|t| t.rows.iter().any(|r| r.line == li)) {
                continue;
            }
            let sents = sentences(s);
            for f in &figures[li] {
                let Some(&sent) = sents.iter().find(|(a, b)| *a <= f.start && f.start < *b) else { continue };
                if f.approx != Approx::Exact {
                    continue;
                }
                if f.classifier(rules).is_some() && !f.chinese {
                    let after: String = s[f.unit_end..sent.1].chars().take_while(|c| !CLAUSE.contains(c)).collect();
                    facts.counts.push(Count { fig: f.clone(), after: after.trim().to_owned(), sentence: (li, sent.0) });
                    continue;
                }
                let Some((metric, alias_len)) = rules.metric_ending(&f.label) else { continue };
                let alias = &f.label[f.label.len() - alias_len..];
                let entity = match entity_of(s, sent.0, f, alias, &metric.kind, rules) {
                    Some(e) => e,
                    None if bare_clause(s, sent.0, f, alias) => match facts.items.last() {
                        Some(p) if p.sentence == (li, sent.0) && p.source == Source::Text => p.entity.clone(),
                        _ => continue,
                    },
                    None => continue,
                };
                facts.items.push(Fact {
                    entity,
                    metric: metric.name.clone(),
                    fig: f.clone(),
                    source: Source::Text,
                    sentence: (li, sent.0),
                });
            }
        }
        for t in tables {
            for row in &t.rows {
                if row.cells.len() != t.columns.len() {
                    continue;
                }
                let total = rules.scope.total_rows.iter().any(|k| row_key(k) == row.key);
                let entity = if total { DEPARTMENT.to_owned() } else { name_key(&row.label, rules) };
                if entity.is_empty() {
                    continue;
                }
                for (c, cell) in row.cells.iter().enumerate() {
                    let Some(col) = &t.columns[c] else { continue };
                    let Some((metric, _)) = rules.metric_ending(col) else { continue };
                    let mut fig = cell.clone();
                    fig.label = format!("{} · {}", row.label, col);
                    if fig.unit.is_empty() {
                        fig.unit = t.unit.clone();
                    }
                    facts.items.push(Fact {
                        entity: entity.clone(),
                        metric: metric.name.clone(),
                        fig,
                        source: Source::Table,
                        sentence: (row.line, 0),
                    });
                }
            }
        }
        facts
    }
}

/// Whose figure it is: the nearest scope word before the metric in the sentence decides.
/// A department word → the department; a project word → the name printed before it;
/// none → the subject of the clause when it names a score item; an empty clause subject
/// → the entity of the sentence's previous fact (None here).
fn entity_of(s: &str, sent_start: usize, f: &Figure, alias: &str, metric_kind: &str, rules: &Rules) -> Option<String> {
    let metric_at = sent_start + s[sent_start..f.start].rfind(alias)?;
    let before = &s[sent_start..metric_at];
    let mut best: Option<(usize, &str, bool)> = None;
    for (words, dept) in [(&rules.scope.department, true), (&rules.scope.project, false)] {
        for w in words {
            if let Some(i) = before.rfind(w.as_str()) {
                let end = i + w.len();
                if best.is_none_or(|(e, bw, _)| end > e || (end == e && w.len() > bw.len())) {
                    best = Some((end, w.as_str(), dept));
                }
            }
        }
    }
    match best {
        Some((_, _, true)) => Some(DEPARTMENT.to_owned()),
        Some((end, w, false)) => {
            let head = &before[..end - w.len()];
            let name = head.rsplit(CLAUSE).next().unwrap_or("").trim();
            let k = name_key(name, rules);
            (k.chars().count() >= 2).then(|| format!("{k}{w}"))
        }
        None => {
            // "管理效能评价综合自评得分 40.512 分": the clause subject names a score item.
            let clause = before.rsplit(CLAUSE).next().unwrap_or("").trim();
            let k = name_key(clause, rules);
            (k.chars().count() >= 2 && metric_kind == "score").then_some(k)
        }
    }
}

/// Whether the figure's clause has no words before its metric ("，得分率为 90.02%").
fn bare_clause(s: &str, sent_start: usize, f: &Figure, alias: &str) -> bool {
    let Some(i) = s[sent_start..f.start].rfind(alias) else { return false };
    let before = &s[sent_start..sent_start + i];
    before.trim_end().is_empty() || before.trim_end().ends_with(CLAUSE)
}
