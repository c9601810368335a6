/* test_measure.c: criterion's sampling plans computed by hand, the batch sizes of
 * crit_iter_batched, custom timing, the one-iter-routine rule, quick mode and command
 * benchmarks (exit status, signal, missing program, timeout). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "measure.h"
#include "sample.h"

static char warning[512];

/* met 10 ns, 100 samples, 5 s: d = ceil(5e9 / 10 / 5050) = 99010, expected 5050*99010*10 ns. */
static void test_plan_linear(void **state) {
    (void)state;
    crit_sample s;
    assert_int_equal(crit_sample_init(&s, 100), 0);
    double expected = crit_plan_samples(10.0, 100, 5e9, CRIT_SAMPLING_AUTO, &s, warning,
                                        sizeof warning);
    assert_int_equal(s.mode, CRIT_MODE_LINEAR);
    assert_true(s.iters[0] == 99010.0 && s.iters[99] == 9901000.0);
    assert_true(expected == 5050.0 * 99010.0 * 10.0);
    assert_string_equal(warning, "");
    crit_sample_fini(&s);
}

/* met 100 ms, 100 samples, 5 s, linear forced: d = 1, 5050 runs = 505 s; recommended
 * n = floor((-1 + sqrt(4 * 50)) / 2) = 6 -> rounded down to tens = 0 -> clamped to 10. */
static void test_plan_linear_warning(void **state) {
    (void)state;
    crit_sample s;
    assert_int_equal(crit_sample_init(&s, 100), 0);
    double expected = crit_plan_samples(1e8, 100, 5e9, CRIT_SAMPLING_LINEAR, &s, warning,
                                        sizeof warning);
    assert_true(expected == 5.05e11);
    assert_true(s.iters[0] == 1.0 && s.iters[99] == 100.0);
    assert_string_equal(warning, "Warning: Unable to complete 100 samples in 5.0s. You may wish to "
                                 "increase target time to 505.0s, enable flat sampling, or reduce "
                                 "sample count to 10.");
    crit_sample_fini(&s);
}

/* Auto with the same numbers: 505 s > 2 * 5 s, so Flat; per = ceil(5e9 / 1e8 / 100) = 1,
 * expected 100 * 1e8 = 10 s; recommended flat n = 5e9 / 1e8 = 50. */
static void test_plan_auto_flat_warning(void **state) {
    (void)state;
    crit_sample s;
    assert_int_equal(crit_sample_init(&s, 100), 0);
    double expected = crit_plan_samples(1e8, 100, 5e9, CRIT_SAMPLING_AUTO, &s, warning,
                                        sizeof warning);
    assert_int_equal(s.mode, CRIT_MODE_FLAT);
    assert_true(expected == 1e10);
    assert_true(s.iters[0] == 1.0 && s.iters[99] == 1.0);
    assert_string_equal(warning, "Warning: Unable to complete 100 samples in 5.0s. You may wish to "
                                 "increase target time to 10.0s, or reduce sample count to 50.");
    crit_sample_fini(&s);
}

/* Flat, met 1 ms, 10 samples, 1 s: ceil(1e9 / 1e6 / 10) = 100 iterations each. */
static void test_plan_flat(void **state) {
    (void)state;
    crit_sample s;
    assert_int_equal(crit_sample_init(&s, 10), 0);
    double expected = crit_plan_samples(1e6, 10, 1e9, CRIT_SAMPLING_FLAT, &s, warning,
                                        sizeof warning);
    assert_int_equal(s.mode, CRIT_MODE_FLAT);
    for (size_t i = 0; i < 10; i++)
        assert_true(s.iters[i] == 100.0);
    assert_true(expected == 1e9);
    assert_string_equal(warning, "");
    crit_sample_fini(&s);
}

/* ---- batched ---- */
typedef struct counts {
    int setups, routines, teardowns, alive, max_alive, batches;
    int in_batch; /* setups since the last routine */
    int order_ok;
} counts;

