//! Tables rebuilt as grids from any flattened layout.
//!
//! Text extractors print a table in one of a few ways: one row per line (cells separated by
//! spaces, header cells broken over two or three short lines), one cell per line, or column
//! by column (the row labels first, then each column's name and values). All three read as one
//! stream of items: label text and figures. A row is the text before a run of figures; the
//! table's width is the commonest run length. A column-wise table is told by its runs: each
//! run is of one kind (all rates, or all amounts) while rows mix them, and its row labels stand
//! in one list above the first run.
//!
//! Page furniture (page numbers, running heads), "续表" and a repeated header are skipped, so a
//! table continued over a page break is one grid. Serial numbers (一 / 1 / （一）) are part of the
//! label, not cells; cells with units (3台, 1,260列) and placeholders (—) are cells.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::figures::{self, Figure};
use crate::normalize::Text;
use crate::rules::Rules;

use super::row_key;

/// A table as rows × columns.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The title line above it ("表1 …"), spaces dropped; empty when none.
    pub title: String,
    /// The table's unit ("元", "万元"; empty when not printed).
    pub unit: String,
    /// The header text, joined, spaces dropped.
    pub header: String,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<GridRow>,
    /// Printed column by column.
    pub column_wise: bool,
}

#[derive(Debug, Clone)]
pub struct GridColumn {
    /// The column's header words where they could be told apart (else empty).
    pub name: String,
    /// Its cells are percentages.
    pub percent: bool,
}

#[derive(Debug, Clone)]
pub struct GridRow {
    /// The label as printed (fragments joined, serial number included).
    pub label: String,
    /// The label without serial numbers and spaces.
    pub key: String,
    /// Numbering level: 1 for 一、, 2 for （一）, 3 for 1 / 1. , 0 when unnumbered.
    pub level: u8,
    /// One entry per column: a figure, `Some(None)`-like blanks are `Cell::Blank`.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub enum Cell {
    Figure(Figure),
    /// A placeholder ("—") or a text cell: no amount.
    Blank,
    /// Not known (a row printed with fewer cells than the table has columns).
    Unknown,
}

impl Cell {
    pub fn figure(&self) -> Option<&Figure> {
        match self {
            Cell::Figure(f) => Some(f),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
enum Item {
    Text { s: String, line: usize, first: bool },
    Num { f: Figure, first: bool, pl: usize },
    Blank { line: usize },
}

impl Item {
    fn line(&self) -> usize {
        match self {
            Item::Text { line, .. } | Item::Blank { line } => *line,
            Item::Num { pl, .. } => *pl,
        }
    }
}

static PAGE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-—–－\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}\s*/\s*\d{1,4})[-—–－\s]*$")
        .unwrap()
});

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(续?表\s*[0-9一二三四五六七八九十]+|附表\s*[0-9一二三四五六七八九十]*)")
        .unwrap()
});

static UNIT_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([\p{Han}]{1,2})$").unwrap()
});

/// Units that make a number no cell: dates and ordinals.
const NOT_CELL_UNITS: &[&str] = &["年", "月", "日", "号", "期", "季度", "次年", "年度", "元"];

fn is_blank_token(t: &str) -> bool {
    matches!(t, "—" | "-" | "/" | "--" | "——" | "－" | "─" | "…")
}

/// A line of running prose: sentence punctuation, or long.
fn is_prose(s: &str, rules: &Rules) -> bool {
    let t = s.trim();
    let subset = rules
        .grid
        .subset_rows
        .iter()
        .any(|w| t.starts_with(w.as_str()));
    let words: usize = t
        .split(' ')
        .filter(|w| figures::parse_cell(w, 0, 0).is_none())
        .map(|w| w.chars().count())
        .sum();
    words > 40
        || t.contains(['。', '；', '，', '！', '？'])
        || (!subset && t.contains(['：', ':']) && !t.contains("单位"))
}

fn unit_in(s: &str) -> Option<&'static str> {
    let i = s.find("单位")?;
    let rest = s[i + "单位".len()..].trim_start_matches([':', '：', ' ']);
    ["亿元", "万元", "千元", "元"]
        .into_iter()
        .find(|u| rest.starts_with(u))
}

