#!/usr/bin/env bash
# tools/build_modes.sh: release, LTO and PGO builds compared in one run (docs/build-modes.md).
#
# Usage: tools/build_modes.sh [--quick] [--modes "release lto pgo pgo-lto"] [--repeats R]
#                             [--runs N] [--jobs N] [--reuse] [--out FILE] [--update-doc FILE]
#   --quick            one paired run of 0.1 s warm-up and 0.3 s per benchmark, 5 program runs
#   --repeats R        paired runs per mode, each with new processes (default 3)
#   --modes LIST       the builds to compare; release is always the reference (default: release
#                      lto pgo pgo-lto; pgo-lto is MODE=pgo PGO_LTO=1)
#   --runs N           runs of each minipy program per mode (default 15)
#   --jobs N           make -j for the builds (default: nproc)
#   --reuse            keep build/modes from an earlier run (build times are then not from scratch)
#   --out FILE         the Markdown tables (default build/modes/build-modes.md)
#   --update-doc FILE  also replace the lines between `<!-- build-modes:begin -->` and
#                      `<!-- build-modes:end -->` of FILE (PERFORMANCE.md) with the tables
#   --tables-only      no build, no measurement: the tables again from the last run's
#                      measurements (build/modes/measure), e.g. after a change of this script
#
# Every mode is built from scratch into its own tree under build/modes (make BUILD=build/modes
# MODE=...; the products of a plain `make` are not touched), timing each build. Then, in one
# session so that only ratios are compared:
#   1. callgrind's instructions per iteration of every interpreter stage benchmark (exact);
#   2. each mode's bench against release's, paired (`NEW --against OLD`: interleaved rounds on
#      CPU 1, a ratio per benchmark), over the same benchmarks, and release's against itself
#      (A/A). A paired run's interval is narrow, but two processes of one build can differ by
#      far more (their address layout: up to 1.8x on the 5 ns format/ benchmarks), so each
#      comparison runs R times with new processes and the tables give the median ratio and
#      the range of the R runs;
#   3. minipy on fib(27) and the two loops of tools/time_interp.sh, the modes interleaved run by
#      run on CPU 1, best and median wall time.
# Benchmarks: the *_simple stages, warm_execution and the lexer/ parser/ compiler/ vm/ format/
# cold_start/ groups of benches/interp_stages.c. Note that the PGO training (tools/pgo_train.sh)
# runs these same benchmarks; the minipy programs are not part of it.
# Exit status: 0 done, 1 a build or a measurement failed, 2 bad command line.
# Needs bash >= 5 ($EPOCHREALTIME), jq, taskset, valgrind.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 2

quick=0 reuse=0 tables_only=0 runs=15 repeats=3 jobs=$(nproc) out="" doc=""
modes="release lto pgo pgo-lto"
cmdline=tools/build_modes.sh
for a in "$@"; do if [[ $a =~ [^A-Za-z0-9_./=-] ]]; then cmdline+=" '$a'"; else cmdline+=" $a"; fi; done
die() { echo "build_modes: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --reuse) reuse=1 ;;
    --tables-only) tables_only=1 ;;
    --modes) [ $# -ge 2 ] || die "--modes needs a value"; modes=$2; shift ;;
    --repeats) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--repeats needs a positive integer"; repeats=$2; shift ;;
    --runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; runs=$2; shift ;;
    --jobs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive integer"; jobs=$2; shift ;;
    --out) [ -n "${2:-}" ] || die "--out needs a file"; out=$2; shift ;;
    --update-doc) [ -f "${2:-}" ] || die "--update-doc needs an existing file"; doc=$2; shift ;;
    -h|--help) sed -n '2,/^# Needs/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
for m in $modes; do
  case "$m" in release|lto|pgo|pgo-lto) ;; *) die "unknown mode '$m' (release lto pgo pgo-lto)" ;; esac
done
modes="release $(echo "$modes" | tr ' ' '\n' | grep -v '^release$' | grep -v '^$' | awk '!seen[$0]++' | tr '\n' ' ')"
others=$(echo "$modes" | cut -d' ' -f2-)
if [ -n "$doc" ] && ! { grep -q '^<!-- build-modes:begin -->$' "$doc" && grep -q '^<!-- build-modes:end -->$' "$doc"; }; then
  die "$doc has no '<!-- build-modes:begin -->' / '<!-- build-modes:end -->' lines"
