/* store.c: the results store on disk: writes one benchmark's files under
 * <out>/<id>/ (new/ swapped in as a whole, every file atomic), saves new/ as a named
 * baseline atomically (replacing only a wholly valid one unless forced), and loads a baseline's files back through the strict decoders. */
#include "store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crit_results.h"
#include "baseline_check.h"
#include "fs.h"
#include "names.h"

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (err != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static int nomem(char *err, size_t errlen) {
    set_err(err, errlen, "out of memory");
    return -CRIT_ENOMEM;
}

/* The files of new/, in the order they are written. */
enum { F_BENCHMARK, F_SAMPLE, F_ESTIMATES, F_TUKEY, F_METRICS, F_CHANGE, F_COUNT };
static const char *const new_files[] = {"benchmark.json", "sample.json", "estimates.json",
                                        "tukey.json", "metrics.json"};

static void free_texts(char *texts[F_COUNT]) {
    for (int i = 0; i < F_COUNT; i++)
        free(texts[i]);
}

/* Encodes every file before anything touches the disk. */
static int encode_all(char *texts[F_COUNT], const crit_bench_id *id, const crit_sample *s,
                      const crit_analysis *a, const crit_extra_metrics *m, const crit_context *ctx,
                      char *err, size_t errlen) {
    crit_metrics metrics;
    crit_store_metrics_from(&metrics, a, m, ctx);
    int rc = crit_store_encode_benchmark(id, &texts[F_BENCHMARK], err, errlen);
    if (rc == 0)
        rc = crit_store_encode_sample(s, &texts[F_SAMPLE], err, errlen);
    if (rc == 0)
        rc = crit_store_encode_estimates(&a->est, &texts[F_ESTIMATES], err, errlen);
    if (rc == 0)
        rc = crit_store_encode_tukey(&a->fences, &texts[F_TUKEY], err, errlen);
    if (rc == 0)
        rc = crit_store_encode_metrics(&metrics, &texts[F_METRICS], err, errlen);
    if (rc == 0 && a->compared)
        rc = crit_store_encode_change(&a->change, &texts[F_CHANGE], err, errlen);
    return rc;
}

/* Writes the five files of new/ into a hidden sibling directory and swaps it in. */
static int write_new_dir(const char *bench_dir, char *const texts[F_COUNT], char *err,
                         size_t errlen) {
    char *new_dir = crit_fs_join(bench_dir, "new", (char *)NULL);
    if (new_dir == NULL)
        return nomem(err, errlen);
    char *tmp = NULL;
    int rc = crit_fs_make_temp_dir(new_dir, &tmp, err, errlen);
    for (int i = F_BENCHMARK; rc == 0 && i <= F_METRICS; i++) {
        char *path = crit_fs_join(tmp, new_files[i], (char *)NULL);
        rc = path == NULL ? nomem(err, errlen)
                          : crit_fs_write_atomic(path, texts[i], strlen(texts[i]), err, errlen);
        free(path);
    }
    if (rc == 0)
        rc = crit_fs_swap_in_dir(tmp, new_dir, err, errlen);
    else if (tmp != NULL)
        (void)crit_fs_remove_tree(tmp, NULL, 0);
    free(tmp);
    free(new_dir);
    return rc;
}

int crit_store_write_change_file(const char *bench_dir, const char *text, char *err,
                                 size_t errlen) {
    char *dir = crit_fs_join(bench_dir, "change", (char *)NULL);
    char *path = crit_fs_join(bench_dir, "change", "estimates.json", (char *)NULL);
    char *paired = crit_fs_join(bench_dir, "change", "paired.json", (char *)NULL);
    int rc = 0;
    if (dir == NULL || path == NULL || paired == NULL) {
        rc = nomem(err, errlen);
    } else if (unlink(paired) != 0 && errno != ENOENT && errno != ENOTDIR) {
        /* a paired comparison writes its rounds after this; any older ones are stale */
        set_err(err, errlen, "cannot remove stale %s: %s", paired, strerror(errno));
        rc = -CRIT_EIO;
    } else if (text != NULL) {
        rc = crit_fs_mkdir_p(dir, err, errlen);
        if (rc == 0)
            rc = crit_fs_write_atomic(path, text, strlen(text), err, errlen);
    } else if (unlink(path) != 0 && errno != ENOENT && errno != ENOTDIR) {
        set_err(err, errlen, "cannot remove stale %s: %s", path, strerror(errno));
        rc = -CRIT_EIO;
    } else {
        (void)rmdir(dir); /* only succeeds when empty; anything else stays */
    }
    free(dir);
    free(path);
    free(paired);
    return rc;
}

int crit_store_write(const char *out_dir, const crit_bench_id *id, const crit_sample *s,
                     const crit_analysis *a, const crit_extra_metrics *m, const crit_context *ctx,
                     char *err, size_t errlen) {
    if (out_dir == NULL || id == NULL || id->directory_name == NULL || s == NULL || a == NULL ||
        ctx == NULL) {
        set_err(err, errlen, "crit_store_write: missing argument");
        return -CRIT_EINVAL;
    }
    char *texts[F_COUNT] = {0};
    int rc = encode_all(texts, id, s, a, m, ctx, err, errlen);
    char *bench_dir = rc == 0 ? crit_fs_join(out_dir, id->directory_name, (char *)NULL) : NULL;
    char *flat = bench_dir ? crit_fs_join(bench_dir, "estimates.json", (char *)NULL) : NULL;
    if (rc == 0 && flat == NULL)
        rc = nomem(err, errlen);
    if (rc == 0)
        rc = crit_fs_mkdir_p(bench_dir, err, errlen);
    if (rc == 0)
        rc = write_new_dir(bench_dir, texts, err, errlen);
    if (rc == 0)
        rc = crit_fs_write_atomic(flat, texts[F_ESTIMATES], strlen(texts[F_ESTIMATES]), err,
                                  errlen);
    if (rc == 0)
        rc = crit_store_write_change_file(bench_dir, texts[F_CHANGE], err, errlen);
    free(flat);
    free(bench_dir);
    free_texts(texts);
    return rc;
}

const char *crit_store_baseline_name_problem(const char *baseline, char *buf, size_t cap) {
    if (baseline == NULL)
        return "is missing";
    const char *problem = crit_name_problem(baseline, buf, cap);
    if (problem != NULL)
        return problem;
    if (baseline[0] == '.')
        return "starts with '.' (crit's temporaries are hidden names)";
    if (strchr(baseline, '/') != NULL)
        return "contains '/' (a baseline is one directory name)";
    if (strlen(baseline) > CRIT_STORE_BASELINE_NAME_MAX) {
        snprintf(buf, cap, "is %zu bytes, more than %d", strlen(baseline),
                 CRIT_STORE_BASELINE_NAME_MAX);
        return buf;
    }
    if (strcmp(baseline, "new") == 0 || strcmp(baseline, "change") == 0 ||
        strcmp(baseline, "report") == 0 || strcmp(baseline, CRIT_STORE_INSTRUCTIONS) == 0)
        return "is a name the results layout uses itself";
    return NULL;
}

bool crit_store_baseline_name_ok(const char *baseline) {
    char buf[96];
    return crit_store_baseline_name_problem(baseline, buf, sizeof buf) == NULL;
}

/* The arguments of a baseline save or check: 0, or -CRIT_EINVAL with the reason in err. */
static int baseline_args_ok(const char *out_dir, const crit_bench_id *id, const char *baseline,
                            char *err, size_t errlen) {
    if (out_dir == NULL || id == NULL || id->directory_name == NULL) {
        set_err(err, errlen, "crit_store_save_baseline: missing argument");
        return -CRIT_EINVAL;
    }
    if (!crit_store_baseline_name_ok(baseline)) {
        set_err(err, errlen,
                "\"%s\" cannot name a baseline (it must be non-empty, contain no '/', not "
                "start with '.', and not be \"new\", \"change\" or \"report\")",
                baseline ? baseline : "(null)");
        return -CRIT_EINVAL;
    }
    return 0;
}

int crit_store_check_baseline(const char *out_dir, const crit_bench_id *id, const char *baseline,
                              char *err, size_t errlen) {
    int rc = baseline_args_ok(out_dir, id, baseline, err, errlen);
    return rc ? rc
              : crit_store_examine_baseline(out_dir, id->directory_name, baseline,
                                            crit_store_check_time_files, err, errlen);
}

/* crit_store_save_baseline and crit_store_force_save_baseline. */
static int save_baseline(const char *out_dir, const crit_bench_id *id, const char *baseline,
                         bool force, char *err, size_t errlen) {
    int rc = baseline_args_ok(out_dir, id, baseline, err, errlen);
    return rc ? rc
              : crit_store_save_checked(out_dir, id->directory_name, baseline,
                                        crit_store_check_time_files, force, err, errlen);
}

int crit_store_save_baseline(const char *out_dir, const crit_bench_id *id, const char *baseline,
                             char *err, size_t errlen) {
    return save_baseline(out_dir, id, baseline, false, err, errlen);
}

int crit_store_force_save_baseline(const char *out_dir, const crit_bench_id *id,
                                   const char *baseline, char *err, size_t errlen) {
    return save_baseline(out_dir, id, baseline, true, err, errlen);
}

/* Reads <out>/<dir>/<baseline>/<file> into *buf; *path gets the path (for messages). */
static int load_file(const char *out_dir, const crit_bench_id *id, const char *baseline,
                     const char *file, char **path, char **buf, size_t *len, char *err,
                     size_t errlen) {
    *path = NULL;
    *buf = NULL;
    if (out_dir == NULL || id == NULL || id->directory_name == NULL || baseline == NULL ||
        baseline[0] == '\0' || strcmp(baseline, ".") == 0 || strcmp(baseline, "..") == 0 ||
        strchr(baseline, '/') != NULL) {
        set_err(err, errlen, "cannot load baseline \"%s\": invalid name",
                baseline ? baseline : "(null)");
        return -CRIT_EINVAL;
    }
    *path = crit_fs_join(out_dir, id->directory_name, baseline, file, (char *)NULL);
    if (*path == NULL)
        return nomem(err, errlen);
    return crit_store_read_file(*path, buf, len, err, errlen);
}

size_t crit_store_file_limit(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    return strcmp(base, "sample.json") == 0 ? CRIT_RESULTS_MAX_SAMPLE_BYTES
                                            : CRIT_RESULTS_MAX_FILE_BYTES;
}

int crit_store_read_file(const char *path, char **out, size_t *len_out, char *err, size_t errlen) {
    return crit_store_read_file_max(path, crit_store_file_limit(path), out, len_out, err, errlen);
}

int crit_store_read_file_max(const char *path, size_t limit, char **out, size_t *len_out, char *err,
                             size_t errlen) {
    const char *kind = limit == CRIT_RESULTS_MAX_SAMPLE_BYTES ? "a sample.json"
                       : limit == CRIT_RESULTS_MAX_FILE_BYTES ? "a results file"
                                                              : "this file";
    return crit_fs_read_file_max(path, limit, kind, out, len_out, err, errlen);
}

/* The decoders' shape with a generic out, so one loader serves every file. */
typedef int (*decode_fn)(const char *json, size_t len, const char *name, void *out, char *err,
                         size_t errlen);
static int decode_sample(const char *json, size_t len, const char *name, void *out, char *err,
                         size_t errlen) {
    return crit_store_decode_sample(json, len, name, out, err, errlen);
}
static int decode_estimates(const char *json, size_t len, const char *name, void *out, char *err,
                            size_t errlen) {
    return crit_store_decode_estimates(json, len, name, out, err, errlen);
}
static int decode_metrics(const char *json, size_t len, const char *name, void *out, char *err,
                          size_t errlen) {
    return crit_store_decode_metrics(json, len, name, out, err, errlen);
}

/* Zeroes out (size bytes), then reads and decodes <out>/<dir>/<baseline>/<file> into it. */
static int load_decoded(const char *out_dir, const crit_bench_id *id, const char *baseline,
                        const char *file, decode_fn decode, void *out, size_t size, char *err,
                        size_t errlen) {
    char *path, *buf;
    size_t len = 0;
    memset(out, 0, size);
    int rc = load_file(out_dir, id, baseline, file, &path, &buf, &len, err, errlen);
    if (rc == 0)
        rc = decode(buf, len, path, out, err, errlen);
    free(buf);
    free(path);
    return rc;
}

int crit_store_load_sample(const char *out_dir, const crit_bench_id *id, const char *baseline,
                           crit_sample *out, char *err, size_t errlen) {
    return load_decoded(out_dir, id, baseline, "sample.json", decode_sample, out, sizeof *out, err,
                        errlen);
}

int crit_store_load_estimates(const char *out_dir, const crit_bench_id *id, const char *baseline,
                              crit_estimates *out, char *err, size_t errlen) {
    return load_decoded(out_dir, id, baseline, "estimates.json", decode_estimates, out, sizeof *out,
                        err, errlen);
}

int crit_store_load_metrics(const char *out_dir, const crit_bench_id *id, const char *baseline,
                            crit_metrics *out, char *err, size_t errlen) {
    return load_decoded(out_dir, id, baseline, "metrics.json", decode_metrics, out, sizeof *out,
                        err, errlen);
}
