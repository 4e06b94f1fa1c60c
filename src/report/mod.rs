//! Rendering results: human, json, csv, sarif, github and html, plus the baseline.
//!
//! Every renderer is a pure function from `&[FileReport]` to a `String`; nothing here
//! looks at the terminal (the caller says whether to use colour).

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::checks::{Evidence, Finding, Severity};
use crate::extract::InputError;

pub mod baseline;
pub mod batch;
pub mod csv;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

/// The result of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    /// "ok" or "error".
    pub status: &'static str,
    pub pages: Option<u32>,
    pub error: Option<InputError>,
    pub findings: Vec<Finding>,
    /// Wall time spent on the file, in milliseconds.
    pub time_ms: u64,
    /// Where the text came from: "text" (a text layer), or "ocr" when any page was read by OCR.
    pub text_source: &'static str,
    /// The file's fact table, for the cross-document pass (never serialized).
    #[serde(skip)]
    pub facts: Option<Box<crate::cross::DocFacts>>,
}

impl FileReport {
    pub fn ok(path: impl Into<String>, pages: u32, findings: Vec<Finding>, time_ms: u64) -> Self {
        FileReport {
            path: path.into(),
            status: "ok",
            pages: Some(pages),
            error: None,
            findings,
            time_ms,
            text_source: "text",
            facts: None,
        }
    }

    pub fn failed(path: impl Into<String>, error: InputError, time_ms: u64) -> Self {
        FileReport {
            path: path.into(),
            status: "error",
            pages: None,
            error: Some(error),
            findings: Vec::new(),
            time_ms,
            text_source: "text",
            facts: None,
        }
    }

    pub fn is_failed(&self) -> bool {
        self.error.is_some()
    }

    /// Number of findings of one severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Language of messages and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The text for this language; English falls back to Chinese when it is missing.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => zh,
        }
    }

    pub fn message(self, f: &Finding) -> &str {
        self.pick(&f.message, &f.message_en)
    }

    pub fn error_message(self, e: &InputError) -> &str {
        self.pick(&e.message, &e.message_en)
    }

    /// gouji's own words inside labels and arithmetic (封面, 除数为 0 …) in this language;
    /// the document's words stay as printed.
    pub fn words<'a>(self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self == Lang::Zh || s.is_ascii() {
            return std::borrow::Cow::Borrowed(s);
        }
        let mut out = s.to_owned();
        for (zh, en) in GLOSSARY {
            if out.contains(zh) {
                out = out.replace(zh, en);
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// 错误 / 警告 / 提示, or error / warning / info.
    pub fn severity(self, s: Severity) -> &'static str {
        match (self, s) {
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Info) => "提示",
            (Lang::En, s) => s.as_str(),
        }
    }
}

/// gouji's own words that the checks put into labels and arithmetic, longest first.
const GLOSSARY: &[(&str, &str)] = &[
    ("决算数与预算数的比较", "final accounts against budget"),
    ("除数为 0", "the divisor is 0"),
    ("增长率", "growth rate"),
    ("增加额", "increase"),
    ("封面", "cover"),
    ("标题", "heading"),
    ("：", ": "),
];

/// Output formats of `gouji check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Csv,
    Sarif,
    Github,
    Html,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    /// ANSI colours (human format only).
    pub color: bool,
    /// CSV: one row per finding instead of one row per file.
    pub findings: bool,
    /// Findings hidden by the baseline (shown in the summary).
    pub suppressed: usize,
    /// Human format: list only the files with findings or errors.
    pub quiet: bool,
}

/// Counts over a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    /// Files that could not be read.
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings hidden by `--baseline`.
    pub suppressed: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            s.failed += usize::from(r.is_failed());
            s.errors += r.count(Severity::Error);
            s.warnings += r.count(Severity::Warning);
            s.infos += r.count(Severity::Info);
        }
        s
    }

    /// The process exit code: 2 when a file could not be read, 1 when a finding is at
    /// warning or above, else 0. `exit_zero` turns both into 0 (usage errors are the caller's).
    pub fn exit_code(&self, exit_zero: bool) -> i32 {
        if exit_zero {
            0
        } else if self.failed > 0 {
            2
        } else if self.errors + self.warnings > 0 {
            1
        } else {
            0
        }
    }
}

/// Renders a batch in one format.
pub fn render(format: Format, reports: &[FileReport], opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(reports, opts),
        Format::Json => json::render(reports, opts),
        Format::Csv => csv::render(reports, opts),
        Format::Sarif => sarif::render(reports, opts),
        Format::Github => github::render(reports, opts),
        Format::Html => html::render(reports, opts),
    }
}

/// Byte range of a printed figure in its excerpt: the first occurrence that is not part of
/// a longer number (so "1.5" is not found inside "21.50"), else the first occurrence.
pub fn locate(excerpt: &str, value: &str) -> Option<(usize, usize)> {
    let (alone, inside) = occurrences(excerpt, value);
    alone.into_iter().chain(inside).next()
}

