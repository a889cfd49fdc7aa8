//! `check --fix` / `--diff`: the mechanical fixes, as ruff splits them.
//!
//! - safe: `env-mismatch` when the project defines exactly one near name: the read is renamed.
//! - unsafe (`--unsafe-fixes`): a `hardcoded-key` in a Python or JavaScript/TypeScript string:
//!   the literal becomes the language's environment read of the project's key name, the value
//!   moves into `.env` (created or appended), `.gitignore` gets `.env`, `.env.example` gets the
//!   name with an empty value. Refused when `.env` is tracked by git (it would publish the key).
//!
//! Every other finding gets no edit: its message says what to change. Nothing here prints a
//! key: diffs are redacted line by line.

use crate::classify::{classify, Format};
use crate::finding::Finding;
use crate::ruledoc::RuleId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The new contents of the files a fix touches.
#[derive(Debug, Default)]
pub struct Plan {
    /// path → (contents before, contents after); `before` is empty for a new file.
    pub files: BTreeMap<PathBuf, (String, String)>,
    /// How many findings the plan fixes.
    pub fixed: usize,
    /// Findings a fix was asked for and refused, with why.
    pub refused: Vec<String>,
}

impl Plan {
    fn text(&mut self, path: &Path) -> Option<&mut String> {
        if !self.files.contains_key(path) {
            let before = std::fs::read_to_string(path).ok()?;
            self.files.insert(path.to_path_buf(), (before.clone(), before));
        }
        self.files.get_mut(path).map(|(_, after)| after)
    }

    fn text_or_new(&mut self, path: &Path) -> &mut String {
        if !self.files.contains_key(path) {
            let before = std::fs::read_to_string(path).unwrap_or_default();
            self.files.insert(path.to_path_buf(), (before.clone(), before));
        }
        &mut self.files.get_mut(path).expect("just inserted").1
    }

    /// Writes every changed file.
    pub fn apply(&self) -> Result<(), String> {
        for (path, (before, after)) in &self.files {
            if before != after {
                std::fs::write(path, after).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        Ok(())
    }

    /// A unified-style diff of every change, each line redacted.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for (path, (before, after)) in &self.files {
            if before == after {
                continue;
            }
            let shown = crate::discover::display_path(path);
            out.push_str(&format!("--- {shown}\n+++ {shown}\n"));
            let a: Vec<&str> = before.lines().collect();
            let b: Vec<&str> = after.lines().collect();
            // the files change in place or at their end: common prefix and suffix, then the rest
            let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
            out.push_str(&format!(
                "@@ -{},{} +{},{} @@\n",
                prefix + 1,
                a.len() - prefix - suffix,
                prefix + 1,
                b.len() - prefix - suffix
            ));
            for l in &a[prefix..a.len() - suffix] {
                out.push_str(&format!("-{}\n", crate::redact::redact_secrets(l)));
            }
            for l in &b[prefix..b.len() - suffix] {
                out.push_str(&format!("+{}\n", crate::redact::redact_secrets(l)));
            }
        }
        out
    }
}

/// Byte offset of a 1-based (line, column-in-characters) position.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum::<usize>();
    let l = text[start..].split('\n').next()?;
    let within = if column <= 1 { 0 } else { l.char_indices().nth(column - 1).map(|(b, _)| b)? };
    Some(start + within)
}

/// Plans the fixes for `findings`. `key_name` is the variable the project reads its key from;
/// `root` is where `.env`, `.env.example` and `.gitignore` live.
pub fn plan(findings: &[Finding], root: &Path, key_name: &str, unsafe_fixes: bool) -> Plan {
    let mut plan = Plan::default();
    // later places first, so that earlier offsets stay valid
    let mut ordered: Vec<&Finding> = findings.iter().filter(|f| f.commit.is_none()).collect();
    ordered.sort_by(|a, b| (&b.file, b.line, b.column).cmp(&(&a.file, a.line, a.column)));
    let mut moved: Option<String> = None;
    for f in ordered {
        match f.rule.rule() {
            RuleId::EnvMismatch => rename_read(&mut plan, f),
            RuleId::HardcodedKey if unsafe_fixes => move_key(&mut plan, f, root, key_name, &mut moved),
            _ => {}
        }
    }
    plan
}

