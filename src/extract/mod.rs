//! Reading a file into a [`RawDocument`]: PDF, .docx, HTML, plain text (UTF-8 or GBK/GB18030).
//! Every failure is a named [`ErrorKind`]; nothing here may panic, hang or lose a page
//! silently.
//!
//! Dispatch is by content, not by name: `%PDF` in the first 1024 bytes is a PDF, a zip
//! holding `word/document.xml` is a .docx, anything else must decode as text (and text that
//! opens as an HTML page is read as one, `html.rs`). A `.pdf`
//! name without the magic is [`ErrorKind::NotPdf`].
//!
//! PDF pipeline (all on a worker thread with a deadline, panics caught and silenced):
//! 1. lopdf parses; when the xref is damaged (or lists objects it cannot load) it is
//!    rebuilt by scanning for `N G obj` (`repair.rs`); a wrong password is `encrypted`;
//! 2. a text-only view is prepared (`sanitize.rs`: form cycles, image `Do`, page tree loops);
//! 3. fonts pdf-extract cannot read are patched in memory: malformed /ToUnicode CMaps
//!    (`tounicode.rs`), predefined CJK CMaps (`fonts.rs`) and TrueType CID fonts without
//!    /ToUnicode (`truetype.rs`);
//! 4. pdf-extract reads each page into our own layout (`pdf.rs`): glyphs outside the page
//!    and overprinted copies are dropped, rotated text is laid out along its baseline; a
//!    page it fails on is retried with its text operators only;
//! 5. the result is checked: every page read, undecodable glyphs or content named,
//!    image-only pages listed;
//! 6. image-only pages are read by OCR (`ocr.rs`, `--ocr`); when none can be and no page has
//!    text, the file is `no_text_layer`. Image files (PNG, JPEG, TIFF) are read by OCR too.

mod docx;
mod fonts;
mod guard;
mod html;
pub mod ocr;
mod pdf;
mod repair;
mod sanitize;
mod text;
mod tounicode;
mod truetype;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::document::RawDocument;
pub use ocr::OcrMode;

/// Why a file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Encrypted,
    NoTextLayer,
    Corrupt,
    NotPdf,
    Empty,
    TooLarge,
    Timeout,
    Unsupported,
    Io,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NoTextLayer => "no_text_layer",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::NotPdf => "not_pdf",
            ErrorKind::Empty => "empty",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Io => "io",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    pub kind: ErrorKind,
    /// Chinese message.
    pub message: String,
    /// English message.
    pub message_en: String,
}

impl InputError {
    pub(crate) fn new(
        kind: ErrorKind,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        InputError {
            kind,
            message: message.into(),
            message_en: message_en.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message_en)
    }
}

impl std::error::Error for InputError {}

#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: u64,
    pub timeout: Duration,
    /// Which pages are read by OCR.
    pub ocr: OcrMode,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 200 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            ocr: OcrMode::default(),
        }
    }
}

fn io_error(e: std::io::Error) -> InputError {
    InputError::new(
        ErrorKind::Io,
        format!("无法读取文件：{e}"),
        format!("cannot read file: {e}"),
    )
}

fn too_large(len: u64, max: u64) -> InputError {
    InputError::new(
        ErrorKind::TooLarge,
        format!("文件过大：{len} 字节，上限 {max} 字节"),
        format!("file too large: {len} bytes, limit {max} bytes"),
    )
}

/// Reads a file by its content (PDF magic, zip, text). The size is checked before reading.
pub fn load(path: &Path, opts: &Options) -> Result<RawDocument, InputError> {
    let file = std::fs::File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if meta.is_dir() {
        return Err(InputError::new(
            ErrorKind::Io,
            "这是一个目录，不是文件",
            "this is a directory, not a file",
        ));
    }
    if meta.len() > opts.max_bytes {
        return Err(too_large(meta.len(), opts.max_bytes));
    }
    // Read at most max_bytes + 1, in case the file grows while we read it.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    load_owned(&path.display().to_string(), bytes, opts)
}

/// Reads in-memory content; `name` is used only for its extension and in messages.
pub fn load_bytes(name: &str, bytes: &[u8], opts: &Options) -> Result<RawDocument, InputError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(too_large(bytes.len() as u64, opts.max_bytes));
    }
    load_owned(name, bytes.to_vec(), opts)
}

/// What the content says the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Image,
    Zip,
    Ole,
    Text,
}

