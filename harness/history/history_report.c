/* history_report.c: crit-history report: an index page of every benchmark and, per
 * benchmark, a page with a trend SVG per measure (the typical estimate and its interval over
 * the runs, one line per host, change points as dashed vertical lines labelled with commit
 * and step) and the tables behind it. Lays out what history_changes.c found; draws with
 * report/'s SVG writer; files written atomically. */
#include "history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchid.h"
#include "fs.h"
#include "report_util.h"
#include "svg.h"

#define PLOT_W 800.0
#define PLOT_H 380.0
#define CP_SIG "#d62728"   /* a change point beyond the threshold */
#define CP_SMALL "#999999" /* a change point within the threshold */

static const char *const HOST_COLOURS[] = {"#1f78b4", "#33a02c", "#ff7f00", "#6a3d9a",
                                           "#b15928", "#e31a1c", "#a6cee3", "#b2df8a"};
#define NCOLOURS (sizeof HOST_COLOURS / sizeof HOST_COLOURS[0])

static bool is_instr(const char *measure) { return !strcmp(measure, "instructions"); }

/* A value as the console writes it, or a count for instructions. */
static const char *value_text(char *buf, size_t len, const char *measure, double v) {
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (is_instr(measure))
        snprintf(buf, len, "%.0f", v);
    else
        crit_format_time(buf, len, v);
    return buf;
}

/* The distinct hosts among the points of `measure`, first-seen order, at most NCOLOURS. */
static size_t hosts_of(const crit_history_series *s, const char *measure, const char **hosts) {
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i].measure, measure))
            continue;
        size_t k = 0;
        while (k < n && strcmp(hosts[k], s->v[i].host))
            k++;
        if (k == n && n < NCOLOURS)
            hosts[n++] = s->v[i].host;
    }
    return n;
}

/* The axes of a measure's plot: x over the run indexes, y over the intervals. */
static void axes_of(const crit_history_series *s, const char *measure, crit_axis *x, crit_axis *y) {
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        const crit_history_point *p = &s->v[i];
        if (strcmp(p->measure, measure) || !isfinite(p->typical))
            continue;
        xlo = fmin(xlo, (double)p->run_index);
        xhi = fmax(xhi, (double)p->run_index);
        ylo = fmin(ylo, isfinite(p->typical_lower) ? p->typical_lower : p->typical);
        yhi = fmax(yhi, isfinite(p->typical_upper) ? p->typical_upper : p->typical);
    }
    double pad = (yhi - ylo) * 0.15 + fabs(yhi) * 0.01;
    crit_axis_init(x, CRIT_AXIS_NUMBER, 0, xlo - 0.5, xhi + 0.5, "run (oldest first)");
    crit_axis_init(y, is_instr(measure) ? CRIT_AXIS_NUMBER : CRIT_AXIS_TIME, CRIT_AXIS_EXTEND,
                   fmax(0, ylo - pad), yhi + pad,
                   is_instr(measure) ? "instructions per iteration" : "typical time");
}

/* One host's line: its interval as a band, its typical estimates as a line with dots. */
static int draw_host(crit_plot *p, const crit_history_series *s, const char *measure,
                     const char *host, const char *colour) {
    double *x = malloc(s->n * sizeof *x), *y = malloc(s->n * sizeof *y);
    double *lo = malloc(s->n * sizeof *lo), *hi = malloc(s->n * sizeof *hi);
    size_t n = 0;
    if (!x || !y || !lo || !hi) {
        free(x), free(y), free(lo), free(hi);
        return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        const crit_history_point *q = &s->v[i];
        if (strcmp(q->measure, measure) || strcmp(q->host, host) || !isfinite(q->typical))
            continue;
        x[n] = (double)q->run_index;
        y[n] = q->typical;
        lo[n] = isfinite(q->typical_lower) ? q->typical_lower : q->typical;
        hi[n++] = isfinite(q->typical_upper) ? q->typical_upper : q->typical;
    }
    crit_svg_style band = {NULL, colour, 0, 0.2, false}, line = {colour, NULL, 1.5, 0, false};
    crit_svg_style dot = {NULL, colour, 0, 0, false};
    crit_plot_area(p, x, lo, hi, n, &band);
    crit_plot_polyline(p, x, y, n, &line);
    crit_plot_circles(p, x, y, n, 2.5, &dot);
    crit_plot_legend(p, host, &line, CRIT_LEGEND_LINE);
    free(x), free(y), free(lo), free(hi);
    return 0;
}

