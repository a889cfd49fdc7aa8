//! JavaScript template literals: the code in their `${…}` parts
//! (`` `Bearer ${process.env.XAI_API_KEY}` ``).

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
            for mut r in super::code::read(&text[open..close], syntax).env_reads {
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
