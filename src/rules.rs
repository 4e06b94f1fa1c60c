//! Domain knowledge as data: metric names and aliases, table columns and their relations,
//! row subtotals, indicator formulas and the words that mark scores and scopes.
//! The defaults are the TOML files in `rules/` (built in); `--rules DIR` adds a user's own,
//! whose entries are appended to (and for word lists merged with) the defaults.

use std::path::Path;

use serde::Deserialize;

/// A named quantity with the phrases that print it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct ColumnRelation {
    pub result: String,
    pub formula: String,
}

/// A subtotal row: the total row's label and, for each part, the labels that may print it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowRelation {
    pub total: Vec<String>,
    pub parts: Vec<Vec<String>>,
}

/// An indicator computed from other metrics named in the same sentence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub result: String,
    pub formula: String,
}

/// Words that mark the parts of a score hierarchy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Words of score tables (评分表): their columns and their subtotal and total rows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTableWords {
    /// Header cells of the indicator-name columns (一级指标, 二级指标 …).
    #[serde(default)]
    pub name_columns: Vec<String>,
    /// Header cells of a code or serial-number column (序号, 指标编码).
    #[serde(default)]
    pub code_columns: Vec<String>,
    /// Header cells of the weight column (分值, 权重).
    #[serde(default)]
    pub weight_columns: Vec<String>,
    /// Header cells of the score column (得分).
    #[serde(default)]
    pub score_columns: Vec<String>,
    /// Header cells of the score-rate column (得分率).
    #[serde(default)]
    pub rate_columns: Vec<String>,
    /// Header cells of target / actual value columns (年度指标值, 实际完成值).
    #[serde(default)]
    pub value_columns: Vec<String>,
    /// Row-label words of a group's subtotal (小计).
    #[serde(default)]
    pub subtotal: Vec<String>,
    /// Row labels of the table's total (合计, 总分).
    #[serde(default)]
    pub total: Vec<String>,
    /// Prefixes of a 年度指标值 that make it a floor (≥, 不低于) or a ceiling (≤, 不超过).
    #[serde(default)]
    pub at_least: Vec<String>,
    #[serde(default)]
    pub at_most: Vec<String>,
    /// 偏差原因 cells that say there is no deviation (无偏差).
    #[serde(default)]
    pub no_deviation: Vec<String>,
}

/// Words that tell whose figure it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Spending items of their own (会议费, 培训费 …): "会议费支出 X" is no figure of the
    /// department's whole spending.
    #[serde(default)]
    pub spending_items: Vec<String>,
    /// Words a body's usual short name leaves out (江苏省人民检察院 → 省检察院: 人民).
    #[serde(default)]
    pub short_name_drop: Vec<String>,
    /// Levels of government a body's name starts with; its short name keeps the level and
    /// drops the place's proper name before it (江苏省 → 省).
    #[serde(default)]
    pub place_levels: Vec<String>,
    /// Words that make a figure a change against another figure (比, 增加, 下降 …).
    #[serde(default)]
    pub change: Vec<String>,
}

/// Units and measure words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct SideRelation {
    /// Labels of the row on the first (leftmost) side.
    pub first: Vec<String>,
    /// Labels of the row on each other side.
    pub other: Vec<String>,
}

/// A department-wide figure a table prints, told by the table's title and the row's label:
/// sentences that restate the metric must print the same figure (repeated-fact).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
    /// Words after a total that open its complete list of parts ("共 40分，下设 A（15分）、B…").
    #[serde(default)]
    pub breakdown: Vec<String>,
    /// The word ending a total's label before such a list (产出指标共 40分).
    #[serde(default)]
    pub breakdown_total: Vec<String>,
}

/// Words of sentences that compare two figures, claim a target met, or count things
/// (rules/counts.toml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Words before a count that make it the whole of a table's column ("共聘用护林员 N 名",
    /// "合计 N 台"), not one row's.
    #[serde(default)]
    pub whole: Vec<String>,
    /// Words that hold a `whole` word without meaning it (公共, 共同).
    #[serde(default)]
    pub not_whole: Vec<String>,
}

