#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_xai-lint"))
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("xai-lint runs")
}

/// Runs git in `dir` with a fixed identity, and `XAI_LINT` pointing at the binary under test
/// (for the pre-commit hook).
pub fn git_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("NO_COLOR", "1")
        .env("XAI_LINT", bin())
        .output()
        .expect("git runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A synthetic key made for the test from a seed (xorshift over [A-Za-z0-9]).
pub fn synthetic_key(seed: u64) -> String {
    let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed.wrapping_mul(0x9E3779B97F4A7C15) | 1;
    let mut s = String::from("xai-");
    for _ in 0..80 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push(alnum[(x % 62) as usize] as char);
    }
    s
}

/// Findings of a JSON report as `file:line:col kind` lines, sorted.
pub fn finding_lines(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON ({e}):\n{json}"));
    let mut lines: Vec<String> = v["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            format!("{}:{}:{} {}", f["file"].as_str().unwrap(), f["line"], f["column"], f["kind"].as_str().unwrap())
        })
        .collect();
    lines.sort();
    lines
}

/// Every run of `xai-` + 80 alphanumerics in `s`: a whole key.
pub fn whole_keys(s: &str) -> Vec<String> {
    let re = regex::Regex::new(r"xai-(?:token-)?[A-Za-z0-9]{80}").unwrap();
    re.find_iter(s).map(|m| m.as_str().to_string()).collect()
}
