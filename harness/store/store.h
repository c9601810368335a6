/* store.h: the results store: every JSON file under <out>/<id>/ (criterion.rs's layout plus
 * our metrics.json), encoded and decoded with cJSON, written atomically. Used by store/, measure/, report/, results/, run/.
 * The layout and keys are described in docs/results-format.md. */
#ifndef CRIT_STORE_H
#define CRIT_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "sample.h"

#define CRIT_METRICS_SCHEMA_VERSION 1

/* metrics.json (ours). Doubles that may legitimately be undefined are NaN here and null in
 * the file: r_squared (Flat sampling), t_value (both samples without variance) and the extra
 * metrics. Everything else must be finite. */
typedef struct crit_metrics {
    double cv;                    /* std_dev / mean, point estimates */
    double p50, p90, p95, p99;    /* per-iteration time percentiles, ns */
    double r_squared;             /* NaN <-> null */
    crit_outlier_counts outliers; /* not_outlier is derived: samples minus the four others */
    size_t samples;
    crit_extra_metrics extra; /* written as top-level "name": value pairs, in order */
    bool compared;            /* t_value, p_value and verdict are present */
    double t_value;           /* NaN <-> null */
    double p_value;
    crit_verdict verdict;
    crit_context context;
} crit_metrics;

/* Whether key is one of the context block's own keys (date, host, ..., steal_percent), which
 * a benchmark's context facts may not use. */
bool crit_store_is_run_context_key(const char *key);

/* Fills *out from an analysis, the benchmark's extra metrics (NULL for none) and the run's
 * context. Pure; borrows nothing after returning. */
void crit_store_metrics_from(crit_metrics *out, const crit_analysis *a, const crit_extra_metrics *m,
                             const crit_context *ctx);

/* ---- pure codecs --------------------------------------------------------------------------
 * Encoders build the file's compact JSON text in *out (malloc'd, NUL-terminated, no trailing
 * newline; the caller frees it with free()). Numbers are printed with the fewest of 15, 16 or
 * 17 significant digits that read back bit-identical (cJSON's own printer accepts a 1-ulp
 * error), so every value round-trips exactly. An encoder refuses what its decoder would
 * refuse: it returns -CRIT_EINVAL with err naming the file and the field (a non-finite value,
 * an empty sample, a reserved or duplicate metric name, ...), or -CRIT_ENOMEM.
 *
 * Decoders read `len` bytes of `json` (need not be NUL-terminated) and validate them
 * strictly: invalid or trailing text, a missing key, a wrong type, a non-finite number, a
 * value out of range -> -CRIT_EPARSE with err "<name>: <what is wrong>", where `name` is the
 * file path used in messages. Unknown extra keys are ignored except in metrics.json (where
 * they are the extra metrics). On failure the output is left zeroed (safe to _fini); on
 * success the caller owns it (crit_bench_id_fini / crit_sample_fini where applicable). */

/* benchmark.json <-> crit_bench_id (all strings copied). The decoder also checks that
 * directory_name is a relative path without empty, "." or ".." parts. */
int crit_store_encode_benchmark(const crit_bench_id *id, char **out, char *err, size_t errlen);
int crit_store_decode_benchmark(const char *json, size_t len, const char *name, crit_bench_id *out,
                                char *err, size_t errlen);

/* sample.json <-> crit_sample: n >= 1 pairs, every iters[i] > 0, every times[i] >= 0. */
int crit_store_encode_sample(const crit_sample *s, char **out, char *err, size_t errlen);
int crit_store_decode_sample(const char *json, size_t len, const char *name, crit_sample *out,
                             char *err, size_t errlen);

/* estimates.json <-> crit_estimates ("slope" is null exactly when !has_slope; the decoder
 * zeroes slope then). */
int crit_store_encode_estimates(const crit_estimates *e, char **out, char *err, size_t errlen);
int crit_store_decode_estimates(const char *json, size_t len, const char *name, crit_estimates *out,
                                char *err, size_t errlen);

/* tukey.json <-> crit_fences: [low_severe, low_mild, high_mild, high_severe]. */
int crit_store_encode_tukey(const crit_fences *f, char **out, char *err, size_t errlen);
int crit_store_decode_tukey(const char *json, size_t len, const char *name, crit_fences *out,
                            char *err, size_t errlen);

/* change/estimates.json <-> the mean and median of a crit_change (the decoder zeroes the
 * other fields: the test statistics live in metrics.json). */
int crit_store_encode_change(const crit_change *c, char **out, char *err, size_t errlen);
int crit_store_decode_change(const char *json, size_t len, const char *name, crit_change *out,
                             char *err, size_t errlen);

/* metrics.json <-> crit_metrics. schema_version must be CRIT_METRICS_SCHEMA_VERSION. Extra
 * metric names must be 1..31 bytes, unique, and not one of our keys. Integers (counts, cores,
 * seed) are written exactly but read through a double, so a seed above 2^53 reads back
 * rounded. */
