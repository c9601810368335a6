#!/usr/bin/env bash
# Runs every test suite: the cmocka unit binaries given as arguments, then each
# tests/integration/*.sh, then tests/conformance/run.sh when present. Prints one line per
# suite and a closing "N passed, N failed" line; exits 1 if any suite failed.
# Usage: tests/run.sh [--unit-only] UNIT_BINARY...
set -u
cd "$(dirname "$0")/.." || exit 2
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
pass=0 fail=0 failed=()
logdir=$(mktemp -d "${TMPDIR:-/tmp}/crit-tests.XXXXXX")
trap 'rm -rf "$logdir"' EXIT

run_suite() {  # name, command...
  local name=$1; shift
  local log="$logdir/$(echo "$name" | tr '/ ' '__').log"
  local t0=$SECONDS
  if "$@" >"$log" 2>&1; then
    pass=$((pass + 1)); printf 'ok    %-44s %3ds\n' "$name" $((SECONDS - t0))
  else
    fail=$((fail + 1)); failed+=("$name")
    printf 'FAIL  %-44s %3ds\n' "$name" $((SECONDS - t0))
    sed 's/^/      | /' "$log" | tail -40
  fi
}

for bin in "$@"; do run_suite "unit/$(basename "$bin")" "$bin"; done
if [ $unit_only -eq 0 ]; then
  for t in tests/integration/*.sh; do
    [ -e "$t" ] && run_suite "integration/$(basename "$t" .sh)" bash "$t"
  done
  [ -x tests/conformance/run.sh ] && run_suite "conformance" tests/conformance/run.sh
fi
echo
[ $fail -gt 0 ] && printf 'failed: %s\n' "${failed[*]}"
echo "tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
