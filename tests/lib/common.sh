# common.sh: helpers for the integration scripts (sourced). check NAME CMD... runs a check
# and counts it; finish prints "N passed, N failed" and sets the exit status.
BIN=${CRIT_BIN:-build/bin}
checks_passed=0
checks_failed=0
check() {  # description, command...
  local what=$1; shift
  if "$@"; then
    checks_passed=$((checks_passed + 1))
  else
    checks_failed=$((checks_failed + 1))
    echo "FAIL: $what" >&2
  fi
}
jqt() {  # file, jq expression that must yield true
  [ "$(jq -e "$2" "$1" 2>/dev/null)" = "true" ] || { echo "  jq '$2' on $1 gave: $(jq -c "$2" "$1" 2>&1 | head -c 300)" >&2; return 1; }
}
finish() {
  echo "$(basename "$0" .sh): $checks_passed passed, $checks_failed failed"
  [ "$checks_failed" -eq 0 ]
}
valgrind_bin() {  # program name -> the binary valgrind may run: $BIN's, or the release build's
  # valgrind cannot run a sanitizer build; the release binary is the one under test then
  if [ "$BIN" != build/bin ]; then
    echo "$(basename "$0"): CRIT_BIN=$BIN, but valgrind runs the release build (build/bin/$1)" >&2
    echo "build/bin/$1"
  else
    echo "$BIN/$1"
  fi
}
plain_make() {  # make args... as a user's shell would run it: without what our own make exports
  # (a test run by `make CC=clang SANITIZER=... test` must not build its fixtures that way)
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZER -u MODE -u PGO_LTO -u V -u CC make "$@"
}
crit_program() {  # source.c output: a crit program built as a user would, against the release
  # libcrit.a (made first when missing or stale), with the libraries libcrit needs: the one
  # place that lists them for the tests
  plain_make -s build/lib/libcrit.a >"$2.make.log" 2>&1 ||
    { echo "cannot build build/lib/libcrit.a:"; cat "$2.make.log"; return 1; }
  # shellcheck disable=SC2046  # pkg-config's words are separate flags
  cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Iharness/include "$1" \
    build/lib/libcrit.a $(pkg-config --libs libcjson gsl sqlite3) -lpthread -lm -o "$2"
}
