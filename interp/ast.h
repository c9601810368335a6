/* ast.h: the abstract syntax tree built by the parser in the state's arena (nodes are never freed
 * one by one; py_arena_reset drops them all). Private to interp/. */
#ifndef PY_AST_H
#define PY_AST_H

#include "internal.h"

typedef enum {
    E_INT,
    E_FLOAT,
    E_STR,
    E_BOOL,
    E_NONE,
    E_NAME,
    E_BINOP,
    E_UNARY,
    E_AND,
    E_OR,
    E_COMPARE,
    E_IFEXP,
    E_CALL,
    E_METHOD,
    E_INDEX,
    E_LIST,
    E_TUPLE
} py_expr_kind;

typedef struct py_expr py_expr;
struct py_expr {
    uint8_t kind; /* py_expr_kind */
    uint8_t op;   /* PY_OP_*, PY_UN_* */
    uint32_t line;
    uint32_t height; /* 1 + the tallest child: bounds the compiler's recursion */
    union {
        int64_t i; /* E_INT, E_BOOL */
        double f;  /* E_FLOAT */
        struct {
            const char *data;
            uint32_t len;
        } str;        /* E_STR, decoded UTF-8 */
        py_str *name; /* E_NAME */
        struct {
            py_expr *l, *r;
        } bin;            /* E_BINOP, E_AND, E_OR */
        py_expr *operand; /* E_UNARY */
        struct {
            py_expr **items;
            uint8_t *ops;
            uint32_t n;
        } cmp; /* n ops, n+1 items */
        struct {
            py_expr *cond, *then, *orelse;
        } ifx; /* E_IFEXP */
        struct {
            py_expr *fn;
            py_expr **args;
            uint32_t n;
            py_str *method;
        } call; /* E_CALL, E_METHOD */
        struct {
            py_expr *obj, *index;
        } index; /* E_INDEX */
        struct {
            py_expr **items;
            uint32_t n;
        } list; /* E_LIST, E_TUPLE */
    } u;
};

typedef enum {
    S_EXPR,
    S_ASSIGN,
    S_AUG,
    S_IF,
    S_WHILE,
    S_FOR,
    S_BREAK,
    S_CONTINUE,
    S_PASS,
    S_DEF,
    S_RETURN,
    S_GLOBAL
} py_stmt_kind;

typedef struct py_stmt py_stmt;
typedef struct py_block {
    py_stmt **items;
    uint32_t n;
} py_block;

struct py_stmt {
    uint8_t kind; /* py_stmt_kind */
    uint8_t op;   /* S_AUG: PY_OP_* */
    uint32_t line;
    union {
        py_expr *expr; /* S_EXPR, S_RETURN */
        struct {
            py_expr **targets;
            uint32_t n;
            py_expr *value;
        } assign; /* a = b = value */
        struct {
            py_expr *target, *value;
        } aug;
        struct {
            py_expr *cond;
            py_block body, orelse;
        } cond; /* S_IF, S_WHILE */
        struct {
            py_expr *target, *iter;
            py_block body;
        } loop; /* S_FOR */
        struct {
            py_str *name;
            py_str **params;
            uint32_t nparams;
            py_block body;
        } def;
        struct {
            py_str **names;
            uint32_t n;
        } global;
    } u;
};

/* CPython's rule that `global x` comes before any use of or assignment to x in its scope:
 * walks body (one scope; nested function bodies are not entered) in order and raises
 * SyntaxError naming the first offending name and the global statement's line (scope.c). */
py_status py_check_global_order(py_state *s, const py_block *body);

#endif
