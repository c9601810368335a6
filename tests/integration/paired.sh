#!/usr/bin/env bash
# bench --against OLD and --aa, and OLD's side (--serve): the protocol round trip on its own,
# a real paired run checked with jq (change/estimates.json, change/paired.json), the exit
# codes (3 under --fail-on-regression, 2 for an unusable OLD, 1 when OLD dies or hangs
# mid-run), ids on one side only, and the A/A control. Fake OLDs are shell scripts speaking
# the protocol, so every failure is exact and fast.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
B=$BIN/bench
quick=(--warm-up-time 0.02 --measurement-time 0.1 --noplot --nresamples 1000)

# ---- OLD's side alone: greeting, list, prepare/run/release, missing id, quit -------------
printf 'list\nquit\n' | "$B" --serve >"$tmp/list" 2>"$tmp/err"
check "serve exits 0 on quit" [ $? -eq 0 ]
check "serve greets with version 1" [ "$(head -1 "$tmp/list")" = "crit-serve 1" ]
check "serve lists calibration/empty" grep -qx "id calibration/empty" "$tmp/list"
check "serve ends the list" [ "$(tail -1 "$tmp/list")" = "end" ]
check "serve lists what --list lists" \
  [ "$(grep -c '^id ' "$tmp/list")" -eq "$("$B" --list | grep -c ': benchmark$')" ]
printf 'prepare calibration/empty\nrun 1000\nrun 0\nrelease\nprepare no/such\nquit\n' |
  "$B" --serve >"$tmp/run" 2>"$tmp/err"
check "serve: ready, ns, error, ok, missing" \
  [ "$(cut -d' ' -f1 "$tmp/run" | tr '\n' ' ')" = "crit-serve ready ns error ok missing " ]
check "serve: ns is a number" grep -Eq '^ns [0-9.e+-]+$' "$tmp/run"
check "serve: benchmark stdout kept off the protocol" [ "$(wc -l <"$tmp/run")" -eq 6 ]
: | "$B" --serve >/dev/null 2>&1
check "serve exits 0 at end of input" [ $? -eq 0 ]

# ---- a real paired run against the same program -----------------------------------------
"$B" --against "$B" calibration/empty "${quick[@]}" --output-dir "$tmp/r" >"$tmp/out" 2>"$tmp/err"
check "paired run exits 0" [ $? -eq 0 ]
check "console says paired and rounds" grep -Eq 'change: \[.*\] \(paired, [0-9]+ rounds, p = ' "$tmp/out"
c=$tmp/r/calibration/empty/change
check "change/estimates.json is paired" jqt "$c/estimates.json" \
  '.method == "paired" and .rounds >= 10 and (.verdict | IN("no_change","within_noise","improved","regressed"))'
check "mean and median carry the same ratio" jqt "$c/estimates.json" \
  '.mean.point_estimate == .median.point_estimate and .mean.confidence_interval.lower_bound <= .mean.point_estimate'
check "paired.json holds every round" [ "$(jq '.new | length' "$c/paired.json")" = "$(jq .rounds "$c/estimates.json")" ]
check "paired.json: old as long as new, iters >= 1, times > 0" jqt "$c/paired.json" \
  '(.old | length) == (.new | length) and .iters >= 1 and ([.new[], .old[]] | all(. > 0)) and .against != ""'
check "new/ holds this side's flat sample" jqt "$tmp/r/calibration/empty/new/sample.json" \
  '.sampling_mode == "Flat" and (.iters | length) >= 10'
check "no baseline saved by --against" [ ! -e "$tmp/r/calibration/empty/base" ]

# ---- fake OLDs -----------------------------------------------------------------------------
fake() {  # name, body of the request loop's case statement (after the greeting and list)
  cat >"$tmp/$1" <<EOF
#!/bin/sh
echo "crit-serve 1"
while read -r req arg; do
  case "\$req" in
    list) echo "id calibration/empty"; echo "id only/old"; echo end ;;
    $2
    quit) exit 0 ;;
  esac
done
EOF
  chmod +x "$tmp/$1"
}
fake fast 'prepare) echo ready ;; run) echo "ns 1" ;; release) echo ok ;;'
"$B" --against "$tmp/fast" 'calibration/(empty|chain)|only' "${quick[@]}" --output-dir "$tmp/f" \
  --fail-on-regression >"$tmp/out" 2>"$tmp/err"
check "NEW much slower than a 1 ns OLD: exit 3" [ $? -eq 3 ]
check "regressed verdict" grep -q "Performance has regressed." "$tmp/out"
check "id only in NEW: one line" grep -q "^calibration/chain1000: only in this program, not in '$tmp/fast': not compared" "$tmp/err"
check "id only in OLD: one line" grep -q "^only/old: only in '$tmp/fast', not in this program: not compared" "$tmp/err"

fake dies 'prepare) echo ready ;; run) exit 9 ;;'
"$B" --against "$tmp/dies" calibration/empty "${quick[@]}" --output-dir "$tmp/d" >/dev/null 2>"$tmp/err"
check "OLD dying mid-run: exit 1" [ $? -eq 1 ]
check "OLD dying: names program and status" grep -q "'$tmp/dies' exited with status 9 while answering 'run" "$tmp/err"

