#!/usr/bin/env bash
# bench/history.sh SOURCE [COMMITS] [ROUNDS]
#
# The history figure: commits the files of SOURCE (for example the corpus's pypi/ folder) into a
# fresh git repository in COMMITS commits (default 2000; every 7th commit also edits a file of
# an earlier one, so blobs have several versions), then times, alternating, ROUNDS times
# (default 3):
#   xai-lint check --history --format json       (every blob reachable from all refs, once)
#   git log -p --all | rg -c 'xai-'             (the floor: git producing every diff, rg scanning)
# and prints each one's median wall time and the ratio. The repository is kept in
# ${HISTORY_REPO:-/work/history-git} and reused when it exists with the same COMMITS.
set -euo pipefail
src=${1:?usage: bench/history.sh SOURCE [COMMITS] [ROUNDS]}
src=$(cd "$src" && pwd)
commits=${2:-2000}
rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
repo=${HISTORY_REPO:-/work/history-git}
command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null; }
[ -n "${XAI_LINT:-}" ] || (cd "$here/.." && cargo build --release --quiet)
XL=${XAI_LINT:-$here/../target/release/xai-lint}

if [ "$(cat "$repo/.bench-commits" 2>/dev/null)" != "$commits" ]; then
  echo "== committing $src into $repo in $commits commits (a few minutes)" >&2
  rm -rf "$repo" && mkdir -p "$repo" && git -C "$repo" init -q -b main
  git -C "$repo" config user.name bench && git -C "$repo" config user.email bench@example.com
  git -C "$repo" config commit.gpgsign false && git -C "$repo" config gc.auto 0
  (cd "$src" && find . -type f ! -path '*/.git/*' | LC_ALL=C sort) > "$repo/.git/bench-files"
  total=$(wc -l < "$repo/.git/bench-files")
  per=$(( (total + commits - 1) / commits ))
  i=0
  while [ $i -lt "$commits" ]; do
    start=$(( i * per + 1 ))
    [ $start -gt "$total" ] && break
    sed -n "${start},$(( start + per - 1 ))p" "$repo/.git/bench-files" | while read -r f; do
      mkdir -p "$repo/$(dirname "$f")" && cp "$src/$f" "$repo/$f"
    done
    if [ $(( i % 7 )) -eq 6 ]; then
      # edit a file committed earlier: a second version of its blob
      f=$(sed -n "$(( (i * 31) % start + 1 ))p" "$repo/.git/bench-files")
      [ -f "$repo/$f" ] && echo "# edit $i" >> "$repo/$f"
    fi
    git -C "$repo" add -A >/dev/null && git -C "$repo" commit -qm "batch $i" --no-verify
    i=$(( i + 1 ))
  done
  echo "$commits" > "$repo/.bench-commits"
fi

objects() { git -C "$repo" rev-list --objects --all | cut -d' ' -f1 | git -C "$repo" cat-file --batch-check='%(objecttype) %(objectsize)'; }
blobs=$(objects | grep -c '^blob')
bytes=$(objects | awk '$1=="blob"{s+=$2} END{print s}')
echo "repository: $(git -C "$repo" rev-list --count --all) commits, $blobs blobs, $((bytes / 1048576)) MiB of blobs"

: > /tmp/history-times
for r in $(seq 1 "$rounds"); do
  t0=$(date +%s.%N); (cd "$repo" && "$XL" check --history --format json > /tmp/history-xai.json) || true; t1=$(date +%s.%N)
  echo "xai-lint $(echo "$t1 - $t0" | bc)" >> /tmp/history-times
  t0=$(date +%s.%N); (cd "$repo" && git log -p --all | rg -c 'xai-' > /dev/null) || true; t1=$(date +%s.%N)
  echo "floor $(echo "$t1 - $t0" | bc)" >> /tmp/history-times
done
median() { grep "^$1 " /tmp/history-times | cut -d' ' -f2 | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
x=$(median xai-lint); f=$(median floor)
printf '%-34s %8s s\n' "xai-lint check --history" "$x" "git log -p --all | rg -c 'xai-'" "$f"
echo "findings: $(python3 -c 'import json; print(len(json.load(open("/tmp/history-xai.json"))["findings"]))')"
echo "ratio xai-lint / floor: $(echo "scale=2; $x / $f" | bc)"
