#!/usr/bin/env bash
# History (bench --record, crit-history; docs/results-format.md, "History"): recording runs,
# list, show in every format, import twice without duplicates, the report and check on a
# fixture database with a known step (built with the sqlite3 CLI), A/A-like flat history,
# databases that are not ours (text file, FIFO: no hang, newer schema), usage errors, and
# runs killed at random moments leaving whole runs only.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
H=$BIN/crit-history
quick=(--warm-up-time 0.05 --measurement-time 0.1 --sample-size 10 --nresamples 500 --noplot
       --quiet --output-dir "$tmp/results")

run() {  # args... -> $rc, $tmp/out, $tmp/err
  timeout 20 "$H" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
has() { grep -Eq -- "$1" "$2" || { echo "  no '$1' in $2:" >&2; head -c 600 "$2" | sed 's/^/  | /' >&2; return 1; }; }
sql() { sqlite3 -batch "$@"; }

# ---- record, list, show ----------------------------------------------------------------------
db=$tmp/h/history.sqlite
for rev in aaaa bbbb; do
  CRIT_GIT_REVISION=$rev CRIT_GIT_BRANCH=main CRIT_GIT_DIRTY=1 \
    "$BIN/bench" '^calibration' "${quick[@]}" --record="$db" >"$tmp/bench.out" 2>&1
  check "record $rev: bench exit 0" [ $? -eq 0 ]
done
check "record: the run is announced" has '^history: run [0-9T.]+Z-[0-9a-f]{32} \(2 results\) recorded in ' "$tmp/bench.out"
run --db "$db" list
check "list: exit 0" [ "$rc" -eq 0 ]
check "list: two runs of two results" [ "$(grep -cE ' main +[^ ]+ +2$' "$tmp/out")" -eq 2 ]
check "list: commit with its dirty flag" has 'bbbb\+dirty' "$tmp/out"
check "list: oldest first" [ "$(grep -o 'aaaa+dirty\|bbbb+dirty' "$tmp/out" | tr '\n' ' ')" = "aaaa+dirty bbbb+dirty " ]
run --db "$db" benchmarks
check "benchmarks: both ids" [ "$(cat "$tmp/out")" = "$(printf 'calibration/chain1000\ncalibration/empty')" ]
run --db "$db" show calibration/chain1000
check "show: table" has '^run +date +commit +host +typical \[lower upper\]' "$tmp/out"
check "show: two rows" [ "$(grep -c 'bbbb+dirty\|aaaa+dirty' "$tmp/out")" -eq 2 ]
run --db "$db" show calibration/chain1000 --format csv
check "show csv: header and two rows" [ "$(wc -l <"$tmp/out")" -eq 3 ]
check "show csv: columns" has '^bench,run_id,date,commit,dirty,branch,host,measure,typical_kind,' "$tmp/out"
check "show csv: throughput recorded" [ -n "$(awk -F, 'NR == 2 { print $26 }' "$tmp/out")" ]
run --db "$db" --format json show calibration/chain1000
check "show json: valid, two points" jqt "$tmp/out" '(.points | length) == 2 and .bench == "calibration/chain1000"'
check "show json: typical within its interval" jqt "$tmp/out" \
  'all(.points[]; .typical_lower <= .typical and .typical <= .typical_upper and .dirty == true and .typical_kind == "slope" and .sample_size == 10)'
run --db "$db" show calibration/chain1000 --format markdown
check "show markdown: table" has '^\| run \| date \|' "$tmp/out"
check "show markdown: separator" has '^\| --- \|' "$tmp/out"
run --db "$db" show no/such
check "show unknown benchmark: exit 1, named" [ "$rc" -eq 1 ] && has "no run recorded benchmark 'no/such'" "$tmp/err"

# ---- import ----------------------------------------------------------------------------------
db2=$tmp/other.sqlite
CRIT_GIT_REVISION=cccc "$BIN/bench" '^calibration/empty$' "${quick[@]}" --record="$db2" >/dev/null 2>&1
run --db "$db" import "$db2"
check "import: one run" [ "$rc" -eq 0 ] && has '^imported 1 run from ' "$tmp/out"
run --db "$db" import "$db2"
check "import again: nothing" [ "$rc" -eq 0 ] && has '^imported 0 runs from ' "$tmp/out"
run --db "$db" list
check "import: three runs, no duplicate" [ "$(grep -c 'Z-[0-9a-f]\{32\}' "$tmp/out")" -eq 3 ]
run --db "$db" import "$tmp/none.sqlite"
check "import of a missing file: exit 1, named" [ "$rc" -eq 1 ] && has "none.sqlite: no such file" "$tmp/err"

# ---- a fixture with a known step: report and check -------------------------------------------
fx=$tmp/fixture.sqlite
: >"$fx" && run --db "$fx" list   # an empty file is an empty database: given the schema
fixture() {  # db, bench, step (added after run 20 of 40), host
  sql "$1" "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 39)
    INSERT OR IGNORE INTO runs (run_id, date, git_commit, git_dirty, git_branch, host, cpu_model,
      cores, governor, kernel, compiler, flags, build_mode, seed, recorded_by)
    SELECT printf('fx-%s-%02d', '$4', n), printf('2026-01-01T00:%02d:00Z', n), printf('f%02d', n),
      0, 'main', '$4', 'cpu', 1, 'g', 'k', 'cc', '-O2', 'release', 1, 'fixture' FROM i;
    WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 39)
    INSERT INTO results (run_id, bench, measure, position, group_id, typical_kind, typical,
      typical_lower, typical_upper, mean)
    SELECT printf('fx-%s-%02d', '$4', n), '$2', 'time', 0, 'fixture', 'mean', v, v * 0.99,
      v * 1.01, v FROM (SELECT n, 100.0 + (CASE WHEN n < 20 THEN 0 ELSE $3 END)
      + ((n * 37) % 11 - 5) * 0.2 AS v FROM i);"
}
fixture "$fx" fixture/step 30 hostA
fixture "$fx" fixture/flat 0 hostA
run --db "$fx" check
check "check: exit 3 on the step" [ "$rc" -eq 3 ]
check "check: names the benchmark, the commit and the step" \
  has '^regression: fixture/step \(hostA, time\): \+(29|30)\.[0-9]% since commit f20 \(run 21 of 40' "$tmp/out"
