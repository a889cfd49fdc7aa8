//! Checks one file: prefilter, classify, read facts, run the rules, and turn what they report
//! into redacted findings with positions and a redacted snippet.

use crate::classify::{classify, Class, Format};
use crate::facts::{names_xai_host, Facts};
use crate::finding::{Finding, RawFinding, Snippet};
use crate::keys;
use crate::output::{EnvFact, FileOutput, Settings, Skip, UsageFact};
use crate::readers;
use crate::rules::{Check, FileCtx, RULES};
use crate::source::LineIndex;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// Text that may matter to some rule: files without any of these are never parsed.
/// The spellings are listed case by case rather than matched case-insensitively: a short
/// case-sensitive set runs on aho-corasick's SIMD (Teddy) searcher, several times faster than
/// the automaton a case-insensitive set needs (measured on the benchmark corpus: the prefilter
/// went from 27% of the run to a few percent).
const PREFILTER: &[&str] = &[
    "xai", "XAI", "Xai", "xAI", "XAi", "grok", "Grok", "GROK", "x.ai", "X.AI", "api_key", "API_KEY", "Api_Key",
    "apiKey", "ApiKey", "APIKey", "apikey", "APIKEY", "api-key", "API-KEY",
];

/// The xAI spellings come first in `PREFILTER`: these many patterns are xAI mentions.
const XAI_PATTERNS: usize = 10;

enum Prefilter {
    /// SIMD (Teddy) searcher, on CPUs that have it.
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Prefilter {
    fn new(patterns: &[&str]) -> Prefilter {
        match aho_corasick::packed::Searcher::new(patterns.iter()) {
            Some(s) => Prefilter::Packed(s),
            None => Prefilter::Automaton(AhoCorasick::new(patterns).expect("valid patterns")),
        }
    }

    /// (pattern index, start) of every match, leftmost first.
    fn matches<'a>(&'a self, text: &'a [u8]) -> Box<dyn Iterator<Item = (usize, usize)> + 'a> {
        match self {
            Prefilter::Packed(s) => Box::new(s.find_iter(text).map(|m| (m.pattern().as_usize(), m.start()))),
            Prefilter::Automaton(a) => Box::new(a.find_iter(text).map(|m| (m.pattern().as_usize(), m.start()))),
        }
    }
}

/// An xAI spelling inside a longer word is not a mention: `MaxAIA…`, `taxai`. A mention starts
/// a word, follows `_ / @ . -` or the like, or starts a capitalised part (`createXai`, `ChatXAI`).
fn is_mention(text: &[u8], start: usize) -> bool {
    let Some(&prev) = start.checked_sub(1).and_then(|p| text.get(p)) else { return true };
    let first = text[start];
    !(prev.is_ascii_lowercase() && first.is_ascii_lowercase()
        || prev.is_ascii_digit() && first.is_ascii_lowercase()
        || prev.is_ascii_uppercase()
            && text.get(start + 1).is_some_and(|c| c.is_ascii_uppercase())
            && first.is_ascii_uppercase())
}

fn prefilter() -> &'static Prefilter {
    static P: OnceLock<Prefilter> = OnceLock::new();
    P.get_or_init(|| Prefilter::new(PREFILTER))
}

/// Whether raw bytes may matter to any rule (the patterns are ASCII, so this is the same as
/// asking the decoded text): most files stop here, before UTF-8 validation.
pub fn may_matter(bytes: &[u8]) -> bool {
    prefilter().matches(bytes).any(|(p, at)| p >= XAI_PATTERNS || is_mention(bytes, at))
}

/// Where a text mentions xAI (word-bounded), in order.
fn mentions(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    prefilter().matches(text).filter(move |(p, at)| *p < XAI_PATTERNS && is_mention(text, *at)).map(|(_, at)| at)
}

/// Bytes to text. Invalid UTF-8 is read lossily (keys are ASCII, so none is lost); a NUL byte
/// in the first 8 KiB means a binary file.
pub fn decode(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, str>, bool), Skip> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(Skip::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((std::borrow::Cow::Borrowed(s), false)),
        Err(_) => Ok((String::from_utf8_lossy(bytes), true)),
    }
}

