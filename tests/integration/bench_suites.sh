#!/usr/bin/env bash
# The bench suites as CI and users drive them: every required id is registered, a quick run of
# vm_simple writes criterion's files with zero allocations recorded, the CPython baselines
# record the real executable (not a shim) or are skipped cleanly without python3, and
# tools/cpython_timer.py answers its protocol.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
FAST=(--warm-up-time 0.05 --measurement-time 0.2 --sample-size 10 --nresamples 1000 --color never)

"$BIN/bench" --list >"$tmp/list" 2>&1
check "--list exits 0" [ $? -eq 0 ]
for id in lexer_simple parser_simple compiler_simple vm_simple format_simple cold_start_simple \
          warm_execution cpython_subprocess_baseline cpython_subprocess_baseline_nosite \
          cpython_pure_execution cpython_pure_vm binary_subprocess_simple \
          ac6/minipy_cold_start ac6/cpython_pure_execution \
          calibration/empty calibration/chain1000; do
  check "registered: $id" grep -qx "$id: benchmark" "$tmp/list"
done
for stage in lexer parser compiler vm format cold_start; do
  for w in simple variables call fib15 loop1000 print; do
    check "registered: $stage/$w" grep -qx "$stage/$w: benchmark" "$tmp/list"
  done
done

out="$tmp/results"
"$BIN/bench" '^vm_simple$' --output-dir "$out" "${FAST[@]}" >"$tmp/vm.out" 2>"$tmp/vm.err"
check "vm_simple run exits 0" [ $? -eq 0 ]
check "vm_simple new/estimates.json" jqt "$out/vm_simple/new/estimates.json" '(.mean.point_estimate|type) == "number"'
check "vm_simple flat estimates.json" cmp -s "$out/vm_simple/new/estimates.json" "$out/vm_simple/estimates.json"
check "vm_simple allocates nothing" jqt "$out/vm_simple/new/metrics.json" \
  '.allocs_per_iter == 0 and .bytes_per_iter == 0 and .settings.sample_size == 10'
check "only vm_simple ran" [ "$(ls "$out" | grep -vx report)" = "vm_simple" ]
check "vm_simple has its HTML report" [ -s "$out/vm_simple/report/index.html" ]
check "the report index lists it" grep -q 'vm_simple' "$out/report/index.html"

"$BIN/bench" '^lexer/fib15$' --output-dir "$out" "${FAST[@]}" >"$tmp/lex.out" 2>&1
check "lexer/fib15 throughput is its source bytes" jqt "$out/lexer/fib15/new/benchmark.json" \
  '.throughput == {"Bytes":86} and .group_id == "lexer" and .value_str == "fib15"'
"$BIN/bench" '^vm/fib15$' --output-dir "$out" "${FAST[@]}" >"$tmp/vmfib.out" 2>&1
check "vm/fib15 throughput is its 1973 calls" jqt "$out/vm/fib15/new/benchmark.json" \
  '.throughput == {"Elements":1973}'

# Without a working CPython the CPython baselines are skipped, one line each, and the run
# succeeds. CRIT_PYTHON_ONLY=1 makes $CRIT_PYTHON the only candidate (otherwise python3 from
# PATH and /usr/bin/python3 are tried too).
nopy=(env CRIT_PYTHON=/nonexistent/python3 CRIT_PYTHON_ONLY=1)
"${nopy[@]}" "$BIN/bench" '^cpython_pure_vm$' --output-dir "$out" "${FAST[@]}" \
  >"$tmp/skip.out" 2>"$tmp/skip.err"
check "missing python3: exit 0" [ $? -eq 0 ]
check "missing python3: one skip line" grep -qx \
  'cpython_pure_vm: skipped: no working CPython 3: $CRIT_PYTHON /nonexistent/python3: failed (not found); set CRIT_PYTHON to a CPython executable' "$tmp/skip.err"
check "missing python3: nothing written" [ ! -e "$out/cpython_pure_vm" ]
"${nopy[@]}" "$BIN/bench" '^cpython_pure_vm$' --output-dir "$out" "${FAST[@]}" \
  --baseline never-saved >"$tmp/skipb.out" 2>"$tmp/skipb.err"
check "missing python3 under --baseline: still a skip, exit 0" bash -c \
  '[ $1 -eq 0 ] && grep -q "^cpython_pure_vm: skipped: " "$2" && ! grep -q "must exist" "$2"' _ $? "$tmp/skipb.err"
"${nopy[@]}" "$BIN/bench" cpython --test >"$tmp/skipt.out" 2>"$tmp/skipt.err"
check "missing python3: --test exits 0" [ $? -eq 0 ]
check "missing python3: --test skips all five (ac6/cpython_pure_execution too)" \
  [ "$(grep -c ': skipped: ' "$tmp/skipt.err")" -eq 5 ]
env -u CRIT_PYTHON CRIT_PYTHON_ONLY=1 "$BIN/bench" '^cpython_pure_vm$' --test >"$tmp/skipu.out" 2>"$tmp/skipu.err"
check "CRIT_PYTHON_ONLY=1 without CRIT_PYTHON: skipped, says so" grep -qx \
  'cpython_pure_vm: skipped: CRIT_PYTHON_ONLY=1 but CRIT_PYTHON is not set' "$tmp/skipu.err"

if command -v python3 >/dev/null 2>&1; then
  "$BIN/bench" '^cpython_pure_vm$' --output-dir "$out" "${FAST[@]}" >"$tmp/py.out" 2>"$tmp/py.err"
  check "cpython_pure_vm exits 0" [ $? -eq 0 ]
  exe=$(jq -r .context.python_executable "$out/cpython_pure_vm/new/metrics.json")
  check "python_executable is absolute" [ "${exe#/}" != "$exe" ]
  check "python_executable is a binary, not a shim script" \
    [ "$(head -c 4 "$exe" | od -An -c | tr -d ' ')" = '177ELF' ]
  check "python_version recorded" jqt "$out/cpython_pure_vm/new/metrics.json" \
    '.context.python_version | test("^3\\.[0-9]+\\.[0-9]+")'
  # the child starts before the first timed call: a short warm-up must not see its start-up
  check "CPython timer start-up is not timed: Linear sampling" jqt "$out/cpython_pure_vm/new/sample.json" \
    '.sampling_mode == "Linear" and .iters[0] > 1'
  check "timer answers 'vm N' with ns" bash -c \
    'printf "vm 100\nexec 10\n" | "$1" tools/cpython_timer.py | grep -Ecx "[0-9]+" | grep -qx 2' _ "$exe"
  check "timer rejects a bad request and goes on" bash -c \
    'printf "jump 3\nvm 1\n" | "$1" tools/cpython_timer.py | head -n 1 | grep -q "^error: expected"' _ "$exe"
fi

"$BIN/bench" '^binary_subprocess_simple$' --output-dir "$out" "${FAST[@]}" >"$tmp/cli.out" 2>&1
check "binary_subprocess_simple exits 0" [ $? -eq 0 ]
check "CLI allocations recorded" jqt "$out/binary_subprocess_simple/new/metrics.json" \
  '.allocs_per_iter > 0 and .bytes_per_iter > 0'
finish
