//! The extract stage on real inputs: every fixture in tests/fixtures is read or refused
//! with a named error, and nothing panics.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use gouji::extract::{self, ErrorKind, Options};
use gouji::RawDocument;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Result<RawDocument, extract::InputError> {
    extract::load(&fixture(name), &Options::default())
}

fn read(name: &str) -> RawDocument {
    load(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn kind(name: &str) -> ErrorKind {
    match load(name) {
        Ok(d) => panic!("{name}: expected an error, read {} pages", d.pages.len()),
        Err(e) => e.kind,
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Saves a test document whose page tree root `pages_id` holds `kids`, with `/Count count`
/// (which may disagree with the kids, on purpose) and a catalog.
fn save_with_pages(
    mut doc: lopdf::Document,
    pages_id: lopdf::ObjectId,
    kids: Vec<lopdf::Object>,
    count: i64,
) -> Vec<u8> {
    use lopdf::{dictionary, Object};
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn all_text(d: &RawDocument) -> String {
    d.pages.join("\n")
}

#[test]
fn libreoffice_pdf() {
    let d = read("gzcac-2021-selfeval.libreoffice.pdf");
    assert_eq!(d.pages.len(), 33);
    assert!(d.image_pages.is_empty());
    assert!(all_text(&d).contains("本年支出合计"));
}

#[test]
fn weasyprint_pdf() {
    let d = read("gzcac-2021-selfeval.weasyprint.pdf");
    assert_eq!(d.pages.len(), 35);
    assert!(all_text(&d).contains("本年支出合计"));
}

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let plain = read("gzcac-2021-selfeval.libreoffice.pdf");
    for name in [
        "gzcac-2021-selfeval.encrypted-aes256.pdf",
        "gzcac-2021-selfeval.encrypted-rc4.pdf",
    ] {
        let d = read(name);
        assert_eq!(d.pages, plain.pages, "{name}");
    }
}

#[test]
fn user_password_is_encrypted() {
    let e = load("gzcac-2021-selfeval.userpw.pdf").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encrypted);
    assert!(e.message.contains("密码"));
}

#[test]
fn scanned_has_no_text_layer() {
    // Without OCR (tests/ocr.rs reads it with OCR).
    let opts = Options {
        ocr: extract::OcrMode::Never,
        ..Options::default()
    };
    let e = extract::load(&fixture("gzcac-2021-selfeval.scanned.pdf"), &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoTextLayer);
    assert!(e.message.contains("OCR"), "{}", e.message);
    assert!(e.message.contains("1、2"), "{}", e.message);
}

#[test]
fn truncated_is_corrupt() {
    assert_eq!(
        kind("gzcac-2021-selfeval.truncated.pdf"),
        ErrorKind::Corrupt
    );
}

#[test]
fn bad_xref_is_rebuilt() {
    let d = read("gzcac-2021-selfeval.badxref.pdf");
    let plain = read("gzcac-2021-selfeval.libreoffice.pdf");
    assert_eq!(d.pages.len(), 33);
    assert_eq!(d.pages, plain.pages);
}

#[test]
fn non_embedded_cid_font_with_ucs2_cmap() {
    let d = read("gzcac-2021-selfeval.reportlab-stsong.pdf");
    assert_eq!(d.pages.len(), 35);
    let text = all_text(&d);
    assert!(squeeze(&text).contains("本年支出合计17,303.71"));
    // Table figures stay apart (glyph widths are right), as in the embedded-font PDF.
    assert!(text.contains("17,303.71 4,191.98"), "figures run together");
    // Same characters as the LibreOffice rendering of the same report, page numbers aside.
    let lo = squeeze(&all_text(&read("gzcac-2021-selfeval.libreoffice.pdf")));
    let chars = |s: &str| {
        let mut v: Vec<char> = s
            .chars()
            .filter(|c| !c.is_ascii_digit() && *c != '—')
            .collect();
        v.sort_unstable();
        v
    };
    assert!(
        chars(&squeeze(&text)) == chars(&lo),
        "characters differ from the LibreOffice PDF"
    );
}

#[test]
fn zero_bytes_is_empty() {
    assert_eq!(
        extract::load_bytes("a.pdf", b"", &Options::default())
            .unwrap_err()
            .kind,
        ErrorKind::Empty
    );
    assert_eq!(
        extract::load_bytes("a.txt", b"", &Options::default())
            .unwrap_err()
            .kind,
        ErrorKind::Empty
    );
}

#[test]
fn text_named_pdf_is_not_pdf() {
    assert_eq!(kind("text-named.pdf"), ErrorKind::NotPdf);
}

#[test]
fn too_large_before_reading() {
    let opts = Options {
        max_bytes: 1000,
        ..Options::default()
    };
    let e = extract::load(&fixture("gzcac-2021-selfeval.libreoffice.pdf"), &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
}

#[test]
fn timeout_is_named() {
    let opts = Options {
        timeout: Duration::from_millis(1),
        ..Options::default()
    };
    let e = extract::load(&fixture("gzcac-2021-selfeval.libreoffice.pdf"), &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
}

#[test]
fn missing_file_is_io() {
    assert_eq!(kind("no-such-file.pdf"), ErrorKind::Io);
}

#[test]
fn gbk_text_decodes() {
    let d = read("gbk.txt");
    assert_eq!(d.pages.len(), 2);
    assert!(d.pages[0].contains("本年支出合计 17,303.71 万元"));
    assert!(d.pages[1].contains("第二页"));
}

#[test]
fn utf8_bom_text() {
    let d = extract::load_bytes(
        "a.txt",
        "\u{feff}预算执行率\n".as_bytes(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(d.pages, vec!["预算执行率\n".to_string()]);
}

/// Deterministic pseudo-random bytes (xorshift64*).
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn random_bytes_do_not_panic() {
    let opts = Options {
        timeout: Duration::from_secs(20),
        ..Options::default()
    };
    for seed in 1..20u64 {
        let junk = noise(seed, 5000 + seed as usize * 37);
        assert!(extract::load_bytes("junk.bin", &junk, &opts).is_err());
        let mut pdfish = b"%PDF-1.7\n".to_vec();
        pdfish.extend_from_slice(&junk);
        assert!(extract::load_bytes("junk.pdf", &pdfish, &opts).is_err());
    }
}

#[test]
fn damaged_pdfs_do_not_panic() {
    let good = std::fs::read(fixture("gzcac-2021-selfeval.reportlab-stsong.pdf")).unwrap();
    let opts = Options {
        timeout: Duration::from_secs(30),
        ..Options::default()
    };
    for seed in 1..9u64 {
        let mut bytes = good.clone();
        let r = noise(seed, 64);
        for k in 0..16 {
            let at =
                u32::from_le_bytes([r[4 * k], r[4 * k + 1], r[4 * k + 2], r[4 * k + 3]]) as usize;
            let at = at % bytes.len();
            bytes[at] = r[(k + 7) % 64];
        }
        // Either read or refused with a named error: never a panic or a hang.
        let _ = extract::load_bytes("damaged.pdf", &bytes, &opts);
        let cut = good.len() * seed as usize / 9;
        let _ = extract::load_bytes("cut.pdf", &good[..cut], &opts);
    }
}

/// A one-page PDF whose only font is a non-embedded Type 0 font with `encoding`,
/// showing `text` as big-endian UCS-2 codes.
fn cid_pdf(encoding: &str, text: &str, inline_descendant: bool) -> Vec<u8> {
    let codes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    cid_pdf_codes(encoding, codes, inline_descendant)
}

/// The same with the shown string given as raw codes.
fn cid_pdf_codes(encoding: &str, codes: Vec<u8>, inline_descendant: bool) -> Vec<u8> {
    use lopdf::content::Operation;
    use lopdf::{Object, StringFormat};
    let operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 700.into()]),
        Operation::new("Tj", vec![Object::String(codes, StringFormat::Hexadecimal)]),
        Operation::new("ET", vec![]),
    ];
    cid_pdf_ops(encoding, operations, inline_descendant)
}

/// A one-page PDF with a non-embedded Type 0 font `/F1` and the given content.
fn cid_pdf_ops(
    encoding: &str,
    operations: Vec<lopdf::content::Operation>,
    inline_descendant: bool,
) -> Vec<u8> {
    use lopdf::content::Content;
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
        "FontDescriptor" => dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "STSong-Light",
            "Flags" => 6,
            "FontBBox" => vec![0.into(), (-200).into(), 1000.into(), 900.into()],
            "ItalicAngle" => 0,
            "Ascent" => 880,
            "Descent" => -120,
            "CapHeight" => 700,
            "StemV" => 80,
        },
        "DW" => 1000,
        "W" => vec![17.into(), 26.into(), 462.into()],
    };
    let descendant: Object = if inline_descendant {
        cid_font.into()
    } else {
        doc.add_object(cid_font).into()
    };
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => encoding,
        "DescendantFonts" => vec![descendant],
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content { operations };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    save_with_pages(doc, pages_id, vec![page_id.into()], 1)
}

#[test]
fn ucs2_cmap_font_with_referenced_and_inline_descendant() {
    for inline in [false, true] {
        let pdf = cid_pdf("UniGB-UCS2-H", "预算执行率99.59%", inline);
        let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
        assert_eq!(
            squeeze(&d.pages[0]),
            "预算执行率99.59%",
            "inline descendant: {inline}"
        );
    }
}

#[test]
fn panic_in_pdf_extract_is_an_error() {
    // pdf-extract panics on a CMap it does not know.
    let pdf = cid_pdf("Foo-Bar-H", "预算", false);
    let e = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.message.contains("第 1 页"), "{}", e.message);
}

#[test]
fn panics_print_nothing_on_stderr() {
    if std::env::var_os("GOUJI_EXTRACT_CHILD").is_some() {
        let pdf = cid_pdf("Foo-Bar-H", "预算", false);
        assert!(extract::load_bytes("x.pdf", &pdf, &Options::default()).is_err());
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "panics_print_nothing_on_stderr",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("GOUJI_EXTRACT_CHILD", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[test]
fn docx_paragraphs_and_table_rows() {
    let d = read("gzcac-2021-selfeval.docx");
    let text = all_text(&d);
    assert!(text
        .lines()
        .any(|l| l.trim() == "本年支出合计 17,303.71 4,191.98 21,495.69 19.81% 21,407.08 99.56%"));
    // Same text as the LibreOffice PDF made from it, once page footers and whitespace are gone.
    let lo = all_text(&read("gzcac-2021-selfeval.libreoffice.pdf"));
    let footer = regex::Regex::new(r"—\s*\d+\s*—").unwrap();
    assert_eq!(squeeze(&text), squeeze(&footer.replace_all(&lo, "")));
}

#[test]
fn zip_that_is_not_docx() {
    assert!(
        extract::load_bytes("a.zip", b"PK\x03\x04 not really a zip", &Options::default()).is_err()
    );
}

#[test]
fn legacy_cmap_fonts() {
    let cases: [(&str, &'static encoding_rs::Encoding); 4] = [
        ("GBK-EUC-H", encoding_rs::GBK),
        ("ETen-B5-H", encoding_rs::BIG5),
        ("90ms-RKSJ-H", encoding_rs::SHIFT_JIS),
        ("KSCms-UHC-H", encoding_rs::EUC_KR),
    ];
    let samples = [
        "预算执行率 99.59%",
        "預算執行率 99.59%",
        "予算 99.59%",
        "예산 99.59%",
    ];
    for ((cmap, enc), text) in cases.iter().zip(samples) {
        let (codes, _, _) = enc.encode(text);
        let pdf = cid_pdf_codes(cmap, codes.into_owned(), false);
        let d = extract::load_bytes("x.pdf", &pdf, &Options::default())
            .unwrap_or_else(|e| panic!("{cmap}: {e}"));
        assert_eq!(squeeze(&d.pages[0]), squeeze(text), "{cmap}");
    }
}

fn ucs2(text: &str) -> lopdf::Object {
    let codes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    lopdf::Object::String(codes, lopdf::StringFormat::Hexadecimal)
}

#[test]
fn page_that_panics_is_retried_as_text_only() {
    use lopdf::content::Operation;
    // An undefined colour space makes pdf-extract panic ("missing colorspace").
    let ops = vec![
        Operation::new("cs", vec!["NoSuchSpace".into()]),
        Operation::new("sc", vec![0.5.into()]),
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 700.into()]),
        Operation::new("Tj", vec![ucs2("决算数 21,407.08")]),
        Operation::new("ET", vec![]),
    ];
    let pdf = cid_pdf_ops("UniGB-UCS2-H", ops, false);
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(squeeze(&d.pages[0]), "决算数21,407.08");
}

#[test]
fn fake_bold_is_read_once() {
    use lopdf::content::Operation;
    let show = |x: f64| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![x.into(), 700.into()]),
            Operation::new("Tj", vec![ucs2("本年支出合计 17,303.71")]),
            Operation::new("ET", vec![]),
        ]
    };
    let mut ops = show(72.0);
    ops.extend(show(72.3));
    let pdf = cid_pdf_ops("UniGB-UCS2-H", ops, false);
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(squeeze(&d.pages[0]), "本年支出合计17,303.71");
}

