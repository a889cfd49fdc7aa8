//! Hostile trees: symlink loops and links out of the tree, a FIFO, unreadable files, files
//! removed during the walk, non-UTF-8 names, a 2 GB sparse file, a 50 MB line, 100 000 tiny
//! files, deep nesting, a minified bundle, a key split across CRLF. For each: no crash, the rest
//! of the tree still scanned and reported, skipped files counted and named.

#![cfg(unix)]

mod common;
use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let mut a = vec!["check", "--isolated", "--format", "json", "--verbose"];
    a.extend_from_slice(args);
    let out = run(dir, &a);
    let err = stderr(&out);
    assert!(!err.contains("internal error"), "{err}");
    assert!(whole_keys(&format!("{}{err}", stdout(&out))).is_empty());
    let v = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (out.status.code(), v, err)
}

fn files(v: &serde_json::Value) -> Vec<String> {
    let mut f: Vec<String> = finding_lines(&v.to_string());
    f.dedup();
    f
}

#[test]
fn links_fifos_and_odd_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.py"), format!("K = '{}'\n", synthetic_key(1))).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    symlink("..", d.join("sub/loop")).unwrap();
    symlink(outside.path(), d.join("out")).unwrap();
    symlink("nowhere", d.join("broken.py")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(d.join("pipe.env")).status().unwrap().success());
    let name = std::ffi::OsStr::from_bytes_compat(b"k\xff.py");
    fs::write(d.join(name), format!("K = '{}'\n", synthetic_key(2))).unwrap();
    fs::write(d.join("good.py"), format!("K = '{}'\n", synthetic_key(3))).unwrap();
    let (code, v, err) = json(d, &["."]);
    assert_eq!(code, Some(1));
    let got = files(&v);
    assert!(got.contains(&"good.py:1:6 hardcoded-key".to_string()), "{got:?}");
    assert!(got.iter().any(|l| l.starts_with("k\u{fffd}.py:1:6")), "{got:?}");
    assert!(!got.iter().any(|l| l.contains("secret.py")), "links are not followed by default: {got:?}");
    assert!(err.contains("pipe.env"), "{err}");
    assert!(err.contains("broken.py"), "{err}");
    // following links: the loop is reported, not followed forever; the link out is followed
    let (_, v, err) = json(d, &["--follow", "."]);
    assert!(files(&v).iter().any(|l| l.starts_with("out/secret.py")), "{v}");
    assert!(err.contains("sub/loop: unreadable (File system loop found"), "{err}");
}

trait FromBytes {
    fn from_bytes_compat(b: &[u8]) -> &std::ffi::OsStr;
}
impl FromBytes for std::ffi::OsStr {
    fn from_bytes_compat(b: &[u8]) -> &std::ffi::OsStr {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b)
    }
}

#[test]
fn huge_sparse_long_line_minified_and_deep() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a 2 GB sparse file: skipped by size, never read
    fs::File::create(d.join("sparse.log")).unwrap().set_len(2 << 30).unwrap();
    // one 50 MB line with a key in the middle
    let key = synthetic_key(10);
    let mut line = "a".repeat(25 << 20);
    line.push_str(&format!(" {key} "));
    line.push_str(&"b".repeat(25 << 20));
    fs::write(d.join("long.txt"), &line).unwrap();
    drop(line);
    // a minified bundle with a key inside
    let mut bundle = String::new();
    for i in 0..50_000 {
        bundle.push_str(&format!("var a{i}=function(b){{return b+{i}}};"));
    }
    bundle.push_str(&format!("var k=\"{}\";", synthetic_key(11)));
    fs::write(d.join("bundle.min.js"), &bundle).unwrap();
    // deep nesting in JSON, YAML and Rust
    fs::write(d.join("deep.json"), format!("{}\"xai\"{}", "[".repeat(200_000), "]".repeat(200_000))).unwrap();
    let mut yaml = String::new();
    for i in 0..5000 {
        yaml.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
    }
    fs::write(d.join("deep.yml"), format!("{yaml}{}XAI_API_KEY: xai\n", " ".repeat(5000))).unwrap();
    fs::write(
        d.join("deep.rs"),
        format!("fn f() {{ let x = {}\"xai\"{}; }}", "(".repeat(100_000), ")".repeat(100_000)),
    )
    .unwrap();
    // a key split across CRLF in an env file: the first half is a cut-short key
    fs::write(d.join("split.env"), format!("XAI_API_KEY={}\r\n{}\r\n", &key[..44], &key[44..])).unwrap();
    let (code, v, err) = json(d, &["--max-file-size", "100M", "."]);
    assert_eq!(code, Some(1));
    let got = files(&v);
    assert!(got.contains(&format!("long.txt:1:{} hardcoded-key", (25 << 20) + 2)), "{got:?}");
    assert!(got.iter().any(|l| l.starts_with("bundle.min.js:1:") && l.ends_with("hardcoded-key")), "{got:?}");
    assert!(got.contains(&"split.env:1:13 malformed-key".to_string()), "{got:?}");
    assert_eq!(v["summary"]["skipped"]["too_large"], 1, "{err}");
    assert!(err.contains("sparse.log: too large"), "{err}");
}

