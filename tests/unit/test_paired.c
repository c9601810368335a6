/* test_paired.c: the paired comparison (paired.c) against hand-computed values: log ratios of
 * chosen times, the order-statistic interval for the median with its exact binomial coverage,
 * the exact sign test (zeros dropped), tiny n, ties of the level with an exact coverage, bad
 * input, and n = 1000, 100000 and CRIT_PAIRED_MAX_N against exact values computed outside the
 * test (python3, math.comb / exact integer sums) and cross-checked with the normal
 * approximation.
 *
 * Binomial sums below: P(B <= j) for B ~ Binomial(n, 1/2) is sum_{i <= j} C(n, i) / 2^n.
 * GSL computes it through an incomplete beta function whose absolute error grows with n
 * (measured against the exact sums: ~1e-16 at n = 10, ~3e-13 at 1000, ~5e-11 at 100000,
 * ~9e-10 at 500000), so values that come from the CDF are compared at 1e-12 up to n = 1000,
 * 1e-9 at 100000 and 1e-8 at 500000: far below the 1e-4 and more between the coverages of
 * neighbouring k. Order statistics and counts are compared exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "stats.h"

#define assert_close(a, b, tol) close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what, const char *file,
                          int line) {
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (tol %g)", file, line, what, a, b, tol);
}

/* Analyses x[0..n) at cl and checks the call succeeded. */
static crit_paired_stats analyse(const double *x, size_t n, double cl, double *scratch) {
    crit_paired_stats s;
    memset(&s, 0xAB, sizeof s);
    assert_int_equal(crit_paired_analyze(x, n, cl, scratch, &s), GSL_SUCCESS);
    assert_int_equal(s.n, n);
    return s;
}

static void test_log_ratios(void **state) {
    (void)state;
    /* ln(110/100) = ln 1.1: 110.0/100.0 rounds to the double nearest 1.1, which is
     * 1.1 + 8.88e-17, so the result is log(1.1) bit for bit, ln(1.1 + 8.88e-17)
     * = 0.09531017980432486 + 8.07e-17 = 0.09531017980432494. ln(100/100) = 0. ln(50/100) = -ln 2
     * = -0.6931471805599453. ln(1e300/1e-300) = ln 1e600 = 600 ln 10 = 1381.5510557964274: the
     * quotient overflows a double, the ratio itself does not (ln(new) - ln(old)). And the
     * reverse, ln(1e-300/1e300) = -1381.5510557964274 (the quotient underflows to 0). */
    const double nw[5] = {110, 100, 50, 1e300, 1e-300};
    const double old[5] = {100, 100, 100, 1e-300, 1e300};
    double out[5];
    assert_int_equal(crit_paired_log_ratios(nw, old, 5, out), GSL_SUCCESS);
    assert_true(out[0] == log(1.1));
    assert_close(out[0], 0.09531017980432494, 1e-17);
    assert_true(out[1] == 0.0);
    assert_close(out[2], -0.6931471805599453, 1e-16);
    assert_close(out[3], 1381.5510557964274, 1e-9);
    assert_close(out[4], -1381.5510557964274, 1e-9);
    /* n = 0 writes nothing and succeeds */
    assert_int_equal(crit_paired_log_ratios(nw, old, 0, out), GSL_SUCCESS);
}

static void test_log_ratios_bad_input(void **state) {
    (void)state;
    /* one bad time at index 2, on either side: GSL_EINVAL, out[0..2) written, out[2..4) left */
    const double bad[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        for (int side = 0; side < 2; side++) {
            double nw[4] = {110, 200, 300, 400}, old[4] = {100, 200, 300, 400};
            (side ? old : nw)[2] = bad[b];
            double out[4] = {-7, -7, -7, -7};
            assert_int_equal(crit_paired_log_ratios(nw, old, 4, out), GSL_EINVAL);
            assert_true(out[0] == log(1.1) && out[1] == 0.0);
            assert_true(out[2] == -7 && out[3] == -7);
        }
    }
}

