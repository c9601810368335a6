/* context.h: facts about the machine, build and run recorded in metrics.json's context block. */
#ifndef CRIT_CONTEXT_H
#define CRIT_CONTEXT_H

#include <stdbool.h>

#include "model.h"

/* Fills ctx (every string set, "unknown" when a fact cannot be read). Reads /proc, /sys,
 * uname, gethostname and `git rev-parse` (CRIT_GIT_REVISION in the environment wins). */
void crit_context_collect(crit_context *ctx, uint64_t seed);

/* Cumulative CPU time of the whole machine from /proc/stat's "cpu" line, in clock ticks. */
typedef struct crit_cpu_times {
    bool ok;                  /* the line was read and parsed */
    unsigned long long total; /* user + nice + system + idle + iowait + irq + softirq + steal */
    unsigned long long steal; /* time the hypervisor gave to other virtual machines */
} crit_cpu_times;

/* Parses a /proc/stat "cpu  user nice system idle iowait irq softirq steal ..." line (older
 * kernels without the steal column count steal as 0). Returns false on anything else. Pure. */
bool crit_cpu_times_parse(const char *line, crit_cpu_times *t);
/* Reads the current times; t->ok false when /proc/stat is unreadable. */
void crit_cpu_times_read(crit_cpu_times *t);
/* Percentage of CPU time stolen between two readings; NaN when either is missing or no time
 * passed. Pure. */
double crit_cpu_steal_percent(const crit_cpu_times *before, const crit_cpu_times *after);
/* The 1-minute load average, NaN when unknown. */
double crit_context_load_average(void);

#define CRIT_STEAL_WARN_PERCENT 5.0

/* The run-level warnings Google Benchmark and pyperf print, for this context: a debug or
 * sanitizer build, a frequency governor other than "performance" (when one is exposed), a
 * load average above the core count. Writes up to `max` lines (without "warning: " and
 * newline) into lines[i] and returns how many. Pure. */
size_t crit_context_warnings(const crit_context *ctx, char lines[][160], size_t max);

#endif
