//! Markdown: prose yields no facts (the raw key scan still sees it); each fenced code block is
//! read as the language its info string names.

use crate::classify::Format;
use crate::facts::Facts;

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
            _ => {}
        }
    }
    facts
}
