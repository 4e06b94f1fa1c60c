//! Making fonts that pdf-extract cannot read readable, by patching the parsed document in
//! memory (the input file is never written).
//!
//! pdf-extract knows only the Identity-H/V CMaps and panics on the predefined Adobe CMaps
//! that Java/iText and ReportLab report systems write for non-embedded CJK fonts
//! (`STSong-Light` + `UniGB-UCS2-H`, usually without /ToUnicode). For the Unicode CMaps
//! (`Uni*-UCS2-*`, `Uni*-UTF16-*`) a two-byte code *is* the UCS-2 code point, so the font
//! is rewritten as Identity-H (code = CID) with a /ToUnicode CMap mapping every code used
//! in the document to itself, and a /W array re-keyed by code. Glyph widths are known only
//! for ASCII (CIDs 1–95 are ASCII 0x20–0x7E in all Adobe CJK orderings); other codes take
//! /DW, which is right for full-width CJK characters.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Whether a predefined CMap name maps two-byte codes to the same Unicode code points.
fn is_unicode_cmap(name: &[u8]) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    name.starts_with("Uni")
        && ["-UCS2-H", "-UCS2-V", "-UTF16-H", "-UTF16-V"]
            .iter()
            .any(|s| name.ends_with(s))
}

fn target_encoding(dict: &Dictionary) -> Option<&'static str> {
    if dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" {
        return None;
    }
    let enc = dict.get(b"Encoding").and_then(Object::as_name).ok()?;
    if !is_unicode_cmap(enc) {
        return None;
    }
    Some(if enc.ends_with(b"-V") {
        "Identity-V"
    } else {
        "Identity-H"
    })
}

/// Whether any object (or a dictionary nested in one) is a font to patch.
fn any_target(o: &Object, depth: u32) -> bool {
    if depth > 6 {
        return false;
    }
    match o {
        Object::Dictionary(d) => {
            target_encoding(d).is_some() || d.iter().any(|(_, v)| any_target(v, depth + 1))
        }
        Object::Array(a) => a.iter().any(|v| any_target(v, depth + 1)),
        _ => false,
    }
}

fn collect_codes_from_content(data: &[u8], codes: &mut BTreeSet<u16>) {
    let Ok(content) = Content::decode(data) else {
        return;
    };
    let mut add = |o: &Object| {
        if let Object::String(s, _) = o {
            for pair in s.chunks_exact(2) {
                codes.insert(u16::from_be_bytes([pair[0], pair[1]]));
            }
        }
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "Tj" | "'" | "\"" => {
                if let Some(o) = op.operands.last() {
                    add(o);
                }
            }
            "TJ" => {
                if let Some(Object::Array(a)) = op.operands.first() {
                    a.iter().for_each(&mut add);
                }
            }
            _ => {}
        }
    }
}

/// Two-byte codes of every string shown on any page or in any form XObject.
fn collect_codes(doc: &Document) -> BTreeSet<u16> {
    let mut codes = BTreeSet::new();
    for (_, page_id) in doc.get_pages() {
        if let Ok(data) = doc.get_page_content(page_id) {
            collect_codes_from_content(&data, &mut codes);
        }
    }
    for o in doc.objects.values() {
        if let Object::Stream(s) = o {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                if let Ok(data) = s.get_plain_content() {
                    collect_codes_from_content(&data, &mut codes);
                }
            }
        }
    }
    codes
}

fn to_unicode_cmap(codes: &BTreeSet<u16>) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let usable: Vec<u16> = codes
        .iter()
        .copied()
        .filter(|c| !(0xD800..=0xDFFF).contains(c) && *c != 0)
        .collect();
    for chunk in usable.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for c in chunk {
            let _ = writeln!(s, "<{c:04X}> <{c:04X}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// CID → width from a /W array (both `c [w ...]` and `c_first c_last w` forms).
fn parse_w(doc: &Document, w: &[Object]) -> BTreeMap<i64, f64> {
    let mut map = BTreeMap::new();
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = num(&w[i]).map(|f| f as i64) else {
            break;
        };
        let next = doc.dereference(&w[i + 1]).map(|(_, o)| o);
        if let Ok(Object::Array(ws)) = next {
            for (j, x) in ws.iter().enumerate() {
                if let Some(x) = num(x) {
                    map.insert(first + j as i64, x);
                }
            }
            i += 2;
        } else if i + 2 < w.len() {
            let (Some(last), Some(x)) = (num(&w[i + 1]), num(&w[i + 2])) else {
                break;
            };
            for c in first..=(last as i64).min(first + 65_535) {
                map.insert(c, x);
            }
            i += 3;
        } else {
            break;
        }
    }
    map
}

/// The /W array keyed by code: ASCII codes take the width of their CID (code − 31).
fn rekeyed_w(doc: &Document, cid_font: &Dictionary, codes: &BTreeSet<u16>) -> Vec<Object> {
    let w = cid_font
        .get(b"W")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|a| parse_w(doc, a))
        .unwrap_or_default();
    let mut out = Vec::new();
    for &code in codes.range(0x20..=0x7E) {
        if let Some(&width) = w.get(&(i64::from(code) - 0x1F)) {
            out.push(Object::Integer(i64::from(code)));
            out.push(Object::Array(vec![Object::Real(width as f32)]));
        }
    }
    out
}

