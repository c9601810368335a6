/* test_changepoint.c: E-divisive means (stats/changepoint.c): the statistic against a value
 * computed by hand, a step found at exactly its index, no point in flat or noisy series,
 * two steps, determinism, and argument checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include <gsl/gsl_errno.h>

#include "changepoint.h"

/* x = 1 2 3 | 10 11 12, alpha 1. Between: from 1: 9+10+11 = 30, from 2: 27, from 3: 24, sum
 * 81, times 2/(3*3) = 18. Within each side: 1+2+1 = 4, times 1/C(3,2) = 4/3. E = 18 - 8/3 =
 * 46/3; Q = 3*3/6 * 46/3 = 23. Split after the first point: left {1} (no pairs), right
 * 2 3 10 11 12: between 1+2+9+10+11 = 33, 2/(1*5)*33 = 13.2; right pairs 1+8+9+10 +7+8+9
 * +1+2 +1 = 56, /C(5,2) = 5.6; E = 13.2 - 5.6 = 7.6, Q = 5/6 * 7.6 = 6.333... */
static void test_statistic_by_hand(void **state) {
    (void)state;
    const double x[6] = {1, 2, 3, 10, 11, 12};
    assert_true(fabs(crit_edivisive_q(x, 6, 3, 1.0) - 23.0) < 1e-12);
    assert_true(fabs(crit_edivisive_q(x, 6, 1, 1.0) - 38.0 / 6.0) < 1e-12);
    assert_true(isnan(crit_edivisive_q(x, 6, 0, 1.0)));
    assert_true(isnan(crit_edivisive_q(x, 6, 6, 1.0)));
    /* alpha 2 on the same split: between squares 81+100+121+64+81+100+49+64+81 = 741, *2/9;
     * within 1+4+1 = 6 each side, /3; Q = 1.5 * (1482/9 - 4) */
    assert_true(fabs(crit_edivisive_q(x, 6, 3, 2.0) - 1.5 * (1482.0 / 9.0 - 4.0)) < 1e-9);
}

/* A fixed pseudo-random pattern in [-1, 1] (a small LCG, so the test needs no RNG). */
static double pattern(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    return ((double)((*s >> 16) & 0x7fff) / 32767.0) * 2.0 - 1.0;
}

static void test_step_found_at_its_index(void **state) {
    (void)state;
    double x[40];
    unsigned s = 42;
    for (int i = 0; i < 40; i++)
        x[i] = (i < 20 ? 100.0 : 110.0) + pattern(&s);
    crit_edivisive_config cfg;
    crit_edivisive_config_default(&cfg);
    size_t cps[8], n = 99;
    double p[8];
    assert_int_equal(crit_edivisive(x, 40, &cfg, cps, p, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 1);
    assert_int_equal(cps[0], 20);
    assert_true(p[0] <= 0.01 && p[0] >= 1.0 / 200.0);
    /* the same seed gives the same answer */
    size_t cps2[8], n2;
    assert_int_equal(crit_edivisive(x, 40, &cfg, cps2, NULL, 8, &n2), GSL_SUCCESS);
    assert_int_equal(n2, 1);
    assert_int_equal(cps2[0], 20);
}

static void test_two_steps(void **state) {
    (void)state;
    double x[45];
    unsigned s = 7;
    for (int i = 0; i < 45; i++)
        x[i] = (i < 15 ? 100.0 : i < 30 ? 120.0 : 105.0) + pattern(&s);
    crit_edivisive_config cfg;
    crit_edivisive_config_default(&cfg);
    size_t cps[8], n;
    assert_int_equal(crit_edivisive(x, 45, &cfg, cps, NULL, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 2);
    assert_int_equal(cps[0], 15);
    assert_int_equal(cps[1], 30);
}

static void test_no_point_in_flat_or_noisy_series(void **state) {
    (void)state;
    double flat[30], noisy[60];
    unsigned s = 1;
    for (int i = 0; i < 30; i++)
        flat[i] = 5.0;
    for (int i = 0; i < 60; i++)
        noisy[i] = 100.0 + 3.0 * pattern(&s);
    crit_edivisive_config cfg;
    crit_edivisive_config_default(&cfg);
    size_t cps[8], n = 99;
    assert_int_equal(crit_edivisive(flat, 30, &cfg, cps, NULL, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 0);
    assert_int_equal(crit_edivisive(noisy, 60, &cfg, cps, NULL, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 0);
    /* too short to split: nothing, no error */
    assert_int_equal(crit_edivisive(flat, 5, &cfg, cps, NULL, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 0);
    assert_int_equal(crit_edivisive(flat, 0, &cfg, cps, NULL, 8, &n), GSL_SUCCESS);
    assert_int_equal(n, 0);
}

static void test_bad_arguments(void **state) {
    (void)state;
    double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, NAN};
    crit_edivisive_config cfg;
    crit_edivisive_config_default(&cfg);
    size_t cps[4], n;
    assert_int_equal(crit_edivisive(x, 10, &cfg, cps, NULL, 4, &n), GSL_EINVAL);
    cfg.min_size = 1;
    assert_int_equal(crit_edivisive(x, 9, &cfg, cps, NULL, 4, &n), GSL_EINVAL);
    crit_edivisive_config_default(&cfg);
    cfg.alpha = 2.0;
    assert_int_equal(crit_edivisive(x, 9, &cfg, cps, NULL, 4, &n), GSL_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statistic_by_hand),
        cmocka_unit_test(test_step_found_at_its_index),
        cmocka_unit_test(test_two_steps),
        cmocka_unit_test(test_no_point_in_flat_or_noisy_series),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
