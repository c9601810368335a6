/* options.c: parses the runner's command line. criterion.rs's options (fractional seconds
 * accepted) plus --output-dir, --seed and --fail-on-regression; every bad value is one error. */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crit_results.h"
#include "model.h"
#include "names.h"
#include "numbers.h"
#include "shard.h"
#include "store.h"

void crit_settings_default(crit_settings *s) {
    s->sample_size = 100;
    s->warm_up_time = 3.0;
    s->measurement_time = 5.0;
    s->nresamples = 100000;
    s->confidence_level = 0.95;
    s->significance_level = 0.05;
    s->noise_threshold = 0.01;
    s->sampling_mode = CRIT_SAMPLING_AUTO;
    s->command_timeout = 60.0;
    s->target_precision = 0;
    s->count_allocs = false;
}

/* The --help text, in parts: one literal of it all would pass the 4095 bytes ISO C asks
 * compilers to support (clang -Wpedantic says so). */
static const char *const usage[] = {
    "Usage: bench [FILTER] [OPTIONS]\n"
    "\n"
    "Runs the registered benchmarks whose full id matches the regex FILTER (searched, not\n"
    "anchored; --exact for an exact id) with criterion.rs's method, and writes results in\n"
    "criterion's layout under the output directory.\n"
    "\n"
    "Options (times in decimal seconds, at most 1000000):\n",
    "  --warm-up-time SECS          warm-up per benchmark (default 3)\n"
    "  --measurement-time SECS      target measurement time (default 5)\n"
    "  --sample-size N              samples per bench, 10..10000 (default 100)\n"
    "  --nresamples N               bootstrap resamples (default 100000, at most 10000000)\n"
    "  --confidence-level CL        confidence of the intervals, in (0,1) (default 0.95)\n"
    "  --significance-level SL      p-value threshold of the t-test, in (0,1) (default 0.05)\n"
    "  --noise-threshold NT         changes smaller than this fraction are noise (default 0.01)\n"
    "  --sampling-mode MODE         auto | linear | flat (default auto)\n"
    "  --save-baseline NAME         compare with NAME if present, then save results as NAME\n"
    "                               (a damaged NAME is kept and the benchmark fails)\n"
    "  --force-save-baseline NAME   the same, but replace whatever is at NAME, damaged or not\n"
    "  --baseline NAME              compare with NAME (must exist; NAME is left unchanged)\n"
    "  --baseline-lenient NAME      compare with NAME where it exists (left unchanged)\n"
    "  --load-baseline NAME         analyse saved NAME instead of measuring (needs --baseline)\n"
    "  --discard-baseline           compare with base if present but save no baseline\n"
    "  --list                       list the benchmarks (\"ID: benchmark\") and exit\n"
    "  --exact                      FILTER must equal the full id\n"
    "  --test                       run every benchmark once to check it works; nothing written\n"
    "  --quick                      stop sampling early once the estimate is stable\n"
    "  --verbose                    also print slope, R^2, mean, std dev, median, MAD\n"
    "  --quiet                      print only the result lines\n"
    "  --color WHEN                 auto | always | never (NO_COLOR disables auto)\n"
    "  --output-dir DIR             results directory (default $CRIT_HOME or results/)\n"
    "  --seed N                     bootstrap RNG seed (default 1); same sample + seed = same numbers\n"
    "  --fail-on-regression         exit 3 if any benchmark regressed\n"
    "  --noplot                     do not write the HTML report\n"
    "  --message-format FMT         human | json (cargo-criterion's JSON lines on stdout;\n"
    "                               the human output then goes to stderr)\n"
    "  --export-markdown FILE       also write the results as a Markdown table\n"
    "  --export-csv FILE            also write the results as CSV (times in ns)\n"
    "  --export-gbench-json FILE    also write Google Benchmark's JSON format\n"
    "  --target-precision P         sample until the estimate's interval is within +-P of it\n"
    "                               (a fraction, e.g. 0.01; --measurement-time is the ceiling)\n"
    "  --count-allocs               count malloc/free calls and bytes per iteration in the\n"
    "                               timed region (not in sanitizer builds)\n",
    "  --shard K/N                  run only shard K of N (1 <= K <= N <= 1000) of the selected\n"
    "                               benchmarks, by a hash of each id (a compared group's id for\n"
    "                               its members, kept whole): N jobs with K = 1..N and one\n"
    "                               --output-dir each run every benchmark once; --list lists\n"
    "                               the shard; an empty shard runs nothing and exits 0\n",
    "\n"
    "Paired comparison (docs/results-format.md):\n"
    "  --against OLD                compare each benchmark with the same id in program OLD\n"
    "                               (another crit build), in interleaved rounds; the change\n"
    "                               is this program relative to OLD\n"
    "  --against-timeout SECS       longest OLD may take to answer one request (default 60)\n"
    "  --aa                         A/A control: pair each benchmark with itself --aa-runs\n"
    "                               times; prints false alarms and the noise floor\n"
    "  --aa-runs R                  comparisons per benchmark under --aa (default 10, at most 1000)\n"
    "  --serve                      OLD's side of --against: answer the protocol on stdin\n"
    "\n"
    "Instruction counts (docs/results-format.md; needs valgrind):\n"
    "  --measure WHAT               time (default) | instructions: count each benchmark's\n"
    "                               instructions per iteration under callgrind, exactly\n"
    "  --cache-sim                  with instructions: also L1/LL misses and estimated cycles\n"
    "  --profile-time SECS          run each selected benchmark for SECS with no analysis and\n"
    "                               no files, so a profiler (perf record, valgrind) can watch\n"
    "\n",
    "History (docs/results-format.md, \"History\"; read it with crit-history):\n"
    "  --record[=DB]                append this run's estimates, settings and context to the\n"
    "                               SQLite database DB (default <output dir>/history.sqlite);\n"
    "                               DB only with '=': a separate word is the FILTER\n"
    "  --help                       this text\n"
    "\n"
    "Exit status: 0 ok, 1 a benchmark failed, 2 bad command line or an output directory\n"
    "that cannot be written (nothing run or written),\n"
    "3 regression found under --fail-on-regression.\n",
};

