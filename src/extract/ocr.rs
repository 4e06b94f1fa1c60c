//! OCR of pages without a text layer (scans): the `tesseract` command reads each page image
//! and prints its words as TSV (page, block, paragraph, line, box, confidence, text); the
//! words are laid out again as lines of text, a space where the gap between two words is
//! wide (table cells stay separate columns), and each word's confidence is kept with its
//! place in the line (`RawDocument::ocr_words`) so that a finding resting on a doubtful
//! figure can say so (`checks::ocr`).
//!
//! PDF pages are rasterised at 300 dpi by poppler's `pdftoppm`; image files (.png .jpg .tif)
//! go to tesseract as they are. Both are run as subprocesses with a time limit: nothing is
//! linked. `--ocr auto` reads only the pages with no (or nearly no) text layer, `always`
//! every page, `never` none. Without tesseract and its Chinese model, or built without the
//! `ocr` feature, a scan stays `no_text_layer`, and the message says how to install it.

// Built without the `ocr` feature, only the stubs at the end are called.
#![cfg_attr(not(feature = "ocr"), allow(dead_code, unused_imports))]

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{ErrorKind, InputError, Options};
use crate::document::{OcrWord, RawDocument};

/// Which pages are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// Pages with no or nearly no text layer, and image files.
    #[default]
    Auto,
    /// Every page, even one with a text layer.
    Always,
    /// None: a scan is `no_text_layer`.
    Never,
}

/// Below this confidence (percent) a figure read by OCR is doubtful: a finding resting on it
/// is at most a warning.
pub const LOW_CONFIDENCE: u8 = 80;

/// The command that installs what OCR needs (Debian, Ubuntu).
pub const INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";

/// Why pages that needed OCR were not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotRead {
    /// `--ocr never`.
    Off,
    /// Built without the `ocr` feature.
    #[cfg_attr(feature = "ocr", allow(dead_code))]
    Disabled,
    /// No `tesseract` command.
    NoTesseract,
    /// tesseract without the chi_sim model.
    NoChinese,
    /// No `pdftoppm` command to rasterise PDF pages.
    NoRasteriser,
    /// The tools ran and failed (message).
    Failed(String),
    /// The time allowed to OCR ran out: (pages read, pages wanted, seconds allowed).
    OutOfTime(usize, usize, u64),
}

impl NotRead {
    /// A clause appended to the `no_text_layer` message (Chinese, English).
    pub(crate) fn hint(&self) -> (String, String) {
        match self {
            NotRead::Off => ("（已指定 --ocr never）".into(), " (--ocr never)".into()),
            NotRead::Disabled => (
                "（此版本编译时未启用 ocr 功能）".into(),
                " (this build has no `ocr` feature)".into(),
            ),
            NotRead::NoTesseract => (
                format!("；未找到 tesseract，安装：{INSTALL}"),
                format!("; tesseract was not found, install it: {INSTALL}"),
            ),
            NotRead::NoChinese => (
                format!("；tesseract 缺少简体中文模型 chi_sim，安装：{INSTALL}"),
                format!(
                    "; tesseract has no Simplified Chinese model (chi_sim), install it: {INSTALL}"
                ),
            ),
            NotRead::NoRasteriser => (
                "；未找到 pdftoppm，安装：apt-get install poppler-utils".into(),
                "; pdftoppm was not found, install it: apt-get install poppler-utils".into(),
            ),
            NotRead::Failed(m) => (format!("；OCR 失败：{m}"), format!("; OCR failed: {m}")),
            NotRead::OutOfTime(done, of, secs) => (
                format!("；OCR 超过 {secs} 秒，只识别了 {done}/{of} 页（可用 --timeout 加大）"),
                format!("; OCR took over {secs} s and read {done} of {of} pages (raise --timeout)"),
            ),
        }
    }
}

