/* sample.c: lifecycle of crit_sample (declared in sample.h): two parallel arrays of
 * iteration counts and total times, allocated together and freed together. */
#include "sample.h"

#include <stdlib.h>
#include <string.h>

int crit_sample_init(crit_sample *s, size_t n) {
    if (s == NULL)
        return -CRIT_EINVAL;
    memset(s, 0, sizeof *s);
    s->mode = CRIT_MODE_LINEAR;
    if (n == 0)
        return 0;
    s->iters = calloc(n, sizeof *s->iters);
    s->times = calloc(n, sizeof *s->times);
    if (s->iters == NULL || s->times == NULL) {
        crit_sample_fini(s);
        return -CRIT_ENOMEM;
    }
    s->n = n;
    return 0;
}

void crit_sample_fini(crit_sample *s) {
    if (s == NULL)
        return;
    free(s->iters);
    free(s->times);
    memset(s, 0, sizeof *s);
}
