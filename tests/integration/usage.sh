#!/usr/bin/env bash
# CPU time beside wall time, and a command's rusage (tests/fixtures/usage/usage_bench.c):
# usage/sleep (nanosleep 1 ms per iteration) has a CPU time far below its wall time, in
# metrics.json and in the gbench export's cpu_time (< 0.5 x real_time); usage/spin's is real work,
# at most its wall time; usage/touch64 runs tests/fixtures/usage/touch64 (64 MiB malloc'd and written) and reports
# a peak RSS within 10 % of 64 MiB, with user/sys time per run; the --verbose lines show them.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
TBIN=$BIN/../tests
FAST=(--warm-up-time 0.05 --measurement-time 0.3 --sample-size 10 --nresamples 1000 --noplot --color never)

CRIT_TOUCH64=$TBIN/touch64 "$TBIN/usage_bench" --output-dir "$tmp/r" "${FAST[@]}" --verbose \
  --export-gbench-json "$tmp/r.json" --export-csv "$tmp/r.csv" >"$tmp/out" 2>"$tmp/err"
check "usage_bench: exit 0" [ $? -eq 0 ]
r=$tmp/r/usage
check "sleep: cpu_time_per_iter well below the mean wall time" bash -c \
  'jq -e --slurpfile e "$2" ".cpu_time_per_iter > 0 and .cpu_time_per_iter < 0.5 * \$e[0].mean.point_estimate" "$1" >/dev/null' \
  _ "$r/sleep/new/metrics.json" "$r/sleep/new/estimates.json"
check "gbench: sleep's cpu_time < 0.5 x real_time" jqt "$tmp/r.json" \
  '[.benchmarks[] | select(.name == "usage/sleep")][0] | .cpu_time < 0.5 * .real_time and .cpu_time > 0'
# a busy loop on one thread: CPU time cannot exceed its wall time (preemption can only add to
# the wall time), and 10 000 dependent multiply-adds take well over 1 µs of it
check "gbench: spin's cpu_time is real CPU work, at most its real_time" jqt "$tmp/r.json" \
  '[.benchmarks[] | select(.name == "usage/spin")][0] | .cpu_time > 1000 and .cpu_time <= 1.1 * .real_time'
check "touch64: peak RSS within 10 % of 64 MiB" jqt "$r/touch64/new/metrics.json" \
  '.child_max_rss_kib >= 0.9 * 65536 and .child_max_rss_kib <= 1.1 * 65536'
check "touch64: user and sys time per run, no process CPU time" jqt "$r/touch64/new/metrics.json" \
  '.child_user_time_per_iter >= 0 and .child_sys_time_per_iter > 0 and has("cpu_time_per_iter") == false'
check "gbench: touch64's cpu_time is the child's user + sys" jqt "$tmp/r.json" \
  '[.benchmarks[] | select(.name == "usage/touch64")][0] | .cpu_time == .child_user_time + .child_sys_time and .child_max_rss_kib > 0'
check "csv: cpu_time and child columns" bash -c 'head -n 1 "$1" | tr -d "\r" | grep -q ",cpu_time,child_user_time,child_sys_time,child_max_rss_kib$"' _ "$tmp/r.csv"
check "verbose: cpu line" grep -Eq '^cpu +[0-9.]+ .s /iter \(process CPU time\)$' "$tmp/out"
check "verbose: user/sys and peak RSS lines" bash -c 'grep -Eq "^user .* /run  sys .* /run$" "$1" && grep -Eq "^memory +6[0-9]\.[0-9]+ MiB peak RSS" "$1"' _ "$tmp/out"
check "not verbose: no usage lines" bash -c \
  '"$1" usage/spin --output-dir "$2/q" --warm-up-time 0.05 --measurement-time 0.1 --sample-size 10 --nresamples 100 --noplot 2>/dev/null | grep -q "^cpu " && exit 1 || exit 0' \
  _ "$TBIN/usage_bench" "$tmp"
finish