/// Reads the pages of a PDF that need OCR (by `opts.ocr`) and puts their text in `raw`.
/// Returns why some were not read, if so.
pub(crate) fn read_pdf_pages(
    raw: &mut RawDocument,
    bytes: &[u8],
    opts: &Options,
) -> Option<NotRead> {
    let wanted: Vec<u32> = match opts.ocr {
        OcrMode::Never => return (!raw.image_pages.is_empty()).then_some(NotRead::Off),
        OcrMode::Auto => raw.image_pages.clone(),
        OcrMode::Always => (1..=raw.pages.len() as u32).collect(),
    };
    if wanted.is_empty() {
        return None;
    }
    imp::read_pdf_pages(raw, bytes, &wanted, opts)
}

/// Reads an image file (PNG, JPEG, TIFF) by OCR, one page per image frame.
pub(crate) fn read_image(bytes: &[u8], opts: &Options) -> Result<RawDocument, InputError> {
    let not_read = if opts.ocr == OcrMode::Never {
        NotRead::Off
    } else {
        match imp::read_image(bytes, opts) {
            Ok(raw) => return Ok(raw),
            Err(n) => n,
        }
    };
    let (zh, en) = not_read.hint();
    Err(InputError::new(
        ErrorKind::NoTextLayer,
        format!("这是图像文件，没有文字层，需要 OCR 才能读取{zh}"),
        format!("this is an image: it has no text layer, OCR is needed{en}"),
    ))
}

/// Whether the bytes are an image tesseract reads: PNG, JPEG or TIFF.
pub(crate) fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
}

/// One word of tesseract's TSV output.
#[derive(Debug, Clone, PartialEq)]
struct TsvWord {
    page: u32,
    /// (block, paragraph, line): the line the word belongs to.
    line: (u32, u32, u32),
    left: i32,
    top: i32,
    width: i32,
    height: i32,
    conf: f32,
    text: String,
}

/// The words (level 5 rows) of tesseract's TSV output, in its order.
fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<i64>().unwrap_or(0);
        let text = f[11..].join(" ");
        if text.trim().is_empty() {
            continue;
        }
        out.push(TsvWord {
            page: n(1).max(1) as u32,
            line: (n(2) as u32, n(3) as u32, n(4) as u32),
            left: n(6) as i32,
            top: n(7) as i32,
            width: n(8) as i32,
            height: n(9) as i32,
            conf: f[10].trim().parse().unwrap_or(0.0),
            text: text.trim().to_owned(),
        });
    }
    out
}

/// Table rules and frame marks tesseract reads as characters.
fn is_rule_mark(c: char) -> bool {
    matches!(c, '|' | '[' | ']' | '{' | '}' | '_' | '¦' | '丨')
}

/// Quotes that stick to a number when a table rule is read as one.
fn is_stray_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '`' | '„')
}

/// A word as it is kept: table rules and stray quotes stripped from its ends, a thousands
/// separator read as a point put back ("4.007.04" → "4,007.04"). `None` for noise. The flag
/// says the word was repaired (its confidence is then lowered).
fn clean_word(text: &str, conf: f32) -> Option<(String, bool)> {
    let mut w = text.trim_matches(is_rule_mark);
    let digits = w.chars().any(|c| c.is_ascii_digit());
    if digits {
        w = w.trim_matches(|c| is_stray_quote(c) || is_rule_mark(c));
    }
    if w.is_empty() {
        return None;
    }
    // Marks read off a table's rules or specks: punctuation alone, or Latin letters
    // without a digit, read with little confidence.
    let punctuation = w.chars().all(|c| !c.is_alphanumeric());
    let latin = w.chars().all(|c| c.is_ascii() && !c.is_ascii_digit());
    if !digits && (punctuation && conf < 70.0 || latin && conf < 60.0) {
        return None;
    }
    let (w, repaired) = thousands_points(w);
    Some((w, repaired))
}

