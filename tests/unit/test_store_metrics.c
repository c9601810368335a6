/* test_store_metrics.c: metrics.json's richer parts through the codecs: a benchmark's context
 * facts and settings, precision-based stopping and the A/A control, a compared group's
 * "relative" block: exact text, round trips and every decode error (split from test_store.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonio.h"
#include "store_fixtures.h"

/* A benchmark's own context facts and its settings: exact text, round trip, refusals. */
static crit_metrics metrics_with_settings(void) {
    crit_metrics m = small_metrics(false);
    m.extra.ncontext = 2;
    strcpy(m.extra.context_key[0], "python_executable");
    strcpy(m.extra.context_value[0], "/usr/bin/python3.11");
    strcpy(m.extra.context_key[1], "python_version");
    strcpy(m.extra.context_value[1], "3.11.2");
    m.extra.has_settings = true;
    m.extra.settings = (crit_settings){.sample_size = 10,
                                       .warm_up_time = 0.5,
                                       .measurement_time = 1.25,
                                       .nresamples = 1000,
                                       .confidence_level = 0.9,
                                       .significance_level = 0.05,
                                       .noise_threshold = 0.02,
                                       .sampling_mode = CRIT_SAMPLING_FLAT};
    return m;
}

static void test_settings_and_context_facts(void **state) {
    (void)state;
    char err[256], *out;
    crit_metrics m = metrics_with_settings();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_non_null(strstr(out, "\"settings\":{\"sample_size\":10,\"warm_up_time\":0.5,"
                                "\"measurement_time\":1.25,\"nresamples\":1000,"
                                "\"confidence_level\":0.9,\"significance_level\":0.05,"
                                "\"noise_threshold\":0.02,\"sampling_mode\":\"flat\","
                                "\"target_precision\":0},\"context\":{"));
    assert_non_null(strstr(out, "\"seed\":42,\"python_executable\":\"/usr/bin/python3.11\","
                                "\"python_version\":\"3.11.2\"}}"));
    free(out);
    roundtrip_metrics(&m);
    for (int mode = 0; mode < 3; mode++) {
        m.extra.settings.sampling_mode = (crit_sampling_mode)mode;
        roundtrip_metrics(&m);
    }
    m.context.measured = true;
    m.context.load_average = 0.25;
    m.context.steal_percent = NAN; /* unknown: null */
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_non_null(strstr(out, "\"seed\":42,\"load_average\":0.25,\"steal_percent\":null,"
                                "\"python_executable\""));
    free(out);
    roundtrip_metrics(&m);
    m.context.steal_percent = 12.5;
    roundtrip_metrics(&m);
    strcpy(m.extra.context_key[0], "steal_percent");
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), -CRIT_EINVAL);
    strcpy(m.extra.context_key[0], "python_executable");
    strcpy(m.extra.context_key[1], "host");
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "context fact \"host\" is one of the run's keys"));
    strcpy(m.extra.context_key[1], "python_executable");
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "appears twice"));
    m = metrics_with_settings();
    m.extra.settings.warm_up_time = NAN;
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), -CRIT_EINVAL);
    m = metrics_with_settings();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    expect_bad_subst(W_METRICS, out, "\"sampling_mode\":\"flat\"", "\"sampling_mode\":\"x\"",
                     "\"settings.sampling_mode\" must be");
    expect_bad_subst(W_METRICS, out, "\"nresamples\":1000,", "",
                     "missing key \"settings.nresamples\"");
    expect_bad_subst(W_METRICS, out, "\"settings\":{", "\"settings\":[],\"y\":{",
                     "\"settings\" must be an object");
    expect_bad_subst(W_METRICS, out, "\"python_version\":\"3.11.2\"", "\"python_version\":3",
                     "context fact \"python_version\" must be a string");
    free(out);
}

/* settings.target_precision, "precision" and "aa" (precision-based stopping, the A/A control),
 * which assert_metrics_equal does not compare. */
