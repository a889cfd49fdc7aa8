//! YAML read line by line: `key: value` pairs (with the key as target), list items, compose's
//! `- NAME=value` environment entries; the parent keys are tracked so that `environment:` and
//! `env:` blocks (compose, GitHub Actions, Kubernetes) give environment definitions, and
//! `${X}`, `${{ env.X }}` and the `$X` of `run:` scripts give reads.

use crate::facts::{Facts, Literal, Role};

/// Keys whose block scalar is a shell script.
const SCRIPT_KEYS: &[&str] = &["run", "script", "command", "entrypoint", "before_script", "after_script", "cmd"];

fn lit(span: std::ops::Range<usize>, value: String, target: Option<String>, role: Role) -> Literal {
    Literal::config(span, value, target, role)
}

/// A Kubernetes Secret's `data:` holds base64 values: a key there is committed as surely as in
/// `stringData:`. Each decoded value that holds a key becomes a literal marked as decoded.
fn secret_data(text: &str, facts: &mut Facts) {
    if !text.lines().any(|l| l.trim() == "kind: Secret") {
        return;
    }
    let mut offset = 0;
    let mut data_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = body.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content == "data:" {
            data_indent = Some(indent);
            continue;
        }
        match data_indent {
            Some(d) if indent > d => {
                let Some((name, value)) = content.split_once(':') else { continue };
                let value = value.trim().trim_matches(['"', '\'']);
                if value.len() < 100 {
                    // shorter than a base64 key: a stand-in under an xAI key name, decoded
                    let name = name.trim();
                    if crate::names::is_xai_key_name(name) {
                        if let Some(decoded) =
                            crate::facts::decode_base64(value).and_then(|d| String::from_utf8(d).ok())
                        {
                            if !decoded.is_empty() && decoded.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
                                let start = base + body.find(value).unwrap_or(indent);
                                facts.push(Literal {
                                    span: start..start + value.len(),
                                    value: decoded,
                                    target: Some(name.to_string()),
                                    role: Role::Assign,
                                    callee: Some(crate::facts::DECODED_BASE64.to_string()),
                                    call: None,
                                    keyed: false,
                                    in_test: false,
                                });
                            }
                        }
                    }
                    continue;
                }
                let Some(decoded) = crate::facts::decode_base64(value) else { continue };
                let decoded = String::from_utf8_lossy(&decoded);
                let Some(tok) = crate::keys::find_key_tokens(&decoded).into_iter().next() else { continue };
                let start = base + body.find(value).unwrap_or(indent);
                facts.push(Literal {
                    span: start..start + value.len(),
                    value: decoded[tok.start..tok.end].to_string(),
                    target: Some(name.trim().to_string()),
                    role: Role::Assign,
                    callee: Some(crate::facts::DECODED_BASE64.to_string()),
                    call: None,
                    keyed: false,
                    in_test: false,
                });
            }
            _ => data_indent = None,
        }
    }
}

