//! A text-only view of the parsed document (in memory), so that pdf-extract neither
//! recurses for ever nor chews on image data:
//!
//! * form XObjects that draw themselves (directly or through others) would recurse until
//!   the stack overflows, which aborts the process and cannot be caught: the `Do` that
//!   closes a cycle, or goes deeper than [`MAX_FORM_DEPTH`], is removed;
//! * pdf-extract runs `Do` on images as if they were content streams (slow on large
//!   images, and a panic or garbage text when the bytes happen to parse): those `Do` are
//!   removed too, since images carry no text;
//! * a page whose /Parent chain loops would make pdf-extract's attribute inheritance
//!   recurse for ever: the page gets its inherited attributes directly and loses /Parent;
//!   a page with no /MediaBox at all (pdf-extract panics) gets US Letter, as in poppler.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Deepest chain of nested forms that is followed.
const MAX_FORM_DEPTH: usize = 32;

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// Name → object id of the XObjects in a resource dictionary.
fn xobjects(doc: &Document, resources: Option<&Dictionary>) -> BTreeMap<Vec<u8>, ObjectId> {
    let Some(res) = resources else {
        return BTreeMap::new();
    };
    let Some(dict) = res
        .get(b"XObject")
        .ok()
        .and_then(|x| deref(doc, x))
        .and_then(|x| x.as_dict().ok())
    else {
        return BTreeMap::new();
    };
    dict.iter()
        .filter_map(|(name, o)| Some((name.clone(), o.as_reference().ok()?)))
        .collect()
}

fn subtype(doc: &Document, id: ObjectId) -> Option<&[u8]> {
    match doc.get_object(id).ok()? {
        Object::Stream(s) => s.dict.get(b"Subtype").and_then(Object::as_name).ok(),
        _ => None,
    }
}

fn form_resources(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    match doc.get_object(id).ok()? {
        Object::Stream(s) => s
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| deref(doc, r))
            .and_then(|r| r.as_dict().ok()),
        _ => None,
    }
}

fn form_content(doc: &Document, id: ObjectId) -> Option<Vec<u8>> {
    match doc.get_object(id).ok()? {
        Object::Stream(s) => s.get_plain_content().ok(),
        _ => None,
    }
}

/// Names drawn with `Do` in a content stream.
fn drawn_names(content: &[u8]) -> BTreeSet<Vec<u8>> {
    if !content.windows(2).any(|w| w == b"Do") {
        return BTreeSet::new();
    }
    let Ok(c) = Content::decode(content) else {
        return BTreeSet::new();
    };
    c.operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

/// Where a content stream lives: a page's /Contents or a form XObject.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Page(ObjectId),
    Form(ObjectId),
}

struct Walk<'a> {
    doc: &'a Document,
    /// Names to remove from each content stream.
    cuts: BTreeMap<Owner, BTreeSet<Vec<u8>>>,
    /// Forms on the current path (cycle detection).
    path: Vec<ObjectId>,
    /// Forms already explored completely with the same resources.
    done: BTreeSet<ObjectId>,
}

