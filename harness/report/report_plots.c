/* report_plots.c: one benchmark's SVG plots (see report_plots.h), drawn with svg.h from the
 * sample, its analysis and the kept bootstrap distributions. */
#include "report_plots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kde.h"
#include "report_util.h"
#include "stats.h"

#define GRID CRIT_REPORT_GRID

static const crit_svg_style curve = {CRIT_REPORT_NEW, NULL, 2.0, 0, false};
static const crit_svg_style under_curve = {NULL, CRIT_REPORT_NEW, 0, 0.12, false};
static const crit_svg_style clipped_marker = {NULL, CRIT_REPORT_SEVERE, 0, 0, false};

static char *fmt_time(char *buf, size_t len, double ns) { return crit_format_time(buf, len, ns); }

/* Hands the finished document over to out. */
static int finish(crit_plot *p, crit_sbuf *out) {
    char *data;
    size_t len;
    int rc = crit_plot_end(p, &data, &len);
    if (rc == 0)
        *out = (crit_sbuf){data, len, len + 1, false};
    return rc;
}

static int fail(crit_plot *p, int rc) {
    crit_plot_discard(p);
    return rc;
}

/* 0 clean, 1 mild, 2 severe. */
static int severity(unsigned char label) {
    if (label == CRIT_OUTLIER_NONE)
        return 0;
    return label == CRIT_OUTLIER_LOW_MILD || label == CRIT_OUTLIER_HIGH_MILD ? 1 : 2;
}

/* Draws the points i with show[i] as dots coloured by their label, one legend entry per
 * class present (always "Clean sample"). */
static int draw_classes(crit_plot *p, const double *xs, const double *ys,
                        const unsigned char *labels, const bool *show, size_t n) {
    static const char *const names[3] = {"Clean sample", "Mild outliers", "Severe outliers"};
    static const char *const colours[3] = {CRIT_REPORT_NEW, CRIT_REPORT_MILD,
                                           CRIT_REPORT_SEVERE};
    double *bx = malloc(2 * (n ? n : 1) * sizeof *bx);
    if (!bx)
        return -CRIT_ENOMEM;
    double *by = bx + n;
    for (int c = 0; c < 3; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (show[i] && severity(labels[i]) == c)
                bx[k] = xs[i], by[k] = ys[i], k++;
        crit_svg_style st = {c ? "#ffffff" : NULL, colours[c], 0.8, 0.9, false};
        crit_plot_circles(p, bx, by, k, 3.0, &st);
        if (k || c == 0)
            crit_plot_legend(p, names[c], &st, CRIT_LEGEND_DOT);
    }
    free(bx);
    return 0;
}

/* Scales a density per ns to one per displayed unit of the x axis. */
static void per_unit(const crit_axis *x, double *gy, size_t m) {
    for (size_t j = 0; j < m; j++)
        gy[j] /= x->scale;
}

/* Edge markers at the left/right of the frame for clipped points, and the note. */
static void clip_marks(crit_plot *p, const crit_report_span *sp) {
    char note[160];
    double y = p->fy + p->fh - 10;
    if (sp->nlow)
        crit_plot_edge_marker(p, p->fx + 7, y, 'l', &clipped_marker);
    if (sp->nhigh)
        crit_plot_edge_marker(p, p->fx + p->fw - 7, y, 'r', &clipped_marker);
    crit_report_clip_note(sp, fmt_time, note, sizeof note);
    crit_plot_note(p, note);
}

