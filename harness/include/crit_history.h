/* crit_history.h: libcrit's history API for tools (crit-history): the SQLite database that
 * `bench --record` appends a run to (docs/results-format.md, "History"): list its runs, read
 * a benchmark's series, merge another database, find change points (E-divisive means), write
 * the trend report. Link libcrit (pkg-config crit) and sqlite3. The header stands alone.
 *
 * Ownership as crit_results.h: what a function allocates for the caller is released with the
 * _fini its contract names; zero-initialised structs are safe to release. Functions never
 * print: errors are returned as -CRIT_HISTORY_E* with a one-line message (no newline) naming
 * the file in the caller's err buffer of errlen bytes. */
#ifndef CRIT_HISTORY_H
#define CRIT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes, returned negated (0 is success). */
enum {
    CRIT_HISTORY_OK = 0,
    CRIT_HISTORY_EIO = 1,      /* the file cannot be opened, read or written (or is busy) */
    CRIT_HISTORY_ENOMEM = 2,   /* an allocation failed */
    CRIT_HISTORY_ECORRUPT = 3, /* not a history database (not SQLite, another program's, damaged) */
    CRIT_HISTORY_EINVAL = 4,   /* an argument is out of range */
    CRIT_HISTORY_ENOENT = 5,   /* the file, or the benchmark asked for, does not exist */
    CRIT_HISTORY_EVERSION = 6  /* the database's schema is newer than this libcrit knows */
};

/* The schema version this libcrit writes (PRAGMA user_version of its databases). */
int crit_history_schema_version(void);

typedef struct crit_history crit_history; /* an open database */

/* crit_history_open flags. */
enum {
    CRIT_HISTORY_CREATE = 1 /* create the file (and its missing parent directories) */
};

/* Opens the history database at path. The path must name a regular file (or, with
 * CRIT_HISTORY_CREATE, nothing yet): a FIFO or a directory is refused before SQLite opens it.
 * An older schema is migrated to the current one (in one transaction); a newer one is refused
 * (-CRIT_HISTORY_EVERSION); a file that is not a crit history database is refused
 * (-CRIT_HISTORY_ECORRUPT). Waits up to 30 s for another writer. Returns 0 with *out set (close
 * it with crit_history_close), or an error with *out NULL. */
int crit_history_open(const char *path, unsigned flags, crit_history **out, char *err,
                      size_t errlen);
/* Closes the database; NULL is a no-op. */
void crit_history_close(crit_history *h);

/* ---- runs ------------------------------------------------------------------------------- */

typedef struct crit_history_run {
    char run_id[96];
    char date[32]; /* ISO 8601 UTC */
    char commit[48];
    int dirty; /* 1, 0, or -1 unknown */
    char branch[128];
    char host[128];
    char cpu_model[128];
    char compiler[96];
    char build_mode[48];
    size_t nbench; /* results recorded in the run */
} crit_history_run;

typedef struct crit_history_runs {
    crit_history_run *v;
    size_t n;
} crit_history_runs;

/* Every run, oldest first (by date, then run id). Returns 0 or an error; release *out with
 * crit_history_runs_fini either way. */
int crit_history_list_runs(crit_history *h, crit_history_runs *out, char *err, size_t errlen);
void crit_history_runs_fini(crit_history_runs *r);

/* ---- series ------------------------------------------------------------------------------ */

/* One benchmark in one run. Times in ns per iteration; NaN where the run has no value. */
typedef struct crit_history_point {
    size_t run_index; /* the run's position among all runs of the database, oldest 0 */
    char run_id[96];
    char date[32];
    char commit[48];
    int dirty;
    char branch[128];
    char host[128];
    char measure[16];      /* "time" or "instructions" */
    char typical_kind[16]; /* "slope", "mean" (crit_typical's choice) or "instructions" */
    double typical, typical_lower, typical_upper;
    double mean, mean_lower, mean_upper;
    double median, median_lower, median_upper;
    double std_dev, cv;
    double p50, p90, p95, p99;
    double throughput;        /* per second at the typical estimate */
    char throughput_kind[16]; /* "" without throughput */
    double allocs_per_iter;   /* the allocs_per_iter metric */
    double instructions;      /* per iteration (instructions records) */
    double sample_size, warm_up_time, measurement_time, nresamples, confidence_level;
} crit_history_point;