/// SDKs that read `XAI_API_KEY` on their own when given no key, and how to recognise them
/// (litellm by its model names, `"xai/grok-4"`: not any `"xai/…"` path, such as a generated
/// gRPC file's `"xai/api/v1/auth.proto"`).
const IMPLICIT_READERS: &[&str] =
    &["xai_sdk", "@ai-sdk/xai", "langchain_xai", "@langchain/xai", "ChatXAI", "\"xai/grok", "'xai/grok"];

fn implicit_reads(text: &str, facts: &mut Facts) {
    if facts.env_reads.iter().any(|r| crate::names::is_xai_key_name(&r.name)) {
        return;
    }
    // a key passed explicitly means the SDK does not read the environment
    let explicit =
        facts.literals.iter().any(|l| {
            l.target.as_deref().is_some_and(|t| matches!(t, "api_key" | "apiKey" | "xai_api_key" | "xaiApiKey"))
        }) || facts
            .calls
            .iter()
            .any(|c| c.kwargs.iter().any(|k| matches!(k.as_str(), "api_key" | "apiKey" | "xai_api_key")));
    if explicit {
        return;
    }
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| AhoCorasick::new(IMPLICIT_READERS).expect("valid patterns"));
    if let Some(at) = ac.find(text).map(|m| m.start()) {
        let len = text[at..].find(|c: char| c.is_whitespace() || c == '(' || c == ';').unwrap_or(0).max(1);
        facts.read(IMPLICIT_NAME, at..at + len);
        if let Some(r) = facts.env_reads.last_mut() {
            r.kwarg = Some(IMPLICIT_MARK.to_string());
        }
    }
}

/// The name the official SDKs read, and the mark of such a read.
pub const IMPLICIT_NAME: &str = "XAI_API_KEY";
const IMPLICIT_MARK: &str = "<implicit>";

/// Checks the text of one file. `display` is the path as shown in reports.
pub fn check_text(display: &str, path: &Path, text: &str, settings: &Settings) -> FileOutput {
    if !may_matter(text.as_bytes()) {
        return FileOutput::default();
    }
    // a large file that never mentions xAI (a bundle, a data file, a source map) can only
    // matter for misspelt key reads, which do not live there: not parsed
    if text.len() > LARGE_FILE && !mentions_xai(text) {
        return FileOutput::default();
    }
    check_classified(display, classify(path), text, settings)
}

/// Above this size a file is parsed only if it mentions xAI.
const LARGE_FILE: usize = 512 * 1024;