/* The run index of the point of change c and of the point before it in its series. */
static bool change_x(const crit_history_series *s, const crit_history_change *c, double *x) {
    double at = NAN, before = NAN;
    for (size_t i = 0; i < s->n; i++) {
        const crit_history_point *q = &s->v[i];
        if (strcmp(q->measure, c->measure) || strcmp(q->host, c->host))
            continue;
        if (!strcmp(q->run_id, c->run_id)) {
            at = (double)q->run_index;
            break;
        }
        before = (double)q->run_index;
    }
    *x = (at + before) / 2.0;
    return isfinite(*x);
}

static void draw_changes(crit_plot *p, const char *bench, const crit_history_series *s,
                         const char *measure, const crit_history_changes *ch) {
    size_t shown = 0;
    bool legend[2] = {false, false};
    for (size_t i = 0; i < ch->n; i++) {
        const crit_history_change *c = &ch->v[i];
        double x;
        if (strcmp(c->bench, bench) || strcmp(c->measure, measure) || !change_x(s, c, &x))
            continue;
        crit_svg_style st = {c->significant ? CP_SIG : CP_SMALL, NULL, 1.5, 0, true};
        crit_plot_segment(p, x, p->y.lo, x, p->y.hi, &st);
        char label[96];
        snprintf(label, sizeof label, "%.12s %+.1f%%", c->commit, c->step * 100.0);
        crit_plot_text(p, crit_plot_px(p, x) + 4, p->fy + 14 + 13.0 * (double)(shown++ % 3),
                       "start", label);
        if (!legend[c->significant]) {
            legend[c->significant] = true;
            crit_plot_legend(p, c->significant ? "change point" : "change point (within noise)",
                             &st, CRIT_LEGEND_LINE);
        }
    }
}

/* The trend SVG of one benchmark's measure. Returns 0 with *svg malloc'd, or -1 (memory). */
static int plot_measure(const char *bench, const crit_history_series *s, const char *measure,
                        const crit_history_changes *ch, char **svg) {
    crit_axis x, y;
    crit_plot p;
    const char *hosts[NCOLOURS];
    char title[600];
    size_t len, nh = hosts_of(s, measure, hosts);
    axes_of(s, measure, &x, &y);
    snprintf(title, sizeof title, "%s: %s over the runs", bench,
             is_instr(measure) ? "instructions" : "typical time");
    crit_plot_begin(&p, PLOT_W, PLOT_H, title, &x, &y, 0);
    for (size_t h = 0; h < nh; h++)
        if (draw_host(&p, s, measure, hosts[h], HOST_COLOURS[h]) != 0) {
            crit_plot_discard(&p);
            return -1;
        }
    draw_changes(&p, bench, s, measure, ch);
    return crit_plot_end(&p, svg, &len) == 0 ? 0 : -1;
}

static void page_begin(crit_sbuf *b, const char *title) {
    crit_sbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>");
    crit_sbuf_escape(b, title);
    crit_sbuf_puts(b, "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                      "table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .6em;"
                      "border-bottom:1px solid #ddd;text-align:left}.slower{color:#d62728}"
                      ".faster{color:#33a02c}code{font-size:90%}</style>\n</head>\n<body>\n");
}

static void cell(crit_sbuf *b, const char *text) {
    crit_sbuf_puts(b, "<td>");
    crit_sbuf_escape(b, text);
    crit_sbuf_puts(b, "</td>");
}

