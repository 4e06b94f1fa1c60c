//! `--format github`: GitHub Actions workflow commands, one annotation per finding:
//! `::error file=PATH,line=L,title=RULE::message`.

use std::fmt::Write;

use super::{FileReport, Lang, RenderOptions};
use crate::checks::Severity;

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let mut out = String::new();
    for r in reports {
        let file = property(&r.path);
        if let Some(e) = &r.error {
            let msg = format!(
                "{}（{}）：{}",
                lang.pick("无法读取", "cannot read"),
                e.kind.as_str(),
                lang.error_message(e)
            );
            let _ = writeln!(out, "::error file={file},title=gouji::{}", data(&msg));
            continue;
        }
        for f in &r.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (page, line) = f.anchor();
            let mut msg = String::from(lang.message(f));
            let _ = match lang {
                Lang::Zh => write!(msg, "（第 {page} 页第 {line} 行"),
                Lang::En => write!(msg, " (page {page}, line {line}"),
            };
            if let Some(x) = &f.expected {
                let _ = match lang {
                    Lang::Zh => write!(msg, "，应为 {x}"),
                    Lang::En => write!(msg, ", expected {x}"),
                };
            }
            msg.push_str(lang.pick("）", ")"));
            if !f.arithmetic.is_empty() {
                let _ = write!(
                    msg,
                    "\n{}: {}",
                    lang.pick("计算", "arithmetic"),
                    f.arithmetic
                );
            }
            let _ = writeln!(
                out,
                "::{level} file={file},line={line},title={}::{}",
                property(f.rule),
                data(&msg)
            );
        }
    }
    out
}

/// Escapes a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("a:b,c"), "a:b,c");
    }
}
