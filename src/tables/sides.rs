//! Tables printed as two or more sides side by side (收入 | 支出 on the same printed rows).
//!
//! The header tells the layout: a label-column word running straight into an amount-column
//! word ("项目决算数项目决算数", rules/tables.toml `[two_sided]`) at least twice, one side each.
//! Each printed line is cut into segments, a label followed by its cells
//! ("一、甲收入 100.00 一、乙支出 80.00"); labels glued together where a cell is blank are cut
//! again at an inner heading number ("二、甲收入二、乙支出"). A line with a segment for every
//! side places them in order; a shorter line places each segment on the one side it can belong
//! to (by its heading number, its classification code, its number of cells, the side's title),
//! or on none: then the sides it might belong to are marked uncertain, and their sums are not
//! checked.

use super::{
    is_header_line, is_total_first, row_key, split_code, tokens, unit_of, Row, Side, Table,
};
use crate::figures::{self, Figure};
use crate::normalize::is_cjk;
use crate::rules::Rules;

/// More sides than this is not a side-by-side table.
const MAX_SIDES: usize = 4;
/// Lines of one side-by-side table at most.
const MAX_LINES: usize = 400;
/// The longest wrapped label tail joined to the line above in a table without codes.
const MAX_TAIL: usize = 4;
/// Header lines looked at above the first row.
const MAX_HEADER: usize = 16;

/// What the header says about one side.
#[derive(Debug)]
struct Head {
    header: String,
    /// Amount columns named in the side's header.
    width: usize,
    row_number: bool,
    title: Option<String>,
    total_first: bool,
}

/// A label and the cells printed after it.
#[derive(Debug)]
struct Seg {
    label: String,
    cells: Vec<Figure>,
    /// A wrapped label continued from the line above, and the side it was placed on.
    cont: Option<Option<usize>>,
}

#[derive(Default)]
struct State {
    rows: Vec<Row>,
    last_top: Option<u32>,
    last_sub: Option<u32>,
    classes: Vec<String>,
    ended: bool,
    /// (line, numbered) of cells that may be this side's but were placed nowhere.
    unplaced: Vec<(usize, bool)>,
}

