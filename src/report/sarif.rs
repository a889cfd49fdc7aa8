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
    // code scanning ranks alerts by `security-severity`; only the rules about leaked keys are
    // security rules, the 401/403 rules are correctness with a medium rank, meta rules have none
    let mut properties = json!({
        "tags": if doc.breaks == "leak" { vec!["security", "xai", "leak"] } else { vec!["correctness", "xai", doc.breaks.as_str()] },
        "precision": "high",
        "problem.severity": level(doc.severity),
    });
    if let Some(s) = doc.security_severity {
        properties["security-severity"] = json!(format!("{s:.1}"));
    }
    let mut rule = json!({
        "id": doc.id,
        "name": doc.name,
        "shortDescription": { "text": doc.summary },
        "fullDescription": { "text": doc.what.trim() },
        "help": { "text": help_text(doc), "markdown": ruledoc::explain(doc) },
        "defaultConfiguration": { "level": level(doc.severity) },
        "properties": properties,
    });
    if !doc.help_url.is_empty() {
        rule["helpUri"] = json!(doc.help_url);
    }
    rule
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
            let mut physical = json!({
                "artifactLocation": { "uri": uri(&f.file), "uriBaseId": "%SRCROOT%" },
                "region": region,
            });
            let mut message = f.message.clone();
            if let Some(c) = f.commit.as_ref().filter(|c| !c.blob_at_head) {
                // a blob of the history that HEAD no longer has: its lines are not HEAD's, so the
                // result points at the file alone and says where the key was
                physical.as_object_mut().expect("object").remove("region");
                message = format!("line {} of {} as committed in {}: {message}", f.line, c.path, short(&c.hash));
            }
            let mut result = json!({
                "ruleId": f.rule.id,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "xaiLintFindingHash/v1": f.fingerprint },
            });
            if let Some(c) = &f.commit {
                result["properties"] =
                    json!({ "commit": c.hash, "commitDate": c.date, "blob": c.blob, "atHead": c.at_head });
            }
            if let Some(l) = &f.liveness {
                result["properties"]["live"] = json!(l);
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

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
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
