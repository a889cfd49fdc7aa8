#!/usr/bin/env bash
# bench/run.sh CORPUS [ROUNDS]
#
# Times xai-lint against its peers on a large tree (the shared corpus from
# shared/bench/make-corpus.sh), alternating the commands within each round:
#
#   xai-lint check --no-ignore --format json CORPUS        (the subject)
#   rg -uuu -c 'xai-' CORPUS                               (I/O + search floor)
#   kingfisher scan CORPUS --no-validate --no-update-check (MongoDB's secret scanner)
#   ripsecrets CORPUS                                      (ripgrep-based secret scanner)
#   xai-lint and rg on about half of CORPUS                (linearity)
#
# Prints median wall time, CPU time (user+sys) and peak RSS of each, the ratios to xai-lint,
# the linearity figure, and checks that xai-lint found every case planted in CORPUS/PLANTED.json
# (exit 1 if one is missing).
#
# Environment:
#   XAI_LINT=/path/to/xai-lint   use this binary instead of building the repository's
#   XAI_LINT_REV=TEXT            the commit the XAI_LINT binary was built from (for the report)
#   XAI_LINT_B=/path/to/xai-lint also time this second binary (row `xai-lint-B`), in the same
#                                rounds, for an A/B comparison of a change
#   BENCH_OUT=DIR                where to keep raw timings and outputs (default bench/out/DATE)
#   NO_DROP_CACHES=1             do not drop the page cache before the warm-up round
#   RIPSECRETS_ROUNDS=N          time ripsecrets in the first N measured rounds only (it takes
#                                minutes on the corpus); when N < ROUNDS it gets no warm-up run
#                                (the tools before it in the round have warmed the cache)
#
# Rerunnable on a fresh Debian machine (as root): installs ripgrep, GNU time, kingfisher-bin
# (PyPI) and ripsecrets (crates.io) when missing.
set -euo pipefail

