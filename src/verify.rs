//! `xai-lint verify [PATH]`: asks the xAI API about the key itself (`GET /v1/api-key`), then
//! compares its ACLs with what the project at PATH uses. Opt-in, the only command that uses the
//! network. The key is read from the environment or stdin, never from the command line, and
//! never printed: only its redacted form.

use crate::usage::{allowed, Usage};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Deserialize, Default)]
struct ApiKeyInfo {
    #[serde(default)]
    acls: Vec<String>,
    #[serde(default)]
    api_key_blocked: bool,
    #[serde(default)]
    api_key_disabled: bool,
    #[serde(default)]
    team_blocked: bool,
    #[serde(default)]
    name: Option<String>,
}

/// What `verify` found.
#[derive(Debug, Serialize, Default)]
pub struct Verdict {
    /// The environment variable the key was read from (or `stdin`).
    pub key_source: String,
    /// The key, redacted.
    pub key: String,
    /// Whether the API accepted the key; absent when it could not tell.
    pub valid: Option<bool>,
    pub blocked: bool,
    pub disabled: bool,
    pub team_blocked: bool,
    pub acls: Vec<String>,
    /// Each endpoint or model the project uses that the ACLs do not allow, with where.
    pub missing: Vec<Usage>,
    /// HTTP status of the answer, if there was one.
    pub http_status: Option<u16>,
    /// What it means, for a person.
    pub message: String,
    /// 0 fine, 1 the key is invalid, blocked, disabled or lacks a permission, 2 could not tell.
    pub exit: u8,
    pub key_name: Option<String>,
}

/// Everything from the server, with the key (and anything key-shaped) removed.
fn scrub(text: &str, key: &str) -> String {
    let t = if key.len() >= 8 { text.replace(key, &crate::redact::redact(key)) } else { text.to_string() };
    let t: String = t.chars().filter(|c| !c.is_control() || *c == '\n').take(300).collect();
    crate::redact::redact_secrets(&t)
}

/// The error message in an API error body (`{"error": "…"}` or `{"error": {"message": "…"}}`).
fn error_text(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    let e = &v["error"];
    e.as_str().or_else(|| e["message"].as_str()).or_else(|| v["message"].as_str()).unwrap_or(body).trim().to_string()
}

pub fn verify(key: &str, key_source: &str, api_base: &str, timeout: Duration, usage: &[Usage]) -> Verdict {
    let mut v = Verdict { key_source: key_source.to_string(), key: crate::redact::redact(key), ..Default::default() };
    let url = format!("{}/v1/api-key", api_base.trim_end_matches('/'));
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(timeout)
        .timeout(timeout)
        .try_proxy_from_env(true)
        .user_agent(concat!("xai-lint/", env!("CARGO_PKG_VERSION")))
        .build();
    let response = agent.get(&url).set("Authorization", &format!("Bearer {key}")).call();
    let (status, body) = match response {
        Ok(r) => {
            let status = r.status();
            (status, r.into_string().unwrap_or_default())
        }
        Err(ureq::Error::Status(status, r)) => (status, r.into_string().unwrap_or_default()),
        Err(ureq::Error::Transport(t)) => {
            v.exit = 2;
            v.message = format!("could not reach {url}: {}", scrub(&t.to_string(), key));
            return v;
        }
    };
    v.http_status = Some(status);
    let err = scrub(&error_text(&body), key);
    match status {
        200 => {
            let info: ApiKeyInfo = match serde_json::from_str(&body) {
                Ok(i) => i,
                Err(e) => {
                    v.exit = 2;
                    v.message = format!(
                        "the API answered 200 with a body this xai-lint cannot read ({})",
                        scrub(&e.to_string(), key)
                    );
                    return v;
                }
            };
            v.valid = Some(true);
            v.blocked = info.api_key_blocked;
            v.disabled = info.api_key_disabled;
            v.team_blocked = info.team_blocked;
            v.key_name = info.name.map(|n| scrub(&n, key));
            v.acls = info.acls.iter().map(|a| scrub(a, key)).collect();
            v.missing = usage.iter().filter(|u| !allowed(&v.acls, u.kind, &u.name)).cloned().collect();
            let mut problems = Vec::new();
            if v.blocked {
                problems.push("the key is blocked".to_string());
            }
            if v.disabled {
                problems.push("the key is disabled".to_string());
            }
            if v.team_blocked {
                problems.push("the team is blocked (a billing or account matter for the team admin)".to_string());
            }
            if !v.missing.is_empty() {
                let mut names: Vec<String> = v
                    .missing
                    .iter()
                    .map(|u| format!("{} {}", format!("{:?}", u.kind).to_lowercase(), u.name))
                    .collect();
                names.dedup();
                problems.push(format!(
                    "the key lacks permissions the project needs ({}): requests to them get 403",
                    names.join(", ")
                ));
            }
            if problems.is_empty() {
                v.message =
                    "the key is valid, enabled, and its permissions cover every endpoint and model the project uses"
                        .into();
                v.exit = 0;
            } else {
                v.message = problems.join("; ");
                v.exit = 1;
            }
        }
        400 => {
            v.valid = Some(false);
            v.exit = 1;
            v.message = format!(
                "the API does not know this key (400: {err}); copy it again from the console or create a new one"
            );
        }
        401 => {
            v.valid = Some(false);
            v.exit = 1;
            v.message =
                format!("the API refused the Authorization header (401: {err}); the key is missing or not a key");
        }
        403 => {
            let lower = err.to_ascii_lowercase();
            v.exit = 1;
            if lower.contains("credit") || lower.contains("spending limit") {
                v.valid = Some(true);
                v.message = format!("the team has no credits or reached its spending limit (403: {err}): a billing matter, not a permission problem");
            } else if lower.contains("team") && lower.contains("block") {
                v.team_blocked = true;
                v.message = format!("the team is blocked (403: {err})");
            } else if lower.contains("disabled") {
                v.disabled = true;
                v.message = format!("the key is disabled (403: {err}); enable it or create a new one in the console");
            } else if lower.contains("block") {
                v.blocked = true;
                v.message = format!("the key is blocked (403: {err})");
            } else {
                v.message = format!("the API refused the key (403: {err})");
            }
        }
        429 => {
            v.exit = 2;
            v.message = format!("the API is rate limiting or the team is out of credits (429: {err}); try again later");
        }
        s if s >= 500 => {
            v.exit = 2;
            v.message = format!("the API had an error ({s}: {err}); try again later (https://status.x.ai)");
        }
        s => {
            v.exit = 2;
            v.message = format!("unexpected answer from the API ({s}: {err})");
        }
    }
    v
}

