//! Extraction agreement with poppler: for each PDF with a `.txt` beside it (pdftotext output),
//! the share of non-space characters the two texts have in common (bag-of-characters F1),
//! and the pages each reads.
//!
//! `cargo run --release --example agreement -- corpus/realpdf/*.pdf`

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

fn bag(s: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_default() += 1;
    }
    m
}

fn main() {
    println!("| file | pages (gouji / poppler) | chars (gouji / poppler) | agreement | time |");
    println!("|---|---|---|---|---|");
    for p in std::env::args().skip(1) {
        let pdf = Path::new(&p);
        let Ok(poppler) = std::fs::read_to_string(pdf.with_extension("txt")) else {
            eprintln!("{p}: no .txt beside it");
            continue;
        };
        let t = Instant::now();
        let raw = match gouji::extract::load(pdf, &Default::default()) {
            Ok(r) => r,
            Err(e) => {
                println!("| {p} | error: {} | | | |", e.kind.as_str());
                continue;
            }
        };
        let dt = t.elapsed();
        let ours = raw.pages.join("\n");
        let (a, b) = (bag(&ours), bag(&poppler));
        let common: usize = a
            .iter()
            .map(|(c, n)| (*n).min(*b.get(c).unwrap_or(&0)))
            .sum();
        let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
        let f1 = 2.0 * common as f64 / (na + nb).max(1) as f64;
        let poppler_pages = poppler
            .split('\u{c}')
            .filter(|s| !s.trim().is_empty())
            .count();
        let name = pdf.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "| {name} | {} / {poppler_pages} | {na} / {nb} | {:.2}% | {:.0} ms |",
            raw.pages.len(),
            f1 * 100.0,
            dt.as_secs_f64() * 1000.0
        );
    }
}
