//! Output formats. Every one of them prints findings as the engine made them: redacted.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use crate::discover::ScanResult;
use std::collections::BTreeMap;

/// Skipped files counted by reason.
pub fn skipped_counts(r: &ScanResult) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for (_, s) in &r.skipped {
        *m.entry(s.reason()).or_insert(0) += 1;
    }
    m
}
