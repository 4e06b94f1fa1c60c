//! Hostile and broken input on the text side: every input here once crashed or hung a
//! stage, or stands for a shape of input that could (huge lines, deep nesting, long
//! numbers, mixed encodings). Each must finish quickly, even in a debug build, without a
//! panic. Inputs found by the fuzz targets (`fuzz/`) are kept under `tests/regressions/`
//! and replayed through the stage their target exercises.

use std::path::Path;
use std::time::{Duration, Instant};

use gouji::extract::{self, Options};
use gouji::formulas::parse_expr;
use gouji::interval::Interval;
use gouji::{checks, facts, figures, formulas, normalize, scores, tables};
use gouji::{Analysis, RawDocument, Rules};

/// Time allowed to one hardening case in a debug build on a busy machine: generous, since
/// it is there to catch hangs; `scaling` below tells a quadratic stage from a slow one.
const LIMIT: Duration = Duration::from_secs(60);

fn rules() -> &'static Rules {
    static R: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    R.get_or_init(Rules::builtin)
}

/// Runs the whole text pipeline on `text` and fails when it takes longer than [`LIMIT`],
/// naming the slow stages.
fn check_text(what: &str, text: &str) {
    let (total, took) = stage_times(text);
    let slow: Vec<String> = took
        .iter()
        .filter(|(_, d)| *d > Duration::from_millis(500))
        .map(|(n, d)| format!("{n} {d:.1?}"))
        .collect();
    assert!(
        total < LIMIT,
        "{what}: {total:?}; slow: {}",
        slow.join(", ")
    );
}

/// The time the pipeline takes on `text` (`Analysis::new` and every check), and the time
/// of each stage and each check.
fn stage_times(text: &str) -> (Duration, Vec<(&'static str, Duration)>) {
    let rules = rules();
    let raw = RawDocument::from_text(text);
    let mut took: Vec<(&str, Duration)> = Vec::new();
    let mut stage = |name: &'static str, t: Instant| {
        let d = t.elapsed();
        took.push((name, d));
        d
    };
    // The stages of Analysis::new, one by one (to name a slow one; not in the total).
    let t = Instant::now();
    let norm = normalize::normalize(&raw);
    stage("normalize", t);
    let t = Instant::now();
    let figs: Vec<_> = norm
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut f = figures::parse_line(&l.text, rules);
            f.iter_mut().for_each(|f| f.line = i);
            f
        })
        .collect();
    stage("figures", t);
    let t = Instant::now();
    let tabs = tables::find_tables(&norm, &figs, rules);
    stage("tables", t);
    let t = Instant::now();
    let forms = formulas::find_formulas(&norm, rules);
    stage("formulas", t);
    let t = Instant::now();
    let tree = scores::build(&norm, &figs, &tabs, rules);
    stage("scores", t);
    let t = Instant::now();
    let _ = facts::Facts::collect(&norm, &figs, &tabs, &forms, &tree, rules);
    stage("facts", t);
    let t = Instant::now();
    let a = Analysis::new(&raw, rules);
    let mut total = stage("analysis", t);
    for (info, check) in checks::registry() {
        let t = Instant::now();
        check(&a, &mut checks::Outcome::default());
        total += stage(info.code, t);
    }
    (total, took)
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    let took = t.elapsed();
    assert!(took < LIMIT, "{what}: {took:?}");
    v
}

/// Deterministic pseudo-random bytes (xorshift64*).
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn arbitrary_bytes() {
    for seed in 1..40u64 {
        let bytes = noise(seed, 200 + seed as usize * 97);
        check_text("noise", &String::from_utf8_lossy(&bytes));
        // Through the loader too: text, or a named error.
        let _ = extract::load_bytes("noise.txt", &bytes, &Options::default());
    }
}

