/* analysis.c: the bridge from a raw crit_sample to model.h's crit_analysis: per-iteration
 * averages, bootstrap estimates, slope and R^2, Tukey labels, metrics and the comparison with
 * a baseline. All maths is delegated to the closed stats module (stats.h). */
#include "analysis.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "stats.h"

/* Each statistic's bootstrap draws from its own stream so that, e.g., the comparison of two
 * samples does not change with whether the slope was bootstrapped first. */
enum { STREAM_ESTIMATES = 0, STREAM_SLOPE = 1, STREAM_T = 2, STREAM_CHANGE = 3 };

/* Buffers of one analysis: n-sized copies of the sample and B-sized distributions. */
typedef struct work {
    size_t n, nresamples;
    double *avg;     /* a_i in sample order */
    double *sorted;  /* a_i ascending */
    double *scratch; /* n doubles */
    double *dist;    /* DIST_SLOTS(keep) * nresamples doubles */
    gsl_rng *master; /* mt19937, re-seeded per stream */
    /* Where each bootstrap writes, in units of nresamples: all reuse slot 0 (univariate 0-3)
     * unless the distributions are kept for the caller, then slope is slot 4 and the t test
     * and then the two changes use slots 5-6. Only the addresses differ: same numbers. */
    size_t slope_slot, change_slot;
} work;

/* 4 univariate distributions, + slope + 2 changes when kept. */
#define DIST_SLOTS(keep) ((keep) ? 7u : 4u)

static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;

static void gsl_quiet(void) {
    /* GSL aborts on error by default; every status is checked here instead. */
    gsl_set_error_handler_off();
}

int crit_analysis_status(int gsl_status) {
    if (gsl_status == GSL_SUCCESS)
        return 0;
    return gsl_status == GSL_ENOMEM ? -CRIT_ENOMEM : -CRIT_EINVAL;
}

static bool valid_sample(const crit_sample *s) {
    if (!s || s->n < 2 || !s->iters || !s->times)
        return false;
    for (size_t i = 0; i < s->n; i++)
        if (!(s->iters[i] > 0.0 && isfinite(s->iters[i]) && s->times[i] >= 0.0 &&
              isfinite(s->times[i])))
            return false;
    return true;
}

static bool valid_config(const crit_analysis_config *cfg, bool comparing) {
    if (!cfg || cfg->nresamples == 0 || cfg->nresamples > SIZE_MAX / (4 * sizeof(double)) ||
        !(cfg->confidence_level > 0.0 && cfg->confidence_level < 1.0))
        return false;
    if (cfg->keep_distributions && cfg->nresamples > SIZE_MAX / (DIST_SLOTS(true) * sizeof(double)))
        return false;
    if (!comparing)
        return true;
    return cfg->significance_level > 0.0 && cfg->significance_level < 1.0 &&
           cfg->noise_threshold >= 0.0 && isfinite(cfg->noise_threshold);
}

/* The 64-bit seed folded to mt19937's 32 bits, offset per stream by the golden-ratio constant
 * (a seed derivation, not a generator: the draws all come from GSL). */
static unsigned long stream_seed(uint64_t seed, unsigned stream) {
    uint32_t folded = (uint32_t)(seed ^ (seed >> 32));
    return (unsigned long)(uint32_t)(folded + stream * 0x9E3779B9u);
}

static crit_bootstrap stream(const work *w, const crit_analysis_config *cfg, unsigned id) {
    gsl_rng_set(w->master, stream_seed(cfg->seed, id));
    return (crit_bootstrap){cfg->nresamples, w->master, 0};
}

static void work_fini(work *w) {
    free(w->avg);
    free(w->sorted);
    free(w->scratch);
    free(w->dist);
    if (w->master)
        gsl_rng_free(w->master);
    *w = (work){0}; /* idempotent: a failed init and the caller may both finalise */
}

