//! The batch runner behind `gouji check`: expands directories, checks files in parallel,
//! and turns every failure (unreadable file, panic in a check) into that file's report so
//! that one bad file never stops the others.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::extract::{self, ErrorKind, InputError, Options};
use crate::report::FileReport;
use crate::rules::Rules;

/// Extensions looked for when a directory is given (case-insensitive).
pub const EXTENSIONS: &[&str] = &["pdf", "txt", "docx", "html", "htm"];

/// One thing to check: a file, or a path that could not even be listed.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Failed(PathBuf, InputError),
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Failed(p, _) => p,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    pub extract: Options,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
}

fn io_error(zh: &str, en: &str, e: &std::io::Error) -> InputError {
    InputError {
        kind: ErrorKind::Io,
        message: format!("{zh}：{e}"),
        message_en: format!("{en}: {e}"),
    }
}

fn wanted(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(x)))
}

/// What `collect` leaves out.
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    /// `--exclude` patterns (see [`crate::glob::excluded`]).
    pub exclude: Vec<String>,
    /// Files never checked, e.g. the report being written (`-o`).
    pub skip: Vec<PathBuf>,
}

/// The path `-` stands for standard input.
pub const STDIN: &str = "-";

/// Expands the command line's paths: files are taken as they are (whatever their
/// extension), directories are walked recursively for [`EXTENSIONS`] in name order,
/// skipping hidden entries and not following symlinked directories. A path is listed once.
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    collect_with(paths, &CollectOptions::default())
}

/// [`collect`] with exclusions. Glob patterns that name no existing path are expanded by
/// gouji itself; in folders and expanded patterns, gouji's own reports are left out.
pub fn collect_with(paths: &[PathBuf], opts: &CollectOptions) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == STDIN {
            out.push(Input::File(p.clone()));
            continue;
        }
        let text = p.to_string_lossy();
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, opts, &mut out),
            Ok(_) => out.push(Input::File(p.clone())),
            Err(_) if crate::glob::is_pattern(&text) => {
                let found: Vec<PathBuf> = crate::glob::expand(&text)
                    .into_iter()
                    .filter(|f| !own_report(f))
                    .collect();
                if found.is_empty() {
                    out.push(Input::Failed(
                        p.clone(),
                        InputError {
                            kind: ErrorKind::Io,
                            message: "没有与该模式匹配的文件".into(),
                            message_en: "no file matches this pattern".into(),
                        },
                    ));
                }
                out.extend(found.into_iter().map(Input::File));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.push(Input::Failed(
                p.clone(),
                InputError {
                    kind: ErrorKind::Io,
                    message: "找不到该文件或目录".into(),
                    message_en: "no such file or directory".into(),
                },
            )),
            Err(e) => out.push(Input::Failed(
                p.clone(),
                io_error("无法读取", "cannot read", &e),
            )),
        }
    }
    let skip: Vec<PathBuf> = opts.skip.iter().filter_map(|p| same_file_key(p)).collect();
    out.retain(|i| {
        let p = i.path();
        !opts.exclude.iter().any(|g| crate::glob::excluded(g, p))
            && !same_file_key(p).is_some_and(|k| skip.contains(&k))
    });
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.path().to_owned()));
    out
}

/// A path's identity for comparison: canonical when it exists, else absolute.
fn same_file_key(p: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(p)
        .ok()
        .or_else(|| std::path::absolute(p).ok())
}

/// Whether a file is a report gouji wrote: an HTML report (its generator mark or title),
/// or a text report (its last line is gouji's summary line).
pub fn own_report(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(ext.as_str(), "html" | "htm" | "txt") {
        return false;
    }
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(p) else {
        return false;
    };
    let mut head = vec![0; 2048];
    let n = f.read(&mut head).unwrap_or(0);
    head.truncate(n);
    let head = String::from_utf8_lossy(&head);
    if ext != "txt" {
        return head.contains("<meta name=\"generator\" content=\"gouji")
            || head.contains("<title>勾稽检查报告</title>")
            || head.contains("<title>gouji report</title>");
    }
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut tail = Vec::new();
    if f.seek(SeekFrom::Start(len.saturating_sub(512))).is_err()
        || f.read_to_end(&mut tail).is_err()
    {
        return false;
    }
    let tail = String::from_utf8_lossy(&tail);
    let Some(last) = tail.lines().rev().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let last = last.trim();
    let zh = last.starts_with("共 ") && last.contains(" 个文件") && last.contains("：错误 ");
    let en = last.contains(" file") && last.contains(" error") && last.contains(" info");
    zh || en && last.starts_with(|c: char| c.is_ascii_digit())
}

