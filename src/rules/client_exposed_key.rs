//! client-exposed-key: an xAI key that ends up in what browsers download: a key variable with
//! a bundler-public prefix (defined or read), `next.config` inlining it through `env`, a
//! browser client aimed at api.x.ai with `dangerouslyAllowBrowser`, a key kept in
//! `localStorage`, a key in a module marked `"use client"` or in the state of a store persisted
//! to browser storage.

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
    for r in ctx.facts.env_reads.iter().filter(|r| r.kwarg.as_deref() != Some(crate::facts::THROUGH)) {
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
        if !c.kwargs.iter().any(|k| k == "dangerouslyAllowBrowser") {
            continue;
        }
        // the app's own key (read from its environment or written in) runs in the browser; a key
        // the user types into the page (bring your own key: state, a parameter) is theirs
        // (read into a local first counts: `const apiKey = process.env.X; new OpenAI({ apiKey })`)
        let apps_key =
            ctx.facts.env_reads.iter().any(|r| {
                r.call == Some(c.id)
                    || crate::names::mentions_key_or_vendor(&r.name)
                        && r.kwarg.as_deref() != Some(crate::facts::THROUGH)
            }) || ctx.facts.literals.iter().any(|l| l.call == Some(c.id) && l.value.trim().starts_with("xai-"));
        if apps_key && ctx.facts.call_is_xai(c.id) {
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
    client_state(ctx, out);
    mobile(ctx, out);
    bundler_config(ctx, out);
    shipped_code(ctx, out);
}

/// The names before the brackets that enclose `pos` (`define: {` → `define`,
/// `new DefinePlugin({` → `DefinePlugin`), innermost first, within a few KiB.
fn enclosing_names(text: &str, pos: usize) -> Vec<&str> {
    let b = text.as_bytes();
    let floor = crate::source::floor_char_boundary(text, pos.saturating_sub(8192));
    let mut depth = 0i32;
    let mut names = Vec::new();
    let mut i = pos;
    while i > floor {
        i -= 1;
        match b[i] {
            b'}' | b')' | b']' => depth += 1,
            b'{' | b'(' | b'[' if depth > 0 => depth -= 1,
            b'{' | b'(' | b'[' => {
                let head = text[floor..i].trim_end().trim_end_matches([':', '=']).trim_end();
                let head = head.trim_end_matches(['"', '\'']);
                let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
                let start = head.char_indices().rev().find(|(_, c)| !ident(*c)).map_or(0, |(p, c)| p + c.len_utf8());
                names.push(&head[start..]);
            }
            _ => {}
        }
    }
    names
}

/// Bundler configuration that puts values into client code: Vite `define`, webpack
/// `DefinePlugin`/`EnvironmentPlugin`, Nuxt `runtimeConfig.public`, Expo `extra`, Astro and
/// SvelteKit config alike. An xAI key read there is in every visitor's bundle.
fn bundler_config(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    let name = ctx.display.rsplit('/').next().unwrap_or(ctx.display);
    let config = ["vite.config.", "webpack.config.", "nuxt.config.", "app.config.", "astro.config.", "svelte.config."]
        .iter()
        .any(|p| name.starts_with(p));
    // Expo's app.json: `expo.extra` values are read by the app at run time
    if name == "app.json" && ctx.text.contains("\"expo\"") && !ctx.class.test {
        for l in ctx.facts.literals.iter().filter(|l| crate::keys::is_real_shaped(&l.value)) {
            if enclosing_names(ctx.text, l.span.start).contains(&"extra") {
                let detail =
                    "an xAI key in Expo's `extra` ships inside the app, readable by anyone who has it".to_string();
                out.push(key_in(l, detail));
            }
        }
    }
    if !config || ctx.class.test {
        return;
    }
    const INTO_CLIENT: &[&str] = &["define", "DefinePlugin", "EnvironmentPlugin", "public", "extra"];
    let exposed = |at: usize| enclosing_names(ctx.text, at).into_iter().find(|n| INTO_CLIENT.contains(n));
    for r in ctx.facts.env_reads.iter().filter(|r| crate::names::is_xai_key_name(&r.name)) {
        if let Some(how) = exposed(r.span.start) {
            let detail = format!("`{}` is put into client code by `{how}` in {name}", r.name);
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
        }
    }
    // `new EnvironmentPlugin(["XAI_API_KEY"])` names the variables it inlines, and
    // `new EnvironmentPlugin({ XAI_API_KEY: "" })` with their defaults
    for l in &ctx.facts.literals {
        let plugin = l.callee.as_deref().is_some_and(|c| crate::names::last_segment(c) == "EnvironmentPlugin");
        let named = if crate::names::is_env_name(&l.value) && crate::names::is_xai_key_name(&l.value) {
            Some(l.value.as_str())
        } else {
            l.target.as_deref().filter(|t| crate::names::is_xai_key_name(t))
        };
        if let (true, Some(n)) = (plugin, named) {
            let detail = format!("`{n}` is put into client code by `EnvironmentPlugin` in {name}");
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, l.span.clone(), detail, n));
        }
    }
}

