//! The `xai-lint` command line.

#[path = "cli/mod.rs"]
mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use xai_lint::config;
use xai_lint::discover;
use xai_lint::project;
use xai_lint::ruledoc;

/// The ecosystems table (also in the README; a test keeps the two the same).
const ECOSYSTEMS: &str = include_str!("../rules/ecosystems.md");
#[derive(Parser)]
#[command(
    name = "xai-lint",
    version,
    about = "Finds xAI (Grok) API key mistakes before they are committed: leaked, placeholder and malformed keys.",
    long_about = None,
    // `xai-lint PATH…` and `xai-lint --format json` mean `xai-lint check …` (as typos and ruff accept)
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files and folders (default: the current folder).
    Check(CheckArgs),
    /// List the rules.
    Rules,
    /// Print a rule's documentation, or `explain ecosystems`: the frameworks and languages it reads.
    Explain {
        /// Rule name (`hardcoded-key`), id (`XAI001`) or `ecosystems`.
        rule: String,
    },
    /// List the endpoints and models of the xAI API the project uses, and where.
    Usage(ScanArgs),
    /// Ask the xAI API about the key (GET /v1/api-key) and compare its permissions with what
    /// the project uses. The only command that uses the network.
    Verify(VerifyArgs),
    /// Run the language server on stdin/stdout (LSP), for editors.
    Server,
    /// Install or remove the git pre-commit hook.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
}

#[derive(Subcommand)]
enum HookAction {
    /// Write a pre-commit hook that runs `xai-lint check --staged`. A hook already there is
    /// kept and chained: it runs first, then xai-lint.
    Install,
    /// Remove the hook xai-lint wrote (and restore the one it replaced, if any).
    Uninstall,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// The project (default: the current folder).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// The project whose usage is compared with the key's permissions (default: the current folder).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The environment variable holding the key (default: the name the project reads its xAI
    /// key from, else XAI_API_KEY).
    #[arg(long, value_name = "NAME", conflicts_with = "key_stdin")]
    key_env: Option<String>,
    /// Read the key from standard input instead.
    #[arg(long)]
    key_stdin: bool,
    /// The API's base URL.
    #[arg(long, default_value = "https://api.x.ai", value_name = "URL")]
    api_base: String,
    /// Seconds to wait for the API before giving up.
    #[arg(long, default_value = "15")]
    timeout: u64,
    /// Output format (human or json).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    /// One line a finding: `path:line:col: severity ID [rule] message`.
    Concise,
    Json,
    Sarif,
    Github,
    /// A Markdown table of every finding (for `$GITHUB_STEP_SUMMARY`).
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Warning,
    Error,
    /// Only a leaked key the API accepts (with --verify).
    Live,
    None,
}

#[derive(clap::Args, Default)]
struct CheckArgs {
    /// Files or folders to scan (default: the current folder).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Option<Format>,
    /// Scan the staged content of the files about to be committed (read from the git index).
    #[arg(long, conflicts_with = "paths")]
    staged: bool,
    /// Scan every blob ever committed (all refs), or those of a revision range
    /// (`--history=origin/main..HEAD`), for keys: a key that was committed once is leaked.
    #[arg(long, value_name = "RANGE", num_args = 0..=1, default_missing_value = "", require_equals = false, conflicts_with = "staged")]
    history: Option<String>,
    /// Configuration file (default: xai-lint.toml, .xai-lint.toml or [tool.xai-lint] in
    /// pyproject.toml, found walking up from the scanned path).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Number of threads (default: the number of CPUs). Output never depends on it.
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// Scan files that .gitignore/.ignore exclude too.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    follow: bool,
    /// Skip files larger than this (bytes; K, M, G suffixes accepted).
    #[arg(long, default_value = "20M", value_parser = parse_size)]
    max_file_size: Option<u64>,
    /// Name every skipped file and why.
    #[arg(short, long)]
    verbose: bool,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value = "auto")]
    color: Option<Color>,
    /// Print each finding with its rule's fix steps (by default the steps of each rule are
    /// printed once, after the findings; -v does this too).
    #[arg(long)]
    show_fixes: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Report only these rules (names or ids, comma-separated).
    #[arg(long, value_name = "RULE,…", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not report these rules (names or ids, comma-separated).
    #[arg(long, value_name = "RULE,…", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Apply the safe fixes (env-mismatch with one defined name: rename the read), then report
    /// what is left.
    #[arg(long)]
    fix: bool,
    /// Also apply the unsafe fixes (a hardcoded key in Python or JavaScript: read it from the
    /// environment, move the value into .env, list .env in .gitignore and the name in
    /// .env.example).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a diff (keys redacted) instead of applying them.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Ask the xAI API whether each leaked key is live (GET /v1/api-key, a few requests at a
    /// time, each key once): findings are marked live, inactive or unknown, live ones first.
    #[arg(long)]
    verify: bool,
    /// The API's base URL for --verify.
    #[arg(long, default_value = "https://api.x.ai", value_name = "URL", requires = "verify")]
    api_base: Option<String>,
    /// With the path `-`: the text comes from standard input and is judged as this file, with
    /// the project around it as context (for editors).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().map(|n| n * mult).map_err(|_| format!("not a size: {s:?} (try 10M)"))
}

