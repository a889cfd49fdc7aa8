//! Where users run it: pre-commit hook on real git repositories, --staged, SARIF validated
//! against the official schema, GitHub annotations, config errors, suppressions, baselines.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    git_output(dir, args)
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(git(dir.path(), &["init", "-q", "-b", "main"]).status.success());
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn hook_blocks_keys_passes_clean_and_judges_staged_content() {
    let r = repo();
    let d = r.path();
    let out = run(d, &["hook", "install"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a clean file passes
    write(d, "app.py", "import os\nkey = os.environ['XAI_API_KEY']\n");
    git(d, &["add", "app.py"]);
    let c = git(d, &["commit", "-qm", "clean"]);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    // a key is blocked, with the diagnostic shown
    let key = synthetic_key(11);
    write(d, "config.py", &format!("XAI_API_KEY = \"{key}\"\n"));
    git(d, &["add", "config.py"]);
    let c = git(d, &["commit", "-qm", "key"]);
    let all = format!("{}{}", String::from_utf8_lossy(&c.stdout), String::from_utf8_lossy(&c.stderr));
    assert!(!c.status.success(), "commit with a key went through");
    assert!(all.contains("hardcoded-key"), "{all}");
    assert!(all.contains("--no-verify"), "{all}");
    assert!(whole_keys(&all).is_empty(), "the hook printed a whole key");
    // removed from the working tree only: still staged, still blocked
    write(d, "config.py", "import os\nXAI_API_KEY = os.environ['XAI_API_KEY']\n");
    let c = git(d, &["commit", "-qm", "key"]);
    assert!(!c.status.success(), "a staged key went through because the working tree was clean");
    // --staged from the command line sees the same
    let out = run(d, &["check", "--staged", "--format", "json"]);
    assert_eq!(finding_lines(&stdout(&out)), vec!["config.py:1:16 hardcoded-key"]);
    // once the clean version is staged, the commit passes
    git(d, &["add", "config.py"]);
    assert!(git(d, &["commit", "-qm", "fixed"]).status.success());
    // uninstall removes it
    assert_eq!(run(d, &["hook", "uninstall"]).status.code(), Some(0));
    assert!(!d.join(".git/hooks/pre-commit").exists());
}

#[test]
fn staged_only_reports_staged_files_and_needs_git() {
    let r = repo();
    let d = r.path();
    write(d, "unstaged.py", &format!("K = '{}'\n", synthetic_key(12)));
    write(d, "staged.env", "XAI_API_KEY=changeme\n");
    git(d, &["add", "staged.env"]);
    let out = run(d, &["check", "--staged", "--format", "json"]);
    assert_eq!(finding_lines(&stdout(&out)), vec!["staged.env:1:13 placeholder-key"]);
    let outside = tempfile::tempdir().unwrap();
    let out = run(outside.path(), &["check", "--staged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not inside a git repository"), "{}", stderr(&out));
}

#[test]
fn hook_honours_core_hooks_path() {
    let r = repo();
    let d = r.path();
    git(d, &["config", "core.hooksPath", ".githooks"]);
    assert_eq!(run(d, &["hook", "install"]).status.code(), Some(0));
    assert!(d.join(".githooks/pre-commit").is_file());
    assert!(!d.join(".git/hooks/pre-commit").exists());
    write(d, "k.env", &format!("XAI_API_KEY={}\n", synthetic_key(13)));
    git(d, &["add", "k.env"]);
    assert!(!git(d, &["commit", "-qm", "k"]).status.success());
}

#[test]
fn existing_hook_is_chained_and_restored_on_uninstall() {
    let r = repo();
    let d = r.path();
    let hook = d.join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    let foreign = "#!/bin/sh\necho foreign-ran >&2\n[ -e block-me ] && exit 7\nexit 0\n";
    fs::write(&hook, foreign).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = run(d, &["hook", "install"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("runs first"), "{}", stdout(&out));
    assert!(fs::read_to_string(&hook).unwrap().contains("xai-lint"));
    assert_eq!(fs::read_to_string(d.join(".git/hooks/pre-commit.xai-lint-chained")).unwrap(), foreign);
    // the old hook runs, then xai-lint: a clean commit passes through both
    write(d, "app.py", "import os\nk = os.environ['XAI_API_KEY']\n");
    git(d, &["add", "app.py"]);
    let ok = git(d, &["commit", "-qm", "clean"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stderr(&ok).contains("foreign-ran"), "{}", stderr(&ok));
    // the old hook's failure stops the commit
    write(d, "block-me", "x\n");
    write(d, "b.py", "x = 1\n");
    git(d, &["add", "b.py"]);
    assert!(!git(d, &["commit", "-qm", "blocked by the old hook"]).status.success());
    fs::remove_file(d.join("block-me")).unwrap();
    // and xai-lint's verdict still counts
    write(d, "k.env", &format!("XAI_API_KEY={}\n", synthetic_key(14)));
    git(d, &["add", "k.env"]);
    assert!(!git(d, &["commit", "-qm", "key"]).status.success());
    assert_eq!(run(d, &["hook", "uninstall"]).status.code(), Some(0));
    assert_eq!(fs::read_to_string(&hook).unwrap(), foreign);
    assert!(!d.join(".git/hooks/pre-commit.xai-lint-chained").exists());
    // uninstall never removes a hook it did not write
    assert_eq!(run(d, &["hook", "uninstall"]).status.code(), Some(2));
    assert!(hook.exists());
}

#[test]
fn pre_commit_framework_hook_is_chained_with_a_note() {
    let r = repo();
    let d = r.path();
    let hook = d.join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n").unwrap();
    let out = run(d, &["hook", "install"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(".pre-commit-config.yaml"), "{}", stdout(&out));
}

#[test]
fn hook_fails_closed_when_the_binary_is_missing() {
    let r = repo();
    let d = r.path();
    assert_eq!(run(d, &["hook", "install"]).status.code(), Some(0));
    write(d, "a.py", "x = 1\n");
    git(d, &["add", "a.py"]);
    let commit = |extra: &[(&str, &str)]| {
        let mut c = std::process::Command::new("git");
        c.args(["commit", "-qm", "m"])
            .current_dir(d)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("XAI_LINT", "/nonexistent/xai-lint")
            .env("PATH", "/usr/bin:/bin");
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let blocked = commit(&[]);
    assert!(!blocked.status.success());
    let msg = stderr(&blocked);
    assert!(msg.contains("missing") && msg.contains("--no-verify") && msg.contains("XAI_LINT_SKIP"), "{msg}");
    let skipped = commit(&[("XAI_LINT_SKIP", "1")]);
    assert!(skipped.status.success(), "{}", stderr(&skipped));
}

fn findings_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", &format!("import os\nKEY = \"{}\"\n", synthetic_key(20)));
    write(dir.path(), ".env", "XAI_API_KEY=xai-your-key-here\n");
    write(dir.path(), "odd path/a b.ts", "const XAI_API_KEY = 'xai-abc123DEF456ghi789JKL012mno';\n");
    dir
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = findings_tree();
    let out = run(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 4);
    for r in rules {
        for field in ["id", "name", "shortDescription", "fullDescription", "help"] {
            assert!(!r[field].is_null(), "rule without {field}: {r}");
        }
        // code scanning ranks by security-severity; only leak rules are security rules, and the
        // meta rule (whose page is `xai-lint explain`) has neither a rank nor an outside page
        let tags: Vec<&str> = r["properties"]["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        let meta = r["name"] == "unused-suppression";
        assert_eq!(r["properties"]["security-severity"].is_null(), meta, "{r}");
        assert_eq!(r["helpUri"].is_null(), meta, "{r}");
        assert_eq!(tags.contains(&"security"), tags.contains(&"leak"), "{r}");
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(res["partialFingerprints"]["xaiLintFindingHash/v1"].is_string());
    }
    assert!(stdout(&out).contains("odd%20path/a%20b.ts"));
    assert!(whole_keys(&stdout(&out)).is_empty());
}

#[test]
fn fingerprints_survive_line_shifts() {
    let dir = findings_tree();
    let before = stdout(&run(dir.path(), &["check", "--format", "sarif", "."]));
    let text = fs::read_to_string(dir.path().join("app.py")).unwrap();
    fs::write(dir.path().join("app.py"), format!("# a new first line\n\n{text}")).unwrap();
    let after = stdout(&run(dir.path(), &["check", "--format", "sarif", "."]));
    let fps = |s: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        let mut f: Vec<String> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["xaiLintFindingHash/v1"].as_str().unwrap().to_string())
            .collect();
        f.sort();
        f
    };
    assert_eq!(fps(&before), fps(&after));
}

#[test]
fn github_annotations() {
    let dir = findings_tree();
    let out = stdout(&run(dir.path(), &["check", "--format", "github", "."]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=app.py,line=2,col=8,endLine=2,endColumn=92,title=xai-lint hardcoded-key (XAI001)::"
        )),
        "{out}"
    );
    assert!(lines.iter().any(|l| l.starts_with("::error file=odd path/a b.ts,line=1,")), "{out}");
    assert!(out.contains("%0A"), "multi-line messages are escaped: {out}");
    assert!(whole_keys(&out).is_empty());
}

#[test]
fn fail_on_and_config_levels() {
    let dir = findings_tree();
    write(
        dir.path(),
        "xai-lint.toml",
        "[rules]\nplaceholder-key = \"warning\"\nmalformed-key = \"off\"\nhardcoded-key = \"off\"\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(finding_lines(&stdout(&out)), vec![".env:1:13 placeholder-key"]);
    assert_eq!(v["findings"][0]["severity"], "warning");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(run(dir.path(), &["check", "--fail-on", "error", "."]).status.code(), Some(0));
    assert_eq!(run(dir.path(), &["check", "--fail-on", "none", "."]).status.code(), Some(0));
}

#[test]
fn config_excludes_key_vars_known_fakes_and_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "vendor/lib.py", &format!("K = '{}'\n", synthetic_key(30)));
    write(
        d,
        "app.py",
        "MY_TOKEN_FOR_GROK = 'xai-abc123DEF456ghi789JKL012mno'\nOTHER_SECRET = 'xai-abc123DEF456ghi789JKL012mnp'\n",
    );
    write(d, "pyproject.toml", "[project]\nname = \"x\"\n\n[tool.xai-lint]\nexclude = [\"vendor/\"]\nknown-fakes = [\"xai-abc123DEF456ghi789JKL012mnp\"]\n");
    let got = finding_lines(&stdout(&run(d, &["check", "--format", "json", "."])));
    assert_eq!(got, vec!["app.py:1:22 malformed-key"]);
    // an excluded file named explicitly (as pre-commit passes files) stays excluded
    let got = finding_lines(&stdout(&run(d, &["check", "--format", "json", "vendor/lib.py"])));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn invalid_config_points_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "xai-lint.toml", "exclude = [\"a\"]\n[rules]\nhardcoded-keys = \"off\"\n");
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown rule `hardcoded-keys`"), "{err}");
    assert!(err.contains("xai-lint.toml:3:1"), "{err}");
    write(dir.path(), "xai-lint.toml", "exclud = []\n");
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown field `exclud`"), "{}", stderr(&out));
    let out = run(dir.path(), &["check", "--config", "missing.toml", "."]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn inline_suppressions_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    let key = synthetic_key(40);
    write(
        dir.path(),
        "app.py",
        &format!(
            "A = '{key}'  # xai-lint: allow(hardcoded-key) -- synthetic key for a parser test\n\
             # xai-lint: allow(XAI001) -- next line\nB = '{key}'\n\
             C = 1  # xai-lint: allow(hardcoded-key) -- nothing here\n\
             D = 2  # xai-lint: allow(hardcoded-keys) -- typo\n\
             E = '{key}'  # xai-lint: allow(hardcoded-key)\n"
        ),
    );
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let got = finding_lines(&stdout(&out));
    assert_eq!(
        got,
        vec!["app.py:4:10 unused-suppression", "app.py:5:10 unused-suppression", "app.py:6:95 unused-suppression"]
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["summary"]["suppressed"], 3);
    assert_eq!(v["findings"][0]["severity"], "warning");
    assert!(v["findings"][2]["message"].as_str().unwrap().contains("no reason"));
}