/// Items of one line.
/// Items of one printed line `s` (numbered `line` among printed lines), which starts at byte
/// `offset` of logical line `logical`.
fn items_of(s: &str, line: usize, logical: usize, offset: usize) -> Vec<Item> {
    let mut out = Vec::new();
    let toks = super::tokens(s);
    let n = toks.len();
    for (i, (start, tok)) in toks.into_iter().enumerate() {
        let first = i == 0;
        if is_blank_token(tok) {
            out.push(Item::Blank { line });
            continue;
        }
        let start = start + offset;
        if let Some(f) = figures::parse_cell(tok, logical, start) {
            // A serial number: a small bare integer starting a line that goes on with a label.
            let next_text = i + 1 < n;
            if first
                && next_text
                && f.decimals == 0
                && !f.percent
                && !tok.contains(',')
                && f.value <= rust_decimal::Decimal::from(99)
            {
                out.push(Item::Text {
                    s: tok.to_owned(),
                    line,
                    first,
                });
                continue;
            }
            out.push(Item::Num { f, first, pl: line });
            continue;
        }
        if let Some(c) = UNIT_CELL.captures(tok) {
            let unit = c.get(2).map_or("", |m| m.as_str());
            if !NOT_CELL_UNITS.contains(&unit) {
                let num = c.get(1).map_or("", |m| m.as_str());
                if let Some(mut f) = figures::parse_cell(num, logical, start) {
                    f.unit = unit.to_owned();
                    f.unit_end = start + tok.len();
                    out.push(Item::Num { f, first, pl: line });
                    continue;
                }
            }
        }
        out.push(Item::Text {
            s: tok.to_owned(),
            line,
            first,
        });
    }
    out
}

/// A run of lines between prose: its items, its title and unit.
struct Region {
    items: Vec<Item>,
    title: String,
    unit: String,
}

/// Grids of the document; lines that are rows of side-by-side tables (`tables` with a side)
/// end a grid and are none of its rows.
pub fn find_grids(text: &Text, tables: &[super::Table], rules: &Rules) -> Vec<Grid> {
    let mut taken = vec![false; text.lines.len()];
    for t in tables.iter().filter(|t| t.side.is_some()) {
        for r in &t.rows {
            if let Some(x) = taken.get_mut(r.line) {
                *x = true;
            }
        }
    }
    // Printed lines: (logical line, byte offset in it, text).
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    for (i, l) in text.lines.iter().enumerate() {
        if taken[i] {
            lines.push((i, 0, "。"));
            continue;
        }
        for (j, (b, _)) in l.spans.iter().enumerate() {
            let end = l.spans.get(j + 1).map_or(l.text.len(), |s| s.0);
            if let Some(piece) = l.text.get(*b..end) {
                lines.push((i, *b, piece));
            }
        }
    }
    // Running heads: a line right after a page mark that recurs.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.2.trim()).or_default() += 1;
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut cur = Region {
        items: Vec::new(),
        title: String::new(),
        unit: String::new(),
    };
    let flush = |cur: &mut Region, regions: &mut Vec<Region>, keep_title: bool| {
        let title = if keep_title {
            cur.title.clone()
        } else {
            String::new()
        };
        let unit = if keep_title {
            cur.unit.clone()
        } else {
            String::new()
        };
        let r = std::mem::replace(
            cur,
            Region {
                items: Vec::new(),
                title,
                unit,
            },
        );
        if r.items
            .iter()
            .filter(|i| matches!(i, Item::Num { .. }))
            .count()
            >= 4
        {
            regions.push(r);
        }
    };
    let mut after_mark = false;
    let mut continuing = false;
    for (pl, &(logical, offset, l)) in lines.iter().enumerate() {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if PAGE_MARK.is_match(t) {
            after_mark = true;
            continue;
        }
        if after_mark && counts.get(t).copied().unwrap_or(0) >= 2 {
            after_mark = false;
            continue;
        }
        after_mark = false;
        let squashed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if rules.grid.continued.contains(&squashed) {
            continuing = true;
            continue;
        }
        // The title printed again over the rest of the table.
        if TITLE.is_match(t) && !cur.title.is_empty() && squashed == cur.title {
            continuing = true;
            continue;
        }
        if TITLE.is_match(t) && !squashed.starts_with("续") {
            flush(&mut cur, &mut regions, false);
            cur.title = squashed.clone();
            cur.unit = unit_in(t).unwrap_or("").to_owned();
            continue;
        }
        if TITLE.is_match(t) {
            // 续表N: the same table goes on.
            continue;
        }
        if let Some(u) = unit_in(t) {
            if t.chars().count() <= 24 {
                if !std::mem::take(&mut continuing)
                    && cur.items.iter().any(|i| matches!(i, Item::Num { .. }))
                {
                    flush(&mut cur, &mut regions, false);
                }
                cur.unit = u.to_owned();
                continue;
            }
        }
        if is_prose(t, rules) {
            flush(&mut cur, &mut regions, false);
            continue;
        }
        cur.items.extend(items_of(l, pl, logical, offset));
    }
    flush(&mut cur, &mut regions, false);
    regions
        .into_iter()
        .flat_map(|r| build(r, rules))
        .filter(|g| !g.rows.iter().any(|r| two_sided_label(&r.key)))
        .collect()
}

