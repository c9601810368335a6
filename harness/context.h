/* context.h: facts about the machine, build and run recorded in metrics.json's context block. */
#ifndef CRIT_CONTEXT_H
#define CRIT_CONTEXT_H

#include "model.h"

/* Fills ctx (every string set, "unknown" when a fact cannot be read). Reads /proc, /sys,
 * uname, gethostname and `git rev-parse` (CRIT_GIT_REVISION in the environment wins). */
void crit_context_collect(crit_context *ctx, uint64_t seed);

#endif
