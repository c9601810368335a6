/* instructions.h: --measure instructions. The parent sizes an iteration count natively, runs
 * the program again under `valgrind --tool=callgrind` with instrumentation and collection off
 * at start (--instructions-child K --exact ID), where libcrit counts only the measured
 * iterations: one untimed warm-up pass, then K and 2K iterations, each followed by a dump; the
 * difference of the two dumps over K is the count per iteration. Then the console lines, the
 * files under <id>/instructions/, the baseline comparison and save. Private to run/. */
#ifndef CRIT_INSTRUCTIONS_H
#define CRIT_INSTRUCTIONS_H

#include "model.h"
#include "runner.h"

/* Whether the mode can run here: this build has callgrind's client requests and valgrind is
 * on PATH. Returns 0, or 2 (the exit status) after printing one error line. */
int crit_instructions_check(void);

/* The parent's side for one selected benchmark. */
void crit_instructions_bench(crit_runner *r, const crit_bench_id *id, crit_bench_fn fn, void *arg);

/* <out>/report/instructions.html for the run's counted benchmarks (report.h). 0, or an
 * error with err set. */
int crit_instructions_index(const crit_runner *r, char *err, size_t errlen);

/* The child's side (under callgrind, --instructions-child K): runs fn as described above and
 * ends with one line on stderr, "crit-instructions: ok" or "crit-instructions: skipped|failed:
 * MESSAGE". */
void crit_instructions_child(crit_runner *r, crit_bench_fn fn, void *arg);

#endif