#[test]
fn text_outside_the_page_is_dropped() {
    use lopdf::content::Operation;
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 700.into()]),
        Operation::new("Tj", vec![ucs2("页内")]),
        Operation::new("Td", vec![0.into(), 400.into()]),
        Operation::new("Tj", vec![ucs2("页外")]),
        Operation::new("ET", vec![]),
    ];
    let pdf = cid_pdf_ops("UniGB-UCS2-H", ops, false);
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(squeeze(&d.pages[0]), "页内");
}

#[test]
fn wrong_xref_offsets_inside_a_valid_table_are_rebuilt() {
    // Point every in-use xref entry after the first few at offset 0000000100: lopdf then
    // skips those objects silently, and pages would read as blank.
    let good = std::fs::read(fixture("gzcac-2021-selfeval.libreoffice.pdf")).unwrap();
    let at = good.windows(6).rposition(|w| w == b"\nxref\n").unwrap();
    let mut bytes = good.clone();
    let mut line_start = at + 6;
    let mut n = 0;
    while let Some(len) = bytes[line_start..].iter().position(|&b| b == b'\n') {
        let line = &bytes[line_start..line_start + len];
        if line.starts_with(b"trailer") {
            break;
        }
        if line.len() >= 18 && line[17] == b'n' {
            n += 1;
            if n > 5 && n % 3 == 0 {
                bytes[line_start..line_start + 10].copy_from_slice(b"0000000100");
            }
        }
        line_start += len + 1;
    }
    assert!(n > 100);
    let d = extract::load_bytes("x.pdf", &bytes, &Options::default()).unwrap();
    assert_eq!(d.pages, read("gzcac-2021-selfeval.libreoffice.pdf").pages);
}

