/* test_store.c: the results store's JSON codecs: exact text of every file for small
 * fixtures, bit-exact round trips through encode -> decode (0.1, 1e-300, 0.1+0.2, ...),
 * encoder refusals and every class of decode error. metrics.json's settings, precision, A/A and
 * relative blocks: test_store_metrics.c; files on disk: test_store_files.c. */
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

/* ---- golden text ------------------------------------------------------------------------- */

#define EST(p, l, u, s)                                                                            \
    "{\"confidence_interval\":{\"confidence_level\":0.95,\"lower_bound\":" l ",\"upper_bound\":" u \
    "},\"point_estimate\":" p ",\"standard_error\":" s "}"

/* Takes &out, not out: the encoder call and the read of out are separate arguments. */
static void expect_text(int rc, char **text, const char *expect) {
    assert_int_equal(rc, 0);
    assert_non_null(*text);
    assert_string_equal(*text, expect);
    free(*text);
    *text = NULL;
}

static void test_golden_benchmark(void **state) {
    (void)state;
    char err[256], *out;
    crit_bench_id id;
    crit_throughput tp = {CRIT_THROUGHPUT_BYTES, 1024};
    assert_int_equal(crit_bench_id_init(&id, "vm", "fib", "30", tp), 0);
    expect_text(crit_store_encode_benchmark(&id, &out, err, sizeof err), &out,
                "{\"group_id\":\"vm\",\"function_id\":\"fib\",\"value_str\":\"30\","
                "\"throughput\":{\"Bytes\":1024},\"full_id\":\"vm/fib/30\","
                "\"directory_name\":\"vm/fib/30\",\"title\":\"vm/fib/30\"}");
    crit_bench_id_fini(&id);

    crit_throughput none = {CRIT_THROUGHPUT_NONE, 0};
    assert_int_equal(crit_bench_id_init(&id, "a:b", NULL, NULL, none), 0);
    expect_text(crit_store_encode_benchmark(&id, &out, err, sizeof err), &out,
                "{\"group_id\":\"a:b\",\"function_id\":null,\"value_str\":null,"
                "\"throughput\":null,\"full_id\":\"a:b\",\"directory_name\":\"a_b\","
                "\"title\":\"a:b\"}");
    crit_bench_id_fini(&id);

    const char *units[] = {"BytesDecimal", "Elements", "Bits"};
    for (int k = CRIT_THROUGHPUT_BYTES_DECIMAL; k <= CRIT_THROUGHPUT_BITS; k++) {
        crit_throughput t = {(crit_throughput_kind)k, 18446744073709551615u};
        char want[256];
        assert_int_equal(crit_bench_id_init(&id, "g", NULL, "1\"q", t), 0);
        snprintf(want, sizeof want,
                 "{\"group_id\":\"g\",\"function_id\":null,\"value_str\":\"1\\\"q\","
                 "\"throughput\":{\"%s\":18446744073709551615},\"full_id\":\"g/1\\\"q\","
                 "\"directory_name\":\"g/1_q\",\"title\":\"g/1\\\"q\"}",
                 units[k - CRIT_THROUGHPUT_BYTES_DECIMAL]);
        expect_text(crit_store_encode_benchmark(&id, &out, err, sizeof err), &out, want);
        crit_bench_id_fini(&id);
    }
}

