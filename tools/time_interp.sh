#!/usr/bin/env bash
# tools/time_interp.sh: times minipy against /usr/bin/python3, lua5.4 and luajit -joff (LuaJIT's
# interpreter, JIT off) on the same programs, side by side in one run (best of N wall-clock runs
# each, in milliseconds). A Lua that is not installed is noted once and its columns show '-'.
# Usage: tools/time_interp.sh [RUNS]   (build first: make)
set -u
runs=${1:-5}
root="$(cd "$(dirname "$0")/.." && pwd)"
minipy="$root/build/bin/minipy"
progs="$root/tools/programs" # the programs, in Python and in Lua
tmp=$(mktemp -d "${TMPDIR:-/tmp}/time-interp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

best_ms() {  # command... -> best wall time in ms over $runs runs
  local best=999999999 t0 t1 ms
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000 ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

# ---- per-stage cost of "2 + 3" on a reused state (a throwaway C program linked with libpy) ----
cat > "$tmp/stages.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "py.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
#define N 2000000
#define TIME(label, stmt) do { double best = 1e30; for (int r = 0; r < 5; r++) { double t0 = now(); \
    for (int i = 0; i < N; i++) { stmt; } double ns = (now() - t0) / N; if (ns < best) best = ns; } \
    printf("  %-34s %8.1f ns\n", label, best); } while (0)
int main(void) {
    const char *src = "2 + 3";
    size_t n = strlen(src), len;
    const char *text;
    py_value v;
    py_state *s = py_state_new();
    if (py_run(s, src, n, &v) || py_format(s, v, 1, &text, &len) || v.as.i != 5) return 1;
    py_alloc_stats a0, a1;
    py_state_alloc_stats(s, &a0);
    for (int i = 0; i < 1000; i++) { py_state_reset(s); py_run(s, src, n, &v); py_format(s, v, 1, &text, &len); }
    py_state_alloc_stats(s, &a1);
    printf("  allocations per run of \"2 + 3\" (5 stages, reused state): %.3f\n", (a1.count - a0.count) / 1000.0);
    TIME("lex", py_lex(s, src, n));
    TIME("parse", py_parse(s));
    TIME("compile", py_compile(s));
    TIME("execute", py_execute(s, &v));
    TIME("format", py_format(s, v, 1, &text, &len));
    TIME("reset+lex+parse+compile+execute+format", (py_state_reset(s), py_run(s, src, n, &v), py_format(s, v, 1, &text, &len)));
    py_state_free(s);
    return 0;
}
C
echo "stages for \"2 + 3\" (best of 5 x $((2000000)) calls):"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/interp" "$tmp/stages.c" "$root/build/lib/libpy.a" -lm -o "$tmp/stages" && "$tmp/stages"
/usr/bin/python3 - <<'PY'
import timeit
n = 200000
full = min(timeit.repeat('exec(compile("2 + 3", "<s>", "exec"))', number=n, repeat=5)) / n * 1e9
code = compile("2 + 3", "<s>", "exec")
run = min(timeit.repeat('exec(code)', globals={"code": code}, number=n * 5, repeat=5)) / (n * 5) * 1e9
print("  %-34s %8.1f ns" % ("CPython exec(compile('2 + 3'))", full))
print("  %-34s %8.1f ns" % ("CPython exec(code)", run))
PY
echo

# Lua columns only for the interpreters installed: a missing one is named once and shows '-'.
# luajit runs with -joff: its assembly interpreter, the bar for minipy's bytecode VM.
lua=$(command -v lua5.4 || true)
luajit=$(command -v luajit || true)
[ -n "$lua" ] || echo "note: lua5.4 not found: its columns show '-'"
[ -n "$luajit" ] || echo "note: luajit not found: its columns show '-'"
ratio() {  # a b -> a/b as 0.00x, or - when b is -
  if [ "$2" = - ]; then echo -; else printf '%.2fx' "$(echo "$1 / $2" | bc -l)"; fi
}

printf '%-12s %10s %10s %10s %12s %10s %11s %14s\n' program "minipy ms" "python3 ms" "lua5.4 ms" \
  "luajit-joff" "py/minipy" "minipy/lua" "minipy/luajit"
for prog in fib loop loop_local; do
  out_m=$("$minipy" "$progs/$prog.py"); out_p=$(/usr/bin/python3 "$progs/$prog.py")
  [ "$out_m" = "$out_p" ] || { echo "$prog: outputs differ: '$out_m' vs '$out_p'"; exit 1; }
  m=$(best_ms "$minipy" "$progs/$prog.py")
  p=$(best_ms /usr/bin/python3 "$progs/$prog.py")
  l=-; [ -n "$lua" ] && l=$(best_ms "$lua" "$progs/$prog.lua")
  j=-; [ -n "$luajit" ] && j=$(best_ms "$luajit" -joff "$progs/$prog.lua")
  printf '%-12s %10s %10s %10s %12s %10s %11s %14s\n' "$prog" "$m" "$p" "$l" "$j" \
    "$(ratio "$p" "$m")" "$(ratio "$m" "$l")" "$(ratio "$m" "$j")"
done
