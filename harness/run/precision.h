/* precision.h: precision-based stopping (--target-precision P): run a planned sample one
 * measurement at a time and stop as soon as the bootstrap interval of the reported estimate
 * (crit_typical: the slope in Linear mode, else the mean) is within +-P of it. The plan is
 * criterion's, so --measurement-time stays the ceiling. Private to run/ (runner.c; the paired
 * path may reuse crit_precision_of and crit_precision_next_check). */
#ifndef CRIT_PRECISION_H
#define CRIT_PRECISION_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "model.h"

/* No check before this many samples (a bootstrap interval from fewer points means little). */
#define CRIT_PRECISION_MIN_SAMPLES 10
/* Resamples of a check's bootstrap at most (the final analysis still uses --nresamples). */
#define CRIT_PRECISION_CHECK_RESAMPLES 10000

/* The interval's half-width relative to the estimate: (upper - lower) / 2 / |point|. NaN-safe:
 * +INFINITY (which meets no target) when point is 0 or any of point, lower, upper is not
 * finite, so `crit_precision_of(e) <= target` is true only for a real, met precision. Pure. */
double crit_precision_of(const crit_estimate *typical);

/* The sample count of the check after one at k of n planned samples: k grows by a fifth,
 * rounded up (at least 1), and never beyond n. From 10 with n = 100: 10, 12, 15, 18, 22, 27,
 * 33, 40, 48, 58, 70, 84, 100. A check costs O(resamples * k), so all the checks up to k cost
 * about as much as 6 analyses of k samples (1 + 1/1.2 + 1/1.44 + ... = 6), while stopping at
 * most 20 % of the samples later than a check after every sample would. k >= n gives n. Pure. */
size_t crit_precision_next_check(size_t k, size_t n);

/* Measures the samples `s` was planned with (crit_plan_samples: s->n counts in s->iters, mode
 * set) one at a time, in order, filling s->times, and after CRIT_PRECISION_MIN_SAMPLES (or all
 * of them when fewer are planned) checks at every crit_precision_next_check: it analyses the
 * first k samples with crit_analyze (st's confidence level, significance level and noise
 * threshold, min(st->nresamples, CRIT_PRECISION_CHECK_RESAMPLES) resamples, `seed`, nothing
 * kept) and stops when crit_precision_of(crit_typical(...)) <= st->target_precision. The
 * check at k = s->n always runs, so the result always carries the precision it reached.
 *
 * On success returns 0, s->n is the number of samples measured (the arrays keep their
 * original length, crit_sample_fini frees them as usual) and *out is {used true, target
 * st->target_precision, achieved from the last check, samples s->n, time_s the wall time of
 * the sample calls in seconds (warm-up and checks excluded), ceiling true when every planned
 * sample ran and the last check still missed the target}. progress (may be NULL) is called
 * after each sample with (done, planned total, ctx), as crit_measure_samples does.
 *
 * Returns -CRIT_EINVAL (st->target_precision not finite and > 0, s->n < 2, or st's analysis
 * settings out of range; nothing measured), -CRIT_EBENCH (the benchmark failed, message in b)
 * or -CRIT_ENOMEM (a check ran out of memory); *out is then zeroed and s->times partly
 * filled. A check whose analysis rejects the k samples (-CRIT_EINVAL) counts as not met. */
int crit_precision_sample(crit_bencher *b, crit_bench_fn fn, void *arg, crit_sample *s,
                          const crit_settings *st, uint64_t seed, crit_progress_fn progress,
                          void *ctx, crit_precision *out);

#endif