corpus=${1:?usage: bench/run.sh CORPUS [ROUNDS]}
rounds=${2:-5}
rs_rounds=${RIPSECRETS_ROUNDS:-$rounds}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus=$(cd "$corpus" && pwd)
out=${BENCH_OUT:-$here/out/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

log() { echo "== $*" >&2; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ---------------------------------------------------------------------------------------------
log "peers"
command -v python3 >/dev/null || apt_install python3
[ -x /usr/bin/time ] || apt_install time
command -v rg >/dev/null || apt_install ripgrep
RG=$(command -v rg)

kf_path() { python3 -c 'import kingfisher; print(kingfisher.get_binary_path())' 2>/dev/null; }
KF=$(kf_path || true)
if [ -z "$KF" ] || [ ! -x "$KF" ]; then
  python3 -m pip install --quiet kingfisher-bin
  KF=$(kf_path)
fi
# the native binary, not the Python wrapper (so that Python's start-up is not timed)

RS=$(command -v ripsecrets || true)
[ -n "$RS" ] || RS=$HOME/.cargo/bin/ripsecrets
if [ ! -x "$RS" ]; then
  cargo install ripsecrets --locked
  RS=$HOME/.cargo/bin/ripsecrets
fi

# ---------------------------------------------------------------------------------------------
if [ -n "${XAI_LINT:-}" ]; then
  XL=$XAI_LINT
  log "xai-lint: using XAI_LINT=$XL (not built)"
  # report the commit of the repository the binary was built in, when it is one
  case $XL in */target/release/xai-lint) repo=$(cd "${XL%/target/release/xai-lint}" && pwd) ;; esac
else
  log "building xai-lint (release) in $repo"
  (cd "$repo" && cargo build --release --quiet) || {
    echo "run.sh: cargo build --release failed in $repo (tree mid-edit?). Retry, or build a clone" \
         "of the last commit and pass XAI_LINT=/path/to/target/release/xai-lint" >&2
    exit 2
  }
  XL=$repo/target/release/xai-lint
fi
if [ -n "${XAI_LINT_REV:-}" ]; then
  xl_rev=$XAI_LINT_REV; xl_dirty=' (as stated by XAI_LINT_REV)'
elif [ -n "${XAI_LINT:-}" ] && [ "$repo" = "$(cd "$here/.." && pwd)" ]; then
  xl_rev='unknown'; xl_dirty=' (XAI_LINT given; set XAI_LINT_REV to name it)'
else
  xl_rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
  xl_dirty=$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (tree has uncommitted changes)' || true)
fi

# ---------------------------------------------------------------------------------------------
log "half of the corpus (for linearity)"
# Units: the corpus's folders, split further while one holds more than a tenth of the bytes, then
# shared between two halves largest-first (each unit to the lighter half), weighing each unit by
# the bytes of its files of at most 20 MiB (xai-lint's default --max-file-size: larger files are
# skipped unread), so that both halves mix npm, PyPI and crates content and hold about the same
# bytes xai-lint reads. Half A is laid out as one tree of hard links beside the corpus (same file
# system, same page cache, no copy), so that both scans are one walk of one root.
python3 - "$corpus" "$out/half.list" > "$out/half.txt" <<'PY'
import os, sys
root, listfile = sys.argv[1], sys.argv[2]
LIMIT = 20 * 1024 * 1024
def measure(p):
    """(all bytes, bytes in files <= LIMIT, files) under p, symbolic links not followed"""
    if os.path.isfile(p) and not os.path.islink(p):
        s = os.path.getsize(p); return (s, s if s <= LIMIT else 0, 1)
    a = b = n = 0
    for d, _, fs in os.walk(p):
        for f in fs:
            fp = os.path.join(d, f)
            if os.path.islink(fp) or not os.path.isfile(fp): continue
            s = os.path.getsize(fp); a += s; b += s if s <= LIMIT else 0; n += 1
    return (a, b, n)
full = measure(root)
units = [os.path.join(root, e) for e in sorted(os.listdir(root))]
size = {}
changed = True
while changed:
    changed = False
    for u in list(units):
        if u not in size: size[u] = measure(u)
        if os.path.isdir(u) and not os.path.islink(u) and size[u][1] > full[1] / 10:
            units.remove(u)
            units += [os.path.join(u, e) for e in sorted(os.listdir(u))]
            changed = True
for u in units:
    if u not in size: size[u] = measure(u)
halves = [[], []]; tot = [[0, 0, 0], [0, 0, 0]]
for u in sorted(units, key=lambda u: (-size[u][1], u)):
    i = 0 if tot[0][1] <= tot[1][1] else 1
    halves[i].append(u); tot[i] = [x + y for x, y in zip(tot[i], size[u])]
with open(listfile, 'w') as f:
    for u in sorted(halves[0]): f.write(os.path.relpath(u, root) + '\n')
print(f"full_bytes {full[0]}"); print(f"full_bytes_le20M {full[1]}"); print(f"full_files {full[2]}")
print(f"half_bytes {tot[0][0]}"); print(f"half_bytes_le20M {tot[0][1]}"); print(f"half_files {tot[0][2]}")
print(f"half_units {len(halves[0])} of {len(units)}")
PY
val() { awk -v k="$1" '$1 == k {print $2}' "$out/half.txt"; }
full_bytes=$(val full_bytes); full_small=$(val full_bytes_le20M); full_files=$(val full_files)
half_bytes=$(val half_bytes); half_small=$(val half_bytes_le20M); half_files=$(val half_files)
halfdir=$(mktemp -d "$(dirname "$corpus")/.bench-half.XXXXXX")
trap 'rm -rf "$halfdir"' EXIT
(cd "$corpus" && while IFS= read -r u; do
   mkdir -p "$halfdir/$(dirname "$u")" && cp -al "$u" "$halfdir/$u"
 done < "$out/half.list")

names=(xai-lint rg kingfisher ripsecrets xai-lint-half rg-half)
[ -z "${XAI_LINT_B:-}" ] || names+=(xai-lint-B)
run_cmd() { # NAME ROUND -> runs one command under GNU time, output to $out
  local name=$1 r=$2
  case $name in
    xai-lint)      set -- "$XL" check --no-ignore --format json "$corpus" ;;
    rg)            set -- "$RG" -uuu -c 'xai-' "$corpus" ;;
    kingfisher)    set -- "$KF" scan "$corpus" --no-validate --no-update-check -q -f json -o "$out/kingfisher.$r.json" ;;
    ripsecrets)    set -- "$RS" "$corpus" ;;
    xai-lint-half) set -- "$XL" check --no-ignore --format json "$halfdir" ;;
    rg-half)       set -- "$RG" -uuu -c 'xai-' "$halfdir" ;;
    xai-lint-B)    set -- "$XAI_LINT_B" check --no-ignore --format json "$corpus" ;;
  esac
  local stdout=/dev/null
  case $name in xai-lint*) stdout=$out/$name.$r.json ;; esac
  local busy0 busy1 rc=0
  busy0=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  /usr/bin/time -f '%e %U %S %M' -o "$out/time.tmp" "$@" > "$stdout" 2> "$out/$name.$r.stderr" || rc=$?
  busy1=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  # the last line of GNU time's output (an earlier one says "Command exited with non-zero status")
  read -r wall user sys rss < <(tail -n 1 "$out/time.tmp")
  # CPU seconds the whole machine spent during the run beyond this command's: other load
  local other
  other=$(awk -v b=$((busy1 - busy0)) -v u="$user" -v s="$sys" -v hz="$(getconf CLK_TCK)" \
              'BEGIN{o=b/hz-u-s; if(o<0)o=0; printf "%.2f", o}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "$wall" "$user" "$sys" "$rss" "$rc" "$other" >> "$out/times.tsv"
  printf '  round %s %-14s wall %6.2fs  cpu %6.2fs  rss %7.1f MB  exit %s  other-load-cpu %ss\n' \
    "$r" "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" \
    "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$rc" "$other" >&2
  # xai-lint: 0 = clean, 1 = findings; anything else is a failure of the run
  case $name in xai-lint*)
    if [ "$rc" -gt 1 ]; then echo "xai-lint failed (exit $rc):" >&2; tail "$out/$name.$r.stderr" >&2; exit 2; fi ;;
  esac
}

