/* test_runner.c: crit_main end to end on a suite defined here: parameterised ids, every iter
 * routine, a failing command benchmark (exit 1, named, the rest still run), group settings
 * versus explicit options, a regression under --fail-on-regression (exit 3), and a skipped
 * benchmark (exit 0, no files) beside one that adds context facts to metrics.json. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "crit.h"
#include "model.h"
#include "sample.h"
#include "store.h"
#include "benchid.h"

/* argv arrays are built from string literals; crit_main never writes through them. */
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

static char dir[] = "/tmp/crit-test-runner.XXXXXX";
static int slow;
/* short explicit times for the lone benchmark, which has no group settings */
#define QUICK                                                         \
    "--warm-up-time", "0.02", "--measurement-time", "0.1", "--color", \
        "never" /* makes "work" slower, to force a regression */

static void body_inline(crit_bencher *b, void *arg) {
    uint64_t x = (uint64_t)(uintptr_t)arg;
    CRIT_ITER(b) {
        for (int i = 0; i < 20 + slow * 200; i++) {
            x = x * 3 + 1;
            CRIT_BLACK_BOX(x);
        }
    }
}
static void routine(void *arg) { crit_black_box(arg); }
static void body_routine(crit_bencher *b, void *arg) { crit_iter(b, routine, arg); }
static void *setup(void *arg) { return arg; }
static void consume(void *input, void *arg) {
    (void)arg;
    crit_black_box(input);
}
static void body_batched(crit_bencher *b, void *arg) {
    crit_iter_batched(b, setup, consume, NULL, arg, (crit_batch_size){CRIT_BATCH_SMALL_INPUT, 0});
}
static double timer(uint64_t iters, void *arg) {
    (void)arg;
    return 50.0 * (double)iters;
}
static void body_custom(crit_bencher *b, void *arg) { crit_iter_custom(b, timer, arg); }

static void suite(crit_runner *r) {
    crit_group *g = crit_group_new(r, "t");
    crit_group_sample_size(g, 10);
    crit_group_warm_up_time(g, 0.01);
    crit_group_measurement_time(g, 0.02);
    crit_group_nresamples(g, 500);
    crit_bench_with_input(g, "inline", "8", body_inline, NULL);
    crit_bench_with_input(g, NULL, "a/b", body_routine, NULL); /* value with a slash */
    crit_group_throughput(g, CRIT_THROUGHPUT_BYTES, 4096);
    crit_bench(g, "batched", body_batched, NULL);
    crit_bench(g, "custom", body_custom, NULL);
    crit_bench_command(g, "fails", (const char *const[]){"false", NULL});
    crit_group_finish(g);
    crit_bench_function(r, "lone", body_inline, NULL);
}

static void body_skips(crit_bencher *b, void *arg) {
    (void)arg;
    crit_bencher_skip(b, "tool %s not found", "xyz");
}
static void body_with_facts(crit_bencher *b, void *arg) {
    crit_bencher_context(b, "tool_version", "1.0");
    crit_bencher_context(b, "tool_version", "2.5"); /* replaces */
    crit_bencher_metric(b, "allocs_per_iter", 3);
    body_inline(b, arg);
}
static void suite_skip(crit_runner *r) {
    crit_group *g = crit_group_new(r, "s");
    crit_group_sample_size(g, 10);
    crit_group_warm_up_time(g, 0.01);
    crit_group_measurement_time(g, 0.02);
    crit_group_nresamples(g, 500);
    crit_bench(g, "skips", body_skips, NULL);
    crit_bench(g, "facts", body_with_facts, NULL);
    crit_group_finish(g);
}

static int run_targets(char **argv, crit_target_fn target) {
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stdout);
    return crit_main(argc, argv, (const crit_target_fn[]){target}, 1);
}

static int run(char **argv) { return run_targets(argv, suite); }

static char *path(const char *rel) {
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", dir, rel);
    return buf;
}

static void load(const char *id_dir, const char *baseline, crit_sample *s) {
    char err[256], name[128];
    snprintf(name, sizeof name, "%s", id_dir);
    crit_bench_id id = {.directory_name = name};
    assert_int_equal(crit_store_load_sample(dir, &id, baseline, s, err, sizeof err), 0);
}

