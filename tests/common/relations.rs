//! The relation harness: plants a contradiction into any figure that takes part in a
//! relation the document states, not only into figures a check already verified (the
//! mutation harness of `mutate.rs` does that, and so measures what gouji already reads).
//!
//! The relations come from `corpus/train/relations/`, written for each training report by
//! the generator that wrote the report, independently of gouji's code. Three formats:
//!
//! - `tNN_*.json` (`rels`, each with a kind `t`: sum, count, ratio, expr, diff, growth, eq,
//!   le, cmp, target, grade, approx, endswith) whose figures are printed strings, and
//!   `plants` giving the line of the planted figures (`{"plant": "P1"}` refers to one);
//! - `tNN_*.rel.json` with `relations` of `type` expr, count, eq, le, cmp, band, target,
//!   approx and `plants` keyed by id (`plant` + `slot` tell which figure of a relation a
//!   plant is, and so its line);
//! - `tNN_*.rel.json` with `figures` (id → line, clean) and `relations` of `type` expr,
//!   count, same, money, cmp, claim, word, grade referring to figure ids.
//!
//! For each relation of an *equality* kind (an arithmetic identity or a restatement: one
//! changed figure breaks it) and each Arabic figure in it, located in the consistent twin's
//! raw text (on its line where the files give one, else by its unique occurrence), the
//! figure's number is changed by 1–4 % of its value (at least 2 units of its last place),
//! keeping its printed shape, and gouji runs on the mutated text. The mutation is *found*
//! when an error or warning cites the new value among its evidence values (as
//! `tools/score.py` with `match=first`). Relations of an order or approximate kind (le,
//! cmp, target, grade, approx …) are not planted (a random change need not break them) but
//! count for coverage: the share of the relations' located figures that a check of gouji
//! verified on the unmutated twin.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use gouji::{Finding, RawDocument, Rules, Severity};
use rayon::prelude::*;
use serde_json::Value;

use crate::mutate::Rng;

/// What gouji says of the unmutated document: its findings, and the figures a check
/// verified as (page, line on the page, number as `norm` writes it).
pub fn verified(text: &str, rules: &Rules) -> (HashSet<(u32, u32, String)>, Vec<Finding>) {
    let raw = RawDocument::from_text(text);
    let a = gouji::Analysis::new(&raw, rules);
    let outcome = gouji::checks::run_all(&a);
    let set = outcome
        .verified
        .iter()
        .filter_map(|&(li, start)| {
            let f = a.figures.get(li)?.iter().find(|f| f.start == start)?;
            let loc = a.text.lines[li].loc(start);
            Some((loc.page, loc.line, norm(&f.printed)))
        })
        .collect();
    (set, outcome.findings)
}

/// (page, line on the page) of a byte of the raw text, counting non-empty lines as
/// `normalize` does.
fn page_line(text: &str, byte: usize) -> (u32, u32) {
    let before = &text[..byte];
    let page = before.matches('\u{c}').count() as u32 + 1;
    let page_start = before
        .rfind('\u{c}')
        .map(|i| i + '\u{c}'.len_utf8())
        .unwrap_or(0);
    let seg = &text[page_start..byte];
    let mut line = seg.split('\n').filter(|l| !l.trim().is_empty()).count() as u32;
    // the line the byte stands on is not empty: count it when its start is blank
    if seg.rsplit('\n').next().is_some_and(|l| l.trim().is_empty()) {
        line += 1;
    }
    (page, line.max(1))
}

