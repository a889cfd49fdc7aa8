//! malformed-key: a value meant as an xAI key that cannot be one (cut short, extra
//! characters, whitespace or quotes inside, `Bearer ` pasted in, another vendor's key).

use super::{is_pattern, key_position, FileCtx, KeyPosition};
use crate::finding::RawFinding;
use crate::keys;

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.template || ctx.class.docs {
        return;
    }
    // (a scan of the whole text: only for files holding another vendor's key)
    let other = std::cell::OnceCell::new();
    let other_host = || *other.get_or_init(|| super::flow::mentions_other_provider(ctx.text));
    // (no client in the file aimed elsewhere; worked out once, when first needed)
    let only_xai = std::cell::OnceCell::new();
    for lit in &ctx.facts.literals {
        // an `Authorization` header value: the key is what follows `Bearer `
        // (`x-api-key` carries the key bare, as Anthropic's API takes it)
        let key_header = lit.target.as_deref().is_some_and(|t| crate::names::normalized(t) == "xapikey");
        if key_header && ctx.facts.in_xai_call(lit) && !ctx.class.test && !lit.in_test {
            if let Some(v) = keys::vendor_key(&lit.value) {
                out.push(RawFinding::new(
                    crate::ruledoc::RuleId::MalformedKey,
                    lit.span.clone(),
                    Some(format!("the `x-api-key` header sent to api.x.ai carries {}", v.name())),
                    &lit.value,
                ));
                continue;
            }
        }
        let header = lit.target.as_deref().is_some_and(|t| crate::names::normalized(t) == "authorization");
        let bearer = lit.value.strip_prefix("Bearer ").filter(|_| header || ctx.facts.in_xai_call(lit));
        let Some(pos) = key_position(ctx, lit).or_else(|| {
            // another vendor's key held in a key variable of a file that talks to api.x.ai and
            // to no other provider: followed to the request, it is sent to xAI
            let held = lit.target.as_deref().is_some_and(|t| ctx.is_key_var(t) || crate::names::is_generic_key_name(t));
            // (and no client in the file aimed elsewhere: an SDK's default host is not written)
            let only_xai = || {
                *only_xai.get_or_init(|| {
                    ctx.facts.calls.iter().all(|c| {
                        !crate::names::is_client_constructor(crate::names::last_segment(&c.callee))
                            || ctx.facts.call_is_xai(c.id)
                    })
                })
            };
            (held
                && keys::vendor_key(&lit.value).is_some()
                && only_xai()
                && lit.role == crate::facts::Role::Assign
                && !ctx.class.test
                && !lit.in_test
                && ctx.mentions_xai_host
                && !other_host()
                && keys::vendor_key(&lit.value).is_some())
            .then_some(KeyPosition::Named)
        }) else {
            continue;
        };
        if let Some(rest) = bearer {
            if header && ctx.facts.in_xai_call(lit) && !ctx.class.test && !lit.in_test {
                if let Some(v) = keys::vendor_key(rest) {
                    let at = lit.span.start + (lit.value.len() - rest.len());
                    out.push(RawFinding::new(
                        crate::ruledoc::RuleId::MalformedKey,
                        at..lit.span.end,
                        Some(format!("the `Authorization` header sent to api.x.ai carries {}", v.name())),
                        rest,
                    ));
                }
            }
            // `Bearer xai-…` in a header is how the key is sent
            if header {
                continue;
            }
        }
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
            if keys::vendor_key(v).is_some() && other_host() && !ctx.facts.in_xai_call(lit) {
                // a multi-provider file: the key may well go to its own provider
                continue;
            }
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
