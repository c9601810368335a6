/* test_history.c: the history database (harness/history/): the migration mechanism (a v1
 * database migrated by a script with a second step; a newer one refused), the embedded
 * schema's version, the regular-file rule and what is not a history database, recording
 * synthetic runs with a known step and finding it (index, step, regression), and import
 * without duplicates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "benchid.h"
#include "crit_history.h"
#include "history.h"

static char dir[64];

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/crit-test-history.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name) {
    static char p[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static int user_version(crit_history *h) {
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h->db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char V1[] = "-- a comment naming \"-- version 9\" mid-line is no step\n"
                         "-- version 1\nCREATE TABLE a (x);\n";
static const char V2[] = "-- version 1\nCREATE TABLE a (x);\n"
                         "-- version 2\nCREATE TABLE b (y);\nINSERT INTO b VALUES (2);\n";

static void test_migrations(void **state) {
    (void)state;
    char err[512];
    crit_history *h;
    assert_int_equal(crit_history_script_version(V1), 1);
    assert_int_equal(crit_history_script_version(V2), 2);
    assert_int_equal(crit_history_schema_version(), 1);
    const char *p = path_of("mig.sqlite");
    assert_int_equal(crit_history_open_script(p, CRIT_HISTORY_CREATE, V1, &h, err, sizeof err), 0);
    assert_int_equal(user_version(h), 1);
    crit_history_close(h);
    /* the v1 database meets a script with a second step: migrated, and the step ran */
    assert_int_equal(crit_history_open_script(p, 0, V2, &h, err, sizeof err), 0);
    assert_int_equal(user_version(h), 2);
    assert_int_equal(sqlite3_exec(h->db, "SELECT y FROM b", NULL, NULL, NULL), SQLITE_OK);
    crit_history_close(h);
    /* opening again changes nothing */
    assert_int_equal(crit_history_open_script(p, 0, V2, &h, err, sizeof err), 0);
    assert_int_equal(user_version(h), 2);
    crit_history_close(h);
    /* a newer database is refused by name, with both versions */
    assert_int_equal(crit_history_open_script(p, 0, V1, &h, err, sizeof err),
                     -CRIT_HISTORY_EVERSION);
    assert_null(h);
    assert_non_null(strstr(err, p));
    assert_non_null(strstr(err, "schema version 2 is newer than this crit's (1)"));
    /* a step that fails leaves the database at its version */
    const char bad[] = "-- version 1\nCREATE TABLE a (x);\n-- version 2\nCREATE TABLE a (x);\n";
    const char *q = path_of("mig-bad.sqlite");
    assert_int_equal(crit_history_open_script(q, CRIT_HISTORY_CREATE, V1, &h, err, sizeof err), 0);
    crit_history_close(h);
    assert_int_equal(crit_history_open_script(q, 0, bad, &h, err, sizeof err), -CRIT_HISTORY_EIO);
    assert_non_null(strstr(err, "migrating to schema version 2"));
    assert_int_equal(crit_history_open_script(q, 0, V1, &h, err, sizeof err), 0);
    assert_int_equal(user_version(h), 1);
    crit_history_close(h);
}

