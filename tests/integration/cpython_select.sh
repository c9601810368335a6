#!/usr/bin/env bash
# The CPython baselines time the fastest CPython found, not the first one (benches/
# cpython_select.c): every candidate is calibrated and recorded in the benchmarks' context,
# duplicates (same real executable) are left out, and CRIT_PYTHON_ONLY=1 pins $CRIT_PYTHON.
#
# How a slower CPython is made without touching the timer: a wrapper script cannot be one (its
# sys.executable is the real python it runs, so it resolves away), so the slow candidate is a
# copy of /usr/bin/python3's binary in a venv-like tree ($tmp/slow: bin/python3 and a
# pyvenv.cfg), whose own site-packages holds a .pth file that installs a profile hook
# (sys.setprofile) doing a 3000-step loop on every call event. Its sys.executable is the copy, a
# distinct real path, and every exec in tools/cpython_timer.py runs under the hook: about 40x
# slower here, checked below to be at least 10x, so the choice never depends on timing luck.
# The hook is only imported with site, so the candidate's -S probe is unaffected. It is first
# on PATH (PATH holds nothing else), so picking the first candidate, as the bench used to, picks
# it and fails these checks. Needs /usr/bin/python3 (skipped without it).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
FAST=(--warm-up-time 0.05 --measurement-time 0.2 --sample-size 10 --nresamples 1000 --color never)
IDS='^(cpython_pure_vm|cpython_subprocess_baseline_nosite|ac6/cpython_pure_execution)$'

if ! /usr/bin/python3 -S -c 'import sys; sys.exit(sys.version_info[0] != 3)' 2>/dev/null; then
  echo "cpython_select: skipped: no /usr/bin/python3"
  finish
  exit
fi
fast_exe=$(/usr/bin/python3 -S -c 'import sys; print(sys.executable)')
version=$(/usr/bin/python3 -S -c 'import platform; print(platform.python_version())')

slow=$tmp/slow
mkdir -p "$slow/bin"
cp "$(readlink -f /usr/bin/python3)" "$slow/bin/python3"
printf 'home = %s\n' "$(dirname "$(readlink -f /usr/bin/python3)")" >"$slow/pyvenv.cfg"
site=$("$slow/bin/python3" -c 'import site; print(site.getsitepackages()[0])')
check "the slow copy has its own site-packages" [ "${site#"$slow"/}" != "$site" ]
mkdir -p "$site"
printf '%s\n' 'import sys; exec("def _slow(frame, event, arg):\n    for _ in range(3000): pass\nsys.setprofile(_slow)")' \
  >"$site/zz_slow.pth"
check "the slow copy reports itself as sys.executable" \
  [ "$("$slow/bin/python3" -S -c 'import sys; print(sys.executable)')" = "$slow/bin/python3" ]
per_exec() {  # python: ns per `exec` (best of 3 batches of 200)
  printf 'exec 1\nexec 200\nexec 200\nexec 200\n' | "$1" tools/cpython_timer.py |
    awk 'NR > 1 && (best == "" || $1 < best) { best = $1 } END { print int(best / 200) }'
}
slow_ns=$(per_exec "$slow/bin/python3")
fast_ns=$(per_exec /usr/bin/python3)
check "the slow copy is at least 10x slower ($slow_ns ns vs $fast_ns ns)" [ "$slow_ns" -ge $((fast_ns * 10)) ]

# "<exe> <version>: <time>/iter<tail>", the form of one entry of python_candidates
defs='def rx: gsub("[.]"; "[.]");
  def entry($exe; $tail): test("^" + ($exe | rx) + " " + ($v | rx) + ": [0-9.]+ (ns|µs|ms)/iter" + $tail + "$");'
ctx() {  # file, jq expression over .context with $fast, $slow, $v and entry: must yield true
  [ "$(jq -e --arg fast "$fast_exe" --arg slow "$slow/bin/python3" --arg v "$version" \
    "$defs .context | $2" "$1" 2>/dev/null)" = "true" ] ||
    { echo "  jq '$2' on $1: $(jq -c .context "$1" 2>&1 | head -c 600)" >&2; return 1; }
}