/// A label that runs into another heading number ("政府性基金三、科学技术支出"): two tables
/// printed side by side, whose cells cannot be placed.
fn two_sided_label(key: &str) -> bool {
    const CN: &str = "一二三四五六七八九十";
    let chars: Vec<char> = key.chars().collect();
    chars
        .windows(2)
        .enumerate()
        .any(|(i, w)| i > 0 && CN.contains(w[0]) && w[1] == '、')
}

/// A row of the stream: the text before a run of figures, and the run.
#[derive(Debug, Clone)]
struct Group {
    pre: Vec<(String, usize, bool)>,
    run: Vec<Item>,
}

fn is_bare_int(i: &Item) -> bool {
    match i {
        Item::Num { f, .. } => {
            f.decimals == 0
                && !f.percent
                && f.unit.is_empty()
                && !f.printed.contains(',')
                && f.value > rust_decimal::Decimal::ZERO
                && f.value <= rust_decimal::Decimal::from(99)
        }
        _ => false,
    }
}

fn groups_of(items: Vec<Item>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut cur = Group {
        pre: Vec::new(),
        run: Vec::new(),
    };
    for it in items {
        match it {
            Item::Text { s, line, first } => {
                // Text after a figure on the same line: a text cell of the row.
                if cur.run.last().is_some_and(|r| r.line() == line) && !first {
                    cur.run.push(Item::Blank { line });
                    continue;
                }
                if !cur.run.is_empty() {
                    groups.push(std::mem::replace(
                        &mut cur,
                        Group {
                            pre: Vec::new(),
                            run: Vec::new(),
                        },
                    ));
                }
                cur.pre.push((s, line, first));
            }
            other => {
                // A placeholder before any figure of a row with a label: a cell.
                cur.run.push(other);
            }
        }
    }
    if !cur.run.is_empty() {
        groups.push(cur);
    }
    groups
}

fn mode(v: impl Iterator<Item = usize>) -> Option<usize> {
    let mut c: HashMap<usize, usize> = HashMap::new();
    for x in v {
        *c.entry(x).or_default() += 1;
    }
    c.into_iter().max_by_key(|&(k, n)| (n, k)).map(|(k, _)| k)
}