fake hangs 'prepare) sleep 30 ;;'
t0=$SECONDS
"$B" --against "$tmp/hangs" calibration/empty "${quick[@]}" --against-timeout 0.5 \
  --output-dir "$tmp/h" >/dev/null 2>"$tmp/err"
check "OLD hanging: exit 1" [ $? -eq 1 ]
check "OLD hanging: timeout message" grep -q "did not answer 'prepare calibration/empty' within 0.5 s" "$tmp/err"
check "OLD hanging: stopped within seconds" [ $((SECONDS - t0)) -lt 10 ]

fake double 'prepare) echo ready ;; run) echo "ns 1000"; echo "ns 1000" ;; release) echo ok ;;'
"$B" --against "$tmp/double" calibration/empty "${quick[@]}" --output-dir "$tmp/dbl" >"$tmp/out" 2>"$tmp/err"
check "OLD answering twice: exit 1" [ $? -eq 1 ]
check "OLD answering twice: named as out of step" grep -q "answered 'run [0-9]*' with 'more than one line'" "$tmp/err"
check "OLD answering twice: no verdict printed" bash -c "! grep -q 'paired,' '$tmp/out'"
check "OLD answering twice: nothing written" [ ! -e "$tmp/dbl/calibration/empty" ]
fake quits 'prepare) echo ready ;; run) echo "ns 1000" ;; release) exit 0 ;;'
"$B" --against "$tmp/quits" calibration/empty "${quick[@]}" --output-dir "$tmp/q" >/dev/null 2>"$tmp/err"
check "OLD exiting at release: exit 1" [ $? -eq 1 ]
check "OLD exiting at release: nothing written" [ ! -e "$tmp/q/calibration/empty/change" ]
printf '#!/bin/sh\necho "crit-serve 1"\nread req\nyes "id x"\n' >"$tmp/flood"; chmod +x "$tmp/flood"
bad_old_later=("more ids than the protocol allows (100000)" "$tmp/flood")
fake broken 'prepare) echo ready ;; run) echo "ns 1" ;; release) echo ok ;;'
sed -i 's/crit-serve 1/crit-serve 2/' "$tmp/broken"
bad_old() {  # needle, OLD
  "$B" --against "$2" calibration/empty "${quick[@]}" --output-dir "$tmp/b" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  check "unusable OLD '$2': exit 2" [ $rc -eq 2 ]
  check "unusable OLD '$2': message" grep -q -- "$1" "$tmp/err"
  check "unusable OLD '$2': nothing written" [ ! -e "$tmp/b" ]
}
bad_old "speaks serve protocol version 2, this program speaks version 1" "$tmp/broken"
bad_old "is not an executable file" "$tmp/no-such-program"
printf '#!/bin/sh\nexit 2\n' >"$tmp/old-crit"; chmod +x "$tmp/old-crit"
bad_old "exited with status 2 while answering 'its greeting'; is it a crit program" "$tmp/old-crit"
printf '#!/bin/sh\necho hello\n' >"$tmp/chatty"; chmod +x "$tmp/chatty"
bad_old "answered 'its greeting' with 'hello', which is not in the serve protocol" "$tmp/chatty"
bad_old "${bad_old_later[@]}"
printf '#!/bin/sh\nhead -c 5000 /dev/zero | tr "\\000" x; sleep 5\n' >"$tmp/endless"; chmod +x "$tmp/endless"
bad_old "answered 'its greeting' with 'a line longer than 4096 bytes'" "$tmp/endless"

# ---- NEW's own metrics (allocs_per_iter, bytes_per_iter) survive the paired path ---------------
"$B" --against "$B" '^lexer_simple$' "${quick[@]}" --output-dir "$tmp/m" >/dev/null 2>&1
check "paired lexer_simple: exit 0" [ $? -eq 0 ]
check "paired lexer_simple keeps NEW's metrics" jqt "$tmp/m/lexer_simple/new/metrics.json" \
  'has("allocs_per_iter") and has("bytes_per_iter")'

# ---- the A/A control -------------------------------------------------------------------------
"$B" --aa --aa-runs 3 calibration/empty "${quick[@]}" --output-dir "$tmp/aa" >"$tmp/out" 2>"$tmp/err"
check "--aa exits 0" [ $? -eq 0 ]
check "--aa: one line per run" [ "$(grep -c '^calibration/empty: A/A [123]/3: change' "$tmp/out")" -eq 3 ]
check "--aa: summary line" grep -Eq '^calibration/empty: A/A control, 3 paired runs: [0-3] false alarms? \([0-3] within noise\); noise floor \(p95 \|change\|\) [0-9.]+ %$' "$tmp/out"
check "--aa: metrics.json aa block" jqt "$tmp/aa/calibration/empty/new/metrics.json" \
  '.aa.runs == 3 and .aa.false_alarms <= 3 and .aa.noise_floor >= 0'
check "--aa: no change file" [ ! -e "$tmp/aa/calibration/empty/change/estimates.json" ]

finish
