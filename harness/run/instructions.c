/* instructions.c: --measure instructions (instructions.h): the native sizing run, the
 * callgrind child, the two dumps' difference, and the files, baseline and verdict. */
#include "instructions.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "bench_lock.h"
#include "callgrind.h"
#include "fs.h"
#include "measure.h"
#include "report.h"
#include "store.h"

extern char **environ;

/* Native time a sizing run aims at: K iterations take about this long natively (callgrind then
 * runs them some 50-100 times slower, three times over). */
#define SIZING_NS 1e6
/* Longest a callgrind child may take. */
#define CHILD_TIMEOUT_S 900.0

/* The first executable `name` on PATH, into buf; false when there is none. */
static bool on_path(const char *name, char *buf, size_t len) {
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(buf, len, "%.*s/%s", (int)n, n ? p : ".", name);
        if (access(buf, X_OK) == 0)
            return true;
        p += n + (p[n] == ':');
    }
    return false;
}

int crit_instructions_check(void) {
    char buf[4096];
    if (!crit_measure_instructions_supported()) {
        fprintf(stderr, "error: --measure instructions: this program was built without "
                        "<valgrind/callgrind.h>; install Debian's valgrind package "
                        "(apt-get install valgrind) and rebuild it\n");
        return 2;
    }
    if (!on_path("valgrind", buf, sizeof buf)) {
        fprintf(stderr, "error: --measure instructions needs valgrind, which is not on PATH; "
                        "install Debian's valgrind package (apt-get install valgrind)\n");
        return 2;
    }
    return 0;
}

/* ---- the child, under callgrind ------------------------------------------------------------ */

void crit_instructions_child(crit_runner *r, crit_bench_fn fn, void *arg) {
    uint64_t k = r->opt.instructions_child;
    crit_bencher b = {0};
    double ns;
    b.count_instructions = true; /* collection is still off: nothing counted yet */
    int rc = crit_measure_once(&b, fn, arg, k, &ns);
    if (rc == 0) {
        crit_measure_instructions_start();
        rc = crit_measure_once(&b, fn, arg, k, &ns);
        crit_measure_instructions_dump("crit: first count");
    }
    if (rc == 0) {
        rc = crit_measure_once(&b, fn, arg, 2 * k, &ns);
        crit_measure_instructions_dump("crit: second count");
    }
    if (rc == 0)
        fprintf(stderr, "crit-instructions: ok\n");
    else
        fprintf(stderr, "crit-instructions: %s: %s\n", b.skipped ? "skipped" : "failed", b.message);
    r->nmatched++;
}

/* ---- the parent ------------------------------------------------------------------------------- */

/* K: iterations that take about SIZING_NS natively (doubling from 1, at most 2^20). */
static int sizing(crit_bench_fn fn, void *arg, uint64_t *k, crit_bencher *b) {
    double ns = 0;
    b->count_instructions = true; /* no-ops natively; custom and command benchmarks skip */
    for (uint64_t it = 1;; it *= 2) {
        int rc = crit_measure_once(b, fn, arg, it, &ns);
        if (rc)
            return rc;
        if (ns >= SIZING_NS || it >= (uint64_t)1 << 20) {
            *k = it;
            return 0;
        }
    }
}

