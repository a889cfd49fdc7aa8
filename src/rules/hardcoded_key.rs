//! hardcoded-key: a real-shaped xAI key anywhere in a file, quoted or not.

use super::FileCtx;
use crate::finding::RawFinding;
use crate::keys;

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    for tok in keys::find_key_tokens(ctx.text) {
        let value = &ctx.text[tok.start..tok.end];
        if keys::is_synthetic(value) {
            continue;
        }
        let target = ctx
            .facts
            .literals
            .iter()
            .find(|l| l.span.start <= tok.start && tok.end <= l.span.end)
            .and_then(|l| l.target.as_deref());
        let what = if tok.management { "xAI management key" } else { "xAI API key" };
        let detail = match target {
            Some(t) => format!("{what} assigned to `{t}`"),
            None => format!("{what} written in the file"),
        };
        out.push(RawFinding::new(crate::ruledoc::RuleId::HardcodedKey, tok.start..tok.end, Some(detail), value));
    }
    // a key that readers decoded (base64 `data:` of a Kubernetes Secret): committed all the same
    for l in ctx.facts.literals.iter().filter(|l| l.callee.as_deref() == Some(crate::facts::DECODED_BASE64)) {
        if keys::is_key_shape(&l.value) && !keys::is_synthetic(&l.value) {
            let name = l.target.as_deref().unwrap_or("a value");
            let detail =
                format!("xAI API key base64-encoded in `{name}` of a Kubernetes Secret (base64 is not encryption)");
            out.push(RawFinding::new(crate::ruledoc::RuleId::HardcodedKey, l.span.clone(), Some(detail), &l.value));
        }
    }
}