/// Two pages: text on page 1, only an image on page 2.
fn text_and_image_pdf() -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Im1" => image_id },
    });
    let text = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("Total 17,303.71")]),
            Operation::new("ET", vec![]),
        ],
    };
    let image = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    400.into(),
                    0.into(),
                    0.into(),
                    600.into(),
                    100.into(),
                    100.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    };
    let mut kids = Vec::new();
    for content in [text, image] {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    save_with_pages(doc, pages_id, kids, 2)
}

#[test]
fn image_pages_are_listed() {
    let d = extract::load_bytes("x.pdf", &text_and_image_pdf(), &Options::default()).unwrap();
    assert_eq!(d.pages.len(), 2);
    assert!(d.pages[0].contains("Total 17,303.71"));
    assert_eq!(d.image_pages, vec![2]);
}

#[test]
fn rotated_text_reads_by_line() {
    use lopdf::content::Operation;
    // Two lines rotated 90° (baseline going up the page), as on a landscape table drawn
    // on a portrait page.
    let line = |x: i64, text: &str| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new(
                "Tm",
                vec![
                    0.into(),
                    1.into(),
                    (-1).into(),
                    0.into(),
                    x.into(),
                    100.into(),
                ],
            ),
            Operation::new("Tj", vec![ucs2(text)]),
            Operation::new("ET", vec![]),
        ]
    };
    let mut ops = line(100, "本年支出合计 17,303.71");
    ops.extend(line(120, "预算执行率 99.59%"));
    let pdf = cid_pdf_ops("UniGB-UCS2-H", ops, false);
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    let lines: Vec<&str> = d.pages[0]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines, vec!["本年支出合计 17,303.71", "预算执行率 99.59%"]);
}

