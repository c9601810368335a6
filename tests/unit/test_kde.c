/* test_kde.c: kde.h against hand-computed values (Silverman's bandwidth and its fallback, the
 * distribution summary, the exact estimate on three points, the density on a grid), the binned
 * estimate against the exact one on 10 000 normal draws within its stated error bound, and bad
 * input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "kde.h"
#include "model.h"

#define assert_close(a, b, tol) close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what, const char *file,
                          int line) {
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (tol %g)", file, line, what, a, b, tol);
}

static const double three[3] = {0.0, 1.0, 3.0};

static void test_silverman_bandwidth(void **state) {
    (void)state;
    /* mean 4/3; squared deviations 16/9 + 1/9 + 25/9 = 42/9, / (n-1) = 7/3; s = sqrt(7/3);
     * h = s * (4 / (3*3))^(1/5) = 1.2988287371819863607... (mpmath, 40 digits) */
    assert_close(crit_kde_bandwidth(three, 3), 1.2988287371819863607, 1e-15);
    const double same[4] = {2, 2, 2, 2};
    assert_true(crit_kde_bandwidth(same, 4) == 0.0);
    assert_true(isnan(crit_kde_bandwidth(three, 1)));
}

static void test_silverman_from_spread(void **state) {
    (void)state;
    /* the same rule as crit_kde_bandwidth, bit for bit (sd sqrt(7/3), n = 3) */
    assert_true(crit_kde_silverman(sqrt(7.0 / 3.0), 3) == crit_kde_bandwidth(three, 3));
    /* n = 324: 4 / (3 * 324) = 1/243 = 3^-5, so h = sd / 3 */
    assert_close(crit_kde_silverman(3.0, 324), 1.0, 1e-15);
    assert_true(crit_kde_silverman(0.0, 10) == 0.0);
    assert_true(isnan(crit_kde_silverman(NAN, 10)));
}

static void test_bandwidth_fallback(void **state) {
    (void)state;
    /* a positive finite h is kept as it is */
    assert_true(crit_kde_usable_bandwidth(0.5, 10.0, 1e-9) == 0.5);
    /* otherwise 1e-3 of the magnitude: 2000 * 1e-3 rounds to 2 exactly */
    assert_true(crit_kde_usable_bandwidth(0.0, 2000.0, 1e-9) == 2.0);
    assert_true(crit_kde_usable_bandwidth(NAN, 2000.0, 1e-9) == 2.0);
    assert_true(crit_kde_usable_bandwidth(INFINITY, 2000.0, 1e-9) == 2.0);
    assert_true(crit_kde_usable_bandwidth(-1.0, 2000.0, 1e-9) == 2.0);
    /* ... or the floor when the magnitude is 0 or not finite */
    assert_true(crit_kde_usable_bandwidth(0.0, 0.0, 1e-9) == 1e-9);
    assert_true(crit_kde_usable_bandwidth(0.0, INFINITY, 1e-4) == 1e-4);
    assert_true(crit_kde_usable_bandwidth(0.0, NAN, 1e-3) == 1e-3);

    /* on data: Silverman's h when there is spread, else the magnitude max |x| */
    assert_true(crit_kde_bandwidth_or(three, 3, 1e-9) == crit_kde_bandwidth(three, 3));
    const double same[4] = {2, 2, 2, 2}, one[1] = {-4}, zeros[2] = {0, 0};
    assert_true(crit_kde_bandwidth_or(same, 4, 1e-9) == 2e-3); /* h = 0 */
    assert_true(crit_kde_bandwidth_or(one, 1, 1e-9) == 4e-3);  /* h NaN (n < 2), |-4| */
    assert_true(crit_kde_bandwidth_or(zeros, 2, 1e-9) == 1e-9);
    assert_true(crit_kde_bandwidth_or(three, 0, 1e-9) == 1e-9);
}