#[test]
fn five_megabyte_line() {
    let unit = "本年支出合计 17,303.71 万元，预算执行率 99.59%，";
    let line = unit.repeat(5 * 1024 * 1024 / unit.len());
    check_text("5 MB line of figures", &line);
    let digits = "1234567890".repeat(512 * 1024);
    check_text("5 MB of digits", &digits);
    let ops = "1+".repeat(5 * 1024 * 512);
    check_text("5 MB of 1+1+…", &ops);
}

#[test]
fn five_megabyte_line_of_formulas_and_lists() {
    // Formulas restating the figures before them, and lists before counts, on one line
    // with no sentence end: the windows they look at stay bounded.
    let unit =
        "预算 360.50万元，执行率=352.18/360.50×100%=97.69%，设置城乡供水和道路养护两项任务，";
    let line = unit.repeat(5 * 1024 * 1024 / unit.len());
    check_text("5 MB line of formulas and lists", &line);
}

#[test]
fn deeply_nested_brackets() {
    let n = 10_000;
    let expr = format!("{}1{}", "(".repeat(n), ")".repeat(n));
    assert!(timed("parse_expr", || parse_expr(&expr)).is_none());
    let full = format!("{}1{}", "（".repeat(n), "）".repeat(n));
    assert!(timed("parse_expr full-width", || parse_expr(&full)).is_none());
    let bars = format!("{}1{}", "|".repeat(n), "|".repeat(n));
    assert!(timed("parse_expr bars", || parse_expr(&bars)).is_none());
    let minus = format!("{}1", "-".repeat(n));
    assert!(timed("parse_expr signs", || parse_expr(&minus)).is_none());
    check_text("nested formula", &format!("控制率={expr}×100%=97.30%"));
    check_text("unclosed brackets", &format!("控制率={}1=1", "(".repeat(n)));
    // Just inside the limit still parses and evaluates.
    let ok = format!("{}1{}", "(".repeat(30), ")".repeat(30));
    let e = parse_expr(&ok).unwrap();
    assert_eq!(
        e.eval(&|_| None),
        Some(Interval::point(rust_decimal::Decimal::ONE))
    );
}

#[test]
fn five_hundred_digit_numbers() {
    let big = "9".repeat(500);
    let frac = format!("0.{}", "1".repeat(500));
    let commas = format!("1{}", ",000".repeat(166));
    for n in [&big, &frac, &commas] {
        assert!(parse_expr(n).is_none());
        let _ = timed("parse_line", || gouji::figures::parse_line(n, rules()));
        check_text(
            "long number",
            &format!("预算执行率为 {n}%，本年支出合计 {n} 万元，{n}×100%={n}%\n合计 {n} {n} {n}"),
        );
    }
}

#[test]
fn numbers_at_the_edge_of_decimal() {
    // Decimal::MAX and neighbours: rounding intervals and sums must not overflow.
    let max = "79228162514264337593543950335";
    let lines = [
        format!("本年支出合计 {max} 万元，其中基本支出 {max} 万元，项目支出 1 万元。"),
        format!("预算执行率 {max}%，得分 {max}分。"),
        format!("合计 {max} {max} {max}\n人员经费 {max} {max} {max}\n公用经费 1 1 1"),
        format!("控制率={max}/0.0000000000000000000000000001×100%={max}%"),
        format!("-{max} -{max} -{max} -{max}"),
        format!("7.9228162514264337593543950335 {max}.5 0.0000000000000000000000000001%"),
    ];
    for l in &lines {
        check_text("edge of Decimal", l);
    }
}

