/* runner.h: the runner's state, shared by the files of run/ that carry out one part of a run
 * (runner.c: the sequence; serve.c: OLD's side of the paired protocol; paired.c: NEW's side;
 * group_compare.c: the members of a compared group). Private to run/. */
#ifndef CRIT_RUNNER_H
#define CRIT_RUNNER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "context.h"
#include "model.h"
#include "options.h"
#include "peer.h"
#include "run_output.h"
#include "serve.h"

struct crit_runner {
    crit_options opt;
    regex_t re;
    bool has_re;
    crit_console con;
    crit_context ctx;
    size_t nmatched, nfailed, nregressed, nskipped;
    size_t nelsewhere;      /* selected by the filter but in another shard (--shard K/N) */
    crit_run_output output; /* records behind the exports and JSON messages */
    crit_peer peer;         /* OLD under --against (itself under --aa); pid 0 otherwise */
    crit_serve serve;       /* the protocol under --serve */
    bool allocs_warned;     /* --count-allocs is not available here: said once (usage.c) */
};

/* A benchmark registered in a compared group, waiting for crit_group_finish. */
typedef struct crit_member {
    crit_bench_id id;
    crit_bench_fn fn;
    void *arg;
    void *owned; /* freed with the member (a command benchmark's copied argv), or NULL */
} crit_member;

struct crit_group {
    crit_runner *r;
    char *id;
    crit_settings settings;
    unsigned set; /* CRIT_SET_* given by the group */
    crit_throughput tp;
    size_t first_record;  /* r->output.n when the group opened */
    size_t nregistered;   /* benchmarks registered so far */
    char *compare_to;     /* crit_group_compare's baseline id, or NULL */
    crit_member *members; /* registered under crit_group_compare, run at crit_group_finish */
    size_t nmembers, cap;
};

/* A benchmark failed: reported and counted (the run exits 1). */
void crit_runner_fail_bench(crit_runner *r, const char *id, const char *why);
/* Whether this run writes HTML reports: unless --noplot, and never for a re-analysis
 * (--load-baseline) that writes no files. */
bool crit_runner_wants_report(const crit_runner *r);
/* A benchmark that failed or skipped itself (b->message): only a failure counts. */
void crit_runner_end_bench(crit_runner *r, const char *id, const crit_bencher *b);

/* Whether the filter (FILTER, --exact) selects full_id. */
bool crit_runner_matches(const crit_runner *r, const char *full_id);
/* The group's settings: defaults, then the group's, then what the command line gave. */
crit_settings crit_group_settings(const crit_group *g);
/* Loads the baseline sample to compare a benchmark with (--baseline, --save-baseline, ...):
 * 1 loaded into *base, 0 nothing to compare with (*damaged set when it was unreadable), -1
 * the benchmark must fail (already reported). */
int crit_runner_load_base(crit_runner *r, const crit_bench_id *id, crit_sample *base,
                          bool *damaged);
/* A measured benchmark's analysis, console block, files, HTML page, saved baseline and export
 * record, as for every benchmark. With metrics->relative.used (a compared group's member) the
 * console block carries the ratio line and the record the ratio. With `paired` (NEW --against
 * OLD) that change replaces a baseline comparison: base (OLD's rounds) only feeds the report's
 * plots, and `rounds` (may be NULL) is written beside change/ as change/paired.json. Under
 * --against and --aa no baseline is saved. The files (page, new/, change/, rounds, baseline)
 * are written under the benchmark's lock (bench_lock.h). Returns 0 when the benchmark's files
 * were written, -1 when they were not (the benchmark failed and was reported, or a
 * --load-baseline re-analysis writes none); a failure after the files (a saved baseline, the
 * rounds) is reported but still returns 0. */
int crit_runner_finish_bench(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                             const crit_sample *s, const crit_sample *base,
                             const crit_extra_metrics *metrics, const crit_context *ctx,
                             const crit_change *paired, const crit_paired_rounds *rounds);

#endif
