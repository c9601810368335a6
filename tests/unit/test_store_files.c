/* test_store_files.c: what the results store leaves on disk: crit_store_write's files read
 * back with the decoders, the flat estimates copy, change/ only when compared, whole-baseline
 * saves, loads of missing or corrupt baselines (reported, never modified), and saves that
 * keep a baseline that is not wholly valid unless forced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "store_fixtures.h"

/* ---- files on disk ----------------------------------------------------------------------- */

typedef struct fixture {
    char *dir; /* the mkdtemp output directory */
    crit_bench_id id;
    crit_sample s;
    crit_analysis a;
    crit_extra_metrics x;
    crit_context ctx;
} fixture;

static void fill_sample(crit_sample *s, double scale) {
    for (size_t i = 0; i < s->n; i++) {
        s->iters[i] = (double)(i + 1) * 1000;
        s->times[i] = s->iters[i] * scale * (1 + 0.001 * (double)(i % 3));
    }
}

/* The mean estimate of the fixture's sample: a saved baseline's estimates.json and
 * sample.json must agree for the baseline to count as wholly valid (and be replaced). */
static void sync_mean(fixture *f) {
    double sum = 0;
    for (size_t i = 0; i < f->s.n; i++)
        sum += f->s.times[i] / f->s.iters[i];
    f->a.est.mean.point = sum / (double)f->s.n;
}

static int disk_setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    char tmpl[] = "/tmp/crit-test-store.XXXXXX";
    if (f == NULL || mkdtemp(tmpl) == NULL || (f->dir = strdup(tmpl)) == NULL)
        return -1;
    crit_throughput tp = {CRIT_THROUGHPUT_BYTES, 1024};
    if (crit_bench_id_init(&f->id, "vm", "fib", "30", tp) != 0 || crit_sample_init(&f->s, 10))
        return -1;
    fill_sample(&f->s, 9.5);
    f->a.est = small_estimates(true);
    sync_mean(f);
    f->a.fences = (crit_fences){-1, 2.5, 20, 30};
    f->a.counts = (crit_outlier_counts){0, 1, 8, 1, 0};
    f->a.n = 10;
    f->a.cv = 0.1 + 0.2;
    f->a.p50 = 9.5;
    f->a.p90 = 9.75;
    f->a.p95 = 9.875;
    f->a.p99 = 10.125;
    f->a.r2 = 0.999;
    f->a.change.mean = est(-0.05, -0.0625, -0.03125, 0.01);
    f->a.change.median = est(0.01, -0.02, 0.04, 0.015);
    f->a.change.t_value = -4.5;
    f->a.change.p_value = 0.001;
    f->a.change.verdict = CRIT_VERDICT_IMPROVED;
    f->x.n = 1;
    strcpy(f->x.name[0], "allocs_per_iter");
    f->x.value[0] = 3;
    f->ctx = small_context();
    *state = f;
    return 0;
}

static int disk_teardown(void **state) {
    fixture *f = *state;
    int rc = crit_fs_remove_tree(f->dir, NULL, 0);
    crit_bench_id_fini(&f->id);
    crit_sample_fini(&f->s);
    free(f->dir);
    free(f);
    return rc;
}

static char *fpath(const fixture *f, const char *rel) {
    char *p = crit_fs_join(f->dir, "vm/fib/30", rel, (char *)NULL);
    assert_non_null(p);
    return p;
}

static char *slurp(const char *path, size_t *len) {
    char err[256], *buf = NULL;
    assert_int_equal(crit_fs_read_file(path, &buf, len, err, sizeof err), 0);
    return buf;
}

/* Sorted, space-separated entries of dir, hidden ones included. */
static char *listing(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[32];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 32)
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    char *out = calloc(1, 2048);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, names[i]);
        free(names[i]);
    }
    return out;
}

static void assert_listing(const fixture *f, const char *rel, const char *expect) {
    char *p = fpath(f, rel), *l = listing(p);
    assert_string_equal(l, expect);
    free(l);
    free(p);
}

