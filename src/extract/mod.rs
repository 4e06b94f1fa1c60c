//! Reading a file into a [`RawDocument`]: PDF, plain text (UTF-8 or GBK).
//! Every failure is a named [`ErrorKind`]; nothing here may panic or hang.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::document::RawDocument;

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

#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_bytes: 200 * 1024 * 1024, timeout: Duration::from_secs(60) }
    }
}

/// Reads a file by its content (PDF magic) or extension.
pub fn load(path: &Path, opts: &Options) -> Result<RawDocument, InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError {
        kind: ErrorKind::Io,
        message: format!("无法读取文件：{e}"),
        message_en: format!("cannot read file: {e}"),
    })?;
    load_bytes(&path.display().to_string(), &bytes, opts)
}

pub fn load_bytes(_name: &str, bytes: &[u8], _opts: &Options) -> Result<RawDocument, InputError> {
    if bytes.starts_with(b"%PDF") {
        let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| InputError {
            kind: ErrorKind::Corrupt,
            message: format!("PDF 无法解析：{e}"),
            message_en: format!("PDF cannot be parsed: {e}"),
        })?;
        return Ok(RawDocument { pages, image_pages: Vec::new() });
    }
    Ok(RawDocument::from_text(&String::from_utf8_lossy(bytes)))
}
