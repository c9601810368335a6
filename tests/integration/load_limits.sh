#!/usr/bin/env bash
# What the loaders accept (docs/results-format.md, "What the loaders accept"), end to end: a
# FIFO in place of a results file is refused at once, naming the file, by bench --baseline and
# --load-baseline, the report index, crit-compare, perfdoc and tools/gates.sh (each under
# `timeout 10`: before the fix every one of them hung in open(2)); a sample.json over the
# measurement ceiling or the size ceiling, and iteration counts that are not integers in
# [1, 2^53], are refused with a message saying which limit; gates.sh validates whole files.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$tmp/results
FAST=(--warm-up-time 0.02 --measurement-time 0.05 --sample-size 10 --nresamples 500 --color never)
bench() { timeout 10 "$BIN/bench" calibration/empty --output-dir "$out" "${FAST[@]}" "$@"; }
run() {  # command... -> $rc, $tmp/out, $tmp/err
  "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
says() {  # extended regex that stderr must match
  grep -Eq -- "$1" "$tmp/err" || { echo "  stderr was:" >&2; sed 's/^/  | /' "$tmp/err" >&2; return 1; }
}
fifo() {  # path: replace the file by a FIFO nobody writes to
  rm -f "$1" && mkfifo "$1"
}
not_regular='not a regular file \(a FIFO\)'

# ---- a saved baseline to spoil ---------------------------------------------------------------
bench --save-baseline v1 >/dev/null 2>&1
check "setup: baseline v1 saved" [ -f "$out/calibration/empty/v1/sample.json" ]
cp -r "$out/calibration/empty/v1" "$tmp/v1.good"
d=$out/calibration/empty

# ---- FIFOs: every reader ends at once, naming the file ------------------------------------------
fifo "$d/v1/sample.json"
run bench --baseline v1
check "FIFO baseline: bench --baseline ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO baseline: bench names the file" says "$d/v1/sample.json: $not_regular"
run bench --load-baseline v1 --baseline base
check "FIFO baseline: bench --load-baseline ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO baseline: --load-baseline names the file" says "$d/v1/sample.json: $not_regular"

mkdir -p "$tmp/cc/g/x"
cp -r "$tmp/v1.good" "$tmp/cc/g/x/a"
cp -r "$tmp/v1.good" "$tmp/cc/g/x/b"
fifo "$tmp/cc/g/x/b/sample.json"
run timeout 10 "$BIN/crit-compare" --results "$tmp/cc" a b
check "FIFO sample.json: crit-compare ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO sample.json: crit-compare names the file" says "^error: damaged baseline file: .*$tmp/cc/g/x/b/sample.json: $not_regular"
rm "$tmp/cc/g/x/b/sample.json" && cp "$tmp/v1.good/sample.json" "$tmp/cc/g/x/b/"
fifo "$tmp/cc/g/x/a/estimates.json"
run timeout 10 "$BIN/crit-compare" --results "$tmp/cc" a b
check "FIFO estimates.json: crit-compare ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO estimates.json: crit-compare names the file" says "$tmp/cc/g/x/a/estimates.json: $not_regular"

cp -r "$d/new" "$tmp/new.good"
fifo "$d/new/sample.json"
mkdir -p "$out/calibration/spoilt" && cp -r "$tmp/new.good" "$out/calibration/spoilt/new"
fifo "$out/calibration/spoilt/new/estimates.json"
run bench
check "FIFO in another benchmark's new/: bench (report index) ends with exit 0" [ "$rc" -eq 0 ]
check "FIFO: the report index names the file" \
  grep -q "spoilt/new/estimates.json: not a regular file (a FIFO)" "$out/report/index.html"

cp -r tests/fixtures/perfdoc/results "$tmp/pd"
pd_est=$(find "$tmp/pd" -path '*/new/estimates.json' | sort | head -1)
fifo "$pd_est"
run timeout 10 "$BIN/perfdoc" --results "$tmp/pd" --out "$tmp/doc.md"
check "FIFO estimates.json: perfdoc ends with exit 0" [ "$rc" -eq 0 ]
check "FIFO estimates.json: perfdoc warns, naming the file" \
  says "^perfdoc: warning: cannot read $pd_est: $not_regular; skipping benchmark"
mkfifo "$tmp/gates-out.json"
run timeout 10 "$BIN/perfdoc" --results "$tmp/pd" --gates "$tmp/gates-out.json" --out "$tmp/doc.md"
check "FIFO gates file: perfdoc ends with exit 0" [ "$rc" -eq 0 ]
check "FIFO gates file: perfdoc warns, naming it" says "gates file: cannot read $tmp/gates-out.json: $not_regular"
rm -f "$tmp/doc.md" && mkfifo "$tmp/doc.md"
run timeout 10 "$BIN/perfdoc" --results "$tmp/pd" --out "$tmp/doc.md"
check "FIFO output document: perfdoc ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO output document: perfdoc names it" says "cannot read $tmp/doc.md: $not_regular"

cp -r tests/fixtures/gates/pass "$tmp/gp"
gp_est=$tmp/gp/vm_simple/new/estimates.json
fifo "$gp_est"
run timeout 10 tools/gates.sh "$tmp/gp"
check "FIFO estimates.json: gates.sh ends with exit 1" [ "$rc" -eq 1 ]
check "FIFO estimates.json: gates.sh names the file" grep -q "$gp_est is not a regular file" "$tmp/out"
rm -f "$gp_est"

# ---- ceilings: which limit, said before the expensive work -------------------------------------
rm -f "$tmp/cc/g/x/a/estimates.json" && cp "$tmp/v1.good/estimates.json" "$tmp/cc/g/x/a/"
jq -nc '{sampling_mode: "Flat", iters: [range(10001) | 1], times: [range(10001) | 5]}' >"$tmp/cc/g/x/b/sample.json"
run timeout 10 "$BIN/crit-compare" --results "$tmp/cc" a b
check "10001 measurements: crit-compare exit 1" [ "$rc" -eq 1 ]
check "10001 measurements: says which limit" \
  says "$tmp/cc/g/x/b/sample.json: 10001 measurements, more than the limit of 10000; calibration/empty not compared"
rm -f "$d/v1/sample.json" && cp "$tmp/cc/g/x/b/sample.json" "$d/v1/sample.json"
run bench --baseline v1
check "10001 measurements: bench --baseline exit 1" [ "$rc" -eq 1 ]
check "10001 measurements: bench says which limit" says "10001 measurements, more than the limit of 10000"
truncate -s 200M "$d/v1/sample.json" # sparse: no disk, and never read
run /usr/bin/time -f "maxrss %M KB" timeout 10 "$BIN/crit-compare" --results "$out" base v1
check "200 MiB sample.json: crit-compare exit 1" [ "$rc" -eq 1 ]
check "200 MiB sample.json: says which limit" \
  says "$d/v1/sample.json: 200 MiB, more than the 2 MiB limit for a sample.json"
check "200 MiB sample.json: never read (peak RSS < 50 MB)" \
  [ "$(sed -n 's/^maxrss \([0-9]*\) KB$/\1/p' "$tmp/err")" -lt 50000 ]
run bench --baseline v1
check "200 MiB sample.json: bench --baseline exit 1, says which limit" \
  bash -c '[ "$1" -eq 1 ] && grep -q "more than the 2 MiB limit for a sample.json" "$2"' _ "$rc" "$tmp/err"
run timeout 10 "$BIN/bench" calibration/empty --output-dir "$out" --sample-size 10001
check "--sample-size over the ceiling: exit 2" [ "$rc" -eq 2 ]
check "--sample-size over the ceiling: says the range" says "must be in \[10, 10000\]"

# ---- iteration counts: integers in [1, 2^53] ---------------------------------------------------
for bad in 1.5 1e300 18446744073709551616 0; do
  jq -c --argjson v "$bad" '.iters[3] = $v' "$tmp/v1.good/sample.json" >"$tmp/cc/g/x/b/sample.json"
  run timeout 10 "$BIN/crit-compare" --results "$tmp/cc" a b
  check "iters $bad: crit-compare exit 1" [ "$rc" -eq 1 ]
  check "iters $bad: names the file and the index" \
    says "$tmp/cc/g/x/b/sample.json: \"iters\[3\]\" = .* must be an integer in \[1, 2\^53\]"
done

# ---- gates.sh checks a whole file, as crit-compare does ----------------------------------------
est=$tmp/gp/vm_simple/new/estimates.json
cp tests/fixtures/gates/pass/vm_simple/new/estimates.json "$est"
run timeout 10 tools/gates.sh "$tmp/gp"
check "gates: the good copy passes" [ "$rc" -eq 0 ]
for bad in NaN -Infinity inf; do
  jq -c . tests/fixtures/gates/pass/vm_simple/new/estimates.json | sed "s/}\$/,\"unread\":$bad}/" >"$est"
  run timeout 10 tools/gates.sh "$tmp/gp"
  check "gates: $bad under an unread key fails (exit 1)" [ "$rc" -eq 1 ]
  check "gates: $bad: names the file" grep -q "FAIL  AC1 .*$est is not valid JSON (NaN, Infinity" "$tmp/out"
done
jq -c . tests/fixtures/gates/pass/vm_simple/new/estimates.json | sed 's/}$/,"un\x00read":1}/' >"$est"
run timeout 10 tools/gates.sh "$tmp/gp"
check "gates: a NUL byte in an unread key fails (exit 1)" [ "$rc" -eq 1 ]
check "gates: NUL: names the file" grep -q "FAIL  AC1 .*$est is not valid JSON (contains a NUL byte)" "$tmp/out"
mkdir -p "$tmp/cn/g/x" && cp -r "$tmp/v1.good" "$tmp/cn/g/x/a" && cp -r "$tmp/v1.good" "$tmp/cn/g/x/b"
cp "$est" "$tmp/cn/g/x/b/estimates.json"
run timeout 10 "$BIN/crit-compare" --results "$tmp/cn" a b
check "crit-compare refuses the same NUL file" says "estimates.json: not valid JSON \(contains a NUL byte\)"

finish