static void assert_same_file(const fixture *f, const char *rel_a, const char *rel_b) {
    char *pa = fpath(f, rel_a), *pb = fpath(f, rel_b);
    size_t la, lb;
    char *a = slurp(pa, &la), *b = slurp(pb, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    free(pa);
    free(pb);
}

static int write_run(fixture *f) {
    char err[256] = "";
    int rc = crit_store_write(f->dir, &f->id, &f->s, &f->a, &f->x, &f->ctx, err, sizeof err);
    if (rc != 0)
        print_error("crit_store_write: %s\n", err);
    return rc;
}

#define NEW_FILES "benchmark.json estimates.json metrics.json sample.json tukey.json"

static void test_write_then_decode_every_file(void **state) {
    fixture *f = *state;
    char err[256];
    assert_int_equal(write_run(f), 0);
    assert_listing(f, "", "estimates.json new");
    assert_listing(f, "new", NEW_FILES);
    assert_same_file(f, "estimates.json", "new/estimates.json");

    size_t len;
    char *p, *text;
    crit_bench_id id;
    text = slurp(p = fpath(f, "new/benchmark.json"), &len);
    assert_int_equal(crit_store_decode_benchmark(text, len, p, &id, err, sizeof err), 0);
    assert_id_equal(&f->id, &id);
    crit_bench_id_fini(&id);
    free(text), free(p);

    crit_sample s;
    text = slurp(p = fpath(f, "new/sample.json"), &len);
    assert_int_equal(crit_store_decode_sample(text, len, p, &s, err, sizeof err), 0);
    assert_sample_equal(&f->s, &s);
    crit_sample_fini(&s);
    free(text), free(p);

    crit_estimates e;
    text = slurp(p = fpath(f, "new/estimates.json"), &len);
    assert_int_equal(crit_store_decode_estimates(text, len, p, &e, err, sizeof err), 0);
    assert_estimates_equal(&f->a.est, &e);
    free(text), free(p);

    crit_fences fe;
    text = slurp(p = fpath(f, "new/tukey.json"), &len);
    assert_int_equal(crit_store_decode_tukey(text, len, p, &fe, err, sizeof err), 0);
    assert_memory_equal(&fe, &f->a.fences, sizeof fe);
    free(text), free(p);

    crit_metrics m, want;
    crit_store_metrics_from(&want, &f->a, &f->x, &f->ctx);
    text = slurp(p = fpath(f, "new/metrics.json"), &len);
    assert_int_equal(crit_store_decode_metrics(text, len, p, &m, err, sizeof err), 0);
    assert_metrics_equal(&want, &m);
    assert_false(m.compared);
    assert_non_null(strstr(text, "\"allocs_per_iter\":3"));
    assert_non_null(strstr(text, "\"cv\":0.30000000000000004"));
    free(text), free(p);

    /* the loaders read the same files ("new" is readable, not saveable) */
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "new", &s, err, sizeof err), 0);
    assert_sample_equal(&f->s, &s);
    crit_sample_fini(&s);
    assert_int_equal(crit_store_load_estimates(f->dir, &f->id, "new", &e, err, sizeof err), 0);
    assert_estimates_equal(&f->a.est, &e);
    assert_int_equal(crit_store_load_metrics(f->dir, &f->id, "new", &m, err, sizeof err), 0);
    assert_metrics_equal(&want, &m);

    /* Flat sampling: slope and r_squared are null */
    f->s.mode = CRIT_MODE_FLAT;
    f->a.est.has_slope = false;
    f->a.r2 = NAN;
    assert_int_equal(write_run(f), 0);
    text = slurp(p = fpath(f, "estimates.json"), &len);
    assert_non_null(strstr(text, "\"slope\":null"));
    free(text), free(p);
    text = slurp(p = fpath(f, "new/metrics.json"), &len);
    assert_non_null(strstr(text, "\"r_squared\":null"));
    free(text), free(p);
    assert_listing(f, "", "estimates.json new");
}

