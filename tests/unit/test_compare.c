/* test_compare.c: new sample vs baseline (compare.c): Welch's t by hand, the p value rule,
 * the bootstrapped t distribution on shifted and unshifted normal samples, the relative change
 * bootstrap (criterion's chunk scheme) and all four verdicts. */
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

static void normal_sample(double *x, size_t n, double mean, double sd, unsigned long seed) {
    gsl_rng *r = seeded(seed);
    for (size_t i = 0; i < n; i++)
        x[i] = mean + gsl_ran_gaussian(r, sd);
    gsl_rng_free(r);
}

static void test_welch_t(void **state) {
    (void)state;
    /* a: mean 2, var (1 + 0 + 1) / 2 = 1. b: mean 5.5, var (2.25 + .25 + .25 + 2.25) / 3 = 5/3.
     * t = (2 - 5.5) / sqrt(1/3 + (5/3)/4) = -3.5 / sqrt(0.75) */
    const double a[3] = {1, 2, 3}, b[4] = {4, 5, 6, 7};
    assert_close(crit_compare_welch_t(a, 3, b, 4), -3.5 / sqrt(0.75), 1e-12);
    assert_close(crit_compare_welch_t(b, 4, a, 3), 3.5 / sqrt(0.75), 1e-12);
    /* constant samples: 0/0 when equal, -inf when different */
    const double c1[2] = {1, 1}, c2[2] = {2, 2};
    assert_true(isnan(crit_compare_welch_t(c1, 2, c1, 2)));
    double t = crit_compare_welch_t(c1, 2, c2, 2);
    assert_true(isinf(t) && t < 0);
}

static void test_p_value(void **state) {
    (void)state;
    const double t[5] = {-2, -1, 0, 1, 2};
    /* t = 0.5: h = #{-2, -1, 0} = 3, 2 min(3, 2) / 5 = 0.8 */
    assert_true(crit_compare_p_value(t, 5, 0.5) == 0.8);
    /* t = -1: h = 1 (strictly below), 2 min(1, 4) / 5 = 0.4 */
    assert_true(crit_compare_p_value(t, 5, -1.0) == 0.4);
    /* beyond either end: h = 0 or h = M, p = 0 */
    assert_true(crit_compare_p_value(t, 5, -3.0) == 0.0);
    assert_true(crit_compare_p_value(t, 5, 10.0) == 0.0);
    assert_true(crit_compare_p_value(t, 5, INFINITY) == 0.0);
    /* degenerate: documented as "no evidence", p = 1 */
    assert_true(crit_compare_p_value(t, 0, 0.5) == 1.0);
    assert_true(crit_compare_p_value(t, 5, NAN) == 1.0);
}

static double bootstrap_p(const double *a, size_t na, const double *b, size_t nb, size_t B,
                          unsigned long seed, unsigned threads, double *dist, size_t *m) {
    gsl_rng *master = seeded(seed);
    crit_bootstrap boot = {B, master, threads};
    assert_int_equal(crit_compare_t_distribution(&boot, a, na, b, nb, dist, m), GSL_SUCCESS);
    gsl_rng_free(master);
    return crit_compare_p_value(dist, *m, crit_compare_welch_t(a, na, b, nb));
}

static void test_t_test_detects_shift_only(void **state) {
    (void)state;
    enum { N = 100, B = 5000 };
    double base[N], same[N], shifted[N];
    double *dist = malloc(B * sizeof *dist), *dist2 = malloc(B * sizeof *dist2);
    assert_true(dist && dist2);
    normal_sample(base, N, 10.0, 1.0, 1);
    normal_sample(same, N, 10.0, 1.0, 2);
    normal_sample(shifted, N, 11.0, 1.0, 3); /* +10% */
    size_t m, m2;
    double p = bootstrap_p(shifted, N, base, N, B, 7, 0, dist, &m);
    print_message("10%% shift: t = %g, p = %g\n", crit_compare_welch_t(shifted, N, base, N), p);
    assert_true(p < 0.05);
    assert_int_equal(m, B); /* continuous data: every t* finite */
    p = bootstrap_p(same, N, base, N, B, 7, 0, dist, &m);
    print_message("same distribution: t = %g, p = %g\n", crit_compare_welch_t(same, N, base, N), p);
    assert_true(p > 0.05);
    /* thread count does not matter */
    double p2 = bootstrap_p(same, N, base, N, B, 7, 1, dist2, &m2);
    assert_true(p2 == p && m2 == m);
    assert_memory_equal(dist, dist2, m * sizeof *dist);
    free(dist);
    free(dist2);
}

static void test_t_distribution_drops_non_finite(void **state) {
    (void)state;
    enum { B = 400 };
    double dist[B];
    size_t m;
    /* everything equal: every t* is 0/0, none survives, p = 1 */
    const double c1[2] = {1, 1}, c2[2] = {2, 2};
    double p = bootstrap_p(c1, 2, c1, 2, B, 1, 0, dist, &m);
    assert_int_equal(m, 0);
    assert_true(p == 1.0);
    /* pool {1,1,2,2} split 2 + 2: halves are often constant (t* = +-inf or NaN) and dropped */
    p = bootstrap_p(c1, 2, c2, 2, B, 1, 0, dist, &m);
    assert_true(m > 0 && m < B);
    for (size_t i = 0; i < m; i++)
        assert_true(isfinite(dist[i]));
    assert_true(p >= 0.0 && p <= 1.0);
    gsl_rng *master = seeded(1);
    crit_bootstrap boot = {B, master, 0};
    assert_int_equal(crit_compare_t_distribution(&boot, c1, 1, c2, 2, dist, &m), GSL_EINVAL);
    gsl_rng_free(master);
}

