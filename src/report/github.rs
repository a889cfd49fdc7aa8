//! `--format github`: GitHub Actions workflow commands, so findings show as annotations on the
//! pull request's diff.

use crate::finding::Finding;
use crate::ruledoc::Severity;

/// Escaping for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = format!("xai-lint {} ({})", f.rule.name, f.rule.id);
        let message = format!(
            "{}\n\nFix: {}\nRun `xai-lint explain {}` for details.",
            f.message,
            f.rule.fix.first().map(String::as_str).unwrap_or(""),
            f.rule.name
        );
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            property(&title),
            data(&message)
        ));
    }
    out
}
