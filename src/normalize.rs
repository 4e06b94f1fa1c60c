//! Normalisation: full-width characters folded, page furniture dropped, wrapped lines re-joined.
//! Every byte of a logical line maps back to the page and line it was printed on.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_width::UnicodeWidthStr;

use crate::document::RawDocument;

/// A place on the page: 1-based page, 1-based line among the page's non-empty lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub page: u32,
    pub line: u32,
}

/// A logical line: one or more printed lines joined where the text wrapped.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub text: String,
    /// (byte offset in `text`, where that part was printed), ascending.
    pub spans: Vec<(usize, Loc)>,
}

impl Line {
    pub fn loc(&self, byte: usize) -> Loc {
        let i = self.spans.partition_point(|(b, _)| *b <= byte);
        self.spans[i.saturating_sub(1)].1
    }

    pub fn first_loc(&self) -> Loc {
        self.spans.first().map(|s| s.1).unwrap_or_default()
    }
}

/// The normalised document.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub lines: Vec<Line>,
    /// The printed lines of each page (non-empty, as extracted), for excerpts.
    pub printed: Vec<Vec<String>>,
    pub page_count: u32,
}

impl Text {
    pub fn loc(&self, line: usize, byte: usize) -> Loc {
        self.lines
            .get(line)
            .map(|l| l.loc(byte))
            .unwrap_or_default()
    }

    /// The printed line at `loc`, whitespace folded.
    pub fn excerpt(&self, loc: Loc) -> &str {
        self.printed
            .get(loc.page.wrapping_sub(1) as usize)
            .and_then(|p| p.get(loc.line.wrapping_sub(1) as usize))
            .map(|s| s.as_str())
            .unwrap_or("")
    }
}

/// Folds full-width forms to ASCII and tidies spaces: digits, % . , + - = and friends;
/// spaces between two CJK characters are dropped (justified text), runs are folded.
pub fn fold(s: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '．' => '.',
            '％' => '%',
            '＋' => '+',
            '－' | '−' | '–' => '-',
            '＝' => '=',
            '＊' => '*',
            '／' => '/',
            '＜' => '<',
            '＞' => '>',
            '\u{3000}' | '\u{a0}' | '\t' | '\u{2002}'..='\u{200b}' => ' ',
            _ => c,
        };
        chars.push(c);
    }
    let mut out = String::with_capacity(s.len());
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < n && chars[j] == ' ' {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let keep = match (prev, next) {
                (None, _) | (_, None) => false,
                (Some(p), Some(q)) => !(is_cjk(p) && is_cjk(q)),
            };
            if keep {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// CJK ideographs and CJK punctuation (full-width forms included).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-—–－\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}|[-—–]\s*\d{1,4}\s*[-—–]|\d+\s*/\s*\d+|Page\s*\d+(\s*of\s*\d+)?)[-—–－\s]*$")
        .unwrap()
});

static HEADING_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(第[一二三四五六七八九十]+[部章节分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|<[一二三四五六七八九十]+>|\d+[、.]\D|任务[一二三四五六七八九十]+[：:])")
        .unwrap()
});

static NUMERIC_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?[\d,]+(\.\d+)?%?$").unwrap());

/// Whether a printed line looks like a table row: it ends in two or more space-separated numeric cells.
pub fn looks_like_row(s: &str) -> bool {
    s.split(' ')
        .rev()
        .take_while(|t| NUMERIC_CELL.is_match(t))
        .count()
        >= 2
}

/// Whether a line ends in a numeric cell after a label ("30101 基本工资 14.12").
fn ends_in_cell(s: &str) -> bool {
    s.rsplit_once(' ')
        .is_some_and(|(head, last)| !head.trim().is_empty() && NUMERIC_CELL.is_match(last))
}

pub fn is_heading(s: &str) -> bool {
    HEADING_START.is_match(s)
}

const PROSE_MARKS: &[char] = &['，', '。', '、', '；', '：', '（', '“', ','];

