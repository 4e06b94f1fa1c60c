//! PDF: lopdf parses (rebuilding a damaged cross-reference table when needed), the font
//! dictionaries pdf-extract cannot read are patched in memory, then pdf-extract reads the
//! text one page at a time. Every page lopdf finds must be read: no silent loss.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{fonts, guard, repair, sanitize, tounicode, truetype, ErrorKind, InputError};
use crate::document::RawDocument;

fn corrupt(detail_zh: &str, detail_en: &str) -> InputError {
    InputError::new(
        ErrorKind::Corrupt,
        format!("PDF 文件已损坏，无法解析：{detail_zh}"),
        format!("the PDF is damaged and cannot be parsed: {detail_en}"),
    )
}

fn encrypted() -> InputError {
    InputError::new(
        ErrorKind::Encrypted,
        "PDF 已加密，需要打开密码才能读取",
        "the PDF is encrypted and needs a password to open",
    )
}

fn timeout() -> InputError {
    InputError::new(
        ErrorKind::Timeout,
        "读取超时，已中止",
        "reading timed out and was stopped",
    )
}

/// Page numbers as ranges: `1–3、7` (`sep` between ranges).
fn page_list(pages: &[u32], sep: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(match j - i {
            0 => pages[i].to_string(),
            1 => format!("{}{sep}{}", pages[i], pages[j]),
            _ => format!("{}–{}", pages[i], pages[j]),
        });
        i = j + 1;
    }
    out.join(sep)
}

fn join_pages(pages: &[u32]) -> String {
    page_list(pages, "、")
}

fn join_pages_en(pages: &[u32]) -> String {
    page_list(pages, ", ")
}

/// Pages found by walking the page tree, and the count the tree's root declares.
fn page_counts(doc: &Document) -> (usize, usize) {
    let found = doc.get_pages().len();
    let declared = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| doc.dereference(p).ok())
        .and_then(|(_, p)| p.as_dict().ok())
        .and_then(|p| p.get(b"Count").ok())
        .and_then(|c| c.as_i64().ok())
        .unwrap_or(0)
        .max(0) as usize;
    (found, declared)
}

fn is_lopdf_encryption_error(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword
    )
}

/// lopdf parses objects with rayon. Run on the global pool, a caller that blocks a global
/// pool thread while waiting for extraction (a batch run with `par_iter`) could deadlock;
/// extraction therefore has a small pool of its own.
fn parse(bytes: &[u8]) -> lopdf::Result<Document> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .thread_name(|i| format!("{}-rayon-{i}", guard::WORKER_PREFIX))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(|| Document::load_mem(bytes)),
        None => Document::load_mem(bytes),
    }
}

/// Objects the cross-reference table lists that could not be loaded (a wrong offset makes
/// lopdf skip an object silently; its page would then read as blank).
fn missing_objects(doc: &Document) -> usize {
    let missing = doc
        .reference_table
        .entries
        .iter()
        .filter(|(id, e)| match e {
            lopdf::xref::XrefEntry::Normal { generation, .. } => {
                !doc.objects.contains_key(&(**id, *generation))
            }
            _ => false,
        })
        .count();
    // After decryption lopdf drops the encryption dictionary itself.
    missing.saturating_sub(usize::from(doc.was_encrypted()))
}

/// Page tree nodes (/Kids entries) whose object is not in the document.
fn dangling_kids(doc: &Document) -> usize {
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return 1;
    };
    let mut stack = vec![root];
    let mut seen = BTreeSet::new();
    let mut dangling = 0;
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || seen.len() > 1_000_000 {
            continue;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            dangling += 1;
            continue;
        };
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            stack.extend(kids.iter().filter_map(|k| k.as_reference().ok()));
        }
    }
    dangling
}

/// How good a parse is: complete page tree first, then fewer missing objects, then pages.
fn quality(doc: &Document) -> (bool, std::cmp::Reverse<usize>, usize) {
    let (found, declared) = page_counts(doc);
    (
        found > 0 && found >= declared,
        std::cmp::Reverse(missing_objects(doc)),
        found,
    )
}

