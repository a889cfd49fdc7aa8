//! Redaction and fingerprints: never printing a key is a promise, so every output goes through
//! this one module. A key is shown as its prefix, three characters and the last four
//! (`xai-AbC…x9Z2`); messages that may carry file content have every key-like run redacted;
//! excerpts are masked in place, keeping offsets. Fingerprints identify findings without the
//! value.

use crate::keys::{find_key_tokens, INFERENCE_PREFIX, MANAGEMENT_PREFIX};

/// The one pattern for runs that may be (part of) a key: `xai-`, `gsk_` or `sk-` and 8 or more
/// key characters.
fn key_like_run() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"(?:xai-|gsk_|sk-)[A-Za-z0-9_\-.]{8,}").expect("valid regex"))
}

/// The redacted form of a value: never more than the prefix, three characters after it and
/// the last four (`xai-AbC…x9Z2`), less for short values.
pub fn redact(value: &str) -> String {
    let v = value.trim();
    let prefix_len = [MANAGEMENT_PREFIX, INFERENCE_PREFIX, "sk-ant-", "sk-proj-", "gsk_", "sk-", "Bearer "]
        .iter()
        .find(|p| v.starts_with(**p))
        .map_or(0, |p| p.len());
    let (prefix, rest) = v.split_at(prefix_len);
    let chars: Vec<char> = rest.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 24 {
        (3, 4)
    } else if n >= 12 {
        (2, 2)
    } else if n >= 6 {
        (1, 1)
    } else {
        (0, 0)
    };
    let head: String = chars[..head].iter().collect();
    let tail: String = chars[n - tail..].iter().collect();
    let mut out = String::with_capacity(prefix.len() + head.len() + tail.len() + 3);
    for c in prefix.chars().chain(head.chars()) {
        out.push(c);
    }
    if n > 0 {
        out.push('…');
    }
    out.push_str(&tail);
    out.chars().map(|c| if c.is_control() { '␤' } else { c }).collect()
}

/// `text` with the middle of every key-like run replaced by `*`, keeping its length (and so
/// every offset into the text): for source excerpts whose spans must stay valid.
pub fn mask_same_length(text: &str) -> String {
    let re = key_like_run();
    let mut out = text.to_string();
    for m in re.find_iter(text) {
        let (a, b) = (m.start() + 7.min(m.len()), m.end().saturating_sub(4).max(m.start() + 7.min(m.len())));
        // the run is ASCII, so byte positions are character positions
        out.replace_range(a..b, &"*".repeat(b - a));
    }
    out
}

/// `text` with every run that may be (part of) a key redacted: real-shaped keys, and any
/// `xai-`, `gsk_`, `sk-` run of 8 or more key characters. For messages that may carry file
/// content (internal errors, panics, what a server answered).
pub fn redact_secrets(text: &str) -> String {
    let re = key_like_run();
    let once = redact_in_text(text);
    // a run with no digit and no capital is a name (`xai-lint.toml`, `xai-sdk-python`), not a
    // key or a part of one: keys mix both
    re.replace_all(&once, |c: &regex::Captures| {
        let run = &c[0];
        let body = &run[run.find(['-', '_']).map_or(0, |i| i + 1)..];
        if body.bytes().any(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
            redact(run)
        } else {
            run.to_string()
        }
    })
    .into_owned()
}

/// `text` with every real-shaped key in it replaced by its redacted form: for text that is not
/// a finding but may still carry a key (paths, error messages, documentation).
pub fn redact_in_text(text: &str) -> std::borrow::Cow<'_, str> {
    let toks = find_key_tokens(text);
    if toks.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for t in toks {
        out.push_str(&text[pos..t.start]);
        out.push_str(&redact(&text[t.start..t.end]));
        pos = t.end;
    }
    out.push_str(&text[pos..]);
    std::borrow::Cow::Owned(out)
}

/// FNV-1a 64 of some bytes.
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// FNV-1a 64 over the parts: a stable, non-reversible identity (it is computed over redacted
/// values only).
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u64) -> String {
        let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..80).fold(String::from("xai-"), |mut s, _| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alnum[(x % 62) as usize] as char);
            s
        })
    }

    #[test]
    fn redaction_is_short() {
        let k = key(7);
        let r = redact(&k);
        assert!(r.starts_with("xai-") && r.chars().count() <= 4 + 3 + 1 + 4, "{r}");
        assert!(!r.contains(&k[4..20]));
        assert_eq!(redact("xai-ab"), "xai-…");
    }

    #[test]
    fn names_are_not_redacted_in_messages() {
        assert_eq!(redact_secrets("see xai-lint.toml and xai-sdk-python"), "see xai-lint.toml and xai-sdk-python");
        assert!(!redact_secrets(&format!("bad key {}", &key(3)[..30])).contains(&key(3)[8..26]));
    }
}
