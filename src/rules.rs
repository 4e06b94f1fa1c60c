//! Domain knowledge as data: metric names and aliases, table columns and their relations,
//! row subtotals, indicator formulas and the words that mark scores and scopes.
//! The defaults are the TOML files in `rules/` (built in); `--rules DIR` adds a user's own,
//! whose entries are appended to (and for word lists merged with) the defaults.

use std::path::Path;

use serde::Deserialize;

/// A named quantity with the phrases that print it.
#[derive(Debug, Clone, Deserialize)]
pub struct Metric {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// rate | amount | score | count
    #[serde(default = "default_kind")]
    pub kind: String,
    /// A department-wide total (本年支出合计): printed with no subject of its own, it is the
    /// department's, whatever the sentence is about.
    #[serde(default)]
    pub whole: bool,
    /// A value of the indicator its sentence speaks of (年度指标值, 实际完成值, 完成率): a fact of
    /// that sentence only, for the formulas of rules/indicators.toml, never compared elsewhere.
    #[serde(default)]
    pub local: bool,
    /// The metric it is when the department as a whole prints it with no other words
    /// ("部门整体支出 X 万元" is the department's 实际支出).
    #[serde(default)]
    pub department: Option<String>,
}

fn default_kind() -> String {
    "amount".into()
}

/// A table column: canonical name and the header texts that print it.
#[derive(Debug, Clone, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// amount | rate | score | weight
    #[serde(default = "default_kind")]
    pub kind: String,
}

/// `result = formula` over column names, e.g. 调整后预算 = 年初预算数 + 调整金额.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnRelation {
    pub result: String,
    pub formula: String,
}

/// A subtotal row: the total row's label and, for each part, the labels that may print it.
#[derive(Debug, Clone, Deserialize)]
pub struct RowRelation {
    pub total: Vec<String>,
    pub parts: Vec<Vec<String>>,
}

/// An indicator computed from other metrics named in the same sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct Indicator {
    pub result: String,
    pub formula: String,
}

/// Words that mark the parts of a score hierarchy.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScoreWords {
    /// 分值 / 权重: what an item is worth.
    #[serde(default)]
    pub weight: Vec<String>,
    /// 得分: what it scored.
    #[serde(default)]
    pub score: Vec<String>,
    /// 得分率.
    #[serde(default)]
    pub rate: Vec<String>,
    /// Words that say a figure is the sum of a heading's items (合计, 共计 …).
    #[serde(default)]
    pub total: Vec<String>,
    /// Words before a score word that still mean the item's own (该指标分值).
    #[serde(default)]
    pub own: Vec<String>,
}

/// Words that tell whose figure it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScopeWords {
    /// The department as a whole (部门整体 …).
    #[serde(default)]
    pub department: Vec<String>,
    /// One project or task (项目 …).
    #[serde(default)]
    pub project: Vec<String>,
    /// Row labels of a table's grand total (合计, 总计 …).
    #[serde(default)]
    pub total_rows: Vec<String>,
    /// Suffixes and words dropped when names are compared (评价, 综合 …).
    #[serde(default)]
    pub name_noise: Vec<String>,
    /// Words that make a figure a change against another figure (比, 增加, 下降 …).
    #[serde(default)]
    pub change: Vec<String>,
}

/// Units and measure words.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitWords {
    /// Measure words that make a number a count (个, 项, 场 …).
    #[serde(default)]
    pub classifiers: Vec<String>,
    /// Units after which a number is part of a name, not a figure (兆, MHz …).
    #[serde(default)]
    pub name_units: Vec<String>,
    /// Nouns too general to identify a counted thing (项目, 单位 …).
    #[serde(default)]
    pub generic_nouns: Vec<String>,
}

/// How to tell a table whose first amount column is the total of the others.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TotalFirst {
    /// Header words of the row-label columns, skipped at the start of the header.
    #[serde(default)]
    pub label_words: Vec<String>,
    /// The total column's header.
    #[serde(default)]
    pub total_words: Vec<String>,
}

/// How to tell and read a table printed as two or more sides side by side
/// (收入 | 支出; 人员经费 | 公用经费), each side with its own label and amount columns.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TwoSided {
    /// Header words of a side's label column (项目, 科目名称 …).
    #[serde(default)]
    pub label_words: Vec<String>,
    /// Header words of an amount column (决算数, 预算数, 金额 …); a side starts where a label
    /// word runs straight into one of these.
    #[serde(default)]
    pub amount_words: Vec<String>,
    /// Header words of a row-number column (行次): its cell is not an amount.
    #[serde(default)]
    pub row_number_words: Vec<String>,
    /// Header words of a classification-code column (科目编码): numbers before a label are its code.
    #[serde(default)]
    pub code_words: Vec<String>,
    /// Side titles printed above the sides (收入, 支出): a row label ending in one belongs to that side.
    #[serde(default)]
    pub titles: Vec<String>,
    /// A side's subtotal of the year (本年收入合计): the sum of the side's numbered rows above it.
    #[serde(default)]
    pub subtotal_rows: Vec<String>,
    /// A side's grand total (总计): its subtotal plus the unnumbered rows between them
    /// (年初结转和结余 …), or without a subtotal the sum of the numbered rows above it.
    #[serde(default)]
    pub total_rows: Vec<String>,
    /// The rows between a side's subtotal and its grand total that add to it (年初结转和结余,
    /// 结余分配 …), as label beginnings: any other row there with a figure (a breakdown of one
    /// of them) leaves the grand total unchecked.
    #[serde(default)]
    pub carry_rows: Vec<String>,
}

