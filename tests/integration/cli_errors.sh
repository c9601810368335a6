#!/usr/bin/env bash
# Every bad command line: exit 2, exactly one "error: ..." line on stderr naming the problem,
# nothing on stdout, and nothing written (the output directory is not even created).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/out"

bad() {  # needle, args...
  local needle=$1; shift
  "$BIN/bench" --output-dir "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  check "exit 2 for: $*" [ $rc -eq 2 ]
  check "one stderr line for: $*" [ "$(wc -l <"$tmp/stderr")" -eq 1 ]
  check "message names '$needle' for: $*" grep -q -- "^error: .*$needle" "$tmp/stderr"
  check "no stdout for: $*" [ ! -s "$tmp/stdout" ]
  check "nothing written for: $*" [ ! -e "$out" ]
}

bad "--sample-size" --sample-size 5
bad "--sample-size" --sample-size ten
bad "--warm-up-time" --warm-up-time 0
bad "--measurement-time" --measurement-time=-2
bad "--nresamples" --nresamples 0
bad "--confidence-level" --confidence-level 1.5
bad "--significance-level" --significance-level 0
bad "--noise-threshold" --noise-threshold -1
bad "--sampling-mode" --sampling-mode sometimes
bad "--color" --color rainbow
bad "--seed" --seed x
# Integers start with a digit: strtoull alone would read " -1" as 2^64-1 and accept " 5".
bad "--seed" --seed " -1"
bad "--seed" --seed " 5"
bad "--seed" --seed +5
bad "--sample-size" --sample-size " 20"
bad "--nonsense" --nonsense
bad "needs a value" --baseline
bad "--load-baseline" --load-baseline old
bad "--save-baseline" --baseline a --save-baseline b
bad "--discard-baseline" --save-baseline a --discard-baseline
bad "FILTER regex" '('
bad "only one FILTER" one two
bad "--quick and --target-precision" --quick --target-precision 0.01
bad "--target-precision" --target-precision 1
bad "--against cannot be combined with a baseline option" --against /bin/true --save-baseline x
bad "--aa-runs needs --aa" --aa-runs 3
bad "--serve, --aa and --against cannot be combined" --aa --against /bin/true
bad "--against-timeout" --against /bin/true --against-timeout 0
bad "at most 1000000 seconds" --against /bin/true --against-timeout 1e7
bad "--profile-time cannot be combined with --quick" --profile-time 1 --quick
bad "--profile-time" --profile-time 0
bad "--cache-sim needs --measure instructions" --cache-sim

"$BIN/bench" --help >"$tmp/help" 2>&1
check "--help exits 0" [ $? -eq 0 ]
check "--help lists every option" bash -c 'for o in --warm-up-time --measurement-time --sample-size --nresamples --confidence-level --significance-level --noise-threshold --sampling-mode --save-baseline --baseline --baseline-lenient --load-baseline --discard-baseline --list --exact --test --quick --verbose --quiet --color --output-dir --seed --fail-on-regression --help; do grep -q -- "$o" "$1" || exit 1; done' _ "$tmp/help"
check "--help writes nothing" [ ! -e "$out" ]
finish
