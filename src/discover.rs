//! Finds the files to scan and checks each one: a walk with the `ignore` crate's parallel walker
//! (gitignore-aware, hidden files included, `.git/` never entered), or the staged content of the
//! git index for a pre-commit check.

use crate::engine;
use crate::output::{FileOutput, Settings, Skip};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    pub no_ignore: bool,
    pub follow_links: bool,
    pub max_file_size: u64,
    pub threads: usize,
    pub settings: Settings,
    pub excludes: Excludes,
}

/// Paths the configuration excludes, as gitignore-style globs relative to the config's folder.
#[derive(Debug, Clone, Default)]
pub struct Excludes {
    root: Option<PathBuf>,
    set: Option<GlobSet>,
    cwd: PathBuf,
    /// Single files never scanned (absolute).
    files: Vec<PathBuf>,
}

impl Excludes {
    pub fn new(root: Option<&Path>, globs: &[String]) -> Result<Self, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        if globs.is_empty() {
            return Ok(Excludes { root: None, set: None, cwd, files: Vec::new() });
        }
        let mut b = GlobSetBuilder::new();
        for g in globs {
            let g = g.trim_end_matches('/');
            let pats = if let Some(anchored) = g.strip_prefix('/') {
                vec![anchored.to_string(), format!("{anchored}/**")]
            } else if g.contains('/') {
                vec![g.to_string(), format!("{g}/**")]
            } else {
                vec![format!("**/{g}"), format!("**/{g}/**")]
            };
            for p in pats {
                b.add(GlobBuilder::new(&p).literal_separator(true).build().map_err(|e| e.to_string())?);
            }
        }
        let root = root.map(|r| absolute(&cwd, r));
        Ok(Excludes { root, set: Some(b.build().map_err(|e| e.to_string())?), cwd, files: Vec::new() })
    }

    /// Also exclude these files (absolute or relative to the current folder).
    pub fn with_files(mut self, files: Vec<PathBuf>) -> Self {
        self.files = files.iter().map(|f| absolute(&self.cwd, f)).collect();
        self
    }

    pub fn excluded(&self, path: &Path) -> bool {
        if self.set.is_none() && self.files.is_empty() {
            return false;
        }
        let abs = absolute(&self.cwd, path);
        if self.files.contains(&abs) {
            return true;
        }
        let (Some(set), Some(root)) = (&self.set, &self.root) else { return false };
        match abs.strip_prefix(root) {
            Ok(rel) => set.is_match(rel),
            Err(_) => false,
        }
    }
}

/// `path` made absolute against `cwd` and normalized without touching the file system.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[derive(Debug, Default)]
pub struct ScanResult {
    /// Per-file results that carry anything (findings, suppressions).
    pub outputs: Vec<FileOutput>,
    pub files_scanned: usize,
    /// (file, reason) for every file not scanned.
    pub skipped: Vec<(String, Skip)>,
    /// Files read with invalid UTF-8 replaced.
    pub lossy: Vec<String>,
    /// Paths given on the command line that could not be scanned at all.
    pub errors: Vec<String>,
    /// When set, only findings in these files are reported (the staged files, or the files named
    /// on the command line); the other outputs only inform the project-wide rules.
    pub reported: Option<Vec<String>>,
}

impl ScanResult {
    pub fn add_outcome(&mut self, display: String, outcome: Result<(FileOutput, bool), Skip>) {
        match outcome {
            Ok((out, lossy)) => {
                self.files_scanned += 1;
                if lossy {
                    self.lossy.push(display);
                }
                if !out.is_empty() {
                    self.outputs.push(out);
                }
            }
            Err(skip) => self.skipped.push((display, skip)),
        }
    }

    fn sort(&mut self) {
        self.outputs.sort_by(|a, b| a.file.cmp(&b.file));
        self.skipped.sort();
        self.lossy.sort();
    }
}

/// How a path is shown: as given, without a leading `./`, with any key-shaped run redacted.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    crate::redact::redact_in_text(&s.replace('\\', "/")).into_owned()
}

