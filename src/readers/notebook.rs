//! Jupyter notebooks: the `source` of each cell is put back together and read as Python (code
//! cells) or Markdown, and every span is mapped back into the .ipynb file, so line numbers
//! point into the notebook as stored.

use super::lexer::{tokenize, Kind, Syntax};
use crate::classify::Format;
use crate::facts::Facts;

pub fn read(text: &str) -> Facts {
    let toks = tokenize(text, Syntax::C_LIKE);
    let s = |i: usize| &text[toks[i].inner.clone()];
    let is = |i: usize, p: &str| toks[i].kind == Kind::Punct && &text[toks[i].span.clone()] == p;
    let mut facts = Facts::default();
    let mut cell_format = Format::Python;
    let mut i = 0;
    while i + 2 < toks.len() {
        if toks[i].kind == Kind::Str && is(i + 1, ":") {
            match s(i) {
                "cell_type" if toks[i + 2].kind == Kind::Str => {
                    cell_format = if s(i + 2) == "markdown" { Format::Markdown } else { Format::Python };
                }
                "source" if is(i + 2, "[") || toks[i + 2].kind == Kind::Str => {
                    let mut joined = String::new();
                    let mut map: Vec<usize> = Vec::new();
                    let mut j = i + 2;
                    if toks[j].kind == Kind::Str {
                        unescape_mapped(text, toks[j].inner.clone(), &mut joined, &mut map);
                    } else {
                        j += 1;
                        while j < toks.len() && !is(j, "]") {
                            if toks[j].kind == Kind::Str {
                                unescape_mapped(text, toks[j].inner.clone(), &mut joined, &mut map);
                            }
                            j += 1;
                        }
                    }
                    map.push(map.last().map_or(toks[i + 2].inner.start, |m| m + 1));
                    let base_call = facts.max_call();
                    let mut cell = super::read(cell_format, &joined);
                    cell.map_spans(|o| map[o.min(map.len() - 1)], base_call);
                    facts.extend(cell);
                    cell_format = Format::Python;
                    i = j;
                }
                _ => {}
            }
        }
        i += 1;
    }
    facts
}

/// Appends the decoded JSON string at `raw` to `out`, recording for each decoded byte the
/// offset in `text` it came from.
fn unescape_mapped(text: &str, raw: std::ops::Range<usize>, out: &mut String, map: &mut Vec<usize>) {
    let b = text.as_bytes();
    let mut i = raw.start;
    while i < raw.end {
        if b[i] == b'\\' && i + 1 < raw.end {
            let (ch, len) = match b[i + 1] {
                b'n' => ('\n', 2),
                b't' => ('\t', 2),
                b'r' => ('\r', 2),
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'/' => ('/', 2),
                b'u' if i + 6 <= raw.end && text.get(i + 2..i + 6).is_some() => {
                    let c = u32::from_str_radix(&text[i + 2..i + 6], 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}');
                    (c, 6)
                }
                // any other escaped character, which may be several bytes long
                _ => {
                    let c = text[i + 1..].chars().next().unwrap_or('\u{fffd}');
                    (c, 1 + c.len_utf8())
                }
            };
            for _ in 0..ch.len_utf8() {
                map.push(i);
            }
            out.push(ch);
            i += len;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
        for k in 0..ch.len_utf8() {
            map.push(i + k);
        }
        out.push(ch);
        i += ch.len_utf8();
    }
}
