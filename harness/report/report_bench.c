/* report_bench.c: crit_report_bench: one benchmark's report page (report.h), its plots from
 * report_plots.c and the statistics tables, written under <out>/<dir>/report/. */
#include "report.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "benchid.h"
#include "format.h"
#include "fs.h"
#include "report_plots.h"
#include "report_util.h"
#include "stats.h"

/* Every SVG a page may show, in page order; present[] says which this run wrote. */
enum {
    P_PDF,
    P_REGRESSION,
    P_ITERATIONS,
    P_MEAN,
    P_MEDIAN,
    P_STD_DEV,
    P_MAD,
    P_SLOPE,
    P_BOTH,
    P_CHANGE_MEAN,
    P_CHANGE_MEDIAN,
    P_COUNT
};

static const char *const file_names[P_COUNT] = {
    "pdf.svg",    "regression.svg",  "iteration_times.svg", "mean.svg",
    "median.svg", "std_dev.svg",     "median_abs_dev.svg",  "slope.svg",
    "both.svg",   "change_mean.svg", "change_median.svg"};

static const char *const alt_texts[P_COUNT] = {
    "Probability density of the per-iteration times",
    "Total sample time against iterations with the fitted slope",
    "Per-iteration time of each sample",
    "Bootstrap distribution of the mean",
    "Bootstrap distribution of the median",
    "Bootstrap distribution of the standard deviation",
    "Bootstrap distribution of the median absolute deviation",
    "Bootstrap distribution of the slope",
    "Densities of the baseline and of this run",
    "Bootstrap distribution of the relative change of the mean",
    "Bootstrap distribution of the relative change of the median"};

/* What one call works with. */
typedef struct job {
    const crit_bench_id *id;
    const crit_sample *s, *base;
    const crit_analysis *a;
    const crit_usage *usage;      /* NULL: nothing besides wall time was measured */
    crit_report_points now, then; /* then.n == 0 without a baseline */
    char *dir;                    /* <out>/<dir>/report */
    bool present[P_COUNT];
    char *err;
    size_t errlen;
} job;

static int fail(job *j, int rc, const char *what) {
    if (j->err && j->errlen)
        snprintf(j->err, j->errlen, "report for %s: %s", j->id && j->id->title ? j->id->title : "?",
                 what);
    return rc;
}

/* Per-iteration times of s; the labels are computed unless given. */
static int points_of(const crit_sample *s, const unsigned char *labels, crit_report_points *p,
                     double **avg_out, unsigned char **labels_out) {
    double *avg = calloc(s->n, sizeof *avg);
    unsigned char *own = labels ? NULL : malloc(s->n);
    if (!avg || (!labels && !own)) {
        free(avg);
        free(own);
        return -CRIT_ENOMEM;
    }
    for (size_t i = 0; i < s->n; i++)
        avg[i] = s->times[i] / s->iters[i];
    if (own && crit_analysis_label(avg, s->n, own) != 0) {
        free(avg);
        free(own);
        return -CRIT_ENOMEM;
    }
    *p = (crit_report_points){avg, labels ? labels : own, s->n};
    *avg_out = avg;
    *labels_out = own;
    return 0;
}

/* Writes into buf (len bytes) the relative path from <out>/<dir>/report/ up to <out>/:
 * "../" once per part of dir plus once for report/ ("a/b" -> "../../../"). dir NULL or ""
 * means <out>/report/ itself ("../"). Returns buf. */
static char *up_path(const char *dir, char *buf, size_t len) {
    size_t depth = 1, used = 0;
    if (dir && *dir) {
        depth++;
        for (const char *p = dir; *p; p++)
            depth += *p == '/' && p[1] && p[1] != '/';
    }
    if (len == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < depth && used + 3 < len; i++, used += 3)
        memcpy(buf + used, "../", 4);
    return buf;
}

/* Writes plot k from b (consumed); an unusable plot (-CRIT_EINVAL) is left out. */
static int emit(job *j, int k, int rc, crit_sbuf *b) {
    if (rc == 0) {
        rc = crit_report_write(j->dir, file_names[k], b, j->err, j->errlen);
        j->present[k] = rc == 0;
    } else if (rc == -CRIT_EINVAL) {
        rc = 0;
    } else {
        fail(j, rc, "out of memory drawing a plot");
    }
    crit_sbuf_fini(b);
    return rc;
}

static int distribution(job *j, int k, const char *title, const double *d, const crit_estimate *e,
                        bool percent) {
    crit_sbuf b = {0};
    if (!d)
        return 0;
    int rc = crit_report_plot_distribution(&b, title, d, j->a->dist.len, e, percent,
                                           percent ? j->a->change.noise_threshold : -1.0);
    return emit(j, k, rc, &b);
}

