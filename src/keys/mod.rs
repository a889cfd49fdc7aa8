//! What an xAI key looks like, what a placeholder or another vendor's key looks like (how a
//! value is redacted is `redact`'s).

/// Length of the random body of an xAI key (after `xai-` or `xai-token-`).
mod stand_ins;
pub use stand_ins::*;

pub const BODY_LEN: usize = 80;
pub const INFERENCE_PREFIX: &str = "xai-";
pub const MANAGEMENT_PREFIX: &str = "xai-token-";

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// A key-shaped token found in raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyToken {
    pub start: usize,
    pub end: usize,
    pub management: bool,
}

/// Every real-shaped key in `text`: `xai-` + 80 alphanumerics or `xai-token-` + 80, bounded on
/// both sides by a character that cannot be part of a key (so a longer run is not a key, and
/// `fooxai-…` is not either).
pub fn find_key_tokens(text: &str) -> Vec<KeyToken> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for start in memchr::memmem::find_iter(bytes, INFERENCE_PREFIX) {
        if start > 0 && (is_alnum(bytes[start - 1]) || bytes[start - 1] == b'_') {
            continue;
        }
        let (body_start, management) = if bytes[start..].starts_with(MANAGEMENT_PREFIX.as_bytes()) {
            (start + MANAGEMENT_PREFIX.len(), true)
        } else {
            (start + INFERENCE_PREFIX.len(), false)
        };
        let run = bytes[body_start..].iter().take_while(|b| is_alnum(**b)).count();
        if run == BODY_LEN {
            // a key followed by `-`/`_` and more alphanumerics is a longer identifier
            let after = body_start + run;
            if after < bytes.len()
                && (bytes[after] == b'_' || bytes[after] == b'-')
                && after + 1 < bytes.len()
                && is_alnum(bytes[after + 1])
            {
                continue;
            }
            out.push(KeyToken { start, end: body_start + run, management });
        } else if management {
            // `xai-token-` + wrong length may still be `xai-` + 80 (token… is part of the body)
            let run = bytes[start + 4..].iter().take_while(|b| is_alnum(**b)).count();
            if run == BODY_LEN {
                out.push(KeyToken { start, end: start + 4 + run, management: false });
            }
        }
    }
    out
}

/// Whether `value` is exactly a real-shaped key.
pub fn is_key_shape(value: &str) -> bool {
    let body = value
        .strip_prefix(MANAGEMENT_PREFIX)
        .filter(|b| b.len() == BODY_LEN)
        .or_else(|| value.strip_prefix(INFERENCE_PREFIX));
    matches!(body, Some(b) if b.len() == BODY_LEN && b.bytes().all(is_alnum))
}

/// The body of a value after its xAI prefix.
pub fn body(value: &str) -> &str {
    value.strip_prefix(MANAGEMENT_PREFIX).or_else(|| value.strip_prefix(INFERENCE_PREFIX)).unwrap_or(value)
}

/// The smallest period of `s`, if `s` is made of one block repeated at least twice
/// (a trailing partial block allowed).
pub(crate) fn repeated_block(s: &[u8]) -> Option<usize> {
    let n = s.len();
    if n > 256 {
        return None; // far longer than a key: not a stand-in for one (and bounded work)
    }
    (1..=n / 2).find(|&p| (p..n).all(|i| s[i] == s[i - p]))
}

/// A value that has the outward shape of a key but is visibly made up: one repeated block, few
/// distinct characters, an ascending run, or far less randomness than a generated key has.
/// Judged by shape and randomness only, never by the words a body happens to contain: a random
/// body holds `test`, `mock` or `here` often enough, and it is still a key.
pub fn is_synthetic(value: &str) -> bool {
    let b = body(value);
    let bytes = b.as_bytes();
    if bytes.is_empty() {
        return true;
    }
    if repeated_block(bytes).is_some_and(|p| p <= bytes.len() / 2) {
        return true;
    }
    let mut counts = [0u32; 128];
    let mut distinct = 0;
    for &c in bytes {
        if c < 128 {
            if counts[c as usize] == 0 {
                distinct += 1;
            }
            counts[c as usize] += 1;
        }
    }
    // A random 80-character alphanumeric body has about 45 distinct characters (σ ≈ 3) and a
    // Shannon entropy of about 5.2 bits a character; words typed to look like a key (lower-case
    // letters only, repeated syllables) have under 20 distinct characters or under 4.3 bits.
    if bytes.len() >= 40 && distinct < 20 {
        return true;
    }
    if bytes.len() >= 40 && entropy(&counts, bytes.len()) < 4.3 {
        return true;
    }
    has_counting_run(bytes)
}

