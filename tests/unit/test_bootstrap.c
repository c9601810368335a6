/* test_bootstrap.c: the chunked bootstrap (bootstrap.c): chunk coverage, seeding, results
 * independent of the thread count, reproducible by seed, exact on degenerate data, interval
 * summaries, and ~95% coverage of a known mean. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "stats.h"

#define assert_close(a, b, tol) close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what, const char *file,
                          int line) {
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (tol %g)", file, line, what, a, b, tol);
}

static gsl_rng *seeded(unsigned long seed) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, seed);
    return r;
}

/* Four distributions of B doubles in one block. */
typedef struct dists {
    double *block;
    crit_bootstrap_univariate_out out;
} dists;

static dists dists_new(size_t nresamples) {
    dists d;
    d.block = malloc(4 * nresamples * sizeof *d.block);
    assert_non_null(d.block);
    d.out = (crit_bootstrap_univariate_out){d.block, d.block + nresamples, d.block + 2 * nresamples,
                                            d.block + 3 * nresamples};
    return d;
}

/* ---- the chunk runner ---- */

typedef struct hits_ctx {
    int *hits;
} hits_ctx;

static void hits_kernel(const void *vctx, gsl_rng *rng, size_t start, size_t end, void *scratch) {
    const hits_ctx *c = vctx;
    (void)rng;
    (void)scratch;
    for (size_t i = start; i < end; i++)
        c->hits[i]++; /* chunks own disjoint slices: no race */
}

static void test_run_covers_each_resample_once(void **state) {
    (void)state;
    /* (B, chunks): 10 in 4 chunks of 3 (3,3,3,1); 2 in 32 chunks of 1 (30 empty); 100 in 32. */
    const size_t cases[][2] = {{10, 4}, {2, 32}, {100, 32}, {1, 1}, {7, 7}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        for (unsigned threads = 1; threads <= 3; threads++) {
            int hits[100] = {0};
            hits_ctx ctx = {hits};
            gsl_rng *master = seeded(1);
            gsl_rng *twin = gsl_rng_clone(master);
            crit_bootstrap b = {cases[k][0], master, threads};
            assert_int_equal(crit_bootstrap_run(&b, cases[k][1], hits_kernel, &ctx, 16), 0);
            for (size_t i = 0; i < cases[k][0]; i++)
                assert_int_equal(hits[i], 1);
            /* the master gave exactly one seed per chunk */
            for (size_t c = 0; c < cases[k][1]; c++)
                gsl_rng_get(twin);
            assert_true(gsl_rng_get(twin) == gsl_rng_get(master));
            gsl_rng_free(twin);
            gsl_rng_free(master);
        }
    }
}

static void test_run_rejects_bad_arguments(void **state) {
    (void)state;
    int hits[4] = {0};
    hits_ctx ctx = {hits};
    gsl_rng *master = seeded(1);
    crit_bootstrap zero = {0, master, 1}, norng = {4, NULL, 1}, ok = {4, master, 1};
    assert_int_equal(crit_bootstrap_run(&zero, 4, hits_kernel, &ctx, 0), GSL_EINVAL);
    assert_int_equal(crit_bootstrap_run(&norng, 4, hits_kernel, &ctx, 0), GSL_EINVAL);
    assert_int_equal(crit_bootstrap_run(&ok, 0, hits_kernel, &ctx, 0), GSL_EINVAL);
    double one[1] = {1};
    dists d = dists_new(4);
    assert_int_equal(crit_bootstrap_univariate(&ok, one, 1, &d.out), GSL_EINVAL);
    assert_int_equal(crit_bootstrap_slope(&ok, one, one, 0, d.block), GSL_EINVAL);
    free(d.block);
    gsl_rng_free(master);
}

/* ---- resampling ---- */

