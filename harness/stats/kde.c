/* kde.c: Gaussian kernel density estimates (exact and linearly binned) with Silverman's
 * bandwidth and its fallback, the summary of a bootstrap distribution and the density of a
 * data set on a grid, for the report's density, distribution and violin plots. */
#include "kde.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "stats.h"

#define INV_SQRT_2PI 0.39894228040143267794
#define TRUNCATE 8.0 /* kernel support in bandwidths for the binned estimate */

double crit_kde_silverman(double sd, size_t n) { return sd * pow(4.0 / (3.0 * (double)n), 0.2); }

/* crit_stats_mean and crit_stats_var are the same left-to-right sums this function wrote out
 * before (sum / n; sum of (x - mean)^2 over n - 1), so the bandwidth is bit for bit the same. */
double crit_kde_bandwidth(const double *x, size_t n) {
    if (n < 2)
        return NAN;
    return crit_kde_silverman(crit_stats_std_dev(x, n, crit_stats_mean(x, n)), n);
}

double crit_kde_usable_bandwidth(double h, double magnitude, double smallest) {
    if (h > 0.0 && isfinite(h))
        return h;
    return magnitude > 0.0 && isfinite(magnitude) ? magnitude * 1e-3 : smallest;
}

double crit_kde_bandwidth_or(const double *x, size_t n, double smallest) {
    double mag = 0.0;
    for (size_t i = 0; i < n; i++)
        mag = fmax(mag, fabs(x[i]));
    return crit_kde_usable_bandwidth(crit_kde_bandwidth(x, n), mag, smallest);
}

/* The finite values of x[0..n): x itself when all are (*copy NULL), else a malloc'd copy in
 * *copy; *count gets their number. NULL when the copy cannot be allocated. */
static const double *finite_values(const double *x, size_t n, double **copy, size_t *count) {
    size_t k = 0;
    *copy = NULL;
    for (size_t i = 0; i < n; i++)
        k += isfinite(x[i]) != 0;
    *count = k;
    if (k == n)
        return x;
    if (!(*copy = malloc((k ? k : 1) * sizeof **copy)))
        return NULL;
    for (size_t i = 0, j = 0; i < n; i++)
        if (isfinite(x[i]))
            (*copy)[j++] = x[i];
    return *copy;
}

/* Every stride-th finite element of d[0..len) into a malloc'd array (*k of them; at least
 * one: `fallback` when none of the strided elements is finite). */
static double *strided(const double *d, size_t len, double fallback, size_t *k) {
    size_t stride = len > 2000 ? len / 2000 : 1, j = 0;
    double *sub = malloc((len / stride + 1) * sizeof *sub);
    if (!sub)
        return NULL;
    for (size_t i = 0; i < len; i += stride)
        if (isfinite(d[i]))
            sub[j++] = d[i];
    if (j == 0)
        sub[j++] = fallback;
    *k = j;
    return sub;
}

int crit_kde_summarise(const double *d, size_t len, crit_kde_summary *out) {
    double *copy, *sub;
    size_t count, k;
    if (len == 0)
        return GSL_EINVAL; /* before finite_values, which would hand back d (maybe NULL) */
    const double *v = finite_values(d, len, &copy, &count);
    if (!v)
        return GSL_ENOMEM;
    if (count == 0) {
        free(copy);
        return GSL_EINVAL;
    }
    double sd = count > 1 ? crit_stats_std_dev(v, count, crit_stats_mean(v, count)) : 0.0;
    sub = strided(d, len, v[0], &k);
    free(copy);
    if (!sub)
        return GSL_ENOMEM;
    *out = (crit_kde_summary){count, sd, crit_kde_silverman(sd, count),
                              crit_stats_quantile_select(sub, k, 0.001),
                              crit_stats_quantile_select(sub, k, 0.999)};
    free(sub);
    return 0;
}

double crit_kde_eval(const double *x, size_t n, double h, double at) {
    if (n == 0 || !(h > 0.0))
        return NAN;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double u = (at - x[i]) / h;
        sum += exp(-0.5 * u * u);
    }
    return sum * INV_SQRT_2PI / ((double)n * h);
}

