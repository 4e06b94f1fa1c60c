//! .docx: the text of word/document.xml, one line per paragraph, a table row as its
//! non-empty cells joined by spaces (a cell's paragraphs joined by spaces too). Explicit
//! page breaks (`<w:br w:type="page"/>`) start a new page; headers, footers, footnotes
//! and deleted text are left out.

use std::io::{Cursor, Read};
use std::time::Instant;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::{ErrorKind, InputError};
use crate::document::RawDocument;

/// Largest word/document.xml we inflate (guards against zip bombs).
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

fn corrupt(detail: &str) -> InputError {
    InputError::new(
        ErrorKind::Corrupt,
        format!(".docx 文件已损坏，无法读取：{detail}"),
        format!("the .docx file is damaged and cannot be read: {detail}"),
    )
}

/// The decompressed word/document.xml, or the reason there is none.
fn document_xml(bytes: &[u8]) -> Result<String, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e.to_string()))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        let (zh, en) = if names.iter().any(|n| n.eq_ignore_ascii_case("OFD.xml")) {
            (
                "这是 OFD 版式文件，暂不支持，请导出为 PDF",
                "this is an OFD document, not supported; export it as PDF",
            )
        } else if names.iter().any(|n| n.starts_with("xl/")) {
            (
                "这是 Excel 表格（.xlsx），暂不支持，请导出为 PDF",
                "this is an Excel workbook (.xlsx), not supported; export it as PDF",
            )
        } else if names.iter().any(|n| n.starts_with("ppt/")) {
            (
                "这是演示文稿（.pptx），暂不支持，请导出为 PDF",
                "this is a presentation (.pptx), not supported; export it as PDF",
            )
        } else {
            (
                "这是 zip 压缩文件，不是 .docx 文档",
                "this is a zip archive, not a .docx document",
            )
        };
        return Err(InputError::new(ErrorKind::Unsupported, zh, en));
    }
    let file = zip
        .by_name("word/document.xml")
        .map_err(|e| corrupt(&e.to_string()))?;
    let mut xml = Vec::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| corrupt(&e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(InputError::new(
            ErrorKind::TooLarge,
            "word/document.xml 解压后过大",
            "word/document.xml is too large once decompressed",
        ));
    }
    String::from_utf8(xml).map_err(|_| corrupt("word/document.xml is not UTF-8"))
}

fn is_page_break(e: &BytesStart) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == "type" && a.value.as_ref() == "page")
}

fn entity(r: &BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// One table being read: the cells of the current row and the current cell's text.
#[derive(Default)]
struct TableCtx {
    cells: Vec<String>,
    cell: String,
}

#[derive(Default)]
struct Builder {
    pages: Vec<String>,
    lines: Vec<String>,
    para: String,
    tables: Vec<TableCtx>,
    in_text: bool,
}

fn append_spaced(to: &mut String, s: &str) {
    let s = s.trim();
    if s.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push(' ');
    }
    to.push_str(s);
}

impl Builder {
    fn end_paragraph(&mut self) {
        let para = std::mem::take(&mut self.para);
        match self.tables.last_mut() {
            Some(t) => append_spaced(&mut t.cell, &para),
            None => self.lines.push(para),
        }
    }
    fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let cell = std::mem::take(&mut t.cell);
            if !cell.trim().is_empty() {
                t.cells.push(cell.trim().to_owned());
            }
        }
    }
    fn end_row(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let row = std::mem::take(&mut t.cells).join(" ");
        if self.tables.len() > 1 {
            // A nested table's row belongs to the enclosing cell.
            let n = self.tables.len();
            append_spaced(&mut self.tables[n - 2].cell, &row);
        } else {
            self.lines.push(row);
        }
    }
    fn page_break(&mut self) {
        if !self.para.is_empty() && self.tables.is_empty() {
            // The break splits the paragraph: its first half ends the page.
            let para = std::mem::take(&mut self.para);
            self.lines.push(para);
        }
        if self.tables.is_empty() {
            self.pages.push(std::mem::take(&mut self.lines).join("\n"));
        }
    }
    fn finish(mut self) -> Vec<String> {
        if !self.para.is_empty() {
            self.end_paragraph();
        }
        self.pages.push(std::mem::take(&mut self.lines).join("\n"));
        self.pages
    }
}

/// Text of a document.xml.
pub(crate) fn paragraphs(xml: &str, deadline: Instant) -> Result<Vec<String>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut b = Builder::default();
    let mut events = 0u64;
    loop {
        events += 1;
        if events.is_multiple_of(4096) && Instant::now() > deadline {
            return Err(InputError::new(
                ErrorKind::Timeout,
                "读取超时，已中止",
                "reading timed out and was stopped",
            ));
        }
        let ev = reader
            .read_event()
            .map_err(|e| corrupt(&format!("XML: {e}")))?;
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => b.in_text = true,
                "tbl" => b.tables.push(TableCtx::default()),
                "tc" => {
                    if let Some(t) = b.tables.last_mut() {
                        t.cell.clear();
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => b.para.push('\t'),
                "br" | "cr" => {
                    if is_page_break(&e) {
                        b.page_break();
                    } else if b.tables.is_empty() {
                        b.lines.push(std::mem::take(&mut b.para));
                    } else {
                        b.para.push(' ');
                    }
                }
                "noBreakHyphen" => b.para.push('-'),
                "p" => b.end_paragraph(),
                "tc" => b.end_cell(),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => b.in_text = false,
                "p" => b.end_paragraph(),
                "tc" => b.end_cell(),
                "tr" => b.end_row(),
                "tbl" => {
                    b.tables.pop();
                }
                _ => {}
            },
            Event::Text(t) if b.in_text => b.para.push_str(&t.xml10_content()),
            Event::CData(t) if b.in_text => b.para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if b.in_text => {
                if let Some(c) = entity(&r) {
                    b.para.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(b.finish())
}

pub(crate) fn extract(bytes: &[u8], deadline: Instant) -> Result<RawDocument, InputError> {
    let xml = document_xml(bytes)?;
    let pages = paragraphs(&xml, deadline)?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(InputError::new(
            ErrorKind::Empty,
            ".docx 文档没有文字",
            "the .docx document has no text",
        ));
    }
    Ok(RawDocument {
        pages,
        ..RawDocument::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn run(xml: &str) -> Vec<String> {
        paragraphs(xml, Instant::now() + Duration::from_secs(10)).unwrap()
    }

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_kinds() {
        let deadline = Instant::now() + Duration::from_secs(10);
        let ofd = zip_of(&[("OFD.xml", "<ofd:OFD/>")]);
        let e = extract(&ofd, deadline).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unsupported);
        assert!(e.message.contains("OFD"));
        let xlsx = zip_of(&[("xl/workbook.xml", "<workbook/>")]);
        assert!(extract(&xlsx, deadline)
            .unwrap_err()
            .message
            .contains("Excel"));
        let docx = zip_of(&[(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>决算</w:t></w:r></w:p></w:body></w:document>",
        )]);
        assert_eq!(
            extract(&docx, deadline).unwrap().pages,
            vec!["决算".to_string()]
        );
    }

    #[test]
    fn paragraphs_and_rows() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">收入 </w:t></w:r><w:r><w:t>A&amp;B</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>人员</w:t></w:r></w:p><w:p><w:r><w:t>经费</w:t></w:r></w:p></w:tc>
            <w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>3,609.17</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:br w:type="page"/><w:t>第二页</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let pages = run(xml);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0], "一、基本情况\n收入 A&B\n人员 经费 3,609.17");
        assert_eq!(pages[1], "第二页");
    }
}
