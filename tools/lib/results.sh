# shellcheck shell=bash
# tools/lib/results.sh: shell helpers shared by tools/gates.sh and tools/compare_pure_execution.sh
# (sourced, after the caller has set tools_dir to its own directory). The logic and the
# formatting are jq, in tools/lib/results.jq; this file only finds the files and hands them over.
#
#   usage_error MSG        one line "PROG: MSG" on stderr, exit 2
#   parse_args USAGE ARG...  the scripts' command line: -h/--help prints USAGE, --json (only
#                          when USAGE offers it) sets json=true, then at most one RESULTS_DIR
#                          (default $CRIT_HOME, else results) goes to set_results_dir
#   set_results_dir DIR    results_dir=DIR without trailing slashes; exit 2 if not a directory
#   load_gates             checks $tools_dir/gates.json (exit 2 with one line if unusable)
#   read_results REL...    file_args=(...) passing each RESULTS_DIR/REL to jq (see context
#                          in results.jq): its text, or why it cannot be read
#   run_jq ARGS...         jq_out=$(jq -n -r ARGS...) with the library, gates.json ($gates) and
#                          file_args; a jq failure is one "PROG: internal error: ..." line, exit 2

prog=${0##*/}
# shellcheck disable=SC2154  # tools_dir is set by the sourcing script
lib_dir=$tools_dir/lib
gates_file=$tools_dir/gates.json
file_args=()
jq_out=

usage_error() {
  echo "$prog: $*" >&2
  exit 2
}

command -v jq >/dev/null 2>&1 || usage_error "jq is required but was not found in PATH"
[ -r "$lib_dir/results.jq" ] || usage_error "cannot read $lib_dir/results.jq"

parse_args() {
  local usage=$1
  shift
  json=false
  while [ $# -gt 0 ]; do
    case $1 in
      --json) [[ $usage == *--json* ]] || usage_error "unknown option '$1' ($usage)"; json=true ;;
      --gates)
        [[ $usage == *--gates* ]] || usage_error "unknown option '$1' ($usage)"
        [ $# -ge 2 ] || usage_error "--gates needs a file ($usage)"
        gates_file=$2; shift ;;
      -h | --help) echo "$usage"; exit 0 ;;
      --) shift; break ;;
      -?*) usage_error "unknown option '$1' ($usage)" ;;
      *) break ;;
    esac
    shift
  done
  [ $# -le 1 ] || usage_error "too many arguments ($usage)"
  if [ $# -eq 1 ]; then set_results_dir "$1"; else set_results_dir "${CRIT_HOME:-results}"; fi
}

set_results_dir() {
  results_dir=$1
  while [ "$results_dir" != / ] && [ "${results_dir%/}" != "$results_dir" ]; do
    results_dir=${results_dir%/}
  done
  [ -d "$results_dir" ] || usage_error "RESULTS_DIR '$1' is not a directory"
}

load_gates() {
  local why
  [ -e "$gates_file" ] || usage_error "$gates_file is missing"
  if [ ! -f "$gates_file" ] || [ ! -r "$gates_file" ]; then usage_error "cannot read $gates_file"; fi
  why=$(jq -n -r -L "$lib_dir" --rawfile t "$gates_file" 'include "results";
      ($t | try {v: fromjson} catch null) as $d
      | if $d == null then "is not valid JSON (one JSON object expected)" else ($d.v | gates_problem // "") end' 2>&1) ||
    usage_error "cannot read $gates_file: ${why%%$'\n'*}"
  [ -z "$why" ] || usage_error "$gates_file: $why"
}

read_results() {
  local rel path
  file_args=(--arg dir "$results_dir")
  for rel in "$@"; do
    path=$results_dir/$rel
    if [ ! -e "$path" ]; then
      file_args+=(--arg "bad:$rel" "is missing")
    elif [ ! -f "$path" ]; then
      file_args+=(--arg "bad:$rel" "is not a regular file")
    elif [ ! -r "$path" ]; then
      file_args+=(--arg "bad:$rel" "is not readable")
    else
      file_args+=(--rawfile "file:$rel" "$path")
    fi
  done
}

# shellcheck disable=SC2034  # jq_out is read by the sourcing script
run_jq() {
  local errf rc err
  errf=$(mktemp "${TMPDIR:-/tmp}/$prog.XXXXXX") || usage_error "cannot create a temporary file"
  jq_out=$(jq -n -r -L "$lib_dir" --slurpfile gates "$gates_file" "${file_args[@]}" "$@" 2>"$errf")
  rc=$?
  err=$(head -n 1 "$errf")
  rm -f "$errf"
  [ $rc -eq 0 ] || usage_error "internal error: jq exited $rc: $err"
}