static void test_summary_by_hand(void **state) {
    (void)state;
    /* finite values 1 2 3 5: mean 11/4, squared deviations 49/16 + 9/16 + 1/16 + 81/16 =
     * 35/4, / 3 = 35/12; quantiles at ranks 0.003 and 2.997: 1.003 and 3 + 0.997 * 2 */
    const double d[6] = {1, 2, NAN, 3, INFINITY, 5};
    crit_kde_summary s;
    assert_int_equal(crit_kde_summarise(d, 6, &s), 0);
    assert_int_equal(s.count, 4);
    assert_close(s.sd, sqrt(35.0 / 12.0), 1e-15);
    assert_true(s.h == crit_kde_silverman(s.sd, 4));
    assert_close(s.q_lo, 1.003, 1e-15);
    assert_close(s.q_hi, 4.994, 1e-15);
    /* one finite value: no spread (h = 0, for the caller's fallback) */
    const double lone[3] = {NAN, 7, -INFINITY};
    assert_int_equal(crit_kde_summarise(lone, 3, &s), 0);
    assert_true(s.count == 1 && s.sd == 0.0 && s.h == 0.0 && s.q_lo == 7 && s.q_hi == 7);
    /* 4000 values 0..3999: stride 2, so the quantiles come from 0 2 4 ... 3998 (2000 values):
     * rank 0.001 * 1999 = 1.999 -> 2 + 0.999 * 2; rank 1997.001 -> 3994 + 0.001 * 2 */
    double *ramp = malloc(4000 * sizeof *ramp);
    assert_non_null(ramp);
    for (int i = 0; i < 4000; i++)
        ramp[i] = i;
    assert_int_equal(crit_kde_summarise(ramp, 4000, &s), 0);
    assert_close(s.q_lo, 3.998, 1e-12);
    assert_close(s.q_hi, 3994.002, 1e-9);
    assert_true(ramp[1] == 1.0 && ramp[3999] == 3999.0); /* d is not modified */
    free(ramp);
    /* nothing finite */
    const double none[2] = {NAN, INFINITY};
    assert_int_equal(crit_kde_summarise(none, 2, &s), GSL_EINVAL);
    assert_int_equal(crit_kde_summarise(none, 0, &s), GSL_EINVAL);
}

static void test_density_on_grid(void **state) {
    (void)state;
    /* the grid lo + j (hi - lo)/(m - 1) and the exact estimate on it; a NaN is left out */
    const double with_nan[4] = {0.0, NAN, 1.0, 3.0};
    double gx[5], gy[5];
    assert_int_equal(crit_kde_density(with_nan, 4, 1.0, -1.0, 3.0, 5, gx, gy), 0);
    for (int j = 0; j < 5; j++) {
        assert_true(gx[j] == -1.0 + j);
        assert_true(gy[j] == crit_kde_eval(three, 3, 1.0, -1.0 + j));
    }
    /* a degenerate range is widened: hi = lo + max(|lo| 1e-6, 1e-9) */
    assert_int_equal(crit_kde_density(three, 3, 1.0, 2.0, 2.0, 5, gx, gy), 0);
    assert_true(gx[0] == 2.0 && gx[4] == 2.0 + 2e-6);
    assert_int_equal(crit_kde_density(three, 3, 1.0, 0.0, -1.0, 5, gx, gy), 0);
    assert_true(gx[0] == 0.0 && gx[4] == 1e-9);
    /* no finite value, or an unusable bandwidth */
    const double none[1] = {NAN};
    assert_int_equal(crit_kde_density(none, 1, 1.0, 0.0, 1.0, 5, gx, gy), GSL_EINVAL);
    assert_int_equal(crit_kde_density(three, 0, 1.0, 0.0, 1.0, 5, gx, gy), GSL_EINVAL);
    assert_int_equal(crit_kde_density(three, 3, 0.0, 0.0, 1.0, 5, gx, gy), GSL_EINVAL);
}

static void test_exact_estimate_by_hand(void **state) {
    (void)state;
    /* h = 1 at x = 1: (phi(1) + phi(0) + phi(2)) / 3, phi(u) = exp(-u^2/2)/sqrt(2 pi):
     * (0.24197072451914337 + 0.3989422804014327 + 0.05399096651318806) / 3 */
    assert_close(crit_kde_eval(three, 3, 1.0, 1.0), 0.23163465714458802656, 1e-12);
    /* h = 0.5 at x = 0.5: u = 1, -1, -5: (2 phi(1) + phi(5)) / (3 * 0.5) */
    assert_close(crit_kde_eval(three, 3, 0.5, 0.5), 0.32262862383853428926, 1e-12);
    /* far away the density vanishes; h <= 0 or no data: NaN */
    assert_true(crit_kde_eval(three, 3, 1.0, 100.0) == 0.0);
    assert_true(isnan(crit_kde_eval(three, 3, 0.0, 1.0)));
    assert_true(isnan(crit_kde_eval(three, 0, 1.0, 1.0)));
    /* the grid version is the same function at lo + j (hi - lo)/(m - 1) */
    double g[5];
    assert_int_equal(crit_kde_grid_exact(three, 3, 1.0, -1.0, 3.0, 5, g), 0);
    for (int j = 0; j < 5; j++)
        assert_true(g[j] == crit_kde_eval(three, 3, 1.0, -1.0 + j));
}

