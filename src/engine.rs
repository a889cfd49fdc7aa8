//! Checks one file: prefilter, classify, read facts, run the rules, and turn what they report
//! into redacted findings with positions and a redacted snippet.

use crate::classify::{classify, Class, Format};
use crate::facts::names_xai_host;
use crate::finding::{Finding, RawFinding, Snippet};
use crate::keys;
use crate::readers;
use crate::ruledoc;
use crate::rules::{FileCtx, RULES};
use crate::source::LineIndex;
use crate::suppress::Suppression;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    Binary,
    TooLarge,
    Unreadable(String),
}

impl Skip {
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::Binary => "binary",
            Skip::TooLarge => "too_large",
            Skip::Unreadable(_) => "unreadable",
        }
    }
}

/// Text that may matter to some rule: files without any of these are never parsed.
fn prefilter() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder().ascii_case_insensitive(true).build(["xai", "grok", "x.ai"]).expect("valid patterns")
    })
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

/// What the configuration tells the rules.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Extra environment variable names that hold an xAI key.
    pub key_vars: Vec<String>,
    /// Values known to be fake: never reported.
    pub known_fakes: Vec<String>,
    /// Extra bundler-public prefixes.
    pub public_prefixes: Vec<String>,
}

/// What checking one file gives the project-wide pass.
#[derive(Debug, Clone, Default)]
pub struct FileOutput {
    pub file: String,
    pub findings: Vec<Finding>,
    pub suppressions: Vec<Suppression>,
}

impl FileOutput {
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.suppressions.is_empty()
    }
}

/// Checks the text of one file. `display` is the path as shown in reports.
pub fn check_text(display: &str, path: &Path, text: &str, settings: &Settings) -> FileOutput {
    if !prefilter().is_match(text) {
        return FileOutput::default();
    }
    check_classified(display, classify(path), text, settings)
}

pub fn check_classified(display: &str, class: Class, text: &str, settings: &Settings) -> FileOutput {
    let facts = readers::read(class.format, text);
    let ctx = FileCtx { text, class, facts: &facts, mentions_xai_host: names_xai_host(text), settings };
    let mut raw: Vec<RawFinding> = Vec::new();
    for rule in RULES {
        (rule.check)(&ctx, &mut raw);
    }
    raw.retain(|r| !settings.known_fakes.iter().any(|f| f == r.value.trim()));
    let mut suppressions = if class.docs { Vec::new() } else { crate::suppress::parse(text) };
    // text inside a string literal only mentions a suppression
    suppressions.retain(|s| !facts.literals.iter().any(|l| l.span.start <= s.span.start && s.span.start < l.span.end));
    let findings = if raw.is_empty() { Vec::new() } else { positioned(display, text, raw) };
    FileOutput { file: display.to_string(), findings, suppressions }
}

/// Positions, redacted values, snippets and fingerprints for what the rules reported.
fn positioned(display: &str, text: &str, mut raw: Vec<RawFinding>) -> Vec<Finding> {
    raw.sort_by(|a, b| (a.span.start, a.rule).cmp(&(b.span.start, b.rule)));
    raw.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    let lines = LineIndex::new(text);
    let secret_spans: Vec<_> = raw.iter().map(|r| r.span.clone()).collect();
    raw.into_iter()
        .map(|r| {
            let (line, column) = lines.position(text, r.span.start);
            let (end_line, end_column) = lines.position(text, r.span.end);
            let redacted = keys::redact(&r.value);
            let doc = ruledoc::get(r.rule);
            let snippet = snippet(text, &lines, &r.span, &secret_spans);
            let line_text = snippet.text.lines().nth(line - snippet.first_line).unwrap_or("").trim();
            let fingerprint = fingerprint(&[doc.name.as_str(), display, &redacted, line_text]);
            Finding {
                rule: doc,
                file: display.to_string(),
                line,
                column,
                end_line,
                end_column,
                message: r.message,
                redacted,
                related: Vec::new(),
                snippet: Some(snippet),
                fingerprint,
                severity: doc.severity,
            }
        })
        .collect()
}

/// FNV-1a 64 over the parts: a stable, non-reversible identity (it is computed over redacted
/// values only).
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// Anything that may be (part of) a secret, to be redacted in snippets.
fn secret_like() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:xai-|gsk_|sk-)[A-Za-z0-9_\-.]{8,}").expect("valid regex"))
}

/// The finding's line and one line either side, with every secret-like run redacted.
fn snippet(
    text: &str,
    lines: &LineIndex,
    span: &std::ops::Range<usize>,
    secrets: &[std::ops::Range<usize>],
) -> Snippet {
    let first = lines.line(span.start).saturating_sub(1).max(1);
    let last = (lines.line(span.end) + 1).min(lines.line_count());
    let start = lines.line_start(first);
    let end = if last >= lines.line_count() { text.len() } else { lines.line_start(last + 1) };
    let region = &text[start..end];
    // ranges to replace, relative to region
    let mut cuts: Vec<std::ops::Range<usize>> = secret_like()
        .find_iter(region)
        .map(|m| m.range())
        .chain(secrets.iter().filter(|s| s.start >= start && s.end <= end).map(|s| s.start - start..s.end - start))
        .collect();
    cuts.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for c in cuts {
        match merged.last_mut() {
            Some(m) if c.start < m.end => m.end = m.end.max(c.end),
            _ => merged.push(c),
        }
    }
    // the finding's own span is always one of the cuts, so it maps onto its redacted form
    let rel = span.start - start..span.end - start;
    let mut out = String::with_capacity(region.len());
    let mut new_span = 0..0;
    let mut pos = 0;
    for m in merged {
        out.push_str(&region[pos..m.start]);
        let red = keys::redact(&region[m.clone()]);
        if m.start <= rel.start && rel.end <= m.end {
            new_span = out.len()..out.len() + red.len();
        }
        out.push_str(&red);
        pos = m.end;
    }
    out.push_str(&region[pos..]);
    let text = out.trim_end_matches(['\n', '\r']).to_string();
    let new_span = new_span.start.min(text.len())..new_span.end.min(text.len());
    Snippet { first_line: first, text, span: new_span }
}

/// Whether a format is read as code (so that the usage inventory and env reads apply).
pub fn is_code(format: Format) -> bool {
    matches!(
        format,
        Format::Python
            | Format::JavaScript
            | Format::Go
            | Format::Rust
            | Format::CLike
            | Format::HashComment
            | Format::Shell
    )
}