static void test_change_points_and_constant_samples(void **state) {
    (void)state;
    /* new {2, 4} vs base {1, 2}: means 3 / 1.5, medians 3 / 1.5: +100% both */
    const double nw[2] = {2, 4}, base[2] = {1, 2};
    double mean, median;
    crit_compare_change_points(nw, 2, base, 2, &mean, &median);
    assert_true(mean == 1.0 && median == 1.0);
    /* constant samples: every resample gives 2/1 - 1 = 1 */
    enum { B = 100 };
    double dm[B], dmed[B];
    const double c2[3] = {2, 2, 2}, c1[3] = {1, 1, 1};
    gsl_rng *master = seeded(5);
    crit_bootstrap boot = {B, master, 0};
    assert_int_equal(crit_compare_change(&boot, c2, 3, c1, 3, dm, dmed), GSL_SUCCESS);
    for (size_t i = 0; i < B; i++)
        assert_true(dm[i] == 1.0 && dmed[i] == 1.0);
    assert_int_equal(crit_compare_change(&boot, c2, 0, c1, 3, dm, dmed), GSL_EINVAL);
    gsl_rng_free(master);
}

/* criterion's two-sample scheme: ceil(sqrt(B)) chunks, one new-sample resample per chunk. With a
 * constant baseline the change only varies with the new resample, so it is constant per chunk. */
static void test_change_chunk_scheme(void **state) {
    (void)state;
    enum { B = 16 }; /* 4 chunks of 4 */
    double dm[B], dmed[B];
    const double nw[5] = {1, 2, 3, 4, 5}, base[2] = {1, 1};
    gsl_rng *master = seeded(3), *twin = gsl_rng_clone(master);
    crit_bootstrap boot = {B, master, 2};
    assert_int_equal(crit_compare_change(&boot, nw, 5, base, 2, dm, dmed), GSL_SUCCESS);
    int distinct = 0;
    for (size_t c = 0; c < 4; c++) {
        for (size_t i = 1; i < 4; i++)
            assert_true(dm[4 * c + i] == dm[4 * c]);
        distinct += c > 0 && dm[4 * c] != dm[0];
    }
    assert_true(distinct > 0);
    for (int i = 0; i < 4; i++) /* one seed per chunk */
        gsl_rng_get(twin);
    assert_true(gsl_rng_get(twin) == gsl_rng_get(master));
    gsl_rng_free(twin);
    gsl_rng_free(master);
}

static void test_change_interval_brackets_truth(void **state) {
    (void)state;
    enum { N = 100, B = 4000 };
    double base[N], nw[N], *dm = malloc(2 * B * sizeof *dm);
    assert_non_null(dm);
    normal_sample(base, N, 100.0, 1.0, 11);
    normal_sample(nw, N, 110.0, 1.1, 12); /* +10% */
    gsl_sort(base, 1, N);
    gsl_sort(nw, 1, N);
    gsl_rng *master = seeded(13);
    crit_bootstrap boot = {B, master, 0};
    assert_int_equal(crit_compare_change(&boot, nw, N, base, N, dm, dm + B), GSL_SUCCESS);
    crit_interval mean, median;
    assert_int_equal(crit_bootstrap_interval(dm, B, 0.95, &mean), GSL_SUCCESS);
    assert_int_equal(crit_bootstrap_interval(dm + B, B, 0.95, &median), GSL_SUCCESS);
    assert_true(mean.lower < 0.1 && 0.1 < mean.upper && mean.upper - mean.lower < 0.01);
    assert_true(median.lower < 0.1 && 0.1 < median.upper);
    gsl_rng_free(master);
    free(dm);
}

static void test_verdicts(void **state) {
    (void)state;
    const double sig = 0.05, noise = 0.01;
    assert_int_equal(crit_compare_verdict(0.30, sig, -0.2, -0.1, noise), CRIT_COMPARE_NO_CHANGE);
    assert_int_equal(crit_compare_verdict(0.05, sig, -0.2, -0.1, noise), CRIT_COMPARE_NO_CHANGE);
    assert_int_equal(crit_compare_verdict(NAN, sig, -0.2, -0.1, noise), CRIT_COMPARE_NO_CHANGE);
    assert_int_equal(crit_compare_verdict(0.01, sig, -0.2, -0.1, noise), CRIT_COMPARE_IMPROVED);
    assert_int_equal(crit_compare_verdict(0.01, sig, 0.02, 0.03, noise), CRIT_COMPARE_REGRESSED);
    assert_int_equal(crit_compare_verdict(0.01, sig, 0.002, 0.005, noise),
                     CRIT_COMPARE_WITHIN_NOISE);
    assert_int_equal(crit_compare_verdict(0.01, sig, -0.03, 0.03, noise),
                     CRIT_COMPARE_WITHIN_NOISE);
    /* touching the band is not wholly outside it */
    assert_int_equal(crit_compare_verdict(0.01, sig, -0.03, -0.01, noise),
                     CRIT_COMPARE_WITHIN_NOISE);
    assert_int_equal(crit_compare_verdict(0.01, sig, 0.01, 0.03, noise), CRIT_COMPARE_WITHIN_NOISE);
}

int main(void) {
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welch_t),
        cmocka_unit_test(test_p_value),
        cmocka_unit_test(test_t_test_detects_shift_only),
        cmocka_unit_test(test_t_distribution_drops_non_finite),
        cmocka_unit_test(test_change_points_and_constant_samples),
        cmocka_unit_test(test_change_chunk_scheme),
        cmocka_unit_test(test_change_interval_brackets_truth),
        cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