/* Max |binned - exact| over the grid for n N(0,1) draws and m grid points spanning the data
 * plus 3 h on each side (so every point lies inside the grid, as the bound requires). */
static double binned_error(size_t n, size_t m, double *bound) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20261201);
    double *x = malloc(n * sizeof *x), *exact = malloc(m * sizeof *exact);
    double *binned = malloc(m * sizeof *binned), lo = INFINITY, hi = -INFINITY, worst = 0;
    assert_non_null(x);
    assert_non_null(exact);
    assert_non_null(binned);
    for (size_t i = 0; i < n; i++) {
        x[i] = gsl_ran_gaussian(r, 1.0);
        lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
    }
    double h = crit_kde_bandwidth(x, n);
    lo -= 3 * h, hi += 3 * h;
    assert_int_equal(crit_kde_grid_exact(x, n, h, lo, hi, m, exact), 0);
    assert_int_equal(crit_kde_grid_binned(x, n, h, lo, hi, m, binned), 0);
    for (size_t j = 0; j < m; j++)
        worst = fmax(worst, fabs(binned[j] - exact[j]));
    *bound = crit_kde_binned_error_bound((hi - lo) / (double)(m - 1), h);
    free(x);
    free(exact);
    free(binned);
    gsl_rng_free(r);
    return worst;
}

static void test_binned_close_to_exact(void **state) {
    (void)state;
    /* The bound (kde.h): linear binning replaces each point's kernel term phi((g - x)/h)/h by
     * its linear interpolation between the two grid points around x, which is off by at most
     * d^2/8 * max|second derivative| = d^2/8 * phi(0)/h^3; averaging over the points keeps
     * that bound, and cutting the kernel at 8h adds at most phi(8)/h. Here n = 10 000,
     * h = 0.169 and the grid spans 8 units: d = 0.0078 with 1024 points gives a bound of
     * 6.4e-4 (0.16% of the peak density 0.4), d = 0.031 with 256 points 1.0e-2. The errors
     * measured are far smaller (3.2e-6 and 6.0e-5): the interpolation errors of points on
     * either side of a grid point largely cancel. */
    double bound, err = binned_error(10000, 1024, &bound);
    assert_true(err <= bound);
    assert_true(bound < 2e-3);
    err = binned_error(10000, 256, &bound);
    assert_true(err <= bound);
    assert_true(bound < 2e-2);
}

static void test_bad_input(void **state) {
    (void)state;
    double g[4];
    assert_int_equal(crit_kde_grid_exact(three, 3, 1.0, 1.0, 1.0, 4, g), GSL_EINVAL);
    assert_int_equal(crit_kde_grid_exact(three, 3, 0.0, 0.0, 1.0, 4, g), GSL_EINVAL);
    assert_int_equal(crit_kde_grid_binned(three, 3, 1.0, 0.0, 1.0, 1, g), GSL_EINVAL);
    assert_int_equal(crit_kde_grid_binned(three, 0, 1.0, 0.0, 1.0, 4, g), GSL_EINVAL);
    assert_int_equal(crit_kde_grid(three, 3, NAN, 0.0, 1.0, 4, g), GSL_EINVAL);
    /* binned: points outside the grid are left out; here all three are, so it is all zero */
    assert_int_equal(crit_kde_grid_binned(three, 3, 1.0, 10.0, 11.0, 4, g), 0);
    for (int j = 0; j < 4; j++)
        assert_true(g[j] == 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silverman_bandwidth),   cmocka_unit_test(test_silverman_from_spread),
        cmocka_unit_test(test_bandwidth_fallback),    cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_density_on_grid),       cmocka_unit_test(test_exact_estimate_by_hand),
        cmocka_unit_test(test_binned_close_to_exact), cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