static void assert_precision_aa_equal(const crit_metrics *a, const crit_metrics *b) {
    assert_metrics_equal(a, b);
    if (a->extra.has_settings)
        assert_bits(a->extra.settings.target_precision, b->extra.settings.target_precision);
    const crit_precision *p = &a->extra.precision, *q = &b->extra.precision;
    assert_int_equal(p->used, q->used);
    if (p->used) {
        assert_bits(p->target, q->target);
        assert_bits(p->achieved, q->achieved);
        assert_int_equal(p->samples, q->samples);
        assert_bits(p->time_s, q->time_s);
        assert_int_equal(p->ceiling, q->ceiling);
    }
    const crit_aa *x = &a->extra.aa, *y = &b->extra.aa;
    assert_int_equal(x->used, y->used);
    if (x->used) {
        assert_int_equal(x->runs, y->runs);
        assert_int_equal(x->false_alarms, y->false_alarms);
        assert_int_equal(x->within_noise, y->within_noise);
        assert_bits(x->noise_floor, y->noise_floor);
    }
}

static void roundtrip_precision_aa(const crit_metrics *m) {
    char err[256], *text;
    crit_metrics back;
    assert_int_equal(crit_store_encode_metrics(m, &text, err, sizeof err), 0);
    assert_int_equal(crit_store_decode_metrics(text, strlen(text), "m.json", &back, err,
                                               sizeof err),
                     0);
    assert_precision_aa_equal(m, &back);
    free(text);
}

static crit_metrics metrics_with_precision_aa(void) {
    crit_metrics m = metrics_with_settings();
    m.extra.settings.target_precision = 0.01;
    m.extra.precision = (crit_precision){.used = true,
                                         .target = 0.01,
                                         .achieved = 0.0087,
                                         .samples = 70,
                                         .time_s = 0.75,
                                         .ceiling = false};
    m.extra.aa = (crit_aa){
        .used = true, .runs = 10, .false_alarms = 1, .within_noise = 2, .noise_floor = 0.0125};
    return m;
}

