//! Unicode for embedded TrueType CID fonts that carry no /ToUnicode, as poppler does it:
//! the font program's own `cmap` table (Unicode → glyph) is inverted, and each code used
//! in the document maps through /CIDToGIDMap to a glyph and so to a character. Glyph names
//! of the `uniXXXX` / `uXXXXX` form are used for glyphs the cmap does not reach.
//!
//! Without this, pdf-extract yields nothing for such fonts (Identity-H, no /ToUnicode),
//! which some PDF printers and converters write.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// The first descendant of a Type 0 font.
fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    let ds = deref(doc, font.get(b"DescendantFonts").ok()?)?
        .as_array()
        .ok()?;
    deref(doc, ds.first()?)?.as_dict().ok()
}

/// Whether a font needs this: Type 0, Identity encoding, no /ToUnicode, TrueType program.
fn candidate(doc: &Document, font: &Dictionary) -> bool {
    if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0")
        || font.has(b"ToUnicode")
    {
        return false;
    }
    let identity = matches!(
        font.get(b"Encoding").and_then(Object::as_name).ok(),
        Some(b"Identity-H" | b"Identity-V")
    );
    identity
        && descendant(doc, font).is_some_and(|d| {
            d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType2")
        })
}

/// Glyph → character from the font program's Unicode cmap subtables and glyph names.
fn glyph_to_char(program: &[u8]) -> HashMap<u16, char> {
    let mut map = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(program, 0) else {
        return map;
    };
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if let (Some(g), Some(c)) = (sub.glyph_index(cp), char::from_u32(cp)) {
                    // Prefer the lowest code point (a BMP form over a compatibility one).
                    map.entry(g.0)
                        .and_modify(|e: &mut char| *e = (*e).min(c))
                        .or_insert(c);
                }
            });
        }
    }
    for gid in 0..face.number_of_glyphs() {
        if map.contains_key(&gid) {
            continue;
        }
        let Some(name) = face.glyph_name(ttf_parser::GlyphId(gid)) else {
            continue;
        };
        let hex = name
            .strip_prefix("uni")
            .filter(|h| h.len() == 4)
            .or_else(|| name.strip_prefix('u'));
        if let Some(c) = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            map.insert(gid, c);
        }
    }
    map
}

/// CID → glyph id from /CIDToGIDMap (identity when absent or /Identity).
fn cid_to_gid(doc: &Document, cid_font: &Dictionary) -> Option<Vec<u8>> {
    match cid_font
        .get(b"CIDToGIDMap")
        .ok()
        .and_then(|o| deref(doc, o))
    {
        Some(Object::Stream(s)) => s.get_plain_content().ok(),
        _ => None,
    }
}

fn to_unicode(codes: &BTreeSet<u16>, map: &[u8], glyphs: &HashMap<u16, char>) -> Option<Vec<u8>> {
    let mut entries = Vec::new();
    for &code in codes {
        let gid = if map.is_empty() {
            code
        } else {
            let i = usize::from(code) * 2;
            u16::from_be_bytes([*map.get(i)?, *map.get(i + 1)?])
        };
        if let Some(&c) = glyphs.get(&gid) {
            let mut units = [0u16; 2];
            let dst: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            entries.push(format!("<{code:04X}> <{dst}>"));
        }
    }
    if entries.is_empty() {
        return None;
    }
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for e in chunk {
            s.push_str(e);
            s.push('\n');
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    Some(s.into_bytes())
}

/// Adds a /ToUnicode made from the embedded font program to every TrueType CID font that
/// lacks one. Returns how many fonts were given one.
pub(crate) fn add_to_unicode(doc: &mut Document) -> usize {
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(|d| candidate(doc, d)))
        .map(|(id, _)| *id)
        .collect();
    if fonts.is_empty() {
        return 0;
    }
    let codes = &super::fonts::shown_two_byte_codes(doc);
    let mut patched = 0;
    for id in fonts {
        let stream = (|| {
            let font = doc.get_dictionary(id).ok()?;
            let cid = descendant(doc, font)?;
            let descriptor = deref(doc, cid.get(b"FontDescriptor").ok()?)?
                .as_dict()
                .ok()?;
            let program = match deref(doc, descriptor.get(b"FontFile2").ok()?)? {
                Object::Stream(s) => s.get_plain_content().ok()?,
                _ => return None,
            };
            let glyphs = glyph_to_char(&program);
            let map = cid_to_gid(doc, cid).unwrap_or_default();
            to_unicode(codes, &map, &glyphs)
        })();
        if let Some(cmap) = stream {
            let tu = doc.add_object(Stream::new(Dictionary::new(), cmap));
            if let Ok(font) = doc.get_dictionary_mut(id) {
                font.set("ToUnicode", Object::Reference(tu));
                patched += 1;
            }
        }
    }
    patched
}
