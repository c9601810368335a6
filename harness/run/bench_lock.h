/* bench_lock.h: the runner's side of writing results safely next to other runs: the lock of
 * a benchmark's directory (or of the output directory for the index), the sweep of the
 * temporaries killed runs left, and the baseline save under the run's rules (a baseline that
 * is not wholly valid is kept unless --force-save-baseline). Private to run/. */
#ifndef CRIT_BENCH_LOCK_H
#define CRIT_BENCH_LOCK_H

#include <stdbool.h>

#include "lock.h"
#include "runner.h"

/* Takes the lock of <out>/<id's directory> (created if missing), saying so on the console
 * while another run holds it, then sweeps the temporaries of dead processes from the
 * directories the benchmark's files go to (its directory, change/, report/, instructions/
 * and theirs), with a note when it removed any. Returns 0 with lk held (release it with
 * crit_lock_release), or -1: the benchmark failed and was reported, lk closed. On a file
 * system that cannot lock, warns once per run and returns 0 unlocked (lk closed). */
int crit_runner_lock_bench(crit_runner *r, const crit_bench_id *id, crit_lock *lk);

/* The same for the output directory itself, around the report index: sweeps <out>/report
 * and every <out>/<group>/report. Returns 0 with lk held, or -1 with a warning printed (the
 * caller writes no index then). */
int crit_runner_lock_output(crit_runner *r, crit_lock *lk);

/* Saves the benchmark's new/ (instructions: instructions/new/) as the run's baseline
 * (r->opt.baseline), under the benchmark's lock. A baseline that is not wholly valid is kept
 * and the run says which file is wrong and how to replace it: a failure of the benchmark
 * (exit 1) when --save-baseline named it, a warning under the default mode (saving "base");
 * --force-save-baseline replaces whatever is there. Any other error fails the benchmark. */
void crit_runner_save_baseline(crit_runner *r, const crit_bench_id *id, bool instructions);

#endif
