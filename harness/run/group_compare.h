/* group_compare.h: a compared group (crit_group_compare): its benchmarks are kept at
 * registration and run together at crit_group_finish in interleaved rounds (rounds.h), every
 * member with the same iteration count; each member then goes through the normal pipeline
 * (runner.c's crit_runner_finish_bench) with, for the members other than the baseline, the
 * paired ratio to the baseline member (metrics.json "relative", the console line, the exports).
 * Private to run/. */
#ifndef CRIT_GROUP_COMPARE_H
#define CRIT_GROUP_COMPARE_H

#include <stdbool.h>

#include "runner.h"

/* Whether benchmarks registered in g now are kept for crit_group_finish: g is compared and the
 * run measures in-process as usual (not --list, --test, --quick, --against, --aa, --serve or
 * --load-baseline, under which a compared group runs each benchmark at registration as any
 * other group does). */
bool crit_group_compare_defers(const crit_group *g);

/* Keeps a benchmark for the group's rounds. Takes over *id (left zeroed) and `owned` (freed
 * with the member; may be NULL). Exits on out of memory, as registration does. */
void crit_group_compare_add(crit_group *g, crit_bench_id *id, crit_bench_fn fn, void *arg,
                            void *owned);

/* Runs the kept members (those the filter selects, plus the baseline member when it is not
 * selected but another one is): warm-up of every member in turn, one iteration count from the
 * slowest, rounds until the measurement time or --target-precision on the widest
 * member-vs-baseline interval, then each member's results. A missing baseline member fails
 * every selected member; a member that fails or skips itself is reported and left out, and
 * when that member is the baseline the others are reported as not compared (failed, or
 * skipped when the baseline skipped itself). */
void crit_group_compare_run(crit_group *g);

/* Frees the kept members and the baseline id. */
void crit_group_compare_free(crit_group *g);

#endif
