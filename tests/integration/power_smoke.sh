#!/usr/bin/env bash
# The smoke version of `make power` (tests/perf/power.sh, the power and false-alarm campaign):
# one paired try of the A/A cell and of the +5 % cell with the noisy neighbour on core 0,
# against a release libcrit installed into a temporary prefix. Checks that the campaign runs
# end to end, that each try printed exactly one verdict, that the table has its rows, and that
# the neighbour is gone afterwards. Detection itself is measured by the full campaign, not here.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
plain_make -s install \
  PREFIX="$tmp/prefix" >"$tmp/install.log" 2>&1
check "release libcrit installs" [ $? -eq 0 ]
spinners() { command -v pgrep >/dev/null && pgrep -f 'noisy-neighbour.sh spin' | sort; }
before=$(spinners)
bash tests/perf/power.sh --method paired --situation noisy --cells aa,p5 --tries 1 \
  --prefix "$tmp/prefix" --workdir "$tmp/work" >"$tmp/out" 2>&1
check "power.sh exits 0" [ $? -eq 0 ]
s=$tmp/work/summary.md
check "a row for the A/A cell" grep -Eq '^\| paired \| noisy \| aa \| 0 \(A/A\) \|  \| 1 \|' "$s"
check "a row for the +5 % cell" grep -Eq '^\| paired \| noisy \| p5 \| \+5 % \|  \| 1 \|' "$s"
check "every try printed one verdict (no X or E)" \
  bash -c "grep -E '^- (aa|p5): verdicts' '$s' | grep -Eq 'verdicts \`[RINW] \`' && ! grep -E '^- (aa|p5): verdicts' '$s' | grep -q '[XE] \`'"
check "the paired console line was printed" \
  grep -rq 'paired, [0-9]* rounds' "$tmp/work/runs/p5/try1/new.out"
check "no noisy neighbour of this run left running" \
  [ "$(spinners | comm -13 <(echo "$before") -)" = "" ]
check "bad usage exits 2" bash -c "bash tests/perf/power.sh --method nope --situation quiet 2>/dev/null; [ \$? -eq 2 ]"
finish