fn joined(pre: &[(String, usize, bool)]) -> String {
    pre.iter()
        .flat_map(|(s, _, _)| s.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Lines of the text items, in order: (joined text, line).
fn pre_lines(pre: &[(String, usize, bool)]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (s, line, _) in pre {
        match out.last_mut() {
            Some((t, l)) if *l == *line => {
                t.push(' ');
                t.push_str(s)
            }
            _ => out.push((s.clone(), *line)),
        }
    }
    out
}

fn is_total(key: &str, rules: &Rules) -> bool {
    rules
        .grid
        .total_rows
        .iter()
        .any(|w| key.ends_with(w.as_str()))
}

fn build(mut r: Region, rules: &Rules) -> Vec<Grid> {
    let mut groups = groups_of(std::mem::take(&mut r.items));
    // One column of figures under a list of row labels, printed column by column, and text
    // columns after it (下达文号, 下达时间: no figure, a placeholder on the total row).
    let has_num = |g: &Group| g.run.iter().any(|i| matches!(i, Item::Num { .. }));
    if !groups.is_empty() && has_num(&groups[0]) && !groups[1..].iter().any(has_num) {
        groups.truncate(1);
        let k = groups[0].run.len();
        return if k >= 2 && groups[0].run.iter().all(|i| matches!(i, Item::Num { .. })) {
            column_wise(&groups, k, &r, rules).into_iter().collect()
        } else {
            Vec::new()
        };
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    // Serial numbers on lines of their own: a bare integer ending runs, counting up run by run.
    let trailing: Vec<Option<rust_decimal::Decimal>> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| match g.run.last() {
            Some(it @ Item::Num { f, .. })
                if i + 1 < groups.len() && g.run.len() >= 2 && is_bare_int(it) =>
            {
                Some(f.value)
            }
            _ => None,
        })
        .collect();
    let one = rust_decimal::Decimal::ONE;
    let counted: Vec<bool> = (0..groups.len())
        .map(|i| {
            let v = trailing[i];
            let near = |j: usize| trailing.get(j).copied().flatten();
            v.is_some_and(|v| {
                near(i + 1) == Some(v + one)
                    || near(i + 2) == Some(v + one)
                    || (i >= 1 && near(i - 1) == Some(v - one))
                    || (i >= 2 && near(i - 2) == Some(v - one))
            })
        })
        .collect();
    if counted.iter().filter(|&&c| c).count() >= 2 {
        for i in 0..groups.len() {
            if counted[i] {
                if let Some(Item::Num { f, .. }) = groups[i].run.pop() {
                    groups[i + 1]
                        .pre
                        .insert(0, (f.printed.clone(), f.line, true));
                }
            }
        }
    }
    let Some(k) = mode(groups.iter().map(|g| g.run.len()).filter(|&n| n >= 2)) else {
        return Vec::new();
    };
    // Serial numbers printed on a line of their own (one cell per line): the extra bare
    // integer at the end of a run belongs to the next row's label.
    for i in 0..groups.len() {
        let extra = groups[i].run.len() == k + 1 && is_bare_int(&groups[i].run[k]);
        let lone = groups[i].run.len() == 1 && is_bare_int(&groups[i].run[0]);
        if (extra || lone) && i + 1 < groups.len() {
            let it = groups[i].run.pop();
            if let Some(Item::Num { f, .. }) = it {
                groups[i + 1]
                    .pre
                    .insert(0, (f.printed.clone(), f.line, true));
            }
        }
    }
    // A lone serial run merged into the next row leaves an empty group.
    let mut merged: Vec<Group> = Vec::new();
    for g in groups {
        if let Some(prev) = merged.last_mut() {
            if prev.run.is_empty() {
                let mut pre = std::mem::take(&mut prev.pre);
                pre.extend(g.pre);
                prev.pre = pre;
                prev.run = g.run;
                continue;
            }
        }
        merged.push(g);
    }
    let groups = merged;
    if let Some(g) = column_wise(&groups, k, &r, rules) {
        return vec![g];
    }
    rows_grid(&groups, k, &r, rules)
}

/// A percentage run, an amount run or a mix.
fn run_kind(run: &[Item]) -> Option<bool> {
    let figs: Vec<&Figure> = run
        .iter()
        .filter_map(|i| match i {
            Item::Num { f, .. } => Some(f),
            _ => None,
        })
        .collect();
    let p = figs.iter().filter(|f| f.percent).count();
    if p == figs.len() {
        Some(true)
    } else if p == 0 {
        Some(false)
    } else {
        None
    }
}

fn column_wise(groups: &[Group], k: usize, r: &Region, rules: &Rules) -> Option<Grid> {
    let first = pre_lines(&groups[0].pre);
    if groups.is_empty() || first.len() < k + 1 {
        return None;
    }
    // Runs of one line each, none placed beside text.
    if groups.iter().any(|g| {
        g.pre.iter().any(|p| !p.2)
            || g.run
                .iter()
                .any(|i| matches!(i, Item::Num { first: false, .. }))
    }) {
        return None;
    }
    if groups
        .iter()
        .any(|g| g.run.len() != k && g.run.len() + 1 != k)
    {
        return None;
    }
    let kinds: Vec<Option<bool>> = groups.iter().map(|g| run_kind(&g.run)).collect();
    if kinds.iter().any(Option::is_none) {
        return None;
    }
    let any_pct = kinds.contains(&Some(true));
    let any_amt = kinds.contains(&Some(false));
    let later_total = groups[1..]
        .iter()
        .any(|g| is_total(&row_key(&joined(&g.pre)), rules));
    // The name of the first column: one line, or two where the second is a unit in brackets.
    let m = if first
        .last()
        .is_some_and(|(s, _)| s.starts_with(['（', '(']))
    {
        2
    } else {
        1
    };
    if first.len() < k + m {
        return None;
    }
    let labels: Vec<&(String, usize)> =
        first[first.len() - m - k..first.len() - m].iter().collect();
    let listed_total = labels.iter().any(|(s, _)| is_total(&row_key(s), rules));
    if later_total || !(any_pct && any_amt || listed_total) {
        return None;
    }
    let header: String = first[..first.len() - m - k]
        .iter()
        .map(|(s, _)| s.as_str())
        .collect();
    let mut names = vec![first[first.len() - m..]
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<String>()];
    names.extend(groups[1..].iter().map(|g| joined(&g.pre)));
    let columns: Vec<GridColumn> = names
        .into_iter()
        .zip(&kinds)
        .map(|(name, k)| GridColumn {
            name,
            percent: *k == Some(true),
        })
        .collect();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(e, (label, _))| {
            let cells = groups
                .iter()
                .map(|g| match g.run.get(e) {
                    Some(Item::Num { f, .. }) => Cell::Figure(f.clone()),
                    Some(_) => Cell::Blank,
                    None => Cell::Unknown,
                })
                .collect();
            row(label.clone(), cells)
        })
        .collect();
    Some(Grid {
        title: r.title.clone(),
        unit: r.unit.clone(),
        header,
        columns,
        rows,
        column_wise: true,
    })
}

fn level_of(label: &str) -> u8 {
    let t = label.trim_start();
    const CN: &str = "一二三四五六七八九十";
    let n = t.chars().take_while(|c| CN.contains(*c)).count();
    if n > 0 {
        let rest: String = t.chars().skip(n).take(1).collect();
        if rest == "、" || rest == " " || rest == "." || rest == "．" {
            return 1;
        }
    }
    if t.starts_with(['（', '(']) {
        let inner: String = t
            .chars()
            .skip(1)
            .take_while(|c| *c != '）' && *c != ')')
            .collect();
        if !inner.is_empty() && inner.chars().all(|c| CN.contains(c)) {
            return 2;
        }
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
            return 3;
        }
    }
    let d = t.chars().take_while(char::is_ascii_digit).count();
    if d > 0 && d <= 2 {
        let next = t.chars().nth(d);
        if next.is_some_and(|c| matches!(c, ' ' | '.' | '．' | '、') || crate::normalize::is_cjk(c))
        {
            return 3;
        }
    }
    0
}

