//! A finding: what a rule reports, already redacted. A finding never holds the key itself.

use crate::ruledoc::{RuleDoc, RuleId, Severity};
use serde::Serialize;
use std::ops::Range;

/// Another place that explains a finding (a definition of a related name, for example).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Where a finding from `--history` comes from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit that introduced the blob (the oldest that has it).
    pub hash: String,
    /// Its author date (ISO 8601).
    pub date: String,
    pub path: String,
    pub blob: String,
    /// Whether the same key is still in a file of HEAD.
    pub at_head: bool,
    /// Whether this very blob is in HEAD (so its line numbers are HEAD's).
    pub blob_at_head: bool,
}

/// The lines around a finding, with every key in them redacted: what the human report shows.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub first_line: usize,
    /// Characters left out at the start of the line (a window on a long line).
    pub first_column: usize,
    pub text: String,
    /// The finding's span within `text`.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleDoc,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    /// The offending value, redacted.
    pub redacted: String,
    pub related: Vec<Related>,
    pub snippet: Option<Snippet>,
    /// A stable identity for baselines and SARIF: hash of rule, file, redacted value and the
    /// redacted text of the line (not its number, so it survives line shifts).
    pub fingerprint: String,
    pub severity: Severity,
    /// A hash of the raw value, to tell the same key apart in several places (never printed).
    pub value_hash: u64,
    /// Set for findings of `--history`.
    pub commit: Option<CommitInfo>,
    /// For a leaked key under `check --verify`: whether the API accepts it.
    pub liveness: Option<String>,
}

impl Finding {
    /// The one way a finding is made. `message` is complete (the rule's detail and message);
    /// `redacted` is what the report shows of the value; the fingerprint is computed over the
    /// rule, the file and `identity` (redacted values only, never a key). The severity is the
    /// rule's until the project pass applies the configuration.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        rule: RuleId,
        file: &str,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        message: String,
        redacted: String,
        identity: &[&str],
    ) -> Finding {
        let doc = rule.doc();
        let mut parts = vec![doc.name.as_str(), file];
        parts.extend_from_slice(identity);
        Finding {
            rule: doc,
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            fingerprint: crate::redact::fingerprint(&parts),
            message,
            redacted,
            related: Vec::new(),
            snippet: None,
            severity: doc.severity,
            value_hash: 0,
            commit: None,
            liveness: None,
        }
    }

    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.file, self.line, self.column, &self.rule.id)
    }
}

/// What a rule returns before positions and snippets are filled in by the engine.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub rule: RuleId,
    pub span: Range<usize>,
    pub message: String,
    /// The value as found: redacted by the engine before it leaves the file's check.
    pub value: String,
    /// The value is a variable name, not a secret: shown as it is.
    pub is_name: bool,
}

impl RawFinding {
    pub fn new(rule: RuleId, span: Range<usize>, detail: Option<String>, value: &str) -> Self {
        let doc = rule.doc();
        let message = match detail {
            Some(d) => format!("{d}: {}", doc.message),
            None => doc.message.clone(),
        };
        RawFinding { rule, span, message, value: value.to_string(), is_name: false }
    }

    /// A finding about a variable name (not a secret value): the name is shown as it is.
    pub fn named(rule: RuleId, span: Range<usize>, detail: String, name: &str) -> Self {
        RawFinding { is_name: true, ..RawFinding::new(rule, span, Some(detail), name) }
    }
}
