/* report_group.c: one group's summary page (report_group.h): a violin plot of every
 * benchmark's per-iteration times and, for numeric parameters or throughputs, the mean
 * against the parameter with one line per function; for a compared group (crit_group_compare),
 * the table of each member's paired ratio to the baseline member, from its metrics.json. */
#include "report_group.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "format.h"
#include "fs.h"
#include "relative.h"
#include "report_util.h"
#include "store.h"
#include "svg.h"

#define VIOLIN_W 900.0
#define LABEL_CHARS 40 /* longer violin labels are cut with "…" */
#define GRID CRIT_REPORT_GRID

/* Violins get 24-60 px each, so 2 benchmarks or 200 stay legible. */
static double violin_height(size_t n) {
    return 94.0 + fmin(60.0, fmax(24.0, 300.0 / (double)n)) * (double)n;
}

static const char *const palette[8] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                       "#9467bd", "#8c564b", "#e377c2", "#17becf"};

const char *crit_report_entry_name(const crit_report_entry *e) {
    size_t g = strlen(e->id.group_id);
    const char *full = e->id.full_id;
    if (strncmp(full, e->id.group_id, g) == 0 && full[g] == '/')
        return full + g + 1;
    return full;
}

double crit_report_entry_time(const crit_report_entry *e) { return crit_typical(&e->est)->point; }

/* One violin: the density of a benchmark's visible per-iteration times. In log mode the
 * density is taken over log10 of the times so that the shape is not skewed by the axis. */
typedef struct violin {
    crit_report_span sp;
    double gx[GRID], gy[GRID]; /* gx in ns */
} violin;

static int make_violin(const crit_report_entry *e, bool log_x, violin *v) {
    size_t n = e->sample.n;
    double *x = malloc(n * sizeof *x);
    unsigned char *labels = malloc(n);
    int rc = x && labels ? 0 : -CRIT_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        x[i] = e->sample.times[i] / e->sample.iters[i];
        if (log_x)
            x[i] = log10(fmax(x[i], 1e-300));
    }
    double h = 0;
    if (rc == 0)
        rc = crit_analysis_label(x, n, labels);
    if (rc == 0) {
        crit_report_span_of(x, labels, n, &v->sp);
        rc = crit_report_bandwidth(x, n, &v->sp, &h);
    }
    if (rc == 0)
        rc = crit_report_density(x, n, &v->sp, h, v->sp.lo - 3 * h, v->sp.hi + 3 * h, v->gx, v->gy);
    for (size_t j = 0; rc == 0 && log_x && j < GRID; j++)
        v->gx[j] = pow(10.0, v->gx[j]);
    if (rc == 0 && log_x) { /* the span back in ns */
        crit_report_span *s = &v->sp;
        s->lo = pow(10.0, s->lo), s->hi = pow(10.0, s->hi);
        s->far_lo = pow(10.0, s->far_lo), s->far_hi = pow(10.0, s->far_hi);
    }
    free(x);
    free(labels);
    return rc;
}

/* Smallest and largest mean typical time of the group (for the log decision). */
static bool spans_decades(const crit_report_entry *const *e, size_t n) {
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double t = e[i]->est.mean.point;
        lo = fmin(lo, t), hi = fmax(hi, t);
    }
    return lo > 0 && hi / lo > 100.0;
}

/* Largest element of y[0..n) (0 when n == 0). */
static double max_of(const double *y, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = y[i] > m ? y[i] : m;
    return m;
}

static void draw_violin(crit_plot *p, const violin *v, double centre, size_t *clipped,
                        double *far) {
    double top = max_of(v->gy, GRID), xs[2 * GRID], ys[2 * GRID];
    size_t k = 0;
    if (!(top > 0) || !isfinite(top))
        top = INFINITY;               /* no shape to draw: the markers and the note still are */
    for (size_t j = 0; j < GRID; j++) /* upper half, tails below 0.1% of the peak trimmed */
        if (v->gy[j] >= top * 1e-3)
            xs[k] = v->gx[j], ys[k++] = centre + 0.42 * v->gy[j] / top;
    for (size_t j = k; j-- > 0;)
        xs[2 * k - 1 - j] = xs[j], ys[2 * k - 1 - j] = 2 * centre - ys[j];
    const crit_svg_style st = {CRIT_REPORT_NEW, CRIT_REPORT_NEW, 1.0, 0.35, false};
    crit_plot_polygon(p, xs, ys, 2 * k, &st);
    const crit_svg_style mark = {NULL, CRIT_REPORT_SEVERE, 0, 0, false};
    double py = crit_plot_py(p, centre);
    if (v->sp.nlow)
        crit_plot_edge_marker(p, p->fx + 7, py, 'l', &mark);
    if (v->sp.nhigh)
        crit_plot_edge_marker(p, p->fx + p->fw - 7, py, 'r', &mark);
    *clipped += v->sp.nclipped;
    if (v->sp.nhigh)
        *far = fmax(*far, v->sp.far_hi);
}