/// Parses, trying a rebuilt cross-reference table when the file's own does not give a
/// complete page tree with every listed object.
fn load_document(bytes: &[u8]) -> Result<Document, InputError> {
    let mut best: Option<Document> = None;
    let mut first_error = None;
    match guard::catch(|| parse(bytes)) {
        Ok(Ok(doc)) => {
            if doc.trailer.has(b"Encrypt") {
                // lopdf decrypts with the empty user password itself and drops /Encrypt;
                // still there means a real password is required.
                return Err(encrypted());
            }
            let q = quality(&doc);
            if q.0 && q.1 .0 == 0 {
                return Ok(doc);
            }
            best = Some(doc);
        }
        Ok(Err(e)) if is_lopdf_encryption_error(&e) => return Err(encrypted()),
        Ok(Err(e)) => first_error = Some(corrupt(&e.to_string(), &e.to_string())),
        Err(panic) => first_error = Some(corrupt(&panic, &panic)),
    }
    if let Some(fixed) = repair::rebuild_xref(bytes) {
        if let Ok(Ok(doc)) = guard::catch(|| parse(&fixed)) {
            if doc.trailer.has(b"Encrypt") {
                return Err(encrypted());
            }
            if best.as_ref().is_none_or(|b| quality(&doc) > quality(b)) {
                best = Some(doc);
            }
        }
    }
    if let Some(doc) = best {
        let (found, declared) = page_counts(&doc);
        return if found > 0
            && (found >= declared || (dangling_kids(&doc) == 0 && missing_objects(&doc) == 0))
        {
            // A /Count above the pages the tree really holds is a producer's slip when every
            // node of the tree and every listed object is there: nothing was lost.
            Ok(doc)
        } else if found > 0 {
            // Some pages but fewer than declared: refuse rather than lose pages silently.
            Err(corrupt(
                &format!("只能找到 {declared} 页中的 {found} 页"),
                &format!("only {found} of {declared} pages can be found"),
            ))
        } else {
            Err(corrupt(
                "找不到任何页面（文件可能被截断）",
                "no pages found (the file may be truncated)",
            ))
        };
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(9).any(|w| w == b"startxref") {
        return Err(corrupt(
            "文件不完整（缺少交叉引用表和文件尾，可能下载中断）",
            "the file is incomplete (no cross-reference table or trailer; an interrupted download?)",
        ));
    }
    Err(first_error.unwrap_or_else(|| corrupt("无法解析", "cannot be parsed")))
}

/// pdf-extract's plain-text layout (same line and space rules as its `PlainTextOutput`),
/// except that characters drawn outside the page's media box are dropped, as poppler
/// does: some producers draw a whole text frame on every page it spans and let the page
/// edge cut it, which would otherwise repeat text (and its figures) on the next page.
struct PageText {
    out: String,
    page_height: f64,
    bbox: (f64, f64, f64, f64),
    last_end: f64,
    last_y: f64,
    first_char: bool,
    dropped: usize,
    /// Glyphs drawn on the page, and those whose font gives no Unicode for them.
    glyphs: usize,
    undecodable: usize,
    /// Glyphs already placed on this page, by character: overprinted copies are dropped.
    placed: HashMap<String, Vec<(f64, f64)>>,
    /// Runs of text in content-stream order; laid out into lines at the end of the page.
    segs: Vec<Seg>,
}

/// A run of glyphs the content stream draws in reading order along one line.
struct Seg {
    /// Glyph size of its first glyph.
    size: f64,
    /// Start and end along the line.
    x0: f64,
    x1: f64,
    /// Direction of the baseline (rounded), so that rotated text is not merged into lines.
    dir: (i64, i64),
    /// Starts a line of its own (pdf-extract's newline rule); else it is a run drawn back
    /// along the baseline of the line before it.
    newline: bool,
    text: String,
}

/// Lays a page's runs out as lines, in stream order: a run drawn back along the baseline of
/// the line before it joins that line, and a line's runs are ordered left to right with a
/// space between them. Content streams often draw a row's label after its
/// cells: read in stream order the label was glued to the last cell ("44,273,130合计").
fn layout(segs: Vec<Seg>) -> String {
    let mut lines: Vec<Vec<Seg>> = Vec::new();
    for s in segs {
        match lines.last_mut() {
            Some(l) if !s.newline => l.push(s),
            _ => lines.push(vec![s]),
        }
    }
    let mut out = String::new();
    let emit = |l: &mut Vec<Seg>, out: &mut String| {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut end = f64::MIN;
        for (i, s) in l.iter().enumerate() {
            if i > 0 && (s.x0 > end + s.size * 0.1 || s.x0 < end - s.size) {
                out.push(' ');
            }
            out.push_str(&s.text);
            end = s.x1;
        }
        out.push('\n');
    };
    for mut l in lines {
        emit(&mut l, &mut out);
    }
    out
}

impl PageText {
    fn new() -> Self {
        PageText {
            out: String::new(),
            page_height: 0.0,
            bbox: (f64::MIN, f64::MIN, f64::MAX, f64::MAX),
            last_end: 100_000.0,
            last_y: 0.0,
            first_char: false,
            dropped: 0,
            glyphs: 0,
            undecodable: 0,
            placed: HashMap::new(),
            segs: Vec::new(),
        }
    }
}

/// A page loses text when at least this many glyphs (and over a tenth of them) have no
/// Unicode; a few stray symbols are tolerated.
const LOSSY_MIN_GLYPHS: usize = 10;

/// How far outside the media box (in points) a glyph origin may lie and still count.
const PAGE_EDGE_TOLERANCE: f64 = 2.0;

impl pdf_extract::OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.bbox = (
            media_box.llx.min(media_box.urx),
            media_box.lly.min(media_box.ury),
            media_box.llx.max(media_box.urx),
            media_box.lly.max(media_box.ury),
        );
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.out = layout(std::mem::take(&mut self.segs));
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let (px, py) = (trm.m31, trm.m32);
        let (x0, y0, x1, y1) = self.bbox;
        let t = PAGE_EDGE_TOLERANCE;
        if !(px >= x0 - t && px <= x1 + t && py >= y0 - t && py <= y1 + t) {
            self.dropped += 1;
            return Ok(());
        }
        self.glyphs += 1;
        if ch.is_empty() {
            self.undecodable += 1;
            return Ok(());
        }
        // Coordinates along the baseline and down across lines (top-down, as pdf-extract
        // flips them), so that rotated text (landscape tables on portrait pages) reads by
        // line too. For upright text this is (px, page_height − py).
        let len = trm.m11.hypot(trm.m12);
        let (dx, dy) = if len > 0.0 {
            (trm.m11 / len, trm.m12 / len)
        } else {
            (1.0, 0.0)
        };
        let (x, y) = (px * dx + py * dy, self.page_height + px * dy - py * dx);
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        // "Fake bold" draws the same text again a fraction of a point away; poppler keeps
        // one copy (same character within 0.1 em along the line and 0.2 em across).
        if !ch.trim().is_empty() {
            let near =
                |&(sx, sy): &(f64, f64)| (sx - x).abs() < size * 0.1 && (sy - y).abs() < size * 0.2;
            match self.placed.get_mut(ch) {
                Some(v) if v.iter().any(near) => {
                    self.dropped += 1;
                    return Ok(());
                }
                Some(v) => v.push((x, y)),
                None => {
                    self.placed.insert(ch.to_owned(), vec![(x, y)]);
                }
            }
        }
        // A new run where the stream leaves the line or goes back along it; a space where
        // it skips ahead.
        let dir = ((dx * 8.0).round() as i64, (dy * 8.0).round() as i64);
        // A new line where pdf-extract starts one (off the line, or back along the line onto
        // another one); a new run on the same line where the stream goes back to before the
        // run's start (a label drawn after its cells).
        let (fresh, newline) = match self.segs.last() {
            None => (true, true),
            Some(last) => {
                let dy = (y - self.last_y).abs();
                let newline = last.dir != dir
                    || self.first_char && (dy > size * 1.5 || x < self.last_end && dy > size * 0.5);
                let back = self.first_char && x < last.x0 - size * 0.1;
                (newline || back, newline)
            }
        };
        if fresh {
            self.segs.push(Seg {
                size,
                x0: x,
                x1: x,
                dir,
                newline,
                text: String::new(),
            });
        }
        let seg = self.segs.last_mut().expect("a run was just pushed");
        if self.first_char && !fresh && x > self.last_end + size * 0.1 {
            seg.text.push(' ');
        }
        seg.text.push_str(ch);
        seg.x1 = x + width * size;
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.first_char = true;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Keys of font and font descriptor dictionaries whose value is a stream pdf-extract reads.
const FONT_STREAM_KEYS: &[&[u8]] = &[
    b"ToUnicode",
    b"Encoding",
    b"FontFile",
    b"FontFile2",
    b"FontFile3",
];

/// Prepares (in memory, once) the streams of every font for pdf-extract, so that a font
/// read again (a page retried with fresh fonts, a font program read by its CFF or Type 1
/// parser besides its /ToUnicode) is not inflated again; about 5% of extraction time in
/// a batch, even with fonts cached across pages. Its reader (`get_contents`) takes a stream
/// without /Filter as is and otherwise its decompressed content, so decompressing them
/// here does not change what it reads; a stream that fails to decompress is left as it is.
/// An embedded TrueType program (/FontFile2) pdf-extract reads and throws away, so it is
/// emptied instead (our own readers of it, `truetype.rs` and `fonts.rs`, have run before).
fn prepare_font_streams(doc: &mut Document) -> usize {
    fn collect(o: &Object, depth: u32, ids: &mut BTreeMap<ObjectId, bool>) {
        let dict = match o {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            Object::Array(a) if depth < 4 => {
                a.iter().for_each(|x| collect(x, depth + 1, ids));
                return;
            }
            _ => return,
        };
        for (key, value) in dict.iter() {
            match value {
                Object::Reference(id) if FONT_STREAM_KEYS.contains(&key.as_slice()) => {
                    // Emptied only when every reference to it is a /FontFile2.
                    let only_truetype = key.as_slice() == b"FontFile2";
                    *ids.entry(*id).or_insert(only_truetype) &= only_truetype;
                }
                Object::Dictionary(_) | Object::Array(_) if depth < 4 => {
                    collect(value, depth + 1, ids)
                }
                _ => {}
            }
        }
    }
    let mut ids = BTreeMap::new();
    for o in doc.objects.values() {
        collect(o, 0, &mut ids);
    }
    let mut done = 0;
    for (id, truetype) in ids {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            if truetype {
                s.set_plain_content(Vec::new());
                done += 1;
            } else if s.is_compressed() && s.decompress().is_ok() {
                done += 1;
            }
        }
    }
    done
}

