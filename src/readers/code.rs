//! Facts from source code, for every language read through the tokenizer: each string literal
//! with what it is assigned to, which call it is passed to, and whether it is compared against.

use super::lang::{
    declares_body, is_env_collection, is_env_def_call, is_env_read_call, is_keyword, COMPARE_CALLS, ENV_PAIR_CALLS,
    TEXT_CALLS,
};
use super::lexer::{tokenize, unescape, Kind, Syntax, Tok};
use crate::facts::{names_xai_host, Call, EnvRef, Facts, Literal, Role};

struct Frame {
    open: u8,
    call: Option<u32>,
    callee: Option<String>,
    /// The keyword argument or field being written at this level (`api_key=`, `apiKey:`).
    kw: Option<String>,
}

pub fn read(text: &str, syntax: Syntax) -> Facts {
    let toks = tokenize(text, syntax);
    let mut facts = Facts::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut next_call = 0u32;
    let mut dynamic_env = false;
    // (a scan of the text, made only when a `Client(…)` is built)
    let imports_xai_sdk = std::cell::OnceCell::new();
    let imports_xai_sdk = || *imports_xai_sdk.get_or_init(|| text.contains("xai_sdk"));
    let t = |i: usize| -> &str { &text[toks[i].span.clone()] };
    let is_p = |i: usize, p: &str| toks[i].kind == Kind::Punct && t(i) == p;

    for i in 0..toks.len() {
        let tok = &toks[i];
        match tok.kind {
            Kind::Punct => match t(i) {
                "(" | "[" | "{" => {
                    let open = t(i).as_bytes()[0];
                    let (call, callee) = if open == b'(' && i > 0 {
                        let callee_at = if is_p(i - 1, "!") && i > 1 { i - 2 } else { i - 1 };
                        // (Ruby's `Foo.new(…)` is a call, though `new` is a keyword elsewhere)
                        let method = callee_at > 0 && is_p(callee_at - 1, ".");
                        if toks[callee_at].kind == Kind::Ident && (!is_keyword(t(callee_at)) || method) {
                            let id = next_call;
                            next_call += 1;
                            (Some(id), Some(callee_path(text, &toks, callee_at)))
                        } else {
                            (None, None)
                        }
                    } else if open == b'{'
                        && i > 0
                        && toks[i - 1].kind == Kind::Ident
                        && !is_keyword(t(i - 1))
                        && !declares_body(&toks, text, i - 1)
                    {
                        // Go / Rust struct literal: `Config{APIKey: "…"}`
                        let id = next_call;
                        next_call += 1;
                        (Some(id), Some(callee_path(text, &toks, i - 1)))
                    } else {
                        (None, None)
                    };
                    if let (Some(id), Some(c)) = (call, &callee) {
                        let at = if open == b'(' && is_p(i - 1, "!") { i - 2 } else { i - 1 };
                        let parent = stack.iter().rev().find_map(|f| f.call);
                        facts.calls.push(Call {
                            id,
                            parent,
                            callee: c.clone(),
                            kwargs: Vec::new(),
                            span: toks[at].span.clone(),
                        });
                        if super::lang::is_xai_client(c, imports_xai_sdk) {
                            facts.xai_calls.push(id);
                        }
                    }
                    stack.push(Frame { open, call, callee, kw: None });
                }
                "," => {
                    if let Some(f) = stack.last_mut() {
                        f.kw = None;
                    }
                }
                "=" | ":" if i > 0 && matches!(toks[i - 1].kind, Kind::Ident | Kind::Str) => {
                    // `name=` inside a call, `name:` inside an object: a keyword argument / field
                    // (`name: value` as an argument: Ruby, Swift, Kotlin, C#, Dart named
                    // arguments; only at an argument's start, so a ternary's `: b` is not one)
                    let named_arg = t(i) == ":"
                        && !syntax.js_regex
                        && !syntax.python_strings
                        && !syntax.rust_raw_strings
                        && i >= 2
                        && toks[i - 1].kind == Kind::Ident
                        && (is_p(i - 2, "(") || is_p(i - 2, ","));
                    let in_call_or_object = stack.last().is_some_and(|f| {
                        (f.open == b'(' && f.call.is_some() && (t(i) == "=" || named_arg))
                            || (f.open == b'{' && t(i) == ":")
                    });
                    if in_call_or_object {
                        let name = text[toks[i - 1].inner.clone()].to_string();
                        if let Some(id) = stack.iter().rev().find_map(|f| f.call) {
                            // calls are pushed in id order: a binary search, not a scan
                            if let Ok(k) = facts.calls.binary_search_by_key(&id, |c| c.id) {
                                let c = &mut facts.calls[k];
                                if !c.kwargs.contains(&name) {
                                    c.kwargs.push(name.clone());
                                }
                            }
                        }
                        if let Some(f) = stack.last_mut() {
                            f.kw = Some(name);
                        }
                    }
                }
                ")" | "]" | "}" => {
                    let open = match t(i) {
                        ")" => b'(',
                        "]" => b'[',
                        _ => b'{',
                    };
                    if let Some(pos) = stack.iter().rposition(|f| f.open == open) {
                        stack.truncate(pos);
                    }
                }
                _ => {}
            },
            Kind::Str => {
                let raw = &text[tok.inner.clone()];
                // an object key (`"name": value`) is a name, not a value
                if i + 1 < toks.len() && is_p(i + 1, ":") && stack.last().is_some_and(|f| f.open == b'{') {
                    continue;
                }
                // a JS template literal's `${…}` holds code: `Bearer ${process.env.XAI_API_KEY}`
                if syntax.js_regex && text.as_bytes()[tok.span.start] == b'`' && raw.contains("${") {
                    let (call, kwarg) = enclosing(&stack, false);
                    for mut r in super::template::env_reads(text, tok.inner.clone(), syntax) {
                        if r.call.is_none() {
                            (r.call, r.kwarg) = (call, kwarg.clone());
                        }
                        facts.env_reads.push(r);
                    }
                }
                let call_frame = stack.iter().rev().find(|f| f.call.is_some());
                let call = call_frame.and_then(|f| f.call);
                // env names carry no escapes: the raw text is the value
                env_from_string(text, &toks, i, &stack, raw, &mut facts);
                // Laravel `config('services.xai.key')`: a configuration path
                let config_read = i > 0
                    && t(i - 1) == "("
                    && stack.last().and_then(|f| f.callee.as_deref()) == Some("config")
                    && raw.contains('.')
                    && raw.len() <= 100
                    && raw.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
                if config_read {
                    let kwarg = Some(crate::facts::CONFIG_PATH.to_string());
                    facts.env_reads.push(EnvRef { name: raw.to_string(), span: tok.inner.clone(), call: None, kwarg });
                }
                // Spring `@Value("${XAI_API_KEY}")` / `@Value("${X:default}")`
                let annotation = stack.last().and_then(|f| f.callee.as_deref()).is_some_and(|c| c == "Value")
                    && text[..toks[i - 1].span.start].trim_end().ends_with("@Value");
                if annotation && raw.contains("${") {
                    super::dotenv::spring_references(raw, tok.inner.start, true, &mut facts);
                    super::yaml::spring_property_reads(raw, tok.inner.start, &mut facts);
                }
                // (only right after `[` or `(`, and a short look back: minified JSON is one line)
                if syntax.slash_comments && !syntax.js_regex && i > 0 && matches!(t(i - 1), "[" | "(") {
                    let from = crate::source::floor_char_boundary(text, tok.span.start.saturating_sub(160));
                    let line_start = text[from..tok.span.start].rfind('\n').map_or(from, |p| from + p + 1);
                    if let Some(path) = super::lang::dotnet_config_read(&text[line_start..tok.span.start], raw) {
                        let (call, kwarg) = enclosing(&stack, false);
                        facts.env_reads.push(EnvRef { name: path, span: tok.inner.clone(), call, kwarg });
                    }
                }
                let (role, target) = context(text, &toks, i, &stack);
                // only values a rule can look at are kept (and decoded): those that mention
                // xAI or a key prefix, and those assigned to a key-like name
                // (and short compared values: a guard's sentinel, `if key == "YOUR_KEY"`)
                // (and a short fallback value, `X || "YOUR_API_KEY"`: a stand-in in waiting)
                let fallback = raw.len() <= 64 && {
                    let before = text[..tok.span.start].trim_end();
                    ["||", "??", "?:", " or"].iter().any(|op| before.ends_with(op))
                };
                if !super::lang::interesting(raw)
                    && !target.is_some_and(crate::names::is_credential_name)
                    && (role != Role::Compare || raw.len() > 64)
                    && !fallback
                {
                    continue;
                }
                let value = if tok.raw { raw.to_string() } else { unescape(raw) };
                let callee = call_frame.and_then(|f| f.callee.clone());
                // the host, or a model routed to xAI (litellm's `model="xai/grok-4"`)
                let xai_model = value.starts_with("xai/") && target.is_some_and(|t| t.eq_ignore_ascii_case("model"));
                if names_xai_host(&value) || xai_model {
                    if let Some(c) = call {
                        facts.xai_calls.push(c);
                    }
                }
                let keyed = target.is_some() && i > 0 && is_p(i - 1, ":");
                let target = qualified_target(target, &stack, &facts, tok.span.start);
                facts.push(Literal {
                    span: tok.inner.clone(),
                    value,
                    target,
                    role,
                    callee,
                    call,
                    keyed,
                    in_test: false,
                });
            }
            Kind::Ident => {
                // `os.Getenv(name)`, `process.env[NAME]`, `os.environ[NAMES[p]]`: the name
                // comes from a variable, a constant or a table
                if i >= 1 && !dynamic_env {
                    let arg_of_read =
                        t(i - 1) == "(" && stack.last().and_then(|f| f.callee.as_deref()).is_some_and(is_env_read_call);
                    // (a bare `env[k]` is as often a settings object as the environment)
                    let subscript = i >= 2
                        && t(i - 1) == "["
                        && is_env_collection(t(i - 2))
                        && (t(i - 2) != "env" || i >= 3 && t(i - 3) == ".");
                    dynamic_env = arg_of_read || subscript;
                }
                env_from_ident(text, &toks, i, &stack, &mut facts)
            }
            _ => {}
        }
    }
    if dynamic_env {
        super::lang::names_through_values(&mut facts);
    }
    facts.xai_calls.sort_unstable();
    facts.xai_calls.dedup();
    facts
}

