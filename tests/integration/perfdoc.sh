#!/usr/bin/env bash
# perfdoc: the fixture results render to the golden Markdown byte for byte; prose outside the
# markers is kept; a second run changes nothing; the file is replaced atomically; broken
# markers (exit 1), bad command lines (exit 2) and unusable results (exit 1) fail with one
# error line and write nothing; a malformed results file is named and its benchmark skipped.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
fx=tests/fixtures/perfdoc
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pd() { "$BIN/perfdoc" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; }
lines() { wc -l <"$1"; }
# The document with every generated region emptied (marker lines kept).
prose() { awk '/^[ \t]*<!-- perfdoc:begin /{print; skip=1; next} /^[ \t]*<!-- perfdoc:end /{skip=0} !skip' "$1"; }

# ---- the golden file --------------------------------------------------------------------
cp "$fx/input.md" "$tmp/doc.md"
pd --results "$fx/results" --gates "$fx/gates.json" --out "$tmp/doc.md"
check "fixture: exit 0" [ $? -eq 0 ]
check "fixture: nothing on stderr" [ ! -s "$tmp/stderr" ]
check "fixture: one status line" grep -q "doc.md updated (27 benchmarks, 0 skipped)" "$tmp/stdout"
check "fixture: matches the golden file" diff -u "$fx/expected.md" "$tmp/doc.md"
check "prose outside the markers is byte-identical" cmp <(prose "$fx/input.md") <(prose "$tmp/doc.md")
check "the missing final newline stays missing" [ "$(tail -c 1 "$tmp/doc.md")" = "." ]

cp "$tmp/doc.md" "$tmp/first.md"
inode=$(stat -c %i "$tmp/doc.md")
pd --results "$fx/results" --gates "$fx/gates.json" --out "$tmp/doc.md"
check "second run: exit 0" [ $? -eq 0 ]
check "second run: identical bytes" cmp "$tmp/first.md" "$tmp/doc.md"
check "second run: reports up to date" grep -q "is up to date" "$tmp/stdout"
check "second run: file left alone" [ "$(stat -c %i "$tmp/doc.md")" = "$inode" ]

# ---- atomic replacement -----------------------------------------------------------------
cp "$fx/input.md" "$tmp/atomic.md"
chmod 640 "$tmp/atomic.md"
ln "$tmp/atomic.md" "$tmp/atomic.link"
pd --results "$fx/results" --gates "$fx/gates.json" --out "$tmp/atomic.md"
check "atomic: exit 0" [ $? -eq 0 ]
check "atomic: new bytes under the name" cmp "$fx/expected.md" "$tmp/atomic.md"
check "atomic: the old inode still holds the old bytes (rename, not rewrite)" \
    cmp "$fx/input.md" "$tmp/atomic.link"
check "atomic: permission bits kept" [ "$(stat -c %a "$tmp/atomic.md")" = 640 ]
check "atomic: no temporary left" [ -z "$(find "$tmp" -name '.*.tmp.*')" ]
pd --results "$fx/results" --out "$tmp/no/such/dir/doc.md"
check "unwritable output: exit 1" [ $? -eq 1 ]
check "unwritable output: one error line" grep -q "^perfdoc: error: .*no/such/dir/doc.md" "$tmp/stderr"

# ---- a missing output file gets the skeleton --------------------------------------------
(umask 022; "$BIN/perfdoc" --results "$fx/results" --out "$tmp/new.md" >"$tmp/stdout" 2>"$tmp/stderr")
check "skeleton: exit 0" [ $? -eq 0 ]
check "skeleton: reports created" grep -q "new.md created" "$tmp/stdout"
check "skeleton: every heading and marker pair" bash -c 'for s in Methodology Results Breakdown \
    Comparison Variance Gates Reproduction; do n=$(echo "$s" | tr A-Z a-z); grep -qx "## $s" "$1" &&
    grep -qx "<!-- perfdoc:begin $n -->" "$1" && grep -qx "<!-- perfdoc:end $n -->" "$1" || exit 1; done' _ "$tmp/new.md"
check "skeleton: Gates comes before Reproduction" \
    [ "$(grep -n '^## Gates' "$tmp/new.md" | cut -d: -f1)" -lt "$(grep -n '^## Reproduction' "$tmp/new.md" | cut -d: -f1)" ]
check "skeleton: mode follows the umask" [ "$(stat -c %a "$tmp/new.md")" = 644 ]
check "no --gates: says the gates were not evaluated" grep -q "gates were not evaluated.*make perfdoc" "$tmp/new.md"
pd --results "$fx/results" --out "$tmp/new.md"
check "skeleton: second run is up to date" grep -q "is up to date" "$tmp/stdout"

# ---- $CRIT_HOME is the default results directory ----------------------------------------
mkdir "$tmp/home" && cp "$fx/input.md" "$tmp/home/PERFORMANCE.md"
abs_bin=$(cd "$BIN" && pwd) abs_fx=$(pwd)/$fx
(cd "$tmp/home" && CRIT_HOME="$abs_fx/results" "$abs_bin/perfdoc" --gates "$abs_fx/gates.json" >/dev/null 2>&1)
check "CRIT_HOME and PERFORMANCE.md are the defaults" cmp "$fx/expected.md" "$tmp/home/PERFORMANCE.md"

