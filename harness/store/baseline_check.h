/* baseline_check.h: private to store/: what makes a saved baseline "wholly valid", and the
 * save that replaces a baseline only when it is (or when forced). The time files' check is
 * here; the instruction counts bring their own (store_instructions.c). */
#ifndef CRIT_BASELINE_CHECK_H
#define CRIT_BASELINE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Checks the existing baseline directory `dir` of the benchmark stored under
 * `directory_name`. Returns 0 when wholly valid, -CRIT_EPARSE with "<file>: <what is wrong>"
 * in err when not, -CRIT_ENOMEM. */
typedef int (*crit_baseline_check_fn)(const char *dir, const char *directory_name, char *err,
                                      size_t errlen);

/* The time files' check (docs/results-format.md, "Baseline names"): benchmark.json,
 * sample.json, estimates.json and tukey.json present and decoding strictly, metrics.json
 * decoding when present, the sample usable, benchmark.json naming this benchmark, the mean
 * estimate equal to the sample's mean, slope null exactly for a Flat sample, metrics.json's
 * sample count equal to the sample's. */
int crit_store_check_time_files(const char *dir, const char *directory_name, char *err,
                                size_t errlen);

/* What is at <out_dir>/<directory_name>/<baseline>: 0 a wholly valid baseline (`check`
 * passes), -CRIT_ENOENT nothing, -CRIT_EPARSE something that is not (a file, a symbolic
 * link, a directory failing `check`; err says which file and why), -CRIT_EIO / -CRIT_ENOMEM.
 * Reads only. */
int crit_store_examine_baseline(const char *out_dir, const char *directory_name,
                                const char *baseline, crit_baseline_check_fn check, char *err,
                                size_t errlen);

/* Copies <out_dir>/<directory_name>/new to <baseline> as a whole (crit_fs_replace_dir) when
 * force is set or crit_store_examine_baseline finds nothing or a wholly valid baseline;
 * otherwise returns its -CRIT_EPARSE and changes nothing. The baseline name must already be
 * checked. Returns 0, -CRIT_EPARSE, -CRIT_ENOENT (no new/), -CRIT_EIO, -CRIT_ENOMEM. */
int crit_store_save_checked(const char *out_dir, const char *directory_name, const char *baseline,
                            crit_baseline_check_fn check, bool force, char *err, size_t errlen);

#endif
