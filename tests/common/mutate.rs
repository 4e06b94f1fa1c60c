//! The mutation harness: plants one contradiction at a time in a consistent document and
//! asks whether gouji finds it. Shared by `examples/selfeval.rs` and `tests/recall.rs`
//! (included with `#[path]`); it uses only gouji's public API.
//!
//! A mutation edits the raw text of one printed figure. The figure is found through the
//! analysis of the unmutated document (logical line, byte) → printed page and line →
//! the same occurrence of the printed number in the raw line. The mutation is *found*
//! when a warning or error cites the new printed value among its evidence values, or has
//! evidence on the mutated printed line.

#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr;

use gouji::figures::Figure;
use gouji::{Analysis, Finding, RawDocument, Rules, Severity};
use rayon::prelude::*;
use rust_decimal::Decimal;

/// xorshift64*: small, reproducible, no crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // splitmix the seed so that 0 and small seeds give good streams
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A verified figure's last digits changed.
    Changed,
    /// A verified 万元 amount ×10000, or its unit word 万元 → 元.
    UnitSlip,
    /// The minus of a verified negative figure dropped.
    LostSign,
    /// One printing of a figure printed twice changed.
    Restated,
    /// An indicator's score (自评得分 …) changed.
    SubScore,
    /// A count (5个, 两项) changed.
    Count,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Changed,
        Kind::UnitSlip,
        Kind::LostSign,
        Kind::Restated,
        Kind::SubScore,
        Kind::Count,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::UnitSlip => "unit-slip",
            Kind::LostSign => "lost-sign",
            Kind::Restated => "restated",
            Kind::SubScore => "sub-score",
            Kind::Count => "count",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// A consistent document.
pub struct Doc {
    pub name: String,
    pub text: String,
}

/// Every `*.txt` of a directory, in name order.
pub fn load_dir(dir: &Path) -> Vec<Doc> {
    let mut docs: Vec<Doc> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| Doc {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        })
        .collect();
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs
}

/// A printed figure located in the raw text.
#[derive(Debug, Clone)]
pub struct Site {
    pub page: u32,
    pub line: u32,
    /// Byte range of the printed number in the raw text.
    pub start: usize,
    pub end: usize,
    pub printed: String,
    pub value: Decimal,
    pub decimals: u32,
    pub percent: bool,
    pub unit: String,
    pub label: String,
    pub chinese: bool,
    pub exact: bool,
    pub verified: bool,
    /// An amount of money: a 元 unit, or a cell of a table column of amounts.
    pub money: bool,
}

/// One planted contradiction.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub kind: Kind,
    pub doc: String,
    pub page: u32,
    pub line: u32,
    /// The printed figure before and after ("万元" → "元" for a unit slip of the word).
    pub before: String,
    pub after: String,
    /// The value a finding should cite.
    pub cite: String,
    /// The mutated raw document.
    pub text: String,
}

impl Mutation {
    pub fn describe(&self) -> String {
        format!(
            "{:<9} {}:{}:{}  {} → {}",
            self.kind.name(),
            self.doc,
            self.page,
            self.line,
            self.before,
            self.after
        )
    }
}

/// Byte offsets of each page's non-empty lines in the raw text, as `normalize` counts them.
fn raw_lines(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut pages = Vec::new();
    let mut off = 0;
    for page in text.split('\u{c}') {
        let mut lines = Vec::new();
        let mut pos = off;
        for l in page.split('\n') {
            let t = l.trim();
            if !t.is_empty() {
                let s = pos + (l.len() - l.trim_start().len());
                lines.push((s, s + t.len()));
            }
            pos += l.len() + 1;
        }
        pages.push(lines);
        off += page.len() + '\u{c}'.len_utf8();
    }
    pages
}

