/* stats.h: libcrit's closed statistics module (stats.c, outliers.c, regression.c, bootstrap.c,
 * compare.c, kde.c, paired.c), private to harness/. Pure maths on const arrays with GSL; like
 * criterion.rs's stats/ it imports nothing else from harness/ (analysis.c maps its results onto model.h). */
#ifndef CRIT_STATS_H
#define CRIT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Status codes: functions that can fail return GSL's codes, GSL_SUCCESS (0), GSL_EINVAL (bad
 * arguments) or GSL_ENOMEM (an allocation failed); callers outside the module translate them. */

/* ---- stats.c: descriptive statistics (criterion's Sample methods) ------------------------ */

/* Scale that makes the MAD a consistent estimator of a normal distribution's sigma. */
#define CRIT_MAD_SCALE 1.4826

/* Arithmetic mean sum(x)/n, summed left to right as criterion does. NaN when n == 0. O(n). */
double crit_stats_mean(const double *x, size_t n);
/* Sample variance sum((x - mean)^2)/(n - 1) around the given mean. NaN when n < 2. O(n). */
double crit_stats_var(const double *x, size_t n, double mean);
/* sqrt(crit_stats_var(x, n, mean)): the N-1 standard deviation. NaN when n < 2. O(n). */
double crit_stats_std_dev(const double *x, size_t n, double mean);
/* Sorts x ascending in place (gsl_sort). x must hold no NaN. O(n log n). */
void crit_stats_sort(double *x, size_t n);
/* Quantile p in [0, 1] of ascending data by linear interpolation at rank p*(n-1): criterion's
 * Percentiles::at(100p), computed by gsl_stats_quantile_from_sorted_data. NaN when n == 0 or
 * p is outside [0, 1]. O(1). */
double crit_stats_quantile_sorted(const double *sorted, size_t n, double p);
/* crit_stats_quantile_sorted's value (bit for bit) on UNORDERED data, by two quickselects
 * (gsl_stats_select) instead of a sort; REORDERS x. NaN as above. Expected O(n). */
double crit_stats_quantile_select(double *x, size_t n, double p);
/* Median of ascending data (the 0.5 quantile). NaN when n == 0. O(1). */
double crit_stats_median_sorted(const double *sorted, size_t n);
/* Median of unordered data by quickselect (gsl_stats_median); REORDERS x. Same value as
 * crit_stats_median_sorted on the sorted data. NaN when n == 0. Expected O(n). */
double crit_stats_median_select(double *x, size_t n);
/* Median absolute deviation around `median`, scaled: median(|x - median|) * 1.4826.
 * scratch: n doubles owned by the caller (overwritten). NaN when n == 0. Expected O(n). */
double crit_stats_mad(const double *x, size_t n, double median, double *scratch);
/* Same value as crit_stats_mad (bit for bit) for ascending data, in O(n) without a select:
 * used by the bootstrap, whose resamples come out ascending. scratch: n doubles. */
double crit_stats_mad_sorted(const double *sorted, size_t n, double median, double *scratch);
/* Coefficient of variation std_dev / mean; NaN when mean == 0. */
double crit_stats_cv(double std_dev, double mean);

/* ---- outliers.c: Tukey's fences (criterion's univariate::outliers::tukey) ----------------- */

/* The four fences, in criterion's (and tukey.json's) order. */
typedef struct crit_tukey {
    double low_severe;  /* Q1 - 3 IQR */
    double low_mild;    /* Q1 - 1.5 IQR */
    double high_mild;   /* Q3 + 1.5 IQR */
    double high_severe; /* Q3 + 3 IQR */
} crit_tukey;

/* A point's class; the values are also indexes into a counts[CRIT_TUKEY_NLABELS] array. */
typedef enum {
    CRIT_TUKEY_LOW_SEVERE = 0,
    CRIT_TUKEY_LOW_MILD,
    CRIT_TUKEY_NOT_OUTLIER,
    CRIT_TUKEY_HIGH_MILD,
    CRIT_TUKEY_HIGH_SEVERE,
    CRIT_TUKEY_NLABELS
} crit_tukey_label;

/* Fences from ascending data (quartiles at ranks 0.25(n-1) and 0.75(n-1)). Returns GSL_EINVAL
 * when n == 0 (out untouched), else GSL_SUCCESS. O(1). */
