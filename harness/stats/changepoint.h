/* changepoint.h: change points of a series by E-divisive means (Matteson & James 2014, "A
 * nonparametric approach for multiple change point analysis of multivariate data", JASA 109;
 * the method of MongoDB's signal processing and Apache Otava/Hunter), with a permutation test
 * for each new point. Part of stats/: pure maths on const arrays, GSL's RNG, no printing. */
#ifndef CRIT_CHANGEPOINT_H
#define CRIT_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

/* Settings of crit_edivisive. */
typedef struct crit_edivisive_config {
    double alpha;        /* distance exponent |x - y|^alpha, in (0, 2) (1) */
    size_t min_size;     /* shortest segment a split may leave, >= 2 (3) */
    size_t permutations; /* permutations of each significance test, >= 1 (199) */
    double significance; /* a split is kept when its permutation p <= this (0.01) */
    uint64_t seed;       /* seed of the permutations (GSL's mt19937): same input, same points */
} crit_edivisive_config;

/* The defaults above. */
void crit_edivisive_config_default(crit_edivisive_config *cfg);

/* The E-divisive statistic of splitting x[0..n) before index tau (left x[0..tau), right
 * x[tau..n), sizes m and k): Q = m k / (m + k) * (2/(m k) sum|l - r|^a - 1/C(m,2) sum|l - l'|^a
 * - 1/C(k,2) sum|r - r'|^a); a within-sum over fewer than two points counts as 0. NaN when
 * tau is 0 or >= n. O(n^2). */
double crit_edivisive_q(const double *x, size_t n, size_t tau, double alpha);

/* Finds change points of x[0..n) by E-divisive means: repeatedly splits the segment whose best
 * split (the largest Q, each side at least min_size long) is largest over all segments, while
 * a permutation test says that split is significant (p = (1 + #{permutations whose largest Q
 * over all segments, each segment's values shuffled in place, >= the observed Q}) /
 * (permutations + 1)). Writes at most max indices to cps, ascending (index i: a new segment
 * starts at x[i]), and p of each to pvalues when not NULL; *ncp gets the count. Returns
 * GSL_SUCCESS, GSL_EINVAL (a non-finite value or a setting out of range) or GSL_ENOMEM. Work
 * O(n^2 (permutations + 1)) per point found. Deterministic for a given seed. */
int crit_edivisive(const double *x, size_t n, const crit_edivisive_config *cfg, size_t *cps,
                   double *pvalues, size_t max, size_t *ncp);

#endif