/* Exact text, round trips, what older files lack, encoder refusals, decoder errors. */
static void test_precision_and_aa(void **state) {
    (void)state;
    char err[256], *out;
    crit_metrics m = metrics_with_precision_aa();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_non_null(strstr(out, "\"sampling_mode\":\"flat\",\"target_precision\":0.01},"
                                "\"precision\":{\"target\":0.01,\"achieved\":0.0087,"
                                "\"samples\":70,\"time_s\":0.75,\"ceiling\":false},"
                                "\"aa\":{\"runs\":10,\"false_alarms\":1,\"within_noise\":2,"
                                "\"noise_floor\":0.0125},\"context\":{"));
    free(out);
    roundtrip_precision_aa(&m);
    m.extra.precision.ceiling = true;
    m.extra.precision.achieved = 0.1 + 0.2;
    m.extra.precision.time_s = 0;
    m.extra.precision.samples = 9007199254740992u;
    m.extra.aa = (crit_aa){.used = true, .runs = 5, .false_alarms = 5, .noise_floor = 0};
    roundtrip_precision_aa(&m);
    m.extra.aa = (crit_aa){.used = true, .runs = 0};
    roundtrip_precision_aa(&m);

    /* unused: neither object is written, and each reads back unused */
    m = metrics_with_precision_aa();
    m.extra.precision.used = false;
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_null(strstr(out, "\"precision\""));
    assert_non_null(strstr(out, "\"aa\":{"));
    free(out);
    roundtrip_precision_aa(&m);
    m.extra.aa.used = false;
    m.extra.settings.target_precision = 0;
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_null(strstr(out, "\"aa\""));
    assert_null(strstr(out, "\"precision\""));
    assert_non_null(strstr(out, "\"target_precision\":0}")); /* written even when off */
    free(out);
    roundtrip_precision_aa(&m);
    m.extra.has_settings = false; /* no settings: no target_precision either */
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_null(strstr(out, "target_precision"));
    free(out);

    /* files written before these keys existed: target_precision reads as 0 (off) */
    m = metrics_with_precision_aa();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    char *old = subst(out, ",\"target_precision\":0.01", "");
    crit_metrics back;
    memset(&back, 0x5a, sizeof back);
    assert_int_equal(crit_store_decode_metrics(old, strlen(old), "m.json", &back, err, sizeof err),
                     0);
    assert_true(back.extra.has_settings);
    assert_true(back.extra.settings.target_precision == 0);
    assert_true(back.extra.precision.used && back.extra.aa.used);
    free(old);

    /* a benchmark may not name a metric after either object */
    crit_metrics bad = metrics_with_precision_aa();
    strcpy(bad.extra.name[0], "precision");
    assert_int_equal(crit_store_encode_metrics(&bad, &old, err, sizeof err), -CRIT_EINVAL);
    strcpy(bad.extra.name[0], "aa");
    assert_int_equal(crit_store_encode_metrics(&bad, &old, err, sizeof err), -CRIT_EINVAL);

    /* the encoder refuses what the decoder would */
    const struct {
        double target, achieved, time_s, setting;
    } refused[] = {{0, 0.5, 1, 0.01},     {1, 0.5, 1, 0.01},   {NAN, 0.5, 1, 0.01},
                   {0.01, NAN, 1, 0.01},  {0.01, -1, 1, 0.01}, {0.01, INFINITY, 1, 0.01},
                   {0.01, 0.5, -1, 0.01}, {0.01, 0.5, NAN, 0}, {0.01, 0.5, 1, -0.01},
                   {0.01, 0.5, 1, 1},     {0.01, 0.5, 1, NAN}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        bad = metrics_with_precision_aa();
        bad.extra.precision.target = refused[i].target;
        bad.extra.precision.achieved = refused[i].achieved;
        bad.extra.precision.time_s = refused[i].time_s;
        bad.extra.settings.target_precision = refused[i].setting;
        assert_int_equal(crit_store_encode_metrics(&bad, &old, err, sizeof err), -CRIT_EINVAL);
        assert_non_null(strstr(err, "precision"));
    }
    bad = metrics_with_precision_aa();
    bad.extra.precision.used = false; /* an unused record's contents do not matter */
    bad.extra.precision.achieved = NAN;
    assert_int_equal(crit_store_encode_metrics(&bad, &old, err, sizeof err), 0);
    free(old);
    const crit_aa refused_aa[] = {{true, 3, 4, 0, 0.1},
                                  {true, 3, 2, 2, 0.1},
                                  {true, 3, 0, 4, 0.1},
                                  {true, 3, 1, 1, NAN},
                                  {true, 3, 1, 1, -0.5}};
    for (size_t i = 0; i < sizeof refused_aa / sizeof refused_aa[0]; i++) {
        bad = metrics_with_precision_aa();
        bad.extra.aa = refused_aa[i];
        assert_int_equal(crit_store_encode_metrics(&bad, &old, err, sizeof err), -CRIT_EINVAL);
        assert_non_null(strstr(err, "aa"));
    }

    /* the decoder's errors */
    expect_bad_subst(W_METRICS, out, "\"target_precision\":0.01", "\"target_precision\":1",
                     "\"settings.target_precision\" must be in [0, 1)");
    expect_bad_subst(W_METRICS, out, "\"target_precision\":0.01", "\"target_precision\":-0.5",
                     "\"settings.target_precision\" must be in [0, 1)");
    expect_bad_subst(W_METRICS, out, "\"target_precision\":0.01", "\"target_precision\":null",
                     "\"settings.target_precision\" must be a number");
    expect_bad_subst(W_METRICS, out, "\"precision\":{", "\"precision\":7,\"x\":{",
                     "\"precision\" must be an object");
    expect_bad_subst(W_METRICS, out, "\"target\":0.01,", "", "missing key \"precision.target\"");
    expect_bad_subst(W_METRICS, out, "\"target\":0.01", "\"target\":0",
                     "\"precision.target\" must be in (0, 1)");
    expect_bad_subst(W_METRICS, out, "\"achieved\":0.0087", "\"achieved\":null",
                     "\"precision.achieved\" must be a number");
    expect_bad_subst(W_METRICS, out, "\"achieved\":0.0087", "\"achieved\":-0.0087",
                     "\"precision.achieved\" must not be negative");
    expect_bad_subst(W_METRICS, out, "\"samples\":70", "\"samples\":70.5",
                     "\"precision.samples\" must be an integer");
    expect_bad_subst(W_METRICS, out, "\"samples\":70", "\"samples\":-70",
                     "\"precision.samples\" must be an integer");
    expect_bad_subst(W_METRICS, out, "\"time_s\":0.75", "\"time_s\":-1",
                     "\"precision.time_s\" must not be negative");
    expect_bad_subst(W_METRICS, out, "\"time_s\":0.75", "\"time_s\":\"0.75\"",
                     "\"precision.time_s\" must be a number");
    expect_bad_subst(W_METRICS, out, "\"ceiling\":false", "\"ceiling\":0",
                     "\"precision.ceiling\" must be true or false, not a number");
    expect_bad_subst(W_METRICS, out, ",\"ceiling\":false", "", "missing key \"precision.ceiling\"");
    expect_bad_subst(W_METRICS, out, "\"aa\":{", "\"aa\":[],\"y\":{", "\"aa\" must be an object");
    expect_bad_subst(W_METRICS, out, "\"runs\":10,", "", "missing key \"aa.runs\"");
    expect_bad_subst(W_METRICS, out, "\"runs\":10", "\"runs\":1.5",
                     "\"aa.runs\" must be an integer");
    expect_bad_subst(W_METRICS, out, "\"false_alarms\":1", "\"false_alarms\":11",
                     "\"aa.false_alarms\" must be an integer in [0, 10]");
    expect_bad_subst(W_METRICS, out, "\"within_noise\":2", "\"within_noise\":10",
                     "\"aa.within_noise\" must be an integer in [0, 9]");
    expect_bad_subst(W_METRICS, out, "\"noise_floor\":0.0125", "\"noise_floor\":-0.0125",
                     "\"aa.noise_floor\" must not be negative");
    expect_bad_subst(W_METRICS, out, "\"noise_floor\":0.0125", "\"noise_floor\":null",
                     "\"aa.noise_floor\" must be a number");
    free(out);
}

