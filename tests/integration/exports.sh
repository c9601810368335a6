#!/usr/bin/env bash
# The run's other outputs on a real run of the calibration group: --export-markdown, -csv and
# -gbench-json files, --message-format json lines (stdout holds only JSON), the HTML report and
# --noplot, refused export paths (exit 2, nothing written), the load/steal context in
# metrics.json, and the build warning: present in a sanitizer build, absent in a release build.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
FAST=(--warm-up-time 0.05 --measurement-time 0.2 --sample-size 10 --nresamples 1000 --color never)
out="$tmp/results"
jqs() { jq -e -s "$@" >/dev/null; }  # jq over all JSON values of a file, quiet

"$BIN/bench" calibration --output-dir "$out" "${FAST[@]}" --message-format json \
  --export-markdown "$tmp/r.md" --export-csv "$tmp/r.csv" --export-gbench-json "$tmp/r.json" \
  >"$tmp/stdout" 2>"$tmp/stderr"
check "run exits 0" [ $? -eq 0 ]

# --message-format json: three JSON lines on stdout, the human output on stderr
check "stdout is only JSON lines" jqs 'length == 3' "$tmp/stdout"
check "benchmark-complete messages" jqs \
  '[.[0:2][] | .reason == "benchmark-complete" and (.iteration_count|length) == 10 and (.measured_values|length) == 10 and .unit == "ns" and (.typical|keys) == ["estimate","lower_bound","unit","upper_bound"] and .slope != null and .change == null] | all' \
  "$tmp/stdout"
check "ids and report directories" jqs \
  --arg d "$out" '.[0].id == "calibration/empty" and .[1].id == "calibration/chain1000" and .[1].report_directory == ($d + "/calibration/chain1000") and .[1].throughput == [{"per_iteration":1000,"unit":"elements"}]' \
  "$tmp/stdout"
check "group-complete message" jqs \
  --arg d "$out" '.[2] == {"reason":"group-complete","group_name":"calibration","benchmarks":["calibration/empty","calibration/chain1000"],"report_directory":($d + "/calibration")}' \
  "$tmp/stdout"
check "time lines went to stderr" grep -Eq '^calibration/empty +time:' "$tmp/stderr"

# Google Benchmark JSON
check "gbench context" jqt "$tmp/r.json" \
  '(.context|keys) == ["caches","cpu_scaling_enabled","date","executable","host_name","library_build_type","load_avg","mhz_per_cpu","num_cpus"] and (.context.num_cpus|type) == "number"'
check "gbench runs" jqt "$tmp/r.json" \
  '([.benchmarks[] | .run_type == "iteration" and .time_unit == "ns" and .real_time > 0 and .cpu_time > 0 and .cpu_time <= 1.1 * .real_time and .iterations >= 55 and .repetitions == 1 and .threads == 1] | all) and ([.benchmarks[].name] == ["calibration/empty","calibration/chain1000"])'
check "gbench throughput" jqt "$tmp/r.json" \
  '.benchmarks[1].items_per_second == (1000 * 1e9 / .benchmarks[1].real_time) and (.benchmarks[0]|has("items_per_second")|not)'
check "gbench real_time is the stored mean" bash -c \
  '[ "$(jq .benchmarks[1].real_time "$1")" = "$(jq .mean.point_estimate "$2")" ]' _ "$tmp/r.json" \
  "$out/calibration/chain1000/new/estimates.json"

# CSV and Markdown
check "csv header" bash -c '[ "$(head -n 1 "$1" | tr -d "\r")" = "id,mean,lower,upper,median,std_dev,cv,unit,throughput,throughput_unit,cpu_time" ]' _ "$tmp/r.csv"
check "gbench and csv cpu_time: the stored process CPU time per iteration" bash -c \
  '[ "$(jq .benchmarks[1].cpu_time "$1")" = "$(jq .cpu_time_per_iter "$2")" ] && [ "$(sed -n 3p "$3" | tr -d "\r" | cut -d, -f11)" = "$(jq .cpu_time_per_iter "$2")" ]' \
  _ "$tmp/r.json" "$out/calibration/chain1000/new/metrics.json" "$tmp/r.csv"