static int plots(job *j) {
    const crit_analysis *a = j->a;
    const crit_distributions *d = &a->dist;
    crit_sbuf b = {0};
    int rc = emit(j, P_PDF, crit_report_plot_pdf(&b, &j->now, a->est.mean.point, &a->fences), &b);
    if (rc == 0 && j->s->mode == CRIT_MODE_LINEAR && a->est.has_slope)
        rc = emit(j, P_REGRESSION, crit_report_plot_regression(&b, j->s, &j->now, &a->est.slope),
                  &b);
    else if (rc == 0)
        rc = emit(j, P_ITERATIONS, crit_report_plot_iteration_times(&b, &j->now), &b);
    if (rc == 0 && d->len) {
        rc = distribution(j, P_MEAN, "Mean", d->mean, &a->est.mean, false);
        if (rc == 0)
            rc = distribution(j, P_MEDIAN, "Median", d->median, &a->est.median, false);
        if (rc == 0)
            rc = distribution(j, P_STD_DEV, "Std. dev.", d->std_dev, &a->est.std_dev, false);
        if (rc == 0)
            rc = distribution(j, P_MAD, "MAD", d->median_abs_dev, &a->est.median_abs_dev, false);
        if (rc == 0 && a->est.has_slope)
            rc = distribution(j, P_SLOPE, "Slope", d->slope, &a->est.slope, false);
    }
    if (rc == 0 && j->then.n && a->compared) {
        double base_mean = crit_stats_mean(j->then.avg, j->then.n);
        rc = emit(j, P_BOTH,
                  crit_report_plot_both(&b, &j->now, a->est.mean.point, &j->then, base_mean), &b);
    }
    if (rc == 0 && a->compared && d->len && d->change_mean) { /* none for a paired change */
        rc = distribution(j, P_CHANGE_MEAN, "Change in mean", d->change_mean, &a->change.mean,
                          true);
        if (rc == 0)
            rc = distribution(j, P_CHANGE_MEDIAN, "Change in median", d->change_median,
                              &a->change.median, true);
    }
    return rc;
}

static void figure(crit_sbuf *b, const job *j, int k, double w, double h) {
    if (!j->present[k])
        return;
    crit_sbuf_printf(b,
                     "<figure><a href=\"%s\"><img src=\"%s\" alt=\"%s\" width=\"%.0f\" "
                     "height=\"%.0f\"></a></figure>\n",
                     file_names[k], file_names[k], alt_texts[k], w, h);
}

static void trimmed(crit_sbuf *b, const char *s) {
    while (*s == ' ')
        s++;
    crit_sbuf_escape(b, s);
}

static void time_row(crit_sbuf *b, const char *name, const crit_estimate *e) {
    char lo[64], pt[64], hi[64];
    crit_sbuf_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                     name, crit_format_time(lo, sizeof lo, e->lower),
                     crit_format_time(pt, sizeof pt, e->point),
                     crit_format_time(hi, sizeof hi, e->upper));
}

static void throughput_row(crit_sbuf *b, const crit_bench_id *id, const crit_estimate *t) {
    char v[64];
    /* the fastest time is the highest throughput: the bounds swap, as on the console */
    const double times[3] = {t->upper, t->point, t->lower};
    crit_sbuf_puts(b, "<tr><th scope=\"row\">Throughput</th>");
    for (int i = 0; i < 3; i++) {
        crit_sbuf_puts(b, "<td>");
        trimmed(b, crit_fmt_throughput(v, sizeof v, id->throughput, times[i]));
        crit_sbuf_puts(b, "</td>");
    }
    crit_sbuf_puts(b, "</tr>\n");
}

