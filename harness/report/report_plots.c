/* report_plots.c: one benchmark's SVG plots (see report_plots.h), drawn with svg.h from the
 * sample, its analysis and the kept bootstrap distributions. The densities, bandwidths and
 * distribution summaries come from stats/ (kde.h, through report_util.h for the visible
 * values); this file only lays them out. */
#include "report_plots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "kde.h"
#include "report_util.h"

#define GRID CRIT_REPORT_GRID

static const crit_svg_style curve = {CRIT_REPORT_NEW, NULL, 2.0, 0, false};
static const crit_svg_style under_curve = {NULL, CRIT_REPORT_NEW, 0, 0.12, false};
static const crit_svg_style clipped_marker = {NULL, CRIT_REPORT_SEVERE, 0, 0, false};

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

/* The note for clipped points: "1 point at 1.2 ms beyond the axis", "3 points (up to
 * 2.3 ms) beyond the axis", or "" when nothing is clipped. */
static void clip_note(const crit_report_span *sp, char *buf, size_t len) {
    char a[48], b[48];
    if (sp->nclipped == 0) {
        snprintf(buf, len, "%s", "");
    } else if (sp->nclipped == 1) {
        crit_format_time(a, sizeof a, sp->nlow ? sp->far_lo : sp->far_hi);
        snprintf(buf, len, "1 point at %s beyond the axis", a);
    } else if (sp->nlow && sp->nhigh) {
        snprintf(buf, len, "%zu points beyond the axis (%zu down to %s, %zu up to %s)",
                 sp->nclipped, sp->nlow, crit_format_time(a, sizeof a, sp->far_lo), sp->nhigh,
                 crit_format_time(b, sizeof b, sp->far_hi));
    } else {
        snprintf(buf, len, "%zu points (%s %s) beyond the axis", sp->nclipped,
                 sp->nlow ? "down to" : "up to",
                 crit_format_time(a, sizeof a, sp->nlow ? sp->far_lo : sp->far_hi));
    }
}

/* The curve's value at x by linear interpolation (0 outside the grid). */
static double curve_at(const double *gx, const double *gy, double x) {
    if (!(x >= gx[0] && x <= gx[GRID - 1]))
        return 0.0;
    double t = (x - gx[0]) / (gx[GRID - 1] - gx[0]) * (double)(GRID - 1);
    size_t k = (size_t)t;
    if (k >= GRID - 1)
        return gy[GRID - 1];
    double f = t - (double)k;
    return gy[k] * (1 - f) + gy[k + 1] * f;
}

/* Draws the points i with show[i] as dots coloured by their label, one legend entry per
 * class present (always "Clean sample"). */
static int draw_classes(crit_plot *p, const double *xs, const double *ys,
                        const unsigned char *labels, const bool *show, size_t n) {
    static const char *const names[3] = {"Clean sample", "Mild outliers", "Severe outliers"};
    static const char *const colours[3] = {CRIT_REPORT_NEW, CRIT_REPORT_MILD, CRIT_REPORT_SEVERE};
    double *bx = malloc(2 * (n ? n : 1) * sizeof *bx);
    if (!bx)
        return -CRIT_ENOMEM;
    double *by = bx + n;
    for (int c = 0; c < 3; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (show[i] && crit_outlier_severity(labels[i]) == c)
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
    clip_note(sp, note, sizeof note);
    crit_plot_note(p, note);
}

/* One density curve of a sample's per-iteration times: what it shows and its bandwidth. */
typedef struct density {
    const crit_report_points *pts;
    crit_report_span sp;
    double h;
    double gy[GRID];
} density;

/* The visible span of pts and the bandwidth of its visible values. */
static int density_of(const crit_report_points *pts, density *c) {
    c->pts = pts;
    c->h = 0;
    crit_report_span_of(pts->avg, pts->labels, pts->n, &c->sp);
    return crit_report_bandwidth(pts->avg, pts->n, &c->sp, &c->h);
}

/* The k curves on one grid gx over [*lo, hi] (*lo raised to 0 when no visible time is
 * negative), and the time axis x over that range with the curves per displayed unit. */
static int densities(density *c, size_t k, double *lo, double hi, double *gx, crit_axis *x) {
    double data_lo = INFINITY;
    for (size_t i = 0; i < k; i++)
        data_lo = fmin(data_lo, c[i].sp.lo);
    if (data_lo >= 0 && *lo < 0)
        *lo = 0;
    for (size_t i = 0; i < k; i++) {
        const crit_report_points *p = c[i].pts;
        int rc = crit_report_density(p->avg, p->n, &c[i].sp, c[i].h, *lo, hi, gx, c[i].gy);
        if (rc)
            return rc;
    }
    crit_axis_init(x, CRIT_AXIS_TIME, 0, *lo, hi, "Average time");
    for (size_t i = 0; i < k; i++)
        per_unit(x, c[i].gy, GRID);
    return 0;
}

int crit_report_plot_pdf(crit_sbuf *out, const crit_report_points *pts, double mean,
                         const crit_fences *fences) {
    density c;
    double gx[GRID], *gy = c.gy;
    crit_axis x, y;
    int rc = density_of(pts, &c);
    const crit_report_span sp = c.sp;
    /* the fences come from the quartiles, so they stay near the data: show them, as gnuplot's
     * autoscale does in criterion.rs */
    double lo = fmin(sp.lo - 3 * c.h, fences->low_severe);
    double hi = fmax(sp.hi + 3 * c.h, fences->high_severe);
    if (rc == 0)
        rc = densities(&c, 1, &lo, hi, gx, &x);
    if (rc)
        return rc;
    const char *labels[6] = {"PDF", "Tukey fences", "Mean", "Clean sample"};
    size_t nlabels = 4;
    bool left, seen[3] = {false, false, false};
    for (size_t i = 0; i < pts->n; i++)
        if (crit_report_visible(&sp, pts->avg[i]))
            seen[crit_outlier_severity(pts->labels[i])] = true;
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
    crit_plot_segment(&p, mean, 0, mean, curve_at(gx, gy, mean), &mean_st);
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
        xy[pts->n + i] = curve_at(gx, gy, pts->avg[i]);
    }
    rc = draw_classes(&p, xy, xy + pts->n, pts->labels, show, pts->n);
    free(xy);
    free(show);
    if (rc)
        return fail(&p, rc);
    clip_marks(&p, &sp);
    return finish(&p, out);
}

