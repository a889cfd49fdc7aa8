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
    let config =
        matches!(ctx.class.format, Format::Dotenv | Format::Properties | Format::Yaml | Format::Toml | Format::Json);
    for lit in &ctx.facts.literals {
        // `process.env.XAI_API_KEY || "your-key"`, `?? "…"`, `getenv() ?: "…"`, `… or "…"`: the
        // stand-in is what the app sends whenever the variable is unset
        if let Some(name) = fallback_of(ctx, lit) {
            let v = lit.value.trim();
            // (a test's fallback is its input when the variable is unset, not what the app sends)
            let test = ctx.class.test || lit.in_test;
            if !test && !v.is_empty() && keys::is_placeholder(v, Some(name)) && !guarded(ctx, lit) {
                let detail = format!("`{name}` falls back to a placeholder when it is unset");
                out.push(at_literal(lit, detail));
            }
            continue;
        }
        // the key variable's own name handed to a client as its key: `api_key="XAI_API_KEY"`
        if own_name_handed(ctx, lit) {
            let detail = format!("the client is given the name `{}` as its key, not the variable's value", lit.value);
            out.push(at_literal(lit, detail));
            continue;
        }
        let Some(pos) = key_position(ctx, lit) else {
            // a stand-in kept in a variable, then handed to a client or exported as the key
            if let Some(how) = handed_on(ctx, lit) {
                let v = lit.target.as_deref().unwrap_or("the value");
                let detail = format!("`{v}` holds a placeholder and is {how}");
                out.push(at_literal(lit, detail));
            }
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
            // .NET and other JSON settings leave the key empty in the committed file and take
            // it from the environment or a secret store at run time (`XAI__ApiKey`)
            let json_section = ctx.class.format == Format::Json && !handed;
            if pos != KeyPosition::Named || !(config || handed) || json_section {
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
        let detail = if v.is_empty() {
            format!("{name} is empty")
        } else if lit.callee.as_deref() == Some(crate::facts::DEFAULT_OF) {
            format!("{name} falls back to a placeholder when it is unset")
        } else {
            format!("{name} is set to a placeholder")
        };
        out.push(at_literal(lit, detail));
    }
}

/// A placeholder-key finding at a literal, its value redacted by the engine.
fn at_literal(lit: &crate::facts::Literal, detail: String) -> RawFinding {
    RawFinding::new(crate::ruledoc::RuleId::PlaceholderKey, lit.span.clone(), Some(detail), &lit.value)
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

/// `Client(api_key="XAI_API_KEY")`, `new OpenAI({ apiKey: "XAI_API_KEY", baseURL: xai })`: the
/// name of the key variable given as the key to a client constructor or a call aimed at xAI.
fn own_name_handed(ctx: &FileCtx, lit: &crate::facts::Literal) -> bool {
    let v = lit.value.as_str();
    let name_like = v.contains('_') && v.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
    let to_client = ctx.facts.in_xai_call(lit)
        || lit.callee.as_deref().is_some_and(|c| crate::names::is_client_constructor(crate::names::last_segment(c)));
    name_like
        && crate::names::is_xai_key_name(v)
        && lit.role == Role::Assign
        && to_client
        && !ctx.class.test
        && !lit.in_test
        && lit.target.as_deref().is_some_and(crate::names::is_generic_key_name)
}

/// Where a placeholder assigned to a variable goes on as the key: handed to a client's key
/// argument, or exported under an xAI key name. None if the variable is not followed there.
fn handed_on(ctx: &FileCtx, lit: &crate::facts::Literal) -> Option<&'static str> {
    let var = lit.target.as_deref()?;
    if lit.role != Role::Assign || lit.keyed || ctx.class.test || lit.in_test || config_format(ctx) {
        return None;
    }
    let v = lit.value.trim();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if v.is_empty() || !var.chars().all(word) || !keys::is_placeholder(v, Some(var)) || guarded(ctx, lit) {
        return None;
    }
    // a placeholder phrase, not any value: `model = "grok-4"` is no stand-in
    if !(keys::is_placeholder_phrase(v) || v.starts_with(keys::INFERENCE_PREFIX) || v.eq_ignore_ascii_case(var)) {
        return None;
    }
    // `k := os.Getenv("XAI_API_KEY"); if k == "" { k = "your-key" }`: the variable that holds
    // the key read falls back to the stand-in
    let holds_read = ctx.facts.env_reads.iter().any(|r| {
        r.span.end < lit.span.start
            && crate::names::is_xai_key_name(&r.name)
            && super::flow::assigned_name(ctx.text, r.span.start) == Some(var)
    });
    if holds_read {
        return Some("the fallback of the key read into it");
    }
    let text = &ctx.text[lit.span.end..];
    let mut from = 0;
    while let Some(k) = text[from..].find(var) {
        let at = from + k;
        from = at + var.len();
        let before_ok = !text[..at].ends_with(word);
        let after_ok = !text[from..].starts_with(word);
        if !(before_ok && after_ok) {
            continue;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let lhs = text[line_start..at].trim_end();
        // `api_key=VAR`, `apiKey: VAR`, `Authorization: f"Bearer {VAR}"` in a call aimed at xAI
        let kw = lhs.trim_end_matches(['=', ':']).trim_end();
        let kw_name = kw.rsplit(|c: char| !word(c)).next().unwrap_or("");
        // `{ apiKey, baseURL }`: the shorthand hands the variable over under its own name
        let rest = text[from..].trim_start();
        let shorthand = (lhs.ends_with('{') || lhs.ends_with(','))
            && (rest.starts_with(',') || rest.starts_with('}'))
            && crate::names::is_generic_key_name(var)
            && ctx.mentions_xai_host;
        if shorthand {
            return Some("handed to the client as its key");
        }
        if (lhs.ends_with('=') || lhs.ends_with(':'))
            && !lhs.ends_with("==")
            && (crate::names::is_generic_key_name(kw_name) || crate::names::is_xai_key_name(kw_name))
            // `self.api_key = api_key` stores it; `def f(api_key=KEY)` is a parameter's default
            && !kw.ends_with(&format!(".{kw_name}"))
            && !text[line_start..at].trim_start().starts_with("def ")
            && !text[line_start..at].contains("function ")
            && (ctx.mentions_xai_host || ctx.text.contains("xai") || ctx.text.contains("Xai"))
        {
            return Some("handed to the client as its key");
        }
        // `os.environ["XAI_API_KEY"] = VAR`, `process.env.XAI_API_KEY = VAR`, `setenv("XAI_API_KEY", VAR)`
        let exported = ctx.facts.env_defs.iter().any(|d| {
            crate::names::is_xai_key_name(&d.name)
                && d.span.start >= lit.span.end + line_start
                && d.span.end <= lit.span.end + at
        });
        if exported {
            return Some("exported as the xAI key");
        }
    }
    None
}

fn config_format(ctx: &FileCtx) -> bool {
    matches!(ctx.class.format, Format::Dotenv | Format::Properties | Format::Yaml | Format::Toml | Format::Json)
}
