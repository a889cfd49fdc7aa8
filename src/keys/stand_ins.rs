//! Stand-ins for a key: placeholders people leave where a key belongs, the masked form the
//! console shows, values tests use on purpose, and identifiers that merely start with `xai-`.
//! Judged by shape, after a full-length random body has been recognised as a real key (which
//! is never a stand-in, whatever words it contains).

use super::{
    body, has_counting_run, is_key_shape, is_real_shaped, is_synthetic, repeated_block, INFERENCE_PREFIX,
    MANAGEMENT_PREFIX,
};

/// A masked key: the prefix, then a run of mask characters (`***`, `…`, `...`, `•••`) with at
/// most a few visible characters on either side (`xai-***123`, `xai-abc…wxyz`, `xai-...b14o`,
/// `xai-****`). The API's own `redacted_api_key` has this shape. Not `xai-...` alone, nor
/// `xai-your-key...`: those are stand-ins.
pub fn is_masked(value: &str) -> bool {
    let v = value.trim();
    let Some(b) = v.strip_prefix(MANAGEMENT_PREFIX).or_else(|| v.strip_prefix(INFERENCE_PREFIX)) else { return false };
    let is_mask = |c: char| matches!(c, '*' | '…' | '•' | '●' | '.' | 'x' | 'X');
    // the mask run: the first stretch of mask characters of 3 or more
    let chars: Vec<char> = b.chars().collect();
    let Some(start) = (0..chars.len())
        .find(|&i| chars[i..].iter().take_while(|c| is_mask(**c)).count() >= 3 || chars[i] == '…' || chars[i] == '•')
    else {
        return false;
    };
    let len = chars[start..].iter().take_while(|c| is_mask(**c)).count();
    let (head, tail) = (&chars[..start], &chars[start + len..]);
    let masked_by = &chars[start..start + len];
    // a run of x alone is the universal "fill this in": a placeholder, not a mask
    if masked_by.iter().all(|c| matches!(c, 'x' | 'X')) {
        return false;
    }
    // `xai-...` alone is elided text; a mask shows something, or is stars
    if head.is_empty() && tail.is_empty() && !masked_by.iter().any(|c| matches!(c, '*' | '•' | '●')) {
        return false;
    }
    head.len() <= 8 && tail.len() <= 8 && head.iter().chain(tail).all(|c| c.is_ascii_alphanumeric())
}

/// An identifier made of lower-case words joined by `-` (`xai-demo-cli`, `xai-grok-provider`):
/// a name or header value, never a key, which mixes cases and digits.
pub fn is_kebab_identifier(value: &str) -> bool {
    let v = value.trim();
    v.starts_with(INFERENCE_PREFIX)
        && v.split('-').skip(1).all(|w| !w.is_empty() && w.len() <= 16 && w.bytes().all(|c| c.is_ascii_lowercase()))
        && v.split('-').count() >= 2
}

/// Values people leave where a key belongs. Compared case-insensitively, after dropping
/// surrounding `<>`, `{}`, `[]` and `*`.
const PLACEHOLDER_EXACT: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "replaceme",
    "replace-me",
    "replace_me",
    "todo",
    "tbd",
    "fixme",
    "none",
    "null",
    "nil",
    "undefined",
    "secret",
    "apikey",
    "api-key",
    "api_key",
    "key",
    "token",
    "password",
    "xxx",
    "your-key",
    "your_key",
    "yourkey",
    "mykey",
    "my-key",
    "insert-key-here",
    "dummy",
    "fake",
    "placeholder",
    "redacted",
    "...",
    "…",
    "-",
];

const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "replace",
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "insert",
    "put-",
    "put_",
    "enter-",
    "enter_",
    "goes-here",
    "goes_here",
    "here>",
    "-here",
    "_here",
    "todo",
    "xxxx",
    "****",
    "....",
    "example",
    "dummy",
    "fake",
    "sample",
    "redacted",
    "<",
    "${",
];

