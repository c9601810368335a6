/* paired.c: NEW's side of a paired comparison: warm-up of both programs, the interleaved rounds,
 * precision-based stopping on the paired interval, and what a comparison leaves behind
 * (console, files, report, exports); the A/A control repeats it against the program itself. */
#include "paired.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "format.h"
#include "measure.h"
#include "precision.h"
#include "relative.h"
#include "rounds.h"
#include "sample.h"
#include "stats.h"
#include "store.h"

/* One side of a round: this program's benchmark, or OLD's through the protocol. */
typedef struct side {
    crit_peer *peer; /* NULL for this program */
    crit_bench_fn fn;
    void *arg;
    crit_bencher b; /* this program's: kept across runs for the metrics and facts it records */
} side;

/* crit_side_run_fn for both sides. */
static int side_run(void *ctx, uint64_t iters, double *ns, char *err, size_t errlen) {
    side *sd = ctx;
    if (sd->peer)
        return crit_peer_run(sd->peer, iters, ns, err, errlen);
    int rc = crit_measure_once(&sd->b, sd->fn, sd->arg, iters, ns);
    if (rc)
        snprintf(err, errlen, "%s", sd->b.message);
    return rc;
}

/* The paired interval's half-width relative to the ratio (precision.c's rule on the ratio). */
static double ratio_precision(const crit_change *c) {
    crit_estimate ratio = crit_ratio_of_change(c);
    return crit_precision_of(&ratio);
}

/* crit_rounds_precision_fn: the precision of NEW (side 0) against OLD (side 1) so far. */
static double rounds_precision(const crit_rounds *rd, void *ctx) {
    crit_change c;
    if (crit_analyze_paired(rd->ns[0], rd->ns[1], rd->n, ctx, &c) != 0)
        return INFINITY;
    return ratio_precision(&c);
}

/* Warm-up and rounds (rounds.c, NEW as side 0 so it runs first on even rounds), then the
 * paired change. */
static int measure_pair(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                        crit_round_side sides[2], const crit_analysis_config *cfg, crit_rounds *rd,
                        crit_change *ch, crit_precision *prec, char *err, size_t errlen) {
    char t[64];
    double per_iter[2];
    size_t failed;
    crit_rounds_reset(rd);
    crit_console_status(&r->con, "Benchmarking %s: Warming up both sides for %s", id->title,
                        crit_fmt_time_aligned(t, sizeof t, st->warm_up_time * 1e9));
    int rc = crit_rounds_warm_up(sides, 2, st->warm_up_time * 1e9, per_iter, &failed, err, errlen);
    if (rc == 0) {
        rd->iters = crit_rounds_iters((per_iter[0] + per_iter[1]) / 2, st->measurement_time);
        crit_console_status(&r->con,
                            "Benchmarking %s: Collecting paired rounds of %llu iterations for "
                            "%s",
                            id->title, (unsigned long long)rd->iters,
                            crit_fmt_time_aligned(t, sizeof t, st->measurement_time * 1e9));
        crit_analysis_config check = *cfg; /* the callback's context is not const */
        rc = crit_rounds_collect(rd, sides, st->measurement_time, st->target_precision,
                                 rounds_precision, &check, prec, &failed, err, errlen);
    }
    if (rc == 0 && (rc = crit_analyze_paired(rd->ns[0], rd->ns[1], rd->n, cfg, ch)) != 0)
        snprintf(err, errlen, "the paired analysis rejected the rounds");
    if (rc == 0 && prec->used)
        prec->achieved = ratio_precision(ch);
    return rc;
}

/* A flat sample of one side's rounds. */
static int side_sample(const crit_rounds *rd, const double *ns, crit_sample *s) {
    if (crit_sample_init(s, rd->n))
        return -CRIT_ENOMEM;
    s->mode = CRIT_MODE_FLAT;
    for (size_t i = 0; i < rd->n; i++) {
        s->iters[i] = (double)rd->iters;
        s->times[i] = ns[i];
    }
    return 0;
}

