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
    // A name made only of noise words ("评价") names nothing: it becomes empty.
    loop {
        let before = k.len();
        for n in &rules.scope.name_noise {
            k = k.replace(n.as_str(), "");
        }
        if k.len() == before {
            return k;
        }
    }
}

/// Byte ranges of the sentences of a line (split after 。！？；).
pub fn sentences(s: &str) -> Vec<(usize, usize)> {
    split_after(s, &['。', '！', '？', '；', ';'])
}

/// Byte ranges of the full sentences of a line (split after 。！？ only: a list of parts
/// separated by ； stays whole).
pub fn full_sentences(s: &str) -> Vec<(usize, usize)> {
    split_after(s, &['。', '！', '？'])
}

fn split_after(s: &str, ends: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if ends.contains(&c) {
            out.push((start, i + c.len_utf8()));
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

const CLAUSE: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '（', '）', '(', ')',
];

impl Facts {
    pub fn collect(text: &Text, figures: &[Vec<Figure>], tables: &[Table], rules: &Rules) -> Self {
        let mut facts = Facts::default();
        let year = doc_year(text);
        let table_lines: std::collections::HashSet<usize> = tables
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.line))
            .collect();
        for (li, line) in text.lines.iter().enumerate() {
            let s = line.text.as_str();
            // Lines of table cells (no sentence punctuation) state no facts of their own.
            if table_lines.contains(&li) || !s.contains(['，', '。', '；', '：', ';', ':']) {
                continue;
            }
            let sents = sentences(s);
            let mut cur_sent = usize::MAX;
            // The entity of the previous figure in the sentence (Some(None): a figure of no known entity).
            let mut prev: Option<Option<String>> = None;
            for f in &figures[li] {
                // Sentences are ascending and adjacent: the first that ends after the figure's start.
                let k = sents.partition_point(|(_, b)| *b <= f.start);
                let Some(&sent) = sents.get(k).filter(|(a, _)| *a <= f.start) else {
                    continue;
                };
                if sent.0 != cur_sent {
                    cur_sent = sent.0;
                    prev = None;
                }
                let entity = text_fact(&mut facts, s, (li, sent), f, &prev, year.as_deref(), rules);
                prev = Some(entity);
            }
        }
        for t in tables {
            for row in &t.rows {
                if row.cells.len() != t.columns.len() {
                    continue;
                }
                let total = rules.scope.total_rows.iter().any(|k| row_key(k) == row.key);
                let entity = if total {
                    DEPARTMENT.to_owned()
                } else {
                    name_key(&row.label, rules)
                };
                if entity.is_empty() {
                    continue;
                }
                for (c, cell) in row.cells.iter().enumerate() {
                    let Some(col) = &t.columns[c] else { continue };
                    let Some((metric, _)) = rules.metric_ending(col) else {
                        continue;
                    };
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
        table_facts(&mut facts, tables, rules);
        facts
    }
}

/// The figures of `[[table_fact]]` rows: the table, by its title, states a department-wide metric.
fn table_facts(facts: &mut Facts, tables: &[Table], rules: &Rules) {
    // (printed table, metric) already stated: the leftmost side that prints the row states it.
    let mut done: Vec<(usize, &str)> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if t.title.is_empty() {
            continue;
        }
        let group = t.side.map_or(usize::MAX - ti, |s| s.group);
        // The longest title that ends the printed title names the table.
        let Some(best) = rules
            .table_facts
            .iter()
            .flat_map(|r| &r.titles)
            .filter(|w| !w.is_empty() && t.title.ends_with(w.as_str()))
            .map(String::len)
            .max()
        else {
            continue;
        };
        for rule in rules.table_facts.iter().filter(|r| {
            r.titles
                .iter()
                .any(|w| w.len() == best && t.title.ends_with(w.as_str()))
        }) {
            if done.contains(&(group, rule.metric.as_str())) {
                continue;
            }
            let keys: Vec<String> = rule.rows.iter().map(|l| row_key(l)).collect();
            let Some(row) = t.rows.iter().rev().find(|r| keys.contains(&r.key)) else {
                continue;
            };
            let Some(cell) = row.cells.first() else {
                continue;
            };
            done.push((group, rule.metric.as_str()));
            let mut fig = cell.clone();
            fig.label = format!("{} · {}", t.title, row.label);
            if fig.unit.is_empty() {
                fig.unit = t.unit.clone();
                fig.scale = crate::figures::money_scale(&t.unit);
            }
            facts.items.push(Fact {
                entity: DEPARTMENT.to_owned(),
                metric: rule.metric.clone(),
                fig,
                source: Source::Table,
                sentence: (row.line, 0),
            });
        }
    }
}

/// The document's year: the first "2024年" of its first page.
fn doc_year(text: &Text) -> Option<String> {
    text.lines
        .iter()
        .take_while(|l| l.first_loc().page <= 1)
        .take(12)
        .find_map(|l| year_before(&l.text, "年"))
}

/// The four digits just before the first `mark` of `s` that has them ("2024 年度" → 2024).
fn year_before(s: &str, mark: &str) -> Option<String> {
    s.match_indices(mark).find_map(|(i, _)| {
        let digits: String = s[..i]
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ' ')
            .filter(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        (digits.len() == 4).then_some(digits)
    })
}

/// "本部门2024年度收入支出总计 X": a subject that is a name and the document's own year
/// prints a department-wide total of that year (a `[[table_fact]]` metric only).
fn dated_subject(clause: &str, year: Option<&str>, rules: &Rules) -> bool {
    let Some(year) = year else {
        return false;
    };
    let c = clause.trim_end();
    let Some(rest) = c.strip_suffix("年度").or_else(|| c.strip_suffix('年')) else {
        return false;
    };
    let digits: String = rest
        .trim_end()
        .chars()
        .rev()
        .take_while(|ch| ch.is_ascii_digit() || *ch == ' ')
        .filter(|ch| ch.is_ascii_digit())
        .collect();
    let digits: String = digits.chars().rev().collect();
    digits == year
        && !rules
            .sentence
            .previous_year
            .iter()
            .any(|w| clause.contains(w.as_str()))
}

enum Scope {
    /// The clause names whose figure it is.
    Entity(String),
    /// The clause is the metric alone ("，实际支出 21,407.08 万元"): whose depends on what came before.
    Bare,
    /// Cannot tell.
    Unknown,
}

/// The nearest scope word in `text`: (end, word, is_department).
fn scope_word<'r>(text: &str, rules: &'r Rules) -> Option<(usize, &'r str, bool)> {
    let mut best: Option<(usize, &str, bool)> = None;
    for (words, dept) in [
        (&rules.scope.department, true),
        (&rules.scope.project, false),
    ] {
        for w in words {
            if let Some(i) = text.rfind(w.as_str()) {
                let end = i + w.len();
                if best.is_none_or(|(e, bw, _)| end > e || (end == e && w.len() > bw.len())) {
                    best = Some((end, w.as_str(), dept));
                }
            }
        }
    }
    best
}

