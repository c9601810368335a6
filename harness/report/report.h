/* report.h: criterion.rs-style HTML reports: one page per benchmark with its plots (SVG files
 * written by svg.h, no gnuplot, no JavaScript), an index of every benchmark in the output
 * directory, and one summary page per group. Used by run/ (and report/). Never prints: errors are
 * returned with a message in err. Layout:
 *
 *   <out>/<dir>/report/index.html + its SVGs   crit_report_bench, after each analysis
 *   <out>/report/index.html                    crit_report_index, once at the end of a run
 *   <out>/<group>/report/index.html + SVGs     crit_report_index (groups of benchmarks) */
#ifndef CRIT_REPORT_H
#define CRIT_REPORT_H

#include <stddef.h>

#include "model.h"

/* Writes one benchmark's report into <out_dir>/<id->directory_name>/report/ (created with its
 * parents): index.html and the SVGs it shows:
 *   pdf.svg                 density of the per-iteration times, points coloured by outlier
 *                           class, mean, Tukey fences;
 *   regression.svg          (Linear) total time vs iterations, slope and its interval, or
 *   iteration_times.svg     (Flat) per-iteration time of each sample;
 *   mean.svg median.svg std_dev.svg median_abs_dev.svg (+ slope.svg in Linear mode)
 *                           bootstrap distributions, only when a->dist was kept
 *                           (crit_analysis_config.keep_distributions);
 *   both.svg                when a->compared and base is given: both densities overlaid;
 *   change_mean.svg change_median.svg   when a->compared and a->dist was kept.
 * The page also has the "Additional statistics" table (slope, R^2, throughput when id has
 * one, mean, std dev, median, MAD), the outlier counts and, when a->compared, the change
 * table and the console's verdict sentence. Its links are relative (back to
 * <out_dir>/report/index.html and to the group page), so the tree can be moved or served.
 *
 * s and a are the sample and its analysis (a->n == s->n, a->labels set); base is the baseline
 * sample a was compared with, or NULL; usage what the benchmark used besides wall time (a
 * "Resources" table: CPU time, allocations, a command's rusage), or NULL. Nothing is kept after
 * returning. Every file is written
 * atomically, the SVGs before the page; SVGs of an earlier run that this page no longer shows
 * are removed. A plot whose data are unusable (e.g. a change distribution without a finite
 * value) is left out of the page. Returns 0, -CRIT_EINVAL (missing or inconsistent input),
 * -CRIT_EIO or -CRIT_ENOMEM with a message in err (may be NULL). About 3 ms for 100 samples
 * with 100 000-draw distributions. */
int crit_report_bench(const char *out_dir, const crit_bench_id *id, const crit_sample *s,
                      const crit_analysis *a, const crit_sample *base, const crit_usage *usage,
                      char *err, size_t errlen);

/* Scans <out_dir> for benchmarks (every directory up to three levels deep that holds
 * new/benchmark.json; hidden directories, baselines, new/ and report/ folders are skipped),
 * reads their new/benchmark.json, new/sample.json and new/estimates.json, and writes:
 *   <out_dir>/report/index.html   every benchmark grouped by group id, each linking to its
 *        page; a parameterised group as a table (functions x values, values sorted
 *        numerically when they are all numbers, else lexically), a benchmark that cannot be
 *        read listed with the reason;
 *   <out_dir>/<group>/report/index.html + violin.svg (+ lines.svg) for every group that is
 *        not itself a lone benchmark: a violin per benchmark (density of its per-iteration
 *        times) and, when the values are numbers or the group has a throughput, the mean
 *        against the parameter, one line per function (log axes past two decades).
 * Every file is written atomically. Returns 0 (also for an empty or missing out_dir: the index
 * then lists nothing), -CRIT_EIO or -CRIT_ENOMEM with a message in err (may be NULL).
 * Cost: linear in the number of benchmarks and samples. */
int crit_report_index(const char *out_dir, char *err, size_t errlen);

/* The page of --measure instructions, <out>/<id>/instructions/report/index.html: the counts
 * per iteration, the change against the baseline (when `change` is not NULL) and flame.svg,
 * drawn from <out>/<id>/instructions/new/callgrind.out (a note replaces it when that cannot be
 * read). Returns 0, -CRIT_EIO or -CRIT_ENOMEM with err naming the file. */
int crit_report_instructions(const char *out_dir, const crit_bench_id *id,
                             const crit_instructions *in, const crit_change *change, char *err,
                             size_t errlen);

/* One counted benchmark of a --measure instructions run, for the index page. Borrowed. */
typedef struct crit_report_count {
    const crit_bench_id *id;
    double instructions;       /* per iteration */
    const crit_change *change; /* NULL: not compared */
} crit_report_count;

/* <out>/report/instructions.html: one bar per benchmark of the run (width on a log scale of
 * its instructions per iteration, the count beside it), its change against the baseline in
 * the verdict's colour, and a link to its page. Returns 0, -CRIT_EIO or -CRIT_ENOMEM (err). */
int crit_report_instructions_index(const char *out_dir, const crit_report_count *c, size_t n,
                                   char *err, size_t errlen);

#endif