/// Extracts one page with pdf-extract, building its fonts afresh.
fn page_text(doc: &Document, page_num: u32) -> Result<PageText, PageError> {
    page_result(guard::catch(|| {
        let mut out = PageText::new();
        pdf_extract::output_doc_page(doc, &mut out, page_num).map(|_| out)
    }))
}

/// Extracts one page with fonts kept from the pages before it (our patched pdf-extract,
/// `vendor/pdf-extract/PATCHES.md`): each font and its /ToUnicode is parsed once per document.
fn page_text_cached(
    extractor: &mut pdf_extract::PageExtractor,
    page_num: u32,
) -> Result<PageText, PageError> {
    page_result(guard::catch(|| {
        let mut out = PageText::new();
        extractor.output_page(&mut out, page_num).map(|_| out)
    }))
}

fn page_result(
    r: Result<Result<PageText, pdf_extract::OutputError>, String>,
) -> Result<PageText, PageError> {
    match r {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(PageError {
            message: e.to_string(),
            damaged: true,
        }),
        Err(panic) => Err(PageError {
            message: panic,
            damaged: false,
        }),
    }
}

/// Why a page could not be read: `damaged` when lopdf reported a broken structure (a
/// missing object...), else pdf-extract gave up (a panic on something it does not support).
struct PageError {
    message: String,
    damaged: bool,
}

