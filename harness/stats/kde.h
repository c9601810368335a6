/* kde.h: Gaussian kernel density estimation for the report's plots (criterion.rs's
 * stats::univariate::kde with Silverman's bandwidth): the exact estimate, and a binned one on a
 * regular grid for large inputs such as 100 000 bootstrap draws. Private to harness/. Pure. */
#ifndef CRIT_KDE_H
#define CRIT_KDE_H

#include <stddef.h>

/* Silverman's rule of thumb, as criterion: h = s * (4 / (3 n))^(1/5) with s the N-1 standard
 * deviation of x[0..n). 0 when every x is equal; NaN when n < 2 or an x is not finite. O(n). */
double crit_kde_bandwidth(const double *x, size_t n);

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
int crit_kde_grid(const double *x, size_t n, double h, double lo, double hi, size_t m,
                  double *out);

#endif
