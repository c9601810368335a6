/* test_benchid.c: benchmark identities: full id, title and file-safe directory name for all
 * four shapes, every substituted character, and the 64-byte cut that keeps UTF-8 whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "benchid.h"

static const crit_throughput no_tp = {CRIT_THROUGHPUT_NONE, 0};

static void check_id(const char *g, const char *f, const char *v, const char *full,
                     const char *dir) {
    crit_bench_id id;
    assert_int_equal(crit_bench_id_init(&id, g, f, v, no_tp), 0);
    assert_string_equal(id.group_id, g);
    if (f)
        assert_string_equal(id.function_id, f);
    else
        assert_null(id.function_id);
    if (v)
        assert_string_equal(id.value_str, v);
    else
        assert_null(id.value_str);
    assert_string_equal(id.full_id, full);
    assert_string_equal(id.title, full);
    assert_string_equal(id.directory_name, dir);
    assert_int_equal(id.throughput.kind, CRIT_THROUGHPUT_NONE);
    crit_bench_id_fini(&id);
    assert_null(id.full_id);
}

static void test_four_shapes(void **state) {
    (void)state;
    check_id("arith", NULL, NULL, "arith", "arith");
    check_id("arith", "add", NULL, "arith/add", "arith/add");
    check_id("fib", NULL, "30", "fib/30", "fib/30");
    check_id("vm", "fib", "30", "vm/fib/30", "vm/fib/30");
}

static void test_special_characters(void **state) {
    (void)state;
    /* each of ? " / \ * < > : | ^ becomes '_' in the directory only */
    check_id("a?b\"c/d\\e*f<g>h:i|j^k", NULL, NULL, "a?b\"c/d\\e*f<g>h:i|j^k",
             "a_b_c_d_e_f_g_h_i_j_k");
    check_id("g", "x/y", "1:2", "g/x/y/1:2", "g/x_y/1_2");
    /* other characters (spaces, dots, UTF-8) are kept */
    check_id("sort 10", "vec.sort", "naïve", "sort 10/vec.sort/naïve", "sort 10/vec.sort/naïve");
}

static void test_dot_parts_cannot_escape(void **state) {
    (void)state;
    check_id("g", NULL, "..", "g/..", "g/__");
    check_id("g", ".", NULL, "g/.", "g/_");
    check_id("", NULL, NULL, "", "_");
    check_id("g", "", "v", "g//v", "g/_/v");
    check_id("g", "...", NULL, "g/...", "g/...");
}

static void check_part(const char *in, const char *expect) {
    char out[CRIT_DIR_PART_MAX + 1];
    crit_bench_id_safe_part(in, out);
    assert_string_equal(out, expect);
    assert_true(strlen(out) <= CRIT_DIR_PART_MAX);
}

static void test_truncation_keeps_utf8_whole(void **state) {
    (void)state;
    char in[128], expect[128];
    /* 70 ASCII bytes -> 64 */
    memset(in, 'a', 70);
    in[70] = '\0';
    memset(expect, 'a', 64);
    expect[64] = '\0';
    check_part(in, expect);
    /* exactly 64 bytes is kept */
    in[64] = '\0';
    check_part(in, expect);

    /* 63 x 'a' + U+00E9 (2 bytes at 63..64): the whole character goes -> 63 bytes */
    memset(in, 'a', 63);
    strcpy(in + 63, "\xC3\xA9zz");
    memset(expect, 'a', 63);
    expect[63] = '\0';
    check_part(in, expect);

    /* 62 x 'a' + U+20AC (3 bytes at 62..64) -> 62 bytes */
    memset(in, 'a', 62);
    strcpy(in + 62, "\xE2\x82\xAC");
    memset(expect, 'a', 62);
    expect[62] = '\0';
    check_part(in, expect);

    /* 61 x 'a' + U+1F600 (4 bytes at 61..64) -> 61 bytes */
    memset(in, 'a', 61);
    strcpy(in + 61, "\xF0\x9F\x98\x80");
    memset(expect, 'a', 61);
    expect[61] = '\0';
    check_part(in, expect);

    /* 60 x 'a' + U+1F600 (60..63) fits exactly: 64 bytes kept, then the cut */
    memset(in, 'a', 60);
    strcpy(in + 60, "\xF0\x9F\x98\x80xyz");
    memset(expect, 'a', 60);
    strcpy(expect + 60, "\xF0\x9F\x98\x80");
    check_part(in, expect);

    /* 32 two-byte characters = 64 bytes, one more is dropped whole */
    in[0] = '\0';
    for (int i = 0; i < 33; i++)
        strcat(in, "\xC3\xA9");
    memcpy(expect, in, 64);
    expect[64] = '\0';
    check_part(in, expect);

    /* malformed: a run of continuation bytes is cut at the limit rather than emptied */
    memset(in, 0x80, 70);
    in[70] = '\0';
    memset(expect, 0x80, 64);
    expect[64] = '\0';
    check_part(in, expect);
}

static void test_substitution_before_truncation(void **state) {
    (void)state;
    char in[80], expect[80];
    memset(in, '/', 70);
    in[70] = '\0';
    memset(expect, '_', 64);
    expect[64] = '\0';
    check_part(in, expect);
}

static void test_directory_name_is_cut_per_part(void **state) {
    (void)state;
    char longp[100];
    memset(longp, 'x', 99);
    longp[99] = '\0';
    crit_bench_id id;
    assert_int_equal(crit_bench_id_init(&id, longp, longp, "v", no_tp), 0);
    assert_int_equal(strlen(id.full_id), 99 + 1 + 99 + 2);
    assert_int_equal(strlen(id.directory_name), 64 + 1 + 64 + 2);
    assert_int_equal(id.directory_name[64], '/');
    crit_bench_id_fini(&id);
}

static void test_throughput_and_errors(void **state) {
    (void)state;
    crit_bench_id id;
    crit_throughput tp = {CRIT_THROUGHPUT_BYTES_DECIMAL, 4096};
    assert_int_equal(crit_bench_id_init(&id, "g", "f", NULL, tp), 0);
    assert_int_equal(id.throughput.kind, CRIT_THROUGHPUT_BYTES_DECIMAL);
    assert_int_equal(id.throughput.per_iter, 4096);
    crit_bench_id_fini(&id);
    crit_bench_id_fini(&id); /* twice is safe */
    crit_bench_id_fini(NULL);

    crit_throughput none_with_count = {CRIT_THROUGHPUT_NONE, 7};
    assert_int_equal(crit_bench_id_init(&id, "g", NULL, NULL, none_with_count), 0);
    assert_int_equal(id.throughput.per_iter, 0);
    crit_bench_id_fini(&id);

    assert_int_equal(crit_bench_id_init(&id, NULL, "f", NULL, no_tp), -CRIT_EINVAL);
    assert_null(id.full_id);
    assert_null(id.group_id);
    crit_throughput bad = {(crit_throughput_kind)99, 1};
    assert_int_equal(crit_bench_id_init(&id, "g", NULL, NULL, bad), -CRIT_EINVAL);
    assert_null(id.directory_name);
    assert_int_equal(crit_bench_id_init(NULL, "g", NULL, NULL, no_tp), -CRIT_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_shapes),
        cmocka_unit_test(test_special_characters),
        cmocka_unit_test(test_dot_parts_cannot_escape),
        cmocka_unit_test(test_truncation_keeps_utf8_whole),
        cmocka_unit_test(test_substitution_before_truncation),
        cmocka_unit_test(test_directory_name_is_cut_per_part),
        cmocka_unit_test(test_throughput_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
