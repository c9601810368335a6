#!/usr/bin/env bash
# tools/compare_pure_execution.sh: the speedup of our cold start over CPython, from saved results.
#
# Usage: tools/compare_pure_execution.sh [RESULTS_DIR]
#   RESULTS_DIR  a crit output directory (default: $CRIT_HOME, else results)
#   -h, --help   print this usage
#
# The benchmarks and the threshold are gate AC6 of tools/gates.json (kind
# relative_speedup_at_least, or speedup_at_least): "baseline" (ac6/cpython_pure_execution) and
# "benchmark" (ac6/minipy_cold_start), each mean read from RESULTS_DIR/<name>/new/estimates.json;
# the last line is AC6's verdict, which for relative_speedup_at_least is the paired ratio in the
# benchmark's new/metrics.json (see tools/gates.sh), followed by the CPython the baseline timed
# (its path, version and how it was chosen, from the context in the baseline's
# new/metrics.json). Output (with speedup_at_least's names):
#   cpython_pure_execution  mean [5.1000 µs 5.2300 µs 5.4000 µs]
#   cold_start_simple       mean [94.100 ns 95.412 ns 96.800 ns]
#   speedup (cpython_pure_execution / cold_start_simple):
#     point         54.8x  (mean / mean)
#     conservative  52.6x  (lower bound / upper bound)
#     optimistic    57.4x  (upper bound / lower bound)
#   PASS  AC6  speedup of cold_start_simple over cpython_pure_execution >= 50x (conservative): 52.6x conservative (point 54.8x); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration
# Means are [lower_bound point_estimate upper_bound] of the mean's confidence interval, in the
# harness's time format. Speedups have 1 decimal: the conservative one rounded down (it is a
# lower bound, and it is what must reach the threshold), the others to nearest. The last line
# is the same as tools/gates.sh's AC6 line. When an input is missing or malformed, only that
# FAIL line is printed, naming the file and what is wrong with it.
#
# Exit status: 0 PASS (conservative speedup >= min_speedup); 1 FAIL, or an input missing or
# malformed; 2 usage error (unknown option, too many arguments, RESULTS_DIR not a directory,
# gates.json missing or invalid or without an AC6 gate of either kind), one line on stderr.
# Needs bash and jq (>= 1.6). Shared code: tools/lib/results.jq and tools/lib/results.sh.
# shellcheck disable=SC2016  # the single-quoted programs are jq, not shell
set -u
tools_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 2
# shellcheck source=SCRIPTDIR/lib/results.sh
. "$tools_dir/lib/results.sh" || { echo "${0##*/}: cannot read $tools_dir/lib/results.sh" >&2; exit 2; }

parse_args "usage: $prog [RESULTS_DIR]" "$@"
load_gates

# AC6 itself, the same pair read as speedup_at_least reads it (the means of both), and the
# baseline's metrics.json (which CPython it timed)
run_jq 'include "results";
  [$gates[0].gates[] | select(.id == "AC6" and (.kind | IN("speedup_at_least", "relative_speedup_at_least")))][0]
  // empty | [needs[][0], (.kind = "speedup_at_least" | needs[][0]), facts_files[]]
  | reduce .[] as $f ([]; if index([$f]) then . else . + [$f] end) | .[]'
[ -n "$jq_out" ] || usage_error "$gates_file has no gate AC6 of kind relative_speedup_at_least or speedup_at_least"
mapfile -t needed <<<"$jq_out"
read_results "${needed[@]}"

# First line: the exit status; then the report.
run_jq 'include "results";
  ($ARGS | context) as $r
  | [$gates[0].gates[] | select(.id == "AC6" and (.kind | IN("speedup_at_least", "relative_speedup_at_least")))][0] as $g
  | ($g | evaluate($r)) as $res
  | (if $res.pass then 0 else 1 end),
    ([$g | .kind = "speedup_at_least" | needs[] | . as [$rel, $keys] | getnum($r; $rel; $keys).v] as $v
     | select(all($v[]; . != null))
     | {point: $v[0], lower: $v[1], upper: $v[2]} as $cpy
     | {point: $v[3], lower: $v[4], upper: $v[5]} as $ours
     | speedups($cpy; $ours) | select(.e == null)
     | ([$g.baseline, $g.benchmark] | map(length) | max) as $w
     | (([$g.baseline, $cpy], [$g.benchmark, $ours]) as [$name, $m]
        | "\($name | rpad($w))  mean [\($m.lower | fmt_time) \($m.point | fmt_time) \($m.upper | fmt_time)]"),
       "speedup (\($g.baseline) / \($g.benchmark)):",
       "  point         \(.point | fixed(1))x  (mean / mean)",
       "  conservative  \(.conservative | fixed_floor(1))x  (lower bound / upper bound)",
       "  optimistic    \(if .optimistic == null then "n/a  (\($g.benchmark) lower bound is not > 0)"
                           else "\(.optimistic | fixed(1))x  (upper bound / lower bound)" end)"),
    ($res | line)'
printf '%s\n' "${jq_out#*$'\n'}"
exit "${jq_out%%$'\n'*}"
