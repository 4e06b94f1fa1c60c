//! `gouji.toml`: which rules run, at what severity, and where extra rule files live.
//!
//! ```toml
//! rules_dirs = ["my-rules"]        # relative to this file
//! rounding = "either"              # "either" | "round" | "truncate"
//!
//! [rules]
//! rounding-style = false           # turn a rule off
//!
//! [severity]
//! repeated-fact = "error"          # override a rule's severity
//! ```
//!
//! The file is found from the working directory upward, or given with `--config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::checks::{registry, Finding, Severity};

pub const FILE_NAME: &str = "gouji.toml";

/// How printed figures may be rounded: the checks read it from `Rules::rounding`.
pub use crate::interval::Policy as Rounding;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<String, bool>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    rules_dirs: Vec<PathBuf>,
    #[serde(default)]
    rounding: Rounding,
    /// The template of statutory tables to check against (rules/presubmit.toml `[[template]]`).
    #[serde(default)]
    template: Option<String>,
}

/// The configuration in force.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Rule codes turned on (`true`) or off (`false`).
    pub rules: BTreeMap<String, bool>,
    pub severity: BTreeMap<String, Severity>,
    /// Extra rule directories, resolved against the config file's directory.
    pub rules_dirs: Vec<PathBuf>,
    pub rounding: Rounding,
    /// The template selected (`template = "NAME"`); none by default.
    pub template: Option<String>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "配置文件 {} 有误：{}", self.file, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The nearest `gouji.toml` in `start` or one of its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: name.clone(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let mut c = Config::parse(&name, &text, base)?;
        c.path = Some(path.to_owned());
        Ok(c)
    }

    /// Parses a config's text; relative `rules_dirs` are resolved against `base`.
    pub fn parse(name: &str, text: &str, base: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            file: name.to_owned(),
            message,
        };
        let f: ConfigFile = toml::from_str(text).map_err(|e| err(toml_error_zh(text, &e)))?;
        let known: Vec<&str> = registry().iter().map(|(i, _)| i.code).collect();
        for code in f.rules.keys().chain(f.severity.keys()) {
            if !known.contains(&code.as_str()) {
                return Err(err(format!(
                    "未知规则 `{code}`（可用的规则：{}）",
                    known.join(", ")
                )));
            }
        }
        Ok(Config {
            path: None,
            rules: f.rules,
            severity: f.severity,
            rules_dirs: f.rules_dirs.into_iter().map(|d| base.join(d)).collect(),
            rounding: f.rounding,
            template: f.template,
        })
    }

    pub fn enabled(&self, code: &str) -> bool {
        self.rules.get(code).copied().unwrap_or(true)
    }

    /// Drops the findings of rules turned off and applies severity overrides.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.enabled(f.rule));
        for f in findings {
            if let Some(&s) = self.severity.get(f.rule) {
                f.severity = s;
            }
        }
    }
}

/// A TOML error in Chinese, with its line and column: 未知的键, 未知的取值 and 类型不对 for
/// the common cases, else TOML 语法错误 with the parser's own (English) words.
pub fn toml_error_zh(text: &str, e: &toml::de::Error) -> String {
    let place = e.span().map(|s| {
        let before = &text[..s.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    });
    let at = place
        .map(|(l, c)| format!("第 {l} 行第 {c} 列"))
        .unwrap_or_default();
    let msg = e.message().trim();
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_owned();
    let expected = |m: &str| {
        m.split_once("expected ")
            .map(|(_, x)| {
                format!(
                    "（可用：{}）",
                    x.trim_start_matches("one of ").replace('`', "")
                )
            })
            .unwrap_or_default()
    };
    if msg.starts_with("unknown field") {
        format!("{at}：未知的键 `{}`{}", quoted(msg), expected(msg))
    } else if msg.starts_with("unknown variant") {
        format!("{at}：未知的取值 `{}`{}", quoted(msg), expected(msg))
    } else if msg.starts_with("invalid type") {
        format!("{at}：取值类型不对（{msg}）")
    } else if msg.starts_with("missing field") {
        format!("{at}：缺少键 `{}`", quoted(msg))
    } else if msg.starts_with("duplicate key") {
        format!("{at}：重复的键 `{}`", quoted(msg))
    } else {
        format!("TOML 语法错误（{at}）：{}", msg.replace('\n', " "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_sections() {
        let c = Config::parse(
            "gouji.toml",
            "rules_dirs = [\"r\"]\nrounding = \"truncate\"\n[rules]\nrounding-style = false\n[severity]\nformula = \"warning\"\n",
            Path::new("/cfg"),
        )
        .unwrap();
        assert!(!c.enabled("rounding-style"));
        assert!(c.enabled("formula"));
        assert_eq!(c.severity["formula"], Severity::Warning);
        assert_eq!(c.rules_dirs, vec![PathBuf::from("/cfg/r")]);
        assert_eq!(c.rounding, Rounding::Truncate);
        assert_eq!(c.template, None);
    }

    #[test]
    fn a_template_is_selected_by_name() {
        let c = Config::parse(
            "gouji.toml",
            "template = \"shanghai-district-budget\"\n",
            Path::new("/cfg"),
        )
        .unwrap();
        assert_eq!(c.template.as_deref(), Some("shanghai-district-budget"));
    }

    #[test]
    fn unknown_rules_keys_and_severities_are_errors() {
        let p = Path::new(".");
        assert!(Config::parse("g", "[rules]\nno-such-rule = false\n", p)
            .unwrap_err()
            .message
            .contains("no-such-rule"));
        assert!(Config::parse("g", "[rule]\nformula = false\n", p).is_err());
        assert!(Config::parse("g", "[severity]\nformula = \"fatal\"\n", p).is_err());
        assert!(Config::parse("g", "rounding = \"up\"\n", p).is_err());
    }

    #[test]
    fn apply_filters_and_overrides() {
        let mk = |rule| Finding {
            rule,
            severity: Severity::Info,
            message: String::new(),
            message_en: String::new(),
            expected: None,
            arithmetic: String::new(),
            evidence: Vec::new(),
        };
        let c = Config::parse(
            "g",
            "[rules]\nrounding-style = false\n[severity]\nformula = \"error\"\n",
            Path::new("."),
        )
        .unwrap();
        let mut v = vec![mk("rounding-style"), mk("formula")];
        c.apply(&mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].severity, Severity::Error);
    }

    #[test]
    fn discovers_upward() {
        let root = std::env::temp_dir().join(format!("gouji-cfg-{}", std::process::id()));
        let deep = root.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(Config::discover(&deep), Some(root.join(FILE_NAME)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
