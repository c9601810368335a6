/* test_relative.c: a compared group's ratios (crit_group_compare) outside the store: the one
 * wording rule of a ratio (core/relative.c) at and around its boundaries, the mapping from a
 * paired change, and the exports' relative columns and JSON message (export/), with the tables
 * byte-identical to before when no record has a ratio. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "benchid.h"
#include "export.h"
#include "relative.h"
#include "sample.h"

static void expect_words(double point, double lower, double upper, const char *want) {
    char buf[160];
    crit_estimate e = {point, lower, upper, 0, 0.95};
    assert_string_equal(crit_fmt_relative(buf, sizeof buf, &e), want);
}

static void test_wording(void **state) {
    (void)state;
    /* slower: the ratio itself */
    expect_words(1.27, 1.25, 1.29, "1.27x slower [1.25x 1.29x]");
    expect_words(1, 0.99, 1.01, "1.00x slower [0.99x 1.01x]"); /* exactly 1 reads "slower" */
    expect_words(12.34, 11.5, 13.06, "12.3x slower [11.5x 13.1x]");
    expect_words(127.4, 99.99, 1000.4, "127x slower [100.0x 1000x]");
    /* faster: the inverse, bounds swapped so the bracket still reads low to high */
    expect_words(0.5, 0.4, 0.625, "2.00x faster [1.60x 2.50x]");
    expect_words(0.999, 0.99, 1.01, "1.00x faster [0.99x 1.01x]");
    expect_words(0.014351438089047819, 0.014300542831706453, 0.01444212949102941,
                 "69.7x faster [69.2x 69.9x]");
    expect_words(0.001, 0.0005, 0.002, "1000x faster [500x 2000x]");
    /* the decimals change at 10 and 100 */
    expect_words(9.994, 9.994, 9.996, "9.99x slower [9.99x 10.00x]");
    expect_words(10, 10, 99.94, "10.0x slower [10.0x 99.9x]");
    expect_words(100, 100, 100, "100x slower [100x 100x]");
    /* nothing sensible to say */
    expect_words(NAN, 1, 2, "n/a");
    expect_words(1, 0, 2, "n/a");
    expect_words(1, 0.5, INFINITY, "n/a");
    expect_words(-1, -2, -0.5, "n/a");
    /* a short buffer is cut, never overrun */
    char small[8];
    crit_estimate e = {1.27, 1.25, 1.29, 0, 0.95};
    assert_string_equal(crit_fmt_relative(small, sizeof small, &e), "1.27x s");
}

static void test_from_change(void **state) {
    (void)state;
    crit_change c;
    memset(&c, 0, sizeof c);
    c.mean = (crit_estimate){-0.5, -0.625, -0.25, 0.1, 0.95};
    c.median = c.mean;
    c.rounds = 42;
    c.p_value = 0.001;
    c.method = CRIT_CHANGE_PAIRED;
    crit_relative r;
    memset(&r, 0x5a, sizeof r);
    assert_true(crit_relative_from_change(&r, "g/base", &c));
    assert_true(r.used);
    assert_string_equal(r.to, "g/base");
    assert_true(r.ratio.point == 0.5 && r.ratio.lower == 0.375 && r.ratio.upper == 0.75);
    assert_true(r.ratio.confidence_level == 0.95 && r.ratio.std_err == 0);
    assert_int_equal(r.rounds, 42);
    assert_true(r.p_value == 0.001);
    /* an id that does not fit: refused, unused */
    char *long_id = malloc(sizeof r.to + 1);
    assert_non_null(long_id);
    memset(long_id, 'x', sizeof r.to);
    long_id[sizeof r.to] = '\0';
    assert_false(crit_relative_from_change(&r, long_id, &c));
    assert_false(r.used);
    long_id[sizeof r.to - 1] = '\0'; /* the longest that fits */
    assert_true(crit_relative_from_change(&r, long_id, &c));
    free(long_id);
}