#[test]
fn glyphs_without_unicode_are_not_lost_silently() {
    // Identity-H without /ToUnicode and no font program: no glyph can be mapped.
    let pdf = cid_pdf(
        "Identity-H",
        "本年支出合计 17,303.71 万元，预算执行率 99.59%",
        false,
    );
    let e = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(
        e.message.contains("ToUnicode") && e.message.contains("第 1 页"),
        "{}",
        e.message
    );
}

/// A one-page PDF showing `text` in an embedded TrueType CID font (tests/fixtures/
/// cmap-only.ttf) with Identity-H and no /ToUnicode. With `cid_offset` the codes are
/// glyph ids + offset and a /CIDToGIDMap stream maps them back.
fn truetype_cid_pdf(text: &str, cid_offset: Option<u16>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream, StringFormat};

    let program = std::fs::read(fixture("cmap-only.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&program, 0).unwrap();
    let gids: Vec<u16> = text
        .chars()
        .map(|c| face.glyph_index(c).map_or(0, |g| g.0))
        .collect();
    let offset = cid_offset.unwrap_or(0);
    let codes: Vec<u8> = gids
        .iter()
        .flat_map(|g| (g + offset).to_be_bytes())
        .collect();

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let file_id = doc.add_object(Stream::new(dictionary! {}, program.clone()));
    let mut cid_font = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+GoujiTest",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => dictionary! {
            "Type" => "FontDescriptor", "FontName" => "ABCDEF+GoujiTest", "Flags" => 4,
            "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
            "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 700,
            "StemV" => 80, "FontFile2" => file_id,
        },
        "DW" => 1000,
    };
    match cid_offset {
        Some(off) => {
            let n = usize::from(face.number_of_glyphs()) + usize::from(off);
            let mut map = vec![0u8; n * 2];
            for g in 0..face.number_of_glyphs() {
                let cid = usize::from(g + off);
                map[cid * 2..cid * 2 + 2].copy_from_slice(&g.to_be_bytes());
            }
            cid_font.set(
                "CIDToGIDMap",
                doc.add_object(Stream::new(dictionary! {}, map)),
            );
        }
        None => cid_font.set("CIDToGIDMap", "Identity"),
    }
    let cid_id = doc.add_object(cid_font);
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+GoujiTest",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_id.into()],
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::String(codes, StringFormat::Hexadecimal)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    save_with_pages(doc, pages_id, vec![page_id.into()], 1)
}

