#!/usr/bin/env bash
# Every tests/conformance/*.py under valgrind's memcheck (`make memcheck`, part of `make check`):
# no memory error, no definite leak, and the exit status and stdout the goldens expect (so a
# program valgrind slows past its limits is noticed). Runs $(nproc) programs at a time and
# prints one line per failure and a final count; exits 1 on any. valgrind cannot run a
# sanitizer build: it checks build/bin/minipy (MINIPY overrides).
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
minipy="${MINIPY:-$root/build/bin/minipy}"
dir="$root/tests/conformance"
[ -x "$minipy" ] || { echo "memcheck: $minipy not built"; exit 2; }
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed"; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minipy-memcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export minipy dir tmp

one() {  # program name (no .py) -> "ok NAME" or "FAIL NAME: why"
  local name=$1 log="$tmp/$1.vg" rc want
  (cd "$dir" && timeout 300 valgrind --quiet --error-exitcode=99 --leak-check=full \
     --errors-for-leak-kinds=definite --track-origins=yes --log-file="$log" \
     "$minipy" "$name.py" >"$tmp/$name.out" 2>"$tmp/$name.err")
  rc=$?
  want=$(cat "$dir/$name.rc" 2>/dev/null || echo missing)
  if [ -s "$log" ]; then
    echo "FAIL $name: valgrind: $(grep -m3 -E '==[0-9]+== [A-Z]' "$log" | tr '\n' ' ')"
  elif [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit status $rc, want $want"
  elif ! cmp -s "$tmp/$name.out" "$dir/$name.out"; then
    echo "FAIL $name: stdout differs from the golden"
  else
    echo "ok $name"
  fi
}
export -f one
(cd "$dir" && ls -- *.py) | sed 's/\.py$//' |
  xargs -P "$(nproc)" -I{} bash -c 'one "$1"' _ {} >"$tmp/results"
pass=$(grep -c '^ok ' "$tmp/results")
fail=$(grep -c '^FAIL ' "$tmp/results")
grep '^FAIL ' "$tmp/results"
echo "memcheck: $pass programs clean, $fail failed (valgrind $(valgrind --version | sed 's/valgrind-//'))"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
