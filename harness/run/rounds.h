/* rounds.h: interleaved rounds over k sides, the measuring core of a paired comparison: all
 * sides warmed up in turn (criterion's doubling) until the warm-up time has passed, ONE
 * iteration count for every side, then rounds back to back, each running every side once with
 * that count in an order that rotates by one each round (so each side takes each position
 * equally often; with two sides: side 0 first on even rounds), until the measurement time is
 * used or a precision target is met, at least CRIT_PAIRED_MIN_ROUNDS. Used by group_compare.c
 * (the members of a compared group); paired.c's two sides (NEW, OLD) fit it as they are.
 * Private to run/. */
#ifndef CRIT_ROUNDS_H
#define CRIT_ROUNDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Runs one side `iters` iterations: 0 with *ns the time it measured, or a negative code with a
 * message in err. */
typedef int (*crit_side_run_fn)(void *ctx, uint64_t iters, double *ns, char *err, size_t errlen);

typedef struct crit_round_side {
    crit_side_run_fn run;
    void *ctx;
    bool active; /* false: left out of the warm-up and the rounds (e.g. it failed) */
} crit_round_side;

/* The rounds collected so far. ns[s][i] is side s's time in round i (meaningless for a side
 * that was inactive then). Owned; crit_rounds_fini frees it. */
typedef struct crit_rounds {
    size_t nsides;
    uint64_t iters; /* the iteration count of every run in a round */
    size_t n, cap;  /* rounds collected, rounds allocated */
    double **ns;
    double seconds;    /* wall time spent in rounds, over every crit_rounds_collect call */
    size_t next_check; /* the round count of the next precision check */
} crit_rounds;

/* Zeroes rd for nsides sides (>= 1). Returns 0 or -CRIT_ENOMEM. */
int crit_rounds_init(crit_rounds *rd, size_t nsides);
void crit_rounds_fini(crit_rounds *rd);
/* Forgets the rounds (n, seconds, the precision checks; iters too) but keeps the arrays, for a
 * new comparison of the same sides (e.g. the next run of an A/A control). */
void crit_rounds_reset(crit_rounds *rd);

/* Warm-up: 1, 2, 4, ... iterations, each step running every active side once (the order
 * rotating by one each step), until warm_up_ns of wall time has passed (or 2^40 iterations).
 * per_iter[s] (nsides entries) is then each active side's time per iteration in the last step
 * (its wall time per iteration when the timer saw 0 ns). Returns 0, or a side's failure code
 * with *failed its index and err its message: the caller deactivates it (or gives up) and may
 * call again, which starts over. */
int crit_rounds_warm_up(crit_round_side *sides, size_t nsides, double warm_up_ns, double *per_iter,
                        size_t *failed, char *err, size_t errlen);

/* The iteration count of a round: the runs of a side taking per_iter_ns per iteration last
 * about min(CRIT_PAIRED_SAMPLE_NS, measurement_s / 20), at least 1 (at most 1e12). Pure. */
uint64_t crit_rounds_iters(double per_iter_ns, double measurement_s);

/* The precision reached by the rounds so far (the relative half-width of the interval that
 * matters; crit_precision_of's convention: +INFINITY when unknown). */
typedef double (*crit_rounds_precision_fn)(const crit_rounds *rd, void *ctx);

/* Collects rounds of rd->iters iterations (set it first) onto rd until rd->seconds reaches
 * measurement_s, or, with target_precision > 0, precision(rd, pctx) <= target_precision at a
 * check (after CRIT_PAIRED_MIN_ROUNDS rounds, then at crit_precision_next_check's counts), or
 * at CRIT_PAIRED_MAX_N rounds (stats.h: the most the paired statistics take); never fewer than
 * CRIT_PAIRED_MIN_ROUNDS rounds. A run measuring 0 ns or less (or not a finite
 * number) fails its side with -CRIT_EBENCH ("the clock is too coarse"). Returns 0 with *prec
 * filled (used, target, achieved over all the rounds, samples = rd->n, time_s, ceiling = the
 * time or the round limit ran out with a target unmet), -CRIT_ENOMEM, or a side's failure code with *failed its index
 * and err its message; the failed round is not kept, and calling again after deactivating the
 * side goes on where it stopped (the time already spent counts). */
int crit_rounds_collect(crit_rounds *rd, crit_round_side *sides, double measurement_s,
                        double target_precision, crit_rounds_precision_fn precision, void *pctx,
                        crit_precision *prec, size_t *failed, char *err, size_t errlen);

#endif
