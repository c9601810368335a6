/* test_py_dis.c: stage 3 (py_compile) pinned through py_dis listings, the text `minipy --dis`
 * prints: constant folding, fused compare-and-jumps, slots for locals and globals, range loops. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "py.h"

/* A fresh state each time: global slot numbers depend on the names a state has seen. */
static void expect_dis(py_state *unused, const char *src, const char *want) {
    const char *text;
    size_t len;
    (void)unused;
    py_state *s = py_state_new();
    assert_int_equal(py_lex(s, src, strlen(src)), PY_OK);
    assert_int_equal(py_parse(s), PY_OK);
    assert_int_equal(py_compile(s), PY_OK);
    assert_int_equal(py_dis(s, &text, &len), PY_OK);
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
    py_state_free(s);
}

static void test_two_plus_three(void **state) {
    expect_dis(*state, "2 + 3",
               "Disassembly of <module>:\n"
               "   1      0 LOAD_CONST            0 (5)\n"
               "          1 RETURN_VALUE\n");
}

static void test_fib(void **state) {
    expect_dis(
        *state,
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nprint(fib(27))",
        "Disassembly of <module>:\n"
        "   1      0 LOAD_CONST            0 (<code fib>)\n"
        "          1 STORE_FAST            12 (fib)\n"
        "   5      2 LOAD_FAST             0 (print)\n"
        "          3 LOAD_FAST             12 (fib)\n"
        "          4 LOAD_CONST            1 (27)\n"
        "          5 CALL                  1\n"
        "          6 CALL                  1\n"
        "          7 RETURN_VALUE\n"
        "\n"
        "Disassembly of fib(n):\n"
        "   2      0 JUMP_IF_NOT_LT_LK     (n < 2)\n"
        "          1 DATA                  4 (to 4)\n"
        "   3      2 LOAD_FAST             0 (n)\n"
        "          3 RETURN_VALUE\n"
        "   4      4 LOAD_GLOBAL           12 (fib)\n"
        "          5 SUB_PUSH_LK           (n - 1)\n"
        "          6 CALL                  1\n"
        "          7 LOAD_GLOBAL           12 (fib)\n"
        "          8 SUB_PUSH_LK           (n - 2)\n"
        "          9 CALL                  1\n"
        "         10 BINARY_ADD\n"
        "         11 RETURN_VALUE\n"
        "   1     12 RETURN_NONE\n");
}

static void test_loops(void **state) {
    expect_dis(
        *state,
        "xs = []\nfor c in \"ab\":\n    if c in xs or not c:\n        continue\n    xs.append(c)\ni = 0\nwhile i < 3 and xs:\n    i += 1\na, b = xs",
        "Disassembly of <module>:\n"
        "   1      0 BUILD_LIST            0\n"
        "          1 STORE_FAST            12 (xs)\n"
        "   2      2 LOAD_CONST            0 ('ab')\n"
        "          3 GET_ITER\n"
        "          4 FOR_ITER              18 (to 18)\n"
        "          5 STORE_FAST            13 (c)\n"
        "   3      6 LOAD_FAST             13 (c)\n"
        "          7 LOAD_FAST             12 (xs)\n"
        "          8 COMPARE_OP            6 (in)\n"
        "          9 POP_JUMP_IF_TRUE      12 (to 12)\n"
        "         10 LOAD_FAST             13 (c)\n"
        "         11 POP_JUMP_IF_TRUE      13 (to 13)\n"
        "   4     12 JUMP_BACK             4 (to 4)\n"
        "   5     13 LOAD_FAST             12 (xs)\n"
        "         14 LOAD_FAST             13 (c)\n"
        "         15 CALL_METHOD           1 (.append, 1 args)\n"
        "         16 POP_TOP\n"
        "   2     17 JUMP_BACK             4 (to 4)\n"
        "   6     18 LOAD_CONST            2 (0)\n"
        "         19 STORE_FAST            14 (i)\n"
        "   7     20 JUMP_IF_NOT_LT_LK     (i < 3)\n"
        "         21 DATA                  26 (to 26)\n"
        "         22 LOAD_FAST             12 (xs)\n"
        "         23 POP_JUMP_IF_FALSE     26 (to 26)\n"
        "   8     24 ADD_SELF_LK           (i += 1)\n"
        "   7     25 JUMP_BACK             20 (to 20)\n"
        "   9     26 LOAD_FAST             12 (xs)\n"
        "         27 UNPACK_SEQUENCE       2\n"
        "         28 STORE_FAST            15 (a)\n"
        "         29 STORE_FAST            16 (b)\n"
        "         30 RETURN_NONE\n");
}

