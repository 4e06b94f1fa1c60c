//! Across documents: one body's budgets, final accounts and self-assessments over the years.
//!
//! Each file is reduced to its fact table ([`facts::DocFacts`]); the pass below works on those
//! alone. Files are grouped by body; a text document and its tables file of the same body, kind
//! and year are one document. A figure one document implies for another's year ("与上年相比增加
//! D 万元" → last year's budget) or prints for the same year (a 决算's 年初预算数) is compared
//! with the figure the other document prints, at the printed precision.

pub mod facts;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::checks::cross_year::INFO;
use crate::checks::{Evidence, Finding};
use crate::interval::{show, Interval};
use crate::profile::{CrossWords, Kind};
use crate::report::FileReport;
pub use facts::{DocFacts, Fact, How, Num};

/// One document of a group: its files and their facts.
struct Doc<'d> {
    kind: Kind,
    year: i32,
    files: Vec<&'d DocFacts>,
}

/// A group of one body's documents, for the summary line.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub body: String,
    /// (year, kind) of each document, in order.
    pub documents: Vec<(i32, Kind)>,
    pub files: usize,
}

/// What the pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CrossSummary {
    pub groups: Vec<Group>,
    /// Figures compared across documents, and how many agreed.
    pub compared: usize,
    pub agreed: usize,
}

impl CrossSummary {
    /// "江苏省委办公厅: 2017, 2018, 2019 预算 (6 个文件)" lines and the counts.
    pub fn lines(&self, zh: bool) -> Vec<String> {
        let mut out = Vec::new();
        for g in &self.groups {
            let mut by_kind: BTreeMap<Kind, Vec<i32>> = BTreeMap::new();
            for (y, k) in &g.documents {
                by_kind.entry(*k).or_default().push(*y);
            }
            let mut kinds: Vec<(&Kind, &Vec<i32>)> = by_kind.iter().collect();
            kinds.sort_by_key(|(k, ys)| (ys.first().copied(), **k));
            let parts: Vec<String> = kinds
                .into_iter()
                .map(|(k, ys)| {
                    let ys: Vec<String> = ys.iter().map(i32::to_string).collect();
                    if zh {
                        format!("{} {}", ys.join(", "), k.as_str())
                    } else {
                        format!("{} {}", ys.join(", "), k.as_en())
                    }
                })
                .collect();
            out.push(if zh {
                format!("{}: {} ({} 个文件)", g.body, parts.join("; "), g.files)
            } else {
                format!("{}: {} ({} files)", g.body, parts.join("; "), g.files)
            });
        }
        out.push(if zh {
            format!(
                "跨文件核对：{} 组，比较 {} 个数字，{} 个一致",
                self.groups.len(),
                self.compared,
                self.agreed
            )
        } else {
            format!(
                "across documents: {} groups, {} figures compared, {} agree",
                self.groups.len(),
                self.compared,
                self.agreed
            )
        });
        out
    }
}

/// Gives a year to a file that prints none (a tables file without a cover): the year of the
/// one document of the same body and kind that shares the most of its amounts (two at least, more than with any other).
fn pair_yearless(docs: &mut [DocFacts]) {
    // (index, body, kind, 单位, year) of each document with a year.
    type Known = (usize, Option<String>, Option<Kind>, bool, i32);
    let known: Vec<Known> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let p = &d.profile;
            p.year.map(|y| (i, p.body.clone(), p.kind, p.unit, y))
        })
        .collect();
    for i in 0..docs.len() {
        let p = &docs[i].profile;
        if p.year.is_some() || p.body.is_none() {
            continue;
        }
        // Its own year's amounts: a 上年 column's figures are the other year's.
        let prior: std::collections::HashSet<String> = docs[i]
            .facts
            .iter()
            .filter(|f| f.offset != 0)
            .map(|f| f.value.value.clone())
            .collect();
        let mine: std::collections::HashSet<&String> = docs[i]
            .amounts
            .iter()
            .filter(|a| !prior.contains(*a))
            .collect();
        let mut best: Vec<(usize, i32)> = Vec::new();
        for (j, b, k, u, y) in &known {
            if *b != p.body || *k != p.kind || *u != p.unit {
                continue;
            }
            let shared = docs[*j].amounts.iter().filter(|a| mine.contains(a)).count();
            best.push((shared, *y));
        }
        best.sort_by(|a, b| b.cmp(a));
        let year = match best.as_slice() {
            [(n, y)] if *n >= 2 => Some(*y),
            [(n, y), (m, _), ..] if *n >= 2 && n > m => Some(*y),
            _ => None,
        };
        if let Some(y) = year {
            docs[i].profile.year = Some(y);
            docs[i].profile.year_from = Some("shared figures".into());
        }
    }
}