/// Patches one Type0 font dictionary; returns descendant fonts held by reference.
fn patch_font(
    dict: &mut Dictionary,
    identity: &str,
    to_unicode: ObjectId,
    descendants: &mut Vec<ObjectId>,
) {
    dict.set("Encoding", Object::Name(identity.as_bytes().to_vec()));
    if !dict.has(b"ToUnicode") {
        dict.set("ToUnicode", Object::Reference(to_unicode));
    }
    if let Ok(Object::Array(ds)) = dict.get(b"DescendantFonts") {
        descendants.extend(ds.iter().filter_map(|d| d.as_reference().ok()));
    }
}

/// What the walk needs besides the object it rewrites.
struct Patch<'a> {
    doc: &'a Document,
    codes: &'a BTreeSet<u16>,
    to_unicode: ObjectId,
    /// Descendant CID fonts held by reference, patched after the walk.
    descendants: Vec<ObjectId>,
    fonts: usize,
}

fn patch_walk(o: &mut Object, depth: u32, p: &mut Patch) {
    if depth > 6 {
        return;
    }
    match o {
        Object::Dictionary(d) => {
            if let Some(identity) = target_encoding(d) {
                patch_font(d, identity, p.to_unicode, &mut p.descendants);
                p.fonts += 1;
                if let Ok(Object::Array(ds)) = d.get_mut(b"DescendantFonts") {
                    for dd in ds.iter_mut() {
                        if let Object::Dictionary(cid) = dd {
                            let w = rekeyed_w(p.doc, cid, p.codes);
                            cid.set("W", Object::Array(w));
                        }
                    }
                }
            } else {
                for (_, v) in d.iter_mut() {
                    patch_walk(v, depth + 1, p);
                }
            }
        }
        Object::Array(a) => {
            for v in a.iter_mut() {
                patch_walk(v, depth + 1, p);
            }
        }
        _ => {}
    }
}

/// Rewrites fonts with predefined Unicode CMaps as Identity fonts pdf-extract can read.
/// Returns how many font dictionaries were patched.
pub(crate) fn patch_predefined_cmaps(doc: &mut Document) -> usize {
    let targets: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| any_target(o, 0))
        .map(|(id, _)| *id)
        .collect();
    if targets.is_empty() {
        return 0;
    }
    let codes = collect_codes(doc);
    let to_unicode = doc.new_object_id();
    // Only the objects holding a target font are cloned, rewritten and put back.
    let mut rewritten = Vec::with_capacity(targets.len());
    let mut p = Patch {
        doc,
        codes: &codes,
        to_unicode,
        descendants: Vec::new(),
        fonts: 0,
    };
    for id in targets {
        if let Ok(o) = p.doc.get_object(id) {
            let mut o = o.clone();
            patch_walk(&mut o, 0, &mut p);
            rewritten.push((id, o));
        }
    }
    let mut descendants = std::mem::take(&mut p.descendants);
    let fonts = p.fonts;
    descendants.sort();
    descendants.dedup();
    let new_ws: Vec<(ObjectId, Vec<Object>)> = descendants
        .into_iter()
        .filter_map(|id| Some((id, rekeyed_w(doc, doc.get_dictionary(id).ok()?, &codes))))
        .collect();
    for (id, o) in rewritten {
        doc.objects.insert(id, o);
    }
    for (id, w) in new_ws {
        if let Ok(Object::Dictionary(cid)) = doc.get_object_mut(id) {
            cid.set("W", Object::Array(w));
        }
    }
    doc.objects.insert(
        to_unicode,
        Object::Stream(Stream::new(Dictionary::new(), to_unicode_cmap(&codes))),
    );
    fonts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_cmap_names() {
        assert!(is_unicode_cmap(b"UniGB-UCS2-H"));
        assert!(is_unicode_cmap(b"UniJIS-UTF16-V"));
        assert!(!is_unicode_cmap(b"Identity-H"));
        assert!(!is_unicode_cmap(b"GBK-EUC-H"));
    }

    #[test]
    fn w_both_forms() {
        let doc = Document::new();
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(207), Object::Integer(270)]),
            Object::Integer(18),
            Object::Integer(20),
            Object::Integer(462),
        ];
        let m = parse_w(&doc, &w);
        assert_eq!(m.get(&2), Some(&270.0));
        assert_eq!(m.get(&20), Some(&462.0));
        assert_eq!(m.len(), 5);
    }
}
