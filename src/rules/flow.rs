//! Following a value inside one file, as raw HTTP code passes it: read or written into a local
//! variable (`key = os.environ["X"]`, `const apiKey = "…"`, `$key = getenv("X")`,
//! `KEY="$X"`), then sent as the key of a request (`"Authorization": f"Bearer {key}"`,
//! `req.Header.Set("Authorization", "Bearer "+key)`, `-H "Authorization: Bearer $KEY"`).
//!
//! Text-level and deliberately narrow: the variable is the one assigned on the value's own
//! line, and the request line names it together with an authorization header or a key
//! parameter. Used only in files that talk to api.x.ai and to no other provider.

use crate::facts::Facts;
use std::ops::Range;

/// Hosts of other providers: a file that names one may send a key there instead.
const OTHER_HOSTS: &[&str] = &[
    "api.openai.com",
    "api.groq.com",
    "openrouter.ai",
    "api.anthropic.com",
    "api.together",
    "generativelanguage.googleapis.com",
    "api.mistral.ai",
    "api.deepseek.com",
    "openai.azure.com",
];

/// Whether a file also names another provider's API host (one pass over the text).
pub fn mentions_other_provider(text: &str) -> bool {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| aho_corasick::AhoCorasick::new(OTHER_HOSTS).expect("valid patterns")).is_match(text)
}

/// Whether every request the file makes goes to xAI's inference API: it names api.x.ai, no
/// other provider's host and not the management API, and every client it builds is aimed at
/// api.x.ai (an SDK's default host is not written, so a client aimed elsewhere says so).
pub fn talks_only_to_xai(text: &str, facts: &Facts) -> bool {
    // (every client aimed at xAI has its call in `xai_calls`; a file with none names no host
    // in a call, and raw requests name it in one too)
    !facts.xai_calls.is_empty()
        && crate::facts::names_xai_host(text)
        && !text.contains("management-api.x.ai")
        && !mentions_other_provider(text)
        && (assigns_xai_base(text)
            || facts.calls.iter().all(|c| {
                !crate::names::is_client_constructor(crate::names::last_segment(&c.callee))
                    || is_http_client(&c.callee)
                    || facts.call_is_xai(c.id)
            }))
}

/// Whether the file sets a client's base URL to api.x.ai in a statement of its own
/// (`options.Endpoint = new Uri("https://api.x.ai/v1")`, `config.BaseURL = "https://api.x.ai/v1"`):
/// the clients it then builds from that configuration are aimed at xAI.
pub fn assigns_xai_base(text: &str) -> bool {
    let finder = memchr::memmem::Finder::new("api.x.ai");
    finder.find_iter(text.as_bytes()).any(|at| {
        let line = line_span(text, at);
        let before = text[line.start..at].to_ascii_lowercase();
        // a statement of its own: `lhs = …` where lhs is a plain field path
        let Some((lhs, _)) = before.split_once('=') else { return false };
        let lhs = lhs.trim().trim_end_matches(':');
        !lhs.is_empty()
            && lhs.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b'-' | b'>'))
            && ["endpoint", "baseurl", "base_url", "uri_base", "api_base", "baseaddress"]
                .iter()
                .any(|f| lhs.contains(f))
    })
}

/// A plain HTTP client (`new HttpClient()`, Guzzle's `Client`, `httpx.Client`, reqwest's):
/// it has no default host, so building one says nothing about where requests go.
fn is_http_client(callee: &str) -> bool {
    let lower = callee.to_ascii_lowercase();
    let last = crate::names::last_segment(&lower);
    matches!(last, "httpclient" | "okhttpclient" | "webclient" | "restclient" | "clientsession")
        || ["guzzle", "httpx", "reqwest", "http.client", "aiohttp"].iter().any(|m| lower.contains(m))
}

fn line_span(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
    start..end
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The variable the expression holding byte `at` is assigned to on its line, if the line is a
/// plain assignment to one (not a field of an object literal, not one argument among several).
pub fn assigned_name(text: &str, at: usize) -> Option<&str> {
    let line = line_span(text, at);
    let prefix = &text[line.start..at];
    let b = prefix.as_bytes();
    // the last lone `=` (not `==`, `=>`, `!=`, `<=`, `>=`)
    let eq = (0..b.len()).rev().find(|&i| {
        b[i] == b'='
            && !matches!(b.get(i + 1), Some(b'=' | b'>'))
            && (i == 0 || !matches!(b[i - 1], b'=' | b'!' | b'<' | b'>'))
    })?;
    let between = &prefix[eq + 1..];
    if between.contains([';', ',', '+', '{', '}']) || between.contains(" ? ") {
        return None;
    }
    let before = prefix[..eq].trim_end().trim_end_matches(':').trim_end();
    // a type annotation (`const key: string =`, `val key: String =`)
    let before = before.split(':').next().unwrap_or(before).trim_end();
    let last = before.rsplit(|c: char| c.is_whitespace() || c == '(').next()?;
    let last = last.rsplit("->").next()?;
    let last = last.rsplit('.').next()?;
    let name = last.trim_start_matches(['$', '@']);
    (!name.is_empty() && name.bytes().all(is_ident_byte) && !name.as_bytes()[0].is_ascii_digit()).then_some(name)
}

/// Whether a line sends something as a key: an authorization header, or a key parameter.
fn sends_key(line: &str, use_at: usize) -> bool {
    let lower = line.to_ascii_lowercase();
    if ["bearer", "authorization", "x-api-key"].iter().any(|m| lower.contains(m)) {
        return true;
    }
    // a key parameter: `api_key=key` in a call, `apiKey: key` or `'api_key' => $key` in a
    // mapping, `WithAPIKey(key)` (not a plain field assignment, `c.APIKey = key`)
    let head = &lower[..use_at];
    let trimmed = head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '$' | '{'));
    let (sep, rest) = match trimmed.as_bytes().last() {
        Some(b'>') if trimmed.ends_with("=>") => (':', &trimmed[..trimmed.len() - 2]),
        Some(&c @ (b'=' | b':' | b'(')) => (c as char, &trimmed[..trimmed.len() - 1]),
        _ => return false,
    };
    if sep == '=' && head.matches('(').count() <= head.matches(')').count() {
        return false;
    }
    let rest = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\''));
    let word: String = rest
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .filter(char::is_ascii_alphanumeric)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    !word.contains("management")
        && ["apikey", "accesstoken", "apitoken", "credential"].iter().any(|w| word.ends_with(w))
}

