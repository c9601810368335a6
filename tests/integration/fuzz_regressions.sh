#!/usr/bin/env bash
# fuzz_regressions: every committed fuzz input replayed through its target built with gcc
# (fuzz/driver_main.c; $TBIN/fuzz_<target>, built by `make test` for the variant under test, so
# `make SANITIZER=address,undefined test` replays them under ASan and UBSan): the crash
# reproducers in fuzz/regressions/<target>/ and the seeds fuzz/seeds.sh names. A target
# aborts on a bug (sanitizer report, failed oracle), so each directory must replay with exit 0.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
. fuzz/seeds.sh
TBIN=${CRIT_TBIN:-$(dirname "$BIN")/tests}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
targets=$(ls fuzz/fuzz_*.c | sed 's|fuzz/fuzz_\(.*\)\.c|\1|')
check "some fuzz targets exist" [ -n "$targets" ]
for t in $targets; do
  exe=$TBIN/fuzz_$t
  check "$exe is built (make test builds it)" [ -x "$exe" ] || continue
  check "fuzz/regressions/$t holds reproducers" [ -n "$(ls -A "fuzz/regressions/$t" 2>/dev/null)" ]
  for set in regressions seeds; do
    if [ $set = regressions ]; then
      find "fuzz/regressions/$t" -maxdepth 1 -type f | LC_ALL=C sort > "$tmp/inputs"
    else
      fuzz_seed_files "$t" > "$tmp/inputs"
    fi
    n=$(wc -l < "$tmp/inputs")
    # one process per set (fast); on failure the log names the input that aborted
    tr '\n' '\0' < "$tmp/inputs" | FUZZ_VERBOSE=1 timeout 300 xargs -0 -r "$exe" > "$tmp/log" 2>&1
    rc=$?
    check "$t replays its $n $set (rc $rc)" [ "$rc" -eq 0 ]
    check "$t has $set" [ "$n" -gt 0 ]
    [ "$rc" -ne 0 ] && tail -n 20 "$tmp/log" >&2
  done
done
finish