#[test]
fn truetype_cid_font_without_to_unicode_uses_its_cmap() {
    let text = "本年支出合计 17,303.71 万元，预算执行率 99.59%";
    for offset in [None, Some(100)] {
        let pdf = truetype_cid_pdf(text, offset);
        let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
        // '，' is not in the font: like poppler, it cannot be read.
        assert_eq!(
            squeeze(&d.pages[0]),
            squeeze(&text.replace('，', "")),
            "offset {offset:?}"
        );
    }
}

#[test]
fn self_referencing_form_does_not_crash() {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    // A form whose resources name itself: drawing it recurses for ever.
    let form_id = doc.new_object_id();
    let form_content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("Loop")]),
            Operation::new("ET", vec![]),
            Operation::new("Do", vec!["Fm1".into()]),
        ],
    };
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "Fm1" => form_id },
            },
        },
        form_content.encode().unwrap(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let page_content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 750.into()]),
            Operation::new("Tj", vec![Object::string_literal("Total 17,303.71")]),
            Operation::new("ET", vec![]),
            Operation::new("Do", vec!["Fm1".into()]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, page_content.encode().unwrap()));
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Fm1" => form_id },
    });
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    let pdf = save_with_pages(doc, pages_id, vec![page_id.into()], 1);

    let opts = Options {
        timeout: Duration::from_secs(30),
        ..Options::default()
    };
    let d = extract::load_bytes("x.pdf", &pdf, &opts).unwrap();
    assert!(d.pages[0].contains("Total 17,303.71"));
    assert!(d.pages[0].contains("Loop"));
}

#[test]
fn parent_loop_and_missing_media_box_do_not_crash() {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let looping_id = doc.new_object_id();
    // An intermediate node that is its own parent; no MediaBox anywhere.
    doc.objects.insert(
        looping_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Parent" => looping_id }),
    );
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("Total 17,303.71")]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => looping_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    let pdf = save_with_pages(doc, pages_id, vec![page_id.into()], 1);

    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert!(d.pages[0].contains("Total 17,303.71"));
}

/// One page per text, with `count` as the page tree's /Count and `extra_kid` as a /Kids
/// entry naming an object that does not exist.
fn pages_pdf(texts: &[&str], count: i64, extra_kid: bool) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let mut kids = Vec::new();
    for text in texts {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    if extra_kid {
        kids.push(Object::Reference((9999, 0)));
    }
    save_with_pages(doc, pages_id, kids, count)
}

#[test]
fn page_count_slip_versus_lost_page() {
    let opts = Options::default();
    // /Count says 3, the tree holds 2 complete pages: a producer's slip, read both.
    let d = extract::load_bytes("x.pdf", &pages_pdf(&["one", "two"], 3, false), &opts).unwrap();
    assert_eq!(d.pages.len(), 2);
    // A /Kids entry names a page object that is not there: a lost page, refused.
    let e = extract::load_bytes("x.pdf", &pages_pdf(&["one", "two"], 3, true), &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt);
    assert!(e.message.contains("3 页中的 2 页"), "{}", e.message);
}

