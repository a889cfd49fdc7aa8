//! Facts from source code, for every language read through the tokenizer: each string literal
//! with what it is assigned to, which call it is passed to, and whether it is compared against.

use super::lexer::{tokenize, unescape, Kind, Syntax, Tok};
use crate::facts::{names_xai_host, Facts, Literal, Role};

/// Calls whose string arguments are patterns or sentinels, not values: guard code.
const COMPARE_CALLS: &[&str] = &[
    "startswith",
    "endswith",
    "startsWith",
    "endsWith",
    "includes",
    "contains",
    "indexOf",
    "match",
    "matches",
    "test",
    "search",
    "fullmatch",
    "findall",
    "finditer",
    "compile",
    "sub",
    "split",
    "replace",
    "replaceAll",
    "RegExp",
    "MustCompile",
    "Compile",
    "HasPrefix",
    "HasSuffix",
    "Contains",
    "starts_with",
    "ends_with",
    "strip_prefix",
    "strip_suffix",
    "assertEqual",
    "assertNotEqual",
    "assertIn",
    "assertNotIn",
    "assert_eq",
    "assert_ne",
    "toBe",
    "toEqual",
    "toContain",
    "toMatch",
    "toHaveBeenCalledWith",
    "equal",
    "Equal",
    "lstrip",
    "rstrip",
    "removeprefix",
    "removesuffix",
    "count",
    "find",
    "rfind",
    "index",
    "trimStart",
    "TrimPrefix",
    "TrimSuffix",
    "new",
    "Regex",
];

/// Calls whose string arguments are text for a person.
const TEXT_CALLS: &[&str] = &[
    "print",
    "println",
    "printf",
    "eprintln",
    "eprint",
    "log",
    "info",
    "warn",
    "warning",
    "error",
    "debug",
    "echo",
    "Println",
    "Printf",
    "Errorf",
    "Fatalf",
    "Fatal",
    "Sprintf",
    "format",
    "alert",
    "confirm",
    "prompt",
    "input",
    "getpass",
    "write",
    "puts",
    "t",
    "gettext",
    "_",
    "i18n",
    "help",
    "describe",
    "it",
    "panic",
    "raise",
    "Exception",
    "ValueError",
    "RuntimeError",
    "TypeError",
    "Error",
    "expect",
    "bail",
    "anyhow",
    "add_argument",
    "option",
    "Field",
    "HelpText",
];

/// Calls that take an environment name then its value or fallback: the value is the key.
const ENV_PAIR_CALLS: &[&str] = &[
    "getenv",
    "get",
    "setdefault",
    "setenv",
    "Setenv",
    "set_var",
    "putenv",
    "LookupEnv",
    "environ",
    "env",
    "Getenv",
    "var_or",
    "get_or",
];

/// Names whose value is text for a person (UI hints, labels, help, messages).
pub fn is_text_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "placeholder"
            | "label"
            | "hint"
            | "title"
            | "description"
            | "desc"
            | "help"
            | "helptext"
            | "help_text"
            | "helpertext"
            | "tooltip"
            | "message"
            | "msg"
            | "prompt"
            | "text"
            | "caption"
            | "example"
            | "examples"
            | "summary"
            | "error"
            | "warning"
            | "detail"
            | "doc"
            | "docs"
            | "comment"
            | "usage"
            | "aria-label"
            | "alt"
            | "subtitle"
            | "instructions"
            | "note"
            | "info"
            | "content"
    ) || n.ends_with("placeholder")
        || n.ends_with("_hint")
        || n.ends_with("_help")
        || n.ends_with("message")
        || n.ends_with("label")
}

struct Frame {
    open: u8,
    call: Option<u32>,
    callee: Option<String>,
}

pub fn read(text: &str, syntax: Syntax) -> Facts {
    let toks = tokenize(text, syntax);
    let mut facts = Facts::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut next_call = 0u32;
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
                        if toks[callee_at].kind == Kind::Ident && !is_keyword(t(callee_at)) {
                            let id = next_call;
                            next_call += 1;
                            (Some(id), Some(callee_path(text, &toks, callee_at)))
                        } else {
                            (None, None)
                        }
                    } else if open == b'{' && i > 0 && toks[i - 1].kind == Kind::Ident && !is_keyword(t(i - 1)) {
                        // Go / Rust struct literal: `Config{APIKey: "…"}`
                        let id = next_call;
                        next_call += 1;
                        (Some(id), Some(callee_path(text, &toks, i - 1)))
                    } else {
                        (None, None)
                    };
                    stack.push(Frame { open, call, callee });
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
                let value = if tok.raw { raw.to_string() } else { unescape(raw) };
                let call_frame = stack.iter().rev().find(|f| f.call.is_some());
                let call = call_frame.and_then(|f| f.call);
                let callee = call_frame.and_then(|f| f.callee.clone());
                if names_xai_host(&value) {
                    if let Some(c) = call {
                        facts.xai_calls.push(c);
                    }
                }
                let (role, target) = context(text, &toks, i, &stack);
                let keyed = target.is_some() && i > 0 && is_p(i - 1, ":");
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
            _ => {}
        }
    }
    facts.xai_calls.sort_unstable();
    facts.xai_calls.dedup();
    facts
}

fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "if" | "elif"
            | "while"
            | "for"
            | "return"
            | "in"
            | "not"
            | "and"
            | "or"
            | "switch"
            | "case"
            | "match"
            | "else"
            | "await"
            | "yield"
            | "assert"
            | "del"
            | "with"
            | "as"
            | "typeof"
            | "new"
            | "import"
            | "from"
            | "export"
            | "const"
            | "let"
            | "var"
            | "func"
            | "fn"
            | "impl"
            | "where"
            | "struct"
            | "enum"
            | "class"
            | "def"
            | "lambda"
            | "loop"
            | "do"
            | "try"
            | "catch"
            | "finally"
            | "throw"
            | "unsafe"
            | "move"
            | "mut"
            | "pub"
    )
}

/// `os.environ.get` → "os.environ.get"; `Regex::new` → "Regex::new".
fn callee_path(text: &str, toks: &[Tok], mut at: usize) -> String {
    let mut parts = vec![&text[toks[at].span.clone()]];
    while at >= 2
        && toks[at - 1].kind == Kind::Punct
        && matches!(&text[toks[at - 1].span.clone()], "." | "::" | "?.")
        && toks[at - 2].kind == Kind::Ident
    {
        parts.push(&text[toks[at - 1].span.clone()]);
        parts.push(&text[toks[at - 2].span.clone()]);
        at -= 2;
    }
    parts.reverse();
    parts.concat()
}

/// The last segment of a callee path.
pub fn last_segment(path: &str) -> &str {
    path.rsplit(['.', ':']).next().unwrap_or(path)
}

fn context(text: &str, toks: &[Tok], i: usize, stack: &[Frame]) -> (Role, Option<String>) {
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
                Some(n) if is_text_name(n) => Role::Text,
                _ => Role::Assign,
            };
            return (role, target);
        }
        // `key: "…"` in an object, dict, struct literal or YAML-like block
        if punct(p) && t(p) == ":" && p > 0 {
            let in_braces = stack.last().is_some_and(|f| f.open == b'{' || f.open == b'(');
            if in_braces && matches!(toks[p - 1].kind, Kind::Ident | Kind::Str) {
                let target = name_of(text, &toks[p - 1]);
                let role = if is_text_name(&target) { Role::Text } else { Role::Assign };
                return (role, Some(target));
            }
        }
    }

    // call arguments
    if let Some(frame) = stack.last().filter(|f| f.open == b'(' && f.callee.is_some()) {
        let callee = frame.callee.as_deref().unwrap_or("");
        let last = last_segment(callee);
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

fn name_of(text: &str, tok: &Tok) -> String {
    text[tok.inner.clone()].to_string()
}

/// The name assigned by the `=` at `eq`.
fn assign_target(text: &str, toks: &[Tok], eq: usize) -> Option<String> {
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
            return Some(t(j - 1).to_string());
        }
        j -= 1;
    }
    match toks[before].kind {
        Kind::Ident => Some(t(before).to_string()),
        Kind::Str => Some(name_of(text, &toks[before])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(text: &str, syn: Syntax) -> Vec<(String, Role, Option<String>)> {
        read(text, syn).literals.into_iter().map(|l| (l.value, l.role, l.target)).collect()
    }

    #[test]
    fn python_contexts() {
        let l = lits(
            "KEY = 'a'\nc = Client(api_key='b', base_url='https://api.x.ai/v1')\nif k == 'c': pass\n\
             os.environ['XAI_API_KEY'] = 'd'\nx = os.getenv('XAI_API_KEY', 'e')\nprint('f')\n\
             k.startswith('g')\nT: str = 'h'\n",
            Syntax::PYTHON,
        );
        let get = |v: &str| l.iter().find(|x| x.0 == v).unwrap().clone();
        assert_eq!(get("a"), ("a".into(), Role::Assign, Some("KEY".into())));
        assert_eq!(get("b").2.as_deref(), Some("api_key"));
        assert_eq!(get("c").1, Role::Compare);
        assert_eq!(get("d").2.as_deref(), Some("XAI_API_KEY"));
        assert_eq!(get("e").2.as_deref(), Some("XAI_API_KEY"));
        assert_eq!(get("f").1, Role::Text);
        assert_eq!(get("g").1, Role::Compare);
        assert_eq!(get("h").2.as_deref(), Some("T"));
    }

    #[test]
    fn js_contexts() {
        let f = read(
            "const c = new OpenAI({ apiKey: 'a', baseURL: 'https://api.x.ai/v1' });\n<input placeholder=\"b\" />",
            Syntax::JS,
        );
        let a = &f.literals[0];
        assert_eq!(a.target.as_deref(), Some("apiKey"));
        assert!(f.in_xai_call(a));
        assert_eq!(f.literals[2].role, Role::Text);
    }
}
