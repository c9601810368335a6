/* parser.h: the parser's private interface shared by parser.c (statements) and parser_expr.c
 * (expressions): the cursor over the token array and the helpers both halves use. Only those
 * two files include it. */
#ifndef PY_PARSER_H
#define PY_PARSER_H

#include <string.h>

#include "ast.h"

typedef struct parser {
    py_state *s;
    const py_token *t;   /* the token array (ENDMARKER last) */
    const py_token *cur; /* the current token */
    int depth;
} parser;

static inline const py_token *tok(parser *p) { return p->cur; }
static inline uint32_t kind(parser *p) { return p->cur->kind; }
static inline uint32_t peek_kind(parser *p) {
    return p->cur->kind == PY_TOK_ENDMARKER ? PY_TOK_ENDMARKER : p->cur[1].kind;
}
static inline int line(parser *p) { return (int)p->cur->line; }
static inline void advance(parser *p) {
    if (p->cur->kind != PY_TOK_ENDMARKER)
        p->cur++;
}

/* Error helpers: each raises in p->s and returns NULL (py_parse_expect: false). */
void *py_parse_syntax(parser *p, const char *msg);
void *py_parse_notimpl(parser *p, int ln, const char *what);
/* Names the construct an unexpected current token starts, or reports invalid syntax. */
void *py_parse_unexpected(parser *p);
void *py_parse_oom(parser *p);
/* Consumes a token of kind k or raises the error CPython gives there. */
bool py_parse_expect(parser *p, uint32_t k);

/* Pushes item on the state's scratch stack (false after raising MemoryError). */
static inline bool py_parse_push(parser *p, void *item) {
    py_state *s = p->s;
    if (UNLIKELY(s->nscratch == s->capscratch) &&
        !py_grow(s, (void **)&s->scratch, &s->capscratch, s->nscratch, sizeof(void *)))
        return py_parse_oom(p), false;
    s->scratch[s->nscratch++] = item;
    return true;
}

/* Moves scratch[base..] into an arena array and pops them; *n receives the count. */
static inline void **py_parse_collect(parser *p, size_t base, uint32_t *n) {
    py_state *s = p->s;
    size_t count = s->nscratch - base;
    void **arr = py_arena_get(s, (count ? count : 1) * sizeof(void *));
    if (!arr)
        return py_parse_oom(p);
    for (size_t i = 0; i < count; i++) /* usually a few: no call (and scratch may be NULL) */
        arr[i] = s->scratch[base + i];
    s->nscratch = base;
    *n = (uint32_t)count;
    return arr;
}

/* A zeroed expression node of kind k on line ln, height 1 (NULL after raising MemoryError). */
static inline py_expr *py_parse_new_expr(parser *p, int k, int ln) {
    py_expr *e = py_arena_get(p->s, sizeof *e);
    if (!e)
        return py_parse_oom(p);
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)k;
    e->line = (uint32_t)ln;
    e->height = 1;
    return e;
}

/* The interned name of the current NAME token, consumed (NULL after raising MemoryError). */
static inline py_str *py_parse_name(parser *p) {
    const py_token *t = tok(p);
    const char *text = p->s->src + t->start;
    uint32_t h;
    py_str *n = py_intern_find(p->s, text, t->len, &h);
    if (!n && !(n = py_intern(p->s, text, t->len)))
        return py_parse_oom(p);
    advance(p);
    return n;
}
/* Can a token of kind k start an expression (unsupported ones included, to be named)? */
bool py_parse_starts_expr(uint32_t k);
/* One expression (conditional expressions included) / a comma list of them as an E_TUPLE. */
py_expr *py_parse_expr(parser *p);
py_expr *py_parse_exprlist(parser *p);
/* The fast path: a program that is one line of + - * / // % on number and name operands, parsed
 * from the first token; NULL for any other shape or on an error (see parser_expr.c). */
py_expr *py_parse_simple_line(parser *p);

#endif
