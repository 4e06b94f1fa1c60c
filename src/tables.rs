//! Tables rebuilt from flattened lines.
//!
//! A table is a run of rows, each a label followed by the same number of numeric cells.
//! Label fragments on lines of their own ("日常公用" / "经费 383.39 …", "1" / "管理" / "效能评价 45 …")
//! join the next row's label; the short lines above the first row are the header, whose
//! text (joined, spaces dropped) is matched against the column names of rules/.

use crate::figures::{self, Figure};
use crate::normalize::{is_heading, Text};
use crate::rules::Rules;

pub mod grid;
mod sides;
pub(crate) use sides::top as heading_number;

#[derive(Debug, Clone)]
pub struct Row {
    /// The label as printed (fragments joined).
    pub label: String,
    /// The label without heading numbers, row numbers and spaces, for matching.
    pub key: String,
    pub line: usize,
    pub cells: Vec<Figure>,
    /// Classification code at the start of the label ("201 06 01 行政运行" → 201, 06, 01).
    pub code: Vec<String>,
    /// Two table halves printed side by side on one line ("301 01 基本工资 262.33 302 01 办公费 21.21"):
    /// its cells cannot be placed.
    pub mixed: bool,
}

impl Row {
    pub(crate) fn new(label: String, line: usize, cells: Vec<Figure>) -> Row {
        let (code, rest) = split_code(&label);
        let mixed = rest.split(' ').any(|t| {
            !t.is_empty()
                && t.trim_end_matches('%')
                    .replace([',', '.'], "")
                    .chars()
                    .all(|c| c.is_ascii_digit())
        });
        Row {
            key: row_key(rest),
            label,
            line,
            cells,
            code,
            mixed,
        }
    }
}

/// Splits a leading classification code: "201 06 01 行政运行" or "2010601 行政运行".
pub fn split_code(label: &str) -> (Vec<String>, &str) {
    let t = label.trim_start();
    let toks: Vec<&str> = t.split(' ').collect();
    let first = toks.first().copied().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mut code = Vec::new();
    let mut used = 0;
    if digits(first) && first.len() == 3 {
        code.push(first.to_owned());
        used = 1;
        while used < toks.len() && used < 3 && digits(toks[used]) && toks[used].len() <= 2 {
            // A 款 or 项 printed without its leading zero ("301 2 津贴补贴") is "02".
            code.push(format!("{:0>2}", toks[used]));
            used += 1;
        }
        // A one-digit token is a code only when the label follows it, not another cell.
        let short = toks[1..used].iter().any(|t| t.len() == 1);
        let label_next = toks
            .get(used)
            .is_some_and(|t| t.chars().next().is_some_and(|c| !c.is_ascii_digit()));
        if short && !label_next {
            used = 1 + toks[1..used].iter().take_while(|t| t.len() == 2).count();
            code.truncate(used);
        }
    } else if digits(first) && (first.len() == 5 || first.len() == 7) {
        code.push(first[..3].to_owned());
        let mut i = 3;
        while i < first.len() {
            code.push(first[i..i + 2].to_owned());
            i += 2;
        }
        used = 1;
    }
    if code.is_empty() || used >= toks.len() {
        return (Vec::new(), label);
    }
    let skip: usize = toks[..used].iter().map(|t| t.len() + 1).sum();
    (code, t[skip.min(t.len())..].trim_start())
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Canonical column name of each cell position, where the header names it.
    pub columns: Vec<Option<String>>,
    /// The table's unit from "单位：万元" (empty when not printed).
    pub unit: String,
    /// The first amount column is the total of the others (rules/tables.toml [total_first]).
    pub total_first: bool,
    /// The header text, joined, spaces dropped (empty when the table has none).
    pub header: String,
    pub rows: Vec<Row>,
    /// One side of a table printed as sides side by side (收入 | 支出); None for a plain table.
    pub side: Option<Side>,
    /// The table's title as printed above it ("…收入支出决算总表"), spaces dropped; empty when
    /// not known.
    pub title: String,
}

