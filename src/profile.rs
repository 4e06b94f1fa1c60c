//! Who a document is about, what kind of document it is and for which year: the identity the
//! cross-document pass groups by (body, kind, 部门/单位, year).

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::normalize::Text;

/// Words of the cross-document pass (`[cross]` in rules/cross.toml).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CrossWords {
    #[serde(default)]
    pub body_markers: Vec<String>,
    #[serde(default)]
    pub body_rewrite: Vec<(String, String)>,
    #[serde(default)]
    pub body_drop_prefix: Vec<String>,
    #[serde(default)]
    pub short_levels: Vec<String>,
    #[serde(default)]
    pub self_eval: Vec<String>,
    #[serde(default)]
    pub final_accounts: Vec<String>,
    #[serde(default)]
    pub budget: Vec<String>,
    #[serde(default)]
    pub unit: Vec<String>,
    #[serde(default)]
    pub budget_metric: Vec<String>,
    #[serde(default)]
    pub adjusted_metric: Vec<String>,
    #[serde(default)]
    pub final_metric: Vec<String>,
    #[serde(default)]
    pub own: Vec<String>,
    #[serde(default)]
    pub noise: Vec<String>,
    #[serde(default)]
    pub subject_rewrite: Vec<(String, String)>,
    #[serde(default)]
    pub table_scopes: Vec<String>,
    #[serde(default)]
    pub generic: Vec<String>,
    #[serde(default)]
    pub not_subject: Vec<String>,
}

impl CrossWords {
    pub(crate) fn merge(&mut self, o: CrossWords) {
        use crate::rules::merge;
        merge(&mut self.body_markers, o.body_markers);
        for r in o.body_rewrite {
            if !self.body_rewrite.contains(&r) {
                self.body_rewrite.push(r);
            }
        }
        merge(&mut self.body_drop_prefix, o.body_drop_prefix);
        merge(&mut self.short_levels, o.short_levels);
        merge(&mut self.self_eval, o.self_eval);
        merge(&mut self.final_accounts, o.final_accounts);
        merge(&mut self.budget, o.budget);
        merge(&mut self.unit, o.unit);
        merge(&mut self.budget_metric, o.budget_metric);
        merge(&mut self.adjusted_metric, o.adjusted_metric);
        merge(&mut self.final_metric, o.final_metric);
        merge(&mut self.own, o.own);
        merge(&mut self.noise, o.noise);
        for r in o.subject_rewrite {
            if !self.subject_rewrite.contains(&r) {
                self.subject_rewrite.push(r);
            }
        }
        merge(&mut self.table_scopes, o.table_scopes);
        merge(&mut self.generic, o.generic);
        merge(&mut self.not_subject, o.not_subject);
    }
}

/// A table column that gives a year's budget or actual figure (`[[cross_column]]`).
#[derive(Debug, Clone, Deserialize)]
pub struct CrossColumn {
    /// Canonical column name (`[[column]]`).
    pub column: String,
    /// 预算 or 决算.
    pub metric: String,
    /// 0: the document's year; -1: the year before.
    #[serde(default)]
    pub offset: i32,
}

/// The kind of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "预算")]
    Budget,
    #[serde(rename = "决算")]
    Final,
    #[serde(rename = "绩效自评")]
    SelfEval,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Budget => "预算",
            Kind::Final => "决算",
            Kind::SelfEval => "绩效自评",
        }
    }

    pub fn as_en(self) -> &'static str {
        match self {
            Kind::Budget => "budget",
            Kind::Final => "final accounts",
            Kind::SelfEval => "self-assessment",
        }
    }

    /// The metric a figure of this kind of document gives when no word names it.
    pub fn default_metric(self) -> Option<&'static str> {
        match self {
            Kind::Budget => Some(BUDGET),
            Kind::Final => Some(FINAL),
            Kind::SelfEval => None,
        }
    }
}

/// The metric of a budget figure.
pub const BUDGET: &str = "预算";
/// The metric of the year's adjusted budget (全年预算).
pub const ADJUSTED: &str = "全年预算";
/// The metric of an actual (决算) figure.
pub const FINAL: &str = "决算";

