//! Rule documentation, read from the `rules/*.toml` files embedded at build time.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// Where a rule runs (its `scope` in `rules/*.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// On each file's facts.
    File,
    /// Over every file's output at once (names defined here and read there, suppressions).
    Project,
}

impl RuleId {
    /// The rule's documentation.
    pub fn doc(self) -> &'static RuleDoc {
        // `all()` is sorted by id, as `ALL` is; a test checks they agree
        &all()[RuleId::ALL.iter().position(|r| *r == self).expect("every RuleId is in ALL")]
    }

    /// Looks a rule up by name or code, case-insensitively.
    pub fn find(name_or_code: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.name().eq_ignore_ascii_case(name_or_code) || r.code().eq_ignore_ascii_case(name_or_code))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub file: Option<String>,
    pub code: Option<String>,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    pub fires: bool,
}

impl Example {
    /// The example's files as (path, contents).
    pub fn files(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self.files.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
        if let (Some(f), Some(c)) = (&self.file, &self.code) {
            v.push((f.clone(), c.clone()));
        }
        v
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: String,
    pub name: String,
    pub scope: Scope,
    /// Also run on every blob of `check --history`.
    #[serde(default)]
    pub history: bool,
    pub severity: Severity,
    /// "401", "403", "leak" or "none"
    pub breaks: String,
    pub summary: String,
    pub message: String,
    pub what: String,
    pub why: String,
    pub fix: Vec<String>,
    pub help_url: String,
    /// SARIF `security-severity` (0.0–10.0) for code scanning's ranking; none for meta rules.
    #[serde(default)]
    pub security_severity: Option<f64>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// All rule documents, sorted by id.
pub fn all() -> &'static [RuleDoc] {
    static DOCS: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut v: Vec<RuleDoc> = RULE_FILES
            .iter()
            .map(|(name, text)| toml::from_str(text).unwrap_or_else(|e| panic!("rules/{name} is invalid: {e}")))
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    })
}

/// Looks a rule up by name (`hardcoded-key`) or id (`XAI001`), case-insensitively.
pub fn find(name_or_id: &str) -> Option<&'static RuleDoc> {
    all().iter().find(|d| d.name.eq_ignore_ascii_case(name_or_id) || d.id.eq_ignore_ascii_case(name_or_id))
}

impl RuleDoc {
    /// The typed id of this rule.
    pub fn rule(&self) -> RuleId {
        RuleId::find(&self.name).expect("the registry is generated from the same files")
    }
}

/// What the rule's `breaks` field means, for a person.
pub fn breaks_text(doc: &RuleDoc) -> &'static str {
    match doc.breaks.as_str() {
        "401" => "the API rejects the key (HTTP 400 \"Incorrect API key provided\" or 401)",
        "403" => "the API answers 403 Forbidden",
        "leak" => "the key is exposed to others",
        _ => "",
    }
}

/// Replaces `{KEY}` in documentation text with a redacted stand-in, so no page ever shows a
/// whole key, even a synthetic one.
pub fn display_example(code: &str) -> String {
    crate::redact::redact_in_text(&code.replace("{KEY}", "xai-<80 letters and digits>")).into_owned()
}

/// The page `xai-lint explain` prints (Markdown).
pub fn explain(doc: &RuleDoc) -> String {
    let mut s = format!("# {} ({})\n\n{}.\n\n", doc.name, doc.id, doc.summary);
    s.push_str(&format!("Severity: {}. ", doc.severity.as_str()));
    if !breaks_text(doc).is_empty() {
        s.push_str(&format!("What breaks: {}.", breaks_text(doc)));
    }
    s.push_str("\n\n## What it finds\n\n");
    s.push_str(doc.what.trim());
    s.push_str("\n\n## Why it breaks\n\n");
    s.push_str(doc.why.trim());
    s.push_str("\n\n## How to fix it\n\n");
    for (i, step) in doc.fix.iter().enumerate() {
        s.push_str(&format!("{}. {}\n", i + 1, step));
    }
    let bad: Vec<_> = doc.examples.iter().filter(|e| e.fires).collect();
    let good: Vec<_> = doc.examples.iter().filter(|e| !e.fires).collect();
    for (title, list) in [("Reported", bad), ("Not reported", good)] {
        if list.is_empty() {
            continue;
        }
        s.push_str(&format!("\n## Examples: {title}\n"));
        for e in list {
            for (file, code) in e.files() {
                s.push_str(&format!("\n`{file}`:\n```\n{}\n```\n", display_example(code.trim_end())));
            }
        }
    }
    s.push_str("\n## References\n\n");
    for r in &doc.references {
        s.push_str(&format!("- {r}\n"));
    }
    s
}
