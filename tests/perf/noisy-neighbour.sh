#!/usr/bin/env bash
# noisy-neighbour.sh: a "noisy neighbour" for the power and false-alarm campaign (power.sh).
# One process pinned to a core that keeps it 100 % busy for a random 50-400 ms, then sleeps
# for a random 50-400 ms, over and over until it is stopped: a benchmark pinned to the same
# core loses about half of its time in irregular bursts (a co-tenant's compile, a CI job).
#
#   noisy-neighbour.sh run [--core C] CMD [ARGS...]   run CMD with the neighbour on core C
#                                                   (default 0); stops it when CMD ends; on
#                                                   INT/TERM stops both; exits with CMD's status
#   noisy-neighbour.sh start [CORE]                 start it in the background (default core
#                                                   0); prints its pid, records it in PIDFILE
#   noisy-neighbour.sh stop                         stop the one `start` recorded
#   noisy-neighbour.sh spin                         the loop itself, in the foreground, on
#                                                   whatever cores it may use (power.sh runs
#                                                   `taskset -c C noisy-neighbour.sh spin &`)
#
# PIDFILE is ${TMPDIR:-/tmp}/noisy-neighbour.$UID.pid. The busy phase is bash spinning on
# $EPOCHREALTIME (bash >= 5), so no helper binary is needed; the spin process never has a
# spinning child, and its sleep child is killed by its TERM/INT/EXIT trap, so killing the
# spin pid leaves nothing behind. Exit status 2 on bad usage.
set -u
pidfile=${TMPDIR:-/tmp}/noisy-neighbour.$UID.pid
self=$(readlink -f "$0")

usage() {
  sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$self" >&2
  exit 2
}

spin() {  # busy 50-400 ms, idle 50-400 ms, until a signal
  local sleeper='' end
  trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; exit 0' TERM INT HUP
  trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null' EXIT
  while :; do
    end=$(( ${EPOCHREALTIME/./} + (50 + RANDOM % 351) * 1000 ))
    while (( ${EPOCHREALTIME/./} < end )); do :; done
    sleep "0.$(printf '%03d' $((50 + RANDOM % 351)))" &
    sleeper=$!
    wait "$sleeper"    # a signal interrupts wait at once (a foreground sleep would delay it)
    sleeper=
  done
}

core_ok() { [[ $1 =~ ^[0-9]+$ ]] || { echo "noisy-neighbour.sh: bad core '$1'" >&2; exit 2; }; }

[ $# -ge 1 ] || usage
[ -n "${EPOCHREALTIME:-}" ] || { echo "noisy-neighbour.sh: needs bash >= 5 (EPOCHREALTIME)" >&2; exit 2; }
cmd=$1; shift
case $cmd in
  spin)
    [ $# -eq 0 ] || usage
    spin ;;
  run)
    core=0
    if [ "${1:-}" = --core ]; then [ $# -ge 2 ] || usage; core=$2; shift 2; fi
    core_ok "$core"
    [ $# -ge 1 ] || usage
    taskset -c "$core" "$self" spin &
    nn=$! child=
    trap 'kill "$nn" $child 2>/dev/null; wait "$nn" 2>/dev/null' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    # CMD runs in the background (stdin kept) so that a signal to this script is handled at
    # once, not after CMD ends, and takes CMD down with the neighbour.
    "$@" <&0 &
    child=$!
    wait "$child"
    rc=$?
    child=
    exit "$rc" ;;
  start)
    core=${1:-0}; core_ok "$core"
    [ $# -le 1 ] || usage
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "noisy-neighbour.sh: already running (pid $(cat "$pidfile")); stop it first" >&2; exit 1
    fi
    taskset -c "$core" "$self" spin </dev/null >/dev/null 2>&1 &
    echo $! >"$pidfile"
    echo $! ;;
  stop)
    [ $# -eq 0 ] || usage
    [ -s "$pidfile" ] || { echo "noisy-neighbour.sh: not running (no $pidfile)" >&2; exit 1; }
    kill "$(cat "$pidfile")" 2>/dev/null || echo "noisy-neighbour.sh: pid $(cat "$pidfile") was already gone" >&2
    rm -f "$pidfile" ;;
  *) usage ;;
esac
