/* run_output.h: what a run produces beyond each benchmark's files: the records behind the
 * exports (--export-markdown/-csv/-gbench-json), cargo-criterion's JSON messages
 * (--message-format json), and the once-per-run warning about CPU steal. Owned by the runner. */
#ifndef CRIT_RUN_OUTPUT_H
#define CRIT_RUN_OUTPUT_H

#include <stdio.h>

#include "export.h"
#include "options.h"

typedef struct crit_run_output {
    crit_run_record *recs; /* every benchmark analysed in this run, in order */
    size_t n, cap;
    size_t nstolen;   /* benchmarks that lost more than CRIT_STEAL_WARN_PERCENT to steal */
    double max_steal; /* the largest steal seen, percent */
} crit_run_output;

/* Records an analysed benchmark. Returns 0 or -CRIT_ENOMEM. */
int crit_run_output_add(crit_run_output *o, const crit_bench_id *id, const crit_sample *s,
                        const crit_analysis *a);
/* Records a --measure instructions benchmark (change NULL: not compared). 0 or -CRIT_ENOMEM. */
int crit_run_output_add_instructions(crit_run_output *o, const crit_bench_id *id,
                                     const crit_instructions *in, const crit_change *change);
void crit_run_output_fini(crit_run_output *o);
/* Gives the last record its ratio to its compared group's baseline member (for the exports and
 * its JSON message). No-op without records. */
void crit_run_output_set_relative(crit_run_output *o, const crit_relative *rel);
/* Gives the last record the metrics and settings its benchmark reported and what it used
 * besides wall time (CPU time, allocation counts, a command's rusage), for the exports and
 * --record. No-op without records. */
void crit_run_output_set_metrics(crit_run_output *o, const crit_extra_metrics *m);

/* Notes the steal seen during benchmark `title`. Returns a warning line (without "warning: ")
 * in buf the first time a run crosses CRIT_STEAL_WARN_PERCENT, "" otherwise. */
const char *crit_run_output_steal(crit_run_output *o, const char *title, double steal_percent,
                                  char *buf, size_t len);

/* Prints the benchmark-complete message of the last record, or the group-complete message of
 * records [first, n), as one line on f (--message-format json). Returns 0 or -CRIT_ENOMEM. */
int crit_run_output_message_last(const crit_run_output *o, const char *out_dir, FILE *f);
int crit_run_output_message_group(const crit_run_output *o, const char *group_id, size_t first,
                                  const char *out_dir, FILE *f);

/* Writes every export the options ask for, each atomically. Returns 0, or the first error
 * (-CRIT_EIO, -CRIT_ENOMEM) with err naming the file; the other exports are still written. */
int crit_run_output_export(const crit_run_output *o, const crit_options *opt,
                           const crit_context *ctx, const char *executable, char *err,
                           size_t errlen);

/* --record: appends the run's records to the history database (crit_options_record_path),
 * with ctx and the program name. Writes the run id to run_id (len >= 96; "" when there was
 * nothing to record). Returns 0 or a -CRIT_HISTORY_* error with err naming the file. */
int crit_run_output_record(const crit_run_output *o, const crit_options *opt,
                           const crit_context *ctx, const char *executable, char *run_id,
                           size_t len, char *err, size_t errlen);

#endif
