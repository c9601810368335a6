/* decode.c: reads one benchmark's new/benchmark.json, new/estimates.json and new/metrics.json
 * with cJSON into a pd_bench. The keys perfdoc shows are checked strictly (present, right
 * type, finite); the context and settings blocks are read leniently (an absent or odd value is
 * shown as unknown). A file that fails is named in a warning and the benchmark is skipped;
 * a missing metrics.json only blanks the columns it feeds. */
#include "perfdoc.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pd_context_keys[PD_CTX_COUNT] = {
    "date",     "host",  "cpu_model",  "cores",        "governor",          "kernel",
    "compiler", "flags", "build_mode", "git_revision", "python_executable", "python_version",
};
const char *const pd_settings_keys[PD_SET_COUNT] = {
    "sample_size",      "warm_up_time",       "measurement_time", "nresamples",
    "confidence_level", "significance_level", "noise_threshold",  "sampling_mode",
};

/* Why a file was not used: the message names the file when `named` is set (a read failure
 * from libcrit), else it is only the reason and the caller names the file. */
typedef struct reason {
    char text[512];
    int named;
} reason;

static const char *const throughput_units[] = {"Bytes", "BytesDecimal", "Elements", "Bits"};

/* Parses path; NULL with a reason (and *missing set for ENOENT) when it cannot. */
static cJSON *parse_file(const char *path, int *missing, reason *why) {
    char *data;
    size_t len;
    int got = pd_read_file(path, 0, &data, &len, why->text, sizeof why->text);
    *missing = got == PD_READ_MISSING;
    why->named = got != 0;
    if (got != 0)
        return NULL;
    cJSON *root = NULL;
    if (len == 0) {
        snprintf(why->text, sizeof why->text, "empty file");
    } else if (strlen(data) != len) {
        snprintf(why->text, sizeof why->text, "contains a NUL byte");
    } else {
        const char *end = NULL;
        root = cJSON_ParseWithOpts(data, &end, 1);
        if (root == NULL) {
            const char *at = end ? end : cJSON_GetErrorPtr();
            size_t off = at && at >= data && at <= data + len ? (size_t)(at - data) : len;
            snprintf(why->text, sizeof why->text, "not valid JSON (error at byte %zu of %zu)", off,
                     len);
        }
    }
    free(data);
    return root;
}

/* obj[key] as a finite number; `name` is the key's dotted path for the reason. */
static int get_number(const cJSON *obj, const char *key, const char *name, double *out,
                      reason *why) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble)) {
        snprintf(why->text, sizeof why->text, "'%s' is %s", name,
                 it == NULL ? "missing" : "not a finite number");
        return -1;
    }
    *out = it->valuedouble;
    return 0;
}

static int decode_throughput(const cJSON *tp, pd_bench *b, reason *why) {
    if (tp == NULL || cJSON_IsNull(tp))
        return 0;
    const cJSON *unit = cJSON_IsObject(tp) ? tp->child : NULL;
    if (unit == NULL || unit->next != NULL || unit->string == NULL) {
        snprintf(why->text, sizeof why->text, "'throughput' is not null or {\"Unit\":N}");
        return -1;
    }
    for (size_t i = 0; i < sizeof throughput_units / sizeof *throughput_units; i++) {
        if (strcmp(unit->string, throughput_units[i]) != 0)
            continue;
        if (get_number(tp, unit->string, "throughput", &b->tp_count, why) != 0)
            return -1;
        b->tp_unit = strdup(unit->string);
        return b->tp_unit ? 0 : -2;
    }
    snprintf(why->text, sizeof why->text, "unknown throughput unit '%s'", unit->string);
    return -1;
}

/* 0 ok, -1 malformed, -2 out of memory. */
static int decode_benchmark(const cJSON *root, pd_bench *b, reason *why) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "full_id");
    if (!cJSON_IsString(id) || id->valuestring[0] == '\0') {
        snprintf(why->text, sizeof why->text, "'full_id' is missing or not a non-empty string");
        return -1;
    }
    b->id = strdup(id->valuestring);
    if (b->id == NULL)
        return -2;
    return decode_throughput(cJSON_GetObjectItemCaseSensitive(root, "throughput"), b, why);
}

