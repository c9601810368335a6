#!/usr/bin/env bash
# `make install` (install.mk) into a temporary prefix, then examples/hello built against the
# installed copy with nothing but `pkg-config --cflags --libs crit`, and run (--test, --list).
# Also: quiet output, no needless rebuild on a second install, DESTDIR staging, crit.pc's fields,
# the installed headers (crit.h, crit_results.h; crit_history.h is installed beside them) compiling alone as C11 (pedantic) and as C++,
# a tool using both headers built and run against the installed copy, and make uninstall.
#
# It always installs the RELEASE library (MODE=release SANITIZER= on the command line, and the
# caller's MAKEFLAGS dropped so `make test SANITIZER=...` cannot leak into it): a sanitizer
# libcrit would need the sanitizer runtime in every program linking it. Under
# CRIT_BIN=build/release-san/bin this script therefore tests the same release install (building
# build/lib/libcrit.a first if it is missing), and says so.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
pcdir=$prefix/lib/pkgconfig
[ "$BIN" = build/bin ] || echo "install.sh: CRIT_BIN=$BIN, but the install under test is the release library (build/lib/libcrit.a)"

mk() {  # make args... -> $rc, $tmp/out (stdout and stderr); a clean make environment
  plain_make "$@" >"$tmp/out" 2>&1
  rc=$?
}
quiet() {  # every output line is an "  INSTALL path" line
  ! grep -qv '^  INSTALL ' "$tmp/out" || { sed 's/^/  | /' "$tmp/out" >&2; return 1; }
}
has() {  # word, text: the word appears in the space-separated text
  case " $2 " in *" $1 "*) return 0 ;; esac
  echo "  '$1' not in: $2" >&2; return 1
}

# ---- install --------------------------------------------------------------------------------
mk install PREFIX="$prefix"
check "install: exit 0" [ "$rc" -eq 0 ]
check "install: header" cmp harness/include/crit.h "$prefix/include/crit.h"
check "install: results header" cmp harness/include/crit_results.h "$prefix/include/crit_results.h"
check "install: library" cmp build/lib/libcrit.a "$prefix/lib/libcrit.a"
check "install: history header" cmp harness/include/crit_history.h "$prefix/include/crit_history.h"
check "install: crit.pc" [ -f "$pcdir/crit.pc" ]
check "install: nothing else" [ "$(find "$prefix" -type f | wc -l)" -eq 5 ]
check "install: files are 0644" [ -z "$(find "$prefix" -type f ! -perm 644)" ]

lib_mtime=$(stat -c %Y build/lib/libcrit.a)
mk install PREFIX="$prefix"
check "second install: exit 0" [ "$rc" -eq 0 ]
check "second install: quiet, five INSTALL lines, no compiling" \
  bash -c '[ "$(grep -c "^  INSTALL " "$1")" -eq 5 ]' _ "$tmp/out"
check "second install: only INSTALL lines" quiet
check "second install: libcrit.a not rebuilt" [ "$(stat -c %Y build/lib/libcrit.a)" = "$lib_mtime" ]

mk install PREFIX=/opt/crit DESTDIR="$tmp/stage"
check "DESTDIR: exit 0" [ "$rc" -eq 0 ]
check "DESTDIR: files staged under it" \
  bash -c 'd=$1/stage/opt/crit; [ -f $d/include/crit.h ] && [ -f $d/include/crit_results.h ] && [ -f $d/lib/libcrit.a ] && [ -f $d/lib/pkgconfig/crit.pc ]' _ "$tmp"
check "DESTDIR: crit.pc names the final prefix" grep -qx 'prefix=/opt/crit' "$tmp/stage/opt/crit/lib/pkgconfig/crit.pc"

# ---- crit.pc ----------------------------------------------------------------------------------
pc() { PKG_CONFIG_PATH=$pcdir pkg-config "$@"; }
check "crit.pc: pkg-config --validate" pc --validate crit
check "crit.pc: no template lines or @VARS@ left" bash -c '! grep -Eq "^##|@[A-Z_]+@" "$1"' _ "$pcdir/crit.pc"
check "crit.pc: prefix" [ "$(pc --variable=prefix crit)" = "$prefix" ]
check "crit.pc: --modversion" bash -c '[ -n "$(PKG_CONFIG_PATH=$1 pkg-config --modversion crit)" ]' _ "$pcdir"
check "crit.pc: Requires libcjson gsl sqlite3" \
  bash -c '[ "$(PKG_CONFIG_PATH=$1 pkg-config --print-requires crit | sort | tr "\n" " ")" = "gsl libcjson sqlite3 " ]' _ "$pcdir"
