/* test_py_embed.c: the one-call embedding path, stage-by-stage calls, state reset and reuse, the
 * allocation counter (zero allocations for "2 + 3" on a reused state), errors as data, limits
 * and the collector. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "py.h"

static py_status run(py_state *s, const char *src, py_value *v) {
    return py_run(s, src, strlen(src), v);
}

static void test_two_plus_three(void **state) {
    py_state *s = *state;
    py_value v;
    assert_int_equal(run(s, "2 + 3", &v), PY_OK);
    assert_int_equal(v.type, PY_T_INT);
    assert_int_equal(v.as.i, 5);
    const char *text;
    size_t len;
    assert_int_equal(py_format(s, v, 1, &text, &len), PY_OK);
    assert_string_equal(text, "5");
    assert_int_equal(len, 1);
}

static void test_print_captured(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    py_value v;
    assert_int_equal(run(s, "print(1, 'a', [2.5, 'b'], None)\nx = 7\nx * 6", &v), PY_OK);
    size_t len;
    assert_string_equal(py_output(s, &len), "1 a [2.5, 'b'] None\n");
    assert_int_equal(len, 20);
    assert_int_equal(v.as.i, 42);
    /* globals persist across py_run until a reset */
    assert_int_equal(run(s, "x + 1", &v), PY_OK);
    assert_int_equal(v.as.i, 8);
    assert_int_equal(run(s, "y = x", &v), PY_OK);
    assert_int_equal(v.type, PY_T_NONE);
    py_state_reset(s);
    assert_string_equal(py_output(s, &len), "");
    assert_int_equal(run(s, "x", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_NAME_ERROR);
    assert_string_equal(py_state_error(s)->message, "name 'x' is not defined");
}

/* A reset rebinds the builtins and __name__ and unbinds every other global whenever compiled
 * code could have stored one, even if pure programs ran after it; __name__ is '__main__'. */
static void test_reset_rebinds(void **state) {
    py_state *s = *state;
    py_value v;
    const char *text;
    size_t len;
    py_state_reset(s);
    assert_int_equal(run(s, "__name__", &v), PY_OK);
    assert_int_equal(py_format(s, v, 1, &text, &len), PY_OK);
    assert_string_equal(text, "'__main__'");
    assert_int_equal(run(s, "len = 7\n__name__ = 'x'\nz = 1", &v), PY_OK);
    assert_int_equal(run(s, "2 + 3", &v), PY_OK); /* pure: leaves the rebinding pending */
    assert_int_equal(run(s, "len + z", &v), PY_OK);
    assert_int_equal(v.as.i, 8);
    py_state_reset(s);
    assert_int_equal(run(s, "len('abc')", &v), PY_OK);
    assert_int_equal(v.as.i, 3);
    assert_int_equal(run(s, "__name__ == '__main__'", &v), PY_OK);
    assert_int_equal(v.type, PY_T_BOOL);
    assert_int_equal(v.as.i, 1);
    assert_int_equal(run(s, "z", &v), PY_ERROR);
    assert_string_equal(py_state_error(s)->message, "name 'z' is not defined");
}

/* py_state_interrupt: the program stops with KeyboardInterrupt at its next safe point (a loop
 * back edge), and py_state_reset drops a request nothing consumed. */