/// A body printed without its place ("省委办公厅") is the one longer body of the batch that
/// ends with it.
fn resolve_short_names(docs: &mut [DocFacts], w: &CrossWords) {
    let bodies: Vec<String> = {
        let mut v: Vec<String> = docs.iter().filter_map(|d| d.profile.body.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut map = HashMap::new();
    for b in &bodies {
        if !w.short_levels.iter().any(|l| b.starts_with(l.as_str())) {
            continue;
        }
        let longer: Vec<&String> = bodies
            .iter()
            .filter(|o| o.len() > b.len() && o.ends_with(b.as_str()))
            .collect();
        if let [one] = longer[..] {
            map.insert(b.clone(), one.clone());
        }
    }
    for d in docs {
        if let Some(b) = d.profile.body.as_ref().and_then(|b| map.get(b)) {
            d.profile.body = Some(b.clone());
        }
    }
}

/// The order of documents of one year: budget, then 决算, then self-assessment.
fn later(a: &Doc, b: &Doc) -> bool {
    (a.year, a.kind) > (b.year, b.kind)
}

/// Runs the pass over a batch's fact tables and adds its findings to the reports of the later
/// documents' files. Reports are matched by path.
pub fn run(
    mut docs: Vec<DocFacts>,
    reports: &mut [FileReport],
    config: &crate::config::Config,
    w: &CrossWords,
) -> CrossSummary {
    resolve_short_names(&mut docs, w);
    pair_yearless(&mut docs);
    // body → (kind, unit, year) → files
    type Documents<'d> = BTreeMap<(i32, Kind), Vec<&'d DocFacts>>;
    let mut groups: BTreeMap<(String, bool), Documents> = BTreeMap::new();
    for d in &docs {
        let p = &d.profile;
        let (Some(body), Some(kind), Some(year)) = (&p.body, p.kind, p.year) else {
            continue;
        };
        groups
            .entry((body.clone(), p.unit))
            .or_default()
            .entry((year, kind))
            .or_default()
            .push(d);
    }
    let mut summary = CrossSummary::default();
    let mut found: Vec<(String, Finding)> = Vec::new();
    for ((body, _), docs) in &groups {
        if docs.len() < 2 {
            continue;
        }
        summary.groups.push(Group {
            body: body.clone(),
            documents: docs.keys().copied().collect(),
            files: docs.values().map(Vec::len).sum(),
        });
        let docs: Vec<Doc> = docs
            .iter()
            .map(|(&(year, kind), files)| Doc {
                kind,
                year,
                files: files.clone(),
            })
            .collect();
        compare_group(&docs, &mut summary, &mut found);
    }
    let mut seen = std::collections::HashSet::new();
    for (path, mut f) in found {
        let key = (
            path.clone(),
            f.evidence
                .iter()
                .map(|e| (e.value.clone(), e.page, e.line, e.path.clone()))
                .collect::<Vec<_>>(),
        );
        if !seen.insert(key) {
            continue;
        }
        let mut one = vec![f.clone()];
        config.apply(&mut one);
        let Some(g) = one.pop() else { continue };
        f = g;
        if let Some(r) = reports.iter_mut().find(|r| r.path == path) {
            r.findings.push(f);
        }
    }
    summary
}

/// A document's own printed values of a key, with their files.
type Own<'d> = Vec<(&'d DocFacts, &'d Fact)>;

fn own_facts<'d>(d: &Doc<'d>) -> HashMap<(&'d str, &'d str), Own<'d>> {
    let mut m: HashMap<(&str, &str), Own> = HashMap::new();
    for file in &d.files {
        for f in &file.facts {
            if f.how == How::Stated && f.offset == 0 {
                m.entry((f.subject.as_str(), f.metric.as_str()))
                    .or_default()
                    .push((file, f));
            }
        }
    }
    m
}

