/* history_query.c: reading the history database for tools (crit_history.h): the runs, the
 * benchmark ids, one benchmark's series, and merging another database (import). */
#include "history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies column i as text into dst (len bytes); "" for NULL. */
static void col_text(sqlite3_stmt *st, int i, char *dst, size_t len) {
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* Column i as a double; NaN for NULL. */
static double col_num(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static int col_dirty(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

/* Grows an array of `size`-byte elements to hold one more; false when out of memory. */
static bool grow(void **v, size_t n, size_t *cap, size_t size) {
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*v, c * size);
    if (p == NULL)
        return false;
    *v = p;
    *cap = c;
    return true;
}

static int nomem(const crit_history *h, char *err, size_t errlen) {
    snprintf(err, errlen, "%s: out of memory", h->path);
    return -CRIT_HISTORY_ENOMEM;
}

static const char *const RUNS_SQL =
    "SELECT r.run_id, r.date, r.git_commit, r.git_dirty, r.git_branch, r.host, r.cpu_model, "
    "r.compiler, r.build_mode, (SELECT count(*) FROM results s WHERE s.run_id = r.run_id) "
    "FROM runs r ORDER BY r.date, r.run_id";

int crit_history_list_runs(crit_history *h, crit_history_runs *out, char *err, size_t errlen) {
    sqlite3_stmt *st;
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    int rc = sqlite3_prepare_v2(h->db, RUNS_SQL, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow((void **)&out->v, out->n, &cap, sizeof *out->v)) {
            sqlite3_finalize(st);
            return nomem(h, err, errlen);
        }
        crit_history_run *r = &out->v[out->n++];
        col_text(st, 0, r->run_id, sizeof r->run_id);
        col_text(st, 1, r->date, sizeof r->date);
        col_text(st, 2, r->commit, sizeof r->commit);
        r->dirty = col_dirty(st, 3);
        col_text(st, 4, r->branch, sizeof r->branch);
        col_text(st, 5, r->host, sizeof r->host);
        col_text(st, 6, r->cpu_model, sizeof r->cpu_model);
        col_text(st, 7, r->compiler, sizeof r->compiler);
        col_text(st, 8, r->build_mode, sizeof r->build_mode);
        r->nbench = (size_t)sqlite3_column_int64(st, 9);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE
               ? 0
               : crit_history_sql_fail(h->db, rc, h->path, "cannot list the runs", err, errlen);
}

void crit_history_runs_fini(crit_history_runs *r) {
    free(r->v);
    memset(r, 0, sizeof *r);
}

int crit_history_benchmarks(crit_history *h, char ***names, size_t *n, char *err, size_t errlen) {
    sqlite3_stmt *st;
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    int rc = sqlite3_prepare_v2(h->db, "SELECT DISTINCT bench FROM results ORDER BY bench", -1, &st,
                                NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *b = (const char *)sqlite3_column_text(st, 0);
        char *copy = b ? strdup(b) : NULL;
        if (copy == NULL || !grow((void **)names, *n, &cap, sizeof **names)) {
            free(copy);
            sqlite3_finalize(st);
            return nomem(h, err, errlen);
        }
        (*names)[(*n)++] = copy;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0
                             : crit_history_sql_fail(h->db, rc, h->path,
                                                     "cannot list the benchmarks", err, errlen);
}

void crit_history_names_fini(char **names, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The columns read into a point, in this order (run_index first). */
static const char *const SERIES_SQL =
    "WITH ordered AS (SELECT run_id, row_number() OVER (ORDER BY date, run_id) - 1 AS idx, "
    "date, git_commit, git_dirty, git_branch, host FROM runs) "
    "SELECT o.idx, o.run_id, o.date, o.git_commit, o.git_dirty, o.git_branch, o.host, "
    "s.measure, s.typical_kind, s.typical, s.typical_lower, s.typical_upper, s.mean, "
    "s.mean_lower, s.mean_upper, s.median, s.median_lower, s.median_upper, s.std_dev, s.cv, "
    "s.p50, s.p90, s.p95, s.p99, s.throughput, s.throughput_kind, "
    "(SELECT value FROM metrics m WHERE m.run_id = s.run_id AND m.bench = s.bench AND "
    "m.measure = s.measure AND m.name = 'allocs_per_iter'), s.instructions, s.sample_size, "
    "s.warm_up_time, s.measurement_time, s.nresamples, s.confidence_level "
    "FROM results s JOIN ordered o ON o.run_id = s.run_id WHERE s.bench = ?1 "
    "ORDER BY o.idx, s.measure";

static void read_point(sqlite3_stmt *st, crit_history_point *p) {
    p->run_index = (size_t)sqlite3_column_int64(st, 0);
    col_text(st, 1, p->run_id, sizeof p->run_id);
    col_text(st, 2, p->date, sizeof p->date);
    col_text(st, 3, p->commit, sizeof p->commit);
    p->dirty = col_dirty(st, 4);
    col_text(st, 5, p->branch, sizeof p->branch);
    col_text(st, 6, p->host, sizeof p->host);
    col_text(st, 7, p->measure, sizeof p->measure);
    col_text(st, 8, p->typical_kind, sizeof p->typical_kind);
    double *nums[] = {
        &p->typical,    &p->typical_lower, &p->typical_upper, &p->mean,         &p->mean_lower,
        &p->mean_upper, &p->median,        &p->median_lower,  &p->median_upper, &p->std_dev,
        &p->cv,         &p->p50,           &p->p90,           &p->p95,          &p->p99,
        &p->throughput};
    for (int i = 0; i < 16; i++)
        *nums[i] = col_num(st, 9 + i);
    col_text(st, 25, p->throughput_kind, sizeof p->throughput_kind);
    double *rest[] = {&p->allocs_per_iter,  &p->instructions, &p->sample_size,     &p->warm_up_time,
                      &p->measurement_time, &p->nresamples,   &p->confidence_level};
    for (int i = 0; i < 7; i++)
        *rest[i] = col_num(st, 26 + i);
}

int crit_history_series_get(crit_history *h, const char *bench, crit_history_series *out, char *err,
                            size_t errlen) {
    sqlite3_stmt *st;
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    int rc = sqlite3_prepare_v2(h->db, SERIES_SQL, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, bench, -1, SQLITE_TRANSIENT);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow((void **)&out->v, out->n, &cap, sizeof *out->v)) {
            sqlite3_finalize(st);
            return nomem(h, err, errlen);
        }
        read_point(st, &out->v[out->n++]);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return crit_history_sql_fail(h->db, rc, h->path, "cannot read the series", err, errlen);
    if (out->n == 0) {
        snprintf(err, errlen,
                 "%s: no run recorded benchmark '%s' (crit-history list shows the "
                 "runs)",
                 h->path, bench);
        return -CRIT_HISTORY_ENOENT;
    }
    return 0;
}

void crit_history_series_fini(crit_history_series *s) {
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* The import's statements, run in order inside one transaction with the other database
 * attached as "other": its runs that h lacks, then their results and metrics. */
static const char *const IMPORT_SQL[] = {
    "CREATE TEMP TABLE new_runs AS SELECT run_id FROM other.runs "
    "WHERE run_id NOT IN (SELECT run_id FROM main.runs)",
    "INSERT INTO main.runs SELECT * FROM other.runs WHERE run_id IN (SELECT run_id FROM new_runs)",
    "INSERT INTO main.results SELECT * FROM other.results "
    "WHERE run_id IN (SELECT run_id FROM new_runs)",
    "INSERT INTO main.metrics SELECT * FROM other.metrics "
    "WHERE run_id IN (SELECT run_id FROM new_runs)",
};

static int import_attached(crit_history *h, size_t *added, char *err, size_t errlen) {
    int code = crit_history_exec(h, "BEGIN IMMEDIATE", err, errlen);
    for (size_t i = 0; code == 0 && i < sizeof IMPORT_SQL / sizeof IMPORT_SQL[0]; i++) {
        code = crit_history_exec(h, IMPORT_SQL[i], err, errlen);
        if (code == 0 && i == 1 && added)
            *added = (size_t)sqlite3_changes(h->db);
    }
    if (code == 0)
        code = crit_history_exec(h, "DROP TABLE temp.new_runs", err, errlen);
    if (code == 0)
        code = crit_history_exec(h, "COMMIT", err, errlen);
    if (code != 0) /* a failed COMMIT (busy, I/O) leaves the transaction open too */
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return code;
}

int crit_history_import(crit_history *h, const char *other_path, size_t *added, char *err,
                        size_t errlen) {
    crit_history *other;
    if (added)
        *added = 0;
    /* checks the file (regular, ours, not newer) and migrates it to our version first */
    int code = crit_history_open(other_path, 0, &other, err, errlen);
    crit_history_close(other);
    if (code)
        return code;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db, "ATTACH DATABASE ?1 AS other", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, other_path, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(h->db);
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return crit_history_sql_fail(h->db, rc, other_path, "cannot attach it", err, errlen);
    code = import_attached(h, added, err, errlen);
    sqlite3_exec(h->db, "DETACH DATABASE other", NULL, NULL, NULL);
    return code;
}