static int decode_estimate(const cJSON *root, const char *key, pd_estimate *e, reason *why) {
    char name[96];
    const cJSON *est = cJSON_GetObjectItemCaseSensitive(root, key);
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(est, "confidence_interval");
    if (!cJSON_IsObject(est) || !cJSON_IsObject(ci)) {
        snprintf(why->text, sizeof why->text, "'%s.confidence_interval' is missing", key);
        return -1;
    }
    snprintf(name, sizeof name, "%s.point_estimate", key);
    if (get_number(est, "point_estimate", name, &e->point, why) != 0)
        return -1;
    snprintf(name, sizeof name, "%s.confidence_interval.lower_bound", key);
    if (get_number(ci, "lower_bound", name, &e->lower, why) != 0)
        return -1;
    snprintf(name, sizeof name, "%s.confidence_interval.upper_bound", key);
    if (get_number(ci, "upper_bound", name, &e->upper, why) != 0)
        return -1;
    snprintf(name, sizeof name, "%s.confidence_interval.confidence_level", key);
    return get_number(ci, "confidence_level", name, &e->level, why);
}

static int decode_estimates(const cJSON *root, pd_bench *b, reason *why) {
    if (decode_estimate(root, "mean", &b->mean, why) != 0 ||
        decode_estimate(root, "median", &b->median, why) != 0 ||
        decode_estimate(root, "std_dev", &b->std_dev, why) != 0)
        return -1;
    return 0;
}

/* A JSON string or number as text (numbers as pd_fmt_count, or %g with a unit suffix). */
static int dup_value(const cJSON *it, const char *suffix, char **out) {
    char num[64];
    const char *s = NULL;
    if (cJSON_IsString(it)) {
        s = it->valuestring;
    } else if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
        if (suffix != NULL)
            snprintf(num, sizeof num, "%g%s", it->valuedouble, suffix);
        else
            pd_fmt_count(num, sizeof num, it->valuedouble);
        s = num;
    }
    if (s == NULL)
        return 0;
    *out = strdup(s);
    return *out ? 0 : -2;
}

/* The lenient blocks: context strings and the optional settings object. */
static int decode_context_settings(const cJSON *root, pd_bench *b) {
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(root, "context");
    for (int i = 0; i < PD_CTX_COUNT; i++)
        if (dup_value(cJSON_GetObjectItemCaseSensitive(ctx, pd_context_keys[i]), NULL,
                      &b->ctx[i]) != 0)
            return -2;
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(root, "settings");
    if (!cJSON_IsObject(set))
        return 0;
    b->has_settings = 1;
    for (int i = 0; i < PD_SET_COUNT; i++) {
        const char *suffix = NULL;
        if (i == PD_SET_WARM_UP_TIME || i == PD_SET_MEASUREMENT_TIME)
            suffix = " s";
        else if (i != PD_SET_SAMPLE_SIZE && i != PD_SET_NRESAMPLES)
            suffix = "";
        if (dup_value(cJSON_GetObjectItemCaseSensitive(set, pd_settings_keys[i]), suffix,
                      &b->set[i]) != 0)
            return -2;
    }
    return 0;
}

static int decode_metrics(const cJSON *root, pd_bench *b, reason *why) {
    static const char *const classes[4] = {"low_severe", "low_mild", "high_mild", "high_severe"};
    double version, n;
    if (get_number(root, "schema_version", "schema_version", &version, why) != 0)
        return -1;
    if (version != 1) {
        snprintf(why->text, sizeof why->text, "unsupported schema_version %g", version);
        return -1;
    }
    if (get_number(root, "cv", "cv", &b->cv, why) != 0 ||
        get_number(root, "samples", "samples", &b->samples, why) != 0)
        return -1;
    const cJSON *out = cJSON_GetObjectItemCaseSensitive(root, "outliers");
    if (!cJSON_IsObject(out)) {
        snprintf(why->text, sizeof why->text, "'outliers' is missing or not an object");
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "outliers.%s", classes[i]);
        if (get_number(out, classes[i], name, &n, why) != 0)
            return -1;
        b->outliers += n;
    }
    const cJSON *allocs = cJSON_GetObjectItemCaseSensitive(root, "allocs_per_iter");
    if (allocs != NULL && !cJSON_IsNull(allocs)) {
        if (get_number(root, "allocs_per_iter", "allocs_per_iter", &b->allocs, why) != 0)
            return -1;
        b->has_allocs = 1;
    }
    if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "context"))) {
        snprintf(why->text, sizeof why->text, "'context' is missing or not an object");
        return -1;
    }
    b->has_metrics = 1;
    return decode_context_settings(root, b);
}