/// Words of the relations stated in sentences about amounts and rates (rules/amounts.toml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountWords {
    /// Words after a figure that make it a lower bound of a rule ("95%及以上得满分").
    #[serde(default)]
    pub at_least_after: Vec<String>,
    /// Words after a figure that make it an upper bound of a rule ("低于90%不得分").
    #[serde(default)]
    pub at_most_after: Vec<String>,
    /// Words of a table title that name a part of the department's money (项目支出情况表):
    /// the table's total row is that part's, not the department's.
    #[serde(default)]
    pub part_tables: Vec<String>,
    /// The word that opens a subset of the figure before it (其中).
    #[serde(default)]
    pub subset: Vec<String>,
    /// Words that make a figure a difference of two others (相差, 差额 …).
    #[serde(default)]
    pub difference: Vec<String>,
    /// Per-head amounts (人均, 户均 …) and the measure words of what they are per.
    #[serde(default)]
    pub per_unit: Vec<PerUnit>,
    /// Words ending the label of what is left of a budget (结余, 结转 …): budget − spending.
    #[serde(default)]
    pub balance: Vec<String>,
    /// Words in a balance's label that make it an earlier one (年初结余, 上年结转).
    #[serde(default)]
    pub balance_not: Vec<String>,
    /// Words in the label of an amount spent or paid out (支出, 拨付 …).
    #[serde(default)]
    pub spent: Vec<String>,
    /// Words after "比 NAME" that make a figure the gap to NAME's value (少, 多, 节约 …).
    #[serde(default)]
    pub gap: Vec<String>,
    /// The word that makes a percentage a share of a whole ("占", as in "占支出的 45.35%").
    #[serde(default)]
    pub share: Vec<String>,
    /// Words between the whole's name and the share that are no part of the name
    /// ("的", "比重", "为": "占实际支出的比重为 8.54%").
    #[serde(default)]
    pub share_filler: Vec<String>,
    /// The word before a share word that lists shares of the amounts before, in order
    /// ("分别占 p%、q%").
    #[serde(default)]
    pub respectively: Vec<String>,
}

/// A per-head amount: "人均" over counts of 人 / 人次 / 名.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerUnit {
    pub word: String,
    pub counts: Vec<String>,
}

/// Words of the pre-submission checks (rules/presubmit.toml): leftovers, table notes, code tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresubmitWords {
    /// Characters that, repeated, stand for a value not filled in (XX, ×××).
    #[serde(default)]
    pub placeholder_chars: Vec<String>,
    /// Words that say a place is still to be filled in (待填写).
    #[serde(default)]
    pub fill_in: Vec<String>,
    /// A bracketed fill-in instruction opens with one of these (如, 请) …
    #[serde(default)]
    pub instruction_starts: Vec<String>,
    /// … and names one of these (表述, 填写).
    #[serde(default)]
    pub instruction_verbs: Vec<String>,
    /// Words after which a reason follows (主要原因是).
    #[serde(default)]
    pub reason: Vec<String>,
    /// From this many placeholders on, the document is reported once as a template or draft.
    #[serde(default)]
    pub template_min: Option<usize>,
    /// Words that open a note (注, 说明).
    #[serde(default)]
    pub note_markers: Vec<String>,
    /// Words that make a note say its table is empty (空表, 无此项).
    #[serde(default)]
    pub note_empty: Vec<String>,
    /// Funds and expense types named by table titles and notes (政府性基金, 国有资本经营).
    #[serde(default)]
    pub funds: Vec<String>,
    /// Words of a sentence that explains an empty table (无, 为0).
    #[serde(default)]
    pub none_words: Vec<String>,
    /// How a table title ends (预算表, 决算表).
    #[serde(default)]
    pub title_endings: Vec<String>,
    /// Words after the document's year in its title (预算, 决算, 绩效).
    #[serde(default)]
    pub year_words: Vec<String>,
    /// Words of a sentence speaking of a name's history (原, 更名为).
    #[serde(default)]
    pub rename_words: Vec<String>,
    /// Title words of the summary 收入 table with classification codes.
    #[serde(default)]
    pub income_titles: Vec<String>,
    /// Title words of the summary 支出 table with classification codes.
    #[serde(default)]
    pub expense_titles: Vec<String>,
    /// Title words of a table listing part of the spending by function (a fund's table).
    #[serde(default)]
    pub function_titles: Vec<String>,
}

/// A classification name replaced from a year on (医疗卫生与计划生育支出 → 卫生健康支出 from 2019).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    pub old: String,
    pub new: String,
    /// First year the new name is in force.
    pub from: u32,
    /// The classification code, for the message.
    #[serde(default)]
    pub code: String,
}

/// The statutory tables of one jurisdiction's 预算 / 决算.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Each table as the title words that print it (any one).
    pub tables: Vec<Vec<String>>,
}

