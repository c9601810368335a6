#!/usr/bin/env bash
# Runs build/bin/bench on the calibration group twice with short times into a temp dir and
# checks every file and key with jq, the baseline copy, change/estimates.json, the verdict line,
# named/strict/lenient baselines, a corrupt baseline, forced regressions and improvements
# (--fail-on-regression exits 3), --list, --test and --quick.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/results"
FAST=(--warm-up-time 0.05 --measurement-time 0.2 --sample-size 20 --nresamples 2000 --color never)
bench() { "$BIN/bench" calibration --output-dir "$out" "${FAST[@]}" "$@"; }
bench_only() { "$BIN/bench" "$1" --output-dir "$out" "${FAST[@]}" "${@:2}"; }  # FILTER first

# ---- first run: no baseline yet ----
bench >"$tmp/run1.out" 2>"$tmp/run1.err"
check "run 1 exits 0" [ $? -eq 0 ]
for b in empty chain1000; do
  d="$out/calibration/$b"
  for f in benchmark sample estimates tukey metrics; do
    check "$b new/$f.json" jq -e . "$d/new/$f.json" >/dev/null
    check "$b base/$f.json equals new/" cmp -s "$d/new/$f.json" "$d/base/$f.json"
  done
  check "$b flat estimates.json copy" cmp -s "$d/new/estimates.json" "$d/estimates.json"
  check "$b no change/ on first run" [ ! -e "$d/change" ]
  check "$b benchmark.json identity" jqt "$d/new/benchmark.json" \
    ".group_id == \"calibration\" and .function_id == \"$b\" and .value_str == null and .full_id == \"calibration/$b\" and .directory_name == \"calibration/$b\" and .title == \"calibration/$b\""
  check "$b sample.json linear, 20 points" jqt "$d/new/sample.json" \
    '.sampling_mode == "Linear" and (.iters|length) == 20 and (.times|length) == 20 and ([range(0;20) as $i | .iters[$i] == ($i+1) * .iters[0]] | all) and ([.times[] | . > 0] | all)'
  check "$b estimates.json keys" jqt "$d/new/estimates.json" \
    '(keys == ["mean","median","median_abs_dev","slope","std_dev"]) and ([.[] | (.confidence_interval | keys == ["confidence_level","lower_bound","upper_bound"]) and .confidence_interval.confidence_level == 0.95 and (.point_estimate|type) == "number" and .standard_error >= 0 and .confidence_interval.lower_bound <= .confidence_interval.upper_bound] | all)'
  check "$b tukey.json four ascending fences" jqt "$d/new/tukey.json" \
    'length == 4 and .[0] <= .[1] and .[1] <= .[2] and .[2] <= .[3]'
  check "$b metrics.json" jqt "$d/new/metrics.json" \
    '.schema_version == 1 and (.cv|type) == "number" and .p50 <= .p90 and .p90 <= .p95 and .p95 <= .p99 and (.outliers|keys) == ["high_mild","high_severe","low_mild","low_severe"] and .context.seed == 1 and (.context|has("date") and has("host") and has("cpu_model") and has("cores") and has("governor") and has("kernel") and has("compiler") and has("flags") and has("build_mode") and has("git_revision"))'
done
check "settings record what the run used" jqt "$out/calibration/empty/new/metrics.json" \
  '.settings == {"sample_size":20,"warm_up_time":0.05,"measurement_time":0.2,"nresamples":2000,"confidence_level":0.95,"significance_level":0.05,"noise_threshold":0.01,"sampling_mode":"auto","target_precision":0}'
check "chain1000 throughput stored" jqt "$out/calibration/chain1000/new/benchmark.json" '.throughput == {"Elements":1000}'
check "empty has no throughput" jqt "$out/calibration/empty/new/benchmark.json" '.throughput == null'
check "time lines" grep -Eq '^calibration/empty +time:   \[[0-9.]+ [pnµm]?s [0-9.]+ [pnµm]?s [0-9.]+ [pnµm]?s\]$' "$tmp/run1.out"
check "thrpt line" grep -Eq '^ {24}thrpt:  \[[0-9.]+ [KMG]?elem/s [0-9.]+ [KMG]?elem/s [0-9.]+ [KMG]?elem/s\]$' "$tmp/run1.out"
check "no change line on run 1" bash -c '! grep -q "change:" "$1"' _ "$tmp/run1.out"
check "status lines on stderr" grep -q '^Benchmarking calibration/empty: Warming up for' "$tmp/run1.err"
check "collecting line" grep -Eq '^Benchmarking calibration/chain1000: Collecting 20 samples in estimated +[0-9.]+ (ms|s) \([0-9.]+[kMB]? iterations\)$' "$tmp/run1.err"
check "statistics recompute independently" tools/recompute-stats.sh "$out"

