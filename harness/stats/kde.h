/* kde.h: Gaussian kernel density estimation for the report's plots (criterion.rs's
 * stats::univariate::kde with Silverman's bandwidth): the bandwidth and its fallback for data
 * without spread, the summary of a bootstrap distribution that a plot's range and bandwidth
 * come from, the exact estimate, a binned one on a regular grid for large inputs such as
 * 100 000 bootstrap draws, and the density of a data set on a grid. Every density, bandwidth and
 * distribution summary the report draws is computed here: the report only lays them out. Used by stats/ and report/.
 * Pure (allocates scratch only). Status codes as stats.h: 0, GSL_EINVAL or GSL_ENOMEM. */
#ifndef CRIT_KDE_H
#define CRIT_KDE_H

#include <stddef.h>

/* Silverman's rule of thumb from a spread already known: h = sd * (4 / (3 n))^(1/5). NaN when
 * sd is NaN. O(1). */
double crit_kde_silverman(double sd, size_t n);

/* Silverman's rule of thumb, as criterion: crit_kde_silverman of the N-1 standard deviation
 * (crit_stats_std_dev around crit_stats_mean) of x[0..n). 0 when every x is equal (up to the
 * mean's rounding); NaN when n < 2 or an x is not finite. O(n). */
double crit_kde_bandwidth(const double *x, size_t n);

/* The bandwidth fallback, written once: h itself when it is positive and finite; otherwise
 * (one value, every value equal, an overflow) a narrow bump: 1e-3 of `magnitude` (the size of
 * the values, e.g. max |x|) when that is positive and finite, else `smallest` (the caller's
 * smallest meaningful width, e.g. 1e-9 ns). Positive and finite whenever smallest is. O(1). */
double crit_kde_usable_bandwidth(double h, double magnitude, double smallest);

/* crit_kde_bandwidth of x[0..n) made usable by crit_kde_usable_bandwidth with magnitude
 * max |x_i|: the bandwidth a density plot of x can always draw with (n == 0: smallest). O(n). */
double crit_kde_bandwidth_or(const double *x, size_t n, double smallest);

/* What a density plot of a bootstrap distribution needs to know about it. */
typedef struct crit_kde_summary {
    size_t count; /* finite values */
    double sd;    /* their N-1 standard deviation (crit_stats_std_dev); 0 when count == 1 */
    double h;     /* crit_kde_silverman(sd, count): 0 without spread (not made usable) */
    double q_lo;  /* the 0.1% quantile ... */
    double q_hi;  /* ... and the 99.9% quantile of a strided subsample of the finite values */
} crit_kde_summary;

/* Summarises the finite values of d[0..len) (any order; d is not modified). The quantiles come
 * from every stride-th element, stride = max(1, len / 2000), so at most ~4000 of them, which
 * samples a distribution in no useful order fairly (crit_stats_quantile_select on a copy).
 * Returns 0; GSL_EINVAL (out untouched) when no value is finite; GSL_ENOMEM. O(len). */
int crit_kde_summarise(const double *d, size_t len, crit_kde_summary *out);

/* The exact estimate at `at`: (1 / (n h)) * sum_i phi((at - x_i) / h), phi the standard normal
 * density. NaN when n == 0 or h <= 0. O(n). */
double crit_kde_eval(const double *x, size_t n, double h, double at);

/* The exact estimate at the m grid points lo + j (hi - lo) / (m - 1), j = 0..m-1, into
 * out[0..m). Returns 0, or GSL_EINVAL (out untouched) unless n >= 1, m >= 2, h > 0 and
 * lo < hi, all finite. O(n m). */
int crit_kde_grid_exact(const double *x, size_t n, double h, double lo, double hi, size_t m,
                        double *out);

/* The binned estimate on the same grid: each x inside [lo, hi] is split between its two
 * neighbouring grid points in proportion to its distance (linear binning), then the counts
 * are convolved with the kernel sampled at the grid spacing d = (hi - lo)/(m - 1), truncated
 * at 8 h. Points outside [lo, hi] are left out (they still count in n). Error, when every x
 * lies in [lo, hi]: at most d^2 / (8 sqrt(2 pi) h^3) + phi(8) / h at every grid point (the
 * linear interpolation error of the kernel, whose second derivative is at most phi(0) / h^3,
 * plus the truncated tail; phi(8) = 5.1e-15). Same return values as crit_kde_grid_exact,
 * plus GSL_ENOMEM. O(n + m min(m, 8 h / d)). */
int crit_kde_grid_binned(const double *x, size_t n, double h, double lo, double hi, size_t m,
                         double *out);

/* The binned error bound above for grid spacing d and bandwidth h. */
double crit_kde_binned_error_bound(double d, double h);

/* crit_kde_grid_exact when n * m is small (<= 65536), otherwise crit_kde_grid_binned. */
int crit_kde_grid(const double *x, size_t n, double h, double lo, double hi, size_t m, double *out);

/* The density of a data set on a grid: the finite values of x[0..n) (non-finite ones are left
 * out and not counted) with bandwidth h, by crit_kde_grid at the m grid points written to
 * gx[0..m): gx[j] = lo + j (hi - lo) / (m - 1), gx[m - 1] = hi exactly; the estimates go to
 * gy[0..m). A degenerate range (hi <= lo) is first widened to hi = lo + max(|lo| 1e-6, 1e-9).
 * gx is filled whenever m >= 2, even when it fails. Returns 0; GSL_EINVAL (no finite value,
 * m < 2, h not positive and finite, lo or hi not finite); GSL_ENOMEM. O(n m) or O(n + m^2). */
int crit_kde_density(const double *x, size_t n, double h, double lo, double hi, size_t m,
                     double *gx, double *gy);

#endif
