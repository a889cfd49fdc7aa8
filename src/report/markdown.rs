//! `--format markdown`: every finding in one Markdown table, for a CI job summary
//! (`$GITHUB_STEP_SUMMARY`) or a pull-request comment, where annotations are capped (GitHub
//! shows at most 10 per step and kind). Messages are already redacted.

use crate::finding::Finding;
use crate::ruledoc::Severity;
use std::collections::BTreeMap;

/// Text safe inside a table cell: no pipes, no line breaks, no HTML.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;").replace(['\r', '\n'], " ")
}

pub fn render(findings: &[Finding], files_scanned: usize) -> String {
    let mut out = String::from("## xai-lint\n\n");
    if findings.is_empty() {
        out.push_str(&format!("No findings in {files_scanned} file(s) scanned.\n"));
        return out;
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    out.push_str(&format!(
        "**{} finding(s)** ({errors} error(s), {warnings} warning(s)) in {files_scanned} file(s) scanned.\n\n",
        findings.len()
    ));
    let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in findings {
        *per_rule.entry((f.rule.id.as_str(), f.rule.name.as_str())).or_insert(0) += 1;
    }
    out.push_str("| rule | findings | fix |\n| --- | ---: | --- |\n");
    for ((id, name), n) in &per_rule {
        out.push_str(&format!("| `{name}` ({id}) | {n} | `xai-lint explain {name}` |\n"));
    }
    out.push_str("\n| severity | rule | location | message |\n| --- | --- | --- | --- |\n");
    for f in findings {
        let location = match &f.commit {
            Some(c) => format!("`{}:{}` (commit {})", cell(&f.file), f.line, &c.hash[..c.hash.len().min(12)]),
            None => format!("`{}:{}:{}`", cell(&f.file), f.line, f.column),
        };
        out.push_str(&format!("| {} | `{}` | {location} | {} |\n", f.severity.as_str(), f.rule.name, cell(&f.message)));
    }
    out
}
