//! `check --history [RANGE]`: every blob reachable from all refs (or from a revision range) is
//! scanned once with the key-leak rule, reading objects through two long-lived git processes
//! (`rev-list --objects`, then `cat-file --batch-check` and `cat-file --batch`), never one
//! process per object. A finding names the commit that introduced the blob and whether the key
//! is still in HEAD.

use crate::discover::{check_bytes, ScanResult, WalkOptions};
use crate::finding::CommitInfo;
use crate::git::Pipe;
use crate::output::{FileOutput, Skip};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};

fn git_lines(top: &Path, args: &[&str]) -> Result<Vec<String>, String> {
    let out = crate::git::git(top, args).map_err(|e| format!("git {}: {e}", args.join(" ")))?;
    Ok(String::from_utf8_lossy(&out).lines().map(String::from).collect())
}

/// (blob id, path it was first seen at) for every blob in the history to scan.
fn list_blobs(
    top: &Path,
    range: Option<&str>,
    max: u64,
    skipped: &mut Vec<(String, Skip)>,
) -> Result<Vec<(String, String)>, String> {
    let mut args = vec!["rev-list", "--objects"];
    match range {
        Some(r) if !r.is_empty() => args.extend(r.split_whitespace()),
        _ => args.push("--all"),
    }
    let objects = git_lines(top, &args)?;
    // objects with a path are trees and blobs; ask their types and sizes in one process
    let with_path: Vec<(String, String)> = objects
        .into_iter()
        .filter_map(|l| l.split_once(' ').map(|(sha, path)| (sha.to_string(), path.to_string())))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let requests: String = with_path.iter().map(|(s, _)| format!("{s}\n")).collect();
    let mut pipe =
        Pipe::start(top, &["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], requests)?;
    let reader = &mut pipe.out;
    let mut blobs = Vec::new();
    for ((sha, path), line) in with_path.into_iter().zip(reader.lines()) {
        let line = line.map_err(|e| e.to_string())?;
        let mut parts = line.split(' ');
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        if kind != Some("blob") {
            continue;
        }
        let size: u64 = size.and_then(|s| s.parse().ok()).unwrap_or(0);
        if size > max {
            let shown = crate::discover::display_path(Path::new(&path));
            skipped.push((format!("{shown} (blob {})", &sha[..sha.len().min(12)]), Skip::TooLarge));
            continue;
        }
        blobs.push((sha, path));
    }
    Ok(blobs)
}

/// Streams the blobs' contents through one `git cat-file --batch` and checks them on
/// `threads` workers.
fn scan_blobs(
    top: &Path,
    blobs: &[(String, String)],
    opts: &WalkOptions,
) -> Result<(ScanResult, HashMap<String, String>), String> {
    let requests: String = blobs.iter().map(|(s, _)| format!("{s}\n")).collect();
    let mut pipe = Pipe::start(top, &["cat-file", "--batch"], requests)?;
    let result = Arc::new(Mutex::new(ScanResult::default()));
    // which blob each reported file name stands for
    let origin: Arc<Mutex<HashMap<String, String>>> = Arc::new(Mutex::new(HashMap::new()));
    let (tx, rx) = mpsc::sync_channel::<(String, String, Vec<u8>)>(64);
    let rx = Arc::new(Mutex::new(rx));
    let mut workers = Vec::new();
    for _ in 0..opts.threads.max(1) {
        let rx = Arc::clone(&rx);
        let result = Arc::clone(&result);
        let origin = Arc::clone(&origin);
        let settings = opts.settings.clone();
        workers.push(std::thread::spawn(move || loop {
            let job = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
            let Ok((sha, path, bytes)) = job else { break };
            let shown = crate::discover::display_path(Path::new(&path));
            let outcome = check_bytes(&shown, Path::new(&path), &bytes, &settings).map(|(mut out, lossy)| {
                // the rules marked `history = true` in rules/: a key that was ever committed is leaked; a
                // placeholder or malformed key in an old version breaks nothing now
                out.findings.retain(|f| f.rule.history);
                // an old version's suppressions apply to its findings here; whether they are
                // still needed is for the normal check of the working tree to say
                let sups = std::mem::take(&mut out.suppressions);
                out.findings.retain(|f| !sups.iter().any(|s| s.covers(&f.rule.name, f.line)));
                out.env.clear();
                out.usage.clear();
                let path = &shown;
                // one reported file per blob: versions of a path are told apart by their blob
                out.file = format!("{path}@{}", &sha[..12.min(sha.len())]);
                for f in &mut out.findings {
                    f.file = out.file.clone();
                }
                (out, lossy)
            });
            if let Ok((out, _)) = &outcome {
                if !out.findings.is_empty() {
                    origin.lock().unwrap_or_else(|e| e.into_inner()).insert(out.file.clone(), sha.clone());
                }
            }
            result.lock().unwrap_or_else(|e| e.into_inner()).add_outcome(shown, outcome);
        }));
    }
    let reader = &mut pipe.out;
    for (sha, path) in blobs {
        let mut header = String::new();
        if reader.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            continue;
        }
        let size: usize = parts[2].parse().unwrap_or(0);
        let mut buf = vec![0u8; size + 1];
        reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
        buf.pop();
        if tx.send((sha.clone(), path.clone(), buf)).is_err() {
            break;
        }
    }
    drop(tx);
    for w in workers {
        let _ = w.join();
    }
    drop(pipe);
    let result =
        Arc::try_unwrap(result).map_err(|_| "workers still running")?.into_inner().unwrap_or_else(|e| e.into_inner());
    let origin =
        Arc::try_unwrap(origin).map_err(|_| "workers still running")?.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((result, origin))
}

/// Where a blob entered the history: under which path, in which commit (and its date).
type Introductions = HashMap<String, Vec<(String, String, String)>>;

/// For each blob, every path it was committed under, each with the oldest commit (in `range`,
/// or in all history) that introduced it there: one `git log --raw` over the history, oldest
/// first, read as a stream. `--no-renames` shows a rename as an add under the new path, so a
/// key in a renamed file is reported under each name at the commit that gave it that name. `-m`
/// shows merges against each parent, so a blob that only a merge introduces (a conflict
/// resolution) is found too.
fn introducing_commits(top: &Path, wanted: &HashSet<&str>, range: Option<&str>) -> Introductions {
    let mut found: Introductions = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let mut args = vec!["log", "-m", "--reverse", "--raw", "--no-abbrev", "--no-renames", "--format=commit %H %aI"];
    match range {
        Some(r) if !r.is_empty() => args.extend(r.split_whitespace()),
        _ => args.push("--all"),
    }
    let Ok(mut pipe) = Pipe::start(top, &args, String::new()) else { return found };
    let mut current: Option<(String, String)> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match pipe.out.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if let Some(rest) = line.strip_prefix("commit ") {
            let mut parts = rest.split_whitespace();
            if let (Some(h), Some(d)) = (parts.next(), parts.next()) {
                current = Some((h.to_string(), d.to_string()));
            }
        } else if line.starts_with(':') {
            // `:100644 100644 <old> <new> M\tpath`
            let Some((meta, path)) = line.trim_end_matches('\n').split_once('\t') else { continue };
            if let (Some(new), Some((hash, date))) = (meta.split_whitespace().nth(3), &current) {
                if wanted.contains(new) {
                    let places = found.entry(new.to_string()).or_default();
                    if !places.iter().any(|(p, _, _)| p == path) {
                        places.push((unquote(path), hash.clone(), date.clone()));
                    }
                }
            }
        }
    }
    found
}