int crit_report_plot_pdf(crit_sbuf *out, const crit_report_points *pts, double mean,
                         const crit_fences *fences) {
    crit_report_span sp;
    double h = 0, gx[GRID], gy[GRID];
    crit_report_span_of(pts->avg, pts->labels, pts->n, &sp);
    int rc = crit_report_bandwidth(pts->avg, pts->n, &sp, &h);
    /* the fences come from the quartiles, so they stay near the data: show them, as gnuplot's
     * autoscale does in criterion.rs */
    double lo = fmin(sp.lo - 3 * h, fences->low_severe);
    double hi = fmax(sp.hi + 3 * h, fences->high_severe);
    if (sp.lo >= 0 && lo < 0)
        lo = 0;
    if (rc == 0)
        rc = crit_report_density(pts->avg, pts->n, &sp, h, lo, hi, gx, gy);
    if (rc)
        return rc;
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_TIME, 0, lo, hi, "Average time");
    per_unit(&x, gy, GRID);
    const char *labels[6] = {"PDF", "Tukey fences", "Mean", "Clean sample"};
    size_t nlabels = 4;
    bool left, seen[3] = {false, false, false};
    for (size_t i = 0; i < pts->n; i++)
        if (crit_report_visible(&sp, pts->avg[i]))
            seen[severity(pts->labels[i])] = true;
    if (seen[1])
        labels[nlabels++] = "Mild outliers";
    if (seen[2])
        labels[nlabels++] = "Severe outliers";
    double top = crit_report_legend_top(gx, gy, GRID, lo, hi, 0, CRIT_REPORT_PLOT_W,
                                        CRIT_REPORT_PLOT_H, labels, nlabels, &left);
    crit_axis_init(&y, CRIT_AXIS_NUMBER, CRIT_AXIS_EXTEND, 0, top, "Density (a.u.)");
    crit_plot p;
    crit_plot_begin(&p, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H, "Probability density", &x, &y, 0);
    p.legend_left = left;
    crit_plot_area(&p, gx, NULL, gy, GRID, &under_curve);
    crit_plot_polyline(&p, gx, gy, GRID, &curve);
    crit_plot_legend(&p, "PDF", &curve, CRIT_LEGEND_LINE);
    const crit_svg_style fence = {CRIT_REPORT_FENCE, NULL, 1.2, 0, true};
    const double f[4] = {fences->low_severe, fences->low_mild, fences->high_mild,
                         fences->high_severe};
    for (int i = 0; i < 4; i++)
        crit_plot_segment(&p, f[i], y.lo, f[i], y.hi, &fence);
    crit_plot_legend(&p, "Tukey fences", &fence, CRIT_LEGEND_LINE);
    const crit_svg_style mean_st = {"#08306b", NULL, 2.0, 0, false};
    crit_plot_segment(&p, mean, 0, mean, crit_report_curve_at(gx, gy, GRID, mean), &mean_st);
    crit_plot_legend(&p, "Mean", &mean_st, CRIT_LEGEND_LINE);

    double *xy = malloc(2 * pts->n * sizeof *xy);
    bool *show = malloc(pts->n * sizeof *show);
    if (!xy || !show) {
        free(xy);
        free(show);
        return fail(&p, -CRIT_ENOMEM);
    }
    for (size_t i = 0; i < pts->n; i++) {
        show[i] = crit_report_visible(&sp, pts->avg[i]);
        xy[i] = pts->avg[i];
        xy[pts->n + i] = crit_report_curve_at(gx, gy, GRID, pts->avg[i]);
    }
    rc = draw_classes(&p, xy, xy + pts->n, pts->labels, show, pts->n);
    free(xy);
    free(show);
    if (rc)
        return fail(&p, rc);
    clip_marks(&p, &sp);
    return finish(&p, out);
}

int crit_report_plot_regression(crit_sbuf *out, const crit_sample *s,
                                const crit_report_points *pts, const crit_estimate *slope) {
    crit_report_span sp;
    crit_report_span_of(pts->avg, pts->labels, pts->n, &sp);
    double xmax = 0, ytop = 0;
    for (size_t i = 0; i < s->n; i++) {
        xmax = fmax(xmax, s->iters[i]);
        if (crit_report_visible(&sp, pts->avg[i]))
            ytop = fmax(ytop, s->times[i]);
    }
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_NUMBER, CRIT_AXIS_EXTEND, 0, xmax, "Iterations");
    /* the fit and its band, drawn across the whole x axis, are shown in full unless a far
     * outlier pulled them away from the points (then they leave the top: the points stay
     * legible) */
    double xe = x.hi;
    if (isfinite(slope->point) && slope->point * xe <= 3 * ytop)
        ytop = fmax(ytop, slope->point * xe);
    if (isfinite(slope->upper) && slope->upper * xe <= 1.5 * ytop)
        ytop = fmax(ytop, slope->upper * xe);
    crit_axis_init(&y, CRIT_AXIS_TIME, CRIT_AXIS_EXTEND, 0, ytop * 1.02, "Total sample time");
    crit_plot p;
    crit_plot_begin(&p, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H, "Linear regression", &x, &y, 0);
    p.legend_left = true;
    const double bx[3] = {0, xe, xe}, by[3] = {0, slope->upper * xe, slope->lower * xe};
    const crit_svg_style band = {NULL, CRIT_REPORT_NEW, 0, 0.2, false};
    crit_plot_polygon(&p, bx, by, 3, &band);
    crit_plot_segment(&p, 0, 0, xe, slope->point * xe, &curve);

    bool *show = malloc(s->n * sizeof *show);
    if (!show)
        return fail(&p, -CRIT_ENOMEM);
    crit_report_span clip = {.far_lo = NAN, .far_hi = NAN};
    for (size_t i = 0; i < s->n; i++) {
        show[i] = s->times[i] <= y.hi;
        if (!show[i]) {
            crit_plot_edge_marker(&p, crit_plot_px(&p, s->iters[i]), p.fy + 7, 'u',
                                  &clipped_marker);
            clip.nhigh++, clip.nclipped++;
            clip.far_hi = isnan(clip.far_hi) ? s->times[i] : fmax(clip.far_hi, s->times[i]);
        }
    }
    int rc = draw_classes(&p, s->iters, s->times, pts->labels, show, s->n);
    free(show);
    if (rc)
        return fail(&p, rc);
    crit_plot_legend(&p, "Linear regression", &curve, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "Confidence interval", &band, CRIT_LEGEND_AREA);
    char note[160];
    crit_report_clip_note(&clip, fmt_time, note, sizeof note);
    crit_plot_note(&p, note);
    return finish(&p, out);
}

