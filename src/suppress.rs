//! Inline suppressions: `xai-lint: allow(RULE[, RULE]) -- reason` in a comment at the end of a
//! finding's line (covering that line only), or in a comment alone on the line before it. Suppressions are checked: one that suppresses nothing,
//! names an unknown rule or gives no reason is itself reported (`unused-suppression`).

use crate::ruledoc;
use std::ops::Range;

const MARKER: &str = "xai-lint:";
const OPENERS: &[&str] = &["#", "//", "/*", "<!--", "--", ";", "%", "*", "{#", "REM", "rem"];

#[derive(Debug, Clone)]
pub struct Suppression {
    /// 1-based line and column of the comment's marker.
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
    /// Rule names (canonical) it allows; unknown names are kept apart.
    pub rules: Vec<String>,
    pub unknown: Vec<String>,
    pub reason: Option<String>,
    pub used: bool,
    /// The comment is alone on its line, so it covers the next line too; a trailing comment
    /// covers its own line only.
    pub standalone: bool,
}

impl Suppression {
    /// Whether it covers a finding of `rule` that starts on `line`.
    pub fn covers(&self, rule: &str, line: usize) -> bool {
        (line == self.line || self.standalone && line == self.line + 1) && self.rules.iter().any(|r| r == rule)
    }
}

/// Every suppression comment in `text`.
pub fn parse(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), MARKER) {
        let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let before = text[line_start..at].trim_end();
        if !OPENERS.iter().any(|o| before.ends_with(o)) {
            continue; // not directly inside a comment: prose or a string that mentions it
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        let rest = text[at + MARKER.len()..line_end].trim_start();
        let Some(args) = rest.strip_prefix("allow(") else {
            continue;
        };
        let Some(close) = args.find(')') else {
            continue;
        };
        let mut rules = Vec::new();
        let mut unknown = Vec::new();
        for name in args[..close].split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match ruledoc::find(name) {
                Some(d) => rules.push(d.name.clone()),
                None => unknown.push(name.to_string()),
            }
        }
        let after = args[close + 1..].trim();
        let after = after.trim_end_matches("*/").trim_end_matches("-->").trim();
        let reason = after.strip_prefix("--").map(str::trim).filter(|r| !r.is_empty()).map(String::from);
        let line = text[..at].bytes().filter(|b| *b == b'\n').count() + 1;
        let column = text[line_start..at].chars().count() + 1;
        let standalone = OPENERS.contains(&before.trim_start());
        out.push(Suppression { line, column, span: at..line_end, rules, unknown, reason, used: false, standalone });
    }
    out
}

/// What is wrong with a suppression, if anything, once all findings have been matched.
pub fn problem(s: &Suppression) -> Option<String> {
    if !s.unknown.is_empty() {
        return Some(format!(
            "the suppression names no rule xai-lint has: `{}` (see `xai-lint rules`)",
            crate::redact::redact_secrets(&s.unknown.join("`, `"))
        ));
    }
    if !s.used {
        return Some(format!(
            "the suppression of `{}` suppresses nothing on {}",
            s.rules.join("`, `"),
            if s.standalone { "the next line" } else { "this line" }
        ));
    }
    if s.reason.is_none() {
        return Some("the suppression gives no reason: write `-- why this is safe` after it".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comments_only() {
        let t = "a = 1  # xai-lint: allow(hardcoded-key, XAI002) -- fixture\nb = \"xai-lint: allow(x)\"\n// xai-lint: allow(nope)\n";
        let s = parse(t);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rules, vec!["hardcoded-key", "placeholder-key"]);
        assert_eq!(s[0].reason.as_deref(), Some("fixture"));
        assert_eq!(s[1].unknown, vec!["nope"]);
        assert_eq!(s[1].line, 3);
        assert!(!s[0].standalone && s[1].standalone);
        assert!(s[0].covers("hardcoded-key", 1) && !s[0].covers("hardcoded-key", 2));
        assert!(s[1].line == 3 && !s[1].covers("hardcoded-key", 4));
    }
}