/// Two rows on different sides of one printed table that must be equal (收入总计 = 支出总计).
#[derive(Debug, Clone, Deserialize)]
pub struct SideRelation {
    /// Labels of the row on the first (leftmost) side.
    pub first: Vec<String>,
    /// Labels of the row on each other side.
    pub other: Vec<String>,
}

/// A department-wide figure a table prints, told by the table's title and the row's label:
/// sentences that restate the metric must print the same figure (repeated-fact).
#[derive(Debug, Clone, Deserialize)]
pub struct TableFact {
    /// The metric (rules/metrics.toml) the row states.
    pub metric: String,
    /// Titles of the table (the longest one ending the printed title wins).
    pub titles: Vec<String>,
    /// Labels of the row; the first cell of the last such row of the leftmost side is the figure.
    pub rows: Vec<String>,
}

/// Words of the sentences of 决算/预算 disclosures (execution rates, changes, the document's year).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SentenceWords {
    /// Words before an execution rate: 完成 (年初预算的 Z%).
    #[serde(default)]
    pub completion: Vec<String>,
    /// Budget kinds named with a budget figure or a rate (年初预算, 全年预算 …), longest first wins.
    #[serde(default)]
    pub budget: Vec<String>,
    /// Words naming the actual spending between a budget and its 决算 figure (决算, 执行数 …).
    #[serde(default)]
    pub actual: Vec<String>,
    /// The subject of a budget-vs-actual comparison sentence (决算数).
    #[serde(default)]
    pub actual_subject: Vec<String>,
    /// "决算数大于预算数": more.
    #[serde(default)]
    pub more: Vec<String>,
    /// "决算数小于预算数": less.
    #[serde(default)]
    pub less: Vec<String>,
    /// "决算数等于/持平于预算数", "与上年持平": equal.
    #[serde(default)]
    pub equal: Vec<String>,
    /// Words that soften an equality (基本持平): not checked.
    #[serde(default)]
    pub roughly: Vec<String>,
    /// A change upwards (增加, 增长 …).
    #[serde(default)]
    pub increase: Vec<String>,
    /// A change downwards (减少, 下降 …).
    #[serde(default)]
    pub decrease: Vec<String>,
    /// Words that open a comparison with another figure (比, 较, 与 … 相比).
    #[serde(default)]
    pub compare: Vec<String>,
    /// The previous year, as a reference (上年, 上一年度 …).
    #[serde(default)]
    pub previous_year: Vec<String>,
    /// The document's own year, as a label (本年, 今年 …).
    #[serde(default)]
    pub current_year: Vec<String>,
    /// "截至 YYYY年12月31日".
    #[serde(default)]
    pub as_of: Vec<String>,
    /// Title words of a 决算 (final accounts).
    #[serde(default)]
    pub final_accounts: Vec<String>,
    /// Title words of a 预算 (budget).
    #[serde(default)]
    pub budget_title: Vec<String>,
    /// Words before the department's name on a budget's cover (预算主管部门：).
    #[serde(default)]
    pub department_marker: Vec<String>,
}