const char *crit_options_record_path(const crit_options *o, char *buf, size_t len) {
    if (o->record_path)
        snprintf(buf, len, "%s", o->record_path);
    else
        snprintf(buf, len, "%s/history.sqlite", o->output_dir);
    return buf;
}

void crit_options_print_usage(FILE *out) {
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++)
        fputs(usage[i], out);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -CRIT_EINVAL;
}

/* K_OPTIONAL: a flag that may carry a value after '=' (--record[=DB]); never the next word. */
enum kind { K_FLAG, K_SECONDS, K_COUNT, K_FRACTION, K_NONNEG, K_STRING, K_OPTIONAL };

typedef struct option_def {
    const char *name;
    enum kind kind;
    int id;
} option_def;

/* clang-format off */
enum {
    O_WARM, O_MEAS, O_SAMPLES, O_NRES, O_CL, O_SL, O_NOISE, O_MODE, O_SAVE, O_BASE, O_LENIENT,
    O_LOAD, O_DISCARD, O_LIST, O_EXACT, O_TEST, O_QUICK, O_VERBOSE, O_QUIET, O_COLOR, O_OUT,
    O_SEED, O_FAILREG, O_HELP, O_BENCH, O_NOPLOT, O_MSGFMT, O_EXP_MD, O_EXP_CSV, O_EXP_GB,
    O_PRECISION, O_AGAINST, O_AGAINST_TIMEOUT, O_SERVE, O_AA, O_AA_RUNS, O_MEASURE, O_CACHE_SIM,
    O_INSTR_CHILD, O_PROFILE, O_FORCE, O_RECORD, O_COUNT_ALLOCS, O_SHARD
};

