/* store_json.c: the pure JSON codecs of criterion's files (declared in store.h):
 * benchmark.json, sample.json, estimates.json, tukey.json and change/estimates.json. Each
 * call builds and frees its own cJSON tree; helpers for exact numbers are in jsonio.c. */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchid.h"
#include "crit_results.h"
#include "jsonio.h"
#include "names.h"

#define TWO_POW_64 18446744073709551616.0

/* ---- benchmark.json ---------------------------------------------------------------------- */

static const char *const throughput_keys[] = {NULL, "Bytes", "BytesDecimal", "Elements", "Bits"};

static bool add_string_or_null(cJSON *obj, const char *key, const char *s) {
    return s != NULL ? cJSON_AddStringToObject(obj, key, s) != NULL
                     : cJSON_AddNullToObject(obj, key) != NULL;
}

int crit_store_encode_benchmark(const crit_bench_id *id, char **out, char *err, size_t errlen) {
    const char *file = "benchmark.json";
    *out = NULL;
    if (id->group_id == NULL || id->full_id == NULL || id->directory_name == NULL ||
        id->title == NULL)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "the benchmark id is incomplete");
    int kind = (int)id->throughput.kind;
    if (kind < 0 || kind > (int)CRIT_THROUGHPUT_BITS)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "unknown throughput kind %d", kind);
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL;
    ok = ok && cJSON_AddStringToObject(root, "group_id", id->group_id) != NULL;
    ok = ok && add_string_or_null(root, "function_id", id->function_id);
    ok = ok && add_string_or_null(root, "value_str", id->value_str);
    if (ok && kind == CRIT_THROUGHPUT_NONE) {
        ok = cJSON_AddNullToObject(root, "throughput") != NULL;
    } else if (ok) {
        cJSON *tp = cJSON_AddObjectToObject(root, "throughput");
        ok = tp != NULL && crit_json_add_uint(tp, throughput_keys[kind], id->throughput.per_iter);
    }
    ok = ok && cJSON_AddStringToObject(root, "full_id", id->full_id) != NULL;
    ok = ok && cJSON_AddStringToObject(root, "directory_name", id->directory_name) != NULL;
    ok = ok && cJSON_AddStringToObject(root, "title", id->title) != NULL;
    return crit_json_finish(root, ok, out, err, errlen, file);
}

static int decode_throughput(const crit_json_dec *d, const cJSON *root, crit_throughput *tp) {
    const cJSON *j;
    int rc = crit_json_get_item(d, root, "", "throughput", &j);
    tp->kind = CRIT_THROUGHPUT_NONE;
    tp->per_iter = 0;
    if (rc != 0 || cJSON_IsNull(j))
        return rc;
    if (!cJSON_IsObject(j) || cJSON_GetArraySize(j) != 1 || j->child->string == NULL)
        return crit_json_bad(d, "\"throughput\" must be null or an object with one key");
    for (int k = 1; k <= (int)CRIT_THROUGHPUT_BITS; k++) {
        if (strcmp(j->child->string, throughput_keys[k]) != 0)
            continue;
        double v;
        rc = crit_json_get_integer(d, j, "throughput", throughput_keys[k], 0, TWO_POW_64, &v);
        if (rc == 0 && v >= TWO_POW_64)
            rc = crit_json_bad(d, "\"throughput.%s\" does not fit in 64 bits", throughput_keys[k]);
        tp->kind = (crit_throughput_kind)k;
        tp->per_iter = rc == 0 ? (uint64_t)v : 0;
        return rc;
    }
    return crit_json_bad(d,
                         "\"throughput\" has unknown unit \"%s\" (expected Bytes, BytesDecimal, "
                         "Elements or Bits)",
                         j->child->string);
}

/* directory_name is joined to paths by readers: refuse anything that could leave them. */
static bool relative_safe(const char *p) {
    if (*p == '\0' || *p == '/')
        return false;
    for (const char *s = p; *s != '\0';) {
        size_t n = strcspn(s, "/");
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        s += n;
        if (*s == '/')
            s++;
        if (*s == '\0' && s[-1] == '/')
            return false;
    }
    return true;
}

/* Every id string of benchmark.json (NULL when absent) must be a name crit accepts (names.h),
 * as the runner requires of the ids it registers: no control character reaches a terminal. */
