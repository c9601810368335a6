/* power_chain.c: the workload of the "power and false alarm" campaign (tests/perf/power.sh).
 * One benchmark, power/chain: N dependent 64-bit LCG steps per iteration, each behind a
 * barrier, exactly the body of benches/calibration.c's calibration/chain1000 but with N a
 * compile-time constant. Builds of N=1000 (twice), 1010, 1020 and 1050 give a true change
 * of 0, +1 %, +2 % and +5 % in a latency-bound loop, so a comparison method's false alarms
 * (A/A) and its power (A/B) can be counted.
 *
 * Built against an INSTALLED libcrit only (public header, pkg-config):
 *   cc -O2 power_chain.c -o chain1000 $(pkg-config --cflags --libs crit) -DN=1000
 */
#include <crit.h>
#include <stdint.h>

#ifndef N
#define N 1000
#endif

/* Each step is behind a barrier, so the compiler can neither fold the chain into a closed form
 * nor vectorise it: N multiply-add latencies per iteration. */
static void bench_chain(crit_bencher *b, void *arg) {
    (void)arg;
    uint64_t x = 1;
    CRIT_ITER(b) {
        for (int i = 0; i < N; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            CRIT_BLACK_BOX(x);
        }
    }
    CRIT_BLACK_BOX(x);
}

static void power_benches(crit_runner *r) {
    crit_group *g = crit_group_new(r, "power");
    crit_group_throughput(g, CRIT_THROUGHPUT_ELEMENTS, N);
    crit_bench(g, "chain", bench_chain, NULL);
    crit_group_finish(g);
}

CRIT_MAIN(power_benches)
