//! wrong-key-type: a management key (`xai-token-…`, `XAI_MANAGEMENT_KEY`) handed to an inference
//! client or api.x.ai, or an inference key sent to management-api.x.ai.

use super::FileCtx;
use crate::facts::Facts;
use crate::finding::RawFinding;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    Inference,
    Management,
}

fn host_of(value: &str) -> Option<Host> {
    if value.contains("management-api.x.ai") {
        Some(Host::Management)
    } else if value.contains("api.x.ai") {
        Some(Host::Inference)
    } else {
        None
    }
}

/// The host a call is aimed at: a host string in its arguments, its parent's or its siblings'.
fn host_of_call(facts: &Facts, c: u32) -> Option<Host> {
    let parent = facts.call(c).and_then(|x| x.parent);
    let related = |id: Option<u32>| {
        id.is_some_and(|id| {
            id == c
                || Some(id) == parent
                || facts.call(id).and_then(|x| x.parent).is_some_and(|p| p == c || Some(p) == parent)
        })
    };
    let mut host = None;
    for l in facts.literals.iter().filter(|l| related(l.call)) {
        match host_of(&l.value) {
            Some(Host::Management) => return Some(Host::Management),
            Some(h) => host = Some(h),
            None => {}
        }
    }
    host
}

fn is_management_name(name: &str) -> bool {
    let u = name.to_ascii_uppercase();
    u.contains("MANAGEMENT") && (u.contains("XAI") || u.contains("GROK"))
}

fn line_of(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
    &text[start..end]
}

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    // without the host in the file there is nothing to mismatch
    if !ctx.mentions_xai_host {
        return;
    }
    let facts = ctx.facts;
    let only_xai = std::cell::OnceCell::new();
    for r in &facts.env_reads {
        // the host: from the call the value is handed to, or from the same line (curl, CI), or
        // the file's one host when the value is followed to a request's header
        let host = match r.call {
            Some(c) => host_of_call(facts, c),
            None => host_of(line_of(ctx.text, r.span.start)),
        }
        .or_else(|| {
            (!ctx.class.test
                && is_management_name(&r.name)
                && *only_xai.get_or_init(|| super::flow::talks_only_to_xai(ctx.text, facts))
                && super::flow::sent_as_key(ctx.text, &r.span).is_some())
            .then_some(Host::Inference)
        });
        let mgmt = is_management_name(&r.name);
        let detail = match host {
            Some(Host::Inference) if mgmt => format!(
                "`{}` holds a management key, but it is sent to the inference API (api.x.ai), which takes an API key",
                r.name
            ),
            Some(Host::Management) if !mgmt && crate::names::is_xai_key_name(&r.name) => format!(
                "`{}` holds an inference API key, but it is sent to the management API (management-api.x.ai), which takes a management key",
                r.name
            ),
            _ => continue,
        };
        out.push(RawFinding::named(crate::ruledoc::RuleId::WrongKeyType, r.span.clone(), detail, &r.name));
    }
    for l in &facts.literals {
        if !l.value.starts_with(crate::keys::MANAGEMENT_PREFIX) {
            continue;
        }
        let host = match l.call {
            Some(c) => host_of_call(facts, c),
            None => host_of(line_of(ctx.text, l.span.start)),
        };
        if host == Some(Host::Inference) {
            let detail =
                "a management key (`xai-token-…`) is sent to the inference API (api.x.ai), which takes an API key"
                    .to_string();
            out.push(RawFinding::new(crate::ruledoc::RuleId::WrongKeyType, l.span.clone(), Some(detail), &l.value));
        }
    }
}