fi
for tool in jq taskset valgrind; do command -v $tool >/dev/null || die "$tool is not installed"; done

B=build/modes
work=$B/measure
out=${out:-$B/build-modes.md}
if [ $quick -eq 1 ]; then
  warm=0.1 meas=0.3
  [ "$runs" -eq 15 ] && runs=5
  [ "$repeats" -eq 3 ] && repeats=1
else
  warm=0.2 meas=0.5
fi
filter='^((lexer|parser|compiler|vm|format|cold_start)(_simple|/.*)|warm_execution)$'

make_args() {  # mode -> the make variables that build it
  case "$1" in
    release) echo "MODE=release" ;;
    lto) echo "MODE=lto" ;;
    pgo) echo "MODE=pgo" ;;
    pgo-lto) echo "MODE=pgo PGO_LTO=1" ;;
  esac
}
bindir() { if [ "$1" = release ]; then echo "$B/bin"; else echo "$B/$1/bin"; fi; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Sections 1 to 4 measure; --tables-only reads what they saved instead (settings.sh).
measure() {
when=$(date -u '+%Y-%m-%d %H:%M UTC')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cores=$(nproc)
gccv=$(${CC:-cc} --version | head -n 1)
rev=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
# Uncommitted changes that can change a build or a measurement (not the documents).
dirty=$(git status --porcelain --untracked-files=no -- Makefile '*.mk' harness interp benches tools tests \
  2>/dev/null | grep -q . && echo " (with uncommitted changes)")

# ---- 1. builds ------------------------------------------------------------------------------
[ $reuse -eq 1 ] || rm -rf "$B"
mkdir -p "$work"
rm -rf "$work"/paired-* "$work"/instr-* "$work/settings.sh"
declare -gA build_s
for m in $modes; do
  log "building $m: make -j$jobs BUILD=$B $(make_args "$m")"
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2046  # make_args is meant to split
  if ! make -j"$jobs" BUILD="$B" $(make_args "$m") > "$work/build-$m.log" 2>&1; then
    echo "build_modes: building $m failed:" >&2; tail -n 30 "$work/build-$m.log" >&2; exit 1
  fi
  build_s[$m]=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
  for b in bench minipy; do [ -x "$(bindir "$m")/$b" ] || { echo "build_modes: no $(bindir "$m")/$b" >&2; exit 1; }; done
done
ids=$("$B/bin/bench" "$filter" --list | sed 's/: benchmark$//')
[ -n "$ids" ] || { echo "build_modes: no benchmark matches $filter" >&2; exit 1; }

# ---- 2. instructions per iteration ------------------------------------------------------------
for m in $modes; do
  log "instructions: $m"
  if ! "$(bindir "$m")/bench" --measure instructions "$filter" --output-dir "$work/instr-$m" \
      --noplot --quiet --color never > "$work/instr-$m.log" 2>&1; then
    echo "build_modes: instruction counts of $m failed:" >&2; tail -n 20 "$work/instr-$m.log" >&2; exit 1
  fi
done

# ---- 3. paired times against release ----------------------------------------------------------
# "aa" is release against itself.
cols="aa $others"
for r in $(seq "$repeats"); do
  for m in $cols; do
    log "paired $r/$repeats: $m against release (warm-up $warm s, $meas s per benchmark)"
    d="$work/paired-$m/$r"
    mkdir -p "$d"
    if ! taskset -c 1 "$(bindir "${m/#aa/release}")/bench" --against "$(bindir release)/bench" "$filter" \
        --warm-up-time "$warm" --measurement-time "$meas" --output-dir "$d" \
        --noplot --quiet --color never > "$d.log" 2>&1; then
      echo "build_modes: the paired run of $m failed:" >&2; tail -n 20 "$d.log" >&2; exit 1
    fi
  done
done

# ---- 4. minipy programs (those of tools/time_interp.sh) --------------------------------------
progs="$root/tools/programs" # shared with tools/time_interp.sh
log "minipy programs: $runs runs per mode, interleaved"
for p in fib loop loop_local; do
  want=$("$B/bin/minipy" "$progs/$p.py")
  for m in $others; do
    got=$("$(bindir "$m")/minipy" "$progs/$p.py")
    [ "$got" = "$want" ] || { echo "build_modes: $m's minipy prints '$got' for $p.py, release '$want'" >&2; exit 1; }
  done
done
# One line per run: mode program seconds. The loop runs pinned to CPU 1, as the paired runs do.
export progs runs modes B
# shellcheck disable=SC2016  # the program is expanded by the inner bash
taskset -c 1 bash -c '
  bindir() { if [ "$1" = release ]; then echo "$B/bin"; else echo "$B/$1/bin"; fi; }
  for r in $(seq "$runs"); do
    for p in fib loop loop_local; do
      for m in $modes; do
        exe="$(bindir "$m")/minipy"
        t0=$EPOCHREALTIME; "$exe" "$progs/$p.py" > /dev/null; t1=$EPOCHREALTIME
        echo "$m $p $t0 $t1"
      done
    done
  done' | awk '{ printf "%s %s %.6f\n", $1, $2, $4 - $3 }' > "$work/programs.txt" || exit 1

declare -p when cpu cores gccv rev dirty modes others cols repeats warm meas runs quick jobs reuse \
  cmdline ids build_s > "$work/settings.sh"
}

if [ $tables_only -eq 1 ]; then
  [ -f "$work/settings.sh" ] || die "no measurements in $work: run it once without --tables-only"
  # shellcheck disable=SC1091  # written by measure()
  . "$work/settings.sh"
else
  measure
fi

# ---- 5. the tables ------------------------------------------------------------------------------

# id TAB ratio TAB lo TAB hi TAB verdict TAB new_ns TAB old_ns for one paired run (a directory).
paired_rows() {
  local run=$1 id
  for id in $ids; do
    local d="$run/$id/change"
    if [ -f "$d/estimates.json" ] && [ -f "$d/paired.json" ]; then
      jq -r --arg id "$id" --slurpfile p "$d/paired.json" '
        def med: sort | if length % 2 == 1 then .[length / 2 | floor]
                        else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        [$id, 1 + .mean.point_estimate, 1 + .mean.confidence_interval.lower_bound,
         1 + .mean.confidence_interval.upper_bound, .verdict,
         ($p[0].new | med) / $p[0].iters, ($p[0].old | med) / $p[0].iters] | @tsv' "$d/estimates.json"
    else
      printf '%s\t-\t-\t-\t-\t-\t-\n' "$id"
    fi
  done
}
# Over the repeats: id TAB median ratio TAB low TAB high TAB - TAB median new_ns TAB median old_ns,
# where low and high are the range of the runs' ratios (the run's interval when there is one run).
for m in $cols; do
  for r in $(seq "$repeats"); do paired_rows "$work/paired-$m/$r"; done > "$work/paired-$m.runs.tsv"
  awk -F'\t' '
    function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    !($1 in n) { order[++ids] = $1 }
    { k = ++n[$1]; ratio[$1, k] = $2; lo[$1, k] = $3; hi[$1, k] = $4; nw[$1, k] = $6; od[$1, k] = $7 }
    END {
      for (i = 1; i <= ids; i++) {
        id = order[i]; c = n[id]; bad = 0
        for (k = 1; k <= c; k++) if (ratio[id, k] == "-") bad = 1
        if (bad) { printf "%s\t-\t-\t-\t-\t-\t-\n", id; continue }
        for (k = 1; k <= c; k++) { a[k] = ratio[id, k]; b[k] = nw[id, k]; d[k] = od[id, k] }
        m = med(a, c); l = a[1]; h = a[c]
        if (c == 1) { l = lo[id, 1]; h = hi[id, 1] }
        printf "%s\t%.6f\t%.6f\t%.6f\t-\t%.4f\t%.4f\n", id, m, l, h, med(b, c), med(d, c)
      }
    }' "$work/paired-$m.runs.tsv" > "$work/paired-$m.tsv"
done
# release's time per benchmark: the median of the OLD sides of every paired run.
for m in $cols; do cat "$work/paired-$m.runs.tsv"; done | awk -F'\t' '$7 != "-" { print $1 "\t" $7 }' |
  sort -t "$(printf '\t')" -k1,1 -k2,2g | awk -F'\t' '
    { v[$1, ++n[$1]] = $2 } END { for (id in n) { c = n[id];
      printf "%s\t%.4f\n", id, c % 2 ? v[id, (c + 1) / 2] : (v[id, c / 2] + v[id, c / 2 + 1]) / 2 } }' \
  > "$work/release-times.tsv"
for m in $modes; do
  for id in $ids; do
    f="$work/instr-$m/$id/instructions/new/instructions.json"
    printf '%s\t%s\n' "$id" "$( [ -f "$f" ] && jq -r '.per_iter.instructions | round' "$f" || echo -)"
  done > "$work/instr-$m.tsv"
done

label() { if [ "$1" = aa ]; then echo "release A/A"; else echo "$1"; fi; }
fmt_time='function t(ns) { if (ns == "-") return "-"; if (ns < 1000) return sprintf("%.1f ns", ns);
  if (ns < 1e6) return sprintf("%.2f µs", ns / 1e3); return sprintf("%.2f ms", ns / 1e6) }'
{
  echo "Measured $when on $cpu ($cores cores), $gccv, git \`$rev\`$dirty,"
  echo "with \`$cmdline\` ($( [ $quick -eq 1 ] && echo quick || echo full ) settings: $repeats paired"
  echo "run$( [ "$repeats" -gt 1 ] && echo s) per mode of ${warm} s warm-up and ${meas} s per benchmark on CPU 1, $runs runs of"
  echo "each program)."
  echo "A ratio is the mode's time over release's: below 1.00 is faster. Modes:"
  for m in $modes; do
    case $m in
      release) echo "release \`make\` (-O2 -g);" ;;
      lto) echo "lto \`make MODE=lto\` (+ -flto);" ;;
      pgo) echo "pgo \`make MODE=pgo\` (+ -fprofile-use);" ;;
      pgo-lto) echo "pgo-lto \`make MODE=pgo PGO_LTO=1\` (+ -fprofile-use -flto);" ;;
    esac
  done | paste -sd' ' | sed 's/;$/./'
  echo
  echo "**Stage groups, time** (paired against release; geometric mean over the group's six"
  echo "workloads of each benchmark's median ratio; the \`2 + 3\` row is the seven *_simple and"
  echo "warm_execution benchmarks; release A/A is release against itself, the noise floor):"
  echo
  printf '| stage group |'; for m in $cols; do printf ' %s |' "$(label "$m")"; done; echo
  printf '| --- |'; for m in $cols; do printf ' ---: |'; done; echo
  for g in lexer parser compiler vm format cold_start simple; do
    # shellcheck disable=SC2016  # Markdown backquotes
    if [ $g = simple ]; then label='`2 + 3` (*_simple, warm_execution)'; else label="$g/ (6 workloads)"; fi
    printf '| %s |' "$label"
    for m in $cols; do
      awk -F'\t' -v g="$g" '
        ($1 ~ "^" g "/" || (g == "simple" && ($1 ~ /_simple$/ || $1 == "warm_execution"))) && $2 != "-" { s += log($2); n++ }
        END { if (n) printf " %.3f |", exp(s / n); else printf " - |" }' "$work/paired-$m.tsv"
    done
    echo
  done
  echo
  echo "**Instructions per iteration** (callgrind, exact; cold start = lex + parse + compile +"
  echo "run + format of the workload on a reused state):"
  echo
  printf '| benchmark | release |'; for m in $others; do printf ' %s |' "$m"; done; echo
  printf '| --- | ---: |'; for m in $others; do printf ' ---: |'; done; echo
  for id in $ids; do
    case $id in cold_start/*|vm/*|parser/fib15|compiler/fib15|lexer/fib15) ;; *) continue ;; esac
    base=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$work/instr-release.tsv")
    printf '| %s | %s |' "$id" "$base"
    for m in $others; do
      awk -F'\t' -v id="$id" -v base="$base" '$1 == id {
        if ($2 == "-" || base == "-" || base == 0) printf " %s |", $2;
        else printf " %s (%.3f) |", $2, $2 / base }' "$work/instr-$m.tsv"
    done
    echo
  done
  for m in $modes; do
    awk -F'\t' -v m="$m" '$2 != "-" && $2 > 0 { s += log($2); n++ } END { printf "%s %.6f\n", m, exp(s / n) }' "$work/instr-$m.tsv"
  done > "$work/instr-geo.txt"
  printf '| geometric mean, all %d stage benchmarks | %.0f |' "$(echo "$ids" | wc -w)" "$(awk '$1 == "release" { print $2 }' "$work/instr-geo.txt")"
  for m in $others; do
    awk -v m="$m" '$1 == "release" { b = $2 } $1 == m { v = $2 } END { printf " %.0f (%.3f) |", v, v / b }' "$work/instr-geo.txt"
  done
  echo
  echo
  echo "**minipy programs** (the programs of tools/time_interp.sh, whole process, wall time;"
  echo "best of $runs, ratio of the bests, median in parentheses):"
  echo
  printf '| program | release |'; for m in $others; do printf ' %s |' "$m"; done; echo
  printf '| --- | ---: |'; for m in $others; do printf ' ---: |'; done; echo
  for p in fib loop loop_local; do
    case $p in fib) label='fib(27)' ;; loop) label='loop (3M, globals)' ;; *) label='loop_local (3M, locals)' ;; esac
    printf '| %s |' "$label"
    awk -v p="$p" -v others="$others" '
      function median(m,   n, i, j, a, tmp) { n = cnt[m]; for (i = 1; i <= n; i++) a[i] = v[m, i];
        for (i = 2; i <= n; i++) { tmp = a[i]; for (j = i - 1; j >= 1 && a[j] > tmp; j--) a[j + 1] = a[j]; a[j + 1] = tmp }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $2 == p { c = ++cnt[$1]; v[$1, c] = $3; if (!($1 in best) || $3 < best[$1]) best[$1] = $3 }
      END {
        printf " %.1f ms (%.1f) |", best["release"] * 1e3, median("release") * 1e3
        n = split(others, o, " ")
        for (i = 1; i <= n; i++)
          printf " %.1f ms %.3f (%.3f) |", best[o[i]] * 1e3, best[o[i]] / best["release"], median(o[i]) / median("release")
      }' "$work/programs.txt"
    echo
  done
  echo
  echo "**Build** (\`make -j$jobs\` from an empty tree; pgo includes the instrumented build and"
  echo "the training run, pgo-lto reuses pgo's profile; text = \`size\` of minipy and bench):"
  echo
  echo "| mode | build time | minipy text | bench text |"
  echo "| --- | ---: | ---: | ---: |"
  for m in $modes; do
    bd=$(bindir "$m")
    note=""; [ $reuse -eq 1 ] && note=" (reused tree)"
    printf '| %s | %s s%s | %s | %s |\n' "$m" "${build_s[$m]}" "$note" \
      "$(size "$bd/minipy" | awk 'NR == 2 { print $1 }')" "$(size "$bd/bench" | awk 'NR == 2 { print $1 }')"
  done
  echo
  if [ "$repeats" -gt 1 ]; then rng="[lowest highest] of the $repeats runs"; else rng="[95 % interval]"; fi
  echo "<details><summary>Every benchmark: median time per iteration in the paired rounds (release:"
  echo "the median of the OLD side of every paired run), median ratio and $rng</summary>"
  echo
  printf '| benchmark | release |'; for m in $cols; do printf ' %s |' "$(label "$m")"; done; echo
  printf '| --- | ---: |'; for m in $cols; do printf ' ---: |'; done; echo
  for id in $ids; do
    base=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$work/release-times.tsv")
    printf '| %s | %s |' "$id" "$(awk -v ns="$base" "$fmt_time"' BEGIN { print t(ns) }')"
    for m in $cols; do
      awk -F'\t' -v id="$id" "$fmt_time"'
        $1 == id { if ($2 == "-") printf " - |";
          else printf " %s %.3f [%.3f %.3f] |", t($6), $2, $3, $4 }' "$work/paired-$m.tsv"
    done
    echo
  done
  echo
  echo "</details>"
} > "$out.tmp" && mv "$out.tmp" "$out" || exit 1
log "tables written to $out"

if [ -n "$doc" ]; then
  awk -v tables="$out" '
    /^<!-- build-modes:begin -->$/ { print; print ""; while ((getline l < tables) > 0) print l; print ""; skip = 1; next }
    /^<!-- build-modes:end -->$/ { skip = 0 }
    !skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc" || exit 1
  log "$doc updated"
fi
cat "$out"
