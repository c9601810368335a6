#!/usr/bin/env bash
# minipy_sigint: Ctrl-C as CPython handles it. SIGINT during a loop flushes what the program
# printed, writes the traceback ending in KeyboardInterrupt (naming the loop's line) and kills
# minipy by SIGINT (status 130 here); a SIGINT that was ignored when minipy started (a background
# job without job control, nohup) stays ignored.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/spin.py" <<'PY'
print("started")
def spin():
    i = 0
    while i >= 0:
        i = i + 1
spin()
PY
set -m # job control: a background job keeps SIGINT's default disposition
"$BIN/minipy" "$tmp/spin.py" > "$tmp/out" 2> "$tmp/err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
set +m
check "SIGINT: killed by SIGINT (status 130, got $rc)" [ "$rc" -eq 130 ]
check "SIGINT: the output printed before it is flushed" [ "$(cat "$tmp/out")" = started ]
check "SIGINT: the traceback names the loop and ends in KeyboardInterrupt" \
  [ "$(cat "$tmp/err")" = "Traceback (most recent call last):
  File \"$tmp/spin.py\", line 6, in <module>
    spin()
  File \"$tmp/spin.py\", line 4, in spin
    while i >= 0:
KeyboardInterrupt" ]
# without job control the shell starts the background job with SIGINT ignored
"$BIN/minipy" "$tmp/spin.py" > /dev/null 2>&1 &
pid=$!
sleep 1
kill -INT "$pid"
sleep 0.3
check "SIGINT ignored at start stays ignored" kill -0 "$pid"
kill -TERM "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
finish
