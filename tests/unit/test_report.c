/* test_report.c: the HTML report end to end in a mkdtemp directory: keeping the bootstrap
 * distributions changes no number, a compared benchmark's page (every referenced SVG exists
 * and is standalone SVG, the verdict sentence, the link back from a nested id), a Flat page
 * with a far outlier, stale plots removed, and the index (numeric order of values, nested ids,
 * baselines and damaged benchmarks, group pages whose violin plot grows with the group). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis.h"
#include "benchid.h"
#include "fs.h"
#include "report.h"
#include "sample.h"
#include "stats.h"
#include "store.h"

static const crit_analysis_config keep_cfg = {5000, 0.95, 0.05, 0.01, 20261201, true};

/* n points around ns per iteration with deterministic +-5% jitter; Linear counts 1000 i. */
static void make_sample(crit_sample *s, size_t n, double ns, unsigned seed, crit_actual_mode m) {
    assert_int_equal(crit_sample_init(s, n), 0);
    s->mode = m;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        double jitter = 1.0 + ((double)(seed >> 16 & 0x7fff) / 32767.0 - 0.5) * 0.1;
        s->iters[i] = m == CRIT_MODE_LINEAR ? (double)(i + 1) * 1000.0 : 1000.0;
        s->times[i] = s->iters[i] * ns * jitter;
    }
}

static int dir_setup(void **state) {
    char tmpl[] = "/tmp/crit-test-report.XXXXXX";
    if (mkdtemp(tmpl) == NULL || (*state = strdup(tmpl)) == NULL)
        return -1;
    return 0;
}

static int dir_teardown(void **state) {
    int rc = crit_fs_remove_tree(*state, NULL, 0);
    free(*state);
    return rc;
}

static char *slurp(const char *dir, const char *rel) {
    char *path = crit_fs_join(dir, rel, (char *)NULL), *text = NULL;
    assert_non_null(path);
    if (crit_fs_read_file(path, &text, NULL, NULL, 0) != 0)
        fail_msg("cannot read %s", path);
    free(path);
    return text;
}

static bool exists(const char *dir, const char *rel) {
    struct stat st;
    char *path = crit_fs_join(dir, rel, (char *)NULL);
    bool yes = path && stat(path, &st) == 0;
    free(path);
    return yes;
}

static void assert_svg(const char *dir, const char *rel) {
    char *svg = slurp(dir, rel);
    size_t len = strlen(svg);
    if (!strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"") ||
        !strstr(svg, "viewBox=\"0 0 ") || len < 8 || strcmp(svg + len - 7, "</svg>\n") != 0)
        fail_msg("%s is not a standalone SVG", rel);
    if (strstr(svg, "nan") || strstr(svg, "inf"))
        fail_msg("%s prints a non-finite number", rel);
    free(svg);
}

/* Every src="..." of the page names a file beside it that is an SVG; returns how many. */
static size_t check_sources(const char *report_dir, const char *html) {
    size_t n = 0;
    for (const char *p = strstr(html, "src=\""); p; p = strstr(p + 1, "src=\"")) {
        char name[128];
        const char *q = strchr(p + 5, '"');
        assert_non_null(q);
        assert_true((size_t)(q - p - 5) < sizeof name);
        snprintf(name, sizeof name, "%.*s", (int)(q - p - 5), p + 5);
        assert_non_null(strstr(name, ".svg"));
        assert_svg(report_dir, name);
        n++;
    }
    return n;
}

static void assert_page_basics(const char *html) {
    assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_null(strstr(html, "<script"));
    const char *style = strstr(html, "<style>");
    assert_non_null(style);
    assert_null(strstr(style + 1, "<style>")); /* one inline style */
    assert_non_null(strstr(html, "</body>\n</html>\n"));
}

static const char *sentence(crit_verdict v) {
    switch (v) {
    case CRIT_VERDICT_IMPROVED: return "Performance has improved.";
    case CRIT_VERDICT_REGRESSED: return "Performance has regressed.";
    case CRIT_VERDICT_WITHIN_NOISE: return "Change within noise threshold.";
    default: return "No change in performance detected.";
    }
}

/* Kept distributions: the same numbers as without, and they are the distributions behind
 * the intervals (their quantiles are the bounds, bit for bit). */
static void assert_behind(const double *dist, size_t len, const crit_estimate *e) {
    assert_non_null(dist);
    double *copy = malloc(len * sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, dist, len * sizeof *copy);
    crit_stats_sort(copy, len);
    assert_true(crit_stats_quantile_sorted(copy, len, (1.0 - 0.95) / 2.0) == e->lower);
    assert_true(crit_stats_quantile_sorted(copy, len, (1.0 + 0.95) / 2.0) == e->upper);
    free(copy);
}

