#!/usr/bin/env bash
# tools/gates.sh: checks benchmark results against the acceptance thresholds in tools/gates.json.
#
# Usage: tools/gates.sh [--json] [--gates FILE] [RESULTS_DIR...]
#   RESULTS_DIR  a crit output directory (default: $CRIT_HOME, else results); several are read
#                as one (the shards of a `bench --shard K/N` run, docs/results-format.md): each
#                file a gate reads comes from the directory holding its benchmark, and a
#                benchmark directory (one with new/) in two of them is a usage error
#   --json       print one JSON array instead of lines (same exit status)
#   --gates FILE another gates file (default: gates.json next to this script), e.g.
#                tools/gates-instructions.json for a `bench --measure instructions` run
#   -h, --help   print this usage
#
# Output, one line per gate in gates.json order, then a summary:
#   PASS  AC1  vm_simple mean < 150 ns: 7.5231 ns
#   FAIL  AC4  cold_start_simple mean < 500 ns and cv < 10%: 612.30 ns, cv 4.1000%
#   PASS  AC6  speedup of ac6/minipy_cold_start over ac6/cpython_pure_execution >= 50x (conservative, paired): 52.6x conservative (point 54.8x, paired, 412 rounds); CPython: /usr/bin/python3 3.11.2, fastest of 2 by calibration
#   FAIL  AC1  vm_simple mean < 150 ns: results/vm_simple/new/estimates.json is missing
#   gates: 5 passed, 1 failed
# Times are formatted as the harness prints them (criterion's format::time: 7.5231 ns,
# 95.412 ns, 954.12 ns, 1.0930 µs), a cv as a percentage in the same short format.
# With --json: [{"id":"AC1","description":"vm_simple mean < 150 ns","measured":"7.5231 ns",
# "pass":true}, ...] on one line, "measured" being the same text as in the line form.
#
# A result file that is missing, not a regular file (a FIFO is never opened), unreadable,
# empty, not exactly one JSON value, not JSON anywhere in it (a NUL byte, NaN or Infinity,
# even under a key no gate reads: crit-compare refuses such a file too), or lacks the key (or
# holds null, a string, ... where a finite number belongs) fails its gate, and the measured
# text names the file and the key: the gate never passes on bad input.
#
# Exit status: 0 every gate passed; 1 at least one FAIL; 2 usage error (unknown option,
# RESULTS_DIR not a directory, two RESULTS_DIRs sharing a benchmark, gates.json missing or
# invalid, jq missing),
# with one line on stderr and nothing on stdout.
#
# gates.json (next to this script) is {"gates": [GATE, ...]}; each GATE has an "id", a "kind"
# and the kind's fields. Benchmarks are directory names under RESULTS_DIR. Kinds:
#   mean_below              benchmark, max_ns   new/estimates.json mean.point_estimate < max_ns
#   metric_at_most          benchmark, metric, max   new/metrics.json METRIC <= max
#   results_exist           benchmarks   each new/estimates.json has a numeric mean.point_estimate
#   mean_and_cv_below       benchmark, max_ns, max_cv   mean < max_ns and metrics cv < max_cv
#                           (cv is a fraction: 0.10 is 10%)
#   mean_upper_bound_below  benchmark, max_ns   mean.confidence_interval.upper_bound < max_ns
#   speedup_at_least        benchmark, baseline, min_speedup   conservative speedup
#                           = baseline mean lower_bound / benchmark mean upper_bound >= min_speedup
#                           (shown rounded down to 0.1x, the point speedup to nearest); two
#                           separately measured benchmarks
#   relative_speedup_at_least  benchmark, baseline, min_speedup   benchmark is a member of a
#                           compared group (crit_group_compare) and baseline the full id of its
#                           baseline member: new/metrics.json "relative" must name it ("to"), and
#                           the conservative speedup 1 / relative.ratio.upper_bound >= min_speedup
#                           (the ratio is the member's time over the baseline's, paired in the
#                           same rounds; shown as speedup_at_least's, with the rounds)
#   Both speedup kinds also say which CPython the baseline timed, from the context the bench
#   wrote in the baseline's new/metrics.json: "; CPython: EXE VERSION, SELECTION"
#   (python_executable, python_version, python_selection, e.g. "fastest of 2 by calibration"),
#   or "; CPython: not recorded (why)" when that file or those keys are missing; this text
#   never fails a gate.
#   instructions_at_most    benchmark, max   instructions/new/instructions.json per_iter.instructions
#                           <= max (an exact count from `bench --measure instructions`)
# Needs bash and jq (>= 1.6). Shared code: tools/lib/results.jq and tools/lib/results.sh.
# shellcheck disable=SC2016  # the single-quoted programs are jq, not shell
set -u
tools_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 2
# shellcheck source=SCRIPTDIR/lib/results.sh
. "$tools_dir/lib/results.sh" || { echo "${0##*/}: cannot read $tools_dir/lib/results.sh" >&2; exit 2; }

parse_args "usage: $prog [--json] [--gates FILE] [RESULTS_DIR...]" "$@"
load_gates

run_jq 'include "results"; $gates[0] | needed_files[]'
mapfile -t needed <<<"$jq_out"
read_results "${needed[@]}"

# First line: the exit status; then the report.
run_jq --argjson json "$json" 'include "results";
  ($ARGS | context) as $r
  | [$gates[0].gates[] | evaluate($r)]
  | (if all(.pass) then 0 else 1 end),
    (if $json then tojson else (.[] | line), summary end)'
printf '%s\n' "${jq_out#*$'\n'}"
exit "${jq_out%%$'\n'*}"
