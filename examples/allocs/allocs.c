/* allocs.c: allocation counting (--count-allocs, crit_group_count_allocs) on a benchmark whose
 * allocations are known exactly, and the cost of counting on a malloc/free pair.
 *
 *   allocs/three      3 mallocs (24, 1000 and 4096 bytes: 5120 bytes) and 3 frees per iteration:
 *                     `--count-allocs` reports "allocs: 3 /iter  bytes: 5120 /iter  frees: 3 /iter"
 *   allocs/pair       one malloc(64) and its free: run it with and without --count-allocs to
 *                     see what counting adds to an allocation (docs/results-format.md)
 *   counted/three     allocs/three in a group that counts by itself (crit_group_count_allocs)
 *
 * Built by the crit Makefile into build/tests/example_allocs (tests/integration/count_allocs.sh);
 * against an installed libcrit: cc -O2 allocs.c $(pkg-config --cflags --libs crit). */
#include <stdlib.h>

#include "crit.h"

/* Sizes the compiler cannot see through, so it can neither elide nor merge the allocations. */
static volatile size_t sizes[3] = {24, 1000, 4096};

static void three(void *arg) {
    (void)arg;
    void *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = malloc(sizes[i]);
        crit_black_box(p[i]);
    }
    for (int i = 0; i < 3; i++)
        free(p[i]);
}

static void bench_three(crit_bencher *b, void *arg) { crit_iter(b, three, arg); }

static void bench_pair(crit_bencher *b, void *arg) {
    (void)arg;
    CRIT_ITER(b) {
        void *p = malloc(sizes[0] + 40);
        crit_black_box(p);
        free(p);
    }
}

static void allocs_targets(crit_runner *r) {
    crit_group *g = crit_group_new(r, "allocs");
    crit_bench(g, "three", bench_three, NULL);
    crit_bench(g, "pair", bench_pair, NULL);
    crit_group_finish(g);

    g = crit_group_new(r, "counted");
    crit_group_count_allocs(g, true);
    crit_bench(g, "three", bench_three, NULL);
    crit_group_finish(g);
}

CRIT_MAIN(allocs_targets)
