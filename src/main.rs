//! The `xai-lint` command line.

#[path = "cli/mod.rs"]
mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use xai_lint::baseline::Baseline;
use xai_lint::config;
use xai_lint::discover::{self, ScanResult};
use xai_lint::redact::redact_in_text;
use xai_lint::ruledoc::{self, Severity};
use xai_lint::{project, report};

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
    /// Print a rule's documentation.
    Explain {
        /// Rule name (`hardcoded-key`) or id (`XAI001`).
        rule: String,
    },
    /// List the endpoints and models of the xAI API the project uses, and where.
    Usage(ScanArgs),
    /// Ask the xAI API about the key (GET /v1/api-key) and compare its permissions with what
    /// the project uses. The only command that uses the network.
    Verify(VerifyArgs),
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
        Command::Check(args) => check(args),
        Command::Rules => {
            let mut out = String::new();
            for d in ruledoc::all() {
                out.push_str(&format!("{:<7} {:<20} {:<8} {}\n", d.id, d.name, d.severity.as_str(), d.summary));
            }
            print(&out);
            0
        }
        Command::Explain { rule } => match ruledoc::find(&rule) {
            Some(d) => {
                print(&ruledoc::explain(d));
                0
            }
            None => {
                let names: Vec<&str> = ruledoc::all().iter().map(|d| d.name.as_str()).collect();
                fail(&format!("no rule named {rule:?}; the rules are: {}", names.join(", ")))
            }
        },
        Command::Usage(a) => usage(a),
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

fn check(args: CheckArgs) -> u8 {
    match run_check(args) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn run_check(args: CheckArgs) -> Result<u8, cli::Error> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let flags = cli::WalkFlags {
        no_ignore: args.no_ignore,
        follow: args.follow,
        max_file_size: args.max_file_size,
        threads: args.threads,
        // the baseline files are xai-lint's own output, not the project's
        own_files: [&args.baseline, &args.write_baseline].into_iter().flatten().cloned().collect(),
    };
    let groups = cli::groups(&paths, args.config.as_deref(), args.isolated, &flags)?;
    let baseline = args.baseline.as_ref().map(|p| Baseline::read(p)).transpose()?;
    // each group of paths is scanned and judged under its own configuration
    let mut result = ScanResult::default();
    let mut outcome = project::Outcome::default();
    for g in &groups {
        let mut part = if args.staged {
            discover::scan_staged(&g.paths[0], &g.opts)?.0
        } else if let Some(range) = &args.history {
            xai_lint::history::scan_history(&g.paths[0], Some(range.as_str()), &g.opts)?
        } else {
            discover::scan(&g.paths, &g.opts)
        };
        let reported = part.reported.take();
        let o = project::finish(
            std::mem::take(&mut part.outputs),
            &g.loaded.config,
            baseline.as_ref(),
            reported.as_deref(),
        );
        outcome.findings.extend(o.findings);
        outcome.usage.extend(o.usage);
        outcome.suppressed += o.suppressed;
        outcome.baselined += o.baselined;
        result.files_scanned += part.files_scanned;
        result.skipped.extend(part.skipped);
        result.lossy.extend(part.lossy);
        result.errors.extend(part.errors);
        if args.staged || args.history.is_some() {
            break; // one repository
        }
    }
    outcome.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome.usage.sort();
    result.skipped.sort();
    if let Some(p) = &args.write_baseline {
        Baseline::from_findings(&outcome.findings).write(p)?;
        eprintln!("wrote {} finding(s) to the baseline {}", outcome.findings.len(), p.display());
        return Ok(0);
    }
    let mut skipped = std::collections::BTreeMap::new();
    for (_, s) in &result.skipped {
        *skipped.entry(s.reason()).or_insert(0) += 1;
    }
    let run = report::Report {
        findings: &outcome.findings,
        usage: &outcome.usage,
        files_scanned: result.files_scanned,
        skipped,
        suppressed: outcome.suppressed,
        baselined: outcome.baselined,
    };
    let out = match args.format.unwrap_or(Format::Human) {
        Format::Json => report::json::render(&run),
        Format::Sarif => report::sarif::render(&outcome.findings),
        Format::Github => report::github::render(&outcome.findings),
        Format::Concise => report::concise::render(&outcome.findings),
        Format::Markdown => report::markdown::render(&outcome.findings, result.files_scanned),
        Format::Human => {
            let color = match args.color.unwrap_or(Color::Auto) {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            report::human::render(&run, color, 100)
        }
    };
    print(&out);
    if args.verbose {
        let mut err = std::io::stderr().lock();
        for (file, skip) in &result.skipped {
            let detail = match skip {
                xai_lint::output::Skip::Unreadable(why) | xai_lint::output::Skip::Internal(why) => {
                    format!(" ({})", redact_in_text(why))
                }
                _ => String::new(),
            };
            let _ = writeln!(err, "skipped {file}: {}{detail}", skip.reason().replace('_', " "));
        }
        for file in &result.lossy {
            let _ = writeln!(err, "note: {file}: invalid UTF-8, read with replacement characters");
        }
        for g in &groups {
            if let Some(f) = &g.loaded.file {
                let _ = writeln!(err, "config: {}", f.display());
            }
        }
    }
    if let Some((last, rest)) = result.errors.split_last() {
        for e in rest {
            eprintln!("error: {}", xai_lint::redact::redact_secrets(e));
        }
        return Err(cli::Error::Message(last.clone()));
    }
    // --fail-on, else the configuration's (of the first path's project), else warning
    let fail_on = args.fail_on.or(match groups.first().and_then(|g| g.loaded.config.fail_on.as_deref()) {
        Some("error") => Some(FailOn::Error),
        Some("none") => Some(FailOn::None),
        Some(_) => Some(FailOn::Warning),
        None => None,
    });
    let failing = outcome.findings.iter().any(|f| match fail_on.unwrap_or(FailOn::Warning) {
        FailOn::Warning => true,
        FailOn::Error => f.severity == Severity::Error,
        FailOn::None => false,
    });
    Ok(if failing { cli::EXIT_FINDINGS } else { 0 })
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
