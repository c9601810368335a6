#!/usr/bin/env bash
# tools/gates.sh and tools/compare_pure_execution.sh on the hand-written result directories in
# tests/fixtures/gates/ (pass, fail, slow, missing, malformed) and on damaged copies made here:
# AC6 reads the paired ratio of the compared group ac6 (metrics.json "relative"), and the older
# speedup_at_least kind (two separate benchmarks) is checked through a gates.json of its own;
# both say which CPython the baseline timed (its metrics.json context: recorded with the
# selection in pass/, without it in slow/, missing in fail/, damaged copies);
# exact lines (measured values included), exact exit codes, nothing on stderr unless it is a
# usage error (exit 2, one line, nothing on stdout), the --json form checked with jq against
# the line form, and gates.json problems (copies of the scripts next to a broken gates.json).
# Needs bash and jq only (no build).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fx=tests/fixtures/gates
G=tools/gates.sh
C=tools/compare_pure_execution.sh

run() {  # command... -> $rc, $tmp/out, $tmp/err
  "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
same() {  # expected text, file: identical, or a diff on stderr
  diff -u <(printf '%s\n' "$1") "$2" >&2
}
has_line() {  # exact line, file
  grep -Fxq -- "$1" "$2" || { echo "  no line: $1" >&2; sed 's/^/  | /' "$2" >&2; return 1; }
}
expect() {  # desc, expected rc, expected stdout; after run
  check "$1: exit $2" [ "$rc" -eq "$2" ]
  check "$1: stdout" same "$3" "$tmp/out"
  check "$1: nothing on stderr" [ ! -s "$tmp/err" ]
}
usage_err() {  # desc, needle; after run
  check "$1: exit 2" [ "$rc" -eq 2 ]
  check "$1: no stdout" [ ! -s "$tmp/out" ]
  check "$1: one stderr line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
  check "$1: message names '$2'" grep -Fq -- "$2" "$tmp/err"
}
json_matches_lines() {  # desc, results dir, expected rc: --json is the line form as JSON
  local d=$2
  run "$G" --json "$d"
  check "$1 --json: exit $3" [ "$rc" -eq "$3" ]
  check "$1 --json: nothing on stderr" [ ! -s "$tmp/err" ]
  check "$1 --json: one line" [ "$(wc -l <"$tmp/out")" -eq 1 ]
  check "$1 --json: array of {id,description,measured,pass}" jqt "$tmp/out" \
    'type == "array" and length == 6 and map(.id) == ["AC1","AC2","AC3","AC4","AC5","AC6"]
     and all(.[]; keys_unsorted == ["id","description","measured","pass"] and (.pass | type) == "boolean"
                  and (.description | type) == "string" and (.measured | type) == "string")'
  cp "$tmp/out" "$tmp/json"
  run "$G" "$d"
  check "$1 --json: same text as the lines" same "$(cat "$tmp/out")" \
    <(jq -r '(.[] | "\(if .pass then "PASS" else "FAIL" end)  \(.id)  \(.description): \(.measured)"),
             "gates: \(map(select(.pass)) | length) passed, \(map(select(.pass | not)) | length) failed"' "$tmp/json")
}

# ---- pass/: everything passes (AC2 at its boundary: 5 allocations) ----
run "$G" "$fx/pass"
expect "gates pass/" 0 "PASS  AC1  vm_simple mean < 150 ns: 7.5231 ns
PASS  AC2  cold_start_simple allocs_per_iter <= 5: 5
PASS  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 4 of 4 present
PASS  AC4  cold_start_simple mean < 500 ns and cv < 10%: 95.412 ns, cv 4.1200%
PASS  AC5  cold_start_simple mean upper bound < 100 µs: 96.800 ns
PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 52.6x conservative (point 54.8x, paired, 412 rounds); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration
gates: 6 passed, 0 failed"
json_matches_lines "gates pass/" "$fx/pass" 0
check "gates pass/ --json: all pass" jqt "$tmp/json" 'all(.[]; .pass) and .[0].measured == "7.5231 ns"'

run "$C" "$fx/pass"
expect "compare pass/" 0 "ac6/cpython_pure_execution  mean [5.1000 µs 5.2300 µs 5.4000 µs]
ac6/minipy_cold_start       mean [94.100 ns 95.412 ns 96.800 ns]
speedup (ac6/cpython_pure_execution / ac6/minipy_cold_start):
  point         54.8x  (mean / mean)
  conservative  52.6x  (lower bound / upper bound)
  optimistic    57.4x  (upper bound / lower bound)
PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 52.6x conservative (point 54.8x, paired, 412 rounds); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration"

# ---- fail/: AC1 (160 ns), AC2 (6 allocs), AC4 (cv exactly 10% while the mean passes), AC6
# (conservative 1 / 0.0200004 = 49.999x, shown rounded down, while the point is 54.8x) ----
run "$G" "$fx/fail"
expect "gates fail/" 1 "FAIL  AC1  vm_simple mean < 150 ns: 160.25 ns
FAIL  AC2  cold_start_simple allocs_per_iter <= 5: 6
PASS  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 4 of 4 present
FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: 95.412 ns, cv 10.000%
PASS  AC5  cold_start_simple mean upper bound < 100 µs: 101.00 ns
FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 49.9x conservative (point 54.8x, paired, 398 rounds); CPython: not recorded ($fx/fail/ac6/cpython_pure_execution/new/metrics.json is missing)
gates: 2 passed, 4 failed"
json_matches_lines "gates fail/" "$fx/fail" 1
check "gates fail/ --json: pass flags" jqt "$tmp/json" 'map(.pass) == [false,false,true,false,true,false]'

run "$C" "$fx/fail"
expect "compare fail/" 1 "ac6/cpython_pure_execution  mean [5.0499 µs 5.2300 µs 5.4000 µs]
ac6/minipy_cold_start       mean [94.100 ns 95.412 ns 101.00 ns]
speedup (ac6/cpython_pure_execution / ac6/minipy_cold_start):
  point         54.8x  (mean / mean)
  conservative  49.9x  (lower bound / upper bound)
  optimistic    57.4x  (upper bound / lower bound)
FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 49.9x conservative (point 54.8x, paired, 398 rounds); CPython: not recorded ($fx/fail/ac6/cpython_pure_execution/new/metrics.json is missing)"

# ---- slow/: AC1 at exactly 150 ns, AC4 on the mean with a good cv, AC5 at exactly 100 µs ----
run "$G" "$fx/slow"
expect "gates slow/" 1 "FAIL  AC1  vm_simple mean < 150 ns: 150.00 ns
PASS  AC2  cold_start_simple allocs_per_iter <= 5: 2.5
PASS  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 4 of 4 present
FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: 99.871 µs, cv 5.0000%
FAIL  AC5  cold_start_simple mean upper bound < 100 µs: 100.00 µs
PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 121.0x conservative (point 125.0x, paired, 1000 rounds); CPython: /root/.pyenv/versions/3.11.7/bin/python3 3.11.7
gates: 3 passed, 3 failed"
json_matches_lines "gates slow/" "$fx/slow" 1

run "$C" "$fx/slow"
expect "compare slow/" 0 "ac6/cpython_pure_execution  mean [12.100 ms 12.500 ms 12.900 ms]
ac6/minipy_cold_start       mean [99.712 µs 99.871 µs 100.00 µs]
speedup (ac6/cpython_pure_execution / ac6/minipy_cold_start):
  point         125.2x  (mean / mean)
  conservative  121.0x  (lower bound / upper bound)
  optimistic    129.4x  (upper bound / lower bound)
PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 121.0x conservative (point 125.0x, paired, 1000 rounds); CPython: /root/.pyenv/versions/3.11.7/bin/python3 3.11.7"

# ---- missing/: no vm_simple, parser_simple, cold_start_simple metrics.json, cpython, ac6 ----
m=$fx/missing
run "$G" "$m"
expect "gates missing/" 1 "FAIL  AC1  vm_simple mean < 150 ns: $m/vm_simple/new/estimates.json is missing
FAIL  AC2  cold_start_simple allocs_per_iter <= 5: $m/cold_start_simple/new/metrics.json is missing
FAIL  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 2 of 4 present; $m/parser_simple/new/estimates.json is missing; $m/vm_simple/new/estimates.json is missing
FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: $m/cold_start_simple/new/metrics.json is missing
PASS  AC5  cold_start_simple mean upper bound < 100 µs: 96.800 ns
FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $m/ac6/minipy_cold_start/new/metrics.json is missing
gates: 1 passed, 5 failed"
json_matches_lines "gates missing/" "$m" 1
check "gates missing/ --json: measured is the message" jqt "$tmp/json" \
  ".[0].measured == \"$m/vm_simple/new/estimates.json is missing\" and .[0].pass == false"

run "$C" "$m"
expect "compare missing/" 1 "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $m/ac6/minipy_cold_start/new/metrics.json is missing"

# ---- malformed/: truncated JSON, null, strings where numbers belong, a key missing, 1e999 ----
# (ac6/'s estimates are malformed as cold_start_simple's and cpython's, its ratio's upper bound
# is a string)
m=$fx/malformed
run "$G" "$m"
expect "gates malformed/" 1 "FAIL  AC1  vm_simple mean < 150 ns: $m/vm_simple/new/estimates.json is not valid JSON
FAIL  AC2  cold_start_simple allocs_per_iter <= 5: $m/cold_start_simple/new/metrics.json: allocs_per_iter is missing
FAIL  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 1 of 4 present; $m/lexer_simple/new/estimates.json: mean.point_estimate is null, not a number; $m/parser_simple/new/estimates.json: mean.point_estimate is a string, not a number; $m/vm_simple/new/estimates.json is not valid JSON
FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: $m/cold_start_simple/new/metrics.json: cv is null, not a number
FAIL  AC5  cold_start_simple mean upper bound < 100 µs: $m/cold_start_simple/new/estimates.json: mean.confidence_interval.upper_bound is a string, not a number
FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $m/ac6/minipy_cold_start/new/metrics.json: relative.ratio.upper_bound is a string, not a number
gates: 0 passed, 6 failed"
json_matches_lines "gates malformed/" "$m" 1

run "$C" "$m"
expect "compare malformed/" 1 "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $m/ac6/minipy_cold_start/new/metrics.json: relative.ratio.upper_bound is a string, not a number"

# ---- the time format is the harness's (expected values printed by crit_format_time from
# harness/core/format.c): unit from the value, 4/3/2/1/0 decimals, the exact binary value rounded ----
fmt_cases='0|0.0000 ps
0.27275|272.75 ps
0.125|125.00 ps
0.9999996|1000.00 ps
1|1.0000 ns
7.5231|7.5231 ns
9.99995|10.0000 ns
99.9995|99.999 ns
150|150.00 ns
954.12|954.12 ns
999.995|1000.00 ns
1093|1.0930 µs
1234.25|1.2343 µs
12344.5|12.345 µs
12345.5|12.345 µs
118675|118.67 µs
999999.5|1000.00 µs
10000500|10.001 ms
2.5e9|2.5000 s
1.5e13|15000 s
1.03125|1.0312 ns
1.00005e13|10000 s
1.09375|1.0938 ns
1.00015e13|10002 s'
check "fmt_time matches crit_format_time" same "$fmt_cases" \
  <(cut -d'|' -f1 <<<"$fmt_cases" | jq -r -L tools/lib 'include "results"; "\(tostring)|\(fmt_time)"' |
    sed 's/^2500000000|/2.5e9|/; s/^15000000000000|/1.5e13|/; s/^10000500000000|/1.00005e13|/; s/^10001500000000|/1.00015e13|/')
check "1-decimal speedups: printf rounding, conservative rounded down" same \
  "0.1 0.2 50.0 | 49.9 50.0 52.6 0.0 52.3 0.3" \
  <(jq -n -r -L tools/lib 'include "results";
      "\([0.05, 0.25, 49.95] | map(fixed(1)) | join(" ")) | \([49.999, 50, 52.68595, 0.09, 523 / 10, 0.3] | map(fixed_floor(1)) | join(" "))"')

# ---- damaged copies of pass/: one file at a time ----
damage() {  # name, file under the copy, content (printf format)
  d="$tmp/$1"
  rm -rf "$d"; cp -r "$fx/pass" "$d"
  rm -rf "${d:?}/$2"
  # shellcheck disable=SC2059
  printf "$3" >"$d/$2"
}
vm=vm_simple/new/estimates.json
ac1="FAIL  AC1  vm_simple mean < 150 ns"
damage empty "$vm" ''
run "$G" "$d"
check "empty file: exit 1" [ "$rc" -eq 1 ]
check "empty file: named" has_line "$ac1: $d/$vm is empty" "$tmp/out"
check "empty file: AC3 too" has_line "FAIL  AC3  lexer_simple, parser_simple, compiler_simple, vm_simple results exist: 3 of 4 present; $d/$vm is empty" "$tmp/out"
check "empty file: summary" has_line "gates: 4 passed, 2 failed" "$tmp/out"
check "empty file: nothing on stderr" [ ! -s "$tmp/err" ]
damage blank "$vm" ' \n'
run "$G" "$d"
check "blank file is empty" has_line "$ac1: $d/$vm is empty" "$tmp/out"
damage two "$vm" '{"mean":{"point_estimate":7}} {}'
run "$G" "$d"
check "two JSON values: not valid" has_line "$ac1: $d/$vm is not valid JSON" "$tmp/out"
damage nul "$vm" '{"mean":{"point_estimate":7}}\0'
run "$G" "$d"
check "NUL byte: not valid" has_line "$ac1: $d/$vm is not valid JSON (contains a NUL byte)" "$tmp/out"
damage array "$vm" '[7.5]'
run "$G" "$d"
check "top-level array" has_line "$ac1: $d/$vm is an array, not an object" "$tmp/out"
damage meannum "$vm" '{"mean":7.5}'
run "$G" "$d"
check "mean not an object" has_line "$ac1: $d/$vm: mean is a number, not an object" "$tmp/out"
damage nokey "$vm" '{"mean":{"standard_error":1}}'
run "$G" "$d"
check "point_estimate missing" has_line "$ac1: $d/$vm: mean.point_estimate is missing" "$tmp/out"
damage nan "$vm" '{"mean":{"point_estimate":NaN}}'
run "$G" "$d"
check "NaN is not JSON" has_line "$ac1: $d/$vm is not valid JSON (NaN, Infinity or a number beyond a double)" "$tmp/out"
damage bool "$vm" '{"mean":{"point_estimate":true}}'
run "$G" "$d"
check "boolean" has_line "$ac1: $d/$vm: mean.point_estimate is a boolean, not a number" "$tmp/out"
damage dir "$vm" ''
rm -f "$d/$vm"; mkdir "$d/$vm"
run "$G" "$d"
check "a directory: exit 1" [ "$rc" -eq 1 ]
check "a directory" has_line "$ac1: $d/$vm is not a regular file" "$tmp/out"
check "a directory: nothing on stderr" [ ! -s "$tmp/err" ]
if [ "$(id -u)" -ne 0 ]; then
  damage noread "$vm" '{}'
  chmod 000 "$d/$vm"
  run "$G" "$d"
  check "unreadable" has_line "$ac1: $d/$vm is not readable" "$tmp/out"
fi
cs=cold_start_simple/new
damage cvstr "$cs/metrics.json" '{"cv":"0.05","allocs_per_iter":null}'
run "$G" "$d"
check "cv a string" has_line "FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: $d/$cs/metrics.json: cv is a string, not a number" "$tmp/out"
check "allocs null" has_line "FAIL  AC2  cold_start_simple allocs_per_iter <= 5: $d/$cs/metrics.json: allocs_per_iter is null, not a number" "$tmp/out"
check "only AC2 and AC4 fail" has_line "gates: 4 passed, 2 failed" "$tmp/out"
ac6=ac6/minipy_cold_start/new
rel='"relative":{"to":"ac6/cpython_pure_execution","ratio":{"point_estimate":%s,"lower_bound":0,"upper_bound":%s,"confidence_level":0.95},"rounds":12,"p_value":0.5}'
# shellcheck disable=SC2059
damage zeroratio "$ac6/metrics.json" "{$(printf "$rel" 0 0)}"
run "$G" "$d"
check "zero ratio: AC6 fails, no division error" has_line "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $d/$ac6/metrics.json: the ratio is not > 0" "$tmp/out"
check "zero ratio: nothing on stderr" [ ! -s "$tmp/err" ]
# shellcheck disable=SC2059
damage otherbase "$ac6/metrics.json" "{$(printf "$rel" 0.01 0.011 | sed 's/ac6\/cpython_pure_execution/ac6\/other/')}"
run "$G" "$d"
check "ratio to another baseline: AC6 fails" has_line "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $d/$ac6/metrics.json: relative.to is \"ac6/other\", not \"ac6/cpython_pure_execution\"" "$tmp/out"
damage norel "$ac6/metrics.json" '{"cv":0.05}'
run "$G" "$d"
check "no relative block (not a compared run): AC6 fails" has_line "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): $d/$ac6/metrics.json: relative is missing" "$tmp/out"
# shellcheck disable=SC2059
damage okratio "$ac6/metrics.json" "{$(printf "$rel" 0.01 0.0125)}"
run "$G" "$d"
check "ratio 0.0125: exactly 80x conservative" has_line "PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 80.0x conservative (point 100.0x, paired, 12 rounds); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration" "$tmp/out"
# which CPython the baseline timed, from its metrics.json context: informative, never failing
ac6ok="PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 52.6x conservative (point 54.8x, paired, 412 rounds)"
cpm=ac6/cpython_pure_execution/new/metrics.json
damage cpybad "$cpm" '{"context":'
run "$G" "$d"
check "baseline metrics.json not JSON: AC6 passes, says why" has_line "$ac6ok; CPython: not recorded ($d/$cpm is not valid JSON)" "$tmp/out"
check "baseline metrics.json not JSON: every gate passes" [ "$rc" -eq 0 ]
damage cpyarray "$cpm" '[1]'
run "$G" "$d"
check "baseline metrics.json an array: no context" has_line "$ac6ok; CPython: not recorded ($d/$cpm has no context)" "$tmp/out"
damage cpynoexe "$cpm" '{"context":{"python_version":"3.11.2"}}'
run "$G" "$d"
check "no python_executable: not recorded" has_line "$ac6ok; CPython: not recorded ($d/$cpm: context.python_executable is missing)" "$tmp/out"
damage cpyonly "$cpm" '{"context":{"python_executable":"/opt/py\\nthon3","python_version":"3.12.1","python_selection":"$CRIT_PYTHON only (CRIT_PYTHON_ONLY=1)"}}'
run "$G" "$d"
check "pinned CPython shown, control characters as ?" has_line "$ac6ok; CPython: /opt/py?thon3 3.12.1, \$CRIT_PYTHON only (CRIT_PYTHON_ONLY=1)" "$tmp/out"
run "$C" "$d"
check "compare: the same CPython text" has_line "$ac6ok; CPython: /opt/py?thon3 3.12.1, \$CRIT_PYTHON only (CRIT_PYTHON_ONLY=1)" "$tmp/out"
damage lowzero "$ac6/estimates.json" '{"mean":{"confidence_interval":{"lower_bound":0,"upper_bound":96.8},"point_estimate":95.412}}'
run "$C" "$d"
check "lower bound 0: compare passes" [ "$rc" -eq 0 ]
check "lower bound 0: optimistic n/a" has_line "  optimistic    n/a  (ac6/minipy_cold_start lower bound is not > 0)" "$tmp/out"
check "lower bound 0: mean line" has_line "ac6/minipy_cold_start       mean [0.0000 ps 95.412 ns 96.800 ns]" "$tmp/out"
run "$G" "$fx/pass///"
check "trailing slashes dropped from paths" [ "$rc" -eq 0 ]
run "$G" "$fx/missing/"
check "trailing slash: path" has_line "$ac1: $fx/missing/vm_simple/new/estimates.json is missing" "$tmp/out"
run "$G" -- "$fx/pass"
check "-- ends options" [ "$rc" -eq 0 ]

# ---- default RESULTS_DIR: $CRIT_HOME, else ./results ----
CRIT_HOME=$fx/pass run "$G"
check "CRIT_HOME is the default" [ "$rc" -eq 0 ]
mkdir -p "$tmp/cwd"; cp -r "$fx/missing" "$tmp/cwd/results"
(cd "$tmp/cwd" && unset CRIT_HOME && "$OLDPWD/$G") >"$tmp/out" 2>"$tmp/err"
check "results/ is the default: exit 1" [ $? -eq 1 ]
check "results/ is the default: path" has_line "$ac1: results/vm_simple/new/estimates.json is missing" "$tmp/out"
(cd "$tmp/cwd" && unset CRIT_HOME && "$OLDPWD/$C") >"$tmp/out" 2>"$tmp/err"
check "compare default results/" has_line "FAIL  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): results/ac6/minipy_cold_start/new/metrics.json is missing" "$tmp/out"

# ---- usage errors: exit 2, one line on stderr, nothing on stdout ----
for s in "$G" "$C"; do
  n=${s##*/}
  run "$s" --bogus "$fx/pass"; usage_err "$n --bogus" "$n: unknown option '--bogus'"
  if [ "$s" = "$C" ]; then
    run "$s" "$fx/pass" "$fx/fail"; usage_err "$n two dirs" "$n: too many arguments"
  else  # several are the shards of one run: they must not share a benchmark
    run "$s" "$fx/pass" "$fx/fail"; usage_err "$n two overlapping dirs" "is in both $fx/pass and $fx/fail"
  fi
  run "$s" "$tmp/nonexistent"; usage_err "$n no such dir" "$n: RESULTS_DIR '$tmp/nonexistent' is not a directory"
  run "$s" "$fx/pass/vm_simple/new/estimates.json"; usage_err "$n a file as dir" "is not a directory"
  run "$s" ""; usage_err "$n empty dir" "RESULTS_DIR '' is not a directory"
  CRIT_HOME=$tmp/nonexistent run "$s"; usage_err "$n bad CRIT_HOME" "RESULTS_DIR '$tmp/nonexistent' is not a directory"
  run "$s" --help
  check "$n --help: exit 0" [ "$rc" -eq 0 ]
  check "$n --help: usage" grep -q "^usage: $n " "$tmp/out"
done
run "$C" --json "$fx/pass"; usage_err "compare has no --json" "unknown option '--json'"

# ---- gates.json: found next to the script; problems are usage errors ----
t="$tmp/tree"
mkdir -p "$t/tools"; cp -r tools/lib tools/gates.sh tools/compare_pure_execution.sh "$t/tools/"
cp tools/gates.json "$t/tools/gates.json"
run "$t/tools/gates.sh" "$fx/pass"
check "copied tree works" [ "$rc" -eq 0 ]
bad_gates() {  # desc, needle, gates.json content (absent when empty); for both scripts
  rm -f "$t/tools/gates.json"
  [ -n "$3" ] && printf '%s' "$3" >"$t/tools/gates.json"
  run "$t/tools/gates.sh" "$fx/pass"; usage_err "gates.sh: $1" "$2"
  run "$t/tools/compare_pure_execution.sh" "$fx/pass"; usage_err "compare: $1" "$2"
}
bad_gates "no gates.json" "gates.json is missing" ""
bad_gates "gates.json not JSON" "gates.json: is not valid JSON" '{"gates":['
bad_gates "gates.json two values" "gates.json: is not valid JSON" '{"gates":[]} {}'
bad_gates "no gates" 'non-empty "gates" array' '{"gates":[]}'
bad_gates "unknown kind" 'gate 1 (AC1): unknown kind "mean_under"' '{"gates":[{"id":"AC1","kind":"mean_under","benchmark":"b","max_ns":1}]}'
bad_gates "threshold not a number" 'gate 1 (AC1): "max_ns" must be a number' '{"gates":[{"id":"AC1","kind":"mean_below","benchmark":"b","max_ns":"150"}]}'
bad_gates "no benchmark" 'gate 2 (AC2): "benchmark" must be a benchmark directory name' '{"gates":[{"id":"AC1","kind":"mean_below","benchmark":"b","max_ns":1},{"id":"AC2","kind":"mean_below","max_ns":1}]}'
bad_gates "escaping name" '"benchmark" must be a benchmark directory name' '{"gates":[{"id":"AC1","kind":"mean_below","benchmark":"../b","max_ns":1}]}'
bad_gates "duplicate id" 'duplicate id AC1' '{"gates":[{"id":"AC1","kind":"mean_below","benchmark":"b","max_ns":1},{"id":"AC1","kind":"mean_below","benchmark":"c","max_ns":1}]}'
printf '%s' '{"gates":[{"id":"AC1","kind":"mean_below","benchmark":"vm_simple","max_ns":1500}]}' >"$t/tools/gates.json"
run "$t/tools/compare_pure_execution.sh" "$fx/pass"; usage_err "compare: no AC6" "has no gate AC6 of kind relative_speedup_at_least or speedup_at_least"
# thresholds are data: a lower speedup threshold lets fail/'s 49.999x through, and
# descriptions follow the numbers
jq '.gates |= map(if .id == "AC6" then .min_speedup = 49.99 elif .id == "AC1" then .max_ns = 1500 else . end)' \
  tools/gates.json >"$t/tools/gates.json"
run "$t/tools/gates.sh" "$fx/fail"
check "threshold from gates.json: AC1" has_line "PASS  AC1  vm_simple mean < 1.5 µs: 160.25 ns" "$tmp/out"
check "threshold from gates.json: AC6" has_line "PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 49.99x (conservative, paired): 49.9x conservative (point 54.8x, paired, 398 rounds); CPython: not recorded ($fx/fail/ac6/cpython_pure_execution/new/metrics.json is missing)" "$tmp/out"
run "$t/tools/compare_pure_execution.sh" "$fx/fail"
check "compare threshold from gates.json" [ "$rc" -eq 0 ]

# the older kind, speedup_at_least (two separately measured benchmarks), is still available:
# AC6 as it was before the paired group existed
old6='{"id":"AC6","kind":"speedup_at_least","benchmark":"cold_start_simple","baseline":"cpython_pure_execution","min_speedup":50}'
jq --argjson g "$old6" '.gates |= map(if .id == "AC6" then $g else . end)' tools/gates.json >"$t/tools/gates.json"
old6line="AC6  speedup of cold_start_simple over cpython_pure_execution >= 50x (conservative)"
run "$t/tools/gates.sh" "$fx/pass"
check "speedup_at_least: pass/" has_line "PASS  $old6line: 52.6x conservative (point 54.8x); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration" "$tmp/out"
run "$t/tools/gates.sh" "$fx/fail"
check "speedup_at_least: fail/ (49.999x rounded down)" has_line "FAIL  $old6line: 49.9x conservative (point 54.8x); CPython: not recorded ($fx/fail/cpython_pure_execution/new/metrics.json: context.python_executable is missing)" "$tmp/out"
run "$t/tools/gates.sh" "$fx/malformed"
check "speedup_at_least: malformed/" has_line "FAIL  $old6line: $fx/malformed/cpython_pure_execution/new/estimates.json is not valid JSON (NaN, Infinity or a number beyond a double); $fx/malformed/cold_start_simple/new/estimates.json: mean.confidence_interval.upper_bound is a string, not a number" "$tmp/out"
damage zero "$cs/estimates.json" '{"mean":{"confidence_interval":{"lower_bound":0,"upper_bound":0},"point_estimate":0}}'
run "$t/tools/gates.sh" "$d"
check "speedup_at_least: zero time, no division error" has_line "FAIL  $old6line: $d/$cs/estimates.json: the mean is not > 0" "$tmp/out"
run "$t/tools/compare_pure_execution.sh" "$fx/pass"
check "compare with speedup_at_least: exit 0" [ "$rc" -eq 0 ]
check "compare with speedup_at_least: its means" has_line "cold_start_simple       mean [94.100 ns 95.412 ns 96.800 ns]" "$tmp/out"
check "compare with speedup_at_least: its line" has_line "PASS  $old6line: 52.6x conservative (point 54.8x); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration" "$tmp/out"
rm -f "$t/tools/lib/results.jq"
run "$t/tools/gates.sh" "$fx/pass"; usage_err "no results.jq" "cannot read $t/tools/lib/results.jq"

finish
