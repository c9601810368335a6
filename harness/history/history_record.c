/* history_record.c: bench --record: one run (context, then per benchmark its estimates,
 * settings and metrics) appended to the history database in one transaction. */
#include "history.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store_usage.h"

static const char *const RUN_SQL =
    "INSERT INTO runs (run_id, date, git_commit, git_dirty, git_branch, host, cpu_model, cores, "
    "governor, kernel, compiler, flags, build_mode, seed, recorded_by) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/* The columns of results in the order the statement binds them (?1 ...). */
static const char *const RESULT_SQL =
    "INSERT OR REPLACE INTO results (run_id, bench, measure, position, group_id, function_id, value_str, "
    "typical_kind, typical, typical_lower, typical_upper, mean, mean_lower, mean_upper, median, "
    "median_lower, median_upper, slope, slope_lower, slope_upper, std_dev, cv, p50, p90, p95, "
    "p99, confidence_level, sampling_mode, samples, throughput_kind, throughput_per_iter, "
    "throughput, instructions, l1_misses, ll_misses, estimated_cycles, sample_size, "
    "warm_up_time, measurement_time, nresamples, significance_level, noise_threshold, "
    "target_precision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, "
    "?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43)";

static const char *const METRIC_SQL =
    "INSERT OR REPLACE INTO metrics (run_id, bench, measure, name, value) VALUES "
    "(?1, ?2, ?3, ?4, ?5)";

/* Binds a double, NULL when it is not finite (a value the run did not have). */
static int bind_num(sqlite3_stmt *st, int i, double v) {
    return isfinite(v) ? sqlite3_bind_double(st, i, v) : sqlite3_bind_null(st, i);
}

static int bind_text(sqlite3_stmt *st, int i, const char *s) {
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

static const char *throughput_kind(crit_throughput_kind k) {
    switch (k) {
    case CRIT_THROUGHPUT_BYTES: return "bytes";
    case CRIT_THROUGHPUT_BYTES_DECIMAL: return "bytes_decimal";
    case CRIT_THROUGHPUT_ELEMENTS: return "elements";
    case CRIT_THROUGHPUT_BITS: return "bits";
    default: return NULL;
    }
}

static int bind_run(sqlite3_stmt *st, const char *run_id, const crit_context *ctx,
                    const char *recorded_by) {
    int rc = bind_text(st, 1, run_id);
    const char *texts[] = {ctx->date, ctx->git_revision};
    for (int i = 0; i < 2 && rc == SQLITE_OK; i++)
        rc = bind_text(st, 2 + i, texts[i]);
    if (rc == SQLITE_OK)
        rc = ctx->git_dirty < 0 ? sqlite3_bind_null(st, 4)
                                : sqlite3_bind_int(st, 4, ctx->git_dirty);
    const char *more[] = {ctx->git_branch, ctx->host, ctx->cpu_model};
    for (int i = 0; i < 3 && rc == SQLITE_OK; i++)
        rc = bind_text(st, 5 + i, more[i]);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 8, ctx->cores);
    const char *rest[] = {ctx->governor, ctx->kernel, ctx->compiler, ctx->flags, ctx->build_mode};
    for (int i = 0; i < 5 && rc == SQLITE_OK; i++)
        rc = bind_text(st, 9 + i, rest[i]);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 14, (sqlite3_int64)ctx->seed);
    if (rc == SQLITE_OK)
        rc = bind_text(st, 15, recorded_by ? recorded_by : "unknown");
    return rc;
}

/* ?12..?27: the estimates of a timed record (all NULL for an instructions record). */
static int bind_estimates(sqlite3_stmt *st, const crit_run_record *r) {
    const crit_estimates *e = &r->est;
    double nan = r->has_instructions ? NAN : 0;
    double slope = e->has_slope ? 0 : NAN;
    const double v[] = {e->mean.point + nan,
                        e->mean.lower + nan,
                        e->mean.upper + nan,
                        e->median.point + nan,
                        e->median.lower + nan,
                        e->median.upper + nan,
                        e->slope.point + slope,
                        e->slope.lower + slope,
                        e->slope.upper + slope,
                        e->std_dev.point + nan,
                        r->cv + nan,
                        r->p50 + nan,
                        r->p90 + nan,
                        r->p95 + nan,
                        r->p99 + nan,
                        e->mean.confidence_level + nan};
    int rc = SQLITE_OK;
    for (int i = 0; i < 16 && rc == SQLITE_OK; i++)
        rc = bind_num(st, 12 + i, v[i]);
    return rc;
}

/* ?37..?43: the settings, NULL when the record has none. */
static int bind_settings(sqlite3_stmt *st, const crit_run_record *r) {
    const crit_settings *s = &r->settings;
    double none = r->has_settings ? 0 : NAN;
    const double v[] = {(double)s->sample_size + none, s->warm_up_time + none,
                        s->measurement_time + none,    (double)s->nresamples + none,
                        s->significance_level + none,  s->noise_threshold + none,
                        s->target_precision + none};
    int rc = SQLITE_OK;
    for (int i = 0; i < 7 && rc == SQLITE_OK; i++)
        rc = bind_num(st, 37 + i, v[i]);
    return rc;
}