static void test_golden_sample_estimates_tukey_change(void **state) {
    (void)state;
    char err[256], *out;
    double iters[] = {5, 5, 5};
    double times[] = {100.5, 0.1 + 0.2, 123456789.123456789};
    crit_sample s = {CRIT_MODE_FLAT, 3, iters, times};
    expect_text(crit_store_encode_sample(&s, &out, err, sizeof err), &out,
                "{\"sampling_mode\":\"Flat\",\"iters\":[5,5,5],"
                "\"times\":[100.5,0.30000000000000004,123456789.12345679]}");
    double li[] = {1, 2}, lt[] = {1e-300, 5e9};
    crit_sample lin = {CRIT_MODE_LINEAR, 2, li, lt};
    expect_text(crit_store_encode_sample(&lin, &out, err, sizeof err), &out,
                "{\"sampling_mode\":\"Linear\",\"iters\":[1,2],\"times\":[1e-300,5000000000]}");

    /* clang-format off */
    crit_estimates e = small_estimates(false);
    expect_text(crit_store_encode_estimates(&e, &out, err, sizeof err), &out,
                "{\"mean\":" EST("10.5", "10", "11", "0.25") ",\"median\":" EST(
                    "10.25", "10", "10.75", "0.125") ",\"median_abs_dev\":" EST("0.5", "0.25",
                                                                                 "0.75", "0.0625")
                    ",\"slope\":null,\"std_dev\":" EST("1.5", "1", "2", "0.5") "}");
    e = small_estimates(true);
    expect_text(crit_store_encode_estimates(&e, &out, err, sizeof err), &out,
                "{\"mean\":" EST("10.5", "10", "11", "0.25") ",\"median\":" EST(
                    "10.25", "10", "10.75", "0.125") ",\"median_abs_dev\":" EST("0.5", "0.25",
                                                                                 "0.75", "0.0625")
                    ",\"slope\":" EST("10.4", "10.1", "10.9", "0.2") ",\"std_dev\":" EST(
                        "1.5", "1", "2", "0.5") "}");

    crit_fences f = {-3.5, 0.25, 10, 12.75};
    expect_text(crit_store_encode_tukey(&f, &out, err, sizeof err), &out,
                "[-3.5,0.25,10,12.75]");

    crit_change c;
    memset(&c, 0, sizeof c);
    c.mean = est(-0.05, -0.0625, -0.03125, 0.01);
    c.median = est(0.01, -0.02, 0.04, 0.015);
    c.t_value = 3; /* not part of this file */
    expect_text(crit_store_encode_change(&c, &out, err, sizeof err), &out,
                "{\"mean\":" EST("-0.05", "-0.0625", "-0.03125", "0.01") ",\"median\":" EST(
                    "0.01", "-0.02", "0.04", "0.015") "}");
    /* clang-format on */
}

#define CONTEXT_JSON                                                                        \
    "\"context\":{\"date\":\"2026-11-23T18:17:45Z\",\"host\":\"box\",\"cpu_model\":\"Test " \
    "CPU @ 3.00GHz\",\"cores\":8,\"governor\":\"performance\",\"kernel\":\"6.1.0\","        \
    "\"compiler\":\"gcc 12.2.0\",\"flags\":\"-O2 -g\",\"build_mode\":\"release\","          \
    "\"git_revision\":\"abc1234\",\"seed\":42}"

