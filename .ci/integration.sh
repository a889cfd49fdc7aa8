#!/usr/bin/env bash
# The checks the issues ask CI to run besides `cargo test`, with the real tools, pinned:
#  - action.yml against GitHub's action schema, the README's workflow against the workflow
#    schema (check-jsonschema ships both offline);
#  - the release binary's size;
#  - the Python package: a wheel built with maturin, installed into a fresh virtual environment
#    and run;
#  - the pre-commit framework: `pre-commit try-repo` of this repository against a test
#    repository, for each hook variant (system, rust, python): a staged key is blocked, a
#    cross-file env-mismatch is blocked, a clean commit passes.
# Everything it installs goes under target/ (ignored). Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CI_DIR=$ROOT/target/ci
mkdir -p "$CI_DIR"
VENV=$CI_DIR/venv
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
ko() { echo "FAILED: $*"; failed=$((failed + 1)); }
step() { echo; echo "== $*"; }

step "tools (pinned)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  check-jsonschema==0.39.0 pre-commit==4.7.0 maturin==1.16.0

step "action.yml and the README's workflow against GitHub's schemas"
if "$VENV/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml; then
  ok "action.yml is a valid GitHub action"
else ko "action.yml"; fi
# every ```yaml block of the README that is a workflow (it names .github/workflows/)
"$VENV/bin/python" - "$CI_DIR" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
blocks = re.findall(r"```yaml\n(.*?)```", pathlib.Path("README.md").read_text(), re.S)
wf = [b for b in blocks if "# .github/workflows/" in b]
assert wf, "the README shows no workflow"
for i, b in enumerate(wf):
    (out / f"readme-workflow-{i}.yml").write_text(b)
PY
for wf in "$CI_DIR"/readme-workflow-*.yml; do
  if "$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows "$wf"; then
    ok "README workflow $(basename "$wf") is a valid GitHub workflow"
  else ko "README workflow $(basename "$wf")"; fi
done
if "$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml 2>/dev/null; then
  ok "this repository's own workflows are valid"
fi

step "release binary"
cargo build --release --locked --quiet
BIN=$ROOT/target/release/xai-lint
size=$(stat -c %s "$BIN")
if [ "$size" -lt $((15 * 1024 * 1024)) ]; then ok "release binary is $((size / 1024)) KiB (< 15 MiB)"
else ko "release binary is $((size / 1024)) KiB (>= 15 MiB)"; fi

# a synthetic key made for this run (never printed: every check below greps for it)
KEY="xai-$("$VENV/bin/python" -c 'import secrets,string; a=string.ascii_letters+string.digits; print("".join(secrets.choice(a) for _ in range(80)))')"
no_leak() { # FILE: fails when the whole key appears in it
  if grep -qF "$KEY" "$1"; then ko "$2: the output holds the whole key"; return 1; fi
}

step "Python package (maturin, bindings = bin)"
rm -rf target/wheels
"$VENV/bin/maturin" build --release --locked --quiet 2>&1 | tail -n 3
WHEEL=$(ls target/wheels/xai_lint-*.whl | head -n 1)
rm -rf "$CI_DIR/wheel-venv"
python3 -m venv "$CI_DIR/wheel-venv"
"$CI_DIR/wheel-venv/bin/pip" install --quiet --disable-pip-version-check "$WHEEL"
PYTREE=$(mktemp -d)
printf 'import os\nKEY = "%s"\n' "$KEY" > "$PYTREE/app.py"
set +e
"$CI_DIR/wheel-venv/bin/xai-lint" "$PYTREE" --format concise > "$CI_DIR/wheel.out" 2>&1
status=$?
set -e
if [ "$status" -eq 1 ] && grep -q "hardcoded-key" "$CI_DIR/wheel.out" && no_leak "$CI_DIR/wheel.out" wheel; then
  ok "pip install of the wheel gives a working xai-lint ($("$CI_DIR/wheel-venv/bin/xai-lint" --version))"
else ko "the installed wheel (status $status)"; cat "$CI_DIR/wheel.out"; fi
rm -rf "$PYTREE"

step "pre-commit framework (try-repo)"
export PRE_COMMIT_HOME=$CI_DIR/pre-commit-home
export CARGO_TARGET_DIR=$ROOT/target   # the rust and python hooks reuse this build's artifacts
export PATH=$ROOT/target/release:$PATH # for the `system` hook
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
run_scenarios() { # HOOK-ID
  local hook=$1 repo
  repo=$(mktemp -d)
  (
    cd "$repo"
    git init -q
    printf 'XAI_API_KEY=\n' > .env.example
    printf '# demo\n\nSet `XAI_API_KEY` before you run it.\n' > README.md
    git add . && git commit -qm base --no-verify
  )
  local out=$CI_DIR/pre-commit-$hook.out
  # 1. a clean commit passes
  printf 'import os\nfrom xai_sdk import Client\nclient = Client(api_key=os.environ["XAI_API_KEY"])\n' > "$repo/app.py"
  git -C "$repo" add app.py
  if (cd "$repo" && "$VENV/bin/pre-commit" try-repo "$ROOT" "$hook" > "$out" 2>&1); then
    ok "$hook: a clean commit passes"
  else ko "$hook: a clean commit was blocked"; cat "$out"; fi
  git -C "$repo" commit -qm app --no-verify
  # 2. a staged key is blocked
  printf 'KEY = "%s"\n' "$KEY" > "$repo/settings.py"
  git -C "$repo" add settings.py
  if (cd "$repo" && "$VENV/bin/pre-commit" try-repo "$ROOT" "$hook" > "$out" 2>&1); then
    ko "$hook: a staged key passed"; cat "$out"
  elif grep -q "hardcoded-key" "$out" && no_leak "$out" "$hook"; then
    ok "$hook: a staged key is blocked"
  else ko "$hook: blocked, but not for the key"; cat "$out"; fi
  git -C "$repo" rm -q --cached settings.py && rm "$repo/settings.py"
  # 3. a cross-file env-mismatch is blocked: the staged file reads a name the (unstaged,
  #    already committed) .env.example and README do not define
  printf 'import os\nfrom xai_sdk import Client\nclient = Client(api_key=os.environ["XAI_APIKEY"])\n' > "$repo/worker.py"
  git -C "$repo" add worker.py
  if (cd "$repo" && "$VENV/bin/pre-commit" try-repo "$ROOT" "$hook" > "$out" 2>&1); then
    ko "$hook: a cross-file env-mismatch passed"; cat "$out"
  elif grep -q "env-mismatch" "$out"; then
    ok "$hook: a cross-file env-mismatch is blocked"
  else ko "$hook: blocked, but not for the env-mismatch"; cat "$out"; fi
  rm -rf "$repo"
}
run_scenarios xai-lint-system
run_scenarios xai-lint
run_scenarios xai-lint-python

echo
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
