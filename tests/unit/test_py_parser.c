/* test_py_parser.c: stage 2 (py_parse) AST dumps, constant folding, unsupported constructs and
 * the parser's own limits, with exact expected text. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"

static const char *dump(py_state *s, const char *src) {
    const char *text;
    size_t len;
    if (py_lex(s, src, strlen(src)) || py_parse(s) || py_ast_dump(s, &text, &len))
        return NULL;
    return text;
}

static void expect_error(py_state *s, const char *src, size_t len, py_exc kind,
                         const char *message) {
    assert_true(py_lex(s, src, len) || py_parse(s));
    assert_int_equal(py_state_error(s)->kind, kind);
    if (message)
        assert_string_equal(py_state_error(s)->message, message);
}

static void test_expressions(void **state) {
    py_state *s = *state;
    assert_string_equal(dump(s, "x = 1 + y * 2"),
                        "(assign (name x) (binop + (int 1) (binop * (name y) (int 2))))\n");
    assert_string_equal(dump(s, "a - b - c"),
                        "(expr (binop - (binop - (name a) (name b)) (name c)))\n");
    assert_string_equal(dump(s, "a ** b ** c"),
                        "(expr (binop ** (name a) (binop ** (name b) (name c))))\n");
    assert_string_equal(dump(s, "-a ** 2"), "(expr (neg (binop ** (name a) (int 2))))\n");
    assert_string_equal(dump(s, "1 < x <= 3 != y"),
                        "(expr (compare (int 1) < (name x) <= (int 3) != (name y)))\n");
    assert_string_equal(dump(s, "a or b and not c"),
                        "(expr (or (name a) (and (name b) (not (name c)))))\n");
    assert_string_equal(dump(s, "x if c else y"), "(expr (ifexp (name c) (name x) (name y)))\n");
    assert_string_equal(
        dump(s, "f(a, [1, 'b'], x[0])"),
        "(expr (call (name f) (name a) (list (int 1) (str 'b')) (index (name x) (int 0))))\n");
    assert_string_equal(
        dump(s, "xs.append(x in y, x not in y)"),
        "(expr (method (name xs) .append (compare (name x) in (name y)) (compare (name x) not in (name y))))\n");
    assert_string_equal(dump(s, "'a' \"b\" '\\n'"), "(expr (str 'ab\\n'))\n");
}

static void test_constant_folding(void **state) {
    py_state *s = *state;
    assert_string_equal(dump(s, "2 + 3"), "(expr (int 5))\n");
    assert_string_equal(dump(s, "2 * 3 ** 2 - -1"), "(expr (int 19))\n");
    assert_string_equal(dump(s, "x = 7 // -2"), "(assign (name x) (int -4))\n");
    assert_string_equal(dump(s, "1 / 4"), "(expr (float 0.25))\n");
    assert_string_equal(dump(s, "not 0"), "(expr (True))\n");
    /* errors and overflow are left for run time, as CPython does */
    assert_string_equal(dump(s, "1 / 0"), "(expr (binop / (int 1) (int 0)))\n");
    assert_string_equal(dump(s, "2 ** 64"), "(expr (binop ** (int 2) (int 64)))\n");
}

static void test_statements(void **state) {
    py_state *s = *state;
    const char *src =
        "def f(a, b):\n    global g\n    for i in range(a):\n        b += i\n        if i: break\n"
        "    while b > 0: b -= 1\n    return\na, b = b, a\nif x: pass\nelif y: continue\nelse: z = w = 1\n";
    assert_string_equal(dump(s, src),
                        "(def f (a b)\n"
                        "  (global g)\n"
                        "  (for (name i) (call (name range) (name a))\n"
                        "    (augassign += (name b) (name i))\n"
                        "    (if (name i)\n"
                        "      (break)\n"
                        "    )\n"
                        "  )\n"
                        "  (while (compare (name b) > (int 0))\n"
                        "    (augassign -= (name b) (int 1))\n"
                        "  )\n"
                        "  (return)\n"
                        ")\n"
                        "(assign (tuple (name a) (name b)) (tuple (name b) (name a)))\n"
                        "(if (name x)\n"
                        "  (pass)\n"
                        "else\n"
                        "  (if (name y)\n"
                        "    (continue)\n"
                        "  else\n"
                        "    (assign (name z) (name w) (int 1))\n"
                        "  )\n"
                        ")\n");
}

static void test_unsupported(void **state) {
    py_state *s = *state;
    expect_error(s, "class A: pass", 13, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "'class' is not supported (line 1)");
    expect_error(s, "\nimport os", 10, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "'import' is not supported (line 2)");
    expect_error(s, "f = lambda: 1", 13, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "'lambda' is not supported (line 1)");
    expect_error(s, "[x for x in y]", 14, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "comprehensions are not supported (line 1)");
    expect_error(s, "@d\ndef f(): pass", 16, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "decorators are not supported (line 1)");
    expect_error(s, "d = {}", 6, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "dict and set displays are not supported (line 1)");
    expect_error(s, "f(x=1)", 6, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "keyword arguments are not supported (line 1)");
    expect_error(s, "x[1:2]", 6, PY_EXC_NOT_IMPLEMENTED_ERROR, "slices are not supported (line 1)");
    expect_error(s, "x.y", 3, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "attribute access other than method calls is not supported (line 1)");
    expect_error(s, "x = 1, 2", 8, PY_EXC_NOT_IMPLEMENTED_ERROR, NULL);
    expect_error(s, "def f(a=1): pass", 16, PY_EXC_NOT_IMPLEMENTED_ERROR,
                 "default parameter values are not supported (line 1)");
    expect_error(s, "while x: pass\nelse: pass", 24, PY_EXC_NOT_IMPLEMENTED_ERROR, NULL);
}

