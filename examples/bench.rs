//! How fast gouji is: time per stage, pages per second, batch throughput, peak memory,
//! and poppler's `pdftotext` on the same files for comparison (when installed).
//!
//! cargo run --release --example bench -- [--batch N] [--reps R] [--no-pdftotext] FILES...
//!
//! Stages: extract (`gouji::extract::load_bytes`), the analysis stages of `Analysis::timed`
//! (normalize, figures, tables, formulas, scores, facts), checks (`checks::run_all`) and
//! report (rendering the findings as JSON and as the human report). Each file is run
//! R times (default 5) and the median is shown. The batch repeats the file list up to N
//! files (default 1,000) and runs the whole pipeline on all cores with rayon.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gouji::document::STAGES;
use gouji::extract::{self, Options};
use gouji::report::{self, FileReport, Format, Lang, RenderOptions};
use gouji::{Analysis, RawDocument, Rules};
use rayon::prelude::*;

struct Args {
    files: Vec<PathBuf>,
    batch: usize,
    reps: usize,
    pdftotext: bool,
}

fn args() -> Args {
    let mut a = Args {
        files: Vec::new(),
        batch: 1000,
        reps: 5,
        pdftotext: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(s) = it.next() {
        match s.as_str() {
            "--batch" => {
                a.batch = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--reps" => {
                a.reps = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&r| r > 0)
                    .unwrap_or_else(|| usage())
            }
            "--no-pdftotext" => a.pdftotext = false,
            "-h" | "--help" => usage(),
            _ => a.files.push(PathBuf::from(s)),
        }
    }
    if a.files.is_empty() {
        usage();
    }
    a
}

fn usage() -> ! {
    eprintln!("usage: cargo run --release --example bench -- [--batch N] [--reps R] [--no-pdftotext] FILES...");
    std::process::exit(2)
}

/// Timings of one run of the pipeline on one file.
#[derive(Clone, Copy, Default)]
struct Times {
    extract: Duration,
    /// The stages of `Analysis` (`gouji::document::STAGES`).
    stages: [Duration; STAGES.len()],
    checks: Duration,
    /// Rendering the findings as JSON and as the human report.
    report: Duration,
}

impl Times {
    fn analysis(&self) -> Duration {
        self.stages.iter().sum()
    }

    fn total(&self) -> Duration {
        self.extract + self.analysis() + self.checks + self.report
    }

    /// Every stage in pipeline order, with its name.
    fn named(&self) -> Vec<(&'static str, Duration)> {
        let mut v = vec![("extract", self.extract)];
        v.extend(STAGES.iter().copied().zip(self.stages));
        v.push(("checks", self.checks));
        v.push(("report", self.report));
        v
    }

    fn add(&mut self, o: &Times) {
        self.extract += o.extract;
        for (a, b) in self.stages.iter_mut().zip(o.stages) {
            *a += b;
        }
        self.checks += o.checks;
        self.report += o.report;
    }

    /// The median of each stage over runs.
    fn median(runs: &[Times]) -> Times {
        let m = |f: &dyn Fn(&Times) -> Duration| median(runs.iter().map(f).collect());
        let mut stages = [Duration::ZERO; STAGES.len()];
        for (i, s) in stages.iter_mut().enumerate() {
            *s = m(&|t| t.stages[i]);
        }
        Times {
            extract: m(&|t| t.extract),
            stages,
            checks: m(&|t| t.checks),
            report: m(&|t| t.report),
        }
    }
}

