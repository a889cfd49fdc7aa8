//! placeholder-key: a stand-in value (`xai-your-key-here`, `changeme`, the variable's own
//! name) where the application will use it as its xAI key.

use super::{is_pattern, key_position, FileCtx, KeyPosition};
use crate::classify::Format;
use crate::facts::Role;
use crate::finding::RawFinding;
use crate::keys;

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.template || ctx.class.docs {
        return;
    }
    let config = matches!(ctx.class.format, Format::Dotenv | Format::Yaml | Format::Toml | Format::Json);
    for lit in &ctx.facts.literals {
        // `process.env.XAI_API_KEY || "your-key"`, `?? "…"`, `getenv() ?: "…"`, `… or "…"`: the
        // stand-in is what the app sends whenever the variable is unset
        if let Some(name) = fallback_of(ctx, lit) {
            let v = lit.value.trim();
            // (a test's fallback is its input when the variable is unset, not what the app sends)
            let test = ctx.class.test || lit.in_test;
            if !test && !v.is_empty() && keys::is_placeholder(v, Some(name)) && !guarded(ctx, lit) {
                let detail = format!("`{name}` falls back to a placeholder when it is unset");
                out.push(RawFinding::new(
                    crate::ruledoc::RuleId::PlaceholderKey,
                    lit.span.clone(),
                    Some(detail),
                    &lit.value,
                ));
            }
            continue;
        }
        let Some(pos) = key_position(ctx, lit) else {
            continue;
        };
        // tests use fake keys on purpose; only those that say so are theirs to keep
        if (ctx.class.test || lit.in_test) && keys::is_test_value(&lit.value) {
            continue;
        }
        if is_pattern(&lit.value) {
            continue;
        }
        let v = lit.value.trim();
        // a masked key (`xai-***123`, `xai-abc…wxyz`) is a key shown, not a key used; so is any
        // value of a field that says it is a mask, prefix or format hint (`redacted_api_key`,
        // `apiKeyPrefix: "xai-..."`)
        // (in a live env or config file the masked form pasted as the key is itself the mistake)
        let live_key = config && pos == KeyPosition::Named;
        if keys::is_masked(v) && !live_key || lit.target.as_deref().is_some_and(crate::names::is_display_name) {
            continue;
        }
        // a sentence is text for a person (a label, an i18n string), not a stand-in value;
        // YAML's null is "unset"
        if v.split_whitespace().count() >= 3 && !(config && keys::is_placeholder_phrase(v))
            || ctx.class.format == Format::Yaml && matches!(v, "null" | "~" | "Null" | "NULL")
        {
            continue;
        }
        // in tests, values passed to functions are test inputs (`valid("xai-short…")`)
        if (ctx.class.test || lit.in_test) && pos == KeyPosition::Prefix && lit.role != Role::Assign {
            continue;
        }
        // `"xai-"` alone is the prefix itself, a constant of code that checks keys
        if pos == KeyPosition::Prefix && keys::body(v).is_empty() {
            continue;
        }
        if v.is_empty() {
            // an empty key counts in live config, and when handed straight to a client;
            // `api_key = ""` as an initial value in code, or an env fallback, does not
            let env_fallback = lit.callee.as_deref().is_some_and(|c| {
                matches!(
                    crate::names::last_segment(c),
                    "getenv" | "get" | "setdefault" | "Getenv" | "LookupEnv" | "var_or" | "get_or" | "env"
                )
            });
            // handed to a client: a call aimed at api.x.ai, or a constructor of an API client
            // (not any call: a state store's `set({ grokApiKey: "" })` resets a user setting)
            let client = ctx.facts.in_xai_call(lit)
                || lit
                    .callee
                    .as_deref()
                    .is_some_and(|c| crate::names::is_client_constructor(crate::names::last_segment(c)));
            let handed = client && lit.role == Role::Assign && !env_fallback;
            if pos != KeyPosition::Named || !(config || handed) {
                continue;
            }
        } else if pos == KeyPosition::Prefix && !v.starts_with(keys::INFERENCE_PREFIX) {
            continue;
        }
        // a stand-in the same file compares against (`if key == "YOUR_KEY": raise …`) is a
        // sentinel the code refuses, not a value it sends
        if guarded(ctx, lit) {
            continue;
        }
        let placeholder = match pos {
            KeyPosition::Prefix => keys::is_prefix_placeholder(v),
            // `{"xai_api_key": "XAI_API_KEY"}` in code maps names; only a phrase counts there
            KeyPosition::Named if lit.keyed && !config => {
                !v.is_empty() && keys::is_placeholder_phrase(v) || v.is_empty()
            }
            KeyPosition::Named => keys::is_placeholder(&lit.value, lit.target.as_deref()),
        };
        if !placeholder {
            continue;
        }
        let name = lit.target.as_deref().map_or_else(|| "the key".to_string(), |t| format!("`{t}`"));
        let detail = if v.is_empty() { format!("{name} is empty") } else { format!("{name} is set to a placeholder") };
        out.push(RawFinding::new(crate::ruledoc::RuleId::PlaceholderKey, lit.span.clone(), Some(detail), &lit.value));
    }
}

/// The xAI key variable whose read a literal is the fallback of (`X || "…"`, `X ?? "…"`,
/// `X ?: "…"`, `X or "…"`), on the same line.
fn fallback_of<'a>(ctx: &'a FileCtx, lit: &crate::facts::Literal) -> Option<&'a str> {
    let line_start = ctx.text[..lit.span.start].rfind('\n').map_or(0, |p| p + 1);
    let before = ctx.text[line_start..lit.span.start].trim_end_matches(['"', '\'', '`']).trim_end();
    let op = ["||", "??", "?:", " or"].into_iter().find(|op| before.ends_with(op))?;
    let read_end = line_start + before.len() - op.len();
    ctx.facts
        .env_reads
        .iter()
        .filter(|r| r.span.start >= line_start && r.span.end <= read_end)
        .filter(|r| crate::names::is_xai_key_name(&r.name))
        // the read must be what the operator applies to: only closing brackets, quotes and spaces
        // between its name and the operator
        .find(|r| ctx.text[r.span.end..read_end].chars().all(|c| matches!(c, ')' | ']' | '"' | '\'' | ' ')))
        .map(|r| r.name.as_str())
}

/// Whether the file compares against the same value (guard code refusing the stand-in).
fn guarded(ctx: &FileCtx, lit: &crate::facts::Literal) -> bool {
    let v = lit.value.trim();
    !v.is_empty()
        && ctx.facts.literals.iter().any(|o| o.role == Role::Compare && o.value.trim() == v && o.span != lit.span)
}
