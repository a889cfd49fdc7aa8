//! `--format concise`: one line a finding, `path:line:col: RULE-ID [rule] message`, as compilers
//! and ruff's concise format print them (editors and `grep` read it). Messages are redacted.

use crate::finding::Finding;

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let message = f.message.replace(['\r', '\n'], " ");
        out.push_str(&format!(
            "{}:{}:{}: {} {} [{}] {message}\n",
            f.file,
            f.line,
            f.column,
            f.severity.as_str(),
            f.rule.id,
            f.rule.name
        ));
    }
    out
}
