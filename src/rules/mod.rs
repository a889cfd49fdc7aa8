//! The rule registry. Each rule is one module with one function over a file's facts, and one
//! file in `rules/` with its documentation.

pub mod at_reads;
pub mod client_exposed_key;
pub mod env_mismatch;
pub mod flow;
pub mod hardcoded_key;
pub mod malformed_key;
pub mod missing_permission;
pub mod placeholder_key;
pub mod unused_suppression;
pub mod wrong_key_type;
pub mod wrong_key_var;

use crate::classify::Class;
use crate::facts::{Facts, Literal, Role};
use crate::finding::RawFinding;
use crate::ruledoc::RuleId;

/// Everything a per-file rule may look at.
pub struct FileCtx<'a> {
    /// The path as reported.
    pub display: &'a str,
    pub text: &'a str,
    pub class: Class,
    pub facts: &'a Facts,
    /// The file names the xAI API host somewhere.
    pub mentions_xai_host: bool,
    pub settings: &'a crate::output::Settings,
}

impl FileCtx<'_> {
    /// A variable that holds an xAI key, by its name or because the configuration says so.
    pub fn is_key_var(&self, name: &str) -> bool {
        crate::names::is_xai_key_name(name) || self.settings.key_vars.iter().any(|k| k == name)
    }
}

/// A project-wide check.
pub type ProjectCheck = fn(&[crate::output::FileOutput], &crate::config::Config) -> Vec<crate::finding::Finding>;

/// What a rule runs on.
pub enum Check {
    /// One file's facts.
    File(fn(&FileCtx, &mut Vec<RawFinding>)),
    /// One file's facts, and also every file's output at once (a value defined in one file
    /// and used in another).
    FileAndProject(fn(&FileCtx, &mut Vec<RawFinding>), ProjectCheck),
    /// Every file's output at once, with the configuration.
    Project(fn(&[crate::output::FileOutput], &crate::config::Config) -> Vec<crate::finding::Finding>),
    /// Judged by the project pass from the suppressions themselves (`unused-suppression`).
    Suppressions,
}

/// A rule: its typed id (whose file in `rules/` holds the documentation) and its check.
pub struct Rule {
    pub id: RuleId,
    pub check: Check,
}

/// Every rule. A test checks that each `RuleId` appears once, with a check of its scope.
pub static RULES: &[Rule] = &[
    Rule { id: RuleId::HardcodedKey, check: Check::File(hardcoded_key::check) },
    Rule { id: RuleId::PlaceholderKey, check: Check::File(placeholder_key::check) },
    Rule { id: RuleId::MalformedKey, check: Check::FileAndProject(malformed_key::check, at_reads::vendor) },
    Rule {
        id: RuleId::ClientExposedKey,
        check: Check::FileAndProject(client_exposed_key::check, client_exposed_key::bundled_env),
    },
    Rule { id: RuleId::WrongKeyVar, check: Check::File(wrong_key_var::check) },
    Rule { id: RuleId::WrongKeyType, check: Check::FileAndProject(wrong_key_type::check, at_reads::management) },
    Rule { id: RuleId::EnvMismatch, check: Check::Project(env_mismatch::check) },
    Rule { id: RuleId::MissingPermission, check: Check::Project(missing_permission::check) },
    Rule { id: RuleId::UnusedSuppression, check: Check::Suppressions },
];

#[cfg(test)]
mod registry_tests {
    use super::*;
    use crate::ruledoc::Scope;

    #[test]
    fn every_rule_once_with_a_check_of_its_scope() {
        for id in RuleId::ALL {
            let rules: Vec<&Rule> = RULES.iter().filter(|r| r.id == *id).collect();
            assert_eq!(rules.len(), 1, "{id:?}");
            let ok = match rules[0].check {
                Check::File(_) | Check::FileAndProject(..) => id.scope() == Scope::File,
                Check::Project(_) | Check::Suppressions => id.scope() == Scope::Project,
            };
            assert!(ok, "{id:?}: its check does not match the scope in rules/{}.toml", id.name());
            assert_eq!(id.doc().name, id.name());
            assert_eq!(id.doc().id, id.code());
            assert_eq!(id.doc().scope, id.scope());
        }
    }
}

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
        // raw HTTP: a generic key variable sent in the header of the file's requests to api.x.ai
        // (not the header's name or scheme kept in a constant: `AUTHORIZATION = "Authorization"`)
        let header_word = matches!(
            lit.value.trim().to_ascii_lowercase().as_str(),
            "authorization" | "bearer" | "x-api-key" | "api-key" | "token"
        );
        if crate::names::is_generic_key_name(t)
            && !header_word
            && lit.role == Role::Assign
            && ctx.mentions_xai_host
            && !ctx.class.test
            && !lit.in_test
            && flow::sent_as_key(ctx.text, &lit.span).is_some()
            && flow::talks_only_to_xai(ctx.text, ctx.facts)
        {
            return Some(KeyPosition::Named);
        }
        if crate::names::is_text_name(t) {
            return None;
        }
    }
    // the key argument of a key-taking call (`.with_api_key("…")`, `DefaultConfig("…")`,
    // `ApiKeyCredential("…")`) in a file whose requests all go to api.x.ai
    if lit.role == Role::Argument && lit.target.is_none() && !ctx.class.test && !lit.in_test {
        let last = lit.callee.as_deref().map(crate::names::last_segment).unwrap_or("");
        // (a getter takes the key's name, not the key: `get_secret("XAI_API_KEY")`)
        let lower = last.to_ascii_lowercase();
        let getter = ["get", "fetch", "read", "load", "lookup", "retrieve", "has", "find", "require", "env"]
            .iter()
            .any(|p| lower.starts_with(p));
        let takes_key =
            crate::names::is_credential_name(last) && !getter || matches!(last, "DefaultConfig" | "DefaultAzureConfig");
        if takes_key && ctx.mentions_xai_host && flow::talks_only_to_xai(ctx.text, ctx.facts) {
            return Some(KeyPosition::Named);
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

/// A project rule's finding at an environment read or definition: the rule's message after
/// `detail`, the read's snippet, and the other places as related information.
pub fn env_finding(
    rule: RuleId,
    file: &str,
    at: &crate::output::EnvFact,
    detail: &str,
    identity: &[&str],
    related: Vec<crate::finding::Related>,
) -> crate::finding::Finding {
    let mut f = crate::finding::Finding::new(
        rule,
        file,
        (at.line, at.column),
        (at.line, at.end_column),
        format!("{detail}: {}", rule.doc().message),
        at.name.clone(),
        identity,
    );
    f.related = related;
    f.snippet = at.snippet.clone();
    f
}