/* Two Flat records of group g: "g/fast" compared with "g/base" (ratio 0.5), and g/base. */
static void make_records(crit_run_record r[2], bool with_ratio) {
    memset(r, 0, 2 * sizeof *r);
    const char *fn[2] = {"fast", "base"};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(crit_bench_id_init(&r[i].id, "g", fn[i], NULL,
                                            (crit_throughput){CRIT_THROUGHPUT_NONE, 0}),
                         0);
        assert_int_equal(crit_sample_init(&r[i].sample, 2), 0);
        r[i].sample.mode = CRIT_MODE_FLAT;
        r[i].sample.iters[0] = r[i].sample.iters[1] = 4;
        r[i].sample.times[0] = r[i].sample.times[1] = 40.0 * (i + 1);
        double t = 10.0 * (i + 1);
        r[i].est.mean = r[i].est.median = (crit_estimate){t, t - 1, t + 1, 0.5, 0.95};
        r[i].est.std_dev = (crit_estimate){0.5, 0.25, 0.75, 0.1, 0.95};
        r[i].cv = 0.05;
    }
    if (with_ratio) {
        crit_relative *rel = &r[0].relative;
        rel->used = true;
        strcpy(rel->to, "g/base");
        rel->ratio = (crit_estimate){0.5, 0.4, 0.625, 0, 0.95};
        rel->rounds = 12;
        rel->p_value = 0.25;
    }
}

static void free_records(crit_run_record r[2]) {
    crit_record_fini(&r[0]);
    crit_record_fini(&r[1]);
}

static void test_exports(void **state) {
    (void)state;
    crit_run_record r[2];
    make_records(r, true);
    char *md = crit_export_markdown(r, 2);
    assert_string_equal(md, "| benchmark | lower | estimate | upper | throughput | change (mean) "
                            "| relative (paired) |\n"
                            "| --- | ---: | ---: | ---: | ---: | --- | --- |\n"
                            "| g/fast | 9.0000 ns | 10.000 ns | 11.000 ns | - | - "
                            "| vs g/base: 2.00x faster [1.60x 2.50x] |\n"
                            "| g/base | 19.000 ns | 20.000 ns | 21.000 ns | - | - | - |\n");
    free(md);
    char *csv = crit_export_csv(r, 2);
    assert_string_equal(csv, "id,mean,lower,upper,median,std_dev,cv,unit,throughput,"
                             "throughput_unit,relative_to,ratio,ratio_lower,ratio_upper\r\n"
                             "g/fast,10,9,11,10,0.5,0.05,ns,,,g/base,0.5,0.4,0.625\r\n"
                             "g/base,20,19,21,20,0.5,0.05,ns,,,,,,\r\n");
    free(csv);
    char *m = crit_export_message_benchmark(&r[0], "out");
    assert_non_null(strstr(m, "\"change\":null,\"relative\":{\"to\":\"g/base\",\"ratio\":"
                              "{\"estimate\":0.5,\"lower_bound\":0.4,\"upper_bound\":0.625,"
                              "\"unit\":\"ratio\"},\"rounds\":12,\"p_value\":0.25}}"));
    free(m);
    m = crit_export_message_benchmark(&r[1], "out");
    assert_null(strstr(m, "relative"));
    free(m);
    free_records(r);

    /* without any ratio the tables are exactly the ones before crit_group_compare existed */
    make_records(r, false);
    md = crit_export_markdown(r, 2);
    assert_string_equal(md,
                        "| benchmark | lower | estimate | upper | throughput | change (mean) |\n"
                        "| --- | ---: | ---: | ---: | ---: | --- |\n"
                        "| g/fast | 9.0000 ns | 10.000 ns | 11.000 ns | - | - |\n"
                        "| g/base | 19.000 ns | 20.000 ns | 21.000 ns | - | - |\n");
    free(md);
    csv = crit_export_csv(r, 2);
    assert_string_equal(csv, "id,mean,lower,upper,median,std_dev,cv,unit,throughput,"
                             "throughput_unit\r\n"
                             "g/fast,10,9,11,10,0.5,0.05,ns,,\r\n"
                             "g/base,20,19,21,20,0.5,0.05,ns,,\r\n");
    free(csv);
    free_records(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wording),
        cmocka_unit_test(test_from_change),
        cmocka_unit_test(test_exports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
