//! Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of
//! GBK and GB2312). Binary content is refused as `unsupported`.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::{ErrorKind, InputError};

fn unsupported() -> InputError {
    InputError::new(
        ErrorKind::Unsupported,
        "无法识别的文件格式：既不是 PDF、.docx，也不是文本文件",
        "unrecognised file format: neither PDF, .docx nor text",
    )
}

/// Share of bytes that no text file holds: NUL and C0 controls other than tab, LF, CR, FF, ESC.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let bad = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    bad * 100 > sample.len()
}

/// Decodes text, deciding between UTF-8 and GB18030 by whether UTF-8 decoding fails.
/// Line ends become '\n' (CRLF and lone CR too).
pub(crate) fn decode(bytes: &[u8]) -> Result<String, InputError> {
    decode_raw(bytes).map(|s| {
        if s.contains('\r') {
            s.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            s
        }
    })
}

fn decode_raw(bytes: &[u8]) -> Result<String, InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) if !looks_binary(rest) => Ok(s.to_owned()),
            _ => Err(unsupported()),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (s, had_errors) = UTF_16LE.decode_without_bom_handling(rest);
        return if had_errors {
            Err(unsupported())
        } else {
            Ok(s.into_owned())
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (s, had_errors) = UTF_16BE.decode_without_bom_handling(rest);
        return if had_errors {
            Err(unsupported())
        } else {
            Ok(s.into_owned())
        };
    }
    if looks_binary(bytes) {
        return Err(unsupported());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let (s, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        // A few bad bytes (a cut-off last character) are tolerated; many mean it is not text.
        let bad = s.chars().filter(|&c| c == '\u{fffd}').count();
        if bad * 200 > s.chars().count().max(1) {
            return Err(unsupported());
        }
    }
    Ok(s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        assert_eq!(decode("\u{feff}本年支出".as_bytes()).unwrap(), "本年支出");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(decode("一\r\n二\r三\n".as_bytes()).unwrap(), "一\n二\n三\n");
    }

    #[test]
    fn gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("预算执行率 99.59%");
        assert_eq!(decode(&bytes).unwrap(), "预算执行率 99.59%");
    }

    #[test]
    fn binary_refused() {
        let junk: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert_eq!(decode(&junk).unwrap_err().kind, ErrorKind::Unsupported);
    }
}
