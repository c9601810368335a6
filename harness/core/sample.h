/* sample.h: lifecycle of crit_sample (model.h), the raw measurements of one benchmark. */
#ifndef CRIT_SAMPLE_H
#define CRIT_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Allocates n zeroed (iters, times) pairs; mode Linear. Returns 0 or -CRIT_ENOMEM (s zeroed).
 * Free with crit_sample_fini. */
int crit_sample_init(crit_sample *s, size_t n);

/* Frees the arrays and zeroes s; safe on a zeroed or already finished sample. */
void crit_sample_fini(crit_sample *s);

/* Whether analysis can use s: at least 2 points and a positive, finite time per iteration (a
 * decodable file can still hold a single point or only zeros). When not, why (len bytes)
 * says what is wrong, e.g. "it holds 1 measurement (at least 2 are needed)". Pure. */
bool crit_sample_usable(const crit_sample *s, char *why, size_t len);

#endif
