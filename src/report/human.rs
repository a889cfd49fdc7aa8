//! The human format: a miette diagnostic per finding, with the rule's help text, and a summary.

use super::Report as Run;
use crate::finding::Finding;
use crate::ruledoc;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::fmt::Write;

/// A redacted excerpt of a file that reports its real line numbers.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    first_line: usize,
    first_column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // whole lines, even with no context lines around them
        let start = self.text[..span.offset().min(self.text.len())].rfind('\n').map_or(0, |p| p + 1);
        let end_at = (span.offset() + span.len()).min(self.text.len());
        let end = self.text[end_at..].find('\n').map_or(self.text.len(), |p| end_at + p);
        let whole = SourceSpan::from(start..end.max(start));
        let expand = before == 0 && after == 0;
        let inner = self.text.read_span(if expand { &whole } else { span }, before, after)?;
        // the header names the span's own column, not the line's start
        let column =
            if expand { self.text.get(start..span.offset()).map_or(0, |t| t.chars().count()) } else { inner.column() };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line - 1,
            column + self.first_column,
            inner.line_count(),
        )))
    }
}

#[derive(Debug)]
struct Report {
    diag: MietteDiagnostic,
    excerpt: Option<Excerpt>,
    /// Other places that explain the finding (definitions of a related name).
    related: Vec<MietteDiagnostic>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diag.fmt(f)
    }
}
impl std::error::Error for Report {}
impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.diag.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.url()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn miette::Diagnostic)))
    }
}

/// The help section of a rule: what breaks, the fix steps, where to read more.
pub fn help_text(doc: &ruledoc::RuleDoc) -> String {
    let mut h = String::new();
    let breaks = ruledoc::breaks_text(doc);
    if !breaks.is_empty() {
        let _ = writeln!(h, "what breaks: {breaks}");
    }
    let _ = writeln!(h, "fix:");
    for (i, step) in doc.fix.iter().enumerate() {
        let _ = writeln!(h, "  {}. {}", i + 1, step);
    }
    if doc.help_url.is_empty() {
        let _ = write!(h, "more: run `xai-lint explain {}`", doc.name);
    } else {
        let _ = write!(h, "more: {} · run `xai-lint explain {}`", doc.help_url, doc.name);
    }
    h
}

/// How the human format is laid out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Columns to fill (the terminal's, `COLUMNS`, else 100).
    pub width: usize,
    /// Each finding with its rule's fix steps (`--show-fixes`, `-v`); otherwise the steps of each
    /// rule are printed once, after all findings.
    pub show_fixes: bool,
}

fn report(f: &Finding, show_fixes: bool) -> Report {
    let severity = match f.severity {
        ruledoc::Severity::Error => miette::Severity::Error,
        ruledoc::Severity::Warning => miette::Severity::Warning,
    };
    // without an excerpt (a suppression comment, a blob of the history) the place goes first
    let message = if f.snippet.is_none() {
        format!("{}:{}:{}: {}", f.file, f.line, f.column, f.message)
    } else {
        f.message.clone()
    };
    // related places go inside the diagnostic, under its help
    let mut help = String::new();
    for r in f.related.iter().take(5) {
        let _ = writeln!(help, "see {}:{}:{}: {}", r.file, r.line, r.column, r.message);
    }
    if f.related.len() > 5 {
        let _ = writeln!(help, "and {} more place(s)", f.related.len() - 5);
    }
    if show_fixes {
        help.push_str(&help_text(f.rule));
    }
    // compact by default: the rule leads the message (no header line), the span is underlined
    // without repeating the value; with --show-fixes, the full diagnostic
    let mut diag = if show_fixes {
        MietteDiagnostic::new(message).with_code(format!("{}({})", f.rule.name, f.rule.id))
    } else {
        MietteDiagnostic::new(format!("{} ({}): {message}", f.rule.name, f.rule.id))
    }
    .with_severity(severity);
    let help = help.trim_end().to_string();
    if !help.is_empty() {
        diag = diag.with_help(help);
    }
    if !f.rule.help_url.is_empty() && show_fixes {
        diag = diag.with_url(f.rule.help_url.clone());
    }
    let excerpt = f.snippet.as_ref().map(|s| {
        let label = show_fixes.then(|| f.redacted.clone());
        diag = diag.clone().with_label(LabeledSpan::new_primary_with_span(label, s.span.start..s.span.end));
        Excerpt { name: f.file.clone(), text: s.text.clone(), first_line: s.first_line, first_column: s.first_column }
    });
    Report { diag, excerpt, related: Vec::new() }
}

/// Splits a line into words at spaces, except inside a `code span`: a command or a name in
/// backticks is never broken across lines (and hyphens never split a word).
fn words_keeping_code(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => in_code = !in_code,
            b' ' if !in_code => {
                let mut j = i;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                words.push(textwrap::core::Word::from(&line[start..j]));
                start = j;
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

fn wrap_options(width: usize, indent: &str) -> textwrap::Options<'_> {
    textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::Custom(words_keeping_code))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false)
        .subsequent_indent(indent)
}

