/* measure.h: the measurement end of the pipeline: the clock, the bencher's timing loops,
 * criterion's warm-up, sampling plans and quick mode. Produces raw crit_samples; never prints,
 * never uses GSL or cJSON. */
#ifndef CRIT_MEASURE_H
#define CRIT_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "allocs.h"
#include "crit.h"
#include "model.h"

/* What the timed regions used besides wall time, summed over the calls since the last
 * crit_measure_usage_reset (the end of warm-up): see crit_usage for what each means. */
typedef struct crit_usage_tally {
    double iters;       /* iterations of the calls summed here */
    double cpu_ns;      /* process CPU time inside the timed regions */
    bool cpu_unknown;   /* a call's work was timed elsewhere (custom timer, command) */
    bool allocs_missed; /* counting was asked for but a call could not count (custom, command) */
    crit_alloc_tally allocs;
    double child_runs, child_user_ns, child_sys_ns;
    double child_max_rss_kib;
} crit_usage_tally;

struct crit_bencher {
    uint64_t iters;    /* iterations the current call must run */
    double elapsed_ns; /* time the iter routine measured in this call */
    double wall_ns;    /* wall time of the whole call, setup included (criterion's
                                elapsed_time): what warm-up sizes the samples with */
    uint64_t t0;       /* CRIT_ITER's start reading */
    int calls;         /* iter routines run in this call (must end up exactly 1) */
    bool failed;
    bool skipped;            /* failed through crit_bencher_skip: not an error of the run */
    bool count_instructions; /* --measure instructions: the timed regions switch callgrind's
                                collection on and off (no-ops outside valgrind); custom-timer
                                and command benchmarks skip themselves */
    bool count_allocs;       /* the timed regions count allocations (allocs.h) */
    char message[512];       /* why it failed or was skipped */
    crit_extra_metrics metrics;
    uint64_t cpu0;          /* CRIT_ITER's start reading of the CPU clock */
    crit_usage_tally usage; /* summed by the timing loops */
};

/* Whether this build has callgrind's client requests (<valgrind/callgrind.h> was found). */
bool crit_measure_instructions_supported(void);
/* Under callgrind (--instr-atstart=no): switches instrumentation on. No-op natively. */
void crit_measure_instructions_start(void);
/* Under callgrind: writes the counters collected so far to a new dump file (named by `what`)
 * and zeroes them. No-op natively. */
void crit_measure_instructions_dump(const char *what);

/* CLOCK_MONOTONIC in integer ns. */
uint64_t crit_clock_ns(void);

/* CLOCK_PROCESS_CPUTIME_ID (every thread of this process) in integer ns. */
uint64_t crit_cpu_clock_ns(void);

/* Forgets the usage summed so far (the warm-up's), so what follows is the measurement's. */
void crit_measure_usage_reset(crit_bencher *b);
/* The usage summed since the last reset, per iteration (zeroed, has_* false, when nothing was
 * measured). Allocation counts only when b->count_allocs and this build counts. */
void crit_measure_usage(const crit_bencher *b, crit_usage *out);

/* Resets b for a run (keeps nothing from earlier runs except metrics). */
void crit_bencher_reset(crit_bencher *b);

/* Runs fn(b, arg) once for `iters` iterations. Returns 0 with *ns = measured time, or
 * -CRIT_EBENCH with b->message set (benchmark failed, or did not call one iter routine). */
int crit_measure_once(crit_bencher *b, crit_bench_fn fn, void *arg, uint64_t iters, double *ns);

/* criterion's warm-up: 1, 2, 4, ... iterations until the calls' wall time adds up to more than
 * `warm_up_ns`. On success *met is that wall time per iteration (ns), so untimed setup in
 * batched or custom benchmarks still counts towards the measurement time, as in criterion. */
int crit_measure_warm_up(crit_bencher *b, crit_bench_fn fn, void *arg, double warm_up_ns,
                         double *met);

/* Iteration counts for n samples (criterion's ActualSamplingMode::iteration_counts): fills
 * s->iters (s must hold n entries) and s->mode, returns the expected total time in ns. When the
 * target cannot be met, writes criterion's "Unable to complete ..." warning into warning
 * (empty otherwise). Pure. */
double crit_plan_samples(double met, size_t n, double target_ns, crit_sampling_mode mode,
                         crit_sample *s, char *warning, size_t wlen);

/* Progress callback for sampling: called after each sample (done of total). */
typedef void (*crit_progress_fn)(size_t done, size_t total, void *ctx);

/* Runs the planned samples, filling s->times. */
int crit_measure_samples(crit_bencher *b, crit_bench_fn fn, void *arg, crit_sample *s,
                         crit_progress_fn progress, void *ctx);

/* criterion's --quick: doubles n until two consecutive measurements agree within
 * `target_rel_stdev` (after at least 100 ms) or max_ns has passed. Produces a 2-point Linear
 * sample (or Flat when a single run already took max_ns). s must be uninitialised. */
int crit_measure_quick(crit_bencher *b, crit_bench_fn fn, void *arg, double max_ns,
                       double target_rel_stdev, crit_sample *s);

#endif
