/* history_db.c: opening a history database (the regular-file rule, SQLite's connection
 * settings, the schema version check), the migration steps of schema.sql, error messages and
 * run ids. */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "fs.h"

#define MARK "-- version "

int crit_history_schema_version(void) {
    return crit_history_script_version(crit_history_schema_sql);
}

int crit_history_sql_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                          size_t errlen) {
    int prim = rc & 0xff;
    if (err && errlen)
        snprintf(err, errlen, "%s: %s: %s", path, what,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return prim == SQLITE_NOTADB || prim == SQLITE_CORRUPT ? -CRIT_HISTORY_ECORRUPT
           : prim == SQLITE_NOMEM                          ? -CRIT_HISTORY_ENOMEM
                                                           : -CRIT_HISTORY_EIO;
}

/* "<path>: <detail>" into err; returns code. */
static int fail(int code, char *err, size_t errlen, const char *path, const char *detail) {
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", path, detail);
    return code;
}

/* The start of the step text after "-- version N\n" for N, and the step's end. */
static const char *next_step(const char *s, int *version, const char **end) {
    for (const char *p = s; (p = strstr(p, MARK)) != NULL; p++) {
        if (p != s && p[-1] != '\n')
            continue;
        *version = atoi(p + strlen(MARK));
        const char *body = strchr(p, '\n');
        body = body ? body + 1 : p + strlen(p);
        const char *q = body;
        while ((q = strstr(q, MARK)) != NULL && q[-1] != '\n')
            q++;
        *end = q ? q : body + strlen(body);
        return body;
    }
    return NULL;
}

int crit_history_script_version(const char *script) {
    int v = 0, best = 0;
    const char *end;
    for (const char *s = script; (s = next_step(s, &v, &end)) != NULL; s = end)
        if (v > best)
            best = v;
    return best;
}

static int pragma_int(sqlite3 *db, const char *sql, int *out) {
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Refuses what is not ours: a newer schema, another application id, tables without a version. */
static int check_identity(sqlite3 *db, int version, int target, const char *path, char *err,
                          size_t errlen) {
    int app = 0, tables = 0;
    char detail[160];
    int rc = pragma_int(db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc != SQLITE_OK)
        return crit_history_sql_fail(db, rc, path, "cannot read it as a history database", err,
                                     errlen);
    if (version > target) {
        snprintf(detail, sizeof detail,
                 "its schema version %d is newer than this crit's (%d): use a newer "
                 "crit-history",
                 version, target);
        return fail(-CRIT_HISTORY_EVERSION, err, errlen, path, detail);
    }
    if ((app != 0 && app != CRIT_HISTORY_APP_ID) || (app == 0 && (version != 0 || tables != 0)))
        return fail(-CRIT_HISTORY_ECORRUPT, err, errlen, path,
                    "not a crit history database (an SQLite database of another program)");
    return 0;
}

/* Runs the steps above `from` and sets each version; the caller holds the transaction. */
static int apply_steps(sqlite3 *db, const char *script, int from, const char *path, char *err,
                       size_t errlen) {
    int v = 0;
    const char *end;
    for (const char *s = script; (s = next_step(s, &v, &end)) != NULL; s = end) {
        if (v <= from)
            continue;
        size_t len = (size_t)(end - s);
        char *step = malloc(len + 96);
        if (step == NULL)
            return fail(-CRIT_HISTORY_ENOMEM, err, errlen, path, "out of memory");
        snprintf(step, len + 96, "%.*s;\nPRAGMA user_version = %d;\nPRAGMA application_id = %d;",
                 (int)len, s, v, CRIT_HISTORY_APP_ID);
        int rc = sqlite3_exec(db, step, NULL, NULL, NULL);
        free(step);
        if (rc != SQLITE_OK) {
            char what[64];
            snprintf(what, sizeof what, "migrating to schema version %d", v);
            return crit_history_sql_fail(db, rc, path, what, err, errlen);
        }
    }
    return 0;
}

int crit_history_migrate(sqlite3 *db, const char *script, const char *path, char *err,
                         size_t errlen) {
    int target = crit_history_script_version(script), version = 0;
    int rc = pragma_int(db, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK)
        return crit_history_sql_fail(db, rc, path, "cannot read it", err, errlen);
    int code = check_identity(db, version, target, path, err, errlen);
    if (code || version == target)
        return code;
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return crit_history_sql_fail(db, rc, path, "cannot lock it to migrate", err, errlen);
    /* another process may have migrated it meanwhile: read the version again under the lock */
    rc = pragma_int(db, "PRAGMA user_version", &version);
    code = rc != SQLITE_OK ? crit_history_sql_fail(db, rc, path, "cannot read it", err, errlen)
                           : check_identity(db, version, target, path, err, errlen);
    if (code == 0)
        code = apply_steps(db, script, version, path, err, errlen);
    rc = sqlite3_exec(db, code ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    if (code == 0 && rc != SQLITE_OK)
        code = crit_history_sql_fail(db, rc, path, "cannot commit the migration", err, errlen);
    return code;
}

/* The regular-file rule: SQLite must never open a FIFO (it would block) or a device. */
static int check_path(const char *path, unsigned flags, char *err, size_t errlen) {
    struct stat st;
    if (stat(path, &st) == 0)
        return S_ISREG(st.st_mode)
                   ? 0
                   : fail(-CRIT_HISTORY_EIO, err, errlen, path, "not a regular file");
    if (errno != ENOENT)
        return fail(-CRIT_HISTORY_EIO, err, errlen, path, strerror(errno));
    if (!(flags & CRIT_HISTORY_CREATE))
        return fail(-CRIT_HISTORY_ENOENT, err, errlen, path,
                    "no such file (bench --record=FILE records one)");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0;
    *slash = '\0';
    char e[512];
    return crit_fs_mkdir_p(dir, e, sizeof e) ? fail(-CRIT_HISTORY_EIO, err, errlen, path, e) : 0;
}

int crit_history_open_script(const char *path, unsigned flags, const char *script,
                             crit_history **out, char *err, size_t errlen) {
    *out = NULL;
    if (path == NULL || !*path || strlen(path) >= sizeof(((crit_history *)0)->path))
        return fail(-CRIT_HISTORY_EINVAL, err, errlen, path ? path : "(null)",
                    "no usable database path");
    int code = check_path(path, flags, err, errlen);
    if (code)
        return code;
    crit_history *h = calloc(1, sizeof *h);
    if (h == NULL)
        return fail(-CRIT_HISTORY_ENOMEM, err, errlen, path, "out of memory");
    snprintf(h->path, sizeof h->path, "%s", path);
    int of = SQLITE_OPEN_READWRITE | (flags & CRIT_HISTORY_CREATE ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &h->db, of, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(h->db, 30000);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    code = rc != SQLITE_OK ? crit_history_sql_fail(h->db, rc, path, "cannot open it", err, errlen)
                           : crit_history_migrate(h->db, script, path, err, errlen);
    if (code) {
        crit_history_close(h);
        return code;
    }
    *out = h;
    return 0;
}

int crit_history_open(const char *path, unsigned flags, crit_history **out, char *err,
                      size_t errlen) {
    return crit_history_open_script(path, flags, crit_history_schema_sql, out, err, errlen);
}

void crit_history_close(crit_history *h) {
    if (h == NULL)
        return;
    sqlite3_close(h->db);
    free(h);
}

int crit_history_exec(crit_history *h, const char *sql, char *err, size_t errlen) {
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : crit_history_sql_fail(h->db, rc, h->path, sql, err, errlen);
}

int crit_history_new_run_id(char *out, size_t len) {
    unsigned char r[16];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t k = getrandom(r + got, sizeof r - got, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -CRIT_HISTORY_EIO;
        got += (size_t)k;
    }
    char hex[33], stamp[40];
    for (size_t i = 0; i < sizeof r; i++)
        snprintf(hex + 2 * i, 3, "%02x", r[i]);
    /* the recording time to the microsecond orders runs that started in the same second */
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
    snprintf(out, len, "%s.%06ldZ-%s", stamp, ts.tv_nsec / 1000, hex);
    return 0;
}

int crit_history_preflight(const char *path, char *err, size_t errlen) {
    crit_history *h;
    int rc = crit_history_open(path, CRIT_HISTORY_CREATE, &h, err, errlen);
    crit_history_close(h);
    return rc;
}
