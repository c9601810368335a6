/* export_json.c: the JSON exports: Google Benchmark's result file (--export-gbench-json) and
 * cargo-criterion's one-line messages (--message-format json). Built with cJSON; numbers go
 * through jsonio's shortest exact printer. */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "benchid.h"
#include "jsonio.h"

static char *print_compact(cJSON *root, bool ok) {
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static double total_iterations(const crit_sample *s) {
    double n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->iters[i];
    return n;
}

/* ---- Google Benchmark ---------------------------------------------------------------------- */

static bool gbench_context(cJSON *root, const crit_context *ctx, const char *executable) {
    cJSON *c = cJSON_AddObjectToObject(root, "context");
    bool scaling = strcmp(ctx->governor, "unknown") != 0 &&
                   strcmp(ctx->governor, "performance") != 0;
    bool ok = c != NULL && cJSON_AddStringToObject(c, "date", ctx->date) != NULL &&
              cJSON_AddStringToObject(c, "host_name", ctx->host) != NULL &&
              cJSON_AddStringToObject(c, "executable", executable) != NULL &&
              crit_json_add_int(c, "num_cpus", ctx->cores) &&
              crit_json_add_int(c, "mhz_per_cpu", 0) &&
              cJSON_AddBoolToObject(c, "cpu_scaling_enabled", scaling) != NULL &&
              cJSON_AddArrayToObject(c, "caches") != NULL;
    cJSON *load = ok ? cJSON_AddArrayToObject(c, "load_avg") : NULL;
    double l[3];
    int nl = getloadavg(l, 3);
    for (int i = 0; load != NULL && i < nl; i++)
        ok = ok && crit_json_append_num(load, l[i]);
    return ok && load != NULL &&
           cJSON_AddStringToObject(c, "library_build_type",
                                   strncmp(ctx->build_mode, "debug", 5) == 0 ? "debug"
                                                                             : "release") != NULL;
}

/* Google Benchmark's cpu_time: the process CPU time per iteration, a command's user + system
 * time per run, or (a custom timer's work is elsewhere) the wall time as before. */
static double gbench_cpu_time(const crit_usage *u, double mean) {
    if (u->has_cpu)
        return u->cpu_time;
    if (u->has_child)
        return u->child_user_time + u->child_sys_time;
    return mean;
}

/* User counters: the allocation counts (Google Benchmark's memory manager names
 * allocs_per_iter too) and a command's rusage. */
static bool gbench_counters(cJSON *b, const crit_usage *u) {
    bool ok = true;
    if (u->has_allocs)
        ok = crit_json_add_num(b, "allocs_per_iter", u->allocs) &&
             crit_json_add_num(b, "bytes_per_iter", u->bytes) &&
             crit_json_add_num(b, "frees_per_iter", u->frees);
    if (ok && u->has_child)
        ok = crit_json_add_num(b, "child_user_time", u->child_user_time) &&
             crit_json_add_num(b, "child_sys_time", u->child_sys_time) &&
             crit_json_add_num(b, "child_max_rss_kib", u->child_max_rss_kib);
    return ok;
}

static bool gbench_run(cJSON *arr, const crit_run_record *r, size_t index) {
    cJSON *b = cJSON_CreateObject();
    if (b == NULL || !cJSON_AddItemToArray(arr, b)) {
        cJSON_Delete(b);
        return false;
    }
    double mean = r->est.mean.point;
    bool ok = cJSON_AddStringToObject(b, "name", r->id.full_id) != NULL &&
              crit_json_add_uint(b, "family_index", index) &&
              crit_json_add_uint(b, "per_family_instance_index", 0) &&
              cJSON_AddStringToObject(b, "run_name", r->id.full_id) != NULL &&
              cJSON_AddStringToObject(b, "run_type", "iteration") != NULL &&
              crit_json_add_uint(b, "repetitions", 1) &&
              crit_json_add_uint(b, "repetition_index", 0) && crit_json_add_uint(b, "threads", 1) &&
              crit_json_add_num(b, "iterations", total_iterations(&r->sample)) &&
              crit_json_add_num(b, "real_time", mean) &&
              crit_json_add_num(b, "cpu_time", gbench_cpu_time(&r->usage, mean)) &&
              cJSON_AddStringToObject(b, "time_unit", "ns") != NULL &&
              gbench_counters(b, &r->usage);
    crit_throughput tp = r->id.throughput;
    if (ok && tp.kind != CRIT_THROUGHPUT_NONE && mean > 0) {
        double per_s = (double)tp.per_iter * 1e9 / mean;
        const char *key = tp.kind == CRIT_THROUGHPUT_ELEMENTS ? "items_per_second"
                          : tp.kind == CRIT_THROUGHPUT_BITS   ? "bits_per_second"
                                                              : "bytes_per_second";
        ok = crit_json_add_num(b, key, per_s);
    }
    return ok;
}

char *crit_export_gbench_json(const crit_run_record *recs, size_t n, const crit_context *ctx,
                              const char *executable) {
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL && gbench_context(root, ctx, executable);
    cJSON *arr = ok ? cJSON_AddArrayToObject(root, "benchmarks") : NULL;
    ok = ok && arr != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = gbench_run(arr, &recs[i], i);
    return print_compact(root, ok);
}

/* ---- cargo-criterion messages -------------------------------------------------------------- */

static bool add_interval(cJSON *obj, const char *key, const crit_estimate *e, const char *unit) {
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    return o != NULL && crit_json_add_num(o, "estimate", e->point) &&
           crit_json_add_num(o, "lower_bound", e->lower) &&
           crit_json_add_num(o, "upper_bound", e->upper) &&
           cJSON_AddStringToObject(o, "unit", unit) != NULL;
}

static bool add_sample(cJSON *m, const crit_sample *s) {
    cJSON *iters = cJSON_AddArrayToObject(m, "iteration_count");
    cJSON *times = cJSON_AddArrayToObject(m, "measured_values");
    bool ok = iters != NULL && times != NULL;
    for (size_t i = 0; ok && i < s->n; i++)
        ok = crit_json_append_num(iters, s->iters[i]) && crit_json_append_num(times, s->times[i]);
    return ok && cJSON_AddStringToObject(m, "unit", "ns") != NULL;
}

static bool add_throughput(cJSON *m, crit_throughput tp) {
    cJSON *arr = cJSON_AddArrayToObject(m, "throughput");
    if (arr == NULL || tp.kind == CRIT_THROUGHPUT_NONE)
        return arr != NULL;
    cJSON *t = cJSON_CreateObject();
    if (t == NULL || !cJSON_AddItemToArray(arr, t)) {
        cJSON_Delete(t);
        return false;
    }
    const char *unit = tp.kind == CRIT_THROUGHPUT_ELEMENTS ? "elements"
                       : tp.kind == CRIT_THROUGHPUT_BITS   ? "bits"
                                                           : "bytes";
    return crit_json_add_uint(t, "per_iteration", tp.per_iter) &&
           cJSON_AddStringToObject(t, "unit", unit) != NULL;
}

static bool add_change(cJSON *m, const crit_run_record *r) {
    if (!r->compared)
        return cJSON_AddNullToObject(m, "change") != NULL;
    cJSON *c = cJSON_AddObjectToObject(m, "change");
    const char *kind = crit_verdict_texts(r->change.verdict)->cargo;
    return c != NULL && add_interval(c, "mean", &r->change.mean, "%") &&
           add_interval(c, "median", &r->change.median, "%") &&
           cJSON_AddStringToObject(c, "change", kind) != NULL;
}

static bool add_relative(cJSON *m, const crit_relative *rel) {
    cJSON *o = cJSON_AddObjectToObject(m, "relative");
    return o != NULL && cJSON_AddStringToObject(o, "to", rel->to) != NULL &&
           add_interval(o, "ratio", &rel->ratio, "ratio") &&
           crit_json_add_uint(o, "rounds", rel->rounds) &&
           crit_json_add_num(o, "p_value", rel->p_value);
}

static char *report_dir(const char *out_dir, const char *directory_name) {
    size_t n = strlen(out_dir) + strlen(directory_name) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", out_dir, directory_name);
    return p;
}

char *crit_export_message_benchmark(const crit_run_record *r, const char *out_dir) {
    cJSON *m = cJSON_CreateObject();
    char *dir = report_dir(out_dir, r->id.directory_name);
    const crit_estimate *typical = crit_typical(&r->est);
    bool ok = m != NULL && dir != NULL &&
              cJSON_AddStringToObject(m, "reason", "benchmark-complete") != NULL &&
              cJSON_AddStringToObject(m, "id", r->id.full_id) != NULL &&
              cJSON_AddStringToObject(m, "report_directory", dir) != NULL &&
              add_sample(m, &r->sample) && add_throughput(m, r->id.throughput) &&
              add_interval(m, "typical", typical, "ns") &&
              add_interval(m, "mean", &r->est.mean, "ns") &&
              add_interval(m, "median", &r->est.median, "ns") &&
              add_interval(m, "median_abs_dev", &r->est.median_abs_dev, "ns");
    if (ok)
        ok = r->est.has_slope ? add_interval(m, "slope", &r->est.slope, "ns")
                              : cJSON_AddNullToObject(m, "slope") != NULL;
    ok = ok && add_change(m, r);
    if (ok && r->relative.used)
        ok = add_relative(m, &r->relative);
    free(dir);
    return print_compact(m, ok);
}

char *crit_export_message_group(const char *group_id, const crit_run_record *recs, size_t n,
                                const char *out_dir) {
    cJSON *m = cJSON_CreateObject();
    crit_bench_id gid;
    bool ok = m != NULL && crit_bench_id_init(&gid, group_id, NULL, NULL,
                                              (crit_throughput){CRIT_THROUGHPUT_NONE, 0}) == 0;
    char *dir = ok ? report_dir(out_dir, gid.directory_name) : NULL;
    if (ok)
        crit_bench_id_fini(&gid);
    ok = ok && dir != NULL && cJSON_AddStringToObject(m, "reason", "group-complete") != NULL &&
         cJSON_AddStringToObject(m, "group_name", group_id) != NULL;
    cJSON *ids = ok ? cJSON_AddArrayToObject(m, "benchmarks") : NULL;
    ok = ok && ids != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        cJSON *s = cJSON_CreateString(recs[i].id.full_id);
        ok = s != NULL && cJSON_AddItemToArray(ids, s);
        if (!ok)
            cJSON_Delete(s);
    }
    ok = ok && cJSON_AddStringToObject(m, "report_directory", dir) != NULL;
    free(dir);
    return print_compact(m, ok);
}
