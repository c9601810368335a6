#!/usr/bin/env bash
# power.sh: the "power and false alarm" campaign of a comparison method. Builds
# tests/perf/power_chain.c against an INSTALLED libcrit at N=1000 (twice: binaries A and A2,
# "another copy of the same code"), N=1010, 1020 and 1050, then runs TRIES comparisons per cell
# and counts the console verdicts ("Performance has regressed." / "...improved." / "No change
# in performance detected." / "Change within noise threshold.").
#
#   bash tests/perf/power.sh --method baseline|paired --situation quiet|noisy [options] [-- ARGS]
#
#   --method baseline   today's save-then-compare, a fresh --output-dir per try:
#                         OLD power/chain --save-baseline base; NEW power/chain --baseline base
#   --method paired     one call per try: NEW --against OLD power/chain
#   --situation quiet   nothing else started (other users of the machine are not stopped)
#   --situation noisy   noisy-neighbour.sh spinning on the benchmark's core during the runs
#   --cells LIST        comma list of aa,p1,p2,p5 (default all):
#                         aa  A/A: A vs A2; "regressed"/"improved" is a false alarm
#                         p1  +1 % (N=1010) with --noise-threshold 0.005; counts "regressed"
#                         p2  +2 % (N=1020); p5 +5 % (N=1050); "improved" = wrong direction
#   --tries N           comparisons per cell (default 10)
#   --core C            core for every measured process and the neighbour (default 0);
#                       the builds run on core 1
#   --prefix DIR        an installed libcrit (DIR/lib/pkgconfig/crit.pc); default: `make
#                       install` of this tree into WORKDIR/prefix
#   --workdir DIR       binaries, per-try output and summary.md (default: a new mktemp -d)
#   --program PROG --filter 'ARGS'   A/A of an existing crit program instead of power_chain
#                       (only --cells aa), e.g. --program build/bin/bench
#                       --filter '--exact calibration/empty'
#   -- ARGS             extra options given to every benchmark call (OLD and NEW)
#
# Every call gets --warm-up-time 0.3 --measurement-time 1 --noplot. One try takes about 3.5 s
# quiet (baseline method), so a cell of 10 tries is about 40 s; noisy roughly doubles that.
# Output: a line per try as it goes, then a Markdown row per cell and the raw verdict lists
# (also in WORKDIR/summary.md). "CPU share" is the benchmark processes' CPU time over the
# try's wall time: ~100 % if they had the core alone, ~75 % under the neighbour (it takes half
# the core half of the time). Exit status 0 done, 1 a build failed, 2 bad usage.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() { [ $# -gt 0 ] && echo "power.sh: $*" >&2
  sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

method='' situation='' cells=aa,p1,p2,p5 tries=10 core=0 prefix='' work='' program='' filter=power/chain
while [ $# -gt 0 ]; do
  case $1 in
    --method|--situation|--cells|--tries|--core|--prefix|--workdir|--program|--filter)
      [ $# -ge 2 ] || usage "$1 needs a value"
      case $1 in
        --method) method=$2 ;; --situation) situation=$2 ;; --cells) cells=$2 ;;
        --tries) tries=$2 ;; --core) core=$2 ;; --prefix) prefix=$2 ;; --workdir) work=$2 ;;
        --program) program=$2 ;; --filter) filter=$2 ;;
      esac; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
extra=("$@")
case $method in baseline|paired) ;; *) usage "--method must be baseline or paired" ;; esac
case $situation in quiet|noisy) ;; *) usage "--situation must be quiet or noisy" ;; esac
[[ $tries =~ ^[1-9][0-9]*$ ]] || usage "--tries must be a positive integer"
[[ $core =~ ^[0-9]+$ ]] || usage "--core must be a core number"
IFS=, read -ra cell_list <<<"$cells"
for c in "${cell_list[@]}"; do
  case $c in aa|p1|p2|p5) ;; *) usage "unknown cell '$c'" ;; esac
  [ -z "$program" ] || [ "$c" = aa ] || usage "--program allows only --cells aa"
