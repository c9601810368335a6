/* measure.c: the bencher's timing loops and criterion's warm-up, sampling plans and quick mode.
 * Timing wraps only the iterations: setup, teardown and bookkeeping stay outside the clock. */
#include "measure.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define CRIT_HAVE_CALLGRIND 1
#endif
#endif
#ifndef CRIT_HAVE_CALLGRIND
#define CRIT_HAVE_CALLGRIND 0
#endif

#include "format.h"
#include "sample.h"
#include "store.h"

uint64_t crit_clock_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t crit_cpu_clock_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void crit_measure_usage_reset(crit_bencher *b) { memset(&b->usage, 0, sizeof b->usage); }

void crit_measure_usage(const crit_bencher *b, crit_usage *out) {
    const crit_usage_tally *u = &b->usage;
    memset(out, 0, sizeof *out);
    if (!(u->iters > 0))
        return;
    out->has_cpu = !u->cpu_unknown;
    out->cpu_time = out->has_cpu ? u->cpu_ns / u->iters : 0;
    out->has_allocs = b->count_allocs && !u->allocs_missed && crit_allocs_available();
    if (out->has_allocs) {
        out->allocs = (double)u->allocs.allocs / u->iters;
        out->frees = (double)u->allocs.frees / u->iters;
        out->bytes = (double)u->allocs.bytes / u->iters;
    }
    out->has_child = u->child_runs > 0;
    if (out->has_child) {
        out->child_user_time = u->child_user_ns / u->child_runs;
        out->child_sys_time = u->child_sys_ns / u->child_runs;
        out->child_max_rss_kib = u->child_max_rss_kib;
    }
}

void crit_bencher_reset(crit_bencher *b) {
    b->iters = 0;
    b->elapsed_ns = 0;
    b->t0 = 0;
    b->calls = 0;
    b->failed = false;
    b->skipped = false;
    b->message[0] = '\0';
}

uint64_t crit_bencher_iters(const crit_bencher *b) { return b->iters; }

void crit_bencher_fail(crit_bencher *b, const char *fmt, ...) {
    if (b->failed)
        return; /* keep the first reason */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->message, sizeof b->message, fmt, ap);
    va_end(ap);
    b->failed = true;
}

void crit_bencher_skip(crit_bencher *b, const char *fmt, ...) {
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->message, sizeof b->message, fmt, ap);
    va_end(ap);
    b->failed = b->skipped = true;
}

void crit_bencher_metric(crit_bencher *b, const char *name, double value) {
    crit_extra_metrics *m = &b->metrics;
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->name[i], name)) {
            m->value[i] = value;
            return;
        }
    if (m->n == CRIT_MAX_EXTRA_METRICS || strlen(name) >= sizeof m->name[0]) {
        crit_bencher_fail(b,
                          "crit_bencher_metric: cannot record '%s' (at most %d names of "
                          "up to 31 bytes)",
                          name, CRIT_MAX_EXTRA_METRICS);
        return;
    }
    snprintf(m->name[m->n], sizeof m->name[0], "%s", name);
    m->value[m->n++] = value;
}

void crit_bencher_context(crit_bencher *b, const char *key, const char *value) {
    crit_extra_metrics *m = &b->metrics;
    size_t i = 0;
    while (i < m->ncontext && strcmp(m->context_key[i], key) != 0)
        i++;
    if (i == CRIT_MAX_EXTRA_CONTEXT || key[0] == '\0' || strlen(key) >= sizeof m->context_key[0] ||
        strlen(value) >= sizeof m->context_value[0] || crit_store_is_run_context_key(key)) {
        crit_bencher_fail(b,
                          "crit_bencher_context: cannot record '%s' (at most %d keys of up "
                          "to 31 bytes, values up to %d, not one of the run's own keys)",
                          key, CRIT_MAX_EXTRA_CONTEXT, CRIT_MAX_FACT_LEN - 1);
        return;
    }
    snprintf(m->context_key[i], sizeof m->context_key[0], "%s", key);
    snprintf(m->context_value[i], sizeof m->context_value[0], "%s", value);
    if (i == m->ncontext)
        m->ncontext++;
}

