/* sample.h: lifecycle of crit_sample (model.h), the raw measurements of one benchmark. */
#ifndef CRIT_SAMPLE_H
#define CRIT_SAMPLE_H

#include <stddef.h>

#include "model.h"

/* Allocates n zeroed (iters, times) pairs; mode Linear. Returns 0 or -CRIT_ENOMEM (s zeroed).
 * Free with crit_sample_fini. */
int crit_sample_init(crit_sample *s, size_t n);

/* Frees the arrays and zeroes s; safe on a zeroed or already finished sample. */
void crit_sample_fini(crit_sample *s);

#endif
