/* store_fixtures.h: hand-built results-store fixtures and bit-exact comparisons shared by
 * test_store.c and test_store_metrics.c (codecs) and test_store_files.c (files on disk), and the
 * decode-error helpers. Include after cmocka.h. */
#ifndef CRIT_TEST_STORE_FIXTURES_H
#define CRIT_TEST_STORE_FIXTURES_H

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchid.h"
#include "model.h"
#include "store.h"

static inline crit_estimate est(double point, double lower, double upper, double se) {
    crit_estimate e = {point, lower, upper, se, 0.95};
    return e;
}

static inline crit_estimates small_estimates(bool slope) {
    crit_estimates e;
    memset(&e, 0, sizeof e);
    e.mean = est(10.5, 10, 11, 0.25);
    e.median = est(10.25, 10, 10.75, 0.125);
    e.median_abs_dev = est(0.5, 0.25, 0.75, 0.0625);
    e.std_dev = est(1.5, 1, 2, 0.5);
    e.has_slope = slope;
    if (slope)
        e.slope = est(10.4, 10.1, 10.9, 0.2);
    return e;
}

static inline crit_context small_context(void) {
    crit_context c;
    memset(&c, 0, sizeof c);
    strcpy(c.date, "2026-11-23T18:17:45Z");
    strcpy(c.host, "box");
    strcpy(c.cpu_model, "Test CPU @ 3.00GHz");
    c.cores = 8;
    strcpy(c.governor, "performance");
    strcpy(c.kernel, "6.1.0");
    strcpy(c.compiler, "gcc 12.2.0");
    strcpy(c.flags, "-O2 -g");
    strcpy(c.build_mode, "release");
    strcpy(c.git_revision, "abc1234");
    c.seed = 42;
    return c;
}

static inline crit_metrics small_metrics(bool compared) {
    crit_metrics m;
    memset(&m, 0, sizeof m);
    m.cv = 0.125;
    m.p50 = 10;
    m.p90 = 12.5;
    m.p95 = 13;
    m.p99 = 20.25;
    m.r_squared = compared ? 0.99 : NAN;
    m.outliers.low_severe = 0;
    m.outliers.low_mild = 1;
    m.outliers.high_mild = 2;
    m.outliers.high_severe = 3;
    m.samples = 10;
    m.outliers.not_outlier = 4;
    m.extra.n = 1;
    strcpy(m.extra.name[0], "allocs_per_iter");
    m.extra.value[0] = 2;
    m.compared = compared;
    m.t_value = compared ? -2.5 : NAN;
    m.p_value = compared ? 0.015625 : NAN;
    m.verdict = compared ? CRIT_VERDICT_IMPROVED : CRIT_VERDICT_NO_CHANGE;
    m.context = small_context();
    return m;
}

/* ---- comparison helpers ------------------------------------------------------------------ */

static inline void assert_bits(double a, double b) {
    if (isnan(a) && isnan(b))
        return;
    if (memcmp(&a, &b, sizeof a) != 0)
        fail_msg("%.17g (bits differ) != %.17g", a, b);
}

static inline void assert_estimate_equal(const crit_estimate *a, const crit_estimate *b) {
    assert_bits(a->point, b->point);
    assert_bits(a->lower, b->lower);
    assert_bits(a->upper, b->upper);
    assert_bits(a->std_err, b->std_err);
    assert_bits(a->confidence_level, b->confidence_level);
}

static inline void assert_estimates_equal(const crit_estimates *a, const crit_estimates *b) {
    assert_estimate_equal(&a->mean, &b->mean);
    assert_estimate_equal(&a->median, &b->median);
    assert_estimate_equal(&a->median_abs_dev, &b->median_abs_dev);
    assert_estimate_equal(&a->std_dev, &b->std_dev);
    assert_int_equal(a->has_slope, b->has_slope);
    if (a->has_slope)
        assert_estimate_equal(&a->slope, &b->slope);
}