/* ---- "relative": a compared group's member against its baseline member ------------------ */

static crit_metrics metrics_with_relative(void) {
    crit_metrics m = metrics_with_precision_aa();
    crit_relative *r = &m.extra.relative;
    r->used = true;
    strcpy(r->to, "ac6/cpython_pure_execution");
    r->ratio = (crit_estimate){
        .point = 0.015625, .lower = 0.0146, .upper = 0.0171875, .confidence_level = 0.95};
    r->rounds = 412;
    r->p_value = 1.5e-60;
    return m;
}

static void assert_relative_equal(const crit_relative *a, const crit_relative *b) {
    assert_int_equal(a->used, b->used);
    if (!a->used)
        return;
    assert_string_equal(a->to, b->to);
    assert_bits(a->ratio.point, b->ratio.point);
    assert_bits(a->ratio.lower, b->ratio.lower);
    assert_bits(a->ratio.upper, b->ratio.upper);
    assert_bits(a->ratio.confidence_level, b->ratio.confidence_level);
    assert_int_equal(a->rounds, b->rounds);
    assert_bits(a->p_value, b->p_value);
}

static void roundtrip_relative(const crit_metrics *m) {
    char err[256], *text;
    crit_metrics back;
    assert_int_equal(crit_store_encode_metrics(m, &text, err, sizeof err), 0);
    assert_int_equal(crit_store_decode_metrics(text, strlen(text), "m.json", &back, err,
                                               sizeof err),
                     0);
    assert_precision_aa_equal(m, &back);
    assert_relative_equal(&m->extra.relative, &back.extra.relative);
    free(text);
}

