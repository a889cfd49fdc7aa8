//! The vocabulary of names: which variable, field, argument or call names say "this holds a
//! key", "this is text for a person", "this builds an API client". One module, so a rule and a
//! reader never disagree on what a name means.
//!
//! | function | true for | used for |
//! | --- | --- | --- |
//! | `is_xai_key_name` | `XAI_API_KEY`, `grokToken`, not `XAI_MODEL`, not `GROQ_…` | a value or read that is the xAI key |
//! | `is_generic_key_name` | `api_key`, `token`, `Authorization` | the xAI key, in an xAI context only |
//! | `is_credential_name` | any name with key/token/secret/auth/password/credential/bearer | which values and arguments are worth keeping |
//! | `mentions_key_or_vendor` | a name with KEY, TOKEN, SECRET, XAI or GROK | env facts, other vendors' key variables |
//! | `is_text_name` | `placeholder`, `label`, `hint`, … | values that are text for a person |
//! | `is_display_name` | `redacted_api_key`, `apiKeyPrefix`, `keyFormat` | values that show a key, not use it |
//! | `is_client_constructor` | `OpenAI`, `Client`, `ChatXAI`, `createXai` | calls that receive the key |
//! | `is_env_name` | `A_NAME_1` | strings that may name an environment variable |

pub fn normalized(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// A variable name that holds an xAI key: XAI or GROK (not GROQ) with KEY, TOKEN or SECRET,
/// and not a URL, model or other setting (`XAI_API_BASE`, `XAI_MODEL`).
pub fn is_xai_key_name(name: &str) -> bool {
    let n = normalized(name);
    let vendor = (n.contains("xai") || n.contains("grok")) && !n.contains("groq");
    // `XAI_MAX_TOKENS`, `GROK_TOKEN_LIMIT`: counts of tokens, not credentials
    let token_count = ["tokens", "maxtoken", "tokenlimit", "tokenizer", "tokencount"].iter().any(|w| n.contains(w));
    let keyish = n.contains("key") || n.contains("token") && !token_count || n.contains("secret");
    let other = ["url", "base", "host", "model", "endpoint", "header", "name", "path", "file", "env", "var", "id"]
        .iter()
        .any(|w| n.ends_with(w));
    vendor && keyish && !other
}

/// A generic key name (`api_key`, `apiKey`, `token`), an xAI key only in an xAI context.
pub fn is_generic_key_name(name: &str) -> bool {
    matches!(
        normalized(name).as_str(),
        "apikey"
            | "key"
            | "token"
            | "secret"
            | "authtoken"
            | "accesstoken"
            | "bearer"
            | "authorization"
            | "bearertoken"
            | "secretkey"
            | "apitoken"
            | "credential"
            | "credentials"
            | "password"
            | "openaiapikey"
            | "openaikey"
    )
}

/// A name with a credential word in it (`api_key`, `authToken`, `password`, `Bearer`): a value
/// assigned to it is worth reading.
pub fn is_credential_name(name: &str) -> bool {
    let b = name.as_bytes();
    ["key", "token", "secret", "auth", "password", "credential", "bearer"]
        .iter()
        .any(|w| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w.as_bytes())))
}

/// The variables the OpenAI SDKs take their base URL from (kept as environment facts: a project
/// that sets one to api.x.ai aims its bare `OpenAI()` clients at xAI).
pub const BASE_URL_VARS: &[&str] = &["OPENAI_BASE_URL", "OPENAI_API_BASE"];

/// An environment name that may hold a secret, or an xAI one (possibly misspelt), or a base URL
/// variable: the project-wide rules look at no other.
pub fn mentions_key_or_vendor(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    BASE_URL_VARS.contains(&upper.as_str())
        || upper.contains("KEY")
        || upper.contains("TOKEN")
        || upper.contains("SECRET")
        || upper.contains("XAI")
        || upper.contains("GROK")
}

/// A plausible environment variable name: letters, digits and `_`, not starting with a digit.
pub fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.as_bytes()[0].is_ascii_digit()
        && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

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

/// The last segment of a callee path.
pub fn last_segment(path: &str) -> &str {
    match path.bytes().rposition(|b| matches!(b, b'.' | b':' | b'\\')) {
        Some(p) => &path[p + 1..],
        None => path,
    }
}

/// A client constructor by its name: `OpenAI`, `AsyncOpenAI`, `Client` (xai_sdk), `ChatXAI`,
/// `createXai`, `createOpenAI`, `GrokClient`, `OpenAIClient`, `ApiKeyCredential`, ….
pub fn is_client_constructor(name: &str) -> bool {
    // (no allocation: this runs for every call of a file)
    let b = name.as_bytes();
    let ends = |s: &str| b.len() >= s.len() && b[b.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes());
    let has = |s: &str| b.windows(s.len()).any(|w| w.eq_ignore_ascii_case(s.as_bytes()));
    ends("client")
        || ends("openai")
        || has("xai")
        || has("grok")
        || ends("credential")
        || ends("provider")
        || ["llm", "chatopenai", "completion", "acompletion"].iter().any(|s| name.eq_ignore_ascii_case(s))
}

/// A field that holds a key shown to people, not used: a mask, a prefix, a format hint.
pub fn is_display_name(name: &str) -> bool {
    let n: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    [
        "redacted",
        "masked",
        "mask",
        "preview",
        "obfuscated",
        "truncated",
        "display",
        "hint",
        "prefix",
        "format",
        "pattern",
        "example",
        "sample",
        "placeholder",
        "regex",
        "shape",
    ]
    .iter()
    .any(|w| n.contains(w))
}
