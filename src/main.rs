//! The `gouji` command line: parses arguments, calls the library, prints.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use gouji::checks::{docs, registry, rule_info, Severity};
use gouji::config::Config;
use gouji::extract::OcrMode;
use gouji::report::baseline::Baseline;
use gouji::report::batch::{self, BatchOptions, CollectOptions};
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
    #[command(after_help = CHECK_EXAMPLES_ZH)]
    Check(Box<CheckArgs>),
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
    /// 显示 gouji 从一份文件读到的内容：数字及其编号、表格、得分、事实、发现和核对覆盖率
    Dump(DumpArgs),
}

#[derive(Args)]
struct DumpArgs {
    /// 要查看的文件
    path: PathBuf,
    /// 输出格式：human（摘要）或 json（完整模型）
    #[arg(long, value_enum, default_value_t = DumpFormat::Human)]
    format: DumpFormat,
    /// 额外的规则目录（可多次给出）
    #[arg(long = "rules", value_name = "DIR")]
    rules_dirs: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DumpFormat {
    Human,
    Json,
}

const CHECK_EXAMPLES_ZH: &str = "示例：\n  gouji check 2023年部门决算.pdf\n  gouji check 各部门/ --format html -o 报告.html\n  gouji check \"各部门/**/*.pdf\"   （gouji 自己展开通配符）\n  type 报告.txt | gouji check -   （读标准输入）\n  gouji check 各部门/ --format csv --findings -o 发现.csv   （CSV 带 BOM，Excel/WPS 可直接打开）\n  gouji check . --write-baseline 基线.json；之后 gouji check . --baseline 基线.json 只显示新问题";
const CHECK_EXAMPLES_EN: &str = "Examples:\n  gouji check 2023-final-accounts.pdf\n  gouji check departments/ --format html -o report.html\n  gouji check \"departments/**/*.pdf\"   (gouji expands the pattern itself)\n  cat report.txt | gouji check -   (reads standard input)\n  gouji check departments/ --format csv --findings -o findings.csv   (CSV with a BOM for Excel/WPS)\n  gouji check . --write-baseline baseline.json; then gouji check . --baseline baseline.json shows only new findings";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct CheckArgs {
    /// 文件、目录或通配符（目录中递归查找 .pdf .txt .docx .html .htm；- 为标准输入）；缺省为当前目录
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
    /// 配置文件（缺省从每个文件所在目录向上查找 gouji.toml）
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 显示每个文件所用的配置文件，然后退出
    #[arg(long)]
    show_config: bool,
    /// 只运行这些规则（规则代码，逗号分隔，可多次给出）
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（规则代码，逗号分隔，可多次给出）
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// 只报告此级别及以上的发现
    #[arg(long, value_enum, value_name = "LEVEL")]
    min_severity: Option<Level>,
    /// 跳过与此模式匹配的文件或目录（可多次给出；不含 / 时匹配文件名或目录名）
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
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
    /// 只列出有发现或读取失败的文件
    #[arg(long, short = 'q')]
    quiet: bool,
    /// 颜色（auto：输出到终端且未设 NO_COLOR 时着色）
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// 按模板核对法定的表（rules/presubmit.toml 的 [[template]]），缺省不核对
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// 不做跨文件核对（同一单位不同年度、不同种类的文件之间）
    #[arg(long)]
    no_cross: bool,
    /// OCR 识别扫描页（auto：只读没有或几乎没有文字层的页和图像文件；需要 tesseract）
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = OcrMode::Auto)]
    ocr: OcrMode,
}