check "csv rows" bash -c '[ "$(tail -n +2 "$1" | cut -d, -f1 | tr "\n" " ")" = "calibration/empty calibration/chain1000 " ] && tail -n 1 "$1" | grep -q ",ns,[0-9.e+]*,elements/s"' _ "$tmp/r.csv"
check "csv mean is the stored mean" bash -c \
  '[ "$(sed -n 3p "$1" | cut -d, -f2)" = "$(jq .mean.point_estimate "$2")" ]' _ "$tmp/r.csv" \
  "$out/calibration/chain1000/new/estimates.json"
check "markdown rows" bash -c 'grep -q "^| calibration/empty | " "$1" && grep -Eq "^\| calibration/chain1000 \| .* Melem/s \| - \| [0-9.]+ .s \|$" "$1" && [ "$(wc -l < "$1")" -eq 4 ]' _ "$tmp/r.md"

# the HTML report, and --noplot
check "report index written" [ -s "$out/report/index.html" ]
check "benchmark page and its SVGs written" bash -c '[ -s "$1/index.html" ] && [ -s "$1/pdf.svg" ] && [ -s "$1/regression.svg" ] && [ -s "$1/mean.svg" ]' _ "$out/calibration/chain1000/report"
"$BIN/bench" calibration/empty --output-dir "$tmp/np" "${FAST[@]}" --noplot >/dev/null 2>&1
check "--noplot: results but no report" bash -c '[ -s "$1/calibration/empty/new/estimates.json" ] && [ ! -e "$1/report" ] && [ ! -e "$1/calibration/empty/report" ]' _ "$tmp/np"

# an export through a symlink updates its target; a device is written in place
ln -s "$tmp/real.md" "$tmp/link.md"
echo old >"$tmp/real.md"
"$BIN/bench" calibration/empty --output-dir "$out" "${FAST[@]}" --noplot --export-markdown "$tmp/link.md" \
  --export-csv /dev/stdout >"$tmp/dev.out" 2>/dev/null
check "export through a symlink: exit 0" [ $? -eq 0 ]
check "export through a symlink: the link stays" [ -L "$tmp/link.md" ]
check "export through a symlink: the target is updated" grep -q '^| calibration/empty |' "$tmp/real.md"
check "export to /dev/stdout" grep -q '^calibration/empty,' "$tmp/dev.out"

# run context per benchmark
check "load and steal recorded" jqt "$out/calibration/empty/new/metrics.json" \
  '(.context.load_average|type) == "number" and (.context.steal_percent|type) == "number" and .context.steal_percent >= 0 and .context.steal_percent <= 100'

# refused export paths: exit 2, one line, nothing measured or written
"$BIN/bench" calibration --output-dir "$tmp/never" --export-csv "$tmp/missing/dir/r.csv" \
  >"$tmp/bad.out" 2>"$tmp/bad.err"
check "missing export dir: exit 2" [ $? -eq 2 ]
check "missing export dir: one line" bash -c '[ "$(wc -l < "$1")" -eq 1 ] && grep -q "^error: invalid value .* for --export-csv: directory .* does not exist or is not writable$" "$1"' _ "$tmp/bad.err"
check "missing export dir: nothing written" [ ! -e "$tmp/never" ]
"$BIN/bench" calibration --output-dir "$tmp/never" --export-markdown "$tmp" >/dev/null 2>"$tmp/bad2.err"
check "export path is a directory: exit 2" [ $? -eq 2 ]
"$BIN/bench" calibration --output-dir "$tmp/never" --message-format xml >/dev/null 2>"$tmp/bad3.err"
check "bad --message-format: exit 2" [ $? -eq 2 ]
check "bad --message-format: names the values" grep -q "expected human or json" "$tmp/bad3.err"

# the build warning: only when the build has sanitizers (or is a debug build)
mode=$(jq -r .context.build_mode "$out/calibration/empty/new/metrics.json")
case "$mode" in
  *+*) check "sanitizer build warns" grep -q '^warning: this build has sanitizers' "$tmp/stderr" ;;
  debug*) check "debug build warns" grep -q '^warning: this is a debug build' "$tmp/stderr" ;;
  *) check "release build: no build warning" bash -c '! grep -q "^warning: this \(is a debug build\|build has sanitizers\)" "$1"' _ "$tmp/stderr" ;;
esac
finish
