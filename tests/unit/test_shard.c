/* test_shard.c: --shard K/N (harness/run/shard.c): FNV-1a 64 against the published test
 * values, the shard of a key, strict parsing of K/N, a compared group's members sharing the
 * group's shard, and stability: adding and removing benchmarks moves no other one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"
#include "options.h"
#include "runner.h"
#include "shard.h"

#include "options_parse.h"

/* The FNV-1a 64 test vectors published with the algorithm (isthe.com/chongo/tech/comp/fnv). */
static void test_hash_known_values(void **state) {
    (void)state;
    assert_true(crit_shard_hash("") == 0xcbf29ce484222325u);
    assert_true(crit_shard_hash("a") == 0xaf63dc4c8601ec8cu);
    assert_true(crit_shard_hash("foobar") == 0x85944171f73967e8u);
    /* and the shards of a few real ids, so a change of the hash cannot go unnoticed */
    assert_int_equal(crit_shard_of("vm_simple", 4), 4);
    assert_int_equal(crit_shard_of("ac6", 4), 2);
    assert_int_equal(crit_shard_of("a", 4), 1);
    assert_int_equal(crit_shard_of("anything", 1), 1);
}

static void test_parse(void **state) {
    (void)state;
    unsigned k = 0, n = 0;
    assert_int_equal(crit_shard_parse("2/4", &k, &n, err, sizeof err), 0);
    assert_true(k == 2 && n == 4);
    assert_int_equal(crit_shard_parse("1/1", &k, &n, err, sizeof err), 0);
    assert_int_equal(crit_shard_parse("1000/1000", &k, &n, err, sizeof err), 0);
    assert_true(k == 1000 && n == 1000);
    const char *bad[] = {"0/4",  "5/4",   "1/0", "01/4",  "1/04",  "1/1001",      "+1/4",
                         " 1/4", "1/4 ",  "1/",  "/4",    "1",     "a/b",         "1/4/4",
                         "-1/4", "1.0/4", "",    "0x1/4", "1/1e3", "4294967297/4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        k = n = 7;
        err[0] = '\0';
        assert_int_equal(crit_shard_parse(bad[i], &k, &n, err, sizeof err), -CRIT_EINVAL);
        assert_true(k == 7 && n == 7); /* untouched */
        assert_non_null(strstr(err, "--shard"));
        assert_non_null(strstr(err, "1 <= K <= N <= 1000"));
    }
}

static void test_options(void **state) {
    (void)state;
    assert_int_equal(PARSE("--list"), 0);
    assert_true(o.shard_k == 0 && o.shard_n == 0);
    assert_int_equal(PARSE("--shard", "3/8", "vm"), 0);
    assert_true(o.shard_k == 3 && o.shard_n == 8);
    assert_string_equal(o.filter, "vm");
    assert_int_equal(PARSE("--shard=1/2", "--list"), 0);
    assert_true(o.shard_k == 1 && o.shard_n == 2 && o.list);
    assert_int_equal(PARSE("--shard", "9/8"), -CRIT_EINVAL);
    assert_non_null(strstr(err, "'9/8' for --shard"));
    assert_int_equal(PARSE("--shard"), -CRIT_EINVAL);
    assert_int_equal(PARSE("--serve", "--shard", "1/2"), -CRIT_EINVAL);
    assert_non_null(strstr(err, "--shard cannot be combined with --serve"));
}

/* A compared group's members take the group's id as their key; other benchmarks their own. */
static void test_key_and_may_hold(void **state) {
    (void)state;
    crit_group plain = {.id = "grp"}, compared = {.id = "grp", .compare_to = "base"};
    assert_string_equal(crit_shard_key(&plain, "grp/x"), "grp/x");
    assert_string_equal(crit_shard_key(&compared, "grp/x"), "grp");
    /* crit_runner_selects' rule: the id or one of its prefixes in the shard */
    crit_options opt = {0};
    assert_true(crit_shard_may_hold(&opt, "grp/x")); /* no --shard: everything */
    opt.shard_n = 4;
    for (unsigned k = 1; k <= 4; k++) {
        opt.shard_k = k;
        bool own = crit_shard_of("grp/x/1", 4) == k, group = crit_shard_of("grp", 4) == k,
             mid = crit_shard_of("grp/x", 4) == k;
        assert_true(crit_shard_may_hold(&opt, "grp/x/1") == (own || group || mid));
    }
}

/* Disjoint, covering, and stable: the shard of an id depends on the id alone. */
static void test_stability(void **state) {
    (void)state;
    enum { N = 600, SHARDS = 4 };
    static char before[N][40], after[N + 50][40];
    size_t nafter = 0, count[SHARDS + 1] = {0};
    for (size_t i = 0; i < N; i++) {
        snprintf(before[i], sizeof before[i], "group%zu/bench/%zu", i % 7, i);
        if (i % 10 != 3) /* a tenth removed */
            snprintf(after[nafter++], sizeof after[0], "%s", before[i]);
        if (i % 12 == 0) /* and some added in between */
            snprintf(after[nafter++], sizeof after[0], "new%zu/bench", i);
    }
    for (size_t i = 0; i < N; i++) {
        unsigned s = crit_shard_of(before[i], SHARDS);
        assert_true(s >= 1 && s <= SHARDS);
        count[s]++;
        for (size_t j = 0; j < nafter; j++)
            if (strcmp(before[i], after[j]) == 0)
                assert_int_equal(crit_shard_of(after[j], SHARDS), s);
    }
    for (unsigned s = 1; s <= SHARDS; s++) /* about N/SHARDS each: 150 +- 40 */
        assert_true(count[s] > 110 && count[s] < 190);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_known_values), cmocka_unit_test(test_parse),
        cmocka_unit_test(test_options),           cmocka_unit_test(test_key_and_may_hold),
        cmocka_unit_test(test_stability),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