static void test_resample_sorted(void **state) {
    (void)state;
    const double sorted[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double out[10 + CRIT_BOOTSTRAP_PAD];
    uint32_t counts[10];
    gsl_rng *r = seeded(3);
    for (int trial = 0; trial < 200; trial++) {
        crit_bootstrap_resample_sorted(r, sorted, 10, counts, out);
        uint32_t total = 0;
        for (size_t i = 0; i < 10; i++)
            total += counts[i];
        assert_int_equal(total, 10);
        /* ascending, and out holds sorted[i] exactly counts[i] times */
        size_t k = 0;
        for (size_t i = 0; i < 10; i++)
            for (uint32_t c = 0; c < counts[i]; c++)
                assert_true(out[k++] == sorted[i]);
    }
    double single[1 + CRIT_BOOTSTRAP_PAD];
    crit_bootstrap_resample_sorted(r, sorted, 1, counts, single);
    assert_true(single[0] == 1.0);
    /* indices stay in range and reach every value */
    int seen[3] = {0};
    for (int i = 0; i < 3000; i++) {
        size_t k = crit_bootstrap_index(r, 3);
        assert_true(k < 3);
        seen[k]++;
        assert_true(crit_bootstrap_index(r, 1) == 0);
    }
    assert_true(seen[0] > 900 && seen[1] > 900 && seen[2] > 900);
    gsl_rng_free(r);
}

/* ---- determinism ---- */

static void univariate(const double *sorted, size_t n, size_t nresamples, unsigned long seed,
                       unsigned threads, dists *d) {
    gsl_rng *master = seeded(seed);
    crit_bootstrap b = {nresamples, master, threads};
    assert_int_equal(crit_bootstrap_univariate(&b, sorted, n, &d->out), GSL_SUCCESS);
    gsl_rng_free(master);
}

static void test_independent_of_threads_and_reproducible(void **state) {
    (void)state;
    enum { N = 50, B = 5000 };
    double sorted[N], x[N], y[N];
    gsl_rng *data = seeded(5);
    for (size_t i = 0; i < N; i++) {
        sorted[i] = 100.0 + gsl_ran_gaussian(data, 5.0);
        x[i] = (double)(i + 1);
        y[i] = x[i] * sorted[i];
    }
    gsl_sort(sorted, 1, N);
    dists ref = dists_new(B), other = dists_new(B);
    univariate(sorted, N, B, 42, 1, &ref);
    const unsigned threads[] = {2, 3, 8, 0};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        univariate(sorted, N, B, 42, threads[t], &other);
        assert_memory_equal(ref.block, other.block, 4 * B * sizeof(double));
    }
    /* another seed, other numbers */
    univariate(sorted, N, B, 43, 0, &other);
    assert_memory_not_equal(ref.block, other.block, B * sizeof(double));

    /* the slope too */
    double *s1 = ref.block, *s2 = other.block;
    gsl_rng *m1 = seeded(9), *m2 = seeded(9);
    crit_bootstrap b1 = {B, m1, 1}, b2 = {B, m2, 3};
    assert_int_equal(crit_bootstrap_slope(&b1, x, y, N, s1), 0);
    assert_int_equal(crit_bootstrap_slope(&b2, x, y, N, s2), 0);
    assert_memory_equal(s1, s2, B * sizeof(double));
    gsl_rng_free(m1);
    gsl_rng_free(m2);
    free(ref.block);
    free(other.block);
    gsl_rng_free(data);
}

/* ---- degenerate data ---- */

static void test_degenerate_samples(void **state) {
    (void)state;
    enum { B = 500 };
    dists d = dists_new(B);
    /* all equal: every resample is {5, 5, 5}: mean 5, std_dev 0, median 5, MAD 0 */
    const double eq[3] = {5, 5, 5};
    univariate(eq, 3, B, 1, 0, &d);
    for (size_t i = 0; i < B; i++) {
        assert_true(d.out.mean[i] == 5.0 && d.out.std_dev[i] == 0.0);
        assert_true(d.out.median[i] == 5.0 && d.out.mad[i] == 0.0);
    }
    /* n = 2, {1, 3}: resamples {1,1}, {1,3}, {3,3}: mean = median in {1, 2, 3}; std_dev is
     * sqrt(2) exactly for {1,3} (deviations -1, 1), else 0; MAD 1.4826 for {1,3}, else 0. */
    const double two[2] = {1, 3};
    univariate(two, 2, B, 2, 0, &d);
    int mixed = 0;
    for (size_t i = 0; i < B; i++) {
        double m = d.out.mean[i];
        assert_true(m == 1.0 || m == 2.0 || m == 3.0);
        assert_true(d.out.median[i] == m);
        assert_true(d.out.std_dev[i] == (m == 2.0 ? sqrt(2.0) : 0.0));
        assert_true(d.out.mad[i] == (m == 2.0 ? 1.4826 : 0.0));
        mixed += m == 2.0;
    }
    assert_true(mixed > B / 3 && mixed < 2 * B / 3); /* P({1,3}) = 1/2 */
    /* exact line y = 3x: every pair resample fits 3 (sums of 3x^2 over sums of x^2) */
    const double x[5] = {1, 2, 3, 4, 5}, y[5] = {3, 6, 9, 12, 15};
    gsl_rng *master = seeded(4);
    crit_bootstrap b = {B, master, 0};
    assert_int_equal(crit_bootstrap_slope(&b, x, y, 5, d.block), 0);
    for (size_t i = 0; i < B; i++)
        assert_true(d.block[i] == 3.0);
    gsl_rng_free(master);
    free(d.block);
}

