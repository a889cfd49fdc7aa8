//! The command line's own layer (part of the binary, above every library layer): settings
//! resolved once from the configuration and the flags, and one error type mapped to the exit
//! status in one place.

pub mod check;

use std::path::{Path, PathBuf};
use xai_lint::config::{self, Loaded};
use xai_lint::discover::{Excludes, WalkOptions};
use xai_lint::output::Settings;

/// Exit statuses: 0 no findings, 1 findings, 2 usage, configuration or I/O error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Everything that ends a command with status 2.
#[derive(Debug)]
pub enum Error {
    /// A configuration file that cannot be used, shown with its source line.
    Config(Box<config::ConfigError>),
    /// Any other usage or I/O error, as one line.
    Message(String),
}

impl From<String> for Error {
    fn from(s: String) -> Self {
        Error::Message(s)
    }
}

impl From<Box<config::ConfigError>> for Error {
    fn from(e: Box<config::ConfigError>) -> Self {
        Error::Config(e)
    }
}

impl Error {
    /// Prints the error (keys redacted) and gives the exit status.
    pub fn report(self) -> u8 {
        match self {
            Error::Config(e) => eprintln!("{:?}", miette::Report::new(*e)),
            Error::Message(m) => eprintln!("error: {}", xai_lint::redact::redact_secrets(&m)),
        }
        EXIT_ERROR
    }
}

/// The flags that shape a walk, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct WalkFlags {
    pub no_ignore: bool,
    pub follow: bool,
    pub max_file_size: Option<u64>,
    pub threads: Option<usize>,
    /// Files never scanned (xai-lint's own baseline files).
    pub own_files: Vec<PathBuf>,
}

/// One configuration and the paths it governs.
pub struct Group {
    pub loaded: Loaded,
    pub paths: Vec<PathBuf>,
    pub opts: WalkOptions,
}

/// The paths grouped by the configuration nearest to each (or the one `--config` names, or
/// none with `--isolated`), each group with its walk options: a file is judged under its own
/// project's configuration, whichever path came first on the command line.
pub fn groups(
    paths: &[PathBuf],
    explicit: Option<&Path>,
    isolated: bool,
    flags: &WalkFlags,
) -> Result<Vec<Group>, Error> {
    let mut groups: Vec<Group> = Vec::new();
    for p in paths {
        let loaded = if isolated { Loaded::default() } else { config::discover(explicit, p)? };
        match groups.iter_mut().find(|g| g.loaded.file == loaded.file) {
            Some(g) => g.paths.push(p.clone()),
            None => {
                let opts = walk_options(&loaded, flags)?;
                groups.push(Group { loaded, paths: vec![p.clone()], opts });
            }
        }
    }
    Ok(groups)
}

/// Walk options from a configuration and the flags.
pub fn walk_options(loaded: &Loaded, flags: &WalkFlags) -> Result<WalkOptions, Error> {
    let cfg = &loaded.config;
    let cwd = std::env::current_dir().unwrap_or_default();
    let excludes = Excludes::new(loaded.root.as_deref(), &cfg.exclude)?
        .with_files(flags.own_files.iter().map(|p| cwd.join(p)).collect());
    let threads = flags.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    Ok(WalkOptions {
        no_ignore: flags.no_ignore,
        follow_links: flags.follow,
        max_file_size: flags.max_file_size.unwrap_or(20 << 20),
        threads,
        settings: Settings {
            key_vars: cfg.key_vars.clone(),
            known_fakes: cfg.known_fakes.clone(),
            public_prefixes: cfg.public_prefixes.clone(),
        },
        excludes,
    })
}

/// `--select` and `--ignore`: which rules are reported.
pub struct Selection {
    select: Vec<xai_lint::ruledoc::RuleId>,
    ignore: Vec<xai_lint::ruledoc::RuleId>,
}

impl Selection {
    pub fn new(select: &[String], ignore: &[String]) -> Result<Selection, Error> {
        let ids = |names: &[String]| -> Result<Vec<xai_lint::ruledoc::RuleId>, Error> {
            names
                .iter()
                .filter(|n| !n.trim().is_empty())
                .map(|n| {
                    xai_lint::ruledoc::RuleId::find(n.trim()).ok_or_else(|| {
                        let all: Vec<&str> = xai_lint::ruledoc::RuleId::ALL.iter().map(|r| r.name()).collect();
                        Error::Message(format!("no rule named {n:?}; the rules are: {}", all.join(", ")))
                    })
                })
                .collect()
        };
        Ok(Selection { select: ids(select)?, ignore: ids(ignore)? })
    }

    pub fn keeps(&self, rule: xai_lint::ruledoc::RuleId) -> bool {
        (self.select.is_empty() || self.select.contains(&rule)) && !self.ignore.contains(&rule)
    }
}

/// `check --verify`: asks the API about each distinct key that `hardcoded-key` found (read again
/// from its file at the finding's place, used for the request and dropped), marks each finding
/// live, inactive or unknown, and puts live keys first. Never prints a key.
pub fn mark_liveness(findings: &mut [xai_lint::finding::Finding], api_base: &str, timeout: std::time::Duration) {
    use xai_lint::ruledoc::RuleId;
    let mut keys: Vec<String> = Vec::new();
    let mut which: Vec<Option<usize>> = Vec::with_capacity(findings.len());
    for f in findings.iter() {
        let key = (f.rule.rule() == RuleId::HardcodedKey && f.commit.is_none()).then(|| key_at(f)).flatten();
        which.push(key.map(|k| match keys.iter().position(|x| *x == k) {
            Some(i) => i,
            None => {
                keys.push(k);
                keys.len() - 1
            }
        }));
    }
    if keys.is_empty() {
        return;
    }
    let statuses = xai_lint::verify::key_statuses(&keys, api_base, timeout, 4);
    drop(keys);
    for (f, w) in findings.iter_mut().zip(&which) {
        let Some(s) = w.map(|i| &statuses[i]) else { continue };
        f.liveness = Some(s.liveness.as_str().to_string());
        let said = match s.liveness {
            xai_lint::verify::Liveness::Live if s.acls.is_empty() => "LIVE: the API accepts this key".to_string(),
            xai_lint::verify::Liveness::Live => format!("LIVE: the API accepts this key (ACLs: {})", s.acls.join(", ")),
            xai_lint::verify::Liveness::Inactive => "inactive: the API refuses this key".to_string(),
            xai_lint::verify::Liveness::Unknown => format!("liveness unknown: {}", s.detail),
        };
        f.message = format!("{} [{said}]", f.message);
    }
    // live leaks first, then the usual order
    findings.sort_by(|a, b| {
        let live = |f: &xai_lint::finding::Finding| f.liveness.as_deref() != Some("live");
        (live(a), a.sort_key()).cmp(&(live(b), b.sort_key()))
    });
}

/// The key at a finding's place, read again from its file.
fn key_at(f: &xai_lint::finding::Finding) -> Option<String> {
    let bytes = std::fs::read(&f.file).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().nth(f.line.checked_sub(1)?)?;
    let start = line.char_indices().nth(f.column.checked_sub(1)?).map(|(b, _)| b)?;
    xai_lint::keys::find_key_tokens(line)
        .into_iter()
        .find(|t| t.start == start)
        .map(|t| line[t.start..t.end].to_string())
}
