/* check.c: `crit-history report` (the library writes the pages) and `crit-history check`
 * (exit 3 when a series' newest run is after a change point that made it slower by more
 * than the threshold; every such series named with the commit and the step). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crit.h"

int cmd_report(crit_history *h, const options *o) {
    char dir[4096], err[1024];
    if (o->output_dir) {
        snprintf(dir, sizeof dir, "%s", o->output_dir);
    } else {
        const char *slash = strrchr(o->db, '/');
        snprintf(dir, sizeof dir, "%.*s%shistory-report", slash ? (int)(slash - o->db) : 0, o->db,
                 slash ? "/" : "");
    }
    size_t pages;
    if (crit_history_report(h, &o->cfg, dir, &pages, err, sizeof err)) {
        fprintf(stderr, "crit-history: report: %s\n", err);
        return EXIT_ERROR;
    }
    printf("report: %zu benchmark%s in %s/index.html\n", pages, pages == 1 ? "" : "s", dir);
    return EXIT_OK;
}

/* A typical value as the console writes it (instructions as a count). */
static const char *value_text(char *buf, size_t len, const crit_history_change *c, double v) {
    if (!strcmp(c->measure, "instructions"))
        snprintf(buf, len, "%.0f instructions", v);
    else
        crit_format_time(buf, len, v);
    return buf;
}

int cmd_check(crit_history *h, const options *o) {
    crit_history_changes ch;
    char err[1024], a[64], b[64];
    if (crit_history_find_changes(h, NULL, &o->cfg, &ch, err, sizeof err)) {
        fprintf(stderr, "crit-history: check: %s\n", err);
        crit_history_changes_fini(&ch);
        return EXIT_ERROR;
    }
    size_t nreg = 0, nsig = 0;
    for (size_t i = 0; i < ch.n; i++) {
        const crit_history_change *c = &ch.v[i];
        nsig += c->significant;
        if (!crit_history_change_is_regression(c))
            continue;
        nreg++;
        char d[64];
        value_text(d, sizeof d, c, c->after - c->before);
        printf("regression: %s (%s, %s): %+.1f%% since commit %s (run %zu of %zu, %s): "
               "median %s -> %s (+%s), p = %.3f\n",
               c->bench, c->host, c->measure, c->step * 100.0, c->commit, c->index + 1, c->length,
               c->date, value_text(a, sizeof a, c, c->before), value_text(b, sizeof b, c, c->after),
               d, c->p_value);
    }
    printf("check: %zu change point%s, %zu beyond the %.1f%% threshold, %zu regression%s at the "
           "newest run\n",
           ch.n, ch.n == 1 ? "" : "s", nsig, o->cfg.threshold * 100.0, nreg, nreg == 1 ? "" : "s");
    crit_history_changes_fini(&ch);
    return nreg ? EXIT_REGRESSION : EXIT_OK;
}
