#!/usr/bin/env bash
# crash_safety.sh: issue 13's crash-safety campaign for the results store. Phase 1 starts N
# runs of `bench calibration` (short times, HTML report on, saving base, v1 or --force v2 or
# nothing) and kills each with SIGKILL at a random moment; phase 2 runs M rounds of four
# concurrent runs saving the same baseline `base` into one output directory. After every
# kill and every round, each new/ and baseline directory must parse and be internally
# consistent, and after the next complete run no temporary may be left:
#   partial   a new/ or baseline directory missing one of its five files, or with a file
#             that is not JSON;
#   mixed     its files from two runs: estimates.json's mean is not the mean recomputed
#             from its own sample.json with jq (times/iters, 1e-9 relative), metrics.json's
#             sample count or benchmark.json's directory differ, slope null for Linear;
#   leftover  a hidden temporary (.<name>.tmp.<pid>.<n>, .<name>.old.<pid>.<n>) still there
#             after a complete run (one follows every 5th kill and the last of phase 1);
#   failed    a concurrent run that exited non-zero (each is expected to exit 0).
# Prints the four counts (and how many temporaries of killed runs the complete runs swept)
# and exits 1 if any count is not 0 (2 on bad usage).
# Usage: tests/crash_safety.sh [--kills N] [--concurrent M] [--bin DIR] [--workdir DIR]
#   N default 100, M default 50; DIR of bench default $CRIT_BIN or build/bin; the work
#   directory is a fresh temporary one, removed at the end unless --workdir is given.
#   `make crash-safety KILLS=100 CONCURRENT=50` runs it; tests/integration/crash_safety_smoke.sh
#   runs a short form in make test.
set -u
cd "$(dirname "$0")/.." || exit 2
kills=100 rounds=50 bin=${CRIT_BIN:-build/bin} work=
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills=${2:-}; shift 2 ;;
    --concurrent) rounds=${2:-}; shift 2 ;;
    --bin) bin=${2:-}; shift 2 ;;
    --workdir) work=${2:-}; shift 2 ;;
    -h|--help) sed -n '2,/^set -u$/{/^set -u$/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "crash_safety.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$kills$rounds" in *[!0-9]*|'') echo "crash_safety.sh: --kills and --concurrent take a count" >&2; exit 2 ;; esac
[ -x "$bin/bench" ] || { echo "crash_safety.sh: no $bin/bench (run make first)" >&2; exit 2; }
command -v jq >/dev/null || { echo "crash_safety.sh: needs jq" >&2; exit 2; }
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/crit-crash.XXXXXX"); trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
: >"$work/leftovers"
FAST=(--warm-up-time 0.005 --measurement-time 0.01 --sample-size 10 --nresamples 200 --color never)
partial=0 mixed=0 leftover=0 failed=0 swept=0

# One new/ or baseline directory: prints ok, partial or mixed (with the reason on stderr).
check_dir() {  # dir, the benchmark's directory_name
  local d=$1 why
  # one jq per directory: --slurpfile fails on a missing file or one that is not JSON
  if ! why=$(jq -n -r --arg dir "$2" --slurpfile s "$d/sample.json" \
      --slurpfile e "$d/estimates.json" --slurpfile m "$d/metrics.json" \
      --slurpfile b "$d/benchmark.json" --slurpfile t "$d/tukey.json" '
    def close(a; b): ((a - b) | fabs) <= 1e-9 * ([(a | fabs), (b | fabs), 1e-300] | max);
    ($s[0]) as $S | [range(0; $S.iters | length) | $S.times[.] / $S.iters[.]] as $a
    | [ if close($a | add / length; $e[0].mean.point_estimate) then empty else "mean" end,
        if $m[0].samples == ($a | length) then empty else "samples" end,
        if ($S.sampling_mode == "Flat") == ($e[0].slope == null) then empty else "slope" end,
        if $b[0].directory_name == $dir then empty else "benchmark" end,
        if ($t[0] | length) == 4 then empty else "tukey" end ] | join(",")' 2>&1); then
    echo "  partial: $d: $why" >&2; echo partial
  elif [ -n "$why" ]; then
    echo "  mixed ($why): $d" >&2; echo mixed
  else
    echo ok
  fi
}

# Every new/ and baseline directory under the output directory; adds to the counts.
check_all() {  # out, label
  local out=$1 b d name verdict
  for b in "$out"/calibration/*/; do
    [ -d "$b/new" ] || [ -d "$b/base" ] || continue
    name=${b#"$out"/}; name=${name%/}
    for d in "$b"*/; do
      d=${d%/}
      case "$(basename "$d")" in change|report|instructions) continue ;; esac
      verdict=$(check_dir "$d" "$name")
      case "$verdict" in
        partial) partial=$((partial + 1)); echo "  after $2" >&2 ;;
        mixed) mixed=$((mixed + 1)); echo "  after $2" >&2 ;;
      esac
    done
  done
}