static void test_n10(void **state) {
    (void)state;
    /* Sorted: x_(1..10) = -0.02, 0.01, 0.02, ..., 0.09; 9 positive, 1 negative.
     * cl 0.95: P(B <= 0) = 1/1024, P(B <= 1) = (1 + 10)/1024 = 11/1024,
     * P(B <= 2) = (1 + 10 + 45)/1024 = 56/1024. k = 2: 1 - 22/1024 = 0.978515625 >= 0.95;
     * k = 3: 1 - 112/1024 = 0.890625 < 0.95. So [x_(2), x_(9)] = [0.01, 0.08].
     * Median: rank 0.5 * 9 = 4.5, halfway between x_(5) = 0.04 and x_(6) = 0.05: 0.045.
     * Sign test: m = 10, min(9, 1) = 1: p = 2 * 11/1024 = 0.021484375. */
    const double x[10] = {0.05, -0.02, 0.01, 0.09, 0.03, 0.07, 0.02, 0.08, 0.04, 0.06};
    const double sorted[10] = {-0.02, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09};
    double scratch[10];
    crit_paired_stats s = analyse(x, 10, 0.95, scratch);
    assert_memory_equal(scratch, sorted, sizeof sorted); /* scratch receives the sorted ratios */
    assert_true(s.lower == 0.01 && s.upper == 0.08);
    assert_close(s.coverage, 0.978515625, 1e-12);
    assert_close(s.point, 0.045, 1e-15);
    assert_int_equal(s.npos, 9);
    assert_int_equal(s.nneg, 1);
    assert_close(s.p_value, 0.021484375, 1e-12);

    /* cl 0.89: k = 3 reaches it (0.890625 >= 0.89); k = 4: P(B <= 3) = (56 + 120)/1024
     * = 176/1024, 1 - 352/1024 = 0.65625 < 0.89. [x_(3), x_(8)] = [0.02, 0.07]. */
    s = analyse(x, 10, 0.89, scratch);
    assert_true(s.lower == 0.02 && s.upper == 0.07);
    assert_close(s.coverage, 0.890625, 1e-12);
    /* cl 0.5: k = 4 (0.65625); k = 5: P(B <= 4) = (176 + 210)/1024 = 386/1024,
     * 1 - 772/1024 = 0.24609375 < 0.5. [x_(4), x_(7)] = [0.03, 0.06]. */
    s = analyse(x, 10, 0.5, scratch);
    assert_true(s.lower == 0.03 && s.upper == 0.06);
    assert_close(s.coverage, 0.65625, 1e-12);
    /* cl 0.999: k = 1 gives 1 - 2/1024 = 0.998046875 < 0.999, so even k = 1 falls short:
     * [min, max] = [-0.02, 0.09], coverage 0.998046875 (below the level). */
    s = analyse(x, 10, 0.999, scratch);
    assert_true(s.lower == -0.02 && s.upper == 0.09);
    assert_close(s.coverage, 0.998046875, 1e-12);
    /* The p value does not depend on cl. */
    assert_close(s.p_value, 0.021484375, 1e-12);
}

static void test_level_equal_to_exact_coverage(void **state) {
    (void)state;
    /* n = 9, k = 2: P(B <= 1) = (1 + 9)/512, coverage 1 - 20/512 = 0.9609375 exactly; k = 3:
     * P(B <= 2) = (1 + 9 + 36)/512 = 46/512, 1 - 92/512 = 0.8203125. At cl = 0.9609375 the
     * exact coverage of k = 2 equals the level, so k = 2: [x_(2), x_(8)] = [0.02, 0.08].
     * GSL's CDF returns 0.96093749999999989 for it; a plain >= would fall back to k = 1. */
    const double x[9] = {0.04, 0.09, 0.01, 0.06, 0.02, 0.08, 0.03, 0.07, 0.05};
    double scratch[9];
    crit_paired_stats s = analyse(x, 9, 0.9609375, scratch);
    assert_true(s.lower == 0.02 && s.upper == 0.08);
    assert_close(s.coverage, 0.9609375, 1e-12);
    /* a level just above it: k = 1 (coverage 1 - 2/512 = 0.99609375), [0.01, 0.09] */
    s = analyse(x, 9, 0.9609376, scratch);
    assert_true(s.lower == 0.01 && s.upper == 0.09);
    assert_close(s.coverage, 0.99609375, 1e-12);
    /* Sign test, 9 positive: p = 2 * P(B <= 0) = 2/512 = 0.00390625. Median x_(5) = 0.05. */
    assert_close(s.p_value, 0.00390625, 1e-12);
    assert_true(s.point == 0.05);
}