static void test_keep_distributions_changes_nothing(void **state) {
    (void)state;
    crit_sample s, base, flat;
    make_sample(&s, 60, 10.0, 1, CRIT_MODE_LINEAR);
    make_sample(&base, 60, 10.4, 2, CRIT_MODE_LINEAR);
    make_sample(&flat, 60, 10.0, 3, CRIT_MODE_FLAT);
    crit_analysis_config plain = keep_cfg;
    plain.keep_distributions = false;
    crit_analysis a, k;
    assert_int_equal(crit_analyze(&s, &base, &plain, &a), 0);
    assert_int_equal(crit_analyze(&s, &base, &keep_cfg, &k), 0);
    assert_null(a.dist.mean);
    assert_int_equal(a.dist.len, 0);
    /* every field but the owned pointers, bit for bit */
    assert_memory_equal(&a.est, &k.est, sizeof a.est);
    assert_memory_equal(&a.fences, &k.fences, sizeof a.fences);
    assert_memory_equal(&a.counts, &k.counts, sizeof a.counts);
    assert_memory_equal(&a.change, &k.change, sizeof a.change);
    assert_memory_equal(a.labels, k.labels, a.n);
    assert_memory_equal(&a.cv, &k.cv, sizeof a.cv);
    assert_memory_equal(&a.p50, &k.p50, 4 * sizeof a.p50);
    assert_memory_equal(&a.r2, &k.r2, 3 * sizeof a.r2);
    assert_int_equal(k.dist.len, keep_cfg.nresamples);
    assert_behind(k.dist.mean, k.dist.len, &k.est.mean);
    assert_behind(k.dist.median, k.dist.len, &k.est.median);
    assert_behind(k.dist.std_dev, k.dist.len, &k.est.std_dev);
    assert_behind(k.dist.median_abs_dev, k.dist.len, &k.est.median_abs_dev);
    assert_behind(k.dist.slope, k.dist.len, &k.est.slope);
    assert_behind(k.dist.change_mean, k.dist.len, &k.change.mean);
    assert_behind(k.dist.change_median, k.dist.len, &k.change.median);
    crit_analysis_fini(&k);
    assert_null(k.dist.mean);
    assert_int_equal(k.dist.len, 0);
    crit_analysis_fini(&k); /* idempotent */
    crit_analysis_fini(&a);
    /* Flat, uncompared: no slope, no change distributions */
    assert_int_equal(crit_analyze(&flat, NULL, &keep_cfg, &k), 0);
    assert_non_null(k.dist.mean);
    assert_null(k.dist.slope);
    assert_null(k.dist.change_mean);
    assert_null(k.dist.change_median);
    crit_analysis_fini(&k);
    crit_sample_fini(&s);
    crit_sample_fini(&base);
    crit_sample_fini(&flat);
}