pub fn read(text: &str) -> Facts {
    let k8s_data = text.lines().any(|l| matches!(l.trim(), "kind: Secret" | "kind: ConfigMap"));
    let mut facts = Facts::default();
    let mut offset = 0;
    // (indent, key) of the mappings that enclose the current line
    let mut parents: Vec<(usize, String)> = Vec::new();
    // each mapping is numbered like a call: a mapping with a value naming api.x.ai is a client
    // configuration aimed at xAI (Spring AI `openai: {api-key, base-url}`), whatever its keys
    let mut mapping_ids: Vec<u32> = Vec::new();
    let mut next_id = 0u32;
    // anchors: `&name` on a scalar (its value), on a mapping (its keys and their spans, for a
    // `<<: *name` merge into an environment block)
    let mut scalar_anchors: std::collections::HashMap<String, String> = Default::default();
    // (each anchored key with its span, and its scalar value with the value's span)
    #[allow(clippy::type_complexity)]
    let mut mapping_anchors: std::collections::HashMap<
        String,
        Vec<(String, std::ops::Range<usize>, Option<(String, std::ops::Range<usize>)>)>,
    > = Default::default();
    // the mapping anchor being filled: (indent of its key, name)
    let mut filling: Option<(usize, String)> = None;
    // a block scalar being skipped: (indent of its key, the key)
    let mut block: Option<(usize, String)> = None;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = &body[indent..];
        if let Some((bi, key)) = &block {
            if content.is_empty() || indent > *bi {
                if SCRIPT_KEYS.contains(&key.as_str()) {
                    // a script: its commands, their arguments and the `$X` it reads
                    super::shell::read_line(body, base, &mut facts);
                }
                interpolations(body, base, &mut facts, false, SCRIPT_KEYS.contains(&key.as_str()));
                continue;
            }
            block = None;
        }
        if content.is_empty() || content.starts_with('#') || content.starts_with("---") {
            continue;
        }
        let mut at = base + indent;
        let mut rest = content;
        let mut list_item = false;
        let mut item_indent = indent;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            let t = r.trim_start();
            at += rest.len() - t.len();
            item_indent += rest.len() - t.len();
            rest = t;
            list_item = true;
        }
        // the enclosing mapping of this line: keys indented less than the line (for a list
        // item, less than its dash)
        while parents.last().is_some_and(|(pi, _)| *pi >= indent) {
            parents.pop();
            mapping_ids.pop();
        }
        let mut mapping = mapping_ids.last().copied();
        let (lits_before, reads_before) = (facts.literals.len(), facts.env_reads.len());
        let parent = parents.last().map(|(_, k)| k.clone()).unwrap_or_default();
        let parent = parent.as_str();
        // (a Kubernetes Secret's or ConfigMap's `stringData:`/`data:` keys become environment
        // variables through `envFrom`)
        let env_block = matches!(parent, "environment" | "env" | "variables" | "envs")
            || k8s_data && matches!(parent, "stringData" | "data") && parents.len() == 1;
        if let Some((key, key_start, sep_end)) = split_key(rest) {
            let value_part = &rest[sep_end..];
            let trimmed = value_part.trim_start();
            let key_at = at + key_start;
            if filling.as_ref().is_some_and(|(fi, _)| indent <= *fi) {
                filling = None;
            }
            if let Some((_, name)) = &filling {
                let value = scalar(value_part).map(|(v, s, e)| (v, at + sep_end + s..at + sep_end + e));
                mapping_anchors.entry(name.clone()).or_default().push((key.clone(), key_at..key_at + key.len(), value));
            }
            if let Some(anchor) = trimmed.strip_prefix('&') {
                let name: String = anchor.chars().take_while(|c| !c.is_whitespace()).collect();
                let after = anchor[name.len()..].trim();
                if after.is_empty() || after.starts_with('#') {
                    filling = Some((indent, name));
                } else if let Some((v, _, _)) = scalar(after) {
                    scalar_anchors.insert(name, v);
                }
            }
            // `<<: *name` in an environment block merges the anchored mapping's names
            if key == "<<" && env_block {
                if let Some(keys) = trimmed.strip_prefix('*').and_then(|n| mapping_anchors.get(n.trim())) {
                    for (k, span, _) in keys.clone() {
                        facts.def(&k, span);
                    }
                }
            }
            // `<<: *defaults` in a vendor's settings (`xai:`): the anchored values are that
            // vendor's now (an `api_key` stand-in in the defaults becomes the xAI key's), judged
            // where they are written
            if key == "<<" && !env_block {
                if let Some(keys) = trimmed.strip_prefix('*').and_then(|n| mapping_anchors.get(n.trim())) {
                    for (k, _, value) in keys.clone() {
                        let target = vendor_path(parent, &k);
                        if let (Some((v, vspan)), true) = (value, target.contains('.')) {
                            facts.push(lit(vspan, v, Some(target), Role::Assign));
                        }
                    }
                }
            }
            // `key: *name` stands for the anchored scalar
            if let Some(v) = trimmed.strip_prefix('*').and_then(|n| scalar_anchors.get(n.trim())) {
                let start = at + sep_end + (value_part.len() - trimmed.len());
                let end = at + sep_end + value_part.trim_end().len();
                facts.push(lit(start..end, v.clone(), Some(vendor_path(parent, &key)), Role::Assign));
            }
            if env_block && !list_item && key != "<<" {
                facts.def(&key, key_at..key_at + key.len());
            }
            // compose `env_file:` passes every name of that file into the service, Kubernetes
            // `envFrom:` every key of a Secret or ConfigMap
            if key == "env_file" || key == "envFrom" {
                facts.def(crate::facts::ENV_FILE, key_at..key_at + key.len());
            }
            if list_item {
                // the item's other keys (on the following lines) belong to the item, not to
                // the mapping that holds the list
                parents.push((indent, "-".to_string()));
                // the item is a mapping of its own: its first key belongs to it
                mapping = Some(next_id);
                mapping_ids.push(next_id);
                next_id += 1;
            }
            parents.push((item_indent, key.clone()));
            mapping_ids.push(next_id);
            next_id += 1;
            if trimmed.starts_with('|') || trimmed.starts_with('>') {
                block = Some((indent, key));
                continue;
            }
            interpolations(value_part, at + sep_end, &mut facts, true, !env_block);
            if let Some((value, s, e)) = scalar(value_part) {
                // Spring `${XAI_API_KEY:default}` / compose `${X:-default}`: the default is used when X is unset
                // (only where the value is the text as written: escapes would shift the spans)
                if value.contains("${") && !value.contains("${{") && value_part[s..e] == value {
                    super::dotenv::spring_references(&value, at + sep_end + s, false, &mut facts);
                }
                // Kubernetes: `env:` list items `- name: X` define X
                if list_item && env_block && key == "name" {
                    facts.def(&value, at + sep_end + s..at + sep_end + e);
                }
                if SCRIPT_KEYS.contains(&key.as_str()) {
                    super::shell::read_line(value_part, at + sep_end, &mut facts);
                }
                let kw = key.clone();
                let target = vendor_path(parent, &key);
                facts.push(lit(at + sep_end + s..at + sep_end + e, value, Some(target), Role::Assign));
                if let (Some(m), false) = (mapping, env_block) {
                    in_mapping(&mut facts, m, &kw, lits_before, reads_before);
                }
            }
        } else if list_item {
            interpolations(rest, at, &mut facts, true, !env_block);
            // compose `environment:` list form: `- NAME=value` or `- NAME`
            let (name, value_at) = match rest.find('=') {
                Some(eq) => (&rest[..eq], Some(eq + 1)),
                None => (rest.trim(), None),
            };
            let is_name = !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
            if env_block && is_name {
                facts.def(name, at..at + name.len());
            }
            match value_at {
                Some(v) if is_name => {
                    if let Some((value, s, e)) = scalar(&rest[v..]) {
                        facts.push(lit(at + v + s..at + v + e, value, Some(name.to_string()), Role::Assign));
                    }
                }
                _ => {
                    if let Some((value, s, e)) = scalar(rest) {
                        facts.push(lit(at + s..at + e, value, None, Role::Other));
                    }
                }
            }
        }
    }
    secret_data(text, &mut facts);
    facts
}

