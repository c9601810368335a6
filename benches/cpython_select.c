/* cpython_select.c: which CPython the baselines time. A machine often has several CPython 3
 * builds that differ a lot in speed (Debian's /usr/bin/python3 is built with PGO and LTO, a
 * pyenv build usually is not), and a baseline timed on a slow one flatters minipy. So every
 * candidate found ($CRIT_PYTHON, python3 from PATH, /usr/bin/python3) is resolved to its real
 * executable, timed on a short calibration, and the fastest is the baseline; all of them are
 * recorded in the benchmarks' context. CRIT_PYTHON_ONLY=1 keeps $CRIT_PYTHON alone. */
#include "cpython.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CANDIDATES 3
#define FACT_CAP 4096          /* a context fact's bytes with its NUL (crit_bencher_context) */
#define PROBE_TIMEOUT_MS 30000 /* a candidate must report its sys.executable within this */
#define CAL_ROUNDS 8           /* calibration: best of this many batches ... */
#define CAL_BATCH_NS 6e6       /* ... of about this many ns each */

/* Prints sys.executable, the version and the implementation, one a line; -S: no site. */
static const char probe_code[] = "import sys, platform; print(sys.executable); "
                                 "print(platform.python_version()); "
                                 "print(platform.python_implementation())";

typedef struct candidate {
    char label[PATH_MAX + 16]; /* where it was found: "$CRIT_PYTHON x", "python3 on PATH", ... */
    bench_python py;
    double ns_per_iter; /* its calibration; < 0 when not calibrated (failed, or a duplicate) */
    bool duplicate;     /* same real executable as an earlier candidate: left out */
    char why[PATH_MAX + 64];
} candidate;

static struct {
    int state; /* 0 not tried, 1 chosen, -1 none works */
    candidate c[MAX_CANDIDATES];
    size_t n, working, chosen;
    bool only;
    char candidates[FACT_CAP]; /* python_candidates */
    char selection[128];       /* python_selection */
    char why[FACT_CAP + 128];  /* why none works */
} sel;

static void chomp(char *s) { s[strcspn(s, "\r\n")] = '\0'; }

/* Reads the child's stdout into buf (at most cap - 1 bytes) until EOF or the deadline. */
static bool read_until_eof(int fd, char *buf, size_t cap, int timeout_ms) {
    size_t len = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long spent = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (spent >= timeout_ms || poll(&p, 1, (int)(timeout_ms - spent)) != 1)
            return buf[len] = '\0', false;
        char tmp[512];
        ssize_t got = read(fd, tmp, sizeof tmp);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return buf[len] = '\0', true;
        size_t keep = (size_t)got < cap - 1 - len ? (size_t)got : cap - 1 - len;
        memcpy(buf + len, tmp, keep);
        len += keep;
    }
}

/* Runs `name -S -c probe_code` (name searched in PATH when it has no slash) with its output in
 * out; false with c->why set when it cannot be started, times out or exits non-zero. */
static bool run_probe(candidate *c, const char *name, char *out, size_t cap) {
    int fds[2];
    if (pipe(fds) != 0)
        return snprintf(c->why, sizeof c->why, "pipe failed"), false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char arg0[PATH_MAX], no_site[] = "-S", dash_c[] = "-c", code[sizeof probe_code];
    snprintf(arg0, sizeof arg0, "%s", name);
    memcpy(code, probe_code, sizeof code);
    char *argv[] = {arg0, no_site, dash_c, code, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, name, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        snprintf(c->why, sizeof c->why, "%s", rc == ENOENT ? "not found" : strerror(rc));
        return false;
    }
    bool done = read_until_eof(fds[0], out, cap, PROBE_TIMEOUT_MS);
    close(fds[0]);
    if (!done)
        kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!done)
        return snprintf(c->why, sizeof c->why, "no answer within %d s", PROBE_TIMEOUT_MS / 1000),
               false;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(c->why, sizeof c->why, "exits with %s %d", WIFEXITED(status) ? "status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return false;
    }
    return true;
}

/* Fills c->py from `name`'s own report; false with c->why set when it is not a working
 * CPython 3 whose sys.executable is an executable file. */
