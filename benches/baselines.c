/* baselines.c: the reference points minipy is compared with: CPython started as a process
 * (`python3 -c "2 + 3"`, with and without site), CPython in-process (exec of compile, and exec
 * of precompiled code) driven through tools/cpython_timer.py and the custom timing loop, and
 * minipy's own CLI started as a process. The CPython timed is the fastest one found on the
 * machine (cpython_select.c); without any the CPython ones are skipped. The ac6
 * group pairs minipy's cold start with CPython's exec of compile in interleaved rounds
 * (crit_group_compare), so gate AC6 reads one paired ratio instead of two separate runs. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cpython.h"
#include "py.h"
#include "suites.h"

#define COMMAND_TIMEOUT 60.0

/* The CPython to time (cpython_select.c: the fastest candidate), or NULL with a reason that
 * skips the benchmark. Chosen on the first call, before any timed call. */
static const bench_python *python_or_skip(crit_bencher *b) {
    const char *why;
    const bench_python *py = bench_python_select(&why);
    if (py == NULL)
        crit_bencher_skip(b, "%s", why);
    return py;
}

/* ---- CPython as a process ---------------------------------------------------------------- */

static void bench_cpython_process(crit_bencher *b, void *arg) {
    const char *const *args = arg; /* what follows the executable */
    const bench_python *py = python_or_skip(b);
    if (py == NULL)
        return;
    const char *argv[6] = {py->exe};
    for (size_t i = 0; args[i] != NULL && i < 4; i++)
        argv[i + 1] = args[i];
    bench_python_add_facts(b);
    crit_iter_command(b, argv, COMMAND_TIMEOUT);
}

/* ---- CPython in-process, through tools/cpython_timer.py ---------------------------------- */

typedef struct timer_child {
    const char *kind;          /* "exec" or "vm": the request cpython_timer.py understands */
    bench_timer t;             /* its pid is 0 until started */
    crit_bencher *b;           /* the current call's bencher, for failure messages */
    char error[PATH_MAX + 64]; /* why it could not be started, reported by the benchmark */
} timer_child;

/* crit_iter_custom's callback: CPython times `iters` iterations itself. */
static double timer_measure(uint64_t iters, void *arg) {
    timer_child *t = arg;
    char why[320];
    double ns = bench_timer_request(&t->t, t->kind, iters, why, sizeof why);
    if (ns < 0)
        crit_bencher_fail(t->b, "%s", why);
    return ns;
}

/* Started before the benchmark when `wanted` (the filter selects it: crit_runner_selects), never
 * inside a timed call, whose wall time sizes the samples, and answered once so CPython's
 * start-up is behind us. The choice of CPython (its calibration) happens here the first time. */
static void timer_prepare(bool wanted, timer_child *t) {
    const char *why;
    const bench_python *py = wanted ? bench_python_select(&why) : NULL;
    if (py == NULL || !bench_timer_start(&t->t, py->exe, t->error, sizeof t->error))
        return;
    t->b = NULL;
    if (bench_timer_request(&t->t, t->kind, 1, t->error, sizeof t->error) < 0) {
        snprintf(t->error, sizeof t->error,
                 "tools/cpython_timer.py did not answer its first "
                 "request");
        bench_timer_stop(&t->t);
    }
}

static void bench_cpython_inprocess(crit_bencher *b, void *arg) {
    timer_child *t = arg;
    if (python_or_skip(b) == NULL)
        return;
    if (t->t.pid == 0) {
        crit_bencher_fail(b, "%s", t->error[0] ? t->error : "the CPython timer is not running");
        return;
    }
    bench_python_add_facts(b);
    t->b = b;
    crit_iter_custom(b, timer_measure, t);
}

/* ---- minipy's CLI as a process ----------------------------------------------------------- */

/* libpy allocations of what one `minipy -c "2 + 3"` does (a new state, the program, its value
 * formatted), counted in this process: the child's own counter cannot be read. */
static void count_cli_allocations(double *count, double *bytes) {
    py_state *s = py_state_new();
    py_value v;
    const char *text;
    size_t len;
    py_alloc_stats a;
    *count = *bytes = -1;
    if (s != NULL && py_run(s, "2 + 3", 5, &v) == PY_OK &&
        py_format(s, v, 1, &text, &len) == PY_OK) {
        py_state_alloc_stats(s, &a);
        *count = (double)a.count;
        *bytes = (double)a.bytes;
    }
    py_state_free(s);
}

