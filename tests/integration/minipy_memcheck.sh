#!/usr/bin/env bash
# minipy_memcheck: minipy under valgrind's memcheck on the string operations that build a string
# and then fill it (concatenation, repetition, str.join): no error, exact output. Issue 13 found
# py_utf8_count reading the uninitialised bytes of such strings (13 of the corpus programs).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
minipy=$(valgrind_bin minipy)
cat > "$tmp/strings.py" <<'PY'
a = "ab" + "cé"
b = "xy" * 3
c = "-".join(["p", "q", a])
print(a, b, c, len(a), len(c))
PY
memcheck() { valgrind --quiet --error-exitcode=99 --track-origins=yes "$@"; }
memcheck "$minipy" "$tmp/strings.py" > "$tmp/out" 2> "$tmp/err"
rc=$?
check "memcheck: minipy exits 0 with no error (rc $rc)" [ "$rc" -eq 0 ]
check "memcheck: nothing on stderr" [ ! -s "$tmp/err" ]
check "memcheck: the output is CPython's" [ "$(cat "$tmp/out")" = "abcé xyxyxy p-q-abcé 4 8" ]
[ -s "$tmp/err" ] && head -20 "$tmp/err" >&2
finish
