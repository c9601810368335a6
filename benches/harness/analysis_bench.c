/* analysis_bench.c: times the harness's own analysis (all statistics, slope and a baseline
 * comparison) on 100 samples with 100 000 resamples, the budget being <= 0.25 s, without and
 * with keeping the bootstrap distributions the HTML report plots. */
#include <stdlib.h>

#include "analysis.h"
#include "sample.h"
#include "suites.h"

typedef struct fixture {
    crit_sample now, base;
    crit_analysis_config cfg;
} fixture;

static void bench_analyze(crit_bencher *b, void *arg) {
    fixture *f = arg;
    CRIT_ITER(b) {
        crit_analysis a;
        if (crit_analyze(&f->now, &f->base, &f->cfg, &a) == 0) {
            crit_black_box(&a);
            crit_analysis_fini(&a);
        }
    }
}

void bench_harness(crit_runner *r) {
    fixture f = {.cfg = {100000, 0.95, 0.05, 0.01, 1, false}};
    bench_jittered_sample(&f.now, 100, 10.0, 1);
    bench_jittered_sample(&f.base, 100, 10.5, 2);
    crit_group *g = crit_group_new(r, "harness");
    crit_group_sample_size(g, 10);
    crit_group_warm_up_time(g, 1.0);
    crit_group_measurement_time(g, 3.0);
    crit_bench(g, "analysis_100x100k", bench_analyze, &f);
    fixture keep = f; /* the same samples, borrowed */
    keep.cfg.keep_distributions = true;
    crit_bench(g, "analysis_keep_100x100k", bench_analyze, &keep);
    crit_group_finish(g);
    crit_sample_fini(&f.now);
    crit_sample_fini(&f.base);
}