/* Waits for pid at most CHILD_TIMEOUT_S; kills it past that. Returns its wait status or -1. */
static int wait_for(pid_t pid) {
    struct timespec step = {0, 5000000};
    for (double waited = 0; waited < CHILD_TIMEOUT_S; waited += 0.005) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            return st;
        if (w < 0 && errno != EINTR)
            return -1;
        nanosleep(&step, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

/* Runs the program under callgrind for `id` with K, files in dir. 0, or -1 with err set. */
static int run_child(const crit_runner *r, const char *id, uint64_t k, const char *dir, char *err,
                     size_t errlen) {
    char self[PATH_MAX], vg[4096], out[PATH_MAX + 64], log[PATH_MAX + 64], errf[PATH_MAX + 64],
        ks[32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || !on_path("valgrind", vg, sizeof vg))
        return snprintf(err, errlen, "cannot find this program or valgrind"), -1;
    self[n] = '\0';
    snprintf(out, sizeof out, "--callgrind-out-file=%s/callgrind.out", dir);
    snprintf(log, sizeof log, "--log-file=%s/valgrind.log", dir);
    snprintf(errf, sizeof errf, "%s/child.err", dir);
    snprintf(ks, sizeof ks, "%llu", (unsigned long long)k);
    const char *args[] = {vg,
                          "--tool=callgrind",
                          "--instr-atstart=no",
                          "--collect-atstart=no",
                          out,
                          log,
                          r->opt.cache_sim ? "--cache-sim=yes" : "--cache-sim=no",
                          self,
                          "--instructions-child",
                          ks,
                          "--exact",
                          id,
                          "--noplot",
                          "--output-dir",
                          dir};
    enum { NARGS = sizeof args / sizeof args[0] };
    char *argv[NARGS + 1] = {0};
    bool ok = true;
    for (size_t i = 0; i < NARGS; i++) /* posix_spawn wants char *: copies */
        ok = ok && (argv[i] = strdup(args[i])) != NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = ok ? posix_spawn(&pid, vg, &fa, NULL, argv, environ) : ENOMEM;
    posix_spawn_file_actions_destroy(&fa);
    for (size_t i = 0; i < NARGS; i++)
        free(argv[i]);
    if (rc != 0)
        return snprintf(err, errlen, "cannot start valgrind: %s", strerror(rc)), -1;
    int st = wait_for(pid);
    if (st == -1)
        return snprintf(err, errlen, "callgrind did not finish within %g s", CHILD_TIMEOUT_S), -1;
    return 0;
}

/* The child's last "crit-instructions: ..." line: 0 ok, 1 skipped, -1 failed (message in why). */
static int child_outcome(const char *dir, char *why, size_t len) {
    char *path = crit_fs_join(dir, "child.err", (char *)NULL), *buf = NULL, e[256];
    size_t n = 0;
    int rc = -1;
    snprintf(why, len, "the program under callgrind ended without a result (see %s)", dir);
    if (path && crit_fs_read_file(path, &buf, &n, e, sizeof e) == 0) {
        char *line = NULL;
        for (char *p = strstr(buf, "crit-instructions: "); p;
             p = strstr(p + 1, "crit-instructions: "))
            line = p + strlen("crit-instructions: ");
        if (line) {
            line[strcspn(line, "\n")] = '\0';
            if (!strcmp(line, "ok"))
                rc = 0;
            else if (!strncmp(line, "skipped: ", 9))
                rc = 1, snprintf(why, len, "%s", line + 9);
            else
                snprintf(why, len, "%s", line + (strncmp(line, "failed: ", 8) ? 0 : 8));
        }
    }
    free(buf);
    free(path);
    return rc;
}

/* One event's count in dump `part` of dir/callgrind.out (callgrind leaves zero counts out of
 * its totals line; an event it names reads 0 then). */
static int event_of(const char *dir, int part, const char *event, double *v, char *err,
                    size_t errlen) {
    char name[32];
    snprintf(name, sizeof name, "callgrind.out.%d", part);
    char *path = crit_fs_join(dir, name, (char *)NULL);
    crit_callgrind_totals t;
    bool found = false;
    int rc = path ? crit_callgrind_read_totals(path, &t, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        *v = (double)crit_callgrind_event(&t, event, &found);
    if (rc == 0 && !found)
        rc = (snprintf(err, errlen, "%s has no %s counts", path, event), -CRIT_EPARSE);
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(path);
    return rc;
}

/* Per-iteration difference of the two dumps, summed over the events. */
static int per_iter(const char *dir, uint64_t k, const char *const *events, double *out, char *err,
                    size_t errlen) {
    *out = 0;
    for (; *events; events++) {
        double a, b;
        int rc = event_of(dir, 1, *events, &a, err, errlen);
        if (rc == 0)
            rc = event_of(dir, 2, *events, &b, err, errlen);
        if (rc)
            return rc;
        *out += (b - a) / (double)k;
    }
    return 0;
}

static int counts(const crit_runner *r, const char *dir, uint64_t k, crit_instructions *in,
                  char *err, size_t errlen) {
    static const char *const ir[] = {"Ir", NULL}, *const l1[] = {"I1mr", "D1mr", "D1mw", NULL},
                             *const ll[] = {"ILmr", "DLmr", "DLmw", NULL};
    memset(in, 0, sizeof *in);
    in->iters[0] = k;
    in->iters[1] = 2 * k;
    int rc = per_iter(dir, k, ir, &in->instructions, err, errlen);
    if (rc == 0 && r->opt.cache_sim) {
        in->cache_sim = true;
        rc = per_iter(dir, k, l1, &in->l1_misses, err, errlen);
        if (rc == 0)
            rc = per_iter(dir, k, ll, &in->ll_misses, err, errlen);
        /* the first count's cold misses can make a difference dip just below 0: none */
        in->l1_misses = in->l1_misses > 0 ? in->l1_misses : 0;
        in->ll_misses = in->ll_misses > 0 ? in->ll_misses : 0;
        in->estimated_cycles = in->instructions + 5 * in->l1_misses + 35 * in->ll_misses;
    }
    return rc;
}

/* The baseline to compare with, by the run's baseline mode: 1 loaded, 0 none, -1 fail. */
static int load_base(crit_runner *r, const crit_bench_id *id, crit_instructions *base) {
    char err[1200], why[1400];
    int rc = crit_store_load_instructions(r->opt.output_dir, id, r->opt.baseline, base, err,
                                          sizeof err);
    bool strict = r->opt.baseline_mode == CRIT_BASELINE_COMPARE_STRICT;
    if (rc == 0)
        return 1;
    if (rc == -CRIT_ENOENT && !strict)
        return 0;
    if (rc == -CRIT_ENOENT)
        snprintf(why, sizeof why,
                 "instruction baseline '%s' must exist before comparison is allowed; try "
                 "--measure instructions --save-baseline %s",
                 r->opt.baseline, r->opt.baseline);
    else
        snprintf(why, sizeof why, "instruction baseline '%s' is unreadable (%s)", r->opt.baseline,
                 err);
    crit_runner_fail_bench(r, id->title, why);
    return -1;
}

/* Console, files, baseline. */
static void finish(crit_runner *r, const crit_bench_id *id, const crit_instructions *in,
                   const char *dir) {
    char err[1200];
    crit_instructions base;
    crit_change ch;
    int have = load_base(r, id, &base);
    if (have < 0)
        return;
    crit_analysis_config cfg = {.confidence_level = r->opt.settings.confidence_level,
                                .significance_level = r->opt.settings.significance_level,
                                .noise_threshold = r->opt.explicit_set & CRIT_SET_NOISE
                                                       ? r->opt.settings.noise_threshold
                                                       : 0};
    bool compared = have &&
                    crit_analyze_count_change(in->instructions, base.instructions, &cfg, &ch) == 0;
    crit_console_instructions(&r->con, id, in, compared ? &ch : NULL);
    if (crit_run_output_add_instructions(&r->output, id, in, compared ? &ch : NULL) != 0)
        crit_runner_fail_bench(r, id->title, "out of memory keeping its record for the exports");
    if (compared && ch.verdict == CRIT_VERDICT_REGRESSED)
        r->nregressed++;
    char *cg = crit_fs_join(dir, "callgrind.out.2", (char *)NULL);
    crit_lock lk; /* the files are written as one step against other runs (bench_lock.h) */
    if (crit_runner_lock_bench(r, id, &lk) != 0) {
        free(cg);
        return;
    }
    if (crit_store_write_instructions(r->opt.output_dir, id, in, compared ? &ch : NULL, cg, err,
                                      sizeof err) != 0) {
        crit_runner_fail_bench(r, id->title, err);
    } else {
        if (r->opt.baseline_mode == CRIT_BASELINE_SAVE)
            crit_runner_save_baseline(r, id, true);
        if (!r->opt.noplot && crit_report_instructions(r->opt.output_dir, id, in,
                                                       compared ? &ch : NULL, err, sizeof err) != 0)
            crit_console_message(&r->con, "warning: %s: no HTML report: %s", id->title, err);
    }
    crit_lock_release(&lk);
    free(cg);
}

void crit_instructions_bench(crit_runner *r, const crit_bench_id *id, crit_bench_fn fn, void *arg) {
    char err[1200], dir[] = "/tmp/crit-callgrind.XXXXXX";
    crit_bencher b = {0};
    uint64_t k = 0;
    crit_console_status(&r->con, "Benchmarking %s: Sizing", id->title);
    if (sizing(fn, arg, &k, &b) != 0) {
        crit_runner_end_bench(r, id->title, &b);
        return;
    }
    if (!mkdtemp(dir)) {
        crit_runner_fail_bench(r, id->title, "cannot create a temporary directory");
        return;
    }
    crit_console_status(&r->con,
                        "Benchmarking %s: Counting %llu and %llu iterations under "
                        "callgrind",
                        id->title, (unsigned long long)k, (unsigned long long)(2 * k));
    crit_instructions in;
    int outcome = -1;
    if (run_child(r, id->full_id, k, dir, err, sizeof err) == 0 &&
        (outcome = child_outcome(dir, err, sizeof err)) == 0 &&
        counts(r, dir, k, &in, err, sizeof err) == 0)
        finish(r, id, &in, dir);
    else if (outcome == 1) {
        crit_console_message(&r->con, "%s: skipped: %s", id->title, err);
        r->nskipped++;
    } else
        crit_runner_fail_bench(r, id->title, err);
    (void)crit_fs_remove_tree(dir, NULL, 0);
}

int crit_instructions_index(const crit_runner *r, char *err, size_t errlen) {
    const crit_run_output *o = &r->output;
    crit_report_count *c = calloc(o->n ? o->n : 1, sizeof *c);
    size_t n = 0;
    if (!c)
        return snprintf(err, errlen, "out of memory"), -CRIT_ENOMEM;
    for (size_t i = 0; i < o->n; i++)
        if (o->recs[i].has_instructions)
            c[n++] = (crit_report_count){&o->recs[i].id, o->recs[i].instructions.instructions,
                                         o->recs[i].compared ? &o->recs[i].change : NULL};
    int rc = crit_report_instructions_index(r->opt.output_dir, c, n, err, errlen);
    free(c);
    return rc;
}