/// Words of sentences that compare two figures, claim a target met, or count things
/// (rules/counts.toml).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CountWords {
    /// The unit of a difference of two rates (个百分点).
    #[serde(default)]
    pub points: Vec<String>,
    /// "由 A 提高到 B": the word before the earlier value.
    #[serde(default)]
    pub from: Vec<String>,
    /// "提高到 B", "下降至 B": the word after the direction word.
    #[serde(default)]
    pub to: Vec<String>,
    /// Words that may stand around a direction word (有所增加, 明显下降, 增加了).
    #[serde(default)]
    pub direction_fillers: Vec<String>,
    /// Claims that a target was met (超额完成, 达到目标 …).
    #[serde(default)]
    pub target_claim: Vec<String>,
    /// Words naming the target a claim is about (目标值, 年度目标 …).
    #[serde(default)]
    pub target: Vec<String>,
    /// Words that deny a claim (未, 没有 …).
    #[serde(default)]
    pub negation: Vec<String>,
    /// Claims a target table row makes in its last cell (达到目标, 无偏差 …).
    #[serde(default)]
    pub row_claim: Vec<String>,
    /// Marks of a lower bound (≥, 不低于) and an upper bound (≤, 不高于) before a target.
    #[serde(default)]
    pub at_least: Vec<String>,
    #[serde(default)]
    pub at_most: Vec<String>,
    /// Words that open the parts of a count (其中).
    #[serde(default)]
    pub of_which: Vec<String>,
    /// A part that is whatever is left (其他, 其它): the parts are complete.
    #[serde(default)]
    pub rest: Vec<String>,
    /// Measure words of listed things (个, 项, 类).
    #[serde(default)]
    pub listed: Vec<String>,
    /// Words that open a list after its count (分别是, 包括 …).
    #[serde(default)]
    pub list_openers: Vec<String>,
    /// Words that leave a list open (等, 其他).
    #[serde(default)]
    pub open_ended: Vec<String>,
    /// A word ending a list that leaves it open upwards ("A、B、C等三个": three or more named).
    #[serde(default)]
    pub open_tail: Vec<String>,
    /// Words after a count that make it a count of something else than a list's items
    /// (工作日, 委员会 …: "20个工作日", "A和10个专门委员会").
    #[serde(default)]
    pub not_items: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RuleFile {
    #[serde(default)]
    total_first: Option<TotalFirst>,
    #[serde(default)]
    two_sided: Option<TwoSided>,
    #[serde(default)]
    side_relation: Vec<SideRelation>,
    #[serde(default)]
    table_fact: Vec<TableFact>,
    #[serde(default)]
    metric: Vec<Metric>,
    #[serde(default)]
    column: Vec<Column>,
    #[serde(default)]
    column_relation: Vec<ColumnRelation>,
    #[serde(default)]
    row_relation: Vec<RowRelation>,
    #[serde(default)]
    indicator: Vec<Indicator>,
    #[serde(default)]
    score: Option<ScoreWords>,
    #[serde(default)]
    scope: Option<ScopeWords>,
    #[serde(default)]
    units: Option<UnitWords>,
    #[serde(default)]
    sentence: Option<SentenceWords>,
    #[serde(default)]
    counts: Option<CountWords>,
}

/// All rules in force.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub metrics: Vec<Metric>,
    pub columns: Vec<Column>,
    pub column_relations: Vec<ColumnRelation>,
    pub row_relations: Vec<RowRelation>,
    pub indicators: Vec<Indicator>,
    pub score: ScoreWords,
    pub scope: ScopeWords,
    pub units: UnitWords,
    pub sentence: SentenceWords,
    pub counts: CountWords,
    pub total_first: TotalFirst,
    pub two_sided: TwoSided,
    pub side_relations: Vec<SideRelation>,
    pub table_facts: Vec<TableFact>,
    /// The rounding printed figures are held to (from gouji.toml, not from rule files).
    pub rounding: crate::interval::Policy,
}

/// The built-in rule files, in load order.
pub const BUILTIN: &[(&str, &str)] = &[
    ("metrics.toml", include_str!("../rules/metrics.toml")),
    ("tables.toml", include_str!("../rules/tables.toml")),
    ("indicators.toml", include_str!("../rules/indicators.toml")),
    ("words.toml", include_str!("../rules/words.toml")),
    ("counts.toml", include_str!("../rules/counts.toml")),
];

#[derive(Debug)]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for RulesError {}

impl Rules {
    /// The built-in rules.
    pub fn builtin() -> Self {
        let mut r = Rules::default();
        for (name, text) in BUILTIN {
            r.add_toml(name, text).expect("built-in rules parse");
        }
        r
    }

    /// The built-in rules plus every `*.toml` in each directory, in name order.
    pub fn load(extra_dirs: &[impl AsRef<Path>]) -> Result<Self, RulesError> {
        let mut r = Rules::builtin();
        for dir in extra_dirs {
            let dir = dir.as_ref();
            let err = |e: std::io::Error| RulesError {
                file: dir.display().to_string(),
                message: e.to_string(),
            };
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map_err(err)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for p in files {
                let text = std::fs::read_to_string(&p).map_err(|e| RulesError {
                    file: p.display().to_string(),
                    message: e.to_string(),
                })?;
                r.add_toml(&p.display().to_string(), &text)?;
            }
        }
        Ok(r)
    }