static void test_suite_runs_and_reports_failure(void **state) {
    (void)state;
    assert_int_equal(run((char *[]){"bench", "--output-dir", dir, QUICK, NULL}), 1);
    crit_sample s;
    load("t/inline/8", "new", &s);
    assert_int_equal(s.n, 10); /* the group's sample size */
    crit_sample_fini(&s);
    load("t/a_b", "new", &s); /* "a/b" made file-safe */
    crit_sample_fini(&s);
    load("t/custom", "new", &s);
    for (size_t i = 0; i < s.n; i++)
        assert_true(s.times[i] == 50.0 * s.iters[i]);
    crit_sample_fini(&s);
    load("t/batched", "base", &s);
    crit_sample_fini(&s);
    load("lone", "new", &s);
    crit_sample_fini(&s);
    assert_int_equal(access(path("t/fails"), F_OK), -1); /* nothing written for a failure */
    char *bm = NULL;
    size_t len = 0;
    FILE *f = fopen(path("t/batched/new/benchmark.json"), "r");
    assert_non_null(f);
    assert_int_equal(getdelim(&bm, &len, '\0', f) > 0, 1);
    fclose(f);
    assert_non_null(strstr(bm, "\"throughput\":{\"Bytes\":4096}"));
    free(bm);
}

static void test_explicit_option_beats_group(void **state) {
    (void)state;
    assert_int_equal(run((char *[]){"bench", "t/inline", "--output-dir", dir, "--sample-size", "12",
                                    "--color", "never", NULL}),
                     0);
    crit_sample s;
    load("t/inline/8", "new", &s);
    assert_int_equal(s.n, 12);
    crit_sample_fini(&s);
}

static void test_fail_on_regression(void **state) {
    (void)state;
    assert_int_equal(run((char *[]){"bench", "^lone$", "--output-dir", dir, "--save-baseline",
                                    "fast", QUICK, NULL}),
                     0);
    slow = 1; /* 11x the work per iteration */
    assert_int_equal(run((char *[]){"bench", "^lone$", "--output-dir", dir, "--baseline", "fast",
                                    "--fail-on-regression", QUICK, NULL}),
                     3);
    assert_int_equal(run((char *[]){"bench", "^lone$", "--output-dir", dir, "--baseline", "fast",
                                    QUICK, NULL}),
                     0);
    slow = 0;
}

static char *slurp(const char *rel) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = fopen(path(rel), "r");
    assert_non_null(f);
    assert_true(getdelim(&text, &len, '\0', f) > 0);
    fclose(f);
    return text;
}

static void test_skip_is_not_a_failure_and_facts_are_stored(void **state) {
    (void)state;
    assert_int_equal(run_targets((char *[]){"bench", "--output-dir", dir, "--color", "never", NULL},
                                 suite_skip),
                     0);
    assert_int_equal(access(path("s/skips"), F_OK), -1); /* nothing written for a skip */
    char *m = slurp("s/facts/new/metrics.json");
    assert_non_null(strstr(m, "\"allocs_per_iter\":3,"));
    assert_non_null(strstr(m, ",\"tool_version\":\"2.5\"}}"));
    assert_non_null(strstr(m, "\"settings\":{\"sample_size\":10,\"warm_up_time\":0.01,"));
    free(m);
    assert_int_equal(run_targets((char *[]){"bench", "--test", "--output-dir", dir, NULL},
                                 suite_skip),
                     0);
}

static void test_bad_command_line_writes_nothing(void **state) {
    (void)state;
    char sub[600];
    snprintf(sub, sizeof sub, "%s/never", dir);
    assert_int_equal(run((char *[]){"bench", "--output-dir", sub, "--sample-size", "3", NULL}), 2);
    assert_int_equal(access(sub, F_OK), -1);
}

static int setup_dir(void **state) {
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suite_runs_and_reports_failure),
        cmocka_unit_test(test_explicit_option_beats_group),
        cmocka_unit_test(test_fail_on_regression),
        cmocka_unit_test(test_skip_is_not_a_failure_and_facts_are_stored),
        cmocka_unit_test(test_bad_command_line_writes_nothing),
    };
    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