static void test_range_loop(void **state) {
    expect_dis(
        *state,
        "def total(n):\n    s = 0\n    for i in range(1, n, 2):\n        s += i\n        if s > 100:\n            break\n    return s\ntotal(10)",
        "Disassembly of <module>:\n"
        "   1      0 LOAD_CONST            0 (<code total>)\n"
        "          1 STORE_FAST            12 (total)\n"
        "   8      2 LOAD_FAST             12 (total)\n"
        "          3 LOAD_CONST            1 (10)\n"
        "          4 CALL                  1\n"
        "          5 RETURN_VALUE\n"
        "\n"
        "Disassembly of total(n):\n"
        "   2      0 LOAD_CONST            0 (0)\n"
        "          1 STORE_FAST            1 (s)\n"
        "   3      2 LOAD_CONST            1 (1)\n"
        "          3 LOAD_FAST             0 (n)\n"
        "          4 LOAD_CONST            2 (2)\n"
        "          5 RANGE_INIT            3\n"
        "          6 FOR_RANGE             16 (to 16)\n"
        "          7 STORE_FAST            2 (i)\n"
        "   4      8 ADD_SELF_LL           (s += i)\n"
        "   5      9 JUMP_IF_NOT_GT_LK     (s > 100)\n"
        "         10 DATA                  15 (to 15)\n"
        "   6     11 POP_TOP\n"
        "         12 POP_TOP\n"
        "         13 POP_TOP\n"
        "         14 JUMP                  16 (to 16)\n"
        "   3     15 JUMP_BACK             6 (to 6)\n"
        "   7     16 LOAD_FAST             1 (s)\n"
        "         17 RETURN_VALUE\n"
        "   1     18 RETURN_NONE\n");
}

/* A while loop whose test is one fused compare is inverted: tested once above the body, then
 * by LOOP_IF at the bottom; continue jumps forward to that bottom test. */
static void test_while_inverted(void **state) {
    expect_dis(
        *state,
        "def f(limit):\n    i = 0\n    n = 0\n    while i < limit:\n        i += 1\n        if i == 3:\n            continue\n        if i > 7:\n            break\n        n = n + i\n    return n",
        "Disassembly of <module>:\n"
        "   1      0 LOAD_CONST            0 (<code f>)\n"
        "          1 STORE_FAST            12 (f)\n"
        "          2 RETURN_NONE\n"
        "\n"
        "Disassembly of f(limit):\n"
        "   2      0 LOAD_CONST            0 (0)\n"
        "          1 STORE_FAST            1 (i)\n"
        "   3      2 LOAD_CONST            0 (0)\n"
        "          3 STORE_FAST            2 (n)\n"
        "   4      4 JUMP_IF_NOT_LT_LL     (i < limit)\n"
        "          5 DATA                  16 (to 16)\n"
        "   5      6 ADD_SELF_LK           (i += 1)\n"
        "   6      7 JUMP_IF_NOT_EQ_LK     (i == 3)\n"
        "          8 DATA                  10 (to 10)\n"
        "   7      9 JUMP                  14 (to 14)\n"
        "   8     10 JUMP_IF_NOT_GT_LK     (i > 7)\n"
        "         11 DATA                  13 (to 13)\n"
        "   9     12 JUMP                  16 (to 16)\n"
        "  10     13 ADD_SELF_LL           (n = n + i)\n"
        "   4     14 LOOP_IF_LT_LL         (i < limit)\n"
        "         15 DATA                  6 (to 6)\n"
        "  11     16 LOAD_FAST             2 (n)\n"
        "         17 RETURN_VALUE\n"
        "   1     18 RETURN_NONE\n");
}

