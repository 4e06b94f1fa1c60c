//! Facts: who a figure is about (the department, a project, a named item) and which metric
//! it prints, from sentences and from table cells. Two printings of one fact must agree.

use crate::figures::{Approx, Figure};
use crate::formulas::Formula;
use crate::normalize::Text;
use crate::rules::Rules;
use crate::scores::ScoreTree;
use crate::tables::{row_key, Table};

/// The department as a whole.
pub const DEPARTMENT: &str = "部门";

/// The one project a project report is about ("本项目", "项目全年预算数").
pub const PROJECT: &str = "项目";

/// The title: the leading lines before the first sentence or heading (three at most),
/// without spaces.
fn title(text: &Text) -> String {
    text.lines
        .iter()
        .take(3)
        .map(|l| l.text.as_str())
        .take_while(|l| {
            !l.contains(['，', '。', '；', '：', ',', ';', ':']) && !crate::normalize::is_heading(l)
        })
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

/// The document's own name and year, as its title prints them before the year
/// ("某区城乡建设局 2024 年度部门决算" → 某区城乡建设局, 2024).
#[derive(Default)]
struct Own {
    name: Option<String>,
    year: Option<String>,
}

impl Own {
    fn of(text: &Text) -> Own {
        let t = title(text);
        let Some(at) = t.find('年') else {
            return Own::default();
        };
        let digits = t[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        if digits != 4 {
            return Own::default();
        }
        let name = &t[..at - 4];
        let n = name.chars().count();
        Own {
            name: (4..=40).contains(&n).then(|| name.to_owned()),
            year: Some(t[at - 4..at].to_owned()),
        }
    }

    /// Words that only name the document's own department and year ("某区城乡建设局
    /// 2024 年度"): no subject of their own.
    fn only(&self, clause: &str) -> bool {
        let Some(year) = &self.year else {
            return false;
        };
        let mut c: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
        let before = c.len();
        for y in [format!("{year}年度"), format!("{year}年")] {
            c = c.replace(&y, "");
        }
        c.len() < before && (c.is_empty() || self.name.as_deref() == Some(c.as_str()))
    }
}

/// Whether the document reports on one project: its title (the leading lines before the
/// first sentence or heading, three at most) names a project (a name, then a project word)
/// and no department word
/// ("某某补贴项目支出绩效自评报告", "某某专项资金绩效评价报告"; not "部门整体支出绩效自评报告").
pub fn one_project(text: &Text, rules: &Rules) -> bool {
    let title = title(text);
    // The project word must follow a name of its own: "2023年度项目支出绩效自评报告" covers
    // all of a department's projects.
    let named = rules.scope.project.iter().any(|w| {
        title.match_indices(w.as_str()).any(|(i, _)| {
            let name = title[..i].rsplit(['年', '度']).next().unwrap_or("");
            name.chars().count() >= 2
        })
    });
    named
        && !rules
            .scope
            .department
            .iter()
            .any(|w| title.contains(w.as_str()))
}

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

/// Where the sentence (or ；-clause) holding byte `at` of `s` starts: just after the last 。 or ；
/// before it.
pub fn sentence_start(s: &str, at: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '；' | ';'))
        .map_or(0, |(i, c)| i + c.len_utf8())
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
    pub fn collect(
        text: &Text,
        figures: &[Vec<Figure>],
        tables: &[Table],
        formulas: &[Formula],
        scores: &ScoreTree,
        rules: &Rules,
    ) -> Self {
        let mut facts = Facts::default();
        let year = doc_year(text);
        // The result of a formula written out in the text is named by the words before the
        // formula ("部门预算执行率 = 540.00/600.00×100% = 90.00%").
        // Not scores: "得分=执行率×分值=4.60分" is an indicator's, whatever the sentence's subject.
        let results: std::collections::HashMap<(usize, usize), &str> = formulas
            .iter()
            .filter(|f| {
                rules
                    .metric_ending(&f.label)
                    .is_some_and(|(m, _)| m.kind != "score")
            })
            .map(|f| ((f.result.line, f.result.start), f.label.as_str()))
            .collect();
        let subject = one_project(text, rules).then_some(PROJECT);
        let own = Own::of(text);
        // (line, start) of a formula result → its entity and sentence.
        let mut result_of: std::collections::HashMap<(usize, usize), (String, usize)> =
            std::collections::HashMap::new();
        let table_lines: std::collections::HashSet<usize> = tables
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.line))
            .collect();
        // The numbered item each line's paragraph opens with: a line goes on the paragraph of
        // the line before when that one ends mid-sentence.
        let mut items: Vec<Option<String>> = Vec::with_capacity(text.lines.len());
        for (li, line) in text.lines.iter().enumerate() {
            let own_item = item_heading(&line.text);
            let carried = li
                .checked_sub(1)
                .filter(|p| {
                    !table_lines.contains(p)
                        && !text.lines[*p]
                            .text
                            .trim_end()
                            .ends_with(['。', '！', '？', '；', '：', ':'])
                        && !crate::normalize::is_heading(&line.text)
                })
                .and_then(|p| items[p].clone());
            items.push(own_item.or(carried));
        }
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
                let named_result;
                let f = match results.get(&(li, f.start)) {
                    Some(label) if f.label.is_empty() => {
                        named_result = Figure {
                            label: (*label).to_owned(),
                            ..f.clone()
                        };
                        &named_result
                    }
                    _ => f,
                };
                let entity = text_fact(
                    &mut facts,
                    s,
                    (li, sent),
                    f,
                    &prev,
                    year.as_deref(),
                    subject,
                    items[li].as_deref(),
                    &own,
                    rules,
                );
                if let (Some(e), true) = (&entity, results.contains_key(&(li, f.start))) {
                    result_of.insert((li, f.start), (e.clone(), sent.0));
                }
                // In a one-project report a figure that prints no metric ("追加预算 80.00 万元")
                // leaves the sentence's subject as it was.
                if subject.is_some() && entity.is_none() && !states_metric(f, rules) {
                    continue;
                }
                prev = Some(entity);
            }
        }
        operand_facts(&mut facts, figures, formulas, &result_of, rules);
        indicator_values(&mut facts, text, figures, &table_lines, scores, rules);
        for t in tables {
            // A table of one part of the department's money (项目支出情况表): its total row
            // is that part's.
            let title = table_title(text, t);
            let part = rules
                .amounts
                .part_tables
                .iter()
                .find(|w| !w.is_empty() && title.contains(w.as_str()));
            // A label printed on several rows of one table (小计) names no one entity.
            let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for row in &t.rows {
                *seen.entry(row.key.as_str()).or_default() += 1;
            }
            for row in &t.rows {
                if row.cells.len() != t.columns.len() {
                    continue;
                }
                let total = rules.scope.total_rows.iter().any(|k| row_key(k) == row.key);
                let entity = match part {
                    Some(p) if total => format!("{DEPARTMENT}·{p}"),
                    _ if total => DEPARTMENT.to_owned(),
                    _ if seen.get(row.key.as_str()).copied().unwrap_or(0) > 1 => continue,
                    _ => name_key(&row.label, rules),
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
                        fig.scale = crate::figures::money_scale(&t.unit);
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

/// A table's title: its own, or the nearest short line naming a table (表 n …, …情况表)
/// among the few lines above its first row, up to its 单位.
fn table_title(text: &Text, t: &Table) -> String {
    if !t.title.is_empty() {
        return t.title.clone();
    }
    let Some(first) = t.rows.iter().map(|r| r.line).min() else {
        return String::new();
    };
    for l in text.lines[first.saturating_sub(8)..first].iter().rev() {
        let s: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
        if s.chars().count() > 60 || s.contains(['。', '；', '，']) {
            continue;
        }
        if s.starts_with('表') || s.contains("表（") || s.ends_with('表') {
            let head = s.find("单位").map_or(s.as_str(), |i| &s[..i]);
            return head.to_owned();
        }
    }
    String::new()
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

/// The metric of [`indicator_values`]: what an indicator achieved.
pub const ACHIEVED: &str = "实际完成值";

/// Names of rates end so (完成率, 满意度).
const RATE_NOUN: &[char] = &['率', '度'];
/// Verbs between a rate's name and its value ("办结率保持在 99.18%").
const KEEPS: &[&str] = &["保持在", "维持在", "保持", "维持"];

/// The value an indicator of the evaluation achieved, wherever the text prints it: an
/// indicator heading that names a rate ("（2）群众投诉办结率", "服务对象满意度"), named by one
/// heading only and no metric of the rules, is the entity of the percentages printed after
/// its full name ("服务对象满意度为 95.40%"), or, in its own section, after the end of its
/// name ("办结率 99.18%"). Percentages of another year or of a change, or after a longer name
/// (a part: "省级资金到位率" in the section of 资金到位率) are not its value.
fn indicator_values(
    facts: &mut Facts,
    text: &Text,
    figures: &[Vec<Figure>],
    table_lines: &std::collections::HashSet<usize>,
    scores: &ScoreTree,
    rules: &Rules,
) {
    let nodes = scores.nodes.get(1..).unwrap_or(&[]);
    let mut named: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in nodes {
        *named.entry(n.key.as_str()).or_default() += 1;
    }
    let is_rate = |k: &str| k.chars().count() >= 4 && k.ends_with(RATE_NOUN);
    let keys: Vec<&str> = named
        .iter()
        .filter(|(k, n)| **n == 1 && is_rate(k) && rules.metric_ending(k).is_none())
        .map(|(k, _)| *k)
        .collect();
    if keys.is_empty() {
        return;
    }
    // Headings by line: a figure's section is the last heading before it.
    let mut heads: Vec<(usize, &str)> = nodes.iter().map(|n| (n.line, n.key.as_str())).collect();
    heads.sort();
    let other = |label: &str| {
        rules
            .scope
            .change
            .iter()
            .chain(&rules.sentence.previous_year)
            .any(|w| label.contains(w.as_str()))
    };
    for (li, figs) in figures.iter().enumerate() {
        if table_lines.contains(&li) {
            continue;
        }
        let section = heads[..heads.partition_point(|(l, _)| *l < li)]
            .last()
            .map(|(_, k)| *k);
        let sents = sentences(&text.lines[li].text);
        for f in figs {
            if !f.percent || f.approx != Approx::Exact || f.decimals == 0 || other(&f.label) {
                continue;
            }
            let mut label = name_key(&f.label, rules);
            if let Some(k) = KEEPS.iter().find(|k| label.ends_with(*k)) {
                label.truncate(label.len() - k.len());
            }
            // "二是服务对象满意度": an ordinal opening the clause is no qualifier.
            let mut cs = label.chars();
            if let (Some(n), Some('是')) = (cs.next(), cs.next()) {
                if "一二三四五六七八九十".contains(n) {
                    label = cs.collect();
                }
            }
            // The full name, or in its own section the end of it; not a longer name
            // ("省级资金到位率" is a part of 资金到位率).
            let own = |k: &&str| {
                label == *k
                    || (section == Some(*k)
                        && label.chars().count() >= 3
                        && label.ends_with(RATE_NOUN)
                        && k.ends_with(label.as_str()))
            };
            let Some(k) = keys.iter().find(|k| own(k)) else {
                continue;
            };
            let sent = sents
                .iter()
                .find(|(a, b)| *a <= f.start && f.start < *b)
                .map_or(0, |x| x.0);
            facts.items.push(Fact {
                entity: (*k).to_owned(),
                metric: ACHIEVED.to_owned(),
                fig: f.clone(),
                source: Source::Text,
                sentence: (li, sent),
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

/// The operands of a formula whose result is an indicator of rules/indicators.toml, printed
/// in the indicator's own shape ("部门预算执行率 = 540.00/600.00×100% = 90.00%" is
/// 实际支出 / 调整后预算 × 100%), are facts of the indicator's metrics for the result's entity.
fn operand_facts(
    facts: &mut Facts,
    figures: &[Vec<Figure>],
    formulas: &[Formula],
    result_of: &std::collections::HashMap<(usize, usize), (String, usize)>,
    rules: &Rules,
) {
    if result_of.is_empty() {
        return;
    }
    let shapes: Vec<(&str, crate::formulas::Expr)> = rules
        .indicators
        .iter()
        .filter_map(|i| Some((i.result.as_str(), crate::formulas::parse_expr(&i.formula)?)))
        .collect();
    for f in formulas {
        let Some((entity, sent)) = result_of.get(&(f.result.line, f.result.start)) else {
            continue;
        };
        let Some((metric, _)) = rules.metric_ending(&f.label) else {
            continue;
        };
        for (result, shape) in &shapes {
            if *result != metric.name {
                continue;
            }
            let mut bound = Vec::new();
            if !bind(shape, &f.expr, &mut bound) {
                continue;
            }
            let Some(figs) = figures.get(f.line) else {
                continue;
            };
            let numbers = f.expr.numbers();
            for (var, n) in bound {
                // The operands are the numbers of the expression, in order.
                let Some(p) = numbers
                    .iter()
                    .position(|m| std::ptr::eq(*m, n))
                    .and_then(|i| f.operands.get(i))
                    .filter(|p| p.line == f.line)
                else {
                    continue;
                };
                // Figures are in line order.
                let Ok(i) = figs.binary_search_by_key(&p.start, |g| g.start) else {
                    continue;
                };
                let fig = &figs[i];
                facts.items.push(Fact {
                    entity: entity.clone(),
                    metric: var.to_owned(),
                    fig: Figure {
                        label: format!("{} · {}", f.label, var),
                        ..fig.clone()
                    },
                    source: Source::Text,
                    // Not the result's sentence: the formula check recomputes it already.
                    sentence: (f.line, usize::MAX - *sent),
                });
            }
            break;
        }
    }
}

/// Binds the identifiers of `shape` to the numbers `printed` has in their places.
fn bind<'a, 'b>(
    shape: &'a crate::formulas::Expr,
    printed: &'b crate::formulas::Expr,
    out: &mut Vec<(&'a str, &'b crate::formulas::Number)>,
) -> bool {
    use crate::formulas::Expr;
    match (shape, printed) {
        (Expr::Paren(x), _) => bind(x, printed, out),
        (_, Expr::Paren(y)) => bind(shape, y, out),
        (Expr::Var(v), Expr::Num(n)) if !n.percent => {
            out.push((v.as_str(), n));
            true
        }
        (Expr::Num(k), Expr::Num(n)) => k.value == n.value && k.percent == n.percent,
        (Expr::Bin(o1, a1, b1), Expr::Bin(o2, a2, b2)) => {
            o1 == o2 && bind(a1, a2, out) && bind(b1, b2, out)
        }
        _ => false,
    }
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

/// Whether a figure prints one of the metrics of the rules (its words end with an alias).
fn states_metric(f: &Figure, rules: &Rules) -> bool {
    f.approx == Approx::Exact
        && (f.classifier(rules).is_none() || f.chinese)
        && rules
            .metric_ending(&f.label)
            .is_some_and(|(m, _)| (m.kind == "rate") == f.percent)
}

/// Records the fact or count a figure of a sentence states; returns its entity.
#[allow(clippy::too_many_arguments)]
fn text_fact(
    facts: &mut Facts,
    s: &str,
    (li, sent): (usize, (usize, usize)),
    f: &Figure,
    prev: &Option<Option<String>>,
    year: Option<&str>,
    subject: Option<&str>,
    item: Option<&str>,
    own: &Own,
    rules: &Rules,
) -> Option<String> {
    if f.approx != Approx::Exact {
        return None;
    }
    // A value of the sentence's own indicator: a fact of that sentence only.
    let local = |metric: &str| Fact {
        entity: format!("#{li}:{}", sent.0),
        metric: metric.to_owned(),
        fig: f.clone(),
        source: Source::Text,
        sentence: (li, sent.0),
    };
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
        if let Some((m, _)) = rules
            .metric_ending(&f.label)
            .filter(|(m, _)| m.local && m.kind == "count")
        {
            facts.items.push(local(&m.name));
        }
        return None;
    }
    // The label drops filler words, 计 among them: "收入总计 X" is labelled 收入总.
    let raw = s[sent.0..f.start].trim_end();
    let (words, (metric, alias_len)) = match rules.metric_ending(raw) {
        Some(m) if raw.ends_with('计') => (raw, m),
        _ => (f.label.as_str(), rules.metric_ending(&f.label)?),
    };
    if (metric.kind == "rate") != f.percent {
        return None;
    }
    if metric.local {
        facts.items.push(local(&metric.name));
        return None;
    }
    let alias = &words[words.len() - alias_len..];
    // "会议费支出 X": a generic amount word after a spending item of its own is that item's.
    // Only its own clause: `words` may be the whole sentence before it.
    let own_words = {
        let w = &words[..words.len() - alias_len];
        let start = w
            .rfind(CLAUSE)
            .map_or(0, |i| i + w[i..].chars().next().map_or(1, char::len_utf8));
        &w[start..]
    };
    if metric.kind == "amount"
        && rules
            .scope
            .spending_items
            .iter()
            .any(|w| own_words.contains(w.as_str()))
    {
        return None;
    }
    let entity = match clause_scope(s, sent.0, f, alias, &metric.kind, subject, own, rules) {
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
                match scope_word(before, rules) {
                    Some(w) => named(before, w, subject, rules)?,
                    // In a one-project report, a bare metric with no subject is the project's.
                    // In a numbered item of its own ("2．某某建设。…支出 X 万元"), the item's.
                    None => {
                        let p = subject?;
                        item.map_or_else(|| p.to_owned(), str::to_owned)
                    }
                }
            }
        },
    };
    // "部门整体支出 X 万元": with no words of its own, another metric of the department.
    let metric = match &metric.department {
        Some(m) if entity == DEPARTMENT && unqualified(&s[sent.0..f.start], alias, own, rules) => {
            m.clone()
        }
        _ => metric.name.clone(),
    };
    facts.items.push(Fact {
        entity: entity.clone(),
        metric,
        fig: f.clone(),
        source: Source::Text,
        sentence: (li, sent.0),
    });
    Some(entity)
}

/// The name of the numbered item a paragraph opens with ("2．胸痛中心建设。", "（三）培训："):
/// a list marker, then a short name ended by 。 or ：.
fn item_heading(s: &str) -> Option<String> {
    let t = s.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['（', '(']) {
        let close = r.find(['）', ')'])?;
        let inner = &r[..close];
        if inner.is_empty() || inner.chars().count() > 3 {
            return None;
        }
        &r[close + r[close..].chars().next()?.len_utf8()..]
    } else {
        let n = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        if n == 0 {
            return None;
        }
        let r = &t[n..];
        let r = r.strip_prefix(['．', '.', '、'])?;
        if r.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        r
    };
    let end = rest.find(['。', '：', ':'])?;
    let name = rest[..end].trim();
    let n = name.chars().count();
    ((2..=24).contains(&n)
        && !name.contains(['，', ',', '；', ';'])
        && !name.contains(|c: char| c.is_ascii_digit()))
    .then(|| format!("#{name}"))
}

/// Whether the words of the clause before the metric's alias are only the department's scope
/// words and the document's own year ("2021年部门整体支出").
fn unqualified(before: &str, alias: &str, own: &Own, rules: &Rules) -> bool {
    let Some(at) = before.rfind(alias) else {
        return false;
    };
    let head = &before[..at];
    let mut clause: String = head
        .rsplit(CLAUSE)
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(y) = &own.year {
        for w in [format!("{y}年度"), format!("{y}年")] {
            clause = clause.replace(&w, "");
        }
    }
    let mut words: Vec<&String> = rules.scope.department.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in words {
        clause = clause.replace(w.as_str(), "");
    }
    clause.is_empty()
}

/// The entity a scope word names in `text` (the department, or the name before a project word;
/// in a one-project report, a project word without a name is `subject`).
fn named(
    text: &str,
    (end, w, dept): (usize, &str, bool),
    subject: Option<&str>,
    rules: &Rules,
) -> Option<String> {
    if dept {
        return Some(DEPARTMENT.to_owned());
    }
    let head = &text[..end - w.len()];
    let name = head.rsplit(CLAUSE).next().unwrap_or("").trim();
    let k = name_key(name, rules);
    // "本项目", "该项目", "2023 年项目": no name of its own.
    let unnamed = k
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['年', '度'])
        .trim_start_matches(['本', '该']);
    if let Some(p) = subject.filter(|_| unnamed.is_empty()) {
        return Some(p.to_owned());
    }
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
#[allow(clippy::too_many_arguments)]
fn clause_scope(
    s: &str,
    sent_start: usize,
    f: &Figure,
    alias: &str,
    metric_kind: &str,
    subject: Option<&str>,
    own: &Own,
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
        // "其中部门管理得分 X": a part, never the whole department.
        let part = rules
            .amounts
            .subset
            .iter()
            .any(|p| !p.is_empty() && clause.starts_with(p.as_str()));
        if part && w.2 {
            return Scope::Unknown;
        }
        return named(clause, w, subject, rules).map_or(Scope::Unknown, Scope::Entity);
    }
    // "产出指标合计得分" is the heading's own score: a total word ends the subject.
    let mut subject = name_key(clause, rules);
    if let Some(t) = rules
        .score
        .total
        .iter()
        .map(|t| name_key(t, rules))
        .find(|t| !t.is_empty() && subject.ends_with(t.as_str()) && subject.len() > t.len())
    {
        subject.truncate(subject.len() - t.len());
    }
    let generic = rules
        .score
        .own
        .iter()
        .chain(&rules.score.total)
        .any(|w| name_key(w, rules) == subject || *w == clause);
    if clause.is_empty() || generic || own.only(clause) {
        return Scope::Bare;
    }
    if subject.chars().count() >= 2 && metric_kind == "score" {
        return Scope::Entity(subject);
    }
    Scope::Unknown
}

#[cfg(test)]
mod tests {
    use super::one_project;
    use crate::{normalize, RawDocument, Rules};

    fn about_one_project(s: &str) -> bool {
        one_project(
            &normalize::normalize(&RawDocument::from_text(s)),
            &Rules::builtin(),
        )
    }

    #[test]
    fn the_title_tells_a_project_report() {
        assert!(about_one_project(
            "某县 2022 年度河道整治专项资金\n绩效评价报告\n受某县财政局委托，评价组开展了评价。\n"
        ));
        assert!(about_one_project(
            "某区 2023 年度社区养老补贴项目\n支出绩效自评报告\n一、项目基本情况\n"
        ));
        assert!(!about_one_project(
            "某区民政局 2023 年度部门整体支出\n绩效自评报告\n一、项目支出情况\n"
        ));
        // A report on all the projects of a department names none.
        assert!(!about_one_project(
            "某区民政局 2023 年度项目支出\n绩效自评报告\n一、项目基本情况\n"
        ));
        // The words of the first sentence are not the title.
        assert!(!about_one_project(
            "某区民政局 2023 年度决算说明\n本年共实施项目 12 个，项目支出 300.00 万元。\n"
        ));
    }
}
