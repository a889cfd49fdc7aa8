//! `xai-lint check`: resolve the settings, scan each group of paths under its configuration, run
//! the project pass, then fix, verify or report.

use crate::{print, CheckArgs, Color, FailOn, Format};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use xai_lint::baseline::Baseline;
use xai_lint::discover::{self, ScanResult};
use xai_lint::redact::redact_in_text;
use xai_lint::ruledoc::Severity;
use xai_lint::{project, report};

pub fn check(args: CheckArgs) -> u8 {
    match run_check(args) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn run_check(args: CheckArgs) -> Result<u8, super::Error> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let flags = super::WalkFlags {
        no_ignore: args.no_ignore,
        follow: args.follow,
        max_file_size: args.max_file_size,
        threads: args.threads,
        // the baseline files are xai-lint's own output, not the project's
        own_files: [&args.baseline, &args.write_baseline].into_iter().flatten().cloned().collect(),
    };
    let selection = super::Selection::new(&args.select, &args.ignore)?;
    let stdin = paths.len() == 1 && paths[0].as_os_str() == "-";
    if stdin && args.stdin_filename.is_none() {
        return Err(super::Error::Message("reading from standard input (`-`) needs --stdin-filename PATH".into()));
    }
    // standard input is judged as the file it stands for, under that file's configuration
    let paths = match (&args.stdin_filename, stdin) {
        (Some(name), true) => vec![name.clone()],
        _ => paths,
    };
    let groups = super::groups(&paths, args.config.as_deref(), args.isolated, &flags)?;
    let baseline = args.baseline.as_ref().map(|p| Baseline::read(p)).transpose()?;
    // each group of paths is scanned and judged under its own configuration
    let mut key_names: std::collections::BTreeMap<String, usize> = Default::default();
    let mut result = ScanResult::default();
    let mut outcome = project::Outcome::default();
    for g in &groups {
        let mut part = if stdin {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                .map_err(|e| super::Error::Message(format!("cannot read standard input: {e}")))?;
            discover::scan_stdin(&g.paths[0], &bytes, &g.opts)
        } else if args.staged {
            discover::scan_staged(&g.paths[0], &g.opts)?.0
        } else if let Some(range) = &args.history {
            xai_lint::history::scan_history(&g.paths[0], Some(range.as_str()), &g.opts)?
        } else {
            discover::scan(&g.paths, &g.opts)
        };
        for o in &part.outputs {
            for e in o.env.iter().filter(|e| e.read && xai_lint::names::is_xai_key_name(&e.name)) {
                *key_names.entry(e.name.clone()).or_insert(0usize) += 1;
            }
        }
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
        if stdin || args.staged || args.history.is_some() {
            break; // one file, or one repository
        }
    }
    outcome.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome.usage.sort();
    result.skipped.sort();
    outcome.findings.retain(|f| selection.keeps(f.rule.rule()));
    if (args.fix || args.diff) && !stdin && !args.staged && args.history.is_none() {
        let key_name = key_names
            .iter()
            .filter(|(k, _)| !k.to_ascii_uppercase().contains("MANAGEMENT"))
            .max_by_key(|(_, n)| **n)
            .map_or("XAI_API_KEY".to_string(), |(k, _)| k.clone());
        let root = groups
            .first()
            .and_then(|g| xai_lint::git::toplevel(&g.paths[0]).ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let plan = xai_lint::fix::plan(&outcome.findings, &root, &key_name, args.unsafe_fixes);
        for r in &plan.refused {
            eprintln!("not fixed: {r}");
        }
        if args.diff {
            print(&plan.diff());
            return Ok(if plan.fixed > 0 { super::EXIT_FINDINGS } else { 0 });
        }
        if plan.fixed > 0 {
            plan.apply()?;
            eprintln!(
                "fixed {} finding(s){}",
                plan.fixed,
                if args.unsafe_fixes {
                    "; a key that was ever pushed must still be regenerated in the xAI console"
                } else {
                    ""
                }
            );
            // report what is left
            let mut again = args;
            again.fix = false;
            again.unsafe_fixes = false;
            return run_check(again);
        }
    }
    if args.verify {
        let base = args.api_base.as_deref().unwrap_or("https://api.x.ai");
        super::mark_liveness(&mut outcome.findings, base, std::time::Duration::from_secs(15));
    }
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
    let format = args.format.unwrap_or(Format::Human);
    let out = match format {
        _ if args.statistics => report::statistics(&run, format == Format::Json),
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
            let style = report::human::Style {
                color,
                width: report::human::width(),
                show_fixes: args.show_fixes || args.verbose,
            };
            report::human::render(&run, style)
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
        return Err(super::Error::Message(last.clone()));
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
        FailOn::Live => f.liveness.as_deref() == Some("live"),
        FailOn::None => false,
    });
    // a file the linter failed on was not checked: like ruff, an internal error fails the run
    // (status 2) even when the rest is clean, so a gate never passes over an unchecked file
    let internal = result.skipped.iter().filter(|(_, s)| matches!(s, xai_lint::output::Skip::Internal(_))).count();
    if internal > 0 {
        eprintln!(
            "error: xai-lint failed on {internal} file{} (an internal error, please report it); the rest was checked{}",
            if internal == 1 { "" } else { "s" },
            if args.verbose { "" } else { " (--verbose names them)" }
        );
        return Ok(2);
    }
    Ok(if failing { super::EXIT_FINDINGS } else { 0 })
}