pub fn check_classified(display: &str, class: Class, text: &str, settings: &Settings) -> FileOutput {
    let mut facts = if text.len() > WINDOWED && class.format.spec().windowable {
        read_windows(class.format, text)
    } else {
        readers::read(class.format, text)
    };
    if class.format == Format::Toml && !display.ends_with("secrets.toml") {
        let name = display.rsplit('/').next().unwrap_or(display);
        facts.env_defs = if readers::toml::is_deployment_file(name) {
            readers::toml::env_table_defs(text).env_defs
        } else {
            Vec::new()
        };
    }
    let name = display.rsplit('/').next().unwrap_or(display);
    if class.format == Format::Json && name.starts_with("appsettings") && name.ends_with(".json") {
        readers::json_env::appsettings_defs(text, &mut facts);
    }
    if class.format == Format::Json && readers::json_env::is_deployment_json(name) {
        readers::json_env::json_env_defs(text, &mut facts);
    }
    // Flutter: `assets: [.env]` bundles the env file into the app
    if name == "pubspec.yaml" {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let item = line.trim().trim_start_matches('-').trim().trim_matches(['"', '\'']);
            if line.trim_start().starts_with('-') && (item == ".env" || item.starts_with(".env.")) {
                let at = offset + line.find(".env").unwrap_or(0);
                facts.def(crate::facts::BUNDLED_ENV, at..at + item.len());
            }
            offset += line.len();
        }
    }
    // Spring: application*.yml / .properties define property paths
    if name.starts_with("application") {
        if class.format == Format::Yaml {
            readers::yaml::spring_property_defs(text, &mut facts);
        } else if class.format == Format::Properties {
            let paths: Vec<crate::facts::EnvRef> = facts
                .literals
                .iter()
                .filter_map(|l| l.target.as_ref().filter(|t| t.contains('.')).map(|t| (t, l)))
                .map(|(t, l)| crate::facts::EnvRef { name: t.clone(), span: l.span.clone(), call: None, kwarg: None })
                .collect();
            facts.env_defs.extend(paths);
        }
    }
    if readers::laravel::is_config_file(display) {
        readers::laravel::config_defs(display, text, &mut facts);
    }
    if name.ends_with(".tf") {
        readers::json_env::terraform_env_defs(text, &mut facts);
    }
    let xai = mentions_xai(text);
    if xai && class.format.spec().is_code {
        implicit_reads(text, &mut facts);
    }
    // a name that holds a key (a key pasted where a configuration path belongs) is no name:
    // names are printed as they are, so such a "read" or "definition" is dropped here, for
    // every reader at once (the key itself is still found by hardcoded-key)
    let holds_key = |r: &crate::facts::EnvRef| {
        ["xai-", "sk-", "gsk_"].iter().any(|p| r.name.contains(p)) && crate::redact::redact_secrets(&r.name) != r.name
    };
    facts.env_reads.retain(|r| !holds_key(r));
    facts.env_defs.retain(|r| !holds_key(r));
    let ctx = FileCtx { display, text, class, facts: &facts, mentions_xai_host: names_xai_host(text), settings };
    let mut raw: Vec<RawFinding> = Vec::new();
    for rule in RULES {
        if let Check::File(check) | Check::FileAndProject(check, _) = rule.check {
            check(&ctx, &mut raw);
        }
    }
    raw.retain(|r| !settings.known_fakes.iter().any(|f| f == r.value.trim()));
    let mut suppressions = if class.docs { Vec::new() } else { crate::suppress::parse(text) };
    // text inside a string literal only mentions a suppression
    suppressions.retain(|s| !facts.literals.iter().any(|l| l.span.start <= s.span.start && s.span.start < l.span.end));
    let findings = if raw.is_empty() { Vec::new() } else { positioned(display, text, raw) };
    let env = env_facts(text, &facts, class.docs);
    let usage =
        if class.docs || class.template || !mentions_xai(text) { Vec::new() } else { usage_facts(text, &facts) };
    FileOutput { file: display.to_string(), class: Some(class), findings, suppressions, env, usage }
}

/// Whether a file mentions xAI at all (the prefilter also lets `api_key` files through).
fn mentions_xai(text: &str) -> bool {
    mentions(text.as_bytes()).next().is_some()
}

/// Above this size a file is read only around its mentions of xAI: the rules look at local
/// context, and minified bundles, source maps and data files are otherwise most of the cost.
const WINDOWED: usize = 256 * 1024;
/// How much text either side of a mention is read.
const WINDOW: usize = 2048;

/// Facts of a large file from windows around its mentions of xAI.
fn read_windows(format: Format, text: &str) -> Facts {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // a window that starts inside a triple-quoted string (a docs corpus kept in a Swift or
    // Python string) would read the string's lines as code: such a window starts at the
    // string's opening quotes instead. Quotes are counted once, in order, as windows advance.
    let triple = matches!(format, Format::Python | Format::CLike | Format::HashComment);
    let mut quotes = memchr::memmem::find_iter(text.as_bytes(), b"\"\"\"").peekable();
    let (mut open, mut opened_at) = (false, 0);
    for at in mentions(text.as_bytes()) {
        // byte search: the window's start may fall inside a multi-byte character
        let mut a = at.saturating_sub(WINDOW);
        // start at a line start when one is near, so the reader starts outside a token
        if let Some(nl) = text.as_bytes()[a..at].iter().position(|&b| b == b'\n') {
            if nl < WINDOW / 2 {
                a += nl + 1;
            }
        }
        let b = (at + WINDOW).min(text.len());
        let mut a = crate::source::floor_char_boundary(text, a);
        let b = crate::source::floor_char_boundary(text, b);
        if triple {
            while let Some(&q) = quotes.peek().filter(|&&q| q < a) {
                (open, opened_at) = (!open, q);
                quotes.next();
            }
            if open {
                a = opened_at;
            }
        }
        match spans.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => spans.push((a, b)),
        }
    }
    let mut facts = Facts::default();
    for (a, b) in spans {
        let base = facts.max_call();
        facts.extend(readers::read(format, &text[a..b]).shifted(a, base));
    }
    facts
}

