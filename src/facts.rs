//! What a format reader extracts from a file: string values with where they sit and what they
//! are assigned to. Rules look at facts, never at raw syntax.

use std::ops::Range;

/// How a value is used where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Assigned to a variable, a field, an object or config key, or passed as a keyword argument.
    Assign,
    /// A positional argument of a call.
    Argument,
    /// Compared against, or used as a pattern (`==`, `startswith`, `includes`): guard code.
    Compare,
    /// Text meant for a person: UI placeholder or label, printed usage, help.
    Text,
    /// Anything else (a bare expression, a list element, a return value).
    Other,
}

/// A string value in a file (a quoted literal in code, a value in config).
#[derive(Debug, Clone)]
pub struct Literal {
    /// Byte span of the value in the file, without its quotes.
    pub span: Range<usize>,
    /// The value with escapes decoded.
    pub value: String,
    /// The name it is assigned to: variable, field, keyword argument, object/dotenv/YAML key.
    pub target: Option<String>,
    pub role: Role,
    /// The function or method it is an argument of, if any (its last name segment).
    pub callee: Option<String>,
    /// Identifies the innermost call it is an argument of, within the file.
    pub call: Option<u32>,
    /// The target is a key of an object or dict literal in code (`{"name": value}`): such
    /// literals are often mappings of names, not settings.
    pub keyed: bool,
    /// Inside test code of a non-test file (a `#[cfg(test)]` module, a `#[test]` function).
    pub in_test: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub literals: Vec<Literal>,
    /// Calls (by id) that have an argument naming the xAI API host.
    pub xai_calls: Vec<u32>,
}

impl Facts {
    pub fn push(&mut self, lit: Literal) {
        self.literals.push(lit);
    }

    /// Whether a literal is an argument of a call aimed at api.x.ai.
    pub fn in_xai_call(&self, lit: &Literal) -> bool {
        lit.call.is_some_and(|c| self.xai_calls.contains(&c))
    }

    /// Shift every span by `offset` (facts of an embedded block, such as a Markdown fence).
    pub fn shifted(mut self, offset: usize, call_base: u32) -> Self {
        for l in &mut self.literals {
            l.span = l.span.start + offset..l.span.end + offset;
            l.call = l.call.map(|c| c + call_base);
        }
        for c in &mut self.xai_calls {
            *c += call_base;
        }
        self
    }

    pub fn extend(&mut self, other: Facts) {
        self.literals.extend(other.literals);
        self.xai_calls.extend(other.xai_calls);
    }

    pub fn max_call(&self) -> u32 {
        self.literals.iter().filter_map(|l| l.call).max().map_or(0, |c| c + 1)
    }
}

/// Whether a string names the xAI inference or management API host.
pub fn names_xai_host(s: &str) -> bool {
    s.contains("api.x.ai") || s.contains("management-api.x.ai")
}
