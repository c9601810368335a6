/* sample.c: lifecycle of crit_sample (declared in sample.h): two parallel arrays of
 * iteration counts and total times, allocated together and freed together, and the test of
 * whether analysis can use one. */
#include "sample.h"

#include <math.h>
#include <stdio.h>
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

bool crit_sample_usable(const crit_sample *s, char *why, size_t len) {
    double iters = 0, times = 0;
    for (size_t i = 0; i < s->n; i++)
        iters += s->iters[i], times += s->times[i];
    if (s->n < 2) {
        snprintf(why, len, "it holds %zu measurement%s (at least 2 are needed)", s->n,
                 s->n == 1 ? "" : "s");
        return false;
    }
    if (!(times > 0) || !isfinite(times / iters)) {
        snprintf(why, len, "its times add up to %g ns, so it has no time per iteration", times);
        return false;
    }
    return true;
}
