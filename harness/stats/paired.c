/* paired.c: the statistics of a paired comparison: per-round log ratios, their median with
 * the distribution-free order-statistic interval, and the exact sign test (GSL's binomial). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "stats.h"

int crit_paired_log_ratios(const double *new_ns, const double *old_ns, size_t n, double *out) {
    for (size_t i = 0; i < n; i++) {
        if (!(isfinite(new_ns[i]) && isfinite(old_ns[i]) && new_ns[i] > 0 && old_ns[i] > 0))
            return GSL_EINVAL;
        out[i] = log(new_ns[i] / old_ns[i]);
    }
    return GSL_SUCCESS;
}

/* Exact coverage of [x_(k), x_(n+1-k)]: 1 - 2 P(B <= k-1), B ~ Binomial(n, 1/2). */
static double coverage(size_t k, size_t n) {
    return 1.0 - 2.0 * gsl_cdf_binomial_P((unsigned)(k - 1), 0.5, (unsigned)n);
}

int crit_paired_analyze(const double *log_ratios, size_t n, double cl, double *scratch,
                        crit_paired_stats *out) {
    if (n == 0 || !(cl > 0 && cl < 1) || n > 0xffffffffu)
        return GSL_EINVAL;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(log_ratios[i]))
            return GSL_EINVAL;
        scratch[i] = log_ratios[i];
        out->npos += log_ratios[i] > 0;
        out->nneg += log_ratios[i] < 0;
    }
    crit_stats_sort(scratch, n);
    out->n = n;
    out->point = crit_stats_quantile_sorted(scratch, n, 0.5);
    /* coverage falls as k grows: the largest k in [1, (n+1)/2] still at the level */
    size_t lo = 1, hi = (n + 1) / 2, k = 0;
    while (lo <= hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (coverage(mid, n) >= cl)
            k = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    if (k == 0)
        k = 1; /* too few rounds for the level: the widest interval there is */
    out->lower = scratch[k - 1];
    out->upper = scratch[n - k];
    out->coverage = coverage(k, n);
    size_t m = out->npos + out->nneg;
    size_t fewer = out->npos < out->nneg ? out->npos : out->nneg;
    double p = m == 0 ? 1.0 : 2.0 * gsl_cdf_binomial_P((unsigned)fewer, 0.5, (unsigned)m);
    out->p_value = p > 1 ? 1 : p;
    return GSL_SUCCESS;
}