check "crit.pc: no Requires.private" [ -z "$(pc --print-requires-private crit)" ]
cflags=$(pc --cflags crit)
libs=$(pc --libs crit)
check "crit.pc: --cflags has -I<prefix>/include" has "-I$prefix/include" "$cflags"
for w in "-L$prefix/lib" -lcrit -lcjson -lgsl -lsqlite3 -lpthread -lm; do
  check "crit.pc: --libs has $w" has "$w" "$libs"
done
check "crit.pc: -lcrit before its dependencies (static link order)" \
  bash -c 'case " $1 " in *" -lcrit "*" -lcjson "*) ;; *) exit 1 ;; esac' _ "$libs"

# ---- the installed header alone ---------------------------------------------------------------
check "header: C11 pedantic, alone" \
  cc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only "$prefix/include/crit.h"
check "header: included alone from a C file" \
  bash -c 'echo "#include <crit.h>" | cc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$1" -x c -' _ "$prefix/include"
check "results header: C11 pedantic, alone" \
  cc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only "$prefix/include/crit_results.h"
if command -v g++ >/dev/null; then
  check "header: C++ (extern \"C\")" g++ -Wall -Wextra -pedantic -Werror -fsyntax-only -x c++ "$prefix/include/crit.h"
  check "results header: C++ (extern \"C\")" \
    g++ -Wall -Wextra -pedantic -Werror -fsyntax-only -x c++ "$prefix/include/crit_results.h"
  check "header: the example compiles as C++" \
    g++ -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$prefix/include" -x c++ examples/hello/hello.c
else
  echo "install.sh: g++ not found, C++ checks skipped"
fi

# ---- examples/hello against the installed copy ------------------------------------------------
before=$(cd examples && find . | sort)
PKG_CONFIG_PATH=$pcdir mk -C examples/hello OUT="$tmp/hello-build"
check "example: builds with pkg-config (exit 0)" [ "$rc" -eq 0 ]
check "example: no compiler warnings" bash -c '! grep -qi "warning" "$1"' _ "$tmp/out"
check "example: nothing left in examples/" [ "$(cd examples && find . | sort)" = "$before" ]
hello=$tmp/hello-build/hello
(cd "$tmp" && "$hello" --test >"$tmp/test.out" 2>&1); rc=$?
check "example --test: exit 0" [ "$rc" -eq 0 ]
check "example --test: one Success per benchmark" [ "$(grep -cx Success "$tmp/test.out")" -eq 3 ]
check "example --test: wrote nothing" [ ! -e "$tmp/results" ]
(cd "$tmp" && "$hello" --list >"$tmp/list.out" 2>&1); rc=$?
check "example --list: exit 0" [ "$rc" -eq 0 ]
check "example --list: the ids" \
  [ "$(cat "$tmp/list.out")" = "$(printf 'hello/sum: benchmark\nhello/fib/10: benchmark\nhello/fib/15: benchmark')" ]

# ---- a tool on both headers, against the installed copy ---------------------------------------
# Walks a results tree holding one benchmark, reads its id, formats a time and a change.
mkdir -p "$tmp/res/g/f/new"
printf '%s' '{"group_id":"g","function_id":"f","value_str":null,"throughput":null,"full_id":"g/f","directory_name":"g/f","title":"g/f"}' \
  >"$tmp/res/g/f/new/benchmark.json"
cat >"$tmp/tool.c" <<'EOF'
#include <crit.h>
#include <crit_results.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    crit_results_list l = {0};
    char t[32], c[32], err[256], *id = NULL;
    if (argc < 2 || crit_results_walk(argv[1], CRIT_RESULTS_ANY_BASELINE, &l) != 0 || l.n != 1 ||
        crit_results_read_id(argv[1], l.v[0].dir, "new", &id, err, sizeof err) != 0)
        return 1;
    printf("%s %s %s %s\n", l.v[0].dir, id, crit_format_time(t, sizeof t, 1500.0),
           crit_results_format_change(c, sizeof c, 0.25));
    free(id);
    crit_results_list_fini(&l);
    return 0;
}
EOF
check "tool: both headers, compiled and linked with pkg-config" \
  bash -c 'cc -std=c11 -Wall -Wextra -pedantic -Werror "$2/tool.c" -o "$2/tool" $(PKG_CONFIG_PATH=$1 pkg-config --cflags --libs crit)' _ "$pcdir" "$tmp"
check "tool: reads the installed library's results API" \
  [ "$("$tmp/tool" "$tmp/res" 2>&1)" = "g/f g/f 1.5000 µs +25.000%" ]

# ---- uninstall --------------------------------------------------------------------------------
mk uninstall PREFIX="$prefix"
check "uninstall: exit 0" [ "$rc" -eq 0 ]
check "uninstall: the five files are gone" [ -z "$(find "$prefix" -type f)" ]
finish
