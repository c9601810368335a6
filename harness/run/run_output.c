/* run_output.c: the run's records, exports, JSON messages and steal accounting (see
 * run_output.h). File writes go through fs.c's atomic write. */
#include "run_output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "fs.h"
#include "history.h"

/* Room for one more record. */
static int reserve(crit_run_output *o) {
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        crit_run_record *p = realloc(o->recs, cap * sizeof *p);
        if (p == NULL)
            return -CRIT_ENOMEM;
        o->recs = p;
        o->cap = cap;
    }
    return 0;
}

int crit_run_output_add(crit_run_output *o, const crit_bench_id *id, const crit_sample *s,
                        const crit_analysis *a) {
    int rc = reserve(o);
    if (rc == 0 && (rc = crit_record_init(&o->recs[o->n], id, s, a)) == 0)
        o->n++;
    return rc;
}

int crit_run_output_add_instructions(crit_run_output *o, const crit_bench_id *id,
                                     const crit_instructions *in, const crit_change *change) {
    int rc = reserve(o);
    if (rc == 0 && (rc = crit_record_init_instructions(&o->recs[o->n], id, in, change)) == 0)
        o->n++;
    return rc;
}

void crit_run_output_set_relative(crit_run_output *o, const crit_relative *rel) {
    if (o->n > 0)
        o->recs[o->n - 1].relative = *rel;
}

void crit_run_output_set_metrics(crit_run_output *o, const crit_extra_metrics *m) {
    if (o->n == 0)
        return;
    crit_run_record *rec = &o->recs[o->n - 1];
    rec->nmetrics = m->n < CRIT_MAX_EXTRA_METRICS ? m->n : CRIT_MAX_EXTRA_METRICS;
    for (size_t i = 0; i < rec->nmetrics; i++) {
        memcpy(rec->metric_name[i], m->name[i], sizeof rec->metric_name[i]);
        rec->metric_value[i] = m->value[i];
    }
    rec->has_settings = m->has_settings;
    rec->settings = m->settings;
    rec->usage = m->usage;
}

void crit_run_output_fini(crit_run_output *o) {
    for (size_t i = 0; i < o->n; i++)
        crit_record_fini(&o->recs[i]);
    free(o->recs);
    memset(o, 0, sizeof *o);
}

const char *crit_run_output_steal(crit_run_output *o, const char *title, double steal_percent,
                                  char *buf, size_t len) {
    buf[0] = '\0';
    if (!(steal_percent > CRIT_STEAL_WARN_PERCENT))
        return buf;
    if (steal_percent > o->max_steal)
        o->max_steal = steal_percent;
    if (o->nstolen++ == 0)
        snprintf(buf, len,
                 "%s: %.1f%% of the CPU time was stolen by other virtual machines "
                 "while it ran (a shared VM): its times are inflated and noisier; this is "
                 "reported once per run",
                 title, steal_percent);
    return buf;
}

static int print_line(char *text, FILE *f) {
    if (text == NULL)
        return -CRIT_ENOMEM;
    fprintf(f, "%s\n", text);
    fflush(f);
    free(text);
    return 0;
}

int crit_run_output_message_last(const crit_run_output *o, const char *out_dir, FILE *f) {
    if (o->n == 0)
        return 0;
    return print_line(crit_export_message_benchmark(&o->recs[o->n - 1], out_dir), f);
}

int crit_run_output_message_group(const crit_run_output *o, const char *group_id, size_t first,
                                  const char *out_dir, FILE *f) {
    if (first >= o->n)
        return 0; /* nothing of this group ran */
    return print_line(crit_export_message_group(group_id, o->recs + first, o->n - first, out_dir),
                      f);
}

/* A regular file (or a link to one) is replaced atomically, through the link; anything else
 * that exists (/dev/stdout, a FIFO) is written in place, never renamed over. */
static int write_text(const char *path, char *text, char *err, size_t errlen) {
    if (text == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -CRIT_ENOMEM;
    }
    int rc = 0;
    struct stat st;
    char *real = realpath(path, NULL);
    if (real != NULL && stat(real, &st) == 0 && !S_ISREG(st.st_mode)) {
        FILE *f = fopen(real, "w");
        size_t len = strlen(text);
        bool ok = f != NULL && fwrite(text, 1, len, f) == len;
        if (f != NULL && fclose(f) != 0)
            ok = false;
        if (!ok) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            rc = -CRIT_EIO;
        }
    } else {
        rc = crit_fs_write_atomic(real != NULL ? real : path, text, strlen(text), err, errlen);
    }
    free(real);
    free(text);
    return rc;
}

int crit_run_output_export(const crit_run_output *o, const crit_options *opt,
                           const crit_context *ctx, const char *executable, char *err,
                           size_t errlen) {
    int first = 0, rc;
    char e[512];
    if (opt->export_markdown) {
        rc = write_text(opt->export_markdown, crit_export_markdown(o->recs, o->n), e, sizeof e);
        if (rc && !first)
            first = rc, snprintf(err, errlen, "%s", e);
    }
    if (opt->export_csv) {
        rc = write_text(opt->export_csv, crit_export_csv(o->recs, o->n), e, sizeof e);
        if (rc && !first)
            first = rc, snprintf(err, errlen, "%s", e);
    }
    if (opt->export_gbench) {
        rc = write_text(opt->export_gbench, crit_export_gbench_json(o->recs, o->n, ctx, executable),
                        e, sizeof e);
        if (rc && !first)
            first = rc, snprintf(err, errlen, "%s", e);
    }
    return first;
}

int crit_run_output_record(const crit_run_output *o, const crit_options *opt,
                           const crit_context *ctx, const char *executable, char *run_id,
                           size_t len, char *err, size_t errlen) {
    char path[4096];
    crit_options_record_path(opt, path, sizeof path);
    return crit_history_record(path, o->recs, o->n, ctx, executable, run_id, len, err, errlen);
}
