//! Markdown: each fenced code block is read as the language its info string names; in prose,
//! tables and inline code, environment names are mentions: what the docs tell users to set
//! (definitions marked [`MENTIONED`]). The raw key scan sees the rest.

use crate::classify::Format;
use crate::facts::{EnvRef, Facts, MENTIONED};

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    // (fence chars, fence length, format, start offset of contents)
    let mut open: Option<(u8, usize, Option<Format>, usize)> = None;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let t = line.trim_start();
        let fence_char = t.as_bytes().first().copied().filter(|c| *c == b'`' || *c == b'~');
        let fence_len = fence_char.map_or(0, |c| t.bytes().take_while(|b| *b == c).count());
        match open {
            None if fence_len >= 3 => {
                let info = t[fence_len..].trim();
                open = Some((fence_char.unwrap_or(b'`'), fence_len, Format::from_fence(info), offset));
            }
            Some((c, n, format, start))
                if fence_char == Some(c) && fence_len >= n && t[fence_len..].trim().is_empty() =>
            {
                if let Some(f) = format {
                    let block = &text[start..base];
                    let base_call = facts.max_call();
                    facts.extend(super::read(f, block).shifted(start, base_call));
                }
                open = None;
            }
            // prose, and blocks in a language with no reader (```text, ```console)
            None | Some((_, _, None, _)) => prose_names(line, base, &mut facts),
            _ => {}
        }
    }
    facts
}

/// Environment names in a line of prose: upper-case words with an underscore
/// (`XAI_API_KEY`, in text, a table cell or inline code). Only names that may hold a key are
/// kept by the engine.
fn prose_names(line: &str, base: usize, facts: &mut Facts) {
    let b = line.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !word(b[i]) || (i > 0 && (word(b[i - 1]) || matches!(b[i - 1], b'/' | b'-'))) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && word(b[i]) {
            i += 1;
        }
        let w = &line[start..i];
        let upper = w.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
        // not part of a path, a file name or a flag (`XAI_KEY.md`, `dir/NAME_X`)
        let continues =
            b.get(i).is_some_and(|c| matches!(c, b'.' | b'/' | b'-') && b.get(i + 1).is_some_and(|d| word(*d)));
        if upper && w.contains('_') && !w.starts_with('_') && !w.ends_with('_') && w.len() >= 4 && !continues {
            facts.env_defs.push(EnvRef {
                name: w.to_string(),
                span: base + start..base + i,
                call: None,
                kwarg: Some(MENTIONED.to_string()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prose_names_are_mentions() {
        let f = super::read(
            "# Bot\n\nPut it in `GROK_API_KEY` first.\n\n| XAI_KEY | x |\n\nSee dir/NOT_THIS and NOT_THIS.md\n",
        );
        let names: Vec<&str> = f.env_defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["GROK_API_KEY", "XAI_KEY"]);
    }
}
