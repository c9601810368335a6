/* usage.c: --count-allocs and crit_group_count_allocs, and the step from the timing loops' sums
 * (measure.h's crit_usage_tally) to a benchmark's crit_usage (see usage.h). */
#include "usage.h"

#include <string.h>

void crit_group_count_allocs(crit_group *g, bool on) {
    g->settings.count_allocs = on;
    g->set |= CRIT_SET_COUNT_ALLOCS;
}

void crit_runner_usage_arm(crit_runner *r, const crit_settings *st, crit_bencher *b) {
    b->count_allocs = false;
    if (!st->count_allocs)
        return;
    if (crit_allocs_available()) {
        b->count_allocs = true;
    } else if (!r->allocs_warned) {
        r->allocs_warned = true;
        crit_console_message(&r->con, "warning: --count-allocs: allocation counting is not "
                                      "available in a sanitizer build (the sanitizer replaces "
                                      "malloc); measuring without it");
    }
}

static bool has_metric(const crit_extra_metrics *m, const char *name) {
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->name[i], name) == 0)
            return true;
    return false;
}

void crit_runner_usage_collect(crit_bencher *b) {
    crit_usage *u = &b->metrics.usage;
    crit_measure_usage(b, u);
    if (!u->has_allocs)
        return;
    /* the benchmark's own count wins (e.g. libpy's, which the gates read) */
    if (!has_metric(&b->metrics, "allocs_per_iter"))
        crit_bencher_metric(b, "allocs_per_iter", u->allocs);
    if (!has_metric(&b->metrics, "bytes_per_iter"))
        crit_bencher_metric(b, "bytes_per_iter", u->bytes);
}
