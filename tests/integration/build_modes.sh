#!/usr/bin/env bash
# build_modes: MODE=lto and MODE=pgo as the Makefile plans them (make -n: nothing is built, the
# PGO build itself is `make check-pgo`'s, too slow for here). Both PGO phases give an object the
# same -dumpbase and -fprofile-prefix-path (otherwise gcc drops the profiles of static functions);
# release stays free of -flto and -fprofile-*; an unknown MODE stops make; the scripts refuse bad
# command lines; PERFORMANCE.md's build-modes region survives a perfdoc run.
# shellcheck disable=SC2016  # the bash -c programs take their arguments as $1, $2
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A make of its own: not the variables (SANITIZER=... of the sanitizer pass included, which make
# exports to recipes) or the jobserver of a `make test` or `make check-pgo`.
mk() { plain_make --no-print-directory BUILD="$tmp/b" "$@"; }

mk -n MODE=pgo > "$tmp/pgo.txt" 2>&1
check "make -n MODE=pgo: exit 0" [ $? -eq 0 ]
check "make -n MODE=pgo builds nothing" [ ! -e "$tmp/b" ]
check "pgo: the training run is planned" grep -q "tools/pgo_train.sh $tmp/b/pgo-gen/bin $tmp/b/pgo-profile" "$tmp/pgo.txt"
gen=$(grep -E -- '-fprofile-generate=.* -c interp/vm\.c ' "$tmp/pgo.txt" | head -n 1)
use=$(grep -E -- '-fprofile-use=.* -c interp/vm\.c ' "$tmp/pgo.txt" | head -n 1)
check "pgo: phase 1 compiles interp/vm.c instrumented" [ -n "$gen" ]
check "pgo: phase 2 compiles interp/vm.c with the profile" [ -n "$use" ]
names() { grep -oE -- '-(dumpbase|dumpbase-ext|fprofile-prefix-path)[= ][^ ]+' <<<"$1" | sort; }
same_names() { [ -n "$(names "$gen")" ] && [ "$(names "$gen")" = "$(names "$use")" ]; }
check "pgo: both phases name vm.c's profile alike" same_names
check "pgo: profile named after the source (-dumpbase interp/vm.c)" grep -q -- '-dumpbase interp/vm.c' <<<"$use"
check "pgo: no LTO by default" bash -c '! grep -q -- "-flto" "$1"' _ "$tmp/pgo.txt"
check "pgo: products under build/pgo" grep -q -- "-o $tmp/b/pgo/bin/minipy" "$tmp/pgo.txt"

mk -n MODE=pgo PGO_LTO=1 > "$tmp/pgo-lto.txt" 2>&1
check "pgo PGO_LTO=1: -flto, gcc-ar, build/pgo-lto" \
  bash -c 'grep -q -- "-fprofile-use=.*-flto" "$1" && grep -q "gcc-ar rcs" "$1" && grep -q -- "-o $2/pgo-lto/bin/minipy" "$1"' _ "$tmp/pgo-lto.txt" "$tmp/b"

mk -n MODE=lto > "$tmp/lto.txt" 2>&1
check "make -n MODE=lto: exit 0" [ $? -eq 0 ]
check "lto: -flto at compile and link, gcc-ar" \
  bash -c 'grep -q -- "-flto=auto -ffat-lto-objects.* -c interp/vm.c" "$1" && grep -q -- "-flto=auto.* -o $2/lto/bin/minipy" "$1" && grep -q "gcc-ar rcs" "$1"' _ "$tmp/lto.txt" "$tmp/b"

mk -n > "$tmp/release.txt" 2>&1
check "release: no -flto, no -fprofile, plain ar" \
  bash -c '! grep -qE -- "-flto|-fprofile|-dumpbase" "$1" && grep -q "&& ar rcs" "$1"' _ "$tmp/release.txt"

mk MODE=bogus > "$tmp/bogus.txt" 2>&1
check "unknown MODE: make fails" [ $? -ne 0 ]
check "unknown MODE: says which modes exist" grep -q "MODE=bogus is not one of: release debug lto pgo" "$tmp/bogus.txt"

tools/pgo_train.sh > /dev/null 2>&1
check "pgo_train.sh without arguments: exit 2" [ $? -eq 2 ]
tools/pgo_train.sh "$tmp" "$tmp/p" > /dev/null 2>&1
check "pgo_train.sh without instrumented binaries: exit 2" [ $? -eq 2 ]
tools/build_modes.sh --bogus > /dev/null 2>&1
check "build_modes.sh --bogus: exit 2" [ $? -eq 2 ]
tools/build_modes.sh --modes "release fast" > /dev/null 2>&1
check "build_modes.sh with an unknown mode: exit 2" [ $? -eq 2 ]
tools/build_modes.sh --update-doc "$tmp/none.md" > /dev/null 2>&1
check "build_modes.sh --update-doc of a missing file: exit 2" [ $? -eq 2 ]
tools/build_modes.sh --help > "$tmp/help.txt" 2>&1
check "build_modes.sh --help: exit 0 and usage" grep -q "^Usage: tools/build_modes.sh" "$tmp/help.txt"

# The region tools/build_modes.sh writes is prose to perfdoc: a regeneration keeps it.
region() { awk '/^<!-- build-modes:begin -->$/ { on = 1 } on { print } /^<!-- build-modes:end -->$/ { on = 0 }' "$1"; }
check "PERFORMANCE.md has one build-modes region" \
  [ "$(grep -c '^<!-- build-modes:begin -->$' PERFORMANCE.md)$(grep -c '^<!-- build-modes:end -->$' PERFORMANCE.md)" = 11 ]
cp PERFORMANCE.md "$tmp/doc.md"
"$BIN/perfdoc" --results tests/fixtures/perfdoc/results --gates tests/fixtures/perfdoc/gates.json \
  --out "$tmp/doc.md" > /dev/null 2>&1
check "perfdoc on PERFORMANCE.md: exit 0" [ $? -eq 0 ]
check "perfdoc keeps the build-modes region byte for byte" cmp -s <(region PERFORMANCE.md) <(region "$tmp/doc.md")
finish
