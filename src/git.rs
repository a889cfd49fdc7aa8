//! The little of git that xai-lint needs, through the `git` command: the repository's top
//! folder, the staged files, their staged content (one `git cat-file --batch` process for all
//! of them), and where hooks live.

use crate::output::Skip;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git process that reads requests on stdin (fed from a thread, so that a long list never
/// blocks on a full pipe) and answers on stdout: `cat-file --batch` and `--batch-check`.
pub struct Pipe {
    child: std::process::Child,
    writer: Option<std::thread::JoinHandle<()>>,
    pub out: BufReader<std::process::ChildStdout>,
}

impl Pipe {
    pub fn start(top: &Path, args: &[&str], input: String) -> Result<Pipe, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(top)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git {}: {e}", args.join(" ")))?;
        let mut stdin = child.stdin.take().expect("piped");
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let out = BufReader::new(child.stdout.take().expect("piped"));
        Ok(Pipe { child, writer: Some(writer), out })
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
        let _ = self.child.wait();
    }
}

/// Runs git and returns its stdout, or its stderr as the error.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.trim().to_string());
    }
    Ok(out.stdout)
}

/// Tracked files under `dir` that the ignore rules (.gitignore, info/exclude, the global
/// excludes file) match, relative to `dir`: they are part of the repository all the same (a
/// `.env` committed before it was ignored is published). Empty when `dir` is not in a work tree.
pub fn tracked_but_ignored(dir: &Path) -> Vec<PathBuf> {
    let Ok(out) = git(dir, &["ls-files", "-z", "--cached", "--ignored", "--exclude-standard", "--", "."]) else {
        return Vec::new();
    };
    out.split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
        .collect()
}

/// The top folder of the work tree that holds `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("{} is not inside a git repository ({e})", dir.display()))?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Files added, copied, modified or renamed in the index, relative to the top folder.
pub fn staged_files(top: &Path) -> Result<Vec<String>, String> {
    let out = git(top, &["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"])?;
    Ok(out.split(|b| *b == 0).filter(|s| !s.is_empty()).map(|s| String::from_utf8_lossy(s).into_owned()).collect())
}

/// Every file in the index, relative to the top folder.
pub fn index_files(top: &Path) -> Result<Vec<String>, String> {
    let out = git(top, &["ls-files", "-z"])?;
    Ok(out.split(|b| *b == 0).filter(|s| !s.is_empty()).map(|s| String::from_utf8_lossy(s).into_owned()).collect())
}

/// The staged content of each path (stage 0 of the index), in order, through one
/// `git cat-file --batch` process. Blobs over `max` bytes are skipped unread.
pub fn read_index_blobs<'a>(
    top: &Path,
    paths: impl Iterator<Item = &'a str>,
    max: u64,
) -> Result<Vec<Result<Vec<u8>, Skip>>, String> {
    let paths: Vec<&str> = paths.collect();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let requests: String = paths.iter().map(|p| format!(":0:{p}\n")).collect();
    let mut pipe = Pipe::start(top, &["cat-file", "--batch"], requests)?;
    let reader = &mut pipe.out;
    let mut out = Vec::with_capacity(paths.len());
    for _ in &paths {
        let mut header = String::new();
        if reader.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            return Err("git cat-file ended early".into());
        }
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            out.push(Err(Skip::Unreadable(format!("not in the index ({})", header.trim()))));
            continue;
        }
        let size: u64 = parts[2].parse().map_err(|_| format!("bad cat-file header: {header}"))?;
        if parts[1] != "blob" || size > max {
            // not kept: streamed past, never held in memory (with the newline after it)
            std::io::copy(&mut (&mut *reader).take(size + 1), &mut std::io::sink()).map_err(|e| e.to_string())?;
            out.push(Err(if parts[1] != "blob" {
                Skip::Unreadable(format!("a {} in the index, not a file", parts[1]))
            } else {
                Skip::TooLarge
            }));
            continue;
        }
        let mut buf = vec![0u8; size as usize];
        reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
        let mut nl = [0u8; 1];
        reader.read_exact(&mut nl).map_err(|e| e.to_string())?;
        out.push(Ok(buf));
    }
    Ok(out)
}

/// Where the pre-commit hook of the repository holding `dir` lives (honours `core.hooksPath`
/// and worktrees).
pub fn hook_path(dir: &Path) -> Result<PathBuf, String> {
    let top = toplevel(dir)?;
    let out = git(&top, &["rev-parse", "--git-path", "hooks/pre-commit"])?;
    let p = PathBuf::from(String::from_utf8_lossy(&out).trim());
    Ok(if p.is_absolute() { p } else { top.join(p) })
}
