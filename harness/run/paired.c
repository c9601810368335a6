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
#include "report.h"
#include "sample.h"
#include "stats.h"
#include "store.h"

/* One side of a round: this program's benchmark, or OLD's through the protocol. */
typedef struct side {
    crit_peer *peer; /* NULL for this program */
    crit_bench_fn fn;
    void *arg;
    bool skipped; /* this program's benchmark skipped itself */
} side;

/* The rounds collected so far (arrays owned, grown as needed). */
typedef struct rounds {
    uint64_t iters;
    size_t n, cap;
    double *new_ns, *old_ns;
    double seconds; /* time spent in rounds */
} rounds;

static int side_run(side *sd, uint64_t iters, double *ns, char *err, size_t errlen) {
    if (sd->peer)
        return crit_peer_run(sd->peer, iters, ns, err, errlen);
    crit_bencher b = {0};
    int rc = crit_measure_once(&b, sd->fn, sd->arg, iters, ns);
    if (rc) {
        sd->skipped = b.skipped;
        snprintf(err, errlen, "%s", b.message);
    }
    return rc;
}

/* Runs both sides once, NEW first when new_first. */
static int run_pair(side *nw, side *old, bool new_first, uint64_t iters, double *t_new,
                    double *t_old, char *err, size_t errlen) {
    int rc = side_run(new_first ? nw : old, iters, new_first ? t_new : t_old, err, errlen);
    if (rc == 0)
        rc = side_run(new_first ? old : nw, iters, new_first ? t_old : t_new, err, errlen);
    return rc;
}

/* criterion's doubling warm-up, on both sides in turn, until warm_up_ns of wall time has
 * passed; then one iteration count for the rounds from the pooled per-iteration estimate. */
static int warm_up(side *nw, side *old, const crit_settings *st, uint64_t *iters, char *err,
                   size_t errlen) {
    uint64_t it = 1, t0 = crit_clock_ns();
    double per_iter = 0;
    for (int step = 0;; step++) {
        double a, b;
        uint64_t s0 = crit_clock_ns();
        int rc = run_pair(nw, old, step % 2 == 0, it, &a, &b, err, errlen);
        if (rc)
            return rc;
        per_iter = (a + b) / 2 / (double)it;
        if (!(per_iter > 0)) /* a timer too coarse for this count: the wall time instead */
            per_iter = (double)(crit_clock_ns() - s0) / 2 / (double)it;
        if ((double)(crit_clock_ns() - t0) >= st->warm_up_time * 1e9 || it >= (uint64_t)1 << 40)
            break;
        it *= 2;
    }
    double target = fmin(CRIT_PAIRED_SAMPLE_NS, st->measurement_time * 1e9 / 20);
    double n = per_iter > 0 ? round(target / per_iter) : 1;
    *iters = n < 1 ? 1 : n > 1e12 ? (uint64_t)1e12 : (uint64_t)n;
    return 0;
}

static int grow(rounds *r) {
    size_t cap = r->cap ? 2 * r->cap : 256;
    double *a = realloc(r->new_ns, cap * sizeof *a);
    if (a)
        r->new_ns = a;
    double *b = a ? realloc(r->old_ns, cap * sizeof *b) : NULL;
    if (b)
        r->old_ns = b;
    if (!a || !b)
        return -CRIT_ENOMEM;
    r->cap = cap;
    return 0;
}

/* The paired interval's half-width relative to the ratio (precision.c's rule on the ratio). */
static double ratio_precision(const crit_change *c) {
    crit_estimate ratio = {
        .point = 1 + c->mean.point, .lower = 1 + c->mean.lower, .upper = 1 + c->mean.upper};
    return crit_precision_of(&ratio);
}

/* Rounds until the measurement time is used, or (with a target) the interval is narrow
 * enough; at least CRIT_PAIRED_MIN_ROUNDS. */