/// Every figure of a document located in its raw text, with whether a check verified it.
pub fn sites(text: &str, rules: &Rules) -> (Vec<Site>, Vec<Finding>) {
    let raw = RawDocument::from_text(text);
    let a = Analysis::new(&raw, rules);
    let outcome = gouji::checks::run_all(&a);
    let verified: HashSet<(usize, usize)> = outcome.verified.iter().copied().collect();
    let pages = raw_lines(text);
    let amount_cols: HashSet<&str> = rules
        .columns
        .iter()
        .filter(|c| c.kind == "amount")
        .map(|c| c.name.as_str())
        .collect();
    let mut amounts: HashSet<(usize, usize)> = HashSet::new();
    for t in &a.tables {
        for r in &t.rows {
            for (i, c) in r.cells.iter().enumerate() {
                let col = t.columns.get(i).and_then(|c| c.as_deref());
                if col.is_some_and(|n| amount_cols.contains(n)) {
                    amounts.insert((c.line, c.start));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (li, figs) in a.figures.iter().enumerate() {
        let line = &a.text.lines[li];
        for f in figs {
            if let Some(s) = locate(text, &pages, line, f) {
                out.push(Site {
                    verified: verified.contains(&(li, f.start)),
                    money: f.is_money() || amounts.contains(&(li, f.start)),
                    ..s
                });
            }
        }
    }
    (out, outcome.findings)
}

fn locate(
    text: &str,
    pages: &[Vec<(usize, usize)>],
    line: &gouji::normalize::Line,
    f: &Figure,
) -> Option<Site> {
    let k = line
        .spans
        .partition_point(|(b, _)| *b <= f.start)
        .checked_sub(1)?;
    let (part_start, loc) = line.spans[k];
    let part_end = line
        .spans
        .get(k + 1)
        .map(|s| s.0)
        .unwrap_or(line.text.len());
    if f.end > part_end {
        return None; // the number is broken over two printed lines
    }
    let part = &line.text[part_start..part_end];
    let nth = part[..f.start - part_start]
        .matches(f.printed.as_str())
        .count();
    let (ls, le) = *pages
        .get(loc.page as usize - 1)?
        .get(loc.line as usize - 1)?;
    let raw_line = &text[ls..le];
    let (pos, _) = raw_line.match_indices(f.printed.as_str()).nth(nth)?;
    Some(Site {
        page: loc.page,
        line: loc.line,
        start: ls + pos,
        end: ls + pos + f.printed.len(),
        printed: f.printed.clone(),
        value: f.value,
        decimals: f.decimals,
        percent: f.percent,
        unit: f.unit.clone(),
        label: f.label.clone(),
        chinese: f.chinese,
        exact: matches!(f.approx, gouji::figures::Approx::Exact),
        verified: false,
        money: false,
    })
}

/// The digits of a printed Arabic figure as one integer, and how it was written.
struct Digits {
    neg: bool,
    n: i128,
    decimals: u32,
    commas: bool,
    percent: bool,
}

fn digits(printed: &str) -> Option<Digits> {
    let percent = printed.ends_with('%');
    let body = printed.trim_end_matches('%');
    let neg = body.starts_with('-');
    let body = body.trim_start_matches('-');
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let decimals = body
        .split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0);
    let n = body.replace([',', '.'], "").parse::<i128>().ok()?;
    Some(Digits {
        neg,
        n,
        decimals,
        commas: body.contains(','),
        percent,
    })
}

fn format_digits(neg: bool, n: i128, decimals: u32, commas: bool, percent: bool) -> String {
    let s = format!("{:0width$}", n, width = decimals as usize + 1);
    let (int, frac) = s.split_at(s.len() - decimals as usize);
    let mut int_s = int.to_owned();
    if commas {
        let b = int.as_bytes();
        let mut g = String::new();
        for (i, c) in b.iter().enumerate() {
            if i > 0 && (b.len() - i) % 3 == 0 {
                g.push(',');
            }
            g.push(*c as char);
        }
        int_s = g;
    }
    let mut out = String::new();
    if neg && n != 0 {
        out.push('-');
    }
    out.push_str(&int_s);
    if decimals > 0 {
        out.push('.');
        out.push_str(frac);
    }
    if percent {
        out.push('%');
    }
    out
}

/// Changes the last digits of a printed figure by a few units of its last place, enough
/// that no rounding or truncation of the old value can give the new one.
fn change_digits(printed: &str, rng: &mut Rng, small: bool) -> Option<String> {
    let d = digits(printed)?;
    let delta = if small || d.n < 10 {
        rng.range(2, 6) as i128
    } else if d.n < 100 {
        rng.range(3, 9) as i128
    } else {
        rng.range(13, 47) as i128
    };
    let n = if d.n > delta && (small || rng.coin()) {
        d.n - delta
    } else {
        d.n + delta
    };
    let out = format_digits(d.neg, n, d.decimals, d.commas, d.percent);
    (out != printed).then_some(out)
}

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn change_count(s: &Site, rng: &mut Rng) -> Option<String> {
    if s.chinese {
        let v = u32::from_str(&s.value.to_string()).ok()?;
        if !(1..=8).contains(&v) {
            return None;
        }
        return Some(CN_DIGITS[v as usize + 1].to_owned());
    }
    let d = digits(&s.printed)?;
    if d.decimals > 0 {
        return None;
    }
    let k = rng.range(1, 3) as i128;
    Some(format_digits(d.neg, d.n + k, 0, d.commas, d.percent))
}

fn is_score_label(label: &str, rules: &Rules) -> bool {
    !label.contains("得分率")
        && rules
            .score
            .score
            .iter()
            .any(|w| label.ends_with(w.as_str()))
}

/// A count (5个, 两项), not a rule's parameter (每少 1 个).
fn is_count(s: &Site, rules: &Rules) -> bool {
    let u = s.unit.trim_start_matches(['万', '亿', '余']);
    s.exact
        && !s.percent
        && s.decimals == 0
        && (s.chinese || s.value >= Decimal::from(2))
        && !s.label.contains('每')
        && rules.units.classifiers.iter().any(|c| c == u)
}

/// A figure distinctive enough that two equal printings are likely one fact.
fn distinctive(s: &Site) -> bool {
    s.exact
        && !s.chinese
        && if s.percent {
            s.decimals > 0 && s.value != Decimal::from(100)
        } else {
            !s.value.is_zero()
                && (s.decimals > 0 || (s.value.abs() >= Decimal::from(100) && !s.unit.is_empty()))
        }
}

fn apply(text: &str, start: usize, end: usize, new: &str) -> String {
    let mut t = String::with_capacity(text.len() + new.len());
    t.push_str(&text[..start]);
    t.push_str(new);
    t.push_str(&text[end..]);
    t
}

fn mutation(doc: &Doc, kind: Kind, s: &Site, new: String, cite: String) -> Mutation {
    Mutation {
        kind,
        doc: doc.name.clone(),
        page: s.page,
        line: s.line,
        before: s.printed.clone(),
        after: new.clone(),
        cite,
        text: apply(&doc.text, s.start, s.end, &new),
    }
}

/// Up to `per_kind` mutations of each kind for one document.
pub fn plan(
    doc: &Doc,
    sites: &[Site],
    rules: &Rules,
    rng: &mut Rng,
    per_kind: usize,
) -> Vec<Mutation> {
    let mut out = Vec::new();
    // Printed again on another line: equal figures on one line are often two facts that
    // happen to agree (target and actual, budget and spending).
    let reprinted = |s: &Site| {
        sites.iter().any(|o| {
            (o.page, o.line) != (s.page, s.line) && o.printed == s.printed && o.unit == s.unit
        })
    };
    let recounted = |s: &Site| {
        sites.iter().any(|o| {
            (o.page, o.line) != (s.page, s.line)
                && o.value == s.value
                && o.unit == s.unit
                && is_count(o, rules)
        })
    };
    for kind in Kind::ALL {
        let mut cands: Vec<&Site> = sites
            .iter()
            .filter(|s| match kind {
                Kind::Changed => s.verified && !s.chinese && s.exact,
                Kind::UnitSlip => s.verified && s.money && !s.percent && !s.value.is_zero(),
                Kind::LostSign => {
                    s.verified && s.value.is_sign_negative() && s.printed.starts_with('-')
                }
                Kind::Restated => distinctive(s) && reprinted(s),
                Kind::SubScore => !s.percent && s.exact && is_score_label(&s.label, rules),
                Kind::Count => is_count(s, rules) && (s.verified || recounted(s)),
            })
            .collect();
        rng.shuffle(&mut cands);
        let mut n = 0;
        for s in cands {
            if n == per_kind {
                break;
            }
            let m = match kind {
                Kind::Changed | Kind::Restated => change_digits(&s.printed, rng, false)
                    .map(|new| mutation(doc, kind, s, new.clone(), new)),
                Kind::SubScore => change_digits(&s.printed, rng, true)
                    .map(|new| mutation(doc, kind, s, new.clone(), new)),
                Kind::LostSign => {
                    let new = s.printed.trim_start_matches('-').to_owned();
                    Some(mutation(doc, kind, s, new.clone(), new))
                }
                Kind::Count => {
                    change_count(s, rng).map(|new| mutation(doc, kind, s, new.clone(), new))
                }
                Kind::UnitSlip => unit_slip(doc, s, rng),
            };
            if let Some(m) = m {
                out.push(m);
                n += 1;
            }
        }
    }
    out
}

fn unit_slip(doc: &Doc, s: &Site, rng: &mut Rng) -> Option<Mutation> {
    let after = &doc.text[s.end..];
    let gap = after.len() - after.trim_start_matches(' ').len();
    if s.unit == "万元" && after[gap..].starts_with("万元") && rng.coin() {
        let at = s.end + gap;
        return Some(Mutation {
            kind: Kind::UnitSlip,
            doc: doc.name.clone(),
            page: s.page,
            line: s.line,
            before: format!("{} 万元", s.printed),
            after: format!("{} 元", s.printed),
            cite: s.printed.clone(),
            text: apply(&doc.text, at, at + "万元".len(), "元"),
        });
    }
    let d = digits(&s.printed)?;
    let new = format_digits(d.neg, d.n * 10_000, d.decimals, d.commas, d.percent);
    Some(mutation(doc, Kind::UnitSlip, s, new.clone(), new))
}

/// Whether a finding at warning or error points at the mutation.
pub fn found(m: &Mutation, findings: &[Finding]) -> bool {
    findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .any(|f| {
            f.evidence
                .iter()
                .any(|e| e.value == m.cite || (e.page == m.page && e.line == m.line))
        })
}

pub fn alarms(findings: &[Finding]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .cloned()
        .collect()
}

/// What a run measured.
pub struct Report {
    pub seed: u64,
    pub per_kind: usize,
    /// (kind, planted, found)
    pub recall: Vec<(Kind, usize, usize)>,
    /// (document, its warnings and errors without any mutation)
    pub false_alarms: Vec<(String, Vec<Finding>)>,
    /// (mutation, found)
    pub results: Vec<(Mutation, bool)>,
}

impl Report {
    pub fn recall_of(&self, k: Kind) -> (usize, usize) {
        self.recall
            .iter()
            .find(|r| r.0 == k)
            .map(|r| (r.1, r.2))
            .unwrap_or((0, 0))
    }

    pub fn false_alarm_count(&self) -> usize {
        self.false_alarms.iter().map(|(_, f)| f.len()).sum()
    }

    /// The recall table and the false alarms, as printed by the example.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "seed {}, up to {} mutations per kind and document",
            self.seed, self.per_kind
        );
        let _ = writeln!(
            s,
            "{:<10} {:>7} {:>6} {:>7}",
            "kind", "planted", "found", "recall"
        );
        let (mut tp, mut tf) = (0, 0);
        for (k, p, f) in &self.recall {
            tp += p;
            tf += f;
            let _ = writeln!(s, "{:<10} {:>7} {:>6} {:>7}", k.name(), p, f, pct(*f, *p));
        }
        let _ = writeln!(s, "{:<10} {:>7} {:>6} {:>7}", "all", tp, tf, pct(tf, tp));
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "false alarms (errors and warnings on the unmutated documents): {}",
            self.false_alarm_count()
        );
        for (doc, fs) in &self.false_alarms {
            let _ = writeln!(s, "  {:<40} {}", doc, fs.len());
            for f in fs {
                let ev: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| format!("{}@{}:{}", e.value, e.page, e.line))
                    .collect();
                let _ = writeln!(
                    s,
                    "    {} {} {} [{}]",
                    f.severity.as_str(),
                    f.rule,
                    f.message,
                    ev.join(", ")
                );
            }
        }
        s
    }
}