static void test_change_only_when_compared(void **state) {
    fixture *f = *state;
    char err[256], *p, *text;
    size_t len;
    f->a.compared = true;
    assert_int_equal(write_run(f), 0);
    assert_listing(f, "", "change estimates.json new");
    assert_listing(f, "change", "estimates.json");
    crit_change c;
    text = slurp(p = fpath(f, "change/estimates.json"), &len);
    assert_int_equal(crit_store_decode_change(text, len, p, &c, err, sizeof err), 0);
    assert_estimate_equal(&c.mean, &f->a.change.mean);
    assert_estimate_equal(&c.median, &f->a.change.median);
    free(text), free(p);
    text = slurp(p = fpath(f, "new/metrics.json"), &len);
    assert_non_null(strstr(text, "\"t_value\":-4.5,\"p_value\":0.001,\"verdict\":\"improved\""));
    free(text), free(p);

    /* not compared this time: the stale change/ goes, so the files describe this run */
    f->a.compared = false;
    assert_int_equal(write_run(f), 0);
    assert_listing(f, "", "estimates.json new");
    text = slurp(p = fpath(f, "new/metrics.json"), &len);
    assert_null(strstr(text, "verdict"));
    free(text), free(p);

    /* something else kept in change/ is left alone, only our file goes */
    f->a.compared = true;
    assert_int_equal(write_run(f), 0);
    FILE *other = fopen(p = fpath(f, "change/notes.txt"), "w");
    assert_non_null(other);
    fclose(other);
    free(p);
    f->a.compared = false;
    assert_int_equal(write_run(f), 0);
    assert_listing(f, "change", "notes.txt");
}

static void assert_baseline_equals_new(const fixture *f, const char *base) {
    const char *files[] = {"benchmark.json", "estimates.json", "metrics.json", "sample.json",
                           "tukey.json"};
    char rel_a[64], rel_b[64];
    assert_listing(f, base, NEW_FILES);
    for (size_t i = 0; i < 5; i++) {
        snprintf(rel_a, sizeof rel_a, "new/%s", files[i]);
        snprintf(rel_b, sizeof rel_b, "%s/%s", base, files[i]);
        assert_same_file(f, rel_a, rel_b);
    }
}

static void test_baseline_save_and_load(void **state) {
    fixture *f = *state;
    char err[256];
    crit_sample s;
    assert_int_equal(write_run(f), 0);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    assert_baseline_equals_new(f, "base");
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "base", &s, err, sizeof err), 0);
    assert_sample_equal(&f->s, &s);
    crit_sample_fini(&s);

    /* a second run does not touch the baseline */
    crit_sample first;
    assert_int_equal(crit_sample_init(&first, f->s.n), 0);
    memcpy(first.iters, f->s.iters, f->s.n * sizeof(double));
    memcpy(first.times, f->s.times, f->s.n * sizeof(double));
    fill_sample(&f->s, 11.25);
    sync_mean(f);
    assert_int_equal(write_run(f), 0);
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "base", &s, err, sizeof err), 0);
    assert_sample_equal(&first, &s);
    crit_sample_fini(&s);
    crit_sample_fini(&first);

    /* saving again replaces the baseline as a whole: stale files vanish */
    char *p = fpath(f, "base/stale.json");
    FILE *stale = fopen(p, "w");
    assert_non_null(stale);
    fclose(stale);
    free(p);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    assert_baseline_equals_new(f, "base");
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "base", &s, err, sizeof err), 0);
    assert_sample_equal(&f->s, &s);
    crit_sample_fini(&s);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "v1.0", err, sizeof err), 0);
    assert_baseline_equals_new(f, "v1.0");
    /* no temporaries or old copies left beside */
    assert_listing(f, "", "base estimates.json new v1.0");

    /* names the layout uses itself, or that are not one path component, are refused */
    const char *bad[] = {"new", "change", "report", "a/b", "", ".hidden", "..", "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(crit_store_save_baseline(f->dir, &f->id, bad[i], err, sizeof err),
                         -CRIT_EINVAL);
        assert_true(strlen(err) > 0);
    }
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, NULL, err, sizeof err), -CRIT_EINVAL);
    assert_listing(f, "", "base estimates.json new v1.0");
    assert_false(crit_store_baseline_name_ok("new"));
    assert_true(crit_store_baseline_name_ok("main"));

    /* nothing to save for a benchmark never written */
    crit_bench_id other;
    crit_throughput none = {CRIT_THROUGHPUT_NONE, 0};
    assert_int_equal(crit_bench_id_init(&other, "never", NULL, NULL, none), 0);
    assert_int_equal(crit_store_save_baseline(f->dir, &other, "base", err, sizeof err),
                     -CRIT_ENOENT);
    crit_bench_id_fini(&other);
}

