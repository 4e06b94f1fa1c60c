//! `figures::parse_line` on arbitrary text; every figure's byte range must lie on the line.
#![no_main]

use std::sync::LazyLock;

use gouji::figures::parse_line;
use gouji::interval::Rounding;
use gouji::Rules;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

fuzz_target!(|s: &str| {
    for f in parse_line(s, &RULES) {
        assert!(f.start <= f.end && f.end <= s.len());
        assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
        let _ = f.operand();
        let _ = f.interval(Rounding::Round);
        let _ = f.interval(Rounding::Truncate);
    }
});