pub fn render_human(v: &Verdict) -> String {
    let mut s = String::new();
    s.push_str(&format!("key: {} (from {})\n", v.key, v.key_source));
    if let Some(n) = &v.key_name {
        s.push_str(&format!("name: {n}\n"));
    }
    let verdict = match v.exit {
        0 => "OK",
        1 => "PROBLEM",
        _ => "COULD NOT TELL",
    };
    s.push_str(&format!("verdict: {verdict}: {}\n", v.message));
    if !v.acls.is_empty() {
        s.push_str(&format!("acls: {}\n", v.acls.join(", ")));
    }
    for m in &v.missing {
        let kind = format!("{:?}", m.kind).to_lowercase();
        s.push_str(&format!("  not permitted: {kind} `{}`, used at {}:{}:{}\n", m.name, m.file, m.line, m.column));
    }
    s
}

/// What the API says of a key that `check` found in a file (`check --verify`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Liveness {
    /// The API accepts it: anyone who has the file can use it now.
    Live,
    /// The API refuses it (unknown, revoked, blocked or disabled).
    Inactive,
    /// No answer that tells (network, rate limit, server error).
    Unknown,
}

impl Liveness {
    pub fn as_str(self) -> &'static str {
        match self {
            Liveness::Live => "live",
            Liveness::Inactive => "inactive",
            Liveness::Unknown => "unknown",
        }
    }
}

/// The API's answer about one key, without the key.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KeyStatus {
    pub liveness: Liveness,
    /// The key's ACLs, when live.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acls: Vec<String>,
    /// The API's answer in words (redacted).
    pub detail: String,
}

/// Asks the API about one key (`GET /v1/api-key`): one request, no retry.
pub fn key_status(key: &str, api_base: &str, timeout: Duration) -> KeyStatus {
    let v = verify(key, "file", api_base, timeout, &[]);
    let liveness = match v.valid {
        Some(true) if !v.blocked && !v.disabled && !v.team_blocked => Liveness::Live,
        Some(_) => Liveness::Inactive,
        None if v.blocked || v.disabled => Liveness::Inactive,
        None => Liveness::Unknown,
    };
    let acls = if liveness == Liveness::Live { v.acls } else { Vec::new() };
    KeyStatus { liveness, acls, detail: v.message }
}

/// Asks about each key once, at most `parallel` requests at a time; the answers come back in
/// the keys' order.
pub fn key_statuses(keys: &[String], api_base: &str, timeout: Duration, parallel: usize) -> Vec<KeyStatus> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let answers: std::sync::Mutex<Vec<Option<KeyStatus>>> = std::sync::Mutex::new(vec![None; keys.len()]);
    std::thread::scope(|scope| {
        for _ in 0..parallel.clamp(1, 8).min(keys.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(key) = keys.get(i) else { break };
                let status = key_status(key, api_base, timeout);
                answers.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(status);
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|a| a.unwrap_or(KeyStatus { liveness: Liveness::Unknown, acls: Vec::new(), detail: String::new() }))
        .collect()
}