/// Where a side-by-side table's side stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// The printed table, numbered through the document.
    pub group: usize,
    /// 0 for the leftmost side.
    pub index: usize,
    /// How many sides the printed table has.
    pub of: usize,
    /// A cell that may belong to this side could not be placed for certain: sums over the
    /// side's rows are not checked.
    pub uncertain: bool,
}

impl Table {
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.as_deref() == Some(name))
    }

    /// The first row whose key is one of `labels` (compared as keys).
    pub fn row(&self, labels: &[String]) -> Option<&Row> {
        labels.iter().find_map(|l| {
            let k = row_key(l);
            self.rows.iter().find(|r| r.key == k)
        })
    }
}

/// A row label without heading numbers ("一、", "（一）", "1.", "1 "), spaces and quotes.
pub fn row_key(label: &str) -> String {
    let s: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let mut k = s.as_str();
    loop {
        let t = strip_enumerator(k);
        if t.len() == k.len() {
            break;
        }
        k = t;
    }
    k.to_owned()
}

fn strip_enumerator(s: &str) -> &str {
    const CN: &str = "一二三四五六七八九十";
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if t.len() < s.len() {
        return t.trim_start_matches(['、', '.', '．']);
    }
    let t = s.trim_start_matches(|c: char| CN.contains(c));
    if t.len() < s.len() && t.starts_with('、') {
        return &t['、'.len_utf8()..];
    }
    for (o, c) in [('（', '）'), ('(', ')'), ('<', '>'), ('〈', '〉')] {
        if let Some(rest) = s.strip_prefix(o) {
            if let Some(i) = rest.find(c) {
                let inner = &rest[..i];
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|ch| ch.is_ascii_digit() || CN.contains(ch))
                {
                    return &rest[i + c.len_utf8()..];
                }
            }
        }
    }
    s
}

/// Splits a row into its label and trailing numeric cells.
fn split_row(s: &str, line: usize) -> Option<(String, Vec<Figure>)> {
    let mut cells = Vec::new();
    let mut end = s.len();
    let mut label_end = s.len();
    for (start, tok) in tokens(s).into_iter().rev() {
        if start + tok.len() != end && !s[start + tok.len()..end].trim().is_empty() {
            break;
        }
        match figures::parse_cell(tok, line, start) {
            Some(f) => {
                cells.push(f);
                label_end = start;
                end = start;
            }
            None => break,
        }
    }
    if cells.is_empty() {
        return None;
    }
    cells.reverse();
    Some((s[..label_end].trim().to_owned(), cells))
}

