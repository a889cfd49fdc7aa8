//! `xai-lint.toml` (or `[tool.xai-lint]` in `pyproject.toml`): rules on/off and their
//! severity, paths to exclude, extra key variable names and public prefixes, known fake values.
//! Parsed strictly; an invalid file is a diagnostic that points into it.

use crate::ruledoc::{self, Severity};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Gitignore-style globs, relative to the config file's folder, never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extra environment variable names that hold an xAI key.
    #[serde(default)]
    pub key_vars: Vec<String>,
    /// Extra bundler-public prefixes (besides NEXT_PUBLIC_, VITE_, …).
    #[serde(default)]
    pub public_prefixes: Vec<String>,
    /// Values known to be fake: never reported.
    #[serde(default)]
    pub known_fakes: Vec<String>,
    /// Rule name (or id) → off / warning / error.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Lowest severity that makes the exit status 1 (`warning`, `error`, `none`).
    pub fail_on: Option<String>,
    /// Permissions granted to each key variable, in xAI's ACL form (`api-key:endpoint:chat`).
    #[serde(default)]
    pub permissions: BTreeMap<String, Vec<String>>,
}

/// The folder the config's relative paths start from, and the config.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub root: Option<PathBuf>,
    pub file: Option<PathBuf>,
}

#[derive(Debug, Diagnostic)]
#[diagnostic(code(xai_lint::config), help("see the Configuration section of the README for the fields"))]
pub struct ConfigError {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{message}")]
    pub span: Option<SourceSpan>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration in {}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn error(path: &Path, text: &str, message: String, span: Option<std::ops::Range<usize>>) -> ConfigError {
    // parse errors quote the offending value, which may be a key pasted in the wrong place
    let message = crate::redact::redact_secrets(&message);
    ConfigError {
        path: crate::redact::redact_secrets(&path.display().to_string()),
        message,
        // the excerpt shown may hold a key (a config is a file like any other): masked in place
        src: NamedSource::new(path.display().to_string(), crate::redact::mask_same_length(text)),
        span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start + 1).min(text.len().max(1)))),
    }
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tools>,
}
#[derive(Deserialize)]
struct Tools {
    #[serde(rename = "xai-lint")]
    xai_lint: Option<toml::Value>,
}

/// Reads one config file (`xai-lint.toml`, `.xai-lint.toml` or `pyproject.toml`).
pub fn load_file(path: &Path) -> Result<Option<Config>, Box<ConfigError>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Box::new(error(path, "", format!("cannot read it: {e}"), None)))?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config: Config = if is_pyproject {
        let py: Pyproject =
            toml::from_str(&text).map_err(|e| Box::new(error(path, &text, e.message().to_string(), e.span())))?;
        let Some(section) = py.tool.and_then(|t| t.xai_lint) else {
            return Ok(None);
        };
        // re-parse the section from the text so that errors carry spans into the file
        match section.try_into::<Config>() {
            Ok(c) => c,
            Err(e) => {
                let start = text.find("[tool.xai-lint]").map(|s| s..s + "[tool.xai-lint]".len());
                return Err(Box::new(error(path, &text, e.message().to_string(), start)));
            }
        }
    } else {
        toml::from_str(&text).map_err(|e| Box::new(error(path, &text, e.message().to_string(), e.span())))?
    };
    validate(path, &text, &config)?;
    Ok(Some(config))
}

fn validate(path: &Path, text: &str, c: &Config) -> Result<(), Box<ConfigError>> {
    let locate = |needle: &str| text.find(needle).map(|s| s..s + needle.len());
    for (var, acls) in &c.permissions {
        if let Some(bad) = acls.iter().find(|a| !(a.starts_with("api-key:") || a.as_str() == "*")) {
            return Err(Box::new(error(
                path,
                text,
                format!("permissions of `{var}`: `{bad}` is not an ACL (they look like api-key:endpoint:chat, api-key:model:grok-4)"),
                locate(bad),
            )));
        }
    }
    for name in c.rules.keys() {
        if ruledoc::find(name).is_none() {
            let names: Vec<&str> = ruledoc::all().iter().map(|d| d.name.as_str()).collect();
            return Err(Box::new(error(
                path,
                text,
                format!("unknown rule `{name}` (rules: {})", names.join(", ")),
                locate(name),
            )));
        }
    }
    if let Some(f) = &c.fail_on {
        if !matches!(f.as_str(), "warning" | "error" | "none") {
            return Err(Box::new(error(
                path,
                text,
                format!("fail-on must be warning, error or none, not `{f}`"),
                locate(f),
            )));
        }
    }
    for g in &c.exclude {
        if let Err(e) = globset::Glob::new(g) {
            return Err(Box::new(error(path, text, format!("bad glob: {e}"), locate(g))));
        }
    }
    Ok(())
}

/// Finds the config for a scan: `--config FILE`, else the first `xai-lint.toml`,
/// `.xai-lint.toml` or `pyproject.toml` with `[tool.xai-lint]` walking up from `start`.
pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Loaded, Box<ConfigError>> {
    if let Some(p) = explicit {
        let config = load_file(p)?.unwrap_or_default();
        let root = p.parent().map(|d| if d.as_os_str().is_empty() { PathBuf::from(".") } else { d.to_path_buf() });
        return Ok(Loaded { config, root, file: Some(p.to_path_buf()) });
    }
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
    while let Some(d) = dir {
        for name in ["xai-lint.toml", ".xai-lint.toml", "pyproject.toml"] {
            let p = d.join(name);
            if p.is_file() {
                if let Some(config) = load_file(&p)? {
                    return Ok(Loaded { config, root: Some(d.to_path_buf()), file: Some(p) });
                }
            }
        }
        dir = d.parent();
    }
    Ok(Loaded::default())
}

impl Config {
    /// The level a rule runs at: off, or a severity (its own by default).
    pub fn level(&self, rule: &ruledoc::RuleDoc) -> Option<Severity> {
        let set = self
            .rules
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&rule.name) || k.eq_ignore_ascii_case(&rule.id))
            .map(|(_, v)| *v);
        match set {
            Some(Level::Off) => None,
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
            None => Some(rule.severity),
        }
    }
}