static double label_margin(const crit_report_entry *const *e, size_t n) {
    size_t chars = 4;
    for (size_t i = 0; i < n; i++) {
        size_t c = crit_svg_text_chars(crit_report_entry_name(e[i]));
        chars = c > chars ? c : chars;
    }
    return 24.0 + 6.6 * (double)(chars > LABEL_CHARS ? LABEL_CHARS : chars);
}

/* Axis range over every violin (clipped to each one's visible span). */
static void violin_range(const violin *v, size_t n, double *lo, double *hi) {
    *lo = INFINITY, *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        *lo = fmin(*lo, v[i].gx[0]), *hi = fmax(*hi, v[i].gx[GRID - 1]);
}

static int violin_plot(crit_sbuf *out, const char *group, const crit_report_entry *const *e,
                       size_t n) {
    bool log_x = spans_decades(e, n);
    violin *v = malloc(n * sizeof *v);
    int rc = v ? 0 : -CRIT_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = make_violin(e[i], log_x, &v[i]);
    if (rc) {
        free(v);
        return rc;
    }
    double lo, hi;
    violin_range(v, n, &lo, &hi);
    if (log_x) {
        lo /= 1.15, hi *= 1.15;
    } else {
        double pad = 0.02 * (hi - lo);
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi += pad;
    }
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_TIME, log_x ? CRIT_AXIS_LOG : 0, lo, hi, "Average time");
    crit_axis_init(&y, CRIT_AXIS_NUMBER, CRIT_AXIS_BARE, 0, (double)n, "");
    char title[160], label[1024];
    snprintf(title, sizeof title, "%s: violin plot", group);
    crit_plot p;
    crit_plot_begin(&p, VIOLIN_W, violin_height(n), title, &x, &y, label_margin(e, n));
    size_t clipped = 0;
    double far = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double centre = (double)(n - i) - 0.5;
        draw_violin(&p, &v[i], centre, &clipped, &far);
        crit_svg_ellipsize_middle(crit_report_entry_name(e[i]), LABEL_CHARS, label, sizeof label);
        crit_plot_text(&p, p.fx - 8, crit_plot_py(&p, centre) + 4, "end", label);
    }
    if (clipped) {
        char note[160], t[48];
        if (far > -INFINITY)
            snprintf(note, sizeof note, "%zu point%s beyond the axis (up to %s)", clipped,
                     clipped == 1 ? "" : "s", crit_format_time(t, sizeof t, far));
        else
            snprintf(note, sizeof note, "%zu point%s beyond the axis", clipped,
                     clipped == 1 ? "" : "s");
        crit_plot_note(&p, note);
    }
    free(v);
    char *data;
    size_t len;
    rc = crit_plot_end(&p, &data, &len);
    if (rc == 0)
        *out = (crit_sbuf){data, len, len + 1, false};
    return rc;
}

/* What the line chart's x axis shows: nothing, the numeric values, or the throughput. */
enum { LINES_NONE, LINES_VALUES, LINES_THROUGHPUT };

static int line_mode(const crit_report_entry *const *e, size_t n) {
    bool tp = true, distinct = false, values = true;
    for (size_t i = 0; i < n; i++) {
        tp &= e[i]->id.throughput.kind != CRIT_THROUGHPUT_NONE;
        distinct |= e[i]->id.throughput.per_iter != e[0]->id.throughput.per_iter;
        values &= e[i]->id.value_str && e[i]->numeric;
    }
    return tp && distinct ? LINES_THROUGHPUT : values ? LINES_VALUES : LINES_NONE;
}