/* ---- summaries ---- */

static void test_interval(void **state) {
    (void)state;
    double dist[100];
    for (size_t i = 0; i < 100; i++)
        dist[i] = (double)(99 - i); /* 99 .. 0: the summary must not assume order */
    crit_interval iv;
    assert_int_equal(crit_bootstrap_interval(dist, 100, 0.9, &iv), GSL_SUCCESS);
    /* ranks 0.05 * 99 = 4.95 and 0.95 * 99 = 94.05 over 0..99 */
    assert_close(iv.lower, 4.95, 1e-9);
    assert_close(iv.upper, 94.05, 1e-9);
    /* N-1 variance of 0..99 is n(n+1)/12 = 100 * 101 / 12 */
    assert_close(iv.std_err, sqrt(100.0 * 101.0 / 12.0), 1e-12);

    double one[1] = {4.25};
    assert_int_equal(crit_bootstrap_interval(one, 1, 0.95, &iv), GSL_SUCCESS);
    assert_true(iv.lower == 4.25 && iv.upper == 4.25 && iv.std_err == 0.0);

    assert_int_equal(crit_bootstrap_interval(one, 0, 0.95, &iv), GSL_EINVAL);
    assert_int_equal(crit_bootstrap_interval(one, 1, 0.0, &iv), GSL_EINVAL);
    assert_int_equal(crit_bootstrap_interval(one, 1, 1.0, &iv), GSL_EINVAL);
}

static void test_intervals_parallel_match_serial(void **state) {
    (void)state;
    enum { K = 3, LEN = 1001 };
    double *a = malloc(2 * K * LEN * sizeof *a);
    assert_non_null(a);
    gsl_rng *r = seeded(8);
    for (size_t i = 0; i < K * LEN; i++)
        a[i] = a[K * LEN + i] = gsl_ran_exponential(r, 2.0);
    double *par[K], *ser[K];
    for (size_t k = 0; k < K; k++) {
        par[k] = a + k * LEN;
        ser[k] = a + (K + k) * LEN;
    }
    crit_interval ip[K], is;
    assert_int_equal(crit_bootstrap_intervals(par, K, LEN, 0.95, 2, ip), GSL_SUCCESS);
    for (size_t k = 0; k < K; k++) {
        assert_int_equal(crit_bootstrap_interval(ser[k], LEN, 0.95, &is), GSL_SUCCESS);
        assert_memory_equal(&ip[k], &is, sizeof is);
    }
    assert_int_equal(crit_bootstrap_intervals(par, 0, LEN, 0.95, 2, ip), GSL_EINVAL);
    gsl_rng_free(r);
    free(a);
}

/* ---- statistical behaviour ---- */

/* 200 samples of N(10, 1), n = 100, each bootstrapped with 2000 resamples under fixed seeds:
 * the 95% percentile interval of the mean should contain 10 about 190 times (the count is
 * deterministic: 193 with these seeds). */
static void test_mean_interval_coverage(void **state) {
    (void)state;
    enum { TRIALS = 200, N = 100, B = 2000 };
    dists d = dists_new(B);
    double sorted[N];
    gsl_rng *data = seeded(2024);
    int covered = 0;
    for (int t = 0; t < TRIALS; t++) {
        for (size_t i = 0; i < N; i++)
            sorted[i] = 10.0 + gsl_ran_gaussian(data, 1.0);
        gsl_sort(sorted, 1, N);
        univariate(sorted, N, B, 1000 + (unsigned long)t, 0, &d);
        crit_interval iv;
        assert_int_equal(crit_bootstrap_interval(d.out.mean, B, 0.95, &iv), GSL_SUCCESS);
        covered += iv.lower <= 10.0 && 10.0 <= iv.upper;
    }
    print_message("mean interval covered the true mean in %d of %d trials\n", covered, TRIALS);
    assert_in_range(covered, 180, 199);
    gsl_rng_free(data);
    free(d.block);
}

int main(void) {
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_covers_each_resample_once),
        cmocka_unit_test(test_run_rejects_bad_arguments),
        cmocka_unit_test(test_resample_sorted),
        cmocka_unit_test(test_independent_of_threads_and_reproducible),
        cmocka_unit_test(test_degenerate_samples),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_intervals_parallel_match_serial),
        cmocka_unit_test(test_mean_interval_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