/// A document's identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The body as compared (normalised: rewrites applied, spaces dropped).
    pub body: Option<String>,
    /// The body as printed.
    pub body_printed: Option<String>,
    pub kind: Option<Kind>,
    /// A unit's (单位) document rather than a department's (部门).
    pub unit: bool,
    pub year: Option<i32>,
    /// Where the year came from: "text" or "file name".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_from: Option<String>,
}

/// How many logical lines from the start hold the cover, title and first headers.
const HEAD: usize = 80;

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年度?").unwrap());
static FILE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)").unwrap());

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The kind named in a line: the first list (自评, 决算, 预算) with a word in it.
fn kind_in(w: &CrossWords, line: &str) -> Option<Kind> {
    [
        (Kind::SelfEval, &w.self_eval),
        (Kind::Final, &w.final_accounts),
        (Kind::Budget, &w.budget),
    ]
    .into_iter()
    .find(|(_, ws)| ws.iter().any(|x| line.contains(x.as_str())))
    .map(|(k, _)| k)
}

/// Whether the words right after a year name the document's kind: "区级部门预算", "部门决算",
/// "部门整体支出绩效自评报告" (not "当年预算执行数", "部门收入预算总表").
fn names_kind(w: &CrossWords, after: &str) -> bool {
    if w.self_eval.iter().any(|x| after.contains(x.as_str())) {
        return true;
    }
    let mut a = after.trim_start_matches('度');
    for p in [
        &["区级", "市级", "省级", "县级", "本级"][..],
        &["部门", "单位"][..],
    ] {
        if let Some(x) = p.iter().find(|x| a.starts_with(**x)) {
            a = &a[x.len()..];
        }
    }
    w.final_accounts
        .iter()
        .chain(&w.budget)
        .any(|k| a.starts_with(k.as_str()))
}

/// The body compared: rewrites applied in order, a dropped prefix, no spaces or quotes.
pub fn normalise_body(w: &CrossWords, name: &str) -> String {
    let mut s = compact(name);
    for (long, short) in &w.body_rewrite {
        s = s.replace(long.as_str(), short);
    }
    for p in &w.body_drop_prefix {
        if let Some(r) = s.strip_prefix(p.as_str()) {
            if r.chars().count() >= 3 {
                s = r.to_owned();
            }
        }
    }
    s
}

/// A body name as printed after a marker: up to a space or clause mark, without a trailing unit.
fn body_after_marker(rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let end = rest
        .find([
            ' ', '，', ',', '。', '；', '(', '（', ':', '：', '“', '"', '「', '‘', '《',
        ])
        .unwrap_or(rest.len());
    let mut name = &rest[..end];
    // The next label when the line runs on: "某局单位：万元".
    if rest[end..].starts_with([':', '：']) {
        for l in ["金额单位", "单位", "日期", "编制日期"] {
            if let Some(n) = name.strip_suffix(l) {
                name = n;
                break;
            }
        }
    }
    let n = name.chars().count();
    let plausible =
        (3..=40).contains(&n) && !name.contains('元') && !name.chars().any(|c| c.is_ascii_digit());
    plausible.then(|| name.to_owned())
}

/// Words of a title before its year, without a part heading ("第三部分") or enumerator.
fn body_before_year(line: &str, at: usize) -> Option<String> {
    let mut s = &line[..at];
    if let Some(i) = s.rfind("部分") {
        s = &s[i + "部分".len()..];
    }
    let s = crate::tables::row_key(s);
    let n = s.chars().count();
    let plausible = (3..=40).contains(&n) && !s.contains(['，', '。', '：', ':', '、']);
    plausible.then_some(s)
}