int crit_tukey_fences(const double *sorted, size_t n, crit_tukey *out);
/* criterion's rule, in its order: x < low_severe, x > high_severe, x < low_mild, x > high_mild,
 * else not an outlier. All-equal data (every fence equal) labels every point not an outlier. */
crit_tukey_label crit_tukey_classify(const crit_tukey *f, double x);
/* Labels x[0..n) into labels[0..n) (crit_tukey_label values) and sets counts[label] to the
 * number of points per class. Both outputs owned by the caller. O(n). */
void crit_tukey_label_all(const crit_tukey *f, const double *x, size_t n, unsigned char *labels,
                          size_t counts[CRIT_TUKEY_NLABELS]);
/* The same labels and counts for unordered x[0..n): the fences of a sorted copy, then
 * crit_tukey_label_all. For data that no analysis labelled (a baseline sample, a violin's
 * log-scaled times). x must hold no NaN. Returns GSL_EINVAL when n == 0 (outputs untouched),
 * GSL_ENOMEM, else GSL_SUCCESS. O(n log n). */
int crit_tukey_label_unsorted(const double *x, size_t n, unsigned char *labels,
                              size_t counts[CRIT_TUKEY_NLABELS]);

/* ---- regression.c: least squares through the origin (criterion's Slope) ------------------ */

/* Slope sum(x*y)/sum(x*x) of y = m x; NaN when n == 0, +-inf or NaN when sum(x*x) == 0. O(n). */
double crit_regression_slope(const double *x, const double *y, size_t n);
/* R^2 = 1 - SS_res/SS_tot of the line y = slope*x, with SS_res = sum((y - slope x)^2) and
 * SS_tot = sum((y - mean(y))^2). (criterion.rs accumulates ss_tot from ss_res; we don't.)
 * NaN when n == 0 or SS_tot == 0 (all y equal: R^2 is undefined). O(n). */
double crit_regression_r2(const double *x, const double *y, size_t n, double slope);

/* ---- bootstrap.c: chunked, seeded, multi-threaded resampling ---------------------------- */

/* Resamples are cut into a fixed number of chunks; chunk c gets its own generator (type
 * CRIT_BOOTSTRAP_RNG) seeded with the c-th gsl_rng_get() of the caller's master generator and
 * writes only its own slice of the output. Results therefore depend on (master state, data,
 * nresamples) and never on the number of threads or on scheduling. */
#define CRIT_BOOTSTRAP_CHUNKS 32
#define CRIT_BOOTSTRAP_MAX_THREADS 8
/* taus2 (L'Ecuyer's maximally equidistributed Tausworthe, period 2^88) rather than mt19937 for
 * the chunks: GSL's mt19937 takes 7.3 ns per draw here against 2.7 ns, and ~50 million draws
 * per analysis must fit the 0.25 s budget. The master generator stays mt19937. */
#define CRIT_BOOTSTRAP_RNG gsl_rng_taus2

/* How to bootstrap: B resamples drawn from generators seeded by `rng` (borrowed; advanced by
 * one draw per chunk), on `nthreads` threads (0 = online CPUs; at most
 * CRIT_BOOTSTRAP_MAX_THREADS). */
typedef struct crit_bootstrap {
    size_t nresamples;
    gsl_rng *rng;
    unsigned nthreads;
} crit_bootstrap;

/* Computes resamples [start, end) of one chunk into the kernel's own output, drawing only from
 * `rng`; `scratch` is the calling thread's private buffer of the size given to the runner. */
typedef void (*crit_bootstrap_kernel)(const void *ctx, gsl_rng *rng, size_t start, size_t end,
                                      void *scratch);

/* Runs `kernel` over nchunks chunks of ceil(B/nchunks) resamples (the last ones may be shorter
 * or empty). Draws the nchunks seeds from b->rng in order before any work starts. Returns
 * GSL_EINVAL (B or nchunks zero, no rng), GSL_ENOMEM, else GSL_SUCCESS. Threads are joined
 * before it returns; if a thread cannot be created the others do its chunks. */
int crit_bootstrap_run(const crit_bootstrap *b, size_t nchunks, crit_bootstrap_kernel kernel,
                       const void *ctx, size_t scratch_bytes);

/* A uniform index in [0, n) for resampling: GSL's uniform variate in [0,1) scaled by n.
 * gsl_rng_uniform_int is exactly uniform but pays two 64-bit divisions per draw, which made
 * it the largest cost of the analysis (~25%); with taus2's 32-bit output each index's
 * probability is off by at most 2^-32 (relative n / 2^32: 2e-8 for n = 100), far below the
 * bootstrap's own noise. n >= 1. */
