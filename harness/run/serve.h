/* serve.h: OLD's side of the paired protocol (`PROG --serve`, started by `NEW --against PROG`):
 * requests on stdin, replies on the original stdout (the benchmarks' own stdout goes to
 * /dev/null so it cannot corrupt the protocol). Private to run/. Protocol:
 * docs/results-format.md, "Paired comparison". */
#ifndef CRIT_SERVE_H
#define CRIT_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "crit.h"
#include "peer.h"

typedef struct crit_serve {
    int in, out; /* protocol descriptors */
    char buf[CRIT_SERVE_LINE_MAX];
    size_t len;
    bool listing;                   /* a `list` pass: report every id, run none */
    char want[CRIT_SERVE_LINE_MAX]; /* a `prepare` pass: the id to hold at ("" otherwise) */
    bool found;                     /* the prepare pass reached `want` */
    bool eof;                       /* NEW closed the protocol or said quit */
} crit_serve;

/* Serves requests until NEW says quit or closes its end: runs the targets once per `list` or
 * `prepare` request. Returns the exit status (0, or 1 when the protocol could not start). */
int crit_serve_main(crit_runner *r, const crit_target_fn *targets, size_t ntargets);

/* Whether a serve pass selects full_id (only the id being prepared). */
bool crit_serve_selects(const crit_serve *s, const char *full_id);

/* Called by the runner for each registered benchmark under --serve: lists it, or, when it is
 * the one being prepared, answers `run N` requests with fn until `release`. */
void crit_serve_dispatch(crit_serve *s, const char *full_id, crit_bench_fn fn, void *arg);

#endif