bool crit_measure_instructions_supported(void) { return CRIT_HAVE_CALLGRIND; }

void crit_measure_instructions_start(void) {
#if CRIT_HAVE_CALLGRIND
    CALLGRIND_START_INSTRUMENTATION;
#endif
}

void crit_measure_instructions_dump(const char *what) {
#if CRIT_HAVE_CALLGRIND
    CALLGRIND_DUMP_STATS_AT(what);
#else
    (void)what;
#endif
}

/* Callgrind's collection around a timed region (--measure instructions), so only the
 * measured iterations are counted. */
static void collect_toggle(const crit_bencher *b) {
#if CRIT_HAVE_CALLGRIND
    if (b->count_instructions)
        CALLGRIND_TOGGLE_COLLECT;
#else
    (void)b;
#endif
}

/* Before a timed region, outside its wall-clock readings: the CPU clock, then allocation
 * counting (when asked for), then callgrind's collection. Returns the CPU reading. */
static uint64_t region_enter(const crit_bencher *b) {
    uint64_t cpu0 = crit_cpu_clock_ns();
    if (b->count_allocs)
        crit_allocs_start();
    collect_toggle(b);
    return cpu0;
}

/* After a timed region, in the reverse order of region_enter. */
static void region_leave(crit_bencher *b, uint64_t cpu0) {
    collect_toggle(b);
    if (b->count_allocs)
        crit_allocs_stop(&b->usage.allocs);
    b->usage.cpu_ns += (double)(crit_cpu_clock_ns() - cpu0);
}

uint64_t crit_bencher_begin_(crit_bencher *b) {
    b->cpu0 = region_enter(b);
    b->t0 = crit_clock_ns();
    return b->iters;
}

void crit_bencher_end_(crit_bencher *b) {
    uint64_t t1 = crit_clock_ns();
    region_leave(b, b->cpu0);
    b->elapsed_ns += (double)(t1 - b->t0);
    b->calls++;
}

void crit_iter(crit_bencher *b, void (*routine)(void *arg), void *arg) {
    uint64_t n = b->iters;
    uint64_t cpu0 = region_enter(b);
    uint64_t t0 = crit_clock_ns();
    while (n--)
        routine(arg);
    uint64_t t1 = crit_clock_ns();
    region_leave(b, cpu0);
    b->elapsed_ns += (double)(t1 - t0);
    b->calls++;
}

/* criterion's BatchSize::iters_per_batch. */
static uint64_t iters_per_batch(crit_batch_size size, uint64_t iters) {
    switch (size.kind) {
    case CRIT_BATCH_SMALL_INPUT: return (iters + 9) / 10;
    case CRIT_BATCH_LARGE_INPUT: return (iters + 999) / 1000;
    case CRIT_BATCH_PER_ITERATION: return 1;
    case CRIT_BATCH_NUM_BATCHES: return size.n ? (iters + size.n - 1) / size.n : 0;
    case CRIT_BATCH_NUM_ITERATIONS: return size.n;
    }
    return 0;
}