fn compare_group(docs: &[Doc], summary: &mut CrossSummary, found: &mut Vec<(String, Finding)>) {
    let owns: Vec<_> = docs.iter().map(own_facts).collect();
    for (bi, b) in docs.iter().enumerate() {
        for file in &b.files {
            for f in &file.facts {
                let period = b.year + f.offset;
                for (ai, a) in docs.iter().enumerate() {
                    if ai == bi || a.year != period {
                        continue;
                    }
                    // Two printed figures of one year: compared once, from the later document.
                    if !f.implied() && !later(b, a) {
                        continue;
                    }
                    let Some(theirs) = owns[ai].get(&(f.subject.as_str(), f.metric.as_str()))
                    else {
                        continue;
                    };
                    compare_one(file, f, a, theirs, summary, found);
                }
            }
        }
    }
}

fn compare_one(
    file: &DocFacts,
    f: &Fact,
    a: &Doc,
    theirs: &Own,
    summary: &mut CrossSummary,
    found: &mut Vec<(String, Finding)>,
) {
    let Some(mine) = f.interval() else { return };
    let ivs: Vec<(&DocFacts, &Fact, Interval)> = theirs
        .iter()
        .filter_map(|(d, t)| t.interval().map(|i| (*d, *t, i)))
        .collect();
    if ivs.is_empty() {
        return;
    }
    summary.compared += 1;
    if ivs.iter().any(|(_, _, i)| i.overlaps(&mine)) {
        summary.agreed += 1;
        return;
    }
    // The other document prints the subject with values that disagree among themselves: its
    // subject is not one thing; nothing is said.
    if !ivs.iter().all(|(_, _, i)| i.overlaps(&ivs[0].2)) {
        summary.agreed += 1;
        summary.compared -= 1;
        return;
    }
    let (od, other, oiv) = ivs[0];
    let scale = f.value.scale();
    let dec = other.value.decimals.max(f.value.decimals);
    let unit = &f.value.unit;
    let shown_d = |d: rust_decimal::Decimal| format!("{}{}", show(d, dec), unit);
    let what = format!("{} · {}", f.subject, f.metric);
    let their_year = a.year;
    let their_kind = a.kind.as_str();
    let their_place = {
        let e = other.evidence.first();
        format!(
            "{}{}",
            od.path,
            e.map_or(String::new(), |e| format!(":{}:{}", e.page, e.line))
        )
    };
    let their_label = other
        .evidence
        .first()
        .map_or(String::new(), |e| e.label.clone());
    let implied_point = f.point().map(shown_d).unwrap_or_default();
    let other_point = other
        .value
        .decimal()
        .map(|v| v * other.value.scale() / scale);
    let mut evidence = f.evidence.clone();
    evidence.extend(other.evidence.iter().take(1).map(|e| Evidence {
        path: Some(od.path.clone()),
        ..e.clone()
    }));
    let (message, message_en, expected, arithmetic) = match (f.how, &f.change) {
        (How::Change, Some(c)) => {
            let dir = if f.sign > 0 { "增加" } else { "减少" };
            let dir_en = if f.sign > 0 { "up" } else { "down" };
            let op = if f.sign > 0 { "-" } else { "+" };
            // What the change should be, from this year's value and the other year's.
            let v = f.value.interval().unwrap_or(mine);
            let true_change = v.sub(oiv).map(|d| if f.sign > 0 { d } else { d.neg() });
            let expected_change = f
                .value
                .decimal()
                .zip(other_point)
                .map(|(v, o)| shown_d(if f.sign > 0 { v - o } else { o - v }));
            // A rate that agrees with the other year's base blames the amount.
            let rate_agrees = f.rate.as_ref().zip(true_change).is_some_and(|(r, d)| {
                let (Some(ri), Some(q)) = (r.interval(), d.div(oiv)) else {
                    return false;
                };
                let hundred = Interval::point(rust_decimal::Decimal::ONE_HUNDRED);
                q.mul(hundred).is_some_and(|q| q.overlaps(&ri))
            });
            let rate_printed = f.rate.as_ref().map_or("", |r| r.printed.as_str());
            let arithmetic = format!(
                "{} {op} {} = {implied_point}；{their_year}年{their_kind}印为 {}",
                f.value.printed, c.printed, other.value.printed
            );
            let exp = expected_change.unwrap_or_default();
            if rate_agrees {
                (
                    format!(
                        "{what}：比上年{dir} {} 与 {their_year} 年{their_kind}（{their_place}）印的「{their_label}」{} 不符，按两年数字应{dir} {exp}；增减率 {rate_printed} 与之相符，错的是增减额",
                        c.printed, other.value.printed,
                    ),
                    format!(
                        "{what}: the change ({dir_en} {}) does not match {} printed by the {their_year} {} ({their_place}); the two years give {exp}, and the rate {rate_printed} agrees with them: the amount is wrong",
                        c.printed, other.value.printed, a.kind.as_en(),
                    ),
                    Some(exp),
                    arithmetic,
                )
            } else {
                (
                    format!(
                        "{what}：{} 比上年{dir} {} 即上年为 {implied_point}，而 {their_year} 年{their_kind}（{their_place}）印「{their_label}」为 {}",
                        f.value.printed, c.printed, other.value.printed
                    ),
                    format!(
                        "{what}: {} ({dir_en} {}) implies {implied_point} for the year before, but the {their_year} {} ({their_place}) prints {}",
                        f.value.printed, c.printed, a.kind.as_en(), other.value.printed
                    ),
                    Some(other.value.printed.clone()),
                    arithmetic,
                )
            }
        }
        _ => {
            let said = match f.how {
                How::Equal => "称与上年相同，",
                How::Column => "上年数",
                _ => "",
            };
            (
                format!(
                    "{what}：本文件{said}印为 {}，而 {their_year} 年{their_kind}（{their_place}）印「{their_label}」为 {}",
                    f.value.printed, other.value.printed
                ),
                format!(
                    "{what}: printed here as {}, but the {their_year} {} ({their_place}) prints {}",
                    f.value.printed,
                    a.kind.as_en(),
                    other.value.printed
                ),
                Some(other.value.printed.clone()),
                format!("{} ≠ {}", f.value.printed, other.value.printed),
            )
        }
    };
    found.push((
        file.path.clone(),
        Finding {
            rule: INFO.code,
            severity: INFO.severity,
            message,
            message_en,
            expected,
            arithmetic,
            evidence,
        },
    ));
}