static double x_of(const crit_report_entry *e, int mode) {
    return mode == LINES_THROUGHPUT ? (double)e->id.throughput.per_iter : e->value;
}

static const char *x_title(const crit_report_entry *e, int mode) {
    if (mode == LINES_VALUES)
        return "Parameter";
    switch (e->id.throughput.kind) {
    case CRIT_THROUGHPUT_ELEMENTS: return "Input size (elements)";
    case CRIT_THROUGHPUT_BITS: return "Input size (bits)";
    default: return "Input size (bytes)";
    }
}

/* One line per function: entries of a function are contiguous (report_index.c's order). */
typedef struct series {
    size_t start, len;
    const char *name;
} series;

static size_t find_series(const crit_report_entry *const *e, size_t n, series *s) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *f = e[i]->id.function_id;
        bool same = k && ((!f && !s[k - 1].name) ||
                          (f && s[k - 1].name && strcmp(f, s[k - 1].name) == 0));
        if (same)
            s[k - 1].len++;
        else
            s[k++] = (series){i, 1, f};
    }
    return k;
}

static bool wide(double lo, double hi) { return lo > 0 && hi / lo > 100.0; }

/* xs/ys of every entry (in entry order) and the two axes, with room for the legend. */
static void line_axes(const crit_report_entry *const *e, size_t n, int mode, double *xs, double *ys,
                      crit_axis *x, crit_axis *y, const char *const *labels, size_t nlabels,
                      bool *left) {
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        xs[i] = x_of(e[i], mode), ys[i] = e[i]->est.mean.point;
        xlo = fmin(xlo, xs[i]), xhi = fmax(xhi, xs[i]);
        ylo = fmin(ylo, ys[i]), yhi = fmax(yhi, ys[i]);
    }
    bool lx = wide(xlo, xhi), ly = wide(ylo, yhi);
    double *tx = malloc(2 * n * sizeof *tx), top = yhi * 1.08;
    *left = true;
    if (tx) { /* legend room, in the axes' own (possibly log) coordinates */
        for (size_t i = 0; i < n; i++)
            tx[i] = lx ? log10(xs[i]) : xs[i], tx[n + i] = ly ? log10(ys[i]) : ys[i];
        top = crit_report_legend_top(tx, tx + n, n, lx ? log10(xlo) : xlo, lx ? log10(xhi) : xhi,
                                     ly ? log10(ylo / 1.5) : 0, VIOLIN_W, CRIT_REPORT_PLOT_H,
                                     labels, nlabels, left);
        top = ly ? pow(10.0, top) : top;
        free(tx);
    }
    double pad = lx ? 1.0 : 0.03 * (xhi - xlo);
    crit_axis_init(x, CRIT_AXIS_NUMBER, lx ? CRIT_AXIS_LOG : 0, lx ? xlo / 1.3 : xlo - pad,
                   lx ? xhi * 1.3 : xhi + pad, x_title(e[0], mode));
    crit_axis_init(y, CRIT_AXIS_TIME, ly ? CRIT_AXIS_LOG : CRIT_AXIS_EXTEND, ly ? ylo / 1.5 : 0,
                   fmax(top, ly ? yhi * 1.5 : yhi * 1.05), "Average time");
}

static void sort_by_x(double *xs, double *ys, size_t n) {
    for (size_t i = 1; i < n; i++) {
        double x = xs[i], y = ys[i];
        size_t j = i;
        for (; j > 0 && xs[j - 1] > x; j--)
            xs[j] = xs[j - 1], ys[j] = ys[j - 1];
        xs[j] = x, ys[j] = y;
    }
}

