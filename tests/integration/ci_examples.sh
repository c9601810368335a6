#!/usr/bin/env bash
# The example CI files (examples/ci/github-actions.yml, gitlab-ci.yml) do what they say: their
# commands, extracted with awk (a `run:` line per step; a `- ` line per `script:` item), run
# here with the matrix variables substituted: the bench job 4 times in parallel (shard K/4,
# BENCH_ARGS set to a small FILTER and short times), then the merge job on the 4 directories.
# The 4 directories hold exactly the ids of the unsharded selection, once each; every merge
# command exits 0 (the final gates.sh 0 or 1); and every gate found its inputs in the merged
# directories. Setup lines (install-deps, make) are skipped: make test has built everything.
# When python3's yaml module is there, the awk extraction is also checked against a real YAML
# parse (python is never needed otherwise).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
repo=$PWD
abs_bin=$(cd "$BIN" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
FILTER='^(lexer|parser|compiler|vm|cold_start)_simple$|^ac6/'
export BENCH_ARGS="$FILTER --warm-up-time 0.05 --measurement-time 0.1 --nresamples 5000 --quiet"

# "JOB<TAB>COMMAND" for every command of a GitHub Actions file: `run:` lines under jobs.
extract_github() {
  awk '/^jobs:/ { in_jobs = 1; next }
       in_jobs && /^  [A-Za-z0-9_-]+:[ \t]*$/ { job = $1; sub(/:$/, "", job); next }
       in_jobs && /^[ \t]+(- )?run: / { cmd = $0; sub(/^[ \t]+(- )?run: /, "", cmd); print job "\t" cmd }' "$1"
}
# The same for a GitLab file: the `- ` items of each top-level job's `script:`.
extract_gitlab() {
  awk '/^[A-Za-z0-9_-]+:/ { job = $1; sub(/:.*$/, "", job); in_script = 0; next }
       /^  script:[ \t]*$/ { in_script = 1; next }
       /^  [^ ]/ { in_script = 0 }
       in_script && /^    - / { cmd = $0; sub(/^    - /, "", cmd); print job "\t" cmd }' "$1"
}
# The commands of one job, setup left out.
job_cmds() {  # file of JOB<TAB>CMD, job
  awk -F '\t' -v j="$2" '$1 == j { print $2 }' "$1" | grep -v -e 'install-deps' -e '^make '
}

# Same commands from PyYAML, when it is installed (the awk above must not miss or mangle any).
yaml_cmds() {  # file, kind
  python3 - "$1" "$2" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
if sys.argv[2] == "github":
    for job, spec in doc["jobs"].items():
        for step in spec["steps"]:
            if "run" in step:
                print(job + "\t" + step["run"])
else:
    for job, spec in doc.items():
        if isinstance(spec, dict) and "script" in spec:
            for cmd in spec["script"]:
                print(job + "\t" + cmd)
PY
}

# Runs one CI file's flow in its own directory; $1 name, $2 file, $3 github|gitlab.
flow() {
  local name=$1 file=$2 kind=$3 w=$tmp/$1 k cmd i rc
  mkdir -p "$w"; ln -s "$repo/tools" "$w/tools"
  "extract_$kind" "$file" >"$w/cmds"
  if python3 -c 'import yaml' 2>/dev/null; then
    yaml_cmds "$file" "$kind" >"$w/cmds.yaml"
    check "$name: awk extracts what YAML parses" diff -u "$w/cmds.yaml" "$w/cmds"
  fi
  check "$name: one bench command" [ "$(job_cmds "$w/cmds" bench | wc -l)" -eq 1 ]
  check "$name: four merge commands" [ "$(job_cmds "$w/cmds" merge | wc -l)" -eq 4 ]
  cmd=$(job_cmds "$w/cmds" bench | sed -e "s|build/bin/|$abs_bin/|g")
  for k in 1 2 3 4; do
    (cd "$w" && CI_NODE_INDEX=$k CI_NODE_TOTAL=4 sh -ec "${cmd//'${{ matrix.shard }}'/$k}" \
      >"$w/bench$k.out" 2>"$w/bench$k.err"; echo $? >"$w/bench$k.rc") &
  done
  wait
  for k in 1 2 3 4; do
    check "$name: shard $k exits 0" [ "$(cat "$w/bench$k.rc")" = 0 ]
    check "$name: shard $k wrote results-$k" [ -d "$w/results-$k" ]
  done
  find "$w"/results-[1-4] -path '*/new/benchmark.json' -exec jq -r .full_id {} + | sort >"$w/ids"
  # shellcheck disable=SC2086  # FILTER and the options are separate words, as in the examples
  "$BIN/bench" $BENCH_ARGS --list | sed 's/: benchmark$//' | sort >"$w/want"
  check "$name: the shards ran the unsharded selection, each id once" diff -u "$w/want" "$w/ids"
  i=0
  while IFS= read -r cmd; do
    i=$((i + 1))
    (cd "$w" && sh -ec "${cmd//build\/bin\//$abs_bin/}" >"$w/merge$i.out" 2>"$w/merge$i.err")
    rc=$?
    if [ $i -lt 4 ]; then
      check "$name: merge step $i exits 0 ($cmd)" [ $rc -eq 0 ]
    else
      check "$name: gates exit 0 or 1" [ $rc -le 1 ]
    fi
    [ $rc -le 1 ] || sed 's/^/  | /' "$w/merge$i.err" >&2
  done < <(job_cmds "$w/cmds" merge)
  check "$name: six gate lines" [ "$(grep -cE '^(PASS|FAIL)  AC[1-6] ' "$w/merge4.out")" -eq 6 ]
  check "$name: every gate found its inputs" bash -c '! grep -E "missing|was not read|in both" "$1" >&2' _ "$w/merge4.out"
  check "$name: gates.json has six gates" jqt "$w/gates.json" 'length == 6'
  check "$name: PERFORMANCE.md written" grep -q "perfdoc:begin results" "$w/PERFORMANCE.md"
  check "$name: crit-compare has a row per id" \
    [ "$(grep -cE ' (no_change|within_noise|improved|regressed)$' "$w/merge3.out")" -eq "$(wc -l <"$w/want")" ]
}

flow github examples/ci/github-actions.yml github
flow gitlab examples/ci/gitlab-ci.yml gitlab
finish
