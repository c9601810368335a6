/* test_py_lexer.c: stage 1 (py_lex) token streams and lexical errors, exact expectations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

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

/* lexer.c's general tokenizer alone and lexer_plain.c's fast path alone (libpy internals). */
py_status py_lex_general(py_state *s, const char *src, size_t len);
bool py_lex_plain(py_state *s, const char *src, size_t len);

/* py_lex (fast path first) and the general tokenizer agree on src: same status, and the same
 * tokens or the same error. Returns whether the fast path alone accepts src. */
static bool agree(py_state *s, const char *src, size_t len) {
    static py_token first[1 << 16];
    size_t n1, n2;
    py_status st1 = py_lex(s, src, len);
    const py_token *t = py_tokens(s, &n1);
    assert_true(n1 <= sizeof first / sizeof first[0]);
    memcpy(first, t, n1 * sizeof *t);
    py_error e1 = *py_state_error(s);
    py_status st2 = py_lex_general(s, src, len);
    t = py_tokens(s, &n2);
    if (st1 != st2)
        fail_msg("status %d vs %d on %.60s", st1, st2, src);
    if (st1 == PY_OK) {
        assert_int_equal(n1, n2);
        for (size_t k = 0; k < n1; k++)
            if (memcmp(&first[k], &t[k], sizeof *t) != 0)
                fail_msg("token %zu differs (%u %u %u %u vs %u %u %u %u) on %.60s", k,
                         first[k].kind, first[k].line, first[k].start, first[k].len, t[k].kind,
                         t[k].line, t[k].start, t[k].len, src);
    } else {
        assert_int_equal(e1.kind, py_state_error(s)->kind);
        assert_int_equal(e1.line, py_state_error(s)->line);
        assert_string_equal(e1.message, py_state_error(s)->message);
    }
    return py_lex_plain(s, src, len);
}

/* The fast path (lexer_plain.c) and the general tokenizer give the same tokens, and sources the
 * fast path declines still lex or fail the same way. Each line is tried alone, with a newline,
 * and indented under an `if`; the multi-line sources cover indentation, blank and comment lines
 * and line breaks inside brackets. */
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
        char buf[256];
        size_t len = strlen(lines[i]);
        agree(s, lines[i], len);
        snprintf(buf, sizeof buf, "%s\n", lines[i]);
        agree(s, buf, len + 1);
        snprintf(buf, sizeof buf, "if 1:\n    %s\nx\n", lines[i]);
        agree(s, buf, strlen(buf));
    }
    static const char *const programs[] = {
        "",
        "\n",
        " ",
        "x",
        "x\n",
        "  x",
        "\n\nx\n\n",
        "# only\n",
        "x # c",
        "x # c\n# d",
        "if a:\n  b\n",
        "if a:\n  b\nc",
        "if a:\n    if b:\n        c\n",
        "if a:\n    b\n  c\n",
        "if a:\n    b\n\n    # c\n      \n    d\ne\n",
        "f(a,\n  b)\n",
        "x = [1,\n\n  # c\n 2]\n",
        "(\n",
        "x\n  ",
        "if a:\n\tb\n",
        "x\r\ny\n",
        "a\\\nb\n",
        "\xEF\xBB\xBFx\n",
        "\xC3\xA9\n",
        "x = 'a'\n",
        "'a\\'b'\n",
        "''\n",
        "'''x'''\n",
        "'a\\\nb'\n",
        "'open\n",
        "'\xC3\xA9'\n",
        "b'x'\n",
        "f'x'\n",
        "'a' 'b'\n",
        "1'a'\n",
        "1.5\n",
        ".5\n",
        "x.5\n",
        "1if 1 else 2\n",
        "0\n00\n",
        "01\n",
        "1_0\n",
        "0x1F\n",
        "r'x'\n",
        "a ! b\n",
        "a $ b\n",
        "(]\n",
        ")\n",
        "a\n\n\n  \n",
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nfib(15)\n",
    };
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        agree(s, programs[i], strlen(programs[i]));
    /* too deep for either: nesting and indentation limits */
    static char deep[120 * 130];
    size_t len = 0;
    for (int i = 0; i < 110; i++)
        len += (size_t)sprintf(deep + len, "%*sif 1:\n", i, "");
    agree(s, deep, len);
    memset(deep, '(', 250);
    agree(s, deep, 250);
    /* plain code stays on the fast path: the stage benchmarks' fib15 and loop1000 sources */
    assert_true(agree(s, "2 + 3", 5));
    assert_true(agree(s, programs[sizeof programs / sizeof programs[0] - 1],
                      strlen(programs[sizeof programs / sizeof programs[0] - 1])));
    const char *loop = "i = 0\ns = 0\nwhile i < 1000:\n    s = s + i\n    i = i + 1\ns\n";
    assert_true(agree(s, loop, strlen(loop)));
    assert_true(agree(s, "print('a', \"b\\\"c\", '')\n", 23));
    assert_false(py_lex_plain(s, "x = 1.5\n", 8));
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

/* Every conformance program lexes the same both ways; most take the fast path. */
static void test_corpus_agrees(void **state) {
    py_state *s = *state;
    DIR *d = opendir("tests/conformance");
    assert_non_null(d);
    struct dirent *e;
    int files = 0, plain = 0;
    static char src[1 << 20];
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/conformance/%s", e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t len = fread(src, 1, sizeof src, f);
        fclose(f);
        files++;
        plain += agree(s, src, len);
    }
    closedir(d);
    assert_true(files >= 100);
    assert_true(plain * 3 >= files); /* a third or more of the corpus is plain code */
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
        cmocka_unit_test(test_expression),    cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_indentation),   cmocka_unit_test(test_line_joining),
        cmocka_unit_test(test_lines),         cmocka_unit_test(test_errors),
        cmocka_unit_test(test_deep_input),    cmocka_unit_test(test_fast_path_agrees),
        cmocka_unit_test(test_corpus_agrees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