/// A figure of a relation as the relation files give it.
#[derive(Debug, Clone)]
pub struct FigRef {
    /// As printed, possibly with words around the number ("自评得分3分").
    pub printed: String,
    /// 1-based line of the raw text file, when known.
    pub line: Option<usize>,
    /// Which of the figures printed alike on that line (0-based, in the file's order), and
    /// how many there are, when the file names several.
    pub nth: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Rel {
    pub kind: String,
    pub figs: Vec<FigRef>,
}

/// One consistent twin and the relations it states.
pub struct DocRels {
    /// File name of the consistent twin.
    pub name: String,
    pub text: String,
    pub rels: Vec<Rel>,
}

/// Kinds where one changed figure breaks the relation.
pub fn is_equality(kind: &str) -> bool {
    matches!(
        kind,
        "sum" | "count" | "ratio" | "expr" | "diff" | "growth" | "eq" | "same" | "money"
    )
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Parses one relation file.
pub fn parse(v: &Value) -> Option<(String, Vec<Rel>)> {
    if let Some(rels) = v.get("rels").and_then(Value::as_array) {
        parse_meta(v, rels)
    } else if v.get("figures").is_some() {
        parse_ids(v)
    } else {
        parse_named(v)
    }
}

/// `{"doc", "clean", "plants": {P: {line, clean}}, "rels": [{"t", …}]}`.
fn parse_meta(v: &Value, rels: &[Value]) -> Option<(String, Vec<Rel>)> {
    let clean = s(v.get("clean")?)?.to_owned();
    let plants: HashMap<String, (String, usize)> = v
        .get("plants")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, p)| {
                    Some((
                        k.clone(),
                        (
                            s(p.get("clean")?)?.to_owned(),
                            p.get("line")?.as_u64()? as usize,
                        ),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    const SKIP: &[&str] = &[
        "t", "note", "items", "bands", "virtual", "word", "suffix", "dir", "claim", "grade",
        "expr", "mode", "tol", "unit_a", "unit_b", "same", "exact", "approx_b", "factor", "scale",
        "unmet",
    ];
    let mut out = Vec::new();
    for r in rels {
        let Some(o) = r.as_object() else { continue };
        let mut kind = o.get("t").and_then(Value::as_str).unwrap_or("?").to_owned();
        if kind == "eq" && o.get("approx_b").and_then(Value::as_bool) == Some(true) {
            kind = "eq~".into(); // restated in another unit and rounded loosely
        }
        let virt: HashSet<&str> = o
            .get("virtual")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut figs = Vec::new();
        fn walk(
            v: &Value,
            plants: &HashMap<String, (String, usize)>,
            virt: &HashSet<&str>,
            figs: &mut Vec<FigRef>,
        ) {
            match v {
                Value::String(p) if !virt.contains(p.as_str()) => figs.push(FigRef {
                    printed: p.clone(),
                    line: None,
                    nth: None,
                }),
                Value::Array(a) => a.iter().for_each(|x| walk(x, plants, virt, figs)),
                Value::Object(m) => {
                    if let Some(p) = m.get("plant").and_then(Value::as_str) {
                        if let Some((c, l)) = plants.get(p) {
                            figs.push(FigRef {
                                printed: c.clone(),
                                line: Some(*l),
                                nth: None,
                            });
                        }
                    } else {
                        m.values().for_each(|x| walk(x, plants, virt, figs));
                    }
                }
                _ => {}
            }
        }
        for (k, x) in o {
            if !SKIP.contains(&k.as_str()) {
                walk(x, &plants, &virt, &mut figs);
            }
        }
        out.push(Rel { kind, figs });
    }
    Some((clean, out))
}

/// `{"doc", "plants": {P: {line (from 0), clean}}, "relations": [{"type", …, "plant", "slot"}]}`.
fn parse_named(v: &Value) -> Option<(String, Vec<Rel>)> {
    let doc = s(v.get("doc")?)?;
    let clean = format!("{}.clean.txt", doc.trim_end_matches(".txt"));
    // these files count lines from 0
    let plant_line = |p: &str| -> Option<usize> {
        Some(v.get("plants")?.get(p)?.get("line")?.as_u64()? as usize + 1)
    };
    const SKIP: &[&str] = &[
        "type", "note", "items", "word", "grade", "bands", "mode", "unit", "factor", "plant",
        "expr", "slot", "op",
    ];
    let mut out = Vec::new();
    for r in v.get("relations")?.as_array()? {
        let Some(o) = r.as_object() else { continue };
        let kind = o
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let planted = o
            .get("plant")
            .and_then(Value::as_str)
            .and_then(plant_line)
            .map(|l| (o.get("slot").cloned().unwrap_or(Value::Null), l));
        let line_of = |key: &str, idx: Option<usize>| -> Option<usize> {
            let (slot, l) = planted.as_ref()?;
            let hit = match slot {
                Value::String(k) => k == key,
                Value::Number(n) => idx.is_some() && n.as_u64().map(|n| n as usize) == idx,
                _ => false,
            };
            hit.then_some(*l)
        };
        let mut figs = Vec::new();
        for (k, x) in o {
            if SKIP.contains(&k.as_str()) {
                continue;
            }
            match x {
                Value::String(p) => figs.push(FigRef {
                    printed: p.clone(),
                    line: line_of(k, None),
                    nth: None,
                }),
                Value::Array(a) => {
                    for (i, p) in a.iter().enumerate() {
                        if let Some(p) = p.as_str() {
                            figs.push(FigRef {
                                printed: p.to_owned(),
                                line: line_of(k, Some(i)),
                                nth: None,
                            });
                        }
                    }
                }
                Value::Object(m) => {
                    for p in m.values().filter_map(Value::as_str) {
                        figs.push(FigRef {
                            printed: p.to_owned(),
                            line: None,
                            nth: None,
                        });
                    }
                }
                _ => {}
            }
        }
        out.push(Rel { kind, figs });
    }
    Some((clean, out))
}

/// `{"clean", "figures": {id: {line, clean}}, "relations": [{"type", … ids …}]}`.
fn parse_ids(v: &Value) -> Option<(String, Vec<Rel>)> {
    let clean = s(v.get("clean")?)?.to_owned();
    let figures = v.get("figures")?.as_object()?;
    // figures printed alike on one line: their rank in the file's order
    let mut alike: HashMap<(String, u64), Vec<&str>> = HashMap::new();
    for (id, f) in figures {
        if let (Some(c), Some(l)) = (f.get("clean").and_then(Value::as_str), f.get("line")) {
            let key = (c.to_owned(), l.as_u64().unwrap_or(0));
            alike.entry(key).or_default().push(id.as_str());
        }
    }
    let fig = |id: &str| -> Option<FigRef> {
        let f = figures.get(id)?;
        let printed = s(f.get("clean")?)?.to_owned();
        let line = f.get("line").and_then(Value::as_u64);
        let nth = line.and_then(|l| {
            let ids = alike.get(&(printed.clone(), l))?;
            (ids.len() > 1).then(|| (ids.iter().position(|x| *x == id).unwrap_or(0), ids.len()))
        });
        Some(FigRef {
            printed,
            line: line.map(|l| l as usize),
            nth,
        })
    };
    const SKIP: &[&str] = &[
        "type", "id", "word", "grade", "items", "bands", "op", "mode", "ref_unit", "key_unit", "n",
    ];
    let mut out = Vec::new();
    for r in v.get("relations")?.as_array()? {
        let Some(o) = r.as_object() else { continue };
        let kind = o
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let mut figs = Vec::new();
        for (k, x) in o {
            if SKIP.contains(&k.as_str()) {
                continue;
            }
            let ids: Vec<&str> = match x {
                Value::String(p) => vec![p.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                Value::Object(m) => m.values().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            figs.extend(ids.into_iter().filter_map(fig));
        }
        out.push(Rel { kind, figs });
    }
    Some((clean, out))
}

/// Every relation file of `rel_dir` with its consistent twin from `doc_dir`, in name order.
pub fn load(rel_dir: &Path, doc_dir: &Path) -> Vec<DocRels> {
    let mut paths: Vec<_> = std::fs::read_dir(rel_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", rel_dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let (name, rels) = parse(&v).unwrap_or_else(|| panic!("{}: unknown format", p.display()));
        let path = doc_dir.join(&name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push(DocRels { name, text, rels });
    }
    out
}

/// Full-width digits and marks as ASCII.
fn narrow(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
        '．' => '.',
        '％' => '%',
        '，' => ',',
        '－' | '−' => '-',
        _ => c,
    }
}

/// The raw text as narrowed characters, each with its byte offset and 1-based file line.
pub struct Chars {
    c: Vec<char>,
    at: Vec<usize>,
    line: Vec<usize>,
}

impl Chars {
    fn new(text: &str) -> Self {
        let (mut c, mut at, mut line) = (Vec::new(), Vec::new(), Vec::new());
        let mut l = 1;
        for (i, ch) in text.char_indices() {
            c.push(narrow(ch));
            at.push(i);
            line.push(l);
            if ch == '\n' {
                l += 1;
            }
        }
        at.push(text.len());
        Chars { c, at, line }
    }

    /// Char ranges where `pat` occurs, not glued to a longer number.
    fn find(&self, pat: &[char]) -> Vec<usize> {
        let n = pat.len();
        if n == 0 || n > self.c.len() {
            return Vec::new();
        }
        let num = |c: char| c.is_ascii_digit();
        (0..=self.c.len() - n)
            .filter(|&i| self.c[i..i + n] == *pat)
            .filter(|&i| {
                let before = i.checked_sub(1).map(|j| self.c[j]);
                let after = self.c.get(i + n).copied();
                let ok_before =
                    !num(pat[0]) || !before.is_some_and(|b| num(b) || matches!(b, '.' | ',' | '-'));
                let ok_after = !num(pat[n - 1])
                    || !after.is_some_and(|a| {
                        num(a)
                            || matches!(a, '.' | '%')
                            || (a == ',' && self.c.get(i + n + 1).copied().is_some_and(num))
                    });
                ok_before && ok_after
            })
            .collect()
    }
}

/// Why a figure was not planted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    /// No Arabic number in it (八个, 良好).
    NotArabic,
    /// Not found on its line, or not exactly once in the text.
    Unlocated,
}

/// A relation's figure located in the raw text: the byte range of its number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spot {
    pub start: usize,
    pub end: usize,
    /// The number, narrowed ("3,058", "-4.39%").
    pub number: String,
}

/// Where a figure may stand: char offsets of its printings (on its line when known).
fn candidates(chars: &Chars, f: &FigRef) -> Result<Vec<usize>, Skip> {
    let pat: Vec<char> = f.printed.trim().chars().map(narrow).collect();
    if !pat.iter().any(|c| c.is_ascii_digit()) {
        return Err(Skip::NotArabic);
    }
    let mut hits = chars.find(&pat);
    if let Some(l) = f.line {
        hits.retain(|&i| chars.line[i] == l);
        match f.nth {
            Some((k, n)) if hits.len() == n => hits = vec![hits[k]],
            _ if hits.len() == 1 => {}
            _ => return Err(Skip::Unlocated),
        }
    }
    if hits.is_empty() {
        return Err(Skip::Unlocated);
    }
    Ok(hits)
}

/// The number inside a printed figure found at char `i`.
fn spot(chars: &Chars, f: &FigRef, i: usize) -> Spot {
    let pat: Vec<char> = f.printed.trim().chars().map(narrow).collect();
    let first = pat.iter().position(|c| c.is_ascii_digit()).unwrap_or(0);
    let mut s = first;
    if s > 0 && pat[s - 1] == '-' {
        s -= 1;
    }
    let mut e = first;
    while e < pat.len() && (pat[e].is_ascii_digit() || matches!(pat[e], '.' | ',')) {
        e += 1;
    }
    while e > first + 1 && matches!(pat[e - 1], '.' | ',') {
        e -= 1;
    }
    if e < pat.len() && pat[e] == '%' {
        e += 1;
    }
    Spot {
        start: chars.at[i + s],
        end: chars.at[i + e],
        number: pat[s..e].iter().collect(),
    }
}

/// How far (in lines) a figure printed several times may stand from where its relation is
/// stated.
const NEAR: usize = 25;

/// Locates the figures of one relation. A figure printed once (or on its given line) stands
/// there; one printed several times takes its printing nearest to where the relation is
/// stated: the line that minimises the figures' summed distance (the first such line when
/// the relation is stated twice). A figure whose two nearest printings are equally near, or
/// all far, is unlocated, and so is one printed several times in a relation whose figures
/// are all printed alike, unless it is printed exactly as often as the relation names it.
pub fn locate_rel(chars: &Chars, figs: &[FigRef]) -> Vec<Result<Spot, Skip>> {
    let cands: Vec<Result<Vec<usize>, Skip>> = figs.iter().map(|f| candidates(chars, f)).collect();
    let lines: Vec<Vec<usize>> = cands
        .iter()
        .map(|c| match c {
            Ok(v) => v.iter().map(|&i| chars.line[i]).collect(),
            Err(_) => Vec::new(),
        })
        .collect();
    let mut centres: Vec<usize> = lines.iter().flatten().copied().collect();
    centres.sort_unstable();
    centres.dedup();
    let cost = |l: usize| -> usize {
        lines
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| v.iter().map(|&x| x.abs_diff(l)).min().unwrap_or(0))
            .sum()
    };
    // a relation of one printed string alone ("5" = "5") says nothing of where it stands
    let distinct: HashSet<String> = figs
        .iter()
        .map(|f| f.printed.trim().chars().map(narrow).collect())
        .collect();
    let centre = if distinct.len() > 1 {
        centres.iter().copied().min_by_key(|&l| cost(l))
    } else {
        None
    };
    // a restatement printed exactly as often as the relation names it: each printing once
    if distinct.len() == 1 {
        if let Some(Ok(c)) = cands.first() {
            if c.len() == figs.len() && c.len() > 1 && cands.iter().all(|x| x.as_ref() == Ok(c)) {
                let c = c.clone();
                return figs
                    .iter()
                    .zip(c)
                    .map(|(f, i)| Ok(spot(chars, f, i)))
                    .collect();
            }
        }
    }
    figs.iter()
        .zip(cands)
        .map(|(f, c)| {
            let c = c?;
            if let [i] = c[..] {
                return Ok(spot(chars, f, i));
            }
            let l = centre.ok_or(Skip::Unlocated)?;
            let mut by: Vec<(usize, usize)> =
                c.iter().map(|&i| (chars.line[i].abs_diff(l), i)).collect();
            by.sort_unstable();
            if by[0].0 > NEAR || by[1].0 == by[0].0 {
                return Err(Skip::Unlocated);
            }
            Ok(spot(chars, f, by[0].1))
        })
        .collect()
}

/// `tools/score.py`'s `norm`: no spaces or thousands separators, narrowed, the leading
/// number alone.
pub fn norm(v: &str) -> String {
    let t: String = v
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '，'))
        .map(narrow)
        .collect();
    let body = t.trim_start_matches(['约', '逾', '超', '近', '达', '共']);
    let b = body.as_bytes();
    let mut e = 0;
    if e < b.len() && matches!(b[e], b'-' | b'+') {
        e += 1;
    }
    let d0 = e;
    while e < b.len() && b[e].is_ascii_digit() {
        e += 1;
    }
    if e == d0 {
        return t;
    }
    if e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
        e += 1;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
    }
    if e < b.len() && b[e] == b'%' {
        e += 1;
    }
    body[..e].to_owned()
}

