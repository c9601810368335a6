#!/usr/bin/env bash
# Runs every tests/conformance/*.py through $CRIT_BIN/minipy (default build/bin) and compares stdout (.out), the exit
# status (.rc) and the last stderr line (.err) with the goldens CPython produced (`make golden`).
# For SyntaxError, IndentationError and TabError only the exception name must match; for every
# other error the whole line must. Then checks the CLI's own behaviour (options, exit statuses).
# Prints one line per failure and a final count; exits 1 on any mismatch. Needs no Python.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
minipy="${MINIPY:-$root/${CRIT_BIN:-build/bin}/minipy}"
dir="$root/tests/conformance"
[ -x "$minipy" ] || { echo "conformance: $minipy not built"; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minipy-conf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

failed() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

cd "$dir" || exit 2
for py in *.py; do
  name=${py%.py}
  timeout 20 "$minipy" "$py" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  want_rc=$(cat "$name.rc" 2>/dev/null || echo missing)
  got_err=$(tail -n 1 "$tmp/err")
  want_err=$(cat "$name.err" 2>/dev/null)
  if [ "$rc" != "$want_rc" ]; then
    failed "$name" "exit status $rc, want $want_rc (stderr: $got_err)"; continue
  fi
  if ! cmp -s "$tmp/out" "$name.out"; then
    failed "$name" "stdout differs: $(diff "$name.out" "$tmp/out" | head -4 | tr '\n' ' ')"; continue
  fi
  case "${want_err%%:*}" in
    SyntaxError|IndentationError|TabError) got_cmp=${got_err%%:*}; want_cmp=${want_err%%:*} ;;
    *) got_cmp=$got_err; want_cmp=$want_err ;;
  esac
  if [ "$got_cmp" != "$want_cmp" ]; then
    failed "$name" "last stderr line '$got_err', want '$want_err'"; continue
  fi
  pass=$((pass + 1))
done

# The command line itself.
check() {  # name, expected status, command...
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
  local rc=$?
  if [ "$rc" = "$want" ]; then pass=$((pass + 1)); else failed "cli/$name" "exit status $rc, want $want"; fi
}
check version 0 "$minipy" --version
check help 0 "$minipy" --help
check dash_c 0 "$minipy" -c 'print(1)'
check dash_c_missing_arg 2 "$minipy" -c
check unknown_option 2 "$minipy" --bogus
check missing_file 2 "$minipy" "$tmp/no-such-file.py"
check dis 0 "$minipy" --dis "$dir/recursion_fib.py"
check runtime_error 1 "$minipy" -c '1/0'
out=$(printf 'print(6 * 7)\n' | "$minipy")
if [ "$out" = "42" ]; then pass=$((pass + 1)); else failed cli/stdin "got '$out'"; fi
out=$(printf 'print(6 * 7)\n' | "$minipy" -)
if [ "$out" = "42" ]; then pass=$((pass + 1)); else failed cli/stdin_dash "got '$out'"; fi
err=$("$minipy" "$tmp/no-such-file.py" 2>&1)
case "$err" in *"No such file or directory"*) pass=$((pass + 1)) ;; *) failed cli/missing_file_message "got '$err'" ;; esac
out=$("$minipy" -c 'print("a")
print(1 // 0)' 2>"$tmp/err")
if [ "$out" = "a" ] && [ "$(head -n 1 "$tmp/err")" = "Traceback (most recent call last):" ]; then
  pass=$((pass + 1)); else failed cli/traceback "stdout '$out', stderr $(head -n 1 "$tmp/err")"; fi

echo "conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
