//! What the pipeline passes between stages.

use std::time::{Duration, Instant};

use crate::facts::Facts;
use crate::figures::{self, Figure};
use crate::formulas::{self, Formula};
use crate::normalize::{self, Text};
use crate::rules::Rules;
use crate::scores::{self, ScoreTree};
use crate::tables::grid::{self, Grid};
use crate::tables::{self, Table};

/// Text as it came out of the source: one string per page, lines split by '\n'.
#[derive(Debug, Clone, Default)]
pub struct RawDocument {
    pub pages: Vec<String>,
    /// 1-based pages that carry no text layer (image-only); the rest were read.
    pub image_pages: Vec<u32>,
    /// 1-based pages whose text was read by OCR (`src/extract/ocr.rs`).
    pub ocr_pages: Vec<u32>,
    /// The confidence of each word read by OCR, where it stands in `pages`.
    pub ocr_words: Vec<OcrWord>,
}

/// A word read by OCR: its place in [`RawDocument::pages`] and the recogniser's confidence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OcrWord {
    /// 1-based page.
    pub page: u32,
    /// 1-based line among the page's non-empty lines (as [`crate::normalize::Loc`] counts).
    pub line: u32,
    /// Byte range of the word in that line.
    pub start: usize,
    pub end: usize,
    /// The word as it stands in the line.
    pub text: String,
    /// 0–100.
    pub confidence: u8,
}

impl RawDocument {
    /// A plain-text document: pages split at form feeds.
    pub fn from_text(text: &str) -> Self {
        RawDocument {
            pages: text.split('\u{c}').map(str::to_owned).collect(),
            ..RawDocument::default()
        }
    }
}

/// Everything the checks read: normalised text, figures, tables, formulas, scores and facts.
pub struct Analysis<'r> {
    pub rules: &'r Rules,
    pub text: Text,
    /// Figures of each logical line (index = line index in `text.lines`).
    pub figures: Vec<Vec<Figure>>,
    pub tables: Vec<Table>,
    /// Tables of any flattened layout rebuilt as grids (src/tables/grid.rs).
    pub grids: Vec<Grid>,
    pub formulas: Vec<Formula>,
    pub scores: ScoreTree,
    /// Score tables (评分表) as trees of indicators.
    pub score_tables: Vec<crate::scoretable::ScoreTable>,
    pub facts: Facts,
    /// Words read by OCR, with their confidence (empty for a text layer).
    pub ocr_words: Vec<crate::document::OcrWord>,
}

impl<'r> Analysis<'r> {
    pub fn new(raw: &RawDocument, rules: &'r Rules) -> Self {
        Self::timed(raw, rules).0
    }

    /// Like [`Analysis::new`], also telling how long each stage took (for the benchmark).
    pub fn timed(raw: &RawDocument, rules: &'r Rules) -> (Self, Vec<(&'static str, Duration)>) {
        let mut times = Vec::with_capacity(STAGES.len());
        let mut t = Instant::now();
        let mut lap = |stage: &'static str| {
            let now = Instant::now();
            times.push((stage, now - t));
            t = now;
        };
        let text = normalize::normalize(raw);
        lap(STAGES[0]);
        let figures = text
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut f = figures::parse_line(&l.text, rules);
                f.iter_mut().for_each(|f| f.line = i);
                f
            })
            .collect::<Vec<_>>();
        lap(STAGES[1]);
        let tables = tables::find_tables(&text, &figures, rules);
        let grids = grid::find_grids(&text, &tables, rules);
        lap(STAGES[2]);
        let formulas = formulas::find_formulas(&text, rules);
        lap(STAGES[3]);
        let scores = scores::build(&text, &figures, &tables, rules);
        let mut score_tables = crate::scoretable::find(&text, rules);
        crate::scoretable::attach_funds_rows(&mut score_tables, &tables, rules);
        lap(STAGES[4]);
        let facts = Facts::collect(&text, &figures, &tables, &formulas, &scores, rules);
        lap(STAGES[5]);
        let analysis = Analysis {
            rules,
            text,
            figures,
            tables,
            grids,
            formulas,
            scores,
            score_tables,
            facts,
            ocr_words: raw.ocr_words.clone(),
        };
        (analysis, times)
    }
}

/// The stages of [`Analysis::timed`], in order.
pub const STAGES: [&str; 6] = [
    "normalize",
    "figures",
    "tables",
    "formulas",
    "scores",
    "facts",
];