/* Allocates avg/sorted (w->n set) and fills them with a_i = times_i / iters_i of `s`, in sample
 * order and ascending. Returns 0 or -CRIT_ENOMEM (the caller finalises w either way). */
static int fill_averages(work *w, const crit_sample *s) {
    w->avg = malloc(s->n * sizeof *w->avg);
    w->sorted = malloc(s->n * sizeof *w->sorted);
    if (!w->avg || !w->sorted)
        return -CRIT_ENOMEM;
    for (size_t i = 0; i < s->n; i++)
        w->avg[i] = s->times[i] / s->iters[i];
    memcpy(w->sorted, w->avg, s->n * sizeof *w->sorted);
    crit_stats_sort(w->sorted, s->n);
    return 0;
}

/* The sample's buffers: averages, scratch, distributions and the generator. */
static int work_init(work *w, const crit_sample *s, size_t nresamples, bool keep) {
    *w = (work){.n = s->n,
                .nresamples = nresamples,
                .slope_slot = keep ? 4 : 0,
                .change_slot = keep ? 5 : 0};
    w->scratch = malloc(s->n * sizeof *w->scratch);
    w->dist = malloc(DIST_SLOTS(keep) * nresamples * sizeof *w->dist);
    w->master = gsl_rng_alloc(gsl_rng_mt19937);
    if (!w->scratch || !w->dist || !w->master || fill_averages(w, s) != 0) {
        work_fini(w);
        return -CRIT_ENOMEM;
    }
    return 0;
}

/* Point estimates + summaries of their bootstrap distributions (which get sorted, in
 * parallel): e[i] gets points[i] and dists[i]; k <= 4. */
static int estimates(crit_estimate *const *e, const double *points, double *const *dists, size_t k,
                     size_t len, double cl) {
    crit_interval iv[4];
    int rc = crit_analysis_status(crit_bootstrap_intervals(dists, k, len, cl, 0, iv));
    for (size_t i = 0; rc == 0 && i < k; i++)
        *e[i] = (crit_estimate){points[i], iv[i].lower, iv[i].upper, iv[i].std_err, cl};
    return rc;
}

static int estimate_univariate(work *w, const crit_analysis_config *cfg, crit_estimates *est) {
    size_t n = w->n, nr = w->nresamples;
    double mean = crit_stats_mean(w->avg, n);
    double median = crit_stats_median_sorted(w->sorted, n);
    double points[4] = {mean, crit_stats_std_dev(w->avg, n, mean), median,
                        crit_stats_mad(w->avg, n, median, w->scratch)};
    double *const dists[4] = {w->dist, w->dist + nr, w->dist + 2 * nr, w->dist + 3 * nr};
    crit_estimate *const e[4] = {&est->mean, &est->std_dev, &est->median, &est->median_abs_dev};

    crit_bootstrap_univariate_out d = {dists[0], dists[1], dists[2], dists[3]};
    crit_bootstrap b = stream(w, cfg, STREAM_ESTIMATES);
    int rc = crit_analysis_status(crit_bootstrap_univariate(&b, w->sorted, n, &d));
    if (rc == 0)
        rc = estimates(e, points, dists, 4, nr, cfg->confidence_level);
    return rc;
}

/* Slope and R^2 (point and at the interval's bounds) in Linear mode; NaN in Flat mode. */
static int estimate_slope(work *w, const crit_sample *s, const crit_analysis_config *cfg,
                          crit_analysis *out) {
    crit_estimate *e = &out->est.slope;
    if (s->mode != CRIT_MODE_LINEAR) {
        *e = (crit_estimate){NAN, NAN, NAN, NAN, cfg->confidence_level};
        out->est.has_slope = false;
        out->r2 = out->r2_lower = out->r2_upper = NAN;
        return 0;
    }
    double *dist = w->dist + w->slope_slot * w->nresamples;
    crit_bootstrap b = stream(w, cfg, STREAM_SLOPE);
    int rc = crit_analysis_status(crit_bootstrap_slope(&b, s->iters, s->times, s->n, dist));
    double point = crit_regression_slope(s->iters, s->times, s->n);
    if (rc == 0)
        rc = estimates(&e, &point, &dist, 1, w->nresamples, cfg->confidence_level);
    if (rc != 0)
        return rc;
    out->est.has_slope = true;
    out->r2 = crit_regression_r2(s->iters, s->times, s->n, e->point);
    out->r2_lower = crit_regression_r2(s->iters, s->times, s->n, e->lower);
    out->r2_upper = crit_regression_r2(s->iters, s->times, s->n, e->upper);
    return 0;
}

