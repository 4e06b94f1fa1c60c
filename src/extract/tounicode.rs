//! Repairing /ToUnicode CMaps that pdf-extract would panic on.
//!
//! pdf-extract parses them with adobe-cmap-parser and unwraps: a count that does not match
//! its entries, an odd-length or invalid UTF-16 value, a range start of unusual length all
//! end in a panic, and so the whole page (usually every page using the font) is lost. Each
//! /ToUnicode stream is tried the way pdf-extract uses it; one that fails is rewritten (in
//! memory) from a tolerant reading of its `bfchar` and `bfrange` entries.

use std::fmt::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::guard;

/// Whether pdf-extract can use this CMap: it parses and every value is valid UTF-16.
fn usable(data: &[u8]) -> bool {
    let Ok(Ok(map)) = guard::catch(|| adobe_cmap_parser::get_unicode_map(data)) else {
        return false;
    };
    map.values().all(|v| {
        if v.len() % 2 != 0 {
            return false;
        }
        let units: Vec<u16> = v
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        // pdf-extract skips a lone surrogate; anything else must decode.
        matches!(units.as_slice(), [0xD800..=0xDFFF]) || String::from_utf16(&units).is_ok()
    })
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Hex strings, brackets and bare words; everything else (names, strings, dicts) skipped.
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let mut digits = Vec::new();
                i += 1;
                while i < data.len() && data[i] != b'>' {
                    if let Some(d) = hex_value(data[i]) {
                        digits.push(d);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out.push(Token::Hex(
                    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
                ));
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'(' => {
                // A literal string: skip it, balancing parentheses.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == b'/' || c == b'.' || c == b'-' => {
                let start = i;
                while i < data.len() && !b" \t\r\n\x0c<>[]()/%".contains(&data[i]) || i == start {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
            _ => i += 1,
        }
    }
    out
}

fn code(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, &b| a << 8 | u32::from(b))
}

/// UTF-16BE bytes to text, dropping what does not decode.
fn text(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]));
    char::decode_utf16(units).filter_map(Result::ok).collect()
}

/// Adds `n` to the last UTF-16 unit of a range's destination.
fn offset(dst: &[u8], n: u32) -> String {
    let mut units: Vec<u16> = dst
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    if let Some(last) = units.last_mut() {
        *last = last.wrapping_add(n as u16);
    }
    char::decode_utf16(units).filter_map(Result::ok).collect()
}

/// Most entries a repaired CMap may hold.
const MAX_ENTRIES: usize = 1 << 17;

/// A clean CMap from a tolerant reading of `data`: `(source width in bytes, code, text)`.
fn entries(data: &[u8]) -> Vec<(usize, u32, String)> {
    let toks = tokens(data);
    let mut out = Vec::new();
    let mut i = 0;
    let mut section = "";
    while i < toks.len() && out.len() < MAX_ENTRIES {
        match &toks[i] {
            Token::Word(w) if w == "beginbfchar" || w == "beginbfrange" => {
                section = if w == "beginbfchar" { "char" } else { "range" }
            }
            Token::Word(w) if w == "endbfchar" || w == "endbfrange" => section = "",
            Token::Hex(src) if section == "char" => {
                if let Some(Token::Hex(dst)) = toks.get(i + 1) {
                    out.push((src.len().clamp(1, 4), code(src), text(dst)));
                    i += 1;
                }
            }
            Token::Hex(lo) if section == "range" => {
                let Some(Token::Hex(hi)) = toks.get(i + 1) else {
                    i += 1;
                    continue;
                };
                let (lo_c, hi_c) = (code(lo), code(hi));
                let width = lo.len().clamp(1, 4);
                match toks.get(i + 2) {
                    Some(Token::Hex(dst)) => {
                        for c in lo_c..=hi_c.min(lo_c.saturating_add(65_535)) {
                            out.push((width, c, offset(dst, c - lo_c)));
                        }
                        i += 2;
                    }
                    Some(Token::Open) => {
                        let mut j = i + 3;
                        let mut c = lo_c;
                        while let Some(Token::Hex(dst)) = toks.get(j) {
                            if c <= hi_c {
                                out.push((width, c, text(dst)));
                            }
                            c = c.saturating_add(1);
                            j += 1;
                        }
                        i = j;
                    }
                    _ => i += 1,
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.retain(|e| !e.2.is_empty());
    out
}

fn write_cmap(entries: &[(usize, u32, String)]) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (width, code, text) in chunk {
            let src: String = (0..*width)
                .rev()
                .map(|k| format!("{:02X}", (code >> (8 * k)) & 0xFF))
                .collect();
            let dst: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(s, "<{src}> <{dst}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Rewrites every /ToUnicode stream pdf-extract could not use. Returns how many.
pub(crate) fn repair(doc: &mut Document) -> usize {
    let mut streams: Vec<ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"ToUnicode").ok()?.as_reference().ok())
        .collect();
    streams.sort();
    streams.dedup();
    let mut fixed = Vec::new();
    for id in streams {
        let Ok(Object::Stream(s)) = doc.get_object(id) else {
            continue;
        };
        // As pdf-extract reads it: the raw bytes when the filter fails.
        let data = s.get_plain_content().unwrap_or_else(|_| s.content.clone());
        if usable(&data) {
            continue;
        }
        // One stream that defeats the reading must not stop the others.
        if let Ok(cmap) = guard::catch(|| write_cmap(&entries(&data))) {
            fixed.push((id, cmap));
        }
    }
    let n = fixed.len();
    for (id, cmap) in fixed {
        doc.objects
            .insert(id, Object::Stream(Stream::new(Dictionary::new(), cmap)));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_codes_are_cut_to_four_bytes() {
        let e = entries(b"1 beginbfchar <0102030405> <0041> endbfchar");
        assert_eq!(e, vec![(4, 0x01020304, "A".to_string())]);
        assert!(usable(&write_cmap(&e)));
    }

    #[test]
    fn tolerant_reading() {
        // Count says 3 for 2 entries, a range with an array, a range with a start value.
        let cmap = b"/CIDInit /ProcSet findresource begin 3 beginbfchar <0001> <672C>\n<0002> <5E74> endbfchar\n\
                     1 beginbfrange <0010> <0011> [<652F> <51FA>] endbfrange\n\
                     1 beginbfrange <0020> <0022> <0030> endbfrange";
        assert!(!usable(cmap));
        let e = entries(cmap);
        let texts: Vec<&str> = e.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(texts, ["本", "年", "支", "出", "0", "1", "2"]);
        assert!(usable(&write_cmap(&e)));
    }
}
