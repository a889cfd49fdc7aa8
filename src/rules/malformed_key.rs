//! malformed-key: a value meant as an xAI key that cannot be one (cut short, extra
//! characters, whitespace or quotes inside, `Bearer ` pasted in, another vendor's key).

use super::{is_pattern, key_position, FileCtx, KeyPosition};
use crate::finding::RawFinding;
use crate::keys;

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.template || ctx.class.docs {
        return;
    }
    for lit in &ctx.facts.literals {
        let Some(pos) = key_position(ctx, lit) else {
            continue;
        };
        // tests use fake keys on purpose; only those that say so are theirs to keep
        if (ctx.class.test || lit.in_test) && keys::is_test_value(&lit.value) {
            continue;
        }
        let v = &lit.value;
        if (ctx.class.test || lit.in_test) && pos == KeyPosition::Prefix && lit.role != crate::facts::Role::Assign {
            continue;
        }
        if v.trim().is_empty()
            || is_pattern(v)
            || keys::is_placeholder(v, lit.target.as_deref())
            || keys::is_masked(v)
            || keys::is_kebab_identifier(v)
            || lit.target.as_deref().is_some_and(crate::names::is_display_name)
        {
            continue;
        }
        // tests try bad values on purpose (`"xai-short"`); there only a real key cut or joined
        // wrongly (random-looking and long) counts
        if (ctx.class.test || lit.in_test) && !keys::looks_like_key_attempt(v) {
            continue;
        }
        let attempt = v.contains(keys::INFERENCE_PREFIX) || keys::vendor_key(v).is_some();
        match pos {
            KeyPosition::Named if attempt => {}
            KeyPosition::Prefix if keys::looks_like_key_attempt(v) => {}
            _ => continue,
        }
        if let Some(why) = keys::malformation(v) {
            let name = lit.target.as_deref().map_or_else(|| "the key".to_string(), |t| format!("`{t}`"));
            out.push(RawFinding::new(
                crate::ruledoc::RuleId::MalformedKey,
                lit.span.clone(),
                Some(format!("{name} is not a valid xAI key ({why})")),
                v,
            ));
        }
    }
}