/* model.h's labels are the stats module's, renamed; the table keeps them decoupled. */
static const crit_outlier_label to_model_label[CRIT_TUKEY_NLABELS] = {
    [CRIT_TUKEY_LOW_SEVERE] = CRIT_OUTLIER_LOW_SEVERE,
    [CRIT_TUKEY_LOW_MILD] = CRIT_OUTLIER_LOW_MILD,
    [CRIT_TUKEY_NOT_OUTLIER] = CRIT_OUTLIER_NONE,
    [CRIT_TUKEY_HIGH_MILD] = CRIT_OUTLIER_HIGH_MILD,
    [CRIT_TUKEY_HIGH_SEVERE] = CRIT_OUTLIER_HIGH_SEVERE,
};

int crit_analysis_label(const double *x, size_t n, unsigned char *labels) {
    size_t counts[CRIT_TUKEY_NLABELS];
    int rc = crit_tukey_label_unsorted(x, n, labels, counts);
    if (rc == GSL_ENOMEM)
        return -CRIT_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++)
        labels[i] = (unsigned char)to_model_label[labels[i]];
    return 0; /* n == 0: nothing to label */
}

/* Fences, labels and counts on a_i (labels in sample order), cv and percentiles. */
static int describe(const work *w, crit_analysis *out) {
    crit_tukey f;
    int rc = crit_analysis_status(crit_tukey_fences(w->sorted, w->n, &f));
    if (rc != 0)
        return rc;
    out->fences = (crit_fences){f.low_severe, f.low_mild, f.high_mild, f.high_severe};
    out->labels = malloc(w->n);
    if (!out->labels)
        return -CRIT_ENOMEM;
    out->n = w->n;
    size_t counts[CRIT_TUKEY_NLABELS];
    crit_tukey_label_all(&f, w->avg, w->n, out->labels, counts);
    for (size_t i = 0; i < w->n; i++)
        out->labels[i] = (unsigned char)to_model_label[out->labels[i]];
    out->counts = (crit_outlier_counts){
        counts[CRIT_TUKEY_LOW_SEVERE], counts[CRIT_TUKEY_LOW_MILD], counts[CRIT_TUKEY_NOT_OUTLIER],
        counts[CRIT_TUKEY_HIGH_MILD], counts[CRIT_TUKEY_HIGH_SEVERE]};
    out->cv = crit_stats_cv(out->est.std_dev.point, out->est.mean.point);
    out->p50 = crit_stats_quantile_sorted(w->sorted, w->n, 0.50);
    out->p90 = crit_stats_quantile_sorted(w->sorted, w->n, 0.90);
    out->p95 = crit_stats_quantile_sorted(w->sorted, w->n, 0.95);
    out->p99 = crit_stats_quantile_sorted(w->sorted, w->n, 0.99);
    return 0;
}

static crit_verdict verdict_of(crit_compare_result r) {
    switch (r) {
    case CRIT_COMPARE_IMPROVED: return CRIT_VERDICT_IMPROVED;
    case CRIT_COMPARE_REGRESSED: return CRIT_VERDICT_REGRESSED;
    case CRIT_COMPARE_WITHIN_NOISE: return CRIT_VERDICT_WITHIN_NOISE;
    case CRIT_COMPARE_NO_CHANGE: break;
    }
    return CRIT_VERDICT_NO_CHANGE;
}

