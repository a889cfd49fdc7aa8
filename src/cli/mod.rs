//! The command line's own layer (part of the binary, above every library layer): settings
//! resolved once from the configuration and the flags, and one error type mapped to the exit
//! status in one place.

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
