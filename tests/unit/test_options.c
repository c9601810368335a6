/* test_options.c: every option parses to the right setting, and every bad option or value
 * is rejected with one message naming it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"
#include "options.h"

#include "options_parse.h"

static void test_defaults(void **state) {
    (void)state;
    unsetenv("CRIT_HOME");
    assert_int_equal(parse((char *[]){"bench", NULL}), 0);
    assert_int_equal(o.settings.sample_size, 100);
    assert_true(o.settings.warm_up_time == 3.0 && o.settings.measurement_time == 5.0);
    assert_int_equal(o.settings.nresamples, 100000);
    assert_true(o.settings.confidence_level == 0.95 && o.settings.significance_level == 0.05);
    assert_true(o.settings.noise_threshold == 0.01);
    assert_int_equal(o.settings.sampling_mode, CRIT_SAMPLING_AUTO);
    assert_string_equal(o.output_dir, "results");
    assert_string_equal(o.baseline, "base");
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_SAVE);
    assert_int_equal(o.seed, 1);
    assert_null(o.filter);
    assert_int_equal(o.explicit_set, 0);
}

static void test_values(void **state) {
    (void)state;
    assert_int_equal(PARSE("vm_", "--warm-up-time", "0.25", "--measurement-time=1.5",
                           "--sample-size", "10", "--nresamples", "500", "--confidence-level",
                           "0.9", "--significance-level", "0.01", "--noise-threshold", "0",
                           "--sampling-mode", "flat", "--seed", "42", "--output-dir", "/tmp/x",
                           "--fail-on-regression", "--verbose", "--color", "never", "--exact"),
                     0);
    assert_string_equal(o.filter, "vm_");
    assert_true(o.settings.warm_up_time == 0.25 && o.settings.measurement_time == 1.5);
    assert_int_equal(o.settings.sample_size, 10);
    assert_int_equal(o.settings.nresamples, 500);
    assert_true(o.settings.confidence_level == 0.9 && o.settings.significance_level == 0.01);
    assert_true(o.settings.noise_threshold == 0.0);
    assert_int_equal(o.settings.sampling_mode, CRIT_SAMPLING_FLAT);
    assert_int_equal(o.seed, 42);
    assert_string_equal(o.output_dir, "/tmp/x");
    assert_true(o.fail_on_regression && o.verbose && o.exact);
    assert_int_equal(o.color, CRIT_COLOR_NEVER);
    assert_int_equal(o.explicit_set, CRIT_SET_WARM_UP | CRIT_SET_MEASUREMENT |
                                         CRIT_SET_SAMPLE_SIZE | CRIT_SET_NRESAMPLES |
                                         CRIT_SET_CONFIDENCE | CRIT_SET_SIGNIFICANCE |
                                         CRIT_SET_NOISE | CRIT_SET_SAMPLING);
}

static void test_baselines(void **state) {
    (void)state;
    assert_int_equal(PARSE("--save-baseline", "main"), 0);
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_SAVE);
    assert_string_equal(o.baseline, "main");
    assert_int_equal(PARSE("--baseline", "main"), 0);
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_COMPARE_STRICT);
    assert_int_equal(PARSE("--baseline-lenient", "main"), 0);
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_COMPARE_LENIENT);
    assert_int_equal(PARSE("--discard-baseline"), 0);
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_DISCARD);
    assert_string_equal(o.baseline, "base");
    assert_int_equal(PARSE("--load-baseline", "new1", "--baseline", "old"), 0);
    assert_string_equal(o.load_baseline, "new1");
    assert_string_equal(o.baseline, "old");
    assert_false(o.save_given || o.force_save);
}

/* --force-save-baseline NAME: saves like --save-baseline, replacing whatever is at NAME. */
static void test_force_save_baseline(void **state) {
    (void)state;
    assert_int_equal(PARSE("--force-save-baseline", "main"), 0);
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_SAVE);
    assert_string_equal(o.baseline, "main");
    assert_true(o.force_save && o.save_given);
    assert_int_equal(PARSE("--force-save-baseline=v2"), 0);
    assert_string_equal(o.baseline, "v2");
    assert_int_equal(PARSE("--save-baseline", "main"), 0);
    assert_true(o.save_given);
    assert_false(o.force_save);
    assert_int_equal(parse((char *[]){"bench", NULL}), 0); /* the default save of base */
    assert_int_equal(o.baseline_mode, CRIT_BASELINE_SAVE);
    assert_false(o.save_given || o.force_save);
    char *help = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&help, &len);
    assert_non_null(f);
    crit_options_print_usage(f);
    fclose(f);
    assert_non_null(strstr(help, "--force-save-baseline NAME"));
    assert_non_null(strstr(help, "3 regression found")); /* every part */
    free(help);
}