/// A label printed over lines: joined, a serial number on its own line kept apart.
fn label_of(lines: &[(String, usize)]) -> String {
    let mut out = String::new();
    for (s, _) in lines {
        out.push_str(s);
        if is_serial(s) {
            out.push(' ');
        }
    }
    out
}

/// A serial number: 1 / 12 / 一 / （一） / (1).
fn is_serial(s: &str) -> bool {
    const CN: &str = "一二三四五六七八九十";
    let t = s
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')', '、', '.', '．']);
    !t.is_empty()
        && t.chars().count() <= 3
        && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| CN.contains(c)))
}

fn row(label: String, cells: Vec<Cell>) -> GridRow {
    let label = label.trim().to_owned();
    // A serial number as a token of its own ("一 基本支出", "3 公益性岗位补贴").
    let bare = match label.split_once(' ') {
        Some((first, rest)) if is_serial(first) && !rest.trim().is_empty() => rest,
        _ => label.as_str(),
    };
    let mut key = row_key(bare);
    // "1 人员经费" with the serial as its own token.
    let d = key.chars().take_while(char::is_ascii_digit).count();
    if d > 0 && d <= 2 && key.chars().nth(d).is_some_and(crate::normalize::is_cjk) {
        key = key.chars().skip(d).collect();
    }
    GridRow {
        level: level_of(&label),
        key,
        label,
        cells,
    }
}