/// `xai:` / `api-key:` names the xAI key: `xai.api-key`, as Spring spells the path.
fn vendor_path(parent: &str, key: &str) -> String {
    let lower = parent.to_ascii_lowercase();
    let vendor = (lower.contains("xai") || lower.contains("grok")) && !lower.contains("groq");
    if vendor && crate::names::is_generic_key_name(key) {
        format!("{parent}.{key}")
    } else {
        key.to_string()
    }
}

/// Marks what a line added as part of mapping `m` (its `call`), read under key `kw`; a
/// mapping with a value naming api.x.ai is aimed at xAI.
fn in_mapping(facts: &mut Facts, m: u32, kw: &str, lits_before: usize, reads_before: usize) {
    for l in &mut facts.literals[lits_before..] {
        l.call = Some(m);
    }
    for r in &mut facts.env_reads[reads_before..] {
        r.call = Some(m);
        if r.kwarg.as_deref() != Some(crate::facts::SECRET) {
            r.kwarg = Some(kw.to_string());
        }
    }
    if facts.literals[lits_before..].iter().any(|l| crate::facts::names_xai_host(&l.value))
        && !facts.xai_calls.contains(&m)
    {
        facts.xai_calls.push(m);
    }
}

/// Spring `@Value("${grok.api-key}")`: a read of the property path (dotted; the environment
/// names are read by `dotenv::spring_references`).
pub fn spring_property_reads(s: &str, base: usize, facts: &mut Facts) {
    let mut from = 0;
    while let Some(p) = s[from..].find("${") {
        let at = from + p + 2;
        let len = s[at..].bytes().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')).count();
        let name = &s[at..at + len];
        if name.contains('.') {
            let kwarg = Some(crate::facts::CONFIG_PATH.to_string());
            facts.env_reads.push(crate::facts::EnvRef {
                name: name.to_string(),
                span: base + at..base + at + len,
                call: None,
                kwarg,
            });
        }
        from = at + len.max(1);
    }
}

/// Spring `application*.yml`: the dotted path of every leaf (`xai.api-key`), a definition of a
/// property the code can read with `@Value("${xai.api-key}")`.
pub fn spring_property_defs(text: &str, facts: &mut Facts) {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with('-') {
            continue;
        }
        if content.starts_with("---") {
            stack.clear();
            continue;
        }
        let indent = body.len() - content.len();
        let Some((key, value)) = content.split_once(':') else { continue };
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || !key.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')) {
            continue;
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let value = value.trim();
        if value.is_empty() || value.starts_with('#') || value.starts_with('&') {
            stack.push((indent, key.to_string()));
        } else if stack.len() < 12 {
            let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
            path.push(key);
            let at = base + indent + content.find(key).unwrap_or(0);
            facts.env_defs.push(crate::facts::EnvRef {
                name: path.join("."),
                span: at..at + key.len(),
                call: None,
                kwarg: None,
            });
        }
    }
}

