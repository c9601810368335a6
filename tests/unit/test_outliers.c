/* test_outliers.c: Tukey's fences and criterion's labelling (outliers.c): every one of the five
 * classes, points exactly on a fence, n = 2 and all-equal samples. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>

#include "stats.h"

/* Sorted: q1 at rank 0.25 * 8 = 2 -> 10, q3 at rank 6 -> 20, IQR 10, so the fences are
 * 10 - 30 = -20, 10 - 15 = -5, 20 + 15 = 35, 20 + 30 = 50. */
static const double nine[9] = {-100, -8, 10, 11, 12, 13, 20, 40, 100};

static void test_fences(void **state) {
    (void)state;
    crit_tukey f;
    assert_int_equal(crit_tukey_fences(nine, 9, &f), GSL_SUCCESS);
    assert_true(f.low_severe == -20.0);
    assert_true(f.low_mild == -5.0);
    assert_true(f.high_mild == 35.0);
    assert_true(f.high_severe == 50.0);
    assert_int_equal(crit_tukey_fences(nine, 0, &f), GSL_EINVAL);
}

static void test_five_classes(void **state) {
    (void)state;
    crit_tukey f = {-20, -5, 35, 50};
    /* -100 < -20; -8 in [-20, -5); 40 in (35, 50]; 100 > 50 */
    assert_int_equal(crit_tukey_classify(&f, -100), CRIT_TUKEY_LOW_SEVERE);
    assert_int_equal(crit_tukey_classify(&f, -8), CRIT_TUKEY_LOW_MILD);
    assert_int_equal(crit_tukey_classify(&f, 12), CRIT_TUKEY_NOT_OUTLIER);
    assert_int_equal(crit_tukey_classify(&f, 40), CRIT_TUKEY_HIGH_MILD);
    assert_int_equal(crit_tukey_classify(&f, 100), CRIT_TUKEY_HIGH_SEVERE);
    /* On a fence is not beyond it: comparisons are strict. */
    assert_int_equal(crit_tukey_classify(&f, -20), CRIT_TUKEY_LOW_MILD);
    assert_int_equal(crit_tukey_classify(&f, -5), CRIT_TUKEY_NOT_OUTLIER);
    assert_int_equal(crit_tukey_classify(&f, 35), CRIT_TUKEY_NOT_OUTLIER);
    assert_int_equal(crit_tukey_classify(&f, 50), CRIT_TUKEY_HIGH_MILD);
}

static void test_label_all_in_sample_order(void **state) {
    (void)state;
    crit_tukey f;
    assert_int_equal(crit_tukey_fences(nine, 9, &f), GSL_SUCCESS);
    const double x[9] = {100, 12, -8, 40, 10, -100, 20, 11, 13}; /* nine, shuffled */
    unsigned char labels[9];
    size_t counts[CRIT_TUKEY_NLABELS];
    crit_tukey_label_all(&f, x, 9, labels, counts);
    const unsigned char want[9] = {
        CRIT_TUKEY_HIGH_SEVERE, CRIT_TUKEY_NOT_OUTLIER, CRIT_TUKEY_LOW_MILD,
        CRIT_TUKEY_HIGH_MILD,   CRIT_TUKEY_NOT_OUTLIER, CRIT_TUKEY_LOW_SEVERE,
        CRIT_TUKEY_NOT_OUTLIER, CRIT_TUKEY_NOT_OUTLIER, CRIT_TUKEY_NOT_OUTLIER};
    assert_memory_equal(labels, want, 9);
    assert_int_equal(counts[CRIT_TUKEY_LOW_SEVERE], 1);
    assert_int_equal(counts[CRIT_TUKEY_LOW_MILD], 1);
    assert_int_equal(counts[CRIT_TUKEY_NOT_OUTLIER], 5);
    assert_int_equal(counts[CRIT_TUKEY_HIGH_MILD], 1);
    assert_int_equal(counts[CRIT_TUKEY_HIGH_SEVERE], 1);
}

static void test_two_points(void **state) {
    (void)state;
    /* {1, 3}: q1 at rank 0.25 -> 1.5, q3 at rank 0.75 -> 2.5, IQR 1 */
    const double two[2] = {1, 3};
    crit_tukey f;
    assert_int_equal(crit_tukey_fences(two, 2, &f), GSL_SUCCESS);
    assert_true(f.low_severe == -1.5);
    assert_true(f.low_mild == 0.0);
    assert_true(f.high_mild == 4.0);
    assert_true(f.high_severe == 5.5);
    unsigned char labels[2];
    size_t counts[CRIT_TUKEY_NLABELS];
    crit_tukey_label_all(&f, two, 2, labels, counts);
    assert_int_equal(counts[CRIT_TUKEY_NOT_OUTLIER], 2);
}

static void test_all_equal(void **state) {
    (void)state;
    /* IQR 0: the four fences coincide at 7 and no point is strictly beyond them. */
    const double eq[4] = {7, 7, 7, 7};
    crit_tukey f;
    assert_int_equal(crit_tukey_fences(eq, 4, &f), GSL_SUCCESS);
    assert_true(f.low_severe == 7.0 && f.low_mild == 7.0 && f.high_mild == 7.0 &&
                f.high_severe == 7.0);
    unsigned char labels[4];
    size_t counts[CRIT_TUKEY_NLABELS];
    crit_tukey_label_all(&f, eq, 4, labels, counts);
    assert_int_equal(counts[CRIT_TUKEY_NOT_OUTLIER], 4);
    /* ... but with a zero IQR any different point is a severe outlier. */
    assert_int_equal(crit_tukey_classify(&f, 7.5), CRIT_TUKEY_HIGH_SEVERE);
    assert_int_equal(crit_tukey_classify(&f, 6.5), CRIT_TUKEY_LOW_SEVERE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fences),
        cmocka_unit_test(test_five_classes),
        cmocka_unit_test(test_label_all_in_sample_order),
        cmocka_unit_test(test_two_points),
        cmocka_unit_test(test_all_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
