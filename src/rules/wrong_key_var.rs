//! wrong-key-var: a client aimed at api.x.ai authenticated with another vendor's variable, or
//! an xAI key handed to an OpenAI client with no base URL (it goes to api.openai.com).

use super::FileCtx;
use crate::finding::RawFinding;

/// Another vendor's key variable: (what the name contains, the vendor).
const VENDORS: &[(&str, &str)] = &[
    ("OPENAI", "OpenAI"),
    ("ANTHROPIC", "Anthropic"),
    ("CLAUDE", "Anthropic"),
    ("GROQ", "Groq"),
    ("MISTRAL", "Mistral"),
    ("GEMINI", "Google"),
    ("GOOGLE_API", "Google"),
    ("COHERE", "Cohere"),
    ("DEEPSEEK", "DeepSeek"),
    ("TOGETHER", "Together"),
    ("FIREWORKS", "Fireworks"),
    ("PERPLEXITY", "Perplexity"),
    ("OPENROUTER", "OpenRouter"),
];

fn vendor_of(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    if upper.contains("XAI") || upper.contains("GROK") {
        return None;
    }
    VENDORS.iter().find(|(k, _)| upper.contains(k)).map(|(_, v)| *v)
}

/// Part of every message about a client with no base URL: the project-wide pass drops these when
/// the project sets the OpenAI SDK's base URL variable (`OPENAI_BASE_URL`) in its environment.
pub const NO_BASE_URL: &str = "no base URL";

const BASE_URL_KWARGS: &[&str] =
    &["base_url", "baseURL", "baseUrl", "api_base", "base_path", "basePath", "endpoint", "BaseURL", "openai_api_base"];

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    implicit_openai_client(ctx, out);
    // raw HTTP: another vendor's key variable read into a local and sent in the request's
    // header, in a file whose requests all go to api.x.ai
    // (worked out once, and only for a file that reads another vendor's key)
    let only_xai = std::cell::OnceCell::new();
    for r in &ctx.facts.env_reads {
        if !ctx.class.test
            && r.kwarg.as_deref() != Some(crate::facts::THROUGH)
            && vendor_of(&r.name).is_some()
            && !r.call.is_some_and(|c| ctx.facts.call_is_xai(c))
            && *only_xai.get_or_init(|| super::flow::talks_only_to_xai(ctx.text, ctx.facts))
        {
            if let (Some(vendor), true) = (vendor_of(&r.name), crate::names::mentions_key_or_vendor(&r.name)) {
                // handed to a key-taking call (`.with_api_key(…)`, `ApiKeyCredential(…)`) of a
                // client configured in another statement (`options.Endpoint = xAI`)
                let key_call = r.call.and_then(|c| ctx.facts.call(c)).is_some_and(|c| {
                    let last = crate::names::last_segment(&c.callee);
                    crate::names::is_credential_name(last) && !last.eq_ignore_ascii_case("getenv")
                });
                if key_call || super::flow::sent_as_key(ctx.text, &r.span).is_some() {
                    let detail = format!(
                        "this file's requests go to api.x.ai, but the key it sends is `{}`, {} {vendor} key variable",
                        r.name,
                        if vendor.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
                    );
                    out.push(RawFinding::named(crate::ruledoc::RuleId::WrongKeyVar, r.span.clone(), detail, &r.name));
                    continue;
                }
            }
        }
        let Some(call) = r.call else { continue };
        if r.kwarg.as_deref().is_some_and(|k| !crate::names::is_credential_name(k)) {
            continue;
        }
        if let Some(vendor) = vendor_of(&r.name) {
            if !crate::names::mentions_key_or_vendor(&r.name) {
                continue;
            }
            if ctx.facts.call_is_xai(call) {
                let detail = format!(
                    "the client is aimed at api.x.ai but authenticates with `{}`, {} {vendor} key variable",
                    r.name,
                    if vendor.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
                );
                out.push(RawFinding::named(crate::ruledoc::RuleId::WrongKeyVar, r.span.clone(), detail, &r.name));
            }
        } else if crate::names::is_xai_key_name(&r.name) {
            let Some(c) = ctx.facts.call(call) else { continue };
            let openai = matches!(crate::names::last_segment(&c.callee), "OpenAI" | "AsyncOpenAI");
            let has_base = c.kwargs.iter().any(|k| BASE_URL_KWARGS.contains(&k.as_str()));
            // the openai SDKs also take the base URL from OPENAI_BASE_URL, or it is set later
            let base_elsewhere = ["OPENAI_BASE_URL", "OPENAI_API_BASE", ".base_url =", ".baseURL ="]
                .iter()
                .any(|m| ctx.text.contains(m));
            if openai && !has_base && !base_elsewhere && !ctx.facts.call_is_xai(call) && !replaced_before_use(ctx, c) {
                let detail = format!(
                    "`{}` is given to `{}` with no base URL: the request goes to api.openai.com, which rejects an xAI key",
                    r.name, c.callee
                );
                out.push(RawFinding::named(crate::ruledoc::RuleId::WrongKeyVar, r.span.clone(), detail, &r.name));
            }
        }
    }
}