static void test_zeros_dropped(void **state) {
    (void)state;
    /* n = 8 with three zeros (one of them -0.0): npos = 4, nneg = 1, m = 5.
     * p = 2 * P(B' <= 1), B' ~ Binomial(5, 1/2): 2 * (1 + 5)/32 = 0.375.
     * (Keeping the zeros would give m = 8: 2 * (1 + 8)/256 = 0.0703125.)
     * Interval at 0.95 over all n = 8 ratios (zeros included): k = 1: 1 - 2/256 = 0.9921875;
     * k = 2: 1 - 2 * 9/256 = 0.9296875 < 0.95. So [min, max] via k = 1: [-0.2, 0.5].
     * Sorted: -0.2, 0, 0, 0, 0.1, 0.3, 0.4, 0.5; median halfway x_(4) = 0 and x_(5) = 0.1. */
    const double x[8] = {0.0, 0.1, -0.0, -0.2, 0.3, 0.0, 0.4, 0.5};
    double scratch[8];
    crit_paired_stats s = analyse(x, 8, 0.95, scratch);
    assert_int_equal(s.npos, 4);
    assert_int_equal(s.nneg, 1);
    assert_close(s.p_value, 0.375, 1e-12);
    assert_true(s.lower == -0.2 && s.upper == 0.5);
    assert_close(s.coverage, 0.9921875, 1e-12);
    assert_close(s.point, 0.05, 1e-15);
}

static void test_tiny_n(void **state) {
    (void)state;
    double scratch[3];
    /* n = 1: k = 1 covers 1 - 2 * 0.5^1 = 0, short of any level: [min, max] = [0.3, 0.3].
     * Sign test: m = 1, min(1, 0) = 0, p = min(1, 2 * 0.5) = 1. */
    const double one[1] = {0.3};
    crit_paired_stats s = analyse(one, 1, 0.95, scratch);
    assert_true(s.lower == 0.3 && s.upper == 0.3 && s.point == 0.3);
    assert_close(s.coverage, 0.0, 1e-12);
    assert_true(s.p_value == 1.0);
    assert_int_equal(s.npos, 1);
    assert_int_equal(s.nneg, 0);
    /* n = 3: k = 1 covers 1 - 2 * 0.5^3 = 0.75 < 0.95: [min, max] = [-0.1, 0.4], median 0.2.
     * Sign test: m = 3, min(2, 1) = 1: 2 * (1 + 3)/8 = 1, so p = 1. */
    const double three[3] = {0.2, -0.1, 0.4};
    s = analyse(three, 3, 0.95, scratch);
    assert_true(s.lower == -0.1 && s.upper == 0.4 && s.point == 0.2);
    assert_close(s.coverage, 0.75, 1e-12);
    assert_true(s.p_value == 1.0);
    assert_int_equal(s.npos, 2);
    assert_int_equal(s.nneg, 1);
    /* n = 3, three positive: p = 2 * P(B <= 0) = 2/8 = 0.25 (the smallest p n = 3 can give) */
    const double up[3] = {0.2, 0.1, 0.4};
    s = analyse(up, 3, 0.5, scratch);
    assert_close(s.p_value, 0.25, 1e-12);
    /* at cl 0.5 k = 1 reaches it (0.75); k = 2 is above n/2 = 1 (coverage 1 - 2 * 4/8 = 0) */
    assert_true(s.lower == 0.1 && s.upper == 0.4);
    assert_close(s.coverage, 0.75, 1e-12);
}

