#!/usr/bin/env bash
# bench --measure instructions: exact counts under callgrind, identical from run to run; the
# files under <id>/instructions/ (checked with jq), never touching the time files; a saved
# baseline compared exactly (no change; a changed baseline file gives the change to the digit,
# "regressed" and exit 3 under --fail-on-regression; --noise-threshold still applies); the
# benchmarks that cannot be counted (command, custom timer) skipped with one line; --cache-sim;
# and the refusals (valgrind missing: exit 2, nothing written; options that do not mix).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$(valgrind_bin bench)
out=$tmp/r
chain=$out/calibration/chain1000/instructions

"$B" --measure instructions calibration/chain1000 --output-dir "$out" >"$tmp/o1" 2>"$tmp/e1"
check "first count: exit 0" [ $? -eq 0 ]
check "console: instructions per iteration" grep -Eq '^calibration/chain1000 +instructions: [0-9]+ /iter$' "$tmp/o1"
n1=$(jq .per_iter.instructions "$chain/new/instructions.json")
check "instructions.json: two counts, K and 2K" jqt "$chain/new/instructions.json" \
  '.measurement == "instructions" and .iters[1] == 2 * .iters[0] and .per_iter.instructions > 1000'
check "the callgrind output is kept beside it" grep -q '^events: Ir' "$chain/new/callgrind.out"
check "a baseline 'base' was saved" [ -f "$chain/base/instructions.json" ]
check "no time files were written" [ ! -e "$out/calibration/chain1000/new" ]
check "no change file on a first run" [ ! -e "$chain/change/estimates.json" ]
check "a report page with the count" grep -q "Instructions per iteration</th><td>$(jq .per_iter.instructions "$chain/new/instructions.json").00<" "$chain/report/index.html"
check "a flame graph beside it, titled with the count" \
  grep -q "<title>calibration/chain1000: [0-9]* instructions per iteration" "$chain/report/flame.svg"
check "the flame graph names the benchmark's function" grep -q ">bench_chain1000<\|bench_chain1000:" "$chain/report/flame.svg"

"$B" --measure instructions calibration/chain1000 --output-dir "$out" \
  --export-markdown "$tmp/i.md" --export-csv "$tmp/i.csv" >"$tmp/o2" 2>"$tmp/e2"
check "second count: exit 0" [ $? -eq 0 ]
n2=$(jq .per_iter.instructions "$chain/new/instructions.json")
check "identical counts run to run ($n1, $n2)" [ "$n1" = "$n2" ]
check "the same count: no change" grep -q "No change in performance detected." "$tmp/o2"
check "change file: exactly 0" jqt "$chain/change/estimates.json" '.mean.point_estimate == 0'
check "Markdown export: the instruction table" \
  diff <(printf '%s\n' '| benchmark | instructions | L1 misses | LL misses | est. cycles | change |' \
                        '| --- | ---: | ---: | ---: | ---: | --- |' \
                        "| calibration/chain1000 | $n1 | - | - | - | +0.0000% (no change) |") "$tmp/i.md"
check "index page: one bar for the benchmark, its count and change, a link to its page" \
  bash -c "grep -c '<rect' '$out/report/instructions.html' | grep -qx 1 &&
           grep -q '>$n1</text>' '$out/report/instructions.html' &&
           grep -q '+0.0000%</text>' '$out/report/instructions.html' &&
           grep -q 'href=\"../calibration/chain1000/instructions/report/index.html\"' '$out/report/instructions.html'"
check "CSV export: the instruction columns" \
  diff <(printf 'id,instructions,l1_misses,ll_misses,estimated_cycles,change\r\ncalibration/chain1000,%s,,,,0\r\n' "$n1") "$tmp/i.csv"
"$B" --measure instructions --export-gbench-json "$tmp/g.json" >/dev/null 2>"$tmp/eg"
check "Google Benchmark JSON refused in this mode: exit 2" [ $? -eq 2 ]
check "Google Benchmark JSON refused: said why, nothing written" \
  bash -c "grep -q 'cannot be combined with --export-gbench-json' '$tmp/eg' && [ ! -e '$tmp/g.json' ]"

# a baseline with 1 % fewer instructions than now: +1.0101... % and "regressed"
jq --argjson n "$n1" '.per_iter.instructions = ($n / 1.01)' "$chain/base/instructions.json" \
  >"$tmp/b.json" && mkdir -p "$chain/older" && cp "$tmp/b.json" "$chain/older/instructions.json"
"$B" --measure instructions calibration/chain1000 --output-dir "$out" --baseline older \
  --fail-on-regression >"$tmp/o3" 2>"$tmp/e3"
check "1 % more than the baseline: exit 3" [ $? -eq 3 ]
check "regressed" grep -q "Performance has regressed." "$tmp/o3"
check "change: +1.0000%" grep -q "change: +1.0000% (instructions)" "$tmp/o3"
check "change file holds the exact fraction" jqt "$chain/change/estimates.json" \
  '(.mean.point_estimate - 0.01 | fabs) < 1e-12'
check "--baseline leaves the baseline as it was" cmp -s "$tmp/b.json" "$chain/older/instructions.json"
"$B" --measure instructions calibration/chain1000 --output-dir "$out" --baseline older \
  --noise-threshold 0.02 --fail-on-regression >"$tmp/o4" 2>"$tmp/e4"
check "--noise-threshold 0.02: within noise, exit 0" [ $? -eq 0 ]
check "within noise threshold" grep -q "Change within noise threshold." "$tmp/o4"
"$B" --measure instructions calibration/chain1000 --output-dir "$out" --baseline missing >/dev/null 2>"$tmp/e5"
check "--baseline NAME missing: exit 1" [ $? -eq 1 ]
check "--baseline NAME missing: named" grep -q "instruction baseline 'missing' must exist" "$tmp/e5"

