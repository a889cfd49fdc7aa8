//! dotenv files under all their names (`.env`, `.env.local`, `*.env`, `.envrc`), and simple
//! `key = value` config (ini, properties).

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
