/* test_precision.c: precision-based stopping (run/precision.c) on a fake benchmark whose
 * times are chosen (crit_iter_custom: ns per iteration times 1 + a uniform jitter from a
 * fixed-seed gsl_rng): a noise-free one stops at the 10-sample floor, a very noisy one runs
 * every planned sample and hits the ceiling, a moderate one stops at the first checkpoint whose
 * analysis meets the target (checked against crit_analyze itself); the checkpoint sequence,
 * the precision of an estimate, the recorded fields and the refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis.h"
#include "measure.h"
#include "precision.h"
#include "sample.h"

typedef struct fake {
    double ns_per_iter;
    double jitter; /* times are ns_per_iter * iters * (1 + u), u uniform in [-jitter, jitter) */
    gsl_rng *rng;
    size_t calls;
    size_t fail_at; /* the call (1-based) that fails the benchmark; 0 never */
} fake;

static double fake_timed(uint64_t iters, void *arg) {
    fake *f = arg;
    double u = (2.0 * gsl_rng_uniform(f->rng) - 1.0) * f->jitter;
    return f->ns_per_iter * (double)iters * (1.0 + u);
}

static void fake_bench(crit_bencher *b, void *arg) {
    fake *f = arg;
    if (++f->calls == f->fail_at) {
        crit_bencher_fail(b, "fake failure at call %zu", f->calls);
        return;
    }
    crit_iter_custom(b, fake_timed, arg);
}

static fake fake_new(double ns_per_iter, double jitter, unsigned long seed) {
    fake f = {ns_per_iter, jitter, gsl_rng_alloc(gsl_rng_mt19937), 0, 0};
    assert_non_null(f.rng);
    gsl_rng_set(f.rng, seed);
    return f;
}

typedef struct progress_log {
    size_t calls, last_done, last_total;
} progress_log;

static void on_progress(size_t done, size_t total, void *ctx) {
    progress_log *p = ctx;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
}

static crit_settings settings(double target) {
    return (crit_settings){.sample_size = 100,
                           .warm_up_time = 3,
                           .measurement_time = 5,
                           .nresamples = 100000,
                           .confidence_level = 0.95,
                           .significance_level = 0.05,
                           .noise_threshold = 0.01,
                           .sampling_mode = CRIT_SAMPLING_LINEAR,
                           .command_timeout = 60,
                           .target_precision = target};
}

/* n samples planned as the runner plans them: met 10 ns, 1 s. */
static void plan(crit_sample *s, size_t n, crit_sampling_mode mode) {
    char warning[512];
    assert_int_equal(crit_sample_init(s, n), 0);
    crit_plan_samples(10.0, n, 1e9, mode, s, warning, sizeof warning);
    assert_string_equal(warning, "");
}

/* The precision of the typical estimate of the first k samples, bootstrapped with
 * `nresamples` resamples and `seed`. */
static double precision_with(const crit_sample *s, size_t k, const crit_settings *st,
                             size_t nresamples, uint64_t seed) {
    crit_sample first = *s;
    first.n = k;
    crit_analysis_config cfg = {
        nresamples, st->confidence_level, st->significance_level, st->noise_threshold, seed, false};
    crit_analysis a;
    assert_int_equal(crit_analyze(&first, NULL, &cfg, &a), 0);
    double p = crit_precision_of(crit_typical(&a.est));
    crit_analysis_fini(&a);
    return p;
}

/* The precision a check at k computes: the capped resamples and the same seed. */
static double precision_at(const crit_sample *s, size_t k, const crit_settings *st, uint64_t seed) {
    size_t r = st->nresamples < CRIT_PRECISION_CHECK_RESAMPLES ? st->nresamples
                                                               : CRIT_PRECISION_CHECK_RESAMPLES;
    return precision_with(s, k, st, r, seed);
}

static void test_precision_of(void **state) {
    (void)state;
    crit_estimate e = {.point = 10, .lower = 9, .upper = 11.5};
    assert_true(crit_precision_of(&e) == 0.125);
    e = (crit_estimate){.point = -4, .lower = -5, .upper = -3};
    assert_true(crit_precision_of(&e) == 0.25);
    e = (crit_estimate){.point = 3, .lower = 3, .upper = 3};
    assert_true(crit_precision_of(&e) == 0);
    e = (crit_estimate){.point = 0, .lower = -1, .upper = 1};
    assert_true(isinf(crit_precision_of(&e)) && crit_precision_of(&e) > 0);
    e = (crit_estimate){.point = NAN, .lower = 1, .upper = 2};
    assert_true(isinf(crit_precision_of(&e)) && crit_precision_of(&e) > 0);
    e = (crit_estimate){.point = 1, .lower = NAN, .upper = 2};
    assert_true(isinf(crit_precision_of(&e)));
    e = (crit_estimate){.point = 1, .lower = 0, .upper = INFINITY};
    assert_true(isinf(crit_precision_of(&e)));
    e = (crit_estimate){.point = 1e-300, .lower = -1e300, .upper = 1e300}; /* overflows */
    assert_true(isinf(crit_precision_of(&e)));
}