static void test_all_zero(void **state) {
    (void)state;
    /* No signs at all: m = 0, p = 1. n = 5 at 0.95: k = 1 covers 1 - 2/32 = 0.9375, short:
     * [min, max] = [0, 0]. */
    const double x[5] = {0, 0, 0, 0, 0};
    double scratch[5];
    crit_paired_stats s = analyse(x, 5, 0.95, scratch);
    assert_true(s.p_value == 1.0);
    assert_int_equal(s.npos, 0);
    assert_int_equal(s.nneg, 0);
    assert_true(s.point == 0.0 && s.lower == 0.0 && s.upper == 0.0);
    assert_close(s.coverage, 0.9375, 1e-12);
}

static void test_from_times(void **state) {
    (void)state;
    /* Ten rounds, NEW 10% slower in nine (110 vs 100 ns) and 10% faster in one (90 vs 100):
     * ratios ln 1.1 x 9, ln 0.9 x 1. As in test_n10: k = 2, [x_(2), x_(9)] = [ln 1.1, ln 1.1],
     * median ln 1.1, p = 2 * 11/1024 = 0.021484375. */
    double nw[10], old[10], r[10], scratch[10];
    for (size_t i = 0; i < 10; i++) {
        nw[i] = i == 4 ? 90.0 : 110.0;
        old[i] = 100.0;
    }
    assert_int_equal(crit_paired_log_ratios(nw, old, 10, r), GSL_SUCCESS);
    crit_paired_stats s = analyse(r, 10, 0.95, scratch);
    assert_true(s.point == log(1.1) && s.lower == log(1.1) && s.upper == log(1.1));
    assert_true(scratch[0] == log(0.9));
    assert_close(s.p_value, 0.021484375, 1e-12);
    assert_int_equal(s.npos, 9);
    assert_int_equal(s.nneg, 1);
}

static void test_analyze_bad_input(void **state) {
    (void)state;
    const double x[3] = {0.1, -0.2, 0.3};
    double scratch[3] = {-7, -7, -7};
    crit_paired_stats s, untouched;
    memset(&s, 0xAB, sizeof s);
    memcpy(&untouched, &s, sizeof s);
    const double bad_cl[] = {0.0, 1.0, -0.5, 1.5, NAN};
    for (size_t i = 0; i < sizeof bad_cl / sizeof *bad_cl; i++)
        assert_int_equal(crit_paired_analyze(x, 3, bad_cl[i], scratch, &s), GSL_EINVAL);
    assert_int_equal(crit_paired_analyze(x, 0, 0.95, scratch, &s), GSL_EINVAL);
    const double bad_r[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad_r / sizeof *bad_r; i++) {
        const double y[3] = {0.1, 0.2, bad_r[i]};
        assert_int_equal(crit_paired_analyze(y, 3, 0.95, scratch, &s), GSL_EINVAL);
    }
    /* nothing was written on any failure */
    assert_memory_equal(&s, &untouched, sizeof s);
    assert_true(scratch[0] == -7 && scratch[1] == -7 && scratch[2] == -7);
    /* one more than the limit (the limit itself works: test_max_n) */
    size_t n = (size_t)CRIT_PAIRED_MAX_N + 1;
    double *big = calloc(n, sizeof *big), *big_scratch = malloc(n * sizeof *big_scratch);
    assert_true(big && big_scratch);
    assert_int_equal(crit_paired_analyze(big, n, 0.95, big_scratch, &s), GSL_EINVAL);
    assert_memory_equal(&s, &untouched, sizeof s);
    free(big);
    free(big_scratch);
}

/* x[i] = ((i * mult) mod n + 1 - zero) * scale: a permutation (mult coprime with n) of the
 * values (j - zero) * scale, j = 1..n, so x_(j) = (j - zero) * scale, with zero - 1 negative
 * ratios, one zero and n - zero positive ones. */
static double pattern_value(size_t j, size_t zero, double scale) {
    return (double)((long long)j - (long long)zero) * scale;
}

