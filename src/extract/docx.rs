//! .docx: paragraphs and table rows of word/document.xml.

use std::time::Instant;

use super::{ErrorKind, InputError};
use crate::document::RawDocument;

pub(crate) fn extract(_bytes: &[u8], _deadline: Instant) -> Result<RawDocument, InputError> {
    Err(InputError::new(
        ErrorKind::Unsupported,
        "暂不支持 .docx",
        ".docx is not supported yet",
    ))
}
