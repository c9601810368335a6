/* runner.c: groups, their settings and the per-benchmark sequence: filter -> (list | test |
 * baseline load -> warm-up -> sampling -> analysis -> console -> files -> baseline save).
 * crit_main, around it, is in run_main.c. Knows nothing about what is benchmarked. */
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "bench_lock.h"
#include "benchid.h"
#include "console.h"
#include "context.h"
#include "crit_results.h"
#include "format.h"
#include "instructions.h"
#include "group_compare.h"
#include "measure.h"
#include "names.h"
#include "options.h"
#include "paired.h"
#include "precision.h"
#include "relative.h"
#include "report.h"
#include "run_output.h"
#include "runner.h"
#include "sample.h"
#include "shard.h"
#include "store.h"
#include "usage.h"

/* ---- groups -------------------------------------------------------------------------- */

static void *xmalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        fputs("error: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

crit_group *crit_group_new(crit_runner *r, const char *group_id) {
    crit_group *g = xmalloc(sizeof *g);
    size_t n = strlen(group_id) + 1;
    g->id = xmalloc(n);
    memcpy(g->id, group_id, n);
    g->r = r;
    g->first_record = r->output.n;
    crit_settings_default(&g->settings);
    return g;
}

void crit_group_finish(crit_group *g) {
    if (!g)
        return;
    crit_runner *r = g->r;
    if (g->nmembers > 0)
        crit_group_compare_run(g);
    crit_group_compare_free(g);
    if (r->opt.message_json && crit_run_output_message_group(&r->output, g->id, g->first_record,
                                                             r->opt.output_dir, stdout) != 0)
        crit_runner_fail_bench(r, g->id, "out of memory writing its group's JSON message");
    free(g->id);
    free(g);
}

/* A setting out of range is a programming error in the bench suite: reported, counted as a
 * failure (exit 1), and the default kept. */
static bool setting_ok(crit_group *g, bool ok, const char *what) {
    if (!ok) {
        crit_console_message(&g->r->con, "error: group %s: %s; setting ignored", g->id, what);
        g->r->nfailed++;
    }
    return ok;
}

void crit_group_sample_size(crit_group *g, size_t n) {
    if (setting_ok(g, n >= 10 && n <= CRIT_RESULTS_MAX_MEASUREMENTS,
                   "sample size must be in [10, 10000] (CRIT_RESULTS_MAX_MEASUREMENTS)"))
        g->settings.sample_size = n, g->set |= CRIT_SET_SAMPLE_SIZE;
}
void crit_group_warm_up_time(crit_group *g, double s) {
    if (setting_ok(g, s > 0, "warm-up time must be greater than 0"))
        g->settings.warm_up_time = s, g->set |= CRIT_SET_WARM_UP;
}
void crit_group_measurement_time(crit_group *g, double s) {
    if (setting_ok(g, s > 0, "measurement time must be greater than 0"))
        g->settings.measurement_time = s, g->set |= CRIT_SET_MEASUREMENT;
}
void crit_group_nresamples(crit_group *g, size_t n) {
    if (setting_ok(g, n > 0 && n <= CRIT_MAX_NRESAMPLES,
                   "nresamples must be in [1, 10000000] (CRIT_MAX_NRESAMPLES)"))
        g->settings.nresamples = n, g->set |= CRIT_SET_NRESAMPLES;
}
void crit_group_confidence_level(crit_group *g, double cl) {
    if (setting_ok(g, cl > 0 && cl < 1, "confidence level must be in (0, 1)"))
        g->settings.confidence_level = cl, g->set |= CRIT_SET_CONFIDENCE;
}
void crit_group_significance_level(crit_group *g, double sl) {
    if (setting_ok(g, sl > 0 && sl < 1, "significance level must be in (0, 1)"))
        g->settings.significance_level = sl, g->set |= CRIT_SET_SIGNIFICANCE;
}
void crit_group_noise_threshold(crit_group *g, double nt) {
    if (setting_ok(g, nt >= 0, "noise threshold must not be negative"))
        g->settings.noise_threshold = nt, g->set |= CRIT_SET_NOISE;
}
void crit_group_sampling_mode(crit_group *g, crit_sampling_mode m) {
    g->settings.sampling_mode = m;
    g->set |= CRIT_SET_SAMPLING;
}
void crit_group_throughput(crit_group *g, crit_throughput_kind kind, uint64_t per_iter) {
    g->tp.kind = kind;
    g->tp.per_iter = per_iter;
}
void crit_group_command_timeout(crit_group *g, double s) {
    if (setting_ok(g, s > 0, "command timeout must be greater than 0"))
        g->settings.command_timeout = s, g->set |= CRIT_SET_COMMAND_TIMEOUT;
}

/* Defaults, then the group's settings, then what the command line gave explicitly. */
crit_settings crit_group_settings(const crit_group *g) {
    const crit_settings *cli = &g->r->opt.settings;
    unsigned e = g->r->opt.explicit_set;
    crit_settings s = g->settings;
/* clang-format off */
#define TAKE(bit, field) if (e & (bit)) s.field = cli->field
    TAKE(CRIT_SET_SAMPLE_SIZE, sample_size);
    TAKE(CRIT_SET_WARM_UP, warm_up_time);
    TAKE(CRIT_SET_MEASUREMENT, measurement_time);
    TAKE(CRIT_SET_NRESAMPLES, nresamples);
    TAKE(CRIT_SET_CONFIDENCE, confidence_level);
    TAKE(CRIT_SET_SIGNIFICANCE, significance_level);
    TAKE(CRIT_SET_NOISE, noise_threshold);
    TAKE(CRIT_SET_SAMPLING, sampling_mode);
    TAKE(CRIT_SET_COMMAND_TIMEOUT, command_timeout);
    TAKE(CRIT_SET_TARGET_PRECISION, target_precision);
    TAKE(CRIT_SET_COUNT_ALLOCS, count_allocs);
#undef TAKE
    /* clang-format on */
    return s;
}

/* ---- one benchmark ------------------------------------------------------------------- */

bool crit_runner_matches(const crit_runner *r, const char *full_id) {
    if (!r->opt.filter)
        return true;
    if (r->opt.exact)
        return strcmp(r->opt.filter, full_id) == 0;
    return regexec(&r->re, full_id, 0, NULL, 0) == 0;
}

bool crit_runner_measure(crit_runner *r, crit_measurement m) {
    const crit_options *o = &r->opt;
    bool want = m == CRIT_MEASURE_INSTRUCTIONS;
    if (o->measure_given || o->list || o->test || o->serve || o->instructions_child ||
        want == o->instructions)
        return true;
    const char *why = r->nmatched > 0 ? "it must be called before any benchmark is registered"
                      : o->against || o->aa || o->quick || o->load_baseline ||
                              o->settings.target_precision > 0 || o->profile_time > 0 ||
                              o->export_gbench || o->message_json
                          ? "the command line asks for something that does not mix with "
                            "instruction counts (see --help)"
                          : NULL;
    if (why || (want && crit_instructions_check() != 0)) {
        if (why)
            crit_console_message(&r->con, "error: crit_runner_measure: %s", why);
        r->nfailed++;
        return false;
    }
    r->opt.instructions = want;
    return true;
}

bool crit_runner_selects(const crit_runner *r, const char *full_id) {
    if (r->opt.serve)
        return crit_serve_selects(&r->serve, full_id);
    return !r->opt.list && crit_runner_matches(r, full_id) && crit_shard_may_hold(&r->opt, full_id);
}

void crit_runner_fail_bench(crit_runner *r, const char *id, const char *why) {
    crit_console_message(&r->con, "error: benchmark %s failed: %s", id, why);
    r->nfailed++;
}

/* A benchmark that failed or skipped itself: only a failure counts against the run. */
void crit_runner_end_bench(crit_runner *r, const char *id, const crit_bencher *b) {
    if (b->skipped) {
        crit_console_message(&r->con, "%s: skipped: %s", id, b->message);
        r->nskipped++;
    } else {
        crit_runner_fail_bench(r, id, b->message);
    }
}

typedef struct progress_ctx {
    crit_console *con;
    const char *id;
} progress_ctx;

static void on_progress(size_t done, size_t total, void *p) {
    progress_ctx *pc = p;
    crit_console_progress(pc->con, pc->id, done, total);
}

/* Warm-up and sampling (or quick mode). Returns 0 with s filled, or an error (message in b). */
static int collect(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                   crit_bencher *b, crit_bench_fn fn, void *arg, crit_sample *s) {
    char t[64], it[64], warning[512];
    if (r->opt.quick) {
        crit_console_status(&r->con, "Benchmarking %s: Collecting quickly (at most %s)", id->title,
                            crit_fmt_time_aligned(t, sizeof t, st->measurement_time * 1e9));
        return crit_measure_quick(b, fn, arg, st->measurement_time * 1e9, st->significance_level,
                                  s);
    }
    crit_console_status(&r->con, "Benchmarking %s: Warming up for %s", id->title,
                        crit_fmt_time_aligned(t, sizeof t, st->warm_up_time * 1e9));
    double met;
    int rc = crit_measure_warm_up(b, fn, arg, st->warm_up_time * 1e9, &met);
    if (rc)
        return rc;
    if (crit_sample_init(s, st->sample_size))
        return -CRIT_ENOMEM;
    double expected = crit_plan_samples(met, st->sample_size, st->measurement_time * 1e9,
                                        st->sampling_mode, s, warning, sizeof warning);
    if (warning[0])
        crit_console_message(&r->con, "\n%s", warning);
    double total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->iters[i];
    crit_console_status(&r->con, "Benchmarking %s: Collecting %s%zu samples in estimated %s (%s)",
                        id->title, st->target_precision > 0 ? "at most " : "", s->n,
                        crit_fmt_time_aligned(t, sizeof t, expected),
                        r->opt.verbose /* criterion shows the exact count when verbose */
                            ? (snprintf(it, sizeof it, "%.0f iterations", total), it)
                            : crit_fmt_iter_count(it, sizeof it, (uint64_t)total));
    progress_ctx pc = {&r->con, id->title};
    if (st->target_precision > 0) {
        crit_precision *p = &b->metrics.precision;
        rc = crit_precision_sample(b, fn, arg, s, st, r->opt.seed, on_progress, &pc, p);
        if (rc == 0)
            crit_console_precision_note(&r->con, id->title, p, "samples");
    } else {
        rc = crit_measure_samples(b, fn, arg, s, on_progress, &pc);
    }
    if (rc)
        crit_sample_fini(s);
    return rc;
}

/* criterion's --profile-time: the benchmark runs 1, 2, 4, ... iterations until SECS have
 * passed, with no analysis and no files, so an external profiler sees only its work. */
static void run_profile(crit_runner *r, const crit_bench_id *id, crit_bench_fn fn, void *arg) {
    crit_bencher b = {0};
    double met;
    char t[64];
    crit_console_status(&r->con, "Benchmarking %s: Profiling for %s", id->title,
                        crit_fmt_time_aligned(t, sizeof t, r->opt.profile_time * 1e9));
    if (crit_measure_warm_up(&b, fn, arg, r->opt.profile_time * 1e9, &met) != 0) {
        crit_runner_end_bench(r, id->title, &b);
        return;
    }
    crit_console_end_status(&r->con);
    fprintf(r->con.out, "Benchmarking %s: Complete (Analysis Disabled)\n", id->title);
    fflush(r->con.out);
}

/* --test: one iteration, to check that the benchmark runs. */
static void run_test(crit_runner *r, const crit_bench_id *id, crit_bench_fn fn, void *arg) {
    crit_bencher b = {0};
    double ns;
    FILE *out = r->con.out; /* stderr under --message-format json */
    fprintf(out, "Testing %s\n", id->title);
    fflush(out);
    if (crit_measure_once(&b, fn, arg, 1, &ns) == 0) {
        fprintf(out, "Success\n");
        fflush(out);
    } else {
        crit_runner_end_bench(r, id->title, &b);
    }
}

/* Loads the baseline to compare with. Returns 1 when loaded into *base, 0 when there is none
 * to compare with (missing where allowed, or damaged under the default/lenient modes: *damaged
 * set, warned), -1 when the benchmark must fail (--baseline NAME missing or damaged: a
 * regression gate must not pass because its reference is broken). The file is never touched. */
int crit_runner_load_base(crit_runner *r, const crit_bench_id *id, crit_sample *base,
                          bool *damaged) {
    char err[1200], why[1400], reason[300];
    const char *name = r->opt.baseline;
    bool strict = r->opt.baseline_mode == CRIT_BASELINE_COMPARE_STRICT;
    int rc = crit_store_load_sample(r->opt.output_dir, id, name, base, err, sizeof err);
    if (rc == 0 && !crit_sample_usable(base, reason, sizeof reason)) {
        snprintf(err, sizeof err, "%.300s/%.300s/%.255s/sample.json: %s", r->opt.output_dir,
                 id->directory_name, name, reason);
        crit_sample_fini(base);
        rc = -CRIT_EPARSE;
    }
    if (rc == 0)
        return 1;
    if (rc == -CRIT_ENOENT && !strict)
        return 0;
    if (rc == -CRIT_ENOENT) {
        snprintf(why, sizeof why,
                 "baseline '%s' must exist before comparison is allowed; "
                 "try --save-baseline %s",
                 name, name);
        crit_runner_fail_bench(r, id->title, why);
        return -1;
    }
    *damaged = true;
    if (strict) {
        snprintf(why, sizeof why, "baseline '%s' is unreadable (%s); it was left as it is", name,
                 err);
        crit_runner_fail_bench(r, id->title, why);
        return -1;
    }
    crit_console_message(&r->con,
                         "warning: %s: baseline '%s' is unreadable (%s); running "
                         "uncompared",
                         id->title, name, err);
    return 0;
}

bool crit_runner_wants_report(const crit_runner *r) {
    return !r->opt.noplot && !r->opt.load_baseline;
}

/* Under the benchmark's lock, so that two runs on one output directory never leave its
 * directory with files of both: the HTML page, new/ and the rest of crit_store_write, the
 * paired rounds, the baseline. Returns 0 when the benchmark's files were written, else -1. */
static int write_files(crit_runner *r, const crit_bench_id *id, const crit_sample *s,
                       const crit_analysis *a, const crit_sample *base,
                       const crit_extra_metrics *metrics, const crit_context *ctx,
                       const crit_paired_rounds *rounds) {
    char err[512];
    crit_lock lk;
    if (crit_runner_lock_bench(r, id, &lk) != 0)
        return -1;
    int written = -1;
    if (crit_runner_wants_report(r) &&
        crit_report_bench(r->opt.output_dir, id, s, a, base, metrics ? &metrics->usage : NULL, err,
                          sizeof err) != 0)
        crit_console_message(&r->con, "warning: %s: no HTML report: %s", id->title, err);
    if (crit_store_write(r->opt.output_dir, id, s, a, metrics, ctx, err, sizeof err))
        crit_runner_fail_bench(r, id->title, err);
    else if ((written = 0), rounds)
        ; /* a paired comparison saves no baseline: its rounds go beside change/ */
    else if (r->opt.baseline_mode == CRIT_BASELINE_SAVE && !r->opt.against && !r->opt.aa)
        crit_runner_save_baseline(r, id, false);
    if (written == 0 && rounds &&
        crit_store_write_paired(r->opt.output_dir, id, rounds, err, sizeof err) != 0)
        crit_runner_fail_bench(r, id->title, err);
    crit_lock_release(&lk);
    return written;
}

/* Analysis, console, files, baseline save. */
int crit_runner_finish_bench(crit_runner *r, const crit_bench_id *id, const crit_settings *st,
                             const crit_sample *s, const crit_sample *base,
                             const crit_extra_metrics *metrics, const crit_context *ctx,
                             const crit_change *paired, const crit_paired_rounds *rounds) {
    char err[512];
    crit_analysis a;
    crit_analysis_config cfg = {.nresamples = st->nresamples,
                                .confidence_level = st->confidence_level,
                                .significance_level = st->significance_level,
                                .noise_threshold = st->noise_threshold,
                                .seed = r->opt.seed,
                                .keep_distributions = crit_runner_wants_report(r)};
    crit_console_status(&r->con, "Benchmarking %s: Analyzing", id->title);
    char why[300];
    if (!crit_sample_usable(s, why, sizeof why)) {
        snprintf(err, sizeof err,
                 "the sample cannot be analysed: %s (is the timer too coarse "
                 "for this benchmark?)",
                 why);
        crit_runner_fail_bench(r, id->title, err);
        return -1;
    }
    int rc = crit_analyze(s, paired ? NULL : base, &cfg, &a);
    if (rc) {
        crit_runner_fail_bench(r, id->title,
                               rc == -CRIT_ENOMEM ? "analysis ran out of memory (is "
                                                    "--nresamples too large?)"
                                                  : "analysis rejected the sample");
        return -1;
    }
    if (paired) {
        a.compared = true;
        a.change = *paired;
    }
    const crit_relative *rel = metrics && metrics->relative.used ? &metrics->relative : NULL;
    crit_console_result(&r->con, id, &a, rel, metrics ? &metrics->usage : NULL);
    if (a.compared && a.change.verdict == CRIT_VERDICT_REGRESSED)
        r->nregressed++;
    int added = crit_run_output_add(&r->output, id, s, &a);
    if (added == 0 && rel)
        crit_run_output_set_relative(&r->output, rel);
    if (added == 0 && metrics)
        crit_run_output_set_metrics(&r->output, metrics);
    if (added != 0)
        crit_runner_fail_bench(r, id->title, "out of memory keeping its record for the exports");
    else if (r->opt.message_json &&
             crit_run_output_message_last(&r->output, r->opt.output_dir, stdout) != 0)
        crit_runner_fail_bench(r, id->title, "out of memory writing its JSON message");
    int written = r->opt.load_baseline
                      ? -1
                      : write_files(r, id, s, &a, base, metrics, ctx, paired ? rounds : NULL);
    crit_analysis_fini(&a);
    return written;
}

static void run_bench(crit_runner *r, const crit_settings *st, const crit_bench_id *id,
                      crit_bench_fn fn, void *arg) {
    crit_sample s = {0}, base = {0};
    crit_bencher b = {0};
    bool damaged = false;
    int rc;
    char err[512];
    crit_console_status(&r->con, "Benchmarking %s", id->title);
    crit_context ctx = r->ctx; /* plus what the machine did while this benchmark ran */
    crit_cpu_times t0, t1;
    crit_cpu_times_read(&t0);
    crit_runner_usage_arm(r, st, &b);
    if (r->opt.load_baseline) {
        char why[300];
        if (crit_store_load_sample(r->opt.output_dir, id, r->opt.load_baseline, &s, err,
                                   sizeof err) ||
            (!crit_sample_usable(&s, why, sizeof why) &&
             snprintf(err, sizeof err, "baseline '%s' cannot be analysed: %s", r->opt.load_baseline,
                      why) > 0)) {
            crit_runner_fail_bench(r, id->title, err);
            crit_sample_fini(&s);
            crit_sample_fini(&base);
            return;
        }
    } else if ((rc = collect(r, id, st, &b, fn, arg, &s)) != 0) {
        if (b.failed)
            crit_runner_end_bench(r, id->title, &b);
        else
            crit_runner_fail_bench(r, id->title,
                                   rc == -CRIT_ENOMEM ? "out of memory"
                                                      : "its settings were rejected by sampling");
        crit_sample_fini(&base);
        return;
    }
    if (!r->opt.load_baseline) { /* a re-analysis measured nothing: keep no load or steal */
        crit_runner_usage_collect(&b);
        crit_cpu_times_read(&t1);
        ctx.measured = true;
        ctx.steal_percent = crit_cpu_steal_percent(&t0, &t1);
        ctx.load_average = crit_context_load_average();
        const char *w = crit_run_output_steal(&r->output, id->title, ctx.steal_percent, err,
                                              sizeof err);
        if (w[0])
            crit_console_message(&r->con, "warning: %s", w);
    }
    /* The baseline is loaded after measuring, as criterion does, so a benchmark that skipped
     * or failed itself is reported as such, never as a missing --baseline. */
    int have = b.failed ? -1 : crit_runner_load_base(r, id, &base, &damaged);
    if (b.failed) /* e.g. a metric that could not be recorded */
        crit_runner_end_bench(r, id->title, &b);
    else if (have >= 0) {
        b.metrics.has_settings = true;
        b.metrics.settings = *st;
        crit_runner_finish_bench(r, id, st, &s, have ? &base : NULL, &b.metrics, &ctx, NULL, NULL);
    }
    crit_sample_fini(&s);
    crit_sample_fini(&base);
}

/* True when every part of the id is a usable name (names.h); otherwise the benchmark fails,
 * named in printable form, before anything is measured or written. */
static bool id_usable(crit_runner *r, const char *group, const char *function, const char *value) {
    const char *parts[3] = {group, function, value}, *what[3] = {"group", "function", "value"};
    for (int i = 0; i < 3; i++) {
        char buf[96], shown[3][160], why[700];
        const char *problem = parts[i] ? crit_name_problem(parts[i], buf, sizeof buf) : NULL;
        if (problem == NULL)
            continue;
        for (int j = 0; j < 3; j++)
            crit_name_printable(parts[j] ? parts[j] : "", shown[j], sizeof shown[j]);
        snprintf(why, sizeof why,
                 "its %s id %s; ids must be non-empty UTF-8 without control "
                 "characters",
                 what[i], problem);
        char title[500];
        snprintf(title, sizeof title, "\"%s%s%s%s%s\"", shown[0], function ? "/" : "",
                 function ? shown[1] : "", value ? "/" : "", value ? shown[2] : "");
        crit_runner_fail_bench(r, title, why);
        return false;
    }
    return true;
}

/* Registers a benchmark: kept for crit_group_finish in a compared group (which takes over
 * `owned`), else run now when selected. */
static void dispatch_owned(crit_group *g, const char *function, const char *value, crit_bench_fn fn,
                           void *arg, void *owned) {
    crit_runner *r = g->r;
    crit_bench_id id;
    if (!id_usable(r, g->id, function, value)) {
        free(owned);
        return;
    }
    if (crit_bench_id_init(&id, g->id, function, value, g->tp)) {
        fputs("error: out of memory\n", stderr);
        exit(1);
    }
    g->nregistered++;
    if (crit_group_compare_defers(g)) {
        crit_group_compare_add(g, &id, fn, arg, owned); /* takes id */
        return;
    }
    if (r->opt.serve) {
        crit_serve_dispatch(&r->serve, id.full_id, fn, arg);
    } else if (crit_runner_matches(r, id.full_id) &&
               crit_shard_takes(r, crit_shard_key(g, id.full_id), 1)) {
        r->nmatched++;
        if (r->opt.against || r->opt.aa) {
            crit_settings st = crit_group_settings(g);
            crit_paired_bench(r, &st, &id, fn, arg);
        } else if (r->opt.profile_time > 0) {
            run_profile(r, &id, fn, arg);
        } else if (r->opt.instructions_child) {
            crit_instructions_child(r, fn, arg);
        } else if (r->opt.instructions && !r->opt.list && !r->opt.test) {
            crit_instructions_bench(r, &id, fn, arg);
        } else if (r->opt.list) {
            printf("%s: benchmark\n", id.full_id);
        } else if (r->opt.test) {
            run_test(r, &id, fn, arg);
        } else {
            crit_settings st = crit_group_settings(g);
            run_bench(r, &st, &id, fn, arg);
        }
    }
    crit_bench_id_fini(&id);
}

static void dispatch(crit_group *g, const char *function, const char *value, crit_bench_fn fn,
                     void *arg) {
    dispatch_owned(g, function, value, fn, arg, NULL);
}

void crit_group_compare(crit_group *g, const char *baseline_function_id) {
    const char *why = !baseline_function_id || !*baseline_function_id
                          ? "crit_group_compare needs the baseline's id"
                      : g->compare_to  ? "crit_group_compare was called twice"
                      : g->nregistered ? "crit_group_compare must come before the group's "
                                         "first benchmark"
                                       : NULL;
    if (!setting_ok(g, why == NULL, why ? why : ""))
        return;
    size_t n = strlen(baseline_function_id) + 1;
    g->compare_to = xmalloc(n);
    memcpy(g->compare_to, baseline_function_id, n);
}

void crit_bench(crit_group *g, const char *function_id, crit_bench_fn fn, void *arg) {
    dispatch(g, function_id, NULL, fn, arg);
}

void crit_bench_with_input(crit_group *g, const char *function_id, const char *value,
                           crit_bench_fn fn, void *arg) {
    dispatch(g, function_id, value, fn, arg);
}

void crit_bench_function(crit_runner *r, const char *id, crit_bench_fn fn, void *arg) {
    crit_group *g = crit_group_new(r, id);
    dispatch(g, NULL, NULL, fn, arg);
    crit_group_finish(g);
}

typedef struct command_arg {
    const char *const *argv;
    double timeout;
} command_arg;

static void command_body(crit_bencher *b, void *p) {
    const command_arg *c = p;
    crit_iter_command(b, c->argv, c->timeout);
}

/* A command_arg and its argv copied into one block (freed with free()), for a compared group
 * where the benchmark runs after crit_bench_command has returned. */
static command_arg *command_copy(const char *const *argv, double timeout) {
    size_t n = 0, bytes = 0;
    while (argv[n])
        bytes += strlen(argv[n++]) + 1;
    command_arg *c = xmalloc(sizeof *c + (n + 1) * sizeof(char *) + bytes);
    char **v = (char **)(c + 1);
    char *text = (char *)(v + n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(argv[i]) + 1;
        memcpy(text, argv[i], len);
        v[i] = text;
        text += len;
    }
    v[n] = NULL;
    c->argv = (const char *const *)v;
    c->timeout = timeout;
    return c;
}

void crit_bench_command(crit_group *g, const char *function_id, const char *const *argv) {
    double timeout = crit_group_settings(g).command_timeout;
    if (crit_group_compare_defers(g)) { /* runs at crit_group_finish: argv is copied */
        command_arg *c = command_copy(argv, timeout);
        dispatch_owned(g, function_id, NULL, command_body, c, c);
        return;
    }
    /* argv only has to live through this call: the benchmark runs inside it */
    command_arg c = {argv, timeout};
    dispatch(g, function_id, NULL, command_body, &c);
}