/// Checks bytes already read.
/// Checks bytes already read. A panic inside the check (a bug) costs this file only: it is
/// counted as an internal error, with a redacted message, and the scan goes on.
pub fn check_bytes(display: &str, path: &Path, bytes: &[u8], settings: &Settings) -> Result<(FileOutput, bool), Skip> {
    if !engine::may_matter(bytes) {
        // still a binary file if it looks like one, for the counts
        return match memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
            Some(_) => Err(Skip::Binary),
            None => Ok((FileOutput::default(), false)),
        };
    }
    let (text, lossy) = engine::decode(bytes)?;
    let run = || {
        // for the never-leak tests: a failure whose message carries the file's text. Only in
        // debug builds (the tests'); a release binary has no such hook.
        #[cfg(debug_assertions)]
        if std::env::var_os("XAI_LINT_TEST_PANIC").is_some_and(|v| text.contains(v.to_string_lossy().as_ref())) {
            panic!("test panic while checking {display}: {text}");
        }
        engine::check_text(display, path, &text, settings)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(out) => Ok((out, lossy)),
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let msg: String = crate::redact::redact_secrets(&msg).chars().take(200).collect();
            Err(Skip::Internal(format!("xai-lint failed on this file, please report it: {msg}")))
        }
    }
}

fn scan_file(path: &Path, opts: &WalkOptions, acc: &Mutex<ScanResult>) {
    let display = display_path(path);
    let outcome =
        read_limited(path, opts.max_file_size).and_then(|bytes| check_bytes(&display, path, &bytes, &opts.settings));
    acc.lock().unwrap_or_else(|e| e.into_inner()).add_outcome(display, outcome);
}

/// Reads a regular file of at most `max` bytes: one open, one metadata call on the open file,
/// and a binary file (a NUL byte in its first 8 KiB) is left after its first block.
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, Skip> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| Skip::Unreadable(e.to_string());
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Skip::Unreadable("not a regular file".into()));
    }
    if meta.len() > max {
        return Err(Skip::TooLarge);
    }
    let mut buf = Vec::with_capacity(meta.len() as usize + 1);
    let head = (&mut f).take(8192).read_to_end(&mut buf).map_err(unreadable)?;
    if memchr::memchr(0, &buf[..head]).is_some() {
        return Err(Skip::Binary);
    }
    // the file may have grown since: never read past the bound
    f.take(max + 1 - head as u64).read_to_end(&mut buf).map_err(unreadable)?;
    if buf.len() as u64 > max {
        return Err(Skip::TooLarge);
    }
    Ok(buf)
}

