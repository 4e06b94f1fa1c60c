//! A document reduced to its fact table: (subject, metric, period) → value with evidence, read
//! from sentences ("基本支出预算数为 X 万元，与上年相比增加 D 万元") and from table columns.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::checks::Evidence;
use crate::document::Analysis;
use crate::facts::sentences;
use crate::figures::{money_scale, Approx, Figure};
use crate::interval::{Interval, Rounding};
use crate::profile::{CrossWords, Kind, Profile, ADJUSTED, BUDGET, FINAL};
use crate::rules::SentenceWords;

/// A printed amount: enough to rebuild the interval it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Num {
    /// As printed ("24,458.43").
    pub printed: String,
    /// Its value ("24458.43").
    pub value: String,
    pub decimals: u32,
    /// Money unit ("万元"; a table's unit when the cell prints none).
    pub unit: String,
}

impl Num {
    pub fn of(f: &Figure, table_unit: &str) -> Num {
        Num {
            printed: f.printed.clone(),
            value: f.value.to_string(),
            decimals: f.decimals,
            unit: if f.unit.is_empty() {
                table_unit.to_owned()
            } else {
                f.unit.clone()
            },
        }
    }

    pub fn decimal(&self) -> Option<Decimal> {
        Decimal::from_str(&self.value).ok()
    }

    /// Yuan per printed unit.
    pub fn scale(&self) -> Decimal {
        money_scale(&self.unit)
    }

    /// The exact values (in yuan) it may stand for: rounded or truncated.
    pub fn interval(&self) -> Option<Interval> {
        let v = self.decimal()?;
        let r = Interval::printed(v, self.decimals, Rounding::Round);
        let t = Interval::printed(v, self.decimals, Rounding::Truncate);
        let s = self.scale();
        Some(Interval {
            lo: r.lo.min(t.lo) * s,
            hi: r.hi.max(t.hi) * s,
        })
    }
}

/// How a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Printed as the document's own figure.
    Stated,
    /// This year's value ∓ a stated change ("与上年相比增加 D 万元").
    Change,
    /// This year's value, said to equal the other year's ("与上年预算数一致", "持平").
    Equal,
    /// A table column of another year (上年预算数).
    Column,
}

/// One fact of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// The thing the figure is about, as compared ("基本支出", "一般公共服务支出").
    pub subject: String,
    /// 预算, 全年预算 or 决算.
    pub metric: String,
    /// The year it is for, relative to the document's year (0 this year, -1 the year before).
    pub offset: i32,
    pub how: How,
    /// The figure printed (for a change: this year's value the change is from).
    pub value: Num,
    /// The change stated (How::Change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Num>,
    /// +1 increase, −1 decrease (How::Change), else 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub sign: i32,
    /// The rate of change printed with it ("增长 18.14%").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Num>,
    /// Where: the figure, then the change and rate.
    pub evidence: Vec<Evidence>,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

impl Fact {
    /// The exact values (yuan) the fact says the subject had in its period.
    pub fn interval(&self) -> Option<Interval> {
        let v = self.value.interval()?;
        match (self.how, &self.change) {
            (How::Change, Some(c)) => {
                let c = c.interval()?;
                if self.sign > 0 {
                    v.sub(c)
                } else {
                    v.add(c)
                }
            }
            _ => Some(v),
        }
    }

    /// The value it says, from the printed figures taken as exact, in the unit of `value`.
    pub fn point(&self) -> Option<Decimal> {
        let v = self.value.decimal()?;
        match (self.how, &self.change) {
            (How::Change, Some(c)) => {
                let d = c.decimal()? * c.scale() / self.value.scale();
                Some(if self.sign > 0 { v - d } else { v + d })
            }
            _ => Some(v),
        }
    }

    /// Implied by another year's figure (not printed as this period's own).
    pub fn implied(&self) -> bool {
        self.how != How::Stated
    }
}

