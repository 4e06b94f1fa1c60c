//! The default format: per file a header, per finding the message, where it is, the printed
//! line with the figure underlined, the arithmetic and the expected value.
//!
//! ```text
//! 错误[table-ratio]: 本年支出合计的预算调整率应为 25.00%，表中为 20.00%
//!   --> corpus/x.pdf:5:12
//!    |
//!    | 本年支出合计 12,000.00 3,000.00 15,000.00 20.00% 14,400.00 96.00%
//!    |                                          ^^^^^^
//!   = 计算: 3,000.00 / 12,000.00 × 100% = 25.00%
//!   = 应为: 25.00%
//! ```

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{group_evidence, FileReport, Lang, RenderOptions, Summary};
use crate::checks::{Finding, Severity};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, s: Severity, text: &str) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }
}

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let st = Style { on: opts.color };
    let lang = opts.lang;
    let mut out = String::new();
    for r in reports {
        if opts.quiet && r.findings.is_empty() && !r.is_failed() {
            continue;
        }
        file_header(&mut out, r, lang, &st);
        for f in &r.findings {
            finding(&mut out, &r.path, f, lang, &st);
        }
    }
    if reports.len() > 1 {
        batch_summary(&mut out, reports, lang, &st);
    }
    let mut s = Summary::of(reports);
    s.suppressed = opts.suppressed;
    out.push_str(&st.paint("1", &summary_line(&s, lang)));
    out.push('\n');
    out
}

/// How many files the batch summary names as having the most errors.
const TOP_FILES: usize = 5;

/// After a batch: findings per rule, the files with the most errors, and the files that
/// could not be read (repeated here so that they are not lost among the findings).
fn batch_summary(out: &mut String, reports: &[FileReport], lang: Lang, st: &Style) {
    use std::collections::BTreeMap;
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    let mut per_rule: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        let c = per_rule.entry(f.rule).or_default();
        c[match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    if !per_rule.is_empty() {
        let mut rows: Vec<(&str, [usize; 3])> = per_rule.into_iter().collect();
        rows.sort_by_key(|(code, c)| (std::cmp::Reverse(*c), *code));
        let w = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
        let _ = writeln!(
            out,
            "{}",
            st.paint("1", lang.pick("按规则统计：", "findings per rule:"))
        );
        for (code, [e, wn, i]) in rows {
            let _ = match lang {
                Lang::Zh => writeln!(out, "  {code:<w$}  错误 {e:>3}  警告 {wn:>3}  提示 {i:>3}"),
                Lang::En => writeln!(
                    out,
                    "  {code:<w$}  {e:>3} errors  {wn:>3} warnings  {i:>3} infos"
                ),
            };
        }
        out.push('\n');
    }
    let mut worst: Vec<&FileReport> = reports
        .iter()
        .filter(|r| r.count(Severity::Error) > 0)
        .collect();
    if worst.len() > 1 {
        worst.sort_by_key(|r| std::cmp::Reverse(r.count(Severity::Error)));
        let _ = writeln!(
            out,
            "{}",
            st.paint(
                "1",
                lang.pick("错误最多的文件：", "files with the most errors:")
            )
        );
        for r in worst.iter().take(TOP_FILES) {
            let (e, w) = (r.count(Severity::Error), r.count(Severity::Warning));
            let _ = match lang {
                Lang::Zh => writeln!(out, "  {:>3} 错误 {:>3} 警告  {}", e, w, r.path),
                Lang::En => writeln!(out, "  {e:>3} errors {w:>3} warnings  {}", r.path),
            };
        }
        out.push('\n');
    }
    let failed: Vec<&FileReport> = reports.iter().filter(|r| r.is_failed()).collect();
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            st.severity(
                Severity::Error,
                lang.pick("无法读取的文件：", "files that could not be read:")
            )
        );
        for r in failed {
            if let Some(e) = &r.error {
                let _ = writeln!(
                    out,
                    "  {} [{}] {}",
                    r.path,
                    e.kind.as_str(),
                    lang.error_message(e)
                );
            }
        }
        out.push('\n');
    }
}