/// Whether an operation is a text operator with the operands pdf-extract assumes (it
/// asserts counts and unwraps types), given the page's font names. A page that pdf-extract
/// cannot process is retried with only these (colour spaces, shadings, images and paths are
/// where it panics most; damaged operators are the rest).
fn valid_text_op(
    op: &lopdf::content::Operation,
    fonts: &BTreeSet<Vec<u8>>,
    have_font: &mut bool,
) -> bool {
    let args = &op.operands;
    let nums = |n: usize| {
        args.len() == n
            && args
                .iter()
                .all(|a| matches!(a, Object::Integer(_) | Object::Real(_)))
    };
    let is_str = |o: Option<&Object>| matches!(o, Some(Object::String(..)));
    match op.operator.as_str() {
        "BT" | "ET" | "T*" | "q" | "Q" => true,
        "Td" | "TD" => nums(2),
        "Tm" | "cm" => nums(6),
        "Tc" | "Tw" | "Tz" | "TL" | "Ts" | "Tr" => nums(1),
        "Tf" => {
            let ok = args.len() == 2
                && args[0].as_name().is_ok_and(|n| fonts.contains(n))
                && matches!(args[1], Object::Integer(_) | Object::Real(_));
            *have_font |= ok;
            ok
        }
        // Showing text before any font is set makes pdf-extract panic.
        "Tj" | "'" => *have_font && args.len() == 1 && is_str(args.first()),
        "\"" => {
            *have_font
                && args.len() == 3
                && args[..2]
                    .iter()
                    .all(|a| matches!(a, Object::Integer(_) | Object::Real(_)))
                && is_str(args.get(2))
        }
        "TJ" => {
            *have_font
                && matches!(args.as_slice(), [Object::Array(a)]
                    if a.iter().all(|x| matches!(x, Object::String(..) | Object::Integer(_) | Object::Real(_))))
        }
        _ => false,
    }
}