static void test_golden_metrics(void **state) {
    (void)state;
    char err[256], *out;
    crit_metrics m = small_metrics(false);
    expect_text(crit_store_encode_metrics(&m, &out, err, sizeof err), &out,
                "{\"schema_version\":1,\"cv\":0.125,\"p50\":10,\"p90\":12.5,\"p95\":13,"
                "\"p99\":20.25,\"r_squared\":null,\"outliers\":{\"low_severe\":0,"
                "\"low_mild\":1,\"high_mild\":2,\"high_severe\":3},\"samples\":10,"
                "\"allocs_per_iter\":2," CONTEXT_JSON "}");
    m = small_metrics(true);
    m.context.seed = 18446744073709551615u;
    m.context.cores = -1;
    expect_text(crit_store_encode_metrics(&m, &out, err, sizeof err), &out,
                "{\"schema_version\":1,\"cv\":0.125,\"p50\":10,\"p90\":12.5,\"p95\":13,"
                "\"p99\":20.25,\"r_squared\":0.99,\"outliers\":{"
                "\"low_severe\":0,\"low_mild\":1,\"high_mild\":2,\"high_severe\":3},"
                "\"samples\":10,\"allocs_per_iter\":2,\"t_value\":-2.5,\"p_value\":0.015625,"
                "\"verdict\":\"improved\",\"context\":{\"date\":\"2026-11-23T18:17:45Z\","
                "\"host\":\"box\",\"cpu_model\":\"Test CPU @ 3.00GHz\",\"cores\":-1,"
                "\"governor\":\"performance\",\"kernel\":\"6.1.0\",\"compiler\":\"gcc "
                "12.2.0\",\"flags\":\"-O2 -g\",\"build_mode\":\"release\","
                "\"git_revision\":\"abc1234\",\"seed\":18446744073709551615}}");
    const char *names[] = {"no_change", "improved", "regressed", "within_noise"};
    for (int v = 0; v < 4; v++) {
        m.verdict = (crit_verdict)v;
        assert_int_equal(crit_store_encode_metrics(&m, &out, err, sizeof err), 0);
        char want[64];
        snprintf(want, sizeof want, "\"verdict\":\"%s\"", names[v]);
        assert_non_null(strstr(out, want));
        free(out);
    }
}

/* The shortest of 15/16/17 digits that reads back bit-identical, for every tricky value. */
static void test_number_format_is_shortest_exact(void **state) {
    (void)state;
    char buf[40];
    crit_json_format_double(0.99, buf, sizeof buf);
    assert_string_equal(buf, "0.99");
    crit_json_format_double(0.1, buf, sizeof buf);
    assert_string_equal(buf, "0.1");
    crit_json_format_double(0.1 + 0.2, buf, sizeof buf); /* cJSON_Print would give 0.3 */
    assert_string_equal(buf, "0.30000000000000004");
    crit_json_format_double(1.0 / 3.0, buf, sizeof buf);
    assert_string_equal(buf, "0.3333333333333333"); /* 16 digits suffice */
    crit_json_format_double(-0.0, buf, sizeof buf);
    assert_string_equal(buf, "-0");
    for (size_t i = 0; i < NTRICKY; i++) {
        crit_json_format_double(tricky[i], buf, sizeof buf);
        assert_bits(strtod(buf, NULL), tricky[i]);
    }
}

/* ---- round trips ------------------------------------------------------------------------- */

static void roundtrip_id(const char *g, const char *f, const char *v, crit_throughput tp) {
    char err[256], *text;
    crit_bench_id id, back;
    assert_int_equal(crit_bench_id_init(&id, g, f, v, tp), 0);
    assert_int_equal(crit_store_encode_benchmark(&id, &text, err, sizeof err), 0);
    assert_int_equal(crit_store_decode_benchmark(text, strlen(text), "b.json", &back, err,
                                                 sizeof err),
                     0);
    assert_id_equal(&id, &back);
    crit_bench_id_fini(&back);
    crit_bench_id_fini(&id);
    free(text);
}

static void test_roundtrip_benchmark(void **state) {
    (void)state;
    crit_throughput none = {CRIT_THROUGHPUT_NONE, 0};
    roundtrip_id("g", NULL, NULL, none);
    roundtrip_id("g", "f", NULL, none);
    roundtrip_id("g", NULL, "v", none);
    roundtrip_id("g", "f", "v", none);
    /* JSON escapes (control characters are refused: test_names) */
    roundtrip_id("we\"ird\\ ünï/c*de", "f:x", "<1>", none);
    for (int k = CRIT_THROUGHPUT_BYTES; k <= CRIT_THROUGHPUT_BITS; k++) {
        crit_throughput tp = {(crit_throughput_kind)k, 9007199254740992u};
        roundtrip_id("g", "f", "v", tp);
        tp.per_iter = 1;
        roundtrip_id("g", NULL, NULL, tp);
    }
}

