/* peer.c: the parent's end of the paired protocol: spawning `OLD --serve` on a socket pair,
 * line-by-line requests and replies with a deadline each, and clear errors when OLD dies,
 * hangs or speaks another version. */
#include "peer.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"
#include "model.h"

extern char **environ;

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return rc;
}

/* Kills OLD (if still running) and reaps it; *how describes how it ended. */
static void reap(crit_peer *p, bool kill_it, char *how, size_t len) {
    int st = 0;
    snprintf(how, len, "stopped");
    if (p->pid <= 0)
        return;
    if (kill_it)
        kill(p->pid, SIGKILL);
    /* after EOF the child is exiting: give it the timeout to finish, then kill it */
    uint64_t deadline = crit_clock_ns() + (uint64_t)(p->timeout_s * 1e9);
    pid_t w;
    while ((w = waitpid(p->pid, &st, WNOHANG)) == 0 && crit_clock_ns() < deadline) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    if (w == 0) {
        kill(p->pid, SIGKILL);
        w = waitpid(p->pid, &st, 0);
    }
    p->pid = 0;
    if (w < 0 || kill_it)
        return;
    if (WIFEXITED(st))
        snprintf(how, len, "exited with status %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(how, len, "was killed by signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
}

/* The child closed its end or failed: reap it and say how it ended. */
static int died(crit_peer *p, const char *req, char *err, size_t errlen) {
    char how[128];
    reap(p, false, how, sizeof how);
    return fail(err, errlen, -CRIT_EBENCH, "--against program '%s' %s while answering '%s'",
                p->path, how, req);
}

bool crit_serve_take_line(char *buf, size_t *len, char *line) {
    char *nl = memchr(buf, '\n', *len);
    if (!nl)
        return false;
    size_t n = (size_t)(nl - buf);
    memcpy(line, buf, n);
    line[n] = '\0';
    *len -= n + 1;
    memmove(buf, nl + 1, *len);
    return true;
}

static int unexpected(crit_peer *p, const char *req, const char *reply, char *err, size_t errlen);

/* Reads one reply line (without its newline) into line, waiting at most the timeout. */
static int read_line(crit_peer *p, const char *req, char *line, char *err, size_t errlen) {
    uint64_t deadline = crit_clock_ns() + (uint64_t)(p->timeout_s * 1e9);
    for (;;) {
        if (crit_serve_take_line(p->buf, &p->len, line))
            return 0;
        if (p->len == sizeof p->buf)
            return unexpected(p, req, "a line longer than 4096 bytes", err, errlen);
        uint64_t now = crit_clock_ns(), left = now >= deadline ? 0 : deadline - now;
        int ms = left / 1000000 >= INT_MAX ? INT_MAX : (int)((left + 999999) / 1000000);
        struct pollfd pfd = {p->fd, POLLIN, 0};
        int r = ms > 0 ? poll(&pfd, 1, ms) : 0;
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            char how[128];
            reap(p, true, how, sizeof how);
            return fail(err, errlen, -CRIT_EBENCH,
                        "--against program '%s' did not answer '%s' within %g s "
                        "(--against-timeout); it was stopped",
                        p->path, req, p->timeout_s);
        }
        ssize_t got = r < 0 ? -1 : read(p->fd, p->buf + p->len, sizeof p->buf - p->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return died(p, req, err, errlen);
        p->len += (size_t)got;
    }
}

/* Sends one request line (req has no newline). */
static int send_line(crit_peer *p, const char *req, char *err, size_t errlen) {
    char line[CRIT_SERVE_LINE_MAX];
    int n = snprintf(line, sizeof line, "%s\n", req);
    if (p->pid <= 0)
        return fail(err, errlen, -CRIT_EBENCH, "--against program '%s' is not running", p->path);
    if (n < 0 || (size_t)n >= sizeof line)
        return fail(err, errlen, -CRIT_EINVAL, "request too long for the serve protocol: %.60s",
                    req);
    for (size_t off = 0; off < (size_t)n;) {
        ssize_t w = send(p->fd, line + off, (size_t)n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return died(p, req, err, errlen);
        off += (size_t)w;
    }
    return 0;
}

/* A request and its one-line reply; anything buffered after it means OLD is out of step. */
static int ask(crit_peer *p, const char *req, char *reply, char *err, size_t errlen) {
    int rc = send_line(p, req, err, errlen);
    if (rc == 0)
        rc = read_line(p, req, reply, err, errlen);
    if (rc == 0 && p->len > 0)
        rc = unexpected(p, req, "more than one line", err, errlen);
    return rc;
}

static int unexpected(crit_peer *p, const char *req, const char *reply, char *err, size_t errlen) {
    char how[128];
    reap(p, true, how, sizeof how);
    return fail(err, errlen, -CRIT_EINVAL,
                "--against program '%s' answered '%s' with '%.200s', which is not in the serve "
                "protocol; it was stopped",
                p->path, req, reply);
}

static int spawn(crit_peer *p, const char *path, char *err, size_t errlen) {
    struct stat st;
    if (strchr(path, '/') && (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, X_OK)))
        return fail(err, errlen, -CRIT_EINVAL, "--against program '%s' is not an executable file",
                    path);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return fail(err, errlen, -CRIT_EIO, "cannot create a socket pair: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
    char flag[] = "--serve", *prog = strdup(path);
    char *argv[] = {prog, flag, NULL};
    int rc = prog ? posix_spawnp(&p->pid, path, &fa, NULL, argv, environ) : ENOMEM;
    free(prog);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        p->pid = 0;
        return fail(err, errlen, -CRIT_EINVAL, "cannot start --against program '%s': %s", path,
                    strerror(rc));
    }
    p->fd = sv[0];
    return 0;
}

static int add_id(crit_peer *p, const char *id) {
    char **ids = realloc(p->ids, (p->nids + 1) * sizeof *ids);
    if (!ids)
        return -CRIT_ENOMEM;
    p->ids = ids;
    bool *seen = realloc(p->seen, (p->nids + 1) * sizeof *seen);
    if (!seen)
        return -CRIT_ENOMEM;
    p->seen = seen;
    if (!(ids[p->nids] = strdup(id)))
        return -CRIT_ENOMEM;
    seen[p->nids++] = false;
    return 0;
}

static int list_ids(crit_peer *p, char *err, size_t errlen) {
    char line[CRIT_SERVE_LINE_MAX];
    int rc = send_line(p, "list", err, errlen);
    while (rc == 0 && (rc = read_line(p, "list", line, err, errlen)) == 0 && strcmp(line, "end")) {
        if (strncmp(line, "id ", 3) != 0)
            return unexpected(p, "list", line, err, errlen);
        if (p->nids == CRIT_SERVE_MAX_IDS)
            return unexpected(p, "list", "more ids than the protocol allows (100000)", err, errlen);
        if (add_id(p, line + 3))
            return fail(err, errlen, -CRIT_ENOMEM, "out of memory listing '%s''s benchmarks",
                        p->path);
    }
    return rc;
}

int crit_peer_start(crit_peer *p, const char *path, double timeout_s, char *err, size_t errlen) {
    memset(p, 0, sizeof *p);
    p->path = path;
    p->timeout_s = timeout_s;
    p->fd = -1;
    char line[CRIT_SERVE_LINE_MAX];
    int rc = spawn(p, path, err, errlen);
    if (rc == 0 && (rc = read_line(p, "its greeting", line, err, errlen)) != 0) {
        /* a program without serve mode (older libcrit, not a crit program) exits at once */
        size_t n = strlen(err);
        snprintf(err + n, errlen - n, "; is it a crit program built with serve mode?");
    }
    int version = 0;
    if (rc == 0 && sscanf(line, "crit-serve %d", &version) != 1)
        rc = unexpected(p, "its greeting", line, err, errlen);
    if (rc == 0 && version != CRIT_SERVE_VERSION) {
        char how[128];
        reap(p, true, how, sizeof how);
        rc = fail(err, errlen, -CRIT_EINVAL,
                  "--against program '%s' speaks serve protocol version %d, this program "
                  "speaks version %d: rebuild one of them against the other's libcrit",
                  path, version, CRIT_SERVE_VERSION);
    }
    if (rc == 0)
        rc = list_ids(p, err, errlen);
    if (rc)
        crit_peer_stop(p);
    return rc;
}

bool crit_peer_mark_seen(crit_peer *p, const char *id) {
    for (size_t i = 0; i < p->nids; i++)
        if (!strcmp(p->ids[i], id))
            return p->seen[i] = true;
    return false;
}

int crit_peer_prepare(crit_peer *p, const char *id, char *err, size_t errlen) {
    char req[CRIT_SERVE_LINE_MAX], line[CRIT_SERVE_LINE_MAX];
    if (strchr(id, '\n') || snprintf(req, sizeof req, "prepare %s", id) >= (int)sizeof req - 1)
        return fail(err, errlen, -CRIT_EINVAL, "id '%.60s' cannot be sent to '%s'", id, p->path);
    int rc = ask(p, req, line, err, errlen);
    if (rc == 0 && !strcmp(line, "missing"))
        return fail(err, errlen, -CRIT_ENOENT, "'%s' has no benchmark %s", p->path, id);
    if (rc == 0 && strcmp(line, "ready"))
        return unexpected(p, req, line, err, errlen);
    return rc;
}

int crit_peer_run(crit_peer *p, uint64_t iters, double *ns, char *err, size_t errlen) {
    char req[64], line[CRIT_SERVE_LINE_MAX];
    snprintf(req, sizeof req, "run %llu", (unsigned long long)iters);
    int rc = ask(p, req, line, err, errlen);
    if (rc)
        return rc;
    if (!strncmp(line, "failed ", 7) || !strncmp(line, "skipped ", 8))
        return fail(err, errlen, -CRIT_EBENCH, "in '%s': %s", p->path, line);
    char *end;
    if (strncmp(line, "ns ", 3) != 0)
        return unexpected(p, req, line, err, errlen);
    *ns = strtod(line + 3, &end);
    if (*end || !isfinite(*ns) || *ns < 0)
        return unexpected(p, req, line, err, errlen);
    return 0;
}

int crit_peer_release(crit_peer *p, char *err, size_t errlen) {
    char line[CRIT_SERVE_LINE_MAX];
    int rc = ask(p, "release", line, err, errlen);
    if (rc == 0 && strcmp(line, "ok"))
        return unexpected(p, "release", line, err, errlen);
    return rc;
}

void crit_peer_stop(crit_peer *p) {
    char how[128], err[16];
    if (p->pid > 0 && send_line(p, "quit", err, sizeof err) == 0) {
        shutdown(p->fd, SHUT_WR);
        reap(p, false, how, sizeof how);
    } else if (p->pid > 0) {
        reap(p, true, how, sizeof how);
    }
    if (p->fd > 0) /* a zeroed peer has fd 0: not ours to close */
        close(p->fd);
    p->fd = -1;
    for (size_t i = 0; i < p->nids; i++)
        free(p->ids[i]);
    free(p->ids);
    free(p->seen);
    p->ids = NULL;
    p->seen = NULL;
    p->nids = 0;
}
