/* model.h: the data that flows through libcrit's pipeline (sample -> analysis -> files).
 * Private to libcrit: core/, below every other module but stats/.
 * Plain structs, no behaviour; ownership rules are stated on each type. */
#ifndef CRIT_MODEL_H
#define CRIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crit.h"

/* Error codes returned (negated) by harness functions; 0 is success. */
enum {
    CRIT_OK = 0,
    CRIT_EIO = 1,    /* a file could not be read, written or renamed */
    CRIT_ENOMEM = 2, /* an allocation failed */
    CRIT_EPARSE = 3, /* a file is not the JSON we wrote (corrupt, truncated, wrong keys) */
    CRIT_EINVAL = 4, /* a caller passed something out of range (n < 2, level outside (0,1), ...) */
    CRIT_ENOENT = 5, /* the file or baseline does not exist */
    CRIT_EBENCH =
        6 /* the benchmark itself failed (command exit status, timeout, crit_bencher_fail) */
};

/* How the sample was actually collected (criterion's ActualSamplingMode). */
typedef enum { CRIT_MODE_LINEAR = 0, CRIT_MODE_FLAT = 1 } crit_actual_mode;

/* One benchmark's raw measurements: n pairs (iters[i], times[i]) with times as the total ns
 * spent on iters[i] iterations. Owns both arrays (crit_sample_init/_fini). */
typedef struct crit_sample {
    crit_actual_mode mode;
    size_t n;
    double *iters;
    double *times;
} crit_sample;

/* A benchmark's identity as stored in benchmark.json. All strings are owned (malloc'd);
 * function_id and value_str may be NULL. */
typedef struct crit_bench_id {
    char *group_id;
    char *function_id;
    char *value_str;
    crit_throughput throughput; /* kind CRIT_THROUGHPUT_NONE when absent */
    char *full_id;              /* group[/function][/value] */
    char *directory_name;       /* full_id with each part made file-safe */
    char *title;                /* same as full_id */
} crit_bench_id;

/* A bootstrapped estimate (criterion's Estimate). */
typedef struct crit_estimate {
    double point;
    double lower;
    double upper;
    double std_err;
    double confidence_level;
} crit_estimate;

/* estimates.json. slope is meaningful only when has_slope (Linear sampling). */
typedef struct crit_estimates {
    crit_estimate mean;
    crit_estimate median;
    crit_estimate median_abs_dev;
    crit_estimate slope;
    crit_estimate std_dev;
    bool has_slope;
} crit_estimates;

/* tukey.json: the four fences, in criterion's order. */
typedef struct crit_fences {
    double low_severe;
    double low_mild;
    double high_mild;
    double high_severe;
} crit_fences;

typedef enum {
    CRIT_OUTLIER_LOW_SEVERE = 0,
    CRIT_OUTLIER_LOW_MILD,
    CRIT_OUTLIER_NONE,
    CRIT_OUTLIER_HIGH_MILD,
    CRIT_OUTLIER_HIGH_SEVERE
} crit_outlier_label;

typedef struct crit_outlier_counts {
    size_t low_severe;
    size_t low_mild;
    size_t not_outlier;
    size_t high_mild;
    size_t high_severe;
} crit_outlier_counts;

/* criterion's four verdicts (change/ printing). */
typedef enum {
    CRIT_VERDICT_NO_CHANGE = 0, /* p >= significance */
    CRIT_VERDICT_IMPROVED,      /* mean change CI wholly below -noise */
    CRIT_VERDICT_REGRESSED,     /* mean change CI wholly above +noise */
    CRIT_VERDICT_WITHIN_NOISE   /* significant but the CI touches the noise band */
} crit_verdict;

/* How a change was measured: against a saved baseline (criterion's Welch t-test on the two
 * samples' means), or paired (NEW --against OLD: interleaved rounds, the median per-round log
 * ratio with a distribution-free interval and a sign test; docs/results-format.md). */
typedef enum { CRIT_CHANGE_BASELINE = 0, CRIT_CHANGE_PAIRED = 1 } crit_change_method;

/* change/estimates.json plus the test that decided the verdict. Fractions (0.05 = +5%).
 * Paired changes fill mean and median with the same ratio estimate and t_value with NaN. */
typedef struct crit_change {
    crit_estimate mean;
    crit_estimate median;
    double t_value;
    double p_value;
    double significance_level;
    double noise_threshold;
    crit_verdict verdict;
    crit_change_method method;
    size_t rounds; /* paired rounds behind the estimate (0 for a baseline comparison) */
} crit_change;

/* The rounds of a paired comparison (change/paired.json): round i ran `iters` iterations on
 * each side, NEW first when i is even, OLD first when odd; new_ns[i] and old_ns[i] are the
 * times each side measured. The arrays are borrowed from whoever measured them. */
typedef struct crit_paired_rounds {
    uint64_t iters;
    size_t n;
    const double *new_ns;
    const double *old_ns;
    const char *against; /* OLD's path as given */
} crit_paired_rounds;