/// The variable a call's result is assigned to on its line (`client = OpenAI(…)`), if any.
fn assigned_var(text: &str, at: usize) -> Option<&str> {
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let before = text[start..at].trim_end().strip_suffix('=')?.trim();
    let var = before.rsplit(|c: char| c.is_whitespace()).next()?;
    (!var.is_empty() && var.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')).then_some(var)
}

/// A client whose variable is assigned again, to a client aimed at api.x.ai, before anything
/// uses it (`client = OpenAI(api_key=…)` then `client = OpenAI(api_key=…, base_url=xAI)`): the
/// first one never sends a request.
fn replaced_before_use(ctx: &FileCtx, first: &crate::facts::Call) -> bool {
    let Some(var) = assigned_var(ctx.text, first.span.start) else { return false };
    ctx.facts.calls.iter().filter(|c| c.span.start > first.span.start && ctx.facts.call_is_xai(c.id)).any(|c| {
        assigned_var(ctx.text, c.span.start) == Some(var) && {
            // between the two, the variable is not used
            let from = ctx.text[first.span.start..].find('\n').map_or(ctx.text.len(), |p| first.span.start + p);
            let to = ctx.text[..c.span.start].rfind('\n').unwrap_or(0);
            from >= to || !ctx.text[from..to].contains(var)
        }
    })
}

/// `OpenAI()` built with no key and no base URL authenticates with `OPENAI_API_KEY` against
/// api.openai.com; a file that then asks it for a Grok model has mixed the two up.
fn implicit_openai_client(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    let grok_model = ctx.facts.literals.iter().find(|l| {
        l.target.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("model"))
            && l.value.trim().to_ascii_lowercase().starts_with("grok-")
    });
    let Some(model) = grok_model else { return };
    let base_elsewhere = ["OPENAI_BASE_URL", "OPENAI_API_BASE", ".base_url =", ".baseURL =", "api.x.ai"]
        .iter()
        .any(|m| ctx.text.contains(m));
    if base_elsewhere {
        return;
    }
    for c in &ctx.facts.calls {
        let bare = matches!(crate::names::last_segment(&c.callee), "OpenAI" | "AsyncOpenAI") && c.kwargs.is_empty();
        // `OpenAI()` with nothing between the parentheses
        let empty = ctx.text[c.span.end..].trim_start().starts_with("()");
        if bare && empty {
            let detail = format!(
                "`{}()` has no key and no base URL: it sends `OPENAI_API_KEY` to api.openai.com, yet this file asks for `{}`",
                c.callee,
                model.value.trim()
            );
            out.push(RawFinding::named(crate::ruledoc::RuleId::WrongKeyVar, c.span.clone(), detail, &c.callee));
        }
    }
}
