//! `--format sarif`: SARIF 2.1.0, one run. Every rule of the registry is described in
//! `tool.driver.rules`; each finding is a result whose location is the file, the line on
//! its page (`region.startLine`) and the page (`region.properties.page`), with a
//! `partialFingerprints` entry that does not depend on page or line numbers.

use serde_json::{json, Value};

use super::{fingerprint, FileReport, RenderOptions};
use crate::checks::{registry, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, everything outside the unreserved
/// set percent-encoded (Chinese file names included).
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let rules = registry();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|(info, _)| {
            json!({
                "id": info.code,
                "name": info.name_en,
                "shortDescription": { "text": lang.pick(info.name_zh, info.name_en) },
                "fullDescription": { "text": info.doc },
                "help": { "text": info.doc, "markdown": info.doc },
                "defaultConfiguration": { "level": level(info.severity) },
                "properties": { "name_zh": info.name_zh }
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let uri = path_uri(&r.path);
        if let Some(e) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": lang.error_message(e) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
                "properties": { "kind": e.kind.as_str() }
            }));
            continue;
        }
        for f in &r.findings {
            let mut locations: Vec<Value> = f
                .evidence
                .iter()
                .map(|e| {
                    let mut loc = json!({
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": e.path.as_deref().map_or_else(|| uri.clone(), path_uri)
                            },
                            "region": {
                                "startLine": e.line.max(1),
                                "snippet": { "text": e.excerpt },
                                "properties": { "page": e.page, "value": e.value }
                            }
                        }
                    });
                    // SARIF's endColumn is the column after the region.
                    if e.column > 0 {
                        let region = &mut loc["physicalLocation"]["region"];
                        region["startColumn"] = json!(e.column);
                        region["endColumn"] = json!(e.column_end.max(e.column) + 1);
                    }
                    loc
                })
                .collect();
            if locations.is_empty() {
                locations
                    .push(json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } }));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": lang.message(f) },
                "locations": locations,
                "partialFingerprints": { "gouji/v1": fingerprint(f) },
                "properties": {
                    "expected": f.expected,
                    "arithmetic": f.arithmetic,
                    "message_en": f.message_en
                }
            });
            if let Some(i) = rules.iter().position(|(info, _)| info.code == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gouji",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications
            }],
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(path_uri("corpus/a b.pdf"), "corpus/a%20b.pdf");
        assert_eq!(path_uri("报告.pdf"), "%E6%8A%A5%E5%91%8A.pdf");
        assert_eq!(path_uri(r"dir\x.pdf"), "dir/x.pdf");
    }
}