int crit_report_plot_iteration_times(crit_sbuf *out, const crit_report_points *pts) {
    crit_report_span sp;
    crit_report_span_of(pts->avg, pts->labels, pts->n, &sp);
    double pad = sp.hi > sp.lo ? 0.05 * (sp.hi - sp.lo) : fmax(fabs(sp.hi) * 0.01, 1e-9);
    size_t n = pts->n;
    double *xs = malloc(2 * n * sizeof *xs);
    bool *show = malloc(n * sizeof *show);
    if (!xs || !show) {
        free(xs);
        free(show);
        return -CRIT_ENOMEM;
    }
    double *ys = xs + n;
    for (size_t i = 0; i < n; i++) {
        xs[i] = (double)(i + 1);
        show[i] = crit_report_visible(&sp, pts->avg[i]);
        ys[i] = show[i] ? pts->avg[i] : NAN;
    }
    const char *const labels[3] = {"Clean sample", "Mild outliers", "Severe outliers"};
    bool left;
    double lo = sp.lo - pad, top = crit_report_legend_top(xs, ys, n, 0, (double)n + 1, lo,
                                                          CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H,
                                                          labels, 3, &left);
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_NUMBER, 0, 0, (double)n + 1, "Sample");
    crit_axis_init(&y, CRIT_AXIS_TIME, CRIT_AXIS_EXTEND, lo, fmax(top, sp.hi + pad),
                   "Average iteration time");
    crit_plot p;
    crit_plot_begin(&p, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H, "Iteration times", &x, &y, 0);
    p.legend_left = left;
    for (size_t i = 0; i < n; i++) {
        if (!show[i]) {
            bool high = pts->avg[i] > sp.cut_hi;
            crit_plot_edge_marker(&p, crit_plot_px(&p, xs[i]), high ? p.fy + 7 : p.fy + p.fh - 7,
                                  high ? 'u' : 'd', &clipped_marker);
        }
    }
    int rc = draw_classes(&p, xs, pts->avg, pts->labels, show, pts->n);
    free(xs);
    free(show);
    if (rc)
        return fail(&p, rc);
    char note[160];
    crit_report_clip_note(&sp, fmt_time, note, sizeof note);
    crit_plot_note(&p, note);
    return finish(&p, out);
}

/* Finite values of dist: their count, N-1 standard deviation, and the 0.1% and 99.9%
 * quantiles of a strided subsample of at most 2000 of them, for the plotting range (the
 * distribution comes in no useful order, so a stride samples it fairly). */
typedef struct dist_summary {
    size_t count;
    double sd;
    double q_lo, q_hi;
} dist_summary;

static int summarise(const double *d, size_t len, dist_summary *out) {
    size_t count = 0, stride = len > 2000 ? len / 2000 : 1, k = 0;
    double shift = NAN, sum = 0, ss = 0;
    for (size_t i = 0; i < len; i++) { /* one pass; the shift keeps sum(x^2) - n mean^2 exact
                                        * enough when the spread is tiny next to the mean */
        if (!isfinite(d[i]))
            continue;
        if (count++ == 0)
            shift = d[i];
        double v = d[i] - shift;
        sum += v, ss += v * v;
    }
    if (count == 0)
        return -CRIT_EINVAL;
    double *sub = malloc((len / stride + 1) * sizeof *sub);
    if (!sub)
        return -CRIT_ENOMEM;
    for (size_t i = 0; i < len; i += stride)
        if (isfinite(d[i]))
            sub[k++] = d[i];
    if (k == 0)
        sub[k++] = shift;
    double var = count > 1 ? (ss - sum * sum / (double)count) / (double)(count - 1) : 0.0;
    *out = (dist_summary){count, sqrt(fmax(var, 0.0)), crit_stats_quantile_select(sub, k, 0.001),
                          crit_stats_quantile_select(sub, k, 0.999)};
    free(sub);
    return 0;
}

