/* results.c: the reading, comparing and writing half of crit_results.h, on the harness's own
 * store decoders, analysis and atomic write, so a tool reads exactly what the runner wrote and
 * reaches the verdict the runner would. Never prints. */
#include "crit_results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "benchid.h"
#include "format.h"
#include "fs.h"
#include "model.h"
#include "numbers.h"
#include "sample.h"
#include "store.h"

/* The public codes are the harness's own. */
_Static_assert((int)CRIT_RESULTS_EIO == CRIT_EIO && (int)CRIT_RESULTS_ENOMEM == CRIT_ENOMEM &&
                   (int)CRIT_RESULTS_EPARSE == CRIT_EPARSE &&
                   (int)CRIT_RESULTS_EINVAL == CRIT_EINVAL &&
                   (int)CRIT_RESULTS_ENOENT == CRIT_ENOENT,
               "crit_results.h's error codes differ from model.h's");

int crit_results_read_id(const char *root, const char *dir, const char *baseline, char **full_id,
                         char *err, size_t errlen) {
    char *path = crit_fs_join(root, dir, baseline, "benchmark.json", (char *)NULL);
    char *json = NULL;
    size_t len = 0;
    crit_bench_id id = {0};
    int rc = path ? crit_store_read_file(path, &json, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_store_decode_benchmark(json, len, path, &id, err, errlen);
    free(path);
    free(json);
    *full_id = NULL;
    if (rc == 0 && (*full_id = strdup(id.full_id)) == NULL)
        rc = -CRIT_ENOMEM;
    crit_bench_id_fini(&id);
    return rc;
}

/* Loads <root>/<dir>/<name>/sample.json and estimates.json and checks that they can be
 * compared. Returns 0; -CRIT_ENOMEM; any other failure -CRIT_EPARSE with err naming the file.
 * On failure *s is zeroed. */
static int load_baseline(const char *root, const char *dir, const char *name, crit_sample *s,
                         crit_estimates *e, char *err, size_t errlen) {
    char why[256];
    crit_bench_id id = {.directory_name = (char *)(uintptr_t)dir};
    int rc = crit_store_load_sample(root, &id, name, s, err, errlen);
    if (rc == 0 && !crit_sample_usable(s, why, sizeof why)) {
        snprintf(err, errlen, "%.400s/%.400s/%.100s/sample.json: %s", root, dir, name, why);
        crit_sample_fini(s);
        rc = -CRIT_EPARSE;
    }
    if (rc == 0)
        rc = crit_store_load_estimates(root, &id, name, e, err, errlen);
    if (rc == 0 && !(e->mean.point > 0)) {
        snprintf(err, errlen,
                 "%.400s/%.400s/%.100s/estimates.json: the mean is %g ns, so there "
                 "is nothing to compare",
                 root, dir, name, e->mean.point);
        rc = -CRIT_EPARSE;
    }
    if (rc == 0)
        return 0;
    crit_sample_fini(s);
    return rc == -CRIT_ENOMEM ? rc : -CRIT_EPARSE;
}

static crit_results_interval interval_of(const crit_estimate *e) {
    return (crit_results_interval){.lower = e->lower, .point = e->point, .upper = e->upper};
}

int crit_results_compare(const char *root, const char *dir, const char *a, const char *b,
                         const crit_results_config *cfg, crit_results_change *out, char *err,
                         size_t errlen) {
    crit_sample sa = {0}, sb = {0};
    crit_estimates ea, eb;
    int rc = load_baseline(root, dir, a, &sa, &ea, err, errlen);
    if (rc == 0)
        rc = load_baseline(root, dir, b, &sb, &eb, err, errlen);
    crit_analysis an = {0};
    if (rc == 0) {
        crit_analysis_config ac = {.nresamples = cfg->nresamples,
                                   .confidence_level = cfg->confidence_level,
                                   .significance_level = cfg->significance_level,
                                   .noise_threshold = cfg->noise_threshold,
                                   .seed = cfg->seed,
                                   .keep_distributions = false};
        rc = crit_analyze(&sb, &sa, &ac, &an);
        if (rc == -CRIT_EINVAL)
            snprintf(err, errlen,
                     "%.400s/%.400s: the samples of %.100s and %.100s could not be "
                     "analysed with these settings",
                     root, dir, a, b);
    }
    if (rc == 0)
        *out = (crit_results_change){.mean_a = interval_of(&ea.mean),
                                     .mean_b = interval_of(&eb.mean),
                                     .change = eb.mean.point / ea.mean.point - 1.0,
                                     .p = an.change.p_value,
                                     .verdict = crit_verdict_texts(an.change.verdict)->name};
    crit_analysis_fini(&an);
    crit_sample_fini(&sa);
    crit_sample_fini(&sb);
    return rc;
}

size_t crit_results_file_limit(const char *path) { return crit_store_file_limit(path); }

int crit_results_read_file(const char *path, size_t limit, char **out, size_t *len, char *err,
                           size_t errlen) {
    return crit_store_read_file_max(path, limit, out, len, err, errlen);
}

char *crit_results_format_change(char *buf, size_t len, double fraction) {
    char padded[64];
    crit_fmt_change(padded, sizeof padded, fraction, 1);
    snprintf(buf, len, "%s", padded + strspn(padded, " "));
    return buf;
}

int crit_results_write_atomic(const char *path, const void *data, size_t len, char *err,
                              size_t errlen) {
    return crit_fs_write_atomic_flags(path, data, len, CRIT_FS_KEEP_MODE, err, errlen);
}

int crit_results_parse_double(const char *s, double *out) { return crit_parse_double(s, out); }

int crit_results_parse_u64(const char *s, uint64_t *out) { return crit_parse_u64(s, out); }

void crit_results_csv_field(FILE *f, const char *s) {
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
