/* test_results.c: crit_results.h, the tools-facing API: both walk rules on a temporary tree
 * (nested benchmarks, report/, a hidden directory, a symbolic link, a saved baseline with a
 * benchmark inside), the id reader and the comparison on tests/fixtures/crit_compare (the
 * harness's own decoders and analysis must give the same numbers), and the atomic write that
 * keeps an existing file's mode. Runs from the repository root (tests/run.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "benchid.h"
#include "crit_results.h"
#include "fs.h"
#include "model.h"
#include "sample.h"
#include "store.h"

#define FIXTURE "tests/fixtures/crit_compare/results"

/* ---- helpers ----------------------------------------------------------------------------- */

/* One temporary directory for the whole run (group state); each test works in its own
 * subdirectory of it, named after the test, and the group teardown removes everything. */
static char group_dir[64];

static int group_setup(void **state) {
    (void)state;
    snprintf(group_dir, sizeof group_dir, "/tmp/crit-test-results.XXXXXX");
    return mkdtemp(group_dir) != NULL ? 0 : -1;
}

static int group_teardown(void **state) {
    (void)state;
    return crit_fs_remove_tree(group_dir, NULL, 0);
}

/* A fresh directory group_dir/<name> for one test (the caller frees the path). */
static char *test_dir(const char *name) {
    char *dir = crit_fs_join(group_dir, name, (char *)NULL);
    assert_non_null(dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    return dir;
}

/* Creates <root>/<rel> with its parents and the text (rel ending in '/' is a directory). */
static void put(const char *root, const char *rel, const char *text) {
    char err[256];
    char *path = crit_fs_join(root, rel, (char *)NULL);
    assert_non_null(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    assert_int_equal(crit_fs_mkdir_p(path, err, sizeof err), 0);
    *slash = '/';
    if (slash[1] != '\0')
        assert_int_equal(crit_fs_write_atomic(path, text, strlen(text), err, sizeof err), 0);
    free(path);
}

/* The tree both walk tests use, under root:
 *   new/benchmark.json                the root's own run (never an ANY_BASELINE benchmark)
 *   a/new/{benchmark,sample}.json     benchmark a
 *   a/base/benchmark.json             a saved baseline of a...
 *   a/base/deep/new/benchmark.json    ...holding a benchmark only NEW_RUN enters
 *   a/x/new/sample.json               a nested benchmark with a baseline but no benchmark.json
 *   a/lnk -> base                     a link to a baseline: not a baseline
 *   g/b/new/benchmark.json            a benchmark two levels down (g is not one)
 *   report/r/new/{benchmark,sample}.json, change/c/new/..., .hidden/h/new/...   never entered
 *   link -> a                         never followed
 *   f                                 a plain file */
static void make_tree(const char *root) {
    static const char *const files[] = {
        "new/benchmark.json",          "a/new/benchmark.json",           "a/new/sample.json",
        "a/base/benchmark.json",       "a/base/deep/new/benchmark.json", "a/x/new/sample.json",
        "g/b/new/benchmark.json",      "report/r/new/benchmark.json",    "report/r/new/sample.json",
        "change/c/new/benchmark.json", ".hidden/h/new/benchmark.json",   "f"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        put(root, files[i], "{}");
    char *link = crit_fs_join(root, "link", (char *)NULL);
    char *lnk = crit_fs_join(root, "a/lnk", (char *)NULL);
    assert_int_equal(symlink("a", link), 0);
    assert_int_equal(symlink("base", lnk), 0);
    free(link);
    free(lnk);
}

/* Asserts the walk's entries: dirs (in order), each a benchmark with path root/dir. */
static void assert_entries(const char *root, const crit_results_list *l, const char *const *dirs,
                           size_t n) {
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++) {
        char *path = crit_fs_join(root, dirs[i], (char *)NULL);
        assert_string_equal(l->v[i].dir, dirs[i]);
        assert_string_equal(l->v[i].path, path);
        assert_int_equal(l->v[i].error, 0);
        free(path);
    }
}

/* ---- walking ----------------------------------------------------------------------------- */

/* Walks a fresh make_tree under `rule` and checks the entries, in order. */
static void check_walk(const char *name, crit_results_rule rule, const char *const *want,
                       size_t n) {
    char *root = test_dir(name);
    make_tree(root);
    crit_results_list l = {0};
    assert_int_equal(crit_results_walk(root, rule, &l), 0);
    assert_entries(root, &l, want, n);
    crit_results_list_fini(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
    free(root);
}

static void test_walks(void **state) {
    (void)state;
    /* post-order: a/x before a; a/base/deep is inside a baseline, so not reached; the root's
     * own new/ never makes it a benchmark */
    static const char *const any[] = {"a/x", "a", "g/b"};
    check_walk("walk_any", CRIT_RESULTS_ANY_BASELINE, any, 3);
    /* pre-order, the root first; a/x has no new/benchmark.json; baselines are entered */
    static const char *const run[] = {"", "a", "a/base/deep", "g/b"};
    check_walk("walk_new", CRIT_RESULTS_NEW_RUN, run, 4);
}

static void test_walk_unreadable_root(void **state) {
    (void)state;
    char *missing = crit_fs_join(group_dir, "missing", (char *)NULL);
    crit_results_list l = {0};
    for (int rule = CRIT_RESULTS_ANY_BASELINE; rule <= CRIT_RESULTS_NEW_RUN; rule++) {
        assert_int_equal(crit_results_walk(missing, (crit_results_rule)rule, &l), 0);
        assert_int_equal(l.n, 1);
        assert_string_equal(l.v[0].dir, "");
        assert_string_equal(l.v[0].path, missing);
        assert_int_equal(l.v[0].error, ENOENT);
        crit_results_list_fini(&l);
    }
    free(missing);
}

static void test_has_baseline(void **state) {
    (void)state;
    char *root = test_dir("has_baseline");
    make_tree(root);
    char *a = crit_fs_join(root, "a", (char *)NULL);
    assert_true(crit_results_has_baseline(a, "new"));
    assert_true(crit_results_has_baseline(a, "base"));
    assert_false(crit_results_has_baseline(a, "x"));   /* a benchmark, not a baseline */
    assert_false(crit_results_has_baseline(a, "lnk")); /* links are not followed */
    assert_false(crit_results_has_baseline(a, "none"));
    assert_false(crit_results_has_baseline(root, "f"));
    free(a);
    free(root);
}

/* ---- reading and comparing --------------------------------------------------------------- */

static void test_read_id(void **state) {
    (void)state;
    char err[512] = "";
    char *id = NULL;
    assert_int_equal(crit_results_read_id(FIXTURE, "calibration/empty", "a", &id, err, sizeof err),
                     0);
    assert_string_equal(id, "calibration/empty");
    free(id);
    static char untouched[] = "untouched";
    id = untouched;
    assert_int_equal(crit_results_read_id(FIXTURE, "calibration/empty", "zz", &id, err, sizeof err),
                     -CRIT_RESULTS_ENOENT);
    assert_null(id);

    char *root = test_dir("read_id");
    put(root, "bad/a/benchmark.json", "{\"group_id\":");
    assert_int_equal(crit_results_read_id(root, "bad", "a", &id, err, sizeof err),
                     -CRIT_RESULTS_EPARSE);
    assert_null(id);
    char *path = crit_fs_join(root, "bad/a/benchmark.json", (char *)NULL);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    free(path);
    free(root);
}

/* Loads FIXTURE/<dir>/<name>/sample.json and estimates.json with the store's decoders. */
static void load(const char *dir, const char *name, crit_sample *s, crit_estimates *e) {
    char err[512];
    crit_bench_id id = {.directory_name = (char *)(uintptr_t)dir};
    assert_int_equal(crit_store_load_sample(FIXTURE, &id, name, s, err, sizeof err), 0);
    assert_int_equal(crit_store_load_estimates(FIXTURE, &id, name, e, err, sizeof err), 0);
}

/* crit_results_compare on a fixture gives exactly what the harness's own pieces give. */
static void check_compare(const char *dir, const char *verdict, const char *change) {
    const crit_results_config cfg = {20000, 0.95, 0.05, 0.01, 1};
    crit_results_change c;
    char err[512] = "", buf[64];
    assert_int_equal(crit_results_compare(FIXTURE, dir, "a", "b", &cfg, &c, err, sizeof err), 0);
    crit_sample sa, sb;
    crit_estimates ea, eb;
    load(dir, "a", &sa, &ea);
    load(dir, "b", &sb, &eb);
    crit_analysis an;
    const crit_analysis_config ac = {20000, 0.95, 0.05, 0.01, 1, false};
    assert_int_equal(crit_analyze(&sb, &sa, &ac, &an), 0);
    assert_true(c.mean_a.lower == ea.mean.lower && c.mean_a.point == ea.mean.point &&
                c.mean_a.upper == ea.mean.upper);
    assert_true(c.mean_b.lower == eb.mean.lower && c.mean_b.point == eb.mean.point &&
                c.mean_b.upper == eb.mean.upper);
    assert_true(c.change == eb.mean.point / ea.mean.point - 1.0);
    assert_true(c.p == an.change.p_value);
    assert_string_equal(c.verdict, verdict);
    assert_string_equal(crit_results_format_change(buf, sizeof buf, c.change), change);
    crit_analysis_fini(&an);
    crit_sample_fini(&sa);
    crit_sample_fini(&sb);
}

static void test_compare_matches_the_harness(void **state) {
    (void)state;
    /* the rows of tests/fixtures/crit_compare/expected.txt */
    static const struct {
        const char *dir, *verdict, *change;
    } rows[] = {{"calibration/empty", "regressed", "+50.000%"},
                {"calibration/rerun", "no_change", "+2.4213%"},
                {"solo", "within_noise", "+0.4000%"},
                {"calibration/same", "no_change", "+0.0000%"},
                {"calibration/chain1000", "improved", "-30.000%"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_compare(rows[i].dir, rows[i].verdict, rows[i].change);
}

static void test_compare_damaged(void **state) {
    (void)state;
    const crit_results_config cfg = {200, 0.95, 0.05, 0.01, 1};
    crit_results_change c = {.verdict = "untouched"};
    char err[1400] = "";
    assert_int_equal(crit_results_compare(FIXTURE, "damaged/truncated", "a", "b", &cfg, &c, err,
                                          sizeof err),
                     -CRIT_RESULTS_EPARSE);
    assert_true(strncmp(err, FIXTURE "/damaged/truncated/b/sample.json: ",
                        strlen(FIXTURE "/damaged/truncated/b/sample.json: ")) == 0);
    assert_string_equal(c.verdict, "untouched");

    /* a decodable sample of one point: named with what is wrong */
    char *root = test_dir("compare_damaged");
    put(root, "one/a/sample.json", "{\"sampling_mode\":\"Linear\",\"iters\":[1],\"times\":[5]}");
    char want[1024];
    snprintf(want, sizeof want,
             "%s/one/a/sample.json: it holds 1 measurement (at least 2 are "
             "needed)",
             root);
    assert_int_equal(crit_results_compare(root, "one", "a", "b", &cfg, &c, err, sizeof err),
                     -CRIT_RESULTS_EPARSE);
    assert_string_equal(err, want);

    /* A missing */
    assert_int_equal(crit_results_compare(FIXTURE, "solo", "zz", "b", &cfg, &c, err, sizeof err),
                     -CRIT_RESULTS_EPARSE);
    assert_non_null(strstr(err, "solo/zz/sample.json"));
    free(root);
}

static void test_format_change(void **state) {
    (void)state;
    char buf[64];
    assert_string_equal(crit_results_format_change(buf, sizeof buf, 0.5), "+50.000%");
    assert_string_equal(crit_results_format_change(buf, sizeof buf, -0.005), "-0.5000%");
    assert_string_equal(crit_results_format_change(buf, sizeof buf, 0.0), "+0.0000%");
    assert_string_equal(crit_results_format_change(buf, sizeof buf, 123.456), "+12346%");
    assert_string_equal(crit_results_format_change(buf, 4, 0.5), "+50");
}

/* ---- writing ----------------------------------------------------------------------------- */

static mode_t mode_of(const char *path) {
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

/* Only the names of dir (sorted bytewise, space-separated), hidden ones included. */
static void assert_only(const char *dir, const char *expect) {
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n >= 0);
    char got[512] = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            strcat(got, *got ? " " : "");
            strcat(got, names[i]->d_name);
        }
        free(names[i]);
    }
    free(names);
    assert_string_equal(got, expect);
}

static void test_write_atomic_keeps_the_mode(void **state) {
    (void)state;
    char *root = test_dir("write_atomic");
    char err[512] = "", *text = NULL;
    char *path = crit_fs_join(root, "doc.md", (char *)NULL);
    mode_t old = umask(022);
    /* a new file: 0666 minus the umask */
    assert_int_equal(crit_results_write_atomic(path, "one", 3, err, sizeof err), 0);
    assert_int_equal(mode_of(path), 0644);
    /* an existing file keeps its bits, whatever the umask */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(crit_results_write_atomic(path, "two\n", 4, err, sizeof err), 0);
    assert_int_equal(mode_of(path), 0640);
    assert_int_equal(chmod(path, 0755), 0);
    assert_int_equal(crit_results_write_atomic(path, "", 0, err, sizeof err), 0);
    assert_int_equal(mode_of(path), 0755);
    umask(old);
    assert_int_equal(crit_fs_read_file(path, &text, NULL, err, sizeof err), 0);
    assert_string_equal(text, "");
    free(text);
    assert_only(root, "doc.md");

    /* a missing directory: the tools' wording, nothing left */
    char *missing = crit_fs_join(root, "nodir/doc.md", (char *)NULL);
    char want[1024];
    snprintf(want, sizeof want, "cannot create a temporary file beside %s: %s", missing,
             strerror(ENOENT));
    assert_int_equal(crit_results_write_atomic(missing, "x", 1, err, sizeof err),
                     -CRIT_RESULTS_EIO);
    assert_string_equal(err, want);
    /* the rename fails (a directory holds the name): "cannot write", no temporary left */
    put(root, "taken/keep", "kept");
    char *taken = crit_fs_join(root, "taken", (char *)NULL);
    snprintf(want, sizeof want, "cannot write %s: %s", taken, strerror(EISDIR));
    assert_int_equal(crit_results_write_atomic(taken, "x", 1, err, sizeof err), -CRIT_RESULTS_EIO);
    assert_string_equal(err, want);
    assert_only(root, "doc.md taken");
    free(taken);
    free(missing);
    free(path);
    free(root);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walks),
        cmocka_unit_test(test_walk_unreadable_root),
        cmocka_unit_test(test_has_baseline),
        cmocka_unit_test(test_read_id),
        cmocka_unit_test(test_compare_matches_the_harness),
        cmocka_unit_test(test_compare_damaged),
        cmocka_unit_test(test_format_change),
        cmocka_unit_test(test_write_atomic_keeps_the_mode),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
