/* paired.c: the statistics of a paired comparison (bench --against): NEW and OLD timed in
 * interleaved rounds, one log ratio ln(new/old) per round, summarised without assuming any
 * distribution: the median, the order-statistic interval for the population median (its exact
 * coverage from the binomial distribution) and the exact two-sided sign test. */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

/* GSL's binomial CDF is an incomplete beta function; its absolute error grows with n (measured
 * against exact sums: ~1e-16 at n = 10, 0.25 comes back as 0.25000000000000028 for n = 2;
 * ~3e-13 at 1000, ~5e-11 at 100000, ~9e-10 at CRIT_PAIRED_MAX_N). Coverages are compared with
 * the level at this slack so that a level equal to an exact coverage at small n (0.9609375 for
 * k = 2 of n = 9, which GSL gives as 0.96093749999999989) counts as reached, as it would in
 * exact arithmetic. Either way k can differ from the exact rule only for a level within the
 * CDF's error (or the slack) of an exact coverage; neighbouring coverages are 2 P(B = k) apart,
 * about 3e-4 around 0.95 even at CRIT_PAIRED_MAX_N. */
#define COVERAGE_SLACK 1e-12

int crit_paired_log_ratios(const double *new_ns, const double *old_ns, size_t n, double *out) {
    if (n > 0 && (!new_ns || !old_ns || !out))
        return GSL_EINVAL;
    for (size_t i = 0; i < n; i++) {
        double a = new_ns[i], b = old_ns[i];
        if (!(isfinite(a) && a > 0.0 && isfinite(b) && b > 0.0))
            return GSL_EINVAL;
        /* ln(a/b) itself whenever the quotient is a normal double (every realistic pair of
         * times); only a ratio beyond 1e308 or below 2.2e-308 takes the difference of logs,
         * which is finite for any finite positive times where the quotient is not. */
        double q = a / b;
        out[i] = q >= DBL_MIN && q <= DBL_MAX ? log(q) : log(a) - log(b);
    }
    return GSL_SUCCESS;
}

/* 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2): the exact coverage of [x_(k), x_(n+1-k)].
 * 1 <= k, n <= CRIT_PAIRED_MAX_N (so both fit GSL's unsigned int). */
static double coverage_of(size_t k, size_t n) {
    return 1.0 - 2.0 * gsl_cdf_binomial_P((unsigned)(k - 1), 0.5, (unsigned)n);
}

static int reaches(double coverage, double cl) { return coverage >= cl - COVERAGE_SLACK; }

int crit_paired_analyze(const double *log_ratios, size_t n, double cl, double *scratch,
                        crit_paired_stats *out) {
    if (!log_ratios || !scratch || !out || n == 0 || n > CRIT_PAIRED_MAX_N ||
        !(cl > 0.0 && cl < 1.0))
        return GSL_EINVAL;
    size_t npos = 0, nneg = 0;
    for (size_t i = 0; i < n; i++) {
        double r = log_ratios[i];
        if (!isfinite(r))
            return GSL_EINVAL;
        npos += r > 0.0;
        nneg += r < 0.0; /* -0.0 is a zero: neither */
    }
    memcpy(scratch, log_ratios, n * sizeof *scratch);
    crit_stats_sort(scratch, n);

    /* The interval narrows and its coverage falls as k grows, so the largest k that reaches the
     * level is found by bisection: O(log n) CDF evaluations. No k above n/2 can reach it:
     * P(B <= k - 1) >= P(B <= floor(n/2)) >= 1/2 by symmetry, so its coverage is <= 0 < cl.
     * When k = 1 falls short (n = 1 always: its coverage is 0) the interval is [min, max],
     * which is k = 1's interval, reported with k = 1's coverage. */
    size_t k = 1;
    double coverage = coverage_of(1, n);
    if (reaches(coverage, cl)) {
        size_t lo = 1, hi = n / 2; /* lo reaches the level; nothing above hi does */
        while (lo < hi) {
            size_t mid = lo + (hi - lo + 1) / 2;
            if (reaches(coverage_of(mid, n), cl))
                lo = mid;
            else
                hi = mid - 1;
        }
        k = lo;
        coverage = coverage_of(k, n);
    }

    /* Sign test: a zero ratio says nothing about the direction and is dropped. */
    size_t m = npos + nneg, tail = npos < nneg ? npos : nneg;
    double p = 1.0;
    if (m > 0) {
        p = 2.0 * gsl_cdf_binomial_P((unsigned)tail, 0.5, (unsigned)m);
        if (p > 1.0) /* tail = m/2 (npos == nneg) counts the middle term twice */
            p = 1.0;
    }

    out->n = n;
    out->point = crit_stats_quantile_sorted(scratch, n, 0.5);
    out->lower = scratch[k - 1];
    out->upper = scratch[n - k];
    out->coverage = coverage;
    out->p_value = p;
    out->npos = npos;
    out->nneg = nneg;
    return GSL_SUCCESS;
}