fn main() -> ExitCode {
    // a panic message must not carry a key either
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        let msg: String = xai_lint::redact::redact_secrets(&msg).chars().take(500).collect();
        eprintln!("xai-lint: internal error (please report it): {msg}");
    }));
    let cli = Cli::parse();
    let code = match cli.command.unwrap_or(Command::Check(cli.check)) {
        Command::Check(args) => cli::check::check(args),
        Command::Rules => {
            let mut out = String::new();
            for d in ruledoc::all() {
                out.push_str(&format!("{:<7} {:<20} {:<8} {}\n", d.id, d.name, d.severity.as_str(), d.summary));
            }
            print(&out);
            0
        }
        Command::Explain { rule } if rule == "ecosystems" => {
            print(ECOSYSTEMS);
            0
        }
        Command::Explain { rule } => match ruledoc::find(&rule) {
            Some(d) => {
                print(&ruledoc::explain(d));
                0
            }
            None => {
                let names: Vec<&str> = ruledoc::all().iter().map(|d| d.name.as_str()).collect();
                fail(&format!("no rule named {rule:?}; the rules are: {} (or `ecosystems`)", names.join(", ")))
            }
        },
        Command::Usage(a) => usage(a),
        Command::Server => xai_lint::server::run(),
        Command::Verify(a) => verify(a),
        Command::Hook { action } => {
            let here = PathBuf::from(".");
            let r = match action {
                HookAction::Install => xai_lint::hook::install(&here),
                HookAction::Uninstall => xai_lint::hook::uninstall(&here),
            };
            match r {
                Ok(msg) => {
                    println!("{msg}");
                    0
                }
                Err(e) => fail(&e),
            }
        }
    };
    ExitCode::from(code)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}

fn fail(msg: &str) -> u8 {
    cli::Error::Message(msg.to_string()).report()
}

/// Scans a project with its configuration and default flags, for its usage and env reads.
fn scan_project(path: &std::path::Path) -> Result<project::Outcome, cli::Error> {
    let loaded = config::discover(None, path)?;
    let opts = cli::walk_options(&loaded, &cli::WalkFlags::default())?;
    let mut result = discover::scan(&[path.to_path_buf()], &opts);
    if let Some(e) = result.errors.first() {
        return Err(cli::Error::Message(e.clone()));
    }
    let outputs = std::mem::take(&mut result.outputs);
    // the key name the project reads most, for verify
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for o in &outputs {
        for e in o.env.iter().filter(|e| e.read && xai_lint::names::is_xai_key_name(&e.name)) {
            if !e.name.to_ascii_uppercase().contains("MANAGEMENT") {
                *counts.entry(e.name.clone()).or_insert(0) += 1;
            }
        }
    }
    let mut outcome = project::finish(outputs, &loaded.config, None, None);
    outcome.key_names = counts.into_iter().collect();
    Ok(outcome)
}

fn usage(a: ScanArgs) -> u8 {
    let outcome = match scan_project(&a.path) {
        Ok(o) => o,
        Err(e) => return e.report(),
    };
    match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "usage": outcome.usage }))
                .expect("serializable");
            s.push('\n');
            print(&s);
        }
        _ => {
            let mut out = String::new();
            if outcome.usage.is_empty() {
                out.push_str("no use of the xAI API found\n");
            }
            let mut last: Option<(String, String)> = None;
            for u in &outcome.usage {
                let kind = format!("{:?}", u.kind).to_lowercase();
                if last.as_ref() != Some(&(kind.clone(), u.name.clone())) {
                    out.push_str(&format!("{kind} {}\n", u.name));
                    last = Some((kind, u.name.clone()));
                }
                out.push_str(&format!("    {}:{}:{}\n", u.file, u.line, u.column));
            }
            print(&out);
        }
    }
    0
}

fn verify(a: VerifyArgs) -> u8 {
    let outcome = match scan_project(&a.path) {
        Ok(o) => o,
        Err(e) => return e.report(),
    };
    let (key, source) = if a.key_stdin {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() || line.trim().is_empty() {
            return fail("no key on standard input");
        }
        (line.trim().to_string(), "stdin".to_string())
    } else {
        let name = a.key_env.clone().unwrap_or_else(|| {
            outcome
                .key_names
                .iter()
                .max_by_key(|(_, n)| *n)
                .map(|(k, _)| k.clone())
                .unwrap_or_else(|| "XAI_API_KEY".into())
        });
        match std::env::var(&name) {
            Ok(k) if !k.trim().is_empty() => (k.trim().to_string(), name),
            _ => {
                return fail(&format!("{name} is not set: export the key in it, or use --key-env NAME or --key-stdin"))
            }
        }
    };
    let verdict = xai_lint::verify::verify(
        &key,
        &source,
        &a.api_base,
        std::time::Duration::from_secs(a.timeout.max(1)),
        &outcome.usage,
    );
    match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&verdict).expect("serializable");
            s.push('\n');
            print(&s);
        }
        _ => print(&xai_lint::verify::render_human(&verdict)),
    }
    verdict.exit
}
