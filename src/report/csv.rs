//! `--format csv`: one row per file, or with `--findings` one row per finding.
//! Starts with a UTF-8 byte-order mark so that Excel and WPS open the Chinese text correctly.

use super::{FileReport, RenderOptions};
use crate::checks::Severity;

pub const FILE_HEADER: [&str; 8] = [
    "path",
    "status",
    "pages",
    "errors",
    "warnings",
    "infos",
    "time_ms",
    "error_kind",
];
pub const FINDING_HEADER: [&str; 11] = [
    "path",
    "rule",
    "severity",
    "page",
    "line",
    "value",
    "expected",
    "message",
    "arithmetic",
    "excerpt",
    "fingerprint",
];

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let result = if opts.findings {
        findings(&mut w, reports, opts)
    } else {
        files(&mut w, reports)
    };
    result.expect("writing CSV to memory cannot fail");
    let bytes = w.into_inner().expect("flushing CSV to memory cannot fail");
    let mut s = String::from("\u{feff}");
    s.push_str(&String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"));
    s
}

type W = ::csv::Writer<Vec<u8>>;

fn files(w: &mut W, reports: &[FileReport]) -> ::csv::Result<()> {
    w.write_record(FILE_HEADER)?;
    for r in reports {
        let pages = r.pages.map(|p| p.to_string()).unwrap_or_default();
        let count = |s| {
            if r.is_failed() {
                String::new()
            } else {
                r.count(s).to_string()
            }
        };
        let kind = r.error.as_ref().map(|e| e.kind.as_str()).unwrap_or("");
        w.write_record([
            r.path.as_str(),
            r.status,
            &pages,
            &count(Severity::Error),
            &count(Severity::Warning),
            &count(Severity::Info),
            &r.time_ms.to_string(),
            kind,
        ])?;
    }
    Ok(())
}

fn findings(w: &mut W, reports: &[FileReport], opts: &RenderOptions) -> ::csv::Result<()> {
    w.write_record(FINDING_HEADER)?;
    let lang = opts.lang;
    for r in reports {
        // An unreadable file is a row too, with its reason, so that it is not lost.
        if let Some(e) = &r.error {
            let msg = format!(
                "{} [{}]: {}",
                lang.pick("读取失败", "cannot read"),
                e.kind.as_str(),
                lang.error_message(e)
            );
            w.write_record([
                r.path.as_str(),
                "",
                "error",
                "",
                "",
                "",
                "",
                &msg,
                "",
                "",
                "",
            ])?;
        }
        for f in &r.findings {
            let (page, line) = f.anchor();
            let values: Vec<&str> = f.evidence.iter().map(|e| e.value.as_str()).collect();
            let excerpt = f
                .evidence
                .first()
                .map(|e| super::collapse_ws(&e.excerpt))
                .unwrap_or_default();
            w.write_record([
                r.path.as_str(),
                f.rule,
                f.severity.as_str(),
                &page.to_string(),
                &line.to_string(),
                &values.join("; "),
                f.expected.as_deref().unwrap_or(""),
                lang.message(f),
                &lang.words(&f.arithmetic),
                &excerpt,
                &super::fingerprint(f),
            ])?;
        }
    }
    Ok(())
}