/// A number cannot have two decimal points: every point but the last one followed by
/// exactly three digits and another separator is a thousands separator misread.
fn thousands_points(w: &str) -> (String, bool) {
    let chars: Vec<char> = w.chars().collect();
    let points = chars.iter().filter(|c| **c == '.').count();
    if points < 2 {
        return (w.to_owned(), false);
    }
    let last = chars.iter().rposition(|c| *c == '.').unwrap_or(0);
    let mut out = chars.clone();
    let mut repaired = false;
    for i in 0..last {
        if chars[i] != '.' || i == 0 || !chars[i - 1].is_ascii_digit() {
            continue;
        }
        let group = chars.get(i + 1..i + 4);
        let after = chars.get(i + 4);
        if group.is_some_and(|g| g.iter().all(char::is_ascii_digit))
            && matches!(after, Some('.') | Some(','))
        {
            out[i] = ',';
            repaired = true;
        }
    }
    (out.into_iter().collect(), repaired)
}

/// Whether a space goes between two words `gap` pixels apart on a line of height `h`.
fn spaced(prev: &str, next: &str, gap: i32, h: i32) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '%');
    if latin(prev.chars().last()) && latin(next.chars().next()) {
        // Two numbers (or Latin words) side by side: apart unless they touch.
        return gap * 5 > h;
    }
    gap * 5 > h * 3
}

/// A line as tesseract found it: its words and their bounding box.
struct Unit<'w> {
    words: Vec<&'w TsvWord>,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

impl Unit<'_> {
    fn height(&self) -> i32 {
        (self.bottom - self.top).max(1)
    }
}

/// Whether unit `u` continues the printed line whose units are `row`: they share at least
/// half the height of the smaller one with the unit of the row nearest to it (skew drifts
/// along a page, not between neighbours), and it overlaps none of them sideways.
fn joins(u: &Unit, row: &[Unit]) -> Option<i32> {
    if row.iter().any(|r| u.left < r.right && r.left < u.right) {
        return None;
    }
    let near = row
        .iter()
        .min_by_key(|r| (r.left - u.right).max(u.left - r.right))?;
    let overlap = u.bottom.min(near.bottom) - u.top.max(near.top);
    (overlap * 2 >= u.height().min(near.height())).then_some(overlap)
}

/// Lays the words of one page out as printed lines; returns the page text and its words'
/// confidence spans (`page` is the 1-based page number in the document). Tesseract's lines
/// are taken whole; the lines side by side (cells of a table row, read one by one) are put
/// back on one printed line by their boxes, left to right.
fn layout(words: &[TsvWord], page: u32) -> (String, Vec<OcrWord>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let key = (words[i].page, words[i].line);
        let mut j = i;
        while j < words.len() && (words[j].page, words[j].line) == key {
            j += 1;
        }
        let ws: Vec<&TsvWord> = words[i..j].iter().collect();
        i = j;
        units.push(Unit {
            left: ws.iter().map(|w| w.left).min().unwrap_or(0),
            right: ws.iter().map(|w| w.left + w.width).max().unwrap_or(0),
            top: ws.iter().map(|w| w.top).min().unwrap_or(0),
            bottom: ws.iter().map(|w| w.top + w.height).max().unwrap_or(0),
            words: ws,
        });
    }
    units.sort_by_key(|u| (u.top, u.left));
    let mut rows: Vec<Vec<Unit>> = Vec::new();
    for u in units {
        let best = rows
            .iter()
            .enumerate()
            .filter_map(|(k, r)| joins(&u, r).map(|o| (o, k)))
            .max();
        match best {
            Some((_, k)) => rows[k].push(u),
            None => rows.push(vec![u]),
        }
    }
    rows.sort_by_key(|r| r.iter().map(|u| u.top).min().unwrap_or(0));

    let mut lines: Vec<String> = Vec::new();
    let mut spans: Vec<OcrWord> = Vec::new();
    for mut row in rows {
        row.sort_by_key(|u| u.left);
        let row: Vec<&TsvWord> = row.iter().flat_map(|u| u.words.iter().copied()).collect();
        let mut heights: Vec<i32> = row.iter().map(|w| w.height).collect();
        heights.sort_unstable();
        let h = heights.get(heights.len() / 2).copied().unwrap_or(0).max(1);
        let mut text = String::new();
        let mut line_spans: Vec<OcrWord> = Vec::new();
        let mut prev: Option<(&TsvWord, String)> = None;
        // Something unreadable dropped next to a figure (text read as specks, e.g. a row's
        // label): where that figure stands in the row is in doubt, so it takes that doubt.
        let mut doubt: Option<u8> = None;
        for w in row {
            let Some((t, repaired)) = clean_word(&w.text, w.conf) else {
                let conf = w.conf.clamp(0.0, 100.0).round() as u8;
                if conf < LOW_CONFIDENCE && !w.text.chars().all(is_rule_mark) {
                    doubt = Some(doubt.map_or(conf, |d| d.min(conf)));
                    if let Some(last) = line_spans.last_mut() {
                        last.confidence = last.confidence.min(conf);
                    }
                }
                continue;
            };
            if let Some((p, pt)) = &prev {
                if spaced(pt, &t, w.left - (p.left + p.width), h) {
                    text.push(' ');
                }
            }
            let start = text.len();
            text.push_str(&t);
            let mut conf = w.conf.clamp(0.0, 100.0).round() as u8;
            if repaired {
                conf = conf.min(LOW_CONFIDENCE - 1);
            }
            if let Some(d) = doubt.take() {
                conf = conf.min(d);
            }
            line_spans.push(OcrWord {
                page,
                line: 0,
                start,
                end: text.len(),
                text: t.clone(),
                confidence: conf,
            });
            prev = Some((w, t));
        }
        if text.trim().is_empty() {
            continue;
        }
        lines.push(text);
        let n = lines.len() as u32;
        spans.extend(line_spans.into_iter().map(|s| OcrWord { line: n, ..s }));
    }
    (lines.join("\n"), spans)
}

