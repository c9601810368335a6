/* test_stats.c: descriptive statistics (stats.c) against hand-computed values, against GSL's
 * own functions, and the select/merge fast paths against their sort-based definitions; Tukey
 * labels of unordered data (outliers.c) by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

#define assert_close(a, b, tol) close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what, const char *file,
                          int line) {
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (tol %g)", file, line, what, a, b, tol);
}

/* The same double, bit for bit (NaN == NaN). */
static bool same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static const double v5[5] = {1, 2, 3, 4, 100};

static void test_mean_var_sd(void **state) {
    (void)state;
    /* mean = 110 / 5 = 22 */
    assert_true(crit_stats_mean(v5, 5) == 22.0);
    /* deviations -21 -20 -19 -18 78; squares 441 400 361 324 6084 = 7610; / (5-1) = 1902.5 */
    assert_true(crit_stats_var(v5, 5, 22.0) == 1902.5);
    assert_true(crit_stats_std_dev(v5, 5, 22.0) == sqrt(1902.5));
    /* cv = sd / mean */
    assert_true(crit_stats_cv(sqrt(1902.5), 22.0) == sqrt(1902.5) / 22.0);
    assert_true(isnan(crit_stats_cv(1.0, 0.0)));
    /* {2, 4}: mean 3, var (1 + 1) / 1 = 2 */
    const double two[2] = {2, 4};
    assert_true(crit_stats_mean(two, 2) == 3.0);
    assert_true(crit_stats_var(two, 2, 3.0) == 2.0);
}

static void test_degenerate_sizes(void **state) {
    (void)state;
    assert_true(isnan(crit_stats_mean(v5, 0)));
    assert_true(isnan(crit_stats_var(v5, 1, 1.0)));
    assert_true(isnan(crit_stats_std_dev(v5, 1, 1.0)));
    assert_true(isnan(crit_stats_quantile_sorted(v5, 0, 0.5)));
    assert_true(isnan(crit_stats_quantile_sorted(v5, 5, -0.1)));
    assert_true(isnan(crit_stats_quantile_sorted(v5, 5, 1.5)));
    assert_true(isnan(crit_stats_median_sorted(v5, 0)));
    double scratch[1];
    assert_true(isnan(crit_stats_mad(v5, 0, 0.0, scratch)));
    assert_true(isnan(crit_stats_mad_sorted(v5, 0, 0.0, scratch)));
    /* one point: it is every quantile and its own median; MAD 0 */
    assert_true(crit_stats_quantile_sorted(v5, 1, 0.3) == 1.0);
    assert_true(crit_stats_mad(v5, 1, 1.0, scratch) == 0.0);
}

static void test_quantiles(void **state) {
    (void)state;
    /* rank p * (n - 1) = 4p over {1, 2, 3, 4, 100} */
    assert_true(crit_stats_quantile_sorted(v5, 5, 0.0) == 1.0);
    assert_true(crit_stats_quantile_sorted(v5, 5, 0.25) == 2.0); /* rank 1 */
    assert_true(crit_stats_quantile_sorted(v5, 5, 0.5) == 3.0);  /* rank 2 */
    assert_true(crit_stats_quantile_sorted(v5, 5, 0.75) == 4.0); /* rank 3 */
    assert_true(crit_stats_quantile_sorted(v5, 5, 1.0) == 100.0);
    assert_close(crit_stats_quantile_sorted(v5, 5, 0.1), 1.4, 1e-14);    /* 1 + 0.4 * (2 - 1) */
    assert_close(crit_stats_quantile_sorted(v5, 5, 0.9), 61.6, 1e-12);   /* 4 + 0.6 * 96 */
    assert_close(crit_stats_quantile_sorted(v5, 5, 0.99), 96.16, 1e-12); /* 4 + .96 * 96 */
    assert_true(crit_stats_median_sorted(v5, 5) == 3.0);
    /* even n: {1, 2, 3, 4}, median at rank 1.5 = 2.5; q1 at rank 0.75 = 1.75 */
    const double v4[4] = {1, 2, 3, 4};
    assert_true(crit_stats_median_sorted(v4, 4) == 2.5);
    assert_true(crit_stats_quantile_sorted(v4, 4, 0.25) == 1.75);
    double u4[4] = {4, 1, 3, 2};
    assert_true(crit_stats_median_select(u4, 4) == 2.5);
    double u5[5] = {100, 4, 1, 3, 2};
    assert_true(crit_stats_median_select(u5, 5) == 3.0);
    assert_true(isnan(crit_stats_median_select(u5, 0)));
}