/* Exact text, bit-exact round trips, absent when unused, encoder refusals, decoder errors. */
static void test_relative(void **state) {
    (void)state;
    char err[256], *out, *tmp;
    crit_metrics m = metrics_with_relative();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    assert_non_null(strstr(out, "\"noise_floor\":0.0125},\"relative\":{\"to\":"
                                "\"ac6/cpython_pure_execution\",\"ratio\":{\"point_estimate\":"
                                "0.015625,\"lower_bound\":0.0146,\"upper_bound\":0.0171875,"
                                "\"confidence_level\":0.95},\"rounds\":412,\"p_value\":1.5e-60},"
                                "\"context\":{"));
    roundtrip_relative(&m);
    /* tricky numbers, the extremes of the ranges, an id that needs escaping */
    for (size_t i = 0; i < NTRICKY; i++) {
        double v = fabs(tricky[i]);
        if (!(v > 0 && isfinite(v)))
            continue;
        m.extra.relative.ratio = (crit_estimate){
            .point = v, .lower = v, .upper = v, .confidence_level = 0.1 + 0.2};
        roundtrip_relative(&m);
    }
    m.extra.relative.rounds = 1;
    m.extra.relative.p_value = 0;
    strcpy(m.extra.relative.to, "g/\"quoted\"\\/\xc2\xb5 tab\t");
    roundtrip_relative(&m);
    m.extra.relative.rounds = 9007199254740992u;
    m.extra.relative.p_value = 1;
    roundtrip_relative(&m);
    memset(m.extra.relative.to, 'x', sizeof m.extra.relative.to - 1);
    m.extra.relative.to[sizeof m.extra.relative.to - 1] = '\0'; /* the longest id */
    roundtrip_relative(&m);

    /* unused: not written, reads back unused; the decoder fills it only from the file */
    m = metrics_with_relative();
    m.extra.relative.used = false;
    m.extra.relative.ratio.point = NAN; /* an unused record's contents do not matter */
    assert_int_equal(crit_store_encode_metrics(&m, &tmp, err, sizeof err), 0);
    assert_null(strstr(tmp, "\"relative\""));
    free(tmp);
    roundtrip_relative(&m);

    /* a benchmark may not name a metric "relative" */
    crit_metrics bad = metrics_with_relative();
    strcpy(bad.extra.name[0], "relative");
    assert_int_equal(crit_store_encode_metrics(&bad, &tmp, err, sizeof err), -CRIT_EINVAL);

    /* the encoder refuses what the decoder would */
    const struct {
        double point, lower, upper, cl, p;
        size_t rounds;
    } refused[] = {{0.5, 0.6, 0.7, 0.95, 0.5, 10},  {0.5, 0.4, 0.45, 0.95, 0.5, 10},
                   {0.5, 0, 0.7, 0.95, 0.5, 10},    {0.5, -1, 0.7, 0.95, 0.5, 10},
                   {NAN, 0.4, 0.7, 0.95, 0.5, 10},  {0.5, 0.4, INFINITY, 0.95, 0.5, 10},
                   {0.5, 0.4, 0.7, 1, 0.5, 10},     {0.5, 0.4, 0.7, 0, 0.5, 10},
                   {0.5, 0.4, 0.7, 0.95, -0.1, 10}, {0.5, 0.4, 0.7, 0.95, 1.5, 10},
                   {0.5, 0.4, 0.7, 0.95, NAN, 10},  {0.5, 0.4, 0.7, 0.95, 0.5, 0}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        bad = metrics_with_relative();
        bad.extra.relative.ratio = (crit_estimate){.point = refused[i].point,
                                                   .lower = refused[i].lower,
                                                   .upper = refused[i].upper,
                                                   .confidence_level = refused[i].cl};
        bad.extra.relative.p_value = refused[i].p;
        bad.extra.relative.rounds = refused[i].rounds;
        assert_int_equal(crit_store_encode_metrics(&bad, &tmp, err, sizeof err), -CRIT_EINVAL);
        assert_non_null(strstr(err, "relative"));
    }
    bad = metrics_with_relative();
    bad.extra.relative.to[0] = '\0';
    assert_int_equal(crit_store_encode_metrics(&bad, &tmp, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "relative.to"));
    memset(bad.extra.relative.to, 'x', sizeof bad.extra.relative.to); /* unterminated */
    assert_int_equal(crit_store_encode_metrics(&bad, &tmp, err, sizeof err), -CRIT_EINVAL);

    /* the decoder's errors */
    expect_bad_subst(W_METRICS, out, "\"relative\":{", "\"relative\":[],\"x\":{",
                     "\"relative\" must be an object");
    expect_bad_subst(W_METRICS, out, "\"to\":\"ac6/cpython_pure_execution\",", "",
                     "missing key \"relative.to\"");
    expect_bad_subst(W_METRICS, out, "\"to\":\"ac6/cpython_pure_execution\"", "\"to\":7",
                     "\"relative.to\" must be a string");
    expect_bad_subst(W_METRICS, out, "\"to\":\"ac6/cpython_pure_execution\"", "\"to\":\"\"",
                     "\"relative.to\" must not be empty");
    expect_bad_subst(W_METRICS, out, "\"ratio\":{", "\"ratio\":0.5,\"y\":{",
                     "\"relative.ratio\" must be an object");
    expect_bad_subst(W_METRICS, out, "\"ratio\":{", "\"proportion\":{",
                     "missing key \"relative.ratio\"");
    expect_bad_subst(W_METRICS, out, "\"point_estimate\":0.015625", "\"point_estimate\":null",
                     "\"relative.ratio.point_estimate\" must be a number");
    expect_bad_subst(W_METRICS, out, "\"lower_bound\":0.0146,", "",
                     "missing key \"relative.ratio.lower_bound\"");
    expect_bad_subst(W_METRICS, out, "\"upper_bound\":0.0171875", "\"upper_bound\":\"x\"",
                     "\"relative.ratio.upper_bound\" must be a number");
    expect_bad_subst(W_METRICS, out, "\"lower_bound\":0.0146", "\"lower_bound\":0.02",
                     "0 < lower_bound <= point_estimate <= upper_bound");
    expect_bad_subst(W_METRICS, out, "\"lower_bound\":0.0146", "\"lower_bound\":0",
                     "0 < lower_bound <= point_estimate <= upper_bound");
    expect_bad_subst(W_METRICS, out, "\"upper_bound\":0.0171875", "\"upper_bound\":0.01",
                     "0 < lower_bound <= point_estimate <= upper_bound");
    tmp = subst(out, "\"confidence_level\":0.95},\"rounds\"", "\"confidence_level\":1},\"rounds\"");
    expect_bad(W_METRICS, tmp, "\"relative.ratio.confidence_level\" must be in (0, 1)");
    free(tmp);
    tmp = subst(out, ",\"confidence_level\":0.95},\"rounds\"", "},\"rounds\"");
    expect_bad(W_METRICS, tmp, "missing key \"relative.ratio.confidence_level\"");
    free(tmp);
    expect_bad_subst(W_METRICS, out, "\"rounds\":412", "\"rounds\":0",
                     "\"relative.rounds\" must be an integer");
    expect_bad_subst(W_METRICS, out, "\"rounds\":412", "\"rounds\":4.5",
                     "\"relative.rounds\" must be an integer");
    expect_bad_subst(W_METRICS, out, ",\"rounds\":412", "", "missing key \"relative.rounds\"");
    expect_bad_subst(W_METRICS, out, "\"p_value\":1.5e-60", "\"p_value\":1.5",
                     "\"relative.p_value\" must be in [0, 1]");
    expect_bad_subst(W_METRICS, out, "\"p_value\":1.5e-60", "\"p_value\":null",
                     "\"relative.p_value\" must be a number");
    free(out);

    /* files written before "relative" existed read as before: unused */
    m = metrics_with_precision_aa();
    assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
    crit_metrics back;
    memset(&back, 0x5a, sizeof back);
    assert_int_equal(crit_store_decode_metrics(out, strlen(out), "m.json", &back, err, sizeof err),
                     0);
    assert_false(back.extra.relative.used);
    free(out);
}

