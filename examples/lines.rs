//! Prints the logical lines of a document (debugging aid for normalisation).
fn main() {
    let p = std::env::args().nth(1).expect("usage: lines FILE");
    let raw = gouji::extract::load(std::path::Path::new(&p), &Default::default())
        .expect("readable input");
    let rules = gouji::Rules::builtin();
    let a = gouji::Analysis::new(&raw, &rules);
    for (i, l) in a.text.lines.iter().enumerate() {
        let loc = l.first_loc();
        println!("{i:4} p{}:{} | {}", loc.page, loc.line, l.text);
    }
    for t in &a.tables {
        println!(
            "TABLE unit={:?} cols={:?} side={:?} total_first={}",
            t.unit, t.columns, t.side, t.total_first
        );
        for r in &t.rows {
            let cells: Vec<&str> = r.cells.iter().map(|c| c.printed.as_str()).collect();
            println!(
                "   [{}] code={:?} mixed={} {:?}",
                r.key, r.code, r.mixed, cells
            );
        }
    }
    for (i, n) in a.scores.nodes.iter().enumerate() {
        let p = |f: &Option<gouji::figures::Figure>| {
            f.as_ref().map(|f| f.printed.clone()).unwrap_or_default()
        };
        println!(
            "NODE {i} <- {:?} [{}] w={} s={} r={} tw={} ts={}",
            n.parent,
            n.key,
            p(&n.weight),
            p(&n.score),
            p(&n.rate),
            p(&n.total_weight),
            p(&n.total_score)
        );
    }
    for f in &a.facts.items {
        println!(
            "FACT {} | {} | {} | {:?}",
            f.entity, f.metric, f.fig.printed, f.source
        );
    }
    for f in &a.formulas {
        let ops: Vec<&str> = f.operands.iter().map(|p| p.printed.as_str()).collect();
        println!(
            "FORMULA line {} [{}] {} = {} {:?}",
            f.line, f.label, f.text, f.result.printed, ops
        );
    }
    let o = gouji::checks::run_all(&a);
    if std::env::var_os("LINES_FIGURES").is_some() {
        for (li, figs) in a.figures.iter().enumerate() {
            for f in figs {
                let v = o.verified.contains(&(li, f.start));
                println!(
                    "FIG {li}:{} {:?} unit={:?} approx={:?} label={:?} verified={v}",
                    f.start, f.printed, f.unit, f.approx, f.label
                );
            }
        }
    }
    println!(
        "VERIFIED {} figures; {} findings",
        o.verified.len(),
        o.findings.len()
    );
}