# ---- the slow copy first on PATH, /usr/bin/python3 last: the fast one is chosen ----
out=$tmp/r1
env -u CRIT_PYTHON -u CRIT_PYTHON_ONLY PATH="$slow/bin" "$BIN/bench" "$IDS" --output-dir "$out" \
  "${FAST[@]}" >"$tmp/r1.out" 2>"$tmp/r1.err"
check "slow first on PATH: exit 0" [ $? -eq 0 ]
for b in cpython_pure_vm cpython_subprocess_baseline_nosite ac6/cpython_pure_execution; do
  m=$out/$b/new/metrics.json
  check "$b: the fastest is timed" ctx "$m" '.python_executable == $fast and .python_version == $v'
  check "$b: selection" ctx "$m" '.python_selection == "fastest of 2 by calibration"'
  check "$b: both candidates, fastest first, chosen marked" ctx "$m" \
    '.python_candidates | split("; ") | length == 2
     and (.[0] | entry($fast; " \\(chosen\\)")) and (.[1] | entry($slow; ""))'
done
check "one calibration for the whole process" [ "$(for b in cpython_pure_vm \
  cpython_subprocess_baseline_nosite ac6/cpython_pure_execution; do
    jq -r .context.python_candidates "$out/$b/new/metrics.json"; done | sort -u | wc -l)" -eq 1 ]

# ---- duplicates: $CRIT_PYTHON a symlink to /usr/bin/python3 is the same CPython; a failing
# candidate is recorded with why ----
mkdir -p "$tmp/link" "$tmp/none"
ln -s /usr/bin/python3 "$tmp/link/py"
out=$tmp/r2
env -u CRIT_PYTHON_ONLY CRIT_PYTHON="$tmp/link/py" PATH="$slow/bin" "$BIN/bench" '^cpython_pure_vm$' \
  --output-dir "$out" "${FAST[@]}" >"$tmp/r2.out" 2>"$tmp/r2.err"
m=$out/cpython_pure_vm/new/metrics.json
check "symlinked CRIT_PYTHON: chosen as found first" ctx "$m" ".python_executable == \"$tmp/link/py\""
check "symlinked CRIT_PYTHON: /usr/bin/python3 left out as the same" ctx "$m" \
  '.python_selection == "fastest of 2 by calibration" and (.python_candidates | split("; ") | length == 2)
   and (.python_candidates | contains($fast + " ") | not)'
out=$tmp/r3
env -u CRIT_PYTHON_ONLY CRIT_PYTHON=/nonexistent/python3 PATH="$tmp/none" "$BIN/bench" '^cpython_pure_vm$' \
  --output-dir "$out" "${FAST[@]}" >"$tmp/r3.out" 2>"$tmp/r3.err"
m=$out/cpython_pure_vm/new/metrics.json
check "failed candidates recorded with why" ctx "$m" \
  '(.python_candidates | split("; ") | .[1:]) == ["$CRIT_PYTHON /nonexistent/python3: failed (not found)", "python3 on PATH: failed (not found)"]
   and .python_selection == "fastest of 1 by calibration" and .python_executable == $fast'

# ---- CRIT_PYTHON_ONLY=1: $CRIT_PYTHON alone, even when slower ----
out=$tmp/r4
CRIT_PYTHON="$slow/bin/python3" CRIT_PYTHON_ONLY=1 PATH="$slow/bin" "$BIN/bench" '^cpython_pure_vm$' \
  --output-dir "$out" "${FAST[@]}" >"$tmp/r4.out" 2>"$tmp/r4.err"
m=$out/cpython_pure_vm/new/metrics.json
check "CRIT_PYTHON_ONLY=1: its CPython is timed" ctx "$m" '.python_executable == $slow'
check "CRIT_PYTHON_ONLY=1: recorded as such" ctx "$m" \
  '.python_selection == "$CRIT_PYTHON only (CRIT_PYTHON_ONLY=1)" and (.python_candidates | split("; ") | length == 1)'
finish
