#!/usr/bin/env bash
# crit_group_compare end to end on tests/fixtures/group_compare/prog.c, built here against the
# release libcrit.a (as install.sh does, whatever CRIT_BIN is): members run in the same
# interleaved rounds with one iteration count, the ratio to the baseline member on the console,
# in metrics.json ("relative", checked with jq), on the group's report page and in the exports
# and JSON messages; the baseline chosen by function id or by value, run even when the filter
# leaves it out; a missing, failing or skipping baseline; a failing member; command members
# whose argv is gone by crit_group_finish; --list, --test, --quick and --target-precision;
# misuse.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

P=$tmp/prog
crit_program tests/fixtures/group_compare/prog.c "$P" || { echo "cannot build the test program"; exit 1; }

out=$tmp/r
Q=(--warm-up-time 0.05 --measurement-time 0.2 --nresamples 1000 --color never --output-dir "$out")
run() {  # args... -> $rc, $tmp/out, $tmp/err
  "$P" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
has() {  # extended regex, file
  grep -Eq -- "$1" "$2" || { echo "  no match for: $1" >&2; sed 's/^/  | /' "$2" >&2; return 1; }
}

# ---- a compared group: base, double (2x the work), param/400 (4x) ----------------------------
run '^cmp/' "${Q[@]}" --export-markdown "$tmp/r.md" --export-csv "$tmp/r.csv"
check "cmp: exit 0" [ "$rc" -eq 0 ]
check "cmp: warm-up of the three together" has '^Benchmarking cmp: Warming up 3 benchmarks for ' "$tmp/err"
check "cmp: rounds of one iteration count" has '^Benchmarking cmp: Collecting rounds of [0-9]+ iterations of 3 benchmarks for ' "$tmp/err"
check "cmp: ratio line for double" has '^ {24}vs cmp/base: [0-9.]+x slower \[[0-9.]+x [0-9.]+x\] \(paired, [0-9]+ rounds\)$' "$tmp/out"
check "cmp: two ratio lines (none for the baseline)" [ "$(grep -c ' vs cmp/base: ' "$tmp/out")" -eq 2 ]
check "cmp: the baseline's block has no ratio" \
  bash -c '! awk "/^cmp\/base /{b=1;next} /^cmp\//{b=0} b" "$1" | grep -q " vs "' _ "$tmp/out"
m=$out/cmp/double/new/metrics.json
check "double: relative block, 2x within noise" jqt "$m" \
  '.relative.to == "cmp/base" and .relative.ratio.point_estimate > 1.4 and .relative.ratio.point_estimate < 2.8
   and .relative.ratio.lower_bound <= .relative.ratio.point_estimate
   and .relative.ratio.point_estimate <= .relative.ratio.upper_bound
   and .relative.ratio.confidence_level == 0.95 and .relative.rounds >= 10
   and .relative.p_value >= 0 and .relative.p_value <= 1'
check "param/400: 4x within noise" jqt "$out/cmp/param/400/new/metrics.json" \
  '.relative.to == "cmp/base" and .relative.ratio.point_estimate > 2.5 and .relative.ratio.point_estimate < 6'
check "base: no relative block" jqt "$out/cmp/base/new/metrics.json" 'has("relative") | not'
check "double: settings recorded" jqt "$m" '.settings.measurement_time == 0.2 and .settings.warm_up_time == 0.05'
rounds=$(jq .relative.rounds "$m")
for b in base double param/400; do
  check "$b: a Flat sample of every round, one iteration count" jqt "$out/cmp/$b/new/sample.json" \
    ".sampling_mode == \"Flat\" and (.iters | length) == $rounds and (.iters | unique | length) == 1"
  check "$b: no change/ on a first run" [ ! -e "$out/cmp/$b/change" ]
  check "$b: saved as the base baseline" [ -f "$out/cmp/$b/base/sample.json" ]
done
check "the members share the iteration count" [ "$(jq -s 'map(.iters[0]) | unique | length' \
  "$out/cmp/base/new/sample.json" "$out/cmp/double/new/sample.json" "$out/cmp/param/400/new/sample.json")" -eq 1 ]
check "console ratio = metrics ratio (rounds)" has "vs cmp/base: .* \\(paired, $rounds rounds\\)" "$tmp/out"
page=$out/cmp/report/index.html
check "group page: the relative table" grep -q '<h2>Relative to cmp/base</h2>' "$page"
check "group page: a row in words" has '>cmp/double</a></td><td>[0-9.]+x slower \[[0-9.]+x [0-9.]+x\]</td><td>[0-9]+</td>' "$page"
check "group page: the baseline row" grep -q '>cmp/base</a></td><td>baseline</td>' "$page"
check "member pages written" [ -s "$out/cmp/double/report/index.html" ]
check "markdown: the relative column" has '^\| cmp/double \| .* \| vs cmp/base: [0-9.]+x slower \[[0-9.]+x [0-9.]+x\] \|$' "$tmp/r.md"
check "markdown: the baseline's cell" has '^\| cmp/base \| .* \| - \|$' "$tmp/r.md"
check "markdown: header" grep -q '| change (mean) | relative (paired) |$' "$tmp/r.md"
check "csv: header" grep -q ',throughput_unit,relative_to,ratio,ratio_lower,ratio_upper' "$tmp/r.csv"
check "csv: the ratio as in metrics.json" grep -q "^cmp/double,.*,cmp/base,$(jq .relative.ratio.point_estimate "$m")," "$tmp/r.csv"

# the second run is compared with the saved base as any benchmark is (change/ stays that
# comparison's), and the ratio comes from the new rounds
run '^cmp/' "${Q[@]}" --message-format json
check "cmp again: exit 0" [ "$rc" -eq 0 ]
check "cmp again: change lines against the saved base" has '^ {24}change: \[' "$tmp/err"
check "cmp again: change/ is the baseline comparison's" jqt "$out/cmp/double/change/estimates.json" 'has("method") | not'
check "cmp again: ratio lines" [ "$(grep -c ' vs cmp/base: ' "$tmp/err")" -eq 2 ]
grep '"benchmark-complete"' "$tmp/out" | grep '"id":"cmp/double"' >"$tmp/msg"
check "JSON message: relative" jqt "$tmp/msg" \
  '.relative.to == "cmp/base" and .relative.ratio.unit == "ratio" and .relative.rounds >= 10
   and .relative.ratio.lower_bound <= .relative.ratio.estimate'
grep '"benchmark-complete"' "$tmp/out" | grep '"id":"cmp/base"' >"$tmp/msg"
check "JSON message: none for the baseline" jqt "$tmp/msg" 'has("relative") | not'
check "JSON message: the group's" has '"reason":"group-complete","group_name":"cmp","benchmarks":\["cmp/base","cmp/double","cmp/param/400"\]' "$tmp/out"

# ---- the filter leaves the baseline out: it runs anyway, with a note --------------------------
rm -rf "$out"
run '^cmp/double$' "${Q[@]}"
check "filtered: exit 0" [ "$rc" -eq 0 ]
check "filtered: the note" grep -qx 'note: cmp/base runs too: it is the baseline of compared group cmp' "$tmp/err"
check "filtered: double compared" jqt "$out/cmp/double/new/metrics.json" '.relative.to == "cmp/base"'
check "filtered: base measured" [ -f "$out/cmp/base/new/estimates.json" ]
check "filtered: param/400 not run" [ ! -e "$out/cmp/param" ]

# ---- a baseline named by its value ------------------------------------------------------------
run '^values/' "${Q[@]}"
check "values: exit 0" [ "$rc" -eq 0 ]
check "values: 200 against 100" jqt "$out/values/200/new/metrics.json" '.relative.to == "values/100"'

# ---- what can go wrong ------------------------------------------------------------------------
run '^nobase/' "${Q[@]}"
check "missing baseline: exit 1" [ "$rc" -eq 1 ]
for b in a b; do
  check "missing baseline: nobase/$b fails, saying why" grep -qx \
    "error: benchmark nobase/$b failed: not run: group nobase is compared with its benchmark 'missing' (crit_group_compare), which it does not register" "$tmp/err"
done
check "missing baseline: nothing written" [ ! -e "$out/nobase" ]

run '^failing/' "${Q[@]}"
check "failing member: exit 1" [ "$rc" -eq 1 ]
check "failing member: reported" grep -qx 'error: benchmark failing/broken failed: it fails on purpose' "$tmp/err"
check "failing member: the others compared" jqt "$out/failing/ok/new/metrics.json" '.relative.to == "failing/base"'
check "failing member: nothing written for it" [ ! -e "$out/failing/broken" ]

run '^skipbase/' "${Q[@]}"
check "skipping baseline: exit 0" [ "$rc" -eq 0 ]
check "skipping baseline: its skip" grep -qx 'skipbase/base: skipped: it skips on purpose' "$tmp/err"
check "skipping baseline: the other skipped" grep -qx 'skipbase/other: skipped: not compared: its baseline skipbase/base skipped itself' "$tmp/err"
check "skipping baseline: nothing written" [ ! -e "$out/skipbase" ]

run '^failbase/' "${Q[@]}"
check "failing baseline: exit 1" [ "$rc" -eq 1 ]
check "failing baseline: the other fails" grep -qx 'error: benchmark failbase/other failed: not compared: its baseline failbase/base failed' "$tmp/err"

run '^cmd/' "${Q[@]}"
check "commands with an argv freed before the group runs: exit 0" [ "$rc" -eq 0 ]
check "commands: sh against true" jqt "$out/cmd/sh/new/metrics.json" '.relative.to == "cmd/true" and .relative.rounds >= 10'

GC_MISUSE=1 run '^(late|twice|noid)/' "${Q[@]}"
check "misuse: exit 1" [ "$rc" -eq 1 ]
check "misuse: too late" grep -qx "error: group late: crit_group_compare must come before the group's first benchmark; setting ignored" "$tmp/err"
check "misuse: twice" grep -qx 'error: group twice: crit_group_compare was called twice; setting ignored' "$tmp/err"
check "misuse: no id" grep -qx "error: group noid: crit_group_compare needs the baseline's id; setting ignored" "$tmp/err"
check "misuse: a late call leaves the group uncompared" jqt "$out/late/a/new/metrics.json" 'has("relative") | not'

# ---- --list, --test: as any group, at registration --------------------------------------------
run --list
check "--list: exit 0" [ "$rc" -eq 0 ]
check "--list: registration order" [ "$(grep '^cmp/' "$tmp/out" | tr '\n' ' ')" = "cmp/base: benchmark cmp/double: benchmark cmp/param/400: benchmark " ]
run '^cmp/' --test
check "--test: exit 0" [ "$rc" -eq 0 ]
check "--test: each member once" [ "$(grep -c '^Success$' "$tmp/out")" -eq 3 ]
rm -rf "$out"
run '^cmp/' --quick --measurement-time 0.2 --nresamples 1000 --noplot --output-dir "$out"
check "--quick: exit 0" [ "$rc" -eq 0 ]
check "--quick: each member alone, quickly, without a ratio" jqt "$out/cmp/double/new/sample.json" \
  '(.iters | length) == 2'
check "--quick: no relative block" jqt "$out/cmp/double/new/metrics.json" 'has("relative") | not'
check "--quick: no ratio line" [ "$(grep -c ' vs ' "$tmp/out")" -eq 0 ]

# ---- --target-precision: stops on the widest member-vs-baseline interval ------------------------
rm -rf "$out"
SECONDS=0
run '^cmp/' --warm-up-time 0.05 --measurement-time 20 --target-precision 0.2 --nresamples 1000 \
  --noplot --output-dir "$out"
check "precision: exit 0" [ "$rc" -eq 0 ]
check "precision: stopped well before the 20 s ceiling" [ "$SECONDS" -lt 15 ]
check "precision: recorded on the members" jqt "$out/cmp/double/new/metrics.json" \
  '.precision.target == 0.2 and .precision.achieved <= 0.2 and .precision.ceiling == false
   and .precision.samples == .relative.rounds'
# ---- only the baseline selected, with a target: nothing to compare, so no target in play ----
run '^cmp/base$' --warm-up-time 0.05 --measurement-time 0.3 --target-precision 0.05 \
  --nresamples 1000 --noplot --output-dir "$tmp/only-base"
check "baseline alone under a target: exit 0" [ "$rc" -eq 0 ]
check "baseline alone: no ceiling note" bash -c "! grep -q 'ran out' '$tmp/err'"
check "baseline alone: files written, no precision block" \
  jqt "$tmp/only-base/cmp/base/new/metrics.json" 'has("precision") | not'

finish
