/* crit_results.h: libcrit's tools-facing API. What a program that reads a crit results
 * directory (docs/results-format.md) needs, so tools (crit-compare, perfdoc) never see a
 * private harness header: find the benchmarks of a results directory, read a benchmark's id,
 * compare two saved baselines with the harness's own analysis (the verdict `bench --baseline`
 * gives), and replace a file atomically. Link libcrit (pkg-config crit). The header stands
 * alone; include crit.h as well for crit_format_time.
 *
 * Ownership (as cJSON): every pointer passed in is borrowed for the duration of the call and
 * never kept. What a function allocates for the caller is released with the function its
 * contract names (crit_results_list_fini, free() for a returned string); strings of the
 * library itself (verdict names) are static and never freed. Zero-initialised structs are
 * safe to release. Functions are reentrant and never print: errors are returned as
 * -CRIT_RESULTS_E* with a one-line message (no newline) in the caller's err buffer of errlen
 * bytes (truncated to fit; err may be NULL when errlen is 0). */
#ifndef CRIT_RESULTS_H
#define CRIT_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes, returned negated (0 is success). */
enum {
    CRIT_RESULTS_OK = 0,
    CRIT_RESULTS_EIO = 1,    /* a file or directory could not be read or written */
    CRIT_RESULTS_ENOMEM = 2, /* an allocation failed */
    CRIT_RESULTS_EPARSE = 3, /* a file is damaged: not the JSON the harness writes, or unusable */
    CRIT_RESULTS_EINVAL = 4, /* an argument is out of range; or samples that cannot be analysed */
    CRIT_RESULTS_ENOENT = 5  /* the file does not exist */
};

/* ---- what the loaders accept (docs/results-format.md, "What the loaders accept") ------------ */

/* Most measurements (entries of "iters", and of "times") a sample.json may hold; checked as soon
 * as the file is parsed, before any analysis. bench refuses a larger --sample-size, so it never
 * writes a sample its loaders refuse. Criterion's samples hold 10 to a few thousand; the
 * analysis bootstraps every measurement in every resample, so its time grows with this count
 * (crit-compare, 20 000 resamples on 2 cores: ~9 s at 10 000 measurements, ~106 s at 100 000). */
#define CRIT_RESULTS_MAX_MEASUREMENTS 10000
/* Most bootstrap resamples an analysis takes (bench --nresamples, crit_group_nresamples,
 * crit-compare --nresamples): 100 times criterion's default. Each analysis keeps several
 * distributions of this many doubles, so 2^40 used to end in "out of memory" only after the
 * measuring. */
#define CRIT_RESULTS_MAX_NRESAMPLES 10000000
/* Largest iteration count of a measurement: 2^53, below which a double holds every integer. The
 * counts of a sample.json are integers in [1, CRIT_RESULTS_MAX_ITERS]. */
#define CRIT_RESULTS_MAX_ITERS 9007199254740992.0
/* Largest sample.json in bytes, checked before a byte is read: CRIT_RESULTS_MAX_MEASUREMENTS
 * measurements take at most ~420 KB as the harness writes them (count + time: 17 + 25 bytes);
 * 2 MiB leaves room for indentation, and bounds the parse of a hostile file (every byte a
 * number) to ~100 MB of cJSON nodes. */
#define CRIT_RESULTS_MAX_SAMPLE_BYTES ((size_t)2 << 20)
/* Largest of every other results file (benchmark.json, estimates.json, metrics.json,
 * tukey.json, change/estimates.json, instructions.json): they hold a few KiB at most. */
#define CRIT_RESULTS_MAX_FILE_BYTES ((size_t)256 << 10)

/* The size limit of the results file `path`, by its last component:
 * CRIT_RESULTS_MAX_SAMPLE_BYTES for "sample.json", CRIT_RESULTS_MAX_FILE_BYTES for any other.
 * Pure. */
size_t crit_results_file_limit(const char *path);