pub fn scan(paths: &[PathBuf], opts: &WalkOptions) -> ScanResult {
    let acc = Mutex::new(ScanResult::default());
    // files named on the command line (as pre-commit passes them) and folders to walk
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for root in paths {
        match std::fs::symlink_metadata(root) {
            Err(e) => acc.lock().unwrap().errors.push(format!("{}: {}", display_path(root), e)),
            Ok(meta) if meta.is_file() || (meta.file_type().is_symlink() && root.is_file()) => {
                // a file named explicitly is still subject to the configuration's excludes; one
                // that cannot be read is an error, as a missing one is
                if opts.excludes.excluded(root) {
                } else if let Err(e) = std::fs::File::open(root) {
                    acc.lock().unwrap().errors.push(format!("{}: {}", display_path(root), e));
                } else {
                    files.push(root);
                }
            }
            Ok(_) => dirs.push(root),
        }
    }
    std::thread::scope(|scope| {
        for chunk in files.chunks(files.len().div_ceil(opts.threads.max(1)).max(1)) {
            let acc = &acc;
            scope.spawn(move || chunk.iter().for_each(|f| scan_file(f, opts, acc)));
        }
    });
    // every folder in one parallel walk
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder
            .hidden(false)
            .ignore(!opts.no_ignore)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false)
            .follow_links(opts.follow_links)
            .threads(opts.threads);
        let excludes = opts.excludes.clone();
        builder.filter_entry(move |e| e.file_name() != ".git" && !excludes.excluded(e.path()));
        builder.build_parallel().run(|| {
            let acc = &acc;
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        let ft = e.file_type();
                        if ft.is_some_and(|t| t.is_file()) {
                            scan_file(e.path(), opts, acc);
                        } else if ft.is_some_and(|t| t.is_symlink()) {
                            let why = "symbolic link, not followed (use --follow)".to_string();
                            acc.lock().unwrap().skipped.push((display_path(e.path()), Skip::Unreadable(why)));
                        } else if ft.is_some_and(|t| !t.is_dir()) {
                            let why = "not a regular file".to_string();
                            acc.lock().unwrap().skipped.push((display_path(e.path()), Skip::Unreadable(why)));
                        }
                    }
                    Err(err) => {
                        let path = error_path(&err).map_or_else(|| "?".to_string(), |p| display_path(&p));
                        acc.lock().unwrap().skipped.push((path, Skip::Unreadable(error_text(&err))));
                    }
                }
                WalkState::Continue
            })
        });
    }
    // tracked files that .gitignore lists are still in the repository: the walk left them out,
    // so they are scanned here (with --no-ignore the walk already had them)
    if !opts.no_ignore {
        let mut tracked: Vec<PathBuf> = Vec::new();
        for d in &dirs {
            for rel in crate::git::tracked_but_ignored(d) {
                let p = d.join(rel);
                let p = p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p);
                if !opts.excludes.excluded(&p) && !p.components().any(|c| c.as_os_str() == ".git") && p.is_file() {
                    tracked.push(p);
                }
            }
        }
        tracked.sort();
        tracked.dedup();
        std::thread::scope(|scope| {
            for chunk in tracked.chunks(tracked.len().div_ceil(opts.threads.max(1)).max(1)) {
                let acc = &acc;
                scope.spawn(move || chunk.iter().for_each(|f| scan_file(f, opts, acc)));
            }
        });
    }
    let mut r = acc.into_inner().unwrap_or_else(|e| e.into_inner());
    // only files named (as the pre-commit framework passes them): judge them with what the rest
    // of their repository defines, as `--staged` does, and report only them
    if dirs.is_empty() && !files.is_empty() && r.errors.is_empty() {
        let shown: Vec<String> = files.iter().map(|f| display_path(f)).collect();
        let checked: std::collections::HashSet<PathBuf> =
            files.iter().filter_map(|f| std::fs::canonicalize(f).ok()).collect();
        let dir = files[0].parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Ok(top) = crate::git::toplevel(dir) {
            let top = std::fs::canonicalize(&top).unwrap_or(top);
            // a failure here costs context, never the findings of the named files
            let _ = add_tree_knowledge(&mut r, &top, &checked, opts);
            r.reported = Some(shown);
        }
    }
    r.sort();
    r
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
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

/// Scans the staged content (the git index) of the files added, copied, modified or renamed in
/// the index of the repository that holds `dir`. Returns the result and the staged files as
/// displayed.
pub fn scan_staged(dir: &Path, opts: &WalkOptions) -> Result<(ScanResult, Vec<String>), String> {
    let top = crate::git::toplevel(dir)?;
    let names = crate::git::staged_files(&top)?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut result = ScanResult::default();
    let mut shown = Vec::new();
    let wanted: Vec<(String, PathBuf)> = names
        .into_iter()
        .map(|n| {
            let abs = top.join(&n);
            let display = match abs.strip_prefix(&cwd) {
                Ok(rel) => display_path(rel),
                Err(_) => display_path(&abs),
            };
            (n, PathBuf::from(display))
        })
        .filter(|(_, d)| !opts.excludes.excluded(d))
        .collect();
    let blobs = crate::git::read_index_blobs(&top, wanted.iter().map(|(n, _)| n.as_str()), opts.max_file_size)?;
    for ((_, display_path_buf), blob) in wanted.iter().zip(blobs) {
        let display = display_path_buf.to_string_lossy().into_owned();
        shown.push(display.clone());
        let outcome = blob.and_then(|bytes| check_bytes(&display, display_path_buf, &bytes, &opts.settings));
        result.add_outcome(display, outcome);
    }
    let staged: std::collections::HashSet<PathBuf> = wanted.iter().map(|(n, _)| top.join(n)).collect();
    add_tree_knowledge(&mut result, &top, &staged, opts)?;
    result.reported = Some(shown.clone());
    result.sort();
    Ok((result, shown))
}