static void roundtrip_sample(crit_actual_mode mode, const double *iters, const double *times,
                             size_t n) {
    char err[256], *text;
    crit_sample s = {mode, n, (double *)(uintptr_t)iters, (double *)(uintptr_t)times}, back;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), 0);
    assert_int_equal(crit_store_decode_sample(text, strlen(text), "s.json", &back, err, sizeof err),
                     0);
    assert_sample_equal(&s, &back);
    crit_sample_fini(&back);
    free(text);
}

static void test_roundtrip_sample(void **state) {
    (void)state;
    double iters[NTRICKY], times[NTRICKY];
    for (size_t i = 0; i < NTRICKY; i++) {
        iters[i] = (double)(i + 1); /* iteration counts are integers in [1, 2^53] */
        times[i] = fabs(tricky[i]);
    }
    times[11] = 0.0;               /* -0.0 is not a valid time after fabs anyway; keep 0 */
    iters[1] = 9007199254740992.0; /* 2^53, the largest count */
    roundtrip_sample(CRIT_MODE_LINEAR, iters, times, NTRICKY);
    roundtrip_sample(CRIT_MODE_FLAT, iters, times, 1);
    double big_i[100], big_t[100];
    for (int i = 0; i < 100; i++) {
        big_i[i] = (i + 1) * 12345.0;
        big_t[i] = big_i[i] * (3.7 + i * 1e-7);
    }
    roundtrip_sample(CRIT_MODE_LINEAR, big_i, big_t, 100);
}

static void test_roundtrip_estimates_tukey_change(void **state) {
    (void)state;
    char err[256], *text;
    for (size_t i = 0; i + 4 < NTRICKY; i++) {
        crit_estimates e, back;
        memset(&e, 0, sizeof e);
        e.mean = est(tricky[i], tricky[i + 1], tricky[i + 2], tricky[i + 3]);
        e.median = est(tricky[i + 4], tricky[i], tricky[i + 1], tricky[i + 2]);
        e.median_abs_dev = est(tricky[i + 3], tricky[i + 4], tricky[i], tricky[i + 1]);
        e.std_dev = est(tricky[i + 2], tricky[i + 3], tricky[i + 4], tricky[i]);
        e.median.confidence_level = 0.99;
        e.has_slope = i % 2 == 0;
        if (e.has_slope)
            e.slope = est(tricky[i + 1], tricky[i + 2], tricky[i + 3], tricky[i + 4]);
        assert_int_equal(crit_store_encode_estimates(&e, &text, err, sizeof err), 0);
        assert_int_equal(crit_store_decode_estimates(text, strlen(text), "e.json", &back, err,
                                                     sizeof err),
                         0);
        assert_estimates_equal(&e, &back);
        if (!e.has_slope)
            assert_bits(back.slope.point, 0.0);
        free(text);

        crit_fences f = {-tricky[i], tricky[i + 1], tricky[i + 2], tricky[i + 3]}, fb;
        assert_int_equal(crit_store_encode_tukey(&f, &text, err, sizeof err), 0);
        assert_int_equal(crit_store_decode_tukey(text, strlen(text), "t.json", &fb, err,
                                                 sizeof err),
                         0);
        assert_bits(f.low_severe, fb.low_severe);
        assert_bits(f.low_mild, fb.low_mild);
        assert_bits(f.high_mild, fb.high_mild);
        assert_bits(f.high_severe, fb.high_severe);
        free(text);

        crit_change c, cb;
        memset(&c, 0, sizeof c);
        c.mean = e.mean;
        c.median = e.std_dev;
        assert_int_equal(crit_store_encode_change(&c, &text, err, sizeof err), 0);
        assert_int_equal(crit_store_decode_change(text, strlen(text), "c.json", &cb, err,
                                                  sizeof err),
                         0);
        assert_estimate_equal(&c.mean, &cb.mean);
        assert_estimate_equal(&c.median, &cb.median);
        free(text);
    }
}

