/* test_py_lexer.c: stage 1 (py_lex) token streams and lexical errors, exact expectations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"

/* Renders the token stream as "KIND KIND(text) ..." for one-line comparisons. */
static const char *tokens(py_state *s, const char *src) {
    static char out[4096];
    size_t n, len = 0;
    out[0] = '\0';
    if (py_lex(s, src, strlen(src)) != PY_OK)
        return NULL;
    const py_token *t = py_tokens(s, &n);
    for (size_t i = 0; i < n; i++) {
        const char *name = py_token_name(t[i].kind);
        int w;
        if (t[i].kind == PY_TOK_NAME || t[i].kind == PY_TOK_INT || t[i].kind == PY_TOK_FLOAT ||
            t[i].kind == PY_TOK_STRING)
            w = snprintf(out + len, sizeof out - len, "%s%s(%.*s)", i ? " " : "", name,
                         (int)t[i].len, src + t[i].start);
        else
            w = snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "", name);
        len += (size_t)w;
    }
    return out;
}

static void expect_error(py_state *s, const char *src, size_t len, py_exc kind, int line) {
    assert_int_equal(py_lex(s, src, len), PY_ERROR);
    assert_int_equal(py_state_error(s)->kind, kind);
    assert_int_equal(py_state_error(s)->line, line);
}

static void test_expression(void **state) {
    py_state *s = *state;
    assert_string_equal(tokens(s, "2 + 3"), "INT(2) + INT(3) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "x=a//b**-1.5e3"),
                        "NAME(x) = NAME(a) // NAME(b) ** - FLOAT(1.5e3) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "a<=b!=c>=d==e"),
                        "NAME(a) <= NAME(b) != NAME(c) >= NAME(d) == NAME(e) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "x += 'it''s' \"q\""),
                        "NAME(x) += STRING('it') STRING('s') STRING(\"q\") NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "0x1F .5 1_000 r'\\n'"),
                        "INT(0x1F) FLOAT(.5) INT(1_000) STRING(r'\\n') NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, ""), "ENDMARKER");
}

static void test_keywords(void **state) {
    py_state *s = *state;
    assert_string_equal(tokens(s, "if not x and y or z: pass"),
                        "if not NAME(x) and NAME(y) or NAME(z) : pass NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "class lambda True None iffy"),
                        "KW_OTHER KW_OTHER True None NAME(iffy) NEWLINE ENDMARKER");
}

static void test_indentation(void **state) {
    py_state *s = *state;
    const char *src =
        "def f(x):\n    if x:\n        return 1\n\n    # comment\n    return 2\nf(1)\n";
    assert_string_equal(
        tokens(s, src),
        "def NAME(f) ( NAME(x) ) : NEWLINE INDENT if NAME(x) : NEWLINE INDENT return INT(1) NEWLINE "
        "DEDENT return INT(2) NEWLINE DEDENT NAME(f) ( INT(1) ) NEWLINE ENDMARKER");
    /* no trailing newline, dedent at EOF */
    assert_string_equal(tokens(s, "while 1:\n\tpass"),
                        "while INT(1) : NEWLINE INDENT pass NEWLINE DEDENT ENDMARKER");
}

static void test_line_joining(void **state) {
    py_state *s = *state;
    assert_string_equal(tokens(s, "x = (1 +\n  2)\ny = [\n]\n"),
                        "NAME(x) = ( INT(1) + INT(2) ) NEWLINE NAME(y) = [ ] NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "x = 1 + \\\n 2\n"),
                        "NAME(x) = INT(1) + INT(2) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "s = '''a\nb'''\n"),
                        "NAME(s) = STRING('''a\nb''') NEWLINE ENDMARKER");
}

static void test_lines(void **state) {
    py_state *s = *state;
    size_t n;
    assert_int_equal(py_lex(s, "a\n\nb\n  # c\nc", 12), PY_OK);
    const py_token *t = py_tokens(s, &n);
    assert_int_equal(n, 7);
    assert_int_equal(t[0].line, 1);
    assert_int_equal(t[2].line, 3);
    assert_int_equal(t[4].line, 5);
}

