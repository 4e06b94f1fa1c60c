//! Making fonts that pdf-extract cannot read readable, by patching the parsed document in
//! memory (the input file is never written).
//!
//! pdf-extract knows only the Identity-H/V CMaps and panics on the predefined Adobe CMaps
//! that report systems write for non-embedded CJK fonts: Java/iText and ReportLab write
//! `STSong-Light` + `UniGB-UCS2-H`, Acrobat PDFMaker writes `SimSun` + `GBK-EUC-H`, usually
//! without /ToUnicode. Two families are handled, both without CMap data files:
//!
//! * Unicode CMaps (`Uni*-UCS2-*`, `Uni*-UTF16-*`): a two-byte code *is* the UTF-16 code
//!   unit, so the encoding becomes Identity-H/V (code = CID) and a /ToUnicode CMap maps
//!   every code used in the document to itself.
//! * Legacy multi-byte CMaps (GB/GBK/GBK2K-EUC, Big5, Shift-JIS, EUC-JP, EUC-KR/UHC): the
//!   encoding becomes an embedded CMap with the same code space and CID = code, and the
//!   /ToUnicode CMap maps each used code to what encoding_rs decodes it to.
//!
//! /W is re-keyed by code: widths are known only for ASCII (CIDs 1–95 are ASCII 0x20–0x7E
//! in all Adobe CJK orderings; half width where /W has none); other codes take /DW, which is
//! right for full-width CJK characters. Widths only decide where spaces go.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use encoding_rs::Encoding;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// How the codes of a predefined CMap are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    /// Two-byte UTF-16 code units.
    Unicode,
    Gb,
    Big5,
    ShiftJis,
    EucJp,
    EucKr,
}

/// Code space ranges `(first, last, bytes)` of a family.
fn code_space(f: Family) -> &'static [(u32, u32, u8)] {
    match f {
        Family::Unicode => &[(0x0000, 0xFFFF, 2)],
        Family::Gb | Family::Big5 => &[(0x00, 0x80, 1), (0x8140, 0xFEFE, 2)],
        Family::ShiftJis => &[
            (0x00, 0x80, 1),
            (0xA0, 0xDF, 1),
            (0x8140, 0x9FFC, 2),
            (0xE040, 0xFCFC, 2),
        ],
        Family::EucJp => &[(0x00, 0x80, 1), (0x8EA0, 0x8EDF, 2), (0xA1A1, 0xFEFE, 2)],
        Family::EucKr => &[(0x00, 0x80, 1), (0x8141, 0xFEFE, 2)],
    }
}

fn decoder(f: Family) -> &'static Encoding {
    match f {
        Family::Unicode => encoding_rs::UTF_16BE,
        Family::Gb => encoding_rs::GB18030,
        Family::Big5 => encoding_rs::BIG5,
        Family::ShiftJis => encoding_rs::SHIFT_JIS,
        Family::EucJp => encoding_rs::EUC_JP,
        Family::EucKr => encoding_rs::EUC_KR,
    }
}

/// The family of a predefined CMap name, and whether it is vertical.
fn family(name: &[u8]) -> Option<(Family, bool)> {
    let name = std::str::from_utf8(name).ok()?;
    let vertical = name.ends_with("-V");
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))?;
    let f = if base.starts_with("Uni") && (base.ends_with("-UCS2") || base.ends_with("-UTF16")) {
        Family::Unicode
    } else if base.starts_with("GB") && (base.ends_with("-EUC") || base == "GBK2K") {
        Family::Gb
    } else if base.ends_with("-B5") || base == "B5pc" {
        Family::Big5
    } else if base.ends_with("-RKSJ") {
        Family::ShiftJis
    } else if base == "EUC" {
        Family::EucJp
    } else if base.starts_with("KSC") {
        Family::EucKr
    } else {
        return None;
    };
    Some((f, vertical))
}