/// The header above the first row's label.
fn first_header(g: &Group) -> String {
    let lines = pre_lines(&g.pre);
    let run_line = g.run.first().map(Item::line);
    let mut split = if lines.last().map(|l| l.1) == run_line {
        lines.len() - 1
    } else {
        lines.len().saturating_sub(1)
    };
    if split > 0 && is_serial(&lines[split - 1].0) {
        split -= 1;
    }
    lines[..split]
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<String>()
        .replace(' ', "")
}

/// A row broken by a page break: its first cells, the header printed again, the rest.
fn join_broken_rows(groups: &[Group], k: usize) -> Vec<Group> {
    let header = groups.first().map(first_header).unwrap_or_default();
    let mut out: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < groups.len() {
        let g = &groups[i];
        if let Some(n) = groups.get(i + 1) {
            let repeated = header.chars().count() >= 4 && joined(&n.pre) == header;
            if i > 0 && repeated && g.run.len() < k && g.run.len() + n.run.len() == k {
                let mut m = g.clone();
                m.run.extend(n.run.iter().cloned());
                out.push(m);
                i += 2;
                continue;
            }
        }
        out.push(g.clone());
        i += 1;
    }
    out
}

fn rows_grid(groups: &[Group], k: usize, r: &Region, rules: &Rules) -> Vec<Grid> {
    let groups = &join_broken_rows(groups, k);
    let mut grids = Vec::new();
    let mut header = String::new();
    let mut rows: Vec<GridRow> = Vec::new();
    let mut pending_title = r.title.clone();
    let finish = |rows: &mut Vec<GridRow>, header: &str, title: &str, grids: &mut Vec<Grid>| {
        let full = rows
            .iter()
            .filter(|r| r.cells.iter().all(|c| !matches!(c, Cell::Unknown)))
            .count();
        if full >= 2 {
            let columns = columns_of(rows, k, header, rules);
            grids.push(Grid {
                title: title.to_owned(),
                unit: r.unit.clone(),
                header: header.to_owned(),
                columns,
                rows: std::mem::take(rows),
                column_wise: false,
            });
        } else {
            rows.clear();
        }
    };
    for (gi, g) in groups.iter().enumerate() {
        let lines = pre_lines(&g.pre);
        let run_line = g.run.first().map(Item::line);
        let mut label: String;
        if gi == 0 || lines.len() >= 4 || joined(&g.pre).chars().count() > 30 {
            // A header above the row: the text on the run's line is the label, else the last line.
            let mut split = if lines.last().map(|l| l.1) == run_line {
                lines.len() - 1
            } else {
                lines.len().saturating_sub(1)
            };
            if split > 0 && is_serial(&lines[split - 1].0) {
                split -= 1;
            }
            let h: String = lines[..split]
                .iter()
                .map(|(s, _)| s.as_str())
                .collect::<String>()
                .replace(' ', "");
            label = label_of(&lines[split..]);
            if gi == 0 {
                header = h;
            } else if !h.is_empty()
                && !header.is_empty()
                && (h.contains(&header) || header.contains(&h))
            {
                // The header repeated on the next page: the table goes on.
            } else if !h.is_empty() {
                finish(&mut rows, &header, &pending_title, &mut grids);
                pending_title.clear();
                header = h;
            }
        } else {
            label = label_of(&lines);
        }
        if label.is_empty() {
            label = String::new();
        }
        let cells: Vec<Cell> = if g.run.len() == k {
            g.run
                .iter()
                .map(|i| match i {
                    Item::Num { f, .. } => Cell::Figure(f.clone()),
                    _ => Cell::Blank,
                })
                .collect()
        } else if g.run.len() < k {
            let mut c: Vec<Cell> = g
                .run
                .iter()
                .map(|i| match i {
                    Item::Num { f, .. } => Cell::Figure(f.clone()),
                    _ => Cell::Blank,
                })
                .collect();
            c.resize(k, Cell::Unknown);
            // Left-aligned only where the kinds fit; checked against the columns below.
            c
        } else {
            // More cells than columns: not this table's row.
            finish(&mut rows, &header, &pending_title, &mut grids);
            pending_title.clear();
            header.clear();
            continue;
        };
        rows.push(row(label, cells));
    }
    finish(&mut rows, &header, &pending_title, &mut grids);
    // Short rows: keep their cells only where every printed cell's kind fits its column.
    for g in &mut grids {
        let kinds: Vec<bool> = g.columns.iter().map(|c| c.percent).collect();
        for r in &mut g.rows {
            if r.cells.iter().any(|c| matches!(c, Cell::Unknown)) {
                let fits = r.cells.iter().zip(&kinds).all(|(c, &p)| match c {
                    Cell::Figure(f) => f.percent == p,
                    _ => true,
                });
                if !fits {
                    r.cells.iter_mut().for_each(|c| *c = Cell::Unknown);
                }
            }
        }
    }
    grids
}