# ---- broken markers: exit 1, one line naming the problem, file untouched ---------------
broken() {  # description, needle, sed script
    sed "$3" "$fx/input.md" >"$tmp/broken.md"
    cp "$tmp/broken.md" "$tmp/broken.orig"
    pd --results "$fx/results" --out "$tmp/broken.md"
    local rc=$?
    check "$1: exit 1" [ $rc -eq 1 ]
    check "$1: one stderr line" [ "$(lines "$tmp/stderr")" -eq 1 ]
    check "$1: names file, line and problem" grep -q "^perfdoc: error: .*broken.md:[0-9]*: .*$2" "$tmp/stderr"
    check "$1: nothing on stdout" [ ! -s "$tmp/stdout" ]
    check "$1: file untouched" cmp "$tmp/broken.orig" "$tmp/broken.md"
}
broken "missing end" "'gates' inside 'variance'" '/perfdoc:end variance/d'
broken "end without begin" "end marker for 'comparison' without a begin" '/perfdoc:begin comparison/d'
broken "second begin" "second begin marker for 'results'" '/perfdoc:end results/a <!-- perfdoc:begin results -->'
broken "unknown name" "unknown section 'gate'" 's/perfdoc:begin gates/perfdoc:begin gate/'
broken "malformed marker" "malformed marker" 's/perfdoc:end reproduction -->/perfdoc:end reproduction/'
broken "last end missing" "'reproduction' has no end marker" '/perfdoc:end reproduction/d'
sed '/perfdoc:[a-z]* gates/d' "$fx/input.md" >"$tmp/nogates.md"
cp "$tmp/nogates.md" "$tmp/nogates.orig"
pd --results "$fx/results" --out "$tmp/nogates.md"
check "missing pair: exit 1" [ $? -eq 1 ]
check "missing pair: one line naming the section" \
    bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "nogates.md: no marker pair for section .gates." "$1"' _ "$tmp/stderr"
check "missing pair: file untouched" cmp "$tmp/nogates.orig" "$tmp/nogates.md"

# ---- bad command lines: exit 2, one line, nothing written -------------------------------
usage() {  # needle, args...
    local needle=$1; shift
    rm -f "$tmp/u.md"
    pd "$@"
    local rc=$?
    check "exit 2 for: $*" [ $rc -eq 2 ]
    check "one error line naming '$needle' for: $*" \
        bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q -- "^perfdoc: error: .*$2" "$1"' _ "$tmp/stderr" "$needle"
    check "nothing written for: $*" [ ! -e "$tmp/u.md" ]
}
usage "unknown option '--bogus'" --bogus --out "$tmp/u.md"
usage "--results needs a non-empty value" --out "$tmp/u.md" --results
usage "--results needs a non-empty value" --results= --out "$tmp/u.md"
usage "--gates needs a non-empty value" --out "$tmp/u.md" --gates ""
usage "unexpected argument 'extra'" --out "$tmp/u.md" extra
mkdir "$tmp/helpdir"
(cd "$tmp/helpdir" && "$abs_bin/perfdoc" --help >"$tmp/help" 2>&1)
check "--help: exit 0" [ $? -eq 0 ]
check "--help: lists every option" bash -c 'for o in --results --gates --out --help CRIT_HOME; do
    grep -q -- "$o" "$1" || exit 1; done' _ "$tmp/help"
check "--help: writes nothing" [ -z "$(ls -A "$tmp/helpdir")" ]

# ---- unusable results: exit 1, a clear line, nothing written ----------------------------
pd --results "$tmp/nope" --out "$tmp/m.md"
check "missing results dir: exit 1" [ $? -eq 1 ]
check "missing results dir: one line naming it" \
    grep -q "^perfdoc: error: results directory $tmp/nope: No such file or directory" "$tmp/stderr"
check "missing results dir: nothing written" [ ! -e "$tmp/m.md" ]
mkdir "$tmp/empty" && echo "readme" >"$tmp/empty/README.md"
cp "$fx/expected.md" "$tmp/keep.md"
pd --results "$tmp/empty" --out "$tmp/keep.md"
check "no benchmarks: exit 1" [ $? -eq 1 ]
check "no benchmarks: says so" grep -q "^perfdoc: error: no readable benchmark under $tmp/empty" "$tmp/stderr"
check "no benchmarks: tables kept" cmp "$fx/expected.md" "$tmp/keep.md"

# ---- malformed files: named on stderr, that benchmark skipped, the rest rendered --------
cp -r "$fx/results" "$tmp/res"
printf '{"schema_version":1,"cv":' >"$tmp/res/vm_simple/new/metrics.json"
jq -c '.mean.point_estimate="fast"' "$fx/results/lexer_simple/new/estimates.json" \
    >"$tmp/res/lexer_simple/new/estimates.json"
