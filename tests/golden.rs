//! What a user reads, pinned: golden output of every fixture tree in the human (fixed width, no
//! colour), JSON and SARIF formats, and command-line scenarios as data (`tests/cmd/*.toml`:
//! arguments, files, exit status; `NAME.stdout` / `NAME.stderr` beside them), as typos' trycmd
//! cases are.
//!
//! A change to any of them must be on purpose: rerun with `XAI_LINT_BLESS=1` to rewrite the
//! golden files, and say why in the commit.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn bless() -> bool {
    std::env::var_os("XAI_LINT_BLESS").is_some()
}

/// Compares `got` with the golden file (or writes it when blessing); returns a failure line.
fn check_golden(path: &Path, got: &str) -> Option<String> {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return None;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if want == got {
        return None;
    }
    let first = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(got.lines().count()));
    Some(format!(
        "{}: differs from line {} (want {:?}, got {:?}); rerun with XAI_LINT_BLESS=1 if the change is intended",
        path.display(),
        first + 1,
        want.lines().nth(first).unwrap_or("<end>"),
        got.lines().nth(first).unwrap_or("<end>")
    ))
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The version moves with every release; goldens should not.
fn normalize(s: &str) -> String {
    s.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn fixture_trees_render_as_their_golden_files() {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs {
        let tree = dir.join("tree");
        if !tree.is_dir() {
            continue;
        }
        count += 1;
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        for (format, ext) in [("human", "human"), ("json", "json"), ("sarif", "sarif.json"), ("concise", "concise")] {
            let out = std::process::Command::new(bin())
                .args(["check", "--isolated", "--no-ignore", "--color", "never", "--format", format, "."])
                .current_dir(&tree)
                .env("NO_COLOR", "1")
                .env("COLUMNS", "100")
                .env_remove("RUST_BACKTRACE")
                .output()
                .unwrap();
            let text = normalize(&stdout(&out));
            assert!(whole_keys(&text).is_empty(), "{name} {format}: a whole key in the output");
            if let Some(f) = check_golden(&golden_dir().join(format!("{name}.{ext}")), &text) {
                failures.push(f);
            }
        }
    }
    assert!(count >= 8, "expected the fixture trees, found {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    /// What the scenario shows (documentation only).
    #[allow(dead_code)]
    about: String,
    args: Vec<String>,
    status: i32,
    /// Files to create in the scenario's folder; `{KEYn}` becomes a synthetic key.
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    /// Make the folder a git repository, and run these git commands (after writing the files).
    #[serde(default)]
    git: Option<Vec<Vec<String>>>,
    /// Text given on standard input.
    #[serde(default)]
    stdin: Option<String>,
    /// Run in this subfolder of the scenario's folder.
    #[serde(default)]
    cwd: Option<String>,
}

fn keys(s: &str) -> String {
    let mut s = s.to_string();
    for n in 1..=9 {
        s = s.replace(&format!("{{KEY{n}}}"), &synthetic_key(1000 + n));
    }
    s
}

#[test]
fn cli_scenarios() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "expected the CLI scenarios, found {}", names.len());
    let mut failures = Vec::new();
    for path in names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let sc: Scenario = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        for (file, text) in &sc.files {
            let p = root.join(file);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, keys(text)).unwrap();
        }
        if let Some(cmds) = &sc.git {
            // fixed identity and dates: commit ids in the output stay the same from run to run
            let git = |args: &[&str]| {
                std::process::Command::new("git")
                    .args(args)
                    .current_dir(&root)
                    .env("GIT_AUTHOR_NAME", "t")
                    .env("GIT_AUTHOR_EMAIL", "t@example.com")
                    .env("GIT_COMMITTER_NAME", "t")
                    .env("GIT_COMMITTER_EMAIL", "t@example.com")
                    .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
                    .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .output()
                    .unwrap()
            };
            git(&["init", "-q", "-b", "main"]);
            for c in cmds {
                let args: Vec<&str> = c.iter().map(String::as_str).collect();
                let o = git(&args);
                assert!(o.status.success(), "{name}: git {c:?}: {}", stderr(&o));
            }
        }
        let cwd = sc.cwd.as_ref().map_or(root.clone(), |c| root.join(c));
        let args: Vec<String> = sc.args.iter().map(|a| keys(a)).collect();
        let mut cmd = std::process::Command::new(bin());
        cmd.args(&args)
            .current_dir(&cwd)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env_remove("RUST_BACKTRACE")
            .env_remove("XAI_API_KEY")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            if let Some(s) = &sc.stdin {
                let _ = input.write_all(keys(s).as_bytes());
            }
        }
        let out = child.wait_with_output().unwrap();
        let clean = |s: &str| normalize(&s.replace(root.to_string_lossy().as_ref(), "[ROOT]"));
        let (so, se) = (clean(&stdout(&out)), clean(&stderr(&out)));
        for text in [&so, &se] {
            assert!(whole_keys(text).is_empty(), "{name}: a whole key in the output");
        }
        if out.status.code() != Some(sc.status) {
            failures.push(format!(
                "{name}: exit {:?}, want {}\nstdout:\n{so}\nstderr:\n{se}",
                out.status.code(),
                sc.status
            ));
        }
        failures.extend(check_golden(&dir.join(format!("{name}.stdout")), &so));
        failures.extend(check_golden(&dir.join(format!("{name}.stderr")), &se));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