/// A generic key name inside a vendor's section names that vendor's key
/// (`{"XAI": {"ApiKey": …}}` → `XAI:ApiKey`, as .NET configuration spells the path); the
/// `defaultValue:` of an environment read (`String.fromEnvironment("X", defaultValue: …)`)
/// stands for the variable X.
fn qualified_target(target: Option<&str>, stack: &[Frame], facts: &Facts, at: usize) -> Option<String> {
    let t = target?;
    let n = stack.len();
    if n >= 2 && stack[n - 1].open == b'{' && crate::names::is_generic_key_name(t) {
        if let Some(section) = stack[n - 2].kw.as_deref() {
            let lower = section.to_ascii_lowercase();
            if (lower.contains("xai") || lower.contains("grok")) && !lower.contains("groq") {
                return Some(format!("{section}:{t}"));
            }
        }
    }
    let in_read = stack.last().and_then(|f| f.callee.as_deref()).is_some_and(is_env_read_call);
    if in_read && matches!(t, "defaultValue" | "default" | "fallback" | "defaultValueFactory") {
        if let Some(r) = facts.env_reads.last().filter(|r| r.span.end <= at && at - r.span.end < 200) {
            return Some(r.name.clone());
        }
    }
    Some(t.to_string())
}

/// The call a value at this point is handed to, and the keyword it is passed as; `skip_top`
/// leaves out the innermost frame (the env-reading call itself).
fn enclosing(stack: &[Frame], skip_top: bool) -> (Option<u32>, Option<String>) {
    let frames = if skip_top && !stack.is_empty() { &stack[..stack.len() - 1] } else { stack };
    let kw = frames.iter().rev().find_map(|f| f.kw.clone());
    let call = frames.iter().rev().find_map(|f| f.call);
    (call, kw)
}