pub(crate) fn tokens(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

const PROSE: &[char] = &['。', '；', '，', '：'];

pub(crate) fn starts_with_code(l: &str) -> bool {
    !split_code(l).0.is_empty()
}

fn is_total_label(key: &str, rules: &Rules) -> bool {
    rules
        .scope
        .total_rows
        .iter()
        .any(|t| key.ends_with(t.as_str()))
}

/// A short line that can be part of a header or a wrapped label: no sentence punctuation.
fn is_fragment(s: &str) -> bool {
    s.chars().count() <= 16 && !s.contains(['。', '；', '，', '：', ':']) && !is_heading(s)
}

pub fn find_tables(text: &Text, figures: &[Vec<Figure>], rules: &Rules) -> Vec<Table> {
    let lines: Vec<&str> = text.lines.iter().map(|l| l.text.as_str()).collect();
    let pages: Vec<u32> = text.lines.iter().map(|l| l.first_loc().page).collect();
    let (sided, taken) = sides::find(&lines, &pages, rules);
    let mut tables = merge_continued(text, find_runs(text, figures, rules, &taken), rules);
    tables.extend(sided);
    tables
}

/// Whether the header printed above `t` on its first page repeats `prev`'s header or the lines
/// that end `prev`'s page (a header the content stream draws after the table body): each of
/// its lines is one of those (`known`: the headers of every page of `prev`). `prev` must not
/// have ended with its total row.
fn header_repeated(text: &Text, prev: &Table, known: &str, t: &Table, rules: &Rules) -> bool {
    let (Some(last), Some(first)) = (prev.rows.last(), t.rows.first()) else {
        return false;
    };
    if is_total_label(&last.key, rules) || first.line <= last.line + 1 {
        return false;
    }
    let flat = |i: usize| -> String {
        text.lines[i]
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let page = text.lines[first.line].first_loc().page;
    let (trailing, own): (Vec<usize>, Vec<usize>) =
        (last.line + 1..first.line).partition(|&i| text.lines[i].first_loc().page < page);
    let trailing: String = trailing.into_iter().map(flat).collect();
    !own.is_empty()
        && own
            .iter()
            .map(|&i| flat(i))
            .all(|l| l.is_empty() || known.contains(&l) || trailing.contains(&l))
}

/// Whether a page break printed in the text (a page number or "续表" line, as in text without
/// form feeds) stands between the last row of `prev` and the first row of `t`.
fn page_break_between(text: &Text, prev: &Table, t: &Table, rules: &Rules) -> bool {
    let (Some(last), Some(first)) = (prev.rows.last(), t.rows.first()) else {
        return false;
    };
    if is_total_label(&last.key, rules) || first.line <= last.line + 1 {
        return false;
    }
    text.lines[last.line + 1..first.line].iter().any(|l| {
        let flat: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
        crate::normalize::is_page_number(&l.text) || rules.grid.continued.contains(&flat)
    })
}

/// A table continued on the next page (its header printed again, or none) is one table.
fn merge_continued(text: &Text, runs: Vec<Table>, rules: &Rules) -> Vec<Table> {
    let page = |t: &Table, first: bool| {
        let r = if first { t.rows.first() } else { t.rows.last() };
        r.map_or(0, |r| text.lines[r.line].first_loc().page)
    };
    let mut out: Vec<Table> = Vec::new();
    let mut known = String::new();
    for t in runs {
        if let Some(prev) = out.last_mut() {
            let continues = prev.columns.len() == t.columns.len()
                && (page(&t, true) == page(prev, false) + 1
                    || page_break_between(text, prev, &t, rules))
                && (t.header.is_empty()
                    || t.header == prev.header
                    || t.header.ends_with(&prev.header)
                    || prev.header.ends_with(&t.header)
                    || header_repeated(text, prev, &known, &t, rules));
            if continues {
                known.push_str(&t.header);
                prev.rows.extend(t.rows);
                continue;
            }
        }
        known = t.header.clone();
        out.push(t);
    }
    out
}

/// Plain tables; lines in `taken` (rows of side-by-side tables) are not rows of these.
fn find_runs(text: &Text, _figures: &[Vec<Figure>], rules: &Rules, taken: &[bool]) -> Vec<Table> {
    let lines: Vec<&str> = text
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // A taken line reads as a full stop: it ends a run and is no header.
            if taken.get(i).copied().unwrap_or(false) {
                "。"
            } else {
                l.text.as_str()
            }
        })
        .collect();
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A table starts at a row with two or more cells.
        let Some((_, first)) = split_row(lines[i], i).filter(|(_, c)| c.len() >= 2) else {
            i += 1;
            continue;
        };
        let width = first.len();
        // Header: the fragment lines just above, and any label fragments directly above the row.
        // A first row whose coded label wrapped ("201 一般公共服务" / "支出 264.87 …") starts above it.
        let coded_start = (i.saturating_sub(3)..i)
            .rev()
            .take_while(|&k| is_fragment(lines[k]) || starts_with_code(lines[k]))
            .find(|&k| starts_with_code(lines[k]));
        let top = coded_start.unwrap_or(i);
        let mut h = top;
        while h > 0
            && top - h < 16
            && is_header_line(lines[h - 1])
            && !starts_with_code(lines[h - 1])
        {
            h -= 1;
        }
        let mut rows = Vec::new();
        let (columns, header_end) = header_columns(&lines[h..top], width, rules);
        // Fragments under the header's last column name are the first row's label ("1 管理" / "效能评价 45 …").
        let label_from = match header_end {
            _ if coded_start.is_some() => top,
            Some(n) => h + n,
            None if split_row(lines[i], i).is_some_and(|(l, _)| l.is_empty()) => {
                let mut k = i;
                while k > h && is_fragment(lines[k - 1]) && !names_a_column(lines[k - 1], rules) {
                    k -= 1;
                }
                k
            }
            None => i,
        };
        let mut pending: Vec<&str> = lines[label_from..i]
            .iter()
            .copied()
            .filter(|l| is_fragment(l) || starts_with_code(l))
            .collect();
        // The header printed again where the table goes on over a page break is no label.
        let squash = |l: &str| l.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let header_lines: Vec<String> = lines[h..label_from]
            .iter()
            .map(|l| squash(l))
            .filter(|l| !l.is_empty())
            .collect();
        let mut j = i;
        let mut last_row = i;
        while j < lines.len() {
            let l = lines[j];
            if j > i && is_fragment(l) && header_lines.contains(&squash(l)) {
                j += 1;
                continue;
            }
            match split_row(l, j) {
                Some((label, cells))
                    if cells.len() == width && (!label.is_empty() || !pending.is_empty())
                        || cells.len() == width && j == i =>
                {
                    let mut full = pending.join("");
                    full.push_str(&label);
                    rows.push(Row::new(drop_row_number(&full), j, cells));
                    pending.clear();
                    last_row = j;
                }
                Some((_, cells)) if cells.len() == width && pending.is_empty() => {
                    rows.push(Row::new(String::new(), j, cells));
                    last_row = j;
                }
                // A coded row with blank cells left out ("201 06 07 信息化建设 135.25 135.25").
                Some((label, cells)) if cells.len() < width && !label.contains(PROSE) => {
                    let mut full = pending.join("");
                    full.push_str(&label);
                    let row = Row::new(full, j, cells);
                    if row.code.is_empty() && !is_total_label(&row.key, rules) {
                        // A lone row number ("2" / "履职" / "效能评价 55 …") or the end of the table.
                        if is_fragment(l) && j - last_row <= 3 {
                            pending.push(l);
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    rows.push(row);
                    pending.clear();
                    last_row = j;
                }
                _ if (is_fragment(l) || starts_with_code(l))
                    && !l.contains(PROSE)
                    && j - last_row <= 3 =>
                {
                    pending.push(l)
                }
                _ => break,
            }
            j += 1;
        }
        // Header fragments directly above the first row may be its label ("日常公用"): not here,
        // since the first row of a table carries its own label in every layout seen.
        let unit = unit_of(&lines[h.saturating_sub(3)..i]);
        let total_first = is_total_first(&lines[h..label_from], rules);
        let header: String = lines[h..label_from]
            .iter()
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        if rows.len() >= 2 || columns.iter().any(Option::is_some) {
            tables.push(Table {
                header,
                side: None,
                title: String::new(),
                total_first,
                columns,
                unit,
                rows,
            });
        }
        i = last_row + 1;
    }
    tables
}

pub(crate) fn is_header_line(s: &str) -> bool {
    let short = s.chars().count() <= 48 && !s.contains(['。', '；', '，']) && !is_heading(s);
    (short || s.contains("单位"))
        && !s.ends_with(['。', '：', ':'])
        && split_row(s, 0).is_none_or(|(_, c)| c.len() < 2)
}

fn names_a_column(s: &str, rules: &Rules) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    rules.columns.iter().any(|c| {
        std::iter::once(&c.name)
            .chain(&c.aliases)
            .any(|a| s.contains(a.as_str()))
    })
}