fn pct(f: usize, p: usize) -> String {
    if p == 0 {
        "-".into()
    } else {
        format!("{:.0}%", f as f64 * 100.0 / p as f64)
    }
}

/// Runs the harness over `docs`: false alarms, then up to `per_kind` mutations of each
/// kind in each document, drawn from `seed`.
pub fn run(docs: &[Doc], rules: &Rules, seed: u64, per_kind: usize) -> Report {
    let mut rng = Rng::new(seed);
    let analysed: Vec<(Vec<Site>, Vec<Finding>)> =
        docs.par_iter().map(|d| sites(&d.text, rules)).collect();
    let mut planned = Vec::new();
    let mut false_alarms = Vec::new();
    for (d, (s, findings)) in docs.iter().zip(&analysed) {
        false_alarms.push((d.name.clone(), alarms(findings)));
        planned.extend(plan(d, s, rules, &mut rng, per_kind));
    }
    let results: Vec<(Mutation, bool)> = planned
        .into_par_iter()
        .map(|m| {
            let fs = gouji::check(&RawDocument::from_text(&m.text), rules);
            let ok = found(&m, &fs);
            (m, ok)
        })
        .collect();
    let recall = Kind::ALL
        .iter()
        .map(|&k| {
            let of_kind = results.iter().filter(|r| r.0.kind == k);
            (k, of_kind.clone().count(), of_kind.filter(|r| r.1).count())
        })
        .collect();
    Report {
        seed,
        per_kind,
        recall,
        false_alarms,
        results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_keep_their_printed_shape() {
        assert_eq!(format_digits(false, 1_730_396, 2, true, false), "17,303.96");
        assert_eq!(format_digits(true, 5211, 2, false, false), "-52.11");
        assert_eq!(format_digits(false, 19, 3, false, true), "0.019%");
        let mut rng = Rng::new(3);
        for p in ["17,303.71", "-52.11", "0.019%", "2", "100%", "1,562"] {
            let d = digits(p).unwrap();
            let new = change_digits(p, &mut rng, false).unwrap();
            let n = digits(&new).unwrap();
            assert_ne!(new, p);
            assert_eq!(
                (n.neg, n.decimals, n.commas, n.percent),
                (d.neg, d.decimals, d.commas, d.percent),
                "{p} → {new}"
            );
        }
    }

    #[test]
    fn sites_point_at_the_printed_figure() {
        let text = "按支出性质分类 年初预算数 调整金额 调整后预算\n\n人员经费 3,609.17 -52.11 3,557.06\n\n合计 1 2 3\n\n\u{c}第二页 共 5 个，另 5 个。\n";
        let (sites, _) = sites(text, &Rules::builtin());
        for s in &sites {
            assert_eq!(&text[s.start..s.end], s.printed, "{s:?}");
        }
        let second: Vec<&Site> = sites.iter().filter(|s| s.page == 2).collect();
        assert_eq!(second.len(), 2);
        assert!(second[0].start < second[1].start);
    }
}
