/* report_util.h: what the HTML report's files share (report_bench.c, report_plots.c,
 * report_index.c, report_group.c): colours, the page skeleton, relative links, atomic file
 * writes, the robust "visible range" that keeps plots legible next to far outliers, and
 * density curves. Private to the report. Never prints; errors go to err buffers. */
#ifndef CRIT_REPORT_UTIL_H
#define CRIT_REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "svg.h"

#define CRIT_REPORT_NEW "#1f78b4"      /* this run; clean sample points */
#define CRIT_REPORT_BASE "#b22222"     /* the baseline */
#define CRIT_REPORT_MILD "#ff7f00"     /* mild outliers */
#define CRIT_REPORT_SEVERE "#e31a1c"   /* severe outliers */
#define CRIT_REPORT_FENCE "#888888"    /* Tukey fences */
#define CRIT_REPORT_NOISE "#999999"    /* the noise threshold band */

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
 * the output directory (see crit_report_up). */
void crit_report_html_begin(crit_sbuf *b, const char *title, const char *up,
                            const char *group_href, const char *group_name);
/* Closes the page. */
void crit_report_html_end(crit_sbuf *b);

/* Writes into buf (len bytes) the relative path from <out>/<dir>/report/ up to <out>/:
 * "../" once per part of dir plus once for report/ ("a/b" -> "../../../"). dir NULL or ""
 * means <out>/report/ itself ("../"). Returns buf. */
char *crit_report_up(const char *dir, char *buf, size_t len);

/* Writes b's text to <dir>/<name> atomically (dir must exist). Returns 0; -CRIT_ENOMEM when
 * b->failed; -CRIT_EIO with err naming the file. */
int crit_report_write(const char *dir, const char *name, const crit_sbuf *b, char *err,
                      size_t errlen);

/* The console's verdict sentence, e.g. "Performance has regressed.". */
const char *crit_report_verdict_sentence(crit_verdict v);

/* Which values a plot shows: the core (points that are not severe outliers) widened by its own
 * width on each side; points beyond that are "clipped" (drawn as markers at the edge and
 * named in a note) so that one point 1000x the rest cannot squash the plot. */
typedef struct crit_report_span {
    double lo, hi;          /* smallest and largest visible value */
    size_t nvisible;
    size_t nclipped;        /* points outside [lo, hi] */
    size_t nlow, nhigh;     /* of which below lo / above hi */
    double far_lo, far_hi;  /* the extreme clipped values (NaN when none) */
    double cut_lo, cut_hi;  /* the visibility limits themselves */
} crit_report_span;

/* Computes the span of x[0..n) (n >= 1) from labels (crit_outlier_label values, n entries).
 * All points are visible when nothing is a severe outlier. */
void crit_report_span_of(const double *x, const unsigned char *labels, size_t n,
                         crit_report_span *out);
/* True when v is visible in sp. */
bool crit_report_visible(const crit_report_span *sp, double v);
/* Tukey labels (crit_outlier_label values) of x[0..n) into labels, as analysis labels them.
 * Returns 0 or -CRIT_ENOMEM. */
int crit_report_labels(const double *x, size_t n, unsigned char *labels);
/* The note for clipped points: "1 point at 1.2 ms beyond the axis", "3 points (1.1 ms to
 * 2.3 ms) beyond the axis", or "" when nothing is clipped. `fmt` formats a value (e.g.
 * crit_format_time). */
void crit_report_clip_note(const crit_report_span *sp, char *(*fmt)(char *, size_t, double),
                           char *buf, size_t len);

/* Silverman's bandwidth of the visible values of x[0..n) (vis NULL: all of them); when that is
 * 0 or undefined (one value, all equal), 1e-3 of their magnitude, or 1e-9 ns. Returns 0,
 * -CRIT_ENOMEM or -CRIT_EINVAL (no visible value). */
int crit_report_bandwidth(const double *x, size_t n, const crit_report_span *vis, double *h);
/* A density curve of the same values with bandwidth h, evaluated at CRIT_REPORT_GRID points
 * gx[] spread over [lo, hi] into gy[] (crit_kde_grid: binned for large inputs). Returns 0,
 * -CRIT_ENOMEM or -CRIT_EINVAL (no visible value). */
int crit_report_density(const double *x, size_t n, const crit_report_span *vis, double h,
                        double lo, double hi, double *gx, double *gy);
/* The top of a y axis that starts at `base` so that the points (x[i], y[i]) (x in [lo, hi])
 * stay clear of a legend with these labels in a width x height plot: the legend goes in the
 * top corner (*left or right) where the points are lowest, and the top leaves its room above
 * them; never below 1.08 times the highest point. */
double crit_report_legend_top(const double *x, const double *y, size_t n, double lo, double hi,
                              double base, double width, double height,
                              const char *const *labels, size_t nlabels, bool *left);
/* The curve's value at x by linear interpolation (0 outside the grid). */
double crit_report_curve_at(const double *gx, const double *gy, size_t m, double x);
/* Largest element of y[0..n) (0 when n == 0). */
double crit_report_max(const double *y, size_t n);

/* The harness error code of a stats/kde status: 0, -CRIT_ENOMEM or -CRIT_EINVAL. */
int crit_report_kde_status(int gsl_status);

#endif
