/* test_regression.c: the slope through the origin and R^2 (regression.c) on exact data,
 * including a case where criterion.rs's ss_tot bug would give a different R^2. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "stats.h"

/* criterion.rs 0.5's Slope::r_squared, transcribed to show the value we must NOT return:
 * its loop assigns ss_tot = ss_res + dev^2 instead of accumulating. */
static double criterion_buggy_r2(const double *x, const double *y, size_t n, double m) {
    double y_bar = 0.0, ss_res = 0.0, ss_tot = 0.0;
    for (size_t i = 0; i < n; i++)
        y_bar += y[i];
    y_bar /= (double)n;
    for (size_t i = 0; i < n; i++) {
        ss_res = ss_res + (y[i] - m * x[i]) * (y[i] - m * x[i]);
        ss_tot = ss_res + (y[i] - y_bar) * (y[i] - y_bar);
    }
    return 1.0 - ss_res / ss_tot;
}

static void test_exact_line(void **state) {
    (void)state;
    /* y = 2.5 x: sum(xy) = 2.5 + 10 + 22.5 + 40 = 75, sum(xx) = 30, slope 2.5; no residual */
    const double x[4] = {1, 2, 3, 4}, y[4] = {2.5, 5, 7.5, 10};
    double m = crit_regression_slope(x, y, 4);
    assert_true(m == 2.5);
    assert_true(crit_regression_r2(x, y, 4, m) == 1.0);
}

static void test_r2_correct_where_criterion_is_not(void **state) {
    (void)state;
    /* x = {1,1,2,2}, y = {1,3,5,3}: sum(xy) = 1+3+10+6 = 20, sum(xx) = 10, slope 2.
     * residuals y - 2x = -1, 1, 1, -1: SS_res = 4. mean(y) = 3: SS_tot = 4+0+4+0 = 8.
     * R^2 = 1 - 4/8 = 0.5. criterion's loop ends with ss_tot = SS_res + (3-3)^2 = 4 -> 0. */
    const double x[4] = {1, 1, 2, 2}, y[4] = {1, 3, 5, 3};
    double m = crit_regression_slope(x, y, 4);
    assert_true(m == 2.0);
    assert_true(crit_regression_r2(x, y, 4, m) == 0.5);
    assert_true(criterion_buggy_r2(x, y, 4, m) == 0.0);
    /* At another slope (as for the interval bounds): m = 1 leaves residuals 0, 2, 3, 1,
     * SS_res = 14, R^2 = 1 - 14/8 = -0.75 (a through-origin line can do worse than the mean). */
    assert_true(crit_regression_r2(x, y, 4, 1.0) == -0.75);
}

static void test_degenerate(void **state) {
    (void)state;
    const double x[3] = {1, 2, 3}, y[3] = {4, 4, 4};
    /* all y equal: SS_tot = 0, R^2 undefined */
    assert_true(isnan(crit_regression_r2(x, y, 3, crit_regression_slope(x, y, 3))));
    assert_true(isnan(crit_regression_slope(x, y, 0)));
    assert_true(isnan(crit_regression_r2(x, y, 0, 1.0)));
    /* two points, n = 2 (quick mode): x = {1, 2}, y = {3, 5}: slope (3 + 10) / 5 = 2.6 */
    const double x2[2] = {1, 2}, y2[2] = {3, 5};
    assert_true(crit_regression_slope(x2, y2, 2) == 13.0 / 5.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_line),
        cmocka_unit_test(test_r2_correct_where_criterion_is_not),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