/// Words of tables rebuilt as grids in any layout (src/tables/grid.rs, rules/tables.toml `[grid]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridWords {
    /// Labels of a total or subtotal row (合计, 小计, 总计): the sum of the rows above it.
    #[serde(default)]
    pub total_rows: Vec<String>,
    /// Labels of a subtotal row (小计): the sum of the rows since the previous subtotal.
    #[serde(default)]
    pub subtotal_rows: Vec<String>,
    /// Header words of a column whose total row is not a sum (单价, 人均, 系数 …).
    #[serde(default)]
    pub not_additive: Vec<String>,
    /// Label beginnings of a row that is a part of the row above it, not of the total (其中).
    #[serde(default)]
    pub subset_rows: Vec<String>,
    /// Header words of the label columns (序号, 项目, 名称 …), dropped when column names are read.
    #[serde(default)]
    pub label_words: Vec<String>,
    /// Words of a table title line (表1 …, 续表).
    #[serde(default)]
    pub continued: Vec<String>,
    /// Header words of a change-rate column (增减率, 增长率): a small table whose header prints one
    /// is checked for lost signs on fewer rows.
    #[serde(default)]
    pub change_rates: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    grid: Option<GridWords>,
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
    score_table: Option<ScoreTableWords>,
    #[serde(default)]
    units: Option<UnitWords>,
    #[serde(default)]
    sentence: Option<SentenceWords>,
    #[serde(default)]
    presubmit: Option<PresubmitWords>,
    #[serde(default)]
    renamed: Vec<Renamed>,
    #[serde(default)]
    template: Vec<Template>,
    cross: Option<crate::profile::CrossWords>,
    #[serde(default)]
    cross_column: Vec<crate::profile::CrossColumn>,
    #[serde(default)]
    amounts: Option<AmountWords>,
    #[serde(default)]
    counts: Option<CountWords>,
}

/// All rules in force.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Checks turned off (gouji.toml `[rules]`, `--select`/`--ignore`): they are not run.
    pub disabled: Vec<String>,
    pub metrics: Vec<Metric>,
    pub columns: Vec<Column>,
    pub column_relations: Vec<ColumnRelation>,
    pub row_relations: Vec<RowRelation>,
    pub indicators: Vec<Indicator>,
    pub score: ScoreWords,
    pub scope: ScopeWords,
    pub units: UnitWords,
    pub sentence: SentenceWords,
    pub score_table: ScoreTableWords,
    pub amounts: AmountWords,
    pub counts: CountWords,
    pub total_first: TotalFirst,
    pub two_sided: TwoSided,
    pub grid: GridWords,
    pub side_relations: Vec<SideRelation>,
    pub table_facts: Vec<TableFact>,
    pub presubmit: PresubmitWords,
    pub renamed: Vec<Renamed>,
    pub templates: Vec<Template>,
    /// Words of the cross-document pass (rules/cross.toml).
    pub cross: crate::profile::CrossWords,
    pub cross_columns: Vec<crate::profile::CrossColumn>,
    /// The rounding printed figures are held to (from gouji.toml, not from rule files).
    pub rounding: crate::interval::Policy,
    /// The template selected (`--template` / gouji.toml); none by default.
    pub template: Option<String>,
}

