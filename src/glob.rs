//! Glob patterns for `gouji check` paths and `--exclude`: `*` and `?` within a path
//! component, `[abc]` / `[!abc]` / `[a-z]` classes, and `**` for any number of components.
//! gouji expands them itself because cmd.exe does not.

use std::path::{Path, PathBuf};

/// Whether a string has glob characters.
pub fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// `/`-separated components, `\` read as `/` (Windows paths), `.` components dropped.
fn components(s: &str) -> Vec<String> {
    s.replace('\\', "/")
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .map(str::to_owned)
        .collect()
}

/// Whether one path component matches one pattern component.
pub fn matches_component(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = name.chars().collect();
    wild(&p, &s)
}

fn wild(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => (0..=s.len()).any(|i| wild(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && wild(&p[1..], &s[1..]),
        Some('[') => {
            let Some(close) = p.iter().skip(2).position(|&c| c == ']').map(|i| i + 2) else {
                return s.first() == Some(&'[') && wild(&p[1..], &s[1..]);
            };
            let Some(&c) = s.first() else { return false };
            let (neg, set) = match p[1] {
                '!' | '^' => (true, &p[2..close]),
                _ => (false, &p[1..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == '-' {
                    hit |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    hit |= set[i] == c;
                    i += 1;
                }
            }
            hit != neg && wild(&p[close + 1..], &s[1..])
        }
        Some(&c) => s.first() == Some(&c) && wild(&p[1..], &s[1..]),
    }
}

fn match_components(p: &[String], s: &[String]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(c) if c == "**" => (0..=s.len()).any(|i| match_components(&p[1..], &s[i..])),
        Some(c) => {
            !s.is_empty() && matches_component(c, &s[0]) && match_components(&p[1..], &s[1..])
        }
    }
}

/// Whether a whole path matches a pattern.
pub fn matches_path(pattern: &str, path: &str) -> bool {
    match_components(&components(pattern), &components(path))
}

/// An `--exclude` pattern: without `/` it matches any component (a file or folder name),
/// with `/` the whole path (or its end, as if `**/` were put before it).
pub fn excluded(pattern: &str, path: &Path) -> bool {
    let path = path.to_string_lossy();
    let pc = components(pattern);
    let sc = components(&path);
    if pc.len() == 1 {
        return sc.iter().any(|c| matches_component(&pc[0], c));
    }
    (0..sc.len()).any(|i| match_components(&pc, &sc[i..]))
}

/// The files a pattern names, in name order: the literal folder before the first component
/// with glob characters is walked, hidden entries skipped unless the pattern names them.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let norm = pattern.replace('\\', "/");
    let absolute = norm.starts_with('/');
    let parts = components(&norm);
    let first = parts
        .iter()
        .position(|c| is_pattern(c))
        .unwrap_or(parts.len());
    let mut base = PathBuf::from(if absolute { "/" } else { "" });
    for c in &parts[..first] {
        base.push(c);
    }
    let rest = &parts[first..];
    let mut out = Vec::new();
    let start = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base.clone()
    };
    walk(&start, &base, rest, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, shown: &Path, rest: &[String], out: &mut Vec<PathBuf>) {
    let Some(head) = rest.first() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = dir.join(&name);
        let show = shown.join(&name);
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if head == "**" {
            if name.starts_with('.') {
                continue;
            }
            // `**` takes this entry, and the rest of the pattern is tried from here too.
            if is_dir {
                walk(&path, &show, rest, out);
            }
            if rest.len() > 1 && matches_component(&rest[1], &name) {
                if rest.len() == 2 {
                    if !is_dir {
                        out.push(show.clone());
                    }
                } else if is_dir {
                    walk(&path, &show, &rest[2..], out);
                }
            }
            continue;
        }
        if name.starts_with('.') && !head.starts_with('.') {
            continue;
        }
        if !matches_component(head, &name) {
            continue;
        }
        if rest.len() == 1 {
            if !is_dir {
                out.push(show);
            }
        } else if is_dir {
            walk(&path, &show, &rest[1..], out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_classes() {
        assert!(matches_component("*.pdf", "决算.pdf"));
        assert!(!matches_component("*.pdf", "决算.txt"));
        assert!(matches_component("a?[0-9].[!x]xt", "ab3.txt"));
        assert!(!matches_component("a?[0-9].txt", "abc.txt"));
    }

    #[test]
    fn double_star_spans_folders() {
        assert!(matches_path("各部门/**/*.pdf", "各部门/a.pdf"));
        assert!(matches_path("各部门/**/*.pdf", "各部门/x/y/a.pdf"));
        assert!(!matches_path("各部门/**/*.pdf", "其他/a.pdf"));
        assert!(excluded("报告*.html", Path::new("d/sub/报告1.html")));
        assert!(excluded("old", Path::new("d/old/a.pdf")));
        assert!(excluded("sub/*.pdf", Path::new("d/sub/a.pdf")));
        assert!(!excluded("sub/*.pdf", Path::new("d/other/a.pdf")));
    }

    #[test]
    fn expands_in_name_order() {
        let root = tempfile_dir();
        for f in ["x/b.pdf", "x/a.pdf", "x/y/c.pdf", "x/y/d.txt", "x/.h/e.pdf"] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let pat = format!("{}/x/**/*.pdf", root.display());
        let got: Vec<String> = expand(&pat)
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(got, ["x/a.pdf", "x/b.pdf", "x/y/c.pdf"]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("gouji-glob-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