static inline void assert_str_or_null(const char *a, const char *b) {
    if (a == NULL || b == NULL)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static inline void assert_id_equal(const crit_bench_id *a, const crit_bench_id *b) {
    assert_string_equal(a->group_id, b->group_id);
    assert_str_or_null(a->function_id, b->function_id);
    assert_str_or_null(a->value_str, b->value_str);
    assert_int_equal(a->throughput.kind, b->throughput.kind);
    assert_int_equal(a->throughput.per_iter, b->throughput.per_iter);
    assert_string_equal(a->full_id, b->full_id);
    assert_string_equal(a->directory_name, b->directory_name);
    assert_string_equal(a->title, b->title);
}

static inline void assert_sample_equal(const crit_sample *a, const crit_sample *b) {
    assert_int_equal(a->mode, b->mode);
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_bits(a->iters[i], b->iters[i]);
        assert_bits(a->times[i], b->times[i]);
    }
}

static inline void assert_context_equal(const crit_context *a, const crit_context *b) {
    assert_string_equal(a->date, b->date);
    assert_string_equal(a->host, b->host);
    assert_string_equal(a->cpu_model, b->cpu_model);
    assert_int_equal(a->cores, b->cores);
    assert_string_equal(a->governor, b->governor);
    assert_string_equal(a->kernel, b->kernel);
    assert_string_equal(a->compiler, b->compiler);
    assert_string_equal(a->flags, b->flags);
    assert_string_equal(a->build_mode, b->build_mode);
    assert_string_equal(a->git_revision, b->git_revision);
    assert_int_equal(a->seed, b->seed);
    assert_int_equal(a->measured, b->measured);
    if (a->measured) {
        assert_bits(a->load_average, b->load_average);
        assert_bits(a->steal_percent, b->steal_percent);
    }
}

static inline void assert_metrics_equal(const crit_metrics *a, const crit_metrics *b) {
    assert_bits(a->cv, b->cv);
    assert_bits(a->p50, b->p50);
    assert_bits(a->p90, b->p90);
    assert_bits(a->p95, b->p95);
    assert_bits(a->p99, b->p99);
    assert_bits(a->r_squared, b->r_squared);
    assert_memory_equal(&a->outliers, &b->outliers, sizeof a->outliers);
    assert_int_equal(a->samples, b->samples);
    assert_int_equal(a->extra.n, b->extra.n);
    for (size_t i = 0; i < a->extra.n; i++) {
        assert_string_equal(a->extra.name[i], b->extra.name[i]);
        assert_bits(a->extra.value[i], b->extra.value[i]);
    }
    assert_int_equal(a->compared, b->compared);
    if (a->compared) {
        assert_bits(a->t_value, b->t_value);
        assert_bits(a->p_value, b->p_value);
        assert_int_equal(a->verdict, b->verdict);
    }
    assert_context_equal(&a->context, &b->context);
    assert_int_equal(a->extra.ncontext, b->extra.ncontext);
    for (size_t i = 0; i < a->extra.ncontext; i++) {
        assert_string_equal(a->extra.context_key[i], b->extra.context_key[i]);
        assert_string_equal(a->extra.context_value[i], b->extra.context_value[i]);
    }
    assert_int_equal(a->extra.has_settings, b->extra.has_settings);
    if (a->extra.has_settings) {
        const crit_settings *x = &a->extra.settings, *y = &b->extra.settings;
        assert_int_equal(x->sample_size, y->sample_size);
        assert_bits(x->warm_up_time, y->warm_up_time);
        assert_bits(x->measurement_time, y->measurement_time);
        assert_int_equal(x->nresamples, y->nresamples);
        assert_bits(x->confidence_level, y->confidence_level);
        assert_bits(x->significance_level, y->significance_level);
        assert_bits(x->noise_threshold, y->noise_threshold);
        assert_int_equal(x->sampling_mode, y->sampling_mode);
    }
}