static bool probe(candidate *c, const char *name) {
    char out[PATH_MAX + 256];
    if (!run_probe(c, name, out, sizeof out))
        return false;
    char *exe = out, *version = strchr(exe, '\n');
    char *impl = version ? strchr(version + 1, '\n') : NULL;
    if (impl == NULL)
        return snprintf(c->why, sizeof c->why, "unexpected output"), false;
    *version++ = '\0';
    *impl++ = '\0';
    chomp(impl);
    if (strcmp(impl, "CPython") != 0 || strncmp(version, "3.", 2) != 0)
        return snprintf(c->why, sizeof c->why, "not CPython 3 but %.40s %.40s", impl, version),
               false;
    if (exe[0] != '/' || strlen(exe) >= sizeof c->py.exe || access(exe, X_OK) != 0)
        return snprintf(c->why, sizeof c->why, "sys.executable '%.200s' is not executable", exe),
               false;
    snprintf(c->py.exe, sizeof c->py.exe, "%.*s", PATH_MAX - 1, exe);
    snprintf(c->py.version, sizeof c->py.version, "%.63s", version);
    return true;
}

/* Starts c's timer and sizes its batches: `exec 1` (start-up behind us), then `exec 100`, from
 * which *iters is chosen so that a batch takes about CAL_BATCH_NS. False with c->why set. */
static bool calibration_start(candidate *c, bench_timer *t, uint64_t *iters) {
    if (!bench_timer_start(t, c->py.exe, c->why, sizeof c->why))
        return false;
    double ns = bench_timer_request(t, "exec", 1, c->why, sizeof c->why);
    if (ns >= 0)
        ns = bench_timer_request(t, "exec", 100, c->why, sizeof c->why);
    if (ns < 0) {
        bench_timer_stop(t);
        return false;
    }
    double n = CAL_BATCH_NS / (ns > 0 ? ns / 100 : 1);
    *iters = n < 10 ? 10 : n > 1e6 ? 1000000 : (uint64_t)n;
    return true;
}

/* Each working, distinct candidate's ns_per_iter: the best of CAL_ROUNDS batches of `exec N`
 * (the request cpython_pure_execution times), the candidates' batches taken in turn in each
 * round so that a slow spell of the machine hits them all alike. The timers live together, so
 * each one's saved SIGPIPE disposition may be another's: the one from before is put back. */
static void calibrate_all(void) {
    bench_timer t[MAX_CANDIDATES] = {{0}};
    uint64_t iters[MAX_CANDIDATES];
    double best[MAX_CANDIDATES];
    struct sigaction pipe_before;
    sigaction(SIGPIPE, NULL, &pipe_before);
    for (size_t i = 0; i < sel.n; i++) {
        best[i] = -1;
        if (sel.c[i].py.exe[0] && !sel.c[i].duplicate)
            calibration_start(&sel.c[i], &t[i], &iters[i]);
    }
    for (int round = 0; round < CAL_ROUNDS; round++)
        for (size_t i = 0; i < sel.n; i++) {
            if (t[i].pid == 0)
                continue;
            double ns = bench_timer_request(&t[i], "exec", iters[i], sel.c[i].why,
                                            sizeof sel.c[i].why);
            if (ns < 0) {
                bench_timer_stop(&t[i]);
                best[i] = -1;
            } else if (best[i] < 0 || ns < best[i]) {
                best[i] = ns;
            }
        }
    for (size_t i = 0; i < sel.n; i++) {
        if (t[i].pid != 0 && best[i] >= 0)
            sel.c[i].ns_per_iter = best[i] / (double)iters[i];
        bench_timer_stop(&t[i]);
    }
    sigaction(SIGPIPE, &pipe_before, NULL);
}

/* Probes `name` as candidate number sel.n, marking it a duplicate when its real executable is
 * an earlier candidate's. */