/// The built-in rule files, in load order.
pub const BUILTIN: &[(&str, &str)] = &[
    ("metrics.toml", include_str!("../rules/metrics.toml")),
    ("tables.toml", include_str!("../rules/tables.toml")),
    ("indicators.toml", include_str!("../rules/indicators.toml")),
    ("words.toml", include_str!("../rules/words.toml")),
    ("presubmit.toml", include_str!("../rules/presubmit.toml")),
    ("cross.toml", include_str!("../rules/cross.toml")),
    ("scores.toml", include_str!("../rules/scores.toml")),
    ("amounts.toml", include_str!("../rules/amounts.toml")),
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

    /// The built-in rules plus every `*.toml` in each directory, in name order. A user's file
    /// is validated (see [`Rules::validate`]) once all files are read, so that a file may
    /// use the metrics and columns another one defines.
    pub fn load(extra_dirs: &[impl AsRef<Path>]) -> Result<Self, RulesError> {
        let mut r = Rules::builtin();
        let mut read: Vec<(String, String)> = Vec::new();
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
                read.push((p.display().to_string(), text));
            }
        }
        for (name, text) in &read {
            r.validate(name, text)?;
        }
        Ok(r)
    }

    /// Checks one rule file's entries against the rules in force: known kinds, formulas that
    /// parse, and indicators, relations and table facts that name defined metrics and columns.
    /// The error names the file and the line of the entry.
    pub fn validate(&self, name: &str, text: &str) -> Result<(), RulesError> {
        let f: RuleFile = toml::from_str(text).map_err(|e| RulesError {
            file: name.to_owned(),
            message: crate::config::toml_error_zh(text, &e),
        })?;
        let err = |needle: &str, message: String| RulesError {
            file: format!("{name}:{}", line_of(text, needle)),
            message,
        };
        const METRIC_KINDS: &[&str] = &["rate", "amount", "score", "count"];
        const COLUMN_KINDS: &[&str] = &["amount", "rate", "score", "weight"];
        for m in &f.metric {
            if !METRIC_KINDS.contains(&m.kind.as_str()) {
                return Err(err(
                    &m.name,
                    format!(
                        "指标 `{}` 的类型 kind = \"{}\" 未知（可用：{}）",
                        m.name,
                        m.kind,
                        METRIC_KINDS.join(", ")
                    ),
                ));
            }
        }
        for c in &f.column {
            if !COLUMN_KINDS.contains(&c.kind.as_str()) {
                return Err(err(
                    &c.name,
                    format!(
                        "列 `{}` 的类型 kind = \"{}\" 未知（可用：{}）",
                        c.name,
                        c.kind,
                        COLUMN_KINDS.join(", ")
                    ),
                ));
            }
        }
        let metric = |n: &str| self.metrics.iter().any(|m| m.name == n);
        let column = |n: &str| self.columns.iter().any(|c| c.name == n);
        let formulas = f
            .indicator
            .iter()
            .map(|i| {
                (
                    "indicator",
                    &i.result,
                    &i.formula,
                    &metric as &dyn Fn(&str) -> bool,
                    "指标",
                )
            })
            .chain(f.column_relation.iter().map(|c| {
                (
                    "column_relation",
                    &c.result,
                    &c.formula,
                    &column as &dyn Fn(&str) -> bool,
                    "列",
                )
            }));
        for (section, result, formula, known, what) in formulas {
            let Some(expr) = crate::formulas::parse_expr(formula) else {
                return Err(err(
                    formula,
                    format!("[[{section}]] 的公式 \"{formula}\" 无法解析"),
                ));
            };
            for v in std::iter::once(result.as_str()).chain(expr.vars()) {
                if !known(v) {
                    return Err(err(
                        formula,
                        format!("[[{section}]] `{result} = {formula}` 中的{what} `{v}` 未定义"),
                    ));
                }
            }
        }
        for t in &f.table_fact {
            if !metric(&t.metric) {
                return Err(err(
                    &t.metric,
                    format!("[[table_fact]] 中的指标 `{}` 未定义", t.metric),
                ));
            }
        }
        Ok(())
    }

    /// Adds one rule file's entries.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<(), RulesError> {
        let f: RuleFile = toml::from_str(text).map_err(|e| RulesError {
            file: match e.span() {
                Some(sp) => format!(
                    "{name}:{}",
                    text[..sp.start.min(text.len())].matches('\n').count() + 1
                ),
                None => name.to_owned(),
            },
            message: crate::config::toml_error_zh(text, &e),
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
        if let Some(s) = f.score_table {
            let t = &mut self.score_table;
            merge(&mut t.name_columns, s.name_columns);
            merge(&mut t.code_columns, s.code_columns);
            merge(&mut t.weight_columns, s.weight_columns);
            merge(&mut t.score_columns, s.score_columns);
            merge(&mut t.rate_columns, s.rate_columns);
            merge(&mut t.value_columns, s.value_columns);
            merge(&mut t.subtotal, s.subtotal);
            merge(&mut t.total, s.total);
            merge(&mut t.at_least, s.at_least);
            merge(&mut t.at_most, s.at_most);
            merge(&mut t.no_deviation, s.no_deviation);
        }
        if let Some(s) = f.scope {
            merge(&mut self.scope.department, s.department);
            merge(&mut self.scope.project, s.project);
            merge(&mut self.scope.total_rows, s.total_rows);
            merge(&mut self.scope.name_noise, s.name_noise);
            merge(&mut self.scope.short_name_drop, s.short_name_drop);
            merge(&mut self.scope.spending_items, s.spending_items);
            merge(&mut self.scope.place_levels, s.place_levels);
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
        if let Some(g) = f.grid {
            let m = &mut self.grid;
            merge(&mut m.total_rows, g.total_rows);
            merge(&mut m.subtotal_rows, g.subtotal_rows);
            merge(&mut m.not_additive, g.not_additive);
            merge(&mut m.subset_rows, g.subset_rows);
            merge(&mut m.label_words, g.label_words);
            merge(&mut m.continued, g.continued);
            merge(&mut m.change_rates, g.change_rates);
        }
        self.side_relations.extend(f.side_relation);
        self.table_facts.extend(f.table_fact);
        self.renamed.extend(f.renamed);
        self.templates.extend(f.template);
        if let Some(p) = f.presubmit {
            let m = &mut self.presubmit;
            merge(&mut m.placeholder_chars, p.placeholder_chars);
            merge(&mut m.fill_in, p.fill_in);
            merge(&mut m.instruction_starts, p.instruction_starts);
            merge(&mut m.instruction_verbs, p.instruction_verbs);
            merge(&mut m.reason, p.reason);
            if p.template_min.is_some() {
                m.template_min = p.template_min;
            }
            merge(&mut m.note_markers, p.note_markers);
            merge(&mut m.note_empty, p.note_empty);
            merge(&mut m.funds, p.funds);
            merge(&mut m.none_words, p.none_words);
            merge(&mut m.title_endings, p.title_endings);
            merge(&mut m.year_words, p.year_words);
            merge(&mut m.rename_words, p.rename_words);
            merge(&mut m.income_titles, p.income_titles);
            merge(&mut m.expense_titles, p.expense_titles);
            merge(&mut m.function_titles, p.function_titles);
        }
        if let Some(u) = f.units {
            merge(&mut self.units.classifiers, u.classifiers);
            merge(&mut self.units.name_units, u.name_units);
            merge(&mut self.units.generic_nouns, u.generic_nouns);
        }
        if let Some(c) = f.cross {
            self.cross.merge(c);
        }
        self.cross_columns.extend(f.cross_column);
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
            merge(&mut m.breakdown, w.breakdown);
            merge(&mut m.breakdown_total, w.breakdown_total);
        }
        if let Some(w) = f.amounts {
            let m = &mut self.amounts;
            merge(&mut m.at_least_after, w.at_least_after);
            merge(&mut m.at_most_after, w.at_most_after);
            merge(&mut m.part_tables, w.part_tables);
            merge(&mut m.subset, w.subset);
            merge(&mut m.difference, w.difference);
            m.per_unit.extend(w.per_unit);
            merge(&mut m.balance, w.balance);
            merge(&mut m.balance_not, w.balance_not);
            merge(&mut m.spent, w.spent);
            merge(&mut m.gap, w.gap);
            merge(&mut m.share, w.share);
            merge(&mut m.share_filler, w.share_filler);
            merge(&mut m.respectively, w.respectively);
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
            merge(&mut m.whole, w.whole);
            merge(&mut m.not_whole, w.not_whole);
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

/// The 1-based line where `needle` first stands quoted in `text` (else anywhere; else 1).
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(&format!("\"{needle}\""))
        .or_else(|| text.find(needle))
        .unwrap_or(0);
    text[..at].matches('\n').count() + 1
}

pub(crate) fn merge(into: &mut Vec<String>, more: Vec<String>) {
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
    fn builtin_rules_validate() {
        let r = Rules::builtin();
        for (name, text) in BUILTIN {
            r.validate(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn user_rules_are_validated_with_file_and_line() {
        let r = Rules::builtin();
        let bad = |text: &str| {
            let mut r = r.clone();
            r.add_toml("x.toml", text)
                .and_then(|_| r.validate("x.toml", text))
                .unwrap_err()
        };
        // A misspelt key.
        let e = bad("[[metric]]\nname = \"甲率\"\nalias = [\"乙率\"]\n");
        assert_eq!(e.file, "x.toml:3");
        assert!(e.message.contains("`alias`"), "{}", e.message);
        // An unknown kind.
        let e = bad("# c\n[[metric]]\nname = \"甲率\"\nkind = \"ratio\"\n");
        assert_eq!(e.file, "x.toml:3");
        assert!(e.message.contains("ratio"), "{}", e.message);
        // A formula that does not parse.
        let e = bad("[[indicator]]\nresult = \"得分率\"\nformula = \"得分 / / 分值\"\n");
        assert_eq!(e.file, "x.toml:3");
        assert!(e.message.contains("无法解析"), "{}", e.message);
        // A metric nobody defined.
        let e = bad("[[indicator]]\nresult = \"得分率\"\nformula = \"得分 / 满分值\"\n");
        assert!(e.message.contains("`满分值` 未定义"), "{}", e.message);
        // Defined in the same file: fine.
        let ok = "[[metric]]\nname = \"满分值\"\nkind = \"score\"\n[[indicator]]\nresult = \"得分率\"\nformula = \"得分 / 满分值\"\n";
        let mut r2 = r.clone();
        r2.add_toml("y.toml", ok).unwrap();
        r2.validate("y.toml", ok).unwrap();
    }

    #[test]
    fn bad_user_rules_are_an_error_not_a_panic() {
        let mut r = Rules::builtin();
        let e = r.add_toml("x.toml", "[[metric]]\nname = 3").unwrap_err();
        assert_eq!(e.file, "x.toml:2");
    }
}
