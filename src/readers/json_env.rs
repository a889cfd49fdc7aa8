//! Environment definitions in JSON deployment files: the keys of `env` objects in
//! `vercel.json`, Heroku's `app.json` and `now.json`, and of `containerEnv` / `remoteEnv` in a
//! devcontainer; and Terraform's `environment { variables = { NAME = … } }` (AWS Lambda, and
//! the same shape elsewhere). The values are read by the format's own reader.

use crate::facts::Facts;

/// Whether a JSON file's environment objects are definitions.
pub fn is_deployment_json(name: &str) -> bool {
    matches!(name, "vercel.json" | "now.json" | "app.json" | "devcontainer.json" | ".devcontainer.json")
}

/// The keys directly inside every `"env"`, `"containerEnv"` or `"remoteEnv"` object.
pub fn json_env_defs(text: &str, facts: &mut Facts) {
    for field in ["\"env\"", "\"containerEnv\"", "\"remoteEnv\""] {
        for open in blocks_after(text, field, Some(':'), false) {
            object_keys(text, open, facts);
        }
    }
}

/// The keys at depth one of the object opening at `open` (quoted strings followed by `:`).
fn object_keys(text: &str, open: usize, facts: &mut Facts) {
    let b = text.as_bytes();
    let mut depth = 0;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                let is_key = text[end.min(b.len())..].trim_start_matches('"').trim_start().starts_with(':');
                if depth == 1 && is_key && crate::names::is_env_name(&text[start..end]) {
                    facts.def(&text[start..end], start..end);
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Terraform: the names assigned inside `variables = { … }` of an `environment` block, and the
/// `name = "X"` of container `env { … }` blocks (Cloud Run, the Kubernetes provider) and of
/// `environment = [{ name = "X", value = … }]` lists (ECS).
pub fn terraform_env_defs(text: &str, facts: &mut Facts) {
    container_env_defs(text, facts);
    for open in blocks_after(text, "variables", Some('='), false) {
        let close = text[open..].find('}').map_or(text.len(), |c| open + c);
        let mut offset = open + 1;
        for line in text[open + 1..close].split_inclusive('\n') {
            let base = offset;
            offset += line.len();
            let t = line.trim_start();
            let lead = line.len() - t.len();
            let name_len = t.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
            let name = &t[..name_len];
            if name_len > 0 && t[name_len..].trim_start().starts_with('=') && crate::names::is_env_name(name) {
                facts.def(name, base + lead..base + lead + name_len);
            }
        }
    }
}

fn container_env_defs(text: &str, facts: &mut Facts) {
    let b = text.as_bytes();
    for word in ["env", "environment"] {
        // (a block inside the previous one was read with it)
        let mut read_to = 0;
        for open in blocks_after(text, word, None, true) {
            if open < read_to {
                continue;
            }
            let (open_ch, close_ch) = if b[open] == b'{' { (b'{', b'}') } else { (b'[', b']') };
            let mut depth = 0usize;
            let mut close = text.len();
            for (k, &c) in b[open..].iter().enumerate() {
                if c == open_ch {
                    depth += 1;
                } else if c == close_ch {
                    depth -= 1;
                    if depth == 0 {
                        close = open + k;
                        break;
                    }
                }
            }
            read_to = close;
            let block = &text[open..close];
            let mut nfrom = 0;
            while let Some(q) = block[nfrom..].find("name") {
                let n_at = nfrom + q;
                nfrom = n_at + 4;
                let after = block[nfrom..].trim_start();
                let Some(after) = after.strip_prefix('=') else { continue };
                let after = after.trim_start();
                let Some(v) = after.strip_prefix('"') else { continue };
                let len = v.find('"').unwrap_or(0);
                let name = &v[..len];
                if crate::names::is_env_name(name) {
                    let start = open + (block.len() - v.len());
                    facts.def(name, start..start + len);
                }
            }
        }
    }
}

/// Where `word` (not the tail of a longer name), then `sep` (or, without one, an optional `=`),
/// opens a block: the positions of each opening `{`, or `[` too when `lists`.
fn blocks_after(text: &str, word: &str, sep: Option<char>, lists: bool) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(word) {
        let at = from + p;
        from = at + word.len();
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue;
        }
        let rest = text[from..].trim_start();
        let rest = match sep {
            Some(s) => match rest.strip_prefix(s) {
                Some(r) => r.trim_start(),
                None => continue,
            },
            None => rest.strip_prefix('=').map_or(rest, str::trim_start),
        };
        if rest.starts_with('{') || lists && rest.starts_with('[') {
            out.push(text.len() - rest.len());
        }
    }
    out
}

/// .NET `appsettings*.json`: every leaf setting is a configuration path (`XAI:ApiKey`) the
/// app can read; positioned at the first occurrence of its key after its parent's.
pub fn appsettings_defs(text: &str, facts: &mut Facts) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) else { return };
    fn walk(v: &serde_json::Value, path: &str, from: usize, text: &str, facts: &mut Facts) {
        let Some(map) = v.as_object() else { return };
        for (k, child) in map {
            let quoted = format!("\"{k}\"");
            let at = text[from..].find(&quoted).map_or(from, |p| from + p + 1);
            let p = if path.is_empty() { k.clone() } else { format!("{path}:{k}") };
            if child.is_object() {
                walk(child, &p, at, text, facts);
            } else if p.len() <= 200 {
                facts.env_defs.push(crate::facts::EnvRef { name: p, span: at..at + k.len(), call: None, kwarg: None });
            }
        }
    }
    walk(&v, "", 0, text, facts);
}

#[cfg(test)]
mod tests {
    #[test]
    fn env_objects_and_terraform() {
        let mut f = crate::facts::Facts::default();
        super::json_env_defs(
            r#"{"env": {"XAI_API_KEY": "@xai", "NESTED": {"x": 1}, "B": "2"}, "build": {"env": {"C": "3"}}}"#,
            &mut f,
        );
        let names: Vec<&str> = f.env_defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["XAI_API_KEY", "NESTED", "B", "C"]);
        let mut f = crate::facts::Facts::default();
        super::terraform_env_defs("resource \"aws_lambda_function\" \"f\" {\n  environment {\n    variables = {\n      XAI_API_KEY = var.xai_api_key\n      LOG = \"1\"\n    }\n  }\n}\n", &mut f);
        let names: Vec<&str> = f.env_defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["XAI_API_KEY", "LOG"]);
    }
}