static void test_next_check(void **state) {
    (void)state;
    const size_t want[] = {10, 12, 15, 18, 22, 27, 33, 40, 48, 58, 70, 84, 100};
    size_t k = 10;
    for (size_t i = 1; i < sizeof want / sizeof want[0]; i++) {
        k = crit_precision_next_check(k, 100);
        assert_int_equal(k, want[i]);
    }
    assert_int_equal(crit_precision_next_check(100, 100), 100);
    assert_int_equal(crit_precision_next_check(150, 100), 100);
    assert_int_equal(crit_precision_next_check(0, 100), 1);
    assert_int_equal(crit_precision_next_check(1, 100), 2);
    assert_int_equal(crit_precision_next_check(5, 100), 6);
    assert_int_equal(crit_precision_next_check(99, 100), 100); /* step 20 clamped */
}

/* Jitter of 1e-4 around 10 ns: the slope's interval is ~1e-5 wide, far inside +-1 %, so the
 * first check (the 10-sample floor) stops it. */
static void test_noise_free_stops_at_floor(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 100, CRIT_SAMPLING_LINEAR);
    double last_iters = s.iters[99];
    fake f = fake_new(10.0, 1e-4, 7);
    crit_bencher b = {0};
    crit_settings st = settings(0.01);
    crit_precision out;
    progress_log pl = {0};
    uint64_t t0 = crit_clock_ns();
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 42, on_progress, &pl, &out),
                     0);
    double elapsed_s = (double)(crit_clock_ns() - t0) / 1e9;
    assert_int_equal(s.n, 10);
    assert_int_equal(f.calls, 10);
    assert_int_equal(pl.calls, 10);
    assert_int_equal(pl.last_done, 10);
    assert_int_equal(pl.last_total, 100);
    assert_true(s.iters[99] == last_iters); /* the plan is untouched */
    for (size_t i = 0; i < 10; i++) {
        double rel = s.times[i] / (10.0 * s.iters[i]) - 1;
        assert_true(rel >= -1e-4 && rel < 1e-4);
    }
    assert_true(out.used);
    assert_true(out.target == 0.01);
    assert_int_equal(out.samples, 10);
    assert_false(out.ceiling);
    assert_true(out.achieved >= 0 && out.achieved < 1e-4);
    assert_true(out.achieved == precision_at(&s, 10, &st, 42));
    assert_true(out.time_s > 0 && out.time_s <= elapsed_s);
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

/* Flat sampling: the typical estimate is the mean; the same floor. */
static void test_noise_free_flat(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 50, CRIT_SAMPLING_FLAT);
    assert_int_equal(s.mode, CRIT_MODE_FLAT);
    fake f = fake_new(10.0, 1e-4, 8);
    crit_bencher b = {0};
    crit_settings st = settings(0.001);
    crit_precision out;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 1, NULL, NULL, &out), 0);
    assert_int_equal(s.n, 10);
    assert_int_equal(f.calls, 10);
    assert_false(out.ceiling);
    assert_true(out.achieved == precision_at(&s, 10, &st, 1));
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

/* +-90 % jitter and a 0.1 % target: never met, every planned sample runs. */
static void test_noisy_hits_ceiling(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 30, CRIT_SAMPLING_LINEAR);
    fake f = fake_new(10.0, 0.9, 9);
    crit_bencher b = {0};
    crit_settings st = settings(0.001);
    crit_precision out;
    progress_log pl = {0};
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 42, on_progress, &pl, &out),
                     0);
    assert_int_equal(s.n, 30);
    assert_int_equal(f.calls, 30);
    assert_int_equal(pl.last_done, 30);
    assert_true(out.used);
    assert_true(out.ceiling);
    assert_int_equal(out.samples, 30);
    assert_true(out.target == 0.001);
    assert_true(out.achieved > 0.001 && isfinite(out.achieved));
    assert_true(out.achieved == precision_at(&s, 30, &st, 42)); /* the last check: all 30 */
    assert_true(out.time_s > 0);
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

/* Moderate noise: it stops at the first checkpoint whose analysis meets the target, after
 * exactly that many measurements, and every earlier checkpoint missed it. */