{
  echo "corpus: $corpus  ($full_bytes bytes, $(find "$corpus" -type f | wc -l) files)"
  echo "rounds: $rounds measured, after 1 warm-up round (ripsecrets: $rs_rounds measured$([ "$rs_rounds" -lt "$rounds" ] && echo ', no warm-up run'))"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
  echo "xai-lint: $XL  ($("$XL" --version), commit $xl_rev$xl_dirty)"
  echo "rg:         $RG  ($("$RG" --version 2>/dev/null | sed -n 1p))"
  echo "kingfisher: $KF  ($("$KF" --version 2>&1 | sed -n 1p); pip kingfisher-bin $(python3 -m pip show kingfisher-bin 2>/dev/null | awk '/^Version/{print $2}'))"
  echo "ripsecrets: $RS  ($("$RS" --version))"
  [ -z "${XAI_LINT_B:-}" ] || echo "xai-lint-B: $XAI_LINT_B  ($("$XAI_LINT_B" --version))"
  echo "commands:"
  echo "  $XL check --no-ignore --format json $corpus > FILE"
  echo "  $RG -uuu -c 'xai-' $corpus > /dev/null"
  echo "  $KF scan $corpus --no-validate --no-update-check -q -f json -o FILE"
  echo "  $RS $corpus > /dev/null"
  echo "  $XL check --no-ignore --format json HALF > FILE"
  echo "  $RG -uuu -c 'xai-' HALF > /dev/null"
  echo "  HALF = $halfdir: hard links to the $(wc -l < "$out/half.list") corpus folders/files listed in $out/half.list"
  echo "  each under /usr/bin/time -f '%e %U %S %M' (wall s, user s, sys s, peak RSS KB)"
} | tee "$out/header.txt" >&2

printf 'round\ttool\twall\tuser\tsys\trss_kb\texit\tother_cpu\n' > "$out/times.tsv"
if [ -z "${NO_DROP_CACHES:-}" ] && [ -w /proc/sys/vm/drop_caches ]; then
  log "dropping the page cache once, then one warm-up round (not counted): all timings are warm-cache"
  sync; echo 3 > /proc/sys/vm/drop_caches
  echo "page cache dropped once before the warm-up round; measured rounds are warm-cache" >> "$out/header.txt"
else
  echo "page cache not dropped; one warm-up round; measured rounds are warm-cache" >> "$out/header.txt"
fi