int crit_store_encode_metrics(const crit_metrics *m, char **out, char *err, size_t errlen);
int crit_store_decode_metrics(const char *json, size_t len, const char *name, crit_metrics *out,
                              char *err, size_t errlen);

/* ---- files --------------------------------------------------------------------------------- */

/* Writes one benchmark's results under <out_dir>/<id->directory_name>/:
 *   new/{benchmark,sample,estimates,tukey,metrics}.json  (prepared in a hidden temporary
 *       directory and swapped in as a whole, so new/ always describes exactly one run),
 *   estimates.json   (the flat copy of new/estimates.json),
 *   change/estimates.json when a->compared, otherwise any stale one is removed (and change/
 *       with it when empty); a stale change/paired.json is always removed.
 * Every file is written atomically; all encoding happens before anything is written. m may be
 * NULL (no extra metrics); id, s, a and ctx are required and only read. Returns 0,
 * -CRIT_EINVAL (a value that cannot be stored; nothing written), -CRIT_EIO or -CRIT_ENOMEM,
 * with err naming the file. */
int crit_store_write(const char *out_dir, const crit_bench_id *id, const crit_sample *s,
                     const crit_analysis *a, const crit_extra_metrics *m, const crit_context *ctx,
                     char *err, size_t errlen);

/* Writes <out>/<id>/change/paired.json (atomically): the rounds of a paired comparison,
 * {"method": "paired", "against": ..., "iters": N, "first": "new on even rounds",
 * "new": [ns...], "old": [ns...]}. Call after crit_store_write with the paired change.
 * Returns 0, -CRIT_EINVAL (a time not finite), -CRIT_EIO or -CRIT_ENOMEM with err naming the
 * file. */
int crit_store_write_paired(const char *out_dir, const crit_bench_id *id,
                            const crit_paired_rounds *pr, char *err, size_t errlen);

/* The measurement directory beside a benchmark's time files: <out>/<id>/instructions/ holds
 * new/, change/ and baselines of instruction counts in the same layout, so time and
 * instruction baselines never overwrite each other. Not a valid baseline name. */
#define CRIT_STORE_INSTRUCTIONS "instructions"

/* Writes <bench_dir>/change/estimates.json from `text` (an encoded change), or, with text NULL,
 * removes a stale one (and change/ when left empty); a stale change/paired.json is always
 * removed. One rule for the time files and the instruction files. Returns 0, -CRIT_EIO or
 * -CRIT_ENOMEM with err naming the file. */
int crit_store_write_change_file(const char *bench_dir, const char *text, char *err, size_t errlen);

/* Writes <out>/<id>/instructions/new/ as a whole (a temporary directory swapped in):
 * instructions.json (the counts) and, when callgrind_file is not NULL, a copy of it as
 * callgrind.out (for callgrind_annotate and kcachegrind); then change/estimates.json when
 * `change` is not NULL, else removes a stale one. Returns 0, -CRIT_EINVAL (a value that cannot
 * be stored), -CRIT_EIO or -CRIT_ENOMEM with err naming the file. */
int crit_store_write_instructions(const char *out_dir, const crit_bench_id *id,
                                  const crit_instructions *in, const crit_change *change,
                                  const char *callgrind_file, char *err, size_t errlen);
/* Loads <out>/<id>/instructions/<baseline>/instructions.json. -CRIT_ENOENT when missing,
 * -CRIT_EPARSE when damaged (err names the file). */
int crit_store_load_instructions(const char *out_dir, const crit_bench_id *id, const char *baseline,
                                 crit_instructions *out, char *err, size_t errlen);
/* Saves <out>/<id>/instructions/new as baseline `baseline` with crit_store_save_baseline's
 * rules (force: crit_store_force_save_baseline's), where a wholly valid instruction baseline
 * is a directory whose instructions.json decodes. */
int crit_store_save_instructions_baseline(const char *out_dir, const crit_bench_id *id,
                                          const char *baseline, bool force, char *err,
                                          size_t errlen);

/* The longest baseline name: the 255 bytes of a Linux file name less the 40 that crit's
 * hidden temporaries add to it (".<name>.tmp.<pid>.<n>"); crit_store_preflight also checks
 * the output directory's real limit. */
#define CRIT_STORE_NAME_RESERVE 40
#define CRIT_STORE_BASELINE_NAME_MAX (255 - CRIT_STORE_NAME_RESERVE)

/* NULL when `baseline` can name a baseline directory for saving: a usable name (names.h:
 * non-empty UTF-8 without control characters) of at most CRIT_STORE_BASELINE_NAME_MAX bytes,
 * no '/', not starting with '.' (our temporaries are hidden), and not one of the names the
 * layout uses itself: "new", "change", "report", "instructions". Otherwise what is wrong, as
 * a phrase ("is empty", "contains '/' ..."), static or written into buf (cap >= 96). */