#[test]
fn many_tiny_files_and_files_removed_during_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..100_000u32 {
        let sub = d.join(format!("d{}", i % 100));
        if i < 100 {
            fs::create_dir(&sub).unwrap();
        }
        fs::write(sub.join(format!("f{i}.txt")), b"x").unwrap();
    }
    fs::write(d.join("d7/key.py"), format!("K = '{}'\n", synthetic_key(20))).unwrap();
    // remove files while the scan runs
    let victim = d.to_path_buf();
    let remover = std::thread::spawn(move || {
        for i in (0..100_000u32).step_by(3) {
            let _ = fs::remove_file(victim.join(format!("d{}/f{i}.txt", i % 100)));
        }
    });
    let (code, v, _) = json(d, &["-j", "2", "."]);
    remover.join().unwrap();
    assert_eq!(code, Some(1));
    assert_eq!(files(&v), vec!["d7/key.py:1:6 hardcoded-key"]);
    assert!(v["summary"]["files_scanned"].as_u64().unwrap() >= 60_000);
}

#[test]
fn unreadable_files_and_folders_are_counted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("locked")).unwrap();
    fs::write(d.join("locked/k.py"), format!("K = '{}'\n", synthetic_key(30))).unwrap();
    fs::write(d.join("nope.py"), format!("K = '{}'\n", synthetic_key(31))).unwrap();
    fs::write(d.join("ok.py"), format!("K = '{}'\n", synthetic_key(32))).unwrap();
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(d.join("nope.py"), fs::Permissions::from_mode(0o000)).unwrap();
    let root = fs::read(d.join("nope.py")).is_ok();
    let (code, v, err) = json(d, &["."]);
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(1));
    assert!(files(&v).contains(&"ok.py:1:6 hardcoded-key".to_string()));
    if !root {
        // (as root, permissions do not stop reading)
        assert!(err.contains("nope.py: unreadable"), "{err}");
        assert!(err.contains("locked"), "{err}");
    }
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "the panic hook exists in debug builds only")]
fn a_failure_on_one_file_is_contained_and_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = synthetic_key(40);
    fs::write(d.join("boom.py"), format!("BOOM = '{key}'\n")).unwrap();
    fs::write(d.join("ok.py"), format!("K = '{}'\n", synthetic_key(41))).unwrap();
    let out = std::process::Command::new(bin())
        .args(["check", "--isolated", "--format", "json", "--verbose", "."])
        .current_dir(d)
        .env("XAI_LINT_TEST_PANIC", "BOOM")
        .output()
        .unwrap();
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(whole_keys(&all).is_empty(), "{all}");
    assert!(!all.contains(&key[4..30]), "part of the key leaked: {all}");
    // a file that was not checked fails the run (status 2), and says so
    assert_eq!(out.status.code(), Some(2));
    assert!(all.contains("failed on 1 file"), "{all}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["summary"]["skipped"]["internal_error"], 1);
    assert_eq!(finding_lines(&stdout(&out)), vec!["ok.py:1:6 hardcoded-key"]);
}

/// Inputs that once crashed a reader (found by `fuzz/`): each must now be read without a
/// failure, as a file of every format.
#[test]
fn fuzz_regressions_are_read_cleanly() {
    let dir = fixtures().join("fuzz-regressions");
    let mut n = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let bytes = fs::read(entry.unwrap().path()).unwrap();
        for name in [
            "n.ipynb",
            "c.json",
            "app.py",
            ".env",
            "a.ts",
            "main.go",
            "lib.rs",
            "x.yml",
            "c.toml",
            "README.md",
            "run.sh",
            "Dockerfile",
            "notes.txt",
        ] {
            let r =
                xai_lint::discover::check_bytes(name, Path::new(name), &bytes, &xai_lint::output::Settings::default());
            assert!(!matches!(r, Err(xai_lint::output::Skip::Internal(_))), "{name}: {r:?}");
            n += 1;
        }
    }
    assert!(n > 0);
}

/// Byte windows and backward scans that land inside a multi-byte character (found in review):
/// checked without an internal error, and the findings still come.
#[test]
fn multibyte_text_around_windows_and_scans() {
    let d = tempfile::tempdir().unwrap();
    let pad = "é".repeat(5000);
    std::fs::create_dir_all(d.path().join("lib")).unwrap();
    std::fs::write(
        d.path().join("lib/main.dart"),
        format!("final s = \"{}\"; final k = String.fromEnvironment('XAI_API_KEY');\n", "é".repeat(31)),
    )
    .unwrap();
    std::fs::write(
        d.path().join("vite.config.js"),
        format!("// café {pad}\nexport default définir({{ define: {{ x: process.env.XAI_API_KEY }}, y: \"→(\" + process.env.XAI_API_KEY }});\n"),
    )
    .unwrap();
    std::fs::write(d.path().join("app.yml"), "xai:\n  key: \"\\u00e9${XAI_API_KEY:your-key}\"\n").unwrap();
    // a file above the windowing size whose window start (2 KiB before the mention) falls
    // inside a 3-byte character (found on a real repository)
    std::fs::write(d.path().join("big.py"), format!("# {}\nK=\"{}\"\n", "\u{2014}".repeat(100_000), synthetic_key(7)))
        .unwrap();
    // a large Swift file whose xAI mention sits deep inside a multi-line string (setup docs):
    // the window around it must read the string as a string, not its lines as code
    std::fs::write(
        d.path().join("Docs.swift"),
        format!(
            "let corpus = \"\"\"\n{}export XAI_API_KEY=\"xai-...\"\napiKey = \"your-api-key\"\n\"\"\"\n",
            "Some prose about the tool and how to run it.\n".repeat(8000)
        ),
    )
    .unwrap();
    let (code, v, err) = json(d.path(), &["."]);
    assert_eq!(code, Some(1), "{err}");
    assert!(v["summary"]["skipped"].get("internal_error").is_none(), "{v}");
    let files = files(&v);
    assert!(files.iter().any(|f| f.starts_with("lib/main.dart")), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("vite.config.js")), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("big.py:2:4 hardcoded-key")), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("Docs.swift")), "{files:?}");
}