/* The fused variants: _LL for two slots, _LK for a slot and an int constant, _SELF when the
 * result overwrites the left operand, the generic form for anything else. */
static void test_fused_variants(void **state) {
    expect_dis(*state,
               "def f(a, b):\n    t = a + b\n    u = a * 2\n    v = 2 - a\n    w = a + 1.5\n"
               "    a = a - b\n",
               "Disassembly of <module>:\n"
               "   1      0 LOAD_CONST            0 (<code f>)\n"
               "          1 STORE_FAST            12 (f)\n"
               "          2 RETURN_NONE\n"
               "\n"
               "Disassembly of f(a, b):\n"
               "   2      0 ADD_STORE_LL          (t = a + b)\n"
               "   3      1 MUL_STORE_LK          (u = a * 2)\n"
               "   4      2 SUB_STORE             (v = 2 - a)\n"
               "   5      3 ADD_STORE             (w = a + 1.5)\n"
               "   6      4 SUB_SELF_LL           (a = a - b)\n"
               "   1      5 RETURN_NONE\n");
}

static void test_chain(void **state) {
    expect_dis(*state, "x = 5\nprint(1 < x < 10, 'y' if x else 'n')",
               "Disassembly of <module>:\n"
               "   1      0 LOAD_CONST            0 (5)\n"
               "          1 STORE_FAST            12 (x)\n"
               "   2      2 LOAD_FAST             0 (print)\n"
               "          3 LOAD_CONST            1 (1)\n"
               "          4 LOAD_FAST             12 (x)\n"
               "          5 DUP_TOP\n"
               "          6 ROT_THREE\n"
               "          7 COMPARE_OP            2 (<)\n"
               "          8 JUMP_IF_FALSE_OR_POP  12 (to 12)\n"
               "          9 LOAD_CONST            2 (10)\n"
               "         10 COMPARE_OP            2 (<)\n"
               "         11 JUMP                  14 (to 14)\n"
               "         12 ROT_TWO\n"
               "         13 POP_TOP\n"
               "         14 LOAD_FAST             12 (x)\n"
               "         15 POP_JUMP_IF_FALSE     18 (to 18)\n"
               "         16 LOAD_CONST            3 ('y')\n"
               "         17 JUMP                  19 (to 19)\n"
               "         18 LOAD_CONST            4 ('n')\n"
               "         19 CALL                  2\n"
               "         20 RETURN_VALUE\n");
}

static void test_compile_errors(void **state) {
    py_state *s = *state;
    static const struct {
        const char *src;
        py_exc kind;
        const char *msg;
    } cases[] = {
        {"return 1", PY_EXC_SYNTAX_ERROR, "'return' outside function"},
        {"break", PY_EXC_SYNTAX_ERROR, "'break' outside loop"},
        {"if 1:\n    continue", PY_EXC_SYNTAX_ERROR, "'continue' not properly in loop"},
        {"def f():\n    def g(): pass", PY_EXC_NOT_IMPLEMENTED_ERROR,
         "nested function definitions are not supported (line 2)"},
        {"def f(a):\n    global a", PY_EXC_SYNTAX_ERROR, "name 'a' is parameter and global"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        py_state_reset(s);
        assert_int_equal(py_lex(s, cases[i].src, strlen(cases[i].src)), PY_OK);
        assert_int_equal(py_parse(s), PY_OK);
        assert_int_equal(py_compile(s), PY_ERROR);
        assert_int_equal(py_state_error(s)->kind, cases[i].kind);
        assert_string_equal(py_state_error(s)->message, cases[i].msg);
    }
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
        cmocka_unit_test(test_two_plus_three), cmocka_unit_test(test_fib),
        cmocka_unit_test(test_loops),          cmocka_unit_test(test_range_loop),
        cmocka_unit_test(test_while_inverted), cmocka_unit_test(test_fused_variants),
        cmocka_unit_test(test_chain),          cmocka_unit_test(test_compile_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