static void test_interrupt(void **state) {
    py_state *s = *state;
    py_value v;
    py_state_reset(s);
    py_state_interrupt(s);
    assert_int_equal(run(s, "i = 0\nwhile i < 5:\n    i = i + 1\ni", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_KEYBOARD_INTERRUPT);
    assert_int_equal(py_state_error(s)->line, 2);
    assert_int_equal(run(s, "i = 0\nwhile i < 5:\n    i = i + 1\ni", &v), PY_OK); /* consumed */
    assert_int_equal(v.as.i, 5);
    py_state_interrupt(s);
    py_state_reset(s);
    assert_int_equal(run(s, "i = 0\nwhile i < 5:\n    i = i + 1\ni", &v), PY_OK);
    assert_int_equal(v.as.i, 5);
}

static void test_stages(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    const char *src = "def sq(n):\n    return n * n\nsq(9)\n";
    py_value v;
    assert_int_equal(py_lex(s, src, strlen(src)), PY_OK);
    assert_int_equal(py_parse(s), PY_OK);
    assert_int_equal(py_compile(s), PY_OK);
    for (int i = 0; i < 3; i++) { /* compiled code runs again and again */
        assert_int_equal(py_execute(s, &v), PY_OK);
        assert_int_equal(v.as.i, 81);
    }
    const char *text;
    assert_int_equal(py_format(s, v, 0, &text, NULL), PY_OK);
    assert_string_equal(text, "81");
    /* a stage out of order is an error, not a crash */
    py_state_reset(s);
    assert_int_equal(py_execute(s, &v), PY_ERROR);
    assert_int_equal(py_parse(s), PY_ERROR);
}

static void test_errors_are_data(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    py_value v;
    assert_int_equal(run(s, "print('a')\ndef f(x):\n    return 1 // x\nf(0)", &v), PY_ERROR);
    const py_error *e = py_state_error(s);
    assert_int_equal(e->kind, PY_EXC_ZERO_DIVISION_ERROR);
    assert_int_equal(e->line, 3);
    assert_int_equal(e->ntrace, 2);
    assert_string_equal(e->trace[0].func, "<module>");
    assert_int_equal(e->trace[0].line, 4);
    assert_string_equal(e->trace[1].func, "f");
    char line[128];
    py_error_line(e, line, sizeof line);
    assert_string_equal(line, "ZeroDivisionError: integer division or modulo by zero");
    assert_string_equal(py_output(s, NULL), "a\n");
    assert_string_equal(py_exc_name(PY_EXC_RECURSION_ERROR), "RecursionError");
    assert_int_equal(run(s, "x = 1\ny = (", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_SYNTAX_ERROR);
    assert_int_equal(py_state_error(s)->line, 2);
}

static void test_zero_allocations(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    py_value v;
    const char *text;
    assert_int_equal(run(s, "2 + 3", &v), PY_OK); /* warm the buffers */
    assert_int_equal(py_format(s, v, 1, &text, NULL), PY_OK);
    py_alloc_stats before, after;
    py_state_alloc_stats(s, &before);
    for (int i = 0; i < 1000; i++) {
        py_state_reset(s);
        assert_int_equal(run(s, "2 + 3", &v), PY_OK);
        assert_int_equal(py_format(s, v, 1, &text, NULL), PY_OK);
    }
    py_state_alloc_stats(s, &after);
    assert_int_equal(after.count - before.count, 0);
    assert_int_equal(v.as.i, 5);
    /* a loop with calls and int arithmetic allocates nothing either */
    const char *prog = "def f(n):\n    return n + 1\ni = 0\nwhile i < 1000:\n    i = f(i)\ni";
    assert_int_equal(run(s, prog, &v), PY_OK);
    py_state_alloc_stats(s, &before);
    py_state_reset(s);
    assert_int_equal(run(s, prog, &v), PY_OK);
    py_state_alloc_stats(s, &after);
    assert_int_equal(after.count - before.count, 0);
    assert_int_equal(v.as.i, 1000);
}

/* The gate AC2 in numbers: the cold start of "2 + 3" (reset, five stages) on a state that has
 * run a program before allocates nothing, so at most 5 holds with room; a brand-new state
 * grows its buffers (AST arena, code, ...; the token array exists from py_state_new) once, on
 * its first program. */
static void test_allocation_count(void **state) {
    (void)state;
    py_state *s = py_state_new();
    assert_non_null(s);
    py_alloc_stats created, first, again;
    py_state_alloc_stats(s, &created);
    py_value v;
    const char *text;
    size_t len;
    assert_int_equal(run(s, "2 + 3", &v), PY_OK);
    assert_int_equal(py_format(s, v, 1, &text, &len), PY_OK);
    py_state_alloc_stats(s, &first);
    assert_int_equal(first.count - created.count, 6);
    for (int i = 0; i < 3; i++) {
        py_state_reset(s);
        assert_int_equal(run(s, "2 + 3", &v), PY_OK);
        assert_int_equal(py_format(s, v, 1, &text, &len), PY_OK);
        assert_string_equal(text, "5");
    }
    py_state_alloc_stats(s, &again);
    assert_int_equal(again.count - first.count, 0);
    assert_int_equal(again.bytes - first.bytes, 0);
    py_state_free(s);
}

static void test_limits_and_gc(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    py_value v;
    py_state_set_step_limit(s, 10000);
    assert_int_equal(run(s, "while True:\n    pass", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_TIMEOUT_ERROR);
    py_state_reset(s); /* an inverted loop: its bottom test is the safe point */
    assert_int_equal(run(s, "i = 0\nwhile i < 1000000000:\n    i += 1", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_TIMEOUT_ERROR);
    py_state_set_step_limit(s, 0);
    py_state_reset(s);
    py_state_set_memory_limit(s, 32u << 20);
    assert_int_equal(run(s, "x = [1]\nwhile True:\n    x = x + x", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_MEMORY_ERROR);
    py_state_reset(s);
    /* garbage is collected: 2 million short-lived strings fit in 32 MB */
    assert_int_equal(
        run(s, "n = 0\nfor i in range(2000000):\n    s = str(i) + 'x'\n    n += len(s)\nn", &v),
        PY_OK);
    assert_int_equal(v.as.i, 12888890 + 2000000);
    py_state_reset(s);
    assert_int_equal(run(s,
                         "n = 0\ni = 0\nwhile i < 2000000:\n    s = str(i) + 'x'\n    n += len(s)\n"
                         "    i += 1\nn",
                         &v),
                     PY_OK);
    assert_int_equal(v.as.i, 12888890 + 2000000);
    py_state_set_memory_limit(s, 0);
    py_state_reset(s);
    assert_int_equal(run(s, "def f(n):\n    return f(n + 1)\nf(0)", &v), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, PY_EXC_RECURSION_ERROR);
    assert_int_equal(py_state_error(s)->ntrace, PY_TRACE_MAX);
    assert_int_equal(py_state_error(s)->ntrace_skipped, PY_RECURSION_LIMIT - PY_TRACE_MAX);
}

static void sink(void *ctx, const char *data, size_t len) {
    size_t *total = ctx;
    *total += len;
    (void)data;
}

static void test_output_callback(void **state) {
    py_state *s = *state;
    py_state_reset(s);
    size_t total = 0;
    py_state_set_output(s, sink, &total);
    py_value v;
    assert_int_equal(run(s, "for i in range(10):\n    print(i)", &v), PY_OK);
    assert_int_equal(total, 20);
    assert_string_equal(py_output(s, NULL), "");
    py_state_set_output(s, NULL, NULL);
}

static int setup(void **state) {
    *state = py_state_new();
    return *state ? 0 : -1;
}
static int teardown(void **state) {
    py_state_free(*state);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_plus_three),   cmocka_unit_test(test_print_captured),
        cmocka_unit_test(test_stages),           cmocka_unit_test(test_errors_are_data),
        cmocka_unit_test(test_zero_allocations), cmocka_unit_test(test_allocation_count),
        cmocka_unit_test(test_limits_and_gc),    cmocka_unit_test(test_output_callback),
        cmocka_unit_test(test_reset_rebinds),    cmocka_unit_test(test_interrupt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