/* The t test and the relative change against the baseline `bw` (its own work buffers). */
static int compare(work *w, const work *bw, const crit_analysis_config *cfg, crit_change *ch) {
    size_t nr = w->nresamples, m = 0;
    double *dist = w->dist + w->change_slot * nr;
    ch->significance_level = cfg->significance_level;
    ch->noise_threshold = cfg->noise_threshold;
    ch->t_value = crit_compare_welch_t(w->avg, w->n, bw->avg, bw->n);
    crit_bootstrap b = stream(w, cfg, STREAM_T);
    int rc = crit_analysis_status(crit_compare_t_distribution(&b, w->avg, w->n, bw->avg, bw->n,
                                                              dist, &m));
    if (rc != 0)
        return rc;
    ch->p_value = crit_compare_p_value(dist, m, ch->t_value);

    double mean_point, median_point;
    crit_compare_change_points(w->sorted, w->n, bw->sorted, bw->n, &mean_point, &median_point);
    b = stream(w, cfg, STREAM_CHANGE);
    rc = crit_analysis_status(crit_compare_change(&b, w->sorted, w->n, bw->sorted, bw->n, dist,
                                                  dist + nr));
    crit_estimate *const e[2] = {&ch->mean, &ch->median};
    double points[2] = {mean_point, median_point};
    double *const dists[2] = {dist, dist + nr};
    if (rc == 0)
        rc = estimates(e, points, dists, 2, nr, cfg->confidence_level);
    if (rc == 0)
        ch->verdict = verdict_of(crit_compare_verdict(ch->p_value, cfg->significance_level,
                                                      ch->mean.lower, ch->mean.upper,
                                                      cfg->noise_threshold));
    return rc;
}

/* Baseline buffers: only avg and sorted are needed, so no distributions or generator. */
static int base_init(work *bw, const crit_sample *base) {
    *bw = (work){.n = base->n};
    int rc = fill_averages(bw, base);
    if (rc != 0)
        work_fini(bw);
    return rc;
}

/* Hands w's distributions over to out->dist (w->dist becomes NULL). */
static void keep_distributions(work *w, crit_analysis *out) {
    size_t nr = w->nresamples;
    double *d = w->dist;
    out->dist = (crit_distributions){
        .len = nr,
        .mean = d,
        .std_dev = d + nr,
        .median = d + 2 * nr,
        .median_abs_dev = d + 3 * nr,
        .slope = out->est.has_slope ? d + w->slope_slot * nr : NULL,
        .change_mean = out->compared ? d + w->change_slot * nr : NULL,
        .change_median = out->compared ? d + (w->change_slot + 1) * nr : NULL,
        .block_ = d,
    };
    w->dist = NULL;
}

