//! `check --history`: real repositories with keys added and removed, on side branches, only in
//! a merge, the same blob in many commits, binary and huge blobs.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&git_output(dir, args).stdout).trim().to_string()
}

fn commit(dir: &Path, path: &str, text: &[u8], msg: &str) -> String {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", msg]);
    git(dir, &["rev-parse", "HEAD"])
}

fn history(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--isolated", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let text = stdout(&out);
    assert!(whole_keys(&text).is_empty() && whole_keys(&stderr(&out)).is_empty(), "a whole key was printed");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text} {}", stderr(&out)))
}

#[test]
fn history_finds_removed_side_branch_and_merge_only_keys_once_each() {
    let r = tempfile::tempdir().unwrap();
    let d = r.path();
    git(d, &["init", "-q", "-b", "main"]);
    let k1 = synthetic_key(101);
    let k2 = synthetic_key(102);
    let k3 = synthetic_key(103);
    commit(d, "README.md", b"# demo\n", "init");
    // added then removed
    let added = commit(d, "config.py", format!("XAI_API_KEY = \"{k1}\"\n").as_bytes(), "add key");
    commit(d, "config.py", b"import os\nXAI_API_KEY = os.environ['XAI_API_KEY']\n", "remove key");
    // the same blob in many commits (unchanged file across commits)
    commit(d, "keep.env", format!("XAI_API_KEY={k2}\n").as_bytes(), "keep");
    for i in 0..5 {
        commit(d, "other.txt", format!("{i}\n").as_bytes(), "noise");
    }
    // a side branch never merged
    git(d, &["checkout", "-qb", "side"]);
    let side = commit(d, "side.js", format!("const k = '{k3}';\n").as_bytes(), "side");
    git(d, &["checkout", "-q", "main"]);
    // a key only in a merge: both branches change a file, the resolution adds the key
    git(d, &["checkout", "-qb", "a"]);
    commit(d, "merge.env", b"A=1\n", "a");
    git(d, &["checkout", "-q", "main"]);
    commit(d, "merge.env", b"B=1\n", "b");
    git_output(d, &["merge", "-q", "a"]);
    let k4 = synthetic_key(104);
    fs::write(d.join("merge.env"), format!("A=1\nB=1\nXAI_API_KEY={k4}\n")).unwrap();
    git(d, &["add", "merge.env"]);
    git(d, &["commit", "-qm", "merge"]);
    let merge = git(d, &["rev-parse", "HEAD"]);
    assert_eq!(git(d, &["rev-list", "--parents", "-n1", "HEAD"]).split(' ').count(), 3, "a merge commit");

    let v = history(d, &["--history"]);
    let findings = v["findings"].as_array().unwrap();
    let by_file = |f: &str| findings.iter().filter(|x| x["file"] == f).collect::<Vec<_>>();
    assert_eq!(findings.len(), 4, "{v:#}");
    let c = &by_file("config.py")[0]["commit"];
    assert_eq!(c["hash"], added.as_str());
    assert_eq!(c["at_head"], false);
    assert_eq!(by_file("keep.env").len(), 1, "the same blob is reported once");
    assert_eq!(by_file("keep.env")[0]["commit"]["at_head"], true);
    assert_eq!(by_file("side.js")[0]["commit"]["hash"], side.as_str());
    assert_eq!(by_file("merge.env")[0]["commit"]["hash"], merge.as_str());
    assert!(by_file("config.py")[0]["message"].as_str().unwrap().contains("no longer in HEAD"));

    // a range: only what the range adds
    let v = history(d, &["--history=HEAD~1..HEAD"]);
    let files: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files, vec!["merge.env"]);

    // the working-tree check does not see removed keys
    let v = history(d, &["."]);
    let files: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files, vec!["keep.env", "merge.env"]);
}

#[test]
fn history_skips_binary_and_huge_blobs_and_counts_them() {
    let r = tempfile::tempdir().unwrap();
    let d = r.path();
    git(d, &["init", "-q", "-b", "main"]);
    let mut bin = b"\x00\x01binary".to_vec();
    bin.extend_from_slice(synthetic_key(110).as_bytes());
    commit(d, "blob.bin", &bin, "bin");
    let mut big = format!("K = '{}'\n", synthetic_key(111)).into_bytes();
    big.extend(std::iter::repeat(b'a').take(5000));
    commit(d, "big.py", &big, "big");
    commit(d, "ok.py", format!("K = '{}'\n", synthetic_key(112)).as_bytes(), "ok");
    let v = history(d, &["--history", "--max-file-size", "2K"]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(v["findings"][0]["file"], "ok.py");
    assert_eq!(v["summary"]["skipped"]["binary"], 1);
    assert_eq!(v["summary"]["skipped"]["too_large"], 1);
    // outside a repository: a clear error
    let out = run(tempfile::tempdir().unwrap().path(), &["check", "--history"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn history_findings_can_be_baselined() {
    let r = tempfile::tempdir().unwrap();
    let d = r.path();
    git(d, &["init", "-q", "-b", "main"]);
    commit(d, "a.py", format!("K = '{}'\n", synthetic_key(120)).as_bytes(), "a");
    commit(d, "a.py", b"K = None\n", "b");
    let out = run(d, &["check", "--isolated", "--history", "--write-baseline", "../hist-baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(d, &["check", "--isolated", "--history", "--baseline", "../hist-baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let _ = fs::remove_file(d.join("../hist-baseline.json"));
}