/// "1 管理效能评价" / "1管理": a leading row number is not part of the label.
fn drop_row_number(label: &str) -> String {
    if starts_with_code(label) {
        return label.trim().to_owned();
    }
    let t = label.trim_start_matches(|c: char| c.is_ascii_digit());
    if t.len() < label.len() && t.starts_with([' ']) {
        return t.trim().to_owned();
    }
    if t.len() < label.len()
        && t.chars().next().is_some_and(crate::normalize::is_cjk)
        && label.len() - t.len() <= 2
    {
        return t.to_owned();
    }
    label.trim().to_owned()
}

/// Whether the header says the first amount column is the total of the others.
pub(crate) fn is_total_first(lines: &[&str], rules: &Rules) -> bool {
    let header: String = lines
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut h = match header.rfind("元") {
        Some(i) if header[..i].contains("单位") => &header[i + "元".len()..],
        _ => header.as_str(),
    };
    let tf = &rules.total_first;
    while let Some(w) = tf
        .label_words
        .iter()
        .filter(|w| h.starts_with(w.as_str()))
        .max_by_key(|w| w.len())
    {
        h = &h[w.len()..];
    }
    tf.total_words.iter().any(|w| h.starts_with(w.as_str()))
}

fn unit_of(lines: &[&str]) -> String {
    for l in lines {
        if let Some(i) = l.find("单位") {
            let rest = l[i + "单位".len()..].trim_start_matches([':', '：', ' ']);
            for u in ["亿元", "万元", "千元", "元"] {
                if rest.starts_with(u) {
                    return u.to_owned();
                }
            }
        }
    }
    String::new()
}