/// A document's fact table: what the cross pass keeps of a file.
#[derive(Debug, Clone, Serialize)]
pub struct DocFacts {
    pub path: String,
    pub profile: Profile,
    pub facts: Vec<Fact>,
    /// Distinct amounts printed with two decimals (values), to pair a tables file without a year
    /// with its text document.
    #[serde(skip)]
    pub amounts: Vec<String>,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const CLAUSE_STOPS: &[char] = &['，', ',', '；', ';', '。', '：', ':', '！', '？'];

/// The longest word of `words` that ends `s`.
fn ending<'w>(s: &str, words: &'w [String]) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| !w.is_empty() && s.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map(String::as_str)
}

/// The subject of a figure from the words before it in its clause, and the metric a word at
/// its end names: "1．一般公共服务（类）支出" → 一般公共服务支出; "基本支出预算数为" → (基本支出, 预算).
pub fn subject_key(
    lead: &str,
    profile: &Profile,
    w: &CrossWords,
) -> Option<(String, Option<&'static str>)> {
    let mut s = compact(lead);
    for n in &w.noise {
        s = s.replace(n.as_str(), "");
    }
    for (from, to) in &w.subject_rewrite {
        if !s.contains(to.as_str()) {
            s = s.replace(from.as_str(), to);
        }
    }
    // Words before the year name the body and the year: "某局2018年度收入预算总计".
    if let Some(m) = YEAR_ANY.find_iter(&s).last() {
        s = s[m.end()..].to_owned();
    }
    for b in [&profile.body_printed, &profile.body].into_iter().flatten() {
        s = s.replace(b.as_str(), "");
    }
    let mut s = crate::tables::row_key(&s)
        .trim_start_matches(['、', '，', ',', '：', ':'])
        .to_owned();
    for o in &w.own {
        if let Some(r) = s.strip_prefix(o.as_str()) {
            s = r.to_owned();
        }
    }
    let trim_filler = |s: &mut String| {
        for f in ["为", "是", "达到", "达", "共计", "共", "了", "的"] {
            if let Some(r) = s.strip_suffix(f) {
                *s = r.to_owned();
            }
        }
    };
    trim_filler(&mut s);
    let mut metric = None;
    for (words, m) in [
        (&w.adjusted_metric, ADJUSTED),
        (&w.final_metric, FINAL),
        (&w.budget_metric, BUDGET),
    ] {
        if let Some(e) = ending(&s, words) {
            // The longest word of all three lists decides ("支出决算" over "预算").
            let better = match metric {
                None => true,
                Some((_, l)) => e.len() > l,
            };
            if better {
                metric = Some((m, e.len()));
            }
        }
    }
    if let Some((_, l)) = metric {
        s.truncate(s.len() - l);
        trim_filler(&mut s);
    }
    let n = s.chars().count();
    let bad = !(2..=40).contains(&n)
        || s.chars().any(|c| c.is_ascii_digit())
        || w.generic.contains(&s)
        || w.not_subject.iter().any(|x| s.contains(x.as_str()))
        || s.contains(CLAUSE_STOPS);
    (!bad).then(|| (s, metric.map(|m| m.0)))
}

static YEAR_ANY: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?:19|20)\d{2}年度?").unwrap());