static const option_def defs[] = {
    {"--warm-up-time", K_SECONDS, O_WARM},     {"--measurement-time", K_SECONDS, O_MEAS},
    {"--sample-size", K_COUNT, O_SAMPLES},     {"--nresamples", K_COUNT, O_NRES},
    {"--confidence-level", K_FRACTION, O_CL},  {"--significance-level", K_FRACTION, O_SL},
    {"--noise-threshold", K_NONNEG, O_NOISE},  {"--sampling-mode", K_STRING, O_MODE},
    {"--save-baseline", K_STRING, O_SAVE},     {"--baseline", K_STRING, O_BASE},
    {"--force-save-baseline", K_STRING, O_FORCE},
    {"--baseline-lenient", K_STRING, O_LENIENT}, {"--load-baseline", K_STRING, O_LOAD},
    {"--discard-baseline", K_FLAG, O_DISCARD}, {"--list", K_FLAG, O_LIST},
    {"--exact", K_FLAG, O_EXACT},              {"--test", K_FLAG, O_TEST},
    {"--quick", K_FLAG, O_QUICK},              {"--verbose", K_FLAG, O_VERBOSE},
    {"-v", K_FLAG, O_VERBOSE},                 {"--quiet", K_FLAG, O_QUIET},
    {"--color", K_STRING, O_COLOR},            {"--colour", K_STRING, O_COLOR},
    {"--output-dir", K_STRING, O_OUT},         {"--seed", K_STRING, O_SEED},
    {"--fail-on-regression", K_FLAG, O_FAILREG}, {"--help", K_FLAG, O_HELP},
    {"-h", K_FLAG, O_HELP},
    {"--bench", K_FLAG, O_BENCH}, /* cargo passes it to criterion; accepted and ignored */
    {"--noplot", K_FLAG, O_NOPLOT},            {"--message-format", K_STRING, O_MSGFMT},
    {"--export-markdown", K_STRING, O_EXP_MD}, {"--export-csv", K_STRING, O_EXP_CSV},
    {"--export-gbench-json", K_STRING, O_EXP_GB},
    {"--target-precision", K_FRACTION, O_PRECISION}, {"--against", K_STRING, O_AGAINST},
    {"--against-timeout", K_SECONDS, O_AGAINST_TIMEOUT}, {"--serve", K_FLAG, O_SERVE},
    {"--aa", K_FLAG, O_AA},                    {"--aa-runs", K_COUNT, O_AA_RUNS},
    {"--measure", K_STRING, O_MEASURE},        {"--cache-sim", K_FLAG, O_CACHE_SIM},
    {"--instructions-child", K_COUNT, O_INSTR_CHILD}, {"--profile-time", K_SECONDS, O_PROFILE},
    {"--record", K_OPTIONAL, O_RECORD},        {"--count-allocs", K_FLAG, O_COUNT_ALLOCS},
    {"--shard", K_STRING, O_SHARD},
};
/* clang-format on */

/* A baseline name becomes a directory next to new/ and change/: the store's rule decides. */
static int check_baseline_name(const char *opt, const char *v, char *err, size_t errlen) {
    char buf[96], shown[300];
    const char *problem = crit_store_baseline_name_problem(v, buf, sizeof buf);
    if (problem != NULL)
        return fail(err, errlen,
                    "invalid value '%s' for %s: the name %s (a baseline name is a plain "
                    "directory name: UTF-8 without control characters, no '/', not starting "
                    "with '.', not new, change, report or instructions)",
                    crit_name_printable(v, shown, sizeof shown), opt, problem);
    return 0;
}

/* The longest time any option accepts (about 11.6 days): a longer warm-up, measurement or
 * timeout is a typo, and a run that would never end. */
#define CRIT_MAX_SECONDS 1e6

