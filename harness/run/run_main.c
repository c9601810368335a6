/* run_main.c: crit_main, one process's run: options, console, the checks before anything is
 * measured (output directory, history database, valgrind, OLD), every registered target through
 * runner.c, then the report index, the exports, the history record and the exit status. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_lock.h"
#include "console.h"
#include "context.h"
#include "history.h"
#include "instructions.h"
#include "options.h"
#include "paired.h"
#include "report.h"
#include "run_output.h"
#include "runner.h"
#include "shard.h"
#include "store.h"

/* Google Benchmark's and pyperf's run-level warnings: a debug or sanitizer build, a governor
 * other than performance, a load average above the core count. */
static void warn_about_context(crit_runner *r) {
    char lines[4][160];
    crit_context c = r->ctx;
    c.load_average = crit_context_load_average();
    size_t n = crit_context_warnings(&c, lines, 4);
    for (size_t i = 0; i < n; i++)
        crit_console_message(&r->con, "warning: %s", lines[i]);
}

static bool want_color(crit_color_mode m, FILE *f) {
    if (m == CRIT_COLOR_ALWAYS)
        return true;
    if (m == CRIT_COLOR_NEVER)
        return false;
    const char *no = getenv("NO_COLOR");
    if (no && *no)
        return false;
    return isatty(fileno(f));
}

/* Where and how the run prints: under --message-format json stdout carries only the JSON
 * lines. */
static void open_console(crit_runner *r) {
    r->con.out = r->opt.message_json ? stderr : stdout;
    r->con.err = stderr;
    r->con.color = want_color(r->opt.color, r->con.out);
    r->con.color_err = want_color(r->opt.color, stderr);
    r->con.overwrite = isatty(fileno(stderr)) && !r->opt.list && !r->opt.test;
    r->con.verbosity = r->opt.quiet     ? CRIT_VERBOSITY_QUIET
                       : r->opt.verbose ? CRIT_VERBOSITY_VERBOSE
                                        : CRIT_VERBOSITY_NORMAL;
}

/* The output directory is writable and the baseline this run saves fits its file system,
 * checked before anything is measured (exit status 2 otherwise). */
static int preflight(crit_runner *r) {
    char err[700];
    bool saves = r->opt.baseline_mode == CRIT_BASELINE_SAVE && !r->opt.against && !r->opt.aa;
    if (crit_store_preflight(r->opt.output_dir, saves ? r->opt.baseline : NULL, err, sizeof err) !=
        0) {
        crit_console_message(&r->con, "error: %s", err);
        return -1;
    }
    char path[4096]; /* --record: the history database opens (created, migrated) now */
    if (r->opt.record &&
        crit_history_preflight(crit_options_record_path(&r->opt, path, sizeof path), err,
                               sizeof err) != 0) {
        crit_console_message(&r->con, "error: --record: %s", err);
        return -1;
    }
    return 0;
}

/* --record: the run into the history database, one line saying where. */
static int record_run(crit_runner *r, const char *executable) {
    char id[96], err[700], path[4096];
    if (crit_run_output_record(&r->output, &r->opt, &r->ctx, executable, id, sizeof id, err,
                               sizeof err) != 0) {
        crit_console_message(&r->con, "error: --record: %s", err);
        return -1;
    }
    crit_options_record_path(&r->opt, path, sizeof path);
    if (id[0])
        crit_console_message(&r->con, "history: run %s (%zu results) recorded in %s", id,
                             r->output.n, path);
    return 0;
}

/* The report index and group pages, under the output directory's lock (bench_lock.h), so two
 * runs' pages never mix. */
static void write_index(crit_runner *r) {
    char err[512];
    crit_lock lk;
    if (crit_runner_lock_output(r, &lk) != 0)
        return;
    if ((r->opt.instructions ? crit_instructions_index(r, err, sizeof err)
                             : crit_report_index(r->opt.output_dir, err, sizeof err)) != 0)
        crit_console_message(&r->con, "warning: no HTML report index: %s", err);
    crit_lock_release(&lk);
}

