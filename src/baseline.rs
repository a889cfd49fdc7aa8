//! Baselines for adopting xai-lint in an existing repository: `--write-baseline FILE` records
//! the current findings by fingerprint (rule, file, redacted value and the redacted line text;
//! never the key, never the line number), `--baseline FILE` reports only findings not in it.

use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub file: String,
    pub redacted: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut findings: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                rule: f.rule.name.clone(),
                file: f.file.clone(),
                redacted: f.redacted.clone(),
                fingerprint: f.fingerprint.clone(),
            })
            .collect();
        findings.sort();
        Baseline { version: 1, findings }
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!(
                "baseline {} has version {}, this xai-lint reads version 1",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut s = serde_json::to_string_pretty(self).expect("serializable");
        s.push('\n');
        std::fs::write(path, s).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
    }

    /// The findings the baseline does not cover; each entry covers one finding.
    pub fn filter(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut budget: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry(e.fingerprint.as_str()).or_insert(0) += 1;
        }
        findings
            .into_iter()
            .filter(|f| match budget.get_mut(f.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}
