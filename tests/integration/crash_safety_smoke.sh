#!/usr/bin/env bash
# The short form of tests/crash_safety.sh (issue 13; `make crash-safety` runs the full one):
# 10 runs of bench killed by SIGKILL at random moments and 5 rounds of four concurrent runs
# saving one baseline. Every new/ and baseline directory must stay whole and from one run,
# no temporary may survive the next complete run, and every concurrent run must exit 0.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
bash tests/crash_safety.sh --kills 10 --concurrent 5 --bin "$BIN" >"${TMPDIR:-/tmp}/crash_safety_smoke.$$" 2>&1
rc=$?
cat "${TMPDIR:-/tmp}/crash_safety_smoke.$$"
check "crash_safety.sh --kills 10 --concurrent 5 exits 0" [ $rc -eq 0 ]
check "it printed its counts" \
  grep -q '^crash_safety: 10 kills, 5 rounds of 4 concurrent runs: partial=0 mixed=0 leftovers=0 failed_runs=0$' \
  "${TMPDIR:-/tmp}/crash_safety_smoke.$$"
rm -f "${TMPDIR:-/tmp}/crash_safety_smoke.$$"
bash tests/crash_safety.sh --kills x >/dev/null 2>&1
check "bad usage exits 2" [ $? -eq 2 ]
finish