static void test_load_missing(void **state) {
    fixture *f = *state;
    char err[256];
    crit_sample s;
    crit_estimates e;
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "base", &s, err, sizeof err),
                     -CRIT_ENOENT);
    assert_non_null(strstr(err, "vm/fib/30/base/sample.json"));
    assert_null(s.iters);
    assert_int_equal(write_run(f), 0);
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "nope", &s, err, sizeof err),
                     -CRIT_ENOENT);
    assert_int_equal(crit_store_load_estimates(f->dir, &f->id, "nope", &e, err, sizeof err),
                     -CRIT_ENOENT);
    /* the baseline directory exists but lacks the file */
    char *p = fpath(f, "empty");
    assert_int_equal(mkdir(p, 0777), 0);
    free(p);
    assert_int_equal(crit_store_load_sample(f->dir, &f->id, "empty", &s, err, sizeof err),
                     -CRIT_ENOENT);
    const char *bad[] = {"", ".", "..", "../30", "a/b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(crit_store_load_sample(f->dir, &f->id, bad[i], &s, err, sizeof err),
                         -CRIT_EINVAL);
    assert_listing(f, "", "empty estimates.json new");
}

/* Overwrites <rel> with text, loads it, expects -CRIT_EPARSE naming the file, and checks that
 * the file and the directory are exactly as they were. */
