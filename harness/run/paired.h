/* paired.h: NEW's side of a paired comparison (bench --against OLD, bench --aa): both programs
 * warmed, one iteration count per round from the pooled estimate, rounds run back to back in
 * alternating order until the measurement time is used or the target precision is met, then
 * the paired analysis, the console, the files and the A/A summary. Private to run/. */
#ifndef CRIT_PAIRED_H
#define CRIT_PAIRED_H

#include "model.h"
#include "crit_results.h"
#include "runner.h"

/* Target time of one side's run in a round: short next to a neighbour's busy and idle spells
 * (tens to hundreds of ms), so both sides of a round see the same machine; long next to the
 * protocol's round trip (tens of µs) and the clock. Capped at measurement_time / 20 so at
 * least 10 rounds fit. */
#define CRIT_PAIRED_SAMPLE_NS 1e6
/* Fewest rounds analysed, whatever the time or precision. */
#define CRIT_PAIRED_MIN_ROUNDS 10
/* Most rounds: each side's rounds are saved as its sample.json, which holds at most
 * CRIT_RESULTS_MAX_MEASUREMENTS (the loaders' ceiling, far below the statistics' own
 * CRIT_PAIRED_MAX_N); a run that reaches it stops early, as at the end of its time. */
#define CRIT_PAIRED_MAX_ROUNDS CRIT_RESULTS_MAX_MEASUREMENTS

/* Starts OLD (--against) or this program itself (--aa) for the run. Returns 0, or 2 (the exit
 * status: OLD unusable) after printing one error line. */
int crit_paired_start(crit_runner *r, const char *self);

/* One benchmark of NEW compared with the same id in OLD (or R times with itself under --aa). */
void crit_paired_bench(crit_runner *r, const crit_settings *st, const crit_bench_id *id,
                       crit_bench_fn fn, void *arg);

/* Ends the run's paired side: one line per id that matched the filter in OLD but was never
 * registered by NEW, then stops OLD. `matches` says whether an id passes the filter. */
void crit_paired_finish(crit_runner *r, bool (*matches)(const crit_runner *, const char *));

#endif
