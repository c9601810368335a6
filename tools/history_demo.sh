#!/usr/bin/env bash
# history_demo.sh: the History acceptance run (docs/results-format.md, "History"). In a
# throwaway git worktree on a throwaway branch it makes BEFORE empty commits, then one commit
# that adds STEPS dependent LCG steps (default 64; calibration/chain1000's step, so the known
# added cost is STEPS/1000 of chain1000's time, measured in the same runs; an out-of-order
# core overlaps part of a short chain with the interpreter's independent work, so the step
# found can be a little smaller) to every iteration of cold_start_simple, then AFTER-1 empty commits; builds each commit and records one run of
# '^(calibration|cold_start_simple)' per commit into a history database. Then it records
# AA runs of the first commit (A/A history) into a second database, and runs crit-history
# report and check on both. Prints the figures: wall time, the step found against the known
# cost, the commit flagged against the slowing commit, and the A/A verdict.
#
#   tools/history_demo.sh [--before N] [--after N] [--aa N] [--steps K] [--out DIR]
#                         [--bench-args "..."]
#
# Needs this tree's build/bin/crit-history (make). Exit 0 when check flags exactly the
# slowing commit (exit 3) and nothing in the A/A history (exit 0); 1 otherwise.
set -euo pipefail
before=15 after=15 aa=30 steps=64 out=""
bench_args="--warm-up-time 0.3 --measurement-time 1 --nresamples 20000 --noplot --quiet"
while [ $# -gt 0 ]; do
  case $1 in
    --before) before=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    --aa) aa=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bench-args) bench_args=$2; shift 2 ;;
    *) echo "usage: $0 [--before N] [--after N] [--aa N] [--steps K] [--out DIR] [--bench-args ARGS]" >&2; exit 2 ;;
  esac
done
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
hist="$repo/build/bin/crit-history"
[ -x "$hist" ] || { echo "history_demo: build $hist first (make)" >&2; exit 1; }
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/crit-history-demo.XXXXXX")}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tree="$out/tree" branch="history-demo-$$"
filter='^(calibration|cold_start_simple)'
t0=$(date +%s)
cleanup() {
  git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true
  git -C "$repo" branch -D "$branch" >/dev/null 2>&1 || true
}
trap cleanup EXIT
git -C "$repo" worktree add -q -b "$branch" "$tree" HEAD
cd "$tree"
git config user.email demo@example.invalid
git config user.name "history demo"

build() { make -s build/bin/bench >/dev/null; }
record() {  # db
  build/bin/bench "$filter" $bench_args --output-dir "$out/results" --record="$1" >/dev/null 2>&1
}

# The slowdown: STEPS LCG steps, each behind a barrier, before each cold start.
slow_down() {
  perl -0pi -e 's/(    int bad = 0;\n)/$1    uint64_t demo_x = 1; \/\* history demo \*\/\n/;
    s/(    case STAGE_COLD:\n        CRIT_ITER\(b\) \{\n)/$1            for (int k = 0; k < '"$steps"'; k++) {\n                demo_x = demo_x * 6364136223846793005u + 1442695040888963407u;\n                CRIT_BLACK_BOX(demo_x);\n            }\n/' \
    benches/interp_stages.c
  grep -q 'demo_x = demo_x' benches/interp_stages.c || { echo "history_demo: patch failed" >&2; exit 1; }
}

build
for i in $(seq 1 "$before"); do
  git commit -q --allow-empty -m "demo: before $i"
  [ "$i" -eq 1 ] && first=$(git rev-parse --short=12 HEAD)
  record "$out/history.sqlite"
done
slow_down
git commit -q -am "demo: $steps LCG steps in cold_start_simple"
slow=$(git rev-parse --short=12 HEAD)
build
record "$out/history.sqlite"
for i in $(seq 2 "$after"); do
  git commit -q --allow-empty -m "demo: after $i"
  record "$out/history.sqlite"
done
t_steps=$(date +%s)

# A/A: the first commit's code, AA runs, same commit id every time (--aa 0: none).
if [ "$aa" -gt 0 ]; then
  git checkout -q "$first"
  build
  for i in $(seq 1 "$aa"); do record "$out/aa.sqlite"; done
fi
t_aa=$(date +%s)

cd "$repo"
"$hist" --db "$out/history.sqlite" report --output-dir "$out/report" >/dev/null
set +e
"$hist" --db "$out/history.sqlite" check > "$out/check.txt"; rc=$?
aa_rc=0
if [ "$aa" -gt 0 ]; then
  "$hist" --db "$out/aa.sqlite" report --output-dir "$out/aa-report" >/dev/null
  "$hist" --db "$out/aa.sqlite" check > "$out/aa-check.txt"; aa_rc=$?
fi
set -e
# the known cost: STEPS/1000 of chain1000's median typical time over the step runs
chain=$("$hist" --db "$out/history.sqlite" show calibration/chain1000 --format csv |
  awk -F, 'NR > 1 { print $11 }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
"$hist" --db "$out/history.sqlite" show cold_start_simple --format csv > "$out/cold.csv"
echo "history_demo: output in $out"
echo "wall time: $((t_steps - t0)) s for $((before + after)) commits, $((t_aa - t_steps)) s for $aa A/A runs"
echo "slowing commit: $slow ($steps LCG steps = $steps/1000 of chain1000 = $(awk -v c="$chain" -v k="$steps" 'BEGIN { printf "%.2f ns", c * k / 1000 }'))"
echo "check on the step history (exit $rc):"; sed 's/^/  /' "$out/check.txt"
[ "$aa" -gt 0 ] && { echo "check on the A/A history (exit $aa_rc):"; sed 's/^/  /' "$out/aa-check.txt"; }
grep -q "since commit $slow " "$out/check.txt" && [ "$(grep -c '^regression:' "$out/check.txt")" -eq 1 ] &&
  [ $rc -eq 3 ] && [ $aa_rc -eq 0 ]
