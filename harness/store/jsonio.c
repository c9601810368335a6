/* jsonio.c: exact number tokens and strict accessors over cJSON for the results store.
 * Numbers go into trees as raw tokens (cJSON_CreateRaw) so that no value is ever printed
 * with cJSON's tolerant %.15g check; decoding reports "<file>: <what is wrong>". */
#include "jsonio.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int crit_json_fail(int code, char *err, size_t errlen, const char *file, const char *fmt, ...) {
    if (err != NULL && errlen > 0) {
        int k = snprintf(err, errlen, "%s: ", file);
        if (k >= 0 && (size_t)k < errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return code;
}

int crit_json_nomem(char *err, size_t errlen, const char *file) {
    return crit_json_fail(-CRIT_ENOMEM, err, errlen, file, "out of memory");
}

void crit_json_format_double(double v, char *buf, size_t cap) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

bool crit_json_add_num(cJSON *obj, const char *key, double v) {
    char buf[40];
    if (!isfinite(v))
        return cJSON_AddNullToObject(obj, key) != NULL;
    crit_json_format_double(v, buf, sizeof buf);
    return cJSON_AddRawToObject(obj, key, buf) != NULL;
}

bool crit_json_add_uint(cJSON *obj, const char *key, uint64_t v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return cJSON_AddRawToObject(obj, key, buf) != NULL;
}

bool crit_json_add_int(cJSON *obj, const char *key, long v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return cJSON_AddRawToObject(obj, key, buf) != NULL;
}

bool crit_json_append_num(cJSON *arr, double v) {
    char buf[40];
    cJSON *item;
    if (isfinite(v)) {
        crit_json_format_double(v, buf, sizeof buf);
        item = cJSON_CreateRaw(buf);
    } else {
        item = cJSON_CreateNull();
    }
    if (item == NULL)
        return false;
    if (!cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

int crit_json_finish(cJSON *root, bool ok, char **out, char *err, size_t errlen, const char *file) {
    *out = NULL;
    if (root != NULL && ok)
        *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return *out != NULL ? 0 : crit_json_nomem(err, errlen, file);
}

int crit_json_check_finite(double v, const char *file, const char *what, char *err, size_t errlen) {
    if (isfinite(v))
        return 0;
    return crit_json_fail(-CRIT_EINVAL, err, errlen, file, "\"%s\" is not a finite number (%g)",
                          what, v);
}

int crit_json_bad(const crit_json_dec *d, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return crit_json_fail(-CRIT_EPARSE, d->err, d->errlen, d->file, "%s", msg);
}

const char *crit_json_type_name(const cJSON *j) {
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsObject(j))
        return "an object";
    return "nothing";
}

/* "where.key" (or "key" at top level) into buf, for messages. */
static const char *qual(char *buf, size_t cap, const char *where, const char *key) {
    if (where != NULL && *where != '\0')
        snprintf(buf, cap, "%s.%s", where, key);
    else
        snprintf(buf, cap, "%s", key);
    return buf;
}

int crit_json_parse(const crit_json_dec *d, const char *json, size_t len, cJSON **root) {
    *root = NULL;
    if (json == NULL || len == 0)
        return crit_json_bad(d, "empty file, expected JSON");
    if (memchr(json, '\0', len) != NULL)
        return crit_json_bad(d, "not valid JSON (contains a NUL byte)");
    const char *end = NULL;
    cJSON *r = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (r == NULL) {
        size_t at = end != NULL && end >= json ? (size_t)(end - json) : 0;
        return crit_json_bad(d, "not valid JSON (truncated or corrupt near byte %zu of %zu)", at,
                             len);
    }
    for (const char *p = end; p < json + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            cJSON_Delete(r);
            return crit_json_bad(d, "unexpected text after the JSON value at byte %zu",
                                 (size_t)(p - json));
        }
    }
    *root = r;
    return 0;
}

int crit_json_get_item(const crit_json_dec *d, const cJSON *obj, const char *where, const char *key,
                       const cJSON **out) {
    char q[160];
    *out = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (*out == NULL)
        return crit_json_bad(d, "missing key \"%s\"", qual(q, sizeof q, where, key));
    return 0;
}

int crit_json_want_object(const crit_json_dec *d, const cJSON *j, const char *what) {
    if (cJSON_IsObject(j))
        return 0;
    return crit_json_bad(d, "%s must be an object, not %s", what, crit_json_type_name(j));
}

int crit_json_check_number(const crit_json_dec *d, const cJSON *j, const char *what, double *out) {
    if (!cJSON_IsNumber(j))
        return crit_json_bad(d, "\"%s\" must be a number, not %s", what, crit_json_type_name(j));
    if (!isfinite(j->valuedouble))
        return crit_json_bad(d, "\"%s\" is not a finite number", what);
    *out = j->valuedouble;
    return 0;
}

/* obj[key] into *j; a null value of a nullable key reads as *j == NULL. */
static int get_nullable(const crit_json_dec *d, const cJSON *obj, const char *where,
                        const char *key, bool nullable, const cJSON **j) {
    int rc = crit_json_get_item(d, obj, where, key, j);
    if (rc == 0 && nullable && cJSON_IsNull(*j))
        *j = NULL;
    return rc;
}

int crit_json_get_number(const crit_json_dec *d, const cJSON *obj, const char *where,
                         const char *key, bool nullable, double *out) {
    char q[160];
    const cJSON *j;
    int rc = get_nullable(d, obj, where, key, nullable, &j);
    if (rc != 0)
        return rc;
    if (j == NULL) { /* null */
        *out = NAN;
        return 0;
    }
    return crit_json_check_number(d, j, qual(q, sizeof q, where, key), out);
}

int crit_json_get_integer(const crit_json_dec *d, const cJSON *obj, const char *where,
                          const char *key, double lo, double hi, double *out) {
    char q[160];
    int rc = crit_json_get_number(d, obj, where, key, false, out);
    if (rc == 0 && (*out != floor(*out) || *out < lo || *out > hi))
        rc = crit_json_bad(d, "\"%s\" must be an integer in [%.17g, %.17g], not %.17g",
                           qual(q, sizeof q, where, key), lo, hi, *out);
    return rc;
}

int crit_json_get_string(const crit_json_dec *d, const cJSON *obj, const char *where,
                         const char *key, bool nullable, const char **out) {
    char q[160];
    const cJSON *j;
    int rc = get_nullable(d, obj, where, key, nullable, &j);
    if (rc != 0)
        return rc;
    if (j == NULL) { /* null */
        *out = NULL;
        return 0;
    }
    if (!cJSON_IsString(j) || j->valuestring == NULL)
        return crit_json_bad(d, "\"%s\" must be a string%s, not %s", qual(q, sizeof q, where, key),
                             nullable ? " or null" : "", crit_json_type_name(j));
    *out = j->valuestring;
    return 0;
}

int crit_json_get_string_into(const crit_json_dec *d, const cJSON *obj, const char *where,
                              const char *key, char *buf, size_t cap) {
    char q[160];
    const char *s;
    int rc = crit_json_get_string(d, obj, where, key, false, &s);
    if (rc != 0)
        return rc;
    if (strlen(s) >= cap)
        return crit_json_bad(d, "\"%s\" is longer than %zu bytes", qual(q, sizeof q, where, key),
                             cap - 1);
    strcpy(buf, s);
    return 0;
}

int crit_json_decode_doc(const char *json, size_t len, const char *name, char *err, size_t errlen,
                         crit_json_tree_fn decode, void *out, size_t size,
                         void (*undo)(void *out)) {
    crit_json_dec d = {name, err, errlen};
    cJSON *root = NULL;
    memset(out, 0, size);
    int rc = crit_json_parse(&d, json, len, &root);
    if (rc == 0)
        rc = decode(&d, root, out);
    cJSON_Delete(root);
    if (rc != 0) {
        if (undo)
            undo(out);
        memset(out, 0, size);
    }
    return rc;
}
