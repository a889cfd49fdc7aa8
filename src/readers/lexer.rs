//! A small configurable tokenizer for languages with C-like or Python-like strings and
//! comments. It knows just enough to tell strings, comments, names and punctuation apart; the
//! meaning of the tokens is worked out by `code.rs`.

use std::ops::Range;

#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    pub hash_comments: bool,
    pub slash_comments: bool,
    pub python_strings: bool,
    /// `'…'` is a string (JS, Python, PHP); otherwise a char literal or lifetime (Rust, Go, C).
    pub single_quote_strings: bool,
    /// `` `…` `` is a string: JS template literal, Go raw string.
    pub backtick_strings: bool,
    pub rust_raw_strings: bool,
    pub js_regex: bool,
    /// `"""…"""` (and `'''…'''`) is one multi-line string: Swift, Kotlin, Java text blocks,
    /// C# raw strings, Dart, Scala, Elixir heredocs (Python has them through `python_strings`).
    pub triple_quote_strings: bool,
}

impl Syntax {
    pub const PYTHON: Syntax = Syntax {
        hash_comments: true,
        slash_comments: false,
        python_strings: true,
        single_quote_strings: true,
        backtick_strings: false,
        rust_raw_strings: false,
        js_regex: false,
        triple_quote_strings: true,
    };
    pub const JS: Syntax = Syntax {
        hash_comments: false,
        slash_comments: true,
        python_strings: false,
        single_quote_strings: true,
        backtick_strings: true,
        rust_raw_strings: false,
        js_regex: true,
        triple_quote_strings: false,
    };
    pub const GO: Syntax = Syntax {
        hash_comments: false,
        slash_comments: true,
        python_strings: false,
        single_quote_strings: false,
        backtick_strings: true,
        rust_raw_strings: false,
        js_regex: false,
        triple_quote_strings: false,
    };
    pub const RUST: Syntax = Syntax {
        hash_comments: false,
        slash_comments: true,
        python_strings: false,
        single_quote_strings: false,
        backtick_strings: false,
        rust_raw_strings: true,
        js_regex: false,
        triple_quote_strings: false,
    };
    pub const C_LIKE: Syntax = Syntax {
        hash_comments: false,
        slash_comments: true,
        python_strings: false,
        single_quote_strings: true,
        backtick_strings: false,
        rust_raw_strings: false,
        js_regex: false,
        triple_quote_strings: true,
    };
    pub const HASH: Syntax = Syntax {
        hash_comments: true,
        slash_comments: false,
        python_strings: false,
        single_quote_strings: true,
        backtick_strings: true,
        rust_raw_strings: false,
        js_regex: false,
        triple_quote_strings: true,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Str,
    Punct,
    Num,
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub kind: Kind,
    /// Span of the whole token.
    pub span: Range<usize>,
    /// For strings: the span of the contents, without prefix and quotes.
    pub inner: Range<usize>,
    /// For strings: whether escapes are processed.
    pub raw: bool,
}

const OPS3: &[&str] = &["===", "!==", "??=", "||=", "&&=", "**=", "..."];
const OPS2: &[&str] = &[
    "==", "!=", ":=", "=>", "<=", ">=", "::", "->", "+=", "-=", "*=", "/=", "|=", "&=", "&&", "||", "??", "?.", "**",
    "<<", ">>",
];

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

pub fn tokenize(text: &str, syn: Syntax) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 8);
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // comments
        if syn.hash_comments && c == b'#' {
            i = memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
            continue;
        }
        if syn.slash_comments && c == b'/' && i + 1 < n {
            if b[i + 1] == b'/' {
                i = memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
                continue;
            }
            if b[i + 1] == b'*' {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(n, |p| i + 2 + p + 2);
                continue;
            }
        }
        // JS regex literal: a `/` where an operand is expected
        if syn.js_regex && c == b'/' {
            let operand_expected = match toks.last() {
                None => true,
                Some(t) => match t.kind {
                    Kind::Ident | Kind::Num | Kind::Str => {
                        t.kind == Kind::Ident && matches!(&text[t.span.clone()], "return" | "typeof")
                    }
                    Kind::Punct => !matches!(&text[t.span.clone()], ")" | "]" | "}"),
                },
            };
            if operand_expected {
                if let Some(end) = scan_regex(b, i) {
                    // a regex is a pattern, never a value: it yields no token
                    i = end;
                    continue;
                }
            }
        }
        // strings, possibly with a prefix
        if is_ident_start(c) {
            let start = i;
            while i < n && is_ident_char(b[i]) {
                i += 1;
            }
            let word = &text[start..i];
            if i < n {
                if let Some(tok) = prefixed_string(text, syn, start, word, i) {
                    i = tok.span.end;
                    toks.push(tok);
                    continue;
                }
            }
            toks.push(Tok { kind: Kind::Ident, span: start..i, inner: start..i, raw: false });
            continue;
        }
        if c == b'"' || (c == b'\'' && syn.single_quote_strings) || (c == b'`' && syn.backtick_strings) {
            let tok = scan_string(text, syn, i, i, false);
            i = tok.span.end;
            toks.push(tok);
            continue;
        }
        if c == b'\'' {
            // char literal or lifetime
            let end = if i + 2 < n && b[i + 1] == b'\\' {
                memchr::memchr(b'\'', &b[i + 2..]).map_or(i + 1, |p| i + 2 + p + 1)
            } else if i + 2 < n && b[i + 2] == b'\'' {
                i + 3
            } else {
                i + 1
            };
            let end = end.min(n);
            toks.push(Tok { kind: Kind::Punct, span: i..end, inner: i..end, raw: false });
            i = end;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            toks.push(Tok { kind: Kind::Num, span: start..i, inner: start..i, raw: false });
            continue;
        }
        let len = if OPS3.iter().any(|o| b[i..].starts_with(o.as_bytes())) {
            3
        } else if OPS2.iter().any(|o| b[i..].starts_with(o.as_bytes())) {
            2
        } else {
            // one character, which may be multi-byte
            text[i..].chars().next().map_or(1, |ch| ch.len_utf8())
        };
        toks.push(Tok { kind: Kind::Punct, span: i..i + len, inner: i..i + len, raw: false });
        i += len;
    }
    toks
}

