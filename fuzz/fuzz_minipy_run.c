/* fuzz_minipy_run.c: libFuzzer target for minipy's whole run path through the embedding API
 * (py.h): an input is a Python program, run on a fresh state (py_state_new, limits, py_run,
 * py_format of the result both ways), then again on the same state after py_state_reset with
 * print() captured instead (py_output). Oracle besides the sanitizers: the two runs must agree
 * on status, exception kind, message and output, unless either ran out of memory (the reset
 * state keeps its buffers, so its memory limit bites earlier). Output goes to a hash, never to
 * the terminal. Loops end by the step limit (TimeoutError), big values by the memory limit
 * (MemoryError), so no input should take libFuzzer's -timeout. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_minipy.h"
#include "py.h"

/* ~20k loop iterations plus calls per run and 16 MiB live: a few ms per run under ASan. */
#define FUZZ_STEP_LIMIT 20000
#define FUZZ_MEMORY_LIMIT (16u << 20)

/* What a run printed, reduced to its length and FNV-1a hash. */
typedef struct sink {
    size_t len;
    uint64_t hash;
} sink;

static void sink_add(sink *k, const char *data, size_t len) {
    for (size_t i = 0; i < len; i++)
        k->hash = (k->hash ^ (unsigned char)data[i]) * 1099511628211u;
    k->len += len;
}

/* py_write_fn: print() output into the sink, nowhere else. */
static void sink_write(void *ctx, const char *data, size_t len) { sink_add(ctx, data, len); }

/* One run's outcome, as compared between the two runs. */
typedef struct outcome {
    py_status status;
    py_exc kind;
    char message[256];
    sink out;
} outcome;

/* Formats the result both ways (str and repr), as a REPL would, and folds the text into k. */
static void format_result(py_state *s, py_status st, py_value v, sink *k) {
    if (st != PY_OK)
        return;
    for (int repr = 0; repr < 2; repr++) {
        const char *text;
        size_t len;
        if (py_format(s, v, repr, &text, &len) == PY_OK)
            sink_add(k, text, len);
    }
}

static void record(py_state *s, py_status st, outcome *o) {
    const py_error *e = py_state_error(s);
    o->status = st;
    o->kind = st == PY_OK ? PY_EXC_NONE : e->kind;
    snprintf(o->message, sizeof o->message, "%s", st == PY_OK ? "" : e->message);
    char line[512];
    py_error_line(e, line, sizeof line); /* the traceback's last line: exercised, not compared */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *src;
    py_state *s = fuzz_minipy_open(data, size, &src);
    if (s == NULL)
        return 0;
    py_state_set_step_limit(s, FUZZ_STEP_LIMIT);
    py_state_set_memory_limit(s, FUZZ_MEMORY_LIMIT);

    outcome first = {0}, second = {0};
    py_value v;
    py_state_set_output(s, sink_write, &first.out);
    py_status st = py_run(s, src, size, &v);
    format_result(s, st, v, &first.out);
    record(s, st, &first);

    py_state_reset(s);
    py_state_set_output(s, NULL, NULL); /* capture: the state's buffer, read back below */
    st = py_run(s, src, size, &v);
    size_t outlen;
    const char *out = py_output(s, &outlen);
    sink_add(&second.out, out, outlen);
    format_result(s, st, v, &second.out);
    record(s, st, &second);
    py_output_clear(s);
    py_alloc_stats stats;
    py_state_alloc_stats(s, &stats);
    py_state_free(s);
    free(src);

    if (first.kind == PY_EXC_MEMORY_ERROR || second.kind == PY_EXC_MEMORY_ERROR)
        return 0;
    if (first.status != second.status || first.kind != second.kind ||
        strcmp(first.message, second.message) != 0 || first.out.len != second.out.len ||
        first.out.hash != second.out.hash) {
        fprintf(stderr,
                "fuzz_minipy_run: the run after py_state_reset differs from the fresh one:\n"
                "  fresh: status %d %s: %s (output %zu bytes)\n"
                "  reset: status %d %s: %s (output %zu bytes)\n",
                (int)first.status, py_exc_name(first.kind), first.message, first.out.len,
                (int)second.status, py_exc_name(second.kind), second.message, second.out.len);
        abort();
    }
    return 0;
}
