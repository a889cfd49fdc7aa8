//! Output formats. Each takes one [`Report`] value, made by the command line from the scan and
//! the project pass, and imports nothing above the model: findings (already redacted), rule
//! documents, usage. Every format prints findings as the engine made them: redacted.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use crate::finding::Finding;
use std::collections::BTreeMap;

/// Everything a format may print about one run.
#[derive(Debug, Default)]
pub struct Report<'a> {
    pub findings: &'a [Finding],
    /// Endpoints and models of the xAI API the project uses.
    pub usage: &'a [crate::usage::Usage],
    pub files_scanned: usize,
    /// Files not scanned, counted by reason (`binary`, `too_large`, …).
    pub skipped: BTreeMap<&'static str, usize>,
    /// Findings left out by inline suppressions and by the baseline.
    pub suppressed: usize,
    pub baselined: usize,
}

impl Report<'_> {
    pub fn files_skipped(&self) -> usize {
        self.skipped.values().sum()
    }
}
