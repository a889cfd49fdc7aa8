//! What a project asks of the xAI API: the endpoints it calls and the model ids it names, with
//! where. `check --format json` carries it under `usage`; `xai-lint usage` prints it; the
//! permission rules and `verify` compare it with a key's ACLs.

use crate::facts::Facts;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Endpoint,
    Model,
}

/// One use, positioned in its file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Usage {
    pub kind: Kind,
    /// Endpoint name as ACLs name it (`chat`, `image`, …) or model id (`grok-4`).
    pub name: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// URL paths and what endpoint they are. Order matters: the first match wins.
const PATHS: &[(&str, &str)] = &[
    ("/chat/completions", "chat"),
    ("/completions", "chat"),
    ("/responses", "responses"),
    ("/messages", "messages"),
    ("/images/generations", "image"),
    ("/images/edits", "image"),
    ("/embeddings", "embeddings"),
    ("/tokenize-text", "tokenize"),
    ("/language-models", "models"),
    ("/image-generation-models", "models"),
    ("/models", "models"),
    ("/api-key", "api-key"),
];

/// SDK calls and what endpoint they reach.
fn sdk_calls() -> &'static [(Regex, &'static str)] {
    static RE: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RE.get_or_init(|| {
        [
            (r"\.chat\.completions\.(?:create|stream|parse)\b", "chat"),
            (r"\.chat\.create\b", "chat"),
            (r"\bChatXAI\s*\(", "chat"),
            (r"\b(?:generateText|streamText|generateObject|streamObject)\s*\(", "chat"),
            (r"\.responses\.(?:create|stream)\b", "responses"),
            (r"\.messages\.(?:create|stream)\b", "messages"),
            (r"\.images?\.(?:generate|sample|sample_batch|edit)\b", "image"),
            (r"\b(?:experimental_)?generateImage\s*\(", "image"),
            (r"\.embeddings\.create\b", "embeddings"),
            (r"\.models\.(?:list|retrieve|list_language_models)\b", "models"),
        ]
        .into_iter()
        .map(|(p, e)| (Regex::new(p).expect("valid regex"), e))
        .collect()
    })
}

/// `"model": "grok-4"` inside a string (a JSON body in a curl command or a test).
fn body_model_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#""model"\s*:\s*"(?:xai/)?(grok-[A-Za-z0-9][A-Za-z0-9.\-]*)""#).expect("valid regex"))
}

fn model_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:xai/)?(grok-[A-Za-z0-9][A-Za-z0-9.\-]*)$").expect("valid regex"))
}

/// The endpoint a URL names, if it is the xAI API's.
pub fn endpoint_of_url(url: &str) -> Option<&'static str> {
    if url.contains("management-api.x.ai") {
        return Some("management");
    }
    if !url.contains("api.x.ai") && !url.starts_with("/v1/") {
        return None;
    }
    PATHS.iter().find(|(p, _)| url.contains(p)).map(|(_, e)| *e)
}

/// Uses in one file (only called for files that mention xAI). Spans are byte ranges.
pub fn extract(text: &str, facts: &Facts) -> Vec<(Kind, String, Range<usize>)> {
    let mut out = Vec::new();
    for l in &facts.literals {
        let v = l.value.trim();
        if let Some(m) = model_re().captures(v) {
            out.push((Kind::Model, m[1].to_string(), l.span.clone()));
        } else if let Some(e) = endpoint_of_url(v) {
            out.push((Kind::Endpoint, e.to_string(), l.span.clone()));
        } else if v.contains("\"model\"") {
            for m in body_model_re().captures_iter(&l.value) {
                let g = m.get(1).expect("group");
                // raw (unescaped) contents map one to one; otherwise point at the string
                let start = if text.get(l.span.clone()) == Some(l.value.as_str()) {
                    l.span.start + g.start()
                } else {
                    l.span.start
                };
                out.push((Kind::Model, g.as_str().to_string(), start..start + g.len()));
            }
        }
    }
    for (re, endpoint) in sdk_calls() {
        for m in re.find_iter(text) {
            let line_start = text[..m.start()].rfind('\n').map_or(0, |p| p + 1);
            let before = text[line_start..m.start()].trim_start();
            if before.starts_with('#') || before.starts_with("//") || before.starts_with('*') {
                continue;
            }
            let at = m.start() + usize::from(text[m.start()..].starts_with('.'));
            out.push((Kind::Endpoint, endpoint.to_string(), at..m.end()));
        }
    }
    out.sort_by(|a, b| (a.2.start, &a.1).cmp(&(b.2.start, &b.1)));
    out.dedup_by(|a, b| a.2.start == b.2.start && a.1 == b.1);
    out
}

/// The ACL endpoint name a use needs, or None when no permission is involved.
pub fn acl_endpoint(name: &str) -> Option<&str> {
    match name {
        "api-key" | "management" => None,
        "responses" | "messages" => Some("chat"),
        other => Some(other),
    }
}

/// `*` matches any run of characters.
fn glob(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == s;
    }
    let mut rest = s;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(p);
        } else if let Some(pos) = rest.find(p) {
            rest = &rest[pos + p.len()..];
        } else {
            return false;
        }
    }
    true
}

/// Whether ACLs in xAI's form (`api-key:endpoint:chat`, `api-key:model:grok-4`, `*` wildcards)
/// allow a use.
pub fn allowed(acls: &[String], kind: Kind, name: &str) -> bool {
    let wanted = match kind {
        Kind::Endpoint => match acl_endpoint(name) {
            Some(e) => format!("api-key:endpoint:{e}"),
            None => return true,
        },
        Kind::Model => format!("api-key:model:{name}"),
    };
    acls.iter().any(|a| glob(a.trim(), &wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acls() {
        let acls = vec!["api-key:endpoint:chat".to_string(), "api-key:model:grok-4*".to_string()];
        assert!(allowed(&acls, Kind::Endpoint, "chat"));
        assert!(allowed(&acls, Kind::Endpoint, "responses"));
        assert!(!allowed(&acls, Kind::Endpoint, "image"));
        assert!(allowed(&acls, Kind::Model, "grok-4-fast"));
        assert!(!allowed(&acls, Kind::Model, "grok-2-image"));
        assert!(allowed(&["api-key:*".to_string()], Kind::Model, "grok-3"));
        assert!(allowed(&acls, Kind::Endpoint, "api-key"));
    }

    #[test]
    fn extracts() {
        let text = "client.chat.completions.create(model=\"grok-4\")\nr = requests.post(\"https://api.x.ai/v1/images/generations\")\nm = \"xai/grok-2-image\"\n";
        let facts = crate::readers::read(crate::classify::Format::Python, text);
        let got: Vec<(Kind, String)> = extract(text, &facts).into_iter().map(|(k, n, _)| (k, n)).collect();
        assert_eq!(
            got,
            vec![
                (Kind::Endpoint, "chat".into()),
                (Kind::Model, "grok-4".into()),
                (Kind::Endpoint, "image".into()),
                (Kind::Model, "grok-2-image".into())
            ]
        );
    }
}