/// Longest printed line kept for excerpts, in characters: each finding copies the line of
/// its evidence, and a line megabytes long (hostile input) must not be copied per finding.
const MAX_EXCERPT: usize = 1000;

/// A printed line as excerpts show it: whitespace folded, cut after [`MAX_EXCERPT`] characters.
fn excerpt_of(t: &str) -> String {
    let mut s = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((i, _)) = s.char_indices().nth(MAX_EXCERPT) {
        s.truncate(i);
        s.push('…');
    }
    s
}

struct Printed {
    text: String,
    loc: Loc,
    width: usize,
}

/// Builds the logical text of a document.
pub fn normalize(raw: &RawDocument) -> Text {
    let mut printed: Vec<Vec<String>> = Vec::with_capacity(raw.pages.len());
    let mut pages: Vec<Vec<Printed>> = Vec::with_capacity(raw.pages.len());
    for (pi, page) in raw.pages.iter().enumerate() {
        let mut shown = Vec::new();
        let mut lines = Vec::new();
        for l in page.lines() {
            let t = l.trim();
            if t.is_empty() {
                continue;
            }
            shown.push(excerpt_of(t));
            let text = fold(t);
            let width = UnicodeWidthStr::width(text.as_str());
            lines.push(Printed {
                text,
                loc: Loc {
                    page: pi as u32 + 1,
                    line: shown.len() as u32,
                },
                width,
            });
        }
        printed.push(shown);
        pages.push(lines);
    }
    drop_furniture(&mut pages);

    let all: Vec<Printed> = pages.into_iter().flatten().collect();
    let full = full_width(&all);
    let mut lines: Vec<Line> = Vec::new();
    let mut cur: Option<Line> = None;
    for (i, p) in all.iter().enumerate() {
        let line = cur.get_or_insert_with(Line::default);
        if let (Some(a), Some(b)) = (line.text.chars().last(), p.text.chars().next()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphabetic() {
                line.text.push(' ');
            }
        }
        line.spans.push((line.text.len(), p.loc));
        line.text.push_str(&p.text);
        let next = all.get(i + 1);
        let wraps = p.width * 5 >= full * 4
            && !p
                .text
                .ends_with(['。', '！', '？', '；', '：', ':', '!', '?'])
            && !looks_like_row(&p.text)
            && next.is_some_and(|n| {
                // Rows of a table printed in two halves end in one cell: the next coded row is a row.
                let next_row = ends_in_cell(&p.text) && crate::tables::starts_with_code(&n.text);
                !next_row
                    && !is_heading(&n.text)
                    && !looks_like_row(&n.text)
                    && !n.text.bytes().all(|b| b.is_ascii_digit())
                    // A full line without punctuation over a short one: table header and label.
                    && (n.width * 3 >= full || p.text.contains(PROSE_MARKS))
            });
        if !wraps {
            lines.push(cur.take().unwrap_or_default());
        }
    }
    if let Some(l) = cur {
        lines.push(l);
    }
    Text {
        lines,
        printed,
        page_count: raw.pages.len() as u32,
    }
}

/// The width of a full body line: the 90th percentile of the widths of long lines.
fn full_width(all: &[Printed]) -> usize {
    let mut w: Vec<usize> = all.iter().map(|p| p.width).filter(|&w| w >= 20).collect();
    if w.is_empty() {
        return usize::MAX / 8;
    }
    w.sort_unstable();
    w[(w.len() * 9 / 10).min(w.len() - 1)].max(40)
}

