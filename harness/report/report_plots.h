/* report_plots.h: the SVG plots of one benchmark's report page (criterion.rs's pdf,
 * regression, iteration_times, the bootstrap distribution of each estimate, and against a
 * baseline both densities and the change distributions). Private to the report. Pure: each
 * function builds one standalone SVG document in *out (a zeroed crit_sbuf the caller frees
 * with crit_sbuf_fini, also on failure) and returns 0, -CRIT_ENOMEM or -CRIT_EINVAL. */
#ifndef CRIT_REPORT_PLOTS_H
#define CRIT_REPORT_PLOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "svg.h"

/* One sample seen as per-iteration times: avg[i] = times[i] / iters[i] with the Tukey labels
 * of the analysis (crit_outlier_label values), n >= 1 entries each. */
typedef struct crit_report_points {
    const double *avg;
    const unsigned char *labels;
    size_t n;
} crit_report_points;

/* pdf.svg: the density (KDE) of the per-iteration times with the sample points on it coloured
 * clean / mild / severe, the mean as a vertical line and the four Tukey fences dashed. The
 * x range covers the visible points (crit_report_span); the others are edge markers + note. */
int crit_report_plot_pdf(crit_sbuf *out, const crit_report_points *pts, double mean,
                         const crit_fences *fences);

/* regression.svg (Linear sampling): total time against iterations, the fitted line
 * times = slope * iters and its confidence band; points far above the rest are edge markers. */
int crit_report_plot_regression(crit_sbuf *out, const crit_sample *s, const crit_report_points *pts,
                                const crit_estimate *slope);

/* iteration_times.svg (Flat sampling): each sample's per-iteration time against its index. */
int crit_report_plot_iteration_times(crit_sbuf *out, const crit_report_points *pts);

/* <estimate>.svg and change_<estimate>.svg: the density of a bootstrap distribution
 * dist[0..len) (any order, non-finite values ignored) with the confidence interval shaded under
 * the curve and the point estimate marked. percent: the values are relative changes (x axis
 * in %), and when noise >= 0 the band [-noise, +noise] is shaded; otherwise they are times in
 * ns. The x range is the central 99.8% of the distribution, widened to show the interval. */
int crit_report_plot_distribution(crit_sbuf *out, const char *title, const double *dist, size_t len,
                                  const crit_estimate *e, bool percent, double noise);

/* both.svg: the densities of this run's and the baseline's per-iteration times overlaid,
 * each with its mean. */
int crit_report_plot_both(crit_sbuf *out, const crit_report_points *now, double now_mean,
                          const crit_report_points *base, double base_mean);

#endif
