//! The rule registry. Each rule is one module with one function over a file's facts, and one
//! file in `rules/` with its documentation.

pub mod client_exposed_key;
pub mod env_mismatch;
pub mod hardcoded_key;
pub mod malformed_key;
pub mod missing_permission;
pub mod placeholder_key;
pub mod wrong_key_type;
pub mod wrong_key_var;

use crate::classify::Class;
use crate::facts::{Facts, Literal, Role};
use crate::finding::RawFinding;

/// Everything a per-file rule may look at.
pub struct FileCtx<'a> {
    /// The path as reported.
    pub display: &'a str,
    pub text: &'a str,
    pub class: Class,
    pub facts: &'a Facts,
    /// The file names the xAI API host somewhere.
    pub mentions_xai_host: bool,
    pub settings: &'a crate::engine::Settings,
}

impl FileCtx<'_> {
    /// A variable that holds an xAI key, by its name or because the configuration says so.
    pub fn is_key_var(&self, name: &str) -> bool {
        crate::names::is_xai_key_name(name) || self.settings.key_vars.iter().any(|k| k == name)
    }
}

pub struct Rule {
    pub name: &'static str,
    pub check: fn(&FileCtx, &mut Vec<RawFinding>),
}

pub static RULES: &[Rule] = &[
    Rule { name: "hardcoded-key", check: hardcoded_key::check },
    Rule { name: "placeholder-key", check: placeholder_key::check },
    Rule { name: "malformed-key", check: malformed_key::check },
    Rule { name: "client-exposed-key", check: client_exposed_key::check },
    Rule { name: "wrong-key-var", check: wrong_key_var::check },
    Rule { name: "wrong-key-type", check: wrong_key_type::check },
];

/// Rules evaluated by the project-wide pass rather than per file.
pub static PROJECT_RULES: &[&str] = &["unused-suppression", "env-mismatch", "missing-permission"];

/// A value that refers to something else (`${{ secrets.X }}`, `$VAR`, `{{ .Values.key }}`,
/// `%(key)s`, `os.environ[...]`), not a literal value.
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('$')
        || v.contains("${")
        || v.contains("{{")
        || v.contains("%(")
        || v.contains("<%")
        || v.starts_with("env:")
        || v.starts_with("secret:")
        || v.starts_with("vault:")
        || v.starts_with("op://")
}

/// How strongly a value is placed where an xAI key belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPosition {
    /// Assigned to an xAI key variable, or passed as the key of a client aimed at api.x.ai.
    Named,
    /// Only the `xai-` prefix of the value says it is meant as an xAI key.
    Prefix,
}

pub fn key_position(ctx: &FileCtx, lit: &Literal) -> Option<KeyPosition> {
    if !matches!(lit.role, Role::Assign | Role::Argument) || is_reference(&lit.value) {
        return None;
    }
    if let Some(t) = &lit.target {
        if ctx.is_key_var(t) {
            return Some(KeyPosition::Named);
        }
        if crate::names::is_generic_key_name(t)
            && (ctx.facts.in_xai_call(lit) || ctx.mentions_xai_host && lit.value.starts_with("xai-"))
        {
            return Some(KeyPosition::Named);
        }
        if crate::names::is_text_name(t) {
            return None;
        }
    }
    lit.value.trim_start().starts_with(crate::keys::INFERENCE_PREFIX).then_some(KeyPosition::Prefix)
}

/// A value that is not meant to be read by the app: regex-like patterns.
pub fn is_pattern(value: &str) -> bool {
    value.contains('[') && value.contains(']')
        || value.contains("\\w")
        || value.contains("\\d")
        || value.contains(".*")
        || value.contains(".+")
        || value.contains("{80}")
        || value.contains('^') && value.contains('$')
}
