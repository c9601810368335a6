# tools/lib/results.jq: jq definitions shared by tools/gates.sh and
# tools/compare_pure_execution.sh (include "results"; with jq -L tools/lib). Needs jq >= 1.6.
#
#   formatting   fmt_time, fmt_short, fmt_pct, fixed($p), fixed_floor($p), clean, limit_time
#   reading      context, getnum($r; $rel; $keys), estimates($b), metrics($b)
#   gates        gates_problem, evaluate($r), needs, facts_files, cpython_text($r),
#                speedups($cpy; $ours), line, summary (kinds in gate_kinds;
#                relative_speedup_at_least reads a compared group's metrics.json "relative"
#                block; the speedup kinds name the CPython their baseline timed)
#
# Nothing here raises a jq error on bad input: a value that cannot be read is returned as
# {"e": "<path>: <what is wrong>"} and a good one as {"v": <number>}. (jq 1.6's try/catch
# also catches errors raised downstream of it, so errors are kept out of the data path.)

# ---- number formatting (criterion.rs's format::short and format::time, as harness/core/format.c) ----

# An integral, non-negative number as plain digits (jq prints 1e16 as "1e+16").
def int_str:
  tostring
  | if test("e\\+") then
      (split("e+") as [$m, $e]
       | ($m | split(".")) as $parts
       | ($parts[1] // "") as $frac
       | $parts[0] + $frac + ("0" * (($e | tonumber) - ($frac | length)) // ""))
    else . end;

# The integer $k (the value times 10^$p) rendered with $p decimals.
def _render($p):
  . as $k
  | [1, 10, 100, 1000, 10000][$p] as $s
  | (($k / $s) | floor) as $i0
  | ($k - $i0 * $s) as $d0
  | (if $d0 < 0 then [$i0 - 1, $d0 + $s] elif $d0 >= $s then [$i0 + 1, $d0 - $s] else [$i0, $d0] end) as [$i, $d]
  | ($i | int_str)
    + (if $p > 0 then "." + (($d | int_str) as $ds | ("0" * ($p - ($ds | length)) // "") + $ds) else "" end);

# [k, f, err] for a non-negative double and 0 <= $p <= 4: x = . * 10^$p rounded to a double,
# k = floor(x), f = x - k (exact), and err = the exact product minus x (Dekker's two-product:
# 10^$p has at most 14 bits, so both partial products and their sum are exact).
def _scaled($p):
  [1, 10, 100, 1000, 10000][$p] as $s
  | (. * $s) as $x
  | (. * 134217729) as $c | ($c - ($c - .)) as $hi | (. - $hi) as $lo
  | ($x | floor) as $k
  | [$k, $x - $k, ((($hi * $s) - $x) + ($lo * $s))];

# printf("%.*f", $p, .) for 0 <= $p <= 4, as glibc does it: the exact binary value rounded to
# nearest, an exact tie to even.
def fixed($p):
  if . < 0 then "-" + (-. | fixed($p))
  else
    _scaled($p) as [$k, $f, $err]
    | (if $f > 0.5 then $k + 1
       elif $f < 0.5 then $k
       elif $err > 0 then $k + 1
       elif $err < 0 then $k
       elif ($k - 2 * (($k / 2) | floor)) == 1 then $k + 1
       else $k end)
    | _render($p)
  end;

# Like fixed($p) but rounded down, for a lower bound, so that it never shows more than it is:
# 49.999 -> "49.9". The floor is taken of the product as a double, so 52.3 (whose binary value
# is a hair below 52.3) still shows "52.3".
def fixed_floor($p):
  if . < 0 then "-" + (-. | fixed($p))
  else _scaled($p)[0] | _render($p) end;

# criterion's format::short: 4/3/2/1/0 decimals below 10/100/1000/10000/above.
def fmt_short:
  fixed(if . < 10 then 4 elif . < 100 then 3 elif . < 1000 then 2 elif . < 10000 then 1 else 0 end);

# [value in the unit, unit] for a time in ns: ps below 1 ns, then ns, µs, ms, s.
def _time_unit:
  if . < 1 then [. * 1e3, "ps"]
  elif . < 1e3 then [., "ns"]
  elif . < 1e6 then [. / 1e3, "\u00b5s"]
  elif . < 1e9 then [. / 1e6, "ms"]
  else [. / 1e9, "s"] end;

# criterion's format::time without the padding: 7.5231 ns, 95.412 ns, 954.12 ns, 1.0930 µs.
def fmt_time: _time_unit | "\(.[0] | fmt_short) \(.[1])";

# A fraction as a percentage in the short format: 0.041 -> "4.1000%".
def fmt_pct: (. * 100 | fmt_short) + "%";

# A threshold as written by a person: at most 9 decimals, no trailing zeros (0.1*100 -> "10").
def clean: (. * 1e9 | round) / 1e9 | if . == floor and fabs < 1e15 then int_str else tostring end;

# A time threshold in ns with the unit fmt_time would pick: 150 -> "150 ns", 100000 -> "100 µs".
def limit_time: _time_unit | "\(.[0] | clean) \(.[1])";

def rpad($n): . + (" " * ($n - length) // "");

# ---- reading result files ----

# The reading context from $ARGS: {dir, dirs: {REL: DIR}, files: {REL: {text} | {bad}}}. The
# shell passes each readable file as --rawfile "file:REL" PATH and each unreadable one as --arg
# "bad:REL" REASON; with several results directories (the shards of one run) also --arg
# "dir:REL" DIR, the directory that holds REL's benchmark (dir is the first one).
def context:
  .named as $n
  | {dir: $n.dir,
     dirs: (reduce ($n | to_entries[]) as $x ({};
       if ($x.key | startswith("dir:")) then .[$x.key[4:]] = $x.value else . end)),
     files: (reduce ($n | to_entries[]) as $x ({};
       if ($x.key | startswith("file:")) then .[$x.key[5:]] = {text: $x.value}
       elif ($x.key | startswith("bad:")) then .[$x.key[4:]] = {bad: $x.value}
       else . end))};

# The path of file $rel for messages: under the results directory that holds it.
def path($r; $rel): "\($r.dirs[$rel] // $r.dir)/\($rel)";

def estimates($b): "\($b)/new/estimates.json";
def metrics($b): "\($b)/new/metrics.json";
def instructions($b): "\($b)/instructions/new/instructions.json";

def _typename:
  {"null": "null", "boolean": "a boolean", "number": "a number", "string": "a string",
   "array": "an array", "object": "an object"}[type];

# One parsed file: {v: document} or {e: message}. The whole file is checked, not only the keys
# a gate reads, so a gate never passes on a file crit-compare refuses: jq 1.6's fromjson takes a
# NUL byte inside a string and NaN, Infinity or inf as numbers, none of which is JSON (libcrit's
# decoders refuse them). A number beyond a double (1e999) is refused anywhere as well, where
# libcrit refuses it only under a key it reads: jq cannot tell it from Infinity once parsed.
def doc($r; $rel):
  path($r; $rel) as $p
  | $r.files[$rel] as $f
  | if $f == null then {e: "\($p) was not read"}
    elif $f.bad != null then {e: "\($p) \($f.bad)"}
    elif ($f.text | test("^[ \t\r\n]*$")) then {e: "\($p) is empty"}
    elif ($f.text | index("\u0000")) != null then {e: "\($p) is not valid JSON (contains a NUL byte)"}
    else ($f.text | try {v: fromjson} catch {e: "\($p) is not valid JSON"})
      | if .e == null and any(.v | .. | numbers; isnan or isinfinite) then
          {e: "\($p) is not valid JSON (NaN, Infinity or a number beyond a double)"}
        else . end
    end;

# The finite number at $keys (an array of object keys) in file $rel: {v: n} or {e: message}.
def getnum($r; $rel; $keys):
  path($r; $rel) as $p
  | doc($r; $rel)
  | if .e != null then .
    else
      reduce $keys[] as $k ({x: .v, at: []};
        if .e != null then .
        elif (.x | type) != "object" then
          {e: (if .at == [] then "\($p) is \(.x | _typename), not an object"
               else "\($p): \(.at | join(".")) is \(.x | _typename), not an object" end)}
        elif (.x | has($k) | not) then {e: "\($p): \(.at + [$k] | join(".")) is missing"}
        else {x: .x[$k], at: (.at + [$k])} end)
      | if .e != null then {e}
        elif (.x | type) != "number" then {e: "\($p): \($keys | join(".")) is \(.x | _typename), not a number"}
        elif (.x | isinfinite or isnan) then {e: "\($p): \($keys | join(".")) is not a finite number"}
        else {v: .x} end
    end;

# ---- the gates file ----

# The fields each kind of gate needs: "name" = a benchmark directory under RESULTS_DIR,
# "names" = a non-empty array of them, "number" = a finite number, "string" = non-empty text.
def gate_kinds:
  {"mean_below":             {benchmark: "name", max_ns: "number"},
   "metric_at_most":         {benchmark: "name", metric: "string", max: "number"},
   "results_exist":          {benchmarks: "names"},
   "mean_and_cv_below":      {benchmark: "name", max_ns: "number", max_cv: "number"},
   "mean_upper_bound_below": {benchmark: "name", max_ns: "number"},
   "speedup_at_least":       {benchmark: "name", baseline: "name", min_speedup: "number"},
   "relative_speedup_at_least": {benchmark: "name", baseline: "string", min_speedup: "number"},
   "instructions_at_most":   {benchmark: "name", max: "number"}};

def _is_name:
  type == "string" and test("^[^\\x00-\\x1f]+$") and (startswith("/") | not)
  and (split("/") | all(. != "" and . != "." and . != ".."));

def _field_problem($spec):
  if $spec == "name" then (if _is_name then null else "must be a benchmark directory name" end)
  elif $spec == "names" then
    (if type == "array" and length > 0 and all(_is_name) then null
     else "must be a non-empty array of benchmark directory names" end)
  elif $spec == "number" then
    (if type == "number" and (isinfinite or isnan | not) then null else "must be a number" end)
  else (if type == "string" and test("^[^\\x00-\\x1f]+$") then null else "must be a non-empty string" end)
  end;

# null when the parsed gates file is usable, else one line saying what is wrong with it.
def gates_problem:
  if type != "object" or (.gates | type) != "array" or (.gates | length) == 0 then
    "must be an object with a non-empty \"gates\" array"
  else
    [.gates | to_entries[] | .key as $i | .value as $g
     | "gate \($i + 1)" as $at
     | if ($g | type) != "object" then "\($at) is not an object"
       elif ($g.id | type) != "string" or ($g.id | test("^[A-Za-z0-9_.-]+$") | not) then
         "\($at): \"id\" must be a string of letters, digits, _ . -"
       elif (gate_kinds | has($g.kind | tostring) | not) then
         "\($at) (\($g.id)): unknown kind \($g.kind | tojson); known: \(gate_kinds | keys | join(", "))"
       else
         (gate_kinds[$g.kind] | to_entries[] | .key as $f
          | ($g[$f] | _field_problem(gate_kinds[$g.kind][$f])) as $why
          | select($why != null) | "\($at) (\($g.id)): \"\($f)\" \($why)")
       end]
    + ([.gates[] | objects | .id | strings] | group_by(.) | map(select(length > 1) | "duplicate id \(.[0])"))
    | first(.[]) // null
  end;

# ---- evaluating gates ----

def _mean_keys: ["mean", "point_estimate"];
def _lower_keys: ["mean", "confidence_interval", "lower_bound"];
def _upper_keys: ["mean", "confidence_interval", "upper_bound"];
def _ratio_keys: ["relative", "ratio", "point_estimate"];
def _ratio_upper_keys: ["relative", "ratio", "upper_bound"];
def _rounds_keys: ["relative", "rounds"];

# The numbers a gate reads, as [file, keys] pairs.
def needs:
  if .kind == "mean_below" then [[estimates(.benchmark), _mean_keys]]
  elif .kind == "metric_at_most" then [[metrics(.benchmark), [.metric]]]
  elif .kind == "instructions_at_most" then [[instructions(.benchmark), ["per_iter", "instructions"]]]
  elif .kind == "results_exist" then [.benchmarks[] | [estimates(.), _mean_keys]]
  elif .kind == "mean_and_cv_below" then [[estimates(.benchmark), _mean_keys], [metrics(.benchmark), ["cv"]]]
  elif .kind == "mean_upper_bound_below" then [[estimates(.benchmark), _upper_keys]]
  elif .kind == "speedup_at_least" then
    [[estimates(.baseline), _mean_keys], [estimates(.baseline), _lower_keys], [estimates(.baseline), _upper_keys],
     [estimates(.benchmark), _mean_keys], [estimates(.benchmark), _lower_keys], [estimates(.benchmark), _upper_keys]]
  elif .kind == "relative_speedup_at_least" then
    [[metrics(.benchmark), _ratio_keys], [metrics(.benchmark), _ratio_upper_keys], [metrics(.benchmark), _rounds_keys]]
  else [] end;

# The files a gate reads for what it says besides its numbers: for the speedup kinds, the
# baseline's metrics.json, whose context names the CPython it timed (see cpython_text).
def facts_files:
  if .kind | IN("speedup_at_least", "relative_speedup_at_least") then [metrics(.baseline)] else [] end;

# Every file the gates read, once each, in order.
def needed_files:
  [.gates[] | needs[][0], facts_files[]] | reduce .[] as $f ([]; if index([$f]) then . else . + [$f] end);

def description:
  if .kind == "mean_below" then "\(.benchmark) mean < \(.max_ns | limit_time)"
  elif .kind == "metric_at_most" then "\(.benchmark) \(.metric) <= \(.max | clean)"
  elif .kind == "instructions_at_most" then "\(.benchmark) instructions per iteration <= \(.max | clean)"
  elif .kind == "results_exist" then "\(.benchmarks | join(", ")) results exist"
  elif .kind == "mean_and_cv_below" then "\(.benchmark) mean < \(.max_ns | limit_time) and cv < \(.max_cv * 100 | clean)%"
  elif .kind == "mean_upper_bound_below" then "\(.benchmark) mean upper bound < \(.max_ns | limit_time)"
  elif .kind == "speedup_at_least" then
    "speedup of \(.benchmark) over \(.baseline) >= \(.min_speedup | clean)x (conservative)"
  elif .kind == "relative_speedup_at_least" then
    "speedup of \(.benchmark) over \(.baseline) >= \(.min_speedup | clean)x (conservative, paired)"
  else "unknown kind" end;

# The speedups of $ours over $cpy, each given as {point, lower, upper} in ns: point/point,
# conservative = cpy lower / ours upper, optimistic = cpy upper / ours lower (null when ours
# lower bound is not > 0). {e: message} when ours cannot be divided by.
def speedups($cpy; $ours):
  if $ours.point <= 0 then {e: "the mean is not > 0"}
  elif $ours.upper <= 0 then {e: "the mean's upper bound is not > 0"}
  else {point: ($cpy.point / $ours.point), conservative: ($cpy.lower / $ours.upper),
        optimistic: (if $ours.lower > 0 then $cpy.upper / $ours.lower else null end)} end;

def speedup_text: "\(.conservative | fixed_floor(1))x conservative (point \(.point | fixed(1))x)";

# Which CPython a speedup gate's baseline timed (. is the gate), from the context the bench
# wrote in the baseline's metrics.json: "CPython: EXE VERSION, SELECTION" (python_executable,
# python_version, python_selection: "fastest of 2 by calibration"; results older than the
# selection have no SELECTION), else "CPython: not recorded (why)". Informative only: it never
# fails a gate.
def _oneline: tostring | explode | map(if . < 32 then 63 else . end) | implode;  # control chars -> "?"
def cpython_text($r):
  metrics(.baseline) as $rel
  | path($r; $rel) as $p
  | doc($r; $rel)
  | if .e != null then "CPython: not recorded (\(.e))"
    elif (.v | if type == "object" then .context else null end | type) != "object" then
      "CPython: not recorded (\($p) has no context)"
    elif (.v.context.python_executable | type) != "string" then
      "CPython: not recorded (\($p): context.python_executable is missing)"
    else .v.context as $c
      | "CPython: \($c.python_executable | _oneline)"
        + (if ($c.python_version | type) == "string" then " \($c.python_version | _oneline)" else "" end)
        + (if ($c.python_selection | type) == "string" then ", \($c.python_selection | _oneline)" else "" end)
    end;

# {id, description, measured, pass} for one gate, reading through context $r.
def evaluate($r):
  . as $g
  | [needs[] | . as [$rel, $keys] | getnum($r; $rel; $keys) + {file: $rel}] as $got
  # the first problem of each file, once per file
  | ($got | map(select(.e != null))
     | reduce .[] as $x ([]; if any(.[]; .file == $x.file) then . else . + [$x] end) | map(.e)) as $errs
  | [$got[].v] as $v
  | {id: $g.id, description: description}
  + if $g.kind == "results_exist" then
      ($got | map(select(.e == null)) | length) as $ok
      | {measured: ("\($ok) of \($got | length) present" + ($errs | map("; " + .) | add // "")),
         pass: ($errs == [])}
    elif $errs != [] then {measured: ($errs | join("; ")), pass: false}
    elif $g.kind == "mean_below" then {measured: ($v[0] | fmt_time), pass: ($v[0] < $g.max_ns)}
    elif $g.kind == "metric_at_most" then {measured: ($v[0] | tostring), pass: ($v[0] <= $g.max)}
    elif $g.kind == "instructions_at_most" then
      {measured: "\($v[0] | tostring) instructions/iter", pass: ($v[0] <= $g.max)}
    elif $g.kind == "mean_and_cv_below" then
      {measured: "\($v[0] | fmt_time), cv \($v[1] | fmt_pct)", pass: ($v[0] < $g.max_ns and $v[1] < $g.max_cv)}
    elif $g.kind == "mean_upper_bound_below" then {measured: ($v[0] | fmt_time), pass: ($v[0] < $g.max_ns)}
    elif $g.kind == "speedup_at_least" then
      speedups({point: $v[0], lower: $v[1], upper: $v[2]}; {point: $v[3], lower: $v[4], upper: $v[5]})
      | if .e != null then {measured: "\(path($r; estimates($g.benchmark))): \(.e)", pass: false}
        else {measured: "\(speedup_text); \($g | cpython_text($r))", pass: (.conservative >= $g.min_speedup)} end
    elif $g.kind == "relative_speedup_at_least" then
      # the benchmark's metrics.json "relative" block (a member of a compared group): its time
      # over the baseline member's from the same rounds; the conservative speedup is
      # 1 / the ratio's upper bound
      path($r; metrics($g.benchmark)) as $p
      | (doc($r; metrics($g.benchmark)).v.relative.to) as $to
      | if $to != $g.baseline then
          {measured: "\($p): relative.to is \($to | tojson), not \($g.baseline | tojson)", pass: false}
        elif $v[0] <= 0 or $v[1] <= 0 then {measured: "\($p): the ratio is not > 0", pass: false}
        else {point: (1 / $v[0]), conservative: (1 / $v[1])}
          | {measured: "\(.conservative | fixed_floor(1))x conservative (point \(.point | fixed(1))x, paired, \($v[2]) rounds); \($g | cpython_text($r))",
             pass: (.conservative >= $g.min_speedup)} end
    else {measured: "unknown kind", pass: false} end;

# "PASS  AC1  vm_simple mean < 150 ns: 7.5231 ns"
def line: "\(if .pass then "PASS" else "FAIL" end)  \(.id)  \(.description): \(.measured)";

# "gates: N passed, M failed" for an array of evaluated gates.
def summary: "gates: \(map(select(.pass)) | length) passed, \(map(select(.pass | not)) | length) failed";
