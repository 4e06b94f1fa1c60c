//! Score tables (评分表) rebuilt as trees: each indicator with its level, 分值 and 得分, each
//! group with the subtotal its table prints for it.
//!
//! Layouts read: one row per indicator with the 一级/二级 names printed only on the first row of
//! their group ("管理效能 资金管理 预算完成率 4 3.208" / "部门预算编制情况 3 2.5"); the weight
//! in the name cell ("数量指标（20）"); codes (1.1.1, A / A1 / A11, B2.1) and serial numbers
//! (一 / （一） / 1) giving the level; group rows with their own 分值/得分; subtotal rows
//! ("产出指标小计 50 48.125", "小计 15 12.5") and a total row ("合计 100 95.194"); value columns
//! (年度指标值, 实际完成值) and a trailing 偏差原因 column; a table continued over a page break
//! with its header repeated.

use std::sync::LazyLock;

use regex::Regex;

use crate::facts::name_key;
use crate::figures::{parse_cell, Figure};
use crate::normalize::Text;
use crate::rules::Rules;

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The name as printed (code included), weight in brackets dropped.
    pub name: String,
    pub key: String,
    /// 1 = 一级; the root is 0.
    pub level: usize,
    pub line: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The figures of the node's own row (or of its name cell: "数量指标（20）").
    pub weight: Option<Figure>,
    pub score: Option<Figure>,
    pub rate: Option<Figure>,
    /// Figures of its subtotal rows (the root: of the total row).
    pub sub_weight: Vec<Figure>,
    pub sub_score: Vec<Figure>,
    pub sub_rate: Vec<Figure>,
    /// The row's value cells (年度指标值, 实际完成值 …) as printed, with line and byte start.
    pub values: Vec<(String, usize, usize)>,
    /// The text after its figures (偏差原因).
    pub note: String,
}

impl Node {
    /// Every printing of the node's weight: its own and its subtotals'.
    pub fn weights(&self) -> Vec<&Figure> {
        self.weight.iter().chain(&self.sub_weight).collect()
    }
    pub fn scores(&self) -> Vec<&Figure> {
        self.score.iter().chain(&self.sub_score).collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScoreTable {
    /// Node 0 is the root (the table's total).
    pub nodes: Vec<Node>,
    /// The header line.
    pub header: usize,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Col {
    Name,
    Code,
    Weight,
    Score,
    Rate,
    Value,
    Other,
}

fn classify(cell: &str, rules: &Rules) -> Col {
    let w = &rules.score_table;
    let is = |l: &[String]| l.iter().any(|x| x == cell);
    if w.rate_columns.iter().any(|x| cell.contains(x.as_str())) {
        Col::Rate
    } else if is(&w.weight_columns) {
        Col::Weight
    } else if is(&w.score_columns) {
        Col::Score
    } else if is(&w.code_columns) {
        Col::Code
    } else if is(&w.value_columns) {
        Col::Value
    } else if is(&w.name_columns) {
        Col::Name
    } else {
        Col::Other
    }
}

/// The header's columns, when the line is a score table's header.
fn header(s: &str, rules: &Rules) -> Option<Vec<Col>> {
    let cols: Vec<Col> = s.split_whitespace().map(|c| classify(c, rules)).collect();
    let has = |c: Col| cols.contains(&c);
    if !(has(Col::Weight) && has(Col::Score) && (has(Col::Name) || has(Col::Code))) {
        return None;
    }
    // The figures come after the names.
    let first_num = cols
        .iter()
        .position(|c| matches!(c, Col::Weight | Col::Score | Col::Rate))?;
    if cols[first_num..]
        .iter()
        .any(|c| matches!(c, Col::Name | Col::Code))
    {
        return None;
    }
    Some(cols)
}

static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Z](?:\d+(?:\.\d+)*)?|\d+(?:\.\d+)+)$").unwrap());
static SERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([一二三四五六七八九十]+)|([（(][一二三四五六七八九十]+[）)])|(\d{1,2}))[、.．]?$",
    )
    .unwrap()
});
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(][一二三四五六七八九十]+[）)]").unwrap());
static CELL_WEIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)[（(](\d+(?:\.\d+)?)分?[）)]$").unwrap());

