//! The modules form layers, and a module only imports from layers below its own (or from its own
//! folder). This test reads `src/` and fails on an import that points up or sideways, so the
//! shape cannot rot. Adding a module means giving it a row here (see CONTRIBUTING.md).

use std::collections::BTreeMap;
use std::path::Path;

/// Lowest first. A module may use any module of a lower layer.
const LAYERS: &[&[&str]] = &[
    // the model: text and spans, key shapes, the vocabulary of names, facts, file classes
    &["source", "names"],
    &["keys", "facts", "classify"],
    // never printing a key: redaction and fingerprints
    &["redact"],
    // rule documents and the typed registry generated from rules/*.toml
    &["ruledoc"],
    &["finding", "config"],
    // format and language readers that turn text into facts; suppressions; baselines
    &["readers", "suppress", "baseline"],
    &["usage"],
    // what checking one file gives the run
    &["output"],
    &["rules", "git"],
    // checking one file
    &["engine"],
    // the project pass
    &["project"],
    // scans: the walk, the index, the history
    &["discover"],
    &["history"],
    // what users see and run around a scan
    &["report", "verify", "hook", "server", "fix"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// `crate::a::b`, `crate::{a, b::c}` → the first segment of each path.
fn imports(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = text[i..].find("crate::") {
        let at = i + p + "crate::".len();
        // `xai_lint::…` in doc tests and `$crate` are not imports of this crate's modules here
        let before = &text[..i + p];
        if before.ends_with('$') || before.ends_with("xai_lint::") {
            i = at;
            continue;
        }
        if bytes.get(at) == Some(&b'{') {
            let end = text[at..].find('}').map_or(text.len(), |e| at + e);
            for item in text[at + 1..end].split(',') {
                let first: String =
                    item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !first.is_empty() {
                    out.push(first);
                }
            }
            i = end;
        } else {
            let name: String = text[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            out.push(name);
            i = at;
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

#[test]
fn modules_only_import_from_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        // the crate root and the command line (main.rs and its cli/ module) sit above every layer
        if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("cli/") {
            continue;
        }
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        let Some(own) = rank(&module) else {
            violations.push(format!("src/{rel}: module `{module}` has no layer in tests/layers.rs"));
            continue;
        };
        *seen.entry(module.clone()).or_default() += 1;
        let text = std::fs::read_to_string(f).unwrap();
        for dep in imports(&text) {
            if dep == module || dep == "self" || dep.is_empty() {
                continue;
            }
            match rank(&dep) {
                Some(r) if r < own => {}
                Some(_) => violations
                    .push(format!("src/{rel}: `{module}` (layer {own}) imports `{dep}`, which is not below it")),
                None => violations.push(format!("src/{rel}: imports `{dep}`, which has no layer")),
            }
        }
    }
    assert!(seen.len() >= 15, "expected the modules, found {seen:?}");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn no_source_file_over_500_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 500).then(|| format!("{} has {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:#?}");
}
