/* allocs.h: allocation counting for --count-allocs. libcrit defines malloc, calloc, realloc,
 * free, posix_memalign, aligned_alloc, memalign, valloc and pvalloc (allocs.c), forwarding to
 * glibc's own (__libc_malloc ...), and counts calls and requested bytes while the calling
 * thread has counting switched on: the timing loops (measure.c) switch it on around their timed
 * region only. The switch functions live in the same object as the interposed functions, so
 * every program that links libcrit.a and measures also links the interposer. */
#ifndef CRIT_ALLOCS_H
#define CRIT_ALLOCS_H

#include <stdbool.h>
#include <stdint.h>

/* Counts of one counted region (or a sum of them). allocs are calls of malloc, calloc,
 * realloc (except realloc(p, 0) with p != NULL, which frees), posix_memalign, aligned_alloc,
 * memalign, valloc and pvalloc, failed ones included; frees are free(p) with p != NULL and
 * realloc(p, 0); bytes are the sizes those allocation calls asked for. */
typedef struct crit_alloc_tally {
    uint64_t allocs;
    uint64_t frees;
    uint64_t bytes;
} crit_alloc_tally;

/* Whether this build counts (false in sanitizer builds: the sanitizer owns malloc there, and
 * when libcrit is compiled with -DCRIT_NO_MALLOC_INTERPOSER). */
bool crit_allocs_available(void);
/* Zeroes the calling thread's counters and switches its counting on. */
void crit_allocs_start(void);
/* Switches the calling thread's counting off and adds its counts since crit_allocs_start to
 * *sum. */
void crit_allocs_stop(crit_alloc_tally *sum);

#endif
