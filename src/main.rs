//! The `gouji` command line: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use gouji::checks::{registry, rule_info};
use gouji::config::Config;
use gouji::report::baseline::Baseline;
use gouji::report::batch::{self, BatchOptions};
use gouji::report::{self, write_atomic, Format, Lang, RenderOptions, Summary};
use unicode_width::UnicodeWidthStr;

#[derive(Parser)]
#[command(
    name = "gouji",
    version,
    about = "勾稽：找出财政报告（绩效自评报告、部门决算/预算）中互相矛盾的数字",
    after_help = "退出码：0 无警告及以上的发现；1 有警告或错误；2 用法错误或文件无法读取。"
)]
struct Cli {
    /// 输出语言（zh 中文，en 英文）
    #[arg(long, value_enum, default_value_t = Lang::Zh, global = true)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查文件或目录
    #[command(
        after_help = "示例：\n  gouji check 2023年部门决算.pdf\n  gouji check 各部门/ --format html -o 报告.html\n  gouji check 各部门/ --format csv --findings -o 发现.csv   （CSV 带 BOM，Excel/WPS 可直接打开）\n  gouji check . --write-baseline 基线.json；之后 gouji check . --baseline 基线.json 只显示新问题"
    )]
    Check(CheckArgs),
    /// 列出所有规则
    Rules,
    /// 显示一条规则的说明及关闭方法
    Explain {
        /// 规则代码，如 table-ratio
        code: String,
    },
    /// 把每个文件归结为事实表，按 JSON lines 输出（每行一个事实）
    Facts {
        /// 文件或目录
        paths: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// 文件或目录（目录中递归查找 .pdf .txt .docx）；缺省为当前目录
    paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 与 --format csv 一起使用：每条发现一行（缺省每个文件一行）
    #[arg(long)]
    findings: bool,
    /// 额外的规则目录（可多次给出）
    #[arg(long = "rules", value_name = "DIR")]
    rules_dirs: Vec<PathBuf>,
    /// 配置文件（缺省从当前目录向上查找 gouji.toml）
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 隐藏基线文件中记录的发现
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// 把当前的全部发现写入基线文件
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// 除用法错误外总以 0 退出
    #[arg(long)]
    exit_zero: bool,
    /// 每个文件读取的超时（秒）
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    timeout: Option<u64>,
    /// 并行线程数（缺省每个核一个）
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// 写入文件而不是标准输出（先写临时文件再改名）
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// 不做跨文件核对（同一单位不同年度、不同种类的文件之间）
    #[arg(long)]
    no_cross: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    match cli.command {
        Command::Check(args) => check(args, lang),
        Command::Rules => {
            print_rules(lang);
            ExitCode::SUCCESS
        }
        Command::Explain { code } => explain(&code, lang),
        Command::Facts { paths } => facts(&paths),
    }
}

/// A usage error (bad config, rules, baseline, nothing to check): message and exit 2.
fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("gouji: {msg}");
    ExitCode::from(2)
}

fn check(args: CheckArgs, lang: Lang) -> ExitCode {
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    let config = match config_path.map(|p| Config::load(&p)).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => return usage_error(e),
    };
    let dirs: Vec<PathBuf> = config
        .rules_dirs
        .iter()
        .chain(&args.rules_dirs)
        .cloned()
        .collect();
    let mut rules = match gouji::Rules::load(&dirs) {
        Ok(r) => r,
        Err(e) => {
            return usage_error(format_args!(
                "{} {e}",
                lang.pick("规则文件有误：", "bad rules:")
            ))
        }
    };
    rules.rounding = config.rounding;
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    if args.findings && args.format != Format::Csv {
        eprintln!(
            "gouji: {}",
            lang.pick(
                "--findings 仅用于 --format csv，已忽略",
                "--findings only applies to --format csv; ignored"
            )
        );
    }

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let inputs = batch::collect(&paths);
    if inputs.is_empty() {
        return usage_error(lang.pick(
            "没有找到可检查的文件（.pdf .txt .docx）",
            "no files to check (.pdf .txt .docx)",
        ));
    }
    let mut opts = BatchOptions {
        jobs: args.jobs,
        ..BatchOptions::default()
    };
    if let Some(s) = args.timeout {
        opts.extract.timeout = Duration::from_secs(s);
    }

    let bar = progress_bar(inputs.len());
    let mut reports = batch::run(&inputs, &rules, &config, &opts, &|r| {
        bar.set_message(r.path.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    let cross = cross_pass(&args, &mut reports, &rules, &config, lang);

    if let Some(p) = &args.write_baseline {
        let b = Baseline::of(&reports);
        if let Err(e) = write_atomic(p, b.to_json().as_bytes()) {
            return usage_error(format_args!(
                "{} {}: {e}",
                lang.pick("无法写入基线", "cannot write baseline"),
                p.display()
            ));
        }
        eprintln!(
            "gouji: {}",
            match lang {
                Lang::Zh => format!("已将 {} 条发现写入基线 {}", b.findings.len(), p.display()),
                Lang::En => format!(
                    "wrote {} findings to baseline {}",
                    b.findings.len(),
                    p.display()
                ),
            }
        );
    }
    let suppressed = baseline.map_or(0, |b| b.apply(&mut reports));

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let ropts = RenderOptions {
        lang,
        color: args.format == Format::Human
            && to_terminal
            && std::env::var_os("NO_COLOR").is_none(),
        findings: args.findings,
        suppressed,
    };
    let mut text = report::render(args.format, &reports, &ropts);
    if let Some(lines) = cross {
        // The human report ends with the groups found; other formats keep stdout clean.
        if args.format == Format::Human {
            text.push_str(&lines);
        } else {
            eprint!("{lines}");
        }
    }
    // The human report names failed files itself; with the other formats on stdout, say so on stderr.
    if args.format != Format::Human || args.output.is_some() {
        for r in &reports {
            if let Some(e) = &r.error {
                eprintln!(
                    "gouji: {}: [{}] {}",
                    r.path,
                    e.kind.as_str(),
                    lang.error_message(e)
                );
            }
        }
    }
    match &args.output {
        Some(p) => {
            if let Err(e) = write_atomic(p, text.as_bytes()) {
                return usage_error(format_args!(
                    "{} {}: {e}",
                    lang.pick("无法写入", "cannot write"),
                    p.display()
                ));
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return usage_error(e);
                }
            }
        }
    }
    ExitCode::from(Summary::of(&reports).exit_code(args.exit_zero) as u8)
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30.cyan/blue} {pos}/{len} {elapsed} {wide_msg}",
    )
    .expect("valid template")
    .progress_chars("=> ");
    indicatif::ProgressBar::new(len as u64).with_style(style)
}

