/* options.h: the runner's command line (criterion.rs's options plus ours) and the settings
 * each benchmark resolves from defaults, its group and the command line. */
#ifndef CRIT_OPTIONS_H
#define CRIT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "crit.h"
#include "crit_results.h"
#include "model.h"

/* Bits of crit_settings given explicitly (command line or group). */
enum {
    CRIT_SET_SAMPLE_SIZE = 1 << 0,
    CRIT_SET_WARM_UP = 1 << 1,
    CRIT_SET_MEASUREMENT = 1 << 2,
    CRIT_SET_NRESAMPLES = 1 << 3,
    CRIT_SET_CONFIDENCE = 1 << 4,
    CRIT_SET_SIGNIFICANCE = 1 << 5,
    CRIT_SET_NOISE = 1 << 6,
    CRIT_SET_SAMPLING = 1 << 7,
    CRIT_SET_COMMAND_TIMEOUT = 1 << 8,
    CRIT_SET_TARGET_PRECISION = 1 << 9,
    CRIT_SET_COUNT_ALLOCS = 1 << 10
};

typedef enum {
    CRIT_BASELINE_SAVE = 0, /* compare with the baseline if present, then save (default "base") */
    CRIT_BASELINE_DISCARD,  /* compare with "base" if present, save nothing */
    CRIT_BASELINE_COMPARE_STRICT, /* --baseline: the baseline must exist; it is not overwritten */
    CRIT_BASELINE_COMPARE_LENIENT /* --baseline-lenient: compare where it exists; not overwritten */
} crit_baseline_mode;

typedef enum { CRIT_COLOR_AUTO = 0, CRIT_COLOR_ALWAYS, CRIT_COLOR_NEVER } crit_color_mode;

/* The parsed command line. Strings point into argv (not owned) except output_dir which may
 * come from the environment (also not owned). */
typedef struct crit_options {
    crit_settings settings; /* defaults overridden by the command line */
    unsigned explicit_set;  /* CRIT_SET_* bits given on the command line */
    const char *filter;     /* NULL = everything */
    bool exact, list, test, quick, verbose, quiet, help, fail_on_regression;
    crit_color_mode color;
    const char *output_dir;
    uint64_t seed;
    crit_baseline_mode baseline_mode;
    const char *baseline;      /* directory compared against / saved to ("base" default) */
    const char *load_baseline; /* NULL unless --load-baseline */
    bool save_given;           /* --save-baseline or --force-save-baseline named the baseline */
    bool force_save;   /* --force-save-baseline: replace whatever is at that name, even damaged */
    bool noplot;       /* --noplot: no HTML report */
    bool message_json; /* --message-format json: cargo-criterion messages on stdout */
    const char *export_markdown, *export_csv, *export_gbench; /* NULL unless given */
    const char *against;    /* --against OLD: paired comparison with that program; NULL = off */
    double against_timeout; /* seconds OLD may take to answer one request (default 60) */
    bool serve;             /* --serve: answer the paired protocol on stdin/stdout (OLD's side) */
    bool aa;                /* --aa: A/A control, each benchmark paired with itself */
    size_t aa_runs;         /* --aa-runs R: comparisons per benchmark under --aa (default 10) */
    bool instructions;      /* --measure instructions: callgrind counts instead of time */
    bool measure_given;     /* --measure was on the command line (crit_runner_measure yields) */
    bool cache_sim;         /* --cache-sim: also L1/LL misses and estimated cycles */
    uint64_t instructions_child; /* --instructions-child K: the run under valgrind (internal) */
    double profile_time;         /* --profile-time SECS: run each benchmark that long, no
                                    analysis, no files (for an external profiler); 0 = off */
    bool record;                 /* --record[=DB]: append the run to the history database */
    const char *record_path;     /* DB of --record=DB; NULL: <output dir>/history.sqlite */
    unsigned shard_k, shard_n;   /* --shard K/N (shard.h); both 0 = every selected benchmark */
} crit_options;

/* criterion's defaults: 100 samples, 3 s warm-up, 5 s measurement, 100000 resamples, 0.95,
 * 0.05, 0.01, auto sampling; command timeout 60 s; no target precision. */
void crit_settings_default(crit_settings *s);

/* Parses argv[1..argc-1] into o (defaults first; CRIT_HOME sets the default output dir).
 * Returns 0 on success, or -CRIT_EINVAL with one line (no newline) in err naming the option
 * and the problem. Does not print. */
int crit_options_parse(int argc, char **argv, crit_options *o, char *err, size_t errlen);

/* The most bootstrap resamples (--nresamples, crit_group_nresamples; crit_results.h). */
#define CRIT_MAX_NRESAMPLES CRIT_RESULTS_MAX_NRESAMPLES
/* The most A/A comparisons per benchmark (--aa-runs): each one is a whole paired measurement. */
#define CRIT_MAX_AA_RUNS 1000

/* The history database --record writes: record_path, else <output dir>/history.sqlite, in buf
 * (len bytes). Returns buf. */
const char *crit_options_record_path(const crit_options *o, char *buf, size_t len);

/* Writes the --help text to out. */
void crit_options_print_usage(FILE *out);

#endif
