//! The language vocabulary the code reader uses, as data: calls that compare (guard code), calls
//! whose arguments are text for a person, calls that read or define environment variables,
//! keywords, and what opens a declaration's body. A new environment-read API or text call is an
//! entry here (see CONTRIBUTING.md).

use super::lexer::Tok;

/// Calls whose string arguments are patterns or sentinels, not values: guard code.
pub(super) const COMPARE_CALLS: &[&str] = &[
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
pub(super) const TEXT_CALLS: &[&str] = &[
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
pub(super) const ENV_PAIR_CALLS: &[&str] = &[
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

/// How a call is recognised by its callee path (`os.environ.get`, `std::env::var`).
#[derive(Debug, Clone, Copy)]
pub enum CallMatch {
    /// The last segment of the path (`getenv` matches `os.getenv` and `getenv`).
    Last(&'static str),
    /// The end of the path (`environ.get` matches `os.environ.get`).
    Suffix(&'static str),
    /// The whole path.
    Exact(&'static str),
}

impl CallMatch {
    pub fn matches(self, callee: &str) -> bool {
        match self {
            CallMatch::Last(w) => crate::names::last_segment(callee) == w,
            CallMatch::Suffix(w) => callee.ends_with(w),
            CallMatch::Exact(w) => callee == w,
        }
    }
}

/// Calls that read an environment variable named by their first argument, in every language
/// the code reader handles. A new environment-read API is one row here.
pub const ENV_READ_CALLS: &[CallMatch] = &[
    CallMatch::Last("getenv"),        // Python os.getenv, C getenv, PHP getenv
    CallMatch::Last("Getenv"),        // Go os.Getenv
    CallMatch::Last("LookupEnv"),     // Go os.LookupEnv
    CallMatch::Last("var_os"),        // Rust std::env::var_os
    CallMatch::Last("env"),           // Laravel env(), django-environ env()
    CallMatch::Suffix("environ.get"), // Python os.environ.get
    CallMatch::Suffix("environ.pop"),
    CallMatch::Suffix("secrets.get"), // Streamlit st.secrets.get
    CallMatch::Suffix("env.get"),     // Deno.env.get
    CallMatch::Suffix("env::var"),    // Rust std::env::var
    CallMatch::Exact("dotenvy::var"),
    CallMatch::Exact("dotenv::var"),
    CallMatch::Suffix("ENV.fetch"),            // Ruby ENV.fetch
    CallMatch::Last("GetEnvironmentVariable"), // C# Environment.GetEnvironmentVariable
    CallMatch::Last("get_env"),                // Elixir System.get_env
    CallMatch::Last("fromEnvironment"),        // Dart String.fromEnvironment (--dart-define)
    CallMatch::Exact("config"),                // python-decouple config("NAME")
    CallMatch::Suffix("env.str"),              // django-environ env.str("NAME")
];

/// Whether a call reads an environment variable named by its first argument.
pub(super) fn is_env_read_call(callee: &str) -> bool {
    ENV_READ_CALLS.iter().any(|m| m.matches(callee))
}

/// Whether a call defines an environment variable named by its first argument.
pub(super) fn is_env_def_call(callee: &str) -> bool {
    matches!(crate::names::last_segment(callee), "setenv" | "Setenv" | "set_var" | "putenv" | "setdefault" | "stubEnv")
}

/// Names that hold a collection of environment variables (`os.environ[…]`, `process.env[…]`).
pub(super) fn is_env_collection(name: &str) -> bool {
    // Python os.environ, Node process.env, Streamlit st.secrets, Ruby ENV, Swift
    // ProcessInfo.processInfo.environment, PHP $_ENV / $_SERVER, Dart dotenv.env
    matches!(name, "environ" | "env" | "secrets" | "ENV" | "environment" | "_ENV" | "$_ENV" | "_SERVER" | "$_SERVER")
}

/// Whether `Ident {` at `at` opens a declaration's or a block's body (`class Foo {`, `object
/// Foo : Bar() {`, `fn f() -> Foo {`, `func (c *C) Do() error {`, `if x == y {`) rather than a
/// Go/Rust struct literal or a C# object initializer (`Config{APIKey: …}`, `new Options { … }`).
pub(super) fn declares_body(toks: &[Tok], text: &str, at: usize) -> bool {
    let t = |k: usize| &text[toks[k].span.clone()];
    if at == 0 {
        return false;
    }
    // a return type: `) Foo {`, `-> Foo {`, `): Foo {`
    match t(at - 1) {
        ")" | "->" => return true,
        ":" if at >= 2 && t(at - 2) == ")" => return true,
        _ => {}
    }
    // a declaration or control keyword earlier in the same statement
    let mut k = at;
    let mut steps = 0;
    while k > 0 && steps < 24 {
        k -= 1;
        steps += 1;
        match t(k) {
            ";" | "{" | "}" | "=" | ":=" | "(" | "," | "return" | "=>" => return false,
            "class" | "object" | "struct" | "interface" | "enum" | "impl" | "record" | "trait" | "extends"
            | "implements" | "namespace" | "module" | "protocol" | "extension" | "union" | "type" | "fun" | "func"
            | "fn" | "def" | "function" | "where" | "for" | "if" | "while" | "match" | "switch" | "else" | "in"
            | "catch" | "mod" | "unsafe" | "loop" => return true,
            _ => {}
        }
    }
    false
}

pub(super) fn is_keyword(w: &str) -> bool {
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

/// Constructors that only ever talk to xAI, so a client built by one is aimed at api.x.ai with
/// no host written: `@ai-sdk/xai`'s `createXai`, LangChain's `ChatXAI`, and the official Python
/// SDK's `Client`/`AsyncClient` in a file that imports `xai_sdk`.
const XAI_CLIENTS: &[&str] = &["createXai", "ChatXAI", "ChatXai", "XAIClient", "XaiClient", "GrokClient"];

pub fn is_xai_client(callee: &str, imports_xai_sdk: impl FnOnce() -> bool) -> bool {
    let last = crate::names::last_segment(callee);
    XAI_CLIENTS.contains(&last)
        || matches!(last, "Client" | "AsyncClient") && !callee.contains("http") && imports_xai_sdk()
}

/// .NET configuration reads: `Configuration["Grok:ApiKey"]`, `config["XAI_API_KEY"]`,
/// `GetSection("Grok")["ApiKey"]`, `GetValue<string>("Grok:ApiKey")`. `head` is the text before
/// the string literal (on its line), `value` the literal. Returns the configuration path read
/// (sections joined with `:`, as .NET spells it; an environment variable `Grok__ApiKey` sets it).
pub fn dotnet_config_read(head: &str, value: &str) -> Option<String> {
    let path_like = !value.is_empty()
        && value.len() <= 100
        && value.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-'));
    if !path_like {
        return None;
    }
    let h = head.trim_end_matches(['"', '@', '$']).trim_end();
    let receiver_is_config = |r: &str| {
        let last = r.rsplit(['.', ' ', '(', '=', '!']).next().unwrap_or(r).trim_start_matches('_').to_ascii_lowercase();
        last.ends_with("configuration") || last == "config" || last == "cfg"
    };
    if let Some(before) = h.strip_suffix('[') {
        // `GetSection("Grok")["ApiKey"]`
        if let Some(sec) = before.strip_suffix("\")").and_then(|b| b.rsplit_once("GetSection(\"")) {
            return Some(format!("{}:{value}", sec.1));
        }
        return receiver_is_config(before.trim_end()).then(|| value.to_string());
    }
    let call = h.strip_suffix('(')?.trim_end();
    // (a generic argument: `GetValue<string>`)
    let call = match call.strip_suffix('>') {
        Some(c) => c.rsplit_once('<').map_or(c, |(n, _)| n),
        None => call,
    };
    let (receiver, method) = call.rsplit_once('.')?;
    let method = method.trim();
    if !matches!(method, "GetValue" | "GetSection" | "GetRequiredSection") || !receiver_is_config(receiver) {
        return None;
    }
    Some(value.to_string())
}

/// Text a rule may care about inside a string: xAI, Grok, its host, key prefixes, API paths.
pub(super) fn interesting(raw: &str) -> bool {
    static P: std::sync::OnceLock<Option<aho_corasick::packed::Searcher>> = std::sync::OnceLock::new();
    const PATS: &[&str] = &[
        "xai", "XAI", "Xai", "xAI", "XAi", "grok", "Grok", "GROK", "x.ai", "gsk_", "sk-", "/v1/", "api-key", "api_key",
    ];
    match P.get_or_init(|| aho_corasick::packed::Searcher::new(PATS.iter())) {
        Some(s) => s.find(raw).is_some(),
        None => PATS.iter().any(|p| raw.contains(p)),
    }
}

/// In a file that reads the environment under a name held by a variable, a constant or a
/// lookup table, the xAI key names written as values are what it reads.
pub(super) fn names_through_values(facts: &mut crate::facts::Facts) {
    use crate::facts::{EnvRef, Role};
    let found: Vec<EnvRef> = facts
        .literals
        .iter()
        .filter(|l| matches!(l.role, Role::Assign | Role::Other | Role::Argument) && !l.in_test)
        .filter(|l| crate::names::is_env_name(&l.value) && crate::names::is_xai_key_name(&l.value))
        .filter(|l| !facts.env_reads.iter().chain(&facts.env_defs).any(|e| e.span == l.span))
        .map(|l| EnvRef {
            name: l.value.clone(),
            span: l.span.clone(),
            call: None,
            kwarg: Some(crate::facts::THROUGH.to_string()),
        })
        .collect();
    facts.env_reads.extend(found);
}
