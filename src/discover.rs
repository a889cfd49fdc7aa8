//! Finds the files to scan with the `ignore` crate's parallel walker (gitignore-aware, hidden
//! files included, `.git/` never entered) and checks each one on the walker's threads.

use crate::engine::{self, Skip};
use crate::finding::Finding;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub no_ignore: bool,
    pub follow_links: bool,
    pub max_file_size: u64,
    pub threads: usize,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    /// (file, reason) for every file not scanned.
    pub skipped: Vec<(String, Skip)>,
    /// Files read with invalid UTF-8 replaced.
    pub lossy: Vec<String>,
    /// Paths given on the command line that could not be scanned at all.
    pub errors: Vec<String>,
}

/// How a path is shown: as given, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    crate::keys::redact_in_text(&s.replace('\\', "/")).into_owned()
}

/// Reads and checks one file; the result goes into `acc`.
pub fn scan_file(path: &Path, opts: &WalkOptions, acc: &Mutex<ScanResult>) {
    let display = display_path(path);
    let outcome = read_limited(path, opts.max_file_size).and_then(|bytes| {
        let (text, lossy) = engine::decode(&bytes)?;
        Ok((engine::check_text(&display, path, &text), lossy))
    });
    let mut acc = acc.lock().unwrap_or_else(|e| e.into_inner());
    match outcome {
        Ok((findings, lossy)) => {
            acc.files_scanned += 1;
            if lossy {
                acc.lossy.push(display);
            }
            acc.findings.extend(findings);
        }
        Err(skip) => acc.skipped.push((display, skip)),
    }
}

fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, Skip> {
    let meta = std::fs::metadata(path).map_err(|e| Skip::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(Skip::Unreadable("not a regular file".into()));
    }
    if meta.len() > max {
        return Err(Skip::TooLarge);
    }
    std::fs::read(path).map_err(|e| Skip::Unreadable(e.to_string()))
}

pub fn scan(paths: &[PathBuf], opts: &WalkOptions) -> ScanResult {
    let acc = Mutex::new(ScanResult::default());
    for root in paths {
        let meta = match std::fs::symlink_metadata(root) {
            Ok(m) => m,
            Err(e) => {
                acc.lock()
                    .unwrap()
                    .errors
                    .push(format!("{}: {}", display_path(root), e));
                continue;
            }
        };
        if meta.is_file() || (meta.file_type().is_symlink() && root.is_file()) {
            scan_file(root, opts, &acc);
            continue;
        }
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(false)
            .ignore(!opts.no_ignore)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false)
            .follow_links(opts.follow_links)
            .threads(opts.threads)
            .filter_entry(|e| e.file_name() != ".git");
        builder.build_parallel().run(|| {
            let acc = &acc;
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        let ft = e.file_type();
                        if ft.is_some_and(|t| t.is_file()) {
                            scan_file(e.path(), opts, acc);
                        } else if ft.is_some_and(|t| t.is_symlink()) {
                            acc.lock().unwrap().skipped.push((
                                display_path(e.path()),
                                Skip::Unreadable(
                                    "symbolic link, not followed (use --follow)".into(),
                                ),
                            ));
                        } else if ft.is_some_and(|t| !t.is_dir()) {
                            acc.lock().unwrap().skipped.push((
                                display_path(e.path()),
                                Skip::Unreadable("not a regular file".into()),
                            ));
                        }
                    }
                    Err(err) => {
                        let path =
                            error_path(&err).map_or_else(|| "?".to_string(), |p| display_path(&p));
                        acc.lock()
                            .unwrap()
                            .skipped
                            .push((path, Skip::Unreadable(error_text(&err))));
                    }
                }
                WalkState::Continue
            })
        });
    }
    let mut r = acc.into_inner().unwrap_or_else(|e| e.into_inner());
    r.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    r.skipped.sort();
    r.lossy.sort();
    r
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn error_text(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_text(err),
        other => other.to_string(),
    }
}
