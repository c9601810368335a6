# shellcheck shell=bash
# tools/lib/results.sh: shell helpers shared by tools/gates.sh and tools/compare_pure_execution.sh
# (sourced, after the caller has set tools_dir to its own directory). The logic and the
# formatting are jq, in tools/lib/results.jq; this file only finds the files and hands them over.
#
#   usage_error MSG        one line "PROG: MSG" on stderr, exit 2
#   parse_args USAGE ARG...  the scripts' command line: -h/--help prints USAGE, --json (only
#                          when USAGE offers it) sets json=true, then at most one RESULTS_DIR
#                          (several when USAGE says RESULTS_DIR...; default $CRIT_HOME, else
#                          results), each through set_results_dir into results_dirs (and the
#                          first into results_dir); several must be disjoint (check_disjoint)
#   set_results_dir DIR    results_dir=DIR without trailing slashes; exit 2 if not a directory
#   check_disjoint         exit 2 naming both directories when a benchmark directory (one with
#                          a new/ or instructions/new/ directory) is in two of results_dirs:
#                          the shards of one run never share one
#   load_gates             checks $tools_dir/gates.json (exit 2 with one line if unusable)
#   read_results REL...    file_args=(...) passing each REL to jq (see context in results.jq),
#                          from the results directory that holds its benchmark (dir_of): its
#                          text, or why it cannot be read
#   run_jq ARGS...         jq_out=$(jq -n -r ARGS...) with the library, gates.json ($gates) and
#                          file_args; a jq failure is one "PROG: internal error: ..." line, exit 2

prog=${0##*/}
# shellcheck disable=SC2154  # tools_dir is set by the sourcing script
lib_dir=$tools_dir/lib
gates_file=$tools_dir/gates.json
file_args=()
results_dirs=()
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
  [ $# -le 1 ] || [[ $usage == *RESULTS_DIR...* ]] || usage_error "too many arguments ($usage)"
  [ $# -ge 1 ] || set -- "${CRIT_HOME:-results}"
  local d
  for d in "$@"; do
    set_results_dir "$d"
    results_dirs+=("$results_dir")
  done
  results_dir=${results_dirs[0]}
  [ ${#results_dirs[@]} -eq 1 ] || check_disjoint
}

check_disjoint() {
  local d dup
  # "REL<TAB>DIR" for every benchmark directory of every results directory; the first REL
  # listed under two different DIRs is an overlap
  dup=$(for d in "${results_dirs[@]}"; do
      (cd "$d" && find . -type d -name new -not -path '*/.*/*' -print 2>/dev/null) |
        sed -e 's|^\./||' -e 's|/new$||' -e 's|/instructions$||' | sort -u | sed "s|\$|\t$d|"
    done | awk -F '\t' '($1 in at) && at[$1] != $2 { print $1 "\t" at[$1] "\t" $2; exit } { at[$1] = $2 }')
  [ -z "$dup" ] || usage_error "benchmark ${dup%%$'\t'*} is in both $(cut -f2 <<<"$dup") and" \
    "$(cut -f3 <<<"$dup"): results directories read as one must be disjoint (the shards of one run)"
}

# The results directory that holds file REL (among results_dirs): the one where the longest
# existing leading part of REL exists, when exactly one directory has it; else the first
# directory when there is only one, else the list "{DIR1,DIR2,...}" (for messages: nowhere).
dir_of() {
  local rel=$1 part=$1 d found
  [ ${#results_dirs[@]} -gt 1 ] || { echo "$results_dir"; return; }
  while [ -n "$part" ]; do
    found=()
    for d in "${results_dirs[@]}"; do [ -e "$d/$part" ] && found+=("$d"); done
    [ ${#found[@]} -eq 1 ] && { echo "${found[0]}"; return; }
    [ ${#found[@]} -gt 1 ] && break
    [ "${part%/*}" != "$part" ] || break
    part=${part%/*}
  done
  (IFS=,; echo "{${results_dirs[*]}}")
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
  local rel path dir
  file_args=(--arg dir "$results_dir")
  for rel in "$@"; do
    dir=$(dir_of "$rel")
    [ ${#results_dirs[@]} -eq 1 ] || file_args+=(--arg "dir:$rel" "$dir")
    path=$dir/$rel
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
