/* baseline_check.c: decides whether a saved baseline may be replaced. A baseline is replaced
 * only when it is wholly valid (every file crit writes there decodes strictly, and the files
 * agree with each other) or missing; anything else is kept for the user to look at, unless
 * the save is forced (--force-save-baseline). Reads only, never prints. */
#include "baseline_check.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "benchid.h"
#include "fs.h"
#include "model.h"
#include "sample.h"
#include "store.h"

/* The files of a time baseline; metrics.json is crit's own, so a criterion.rs baseline
 * (the first four) is still a valid one. */
enum { C_BENCHMARK, C_SAMPLE, C_ESTIMATES, C_TUKEY, C_METRICS, C_COUNT };
static const char *const names[C_COUNT] = {"benchmark.json", "sample.json", "estimates.json",
                                           "tukey.json", "metrics.json"};

/* Everything decoded from one baseline. */
typedef struct decoded {
    crit_bench_id id;
    crit_sample s;
    crit_estimates e;
    crit_fences f;
    crit_metrics m;
    bool has_metrics;
} decoded;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
invalid(char *err, size_t errlen, const char *fmt, ...) {
    if (err != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -CRIT_EPARSE;
}

/* Reads and decodes dir/names[k] into d. A missing metrics.json is fine; any other file that
 * is missing or cannot be read makes the baseline invalid. */
static int decode_one(const char *dir, int k, decoded *d, char *err, size_t errlen) {
    char *path = crit_fs_join(dir, names[k], (char *)NULL), *buf = NULL;
    size_t len = 0;
    int rc = path ? crit_fs_read_file(path, &buf, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == -CRIT_ENOENT && k == C_METRICS)
        rc = 1; /* optional */
    else if (rc == -CRIT_ENOENT)
        rc = invalid(err, errlen, "%s: %s is missing", path, names[k]);
    else if (rc == -CRIT_EIO)
        rc = -CRIT_EPARSE; /* unreadable, not a regular file, too big: err says which */
    else if (rc == 0 && k == C_BENCHMARK)
        rc = crit_store_decode_benchmark(buf, len, path, &d->id, err, errlen);
    else if (rc == 0 && k == C_SAMPLE)
        rc = crit_store_decode_sample(buf, len, path, &d->s, err, errlen);
    else if (rc == 0 && k == C_ESTIMATES)
        rc = crit_store_decode_estimates(buf, len, path, &d->e, err, errlen);
    else if (rc == 0 && k == C_TUKEY)
        rc = crit_store_decode_tukey(buf, len, path, &d->f, err, errlen);
    else if (rc == 0 && k == C_METRICS &&
             (rc = crit_store_decode_metrics(buf, len, path, &d->m, err, errlen)) == 0)
        d->has_metrics = true;
    if (rc == 1)
        rc = 0;
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(buf);
    free(path);
    return rc;
}

/* The files agree: one benchmark, one run. */
static int consistent(const char *dir, const char *directory_name, const decoded *d, char *err,
                      size_t errlen) {
    char path[4200], why[300], what[200];
    snprintf(path, sizeof path, "%.4000s/", dir);
    size_t end = strlen(path);
    if (strcmp(d->id.directory_name, directory_name) != 0) {
        snprintf(path + end, sizeof path - end, "%s", names[C_BENCHMARK]);
        return invalid(err, errlen, "%s: it describes another benchmark (%s)", path,
                       d->id.directory_name);
    }
    snprintf(path + end, sizeof path - end, "%s", names[C_SAMPLE]);
    if (!crit_sample_usable(&d->s, why, sizeof why))
        return invalid(err, errlen, "%s: %s", path, why);
    double sum = 0;
    for (size_t i = 0; i < d->s.n; i++)
        sum += d->s.times[i] / d->s.iters[i];
    double mean = sum / (double)d->s.n, point = d->e.mean.point;
    snprintf(path + end, sizeof path - end, "%s", names[C_ESTIMATES]);
    if (!(fabs(mean - point) <= 1e-9 * fmax(fabs(mean), fabs(point)))) {
        snprintf(what, sizeof what, "%.17g is not the mean of sample.json (%.17g)", point, mean);
        return invalid(err, errlen, "%s: mean.point_estimate %s; the two come from different runs",
                       path, what);
    }
    if (d->e.has_slope != (d->s.mode == CRIT_MODE_LINEAR))
        return invalid(err, errlen, "%s: slope is %s", path,
                       d->e.has_slope ? "set for a Flat sample" : "null for a Linear sample");
    snprintf(path + end, sizeof path - end, "%s", names[C_METRICS]);
    if (d->has_metrics && d->m.samples != d->s.n) {
        snprintf(what, sizeof what, "%zu samples but sample.json holds %zu", d->m.samples, d->s.n);
        return invalid(err, errlen, "%s: %s", path, what);
    }
    return 0;
}

int crit_store_check_time_files(const char *dir, const char *directory_name, char *err,
                                size_t errlen) {
    decoded *d = calloc(1, sizeof *d);
    if (d == NULL) {
        snprintf(err, errlen, "out of memory");
        return -CRIT_ENOMEM;
    }
    static const int order[C_COUNT] = {C_SAMPLE, C_ESTIMATES, C_TUKEY, C_BENCHMARK, C_METRICS};
    int rc = 0;
    for (int i = 0; rc == 0 && i < C_COUNT; i++)
        rc = decode_one(dir, order[i], d, err, errlen);
    if (rc == 0)
        rc = consistent(dir, directory_name, d, err, errlen);
    crit_bench_id_fini(&d->id);
    crit_sample_fini(&d->s);
    free(d);
    return rc;
}

int crit_store_examine_baseline(const char *out_dir, const char *directory_name,
                                const char *baseline, crit_baseline_check_fn check, char *err,
                                size_t errlen) {
    char *dir = crit_fs_join(out_dir, directory_name, baseline, (char *)NULL);
    struct stat st;
    int rc = 0;
    if (dir == NULL) {
        snprintf(err, errlen, "out of memory");
        rc = -CRIT_ENOMEM;
    } else if (lstat(dir, &st) != 0) {
        rc = errno == ENOENT ? -CRIT_ENOENT : -CRIT_EIO;
        snprintf(err, errlen, "cannot examine %s: %s", dir, strerror(errno));
    } else if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
        rc = invalid(err, errlen, "%s: it is %s, not a baseline directory", dir,
                     S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
    } else {
        rc = check(dir, directory_name, err, errlen);
    }
    free(dir);
    return rc;
}

int crit_store_save_checked(const char *out_dir, const char *directory_name, const char *baseline,
                            crit_baseline_check_fn check, bool force, char *err, size_t errlen) {
    int rc = force ? -CRIT_ENOENT
                   : crit_store_examine_baseline(out_dir, directory_name, baseline, check, err,
                                                 errlen);
    if (rc != 0 && rc != -CRIT_ENOENT)
        return rc;
    char *src = crit_fs_join(out_dir, directory_name, "new", (char *)NULL);
    char *dst = crit_fs_join(out_dir, directory_name, baseline, (char *)NULL);
    if (src && dst)
        rc = crit_fs_replace_dir(src, dst, err, errlen);
    else {
        snprintf(err, errlen, "out of memory");
        rc = -CRIT_ENOMEM;
    }
    free(src);
    free(dst);
    return rc;
}