fn scan_regex(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'\n' => return None,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn prefixed_string(text: &str, syn: Syntax, start: usize, word: &str, at: usize) -> Option<Tok> {
    let b = text.as_bytes();
    let q = b[at];
    let lower = word.to_ascii_lowercase();
    if syn.python_strings
        && (q == b'"' || q == b'\'')
        && lower.len() <= 2
        && lower.chars().all(|c| matches!(c, 'r' | 'b' | 'u' | 'f'))
    {
        return Some(scan_string(text, syn, start, at, lower.contains('r')));
    }
    if syn.rust_raw_strings && (word == "r" || word == "br" || word == "cr") && (q == b'"' || q == b'#') {
        let mut hashes = 0;
        let mut i = at;
        while i < b.len() && b[i] == b'#' {
            hashes += 1;
            i += 1;
        }
        if i >= b.len() || b[i] != b'"' {
            return None;
        }
        let mut close = String::from("\"");
        close.push_str(&"#".repeat(hashes));
        let inner_start = i + 1;
        let end = memchr::memmem::find(&b[inner_start..], close.as_bytes()).map_or(b.len(), |p| inner_start + p);
        return Some(Tok {
            kind: Kind::Str,
            span: start..(end + close.len()).min(b.len()),
            inner: inner_start..end,
            raw: true,
        });
    }
    if syn.rust_raw_strings && (word == "b" || word == "c") && q == b'"' {
        return Some(scan_string(text, syn, start, at, false));
    }
    None
}

/// Scans a string whose opening quote is at `at` (the token starts at `start`, before any prefix).
fn scan_string(text: &str, syn: Syntax, start: usize, at: usize, raw: bool) -> Tok {
    let b = text.as_bytes();
    let n = b.len();
    let q = b[at];
    let triple = (syn.python_strings || syn.triple_quote_strings) && at + 2 < n && b[at + 1] == q && b[at + 2] == q;
    if triple {
        let inner_start = at + 3;
        let pat = [q, q, q];
        let mut i = inner_start;
        while i < n {
            if b[i] == b'\\' && !raw {
                i += 2;
                continue;
            }
            if b[i..].starts_with(&pat) {
                return Tok { kind: Kind::Str, span: start..i + 3, inner: inner_start..i, raw };
            }
            i += 1;
        }
        return Tok { kind: Kind::Str, span: start..n, inner: inner_start..n, raw };
    }
    let multiline = q == b'`';
    let mut i = at + 1;
    let mut depth = 0usize;
    while i < n {
        let c = b[i];
        if c == b'\\' && (!raw || syn.python_strings) && (q != b'`' || syn.js_regex) {
            i += 2;
            continue;
        }
        if q == b'`' && syn.js_regex {
            if c == b'$' && i + 1 < n && b[i + 1] == b'{' {
                depth += 1;
                i += 2;
                continue;
            }
            if depth > 0 {
                if c == b'}' {
                    depth -= 1;
                }
                i += 1;
                continue;
            }
        }
        if c == q {
            return Tok {
                kind: Kind::Str,
                span: start..i + 1,
                inner: at + 1..i,
                raw: raw || q == b'`' && !syn.js_regex,
            };
        }
        if c == b'\n' && !multiline {
            // unterminated: stop at the line end
            return Tok { kind: Kind::Str, span: start..i, inner: at + 1..i, raw };
        }
        i += 1;
    }
    Tok { kind: Kind::Str, span: start..n, inner: (at + 1).min(n)..n, raw }
}

/// Decodes the common escapes of a string's contents. Unknown escapes are kept as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('\n') => {}
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(text: &str, syn: Syntax) -> Vec<&str> {
        tokenize(text, syn).into_iter().filter(|t| t.kind == Kind::Str).map(|t| &text[t.inner]).collect()
    }

    #[test]
    fn python() {
        let t = "x = 'a'  # 'no'\ny = r\"b\\d\" + f'''c\n'''";
        assert_eq!(strs(t, Syntax::PYTHON), vec!["a", "b\\d", "c\n"]);
    }

    #[test]
    fn js() {
        let t = "const a = /x\"y/g; // \"no\"\nlet b = `t${x}`; /* 'no' */ c = a / 2 / \"d\"";
        assert_eq!(strs(t, Syntax::JS), vec!["t${x}", "d"]);
    }

    #[test]
    fn rust() {
        let t = "fn f<'a>() -> &'a str { let c = 'x'; r#\"k\"# ; \"v\\\"\" }";
        assert_eq!(strs(t, Syntax::RUST), vec!["k", "v\\\""]);
    }
}