static int run_rounds(side *nw, side *old, const crit_settings *st, const crit_analysis_config *cfg,
                      rounds *r, crit_precision *prec, char *err, size_t errlen) {
    uint64_t t0 = crit_clock_ns();
    size_t next_check = CRIT_PAIRED_MIN_ROUNDS;
    memset(prec, 0, sizeof *prec);
    for (;;) {
        if (r->n == r->cap && grow(r))
            return snprintf(err, errlen, "out of memory keeping the rounds"), -CRIT_ENOMEM;
        int rc = run_pair(nw, old, r->n % 2 == 0, r->iters, &r->new_ns[r->n], &r->old_ns[r->n], err,
                          errlen);
        if (rc)
            return rc;
        if (!(r->new_ns[r->n] > 0 && r->old_ns[r->n] > 0))
            return snprintf(err, errlen, "a round measured 0 ns: the clock is too coarse"),
                   -CRIT_EBENCH;
        r->n++;
        r->seconds = (double)(crit_clock_ns() - t0) / 1e9;
        if (r->n < CRIT_PAIRED_MIN_ROUNDS)
            continue;
        if (st->target_precision > 0 && r->n >= next_check) {
            crit_change c;
            next_check = crit_precision_next_check(r->n, SIZE_MAX);
            if (crit_analyze_paired(r->new_ns, r->old_ns, r->n, cfg, &c) == 0 &&
                (prec->achieved = ratio_precision(&c)) <= st->target_precision)
                break;
        }
        if (r->seconds >= st->measurement_time || r->n == CRIT_PAIRED_MAX_N) {
            prec->ceiling = st->target_precision > 0;
            break;
        }
    }
    prec->used = st->target_precision > 0;
    prec->target = st->target_precision;
    prec->samples = r->n;
    prec->time_s = r->seconds;
    return 0;
}

/* Warm-up and rounds, then the paired change. */
static int measure_pair(crit_runner *r, const crit_bench_id *id, const crit_settings *st, side *nw,
                        side *old, const crit_analysis_config *cfg, rounds *rd, crit_change *ch,
                        crit_precision *prec, char *err, size_t errlen) {
    char t[64];
    rd->n = 0;
    crit_console_status(&r->con, "Benchmarking %s: Warming up both sides for %s", id->title,
                        crit_fmt_time_aligned(t, sizeof t, st->warm_up_time * 1e9));
    int rc = warm_up(nw, old, st, &rd->iters, err, errlen);
    if (rc == 0) {
        crit_console_status(&r->con,
                            "Benchmarking %s: Collecting paired rounds of %llu iterations for "
                            "%s",
                            id->title, (unsigned long long)rd->iters,
                            crit_fmt_time_aligned(t, sizeof t, st->measurement_time * 1e9));
        rc = run_rounds(nw, old, st, cfg, rd, prec, err, errlen);
    }
    if (rc == 0 && (rc = crit_analyze_paired(rd->new_ns, rd->old_ns, rd->n, cfg, ch)) != 0)
        snprintf(err, errlen, "the paired analysis rejected the rounds");
    if (rc == 0 && prec->used)
        prec->achieved = ratio_precision(ch);
    return rc;
}

/* A flat sample of one side's rounds. */
static int side_sample(const rounds *rd, const double *ns, crit_sample *s) {
    if (crit_sample_init(s, rd->n))
        return -CRIT_ENOMEM;
    s->mode = CRIT_MODE_FLAT;
    for (size_t i = 0; i < rd->n; i++) {
        s->iters[i] = (double)rd->iters;
        s->times[i] = ns[i];
    }
    return 0;
}