#[cfg(not(feature = "ocr"))]
mod imp {
    use super::*;

    pub(super) fn read_pdf_pages(
        _: &mut RawDocument,
        _: &[u8],
        _: &[u32],
        _: &Options,
    ) -> Option<NotRead> {
        Some(NotRead::Disabled)
    }

    pub(super) fn read_image(_: &[u8], _: &Options) -> Result<RawDocument, NotRead> {
        Err(NotRead::Disabled)
    }
}

#[cfg(feature = "ocr")]
mod imp {
    use super::*;
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;
    use std::time::Instant;

    /// The tesseract command: `GOUJI_TESSERACT` if set, else `tesseract` on the PATH.
    fn tesseract() -> String {
        std::env::var("GOUJI_TESSERACT").unwrap_or_else(|_| "tesseract".into())
    }

    /// The language argument (`chi_sim+eng`, or `chi_sim` alone), or why OCR cannot run.
    fn languages() -> Result<&'static str, NotRead> {
        static LANGS: OnceLock<Result<&'static str, NotRead>> = OnceLock::new();
        LANGS
            .get_or_init(|| {
                let out = Command::new(tesseract())
                    .arg("--list-langs")
                    .stdin(Stdio::null())
                    .stderr(Stdio::null())
                    .output()
                    .map_err(|_| NotRead::NoTesseract)?;
                let text = String::from_utf8_lossy(&out.stdout);
                let has = |l: &str| text.lines().any(|x| x.trim() == l);
                match (has("chi_sim"), has("eng")) {
                    (false, _) => Err(NotRead::NoChinese),
                    // The English model reads digits and % in table cells better.
                    (true, true) => Ok("chi_sim+eng"),
                    (true, false) => Ok("chi_sim"),
                }
            })
            .clone()
    }

    /// A folder of its own under the temporary directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new() -> Result<Self, NotRead> {
            static N: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "gouji-ocr-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir)
                .map_err(|e| NotRead::Failed(format!("{}: {e}", dir.display())))?;
            Ok(Scratch(dir))
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Runs a command with a time limit; its standard output if it succeeds.
    fn run(cmd: &mut Command, limit: Duration) -> Result<Vec<u8>, String> {
        let name = cmd.get_program().to_string_lossy().into_owned();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{name}: {e}"))?;
        let mut stdout = child.stdout.take().ok_or("no stdout")?;
        let mut stderr = child.stderr.take().ok_or("no stderr")?;
        let out = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = stdout.read_to_end(&mut b);
            b
        });
        let err = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = stderr.read_to_end(&mut b);
            b
        });
        let deadline = Instant::now() + limit;
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("{name} 超时 / timed out ({} s)", limit.as_secs()));
                }
                Err(e) => return Err(format!("{name}: {e}")),
            }
        };
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        if !status.success() {
            let msg = String::from_utf8_lossy(&err);
            let msg = msg
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Err(format!("{name}: {status} {msg}"));
        }
        Ok(out)
    }

    /// tesseract's TSV for an image file.
    fn recognise(image: &Path, langs: &str, limit: Duration) -> Result<String, String> {
        let out = run(
            Command::new(tesseract())
                .arg(image)
                .arg("stdout")
                .args(["-l", langs, "--psm", "4", "tsv"]),
            limit,
        )?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Time allowed to one page (rasterising or recognising), at least a minute.
    fn page_limit(opts: &Options) -> Duration {
        opts.timeout.max(Duration::from_secs(60))
    }

    /// Time allowed to the OCR of one file: ten times a page's (10 minutes by default, some
    /// 35 pages), so that a file of thousands of image pages cannot hold a batch for hours.
    fn file_limit(opts: &Options) -> Duration {
        page_limit(opts) * 10
    }

    pub(super) fn read_pdf_pages(
        raw: &mut RawDocument,
        bytes: &[u8],
        wanted: &[u32],
        opts: &Options,
    ) -> Option<NotRead> {
        let langs = match languages() {
            Ok(l) => l,
            Err(n) => return Some(n),
        };
        let scratch = match Scratch::new() {
            Ok(s) => s,
            Err(n) => return Some(n),
        };
        let pdf = scratch.0.join("in.pdf");
        if let Err(e) = std::fs::write(&pdf, bytes) {
            return Some(NotRead::Failed(e.to_string()));
        }
        let limit = page_limit(opts);
        let deadline = Instant::now() + file_limit(opts);
        let mut failed = None;
        for (done, &page) in wanted.iter().enumerate() {
            if Instant::now() > deadline {
                let secs = file_limit(opts).as_secs();
                return Some(NotRead::OutOfTime(done, wanted.len(), secs));
            }
            let root = scratch.0.join(format!("p{page}"));
            let n = page.to_string();
            let raster = run(
                Command::new("pdftoppm")
                    .args([
                        "-r",
                        "300",
                        "-gray",
                        "-png",
                        "-singlefile",
                        "-f",
                        &n,
                        "-l",
                        &n,
                    ])
                    .arg(&pdf)
                    .arg(&root),
                limit,
            );
            if let Err(e) = raster {
                if e.contains("No such file") || e.contains("not found") {
                    return Some(NotRead::NoRasteriser);
                }
                failed.get_or_insert(NotRead::Failed(format!("p. {page}: {e}")));
                continue;
            }
            let png = root.with_extension("png");
            let tsv = recognise(&png, langs, limit);
            let _ = std::fs::remove_file(&png);
            match tsv {
                Ok(tsv) => {
                    let (text, words) = layout(&parse_tsv(&tsv), page);
                    if let Some(p) = raw.pages.get_mut(page as usize - 1) {
                        *p = text;
                    }
                    raw.ocr_words.retain(|w| w.page != page);
                    raw.ocr_words.extend(words);
                    raw.ocr_pages.push(page);
                }
                Err(e) => {
                    failed.get_or_insert(NotRead::Failed(format!("p. {page}: {e}")));
                }
            }
        }
        failed
    }

    pub(super) fn read_image(bytes: &[u8], opts: &Options) -> Result<RawDocument, NotRead> {
        let langs = languages()?;
        let scratch = Scratch::new()?;
        let image = scratch.0.join("in.img");
        std::fs::write(&image, bytes).map_err(|e| NotRead::Failed(e.to_string()))?;
        let tsv = recognise(&image, langs, page_limit(opts)).map_err(NotRead::Failed)?;
        let words = parse_tsv(&tsv);
        let count = words.iter().map(|w| w.page).max().unwrap_or(1);
        let mut raw = RawDocument::default();
        for page in 1..=count {
            let on: Vec<TsvWord> = words.iter().filter(|w| w.page == page).cloned().collect();
            let (text, spans) = layout(&on, page);
            raw.pages.push(text);
            raw.ocr_words.extend(spans);
            raw.ocr_pages.push(page);
        }
        Ok(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn tsv(rows: &[(u32, i32, i32, f32, &str)]) -> String {
        let mut s = HEAD.to_owned();
        for (line, left, width, conf, text) in rows {
            s.push_str(&format!(
                "5\t1\t1\t1\t{line}\t1\t{left}\t{}\t{width}\t40\t{conf}\t{text}\n",
                line * 60
            ));
        }
        s
    }

    #[test]
    fn words_become_lines_with_cells_apart() {
        // Characters close together join; numbers in cells far apart stay apart; a table
        // rule read as "|" and a thousands point read as "." are cleaned.
        let t = tsv(&[
            (1, 10, 40, 95.0, "合"),
            (1, 52, 40, 95.0, "计"),
            (1, 300, 160, 91.0, "1,250.00"),
            (1, 480, 10, 40.0, "|"),
            (1, 520, 160, 60.0, "2.480.50"),
            (1, 700, 40, 30.0, "wm"),
            (2, 10, 40, 96.0, "说"),
            (2, 52, 40, 96.0, "明"),
        ]);
        let (text, words) = layout(&parse_tsv(&t), 3);
        assert_eq!(text, "合计 1,250.00 2,480.50\n说明");
        // Read with 60%, then "wm" (30%) dropped next to it: it takes the doubt.
        let w = words.iter().find(|w| w.text == "2,480.50").unwrap();
        assert_eq!((w.page, w.line, w.confidence), (3, 1, 30));
        assert_eq!(&text[w.start..w.end], "2,480.50");
        let w = words.iter().find(|w| w.text == "1,250.00").unwrap();
        assert_eq!(w.confidence, 91);
        assert_eq!(words.last().unwrap().line, 2);
    }

    #[test]
    fn cells_read_one_by_one_go_back_on_their_row() {
        // Tesseract may read each cell of a row as a line of its own (other blocks), the
        // second row's cells a little lower (skew): each goes back on its printed line.
        let mut s = HEAD.to_owned();
        for (block, left, top, text) in [
            (1, 10, 100, "甲类"),
            (2, 300, 104, "12.50"),
            (3, 600, 108, "30.00"),
            (4, 10, 160, "乙类"),
            (5, 300, 164, "7.25"),
        ] {
            s.push_str(&format!(
                "5\t1\t{block}\t1\t1\t1\t{left}\t{top}\t100\t40\t95\t{text}\n"
            ));
        }
        let (text, _) = layout(&parse_tsv(&s), 1);
        assert_eq!(text, "甲类 12.50 30.00\n乙类 7.25");
    }

    #[test]
    fn a_repaired_number_is_doubtful() {
        let t = tsv(&[(1, 10, 160, 97.0, "12.345.67")]);
        let (text, words) = layout(&parse_tsv(&t), 1);
        assert_eq!(text, "12,345.67");
        assert!(words[0].confidence < LOW_CONFIDENCE);
        // One point is a decimal point.
        assert_eq!(thousands_points("12.34"), ("12.34".into(), false));
    }

    #[test]
    fn images_are_sniffed() {
        assert!(is_image(b"\x89PNG\r\n\x1a\n...."));
        assert!(is_image(&[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(!is_image(b"%PDF-1.4"));
    }
}