/// Shannon entropy in bits a character, from character counts.
fn entropy(counts: &[u32; 128], len: usize) -> f64 {
    let n = len as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// A full-length key body that is not visibly made up: a key, whatever letters it contains.
pub fn is_real_shaped(value: &str) -> bool {
    is_key_shape(value.trim()) && !is_synthetic(value.trim())
}

/// `0123456789`, `abcdefghij`, or their reverses: the way people type a fake key.
pub(crate) fn has_counting_run(bytes: &[u8]) -> bool {
    let mut up = 1;
    let mut down = 1;
    for w in bytes.windows(2) {
        up = if w[1] == w[0].wrapping_add(1) { up + 1 } else { 1 };
        down = if w[1].wrapping_add(1) == w[0] { down + 1 } else { 1 };
        if up >= 8 || down >= 8 {
            return true;
        }
    }
    false
}

/// Another vendor's key, recognised by its documented prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Groq,
    OpenAi,
    Anthropic,
    OpenRouter,
}

impl Vendor {
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Groq => "a Groq key (gsk_…; Groq is not Grok)",
            Vendor::OpenAi => "an OpenAI key (sk-…)",
            Vendor::Anthropic => "an Anthropic key (sk-ant-…)",
            Vendor::OpenRouter => "an OpenRouter key (sk-or-…)",
        }
    }
}

pub fn vendor_key(value: &str) -> Option<Vendor> {
    let v = value.trim();
    let long_tail =
        |rest: &str| rest.len() >= 20 && rest.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    if let Some(rest) = v.strip_prefix("gsk_") {
        return long_tail(rest).then_some(Vendor::Groq);
    }
    if let Some(rest) = v.strip_prefix("sk-ant-") {
        return long_tail(rest).then_some(Vendor::Anthropic);
    }
    if let Some(rest) = v.strip_prefix("sk-or-") {
        return long_tail(rest).then_some(Vendor::OpenRouter);
    }
    if let Some(rest) = v.strip_prefix("sk-") {
        return long_tail(rest).then_some(Vendor::OpenAi);
    }
    None
}

/// Why a value meant as an xAI key cannot be one, or None if it is well-formed or is not
/// recognisably an attempt at a key.
pub fn malformation(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if value != value.trim() {
        return Some("whitespace around the key".into());
    }
    if value.contains('\n') || value.contains('\r') {
        return Some("a line break inside the key".into());
    }
    let unquoted = value.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if unquoted.len() != value.len() && unquoted.starts_with(INFERENCE_PREFIX) {
        return Some("quotes kept inside the value".into());
    }
    if let Some(rest) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")) {
        if rest.trim().starts_with(INFERENCE_PREFIX) {
            return Some("`Bearer ` pasted into the value; it belongs in the header only".into());
        }
    }
    if let Some(v) = vendor_key(value) {
        return Some(format!("it is {}", v.name()));
    }
    if is_key_shape(value) {
        return None;
    }
    if value.starts_with(INFERENCE_PREFIX) {
        let b = body(value);
        let bad: Vec<char> = b.chars().filter(|c| !c.is_ascii_alphanumeric()).collect();
        if !bad.is_empty() {
            let mut shown: Vec<String> = Vec::new();
            for c in bad {
                let s = format!("{c:?}");
                if !shown.contains(&s) {
                    shown.push(s);
                }
            }
            return Some(format!("characters no xAI key has: {}", shown.join(", ")));
        }
        return Some(format!(
            "{} characters after `xai-` where a key has {BODY_LEN}: cut short or joined with something",
            b.len()
        ));
    }
    None
}

