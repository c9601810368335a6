#!/usr/bin/env bash
# tools/fuzz.sh: runs the libFuzzer targets of fuzz/ (built by `make fuzz-bins`) for a fixed
# time each and prints one summary line per target: executions, exec/s, coverage (cov, ft),
# corpus size, peak RSS, new crashes, timeouts, leaks and out-of-memory reports. The one place that
# parses libFuzzer's output; `make fuzz` and `make fuzz-smoke` call it (docs/fuzzing.md).
#
# Usage: tools/fuzz.sh [--time N] [--jobs J] [--timeout S] [--bin DIR] [--work DIR] TARGET...
#   --time N     seconds per target (-max_total_time; default 60)
#   --jobs J     targets run at once (default 1; the campaign on 2 cores can use 2)
#   --timeout S  libFuzzer's per-input -timeout (default 10; a target needs well under 2 s)
#   --bin DIR    where fuzz_<target> binaries are (default build/fuzz/bin)
#   --work DIR   working tree (default build/fuzz): corpus/<target> (seeded with the committed
#                seeds, fuzz/seeds.sh; fuzz/regressions/<target> is read as a second corpus),
#                crashes/<target>/ (libFuzzer's artifacts), logs/<target>.log
# Exits 1 when any target crashed, timed out, leaked or ran out of memory (or libFuzzer failed
# otherwise), 2 on a usage error, else 0.
set -u
cd "$(dirname "$0")/.." || exit 2
. fuzz/seeds.sh
# ASan's default 256 MB quarantine of freed memory made minipy_run's resident size climb past
# 1.2 GB within 10 minutes (each input may allocate up to its 16 MiB limit, twice), on the way
# to libFuzzer's -rss_limit_mb; 16 MB kept it near 370 MB. Still catches a use after free
# within the next inputs. An ASAN_OPTIONS given by the caller wins.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16}
time=60 jobs=1 timeout=10 bin=build/fuzz/bin work=build/fuzz
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) time=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || { echo "usage: tools/fuzz.sh [options] TARGET..." >&2; exit 2; }

dict_for() {  # target -> its dictionary file
  case $1 in
    minipy_*) echo fuzz/dict/python.dict ;;
    crit_json) echo fuzz/dict/json.dict ;;
  esac
}

# Artifacts libFuzzer leaves in a crash directory that mean a failure (slow-unit-* does not).
artifacts() { ls "$1" 2>/dev/null | grep -E '^(crash|leak|timeout|oom)-' | sort; }

run_one() {  # target: fuzzes it, leaving its log and the list of new artifacts in $work/logs
  local t=$1 exe=$bin/fuzz_$1 corpus=$work/corpus/$1 crashes=$work/crashes/$1
  local log=$work/logs/$1.log dict
  dict=$(dict_for "$t")
  mkdir -p "$corpus" "$crashes" "$work/logs"
  fuzz_seed_files "$t" | xargs -r cp -n -t "$corpus"
  artifacts "$crashes" > "$work/logs/$t.before"
  local opts=() dirs=("$corpus")  # libFuzzer adds new inputs to the first directory only
  [ -n "$dict" ] && [ -f "$dict" ] && opts+=(-dict="$dict")
  [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
  "$exe" -max_total_time="$time" -timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${opts[@]}" "${dirs[@]}" > "$log" 2>&1
  echo $? > "$work/logs/$t.rc"
  artifacts "$crashes" | comm -13 "$work/logs/$t.before" - > "$work/logs/$t.new"
}

summary() {  # target: prints its line; returns 1 when it failed
  local t=$1 log=$work/logs/$1.log rc new execs rate cov ft corp files rss
  rc=$(cat "$work/logs/$t.rc" 2>/dev/null || echo 1)
  new=$work/logs/$t.new
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  # the last status line: "#N  DONE|pulse|NEW ... cov: C ft: F corp: U/SIZE ..."
  local status
  status=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$status")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
  files=$(find "$work/corpus/$t" -maxdepth 1 -type f | wc -l)
  local crashes timeouts leaks ooms
  crashes=$(grep -c '^crash-' "$new")
  timeouts=$(grep -c '^timeout-' "$new")
  leaks=$(grep -c '^leak-' "$new")
  ooms=$(grep -c '^oom-' "$new")
  local verdict=ok
  if [ "$rc" != 0 ] || [ -s "$new" ]; then verdict=FAIL; fi
  printf 'fuzz: %-16s %9s execs %6s/s  cov %5s  ft %6s  corpus %-12s (%s files)  rss %sMB  crashes %s  timeouts %s  leaks %s  ooms %s  %s\n' \
    "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$files" "${rss:-?}" \
    "$crashes" "$timeouts" "$leaks" "$ooms" "$verdict"
  if [ $verdict = FAIL ]; then
    echo "  log: $log (exit status $rc)"
    sed 's/^/  new: /' "$new"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 | sed 's/^/  | /'
    return 1
  fi
}

for exe in "${targets[@]}"; do
  [ -x "$bin/fuzz_$exe" ] || { echo "fuzz.sh: no $bin/fuzz_$exe (make fuzz-bins)" >&2; exit 2; }
done
running=0
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${time}s (log $work/logs/$t.log)"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
failed=0
for t in "${targets[@]}"; do summary "$t" || failed=1; done
exit $failed