/// `getenv("X")`, `os.environ["X"]`, `os.environ["X"] = …`, `setenv("X", …)`.
fn env_from_string(text: &str, toks: &[Tok], i: usize, stack: &[Frame], value: &str, facts: &mut Facts) {
    if !crate::names::is_env_name(value) {
        return;
    }
    let t = |j: usize| -> &str { &text[toks[j].span.clone()] };
    let span = toks[i].inner.clone();
    let first_arg = i > 0 && t(i - 1) == "(";
    if first_arg {
        if let Some(callee) = stack.last().and_then(|f| f.callee.as_deref()) {
            if is_env_read_call(callee) {
                let (call, kwarg) = enclosing(stack, true);
                facts.env_reads.push(EnvRef { name: value.to_string(), span, call, kwarg });
            } else if is_env_def_call(callee) {
                facts.def(value, span);
            }
            return;
        }
    }
    // subscript: `os.environ["X"]`, `process.env["X"]`, `st.secrets["X"]`, `ENV["X"]`
    if i >= 2
        && t(i - 1) == "["
        && toks[i - 2].kind == Kind::Ident
        && is_env_collection(t(i - 2))
        && i + 1 < toks.len()
        && t(i + 1) == "]"
    {
        let assigned = i + 2 < toks.len() && toks[i + 2].kind == Kind::Punct && t(i + 2) == "=";
        if assigned {
            facts.def(value, span);
        } else {
            let (call, kwarg) = enclosing(stack, false);
            facts.env_reads.push(EnvRef { name: value.to_string(), span, call, kwarg });
        }
    }
}