static void add_candidate(const char *label, const char *name) {
    candidate *c = &sel.c[sel.n++];
    snprintf(c->label, sizeof c->label, "%s", label);
    c->ns_per_iter = -1;
    if (!probe(c, name))
        return;
    char real[PATH_MAX], other[PATH_MAX];
    if (realpath(c->py.exe, real) == NULL)
        snprintf(real, sizeof real, "%s", c->py.exe);
    for (size_t i = 0; i + 1 < sel.n; i++)
        if (sel.c[i].py.exe[0] && realpath(sel.c[i].py.exe, other) && strcmp(real, other) == 0) {
            c->duplicate = true;
            return;
        }
}

/* Appends one candidate's text to sel.candidates ("; " between entries), truncating safely. */
static void describe(const candidate *c, bool chosen) {
    size_t len = strlen(sel.candidates);
    char *at = sel.candidates + len, time[32];
    size_t room = sizeof sel.candidates - len;
    const char *sep = len > 0 ? "; " : "";
    if (c->ns_per_iter >= 0)
        snprintf(at, room, "%s%s %s: %s/iter%s", sep, c->py.exe, c->py.version,
                 crit_format_time(time, sizeof time, c->ns_per_iter), chosen ? " (chosen)" : "");
    else if (c->py.exe[0])
        snprintf(at, room, "%s%s %s: failed (%s)", sep, c->py.exe, c->py.version, c->why);
    else
        snprintf(at, room, "%s%s: failed (%s)", sep, c->label, c->why);
}

/* sel.candidates: the working candidates fastest first, then the failed ones in order. */
static void describe_all(void) {
    bool listed[MAX_CANDIDATES] = {false};
    for (;;) {
        size_t best = sel.n;
        for (size_t i = 0; i < sel.n; i++)
            if (!listed[i] && !sel.c[i].duplicate && sel.c[i].ns_per_iter >= 0 &&
                (best == sel.n || sel.c[i].ns_per_iter < sel.c[best].ns_per_iter))
                best = i;
        if (best == sel.n)
            break;
        listed[best] = true;
        describe(&sel.c[best], sel.working == 0);
        if (sel.working++ == 0)
            sel.chosen = best;
    }
    for (size_t i = 0; i < sel.n; i++)
        if (!listed[i] && !sel.c[i].duplicate)
            describe(&sel.c[i], false);
}

static void find_candidates(void) {
    const char *env = getenv("CRIT_PYTHON"), *only = getenv("CRIT_PYTHON_ONLY");
    sel.only = only != NULL && only[0] != '\0' && strcmp(only, "0") != 0;
    if (env != NULL && env[0] != '\0') {
        char label[PATH_MAX + 16];
        snprintf(label, sizeof label, "$CRIT_PYTHON %.*s", PATH_MAX - 1, env);
        add_candidate(label, env);
    }
    if (sel.only)
        return;
    add_candidate("python3 on PATH", "python3");
    add_candidate("/usr/bin/python3", "/usr/bin/python3");
}

const bench_python *bench_python_select(const char **why) {
    if (sel.state == 0) {
        find_candidates();
        calibrate_all();
        describe_all();
        sel.state = sel.working > 0 ? 1 : -1;
        if (sel.only)
            snprintf(sel.selection, sizeof sel.selection, "$CRIT_PYTHON only (CRIT_PYTHON_ONLY=1)");
        else
            snprintf(sel.selection, sizeof sel.selection, "fastest of %zu by calibration",
                     sel.working);
        if (sel.n == 0)
            snprintf(sel.why, sizeof sel.why, "CRIT_PYTHON_ONLY=1 but CRIT_PYTHON is not set");
        else
            snprintf(sel.why, sizeof sel.why,
                     "no working CPython 3: %s; set CRIT_PYTHON to a CPython executable",
                     sel.candidates);
    }
    *why = sel.why;
    return sel.state > 0 ? &sel.c[sel.chosen].py : NULL;
}

void bench_python_add_facts(crit_bencher *b) {
    if (sel.state <= 0)
        return;
    crit_bencher_context(b, "python_executable", sel.c[sel.chosen].py.exe);
    crit_bencher_context(b, "python_version", sel.c[sel.chosen].py.version);
    crit_bencher_context(b, "python_candidates", sel.candidates);
    crit_bencher_context(b, "python_selection", sel.selection);
}