#[test]
fn mixed_encodings() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice("预算执行率 99.59%\n".as_bytes());
    // GBK for "预算执行率 90%".
    bytes.extend_from_slice(&[0xD4, 0xA4, 0xCB, 0xE3, 0xD6, 0xB4, 0xD0, 0xD0, 0xC2, 0xCA]);
    bytes.extend_from_slice(b" 90%\n");
    // UTF-16LE with a BOM in the middle, a lone surrogate, Latin-1, form feeds.
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x84, 0x98, 0x97, 0x7B, 0x00, 0xD8]);
    bytes.extend_from_slice(b"\xe9t\xe9 100\x0c\x0c\r\r\n");
    bytes.extend_from_slice("\u{feff}合计 1,234.56 ２，３４５．６７ 万元\n".as_bytes());
    check_text("mixed", &String::from_utf8_lossy(&bytes));
    let _ = timed("load mixed", || {
        extract::load_bytes("mixed.txt", &bytes, &Options::default())
    });
    let t = timed("load mixed", || {
        extract::load_bytes("mixed", &bytes.repeat(2000), &Options::default())
    });
    if let Ok(doc) = t {
        let _ = timed("check mixed", || gouji::check(&doc, rules()));
    }
}

#[test]
fn hundred_thousand_short_lines() {
    let lines: String = (0..100_000)
        .map(|i| match i % 5 {
            0 => format!("合计 {} {}\n", i, i * 2),
            1 => format!("{i}\n"),
            2 => "一、\n".to_owned(),
            3 => format!("得分{i}分。\n"),
            _ => "（\n".to_owned(),
        })
        .collect();
    check_text("100,000 short lines", &lines);
    // Wrapped prose: one logical line built from many printed ones.
    let prose =
        "这是一行很长很长的正文内容，用于测试换行的重新连接功能啊支出 12.5 万元\n".repeat(20_000);
    check_text("wrapped prose", &prose);
    // Many pages.
    check_text("form feeds", &"预算 1 万元\u{c}".repeat(50_000));
}

#[test]
fn table_shapes() {
    let header = "项目 年初预算数 调整预算数 决算数 执行率\n";
    let mut t = header.repeat(2000);
    for i in 0..5000 {
        t.push_str(&format!("项目{i} {i}.00 {i}.00 {i}.00 100.00%\n"));
    }
    t.push_str("合计 1.00 2.00 3.00 4.00%\n");
    check_text("long table", &t);
    let wide = format!("合计{}\n", " 1.00".repeat(20_000));
    check_text("wide row", &wide.repeat(20));
}

// ---------------------------------------------------------------------------------------
// Inputs found by the fuzz targets, replayed through their stage.
// ---------------------------------------------------------------------------------------

/// Replays every input kept for a fuzz target: its findings under `tests/regressions/<dir>/`
/// and its seed corpus under `fuzz/seeds/<dir>/`. Finding no input at all is a failure, so
/// that a moved or renamed folder cannot turn the replay into a test that passes on nothing.
fn replay(dir: &str, f: impl Fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = [root.join("tests/regressions"), root.join("fuzz/seeds")]
        .iter()
        .map(|base| base.join(dir))
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.filter_map(|e| Some(e.ok()?.path())))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no input to replay for the fuzz target {dir}"
    );
    for p in paths {
        let bytes = std::fs::read(&p).unwrap();
        let t = Instant::now();
        f(&bytes);
        let took = t.elapsed();
        assert!(took < Duration::from_secs(20), "{}: {took:?}", p.display());
    }
}

#[test]
fn fuzz_text_pipeline() {
    replay("text_pipeline", |b| {
        let _ = gouji::check(
            &RawDocument::from_text(&String::from_utf8_lossy(b)),
            rules(),
        );
    });
}

#[test]
fn fuzz_figures() {
    replay("figures", |b| {
        let s = String::from_utf8_lossy(b);
        for f in gouji::figures::parse_line(&s, rules()) {
            let _ = f.operand();
            let _ = f.interval(gouji::interval::Rounding::Truncate);
        }
    });
}

#[test]
fn fuzz_formulas() {
    replay("formulas", |b| {
        let s = String::from_utf8_lossy(b);
        if let Some(e) = parse_expr(&s) {
            let one = |_: &str| Some(Interval::point(rust_decimal::Decimal::ONE));
            let _ = e.eval(&one);
            let _ = e.clone().with_abs().eval(&one);
            let _ = parse_expr(&e.render(&|_| None));
        }
    });
}