fn pipeline(name: &str, bytes: &[u8], rules: &Rules) -> Result<(Times, usize, usize), String> {
    let t0 = Instant::now();
    let raw: RawDocument =
        extract::load_bytes(name, bytes, &Options::default()).map_err(|e| e.message_en)?;
    let t1 = Instant::now();
    let (analysis, stage_times) = Analysis::timed(&raw, rules);
    let t2 = Instant::now();
    let outcome = gouji::checks::run_all(&analysis);
    let t3 = Instant::now();
    let pages = raw.pages.len();
    let found = outcome.findings.len();
    let reports = [FileReport::ok(name, pages as u32, outcome.findings, 0)];
    let opts = RenderOptions {
        lang: Lang::Zh,
        color: false,
        findings: false,
        suppressed: 0,
        quiet: false,
    };
    let rendered = report::render(Format::Json, &reports, &opts).len()
        + report::render(Format::Human, &reports, &opts).len();
    std::hint::black_box(rendered);
    let t4 = Instant::now();
    let mut stages = [Duration::ZERO; STAGES.len()];
    for (s, (_, d)) in stages.iter_mut().zip(stage_times) {
        *s = d;
    }
    Ok((
        Times {
            extract: t1 - t0,
            stages,
            checks: t3 - t2,
            report: t4 - t3,
        },
        pages,
        found,
    ))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Peak resident set size of this process (VmHWM), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time of this process so far (all threads, user + system), from /proc/self/stat.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // fields after the command name, which is in parentheses and may hold spaces
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

/// The 1-minute load average: other work on the machine skews every timing.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

fn pdftotext_available() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Wall time of `pdftotext FILE -` (process start included), output discarded.
fn pdftotext_time(path: &Path) -> Option<Duration> {
    let t = Instant::now();
    let st = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    st.success().then(|| t.elapsed())
}

fn short(p: &Path) -> String {
    let s = p
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if s.chars().count() > 44 {
        let head: String = s.chars().take(41).collect();
        format!("{head}...")
    } else {
        s
    }
}

fn main() {
    let a = args();
    let rules = Rules::builtin();
    let poppler = a.pdftotext && pdftotext_available();
    let files: Vec<(PathBuf, Vec<u8>)> = a
        .files
        .iter()
        .filter_map(|p| match std::fs::read(p) {
            Ok(b) => Some((p.clone(), b)),
            Err(e) => {
                eprintln!("skipped {}: {e}", p.display());
                None
            }
        })
        .collect();

    println!(
        "# Per file (median of {} runs, one thread), times in ms; load average {} on {} cores",
        a.reps,
        load_average(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!();
    let mut head =
        String::from("| file | pages | extract | analysis | checks | total | pages/s | findings |");
    let mut rule = String::from("|---|---:|---:|---:|---:|---:|---:|---:|");
    if poppler {
        head.push_str(" pdftotext | extract / pdftotext |");
        rule.push_str("---:|---:|");
    }
    println!("{head}");
    println!("{rule}");
    let (mut sum, mut sum_pages, mut sum_extract, mut sum_poppler) =
        (Times::default(), 0usize, Duration::ZERO, Duration::ZERO);
    for (path, bytes) in &files {
        let name = path.display().to_string();
        let mut runs = Vec::new();
        let mut failure = None;
        for _ in 0..a.reps {
            match pipeline(&name, bytes, &rules) {
                Ok(r) => runs.push(r),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if let Some(e) = failure {
            println!("| {} | — | error: {} | | | | | |", short(path), e);
            continue;
        }
        let (pages, findings) = (runs[0].1, runs[0].2);
        let t = Times::median(&runs.iter().map(|r| r.0).collect::<Vec<_>>());
        sum.add(&t);
        sum_pages += pages;
        let pps = pages as f64 / t.total().as_secs_f64().max(1e-9);
        let mut row = format!(
            "| {} | {} | {} | {} | {} | {} | {:.0} | {} |",
            short(path),
            pages,
            ms(t.extract),
            ms(t.analysis()),
            ms(t.checks),
            ms(t.total()),
            pps,
            findings
        );
        if poppler {
            let pt = if is_pdf(bytes) {
                let v: Vec<Duration> = (0..a.reps).filter_map(|_| pdftotext_time(path)).collect();
                (!v.is_empty()).then(|| median(v))
            } else {
                None
            };
            match pt {
                Some(pt) => {
                    sum_extract += t.extract;
                    sum_poppler += pt;
                    row.push_str(&format!(
                        " {} | {:.2} |",
                        ms(pt),
                        t.extract.as_secs_f64() / pt.as_secs_f64().max(1e-9)
                    ));
                }
                None => row.push_str(" — | — |"),
            }
        }
        println!("{row}");
    }
    let total_pps = sum_pages as f64 / sum.total().as_secs_f64().max(1e-9);
    let mut row = format!(
        "| **all** | {} | {} | {} | {} | {} | {:.0} | |",
        sum_pages,
        ms(sum.extract),
        ms(sum.analysis()),
        ms(sum.checks),
        ms(sum.total()),
        total_pps
    );
    if poppler {
        if sum_poppler > Duration::ZERO {
            row.push_str(&format!(
                " {} | {:.2} |",
                ms(sum_poppler),
                sum_extract.as_secs_f64() / sum_poppler.as_secs_f64()
            ));
        } else {
            row.push_str(" | |");
        }
    }
    println!("{row}");
    if !poppler {
        println!();
        println!(
            "pdftotext: {}",
            if a.pdftotext {
                "not installed"
            } else {
                "skipped"
            }
        );
    } else {
        println!();
        println!("pdftotext times include starting the process; the ratio compares gouji's extraction (PDF files only).");
    }
    println!();
    println!("# Per stage (sum over the files of each stage's median), times in ms");
    println!();
    println!("| stage | ms | share |");
    println!("|---|---:|---:|");
    let all = sum.total().as_secs_f64().max(1e-9);
    for (name, d) in sum.named() {
        println!(
            "| {name} | {} | {:.1}% |",
            ms(d),
            d.as_secs_f64() / all * 100.0
        );
    }
    println!();
    let rss_single = peak_rss_mib();

    // ---- batch -------------------------------------------------------------------
    if a.batch > 0 && !files.is_empty() {
        let list: Vec<&(PathBuf, Vec<u8>)> = files.iter().cycle().take(a.batch).collect();
        // A pool of our own: the PDF reader (lopdf) runs parallel work on rayon's global pool
        // from its deadline thread; batch workers blocked on that thread must not occupy
        // the global pool themselves, or both wait until the extraction timeout.
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("bench-{i}"))
            .build()
            .expect("thread pool");
        let t = Instant::now();
        let cpu0 = cpu_time();
        let (pages, errors) = pool.install(|| {
            list.par_iter()
                .map(|(path, _)| {
                    // read from disk as a real batch would (the page cache keeps it cheap)
                    let bytes = std::fs::read(path).unwrap_or_default();
                    match pipeline(&path.display().to_string(), &bytes, &rules) {
                        Ok((_, p, _)) => (p, 0usize),
                        Err(_) => (0, 1),
                    }
                })
                .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
        });
        let wall = t.elapsed();
        println!();
        println!("# Batch (load average {} after it)", load_average());
        println!();
        // CPU seconds say what the machine's other work does not take away
        let cpu = cpu_time().zip(cpu0).map(|(b, a)| (b - a).as_secs_f64());
        println!(
            "| files | threads | wall s | files/s | pages/s | CPU s | pages per CPU s | errors |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
        println!(
            "| {} | {} | {:.2} | {:.1} | {:.0} | {} | {} | {} |",
            list.len(),
            threads,
            wall.as_secs_f64(),
            list.len() as f64 / wall.as_secs_f64(),
            pages as f64 / wall.as_secs_f64(),
            cpu.map_or("?".into(), |c| format!("{c:.1}")),
            cpu.map_or("?".into(), |c| format!("{:.0}", pages as f64 / c.max(1e-9))),
            errors
        );
    }
    println!();
    match (rss_single, peak_rss_mib()) {
        (Some(s), Some(b)) => println!(
            "peak RSS (VmHWM): {s:.1} MiB after the single-file runs, {b:.1} MiB after the batch"
        ),
        _ => println!("peak RSS: /proc/self/status not available"),
    }
    // The checks load jieba's dictionary once per process, on the first document where two
    // counts could be one thing; a fresh load here measures what that first document pays.
    let rss_before = peak_rss_mib();
    let t = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let load = t.elapsed();
    let words = jieba.cut("部门整体支出绩效自评报告", false).len();
    println!(
        "jieba dictionary load: {} ms once per process ({} words in a test phrase); peak RSS {}",
        ms(load),
        words,
        match (rss_before, peak_rss_mib()) {
            (Some(a), Some(b)) => format!("{a:.1} → {b:.1} MiB"),
            _ => "?".into(),
        }
    );
}