/// Records the fact or count a figure of a sentence states; returns its entity.
fn text_fact(
    facts: &mut Facts,
    s: &str,
    (li, sent): (usize, (usize, usize)),
    f: &Figure,
    prev: &Option<Option<String>>,
    year: Option<&str>,
    rules: &Rules,
) -> Option<String> {
    if f.approx != Approx::Exact {
        return None;
    }
    if f.classifier(rules).is_some() && !f.chinese {
        let after: String = s[f.unit_end..sent.1]
            .chars()
            .take_while(|c| !CLAUSE.contains(c))
            .collect();
        facts.counts.push(Count {
            fig: f.clone(),
            after: after.trim().to_owned(),
            sentence: (li, sent.0),
        });
        return None;
    }
    // The label drops a closing 计 as filler ("共计 5 个"); a [[table_fact]] metric is a total
    // (收入支出总计) and keeps it.
    let whole_label = format!("{}计", f.label);
    let label = if s[..f.start].trim_end().ends_with(&whole_label)
        && rules
            .metric_ending(&whole_label)
            .is_some_and(|(m, _)| rules.table_facts.iter().any(|t| t.metric == m.name))
    {
        whole_label.as_str()
    } else {
        f.label.as_str()
    };
    let (metric, alias_len) = rules.metric_ending(label)?;
    if (metric.kind == "rate") != f.percent {
        return None;
    }
    let alias = &label[label.len() - alias_len..];
    let entity = match clause_scope(s, sent.0, f, alias, &metric.kind, rules) {
        Scope::Entity(e) => e,
        Scope::Unknown
            if rules.table_facts.iter().any(|t| t.metric == metric.name)
                && dated_subject(own_clause(s, sent.0, f, alias), year, rules) =>
        {
            DEPARTMENT.to_owned()
        }
        Scope::Unknown => return None,
        // A bare metric continues the previous figure of its sentence, or, first in its
        // sentence, takes the sentence's scope word (never for scores).
        // A department-wide total printed bare ("本年支出合计 6420.27 万元") is the department's.
        Scope::Bare if metric.whole => DEPARTMENT.to_owned(),
        Scope::Bare => match prev {
            Some(e) => e.clone()?,
            None if metric.kind == "score" => return None,
            None => {
                let before = &s[sent.0..f.start];
                scope_word(before, rules).and_then(|w| named(before, w, rules))?
            }
        },
    };
    facts.items.push(Fact {
        entity: entity.clone(),
        metric: metric.name.clone(),
        fig: f.clone(),
        source: Source::Text,
        sentence: (li, sent.0),
    });
    Some(entity)
}