/* Parses and range-checks a numeric option's value into *x or *u by the option's kind. */
static int numeric_value(const option_def *d, const char *v, double *x, uint64_t *u, char *err,
                         size_t errlen) {
    if (d->kind == K_SECONDS || d->kind == K_FRACTION || d->kind == K_NONNEG) {
        if (crit_parse_double(v, x))
            return fail(err, errlen, "invalid value '%s' for %s: expected a number", v, d->name);
        if (d->kind == K_SECONDS && !(*x > 0))
            return fail(err, errlen, "invalid value '%s' for %s: must be greater than 0", v,
                        d->name);
        if (d->kind == K_SECONDS && *x > CRIT_MAX_SECONDS)
            return fail(err, errlen, "invalid value '%s' for %s: at most %.0f seconds", v, d->name,
                        CRIT_MAX_SECONDS);
        if (d->kind == K_FRACTION && !(*x > 0 && *x < 1))
            return fail(err, errlen,
                        "invalid value '%s' for %s: must be between 0 and 1 (exclusive)", v,
                        d->name);
        if (d->kind == K_NONNEG && !(*x >= 0))
            return fail(err, errlen, "invalid value '%s' for %s: must not be negative", v, d->name);
    } else if (d->kind == K_COUNT) {
        if (crit_parse_u64(v, u) || *u == 0 || *u > (uint64_t)1 << 40)
            return fail(err, errlen, "invalid value '%s' for %s: expected a positive integer", v,
                        d->name);
    }
    return 0;
}

/* The options of issue 10's paired workflow and precision-based stopping, value parsed. */
static int apply_paired(crit_options *o, const option_def *d, const char *v, double x, uint64_t u,
                        char *err, size_t errlen) {
    switch (d->id) {
    case O_PRECISION:
        o->settings.target_precision = x;
        o->explicit_set |= CRIT_SET_TARGET_PRECISION;
        break;
    case O_AGAINST:
        if (!*v)
            return fail(err, errlen, "invalid value '' for --against: must not be empty");
        o->against = v;
        break;
    case O_AGAINST_TIMEOUT: o->against_timeout = x; break;
    case O_SERVE: o->serve = true; break;
    case O_AA: o->aa = true; break;
    case O_AA_RUNS:
        if (u > CRIT_MAX_AA_RUNS)
            return fail(err, errlen, "invalid value '%s' for --aa-runs: at most %d", v,
                        CRIT_MAX_AA_RUNS);
        o->aa_runs = (size_t)u;
        break;
    case O_MEASURE:
        if (strcmp(v, "time") && strcmp(v, "instructions"))
            return fail(err, errlen,
                        "invalid value '%s' for --measure: expected time or instructions", v);
        o->instructions = !strcmp(v, "instructions");
        o->measure_given = true;
        break;
    case O_CACHE_SIM: o->cache_sim = true; break;
    case O_INSTR_CHILD: o->instructions_child = u; break;
    case O_PROFILE: o->profile_time = x; break;
    case O_RECORD:
        if (v && !*v)
            return fail(err, errlen, "invalid value '' for --record: must not be empty");
        o->record = true;
        o->record_path = v;
        break;
    case O_SHARD: return crit_shard_parse(v, &o->shard_k, &o->shard_n, err, errlen);
    }
    return 0;
}