static inline size_t crit_bootstrap_index(const gsl_rng *rng, size_t n) {
    size_t k = (size_t)(gsl_rng_uniform(rng) * (double)n);
    return k < n ? k : n - 1; /* u * n may round up to n with a 53-bit generator */
}

/* Slack that crit_bootstrap_resample_sorted may scribble on past the resample's end. */
#define CRIT_BOOTSTRAP_PAD 3

/* Draws n indices uniformly with replacement and writes the resample into out[0..n) in
 * ascending order (a counting sort over the ascending `sorted`, so no sort per resample).
 * counts: n caller-owned uint32 (overwritten); out: n + CRIT_BOOTSTRAP_PAD doubles, the tail
 * overwritten with junk. O(n). */
void crit_bootstrap_resample_sorted(gsl_rng *rng, const double *sorted, size_t n, uint32_t *counts,
                                    double *out);

/* Output distributions of crit_bootstrap_univariate: each an array of B doubles, caller-owned. */
typedef struct crit_bootstrap_univariate_out {
    double *mean;
    double *std_dev;
    double *median;
    double *mad;
} crit_bootstrap_univariate_out;

/* criterion's estimates bootstrap: every resample of the ascending data `sorted` (n >= 2) gives
 * mean, std_dev (N-1), median and MAD at once. CRIT_BOOTSTRAP_CHUNKS chunks. Errors as
 * crit_bootstrap_run, plus GSL_EINVAL when n < 2. O(B n) on the threads. */
int crit_bootstrap_univariate(const crit_bootstrap *b, const double *sorted, size_t n,
                              const crit_bootstrap_univariate_out *out);

/* Slope distribution: every resample draws n (x[i], y[i]) PAIRS with replacement and fits
 * crit_regression_slope. out: B doubles, caller-owned. n >= 1. O(B n). */
int crit_bootstrap_slope(const crit_bootstrap *b, const double *x, const double *y, size_t n,
                         double *out);

/* A distribution summarised as criterion's Estimate does (the point comes from elsewhere). */
typedef struct crit_interval {
    double lower;   /* the (1-cl)/2 quantile of the distribution */
    double upper;   /* the (1+cl)/2 quantile */
    double std_err; /* N-1 standard deviation of the distribution; 0 when it has one element */
} crit_interval;

/* Summarises dist[0..len). REORDERS dist (quickselect). GSL_EINVAL when len == 0 or cl is
 * outside (0,1). Expected O(len). */
int crit_bootstrap_interval(double *dist, size_t len, double cl, crit_interval *out);
/* crit_bootstrap_interval on k distributions of len elements each, in parallel on nthreads
 * (0 = auto); out: k caller-owned entries. Same errors; nothing is touched when it fails. */
int crit_bootstrap_intervals(double *const *dists, size_t k, size_t len, double cl,
                             unsigned nthreads, crit_interval *out);

/* ---- compare.c: new sample vs baseline (criterion's analysis::compare) -------------------- */

typedef enum {
    CRIT_COMPARE_NO_CHANGE = 0, /* p >= significance */
    CRIT_COMPARE_IMPROVED,      /* mean-change interval wholly below -noise */
    CRIT_COMPARE_REGRESSED,     /* mean-change interval wholly above +noise */
    CRIT_COMPARE_WITHIN_NOISE   /* significant, but the interval reaches into [-noise, noise] */
} crit_compare_result;

/* Welch's t = (mean_a - mean_b) / sqrt(var_a/na + var_b/nb) (N-1 variances). NaN when both
 * samples are constant and equal (0/0), +-inf when constant and different. na, nb >= 2. O(n). */
double crit_compare_welch_t(const double *a, size_t na, const double *b, size_t nb);

/* Bootstrapped null distribution of t: pools a and b, draws na+nb values with replacement from
 * the pool, and takes Welch's t of the first na against the rest. Non-finite t* are dropped:
 * out[0..*nfinite) holds the finite values in resample order. out: B doubles, caller-owned.
 * na, nb >= 2, else GSL_EINVAL. O(B (na+nb)). */
int crit_compare_t_distribution(const crit_bootstrap *b, const double *a, size_t na,
                                const double *bs, size_t nb, double *out, size_t *nfinite);

