//! No output ever contains a whole key: every format, verbose mode, statistics, fix diffs,
//! explain pages, errors. (The language server, `check --verify` and `--fix` have their own
//! no-leak checks in tests/server.rs, tests/verify.rs and tests/fix.rs.)

mod common;
use common::*;

#[test]
fn no_format_prints_a_whole_key() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path().join("tree");
        if !dir.is_dir() {
            continue;
        }
        for format in ["human", "concise", "json", "sarif", "github", "markdown"] {
            for extra in [
                &[][..],
                &["--verbose"][..],
                &["--color", "always"][..],
                &["--statistics"][..],
                &["--diff", "--unsafe-fixes"][..],
            ] {
                let mut args = vec!["check", "--isolated", "--no-ignore", "--format", format, "."];
                args.extend_from_slice(extra);
                let out = run(&dir, &args);
                let all = format!("{}{}", stdout(&out), stderr(&out));
                assert!(whole_keys(&all).is_empty(), "{} {args:?} printed a whole key", dir.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 10);
}

#[test]
fn explain_pages_show_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let rules = stdout(&run(dir.path(), &["rules"]));
    for line in rules.lines() {
        let name = line.split_whitespace().nth(1).unwrap();
        let page = stdout(&run(dir.path(), &["explain", name]));
        assert!(whole_keys(&page).is_empty(), "explain {name}");
    }
}

#[test]
fn a_key_in_a_path_argument_error_is_redacted_too() {
    // a key-shaped file name: the path is part of the output, but it is not a secret we found
    // in content; still, errors about missing paths must not echo arbitrary keys back
    let dir = tempfile::tempdir().unwrap();
    let key = synthetic_key(77);
    let out = run(dir.path(), &["check", &format!("missing-{key}")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(whole_keys(&format!("{}{}", stdout(&out), stderr(&out))).is_empty());
}

#[test]
fn error_paths_show_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = synthetic_key(90);
    std::fs::write(d.join("app.py"), format!("K = '{key}'\n")).unwrap();
    // an invalid configuration whose excerpt holds a key
    std::fs::write(d.join("xai-lint.toml"), format!("# old key {key}\nknown-fakes = 5\n")).unwrap();
    let out = run(d, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("known-fakes") || all.contains("invalid"), "{all}");
    assert!(whole_keys(&all).is_empty(), "{all}");
    assert!(!all.contains(&key[10..40]), "{all}");
    std::fs::remove_file(d.join("xai-lint.toml")).unwrap();
    // a baseline that cannot be read, a path that does not exist, an unknown rule
    for args in [
        &["check", "--baseline", "missing.json", "."][..],
        &["check", &format!("no-such-{key}")][..],
        &["explain", &key][..],
        &["check", "--staged"][..],
        &["check", "--history"][..],
    ] {
        let out = run(d, args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(whole_keys(&all).is_empty(), "{args:?}: {all}");
    }
}

#[test]
fn json_and_sarif_do_not_depend_on_threads() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path().join("tree");
        if !dir.is_dir() {
            continue;
        }
        for format in ["json", "sarif"] {
            let one = stdout(&run(&dir, &["check", "--isolated", "--no-ignore", "--format", format, "-j", "1", "."]));
            let many = stdout(&run(&dir, &["check", "--isolated", "--no-ignore", "--format", format, "-j", "8", "."]));
            assert_eq!(one, many, "{} {format}", dir.display());
            checked += 1;
        }
    }
    assert!(checked > 20);
}

#[test]
fn keys_in_odd_places_stay_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = synthetic_key(91);
    let mgmt = format!("xai-token-{}", &synthetic_key(92)[4..]);
    // a key pasted where the ACLs belong
    std::fs::write(d.join("xai-lint.toml"), format!("[permissions]\nXAI_API_KEY = [\"{key}\"]\n")).unwrap();
    let out = run(d, &["check", "."]);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(!all.contains(&key[8..40]), "{all}");
    std::fs::write(d.join("xai-lint.toml"), format!("known-fakes = \"{key}\"\n")).unwrap();
    let out = run(d, &["check", "."]);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!all.contains(&key[8..40]), "{all}");
    std::fs::remove_file(d.join("xai-lint.toml")).unwrap();
    // a key stored in the browser, a key at the edge of a window on a long line
    std::fs::write(d.join("store.ts"), format!("localStorage.setItem('k', '{mgmt}');\n")).unwrap();
    let pad = "x".repeat(700);
    std::fs::write(
        d.join("bundle.js"),
        format!("var p=\"{pad}\";var a=\"{key}\",b=process.env.NEXT_PUBLIC_XAI_API_KEY;\n"),
    )
    .unwrap();
    for format in ["human", "concise", "json", "sarif", "github", "markdown"] {
        let out = run(d, &["check", "--format", format, "."]);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(whole_keys(&all).is_empty(), "{format}: {all}");
        assert!(!all.contains(&key[10..30]) && !all.contains(&mgmt[14..34]), "{format}: {all}");
    }
}

/// A key pasted where a name belongs (a .NET configuration path, a settings key): readers take
/// names as they are, and names are printed whole; a name holding a key must never reach a
/// message (it did: env-mismatch quoted the read and the near "definition").
#[test]
fn keys_used_as_names_stay_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a key that happens to contain "key", so it also looks like an xAI key variable's name
    let mut key = synthetic_key(93);
    key.replace_range(24..27, "key");
    key.replace_range(82..84, "Q7");
    std::fs::write(d.join("Program.cs"), format!("var k = builder.Configuration[\"{key}\"];\n")).unwrap();
    std::fs::write(d.join("appsettings.json"), format!("{{ \"{}\": \"\" }}\n", &key[..key.len() - 1])).unwrap();
    std::fs::write(d.join("config.php"), format!("<?php\n$k = config('{key}.x');\n")).unwrap();
    for format in ["human", "concise", "json", "sarif", "github", "markdown"] {
        let out = run(d, &["check", "--isolated", "--format", format, "."]);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(whole_keys(&all).is_empty(), "{format}: {all}");
        assert!(!all.contains(&key[10..40]), "{format}: {all}");
    }
}
