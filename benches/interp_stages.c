/* interp_stages.c: minipy's five stages timed one at a time (lexer, parser, compiler, VM,
 * formatter), the whole cold start and a warm re-run, on `2 + 3` (the *_simple ids) and on
 * six workloads as parameterised groups. Every benchmark stores allocs_per_iter and
 * bytes_per_iter counted by libpy's allocation choke point around the timed loop. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"
#include "suites.h"

typedef struct workload {
    const char *name;
    const char *src;
    uint64_t vm_elements; /* work units one execution does (calls, loop steps); 0 = none */
} workload;

/* fib(15) makes 2 * fib(16) - 1 = 1973 calls; loop1000 runs its body 1000 times. */
static const workload workloads[] = {
    {"simple", "2 + 3", 0},
    {"variables", "x = 10\ny = 20\nx + y\n", 0},
    {"call", "def add(a, b):\n    return a + b\nadd(2, 3)\n", 0},
    {"fib15",
     "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n"
     "fib(15)\n",
     1973},
    {"loop1000", "i = 0\ns = 0\nwhile i < 1000:\n    s = s + i\n    i = i + 1\ns\n", 1000},
    {"print", "print(42)\n", 0},
};
#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

typedef enum {
    STAGE_LEX,     /* source -> tokens */
    STAGE_PARSE,   /* tokens (prepared) -> AST */
    STAGE_COMPILE, /* AST (prepared) -> code */
    STAGE_VM,      /* code (prepared) -> value */
    STAGE_FORMAT,  /* value (prepared) -> repr text */
    STAGE_COLD,    /* reset + all five stages from source */
    STAGE_WARM     /* all five stages again on a state that already ran the program */
} stage;

/* What one benchmark times: a stage of a workload on its own state, prepared untimed. */
typedef struct subject {
    stage st;
    const workload *w;
    size_t len;
    py_state *s;
    py_value v;      /* the program's value, for STAGE_FORMAT */
    bool prepared;   /* the program ran once, so every stage's input is in the state */
    bool clear_out;  /* print() output must be dropped each iteration or it would pile up */
    char error[300]; /* why preparing failed */
} subject;

static void fail_from_state(subject *x, const char *what) {
    char line[256];
    py_error_line(py_state_error(x->s), line, sizeof line);
    snprintf(x->error, sizeof x->error, "%s of workload '%s' failed: %s", what, x->w->name, line);
}

/* Runs the program once (so tokens, AST, code and value exist), then leaves in the state
 * exactly the input the timed stage reads. */
static bool prepare(subject *x) {
    const char *text;
    size_t n;
    x->len = strlen(x->w->src);
    x->clear_out = strcmp(x->w->name, "print") == 0;
    x->s = py_state_new();
    if (x->s == NULL) {
        snprintf(x->error, sizeof x->error, "out of memory");
        return false;
    }
    if (py_run(x->s, x->w->src, x->len, &x->v) != PY_OK) {
        fail_from_state(x, "running");
        return false;
    }
    if (py_format(x->s, x->v, 1, &text, &n) != PY_OK) {
        fail_from_state(x, "formatting");
        return false;
    }
    /* parse and compile re-read the tokens and AST of the last lex and parse */
    if (x->st == STAGE_PARSE && py_lex(x->s, x->w->src, x->len) != PY_OK) {
        fail_from_state(x, "lexing");
        return false;
    }
    x->prepared = true;
    return true;
}

/* The timed loops: one stage call per iteration, statuses OR-ed so none can be ignored. */
static int timed_loop(crit_bencher *b, subject *x) {
    py_state *s = x->s;
    const char *src = x->w->src, *text;
    size_t len = x->len, n;
    py_value v = x->v;
    int bad = 0;
    switch (x->st) {
    case STAGE_LEX: CRIT_ITER(b) { bad |= py_lex(s, src, len);
        }
        break;
    case STAGE_PARSE: CRIT_ITER(b) { bad |= py_parse(s);
        }
        break;
    case STAGE_COMPILE: CRIT_ITER(b) { bad |= py_compile(s);
        }
        break;
    case STAGE_VM:
        if (x->clear_out) {
            CRIT_ITER(b) {
                bad |= py_execute(s, &v);
                py_output_clear(s);
            }
        } else {
            CRIT_ITER(b) { bad |= py_execute(s, &v); }
        }
        break;
    case STAGE_FORMAT: CRIT_ITER(b) { bad |= py_format(s, v, 1, &text, &n);
        }
        break;
    case STAGE_COLD:
        CRIT_ITER(b) {
            py_state_reset(s);
            bad |= py_run(s, src, len, &v);
            bad |= py_format(s, v, 1, &text, &n);
        }
        break;
    case STAGE_WARM:
        CRIT_ITER(b) {
            bad |= py_run(s, src, len, &v);
            bad |= py_format(s, v, 1, &text, &n);
            if (x->clear_out)
                py_output_clear(s);
        }
        break;
    }
    return bad;
}