static void test_roundtrip_metrics(void **state) {
    (void)state;
    crit_metrics m = small_metrics(false);
    roundtrip_metrics(&m);
    m = small_metrics(true);
    roundtrip_metrics(&m);
    for (int v = 0; v < 4; v++) {
        m.verdict = (crit_verdict)v;
        roundtrip_metrics(&m);
    }
    /* nullable values, all 8 extra metrics, tricky numbers, escaped context strings */
    m.t_value = NAN;
    m.r_squared = NAN;
    m.cv = 0.1 + 0.2;
    m.p99 = 123456789.123456789;
    m.extra.n = CRIT_MAX_EXTRA_METRICS;
    for (size_t i = 0; i < CRIT_MAX_EXTRA_METRICS; i++) {
        snprintf(m.extra.name[i], sizeof m.extra.name[i], "metric_%zu_per_iter", i);
        m.extra.value[i] = i == 3 ? NAN : tricky[i];
    }
    memset(m.extra.name[7], 'x', 31);
    m.extra.name[7][31] = '\0';
    strcpy(m.context.cpu_model, "Quote \" backslash \\ tab \t newline \n ünï");
    memset(m.context.flags, 'f', sizeof m.context.flags - 1);
    m.context.flags[sizeof m.context.flags - 1] = '\0';
    m.context.seed = 9007199254740992u; /* 2^53: exact through a double */
    m.context.cores = 0;
    roundtrip_metrics(&m);
}

/* The usage keys (CPU time, allocation counts, a command's rusage) read back exactly, a group
 * that was not measured stays absent, and a group with a key missing is refused. */
static void test_roundtrip_usage(void **state) {
    (void)state;
    char err[256], *text;
    crit_metrics m = small_metrics(false), back;
    crit_usage *u = &m.extra.usage;
    u->has_cpu = true;
    u->cpu_time = 58083.86380952381;
    u->has_allocs = true;
    u->allocs = 3;
    u->frees = 2.003126593033135;
    u->bytes = 5120;
    for (int child = 0; child < 2; child++) {
        u->has_child = child;
        u->child_user_time = child ? 3993400 : 0;
        u->child_sys_time = child ? 36388100 : 0;
        u->child_max_rss_kib = child ? 66516 : 0;
        assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), 0);
        assert_true((strstr(text, "\"child_max_rss_kib\":66516") != NULL) == child);
        assert_int_equal(crit_store_decode_metrics(text, strlen(text), "m.json", &back, err,
                                                   sizeof err),
                         0);
        assert_memory_equal(&back.extra.usage, u, sizeof *u);
        assert_metrics_equal(&m, &back);
        free(text);
    }
    /* heap_frees_per_iter renamed away (it then reads as an extra metric): refused */
    u->has_child = false;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), 0);
    char *k = strstr(text, "\"heap_frees_per_iter\"");
    assert_non_null(k);
    memcpy(k + 1, "zzzz", 4);
    assert_int_equal(crit_store_decode_metrics(text, strlen(text), "m.json", &back, err,
                                               sizeof err),
                     -CRIT_EPARSE);
    assert_non_null(strstr(err, "must appear together"));
    free(text);
    u->has_child = false;
    u->allocs = -1;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
}

static void test_metrics_from_analysis(void **state) {
    (void)state;
    crit_analysis a;
    memset(&a, 0, sizeof a);
    a.cv = 0.5;
    a.p50 = 1;
    a.p90 = 2;
    a.p95 = 3;
    a.p99 = 4;
    a.r2 = 0.75;
    a.n = 20;
    a.counts.low_mild = 2;
    a.counts.not_outlier = 18;
    a.compared = true;
    a.change.t_value = 1.25;
    a.change.p_value = 0.5;
    a.change.verdict = CRIT_VERDICT_WITHIN_NOISE;
    crit_extra_metrics x = {.n = 1, .name = {"bytes_per_iter"}, .value = {64}};
    crit_context ctx = small_context();
    crit_metrics m;
    crit_store_metrics_from(&m, &a, &x, &ctx);
    assert_bits(m.cv, 0.5);
    assert_bits(m.r_squared, 0.75);
    assert_int_equal(m.samples, 20);
    assert_int_equal(m.outliers.low_mild, 2);
    assert_true(m.compared);
    assert_bits(m.t_value, 1.25);
    assert_int_equal(m.verdict, CRIT_VERDICT_WITHIN_NOISE);
    assert_string_equal(m.extra.name[0], "bytes_per_iter");
    assert_string_equal(m.context.host, "box");
    roundtrip_metrics(&m);
    crit_store_metrics_from(&m, &a, NULL, &ctx);
    assert_int_equal(m.extra.n, 0);
}