/// Names of the fonts in a page's resources.
fn font_names(doc: &Document, page_id: ObjectId) -> BTreeSet<Vec<u8>> {
    doc.get_page_fonts(page_id)
        .map(|f| f.into_keys().collect())
        .unwrap_or_default()
}

/// Names of the form XObjects in a page's resources.
fn form_names(doc: &Document, page_id: ObjectId) -> BTreeSet<Vec<u8>> {
    let mut names = BTreeSet::new();
    let Ok((inline, ids)) = doc.get_page_resources(page_id) else {
        return names;
    };
    let dicts = inline
        .into_iter()
        .chain(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    for res in dicts {
        let Some(xobjects) = xobjects_of(doc, res) else {
            continue;
        };
        for (name, x) in xobjects.iter() {
            if let Some(Object::Stream(st)) = deref(doc, x) {
                if st.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                    names.insert(name.clone());
                }
            }
        }
    }
    names
}

/// Replaces a page's content (in memory) by its text operators, keeping form XObjects
/// when `keep_forms`. Returns false when the content cannot be parsed.
fn reduce_to_text(doc: &mut Document, page_id: ObjectId, keep_forms: bool) -> bool {
    let Ok(data) = doc.get_page_content(page_id) else {
        return false;
    };
    let Ok(content) = Content::decode(&data) else {
        return false;
    };
    let forms = if keep_forms {
        form_names(doc, page_id)
    } else {
        BTreeSet::new()
    };
    let fonts = font_names(doc, page_id);
    let mut have_font = false;
    let shows =
        |op: &lopdf::content::Operation| matches!(op.operator.as_str(), "Tj" | "TJ" | "'" | "\"");
    let shown_before = content.operations.iter().filter(|op| shows(op)).count();
    let operations: Vec<_> = content
        .operations
        .into_iter()
        .filter(|op| {
            valid_text_op(op, &fonts, &mut have_font)
                || (op.operator == "Do"
                    && op.operands.len() == 1
                    && op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .is_some_and(|n| forms.contains(n)))
        })
        .collect();
    let shown_after = operations.iter().filter(|op| shows(op)).count();
    if (shown_before - shown_after) * 10 > shown_before {
        // Too much of the text itself is damaged: reading the rest would lose it silently.
        return false;
    }
    let Ok(bytes) = (Content { operations }).encode() else {
        return false;
    };
    let id = doc.add_object(Stream::new(Dictionary::new(), bytes));
    match doc.get_dictionary_mut(page_id) {
        Ok(page) => {
            page.set("Contents", Object::Reference(id));
            true
        }
        Err(_) => false,
    }
}