#[test]
fn fuzz_pdf() {
    let opts = Options {
        timeout: Duration::from_secs(5),
        ..Options::default()
    };
    replay("pdf", |b| {
        if let Ok(doc) = extract::load_bytes("x.pdf", b, &opts) {
            let _ = gouji::check(&doc, rules());
        }
    });
}

/// Makes an input of about n bytes.
type Shape = fn(usize) -> String;

/// Shapes of input at growing sizes.
fn shapes() -> Vec<(&'static str, Shape)> {
    vec![
        ("line of figures", |n| {
            "本年支出合计 17,303.71 万元，预算执行率 99.59%，".repeat(n / 64)
        }),
        ("digits", |n| "1234567890".repeat(n / 10)),
        ("1+1+", |n| "1+".repeat(n / 2)),
        ("short lines", |n| {
            (0..n / 12)
                .map(|i| match i % 5 {
                    0 => format!("合计 {} {}\n", i, i * 2),
                    1 => format!("{i}\n"),
                    2 => "一、\n".to_owned(),
                    3 => format!("得分{i}分。\n"),
                    _ => "（\n".to_owned(),
                })
                .collect()
        }),
        ("wrapped prose", |n| {
            "这是一行很长很长的正文内容，用于测试换行的重新连接功能啊支出 12.5 万元\n"
                .repeat(n / 110)
        }),
        ("table", |n| {
            let mut t = "项目 年初预算数 调整预算数 决算数 执行率\n".to_owned();
            for i in 0..n / 40 {
                t.push_str(&format!("项目{i} {i}.00 {i}.00 {i}.00 100.00%\n"));
            }
            t
        }),
        ("wide row", |n| format!("合计{}\n", " 1.00".repeat(n / 5))),
        ("filler", |n| format!("{}为 1 万元", "为".repeat(n / 3))),
        ("enumerators", |n| format!("{} 1 2\n", "1.".repeat(n / 2))),
        ("sentences", |n| "支出 1 万元。".repeat(n / 16)),
        ("unclosed quote", |n| {
            format!("《{}", "1 万元，".repeat(n / 8))
        }),
        ("formula chains", |n| {
            "控制率=437.84万元/449.98万元×100%=97.30%；".repeat(n / 48)
        }),
        ("equals", |n| "=1".repeat(n / 2)),
        ("score items", |n| {
            "（1）预算完成率\n指标分值 2分，自评得分 1.908分，得分率为 95.4%。\n".repeat(n / 100)
        }),
        ("stated sums", |n| {
            "支出合计 3 万元，其中基本支出 1 万元、项目支出 2 万元，".repeat(n / 80)
        }),
        ("headings", |n| "一、\n（一）\n1.\n（1）\n".repeat(n / 20)),
        ("named items", |n| {
            "设定数字档案馆建设项目和网络安全运维项目两个项目，两个项目合计支出 3 万元。数字档案馆建设项目支出 1 万元。\n"
                .repeat(n / 200)
        }),
        ("changes", |n| {
            "本年支出 12.00 万元，比上年增加 2.00 万元，增长 20.00%。".repeat(n / 90)
        }),
    ]
}

/// Prints how each stage scales from n to 4n bytes: about 4 is linear, 16 quadratic.
/// `cargo test --test regressions -- --ignored --nocapture scaling`
#[test]
#[ignore]
fn scaling() {
    let n: usize = std::env::var("GOUJI_SCALE_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let only = std::env::var("GOUJI_SCALE_ONLY").unwrap_or_default();
    for (name, make) in shapes() {
        if !name.contains(only.as_str()) {
            continue;
        }
        let (_, small) = stage_times(&make(n));
        let (_, big) = stage_times(&make(4 * n));
        for ((stage, a), (_, b)) in small.iter().zip(&big) {
            if *b > Duration::from_millis(100) {
                let r = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
                println!("{name:16} {stage:20} {a:>10.1?} {b:>10.1?} x{r:.1}");
            }
        }
    }
}