void crit_iter_batched(crit_bencher *b, void *(*setup)(void *arg),
                       void (*routine)(void *input, void *arg),
                       void (*teardown)(void *input, void *arg), void *arg, crit_batch_size size) {
    uint64_t per = iters_per_batch(size, b->iters);
    b->calls++;
    if (per == 0) {
        crit_bencher_fail(b, "crit_iter_batched: batch size must not be 0");
        return;
    }
    if (per > b->iters)
        per = b->iters ? b->iters : 1;
    void **inputs = malloc((size_t)per * sizeof *inputs);
    if (!inputs) {
        crit_bencher_fail(b, "crit_iter_batched: cannot allocate %llu inputs",
                          (unsigned long long)per);
        return;
    }
    for (uint64_t done = 0; done < b->iters;) {
        uint64_t k = b->iters - done < per ? b->iters - done : per;
        for (uint64_t i = 0; i < k; i++)
            inputs[i] = setup(arg);
        uint64_t cpu0 = region_enter(b);
        uint64_t t0 = crit_clock_ns();
        for (uint64_t i = 0; i < k; i++)
            routine(inputs[i], arg);
        uint64_t t1 = crit_clock_ns();
        region_leave(b, cpu0);
        b->elapsed_ns += (double)(t1 - t0);
        if (teardown)
            for (uint64_t i = 0; i < k; i++)
                teardown(inputs[i], arg);
        done += k;
    }
    free(inputs);
}

void crit_iter_custom(crit_bencher *b, double (*timed)(uint64_t iters, void *arg), void *arg) {
    if (b->count_instructions) {
        b->calls++;
        crit_bencher_skip(b, "a custom timer measures work outside this program's counted "
                             "instructions (--measure instructions)");
        return;
    }
    double ns = timed(b->iters, arg);
    b->calls++;
    b->usage.cpu_unknown = true; /* the timer's work may be in another process */
    b->usage.allocs_missed = true;
    if (!isfinite(ns) || ns < 0) {
        crit_bencher_fail(b, "custom timing returned an invalid time (%g ns) for %llu iterations",
                          ns, (unsigned long long)b->iters);
        return;
    }
    b->elapsed_ns += ns;
}

int crit_measure_once(crit_bencher *b, crit_bench_fn fn, void *arg, uint64_t iters, double *ns) {
    b->iters = iters;
    b->elapsed_ns = 0;
    b->calls = 0;
    uint64_t t0 = crit_clock_ns();
    fn(b, arg);
    b->wall_ns = (double)(crit_clock_ns() - t0);
    if (!b->failed && b->calls != 1)
        crit_bencher_fail(b,
                          b->calls == 0
                              ? "the benchmark function did not call an iter routine"
                              : "the benchmark function called %d iter routines (exactly one "
                                "per call is allowed)",
                          b->calls);
    if (b->failed)
        return -CRIT_EBENCH;
    b->usage.iters += (double)iters;
    *ns = b->elapsed_ns;
    return 0;
}

int crit_measure_warm_up(crit_bencher *b, crit_bench_fn fn, void *arg, double warm_up_ns,
                         double *met) {
    uint64_t iters = 1;
    double wall = 0, total_iters = 0;
    for (;;) {
        double ns;
        int rc = crit_measure_once(b, fn, arg, iters, &ns);
        if (rc)
            return rc;
        wall += b->wall_ns;
        total_iters += (double)iters;
        if (wall > warm_up_ns || iters >= (UINT64_C(1) << 52))
            break;
        iters *= 2;
    }
    /* A ns clock always sees the call itself, but guard the division anyway. */
    *met = wall > 0 ? wall / total_iters : 1e-3;
    crit_measure_usage_reset(b); /* what the samples use is the measurement's alone */
    return 0;
}

/* criterion's recommend_linear_sample_size / recommend_flat_sample_size. */
static uint64_t recommend(double target_ns, double met, bool linear) {
    double c = target_ns / met;
    double size = linear ? (-1.0 + sqrt(4.0 * c)) / 2.0 : c;
    uint64_t n = (uint64_t)size / 10 * 10;
    return n < 10 ? 10 : n;
}

