#!/usr/bin/env bash
# bench --shard K/N and the tools that read the shards as one (docs/results-format.md,
# "Sharding"): the 4 shards of --list are disjoint and together the unsharded list (with and
# without a FILTER); a compared group stays in one shard; bad K/N is a usage error; an empty
# shard exits 0 with a note and an empty directory; 4 shards run in parallel merge, in
# crit-compare, perfdoc and gates.sh, into the same table, document and verdicts as the same
# directories copied into one; and directories that share a benchmark are refused by all three.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$BIN/bench

ids() { sed 's/: benchmark$//' | sort; }

# ---- which ids each shard takes ----------------------------------------------------------------
"$B" --list | ids >"$tmp/all"
for filter in "" "calibration|vm"; do
  : >"$tmp/union"
  for k in 1 2 3 4; do
    "$B" $filter --shard "$k/4" --list 2>/dev/null | ids >"$tmp/s$k"
    cat "$tmp/s$k" >>"$tmp/union"
  done
  sort "$tmp/union" -o "$tmp/union"
  if [ -n "$filter" ]; then "$B" "$filter" --list | ids >"$tmp/want"; else cp "$tmp/all" "$tmp/want"; fi
  check "shards of '$filter': union is the unsharded list" diff -u "$tmp/want" "$tmp/union"
  check "shards of '$filter': disjoint" [ -z "$(uniq -d "$tmp/union")" ]
done
check "every shard of the default suites has ids" bash -c \
  'for k in 1 2 3 4; do "$1" --shard $k/4 --list | grep -q . || exit 1; done' _ "$B"
n_ac6=$(for k in 1 2 3 4; do "$B" --shard "$k/4" --list | grep -c '^ac6/'; done | sort -n | tr '\n' ' ')
check "a compared group stays whole (ac6: 0 0 0 2)" [ "$n_ac6" = "0 0 0 2 " ]
"$B" --shard 1/1 --list | ids >"$tmp/one"
check "--shard 1/1 is everything" diff -u "$tmp/all" "$tmp/one"

# ---- the command line ----------------------------------------------------------------------------
for v in 0/4 5/4 1/0 01/4 1/1001 +1/4 "1/4 " 1/ 4 a/b 1/4/4; do
  "$B" --shard "$v" --list >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "--shard '$v': exit 2" [ $rc -eq 2 ]
  check "--shard '$v': says the rule" grep -q "1 <= K <= N <= 1000" "$tmp/err"
  check "--shard '$v': nothing on stdout" [ ! -s "$tmp/out" ]
done
check "--help names --shard" bash -c '"$1" --help | grep -q -- "--shard K/N"' _ "$B"

# ---- an empty shard ----------------------------------------------------------------------------
for k in 1 2 3 4; do "$B" calibration/empty --exact --shard "$k/4" --list; done | ids >"$tmp/e"
check "one exact id: in exactly one shard" [ "$(wc -l <"$tmp/e")" -eq 1 ]
for k in 1 2 3 4; do
  "$B" calibration/empty --exact --shard "$k/4" --list | grep -q . && continue
  "$B" calibration/empty --exact --shard "$k/4" --output-dir "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "empty shard: exit 0" [ $rc -eq 0 ]
  check "empty shard: note" grep -q "note: shard $k/4 has none of the 1 selected benchmarks; nothing to run" "$tmp/err"
  check "empty shard: no 'no benchmark matched' warning" bash -c '! grep -q "no benchmark matched" "$1"' _ "$tmp/err"
  check "empty shard: empty output directory" [ -d "$tmp/empty" ] && [ -z "$(ls -A "$tmp/empty")" ]
  break
done

# ---- 4 shards in parallel, read as one -----------------------------------------------------------
F='^calibration/|^vm_simple$|^lexer_simple$'
for k in 1 2 3 4; do
  "$B" "$F" --shard "$k/4" --output-dir "$tmp/r$k" --warm-up-time 0.05 --measurement-time 0.1 \
    --nresamples 5000 --noplot --quiet >"$tmp/run$k.out" 2>"$tmp/run$k.err" &