/// Reads a page, retrying with its content reduced to text when pdf-extract fails on it.
fn page_text_with_fallback(
    doc: &mut Document,
    num: u32,
    page_id: ObjectId,
) -> Result<PageText, PageError> {
    let first = match page_text(doc, num) {
        Ok(s) => return Ok(s),
        Err(e) => e,
    };
    for keep_forms in [true, false] {
        let reduced = guard::catch(|| reduce_to_text(doc, page_id, keep_forms)).unwrap_or(false);
        if !reduced {
            break;
        }
        if let Ok(s) = page_text(doc, num) {
            return Ok(s);
        }
    }
    Err(first)
}

/// Whether a page has content stream bytes that give no operation (a filter that fails
/// on damaged or still-encrypted data yields nothing).
fn content_undecodable(doc: &Document, page_id: ObjectId) -> bool {
    let raw: usize = doc
        .get_page_contents(page_id)
        .iter()
        .filter_map(|id| doc.get_object(*id).ok())
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len())
        .sum();
    let ops = doc
        .get_page_content(page_id)
        .ok()
        .and_then(|c| Content::decode(&c).ok())
        .map_or(0, |c| c.operations.len());
    raw > 16 && ops == 0
}

/// Removes control characters other than newline and tab (some fonts map glyphs to them).
fn clean(s: String) -> String {
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        s.chars()
            .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
            .collect()
    } else {
        s
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// The /XObject dictionary of a resource dictionary, if any.
fn xobjects_of<'a>(doc: &'a Document, res: &'a lopdf::Dictionary) -> Option<&'a lopdf::Dictionary> {
    res.get(b"XObject")
        .ok()
        .and_then(|x| deref(doc, x))
        .and_then(|x| x.as_dict().ok())
}

/// Whether a resource dictionary draws an image (directly or through a form XObject).
fn resources_have_image(doc: &Document, res: &lopdf::Dictionary, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    let Some(xobjects) = xobjects_of(doc, res) else {
        return false;
    };
    xobjects.iter().any(|(_, x)| {
        let Some(Object::Stream(s)) = deref(doc, x) else {
            return false;
        };
        match s.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => true,
            Ok(b"Form") => s
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| deref(doc, r))
                .and_then(|r| r.as_dict().ok())
                .is_some_and(|r| resources_have_image(doc, r, depth + 1)),
            _ => false,
        }
    })
}

fn page_has_image(doc: &Document, page_id: ObjectId) -> bool {
    if let Ok((inline, ids)) = doc.get_page_resources(page_id) {
        if inline.is_some_and(|r| resources_have_image(doc, r, 0)) {
            return true;
        }
        if ids
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok())
            .any(|r| resources_have_image(doc, r, 0))
        {
            return true;
        }
    }
    // Inline images: the BI operator.
    doc.get_page_content(page_id).is_ok_and(|c| {
        c.windows(4)
            .any(|w| w[0].is_ascii_whitespace() && &w[1..3] == b"BI" && w[3].is_ascii_whitespace())
    })
}