/// Mobile apps carry their configuration inside the package: a key in `Info.plist`, an
/// `.xcconfig` or Android resources, a `--dart-define` compiled into a Flutter app
/// (`String.fromEnvironment`), or a `.env` bundled as a Flutter asset (`flutter_dotenv`).
fn mobile(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    let name = ctx.display.rsplit('/').next().unwrap_or(ctx.display);
    let packaged = name == "Info.plist"
        || name.ends_with(".xcconfig")
        || name.ends_with(".xml") && ctx.display.contains("/res/values");
    if packaged && !ctx.class.test {
        for k in crate::keys::find_key_tokens(ctx.text) {
            let v = &ctx.text[k.start..k.end];
            if crate::keys::is_real_shaped(v) {
                let detail = format!("an xAI key in `{name}` ships inside the app package");
                out.push(RawFinding::new(crate::ruledoc::RuleId::ClientExposedKey, k.start..k.end, Some(detail), v));
            }
        }
    }
    // Groovy's `buildConfigField "String", "XAI_API_KEY", "…"` (no parentheses, so no call)
    if name.ends_with(".gradle") && !ctx.class.test {
        let mut offset = 0;
        for line in ctx.text.split_inclusive('\n') {
            let base = offset;
            offset += line.len();
            let t = line.trim_start();
            let Some(rest) = t.strip_prefix("buildConfigField ").or_else(|| t.strip_prefix("resValue ")) else {
                continue;
            };
            let Some(second) = rest.split('"').nth(3) else { continue };
            if crate::names::is_xai_key_name(second) {
                let at = base + (line.len() - rest.len()) + rest.match_indices('"').nth(2).map_or(0, |(i, _)| i + 1);
                let detail = format!("`{second}` is compiled into the Android app by `buildConfigField`: anyone with the APK can read the key");
                out.push(RawFinding::named(
                    crate::ruledoc::RuleId::ClientExposedKey,
                    at..at + second.len(),
                    detail,
                    second,
                ));
            }
        }
    }
    if !name.ends_with(".dart") || ctx.class.test {
        return;
    }
    let flutter = ctx.text.contains("package:flutter");
    for r in &ctx.facts.env_reads {
        if !crate::names::is_xai_key_name(&r.name) {
            continue;
        }
        let from = crate::source::floor_char_boundary(ctx.text, r.span.start.saturating_sub(60));
        let before = &ctx.text[from..r.span.start];
        let app = flutter || ctx.display.starts_with("lib/") || ctx.display.contains("/lib/");
        let how = if before.contains("fromEnvironment") && app {
            "is compiled into the app as a constant by `--dart-define`"
        } else if flutter && before.contains("dotenv") {
            "comes from a `.env` bundled as a Flutter asset"
        } else {
            continue;
        };
        let detail = format!("`{}` {how}, inside the app package", r.name);
        out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
    }
}

/// Where a client-side module keeps values: a module marked `"use client"` (React Server
/// Components), or a store persisted to browser storage (zustand `persist`, pinia
/// `persist: true`, redux-persist, jotai `atomWithStorage`).
fn client_module(text: &str) -> Option<&'static str> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("\"use client\"") || head.starts_with("'use client'") {
        return Some("in a module marked `\"use client\"`, which ships to every browser");
    }
    let store = text.contains("zustand")
        || text.contains("defineStore")
        || text.contains("redux-persist")
        || text.contains("atomWithStorage");
    let persisted = text.contains("persist(")
        || text.contains("persist: true")
        || text.contains("persistReducer")
        || text.contains("atomWithStorage(");
    (store && persisted)
        .then_some("in the state of a store persisted to browser storage, readable by any script on the page")
}

/// A real-shaped key written into client state.
fn client_state(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.test || ctx.class.docs || !ctx.class.format.spec().is_code {
        return;
    }
    if !ctx.facts.literals.iter().any(|l| crate::keys::is_real_shaped(&l.value)) {
        return;
    }
    let Some(where_) = client_module(ctx.text) else { return };
    for l in &ctx.facts.literals {
        // (jotai's `atomWithStorage("name", initial)` takes the state as an argument)
        let stored = l.role == crate::facts::Role::Assign
            || l.callee.as_deref().is_some_and(|c| crate::names::last_segment(c) == "atomWithStorage");
        if stored && !l.in_test && crate::keys::is_real_shaped(&l.value) {
            let name = l.target.as_deref().map_or_else(|| "an xAI key".to_string(), |t| format!("the xAI key `{t}`"));
            let detail = format!("{name} is kept {where_}");
            out.push(key_in(l, detail));
        }
    }
}

