/* suites.h: the bench suites linked into build/bin/bench, one target function per file. */
#ifndef BENCH_SUITES_H
#define BENCH_SUITES_H

#include "crit.h"

/* calibration/empty and calibration/chain1000: the harness's self-checks (calibration.c). */
void bench_calibration(crit_runner *r);
/* harness/analysis_*: the cost of the harness's own analysis (analysis_bench.c). */
void bench_harness(crit_runner *r);

#endif