static int check_names(const crit_json_dec *d, const char *const s[6]) {
    static const char *const keys[6] = {"group_id", "function_id",    "value_str",
                                        "full_id",  "directory_name", "title"};
    for (int i = 0; i < 6; i++) {
        char buf[96];
        const char *problem = s[i] ? crit_name_problem(s[i], buf, sizeof buf) : NULL;
        if (problem != NULL)
            return crit_json_bad(d, "\"%s\" %s", keys[i], problem);
    }
    return 0;
}

static int decode_benchmark_tree(const crit_json_dec *d, const cJSON *root, void *out_) {
    crit_bench_id *out = out_;
    const char *g, *f, *v, *full, *dir, *title;
    int rc = crit_json_want_object(d, root, "the document");
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "group_id", false, &g);
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "function_id", true, &f);
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "value_str", true, &v);
    if (rc == 0)
        rc = decode_throughput(d, root, &out->throughput);
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "full_id", false, &full);
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "directory_name", false, &dir);
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "title", false, &title);
    if (rc == 0)
        rc = check_names(d, (const char *[]){g, f, v, full, dir, title});
    if (rc == 0 && !relative_safe(dir))
        rc = crit_json_bad(d, "\"directory_name\" \"%s\" is not a safe relative path", dir);
    if (rc != 0)
        return rc;
    out->group_id = strdup(g);
    out->function_id = f ? strdup(f) : NULL;
    out->value_str = v ? strdup(v) : NULL;
    out->full_id = strdup(full);
    out->directory_name = strdup(dir);
    out->title = strdup(title);
    if (!out->group_id || (f && !out->function_id) || (v && !out->value_str) || !out->full_id ||
        !out->directory_name || !out->title)
        return crit_json_nomem(d->err, d->errlen, d->file);
    return 0;
}

/* crit_json_decode_doc's undo for the decoders whose out owns memory. */
static void undo_benchmark(void *out) { crit_bench_id_fini(out); }
static void undo_sample(void *out) { crit_sample_fini(out); }

int crit_store_decode_benchmark(const char *json, size_t len, const char *name, crit_bench_id *out,
                                char *err, size_t errlen) {
    return crit_json_decode_doc(json, len, name, err, errlen, decode_benchmark_tree, out,
                                sizeof *out, undo_benchmark);
}

/* ---- sample.json ------------------------------------------------------------------------- */

int crit_store_encode_sample(const crit_sample *s, char **out, char *err, size_t errlen) {
    const char *file = "sample.json";
    *out = NULL;
    if (s->n == 0)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "the sample is empty");
    if (s->mode != CRIT_MODE_LINEAR && s->mode != CRIT_MODE_FLAT)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "unknown sampling mode %d",
                              (int)s->mode);
    if (s->n > CRIT_RESULTS_MAX_MEASUREMENTS)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, file,
                              "%zu measurements, more than the limit of %d", s->n,
                              CRIT_RESULTS_MAX_MEASUREMENTS);
    for (size_t i = 0; i < s->n; i++) {
        double it = s->iters[i];
        if (!(it >= 1 && it <= CRIT_RESULTS_MAX_ITERS && it == floor(it)))
            return crit_json_fail(-CRIT_EINVAL, err, errlen, file,
                                  "iters[%zu] = %.17g is not an integer in [1, 2^53]", i, it);
        if (!isfinite(s->times[i]) || s->times[i] < 0)
            return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "times[%zu] = %g is not >= 0", i,
                                  s->times[i]);
    }
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL &&
              cJSON_AddStringToObject(root, "sampling_mode",
                                      s->mode == CRIT_MODE_FLAT ? "Flat" : "Linear") != NULL;
    cJSON *iters = ok ? cJSON_AddArrayToObject(root, "iters") : NULL;
    cJSON *times = iters ? cJSON_AddArrayToObject(root, "times") : NULL;
    ok = ok && iters != NULL && times != NULL;
    for (size_t i = 0; ok && i < s->n; i++)
        ok = crit_json_append_num(iters, s->iters[i]) && crit_json_append_num(times, s->times[i]);
    return crit_json_finish(root, ok, out, err, errlen, file);
}

/* The bounds of one array of sample.json: values in [min, max] (min excluded when
 * min_exclusive), integral when `integral`. */
