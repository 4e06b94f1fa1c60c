//! HTML (a report published as a web page): the text of the page, one line per block
//! (`p`, `div`, `h1`–`h6`, `li`, `br`, …), a table row as its non-empty cells joined by
//! spaces and a cell's blocks joined by spaces too, as for .docx. `head`, `script`,
//! `style` and comments are left out; whitespace collapses as a browser shows it.
//! Tokenised by html5gum (WHATWG tokenizer: entities, broken markup); the bytes are
//! decoded first like plain text (UTF-8, else GB18030).

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{ErrorKind, InputError};
use crate::document::RawDocument;

/// Whether decoded text is an HTML page: it opens with markup that names the document.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return false;
    }
    let head: String = t
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.contains("<html")
        || head.contains("<body")
        || head.contains("<head")
}

/// Elements whose start or end ends a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "form",
    "figure",
    "figcaption",
    "address",
];

/// Elements whose content is not shown.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "noscript", "title"];

#[derive(Default)]
struct Builder {
    lines: Vec<String>,
    line: String,
    /// Cells of the table row being read (a nested table's rows are flattened into it).
    cells: Vec<String>,
    cell: Option<String>,
    rows: usize,
    hidden: usize,
    pre: usize,
}

impl Builder {
    fn text(&mut self, s: &str) {
        if self.hidden > 0 {
            return;
        }
        let keep_newlines = self.pre > 0 && self.cell.is_none();
        let out = match self.cell.as_mut() {
            Some(c) => c,
            None => &mut self.line,
        };
        for ch in s.chars() {
            match ch {
                '\n' if keep_newlines => {
                    self.lines.push(std::mem::take(out).trim().to_owned());
                }
                c if c.is_whitespace() => {
                    if !out.ends_with(' ') && !out.is_empty() {
                        out.push(' ');
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn break_line(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            if !c.is_empty() && !c.ends_with(' ') {
                c.push(' ');
            }
            return;
        }
        let l = std::mem::take(&mut self.line);
        let l = l.trim();
        if !l.is_empty() {
            self.lines.push(l.to_owned());
        }
    }

    fn end_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let c = c.trim();
            if !c.is_empty() {
                self.cells.push(c.to_owned());
            }
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if !self.cells.is_empty() {
            self.break_line();
            self.lines.push(std::mem::take(&mut self.cells).join(" "));
        }
    }

    fn start(&mut self, name: &str) {
        if HIDDEN.contains(&name) {
            self.hidden += 1;
            return;
        }
        match name {
            "tr" => {
                self.end_row();
                self.rows += 1;
            }
            "td" | "th" => {
                self.end_cell();
                self.cell = Some(String::new());
            }
            "pre" => {
                self.pre += 1;
                self.break_line();
            }
            n if BLOCKS.contains(&n) => self.break_line(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if HIDDEN.contains(&name) {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        match name {
            "td" | "th" => self.end_cell(),
            "tr" => self.end_row(),
            "table" => {
                self.end_row();
                self.break_line();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.break_line();
            }
            n if BLOCKS.contains(&n) => self.break_line(),
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.end_row();
        self.break_line();
        self.lines.retain(|l| !l.is_empty());
        self.lines.join("\n")
    }
}

/// The text of an HTML page, one line per block or table row.
pub(crate) fn text(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // RAWTEXT for script and style, so their content is not read as markup.
    emitter.naively_switch_states(true);
    let mut b = Builder::default();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                b.start(&name);
                if t.self_closing {
                    b.end(&name);
                }
            }
            Token::EndTag(t) => b.end(&String::from_utf8_lossy(&t.name).to_ascii_lowercase()),
            Token::String(s) => b.text(&String::from_utf8_lossy(&s.value)),
            _ => {}
        }
    }
    b.finish()
}

pub(crate) fn extract(html: &str) -> Result<RawDocument, InputError> {
    let t = text(html);
    if t.trim().is_empty() {
        return Err(InputError::new(
            ErrorKind::Empty,
            "网页没有正文文字",
            "the HTML page has no text",
        ));
    }
    Ok(RawDocument::from_text(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_rows_and_hidden_parts() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p{x:1}</style></head>\
            <body><h1>一、基本情况</h1><p>年初预算 100.00\n 万元，<b>调整后</b>预算&nbsp;120.00 万元。</p>\
            <table><tr><th>项目</th><th>金额</th></tr><tr><td><p>合计</p></td><td>120.00</td><td></td></tr></table>\
            <script>var a = '<p>不显示</p>';</script><p>完</p><br>末行</body></html>";
        assert_eq!(
            text(html),
            "一、基本情况\n年初预算 100.00 万元，调整后预算 120.00 万元。\n项目 金额\n合计 120.00\n完\n末行"
        );
    }

    #[test]
    fn entities_and_cells_with_blocks() {
        let html = "<html><body><table><tr><td>收入&amp;支出</td><td><div>12.5</div><div>%</div></td></tr></table></body></html>";
        assert_eq!(text(html), "收入&支出 12.5 %");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<HTML><BODY>x</BODY></HTML>"));
        assert!(!looks_like_html("收入 <p> 不是网页"));
        assert!(!looks_like_html("<1> 第一条"));
    }

    #[test]
    fn page_without_text_is_empty() {
        let e = extract("<html><head><title>t</title></head><body> </body></html>").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Empty);
    }
}