/// Whether `seg` (the words after a figure) compares it with the year before, and the metric
/// it names for that year: "与上年相比增加" → Some(None); "比2024年预算增加" → Some(Some(预算)).
fn prior_reference(
    seg: &str,
    sw: &SentenceWords,
    w: &CrossWords,
    year: Option<i32>,
) -> Option<Option<&'static str>> {
    let prev = year.map(|y| format!("{}年", y - 1));
    let mut found = None;
    for c in &sw.compare {
        for (i, _) in seg.match_indices(c.as_str()) {
            let after = &seg[i + c.len()..];
            if sw
                .previous_year
                .iter()
                .any(|p| after.starts_with(p.as_str()))
                || prev.as_deref().is_some_and(|p| after.starts_with(p))
            {
                found = Some(after);
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let after = found?;
    if after.contains("同期") {
        return None;
    }
    let metric = if w.final_metric.iter().any(|m| after.contains(m.as_str())) {
        Some(FINAL)
    } else if after.contains("预算") {
        Some(BUDGET)
    } else {
        None
    };
    Some(metric)
}

/// +1 / −1 when `seg` ends with a direction word.
fn direction(seg: &str, sw: &SentenceWords) -> Option<i32> {
    let c = seg.trim_end_matches(['为', '了', '达', '：', ':', '各']);
    if sw.increase.iter().any(|x| c.ends_with(x.as_str())) {
        Some(1)
    } else if sw.decrease.iter().any(|x| c.ends_with(x.as_str())) {
        Some(-1)
    } else {
        None
    }
}

/// Reads a document's facts.
pub fn collect(a: &Analysis, path: &str) -> DocFacts {
    let w = &a.rules.cross;
    let sw = &a.rules.sentence;
    let profile = Profile::of(&a.text, path, w);
    let mut facts = Vec::new();
    let mut amounts = std::collections::BTreeSet::new();
    for (li, line) in a.text.lines.iter().enumerate() {
        let s = &line.text;
        let figs = &a.figures[li];
        for f in figs {
            if f.decimals == 2 && !f.percent && f.value.abs() >= Decimal::ONE {
                amounts.insert(f.value.to_string());
            }
        }
        text_facts(a, &profile, s, figs, w, sw, &mut facts);
    }
    table_facts(a, &profile, &mut facts);
    DocFacts {
        path: path.to_owned(),
        profile,
        facts,
        amounts: amounts.into_iter().collect(),
    }
}

fn text_facts(
    a: &Analysis,
    profile: &Profile,
    s: &str,
    figs: &[Figure],
    w: &CrossWords,
    sw: &SentenceWords,
    out: &mut Vec<Fact>,
) {
    let Some(kind) = profile.kind else { return };
    let sents = sentences(s);
    // Sentences are sorted and adjacent: a binary search keeps huge lines linear.
    let sentence_of = |b: usize| {
        let i = sents.partition_point(|&(_, y)| y <= b);
        (i < sents.len() && sents[i].0 <= b).then_some(i)
    };
    for (k, f) in figs.iter().enumerate() {
        if !f.is_money() || f.percent || f.approx != Approx::Exact || f.chinese {
            continue;
        }
        let Some(si) = sentence_of(f.start) else {
            continue;
        };
        let sent_start = sents[si].0;
        let prev_end = k
            .checked_sub(1)
            .map_or(sent_start, |j| figs[j].unit_end.max(sent_start));
        let region = &s[prev_end.min(f.start)..f.start];
        let lead_start = region
            .rfind(CLAUSE_STOPS)
            .map(|i| prev_end + i + region[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(prev_end);
        let lead = &s[lead_start..f.start];
        let Some((subject, word_metric)) = subject_key(lead, profile, w) else {
            continue;
        };
        let Some(metric) = word_metric.or(kind.default_metric()) else {
            continue;
        };
        let metric = metric.to_owned();
        let printed_lead = compact(lead);
        let label = printed_lead.trim_end_matches(['为', '是']);
        let ev = a.evidence(
            f,
            if label.is_empty() {
                subject.clone()
            } else {
                label.to_owned()
            },
        );
        out.push(Fact {
            subject: subject.clone(),
            metric: metric.clone(),
            offset: 0,
            how: How::Stated,
            value: Num::of(f, ""),
            change: None,
            sign: 0,
            rate: None,
            evidence: vec![ev.clone()],
        });
        // What follows up to the next figure: a comparison with the year before, in this
        // sentence or opening the next one ("…万元。与上年相比增加 D 万元").
        let next = figs.get(k + 1);
        let seg_end = next.map_or(s.len(), |g| g.start);
        let raw = &s[f.unit_end.min(seg_end)..seg_end];
        let parts: Vec<String> = raw.split(['。', '；', ';']).map(compact).collect();
        // The comparison closes the figure's sentence, or opens the next one.
        let Some((pi, ref_metric)) = parts
            .iter()
            .take(2)
            .enumerate()
            .find_map(|(i, p)| prior_reference(p, sw, w, profile.year).map(|m| (i, m)))
        else {
            continue;
        };
        let seg = &parts[pi];
        // A change amount is the next figure: the comparison must run up to it.
        let last = pi + 1 == parts.len();
        let metric = ref_metric.map_or(metric, str::to_owned);
        let equal = sw.equal.iter().any(|e| seg.contains(e.as_str()))
            && !sw.roughly.iter().any(|r| seg.contains(r.as_str()));
        if let Some(sign) = direction(seg, sw).filter(|_| last) {
            let Some(g) = next.filter(|g| g.is_money() && !g.percent && !g.chinese) else {
                continue;
            };
            let rate = figs.get(k + 2).filter(|h| {
                h.percent && {
                    let between = compact(&s[g.unit_end.min(h.start)..h.start]);
                    between.chars().count() <= 8
                        && direction(&between, sw).is_some()
                        && !between.contains(['。', '；'])
                }
            });
            let mut evidence = vec![ev, a.evidence(g, "增减额")];
            if let Some(h) = rate {
                evidence.push(a.evidence(h, "增减率"));
            }
            out.push(Fact {
                subject,
                metric,
                offset: -1,
                how: How::Change,
                value: Num::of(f, ""),
                change: Some(Num::of(g, "")),
                sign,
                rate: rate.map(|h| Num::of(h, "")),
                evidence,
            });
        } else if equal {
            out.push(Fact {
                subject,
                metric,
                offset: -1,
                how: How::Equal,
                value: Num::of(f, ""),
                change: None,
                sign: 0,
                rate: None,
                evidence: vec![ev],
            });
        }
    }
}

/// Facts of table rows: a column named in `[[cross_column]]` (年初预算数, 上年预算数 …), or the
/// one amount of a row of a budget's or 决算's side-by-side table.
fn table_facts(a: &Analysis, profile: &Profile, out: &mut Vec<Fact>) {
    let Some(kind) = profile.kind else { return };
    let w = &a.rules.cross;
    for t in &a.tables {
        if t.side.is_some_and(|s| s.uncertain) {
            continue;
        }
        let mapped: Vec<(usize, &crate::profile::CrossColumn)> = t
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let c = c.as_deref()?;
                a.rules
                    .cross_columns
                    .iter()
                    .find(|x| x.column == c)
                    .map(|x| (i, x))
            })
            .collect();
        for r in &t.rows {
            if r.mixed {
                continue;
            }
            let Some((subject, _)) = subject_key(&r.label, profile, w) else {
                continue;
            };
            let subject = match w.table_scopes.iter().find(|x| t.title.contains(x.as_str())) {
                Some(scope) if !subject.starts_with(scope.as_str()) => format!("{scope}{subject}"),
                _ => subject,
            };
            let mut push = |f: &Figure, metric: &str, offset: i32, col: &str| {
                if f.percent {
                    return;
                }
                out.push(Fact {
                    subject: subject.clone(),
                    metric: metric.to_owned(),
                    offset,
                    how: if offset == 0 {
                        How::Stated
                    } else {
                        How::Column
                    },
                    value: Num::of(f, &t.unit),
                    change: None,
                    sign: 0,
                    rate: None,
                    evidence: vec![a.evidence(f, format!("{} · {col}", r.label.trim()))],
                });
            };
            if !mapped.is_empty() {
                if r.cells.len() != t.columns.len() {
                    continue;
                }
                for (i, c) in &mapped {
                    push(&r.cells[*i], &c.metric, c.offset, &c.column);
                }
            } else if t.side.is_some() && r.cells.len() == 1 && kind != Kind::SelfEval {
                if let Some(m) = kind.default_metric() {
                    push(&r.cells[0], m, 0, m);
                }
            }
        }
    }
}