/* The density of dist on [*lo, *hi] (widened by the bandwidth) into gx/gy. A distribution
 * without spread gets a narrow bump: 0.1% of its value, or 1 ps (0.01% for changes) at 0. */
static int distribution_density(const double *dist, size_t len, const crit_estimate *e,
                                bool percent, double *lo, double *hi, double *gx, double *gy) {
    dist_summary ds;
    int rc = summarise(dist, len, &ds);
    if (rc)
        return rc;
    double h = ds.sd * pow(4.0 / (3.0 * (double)ds.count), 0.2);
    *lo = ds.q_lo, *hi = ds.q_hi;
    const double marks[3] = {e->lower, e->point, e->upper};
    for (int i = 0; i < 3; i++)
        if (isfinite(marks[i]))
            *lo = fmin(*lo, marks[i]), *hi = fmax(*hi, marks[i]);
    if (!(h > 0)) {
        double mag = fmax(fabs(*lo), fabs(*hi));
        h = mag > 0 ? mag * 1e-3 : percent ? 1e-4 : 1e-3;
    }
    double pad = fmax(3 * h, 0.02 * (*hi - *lo));
    *lo -= pad, *hi += pad;
    for (size_t j = 0; j < GRID; j++)
        gx[j] = j + 1 == GRID ? *hi : *lo + (double)j * ((*hi - *lo) / (GRID - 1));
    if (ds.count == len)
        return crit_report_kde_status(crit_kde_grid(dist, len, h, *lo, *hi, GRID, gy));
    double *finite = malloc(ds.count * sizeof *finite);
    if (!finite)
        return -CRIT_ENOMEM;
    for (size_t i = 0, k = 0; i < len; i++)
        if (isfinite(dist[i]))
            finite[k++] = dist[i];
    rc = crit_report_kde_status(crit_kde_grid(finite, ds.count, h, *lo, *hi, GRID, gy));
    free(finite);
    return rc;
}

/* The area under the curve between a and b (a <= b, inside the grid). */
static void shade_between(crit_plot *p, const double *gx, const double *gy, double a, double b,
                          const crit_svg_style *st) {
    double ax[GRID + 2], ay[GRID + 2];
    size_t k = 0;
    ax[k] = a, ay[k++] = crit_report_curve_at(gx, gy, GRID, a);
    for (size_t j = 0; j < GRID; j++)
        if (gx[j] > a && gx[j] < b)
            ax[k] = gx[j], ay[k++] = gy[j];
    ax[k] = b, ay[k++] = crit_report_curve_at(gx, gy, GRID, b);
    crit_plot_area(p, ax, NULL, ay, k, st);
}

int crit_report_plot_distribution(crit_sbuf *out, const char *title, const double *dist,
                                  size_t len, const crit_estimate *e, bool percent,
                                  double noise) {
    double lo, hi, gx[GRID], gy[GRID];
    int rc = distribution_density(dist, len, e, percent, &lo, &hi, gx, gy);
    if (rc)
        return rc;
    crit_axis x, y;
    crit_axis_init(&x, percent ? CRIT_AXIS_PERCENT : CRIT_AXIS_TIME, 0, lo, hi,
                   percent ? "Relative change" : "Average time");
    per_unit(&x, gy, GRID);
    const char *const labels[4] = {"Noise threshold", "Bootstrap distribution",
                                   "Confidence interval", "Point estimate"};
    bool left, noisy = percent && noise >= 0;
    double top = crit_report_legend_top(gx, gy, GRID, lo, hi, 0, CRIT_REPORT_SMALL_W,
                                        CRIT_REPORT_SMALL_H, labels + !noisy, 3 + noisy, &left);
    crit_axis_init(&y, CRIT_AXIS_NUMBER, CRIT_AXIS_EXTEND, 0, top, "Density (a.u.)");
    crit_plot p;
    crit_plot_begin(&p, CRIT_REPORT_SMALL_W, CRIT_REPORT_SMALL_H, title, &x, &y, 0);
    p.legend_left = left;
    if (noisy) {
        const crit_svg_style band = {NULL, CRIT_REPORT_NOISE, 0, 0.25, false};
        crit_plot_vspan(&p, -noise, noise, &band);
        crit_plot_legend(&p, "Noise threshold", &band, CRIT_LEGEND_AREA);
    }
    const crit_svg_style ci = {NULL, CRIT_REPORT_NEW, 0, 0.3, false};
    if (isfinite(e->lower) && isfinite(e->upper) && e->lower <= e->upper)
        shade_between(&p, gx, gy, fmax(e->lower, lo), fmin(e->upper, hi), &ci);
    crit_plot_polyline(&p, gx, gy, GRID, &curve);
    const crit_svg_style point = {"#08306b", NULL, 2.0, 0, false};
    crit_plot_segment(&p, e->point, 0, e->point, crit_report_curve_at(gx, gy, GRID, e->point),
                      &point);
    crit_plot_legend(&p, "Bootstrap distribution", &curve, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "Confidence interval", &ci, CRIT_LEGEND_AREA);
    crit_plot_legend(&p, "Point estimate", &point, CRIT_LEGEND_LINE);
    return finish(&p, out);
}

