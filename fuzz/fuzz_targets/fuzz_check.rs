#![no_main]

//! The whole check of one file, as a scan runs it: decode, classify by path, read, rules,
//! positions, redaction. The first input byte picks the path (and so the reader and the
//! file's role); the rest is the file's content.

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use xai_lint::output::{Settings, Skip};

const PATHS: &[&str] = &[
    "app.py", ".env", "a.ts", "main.go", "lib.rs", "x.yml", "c.toml", "n.ipynb", "README.md", "run.sh",
    "Dockerfile", "notes.txt",
];

/// A run of `xai-` followed by 80 or more ASCII letters/digits: an unredacted real-shaped key.
fn has_full_key(s: &str) -> bool {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(p) = s[from..].find("xai-") {
        let body = from + p + 4;
        let run = b[body..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if run >= 80 {
            return true;
        }
        from = body;
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let path = PATHS[first as usize % PATHS.len()];
    let settings = Settings::default();
    // check_bytes catches a panic and turns it into Skip::Internal; libfuzzer-sys's panic hook
    // aborts first, so a panic shows up as a crash with its location either way.
    match xai_lint::discover::check_bytes(path, Path::new(path), bytes, &settings) {
        Err(Skip::Internal(msg)) => panic!("internal error on {path}: {msg}"),
        Err(_) => {}
        Ok((out, _lossy)) => {
            for f in &out.findings {
                assert!(f.line >= 1 && f.column >= 1, "{path}: finding {} at {}:{}", f.rule.id, f.line, f.column);
                assert!(!has_full_key(&f.redacted), "{path}: finding {} redacted field holds a full key", f.rule.id);
            }
        }
    }
});
