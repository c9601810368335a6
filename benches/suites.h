/* suites.h: the bench suites linked into build/bin/bench, one target function per file. */
#ifndef BENCH_SUITES_H
#define BENCH_SUITES_H

#include "crit.h"

/* calibration/empty and calibration/chain1000: the harness's self-checks (calibration.c). */
void bench_calibration(crit_runner *r);
/* harness/analysis_*: the cost of the harness's own analysis (analysis_bench.c). */
void bench_harness(crit_runner *r);
/* harness/report_100x100k: the HTML report's cost (report_bench.c). */
void bench_report(crit_runner *r);

/* minipy's stages on `2 + 3` (lexer_simple ... warm_execution) (interp_stages.c). */
void bench_interp_simple(crit_runner *r);
/* lexer/, parser/, compiler/, vm/, format/, cold_start/ over six workloads (interp_stages.c). */
void bench_interp_workloads(crit_runner *r);
/* CPython as a process and in-process, minipy's CLI as a process, and the ac6 group: minipy's
 * cold start paired with CPython's in-process execution (crit_group_compare) (baselines.c). */
void bench_baselines(crit_runner *r);

/* cold_start_simple's body on `2 + 3` (interp_stages.c), for the ac6 group: a subject made by
 * bench_cold_start_new (exits when out of memory), run by bench_cold_start_run with it as `arg`,
 * freed by bench_cold_start_free (NULL is fine). */
typedef struct bench_cold_start bench_cold_start;
bench_cold_start *bench_cold_start_new(void);
void bench_cold_start_run(crit_bencher *b, void *arg);
void bench_cold_start_free(bench_cold_start *c);

/* Fills s (allocated here; abort on failure) with a Linear sample of n points of i*1000
 * iterations at about `ns` per iteration with a deterministic +-5% jitter from seed: the
 * fixed input of the harness's own benchmarks (fixtures.c). */
struct crit_sample;
void bench_jittered_sample(struct crit_sample *s, size_t n, double ns, unsigned seed);

#endif