static double *pattern(size_t n, size_t mult, size_t zero, double scale) {
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = pattern_value(i * mult % n + 1, zero, scale);
    return x;
}

static void test_n1000(void **state) {
    (void)state;
    /* x_(j) = (j - 600)/1000: 599 negative, 1 zero, 400 positive.
     * cl 0.95: normal approximation with continuity correction, P(B <= k - 1) ~
     * Phi((k - 1/2 - n/2) / (sqrt(n)/2)) <= 0.025 gives k <= n/2 - 1.959964 sqrt(n)/2 + 1/2
     * = 500 - 30.990 + 0.5 = 469.51, so k = 469. Exact (python3, math.comb sums over 2^1000):
     * k = 469 covers 0.9537088026395019, k = 470 0.9463221503549898 < 0.95.
     * [x_(469), x_(532)] = [-131, -68]/1000.
     * cl 0.99: 500 - 2.575829 * 15.811 + 0.5 = 459.77, k = 459; exact: k = 459 covers
     * 0.9913600509977395, k = 460 0.9896118684338442. [x_(459), x_(542)] = [-141, -58]/1000.
     * Median: halfway between x_(500) = -0.1 and x_(501) = -0.099: -0.0995.
     * Sign test: m = 999, min = 400, p = 2 * P(B' <= 400) = 3.2845331249519864e-10 exactly
     * (python3); the normal approximation 2 Phi((400.5 - 499.5)/(sqrt(999)/2)) = 2 Phi(-6.26)
     * ~ 3.8e-10 agrees in magnitude. */
    enum { N = 1000 };
    double *x = pattern(N, 337, 600, 1e-3), scratch[N];
    crit_paired_stats s = analyse(x, N, 0.95, scratch);
    assert_true(s.lower == pattern_value(469, 600, 1e-3));
    assert_true(s.upper == pattern_value(532, 600, 1e-3));
    assert_close(s.coverage, 0.9537088026395019, 1e-12);
    assert_close(s.point, -0.0995, 1e-15);
    assert_int_equal(s.npos, 400);
    assert_int_equal(s.nneg, 599);
    assert_close(s.p_value / 3.2845331249519864e-10, 1.0, 1e-9);
    s = analyse(x, N, 0.99, scratch);
    assert_true(s.lower == pattern_value(459, 600, 1e-3));
    assert_true(s.upper == pattern_value(542, 600, 1e-3));
    assert_close(s.coverage, 0.9913600509977395, 1e-12);
    free(x);
}

static void test_n100000(void **state) {
    (void)state;
    /* The largest n the sampling loop is expected to reach. x_(j) = (j - 50101) * 1e-5:
     * 50100 negative, 1 zero, 49899 positive; sqrt(n)/2 = 158.114.
     * cl 0.95: 50000 - 1.959964 * 158.114 + 0.5 = 49690.60, k = 49690; exact (python3, exact
     * integer sums over 2^100000): k = 49690 covers 0.9504442853304751, k = 49691
     * 0.9497059426453364. [x_(49690), x_(50311)] = [-411, 210] * 1e-5.
     * cl 0.99: 50000 - 2.575829 * 158.114 + 0.5 = 49593.23, k = 49593 (without the continuity
     * correction the approximation says 49592, one too few); exact: k = 49593 covers
     * 0.990041541198719, k = 49594 0.9898578203099673. [x_(49593), x_(50408)] = [-508, 307].
     * Sign test: m = 99999, min = 49899: p = 0.5270873976688989 exactly (python3); normal:
     * 2 Phi((49899.5 - 49999.5)/158.113) = 2 Phi(-0.632) = 0.527. */
    enum { N = 100000 };
    double *x = pattern(N, 33331, 50101, 1e-5), *scratch = malloc(N * sizeof *scratch);
    assert_non_null(scratch);
    crit_paired_stats s = analyse(x, N, 0.95, scratch);
    assert_true(s.lower == pattern_value(49690, 50101, 1e-5));
    assert_true(s.upper == pattern_value(50311, 50101, 1e-5));
    assert_close(s.coverage, 0.9504442853304751, 1e-9);
    assert_int_equal(s.npos, 49899);
    assert_int_equal(s.nneg, 50100);
    assert_close(s.p_value, 0.5270873976688989, 1e-9);
    s = analyse(x, N, 0.99, scratch);
    assert_true(s.lower == pattern_value(49593, 50101, 1e-5));
    assert_true(s.upper == pattern_value(50408, 50101, 1e-5));
    assert_close(s.coverage, 0.990041541198719, 1e-9);
    free(x);
    free(scratch);
}

