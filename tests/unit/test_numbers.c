/* test_numbers.c: the strict command-line number parsers bench and the tools share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "numbers.h"

static void test_u64_whole_decimal_only(void **state) {
    (void)state;
    uint64_t u = 7;
    assert_int_equal(crit_parse_u64("0", &u), 0);
    assert_true(u == 0);
    assert_int_equal(crit_parse_u64("18446744073709551615", &u), 0);
    assert_true(u == UINT64_MAX);
    u = 7;
    const char *bad[] = {"", " 5", "+5", "-1", " -1", "5 ", "5x", "0x10", "18446744073709551616"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(crit_parse_u64(bad[i], &u), -1);
    assert_true(u == 7); /* untouched on failure */
}

static void test_double_whole_and_finite(void **state) {
    (void)state;
    double x = 0;
    assert_int_equal(crit_parse_double("0.25", &x), 0);
    assert_true(x == 0.25);
    assert_int_equal(crit_parse_double("-2e-3", &x), 0);
    assert_true(x == -2e-3);
    assert_int_equal(crit_parse_double(".5", &x), 0);
    assert_true(x == 0.5);
    x = 9;
    const char *bad[] = {"",   "x",   "1.5s", "nan",   "inf",  "1e999", "0.5 ",
                         " 5", "\t5", "0x10", "0X1p3", "-inf", "e5",    "+nan"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(crit_parse_double(bad[i], &x), -1);
    assert_true(x == 9);
}

static void test_errno_is_preserved(void **state) {
    (void)state;
    double x;
    errno = EEXIST;
    assert_int_equal(crit_parse_double("1e999", &x), -1);
    assert_int_equal(errno, EEXIST);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u64_whole_decimal_only),
        cmocka_unit_test(test_double_whole_and_finite),
        cmocka_unit_test(test_errno_is_preserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
