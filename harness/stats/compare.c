/* compare.c: a new sample against its baseline, as criterion's analysis::compare does it:
 * Welch's t with a bootstrapped (pooled, re-split) null distribution and a two-tailed p value,
 * bootstrapped relative changes of mean and median, and the four-way verdict. */
#define HAVE_INLINE /* GSL inlines gsl_rng_uniform: the t resampling loop is all draws */

#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

double crit_compare_welch_t(const double *a, size_t na, const double *b, size_t nb) {
    double mean_a = crit_stats_mean(a, na), mean_b = crit_stats_mean(b, nb);
    double var_a = crit_stats_var(a, na, mean_a), var_b = crit_stats_var(b, nb, mean_b);
    return (mean_a - mean_b) / sqrt(var_a / (double)na + var_b / (double)nb);
}

typedef struct t_ctx {
    const double *pool;
    size_t na, nb;
    double *out;
} t_ctx;

static void t_kernel(const void *vctx, gsl_rng *rng, size_t start, size_t end, void *scratch) {
    const t_ctx *c = vctx;
    size_t npool = c->na + c->nb;
    double *resample = scratch;
    for (size_t i = start; i < end; i++) {
        for (size_t j = 0; j < npool; j++)
            resample[j] = c->pool[crit_bootstrap_index(rng, npool)];
        c->out[i] = crit_compare_welch_t(resample, c->na, resample + c->na, c->nb);
    }
}

int crit_compare_t_distribution(const crit_bootstrap *b, const double *a, size_t na,
                                const double *bs, size_t nb, double *out, size_t *nfinite) {
    if (!b || !a || !bs || !out || !nfinite || na < 2 || nb < 2)
        return GSL_EINVAL;
    /* Under H0 both samples come from one population: the pool estimates it. */
    double *pool = malloc((na + nb) * sizeof *pool);
    if (!pool)
        return GSL_ENOMEM;
    memcpy(pool, a, na * sizeof *pool);
    memcpy(pool + na, bs, nb * sizeof *pool);
    t_ctx ctx = {pool, na, nb, out};
    int rc = crit_bootstrap_run(b, CRIT_BOOTSTRAP_CHUNKS, t_kernel, &ctx,
                                (na + nb) * sizeof(double));
    free(pool);
    if (rc != GSL_SUCCESS)
        return rc;
    /* criterion drops non-finite t* (resamples whose halves are both constant); compacting in
     * resample order keeps the result independent of threading. */
    size_t m = 0;
    for (size_t i = 0; i < b->nresamples; i++)
        if (isfinite(out[i]))
            out[m++] = out[i];
    *nfinite = m;
    return GSL_SUCCESS;
}

double crit_compare_p_value(const double *t_dist, size_t m, double t) {
    /* Without a finite null distribution, or with t = 0/0 (both samples constant and equal),
     * there is no evidence of a difference; criterion would report NaN (or, for NaN t,
     * p = 0 since no t* compares below NaN). */
    if (m == 0 || isnan(t))
        return 1.0;
    size_t hits = 0;
    for (size_t i = 0; i < m; i++)
        hits += t_dist[i] < t;
    size_t tail = hits < m - hits ? hits : m - hits;
    return (double)tail / (double)m * 2.0;
}

void crit_compare_change_points(const double *new_sorted, size_t nn, const double *base_sorted,
                                size_t nb, double *mean_change, double *median_change) {
    *mean_change = crit_stats_mean(new_sorted, nn) / crit_stats_mean(base_sorted, nb) - 1.0;
    *median_change =
        crit_stats_median_sorted(new_sorted, nn) / crit_stats_median_sorted(base_sorted, nb) - 1.0;
}

typedef struct change_ctx {
    const double *new_sorted, *base_sorted;
    size_t nn, nb;
    double *mean_out, *median_out;
} change_ctx;

static void change_kernel(const void *vctx, gsl_rng *rng, size_t start, size_t end, void *scratch) {
    const change_ctx *c = vctx;
    double *new_res = scratch;
    double *base_res = new_res + c->nn + CRIT_BOOTSTRAP_PAD;
    uint32_t *counts = (uint32_t *)(base_res + c->nb + CRIT_BOOTSTRAP_PAD);
    /* criterion's two-sample bootstrap: one resample of the new sample per chunk, paired with
     * a fresh baseline resample for every element of the chunk. */
    crit_bootstrap_resample_sorted(rng, c->new_sorted, c->nn, counts, new_res);
    double mean_new = crit_stats_mean(new_res, c->nn);
    double median_new = crit_stats_median_sorted(new_res, c->nn);
    for (size_t i = start; i < end; i++) {
        crit_bootstrap_resample_sorted(rng, c->base_sorted, c->nb, counts, base_res);
        c->mean_out[i] = mean_new / crit_stats_mean(base_res, c->nb) - 1.0;
        c->median_out[i] = median_new / crit_stats_median_sorted(base_res, c->nb) - 1.0;
    }
}

int crit_compare_change(const crit_bootstrap *b, const double *new_sorted, size_t nn,
                        const double *base_sorted, size_t nb, double *mean_out,
                        double *median_out) {
    if (!b || !new_sorted || !base_sorted || !mean_out || !median_out || nn == 0 || nb == 0 ||
        b->nresamples == 0)
        return GSL_EINVAL;
    change_ctx ctx = {new_sorted, base_sorted, nn, nb, mean_out, median_out};
    size_t nchunks = (size_t)ceil(sqrt((double)b->nresamples));
    size_t ncounts = nn > nb ? nn : nb;
    size_t scratch = (nn + nb + 2 * CRIT_BOOTSTRAP_PAD) * sizeof(double) +
                     ncounts * sizeof(uint32_t);
    return crit_bootstrap_run(b, nchunks, change_kernel, &ctx, scratch);
}

crit_compare_result crit_compare_verdict(double p, double significance, double lower, double upper,
                                         double noise) {
    /* Written as criterion's `p < significance` so that a NaN p means "no change". */
    if (!(p < significance))
        return CRIT_COMPARE_NO_CHANGE;
    if (lower < -noise && upper < -noise)
        return CRIT_COMPARE_IMPROVED;
    if (lower > noise && upper > noise)
        return CRIT_COMPARE_REGRESSED;
    return CRIT_COMPARE_WITHIN_NOISE;
}