static int bind_result(sqlite3_stmt *st, const char *run_id, const crit_run_record *r, int pos) {
    const crit_bench_id *id = &r->id;
    const crit_estimate *t = r->has_instructions ? NULL : crit_typical(&r->est);
    double ins = r->has_instructions ? r->instructions.instructions : NAN;
    const char *tk = t == NULL ? "instructions" : t == &r->est.slope ? "slope" : "mean";
    int rc = bind_text(st, 1, run_id);
    const char *texts[] = {id->full_id, r->has_instructions ? "instructions" : "time"};
    for (int i = 0; i < 2 && rc == SQLITE_OK; i++)
        rc = bind_text(st, 2 + i, texts[i]);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 4, pos);
    const char *parts[] = {id->group_id, id->function_id, id->value_str, tk};
    for (int i = 0; i < 4 && rc == SQLITE_OK; i++)
        rc = bind_text(st, 5 + i, parts[i]);
    const double typ[] = {t ? t->point : ins, t ? t->lower : ins, t ? t->upper : ins};
    for (int i = 0; i < 3 && rc == SQLITE_OK; i++)
        rc = bind_num(st, 9 + i, typ[i]);
    if (rc == SQLITE_OK)
        rc = bind_estimates(st, r);
    if (rc == SQLITE_OK)
        rc = bind_text(st, 28,
                       r->has_instructions                  ? NULL
                       : r->sample.mode == CRIT_MODE_LINEAR ? "linear"
                                                            : "flat");
    if (rc == SQLITE_OK)
        rc = r->has_instructions ? sqlite3_bind_null(st, 29)
                                 : sqlite3_bind_int64(st, 29, (sqlite3_int64)r->sample.n);
    const char *tpk = throughput_kind(id->throughput.kind);
    if (rc == SQLITE_OK)
        rc = bind_text(st, 30, tpk);
    if (rc == SQLITE_OK)
        rc = tpk ? sqlite3_bind_int64(st, 31, (sqlite3_int64)id->throughput.per_iter)
                 : sqlite3_bind_null(st, 31);
    double rate = tpk && t && t->point > 0 ? (double)id->throughput.per_iter * 1e9 / t->point : NAN;
    const crit_instructions *in = &r->instructions;
    double sim = r->has_instructions && in->cache_sim ? 0 : NAN;
    const double v[] = {rate, ins, in->l1_misses + sim, in->ll_misses + sim,
                        in->estimated_cycles + sim};
    for (int i = 0; i < 5 && rc == SQLITE_OK; i++)
        rc = bind_num(st, 32 + i, v[i]);
    if (rc == SQLITE_OK)
        rc = bind_settings(st, r);
    return rc;
}

/* Runs a bound statement that returns nothing and resets it for the next row. */
static int step(sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One metrics row (a non-finite value is left out). */
static int insert_metric(sqlite3_stmt *st, const char *run_id, const crit_run_record *r,
                         const char *name, double value) {
    int rc = bind_text(st, 1, run_id);
    if (rc == SQLITE_OK)
        rc = bind_text(st, 2, r->id.full_id);
    if (rc == SQLITE_OK)
        rc = bind_text(st, 3, r->has_instructions ? "instructions" : "time");
    if (rc == SQLITE_OK)
        rc = bind_text(st, 4, name);
    if (rc == SQLITE_OK)
        rc = bind_num(st, 5, value);
    if (rc == SQLITE_OK && isfinite(value))
        return step(st);
    sqlite3_reset(st);
    return rc;
}

/* The metrics the benchmark reported, then what it used besides wall time (CPU time,
 * allocation counts, a command's rusage) under metrics.json's names for them. */
static int insert_metrics(sqlite3_stmt *st, const char *run_id, const crit_run_record *r) {
    int rc = SQLITE_OK;
    for (size_t i = 0; i < r->nmetrics && rc == SQLITE_OK; i++)
        rc = insert_metric(st, run_id, r, r->metric_name[i], r->metric_value[i]);
    const char *names[7];
    double values[7];
    size_t n = crit_store_usage_items(&r->usage, names, values);
    for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
        rc = insert_metric(st, run_id, r, names[i], values[i]);
    return rc;
}

/* The inserts of one run, inside the caller's transaction. */
static int insert_run(sqlite3 *db, const char *run_id, const crit_run_record *recs, size_t n,
                      const crit_context *ctx, const char *recorded_by) {
    sqlite3_stmt *run = NULL, *res = NULL, *met = NULL;
    int rc = sqlite3_prepare_v2(db, RUN_SQL, -1, &run, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, RESULT_SQL, -1, &res, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, METRIC_SQL, -1, &met, NULL);
    if (rc == SQLITE_OK && (rc = bind_run(run, run_id, ctx, recorded_by)) == SQLITE_OK)
        rc = step(run);
    for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
        rc = bind_result(res, run_id, &recs[i], (int)i);
        if (rc == SQLITE_OK)
            rc = step(res);
        if (rc == SQLITE_OK)
            rc = insert_metrics(met, run_id, &recs[i]);
    }
    sqlite3_finalize(run);
    sqlite3_finalize(res);
    sqlite3_finalize(met);
    return rc;
}

int crit_history_record(const char *path, const crit_run_record *recs, size_t n,
                        const crit_context *ctx, const char *recorded_by, char *run_id, size_t len,
                        char *err, size_t errlen) {
    run_id[0] = '\0';
    if (n == 0)
        return 0;
    if (crit_history_new_run_id(run_id, len) != 0) {
        snprintf(err, errlen, "%s: no random bytes for a run id", path);
        return -CRIT_HISTORY_EIO;
    }
    crit_history *h;
    int code = crit_history_open(path, CRIT_HISTORY_CREATE, &h, err, errlen);
    if (code)
        return code;
    code = crit_history_exec(h, "BEGIN IMMEDIATE", err, errlen);
    if (code == 0) {
        int rc = insert_run(h->db, run_id, recs, n, ctx, recorded_by);
        if (rc != SQLITE_OK) {
            code = crit_history_sql_fail(h->db, rc, path, "cannot record the run", err, errlen);
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        } else {
            code = crit_history_exec(h, "COMMIT", err, errlen);
        }
    }
    crit_history_close(h);
    return code;
}
