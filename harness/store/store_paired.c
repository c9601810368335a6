/* store_paired.c: change/paired.json, the rounds behind a paired change (bench --against), so
 * the verdict can be recomputed or plotted from the raw times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fs.h"
#include "jsonio.h"
#include "store.h"

static const char *const FILE_NAME = "change/paired.json";

static bool add_times(cJSON *root, const char *key, const double *ns, size_t n) {
    cJSON *arr = cJSON_AddArrayToObject(root, key);
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = crit_json_append_num(arr, ns[i]);
    return ok;
}

static int encode(const crit_paired_rounds *pr, char **out, char *err, size_t errlen) {
    for (size_t i = 0; i < pr->n; i++) {
        int rc = crit_json_check_finite(pr->new_ns[i], FILE_NAME, "new", err, errlen);
        if (rc == 0)
            rc = crit_json_check_finite(pr->old_ns[i], FILE_NAME, "old", err, errlen);
        if (rc)
            return rc;
    }
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL && cJSON_AddStringToObject(root, "method", "paired") &&
              cJSON_AddStringToObject(root, "against", pr->against ? pr->against : "") &&
              crit_json_add_uint(root, "iters", pr->iters) &&
              cJSON_AddStringToObject(root, "first", "new on even rounds, old on odd rounds") &&
              add_times(root, "new", pr->new_ns, pr->n) &&
              add_times(root, "old", pr->old_ns, pr->n);
    return crit_json_finish(root, ok, out, err, errlen, FILE_NAME);
}

int crit_store_write_paired(const char *out_dir, const crit_bench_id *id,
                            const crit_paired_rounds *pr, char *err, size_t errlen) {
    char *text = NULL;
    int rc = encode(pr, &text, err, errlen);
    char *dir = rc == 0 ? crit_fs_join(out_dir, id->directory_name, "change", (char *)NULL) : NULL;
    char *path = dir ? crit_fs_join(dir, "paired.json", (char *)NULL) : NULL;
    if (rc == 0 && !path) {
        snprintf(err, errlen, "out of memory");
        rc = -CRIT_ENOMEM;
    }
    if (rc == 0)
        rc = crit_fs_mkdir_p(dir, err, errlen);
    if (rc == 0)
        rc = crit_fs_write_atomic(path, text, strlen(text), err, errlen);
    free(text);
    free(dir);
    free(path);
    return rc;
}
