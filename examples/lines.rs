//! Prints the logical lines of a document (debugging aid for normalisation).
fn main() {
    let p = std::env::args().nth(1).expect("usage: lines FILE");
    let raw = gouji::extract::load(std::path::Path::new(&p), &Default::default()).expect("readable input");
    let rules = gouji::Rules::builtin();
    let a = gouji::Analysis::new(&raw, &rules);
    for (i, l) in a.text.lines.iter().enumerate() {
        let loc = l.first_loc();
        println!("{i:4} p{}:{} | {}", loc.page, loc.line, l.text);
    }
    for t in &a.tables {
        println!("TABLE unit={:?} cols={:?}", t.unit, t.columns);
        for r in &t.rows {
            println!("   [{}] {:?}", r.key, r.cells.iter().map(|c| c.printed.as_str()).collect::<Vec<_>>());
        }
    }
}