/* The change points of bench as a table (nothing when it has none). */
static void changes_table(crit_sbuf *b, const char *bench, const crit_history_changes *ch) {
    bool any = false;
    char t[64], u[64], step[32];
    for (size_t i = 0; i < ch->n; i++) {
        const crit_history_change *c = &ch->v[i];
        if (strcmp(c->bench, bench))
            continue;
        if (!any)
            crit_sbuf_puts(b, "<h2>Change points</h2>\n<table><tr><th>commit</th><th>run</th>"
                              "<th>date</th><th>host</th><th>measure</th><th>before</th>"
                              "<th>after</th><th>step</th><th>p</th></tr>\n");
        any = true;
        crit_sbuf_puts(b, "<tr>");
        cell(b, c->commit);
        snprintf(t, sizeof t, "%zu of %zu", c->index + 1, c->length);
        cell(b, t);
        cell(b, c->date);
        cell(b, c->host);
        cell(b, c->measure);
        cell(b, value_text(t, sizeof t, c->measure, c->before));
        cell(b, value_text(u, sizeof u, c->measure, c->after));
        snprintf(step, sizeof step, "%+.1f%%%s", c->step * 100.0,
                 c->significant ? "" : " (within noise)");
        crit_sbuf_printf(b, "<td class=\"%s\">", c->step > 0 ? "slower" : "faster");
        crit_sbuf_escape(b, step);
        crit_sbuf_printf(b, "</td><td>%.3f</td></tr>\n", c->p_value);
    }
    if (any)
        crit_sbuf_puts(b, "</table>\n");
}

static void series_table(crit_sbuf *b, const crit_history_series *s) {
    char t[64], lo[64], hi[64], commit[80];
    crit_sbuf_puts(b, "<h2>Runs</h2>\n<table><tr><th>run</th><th>date</th><th>commit</th>"
                      "<th>host</th><th>measure</th><th>typical [lower upper]</th></tr>\n");
    for (size_t i = 0; i < s->n; i++) {
        const crit_history_point *p = &s->v[i];
        crit_sbuf_printf(b, "<tr><td>%zu</td>", p->run_index);
        cell(b, p->date);
        snprintf(commit, sizeof commit, "%s%s", p->commit, p->dirty == 1 ? "+dirty" : "");
        cell(b, commit);
        cell(b, p->host);
        cell(b, p->measure);
        value_text(t, sizeof t, p->measure, p->typical);
        value_text(lo, sizeof lo, p->measure, p->typical_lower);
        value_text(hi, sizeof hi, p->measure, p->typical_upper);
        crit_sbuf_printf(b, "<td>%s [%s %s]</td></tr>\n", t, lo, hi);
    }
    crit_sbuf_puts(b, "</table>\n");
}

/* The page and SVGs of one benchmark, named <base>.html, <base>.<measure>.svg. */
static int bench_page(const char *dir, const char *base, const char *bench,
                      const crit_history_series *s, const crit_history_changes *ch, char *err,
                      size_t errlen) {
    crit_sbuf b = {0};
    int code = 0;
    page_begin(&b, bench);
    crit_sbuf_puts(&b, "<p><a href=\"index.html\">all benchmarks</a></p>\n<h1>");
    crit_sbuf_escape(&b, bench);
    crit_sbuf_puts(&b, "</h1>\n");
    const char *measures[] = {"time", "instructions"};
    for (int m = 0; m < 2 && code == 0; m++) {
        const char *hosts[NCOLOURS];
        if (hosts_of(s, measures[m], hosts) == 0)
            continue;
        char *svg = NULL, name[200];
        snprintf(name, sizeof name, "%s.%s.svg", base, measures[m]);
        if (plot_measure(bench, s, measures[m], ch, &svg) != 0) {
            snprintf(err, errlen, "%s: out of memory drawing %s", dir, name);
            code = -CRIT_HISTORY_ENOMEM;
            break;
        }
        crit_sbuf sb = {svg, strlen(svg), strlen(svg) + 1, false};
        code = crit_report_write(dir, name, &sb, err, errlen) ? -CRIT_HISTORY_EIO : 0;
        crit_sbuf_fini(&sb);
        crit_sbuf_printf(&b, "<p><img src=\"%s\" alt=\"trend\"></p>\n", name);
    }
    changes_table(&b, bench, ch);
    series_table(&b, s);
    crit_sbuf_puts(&b, "</body>\n</html>\n");
    char page[200];
    snprintf(page, sizeof page, "%s.html", base);
    if (code == 0 && crit_report_write(dir, page, &b, err, errlen) != 0)
        code = b.failed ? -CRIT_HISTORY_ENOMEM : -CRIT_HISTORY_EIO;
    crit_sbuf_fini(&b);
    return code;
}

