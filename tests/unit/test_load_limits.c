/* test_load_limits.c: what the results loaders accept (crit_results.h, docs/results-format.md
 * "What the loaders accept"): a FIFO is refused without blocking, files over their size limit
 * are refused before they are read, a sample.json over the measurement ceiling or with
 * iteration counts that are not integers in [1, 2^53] is refused, naming the limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crit_results.h"
#include "fs.h"
#include "model.h"
#include "sample.h"
#include "store.h"

static int setup(void **state) {
    char tmpl[] = "/tmp/crit_limits_XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir == NULL)
        return -1;
    *state = strdup(dir);
    alarm(20); /* a blocking open would hang the test: fail it instead */
    return *state ? 0 : -1;
}

static int teardown(void **state) {
    char err[256];
    alarm(0);
    crit_fs_remove_tree(*state, err, sizeof err);
    free(*state);
    return 0;
}

static char *path_in(void **state, const char *name) {
    return crit_fs_join(*state, name, (char *)NULL);
}

static void put(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_fifo_is_refused_without_blocking(void **state) {
    char err[512] = "", want[512];
    char *p = path_in(state, "sample.json");
    assert_int_equal(mkfifo(p, 0600), 0);
    char *buf = NULL;
    size_t len = 0;
    snprintf(want, sizeof want, "cannot read %s: not a regular file (a FIFO)", p);
    assert_int_equal(crit_fs_read_file(p, &buf, &len, err, sizeof err), -CRIT_EIO);
    assert_string_equal(err, want);
    assert_null(buf);
    assert_int_equal(crit_results_read_file(p, crit_results_file_limit(p), &buf, &len, err,
                                            sizeof err),
                     -CRIT_RESULTS_EIO);
    assert_string_equal(err, want);
    free(p);
}

static void test_size_limits(void **state) {
    char err[512] = "", want[512];
    char *p = path_in(state, "f.txt");
    char *buf = NULL;
    size_t len = 0;
    put(p, "0123456789", 10);
    assert_int_equal(crit_fs_read_file_max(p, 10, "a test file", &buf, &len, err, sizeof err), 0);
    assert_int_equal(len, 10);
    free(buf);
    assert_int_equal(crit_fs_read_file_max(p, 9, "a test file", &buf, &len, err, sizeof err),
                     -CRIT_EIO);
    snprintf(want, sizeof want, "%s: 10 bytes, more than the 9 bytes limit for a test file", p);
    assert_string_equal(err, want);
    assert_null(buf);
    free(p);

    assert_int_equal(crit_results_file_limit("x/sample.json"), CRIT_RESULTS_MAX_SAMPLE_BYTES);
    assert_int_equal(crit_results_file_limit("sample.json"), CRIT_RESULTS_MAX_SAMPLE_BYTES);
    assert_int_equal(crit_results_file_limit("x/estimates.json"), CRIT_RESULTS_MAX_FILE_BYTES);
    p = path_in(state, "sample.json");
    assert_int_equal(truncate(p, 0), -1); /* not there yet */
    put(p, "{}", 2);
    assert_int_equal(truncate(p, (off_t)200 << 20), 0); /* sparse: no disk used */
    assert_int_equal(crit_store_read_file(p, &buf, &len, err, sizeof err), -CRIT_EIO);
    snprintf(want, sizeof want, "%s: 200 MiB, more than the 2 MiB limit for a sample.json", p);
    assert_string_equal(err, want);
    free(p);
    p = path_in(state, "estimates.json");
    put(p, "{}", 2);
    assert_int_equal(truncate(p, ((off_t)256 << 10) + 1), 0);
    assert_int_equal(crit_store_read_file(p, &buf, &len, err, sizeof err), -CRIT_EIO);
    snprintf(want, sizeof want,
             "%s: 256.0 KiB (262145 bytes), more than the 256 KiB limit for a results file", p);
    assert_string_equal(err, want);
    free(p);
}

/* A sample.json of n measurements, every count `iter` (a JSON number token). */
static char *sample_json(size_t n, const char *iter) {
    size_t cap = 64 + n * (strlen(iter) + 4);
    char *s = malloc(cap), *p = s;
    assert_non_null(s);
    p += sprintf(p, "{\"sampling_mode\":\"Flat\",\"iters\":[");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? "," : "", iter);
    p += sprintf(p, "],\"times\":[");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s1", i ? "," : "");
    sprintf(p, "]}");
    return s;
}

/* Decodes sample_json(n, iter): 0, or the code with the message in err. */
static int decode(size_t n, const char *iter, char *err, size_t errlen) {
    char *json = sample_json(n, iter);
    crit_sample s;
    int rc = crit_store_decode_sample(json, strlen(json), "sample.json", &s, err, errlen);
    if (rc == 0)
        crit_sample_fini(&s);
    free(json);
    return rc;
}

static void test_measurement_ceiling(void **state) {
    (void)state;
    char err[256];
    assert_int_equal(decode(CRIT_RESULTS_MAX_MEASUREMENTS, "3", err, sizeof err), 0);
    assert_int_equal(decode(CRIT_RESULTS_MAX_MEASUREMENTS + 1, "3", err, sizeof err), -CRIT_EPARSE);
    assert_string_equal(err, "sample.json: 10001 measurements, more than the limit of 10000");
    crit_sample big = {0};
    assert_int_equal(crit_sample_init(&big, CRIT_RESULTS_MAX_MEASUREMENTS + 1), 0);
    for (size_t i = 0; i < big.n; i++)
        big.iters[i] = big.times[i] = 1;
    char *text = NULL;
    assert_int_equal(crit_store_encode_sample(&big, &text, err, sizeof err), -CRIT_EINVAL);
    assert_null(text);
    crit_sample_fini(&big);
}

static void test_iteration_counts(void **state) {
    (void)state;
    char err[256];
    static const char *const good[] = {"1", "7", "1e3", "9007199254740992", "9007199254740992.0"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_int_equal(decode(2, good[i], err, sizeof err), 0);
    static const char *const bad[] = {
        "1.5", "1e300", "18446744073709551616", "9007199254740994", "0",
        "-1",  "0.999", "2.000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(decode(2, bad[i], err, sizeof err), -CRIT_EPARSE);
        assert_non_null(strstr(err, "sample.json: \"iters[0]\" = "));
        assert_non_null(strstr(err, "must be an integer in [1, 2^53]"));
    }
    crit_sample s = {0};
    char *text = NULL;
    assert_int_equal(crit_sample_init(&s, 2), 0);
    s.iters[0] = 1.5, s.iters[1] = 2, s.times[0] = s.times[1] = 1;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), -CRIT_EINVAL);
    assert_string_equal(err, "sample.json: iters[0] = 1.5 is not an integer in [1, 2^53]");
    crit_sample_fini(&s);
}

int main(void) {
    signal(SIGALRM, SIG_DFL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_limits, setup, teardown),
        cmocka_unit_test(test_measurement_ceiling),
        cmocka_unit_test(test_iteration_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