static void expect_corrupt_untouched(fixture *f, const char *rel, const char *text,
                                     bool estimates) {
    char err[512] = "";
    char *p = fpath(f, rel);
    FILE *out = fopen(p, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    char *list_before = listing(f->dir);
    crit_sample s;
    crit_estimates e;
    int rc = estimates ? crit_store_load_estimates(f->dir, &f->id, "base", &e, err, sizeof err)
                       : crit_store_load_sample(f->dir, &f->id, "base", &s, err, sizeof err);
    assert_int_equal(rc, -CRIT_EPARSE);
    assert_true(strncmp(err, p, strlen(p)) == 0); /* "<full path>: what is wrong" */
    if (!estimates)
        assert_null(s.iters);
    size_t len;
    char *now = slurp(p, &len);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(now, text, len);
    assert_int_equal(stat(p, &after), 0);
    assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
    assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
    assert_int_equal(before.st_ino, after.st_ino);
    char *list_after = listing(f->dir);
    assert_string_equal(list_before, list_after);
    free(list_before);
    free(list_after);
    free(now);
    free(p);
}

static void test_corrupt_baseline_is_reported_and_left_alone(void **state) {
    fixture *f = *state;
    char err[256];
    assert_int_equal(write_run(f), 0);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    size_t len;
    char *p = fpath(f, "base/sample.json");
    char *whole = slurp(p, &len);
    free(p);
    whole[len / 2] = '\0'; /* truncated mid-file */
    expect_corrupt_untouched(f, "base/sample.json", whole, false);
    free(whole);
    expect_corrupt_untouched(f, "base/sample.json", "", false);
    expect_corrupt_untouched(f, "base/sample.json", "{\"hello\":\"world\"}", false);
    expect_corrupt_untouched(f, "base/sample.json",
                             "{\"sampling_mode\":\"Linear\",\"iters\":[1],\"times\":[1,2]}", false);
    expect_corrupt_untouched(f, "base/estimates.json", "{\"mean\":null}", true);
}

static void test_write_refuses_unstorable_values(void **state) {
    fixture *f = *state;
    char err[256] = "";
    f->a.est.median.std_err = NAN;
    assert_int_equal(crit_store_write(f->dir, &f->id, &f->s, &f->a, &f->x, &f->ctx, err,
                                      sizeof err),
                     -CRIT_EINVAL);
    assert_non_null(strstr(err, "estimates.json"));
    assert_non_null(strstr(err, "median.standard_error"));
    char *l = listing(f->dir);
    assert_string_equal(l, ""); /* nothing written at all */
    free(l);
    f->a.est.median.std_err = 0.5;
    strcpy(f->x.name[0], "context");
    assert_int_equal(crit_store_write(f->dir, &f->id, &f->s, &f->a, &f->x, &f->ctx, err,
                                      sizeof err),
                     -CRIT_EINVAL);
    assert_int_equal(crit_store_write(f->dir, &f->id, &f->s, &f->a, &f->x, NULL, err, sizeof err),
                     -CRIT_EINVAL);
    strcpy(f->x.name[0], "allocs_per_iter");
    /* no extra metrics at all is fine */
    assert_int_equal(crit_store_write(f->dir, &f->id, &f->s, &f->a, NULL, &f->ctx, err, sizeof err),
                     0);

    /* an output directory that cannot be created fails cleanly */
    char *file = crit_fs_join(f->dir, "plainfile", (char *)NULL);
    FILE *out = fopen(file, "w");
    assert_non_null(out);
    fclose(out);
    assert_int_equal(crit_store_write(file, &f->id, &f->s, &f->a, &f->x, &f->ctx, err, sizeof err),
                     -CRIT_EIO);
    assert_non_null(strstr(err, "plainfile"));
    free(file);
}

/* What is at <bench>/<rel>, as text: a symbolic link's target, a file's bytes, or a
 * directory's sorted listing followed by each entry's bytes. Equal text = left alone. */
static char *fingerprint(const fixture *f, const char *rel) {
    char *p = fpath(f, rel), *out = calloc(1, 65536), target[512];
    struct stat st;
    assert_non_null(out);
    assert_int_equal(lstat(p, &st), 0);
    if (S_ISLNK(st.st_mode)) {
        ssize_t n = readlink(p, target, sizeof target - 1);
        assert_true(n > 0);
        target[n] = '\0';
        snprintf(out, 65536, "link %s", target);
    } else if (S_ISREG(st.st_mode)) {
        size_t len;
        char *text = slurp(p, &len);
        snprintf(out, 65536, "file %s", text);
        free(text);
    } else {
        char *l = listing(p);
        snprintf(out, 65536, "dir %s", l);
        for (char *name = strtok(l, " "); name; name = strtok(NULL, " ")) {
            char *q = crit_fs_join(p, name, (char *)NULL), *text = NULL;
            size_t len;
            if (crit_fs_read_file(q, &text, &len, NULL, 0) == 0)
                strncat(out, text, 65536 - strlen(out) - 1);
            free(text);
            free(q);
        }
        free(l);
    }
    free(p);
    return out;
}

static void put_rel(const fixture *f, const char *rel, const char *text) {
    char *p = fpath(f, rel);
    FILE *out = fopen(p, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    free(p);
}

static void remove_rel(const fixture *f, const char *rel) {
    char *p = fpath(f, rel);
    assert_int_equal(crit_fs_remove_tree(p, NULL, 0), 0);
    free(p);
}

/* base/ replaced by a copy of another benchmark's benchmark.json. */
static void damage_other_benchmark(fixture *f) {
    crit_bench_id other;
    char *text = NULL, err[256];
    assert_int_equal(crit_bench_id_init(&other, "vm", "fib", "31", (crit_throughput){0, 0}), 0);
    assert_int_equal(crit_store_encode_benchmark(&other, &text, err, sizeof err), 0);
    put_rel(f, "base/benchmark.json", text);
    free(text);
    crit_bench_id_fini(&other);
}

/* base/estimates.json of another run beside base/sample.json of this one: what two runs
 * copying new/ at once could leave before the lock (issue 13). */
static void damage_mixed_runs(fixture *f) {
    fill_sample(&f->s, 20);
    sync_mean(f);
    assert_int_equal(write_run(f), 0);
    char *from = fpath(f, "new/estimates.json"), *to = fpath(f, "base/estimates.json");
    size_t len;
    char *text = slurp(from, &len);
    put_rel(f, "base/estimates.json", text);
    free(text);
    free(from);
    free(to);
}

static void damage_plain_file(fixture *f) {
    remove_rel(f, "base");
    put_rel(f, "base", "not a baseline");
}

static void damage_symlink(fixture *f) {
    remove_rel(f, "base");
    char *p = fpath(f, "base"), *target = fpath(f, "new");
    assert_int_equal(symlink(target, p), 0);
    free(p);
    free(target);
}

/* Only a missing or wholly valid baseline is replaced by crit_store_save_baseline; anything
 * else is kept byte for byte with -CRIT_EPARSE naming the file, and
 * crit_store_force_save_baseline replaces it (issue 13: --save-baseline used to look at
 * sample.json only). */
static void test_save_keeps_a_baseline_that_is_not_wholly_valid(void **state) {
    fixture *f = *state;
    char err[512];
    assert_int_equal(write_run(f), 0);
    assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "base", err, sizeof err),
                     -CRIT_ENOENT);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    struct {
        const char *rel, *text; /* put text at rel (NULL text: remove rel), or call damage */
        void (*damage)(fixture *f);
        const char *needle;
    } cases[] = {
        {"base/estimates.json", "{\"mean\":null}", NULL, "base/estimates.json: "},
        {"base/tukey.json", "[1,2", NULL, "base/tukey.json: "},
        {"base/benchmark.json", "{\"group_id\":", NULL, "base/benchmark.json: "},
        {"base/metrics.json", "{}", NULL, "base/metrics.json: "},
        {"base/sample.json", NULL, NULL, "sample.json is missing"},
        {"base/estimates.json", NULL, NULL, "estimates.json is missing"},
        {"base/sample.json", "{\"sampling_mode\":\"Flat\",\"iters\":[5],\"times\":[50]}", NULL,
         "at least 2"},
        {NULL, NULL, damage_other_benchmark, "another benchmark"},
        {NULL, NULL, damage_mixed_runs, "from different runs"},
        {NULL, NULL, damage_plain_file, "a file, not a baseline directory"},
        {NULL, NULL, damage_symlink, "a symbolic link"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].damage)
            cases[i].damage(f);
        else if (cases[i].text)
            put_rel(f, cases[i].rel, cases[i].text);
        else
            remove_rel(f, cases[i].rel);
        char *before = fingerprint(f, "base");
        err[0] = '\0';
        assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "base", err, sizeof err),
                         -CRIT_EPARSE);
        int rc = crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err);
        if (rc != -CRIT_EPARSE || !strstr(err, cases[i].needle))
            fail_msg("case %zu: rc %d, message '%s'", i, rc, err);
        char *after = fingerprint(f, "base");
        assert_string_equal(before, after); /* kept as it was */
        assert_int_equal(crit_store_force_save_baseline(f->dir, &f->id, "base", err, sizeof err),
                         0);
        assert_baseline_equals_new(f, "base");
        assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
        free(before);
        free(after);
    }
    assert_listing(f, "", "base estimates.json new"); /* the link's target and no temporaries */

    /* still wholly valid: criterion.rs's four files without metrics.json, an unknown file */
    remove_rel(f, "base/metrics.json");
    put_rel(f, "base/notes.txt", "mine");
    assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    assert_int_equal(crit_store_save_baseline(f->dir, &f->id, "base", err, sizeof err), 0);
    assert_baseline_equals_new(f, "base");
    /* the force save creates a missing baseline too, and checks names like the save */
    assert_int_equal(crit_store_force_save_baseline(f->dir, &f->id, "v2", err, sizeof err), 0);
    assert_baseline_equals_new(f, "v2");
    assert_int_equal(crit_store_force_save_baseline(f->dir, &f->id, "new", err, sizeof err),
                     -CRIT_EINVAL);
    assert_int_equal(crit_store_check_baseline(f->dir, &f->id, "..", err, sizeof err),
                     -CRIT_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_then_decode_every_file, disk_setup,
                                        disk_teardown),
        cmocka_unit_test_setup_teardown(test_change_only_when_compared, disk_setup, disk_teardown),
        cmocka_unit_test_setup_teardown(test_baseline_save_and_load, disk_setup, disk_teardown),
        cmocka_unit_test_setup_teardown(test_load_missing, disk_setup, disk_teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_baseline_is_reported_and_left_alone,
                                        disk_setup, disk_teardown),
        cmocka_unit_test_setup_teardown(test_write_refuses_unstorable_values, disk_setup,
                                        disk_teardown),
        cmocka_unit_test_setup_teardown(test_save_keeps_a_baseline_that_is_not_wholly_valid,
                                        disk_setup, disk_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
