/* baselines.c: the reference points minipy is compared with: CPython started as a process
 * (`python3 -c "2 + 3"`, with and without site), CPython in-process (exec of compile, and exec
 * of precompiled code) driven through tools/cpython_timer.py and the custom timing loop, and
 * minipy's own CLI started as a process. Without python3 the CPython ones are skipped. The ac6
 * group pairs minipy's cold start with CPython's exec of compile in interleaved rounds
 * (crit_group_compare), so gate AC6 reads one paired ratio instead of two separate runs. */
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "py.h"
#include "suites.h"

extern char **environ;

#define COMMAND_TIMEOUT 60.0
#define TIMER_TIMEOUT_MS 60000 /* the CPython child must answer each request within this */

/* The CPython that is timed: CRIT_PYTHON or python3 from PATH, resolved once to the real
 * executable (sys.executable), so a version manager's shim script is never what gets timed. */
static struct {
    int state; /* 0 not tried, 1 found, -1 missing */
    char exe[PATH_MAX];
    char version[64];
    char why[160];
} python;

static void chomp(char *s) { s[strcspn(s, "\r\n")] = '\0'; }

static bool resolve_python(void) {
    if (python.state != 0)
        return python.state > 0;
    python.state = -1;
    snprintf(python.why, sizeof python.why,
             "%s not found or not working (set CRIT_PYTHON to "
             "a CPython executable)",
             getenv("CRIT_PYTHON") ? "$CRIT_PYTHON" : "python3");
    FILE *p = popen("exec \"${CRIT_PYTHON:-python3}\" -S -c 'import sys, platform; "
                    "print(sys.executable); print(platform.python_version())' 2>/dev/null",
                    "r");
    if (p == NULL)
        return false;
    bool got = fgets(python.exe, sizeof python.exe, p) != NULL &&
               fgets(python.version, sizeof python.version, p) != NULL;
    if (pclose(p) != 0 || !got)
        return false;
    chomp(python.exe);
    chomp(python.version);
    if (python.exe[0] != '/' || access(python.exe, X_OK) != 0)
        return false;
    python.state = 1;
    return true;
}

static void add_python_facts(crit_bencher *b) {
    crit_bencher_context(b, "python_executable", python.exe);
    crit_bencher_context(b, "python_version", python.version);
}

/* Looks for `rel` in the bench binary's directory and up to four levels above it (the binary
 * is build/bin/bench or build/<variant>/bin/bench). Returns false when not found. */
static bool find_near_exe(const char *rel, char *out, size_t cap) {
    char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return false;
    dir[n] = '\0';
    for (int up = 0; up <= 4; up++) {
        char *slash = strrchr(dir, '/');
        if (slash == NULL)
            return false;
        *slash = '\0';
        if (snprintf(out, cap, "%s/%s", dir, rel) < (int)cap && access(out, R_OK) == 0)
            return true;
    }
    return false;
}

/* ---- CPython as a process ---------------------------------------------------------------- */

static void bench_cpython_process(crit_bencher *b, void *arg) {
    const char *const *args = arg; /* what follows the executable */
    if (!resolve_python()) {
        crit_bencher_skip(b, "%s", python.why);
        return;
    }
    const char *argv[6] = {python.exe};
    for (size_t i = 0; args[i] != NULL && i < 4; i++)
        argv[i + 1] = args[i];
    add_python_facts(b);
    crit_iter_command(b, argv, COMMAND_TIMEOUT);
}

/* ---- CPython in-process, through tools/cpython_timer.py ---------------------------------- */

typedef struct timer_child {
    const char *kind; /* "exec" or "vm": the request cpython_timer.py understands */
    pid_t pid;        /* 0 until started */
    FILE *to, *from;
    crit_bencher *b;           /* the current call's bencher, for failure messages */
    struct sigaction old_pipe; /* SIGPIPE is ignored only while the child lives */
    char error[PATH_MAX + 64]; /* why it could not be started, reported by the benchmark */
} timer_child;

static void timer_stop(timer_child *t);