fn sniff(bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if ocr::is_image(bytes) {
        Kind::Image
    } else if head.windows(4).any(|w| w == b"%PDF") {
        Kind::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else {
        Kind::Text
    }
}

fn has_extension(name: &str, ext: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn load_owned(name: &str, bytes: Vec<u8>, opts: &Options) -> Result<RawDocument, InputError> {
    if bytes.is_empty() {
        return Err(InputError::new(
            ErrorKind::Empty,
            "文件为空（0 字节）",
            "the file is empty (0 bytes)",
        ));
    }
    if bytes.len() as u64 > opts.max_bytes {
        return Err(too_large(bytes.len() as u64, opts.max_bytes));
    }
    let kind = sniff(&bytes);
    if kind != Kind::Pdf && has_extension(name, "pdf") {
        return Err(InputError::new(
            ErrorKind::NotPdf,
            "文件名是 .pdf，但内容不是 PDF（开头没有 %PDF 标记）",
            "the name ends in .pdf but the content is not a PDF (no %PDF header)",
        ));
    }
    match kind {
        Kind::Pdf => {
            let deadline = Instant::now() + opts.timeout;
            let bytes = std::sync::Arc::new(bytes);
            let pdf_bytes = bytes.clone();
            let mut raw =
                guard::run_with_deadline(opts.timeout, move || pdf::extract(&pdf_bytes, deadline))?;
            let not_read = ocr::read_pdf_pages(&mut raw, &bytes, opts);
            // Some pages read and others not (time ran out, or tesseract failed on a page):
            // an error rather than a document with pages missing.
            let partial = match &not_read {
                Some(ocr::NotRead::OutOfTime(..)) => Some(ErrorKind::Timeout),
                Some(ocr::NotRead::Failed(_)) if !raw.ocr_pages.is_empty() => {
                    Some(ErrorKind::Unsupported)
                }
                _ => None,
            };
            if let (Some(kind), Some(n)) = (partial, &not_read) {
                let (zh, en) = n.hint();
                return Err(InputError::new(
                    kind,
                    format!("扫描页未能全部识别{zh}"),
                    format!("not every scanned page could be read{en}"),
                ));
            }
            let hint = match not_read {
                Some(n) => n.hint(),
                None if !raw.ocr_pages.is_empty() => {
                    ("；OCR 未识别出文字".into(), "; OCR found no text".into())
                }
                None => Default::default(),
            };
            match pdf::no_text_layer(&raw, (&hint.0, &hint.1)) {
                Some(e) => Err(e),
                None => Ok(raw),
            }
        }
        Kind::Image => ocr::read_image(&bytes, opts),
        Kind::Zip => {
            let deadline = Instant::now() + opts.timeout;
            guard::run_with_deadline(opts.timeout, move || docx::extract(&bytes, deadline))
                .map_err(|e| zip_error_named(e, name))
        }
        Kind::Ole => Err(InputError::new(
            ErrorKind::Unsupported,
            "这是旧版 Office 二进制文件（.doc/.xls/.wps），请另存为 .docx 或 PDF",
            "this is a legacy binary Office file (.doc/.xls/.wps); save it as .docx or PDF",
        )),
        Kind::Text => {
            let t = text::decode(&bytes)?;
            if html::looks_like_html(&t) {
                html::extract(&t)
            } else {
                Ok(RawDocument::from_text(&t))
            }
        }
    }
}

/// A damaged zip is named by its own extension (.xlsx, .ofd …), not always as a .docx.
fn zip_error_named(mut e: InputError, name: &str) -> InputError {
    if e.kind != ErrorKind::Corrupt || has_extension(name, "docx") {
        return e;
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|x| x.to_str())
        .map(|x| format!(".{}", x.to_ascii_lowercase()));
    let (zh, en) = match &ext {
        Some(x) => (format!("{x} 文件"), format!("the {x} file")),
        None => ("zip 压缩文件".to_owned(), "the zip file".to_owned()),
    };
    e.message = e.message.replacen(".docx 文件", &zh, 1);
    e.message_en = e.message_en.replacen("the .docx file", &en, 1);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_magic_late_in_header() {
        let mut b = vec![b' '; 100];
        b.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&b), Kind::Pdf);
        assert_eq!(sniff(b"hello"), Kind::Text);
    }

    #[test]
    fn too_large_checked() {
        let opts = Options {
            max_bytes: 3,
            ..Options::default()
        };
        let e = load_bytes("a.txt", b"abcd", &opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
    }

    #[test]
    fn pdf_name_without_magic() {
        let e = load_bytes("x.PDF", "不是 PDF".as_bytes(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotPdf);
    }
}