/// English help, by argument id (the derive above holds the Chinese).
const CHECK_HELP_EN: &[(&str, &str)] = &[
    ("paths", "Files, folders or glob patterns (folders are searched recursively for .pdf .txt .docx .html .htm; - is standard input); default: the current folder"),
    ("format", "Output format"),
    ("findings", "With --format csv: one row per finding (default: one row per file)"),
    ("rules_dirs", "An extra folder of rule files (may be given more than once)"),
    ("config", "Configuration file (default: the nearest gouji.toml from each file's folder upward)"),
    ("show_config", "Show the configuration file used for each file, then exit"),
    ("select", "Run only these rules (codes, comma-separated, may be repeated)"),
    ("ignore", "Do not run these rules (codes, comma-separated, may be repeated)"),
    ("min_severity", "Report only findings of this severity or above"),
    ("exclude", "Skip files or folders matching this pattern (may be repeated; without / it matches a file or folder name)"),
    ("baseline", "Hide the findings recorded in this baseline file"),
    ("write_baseline", "Write all current findings to this baseline file"),
    ("exit_zero", "Exit with 0 except on usage errors"),
    ("timeout", "Time limit for reading one file (seconds)"),
    ("jobs", "Worker threads (default: one per core)"),
    ("output", "Write to this file instead of standard output (atomically)"),
    ("quiet", "List only the files with findings or read errors"),
    ("color", "Colour (auto: when printing to a terminal and NO_COLOR is not set)"),
    ("template", "Check the statutory tables against this template (rules/presubmit.toml [[template]]); off by default"),
    ("no_cross", "Do not compare documents with each other (one body's documents of other years or kinds)"),
    ("ocr", "Read scanned pages by OCR (auto: only pages with no or nearly no text layer, and image files; needs tesseract)"),
];

/// The language asked for on the command line, known before clap parses it (so that
/// `--help` and clap's own errors can be in that language too).
fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let v = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        if let Some(v) = v {
            return if v == "en" { Lang::En } else { Lang::Zh };
        }
    }
    Lang::Zh
}

/// The command with its help in `lang`.
fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    if lang == Lang::Zh {
        return cmd;
    }
    cmd.about("gouji (勾稽): finds the figures of Chinese fiscal reports (performance self-evaluations, departmental budgets and final accounts) that contradict each other")
        .after_help("Exit codes: 0 no finding at warning or above; 1 a warning or an error; 2 usage error or a file could not be read.")
        .mut_arg("lang", |a| a.help("Output language (zh Chinese, en English)"))
        .mut_subcommand("check", |mut c| {
            c = c.about("Check files or folders").after_help(CHECK_EXAMPLES_EN);
            for (id, help) in CHECK_HELP_EN {
                c = c.mut_arg(*id, |a| a.help(*help));
            }
            c
        })
        .mut_subcommand("rules", |c| c.about("List all rules"))
        .mut_subcommand("explain", |c| {
            c.about("Explain a rule and how to turn it off")
                .mut_arg("code", |a| a.help("Rule code, e.g. table-ratio"))
        })
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = lang_of(&args);
    let cli = match command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return clap_error(e, lang),
    };
    let lang = cli.lang;
    match cli.command {
        Command::Check(args) => check(*args, lang),
        Command::Rules => {
            emit(&rules_text(lang));
            ExitCode::SUCCESS
        }
        Command::Explain { code } => explain(&code, lang),
        Command::Dump(args) => dump(args, lang),
        Command::Facts { paths } => facts(&paths),
    }
}

/// `gouji dump FILE`: the document model and what the checks covered.
fn dump(args: DumpArgs, lang: Lang) -> ExitCode {
    let rules = match gouji::Rules::load(&args.rules_dirs) {
        Ok(r) => r,
        Err(e) => {
            return usage_error(format_args!(
                "{} {e}",
                lang.pick("规则文件有误：", "bad rules:")
            ))
        }
    };
    let raw = match gouji::extract::load(&args.path, &gouji::extract::Options::default()) {
        Ok(r) => r,
        Err(e) => return usage_error(format_args!("{}: {e}", args.path.display())),
    };
    let analysis = gouji::Analysis::new(&raw, &rules);
    let outcome = gouji::checks::run_all(&analysis);
    let model = gouji::dump::dump(&analysis, &outcome);
    let text = match args.format {
        DumpFormat::Json => serde_json::to_string_pretty(&model).unwrap_or_default() + "\n",
        DumpFormat::Human => gouji::dump::summary(&model),
    };
    emit(&text);
    ExitCode::SUCCESS
}