/* Reads the whole file `path` as every libcrit loader reads a results file: only a regular
 * file is opened (the open never blocks, so a FIFO in its place is refused at once: "cannot
 * read <path>: not a regular file (a FIFO)"), and one of more than `limit` bytes is refused
 * before anything is read ("<path>: 200 MiB, more than the 2 MiB limit for a sample.json").
 * Pass crit_results_file_limit(path) for a results file, another limit for any other file.
 * *out gets a malloc'd copy with a NUL appended (not counted in *len; len may be NULL); the
 * caller frees it. Returns 0; -CRIT_RESULTS_ENOENT (the file or a parent does not exist);
 * -CRIT_RESULTS_EIO (unreadable, not a regular file, too big); -CRIT_RESULTS_ENOMEM. On
 * failure *out is NULL. */
int crit_results_read_file(const char *path, size_t limit, char **out, size_t *len, char *err,
                           size_t errlen);

/* ---- finding benchmarks -------------------------------------------------------------------- */

/* Which directories are benchmarks. Both walks visit directories in bytewise name order, never
 * enter hidden directories (".*"), report/, change/ or new/, never descend into a directory
 * reached through a symbolic link (the root itself may be one) and stop 16 levels below the
 * root. */
typedef enum crit_results_rule {
    /* A directory other than the root that has a saved baseline: a real subdirectory (new/
     * included) holding sample.json or benchmark.json (either may be a dangling link). Baseline
     * directories are not entered. A benchmark is listed after the benchmarks below it. */
    CRIT_RESULTS_ANY_BASELINE,
    /* A directory (the root included) holding new/benchmark.json as a regular file (links
     * followed). Every other subdirectory is entered. A benchmark is listed before the
     * benchmarks below it. */
    CRIT_RESULTS_NEW_RUN
} crit_results_rule;

/* One entry of a walk: a benchmark directory, or a directory that could not be read. */
typedef struct crit_results_entry {
    char *dir;  /* relative to the root, "" for the root itself (owned by the list) */
    char *path; /* root and dir joined with '/' (the root itself for ""), for opening files and
                 * for messages (owned by the list) */
    int error;  /* 0: a benchmark; else the errno with which this directory could not be
                 * listed (the walk went on with the rest of the tree) */
} crit_results_entry;

/* The entries of a walk, in walk order. */
typedef struct crit_results_list {
    crit_results_entry *v;
    size_t n;
    size_t cap; /* allocated entries (the library's business) */
} crit_results_list;

/* Walks the results directory `root` (a path as given; it is not checked to be a directory
 * first: a root that cannot be listed gives an entry with dir "" and its error) and appends
 * an entry to *out (zero-initialised, or holding earlier entries) for each benchmark found
 * under `rule` and for each directory that could not be listed, in walk order. Returns 0, or
 * -CRIT_RESULTS_ENOMEM (then *out holds what was found before; release it either way with
 * crit_results_list_fini). Reads only. */
int crit_results_walk(const char *root, crit_results_rule rule, crit_results_list *out);

/* Releases the entries' strings and the array, and zeroes *l. Safe on a zeroed list. */
void crit_results_list_fini(crit_results_list *l);

/* True when <bench_path>/<baseline> is a directory (not a symbolic link to one) holding a
 * saved baseline: its sample.json or benchmark.json exists (a dangling link counts).
 * bench_path is an entry's path; baseline is "new" (the latest run) or a saved name. False
 * when out of memory. Reads only. */
bool crit_results_has_baseline(const char *bench_path, const char *baseline);

/* ---- reading a benchmark ------------------------------------------------------------------- */

/* Reads the full id ("group/function/value") from <root>/<dir>/<baseline>/benchmark.json into
 * *full_id (malloc'd: the caller frees it with free()). Returns 0; -CRIT_RESULTS_ENOENT when
 * the file does not exist; -CRIT_RESULTS_EIO (unreadable) or -CRIT_RESULTS_EPARSE (not a
 * benchmark.json the harness could have written) with err naming the file;
 * -CRIT_RESULTS_ENOMEM. On failure *full_id is NULL. */
int crit_results_read_id(const char *root, const char *dir, const char *baseline, char **full_id,
                         char *err, size_t errlen);

/* ---- comparing two saved baselines --------------------------------------------------------- */