typedef struct number_rule {
    double min, max;
    bool min_exclusive, integral;
} number_rule;

/* Copies a JSON array of finite numbers into dst (n entries, already checked) under rule. The
 * "key[i]" label is built only for a message: formatting it for every entry cost 13% of a
 * comparison of two 100 000-measurement samples. */
static int decode_numbers(const crit_json_dec *d, const cJSON *arr, const char *key, double *dst,
                          const number_rule *rule) {
    size_t i = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, arr) {
        double v = cJSON_IsNumber(j) ? j->valuedouble : NAN;
        bool low = rule->min_exclusive ? !(v > rule->min) : !(v >= rule->min);
        if (!isfinite(v) || low || v > rule->max || (rule->integral && v != floor(v))) {
            char q[64];
            snprintf(q, sizeof q, "%s[%zu]", key, i);
            int rc = crit_json_check_number(d, j, q, &v);
            if (rc != 0)
                return rc;
            if (rule->integral)
                return crit_json_bad(d, "\"%s\" = %.17g must be an integer in [1, 2^53]", q, v);
            return crit_json_bad(d, "\"%s\" = %.17g must be %s %g", q, v,
                                 rule->min_exclusive ? ">" : ">=", rule->min);
        }
        dst[i++] = v;
    }
    return 0;
}

static int decode_sample_tree(const crit_json_dec *d, const cJSON *root, void *out_) {
    crit_sample *out = out_;
    const char *mode;
    const cJSON *iters, *times;
    int rc = crit_json_want_object(d, root, "the document");
    if (rc == 0)
        rc = crit_json_get_string(d, root, "", "sampling_mode", false, &mode);
    if (rc == 0 && strcmp(mode, "Linear") != 0 && strcmp(mode, "Flat") != 0)
        rc = crit_json_bad(d, "\"sampling_mode\" must be \"Linear\" or \"Flat\", not \"%s\"", mode);
    if (rc == 0)
        rc = crit_json_get_item(d, root, "", "iters", &iters);
    if (rc == 0)
        rc = crit_json_get_item(d, root, "", "times", &times);
    if (rc != 0)
        return rc;
    if (!cJSON_IsArray(iters) || !cJSON_IsArray(times))
        return crit_json_bad(d, "\"%s\" must be an array, not %s",
                             cJSON_IsArray(iters) ? "times" : "iters",
                             crit_json_type_name(cJSON_IsArray(iters) ? times : iters));
    int ni = cJSON_GetArraySize(iters), nt = cJSON_GetArraySize(times);
    if (ni == 0 || nt == 0)
        return crit_json_bad(d, "\"%s\" is empty", ni == 0 ? "iters" : "times");
    if (ni != nt)
        return crit_json_bad(d, "\"iters\" has %d entries but \"times\" has %d", ni, nt);
    if (ni > CRIT_RESULTS_MAX_MEASUREMENTS) /* before any allocation or analysis */
        return crit_json_bad(d, "%d measurements, more than the limit of %d", ni,
                             CRIT_RESULTS_MAX_MEASUREMENTS);
    if (crit_sample_init(out, (size_t)ni) != 0)
        return crit_json_nomem(d->err, d->errlen, d->file);
    out->mode = strcmp(mode, "Flat") == 0 ? CRIT_MODE_FLAT : CRIT_MODE_LINEAR;
    static const number_rule iters_rule = {1, CRIT_RESULTS_MAX_ITERS, false, true};
    static const number_rule times_rule = {0, INFINITY, false, false};
    rc = decode_numbers(d, iters, "iters", out->iters, &iters_rule);
    if (rc == 0)
        rc = decode_numbers(d, times, "times", out->times, &times_rule);
    return rc;
}

int crit_store_decode_sample(const char *json, size_t len, const char *name, crit_sample *out,
                             char *err, size_t errlen) {
    return crit_json_decode_doc(json, len, name, err, errlen, decode_sample_tree, out, sizeof *out,
                                undo_sample);
}

/* ---- estimates.json and change/estimates.json -------------------------------------------- */

