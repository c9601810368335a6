/* test_model.c: the rules core/model.c writes once: the typical estimate, every spelling of a
 * verdict, and the outlier severity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "model.h"

static void test_typical_is_slope_else_mean(void **state) {
    (void)state;
    crit_estimates e = {.mean = {.point = 2.0}, .slope = {.point = 1.5}, .has_slope = true};
    assert_ptr_equal(crit_typical(&e), &e.slope);
    e.has_slope = false;
    assert_ptr_equal(crit_typical(&e), &e.mean);
}

static void test_verdict_spellings(void **state) {
    (void)state;
    const crit_verdict_text *t = crit_verdict_texts(CRIT_VERDICT_WITHIN_NOISE);
    assert_string_equal(t->name, "within_noise");
    assert_string_equal(t->words, "within noise");
    assert_string_equal(t->sentence, "Change within noise threshold.");
    assert_string_equal(t->cargo, "NoChange");
    t = crit_verdict_texts(CRIT_VERDICT_REGRESSED);
    assert_string_equal(t->name, "regressed");
    assert_string_equal(t->sentence, "Performance has regressed.");
    assert_string_equal(t->cargo, "Regressed");
    t = crit_verdict_texts(CRIT_VERDICT_IMPROVED);
    assert_string_equal(t->sentence, "Performance has improved.");
    assert_string_equal(t->cargo, "Improved");
    t = crit_verdict_texts(CRIT_VERDICT_NO_CHANGE);
    assert_string_equal(t->name, "no_change");
    assert_string_equal(t->sentence, "No change in performance detected.");
    assert_ptr_equal(crit_verdict_texts((crit_verdict)17), t); /* out of range: no change */
    /* the console colours the word inside the sentence (strstr): it must be there */
    assert_non_null(strstr(crit_verdict_texts(CRIT_VERDICT_IMPROVED)->sentence, "improved"));
    assert_non_null(strstr(crit_verdict_texts(CRIT_VERDICT_REGRESSED)->sentence,
                           crit_verdict_texts(CRIT_VERDICT_REGRESSED)->words));
}

static void test_verdict_from_name_round_trips(void **state) {
    (void)state;
    for (int v = CRIT_VERDICT_NO_CHANGE; v <= CRIT_VERDICT_WITHIN_NOISE; v++) {
        crit_verdict got = CRIT_VERDICT_NO_CHANGE;
        assert_true(crit_verdict_from_name(crit_verdict_texts((crit_verdict)v)->name, &got));
        assert_int_equal(got, v);
    }
    crit_verdict keep = CRIT_VERDICT_IMPROVED;
    assert_false(crit_verdict_from_name("Regressed", &keep));
    assert_false(crit_verdict_from_name("within noise", &keep));
    assert_int_equal(keep, CRIT_VERDICT_IMPROVED);
}

static void test_outlier_severity(void **state) {
    (void)state;
    assert_int_equal(crit_outlier_severity(CRIT_OUTLIER_LOW_SEVERE), 2);
    assert_int_equal(crit_outlier_severity(CRIT_OUTLIER_LOW_MILD), 1);
    assert_int_equal(crit_outlier_severity(CRIT_OUTLIER_NONE), 0);
    assert_int_equal(crit_outlier_severity(CRIT_OUTLIER_HIGH_MILD), 1);
    assert_int_equal(crit_outlier_severity(CRIT_OUTLIER_HIGH_SEVERE), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typical_is_slope_else_mean),
        cmocka_unit_test(test_verdict_spellings),
        cmocka_unit_test(test_verdict_from_name_round_trips),
        cmocka_unit_test(test_outlier_severity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