int crit_report_plot_regression(crit_sbuf *out, const crit_sample *s, const crit_report_points *pts,
                                const crit_estimate *slope) {
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
    clip_note(&clip, note, sizeof note);
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
    double lo = sp.lo - pad,
           top = crit_report_legend_top(xs, ys, n, 0, (double)n + 1, lo, CRIT_REPORT_PLOT_W,
                                        CRIT_REPORT_PLOT_H, labels, 3, &left);
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
    clip_note(&sp, note, sizeof note);
    crit_plot_note(&p, note);
    return finish(&p, out);
}

/* The density of dist on [*lo, *hi] into gx/gy: the range is the central 99.8% of the
 * distribution (crit_kde_summarise) widened to show the estimate's marks, then padded by three
 * bandwidths. A distribution without spread gets stats/'s fallback bandwidth: 0.1% of the
 * range's magnitude, or 1 ps (0.01% for changes) at 0. */
static int distribution_density(const double *dist, size_t len, const crit_estimate *e,
                                bool percent, double *lo, double *hi, double *gx, double *gy) {
    crit_kde_summary ds;
    int rc = crit_analysis_status(crit_kde_summarise(dist, len, &ds));
    if (rc)
        return rc;
    *lo = ds.q_lo, *hi = ds.q_hi;
    const double marks[3] = {e->lower, e->point, e->upper};
    for (int i = 0; i < 3; i++)
        if (isfinite(marks[i]))
            *lo = fmin(*lo, marks[i]), *hi = fmax(*hi, marks[i]);
    double h = crit_kde_usable_bandwidth(ds.h, fmax(fabs(*lo), fabs(*hi)), percent ? 1e-4 : 1e-3);
    double pad = fmax(3 * h, 0.02 * (*hi - *lo));
    *lo -= pad, *hi += pad;
    return crit_report_density(dist, len, NULL, h, *lo, *hi, gx, gy);
}

/* The area under the curve between a and b (a <= b, inside the grid). */
static void shade_between(crit_plot *p, const double *gx, const double *gy, double a, double b,
                          const crit_svg_style *st) {
    double ax[GRID + 2], ay[GRID + 2];
    size_t k = 0;
    ax[k] = a, ay[k++] = curve_at(gx, gy, a);
    for (size_t j = 0; j < GRID; j++)
        if (gx[j] > a && gx[j] < b)
            ax[k] = gx[j], ay[k++] = gy[j];
    ax[k] = b, ay[k++] = curve_at(gx, gy, b);
    crit_plot_area(p, ax, NULL, ay, k, st);
}

int crit_report_plot_distribution(crit_sbuf *out, const char *title, const double *dist, size_t len,
                                  const crit_estimate *e, bool percent, double noise) {
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
    crit_plot_segment(&p, e->point, 0, e->point, curve_at(gx, gy, e->point), &point);
    crit_plot_legend(&p, "Bootstrap distribution", &curve, CRIT_LEGEND_LINE);
    crit_plot_legend(&p, "Confidence interval", &ci, CRIT_LEGEND_AREA);
    crit_plot_legend(&p, "Point estimate", &point, CRIT_LEGEND_LINE);
    return finish(&p, out);
}

int crit_report_plot_both(crit_sbuf *out, const crit_report_points *now, double now_mean,
                          const crit_report_points *base, double base_mean) {
    density c[2];
    double gx[GRID], *gn = c[0].gy, *gb = c[1].gy;
    crit_axis x, y;
    int rc = density_of(now, &c[0]);
    if (rc == 0)
        rc = density_of(base, &c[1]);
    if (rc)
        return rc;
    const crit_report_span sn = c[0].sp, sb = c[1].sp;
    double lo = fmin(sn.lo - 3 * c[0].h, sb.lo - 3 * c[1].h);
    double hi = fmax(sn.hi + 3 * c[0].h, sb.hi + 3 * c[1].h);
    if ((rc = densities(c, 2, &lo, hi, gx, &x)) != 0)
        return rc;
    double xx[2 * GRID], yy[2 * GRID];
    memcpy(xx, gx, sizeof gx);
    memcpy(xx + GRID, gx, sizeof gx);
    memcpy(yy, gn, sizeof c[0].gy);
    memcpy(yy + GRID, gb, sizeof c[1].gy);
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
    crit_plot_segment(&p, base_mean, 0, base_mean, curve_at(gx, gb, base_mean), &base_mean_st);
    crit_plot_segment(&p, now_mean, 0, now_mean, curve_at(gx, gn, now_mean), &new_mean_st);
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
