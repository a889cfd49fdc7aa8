//! `--format json`: one stable JSON document (see the README for its fields).

use super::Report;
use crate::finding::{Finding, Related};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonFinding<'a> {
    kind: &'a str,
    rule: &'a str,
    severity: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    redacted: &'a str,
    fingerprint: &'a str,
    related: &'a [Related],
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a crate::finding::CommitInfo>,
    /// With `check --verify`: live, inactive or unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    live: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_skipped: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    suppressed: usize,
    baselined: usize,
    skipped: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    /// What the project asks of the API: endpoints and models, with where.
    usage: &'a [crate::usage::Usage],
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        kind: &f.rule.name,
        rule: &f.rule.id,
        severity: f.severity.as_str(),
        file: &f.file,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        message: &f.message,
        redacted: &f.redacted,
        fingerprint: &f.fingerprint,
        related: &f.related,
        commit: f.commit.as_ref(),
        live: f.liveness.as_deref(),
    }
}

pub fn render(r: &Report) -> String {
    let findings = r.findings;
    let doc = Doc {
        version: 1,
        usage: r.usage,
        findings: findings.iter().map(finding).collect(),
        summary: Summary {
            files_scanned: r.files_scanned,
            files_skipped: r.files_skipped(),
            findings: findings.len(),
            errors: findings.iter().filter(|f| f.severity == crate::ruledoc::Severity::Error).count(),
            warnings: findings.iter().filter(|f| f.severity == crate::ruledoc::Severity::Warning).count(),
            suppressed: r.suppressed,
            baselined: r.baselined,
            skipped: r.skipped.clone(),
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serializable");
    s.push('\n');
    s
}