/// Every occurrence of `value` in `excerpt`, best first: those that stand alone before those
/// inside a longer number and, within each, those after the evidence's label (so in
/// "指标分值 3分，评价得分 3分" the score labelled 评价得分 is the second "3").
fn occurrences_after_label(excerpt: &str, value: &str, label: &str) -> Vec<(usize, usize)> {
    let anchor = label
        .split(|c: char| c.is_whitespace() || c == '·')
        .filter(|p| !p.is_empty())
        .filter_map(|p| excerpt.rfind(p).map(|i| i + p.len()))
        .max()
        .unwrap_or(0);
    let (alone, inside) = occurrences(excerpt, value);
    let (a1, a2): (Vec<_>, Vec<_>) = alone.into_iter().partition(|o| o.0 >= anchor);
    let (i1, i2): (Vec<_>, Vec<_>) = inside.into_iter().partition(|o| o.0 >= anchor);
    [a1, a2, i1, i2].concat()
}

/// Byte ranges in an excerpt.
type Spans = Vec<(usize, usize)>;

/// Occurrences of `value` in `excerpt`: (standing alone, inside a longer number), in order.
fn occurrences(excerpt: &str, value: &str) -> (Spans, Spans) {
    if value.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let numeric = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let starts_digit = value.starts_with(|d: char| d.is_ascii_digit());
    let ends_digit = value.ends_with(|d: char| d.is_ascii_digit());
    let (mut alone, mut inside) = (Vec::new(), Vec::new());
    for (start, _) in excerpt.match_indices(value) {
        let end = start + value.len();
        let before = excerpt[..start].chars().next_back();
        let mut after = excerpt[end..].chars();
        let ok_before = !(starts_digit && before.is_some_and(numeric));
        let ok_after = match after.next() {
            None => true,
            Some(c) if c.is_ascii_digit() => !ends_digit,
            Some('.') | Some(',') => !after.next().is_some_and(|c| c.is_ascii_digit()),
            Some('%') => !ends_digit,
            Some(_) => true,
        };
        if ok_before && ok_after {
            alone.push((start, end))
        } else {
            inside.push((start, end))
        }
    }
    (alone, inside)
}

/// A label as shown: "…" before it when it was cut from a longer name (its first part stands
/// in the excerpt right after a letter or an ideograph, not after a stop or a space).
pub fn shown_label(label: &str, excerpt: &str) -> String {
    let first = label.split(" · ").next().unwrap_or("").trim();
    if first.is_empty() || label.starts_with('…') {
        return label.to_owned();
    }
    let cut = excerpt.match_indices(first).next().is_some_and(|(i, _)| {
        excerpt[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic() && !c.is_ascii())
    });
    if cut {
        format!("…{label}")
    } else {
        label.to_owned()
    }
}

/// Evidence printed on the same line, shown once with every figure marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineGroup<'a> {
    /// The file, when not the finding's own (cross-document evidence).
    pub path: Option<&'a str>,
    pub page: u32,
    pub line: u32,
    pub excerpt: &'a str,
    /// Marked byte ranges (sorted, not overlapping) with the evidence's label.
    pub marks: Vec<(usize, usize, &'a str)>,
    /// Figures that could not be found in the excerpt.
    pub unplaced: Vec<&'a Evidence>,
}