/* The CLI to start and its libpy allocations, found before the benchmark runs. */
typedef struct minipy_cli {
    char path[PATH_MAX]; /* "" when not found beside the bench binary */
    double allocs, bytes;
} minipy_cli;

static void cli_prepare(minipy_cli *c) {
    if (!bench_find_near_exe("minipy", c->path, sizeof c->path) || access(c->path, X_OK) != 0)
        c->path[0] = '\0';
    else
        count_cli_allocations(&c->allocs, &c->bytes);
}

static void bench_minipy_process(crit_bencher *b, void *arg) {
    const minipy_cli *c = arg;
    if (c->path[0] == '\0') {
        crit_bencher_fail(b, "minipy not found beside the bench binary (run make)");
        return;
    }
    if (c->allocs < 0) {
        crit_bencher_fail(b, "could not run 2 + 3 in-process to count the CLI's allocations");
        return;
    }
    const char *argv[] = {c->path, "-c", "2 + 3", NULL};
    crit_bencher_metric(b, "allocs_per_iter", c->allocs);
    crit_bencher_metric(b, "bytes_per_iter", c->bytes);
    crit_iter_command(b, argv, COMMAND_TIMEOUT);
}

/* ---- AC6: minipy's cold start paired with CPython in-process --------------------------- */

/* ac6/minipy_cold_start (cold_start_simple's body) and ac6/cpython_pure_execution
 * (cpython_pure_execution's), measured in the same interleaved rounds with one iteration count;
 * the minipy member's metrics.json "relative" is its time over CPython's, which gate AC6 reads.
 * The members run at crit_group_finish, so the CPython timer and the cold-start state live
 * until then, and the timer is started when either member is selected (the baseline always
 * runs with the other). The separate benchmarks above stay: other tools read them. */
static void bench_ac6(crit_runner *r) {
    timer_child cpython = {.kind = "exec"};
    bench_cold_start *cold = bench_cold_start_new();
    timer_prepare(crit_runner_selects(r, "ac6/minipy_cold_start") ||
                      crit_runner_selects(r, "ac6/cpython_pure_execution"),
                  &cpython);
    crit_group *g = crit_group_new(r, "ac6");
    crit_group_compare(g, "cpython_pure_execution");
    crit_bench(g, "minipy_cold_start", bench_cold_start_run, cold);
    crit_bench(g, "cpython_pure_execution", bench_cpython_inprocess, &cpython);
    crit_group_finish(g);
    bench_timer_stop(&cpython.t);
    bench_cold_start_free(cold);
}

void bench_baselines(crit_runner *r) {
    static const char *with_site[] = {"-c", "2 + 3", NULL};
    static const char *no_site[] = {"-S", "-c", "2 + 3", NULL};
    /* choosing the CPython runs each candidate: done before any timed call, only when needed */
    const char *why;
    if (crit_runner_selects(r, "cpython_subprocess_baseline") ||
        crit_runner_selects(r, "cpython_subprocess_baseline_nosite"))
        bench_python_select(&why);
    crit_bench_function(r, "cpython_subprocess_baseline", bench_cpython_process, with_site);
    crit_bench_function(r, "cpython_subprocess_baseline_nosite", bench_cpython_process, no_site);
    timer_child exec_all = {.kind = "exec"}, vm_only = {.kind = "vm"};
    timer_prepare(crit_runner_selects(r, "cpython_pure_execution"), &exec_all);
    crit_bench_function(r, "cpython_pure_execution", bench_cpython_inprocess, &exec_all);
    bench_timer_stop(&exec_all.t);
    timer_prepare(crit_runner_selects(r, "cpython_pure_vm"), &vm_only);
    crit_bench_function(r, "cpython_pure_vm", bench_cpython_inprocess, &vm_only);
    bench_timer_stop(&vm_only.t);
    static minipy_cli cli; /* PATH_MAX bytes: not on the stack */
    if (crit_runner_selects(r, "binary_subprocess_simple"))
        cli_prepare(&cli);
    crit_bench_function(r, "binary_subprocess_simple", bench_minipy_process, &cli);
    bench_ac6(r);
}