static void test_decode_errors_metrics(void **state) {
    (void)state;
    char err[256], *b;
    crit_metrics m = small_metrics(true);
    assert_int_equal(crit_store_encode_metrics(&m, &b, err, sizeof err), 0);
    expect_bad_subst(W_METRICS, b, "\"schema_version\":1", "\"schema_version\":2",
                     "unsupported \"schema_version\" 2");
    expect_bad_subst(W_METRICS, b, "\"schema_version\":1,", "", "missing key \"schema_version\"");
    expect_bad_subst(W_METRICS, b, "\"cv\":0.125", "\"cv\":null", "\"cv\" must be a number");
    expect_bad_subst(W_METRICS, b, "\"r_squared\":0.99", "\"r_squared\":\"hi\"",
                     "\"r_squared\" must be a number");
    expect_bad_subst(W_METRICS, b, "\"verdict\":\"improved\"", "\"verdict\":\"maybe\"",
                     "\"verdict\" must be one of");
    expect_bad_subst(W_METRICS, b, "\"verdict\":\"improved\"", "\"verdict\":1",
                     "\"verdict\" must be one of");
    expect_bad_subst(W_METRICS, b, ",\"verdict\":\"improved\"", "", "without \"verdict\"");
    expect_bad_subst(W_METRICS, b, "\"p_value\":0.015625,", "", "missing key \"p_value\"");
    expect_bad_subst(W_METRICS, b, "\"allocs_per_iter\":2", "\"allocs_per_iter\":\"2\"",
                     "\"allocs_per_iter\" must be a number, not a string");
    expect_bad_subst(W_METRICS, b, "\"allocs_per_iter\":2",
                     "\"a_name_that_is_much_too_long_for_us\":2", "over 31 bytes");
    expect_bad_subst(W_METRICS, b, "\"allocs_per_iter\":2",
                     "\"allocs_per_iter\":2,\"a\":1,"
                     "\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1",
                     "more than 8 extra metrics");
    expect_bad_subst(W_METRICS, b, "\"allocs_per_iter\":2",
                     "\"allocs_per_iter\":2,\"allocs_per_iter\":3", "appears twice");
    expect_bad_subst(W_METRICS, b, "\"high_severe\":3", "\"high_severe\":30",
                     "33 outliers among 10 samples");
    expect_bad_subst(W_METRICS, b, "\"low_mild\":1", "\"low_mild\":-1",
                     "\"outliers.low_mild\" must be an integer");
    expect_bad_subst(W_METRICS, b, "\"samples\":10", "\"samples\":10.5", "must be an integer");
    expect_bad_subst(W_METRICS, b, "\"host\":\"box\"", "\"host\":7",
                     "\"context.host\" must be a string");
    expect_bad_subst(W_METRICS, b, "\"date\":\"2026-11-23T18:17:45Z\"",
                     "\"date\":\"2026-11-23T18:17:45Z and some more text\"",
                     "\"context.date\" is longer than 31 bytes");
    expect_bad_subst(W_METRICS, b, "\"seed\":42", "\"seed\":-42", "\"context.seed\"");
    expect_bad_subst(W_METRICS, b, ",\"context\":{", ",\"ctx\":{", "missing key \"context\"");
    expect_bad_subst(W_METRICS, b, "\"context\":{", "\"context\":[],\"x\":{",
                     "\"context\" must be an object");
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_and_context_facts),
        cmocka_unit_test(test_precision_and_aa),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_decode_errors_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