/// The entity a scope word names in `text` (the department, or the name before a project word).
fn named(text: &str, (end, w, dept): (usize, &str, bool), rules: &Rules) -> Option<String> {
    if dept {
        return Some(DEPARTMENT.to_owned());
    }
    let head = &text[..end - w.len()];
    let name = head.rsplit(CLAUSE).next().unwrap_or("").trim();
    let k = name_key(name, rules);
    let distributive = ["每", "各", "其", "该", "本"]
        .iter()
        .any(|d| k.starts_with(d));
    (k.chars().count() >= 2 && !distributive).then(|| format!("{k}{w}"))
}

/// The words of a figure's clause before its metric alias.
fn own_clause<'s>(s: &'s str, sent_start: usize, f: &Figure, alias: &str) -> &'s str {
    let Some(at) = s[sent_start..f.start].rfind(alias) else {
        return "";
    };
    let before = &s[sent_start..sent_start + at];
    let clause_start = before.rfind(CLAUSE).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    &before[clause_start..]
}

/// Whose figure it is, from its own clause: a scope word there wins; a subject of its own
/// names a score item ("决策指标综合自评得分 18.5 分"); a bare metric is [`Scope::Bare`].
fn clause_scope(
    s: &str,
    sent_start: usize,
    f: &Figure,
    alias: &str,
    metric_kind: &str,
    rules: &Rules,
) -> Scope {
    let Some(at) = s[sent_start..f.start].rfind(alias) else {
        return Scope::Unknown;
    };
    let before = &s[sent_start..sent_start + at];
    let clause_start = before.rfind(CLAUSE).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let clause = before[clause_start..].trim();
    if let Some(w) = scope_word(clause, rules) {
        return named(clause, w, rules).map_or(Scope::Unknown, Scope::Entity);
    }
    let subject = name_key(clause, rules);
    let generic = rules
        .score
        .own
        .iter()
        .chain(&rules.score.total)
        .any(|w| name_key(w, rules) == subject || *w == clause);
    if clause.is_empty() || generic {
        return Scope::Bare;
    }
    if subject.chars().count() >= 2 && metric_kind == "score" {
        return Scope::Entity(subject);
    }
    Scope::Unknown
}