/* The settings of a comparison (crit_group_* in crit.h sets the same for a run). */
typedef struct crit_results_config {
    size_t nresamples;         /* bootstrap resamples, >= 1 (the harness uses 100000) */
    double confidence_level;   /* of the change interval, in (0,1) (0.95) */
    double significance_level; /* p-value threshold of the t-test, in (0,1) (0.05) */
    double noise_threshold;    /* smaller changes are noise, >= 0 (0.01) */
    uint64_t seed;             /* bootstrap RNG seed: same files + settings = same result */
} crit_results_config;

/* A mean with its confidence interval, ns per iteration (estimates.json). */
typedef struct crit_results_interval {
    double lower, point, upper;
} crit_results_interval;

/* B compared against A. */
typedef struct crit_results_change {
    crit_results_interval mean_a, mean_b; /* A's and B's estimates.json */
    double change;                        /* mean_b.point / mean_a.point - 1 (+ is slower) */
    double p;                             /* the t-test's p */
    const char *verdict; /* "regressed", "improved", "within_noise" or "no_change", as
                          * metrics.json spells it (static) */
} crit_results_change;

/* Compares baseline b against baseline a of the benchmark <root>/<dir> exactly as the runner
 * does under `bench --baseline a`: the harness's analysis of b's sample.json against a's,
 * with cfg's settings. Reads a's sample.json and estimates.json, then b's. Returns 0 (*out
 * filled); -CRIT_RESULTS_EPARSE when one of those files is missing, unreadable, damaged or
 * unusable (a sample of fewer than 2 measurements or without a positive time, a mean that is
 * not > 0), with err "<file path>: <what is wrong>" for the first such file;
 * -CRIT_RESULTS_EINVAL when the analysis refused the samples or cfg (err says so);
 * -CRIT_RESULTS_ENOMEM. On failure *out is untouched. Deterministic; costs about 0.15 s per
 * 100000 resamples of 100 measurements on 2 cores. The first call switches GSL's error
 * handler off for the whole process (libcrit checks every GSL status itself). */
int crit_results_compare(const char *root, const char *dir, const char *a, const char *b,
                         const crit_results_config *cfg, crit_results_change *out, char *err,
                         size_t errlen);

/* Writes a relative change as the console's change column does, unpadded: "+1.2345%",
 * "-0.5000%" (4/3/2/1/0 decimals below 10/100/1000/10000/above). At most len bytes including
 * the NUL; returns buf. Pure. */
char *crit_results_format_change(char *buf, size_t len, double fraction);

/* ---- command-line values ------------------------------------------------------------------ */

/* bench's own rules for numeric option values, so a tool accepts exactly what bench does.
 * crit_results_parse_double: the whole of s as a finite double in decimal notation (no blank,
 * no hex float, no trailing text). crit_results_parse_u64: the whole of s as a decimal unsigned integer that starts with
 * a digit (no sign, no blank) and fits in 64 bits. Each returns 0 with *out set, or -1 with
 * *out untouched. Pure. */
int crit_results_parse_double(const char *s, double *out);
int crit_results_parse_u64(const char *s, uint64_t *out);

/* ---- writing ------------------------------------------------------------------------------- */

/* Writes s to f as one CSV field (RFC 4180): as it is, or in double quotes (each '"' doubled)
 * when it holds a comma, a quote, CR or LF. The one rule of every CSV crit writes (the
 * --export-csv file, crit-history show --format csv). */
void crit_results_csv_field(FILE *f, const char *s);

/* Replaces `path` by len bytes of data atomically: they go to a new hidden temporary in the
 * same directory, which is then renamed over path, so a reader sees the old file or the whole
 * new one. An existing file's permission bits are kept (a new file gets 0666 minus the umask).
 * Not fsync'd (interrupt-safe, not crash-durable). Returns 0; -CRIT_RESULTS_EIO with err
 * "cannot create a temporary file beside <path>: <reason>" or "cannot write <path>:
 * <reason>" (the old file untouched, no temporary left); -CRIT_RESULTS_ENOMEM. */
int crit_results_write_atomic(const char *path, const void *data, size_t len, char *err,
                              size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
