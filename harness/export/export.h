/* export.h: a run's results in other tools' formats: Markdown and CSV tables
 * (--export-markdown, --export-csv), Google Benchmark's JSON (--export-gbench-json) and
 * cargo-criterion's JSON messages (--message-format json). Pure text builders over run
 * records; the runner writes the files (atomically) and prints the messages. */
#ifndef CRIT_EXPORT_H
#define CRIT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* One analysed benchmark of this run. Owns copies of its id and sample. */
typedef struct crit_run_record {
    crit_bench_id id;
    crit_sample sample;
    crit_estimates est;
    double cv;
    bool compared;
    crit_change change;
    crit_relative relative; /* used: a compared group's member against its baseline member */
    bool has_instructions;  /* a --measure instructions record: instructions (and change when
                               compared) hold it; sample and est are empty */
    crit_instructions instructions;
    double p50, p90, p95, p99; /* percentiles of per-iteration times (ns), from the analysis */
    /* What the benchmark reported and ran with (crit_run_output_set_metrics; history records
     * them): its per-iteration metrics (allocs_per_iter, ...) and its resolved settings. */
    size_t nmetrics;
    char metric_name[CRIT_MAX_EXTRA_METRICS][32];
    double metric_value[CRIT_MAX_EXTRA_METRICS];
    bool has_settings;
    crit_settings settings;
    crit_usage usage; /* CPU time, allocation counts, a command's rusage (set by the runner) */
} crit_run_record;

/* Copies what the exports need from an analysed benchmark (relative unused; the runner sets
 * it for a compared group's member). Returns 0 or -CRIT_ENOMEM (then *rec is left empty and
 * safe to fini). */
int crit_record_init(crit_run_record *rec, const crit_bench_id *id, const crit_sample *s,
                     const crit_analysis *a);
void crit_record_fini(crit_run_record *rec);
/* A --measure instructions record: the id, the counts and the change (NULL: not compared).
 * Returns 0 or -CRIT_ENOMEM (then *rec is left empty). */
int crit_record_init_instructions(crit_run_record *rec, const crit_bench_id *id,
                                  const crit_instructions *in, const crit_change *change);

/* Each builder returns a malloc'd NUL-terminated text the caller frees, or NULL when out of
 * memory. n may be 0 (a header or an empty list only). */

/* A Markdown table: benchmark | lower | estimate | upper (the time line's numbers: slope in
 * Linear mode, else mean) | throughput at the estimate | change of the mean and verdict when
 * compared. Times formatted like the console; '|' in ids escaped. When any record has a
 * relative ratio (crit_group_compare), one more column, "relative (paired)": "vs <baseline
 * id>: 1.27x slower [1.25x 1.29x]" (relative.h's wording), "-" for the others; without one the
 * table is exactly as before. */
char *crit_export_markdown(const crit_run_record *recs, size_t n);
/* For a --measure instructions run (the records have has_instructions) the Markdown table is
 * benchmark | instructions | L1 misses | LL misses | est. cycles (per iteration; "-" without
 * --cache-sim) | change and verdict, and the CSV id,instructions,l1_misses,ll_misses,
 * estimated_cycles,change (the change a fraction, empty when not compared); crit_export_markdown
 * and crit_export_csv choose this form when their first record is one. */

/* CSV (RFC 4180, header row first): id,mean,lower,upper,median,std_dev,cv,unit,throughput,
 * throughput_unit. Times in ns (unit "ns"), numbers in the shortest exact form; throughput is
 * the rate at the mean (per second) with its unit ("elements/s", "bytes/s", "bits/s"), both
 * empty without throughput. When any record has a relative ratio, four more columns:
 * relative_to,ratio,ratio_lower,ratio_upper (this benchmark's time / relative_to's, from the
 * paired rounds), empty for the others; without one the text is exactly as before. */
char *crit_export_csv(const crit_run_record *recs, size_t n);

/* Google Benchmark's JSON: {"context":{...},"benchmarks":[...]} with one "iteration" run per
 * benchmark (name, run_name, run_type, repetitions, repetition_index, threads, iterations,
 * real_time and cpu_time = the mean in ns (crit measures wall time only), time_unit "ns", and
 * items_per_second or bytes_per_second from the throughput), so its compare.py and CI
 * trackers read our runs. executable is argv[0]. */
char *crit_export_gbench_json(const crit_run_record *recs, size_t n, const crit_context *ctx,
                              const char *executable);

/* cargo-criterion's "benchmark-complete" message, one line without the newline. A compared
 * group's member (relative.used) also carries "relative": {"to": id, "ratio": {"estimate",
 * "lower_bound", "upper_bound", "unit": "ratio"}, "rounds": N, "p_value": p}. */
char *crit_export_message_benchmark(const crit_run_record *rec, const char *out_dir);
/* cargo-criterion's "group-complete" message for the group's benchmarks of this run. */
char *crit_export_message_group(const char *group_id, const crit_run_record *recs, size_t n,
                                const char *out_dir);

#endif
