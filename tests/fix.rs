//! `check --fix`, `--unsafe-fixes` and `--diff` on fixture trees: each fix applied, the tree
//! re-checked clean, a second run changes nothing, and no key is ever printed.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read_to_string(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

fn no_leak(out: &std::process::Output, key: &str) {
    let all = format!("{}{}", stdout(out), stderr(out));
    assert!(whole_keys(&all).is_empty() && !all.contains(&key[4..40]), "a key was printed: {all}");
}

#[test]
fn safe_fix_renames_a_read_to_the_one_defined_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".env.example", "XAI_API_KEY=\n");
    write(d, "app.py", "import os\nfrom xai_sdk import Client\nclient = Client(api_key=os.environ[\"XAI_APIKEY\"])\n");
    assert_eq!(run(d, &["check", "--isolated", "."]).status.code(), Some(1));
    let out = run(d, &["check", "--isolated", "--fix", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("fixed 1 finding"));
    assert!(fs::read_to_string(d.join("app.py")).unwrap().contains("os.environ[\"XAI_API_KEY\"]"));
    let before = snapshot(d);
    assert_eq!(run(d, &["check", "--isolated", "--fix", "."]).status.code(), Some(0));
    assert_eq!(snapshot(d), before, "a second --fix changed something");
}

#[test]
fn unsafe_fix_moves_a_hardcoded_key_into_env() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = synthetic_key(90);
    git_output(d, &["init", "-q"]);
    write(
        d,
        "app.py",
        &format!("\"\"\"The bot.\"\"\"\nfrom xai_sdk import Client\nclient = Client(api_key=\"{key}\")\n"),
    );
    write(d, "web/call.ts", &format!("const key = '{key}';\n"));
    // safe fixes alone leave the key
    let out = run(d, &["check", "--isolated", "--fix", "."]);
    assert_eq!(out.status.code(), Some(1));
    no_leak(&out, &key);
    // the diff shows the change, redacted, and writes nothing
    let before = snapshot(d);
    let diff = run(d, &["check", "--isolated", "--diff", "--unsafe-fixes", "."]);
    no_leak(&diff, &key);
    assert!(stdout(&diff).contains("+client = Client(api_key=os.environ[\"XAI_API_KEY\"])"), "{}", stdout(&diff));
    assert_eq!(snapshot(d), before);
    // applied: code reads the environment, the key is in the ignored .env, the name documented
    let out = run(d, &["check", "--isolated", "--fix", "--unsafe-fixes", "."]);
    no_leak(&out, &key);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("regenerated"));
    let app = fs::read_to_string(d.join("app.py")).unwrap();
    assert!(app.starts_with("\"\"\"The bot.\"\"\"\nimport os\n"), "{app}");
    assert!(app.contains("Client(api_key=os.environ[\"XAI_API_KEY\"])"));
    assert_eq!(fs::read_to_string(d.join("web/call.ts")).unwrap(), "const key = process.env.XAI_API_KEY;\n");
    assert_eq!(fs::read_to_string(d.join(".env")).unwrap(), format!("XAI_API_KEY={key}\n"));
    assert_eq!(fs::read_to_string(d.join(".gitignore")).unwrap(), ".env\n");
    assert_eq!(fs::read_to_string(d.join(".env.example")).unwrap(), "XAI_API_KEY=\n");
    // re-checked clean, and a second run changes nothing
    let again = snapshot(d);
    assert_eq!(run(d, &["check", "--isolated", "--fix", "--unsafe-fixes", "."]).status.code(), Some(0));
    assert_eq!(snapshot(d), again);
}

#[test]
fn unsafe_fix_is_refused_when_env_is_tracked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = synthetic_key(91);
    git_output(d, &["init", "-q"]);
    write(d, ".env", "LOG_LEVEL=info\n");
    git_output(d, &["add", ".env"]);
    write(d, "app.py", &format!("KEY = \"{key}\"\n"));
    let before = snapshot(d);
    let out = run(d, &["check", "--isolated", "--fix", "--unsafe-fixes", "."]);
    no_leak(&out, &key);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(".env is tracked by git"), "{}", stderr(&out));
    assert_eq!(snapshot(d), before);
}