fn target(dict: &Dictionary) -> Option<(Family, bool)> {
    if dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" {
        return None;
    }
    family(dict.get(b"Encoding").and_then(Object::as_name).ok()?)
}

/// Families of the fonts to patch in an object (or the dictionaries nested in it).
fn find_targets(o: &Object, depth: u32, found: &mut BTreeSet<Family>) {
    if depth > 6 {
        return;
    }
    match o {
        Object::Dictionary(d) => {
            if let Some((f, _)) = target(d) {
                found.insert(f);
            } else {
                d.iter()
                    .for_each(|(_, v)| find_targets(v, depth + 1, found));
            }
        }
        Object::Array(a) => a.iter().for_each(|v| find_targets(v, depth + 1, found)),
        _ => {}
    }
}

/// Splits a string into codes by a code space.
fn codes_of(s: &[u8], space: &[(u32, u32, u8)], out: &mut BTreeSet<u32>) {
    let mut i = 0;
    while i < s.len() {
        let one = u32::from(s[i]);
        if space
            .iter()
            .any(|&(lo, hi, n)| n == 1 && (lo..=hi).contains(&one))
        {
            out.insert(one);
            i += 1;
            continue;
        }
        if i + 1 < s.len() {
            let two = (one << 8) | u32::from(s[i + 1]);
            if space
                .iter()
                .any(|&(lo, hi, n)| n == 2 && (lo..=hi).contains(&two))
            {
                out.insert(two);
                i += 2;
                continue;
            }
        }
        i += 1;
    }
}

fn strings_of_content(data: &[u8], f: &mut dyn FnMut(&[u8])) {
    let Ok(content) = Content::decode(data) else {
        return;
    };
    for op in &content.operations {
        let operands: &[Object] = match op.operator.as_str() {
            "Tj" | "'" | "\"" => op.operands.last().map(std::slice::from_ref).unwrap_or(&[]),
            "TJ" => match op.operands.first() {
                Some(Object::Array(a)) => a,
                _ => &[],
            },
            _ => &[],
        };
        for o in operands {
            if let Object::String(s, _) = o {
                f(s);
            }
        }
    }
}

/// Every string shown on any page or in any form XObject.
fn for_each_shown_string(doc: &Document, f: &mut dyn FnMut(&[u8])) {
    for (_, page_id) in doc.get_pages() {
        if let Ok(data) = doc.get_page_content(page_id) {
            strings_of_content(&data, f);
        }
    }
    for o in doc.objects.values() {
        if let Object::Stream(s) = o {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                if let Ok(data) = s.get_plain_content() {
                    strings_of_content(&data, f);
                }
            }
        }
    }
}

/// Every two-byte code (byte pairs of every shown string).
pub(crate) fn shown_two_byte_codes(doc: &Document) -> BTreeSet<u16> {
    let mut codes = BTreeSet::new();
    for_each_shown_string(doc, &mut |s| {
        codes.extend(s.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])));
    });
    codes
}

fn hex(code: u32, bytes: usize) -> String {
    let mut s = String::from("<");
    for i in (0..bytes).rev() {
        let _ = write!(s, "{:02X}", (code >> (8 * i)) & 0xFF);
    }
    s.push('>');
    s
}

fn code_bytes(code: u32, f: Family) -> Vec<u8> {
    let two = code > 0xFF || f == Family::Unicode;
    if two {
        vec![(code >> 8) as u8, code as u8]
    } else {
        vec![code as u8]
    }
}

