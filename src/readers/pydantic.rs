//! pydantic-settings: each field of a `BaseSettings` class is read from the environment variable
//! of its name in upper case (with the class's `env_prefix`), or from the name its `alias`,
//! `validation_alias` or `env` gives. `xai_api_key: str` reads `XAI_API_KEY`.

use crate::facts::{EnvRef, Facts};

/// The quoted value after `key=` in `s`, if any.
fn quoted_after<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let at = s.find(key)? + key.len();
    let rest = s[at..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    inner.find(q).map(|end| &inner[..end])
}

/// A `BaseSettings` class being read: its indent, its `env_prefix`, its fields (name or
/// `=explicit` env name, with the span of the field name).
type Class = (usize, String, Vec<(String, std::ops::Range<usize>)>);

/// Adds the environment reads of the `BaseSettings` classes in Python `text`.
pub fn read(text: &str, facts: &mut Facts) {
    if !text.contains("BaseSettings") {
        return;
    }
    let mut offset = 0;
    // (indent of the class line, env_prefix, fields found: (name, span))
    let mut class: Option<Class> = None;
    let mut done = Vec::new();
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = body.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some((ci, _, _)) = &class {
            if indent <= *ci {
                done.push(class.take().expect("a class is open"));
            }
        }
        if content.starts_with("class ") && content.contains("BaseSettings") && content.ends_with(':') {
            class = Some((indent, String::new(), Vec::new()));
            continue;
        }
        let Some((_, prefix, fields)) = class.as_mut() else { continue };
        if let Some(p) = quoted_after(content, "env_prefix") {
            *prefix = p.to_string();
            continue;
        }
        // `name: type [= default]` (not `model_config`, not a method)
        let Some((name, rest)) = content.split_once(':') else { continue };
        let name = name.trim();
        if name.is_empty()
            || name == "model_config"
            || content.starts_with("def ")
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            continue;
        }
        let explicit = ["validation_alias", "alias", "env"].iter().find_map(|k| quoted_after(rest, k));
        let start = base + indent;
        match explicit {
            Some(env) => fields.push((format!("={env}"), start..start + name.len())),
            None => fields.push((name.to_string(), start..start + name.len())),
        }
    }
    done.extend(class);
    for (_, prefix, fields) in done {
        for (field, span) in fields {
            let env = match field.strip_prefix('=') {
                Some(explicit) => explicit.to_string(),
                None => format!("{prefix}{field}").to_ascii_uppercase(),
            };
            if crate::names::is_env_name(&env) {
                facts.env_reads.push(EnvRef { name: env, span, call: None, kwarg: None });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn reads(text: &str) -> Vec<String> {
        let mut f = crate::facts::Facts::default();
        super::read(text, &mut f);
        f.env_reads.into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn fields_prefixes_and_aliases() {
        let t = "class S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=\"APP_\")\n    grok_key: str\n    other: str = Field(\"x\", validation_alias=\"XAI_API_KEY\")\n\n    def f(self): pass\n\nclass Plain:\n    xai_api_key: str\n";
        assert_eq!(reads(t), vec!["APP_GROK_KEY", "XAI_API_KEY"]);
        assert!(reads("class C:\n    xai_api_key: str\n").is_empty());
    }
}