/* NEW's time estimates, the console block, the report, the exports and the files. */
static void finish(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                   const crit_analysis_config *cfg, const rounds *rd, const crit_change *ch,
                   crit_extra_metrics *m, const crit_context *ctx) {
    char err[1200];
    crit_sample s = {0}, base = {0};
    crit_analysis a;
    if (side_sample(rd, rd->new_ns, &s) || side_sample(rd, rd->old_ns, &base)) {
        crit_runner_fail_bench(r, id->title, "out of memory");
        goto out;
    }
    int rc = crit_analyze(&s, NULL, cfg, &a);
    if (rc) {
        crit_runner_fail_bench(r, id->title, "analysis rejected the sample of this side");
        goto out;
    }
    if (ch) {
        a.compared = true;
        a.change = *ch;
    }
    crit_console_result(&r->con, id, &a);
    if (m->precision.ceiling)
        crit_console_message(&r->con,
                             "note: %s: the measurement time ran out at +-%.2f %% before the "
                             "target +-%.2f %% (%zu rounds)",
                             id->title, m->precision.achieved * 100, m->precision.target * 100,
                             m->precision.samples);
    if (!r->opt.noplot &&
        crit_report_bench(r->opt.output_dir, id, &s, &a, ch ? &base : NULL, err, sizeof err) != 0)
        crit_console_message(&r->con, "warning: %s: no HTML report: %s", id->title, err);
    if (ch && ch->verdict == CRIT_VERDICT_REGRESSED)
        r->nregressed++;
    if (crit_run_output_add(&r->output, id, &s, &a) != 0)
        crit_runner_fail_bench(r, id->title, "out of memory keeping its record for the exports");
    else if (r->opt.message_json &&
             crit_run_output_message_last(&r->output, r->opt.output_dir, stdout) != 0)
        crit_runner_fail_bench(r, id->title, "out of memory writing its JSON message");
    m->has_settings = true;
    m->settings = *st;
    crit_paired_rounds pr = {rd->iters, rd->n, rd->new_ns, rd->old_ns,
                             r->opt.aa ? "itself" : r->opt.against};
    if (crit_store_write(r->opt.output_dir, id, &s, &a, m, ctx, err, sizeof err) ||
        (ch && crit_store_write_paired(r->opt.output_dir, id, &pr, err, sizeof err)))
        crit_runner_fail_bench(r, id->title, err);
    crit_analysis_fini(&a);
out:
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

/* One line per A/A run, then the summary into metrics.aa. */
static int aa_runs(crit_runner *r, const crit_bench_id *id, const crit_settings *st, side *nw,
                   side *old, const crit_analysis_config *cfg, rounds *rd, crit_extra_metrics *m,
                   char *err, size_t errlen) {
    size_t runs = r->opt.aa_runs;
    crit_change *changes = calloc(runs, sizeof *changes);
    if (!changes)
        return snprintf(err, errlen, "out of memory"), -CRIT_ENOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < runs; i++) {
        rc = measure_pair(r, id, st, nw, old, cfg, rd, &changes[i], &m->precision, err, errlen);
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
    side nw = {NULL, fn, arg, false}, old = {&r->peer, NULL, NULL, false};
    rounds rd = {0};
    crit_extra_metrics m = {0};
    crit_change ch;
    crit_analysis_config cfg = config_of(r, st);
    crit_context ctx = r->ctx;
    crit_cpu_times t0, t1;
    crit_cpu_times_read(&t0);
    if (r->opt.aa)
        rc = aa_runs(r, id, st, &nw, &old, &cfg, &rd, &m, err, sizeof err);
    else
        rc = measure_pair(r, id, st, &nw, &old, &cfg, &rd, &ch, &m.precision, err, sizeof err);
    crit_cpu_times_read(&t1);
    ctx.measured = true;
    ctx.steal_percent = crit_cpu_steal_percent(&t0, &t1);
    ctx.load_average = crit_context_load_average();
    if (rc == 0)
        finish(r, id, st, &cfg, &rd, r->opt.aa ? NULL : &ch, &m, &ctx);
    else if (nw.skipped) {
        crit_console_message(&r->con, "%s: skipped: %s", id->title, err);
        r->nskipped++;
    } else
        crit_runner_fail_bench(r, id->title, err);
    if (r->peer.pid > 0 && crit_peer_release(&r->peer, err, sizeof err) != 0)
        crit_runner_fail_bench(r, id->title, err);
    free(rd.new_ns);
    free(rd.old_ns);
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
    for (size_t i = 0; i < r->peer.nids; i++)
        if (!r->peer.seen[i] && matches(r, r->peer.ids[i]))
            crit_console_message(&r->con, "%s: only in '%s', not in this program: not compared",
                                 r->peer.ids[i], r->peer.path);
    crit_peer_stop(&r->peer);
}
