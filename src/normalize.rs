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

    /// The 1-based character column of `byte` of logical line `line` on its printed line
    /// (0 when not known).
    pub fn column(&self, line: usize, byte: usize) -> u32 {
        let Some(l) = self.lines.get(line) else {
            return 0;
        };
        let part = l
            .spans
            .iter()
            .rev()
            .find(|(b, _)| *b <= byte)
            .map_or(0, |(b, _)| *b);
        l.text
            .get(part..byte)
            .map_or(0, |s| s.chars().count() as u32 + 1)
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
    let chars: Vec<char> = s.chars().map(fold_char).collect();
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

/// One character folded: full-width digits, letters and signs to ASCII, wide spaces to a space.
pub fn fold_char(c: char) -> char {
    match c {
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
    }
}

/// CJK ideographs and CJK punctuation (full-width forms included).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

/// Whether a line is a printed page number ("— 3 —", "第 3 页", "3/12").
pub fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line)
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-—–－\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}|[-—–]\s*\d{1,4}\s*[-—–]|\d+\s*/\s*\d+|Page\s*\d+(\s*of\s*\d+)?)[-—–－\s]*$")
        .unwrap()
});

/// A page number framed by dashes ("-5-", "— 11 —", "第 3 页"): furniture wherever it stands,
/// even inside a page (a text file whose pages were not cut by form feeds).
static FRAMED_PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*([-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?)\s*$",
    )
    .unwrap()
});

/// A line that opens with an amount and its unit, then a comma ("6262.35万元，占…").
static AMOUNT_THEN_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\d,]+(\.\d+)?(万元|亿元|元|万|亿)?[，,]").unwrap());

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