/* What must hold before the first benchmark (each prints its own error line): the output
 * directory (preflight), valgrind for --measure instructions, OLD for --against. Returns 0 or
 * -1 (exit status 2). */
static int ready_to_measure(crit_runner *r) {
    bool measures = !r->opt.list && !r->opt.test;
    if (measures && !r->opt.load_baseline && preflight(r) != 0)
        return -1;
    if (measures && r->opt.instructions && crit_instructions_check() != 0)
        return -1;
    if ((r->opt.against || r->opt.aa) && crit_paired_start(r, "/proc/self/exe") != 0)
        return -1;
    return 0;
}

int crit_main(int argc, char **argv, const crit_target_fn *targets, size_t ntargets) {
    crit_runner r;
    char err[512];
    memset(&r, 0, sizeof r);
    if (crit_options_parse(argc, argv, &r.opt, err, sizeof err)) {
        fprintf(stderr, "error: %s\n", err);
        return 2;
    }
    if (r.opt.help) {
        crit_options_print_usage(stdout);
        return 0;
    }
    if (r.opt.serve) { /* OLD's side of --against: quiet, answers on the protocol only */
        r.con.out = r.con.err = stderr;
        r.con.verbosity = CRIT_VERBOSITY_QUIET;
        return crit_serve_main(&r, targets, ntargets);
    }
    if (r.opt.filter && !r.opt.exact) {
        int rc = regcomp(&r.re, r.opt.filter, REG_EXTENDED | REG_NOSUB);
        if (rc) {
            regerror(rc, &r.re, err, sizeof err);
            fprintf(stderr, "error: invalid FILTER regex '%s': %s\n", r.opt.filter, err);
            return 2;
        }
        r.has_re = true;
    }
    open_console(&r);
    if (!r.opt.list && !r.opt.test) {
        crit_context_collect(&r.ctx, r.opt.seed);
        warn_about_context(&r);
    }
    if (ready_to_measure(&r) != 0) {
        if (r.has_re)
            regfree(&r.re);
        return 2;
    }
    for (size_t i = 0; i < ntargets; i++)
        targets[i](&r);
    crit_console_end_status(&r.con);
    if (r.opt.against || r.opt.aa)
        crit_paired_finish(&r, crit_shard_matches);
    if (r.has_re)
        regfree(&r.re);
    crit_shard_finish(&r);
    if (r.nmatched == 0 && r.nelsewhere == 0 && r.opt.filter)
        crit_console_message(&r.con, "warning: no benchmark matched '%s'", r.opt.filter);
    if (r.nskipped)
        crit_console_message(&r.con, "note: %zu benchmark%s skipped", r.nskipped,
                             r.nskipped == 1 ? " was" : "s were");
    if (r.output.nstolen > 1)
        crit_console_message(&r.con,
                             "note: more than %.0f%% of CPU time was stolen during %zu "
                             "benchmarks (up to %.1f%%)",
                             CRIT_STEAL_WARN_PERCENT, r.output.nstolen, r.output.max_steal);
    if (r.output.n > 0 && crit_runner_wants_report(&r))
        write_index(&r);
    if (!r.opt.list && !r.opt.test &&
        crit_run_output_export(&r.output, &r.opt, &r.ctx, argv[0], err, sizeof err) != 0) {
        crit_console_message(&r.con, "error: %s", err);
        crit_run_output_fini(&r.output);
        return 1;
    }
    if (r.opt.record && record_run(&r, argv[0]) != 0) {
        crit_run_output_fini(&r.output);
        return 1;
    }
    crit_run_output_fini(&r.output);
    if (r.nfailed) {
        crit_console_message(&r.con, "error: %zu benchmark%s failed", r.nfailed,
                             r.nfailed == 1 ? "" : "s");
        return 1;
    }
    if (r.nregressed && r.opt.fail_on_regression) {
        crit_console_message(&r.con, "error: %zu benchmark%s regressed (--fail-on-regression)",
                             r.nregressed, r.nregressed == 1 ? "" : "s");
        return 3;
    }
    return 0;
}