rm "$tmp/res/format_simple/new/metrics.json"
pd --results "$tmp/res" --gates "$fx/gates.json" --out "$tmp/mal.md"
check "malformed: exit 0" [ $? -eq 0 ]
check "malformed: three warnings" [ "$(lines "$tmp/stderr")" -eq 3 ]
check "malformed: names the truncated file" \
    grep -q "^perfdoc: warning: $tmp/res/vm_simple/new/metrics.json: not valid JSON.*skipping benchmark vm_simple" "$tmp/stderr"
check "malformed: names the wrong key" \
    grep -q "^perfdoc: warning: $tmp/res/lexer_simple/new/estimates.json: 'mean.point_estimate' is not a finite number; skipping" "$tmp/stderr"
check "malformed: a missing metrics.json keeps the benchmark" \
    grep -q "format_simple/new/metrics.json: No such file or directory; showing format_simple without its metrics" "$tmp/stderr"
check "malformed: counted as skipped" grep -q "(25 benchmarks, 2 skipped)" "$tmp/stdout"
check "malformed: skipped rows are gone" bash -c '! grep -q "^| vm_simple |" "$1" && ! grep -q "^| lexer_simple |" "$1"' _ "$tmp/mal.md"
check "malformed: the breakdown says not measured" grep -q "^| vm | vm_simple | not measured | — |" "$tmp/mal.md"
check "malformed: other rows still rendered" grep -q "^| vm/simple | \[7.7178 ns 7.7488 ns 7.7798 ns\]" "$tmp/mal.md"
check "malformed: no metrics means no outliers column" grep -q "^| format_simple | .* | 1.80 % | — | — | — |$" "$tmp/mal.md"

# ---- the breakdown shows a negative remainder as is, and a missing cold start -----------
cp -r "$fx/results" "$tmp/neg"
jq -c '.mean.point_estimate=50 | .mean.confidence_interval.lower_bound=49 | .mean.confidence_interval.upper_bound=51' \
    "$fx/results/cold_start_simple/new/estimates.json" >"$tmp/neg/cold_start_simple/new/estimates.json"
pd --results "$tmp/neg" --out "$tmp/neg.md"
check "negative other: exit 0" [ $? -eq 0 ]
check "negative other: shown as is" grep -q "^| other (reset, glue) | cold start − stages | -37.443 ns | -74.9 % |$" "$tmp/neg.md"
rm -r "$tmp/neg/cold_start_simple"
pd --results "$tmp/neg" --out "$tmp/neg.md"
check "no cold start: one line says so" grep -q '^`cold_start_simple` was not measured' "$tmp/neg.md"
check "no cold start: comparison row not measured" \
    grep -q "^| in-process | cpython_pure_execution | 21.400 µs | cold_start_simple | not measured | — | — | — |$" "$tmp/neg.md"

# ---- gates: missing file quietly unevaluated, malformed file named ----------------------
pd --results "$fx/results" --gates "$tmp/none.json" --out "$tmp/g.md"
check "missing gates file: exit 0, no warning" bash -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' _ $? "$tmp/stderr"
check "missing gates file: not evaluated" grep -q "gates were not evaluated" "$tmp/g.md"
echo '{"id":"AC1"}' >"$tmp/bad-gates.json"
pd --results "$fx/results" --gates "$tmp/bad-gates.json" --out "$tmp/g.md"
check "malformed gates file: named on stderr" grep -q "^perfdoc: warning: gates file $tmp/bad-gates.json: not a JSON array" "$tmp/stderr"
check "malformed gates file: not evaluated" grep -q "gates were not evaluated" "$tmp/g.md"
# ---- instruction counts (bench --measure instructions) join the breakdown -------------------
cp -r "$fx/results" "$tmp/ires"
mkdir -p "$tmp/ires/lexer/simple/instructions/new" "$tmp/ires/vm/simple/instructions/new"
echo '{"measurement":"instructions","iters":[16,32],"per_iter":{"instructions":240}}' \
  >"$tmp/ires/lexer/simple/instructions/new/instructions.json"
echo '{"measurement":"instructions","iters":[16,32],"per_iter":{"instructions":"many"}}' \
  >"$tmp/ires/vm/simple/instructions/new/instructions.json"
cp "$fx/input.md" "$tmp/idoc.md"
pd --results "$tmp/ires" --gates "$fx/gates.json" --out "$tmp/idoc.md"
check "instructions: exit 0" [ $? -eq 0 ]
check "instructions: the table's heading" grep -q '^Instructions per iteration of the same groups' "$tmp/idoc.md"
check "instructions: the count in the simple row, dashes elsewhere" \
  grep -qF '| simple | 240 | — | — | — | — | — |' "$tmp/idoc.md"
check "instructions: a malformed count is a warning naming the file" \
  grep -q "vm/simple/instructions/new/instructions.json: per_iter.instructions is not a count" "$tmp/stderr"
check "instructions: without counts the document is the golden one" diff -q "$fx/expected.md" "$tmp/doc.md"

finish
