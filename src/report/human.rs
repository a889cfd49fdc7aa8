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
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line - 1,
            inner.column() + self.first_column,
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

fn report(f: &Finding) -> Report {
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
    let mut diag = MietteDiagnostic::new(message)
        .with_code(format!("{}({})", f.rule.name, f.rule.id))
        .with_severity(severity)
        .with_help(help_text(f.rule));
    if !f.rule.help_url.is_empty() {
        diag = diag.with_url(f.rule.help_url.clone());
    }
    let excerpt = f.snippet.as_ref().map(|s| {
        diag = diag
            .clone()
            .with_label(LabeledSpan::new_primary_with_span(Some(f.redacted.clone()), s.span.start..s.span.end));
        Excerpt { name: f.file.clone(), text: s.text.clone(), first_line: s.first_line, first_column: s.first_column }
    });
    let related = f
        .related
        .iter()
        .map(|r| {
            MietteDiagnostic::new(format!("{}:{}:{}: {}", r.file, r.line, r.column, r.message))
                .with_severity(miette::Severity::Advice)
        })
        .collect();
    Report { diag, excerpt, related }
}

pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false).with_context_lines(1)
}

pub fn render(r: &Run, color: bool, width: usize) -> String {
    let findings = r.findings;
    let h = handler(color, width);
    let mut out = String::new();
    for f in findings {
        let _ = h.render_report(&mut out, &report(f));
        out.push('\n');
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
