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

/// `--statistics`: how many findings each rule has, most first (as text, or as JSON).
pub fn statistics(r: &Report, json: bool) -> String {
    let mut counts: Vec<(&crate::ruledoc::RuleDoc, usize)> = Vec::new();
    for f in r.findings {
        match counts.iter_mut().find(|(d, _)| d.id == f.rule.id) {
            Some(c) => c.1 += 1,
            None => counts.push((f.rule, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    if json {
        let rows: Vec<serde_json::Value> = counts
            .iter()
            .map(|(d, n)| serde_json::json!({ "rule": d.id, "kind": d.name, "severity": d.severity.as_str(), "count": n }))
            .collect();
        let mut s = serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "statistics": rows }))
            .expect("serializable");
        s.push('\n');
        return s;
    }
    let mut s = String::new();
    for (d, n) in &counts {
        s.push_str(&format!("{n:>5}  {:<7} {:<20} {}\n", d.id, d.name, d.severity.as_str()));
    }
    s.push_str(&format!("{:>5}  findings in {} files scanned\n", r.findings.len(), r.files_scanned));
    s
}
