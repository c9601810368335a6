/* precision.c: precision-based stopping (--target-precision, declared in precision.h). The
 * sample is planned as criterion plans it, so the plan's measurement time is the ceiling; the
 * samples then run one at a time and, at checkpoints growing by a fifth from the 10th sample
 * on, the first k are analysed by the real crit_analyze (fewer resamples, the run's seed) until
 * the reported estimate's interval is within +-target of it. With Linear sampling the first k
 * of n planned samples take about (k/n)^2 of the time, which is where the saving comes from. */
#include "precision.h"

#include <math.h>
#include <string.h>

#include "analysis.h"

double crit_precision_of(const crit_estimate *typical) {
    double point = typical->point, lower = typical->lower, upper = typical->upper;
    if (!isfinite(point) || !isfinite(lower) || !isfinite(upper) || point == 0)
        return INFINITY;
    double p = (upper - lower) / 2.0 / fabs(point);
    return isfinite(p) ? fabs(p) : INFINITY; /* fabs: an interval given upside down */
}

size_t crit_precision_next_check(size_t k, size_t n) {
    if (k >= n)
        return n;
    size_t step = k / 5 + (k % 5 != 0);
    if (step == 0)
        step = 1;
    return step > n - k ? n : k + step;
}

static bool settings_ok(const crit_settings *st) {
    double p = st->target_precision, cl = st->confidence_level, sl = st->significance_level;
    return isfinite(p) && p > 0 && st->nresamples >= 1 && cl > 0 && cl < 1 && sl > 0 && sl < 1 &&
           st->noise_threshold >= 0 && isfinite(st->noise_threshold);
}

/* The precision of the typical estimate of the first k samples of s: 0 with *achieved set
 * (INFINITY when the analysis rejects them), or -CRIT_ENOMEM. */
static int check(const crit_sample *s, size_t k, const crit_analysis_config *cfg,
                 double *achieved) {
    crit_sample first = *s;
    first.n = k;
    crit_analysis a;
    int rc = crit_analyze(&first, NULL, cfg, &a);
    if (rc == -CRIT_ENOMEM)
        return rc;
    *achieved = rc == 0 ? crit_precision_of(crit_typical(&a.est)) : INFINITY;
    crit_analysis_fini(&a);
    return 0;
}

int crit_precision_sample(crit_bencher *b, crit_bench_fn fn, void *arg, crit_sample *s,
                          const crit_settings *st, uint64_t seed, crit_progress_fn progress,
                          void *ctx, crit_precision *out) {
    memset(out, 0, sizeof *out);
    if (!settings_ok(st) || s->n < 2)
        return -CRIT_EINVAL;
    crit_analysis_config cfg = {.nresamples = st->nresamples < CRIT_PRECISION_CHECK_RESAMPLES
                                                  ? st->nresamples
                                                  : CRIT_PRECISION_CHECK_RESAMPLES,
                                .confidence_level = st->confidence_level,
                                .significance_level = st->significance_level,
                                .noise_threshold = st->noise_threshold,
                                .seed = seed,
                                .keep_distributions = false};
    size_t planned = s->n;
    size_t next = planned < CRIT_PRECISION_MIN_SAMPLES ? planned : CRIT_PRECISION_MIN_SAMPLES;
    double wall_ns = 0, achieved = INFINITY;
    bool met = false;
    size_t k = 0;
    while (k < planned && !met) {
        int rc = crit_measure_once(b, fn, arg, (uint64_t)s->iters[k], &s->times[k]);
        if (rc)
            return rc;
        wall_ns += b->wall_ns;
        k++;
        if (progress)
            progress(k, planned, ctx);
        if (k == next) {
            rc = check(s, k, &cfg, &achieved);
            if (rc)
                return rc;
            met = achieved <= st->target_precision;
            next = crit_precision_next_check(k, planned);
        }
    }
    s->n = k;
    *out = (crit_precision){.used = true,
                            .target = st->target_precision,
                            .achieved = achieved,
                            .samples = k,
                            .time_s = wall_ns / 1e9,
                            .ceiling = !met};
    return 0;
}