static void test_syntax_errors(void **state) {
    py_state *s = *state;
    expect_error(s, "x = = 1", 7, PY_EXC_SYNTAX_ERROR, "invalid syntax");
    expect_error(s, "1 = x", 5, PY_EXC_SYNTAX_ERROR, NULL);
    expect_error(s, "f() = 1", 7, PY_EXC_SYNTAX_ERROR, "cannot assign to function call");
    expect_error(s, "if x\n  pass", 11, PY_EXC_SYNTAX_ERROR, "expected ':'");
    expect_error(s, "  x = 1", 7, PY_EXC_INDENTATION_ERROR, "unexpected indent");
    expect_error(s, "if x:\npass", 10, PY_EXC_INDENTATION_ERROR,
                 "expected an indented block after 'if' statement on line 1");
    expect_error(s, "def f(a, a): pass", 17, PY_EXC_SYNTAX_ERROR,
                 "duplicate argument 'a' in function definition");
}

static void test_limits(void **state) {
    py_state *s = *state;
    size_t n = 100000;
    char *src = malloc(2 * n + 8);
    memset(src, '-', n);
    strcpy(src + n, "1");
    expect_error(s, src, n + 1, PY_EXC_RECURSION_ERROR,
                 "maximum recursion depth exceeded during compilation");
    for (size_t i = 0; i < n; i++)
        memcpy(src + 2 * i, "a+", 2);
    src[2 * n - 1] = '\0';
    expect_error(s, src, 2 * n - 1, PY_EXC_RECURSION_ERROR,
                 "maximum recursion depth exceeded during compilation");
    for (size_t i = 0; i < n / 4; i++)
        memcpy(src + 4 * i, "not ", 4);
    strcpy(src + n, "x");
    expect_error(s, src, n + 1, PY_EXC_RECURSION_ERROR, NULL);
    free(src);
}

/* The fast paths for one-line arithmetic (py_parse_simple_line, then compile_constant for what
 * folds to a number) must match the general ones: "(src)" and "src;" take the general parser,
 * and on a fresh state the general compiler (its code pool is empty), so the dumps, the
 * disassembly (which shows lines and constants) and the result or error must all agree. */
static void run_stages(py_state *s, const char *src, char *out, size_t cap) {
    const char *text;
    size_t len;
    py_value v;
    if (py_lex(s, src, strlen(src)) || py_parse(s)) {
        snprintf(out, cap, "parse error %d line %d: %s", py_state_error(s)->kind,
                 py_state_error(s)->line, py_state_error(s)->message);
        return;
    }
    assert_int_equal(py_ast_dump(s, &text, &len), PY_OK);
    size_t n = (size_t)snprintf(out, cap, "%s", text);
    assert_int_equal(py_compile(s), PY_OK);
    assert_int_equal(py_dis(s, &text, &len), PY_OK);
    n += (size_t)snprintf(out + n, cap - n, "%s", text);
    if (py_execute(s, &v) == PY_OK) {
        assert_int_equal(py_format(s, v, 1, &text, &len), PY_OK);
        snprintf(out + n, cap - n, "-> %s", text);
    } else {
        snprintf(out + n, cap - n, "-> error %d line %d: %s", py_state_error(s)->kind,
                 py_state_error(s)->line, py_state_error(s)->message);
    }
}

/* src on a fresh state (global slots numbered alike); warm: after a first run, so that the
 * compiler's code pool has room and its fast path can be taken. */
static void run_all(const char *src, bool warm, char *out, size_t cap) {
    py_state *s = py_state_new();
    assert_non_null(s);
    if (warm)
        assert_int_equal(py_run(s, "0", 1, NULL), PY_OK);
    run_stages(s, src, out, cap);
    py_state_free(s);
}

static void test_fast_path_agrees(void **state) {
    py_state *s = *state;
    static const char *const lines[] = {
        "2 + 3",
        "2",
        "x",
        "1.5",
        "2 * 3 - 4",
        "a - b - c",
        "a + b * c - d // e % f",
        "7 // -2",
        "1 / 0",
        "1 % 0",
        "2 * 3 + x * 4",
        "9223372036854775807 + 1",
        "9223372036854775807 * 2 - 1",
        "1.0 / 3",
        "x * 0 + 3 * 5",
        "1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17",
        "99999999999999999999 + 1",
        "0 - 0.0",
        "3 - 5.5 * 2",
        "range + 1",
        "print * 2",
        "1e308 * 10",
        "\n\n4 * 5",
        "1 - 1",
        "6 / 3",
        "2 * 0.5",
    };
    static char fast[4096], slow[4096];
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char alt[256];
        run_all(lines[i], true, fast, sizeof fast);
        snprintf(alt, sizeof alt, "(%s)", lines[i]);
        run_all(alt, false, slow, sizeof slow);
        assert_string_equal(fast, slow);
        snprintf(alt, sizeof alt, "%s;", lines[i]);
        run_all(alt, false, slow, sizeof slow);
        assert_string_equal(fast, slow);
    }
    assert_string_equal(dump(s, "2 + 3\n"), "(expr (int 5))\n");
    assert_string_equal(dump(s, "\n\nx * 2 + 1\n"),
                        "(expr (binop + (binop * (name x) (int 2)) (int 1)))\n");
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
        cmocka_unit_test(test_expressions),      cmocka_unit_test(test_constant_folding),
        cmocka_unit_test(test_statements),       cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_syntax_errors),    cmocka_unit_test(test_limits),
        cmocka_unit_test(test_fast_path_agrees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