/// Column kinds from the full rows; names where the header splits into as many words.
fn columns_of(rows: &[GridRow], k: usize, header: &str, rules: &Rules) -> Vec<GridColumn> {
    let mut cols = Vec::with_capacity(k);
    // Which rows are full, found once: a row of many cells is not rescanned per column.
    let full: Vec<bool> = rows
        .iter()
        .map(|r| r.cells.iter().all(|c| !matches!(c, Cell::Unknown)))
        .collect();
    for c in 0..k {
        let (mut p, mut n) = (0, 0);
        for (r, &full) in rows.iter().zip(&full) {
            if let Some(Cell::Figure(f)) = r.cells.get(c) {
                if full {
                    n += 1;
                    if f.percent {
                        p += 1;
                    }
                }
            }
        }
        cols.push(GridColumn {
            name: String::new(),
            percent: n > 0 && p * 2 > n,
        });
    }
    // Header words: drop label-column words from the front, then split on known breaks.
    let mut h = header.to_owned();
    loop {
        let w = rules
            .grid
            .label_words
            .iter()
            .filter(|w| h.starts_with(w.as_str()))
            .max_by_key(|w| w.len());
        match w {
            Some(w) => h = h[w.len()..].to_owned(),
            None => break,
        }
    }
    let names = split_header(&h, k, rules);
    for (i, c) in cols.iter_mut().enumerate() {
        c.name = names.as_ref().map_or_else(|| h.clone(), |n| n[i].clone());
    }
    cols
}

