/* fixtures.c: fixed inputs shared by the harness's own benchmarks (analysis_bench.c,
 * report_bench.c), so both time the same samples. */
#include <stdlib.h>

#include "sample.h"
#include "suites.h"

void bench_jittered_sample(crit_sample *s, size_t n, double ns, unsigned seed) {
    if (crit_sample_init(s, n))
        abort();
    s->mode = CRIT_MODE_LINEAR;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        double jitter = 1.0 + ((double)(seed >> 16 & 0x7fff) / 32767.0 - 0.5) * 0.1;
        s->iters[i] = (double)(i + 1) * 1000.0;
        s->times[i] = s->iters[i] * ns * jitter;
    }
}