static void test_crit_home(void **state) {
    (void)state;
    setenv("CRIT_HOME", "/tmp/crit-home", 1);
    assert_int_equal(parse((char *[]){"bench", NULL}), 0);
    assert_string_equal(o.output_dir, "/tmp/crit-home");
    assert_int_equal(PARSE("--output-dir", "elsewhere"), 0);
    assert_string_equal(o.output_dir, "elsewhere");
    unsetenv("CRIT_HOME");
}

/* Each bad command line: rejected, and the message names the culprit. */
static void test_errors(void **state) {
    (void)state;
    struct {
        char *argv[6];
        const char *needle;
    } cases[] = {
        {{"bench", "--sample-size", "9"}, "--sample-size"},
        {{"bench", "--sample-size", "abc"}, "--sample-size"},
        {{"bench", "--sample-size", "-5"}, "--sample-size"},
        {{"bench", "--warm-up-time", "0"}, "--warm-up-time"},
        {{"bench", "--measurement-time", "-1"}, "--measurement-time"},
        {{"bench", "--measurement-time", "nan"}, "--measurement-time"},
        {{"bench", "--measurement-time", "1s"}, "--measurement-time"},
        {{"bench", "--warm-up-time", "1e23"}, "at most 1000000 seconds"},
        {{"bench", "--measurement-time", "0x10"}, "--measurement-time"},
        {{"bench", "--measurement-time", " 5"}, "--measurement-time"},
        {{"bench", "--profile-time", "1000001"}, "--profile-time"},
        {{"bench", "--seed", " -1"}, "--seed"},
        {{"bench", "--nresamples", "0"}, "--nresamples"},
        {{"bench", "--nresamples", "10000001"}, "--nresamples: at most 10000000"},
        {{"bench", "--aa", "--aa-runs", "1001"}, "--aa-runs: at most 1000"},
        {{"bench", "--sample-size", "10001"}, "--sample-size"},
        {{"bench", "--confidence-level", "1"}, "--confidence-level"},
        {{"bench", "--significance-level", "0"}, "--significance-level"},
        {{"bench", "--noise-threshold", "-0.1"}, "--noise-threshold"},
        {{"bench", "--sampling-mode", "fast"}, "--sampling-mode"},
        {{"bench", "--color", "purple"}, "--color"},
        {{"bench", "--seed", "-1"}, "--seed"},
        {{"bench", "--frobnicate"}, "--frobnicate"},
        {{"bench", "--sample-size"}, "--sample-size"},
        {{"bench", "--list=yes"}, "--list"},
        {{"bench", "a", "b"}, "'b'"},
        {{"bench", "--baseline", "x", "--save-baseline", "y"}, "--save-baseline"},
        {{"bench", "--save-baseline", "new"}, "--save-baseline"},
        {{"bench", "--baseline", "a/b"}, "--baseline"},
        {{"bench", "--save-baseline", ".hidden"}, "--save-baseline"},
        {{"bench", "--load-baseline", "x"}, "--load-baseline"},
        {{"bench", "--verbose", "--quiet"}, "--quiet"},
        {{"bench", "--output-dir="}, "--output-dir"},
        {{"bench", "--force-save-baseline", "new"}, "--force-save-baseline"},
        {{"bench", "--force-save-baseline", ".x"}, "--force-save-baseline"},
        {{"bench", "--force-save-baseline"}, "--force-save-baseline"},
        {{"bench", "--save-baseline", "a", "--force-save-baseline", "a"}, "--force-save-baseline"},
        {{"bench", "--force-save-baseline", "a", "--baseline", "b"}, "--baseline"},
        {{"bench", "--force-save-baseline", "a", "--discard-baseline"}, "--discard-baseline"},
        {{"bench", "--against", "/bin/true", "--force-save-baseline", "a"}, "a baseline option"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int argc = 0;
        while (cases[i].argv[argc])
            argc++;
        err[0] = '\0';
        int rc = crit_options_parse(argc, cases[i].argv, &o, err, sizeof err);
        if (rc != -CRIT_EINVAL || !strstr(err, cases[i].needle))
            fail_msg("case %zu (%s %s): rc %d, message '%s'", i, cases[i].argv[1],
                     cases[i].argv[2] ? cases[i].argv[2] : "", rc, err);
        assert_null(strchr(err, '\n'));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),  cmocka_unit_test(test_values),
        cmocka_unit_test(test_baselines), cmocka_unit_test(test_force_save_baseline),
        cmocka_unit_test(test_crit_home), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