/// The header of `k` value columns split into their names: at each closing bracket of a unit
/// ("分配资金（万元）扑火队伍（支）"), or as a run of known column names (rules/tables.toml
/// [[column]] aliases, longest first). None unless it splits into exactly `k` names.
fn split_header(h: &str, k: usize, rules: &Rules) -> Option<Vec<String>> {
    if k < 2 {
        return None;
    }
    let by_bracket: Vec<String> = h.split_inclusive(['）', ')']).map(str::to_owned).collect();
    if by_bracket.len() == k && by_bracket.iter().all(|p| p.ends_with(['）', ')'])) {
        return Some(by_bracket);
    }
    let mut out = Vec::new();
    let mut rest = h;
    while !rest.is_empty() {
        let w = rules
            .columns
            .iter()
            .flat_map(|c| &c.aliases)
            .filter(|w| rest.starts_with(w.as_str()))
            .max_by_key(|w| w.len())?;
        out.push(w.clone());
        rest = &rest[w.len()..];
    }
    (out.len() == k).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;
    use crate::normalize::normalize;

    pub(crate) fn grids(s: &str) -> Vec<Grid> {
        let rules = Rules::builtin();
        let t = normalize(&RawDocument::from_text(s));
        let tables = crate::tables::find_tables(&t, &[], &rules);
        find_grids(&t, &tables, &rules)
    }

    fn cells(g: &Grid, key: &str) -> Vec<String> {
        g.rows
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("no row {key}: {:#?}", g.rows))
            .cells
            .iter()
            .map(|c| match c {
                Cell::Figure(f) => f.printed.clone(),
                Cell::Blank => "_".to_owned(),
                Cell::Unknown => "?".to_owned(),
            })
            .collect()
    }

    const ROWS: &str = "表3 某中心支出明细表\n单位：万元\n序\n号 支出\n用途 年初\n预算 决算\n数 执行\n率\n1 设备更新 100.00 90.00 90.00%\n2 场地\n租赁 50.00 45.00 90.00%\n合计 150.00 135.00 90.00%\n以上为本中心年度支出情况。\n";

    #[test]
    fn one_row_per_line_with_broken_header_and_serials() {
        let g = grids(ROWS);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert_eq!(g[0].columns.len(), 3);
        assert_eq!(cells(&g[0], "设备更新"), ["100.00", "90.00", "90.00%"]);
        assert_eq!(cells(&g[0], "场地租赁"), ["50.00", "45.00", "90.00%"]);
        assert_eq!(g[0].rows[0].level, 3);
        assert!(g[0].columns[2].percent);
        assert_eq!(g[0].unit, "万元");
    }

    #[test]
    fn one_cell_per_line_over_a_page_break() {
        let s = "表2 收支表\n项目\n年初\n预算数\n决算数\n执行率\n一、基本支出\n80.00\n72.00\n90.00%\n二、项目\n支出\n20.00\n18.00\n90.00%\n第 1 页 共 2 页\n某局年度报告\n项目\n年初\n预算数\n决算数\n执行率\n合计\n100.00\n90.00\n90.00%\n以上。\n";
        let g = grids(s);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert_eq!(g[0].rows.len(), 3, "{:#?}", g[0].rows);
        assert_eq!(cells(&g[0], "项目支出"), ["20.00", "18.00", "90.00%"]);
        assert_eq!(cells(&g[0], "合计"), ["100.00", "90.00", "90.00%"]);
    }

    #[test]
    fn column_by_column() {
        let s = "表1 支出表（单位：万元）\n支出项目\n一、基本支出\n二、项目支出\n合计\n年初预算数\n60.00\n40.00\n100.00\n实际支出数\n54.00\n36.00\n90.00\n执行率\n90.00%\n90.00%\n90.00%\n以上。\n";
        let g = grids(s);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert!(g[0].column_wise);
        assert_eq!(cells(&g[0], "合计"), ["100.00", "90.00", "90.00%"]);
        assert_eq!(g[0].columns[0].name, "年初预算数");
    }

    #[test]
    fn one_column_of_figures_beside_text_columns() {
        let s = "表3 补助资金来源\n来源\n国家补助\n地方配套\n社会捐赠\n合计\n拨付金额（万元）\n300.00\n120.00\n50.00\n470.00\n文号\n甲字〔2030〕5号\n乙字〔2030〕9号\n丙字〔2030〕2号\n—\n（二）实施情况\n";
        let g = grids(s);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert!(g[0].column_wise);
        assert_eq!(cells(&g[0], "地方配套"), ["120.00"]);
        assert_eq!(g[0].columns[0].name, "拨付金额（万元）");
        // Without a total among its labels, one list of figures is no table.
        let loose =
            "情况\n甲项\n乙项\n丙项\n丁项\n金额\n300.00\n120.00\n50.00\n470.00\n（二）实施情况\n";
        assert!(grids(loose).is_empty(), "{:#?}", grids(loose));
    }

    #[test]
    fn a_row_broken_by_a_page_break_under_a_repeated_title() {
        let s = "表5 资金到位情况\n单位：万元\n序号\n来源\n计划\n到位\n到位率\n1\n甲级补助\n300.00\n300.00\n100.00%\n2\n乙级补助\n200.00\n— 2 —\n某区年度评价报告\n续表\n表5 资金到位情况\n单位：万元\n序号\n来源\n计划\n到位\n到位率\n150.00\n75.00%\n3\n丙级补助\n100.00\n90.00\n90.00%\n合计\n600.00\n540.00\n90.00%\n以上。\n— 3 —\n某区年度评价报告\n";
        let g = grids(s);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert_eq!(cells(&g[0], "乙级补助"), ["200.00", "150.00", "75.00%"]);
        assert_eq!(cells(&g[0], "丙级补助"), ["100.00", "90.00", "90.00%"]);
        assert_eq!(g[0].rows.len(), 4, "{:#?}", g[0].rows);
    }

    #[test]
    fn cells_with_units_and_placeholders() {
        let s = "表4 设备表\n序号 名称 数量 金额\n1 服务器 3台 45.00\n2 终端 12个 —\n合计 15个 45.00\n以上。\n";
        let g = grids(s);
        assert_eq!(g.len(), 1, "{g:#?}");
        assert_eq!(cells(&g[0], "终端"), ["12", "_"]);
    }
}