#[test]
fn load_from_every_thread_of_the_global_rayon_pool() {
    use rayon::prelude::*;
    // Each call blocks a global pool thread while its worker parses; lopdf's own parallel
    // parsing must not need the global pool then, or this would stall until the timeout.
    let opts = Options {
        timeout: Duration::from_secs(120),
        ..Options::default()
    };
    let n = rayon::current_num_threads() * 2;
    let started = std::time::Instant::now();
    let pages: Vec<usize> = (0..n)
        .into_par_iter()
        .map(|_| {
            extract::load(&fixture("gzcac-2021-selfeval.reportlab-stsong.pdf"), &opts)
                .unwrap()
                .pages
                .len()
        })
        .collect();
    assert!(pages.iter().all(|&p| p == 35));
    assert!(started.elapsed() < Duration::from_secs(100));
}

#[test]
fn malformed_to_unicode_is_repaired() {
    use lopdf::{dictionary, Document, Object, Stream};
    let text = "本年支出合计 17,303.71";
    let mut doc = Document::load_mem(&cid_pdf("Identity-H", text, false)).unwrap();
    // Entries for every code, but the count says one more: adobe-cmap-parser indexes past
    // the end and pdf-extract panics.
    let mut codes: Vec<u16> = text.encode_utf16().collect();
    codes.sort_unstable();
    codes.dedup();
    let mut cmap = format!(
        "/CIDInit /ProcSet findresource begin\n{} beginbfchar\n",
        codes.len() + 1
    );
    for c in &codes {
        cmap.push_str(&format!("<{c:04X}> <{c:04X}>\n"));
    }
    cmap.push_str("endbfchar\n");
    let tu = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let font_id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"))
        })
        .map(|(id, _)| *id)
        .unwrap();
    doc.get_dictionary_mut(font_id)
        .unwrap()
        .set("ToUnicode", tu);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(squeeze(&d.pages[0]), squeeze(text));
}

/// Fonts are built once per document (patched pdf-extract) but keyed by their dictionary,
/// not their resource name: `/F1` is one font on page 1 and another on page 2, and a form
/// XObject on page 2 has its own `/F1` again. Each must decode with its own encoding.
#[test]
fn resource_names_reused_across_pages_and_forms_keep_their_own_fonts() {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = |doc: &mut Document, glyph: &str| {
        // Code 65 ("A") draws the named glyph.
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! {
                "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![65.into(), Object::Name(glyph.as_bytes().to_vec())],
            },
        })
    };
    let font_x = font(&mut doc, "X");
    let font_y = font(&mut doc, "Y");
    let show = |y: i64| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), y.into()]),
            Operation::new("Tj", vec![Object::string_literal("AA")]),
            Operation::new("ET", vec![]),
        ]
    };
    let form_ops = Content {
        operations: show(600),
    }
    .encode()
    .unwrap();
    let form_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_x } },
        },
        form_ops,
    ));
    let mut kids = Vec::new();
    for (page_font, with_form) in [(font_x, false), (font_y, true)] {
        let mut ops = show(700);
        if with_form {
            ops.push(Operation::new("Do", vec!["Fm1".into()]));
        }
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => page_font },
                "XObject" => dictionary! { "Fm1" => form_id },
            },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    let pdf = save_with_pages(doc, pages_id, kids, 2);

    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(squeeze(&d.pages[0]), "XX");
    let page2 = squeeze(&d.pages[1]);
    assert!(page2.contains("YY") && page2.contains("XX"), "{page2}");
}

/// A new font object on every page (more than the patched pdf-extract keeps): the font
/// table is emptied when full, and every page still reads with its own font.
#[test]
fn a_new_font_on_every_page_beyond_the_cache() {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let n = 300;
    let mut kids = Vec::new();
    for i in 0..n {
        let glyph = if i % 2 == 0 { "X" } else { "Y" };
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! {
                "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![65.into(), Object::Name(glyph.as_bytes().to_vec())],
            },
        });
        let ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("AA")]),
            Operation::new("ET", vec![]),
        ];
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    let pdf = save_with_pages(doc, pages_id, kids, n);
    let d = extract::load_bytes("x.pdf", &pdf, &Options::default()).unwrap();
    assert_eq!(d.pages.len(), n as usize);
    for (i, p) in d.pages.iter().enumerate() {
        assert_eq!(
            squeeze(p),
            if i % 2 == 0 { "XX" } else { "YY" },
            "page {}",
            i + 1
        );
    }
}