# what cannot be counted is skipped, one line each, exit 0
"$B" --measure instructions --exact binary_subprocess_simple --output-dir "$out" >"$tmp/o6" 2>"$tmp/e6"
check "command benchmark: exit 0" [ $? -eq 0 ]
check "command benchmark: skipped with a reason" \
  grep -q '^binary_subprocess_simple: skipped: a command benchmark spends its instructions in other processes' "$tmp/e6"

"$B" --measure instructions --exact cpython_pure_execution --output-dir "$out" >/dev/null 2>"$tmp/e6b"
check "custom-timer benchmark: exit 0" [ $? -eq 0 ]
check "custom-timer benchmark: skipped with one line" grep -q '^cpython_pure_execution: skipped: ' "$tmp/e6b"
"$B" --measure instructions --cache-sim --exact calibration/empty --output-dir "$out" --noplot >"$tmp/o7" 2>"$tmp/e7"
check "--noplot: no report page" [ ! -e "$out/calibration/empty/instructions/report" ]
check "--cache-sim: exit 0" [ $? -eq 0 ]
check "--cache-sim: misses and estimated cycles" \
  bash -c "grep -q 'L1 misses:' '$tmp/o7' && grep -q 'est. cycles:' '$tmp/o7'"
check "--cache-sim: estimated cycles >= instructions" \
  jqt "$out/calibration/empty/instructions/new/instructions.json" \
  '.per_iter.estimated_cycles >= .per_iter.instructions and .per_iter.l1_misses >= 0'

# refusals
env PATH=/nonexistent "$PWD/$B" --measure instructions calibration --output-dir "$tmp/none" >"$tmp/o8" 2>"$tmp/e8"
check "valgrind missing: exit 2" [ $? -eq 2 ]
check "valgrind missing: names the package" grep -q "install Debian's valgrind package" "$tmp/e8"
check "valgrind missing: nothing written" [ ! -e "$tmp/none" ]
"$B" --cache-sim >/dev/null 2>"$tmp/e9"
check "--cache-sim alone: exit 2" [ $? -eq 2 ]
"$B" --measure instructions --against "$B" >/dev/null 2>"$tmp/e10"
check "--measure instructions with --against: exit 2" [ $? -eq 2 ]
"$B" --measure cycles >/dev/null 2>"$tmp/e11"
check "--measure cycles: exit 2, names the choices" grep -q "expected time or instructions" "$tmp/e11"
check "'instructions' is not a baseline name" \
  bash -c "'$B' --save-baseline instructions --list >/dev/null 2>&1; [ \$? -eq 2 ]"

# the instruction-count gate kind (tools/gates.sh --gates FILE)
gate() {  # max -> a gates file holding one instructions_at_most gate on calibration/chain1000
  printf '{"gates": [{"id": "IC9", "kind": "instructions_at_most", "benchmark": "calibration/chain1000", "max": %s}]}\n' "$1" >"$tmp/g.json"
}
gate "$n1"
tools/gates.sh --gates "$tmp/g.json" "$out" >"$tmp/g1" 2>&1
check "gate at the count: PASS, exit 0" [ $? -eq 0 ]
check "gate line names the count" \
  grep -q "^PASS  IC9  calibration/chain1000 instructions per iteration <= $n1: $n1 instructions/iter$" "$tmp/g1"
gate "$((n1 - 1))"
tools/gates.sh --gates "$tmp/g.json" "$out" >"$tmp/g2" 2>&1
check "gate one below the count: FAIL, exit 1" [ $? -eq 1 ]
tools/gates.sh --gates "$tmp/g.json" "$tmp" >"$tmp/g3" 2>&1
check "gate without an instruction run: FAIL naming the file" \
  grep -q "calibration/chain1000/instructions/new/instructions.json is missing" "$tmp/g3"
tools/gates.sh --gates >/dev/null 2>&1
check "--gates without a file: exit 2" [ $? -eq 2 ]
check "the committed gates file is valid and names cold_start_simple" \
  jqt tools/gates-instructions.json '.gates[0].kind == "instructions_at_most" and .gates[0].benchmark == "cold_start_simple"'

# crit_runner_measure: a program that selects instruction counts itself
P=$tmp/prog
crit_program tests/fixtures/instructions/prog.c "$P"
check "the test program builds" [ -x "$P" ]
"$P" --output-dir "$tmp/own" --noplot >"$tmp/p1" 2>"$tmp/pe1"
check "crit_runner_measure(INSTRUCTIONS): exit 0" [ $? -eq 0 ]
check "crit_runner_measure: counted, not timed" grep -Eq '^own/steps +instructions: [0-9]+ /iter$' "$tmp/p1"
check "crit_runner_measure: instruction files only" \
  bash -c "[ -f '$tmp/own/own/steps/instructions/new/instructions.json' ] && [ ! -e '$tmp/own/own/steps/new' ]"
"$P" --measure time --output-dir "$tmp/own2" --noplot --warm-up-time 0.05 --measurement-time 0.1 >"$tmp/p2" 2>&1
check "--measure time on the command line wins" grep -Eq '^own/steps +time: ' "$tmp/p2"
"$P" late --output-dir "$tmp/own3" --noplot --warm-up-time 0.05 --measurement-time 0.1 >"$tmp/p3" 2>"$tmp/pe3"
check "called after a benchmark: exit 1" [ $? -eq 1 ]
check "called after a benchmark: said why" \
  grep -q "crit_runner_measure: it must be called before any benchmark is registered" "$tmp/pe3"

finish
