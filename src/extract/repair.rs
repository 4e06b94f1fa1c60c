//! Rebuilding a damaged cross-reference table, as poppler and qpdf do: scan the file for
//! `N G obj` headers, take the trailer keys (/Root, /Info, /Encrypt, /ID) from the last
//! trailer or cross-reference stream (or find the catalog), and append a fresh xref table
//! and trailer to an in-memory copy. The input file is never written.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

use regex::bytes::Regex;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

fn obj_header() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?-u)(?:^|[\r\n\t \x0c>])(\d{1,10})[\r\n\t \x0c]+(\d{1,5})[\r\n\t \x0c]+obj\b",
    )
}

fn ref_key(key: &str) -> Regex {
    Regex::new(&format!(
        r"(?-u)/{key}[\r\n\t \x0c]*(\d{{1,10}})[\r\n\t \x0c]+(\d{{1,5}})[\r\n\t \x0c]+R\b"
    ))
    .expect("valid regex")
}

fn id_key() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?-u)/ID[\r\n\t \x0c]*\[[^\]]{0,400}\]")
}

fn catalog_key() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?-u)/Type[\r\n\t \x0c]*/Catalog\b")
}

fn standard_security() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?-u)/Filter[\r\n\t \x0c]*/Standard\b")
}

fn xref_stream_key() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?-u)/Type[\r\n\t \x0c]*/XRef\b")
}

fn parse_num(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// The trailer keys that a rebuilt trailer must carry.
#[derive(Default)]
struct TrailerKeys {
    root: Option<(u64, u64)>,
    info: Option<(u64, u64)>,
    encrypt: Option<(u64, u64)>,
    id: Option<Vec<u8>>,
}

fn keys_in(dict: &[u8]) -> TrailerKeys {
    let get = |k: &str| {
        ref_key(k)
            .captures(dict)
            .and_then(|c| Some((parse_num(&c[1])?, parse_num(&c[2])?)))
    };
    TrailerKeys {
        root: get("Root"),
        info: get("Info"),
        encrypt: get("Encrypt"),
        id: id_key().find(dict).map(|m| m.as_bytes().to_vec()),
    }
}

/// Returns a copy of `bytes` (from its `%PDF-` header on) with a rebuilt xref table and
/// trailer appended, or `None` when no object or no catalog can be found.
pub(crate) fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let start = bytes.windows(5).position(|w| w == b"%PDF-")?;
    let body = &bytes[start..];

    // Object offsets: a later definition of the same number wins (incremental updates).
    let mut offsets: BTreeMap<u64, (usize, u64)> = BTreeMap::new();
    let mut headers: Vec<(usize, u64)> = Vec::new(); // (offset, object number), in file order
    for c in obj_header().captures_iter(body) {
        let (Some(num), Some(gen)) = (parse_num(&c[1]), parse_num(&c[2])) else {
            continue;
        };
        if num == 0 || num > 10_000_000 || gen > 65_535 {
            continue;
        }
        let off = c.get(1)?.start();
        offsets.insert(num, (off, gen));
        headers.push((off, num));
    }
    if offsets.is_empty() {
        return None;
    }

    // Trailer keys: the last `trailer` dictionary, else the last xref stream dictionary.
    let mut keys = TrailerKeys::default();
    if let Some(pos) = body.windows(7).rposition(|w| w == b"trailer") {
        let end = (pos + 4096).min(body.len());
        keys = keys_in(&body[pos..end]);
    }
    if keys.root.is_none() {
        if let Some(m) = xref_stream_key().find_iter(body).last() {
            let from = headers
                .iter()
                .rev()
                .find(|h| h.0 < m.start())
                .map_or(0, |h| h.0);
            let end = (m.end() + 4096).min(body.len());
            keys = keys_in(&body[from..end]);
        }
    }
    if keys.root.is_none() {
        // Without a trailer the /Encrypt reference is lost: an encrypted file cannot be
        // decrypted, and reading its objects raw would give garbage.
        if standard_security().is_match(body) {
            return None;
        }
        // The catalog: the object whose dictionary says /Type /Catalog.
        let m = catalog_key().find_iter(body).last()?;
        let (_, num) = *headers.iter().rev().find(|h| h.0 < m.start())?;
        keys.root = Some((num, offsets.get(&num)?.1));
    }
    let root = keys.root?;
    if !offsets.contains_key(&root.0) {
        return None;
    }

    let mut out = Vec::with_capacity(body.len() + offsets.len() * 24 + 256);
    out.extend_from_slice(body);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let xref_at = out.len();
    let max = *offsets.keys().next_back()?;
    let mut table = String::with_capacity(offsets.len() * 30);
    table.push_str("xref\n0 1\n0000000000 65535 f \n");
    for (num, (off, gen)) in &offsets {
        let _ = write!(table, "{num} 1\n{off:010} {gen:05} n \n");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root {} {} R",
        max + 1,
        root.0,
        root.1
    );
    if let Some((n, g)) = keys.info.filter(|i| offsets.contains_key(&i.0)) {
        let _ = write!(table, " /Info {n} {g} R");
    }
    if let Some((n, g)) = keys.encrypt {
        let _ = write!(table, " /Encrypt {n} {g} R");
    }
    out.extend_from_slice(table.as_bytes());
    if let Some(id) = &keys.id {
        out.push(b' ');
        out.extend_from_slice(id);
    }
    out.extend_from_slice(format!(" >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_rebuild_in_junk() {
        assert!(rebuild_xref(b"%PDF-1.4\nhello").is_none());
        assert!(rebuild_xref(b"no header").is_none());
    }

    #[test]
    fn finds_catalog_without_trailer() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
        let fixed = rebuild_xref(pdf).unwrap();
        let s = String::from_utf8_lossy(&fixed);
        assert!(s.contains("/Root 1 0 R"));
        assert!(s.contains("0000000009 00000 n"));
    }
}