/// Groups a finding's evidence by printed line, in order of first appearance.
pub fn group_evidence(evidence: &[Evidence]) -> Vec<LineGroup<'_>> {
    let mut groups: Vec<LineGroup> = Vec::new();
    for e in evidence {
        let i = match groups.iter().position(|g| {
            g.page == e.page
                && g.line == e.line
                && g.excerpt == e.excerpt
                && g.path == e.path.as_deref()
        }) {
            Some(i) => i,
            None => {
                groups.push(LineGroup {
                    path: e.path.as_deref(),
                    page: e.page,
                    line: e.line,
                    excerpt: &e.excerpt,
                    marks: Vec::new(),
                    unplaced: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        // Where the checks know the columns, those; else the same figure printed twice on a
        // line marks the next free occurrence.
        let placed = at_columns(g.excerpt, e)
            .into_iter()
            .chain(occurrences_after_label(g.excerpt, &e.value, &e.label))
            .find(|&(s, t)| !g.marks.iter().any(|&(a, b, _)| s < b && a < t));
        let placed = placed
            .or_else(|| split_tail(g.excerpt, &e.value))
            .filter(|&(s, t)| !g.marks.iter().any(|&(a, b, _)| s < b && a < t));
        match placed {
            Some((s, t)) => g.marks.push((s, t, &e.label)),
            None => g.unplaced.push(e),
        }
        g.marks.sort_by_key(|m| m.0);
    }
    groups
}

/// The byte range of an evidence's columns in its excerpt.
fn at_columns(excerpt: &str, e: &Evidence) -> Option<(usize, usize)> {
    if e.column == 0 || e.column_end < e.column {
        return None;
    }
    let mut idx = excerpt
        .char_indices()
        .map(|(b, _)| b)
        .chain([excerpt.len()]);
    let s = idx.nth(e.column as usize - 1)?;
    let t = idx.nth((e.column_end - e.column) as usize)?;
    Some((s, t))
}

/// A figure split over two lines: the start of it that ends the excerpt (at least two
/// characters with a digit, not inside a longer number), e.g. "1,234." of "1,234.56".
fn split_tail(excerpt: &str, value: &str) -> Option<(usize, usize)> {
    let end = excerpt.trim_end().len();
    let line = &excerpt[..end];
    let cuts: Vec<usize> = value.char_indices().map(|(i, _)| i).skip(2).collect();
    cuts.into_iter()
        .rev()
        .map(|k| &value[..k])
        .filter(|p| p.chars().any(|c| c.is_ascii_digit()))
        .find(|p| {
            line.ends_with(p)
                && !line[..end - p.len()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
        })
        .map(|p| (end - p.len(), end))
}

/// The findings' stable identity: rule, evidence values and excerpts (whitespace-collapsed),
/// never page or line numbers, so an unrelated edit elsewhere does not change it.
pub fn fingerprint(f: &Finding) -> String {
    let mut h = Fnv::new();
    h.write(f.rule.as_bytes());
    for e in &f.evidence {
        h.write(b"\x1f");
        h.write(e.value.as_bytes());
        h.write(b"\x1e");
        h.write(collapse_ws(&e.excerpt).as_bytes());
    }
    format!("{:016x}", h.0)
}

/// Trims and collapses runs of whitespace to one space.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (unlike `DefaultHasher`).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Writes a file atomically: a temporary file in the same directory, then a rename,
/// so a reader never sees half a report and a failed run leaves the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gouji-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn ev(value: &str, page: u32, line: u32, excerpt: &str) -> Evidence {
        Evidence {
            value: value.into(),
            page,
            line,
            excerpt: excerpt.into(),
            label: String::new(),
            path: None,
            ..Default::default()
        }
    }

    #[test]
    fn locate_skips_figures_inside_longer_numbers() {
        assert_eq!(locate("合计 21.50 1.5", "1.5"), Some((13, 16)));
        assert_eq!(locate("比例 112.50% 12.50%", "12.50%"), Some((15, 21)));
        assert_eq!(locate("no match", "3"), None);
        // Only inside a longer number: still shown, at the first occurrence.
        assert_eq!(locate("215", "1"), Some((1, 2)));
        // A minus sign before a figure is an operator as often as a sign.
        assert_eq!(
            locate("（19,368.18-19,456.78）/19,456.78", "19,456.78"),
            Some((13, 22))
        );
    }

    #[test]
    fn a_figure_split_over_two_lines_is_marked_where_it_starts() {
        let e = [ev("1,234.56", 1, 3, "本年支出合计 1,234.")];
        let g = group_evidence(&e);
        assert_eq!(g[0].marks.len(), 1);
        let (s, t, _) = g[0].marks[0];
        assert_eq!(&"本年支出合计 1,234."[s..t], "1,234.");
        // Not the end of another number.
        let e = [ev("34.56", 1, 3, "合计 1,234.")];
        let g = group_evidence(&e);
        assert!(g[0].marks.is_empty());
    }

    #[test]
    fn a_cut_label_is_shown_with_an_ellipsis() {
        let ex = "上海市某某区委社会工作部 2024年度部门决算 12.00";
        assert_eq!(
            shown_label("海市某某区委社会工作部", ex),
            "…海市某某区委社会工作部"
        );
        assert_eq!(shown_label("部门决算", "部门决算 12.00"), "部门决算");
        assert_eq!(
            shown_label("合计 · 执行率", "：合计 12.00"),
            "合计 · 执行率"
        );
    }

    #[test]
    fn grouping_marks_repeated_figures_separately() {
        let e = [
            ev("5", 1, 2, "得分 5 分值 5"),
            ev("5", 1, 2, "得分 5 分值 5"),
            ev("9", 2, 1, "x 9"),
        ];
        let g = group_evidence(&e);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].marks.len(), 2);
        assert_ne!(g[0].marks[0].0, g[0].marks[1].0);
    }

    #[test]
    fn fingerprint_ignores_place_and_spacing_but_not_values() {
        let mk = |v: &str, page, line, ex: &str| Finding {
            rule: "table-sum",
            severity: Severity::Error,
            message: String::new(),
            message_en: String::new(),
            expected: None,
            arithmetic: String::new(),
            evidence: vec![ev(v, page, line, ex)],
        };
        let a = fingerprint(&mk("10", 1, 2, "合计  10"));
        assert_eq!(a, fingerprint(&mk("10", 7, 9, "合计 10")));
        assert_ne!(a, fingerprint(&mk("11", 1, 2, "合计  10")));
    }

    #[test]
    fn exit_codes() {
        let s = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(s.exit_code(false), 0);
        assert_eq!(Summary { warnings: 1, ..s }.exit_code(false), 1);
        assert_eq!(Summary { infos: 3, ..s }.exit_code(false), 0);
        assert_eq!(
            Summary {
                failed: 1,
                errors: 1,
                ..s
            }
            .exit_code(false),
            2
        );
        assert_eq!(
            Summary {
                failed: 1,
                errors: 1,
                ..s
            }
            .exit_code(true),
            0
        );
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("gouji-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("out.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