static void test_mad(void **state) {
    (void)state;
    double scratch[5];
    /* |x - 3| = {2, 1, 0, 1, 97} -> sorted {0, 1, 1, 2, 97}, median 1 -> 1.4826 */
    assert_true(crit_stats_mad(v5, 5, 3.0, scratch) == 1.4826);
    assert_true(crit_stats_mad_sorted(v5, 5, 3.0, scratch) == 1.4826);
    /* {1, 2, 3, 4} around 2.5: {1.5, .5, .5, 1.5} -> median (0.5 + 1.5) / 2 = 1 */
    const double v4[4] = {1, 2, 3, 4};
    assert_true(crit_stats_mad(v4, 4, 2.5, scratch) == 1.4826);
    assert_true(crit_stats_mad_sorted(v4, 4, 2.5, scratch) == 1.4826);
    /* all equal: every deviation 0 */
    const double eq[4] = {5, 5, 5, 5};
    assert_true(crit_stats_mad(eq, 4, 5.0, scratch) == 0.0);
    assert_true(crit_stats_mad_sorted(eq, 4, 5.0, scratch) == 0.0);
    assert_true(crit_stats_mean(eq, 4) == 5.0);
    assert_true(crit_stats_std_dev(eq, 4, 5.0) == 0.0);
}

/* The plain sums must agree with GSL's recurrences to rounding. */
static void test_agrees_with_gsl(void **state) {
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    double x[257];
    for (size_t i = 0; i < 257; i++)
        x[i] = 1e6 + gsl_ran_gaussian(r, 30.0);
    double m = crit_stats_mean(x, 257);
    assert_close(m, gsl_stats_mean(x, 1, 257), 1e-13 * 1e6);
    assert_close(crit_stats_std_dev(x, 257, m), gsl_stats_sd_m(x, 1, 257, m), 1e-9);
    assert_close(crit_stats_var(x, 257, m), gsl_stats_variance_m(x, 1, 257, m), 1e-7);
    gsl_rng_free(r);
}

/* Fast paths against definitions: quickselect quantiles == sorted quantiles, the merged MAD ==
 * the quickselect MAD, bit for bit, on data full of ties like bootstrap resamples. */
static void test_fast_paths_bit_identical(void **state) {
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    double x[64], sorted[64], work[64], scratch[64];
    const double ps[] = {0.0, 0.025, 0.05, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.95, 0.975, 0.99, 1.0};
    for (size_t n = 1; n <= 64; n++) {
        for (int trial = 0; trial < 20; trial++) {
            for (size_t i = 0; i < n; i++) /* few distinct values: many ties */
                x[i] = trial % 2 ? gsl_ran_gaussian(r, 1.0) : (double)gsl_rng_uniform_int(r, 7);
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            for (size_t k = 0; k < sizeof ps / sizeof *ps; k++) {
                memcpy(work, x, n * sizeof *x);
                assert_true(same(crit_stats_quantile_select(work, n, ps[k]),
                                 crit_stats_quantile_sorted(sorted, n, ps[k])));
            }
            double med = crit_stats_median_sorted(sorted, n);
            memcpy(work, x, n * sizeof *x);
            assert_true(same(crit_stats_median_select(work, n), med));
            assert_true(same(crit_stats_mad_sorted(sorted, n, med, scratch),
                             crit_stats_mad(x, n, med, work)));
        }
    }
    gsl_rng_free(r);
}

static void test_tukey_label_unsorted(void **state) {
    (void)state;
    /* sorted: 0 1 2 3 4 5 6 7 8 9 18 100 (n = 12): Q1 at rank 2.75 = 2.75, Q3 at rank 8.25 =
     * 8.25, IQR 5.5; fences -13.75, -5.5, 16.5, 24.75: 18 is high mild, 100 high severe */
    const double x[12] = {7, 100, 0, 5, 18, 1, 9, 2, 8, 3, 6, 4};
    unsigned char labels[12];
    size_t counts[CRIT_TUKEY_NLABELS];
    assert_int_equal(crit_tukey_label_unsorted(x, 12, labels, counts), GSL_SUCCESS);
    for (size_t i = 0; i < 12; i++) {
        crit_tukey_label want = x[i] == 100  ? CRIT_TUKEY_HIGH_SEVERE
                                : x[i] == 18 ? CRIT_TUKEY_HIGH_MILD
                                             : CRIT_TUKEY_NOT_OUTLIER;
        assert_int_equal(labels[i], want);
    }
    assert_int_equal(counts[CRIT_TUKEY_LOW_SEVERE], 0);
    assert_int_equal(counts[CRIT_TUKEY_LOW_MILD], 0);
    assert_int_equal(counts[CRIT_TUKEY_NOT_OUTLIER], 10);
    assert_int_equal(counts[CRIT_TUKEY_HIGH_MILD], 1);
    assert_int_equal(counts[CRIT_TUKEY_HIGH_SEVERE], 1);
    /* x itself is left in its order; no data: GSL_EINVAL, outputs untouched */
    assert_true(x[0] == 7 && x[1] == 100);
    labels[0] = 99;
    assert_int_equal(crit_tukey_label_unsorted(x, 0, labels, counts), GSL_EINVAL);
    assert_int_equal(labels[0], 99);
}

int main(void) {
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_var_sd),
        cmocka_unit_test(test_degenerate_sizes),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_mad),
        cmocka_unit_test(test_agrees_with_gsl),
        cmocka_unit_test(test_fast_paths_bit_identical),
        cmocka_unit_test(test_tukey_label_unsorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