/// A finding at a key written in client-side code or configuration.
fn key_in(l: &crate::facts::Literal, detail: String) -> RawFinding {
    RawFinding::new(crate::ruledoc::RuleId::ClientExposedKey, l.span.clone(), Some(detail), &l.value)
}

/// Code that runs in the user's browser or app although it looks like server code: a browser
/// extension's scripts (they use `chrome.*`/`browser.*` extension APIs) and an Electron preload
/// that hands values to the web page through `contextBridge`.
fn shipped_code(ctx: &FileCtx, out: &mut Vec<RawFinding>) {
    if ctx.class.test || ctx.class.docs || ctx.class.format != crate::classify::Format::JavaScript {
        return;
    }
    // (the facts first: most files hold no key and read no xAI name, and need no text scan)
    let key_literal = ctx.facts.literals.iter().any(|l| crate::keys::is_real_shaped(&l.value));
    let xai_read = ctx.facts.env_reads.iter().any(|r| crate::names::is_xai_key_name(&r.name));
    if !key_literal && !xai_read {
        return;
    }
    let extension = ["chrome.runtime", "chrome.storage", "browser.runtime", "chrome.tabs", "chrome.action"]
        .iter()
        .any(|a| ctx.text.contains(a));
    if extension {
        for l in ctx.facts.literals.iter().filter(|l| l.role == crate::facts::Role::Assign && !l.in_test) {
            if crate::keys::is_real_shaped(&l.value) {
                let detail =
                    "an xAI key in browser-extension code ships to everyone who installs the extension".to_string();
                out.push(key_in(l, detail));
            }
        }
        for r in ctx.facts.env_reads.iter().filter(|r| crate::names::is_xai_key_name(&r.name)) {
            let detail = format!(
                "`{}` is read in browser-extension code: the build inlines its value into the extension everyone installs",
                r.name
            );
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
        }
        return;
    }
    for r in ctx.facts.env_reads.iter().filter(|r| crate::names::is_xai_key_name(&r.name)) {
        let bridged = r
            .call
            .and_then(|c| ctx.facts.call(c))
            .is_some_and(|c| crate::names::last_segment(&c.callee) == "exposeInMainWorld");
        if bridged {
            let detail = format!(
                "`{}` is handed to the web page by Electron's `contextBridge`: any script in the renderer can read it",
                r.name
            );
            out.push(RawFinding::named(crate::ruledoc::RuleId::ClientExposedKey, r.span.clone(), detail, &r.name));
        }
    }
}

/// Flutter: a `.env` that `pubspec.yaml` bundles as an asset ships inside the app package, so a
/// key committed in it (a `hardcoded-key` finding) is also exposed to everyone with the app.
pub fn bundled_env(
    outputs: &[crate::output::FileOutput],
    _config: &crate::config::Config,
) -> Vec<crate::finding::Finding> {
    let Some((pubspec, asset)) = outputs
        .iter()
        .find_map(|o| o.env.iter().find(|e| !e.read && e.name == crate::facts::BUNDLED_ENV).map(|e| (o, e)))
    else {
        return Vec::new();
    };
    let dir = |f: &str| f.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let mut out = Vec::new();
    for o in outputs.iter().filter(|o| {
        let name = o.file.rsplit('/').next().unwrap_or(&o.file);
        (name == ".env" || name.starts_with(".env.")) && dir(&o.file) == dir(&pubspec.file)
    }) {
        for h in o.findings.iter().filter(|f| f.rule.rule() == crate::ruledoc::RuleId::HardcodedKey) {
            let detail = format!(
                "this `.env` is bundled into the Flutter app as an asset ({}:{}): the key ships inside the app package",
                pubspec.file, asset.line
            );
            let doc = crate::ruledoc::RuleId::ClientExposedKey.doc();
            let mut f = crate::finding::Finding::new(
                crate::ruledoc::RuleId::ClientExposedKey,
                &o.file,
                (h.line, h.column),
                (h.end_line, h.end_column),
                format!("{detail}: {}", doc.message),
                h.redacted.clone(),
                &[&h.redacted, "bundled-env"],
            );
            f.related = vec![crate::finding::Related {
                file: pubspec.file.clone(),
                line: asset.line,
                column: asset.column,
                message: "the `.env` is listed as an asset here".to_string(),
            }];
            f.snippet = h.snippet.clone();
            out.push(f);
        }
    }
    out
}
