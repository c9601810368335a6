/* cpython.h: the CPython side of the baselines (baselines.c): the helper process that runs
 * tools/cpython_timer.py (cpython_timer.c) and the choice of which CPython is timed, the fastest
 * of the candidates found on this machine (cpython_select.c). */
#ifndef BENCH_CPYTHON_H
#define BENCH_CPYTHON_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "crit.h"

/* Looks for `rel` in the bench binary's directory and up to four levels above it (the binary
 * is build/bin/bench or build/<variant>/bin/bench), writing the path to out. Returns false when
 * not found. */
bool bench_find_near_exe(const char *rel, char *out, size_t cap);

/* A running `EXE tools/cpython_timer.py`: requests on `to`, answers on `from`. pid is 0 when
 * not running. SIGPIPE is ignored while it runs (a dead child fails a request, not the run). */
typedef struct bench_timer {
    pid_t pid;
    FILE *to, *from;
    struct sigaction old_pipe;
} bench_timer;

/* Starts tools/cpython_timer.py under the CPython executable `exe` (an absolute path) in t,
 * which must not be running. Returns false with a one-line reason in why (cap bytes) when it
 * cannot (script not found, spawn failed). Does not wait for the child to answer. */
bool bench_timer_start(bench_timer *t, const char *exe, char *why, size_t cap);

/* Sends "<kind> <iters>" (kind "exec" or "vm", see cpython_timer.py) and returns the ns the
 * child measured for the iters iterations, or -1 with a one-line reason in why when it does
 * not answer a number within 60 s. */
double bench_timer_request(bench_timer *t, const char *kind, uint64_t iters, char *why, size_t cap);

/* Ends the child (EOF on its stdin, then SIGTERM) and waits for it; nothing when not running. */
void bench_timer_stop(bench_timer *t);

/* The CPython to time. */
typedef struct bench_python {
    char exe[PATH_MAX]; /* its sys.executable: absolute, a real binary rather than a shim */
    char version[64];   /* platform.python_version() */
} bench_python;

/* The CPython every CPython benchmark of this process times, chosen on the first call: the
 * candidates ($CRIT_PYTHON, python3 from PATH, /usr/bin/python3; only $CRIT_PYTHON when
 * CRIT_PYTHON_ONLY=1) are resolved to their sys.executable, deduplicated by real path, and
 * each working one is timed on a short calibration (`exec` of compile through
 * tools/cpython_timer.py, best of a few batches); the one with the smallest time per iteration
 * is chosen. Runs child processes for a fraction of a second: call it outside timed code.
 * Returns NULL when no candidate works, with *why (static text) saying why for each. */
const bench_python *bench_python_select(const char **why);

/* Records the selection in b's context (crit_bencher_context): python_executable and
 * python_version (the chosen one), python_candidates (every candidate, its version and
 * calibration time or why it failed, fastest first) and python_selection (how it was chosen).
 * Call after bench_python_select returned non-NULL. */
void bench_python_add_facts(crit_bencher *b);

#endif