/* NEW's rounds through the runner's usual end (analysis, console, report, exports, files)
 * with the paired change, then the rounds beside it. */
static void finish(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                   const crit_rounds *rd, const crit_change *ch, crit_extra_metrics *m,
                   const crit_context *ctx) {
    crit_sample s = {0}, base = {0};
    if (side_sample(rd, rd->ns[0], &s) || side_sample(rd, rd->ns[1], &base)) {
        crit_runner_fail_bench(r, id->title, "out of memory");
    } else {
        crit_console_precision_note(&r->con, id->title, &m->precision, "rounds");
        m->has_settings = true;
        m->settings = *st;
        crit_paired_rounds pr = {rd->iters, rd->n, rd->ns[0], rd->ns[1], r->peer.path};
        (void)crit_runner_finish_bench(r, id, st, &s, ch ? &base : NULL, m, ctx, ch, &pr);
    }
    crit_sample_fini(&s);
    crit_sample_fini(&base);
}

static crit_analysis_config config_of(const crit_runner *r, const crit_settings *st) {
    crit_analysis_config cfg = {.nresamples = st->nresamples,
                                .confidence_level = st->confidence_level,
                                .significance_level = st->significance_level,
                                .noise_threshold = st->noise_threshold,
                                .seed = r->opt.seed,
                                .keep_distributions = !r->opt.noplot};
    return cfg;
}

/* --aa: a fresh copy of this program for the next run, so that every run pairs two processes,
 * as --against does (one long-lived copy would hide what differs between two processes of one
 * build: address layout, and so alignment and cache sets). */
static int restart_self(crit_runner *r, const char *full_id, char *err, size_t errlen) {
    const char *path = r->peer.path;
    double timeout = r->peer.timeout_s;
    int rc = crit_peer_release(&r->peer, err, errlen);
    crit_peer_stop(&r->peer);
    if (rc == 0)
        rc = crit_peer_start(&r->peer, path, timeout, err, errlen);
    if (rc == 0)
        rc = crit_peer_prepare(&r->peer, full_id, err, errlen);
    return rc;
}

/* One line per A/A run, then the summary into metrics.aa. */
static int aa_runs(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                   crit_round_side sides[2], const crit_analysis_config *cfg, crit_rounds *rd,
                   crit_extra_metrics *m, char *err, size_t errlen) {
    size_t runs = r->opt.aa_runs;
    crit_change *changes = calloc(runs, sizeof *changes);
    if (!changes)
        return snprintf(err, errlen, "out of memory"), -CRIT_ENOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < runs; i++) {
        if (i > 0 && (rc = restart_self(r, id->full_id, err, errlen)) != 0)
            break;
        rc = measure_pair(r, id, st, sides, cfg, rd, &changes[i], &m->precision, err, errlen);
        if (rc)
            break;
        char lo[32], pt[32], hi[32];
        crit_console_end_status(&r->con);
        fprintf(r->con.out, "%s: A/A %zu/%zu: change [%s %s %s] (%zu rounds, p = %.2f): %s\n",
                id->title, i + 1, runs, crit_fmt_change(lo, sizeof lo, changes[i].mean.lower, 1),
                crit_fmt_change(pt, sizeof pt, changes[i].mean.point, 1),
                crit_fmt_change(hi, sizeof hi, changes[i].mean.upper, 1), changes[i].rounds,
                changes[i].p_value, crit_verdict_texts(changes[i].verdict)->words);
    }
    if (rc == 0 && (rc = crit_analysis_aa(changes, runs, &m->aa)) != 0)
        snprintf(err, errlen, "out of memory");
    if (rc == 0)
        fprintf(r->con.out,
                "%s: A/A control, %zu paired runs: %zu false alarm%s (%zu within noise); "
                "noise floor (p95 |change|) %.2f %%\n",
                id->title, runs, m->aa.false_alarms, m->aa.false_alarms == 1 ? "" : "s",
                m->aa.within_noise, m->aa.noise_floor * 100);
    free(changes);
    return rc;
}