static void test_stops_at_first_checkpoint_met(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 100, CRIT_SAMPLING_LINEAR);
    fake f = fake_new(10.0, 0.05, 11);
    crit_bencher b = {0};
    crit_settings st = settings(0.01);
    crit_precision out;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 3, NULL, NULL, &out), 0);
    size_t k = s.n;
    assert_int_equal(f.calls, k);
    assert_int_equal(out.samples, k);
    assert_false(out.ceiling);
    assert_true(k > 10 && k < 100); /* the seed and jitter were chosen for a stop in between */
    size_t c = 10;
    while (c < k) {
        assert_true(precision_at(&s, c, &st, 3) > 0.01);
        c = crit_precision_next_check(c, 100);
    }
    assert_int_equal(c, k); /* k is a checkpoint */
    assert_true(out.achieved == precision_at(&s, k, &st, 3));
    assert_true(out.achieved <= 0.01);
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

/* Met only at the very last sample: not a ceiling. Fewer planned than the floor: one check. */
static void test_met_at_end_and_short_plans(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 100, CRIT_SAMPLING_LINEAR);
    fake f = fake_new(10.0, 0.05, 11);
    crit_bencher b = {0};
    crit_settings st = settings(0.01);
    crit_precision out;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 3, NULL, NULL, &out), 0);
    size_t k = s.n;
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);

    /* the same stream planned with exactly k samples: met at the last one */
    plan(&s, k, CRIT_SAMPLING_LINEAR);
    f = fake_new(10.0, 0.05, 11);
    /* the iteration counts of a k-sample plan differ, the relative jitter does not */
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 3, NULL, NULL, &out), 0);
    assert_int_equal(s.n, k);
    assert_int_equal(f.calls, k);
    assert_false(out.ceiling);
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);

    plan(&s, 5, CRIT_SAMPLING_FLAT);
    f = fake_new(10.0, 0.9, 5);
    progress_log pl = {0};
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 3, on_progress, &pl, &out),
                     0);
    assert_int_equal(s.n, 5);
    assert_int_equal(f.calls, 5);
    assert_int_equal(pl.last_total, 5);
    assert_true(out.ceiling);
    assert_true(out.achieved == precision_at(&s, 5, &st, 3));
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

/* The check's bootstrap is capped at 10 000 resamples; below the cap it uses the setting. */
static void test_check_resamples(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 30, CRIT_SAMPLING_LINEAR);
    fake f = fake_new(10.0, 0.9, 9);
    crit_bencher b = {0};
    crit_settings st = settings(0.001); /* nresamples 100 000 */
    crit_precision out;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 42, NULL, NULL, &out), 0);
    assert_true(out.achieved == precision_with(&s, 30, &st, 10000, 42));
    assert_false(out.achieved == precision_with(&s, 30, &st, 100000, 42));
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);

    plan(&s, 30, CRIT_SAMPLING_LINEAR);
    f = fake_new(10.0, 0.9, 9);
    st.nresamples = 500;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 42, NULL, NULL, &out), 0);
    assert_true(out.achieved == precision_with(&s, 30, &st, 500, 42));
    assert_false(out.achieved == precision_with(&s, 30, &st, 10000, 42));
    assert_false(out.achieved == precision_with(&s, 30, &st, 500, 43)); /* the seed matters */
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

static void test_refusals_and_failures(void **state) {
    (void)state;
    crit_sample s;
    plan(&s, 100, CRIT_SAMPLING_LINEAR);
    fake f = fake_new(10.0, 0.0, 1);
    crit_bencher b = {0};
    crit_precision out;
    const double bad_targets[] = {0, -0.01, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        crit_settings st = settings(bad_targets[i]);
        memset(&out, 0xff, sizeof out);
        assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 1, NULL, NULL, &out),
                         -CRIT_EINVAL);
        assert_false(out.used);
        assert_int_equal(out.samples, 0);
    }
    crit_settings st = settings(0.01);
    st.confidence_level = 1;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 1, NULL, NULL, &out),
                     -CRIT_EINVAL);
    st = settings(0.01);
    st.nresamples = 0;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 1, NULL, NULL, &out),
                     -CRIT_EINVAL);
    assert_int_equal(f.calls, 0); /* nothing measured */

    /* the benchmark fails at its 7th call: the error comes back, nothing recorded */
    st = settings(0.01);
    f.fail_at = 7;
    assert_int_equal(crit_precision_sample(&b, fake_bench, &f, &s, &st, 1, NULL, NULL, &out),
                     -CRIT_EBENCH);
    assert_int_equal(f.calls, 7);
    assert_true(b.failed);
    assert_string_equal(b.message, "fake failure at call 7");
    assert_false(out.used);
    crit_sample_fini(&s);
    gsl_rng_free(f.rng);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precision_of),
        cmocka_unit_test(test_next_check),
        cmocka_unit_test(test_noise_free_stops_at_floor),
        cmocka_unit_test(test_noise_free_flat),
        cmocka_unit_test(test_noisy_hits_ceiling),
        cmocka_unit_test(test_stops_at_first_checkpoint_met),
        cmocka_unit_test(test_met_at_end_and_short_plans),
        cmocka_unit_test(test_check_resamples),
        cmocka_unit_test(test_refusals_and_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