static void test_errors(void **state) {
    py_state *s = *state;
    expect_error(s, "x = 1\n\x00\n", 8, PY_EXC_SYNTAX_ERROR, 2);
    expect_error(s, "x = '\xff'\n", 8, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = '\xc3'\n", 8, PY_EXC_SYNTAX_ERROR, 1);          /* truncated sequence */
    expect_error(s, "x = '\xed\xa0\x80'\n", 10, PY_EXC_SYNTAX_ERROR, 1); /* surrogate */
    expect_error(s, "if 1:\n\tx\n        y\n", 19, PY_EXC_TAB_ERROR, 3);
    expect_error(s, "if 1:\n    x\n  y\n", 16, PY_EXC_INDENTATION_ERROR, 3);
    expect_error(s, "s = 'abc\n", 9, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = (1,\n2\n", 10, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = 1)\n", 7, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = (1]\n", 8, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = 1 $ 2\n", 10, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = 012\n", 8, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = 1abc\n", 9, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "x = f'{y}'\n", 11, PY_EXC_NOT_IMPLEMENTED_ERROR, 1);
    expect_error(s, "x = b'y'\n", 9, PY_EXC_NOT_IMPLEMENTED_ERROR, 1);
    expect_error(s, "x = 1j\n", 7, PY_EXC_NOT_IMPLEMENTED_ERROR, 1);
    assert_string_equal(py_state_error(s)->message, "complex numbers are not supported (line 1)");
}

/* One-line sources take the lexer's fast path; the same line followed by a newline takes the
 * general one. The two token streams must agree token for token (the ENDMARKER of the second sits
 * one byte later), and sources the fast path declines must still lex or fail the same way. */
static void test_fast_path_agrees(void **state) {
    py_state *s = *state;
    static const char *const lines[] = {
        "2 + 3",
        "x=1",
        "f(a, b)[0]",
        "not a and b or c",
        "a not in b",
        "x if y else z",
        "(1)+[2]*{3}",
        "a ** -b // c % d",
        "x <= y >= z != w == v",
        "a += 1",
        "s.upper()",
        "x := 1",
        "a -> b",
        "a << 2",
        "a @ b",
        "~a",
        "...",
        "True None False",
        "class_ import_x lambda_",
        "def f(x): return x",
        "for i in range(10): pass",
        "while x: break",
        "global g",
        "abc123 _x __y__",
        "0",
        "9007199254740993",
        "x.y.z",
        "a , b ;c",
        "f(g(h(i(j(k(l(m(n(o(p(q(r(s(t(u(v(w)))))))))))))))))",
        "[[[]]]",
        "else elif continue async await yield",
        "x   =   y  ",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char with_nl[128];
        size_t n1, n2, len = strlen(lines[i]);
        snprintf(with_nl, sizeof with_nl, "%s\n", lines[i]);
        assert_int_equal(py_lex(s, lines[i], len), PY_OK);
        py_token fast[64];
        const py_token *t = py_tokens(s, &n1);
        assert_true(n1 <= 64);
        memcpy(fast, t, n1 * sizeof *t);
        assert_int_equal(py_lex(s, with_nl, len + 1), PY_OK);
        t = py_tokens(s, &n2);
        assert_int_equal(n1, n2);
        for (size_t k = 0; k < n1; k++) {
            assert_int_equal(fast[k].kind, t[k].kind);
            assert_int_equal(fast[k].line + (k + 1 == n1),
                             t[k].line); /* ENDMARKER: after the newline */
            assert_int_equal(fast[k].start + (k + 1 == n1), t[k].start);
            assert_int_equal(fast[k].len, t[k].len);
        }
    }
    assert_string_equal(tokens(s, "x.5"), "NAME(x) FLOAT(.5) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "0x1f + 00"), "INT(0x1f) + INT(00) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "r'a' + u\"b\""),
                        "STRING(r'a') + STRING(u\"b\") NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, "1e5"), "FLOAT(1e5) NEWLINE ENDMARKER");
    assert_string_equal(tokens(s, " "), "ENDMARKER");
    assert_string_equal(tokens(s, ""), "ENDMARKER");
    expect_error(s, "(]", 2, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "((", 2, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "a ! b", 5, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "a\0b", 3, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "012", 3, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "1_", 2, PY_EXC_SYNTAX_ERROR, 1);
    expect_error(s, "f'x'", 4, PY_EXC_NOT_IMPLEMENTED_ERROR, 1);
    assert_string_equal(tokens(s, " x"), "INDENT NAME(x) NEWLINE DEDENT ENDMARKER");
}

static void test_deep_input(void **state) {
    py_state *s = *state;
    size_t n = 100000;
    char *src = malloc(n + 2);
    memset(src, '(', n);
    src[n] = '\n';
    expect_error(s, src, n + 1, PY_EXC_SYNTAX_ERROR, 1);
    assert_string_equal(py_state_error(s)->message, "too many nested parentheses");
    /* 150 levels of indentation */
    size_t len = 0;
    char *deep = malloc(200 * 160);
    for (int i = 0; i < 150; i++)
        len += (size_t)sprintf(deep + len, "%*sif 1:\n", i, "");
    len += (size_t)sprintf(deep + len, "%*spass\n", 150, "");
    expect_error(s, deep, len, PY_EXC_INDENTATION_ERROR, 101);
    assert_string_equal(py_state_error(s)->message, "too many levels of indentation");
    free(deep);
    free(src);
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
        cmocka_unit_test(test_expression),  cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_indentation), cmocka_unit_test(test_line_joining),
        cmocka_unit_test(test_lines),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_deep_input),  cmocka_unit_test(test_fast_path_agrees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