int crit_report_plot_both(crit_sbuf *out, const crit_report_points *now, double now_mean,
                          const crit_report_points *base, double base_mean) {
    crit_report_span sn, sb;
    double hn = 0, hb = 0, gx[GRID], gn[GRID], gb[GRID];
    crit_report_span_of(now->avg, now->labels, now->n, &sn);
    crit_report_span_of(base->avg, base->labels, base->n, &sb);
    int rc = crit_report_bandwidth(now->avg, now->n, &sn, &hn);
    if (rc == 0)
        rc = crit_report_bandwidth(base->avg, base->n, &sb, &hb);
    double lo = fmin(sn.lo - 3 * hn, sb.lo - 3 * hb), hi = fmax(sn.hi + 3 * hn, sb.hi + 3 * hb);
    if (fmin(sn.lo, sb.lo) >= 0 && lo < 0)
        lo = 0;
    if (rc == 0)
        rc = crit_report_density(now->avg, now->n, &sn, hn, lo, hi, gx, gn);
    if (rc == 0)
        rc = crit_report_density(base->avg, base->n, &sb, hb, lo, hi, gx, gb);
    if (rc)
        return rc;
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_TIME, 0, lo, hi, "Average time");
    per_unit(&x, gn, GRID);
    per_unit(&x, gb, GRID);
    double xx[2 * GRID], yy[2 * GRID];
    memcpy(xx, gx, sizeof gx);
    memcpy(xx + GRID, gx, sizeof gx);
    memcpy(yy, gn, sizeof gn);
    memcpy(yy + GRID, gb, sizeof gb);
    const char *const labels[4] = {"Base PDF", "New PDF", "Base mean", "New mean"};
    bool left;
    double top = crit_report_legend_top(xx, yy, 2 * GRID, lo, hi, 0, CRIT_REPORT_PLOT_W,
                                        CRIT_REPORT_PLOT_H, labels, 4, &left);
    crit_axis_init(&y, CRIT_AXIS_NUMBER, CRIT_AXIS_EXTEND, 0, top, "Density (a.u.)");
    crit_plot p;
    crit_plot_begin(&p, CRIT_REPORT_PLOT_W, CRIT_REPORT_PLOT_H, "Base and new densities", &x, &y,
                    0);
    p.legend_left = left;
    const crit_svg_style base_curve = {CRIT_REPORT_BASE, NULL, 2.0, 0, false};
    const crit_svg_style base_fill = {NULL, CRIT_REPORT_BASE, 0, 0.12, false};
    const crit_svg_style base_mean_st = {CRIT_REPORT_BASE, NULL, 1.5, 0, true};
    const crit_svg_style new_mean_st = {CRIT_REPORT_NEW, NULL, 1.5, 0, true};
    crit_plot_area(&p, gx, NULL, gb, GRID, &base_fill);
    crit_plot_area(&p, gx, NULL, gn, GRID, &under_curve);
    crit_plot_polyline(&p, gx, gb, GRID, &base_curve);
    crit_plot_polyline(&p, gx, gn, GRID, &curve);
    crit_plot_segment(&p, base_mean, 0, base_mean, crit_report_curve_at(gx, gb, GRID, base_mean),
                      &base_mean_st);
    crit_plot_segment(&p, now_mean, 0, now_mean, crit_report_curve_at(gx, gn, GRID, now_mean),
                      &new_mean_st);
    crit_plot_legend(&p, "Base PDF", &base_curve, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "New PDF", &curve, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "Base mean", &base_mean_st, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "New mean", &new_mean_st, CRIT_LEGEND_LINE);
    crit_report_span all = sn;
    all.nlow += sb.nlow, all.nhigh += sb.nhigh, all.nclipped += sb.nclipped;
    all.far_lo = fmin(sn.far_lo, sb.far_lo); /* fmin/fmax ignore a NaN (nothing clipped) */
    all.far_hi = fmax(sn.far_hi, sb.far_hi);
    clip_marks(&p, &all);
    return finish(&p, out);
}