/// Whether a value that starts with `xai-` looks like an attempt at a key (random-looking
/// letters and digits) rather than a name (`xai-sdk`, `xai-api-key`, `xai-grok-4`).
pub fn looks_like_key_attempt(value: &str) -> bool {
    let v = value.trim();
    if !v.starts_with(INFERENCE_PREFIX) {
        return false;
    }
    let b = body(v);
    // a sentence that starts with a package name (`xai-sdk (Client) + …`) is prose
    if b.len() < 20 || v.split_whitespace().count() >= 3 {
        return false;
    }
    // the longest alphanumeric run must be long and mix letters with digits or cases
    let longest = b.split(|c: char| !c.is_ascii_alphanumeric()).max_by_key(|s| s.len()).unwrap_or("");
    if longest.len() < 16 {
        return false;
    }
    let digits = longest.bytes().any(|c| c.is_ascii_digit());
    let upper = longest.bytes().any(|c| c.is_ascii_uppercase());
    let lower = longest.bytes().any(|c| c.is_ascii_lowercase());
    (digits as u8 + upper as u8 + lower as u8) >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u64) -> String {
        let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut s = String::from("xai-");
        for _ in 0..80 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alnum[(x % 62) as usize] as char);
        }
        s
    }

    #[test]
    fn finds_keys_with_boundaries() {
        let k = key(1);
        let text = format!("a = \"{k}\"\nb={k}x\nc=foo{k}\n");
        let found = find_key_tokens(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], k);
    }

    #[test]
    fn masks_are_not_placeholders_but_stand_ins_are() {
        for m in ["xai-***123", "xai-abc***xyz", "xai-...b14o", "xai-****", "xai-AbC…x9Z2", "xai-•••• 9z9z"] {
            assert_eq!(is_masked(m), !m.contains(' '), "{m}");
        }
        for p in ["xai-...", "xai-xxxxxxxx", "xai-your-key-here", "xai-YOUR_KEY...", "xai-", "xai-abc"] {
            assert!(!is_masked(p), "{p}");
        }
    }

    #[test]
    fn random_keys_with_words_are_keys() {
        // a random body that happens to contain a word is still a key
        for (seed, word) in
            (0..400u64).zip(["test", "mock", "todo", "here", "your", "xxxx", "key", "fake", "example"].iter().cycle())
        {
            let k = key(seed);
            let with = format!("{}{}{}", &k[..20], word, &k[20 + word.len()..]);
            assert!(is_real_shaped(&with), "{}…", &with[..7]);
            assert!(!is_placeholder(&with, None) && !is_prefix_placeholder(&with) && !is_test_value(&with));
        }
    }

    #[test]
    fn random_keys_are_not_synthetic() {
        for seed in 0..200 {
            assert!(!is_synthetic(&key(seed)), "seed {seed}");
        }
        assert!(is_synthetic(&format!("xai-{}", "x".repeat(80))));
        assert!(is_synthetic(&format!("xai-{}", "abcd".repeat(20))));
    }

    #[test]
    fn placeholders() {
        for p in [
            "xai-your-api-key-here",
            "xai-XXXXXXXXXXXXXXXXXXXXXXXX",
            "xai-<YOUR_API_KEY>",
            "xai-REPLACE_ME",
            "xai-1234567890abcdef",
            "<YOUR_API_KEY>",
            "changeme",
            "",
        ] {
            assert!(is_placeholder(p, None), "{p}");
        }
        assert!(is_placeholder("XAI_API_KEY", Some("XAI_API_KEY")));
        assert!(!is_placeholder(&key(3), None));
        assert!(!is_placeholder("xai-sdk", None));
    }

    #[test]
    fn malformed() {
        let k = key(9);
        assert!(malformation(&k).is_none());
        assert!(malformation(&k[..60]).unwrap().contains("56 characters"));
        assert!(malformation(&format!("{k} ")).is_some());
        assert!(malformation(&format!("Bearer {k}")).is_some());
        assert!(malformation(&format!("gsk_{}", &k[4..56])).unwrap().contains("Groq"));
        assert!(looks_like_key_attempt(&k[..50]));
        assert!(!looks_like_key_attempt("xai-api-key-for-the-production-cluster"));
    }
}
