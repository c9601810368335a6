/* regression.c: least squares through the origin on (iters, total time) pairs, criterion's
 * Slope, and its coefficient of determination computed correctly. */
#include "stats.h"

#include <math.h>

double crit_regression_slope(const double *x, const double *y, size_t n) {
    if (n == 0)
        return NAN;
    /* The bootstrap (crit_bootstrap_slope) sums the same products in the same way, so the
     * identity resample reproduces this value bit for bit. */
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
    }
    return sxy / sxx;
}

double crit_regression_r2(const double *x, const double *y, size_t n, double slope) {
    if (n == 0)
        return NAN;
    double y_bar = crit_stats_mean(y, n);
    double ss_res = 0.0, ss_tot = 0.0;
    for (size_t i = 0; i < n; i++) {
        double res = y[i] - slope * x[i];
        double dev = y[i] - y_bar;
        ss_res += res * res;
        /* criterion.rs 0.5 writes `ss_tot = ss_res + dev^2` here, which leaves ss_tot equal to
         * the final SS_res plus the last point's deviation; this is the textbook total. */
        ss_tot += dev * dev;
    }
    if (ss_tot == 0.0)
        return NAN;
    return 1.0 - ss_res / ss_tot;
}