static void stats_table(crit_sbuf *b, const job *j) {
    const crit_analysis *a = j->a;
    crit_sbuf_puts(b, "<h2>Additional statistics</h2>\n<table>\n<thead><tr><th></th><th>Lower "
                      "bound</th><th>Estimate</th><th>Upper bound</th></tr></thead>\n<tbody>\n");
    if (a->est.has_slope) {
        time_row(b, "Slope", &a->est.slope);
        crit_sbuf_printf(b,
                         "<tr><th scope=\"row\">R&#178;</th><td>%.7f</td><td>%.7f</td>"
                         "<td>%.7f</td></tr>\n",
                         a->r2_lower, a->r2, a->r2_upper);
    }
    if (j->id->throughput.kind != CRIT_THROUGHPUT_NONE)
        throughput_row(b, j->id, crit_typical(&a->est));
    time_row(b, "Mean", &a->est.mean);
    time_row(b, "Std. dev.", &a->est.std_dev);
    time_row(b, "Median", &a->est.median);
    time_row(b, "MAD", &a->est.median_abs_dev);
    crit_sbuf_printf(b,
                     "</tbody>\n</table>\n<p class=\"muted\">%.0f%% confidence intervals "
                     "from the bootstrap; %zu samples.",
                     a->est.mean.confidence_level * 100, a->n);
    const crit_outlier_counts *k = &a->counts;
    size_t total = k->low_severe + k->low_mild + k->high_mild + k->high_severe;
    if (total)
        crit_sbuf_printf(b,
                         " Found %zu outliers among %zu measurements (%.2f%%): %zu low "
                         "severe, %zu low mild, %zu high mild, %zu high severe.",
                         total, a->n, 100.0 * (double)total / (double)a->n, k->low_severe,
                         k->low_mild, k->high_mild, k->high_severe);
    crit_sbuf_puts(b, "</p>\n");
}

/* What the benchmark used besides wall time (metrics.json's cpu_time_per_iter, heap_*_per_iter,
 * child_*), when any of it was measured. */
static void usage_table(crit_sbuf *b, const crit_usage *u) {
    char x[64];
    if (u == NULL || !(u->has_cpu || u->has_allocs || u->has_child))
        return;
    crit_sbuf_puts(b, "<h2>Resources</h2>\n<table>\n<tbody>\n");
    if (u->has_cpu)
        crit_sbuf_printf(b,
                         "<tr><th scope=\"row\">CPU time</th><td>%s per iteration (process)"
                         "</td></tr>\n",
                         crit_format_time(x, sizeof x, u->cpu_time));
    const char *const alloc_names[3] = {"Allocations", "Bytes allocated", "Frees"};
    const double alloc_values[3] = {u->allocs, u->bytes, u->frees};
    for (int i = 0; u->has_allocs && i < 3; i++)
        crit_sbuf_printf(b, "<tr><th scope=\"row\">%s</th><td>%s per iteration</td></tr>\n",
                         alloc_names[i], crit_fmt_count(x, sizeof x, alloc_values[i]));
    if (u->has_child) {
        crit_sbuf_printf(b, "<tr><th scope=\"row\">User time</th><td>%s per run</td></tr>\n",
                         crit_format_time(x, sizeof x, u->child_user_time));
        crit_sbuf_printf(b, "<tr><th scope=\"row\">System time</th><td>%s per run</td></tr>\n",
                         crit_format_time(x, sizeof x, u->child_sys_time));
        crit_sbuf_printf(b,
                         "<tr><th scope=\"row\">Peak RSS</th><td>%.2f MiB (%.0f KiB, the "
                         "largest run)</td></tr>\n",
                         u->child_max_rss_kib / 1024.0, u->child_max_rss_kib);
    }
    crit_sbuf_puts(b, "</tbody>\n</table>\n");
}

static void change_row(crit_sbuf *b, const char *name, const crit_estimate *e) {
    char lo[64], pt[64], hi[64];
    crit_sbuf_printf(b, "<tr><th scope=\"row\">%s</th><td>", name);
    trimmed(b, crit_fmt_change(lo, sizeof lo, e->lower, 1));
    crit_sbuf_puts(b, "</td><td>");
    trimmed(b, crit_fmt_change(pt, sizeof pt, e->point, 1));
    crit_sbuf_puts(b, "</td><td>");
    trimmed(b, crit_fmt_change(hi, sizeof hi, e->upper, 1));
    crit_sbuf_puts(b, "</td></tr>\n");
}

