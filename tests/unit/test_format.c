/* test_format.c: criterion.rs's console number formats, value by value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "format.h"

static char buf[128];

static void test_time_units_and_precision(void **state) {
    (void)state;
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 0.5), "500.00 ps");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 9.54123), "9.5412 ns");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 95.4123), "95.412 ns");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 954.123), "954.12 ns");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 1330.0), "1.3300 \xC2\xB5s");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 61.0e6), "61.000 ms");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 3e9), "3.0000 s");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 12345e9), " 12345 s");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, 5000.5e6), "5.0005 s");
}

/* The ladder's boundaries belong to the larger unit; a negative value is below 1 ns (criterion's
 * rule, kept for the public crit_format_time); the scale factors are the exact ones the SVG
 * axes multiply by. */
static void test_time_unit_ladder(void **state) {
    (void)state;
    assert_string_equal(crit_time_unit_for(0.999)->name, "ps");
    assert_string_equal(crit_time_unit_for(1.0)->name, "ns");
    assert_string_equal(crit_time_unit_for(999.0)->name, "ns");
    assert_string_equal(crit_time_unit_for(1e3)->name, "\xC2\xB5s");
    assert_string_equal(crit_time_unit_for(1e6)->name, "ms");
    assert_string_equal(crit_time_unit_for(1e9)->name, "s");
    assert_string_equal(crit_time_unit_for(-2500.0)->name, "ps"); /* as criterion */
    assert_string_equal(crit_time_unit_for(fabs(-2500.0))->name, "\xC2\xB5s");
    assert_string_equal(crit_fmt_time_aligned(buf, sizeof buf, -5.0), "-5000.0000 ps");
    assert_string_equal(crit_time_unit_for(0.0 / 0.0)->name, "s");
    assert_true(crit_time_in_unit(0.27965, crit_time_unit_for(0.27965)) == 0.27965 * 1e3);
    assert_true(crit_time_in_unit(1093.0, crit_time_unit_for(1093.0)) == 1.093);
    assert_true(1.0 / crit_time_unit_for(0.5)->ns == 1000.0);
    assert_true(1.0 / crit_time_unit_for(5e6)->ns == 1e-6);
}

static void test_public_format_time_is_unpadded(void **state) {
    (void)state;
    assert_string_equal(crit_format_time(buf, sizeof buf, 12345e9), "12345 s");
    assert_string_equal(crit_format_time(buf, sizeof buf, 0.27965), "279.65 ps");
    assert_string_equal(crit_format_time(buf, sizeof buf, 1093.0), "1.0930 \xC2\xB5s");
    char small[6];
    assert_string_equal(crit_format_time(small, sizeof small, 7.5231), "7.523");
}

static void test_short(void **state) {
    (void)state;
    assert_string_equal(crit_fmt_short(buf, sizeof buf, 1234.56), "1234.6");
    assert_string_equal(crit_fmt_short(buf, sizeof buf, 99999.4), "99999");
}

static void test_change(void **state) {
    (void)state;
    assert_string_equal(crit_fmt_change(buf, sizeof buf, -0.012034, 1), "-1.2034%");
    assert_string_equal(crit_fmt_change(buf, sizeof buf, 0.003588, 1), "+0.3588%");
    assert_string_equal(crit_fmt_change(buf, sizeof buf, 0.25, 1), "+25.000%");
    assert_string_equal(crit_fmt_change(buf, sizeof buf, 0.0001, 0), "0.0100%");
}

static void test_iter_count(void **state) {
    (void)state;
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 5050), "5050 iterations");
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 52500), "52k iterations");
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 5200000), "5.2M iterations");
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 52000000), "52M iterations");
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 5200000000ULL), "5.2B iterations");
    assert_string_equal(crit_fmt_iter_count(buf, sizeof buf, 52000000000ULL), "52B iterations");
}

static void test_throughput(void **state) {
    (void)state;
    crit_throughput bytes = {CRIT_THROUGHPUT_BYTES, 1024};
    crit_throughput dec = {CRIT_THROUGHPUT_BYTES_DECIMAL, 1000};
    crit_throughput el = {CRIT_THROUGHPUT_ELEMENTS, 1000};
    crit_throughput bits = {CRIT_THROUGHPUT_BITS, 8};
    /* 1024 B per 1 us = 1024e6 B/s = 976.5625 MiB/s */
    assert_string_equal(crit_fmt_throughput(buf, sizeof buf, bytes, 1000.0), "976.56 MiB/s");
    /* 1000 B per 1 ms = 1e6 B/s = 1 MB/s */
    assert_string_equal(crit_fmt_throughput(buf, sizeof buf, dec, 1e6), "1.0000 MB/s");
    /* 1000 elements per 1.33 us = 751.88e6 elem/s */
    assert_string_equal(crit_fmt_throughput(buf, sizeof buf, el, 1330.0), "751.88 Melem/s");
    /* 8 bits per 1 s = 8 b/s */
    assert_string_equal(crit_fmt_throughput(buf, sizeof buf, bits, 1e9), "8.0000   b/s");
    /* 1000 elements per 100 ns = 10e9 elem/s */
    assert_string_equal(crit_fmt_throughput(buf, sizeof buf, el, 100.0), "10.000 Gelem/s");
}

static void test_duration(void **state) {
    (void)state;
    assert_string_equal(crit_fmt_duration(buf, sizeof buf, 5e9), "5.0s");
    assert_string_equal(crit_fmt_duration(buf, sizeof buf, 12.34e6), "12.3ms");
    assert_string_equal(crit_fmt_duration(buf, sizeof buf, 900e3), "900.0\xC2\xB5s");
    assert_string_equal(crit_fmt_duration(buf, sizeof buf, 500), "500.0ns");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_units_and_precision),
        cmocka_unit_test(test_time_unit_ladder),
        cmocka_unit_test(test_public_format_time_is_unpadded),
        cmocka_unit_test(test_short),
        cmocka_unit_test(test_change),
        cmocka_unit_test(test_iter_count),
        cmocka_unit_test(test_throughput),
        cmocka_unit_test(test_duration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