/// A path as `git log --raw` prints it: in double quotes with C escapes when it holds unusual
/// characters (core.quotePath).
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else { return path.to_string() };
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = it.peek() {
                        v = v * 8 + u32::from(n - b'0');
                        it.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Scans the history of the repository holding `dir`.
pub fn scan_history(dir: &Path, range: Option<&str>, opts: &WalkOptions) -> Result<ScanResult, String> {
    let top = crate::git::toplevel(dir)?;
    let mut skipped = Vec::new();
    let blobs = list_blobs(&top, range, opts.max_file_size, &mut skipped)?;
    let (mut result, origin) = scan_blobs(&top, &blobs, opts)?;
    result.skipped.extend(skipped);
    // the keys (by value hash) still present in HEAD's blobs
    let head_blobs: HashSet<String> = git_lines(&top, &["ls-tree", "-r", "--format=%(objectname)", "HEAD"])
        .or_else(|_| {
            git_lines(&top, &["ls-tree", "-r", "HEAD"])
                .map(|v| v.iter().filter_map(|l| l.split_whitespace().nth(2).map(String::from)).collect())
        })
        .unwrap_or_default()
        .into_iter()
        .collect();
    let at_head: HashSet<u64> = result
        .outputs
        .iter()
        .filter(|o| origin.get(&o.file).is_some_and(|sha| head_blobs.contains(sha)))
        .flat_map(|o| o.findings.iter().map(|f| f.value_hash))
        .collect();
    let wanted: HashSet<&str> = origin.values().map(String::as_str).collect();
    let commits = introducing_commits(&top, &wanted, range);
    let mut expanded = Vec::new();
    for out in std::mem::take(&mut result.outputs) {
        let Some(sha) = origin.get(&out.file) else {
            expanded.push(out);
            continue;
        };
        let seen_at = out.file.rsplit_once('@').map_or(out.file.clone(), |(p, _)| p.to_string());
        // every path the blob was committed under, at the commit that put it there
        let places: Vec<(String, String, String)> = match commits.get(sha.as_str()) {
            Some(v) if !v.is_empty() => {
                v.iter().map(|(p, h, d)| (crate::discover::display_path(Path::new(p)), h.clone(), d.clone())).collect()
            }
            _ => vec![(seen_at, String::new(), String::new())],
        };
        for (path, hash, date) in places {
            let mut out = out.clone();
            for f in &mut out.findings {
                f.commit = Some(CommitInfo {
                    hash: hash.clone(),
                    date: date.clone(),
                    path: path.clone(),
                    blob: sha.clone(),
                    at_head: at_head.contains(&f.value_hash),
                    blob_at_head: head_blobs.contains(sha),
                });
                let short = &hash[..hash.len().min(12)];
                let when = date.split('T').next().unwrap_or("");
                let state = if at_head.contains(&f.value_hash) {
                    "still in HEAD"
                } else {
                    "no longer in HEAD, but still in the history"
                };
                f.message = format!("{} (committed in {short} on {when}; {state}: regenerate the key)", f.message);
                f.file = path.clone();
                f.fingerprint = crate::redact::fingerprint(&[&f.fingerprint, "history", &path]);
            }
            out.file = path;
            expanded.push(out);
        }
    }
    result.outputs = expanded;
    // the same key in many blobs of one path: report it once, at its oldest commit
    let mut seen: HashSet<(String, u64)> = HashSet::new();
    let mut all: Vec<FileOutput> = std::mem::take(&mut result.outputs);
    all.sort_by(|a, b| {
        let da = a.findings.first().and_then(|f| f.commit.as_ref()).map(|c| c.date.clone()).unwrap_or_default();
        let db = b.findings.first().and_then(|f| f.commit.as_ref()).map(|c| c.date.clone()).unwrap_or_default();
        (da, &a.file).cmp(&(db, &b.file))
    });
    for mut out in all {
        out.findings.retain(|f| seen.insert((f.file.clone(), f.value_hash)));
        result.outputs.push(out);
    }
    Ok(result)
}