void crit_paired_bench(crit_runner *r, const crit_settings *st, const crit_bench_id *id,
                       crit_bench_fn fn, void *arg) {
    char err[1200];
    if (r->opt.aa && r->peer.pid <= 0) { /* a restart for an earlier benchmark failed */
        crit_runner_fail_bench(r, id->title, "the A/A copy of this program is not running");
        return;
    }
    if (!crit_peer_mark_seen(&r->peer, id->full_id)) {
        crit_console_message(&r->con, "%s: only in this program, not in '%s': not compared",
                             id->title, r->peer.path);
        return;
    }
    crit_console_status(&r->con, "Benchmarking %s", id->title);
    int rc = crit_peer_prepare(&r->peer, id->full_id, err, sizeof err);
    if (rc) {
        crit_runner_fail_bench(r, id->title, err);
        return;
    }
    side nw = {NULL, fn, arg, {0}}, old = {&r->peer, NULL, NULL, {0}};
    crit_round_side sides[2] = {{side_run, &nw, true}, {side_run, &old, true}};
    crit_rounds rd;
    crit_extra_metrics *m = &nw.b.metrics; /* with what NEW's benchmark recorded */
    crit_change ch;
    crit_analysis_config cfg = config_of(r, st);
    crit_context ctx = r->ctx;
    crit_cpu_times t0, t1;
    if (crit_rounds_init(&rd, 2) != 0) {
        crit_runner_fail_bench(r, id->title, "out of memory");
        return;
    }
    crit_cpu_times_read(&t0);
    if (r->opt.aa)
        rc = aa_runs(r, id, st, sides, &cfg, &rd, m, err, sizeof err);
    else
        rc = measure_pair(r, id, st, sides, &cfg, &rd, &ch, &m->precision, err, sizeof err);
    crit_cpu_times_read(&t1);
    ctx.measured = true;
    ctx.steal_percent = crit_cpu_steal_percent(&t0, &t1);
    ctx.load_average = crit_context_load_average();
    /* OLD must end the benchmark in step before anything is shown or written: a protocol
     * error found here means the rounds cannot be trusted */
    if (rc == 0 && r->peer.pid > 0)
        rc = crit_peer_release(&r->peer, err, sizeof err);
    else if (r->peer.pid > 0)
        (void)crit_peer_release(&r->peer, (char[16]){0}, 16);
    char steal[300];
    const char *w = crit_run_output_steal(&r->output, id->title, ctx.steal_percent, steal,
                                          sizeof steal);
    if (w[0])
        crit_console_message(&r->con, "warning: %s", w);
    if (rc == 0)
        finish(r, id, st, &rd, r->opt.aa ? NULL : &ch, m, &ctx);
    else if (nw.b.skipped) {
        crit_console_message(&r->con, "%s: skipped: %s", id->title, err);
        r->nskipped++;
    } else
        crit_runner_fail_bench(r, id->title, err);
    crit_rounds_fini(&rd);
}

int crit_paired_start(crit_runner *r, const char *self) {
    char err[1200];
    const char *path = r->opt.aa ? self : r->opt.against;
    if (crit_peer_start(&r->peer, path, r->opt.against_timeout, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return 2;
    }
    return 0;
}

void crit_paired_finish(crit_runner *r, bool (*matches)(const crit_runner *, const char *)) {
    for (size_t i = 0; !r->opt.aa && i < r->peer.nids; i++) /* --aa: the same ids both sides */
        if (!r->peer.seen[i] && matches(r, r->peer.ids[i]))
            crit_console_message(&r->con, "%s: only in '%s', not in this program: not compared",
                                 r->peer.ids[i], r->peer.path);
    crit_peer_stop(&r->peer);
}