static void *setup_cb(void *arg) {
    counts *c = arg;
    if (c->in_batch == 0)
        c->batches++;
    c->setups++;
    c->in_batch++;
    c->alive++;
    if (c->alive > c->max_alive)
        c->max_alive = c->alive;
    return &c->setups;
}
static void routine_cb(void *input, void *arg) {
    counts *c = arg;
    if (input != &c->setups)
        c->order_ok = 0;
    c->routines++;
    c->in_batch = 0;
}
static void teardown_cb(void *input, void *arg) {
    counts *c = arg;
    (void)input;
    c->teardowns++;
    c->alive--;
}

static counts run_batched(uint64_t iters, crit_batch_size size) {
    crit_bencher b = {0};
    counts c = {.order_ok = 1};
    b.iters = iters;
    crit_iter_batched(&b, setup_cb, routine_cb, teardown_cb, &c, size);
    assert_false(b.failed);
    assert_int_equal(b.calls, 1);
    return c;
}

static void test_batched_sizes(void **state) {
    (void)state;
    struct {
        uint64_t iters;
        crit_batch_size size;
        int batches, max_alive;
    } cases[] = {
        {25, {CRIT_BATCH_SMALL_INPUT, 0}, 9, 3},     /* ceil(25/10) = 3 per batch */
        {2500, {CRIT_BATCH_LARGE_INPUT, 0}, 834, 3}, /* ceil(2500/1000) = 3 */
        {7, {CRIT_BATCH_PER_ITERATION, 0}, 7, 1},
        {10, {CRIT_BATCH_NUM_BATCHES, 4}, 4, 3},    /* 3,3,3,1 */
        {10, {CRIT_BATCH_NUM_ITERATIONS, 7}, 2, 7}, /* 7,3 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        counts c = run_batched(cases[i].iters, cases[i].size);
        assert_int_equal(c.setups, (int)cases[i].iters);
        assert_int_equal(c.routines, (int)cases[i].iters);
        assert_int_equal(c.teardowns, (int)cases[i].iters);
        assert_int_equal(c.batches, cases[i].batches);
        assert_int_equal(c.max_alive, cases[i].max_alive);
        assert_true(c.order_ok);
    }
}

static void *slow_setup(void *arg) {
    struct timespec ts = {0, 2000000}; /* 2 ms, never timed */
    nanosleep(&ts, NULL);
    return arg;
}
static void noop_routine(void *input, void *arg) {
    (void)input;
    (void)arg;
}

static void test_batched_setup_untimed(void **state) {
    (void)state;
    crit_bencher b = {0};
    b.iters = 10;
    crit_iter_batched(&b, slow_setup, noop_routine, NULL, NULL,
                      (crit_batch_size){CRIT_BATCH_PER_ITERATION, 0});
    /* 10 setups took >= 20 ms; the timed part is 10 empty calls */
    assert_true(b.elapsed_ns < 2e6);
}

/* ---- custom timing and the routine rule ---- */
static double seven_ns_each(uint64_t iters, void *arg) {
    (void)arg;
    return 7.0 * (double)iters;
}
static double broken_timer(uint64_t iters, void *arg) {
    (void)iters;
    (void)arg;
    return -1.0;
}
static void custom_body(crit_bencher *b, void *arg) { crit_iter_custom(b, seven_ns_each, arg); }
static void broken_body(crit_bencher *b, void *arg) { crit_iter_custom(b, broken_timer, arg); }
static void lazy_body(crit_bencher *b, void *arg) {
    (void)b;
    (void)arg;
}
static void noop(void *arg) { (void)arg; }
static void double_body(crit_bencher *b, void *arg) {
    crit_iter(b, noop, arg);
    crit_iter(b, noop, arg);
}
static void counting_body(crit_bencher *b, void *arg) {
    uint64_t *n = arg;
    CRIT_ITER(b) { (*n)++; }
}

static void test_custom_and_rules(void **state) {
    (void)state;
    crit_bencher b = {0};
    double ns = 0;
    assert_int_equal(crit_measure_once(&b, custom_body, NULL, 1000, &ns), 0);
    assert_true(ns == 7000.0);
    assert_int_equal(crit_measure_once(&b, broken_body, NULL, 3, &ns), -CRIT_EBENCH);
    assert_non_null(strstr(b.message, "invalid time"));
    crit_bencher_reset(&b);
    assert_int_equal(crit_measure_once(&b, lazy_body, NULL, 3, &ns), -CRIT_EBENCH);
    assert_non_null(strstr(b.message, "did not call an iter routine"));
    crit_bencher_reset(&b);
    assert_int_equal(crit_measure_once(&b, double_body, NULL, 3, &ns), -CRIT_EBENCH);
    assert_non_null(strstr(b.message, "2 iter routines"));
    crit_bencher_reset(&b);
    uint64_t n = 0;
    assert_int_equal(crit_measure_once(&b, counting_body, &n, 12345, &ns), 0);
    assert_int_equal(n, 12345);
}

static void test_metrics(void **state) {
    (void)state;
    crit_bencher b = {0};
    crit_bencher_metric(&b, "allocs_per_iter", 3);
    crit_bencher_metric(&b, "bytes_per_iter", 96);
    crit_bencher_metric(&b, "allocs_per_iter", 2);
    assert_int_equal(b.metrics.n, 2);
    assert_string_equal(b.metrics.name[0], "allocs_per_iter");
    assert_true(b.metrics.value[0] == 2 && b.metrics.value[1] == 96);
    assert_false(b.failed);
    crit_bencher_metric(&b, "a_name_that_is_much_too_long_to_keep", 1);
    assert_true(b.failed);
}

static void test_context_facts(void **state) {
    (void)state;
    crit_bencher b = {0};
    crit_bencher_context(&b, "python_version", "3.11.2");
    crit_bencher_context(&b, "python_version", "3.11.7"); /* replaced */
    assert_int_equal(b.metrics.ncontext, 1);
    assert_string_equal(b.metrics.context_value[0], "3.11.7");
    assert_false(b.failed);
    crit_bencher_context(&b, "host", "elsewhere"); /* the run's own key: refused at once */
    assert_true(b.failed);
    assert_non_null(strstr(b.message, "cannot record 'host'"));
    crit_bencher_reset(&b);
    b.metrics.ncontext = 0;
    char long_path[5000];
    memset(long_path, 'p', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    long_path[4095] = '\0'; /* 4095 bytes fit */
    crit_bencher_context(&b, "python_executable", long_path);
    assert_false(b.failed);
    long_path[4095] = 'p';
    crit_bencher_context(&b, "other", long_path);
    assert_true(b.failed);
    crit_bencher_reset(&b);
    crit_bencher_skip(&b, "no %s here", "python3");
    assert_true(b.failed && b.skipped);
    assert_string_equal(b.message, "no python3 here");
}

/* ---- quick mode and warm-up ---- */
static void spin_body(crit_bencher *b, void *arg) {
    (void)arg;
    uint64_t x = 1;
    CRIT_ITER(b) {
        for (int i = 0; i < 100; i++) {
            x = x * 3 + 1;
            CRIT_BLACK_BOX(x);
        }
    }
}

static void test_quick_and_warm_up(void **state) {
    (void)state;
    crit_bencher b = {0};
    crit_sample s;
    assert_int_equal(crit_measure_quick(&b, spin_body, NULL, 1e9, 0.05, &s), 0);
    assert_int_equal(s.n, 2);
    assert_true(s.iters[1] == 2 * s.iters[0]);
    assert_true(s.times[0] > 0 && s.times[1] > 0);
    crit_sample_fini(&s);
    double met = 0;
    assert_int_equal(crit_measure_warm_up(&b, spin_body, NULL, 20e6, &met), 0);
    assert_true(met > 0 && met < 1e6);
}

/* Warm-up sizes samples by the wall time of whole calls, as criterion does: a batched benchmark
 * whose untimed setup sleeps 1 ms per input must see met >= 1 ms, although its timed part is ns. */
static void *sleepy_setup(void *arg) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    return arg;
}
static void sleepy_body(crit_bencher *b, void *arg) {
    crit_iter_batched(b, sleepy_setup, noop_routine, NULL, arg,
                      (crit_batch_size){CRIT_BATCH_PER_ITERATION, 0});
}

static void test_warm_up_counts_setup(void **state) {
    (void)state;
    crit_bencher b = {0};
    double met = 0;
    assert_int_equal(crit_measure_warm_up(&b, sleepy_body, NULL, 20e6, &met), 0);
    assert_true(met >= 1e6);
    assert_true(b.elapsed_ns < 1e6 * (double)b.iters); /* the timed part excluded the sleeps */
}

/* ---- commands ---- */
static int run_command(const char *const *argv, double timeout, double *ns, char *msg, size_t len) {
    crit_bencher b = {0};
    b.iters = 2;
    crit_iter_command(&b, argv, timeout);
    *ns = b.elapsed_ns;
    snprintf(msg, len, "%s", b.message);
    return b.failed ? -1 : 0;
}

static void test_commands(void **state) {
    (void)state;
    char msg[512];
    double ns;
    /* started with stdin closed, the harness still gives the command /dev/null as its stdin
     * (open() would return 0 and dup2(0, 0) leave it close-on-exec) */
    int saved = dup(0);
    assert_true(saved > 2);
    close(0);
    int rc = run_command((const char *const[]){"sh", "-c", "[ -e /proc/self/fd/0 ]", NULL}, 10, &ns,
                         msg, sizeof msg);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    assert_int_equal(rc, 0);
    assert_int_equal(run_command((const char *const[]){"true", NULL}, 10, &ns, msg, sizeof msg), 0);
    assert_true(ns > 0);
    assert_int_equal(run_command((const char *const[]){"false", NULL}, 10, &ns, msg, sizeof msg),
                     -1);
    assert_string_equal(msg, "command `false` exited with status 1");
    assert_int_equal(run_command((const char *const[]){"sh", "-c", "exit 7", NULL}, 10, &ns, msg,
                                 sizeof msg),
                     -1);
    assert_string_equal(msg, "command `sh -c 'exit 7'` exited with status 7");
    assert_int_equal(run_command((const char *const[]){"no-such-program-xyz", NULL}, 10, &ns, msg,
                                 sizeof msg),
                     -1);
    assert_string_equal(
        msg, "command `no-such-program-xyz` could not be started: No such file or directory");
    assert_int_equal(run_command((const char *const[]){"sh", "-c", "kill -9 $$", NULL}, 10, &ns,
                                 msg, sizeof msg),
                     -1);
    assert_non_null(strstr(msg, "was killed by signal 9"));
    assert_int_equal(run_command((const char *const[]){"sleep", "5", NULL}, 0.2, &ns, msg,
                                 sizeof msg),
                     -1);
    assert_string_equal(msg, "command `sleep 5` timed out after 0.2 s and was killed");
    assert_true(ns < 2e9);
    /* a timeout kills the command's own children too (it leads a process group) */
    char pidfile[] = "/tmp/crit-test-grandchild.XXXXXX";
    int fd = mkstemp(pidfile);
    assert_true(fd >= 0);
    close(fd);
    char script[128];
    snprintf(script, sizeof script, "sleep 30 & echo $! > %s; wait", pidfile);
    assert_int_equal(run_command((const char *const[]){"sh", "-c", script, NULL}, 0.3, &ns, msg,
                                 sizeof msg),
                     -1);
    FILE *f = fopen(pidfile, "r");
    int pid = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &pid), 1);
    fclose(f);
    unlink(pidfile);
    struct timespec ts = {0, 50000000};
    nanosleep(&ts, NULL);
    char stat[64], line[256] = "";
    snprintf(stat, sizeof stat, "/proc/%d/stat", pid);
    f = fopen(stat, "r");
    if (f) { /* gone, or a zombie waiting for init */
        assert_non_null(fgets(line, sizeof line, f));
        fclose(f);
        assert_non_null(strstr(line, ") Z "));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_linear),
        cmocka_unit_test(test_plan_linear_warning),
        cmocka_unit_test(test_plan_auto_flat_warning),
        cmocka_unit_test(test_plan_flat),
        cmocka_unit_test(test_batched_sizes),
        cmocka_unit_test(test_batched_setup_untimed),
        cmocka_unit_test(test_custom_and_rules),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_context_facts),
        cmocka_unit_test(test_quick_and_warm_up),
        cmocka_unit_test(test_warm_up_counts_setup),
        cmocka_unit_test(test_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