/* One benchmark's instruction counts (--measure instructions), from two callgrind runs of
 * iters[0] and iters[1] iterations: per-iteration figures are the difference of the two counts
 * over the difference of the iteration counts, so set-up and loop entry cancel. */
typedef struct crit_instructions {
    uint64_t iters[2];
    double instructions;     /* Ir per iteration */
    bool cache_sim;          /* the three below are filled in (--cache-sim) */
    double l1_misses;        /* I1mr + D1mr + D1mw per iteration */
    double ll_misses;        /* ILmr + DLmr + DLmw per iteration */
    double estimated_cycles; /* Ir + 5 * L1 misses + 35 * LL misses (iai-callgrind's) */
} crit_instructions;

/* Settings of one analysis (all from the benchmark's resolved config). */
typedef struct crit_analysis_config {
    size_t nresamples;
    double confidence_level;
    double significance_level;
    double noise_threshold;
    uint64_t seed;
    /* Keep the bootstrap distributions in crit_analysis.dist for plotting (HTML reports);
     * false keeps nothing. Last, so positional initialisers only need a trailing `false`
     * (-Wextra warns when it is left out). The estimates do not depend on it. */
    bool keep_distributions;
} crit_analysis_config;

/* The bootstrap distributions behind the estimates, kept only when asked for
 * (crit_analysis_config.keep_distributions). Each non-NULL array holds `len` (= nresamples)
 * resampled statistics in an unspecified order (the interval computation partially reorders
 * them); all of them live in one block owned by the crit_analysis and freed by
 * crit_analysis_fini. Units as the estimates: ns per iteration, or fractions for the changes.
 * slope is NULL in Flat mode; change_mean and change_median are NULL unless compared; all are
 * NULL (len 0) when not kept. */
typedef struct crit_distributions {
    size_t len;
    double *mean;
    double *median;
    double *std_dev;
    double *median_abs_dev;
    double *slope;
    double *change_mean;
    double *change_median;
    double *block_; /* the allocation behind the arrays (analysis.c's business) */
} crit_distributions;

/* Everything analysis derives from a sample (and optionally a baseline sample).
 * labels has n entries (one crit_outlier_label per sample point), owned, as is dist; free with
 * crit_analysis_fini. */
typedef struct crit_analysis {
    crit_estimates est;
    crit_fences fences;
    crit_outlier_counts counts;
    unsigned char *labels;
    size_t n;
    double cv;                 /* std_dev / mean, point estimates */
    double p50, p90, p95, p99; /* percentiles of per-iteration times (ns) */
    double r2;                 /* R^2 of the slope fit (NaN in Flat mode) */
    double r2_lower, r2_upper; /* R^2 at the slope interval's bounds (NaN in Flat mode) */
    bool compared;             /* change is filled in */
    crit_change change;
    crit_distributions dist; /* all NULL unless cfg->keep_distributions */
} crit_analysis;

/* Settings of one benchmark, resolved from defaults, its group and the command line. */
typedef struct crit_settings {
    size_t sample_size;
    double warm_up_time;     /* seconds */
    double measurement_time; /* seconds */
    size_t nresamples;
    double confidence_level;
    double significance_level;
    double noise_threshold;
    crit_sampling_mode sampling_mode;
    double command_timeout;  /* seconds */
    double target_precision; /* --target-precision: stop once the CI is within +-this fraction
                                of the estimate (measurement_time is the ceiling); 0 = off */
    bool count_allocs;       /* --count-allocs / crit_group_count_allocs (not in settings JSON) */
} crit_settings;

/* What precision-based stopping achieved (--target-precision): the interval's half-width
 * over the estimate when sampling stopped, the samples (or paired rounds) and time it took,
 * and whether the measurement-time ceiling stopped it before the target was met. */
typedef struct crit_precision {
    bool used;
    double target;   /* the requested fraction, e.g. 0.01 */
    double achieved; /* (upper - lower) / 2 / point of the reported estimate */
    size_t samples;
    double time_s; /* seconds spent sampling (warm-up excluded) */
    bool ceiling;  /* the measurement time ran out first */
} crit_precision;

/* A built-in A/A control (bench --aa): the benchmark compared with itself `runs` times through
 * the paired path; any "regressed"/"improved" verdict is a false alarm. noise_floor is the
 * 95th percentile of |change| over the runs (a fraction): changes below it are not
 * distinguishable from noise on this machine. */
typedef struct crit_aa {
    bool used;
    size_t runs;
    size_t false_alarms; /* regressed or improved */
    size_t within_noise; /* "Change within noise threshold." (significant but small) */
    double noise_floor;
} crit_aa;

#define CRIT_MAX_EXTRA_METRICS 8
#define CRIT_MAX_EXTRA_CONTEXT 4
#define CRIT_MAX_FACT_LEN 4096 /* bytes of a context fact with its NUL: it may be a path */

