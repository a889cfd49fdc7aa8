//! What checking one file gives the rest of the run: its findings, suppressions, environment
//! reads and definitions and API usage (`FileOutput`), or why it was skipped (`Skip`); and
//! the settings from the configuration that the per-file rules read (`Settings`).

use crate::classify::Class;
use crate::finding::{Finding, Snippet};
use crate::suppress::Suppression;

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    Binary,
    TooLarge,
    Unreadable(String),
    /// xai-lint itself failed on this file (a bug): the rest of the scan goes on.
    Internal(String),
}

impl Skip {
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::Binary => "binary",
            Skip::TooLarge => "too_large",
            Skip::Unreadable(_) => "unreadable",
            Skip::Internal(_) => "internal_error",
        }
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
    pub class: Option<Class>,
    pub findings: Vec<Finding>,
    pub suppressions: Vec<Suppression>,
    /// Reads and definitions of key-like environment names, for the project-wide rules.
    pub env: Vec<EnvFact>,
    /// Endpoints and models of the xAI API this file uses.
    pub usage: Vec<UsageFact>,
}

/// A use of an endpoint or model, positioned.
#[derive(Debug, Clone)]
pub struct UsageFact {
    pub kind: crate::usage::Kind,
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub snippet: Snippet,
}

/// A read or a definition of an environment name, positioned.
#[derive(Debug, Clone)]
pub struct EnvFact {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub read: bool,
    /// Read by an SDK that takes the name from the environment on its own.
    pub implicit: bool,
    /// For definitions: only named in prose (docs telling users to set it), not assigned.
    pub mentioned: bool,
    /// For reads: the lines around, redacted, for the report.
    pub snippet: Option<Snippet>,
    /// For definitions: what kind of key the value is, when it is one another use would reject.
    pub value: Option<ValueKind>,
    /// For reads: the value is handed to a client or call aimed at the xAI inference API.
    pub to_inference: bool,
    /// For reads: a GitHub Actions secret used directly in a step (named in the repository's
    /// settings, so only a slip of spelling against the project's name is a mistake).
    pub secret: bool,
    /// For reads: a dotted configuration path (`config('services.xai.key')`), defined by the
    /// configuration files.
    pub config_path: bool,
}

/// A defined value judged by its shape, for the read sites that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A management key (`xai-token-…`): the inference API refuses it (403).
    Management,
    /// Another vendor's key; the text names which (`a Groq key (gsk_…)`).
    Vendor(&'static str),
}

impl FileOutput {
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.suppressions.is_empty() && self.env.is_empty() && self.usage.is_empty()
    }
}
