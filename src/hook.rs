//! `xai-lint hook install|uninstall`: a git pre-commit hook that runs `xai-lint check --staged`.
//! It never overwrites a hook it did not write unless forced (and then keeps it as a backup),
//! and uninstall removes only its own hook.

use std::path::{Path, PathBuf};

pub const MARKER: &str = "# installed by `xai-lint hook install`";
const BACKUP_SUFFIX: &str = ".xai-lint-backup";

fn script(exe: &Path) -> String {
    format!(
        r#"#!/bin/sh
{MARKER}; remove with `xai-lint hook uninstall`.
# Checks what is about to be committed (the staged content) for xAI key mistakes.
XAI_LINT="${{XAI_LINT:-{exe}}}"
[ -x "$XAI_LINT" ] || XAI_LINT=$(command -v xai-lint) || {{
  echo "xai-lint pre-commit hook: xai-lint is not installed (cargo install --path <xai-lint>); skipping the check" >&2
  exit 0
}}
"$XAI_LINT" check --staged
status=$?
if [ "$status" -eq 1 ]; then
  cat >&2 <<'MSG'

xai-lint blocked this commit: the staged files above have xAI key problems.
  - Fix each finding (the help under it says how), `git add` the fix, and commit again.
  - A leaked key must be regenerated in the xAI console even after you remove it.
  - A known, harmless case: add `xai-lint: allow(RULE) -- reason` in a comment on its line.
  - To bypass this check once, knowingly: git commit --no-verify
MSG
fi
exit $status
"#,
        exe = exe.display()
    )
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| s.contains(MARKER))
}

fn backup_path(hook: &Path) -> PathBuf {
    let mut s = hook.as_os_str().to_owned();
    s.push(BACKUP_SUFFIX);
    PathBuf::from(s)
}

pub fn install(dir: &Path, force: bool) -> Result<String, String> {
    let hook = crate::git::hook_path(dir)?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xai-lint's own path: {e}"))?;
    let mut note = String::new();
    if hook.exists() && !is_ours(&hook) {
        if !force {
            return Err(format!(
                "{} already exists and was not written by xai-lint; rerun with --force to replace it (it is kept as {})",
                hook.display(),
                backup_path(&hook).display()
            ));
        }
        let backup = backup_path(&hook);
        std::fs::rename(&hook, &backup)
            .map_err(|e| format!("cannot keep the old hook as {}: {e}", backup.display()))?;
        note = format!(" (the old hook is kept as {})", backup.display());
    }
    if let Some(parent) = hook.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&hook, script(&exe)).map_err(|e| format!("cannot write {}: {e}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
    }
    Ok(format!("installed the xai-lint pre-commit hook at {}{note}", hook.display()))
}

pub fn uninstall(dir: &Path) -> Result<String, String> {
    let hook = crate::git::hook_path(dir)?;
    if !hook.exists() {
        return Ok(format!("no pre-commit hook at {}", hook.display()));
    }
    if !is_ours(&hook) {
        return Err(format!("{} was not written by xai-lint; leaving it alone", hook.display()));
    }
    std::fs::remove_file(&hook).map_err(|e| format!("cannot remove {}: {e}", hook.display()))?;
    let backup = backup_path(&hook);
    if backup.exists() {
        std::fs::rename(&backup, &hook).map_err(|e| format!("cannot restore {}: {e}", backup.display()))?;
        return Ok(format!("removed the xai-lint hook and restored the previous one at {}", hook.display()));
    }
    Ok(format!("removed the xai-lint hook at {}", hook.display()))
}
