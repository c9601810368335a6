/* report_util.h: what the HTML report's files share (report_bench.c, report_plots.c,
 * report_index.c, report_group.c): colours, the page skeleton, atomic file writes, the robust
 * "visible range" that keeps plots legible next to far outliers, and the bandwidth and density
 * curves of the visible values (computed by stats/'s kde.h).
 * Private to the report. Never prints; errors go to err buffers. */
#ifndef CRIT_REPORT_UTIL_H
#define CRIT_REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "svg.h"

#define CRIT_REPORT_NEW "#1f78b4"    /* this run; clean sample points */
#define CRIT_REPORT_BASE "#b22222"   /* the baseline */
#define CRIT_REPORT_MILD "#ff7f00"   /* mild outliers */
#define CRIT_REPORT_SEVERE "#e31a1c" /* severe outliers */
#define CRIT_REPORT_FENCE "#888888"  /* Tukey fences */
#define CRIT_REPORT_NOISE "#999999"  /* the noise threshold band */

/* Plot sizes in px. */
#define CRIT_REPORT_PLOT_W 640.0
#define CRIT_REPORT_PLOT_H 400.0
#define CRIT_REPORT_SMALL_W 480.0
#define CRIT_REPORT_SMALL_H 300.0

/* Points on a density curve. */
#define CRIT_REPORT_GRID 256

/* Appends the start of a page: doctype, <head> with the escaped title and the one inline
 * <style>, <body>, and a nav line linking to the index (`up` + "report/index.html") and, when
 * group_href is not NULL, to a group page. `up` is the relative path from the page's folder to
 * the output directory (e.g. "../" from <out>/report/). */
void crit_report_html_begin(crit_sbuf *b, const char *title, const char *up, const char *group_href,
                            const char *group_name);
/* Closes the page. */
void crit_report_html_end(crit_sbuf *b);

/* Writes b's text to <dir>/<name> atomically (dir must exist). Returns 0; -CRIT_ENOMEM when
 * b->failed; -CRIT_EIO with err naming the file. */
int crit_report_write(const char *dir, const char *name, const crit_sbuf *b, char *err,
                      size_t errlen);

/* Which values a plot shows: the core (points that are not severe outliers) widened by its own
 * width on each side; points beyond that are "clipped" (drawn as markers at the edge and
 * named in a note) so that one point 1000x the rest cannot squash the plot. */
typedef struct crit_report_span {
    double lo, hi; /* smallest and largest visible value */
    size_t nvisible;
    size_t nclipped;       /* points outside [lo, hi] */
    size_t nlow, nhigh;    /* of which below lo / above hi */
    double far_lo, far_hi; /* the extreme clipped values (NaN when none) */
    double cut_lo, cut_hi; /* the visibility limits themselves */
} crit_report_span;

/* Computes the span of x[0..n) (n >= 1) from labels (crit_outlier_label values, n entries).
 * All points are visible when nothing is a severe outlier. */
void crit_report_span_of(const double *x, const unsigned char *labels, size_t n,
                         crit_report_span *out);
/* True when v is visible in sp. */
bool crit_report_visible(const crit_report_span *sp, double v);

/* The bandwidth of the visible values of x[0..n) (vis NULL: all of them): stats/'s
 * crit_kde_bandwidth_or with a floor of 1e-9 (Silverman's rule, or for values without spread
 * 1e-3 of their magnitude). Returns 0, -CRIT_ENOMEM or -CRIT_EINVAL (no visible value; *h
 * untouched). */
int crit_report_bandwidth(const double *x, size_t n, const crit_report_span *vis, double *h);
/* The density curve of the same values with bandwidth h at CRIT_REPORT_GRID points gx[] over
 * [lo, hi] into gy[] (stats/'s crit_kde_density: non-finite values left out, binned for large
 * inputs). Returns 0, -CRIT_ENOMEM or -CRIT_EINVAL (no visible value, unusable h or range). */
int crit_report_density(const double *x, size_t n, const crit_report_span *vis, double h, double lo,
                        double hi, double *gx, double *gy);
/* The top of a y axis that starts at `base` so that the points (x[i], y[i]) (x in [lo, hi])
 * stay clear of a legend with these labels in a width x height plot: the legend goes in the
 * top corner (*left or right) where the points are lowest, and the top leaves its room above
 * them; never below 1.08 times the highest point. */
double crit_report_legend_top(const double *x, const double *y, size_t n, double lo, double hi,
                              double base, double width, double height, const char *const *labels,
                              size_t nlabels, bool *left);

#endif