/* A member of a compared group (crit_group_compare) relative to the group's baseline member,
 * from the same interleaved rounds: ratio = this member's time / the baseline's, the median
 * per-round ratio with its distribution-free interval (crit_analyze_paired's change plus 1;
 * std_err unused), the rounds behind it and the sign test's p. Written as metrics.json's
 * "relative" when used; ratio.confidence_level is the interval's requested level. */
typedef struct crit_relative {
    bool used;
    char to[CRIT_MAX_FACT_LEN]; /* the baseline member's full id */
    crit_estimate ratio;
    size_t rounds;
    double p_value;
} crit_relative;

/* What a benchmark used besides wall time, per iteration over its measured samples (warm-up
 * excluded); each group is written to metrics.json only when measured (docs/results-format.md,
 * "CPU time, allocations and child resources"). For the history module and any other reader,
 * these are the fields to pick up.
 *  - cpu: process CPU time (CLOCK_PROCESS_CPUTIME_ID, every thread of this process) read around
 *    each timed region: the total over the samples divided by their iterations. Not measured for
 *    custom-timer benchmarks (their work may be elsewhere).
 *  - allocs (--count-allocs, crit_group_count_allocs): calls of the malloc family, frees and
 *    requested bytes inside the timed regions, on the benchmark's thread (allocs.h's rules).
 *  - child (command benchmarks): the commands' user and system CPU per run (mean) and the
 *    largest peak resident set size of any run, from wait4's rusage. */
typedef struct crit_usage {
    bool has_cpu;
    double cpu_time; /* ns per iteration */
    bool has_allocs;
    double allocs, frees, bytes; /* per iteration */
    bool has_child;
    double child_user_time, child_sys_time; /* ns per run (= per iteration) */
    double child_max_rss_kib;               /* KiB, the largest over the runs */
} crit_usage;

/* What one benchmark adds to metrics.json beyond its analysis: the per-iteration metrics it
 * reported (allocs_per_iter, ...), facts it added to the context block (crit_bencher_context:
 * the version of an external program it measured, ...), and the settings it ran with. */
typedef struct crit_extra_metrics {
    size_t n;
    char name[CRIT_MAX_EXTRA_METRICS][32];
    double value[CRIT_MAX_EXTRA_METRICS];
    size_t ncontext;
    char context_key[CRIT_MAX_EXTRA_CONTEXT][32];
    char context_value[CRIT_MAX_EXTRA_CONTEXT][CRIT_MAX_FACT_LEN];
    bool has_settings; /* settings is filled in (written as metrics.json's "settings") */
    crit_settings settings;
    crit_precision precision; /* written as "precision" when precision.used */
    crit_aa aa;               /* written as "aa" when aa.used */
    crit_relative relative;   /* written as "relative" when relative.used */
    crit_usage usage;         /* written as cpu_time_per_iter, heap_*_per_iter, child_* */
} crit_extra_metrics;

/* The run's context block of metrics.json (fixed-size strings, "unknown" when not found). */
typedef struct crit_context {
    char date[32]; /* ISO 8601 UTC, e.g. 2026-11-23T18:17:45Z */
    char host[128];
    char cpu_model[128];
    long cores;
    char governor[32];
    char kernel[128];
    char compiler[96];
    char flags[160];
    char build_mode[48];
    char git_revision[48];
    char git_branch[128]; /* the checked-out branch ("HEAD" when detached) */
    int git_dirty;        /* 1: tracked files differ from the commit, 0: clean, -1: unknown */
    uint64_t seed;
    /* What the machine was doing while one benchmark ran (the runner fills these per
     * benchmark; written only when `measured`): the 1-minute load average at its end and the
     * share of CPU time stolen by other virtual machines during it (NaN when unknown). */
    bool measured;
    double load_average;
    double steal_percent;
} crit_context;

/* ---- the rules that read the model, each written once (model.c) -------------------------- */

/* criterion's typical estimate, the one the time line shows: the slope in Linear mode (when
 * the analysis has one), else the mean. */
const crit_estimate *crit_typical(const crit_estimates *e);

/* Every spelling of a verdict. */
typedef struct crit_verdict_text {
    const char *name;     /* results files and crit-compare: "no_change", "within_noise", ... */
    const char *words;    /* prose and tables: "no change", "within noise", ... */
    const char *sentence; /* criterion's console line: "Performance has regressed.", ... */
    const char *cargo;    /* cargo-criterion's JSON "change": "NoChange", "Improved", "Regressed" */
} crit_verdict_text;

/* The spellings of v (an out-of-range v reads as CRIT_VERDICT_NO_CHANGE). */
const crit_verdict_text *crit_verdict_texts(crit_verdict v);
/* The verdict whose `name` is name; false (out untouched) when there is none. */
bool crit_verdict_from_name(const char *name, crit_verdict *out);

/* How far out a labelled point lies: 0 not an outlier, 1 mild, 2 severe. */
int crit_outlier_severity(unsigned char label);

#endif