static void change_section(crit_sbuf *b, const job *j) {
    const crit_change *c = &j->a->change;
    const crit_verdict_text *v = crit_verdict_texts(c->verdict);
    /* the style sheet colours only a real change: .improved and .regressed, the verdict names */
    bool coloured = c->verdict == CRIT_VERDICT_IMPROVED || c->verdict == CRIT_VERDICT_REGRESSED;
    char head[96] = "Change since the baseline";
    if (c->method == CRIT_CHANGE_PAIRED)
        snprintf(head, sizeof head, "Change against the other build (paired, %zu rounds)",
                 c->rounds);
    crit_sbuf_printf(b,
                     "<h2>%s</h2>\n<p class=\"verdict %s\">%s</p>\n"
                     "<table>\n<thead><tr><th></th><th>Lower bound</th><th>Estimate</th>"
                     "<th>Upper bound</th></tr></thead>\n<tbody>\n",
                     head, coloured ? v->name : "", v->sentence);
    change_row(b, "Mean", &c->mean);
    change_row(b, "Median", &c->median);
    crit_sbuf_printf(b,
                     "</tbody>\n</table>\n<p class=\"muted\">p = %.2f %s %.2f (significance "
                     "level); noise threshold &#177;%.2f%%.</p>\n",
                     c->p_value, c->p_value < c->significance_level ? "&lt;" : "&gt;",
                     c->significance_level, c->noise_threshold * 100);
    figure(b, j, P_BOTH, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H);
    figure(b, j, P_CHANGE_MEAN, CRIT_REPORT_SMALL_W, CRIT_REPORT_SMALL_H);
    figure(b, j, P_CHANGE_MEDIAN, CRIT_REPORT_SMALL_W, CRIT_REPORT_SMALL_H);
}

static int page(job *j) {
    char up[64], group_dir[CRIT_DIR_PART_MAX + 1], group_href[200];
    const char *dir = j->id->directory_name;
    size_t glen = strcspn(dir, "/");
    snprintf(group_dir, sizeof group_dir, "%.*s", (int)glen, dir);
    up_path(dir, up, sizeof up);
    snprintf(group_href, sizeof group_href, "%s%s/report/index.html", up, group_dir);
    crit_sbuf b = {0};
    crit_report_html_begin(&b, j->id->title, up, dir[glen] ? group_href : NULL, j->id->group_id);
    figure(&b, j, P_PDF, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H);
    figure(&b, j, P_REGRESSION, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H);
    figure(&b, j, P_ITERATIONS, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H);
    stats_table(&b, j);
    usage_table(&b, j->usage);
    if (j->present[P_MEAN] || j->present[P_MEDIAN] || j->present[P_STD_DEV] || j->present[P_MAD] ||
        j->present[P_SLOPE]) {
        crit_sbuf_puts(&b, "<h2>Bootstrap distributions</h2>\n");
        for (int k = P_MEAN; k <= P_SLOPE; k++)
            figure(&b, j, k, CRIT_REPORT_SMALL_W, CRIT_REPORT_SMALL_H);
    }
    if (j->a->compared)
        change_section(&b, j);
    crit_report_html_end(&b);
    int rc = crit_report_write(j->dir, "index.html", &b, j->err, j->errlen);
    crit_sbuf_fini(&b);
    return rc;
}

/* Removes the SVGs an earlier run wrote that this page does not show. */
static void remove_stale(const job *j) {
    for (int k = 0; k < P_COUNT; k++) {
        if (j->present[k])
            continue;
        char *path = crit_fs_join(j->dir, file_names[k], (char *)NULL);
        if (path)
            (void)unlink(path); /* a failure is harmless: the page does not show it */
        free(path);
    }
}

static bool usable(const crit_bench_id *id, const crit_sample *s, const crit_analysis *a,
                   const crit_sample *base) {
    if (!id || !id->directory_name || !id->title || !id->group_id || !s || !a || !a->labels ||
        s->n == 0 || a->n != s->n || !s->iters || !s->times)
        return false;
    if (base && (base->n == 0 || !base->iters || !base->times))
        return false;
    return true;
}

int crit_report_bench(const char *out_dir, const crit_bench_id *id, const crit_sample *s,
                      const crit_analysis *a, const crit_sample *base, const crit_usage *usage,
                      char *err, size_t errlen) {
    job j = {.id = id, .s = s, .base = base, .a = a, .usage = usage, .err = err, .errlen = errlen};
    if (!out_dir || !usable(id, s, a, base))
        return fail(&j, -CRIT_EINVAL, "missing or inconsistent sample and analysis");
    double *avg = NULL, *bavg = NULL;
    unsigned char *unused = NULL, *blabels = NULL;
    int rc = -CRIT_ENOMEM;
    j.dir = crit_fs_join(out_dir, id->directory_name, "report", (char *)NULL);
    if (!j.dir || points_of(s, a->labels, &j.now, &avg, &unused) != 0 ||
        (base && points_of(base, NULL, &j.then, &bavg, &blabels) != 0)) {
        fail(&j, rc, "out of memory");
        goto done;
    }
    if ((rc = crit_fs_mkdir_p(j.dir, err, errlen)) != 0)
        goto done;
    if ((rc = plots(&j)) == 0 && (rc = page(&j)) == 0)
        remove_stale(&j);
done:
    free(avg);
    free(bavg);
    free(unused);
    free(blabels);
    free(j.dir);
    return rc;
}
