//! The mutation harness: how many planted contradictions gouji finds, and how many
//! alarms it raises on consistent documents.
//!
//! cargo run --release --example selfeval -- [--seed N] [--per-kind K] [--dir DIR] [--verbose]
//!
//! DIR defaults to corpus/consistent. `--verbose` lists every mutation and whether it was found.

#[path = "../tests/common/mutate.rs"]
mod mutate;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut seed = 1u64;
    let mut per_kind = 10usize;
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/consistent");
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
                per_kind = value("--per-kind")
                    .parse()
                    .unwrap_or_else(|_| usage("--per-kind: not a number"))
            }
            "--dir" => dir = PathBuf::from(value("--dir")),
            "--verbose" | "-v" => verbose = true,
            "-h" | "--help" => usage(""),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let rules = gouji::Rules::builtin();
    let docs = mutate::load_dir(&dir);
    if docs.is_empty() {
        usage(&format!("no .txt documents in {}", dir.display()));
    }
    let t = Instant::now();
    let report = mutate::run(&docs, &rules, seed, per_kind);
    if verbose {
        for (m, ok) in &report.results {
            println!("{} {}", if *ok { "found " } else { "MISSED" }, m.describe());
        }
        println!();
    }
    print!("{}", report.table());
    eprintln!(
        "{} documents, {} mutations in {:.2?}",
        docs.len(),
        report.results.len(),
        t.elapsed()
    );
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("selfeval: {msg}");
    }
    eprintln!("usage: cargo run --release --example selfeval -- [--seed N] [--per-kind K] [--dir DIR] [--verbose]");
    std::process::exit(2)
}