/// A new number of the same printed shape, 1–4 % away (at least 2 units of the last place).
pub fn change(number: &str, rng: &mut Rng) -> Option<String> {
    let percent = number.ends_with('%');
    let body = number.trim_end_matches('%');
    let neg = body.starts_with('-');
    let body = body.trim_start_matches('-');
    let decimals = body.split_once('.').map(|(_, f)| f.len()).unwrap_or(0);
    let n: i128 = body.replace([',', '.'], "").parse().ok()?;
    let rel = n * rng.range(10, 40) as i128 / 1000;
    let delta = rel.max(rng.range(2, 6) as i128);
    let m = if n > delta && rng.coin() {
        n - delta
    } else {
        n + delta
    };
    let digits = format!("{:0w$}", m, w = decimals + 1);
    let (int, frac) = digits.split_at(digits.len() - decimals);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if body.contains(',') {
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
    } else {
        out.push_str(int);
    }
    if decimals > 0 {
        out.push('.');
        out.push_str(frac);
    }
    if percent {
        out.push('%');
    }
    (out != number).then_some(out)
}

/// `new` (narrow) written as wide as `raw` was: full-width digits stay full-width.
fn widen_like(raw: &str, new: &str) -> String {
    let wide_digits = raw.chars().any(|c| ('０'..='９').contains(&c));
    let dot = if raw.contains('．') { '．' } else { '.' };
    let pct = if raw.contains('％') { '％' } else { '%' };
    let comma = if raw.contains('，') { '，' } else { ',' };
    let minus = raw
        .chars()
        .find(|c| matches!(c, '-' | '－' | '−'))
        .unwrap_or('-');
    new.chars()
        .map(|c| match c {
            '0'..='9' if wide_digits => {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()
            }
            '.' => dot,
            '%' => pct,
            ',' => comma,
            '-' => minus,
            _ => c,
        })
        .collect()
}

