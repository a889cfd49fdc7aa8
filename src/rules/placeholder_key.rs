//! placeholder-key: a stand-in value (`xai-your-key-here`, `changeme`, the variable's own
//! name) where the application will use it as its xAI key.

use super::{key_position, is_pattern, FileCtx, KeyPosition};
use crate::classify::Format;
use crate::facts::Role;
use crate::finding::RawFinding;
use crate::keys;

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.template || ctx.class.docs || ctx.class.test {
        return;
    }
    let config = matches!(ctx.class.format, Format::Dotenv | Format::Yaml | Format::Toml | Format::Json);
    for lit in &ctx.facts.literals {
        let Some(pos) = key_position(ctx, lit) else { continue };
        if is_pattern(&lit.value) {
            continue;
        }
        let v = lit.value.trim();
        if v.is_empty() {
            // an empty key counts in live config, and when handed straight to a client;
            // `api_key = ""` as an initial value in code does not
            let handed = lit.callee.is_some() && lit.role == Role::Assign;
            if pos != KeyPosition::Named || !(config || handed) {
                continue;
            }
        } else if pos == KeyPosition::Prefix && !v.starts_with(keys::INFERENCE_PREFIX) {
            continue;
        }
        if !keys::is_placeholder(&lit.value, lit.target.as_deref()) {
            continue;
        }
        let name = lit.target.as_deref().map_or_else(|| "the key".to_string(), |t| format!("`{t}`"));
        let detail = if v.is_empty() {
            format!("{name} is empty")
        } else {
            format!("{name} is set to a placeholder")
        };
        out.push(RawFinding::new("placeholder-key", lit.span.clone(), Some(detail), &lit.value));
    }
}