# ---- second run: compared with base ----
cp "$out/calibration/empty/base/sample.json" "$tmp/base1.json"
bench >"$tmp/run2.out" 2>"$tmp/run2.err"
check "run 2 exits 0" [ $? -eq 0 ]
for b in empty chain1000; do
  check "$b change/estimates.json" jqt "$out/calibration/$b/change/estimates.json" \
    'keys == ["mean","median"] and ([.[] | .confidence_interval.lower_bound <= .confidence_interval.upper_bound and (.point_estimate|type) == "number"] | all)'
  check "$b metrics has t-test" jqt "$out/calibration/$b/new/metrics.json" \
    '(.p_value >= 0 and .p_value <= 1) and (.verdict | IN("no_change","improved","regressed","within_noise"))'
done
check "base replaced by run 2" bash -c '! cmp -s "$1" "$2"' _ "$tmp/base1.json" "$out/calibration/empty/base/sample.json"
check "change line" grep -Eq '^ {24}change: \[[-+][0-9.]+% [-+][0-9.]+% [-+][0-9.]+%\] \(p = [0-9]\.[0-9]{2} [<>] 0\.05\)$' "$tmp/run2.out"
check "verdict line" grep -Eq '^ {24}(No change in performance detected\.|Performance has improved\.|Performance has regressed\.|Change within noise threshold\.)$' "$tmp/run2.out"
check "throughput change block" grep -Eq '^ {17}change:$' "$tmp/run2.out"