/// One planted figure.
#[derive(Debug, Clone)]
pub struct Plant {
    pub doc: String,
    pub line: usize,
    pub before: String,
    /// The new printed number, as it stands in the mutated text.
    pub after: String,
    pub text: String,
}

/// What a run measured, per relation kind.
#[derive(Debug, Default, Clone)]
pub struct KindStats {
    /// (relation, figure) pairs.
    pub figures: usize,
    pub not_arabic: usize,
    pub unlocated: usize,
    /// Located figures that a check verified on the unmutated twin.
    pub located: usize,
    pub verified: usize,
    pub planted: usize,
    pub found: usize,
}

pub struct Report {
    pub seed: u64,
    pub per_kind: Option<usize>,
    pub kinds: BTreeMap<String, KindStats>,
    /// (document, errors, warnings) on the unmutated twins.
    pub false_alarms: Vec<(String, Vec<Finding>)>,
    /// (document, figure) pairs that could not be located.
    pub unlocated: Vec<(String, FigRef)>,
    /// (plant, found, kinds it breaks)
    pub results: Vec<(Plant, bool, Vec<String>)>,
}

fn pct(f: usize, p: usize) -> String {
    if p == 0 {
        "-".into()
    } else {
        format!("{:.0}%", f as f64 * 100.0 / p as f64)
    }
}

