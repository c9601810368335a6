#!/usr/bin/env bash
# tools/pgo_train.sh: the training run of `make MODE=pgo` (phase 1, docs/build-modes.md).
# Runs the instrumented binaries of BIN (build/pgo-gen/bin) over the training workload and
# leaves their profile (.gcda files) in DIR/data, which phase 2 reads with -fprofile-use:
#   1. every tests/conformance/*.py and the CLI checks through minipy (tests/conformance/run.sh,
#      which must pass: a wrong interpreter is not worth optimising);
#   2. the interpreter's in-process benchmarks of bench: the *_simple stages, warm_execution
#      and the lexer/ parser/ compiler/ vm/ format/ cold_start/ groups over their six
#      workloads, with short times (results go to DIR/results, which is thrown away).
# The old profile is removed first: gcc would otherwise add the new counts to it.
# Usage: tools/pgo_train.sh BIN DIR
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BIN DIR" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
bin=$(cd "$1" && pwd)
dir=$2
for b in minipy bench; do
  [ -x "$bin/$b" ] || { echo "pgo_train: $bin/$b is not built" >&2; exit 2; }
done
rm -rf "$dir/data" "$dir/results"
mkdir -p "$dir/data"
dir=$(cd "$dir" && pwd)

t0=$SECONDS
if ! MINIPY="$bin/minipy" "$root/tests/conformance/run.sh" > "$dir/conformance.log" 2>&1; then
  echo "pgo_train: the conformance corpus fails on the instrumented minipy:" >&2
  tail -n 20 "$dir/conformance.log" >&2
  exit 1
fi
t1=$SECONDS

# Ids of benches/interp_stages.c only (no subprocess, no CPython, no harness self-benchmarks).
filter='^((lexer|parser|compiler|vm|format|cold_start)(_simple|/.*)|warm_execution)$'
if ! "$bin/bench" "$filter" --warm-up-time 0.1 --measurement-time 0.3 --nresamples 10000 \
  --noplot --quiet --color never --output-dir "$dir/results" > "$dir/bench.log" 2>&1; then
  echo "pgo_train: the training benchmarks failed:" >&2
  tail -n 20 "$dir/bench.log" >&2
  exit 1
fi
t2=$SECONDS
rm -rf "$dir/results"

# Every interpreter object linked into minipy or bench (its instrumented code names its .gcda
# file) must have left a profile; none means the names did not line up (-fprofile-prefix-path)
# and phase 2 would silently build without one.
missing=0 checked=0
for c in "$root"/interp/*.c; do
  name="interp#$(basename "${c%.c}").gcda"
  grep -qaF "$name" "$bin/minipy" "$bin/bench" || continue
  checked=$((checked + 1))
  [ -s "$dir/data/$name" ] || { echo "pgo_train: no profile $dir/data/$name" >&2; missing=1; }
done
if [ $checked -eq 0 ]; then
  echo "pgo_train: no interpreter object names a profile interp#NAME.gcda: the profile names" \
    "are not what the Makefile's -dumpbase/-fprofile-prefix-path should give" >&2
  exit 1
fi
[ $missing -eq 0 ] || exit 1
echo "pgo_train: $(find "$dir/data" -name '*.gcda' | wc -l) profiles in $dir/data" \
  "(conformance $((t1 - t0)) s, benchmarks $((t2 - t1)) s)"