/// The level a code implies: A → 1, A1 → 2, A11 → 3, B2.1 → 3, 1.1.1 → 3.
fn code_level(code: &str) -> usize {
    let (letter, rest) = match code.chars().next() {
        Some(c) if c.is_ascii_uppercase() => (1, &code[1..]),
        _ => (0, code),
    };
    let n = if rest.is_empty() {
        0
    } else if rest.contains('.') || letter == 0 {
        rest.split('.').count()
    } else {
        rest.len()
    };
    letter + n
}

/// The serial-number style of a token (一 / （一） / 1), if it is one.
fn serial_style(tok: &str) -> Option<usize> {
    let c = SERIAL.captures(tok)?;
    (1..=3).find(|&i| c.get(i).is_some())
}

/// A printed line: where it stands in its logical line, and its text with every space kept
/// (the normalised text drops the spaces between CJK cells, which separate a table's columns).
struct Printed {
    li: usize,
    start: usize,
    end: usize,
    src: String,
}

fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '．' => '.',
            '％' => '%',
            '＋' => '+',
            '－' | '−' | '–' => '-',
            '\u{3000}' | '\u{a0}' | '\t' => ' ',
            _ => c,
        })
        .collect()
}

fn printed_lines(text: &Text) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::new();
    let mut last = None;
    for (li, line) in text.lines.iter().enumerate() {
        let mut groups: Vec<(usize, crate::normalize::Loc)> = Vec::new();
        for &(b, loc) in &line.spans {
            if groups.last().map(|g| g.1) != Some(loc) {
                groups.push((b, loc));
            }
        }
        for (k, &(b, loc)) in groups.iter().enumerate() {
            if last == Some(loc) {
                continue;
            }
            last = Some(loc);
            let end = groups.get(k + 1).map_or(line.text.len(), |g| g.0);
            out.push(Printed {
                li,
                start: b,
                end,
                src: fold_width(text.excerpt(loc)),
            });
        }
    }
    out
}

struct Cell<'a> {
    text: &'a str,
    start: usize,
    /// The logical line it stands on.
    li: usize,
}

