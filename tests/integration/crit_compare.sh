#!/usr/bin/env bash
# crit-compare on the saved baselines in tests/fixtures/crit_compare/results (see
# make-fixtures.sh there): the golden table (expected.txt), exit codes, damaged files named on
# stderr, agreement with the harness's own verdict, the only-in lists, the filter, and every
# usage error (exit 2, one "error: ..." line on stderr, nothing on stdout). Also times 50
# benchmarks of 100 samples (release builds only: sanitizers are several times slower).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fx=tests/fixtures/crit_compare
R=$fx/results
CC_BIN=$BIN/crit-compare

run() {  # args... -> $rc, $tmp/out, $tmp/err
  "$CC_BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
same_file() {  # expected file, actual file
  diff -u "$1" "$2" >&2
}
one_err_line() {  # extended regex the single stderr line must match
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq -- "$1" "$tmp/err" ||
    { echo "  stderr was:" >&2; sed 's/^/  | /' "$tmp/err" >&2; return 1; }
}
row() {  # id: the table row of that id in $tmp/out
  awk -v id="$1" '$1 == id' "$tmp/out"
}

# ---- the golden case -------------------------------------------------------------------------
run --results "$R" a b '^(calibration|solo)'
check "filtered: exit 0" [ "$rc" -eq 0 ]
check "filtered: golden stdout" same_file "$fx/expected.txt" "$tmp/out"
check "filtered: nothing on stderr" [ ! -s "$tmp/err" ]

run --results "$R" a b
check "all: exit 1 (a damaged file)" [ "$rc" -eq 1 ]
check "all: same table as the golden case" same_file "$fx/expected.txt" "$tmp/out"
check "all: the damaged file is named" \
  one_err_line "^error: damaged baseline file: $R/damaged/truncated/b/sample.json: .*; damaged/truncated not compared$"

run --results "$R" --seed 1 a b '^(calibration|solo)'
check "same seed: identical output" same_file "$fx/expected.txt" "$tmp/out"
CRIT_HOME=$R run a b '^(calibration|solo)'
check "CRIT_HOME is the default results directory" same_file "$fx/expected.txt" "$tmp/out"
run --results "$R" a b --seed=7 --nresamples 5000 '^calibration/(empty|chain)'
check "other seed: exit 0" [ "$rc" -eq 0 ]
check "other seed: clear regression stays" grep -Eq '^calibration/empty .* \+50\.000% +0\.00  regressed$' "$tmp/out"
check "other seed: clear improvement stays" grep -Eq '^calibration/chain1000 .* -30\.000% +0\.00  improved$' "$tmp/out"
check "other seed: the settings are stated" grep -q '5000 resamples, seed 7' "$tmp/out"

# ---- the verdict is the harness's -------------------------------------------------------------
# calibration/rerun/b is a genuine second run made with `bench --baseline a`; its metrics.json
# holds the harness's p and verdict (100000 resamples, seed 1).
run --results "$R" --nresamples 100000 a b '/rerun$'
want_p=$(printf '%.2f' "$(jq -r .p_value "$R/calibration/rerun/b/metrics.json")")
want_v=$(jq -r .verdict "$R/calibration/rerun/b/metrics.json")
check "rerun: exit 0" [ "$rc" -eq 0 ]
check "rerun: p and verdict equal the harness's ($want_p $want_v)" \
  [ "$(row calibration/rerun | awk '{print $(NF-1), $NF}')" = "$want_p $want_v" ]

# ---- order, swapped baselines, the change column ------------------------------------------------
run --results "$R" b a '^(calibration|solo)'
check "swapped: exit 0" [ "$rc" -eq 0 ]
check "swapped: chain1000 now regressed, listed first" \
  bash -c '[ "$(sed -n 5p "$1" | awk "{print \$1, \$(NF-2), \$NF}")" = "calibration/chain1000 +42.857% regressed" ]' _ "$tmp/out"
check "swapped: empty now improved, listed last" \
  bash -c '[ "$(grep -v "^only" "$1" | sed "/^$/d" | tail -1 | awk "{print \$1, \$(NF-2), \$NF}")" = "calibration/empty -33.333% improved" ]' _ "$tmp/out"
check "swapped: only-in lists follow the names" grep -qx 'only in a: calibration/only_a' "$tmp/out"

# ---- nothing in both -------------------------------------------------------------------------
run --results "$R" a b only_
check "only-in only: exit 1" [ "$rc" -eq 1 ]
check "only-in only: no table, the lists" \
  bash -c '[ "$(cat "$1")" = "$(printf "only in a: calibration/only_a\nonly in b: solo/only_b")" ]' _ "$tmp/out"
check "only-in only: says nothing matched" one_err_line "^error: no benchmark under $R matching 'only_' has both baselines 'a' and 'b'$"
run --results "$R" a b 'no-such-benchmark'
check "no match: exit 1" [ "$rc" -eq 1 ]
check "no match: nothing on stdout" [ ! -s "$tmp/out" ]
check "no match: one error line" one_err_line "^error: no benchmark under .* has both baselines"
run --results "$R" a nosuch
check "unknown baseline: exit 1" [ "$rc" -eq 1 ]
check "unknown baseline: every benchmark of a listed as only in a" \
  grep -qx 'only in a: calibration/chain1000, calibration/empty, calibration/only_a, calibration/rerun, calibration/same, damaged/truncated, solo' "$tmp/out"

# ---- damaged files in a copy -------------------------------------------------------------------
cp -r "$R" "$tmp/r"
rm -rf "$tmp/r/damaged"
rm "$tmp/r/calibration/same/a/estimates.json"
printf '{"group_id":' >"$tmp/r/calibration/rerun/a/benchmark.json"
printf '{"sampling_mode":"Linear","iters":[1],"times":[5]}' >"$tmp/r/solo/b/sample.json"
run --results "$tmp/r" a b
check "damaged copy: exit 1" [ "$rc" -eq 1 ]
check "damaged copy: three error lines" [ "$(wc -l <"$tmp/err")" -eq 3 ]
check "damaged copy: missing estimates.json named" \
  grep -q "^error: damaged baseline file: .*$tmp/r/calibration/same/a/estimates.json: .*; calibration/same not compared$" "$tmp/err"
check "damaged copy: bad benchmark.json named" \
  grep -q "^error: damaged baseline file: $tmp/r/calibration/rerun/a/benchmark.json: .*; calibration/rerun not compared$" "$tmp/err"
check "damaged copy: one-point sample named" \
  grep -q "^error: damaged baseline file: $tmp/r/solo/b/sample.json: it holds 1 measurement (at least 2 are needed); solo not compared$" "$tmp/err"
check "damaged copy: the others still compared" \
  bash -c '[ "$(grep -Ec "^calibration/(empty|chain1000) " "$1")" -eq 2 ] && ! grep -Eq "^(solo|calibration/(same|rerun)) " "$1"' _ "$tmp/out"
check "damaged copy: nothing was written" diff -r "$R/calibration/empty" "$tmp/r/calibration/empty"

# "new" is a readable baseline name (the latest run).
cp -r "$tmp/r/calibration/empty/b" "$tmp/r/calibration/empty/new"
run --results "$tmp/r" a new empty
check "new as B: exit 0" [ "$rc" -eq 0 ]
check "new as B: compared" grep -Eq '^calibration/empty .* regressed$' "$tmp/out"

# The id shown and filtered is benchmark.json's full_id, not the file-safe directory name.
mkdir -p "$tmp/r/arith"
cp -r "$R/calibration/empty" "$tmp/r/arith/a_b"
for v in a b; do
  jq -c '.group_id="arith" | .function_id="a:b" | .full_id="arith/a:b" | .directory_name="arith/a_b" | .title="arith/a:b"' \
    "$R/calibration/empty/$v/benchmark.json" >"$tmp/r/arith/a_b/$v/benchmark.json"
done
run --results "$tmp/r" a b 'a:b$'
check "full_id: exit 0" [ "$rc" -eq 0 ]
check "full_id: the row is arith/a:b" grep -Eq '^arith/a:b .* regressed$' "$tmp/out"

# ---- usage errors ------------------------------------------------------------------------------
bad() {  # needle, args...
  local needle=$1; shift
  run "$@"
  check "exit 2 for: $*" [ "$rc" -eq 2 ]
  check "one error line naming '$needle' for: $*" one_err_line "^error: .*$needle"
  check "no stdout for: $*" [ ! -s "$tmp/out" ]
}
bad "missing BASELINE_A and BASELINE_B"
bad "missing BASELINE_B" a
bad "unexpected argument 'extra'" a b filter extra
bad "unknown option '--nonsense'" --nonsense a b
bad "unknown option '--result'" --result=x a b
bad "--seed" --seed x a b
bad "--seed" --seed -1 a b
bad "--seed needs a value" a b --seed
bad "--nresamples" --nresamples 0 a b
bad "--significance-level" --significance-level 1 a b
bad "--confidence-level" --confidence-level 0 a b
bad "--noise-threshold" --noise-threshold -0.5 a b
bad "--results needs a directory" --results= a b
bad "invalid FILTER regex '\('" --results "$R" a b '('
bad "invalid baseline name 'x/y'" x/y b
bad "invalid baseline name '.hidden'" a .hidden
bad "invalid baseline name 'change'" change b
bad "invalid baseline name 'report'" a report
bad "results directory '$tmp/nope'" --results "$tmp/nope" a b
bad "is not a directory" --results "$fx/expected.txt" a b

run -- --results "$R" a
check "after --: an option-like word is a baseline name (refused)" [ "$rc" -eq 2 ]
run --help
check "--help: exit 0" [ "$rc" -eq 0 ]
check "--help: lists every option" bash -c 'for o in --results --seed --nresamples --confidence-level --significance-level --noise-threshold --help FILTER "Exit status"; do grep -q -- "$o" "$1" || exit 1; done' _ "$tmp/out"

# ---- speed: 50 benchmarks of 100 samples ----------------------------------------------------
if [ "$BIN" = build/bin ]; then
  awk 'BEGIN { srand(3); for (k = 0; k < 50; k++) for (v = 0; v < 2; v++) {
      d = sprintf("%s/speed/g/b%02d/%s", ARGV[1], k, v ? "b" : "a"); system("mkdir -p " d)
      s = "{\"sampling_mode\":\"Linear\",\"iters\":["; t = "],\"times\":["
      for (i = 1; i <= 100; i++) { s = s (i > 1 ? "," : "") 1000 * i
                                   t = t (i > 1 ? "," : "") int(1000 * i * (100 + v + rand())) }
      print s t "]}" > (d "/sample.json"); close(d "/sample.json")
      e = "{\"confidence_interval\":{\"confidence_level\":0.95,\"lower_bound\":99,\"upper_bound\":101},\"point_estimate\":100,\"standard_error\":1}"
      print "{\"mean\":" e ",\"median\":" e ",\"median_abs_dev\":" e ",\"slope\":" e ",\"std_dev\":" e "}" > (d "/estimates.json")
      close(d "/estimates.json") } }' "$tmp"
  t0=$(date +%s%N)
  run --results "$tmp/speed" a b
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "crit-compare: 50 benchmarks x 100 samples in $ms ms"
  check "speed: exit 0" [ "$rc" -eq 0 ]
  check "speed: 50 rows" [ "$(grep -c '^g/b' "$tmp/out")" -eq 50 ]
  # a hang guard, not a speed claim (that is a benchmark's job; about 1 s on a quiet 2-core VM)
  check "speed: finishes ($ms ms, guard 60 s)" [ "$ms" -lt 60000 ]
fi
finish