const CMAP_HEAD: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n";
const CMAP_TAIL: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// A /ToUnicode CMap for the used codes of a family.
fn to_unicode_cmap(f: Family, codes: &BTreeSet<u32>) -> Vec<u8> {
    let mut s = String::from(CMAP_HEAD);
    s.push_str("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
    s.push_str("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
    let space = code_space(f);
    let _ = writeln!(s, "{} begincodespacerange", space.len());
    for &(lo, hi, n) in space {
        let _ = writeln!(s, "{} {}", hex(lo, n.into()), hex(hi, n.into()));
    }
    s.push_str("endcodespacerange\n");
    let mut entries: Vec<(String, String)> = Vec::new();
    for &code in codes {
        let bytes = code_bytes(code, f);
        let Some(text) = decoder(f).decode_without_bom_handling_and_without_replacement(&bytes)
        else {
            continue;
        };
        let units: Vec<u16> = text.encode_utf16().collect();
        if units.is_empty() || text.chars().any(|c| c == '\0') {
            continue;
        }
        let dst: String = units.iter().map(|u| format!("{u:04X}")).collect();
        entries.push((hex(code, bytes.len()), format!("<{dst}>")));
    }
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (src, dst) in chunk {
            let _ = writeln!(s, "{src} {dst}");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str(CMAP_TAIL);
    s.into_bytes()
}

/// An encoding CMap with the family's code space and CID = code.
///
/// adobe-cmap-parser 0.4 (used by pdf-extract 0.12) takes half the byte length of a range
/// bound as the code length, so a one-byte range is written with two-byte bounds and a
/// two-byte range with four-byte bounds; the numeric values are unchanged. The integration
/// tests read a GBK-EUC-H font through this CMap, so a change there will show.
fn encoding_cmap(f: Family) -> Vec<u8> {
    let mut s = String::from(CMAP_HEAD);
    s.push_str("/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n");
    s.push_str("/CMapName /Gouji-Code-As-CID def\n/CMapType 1 def\n");
    let space = code_space(f);
    let _ = writeln!(s, "{} begincodespacerange", space.len());
    for &(lo, hi, n) in space {
        let width = usize::from(n) * 2;
        let _ = writeln!(s, "{} {}", hex(lo, width), hex(hi, width));
    }
    s.push_str("endcodespacerange\n1 begincidrange\n<0000> <FFFF> 0\nendcidrange\n");
    s.push_str(CMAP_TAIL);
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

/// Width of an ASCII glyph whose CID the font's /W does not list.
const HALF_WIDTH: f64 = 500.0;

/// The /W array keyed by code: ASCII codes take the width of their CID (code − 31).
fn rekeyed_w(doc: &Document, cid_font: &Dictionary, codes: &BTreeSet<u32>) -> Vec<Object> {
    let w = cid_font
        .get(b"W")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|a| parse_w(doc, a))
        .unwrap_or_default();
    let mut out = Vec::new();
    for &code in codes.range(0x20..=0x7E) {
        let width = w
            .get(&(i64::from(code) - 0x1F))
            .copied()
            .unwrap_or(HALF_WIDTH);
        out.push(Object::Integer(i64::from(code)));
        out.push(Object::Array(vec![Object::Real(width as f32)]));
    }
    out
}

/// What a family's fonts are given.
struct Replacement {
    /// For Unicode, `Identity-H`/`-V` by name; else a reference to an encoding CMap.
    encoding: Option<ObjectId>,
    to_unicode: ObjectId,
    codes: BTreeSet<u32>,
}

/// What the walk needs besides the object it rewrites.
struct Patch<'a> {
    doc: &'a Document,
    families: &'a BTreeMap<Family, Replacement>,
    /// Descendant CID fonts held by reference, with their family, patched after the walk.
    descendants: Vec<(ObjectId, Family)>,
    fonts: usize,
}

fn patch_walk(o: &mut Object, depth: u32, p: &mut Patch) {
    if depth > 6 {
        return;
    }
    match o {
        Object::Dictionary(d) => {
            let Some((f, vertical)) = target(d) else {
                for (_, v) in d.iter_mut() {
                    patch_walk(v, depth + 1, p);
                }
                return;
            };
            let Some(r) = p.families.get(&f) else { return };
            match r.encoding {
                Some(id) => d.set("Encoding", Object::Reference(id)),
                None => d.set(
                    "Encoding",
                    Object::Name(if vertical {
                        b"Identity-V".to_vec()
                    } else {
                        b"Identity-H".to_vec()
                    }),
                ),
            }
            // A font's own /ToUnicode is keyed by code, which is now the CID: keep it.
            if !d.has(b"ToUnicode") {
                d.set("ToUnicode", Object::Reference(r.to_unicode));
            }
            p.fonts += 1;
            if let Ok(Object::Array(ds)) = d.get_mut(b"DescendantFonts") {
                for dd in ds.iter_mut() {
                    match dd {
                        Object::Dictionary(cid) => {
                            let w = rekeyed_w(p.doc, cid, &r.codes);
                            cid.set("W", Object::Array(w));
                        }
                        Object::Reference(id) => p.descendants.push((*id, f)),
                        _ => {}
                    }
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

/// Rewrites Type 0 fonts with predefined CMaps as fonts pdf-extract can read.
/// Returns how many font dictionaries were patched.
pub(crate) fn patch_predefined_cmaps(doc: &mut Document) -> usize {
    let mut present = BTreeSet::new();
    let mut targets = Vec::new();
    for (id, o) in &doc.objects {
        let mut here = BTreeSet::new();
        find_targets(o, 0, &mut here);
        if !here.is_empty() {
            targets.push(*id);
        }
        present.extend(here);
    }
    if targets.is_empty() {
        return 0;
    }
    // Used codes per family (strings of other fonts are split too: harmless extra entries).
    let mut codes: BTreeMap<Family, BTreeSet<u32>> =
        present.iter().map(|f| (*f, BTreeSet::new())).collect();
    for_each_shown_string(doc, &mut |s| {
        for (f, set) in codes.iter_mut() {
            codes_of(s, code_space(*f), set);
        }
    });
    let mut families = BTreeMap::new();
    for (f, codes) in codes {
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode_cmap(f, &codes)));
        let encoding = (f != Family::Unicode).then(|| {
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"CMap".to_vec()));
            dict.set("CMapName", Object::Name(b"Gouji-Code-As-CID".to_vec()));
            doc.add_object(Stream::new(dict, encoding_cmap(f)))
        });
        families.insert(
            f,
            Replacement {
                encoding,
                to_unicode,
                codes,
            },
        );
    }
    // Only the objects holding a target font are cloned, rewritten and put back.
    let mut rewritten = Vec::with_capacity(targets.len());
    let mut p = Patch {
        doc,
        families: &families,
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
        .filter_map(|(id, f)| {
            Some((
                id,
                rekeyed_w(doc, doc.get_dictionary(id).ok()?, &families.get(&f)?.codes),
            ))
        })
        .collect();
    for (id, o) in rewritten {
        doc.objects.insert(id, o);
    }
    for (id, w) in new_ws {
        if let Ok(Object::Dictionary(cid)) = doc.get_object_mut(id) {
            cid.set("W", Object::Array(w));
        }
    }
    fonts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_families() {
        assert_eq!(family(b"UniGB-UCS2-H"), Some((Family::Unicode, false)));
        assert_eq!(family(b"UniJIS-UTF16-V"), Some((Family::Unicode, true)));
        assert_eq!(family(b"GBK-EUC-H"), Some((Family::Gb, false)));
        assert_eq!(family(b"GBK2K-V"), Some((Family::Gb, true)));
        assert_eq!(family(b"ETen-B5-H"), Some((Family::Big5, false)));
        assert_eq!(family(b"90ms-RKSJ-H"), Some((Family::ShiftJis, false)));
        assert_eq!(family(b"KSCms-UHC-H"), Some((Family::EucKr, false)));
        assert_eq!(family(b"Identity-H"), None);
        assert_eq!(family(b"Foo-Bar-H"), None);
    }

    #[test]
    fn codes_split_by_code_space() {
        let mut out = BTreeSet::new();
        let (gbk, _, _) = encoding_rs::GBK.encode("预算A");
        codes_of(&gbk, code_space(Family::Gb), &mut out);
        assert_eq!(out.len(), 3);
        assert!(out.contains(&0x41));
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