/* ---- encoder refusals -------------------------------------------------------------------- */

static void test_encoders_refuse_what_decoders_refuse(void **state) {
    (void)state;
    static char junk[1];
    char err[256], *text = junk;
    double it[] = {1, 2}, tm[] = {1, 2};
    crit_sample s = {CRIT_MODE_LINEAR, 2, it, tm};
    it[1] = 0;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), -CRIT_EINVAL);
    assert_null(text);
    assert_non_null(strstr(err, "sample.json"));
    assert_non_null(strstr(err, "iters[1]"));
    it[1] = 2;
    tm[0] = NAN;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), -CRIT_EINVAL);
    tm[0] = -1;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), -CRIT_EINVAL);
    s.n = 0;
    assert_int_equal(crit_store_encode_sample(&s, &text, err, sizeof err), -CRIT_EINVAL);

    crit_estimates e = small_estimates(true);
    e.slope.upper = INFINITY;
    assert_int_equal(crit_store_encode_estimates(&e, &text, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "slope.confidence_interval.upper_bound"));
    e.has_slope = false; /* slope is not written then, so its contents do not matter */
    assert_int_equal(crit_store_encode_estimates(&e, &text, err, sizeof err), 0);
    free(text);

    crit_fences f = {0, 0, NAN, 0};
    assert_int_equal(crit_store_encode_tukey(&f, &text, err, sizeof err), -CRIT_EINVAL);

    crit_metrics m = small_metrics(true);
    m.cv = NAN;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "cv"));
    m = small_metrics(true);
    strcpy(m.extra.name[0], "samples");
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
    assert_non_null(strstr(err, "samples"));
    m = small_metrics(false);
    m.extra.n = 2;
    strcpy(m.extra.name[1], "allocs_per_iter");
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
    m.extra.n = 9;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
    m = small_metrics(false);
    m.outliers.high_severe = 11;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
    m = small_metrics(true);
    m.verdict = (crit_verdict)7;
    assert_int_equal(crit_store_encode_metrics(&m, &text, err, sizeof err), -CRIT_EINVAL);
}

/* ---- decode errors ----------------------------------------------------------------------- */

#define SAMPLE_OK "{\"sampling_mode\":\"Linear\",\"iters\":[1,2],\"times\":[10,20]}"