/* One row of the index: link, runs, last typical estimate, change points. */
static void index_row(crit_sbuf *b, const char *base, const char *bench,
                      const crit_history_series *s, const crit_history_changes *ch) {
    char t[64];
    size_t ncp = 0, nreg = 0;
    for (size_t i = 0; i < ch->n; i++)
        if (!strcmp(ch->v[i].bench, bench)) {
            ncp += ch->v[i].significant;
            nreg += crit_history_change_is_regression(&ch->v[i]);
        }
    const crit_history_point *last = &s->v[s->n - 1];
    crit_sbuf_printf(b, "<tr><td><a href=\"%s.html\">", base);
    crit_sbuf_escape(b, bench);
    crit_sbuf_printf(b, "</a></td><td>%zu</td>", s->n);
    cell(b, value_text(t, sizeof t, last->measure, last->typical));
    crit_sbuf_printf(b, "<td>%zu</td><td%s>%s</td></tr>\n", ncp, nreg ? " class=\"slower\"" : "",
                     nreg ? "regressed" : "");
}

int crit_history_report(crit_history *h, const crit_history_config *cfg, const char *dir,
                        size_t *pages, char *err, size_t errlen) {
    char **names = NULL;
    size_t n = 0;
    crit_history_changes ch = {0};
    crit_sbuf idx = {0};
    if (pages)
        *pages = 0;
    if (crit_fs_mkdir_p(dir, err, errlen) != 0)
        return -CRIT_HISTORY_EIO;
    int code = crit_history_benchmarks(h, &names, &n, err, errlen);
    if (code == 0)
        code = crit_history_find_changes(h, NULL, cfg, &ch, err, errlen);
    page_begin(&idx, "crit history");
    crit_sbuf_printf(&idx,
                     "<h1>crit history</h1>\n<p>Change points: E-divisive means, p &le; "
                     "%.3g; steps beyond %.1f%% count.</p>\n<table><tr><th>benchmark</th>"
                     "<th>results</th><th>latest typical</th><th>change points</th>"
                     "<th>newest run</th></tr>\n",
                     cfg->significance, cfg->threshold * 100.0);
    for (size_t i = 0; code == 0 && i < n; i++) {
        crit_history_series s;
        char safe[CRIT_DIR_PART_MAX + 1], base[CRIT_DIR_PART_MAX + 32];
        crit_bench_id_safe_part(names[i], safe);
        snprintf(base, sizeof base, "%03zu-%s", i, safe);
        code = crit_history_series_get(h, names[i], &s, err, errlen);
        if (code == 0)
            code = bench_page(dir, base, names[i], &s, &ch, err, errlen);
        if (code == 0)
            index_row(&idx, base, names[i], &s, &ch);
        crit_history_series_fini(&s);
    }
    crit_sbuf_puts(&idx, "</table>\n</body>\n</html>\n");
    if (code == 0 && crit_report_write(dir, "index.html", &idx, err, errlen) != 0)
        code = idx.failed ? -CRIT_HISTORY_ENOMEM : -CRIT_HISTORY_EIO;
    if (code == 0 && pages)
        *pages = n;
    crit_sbuf_fini(&idx);
    crit_history_changes_fini(&ch);
    crit_history_names_fini(names, n);
    return code;
}