/// `process.env.X`, `import.meta.env.X`, `Bun.env.X`, and `const { X } = process.env`.
fn env_from_ident(text: &str, toks: &[Tok], i: usize, stack: &[Frame], facts: &mut Facts) {
    let t = |j: usize| -> &str { &text[toks[j].span.clone()] };
    // `process.env.X`, `import.meta.env.X`, `Bun.env.X`; Cloudflare Workers' `env.X` binding
    // (the handler's `env`, Hono's `c.env.X`): for those, an upper-case name only
    let runtime = i >= 4 && t(i - 3) == "." && matches!(t(i - 4), "process" | "meta" | "Bun");
    let binding = i >= 2
        && (i < 3 || t(i - 3) != "." || i >= 4 && matches!(t(i - 4), "c" | "ctx" | "context"))
        && t(i).bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && t(i).contains('_');
    if i >= 2 && t(i - 1) == "." && t(i - 2) == "env" && (runtime || binding) {
        let name = t(i);
        if crate::names::is_env_name(name) {
            let assigned = i + 1 < toks.len() && toks[i + 1].kind == Kind::Punct && t(i + 1) == "=";
            if assigned {
                facts.def(name, toks[i].span.clone());
            } else {
                let (call, kwarg) = enclosing(stack, false);
                facts.env_reads.push(EnvRef { name: name.to_string(), span: toks[i].span.clone(), call, kwarg });
            }
        }
        return;
    }
    // destructuring: `} = process.env`
    if t(i) == "process"
        && i >= 2
        && t(i - 1) == "="
        && t(i - 2) == "}"
        && i + 2 < toks.len()
        && t(i + 1) == "."
        && t(i + 2) == "env"
    {
        let mut j = i - 2;
        let mut depth = 0;
        while j > 0 {
            match t(j) {
                "}" => depth += 1,
                "{" => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j -= 1;
        }
        for k in j + 1..i - 2 {
            let after = if k + 1 < toks.len() { t(k + 1) } else { "" };
            let before = t(k - 1);
            if toks[k].kind == Kind::Ident && (before == "{" || before == ",") && matches!(after, "," | "}" | ":" | "=")
            {
                let name = t(k);
                if crate::names::is_env_name(name) {
                    facts.read(name, toks[k].span.clone());
                }
            }
        }
    }
}

/// `os.environ.get` → "os.environ.get"; `Regex::new` → "Regex::new".
fn callee_path(text: &str, toks: &[Tok], mut at: usize) -> String {
    let mut parts = vec![&text[toks[at].span.clone()]];
    while at >= 2
        && toks[at - 1].kind == Kind::Punct
        && matches!(&text[toks[at - 1].span.clone()], "." | "::" | "?." | "\\")
        && toks[at - 2].kind == Kind::Ident
    {
        parts.push(&text[toks[at - 1].span.clone()]);
        parts.push(&text[toks[at - 2].span.clone()]);
        at -= 2;
    }
    parts.reverse();
    parts.concat()
}

fn context<'a>(text: &'a str, toks: &[Tok], i: usize, stack: &[Frame]) -> (Role, Option<&'a str>) {
    let t = |j: usize| -> &str { &text[toks[j].span.clone()] };
    let punct = |j: usize| toks[j].kind == Kind::Punct;
    let prev = i.checked_sub(1);
    let next = (i + 1 < toks.len()).then_some(i + 1);
    const CMP: &[&str] = &["==", "!=", "===", "!==", "<", ">", "<=", ">="];

    // comparisons and membership tests: guard code
    if let Some(p) = prev {
        if punct(p) && CMP.contains(&t(p)) || toks[p].kind == Kind::Ident && matches!(t(p), "in" | "case") {
            return (Role::Compare, None);
        }
    }
    if let Some(nx) = next {
        if punct(nx) && CMP.contains(&t(nx)) || toks[nx].kind == Kind::Ident && t(nx) == "in" {
            return (Role::Compare, None);
        }
    }

    // assignment: `name = "…"`, `name := "…"`, `name: type = "…"`, `x["NAME"] = "…"`
    if let Some(p) = prev {
        if punct(p) && matches!(t(p), "=" | ":=" | "??=" | "||=") {
            let target = assign_target(text, toks, p);
            let role = match &target {
                Some(n) if crate::names::is_text_name(n) => Role::Text,
                _ => Role::Assign,
            };
            return (role, target);
        }
        // `key: "…"` in an object, dict, struct literal or YAML-like block
        if punct(p) && t(p) == ":" && p > 0 {
            let in_braces = stack.last().is_some_and(|f| f.open == b'{' || f.open == b'(');
            if in_braces && matches!(toks[p - 1].kind, Kind::Ident | Kind::Str) {
                let target = name_of(text, &toks[p - 1]);
                let role = if crate::names::is_text_name(target) { Role::Text } else { Role::Assign };
                return (role, Some(target));
            }
        }
    }

    // call arguments
    if let Some(frame) = stack.last().filter(|f| f.open == b'(' && f.callee.is_some()) {
        let callee = frame.callee.as_deref().unwrap_or("");
        let last = crate::names::last_segment(callee);
        if COMPARE_CALLS.contains(&last) {
            return (Role::Compare, None);
        }
        if TEXT_CALLS.contains(&last) || callee.starts_with("console.") {
            return (Role::Text, None);
        }
        // `getenv("NAME", "fallback")`, `setenv("NAME", "value")`: the value belongs to NAME
        if ENV_PAIR_CALLS.contains(&last) && prev.is_some_and(|p| punct(p) && t(p) == ",") {
            let p = i - 1;
            if p >= 2 && toks[p - 1].kind == Kind::Str && punct(p - 2) && t(p - 2) == "(" {
                return (Role::Assign, Some(name_of(text, &toks[p - 1])));
            }
        }
        return (Role::Argument, None);
    }
    // a method call on a string: `"xai-".startsWith`, `"abc".includes(x)`
    if let Some(nx) = next {
        if punct(nx) && t(nx) == "." && nx + 1 < toks.len() {
            let m = t(nx + 1);
            if COMPARE_CALLS.contains(&m) || m == "join" || m == "format" {
                return (Role::Compare, None);
            }
        }
    }
    (Role::Other, None)
}