double crit_plan_samples(double met, size_t n, double target_ns, crit_sampling_mode mode,
                         crit_sample *s, char *warning, size_t wlen) {
    double total_runs = (double)n * (double)(n + 1) / 2.0;
    warning[0] = '\0';
    if (mode == CRIT_SAMPLING_AUTO) {
        double d = ceil(target_ns / met / total_runs);
        mode = total_runs * d * met > 2.0 * target_ns ? CRIT_SAMPLING_FLAT : CRIT_SAMPLING_LINEAR;
    }
    bool linear = mode == CRIT_SAMPLING_LINEAR;
    double per = linear ? ceil(target_ns / met / total_runs) : ceil(target_ns / met / (double)n);
    if (!(per >= 1))
        per = 1;
    /* Iteration counts travel as doubles (sample.json): keep the largest below 2^53. */
    double max_per = floor(9007199254740992.0 / (linear ? (double)n : 1.0));
    if (per > max_per)
        per = max_per;
    double expected = (linear ? total_runs : (double)n) * per * met;
    s->mode = linear ? CRIT_MODE_LINEAR : CRIT_MODE_FLAT;
    for (size_t i = 0; i < n; i++)
        s->iters[i] = linear ? per * (double)(i + 1) : per;
    if (per == 1) {
        char want[32], actual[32];
        uint64_t rec = recommend(target_ns, met, linear);
        int k = snprintf(warning, wlen,
                         "Warning: Unable to complete %zu samples in %s. You may wish to increase "
                         "target time to %s",
                         n, crit_fmt_duration(want, sizeof want, target_ns),
                         crit_fmt_duration(actual, sizeof actual, expected));
        if (k > 0 && (size_t)k < wlen) {
            if (rec != n)
                snprintf(warning + k, wlen - (size_t)k, "%s reduce sample count to %llu.",
                         linear ? ", enable flat sampling, or" : ", or", (unsigned long long)rec);
            else
                snprintf(warning + k, wlen - (size_t)k, "%s",
                         linear ? " or enable flat sampling." : ".");
        }
    }
    return expected;
}

int crit_measure_samples(crit_bencher *b, crit_bench_fn fn, void *arg, crit_sample *s,
                         crit_progress_fn progress, void *ctx) {
    for (size_t i = 0; i < s->n; i++) {
        int rc = crit_measure_once(b, fn, arg, (uint64_t)s->iters[i], &s->times[i]);
        if (rc)
            return rc;
        if (progress)
            progress(i + 1, s->n, ctx);
    }
    return 0;
}

int crit_measure_quick(crit_bencher *b, crit_bench_fn fn, void *arg, double max_ns,
                       double target_rel_stdev, crit_sample *s) {
    const double min_ns = 100e6;
    uint64_t start = crit_clock_ns(), n = 1;
    double t_prev, t_now;
    int rc = crit_measure_once(b, fn, arg, n, &t_prev);
    if (rc)
        return rc;
    if (crit_sample_init(s, 2))
        return -CRIT_ENOMEM;
    if ((double)(crit_clock_ns() - start) > max_ns) {
        /* criterion nudges the second time so that the two points differ */
        s->mode = CRIT_MODE_FLAT;
        s->iters[0] = s->iters[1] = 1;
        s->times[0] = t_prev;
        s->times[1] = t_prev + 0.000001;
        return 0;
    }
    for (;;) {
        rc = crit_measure_once(b, fn, arg, n * 2, &t_now);
        if (rc) {
            crit_sample_fini(s);
            return rc;
        }
        double t = (t_prev + 2.0 * t_now) / 5.0;
        double stdev = sqrt((t_prev - t) * (t_prev - t) + (t_now - 2.0 * t) * (t_now - 2.0 * t));
        double elapsed = (double)(crit_clock_ns() - start);
        if ((stdev < target_rel_stdev * t && elapsed > min_ns) || elapsed > max_ns ||
            n >= (UINT64_C(1) << 61)) {
            s->mode = CRIT_MODE_LINEAR;
            s->iters[0] = (double)n;
            s->iters[1] = (double)(n * 2);
            s->times[0] = t_prev;
            s->times[1] = t_now;
            return 0;
        }
        n *= 2;
        t_prev = t_now;
    }
}
