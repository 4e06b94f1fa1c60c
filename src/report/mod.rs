//! Rendering results: human, json (and more formats to come).

use serde::Serialize;

use crate::checks::Finding;
use crate::extract::InputError;

/// The result of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub status: &'static str,
    pub pages: Option<u32>,
    pub error: Option<InputError>,
    pub findings: Vec<Finding>,
}