impl Report {
    pub fn totals(&self) -> KindStats {
        let mut t = KindStats::default();
        for k in self.kinds.values() {
            t.figures += k.figures;
            t.not_arabic += k.not_arabic;
            t.unlocated += k.unlocated;
            t.located += k.located;
            t.verified += k.verified;
            t.planted += k.planted;
            t.found += k.found;
        }
        t
    }

    pub fn errors_on_twins(&self) -> usize {
        self.false_alarms
            .iter()
            .flat_map(|(_, f)| f)
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "seed {}, {} per kind; a figure counts once per relation it takes part in",
            self.seed,
            self.per_kind
                .map(|n| format!("up to {n} plants"))
                .unwrap_or("every plant".into())
        );
        let _ = writeln!(
            s,
            "{:<9} {:>7} {:>7} {:>9} {:>7} {:>8} {:>8} {:>7} {:>6} {:>6}",
            "kind",
            "figures",
            "arabic",
            "unlocated",
            "located",
            "verified",
            "coverage",
            "planted",
            "found",
            "recall"
        );
        let row = |s: &mut String, name: &str, k: &KindStats| {
            let _ = writeln!(
                s,
                "{:<9} {:>7} {:>7} {:>9} {:>7} {:>8} {:>8} {:>7} {:>6} {:>6}",
                name,
                k.figures,
                k.figures - k.not_arabic,
                k.unlocated,
                k.located,
                k.verified,
                pct(k.verified, k.located),
                k.planted,
                k.found,
                pct(k.found, k.planted)
            );
        };
        for (name, k) in &self.kinds {
            let name = if is_equality(name) {
                name.clone()
            } else {
                format!("{name}*")
            };
            row(&mut s, &name, k);
        }
        row(&mut s, "all", &self.totals());
        let _ = writeln!(
            s,
            "* order or approximate relation: not planted (a change need not break it)\n\
             located: distinct printings (one named twice in a relation counts once); \
             coverage = verified / located"
        );
        let alarms: usize = self.false_alarms.iter().map(|(_, f)| f.len()).sum();
        let _ = writeln!(
            s,
            "\nalarms on the unmutated twins: {alarms} ({} errors)",
            self.errors_on_twins()
        );
        for (doc, fs) in &self.false_alarms {
            for f in fs {
                let ev: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| format!("{}@{}:{}", e.value, e.page, e.line))
                    .collect();
                let _ = writeln!(
                    s,
                    "  {doc}: {} {} [{}]",
                    f.severity.as_str(),
                    f.rule,
                    ev.join(", ")
                );
            }
        }
        s
    }
}