int crit_analyze(const crit_sample *s, const crit_sample *base, const crit_analysis_config *cfg,
                 crit_analysis *out) {
    if (!out)
        return -CRIT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!valid_sample(s) || (base && !valid_sample(base)) || !valid_config(cfg, base != NULL))
        return -CRIT_EINVAL;
    pthread_once(&gsl_quiet_once, gsl_quiet);

    work w, bw = {0};
    int rc = work_init(&w, s, cfg->nresamples, cfg->keep_distributions);
    if (rc != 0)
        return rc;
    rc = estimate_univariate(&w, cfg, &out->est);
    if (rc == 0)
        rc = estimate_slope(&w, s, cfg, out);
    if (rc == 0)
        rc = describe(&w, out);
    if (rc == 0 && base) {
        rc = base_init(&bw, base);
        if (rc == 0)
            rc = compare(&w, &bw, cfg, &out->change);
        out->compared = rc == 0;
    }
    if (rc == 0 && cfg->keep_distributions)
        keep_distributions(&w, out);
    work_fini(&bw);
    work_fini(&w);
    if (rc != 0) {
        crit_analysis_fini(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void crit_analysis_fini(crit_analysis *a) {
    if (!a)
        return;
    free(a->labels);
    a->labels = NULL;
    a->n = 0;
    free(a->dist.block_);
    a->dist = (crit_distributions){0};
}

/* ---- paired changes (bench --against, --aa) ---------------------------------------------- */

int crit_analyze_paired(const double *new_ns, const double *old_ns, size_t n,
                        const crit_analysis_config *cfg, crit_change *out) {
    memset(out, 0, sizeof *out);
    if (n == 0 || !(cfg->confidence_level > 0 && cfg->confidence_level < 1) ||
        !(cfg->significance_level > 0 && cfg->significance_level < 1) ||
        !(cfg->noise_threshold >= 0))
        return -CRIT_EINVAL;
    double *r = malloc(2 * n * sizeof *r);
    if (!r)
        return -CRIT_ENOMEM;
    crit_paired_stats ps;
    int rc = crit_paired_log_ratios(new_ns, old_ns, n, r);
    if (rc == GSL_SUCCESS)
        rc = crit_paired_analyze(r, n, cfg->confidence_level, r + n, &ps);
    free(r);
    if (rc != GSL_SUCCESS)
        return crit_analysis_status(rc);
    /* the normal-theory standard error an interval of this width and coverage would have */
    double z = gsl_cdf_ugaussian_Pinv(0.5 + ps.coverage / 2);
    crit_estimate e = {
        .point = expm1(ps.point),
        .lower = expm1(ps.lower),
        .upper = expm1(ps.upper),
        .std_err = isfinite(z) && z > 0 ? (expm1(ps.upper) - expm1(ps.lower)) / (2 * z) : 0,
        .confidence_level = cfg->confidence_level,
    };
    out->mean = e;
    out->median = e;
    out->t_value = NAN;
    out->p_value = ps.p_value;
    out->significance_level = cfg->significance_level;
    out->noise_threshold = cfg->noise_threshold;
    out->verdict = verdict_of(crit_compare_verdict(ps.p_value, cfg->significance_level, e.lower,
                                                   e.upper, cfg->noise_threshold));
    out->method = CRIT_CHANGE_PAIRED;
    out->rounds = n;
    return 0;
}

int crit_analysis_aa(const crit_change *changes, size_t runs, crit_aa *out) {
    memset(out, 0, sizeof *out);
    if (runs == 0)
        return -CRIT_EINVAL;
    double *abs_change = malloc(runs * sizeof *abs_change);
    if (!abs_change)
        return -CRIT_ENOMEM;
    for (size_t i = 0; i < runs; i++) {
        crit_verdict v = changes[i].verdict;
        out->false_alarms += v == CRIT_VERDICT_REGRESSED || v == CRIT_VERDICT_IMPROVED;
        out->within_noise += v == CRIT_VERDICT_WITHIN_NOISE;
        abs_change[i] = fabs(changes[i].mean.point);
    }
    crit_stats_sort(abs_change, runs);
    out->noise_floor = crit_stats_quantile_sorted(abs_change, runs, 0.95);
    free(abs_change);
    out->used = true;
    out->runs = runs;
    return 0;
}

/* ---- exact counts (--measure instructions) ------------------------------------------------ */

int crit_analyze_count_change(double now, double base, const crit_analysis_config *cfg,
                              crit_change *out) {
    memset(out, 0, sizeof *out);
    if (!(isfinite(now) && isfinite(base) && base > 0 && now >= 0))
        return -CRIT_EINVAL;
    double change = now / base - 1;
    crit_estimate e = {change, change, change, 0, cfg->confidence_level};
    out->mean = e;
    out->median = e;
    out->t_value = NAN;
    out->p_value = now == base ? 1 : 0;
    out->significance_level = cfg->significance_level;
    out->noise_threshold = cfg->noise_threshold;
    out->verdict = verdict_of(crit_compare_verdict(out->p_value, cfg->significance_level, change,
                                                   change, cfg->noise_threshold));
    return 0;
}