fn usage_facts(text: &str, facts: &Facts) -> Vec<UsageFact> {
    let found = crate::usage::extract(text, facts);
    if found.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    let keys = key_spans(text);
    found
        .into_iter()
        .map(|(kind, name, span)| {
            let (line, column) = lines.position(text, span.start);
            let (_, end_column) = lines.position(text, span.end);
            UsageFact { kind, name, line, column, end_column, snippet: snippet(text, &lines, &span, &keys) }
        })
        .collect()
}

/// The kind of key a definition's value is (`XAI_API_KEY=xai-token-…`, `=gsk_…`), if another
/// use would reject it.
fn defined_value(facts: &Facts, d: &crate::facts::EnvRef) -> Option<crate::output::ValueKind> {
    let lit = facts.literals.iter().find(|l| {
        l.target.as_deref() == Some(d.name.as_str()) && l.span.start >= d.span.end && l.span.start - d.span.end <= 8
    })?;
    let v = lit.value.trim();
    if v.starts_with("xai-token-") && crate::keys::is_real_shaped(v) {
        return Some(crate::output::ValueKind::Management);
    }
    crate::keys::vendor_key(v).map(|k| crate::output::ValueKind::Vendor(k.name()))
}

/// Whether a read's value is handed to a call or client aimed at the xAI inference API.
fn inference_read(text: &str, facts: &Facts, r: &crate::facts::EnvRef) -> bool {
    // raw HTTP: read into a local, then sent in a request's header to api.x.ai
    let followed = || {
        crate::rules::flow::talks_only_to_xai(text, facts) && crate::rules::flow::sent_as_key(text, &r.span).is_some()
    };
    let Some(c) = r.call else { return followed() };
    if text.contains("management-api.x.ai") {
        return false;
    }
    facts.call_is_xai(c)
        || facts.call(c).is_some_and(|call| {
            matches!(
                crate::names::last_segment(&call.callee),
                "Client" | "AsyncClient" | "createXai" | "ChatXAI" | "xai"
            ) && mentions_xai(text)
        })
}

/// `docs`: definitions get a snippet too (a rule may report a doc line).
fn env_facts(text: &str, facts: &Facts, docs: bool) -> Vec<EnvFact> {
    let mut out = Vec::new();
    let mut lines: Option<LineIndex> = None;
    let mut keys: Option<Vec<std::ops::Range<usize>>> = None;
    for (read, r) in facts.env_reads.iter().map(|r| (true, r)).chain(facts.env_defs.iter().map(|d| (false, d))) {
        if !crate::names::mentions_key_or_vendor(&r.name) {
            continue;
        }
        let lines = lines.get_or_insert_with(|| LineIndex::new(text));
        let (line, column) = lines.position(text, r.span.start);
        let (_, end_column) = lines.position(text, r.span.end);
        let keys = keys.get_or_insert_with(|| key_spans(text));
        let snippet = (read || docs).then(|| snippet(text, lines, &r.span, keys));
        let implicit = r.kwarg.as_deref() == Some(IMPLICIT_MARK);
        let mentioned = r.kwarg.as_deref() == Some(crate::facts::MENTIONED);
        let value = if read { None } else { defined_value(facts, r) };
        let to_inference = read && (implicit || inference_read(text, facts, r));
        out.push(EnvFact {
            name: r.name.clone(),
            line,
            column,
            end_column,
            read,
            implicit,
            mentioned,
            snippet,
            value,
            to_inference,
            secret: r.kwarg.as_deref() == Some(crate::facts::SECRET),
            config_path: r.kwarg.as_deref() == Some(crate::facts::CONFIG_PATH),
        });
    }
    out
}

/// Positions, redacted values, snippets and fingerprints for what the rules reported.
fn positioned(display: &str, text: &str, mut raw: Vec<RawFinding>) -> Vec<Finding> {
    raw.sort_by_key(|r| (r.span.start, r.rule));
    raw.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    let lines = LineIndex::new(text);
    let secret_spans: Vec<_> = raw.iter().filter(|r| !r.is_name).map(|r| r.span.clone()).collect();
    raw.into_iter()
        .map(|r| {
            let (line, column) = lines.position(text, r.span.start);
            let (end_line, end_column) = lines.position(text, r.span.end);
            let redacted = if r.is_name {
                crate::redact::redact_in_text(&r.value).into_owned()
            } else {
                crate::redact::redact(&r.value)
            };
            let snippet = snippet(text, &lines, &r.span, &secret_spans);
            let line_text = snippet.text.lines().nth(line - snippet.first_line).unwrap_or("").trim();
            let mut f = Finding::new(
                r.rule,
                display,
                (line, column),
                (end_line, end_column),
                r.message,
                redacted.clone(),
                &[&redacted, line_text],
            );
            f.snippet = Some(snippet);
            f.value_hash = crate::redact::hash64(r.value.as_bytes());
            f
        })
        .collect()
}

