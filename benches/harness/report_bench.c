/* report_bench.c: what the HTML report adds to a benchmark's analysis. harness/report_100x100k
 * times crit_report_bench (every plot and the page, written to a temporary directory) for a
 * 100-sample Linear sample analysed once, outside the timing, with 100 000 resamples, a
 * baseline and kept distributions; read it against harness/analysis_100x100k (the budget is
 * 10% of it, and harness/analysis_keep_100x100k is the analysis that keeps the distributions
 * the report needs). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "benchid.h"
#include "fs.h"
#include "report.h"
#include "sample.h"
#include "suites.h"

typedef struct fixture {
    crit_sample now, base;
    crit_analysis_config cfg;
    crit_analysis a;
    bool analysed;
    crit_bench_id id;
    char dir[64];
    int rc;
    char err[512];
} fixture;

static void bench_write_report(crit_bencher *b, void *arg) {
    fixture *f = arg;
    if (!f->analysed) { /* once, untimed: only the report is measured */
        if (crit_analyze(&f->now, &f->base, &f->cfg, &f->a) != 0) {
            crit_bencher_fail(b, "crit_analyze failed");
            return;
        }
        f->analysed = true;
    }
    CRIT_ITER(b) {
        int rc = crit_report_bench(f->dir, &f->id, &f->now, &f->a, &f->base, NULL, f->err,
                                   sizeof f->err);
        if (rc)
            f->rc = rc;
    }
    if (f->rc)
        crit_bencher_fail(b, "crit_report_bench: %s", f->err);
}

void bench_report(crit_runner *r) {
    static fixture f; /* large (err buffer); one per run */
    f = (fixture){.cfg = {100000, 0.95, 0.05, 0.01, 1, true}};
    snprintf(f.dir, sizeof f.dir, "/tmp/crit-report-bench.XXXXXX");
    if (!mkdtemp(f.dir))
        abort();
    bench_jittered_sample(&f.now, 100, 10.0, 1);
    bench_jittered_sample(&f.base, 100, 10.5, 2);
    if (crit_bench_id_init(&f.id, "bench", "report", NULL,
                           (crit_throughput){CRIT_THROUGHPUT_NONE, 0}))
        abort();
    crit_group *g = crit_group_new(r, "harness");
    crit_group_sample_size(g, 10);
    crit_group_warm_up_time(g, 1.0);
    crit_group_measurement_time(g, 3.0);
    crit_bench(g, "report_100x100k", bench_write_report, &f);
    crit_group_finish(g);
    crit_fs_remove_tree(f.dir, NULL, 0);
    crit_analysis_fini(&f.a);
    crit_bench_id_fini(&f.id);
    crit_sample_fini(&f.now);
    crit_sample_fini(&f.base);
}
