/* hello.c: the smallest complete crit benchmark program, built against an installed libcrit
 * (see Makefile and README.md here). It includes only the public header <crit.h>.
 *
 *   ./hello                    run every benchmark (results under ./results or $CRIT_HOME)
 *   ./hello --test             run each benchmark once to check that it works
 *   ./hello fib --quick        only the ids matching the regex "fib", stopping early
 */
#include <crit.h>

/* Naive recursive Fibonacci: enough work per call to be worth timing. */
static uint64_t fib(uint64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* hello/sum: the loop body is inlined between two clock reads by CRIT_ITER. */
static void bench_sum(crit_bencher *b, void *arg) {
    (void)arg;
    uint64_t acc = 0;
    CRIT_ITER(b) {
        for (uint64_t i = 0; i < 100; i++)
            acc += i;
        CRIT_BLACK_BOX(acc); /* keeps the compiler from folding the loop away */
    }
}

/* hello/fib/N: one benchmark per input, as criterion's BenchmarkId::new("fib", n). */
static void bench_fib(crit_bencher *b, void *arg) {
    uint64_t n = *(const uint64_t *)arg;
    CRIT_ITER(b) {
        CRIT_BLACK_BOX(n); /* n is treated as unknown, so fib(n) cannot be precomputed */
        uint64_t r = fib(n);
        CRIT_BLACK_BOX(r);
    }
}

static void hello_benches(crit_runner *r) {
    static const uint64_t inputs[] = {10, 15};
    static const char *const names[] = {"10", "15"};
    crit_group *g = crit_group_new(r, "hello");
    crit_group_measurement_time(g, 2.0); /* the command line (--measurement-time) still wins */
    crit_bench(g, "sum", bench_sum, NULL);
    for (int i = 0; i < 2; i++)
        crit_bench_with_input(g, "fib", names[i], bench_fib, (void *)&inputs[i]);
    crit_group_finish(g);
}

CRIT_GROUP(benches, hello_benches)
CRIT_MAIN(benches)
