//! client-exposed-key: an xAI key that ends up in what browsers download: a key variable with
//! a bundler-public prefix (defined or read), `next.config` inlining it through `env`, a
//! browser client aimed at api.x.ai with `dangerouslyAllowBrowser`, a key kept in
//! `localStorage`.

use super::FileCtx;
use crate::finding::RawFinding;

/// Prefixes bundlers inline into client code (Next.js, Vite, Create React App, Expo, SvelteKit,
/// Nuxt, Gatsby, Vue CLI, Storybook).
pub const PUBLIC_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "NUXT_PUBLIC_",
    "PUBLIC_",
    "GATSBY_",
    "VUE_APP_",
    "STORYBOOK_",
];

/// The public prefix of a name whose remainder is an xAI key name, if any.
pub fn public_prefix<'a>(ctx: &'a FileCtx, name: &str) -> Option<&'a str> {
    let extra = ctx.settings.public_prefixes.iter().map(String::as_str);
    PUBLIC_PREFIXES
        .iter()
        .copied()
        .chain(extra)
        .find(|p| name.starts_with(p) && crate::names::is_xai_key_name(&name[p.len()..]))
        .map(|p| &p[..p.len()])
}

fn is_next_config(ctx: &FileCtx, display: &str) -> bool {
    let _ = ctx;
    let name = display.rsplit('/').next().unwrap_or(display);
    name.starts_with("next.config.")
}

/// The message of a public name defined in a template: the project pass makes it a warning
/// when nothing in the project reads the name (a bring-your-own-key app lists it and ships
/// nothing).
pub const TEMPLATE_ONLY: &str = "is defined in this template with the public prefix";

pub fn check(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    // documentation shows definitions (often masked); the read sites are what is reported
    let defs: &[crate::facts::EnvRef] = if ctx.class.docs { &[] } else { &ctx.facts.env_defs };
    for d in defs {
        if let Some(p) = public_prefix(ctx, &d.name) {
            let detail = if ctx.class.template {
                format!(
                    "`{}` {TEMPLATE_ONLY} `{p}`: wherever the app reads it, the bundler inlines the value into client code",
                    d.name
                )
            } else {
                format!(
                    "`{}` is defined with the public prefix `{p}`, so the bundler inlines its value into client code",
                    d.name
                )
            };
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, d.span.clone(), detail, &d.name));
        }
    }
    for r in &ctx.facts.env_reads {
        if let Some(p) = public_prefix(ctx, &r.name) {
            let detail =
                format!("`{}` is read with the public prefix `{p}`: its value is built into client code", r.name);
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
        } else if is_next_config(ctx, ctx.display)
            && crate::names::is_xai_key_name(&r.name)
            && r.kwarg.as_deref() == Some(r.name.as_str())
        {
            // next.config `env: { XAI_API_KEY: process.env.XAI_API_KEY }` inlines the value
            let detail = format!("next.config inlines `{}` into client bundles through `env`", r.name);
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
        }
    }
    for c in &ctx.facts.calls {
        if c.kwargs.iter().any(|k| k == "dangerouslyAllowBrowser") && ctx.facts.call_is_xai(c.id) {
            let detail = format!(
                "`{}` is aimed at api.x.ai with `dangerouslyAllowBrowser`: the key it holds runs in the browser",
                c.callee
            );
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, c.span.clone(), detail, &c.callee));
        }
    }
    // Android: `buildConfigField("String", "GROK_API_KEY", …)` / `resValue("string", "xai_key", …)`
    // compiles the value into the app package, which anyone with the APK can unpack
    for l in &ctx.facts.literals {
        let compiled_in = l
            .callee
            .as_deref()
            .is_some_and(|c| matches!(crate::names::last_segment(c), "buildConfigField" | "resValue"));
        if compiled_in && l.role == crate::facts::Role::Argument && crate::names::is_xai_key_name(&l.value) {
            let detail = format!(
                "`{}` is compiled into the Android app by `{}`: anyone with the APK can read the key",
                l.value,
                l.callee.as_deref().map(crate::names::last_segment).unwrap_or("buildConfigField")
            );
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, l.span.clone(), detail, &l.value));
        }
    }
    for l in &ctx.facts.literals {
        let stored = l
            .callee
            .as_deref()
            .is_some_and(|c| c.ends_with("localStorage.setItem") || c.ends_with("sessionStorage.setItem"));
        // the storage key (a name), never the stored value
        let name_like = !l.value.starts_with("xai-")
            && l.value.len() <= 64
            && l.value.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':'));
        let first_arg = ctx.text[..l.span.start].trim_end_matches(['"', '\'', '`']).trim_end().ends_with('(');
        if stored
            && name_like
            && first_arg
            && (crate::names::is_xai_key_name(&l.value)
                || l.value.to_ascii_lowercase().contains("xai") && l.value.to_ascii_lowercase().contains("key"))
        {
            let detail =
                format!("the key is kept in browser storage under `{}`, readable by any script on the page", l.value);
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, l.span.clone(), detail, &l.value));
        }
    }
}