/* Applies one option with its value (NULL for flags). */
static int apply(crit_options *o, const option_def *d, const char *v, char *err, size_t errlen) {
    crit_settings *s = &o->settings;
    double x = 0;
    uint64_t u = 0;
    int rc = numeric_value(d, v, &x, &u, err, errlen);
    if (rc)
        return rc;
    switch (d->id) {
    case O_WARM:
        s->warm_up_time = x;
        o->explicit_set |= CRIT_SET_WARM_UP;
        break;
    case O_MEAS:
        s->measurement_time = x;
        o->explicit_set |= CRIT_SET_MEASUREMENT;
        break;
    case O_SAMPLES:
        if (u < 10 || u > CRIT_RESULTS_MAX_MEASUREMENTS)
            return fail(err, errlen,
                        "invalid value '%s' for --sample-size: must be in [10, %d] (the most "
                        "measurements a sample.json may hold)",
                        v, CRIT_RESULTS_MAX_MEASUREMENTS);
        s->sample_size = (size_t)u;
        o->explicit_set |= CRIT_SET_SAMPLE_SIZE;
        break;
    case O_NRES:
        if (u > CRIT_MAX_NRESAMPLES)
            return fail(err, errlen, "invalid value '%s' for --nresamples: at most %d", v,
                        CRIT_MAX_NRESAMPLES);
        s->nresamples = (size_t)u;
        o->explicit_set |= CRIT_SET_NRESAMPLES;
        break;
    case O_CL:
        s->confidence_level = x;
        o->explicit_set |= CRIT_SET_CONFIDENCE;
        break;
    case O_SL:
        s->significance_level = x;
        o->explicit_set |= CRIT_SET_SIGNIFICANCE;
        break;
    case O_NOISE:
        s->noise_threshold = x;
        o->explicit_set |= CRIT_SET_NOISE;
        break;
    case O_MODE:
        if (!strcmp(v, "auto"))
            s->sampling_mode = CRIT_SAMPLING_AUTO;
        else if (!strcmp(v, "linear"))
            s->sampling_mode = CRIT_SAMPLING_LINEAR;
        else if (!strcmp(v, "flat"))
            s->sampling_mode = CRIT_SAMPLING_FLAT;
        else
            return fail(err, errlen,
                        "invalid value '%s' for --sampling-mode: expected auto, linear or flat", v);
        o->explicit_set |= CRIT_SET_SAMPLING;
        break;
    case O_SAVE:
    case O_FORCE:
    case O_BASE:
    case O_LENIENT:
    case O_LOAD: {
        /* new/ may be loaded (re-analyse the latest run), never saved or compared against */
        rc = d->id == O_LOAD && !strcmp(v, "new") ? 0
                                                  : check_baseline_name(d->name, v, err, errlen);
        if (rc)
            return rc;
        if (d->id == O_LOAD) {
            o->load_baseline = v;
            break;
        }
        if (o->baseline_mode != CRIT_BASELINE_SAVE || o->baseline)
            return fail(err, errlen, "%s cannot be combined with another baseline option", d->name);
        o->baseline = v;
        o->save_given = d->id == O_SAVE || d->id == O_FORCE;
        o->force_save = d->id == O_FORCE;
        o->baseline_mode = d->id == O_SAVE || d->id == O_FORCE ? CRIT_BASELINE_SAVE
                           : d->id == O_BASE                   ? CRIT_BASELINE_COMPARE_STRICT
                                                               : CRIT_BASELINE_COMPARE_LENIENT;
        break;
    }
    case O_DISCARD:
        if (o->baseline_mode != CRIT_BASELINE_SAVE || o->baseline)
            return fail(err, errlen,
                        "--discard-baseline cannot be combined with another baseline option");
        o->baseline_mode = CRIT_BASELINE_DISCARD;
        break;
    case O_LIST: o->list = true; break;
    case O_EXACT: o->exact = true; break;
    case O_TEST: o->test = true; break;
    case O_QUICK: o->quick = true; break;
    case O_VERBOSE: o->verbose = true; break;
    case O_QUIET: o->quiet = true; break;
    case O_COLOR:
        if (!strcmp(v, "auto"))
            o->color = CRIT_COLOR_AUTO;
        else if (!strcmp(v, "always"))
            o->color = CRIT_COLOR_ALWAYS;
        else if (!strcmp(v, "never"))
            o->color = CRIT_COLOR_NEVER;
        else
            return fail(err, errlen,
                        "invalid value '%s' for --color: expected auto, always or never", v);
        break;
    case O_OUT:
        if (!*v)
            return fail(err, errlen, "invalid value '' for --output-dir: must not be empty");
        o->output_dir = v;
        break;
    case O_SEED:
        if (crit_parse_u64(v, &u))
            return fail(err, errlen,
                        "invalid value '%s' for --seed: expected a non-negative integer", v);
        o->seed = u;
        break;
    case O_FAILREG: o->fail_on_regression = true; break;
    case O_COUNT_ALLOCS:
        o->settings.count_allocs = true;
        o->explicit_set |= CRIT_SET_COUNT_ALLOCS;
        break;
    case O_HELP: o->help = true; break;
    case O_BENCH: break;
    case O_NOPLOT: o->noplot = true; break;
    case O_MSGFMT:
        if (!strcmp(v, "json"))
            o->message_json = true;
        else if (!strcmp(v, "human"))
            o->message_json = false;
        else
            return fail(err, errlen,
                        "invalid value '%s' for --message-format: expected human or json", v);
        break;
    case O_EXP_MD:
    case O_EXP_CSV:
    case O_EXP_GB:
        if (!*v)
            return fail(err, errlen, "invalid value '' for %s: must not be empty", d->name);
        *(d->id == O_EXP_MD    ? &o->export_markdown
          : d->id == O_EXP_CSV ? &o->export_csv
                               : &o->export_gbench) = v;
        break;
    default: return apply_paired(o, d, v, x, u, err, errlen);
    }
    return 0;
}

