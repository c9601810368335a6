/* rounds.c: interleaved rounds over k sides (rounds.h). */
#include "rounds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"
#include "paired.h"
#include "precision.h"
#include "stats.h"

int crit_rounds_init(crit_rounds *rd, size_t nsides) {
    memset(rd, 0, sizeof *rd);
    rd->ns = calloc(nsides ? nsides : 1, sizeof *rd->ns);
    if (rd->ns == NULL)
        return -CRIT_ENOMEM;
    rd->nsides = nsides;
    rd->next_check = CRIT_PAIRED_MIN_ROUNDS;
    return 0;
}

void crit_rounds_fini(crit_rounds *rd) {
    for (size_t s = 0; rd->ns != NULL && s < rd->nsides; s++)
        free(rd->ns[s]);
    free(rd->ns);
    memset(rd, 0, sizeof *rd);
}

void crit_rounds_reset(crit_rounds *rd) {
    rd->iters = 0;
    rd->n = 0;
    rd->seconds = 0;
    rd->next_check = CRIT_PAIRED_MIN_ROUNDS;
}

/* The index of the j-th side to run in round (or warm-up step) k: the active sides in their
 * order, rotated by k, so each active side takes each position equally often. nsides when
 * j is past the active ones. */
static size_t nth_active(const crit_round_side *sides, size_t nsides, size_t k, size_t j) {
    size_t nactive = 0;
    for (size_t s = 0; s < nsides; s++)
        nactive += sides[s].active;
    if (j >= nactive)
        return nsides;
    size_t want = (k + j) % nactive;
    for (size_t s = 0; s < nsides; s++)
        if (sides[s].active && want-- == 0)
            return s;
    return nsides;
}

/* Runs side s once, timing its wall time too. */
static int run_side(crit_round_side *sd, uint64_t iters, double *ns, double *wall, char *err,
                    size_t errlen) {
    uint64_t t0 = crit_clock_ns();
    int rc = sd->run(sd->ctx, iters, ns, err, errlen);
    *wall = (double)(crit_clock_ns() - t0);
    return rc;
}

int crit_rounds_warm_up(crit_round_side *sides, size_t nsides, double warm_up_ns, double *per_iter,
                        size_t *failed, char *err, size_t errlen) {
    uint64_t it = 1, t0 = crit_clock_ns();
    for (size_t s = 0; s < nsides; s++)
        per_iter[s] = 0;
    for (size_t step = 0;; step++) {
        for (size_t j = 0; j < nsides; j++) {
            size_t s = nth_active(sides, nsides, step, j);
            if (s == nsides)
                break;
            double ns, wall;
            int rc = run_side(&sides[s], it, &ns, &wall, err, errlen);
            if (rc) {
                *failed = s;
                return rc;
            }
            /* a timer too coarse for this count: the wall time instead */
            per_iter[s] = (ns > 0 && isfinite(ns) ? ns : wall) / (double)it;
        }
        if ((double)(crit_clock_ns() - t0) >= warm_up_ns || it >= (uint64_t)1 << 40)
            return 0;
        it *= 2;
    }
}

uint64_t crit_rounds_iters(double per_iter_ns, double measurement_s) {
    double target = fmin(CRIT_PAIRED_SAMPLE_NS, measurement_s * 1e9 / 20);
    double n = per_iter_ns > 0 && isfinite(per_iter_ns) ? round(target / per_iter_ns) : 1;
    return n < 1 ? 1 : n > 1e12 ? (uint64_t)1e12 : (uint64_t)n;
}

static int grow(crit_rounds *rd) {
    size_t cap = rd->cap ? 2 * rd->cap : 256;
    for (size_t s = 0; s < rd->nsides; s++) {
        double *p = realloc(rd->ns[s], cap * sizeof *p);
        if (p == NULL)
            return -CRIT_ENOMEM;
        rd->ns[s] = p;
    }
    rd->cap = cap;
    return 0;
}

int crit_rounds_collect(crit_rounds *rd, crit_round_side *sides, double measurement_s,
                        double target_precision, crit_rounds_precision_fn precision, void *pctx,
                        crit_precision *prec, size_t *failed, char *err, size_t errlen) {
    uint64_t t0 = crit_clock_ns();
    double before = rd->seconds;
    bool use_target = target_precision > 0 && precision != NULL;
    memset(prec, 0, sizeof *prec);
    for (;;) {
        if (rd->n == rd->cap && grow(rd))
            return snprintf(err, errlen, "out of memory keeping the rounds"), -CRIT_ENOMEM;
        for (size_t j = 0; j < rd->nsides; j++) {
            size_t s = nth_active(sides, rd->nsides, rd->n, j);
            if (s == rd->nsides)
                break;
            double *ns = &rd->ns[s][rd->n], wall;
            int rc = run_side(&sides[s], rd->iters, ns, &wall, err, errlen);
            if (rc == 0 && !(*ns > 0 && isfinite(*ns)))
                rc = (snprintf(err, errlen,
                               "a round measured %g ns for %llu iterations: the clock is too "
                               "coarse",
                               *ns, (unsigned long long)rd->iters),
                      -CRIT_EBENCH);
            if (rc) {
                rd->seconds = before + (double)(crit_clock_ns() - t0) / 1e9;
                *failed = s;
                return rc;
            }
        }
        rd->n++;
        rd->seconds = before + (double)(crit_clock_ns() - t0) / 1e9;
        if (rd->n < CRIT_PAIRED_MIN_ROUNDS)
            continue;
        if (use_target && rd->n >= rd->next_check) {
            rd->next_check = crit_precision_next_check(rd->n, SIZE_MAX);
            if (precision(rd, pctx) <= target_precision)
                break;
        }
        if (rd->seconds >= measurement_s || rd->n == CRIT_PAIRED_MAX_ROUNDS) {
            prec->ceiling = use_target;
            break;
        }
    }
    /* the result carries the precision of all its rounds; none is measurable when nothing is
     * compared (a group whose other members all dropped out): then no target was in play */
    prec->achieved = use_target ? precision(rd, pctx) : 0;
    if (!isfinite(prec->achieved)) {
        use_target = false;
        prec->achieved = 0;
        prec->ceiling = false;
    }
    prec->used = use_target;
    prec->target = use_target ? target_precision : 0;
    prec->samples = rd->n;
    prec->time_s = rd->seconds;
    return 0;
}