impl Walk<'_> {
    /// Visits the `Do` targets of one content stream, whose names resolve in `names`.
    fn visit(&mut self, owner: Owner, content: &[u8], names: &BTreeMap<Vec<u8>, ObjectId>) {
        for name in drawn_names(content) {
            let Some(&target) = names.get(&name) else {
                continue;
            };
            match subtype(self.doc, target) {
                Some(b"Image") => {
                    self.cuts.entry(owner).or_default().insert(name);
                }
                Some(b"Form") => {
                    if self.path.contains(&target) || self.path.len() >= MAX_FORM_DEPTH {
                        self.cuts.entry(owner).or_default().insert(name);
                        continue;
                    }
                    let own = form_resources(self.doc, target);
                    if own.is_some() && self.done.contains(&target) {
                        continue;
                    }
                    // A form without /Resources uses its caller's.
                    let inner = if own.is_some() {
                        xobjects(self.doc, own)
                    } else {
                        names.clone()
                    };
                    let Some(data) = form_content(self.doc, target) else {
                        continue;
                    };
                    self.path.push(target);
                    self.visit(Owner::Form(target), &data, &inner);
                    self.path.pop();
                    if own.is_some() {
                        self.done.insert(target);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The page's resource dictionary as pdf-extract finds it (own, else inherited).
fn page_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..64 {
        if let Some(r) = node
            .get(b"Resources")
            .ok()
            .and_then(|r| deref(doc, r))
            .and_then(|r| r.as_dict().ok())
        {
            return Some(r);
        }
        node = deref(doc, node.get(b"Parent").ok()?)?.as_dict().ok()?;
    }
    None
}

fn without_names(content: &[u8], names: &BTreeSet<Vec<u8>>) -> Option<Vec<u8>> {
    let c = Content::decode(content).ok()?;
    let operations: Vec<_> = c
        .operations
        .into_iter()
        .filter(|op| {
            op.operator != "Do"
                || op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .is_none_or(|n| !names.contains(n))
        })
        .collect();
    Content { operations }.encode().ok()
}

/// Attribute name → value.
type Attributes = Vec<(Vec<u8>, Object)>;

/// Attributes a page may inherit from its ancestors.
const INHERITED: &[&[u8]] = &[b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Gives pages whose /Parent chain loops (or is absurdly deep) their inherited attributes
/// directly, and removes their /Parent; a page without any /MediaBox gets US Letter.
fn fix_parent_loops(doc: &mut Document) {
    let mut fixes: Vec<(ObjectId, Attributes, bool)> = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let mut seen = BTreeSet::from([page_id]);
        let mut found: Attributes = Vec::new();
        let mut node = match doc.get_dictionary(page_id) {
            Ok(d) => d,
            Err(_) => continue,
        };
        let mut looped = false;
        loop {
            for key in INHERITED {
                if !found.iter().any(|(k, _)| k == key) {
                    if let Ok(v) = node.get(key) {
                        found.push((key.to_vec(), v.clone()));
                    }
                }
            }
            let Some(parent) = node.get(b"Parent").ok().and_then(|p| p.as_reference().ok()) else {
                break;
            };
            if !seen.insert(parent) || seen.len() > 64 {
                looped = true;
                break;
            }
            match doc.get_dictionary(parent) {
                Ok(d) => node = d,
                Err(_) => break,
            }
        }
        let has_media_box = found.iter().any(|(k, _)| k == b"MediaBox");
        if !has_media_box {
            // pdf-extract requires one; poppler assumes US Letter.
            let letter = [0, 0, 612, 792].map(Object::Integer).to_vec();
            found.push((b"MediaBox".to_vec(), Object::Array(letter)));
        }
        if looped || !has_media_box {
            fixes.push((page_id, found, looped));
        }
    }
    for (page_id, found, looped) in fixes {
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            for (k, v) in found {
                page.set(k, v);
            }
            if looped {
                page.remove(b"Parent");
            }
        }
    }
}

/// Prepares the document for text extraction (see the module comment). Returns how many
/// content streams were rewritten.
pub(crate) fn prepare(doc: &mut Document) -> usize {
    fix_parent_loops(doc);
    let mut walk = Walk {
        doc,
        cuts: BTreeMap::new(),
        path: Vec::new(),
        done: BTreeSet::new(),
    };
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for &page_id in &pages {
        let Ok(content) = doc.get_page_content(page_id) else {
            continue;
        };
        let names = xobjects(doc, page_resources(doc, page_id));
        if names.is_empty() {
            continue;
        }
        walk.visit(Owner::Page(page_id), &content, &names);
    }
    let cuts = walk.cuts;
    let mut rewritten = 0;
    for (owner, names) in cuts {
        match owner {
            Owner::Page(page_id) => {
                let Some(new) = doc
                    .get_page_content(page_id)
                    .ok()
                    .and_then(|c| without_names(&c, &names))
                else {
                    continue;
                };
                let id = doc.add_object(Stream::new(Dictionary::new(), new));
                if let Ok(page) = doc.get_dictionary_mut(page_id) {
                    page.set("Contents", Object::Reference(id));
                    rewritten += 1;
                }
            }
            Owner::Form(form_id) => {
                let Some(new) = form_content(doc, form_id).and_then(|c| without_names(&c, &names))
                else {
                    continue;
                };
                if let Ok(Object::Stream(s)) = doc.get_object_mut(form_id) {
                    s.set_plain_content(new);
                    rewritten += 1;
                }
            }
        }
    }
    rewritten
}