/* An export is written at the end of the run: refuse up front a path whose directory is
 * missing or not writable, or that names a directory, so hours of measurement are not lost. */
static int check_export_path(const char *opt, const char *path, char *err, size_t errlen) {
    char dir[4096];
    struct stat st;
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path), path);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return fail(err, errlen, "invalid value '%s' for %s: it is a directory", path, opt);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK) != 0)
        return fail(err, errlen,
                    "invalid value '%s' for %s: directory '%s' does not exist or "
                    "is not writable",
                    path, opt, dir);
    return 0;
}

/* What --record cannot go with (a run that measures nothing), or NULL. */
static const char *record_clash(const crit_options *o) {
    return !o->record                       ? NULL
           : o->list || o->test || o->serve ? "--list, --test or --serve"
           : o->profile_time > 0            ? "--profile-time"
           : o->load_baseline               ? "--load-baseline (nothing is measured)"
                                            : NULL;
}

static const option_def *find(const char *name, size_t n) {
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (strlen(defs[i].name) == n && !strncmp(defs[i].name, name, n))
            return &defs[i];
    return NULL;
}

/* --against, --aa and --serve replace the baseline workflow and measure both sides the same way:
 * options that would mix the two are refused by name. */
static int check_paired(const crit_options *o, char *err, size_t errlen) {
    const char *mode = o->serve ? "--serve" : o->aa ? "--aa" : o->against ? "--against" : NULL;
    if (!mode)
        return o->aa_runs || o->against_timeout
                   ? fail(err, errlen, "%s needs %s",
                          o->aa_runs ? "--aa-runs" : "--against-timeout",
                          o->aa_runs ? "--aa" : "--against or --aa")
                   : 0;
    if (o->serve && o->shard_n)
        return fail(err, errlen, "--shard cannot be combined with --serve");
    if ((o->serve && (o->aa || o->against)) || (o->aa && o->against))
        return fail(err, errlen, "--serve, --aa and --against cannot be combined");
    const char *clash = o->baseline                                 ? "a baseline option"
                        : o->baseline_mode == CRIT_BASELINE_DISCARD ? "--discard-baseline"
                        : o->load_baseline                          ? "--load-baseline"
                        : o->quick                                  ? "--quick"
                        : o->test && !o->serve                      ? "--test"
                        : o->list && !o->serve                      ? "--list"
                        : o->aa_runs && !o->aa                      ? "--aa-runs without --aa"
                                                                    : NULL;
    if (clash)
        return fail(err, errlen, "%s cannot be combined with %s", mode, clash);
    return 0;
}