fn rename_read(plan: &mut Plan, f: &Finding) {
    let names: std::collections::BTreeSet<&str> =
        f.related.iter().filter_map(|r| r.message.split('`').nth(1)).collect();
    if names.len() != 1 {
        plan.refused
            .push(format!("{}:{}: env-mismatch: the project defines several near names; choose one", f.file, f.line));
        return;
    }
    let name = names.into_iter().next().unwrap_or_default().to_string();
    let read = f.redacted.clone();
    let Some(text) = plan.text(Path::new(&f.file)) else { return };
    let Some(at) = offset(text, f.line, f.column) else { return };
    if text.get(at..at + read.len()) == Some(read.as_str()) {
        text.replace_range(at..at + read.len(), &name);
        plan.fixed += 1;
    }
}

fn move_key(plan: &mut Plan, f: &Finding, root: &Path, key_name: &str, moved: &mut Option<String>) {
    let path = PathBuf::from(&f.file);
    let format = classify(&path).format;
    let read = match format {
        Format::Python => format!("os.environ[\"{key_name}\"]"),
        Format::JavaScript => format!("process.env.{key_name}"),
        _ => {
            plan.refused.push(format!(
                "{}:{}: hardcoded-key: no automatic fix for this kind of file; read the key from the environment by hand",
                f.file, f.line
            ));
            return;
        }
    };
    if crate::git::toplevel(root).is_ok()
        && crate::git::git(root, &["ls-files", "--error-unmatch", "--", ".env"]).is_ok()
    {
        plan.refused.push(format!(
            "{}:{}: hardcoded-key: .env is tracked by git, so moving the key there would publish it; untrack it first (git rm --cached .env)",
            f.file, f.line
        ));
        return;
    }
    let Some(text) = plan.text(&path) else { return };
    let Some(at) = offset(text, f.line, f.column) else { return };
    let Some(tok) = crate::keys::find_key_tokens(&text[at..]).into_iter().find(|t| t.start == 0) else { return };
    let (start, end) = (at, at + tok.end);
    // the literal with its quotes
    let quote = text[..start].chars().last();
    if !matches!(quote, Some('"' | '\'' | '`')) || text[end..].chars().next() != quote {
        plan.refused.push(format!(
            "{}:{}: hardcoded-key: the key is not a plain string literal; move it by hand",
            f.file, f.line
        ));
        return;
    }
    let value = text[start..end].to_string();
    if moved.as_deref().is_some_and(|m| m != value) {
        plan.refused.push(format!(
            "{}:{}: hardcoded-key: another key already moves to `{key_name}`; move this one by hand under another name",
            f.file, f.line
        ));
        return;
    }
    text.replace_range(start - 1..end + 1, &read);
    if format == Format::Python && !imports_os(text) {
        let at = python_import_at(text);
        text.insert_str(at, "import os\n");
    }
    plan.fixed += 1;
    if moved.is_none() {
        let env = plan.text_or_new(&root.join(".env"));
        if !env.is_empty() && !env.ends_with('\n') {
            env.push('\n');
        }
        env.push_str(&format!("{key_name}={value}\n"));
        let ignore = plan.text_or_new(&root.join(".gitignore"));
        if !ignore.lines().any(|l| matches!(l.trim(), ".env" | "/.env" | ".env*" | "*.env")) {
            if !ignore.is_empty() && !ignore.ends_with('\n') {
                ignore.push('\n');
            }
            ignore.push_str(".env\n");
        }
        let example = plan.text_or_new(&root.join(".env.example"));
        if !example.lines().any(|l| l.trim_start().trim_start_matches("export ").starts_with(&format!("{key_name}="))) {
            if !example.is_empty() && !example.ends_with('\n') {
                example.push('\n');
            }
            example.push_str(&format!("{key_name}=\n"));
        }
        *moved = Some(value);
    }
}

fn imports_os(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l == "import os"
            || l.starts_with("import os ")
            || l.starts_with("import os,")
            || l.starts_with("import os;")
            || l.starts_with("import ") && l.split([',', ' ']).any(|w| w == "os")
    })
}

/// Where `import os` goes: after a shebang, encoding line, module docstring and `from
/// __future__` imports.
fn python_import_at(text: &str) -> usize {
    let mut at = 0;
    let mut in_doc = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let skip = at == 0 && t.starts_with("#!")
            || t.starts_with("# -*-")
            || t.starts_with("from __future__")
            || in_doc
            || at == 0 && (t.starts_with("\"\"\"") || t.starts_with("'''"));
        if !skip {
            break;
        }
        if t.starts_with("\"\"\"") || t.starts_with("'''") || in_doc && (t.ends_with("\"\"\"") || t.ends_with("'''")) {
            let closes_here = t.len() >= 6 && (t.ends_with("\"\"\"") || t.ends_with("'''"));
            in_doc = if in_doc { false } else { !closes_here };
        }
        at += line.len();
    }
    at
}
