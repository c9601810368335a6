/* usage.h: the runner's side of what a benchmark uses besides wall time (CPU time, allocation
 * counts under --count-allocs, a command's rusage): arming the bencher before measuring and
 * turning its sums into the benchmark's metrics afterwards. Private to run/. */
#ifndef CRIT_USAGE_H
#define CRIT_USAGE_H

#include "measure.h"
#include "runner.h"

/* Before measuring: switches allocation counting on for b when the settings ask for it and
 * this build can count (otherwise warns once per run that it is not available). */
void crit_runner_usage_arm(crit_runner *r, const crit_settings *st, crit_bencher *b);

/* After measuring: b->metrics.usage from the bencher's sums; with allocation counts, also
 * allocs_per_iter and bytes_per_iter from them when the benchmark did not report its own. */
void crit_runner_usage_collect(crit_bencher *b);

#endif