/// The name that most often opens a line before the document's year ("某局 2019 年度收入、
/// 支出预算总计…"), twice at least: the body of a document whose cover prints no text.
fn body_opening_sentences(text: &Text, year: i32) -> Option<String> {
    let y = format!("{year}年");
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in &text.lines {
        let c = compact(&l.text);
        let Some(at) = c.find(&y) else { continue };
        let name = &c[..at];
        let n = name.chars().count();
        if !(3..=30).contains(&n)
            || name.contains(['，', '。', '：', ':', '、', '（', '('])
            || name.chars().any(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        match counts.iter_mut().find(|(x, _)| x == name) {
            Some(e) => e.1 += 1,
            None => counts.push((name.to_owned(), 1)),
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s)
}

impl Profile {
    /// Reads the identity from the document's cover, title and headers; the year falls back to
    /// the one year the file name holds.
    pub fn of(text: &Text, path: &str, w: &CrossWords) -> Profile {
        let head: Vec<String> = text
            .lines
            .iter()
            .take(HEAD)
            .map(|l| compact(&l.text))
            .collect();
        let mut p = Profile::default();
        // Kind and 单位: the first line that names a kind.
        if let Some(line) = head.iter().find(|l| kind_in(w, l).is_some()) {
            p.kind = kind_in(w, line);
        }
        // 单位: a title naming a unit's budget or accounts, or a "预算单位：" line.
        p.unit = head.iter().any(|l| {
            w.unit.iter().any(|u| {
                l.find(u.as_str()).is_some_and(|i| {
                    let after = &l[i + u.len()..];
                    // "某市2025年市级单位预算" or "预算单位：X", not "预算单位构成情况".
                    after.is_empty() || after.starts_with([':', '：']) || after.starts_with("公开")
                })
            })
        });
        // Body: a marker line ("部门：X") first, else the words before the year of a title.
        // The most frequent value of a marker anywhere in a line (tables files repeat it on
        // every page; one may be cut short).
        let mut markers: Vec<&String> = w.body_markers.iter().collect();
        markers.sort_by_key(|m| std::cmp::Reverse(m.len()));
        let mut named: Vec<(String, usize)> = Vec::new();
        for l in text.lines.iter().map(|l| compact(&l.text)) {
            for m in &markers {
                let Some(i) = l.find(m.as_str()) else {
                    continue;
                };
                let rest = &l[i + m.len()..];
                if !rest.starts_with([':', '：']) {
                    continue;
                }
                if let Some(b) = body_after_marker(rest) {
                    match named.iter_mut().find(|(x, _)| *x == b) {
                        Some(e) => e.1 += 1,
                        None => named.push((b, 1)),
                    }
                }
                break;
            }
        }
        p.body_printed = named
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
            .map(|(_, (b, _))| b.clone());
        let mut title_body: Option<String> = None;
        // Year (and body when no marker named it): a title or header "X 2018 年度部门预算".
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (i, l) in head.iter().enumerate() {
            if l.contains("上年") {
                continue;
            }
            // A title may break after its year: "某局 2018 年度" / "部门预算公开".
            let next: String = head
                .get(i + 1)
                .map(|n| n.chars().take(10).collect())
                .unwrap_or_default();
            for c in YEAR.captures_iter(l) {
                let m = c.get(0).expect("match");
                // The kind word follows the year closely: "2018年度部门预算", "2025年区级部门预算".
                let mut after: String = l[m.end()..].chars().take(14).collect();
                if m.end() == l.len() {
                    after = next.clone();
                }
                // "比2024年预算增加": another year compared with, not the document's.
                let before = l[..m.start()].chars().next_back();
                if !names_kind(w, &after) || before.is_some_and(|c| "比较与同至到和".contains(c))
                {
                    continue;
                }
                // The cover's title weighs more than a header.
                let weight = if i < 5 { 3 } else { 1 };
                let y: i32 = c[1].parse().unwrap_or(0);
                match years.iter_mut().find(|(x, _)| *x == y) {
                    Some(e) => e.1 += weight,
                    None => years.push((y, weight)),
                }
                if title_body.is_none() {
                    // A title broken over its first lines: "中共某区委" / "某部 2024 年度".
                    let lead: String = head[..i.min(3)]
                        .iter()
                        .rev()
                        .take_while(|h| {
                            h.chars().count() <= 20
                                && kind_in(w, h).is_none()
                                && !h.contains(['，', '。', '：', ':', '、'])
                                && !h.chars().any(|c| c.is_ascii_digit())
                        })
                        .fold(String::new(), |acc, h| format!("{h}{acc}"));
                    let at = if i < 3 { 0 } else { lead.len() };
                    title_body = body_before_year(
                        &format!("{}{l}", &lead[at..]),
                        lead.len() - at + m.start(),
                    );
                }
            }
        }
        if let Some(&(y, _)) = years.iter().max_by_key(|(y, n)| (*n, -*y)) {
            p.year = Some(y);
            p.year_from = Some("text".into());
        } else {
            let stem = std::path::Path::new(path)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ys: Vec<i32> = FILE_YEAR
                .captures_iter(&stem)
                .filter_map(|c| c[1].parse().ok())
                .collect();
            if let [y] = ys[..] {
                p.year = Some(y);
                p.year_from = Some("file name".into());
            }
        }
        // The title's name when the marker prints the same body shorter (a short name of the same body).
        match (&p.body_printed, &title_body) {
            (None, Some(t)) => p.body_printed = Some(t.clone()),
            (Some(b), Some(t))
                if t.len() > b.len() && normalise_body(w, t).ends_with(&normalise_body(w, b)) =>
            {
                p.body_printed = Some(t.clone())
            }
            _ => {}
        }
        if p.body_printed.is_none() {
            p.body_printed = p.year.and_then(|y| body_opening_sentences(text, y));
        }
        p.body = p.body_printed.as_deref().map(|b| normalise_body(w, b));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;
    use crate::rules::Rules;

    fn profile(text: &str, path: &str) -> Profile {
        let r = Rules::builtin();
        let t = crate::normalize::normalize(&RawDocument::from_text(text));
        Profile::of(&t, path, &r.cross)
    }

    #[test]
    fn title_gives_body_kind_and_year() {
        let p = profile("某省林草局 2021 年度部门预算公开\n\n目 录\n", "a.txt");
        assert_eq!(p.body.as_deref(), Some("某省林草局"));
        assert_eq!(p.kind, Some(Kind::Budget));
        assert_eq!(p.year, Some(2021));
        assert!(!p.unit);
        let p = profile("某市2022年市级单位预算\n预算单位：某市档案馆\n", "b.txt");
        assert_eq!(p.body.as_deref(), Some("某市档案馆"));
        assert!(p.unit);
        assert_eq!(p.year, Some(2022));
        let p = profile("某县水务局2020年度部门决算\n", "c.txt");
        assert_eq!(p.kind, Some(Kind::Final));
        // A title broken over lines; a unit prefix dropped.
        let p = profile("中共某区委\n宣传部 2024 年度\n部门决算\n", "d.txt");
        assert_eq!(p.body.as_deref(), Some("某区委宣传部"));
        assert_eq!((p.kind, p.year), (Some(Kind::Final), Some(2024)));
        // The year a sentence compares with is not the document's; nor is "当年预算执行数".
        let p = profile(
            "某区2025年区级部门预算\n预算主管部门：某区某某局\n2024年当年预算执行数为5.00万元。\n2025年，某区某某局收入预算100.00万元，比2024年预算增加1.00万元。\n",
            "e.txt",
        );
        assert_eq!(p.year, Some(2025));
        assert_eq!(p.body.as_deref(), Some("某区某某局"));
        // "预算单位构成" is a heading, not a unit's budget.
        let p = profile(
            "某局2019年度部门预算\n二、部门机构设置及预算单位构成情况\n",
            "f.txt",
        );
        assert!(!p.unit);
    }

    #[test]
    fn a_tables_file_takes_its_body_from_the_marker_and_its_year_from_the_file_name() {
        let p = profile(
            "收支预算总表\n部门：中国共产党某省委员会办公厅\n单位：万元\n",
            "某省委办公厅2020年预算公开表格.txt",
        );
        assert_eq!(p.body.as_deref(), Some("某省委办公厅"));
        assert_eq!(p.year, Some(2020));
        assert_eq!(p.year_from.as_deref(), Some("file name"));
        // Both spellings of the body compare equal.
        let w = Rules::builtin().cross;
        assert_eq!(
            normalise_body(&w, "中共某省委办公厅"),
            normalise_body(&w, "中国共产党某省委员会办公厅")
        );
        assert_eq!(
            normalise_body(&w, "某省人民检察院"),
            normalise_body(&w, "某省检察院")
        );
        // No year anywhere: none.
        assert_eq!(profile("收支预算总表\n部门：某局\n", "x.txt").year, None);
    }
}
