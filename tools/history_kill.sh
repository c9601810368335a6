#!/usr/bin/env bash
# history_kill.sh: kills `bench --record` with SIGKILL at random moments, KILLS times (each
# run lives 0 to 2 times a whole run's duration, so some kills land while it records and
# some runs finish), then checks that the history database is intact (PRAGMA
# integrity_check), that crit-history reads it, and that every run it holds is whole (both
# calibration results). Used with --kills 5 by tests/integration/history.sh; the acceptance
# figure is --kills 20.
#
#   tools/history_kill.sh [--kills N] [--bin DIR] [--db FILE]
#
# Exit 0 when the database holds whole runs only; 1 otherwise.
set -u
kills=20 bin=build/bin db=""
while [ $# -gt 0 ]; do
  case $1 in
    --kills) kills=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    *) echo "usage: $0 [--kills N] [--bin DIR] [--db FILE]" >&2; exit 2 ;;
  esac
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=${db:-$tmp/kill.sqlite}
args=(--warm-up-time 0.02 --measurement-time 0.05 --sample-size 10 --nresamples 200 --noplot
      --quiet --output-dir "$tmp/results" --record="$db")
# one whole run first: it sets how long a run lives
t0=$(date +%s%N)
"$bin/bench" '^calibration' "${args[@]}" >/dev/null 2>&1 || { echo "history_kill: bench failed" >&2; exit 1; }
run_ms=$((($(date +%s%N) - t0) / 1000000))
killed=0 finished=1
for _ in $(seq 1 "$kills"); do
  "$bin/bench" '^calibration' "${args[@]}" >/dev/null 2>&1 &
  pid=$!
  delay=$((RANDOM % (run_ms * 2 + 1)))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  [ $? -eq 0 ] && finished=$((finished + 1))
done
ok=$(sqlite3 -batch "$db" 'PRAGMA integrity_check')
runs=$(sqlite3 -batch "$db" 'SELECT count(*) FROM runs')
partial=$(sqlite3 -batch "$db" 'SELECT count(*) FROM runs r WHERE
  (SELECT count(*) FROM results s WHERE s.run_id = r.run_id) <> 2')
"$bin/crit-history" --db "$db" list >/dev/null 2>"$tmp/err"
list_rc=$?
echo "history_kill: $kills attempts in a run of ${run_ms} ms: $killed killed, $finished runs whole" \
  "($runs in the database), $partial partial, integrity: $ok, crit-history list: exit $list_rc"
[ "$ok" = ok ] && [ "$partial" -eq 0 ] && [ "$runs" -ge "$finished" ] &&
  [ "$runs" -le $((finished + killed)) ] && [ $list_rc -eq 0 ]