/// Runs the harness: `per_kind` caps the (relation, figure) pairs planted per kind (drawn
/// with `seed`); `None` plants them all. Each figure is planted once and its outcome counts
/// for every sampled relation it takes part in.
pub fn run(docs: &[DocRels], rules: &Rules, seed: u64, per_kind: Option<usize>) -> Report {
    let analysed: Vec<_> = docs.par_iter().map(|d| verified(&d.text, rules)).collect();
    let mut kinds: BTreeMap<String, KindStats> = BTreeMap::new();
    let mut false_alarms = Vec::new();
    let mut unlocated = Vec::new();
    // kind → (doc index, spot) pairs that can be planted
    let mut pairs: BTreeMap<String, Vec<(usize, Spot)>> = BTreeMap::new();
    for (di, (d, (ss, findings))) in docs.iter().zip(&analysed).enumerate() {
        false_alarms.push((
            d.name.clone(),
            findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .cloned()
                .collect::<Vec<_>>(),
        ));
        let chars = Chars::new(&d.text);
        for r in &d.rels {
            let k = kinds.entry(r.kind.clone()).or_default();
            let mut seen = HashSet::new();
            for (f, at) in r.figs.iter().zip(locate_rel(&chars, &r.figs)) {
                k.figures += 1;
                match at {
                    Err(Skip::NotArabic) => k.not_arabic += 1,
                    Err(Skip::Unlocated) => {
                        k.unlocated += 1;
                        unlocated.push((d.name.clone(), f.clone()));
                    }
                    Ok(spot) => {
                        if !seen.insert(spot.clone()) {
                            continue; // the same printing twice in one relation
                        }
                        k.located += 1;
                        let (pg, ln) = page_line(&d.text, spot.start);
                        if ss.contains(&(pg, ln, norm(&spot.number))) {
                            k.verified += 1;
                        }
                        if is_equality(&r.kind) {
                            pairs.entry(r.kind.clone()).or_default().push((di, spot));
                        }
                    }
                }
            }
        }
    }
    let mut rng = Rng::new(seed);
    let mut wanted: BTreeMap<(usize, Spot), Vec<String>> = BTreeMap::new();
    for (kind, mut v) in pairs {
        if let Some(n) = per_kind {
            rng.shuffle(&mut v);
            v.truncate(n);
        }
        for p in v {
            wanted.entry(p).or_default().push(kind.clone());
        }
    }
    let plants: Vec<(Plant, Vec<String>)> = wanted
        .into_iter()
        .filter_map(|((di, spot), ks)| {
            let d = &docs[di];
            // the change depends on the seed and the figure only, not on the sample
            let mut r = Rng::new(seed ^ (spot.start as u64).wrapping_mul(0x9E37_79B9) ^ di as u64);
            let new = change(&spot.number, &mut r)?;
            let raw = &d.text[spot.start..spot.end];
            let after = widen_like(raw, &new);
            let mut text = String::with_capacity(d.text.len() + 8);
            text.push_str(&d.text[..spot.start]);
            text.push_str(&after);
            text.push_str(&d.text[spot.end..]);
            let line = d.text[..spot.start].matches('\n').count() + 1;
            Some((
                Plant {
                    doc: d.name.clone(),
                    line,
                    before: raw.to_owned(),
                    after,
                    text,
                },
                ks,
            ))
        })
        .collect();
    let results: Vec<(Plant, bool, Vec<String>)> = plants
        .into_par_iter()
        .map(|(p, ks)| {
            let fs = gouji::check(&RawDocument::from_text(&p.text), rules);
            let cite = norm(&p.after);
            let ok = fs
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .any(|f| f.evidence.iter().any(|e| norm(&e.value) == cite));
            (p, ok, ks)
        })
        .collect();
    for (_, ok, ks) in &results {
        for k in ks {
            let s = kinds.entry(k.clone()).or_default();
            s.planted += 1;
            s.found += usize::from(*ok);
        }
    }
    Report {
        seed,
        per_kind,
        kinds,
        false_alarms,
        unlocated,
        results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_keep_the_printed_shape() {
        let mut rng = Rng::new(5);
        for p in ["3,058", "-4.39%", "12", "0.45", "29,147,650.00"] {
            let n = change(p, &mut rng).unwrap();
            assert_ne!(n, p);
            assert_eq!(n.contains(','), p.contains(','), "{p} → {n}");
            assert_eq!(n.ends_with('%'), p.ends_with('%'), "{p} → {n}");
            assert_eq!(n.starts_with('-'), p.starts_with('-'), "{p} → {n}");
        }
        assert_eq!(widen_like("３８６１．２０", "3816.20"), "３８１６．２０");
        assert_eq!(norm("超4,800户"), "4800");
        assert_eq!(norm("１２．５％"), "12.5%");
    }

    #[test]
    fn figures_are_located_once_and_by_line() {
        let text = "共15个，其中5个。\n另有5个，计12.50%。\n";
        let c = Chars::new(text);
        let at = |p: &str, line| {
            let f = FigRef {
                printed: p.into(),
                line,
                nth: None,
            };
            locate_rel(&c, &[f]).remove(0)
        };
        assert_eq!(at("5个", None), Err(Skip::Unlocated));
        let s = at("5个", Some(2)).unwrap();
        assert_eq!(&text[s.start..s.end], "5");
        let s = at("计１２．５０％", None).unwrap();
        assert_eq!(s.number, "12.50%");
        assert_eq!(&text[s.start..s.end], "12.50%");
        assert_eq!(at("八个", None), Err(Skip::NotArabic));
        // printed twice: the printing next to the relation's other figures
        let text = "合计 12.50 \n\n\n\n另 3.00 与 9.50 合计 12.50\n";
        let c = Chars::new(text);
        let figs: Vec<FigRef> = ["3.00", "9.50", "12.50"]
            .iter()
            .map(|p| FigRef {
                printed: (*p).into(),
                line: None,
                nth: None,
            })
            .collect();
        let spots = locate_rel(&c, &figs);
        assert_eq!(
            spots[2].as_ref().unwrap().start,
            text.rfind("12.50").unwrap()
        );
    }
}
