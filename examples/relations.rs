//! The relation harness: plants a contradiction into any figure of a relation the training
//! reports state (corpus/train/relations/, written by their generator, not by gouji), and
//! reports, per relation kind, recall beside coverage (the share of those figures a check
//! verified on the consistent twin).
//!
//! cargo run --release --example relations -- [--seed N] [--per-kind K] [--verbose]
//!
//! Without `--per-kind` every (relation, figure) pair is planted. `--verbose` lists every
//! plant and whether it was found.

#[path = "../tests/common/mutate.rs"]
mod mutate;
#[path = "../tests/common/relations.rs"]
mod relations;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut seed = 1u64;
    let mut per_kind = None;
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--seed" => {
                seed = value("--seed")
                    .parse()
                    .unwrap_or_else(|_| usage("--seed: not a number"))
            }
            "--per-kind" => {
                per_kind = Some(
                    value("--per-kind")
                        .parse()
                        .unwrap_or_else(|_| usage("--per-kind: not a number")),
                )
            }
            "--verbose" | "-v" => verbose = true,
            "-h" | "--help" => usage(""),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/train");
    let docs = relations::load(&root.join("relations"), &root);
    let t = Instant::now();
    let report = relations::run(&docs, &gouji::Rules::builtin(), seed, per_kind);
    if verbose {
        for (p, ok, ks) in &report.results {
            println!(
                "{} {}:{}  {} → {}  [{}]",
                if *ok { "found " } else { "MISSED" },
                p.doc,
                p.line,
                p.before,
                p.after,
                ks.join(",")
            );
        }
        println!();
        for (d, f) in &report.unlocated {
            println!("unlocated {d}:{} {}", f.line.unwrap_or(0), f.printed);
        }
        println!();
    }
    print!("{}", report.table());
    eprintln!(
        "{} documents, {} plants in {:.2?}",
        docs.len(),
        report.results.len(),
        t.elapsed()
    );
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("relations: {msg}");
    }
    eprintln!(
        "usage: cargo run --release --example relations -- [--seed N] [--per-kind K] [--verbose]"
    );
    std::process::exit(2)
}