/* Values whose shortest exact form needs 1 to 17 digits, subnormals and extremes. */
/* Values whose shortest exact form needs 1 to 17 digits, subnormals and extremes. */
static const double tricky[] = {0.1,
                                1e-300,
                                123456789.123456789,
                                0.1 + 0.2, /* 0.30000000000000004: cJSON alone prints 0.3 */
                                1.0 / 3.0,
                                2.0 / 3.0,
                                5e-324,
                                2.2250738585072014e-308,
                                DBL_MAX,
                                9007199254740993.0,
                                1e21,
                                -0.0,
                                0.0,
                                -1.5,
                                100.0,
                                4.35,
                                1e15 + 0.3};
#define NTRICKY (sizeof tricky / sizeof tricky[0])

/* Encodes m and decodes it back: bit-identical. */
static inline void roundtrip_metrics(const crit_metrics *m) {
    char err[256], *text;
    crit_metrics back;
    assert_int_equal(crit_store_encode_metrics(m, &text, err, sizeof err), 0);
    assert_int_equal(crit_store_decode_metrics(text, strlen(text), "m.json", &back, err,
                                               sizeof err),
                     0);
    assert_metrics_equal(m, &back);
    free(text);
}

/* ---- decode errors (test_store.c, test_store_metrics.c) ---- */

enum which { W_BENCH, W_SAMPLE, W_EST, W_TUKEY, W_CHANGE, W_METRICS };

/* Decodes json as `which` and expects -CRIT_EPARSE with "<name>: ...needle...". */
static inline void expect_bad(enum which w, const char *json, const char *needle) {
    char err[512] = "";
    const char *name = "results/x/base/file.json";
    size_t len = strlen(json);
    int rc = 0;
    union {
        crit_bench_id id;
        crit_sample s;
        crit_estimates e;
        crit_fences f;
        crit_change c;
        crit_metrics m;
    } out, zero;
    memset(&out, 0x5a, sizeof out);
    memset(&zero, 0, sizeof zero);
    switch (w) {
    case W_BENCH:
        rc = crit_store_decode_benchmark(json, len, name, &out.id, err, sizeof err);
        assert_memory_equal(&out.id, &zero.id, sizeof out.id);
        break;
    case W_SAMPLE:
        rc = crit_store_decode_sample(json, len, name, &out.s, err, sizeof err);
        assert_memory_equal(&out.s, &zero.s, sizeof out.s);
        break;
    case W_EST:
        rc = crit_store_decode_estimates(json, len, name, &out.e, err, sizeof err);
        assert_memory_equal(&out.e, &zero.e, sizeof out.e);
        break;
    case W_TUKEY:
        rc = crit_store_decode_tukey(json, len, name, &out.f, err, sizeof err);
        assert_memory_equal(&out.f, &zero.f, sizeof out.f);
        break;
    case W_CHANGE:
        rc = crit_store_decode_change(json, len, name, &out.c, err, sizeof err);
        assert_memory_equal(&out.c, &zero.c, sizeof out.c);
        break;
    case W_METRICS:
        rc = crit_store_decode_metrics(json, len, name, &out.m, err, sizeof err);
        assert_memory_equal(&out.m, &zero.m, sizeof out.m);
        break;
    }
    if (rc != -CRIT_EPARSE)
        fail_msg("expected -CRIT_EPARSE for %s, got %d", json, rc);
    if (strncmp(err, "results/x/base/file.json: ", 26) != 0 || strstr(err, needle) == NULL)
        fail_msg("message \"%s\" lacks the file name or \"%s\"", err, needle);
}

/* A copy of text with the first `from` replaced by `to` (which must occur). */
static inline char *subst(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static inline void expect_bad_subst(enum which w, const char *base, const char *from,
                                    const char *to, const char *needle) {
    char *json = subst(base, from, to);
    expect_bad(w, json, needle);
    free(json);
}

#endif