fn name_of<'a>(text: &'a str, tok: &Tok) -> &'a str {
    &text[tok.inner.clone()]
}

/// The name assigned by the `=` at `eq`.
fn assign_target<'a>(text: &'a str, toks: &[Tok], eq: usize) -> Option<&'a str> {
    let t = |j: usize| -> &str { &text[toks[j].span.clone()] };
    if eq == 0 {
        return None;
    }
    let before = eq - 1;
    // `x["NAME"] = …` / `os.environ['NAME'] = …`
    if t(before) == "]" && before >= 2 && toks[before - 1].kind == Kind::Str && t(before - 2) == "[" {
        return Some(name_of(text, &toks[before - 1]));
    }
    // `name: type = …` (Python, TypeScript, Rust): look back for `ident :` within a few tokens
    let mut j = before;
    let lo = before.saturating_sub(6);
    while j > lo {
        let s = t(j);
        if matches!(s, "," | ";" | "(" | "{" | "}" | ")" | "=") {
            break;
        }
        if s == ":" && toks[j - 1].kind == Kind::Ident {
            return Some(t(j - 1));
        }
        j -= 1;
    }
    match toks[before].kind {
        Kind::Ident => Some(t(before)),
        Kind::Str => Some(name_of(text, &toks[before])),
        _ => None,
    }
}

#[cfg(test)]
#[path = "code_tests.rs"]
mod tests;