for ((r = 0; r <= rounds; r++)); do
  [ "$r" -eq 0 ] && log "warm-up round" || log "round $r of $rounds"
  # rotate the order each round so that no tool always runs right after the same other one
  for ((i = 0; i < ${#names[@]}; i++)); do
    name=${names[$(( (i + r) % ${#names[@]} ))]}
    if [ "$name" = ripsecrets ] && { [ "$r" -gt "$rs_rounds" ] || { [ "$r" -eq 0 ] && [ "$rs_rounds" -lt "$rounds" ]; }; }; then
      continue
    fi
    run_cmd "$name" "$r"
  done
done

# ---------------------------------------------------------------------------------------------
python3 - "$out" "$corpus" "$rounds" "$full_bytes" "$half_bytes" "$full_small" "$half_small" "$full_files" "$half_files" <<'PY' | tee "$out/summary.txt"
import json, os, statistics, sys
out, corpus, rounds, full_bytes, half_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
full_small, half_small, full_files, half_files = map(int, sys.argv[6:10])
rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'times.tsv'))][1:]
by = {}
for r, tool, wall, user, sys_, rss, rc, other in rows:
    if int(r) == 0: continue  # warm-up
    by.setdefault(tool, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024, float(other)))
med = {t: (statistics.median(w for w, _, _, _ in v), statistics.median(c for _, c, _, _ in v),
           statistics.median(m for _, _, m, _ in v), min(w for w, _, _, _ in v), max(w for w, _, _, _ in v),
           statistics.median(o for _, _, _, o in v))
       for t, v in by.items()}
xw = med['xai-lint'][0]; rw = med['rg'][0]
def div(a, b): return a / b if b > 0 else float('inf')
print()
print(f"Medians of {rounds} warm-cache rounds (after 1 warm-up round)")
print()
print("| tool | runs | median wall s | wall min-max s | median CPU s (user+sys) | median peak RSS MB | wall / xai-lint wall | other load during run (CPU s, median) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for t in ['xai-lint', 'xai-lint-B', 'rg', 'kingfisher', 'ripsecrets']:
    if t not in med: continue
    w, c, m, lo, hi, o = med[t]
    print(f"| {t} | {len(by[t])} | {w:.2f} | {lo:.2f}-{hi:.2f} | {c:.2f} | {m:.1f} | {div(w, xw):.2f}x | {o:.2f} |")
print()
ok = lambda b: 'MET' if b else 'NOT MET'
busy = {t: sum(1 for w, _, _, o in v if o > 0.25 * w) for t, v in by.items()}
print("(other load: CPU seconds the machine spent on other processes during the run; runs where it")
print(" exceeded a quarter of the wall time: " + ", ".join(f"{t} {busy[t]}/{len(by[t])}" for t in by) + ")")
print()
print(f"xai-lint wall / rg wall = {div(xw, rw):.2f}x   (target <= 1.5x: {ok(div(xw, rw) <= 1.5)})")
for t in ['kingfisher', 'ripsecrets']:
    if t in med: print(f"xai-lint faster than {t}: {ok(xw < med[t][0])} ({t} takes {div(med[t][0], xw):.2f}x xai-lint's wall time)")
if 'xai-lint-B' in med:
    print(f"xai-lint-B wall / rg wall = {div(med['xai-lint-B'][0], rw):.2f}x")
print(f"xai-lint peak RSS {med['xai-lint'][2]:.1f} MB (target < 150 MB: {ok(med['xai-lint'][2] < 150)})")

hw = med['xai-lint-half'][0]; hc = med['xai-lint-half'][1]; xc = med['xai-lint'][1]
print()
print("Linearity (medians; HALF is one tree of hard links to about half of the corpus)")
print("| | files | bytes | bytes in files <= 20 MiB | xai-lint wall s | xai-lint CPU s | rg wall s |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| full | {full_files} | {full_bytes / 1e6:.1f} MB | {full_small / 1e6:.1f} MB | {xw:.2f} | {xc:.2f} | {rw:.2f} |")
print(f"| half | {half_files} | {half_bytes / 1e6:.1f} MB | {half_small / 1e6:.1f} MB | {hw:.2f} | {hc:.2f} | {med['rg-half'][0]:.2f} |")
print(f"| half/full | {half_files / full_files:.3f} | {half_bytes / full_bytes:.3f} | {half_small / full_small:.3f} | {div(hw, xw):.3f} | {div(hc, xc):.3f} | {div(med['rg-half'][0], rw):.3f} |")
print(f"xai-lint throughput (bytes <= 20 MiB / wall): full {div(full_small / 1e6, xw):.0f} MB/s, half {div(half_small / 1e6, hw):.0f} MB/s")
print()
# planted cases: every measured full run must have found every one, with its kind
planted = json.load(open(os.path.join(corpus, 'PLANTED.json')))
want = {(p['file'], int(p['line']), p['kind']) for p in planted}
print()
print(f"Planted cases ({len(want)} in PLANTED.json)")
worst = None
for r in range(1, rounds + 1):
    d = json.load(open(os.path.join(out, f'xai-lint.{r}.json')))
    got = set(); at = {}
    for f in d['findings']:
        p = f['file']
        if p.startswith(corpus + '/'): p = p[len(corpus) + 1:]
        got.add((p, int(f['line']), f['kind'])); at.setdefault((p, int(f['line'])), []).append(f['kind'])
    missing = sorted(want - got)
    extra = len(got - want)
    if worst is None or len(missing) > len(worst[1]): worst = (r, missing, at, extra, d['summary'])
    if r == rounds: last = (missing, extra, d['summary'])
r, missing, at, extra, summ = worst
print(f"  found {len(want) - len(missing)} / {len(want)}, missing {len(missing)} (worst of the {rounds} runs: round {r})")
print(f"  findings not in PLANTED.json: {extra}")
print(f"  xai-lint summary: {json.dumps(summ)}")
for file, line, kind in missing[:30]:
    other = at.get((file, line))
    print(f"  MISSING {kind} {file}:{line}" + (f" (reported there as {other})" if other else ""))
open(os.path.join(out, 'planted.status'), 'w').write('ok' if not missing else 'missing')
PY

log "raw timings and outputs in $out"
[ "$(cat "$out/planted.status")" = ok ] || { echo "run.sh: planted cases missing" >&2; exit 1; }