static void test_decode_errors_common_and_sample(void **state) {
    (void)state;
    char err[256];
    crit_sample s;
    /* the base document is accepted, with whitespace around it */
    assert_int_equal(crit_store_decode_sample(" \n" SAMPLE_OK "\n", strlen(SAMPLE_OK) + 3, "x", &s,
                                              err, sizeof err),
                     0);
    crit_sample_fini(&s);
    /* length is honoured: the same bytes cut short are truncated JSON */
    assert_int_equal(crit_store_decode_sample(SAMPLE_OK, 30, "cut.json", &s, err, sizeof err),
                     -CRIT_EPARSE);
    assert_non_null(strstr(err, "cut.json: not valid JSON"));

    expect_bad(W_SAMPLE, "", "empty");
    expect_bad(W_SAMPLE, "{\"sampling_mode\":\"Linear\",\"iters\":[1,2", "not valid JSON");
    expect_bad(W_SAMPLE, "nonsense", "not valid JSON");
    expect_bad(W_SAMPLE, SAMPLE_OK " {}", "unexpected text after");
    expect_bad(W_SAMPLE, "[1,2]", "must be an object, not an array");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, ",\"times\":[10,20]", "", "missing key \"times\"");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "\"sampling_mode\":\"Linear\",", "",
                     "missing key \"sampling_mode\"");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "\"Linear\"", "3", "must be a string, not a number");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "\"Linear\"", "\"Auto\"", "\"Linear\" or \"Flat\"");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "\"Linear\"", "\"linear\"", "\"Linear\" or \"Flat\"");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "\"1,2\"", "\"iters\" must be an array");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[10,20]", "{}", "\"times\" must be an array");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "[1,2,3]", "3 entries but \"times\" has 2");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "[]", "\"iters\" is empty");
    expect_bad(W_SAMPLE, "{\"sampling_mode\":\"Flat\",\"iters\":[],\"times\":[]}", "is empty");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "[1,0]",
                     "\"iters[1]\" = 0 must be an integer in [1, 2^53]");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "[-1,2]",
                     "\"iters[0]\" = -1 must be an integer in [1, 2^53]");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[10,20]", "[10,-0.5]", "\"times[1]\" = -0.5");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[10,20]", "[10,1e999]",
                     "\"times[1]\" is not a finite number");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[10,20]", "[10,null]",
                     "\"times[1]\" must be a number, not null");
    expect_bad_subst(W_SAMPLE, SAMPLE_OK, "[1,2]", "[1,\"2\"]",
                     "\"iters[1]\" must be a number, not a string");
    /* an embedded NUL is not ours */
    const char nul[] = "{\"sampling_mode\":\"Linear\"\0,\"iters\":[1],\"times\":[1]}";
    assert_int_equal(crit_store_decode_sample(nul, sizeof nul - 1, "nul.json", &s, err, sizeof err),
                     -CRIT_EPARSE);
    assert_non_null(strstr(err, "NUL"));
}

static void test_decode_errors_estimates_tukey_change(void **state) {
    (void)state;
    char err[256], *base;
    crit_estimates e = small_estimates(true);
    assert_int_equal(crit_store_encode_estimates(&e, &base, err, sizeof err), 0);
    expect_bad_subst(W_EST, base, "\"std_dev\"", "\"stddev\"", "missing key \"std_dev\"");
    expect_bad_subst(W_EST, base, "\"point_estimate\":10.5", "\"point_estimate\":\"10.5\"",
                     "\"mean.point_estimate\" must be a number, not a string");
    expect_bad_subst(W_EST, base, "\"lower_bound\":10,", "",
                     "missing key \"mean.confidence_interval.lower_bound\"");
    expect_bad_subst(W_EST, base, "\"standard_error\":0.25", "\"standard_error\":-1e400",
                     "\"mean.standard_error\" is not a finite number");
    expect_bad_subst(W_EST, base, "\"slope\":{", "\"slope\":7,\"x\":{",
                     "slope must be an object, not a number");
    expect_bad(W_EST, "{\"mean\":[]}", "mean must be an object, not an array");
    expect_bad(W_EST, "null", "must be an object, not null");
    expect_bad(W_EST, "{\"mean\":{\"confidence_interval\":1}}",
               "mean.confidence_interval must be an object");
    free(base);

    expect_bad(W_TUKEY, "[1,2,3]", "array of 4 numbers");
    expect_bad(W_TUKEY, "[1,2,3,4,5]", "array of 4 numbers");
    expect_bad(W_TUKEY, "{\"a\":1}", "array of 4 numbers, found an object");
    expect_bad(W_TUKEY, "[1,2,\"3\",4]", "\"[2]\" must be a number, not a string");
    expect_bad(W_TUKEY, "[1,2,3,1e400]", "\"[3]\" is not a finite number");

    crit_change c;
    memset(&c, 0, sizeof c);
    c.mean = est(0.5, 0.25, 0.75, 0.1);
    c.median = c.mean;
    assert_int_equal(crit_store_encode_change(&c, &base, err, sizeof err), 0);
    expect_bad_subst(W_CHANGE, base, "\"median\"", "\"medium\"", "missing key \"median\"");
    expect_bad_subst(W_CHANGE, base, "\"confidence_level\":0.95", "\"confidence_level\":true",
                     "\"mean.confidence_interval.confidence_level\" must be a number, not a "
                     "boolean");
    expect_bad(W_CHANGE, "[]", "must be an object");
    free(base);
}