check "check: only that one" [ "$(grep -c '^regression:' "$tmp/out")" -eq 1 ]
run --db "$fx" report --output-dir "$tmp/report"
check "report: exit 0" [ "$rc" -eq 0 ] && has '^report: 2 benchmarks in ' "$tmp/out"
check "report: index and pages" [ -s "$tmp/report/index.html" ] && [ -s "$tmp/report/001-fixture_step.html" ]
svg=$tmp/report/001-fixture_step.time.svg
check "report: the trend SVG" has '<svg xmlns="http://www.w3.org/2000/svg"' "$svg"
check "report: change point marked with its commit and step" has 'f20 \+(29|30)\.[0-9]%' "$svg"
check "report: change point line" has 'stroke="#d62728"[^>]*stroke-dasharray' "$svg"
check "report: the flat series has no change point" bash -c "! grep -q 'stroke-dasharray' '$tmp/report/000-fixture_flat.time.svg'"
check "report: page links the SVG" has 'src="001-fixture_step.time.svg"' "$tmp/report/001-fixture_step.html"
check "report: index marks the regression" has 'class="slower">regressed' "$tmp/report/index.html"
flat=$tmp/flat.sqlite
: >"$flat" && run --db "$flat" list && fixture "$flat" fixture/flat 0 hostA
run --db "$flat" check
check "check on flat history: exit 0" [ "$rc" -eq 0 ] && has ' 0 regressions at the newest run$' "$tmp/out"
# an improvement is not a regression
fixture "$flat" fixture/faster -20 hostB
run --db "$flat" check
check "check on an improvement: exit 0" [ "$rc" -eq 0 ]

# ---- not ours --------------------------------------------------------------------------------
echo "just text, not a database, but long enough for SQLite to read a header from it......" >"$tmp/text.sqlite"
run --db "$tmp/text.sqlite" list
check "text file: exit 1, named" [ "$rc" -eq 1 ] && has "text.sqlite: .*not a database" "$tmp/err"
mkfifo "$tmp/fifo.sqlite"
run --db "$tmp/fifo.sqlite" list
check "FIFO: exit 1 without hanging" [ "$rc" -eq 1 ] && has 'fifo.sqlite: not a regular file' "$tmp/err"
"$BIN/bench" '^calibration/empty$' "${quick[@]}" --record="$tmp/fifo.sqlite" >"$tmp/b.out" 2>&1
check "bench --record on a FIFO: exit 2 before measuring" [ $? -eq 2 ] && has 'not a regular file' "$tmp/b.out"
cp "$db" "$tmp/newer.sqlite" && sql "$tmp/newer.sqlite" 'PRAGMA user_version = 99'
run --db "$tmp/newer.sqlite" list
check "newer schema: exit 1, refused" [ "$rc" -eq 1 ] && has 'schema version 99 is newer than this crit' "$tmp/err"
run --db "$tmp/missing.sqlite" list
check "missing database: exit 1" [ "$rc" -eq 1 ] && has 'missing.sqlite: no such file' "$tmp/err"

# ---- usage -----------------------------------------------------------------------------------
for args in "" "frobnicate" "show" "--db $db show a b" "--format xml show x" "--threshold 2 check" "--bogus list"; do
  # shellcheck disable=SC2086
  run $args
  check "usage '$args': exit 2" [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ]
done
run --help
check "--help: exit 0" [ "$rc" -eq 0 ] && has '^Exit status: 0 ok; 1 error' "$tmp/out"
"$BIN/bench" --record= >/dev/null 2>&1
check "bench --record=: exit 2" [ $? -eq 2 ]
"$BIN/bench" --list --record >/dev/null 2>&1
check "bench --list --record: exit 2" [ $? -eq 2 ]

# ---- killed runs leave whole runs only (tools/history_kill.sh does 20) ------------------------
check "5 kills: whole runs only" tools/history_kill.sh --kills 5 --bin "$BIN" --db "$tmp/kill.sqlite"

finish