/// Whether a line without prose marks holds a run of two or more numeric cells before text
/// cells ("配套 150.00 146.80 97.9% 1,200亩"): a table row whose last column is words.
fn holds_cells(s: &str) -> bool {
    if s.contains(PROSE_MARKS) {
        return false;
    }
    let mut run = 0;
    for t in s.split(' ') {
        run = if NUMERIC_CELL.is_match(t) { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
    }
    false
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
            // Width as printed: a full-width digit or letter folded to ASCII still took two columns.
            let width = UnicodeWidthStr::width(text.as_str())
                + t.chars()
                    .filter(|&c| ('\u{FF01}'..='\u{FF5E}').contains(&c) && fold_char(c).is_ascii())
                    .count();
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
        // A text whose pages were not cut by form feeds prints a framed page number at the foot
        // of each page: its pages are cut there, so that running heads are found as in a PDF
        // (locations keep the physical page).
        let framed = lines
            .iter()
            .filter(|l| FRAMED_PAGE_NUMBER.is_match(&l.text))
            .count();
        if framed >= 2 {
            let mut part = Vec::new();
            for l in lines {
                let foot = FRAMED_PAGE_NUMBER.is_match(&l.text);
                part.push(l);
                if foot {
                    pages.push(std::mem::take(&mut part));
                }
            }
            if !part.is_empty() {
                pages.push(part);
            }
        } else {
            pages.push(lines);
        }
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
            && !holds_cells(&p.text)
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
        // A short line of prose cut inside a sentence before its number: "…，甲类项目支出" over
        // "6262.35万元，占…". A sentence does not end in a word when the next line goes on with
        // the amount of that word and a comma.
        let cut_before_number = !p.text.is_empty()
            && p.text.ends_with(|c: char| crate::formulas::is_ideograph(c))
            && p.text.contains(['，', '、'])
            && !looks_like_row(&p.text)
            && !is_heading(&p.text)
            && next.is_some_and(|n| {
                n.text.starts_with(|c: char| c.is_ascii_digit())
                    && !looks_like_row(&n.text)
                    && AMOUNT_THEN_COMMA.is_match(&n.text)
            });
        if !wraps && !cut_before_number {
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
/// Prose lines (with a comma or a full stop, no table row) are measured when there are enough:
/// a title or a wide table over a narrow column of body text is no full body line.
fn full_width(all: &[Printed]) -> usize {
    let prose: Vec<usize> = all
        .iter()
        .filter(|p| p.text.contains(PROSE_MARKS) && !looks_like_row(&p.text))
        .map(|p| p.width)
        .filter(|&w| w >= 20)
        .collect();
    let mut w: Vec<usize> = if prose.len() >= 20 {
        prose
    } else {
        all.iter().map(|p| p.width).filter(|&w| w >= 20).collect()
    };
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
        // A framed page number after a table cell stays: the table readers join the table
        // continued past it. After prose it goes, so that the sentence it cuts is joined again.
        let keep: Vec<bool> = (0..n)
            .map(|k| {
                k > 0
                    && FRAMED_PAGE_NUMBER.is_match(&p[k].text)
                    && (!p[k - 1].text.contains(['，', '。', '、', '；'])
                        || looks_like_row(&p[k - 1].text))
            })
            .collect();
        let mut i = 0;
        p.retain(|l| {
            i += 1;
            keep[i - 1]
                || !((i <= 2 || i + 2 > n) && n > 1 && PAGE_NUMBER.is_match(&l.text)
                    || FRAMED_PAGE_NUMBER.is_match(&l.text))
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
    fn a_line_of_full_width_digits_is_a_full_line() {
        let t = normalize(&doc(&["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十。\n全年接待游客１２３４．５６万人次（２０２９年为１１１１．１１万人次），同比\n增长１１．１１％。\n"]));
        assert_eq!(t.lines.len(), 2, "{:?}", t.lines);
        assert!(t.lines[1].text.ends_with("同比增长11.11%。"));
    }

    #[test]
    fn pages_of_a_text_are_cut_at_framed_page_numbers() {
        // One "page" (no form feeds) printing four pages, each under a running head.
        let body: String = (1..=4)
            .map(|i| format!("某某单位2031年度绩效自评报告\n这是第{i}页的一行很长很长的正文内容，用于测试跨页换行的连接啊\n\n- {i} -\n"))
            .collect();
        let t = normalize(&doc(&[&body]));
        assert!(
            t.lines.iter().all(|l| !l.text.contains("自评报告")),
            "{:?}",
            t.lines
        );
        assert!(t.lines.iter().all(|l| !l.text.contains("- ")));
        assert_eq!(t.lines.len(), 1, "{:?}", t.lines);
    }

    #[test]
    fn table_rows_are_never_joined() {
        let t = normalize(&doc(&["很长很长很长很长很长很长很长的正文内容在这里\n合计 12,000.00 3,000.00 15,000.00 20.00% 14,880.00\n二、项目支出 1 2\n"]));
        assert!(t.lines.iter().any(|l| l.text.starts_with("合计 12,000.00")));
        assert!(t.lines.iter().any(|l| l.text.starts_with("二、项目支出")));
    }

    #[test]
    fn rows_ending_in_a_text_cell_are_not_joined() {
        let t = normalize(&doc(&["很长很长很长的正文内容在这里，继续写满一整行文字\n1 甲乙项目\n建设 20.00 18.50 92.5% 修路3公里\n2 丙丁项目 10.00 9.00 90.0% 建房2栋\n"]));
        assert!(
            t.lines
                .iter()
                .any(|l| l.text == "建设 20.00 18.50 92.5% 修路3公里"),
            "{:?}",
            t.lines
        );
        assert!(t.lines.iter().any(|l| l.text.starts_with("2 丙丁项目")));
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
    #[test]
    fn lines_full_of_wide_digits_are_full_lines() {
        // Full-width digits take two cells on the page, as wide as the ideographs around them.
        let t = normalize(&doc(&[
            "这是一行很长的正文内容，说明本年的收入和支出情况如下所述的样子具体分述如下各项。\n\
             合计１２３４．５６万元，其中８７６．５４万元用于基本支出，占７１．０１％；项\n\
             目支出３５８．０２万元。\n",
        ]));
        assert_eq!(t.lines.len(), 2, "{:?}", t.lines);
        assert!(t.lines[1].text.ends_with("占71.01%；项目支出358.02万元。"));
    }

    #[test]
    fn a_narrow_column_of_prose_under_wide_tables_is_rejoined() {
        // Body lines of twenty characters, tables and a title far wider: the body sets the width.
        let mut s = String::from("某某县二〇三〇年度某某项目支出绩效自评报告（公开版本）\n");
        for k in 0..6 {
            s.push_str(&format!(
                "{k} 某某项目名称甲乙丙丁 1,000.00 2,000.00 3,000.00 4,000.00 5,000.00\n"
            ));
        }
        for _ in 0..12 {
            s.push_str(
                "这一段正文排得很窄，每行约有二十个汉字，\n句子在行尾断开后在下一行继续写完。\n",
            );
        }
        s.push_str("全年共培训学员四十二人次，支出九十一万元，人\n均培训费用二万一千元。\n");
        let t = normalize(&doc(&[&s]));
        assert!(
            t.lines
                .iter()
                .any(|l| l.text
                    == "全年共培训学员四十二人次，支出九十一万元，人均培训费用二万一千元。"),
            "{:?}",
            t.lines
        );
    }

    #[test]
    fn a_sentence_cut_before_its_amount_is_rejoined() {
        let t = normalize(&doc(&[
            "这是一行很长很长的正文内容，用于测试换行的重新连接功能，说明各项情况。\n\
             从支出结构看，甲类项目支出\n\
             620.50万元，占全部支出的一半以上。\n\
             项目名称\n\
             620.50 300.00\n",
        ]));
        let texts: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts[1],
            "从支出结构看，甲类项目支出620.50万元，占全部支出的一半以上。"
        );
        // A label over a row of cells is no sentence.
        assert_eq!(texts[2], "项目名称");
    }

    #[test]
    fn page_marks_inside_a_page_are_dropped() {
        let t = normalize(&doc(&["第一段。\n第二段。\n\
             这是一行很长很长的正文内容，用于测试换行的重新连接功能，全年共发放补助金额１２\n\
             — 3 —\n\
             ３．５０万元。\n\
             第 2 页 共 5 页\n\
             下一段的内容。\n"]));
        let texts: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "第一段。",
                "第二段。",
                "这是一行很长很长的正文内容，用于测试换行的重新连接功能，全年共发放补助金额123.50万元。",
                "下一段的内容。"
            ]
        );
    }
}
