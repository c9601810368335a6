/* cpython_timer.c: the helper process of the in-process CPython baselines and of the choice of
 * CPython: `EXE tools/cpython_timer.py` started with pipes on its stdin and stdout, sent
 * "<kind> <iters>" requests and read for the ns it measured (the protocol is the script's). */
#include "cpython.h"

#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define TIMER_TIMEOUT_MS 60000 /* the CPython child must answer each request within this */

bool bench_find_near_exe(const char *rel, char *out, size_t cap) {
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

/* Spawns argv (argv[0] = exe) with stdin from in[0] and stdout to out[1]; 0 or an errno. */
static int spawn_piped(pid_t *pid, const char *exe, char *const argv[], int in[2], int out[2]) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    int fds[] = {in[0], in[1], out[0], out[1]};
    for (size_t i = 0; i < 4; i++)
        posix_spawn_file_actions_addclose(&fa, fds[i]);
    int rc = posix_spawn(pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

bool bench_timer_start(bench_timer *t, const char *exe, char *why, size_t cap) {
    char script[PATH_MAX];
    if (!bench_find_near_exe("tools/cpython_timer.py", script, sizeof script)) {
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
    char arg0[PATH_MAX];
    snprintf(arg0, sizeof arg0, "%s", exe);
    char *argv[] = {arg0, script, NULL};
    int rc = spawn_piped(&t->pid, exe, argv, in, out);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        t->pid = 0;
        close(in[1]), close(out[0]);
        return snprintf(why, cap, "cannot start %s: %s", exe, strerror(rc)), false;
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
        bench_timer_stop(t);
        return snprintf(why, cap, "fdopen failed"), false;
    }
    return true;
}

void bench_timer_stop(bench_timer *t) {
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
static bool timer_read(bench_timer *t, char *line, size_t cap) {
    struct pollfd p = {.fd = fileno(t->from), .events = POLLIN};
    return poll(&p, 1, TIMER_TIMEOUT_MS) == 1 && fgets(line, (int)cap, t->from) != NULL;
}

double bench_timer_request(bench_timer *t, const char *kind, uint64_t iters, char *why,
                           size_t cap) {
    char line[256];
    if (t->pid == 0 || fprintf(t->to, "%s %llu\n", kind, (unsigned long long)iters) < 0 ||
        fflush(t->to) != 0 || !timer_read(t, line, sizeof line)) {
        snprintf(why, cap, "tools/cpython_timer.py stopped answering (%d s limit)",
                 TIMER_TIMEOUT_MS / 1000);
        return -1;
    }
    char *end;
    errno = 0;
    double ns = strtod(line, &end);
    if (end == line || (*end != '\n' && *end != '\0') || errno != 0 || !(ns >= 0)) {
        line[strcspn(line, "\r\n")] = '\0';
        snprintf(why, cap, "tools/cpython_timer.py: %s", line);
        return -1;
    }
    return ns;
}
