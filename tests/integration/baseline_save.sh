#!/usr/bin/env bash
# Issue 13 through build/bin/bench: a baseline that is not wholly valid (a corrupt
# estimates.json, no sample.json, a file at its path) is never replaced: the default save of
# base warns (exit 0), an explicit --save-baseline fails the benchmark (exit 1), both name the
# file and --force-save-baseline, which replaces it. A run waits, saying so, while another
# holds a benchmark's lock. Temporaries of dead processes go at the next run; a live one's
# stay. --force-save-baseline in --help and its usage errors.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/results"
FAST=(--warm-up-time 0.01 --measurement-time 0.02 --sample-size 10 --nresamples 200 --color never --noplot)
bench() { "$BIN/bench" calibration/empty --exact --output-dir "$out" "${FAST[@]}" "$@"; }
d="$out/calibration/empty"
sum() { find "$1" -exec sh -c 'if [ -L "$1" ]; then readlink "$1"; elif [ -f "$1" ]; then cat "$1"; else echo "$1"; fi' _ {} \; | md5sum; }

bench >/dev/null 2>&1
check "first run saves base" [ -f "$d/base/estimates.json" ]
check "a lock file beside, never a benchmark directory" [ -f "$d/.crit:lock" ]

# ---- a baseline that is not wholly valid is kept ----
damage() {  # what, then prepares base/ accordingly
  rm -rf "$d/base"; cp -r "$d/new" "$d/base"
  case "$1" in
    estimates) echo '{"mean":null}' >"$d/base/estimates.json" ;;
    tukey) printf '[1,2' >"$d/base/tukey.json" ;;
    no-sample) rm "$d/base/sample.json" ;;
    file) rm -rf "$d/base"; echo "not a baseline" >"$d/base" ;;
    mixed) jq -c '.mean.point_estimate *= 2' "$d/new/estimates.json" >"$d/base/estimates.json" ;;
  esac
}
for what in estimates tukey no-sample file mixed; do
  damage "$what"; before=$(sum "$d/base")
  bench >"$tmp/def.out" 2>"$tmp/def.err"
  check "$what: default mode exits 0" [ $? -eq 0 ]
  check "$what: default mode warns" grep -q "^warning: calibration/empty: not overwriting the damaged baseline 'base' (.*calibration/empty/base.*); remove it, save under another name, or replace it with --force-save-baseline base$" "$tmp/def.err"
  check "$what: default mode keeps it" [ "$before" = "$(sum "$d/base")" ]
  bench --save-baseline base >"$tmp/save.out" 2>"$tmp/save.err"
  check "$what: --save-baseline exits 1" [ $? -eq 1 ]
  check "$what: --save-baseline fails the benchmark, naming the way out" \
    grep -q "^error: benchmark calibration/empty failed: not overwriting the damaged baseline 'base' (.*--force-save-baseline base$" "$tmp/save.err"
  check "$what: --save-baseline keeps it" [ "$before" = "$(sum "$d/base")" ]
  check "$what: new/ was still written" cmp -s "$d/new/estimates.json" "$d/estimates.json"
  bench --force-save-baseline base >/dev/null 2>"$tmp/force.err"
  check "$what: --force-save-baseline exits 0" [ $? -eq 0 ]
  check "$what: --force-save-baseline replaced it" diff -r "$d/new" "$d/base"
done
check "the message names the file" grep -q "calibration/empty/base/estimates.json: mean.point_estimate .* is not the mean of sample.json" "$tmp/def.err"
bench --save-baseline base >/dev/null 2>&1
check "a wholly valid baseline is replaced by --save-baseline" [ $? -eq 0 ]
check "... with this run's files" diff -r "$d/new" "$d/base"

# ---- another run holding the benchmark's lock: this one waits, says so, then writes ----
flock "$d/.crit:lock" sleep 1.5 &
holder=$!
sleep 0.2
start=$(date +%s%N)
bench >/dev/null 2>"$tmp/wait.err"
rc=$?
waited=$(( ($(date +%s%N) - start) / 1000000 ))
wait "$holder"
check "waits for the lock, then exits 0" [ $rc -eq 0 ]
check "says it is waiting" grep -q "^waiting for the lock held by another run on .*/calibration/empty$" "$tmp/wait.err"
check "waited for the holder (${waited} ms)" [ "$waited" -ge 1000 ]

# ---- temporaries: a dead process's go, a live one's stay ----
sh -c 'exit 0' & dead=$!; wait $dead
mkdir -p "$d/.new.tmp.$dead.0" "$d/.base.tmp.$dead.1" "$d/report/.index.html.tmp.$dead.2" "$d/.v9.old.$dead.3"
echo '{}' >"$d/.new.tmp.$dead.0/sample.json"
echo partial >"$d/change/.estimates.json.tmp.$dead.4" 2>/dev/null || { mkdir -p "$d/change"; echo partial >"$d/change/.estimates.json.tmp.$dead.4"; }
sleep 30 & live=$!
mkdir -p "$d/.new.tmp.$live.5"
bench >/dev/null 2>"$tmp/sweep.err"
check "a run after a crash exits 0" [ $? -eq 0 ]
check "dead processes' temporaries are gone" \
  bash -c '[ -z "$(find "$1" -name ".*.tmp.$2.*")" ]' _ "$d" "$dead"
check "an interrupted swap's old copy is put back" [ -d "$d/v9" ]
check "a live process's temporary stays" [ -d "$d/.new.tmp.$live.5" ]
check "the run notes the sweep" grep -q "^note: removed 5 temporaries that an interrupted run left in .*/calibration/empty$" "$tmp/sweep.err"
kill "$live"; wait "$live" 2>/dev/null

# ---- the option ----
"$BIN/bench" --help >"$tmp/help"
check "--help lists --force-save-baseline" grep -q -- "--force-save-baseline NAME" "$tmp/help"
"$BIN/bench" --force-save-baseline new --list >/dev/null 2>"$tmp/bad.err"
check "--force-save-baseline new: exit 2" [ $? -eq 2 ]
"$BIN/bench" --force-save-baseline a --baseline b --list >/dev/null 2>&1
check "--force-save-baseline with --baseline: exit 2" [ $? -eq 2 ]
finish