typedef int (*decoder)(const cJSON *root, pd_bench *b, reason *why);

/* Reads dir_path/new/<file> through fn. 1 ok, 0 skipped (warned), -1 out of memory;
 * an absent optional file gives 2 (warned too). */
static int load_one(pd_bench *b, const char *path, const char *dir, const char *file, decoder fn,
                    int optional) {
    size_t cap = strlen(path) + strlen(file) + 8;
    char *full = malloc(cap);
    if (full == NULL)
        return -1;
    snprintf(full, cap, "%s/new/%s", path, file);
    reason why = {.named = 0};
    int missing, rc = 1;
    cJSON *root = parse_file(full, &missing, &why);
    if (root != NULL) {
        rc = fn(root, b, &why);
        rc = rc == -2 ? -1 : rc == 0 ? 1 : 0;
        cJSON_Delete(root);
    } else {
        rc = optional && missing ? 2 : 0;
    }
    const char *name = why.named ? "" : full, *sep = why.named ? "" : ": ";
    if (rc == 0)
        fprintf(stderr, "perfdoc: warning: %s%s%s; skipping benchmark %s\n", name, sep, why.text,
                dir);
    else if (rc == 2)
        fprintf(stderr, "perfdoc: warning: %s%s%s; showing %s without its metrics\n", name, sep,
                why.text, dir);
    free(full);
    return rc;
}

/* The optional instruction count beside the time files: <path>/instructions/new/
 * instructions.json's per_iter.instructions. Absent: nothing; malformed: a warning. */
static void load_instructions(pd_bench *b, const char *path, const char *dir) {
    size_t cap = strlen(path) + 48;
    char *full = malloc(cap);
    if (full == NULL)
        return;
    snprintf(full, cap, "%s/instructions/new/instructions.json", path);
    reason why = {.named = 0};
    int missing;
    cJSON *root = parse_file(full, &missing, &why);
    const cJSON *per = root ? cJSON_GetObjectItemCaseSensitive(root, "per_iter") : NULL;
    const cJSON *v = per ? cJSON_GetObjectItemCaseSensitive(per, "instructions") : NULL;
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0) {
        b->has_instructions = 1;
        b->instructions = v->valuedouble;
    } else if (!missing) {
        fprintf(stderr, "perfdoc: warning: %s%s%s; showing %s without its instruction count\n",
                why.named ? "" : full, why.named ? "" : ": ",
                root ? "per_iter.instructions is not a count" : why.text, dir);
    }
    cJSON_Delete(root);
    free(full);
}

int pd_bench_decode(pd_bench *b, const char *path, const char *dir) {
    memset(b, 0, sizeof *b);
    b->dir = strdup(dir);
    if (b->dir == NULL)
        return -1;
    int rc = load_one(b, path, dir, "benchmark.json", decode_benchmark, 0);
    if (rc == 1)
        rc = load_one(b, path, dir, "estimates.json", decode_estimates, 0);
    if (rc == 1)
        rc = load_one(b, path, dir, "metrics.json", decode_metrics, 1);
    if (rc == 2) {
        rc = 1;
        b->cv = b->mean.point != 0 ? b->std_dev.point / b->mean.point : 0;
    }
    if (rc == 1)
        load_instructions(b, path, dir);
    if (rc != 1)
        pd_bench_free(b);
    return rc;
}

void pd_bench_free(pd_bench *b) {
    free(b->id);
    free(b->dir);
    free(b->tp_unit);
    for (int i = 0; i < PD_CTX_COUNT; i++)
        free(b->ctx[i]);
    for (int i = 0; i < PD_SET_COUNT; i++)
        free(b->set[i]);
    memset(b, 0, sizeof *b);
}