/// Prints to standard output; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("gouji: {e}");
            false
        }
    }
}

/// clap's error, in Chinese for the common cases; help and version go to stdout as usual.
fn clap_error(e: clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind as K;
    if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
        emit(&e.render().to_string());
        return ExitCode::SUCCESS;
    }
    if lang == Lang::Zh {
        if let Some(msg) = clap_error_zh(&e) {
            eprintln!(
                "gouji: 错误：{msg}\n\n运行 `gouji --help` 或 `gouji check --help` 查看用法。"
            );
            return ExitCode::from(2);
        }
    }
    let _ = e.print();
    ExitCode::from(e.exit_code().clamp(0, 255) as u8)
}

fn clap_error_zh(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ErrorKind as K};
    let get = |k| e.get(k).map(|v| v.to_string());
    let suggest = |k| {
        get(k)
            .map(|s| format!("；是否要用 `{s}`？"))
            .unwrap_or_default()
    };
    let valid = || {
        get(C::ValidValue)
            .map(|s| format!("（可用的取值：{s}）"))
            .unwrap_or_default()
    };
    Some(match e.kind() {
        K::UnknownArgument => format!(
            "未知的参数 `{}`{}",
            get(C::InvalidArg)?,
            suggest(C::SuggestedArg)
        ),
        K::InvalidSubcommand => format!(
            "未知的子命令 `{}`{}（可用：check、rules、explain）",
            get(C::InvalidSubcommand)?,
            suggest(C::SuggestedSubcommand)
        ),
        K::InvalidValue => {
            let arg = get(C::InvalidArg)?;
            match get(C::InvalidValue).filter(|v| !v.is_empty()) {
                Some(v) => format!("参数 `{arg}` 的取值 `{v}` 无效{}", valid()),
                None => format!("参数 `{arg}` 缺少取值{}", valid()),
            }
        }
        K::ValueValidation => format!(
            "参数 `{}` 的取值 `{}` 无效",
            get(C::InvalidArg)?,
            get(C::InvalidValue).unwrap_or_default()
        ),
        K::MissingRequiredArgument => format!("缺少必需的参数：{}", get(C::InvalidArg)?),
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令（check、rules、explain）".to_owned()
        }
        K::ArgumentConflict => format!("参数 `{}` 不能与其他参数同时使用", get(C::InvalidArg)?),
        K::TooManyValues => {
            format!("多余的参数 `{}`", get(C::InvalidValue)?)
        }
        _ => return None,
    })
}

/// A usage error (bad config, rules, baseline, nothing to check): message and exit 2.
fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("gouji: {msg}");
    ExitCode::from(2)
}

/// The folder whose gouji.toml applies to an input.
fn folder_of(p: &Path, cwd: &Path) -> PathBuf {
    if p.as_os_str() == batch::STDIN {
        return cwd.to_owned();
    }
    let abs = cwd.join(p);
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map_or_else(|| cwd.to_owned(), Path::to_owned)
    }
}

/// Checks rule codes given on the command line.
fn known_codes(codes: &[String], lang: Lang, flag: &str) -> Result<(), String> {
    let known: Vec<&str> = registry().iter().map(|(i, _)| i.code).collect();
    match codes.iter().find(|c| !known.contains(&c.as_str())) {
        None => Ok(()),
        Some(c) => Err(match lang {
            Lang::Zh => format!(
                "{flag} 中有未知规则 `{c}`（可用的规则：{}）",
                known.join(", ")
            ),
            Lang::En => format!("unknown rule `{c}` in {flag} (rules: {})", known.join(", ")),
        }),
    }
}