# Hidden temporaries anywhere under the output directory (not those inside another one),
# each path counted once however many checks see it.
count_leftovers() {  # out, label
  local found
  found=$(find "$1" -regextype posix-extended -regex '.*/\.[^/]+\.(tmp|old)\.[0-9]+\.[0-9]+' |
    grep -Ev '/\.[^/]+\.(tmp|old)\.[0-9]+\.[0-9]+/')
  [ -z "$found" ] && return
  echo "  leftovers after $2:" >&2; echo "$found" | sed 's/^/    /' >&2
  echo "$found" >>"$work/leftovers"
  leftover=$(sort -u "$work/leftovers" | wc -l)
}

bench() { "$bin/bench" calibration --output-dir "$1" "${FAST[@]}" "${@:2}"; }

# ---- phase 1: kill -9 at random moments ----
out="$work/kills"
t0=$(date +%s%N); bench "$out" >/dev/null 2>&1; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 * 3 / 2 + 5 ))  # ms: kills land anywhere in a run, and a bit after
modes=("" "--save-baseline v1" "--force-save-baseline v2" "--discard-baseline")
for ((i = 1; i <= kills; i++)); do
  # shellcheck disable=SC2086
  "$bin/bench" calibration --output-dir "$out" "${FAST[@]}" ${modes[i % 4]} >/dev/null 2>&1 &
  pid=$!  # bench itself (a backgrounded function would be a subshell, and bench its child)
  ms=$(( (RANDOM * 32768 + RANDOM) % span ))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check_all "$out" "kill $i (${ms} ms, ${modes[i % 4]:-default})"
  if [ $((i % 5)) -eq 0 ] || [ "$i" -eq "$kills" ]; then
    bench "$out" --discard-baseline >/dev/null 2>"$work/complete.err"
    n=$(awk '/^note: removed [0-9]+ temporar/ {n += $3} END {print n + 0}' "$work/complete.err")
    swept=$((swept + ${n:-0}))
    count_leftovers "$out" "the complete run after kill $i"
    check_all "$out" "the complete run after kill $i"
  fi
done

# ---- phase 2: four runs at once saving one baseline ----
out="$work/concurrent"
bench "$out" >/dev/null 2>&1
for ((i = 1; i <= rounds; i++)); do
  pids=()
  for mode in "" "" "--save-baseline base" "--save-baseline base"; do
    # shellcheck disable=SC2086
    bench "$out" $mode >"$work/run.$i.${#pids[@]}.log" 2>&1 &
    pids+=($!)
  done
  for j in "${!pids[@]}"; do
    if ! wait "${pids[$j]}"; then
      failed=$((failed + 1)); echo "  round $i run $j failed:" >&2
      grep -E 'error|warning' "$work/run.$i.$j.log" | sed 's/^/    /' >&2
    fi
  done
  rm -f "$work"/run.$i.*.log
  check_all "$out" "concurrent round $i"
done
count_leftovers "$out" "the concurrent rounds"

echo "crash_safety: $kills kills, $rounds rounds of 4 concurrent runs:" \
  "partial=$partial mixed=$mixed leftovers=$leftover failed_runs=$failed"
echo "(temporaries of killed runs that the complete runs swept: $swept)"
[ $((partial + mixed + leftover + failed)) -eq 0 ]