const char *crit_store_baseline_name_problem(const char *baseline, char *buf, size_t cap);

/* crit_store_baseline_name_problem(baseline, ...) == NULL. */
bool crit_store_baseline_name_ok(const char *baseline);

/* Run before measuring anything: out_dir, or when it does not exist yet the nearest existing
 * parent it would be created in, is a directory this process can write; and when save_as is
 * not NULL (the baseline this run will save), the name plus CRIT_STORE_NAME_RESERVE fits that
 * directory's file-name limit (pathconf NAME_MAX). Creates and writes nothing. Returns 0,
 * -CRIT_EIO (not a directory, not writable) or -CRIT_EINVAL (path or name too long), with a
 * message naming out_dir in err. */
int crit_store_preflight(const char *out_dir, const char *save_as, char *err, size_t errlen);

/* Whether <out_dir>/<dir>/<baseline> is a wholly valid baseline (docs/results-format.md,
 * "Baseline names"): a directory (not a symbolic link) whose benchmark.json, sample.json,
 * estimates.json and tukey.json exist and decode with the strict decoders, whose
 * metrics.json decodes when present, and whose files agree: benchmark.json names this
 * benchmark, the sample is usable (crit_sample_usable), the mean estimate is the sample's
 * mean (to 1e-9, relative), slope is null exactly for a Flat sample, and metrics.json counts
 * the sample's measurements. Other entries are ignored. Reads only. Returns 0 when wholly
 * valid; -CRIT_ENOENT when nothing is there; -CRIT_EPARSE when something is but not a wholly
 * valid baseline (err: "<path>: <what is wrong>"); -CRIT_EINVAL for a name
 * crit_store_baseline_name_ok refuses; -CRIT_EIO; -CRIT_ENOMEM. */
int crit_store_check_baseline(const char *out_dir, const crit_bench_id *id, const char *baseline,
                              char *err, size_t errlen);

/* Copies <out_dir>/<dir>/new/ to <out_dir>/<dir>/<baseline>/ as a whole: the copy is built
 * beside it and swapped in atomically, so an interruption leaves the old baseline or the new
 * one, never a mix. Only a missing or wholly valid baseline (crit_store_check_baseline) is
 * replaced. Not safe against a concurrent writer of the same benchmark: hold its lock
 * (lock.h) around crit_store_write and this. Returns 0; -CRIT_EINVAL for a name
 * crit_store_baseline_name_ok refuses; -CRIT_EPARSE when what is at that name is not a
 * wholly valid baseline (err names the file and what is wrong; nothing changed);
 * -CRIT_ENOENT when new/ does not exist; -CRIT_EIO / -CRIT_ENOMEM (old baseline intact). */
int crit_store_save_baseline(const char *out_dir, const crit_bench_id *id, const char *baseline,
                             char *err, size_t errlen);

/* Reads the whole results file `path` under the loaders' rules (crit_results.h): a regular
 * file only, opened without blocking, at most crit_store_file_limit(path) bytes. The contract
 * of crit_fs_read_file_max otherwise. Every loader of a results file reads through this. */
size_t crit_store_file_limit(const char *path);
int crit_store_read_file(const char *path, char **out, size_t *len_out, char *err, size_t errlen);
/* crit_store_read_file with another limit (crit_results_read_file's contract). */
int crit_store_read_file_max(const char *path, size_t limit, char **out, size_t *len_out, char *err,
                             size_t errlen);

/* crit_store_save_baseline without the check (--force-save-baseline): replaces whatever is at
 * that name (a damaged baseline, a file, a symbolic link, which is replaced, never
 * followed), as a whole. The same returns, without -CRIT_EPARSE. */
int crit_store_force_save_baseline(const char *out_dir, const crit_bench_id *id,
                                   const char *baseline, char *err, size_t errlen);

/* Read <out_dir>/<dir>/<baseline>/{sample,estimates,metrics}.json (baseline "new" reads the
 * latest run). Never modify anything. Return 0 (caller owns *out: crit_sample_fini for a
 * sample); -CRIT_ENOENT when the baseline directory or file does not exist; -CRIT_EPARSE when
 * the file is corrupt, truncated or not ours (err names the file path); -CRIT_EINVAL for a
 * baseline name that is empty, ".", ".." or contains '/'; -CRIT_EIO; -CRIT_ENOMEM. */
int crit_store_load_sample(const char *out_dir, const crit_bench_id *id, const char *baseline,
                           crit_sample *out, char *err, size_t errlen);
int crit_store_load_estimates(const char *out_dir, const crit_bench_id *id, const char *baseline,
                              crit_estimates *out, char *err, size_t errlen);
int crit_store_load_metrics(const char *out_dir, const crit_bench_id *id, const char *baseline,
                            crit_metrics *out, char *err, size_t errlen);

#endif
