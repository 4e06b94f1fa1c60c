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

#[derive(Debug, Clone, Default, Deserialize)]
struct RuleFile {
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
}

/// The built-in rule files, in load order.
pub const BUILTIN: &[(&str, &str)] = &[
    ("metrics.toml", include_str!("../rules/metrics.toml")),
    ("tables.toml", include_str!("../rules/tables.toml")),
    ("indicators.toml", include_str!("../rules/indicators.toml")),
    ("words.toml", include_str!("../rules/words.toml")),
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
        if let Some(u) = f.units {
            merge(&mut self.units.classifiers, u.classifiers);
            merge(&mut self.units.name_units, u.name_units);
            merge(&mut self.units.generic_nouns, u.generic_nouns);
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
