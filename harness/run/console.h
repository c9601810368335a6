/* console.h: criterion.rs's console output. Results go to `out` (stdout); status lines, the
 * progress bar, warnings and errors go to `err` (stderr), redrawn in place only on a terminal.
 * Formats what analysis produced; computes no statistics and decides no verdicts. */
#ifndef CRIT_CONSOLE_H
#define CRIT_CONSOLE_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

typedef enum { CRIT_VERBOSITY_QUIET, CRIT_VERBOSITY_NORMAL, CRIT_VERBOSITY_VERBOSE } crit_verbosity;

typedef struct crit_console {
    FILE *out, *err;
    bool color;       /* ANSI colours on out */
    bool color_err;   /* ANSI colours on err */
    bool overwrite;   /* err is a terminal: redraw the status line in place */
    bool status_open; /* a status line is on screen and not yet ended */
    crit_verbosity verbosity;
} crit_console;

/* Shows a status line ("Benchmarking ID: ...") on err; replaces the previous one on a terminal. */
void crit_console_status(crit_console *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Redraws the collecting status with a progress bar (terminal only; no-op otherwise). */
void crit_console_progress(crit_console *c, const char *id, size_t done, size_t total);
/* Ends any open status line (before results or messages are printed). */
void crit_console_end_status(crit_console *c);
/* A warning or error line on err (prefix included by the caller's text). */
void crit_console_message(crit_console *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The result block of --measure instructions, criterion-style:
 *   ID   instructions: 5012 /iter
 *        (with --cache-sim: L1 misses, LL misses, est. cycles per iteration)
 *        change: +1.0000% (instructions)     and the verdict sentence, when `change` is given. */
void crit_console_instructions(crit_console *c, const crit_bench_id *id,
                               const crit_instructions *in, const crit_change *change);

/* The note of precision-based stopping when the measurement time (the ceiling) ran out before
 * the target: "note: ID: the measurement time ran out at +-2.86 % before the target +-1.00 %
 * (100 samples)"; unit is "samples" or "rounds". Nothing when p->ceiling is false. */
void crit_console_precision_note(crit_console *c, const char *title, const crit_precision *p,
                                 const char *unit);

/* The result block: time (and thrpt) line, the allocation counts when counted (u, may be NULL:
 * "allocs: 3 /iter  bytes: 1408 /iter  frees: 3 /iter", like thrpt even under --quiet), for a
 * compared group's member its ratio to the baseline member (rel, may be NULL: "vs ID: 52.6x
 * faster [51.2x 54.0x] (paired, 412 rounds)"), change lines and verdict when compared, the
 * outlier summary, and in verbose mode slope/R^2/mean/std dev/median/MAD, then the CPU time per
 * iteration and a command's user/sys time per run and peak RSS when measured. */
void crit_console_result(crit_console *c, const crit_bench_id *id, const crit_analysis *a,
                         const crit_relative *rel, const crit_usage *u);

#endif
