//! `--format json`: the stable machine shape (`version` 1). Fields may be added in later
//! versions; none is removed or renamed.

use serde::Serialize;

use super::{FileReport, Lang, RenderOptions, Summary};
use crate::checks::{rule_info, Evidence, Finding};
use crate::extract::InputError;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    status: &'a str,
    pages: Option<u32>,
    error: Option<Error<'a>>,
    findings: Vec<Item<'a>>,
    time_ms: u64,
    /// "text" or "ocr" (added in version 1; absent for a file that could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    text_source: Option<&'a str>,
}

#[derive(Serialize)]
struct Error<'a> {
    kind: &'a str,
    message: &'a str,
    message_en: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: &'a str,
    /// The rule's Chinese (or English) name.
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    message_en: &'a str,
    expected: Option<&'a str>,
    arithmetic: &'a str,
    evidence: &'a [Evidence],
    /// Stable identity of the finding (see [`super::fingerprint`]).
    fingerprint: String,
}

fn error(e: &InputError, lang: Lang) -> Error<'_> {
    Error {
        kind: e.kind.as_str(),
        message: lang.error_message(e),
        message_en: &e.message_en,
    }
}

fn item(f: &Finding, lang: Lang) -> Item<'_> {
    let name = rule_info(f.rule)
        .map(|i| lang.pick(i.name_zh, i.name_en))
        .unwrap_or("");
    Item {
        rule: f.rule,
        name,
        severity: f.severity.as_str(),
        message: lang.message(f),
        message_en: &f.message_en,
        expected: f.expected.as_deref(),
        arithmetic: &f.arithmetic,
        evidence: &f.evidence,
        fingerprint: super::fingerprint(f),
    }
}

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let mut summary = Summary::of(reports);
    summary.suppressed = opts.suppressed;
    let out = Out {
        version: 1,
        files: reports
            .iter()
            .map(|r| File {
                path: &r.path,
                status: r.status,
                pages: r.pages,
                error: r.error.as_ref().map(|e| error(e, opts.lang)),
                findings: r.findings.iter().map(|f| item(f, opts.lang)).collect(),
                time_ms: r.time_ms,
                text_source: (!r.is_failed()).then_some(r.text_source),
            })
            .collect(),
        summary,
    };
    let mut s = serde_json::to_string_pretty(&out).expect("report serialises");
    s.push('\n');
    s
}
