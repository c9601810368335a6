/* runner.h: the runner's state, shared by the files of run/ that carry out one part of a run
 * (runner.c: the sequence; serve.c: OLD's side of the paired protocol; paired.c: NEW's side).
 * Private to run/. */
#ifndef CRIT_RUNNER_H
#define CRIT_RUNNER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "context.h"
#include "model.h"
#include "options.h"
#include "peer.h"
#include "run_output.h"
#include "serve.h"

struct crit_runner {
    crit_options opt;
    regex_t re;
    bool has_re;
    crit_console con;
    crit_context ctx;
    size_t nmatched, nfailed, nregressed, nskipped;
    crit_run_output output; /* records behind the exports and JSON messages */
    crit_peer peer;         /* OLD under --against (itself under --aa); pid 0 otherwise */
    crit_serve serve;       /* the protocol under --serve */
};

struct crit_group {
    crit_runner *r;
    char *id;
    crit_settings settings;
    unsigned set; /* CRIT_SET_* given by the group */
    crit_throughput tp;
    size_t first_record; /* r->output.n when the group opened */
};

/* A benchmark failed: reported and counted (the run exits 1). */
void crit_runner_fail_bench(crit_runner *r, const char *id, const char *why);
/* A benchmark that failed or skipped itself (b->message): only a failure counts. */
void crit_runner_end_bench(crit_runner *r, const char *id, const crit_bencher *b);

#endif