int crit_options_parse(int argc, char **argv, crit_options *o, char *err, size_t errlen) {
    int rc_paired;
    memset(o, 0, sizeof *o);
    crit_settings_default(&o->settings);
    const char *home = getenv("CRIT_HOME");
    o->output_dir = home && *home ? home : "results";
    o->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (o->filter)
                return fail(err, errlen, "unexpected argument '%s': only one FILTER may be given",
                            a);
            o->filter = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const option_def *d = find(a, nlen);
        if (!d)
            return fail(err, errlen, "unknown option '%.*s' (see --help)", (int)nlen, a);
        const char *v = NULL;
        if (d->kind == K_FLAG) {
            if (eq)
                return fail(err, errlen, "option %s takes no value", d->name);
        } else if (d->kind == K_OPTIONAL || eq) {
            v = eq ? eq + 1 : NULL;
        } else {
            if (i + 1 >= argc)
                return fail(err, errlen, "option %s needs a value", d->name);
            v = argv[++i];
        }
        int rc = apply(o, d, v, err, errlen);
        if (rc)
            return rc;
    }
    if (o->load_baseline && o->baseline_mode != CRIT_BASELINE_COMPARE_STRICT &&
        o->baseline_mode != CRIT_BASELINE_COMPARE_LENIENT)
        return fail(err, errlen, "--load-baseline needs --baseline NAME to compare against");
    if (o->verbose && o->quiet)
        return fail(err, errlen, "--verbose and --quiet cannot both be given");
    if (o->quick && o->settings.target_precision > 0)
        return fail(err, errlen, "--quick and --target-precision cannot both be given");
    rc_paired = check_paired(o, err, errlen);
    if (rc_paired)
        return rc_paired;
    const char *clash = !o->instructions                   ? NULL
                        : o->against || o->aa || o->serve  ? "--against, --aa or --serve"
                        : o->quick                         ? "--quick"
                        : o->load_baseline                 ? "--load-baseline"
                        : o->settings.target_precision > 0 ? "--target-precision"
                        : o->export_gbench                 ? "--export-gbench-json (Google "
                                                             "Benchmark's JSON holds times)"
                        : o->message_json                  ? "--message-format json (cargo-"
                                                             "criterion's messages hold times)"
                                                           : NULL;
    if (clash)
        return fail(err, errlen, "--measure instructions cannot be combined with %s", clash);
    const char *pclash = !o->profile_time ? NULL
                         : o->against || o->aa || o->serve || o->instructions
                             ? "--against, --aa, --serve or --measure instructions"
                         : o->quick || o->test || o->list ? "--quick, --test or --list"
                         : o->load_baseline               ? "--load-baseline"
                                                          : NULL;
    if (pclash)
        return fail(err, errlen, "--profile-time cannot be combined with %s", pclash);
    if (o->cache_sim && !o->instructions)
        return fail(err, errlen, "--cache-sim needs --measure instructions");
    if (record_clash(o))
        return fail(err, errlen, "--record cannot be combined with %s", record_clash(o));
    const char *exports[][2] = {{"--export-markdown", o->export_markdown},
                                {"--export-csv", o->export_csv},
                                {"--export-gbench-json", o->export_gbench}};
    for (size_t i = 0; i < 3; i++) {
        int rc = exports[i][1] ? check_export_path(exports[i][0], exports[i][1], err, errlen) : 0;
        if (rc)
            return rc;
    }
    if (!o->baseline)
        o->baseline = "base";
    if (!o->against_timeout)
        o->against_timeout = 60;
    if (!o->aa_runs)
        o->aa_runs = 10;
    return 0;
}