static void test_not_a_history(void **state) {
    (void)state;
    char err[512];
    crit_history *h;
    assert_int_equal(crit_history_open(path_of("missing.sqlite"), 0, &h, err, sizeof err),
                     -CRIT_HISTORY_ENOENT);
    FILE *f = fopen(path_of("text.sqlite"), "w");
    assert_non_null(f);
    fputs("this is a text file, long enough to be read as a header by SQLite..........\n"
          "and a second line of it.....................................................\n",
          f);
    fclose(f);
    assert_int_equal(crit_history_open(path_of("text.sqlite"), 0, &h, err, sizeof err),
                     -CRIT_HISTORY_ECORRUPT);
    assert_non_null(strstr(err, "text.sqlite"));
    assert_int_equal(mkfifo(path_of("fifo.sqlite"), 0600), 0);
    assert_int_equal(crit_history_open(path_of("fifo.sqlite"), CRIT_HISTORY_CREATE, &h, err,
                                       sizeof err),
                     -CRIT_HISTORY_EIO);
    assert_non_null(strstr(err, "not a regular file"));
    /* another program's SQLite database */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path_of("other.sqlite"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(crit_history_open(path_of("other.sqlite"), 0, &h, err, sizeof err),
                     -CRIT_HISTORY_ECORRUPT);
    assert_non_null(strstr(err, "not a crit history database"));
}

/* Records one run of benchmark "g/f" with mean (the typical: no slope) v ns on host. */
static void record_one(const char *db, double v, const char *commit, const char *host) {
    crit_run_record rec;
    memset(&rec, 0, sizeof rec);
    crit_throughput tp = {CRIT_THROUGHPUT_NONE, 0};
    assert_int_equal(crit_bench_id_init(&rec.id, "g", "f", NULL, tp), 0);
    rec.est.mean = (crit_estimate){v, v * 0.99, v * 1.01, 0.1, 0.95};
    rec.est.median = rec.est.mean;
    rec.cv = 0.01;
    rec.p50 = rec.p90 = rec.p95 = rec.p99 = v;
    rec.nmetrics = 1;
    snprintf(rec.metric_name[0], sizeof rec.metric_name[0], "allocs_per_iter");
    rec.metric_value[0] = 3;
    crit_context ctx;
    memset(&ctx, 0, sizeof ctx);
    snprintf(ctx.date, sizeof ctx.date, "2026-12-06T10:00:00Z");
    snprintf(ctx.git_revision, sizeof ctx.git_revision, "%s", commit);
    snprintf(ctx.host, sizeof ctx.host, "%s", host);
    ctx.git_dirty = 0;
    char id[96], err[512];
    assert_int_equal(crit_history_record(db, &rec, 1, &ctx, "test", id, sizeof id, err, sizeof err),
                     0);
    crit_record_fini(&rec);
}

static double pattern(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    return ((double)((*s >> 16) & 0x7fff) / 32767.0) * 2.0 - 1.0;
}

static void test_record_and_find_the_step(void **state) {
    (void)state;
    const char *db = path_of("sub/dir/steps.sqlite"); /* parents created */
    unsigned s = 42;
    for (int i = 0; i < 40; i++) {
        char commit[16];
        snprintf(commit, sizeof commit, "c%02d", i);
        record_one(db, (i < 20 ? 100.0 : 110.0) + pattern(&s), commit, "h1");
    }
    crit_history *h;
    char err[512];
    assert_int_equal(crit_history_open(db, 0, &h, err, sizeof err), 0);
    crit_history_series ser;
    assert_int_equal(crit_history_series_get(h, "g/f", &ser, err, sizeof err), 0);
    assert_int_equal(ser.n, 40);
    assert_string_equal(ser.v[0].typical_kind, "mean");
    assert_true(ser.v[0].allocs_per_iter == 3.0);
    assert_int_equal(ser.v[39].run_index, 39);
    crit_history_series_fini(&ser);
    crit_history_config cfg;
    crit_history_config_default(&cfg);
    crit_history_changes ch;
    assert_int_equal(crit_history_find_changes(h, NULL, &cfg, &ch, err, sizeof err), 0);
    assert_int_equal(ch.n, 1);
    assert_int_equal(ch.v[0].index, 20);
    assert_string_equal(ch.v[0].commit, "c20");
    assert_true(fabs(ch.v[0].step - 0.10) < 0.02);
    assert_true(crit_history_change_is_regression(&ch.v[0]));
    crit_history_changes_fini(&ch);
    assert_int_equal(crit_history_series_get(h, "nope", &ser, err, sizeof err),
                     -CRIT_HISTORY_ENOENT);
    crit_history_series_fini(&ser);
    /* import: the runs of another database once, never twice */
    const char *other = path_of("other-host.sqlite");
    for (int i = 0; i < 3; i++)
        record_one(other, 50.0, "x", "h2");
    size_t added = 99;
    assert_int_equal(crit_history_import(h, other, &added, err, sizeof err), 0);
    assert_int_equal(added, 3);
    assert_int_equal(crit_history_import(h, other, &added, err, sizeof err), 0);
    assert_int_equal(added, 0);
    crit_history_runs runs;
    assert_int_equal(crit_history_list_runs(h, &runs, err, sizeof err), 0);
    assert_int_equal(runs.n, 43);
    crit_history_runs_fini(&runs);
    crit_history_close(h);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_not_a_history),
        cmocka_unit_test(test_record_and_find_the_step),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
