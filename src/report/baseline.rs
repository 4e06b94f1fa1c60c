//! Baselines: record today's findings, hide them tomorrow.
//!
//! A finding is keyed by the file's name, the rule, the evidence figures as printed and the
//! printed lines (whitespace-collapsed), never by page or line number, so an edit elsewhere
//! in the document does not bring back findings that were accepted.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{collapse_ws, FileReport};
use crate::checks::Finding;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The file's name without its directory.
    pub file: String,
    pub rule: String,
    /// The evidence figures as printed.
    pub values: Vec<String>,
    /// The printed lines the figures stand on.
    pub excerpts: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: BTreeSet<Entry>,
}

#[derive(Debug)]
pub struct BaselineError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "基线文件 {} 有误：{}", self.file, self.message)
    }
}

impl std::error::Error for BaselineError {}

/// The file name of a report's path.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

pub fn entry(path: &str, f: &Finding) -> Entry {
    Entry {
        file: file_name(path),
        rule: f.rule.to_owned(),
        values: f.evidence.iter().map(|e| e.value.clone()).collect(),
        excerpts: f.evidence.iter().map(|e| collapse_ws(&e.excerpt)).collect(),
    }
}

impl Baseline {
    /// Every finding of the batch.
    pub fn of(reports: &[FileReport]) -> Self {
        let findings = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| entry(&r.path, f)))
            .collect();
        Baseline {
            version: 1,
            findings,
        }
    }

    pub fn from_json(name: &str, text: &str) -> Result<Self, BaselineError> {
        serde_json::from_str(text).map_err(|e| BaselineError {
            file: name.to_owned(),
            message: e.to_string(),
        })
    }

    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
            file: name.clone(),
            message: e.to_string(),
        })?;
        Self::from_json(&name, &text)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serialises");
        s.push('\n');
        s
    }

    /// Removes the findings the baseline holds; returns how many were removed.
    pub fn apply(&self, reports: &mut [FileReport]) -> usize {
        let mut hidden = 0;
        for r in reports {
            let before = r.findings.len();
            let path = r.path.clone();
            r.findings
                .retain(|f| !self.findings.contains(&entry(&path, f)));
            hidden += before - r.findings.len();
        }
        hidden
    }
}