pub(crate) fn extract(bytes: &[u8], deadline: Instant) -> Result<RawDocument, InputError> {
    let mut doc = load_document(bytes)?;
    if Instant::now() > deadline {
        return Err(timeout());
    }
    // Each repair is optional: a bug or a surprise in one must not cost the whole file.
    guard::catch(|| sanitize::prepare(&mut doc)).ok();
    guard::catch(|| fonts::patch_predefined_cmaps(&mut doc)).ok();
    guard::catch(|| truetype::add_to_unicode(&mut doc)).ok();
    guard::catch(|| prepare_font_streams(&mut doc)).ok();
    let pages = doc.get_pages();
    // First every page with fonts shared across pages; then the pages that failed, each
    // on its own and, if need be, with its content reduced to text (which changes `doc`).
    let mut results: Vec<Option<PageText>> = Vec::with_capacity(pages.len());
    if let Ok(Ok(mut extractor)) = guard::catch(|| pdf_extract::PageExtractor::new(&doc)) {
        for &num in pages.keys() {
            if Instant::now() > deadline {
                return Err(timeout());
            }
            results.push(page_text_cached(&mut extractor, num).ok());
        }
    }
    results.resize_with(pages.len(), || None);
    // A /ToUnicode that pdf-extract cannot use makes it panic on every page of that font;
    // checking them all up front costs a sixth of the time of a good file, so they are
    // checked (and rewritten) only when a page has failed, before that page is retried.
    if results.iter().any(Option::is_none) {
        guard::catch(|| tounicode::repair(&mut doc)).ok();
    }
    let mut texts = Vec::with_capacity(pages.len());
    let mut failed: Vec<(u32, PageError)> = Vec::new();
    // Pages where many glyphs have no Unicode (no /ToUnicode, unknown encoding).
    let mut lossy: Vec<(u32, usize)> = Vec::new();
    for ((&num, &page_id), first) in pages.iter().zip(results) {
        if Instant::now() > deadline {
            return Err(timeout());
        }
        let page = match first {
            Some(page) => Ok(page),
            None => page_text_with_fallback(&mut doc, num, page_id),
        };
        match page {
            Ok(page) => {
                if page.undecodable >= LOSSY_MIN_GLYPHS && page.undecodable * 10 > page.glyphs {
                    lossy.push((num, page.undecodable));
                }
                texts.push(clean(page.out));
            }
            Err(e) => failed.push((num, e)),
        }
    }
    if !failed.is_empty() {
        let nums: Vec<u32> = failed.iter().map(|f| f.0).collect();
        let first = &failed[0].1.message;
        let kind = if failed.iter().all(|f| f.1.damaged) {
            ErrorKind::Corrupt
        } else {
            ErrorKind::Unsupported
        };
        return Err(InputError::new(
            kind,
            format!(
                "PDF 共 {} 页，第 {} 页无法提取文字（{first}）",
                pages.len(),
                join_pages(&nums)
            ),
            format!(
                "the PDF has {} pages; text of page(s) {} cannot be extracted ({first})",
                pages.len(),
                join_pages_en(&nums)
            ),
        ));
    }
    if !lossy.is_empty() {
        let nums: Vec<u32> = lossy.iter().map(|f| f.0).collect();
        let count: usize = lossy.iter().map(|f| f.1).sum();
        return Err(InputError::new(
            ErrorKind::Unsupported,
            format!(
                "PDF 第 {} 页的字体没有 Unicode 映射（缺少 ToUnicode），共 {count} 个字符无法识别；需要 OCR 或原始文件",
                join_pages(&nums)
            ),
            format!(
                "the fonts of page(s) {} have no Unicode mapping (no ToUnicode): {count} characters cannot be read; OCR or the source file is needed",
                join_pages_en(&nums)
            ),
        ));
    }
    let mut image_pages = Vec::new();
    let mut damaged_pages = Vec::new();
    for ((&num, &id), text) in pages.iter().zip(&texts) {
        if text.trim().is_empty() {
            if page_has_image(&doc, id) {
                image_pages.push(num);
            } else if content_undecodable(&doc, id) {
                damaged_pages.push(num);
            }
        } else if nearly_empty(text) && page_has_image(&doc, id) {
            // A scan with a stamped page number or a few characters of text layer.
            image_pages.push(num);
        }
    }
    if !damaged_pages.is_empty() {
        // Content that cannot be decoded would read as a blank page: no silent loss.
        return Err(corrupt(
            &format!("第 {} 页的内容流无法解码（文件损坏或无法解密）", join_pages(&damaged_pages)),
            &format!(
                "the content streams of page(s) {} cannot be decoded (damaged, or decryption failed)",
                join_pages_en(&damaged_pages)
            ),
        ));
    }
    Ok(RawDocument {
        pages: texts,
        image_pages,
        ..RawDocument::default()
    })
}

