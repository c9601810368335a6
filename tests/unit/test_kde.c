/* test_kde.c: kde.h against hand-computed values (Silverman's bandwidth, the exact estimate
 * on three points), the binned estimate against the exact one on 10 000 normal draws within
 * its stated error bound, and bad input. */
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
        cmocka_unit_test(test_silverman_bandwidth),
        cmocka_unit_test(test_exact_estimate_by_hand),
        cmocka_unit_test(test_binned_close_to_exact),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