fn file_header(out: &mut String, r: &FileReport, lang: Lang, st: &Style) {
    let path = st.paint("1", &r.path);
    if let Some(e) = &r.error {
        let what = st.severity(Severity::Error, lang.pick("读取失败", "cannot read"));
        let msg = lang.error_message(e);
        let _ = match lang {
            Lang::Zh => writeln!(out, "{path} — {what} [{}]：{msg}", e.kind.as_str()),
            Lang::En => writeln!(out, "{path} — {what} [{}]: {msg}", e.kind.as_str()),
        };
        return;
    }
    let (e, w, i) = (
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    let pages = r.pages.unwrap_or(0);
    let _ = match lang {
        Lang::Zh => writeln!(out, "{path} — {pages} 页，错误 {e}，警告 {w}，提示 {i}"),
        Lang::En => writeln!(
            out,
            "{path} — {}, {}, {}, {}",
            plural(pages as usize, "page"),
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info")
        ),
    };
    if !r.findings.is_empty() {
        out.push('\n');
    }
}

fn finding(out: &mut String, path: &str, f: &Finding, lang: Lang, st: &Style) {
    let head = format!("{}[{}]", lang.severity(f.severity), f.rule);
    let _ = writeln!(
        out,
        "{}: {}",
        st.severity(f.severity, &head),
        st.paint("1", lang.message(f))
    );
    let arrow = st.paint("1;34", "-->");
    let bar = st.paint("1;34", "|");
    let groups = group_evidence(&f.evidence);
    if groups.is_empty() {
        let _ = writeln!(out, "  {arrow} {path}");
    }
    for g in groups {
        let file = g.path.unwrap_or(path);
        let _ = writeln!(out, "  {arrow} {file}:{}:{}", g.page, g.line);
        if g.excerpt.trim().is_empty() {
            continue;
        }
        // Tabs and other controls would break the column arithmetic: show them as spaces
        // (one byte each, so the marks' byte ranges stay valid).
        let shown: String = g
            .excerpt
            .chars()
            .map(|c| if c.is_ascii_control() { ' ' } else { c })
            .collect();
        // A long line (a .docx paragraph) is cut to a window around its marks.
        let (shown, cut, prefix) = window(&shown, &g.marks, EXCERPT_COLUMNS);
        let marks: Vec<(usize, usize, &str)> = g
            .marks
            .iter()
            .map(|&(s, t, l)| (s - cut + prefix, t - cut + prefix, l))
            .collect();
        let _ = writeln!(out, "   {bar}");
        let _ = writeln!(out, "   {bar} {shown}");
        if !marks.is_empty() {
            let mut line = String::new();
            let mut col = 0;
            for &(s, t, _) in &marks {
                let start = UnicodeWidthStr::width(&shown[..s]);
                let width = UnicodeWidthStr::width(&shown[s..t]).max(1);
                line.push_str(&" ".repeat(start.saturating_sub(col)));
                line.push_str(&st.severity(f.severity, &"^".repeat(width)));
                col = start.max(col) + width;
            }
            // A label is clear only under a single mark.
            if let [(_, _, label)] = marks[..] {
                if !label.is_empty() {
                    line.push(' ');
                    line.push_str(&lang.words(&super::shown_label(label, g.excerpt)));
                }
            }
            let _ = writeln!(out, "   {bar} {line}");
        }
        for e in g.unplaced {
            let _ = writeln!(out, "   {bar} {} {}", lang.pick("数字", "figure"), e.value);
        }
    }
    if !f.arithmetic.is_empty() {
        let _ = writeln!(
            out,
            "  = {}: {}",
            lang.pick("计算", "arithmetic"),
            lang.words(&f.arithmetic)
        );
    }
    if let Some(x) = &f.expected {
        let _ = writeln!(out, "  = {}: {}", lang.pick("应为", "expected"), x);
    }
    out.push('\n');
}

/// Display columns of an excerpt before it is cut around its marks.
const EXCERPT_COLUMNS: usize = 100;

/// The part of `line` shown for its marks (byte ranges): the whole line when it fits in
/// `max` columns, else a window from a little before the first mark, cut at character
/// boundaries and shown with "…" where cut. Returns the text, the bytes cut from the
/// front and the bytes of the "…" put there (a mark at byte `s` is then at `s - cut + prefix`).
fn window(line: &str, marks: &[(usize, usize, &str)], max: usize) -> (String, usize, usize) {
    let (Some(first), Some(last)) = (marks.first(), marks.iter().map(|m| m.1).max()) else {
        return (line.to_owned(), 0, 0);
    };
    if UnicodeWidthStr::width(line) <= max {
        return (line.to_owned(), 0, 0);
    }
    const ELLIPSIS: &str = "…";
    // Context before the first mark (where labels stand): a third of what the marks leave.
    let marked = UnicodeWidthStr::width(&line[first.0..last]);
    let before = (max.saturating_sub(marked) / 3).max(4);
    let mut start = first.0;
    let mut cols = 0;
    for (i, c) in line[..first.0].char_indices().rev() {
        cols += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if cols > before {
            break;
        }
        start = i;
    }
    let mut end = last;
    let mut cols = UnicodeWidthStr::width(&line[start..last]);
    for (i, c) in line[last..].char_indices() {
        cols += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if cols > max {
            break;
        }
        end = last + i + c.len_utf8();
    }
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < line.len() { ELLIPSIS } else { "" };
    (
        format!("{prefix}{}{suffix}", &line[start..end]),
        start,
        prefix.len(),
    )
}

/// 共 2 个文件（1 个读取失败）：错误 1，警告 0，提示 0
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let mut line = match lang {
        Lang::Zh => {
            let failed = if s.failed > 0 {
                format!("（{} 个读取失败）", s.failed)
            } else {
                String::new()
            };
            format!(
                "共 {} 个文件{failed}：错误 {}，警告 {}，提示 {}",
                s.files, s.errors, s.warnings, s.infos
            )
        }
        Lang::En => {
            let failed = if s.failed > 0 {
                format!(" ({} failed)", s.failed)
            } else {
                String::new()
            };
            format!(
                "{}{failed}: {}, {}, {}",
                plural(s.files, "file"),
                plural(s.errors, "error"),
                plural(s.warnings, "warning"),
                plural(s.infos, "info")
            )
        }
    };
    if s.suppressed > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("，另有 {} 条在基线中已忽略", s.suppressed),
            Lang::En => format!(", {} hidden by the baseline", s.suppressed),
        });
    }
    line
}

/// "1 file", "2 files".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn long_lines_are_cut_around_their_marks() {
        let short = "收入 12.00 万元";
        assert_eq!(window(short, &[(7, 12, "")], 100), (short.to_owned(), 0, 0));
        // 60 CJK characters (120 columns), the mark in the middle.
        let long = format!("{}12.34{}", "甲".repeat(30), "乙".repeat(30));
        let s = 90;
        let (text, cut, prefix) = window(&long, &[(s, s + 5, "")], 40);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(
            unicode_width::UnicodeWidthStr::width(text.as_str()) <= 42,
            "{text}"
        );
        assert_eq!(&text[s - cut + prefix..s - cut + prefix + 5], "12.34");
        // A mark at the very start: nothing cut before it.
        let (text, cut, prefix) = window(&long[s..], &[(0, 5, "")], 40);
        assert_eq!((cut, prefix), (0, 0));
        assert!(text.starts_with("12.34") && text.ends_with('…'));
    }
}