/// `${{ env.X }}` (GitHub Actions) and, outside Actions expressions, compose's `${X}` /
/// `${X:-default}`: reads of X.
/// `secrets`: `${{ secrets.X }}` here is used directly (a step's `run:` or `with:`), not passed
/// into an `env:` block under another name.
fn interpolations(s: &str, base: usize, facts: &mut Facts, compose: bool, secrets: bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'$', &b[i..]) {
        let at = i + p;
        if b[at..].starts_with(b"${{") {
            let end = s[at..].find("}}").map_or(s.len(), |e| at + e);
            let expr = &s[at + 3..end];
            for (prefix, read) in [("env.", true), ("vars.", true), ("secrets.", secrets)] {
                let mut from = 0;
                while let Some(q) = expr[from..].find(prefix) {
                    let ns = from + q + prefix.len();
                    let len = expr[ns..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
                    if read && len > 0 {
                        let start = at + 3 + ns;
                        facts.read(&expr[ns..ns + len], base + start..base + start + len);
                        if prefix == "secrets." {
                            if let Some(r) = facts.env_reads.last_mut() {
                                r.kwarg = Some(crate::facts::SECRET.to_string());
                            }
                        }
                    }
                    from = ns + len;
                }
            }
            i = end.max(at + 1);
        } else if compose && b.get(at + 1) == Some(&b'{') {
            let start = at + 2;
            let len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
            if len > 0 {
                facts.read(&s[start..start + len], base + start..base + start + len);
            }
            i = start + len;
        } else {
            i = at + 1;
        }
        if i >= b.len() {
            break;
        }
    }
}

/// `key: rest` → (key, offset of the key, offset after the colon).
fn split_key(s: &str) -> Option<(String, usize, usize)> {
    let (key, key_start, after) = if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = s[1..].find(q)? + 1;
        (s[1..close].to_string(), 1, close + 1)
    } else {
        let colon = s.find(": ").or_else(|| s.strip_suffix(':').map(|x| x.len()))?;
        let key = &s[..colon];
        if key.contains(' ') && !key.contains('.') || key.is_empty() || key.contains('{') {
            return None;
        }
        (key.to_string(), 0, colon)
    };
    if !s[after..].starts_with(':') {
        return None;
    }
    Some((key, key_start, after + 1))
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
    // `&name value`: the anchored value
    if let Some(anchor) = v.strip_prefix('&') {
        let name_len = anchor.find(char::is_whitespace)?;
        let base = lead + 1 + name_len;
        return scalar(&anchor[name_len..]).map(|(value, s, e)| (value, s + base, e + base));
    }
    if v.starts_with('{') || v.starts_with('[') || v.starts_with('*') {
        return None;
    }
    let end = v.find(" #").unwrap_or(v.len());
    let t = v[..end].trim_end();
    Some((t.to_string(), lead, lead + t.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[crate::facts::EnvRef]) -> Vec<&str> {
        v.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn anchors_aliases_and_merges() {
        let t = "x-env: &common\n  XAI_API_KEY: ${XAI_API_KEY}\nkeys:\n  main: &k your-xai-key\nservices:\n  app:\n    environment:\n      <<: *common\n  bot:\n    api_key: *k\n";
        let f = read(t);
        assert_eq!(names(&f.env_defs), vec!["XAI_API_KEY"]);
        let main = f.literals.iter().find(|l| l.target.as_deref() == Some("main")).unwrap();
        assert_eq!((main.value.as_str(), &t[main.span.clone()]), ("your-xai-key", "your-xai-key"));
        let alias = f.literals.iter().find(|l| l.target.as_deref() == Some("api_key")).unwrap();
        assert_eq!((alias.value.as_str(), &t[alias.span.clone()]), ("your-xai-key", "*k"));
    }

    #[test]
    fn compose_actions_k8s() {
        let compose = "services:\n  app:\n    environment:\n      XAI_API_KEY: ${GROK_KEY:-x}\n      - LOG=1\n    env_file: .env\n";
        let f = read(compose);
        assert_eq!(names(&f.env_defs), vec!["XAI_API_KEY", "LOG", crate::facts::ENV_FILE]);
        assert_eq!(names(&f.env_reads), vec!["GROK_KEY"]);
        let actions = "jobs:\n  t:\n    env:\n      XAI_API_KEY: ${{ secrets.XAI_API_KEY }}\n    steps:\n      - run: |\n          echo $GROK_API_KEY ${{ env.XAI_MODEL }}\n";
        let f = read(actions);
        assert_eq!(names(&f.env_defs), vec!["XAI_API_KEY"]);
        assert_eq!(names(&f.env_reads), vec!["GROK_API_KEY", "XAI_MODEL"]);
        let k8s = "spec:\n  containers:\n    - name: app\n      env:\n        - name: XAI_API_KEY\n          valueFrom:\n            secretKeyRef:\n              key: xai-api-key\n";
        let f = read(k8s);
        assert_eq!(names(&f.env_defs), vec!["XAI_API_KEY"]);
    }
}
