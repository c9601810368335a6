/* group_compare.c: a compared group's members run together at crit_group_finish
 * (group_compare.h): warm-up and interleaved rounds through rounds.c, then each member's
 * results through the runner's normal finish, with its paired ratio to the baseline member. */
#include "group_compare.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "benchid.h"
#include "context.h"
#include "format.h"
#include "measure.h"
#include "precision.h"
#include "relative.h"
#include "rounds.h"
#include "sample.h"
#include "shard.h"

bool crit_group_compare_defers(const crit_group *g) {
    const crit_options *o = &g->r->opt;
    return g->compare_to != NULL &&
           !(o->list || o->test || o->quick || o->against || o->aa || o->serve ||
             o->load_baseline || o->instructions || o->instructions_child);
}

void crit_group_compare_add(crit_group *g, crit_bench_id *id, crit_bench_fn fn, void *arg,
                            void *owned) {
    if (g->nmembers == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 4;
        crit_member *p = realloc(g->members, cap * sizeof *p);
        if (p == NULL) {
            fputs("error: out of memory\n", stderr);
            exit(1);
        }
        g->members = p;
        g->cap = cap;
    }
    g->members[g->nmembers++] = (crit_member){*id, fn, arg, owned};
    memset(id, 0, sizeof *id);
}

void crit_group_compare_free(crit_group *g) {
    for (size_t i = 0; i < g->nmembers; i++) {
        crit_bench_id_fini(&g->members[i].id);
        free(g->members[i].owned);
    }
    free(g->members);
    free(g->compare_to);
    g->members = NULL;
    g->compare_to = NULL;
    g->nmembers = g->cap = 0;
}

/* ---- one run of the group ---------------------------------------------------------------- */

/* A member while the group runs: its bencher lives through warm-up and rounds, so the metrics
 * and context facts it records are kept, as in a normal benchmark. */
typedef struct member_run {
    const crit_member *m;
    crit_bencher b;
    bool selected;
} member_run;

static int member_side(void *ctx, uint64_t iters, double *ns, char *err, size_t errlen) {
    member_run *mr = ctx;
    int rc = crit_measure_once(&mr->b, mr->m->fn, mr->m->arg, iters, ns);
    if (rc)
        snprintf(err, errlen, "%s", mr->b.message);
    return rc;
}

/* The member's id inside its group: its full id without "group/". */
static const char *name_in_group(const crit_group *g, const crit_bench_id *id) {
    size_t n = strlen(g->id);
    const char *full = id->full_id;
    return strncmp(full, g->id, n) == 0 && full[n] == '/' ? full + n + 1 : full;
}

typedef struct group_run {
    crit_group *g;
    member_run *mr;
    crit_round_side *sides;
    size_t n, base;
    crit_analysis_config cfg;
} group_run;

/* The member's paired ratio to the baseline over the rounds so far: 0, or the analysis' code. */
static int ratio_of(const group_run *gr, const crit_rounds *rd, size_t i, crit_change *c) {
    return crit_analyze_paired(rd->ns[i], rd->ns[gr->base], rd->n, &gr->cfg, c);
}

/* --target-precision's measure: the widest member-vs-baseline ratio interval, relative to its
 * ratio (+INFINITY when no member is compared or an analysis fails). */
static double widest(const crit_rounds *rd, void *p) {
    const group_run *gr = p;
    double w = -INFINITY;
    for (size_t i = 0; i < gr->n; i++) {
        crit_change c;
        if (i == gr->base || !gr->sides[i].active)
            continue;
        if (ratio_of(gr, rd, i, &c) != 0)
            return INFINITY;
        crit_estimate ratio = crit_ratio_of_change(&c);
        w = fmax(w, crit_precision_of(&ratio));
    }
    return w > -INFINITY ? w : INFINITY;
}

/* Member i failed or skipped itself (err says why): reported and left out. When it is the
 * baseline, the other members cannot be compared: each is reported too, and false is returned
 * (the group stops). */
