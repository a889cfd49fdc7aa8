//! Command-line behaviour of the real binary: exit codes, formats, determinism, bad input.

mod common;
use common::*;
use std::fs;

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn exit_codes() {
    let clean = tree(&[("app.py", "import os\nkey = os.environ['XAI_API_KEY']\n")]);
    assert_eq!(run(clean.path(), &["check", "."]).status.code(), Some(0));
    let dirty = tree(&[("app.py", &format!("KEY = '{}'\n", synthetic_key(1)))]);
    assert_eq!(run(dirty.path(), &["check", "."]).status.code(), Some(1));
    // bare `xai-lint` checks the current folder
    assert_eq!(run(dirty.path(), &[]).status.code(), Some(1));
    let missing = run(clean.path(), &["check", "no/such/path"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no/such/path"), "{}", stderr(&missing));
    assert_eq!(run(clean.path(), &["check", "--format", "nope"]).status.code(), Some(2));
    assert_eq!(run(clean.path(), &["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn json_document_shape() {
    let key = synthetic_key(2);
    let dir = tree(&[("src/app.py", &format!("client = Client(api_key=\"{key}\")\n"))]);
    let out = run(dir.path(), &["check", "--format", "json", "src"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["kind"], "hardcoded-key");
    assert_eq!(f["rule"], "XAI001");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "src/app.py");
    assert_eq!(f["line"], 1);
    assert_eq!(f["column"], 26);
    assert!(f["message"].as_str().unwrap().contains("api_key"));
    let red = f["redacted"].as_str().unwrap();
    assert_eq!(red, format!("{}…{}", &key[..7], &key[80..]));
    assert_eq!(v["summary"]["files_scanned"], 1);
    assert_eq!(v["summary"]["findings"], 1);
}

#[test]
fn output_does_not_depend_on_threads() {
    let mut files = Vec::new();
    for i in 0..60 {
        files
            .push((format!("d{}/f{i}.py", i % 7), format!("K{i} = '{}'\nX = 'xai-your-key-here'\n", synthetic_key(i))));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = tree(&refs);
    let one = stdout(&run(dir.path(), &["check", "--format", "json", "-j", "1", "."]));
    for _ in 0..3 {
        let many = stdout(&run(dir.path(), &["check", "--format", "json", "-j", "4", "."]));
        assert_eq!(one, many);
    }
    let h1 = stdout(&run(dir.path(), &["check", "-j", "1", "."]));
    let h4 = stdout(&run(dir.path(), &["check", "-j", "4", "."]));
    assert_eq!(h1, h4);
}

#[test]
fn respects_gitignore_but_scans_hidden_files_and_never_git() {
    let key = synthetic_key(3);
    let line = format!("XAI_API_KEY={key}\n");
    let dir = tree(&[
        (".gitignore", "ignored/\n"),
        ("ignored/.env", &line),
        (".github/workflows/ci.env", &line),
        (".streamlit/secrets.toml", &format!("XAI_API_KEY = \"{key}\"\n")),
        (".git/config", &line),
    ]);
    let got = finding_lines(&stdout(&run(dir.path(), &["check", "--format", "json", "."])));
    assert_eq!(got, vec![".github/workflows/ci.env:1:13 hardcoded-key", ".streamlit/secrets.toml:1:16 hardcoded-key"]);
    let all = finding_lines(&stdout(&run(dir.path(), &["check", "--format", "json", "--no-ignore", "."])));
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(!all.iter().any(|l| l.starts_with(".git/")));
}

#[cfg(unix)]
#[test]
fn bad_input_is_counted_and_named_never_fatal() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let key = synthetic_key(4);
    let dir = tree(&[
        ("good.py", &format!("K = '{key}'\n")),
        ("locked.py", &format!("K = '{key}'\n")),
        ("big.txt", &"a".repeat(3000)),
    ]);
    fs::write(dir.path().join("bin.dat"), b"\x00\x01\x02xai-").unwrap();
    symlink("does-not-exist", dir.path().join("dangling.py")).unwrap();
    fs::set_permissions(dir.path().join("locked.py"), fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = fs::read(dir.path().join("locked.py")).is_ok();
    let out = run(dir.path(), &["check", "--format", "json", "--verbose", "--max-file-size", "2K", "."]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let skipped = &v["summary"]["skipped"];
    assert_eq!(skipped["binary"], 1);
    assert_eq!(skipped["too_large"], 1);
    let err = stderr(&out);
    assert!(err.contains("bin.dat: binary"), "{err}");
    assert!(err.contains("big.txt: too large"), "{err}");
    assert!(err.contains("dangling.py"), "{err}");
    if !root_can_read {
        assert!(err.contains("locked.py: unreadable"), "{err}");
    }
    assert!(finding_lines(&stdout(&out)).contains(&"good.py:1:6 hardcoded-key".to_string()));
}

#[test]
fn rules_and_explain() {
    let dir = tree(&[]);
    let out = stdout(&run(dir.path(), &["rules"]));
    for name in ["hardcoded-key", "placeholder-key", "malformed-key"] {
        assert!(out.contains(name), "{out}");
        let page = run(dir.path(), &["explain", name]);
        assert_eq!(page.status.code(), Some(0));
        let text = stdout(&page);
        assert!(text.contains("## How to fix it"), "{text}");
    }
    assert!(stdout(&run(dir.path(), &["explain", "XAI001"])).contains("# hardcoded-key"));
}

#[test]
fn human_output_shows_rule_span_and_help() {
    let key = synthetic_key(5);
    let dir = tree(&[(".env", &format!("LOG=1\nXAI_API_KEY={key}\n"))]);
    let out = stdout(&run(dir.path(), &["check", "."]));
    assert!(out.contains("hardcoded-key (XAI001)"), "{out}");
    assert!(out.contains(".env:2:13"), "{out}");
    assert!(out.contains(&format!("XAI_API_KEY={}…{}", &key[..7], &key[80..])), "{out}");
    assert!(out.contains("xai-lint explain hardcoded-key"), "{out}");
    assert!(out.contains("1 finding in 1 file scanned"), "{out}");
}

#[test]
fn the_repository_lints_clean_with_its_own_config() {
    let out = run(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn settings_text_and_defaults_are_not_placeholders() {
    let dir = tree(&[
        (".env", "XAI_MAX_TOKENS=\nGROK_TOKEN_LIMIT=4096\n"),
        ("locales/en.json", "{ \"xaiApiKey\": \"Enter your xAI API key\" }\n"),
        ("config/app.json", "{ \"xaiApiKey\": \"Paste the xAI key you created here\" }\n"),
        ("chart/values.yaml", "xai:\n  apiKey: \"\"\nXAI_API_KEY: changeme\n"),
        ("deploy.yml", "env:\n  XAI_API_KEY: null\n"),
    ]);
    let got = finding_lines(&stdout(&run(dir.path(), &["check", "--format", "json", "."])));
    assert!(got.is_empty(), "{got:?}");
}

/// With 60 findings the human report stays short (a third of the 1,373 lines it once took): the
/// fix steps are printed once per rule, not per finding; a narrow terminal breaks no command.
#[test]
fn sixty_findings_read_in_a_few_hundred_lines() {
    let mut files = Vec::new();
    for i in 0..60 {
        files.push((format!("src/m{i}.py"), format!("import os\nKEY_{i} = \"{}\"\n", synthetic_key(500 + i))));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = tree(&refs);
    let out = std::process::Command::new(bin())
        .args(["check", "--isolated", "--color", "never", "."])
        .current_dir(dir.path())
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let text = stdout(&out);
    let lines = text.lines().count();
    assert!(lines <= 1373 / 3, "{lines} lines for 60 findings");
    assert_eq!(text.matches("How to fix hardcoded-key").count(), 1);
    assert!(text.trim_end().ends_with("60 findings in 60 files scanned (60 errors, 0 warnings): hardcoded-key 60"));
    let narrow = std::process::Command::new(bin())
        .args(["check", "--isolated", "--color", "never", "--show-fixes", "."])
        .current_dir(dir.path())
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert!(stdout(&narrow).contains("`xai-lint explain hardcoded-key`"));
}

#[test]
fn readme_lists_the_same_ecosystems_as_explain() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let table = std::fs::read_to_string(root.join("rules/ecosystems.md")).unwrap();
    let body = table.split_once("\n\n").map_or(table.as_str(), |(_, b)| b);
    assert!(readme.contains(body.trim()), "README's ecosystems table differs from rules/ecosystems.md");
}
