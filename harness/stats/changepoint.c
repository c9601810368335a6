/* changepoint.c: E-divisive means change points (changepoint.h): the split statistic updated
 * in O(1) sums per step so a segment's best split costs O(n^2), and the permutation test that
 * decides whether a split is kept. */
#include "changepoint.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

void crit_edivisive_config_default(crit_edivisive_config *cfg) {
    cfg->alpha = 1.0;
    cfg->min_size = 3;
    cfg->permutations = 199;
    cfg->significance = 0.01;
    cfg->seed = 1;
}

static double dist(double a, double b, double alpha) {
    double d = fabs(a - b);
    return alpha == 1.0 ? d : pow(d, alpha);
}

/* Q from the three sums of a split into m left and k right points. */
static double q_of(double between, double within_l, double within_r, size_t m, size_t k) {
    double dm = (double)m, dk = (double)k;
    double e = 2.0 * between / (dm * dk);
    if (m > 1)
        e -= 2.0 * within_l / (dm * (dm - 1.0));
    if (k > 1)
        e -= 2.0 * within_r / (dk * (dk - 1.0));
    return dm * dk / (dm + dk) * e;
}

double crit_edivisive_q(const double *x, size_t n, size_t tau, double alpha) {
    if (tau == 0 || tau >= n)
        return NAN;
    double b = 0, wl = 0, wr = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double d = dist(x[i], x[j], alpha);
            if (j < tau)
                wl += d;
            else if (i >= tau)
                wr += d;
            else
                b += d;
        }
    return q_of(b, wl, wr, tau, n - tau);
}

/* The best split of x[s..e) leaving at least min points each side: *q and *tau; false when
 * the segment is too short. The sums start at the first allowed split and move one point
 * from right to left per step. */
static bool best_split(const double *x, size_t s, size_t e, double alpha, size_t min, double *q,
                       size_t *tau) {
    if (e - s < 2 * min)
        return false;
    size_t t = s + min;
    double b = 0, wl = 0, wr = 0;
    for (size_t i = s; i < e; i++)
        for (size_t j = i + 1; j < e; j++) {
            double d = dist(x[i], x[j], alpha);
            if (j < t)
                wl += d;
            else if (i >= t)
                wr += d;
            else
                b += d;
        }
    *q = -INFINITY;
    for (;; t++) {
        double v = q_of(b, wl, wr, t - s, e - t);
        if (v > *q)
            *q = v, *tau = t;
        if (t + 1 > e - min)
            break;
        double row_l = 0, row_r = 0;
        for (size_t i = s; i < t; i++)
            row_l += dist(x[i], x[t], alpha);
        for (size_t j = t + 1; j < e; j++)
            row_r += dist(x[t], x[j], alpha);
        wl += row_l;
        wr -= row_r;
        b += row_r - row_l;
    }
    return true;
}

/* The largest best-split Q over the segments bounds[k]..bounds[k+1] (nb bounds); *seg gets
 * the segment and *tau the split (may be NULL). -INFINITY when no segment can be split. */
static double best_over(const double *x, const size_t *bounds, size_t nb, double alpha, size_t min,
                        size_t *seg, size_t *tau) {
    double best = -INFINITY;
    for (size_t k = 0; k + 1 < nb; k++) {
        double q;
        size_t t;
        if (best_split(x, bounds[k], bounds[k + 1], alpha, min, &q, &t) && q > best) {
            best = q;
            if (seg)
                *seg = k;
            if (tau)
                *tau = t;
        }
    }
    return best;
}

/* p of the observed largest Q: each permutation shuffles every segment of a copy in place. */
static double permutation_p(const double *x, double *work, size_t n, const size_t *bounds,
                            size_t nb, double observed, const crit_edivisive_config *cfg,
                            gsl_rng *rng) {
    size_t count = 0;
    memcpy(work, x, n * sizeof *work);
    for (size_t r = 0; r < cfg->permutations; r++) {
        for (size_t k = 0; k + 1 < nb; k++)
            gsl_ran_shuffle(rng, work + bounds[k], bounds[k + 1] - bounds[k], sizeof *work);
        double q = best_over(work, bounds, nb, cfg->alpha, cfg->min_size, NULL, NULL);
        /* a relative tolerance so that a permutation equal to the observation counts */
        if (q >= observed - 1e-12 * fabs(observed))
            count++;
    }
    return (double)(count + 1) / (double)(cfg->permutations + 1);
}

static bool config_ok(const crit_edivisive_config *c) {
    return c->alpha > 0 && c->alpha < 2 && c->min_size >= 2 && c->permutations >= 1 &&
           c->significance > 0 && c->significance < 1;
}

int crit_edivisive(const double *x, size_t n, const crit_edivisive_config *cfg, size_t *cps,
                   double *pvalues, size_t max, size_t *ncp) {
    *ncp = 0;
    if (!config_ok(cfg))
        return GSL_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return GSL_EINVAL;
    size_t *bounds = malloc((max + 2) * sizeof *bounds);
    double *work = malloc((n ? n : 1) * sizeof *work);
    double *pv = malloc((max ? max : 1) * sizeof *pv);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = bounds && work && pv && rng ? GSL_SUCCESS : GSL_ENOMEM;
    size_t nb = 2;
    if (rc == GSL_SUCCESS) {
        gsl_rng_set(rng, (unsigned long)cfg->seed);
        bounds[0] = 0;
        bounds[1] = n;
    }
    while (rc == GSL_SUCCESS && nb - 2 < max) {
        size_t seg = 0, tau = 0;
        double q = best_over(x, bounds, nb, cfg->alpha, cfg->min_size, &seg, &tau);
        if (!isfinite(q))
            break;
        double p = permutation_p(x, work, n, bounds, nb, q, cfg, rng);
        if (p > cfg->significance)
            break;
        /* insert tau after bounds[seg], keeping bounds (and the p values by point) in order */
        memmove(bounds + seg + 2, bounds + seg + 1, (nb - seg - 1) * sizeof *bounds);
        memmove(pv + seg + 1, pv + seg, (nb - 2 - seg) * sizeof *pv);
        bounds[seg + 1] = tau;
        pv[seg] = p;
        nb++;
    }
    if (rc == GSL_SUCCESS) {
        *ncp = nb - 2;
        for (size_t i = 0; i < *ncp; i++) {
            cps[i] = bounds[i + 1];
            if (pvalues)
                pvalues[i] = pv[i];
        }
    }
    free(bounds);
    free(work);
    free(pv);
    gsl_rng_free(rng);
    return rc;
}