/// Whether the value at `span` is sent as the key of a request: on its own line, or through
/// the variable it is assigned to, on a later line. Returns where it is sent.
pub fn sent_as_key(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let own = line_span(text, span.start);
    if sends_key(&text[own.clone()], span.start - own.start) && assigned_name(text, span.start).is_none() {
        return Some(span.clone());
    }
    let name = assigned_name(text, span.start)?;
    if name.len() < 2 {
        return None;
    }
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    let b = text.as_bytes();
    for at in finder.find_iter(&b[own.end.min(b.len())..]).map(|p| p + own.end) {
        let end = at + name.len();
        if (at > 0 && is_ident_byte(b[at - 1])) || b.get(end).is_some_and(|&c| is_ident_byte(c)) {
            continue;
        }
        let line = line_span(text, at);
        // assigned again: the value was replaced
        let after = text[end..line.end].trim_start();
        if after.starts_with('=') && !after.starts_with("==") {
            return None;
        }
        if sends_key(&text[line.clone()], at - line.start) {
            return Some(at..end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assigned(line: &str, name: &str) -> Option<String> {
        let at = line.find(name).unwrap();
        assigned_name(line, at).map(str::to_string)
    }

    #[test]
    fn assignments() {
        assert_eq!(assigned(r#"api_key = os.environ["OPENAI_API_KEY"]"#, "OPENAI").as_deref(), Some("api_key"));
        assert_eq!(assigned("const apiKey: string = process.env.OPENAI_API_KEY;", "OPENAI").as_deref(), Some("apiKey"));
        assert_eq!(assigned(r#"$apiKey = getenv("OPENAI_API_KEY");"#, "OPENAI").as_deref(), Some("apiKey"));
        assert_eq!(assigned(r#"	key := os.Getenv("OPENAI_API_KEY")"#, "OPENAI").as_deref(), Some("key"));
        assert_eq!(assigned(r#"KEY="$OPENAI_API_KEY""#, "OPENAI").as_deref(), Some("KEY"));
        assert_eq!(assigned(r#"self.api_key = os.getenv("OPENAI_API_KEY")"#, "OPENAI").as_deref(), Some("api_key"));
        assert_eq!(
            assigned(r#"var apiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");"#, "OPENAI").as_deref(),
            Some("apiKey")
        );
        // not a plain assignment
        assert_eq!(assigned(r#"headers = {"Authorization": os.environ["OPENAI_API_KEY"]}"#, "OPENAI"), None);
        assert_eq!(assigned(r#"if key == os.environ["OPENAI_API_KEY"]:"#, "OPENAI"), None);
        assert_eq!(assigned(r#"call(a, os.environ["OPENAI_API_KEY"])"#, "OPENAI"), None);
    }

    /// Whether the read of `name` in `text` is followed to a request.
    fn sent(text: &str, name: &str) -> bool {
        let at = text.find(name).unwrap();
        sent_as_key(text, &(at..at + name.len())).is_some()
    }

    #[test]
    fn followed_to_the_header() {
        assert!(sent(
            "key := os.Getenv(\"OPENAI_API_KEY\")\nreq.Header.Set(\"Authorization\", \"Bearer \"+key)\n",
            "OPENAI_API_KEY"
        ));
        assert!(!sent(
            "api_key = os.environ[\"OPENAI_API_KEY\"]\nprint(api_key)\nheaders = {\"Content-Type\": \"json\"}\n",
            "OPENAI_API_KEY"
        ));
        assert!(sent(
            "curl https://api.x.ai/v1/models -H \"Authorization: Bearer $OPENAI_API_KEY\"\n",
            "OPENAI_API_KEY"
        ));
        assert!(sent("key = os.environ[\"OPENAI_API_KEY\"]\nc = Client(api_key=key)\n", "OPENAI_API_KEY"));
        for line in ["opts := Options{APIKey: key}", "$o = ['api_key' => $key];", "c := New(WithAPIKey(key))"] {
            assert!(sent(&format!("key := os.Getenv(\"OPENAI_API_KEY\")\n{line}\n"), "OPENAI_API_KEY"), "{line}");
        }
        // a field set in a config struct is not a request
        assert!(!sent(
            "key := os.Getenv(\"XAI_MANAGEMENT_API_KEY\")\nc.ManagementAPIKey = key\nc.APIKey = key\n",
            "XAI_MANAGEMENT_API_KEY"
        ));
        // a longer name that contains the variable's is another variable
        assert!(!sent("key = os.environ[\"OPENAI_API_KEY\"]\nheaders = {\"Authorization\": keys}\n", "OPENAI_API_KEY"));
    }
}