/// The side-by-side tables of a document, one table per side, and the lines they take.
/// `pages[i]` is the page line `i` starts on.
pub(super) fn find(lines: &[&str], pages: &[u32], rules: &Rules) -> (Vec<Table>, Vec<bool>) {
    let mut taken = vec![false; lines.len()];
    let mut out = Vec::new();
    if rules.two_sided.label_words.is_empty() || rules.two_sided.amount_words.is_empty() {
        return (out, taken);
    }
    let mut group = 0;
    let mut i = 0;
    while i < lines.len() {
        if !header_like(lines[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && header_like(lines[j]) {
            j += 1;
        }
        if j >= lines.len() || !has_cell(lines[j]) {
            i = j.max(i + 1);
            continue;
        }
        // A header is printed on the page of the first row: the lines of the page before
        // are its end (a table header drawn last, a footer), not this table's header.
        let from = (i.max(j.saturating_sub(MAX_HEADER))..j)
            .find(|&k| pages.get(k) == pages.get(j))
            .unwrap_or(j);
        let Some((heads, codes)) = heads(&lines[from..j], rules) else {
            i = j;
            continue;
        };
        let unit = unit_of(&lines[from.saturating_sub(3)..j]);
        let title = title_of(&lines[from.saturating_sub(2)..j]);
        let (sides, end) = read(lines, j, &heads, codes, rules);
        if sides
            .iter()
            .any(|s| s.rows.iter().any(|r| !r.cells.is_empty()))
        {
            for t in taken.iter_mut().take(end).skip(j) {
                *t = true;
            }
            let of = heads.len();
            for (index, (st, h)) in sides.into_iter().zip(heads).enumerate() {
                let uncertain = st.unplaced.iter().any(|&(line, numbered)| {
                    !(numbered
                        && st
                            .rows
                            .iter()
                            .any(|r| r.line < line && is_side_total(&r.key, rules)))
                });
                let width = st.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                out.push(Table {
                    columns: vec![None; width.max(1)],
                    unit: unit.clone(),
                    total_first: h.total_first,
                    header: h.header,
                    rows: st.rows,
                    title: title.clone(),
                    side: Some(Side {
                        group,
                        index,
                        of,
                        uncertain,
                    }),
                });
            }
            group += 1;
        }
        i = end.max(j + 1);
    }
    (out, taken)
}

/// The title above a header: the text up to the last "表" before "单位：…" ("…收入支出决算总表").
fn title_of(lines: &[&str]) -> String {
    // Not the rows of a table above: lines ending in a cell.
    let from = lines
        .iter()
        .rposition(|l| {
            tokens(l)
                .last()
                .is_some_and(|(st, t)| figures::parse_cell(t, 0, *st).is_some())
        })
        .map_or(0, |i| i + 1);
    let joined: String = lines[from..]
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let head = joined
        .rfind("单位")
        .map_or(joined.as_str(), |i| &joined[..i]);
    head.rfind('表')
        .map_or(String::new(), |i| head[..i + '表'.len_utf8()].to_owned())
}

/// A subtotal or grand-total row of a side (本年收入合计, 总计).
pub(crate) fn is_side_total(key: &str, rules: &Rules) -> bool {
    let ts = &rules.two_sided;
    ts.subtotal_rows
        .iter()
        .chain(&ts.total_rows)
        .any(|w| row_key(w) == key)
}

fn header_like(s: &str) -> bool {
    is_header_line(s) && !has_cell(s)
}

fn has_cell(s: &str) -> bool {
    tokens(s)
        .iter()
        .any(|(st, t)| figures::parse_cell(t, 0, *st).is_some())
}

/// The words of `words` found in `s`, leftmost-longest, in order.
fn words_in(s: &str, words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < s.len() {
        let rest = &s[pos..];
        match words
            .iter()
            .filter(|w| !w.is_empty() && rest.starts_with(w.as_str()))
            .max_by_key(|w| w.len())
        {
            Some(w) => {
                out.push(w.clone());
                pos += w.len();
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Where each side's header starts: a label word, an optional row-number word, an amount word.
fn side_starts(h: &str, rules: &Rules) -> Vec<usize> {
    let ts = &rules.two_sided;
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < h.len() {
        let rest = &h[pos..];
        let hit = ts
            .label_words
            .iter()
            .filter(|w| !w.is_empty() && rest.starts_with(w.as_str()))
            .filter(|w| {
                let mut after = &rest[w.len()..];
                if let Some(r) = ts
                    .row_number_words
                    .iter()
                    .find(|r| !r.is_empty() && after.starts_with(r.as_str()))
                {
                    after = &after[r.len()..];
                }
                ts.amount_words
                    .iter()
                    .any(|a| !a.is_empty() && after.starts_with(a.as_str()))
            })
            .max_by_key(|w| w.len());
        match hit {
            Some(w) => {
                out.push(pos);
                pos += w.len();
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The sides a header names, and whether rows carry classification codes; None for a plain header.
fn heads(lines: &[&str], rules: &Rules) -> Option<(Vec<Head>, bool)> {
    let ts = &rules.two_sided;
    let joined: String = lines
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let h = match joined.rfind('元') {
        Some(i) if joined[..i].contains("单位") => &joined[i + '元'.len_utf8()..],
        _ => joined.as_str(),
    };
    let starts = side_starts(h, rules);
    if starts.len() < 2 || starts.len() > MAX_SIDES {
        return None;
    }
    let titles = words_in(&h[..starts[0]], &ts.titles);
    let codes = ts
        .code_words
        .iter()
        .any(|w| !w.is_empty() && joined.contains(w.as_str()));
    let heads = starts
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let b = starts.get(i + 1).copied().unwrap_or(h.len());
            let slice = &h[a..b];
            Head {
                header: slice.to_owned(),
                width: words_in(slice, &ts.amount_words).len(),
                row_number: ts
                    .row_number_words
                    .iter()
                    .any(|w| !w.is_empty() && slice.contains(w.as_str())),
                title: (titles.len() == starts.len()).then(|| titles[i].clone()),
                total_first: is_total_first(&[slice], rules),
            }
        })
        .collect();
    Some((heads, codes))
}

/// Whether a line ends the table: a sentence, a note, a unit, a title, a new header.
fn ends_table(l: &str, rules: &Rules) -> bool {
    let t = l.trim();
    let flat: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.contains(['。', '；', '，', ';'])
        || t.starts_with('注')
        || flat.contains("单位：")
        || flat.contains("单位:")
        || t.ends_with('表')
        || (t.contains(['：', ':']) && !t.starts_with("其中"))
        || (!has_cell(t) && side_starts(&flat, rules).len() >= 2)
}

/// Reads the rows from line `from` to the end of the table; returns the sides and the end line.
fn read(
    lines: &[&str],
    from: usize,
    heads: &[Head],
    codes: bool,
    rules: &Rules,
) -> (Vec<State>, usize) {
    let k = heads.len();
    let mut st: Vec<State> = (0..k).map(|_| State::default()).collect();
    // The last segment of the line above when that line printed no cell: (label, side, line).
    let mut open: Option<(String, Option<usize>, usize)> = None;
    let mut li = from;
    while li < lines.len() && li - from < MAX_LINES {
        let l = lines[li];
        if ends_table(l, rules) {
            break;
        }
        let mut segs = segments(l, li, codes);
        if segs.is_empty() {
            li += 1;
            continue;
        }
        // A figure glued to text ("24.50甲") is lost to every side.
        if segs.iter().any(|s| glued_figure(&s.label)) {
            for s in st.iter_mut() {
                s.unplaced.push((li, false));
            }
        }
        if let Some((prev, side, pl)) = open.take() {
            continue_label(&mut segs[0], &prev, side, codes, rules);
            // The row of the label above is this one.
            if let Some(Some(j)) = segs[0].cont {
                if st[j]
                    .rows
                    .last()
                    .is_some_and(|r| r.line == pl && r.cells.is_empty())
                {
                    st[j].rows.pop();
                }
            }
        }
        let cellless = segs.iter().all(|s| s.cells.is_empty());
        let placed = place(&segs, heads, &st);
        let all = segs.len() == k;
        // A wrapped label's tail says nothing of the other sides' rows.
        let tail = segs.first().is_some_and(|s| s.cont.is_some());
        let first_placed = placed.iter().filter_map(|p| p.as_ref().ok().copied()).min();
        let mut next_open = None;
        for (seg, p) in segs.into_iter().zip(placed) {
            let numbered = top(&seg.label).is_some() || sub(&seg.label).is_some();
            match p {
                Ok(j) => {
                    if cellless {
                        next_open = Some((seg.label.clone(), Some(j), li));
                    }
                    push(&mut st[j], &heads[j], seg, li);
                }
                Err(cands) => {
                    if cellless {
                        next_open = Some((seg.label.clone(), None, li));
                    } else if !seg.cells.is_empty() {
                        for j in cands {
                            st[j].unplaced.push((li, numbered));
                        }
                    }
                }
            }
        }
        if all {
            st.iter_mut().for_each(|s| s.ended = false);
        } else if let Some(f) = first_placed.filter(|_| !tail) {
            // Only a later side printed a row: the sides left of it have ended.
            st.iter_mut().take(f).for_each(|s| s.ended = true);
        }
        open = next_open;
        li += 1;
    }
    (st, li)
}

/// Adds a placed segment to its side as a row.
fn push(s: &mut State, head: &Head, mut seg: Seg, li: usize) {
    if head.row_number
        && seg
            .cells
            .first()
            .is_some_and(|c| c.decimals == 0 && !c.printed.contains(','))
    {
        seg.cells.remove(0);
    }
    if let Some(n) = top(&seg.label) {
        s.last_top = Some(n);
        s.last_sub = None;
    } else if let Some(n) = sub(&seg.label) {
        s.last_sub = Some(n);
    }
    let mut row = Row::new(seg.label, li, seg.cells);
    row.mixed = false;
    if let Some(c) = row.code.first() {
        if !s.classes.contains(c) {
            s.classes.push(c.clone());
        }
    }
    s.rows.push(row);
}

/// Joins a wrapped label to the cell-less line above it ("四、甲乙" / "支出 12.00").
///
/// In a table with classification codes every row starts with its code, so a label without one
/// continues the line above; without codes only a short tail does ("支出", "的支出"): a longer
/// label is a row of its own ("年初结转和结余").
fn continue_label(seg: &mut Seg, prev: &str, side: Option<usize>, codes: bool, rules: &Rules) {
    let key = row_key(&seg.label);
    if top(&seg.label).is_some()
        || sub(&seg.label).is_some()
        || !split_code(&seg.label).0.is_empty()
        || is_side_total(&key, rules)
        || key.is_empty()
    {
        return;
    }
    // "拨款总计": the end of the label above, then a total row of its own.
    let ts = &rules.two_sided;
    if let Some(w) = ts
        .total_rows
        .iter()
        .chain(&ts.subtotal_rows)
        .filter(|w| !w.is_empty() && key.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
    {
        seg.label = w.clone();
        return;
    }
    if rules
        .scope
        .total_rows
        .iter()
        .any(|w| key.ends_with(w.as_str()))
        || (!codes && key.chars().count() > MAX_TAIL)
    {
        return;
    }
    seg.label = format!("{}{}", prev.trim(), seg.label.trim());
    seg.cont = Some(side);
}

/// Cuts a line into segments: label, then cells.
fn segments(l: &str, li: usize, codes: bool) -> Vec<Seg> {
    let mut raw: Vec<(Vec<&str>, Vec<Figure>)> = Vec::new();
    let mut label: Vec<&str> = Vec::new();
    let mut cells: Vec<Figure> = Vec::new();
    let toks = unglue(tokens(l), li);
    // Leading numbers: a classification code before a label, or cells of a label-less row.
    let lead = toks
        .iter()
        .take_while(|(s, t)| figures::parse_cell(t, li, *s).is_some())
        .count();
    let lead_code = code_tail(&toks[..lead].iter().map(|(_, t)| *t).collect::<Vec<_>>());
    let code_lead = codes && lead > 0 && lead < toks.len() && lead_code == lead;
    for (n, (start, tok)) in toks.iter().enumerate() {
        let cell = if n < lead && code_lead {
            None
        } else {
            figures::parse_cell(tok, li, *start)
        };
        match cell {
            Some(f) => cells.push(f),
            None => {
                if !cells.is_empty() {
                    raw.push((std::mem::take(&mut label), std::mem::take(&mut cells)));
                }
                label.push(tok);
            }
        }
    }
    if !label.is_empty() || !cells.is_empty() {
        raw.push((label, cells));
    }
    // Cells ending in a code belong to the next label ("12.00 302 01 乙").
    if codes {
        for i in 1..raw.len() {
            if !split_code(&raw[i].0.join(" ")).0.is_empty() {
                continue;
            }
            let printed: Vec<&str> = raw[i - 1].1.iter().map(|c| c.printed.as_str()).collect();
            let n = code_tail(&printed);
            if n == 0 {
                continue;
            }
            let at = raw[i - 1].1.len() - n;
            let moved: Vec<Figure> = raw[i - 1].1.drain(at..).collect();
            let mut lab: Vec<&str> = Vec::new();
            for f in &moved {
                lab.push(&l[f.start..f.end]);
            }
            lab.extend(raw[i].0.iter());
            raw[i].0 = lab;
        }
    }
    let mut out = Vec::new();
    for (label, cells) in raw {
        let label = label.join(" ");
        let pieces = split_glued(&label);
        let last = pieces.len().saturating_sub(1);
        for (n, p) in pieces.into_iter().enumerate() {
            out.push(Seg {
                label: p,
                cells: if n == last { cells.clone() } else { Vec::new() },
                cont: None,
            });
        }
    }
    out
}

/// Cuts a cell glued to the label after it ("12.50二、乙支出" → "12.50", "二、乙支出").
fn unglue(toks: Vec<(usize, &str)>, li: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(toks.len());
    for (start, tok) in toks {
        let cut = tok
            .char_indices()
            .find(|&(_, c)| is_cjk(c))
            .map(|(i, _)| i)
            .filter(|&i| {
                i > 0
                    && tok[..i].contains('.')
                    && figures::parse_cell(&tok[..i], li, start).is_some()
            });
        match cut {
            Some(i) => {
                out.push((start, &tok[..i]));
                out.push((start + i, &tok[i..]));
            }
            None => out.push((start, tok)),
        }
    }
    out
}

/// How many trailing tokens form a classification code: "302", "302 01", "302 01 05", "30201", "3020105".
fn code_tail(toks: &[&str]) -> usize {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let n = toks.len();
    if n == 0 {
        return 0;
    }
    let last = toks[n - 1];
    if digits(last, 5) || digits(last, 7) || digits(last, 3) {
        return 1;
    }
    for len in [2, 3] {
        if n >= len && digits(toks[n - len], 3) && toks[n - len + 1..].iter().all(|t| digits(t, 2))
        {
            return len;
        }
    }
    0
}

/// Labels run together where a cell was blank, cut at each inner heading number:
/// "二、甲收入二、乙支出" → "二、甲收入", "二、乙支出".
fn split_glued(label: &str) -> Vec<String> {
    const CN: &str = "一二三四五六七八九十";
    let chars: Vec<(usize, char)> = label.char_indices().collect();
    let mut cuts = Vec::new();
    for (n, &(at, c)) in chars.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let prev = chars[n - 1].1;
        let starts_number = (CN.contains(c) && !CN.contains(prev) && prev != '第')
            || (c.is_ascii_digit() && !prev.is_ascii_digit() && prev != '.');
        if !starts_number || !is_cjk(prev) || "（(、".contains(prev) {
            continue;
        }
        let rest = &label[at..];
        if top(rest).is_some() || sub(rest).is_some() {
            cuts.push(at);
        }
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        out.push(label[from..c].trim().to_owned());
        from = c;
    }
    out.push(label[from..].trim().to_owned());
    out
}

/// A label with a figure glued into it ("12.50甲"): cells were lost.
fn glued_figure(label: &str) -> bool {
    let b = label.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|i| b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

/// The value of a leading "一、" (top-level heading number).
pub(crate) fn top(label: &str) -> Option<u32> {
    let t = label.trim_start();
    // At most three numerals (二十六): the scan stays short whatever follows.
    let n: usize = t
        .chars()
        .take(4)
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum();
    if n == 0 || !t[n..].starts_with('、') {
        return None;
    }
    figures::cn_value(&t[..n])
}

/// The value of a leading "1." / "1、" (second-level heading number).
fn sub(label: &str) -> Option<u32> {
    let t = label.trim_start();
    let d = t.chars().take(3).take_while(char::is_ascii_digit).count();
    if d == 0 || d > 2 {
        return None;
    }
    let rest = &t[d..];
    let after = rest.strip_prefix(['.', '．', '、'])?;
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    t[..d].parse().ok()
}

/// Each segment's side, or the sides it might be on when it cannot be placed for certain.
fn place(segs: &[Seg], heads: &[Head], st: &[State]) -> Vec<Result<usize, Vec<usize>>> {
    let k = heads.len();
    let m = segs.len();
    let in_order = segs
        .iter()
        .enumerate()
        .all(|(i, s)| !matches!(s.cont, Some(Some(j)) if j != i));
    if m == k && in_order {
        return (0..m).map(Ok).collect();
    }
    if m > k {
        return segs.iter().map(|_| Err((0..k).collect())).collect();
    }
    let cands: Vec<Vec<usize>> = segs.iter().map(|s| candidates(s, heads, st)).collect();
    // Every increasing choice of one side per segment.
    let mut choices: Vec<Vec<usize>> = Vec::new();
    let mut cur = Vec::with_capacity(m);
    fn walk(i: usize, cands: &[Vec<usize>], cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if i == cands.len() {
            out.push(cur.clone());
            return;
        }
        for &j in &cands[i] {
            if cur.last().is_some_and(|&p| j <= p) {
                continue;
            }
            cur.push(j);
            walk(i + 1, cands, cur, out);
            cur.pop();
        }
    }
    walk(0, &cands, &mut cur, &mut choices);
    (0..m)
        .map(|i| {
            let mut sides: Vec<usize> = choices.iter().map(|c| c[i]).collect();
            sides.sort_unstable();
            sides.dedup();
            match sides.as_slice() {
                [j] => Ok(*j),
                [] => Err(cands[i].clone()),
                _ => Err(sides),
            }
        })
        .collect()
}

/// The sides a segment of a line shorter than the table may be on.
fn candidates(seg: &Seg, heads: &[Head], st: &[State]) -> Vec<usize> {
    let k = heads.len();
    if let Some(Some(j)) = seg.cont {
        return vec![j];
    }
    let mut c: Vec<usize> = (0..k).collect();
    let narrow = |c: &mut Vec<usize>, keep: &dyn Fn(usize) -> bool| {
        let n: Vec<usize> = c.iter().copied().filter(|&j| keep(j)).collect();
        if !n.is_empty() {
            *c = n;
        }
    };
    // More cells than a side has columns: not that side (the last side may have any number).
    let cells = seg.cells.len();
    c.retain(|&j| j + 1 == k || cells <= heads[j].width.max(1) + usize::from(heads[j].row_number));
    if let Some(n) = top(&seg.label) {
        if n > 1 {
            narrow(&mut c, &|j| st[j].last_top == Some(n - 1));
        }
    } else if let Some(n) = sub(&seg.label) {
        narrow(&mut c, &|j| {
            if n == 1 {
                st[j].rows.last().is_some_and(|r| top(&r.label).is_some())
            } else {
                st[j].last_sub == Some(n - 1)
            }
        });
    }
    let (code, _) = split_code(&seg.label);
    if let Some(class) = code.first() {
        narrow(&mut c, &|j| st[j].classes.contains(class));
    }
    let key = row_key(&seg.label);
    narrow(&mut c, &|j| {
        heads[j]
            .title
            .as_ref()
            .is_some_and(|t| key.ends_with(t.as_str()))
    });
    narrow(&mut c, &|j| !st[j].ended);
    c
}
