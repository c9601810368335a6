#!/usr/bin/env bash
# Hostile names and places, refused before anything is measured, and no command left behind
# (issue 13), on tests/fixtures/hostile/prog.c built against the release libcrit.a:
# - benchmark ids with a newline, an escape sequence, invalid UTF-8 or an empty part fail
#   (exit 1) with the id shown escaped, and no directory is made for them;
# - a baseline name over 215 bytes, or with a control character, is refused (exit 2), one of
#   215 bytes is saved; a read-only output directory is refused (exit 2) before measuring;
# - a command benchmark's child dies with the run: kill -9 of the run, and OLD killed by
#   NEW's --against-timeout, leave no `sleep` behind.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # the read-only case runs as nobody when we are root

P=$tmp/prog
crit_program tests/fixtures/hostile/prog.c "$P" || { echo "cannot build the test program"; exit 1; }

out=$tmp/r
Q=(--warm-up-time 0.02 --measurement-time 0.1 --sample-size 10 --nresamples 100 --noplot
   --color never --output-dir "$out")
run() {  # args... -> $rc, $tmp/out, $tmp/err
  "$P" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
has() {  # extended regex, file
  grep -Eq -- "$1" "$2" || { echo "  no match for: $1" >&2; sed 's/^/  | /' "$2" >&2; return 1; }
}
hasnt() { ! grep -Eq -- "$1" "$2" || { echo "  unexpected: $1" >&2; sed 's/^/  | /' "$2" >&2; return 1; }; }

# ---- ids --------------------------------------------------------------------------------------
HOSTILE_IDS=1 run '^ok/' "${Q[@]}"
check "ids: exit 1" [ "$rc" -eq 1 ]
check "ids: the good one ran" has '^ok/add +time: ' "$tmp/out"
check "ids: newline" has '^error: benchmark "ok/new\\x0aline" failed: its function id contains a control character \(U\+000A at offset 3\); ids must be non-empty UTF-8 without control characters$' "$tmp/err"
check "ids: escape" has '^error: benchmark "ok/esc\\x1b\[31mred" failed: its function id contains a control character \(U\+001B at offset 3\)' "$tmp/err"
check "ids: invalid UTF-8" has '^error: benchmark "ok/bad\\xff utf8" failed: its function id is not valid UTF-8 \(byte 0xff at offset 3\)' "$tmp/err"
check "ids: empty function" has '^error: benchmark "ok/" failed: its function id is empty' "$tmp/err"
check "ids: empty value" has '^error: benchmark "ok/f/" failed: its value id is empty' "$tmp/err"
check "ids: empty group" has '^error: benchmark "/f" failed: its group id is empty' "$tmp/err"
check "ids: six failed" has '^error: 6 benchmarks failed$' "$tmp/err"
check "ids: no escape byte reached the terminal" [ "$(tr -d '\n' <"$tmp/err" | tr -d '[:print:]' | wc -c)" -eq 0 ]
check "ids: only ok/add has a directory" [ "$(cd "$out" && find . -mindepth 2 -maxdepth 2 -type d | sort | tr '\n' ' ')" = "./ok/add " ]
run '^ok/' "${Q[@]}"
check "ids: clean program exits 0" [ "$rc" -eq 0 ]

# ---- baseline names and the output directory, before measuring --------------------------------
long=$(printf 'b%.0s' $(seq 216))
run '^ok/' "${Q[@]}" --save-baseline "$long"
check "216-byte name: exit 2" [ "$rc" -eq 2 ]
check "216-byte name: says the limit" has "for --save-baseline: the name is 216 bytes, more than 215 " "$tmp/err"
check "216-byte name: measured nothing" hasnt 'Benchmarking|time:' "$tmp/err"
run '^ok/' "${Q[@]}" --save-baseline "${long:1}"
check "215-byte name: saved" [ "$rc" -eq 0 ] && check "215-byte name: on disk" [ -f "$out/ok/add/${long:1}/sample.json" ]
run '^ok/' "${Q[@]}" --baseline "$(printf 'x\ty')"
check "tab in a name: exit 2" [ "$rc" -eq 2 ]
check "tab in a name: shown escaped" has "^error: invalid value 'x\\\\x09y' for --baseline: the name contains a control character \(U\+0009 at offset 1\)" "$tmp/err"

mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
as_other=()
[ "$(id -u)" -eq 0 ] && as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
t0=$SECONDS
"${as_other[@]}" "$P" '^ok/' "${Q[@]}" --output-dir "$tmp/ro/out" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "read-only output dir: exit 2" [ "$rc" -eq 2 ]
check "read-only output dir: message" has "^error: $tmp/ro/out: cannot create the output directory in $tmp/ro: Permission denied$" "$tmp/err"
check "read-only output dir: measured nothing" hasnt 'Benchmarking|time:' "$tmp/err"
check "read-only output dir: at once" [ $((SECONDS - t0)) -lt 5 ]
"${as_other[@]}" "$P" '^ok/' "${Q[@]}" --output-dir "$tmp/ro" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "read-only existing output dir: exit 2" [ "$rc" -eq 2 ]
check "read-only existing output dir: message" has "^error: $tmp/ro: the output directory is not writable: Permission denied$" "$tmp/err"
chmod 755 "$tmp/ro"
run '^ok/' "${Q[@]}" --output-dir "$tmp/ro/out"
check "output dir made when missing" [ "$rc" -eq 0 ] && check "... with results" [ -f "$tmp/ro/out/ok/add/new/sample.json" ]

# ---- a command's child dies with the run ---------------------------------------------------------
alive() {  # pidfile -> the pids in it still running
  local p
  for p in $(cat "$1" 2>/dev/null); do kill -0 "$p" 2>/dev/null && echo "$p"; done
}
wait_for() {  # seconds, command...: poll until it succeeds
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -ge "$end" ] && return 1; sleep 0.1; done
}
gone() { [ -z "$(alive "$1")" ]; }
export HOSTILE_PIDFILE=$tmp/pids1
HOSTILE_SLEEP=1 "$P" '^cmd/' "${Q[@]}" >/dev/null 2>&1 &
run_pid=$!
check "kill -9: the command started" wait_for 20 test -s "$HOSTILE_PIDFILE"
kill -9 "$run_pid"; wait "$run_pid" 2>/dev/null
check "kill -9 of the run: its command is gone" wait_for 5 gone "$HOSTILE_PIDFILE"
kill -9 $(alive "$HOSTILE_PIDFILE") 2>/dev/null

# OLD (a wrapper that sets HOSTILE_SLEEP) hangs in its command; NEW kills it after 1 s
export HOSTILE_PIDFILE=$tmp/pids2
printf '#!/bin/sh\nHOSTILE_SLEEP=1 exec "%s" "$@"\n' "$P" >"$tmp/old.sh" && chmod +x "$tmp/old.sh"
run '^cmd/' "${Q[@]}" --against "$tmp/old.sh" --against-timeout 1
check "OLD timed out: NEW fails the benchmark" [ "$rc" -eq 1 ]
check "OLD timed out: its command ran" test -s "$HOSTILE_PIDFILE"
check "OLD killed: its command is gone" wait_for 5 gone "$HOSTILE_PIDFILE"
kill -9 $(alive "$HOSTILE_PIDFILE") 2>/dev/null
finish