fn walk(dir: &Path, opts: &CollectOptions, out: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            out.push(Input::Failed(
                dir.to_owned(),
                io_error("无法读取目录", "cannot read directory", &e),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let p = e.path();
        // `gouji check` walks "." by default: print "a.pdf", not "./a.pdf".
        let p = p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p);
        if opts.exclude.iter().any(|g| crate::glob::excluded(g, &p)) {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&p, opts, out);
        } else if wanted(&p) && (ft.is_file() || p.is_file()) && !own_report(&p) {
            out.push(Input::File(p));
        }
    }
}

/// Checks one file: extract, check, apply the configuration. Never panics.
pub fn check_file(path: &Path, rules: &Rules, config: &Config, opts: &Options) -> FileReport {
    let start = Instant::now();
    let name = path.display().to_string();
    let ms = |s: Instant| s.elapsed().as_millis() as u64;
    let stdin = path.as_os_str() == STDIN;
    let name = if stdin { "<stdin>".to_owned() } else { name };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let raw = if stdin {
            read_stdin(opts)
        } else {
            extract::load(path, opts)
        };
        raw.map(|raw| {
            let (mut findings, facts) = crate::check_with_facts(&raw, rules, &name);
            config.apply(&mut findings);
            let ocr = !raw.ocr_pages.is_empty();
            (raw.pages.len() as u32, findings, facts, ocr)
        })
    }));
    match result {
        Ok(Ok((pages, findings, facts, ocr))) => {
            let mut r = FileReport::ok(name, pages, findings, ms(start));
            r.facts = Some(Box::new(facts));
            if ocr {
                r.text_source = "ocr";
            }
            r
        }
        Ok(Err(e)) => FileReport::failed(name, e, ms(start)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let e = InputError {
                kind: ErrorKind::Unsupported,
                message: format!("gouji 内部错误（请报告此问题）：{what}"),
                message_en: format!("internal error in gouji (please report it): {what}"),
            };
            FileReport::failed(name, e, ms(start))
        }
    }
}

/// Standard input, read whole and then sniffed like a file.
fn read_stdin(opts: &Options) -> Result<crate::document::RawDocument, InputError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("无法读取标准输入", "cannot read standard input", &e))?;
    extract::load_bytes("<stdin>", &bytes, opts)
}

/// Checks every input in parallel; the reports keep the inputs' order. `done` is called
/// (from worker threads) as each file finishes, e.g. to advance a progress bar.
pub fn run(
    inputs: &[Input],
    rules: &Rules,
    config: &Config,
    opts: &BatchOptions,
    done: &(dyn Fn(&FileReport) + Sync),
) -> Vec<FileReport> {
    run_with(inputs, &[(rules, config)], &[], opts, done)
}

/// Like [`run`] with a configuration per file: input `i` is checked with
/// `contexts[assign[i]]` (the first context when `assign` is shorter).
pub fn run_with(
    inputs: &[Input],
    contexts: &[(&Rules, &Config)],
    assign: &[usize],
    opts: &BatchOptions,
    done: &(dyn Fn(&FileReport) + Sync),
) -> Vec<FileReport> {
    let work = || -> Vec<FileReport> {
        inputs
            .par_iter()
            .enumerate()
            .map(|(n, i)| {
                let (rules, config) = contexts[assign.get(n).copied().unwrap_or(0)];
                let r = match i {
                    Input::File(p) => check_file(p, rules, config, &opts.extract),
                    Input::Failed(p, e) => {
                        FileReport::failed(p.display().to_string(), e.clone(), 0)
                    }
                };
                done(&r);
                r
            })
            .collect()
    };
    // The batch runs in a pool of its own, never rayon's global one: lopdf parses PDFs in the
    // global pool from inside our extraction threads, and sharing it deadlocks (every PDF times out).
    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.jobs
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_recursively_by_extension_and_reports_missing_paths() {
        let root = std::env::temp_dir().join(format!("gouji-batch-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub/.hidden")).unwrap();
        for f in [
            "b.PDF",
            "a.txt",
            "sub/c.docx",
            "sub/skip.xls",
            "sub/.hidden/d.txt",
            ".e.txt",
        ] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let got = collect(&[root.clone(), root.join("a.txt"), root.join("missing.pdf")]);
        let names: Vec<String> = got
            .iter()
            .map(|i| i.path().strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b.PDF", "sub/c.docx", "missing.pdf"]);
        assert!(matches!(got[3], Input::Failed(..)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
