/* test_py_fuzz.c: the fuzz smoke test. A few thousand programs made by mutating the conformance
 * corpus (and some random bytes) run through all five stages on one reused state with a step
 * limit and a memory limit: no crash, no hang, no leak (run under SANITIZER=address,undefined),
 * and every failure is a well-formed Python exception. PY_FUZZ_N and PY_FUZZ_SEED override. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"

#define CORPUS_DIR "tests/conformance"
#define MAX_FILES 512
#define MAX_PROGRAM (64 * 1024)

static char *corpus[MAX_FILES];
static size_t corpus_len[MAX_FILES];
static size_t ncorpus;
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t below(size_t n) { return n ? (size_t)(next() % n) : 0; }

static void load_corpus(void) {
    DIR *d = opendir(CORPUS_DIR);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) && ncorpus < MAX_FILES) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, CORPUS_DIR "/%s", e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char *buf = malloc(MAX_PROGRAM);
        size_t len = fread(buf, 1, MAX_PROGRAM, f);
        fclose(f);
        corpus[ncorpus] = buf;
        corpus_len[ncorpus++] = len;
    }
    closedir(d);
    assert_true(ncorpus >= 80);
}

static const char *const snippets[] = {
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "\n",
    "    ",
    "\t",
    " ",
    "if ",
    "elif x:",
    "else:",
    "while ",
    "def f(a):\n",
    "for x in ",
    "range(",
    "return ",
    "1e308",
    "9223372036854775807",
    "-9223372036854775808",
    "'",
    "\"",
    "\\",
    "=",
    "+",
    "-",
    "*",
    "**",
    "//",
    "%",
    "/",
    " not ",
    " and ",
    " or ",
    "<",
    "<=",
    "==",
    "!=",
    "\x00",
    "\xff",
    "\xc3\xa9",
    "print(",
    "global x\n",
    "break\n",
    "continue\n",
    "pass\n",
    "x",
    "xs",
    "[1, 2]",
    "'abc'",
    "0",
    "1",
    "2.5",
    "None",
    "True",
    ".append(",
    ".pop()",
    ".split()",
    "len(",
    "str(",
    "int(",
    "float(",
    "f(f(f(",
    "x = x + x\n",
    "x = [x]\n",
    "\"\"\"",
    "#",
    "class",
    "lambda",
    "{",
    "}",
};

static size_t mutate(char *out, size_t len) {
    int rounds = 1 + (int)below(4);
    for (int r = 0; r < rounds; r++) {
        size_t at = below(len + 1), span = below(len - at + 1) % 64;
        switch (below(5)) {
        case 0: /* delete a span */
            memmove(out + at, out + at + span, len - at - span);
            len -= span;
            break;
        case 1: { /* insert a snippet */
            const char *snip = snippets[below(sizeof snippets / sizeof snippets[0])];
            size_t n = strlen(snip);
            if (snip[0] == '\0')
                n = 1;
            if (len + n >= MAX_PROGRAM)
                break;
            memmove(out + at + n, out + at, len - at);
            memcpy(out + at, snip, n);
            len += n;
            break;
        }
        case 2: /* duplicate a span */
            if (len + span >= MAX_PROGRAM)
                break;
            memmove(out + at + span, out + at, len - at);
            len += span;
            break;
        case 3: /* flip a byte */
            if (len)
                out[below(len)] = (char)next();
            break;
        default: { /* splice a piece of another program */
            size_t k = below(ncorpus), from = below(corpus_len[k] + 1),
                   n = below(corpus_len[k] - from + 1) % 256;
            if (len + n >= MAX_PROGRAM)
                break;
            memmove(out + at + n, out + at, len - at);
            memcpy(out + at, corpus[k] + from, n);
            len += n;
        }
        }
    }
    return len;
}

static void run_one(py_state *s, const char *src, size_t len, int *ok, int *errors) {
    py_state_reset(s);
    py_value v;
    py_status st = py_run(s, src, len, &v);
    if (st == PY_OK) {
        const char *text;
        size_t n;
        st = py_format(s, v, 1, &text, &n);
        (*ok)++;
    }
    if (st != PY_OK) {
        const py_error *e = py_state_error(s);
        assert_true(e->kind > PY_EXC_NONE && e->kind < PY_EXC_COUNT);
        char line[512];
        assert_true(py_error_line(e, line, sizeof line) > 0);
        (*errors)++;
    }
}

static void test_fuzz(void **state) {
    (void)state;
    load_corpus();
    const char *n_env = getenv("PY_FUZZ_N"), *seed_env = getenv("PY_FUZZ_SEED");
    long n = n_env ? atol(n_env) : 3000;
    if (seed_env)
        rng = strtoull(seed_env, NULL, 0) | 1;
    py_state *s = py_state_new();
    assert_non_null(s);
    py_state_set_step_limit(s, 20000);
    py_state_set_memory_limit(s, 16u << 20);
    char *buf = malloc(MAX_PROGRAM + 64);
    int ok = 0, errors = 0;
    for (size_t i = 0; i < ncorpus; i++)
        run_one(s, corpus[i], corpus_len[i], &ok, &errors);
    for (long i = 0; i < n; i++) {
        size_t len;
        if (i % 10 == 9) { /* pure noise */
            len = below(200);
            for (size_t k = 0; k < len; k++)
                buf[k] = (char)(next() % 96 + 32);
            if (len)
                buf[below(len)] = '\n';
        } else {
            size_t k = below(ncorpus);
            memcpy(buf, corpus[k], corpus_len[k]);
            len = mutate(buf, corpus_len[k]);
        }
        run_one(s, buf, len, &ok, &errors);
    }
    printf("fuzz: %ld mutated programs + %zu corpus programs: %d ran, %d raised\n", n, ncorpus, ok,
           errors);
    assert_true(ok > 0 && errors > 0);
    free(buf);
    py_state_free(s);
    for (size_t i = 0; i < ncorpus; i++)
        free(corpus[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fuzz)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
