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

/// Expands the command line's paths: files are taken as they are (whatever their
/// extension), directories are walked recursively for [`EXTENSIONS`] in name order,
/// skipping hidden entries and not following symlinked directories. A path is listed once.
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Input::File(p.clone())),
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
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.path().to_owned()));
    out
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
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
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&p, out);
        } else if wanted(&p) && (ft.is_file() || p.is_file()) {
            out.push(Input::File(p));
        }
    }
}

/// Checks one file: extract, check, apply the configuration. Never panics.
pub fn check_file(path: &Path, rules: &Rules, config: &Config, opts: &Options) -> FileReport {
    let start = Instant::now();
    let name = path.display().to_string();
    let ms = |s: Instant| s.elapsed().as_millis() as u64;
    let result = catch_unwind(AssertUnwindSafe(|| {
        extract::load(path, opts).map(|raw| {
            let (mut findings, facts) = crate::check_with_facts(&raw, rules, &name);
            config.apply(&mut findings);
            (raw.pages.len() as u32, findings, facts)
        })
    }));
    match result {
        Ok(Ok((pages, findings, facts))) => {
            let mut r = FileReport::ok(name, pages, findings, ms(start));
            r.facts = Some(Box::new(facts));
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

/// Checks every input in parallel; the reports keep the inputs' order. `done` is called
/// (from worker threads) as each file finishes, e.g. to advance a progress bar.
pub fn run(
    inputs: &[Input],
    rules: &Rules,
    config: &Config,
    opts: &BatchOptions,
    done: &(dyn Fn(&FileReport) + Sync),
) -> Vec<FileReport> {
    let work = || -> Vec<FileReport> {
        inputs
            .par_iter()
            .map(|i| {
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