fn check(args: CheckArgs, lang: Lang) -> ExitCode {
    if let Err(e) = known_codes(&args.select, lang, "--select")
        .and_then(|_| known_codes(&args.ignore, lang, "--ignore"))
    {
        return usage_error(e);
    }
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
    let collect = CollectOptions {
        exclude: args.exclude.clone(),
        skip: args
            .output
            .iter()
            .chain(&args.write_baseline)
            .cloned()
            .collect(),
    };
    let inputs = batch::collect_with(&paths, &collect);

    // The configuration of each file: --config, else the nearest gouji.toml above it.
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut found: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut config_paths: Vec<Option<PathBuf>> = Vec::new();
    let mut assign = Vec::with_capacity(inputs.len());
    let dirs: Vec<PathBuf> = if inputs.is_empty() {
        vec![cwd.clone()]
    } else {
        inputs.iter().map(|i| folder_of(i.path(), &cwd)).collect()
    };
    for dir in &dirs {
        let path = match &args.config {
            Some(p) => Some(p.clone()),
            None => found
                .entry(dir.clone())
                .or_insert_with(|| Config::discover(dir))
                .clone(),
        };
        let k = match config_paths.iter().position(|c| *c == path) {
            Some(k) => k,
            None => {
                config_paths.push(path);
                config_paths.len() - 1
            }
        };
        assign.push(k);
    }
    let mut contexts = Vec::new();
    for p in &config_paths {
        let mut config = match p.as_deref().map(Config::load).transpose() {
            Ok(c) => c.unwrap_or_default(),
            Err(e) => return usage_error(e),
        };
        for (i, _) in registry() {
            let code = i.code.to_owned();
            if (!args.select.is_empty() && !args.select.contains(&code))
                || args.ignore.contains(&code)
            {
                config.rules.insert(code, false);
            }
        }
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
        rules.template = args.template.clone().or(config.template.clone());
        if let Some(t) = &rules.template {
            if !rules.templates.iter().any(|x| &x.name == t) {
                let known: Vec<&str> = rules.templates.iter().map(|x| x.name.as_str()).collect();
                return usage_error(format_args!(
                    "{} `{t}` ({})",
                    lang.pick("未知模板", "unknown template"),
                    known.join(", ")
                ));
            }
        }
        // A check turned off is not run at all (the findings other checks raise under its
        // code, lost-sign and rounding-style, are still dropped by Config::apply).
        rules.disabled = config
            .rules
            .iter()
            .filter(|(_, on)| !**on)
            .map(|(c, _)| c.clone())
            .collect();
        contexts.push((rules, config));
    }
    if args.show_config {
        emit(&show_config(
            &config_paths,
            &contexts,
            &assign,
            &inputs,
            lang,
        ));
        return ExitCode::SUCCESS;
    }
    if inputs.is_empty() {
        return usage_error(lang.pick(
            "没有找到可检查的文件（.pdf .txt .docx .html .htm）",
            "no files to check (.pdf .txt .docx .html .htm)",
        ));
    }
    let mut opts = BatchOptions {
        jobs: args.jobs,
        ..BatchOptions::default()
    };
    opts.extract.ocr = args.ocr;
    if let Some(s) = args.timeout {
        opts.extract.timeout = Duration::from_secs(s);
    }

    let bar = progress_bar(inputs.len());
    let refs: Vec<(&gouji::Rules, &Config)> = contexts.iter().map(|(r, c)| (r, c)).collect();
    let mut reports = batch::run_with(&inputs, &refs, &assign, &opts, &|r| {
        bar.set_message(r.path.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    // The cross-document pass reads every file's facts; with per-folder configurations, the
    // first one's rules and switches apply to it.
    let cross = contexts
        .first()
        .and_then(|(rules, config)| cross_pass(&args, &mut reports, rules, config, lang));
    if let Some(min) = args.min_severity {
        let min = match min {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        };
        for r in &mut reports {
            r.findings.retain(|f| f.severity >= min);
        }
    }

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
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let ropts = RenderOptions {
        lang,
        color: args.format == Format::Human && color,
        findings: args.findings,
        suppressed,
        quiet: args.quiet,
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
            if !emit(&text) {
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::from(Summary::of(&reports).exit_code(args.exit_zero) as u8)
}

/// `--show-config`: each configuration in force, the files it applies to and what it sets.
fn show_config(
    paths: &[Option<PathBuf>],
    contexts: &[(gouji::Rules, Config)],
    assign: &[usize],
    inputs: &[batch::Input],
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (k, (p, (_, c))) in paths.iter().zip(contexts).enumerate() {
        let n = assign.iter().filter(|&&a| a == k).count().min(inputs.len());
        let name = match p {
            Some(p) => p.display().to_string(),
            None => lang
                .pick("（无，使用缺省配置）", "(none: the defaults)")
                .to_owned(),
        };
        let _ = match lang {
            Lang::Zh => writeln!(out, "配置文件：{name}（{n} 个文件）"),
            Lang::En => writeln!(out, "configuration: {name} ({n} files)"),
        };
        let off: Vec<&str> = c
            .rules
            .iter()
            .filter(|(_, on)| !**on)
            .map(|(k, _)| k.as_str())
            .collect();
        if !off.is_empty() {
            let _ = writeln!(
                out,
                "  {}{}",
                lang.pick("关闭的规则：", "rules off: "),
                off.join(", ")
            );
        }
        for (code, s) in &c.severity {
            let _ = writeln!(
                out,
                "  {}{code} = {}",
                lang.pick("级别：", "severity: "),
                s.as_str()
            );
        }
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("取整：", "rounding: "),
            format!("{:?}", c.rounding).to_lowercase()
        );
        for d in &c.rules_dirs {
            let _ = writeln!(
                out,
                "  {}{}",
                lang.pick("规则目录：", "rules folder: "),
                d.display()
            );
        }
    }
    out
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

fn rules_text(lang: Lang) -> String {
    let rules = registry();
    let w = rules.iter().map(|(i, _)| i.code.len()).max().unwrap_or(0);
    let sw = rules
        .iter()
        .map(|(i, _)| UnicodeWidthStr::width(lang.severity(i.severity)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, _) in rules {
        out.push_str(&format!(
            "{}  {}  {}\n",
            pad(i.code, w),
            pad(lang.severity(i.severity), sw),
            lang.pick(i.name_zh, i.name_en)
        ));
    }
    out
}

fn explain(code: &str, lang: Lang) -> ExitCode {
    let Some(i) = rule_info(code) else {
        let known: Vec<&str> = registry().iter().map(|(i, _)| i.code).collect();
        return usage_error(match lang {
            Lang::Zh => format!("未知规则 `{code}`。可用的规则：{}", known.join(", ")),
            Lang::En => format!("unknown rule `{code}`. Rules: {}", known.join(", ")),
        });
    };
    let doc = match lang {
        Lang::Zh => docs::doc_zh(i).unwrap_or_else(|| docs::doc_en(i)),
        Lang::En => docs::doc_en(i),
    };
    // The severity to suggest is one the rule does not already have.
    let other = match i.severity {
        Severity::Warning => "error",
        Severity::Error | Severity::Info => "warning",
    };
    let mut out = format!("{} — {}（{}）\n", i.code, i.name_zh, i.name_en);
    out.push_str(&format!(
        "{}: {}\n\n{}\n\n",
        lang.pick("默认级别", "default severity"),
        lang.severity(i.severity),
        doc.trim_end()
    ));
    out.push_str(&match lang {
        Lang::Zh => format!(
            "## 关闭此规则\n在 gouji.toml 中写：\n\n    [rules]\n    {0} = false\n\n或只调整级别：\n\n    [severity]\n    {0} = \"{other}\"\n\n或在命令行上：gouji check --ignore {0}\n",
            i.code
        ),
        Lang::En => format!(
            "## Turning it off\nIn gouji.toml:\n\n    [rules]\n    {0} = false\n\nor change its severity:\n\n    [severity]\n    {0} = \"{other}\"\n\nor on the command line: gouji check --ignore {0}\n",
            i.code
        ),
    });
    emit(&out);
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
