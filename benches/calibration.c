/* calibration.c: the harness's self-checks. calibration/empty measures the loop's own cost
 * (should be <= 1 ns per iteration); calibration/chain1000 is 1000 dependent 64-bit LCG steps,
 * a known latency-bound workload to compare against Google Benchmark on the same machine. */
#include <stdint.h>

#include "suites.h"

static void bench_empty(crit_bencher *b, void *arg) {
    (void)arg;
    CRIT_ITER(b) { crit_clobber_memory(); }
}

/* Each step is behind a barrier, so the compiler can neither fold the chain into a closed form
 * nor vectorise it: 1000 multiply-add latencies per iteration. */
static void bench_chain1000(crit_bencher *b, void *arg) {
    (void)arg;
    uint64_t x = 1;
    CRIT_ITER(b) {
        for (int i = 0; i < 1000; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            CRIT_BLACK_BOX(x);
        }
    }
    CRIT_BLACK_BOX(x);
}

void bench_calibration(crit_runner *r) {
    crit_group *g = crit_group_new(r, "calibration");
    crit_bench(g, "empty", bench_empty, NULL);
    crit_group_throughput(g, CRIT_THROUGHPUT_ELEMENTS, 1000);
    crit_bench(g, "chain1000", bench_chain1000, NULL);
    crit_group_finish(g);
}
