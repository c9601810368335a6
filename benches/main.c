/* main.c: the bench runner build/bin/bench: every suite, in order (criterion_main! style). */
#include "suites.h"

CRIT_MAIN(bench_calibration, bench_harness)
