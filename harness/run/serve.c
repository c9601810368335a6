/* serve.c: OLD's side of the paired protocol: the greeting, the request loop, and one
 * benchmark's `run N` answers (each run is crit_measure_once, the path every sample takes). */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"
#include "numbers.h"
#include "runner.h"

static int reply(crit_serve *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reply(crit_serve *s, const char *fmt, ...) {
    char line[CRIT_SERVE_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    for (int i = 0; i < n; i++) /* a message must stay one line */
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[n++] = '\n';
    for (int off = 0; off < n;) {
        ssize_t w = write(s->out, line + off, (size_t)(n - off));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (int)w;
    }
    return 0;
}

/* The next request line (no newline); -1 at end of input. */
static int next_request(crit_serve *s, char *line) {
    for (;;) {
        if (crit_serve_take_line(s->buf, &s->len, line))
            return 0;
        if (s->len == sizeof s->buf)
            return -1;
        ssize_t got = read(s->in, s->buf + s->len, sizeof s->buf - s->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        s->len += (size_t)got;
    }
}

bool crit_serve_selects(const crit_serve *s, const char *full_id) {
    return !s->listing && s->want[0] && strcmp(s->want, full_id) == 0;
}

/* `run N` -> `ns T` | `failed MSG` | `skipped MSG`, until `release`, `quit` or end of input. */
static void serve_bench(crit_serve *s, crit_bench_fn fn, void *arg) {
    char line[CRIT_SERVE_LINE_MAX];
    while (!s->eof && next_request(s, line) == 0) {
        uint64_t iters;
        if (!strcmp(line, "release")) {
            reply(s, "ok");
            return;
        }
        if (!strcmp(line, "quit"))
            break;
        if (strncmp(line, "run ", 4) || crit_parse_u64(line + 4, &iters) || iters == 0) {
            reply(s, "error expected 'run N' or 'release', got '%.100s'", line);
            continue;
        }
        crit_bencher b = {0};
        double ns;
        if (crit_measure_once(&b, fn, arg, iters, &ns) == 0)
            reply(s, "ns %.17g", ns);
        else
            reply(s, "%s %s", b.skipped ? "skipped" : "failed", b.message);
    }
    s->eof = true;
}

void crit_serve_dispatch(crit_serve *s, const char *full_id, crit_bench_fn fn, void *arg) {
    if (s->eof)
        return;
    if (s->listing) {
        if (!strchr(full_id, '\n'))
            reply(s, "id %s", full_id);
    } else if (crit_serve_selects(s, full_id) && !s->found) {
        s->found = true;
        reply(s, "ready");
        serve_bench(s, fn, arg);
    }
}

/* stdin and stdout become /dev/null for the benchmarks (and whatever they start); the
 * protocol keeps close-on-exec duplicates, so no child of OLD holds the socket open. */
static int open_protocol(crit_serve *s) {
    s->in = fcntl(0, F_DUPFD_CLOEXEC, 3);
    s->out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (s->in < 0 || s->out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
        return -1;
    close(null);
    return reply(s, "crit-serve %d", CRIT_SERVE_VERSION);
}

static void run_targets(crit_runner *r, const crit_target_fn *targets, size_t ntargets) {
    for (size_t i = 0; i < ntargets && !r->serve.eof; i++)
        targets[i](r);
}

int crit_serve_main(crit_runner *r, const crit_target_fn *targets, size_t ntargets) {
    crit_serve *s = &r->serve;
    char line[CRIT_SERVE_LINE_MAX];
    if (open_protocol(s) != 0) {
        fprintf(stderr, "error: --serve: cannot set up the protocol on stdin/stdout: %s\n",
                strerror(errno));
        return 1;
    }
    while (!s->eof && next_request(s, line) == 0) {
        if (!strcmp(line, "quit"))
            break;
        if (!strcmp(line, "list")) {
            s->listing = true;
            run_targets(r, targets, ntargets);
            s->listing = false;
            reply(s, "end");
        } else if (!strncmp(line, "prepare ", 8)) {
            snprintf(s->want, sizeof s->want, "%s", line + 8);
            s->found = false;
            run_targets(r, targets, ntargets);
            if (!s->found)
                reply(s, "missing");
            s->want[0] = '\0';
        } else {
            reply(s, "error unknown request '%.100s'", line);
        }
    }
    return 0;
}