static void bench_stage(crit_bencher *b, void *arg) {
    subject *x = arg;
    if (!x->prepared) {
        crit_bencher_fail(b, "%s", x->error);
        return;
    }
    py_alloc_stats a0, a1;
    py_state_alloc_stats(x->s, &a0);
    int bad = timed_loop(b, x);
    py_state_alloc_stats(x->s, &a1);
    if (bad) {
        fail_from_state(x, "a timed stage");
        crit_bencher_fail(b, "%s", x->error);
        return;
    }
    double iters = (double)crit_bencher_iters(b);
    crit_bencher_metric(b, "allocs_per_iter", (double)(a1.count - a0.count) / iters);
    crit_bencher_metric(b, "bytes_per_iter", (double)(a1.bytes - a0.bytes) / iters);
}

/* Prepares, runs (when the filter selects it) and frees one subject. */
static void run_subject(crit_runner *r, crit_group *g, const char *id, stage st,
                        const workload *w) {
    subject x = {.st = st, .w = w};
    prepare(&x);
    if (g != NULL)
        crit_bench_with_input(g, NULL, w->name, bench_stage, &x);
    else
        crit_bench_function(r, id, bench_stage, &x);
    py_state_free(x.s);
}

static size_t count_tokens(const workload *w) {
    size_t n = 0;
    py_state *s = py_state_new();
    if (s != NULL && py_lex(s, w->src, strlen(w->src)) == PY_OK)
        py_tokens(s, &n);
    py_state_free(s);
    return n;
}

/* One group per stage over every workload, with throughput where it means something: source
 * bytes for the lexer, tokens for the parser, calls or loop steps for the VM. */
static void stage_group(crit_runner *r, const char *name, stage st) {
    crit_group *g = crit_group_new(r, name);
    for (size_t i = 0; i < NWORKLOADS; i++) {
        const workload *w = &workloads[i];
        if (st == STAGE_LEX)
            crit_group_throughput(g, CRIT_THROUGHPUT_BYTES, strlen(w->src));
        else if (st == STAGE_PARSE)
            crit_group_throughput(g, CRIT_THROUGHPUT_ELEMENTS, count_tokens(w));
        else if (st == STAGE_VM && w->vm_elements > 0)
            crit_group_throughput(g, CRIT_THROUGHPUT_ELEMENTS, w->vm_elements);
        else
            crit_group_throughput(g, CRIT_THROUGHPUT_NONE, 0);
        run_subject(r, g, NULL, st, w);
    }
    crit_group_finish(g);
}

void bench_interp_simple(crit_runner *r) {
    static const struct {
        const char *id;
        stage st;
    } lone[] = {
        {"lexer_simple", STAGE_LEX},        {"parser_simple", STAGE_PARSE},
        {"compiler_simple", STAGE_COMPILE}, {"vm_simple", STAGE_VM},
        {"format_simple", STAGE_FORMAT},    {"cold_start_simple", STAGE_COLD},
        {"warm_execution", STAGE_WARM},
    };
    for (size_t i = 0; i < sizeof lone / sizeof lone[0]; i++)
        run_subject(r, NULL, lone[i].id, lone[i].st, &workloads[0]);
}

/* cold_start_simple's subject, for the ac6 group of baselines.c (suites.h). */
struct bench_cold_start {
    subject x;
};

bench_cold_start *bench_cold_start_new(void) {
    bench_cold_start *c = calloc(1, sizeof *c);
    if (c == NULL) {
        fputs("error: out of memory\n", stderr);
        exit(1);
    }
    c->x = (subject){.st = STAGE_COLD, .w = &workloads[0]};
    prepare(&c->x);
    return c;
}

void bench_cold_start_run(crit_bencher *b, void *arg) {
    bench_cold_start *c = arg;
    bench_stage(b, &c->x);
}

void bench_cold_start_free(bench_cold_start *c) {
    if (c != NULL)
        py_state_free(c->x.s);
    free(c);
}

void bench_interp_workloads(crit_runner *r) {
    stage_group(r, "lexer", STAGE_LEX);
    stage_group(r, "parser", STAGE_PARSE);
    stage_group(r, "compiler", STAGE_COMPILE);
    stage_group(r, "vm", STAGE_VM);
    stage_group(r, "format", STAGE_FORMAT);
    stage_group(r, "cold_start", STAGE_COLD);
}