static bool drop(group_run *gr, size_t i, const char *err) {
    crit_runner *r = gr->g->r;
    member_run *mr = &gr->mr[i];
    const char *title = mr->m->id.title;
    if (mr->b.failed)
        crit_runner_end_bench(r, title, &mr->b);
    else
        crit_runner_fail_bench(r, title, err);
    gr->sides[i].active = false;
    if (i != gr->base)
        return true;
    char why[1024];
    for (size_t j = 0; j < gr->n; j++) {
        if (!gr->sides[j].active)
            continue;
        gr->sides[j].active = false;
        const char *other = gr->mr[j].m->id.title;
        if (mr->b.skipped) {
            crit_console_message(&r->con,
                                 "%s: skipped: not compared: its baseline %s skipped "
                                 "itself",
                                 other, title);
            r->nskipped++;
        } else {
            snprintf(why, sizeof why, "not compared: its baseline %s failed", title);
            crit_runner_fail_bench(r, other, why);
        }
    }
    return false;
}

/* Every selected member fails with `why` (nothing of the group is measured). */
static void fail_selected(crit_group *g, const char *why) {
    for (size_t i = 0; i < g->nmembers; i++)
        if (crit_runner_matches(g->r, g->members[i].id.full_id))
            crit_runner_fail_bench(g->r, g->members[i].id.title, why);
}

/* Warm-up, then rounds; false when the group stopped (everything already reported). */
static bool measure(group_run *gr, const crit_settings *st, crit_rounds *rd, crit_precision *prec) {
    crit_runner *r = gr->g->r;
    char err[1200], t[64];
    size_t failed = 0, active = 0;
    double *per_iter = calloc(gr->n, sizeof *per_iter);
    if (per_iter == NULL) {
        fail_selected(gr->g, "out of memory");
        return false;
    }
    for (size_t i = 0; i < gr->n; i++)
        active += gr->sides[i].active;
    crit_console_status(&r->con, "Benchmarking %s: Warming up %zu benchmarks for %s", gr->g->id,
                        active, crit_fmt_time_aligned(t, sizeof t, st->warm_up_time * 1e9));
    int rc;
    while ((rc = crit_rounds_warm_up(gr->sides, gr->n, st->warm_up_time * 1e9, per_iter, &failed,
                                     err, sizeof err)) != 0)
        if (!drop(gr, failed, err)) {
            free(per_iter);
            return false;
        }
    double slowest = 0;
    for (size_t i = 0; i < gr->n; i++)
        if (gr->sides[i].active)
            slowest = fmax(slowest, per_iter[i]);
    free(per_iter);
    rd->iters = crit_rounds_iters(slowest, st->measurement_time);
    active = 0;
    for (size_t i = 0; i < gr->n; i++)
        active += gr->sides[i].active;
    crit_console_status(&r->con,
                        "Benchmarking %s: Collecting rounds of %llu iterations of %zu "
                        "benchmarks for %s",
                        gr->g->id, (unsigned long long)rd->iters, active,
                        crit_fmt_time_aligned(t, sizeof t, st->measurement_time * 1e9));
    while ((rc = crit_rounds_collect(rd, gr->sides, st->measurement_time, st->target_precision,
                                     widest, gr, prec, &failed, err, sizeof err)) != 0) {
        if (rc == -CRIT_ENOMEM) {
            for (size_t i = 0; i < gr->n; i++)
                if (gr->sides[i].active)
                    crit_runner_fail_bench(r, gr->mr[i].m->id.title, err);
            return false;
        }
        if (!drop(gr, failed, err))
            return false;
    }
    return true;
}

/* Member i's results: its rounds as a Flat sample through the normal finish, with its ratio to
 * the baseline member unless it is the baseline. */