/// Finds column names in the header lines, leftmost-longest, and keeps the last `width`
/// (the header text nearest the cells); all None where too few are found. Also returns how
/// many lines the header takes up to the end of its last column name.
fn header_columns(
    lines: &[&str],
    width: usize,
    rules: &Rules,
) -> (Vec<Option<String>>, Option<usize>) {
    let mut header = String::new();
    let mut line_ends = Vec::new();
    for l in lines {
        header.extend(l.chars().filter(|c| !c.is_whitespace()));
        line_ends.push(header.len());
    }
    // (column name, start, end) of each name found, leftmost-longest.
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    let mut pos = 0;
    while pos < header.len() {
        let rest = &header[pos..];
        let best = rules
            .columns
            .iter()
            .flat_map(|c| {
                std::iter::once(&c.name)
                    .chain(&c.aliases)
                    .map(move |a| (c, a))
            })
            .filter(|(_, a)| rest.starts_with(a.as_str()))
            .max_by_key(|(_, a)| a.len());
        match best {
            Some((c, a)) => {
                found.push((c.name.clone(), pos, pos + a.len()));
                pos += a.len();
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let none = (vec![None; width], None);
    if found.len() < width || width == 0 {
        return none;
    }
    // Extra names are allowed only where other words stand between them and the kept ones
    // (a title such as "综合得分情况" above "评价内容 权重 …"); names running straight into the
    // kept ones mean blank columns were dropped, and the cells cannot be placed.
    let kept = &found[found.len() - width..];
    if found.len() > width {
        let excess_end = found[found.len() - width - 1].2;
        if header[excess_end..kept[0].1].chars().count() < 2 {
            return none;
        }
    }
    let last_end = kept[width - 1].2;
    let used = line_ends.iter().position(|&e| e >= last_end).map(|i| i + 1);
    (kept.iter().map(|(n, _, _)| Some(n.clone())).collect(), used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;
    use crate::normalize::normalize;

    fn tables(s: &str) -> Vec<Table> {
        let rules = Rules::builtin();
        let t = normalize(&RawDocument::from_text(s));
        find_tables(&t, &[], &rules)
    }

    const BUDGET: &str = "预算和支出情况详见下表:\n\n按支出性质\n\n分类\n\n年初\n\n预算数\n\n预算调整 实际支出\n\n调整金额\n调整后\n\n预算\n\n预算调\n\n整率\n决算数\n\n实际\n\n支出率\n\n一、基本支出 2,500.00 20.00 2,520.00 0.80% 2,480.00 98.41%\n\n人员经费 2,200.00 -30.00 2,170.00 1.36% 2,150.00 99.08%\n\n日常公用\n\n经费\n300.00 50.00 350.00 16.67% 330.00 94.29%\n\n二、项目支出 9,500.00 2,980.0 12,480.00 31.37% 12,400.00 99.36%\n\n基本建设类\n\n项目\n0 0 0 0 0 0\n\n本年支出合计 12,000.00 3,000.00 15,000.00 20.00% 14,880.00 99.20%\n\n（四）部门整体绩效管理情况\n";

    #[test]
    fn budget_table_with_broken_headers_and_labels() {
        let t = tables(BUDGET);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        let cols: Vec<_> = t
            .columns
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            cols,
            [
                "年初预算数",
                "调整金额",
                "调整后预算",
                "预算调整率",
                "决算数",
                "实际支出率"
            ]
        );
        let labels: Vec<_> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            labels,
            [
                "基本支出",
                "人员经费",
                "日常公用经费",
                "项目支出",
                "基本建设类项目",
                "本年支出合计"
            ]
        );
        assert_eq!(t.rows[1].cells[1].printed, "-30.00");
    }

    #[test]
    fn score_table_with_row_numbers() {
        let t = tables("2022 年度部门整体支出绩效评价综合得分情况\n\n评价内容 权重（%） 分值配置 实际得分 得分率\n\n1\n管理\n\n效能评价\n40 40 36.5 91.25%\n\n2 履职\n效能评价 60 60 57 95.00%\n\n各项指标详细分析如下：\n");
        assert_eq!(t.len(), 1);
        let cols: Vec<_> = t[0]
            .columns
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        assert_eq!(cols, ["权重", "分值", "得分", "得分率"]);
        let labels: Vec<_> = t[0].rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(labels, ["管理效能评价", "履职效能评价"]);
    }

    #[test]
    fn table_continued_after_a_printed_page_number_is_one_table() {
        // Plain text has no form feeds: the page break shows only as "— 2 —" and "续表".
        let head = "支出决算表\n单位：万元\n科目编码\n科目名称\n合计\n基本支出\n项目支出\n";
        let doc = format!(
            "{head}301 办公经费 90.00 60.00 30.00\n30101 印刷费 40.00 40.00 0.00\n— 2 —\n续表\n{head}30102 邮电费 50.00 20.00 30.00\n合计 90.00 60.00 30.00\n"
        );
        let t = tables(&doc);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].rows.len(), 4);
        // Without the page-break line, two tables with the same header stay apart.
        let apart = tables(&format!(
            "{head}301 办公经费 90.00 60.00 30.00\n30101 印刷费 40.00 40.00 0.00\n本表反映本年的办公经费支出情况，金额单位为万元，以下为另一张同样格式的表。\n{head}302 邮电费 50.00 20.00 30.00\n30201 邮寄费 50.00 20.00 30.00\n"
        ));
        assert_eq!(apart.len(), 2, "{apart:#?}");
    }

    #[test]
    fn a_header_printed_again_inside_a_run_is_no_label() {
        // The run goes on over a page break; the repeated header lines are not the next row's label.
        let doc = "单位：万元\n科目编码科目名称\n合计基本支出项目支出\n301 办公经费 90.00 60.00 30.00\n30101 印刷费 40.00 40.00 0.00\n科目编码科目名称\n合计基本支出项目支出\n30102 邮电费 50.00 20.00 30.00\n合计 90.00 60.00 30.00\n";
        let t = tables(doc);
        assert_eq!(t.len(), 1, "{t:#?}");
        let labels: Vec<&str> = t[0].rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels[2], "30102 邮电费", "{labels:?}");
    }

    #[test]
    fn prose_with_numbers_is_not_a_table() {
        assert!(tables("2021年度，部门整体支出情况如下：年初预算 12,000.00 万元，调整后预算 15,000.00 万元。\n").is_empty());
    }

    #[test]
    fn dropped_blank_columns_leave_cells_unplaced() {
        // Six column names, three cells: blank columns were not printed.
        let t = tables("项目\n年初预算数调整金额调整后预算预算调整率决算数实际支出率\n甲 100.00 90.00 90.00%\n乙 50.00 45.00 90.00%\n");
        assert_eq!(t.len(), 1);
        assert!(t[0].columns.iter().all(Option::is_none));
    }

    /// Long lines of prose first, so that the short table lines are not read as wrapped prose.
    const PROSE_LINE: &str = "本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n本部门按照有关规定编制了本年度的收入支出情况表格，以下各表的金额单位均为万元，表中空白单元格表示该项没有金额，合计数与分项之和的尾差由四舍五入造成。\n";

    fn sides(t: &[Table]) -> Vec<&Table> {
        t.iter().filter(|t| t.side.is_some()).collect()
    }

    fn cells_of(t: &Table, key: &str) -> Vec<String> {
        t.rows
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.cells.iter().map(|c| c.printed.clone()).collect())
            .unwrap_or_else(|| panic!("no row {key}: {:?}", t.rows))
    }

    const SUMMARY: &str = "收入支出总表\n单位：万元\n收入支出\n项目决算数项目决算数\n一、甲类收入 500.00 一、教育支出 300.00\n二、乙类收入二、科技支出\n三、丙类收入 20.00 三、文化支出 150.00\n四、住房支出 60.00\n五、其他\n支出 10.00\n本年收入合计 520.00 本年支出合计 520.00\n年初结转和结余 30.00 年末结转和结余 30.00\n总计 550.00 总计 550.00\n注：本表反映本年度的总收支。\n";

    #[test]
    fn two_sided_summary_table_is_two_tables() {
        let all = tables(&format!("{PROSE_LINE}{SUMMARY}"));
        let t = sides(&all);
        assert_eq!(t.len(), 2, "{all:?}");
        let (l, r) = (t[0], t[1]);
        assert_eq!(
            l.side.map(|s| (s.index, s.of, s.uncertain)),
            Some((0, 2, false))
        );
        assert_eq!(
            r.side.map(|s| (s.index, s.of, s.uncertain)),
            Some((1, 2, false))
        );
        let keys = |t: &Table| t.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
        assert_eq!(
            keys(l),
            [
                "甲类收入",
                "乙类收入",
                "丙类收入",
                "本年收入合计",
                "年初结转和结余",
                "总计"
            ]
        );
        assert_eq!(
            keys(r),
            [
                "教育支出",
                "科技支出",
                "文化支出",
                "住房支出",
                "其他支出",
                "本年支出合计",
                "年末结转和结余",
                "总计"
            ]
        );
        // Blank cells print nothing; a label glued to the other side's is cut at its number.
        assert!(cells_of(l, "乙类收入").is_empty());
        assert_eq!(cells_of(r, "住房支出"), ["60.00"]);
        assert_eq!(cells_of(r, "其他支出"), ["10.00"]);
        assert_eq!(cells_of(l, "总计"), ["550.00"]);
        // The lines are the sides' rows, not rows of a plain table.
        assert!(all.iter().all(|t| t.side.is_some()), "{all:?}");
    }

    const ECONOMIC: &str = "基本支出决算表\n单位：万元\n经济分类\n科目编码科目名称决算数科目编码科目名称决算数\n301 工资福利支出 120.00 302 商品和服务支出 45.00\n301 01 基本工资 70.00 302 01 办公费 25.00\n301 02 津贴补贴 50.00 302 02 印刷费\n301 08 机关事业单位养老保险缴\n费 0.00 302 03 差旅费 20.00\n303 对个人和家庭的补助 10.00 302 04 劳务费\n303 02 退休费 10.00 302 05 福利费\n302 99 其他商品和服务支出\n310 资本性支出 5.00\n310 02 办公设备购置 5.00\n人员经费合计 130.00 公用经费合计 50.00\n";

    #[test]
    fn economic_halves_keep_their_codes() {
        let all = tables(&format!("{PROSE_LINE}{ECONOMIC}"));
        let t = sides(&all);
        assert_eq!(t.len(), 2, "{all:?}");
        let (l, r) = (t[0], t[1]);
        let codes = |t: &Table| t.rows.iter().map(|r| r.code.join(" ")).collect::<Vec<_>>();
        assert_eq!(
            codes(l),
            ["301", "301 01", "301 02", "301 08", "303", "303 02", ""]
        );
        assert_eq!(
            codes(r),
            [
                "302", "302 01", "302 02", "302 03", "302 04", "302 05", "302 99", "310", "310 02",
                ""
            ]
        );
        // The wrapped label continues on the next line with its cell.
        assert_eq!(cells_of(l, "机关事业单位养老保险缴费"), ["0.00"]);
        // Only the right half goes on: the new class belongs to it.
        assert_eq!(cells_of(r, "资本性支出"), ["5.00"]);
        assert_eq!(cells_of(l, "人员经费合计"), ["130.00"]);
        assert!(t.iter().all(|t| !t.side.unwrap().uncertain));
    }

    #[test]
    fn a_cell_of_no_certain_side_makes_both_uncertain() {
        // "其他 8.00" has no number, no code, no title: it could be either side's.
        let doc = format!(
            "{PROSE_LINE}{}",
            ECONOMIC.replace("302 99 其他商品和服务支出\n", "其他 8.00\n")
        );
        let all = tables(&doc);
        let t = sides(&all);
        assert_eq!(t.len(), 2, "{all:?}");
        assert!(t.iter().all(|t| t.side.unwrap().uncertain), "{t:?}");
    }

    #[test]
    fn a_wrapped_tail_does_not_end_the_sides_left_of_it() {
        // "出" ends the right side's label; the left side goes on with 三、.
        let doc = format!("{PROSE_LINE}收入支出总表\n单位：万元\n收入支出\n项目决算数项目决算数\n一、甲类收入 10.00 一、教育支出 10.00\n二、乙类收入二、科技支\n出\n三、丙类拨款 5.00\n本年收入合计 15.00 本年支出合计 10.00\n");
        let all = tables(&doc);
        let t = sides(&all);
        assert_eq!(t.len(), 2, "{all:?}");
        assert!(
            t[1].rows.iter().all(|r| r.key != "丙类拨款"),
            "{:?}",
            t[1].rows
        );
        assert!(
            t[1].rows.iter().any(|r| r.key == "科技支出"),
            "{:?}",
            t[1].rows
        );
    }

    #[test]
    fn a_figure_glued_to_a_label_is_cut_off() {
        let doc = format!(
            "{PROSE_LINE}{}",
            SUMMARY.replace("500.00 一、教育支出", "500.00一、教育支出")
        );
        let all = tables(&doc);
        let t = sides(&all);
        assert_eq!(cells_of(t[0], "甲类收入"), ["500.00"]);
        assert_eq!(cells_of(t[1], "教育支出"), ["300.00"]);
    }

    #[test]
    fn one_label_column_is_a_plain_table() {
        let t = tables(&format!("{PROSE_LINE}支出决算表\n单位：万元\n项目合计基本支出项目支出\n一般公共服务支出 100.00 60.00 40.00\n教育支出 50.00 50.00 0.00\n合计 150.00 110.00 40.00\n"));
        assert!(t.iter().all(|t| t.side.is_none()), "{t:?}");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn hostile_side_by_side_input_is_bounded() {
        // Many sides' worth of header words and a long run of glued labels: no panic, bounded.
        let mut s = String::from(PROSE_LINE);
        s.push_str("项目金额项目金额项目金额项目金额项目金额项目金额\n");
        for _ in 0..2000 {
            s.push_str("一、甲 1.00 二、乙二、丙 2.00 3.00 4.00 5.00\n");
        }
        let _ = tables(&s);
        let mut s = String::from(PROSE_LINE);
        s.push_str("收入支出\n项目金额项目金额\n");
        for _ in 0..2000 {
            s.push_str("一、甲 1.00 二、乙 2.00\n三、丙 3.00\n");
        }
        let t = tables(&s);
        assert!(t.iter().all(|t| t.rows.len() <= 1000));
        // One huge glued label full of numerals that start no heading number: linear work.
        let mut s = String::from(PROSE_LINE);
        s.push_str("收入支出\n项目金额项目金额\n一、甲 1.00 ");
        s.push_str(&"甲一".repeat(200_000));
        s.push_str(" 2.00\n");
        let _ = tables(&s);
    }

    #[test]
    fn keys() {
        assert_eq!(row_key("一、基本支出"), "基本支出");
        assert_eq!(row_key("（二）项目 支出"), "项目支出");
        assert_eq!(row_key("本年支出合计"), "本年支出合计");
    }
}
