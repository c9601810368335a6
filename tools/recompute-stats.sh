#!/usr/bin/env bash
# recompute-stats.sh RESULTS_DIR: recomputes each benchmark's statistics from new/sample.json
# with jq alone (an implementation independent of libcrit's C/GSL code) and checks them against
# new/estimates.json, new/tukey.json and new/metrics.json. Prints one PASS/FAIL line per
# benchmark; exits 1 if any FAIL (or if no sample was found).
set -u
dir=${1:-results}
fail=0 found=0
while IFS= read -r sample; do
  found=$((found + 1))
  new=$(dirname "$sample")
  verdict=$(jq -n -r --slurpfile s "$sample" --slurpfile e "$new/estimates.json" \
      --slurpfile t "$new/tukey.json" --slurpfile m "$new/metrics.json" '
    def q(p): . as $s | length as $n | (p * ($n - 1)) as $r | ($r | floor) as $i
      | ($r - $i) as $f | if $i + 1 < $n then $s[$i] + ($s[$i + 1] - $s[$i]) * $f else $s[$i] end;
    def close(a; b): ((a - b) | fabs) <= 1e-9 * ([(a | fabs), (b | fabs), 1e-300] | max);
    def mean: add / length;
    ($s[0]) as $S | [range(0; $S.iters | length) | $S.times[.] / $S.iters[.]] as $a
    | ($a | sort) as $sorted | ($a | length) as $n | ($a | mean) as $mean
    | (([$a[] | (. - $mean) * (. - $mean)] | add) / ($n - 1) | sqrt) as $sd
    | ($sorted | q(0.5)) as $med
    | ([$a[] | (. - $med) | fabs] | sort | q(0.5) * 1.4826) as $mad
    | ($sorted | q(0.25)) as $q1 | ($sorted | q(0.75)) as $q3 | ($q3 - $q1) as $iqr
    | [$q1 - 3 * $iqr, $q1 - 1.5 * $iqr, $q3 + 1.5 * $iqr, $q3 + 3 * $iqr] as $fences
    | ([range(0; $n) | $S.iters[.] * $S.times[.]] | add) as $sxy
    | ([$S.iters[] | . * .] | add) as $sxx
    | [
        ["mean", close($mean; $e[0].mean.point_estimate)],
        ["std_dev", close($sd; $e[0].std_dev.point_estimate)],
        ["median", close($med; $e[0].median.point_estimate)],
        ["median_abs_dev", close($mad; $e[0].median_abs_dev.point_estimate)],
        ["slope", if $S.sampling_mode == "Linear" then close($sxy / $sxx; $e[0].slope.point_estimate)
                  else $e[0].slope == null end],
        ["tukey", ([range(0; 4) | close($fences[.]; $t[0][.])] | all)],
        ["cv", close($sd / $mean; $m[0].cv)],
        ["p50", close($med; $m[0].p50)],
        ["p90", close($sorted | q(0.9); $m[0].p90)],
        ["p99", close($sorted | q(0.99); $m[0].p99)],
        ["outliers", ([$a[] | select(. < $fences[0])] | length) == $m[0].outliers.low_severe
           and ([$a[] | select(. >= $fences[0] and . < $fences[1])] | length) == $m[0].outliers.low_mild
           and ([$a[] | select(. > $fences[2] and . <= $fences[3])] | length) == $m[0].outliers.high_mild
           and ([$a[] | select(. > $fences[3])] | length) == $m[0].outliers.high_severe]
      ] | map(select(.[1] != true) | .[0]) | if length == 0 then "PASS" else "FAIL " + join(",") end' 2>&1)
  case "$verdict" in PASS) ;; *) fail=1 ;; esac
  echo "$verdict ${new#"$dir"/}"
done < <(find "$dir" -path '*/new/sample.json' | sort)
if [ "$found" -eq 0 ]; then echo "FAIL no new/sample.json under $dir"; exit 1; fi
exit $fail