fn pad(s: &str, width: usize) -> String {
    format!(
        "{s}{}",
        " ".repeat(width.saturating_sub(UnicodeWidthStr::width(s)))
    )
}

fn print_rules(lang: Lang) {
    let rules = registry();
    let w = rules.iter().map(|(i, _)| i.code.len()).max().unwrap_or(0);
    let sw = rules
        .iter()
        .map(|(i, _)| UnicodeWidthStr::width(lang.severity(i.severity)))
        .max()
        .unwrap_or(0);
    for (i, _) in rules {
        println!(
            "{}  {}  {}",
            pad(i.code, w),
            pad(lang.severity(i.severity), sw),
            lang.pick(i.name_zh, i.name_en)
        );
    }
}

fn explain(code: &str, lang: Lang) -> ExitCode {
    let Some(i) = rule_info(code) else {
        let known: Vec<&str> = registry().iter().map(|(i, _)| i.code).collect();
        return usage_error(match lang {
            Lang::Zh => format!("未知规则 `{code}`。可用的规则：{}", known.join(", ")),
            Lang::En => format!("unknown rule `{code}`. Rules: {}", known.join(", ")),
        });
    };
    println!("{} — {}（{}）", i.code, i.name_zh, i.name_en);
    println!(
        "{}: {}\n",
        lang.pick("默认级别", "default severity"),
        lang.severity(i.severity)
    );
    println!("{}\n", i.doc.trim_end());
    match lang {
        Lang::Zh => println!(
            "## 关闭此规则\n在 gouji.toml 中写：\n\n    [rules]\n    {0} = false\n\n或只调整级别：\n\n    [severity]\n    {0} = \"warning\"",
            i.code
        ),
        Lang::En => println!(
            "## Turning it off\nIn gouji.toml:\n\n    [rules]\n    {0} = false\n\nor change its severity:\n\n    [severity]\n    {0} = \"warning\"",
            i.code
        ),
    }
    ExitCode::SUCCESS
}

/// The cross-document pass (issue 13) over a batch; returns its summary lines.
fn cross_pass(
    args: &CheckArgs,
    reports: &mut [report::FileReport],
    rules: &gouji::Rules,
    config: &Config,
    lang: Lang,
) -> Option<String> {
    if args.no_cross || !config.enabled(gouji::checks::cross_year::INFO.code) {
        return None;
    }
    let s = gouji::cross::run_reports(reports, config, &rules.cross);
    if s.groups.is_empty() {
        return None;
    }
    let lines: String = s
        .lines(lang == Lang::Zh)
        .into_iter()
        .map(|l| format!("{l}\n"))
        .collect();
    Some(lines)
}

/// `gouji facts`: one JSON line per fact of every file.
fn facts(paths: &[PathBuf]) -> ExitCode {
    let rules = gouji::Rules::builtin();
    let inputs = batch::collect(paths);
    if inputs.is_empty() {
        return usage_error("no files");
    }
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for i in &inputs {
        let batch::Input::File(p) = i else {
            failed = true;
            continue;
        };
        let name = p.display().to_string();
        match gouji::extract::load(p, &Default::default()) {
            Ok(raw) => {
                let a = gouji::Analysis::new(&raw, &rules);
                let f = gouji::cross::facts::collect(&a, &name);
                if out
                    .write_all(gouji::cross::json_lines(&f).as_bytes())
                    .is_err()
                {
                    return ExitCode::SUCCESS;
                }
            }
            Err(e) => {
                eprintln!("gouji: {name}: [{}] {}", e.kind.as_str(), e.message);
                failed = true;
            }
        }
    }
    ExitCode::from(if failed { 2 } else { 0 })
}
