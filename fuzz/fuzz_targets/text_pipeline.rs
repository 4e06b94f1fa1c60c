//! Arbitrary bytes, read as lossy UTF-8, through the whole text pipeline and every check.
#![no_main]

use std::sync::LazyLock;

use gouji::{RawDocument, Rules};
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gouji::check(&RawDocument::from_text(&text), &RULES);
});
