//! YAML read line by line: `key: value` pairs (with the key as target), list items, compose's
//! `- NAME=value` environment entries. Block scalars are left to the raw key scan.

use crate::facts::{Facts, Literal, Role};

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    let mut block_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = &body[indent..];
        if let Some(bi) = block_indent {
            if content.is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        if content.is_empty() || content.starts_with('#') || content.starts_with("---") {
            continue;
        }
        let mut at = base + indent;
        let mut rest = content;
        let mut list_item = false;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            let t = r.trim_start();
            at += rest.len() - t.len();
            rest = t;
            list_item = true;
        }
        if let Some((key, key_len, sep_end)) = split_key(rest) {
            let value_part = &rest[sep_end..];
            let trimmed = value_part.trim_start();
            if trimmed.starts_with('|') || trimmed.starts_with('>') {
                block_indent = Some(indent);
                continue;
            }
            let _ = key_len;
            if let Some((value, s, e)) = scalar(value_part) {
                facts.push(Literal {
                    span: at + sep_end + s..at + sep_end + e,
                    value,
                    target: Some(key),
                    role: Role::Assign,
                    callee: None,
                    call: None,
                    keyed: false,
                    in_test: false,
                });
            }
        } else if list_item {
            // compose `environment:` list form: `- NAME=value`
            if let Some(eq) = rest.find('=') {
                let name = &rest[..eq];
                if !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                    if let Some((value, s, e)) = scalar(&rest[eq + 1..]) {
                        facts.push(Literal {
                            span: at + eq + 1 + s..at + eq + 1 + e,
                            value,
                            target: Some(name.to_string()),
                            role: Role::Assign,
                            callee: None,
                            call: None,
                            keyed: false,
                            in_test: false,
                        });
                    }
                    continue;
                }
            }
            if let Some((value, s, e)) = scalar(rest) {
                facts.push(Literal {
                    span: at + s..at + e,
                    value,
                    target: None,
                    role: Role::Other,
                    callee: None,
                    call: None,
                    keyed: false,
                    in_test: false,
                });
            }
        }
    }
    facts
}

/// `key: rest` → (key, key length, offset after the colon).
fn split_key(s: &str) -> Option<(String, usize, usize)> {
    let (key, after) = if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = s[1..].find(q)? + 1;
        (s[1..close].to_string(), close + 1)
    } else {
        let colon = s.find(": ").or_else(|| s.strip_suffix(':').map(|x| x.len()))?;
        let key = &s[..colon];
        if key.contains(' ') && !key.contains('.') || key.is_empty() || key.contains('{') {
            return None;
        }
        (key.to_string(), colon)
    };
    if !s[after..].starts_with(':') {
        return None;
    }
    Some((key, after, after + 1))
}

/// A scalar value: quoted or plain, without a trailing comment. Span relative to `s`.
fn scalar(s: &str) -> Option<(String, usize, usize)> {
    let lead = s.len() - s.trim_start().len();
    let v = &s[lead..];
    if v.is_empty() {
        return None;
    }
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = v[1..].find(q).map(|p| p + 1)?;
        let inner = &v[1..close];
        let value = if q == '"' { super::lexer::unescape(inner) } else { inner.replace("''", "'") };
        return Some((value, lead + 1, lead + close));
    }
    if v.starts_with('{') || v.starts_with('[') || v.starts_with('&') || v.starts_with('*') {
        return None;
    }
    let end = v.find(" #").unwrap_or(v.len());
    let t = v[..end].trim_end();
    Some((t.to_string(), lead, lead + t.len()))
}