static int bad_grid(size_t n, double h, double lo, double hi, size_t m) {
    return n == 0 || m < 2 || !(h > 0.0) || !isfinite(h) || !isfinite(lo) || !isfinite(hi) ||
           !(lo < hi);
}

static double grid_point(double lo, double hi, size_t m, size_t j) {
    return j + 1 == m ? hi : lo + (double)j * ((hi - lo) / (double)(m - 1));
}

int crit_kde_grid_exact(const double *x, size_t n, double h, double lo, double hi, size_t m,
                        double *out) {
    if (bad_grid(n, h, lo, hi, m))
        return GSL_EINVAL;
    for (size_t j = 0; j < m; j++)
        out[j] = crit_kde_eval(x, n, h, grid_point(lo, hi, m, j));
    return 0;
}

double crit_kde_binned_error_bound(double d, double h) {
    return d * d / (8.0 * h * h * h) * INV_SQRT_2PI +
           exp(-0.5 * TRUNCATE * TRUNCATE) * INV_SQRT_2PI / h;
}

/* Linear binning of x onto the grid: c[k] gets 1 - f and c[k+1] gets f for x at k + f. */
static void bin(const double *x, size_t n, double lo, double hi, size_t m, double *c) {
    double inv_d = (double)(m - 1) / (hi - lo);
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] >= lo && x[i] <= hi))
            continue;
        double t = (x[i] - lo) * inv_d;
        size_t k = (size_t)t;
        if (k >= m - 1) {
            c[m - 1] += 1.0;
            continue;
        }
        double f = t - (double)k;
        c[k] += 1.0 - f;
        c[k + 1] += f;
    }
}

int crit_kde_grid_binned(const double *x, size_t n, double h, double lo, double hi, size_t m,
                         double *out) {
    if (bad_grid(n, h, lo, hi, m))
        return GSL_EINVAL;
    double d = (hi - lo) / (double)(m - 1);
    double span = ceil(TRUNCATE * h / d);
    size_t reach = span >= (double)(m - 1) ? m - 1 : (size_t)span;
    double *c = calloc(m, sizeof *c), *w = malloc((reach + 1) * sizeof *w);
    if (!c || !w) {
        free(c);
        free(w);
        return GSL_ENOMEM;
    }
    bin(x, n, lo, hi, m, c);
    double norm = INV_SQRT_2PI / ((double)n * h);
    for (size_t l = 0; l <= reach; l++) {
        double u = (double)l * d / h;
        w[l] = exp(-0.5 * u * u) * norm;
    }
    for (size_t j = 0; j < m; j++)
        out[j] = 0.0;
    for (size_t k = 0; k < m; k++) { /* scatter each non-empty bin over its reach */
        if (c[k] == 0.0)
            continue;
        size_t j0 = k > reach ? k - reach : 0, j1 = k + reach < m - 1 ? k + reach : m - 1;
        for (size_t j = j0; j <= j1; j++)
            out[j] += c[k] * w[j > k ? j - k : k - j];
    }
    free(c);
    free(w);
    return 0;
}

int crit_kde_grid(const double *x, size_t n, double h, double lo, double hi, size_t m,
                  double *out) {
    if (n <= 65536 / (m ? m : 1))
        return crit_kde_grid_exact(x, n, h, lo, hi, m, out);
    return crit_kde_grid_binned(x, n, h, lo, hi, m, out);
}

int crit_kde_density(const double *x, size_t n, double h, double lo, double hi, size_t m,
                     double *gx, double *gy) {
    if (!(hi > lo))
        hi = lo + fmax(fabs(lo) * 1e-6, 1e-9);
    for (size_t j = 0; j < m; j++)
        gx[j] = grid_point(lo, hi, m, j);
    if (n == 0)
        return GSL_EINVAL; /* as crit_kde_grid would, without reading x */
    double *copy;
    size_t count;
    const double *v = finite_values(x, n, &copy, &count);
    if (!v)
        return GSL_ENOMEM;
    int rc = crit_kde_grid(v, count, h, lo, hi, m, gy);
    free(copy);
    return rc;
}