/// Fewer printed characters than this on a page with an image: the page is a scan (a page
/// number or a stamp over a scanned page). Kept small: pages often share resources that
/// list images they do not draw, and a short page of text must stay text.
const NEARLY_EMPTY_CHARS: usize = 6;

pub(crate) fn nearly_empty(text: &str) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).count() < NEARLY_EMPTY_CHARS
}

/// The `no_text_layer` error when no page of `raw` has text left to read (every page is an
/// image or blank); `hint` says why OCR did not read them (may be empty).
pub(crate) fn no_text_layer(raw: &RawDocument, hint: (&str, &str)) -> Option<InputError> {
    let unread = |(i, t): (usize, &String)| {
        let n = i as u32 + 1;
        t.trim().is_empty() || raw.image_pages.contains(&n) && !raw.ocr_pages.contains(&n)
    };
    if raw.pages.is_empty() || !raw.pages.iter().enumerate().all(unread) {
        return None;
    }
    let n = raw.pages.len();
    Some(if raw.image_pages.is_empty() {
        InputError::new(
            ErrorKind::NoTextLayer,
            format!("PDF 共 {n} 页，没有任何可提取的文字（可能是转曲或扫描件），需要 OCR{}", hint.0),
            format!("none of the {n} pages has extractable text (outlined or scanned?); OCR is needed{}", hint.1),
        )
    } else {
        InputError::new(
            ErrorKind::NoTextLayer,
            format!(
                "PDF 没有文字层：第 {} 页是图像（扫描件），需要 OCR 才能读取{}",
                join_pages(&raw.image_pages),
                hint.0
            ),
            format!(
                "the PDF has no text layer: page(s) {} are images (scanned); OCR is needed{}",
                join_pages_en(&raw.image_pages),
                hint.1
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ranges() {
        assert_eq!(join_pages(&[1, 2]), "1、2");
        assert_eq!(join_pages(&[1, 2, 3, 4, 7, 9, 10]), "1–4、7、9、10");
        assert_eq!(join_pages_en(&[3, 4, 5]), "3–5");
    }

    fn seg(x0: f64, x1: f64, newline: bool, text: &str) -> Seg {
        Seg {
            size: 10.0,
            x0,
            x1,
            dir: (8, 0),
            newline,
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_label_drawn_after_its_cells_leads_its_line() {
        // The stream draws the row's cells, then goes back along the same baseline for its label.
        let page = vec![
            seg(50.0, 140.0, true, "类别 金额 其中"),
            seg(300.0, 480.0, true, "9,120 6,000 3,120"),
            seg(40.0, 60.0, false, "合计"),
        ];
        assert_eq!(layout(page), "类别 金额 其中\n合计 9,120 6,000 3,120\n");
        // Runs that touch (one word drawn in two pieces) are joined without a space.
        let page = vec![
            seg(40.0, 60.0, true, "一般"),
            seg(60.0, 80.0, false, "公共"),
        ];
        assert_eq!(layout(page), "一般公共\n");
    }
}
