//! The `xai-lint` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use xai_lint::discover::{self, WalkOptions};
use xai_lint::{report, ruledoc};

#[derive(Parser)]
#[command(name = "xai-lint", version, about = "Finds xAI (Grok) API key mistakes before they are committed: leaked, placeholder and malformed keys.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
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
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
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
    max_file_size: u64,
    /// Name every skipped file and why.
    #[arg(short, long)]
    verbose: bool,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

impl Default for CheckArgs {
    fn default() -> Self {
        CheckArgs {
            paths: vec![PathBuf::from(".")],
            format: Format::Human,
            threads: None,
            no_ignore: false,
            follow: false,
            max_file_size: 20 << 20,
            verbose: false,
            color: Color::Auto,
        }
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .map(|n| n * mult)
        .map_err(|_| format!("not a size: {s:?} (try 10M)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command.unwrap_or(Command::Check(CheckArgs::default())) {
        Command::Check(args) => check(args),
        Command::Rules => {
            let mut out = String::new();
            for d in ruledoc::all() {
                out.push_str(&format!(
                    "{:<7} {:<20} {:<8} {}\n",
                    d.id,
                    d.name,
                    d.severity.as_str(),
                    d.summary
                ));
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
                eprintln!(
                    "error: no rule named {rule:?}; the rules are: {}",
                    names.join(", ")
                );
                2
            }
        },
    };
    ExitCode::from(code)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}

fn check(args: CheckArgs) -> u8 {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let opts = WalkOptions {
        no_ignore: args.no_ignore,
        follow_links: args.follow,
        max_file_size: args.max_file_size,
        threads,
    };
    let result = discover::scan(&args.paths, &opts);
    let findings = &result.findings;
    let out = match args.format {
        Format::Json => report::json::render(&result, findings),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            report::human::render(&result, findings, color, 100)
        }
    };
    print(&out);
    if args.verbose {
        let mut err = std::io::stderr().lock();
        for (file, skip) in &result.skipped {
            let detail = match skip {
                xai_lint::engine::Skip::Unreadable(why) => format!(" ({why})"),
                _ => String::new(),
            };
            let _ = writeln!(
                err,
                "skipped {file}: {}{detail}",
                skip.reason().replace('_', " ")
            );
        }
        for file in &result.lossy {
            let _ = writeln!(
                err,
                "note: {file}: invalid UTF-8, read with replacement characters"
            );
        }
    }
    for e in &result.errors {
        eprintln!("error: {}", xai_lint::keys::redact_in_text(e));
    }
    if !result.errors.is_empty() {
        2
    } else if findings.is_empty() {
        0
    } else {
        1
    }
}
