/* main.c: the bench runner build/bin/bench: every suite, in order (criterion_group! and
 * criterion_main! style). */
#include "suites.h"

CRIT_GROUP(interp_suites, bench_interp_simple, bench_baselines, bench_interp_workloads)
CRIT_GROUP(harness_suites, bench_calibration, bench_harness, bench_report)

CRIT_MAIN(interp_suites, harness_suites)
