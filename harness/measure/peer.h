/* peer.h: the parent's end of the paired protocol (bench --against OLD, --aa): starts OLD once
 * as `OLD --serve` with a socket on its stdin and stdout, and asks it to list its ids, prepare
 * one, run N iterations of it and release it. Every reply is awaited with a timeout; a child
 * that dies, hangs or speaks another protocol version ends in one error line naming OLD.
 * Private to libcrit (measure/, used by run/). Never prints. Protocol: docs/results-format.md. */
#ifndef CRIT_PEER_H
#define CRIT_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The protocol version this libcrit speaks (the child's greeting is "crit-serve 1"). */
#define CRIT_SERVE_VERSION 1
/* Longest request or reply line, newline included. */
#define CRIT_SERVE_LINE_MAX 4096
/* Most ids a `list` may answer (more is a protocol error: OLD is not a benchmark program). */
#define CRIT_SERVE_MAX_IDS 100000

/* Takes the first complete line out of buf (*len bytes buffered): copies it without its newline
 * into line (room for CRIT_SERVE_LINE_MAX bytes) and moves the rest to the front. Returns
 * false (nothing changed) when no newline is buffered yet. Both ends of the protocol read
 * with it. Pure. */
bool crit_serve_take_line(char *buf, size_t *len, char *line);

typedef struct crit_peer {
    pid_t pid;        /* 0 when not running */
    int fd;           /* our end of the socket */
    const char *path; /* OLD as given (borrowed) */
    double timeout_s;
    char buf[CRIT_SERVE_LINE_MAX];
    size_t len; /* bytes buffered in buf */
    char **ids; /* OLD's benchmark ids, owned */
    bool *seen; /* per id: NEW asked for it (crit_peer_mark_seen) */
    size_t nids;
} crit_peer;

/* Starts `path --serve` (path searched in PATH when it has no '/'), reads and checks its
 * greeting and lists its ids. timeout_s (at most 1e6) bounds every single reply. Returns 0, or
 * -CRIT_EINVAL (not an executable; a foreign greeting or list; another protocol version) /
 * -CRIT_EBENCH (the child exited, was killed or hung: also what a program without serve mode
 * does) with one line in err; p is then stopped. */
int crit_peer_start(crit_peer *p, const char *path, double timeout_s, char *err, size_t errlen);

/* Whether OLD has benchmark `id`; marks it seen (asked for by NEW). */
bool crit_peer_mark_seen(crit_peer *p, const char *id);

/* Makes OLD run its targets up to benchmark `id` and hold there. 0 when ready; -CRIT_ENOENT
 * when OLD has no such id; else an error as crit_peer_start. */
int crit_peer_prepare(crit_peer *p, const char *id, char *err, size_t errlen);

/* Runs `iters` iterations of the prepared benchmark in OLD; *ns is the time OLD measured.
 * -CRIT_EBENCH with OLD's message in err when the benchmark failed or skipped itself there. */
int crit_peer_run(crit_peer *p, uint64_t iters, double *ns, char *err, size_t errlen);

/* Lets OLD finish its pass through the targets; it then waits for the next request. */
int crit_peer_release(crit_peer *p, char *err, size_t errlen);

/* Says quit, waits for OLD to exit (killing it after the timeout) and frees p's memory. Safe on
 * a stopped or zeroed peer. */
void crit_peer_stop(crit_peer *p);

#endif
