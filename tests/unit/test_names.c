/* test_names.c: the name rule (core/names.c) on hand-picked byte strings, its printable form,
 * the baseline-name rule built on it (store.c) and benchmark.json ids held to it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "benchid.h"
#include "model.h"
#include "names.h"
#include "store.h"

static const char *problem(const char *s) {
    static char buf[96];
    return crit_name_problem(s, buf, sizeof buf);
}

static void test_accepted(void **state) {
    (void)state;
    const char *ok[] = {"a",
                        "fib/15",
                        "größe",
                        "日本語",
                        "emoji \xF0\x9F\x98\x80",
                        "U+10FFFF \xF4\x8F\xBF\xBF",
                        "tilde~ and space",
                        "\xC2\xA0nbsp"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_null(problem(ok[i]));
}

static void test_refused(void **state) {
    (void)state;
    assert_string_equal(problem(""), "is empty");
    assert_string_equal(problem("a\nb"), "contains a control character (U+000A at offset 1)");
    assert_string_equal(problem("\x1b[31m"), "contains a control character (U+001B at offset 0)");
    assert_string_equal(problem("del\x7f"), "contains a control character (U+007F at offset 3)");
    /* C1 controls (U+0080-U+009F), written in UTF-8 */
    assert_string_equal(problem("x\xC2\x85"), "contains a control character (U+0085 at offset 1)");
    assert_string_equal(problem("ab\xff"), "is not valid UTF-8 (byte 0xff at offset 2)");
    /* overlong '/', a lone continuation byte, a truncated sequence, a surrogate, > U+10FFFF */
    assert_string_equal(problem("\xC0\xAF"), "is not valid UTF-8 (byte 0xc0 at offset 0)");
    assert_string_equal(problem("a\x80"), "is not valid UTF-8 (byte 0x80 at offset 1)");
    assert_string_equal(problem("\xE6\x97"), "is not valid UTF-8 (byte 0xe6 at offset 0)");
    assert_string_equal(problem("\xED\xA0\x80"), "is not valid UTF-8 (byte 0xed at offset 0)");
    assert_string_equal(problem("\xF4\x90\x80\x80"), "is not valid UTF-8 (byte 0xf4 at offset 0)");
    assert_string_equal(problem("\xE0\x80\xAF"), "is not valid UTF-8 (byte 0xe0 at offset 0)");
}

static void test_printable(void **state) {
    (void)state;
    char out[32];
    assert_string_equal(crit_name_printable("a\nb", out, sizeof out), "a\\x0ab");
    assert_string_equal(crit_name_printable("\x1b[1m", out, sizeof out), "\\x1b[1m");
    assert_string_equal(crit_name_printable("a\\b", out, sizeof out), "a\\\\b");
    assert_string_equal(crit_name_printable("größe\xff", out, sizeof out), "größe\\xff");
    assert_string_equal(crit_name_printable("", out, sizeof out), "");
    /* cut with "..." so that it fits cap (8: at most 4 bytes, then "..." and the NUL) */
    char small[8];
    assert_string_equal(crit_name_printable("abcdefghij", small, sizeof small), "abcd...");
    assert_string_equal(crit_name_printable("\n\n", small, sizeof small), "\\x0a...");
    assert_string_equal(crit_name_printable("abcd", small, sizeof small), "abcd");
}

static void test_baseline_names(void **state) {
    (void)state;
    char buf[96], name[300];
    assert_null(crit_store_baseline_name_problem("main", buf, sizeof buf));
    assert_string_equal(crit_store_baseline_name_problem("", buf, sizeof buf), "is empty");
    assert_string_equal(crit_store_baseline_name_problem("a\tb", buf, sizeof buf),
                        "contains a control character (U+0009 at offset 1)");
    assert_string_equal(crit_store_baseline_name_problem(".x", buf, sizeof buf),
                        "starts with '.' (crit's temporaries are hidden names)");
    assert_string_equal(crit_store_baseline_name_problem("a/b", buf, sizeof buf),
                        "contains '/' (a baseline is one directory name)");
    assert_string_equal(crit_store_baseline_name_problem("instructions", buf, sizeof buf),
                        "is a name the results layout uses itself");
    memset(name, 'n', 215);
    name[215] = '\0';
    assert_null(crit_store_baseline_name_problem(name, buf, sizeof buf));
    name[215] = 'n';
    name[216] = '\0';
    assert_string_equal(crit_store_baseline_name_problem(name, buf, sizeof buf),
                        "is 216 bytes, more than 215");
    assert_false(crit_store_baseline_name_ok(name));
    assert_false(crit_store_baseline_name_ok(NULL));
}

static void test_benchmark_json_ids(void **state) {
    (void)state;
    char err[256];
    crit_bench_id id;
    const char *good = "{\"group_id\":\"g\",\"function_id\":\"f\",\"value_str\":null,"
                       "\"throughput\":null,\"full_id\":\"g/f\",\"directory_name\":\"g/f\","
                       "\"title\":\"g/f\"}";
    assert_int_equal(crit_store_decode_benchmark(good, strlen(good), "b.json", &id, err,
                                                 sizeof err),
                     0);
    crit_bench_id_fini(&id);
    const char *esc = "{\"group_id\":\"g\",\"function_id\":\"\\u001b[2J\",\"value_str\":null,"
                      "\"throughput\":null,\"full_id\":\"g/\\u001b[2J\",\"directory_name\":\"g/_\","
                      "\"title\":\"g/f\"}";
    assert_int_equal(crit_store_decode_benchmark(esc, strlen(esc), "b.json", &id, err, sizeof err),
                     -CRIT_EPARSE);
    assert_string_equal(
        err, "b.json: \"function_id\" contains a control character (U+001B at offset 0)");
    const char *empty = "{\"group_id\":\"\",\"function_id\":null,\"value_str\":null,"
                        "\"throughput\":null,\"full_id\":\"\",\"directory_name\":\"_\","
                        "\"title\":\"\"}";
    assert_int_equal(crit_store_decode_benchmark(empty, strlen(empty), "b.json", &id, err,
                                                 sizeof err),
                     -CRIT_EPARSE);
    assert_string_equal(err, "b.json: \"group_id\" is empty");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),           cmocka_unit_test(test_refused),
        cmocka_unit_test(test_printable),          cmocka_unit_test(test_baseline_names),
        cmocka_unit_test(test_benchmark_json_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