/// Anything that may be (part of) a secret, to be redacted in snippets.
fn secret_like() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:xai-|gsk_|sk-)[A-Za-z0-9_\-.]{8,}").expect("valid regex"))
}

/// The spans of real-shaped keys in a text (redacted in every excerpt).
fn key_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    keys::find_key_tokens(text).into_iter().map(|t| t.start..t.end).collect()
}

/// The finding's line and one line either side, with every secret-like run redacted.
fn snippet(
    text: &str,
    lines: &LineIndex,
    span: &std::ops::Range<usize>,
    secrets: &[std::ops::Range<usize>],
) -> Snippet {
    let mut first = lines.line(span.start).saturating_sub(1).max(1);
    let last = (lines.line(span.end) + 1).min(lines.line_count());
    let mut start = lines.line_start(first);
    let mut end = if last >= lines.line_count() { text.len() } else { lines.line_start(last + 1) };
    let mut first_column = 0;
    if end - start > 600 {
        // long lines (minified code, JSON on one line): a window around the span on its line
        let line = lines.line(span.start);
        let line_start = lines.line_start(line);
        let line_end = text[span.end..].find('\n').map_or(text.len(), |p| span.end + p);
        start = crate::source::floor_char_boundary(text, span.start.saturating_sub(80).max(line_start));
        end = crate::source::floor_char_boundary(text, (span.end + 80).min(line_end));
        if end < span.end {
            end = span.end;
        }
        first = line;
        first_column = text[line_start..start].chars().count();
    }
    let region = &text[start..end];
    // ranges to replace, relative to region: secret-like runs found in a margin around the
    // region (so that a key cut by the window's edge is still recognised), and the secrets'
    // spans, both clipped to the region
    let outer_start = crate::source::floor_char_boundary(text, start.saturating_sub(120));
    let outer_end = crate::source::floor_char_boundary(text, (end + 120).min(text.len()));
    let clip = |a: usize, b: usize| -> Option<std::ops::Range<usize>> {
        let (a, b) = (a.max(start), b.min(end));
        (a < b).then(|| a - start..b - start)
    };
    let mut cuts: Vec<std::ops::Range<usize>> = secret_like()
        .find_iter(&text[outer_start..outer_end])
        .filter_map(|m| clip(outer_start + m.start(), outer_start + m.end()))
        .chain(secrets.iter().filter_map(|s| clip(s.start, s.end)))
        .collect();
    cuts.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for c in cuts {
        match merged.last_mut() {
            Some(m) if c.start < m.end => m.end = m.end.max(c.end),
            _ => merged.push(c),
        }
    }
    // a span inside a cut maps onto the cut's redacted form; otherwise it shifts with the cuts
    // before it
    let rel = span.start - start..span.end - start;
    let mut out = String::with_capacity(region.len());
    let mut new_span: Option<std::ops::Range<usize>> = None;
    let mut pos = 0;
    for m in merged {
        if new_span.is_none() && rel.end <= m.start {
            let shift = out.len() as isize - pos as isize;
            new_span = Some((rel.start as isize + shift) as usize..(rel.end as isize + shift) as usize);
        }
        out.push_str(&region[pos..m.start]);
        let red = crate::redact::redact(&region[m.clone()]);
        if new_span.is_none() && m.start <= rel.start && rel.end <= m.end {
            new_span = Some(out.len()..out.len() + red.len());
        }
        out.push_str(&red);
        pos = m.end;
    }
    let shift = out.len() as isize - pos as isize;
    out.push_str(&region[pos..]);
    let new_span = new_span
        .unwrap_or(((rel.start as isize + shift).max(0) as usize)..((rel.end as isize + shift).max(0) as usize));
    let text = out.trim_end_matches(['\n', '\r']).to_string();
    let new_span = new_span.start.min(text.len())..new_span.end.min(text.len());
    Snippet { first_line: first, first_column, text, span: new_span }
}