/* Two-tailed p = 2 min(h, M-h)/M with h = #{t* < t} over the M finite t*. Degenerate cases,
 * decided so that they never report a change: M == 0 or t NaN -> 1. O(M). */
double crit_compare_p_value(const double *t_dist, size_t m, double t);

/* Relative changes new/base - 1 of the mean and of the median, from ascending data. */
void crit_compare_change_points(const double *new_sorted, size_t nn, const double *base_sorted,
                                size_t nb, double *mean_change, double *median_change);

/* Bootstrap of crit_compare_change_points, criterion's two-sample scheme: ceil(sqrt(B)) chunks;
 * each resamples the new sample once and pairs it with one fresh baseline resample per
 * resample of the chunk. Inputs ascending, nn, nb >= 1. mean_out, median_out: B doubles each,
 * caller-owned. O(B nb + sqrt(B) nn). */
int crit_compare_change(const crit_bootstrap *b, const double *new_sorted, size_t nn,
                        const double *base_sorted, size_t nb, double *mean_out, double *median_out);

/* criterion's verdict from p and the mean change interval [lower, upper] (fractions). */
crit_compare_result crit_compare_verdict(double p, double significance, double lower, double upper,
                                         double noise);

/* ---- paired.c: paired comparison on per-round log ratios (median, sign test) -------------- */

/* NEW and OLD timed in interleaved rounds; round i gives new_ns[i] and old_ns[i] (same
 * iteration count on both sides) and one log ratio r_i = ln(new_ns[i] / old_ns[i]). Everything
 * below is distribution-free: a burst of noise on one side moves a few ratios, not the median,
 * its interval or the sign test. */

/* The largest n crit_paired_analyze accepts. GSL's binomial CDF (an incomplete beta function by
 * a continued fraction capped at 512 terms) returns NaN near the median from n = 872166 on
 * (GSL 2.7); the unit tests run the analysis at this n. */
#define CRIT_PAIRED_MAX_N 500000

/* The result of a paired comparison on per-round log ratios. */
typedef struct crit_paired_stats {
    size_t n;     /* log ratios analysed */
    double point; /* their median (crit_stats_quantile_sorted at 0.5) */
    /* Distribution-free interval for the population median: order statistics x_(k) and
     * x_(n+1-k) (1-based, ascending), k the largest k >= 1 whose exact coverage
     * 1 - 2*P(B <= k-1), B ~ Binomial(n, 1/2), is >= the confidence level; when even k = 1
     * falls short (tiny n) the interval is [min, max]. */
    double lower, upper;
    double coverage; /* the exact coverage of that interval (>= the level unless n is tiny) */
    /* Exact two-sided sign test of "median = 0": zero ratios dropped, m = npos + nneg,
     * p = min(1, 2 * P(B' <= min(npos, nneg))), B' ~ Binomial(m, 1/2); 1 when m == 0. */
    double p_value;
    size_t npos, nneg; /* ratios > 0 and < 0 (-0.0 is neither) */
} crit_paired_stats;

/* out[i] = ln(new_ns[i] / old_ns[i]) for i in [0, n). GSL_EINVAL (out untouched beyond i) when
 * a time is not finite or <= 0, else GSL_SUCCESS. A quotient that is not a normal double
 * (a ratio beyond 1e308 or below 2.2e-308) is taken as ln(new) - ln(old), so every valid pair
 * gives a finite ratio. O(n). */
int crit_paired_log_ratios(const double *new_ns, const double *old_ns, size_t n, double *out);

/* Analyses n >= 1 log ratios at confidence level cl in (0,1) into *out. scratch: n doubles
 * owned by the caller, not overlapping log_ratios (receives the sorted ratios). GSL_EINVAL
 * (out and scratch untouched) on n == 0, n > CRIT_PAIRED_MAX_N, cl outside (0,1) or a
 * non-finite ratio, else GSL_SUCCESS. The binomial CDF is GSL's (gsl_cdf_binomial_P; absolute
 * error ~1e-16 at n = 10, ~1e-10 at 100000): k is chosen with coverage >= cl - 1e-12, so a
 * level equal to an exact coverage of a small n counts as reached. O(n log n): one sort, then
 * O(log n) CDF evaluations (bisection on k). */
int crit_paired_analyze(const double *log_ratios, size_t n, double cl, double *scratch,
                        crit_paired_stats *out);

#endif