done
[ ${#cell_list[@]} -gt 0 ] || usage "no cells"
read -ra filter_args <<<"$filter"

work=${work:-$(mktemp -d /tmp/power.XXXXXX)}
mkdir -p "$work/bin" "$work/runs" || exit 2
work=$(cd "$work" && pwd)
log() { echo "$*" | tee -a "$work/summary.md"; }

# ---- builds (core 1) -------------------------------------------------------------------------
if [ -n "$program" ]; then
  [ -x "$program" ] || usage "--program $program is not executable"
  prog=$(readlink -f "$program")
  declare -A bin=([A]=$prog [A2]=$prog)
else
  if [ -z "$prefix" ]; then
    prefix=$work/prefix
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL taskset -c 1 make -C "$repo" -s MODE=release SANITIZER= \
      install PREFIX="$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
  fi
  [ -f "$prefix/lib/pkgconfig/crit.pc" ] || usage "--prefix $prefix has no lib/pkgconfig/crit.pc"
  flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs crit) || exit 1
  declare -A bin
  for v in A:1000 A2:1000 B1010:1010 B1020:1020 B1050:1050; do
    name=${v%%:*} n=${v#*:}
    bin[$name]=$work/bin/chain-$name
    # shellcheck disable=SC2086 # $flags unquoted on purpose: pkg-config's words
    taskset -c 1 cc -O2 "$here/power_chain.c" -o "${bin[$name]}" $flags -DN="$n" || exit 1
  done
fi

# ---- the neighbour ---------------------------------------------------------------------------
nn=
cleanup() { [ -n "$nn" ] && kill "$nn" 2>/dev/null && wait "$nn" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "$situation" = noisy ]; then
  taskset -c "$core" "$here/noisy-neighbour.sh" spin </dev/null >/dev/null 2>&1 &
  nn=$!
fi

common=(--warm-up-time 0.3 --measurement-time 1 --noplot)
log "# power.sh: method=$method situation=$situation tries=$tries core=$core"
log ""
log "- $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(uname -srm), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "- tree: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), libcrit: ${program:-$prefix/lib/libcrit.a} (md5 $(md5sum "${program:-$prefix/lib/libcrit.a}" | cut -c1-12))"
log "- work dir: $work"
if [ "$method" = baseline ]; then
  log "- try: \`taskset -c $core OLD ${filter_args[*]} --save-baseline base --output-dir DIR ${common[*]} OPTS ${extra[*]}\`,"
  log "  then \`taskset -c $core NEW ${filter_args[*]} --baseline base --output-dir DIR ${common[*]} OPTS ${extra[*]}\` (DIR new per try)"
else
  log "- try: \`taskset -c $core NEW --against OLD ${filter_args[*]} --output-dir DIR ${common[*]} OPTS ${extra[*]}\`"
fi
log ""

# ---- one try: $1 cell, $2 OLD, $3 NEW, $4 dir, rest OPTS -> sets $verdict and $change ---------
verdict_of() {  # file -> R I N W, X none printed, E several
  local v
  v=$(grep -oE 'Performance has (regressed|improved)\.|No change in performance detected\.|Change within noise threshold\.' "$1" |
      sed -e 's/.*regressed.*/R/;s/.*improved.*/I/;s/^No change.*/N/;s/^Change within.*/W/' | sort -u | tr -d '\n')
  case ${#v} in 0) echo X ;; 1) echo "$v" ;; *) echo E ;; esac
}
change_of() {  # the change's point estimate: "change: [lo MID hi]", or "time: [lo MID hi]" below
  awk 'function mid() { gsub(/[][]/, ""); for (i = 1; i <= NF; i++) if ($i ~ /%$/ && ++n == 2) { print $i; exit } }
       /change:/ { if (/%/) mid(); c = 1; next }
       c && /time:/ { mid() }' "$1"
}
cpu_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }  # CPU time of our waited-for children
one_try() {
  local old=$2 new=$3 d=$4 rc c0 w0=$EPOCHREALTIME; shift 4
  mkdir -p "$d" && cd "$d" || return
  c0=$(cpu_ticks)
  if [ "$method" = baseline ]; then
    taskset -c "$core" "$old" "${filter_args[@]}" --save-baseline base --output-dir "$d/results" \
      "${common[@]}" "$@" "${extra[@]}" >"$d/old.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && { taskset -c "$core" "$new" "${filter_args[@]}" --baseline base --output-dir "$d/results" \
      "${common[@]}" "$@" "${extra[@]}" >"$d/new.out" 2>&1; rc=$?; }
  else
    taskset -c "$core" "$new" --against "$old" "${filter_args[@]}" --output-dir "$d/results" \
      "${common[@]}" "$@" "${extra[@]}" >"$d/new.out" 2>&1
    rc=$?
  fi
  cd "$work" || return
  # the share of the try's wall time that the benchmark processes got on the CPU: ~100 % when
  # the core was theirs alone, ~75 % under the neighbour; a check on the situation's label
  share=$(echo "$(cpu_ticks) $c0 $(getconf CLK_TCK) $EPOCHREALTIME $w0" |
          awk '{printf "%.0f", 100 * ($1 - $2) / $3 / ($4 - $5)}')
  if [ $rc -ne 0 ]; then verdict=E change="exit$rc"; return; fi
  verdict=$(verdict_of "$d/new.out"); change=$(change_of "$d/new.out"); change=${change:-n/a}
}

declare -A rows raws
silent=0
for cell in "${cell_list[@]}"; do
  case $cell in
    aa) new=${bin[A2]} truth="0 (A/A)" opts=() ;;
    p1) new=${bin[B1010]} truth="+1 %" opts=(--noise-threshold 0.005) ;;
    p2) new=${bin[B1020]} truth="+2 %" opts=() ;;
    p5) new=${bin[B1050]} truth="+5 %" opts=() ;;
  esac
  declare -A count=([R]=0 [I]=0 [N]=0 [W]=0 [X]=0 [E]=0)
  list='' changes='' shares='' sharesum=0 t0=$EPOCHREALTIME
  for ((i = 1; i <= tries; i++)); do
    s0=$EPOCHREALTIME
    one_try "$cell" "${bin[A]}" "$new" "$work/runs/$cell/try$i" "${opts[@]}"
    count[$verdict]=$((count[$verdict] + 1))
    list+="$verdict " changes+="$change " shares+="$share " sharesum=$((sharesum + share))
    printf '%s try %2d: %s %8s  (%.1f s, CPU share %s %%)\n' "$cell" "$i" "$verdict" "$change" \
      "$(echo "$EPOCHREALTIME $s0" | awk '{print $1 - $2}')" "$share" >&2
  done
  per=$(echo "$EPOCHREALTIME $t0 $tries" | awk '{printf "%.1f", ($1 - $2) / $3}')
  other=$((count[X] + count[E])) silent=$((silent + count[X]))
  if [ "$cell" = aa ]; then
    head="false alarms $((count[R] + count[I]))/$tries" wrong="n/a"
  else
    head="detected $((count[R]))/$tries" wrong=${count[I]}
  fi
  rows[$cell]="| $method | $situation | $cell | $truth | ${opts[*]:-} | $tries | ${count[R]} | ${count[I]} | ${count[W]} | ${count[N]} | $other | $head | $wrong | $per | $((sharesum / tries)) % |"
  raws[$cell]="- $cell: verdicts \`$list\`; change estimates \`$changes\`; CPU share % \`$shares\`"
  unset count
done

log "| method | situation | cell | true change | options | tries | regressed | improved | within noise | no change | other | headline | wrong direction | s/try | CPU share |"
log "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for cell in "${cell_list[@]}"; do log "${rows[$cell]}"; done
log ""
log "Raw verdicts (R regressed, I improved, N no change, W within noise, X none printed, E several or a failed call):"
for cell in "${cell_list[@]}"; do log "${raws[$cell]}"; done
[ "$silent" -eq 0 ] ||
  log "WARNING: $silent calls printed no verdict (X): see $work/runs/*/try*/new.out (is --against in this libcrit?)"
