/* history_changes.c: change points of every series of the database: a series is one
 * benchmark's typical estimates on one host (and measure) in run order; E-divisive means
 * (stats/changepoint.c) finds the points, and each gets the step between the medians of the
 * segments either side. */
#include "history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "stats.h"

void crit_history_config_default(crit_history_config *cfg) {
    crit_edivisive_config e;
    crit_edivisive_config_default(&e);
    cfg->min_size = e.min_size;
    cfg->permutations = e.permutations;
    cfg->significance = e.significance;
    cfg->seed = e.seed;
    cfg->threshold = 0.05;
}

bool crit_history_change_is_regression(const crit_history_change *c) {
    return c->latest && c->significant && c->step > 0;
}

void crit_history_changes_fini(crit_history_changes *c) {
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* Median of v[lo..hi) (copied into scratch). */
static double segment_median(const double *v, size_t lo, size_t hi, double *scratch) {
    memcpy(scratch, v + lo, (hi - lo) * sizeof *v);
    return crit_stats_median_select(scratch, hi - lo);
}

typedef struct sink {
    crit_history_changes *out;
    size_t cap;
} sink;

static crit_history_change *push(sink *k) {
    if (k->out->n == k->cap) {
        size_t c = k->cap ? k->cap * 2 : 16;
        crit_history_change *p = realloc(k->out->v, c * sizeof *p);
        if (p == NULL)
            return NULL;
        k->out->v = p;
        k->cap = c;
    }
    crit_history_change *c = &k->out->v[k->out->n++];
    memset(c, 0, sizeof *c);
    return c;
}

/* The change points of one series: pts[idx[0..n)] with their values v. */
static int series_changes(const char *bench, const crit_history_point *pts, const size_t *idx,
                          const double *v, size_t n, const crit_history_config *cfg, sink *k) {
    crit_edivisive_config e = {1.0, cfg->min_size, cfg->permutations, cfg->significance, cfg->seed};
    size_t max = n / (cfg->min_size ? cfg->min_size : 1) + 1, ncp = 0;
    size_t *cps = malloc(max * sizeof *cps);
    double *pv = malloc(max * sizeof *pv), *scratch = malloc((n ? n : 1) * sizeof *scratch);
    int rc = cps && pv && scratch ? crit_edivisive(v, n, &e, cps, pv, max, &ncp) : -1;
    size_t first = k->out->n;
    for (size_t i = 0; rc == 0 && i < ncp; i++) {
        crit_history_change *c = push(k);
        if (c == NULL) {
            rc = -1;
            break;
        }
        const crit_history_point *p = &pts[idx[cps[i]]];
        snprintf(c->bench, sizeof c->bench, "%s", bench);
        snprintf(c->host, sizeof c->host, "%s", p->host);
        snprintf(c->measure, sizeof c->measure, "%s", p->measure);
        snprintf(c->run_id, sizeof c->run_id, "%s", p->run_id);
        snprintf(c->date, sizeof c->date, "%s", p->date);
        snprintf(c->commit, sizeof c->commit, "%s", p->commit);
        c->index = cps[i];
        c->length = n;
        c->p_value = pv[i];
        c->before = segment_median(v, i ? cps[i - 1] : 0, cps[i], scratch);
        c->after = segment_median(v, cps[i], i + 1 < ncp ? cps[i + 1] : n, scratch);
        c->step = c->after / c->before - 1.0;
        c->significant = fabs(c->step) > cfg->threshold;
    }
    for (size_t i = k->out->n; rc == 0 && i > first; i--)
        if (k->out->v[i - 1].significant) {
            k->out->v[i - 1].latest = true;
            break;
        }
    free(cps);
    free(pv);
    free(scratch);
    return rc;
}

/* Splits a benchmark's points into series by (host, measure), in first-seen order. */
static int bench_changes(const char *bench, const crit_history_series *s,
                         const crit_history_config *cfg, sink *k) {
    size_t *idx = malloc(s->n * sizeof *idx);
    double *v = malloc(s->n * sizeof *v);
    bool *done = calloc(s->n, sizeof *done);
    int rc = idx && v && done ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < s->n; i++) {
        if (done[i])
            continue;
        size_t n = 0;
        for (size_t j = i; j < s->n; j++)
            if (!done[j] && !strcmp(s->v[j].host, s->v[i].host) &&
                !strcmp(s->v[j].measure, s->v[i].measure)) {
                done[j] = true;
                if (isfinite(s->v[j].typical))
                    idx[n] = j, v[n++] = s->v[j].typical;
            }
        rc = series_changes(bench, s->v, idx, v, n, cfg, k);
    }
    free(idx);
    free(v);
    free(done);
    return rc;
}

int crit_history_find_changes(crit_history *h, const char *bench, const crit_history_config *cfg,
                              crit_history_changes *out, char *err, size_t errlen) {
    char **names = NULL;
    size_t nnames = 0;
    sink k = {out, 0};
    memset(out, 0, sizeof *out);
    int code = bench ? 0 : crit_history_benchmarks(h, &names, &nnames, err, errlen);
    size_t total = bench ? 1 : nnames;
    for (size_t i = 0; code == 0 && i < total; i++) {
        const char *b = bench ? bench : names[i];
        crit_history_series s;
        code = crit_history_series_get(h, b, &s, err, errlen);
        if (code == 0 && bench_changes(b, &s, cfg, &k) != 0) {
            snprintf(err, errlen, "%s: out of memory finding change points", h->path);
            code = -CRIT_HISTORY_ENOMEM;
        }
        crit_history_series_fini(&s);
    }
    crit_history_names_fini(names, nnames);
    return code;
}