static void test_max_n(void **state) {
    (void)state;
    /* n = CRIT_PAIRED_MAX_N = 500000, where GSL's CDF must still be finite next to the median
     * (it returns NaN there from n = 872166 on). x_(j) = (j - 250301) * 1e-6: 250300
     * negative, 1 zero, 249699 positive; sqrt(n)/2 = 353.553.
     * cl 0.01 puts k next to the median: z = Phi^-1(0.505) = 0.012533,
     * 250000 - 0.012533 * 353.553 + 0.5 = 249996.07, k = 249996; exact (python3): k = 249996
     * covers 0.01015513662222254, k = 249997 0.00789852384396099.
     * [x_(249996), x_(250005)] = [-305, -296] * 1e-6.
     * cl 0.95: 250000 - 1.959964 * 353.553 + 0.5 = 249307.55, k = 249307; exact: covers
     * 0.9501810395920871, k = 249308 0.9498505121859804. [x_(249307), x_(250694)]
     * = [-994, 393] * 1e-6.
     * Sign test: m = 499999, min = 249699: p = 0.3961434588484515 (python3); normal:
     * 2 Phi((249699.5 - 249999.5)/353.553) = 2 Phi(-0.8485) = 0.396. */
    enum { N = CRIT_PAIRED_MAX_N };
    double *x = pattern(N, 333331, 250301, 1e-6), *scratch = malloc(N * sizeof *scratch);
    assert_non_null(scratch);
    crit_paired_stats s = analyse(x, N, 0.01, scratch);
    assert_true(s.lower == pattern_value(249996, 250301, 1e-6));
    assert_true(s.upper == pattern_value(250005, 250301, 1e-6));
    assert_close(s.coverage, 0.01015513662222254, 1e-8);
    assert_close(s.p_value, 0.3961434588484515, 1e-8);
    s = analyse(x, N, 0.95, scratch);
    assert_true(s.lower == pattern_value(249307, 250301, 1e-6));
    assert_true(s.upper == pattern_value(250694, 250301, 1e-6));
    assert_close(s.coverage, 0.9501810395920871, 1e-8);
    /* Exactly balanced signs, the CDF at the median itself: 250000 of +0.01 and of -0.01.
     * p = min(1, 2 P(B' <= 250000)) with P(B' <= n/2) = 1/2 + C(n, n/2)/2^(n+1) > 1/2: p = 1
     * (a NaN from the CDF would fail this). */
    for (size_t i = 0; i < N; i++)
        x[i] = i % 2 ? 0.01 : -0.01;
    s = analyse(x, N, 0.95, scratch);
    assert_true(s.p_value == 1.0);
    assert_int_equal(s.npos, N / 2);
    assert_int_equal(s.nneg, N / 2);
    assert_true(s.lower == -0.01 && s.upper == 0.01 && s.point == 0.0);
    free(x);
    free(scratch);
}

int main(void) {
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_ratios),
        cmocka_unit_test(test_log_ratios_bad_input),
        cmocka_unit_test(test_n10),
        cmocka_unit_test(test_level_equal_to_exact_coverage),
        cmocka_unit_test(test_zeros_dropped),
        cmocka_unit_test(test_tiny_n),
        cmocka_unit_test(test_all_zero),
        cmocka_unit_test(test_from_times),
        cmocka_unit_test(test_analyze_bad_input),
        cmocka_unit_test(test_n1000),
        cmocka_unit_test(test_n100000),
        cmocka_unit_test(test_max_n),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
