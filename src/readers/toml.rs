//! TOML read line by line (`key = "value"`, dotted keys, tables); `.streamlit/secrets.toml`
//! included. Multi-line strings are left to the raw key scan.

use crate::facts::{Facts, Literal, Role};

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    // end of a multi-line string whose lines belong to its value
    let mut skip_until = 0;
    // root keys (before any table) are exported as environment variables by Streamlit's
    // secrets.toml; the engine keeps these definitions for that file only
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if base < skip_until {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let content = &body[indent..];
        if content.starts_with('[') {
            in_table = true;
            continue;
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some(eq) = content.find('=') else {
            continue;
        };
        let key = content[..eq].trim().trim_matches(|c| c == '"' || c == '\'');
        let key = key.rsplit('.').next().unwrap_or(key).trim_matches(|c| c == '"' || c == '\'');
        if !in_table && crate::names::is_env_name(key) {
            if let Some(p) = content.find(key) {
                facts.def(key, base + indent + p..base + indent + p + key.len());
            }
        }
        let vpart = &content[eq + 1..];
        let lead = vpart.len() - vpart.trim_start().len();
        let v = &vpart[lead..];
        let at = base + indent + eq + 1 + lead;
        if v.starts_with("\"\"\"") || v.starts_with("'''") {
            // a multi-line string: one value, which may span lines
            let start = at + 3;
            let end = text[start..].find(&v[..3]).map_or(text.len(), |p| start + p);
            skip_until = end;
            facts.push(Literal::config(start..end, text[start..end].to_string(), Some(key.to_string()), Role::Assign));
            continue;
        }
        let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let mut end = None;
        let bytes = v.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            if q == '"' && bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i] == q as u8 {
                end = Some(i);
                break;
            }
            i += 1;
        }
        let Some(end) = end else { continue };
        let inner = &v[1..end];
        let value = if q == '"' { super::lexer::unescape(inner) } else { inner.to_string() };
        facts.push(Literal::config(at + 1..at + end, value, Some(key.to_string()), Role::Assign));
    }
    facts
}

/// Deployment files whose tables define the app's environment: wrangler.toml `[vars]` (and
/// `[env.NAME.vars]`), fly.toml `[env]`, netlify.toml `[build.environment]` and
/// `[context.*.environment]`.
pub fn is_deployment_file(name: &str) -> bool {
    matches!(name, "wrangler.toml" | "fly.toml" | "netlify.toml")
}

fn defines_env(table: &str) -> bool {
    let t = table.trim().trim_matches(['[', ']']).trim();
    matches!(t, "vars" | "env" | "build.environment")
        || t.starts_with("env.") && t.ends_with(".vars")
        || t.starts_with("context.") && t.ends_with(".environment")
}

/// The environment definitions of a deployment file's env tables.
pub fn env_table_defs(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    let mut defining = false;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = &body[indent..];
        if content.starts_with('[') {
            defining = defines_env(content.split('#').next().unwrap_or(content));
            continue;
        }
        let Some(eq) = content.find('=').filter(|_| defining) else { continue };
        let key = content[..eq].trim().trim_matches(|c| c == '"' || c == '\'');
        if crate::names::is_env_name(key) {
            if let Some(p) = content.find(key) {
                facts.def(key, base + indent + p..base + indent + p + key.len());
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    #[test]
    fn deployment_env_tables_define_names() {
        let t = "name = \"bot\"\nXAI_NOT_ENV = 1\n[vars]\nXAI_API_KEY = \"\"\n[env.staging.vars]\nGROK_API_KEY = \"\"\n[build]\nCMD_X = 1\n[context.production.environment]\nXAI_KEY = \"\"\n";
        let names: Vec<String> = super::env_table_defs(t).env_defs.into_iter().map(|d| d.name).collect();
        assert_eq!(names, vec!["XAI_API_KEY", "GROK_API_KEY", "XAI_KEY"]);
    }
}