static void test_compared_page(void **state) {
    const char *out = *state;
    crit_sample s, base;
    make_sample(&s, 100, 10.0, 1, CRIT_MODE_LINEAR);
    make_sample(&base, 100, 10.5, 2, CRIT_MODE_LINEAR);
    crit_analysis a;
    assert_int_equal(crit_analyze(&s, &base, &keep_cfg, &a), 0);
    crit_bench_id id;
    crit_throughput tp = {CRIT_THROUGHPUT_BYTES, 1024};
    assert_int_equal(crit_bench_id_init(&id, "grp", "f<&>", "10", tp), 0);
    char err[512] = "";
    assert_int_equal(crit_report_bench(out, &id, &s, &a, &base, NULL, err, sizeof err), 0);
    const char *dir_rel = "grp/f_&_/10/report";
    char *rdir = crit_fs_join(out, dir_rel, (char *)NULL);
    static const char *const files[] = {"index.html",         "pdf.svg",          "regression.svg",
                                        "mean.svg",           "median.svg",       "std_dev.svg",
                                        "median_abs_dev.svg", "slope.svg",        "both.svg",
                                        "change_mean.svg",    "change_median.svg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!exists(rdir, files[i]))
            fail_msg("%s/%s is missing", dir_rel, files[i]);
    assert_false(exists(rdir, "iteration_times.svg"));
    char *html = slurp(rdir, "index.html");
    assert_page_basics(html);
    assert_int_equal(check_sources(rdir, html), 10);
    assert_non_null(strstr(html, sentence(a.change.verdict)));
    assert_non_null(strstr(html, "<h1>grp/f&lt;&amp;&gt;/10</h1>")); /* escaped title */
    /* three levels deep: report/ -> 10 -> f_&_ -> grp -> out */
    assert_non_null(strstr(html, "href=\"../../../../report/index.html\""));
    assert_non_null(strstr(html, "href=\"../../../../grp/report/index.html\""));
    assert_non_null(strstr(html, "Additional statistics"));
    assert_non_null(strstr(html, "R&#178;"));
    assert_non_null(strstr(html, "Throughput"));
    assert_non_null(strstr(html, "GiB/s"));
    free(html);
    free(rdir);
    crit_bench_id_fini(&id);
    crit_analysis_fini(&a);
    crit_sample_fini(&s);
    crit_sample_fini(&base);
}

static void test_flat_page_with_far_outlier(void **state) {
    const char *out = *state;
    crit_sample s, base;
    make_sample(&s, 50, 10.0, 5, CRIT_MODE_FLAT);
    make_sample(&base, 50, 10.0, 6, CRIT_MODE_FLAT);
    s.times[17] *= 1000; /* one sample 1000x the rest */
    crit_analysis a;
    crit_bench_id id;
    char err[512];
    assert_int_equal(crit_bench_id_init(&id, "lone", NULL, NULL,
                                        (crit_throughput){CRIT_THROUGHPUT_NONE, 0}),
                     0);
    /* a compared run first, then an uncompared one without distributions: its page must drop
     * (and remove) the plots it no longer shows */
    assert_int_equal(crit_analyze(&s, &base, &keep_cfg, &a), 0);
    assert_int_equal(crit_report_bench(out, &id, &s, &a, &base, NULL, err, sizeof err), 0);
    crit_analysis_fini(&a);
    char *rdir = crit_fs_join(out, "lone/report", (char *)NULL);
    assert_true(exists(rdir, "both.svg") && exists(rdir, "change_mean.svg"));
    crit_analysis_config plain = keep_cfg;
    plain.keep_distributions = false;
    assert_int_equal(crit_analyze(&s, NULL, &plain, &a), 0);
    assert_int_equal(a.counts.high_severe, 1);
    assert_int_equal(crit_report_bench(out, &id, &s, &a, NULL, NULL, err, sizeof err), 0);
    assert_true(exists(rdir, "pdf.svg") && exists(rdir, "iteration_times.svg"));
    static const char *const gone[] = {"regression.svg", "mean.svg", "both.svg", "change_mean.svg",
                                       "change_median.svg"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (exists(rdir, gone[i]))
            fail_msg("stale %s left behind", gone[i]);
    char *html = slurp(rdir, "index.html");
    assert_page_basics(html);
    assert_int_equal(check_sources(rdir, html), 2);
    assert_null(strstr(html, "Performance has"));
    assert_null(strstr(html, "No change in performance"));
    assert_non_null(strstr(html, "href=\"../../report/index.html\""));
    assert_null(strstr(html, "Group "));             /* a lone benchmark has no group page */
    assert_null(strstr(html, "<h2>Resources</h2>")); /* nothing measured besides wall time */
    free(html);
    /* what it used besides wall time: a Resources table, the console's and metrics.json's figures */
    crit_usage u = {.has_cpu = true,
                    .cpu_time = 1500,
                    .has_allocs = true,
                    .allocs = 3,
                    .bytes = 5120,
                    .frees = 3,
                    .has_child = true,
                    .child_user_time = 2e6,
                    .child_sys_time = 5e5,
                    .child_max_rss_kib = 66516};
    assert_int_equal(crit_report_bench(out, &id, &s, &a, NULL, &u, err, sizeof err), 0);
    html = slurp(rdir, "index.html");
    assert_non_null(strstr(html, "<h2>Resources</h2>"));
    assert_non_null(strstr(html, "<th scope=\"row\">CPU time</th><td>1.5000 µs per iteration"));
    assert_non_null(strstr(html, "<th scope=\"row\">Allocations</th><td>3 per iteration"));
    assert_non_null(strstr(html, "<th scope=\"row\">Bytes allocated</th><td>5120 per iteration"));
    assert_non_null(strstr(html, "<th scope=\"row\">Frees</th><td>3 per iteration"));
    assert_non_null(strstr(html, "<th scope=\"row\">User time</th><td>2.0000 ms per run"));
    assert_non_null(strstr(html, "<th scope=\"row\">Peak RSS</th><td>64.96 MiB (66516 KiB"));
    free(html);
    /* the outlier is a marker at the edge plus a note, not a squashed axis */
    char *pdf = slurp(rdir, "pdf.svg");
    assert_non_null(strstr(pdf, "1 point at "));
    assert_non_null(strstr(pdf, " beyond the axis</text>"));
    assert_non_null(strstr(pdf, "(ns)</text>")); /* the axis stays in ns, not µs */
    free(pdf);
    char *it = slurp(rdir, "iteration_times.svg");
    assert_non_null(strstr(it, "1 point at "));
    free(it);
    free(rdir);
    crit_bench_id_fini(&id);
    crit_analysis_fini(&a);
    crit_sample_fini(&s);
    crit_sample_fini(&base);
}

/* Writes one benchmark's files and page as the runner does. */
static void put_bench(const char *out, const char *g, const char *f, const char *v, double ns) {
    crit_sample s;
    crit_analysis a;
    crit_bench_id id;
    crit_context ctx;
    char err[512];
    memset(&ctx, 0, sizeof ctx);
    strcpy(ctx.date, "2026-12-01T00:00:00Z");
    make_sample(&s, 20, ns, (unsigned)ns, CRIT_MODE_LINEAR);
    crit_analysis_config cfg = {300, 0.95, 0.05, 0.01, 1, false};
    assert_int_equal(crit_analyze(&s, NULL, &cfg, &a), 0);
    assert_int_equal(crit_bench_id_init(&id, g, f, v, (crit_throughput){0, 0}), 0);
    if (crit_store_write(out, &id, &s, &a, NULL, &ctx, err, sizeof err) != 0)
        fail_msg("store: %s", err);
    if (crit_report_bench(out, &id, &s, &a, NULL, NULL, err, sizeof err) != 0)
        fail_msg("report: %s", err);
    crit_bench_id_fini(&id);
    crit_analysis_fini(&a);
    crit_sample_fini(&s);
}

static const char *find(const char *hay, const char *needle) {
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("missing %s", needle);
    return p;
}

static double svg_height(const char *out, const char *rel) {
    char *svg = slurp(out, rel);
    const char *h = find(svg, " height=\"");
    double v = atof(h + 9);
    free(svg);
    return v;
}

static void test_index(void **state) {
    const char *out = *state;
    const char *values[4] = {"10", "100", "1000", "2"};
    for (int i = 0; i < 4; i++) {
        put_bench(out, "par", "f", values[i], 5.0 * atof(values[i]));
        put_bench(out, "par", "g", values[i], 7.0 * atof(values[i]));
    }
    put_bench(out, "nest", "a&b", "v", 30);
    put_bench(out, "nest", "f", "v", 33);
    put_bench(out, "solo", NULL, NULL, 12);
    for (int i = 0; i < 30; i++) {
        char name[32];
        snprintf(name, sizeof name, "fn%02d", i);
        put_bench(out, "many", name, NULL, 100 + i);
    }
    char err[512] = "";
    crit_bench_id par10;
    assert_int_equal(crit_bench_id_init(&par10, "par", "f", "10", (crit_throughput){0, 0}), 0);
    assert_int_equal(crit_store_save_baseline(out, &par10, "base", err, sizeof err), 0);
    crit_bench_id_fini(&par10);
    char *broken = crit_fs_join(out, "broken/new", (char *)NULL);
    assert_int_equal(crit_fs_mkdir_p(broken, err, sizeof err), 0);
    free(broken);
    char *bj = crit_fs_join(out, "broken/new/benchmark.json", (char *)NULL);
    assert_int_equal(crit_fs_write_atomic(bj, "{\"group_id\":", 12, err, sizeof err), 0);
    free(bj);

    assert_int_equal(crit_report_index(out, err, sizeof err), 0);
    char *html = slurp(out, "report/index.html");
    assert_page_basics(html);
    /* the parameter columns in numeric order: 2, 10, 100, 1000 */
    const char *c2 = find(html, "<th scope=\"col\">2</th>");
    const char *c10 = find(html, "<th scope=\"col\">10</th>");
    const char *c100 = find(html, "<th scope=\"col\">100</th>");
    const char *c1000 = find(html, "<th scope=\"col\">1000</th>");
    assert_true(c2 < c10 && c10 < c100 && c100 < c1000);
    find(html, "<th scope=\"row\">f</th>");
    find(html, "<th scope=\"row\">g</th>");
    /* every benchmark links to its page; the baseline copy is not a benchmark */
    find(html, "href=\"../par/f/10/report/index.html\"");
    const char *first = find(html, "href=\"../par/f/10/report/index.html\"");
    assert_null(strstr(first + 1, "href=\"../par/f/10/report/index.html\""));
    assert_null(strstr(html, "par/f/10/base"));
    find(html, "href=\"../nest/f/v/report/index.html\"");
    find(html, "href=\"../nest/a%26b/v/report/index.html\"");
    find(html, ">a&amp;b</th>");
    find(html, "href=\"../solo/report/index.html\"");
    find(html, "href=\"../par/report/index.html\">par</a>");
    find(html, "Unreadable benchmarks");
    find(html, "<li>broken: ");
    find(html, "41 benchmarks in 4 groups");
    free(html);
    /* group pages; none for the lone benchmark, whose page stays its own */
    assert_true(exists(out, "par/report/violin.svg") && exists(out, "par/report/lines.svg"));
    assert_true(exists(out, "nest/report/violin.svg") && !exists(out, "nest/report/lines.svg"));
    assert_true(exists(out, "many/report/violin.svg"));
    assert_svg(out, "par/report/violin.svg");
    assert_svg(out, "par/report/lines.svg");
    char *solo = slurp(out, "solo/report/index.html");
    find(solo, "Additional statistics");
    free(solo);
    char *group = slurp(out, "par/report/index.html");
    assert_page_basics(group);
    char *gdir = crit_fs_join(out, "par/report", (char *)NULL);
    assert_int_equal(check_sources(gdir, group), 2);
    free(gdir);
    find(group, "src=\"violin.svg\"");
    find(group, "src=\"lines.svg\"");
    find(group, "href=\"../../par/g/1000/report/index.html\"");
    find(group, "href=\"../../report/index.html\"");
    free(group);
    /* the violin plot grows with the group: 2 rows vs 30 rows of at least 24 px */
    double h2 = svg_height(out, "nest/report/violin.svg");
    double h30 = svg_height(out, "many/report/violin.svg");
    assert_true(h30 >= 30 * 24.0 && h2 < h30 && h2 >= 2 * 24.0);
}

static void test_index_of_nothing_and_bad_input(void **state) {
    const char *out = *state;
    char err[512] = "";
    char *missing = crit_fs_join(out, "nothing-here", (char *)NULL);
    assert_int_equal(crit_report_index(missing, err, sizeof err), 0);
    char *html = slurp(missing, "report/index.html");
    find(html, "0 benchmarks in 0 groups");
    free(html);
    free(missing);
    crit_sample s;
    crit_analysis a;
    crit_bench_id id;
    make_sample(&s, 10, 10.0, 1, CRIT_MODE_LINEAR);
    assert_int_equal(crit_analyze(&s, NULL, &keep_cfg, &a), 0);
    assert_int_equal(crit_bench_id_init(&id, "x", NULL, NULL, (crit_throughput){0, 0}), 0);
    /* a constant sample (every spread 0, every distribution one value) still plots */
    crit_sample flat;
    crit_analysis fa;
    make_sample(&flat, 10, 10.0, 1, CRIT_MODE_FLAT);
    for (size_t i = 0; i < flat.n; i++)
        flat.times[i] = 5000.0;
    assert_int_equal(crit_analyze(&flat, &flat, &keep_cfg, &fa), 0);
    assert_int_equal(crit_report_bench(out, &id, &flat, &fa, &flat, NULL, err, sizeof err), 0);
    char *xdir = crit_fs_join(out, "x/report", (char *)NULL);
    html = slurp(xdir, "index.html");
    assert_true(check_sources(xdir, html) >= 6);
    find(html, "No change in performance detected.");
    free(html);
    free(xdir);
    crit_analysis_fini(&fa);
    crit_sample_fini(&flat);
    a.n = 9; /* inconsistent with the sample */
    assert_int_equal(crit_report_bench(out, &id, &s, &a, NULL, NULL, err, sizeof err),
                     -CRIT_EINVAL);
    assert_non_null(strstr(err, "x"));
    a.n = 10;
    assert_int_equal(crit_report_bench(NULL, &id, &s, &a, NULL, NULL, err, sizeof err),
                     -CRIT_EINVAL);
    crit_bench_id_fini(&id);
    crit_analysis_fini(&a);
    crit_sample_fini(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_distributions_changes_nothing),
        cmocka_unit_test_setup_teardown(test_compared_page, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_flat_page_with_far_outlier, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_index, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_index_of_nothing_and_bad_input, dir_setup,
                                        dir_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
