/* analysis.h: one benchmark's sample (plus, optionally, its baseline sample) -> bootstrap
 * estimates, Tukey fences and labels, metrics and the change verdict (model.h's crit_analysis).
 * Used by report/, results/ and run/. Never prints or writes files; seeded, so re-analysis is reproducible. */
#ifndef CRIT_ANALYSIS_H
#define CRIT_ANALYSIS_H

#include "model.h"

/* Analyses `s` (n >= 2 points with iters > 0 and finite times >= 0) and, when `base` is not
 * NULL, compares it against that baseline (same requirements; its mode is irrelevant).
 *
 * Statistics are criterion.rs's on the per-iteration averages a_i = times_i / iters_i: mean,
 * median, MAD, std_dev (N-1), each with a percentile-bootstrap interval from cfg->nresamples
 * (>= 1) resamples at cfg->confidence_level (in (0,1)); the slope of times on iters through
 * the origin (bootstrapping pairs) only when s->mode is CRIT_MODE_LINEAR, else has_slope is
 * false and the slope estimate, r2, r2_lower and r2_upper are NaN; Tukey fences, labels and
 * counts; cv; p50/p90/p95/p99. With a baseline: Welch t, bootstrapped two-tailed p, relative
 * change of mean and median (new/base - 1) and the verdict against cfg->significance_level
 * (in (0,1)) and cfg->noise_threshold (>= 0). Degenerate baselines never report a change:
 * when both samples are constant and equal, t is NaN and p is 1 (NO_CHANGE). Without a
 * baseline, out->compared is false and out->change is all zeros.
 *
 * Same sample, baseline and cfg (seed included) => bit-identical output on any machine with
 * the same libm/GSL, whatever the number of threads (it uses up to 8, per online CPU).
 *
 * `out` is overwritten entirely (not freed first); on success out->labels holds n entries
 * owned by `out`, and with cfg->keep_distributions out->dist holds the bootstrap
 * distributions (model.h's crit_distributions: mean, median, std_dev, median_abs_dev, slope
 * in Linear mode, change_mean and change_median when compared; nresamples each in one block
 * of 7 * 8 * nresamples bytes, 5.6 MB at 100 000); without it out->dist is all NULL. Keeping
 * changes no number and costs no measurable time (the buffer is handed over instead of
 * reused). Release with crit_analysis_fini. Returns 0, -CRIT_EINVAL (bad sample or config,
 * out zeroed) or -CRIT_ENOMEM (out zeroed). Cost: O(nresamples * n) on the threads,
 * about 0.15 s for n = 100, 100 000 resamples, slope and baseline on 2 cores. */
int crit_analyze(const crit_sample *s, const crit_sample *base, const crit_analysis_config *cfg,
                 crit_analysis *out);

/* The paired change of NEW against OLD from n >= 1 interleaved rounds (paired.c): per-round
 * log ratios ln(new_ns[i] / old_ns[i]); their median as the estimate, a distribution-free
 * order-statistic interval of the median at cfg->confidence_level, and an exact two-sided sign
 * test for p; fractions (ratio - 1) in out->mean and out->median (the same), std_err the
 * interval's half-width over the normal quantile of its exact coverage, t_value NaN, and
 * criterion's verdict rule (stats' crit_compare_verdict) with cfg's significance and noise.
 * method CRIT_CHANGE_PAIRED, rounds n. Returns 0, -CRIT_EINVAL (n == 0, a time not > 0 or
 * not finite, bad cfg) or -CRIT_ENOMEM. O(n log n); no bootstrap, no seed. */
int crit_analyze_paired(const double *new_ns, const double *old_ns, size_t n,
                        const crit_analysis_config *cfg, crit_change *out);

/* The A/A summary of `runs` paired changes of a program against itself: false alarms
 * (regressed or improved), within-noise verdicts, and the noise floor, the 0.95 quantile of
 * |mean.point| (crit_stats_quantile_sorted). out->used is set. -CRIT_ENOMEM, or -CRIT_EINVAL
 * when runs == 0. */
int crit_analysis_aa(const crit_change *changes, size_t runs, crit_aa *out);

/* The change of an exact count (instructions per iteration under --measure instructions) against
 * its baseline: now / base - 1 in mean and median, with a zero-width interval; p is 0 when the
 * counts differ and 1 when equal (nothing is random); the verdict is criterion's rule with
 * cfg->significance_level and cfg->noise_threshold (the mode's default threshold is 0: any
 * change is real). -CRIT_EINVAL unless base > 0 and now >= 0 are finite. */
int crit_analyze_count_change(double now, double base, const crit_analysis_config *cfg,
                              crit_change *out);

/* The harness code of a stats/ status (stats/ returns GSL's codes): 0 for GSL_SUCCESS,
 * -CRIT_ENOMEM for GSL_ENOMEM, -CRIT_EINVAL for anything else. Pure. */
int crit_analysis_status(int gsl_status);

/* Tukey-labels data no analysis labelled (a baseline's averages, a violin's log10 times) with
 * the same fences and the same model.h labels (crit_outlier_label) as crit_analyze gives its
 * sample: labels[i] for x[i], n entries. Returns 0 (also for n == 0: nothing to label) or
 * -CRIT_ENOMEM. O(n log n). */
int crit_analysis_label(const double *x, size_t n, unsigned char *labels);

/* Frees what crit_analyze allocated (labels, dist) and zeroes the labels pointer, n and dist;
 * safe on a zeroed or already finalised crit_analysis, and after a failed crit_analyze. */
void crit_analysis_fini(crit_analysis *a);

#endif
