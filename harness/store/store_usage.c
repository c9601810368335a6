/* store_usage.c: metrics.json's keys for what a benchmark used besides wall time (crit_usage:
 * process CPU time, allocation counts, a command's rusage), written after the extra metrics as
 * flat numbers, so that readers which predate them take them for extra metrics, and read back
 * strictly. Each group of keys is written only when it was measured, and read as all or none. */
#include "store_usage.h"

#include <math.h>
#include <string.h>

/* The keys, in the order they are written. */
static const char *const usage_keys[] = {"cpu_time_per_iter",        "heap_allocs_per_iter",
                                         "heap_frees_per_iter",      "heap_bytes_per_iter",
                                         "child_user_time_per_iter", "child_sys_time_per_iter",
                                         "child_max_rss_kib",        NULL};

bool crit_store_is_usage_key(const char *key) {
    for (size_t i = 0; usage_keys[i] != NULL; i++)
        if (strcmp(key, usage_keys[i]) == 0)
            return true;
    return false;
}

/* The fields behind the keys, in the same order, and which group each belongs to. */
static void fields(crit_usage *u, double *v[7], bool *has[7]) {
    double *const p[7] = {
        &u->cpu_time,       &u->allocs,           &u->frees, &u->bytes, &u->child_user_time,
        &u->child_sys_time, &u->child_max_rss_kib};
    bool *const h[7] = {&u->has_cpu,   &u->has_allocs, &u->has_allocs, &u->has_allocs,
                        &u->has_child, &u->has_child,  &u->has_child};
    memcpy(v, p, sizeof p);
    memcpy(has, h, sizeof h);
}

int crit_store_check_usage(const crit_usage *u_, char *err, size_t errlen) {
    crit_usage u = *u_;
    double *v[7];
    bool *has[7];
    fields(&u, v, has);
    for (size_t i = 0; i < 7; i++)
        if (*has[i] && !(isfinite(*v[i]) && *v[i] >= 0))
            return crit_json_fail(-CRIT_EINVAL, err, errlen, "metrics.json",
                                  "%s %g is not a finite number >= 0", usage_keys[i], *v[i]);
    return 0;
}

size_t crit_store_usage_items(const crit_usage *u_, const char *names[7], double values[7]) {
    crit_usage u = *u_;
    double *v[7];
    bool *has[7];
    fields(&u, v, has);
    size_t n = 0;
    for (size_t i = 0; i < 7; i++)
        if (*has[i]) {
            names[n] = usage_keys[i];
            values[n++] = *v[i];
        }
    return n;
}

bool crit_store_add_usage(cJSON *root, const crit_usage *u_) {
    crit_usage u = *u_;
    double *v[7];
    bool *has[7];
    fields(&u, v, has);
    bool ok = true;
    for (size_t i = 0; ok && i < 7; i++)
        if (*has[i])
            ok = crit_json_add_num(root, usage_keys[i], *v[i]);
    return ok;
}

int crit_store_decode_usage(const crit_json_dec *d, const cJSON *root, crit_usage *u) {
    double *v[7];
    bool *has[7];
    bool present[7];
    fields(u, v, has);
    for (size_t i = 0; i < 7; i++)
        present[i] = cJSON_GetObjectItemCaseSensitive(root, usage_keys[i]) != NULL;
    /* groups: [0], [1, 3], [4, 6]; each all or none */
    static const size_t first[3] = {0, 1, 4}, last[3] = {0, 3, 6};
    for (size_t g = 0; g < 3; g++) {
        size_t n = 0;
        for (size_t i = first[g]; i <= last[g]; i++)
            n += present[i];
        if (n == 0)
            continue;
        if (n != last[g] - first[g] + 1)
            return crit_json_bad(d, "\"%s\" and the keys written with it must appear together",
                                 usage_keys[first[g]]);
        for (size_t i = first[g]; i <= last[g]; i++) {
            int rc = crit_json_get_number(d, root, "", usage_keys[i], false, v[i]);
            if (rc == 0 && !(*v[i] >= 0))
                rc = crit_json_bad(d, "\"%s\" must not be negative", usage_keys[i]);
            if (rc != 0)
                return rc;
        }
        *has[first[g]] = true;
    }
    return 0;
}