fn cells(s: &str) -> Vec<Cell<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() {
            if let Some(b) = start.take() {
                out.push(Cell {
                    text: &s[b..i],
                    start: b,
                    li: 0,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(b) = start {
        out.push(Cell {
            text: &s[b..],
            start: b,
            li: 0,
        });
    }
    out
}

/// One parsed row.
struct Row {
    /// (code, name, name's byte start) for each name cell, left to right.
    names: Vec<(Option<String>, String, (usize, usize))>,
    weight: Option<Figure>,
    score: Option<Figure>,
    rate: Option<Figure>,
    subtotal: Option<String>,
    total: bool,
    /// Value cells (年度指标值, 实际完成值): (text, logical line, byte start).
    values: Vec<(String, usize, usize)>,
    /// The text after the figures (偏差原因).
    note: String,
}

fn parse_row<'a>(segs: &[&'a Printed], text: &'a Text, cols: &[Col], rules: &Rules) -> Option<Row> {
    let w = &rules.score_table;
    // Each printed cell, placed in its logical line (where evidence points).
    let mut cs: Vec<Cell<'a>> = Vec::new();
    for p in segs {
        let logical = text.lines[p.li].text.as_str();
        let mut cursor = p.start;
        for mut c in cells(&p.src) {
            let at = cursor + logical.get(cursor..p.end)?.find(c.text)?;
            c.start = at;
            c.text = &logical[at..at + c.text.len()];
            c.li = p.li;
            cursor = at + c.text.len();
            cs.push(c);
        }
    }
    let nums: Vec<Col> = cols
        .iter()
        .copied()
        .filter(|c| matches!(c, Col::Weight | Col::Score | Col::Rate))
        .collect();
    let last_num = cols
        .iter()
        .rposition(|c| matches!(c, Col::Weight | Col::Score | Col::Rate))?;
    let trailing = cols.len() - 1 - last_num;
    let values = cols.iter().filter(|c| **c == Col::Value).count();
    let names_n = cols.iter().filter(|c| **c == Col::Name).count().max(1);
    let has_code_col = cols.contains(&Col::Code);
    let fig = |c: &Cell| parse_cell(c.text, c.li, c.start);
    let mut end = cs.len();
    if trailing > 0 {
        while end > 0 && fig(&cs[end - 1]).is_none() {
            end -= 1;
        }
    }
    let mut start = end;
    while start > 0 && fig(&cs[start - 1]).is_some() {
        start -= 1;
    }
    let run = end - start;
    let needed = nums.iter().filter(|c| **c != Col::Rate).count();
    if run < needed || run == 0 {
        return None;
    }
    let m = run.min(nums.len());
    let mut row = Row {
        names: Vec::new(),
        weight: None,
        score: None,
        rate: None,
        subtotal: None,
        total: false,
        values: Vec::new(),
        note: cs[end..]
            .iter()
            .map(|c| c.text)
            .collect::<Vec<_>>()
            .join(" "),
    };
    for (k, c) in cs[end - m..end].iter().enumerate() {
        let f = fig(c)?;
        match nums[k] {
            Col::Weight if !f.percent => row.weight = Some(f),
            Col::Score if !f.percent => row.score = Some(f),
            Col::Rate if f.percent => row.rate = Some(f),
            _ => return None,
        }
    }
    let left = &cs[..end - m];
    if left.is_empty() {
        return None;
    }
    let label: String = left.iter().map(|c| c.text).collect();
    if let Some(sw) = w.subtotal.iter().find(|x| label.contains(x.as_str())) {
        row.subtotal = Some(label.replace(sw.as_str(), ""));
        return Some(row);
    }
    let bare: String = label
        .chars()
        .filter(|c| !matches!(c, '：' | ':' | ' '))
        .collect();
    if w.total.contains(&bare) {
        row.total = true;
        return Some(row);
    }
    // A serial number printed against its name ("（一）预算编制").
    let mut split: Vec<Cell> = Vec::with_capacity(left.len());
    for c in left {
        if let Some(m) = GLUED
            .find(c.text)
            .filter(|m| has_code_col && m.end() < c.text.len())
        {
            split.push(Cell {
                text: &c.text[..m.end()],
                start: c.start,
                li: c.li,
            });
            split.push(Cell {
                text: &c.text[m.end()..],
                start: c.start + m.end(),
                li: c.li,
            });
        } else {
            split.push(Cell {
                text: c.text,
                start: c.start,
                li: c.li,
            });
        }
    }
    let left = &split[..];
    // Codes join the name after them.
    let mut names: Vec<(Option<String>, String, (usize, usize))> = Vec::new();
    let mut code: Option<String> = None;
    for (i, c) in left.iter().enumerate() {
        let more = i + 1 < left.len();
        let is_code =
            more && (CODE.is_match(c.text) || (has_code_col && serial_style(c.text).is_some()));
        if is_code && code.is_none() {
            code = Some(c.text.to_owned());
            continue;
        }
        names.push((code.take(), c.text.to_owned(), (c.li, c.start)));
    }
    // Value cells (年度指标值, 实际完成值) stand between the names and the figures.
    let drop = values.min(names.len().saturating_sub(1));
    row.values = names[names.len() - drop..]
        .iter()
        .map(|(_, v, (li, at))| (v.clone(), *li, *at))
        .collect();
    names.truncate(names.len() - drop);
    // More names than name columns: a name printed with spaces.
    if names.len() > names_n {
        let extra = names.len() - names_n;
        let joined: String = names[..=extra].iter().map(|n| n.1.as_str()).collect();
        let first = (names[0].0.clone(), joined, names[0].2);
        names.splice(..=extra, [first]);
    }
    row.names = names;
    Some(row)
}

/// Rebuilds every score table of the text.
pub fn find(text: &Text, rules: &Rules) -> Vec<ScoreTable> {
    let mut out = Vec::new();
    let printed = printed_lines(text);
    let mut i = 0;
    while i < printed.len() {
        let p = &printed[i];
        // Bounded work: a header is a short line.
        let maybe = p.src.len() < 1_000
            && rules
                .score_table
                .score_columns
                .iter()
                .any(|w| p.src.contains(w.as_str()));
        let single = maybe.then(|| header(p.src.trim(), rules)).flatten();
        let Some((cols, last)) = single
            .map(|c| (c, i))
            .or_else(|| broken_header(&printed, i, rules))
        else {
            i += 1;
            continue;
        };
        let (t, next) = read(text, &printed, last, &cols, rules);
        if t.nodes.len() > 2 {
            out.push(t);
        }
        i = next.max(i + 1);
    }
    if std::env::var_os("GOUJI_DEBUG_SCORES").is_some() {
        for t in &out {
            eprintln!("score table at line {}:\n{}", t.header, t.dump());
        }
    }
    out
}

/// The funds block of a 项目支出绩效自评表 ("年度资金总额 … 分值 10 执行率 97.77% 得分 9.78") is
/// printed above the indicator rows as a table of its own, yet its 分值 and 得分 count in the
/// table's 总分. It becomes a first-level node when it is a table ending at most `NEAR` lines
/// above the header, with 分值 and 得分 columns, and its 分值 fills exactly the gap between the
/// indicators' weights and the stated total.
pub fn attach_funds_rows(
    score_tables: &mut [ScoreTable],
    tables: &[crate::tables::Table],
    rules: &Rules,
) {
    const NEAR: usize = 12;
    for t in score_tables.iter_mut() {
        let Some(total) = t.nodes[0].weights().first().map(|f| f.value) else {
            continue;
        };
        let Some(leaves) = t.frontier(0, |x| x.weight.is_some() || !x.sub_weight.is_empty()) else {
            continue;
        };
        let have: rust_decimal::Decimal = leaves
            .iter()
            .filter_map(|&i| t.nodes[i].weights().first().map(|f| f.value))
            .sum();
        let col = |tb: &crate::tables::Table, name: &str| {
            tb.columns.iter().position(|c| c.as_deref() == Some(name))
        };
        let found = tables.iter().find_map(|tb| {
            let last = tb.rows.last()?.line;
            if last >= t.header || last + NEAR < t.header {
                return None;
            }
            let (w, sc) = (col(tb, "分值")?, col(tb, "得分")?);
            let row = tb.rows.first()?;
            if row.cells.len() != tb.columns.len() {
                return None;
            }
            let (w, sc) = (row.cells[w].clone(), row.cells[sc].clone());
            (w.value + have == total && !w.percent && !sc.percent).then_some((row, w, sc))
        });
        let Some((row, w, sc)) = found else {
            continue;
        };
        let id = t.nodes.len();
        t.nodes.push(Node {
            name: row.label.clone(),
            key: name_key(&row.label, rules),
            level: 1,
            line: row.line,
            parent: Some(0),
            weight: Some(w),
            score: Some(sc),
            ..Node::default()
        });
        t.nodes[0].children.insert(0, id);
    }
}

/// Is this a header fragment: short, no digits?
fn fragment(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= 24 && !s.chars().any(|c| c.is_ascii_digit())
}

/// A header broken over lines: cell by cell ("序 指标 分 自评" / "号 名称 值 得分") or one cell
/// (or part of one) a line ("指标" / "编码" / "指标名称" / "分值" / "自评" / "得分").
/// Returns the columns and the index of the header's last line.
fn broken_header(printed: &[Printed], i: usize, rules: &Rules) -> Option<(Vec<Col>, usize)> {
    let p = &printed[i].src;
    if !fragment(p) {
        return None;
    }
    // Cell by cell over two lines.
    if let Some(q) = printed.get(i + 1).filter(|q| fragment(&q.src)) {
        let a: Vec<&str> = p.split_whitespace().collect();
        let b: Vec<&str> = q.src.split_whitespace().collect();
        if a.len() >= 3 && a.len() == b.len() {
            let joined: Vec<String> = a.iter().zip(&b).map(|(x, y)| format!("{x}{y}")).collect();
            if let Some(c) = header(&joined.join(" "), rules) {
                return Some((c, i + 1));
            }
        }
    }
    // One cell a line: parts joined while the join is still the start of a known column.
    let w = &rules.score_table;
    let known: Vec<&String> = w
        .name_columns
        .iter()
        .chain(&w.code_columns)
        .chain(&w.weight_columns)
        .chain(&w.score_columns)
        .chain(&w.rate_columns)
        .chain(&w.value_columns)
        .collect();
    let mut cells: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut j = i;
    while j < printed.len() && j < i + 16 {
        let s = printed[j].src.trim();
        if !fragment(s) || s.contains(' ') {
            break;
        }
        let both = format!("{cur}{s}");
        if !cur.is_empty() && known.iter().any(|k| k.starts_with(both.as_str())) {
            cur = both;
        } else {
            if !cur.is_empty() {
                cells.push(std::mem::take(&mut cur));
            }
            cur = s.to_owned();
        }
        j += 1;
        let mut all = cells.clone();
        all.push(cur.clone());
        if let Some(c) = header(&all.join(" "), rules) {
            // The header ends at its last score column; further fragments may follow.
            let next_is_frag = printed.get(j).is_some_and(|q| {
                let t = q.src.trim();
                fragment(t) && !t.contains(' ') && known.iter().any(|k| k.starts_with(t))
            });
            if !next_is_frag {
                return Some((c, j - 1));
            }
        }
    }
    None
}

fn read(
    text: &Text,
    printed: &[Printed],
    head: usize,
    cols: &[Col],
    rules: &Rules,
) -> (ScoreTable, usize) {
    let names_n = cols.iter().filter(|c| **c == Col::Name).count().max(1);
    let mut t = ScoreTable {
        nodes: vec![Node::default()],
        header: printed[head].li,
    };
    // open[l]: the node open at level l (index 0 = root).
    let mut open: Vec<Option<usize>> = vec![Some(0)];
    let mut styles: Vec<usize> = Vec::new();
    let mut gap = 0;
    let mut i = head + 1;
    while i < printed.len() {
        let p = &printed[i];
        let s = p.src.trim();
        if s.len() > 2_000 {
            break;
        }
        if s.is_empty() || header(s, rules).is_some() {
            i += 1;
            continue;
        }
        // One cell a line: the row is the next lines, one per column (the last may be empty).
        let mut used = 1;
        let mut row = parse_row(&[p], text, cols, rules);
        if row.is_none() && !s.contains(' ') {
            for n in [cols.len(), cols.len() - 1] {
                let segs: Vec<&Printed> = printed[i..(i + n).min(printed.len())].iter().collect();
                if n >= 2 && segs.len() == n && segs.iter().all(|q| !q.src.trim().contains(' ')) {
                    row = parse_row(&segs, text, cols, rules);
                    if row.is_some() {
                        used = n;
                        break;
                    }
                }
            }
        }
        let Some(row) = row else {
            // The header repeated over a page break, broken over lines.
            if let Some((_, last)) = broken_header(printed, i, rules) {
                i = last + 1;
                continue;
            }
            // A continuation mark or a running head between the pages of one table.
            gap += 1;
            if gap > 2 || s.chars().count() > 40 {
                break;
            }
            i += 1;
            continue;
        };
        gap = 0;
        i += used;
        if row.total {
            let root = &mut t.nodes[0];
            root.sub_weight.extend(row.weight);
            root.sub_score.extend(row.score);
            root.sub_rate.extend(row.rate);
            continue;
        }
        if let Some(prefix) = &row.subtotal {
            let key = name_key(prefix, rules);
            let target = if key.is_empty() {
                open.iter().skip(1).flatten().next().copied()
            } else {
                (1..t.nodes.len()).find(|&i| t.nodes[i].key == key)
            };
            if let Some(n) = target {
                let n = &mut t.nodes[n];
                n.sub_weight.extend(row.weight);
                n.sub_score.extend(row.score);
                n.sub_rate.extend(row.rate);
            }
            continue;
        }
        let k = row.names.len();
        // The deepest name's level: from its code, else from its column.
        let last = &row.names[k - 1];
        let mut deepest = names_n;
        if let Some(code) = &last.0 {
            if CODE.is_match(code) {
                deepest = code_level(code);
            } else if let Some(st) = serial_style(code) {
                let pos = styles.iter().position(|x| *x == st).unwrap_or_else(|| {
                    styles.push(st);
                    styles.len() - 1
                });
                deepest = pos + 1;
            }
        }
        if deepest < k {
            continue;
        }
        let first_level = deepest + 1 - k;
        for (i, (code, name, start)) in row.names.iter().enumerate() {
            let level = first_level + i;
            let mut name = name.clone();
            let mut cell_weight = None;
            if let Some(c) = CELL_WEIGHT.captures(&name) {
                let m = c.get(2).unwrap();
                cell_weight = parse_cell(m.as_str(), start.0, start.1 + m.start());
                name = c[1].to_owned();
            }
            let key = name_key(&name, rules);
            let is_last = i + 1 == k;
            if open.len() <= level {
                open.resize(level + 1, None);
            }
            // A group name printed again (after a page break) is the same group.
            if !is_last {
                if let Some(n) = open[level] {
                    if t.nodes[n].key == key && !key.is_empty() {
                        open.truncate(level + 1);
                        continue;
                    }
                }
            }
            let parent = (0..level).rev().find_map(|l| open[l]).unwrap_or(0);
            let id = t.nodes.len();
            let full = match code {
                Some(c) => format!("{c} {name}"),
                None => name,
            };
            t.nodes.push(Node {
                name: full,
                key,
                level,
                line: start.0,
                parent: Some(parent),
                weight: cell_weight,
                ..Node::default()
            });
            t.nodes[parent].children.push(id);
            open.truncate(level + 1);
            open[level] = Some(id);
            if is_last {
                let n = &mut t.nodes[id];
                if row.weight.is_some() {
                    n.weight = row.weight.clone();
                }
                n.score = row.score.clone();
                n.rate = row.rate.clone();
                n.values = row.values.clone();
                n.note = row.note.clone();
            }
        }
    }
    (t, i)
}

impl ScoreTable {
    /// The highest descendants of `id` that print the figure `f`; None when a branch prints none.
    pub fn frontier(&self, id: usize, f: fn(&Node) -> bool) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for &c in &self.nodes[id].children {
            if f(&self.nodes[c]) {
                out.push(c);
            } else if self.nodes[c].children.is_empty() {
                return None;
            } else {
                out.extend(self.frontier(c, f)?);
            }
        }
        Some(out)
    }

    /// For debugging: the tree, one node a line.
    pub fn dump(&self) -> String {
        let mut s = String::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let p = |v: &[&Figure]| {
                v.iter()
                    .map(|f| f.printed.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            };
            s.push_str(&format!(
                "{}{} [{}] w={} s={} parent={:?}\n",
                "  ".repeat(n.level),
                i,
                n.name,
                p(&n.weights()),
                p(&n.scores()),
                n.parent
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;

    fn tables(s: &str) -> Vec<ScoreTable> {
        let rules = Rules::builtin();
        let text = crate::normalize::normalize(&RawDocument::from_text(s));
        find(&text, &rules)
    }

    #[test]
    fn levels() {
        assert_eq!(code_level("A"), 1);
        assert_eq!(code_level("A1"), 2);
        assert_eq!(code_level("A11"), 3);
        assert_eq!(code_level("B2.1"), 3);
        assert_eq!(code_level("1.1.1"), 3);
        assert_eq!(code_level("2.1"), 2);
    }

    #[test]
    fn names_on_first_row_of_group() {
        let t = tables(
            "一级指标 二级指标 三级指标 分值 得分\n运行保障 经费管理 支付及时性 6 5.5\n账务规范性 4 4\n服务成效 群众评价 来访满意度 10 9\n服务成效小计 10 9\n合计 20 18.5\n",
        );
        assert_eq!(t.len(), 1);
        let t = &t[0];
        let one: Vec<&Node> = t.nodes.iter().filter(|n| n.level == 1).collect();
        assert_eq!(one.len(), 2, "{}", t.dump());
        assert_eq!(one[1].sub_score[0].printed, "9");
        assert_eq!(t.nodes[0].sub_score[0].printed, "18.5");
        let leaves = t.frontier(0, |n| n.score.is_some()).unwrap();
        assert_eq!(leaves.len(), 3);
    }

    #[test]
    fn serial_and_cell_weight() {
        let t = tables(
            "序号 指标 分值 得分\n一 保障类 10 9.5\n（一） 人员 10 9.5\n1 到岗率 6 5.5\n2 培训 4 4\n",
        );
        let t = &t[0];
        assert_eq!(t.nodes[3].level, 3, "{}", t.dump());
        assert_eq!(t.nodes[3].parent, Some(2));
        let t = tables(
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n产出（30） 数量（20） 巡查次数 ≥12次 12次 10 10\n培训人数 ≥40人 38人 10 9.5 请假\n质量（10） 合格率 100% 100% 10 10\n",
        );
        let t = &t[0];
        assert_eq!(
            t.nodes[1].weight.as_ref().unwrap().printed,
            "30",
            "{}",
            t.dump()
        );
        assert_eq!(t.nodes[2].weight.as_ref().unwrap().printed, "20");
        assert_eq!(t.nodes[4].parent, Some(2));
        assert_eq!(t.nodes[4].score.as_ref().unwrap().printed, "9.5");
        assert_eq!(t.nodes[5].parent, Some(1));
    }
}
