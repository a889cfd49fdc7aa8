//! JavaScript environment reads the token reader does not see as calls: the code in template
//! literals' `${…}` parts (`` `Bearer ${process.env.XAI_API_KEY}` ``), and SvelteKit's
//! `import { XAI_API_KEY } from '$env/static/private'`.

use super::lexer::Syntax;
use crate::facts::EnvRef;

/// The environment reads in the `${…}` parts of the template literal whose text is `inner`,
/// with spans in the whole file.
pub fn env_reads(text: &str, inner: std::ops::Range<usize>, syntax: Syntax) -> Vec<EnvRef> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = inner.start;
    while i + 1 < inner.end {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'$' && b[i + 1] == b'{' {
            let open = i + 2;
            let mut depth = 1;
            let mut j = open;
            while j < inner.end && depth > 0 {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            let close = if depth == 0 { j - 1 } else { inner.end };
            // (read only what can hold an environment read: bundles are full of `${…}`)
            let code = &text[open..close];
            let env = code.contains("env") || code.contains("ENV");
            for mut r in if env { super::code::read(code, syntax).env_reads } else { Vec::new() } {
                r.span = r.span.start + open..r.span.end + open;
                out.push(r);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// SvelteKit: each name imported from `$env/static/private` or `$env/static/public` is an
/// environment read (the public module's names carry the `PUBLIC_` prefix and ship to browsers).
pub fn sveltekit_imports(text: &str, facts: &mut crate::facts::Facts) {
    let mut from = 0;
    while let Some(p) = text[from..].find("$env/static/") {
        let at = from + p;
        from = at + 12;
        // `import { A, B as C } from '$env/static/private'`
        let head = &text[..at];
        let Some(close) = head.rfind('}') else { continue };
        let Some(open) = head[..close].rfind('{') else { continue };
        if !head[close..].trim_end_matches(['\'', '"']).trim_end().ends_with("from") {
            continue;
        }
        let mut offset = open + 1;
        for part in text[open + 1..close].split(',') {
            let lead = part.len() - part.trim_start().len();
            let name_len = part.trim_start().bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
            let name = &part[lead..lead + name_len];
            if crate::names::is_env_name(name) {
                facts.read(name, offset + lead..offset + lead + name_len);
            }
            offset += part.len() + 1;
        }
    }
}