done
wait
mkdir -p "$tmp/merged"  # the same files in one directory: what one run would have written
for k in 1 2 3 4; do
  check "shard $k: directory" [ -d "$tmp/r$k" ]
  cp -R "$tmp/r$k/." "$tmp/merged/"
done
R=(--results "$tmp/r1" --results "$tmp/r2" --results "$tmp/r3" --results "$tmp/r4")
"$BIN/crit-compare" "${R[@]}" base new >"$tmp/cc4" 2>"$tmp/cc4.err"
check "crit-compare: 4 directories: exit 0" [ $? -eq 0 ]
"$BIN/crit-compare" --results "$tmp/merged" base new >"$tmp/cc1" 2>&1
check "crit-compare: same table as one directory" diff -u "$tmp/cc1" "$tmp/cc4"
check "crit-compare: a row per id" [ "$(grep -c ' no_change$' "$tmp/cc4")" -eq 4 ]
printf '{"gates": [%s, %s, %s]}\n' \
  '{"id": "G1", "kind": "mean_below", "benchmark": "vm_simple", "max_ns": 1e9}' \
  '{"id": "G2", "kind": "results_exist", "benchmarks": ["lexer_simple", "calibration/empty", "calibration/chain1000"]}' \
  '{"id": "G3", "kind": "mean_below", "benchmark": "calibration/empty", "max_ns": 0.001}' >"$tmp/gates.json"
tools/gates.sh --gates "$tmp/gates.json" "$tmp/r1" "$tmp/r2" "$tmp/r3" "$tmp/r4" >"$tmp/g4" 2>&1
rc4=$?
tools/gates.sh --gates "$tmp/gates.json" "$tmp/merged" >"$tmp/g1" 2>&1
check "gates: same exit status as one directory (1: G3 fails)" [ $rc4 -eq $? ] && [ $rc4 -eq 1 ]
check "gates: same lines as one directory" diff -u "$tmp/g1" "$tmp/g4"
check "gates: every input found" [ "$(grep -c '^PASS' "$tmp/g4")" -eq 2 ]
"$BIN/perfdoc" "${R[@]}" --out "$tmp/p4.md" >/dev/null 2>"$tmp/p4.err"
check "perfdoc: 4 directories: exit 0" [ $? -eq 0 ]
"$BIN/perfdoc" --results "$tmp/merged" --out "$tmp/p1.md" >/dev/null 2>&1
check "perfdoc: same document as one directory" diff -u "$tmp/p1.md" "$tmp/p4.md"
if [ -d "$tmp/empty" ]; then  # an empty shard's directory merges as nothing
  "$BIN/crit-compare" "${R[@]}" --results "$tmp/empty" base new >"$tmp/cc5" 2>&1
  check "crit-compare: an empty shard's directory adds nothing" diff -u "$tmp/cc1" "$tmp/cc5"
fi

# ---- overlapping directories are refused ---------------------------------------------------------
refused() {  # description, expected exit status, command...
  local what=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  check "$what: exit $want" [ $rc -eq "$want" ]
  check "$what: names both directories" grep -Eq "is in both $tmp/(r[1-4]|merged) and $tmp/(r[1-4]|merged)" "$tmp/err"
  check "$what: nothing on stdout" [ ! -s "$tmp/out" ]
}
full=$(for k in 1 2 3 4; do [ -n "$(ls -A "$tmp/r$k")" ] && echo "$tmp/r$k"; done | head -n 1)
refused "crit-compare overlap" 2 "$BIN/crit-compare" "${R[@]}" --results "$tmp/merged" base new
refused "crit-compare same directory twice" 2 "$BIN/crit-compare" --results "$full" --results "$full" base new
refused "gates.sh overlap" 2 tools/gates.sh --gates "$tmp/gates.json" "$tmp/merged" "$full"
refused "perfdoc overlap" 1 "$BIN/perfdoc" --results "$full" --results "$tmp/merged" --out "$tmp/px.md"
check "perfdoc overlap: no document written" [ ! -e "$tmp/px.md" ]
finish
