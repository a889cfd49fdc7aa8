//! dotenv files under all their names (`.env`, `.env.local`, `*.env`, `.envrc`), and simple
//! `key = value` config (ini); Java `.properties`, where quotes are part of the value and Spring
//! reads `${NAME}` / `${NAME:default}` from the environment.

use crate::facts::{Facts, Literal, Role};

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        if let Some(lit) = read_line(line, base) {
            // the name starts the line's content (after `export `); its span for the env model
            let name = lit.target.clone().unwrap_or_default();
            if let Some(p) = line.find(name.as_str()) {
                facts.def(&name, base + p..base + p + name.len());
            }
            facts.push(lit);
        }
    }
    facts
}

/// One `[export] NAME=value` line; `base` is the line's offset in the file.
pub fn read_line(line: &str, base: usize) -> Option<Literal> {
    let body = line.trim_end_matches(['\n', '\r']);
    let lead = body.len() - body.trim_start().len();
    let mut rest = &body[lead..];
    let mut at = base + lead;
    if rest.starts_with('#') || rest.starts_with(';') || rest.starts_with('[') || rest.is_empty() {
        return None;
    }
    for kw in ["export ", "setenv "] {
        if let Some(r) = rest.strip_prefix(kw) {
            let trimmed = r.trim_start();
            at += rest.len() - trimmed.len();
            rest = trimmed;
        }
    }
    let name_len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')).count();
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after = &rest[name_len..];
    let sep_ws = after.len() - after.trim_start().len();
    let after_ws = &after[sep_ws..];
    let sep = after_ws.chars().next()?;
    if sep != '=' && sep != ':' {
        return None;
    }
    let value_part = &after_ws[1..];
    let value_at = at + name_len + sep_ws + 1;
    let (value, start, end) = value_of(value_part);
    Some(Literal::config(value_at + start..value_at + end, value, Some(name.to_string()), Role::Assign))
}

/// A value after `=`: quoted (contents kept exactly, escapes decoded for `"`) or bare (up to an
/// inline ` #` comment, trimmed). Returns the value and its span within `s`.
pub fn value_of(s: &str) -> (String, usize, usize) {
    let lead = s.len() - s.trim_start_matches([' ', '\t']).len();
    let v = &s[lead..];
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'' || *c == '`') {
        if let Some(close) = v[1..].rfind(q) {
            let inner = &v[1..1 + close];
            let value = if q == '"' { super::lexer::unescape(inner) } else { inner.to_string() };
            return (value, lead + 1, lead + 1 + close);
        }
    }
    let end = v.find(" #").or_else(|| v.find("\t#")).unwrap_or(v.len());
    let trimmed = v[..end].trim_end();
    (trimmed.to_string(), lead, lead + trimmed.len())
}

/// Java `.properties`: `key=value` or `key: value`, the value taken as written (quotes
/// included: Spring keeps them); `${NAME}` and `${NAME:default}` read the environment variable
/// NAME, and a default is the value used when it is unset.
pub fn read_properties(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    // keys under one prefix (`spring.ai.openai.`) are one settings group, numbered like a call:
    // a group with a value naming api.x.ai is a client aimed at xAI (Spring AI's OpenAI starter)
    let mut groups: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let Some(mut lit) = read_line(line, base) else { continue };
        if line.trim_start().starts_with('!') {
            continue;
        }
        // the raw value, quotes and all
        let body = line.trim_end_matches(['\n', '\r']);
        let start = lit.span.start - base;
        let raw_start = if start > 0 && matches!(body.as_bytes()[start - 1], b'"' | b'\'') { start - 1 } else { start };
        let raw = body[raw_start..].trim_end();
        lit.value = raw.to_string();
        lit.span = base + raw_start..base + raw_start + raw.len();
        let reads_before = facts.env_reads.len();
        spring_references(raw, base + raw_start, true, &mut facts);
        if let Some((prefix, last)) = lit.target.as_deref().and_then(|t| t.rsplit_once('.')) {
            let id = match groups.iter().position(|g| g == prefix) {
                Some(k) => k,
                None => {
                    groups.push(prefix.to_string());
                    groups.len() - 1
                }
            } as u32;
            lit.call = Some(id);
            for r in &mut facts.env_reads[reads_before..] {
                (r.call, r.kwarg) = (Some(id), Some(last.to_string()));
            }
            if crate::facts::names_xai_host(&lit.value) && !facts.xai_calls.contains(&id) {
                facts.xai_calls.push(id);
            }
        }
        facts.push(lit);
    }
    facts.xai_calls.sort_unstable();
    facts
}

/// `${NAME}` and `${NAME:default}` (Spring; also `${NAME:-default}`): a read of NAME, and the
/// default as the value NAME stands for when unset.
/// `reads`: also record the reads (the YAML reader records them itself).
pub fn spring_references(s: &str, base: usize, reads: bool, facts: &mut Facts) {
    let mut from = 0;
    while let Some(p) = s[from..].find("${") {
        let at = from + p + 2;
        let Some(close) = s[at..].find('}') else { break };
        let inner = &s[at..at + close];
        let name_len =
            inner.bytes().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')).count();
        let name = &inner[..name_len];
        if crate::names::is_env_name(name) {
            if reads {
                facts.read(name, base + at..base + at + name_len);
            }
            if let Some(default) = inner[name_len..].strip_prefix(":-").or_else(|| inner[name_len..].strip_prefix(':'))
            {
                let d_at = base + at + (inner.len() - default.len());
                // (`:?message` and `:+alt` are compose's other forms)
                if !default.trim().is_empty() && !default.contains("${") && !default.starts_with(['?', '+']) {
                    let mut lit = Literal::config(
                        d_at..d_at + default.len(),
                        default.to_string(),
                        Some(name.to_string()),
                        Role::Assign,
                    );
                    lit.callee = Some(crate::facts::DEFAULT_OF.to_string());
                    facts.push(lit);
                }
            }
        }
        from = at + close + 1;
    }
}