/// Drops page numbers, and running heads/feet: a first or last line of a page that
/// recurs (digits aside) at the same end of at least three pages and half of them.
fn drop_furniture(pages: &mut [Vec<Printed>]) {
    let shape = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
    };
    let mut heads: HashMap<String, usize> = HashMap::new();
    let mut feet: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        if let Some(f) = p.first() {
            *heads.entry(shape(&f.text)).or_default() += 1;
        }
        if p.len() > 1 {
            if let Some(l) = p.last() {
                *feet.entry(shape(&l.text)).or_default() += 1;
            }
        }
    }
    let need = 3.max(pages.len().div_ceil(2));
    for p in pages.iter_mut() {
        // Page numbers stand at the top or the bottom of a page; a bare number elsewhere is content.
        let n = p.len();
        let mut i = 0;
        p.retain(|l| {
            i += 1;
            !((i <= 2 || i + 2 > n) && n > 1 && PAGE_NUMBER.is_match(&l.text))
        });
        if let Some(f) = p.first() {
            if heads.get(&shape(&f.text)).is_some_and(|&n| n >= need) {
                p.remove(0);
            }
        }
        if let Some(l) = p.last() {
            if feet.get(&shape(&l.text)).is_some_and(|&n| n >= need) {
                p.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(pages: &[&str]) -> RawDocument {
        RawDocument {
            pages: pages.iter().map(|s| s.to_string()).collect(),
            ..RawDocument::default()
        }
    }

    #[test]
    fn folds_full_width_and_justified_spaces() {
        assert_eq!(fold("１２．５％"), "12.5%");
        assert_eq!(fold("2021   年度 支 出 年 度"), "2021 年度支出年度");
        assert_eq!(fold("2,200.00  -30.00"), "2,200.00 -30.00");
    }

    #[test]
    fn rejoins_wrapped_lines_and_keeps_locations() {
        let t = normalize(&doc(&[
            "这是一行很长很长的正文内容，用于测试换行的重新连接功能啊\n\n它在这里继续并结束了。\n\n短标题\n",
            "— 2 —\n第二页的内容。\n",
        ]));
        assert_eq!(
            t.lines[0].text,
            "这是一行很长很长的正文内容，用于测试换行的重新连接功能啊它在这里继续并结束了。"
        );
        let b = t.lines[0].text.find("它在").unwrap();
        assert_eq!(t.lines[0].loc(b), Loc { page: 1, line: 2 });
        assert_eq!(t.lines[1].text, "短标题");
        assert_eq!(t.lines[2].text, "第二页的内容。");
        assert_eq!(t.lines[2].first_loc(), Loc { page: 2, line: 2 });
        assert_eq!(t.excerpt(Loc { page: 2, line: 2 }), "第二页的内容。");
    }

    #[test]
    fn table_rows_are_never_joined() {
        let t = normalize(&doc(&["很长很长很长很长很长很长很长的正文内容在这里\n合计 12,000.00 3,000.00 15,000.00 20.00% 14,880.00\n二、项目支出 1 2\n"]));
        assert!(t.lines.iter().any(|l| l.text.starts_with("合计 12,000.00")));
        assert!(t.lines.iter().any(|l| l.text.starts_with("二、项目支出")));
    }

    #[test]
    fn rows_of_two_halves_are_not_joined() {
        // Each row ends in one cell (the right half's); the next starts with a code.
        let t = normalize(&doc(&["30101 甲项费用 12.00 30201 乙项费用 0.00\n30102 丙项费用 3.00 30202 丁项费用 4.50\n30103 戊项费用 5.00 30203 己项费用 6.00\n"]));
        assert_eq!(t.lines.len(), 3, "{:?}", t.lines);
        assert!(t.lines[1].text.starts_with("30102"));
    }

    #[test]
    fn running_heads_are_dropped() {
        let pages: Vec<String> = (1..=4)
            .map(|i| format!("某某单位2021年度报告\n第{i}页内容。\n- {i} -\n"))
            .collect();
        let refs: Vec<&str> = pages.iter().map(|s| s.as_str()).collect();
        let t = normalize(&doc(&refs));
        assert!(t
            .lines
            .iter()
            .all(|l| !l.text.contains("年度报告") && !l.text.starts_with('-')));
        assert_eq!(t.lines.len(), 4);
    }

    #[test]
    fn rows_detected() {
        assert!(looks_like_row("人员经费 2,200.00 -30.00 2,170.00 1.36%"));
        assert!(looks_like_row("40 40 36.5 91.25%"));
        assert!(!looks_like_row("2021 年度根据中央"));
        assert!(!looks_like_row("该指标分值 3 分，自评得分 2 分，得分率为"));
    }
}
