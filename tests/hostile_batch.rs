//! Hostile input in one batch (issue "Hostile and broken input"): every fixture, a zero-byte
//! file, a text file renamed .pdf and a generated 2,000-page PDF finish with a line each, the
//! documented exit code, and no panic message on stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A plain PDF of `n` pages, each printing one short line of ASCII text with a figure.
fn many_pages(n: usize, path: &Path) {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc
        .add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier"});
    let resources_id = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font_id}});
    let mut kids: Vec<Object> = Vec::with_capacity(n);
    for i in 0..n {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 720.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!(
                        "Page {} total 1{:03}.50",
                        i + 1,
                        i % 1000
                    ))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id},
        );
        kids.push(page_id.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => n as i64, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    doc.save(path).unwrap();
}

#[test]
fn hostile_batch_finishes_with_a_line_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let p = f.unwrap().path();
        if p.extension()
            .is_some_and(|x| x == "pdf" || x == "docx" || x == "txt")
        {
            std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(d.join("zero-bytes.pdf"), b"").unwrap();
    std::fs::write(
        d.join("renamed-text.pdf"),
        "本年支出合计 100.00 万元。\n".as_bytes(),
    )
    .unwrap();
    many_pages(2000, &d.join("two-thousand-pages.pdf"));

    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        // `--ocr never`: the scan is `no_text_layer` with or without tesseract (tests/ocr.rs).
        .args([
            "check",
            "--format",
            "csv",
            "--timeout",
            "600",
            "-j",
            "2",
            "--ocr",
            "never",
        ])
        .arg(d)
        .output()
        .expect("gouji runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable files make exit code 2\n{stdout}\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "no panic message on stderr:\n{stderr}"
    );
    let row = |name: &str| {
        stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{stdout}"))
            .to_owned()
    };
    assert!(row("zero-bytes.pdf").contains(",error,") && row("zero-bytes.pdf").ends_with(",empty"));
    assert!(row("renamed-text.pdf").ends_with(",not_pdf"));
    assert!(
        row("two-thousand-pages.pdf").contains(",ok,2000,"),
        "{}",
        row("two-thousand-pages.pdf")
    );
    assert!(row("scanned.pdf").ends_with(",no_text_layer"));
    assert!(row("truncated.pdf").ends_with(",corrupt"));
    assert!(row("libreoffice.pdf").contains(",ok,33,"));
    let files = std::fs::read_dir(d).unwrap().count();
    assert_eq!(
        stdout.lines().count(),
        files + 1,
        "a header and one line per file:\n{stdout}"
    );
}
