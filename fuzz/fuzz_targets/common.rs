//! Shared by the reader targets: the span invariants every reader must keep.

#![allow(dead_code)]

use std::ops::Range;
use xai_lint::classify::Format;
use xai_lint::facts::Facts;

fn check_span(text: &str, kind: &str, i: usize, span: &Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{kind}[{i}].span {span:?} out of order or past the end (text.len() = {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{kind}[{i}].span {span:?} not on char boundaries"
    );
}

/// Every span of `facts` lies inside `text`, in order, on char boundaries.
pub fn check_facts(text: &str, facts: &Facts) {
    for (i, l) in facts.literals.iter().enumerate() {
        check_span(text, "literals", i, &l.span);
    }
    for (i, e) in facts.env_reads.iter().enumerate() {
        check_span(text, "env_reads", i, &e.span);
    }
    for (i, e) in facts.env_defs.iter().enumerate() {
        check_span(text, "env_defs", i, &e.span);
    }
    for (i, c) in facts.calls.iter().enumerate() {
        check_span(text, "calls", i, &c.span);
    }
}

/// Lossy-decodes the input, runs the reader for `format`, checks the spans.
pub fn run(format: Format, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let facts = xai_lint::readers::read(format, &text);
    check_facts(&text, &facts);
}