    /// Adds one rule file's entries.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<(), RulesError> {
        let f: RuleFile = toml::from_str(text).map_err(|e| RulesError {
            file: name.to_owned(),
            message: e.to_string(),
        })?;
        self.metrics.extend(f.metric);
        self.columns.extend(f.column);
        self.column_relations.extend(f.column_relation);
        self.row_relations.extend(f.row_relation);
        self.indicators.extend(f.indicator);
        if let Some(s) = f.score {
            merge(&mut self.score.weight, s.weight);
            merge(&mut self.score.score, s.score);
            merge(&mut self.score.rate, s.rate);
            merge(&mut self.score.total, s.total);
            merge(&mut self.score.own, s.own);
        }
        if let Some(s) = f.scope {
            merge(&mut self.scope.department, s.department);
            merge(&mut self.scope.project, s.project);
            merge(&mut self.scope.total_rows, s.total_rows);
            merge(&mut self.scope.name_noise, s.name_noise);
            merge(&mut self.scope.change, s.change);
        }
        if let Some(t) = f.total_first {
            merge(&mut self.total_first.label_words, t.label_words);
            merge(&mut self.total_first.total_words, t.total_words);
        }
        if let Some(t) = f.two_sided {
            let m = &mut self.two_sided;
            merge(&mut m.label_words, t.label_words);
            merge(&mut m.amount_words, t.amount_words);
            merge(&mut m.row_number_words, t.row_number_words);
            merge(&mut m.code_words, t.code_words);
            merge(&mut m.titles, t.titles);
            merge(&mut m.subtotal_rows, t.subtotal_rows);
            merge(&mut m.total_rows, t.total_rows);
            merge(&mut m.carry_rows, t.carry_rows);
        }
        self.side_relations.extend(f.side_relation);
        self.table_facts.extend(f.table_fact);
        if let Some(u) = f.units {
            merge(&mut self.units.classifiers, u.classifiers);
            merge(&mut self.units.name_units, u.name_units);
            merge(&mut self.units.generic_nouns, u.generic_nouns);
        }
        if let Some(w) = f.sentence {
            let m = &mut self.sentence;
            merge(&mut m.completion, w.completion);
            merge(&mut m.budget, w.budget);
            merge(&mut m.actual, w.actual);
            merge(&mut m.actual_subject, w.actual_subject);
            merge(&mut m.more, w.more);
            merge(&mut m.less, w.less);
            merge(&mut m.equal, w.equal);
            merge(&mut m.roughly, w.roughly);
            merge(&mut m.increase, w.increase);
            merge(&mut m.decrease, w.decrease);
            merge(&mut m.compare, w.compare);
            merge(&mut m.previous_year, w.previous_year);
            merge(&mut m.current_year, w.current_year);
            merge(&mut m.as_of, w.as_of);
            merge(&mut m.final_accounts, w.final_accounts);
            merge(&mut m.budget_title, w.budget_title);
            merge(&mut m.department_marker, w.department_marker);
        }
        if let Some(w) = f.counts {
            let m = &mut self.counts;
            merge(&mut m.points, w.points);
            merge(&mut m.from, w.from);
            merge(&mut m.to, w.to);
            merge(&mut m.direction_fillers, w.direction_fillers);
            merge(&mut m.target_claim, w.target_claim);
            merge(&mut m.target, w.target);
            merge(&mut m.negation, w.negation);
            merge(&mut m.row_claim, w.row_claim);
            merge(&mut m.at_least, w.at_least);
            merge(&mut m.at_most, w.at_most);
            merge(&mut m.of_which, w.of_which);
            merge(&mut m.rest, w.rest);
            merge(&mut m.listed, w.listed);
            merge(&mut m.list_openers, w.list_openers);
            merge(&mut m.open_ended, w.open_ended);
            merge(&mut m.open_tail, w.open_tail);
            merge(&mut m.not_items, w.not_items);
        }
        Ok(())
    }

    /// The metric whose alias (or name) ends `label`, longest alias first.
    pub fn metric_ending(&self, label: &str) -> Option<(&Metric, usize)> {
        let mut best: Option<(&Metric, usize)> = None;
        for m in &self.metrics {
            for a in std::iter::once(&m.name).chain(&m.aliases) {
                if label.ends_with(a.as_str()) && best.is_none_or(|(_, l)| a.len() > l) {
                    best = Some((m, a.len()));
                }
            }
        }
        best
    }

    /// The column whose alias (or name) equals `header`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

fn merge(into: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let r = Rules::builtin();
        assert!(r.metrics.iter().any(|m| m.name == "预算执行率"));
        assert!(!r.column_relations.is_empty());
        assert!(r.score.weight.iter().any(|w| w == "分值"));
    }

    #[test]
    fn longest_alias_wins() {
        let r = Rules::builtin();
        let (m, _) = r.metric_ending("部门整体支出预算支出执行率").unwrap();
        assert_eq!(m.name, "预算执行率");
    }

    #[test]
    fn bad_user_rules_are_an_error_not_a_panic() {
        let mut r = Rules::builtin();
        let e = r.add_toml("x.toml", "[[metric]]\nname = 3").unwrap_err();
        assert_eq!(e.file, "x.toml");
    }
}
