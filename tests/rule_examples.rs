//! The examples in each rule's file are tests: each `fires = true` example must be reported by
//! that rule, each `fires = false` one must not. Also: every rule function has a file and
//! every file a function, with unique ids and names.

mod common;
use common::*;
use xai_lint::discover::{scan, WalkOptions};
use xai_lint::ruledoc;
use xai_lint::rules::RULES;

#[test]
fn rule_files_and_functions_match() {
    let docs = ruledoc::all();
    for r in RULES {
        assert!(ruledoc::find(r.id.name()).is_some(), "rule {} has no file in rules/", r.id.name());
    }
    for d in docs {
        assert!(RULES.iter().any(|r| r.id.name() == d.name), "rules/{}.toml has no rule function", d.name);
        assert_eq!(docs.iter().filter(|o| o.id == d.id).count(), 1, "duplicate id {}", d.id);
        assert_eq!(docs.iter().filter(|o| o.name == d.name).count(), 1, "duplicate name {}", d.name);
        assert!(!d.fix.is_empty() && !d.examples.is_empty(), "{} needs fix steps and examples", d.name);
    }
}

#[test]
fn examples_fire_and_counter_examples_do_not() {
    let mut failures = Vec::new();
    let mut n = 0;
    for doc in ruledoc::all() {
        for (i, ex) in doc.examples.iter().enumerate() {
            n += 1;
            let dir = tempfile::tempdir().unwrap();
            for (k, (path, code)) in ex.files().into_iter().enumerate() {
                let p = dir.path().join(&path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                let code = code.replace("{KEY}", &synthetic_key(1000 + (i * 10 + k) as u64));
                std::fs::write(p, code).unwrap();
            }
            let opts = WalkOptions { no_ignore: true, max_file_size: 1 << 20, threads: 1, ..Default::default() };
            let r = scan(&[dir.path().to_path_buf()], &opts);
            let config = xai_lint::config::discover(None, dir.path()).expect("example config is valid").config;
            let outcome = xai_lint::project::finish(r.outputs, &config, None, None);
            let fired = outcome.findings.iter().any(|f| f.rule.name == doc.name);
            if fired != ex.fires {
                let files: Vec<String> = ex.files().into_iter().map(|(p, c)| format!("--- {p}\n{c}")).collect();
                let got: Vec<String> =
                    outcome.findings.iter().map(|f| format!("{}:{} {}", f.file, f.line, f.rule.name)).collect();
                failures.push(format!(
                    "{} example #{i} (fires = {}):\n{}\ngot: {got:?}",
                    doc.name,
                    ex.fires,
                    files.join("\n")
                ));
            }
        }
    }
    assert!(n > 10);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn readme_rule_table_lists_every_rule() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<(String, String)> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let name = cells.get(1)?.trim_matches('`');
            let id = cells.get(2)?;
            id.starts_with("XAI").then(|| (name.to_string(), id.to_string()))
        })
        .collect();
    let docs: Vec<(String, String)> = ruledoc::all().iter().map(|d| (d.name.clone(), d.id.clone())).collect();
    let mut a = rows.clone();
    a.sort();
    let mut b = docs.clone();
    b.sort();
    assert_eq!(a, b, "README's rule table and rules/*.toml disagree");
}