/// The fix steps of every rule that has findings, once each.
fn fixes_section(findings: &[Finding], width: usize) -> String {
    let mut per_rule: std::collections::BTreeMap<&str, (&ruledoc::RuleDoc, usize)> = Default::default();
    for f in findings {
        per_rule.entry(f.rule.id.as_str()).or_insert((f.rule, 0)).1 += 1;
    }
    let mut out = String::new();
    for (doc, n) in per_rule.values() {
        let breaks = ruledoc::breaks_text(doc);
        let head = format!(
            "How to fix {} ({}), {n} finding{}{}",
            doc.name,
            doc.id,
            if *n == 1 { "" } else { "s" },
            if breaks.is_empty() { String::new() } else { format!(": {breaks}") }
        );
        for l in textwrap::wrap(&head, wrap_options(width, "  ")) {
            let _ = writeln!(out, "{l}");
        }
        for (i, step) in doc.fix.iter().enumerate() {
            let text = format!("  {}. {step}", i + 1);
            for l in textwrap::wrap(&text, wrap_options(width, "     ")) {
                let _ = writeln!(out, "{l}");
            }
        }
        let more = if doc.help_url.is_empty() {
            format!("  more: `xai-lint explain {}`", doc.name)
        } else {
            format!("  more: {} · `xai-lint explain {}`", doc.help_url, doc.name)
        };
        for l in textwrap::wrap(&more, wrap_options(width, "     ")) {
            let _ = writeln!(out, "{l}");
        }
        out.push('\n');
    }
    out
}

pub fn handler(color: bool, width: usize, context_lines: usize) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(context_lines)
        .with_word_separator(textwrap::WordSeparator::Custom(words_keeping_code))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
}

pub fn render(r: &Run, style: Style) -> String {
    let findings = r.findings;
    let h = handler(style.color, style.width, if style.show_fixes { 1 } else { 0 });
    let mut out = String::new();
    for f in findings {
        let _ = h.render_report(&mut out, &report(f, style.show_fixes));
        out.push('\n');
    }
    if !style.show_fixes && !findings.is_empty() {
        out.push_str(&fixes_section(findings, style.width));
    }
    let _ = writeln!(out, "{}", summary_line(r));
    out
}

pub fn summary_line(r: &Run) -> String {
    let findings = r.findings;
    let mut s = format!(
        "{} finding{} in {} file{} scanned",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        r.files_scanned,
        if r.files_scanned == 1 { "" } else { "s" }
    );
    if !findings.is_empty() {
        let errors = findings.iter().filter(|f| f.severity == ruledoc::Severity::Error).count();
        let warnings = findings.len() - errors;
        let mut counts: Vec<(&str, &str, usize)> = Vec::new();
        for f in findings {
            match counts.iter_mut().find(|c| c.0 == f.rule.id) {
                Some(c) => c.2 += 1,
                None => counts.push((&f.rule.id, &f.rule.name, 1)),
            }
        }
        counts.sort();
        let per_rule: Vec<String> = counts.iter().map(|(_, name, n)| format!("{name} {n}")).collect();
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let _ = write!(s, " ({}, {}): {}", plural(errors, "error"), plural(warnings, "warning"), per_rule.join(", "));
    }
    for (n, what) in [(r.suppressed, "suppressed inline"), (r.baselined, "in the baseline")] {
        if n > 0 {
            let _ = write!(s, "; {n} {what}");
        }
    }
    if r.files_skipped() > 0 {
        let parts: Vec<String> = r.skipped.iter().map(|(k, v)| format!("{v} {}", k.replace('_', " "))).collect();
        let _ = write!(s, "; {} skipped ({}; --verbose names them)", r.files_skipped(), parts.join(", "));
    }
    s
}

/// The width of the human format: `COLUMNS`, else the terminal's, else 100; never narrower
/// than 60 (a diagnostic needs room).
pub fn width() -> usize {
    let w = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .unwrap_or(100);
    w.max(60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_commands_are_never_broken() {
        let text = "  more: https://docs.x.ai/developers/debugging · `xai-lint explain client-exposed-key` and `curl https://api.x.ai/v1/api-key -H \"Authorization: Bearer $XAI_API_KEY\"` too";
        for width in [30, 45, 60, 80] {
            let lines = textwrap::wrap(text, wrap_options(width, "     "));
            let joined = lines.join("\n");
            assert!(joined.contains("`xai-lint explain client-exposed-key`"), "{joined}");
            assert!(
                joined.contains("`curl https://api.x.ai/v1/api-key -H \"Authorization: Bearer $XAI_API_KEY\"`"),
                "{joined}"
            );
            assert!(joined.contains("https://docs.x.ai/developers/debugging"), "{joined}");
        }
    }
}