static int check_estimate(const crit_estimate *e, const char *file, const char *key, char *err,
                          size_t errlen) {
    const double v[] = {e->confidence_level, e->lower, e->upper, e->point, e->std_err};
    static const char *const names[] = {
        "confidence_interval.confidence_level", "confidence_interval.lower_bound",
        "confidence_interval.upper_bound", "point_estimate", "standard_error"};
    for (size_t i = 0; i < 5; i++) {
        char q[96];
        snprintf(q, sizeof q, "%s.%s", key, names[i]);
        int rc = crit_json_check_finite(v[i], file, q, err, errlen);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static bool add_estimate(cJSON *obj, const char *key, const crit_estimate *e) {
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    cJSON *ci = o ? cJSON_AddObjectToObject(o, "confidence_interval") : NULL;
    return ci != NULL && crit_json_add_num(ci, "confidence_level", e->confidence_level) &&
           crit_json_add_num(ci, "lower_bound", e->lower) &&
           crit_json_add_num(ci, "upper_bound", e->upper) &&
           crit_json_add_num(o, "point_estimate", e->point) &&
           crit_json_add_num(o, "standard_error", e->std_err);
}

static int decode_estimate(const crit_json_dec *d, const cJSON *parent, const char *key,
                           crit_estimate *e) {
    const cJSON *o, *ci;
    char where[96];
    snprintf(where, sizeof where, "%s.confidence_interval", key);
    int rc = crit_json_get_item(d, parent, "", key, &o);
    if (rc == 0)
        rc = crit_json_want_object(d, o, key);
    if (rc == 0)
        rc = crit_json_get_item(d, o, key, "confidence_interval", &ci);
    if (rc == 0)
        rc = crit_json_want_object(d, ci, where);
    if (rc == 0)
        rc = crit_json_get_number(d, ci, where, "confidence_level", false, &e->confidence_level);
    if (rc == 0)
        rc = crit_json_get_number(d, ci, where, "lower_bound", false, &e->lower);
    if (rc == 0)
        rc = crit_json_get_number(d, ci, where, "upper_bound", false, &e->upper);
    if (rc == 0)
        rc = crit_json_get_number(d, o, key, "point_estimate", false, &e->point);
    if (rc == 0)
        rc = crit_json_get_number(d, o, key, "standard_error", false, &e->std_err);
    return rc;
}

static const char *const estimate_keys[] = {"mean", "median", "median_abs_dev", "slope", "std_dev"};

static const crit_estimate *estimate_at(const crit_estimates *e, size_t i) {
    const crit_estimate *all[] = {&e->mean, &e->median, &e->median_abs_dev, &e->slope, &e->std_dev};
    return all[i];
}

static crit_estimate *estimate_slot(crit_estimates *e, size_t i) {
    crit_estimate *all[] = {&e->mean, &e->median, &e->median_abs_dev, &e->slope, &e->std_dev};
    return all[i];
}

int crit_store_encode_estimates(const crit_estimates *e, char **out, char *err, size_t errlen) {
    const char *file = "estimates.json";
    *out = NULL;
    for (size_t i = 0; i < 5; i++) {
        int rc = i == 3 && !e->has_slope
                     ? 0
                     : check_estimate(estimate_at(e, i), file, estimate_keys[i], err, errlen);
        if (rc != 0)
            return rc;
    }
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL;
    for (size_t i = 0; ok && i < 5; i++)
        ok = i == 3 && !e->has_slope ? cJSON_AddNullToObject(root, "slope") != NULL
                                     : add_estimate(root, estimate_keys[i], estimate_at(e, i));
    return crit_json_finish(root, ok, out, err, errlen, file);
}

static int decode_estimates_tree(const crit_json_dec *d, const cJSON *root, void *out_) {
    crit_estimates *out = out_;
    int rc = crit_json_want_object(d, root, "the document");
    for (size_t i = 0; rc == 0 && i < 5; i++) {
        crit_estimate *dst = estimate_slot(out, i);
        if (i == 3) {
            const cJSON *slope;
            rc = crit_json_get_item(d, root, "", "slope", &slope);
            out->has_slope = rc == 0 && !cJSON_IsNull(slope);
            if (rc != 0 || !out->has_slope)
                continue;
        }
        rc = decode_estimate(d, root, estimate_keys[i], dst);
    }
    return rc;
}

int crit_store_decode_estimates(const char *json, size_t len, const char *name, crit_estimates *out,
                                char *err, size_t errlen) {
    return crit_json_decode_doc(json, len, name, err, errlen, decode_estimates_tree, out,
                                sizeof *out, NULL);
}

int crit_store_encode_change(const crit_change *c, char **out, char *err, size_t errlen) {
    const char *file = "change/estimates.json";
    *out = NULL;
    int rc = check_estimate(&c->mean, file, "mean", err, errlen);
    if (rc == 0)
        rc = check_estimate(&c->median, file, "median", err, errlen);
    if (rc != 0)
        return rc;
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL && add_estimate(root, "mean", &c->mean) &&
              add_estimate(root, "median", &c->median);
    /* criterion's file has only the two estimates; a paired change says how it was made */
    if (ok && c->method == CRIT_CHANGE_PAIRED)
        ok = cJSON_AddStringToObject(root, "method", "paired") &&
             crit_json_add_uint(root, "rounds", c->rounds) &&
             crit_json_add_num(root, "p_value", c->p_value) &&
             crit_json_add_num(root, "significance_level", c->significance_level) &&
             crit_json_add_num(root, "noise_threshold", c->noise_threshold) &&
             cJSON_AddStringToObject(root, "verdict", crit_verdict_texts(c->verdict)->name);
    return crit_json_finish(root, ok, out, err, errlen, file);
}

int crit_store_decode_change(const char *json, size_t len, const char *name, crit_change *out,
                             char *err, size_t errlen) {
    crit_json_dec d = {name, err, errlen};
    cJSON *root;
    memset(out, 0, sizeof *out);
    int rc = crit_json_parse(&d, json, len, &root);
    if (rc == 0)
        rc = crit_json_want_object(&d, root, "the document");
    if (rc == 0)
        rc = decode_estimate(&d, root, "mean", &out->mean);
    if (rc == 0)
        rc = decode_estimate(&d, root, "median", &out->median);
    const cJSON *method = rc == 0 ? cJSON_GetObjectItemCaseSensitive(root, "method") : NULL;
    if (method && !(cJSON_IsString(method) && !strcmp(method->valuestring, "paired")))
        rc = crit_json_bad(&d, "\"method\" must be \"paired\" when present");
    else if (method)
        out->method = CRIT_CHANGE_PAIRED;
    cJSON_Delete(root);
    if (rc != 0)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- tukey.json -------------------------------------------------------------------------- */

int crit_store_encode_tukey(const crit_fences *f, char **out, char *err, size_t errlen) {
    const char *file = "tukey.json";
    const double v[4] = {f->low_severe, f->low_mild, f->high_mild, f->high_severe};
    *out = NULL;
    for (int i = 0; i < 4; i++) {
        char q[16];
        snprintf(q, sizeof q, "[%d]", i);
        int rc = crit_json_check_finite(v[i], file, q, err, errlen);
        if (rc != 0)
            return rc;
    }
    cJSON *root = cJSON_CreateArray();
    bool ok = root != NULL;
    for (int i = 0; ok && i < 4; i++)
        ok = crit_json_append_num(root, v[i]);
    return crit_json_finish(root, ok, out, err, errlen, file);
}

int crit_store_decode_tukey(const char *json, size_t len, const char *name, crit_fences *out,
                            char *err, size_t errlen) {
    crit_json_dec d = {name, err, errlen};
    cJSON *root;
    double v[4] = {0};
    memset(out, 0, sizeof *out);
    int rc = crit_json_parse(&d, json, len, &root);
    if (rc == 0 && (!cJSON_IsArray(root) || cJSON_GetArraySize(root) != 4))
        rc = crit_json_bad(&d, "expected an array of 4 numbers, found %s%s",
                           crit_json_type_name(root),
                           cJSON_IsArray(root) ? " of another length" : "");
    for (int i = 0; rc == 0 && i < 4; i++) {
        char q[16];
        snprintf(q, sizeof q, "[%d]", i);
        rc = crit_json_check_number(&d, cJSON_GetArrayItem(root, i), q, &v[i]);
    }
    cJSON_Delete(root);
    if (rc == 0) {
        out->low_severe = v[0];
        out->low_mild = v[1];
        out->high_mild = v[2];
        out->high_severe = v[3];
    }
    return rc;
}
