#!/usr/bin/env bash
# --count-allocs (harness/measure/allocs.c): examples/allocs' allocs/three does exactly 3 mallocs
# (24 + 1000 + 4096 = 5120 bytes) and 3 frees per iteration and must report exactly that on the
# console, in metrics.json (heap_*_per_iter, and allocs_per_iter/bytes_per_iter since it reports
# none of its own), in the exports; crit_group_count_allocs counts without the flag; nothing is
# counted without either. minipy: the interposer's counts equal libpy's own counter
# (allocs_per_iter, bytes_per_iter) on the stage suites (both 0: libpy reuses its buffers) and
# on tests/fixtures/usage/py_allocs.c, whose benchmarks allocate in every iteration.
# In a sanitizer build the interposer is compiled out: the run warns once and counts nothing.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
TBIN=$BIN/../tests
FAST=(--warm-up-time 0.05 --measurement-time 0.2 --sample-size 10 --nresamples 1000 --noplot --color never)
san=0
case "$BIN" in *-san*) san=1 ;; esac

"$TBIN/example_allocs" --output-dir "$tmp/r" "${FAST[@]}" --count-allocs \
  --export-markdown "$tmp/r.md" --export-csv "$tmp/r.csv" --export-gbench-json "$tmp/r.json" \
  --record="$tmp/h.sqlite" >"$tmp/out" 2>"$tmp/err"
check "example_allocs --count-allocs: exit 0" [ $? -eq 0 ]
# the history keeps what the run used under metrics.json's names
hist() { sqlite3 "$tmp/h.sqlite" "SELECT value FROM metrics WHERE bench = 'allocs/three' AND name = '$1'"; }
check "history: CPU time recorded" awk -v v="$(hist cpu_time_per_iter)" 'BEGIN { exit !(v > 0) }'

m=$tmp/r/allocs/three/new/metrics.json
if [ $san -eq 1 ]; then
  check "sanitizer build: not available, said once" \
    bash -c '[ "$(grep -c "allocation counting is not available in a sanitizer build" "$1")" -eq 1 ]' _ "$tmp/err"
  check "sanitizer build: no counts written" jqt "$m" \
    'has("heap_allocs_per_iter") == false and has("allocs_per_iter") == false and .cpu_time_per_iter > 0'
  check "sanitizer build: no allocs line" bash -c '! grep -q "allocs:" "$1"' _ "$tmp/out"
  finish; exit
fi
check "history: 3 allocs, 5120 bytes, 3 frees per iteration" \
  [ "$(hist heap_allocs_per_iter) $(hist heap_bytes_per_iter) $(hist heap_frees_per_iter)" = "3.0 5120.0 3.0" ]
check "console: exactly 3 allocs, 5120 bytes, 3 frees" \
  grep -Eq '^ +allocs: 3 /iter  bytes: 5120 /iter  frees: 3 /iter$' "$tmp/out"
check "console: the allocs line follows allocs/three's time line" \
  bash -c 'grep -A1 "^allocs/three " "$1" | tail -n 1 | grep -q "allocs: 3 /iter"' _ "$tmp/out"
check "metrics.json: exact counts per iteration" jqt "$m" \
  '.heap_allocs_per_iter == 3 and .heap_bytes_per_iter == 5120 and .heap_frees_per_iter == 3'
check "metrics.json: allocs_per_iter/bytes_per_iter filled in (the benchmark sets none)" jqt "$m" \
  '.allocs_per_iter == 3 and .bytes_per_iter == 5120'
check "metrics.json: the pair benchmark, 1 alloc of 64 bytes" jqt "$tmp/r/allocs/pair/new/metrics.json" \
  '.heap_allocs_per_iter == 1 and .heap_bytes_per_iter == 64 and .heap_frees_per_iter == 1'
check "crit_group_count_allocs: counted/three counted too" jqt "$tmp/r/counted/three/new/metrics.json" \
  '.heap_allocs_per_iter == 3 and .heap_bytes_per_iter == 5120'
check "gbench: counters" jqt "$tmp/r.json" \
  '[.benchmarks[] | select(.name == "allocs/three")][0] | .allocs_per_iter == 3 and .bytes_per_iter == 5120 and .frees_per_iter == 3'
check "csv: allocation columns" bash -c 'head -n 1 "$1" | grep -q ",cpu_time,allocs_per_iter,bytes_per_iter,frees_per_iter" && grep -q "^allocs/three,.*,3,5120,3" "$1"' _ "$tmp/r.csv"
check "markdown: allocation columns" bash -c 'grep -q "| allocs/iter | bytes/iter | frees/iter |" "$1" && grep -Eq "^\| allocs/three \|.* \| 3 \| 5120 \| 3 \|$" "$1"' _ "$tmp/r.md"

# without the flag only the group that asks counts
"$TBIN/example_allocs" --output-dir "$tmp/n" "${FAST[@]}" >"$tmp/out2" 2>&1
check "no flag: exit 0" [ $? -eq 0 ]
check "no flag: allocs/three not counted" jqt "$tmp/n/allocs/three/new/metrics.json" \
  'has("heap_allocs_per_iter") == false and has("allocs_per_iter") == false'
check "no flag: crit_group_count_allocs still counts" jqt "$tmp/n/counted/three/new/metrics.json" \
  '.heap_allocs_per_iter == 3'

# minipy: the interposer agrees with libpy's counter where libpy counts every allocation
"$BIN/bench" '^(cold_start|vm)/' --output-dir "$tmp/py" "${FAST[@]}" --count-allocs --quiet >/dev/null 2>&1
check "bench cold_start|vm --count-allocs: exit 0" [ $? -eq 0 ]
n=$(find "$tmp/py" -path '*/new/metrics.json' | wc -l)
check "bench: 12 benchmarks measured" [ "$n" -eq 12 ]
check "bench: interposer == libpy on every one (allocs and bytes)" bash -c \
  'for f in $(find "$1" -path "*/new/metrics.json"); do jq -e ".heap_allocs_per_iter == .allocs_per_iter and .heap_bytes_per_iter == .bytes_per_iter" "$f" >/dev/null || { echo "  $f: $(jq -c "[.allocs_per_iter,.heap_allocs_per_iter,.bytes_per_iter,.heap_bytes_per_iter]" "$f")" >&2; exit 1; }; done' _ "$tmp/py"
if [ -x "$TBIN/py_allocs" ]; then
  "$TBIN/py_allocs" --output-dir "$tmp/pa" "${FAST[@]}" --count-allocs >/dev/null 2>&1
  check "py_allocs: exit 0" [ $? -eq 0 ]
  for b in new_state list_build; do
    check "py_allocs $b: interposer == libpy, and both > 0" jqt "$tmp/pa/minipy/$b/new/metrics.json" \
      '.allocs_per_iter > 0 and .heap_allocs_per_iter == .allocs_per_iter and .heap_bytes_per_iter == .bytes_per_iter'
  done
fi
finish