static bool timer_start(timer_child *t, char *why, size_t cap) {
    char script[PATH_MAX];
    if (!find_near_exe("tools/cpython_timer.py", script, sizeof script)) {
        snprintf(why, cap, "tools/cpython_timer.py not found above the bench binary");
        return false;
    }
    int in[2], out[2];
    if (pipe(in) != 0)
        return snprintf(why, cap, "pipe failed"), false;
    if (pipe(out) != 0) {
        close(in[0]), close(in[1]);
        return snprintf(why, cap, "pipe failed"), false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    int fds[] = {in[0], in[1], out[0], out[1]};
    for (size_t i = 0; i < 4; i++)
        posix_spawn_file_actions_addclose(&fa, fds[i]);
    char *argv[] = {python.exe, script, NULL};
    int rc = posix_spawn(&t->pid, python.exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        t->pid = 0;
        close(in[1]), close(out[0]);
        return snprintf(why, cap, "cannot start %s: %s", python.exe, strerror(rc)), false;
    }
    t->to = fdopen(in[1], "w");
    t->from = fdopen(out[0], "r");
    /* a dead child must fail the benchmark, not kill the run */
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigaction(SIGPIPE, &ign, &t->old_pipe);
    if (t->to == NULL || t->from == NULL) {
        if (t->to == NULL)
            close(in[1]);
        if (t->from == NULL)
            close(out[0]);
        timer_stop(t);
        return snprintf(why, cap, "fdopen failed"), false;
    }
    return true;
}

static void timer_stop(timer_child *t) {
    if (t->pid == 0)
        return;
    if (t->to)
        fclose(t->to); /* EOF on its stdin ends the script */
    if (t->from)
        fclose(t->from);
    kill(t->pid, SIGTERM); /* in case it stopped reading */
    waitpid(t->pid, NULL, 0);
    sigaction(SIGPIPE, &t->old_pipe, NULL);
    t->pid = 0;
    t->to = t->from = NULL;
}

/* Reads one answer line, waiting at most TIMER_TIMEOUT_MS. */
static bool timer_read(timer_child *t, char *line, size_t cap) {
    struct pollfd p = {.fd = fileno(t->from), .events = POLLIN};
    return poll(&p, 1, TIMER_TIMEOUT_MS) == 1 && fgets(line, (int)cap, t->from) != NULL;
}

/* crit_iter_custom's callback: CPython times `iters` iterations itself. */
static double timer_measure(uint64_t iters, void *arg) {
    timer_child *t = arg;
    char line[256];
    if (fprintf(t->to, "%s %llu\n", t->kind, (unsigned long long)iters) < 0 || fflush(t->to) != 0 ||
        !timer_read(t, line, sizeof line)) {
        crit_bencher_fail(t->b, "tools/cpython_timer.py stopped answering (%d s limit)",
                          TIMER_TIMEOUT_MS / 1000);
        return -1;
    }
    char *end;
    double ns = strtod(line, &end);
    if (end == line || (*end != '\n' && *end != '\0')) {
        chomp(line);
        crit_bencher_fail(t->b, "tools/cpython_timer.py: %s", line);
        return -1;
    }
    return ns;
}

/* Started before the benchmark when `wanted` (the filter selects it: crit_runner_selects), never
 * inside a timed call, whose wall time sizes the samples, and answered once so CPython's
 * start-up is behind us. */
static void timer_prepare(bool wanted, timer_child *t) {
    char line[256];
    if (!wanted || !resolve_python())
        return;
    if (!timer_start(t, t->error, sizeof t->error))
        return;
    t->b = NULL;
    if (fprintf(t->to, "%s 1\n", t->kind) < 0 || fflush(t->to) != 0 ||
        !timer_read(t, line, sizeof line)) {
        snprintf(t->error, sizeof t->error,
                 "tools/cpython_timer.py did not answer its first "
                 "request");
        timer_stop(t);
    }
}

static void bench_cpython_inprocess(crit_bencher *b, void *arg) {
    timer_child *t = arg;
    if (!resolve_python()) {
        crit_bencher_skip(b, "%s", python.why);
        return;
    }
    if (t->pid == 0) {
        crit_bencher_fail(b, "%s", t->error[0] ? t->error : "the CPython timer is not running");
        return;
    }
    add_python_facts(b);
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
    if (!find_near_exe("minipy", c->path, sizeof c->path) || access(c->path, X_OK) != 0)
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
    timer_stop(&cpython);
    bench_cold_start_free(cold);
}

void bench_baselines(crit_runner *r) {
    static const char *with_site[] = {"-c", "2 + 3", NULL};
    static const char *no_site[] = {"-S", "-c", "2 + 3", NULL};
    /* resolving python3 runs it once: done before any timed call, and only when needed */
    if (crit_runner_selects(r, "cpython_subprocess_baseline") ||
        crit_runner_selects(r, "cpython_subprocess_baseline_nosite"))
        resolve_python();
    crit_bench_function(r, "cpython_subprocess_baseline", bench_cpython_process, with_site);
    crit_bench_function(r, "cpython_subprocess_baseline_nosite", bench_cpython_process, no_site);
    timer_child exec_all = {.kind = "exec"}, vm_only = {.kind = "vm"};
    timer_prepare(crit_runner_selects(r, "cpython_pure_execution"), &exec_all);
    crit_bench_function(r, "cpython_pure_execution", bench_cpython_inprocess, &exec_all);
    timer_stop(&exec_all);
    timer_prepare(crit_runner_selects(r, "cpython_pure_vm"), &vm_only);
    crit_bench_function(r, "cpython_pure_vm", bench_cpython_inprocess, &vm_only);
    timer_stop(&vm_only);
    static minipy_cli cli; /* PATH_MAX bytes: not on the stack */
    if (crit_runner_selects(r, "binary_subprocess_simple"))
        cli_prepare(&cli);
    crit_bench_function(r, "binary_subprocess_simple", bench_minipy_process, &cli);
    bench_ac6(r);
}