static int line_chart(crit_sbuf *out, const char *group, const crit_report_entry *const *e,
                      size_t n, int mode) {
    series *s = malloc(n * sizeof *s);
    double *xs = malloc(2 * n * sizeof *xs);
    const char *labels[CRIT_PLOT_MAX_LEGEND];
    if (!s || !xs) {
        free(s);
        free(xs);
        return -CRIT_ENOMEM;
    }
    double *ys = xs + n;
    size_t ns = find_series(e, n, s), nl = ns < CRIT_PLOT_MAX_LEGEND ? ns : CRIT_PLOT_MAX_LEGEND;
    for (size_t i = 0; i < nl; i++)
        labels[i] = s[i].name ? s[i].name : group;
    crit_axis x, y;
    bool left;
    line_axes(e, n, mode, xs, ys, &x, &y, labels, nl, &left);
    char title[160];
    snprintf(title, sizeof title, "%s: average time", group);
    crit_plot p;
    crit_plot_begin(&p, VIOLIN_W, CRIT_REPORT_PLOT_H, title, &x, &y, 0);
    p.legend_left = left;
    for (size_t k = 0; k < ns; k++) {
        const crit_svg_style line = {palette[k % 8], NULL, 2.0, 0, false};
        const crit_svg_style dot = {NULL, palette[k % 8], 0, 0, false};
        sort_by_x(xs + s[k].start, ys + s[k].start, s[k].len);
        crit_plot_polyline(&p, xs + s[k].start, ys + s[k].start, s[k].len, &line);
        crit_plot_circles(&p, xs + s[k].start, ys + s[k].start, s[k].len, 3.0, &dot);
        if (k < nl)
            crit_plot_legend(&p, labels[k], &line, CRIT_LEGEND_LINE);
    }
    if (ns > nl) {
        char note[96];
        snprintf(note, sizeof note, "The legend names the first %zu of %zu functions.", nl, ns);
        crit_plot_note(&p, note);
    }
    free(s);
    free(xs);
    char *data;
    size_t len;
    int rc = crit_plot_end(&p, &data, &len);
    if (rc == 0)
        *out = (crit_sbuf){data, len, len + 1, false};
    return rc;
}

static void bench_table(crit_sbuf *b, const crit_report_entry *const *e, size_t n) {
    char t[64], m[64];
    crit_sbuf_puts(b, "<table>\n<thead><tr><th>Benchmark</th><th>Time</th><th>Mean</th></tr>"
                      "</thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        crit_sbuf_puts(b, "<tr><td class=\"l\"><a href=\"../../");
        crit_sbuf_url(b, e[i]->dir);
        crit_sbuf_puts(b, "/report/index.html\">");
        crit_sbuf_escape(b, e[i]->id.title);
        crit_sbuf_printf(b, "</a></td><td>%s</td><td>%s</td></tr>\n",
                         crit_format_time(t, sizeof t, crit_report_entry_time(e[i])),
                         crit_format_time(m, sizeof m, e[i]->est.mean.point));
    }
    crit_sbuf_puts(b, "</tbody>\n</table>\n");
}

/* rel[i]: entry i's "relative" block from its new/metrics.json (unused when it has none or the
 * file cannot be read: the ratios are an addition to the page, never a reason to fail it).
 * Returns 0 or -CRIT_ENOMEM. */
static int load_relative(const char *out_dir, const crit_report_entry *const *e, size_t n,
                         crit_relative *rel) {
    crit_metrics *m = malloc(sizeof *m);
    if (m == NULL)
        return -CRIT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char err[300];
        crit_bench_id at = e[i]->id; /* read where it was found */
        at.directory_name = e[i]->dir;
        rel[i].used = false;
        if (crit_store_load_metrics(out_dir, &at, "new", m, err, sizeof err) == 0)
            rel[i] = m->extra.relative;
    }
    free(m);
    return 0;
}

/* "Relative to <baseline>": each member's ratio to the baseline named by the first ratio found
 * (members compared with another baseline in an older run are left out), the baseline's row
 * saying so. Nothing when no entry has a ratio. */
