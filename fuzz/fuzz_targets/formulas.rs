//! `formulas::parse_expr`, then eval and render, on arbitrary strings; rendering a parsed
//! expression must parse again.
#![no_main]

use gouji::formulas::parse_expr;
use gouji::interval::Interval;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|s: &str| {
    let Some(e) = parse_expr(s) else { return };
    let one = |_: &str| Some(Interval::point(Decimal::ONE));
    let _ = e.eval(&|_| None);
    let _ = e.eval(&one);
    let _ = e.clone().with_abs().eval(&one);
    let r = e.render(&|_| None);
    let _ = e.vars();
    let _ = e.numbers();
    let _ = e.times_bare_hundred();
    let _ = gouji::formulas::on_printed_scale(Interval::point(Decimal::MAX), true);
    let _ = parse_expr(&r);
});