#[test]
fn baseline_reports_only_new_findings_and_never_stores_keys() {
    let dir = findings_tree();
    let d = dir.path();
    let out = run(d, &["check", "--write-baseline", "baseline.json", "."]);
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(d.join("baseline.json")).unwrap();
    assert!(whole_keys(&text).is_empty());
    assert!(!text.contains("\"line\""), "{text}");
    assert_eq!(run(d, &["check", "--baseline", "baseline.json", "."]).status.code(), Some(0));
    // shifting lines does not make old findings new
    let app = fs::read_to_string(d.join("app.py")).unwrap();
    fs::write(d.join("app.py"), format!("\n\n{app}")).unwrap();
    assert_eq!(run(d, &["check", "--baseline", "baseline.json", "."]).status.code(), Some(0));
    // a new key is new
    write(d, "new.py", &format!("K = '{}'\n", synthetic_key(41)));
    let out = run(d, &["check", "--baseline", "baseline.json", "--format", "json", "."]);
    assert_eq!(finding_lines(&stdout(&out)), vec!["new.py:1:6 hardcoded-key"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["summary"]["baselined"], 3);
}

#[test]
fn staged_reads_are_judged_against_the_whole_tree() {
    let r = repo();
    let d = r.path();
    write(d, ".env.example", "XAI_API_KEY=\n");
    write(d, "docs/README.md", "```sh\nexport XAI_API_KEY=...\n```\n");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "templates"]);
    write(d, "app.py", "import os\nkey = os.environ[\"XIA_API_KEY\"]\n");
    git(d, &["add", "app.py"]);
    let out = run(d, &["check", "--staged", "--format", "json"]);
    assert_eq!(finding_lines(&stdout(&out)), vec!["app.py:2:19 env-mismatch"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let related = v["findings"][0]["related"].as_array().unwrap();
    assert!(related.iter().any(|r| r["file"] == ".env.example"), "{v:#}");
    assert_eq!(v["summary"]["files_scanned"], 1, "only the staged file is scanned and reported");
}