# ---- named baselines ----
bench --save-baseline v1 >/dev/null 2>&1
check "--save-baseline v1 saved" cmp -s "$out/calibration/empty/new/sample.json" "$out/calibration/empty/v1/sample.json"
sum_v1=$(cat "$out"/calibration/*/v1/*.json | md5sum)
bench --baseline v1 >"$tmp/run3.out" 2>&1
check "--baseline v1 compares" grep -q 'change: \[' "$tmp/run3.out"
check "--baseline v1 leaves v1 unchanged" [ "$sum_v1" = "$(cat "$out"/calibration/*/v1/*.json | md5sum)" ]
bench --baseline nope >"$tmp/run4.out" 2>"$tmp/run4.err"
check "--baseline missing exits 1" [ $? -eq 1 ]
check "--baseline missing says so" grep -q "baseline 'nope' must exist" "$tmp/run4.err"
bench --baseline-lenient nope >"$tmp/run5.out" 2>&1
rc=$?
check "--baseline-lenient missing exits 0" [ $rc -eq 0 ]
check "--baseline-lenient missing runs uncompared" bash -c '! grep -q "change:" "$1"' _ "$tmp/run5.out"
bench --load-baseline v1 --baseline base >"$tmp/run6.out" 2>&1
check "--load-baseline compares saved samples" grep -q 'change: \[' "$tmp/run6.out"

# ---- forced verdicts from edited baselines ----
for b in empty chain1000; do
  d="$out/calibration/$b"
  mkdir -p "$d/half" "$d/double"
  jq -c '.times |= map(. * 0.5)' "$d/new/sample.json" >"$d/half/sample.json"
  jq -c '.times |= map(. * 2)' "$d/new/sample.json" >"$d/double/sample.json"
done
bench --load-baseline v1 --baseline half --fail-on-regression >"$tmp/reg.out" 2>"$tmp/reg.err"
check "regression exits 3 with --fail-on-regression" [ $? -eq 3 ]
check "regressed verdict printed" grep -q 'Performance has regressed.' "$tmp/reg.out"
check "regression summary on stderr" grep -q 'regressed (--fail-on-regression)' "$tmp/reg.err"
bench --load-baseline v1 --baseline half >/dev/null 2>&1
check "regression without the flag exits 0" [ $? -eq 0 ]
bench --load-baseline v1 --baseline double --fail-on-regression >"$tmp/imp.out" 2>&1
check "improvement exits 0" [ $? -eq 0 ]
check "improved verdict printed" grep -q 'Performance has improved.' "$tmp/imp.out"

# ---- a corrupt baseline: warned about, run uncompared, never overwritten ----
printf '{"sampling_mode":"Linear","iters":[1,2' >"$out/calibration/empty/base/sample.json"
cp "$out/calibration/empty/base/sample.json" "$tmp/corrupt.json"
bench_only calibration/empty >"$tmp/run7.out" 2>"$tmp/run7.err"
check "corrupt baseline: exit 0" [ $? -eq 0 ]
check "corrupt baseline: warning names the file" grep -q "calibration/empty/base/sample.json" "$tmp/run7.err"
check "corrupt baseline: uncompared" bash -c '! grep -q "change:" "$1"' _ "$tmp/run7.out"
check "corrupt baseline: left as it was" cmp -s "$tmp/corrupt.json" "$out/calibration/empty/base/sample.json"
check "corrupt baseline: not silently overwritten (said so)" grep -q "not overwriting the damaged baseline" "$tmp/run7.err"

# a damaged baseline named with --baseline fails the benchmark (a gate must not pass on it)
cp "$out/calibration/empty/base/sample.json" "$out/calibration/empty/v1/sample.json"
bench --baseline v1 --fail-on-regression >"$tmp/run8.out" 2>"$tmp/run8.err"
check "--baseline damaged: exit 1" [ $? -eq 1 ]
check "--baseline damaged: named" grep -q "calibration/empty/v1/sample.json" "$tmp/run8.err"
check "--baseline damaged: left as it was" cmp -s "$tmp/corrupt.json" "$out/calibration/empty/v1/sample.json"
# a decodable but single-point baseline is as unusable as a corrupt one
echo '{"sampling_mode":"Flat","iters":[5],"times":[50]}' >"$out/calibration/chain1000/v1/sample.json"
bench_only calibration/chain1000 --baseline v1 >"$tmp/run9.out" 2>"$tmp/run9.err"
check "single-point baseline: exit 1 and says why" grep -q "at least 2 are needed" "$tmp/run9.err"

# ---- verbose and quiet layouts (criterion's) ----
bench_only calibration/chain1000 --verbose --discard-baseline >"$tmp/verbose.out" 2>"$tmp/verbose.err"
check "verbose slope line" grep -Eq '^slope  \[[0-9.]+ [pnµm]?s [0-9.]+ [pnµm]?s\] R\^2            \[[01]\.[0-9]{7} [01]\.[0-9]{7}\]$' "$tmp/verbose.out"
check "verbose mean line" grep -Eq '^mean   \[[0-9.]+ [pnµm]?s [0-9.]+ [pnµm]?s\] std\. dev\.      \[' "$tmp/verbose.out"
check "verbose median line" grep -Eq '^median \[[0-9.]+ [pnµm]?s [0-9.]+ [pnµm]?s\] med\. abs\. dev\. \[' "$tmp/verbose.out"
check "verbose exact iteration count" grep -Eq 'Collecting 20 samples in estimated .* \([0-9]+ iterations\)$' "$tmp/verbose.err"
bench_only calibration/chain1000 --quiet --discard-baseline >"$tmp/quiet.out" 2>"$tmp/quiet.err"
check "quiet: time and thrpt lines only" bash -c '[ "$(wc -l <"$1")" -eq 2 ] && grep -q "^calibration/chain1000   time:" "$1" && grep -q "thrpt:" "$1"' _ "$tmp/quiet.out"
check "quiet: no status lines (run warnings only)" bash -c '! grep -v "^warning: " "$1"' _ "$tmp/quiet.err"

# ---- list, test, quick, exact ----
"$BIN/bench" --list >"$tmp/list.out" 2>&1
check "--list" grep -qx 'calibration/chain1000: benchmark' "$tmp/list.out"
"$BIN/bench" calibration --test >"$tmp/test.out" 2>&1
check "--test" bash -c 'grep -qx "Testing calibration/empty" "$1" && [ "$(grep -c "^Success$" "$1")" -eq 2 ]' _ "$tmp/test.out"
"$BIN/bench" 'calibration/empty' --exact --list >"$tmp/exact.out" 2>&1
check "--exact" [ "$(cat "$tmp/exact.out")" = "calibration/empty: benchmark" ]
rm -rf "$tmp/q"
"$BIN/bench" calibration/empty --quick --output-dir "$tmp/q" --nresamples 1000 --color never >"$tmp/quick.out" 2>&1
check "--quick writes a 2-point sample" jqt "$tmp/q/calibration/empty/new/sample.json" '(.iters|length) == 2 and .iters[1] == 2 * .iters[0]'
# criterion's --profile-time: runs for the time given, prints "Complete (Analysis Disabled)",
# writes nothing
t0=$(date +%s%N)
"$BIN/bench" --exact calibration/empty --profile-time 0.3 --output-dir "$tmp/p" >"$tmp/prof.out" 2>&1
rc=$?; t1=$(date +%s%N)
check "--profile-time: exit 0" [ $rc -eq 0 ]
check "--profile-time: criterion's closing line" grep -q "^Benchmarking calibration/empty: Complete (Analysis Disabled)$" "$tmp/prof.out"
check "--profile-time: ran at least the time given" [ $(( (t1 - t0) / 1000000 )) -ge 300 ]
check "--profile-time: no files" [ ! -e "$tmp/p" ]

finish
