//! Runs the real binary over every fixture tree and compares its findings with the
//! `expected` file beside the tree (`path:line:col kind`, one per line).

mod common;
use common::*;

#[test]
fn every_fixture_gives_its_expected_findings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        let expected_file = dir.join("expected");
        if !expected_file.is_file() {
            continue;
        }
        count += 1;
        let expected: Vec<String> = std::fs::read_to_string(&expected_file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect();
        let out = run(&dir.join("tree"), &["check", "--isolated", "--format", "json", "--no-ignore", "."]);
        let got = finding_lines(&stdout(&out));
        // the usage inventory, where the fixture states one
        let usage_file = dir.join("expected-usage");
        if usage_file.is_file() {
            let want: Vec<String> = std::fs::read_to_string(&usage_file).unwrap().lines().map(String::from).collect();
            let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            let mut have: Vec<String> = v["usage"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    format!(
                        "{}:{}:{} {} {}",
                        u["file"].as_str().unwrap(),
                        u["line"],
                        u["column"],
                        u["kind"].as_str().unwrap(),
                        u["name"].as_str().unwrap()
                    )
                })
                .collect();
            have.sort();
            if have != want {
                failures.push(format!("fixture {}: usage\n  want: {want:#?}\n  have: {have:#?}", dir.display()));
            }
        }
        let code = out.status.code();
        let want_code = if expected.is_empty() { Some(0) } else { Some(1) };
        if got != expected || code != want_code {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            failures.push(format!(
                "fixture {name}: exit {code:?} (want {want_code:?})\n  missing: {missing:#?}\n  unexpected: {extra:#?}"
            ));
        }
    }
    assert!(count >= 8, "expected the fixture trees, found {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The committed fixture trees are exactly what `fixtures/make.py` writes: an edited
/// expectation cannot drift from the script that states it. (Skipped where python3 is missing.)
#[test]
fn fixtures_match_their_generator() {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3").arg(fixtures().join("make.py")).arg(out.path()).status();
    let Ok(status) = status else {
        eprintln!("python3 not found: generator check skipped");
        return;
    };
    assert!(status.success());
    let mut diffs = Vec::new();
    compare(out.path(), &fixtures(), out.path(), &mut diffs);
    assert!(diffs.is_empty(), "fixtures differ from make.py's output (run python3 fixtures/make.py): {diffs:#?}");
}

fn compare(root: &std::path::Path, committed: &std::path::Path, dir: &std::path::Path, diffs: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let rel = p.strip_prefix(root).unwrap();
        if p.is_dir() {
            compare(root, committed, &p, diffs);
        } else if std::fs::read(&p).ok() != std::fs::read(committed.join(rel)).ok() {
            diffs.push(rel.display().to_string());
        }
    }
}
