/* store_instructions.c: the files of --measure instructions under <out>/<id>/instructions/:
 * new/instructions.json (+ the callgrind output), change/estimates.json, saved baselines. The
 * directory mirrors a benchmark's own layout, so the baseline and change code is shared. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "baseline_check.h"
#include "fs.h"
#include "jsonio.h"
#include "store.h"

static const char *const FILE_NAME = "instructions.json";

static int encode(const crit_instructions *in, char **out, char *err, size_t errlen) {
    const double v[4] = {in->instructions, in->l1_misses, in->ll_misses, in->estimated_cycles};
    const char *names[4] = {"instructions", "l1_misses", "ll_misses", "estimated_cycles"};
    *out = NULL;
    for (int i = 0; i < (in->cache_sim ? 4 : 1); i++) {
        int rc = crit_json_check_finite(v[i], FILE_NAME, names[i], err, errlen);
        if (rc)
            return rc;
    }
    cJSON *root = cJSON_CreateObject(), *iters = NULL, *per = NULL;
    bool ok = root && cJSON_AddStringToObject(root, "measurement", "instructions") &&
              (iters = cJSON_AddArrayToObject(root, "iters")) &&
              crit_json_append_num(iters, (double)in->iters[0]) &&
              crit_json_append_num(iters, (double)in->iters[1]) &&
              (per = cJSON_AddObjectToObject(root, "per_iter"));
    for (int i = 0; ok && i < (in->cache_sim ? 4 : 1); i++)
        ok = crit_json_add_num(per, names[i], v[i]);
    return crit_json_finish(root, ok, out, err, errlen, FILE_NAME);
}

/* Copies the file at src into dir/name. */
static int copy_into(const char *src, const char *dir, const char *name, char *err, size_t errlen) {
    char *buf = NULL, *dst = crit_fs_join(dir, name, (char *)NULL);
    size_t len = 0;
    int rc = dst ? crit_fs_read_file(src, &buf, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_fs_write_atomic(dst, buf, len, err, errlen);
    free(buf);
    free(dst);
    return rc;
}

/* new/ prepared in a temporary directory and swapped in whole. */
static int write_new(const char *bench_dir, const char *text, const char *callgrind_file, char *err,
                     size_t errlen) {
    char *new_dir = crit_fs_join(bench_dir, "new", (char *)NULL), *tmp = NULL, *file = NULL;
    int rc = new_dir ? crit_fs_make_temp_dir(new_dir, &tmp, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0 && !(file = crit_fs_join(tmp, FILE_NAME, (char *)NULL)))
        rc = -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_fs_write_atomic(file, text, strlen(text), err, errlen);
    if (rc == 0 && callgrind_file)
        rc = copy_into(callgrind_file, tmp, "callgrind.out", err, errlen);
    if (rc == 0)
        rc = crit_fs_swap_in_dir(tmp, new_dir, err, errlen);
    else if (tmp)
        (void)crit_fs_remove_tree(tmp, NULL, 0);
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(file);
    free(tmp);
    free(new_dir);
    return rc;
}

/* change/estimates.json (criterion's two estimates, both the exact change), or no stale one. */
static int write_change(const char *bench_dir, const crit_change *change, char *err,
                        size_t errlen) {
    char *text = NULL;
    int rc = change ? crit_store_encode_change(change, &text, err, errlen) : 0;
    if (rc == 0)
        rc = crit_store_write_change_file(bench_dir, text, err, errlen);
    free(text);
    return rc;
}

int crit_store_write_instructions(const char *out_dir, const crit_bench_id *id,
                                  const crit_instructions *in, const crit_change *change,
                                  const char *callgrind_file, char *err, size_t errlen) {
    char *text = NULL, *bench_dir = NULL;
    int rc = encode(in, &text, err, errlen);
    if (rc == 0 && !(bench_dir = crit_fs_join(out_dir, id->directory_name, CRIT_STORE_INSTRUCTIONS,
                                              (char *)NULL)))
        rc = -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_fs_mkdir_p(bench_dir, err, errlen);
    if (rc == 0)
        rc = write_new(bench_dir, text, callgrind_file, err, errlen);
    if (rc == 0)
        rc = write_change(bench_dir, change, err, errlen);
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(bench_dir);
    free(text);
    return rc;
}

static int decode(const char *json, size_t len, const char *name, crit_instructions *out, char *err,
                  size_t errlen) {
    crit_json_dec d = {name, err, errlen};
    cJSON *root;
    double it0 = 0, it1 = 0;
    memset(out, 0, sizeof *out);
    int rc = crit_json_parse(&d, json, len, &root);
    if (rc == 0)
        rc = crit_json_want_object(&d, root, "the document");
    const cJSON *iters = rc == 0 ? cJSON_GetObjectItemCaseSensitive(root, "iters") : NULL;
    if (rc == 0 && !(cJSON_IsArray(iters) && cJSON_GetArraySize(iters) == 2))
        rc = crit_json_bad(&d, "\"iters\" must be an array of two counts");
    if (rc == 0)
        rc = crit_json_check_number(&d, cJSON_GetArrayItem(iters, 0), "iters[0]", &it0);
    if (rc == 0)
        rc = crit_json_check_number(&d, cJSON_GetArrayItem(iters, 1), "iters[1]", &it1);
    if (rc == 0 && !(it0 >= 1 && it1 > it0 && it1 <= CRIT_JSON_TWO_POW_53 && it0 == floor(it0) &&
                     it1 == floor(it1)))
        rc = crit_json_bad(&d, "\"iters\" must be two increasing counts >= 1");
    const cJSON *per = rc == 0 ? cJSON_GetObjectItemCaseSensitive(root, "per_iter") : NULL;
    if (rc == 0)
        rc = crit_json_want_object(&d, per, "\"per_iter\"");
    if (rc == 0)
        rc = crit_json_get_number(&d, per, "per_iter", "instructions", false, &out->instructions);
    if (rc == 0 && !(out->instructions >= 0))
        rc = crit_json_bad(&d, "per_iter.instructions must not be negative");
    out->cache_sim = rc == 0 && cJSON_GetObjectItemCaseSensitive(per, "estimated_cycles");
    if (rc == 0 && out->cache_sim)
        rc = crit_json_get_number(&d, per, "per_iter", "l1_misses", false, &out->l1_misses);
    if (rc == 0 && out->cache_sim)
        rc = crit_json_get_number(&d, per, "per_iter", "ll_misses", false, &out->ll_misses);
    if (rc == 0 && out->cache_sim)
        rc = crit_json_get_number(&d, per, "per_iter", "estimated_cycles", false,
                                  &out->estimated_cycles);
    cJSON_Delete(root);
    if (rc == 0) { /* only checked counts are converted: any double outside uint64_t is UB */
        out->iters[0] = (uint64_t)it0;
        out->iters[1] = (uint64_t)it1;
    } else {
        memset(out, 0, sizeof *out);
    }
    return rc;
}

int crit_store_load_instructions(const char *out_dir, const crit_bench_id *id, const char *baseline,
                                 crit_instructions *out, char *err, size_t errlen) {
    char *path = crit_fs_join(out_dir, id->directory_name, CRIT_STORE_INSTRUCTIONS, baseline,
                              FILE_NAME, (char *)NULL);
    char *buf = NULL;
    size_t len = 0;
    int rc = path ? crit_store_read_file(path, &buf, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = decode(buf, len, path, out, err, errlen);
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(buf);
    free(path);
    return rc;
}

/* A wholly valid instruction baseline: its instructions.json decodes (callgrind.out, when
 * there, is the valgrind tools' to read). */
static int check_instructions(const char *dir, const char *directory_name, char *err,
                              size_t errlen) {
    (void)directory_name;
    char *path = crit_fs_join(dir, FILE_NAME, (char *)NULL), *buf = NULL;
    size_t len = 0;
    crit_instructions in;
    int rc = path ? crit_fs_read_file(path, &buf, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = decode(buf, len, path, &in, err, errlen);
    if (rc == -CRIT_ENOENT)
        snprintf(err, errlen, "%s: %s is missing", path, FILE_NAME);
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    else if (rc != 0)
        rc = -CRIT_EPARSE;
    free(buf);
    free(path);
    return rc;
}

int crit_store_save_instructions_baseline(const char *out_dir, const crit_bench_id *id,
                                          const char *baseline, bool force, char *err,
                                          size_t errlen) {
    char *dir = crit_fs_join(id->directory_name, CRIT_STORE_INSTRUCTIONS, (char *)NULL);
    int rc = !dir ? -CRIT_ENOMEM
             : crit_store_baseline_name_ok(baseline)
                 ? crit_store_save_checked(out_dir, dir, baseline, check_instructions, force, err,
                                           errlen)
                 : -CRIT_EINVAL;
    if (rc == -CRIT_EINVAL)
        snprintf(err, errlen, "\"%s\" cannot name a baseline", baseline ? baseline : "(null)");
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(dir);
    return rc;
}