/// Whether a value, found where a key belongs, cannot be a key but is a stand-in for one.
/// `name` is the variable the value is assigned to, if known (the value being the variable's
/// own name is a placeholder: `api_key="XAI_API_KEY"`).
pub fn is_placeholder(value: &str, name: Option<&str>) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    if is_real_shaped(v) {
        return false;
    }
    // the console's masked form where the key belongs: the key shown, not the key
    if is_masked(v) {
        return true;
    }
    if let Some(n) = name {
        if v.eq_ignore_ascii_case(n) {
            return true;
        }
    }
    // the name of an environment variable given where its value belongs: `api_key="XAI_API_KEY"`
    if v.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
        && v.contains('_')
        && crate::names::is_xai_key_name(v)
    {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let stripped = lower.trim_matches(|c| matches!(c, '<' | '>' | '{' | '}' | '[' | ']' | '*'));
    if PLACEHOLDER_EXACT.contains(&stripped) {
        return true;
    }
    let b = body(&lower);
    if b.is_empty() || b.bytes().all(|c| !c.is_ascii_alphanumeric()) {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // `xai-` followed by something visibly made up: a repeated block or a counting run
    if lower.starts_with(INFERENCE_PREFIX) {
        let bytes = b.as_bytes();
        if bytes.len() >= 4 && repeated_block(bytes).is_some_and(|p| p * 2 <= bytes.len()) {
            return true;
        }
        if bytes.len() >= 8 && has_counting_run(bytes) {
            return true;
        }
        if is_key_shape(v) && is_synthetic(v) {
            return true;
        }
    }
    false
}

/// A value a test uses on purpose as its fake key: it says so (`xai-test-key`, `fake`, `mock`),
/// or it is a block of two or more characters repeated (`xai-abcabcabc…`). A run of `x` is not
/// one of these: that is the universal "fill this in" marker, a placeholder everywhere.
pub fn is_test_value(value: &str) -> bool {
    if is_real_shaped(value) {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    // (`valid` also covers `invalid`: `xai-valid-key-123` is a validation test's input)
    if ["test", "fake", "dummy", "mock", "sample", "example", "fixture", "stub", "valid", "bogus"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let b = body(value).as_bytes();
    b.len() >= 4 && repeated_block(b).is_some_and(|p| p >= 2 && p * 2 <= b.len())
}

/// A value that only its `xai-` prefix places where a key belongs (`X = "xai-…"`) and that is
/// visibly a stand-in: it says key/your/replace/here, is a run of x, a counting run or a
/// repeated block. Identifiers such as `xai-sdk-example` or `xai-grok-provider` are not.
pub fn is_prefix_placeholder(value: &str) -> bool {
    let v = value.trim();
    if !v.starts_with(INFERENCE_PREFIX) || v.contains(char::is_whitespace) || v.contains('/') || is_real_shaped(v) {
        return false;
    }
    let b = body(v);
    let lower = b.to_ascii_lowercase();
    let bytes = b.as_bytes();
    ["your", "replace", "xxxx", "<", "here", "changeme", "insert", "...", "***", "…"].iter().any(|w| lower.contains(w))
        || bytes.len() >= 8 && has_counting_run(bytes)
        || bytes.len() >= 4 && repeated_block(bytes).is_some_and(|p| p * 2 <= bytes.len())
        || is_key_shape(v) && is_synthetic(v)
}

/// A placeholder phrase (`your-key-here`, `<API_KEY>`, `changeme`) as opposed to a bare word
/// or a name, which in an object literal is more often a mapping than a setting.
pub fn is_placeholder_phrase(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    is_prefix_placeholder(value)
        || [
            "your",
            "replace",
            "changeme",
            "change-me",
            "change_me",
            "<",
            "goes-here",
            "goes_here",
            "-here",
            "_here",
            "xxxx",
        ]
        .iter()
        .any(|w| lower.contains(w))
}