static void test_decode_errors_benchmark(void **state) {
    (void)state;
    char err[256], *base;
    crit_bench_id id;
    crit_throughput tp = {CRIT_THROUGHPUT_ELEMENTS, 10};
    assert_int_equal(crit_bench_id_init(&id, "g", "f", "v", tp), 0);
    assert_int_equal(crit_store_encode_benchmark(&id, &base, err, sizeof err), 0);
    crit_bench_id_fini(&id);
    expect_bad_subst(W_BENCH, base, "\"function_id\":\"f\"", "\"function_id\":5",
                     "\"function_id\" must be a string or null, not a number");
    expect_bad_subst(W_BENCH, base, "\"group_id\":\"g\"", "\"group_id\":null",
                     "\"group_id\" must be a string, not null");
    expect_bad_subst(W_BENCH, base, "\"title\"", "\"tittle\"", "missing key \"title\"");
    expect_bad_subst(W_BENCH, base, "{\"Elements\":10}", "{\"Kilos\":10}", "unknown unit");
    expect_bad_subst(W_BENCH, base, "{\"Elements\":10}", "{\"Elements\":-1}",
                     "\"throughput.Elements\" must be an integer");
    expect_bad_subst(W_BENCH, base, "{\"Elements\":10}", "{\"Elements\":1.5}",
                     "must be an integer");
    expect_bad_subst(W_BENCH, base, "{\"Elements\":10}", "{\"Elements\":1,\"Bytes\":2}", "one key");
    expect_bad_subst(W_BENCH, base, "{\"Elements\":10}", "10", "\"throughput\" must be null");
    expect_bad_subst(W_BENCH, base, "\"directory_name\":\"g/f/v\"",
                     "\"directory_name\":\"g/../../etc\"", "not a safe relative path");
    expect_bad_subst(W_BENCH, base, "\"directory_name\":\"g/f/v\"", "\"directory_name\":\"/abs\"",
                     "not a safe relative path");
    expect_bad_subst(W_BENCH, base, "\"directory_name\":\"g/f/v\"", "\"directory_name\":\"a//b\"",
                     "not a safe relative path");
    expect_bad_subst(W_BENCH, base, "\"directory_name\":\"g/f/v\"", "\"directory_name\":\"a/\"",
                     "not a safe relative path");
    free(base);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_benchmark),
        cmocka_unit_test(test_golden_sample_estimates_tukey_change),
        cmocka_unit_test(test_golden_metrics),
        cmocka_unit_test(test_number_format_is_shortest_exact),
        cmocka_unit_test(test_roundtrip_benchmark),
        cmocka_unit_test(test_roundtrip_sample),
        cmocka_unit_test(test_roundtrip_estimates_tukey_change),
        cmocka_unit_test(test_roundtrip_metrics),
        cmocka_unit_test(test_roundtrip_usage),
        cmocka_unit_test(test_metrics_from_analysis),
        cmocka_unit_test(test_encoders_refuse_what_decoders_refuse),
        cmocka_unit_test(test_decode_errors_common_and_sample),
        cmocka_unit_test(test_decode_errors_estimates_tukey_change),
        cmocka_unit_test(test_decode_errors_benchmark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
