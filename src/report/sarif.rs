//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning takes it. Every rule is described in
//! the tool driver (from its file in `rules/`); results carry the rule index, level, location
//! and a partial fingerprint that does not change when lines shift.

use crate::finding::Finding;
use crate::report::human::help_text;
use crate::ruledoc::{self, Severity};
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(doc: &ruledoc::RuleDoc) -> Value {
    json!({
        "id": doc.id,
        "name": doc.name,
        "shortDescription": { "text": doc.summary },
        "fullDescription": { "text": doc.what.trim() },
        "help": { "text": help_text(doc), "markdown": ruledoc::explain(doc) },
        "helpUri": doc.help_url,
        "defaultConfiguration": { "level": level(doc.severity) },
        "properties": {
            "tags": ["security", "xai", doc.breaks.as_str()],
            "precision": "high",
            "problem.severity": level(doc.severity),
        }
    })
}

pub fn render(findings: &[Finding]) -> String {
    let docs = ruledoc::all();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = docs.iter().position(|d| d.id == f.rule.id).unwrap_or(0);
            let mut region = json!({ "startLine": f.line, "startColumn": f.column });
            if f.end_line >= f.line && (f.end_line, f.end_column) > (f.line, f.column) {
                region["endLine"] = json!(f.end_line);
                region["endColumn"] = json!(f.end_column);
            }
            let mut result = json!({
                "ruleId": f.rule.id,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.file), "uriBaseId": "%SRCROOT%" },
                        "region": region,
                    }
                }],
                "partialFingerprints": { "xaiLintFindingHash/v1": f.fingerprint },
            });
            if let Some(c) = &f.commit {
                result["properties"] =
                    json!({ "commit": c.hash, "commitDate": c.date, "blob": c.blob, "atHead": c.at_head });
            }
            if !f.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    f.related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            json!({
                                "id": i,
                                "message": { "text": r.message },
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri(&r.file), "uriBaseId": "%SRCROOT%" },
                                    "region": { "startLine": r.line, "startColumn": r.column },
                                }
                            })
                        })
                        .collect(),
                );
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "xai-lint",
                    "informationUri": "https://docs.x.ai/developers/debugging",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": docs.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serializable");
    s.push('\n');
    s
}

/// A relative path as a URI reference: `/` separators, spaces and `%` escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}