/// Checks text given on standard input as the file `name` (an editor's unsaved buffer), with
/// what the rest of its repository defines as context; only that file is reported.
pub fn scan_stdin(name: &Path, bytes: &[u8], opts: &WalkOptions) -> ScanResult {
    let mut r = ScanResult::default();
    let display = display_path(name);
    r.add_outcome(display.clone(), check_bytes(&display, name, bytes, &opts.settings));
    let dir = name.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(top) = crate::git::toplevel(dir) {
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        let abs = std::fs::canonicalize(dir).map(|d| d.join(name.file_name().unwrap_or_default())).unwrap_or_default();
        let checked: std::collections::HashSet<PathBuf> = [abs].into_iter().collect();
        let _ = add_tree_knowledge(&mut r, &top, &checked, opts);
    }
    r.reported = Some(vec![display]);
    r.sort();
    r
}

/// Project-wide knowledge for a partial scan (the staged files, or files named on the command
/// line as the pre-commit framework passes them): what the rest of the repository defines (env
/// files, compose, CI, Dockerfiles, Streamlit secrets, READMEs), so that a read in a checked file
/// is judged against the whole project. Needed only when a checked file reads a name the checked
/// files do not define; found through the index, not a walk, and read from the work tree on all
/// threads, to stay fast in large repositories. Nothing found here is reported.
fn add_tree_knowledge(
    result: &mut ScanResult,
    top: &Path,
    checked: &std::collections::HashSet<PathBuf>,
    opts: &WalkOptions,
) -> Result<(), String> {
    let defined: std::collections::HashSet<&str> =
        result.outputs.iter().flat_map(|o| o.env.iter().filter(|e| !e.read).map(|e| e.name.as_str())).collect();
    let needs_knowledge =
        result.outputs.iter().any(|o| o.env.iter().any(|e| e.read && !defined.contains(e.name.as_str())));
    if !needs_knowledge {
        return Ok(());
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let names: Vec<String> = crate::git::index_files(top)?
        .into_iter()
        .filter(|n| is_definition_file(n) && !checked.contains(&top.join(n)))
        .collect();
    let knowledge = Mutex::new(Vec::new());
    let threads = opts.threads.max(1);
    std::thread::scope(|scope| {
        for chunk in names.chunks(names.len().div_ceil(threads).max(1)) {
            let (knowledge, cwd) = (&knowledge, &cwd);
            scope.spawn(move || {
                for name in chunk {
                    let abs = top.join(name);
                    let Ok(bytes) = read_limited(&abs, opts.max_file_size) else { continue };
                    let Ok((mut out, _)) = check_bytes(name, Path::new(name), &bytes, &opts.settings) else {
                        continue;
                    };
                    out.env.retain(|e| !e.read);
                    if !out.env.is_empty() {
                        out.findings.clear();
                        out.suppressions.clear();
                        out.usage.clear();
                        out.file = display_path(abs.strip_prefix(cwd).unwrap_or(&abs));
                        knowledge.lock().unwrap_or_else(|e| e.into_inner()).push(out);
                    }
                }
            });
        }
    });
    result.outputs.extend(knowledge.into_inner().unwrap_or_else(|e| e.into_inner()));
    Ok(())
}

/// Files that define environment variables for a project (by name, without reading them).
/// Called for every file of the index, so cheap checks come first.
fn is_definition_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    let by_name = crate::classify::is_dotenv_name(name) && !lower.ends_with(".cfg") && !lower.ends_with(".ini")
        || lower.starts_with("dockerfile")
        || lower == "containerfile"
        || lower.ends_with("secrets.toml")
        || lower.starts_with("readme") && lower.ends_with(".md")
        || yaml
            && (lower.starts_with("docker-compose")
                || lower.starts_with("compose")
                || path.contains(".github/workflows/"))
        || yaml
            && ["k8s/", "kubernetes/", "deploy/", "helm/", "charts/", "manifests/"].iter().any(|d| path.contains(d));
    // third-party code vendored into the repository defines nothing for the project
    const VENDORED: &[&str] =
        &["node_modules", "vendor", "site-packages", ".venv", "venv", "third_party", "bower_components"];
    by_name && !path.split('/').any(|c| VENDORED.contains(&c))
}