/// One JSON line per fact (`gouji facts`): the document's identity with each fact, so that a
/// corpus can be mapped file by file and grouped by body anywhere.
pub fn json_lines(d: &DocFacts) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        path: &'a str,
        body: Option<&'a str>,
        kind: Option<Kind>,
        unit: bool,
        year: Option<i32>,
        period: Option<i32>,
        #[serde(flatten)]
        fact: &'a Fact,
    }
    let p = &d.profile;
    let mut out = String::new();
    for f in &d.facts {
        let l = Line {
            path: &d.path,
            body: p.body.as_deref(),
            kind: p.kind,
            unit: p.unit,
            year: p.year,
            period: p.year.map(|y| y + f.offset),
            fact: f,
        };
        if let Ok(s) = serde_json::to_string(&l) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}

/// The pass over a batch's reports: takes each report's fact table (dropping it) and adds the
/// findings to the reports.
pub fn run_reports(
    reports: &mut [FileReport],
    config: &crate::config::Config,
    w: &CrossWords,
) -> CrossSummary {
    let docs: Vec<DocFacts> = reports
        .iter_mut()
        .filter_map(|r| r.facts.take().map(|b| *b))
        .collect();
    let s = run(docs, reports, config, w);
    for r in reports.iter_mut() {
        r.findings.sort_by(|x, y| {
            let own = |f: &Finding| f.evidence.first().is_some_and(|e| e.path.is_some());
            own(x).cmp(&own(y)).then(x.anchor().cmp(&y.anchor()))
        });
    }
    s
}