typedef struct crit_history_series {
    crit_history_point *v;
    size_t n;
} crit_history_series;

/* Every benchmark id in the database, sorted bytewise, into *names (n strings; free each and
 * the array with crit_history_names_fini). */
int crit_history_benchmarks(crit_history *h, char ***names, size_t *n, char *err, size_t errlen);
void crit_history_names_fini(char **names, size_t n);

/* The points of benchmark `bench` (its full id), oldest run first, every host and measure.
 * -CRIT_HISTORY_ENOENT when no run has it. Release *out with crit_history_series_fini. */
int crit_history_series_get(crit_history *h, const char *bench, crit_history_series *out, char *err,
                            size_t errlen);
void crit_history_series_fini(crit_history_series *s);

/* ---- merging ----------------------------------------------------------------------------- */

/* Copies the runs of the database at other_path that h does not have (by run id) into h, with
 * their results, in one transaction: importing the same file twice adds nothing the second
 * time. other_path is opened as by crit_history_open (migrated if older; refused if newer or
 * not a history database) and never written otherwise. *added (may be NULL) gets the number
 * of runs added. */
int crit_history_import(crit_history *h, const char *other_path, size_t *added, char *err,
                        size_t errlen);

/* ---- change points ----------------------------------------------------------------------- */

/* How change points are found in each series (a benchmark's typical estimates on one host,
 * in run order) and which steps matter. */
typedef struct crit_history_config {
    size_t min_size;     /* shortest segment (runs) E-divisive may leave (3) */
    size_t permutations; /* of each permutation test (199) */
    double significance; /* a change point is kept when its p <= this (0.01) */
    uint64_t seed;       /* of the permutations (1): the same database gives the same points */
    double threshold;    /* a step smaller than this fraction is noise (0.05) */
} crit_history_config;

void crit_history_config_default(crit_history_config *cfg);

/* A change point: in series (bench, host, measure), the run at `index` (a position in that
 * series, >= 1) starts a new segment. before and after are the medians of the typical
 * estimate over the segment that ends there and the one that starts there; step = after /
 * before - 1 (+ is slower for times and instructions). significant: |step| > the threshold.
 * latest: the last significant change point of its series, so the newest run sits after it
 * with no significant step since. */
typedef struct crit_history_change {
    char bench[512];
    char host[128];
    char measure[16];
    size_t index;  /* in the series */
    size_t length; /* points in the series */
    char run_id[96];
    char date[32];
    char commit[48];
    double before, after, step, p_value;
    bool latest;
    bool significant;
} crit_history_change;

typedef struct crit_history_changes {
    crit_history_change *v;
    size_t n;
} crit_history_changes;

/* The change points of every series of the database (or of benchmark `bench` when not NULL),
 * by benchmark, host, measure, then index. Release with crit_history_changes_fini. */
int crit_history_find_changes(crit_history *h, const char *bench, const crit_history_config *cfg,
                              crit_history_changes *out, char *err, size_t errlen);
void crit_history_changes_fini(crit_history_changes *c);

/* The regression a check reports: the latest significant change point of a series made it
 * slower (latest, significant and step > 0). */
bool crit_history_change_is_regression(const crit_history_change *c);

/* ---- report ------------------------------------------------------------------------------ */

/* Writes the trend report into dir (created when missing): index.html (every benchmark, its
 * runs, its last typical estimate, its change points) and per benchmark <name>.html with
 * <name>.svg: the typical estimate with its interval over the runs (x: run order), one line
 * per host and measure, each change point a dashed vertical line labelled with its commit and
 * step. Files are replaced atomically. *pages (may be NULL) gets the number of benchmarks. */
int crit_history_report(crit_history *h, const crit_history_config *cfg, const char *dir,
                        size_t *pages, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