static void results(group_run *gr, size_t i, const crit_settings *st, const crit_rounds *rd,
                    const crit_precision *prec, const crit_context *ctx) {
    crit_runner *r = gr->g->r;
    member_run *mr = &gr->mr[i];
    const crit_bench_id *id = &mr->m->id;
    crit_sample s = {0}, base = {0};
    bool damaged = false;
    if (crit_sample_init(&s, rd->n)) {
        crit_runner_fail_bench(r, id->title, "out of memory");
        return;
    }
    s.mode = CRIT_MODE_FLAT;
    for (size_t k = 0; k < rd->n; k++) {
        s.iters[k] = (double)rd->iters;
        s.times[k] = rd->ns[i][k];
    }
    crit_extra_metrics *m = &mr->b.metrics;
    m->has_settings = true;
    m->settings = *st;
    if (prec->used)
        m->precision = *prec;
    crit_change ch;
    const char *to = gr->mr[gr->base].m->id.full_id;
    if (i != gr->base &&
        (ratio_of(gr, rd, i, &ch) != 0 || !crit_relative_from_change(&m->relative, to, &ch)))
        crit_console_message(&r->con,
                             "warning: %s: no ratio to %s: the paired analysis "
                             "rejected the rounds",
                             id->title, to);
    int have = crit_runner_load_base(r, id, &base, &damaged);
    if (have >= 0)
        crit_runner_finish_bench(r, id, st, &s, have ? &base : NULL, m, ctx, NULL, NULL);
    crit_sample_fini(&s);
    crit_sample_fini(&base);
}

void crit_group_compare_run(crit_group *g) {
    crit_runner *r = g->r;
    size_t n = g->nmembers, nsel = 0, base = n;
    for (size_t i = 0; i < n; i++) {
        nsel += crit_runner_matches(r, g->members[i].id.full_id);
        if (base == n && strcmp(name_in_group(g, &g->members[i].id), g->compare_to) == 0)
            base = i;
    }
    if (nsel == 0 || !crit_shard_takes(r, crit_shard_key(g, g->id), nsel))
        return; /* nothing selected, or the whole group is in another shard */
    r->nmatched += nsel;
    char why[1200];
    if (base == n) {
        snprintf(why, sizeof why,
                 "not run: group %s is compared with its benchmark '%s' (crit_group_compare), "
                 "which it does not register",
                 g->id, g->compare_to);
        fail_selected(g, why);
        return;
    }
    group_run gr = {g, calloc(n, sizeof *gr.mr), calloc(n, sizeof *gr.sides), n, base, {0}};
    crit_rounds rd = {0};
    if (gr.mr == NULL || gr.sides == NULL || crit_rounds_init(&rd, n) != 0) {
        fail_selected(g, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        gr.mr[i].m = &g->members[i];
        gr.mr[i].selected = crit_runner_matches(r, g->members[i].id.full_id);
        gr.sides[i] = (crit_round_side){member_side, &gr.mr[i], gr.mr[i].selected || i == base};
    }
    if (!gr.mr[base].selected)
        crit_console_message(&r->con, "note: %s runs too: it is the baseline of compared group %s",
                             g->members[base].id.title, g->id);
    crit_settings st = crit_group_settings(g);
    gr.cfg = (crit_analysis_config){.nresamples = st.nresamples,
                                    .confidence_level = st.confidence_level,
                                    .significance_level = st.significance_level,
                                    .noise_threshold = st.noise_threshold,
                                    .seed = r->opt.seed,
                                    .keep_distributions = false};
    crit_context ctx = r->ctx; /* plus what the machine did while the group ran */
    crit_cpu_times t0, t1;
    crit_precision prec;
    crit_cpu_times_read(&t0);
    bool ok = measure(&gr, &st, &rd, &prec);
    crit_cpu_times_read(&t1);
    if (!ok)
        goto out;
    ctx.measured = true;
    ctx.steal_percent = crit_cpu_steal_percent(&t0, &t1);
    ctx.load_average = crit_context_load_average();
    const char *w = crit_run_output_steal(&r->output, g->id, ctx.steal_percent, why, sizeof why);
    if (w[0])
        crit_console_message(&r->con, "warning: %s", w);
    crit_console_precision_note(&r->con, g->id, &prec, "rounds");
    for (size_t i = 0; i < n; i++)
        if (gr.sides[i].active)
            results(&gr, i, &st, &rd, &prec, &ctx);
out:
    crit_rounds_fini(&rd);
    free(gr.mr);
    free(gr.sides);
}
