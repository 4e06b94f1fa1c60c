//! Arbitrary bytes as a PDF: a named error or a document, never a panic or a hang.
#![no_main]

use std::time::Duration;

use gouji::extract::{load_bytes, OcrMode, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        timeout: Duration::from_secs(2),
        // No subprocesses while fuzzing: a scan is `no_text_layer`.
        ocr: OcrMode::Never,
        ..Options::default()
    };
    let _ = load_bytes("x.pdf", data, &opts);
});