static void relative_table(crit_sbuf *b, const crit_report_entry *const *e, size_t n,
                           const crit_relative *rel) {
    const char *to = NULL;
    for (size_t i = 0; i < n && to == NULL; i++)
        if (rel[i].used)
            to = rel[i].to;
    if (to == NULL)
        return;
    char words[160];
    crit_sbuf_puts(b, "<h2>Relative to ");
    crit_sbuf_escape(b, to);
    crit_sbuf_puts(b, "</h2>\n<table>\n<thead><tr><th>Benchmark</th><th>Time relative to ");
    crit_sbuf_escape(b, to);
    crit_sbuf_puts(b, "</th><th>Rounds</th><th>p</th></tr></thead>\n<tbody>\n");
    double cl = 0;
    for (size_t i = 0; i < n; i++) {
        bool member = rel[i].used && strcmp(rel[i].to, to) == 0;
        if (!member && strcmp(e[i]->id.full_id, to) != 0)
            continue;
        crit_sbuf_puts(b, "<tr><td class=\"l\"><a href=\"../../");
        crit_sbuf_url(b, e[i]->dir);
        crit_sbuf_puts(b, "/report/index.html\">");
        crit_sbuf_escape(b, e[i]->id.title);
        if (member) {
            cl = rel[i].ratio.confidence_level;
            crit_sbuf_printf(b, "</a></td><td>%s</td><td>%zu</td><td>%.2g</td></tr>\n",
                             crit_fmt_relative(words, sizeof words, &rel[i].ratio), rel[i].rounds,
                             rel[i].p_value);
        } else {
            crit_sbuf_puts(b, "</a></td><td>baseline</td><td></td><td></td></tr>\n");
        }
    }
    crit_sbuf_printf(b,
                     "</tbody>\n</table>\n<p class=\"muted\">Paired: each benchmark ran in the "
                     "same interleaved rounds as the baseline, with the same iteration count. "
                     "The ratio is the median of the per-round time ratios, with its %.0f%% "
                     "distribution-free interval; p is the sign test's.</p>\n",
                     cl * 100);
}

static int page(const char *dir, const crit_report_entry *const *e, size_t n, bool lines,
                double violin_h, const crit_relative *rel, char *err, size_t errlen) {
    crit_sbuf b = {0};
    crit_report_html_begin(&b, e[0]->id.group_id, "../../", NULL, NULL);
    crit_sbuf_printf(&b,
                     "<figure><a href=\"violin.svg\"><img src=\"violin.svg\" alt=\"Violin "
                     "plot of the per-iteration times\" width=\"%.0f\" height=\"%.0f\"></a>"
                     "</figure>\n",
                     VIOLIN_W, violin_h);
    if (lines)
        crit_sbuf_printf(&b,
                         "<figure><a href=\"lines.svg\"><img src=\"lines.svg\" alt=\"Mean "
                         "time against the parameter\" width=\"%.0f\" height=\"%.0f\"></a>"
                         "</figure>\n",
                         VIOLIN_W, CRIT_REPORT_PLOT_H);
    relative_table(&b, e, n, rel);
    bench_table(&b, e, n);
    crit_report_html_end(&b);
    int rc = crit_report_write(dir, "index.html", &b, err, errlen);
    crit_sbuf_fini(&b);
    return rc;
}

int crit_report_group_page(const char *out_dir, const char *gdir, const crit_report_entry *const *e,
                           size_t n, char *err, size_t errlen) {
    char *dir = crit_fs_join(out_dir, gdir, "report", (char *)NULL);
    int rc = dir ? crit_fs_mkdir_p(dir, err, errlen) : -CRIT_ENOMEM;
    int mode = line_mode(e, n);
    crit_sbuf b = {0};
    if (rc == 0)
        rc = violin_plot(&b, e[0]->id.group_id, e, n);
    if (rc == 0)
        rc = crit_report_write(dir, "violin.svg", &b, err, errlen);
    crit_sbuf_fini(&b);
    if (rc == 0 && mode != LINES_NONE)
        rc = line_chart(&b, e[0]->id.group_id, e, n, mode);
    if (rc == 0 && mode != LINES_NONE)
        rc = crit_report_write(dir, "lines.svg", &b, err, errlen);
    crit_sbuf_fini(&b);
    if (rc == 0 && mode == LINES_NONE) {
        char *stale = crit_fs_join(dir, "lines.svg", (char *)NULL);
        if (stale)
            (void)remove(stale);
        free(stale);
    }
    crit_relative *rel = rc == 0 ? malloc(n * sizeof *rel) : NULL;
    if (rc == 0 && rel == NULL)
        rc = -CRIT_ENOMEM;
    if (rc == 0)
        rc = load_relative(out_dir, e, n, rel);
    if (rc == 0)
        rc = page(dir, e, n, mode != LINES_NONE, violin_height(n), rel, err, errlen);
    free(rel);
    if (rc == -CRIT_ENOMEM && err && errlen)
        snprintf(err, errlen, "%s/%s: out of memory writing the group page", out_dir, gdir);
    free(dir);
    return rc;
}
